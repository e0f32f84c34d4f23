"""Charts drawn in worker processes of their own, each chart under a time and memory budget.

vl-convert's V8 ends its whole process when a chart exhausts memory (SIGTRAP, exit 133), and it
keeps threads, so it may not run in a forked child. Every chart is therefore drawn by a spawned
worker (`python -m gongkai.adapters.chartworker`) that limits its own memory (RLIMIT_DATA) and answers
one JSON line per chart; the parent kills a worker whose chart overruns limits.CHART_SECONDS,
and a worker's death is charged to the chart it was drawing, never to the build.
"""

from __future__ import annotations

import json
import os
import queue
import re
import subprocess
import sys
import tempfile
import threading
from dataclasses import dataclass
from pathlib import Path

from ..core import limits

SVG_SIZE = re.compile(r'<svg[^>]*?\swidth="([0-9.]+)"[^>]*?\sheight="([0-9.]+)"')


@dataclass
class Outcome:
    """What drawing one chart gave: the SVG, or a failure code with a detail for the message."""

    svg: str | None = None
    code: str = ""
    detail: str = ""


class Workers:
    """Up to `processes` workers drawing the submitted jobs (spec, chart id, title, description)."""

    def __init__(self, processes: int, seconds: float | None = None, memory: int | None = None):
        self.seconds = seconds if seconds is not None else limits.CHART_SECONDS
        self.memory = memory if memory is not None else limits.CHART_MEMORY_BYTES
        self.jobs: queue.Queue = queue.Queue()
        self.outcomes: dict = {}
        self.threads: list[threading.Thread] = []
        self.processes = max(1, processes)
        self.stopped = threading.Event()
        self.live: set = set()
        self.lock = threading.Lock()

    def submit(self, key, job: tuple) -> None:
        self.jobs.put((key, job))
        if len(self.threads) < self.processes:  # one thread (and worker) per process, started on demand
            thread = threading.Thread(target=self._serve, daemon=True)
            self.threads.append(thread)
            thread.start()

    def close(self) -> None:
        """No more jobs: each worker process ends once the jobs are drawn, instead of waiting (with
        its JavaScript engine, about 125 MB) until wait() is called after the whole site is loaded."""
        for _ in self.threads:
            self.jobs.put(None)

    def wait(self) -> dict:
        """{key: Outcome} of every submitted job; the workers are stopped."""
        for _ in self.threads:
            self.jobs.put(None)
        for thread in self.threads:
            thread.join()
        self.threads = []
        return dict(self.outcomes)

    def cancel(self) -> None:
        self.stopped.set()
        with self.lock:
            for process in list(self.live):
                _kill(process)
        try:
            while True:
                self.jobs.get_nowait()
        except queue.Empty:
            pass
        self.wait()

    def _serve(self) -> None:
        process = None
        try:
            while True:
                entry = self.jobs.get()
                if entry is None or self.stopped.is_set():
                    return
                key, job = entry
                try:
                    if process is None:
                        process = self._start()
                    self.outcomes[key], alive = self._draw(process, job)
                except Exception as exc:  # noqa: BLE001 - charged to this chart, never a thread traceback
                    self.outcomes[key], alive = Outcome(code="view-render-failed", detail=type(exc).__name__), False
                if not alive:
                    self._forget(process)
                    process = None
        finally:
            if process is not None:
                self._forget(process)

    def _start(self) -> subprocess.Popen:
        package_parent = str(Path(__file__).resolve().parents[2])  # the folder holding the gongkai package
        env = dict(os.environ, PYTHONPATH=os.pathsep.join(filter(None, [package_parent, os.environ.get("PYTHONPATH")])),
                   GONGKAI_CHART_MEMORY=str(self.memory), GONGKAI_CHART_PARENT=str(os.getpid()))
        # V8's fatal-error report is many lines of native stack: kept for developers, not shown to clerks.
        log = tempfile.TemporaryFile()
        process = subprocess.Popen([sys.executable, "-m", "gongkai.adapters.chartworker"], stdin=subprocess.PIPE,
                                   stdout=subprocess.PIPE, stderr=log, env=env, start_new_session=True)
        process.log = log
        with self.lock:
            self.live.add(process)
        if self.stopped.is_set():
            _kill(process)
        return process

    def _forget(self, process: subprocess.Popen) -> None:
        with self.lock:
            self.live.discard(process)
        _kill(process)
        if os.environ.get("GONGKAI_DEBUG"):
            process.log.seek(0)
            sys.stderr.write(process.log.read().decode("utf-8", "replace")[-4000:])
        process.log.close()

    def _draw(self, process: subprocess.Popen, job: tuple) -> tuple[Outcome, bool]:
        """Send one job; (its outcome, whether the worker is still usable)."""
        spec, chart_id, title, description = job
        timed_out = threading.Event()

        def overrun():
            timed_out.set()
            _kill(process)

        timer = threading.Timer(self.seconds, overrun)
        timer.start()
        try:
            line = json.dumps({"spec": spec, "chart_id": chart_id, "title": title, "description": description},
                              ensure_ascii=False, default=str)
            process.stdin.write(line.encode("utf-8") + b"\n")
            process.stdin.flush()
            answer = process.stdout.readline()
        except (OSError, ValueError):  # the worker died, or cancel() closed its pipes meanwhile
            answer = b""
        finally:
            timer.cancel()
        if timed_out.is_set():
            return Outcome(code="view-render-timeout", detail=str(self.seconds)), False
        if self.stopped.is_set():
            return Outcome(code="view-render-cancelled"), False
        if not answer.endswith(b"\n"):
            process.wait()
            return Outcome(code="view-render-crashed", detail=str(process.returncode)), False
        reply = json.loads(answer)
        if "svg" in reply:
            return check_svg(reply["svg"]), True
        return Outcome(code=reply["code"], detail=reply["detail"]), True


