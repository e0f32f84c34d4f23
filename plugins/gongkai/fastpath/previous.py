"""The previous build, as a rebuild may use it: its manifest, and its files linked into the new
build only when they are still the bytes the manifest recorded."""

from __future__ import annotations

import bisect
import json
import os
import shutil
from dataclasses import dataclass, field
from pathlib import Path

from ..core.manifest import MANIFEST
from ..core.sourcefs import file_digest


@dataclass
class PreviousBuild:
    """A complete earlier build in `output` (its manifest says so) whose files a rebuild may link."""

    output: Path
    files: dict = field(default_factory=dict)  # path -> sha256, as its manifest recorded them
    keys: dict = field(default_factory=dict)  # what each reusable step was computed from (manifest "inputs")
    _sorted: list | None = field(default=None, repr=False, compare=False)

    @classmethod
    def read(cls, output: Path) -> "PreviousBuild | None":
        try:
            manifest = json.loads((output / MANIFEST).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None
        if not isinstance(manifest, dict) or not isinstance(manifest.get("files"), dict):
            return None
        return cls(output, manifest["files"], manifest.get("inputs") or {})

    def verified(self, folder: str, *, skip: frozenset = frozenset()) -> list[str] | None:
        """The files under `folder`, when each is a regular file whose sha256 is the one the
        manifest recorded and none is missing or extra; else None. A file changed in the live site
        since it was built (by hand, or by an attack) is never reused."""
        prefix = folder.rstrip("/") + "/"
        expected = {rel for rel in self._under(prefix) if rel[len(prefix):] not in skip}
        found = []
        for current, dirs, names in os.walk(self.output / folder):
            dirs.sort()
            for name in names:
                path = Path(current, name)
                rel = path.relative_to(self.output).as_posix()
                if rel[len(prefix):] in skip:
                    continue
                if self.files.get(rel) != _sha256(path):
                    return None
                found.append(rel)
        return sorted(found) if set(found) == expected and found else None

    def _under(self, prefix: str) -> list[str]:
        """The manifest's paths that start with `prefix` (a binary search in the sorted paths: a
        rebuild asks this once per dataset, of tens of thousands of paths)."""
        if self._sorted is None:
            self._sorted = sorted(self.files)
        start = bisect.bisect_left(self._sorted, prefix)
        end = bisect.bisect_left(self._sorted, prefix[:-1] + chr(ord(prefix[-1]) + 1))
        return self._sorted[start:end]

    def intact(self, rel: str) -> bool:
        """Whether the file `rel` is still a regular file with the sha256 the manifest recorded."""
        return rel in self.files and self.files[rel] == _sha256(os.path.join(self.output, rel))

    def linked(self, target: Path) -> dict:
        """{path: (size, mtime_ns, sha256)} of the files of `target` that are hard links of this
        build's files: checked against the manifest when they were linked, and never written into
        since (outputfs writes a new file every time), so they need not be read again."""
        entries = {}
        for rel, sha in self.files.items():
            try:
                new, old = os.lstat(target / rel), os.lstat(self.output / rel)
            except OSError:
                continue
            if (new.st_ino, new.st_dev) == (old.st_ino, old.st_dev) and new.st_nlink > 1:
                entries[rel] = (new.st_size, new.st_mtime_ns, sha)
        return entries

    def link(self, rels: list[str], target_root: Path) -> None:
        """Reuse files of the previous build: hard links, so nothing is copied or rewritten (every
        later write into the new build replaces a file instead of writing into it: outputfs)."""
        for rel in rels:
            target = os.path.join(target_root, rel)
            os.makedirs(os.path.dirname(target), exist_ok=True)
            link_or_copy(os.path.join(self.output, rel), target)


def _sha256(path) -> str | None:
    """The hex sha256 of a regular file (never read through a link), as manifests record it."""
    found = file_digest(path)
    return found.hex() if found is not None else None


def link_or_copy(source, target) -> None:
    """A hard link, or a copy when the previous output is on another file system (a mount point)."""
    try:
        os.link(source, target)
    except OSError:
        shutil.copy2(source, target)
