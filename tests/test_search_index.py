"""The search index of a build: every searchable page, as tokens Pagefind does not cut again, with
excerpt text that is the page's own, synonyms applied at index time, exact facets and 文号/索引号
tables; and the page reader that decides what a page gives the index."""

from __future__ import annotations

import functools
import gzip
import http.server
import json
import os
import re
import shutil
import subprocess
import threading
from pathlib import Path

import pytest
import yaml

from types import SimpleNamespace

from gongkai.adapters.search import (UNUSED_UI_FILES, IndexIncomplete, IndexPipeline, check_index, make_bundles,
                                     page_ids, write_site_tables)
from gongkai.fastpath.parallel import WorkerFailed
from gongkai.model.vocabularies import Vocabularies
from gongkai.search import documents, text
from gongkai.search.plan import GENERAL, Shard
from gongkai.search.tables import FACETS, fnv1a, normalize_identifier, page_id, read_terms

URL = re.compile(rb"https?://")
# pagefind.js parses relative URLs against a dummy origin: new URL(`https://example.com${path}`).
URL_PARSING_BASE = b"new URL(`https://example.com${"
SIGNATURE = b"pagefind_dcd"


def _unpacked(path: Path) -> bytes:
    data = path.read_bytes()
    return gzip.decompress(data) if data[:2] == b"\x1f\x8b" else data


def _fragments(bundle: Path) -> list[dict]:
    """The stored pages: gzip of b"pagefind_dcd" + JSON."""
    return [json.loads(_unpacked(path).removeprefix(SIGNATURE))
            for path in sorted((bundle / "fragment").glob("*.pf_fragment"))]


def _shown(fragment: dict) -> str:
    """The text an excerpt is cut from: between the title block and the weighted fields."""
    stream = fragment["content"].split(" ")
    return text.read_back(stream[stream.index(documents.TITLE_END) + 1:stream.index(documents.FIELDS)])


def _front_matter(path: Path) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8").split("---", 2)[1])


def _bundles(output: Path) -> list[Path]:
    """Every shard's bundle, in the manifest's reading order."""
    manifest = json.loads((output / "search" / "manifest.json").read_text(encoding="utf-8"))
    return [output / shard["path"] for shard in manifest["shards"]]


def _all_fragments(output: Path) -> list[dict]:
    return [fragment for bundle in _bundles(output) for fragment in _fragments(bundle)]


def test_the_index_holds_every_item_dataset_agency_and_page_and_nothing_else(sample_build):
    root, output = sample_build
    entries = [json.loads((bundle / "pagefind-entry.json").read_text(encoding="utf-8")) for bundle in _bundles(output)]
    expected = sum(len(json.loads((output / "api" / name).read_text(encoding="utf-8")))
                   for name in ("disclosures.json", "datasets.json", "agencies.json"))
    expected += len(list((root / "content" / "pages").glob("*.md")))
    expected += len(list((root / "content" / "reports").glob("*/*.yaml")))  # annual reports are searchable
    assert all(list(entry["languages"]) == [documents.LANGUAGE] for entry in entries)
    assert sum(entry["languages"][documents.LANGUAGE]["page_count"] for entry in entries) == expected
    fragments = _all_fragments(output)
    urls = sorted(fragment["url"] for fragment in fragments)
    assert len(urls) == expected
    # Only main content: no catalogue, home or search page, and no header or footer text.
    assert all(url.startswith(("/disclosures/", "/datasets/", "/agencies/", "/reports/")) or url.count("/") == 2
               for url in urls)
    assert not any(url.startswith(("/disclosures/category/", "/disclosures/agency/", "/disclosures/year/",
                                   "/disclosures/genre/", "/datasets/theme/", "/search/")) for url in urls)
    # (The accessibility statement describes the skip link in its own text.)
    assert [fragment["url"] for fragment in fragments
            if "长者模式" in text.read_back(fragment["content"].split(" "))
            or "跳到主要内容" in text.read_back(fragment["content"].split(" "))] == ["/accessibility/"]


