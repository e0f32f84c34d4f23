"""Checking a save before anything is written, with the real `gongkai check`.

The proposed change is staged in a scratch copy of the repository's sources (hard links: cheap,
and a changed file is always a new file, never written through a link) and the whole site is
checked with `check.check_site`, exactly as `gongkai check` checks it. The save is refused if the
changed files have any error, or if the change causes an error anywhere else that was not there
before (the baseline). Nothing here knows a rule of its own.
"""

from __future__ import annotations

import hashlib
import itertools
import os
import shutil
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

from ..core.builddate import build_date
from ..core.problems import Problem
from ..check import check_site

SOURCE_TOPS = ("schemas", "content", "datasets")


@dataclass(frozen=True)
class Change:
    rel: str  # repository-relative POSIX path
    data: bytes | None  # the new bytes; None deletes the file


@dataclass
class Verdict:
    errors: list = field(default_factory=list)  # [Problem] that refuse the save
    warnings: list = field(default_factory=list)  # [Problem] of the changed files that do not
    seconds: float = 0.0

    @property
    def ok(self) -> bool:
        return not self.errors


def _key(problem: Problem) -> tuple:
    return (problem.path, problem.code, problem.field, problem.message)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def concerns(problem: Problem, changed) -> bool:
    """Is the problem in a changed file (for a dataset: anywhere in the changed dataset's folder)?"""
    folders = {"/".join(rel.split("/")[:2]) + "/" for rel in changed if rel.startswith("datasets/")}
    return problem.path in changed or any(problem.path.startswith(f) or problem.path + "/" == f for f in folders)


def fingerprint(root: Path) -> str:
    """Changes whenever a source file is added, removed or rewritten (inode, size, mtime)."""
    digest = hashlib.sha256()
    for top in SOURCE_TOPS:
        for folder, dirs, files in os.walk(root / top):
            dirs.sort()
            for name in sorted(files + [d for d in dirs if os.path.islink(os.path.join(folder, d))]):
                stat = os.lstat(os.path.join(folder, name))
                digest.update(f"{folder}/{name}\0{stat.st_ino}\0{stat.st_size}\0{stat.st_mtime_ns}\0{stat.st_mode}\n".encode())
    return digest.hexdigest()


def link_copy(root: Path, target: Path) -> None:
    """A copy of the source folders made of hard links; symbolic links are copied as links, so the
    check sees them exactly as they are in the repository (and refuses them)."""
    for top in SOURCE_TOPS:
        source_top = root / top
        if os.path.islink(source_top):
            os.symlink(os.readlink(source_top), target / top)
            continue
        for folder, dirs, files in os.walk(source_top):
            rel = Path(folder).relative_to(root)
            (target / rel).mkdir(parents=True, exist_ok=True)
            for name in list(dirs):
                if os.path.islink(os.path.join(folder, name)):
                    os.symlink(os.readlink(os.path.join(folder, name)), target / rel / name)
                    dirs.remove(name)
            for name in files:
                source = os.path.join(folder, name)
                if os.path.islink(source):
                    os.symlink(os.readlink(source), target / rel / name)
                    continue
                try:
                    os.link(source, target / rel / name, follow_symlinks=False)
                except OSError:  # another file system: a real copy
                    shutil.copyfile(source, target / rel / name, follow_symlinks=False)


def stage(target: Path, changes: list[Change]) -> None:
    """Apply the changes to a link copy: unlink first, so the repository's file is never touched."""
    for change in changes:
        path = target / change.rel
        if path.is_symlink() or path.exists():
            path.unlink()
        if change.data is not None:
            path.parent.mkdir(parents=True, exist_ok=True)
            with open(path, "xb") as handle:
                handle.write(change.data)


class Checker:
    """Checks change sets against one repository; remembers the problems the repository already has."""

    def __init__(self, root: Path, scratch: Path, reuse=None):
        self.root = root.resolve()
        self.scratch = scratch
        self.reuse = reuse  # the fast path (see reuse.py); None runs the plain, full check
        self._counter = itertools.count()
        self._lock = threading.Lock()
        self._baseline: tuple[str, object, set] | None = None  # (fingerprint, epoch's date, keys)
        for stale in sorted(scratch.glob("check-*")):  # left by an editor that was killed mid-check
            pid = stale.name.split("-")[1]
            if pid.isdigit() and not _alive(int(pid)):
                shutil.rmtree(stale, ignore_errors=True)

    def baseline(self, epoch: int) -> set:
        print_key = (fingerprint(self.root), build_date(epoch))
        with self._lock:
            if self._baseline is not None and self._baseline[:2] == print_key:
                return self._baseline[2]
        _, problems = check_site(self.root, epoch, **self._load_options())
        keys = {_key(p) for p in problems if p.is_error}
        with self._lock:
            self._baseline = (*print_key, keys)
        return keys

    def _load_options(self) -> dict:
        return {"reuse": self.reuse} if self.reuse is not None else {}

    def check(self, changes: list[Change], epoch: int) -> tuple[Verdict, object]:
        """(verdict, the site as it would be) for the change set, the repository untouched."""
        started = time.perf_counter()
        baseline = self.baseline(epoch)
        target = self.scratch / f"check-{os.getpid()}-{next(self._counter)}"
        shutil.rmtree(target, ignore_errors=True)
        target.mkdir(parents=True)
        try:
            link_copy(self.root, target)
            stage(target, changes)
            site, problems = check_site(target, epoch, **self._load_options())
        finally:
            shutil.rmtree(target, ignore_errors=True)
        changed = {change.rel for change in changes}
        own = [p for p in problems if p.is_error and concerns(p, changed)]
        # An error the change causes elsewhere is shown, unless it mirrors one of the changed
        # file's own (a duplicate 索引号 is reported on both files; the clerk needs it once).
        elsewhere = [p for p in problems if p.is_error and not concerns(p, changed) and _key(p) not in baseline
                     and p.code not in {mine.code for mine in own}]
        verdict = Verdict(errors=own + elsewhere,
                          warnings=[p for p in problems if not p.is_error and concerns(p, changed)])
        verdict.seconds = time.perf_counter() - started
        return verdict, (site, problems)

    def saved(self, epoch: int, problems: list) -> None:
        """After a save the repository is what was checked: its problems are the new baseline."""
        keys = {_key(p) for p in problems if p.is_error}
        with self._lock:
            self._baseline = (fingerprint(self.root), build_date(epoch), keys)
