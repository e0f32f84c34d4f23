"""Scratch files and folders of a build, in memory (/dev/shm) when possible, each named after the
process that owns it, and the removal of those whose owner is gone (a build killed mid-way).

Two builds of different sites may run at once and share /dev/shm, so a build removes only
entries whose owner (pid and start time, so a reused pid is not mistaken for it) has exited.
"""

from __future__ import annotations

import os
import re
import shutil
import tempfile
import time
from pathlib import Path

PREFIX = "gongkai-"
KINDS = ("search", "index")
OWNED = re.compile(rf"^{PREFIX}(?:{'|'.join(KINDS)})-(\d+)-(\d+)-")
UNOWNED = re.compile(rf"^{PREFIX}(?:{'|'.join(KINDS)})-")
# Entries named before owners were recorded: no build runs this long, so older ones are stale.
UNOWNED_STALE_SECONDS = 24 * 3600


def parent(fallback: Path) -> Path:
    """/dev/shm when it is a usable folder, else `fallback` (the output's parent folder)."""
    memory = Path("/dev/shm")
    return memory if memory.is_dir() and os.access(memory, os.W_OK | os.X_OK) else fallback


def _started(pid: int) -> int | None:
    """The start time of a process (clock ticks since boot, /proc/<pid>/stat field 22); None if gone
    or a zombie (it has exited; only its parent has not collected it, which may never happen when
    the parent was killed too)."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        if not Path("/proc/self/stat").exists():  # no /proc: fall back to whether the pid exists
            try:
                os.kill(pid, 0)
            except ProcessLookupError:
                return None
            except PermissionError:
                pass
            return 0
        return None
    fields = stat.rsplit(")", 1)[1].split()
    return None if fields[0] in ("Z", "X") else int(fields[19])


def _tag() -> str:
    pid = os.getpid()
    return f"{pid}-{_started(pid) or 0}"


def folder(kind: str, where: Path) -> tempfile.TemporaryDirectory:
    return tempfile.TemporaryDirectory(prefix=f"{PREFIX}{kind}-{_tag()}-", dir=where)


def file(kind: str, where: Path, suffix: str = "") -> Path:
    handle, name = tempfile.mkstemp(prefix=f"{PREFIX}{kind}-{_tag()}-", suffix=suffix, dir=where)
    os.close(handle)
    return Path(name)


def remove_stale(where: Path) -> list[str]:
    """Remove the entries in `where` whose owning process has exited; return their names."""
    removed = []
    try:
        entries = sorted(where.iterdir())
    except OSError:
        return removed
    for entry in entries:
        owned = OWNED.match(entry.name)
        if owned:
            pid, started = int(owned.group(1)), int(owned.group(2))
            alive = _started(pid)
            if alive is not None and alive in (started, 0):
                continue
        elif UNOWNED.match(entry.name):
            try:
                if time.time() - entry.lstat().st_mtime < UNOWNED_STALE_SECONDS:
                    continue
            except OSError:
                continue
        else:
            continue
        if entry.is_dir() and not entry.is_symlink():
            shutil.rmtree(entry, ignore_errors=True)
        else:
            try:
                entry.unlink()
            except OSError:
                continue
        removed.append(entry.name)
    return removed