def test_excerpt_text_is_the_pages_own_chinese_text_not_its_metadata_table(sample_build):
    """Issue 14 §3: snippets read "…文件信息 索引号 … . 主题分类 社会保障. 发布机构…"."""
    root, output = sample_build
    fragments = {fragment["url"]: fragment for fragment in _all_fragments(output)}
    checked = 0
    for path in sorted((root / "content" / "disclosures").rglob("*.md")):
        meta = _front_matter(path)
        url = "/disclosures/" + re.sub(r"[^0-9A-Za-z-]", "-", meta["index_no"]) + "/"
        if url not in fragments:
            continue  # embargoed
        shown = _shown(fragments[url])
        written = path.read_text(encoding="utf-8").split("---", 2)[2]  # a body may quote them itself
        for label in ("文件信息", "索引号", "主题分类", "发布机构", "公开属性", "成文日期", "主题词", meta["index_no"]):
            assert label not in shown or label in written, (url, label)
        assert not re.search(r"[\u4e00-\u9fff]\. ", shown), (url, shown[:200])  # no English full stop after Chinese
        if meta.get("summary"):
            assert " ".join(meta["summary"].split()) in shown
        assert fragments[url]["meta"]["title"] == meta["title"]
        checked += 1
    assert checked > 50


def test_the_index_finds_the_identifiers_and_keywords_it_never_shows(sample_build):
    """索引号, 文号 and 主题词 are searched (weighted) but sit after the shown text."""
    _, output = sample_build
    for fragment in _all_fragments(output):
        if not fragment["url"].startswith("/disclosures/"):
            continue
        stream = fragment["content"].split(" ")
        hidden = stream[stream.index(documents.FIELDS) + 1:]
        assert "/" in hidden and any(token.isdigit() and len(token) == 5 for token in hidden)  # code/year-serial


def test_the_search_files_are_served_from_the_site_and_reference_nothing_outside(sample_build):
    _, output = sample_build
    primary = json.loads((output / "search" / "manifest.json").read_text(encoding="utf-8"))["primary"]
    bundle = output / primary  # Pagefind's code is published once, in the primary bundle
    assert (bundle / "pagefind.js").is_file() and bundle.resolve().is_relative_to(output.resolve())
    assert [path.name for path in (output / "pagefind").rglob("*") if path.name in UNUSED_UI_FILES] == []
    assert [path.parent for path in (output / "pagefind").rglob("pagefind.js")] == [bundle]
    code = sorted(path for path in (output / "pagefind").rglob("*") if path.is_file() and path.parent.name != "fragment")
    code += sorted((output / "search").rglob("*.*")) + sorted((output / "theme" / "js").glob("search*.js"))
    assert {path.name for path in code} >= {"search.js", "search-engine.js", "search-text.js", "search-worker.js",
                                            "manifest.json", FACETS}
    outside = []
    for path in code:
        data = _unpacked(path)
        for match in URL.finditer(data):
            if data[match.start() - len(b"new URL(`"):match.start() + len(b"https://example.com${")] != URL_PARSING_BASE:
                outside.append((path.relative_to(output).as_posix(), data[match.start():match.start() + 60]))
    assert outside == []
    # Fragments are page text: their only address is the page's own root-relative URL.
    assert all(fragment["url"].startswith("/") and not fragment["url"].startswith("//")
               for fragment in _all_fragments(output))
    page = (output / "search" / "index.html").read_text(encoding="utf-8")
    assets = re.findall(r'<(?:script|link)[^>]*(?:src|href)="([^"]+)"', page)
    assert "../theme/js/search.js" in assets and "../theme/css/search.css" in assets
    assert [asset for asset in assets if not asset.startswith("../")] == []