def _kill(process: subprocess.Popen) -> None:
    if process.poll() is None:
        try:
            os.killpg(process.pid, 9)
        except (ProcessLookupError, PermissionError):
            pass
    for stream in (process.stdin, process.stdout):
        try:
            stream.close()
        except OSError:
            pass
    process.wait()


# --- the worker ----------------------------------------------------------------------------------


def check_svg(svg: str) -> Outcome:
    """The drawn chart within the page's limits (limits.MAX_SVG_BYTES, MAX_SVG_PX)."""
    size = len(svg.encode("utf-8"))
    if size > limits.MAX_SVG_BYTES:
        return Outcome(code="view-svg-too-large", detail=f"{size / limits.MB:.1f}")
    match = SVG_SIZE.search(svg[:2000])
    if match and max(float(match.group(1)), float(match.group(2))) > limits.MAX_SVG_PX:
        return Outcome(code="view-too-wide", detail=f"{float(match.group(1)):.0f}×{float(match.group(2)):.0f}")
    return Outcome(svg=svg)


def _serve_jobs() -> None:
    import resource

    from ..fastpath.parallel import die_with_parent

    die_with_parent(int(os.environ.get("GONGKAI_CHART_PARENT", os.getppid())))  # never outlive a killed build
    memory = int(os.environ.get("GONGKAI_CHART_MEMORY", limits.CHART_MEMORY_BYTES))
    resource.setrlimit(resource.RLIMIT_DATA, (memory, memory))
    from ..datasets import chartfont, charts

    for line in sys.stdin.buffer:
        job = json.loads(line)
        try:
            outcome = Outcome(svg=charts.to_svg(job["spec"], chart_id=job["chart_id"], title=job["title"],
                                                description=job["description"]))
        except charts.ChartError as exc:
            outcome = Outcome(code="view-spec-invalid", detail=str(exc))
        except chartfont.FontMissing as exc:  # the machine's, not the chart's: said as such
            outcome = Outcome(code="view-font-missing", detail=str(exc))
        except Exception as exc:  # noqa: BLE001 - any other failure is this chart's, reported by name
            outcome = Outcome(code="view-render-failed", detail=type(exc).__name__)
        reply = {"svg": outcome.svg} if outcome.svg is not None else {"code": outcome.code, "detail": outcome.detail}
        sys.stdout.buffer.write(json.dumps(reply, ensure_ascii=False).encode("utf-8") + b"\n")
        sys.stdout.buffer.flush()


if __name__ == "__main__":
    _serve_jobs()
