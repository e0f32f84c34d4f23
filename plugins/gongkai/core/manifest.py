"""The manifest of a finished build (build.json): every file's size, time and sha256, written last
so that its presence means the build is complete. The build writes it, a rebuild reuses files it
vouches for, and deploy checks an output folder against it."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

from . import jsonout, outputfs

MANIFEST = "build.json"


def _files(output: Path, skip: frozenset = frozenset()) -> list[tuple[str, str]]:
    """(relative path, path) of every file and symlink, sorted; symlinked folders are listed, not
    entered; top-level folders named in `skip` are left out. (Plain strings and os.scandir: a
    build has tens of thousands of files.)"""
    found = []
    pending = [("", str(output))]
    while pending:
        prefix, folder = pending.pop()
        with os.scandir(folder) as entries:
            for entry in entries:
                rel = prefix + entry.name
                if entry.is_dir(follow_symlinks=False):
                    if not (prefix == "" and entry.name in skip):
                        pending.append((rel + "/", entry.path))
                else:
                    found.append((rel, entry.path))
    found.sort()
    return found


def hash_files(output: Path, known: dict | None = None, visit=None, skip: frozenset = frozenset()) -> dict:
    """{path: (size, mtime_ns, sha256)} of every file; a file in `known` whose size and mtime are
    unchanged is not read again (so most of a build can be hashed while its search index is made).
    visit(path, data), if given, sees the bytes of every file read (the link check uses them);
    top-level folders named in `skip` are left out."""
    known = known or {}
    hashes = {}
    for rel, path in _files(output, skip):
        if rel == MANIFEST:
            continue
        stat = os.stat(path)
        previous = known.get(rel)
        if previous and previous[:2] == (stat.st_size, stat.st_mtime_ns):
            hashes[rel] = previous
        else:
            with open(path, "rb") as handle:
                data = handle.read()
            hashes[rel] = _entry(stat, data)
            if visit is not None:
                visit(rel, data)
    return hashes


def write_manifest(output: Path, info: dict, known: dict | None = None) -> Path:
    """Record every file of a finished build with its sha256 (written last, so its presence means complete)."""
    files = {rel: value[2] for rel, value in hash_files(output, known).items()}
    manifest = dict(info, files=files)
    target = output / MANIFEST
    outputfs.write_text(target, jsonout.dumps(manifest, 1) + "\n")
    return target


def file_entry(path: Path) -> tuple:
    """One file's manifest entry: (size, mtime_ns, sha256)."""
    return _entry(path.stat(), path.read_bytes())


def _entry(stat: os.stat_result, data: bytes) -> tuple:
    return (stat.st_size, stat.st_mtime_ns, hashlib.sha256(data).hexdigest())