def test_facets_give_every_page_its_id_date_and_filters_as_the_sources_say(sample_build):
    root, output = sample_build
    manifest = json.loads((output / "search" / "manifest.json").read_text(encoding="utf-8"))
    rows = {}
    for shard in manifest["shards"]:
        bundle = output / shard["path"]
        table = json.loads((bundle / FACETS).read_text(encoding="utf-8"))
        ids = {page: url for url, page in page_ids(bundle).items()}
        assert len(table["dates"]) == len(ids) == shard["pages"]
        for number in range(shard["pages"]):
            filters = {}
            for name, column in table["filters"].items():
                entry = column["of"][number] if isinstance(column["of"], list) else column["of"]
                if entry is not None:
                    filters[name] = [column["values"][i] for i in (entry if isinstance(entry, list) else [entry])]
            # Pagefind's id of the page is the shard's key and the page's number: the facets row
            rows[ids[page_id(shard["key"], number)]] = (table["dates"][number], table["titles"][number], filters)
    agencies = {agency["id"]: agency["name"]
                for agency in yaml.safe_load((root / "content" / "agencies.yaml").read_text(encoding="utf-8"))}
    checked = 0
    for path in sorted((root / "content" / "disclosures").rglob("*.md")):
        meta = _front_matter(path)
        url = "/disclosures/" + re.sub(r"[^0-9A-Za-z-]", "-", meta["index_no"]) + "/"
        if url not in rows:
            continue
        date, title, filters = rows[url]
        assert date == int(meta["published"].strftime("%Y%m%d"))
        assert filters["类型"] == ["信息公开"]
        assert filters["发布机构"] == [agencies[meta["agency"]]]
        assert filters["主题分类"] == [meta["category"]]
        assert filters["体裁"] == [meta["genre"]]
        assert filters["年份"] == [str(meta["published"].year)]
        title_block = documents.title_tokens(documents.SearchDoc("", meta["title"]))
        assert title >= len(title_block)  # the title block's length: the title and its synonyms
        checked += 1
    assert checked > 50
    assert rows["/guide/"][0] == 0 and rows["/guide/"][2]["类型"] == ["页面"]
    # The site's counts are the sum over the shards, for every filter value.
    totals = {}
    for _, _, filters in rows.values():
        for name, values in filters.items():
            for value in values:
                totals.setdefault(name, {})[value] = totals.setdefault(name, {}).get(value, 0) + 1
    assert manifest["totals"] == totals


def test_the_identifier_table_finds_each_doc_no_and_index_no_in_its_bucket(sample_build):
    _, output = sample_build
    folder = output / "search" / "ids"
    buckets = json.loads((output / "search" / "manifest.json").read_text(encoding="utf-8"))["identifier_buckets"]
    pages = {page for bundle in _bundles(output) for page in page_ids(bundle).values()}
    assert buckets == len(list(folder.glob("*.json")))
    for record in json.loads((output / "api" / "disclosures.json").read_text(encoding="utf-8")):
        for field in ("doc_no", "index_no"):
            if record.get(field):
                key = normalize_identifier(record[field])
                bucket = json.loads((folder / f"{fnv1a(key) % buckets}.json").read_text(encoding="utf-8"))
                shown = [entry for entry in bucket[key] if entry["url"] == record["url"]]
                assert len(shown) == 1 and shown[0]["title"] == record["title"]
                assert shown[0]["page"] in pages  # the Pagefind id of the item, so it is not listed twice
                assert shown[0]["date"] == record["published"] and shown[0]["index_no"] == record["index_no"]
    assert normalize_identifier(" 清医保发[2024] 3号") == normalize_identifier("清医保发〔2024〕3号") == "清医保发〔2024〕3号"
    assert normalize_identifier("11431234mb0000001x/2024-00012") == "11431234MB0000001X/2024-00012"
    # The same FNV-1a as search-text.js: a published test vector.
    assert fnv1a("a") == 0xE40C292C


# --- what a page gives the index ---------------------------------------------------------------

PAGE = """<!DOCTYPE html><html lang="zh-CN"><head><title>x</title></head><body>
<nav>导航 不收录</nav>
<article data-pagefind-body>
  <span hidden data-pagefind-ignore data-pagefind-filter="类型">信息公开</span>
  <span hidden data-pagefind-ignore data-pagefind-meta="date">2026-04-15</span>
  <span hidden data-pagefind-ignore data-pagefind-sort="date">2026-04-15</span>
  <span data-pagefind-filter="年份:2026"></span>
  <h1 data-pagefind-meta="title">城乡低保统计</h1>
  <table><caption data-pagefind-ignore>文件信息</caption><tbody>
    <tr><th data-pagefind-ignore>索引号</th><td data-pagefind-weight="10">11431234MB1520035C/2026-00013</td></tr>
    <tr data-pagefind-ignore><th>发布日期</th><td>2026-04-15</td></tr>
  </tbody></table>
  <p>截至3月底，全县<strong>低保</strong>对象<br>4,361户。</p><script>ignored()</script>
  <ul><li>一</li><li>二</li></ul><img src="x.png" alt="图">
</article>
<footer>页脚 不收录</footer></body></html>"""


