"""Running independent pieces of output work on every core, with fork (no pickling of the model).

Children inherit the finished site model copy-on-write, write their share of files and exit
with a status; the parent does its own share and then fails if any child failed.
"""

from __future__ import annotations

import os
import sys
import traceback


class WorkerFailed(Exception):
    pass


def worker_count() -> int:
    return max(1, min(len(os.sched_getaffinity(0)), 8))


def run_forked(work, parts: list) -> None:
    """Call work(part) for every part, parts[1:] in forked children; raise if any failed."""
    if len(parts) <= 1 or not hasattr(os, "fork"):
        for part in parts:
            work(part)
        return
    sys.stdout.flush()
    sys.stderr.flush()
    children = []
    for part in parts[1:]:
        pid = os.fork()
        if pid == 0:  # child: never return into the caller's stack (its finally blocks are the parent's)
            status = 0
            try:
                work(part)
            except BaseException:  # noqa: BLE001 - reported, then the exit status carries it
                traceback.print_exc()
                status = 1
            finally:
                sys.stdout.flush()
                sys.stderr.flush()
                os._exit(status)
        children.append(pid)
    failure = None
    try:
        work(parts[0])
    except BaseException as exc:  # wait for the children before re-raising
        failure = exc
    statuses = [os.waitpid(pid, 0)[1] for pid in children]
    if failure is not None:
        raise failure
    if any(os.waitstatus_to_exitcode(status) != 0 for status in statuses):
        raise WorkerFailed("并行写出网页时有进程失败（见上面的错误信息）。")
