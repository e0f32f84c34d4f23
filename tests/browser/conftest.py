"""Browser fixtures: the sample site served on 127.0.0.1 and pages on it (the Chromium they run in,
driven by Playwright, is the session's one `browser` in tests/conftest.py).

Every page the tests open records its network requests; any request that is not to the local
server fails the test (pages must be self-contained).
"""

from __future__ import annotations

import functools
import http.server
import threading
from pathlib import Path
from urllib.parse import urlparse

import pytest

NODE_TOOLS = Path(__file__).resolve().parent.parent / "node" / "node_modules"
SCREENS = Path(__file__).resolve().parents[2] / "output-screens"


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass

    def send_error(self, code, message=None, explain=None):
        """Serve the site's own 404.html, as a static host does."""
        if code == 404:
            page = Path(self.directory) / "404.html"
            body = page.read_bytes()
            self.send_response(404)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            if self.command != "HEAD":
                self.wfile.write(body)
            return
        super().send_error(code, message, explain)


@pytest.fixture(scope="session")
def served_site(sample_build):
    """(base_url, output folder) of the sample site on a free loopback port."""
    _, output = sample_build
    handler = functools.partial(_QuietHandler, directory=str(output))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/", output
    server.shutdown()
    server.server_close()


class PageRecorder:
    """A fresh browser context and page that records every request it makes."""

    def __init__(self, browser, base_url: str, width: int = 1280, height: int = 900):
        self.base_url = base_url
        self.context = browser.new_context(viewport={"width": width, "height": height}, locale="zh-CN",
                                           service_workers="block")
        self.page = self.context.new_page()
        self.requests: list[str] = []
        self.page.on("request", lambda request: self.requests.append(request.url))

    def goto(self, path: str):
        response = self.page.goto(self.base_url + path.lstrip("/"), wait_until="load")
        return response

    def foreign_requests(self) -> list[str]:
        host = urlparse(self.base_url).netloc
        return [url for url in self.requests
                if not url.startswith(("data:", "blob:", "about:")) and urlparse(url).netloc != host]

    def close(self):
        self.context.close()


@pytest.fixture
def open_page(browser, served_site):
    """open_page(width=...) -> PageRecorder; asserts afterwards that nothing left the local server."""
    base_url, _ = served_site
    recorders = []

    def factory(width: int = 1280, height: int = 900) -> PageRecorder:
        recorder = PageRecorder(browser, base_url, width, height)
        recorders.append(recorder)
        return recorder

    yield factory
    foreign = [url for recorder in recorders for url in recorder.foreign_requests()]
    for recorder in recorders:
        recorder.close()
    assert foreign == [], f"pages made requests outside the site: {foreign}"
