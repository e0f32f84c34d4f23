"""The build's fast path of the check: each disclosure file's and each dataset folder's check
result, kept in the build cache and reused while what the check read is the same.

A disclosure file's result is found by the sha256 of the file's bytes, under the same schema,
vocabularies, build date and code (the cache's salt); the item also reads the file-system entries
of the attachments it names (each folder on the way and the file: its type and size), which are
compared as well. A dataset folder's result is found by the bytes of every file in the folder
(names, types and contents; a link by its target), which is all a dataset's loader reads. The
checks across the catalogue (unique 索引号, references, links, attachment scans) always run whole.

The slow twin is no cache at all (`gongkai build --no-cache`); the property test of the build
cache (tests/test_cache_property.py) proves a warm build equals it byte for byte. Values are
pickled into this user's own cache folder, never into the site's tree.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import stat as stat_module
from pathlib import Path, PurePosixPath

from ..core.sourcefs import file_digest
from . import parallel
from .cache import PackCache, digest

KIND = "checked"
# Below this many files to check, one process does it faster than two plus the pickling between them.
PARALLEL_FROM = 500


def entry_state(path: Path) -> tuple | None:
    """What a check reads of a file-system entry without reading the file: its type, its size
    (a file) or its target (a link)."""
    try:
        found = os.lstat(path)
    except OSError:
        return None
    kind = stat_module.S_IFMT(found.st_mode)
    if stat_module.S_ISLNK(found.st_mode):
        return (kind, os.readlink(path))
    return (kind, found.st_size if stat_module.S_ISREG(found.st_mode) else 0)


def attachment_state(attachments: Path, file: str) -> tuple:
    """Every step of the way to an attachment: a folder swapped for a link shows too."""
    current, steps = attachments, [entry_state(attachments)]
    for part in PurePosixPath(file).parts:
        current = current / part
        steps.append(entry_state(current))
    return tuple(steps)


def folder_digest(folder: Path) -> str:
    """sha256 over a folder's entries: names, types, links' targets and files' bytes (a link is
    never followed; a folder swapped for a link, or a file for a folder, changes the digest)."""
    top = str(folder)
    value = hashlib.sha256(repr(entry_state(folder)).encode())
    if os.path.isdir(top) and not os.path.islink(top):
        for current, dirs, files in os.walk(top):
            dirs.sort()
            prefix = current[len(top) + 1:]
            for name in sorted(dirs + files):
                path = os.path.join(current, name)
                state = entry_state(path)
                value.update(f"\0{prefix}/{name}\0{state!r}\0".encode("utf-8", "surrogatepass"))
                if state is not None and stat_module.S_ISREG(state[0]):
                    value.update(file_digest(path) or b"unreadable")
    return value.hexdigest()


class CheckedFiles:
    """Answers `load_site(..., reuse=)` from the build cache (the same interface as the web
    editor's in-memory editor/reuse.py); `save()` keeps the new results (unless `store` is false:
    `gongkai check` reads the cache and writes nothing)."""

    def __init__(self, cache: PackCache, store: bool, attachments_dir: str):
        self.cache, self.store = cache, store
        self.attachments_dir = attachments_dir  # where items' attachments live, relative to the root
        self.stored = cache.load(KIND, tidy=store)
        self.used: dict[str, bytes] = {}
        self.new: dict[str, bytes] = {}  # datasets' results, kept in one pack by save()
        self.new_keys: set[str] = set()  # items' results, already in packs of their own
        self.hits = self.misses = 0

    def _lookup(self, key: str):
        value = self.stored.get(key)
        if value is None:
            return None
        try:
            return pickle.loads(value)
        except Exception:  # a damaged entry is a miss
            return None

    def check_items(self, found: list, check_one, context) -> list:
        """[(problems, item, where, files)] for every (path, rel), in order, as check_one gives."""
        salt = digest(repr(context))
        results: list = [None] * len(found)
        keys: list = [None] * len(found)
        missing = []
        attachments = Path(str(found[0][0])[: -len(found[0][1])]) / self.attachments_dir if found else None
        for index, (path, rel) in enumerate(found):
            digest_of_file = file_digest(path)
            if digest_of_file is None:  # not a regular file: the check itself reports it
                missing.append(index)
                continue
            key = keys[index] = self.cache.key("item", salt, rel, digest_of_file.hex())
            entry = self._lookup(key)
            if entry is not None and all(attachment_state(attachments, file) == state
                                         for file, state in entry[0]):
                results[index] = entry[1]
                self.used[key] = self.stored[key]
            else:
                missing.append(index)
        self.hits += len(found) - len(missing)
        self.misses += len(missing)

        def check_part(part: list) -> list:
            """Each result of the files `part` (indexes into `found`) as a pickle, made where it was
            checked; the ones to keep also go into a pack of this process's own, so no process
            holds every item's pickle (5 KB an item) until the end, nor a part's results twice. The
            build holds only the pickles' copies of its results: pickling a str leaves a UTF-8 copy
            inside it for good."""
            pickles, kept = [], {}
            for index in part:
                answer = check_one(*found[index])
                keep = self.store and keys[index] is not None and answer[1] is not None  # errors: checked again every time
                states = tuple((a.file, attachment_state(attachments, a.file)) for a in answer[1].attachments) if keep else ()
                pickles.append(pickle.dumps((states, answer), protocol=pickle.HIGHEST_PROTOCOL))
                del answer
                if keep:
                    kept[keys[index]] = pickles[-1]
            self.cache.add(KIND, kept)
            return [pickles, sorted(kept)]

        for part, (pickles, kept) in zip(*parallel.map_parts(check_part, missing, PARALLEL_FROM)):
            for position, index in enumerate(part):
                results[index] = pickle.loads(pickles[position])[1]
                pickles[position] = None
            self.new_keys.update(kept)
        return results

    def load_dataset(self, folder: Path, load_one, context) -> tuple:
        """(dataset or None, problems) of one dataset folder."""
        key = self.cache.key("dataset", digest(repr(context)), folder.name, folder_digest(folder))
        entry = self._lookup(key)
        if entry is not None:
            self.hits += 1
            self.used[key] = self.stored[key]
            return entry
        self.misses += 1
        result = load_one(folder)
        if result[0] is not None:
            self.new[key] = pickle.dumps(result, protocol=pickle.HIGHEST_PROTOCOL)
        return result

    def save(self) -> None:
        if not self.store:
            return
        self.cache.add(KIND, self.new)
        if self.cache.crowded(KIND):
            on_disk = self.cache.load(KIND, tidy=False)
            self.cache.tidy(KIND, {**self.used, **self.new, **{key: on_disk[key] for key in self.new_keys if key in on_disk}})