def test_a_page_gives_its_title_body_weighted_fields_filters_and_meta():
    doc = documents.read_page("disclosures/x/index.html", PAGE)
    assert doc.url == "/disclosures/x/"
    assert doc.title == "城乡低保统计"
    assert doc.meta == {"date": "2026-04-15", "title": "城乡低保统计"}
    assert doc.filters == {"类型": ["信息公开"], "年份": ["2026"]}
    assert doc.sort == {"date": "2026-04-15"}
    assert doc.body == "截至3月底，全县低保对象\n4,361户。\n一\n二"
    assert doc.fields == [(10.0, "11431234MB1520035C/2026-00013")]
    stream = text.tokens(doc.body.replace("\n", " "))
    assert text.read_back(stream) == "截至3月底，全县低保对象 4,361户。 一 二"


def test_a_page_without_a_searchable_region_is_refused():
    with pytest.raises(documents.NotSearchable, match="data-pagefind-body"):
        documents.read_page("x/index.html", "<html><body><p>没有</p></body></html>")


def test_synonyms_come_from_the_heaviest_text_holding_a_word_of_their_group():
    doc = documents.SearchDoc("x/index.html", "城乡最低生活保障统计", body="医保缴费，社保", fields=[(5.0, "社会保险")])
    groups = [("低保", "最低生活保障"), ("医保", "医疗保险"), ("社保", "社会保险"), ("公积金", "住房公积金")]
    assert documents.synonyms_of([(1.0, doc.body)] + doc.fields, groups) == [(1.0, "医疗保险")]  # 社保: both there
    assert documents.synonyms_of([(1.0, "医保")] + doc.fields, groups) == [(5.0, "社保"), (1.0, "医疗保险")]
    assert documents.title_tokens(doc, groups)[-3:] == [text.GAP, "低保", "保"]


# --- real Pagefind over tiny sites, queried by the site's own pagefind.js in Node ----------------

SENTENCE = "清溪县全面落实城乡居民最低生活保障政策，确保应保尽保。"


def _tiny_site(folder: Path) -> Path:
    folder.mkdir()
    for number, body in enumerate([SENTENCE, "县财政局公布年度预算执行情况。"]):
        page = folder / f"p{number}" / "index.html"
        page.parent.mkdir()
        page.write_text(f'<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8"><title>页面{number}</title></head>'
                        f'<body><nav>导航</nav><main data-pagefind-body><h1 data-pagefind-meta="title">页面{number}</h1>'
                        f"<p>{body}</p></main></body></html>", encoding="utf-8")
    return folder


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


def _search_with_node(site: Path, query: str) -> list[str]:
    """Run the site's own pagefind.js in Node (no page language there, as in the search worker)
    against the site served over HTTP; return result URLs."""
    node = shutil.which("node")
    if node is None:
        pytest.fail("Node.js is needed to query a Pagefind index outside the browser: run `make test` (it installs it, or says how).")
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    script = ("const [bundle, base, query] = process.argv.slice(1);"
              "const pagefind = await import(bundle);"
              "await pagefind.options({ basePath: base, baseUrl: '/' });"
              "const search = await pagefind.search(query);"
              "const urls = [];"
              "for (const result of search.results) urls.push((await result.data()).url);"
              "console.log(JSON.stringify(urls.sort()));")
    try:
        run = subprocess.run([node, "--input-type=module", "-e", script, "--",
                              (site / "pagefind" / GENERAL / "pagefind.js").as_uri(),
                              f"http://127.0.0.1:{server.server_address[1]}/pagefind/general/", query],
                             check=True, capture_output=True, text=True, timeout=60)
    finally:
        server.shutdown()
        server.server_close()
    return json.loads(run.stdout.strip().splitlines()[-1])


TINY = [Shard(GENERAL, ("p0/index.html", "p1/index.html"), primary=True)]


def _tiny_index(site: Path, shards=TINY, synonyms=()) -> dict:
    return index_site(site, shards, SimpleNamespace(vocabularies=Vocabularies(search_synonyms=synonyms), items=[]))


