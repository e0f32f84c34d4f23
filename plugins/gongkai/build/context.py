"""One build's context: where it reads and writes, its build date, and the one switch of the fast path.

Every fast part of a build (the cache, forked writers and loaders, the background search indexer,
reusing files of the previous build) asks the context before it runs, and each has a slow twin:
`gongkai build --serial --no-cache` makes the same bytes in one process at a time with no cache and
no reuse. The context travels to Pelican as one setting (GONGKAI_CONTEXT), nothing else.
"""

from __future__ import annotations

import os
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

from ..fastpath import parallel
from ..fastpath.cache import PackCache, code_salt
from ..fastpath.previous import PreviousBuild


@dataclass(frozen=True)
class BuildOptions:
    serial: bool = False  # one thing at a time: no forked workers, no background indexer
    cache: bool = True  # read and write the cache, and reuse files of the previous build

    @classmethod
    def slow(cls) -> "BuildOptions":
        """The reference the fast build is tested against."""
        return cls(serial=True, cache=False)


def _resident_mb() -> float:
    """This process's resident set in MB (0 where /proc is not there)."""
    try:
        with open("/proc/self/statm", "rb") as statm:
            return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20
    except (OSError, ValueError, IndexError):
        return 0.0


@dataclass
class BuildContext:
    root: Path
    epoch: int
    options: BuildOptions = field(default_factory=BuildOptions)
    output: Path | None = None  # the live site (replaced at the end)
    target: Path | None = None  # the new site being written
    salt: str = ""
    cache: PackCache | None = None
    previous: PreviousBuild | None = None
    keys: dict = field(default_factory=dict)  # {output folder: key of what it was made from}, for build.json
    drawing: object = None  # charts being drawn while the site loads (fastpath.drawing.Drawing)
    indexer: object = None  # the background search indexer (adapters.search.IndexPipeline)
    timings: list = field(default_factory=list)  # (phase, seconds since the start, RSS), for GONGKAI_TIMINGS=1
    started: float = field(default_factory=time.perf_counter)

    @classmethod
    def start(cls, root: Path, epoch: int, options: BuildOptions, output: Path | None = None) -> "BuildContext":
        salt = code_salt(root)
        context = cls(root=root, epoch=epoch, options=options, output=output, salt=salt)
        if options.cache:
            context.cache = PackCache(root, salt)
            context.previous = PreviousBuild.read(output) if output is not None else None
        return context

    def phase(self, name: str) -> None:
        """Mark the end of a phase; with GONGKAI_TIMINGS=1 the build prints where its time went."""
        self.timings.append((name, time.perf_counter() - self.started, _resident_mb()))

    def report_timings(self, stream=sys.stderr) -> None:
        """Each phase's seconds and this process's resident memory at its end."""
        if os.environ.get("GONGKAI_TIMINGS") != "1":
            return
        last = 0.0
        for name, at, resident in self.timings:
            stream.write(f"  {at - last:7.2f} s  {resident:6.0f} MB  {name}\n")
            last = at

    @property
    def workers(self) -> int:
        return 1 if self.options.serial else parallel.worker_count()

    def reuse(self, folder: str, key: str, *, skip: frozenset = frozenset()) -> list[str] | None:
        """The files of `folder` (but those named in `skip`, made by other steps) in the previous
        build when it was made from the same `key` and its files are unchanged since; None when
        they must be made again (always, without a cache: the slow twin)."""
        if self.previous is None or self.previous.keys.get(folder) != key:
            return None
        return self.previous.verified(folder, skip=skip)

    def reuse_file(self, rel: str, key: str) -> bool:
        """Link the previous build's file `rel` into the new build when it was made from the same
        `key` and still has the bytes its manifest recorded; False when it must be made again
        (always, without a cache)."""
        return self.reuse_files([rel], key)

    def reuse_files(self, rels: list[str], key: str) -> bool:
        """reuse_file for files made together: all of them linked, or none."""
        previous = self.previous
        if previous is None or any(previous.keys.get(rel) != key or not previous.intact(rel) for rel in rels):
            return False
        previous.link(rels, self.target)
        return True
