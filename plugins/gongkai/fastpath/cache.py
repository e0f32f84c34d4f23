"""The build cache: values a build computed (rendered Markdown, charts, ...) by a key derived from
the bytes they were computed from, and a hash of the code, theme, schemas and pinned libraries
(the salt), so any change to how output is made invalidates everything.

The cache lives outside the repository (in the user's cache folder, one folder per site), never
in the site's tree: a contributor could commit a cache file whose values would skip the sanitizer.
"""

from __future__ import annotations

import hashlib
import json
import os
import pickle
import shutil
import tempfile
from pathlib import Path

# Everything that shapes the output besides the content itself.
CODE_INPUTS = ("plugins/gongkai", "theme", "schemas", "pelicanconf.py", "publishconf.py", "requirements.lock")


def code_salt(root: Path) -> str:
    """A hash of every file that shapes the output besides the content: the package, the theme,
    the schemas, the settings and the pinned libraries."""
    value = hashlib.sha256()
    package = Path(__file__).resolve().parents[1]  # the whole gongkai package
    for name, source in [(CODE_INPUTS[0], package)] + [(name, root / name) for name in CODE_INPUTS[1:]]:
        files = [source] if source.is_file() else sorted(
            p for p in source.rglob("*") if p.is_file() and "__pycache__" not in p.parts)
        for path in files:
            rel = name if path == source else f"{name}/{path.relative_to(source).as_posix()}"
            value.update(rel.encode() + b"\0" + path.read_bytes() + b"\0")
    return value.hexdigest()


def digest(*parts) -> str:
    value = hashlib.sha256()
    for part in parts:
        value.update(part if isinstance(part, bytes) else str(part).encode("utf-8"))
        value.update(b"\0")
    return value.hexdigest()


def cache_dir(root: Path, environ=None) -> Path:
    """GONGKAI_CACHE_DIR, else $XDG_CACHE_HOME/gongkai/<site> (~/.cache/gongkai/<site>): one folder
    per site checkout, named by a hash of its resolved path."""
    environ = os.environ if environ is None else environ
    if environ.get("GONGKAI_CACHE_DIR"):
        return Path(environ["GONGKAI_CACHE_DIR"])
    base = Path(environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "gongkai"
    return base / hashlib.sha256(str(Path(root).resolve()).encode()).hexdigest()[:16]


class _Hashing:
    """A binary file that also hashes what is written to it."""

    def __init__(self, out):
        self.out, self.value = out, hashlib.sha256()

    def write(self, data) -> int:
        self.value.update(data)
        return self.out.write(data)


class PackCache:
    """Text values by key, kept in a few pack files per kind and code version.

    One file per value would cost more than the rendering it saves: creating 10,000 small files
    right after deleting a previous build takes seconds on ext4. Every writer adds a pack of its
    own (forked workers never share a file). A build that finds packs piling up rewrites the
    values it used into one pack and drops the others; packs of other code versions are dropped."""

    MAX_PACKS = 8

    def __init__(self, root: Path, salt: str):
        self.salt = salt
        self.base = cache_dir(root)

    def _folder(self, kind: str) -> Path:
        return self.base / kind / self.salt[:16]

    def key(self, *parts) -> str:
        return digest(self.salt, *parts)

    def _packs(self, kind: str) -> list[Path]:
        return sorted(self._folder(kind).glob("pack-*.json")) + sorted(self._folder(kind).glob("pack-*.pickle"))

    def load(self, kind: str, *, tidy: bool = True) -> dict[str, str]:
        """Every value of this kind and code version; the other versions' packs are removed
        (unless `tidy` is false: `gongkai check` reads the cache and writes nothing)."""
        if tidy:
            self._drop_other_versions(kind)
        values: dict = {}
        for pack in self._packs(kind):
            try:
                if pack.suffix == ".pickle":
                    # Only this user's own cache folder is ever unpickled (never a file of the site).
                    with open(pack, "rb") as stream:  # not read whole first: a pack may be hundreds of MB
                        found = pickle.load(stream)
                    if isinstance(found, dict):
                        values.update(found)
                else:
                    values.update(json.loads(pack.read_text(encoding="utf-8")))
            except (OSError, ValueError, pickle.UnpicklingError, EOFError, AttributeError, ImportError):
                continue  # removed by a concurrent build, or damaged: its values are misses
        return values

    def _drop_other_versions(self, kind: str) -> None:
        for other in sorted((self.base / kind).glob("*")):
            if other.is_dir() and other != self._folder(kind):
                shutil.rmtree(other, ignore_errors=True)

    def folder(self, kind: str) -> Path:
        """A folder of this code version for a tool that keeps its own files (Jinja's compiled
        templates); the other versions' folders of this kind are removed."""
        self._drop_other_versions(kind)
        folder = self._folder(kind)
        folder.mkdir(parents=True, exist_ok=True)
        return folder

    def add(self, kind: str, values: dict) -> Path | None:
        """A new pack of `values`: text values as JSON, any others (pickled results, tuples of
        text) as a pickle, where a string shared by many values is stored once."""
        if not values:
            return None
        pickled = not all(isinstance(value, str) for value in values.values())
        suffix = "pickle" if pickled else "json"
        folder = self._folder(kind)
        folder.mkdir(parents=True, exist_ok=True)
        handle, name = tempfile.mkstemp(prefix=".pack.", suffix=".tmp", dir=folder)
        temporary = Path(name)
        # Written as it is made: a build's pack of checked items is hundreds of MB at 100,000
        # items, which a bytes object would hold a second time. Named by the digest of its bytes.
        try:
            with os.fdopen(handle, "wb") as out:
                writer = _Hashing(out)
                if pickled:
                    pickle.dump(dict(sorted(values.items())), writer, protocol=pickle.HIGHEST_PROTOCOL)
                else:
                    writer.write(json.dumps(values, ensure_ascii=False, sort_keys=True).encode("utf-8"))
        except BaseException:
            temporary.unlink(missing_ok=True)
            raise
        writer.value.update(b"\0")  # as digest(data)
        path = folder / f"pack-{writer.value.hexdigest()[:16]}.{suffix}"
        os.replace(temporary, path)
        return path

    def crowded(self, kind: str) -> bool:
        """More than MAX_PACKS packs: tidy() would rewrite them."""
        return len(self._packs(kind)) > self.MAX_PACKS

    def tidy(self, kind: str, used: dict[str, str]) -> None:
        """When more than MAX_PACKS packs have piled up: one pack of the values in use, no others."""
        packs = self._packs(kind)
        if len(packs) <= self.MAX_PACKS:
            return
        kept = self.add(kind, used)
        for pack in packs:
            if pack != kept:
                pack.unlink(missing_ok=True)
