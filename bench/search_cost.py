"""What the first results of a search cost a reader: requests, bytes and time, cold cache, in Chromium.

    .venv/bin/python bench/search_cost.py --site /tmp/site/output [--json out.json] [--no-gzip]

The built site is served from 127.0.0.1 as a static host serves it (text files gzip-compressed
when the browser asks, as GitHub Pages and a default nginx do; --no-gzip serves every file as
stored). For each of ten fixed queries a fresh browser context (empty cache) opens
/search/?q=<query>; the first result is the moment the first result (or the "nothing found" note)
is in the page. Counted: every request the page and its worker started before that moment, and
the bytes of their responses as transferred; then the same until the search page says it is done
(data-done: counts and filters filled in).

Eight queries are citizen words (issue 14 §3); two are a 文号 and a 索引号 of the site, taken from
its published catalogue (api/disclosures.json): the issue's 溪财发〔2024〕12号 when the site has it,
else the 文号 of the middle item, and the 索引号 of the middle item.
"""

from __future__ import annotations

import argparse
import functools
import gzip
import http.server
import io
import json
import sys
import threading
import time
from pathlib import Path
from urllib.parse import quote

WORDS = ["医保", "低保", "补贴", "预算", "公积金", "怎么申请低保", "政府采购", "乡村振兴 产业"]
DOC_NO = "溪财发〔2024〕12号"
COMPRESSED = {".html", ".css", ".js", ".json", ".svg", ".xml", ".txt", ".csv"}
# Marks the moment the first result (or the "nothing found" note) is in the page.
OBSERVER = """
window.__firstResult = null;
new MutationObserver(() => {
  if (window.__firstResult === null && document.querySelector('.search-result, .search-empty:not([hidden])'))
    window.__firstResult = performance.timeOrigin + performance.now();
}).observe(document, { subtree: true, childList: true, attributes: true });
"""
DONE = "() => { const app = document.getElementById('search-app'); return !!app && app.dataset.done !== undefined; }"


class StaticHost(http.server.SimpleHTTPRequestHandler):
    gzip_text = True

    def log_message(self, *args):
        pass

    def send_head(self):
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            path = path / "index.html"
        if not (self.gzip_text and path.suffix in COMPRESSED and path.is_file()
                and "gzip" in self.headers.get("Accept-Encoding", "")):
            return super().send_head()
        body = gzip.compress(path.read_bytes(), 6, mtime=0)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        return io.BytesIO(body)


def identifiers(site: Path) -> list[str]:
    catalogue = sorted(json.loads((site / "api" / "disclosures.json").read_text(encoding="utf-8")),
                       key=lambda record: record["url"])
    middle = catalogue[len(catalogue) // 2]
    doc_no = DOC_NO if any(record.get("doc_no") == DOC_NO for record in catalogue) else \
        next(record["doc_no"] for record in catalogue[len(catalogue) // 2:] + catalogue if record.get("doc_no"))
    return [doc_no, middle["index_no"]]


def measure(browser, base: str, query: str) -> dict:
    context = browser.new_context(locale="zh-CN", service_workers="block")
    try:
        page = context.new_page()
        requests = []
        page.on("requestfinished", lambda request: requests.append(request))
        page.on("requestfailed", lambda request: requests.append(request))
        page.add_init_script(OBSERVER)
        started = time.time() * 1000
        page.goto(f"{base}search/?q={quote(query)}")
        page.wait_for_function("() => window.__firstResult !== null", timeout=120_000)
        first = page.evaluate("window.__firstResult")
        shown = page.locator(".search-result").count()
        page.wait_for_function(DONE, timeout=120_000)
        status = page.locator(".search-status").inner_text()
        time.sleep(0.2)  # the last responses' events
        rows = []
        for request in requests:
            try:
                size = request.sizes()["responseBodySize"]
            except Exception:  # noqa: BLE001 (a failed request has no sizes)
                size = 0
            rows.append((request.timing["startTime"], size, request.url))
        before = [row for row in rows if row[0] <= first]
        return {"query": query, "requests_first": len(before), "kb_first": round(sum(r[1] for r in before) / 1024, 1),
                "ms_first": round(first - started), "requests_done": len(rows),
                "kb_done": round(sum(r[1] for r in rows) / 1024, 1), "results_shown": shown, "status": status}
    finally:
        context.close()


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--site", type=Path, required=True, help="a built output folder")
    parser.add_argument("--json", type=Path, help="also write the numbers here")
    parser.add_argument("--no-gzip", action="store_true", help="serve every file as stored")
    parser.add_argument("--chromium", default="/usr/bin/chromium")
    args = parser.parse_args(argv)
    from playwright.sync_api import sync_playwright

    handler = type("Host", (StaticHost,), {"gzip_text": not args.no_gzip})
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(handler, directory=str(args.site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}/"
    results = []
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=args.chromium)
            for query in WORDS + identifiers(args.site):
                results.append(measure(browser, base, query))
                print(f"  {query}: {results[-1]['requests_first']} requests, {results[-1]['kb_first']} KB, "
                      f"{results[-1]['ms_first']} ms", file=sys.stderr, flush=True)
            browser.close()
    finally:
        server.shutdown()
        server.server_close()
    print("| query | requests | KB | ms to first results | requests / KB until done | results shown |")
    print("|---|---|---|---|---|---|")
    for row in results:
        print(f"| {row['query']} | {row['requests_first']} | {row['kb_first']} | {row['ms_first']} | "
              f"{row['requests_done']} / {row['kb_done']} | {row['results_shown']} |")
    if args.json:
        args.json.write_text(json.dumps(results, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
