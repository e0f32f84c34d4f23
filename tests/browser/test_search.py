"""/search/ in real Chromium: Chinese queries, exact 文号/索引号, filters, sort, the URL, keyboard, phones.

Expected results are read from the sample site's source files, not from the search code.
"""

from __future__ import annotations

import datetime as dt
import functools
import http.server
import json
import re
import threading
from pathlib import Path
from urllib.parse import parse_qs, urlparse

import pytest
import yaml

pytestmark = pytest.mark.browser

# search.js sets data-done to the URL query it has finished rendering.
DONE = "() => { const app = document.getElementById('search-app'); return !!app && app.dataset.done === location.search; }"
WORDS = ["医保", "低保", "补贴", "预算"]


def _front_matter(path: Path) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8").split("---", 2)[1])


@pytest.fixture(scope="module")
def sources(sample_build):
    """(published items, datasets) as written in the sample site's source files."""
    root, output = sample_build
    epoch = json.loads((output / "build.json").read_text(encoding="utf-8"))["epoch"]
    today = dt.datetime.fromtimestamp(epoch, dt.timezone(dt.timedelta(hours=8))).date()
    items = [meta for meta in map(_front_matter, sorted((root / "content" / "disclosures").rglob("*.md")))
             if meta["published"] <= today]
    datasets = [yaml.safe_load(path.read_text(encoding="utf-8"))
                for path in sorted((root / "datasets").glob("*/datapackage.yaml"))]
    return items, datasets


def mentions(record: dict, word: str, *fields: str) -> bool:
    return any(word in (" ".join(record.get(field) or []) if isinstance(record.get(field), list)
                        else str(record.get(field) or "")) for field in fields)


def open_search(open_page, query: str = "", width: int = 1280):
    recorder = open_page(width=width)
    recorder.goto("/search/" + query)
    recorder.page.wait_for_function(DONE)
    return recorder


def search(page, text: str) -> None:
    page.fill("#search-q", text)
    page.press("#search-q", "Enter")
    page.wait_for_function(DONE)


def found(page) -> int:
    status = page.locator(".search-status").inner_text()
    match = re.match(r"找到 (\d+) 条结果", status)
    assert match, status
    return int(match.group(1))


def all_results(page) -> list[dict]:
    """Every result, pressing 加载更多 until all are shown."""
    while page.locator(".search-more").is_visible():
        shown = page.locator(".search-result").count()
        page.click(".search-more")
        page.wait_for_function(f"document.querySelectorAll('.search-result').length > {shown}")
    return page.eval_on_selector_all(".search-result", """items => items.map(item => ({
        title: item.querySelector('.result-title a').textContent,
        href: item.querySelector('.result-title a').getAttribute('href'),
        meta: item.querySelector('.item-meta').textContent,
        date: item.querySelector('time') ? item.querySelector('time').getAttribute('datetime') : null,
        marks: [...item.querySelectorAll('.excerpt mark')].map(mark => mark.textContent),
        excerptChildren: [...item.querySelector('.excerpt').children].map(child => child.tagName),
    }))""")


def test_two_character_queries_find_the_items_and_datasets_that_mention_them(open_page, sources):
    items, datasets = sources
    recorder = open_search(open_page)
    page = recorder.page
    for word in WORDS:
        # Title and 主题词 must always be found. A word inside a sentence may be glued by the indexer's
        # segmenter to its neighbours (城市低保月标准), so body-only mentions are not asserted here.
        expected_items = {item["title"] for item in items if mentions(item, word, "title", "keywords")}
        expected_datasets = {dataset["title"] for dataset in datasets
                             if mentions(dataset, word, "title", "keywords", "description")}
        assert expected_items and expected_datasets, f"the sample content no longer mentions {word}"
        search(page, word)
        results = all_results(page)
        titles = {result["title"] for result in results}
        assert found(page) == len(results)
        assert expected_items <= titles, (word, expected_items - titles)
        assert expected_datasets <= titles, (word, expected_datasets - titles)
        assert any(result["marks"] for result in results), f"no highlighted match for {word}"
        # The excerpt holds only text and Pagefind's <mark>.
        assert {tag for result in results for tag in result["excerptChildren"]} <= {"MARK"}
    # Result links work with the site's URLs: the first one opens its page.
    first = page.locator(".search-result .result-title a").first
    title = first.inner_text()
    with page.expect_navigation():
        first.click()
    assert page.locator("h1").inner_text() == title


