"""The fast path of the editor's check: a file's check result reused while what it read is unchanged.

`site.load_site(..., reuse=Reuse())` asks this cache for every disclosure item and every dataset
folder. It answers from memory when the file (for an item, also each attachment it names; for a
dataset, every file of its folder) has the inode, size and modification time it had when it was
checked, under the same schema, vocabularies and build date; otherwise it calls the real check,
which it is handed. The checks across the catalogue (unique 索引号, references, links) always run
whole. The slow twin is no reuse at all (`gongkai edit --full-check`); a test proves both find
the same problems.
"""

from __future__ import annotations

import hashlib
import json
import os
import threading
from stat import S_ISDIR, S_ISLNK
from pathlib import Path, PurePosixPath

from ..fastpath import parallel
from ..model.attachment import ATTACHMENTS_DIR
from ..model.disclosure import PARALLEL_FROM


def _digest(context) -> str:
    return hashlib.sha256(json.dumps(context, sort_keys=True, default=str, ensure_ascii=False).encode()).hexdigest()


def _signature(path: Path) -> tuple | None:
    """What tells a rewritten file apart (a hard-link copy keeps it; our writes make new inodes).
    A folder is only a folder (the scratch copy makes new ones); a link is its target."""
    try:
        stat = os.lstat(path)
    except FileNotFoundError:
        return None
    if S_ISDIR(stat.st_mode):
        return ("folder",)
    if S_ISLNK(stat.st_mode):
        return ("link", os.readlink(path))
    return (stat.st_mode, stat.st_ino, stat.st_size, stat.st_mtime_ns)


def _attachment_signature(root: Path, file: str) -> tuple:
    """Every step of the way to an attachment: a folder swapped for a link shows up too."""
    current = root / ATTACHMENTS_DIR
    steps = [_signature(current)]
    for part in PurePosixPath(file).parts:
        current = current / part
        steps.append(_signature(current))
    return tuple(steps)


def _folder_signature(folder: Path) -> tuple:
    entries = [("", _signature(folder))]
    if os.path.isdir(folder) and not os.path.islink(folder):
        for current, dirs, files in os.walk(folder):
            dirs.sort()
            for name in sorted(dirs + files):
                path = os.path.join(current, name)
                entries.append((os.path.relpath(path, folder), _signature(Path(path))))
    return tuple(entries)


VERSIONS = 2  # results kept per file


class Reuse:
    def __init__(self):
        self._lock = threading.Lock()
        # rel -> [(context, signature, attachments, result)]: the file as in the repository and as
        # last proposed, so checking a proposal does not evict the repository's version.
        self._items: dict[str, list] = {}
        self._datasets: dict[str, tuple] = {}  # folder name -> (context, signature, result)
        self.hits = self.misses = 0

    def check_items(self, found: list, check_one, context) -> list:
        """[(problems, item, where)] for every (path, rel), in order, like the full check."""
        key = _digest(context)
        results: list = [None] * len(found)
        missing = []
        with self._lock:
            for index, (path, rel) in enumerate(found):
                root = Path(str(path)[: -len(rel)])
                signature = _signature(path)
                cached = next((entry for entry in self._items.get(rel, ()) if entry[:2] == (key, signature)
                               and all(_attachment_signature(root, file) == mark for file, mark in entry[2])), None)
                if cached is not None:
                    results[index] = cached[3]
                else:
                    missing.append(index)
        self.hits += len(found) - len(missing)
        self.misses += len(missing)
        # a cold cache: every core, as the full check does
        for index, answer in zip(missing, parallel.map_many(lambda i: check_one(*found[i]), missing, PARALLEL_FROM)):
            results[index] = answer
        with self._lock:
            for index in missing:
                path, rel = found[index]
                problems, item = results[index][:2]
                if item is None:  # a broken file is checked again every time: there are few
                    continue
                root = Path(str(path)[: -len(rel)])
                attachments = tuple((a.file, _attachment_signature(root, a.file)) for a in item.attachments)
                versions = self._items.setdefault(rel, [])
                versions.append((key, _signature(path), attachments, results[index]))
                del versions[:-VERSIONS]
        return results

    def load_dataset(self, folder: Path, load_one, context) -> tuple:
        """(dataset or None, problems) of one dataset folder."""
        key, signature = _digest(context), _folder_signature(folder)
        with self._lock:
            cached = self._datasets.get(folder.name)
        if cached is not None and cached[:2] == (key, signature):
            self.hits += 1
            return cached[2]
        self.misses += 1
        result = load_one(folder)
        with self._lock:
            self._datasets[folder.name] = (key, signature, result)
        return result
