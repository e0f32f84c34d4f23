"""Running independent pieces of output work on every core, with fork (no pickling of the model).

Children inherit the finished site model copy-on-write, write their share of files and exit
with a status; the parent does its own share and then fails if any child failed. A Background
child does one long job (the search index) while the parent writes the rest of the site.
"""

from __future__ import annotations

import os
import pickle
import signal
import sys
import tempfile

from ..core import failures


class WorkerFailed(failures.Failure):
    pass


def worker_count() -> int:
    return max(1, min(len(os.sched_getaffinity(0)), 8))


def _child(work, *args, said=None) -> None:
    """Run in a forked child and exit: never return into the caller's stack (its finally blocks
    are the parent's). A failure is described in one line into `said` (a file the parent reads:
    the child's stderr may be nobody's, e.g. a captured stream), or printed when there is none."""
    status = 0
    try:
        work(*args)
    except SystemExit:  # cancelled: nothing to report
        status = 1
    except BaseException as exc:  # noqa: BLE001 - reported in one line, then the exit status carries it
        if said is None or failures.debugging():
            sys.stderr.write(failures.report(exc, "一个并行进程"))
        if said is not None:
            said.write(failures.describe(exc).encode("utf-8"))
            said.flush()
        status = 1
    finally:
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(status)


def _fork() -> int:
    sys.stdout.flush()
    sys.stderr.flush()
    return os.fork()


def die_with_parent(parent: int) -> None:
    """Ask Linux to send this process SIGTERM when its parent dies (prctl PR_SET_PDEATHSIG); a
    no-op elsewhere. A parent already gone by now means the same."""
    try:
        import ctypes

        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGTERM, 0, 0, 0)  # 1 = PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        return
    if os.getppid() != parent:
        os.kill(os.getpid(), signal.SIGTERM)


def _exit_on_signal(number, _frame):
    raise SystemExit(128 + number)


class Background:
    """work() in a forked child, in a process group of its own, while the caller goes on.

    wait() raises if it failed; cancel() stops it and everything it started (the group)."""

    def __init__(self, work, what: str):
        self.what = what
        self.said = tempfile.TemporaryFile()
        parent = os.getpid()
        self.pid = _fork()
        if self.pid == 0:
            os.setpgid(0, 0)
            signal.signal(signal.SIGTERM, _exit_on_signal)  # cancel(): clean up (finally blocks), then exit
            die_with_parent(parent)  # a killed build must not leave its indexer running (and holding the lock)
            _child(work, said=self.said)
        try:
            os.setpgid(self.pid, self.pid)  # also here, so that cancel() can never miss the group
        except OSError:
            pass  # the child got there first (or has already finished)

    def wait(self) -> None:
        if self.pid is None:
            return
        status = os.waitpid(self.pid, 0)[1]
        self.pid = None
        said = _said([self.said])
        self.said.close()
        if os.waitstatus_to_exitcode(status) != 0:
            raise WorkerFailed(f"{self.what}失败：{said}" if said else f"{self.what}失败（见上面的错误信息）")

    def cancel(self) -> None:
        if self.pid is None:
            return
        try:
            os.killpg(self.pid, signal.SIGTERM)
        except ProcessLookupError:
            pass
        os.waitpid(self.pid, 0)
        self.pid = None
        self.said.close()


def run_forked(work, parts: list) -> None:
    """Call work(part) for every non-empty part, parts[1:] in forked children; raise if any failed."""
    map_forked(work, [part for part in parts if part], what="写出网页")


def map_forked(work, parts: list, what: str = "读取") -> list:
    """[work(part) for part in parts], parts[1:] computed in forked children whose results are
    pickled back through unnamed temporary files (a pipe would stall a child until the parent,
    busy with parts[0], got round to reading it)."""
    if len(parts) <= 1 or not hasattr(os, "fork"):
        return [work(part) for part in parts]

    def work_into(part, handle) -> None:
        pickle.dump(work(part), handle, protocol=pickle.HIGHEST_PROTOCOL)
        handle.flush()

    children, files, saids = [], [], []
    parent = os.getpid()
    for part in parts[1:]:
        handle, said = tempfile.TemporaryFile(), tempfile.TemporaryFile()
        pid = _fork()
        if pid == 0:
            die_with_parent(parent)
            _child(work_into, part, handle, said=said)
        children.append(pid)
        files.append(handle)
        saids.append(said)
    first = failure = None
    try:
        first = work(parts[0])
    except BaseException as exc:  # wait for the children before re-raising
        failure = exc
    statuses = [os.waitpid(pid, 0)[1] for pid in children]
    try:
        if failure is not None:
            raise failure
        if any(os.waitstatus_to_exitcode(status) != 0 for status in statuses):
            said = _said(saids)
            raise WorkerFailed(f"并行{what}时有进程失败：{said}" if said else f"并行{what}时有进程失败（见上面的错误信息）")
        results = [first]
        for handle in files:
            handle.seek(0)
            results.append(pickle.load(handle))
        return results
    finally:
        for handle in files + saids:
            handle.close()


def _said(handles) -> str:
    """The first failure a child described (one line, see _child), or ""."""
    for handle in handles:
        handle.seek(0)
        text = handle.read().decode("utf-8", errors="replace").strip()
        if text:
            return text
    return ""


def map_parts(work, items: list, parallel_from: int) -> tuple[list, list]:
    """(parts, [work(part) for part in parts]): `items` dealt into one part per core (one part
    below `parallel_from` items), parts[1:] worked on in forked children."""
    workers = worker_count() if len(items) >= parallel_from else 1
    parts = [items[start::workers] for start in range(workers)]
    return parts, (map_forked(work, parts) if workers > 1 else [work(parts[0])])


def map_many(work, items: list, parallel_from: int) -> list:
    """[work(item) for item in items], on every core (forked) when there are at least
    `parallel_from` items: below that one process is faster than two plus the pickling between them."""
    parts, answers = map_parts(lambda part: [work(item) for item in part], items, parallel_from)
    results: list = [None] * len(items)
    for start, found in enumerate(answers):
        results[start::len(parts)] = found
    return results