def test_exact_doc_no_and_index_no_put_their_item_first(open_page, sources):
    items, _ = sources
    recorder = open_search(open_page)
    page = recorder.page
    queries = [(item["doc_no"], item["title"]) for item in items if item.get("doc_no")]
    queries += [(item["index_no"], item["title"]) for item in items[::7]]
    # Citizens often type 文号 brackets as [ ] or ( ); the lookup accepts them.
    bracketed = next(item for item in items if "〔" in str(item.get("doc_no")))
    queries.append((bracketed["doc_no"].replace("〔", "[").replace("〕", "]"), bracketed["title"]))
    assert len(queries) > 10
    misses = []
    for query, title in queries:
        search(page, query)
        first = page.locator(".search-result .result-title a").first.inner_text()
        if first != title:
            misses.append((query, title, first))
    assert misses == []


def test_a_filter_narrows_the_results_and_sorting_by_date_orders_them(open_page):
    recorder = open_search(open_page, "?q=" + "补贴")
    page = recorder.page
    everything = found(page)
    page.locator("details.search-filters").evaluate("panel => panel.open = true")
    page.select_option("#search-filter-type", "数据集")
    page.wait_for_function(DONE)
    datasets = all_results(page)
    assert 0 < found(page) < everything
    assert all("数据集" in result["meta"] for result in datasets)
    assert parse_qs(urlparse(page.url).query) == {"q": ["补贴"], "type": ["数据集"]}
    page.select_option("#search-filter-type", "信息公开")
    page.wait_for_function(DONE)
    page.select_option("#search-sort", "date")
    page.wait_for_function(DONE)
    dates = [result["date"] for result in all_results(page)]
    assert len(dates) > 3 and None not in dates
    assert dates == sorted(dates, reverse=True)
    assert parse_qs(urlparse(page.url).query) == {"q": ["补贴"], "type": ["信息公开"], "sort": ["date"]}


def test_the_url_keeps_the_search_and_back_restores_the_previous_one(open_page):
    recorder = open_search(open_page, "?q=" + "低保" + "&year=2025")
    page = recorder.page
    assert page.input_value("#search-q") == "低保"
    assert page.input_value("#search-filter-year") == "2025"
    first_count = found(page)
    first_titles = [result["title"] for result in all_results(page)]
    search(page, "预算")
    assert parse_qs(urlparse(page.url).query) == {"q": ["预算"], "year": ["2025"]}
    page.go_back()
    page.wait_for_function(DONE)
    assert parse_qs(urlparse(page.url).query) == {"q": ["低保"], "year": ["2025"]}
    assert page.input_value("#search-q") == "低保"
    assert found(page) == first_count
    assert [result["title"] for result in all_results(page)] == first_titles


def test_an_absurd_query_says_nothing_was_found_and_offers_the_catalogue(open_page, sample_build):
    recorder = open_search(open_page, "?q=zzzxqj")
    page = recorder.page
    assert page.locator(".search-status").inner_text() == "没有找到与“zzzxqj”相关的结果"
    assert page.locator(".search-result").count() == 0
    advice = page.locator(".search-empty")
    assert advice.is_visible()
    links = dict(advice.locator("a").evaluate_all("links => links.map(link => [link.textContent, link.href])"))
    for text, path in [("按主题", "disclosures/category/"), ("按机构", "disclosures/agency/"),
                       ("按体裁", "disclosures/genre/"), ("按年份", "disclosures/year/"),
                       ("政府信息公开指南", "guide/")]:
        assert links[text] == recorder.base_url + path
        assert (sample_build[1] / path / "index.html").is_file()


def test_search_works_with_the_keyboard_alone(open_page):
    recorder = open_search(open_page)
    page = recorder.page
    page.keyboard.press("Tab")
    for _ in range(30):
        if page.evaluate("document.activeElement.id") == "search-q":
            break
        page.keyboard.press("Tab")
    else:
        pytest.fail("Tab never reached the search input")
    page.keyboard.type("医保")
    page.keyboard.press("Enter")
    page.wait_for_function(DONE)
    assert found(page) > 0
    for _ in range(30):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.matches('.search-result .result-title a')"):
            break
    else:
        pytest.fail("Tab never reached the first result")
    first = page.locator(".search-result .result-title a").first
    assert page.evaluate("document.activeElement") == first.evaluate("link => link")
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline != "none"
    target = first.evaluate("link => link.href")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.url == target and page.locator("h1").count() == 1


def test_a_375_px_phone_has_no_horizontal_scroll_and_44_px_targets(open_page):
    recorder = open_search(open_page, "?q=" + "医保" + "&type=信息公开", width=375)
    page = recorder.page
    assert found(page) > 0
    page.locator("details.search-filters").evaluate("panel => panel.open = true")
    all_results(page)
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    small = page.evaluate("""() => [...document.querySelectorAll(
        '#search-app select, #search-app button, #search-app summary, .search-result .result-title a, #search-form button, #search-q')]
        .filter(node => node.getClientRects().length && node.getBoundingClientRect().height < 44).map(node => node.outerHTML.slice(0, 80))""")
    assert small == []


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


