"""The Pagefind index of a build: Chinese only, every searchable page, self-contained; and why <html lang> matters."""

from __future__ import annotations

import functools
import gzip
import http.server
import json
import re
import shutil
import subprocess
import threading
from pathlib import Path

import pytest

from gongkai.fastpath.parallel import WorkerFailed
from gongkai.adapters.search import (UNUSED_UI_FILES, IndexIncomplete, IndexPipeline, check_index, fnv1a, index_site,
                            normalize_identifier, write_identifier_table)

URL = re.compile(rb"https?://")
# pagefind.js and its worker parse relative URLs against a dummy origin: new URL(`https://example.com${path}`).
URL_PARSING_BASE = b"new URL(`https://example.com${"
SENTENCE = "清溪县全面落实城乡居民医保政策，确保应保尽保。"
WORD = "医保"


def _unpacked(path: Path) -> bytes:
    data = path.read_bytes()
    return gzip.decompress(data) if data[:2] == b"\x1f\x8b" else data


def _fragments(bundle: Path) -> list[dict]:
    """The stored pages: gzip of b"pagefind_dcd" + JSON."""
    return [json.loads(_unpacked(path).removeprefix(b"pagefind_dcd"))
            for path in sorted((bundle / "fragment").glob("*.pf_fragment"))]


def test_the_index_is_chinese_only_and_holds_every_item_dataset_agency_and_page(sample_build):
    root, output = sample_build
    entry = json.loads((output / "pagefind" / "pagefind-entry.json").read_text(encoding="utf-8"))
    expected = sum(len(json.loads((output / "api" / name).read_text(encoding="utf-8")))
                   for name in ("disclosures.json", "datasets.json", "agencies.json"))
    expected += len(list((root / "content" / "pages").glob("*.md")))
    expected += len(list((root / "content" / "reports").glob("*/*.yaml")))  # annual reports are searchable
    assert list(entry["languages"]) == ["zh-cn"]
    assert entry["languages"]["zh-cn"]["page_count"] == expected
    urls = sorted(fragment["url"] for fragment in _fragments(output / "pagefind"))
    assert len(urls) == expected
    # Only main content: no catalogue, home or search page, and no header or footer text.
    assert all(url.startswith(("/disclosures/", "/datasets/", "/agencies/", "/reports/")) or url.count("/") == 2
               for url in urls)
    assert not any(url.startswith(("/disclosures/category/", "/disclosures/agency/", "/disclosures/year/",
                                   "/disclosures/genre/", "/datasets/theme/", "/search/")) for url in urls)
    assert not any("长者模式" in fragment["content"] or "跳到主要内容" in fragment["content"]
                   for fragment in _fragments(output / "pagefind"))


def test_the_search_bundle_is_served_from_the_site_and_references_nothing_outside(sample_build):
    _, output = sample_build
    bundle = output / "pagefind"
    assert (bundle / "pagefind.js").is_file() and bundle.resolve().is_relative_to(output.resolve())
    assert [name for name in UNUSED_UI_FILES if (bundle / name).exists()] == []
    code = sorted(path for path in bundle.rglob("*") if path.is_file() and path.parent.name != "fragment")
    code += sorted((output / "search").rglob("*.*")) + [output / "theme" / "js" / "search.js"]
    outside = []
    for path in code:
        data = _unpacked(path)
        for match in URL.finditer(data):
            if data[match.start() - len(b"new URL(`"):match.start() + len(b"https://example.com${")] != URL_PARSING_BASE:
                outside.append((path.relative_to(output).as_posix(), data[match.start():match.start() + 60]))
    assert outside == []
    # Fragments are page text: their only address is the page's own root-relative URL.
    assert all(fragment["url"].startswith("/") and not fragment["url"].startswith("//")
               for fragment in _fragments(bundle))
    page = (output / "search" / "index.html").read_text(encoding="utf-8")
    assets = re.findall(r'<(?:script|link)[^>]*(?:src|href)="([^"]+)"', page)
    assert "../theme/js/search.js" in assets and "../theme/css/search.css" in assets
    assert [asset for asset in assets if not asset.startswith("../")] == []


