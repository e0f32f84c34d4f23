"""The live preview: the real site, rebuilt by `gongkai build` into a scratch folder after each save.

Builds run one at a time in the background; saves made during a build are picked up by one more
build right after it. The editor links an item to its page here once the build that contains the
save is finished.
"""

from __future__ import annotations

import subprocess
import sys
import threading
import time
from pathlib import Path


class Preview:
    def __init__(self, root: Path, output: Path, settings: Path | None = None):
        self.root = root
        self.output = output
        self.settings = settings or root / "pelicanconf.py"
        self._lock = threading.Lock()
        self._wanted = 0  # generation asked for (one more per save)
        self._built = -1  # generation of the output being served
        self._running = False
        self.state = "idle"  # idle, building, ready, failed
        self.seconds = 0.0
        self.message = ""
        self.pages: dict[str, str] = {}  # source path -> page URL under /preview/

    def request(self) -> int:
        """Ask for a rebuild; returns the generation that will contain the current sources."""
        with self._lock:
            self._wanted += 1
            wanted = self._wanted
            if not self._running:
                self._running = True
                threading.Thread(target=self._run, name="gongkai-preview", daemon=True).start()
        return wanted

    def set_pages(self, site) -> None:
        """Where each item and dataset of the saved site is published (from the checked model)."""
        pages = {item.rel: item.url for item in site.items}
        pages.update({f"{d.rel_dir}/datapackage.yaml": f"datasets/{d.name}/" for d in site.datasets})
        with self._lock:
            self.pages = pages

    def page_url(self, rel: str) -> str | None:
        """The page of a source file if the finished preview already contains its last save."""
        with self._lock:
            url = self.pages.get(rel)
            fresh = self.state == "ready" and self._built >= self._wanted
        if url is None or not fresh or not (self.output / url / "index.html").is_file():
            return None
        return "/preview/" + url

    def status(self) -> dict:
        with self._lock:
            return {"state": self.state, "seconds": round(self.seconds, 2), "message": self.message,
                    "fresh": self.state == "ready" and self._built >= self._wanted}

    def wait(self, timeout: float = 600.0) -> str:
        """Block until no build is pending (tests and the command line use it)."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            with self._lock:
                if not self._running:
                    return self.state
            time.sleep(0.1)
        return self.state

    def _run(self) -> None:
        while True:
            with self._lock:
                if self._built >= self._wanted:
                    self._running = False
                    return
                generation = self._wanted
                self.state = "building"
            started = time.perf_counter()
            command = [sys.executable, "-m", "gongkai", "build", "--root", str(self.root),
                       "--settings", str(self.settings), "--output", str(self.output)]
            result = subprocess.run(command, capture_output=True, text=True)
            with self._lock:
                self.seconds = time.perf_counter() - started
                if result.returncode == 0:
                    self._built = generation
                    self.state, self.message = "ready", ""
                else:
                    self._built = generation
                    self.state = "failed"
                    self.message = "\n".join(result.stderr.strip().splitlines()[-5:])
