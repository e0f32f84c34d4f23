"""Pelican plugin: hands Gongkai's site model to Pelican's writer (see generator.py)."""

from pelican import signals

from .generator import GongkaiGenerator


def get_generators(pelican_object):
    return GongkaiGenerator


def register():
    signals.get_generators.connect(get_generators)
