"""Pelican's writer, with every page written as a new file renamed into place (outputfs)."""

from __future__ import annotations

from pathlib import Path

from pelican.writers import FileOverwriteFailedError, Writer

from ...core import outputfs


class NewFileWriter(Writer):
    """Writes like Pelican's Writer, but never opens an existing file: a page of a rebuild is
    created beside its target and renamed over it, so a file linked from the live site (a reused
    download, a reused search bundle) can never be written through."""

    def _open_w(self, filename, encoding, override=False):
        if filename in self._written_files:
            raise FileOverwriteFailedError(f'Failed to overwrite "{filename}": it was written before')
        self._written_files.add(filename)
        return outputfs.new_file(Path(filename), "w", encoding=encoding)