def test_result_links_work_when_the_site_is_served_under_a_sub_path(browser, sample_build, tmp_path):
    """A county may host the portal at https://example.gov.cn/gongkai/: links must keep that prefix."""
    _, output = sample_build
    (tmp_path / "gongkai").symlink_to(output, target_is_directory=True)
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(tmp_path)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    host = f"127.0.0.1:{server.server_address[1]}"
    context = browser.new_context(locale="zh-CN", service_workers="block")
    try:
        page = context.new_page()
        requests = []
        page.on("request", lambda request: requests.append(request.url))
        page.goto(f"http://{host}/gongkai/search/?q=" + "预算")
        page.wait_for_function(DONE)
        hrefs = page.locator(".search-result .result-title a").evaluate_all("links => links.map(link => link.href)")
        assert hrefs and all(href.startswith(f"http://{host}/gongkai/") for href in hrefs)
        with page.expect_navigation():
            page.locator(".search-result .result-title a").first.click()
        assert page.url == hrefs[0] and page.locator("h1").count() == 1
        assert [url for url in requests if urlparse(url).netloc != host] == []
    finally:
        context.close()
        server.shutdown()
        server.server_close()


def _page_text(output: Path, href: str) -> str:
    """The visible text of a result's page, read from the built file (not from the search code)."""
    html = (output / urlparse(href).path.lstrip("/") / "index.html").read_text(encoding="utf-8")
    return re.sub(r"\s+", "", re.sub(r"<[^>]+>", " ", html))


def test_a_two_character_word_is_never_found_by_one_of_its_characters(open_page, sample_build):
    """Issue 14 §3: "低保" ranked 医保 notices first, matching them on 保 alone."""
    _, output = sample_build
    group = ["低保", "最低生活保障"]  # the abbreviation and its full name (issue 14 §3)
    recorder = open_search(open_page, "?q=" + "低保" + "&type=信息公开")
    page = recorder.page
    results = all_results(page)
    assert results and results[0]["title"] == "清溪县2026年第一季度城乡最低生活保障统计情况"
    assert [result["href"] for result in results if not any(word in _page_text(output, result["href"]) for word in group)] == []


def test_excerpts_are_the_pages_own_chinese_text_with_the_match_marked(open_page):
    """Issue 14 §3: snippets mixed the metadata table with English full stops."""
    recorder = open_search(open_page)
    page = recorder.page
    for word in ["低保", "医保", "临时救助", "预算"]:
        search(page, word)
        excerpts = page.eval_on_selector_all(".search-result .excerpt", "nodes => nodes.map(node => node.textContent)")
        assert excerpts
        for excerpt in excerpts:
            assert not re.search(r"[\u4e00-\u9fff，。]\. ", excerpt), excerpt
            assert not re.search(r"(文件信息|索引号|主题分类|发布机构|公开属性)\s*(\d|清溪|无|—)", excerpt), excerpt
        marks = page.eval_on_selector_all(".search-result .excerpt mark", "nodes => nodes.map(node => node.textContent)")
        assert word in marks or any(word in mark for mark in marks), (word, marks)


def test_on_a_phone_the_filters_start_folded_and_the_first_result_is_on_the_first_screen(open_page):
    """Issue 14 §3: on phones the filters were open, so the first result was 1.3 screens down."""
    recorder = open_page(width=375, height=667)
    recorder.goto("/search/?q=" + "医保" + "&type=信息公开")
    page = recorder.page
    page.wait_for_function(DONE)
    panel = page.locator("details.search-filters")
    assert panel.evaluate("panel => panel.open") is False
    assert panel.locator("summary").inner_text() == "筛选和排序（已选：信息公开）"
    title = page.locator(".search-result .result-title a").first.evaluate(
        "node => { const box = node.getBoundingClientRect(); return [box.top, box.bottom]; }")
    assert 0 < title[0] < title[1] <= 667  # the first result's whole title is on the first screen
    panel.locator("summary").click()
    assert page.input_value("#search-filter-type") == "信息公开"
    # On a wide screen the panel is open from the start.
    wide = open_search(open_page, "?q=" + "医保")
    assert wide.page.locator("details.search-filters").evaluate("panel => panel.open") is True


def test_without_a_module_worker_the_search_runs_in_the_page_and_still_finds_whole_words(open_page):
    """Browsers without module workers run the engine in the page; Pagefind must still not cut
    its tokens again (it would read <html lang="zh-CN"> and split 低保 into 低 + 保)."""
    recorder = open_page()
    page = recorder.page
    page.route("**/search-worker.js", lambda route: route.abort())
    recorder.goto("/search/?q=" + "低保" + "&type=信息公开")
    page.wait_for_function(DONE)
    assert page.locator(".search-result .result-title a").first.inner_text() == "清溪县2026年第一季度城乡最低生活保障统计情况"
    assert page.evaluate("document.documentElement.lang") == "zh-CN"
