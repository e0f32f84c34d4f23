"""/search/ over a site indexed in many small shards (search/plan.py with a cap of 8 pages), in
real Chromium: the shard logic of a province-sized site, tested on the sample site.

What a sharded search must find is what the same site indexed in one item shard finds (the
session's sample build); counts and filter values are checked against the sample's sources.
"""

from __future__ import annotations

import functools
import http.server
import json
import re
import threading
from urllib.parse import quote

import pytest

pytestmark = pytest.mark.browser

CAP = 8  # pages per shard: the sample's 66 items in 9 shards, more than one batch of the page
DONE = "() => { const app = document.getElementById('search-app'); return !!app && app.dataset.done === location.search; }"
IDLE = "() => !document.getElementById('search-app').hasAttribute('aria-busy')"


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def sharded(tmp_path_factory):
    """(base URL, output) of the sample site built with shards of CAP pages."""
    import os

    from gongkai.build.build import build
    from support import BUILD_EPOCH, copy_sample_site

    os.environ["SOURCE_DATE_EPOCH"] = str(BUILD_EPOCH)
    root = copy_sample_site(tmp_path_factory.mktemp("sharded") / "site")
    output = root / "output"
    assert build(root, root / "pelicanconf.py", output, overrides={"GONGKAI_SEARCH_SHARD_PAGES": CAP}) == 0
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(output)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}/", output
    server.shutdown()
    server.server_close()


@pytest.fixture
def open_at(browser):
    contexts = []

    def open_at(base: str, query: str):
        context = browser.new_context(locale="zh-CN", service_workers="block")
        contexts.append(context)
        page = context.new_page()
        page.goto(base + "search/" + query)
        page.wait_for_function(DONE)
        return page

    yield open_at
    for context in contexts:
        context.close()


def status(page) -> str:
    return page.locator(".search-status").inner_text()


def count(page) -> int:
    match = re.match(r"找到 (\d+) 条结果", status(page))
    assert match, status(page)
    return int(match.group(1))


def every_result(page) -> list[tuple[str, str | None]]:
    """(href, date) of every result, pressing 加载更多 until it is gone (it reads older shards)."""
    while page.locator(".search-more").is_visible():
        page.click(".search-more")
        page.wait_for_function(IDLE)
    return [tuple(pair) for pair in page.eval_on_selector_all(".search-result", """items => items.map(item => [
        new URL(item.querySelector('.result-title a').href).pathname,
        item.querySelector('time') ? item.querySelector('time').getAttribute('datetime') : null])""")]


def option_counts(page, key: str) -> dict:
    texts = page.eval_on_selector_all(f"#search-filter-{key} option", "options => options.map(o => o.textContent)")
    return {match[1]: int(match[2]) for text in texts if (match := re.fullmatch(r"(.+)（(\d+)）", text))}


def test_the_plan_makes_many_small_shards_and_the_manifest_lists_them(sharded):
    _, output = sharded
    manifest = json.loads((output / "search" / "manifest.json").read_text(encoding="utf-8"))
    shards = manifest["shards"]
    assert manifest["primary"] == shards[0]["path"] and len(shards) >= 9
    assert all(shard["pages"] <= CAP for shard in shards[1:])
    assert [shard["last"] for shard in shards[1:]] == sorted((shard["last"] for shard in shards[1:]), reverse=True)


def test_paging_reads_older_shards_until_the_count_is_exact_and_equals_the_one_shard_site(sharded, served_site, open_at):
    """A plain query first says how far back it has searched; 加载更多 reads older shards; at the
    end the count is the number of results listed, and the same results as the one-shard site."""
    base, _ = sharded
    for word in ["预算", "医保", "补贴"]:
        page = open_at(base, "?q=" + quote(word))
        assert status(page).startswith("已找到") and "更早的信息还未查找" in status(page), status(page)
        found = every_result(page)
        assert count(page) == len(found) == len(set(found))
        whole = open_at(served_site[0], "?q=" + quote(word))
        assert count(whole) == len(found)
        assert sorted(every_result(whole)) == sorted(found)


