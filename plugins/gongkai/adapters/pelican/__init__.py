"""Pelican plugin: hands Gongkai's site model to Pelican's writer (see generator.py, writer.py)."""

from pelican import signals

from .generator import GongkaiGenerator
from .writer import NewFileWriter


def get_generators(pelican_object):
    return GongkaiGenerator


def get_writer(pelican_object):
    return NewFileWriter


def register():
    signals.get_generators.connect(get_generators)
    signals.get_writer.connect(get_writer)