def test_the_identifier_table_finds_each_doc_no_and_index_no_in_its_shard(sample_build):
    _, output = sample_build
    table = output / "search" / "ids"
    shards = json.loads((table / "index.json").read_text(encoding="utf-8"))["shards"]
    for record in json.loads((output / "api" / "disclosures.json").read_text(encoding="utf-8")):
        for field in ("doc_no", "index_no"):
            if record.get(field):
                key = normalize_identifier(record[field])
                shard = json.loads((table / f"{fnv1a(key) % shards}.json").read_text(encoding="utf-8"))
                assert [record["url"], record["index_no"]] in shard[key]
    assert normalize_identifier(" 清医保发[2024] 3号") == normalize_identifier("清医保发〔2024〕3号") == "清医保发〔2024〕3号"
    assert normalize_identifier("11431234mb0000001x/2024-00012") == "11431234MB0000001X/2024-00012"
    # The same FNV-1a as search.js: a published test vector.
    assert fnv1a("a") == 0xE40C292C
    assert write_identifier_table(output / "no-such-site") == 0


def _tiny_site(folder: Path, lang: str) -> Path:
    folder.mkdir()
    for number, text in enumerate([SENTENCE, "县财政局公布年度预算执行情况。"]):
        page = folder / f"p{number}" / "index.html"
        page.parent.mkdir()
        page.write_text(f'<!DOCTYPE html><html lang="{lang}"><head><meta charset="utf-8"><title>页面{number}</title></head>'
                        f"<body><nav>导航</nav><main data-pagefind-body><h1>页面{number}</h1><p>{text}</p></main></body></html>",
                        encoding="utf-8")
    return folder


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


def _search_with_node(site: Path, query: str) -> list[str]:
    """Run the site's own pagefind.js in Node against the site served over HTTP; return result URLs."""
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
              "console.log(JSON.stringify(urls));")
    try:
        run = subprocess.run([node, "--input-type=module", "-e", script, "--",
                              (site / "pagefind" / "pagefind.js").as_uri(),
                              f"http://127.0.0.1:{server.server_address[1]}/pagefind/", query],
                             check=True, capture_output=True, text=True, timeout=60)
    finally:
        server.shutdown()
        server.server_close()
    return json.loads(run.stdout.strip().splitlines()[-1])


def test_html_lang_zh_cn_segments_chinese_and_lang_en_does_not(tmp_path):
    chinese = _tiny_site(tmp_path / "zh", "zh-CN")
    assert index_site(chinese, [["p0/index.html", "p1/index.html"]], 2)["languages"] == ["zh-cn"]
    (stored,) = [fragment for fragment in _fragments(chinese / "pagefind") if fragment["url"] == "/p0/"]
    assert WORD in stored["content"].split("\u200b")  # the indexer cut the sentence into words
    assert _search_with_node(chinese, WORD) == ["/p0/"]

    english = _tiny_site(tmp_path / "en", "en")
    with pytest.raises(IndexIncomplete, match="zh-cn"):
        index_site(english, [["p0/index.html", "p1/index.html"]], 2)
    entry = json.loads((english / "pagefind" / "pagefind-entry.json").read_text(encoding="utf-8"))
    assert list(entry["languages"]) == ["en"]
    (stored,) = [fragment for fragment in _fragments(english / "pagefind") if fragment["url"] == "/p0/"]
    assert "\u200b" not in stored["content"]  # the whole sentence is one "word"
    assert _search_with_node(english, WORD) == []


def test_the_pipeline_indexes_each_shard_once_its_pages_are_announced(tmp_path):
    site = _tiny_site(tmp_path / "zh", "zh-CN")
    shards = [["p0/index.html"], ["p1/index.html"]]
    pipeline = IndexPipeline(site, shards, reuse={})
    pipeline.start(written_up_to=0)
    pipeline.written(1)
    pipeline.wait()
    assert check_index(site, 2, len(shards))["bundles"] == 2
    assert (site / "pagefind-2" / "pagefind-entry.json").is_file()


def test_a_shard_never_announced_fails_the_index_instead_of_waiting_for_ever(tmp_path):
    site = _tiny_site(tmp_path / "zh", "zh-CN")
    pipeline = IndexPipeline(site, [["p0/index.html"], ["p1/index.html"]], reuse={})
    pipeline.start(written_up_to=0)
    with pytest.raises(WorkerFailed, match="建立搜索索引"):
        pipeline.wait()
    assert not (site / "pagefind-2").exists()