def test_filter_counts_across_shards_are_exact_once_every_shard_is_read(sharded, served_site, open_at):
    base, _ = sharded
    page = open_at(base, "?q=" + quote("医保"))
    every_result(page)
    years = option_counts(page, "year")
    whole = open_at(served_site[0], "?q=" + quote("医保"))
    assert years == option_counts(whole, "year") and sum(years.values()) > 0
    for year, expected in years.items():
        if expected == 0:
            continue
        filtered = open_at(base, f"?q={quote('医保')}&year={year}")
        listed = every_result(filtered)
        assert count(filtered) == len(listed) == expected, year
        # an item's 年份 is its publication year (a report's is the year it reports on)
        assert all(date.startswith(year) for href, date in listed if href.startswith("/disclosures/"))


def test_a_filter_alone_reads_only_the_shards_that_hold_its_value(sharded, served_site, open_at):
    """年份=2024 with no query: the count of the site's 2024 items, from the 2024 shards only."""
    base, output = sharded
    manifest = json.loads((output / "search" / "manifest.json").read_text(encoding="utf-8"))
    expected = manifest["totals"]["年份"]["2024"]
    requested = []
    page = open_at(base, "")
    page.on("request", lambda request: requested.append(request.url))
    page.select_option("#search-filter-year", "2024")
    page.wait_for_function(DONE)
    listed = every_result(page)
    assert count(page) == len(listed) == expected
    assert all(date.startswith("2024") for _, date in listed)
    read = {re.search(r"/pagefind/([^/]+)/", url)[1] for url in requested if "/pagefind/" in url}
    holding = {shard["key"] for shard in manifest["shards"] if shard["first"] and shard["first"] <= "2024-12-31"
               and shard["last"] >= "2024-01-01"}
    assert read - {manifest["shards"][0]["key"]} <= holding  # no shard of other years was read (but the primary)
    whole = open_at(served_site[0], "?year=2024")
    assert count(whole) == expected


def test_sorting_by_date_across_shards_gives_one_descending_list(sharded, open_at):
    base, _ = sharded
    page = open_at(base, "?q=" + quote("通知") + "&sort=date")
    dates = [date for _, date in every_result(page)]
    assert len(dates) > CAP and dates == sorted(dates, reverse=True)


def test_a_doc_no_of_the_oldest_shard_is_found_first_and_only_once(sharded, open_at):
    base, output = sharded
    catalogue = json.loads((output / "api" / "disclosures.json").read_text(encoding="utf-8"))
    oldest = min((record for record in catalogue if record.get("doc_no")), key=lambda record: record["published"])
    requested = []
    page = open_at(base, "")
    page.on("request", lambda request: requested.append(request.url))
    page.fill("#search-q", oldest["doc_no"])
    page.press("#search-q", "Enter")
    page.wait_for_function(DONE)
    first = page.locator(".search-result").first
    assert first.locator(".result-title a").inner_text() == oldest["title"]
    assert "search-exact" in first.get_attribute("class")
    hrefs = [href for href, _ in every_result(page)]
    assert hrefs.count(hrefs[0]) == 1
    assert len([url for url in requested if "/search/ids/" in url]) == 1  # one identifier file, not one per shard


def test_a_doc_no_opened_by_its_url_shows_before_the_search_engine_loads(sharded, browser):
    """The exact match comes from search/ids before the worker, Pagefind or its wasm are fetched."""
    base, output = sharded
    record = next(record for record in json.loads((output / "api" / "disclosures.json").read_text(encoding="utf-8"))
                  if record.get("doc_no"))
    context = browser.new_context(locale="zh-CN", service_workers="block")
    try:
        page = context.new_page()
        page.route("**/search-worker.js", lambda route: None)  # the engine never starts
        page.route("**/search-engine.js", lambda route: None)
        page.goto(base + "search/?q=" + quote(record["doc_no"]))
        page.wait_for_selector(".search-result.search-exact")
        assert page.locator(".search-result .result-title a").first.inner_text() == record["title"]
        assert "正在查找其他相关信息" in status(page)
    finally:
        context.close()