def test_the_index_holds_bigrams_that_no_word_segmenter_cuts_again(tmp_path):
    site = _tiny_site(tmp_path / "zh")
    assert _tiny_index(site)["languages"] == [documents.LANGUAGE]
    (stored,) = [fragment for fragment in _fragments(site / "pagefind" / GENERAL) if fragment["url"] == "/p0/"]
    assert "生活" in stored["content"].split(" ") and "\u200b" not in stored["content"]
    assert _search_with_node(site, "生活") == ["/p0/"]  # a bigram inside a run
    assert _search_with_node(site, '"最低 低生 生活 活保 保障"') == ["/p0/"]  # a phrase: consecutive bigrams
    assert _search_with_node(site, '"保政 县财"') == []  # no phrase across two pages' runs
    assert _search_with_node(site, "预算") == ["/p1/"]
    assert _search_with_node(site, "低保") == []  # not in the text, and no synonyms given


def test_synonyms_of_the_vocabulary_are_applied_at_index_time(tmp_path):
    site = _tiny_site(tmp_path / "zh")
    _tiny_index(site, synonyms=[("低保", "最低生活保障")])
    assert _search_with_node(site, "低保") == ["/p0/"]
    manifest = json.loads((site / "search" / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["synonyms"] == [["低保", "最低生活保障"]] and manifest["primary"] == "pagefind/general/"
    assert "低保" in read_terms(site / "pagefind" / GENERAL)  # the shard routing knows the synonym too


def test_a_page_in_a_segmented_language_is_refused_by_the_index_check(tmp_path):
    site = _tiny_site(tmp_path / "zh")
    _tiny_index(site)
    entry = site / "pagefind" / GENERAL / "pagefind-entry.json"
    entry.write_text(entry.read_text(encoding="utf-8").replace('"und"', '"zh-cn"'), encoding="utf-8")
    with pytest.raises(IndexIncomplete, match=documents.LANGUAGE):
        check_index(site, TINY)
    with pytest.raises(IndexIncomplete, match="收录了 2 个页面，应为 3 个"):
        entry.write_text(entry.read_text(encoding="utf-8").replace('"zh-cn"', '"und"'), encoding="utf-8")
        check_index(site, [Shard(GENERAL, ("p0/index.html", "p1/index.html", "p2/index.html"), primary=True)])


def test_the_pipeline_indexes_each_shard_once_its_pages_are_announced(tmp_path):
    site = _tiny_site(tmp_path / "zh")
    shards = [Shard(GENERAL, ("p0/index.html",), primary=True), Shard("2026", ("p1/index.html",))]
    pipeline = IndexPipeline(tmp_path)
    pipeline.index(site, shards)
    pipeline.written(0)
    pipeline.written(1)
    _, keys = pipeline.wait()
    assert check_index(site, shards)["bundles"] == 2 and sorted(keys) == ["pagefind/2026", "pagefind/general"]
    assert (site / "pagefind" / "2026" / "pagefind-entry.json").is_file() and (site / "pagefind" / "2026" / FACETS).is_file()
    assert sorted(page_ids(site / "pagefind" / "2026").values()) == [page_id("2026", 0)]


def test_a_shard_never_announced_fails_the_index_instead_of_waiting_for_ever(tmp_path):
    site = _tiny_site(tmp_path / "zh")
    pipeline = IndexPipeline(tmp_path)
    pipeline.index(site, [Shard(GENERAL, ("p0/index.html",), primary=True), Shard("2026", ("p1/index.html",))])
    pipeline.written(0)
    with pytest.raises(WorkerFailed, match="建立搜索索引"):
        pipeline.wait()
    assert not (site / "pagefind" / "2026").exists()


def test_a_pipeline_given_no_pages_ends_without_an_index(tmp_path):
    # The build forks its indexer before it loads the site; a build stopped by a content error
    # never gives it pages: waiting then says so, cancelling ends the process.
    waited = IndexPipeline(tmp_path)
    with pytest.raises(IndexIncomplete, match="没有启动搜索索引"):
        waited.wait()
    cancelled = IndexPipeline(tmp_path)
    pid = cancelled.background.pid
    cancelled.cancel()
    assert cancelled.background.pid is None
    with pytest.raises(ChildProcessError):
        os.waitpid(pid, os.WNOHANG)
    assert not waited.report.exists() and not cancelled.report.exists()


def index_site(output: Path, shards: list[Shard], site) -> dict:
    """The whole search step in one call, with no reuse: the bundles, their check and the site tables."""
    make_bundles(output, shards, synonyms=site.vocabularies.search_synonyms)
    result = check_index(output, shards)
    write_site_tables(output, shards, site)
    return result
