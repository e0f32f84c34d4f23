"""Writing files of the site being built: always a new file, renamed into place.

A rebuild hard-links unchanged files from the live site into the new one, so writing into an
existing file there would change the live site in place. Every writer therefore creates a fresh
file beside the target (never following a link) and renames it over the target, and every file
name built from content is checked to be one plain segment inside its folder.
"""

from __future__ import annotations

import contextlib
import os
from pathlib import Path
from typing import IO, Iterator

from . import sourcefs


class UnsafeOutputName(ValueError):
    """A file name that is not one plain path segment: the check should have refused it."""


def child(folder: Path, name: str) -> Path:
    """folder/name, where `name` must be one plain segment (no separator, not '.' or '..')."""
    if not name or name in (".", "..") or "/" in name or "\\" in name or "\0" in name:
        raise UnsafeOutputName(f"refusing to write {name!r} under {folder}")
    return folder / name


@contextlib.contextmanager
def new_file(path: Path, mode: str = "wb", **options) -> Iterator[IO]:
    """Open a fresh temporary file beside `path` for writing; on success it replaces `path`
    (a link or file already there is replaced, never written through); on failure it is removed."""
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.parent / f".{path.name}.{os.getpid()}.new"
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW | getattr(os, "O_CLOEXEC", 0)
    with contextlib.suppress(FileNotFoundError):
        os.unlink(temporary)  # left by a killed writer of the same process id
    descriptor = os.open(temporary, flags, 0o644)
    try:
        with os.fdopen(descriptor, mode, **options) as handle:
            yield handle
        os.replace(temporary, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temporary)
        raise


def write_bytes(path: Path, data: bytes) -> None:
    with new_file(path, "wb") as handle:
        handle.write(data)


def write_text(path: Path, text: str) -> None:
    with new_file(path, "w", encoding="utf-8", newline="") as handle:
        handle.write(text)


def copy_file(source: Path, target: Path, *, chunk: int = 1 << 20) -> None:
    """Copy a checked source file (read without following links) into a new target file."""
    with sourcefs.open_binary(source) as reader, new_file(target, "wb") as writer:
        while block := reader.read(chunk):
            writer.write(block)
