"""Diffs already computed, one JSON file per (old blob, new blob, key, reading options, code version).

Git names a file version by the hash of its bytes (the blob id), so the key is derived from exactly
the bytes a diff reads: a rebuild finds every old commit here and diffs only the new ones, and a
rebase or a cherry-pick that keeps the file contents keeps the entries. Entries of other code
versions are dropped; a damaged or concurrently removed entry is a miss.
"""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

from ..fastpath.cache import cache_dir, digest
from .change import TableDiff


class DiffCache:
    def __init__(self, root: Path, salt: str):
        self.salt = salt
        self.base = cache_dir(root) / "history"
        self.folder = self.base / salt[:16]
        self.used: set[str] = set()

    def key(self, *parts) -> str:
        return digest(self.salt, *parts)

    def get(self, key: str) -> TableDiff | None:
        self.used.add(key)
        try:
            return TableDiff.from_json(json.loads((self.folder / f"{key}.json").read_text(encoding="utf-8")))
        except (OSError, ValueError, TypeError):
            return None

    def put(self, key: str, diff: TableDiff) -> None:
        self.used.add(key)
        self.folder.mkdir(parents=True, exist_ok=True)
        path = self.folder / f"{key}.json"
        temporary = self.folder / f".{key}.{os.getpid()}.tmp"
        temporary.write_text(json.dumps(diff.to_json(), ensure_ascii=False, sort_keys=True), encoding="utf-8")
        os.replace(temporary, path)

    def tidy(self, used: set[str]) -> None:
        """Drop the entries of other code versions, and the entries no dataset used in this build."""
        if self.base.is_dir():
            for other in sorted(self.base.iterdir()):
                if other.is_dir() and other != self.folder:
                    shutil.rmtree(other, ignore_errors=True)
        if self.folder.is_dir():
            for entry in sorted(self.folder.iterdir()):
                if entry.suffix == ".json" and entry.stem not in used:
                    entry.unlink(missing_ok=True)
