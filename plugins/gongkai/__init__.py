"""Gongkai: a git-native portal for government information disclosure and open data."""

__version__ = "0.1.0"
