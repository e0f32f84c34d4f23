"""A place in a descriptor: a file, its YAML document and a key-path prefix (for line and column)."""

from __future__ import annotations

from ..core import yamlstrict


class Place:
    """A file and the YAML document in it, with a key-path prefix (for schemas inline or in files)."""

    def __init__(self, rel: str, doc: yamlstrict.YamlDoc, prefix: tuple = ()):
        self.rel, self.doc, self.prefix = rel, doc, prefix

    def where(self, *keypath) -> tuple[int, int]:
        return self.doc.where(*self.prefix, *keypath)

    def sub(self, *keypath) -> "Place":
        return Place(self.rel, self.doc, self.prefix + keypath)
