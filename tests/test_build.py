"""Real Pelican builds: the sample site gets every page; a failed build leaves output untouched."""

import datetime as dt
import json
import subprocess
from pathlib import Path

import pytest

from gongkai.build.build import build
from gongkai.build.context import BuildOptions
from gongkai.fastpath.cache import cache_dir
from gongkai.model.disclosure import slugify
from gongkai.outputs.links import OutputLinks
from gongkai.core.builddate import build_date
from gongkai.check import check_site
from support import BUILD_EPOCH, REPO, tree_digest, write_item


def test_sample_site_is_clean():
    site, problems = check_site(REPO, BUILD_EPOCH)
    assert [p.render() for p in problems if p.is_error] == []
    assert len(site.agencies) >= 8
    assert len(site.items) >= 40
    assert len({item.year for item in site.items}) >= 3
    assert len(site.datasets) >= 6
    assert {page.slug for page in site.pages} >= {"about", "guide", "accessibility"}


def test_every_item_dataset_agency_and_page_gets_its_page(sample_build):
    root, output = sample_build
    site, _ = check_site(root, BUILD_EPOCH)
    expected = [f"{item.url}index.html" for item in site.items]
    expected += [f"{agency.url}index.html" for agency in site.agencies]
    expected += [f"datasets/{dataset.name}/index.html" for dataset in site.datasets]
    expected += [f"{page.url}index.html" for page in site.pages]
    expected += ["index.html", "404.html", "disclosures/index.html", "datasets/index.html", "agencies/index.html",
                 "search/index.html", "sitemap.xml", "robots.txt", "feeds/all.atom.xml"]
    missing = [path for path in expected if not (output / path).is_file()]
    assert missing == []
    for item in site.items:
        html = (output / item.url / "index.html").read_text(encoding="utf-8")
        assert '<html lang="zh-CN">' in html
        assert item.index_no in html


def test_pages_carry_the_skeleton(sample_build):
    _, output = sample_build
    html = (output / "index.html").read_text(encoding="utf-8")
    assert 'href="#main"' in html and 'id="main"' in html
    for label in ("首页", "信息公开", "开放数据", "机构", "搜索", "关于"):
        assert f">{label}</a>" in html
    assert "无障碍声明" in html and "示例" in html
    assert 'name="viewport"' in html


def test_no_page_loads_anything_from_elsewhere(sample_build):
    _, output = sample_build
    offenders = []
    for page in output.rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        for marker in ('src="http', "src='http", 'href="//', "@import", "fonts.googleapis", 'rel="stylesheet" href="http'):
            if marker in text:
                offenders.append((page.relative_to(output).as_posix(), marker))
    assert offenders == []


def test_build_manifest_lists_every_file(sample_build):
    _, output = sample_build
    manifest = json.loads((output / "build.json").read_text(encoding="utf-8"))
    files = {k: v for k, v in tree_digest(output).items() if k != "build.json"}
    assert manifest["files"] == files


def test_content_error_stops_the_build_and_keeps_the_old_output(mini_site):
    output = mini_site / "output"
    assert build(mini_site, mini_site / "pelicanconf.py", output) == 0
    before = tree_digest(output)
    write_item(mini_site, "2025/bad.md", index_no="11430000MB0000001B/2025-00009", published="2025-02-30")
    assert build(mini_site, mini_site / "pelicanconf.py", output) == 1
    assert tree_digest(output) == before
    assert [p.name for p in mini_site.iterdir() if p.name.startswith((".output-tmp-", ".output-old-"))] == []


def test_a_content_error_stops_the_charts_drawn_while_loading(tmp_path):
    """Charts are drawn in other processes while the items load; an item error stops them too."""
    import multiprocessing

    from support import copy_sample_site

    site = copy_sample_site(tmp_path / "site")
    assert any(site.glob("datasets/*/datapackage.yaml"))
    bad = next(iter(sorted((site / "content" / "disclosures").rglob("*.md"))))
    bad.write_text(bad.read_text(encoding="utf-8").replace("published: ", "published: 2025-02-30\nx_old: ", 1),
                   encoding="utf-8")
    assert build(site, site / "pelicanconf.py", site / "output") == 1
    assert not (site / "output").exists()
    assert multiprocessing.active_children() == []


@pytest.mark.parametrize("failure", [RuntimeError("磁盘已满"), KeyError("x")])
def test_failure_after_rendering_leaves_output_intact(mini_site, failure):
    output = mini_site / "output"
    assert build(mini_site, mini_site / "pelicanconf.py", output) == 0
    before = tree_digest(output)
    write_item(mini_site, "2025/new.md", title="新的一条", index_no="11430000MB0000001B/2025-00010")

    def explode(target, site):
        assert (target / "index.html").is_file()  # the new build was really written ...
        raise failure  # ... and then a late step fails

    assert build(mini_site, mini_site / "pelicanconf.py", output, after_render=explode) == 1
    assert tree_digest(output) == before
    assert [p.name for p in mini_site.iterdir() if p.name.startswith((".output-tmp-", ".output-old-"))] == []


def edited_template_fails_and_keeps_output(site, old, new):
    output = site / "output"
    assert build(site, site / "pelicanconf.py", output) == 0
    before = tree_digest(output)
    page = site / "theme" / "templates" / "page.html"
    text = page.read_text(encoding="utf-8")
    assert old in text
    page.write_text(text.replace(old, new), encoding="utf-8")
    assert build(site, site / "pelicanconf.py", output) == 1
    assert tree_digest(output) == before


def test_template_error_is_fatal_and_keeps_output(mini_site):
    edited_template_fails_and_keeps_output(mini_site, "{{ page.title }}", "{{ page.title.no_such() }}")


def test_stale_temporary_folders_are_cleaned(mini_site):
    output = mini_site / "output"
    stale = mini_site / ".output-tmp-output-99999"
    (stale / "half").mkdir(parents=True)
    assert build(mini_site, mini_site / "pelicanconf.py", output) == 0
    assert not stale.exists()


def test_interrupted_swap_is_restored(mini_site):
    output = mini_site / "output"
    assert build(mini_site, mini_site / "pelicanconf.py", output) == 0
    before = tree_digest(output)
    output.rename(mini_site / ".output-old-output-12345")  # as if killed between the two renames
    from gongkai.build.build import clean_stale
    clean_stale(output)
    assert tree_digest(output) == before


def test_the_replaced_output_is_removed_after_the_build_returns(mini_site):
    """The old tree is removed by a process the build does not wait for; it is gone soon after,
    and the live output is the new build in the meantime."""
    import time

    output = mini_site / "output"
    assert build(mini_site, mini_site / "pelicanconf.py", output) == 0
    first = tree_digest(output)
    write_item(mini_site, "2025/later.md", title="后来的一条", index_no="11430000MB0000001B/2025-00011")
    assert build(mini_site, mini_site / "pelicanconf.py", output) == 0
    assert tree_digest(output) != first
    deadline = time.monotonic() + 60
    while [p for p in mini_site.iterdir() if p.name.startswith(".output-old-")] and time.monotonic() < deadline:
        time.sleep(0.05)
    assert [p.name for p in mini_site.iterdir() if p.name.startswith((".output-tmp-", ".output-old-"))] == []


def test_build_date_is_the_china_calendar_day():
    assert build_date(BUILD_EPOCH).isoformat() == "2026-11-25"
    assert build_date(BUILD_EPOCH - 1).isoformat() == "2026-11-24"


def test_make_html_builds_from_the_makefile(tmp_path):
    """`make html` in a copy of the repository (sharing this .venv) builds the demo portal."""
    result = subprocess.run(["make", "-n", "html"], cwd=REPO, capture_output=True, text=True)
    assert "gongkai build --settings pelicanconf.py --output output" in result.stdout


def test_a_broken_link_in_a_template_fails_the_build(mini_site):
    edited_template_fails_and_keeps_output(mini_site, "</article>", '<a href="{{ SITEURL }}/nowhere/">x</a></article>')


def test_every_link_in_the_sample_build_resolves(sample_build):
    _, output = sample_build
    assert broken_links_in_output(output) == []


def test_a_concurrent_build_is_refused_and_changes_nothing(mini_site):
    import fcntl

    output = mini_site / "output"
    assert build(mini_site, mini_site / "pelicanconf.py", output) == 0
    before = tree_digest(output)
    with open(mini_site / ".output-lock-output", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # as if another build were running
        assert build(mini_site, mini_site / "pelicanconf.py", output) == 1
    assert tree_digest(output) == before


def test_a_rebuild_reuses_unchanged_parts_and_gives_the_same_bytes(tmp_path):
    """Cached Markdown/charts and the previous build's dataset files and search bundles are reused,
    and what comes out is byte-identical to a cold build of the same sources."""
    from support import copy_sample_site

    cold = copy_sample_site(tmp_path / "cold")
    warm = copy_sample_site(tmp_path / "warm")
    assert build(warm, warm / "pelicanconf.py", warm / "output") == 0
    first_zip = (warm / "output" / "datasets" / "hotline-12345-monthly" / "hotline-12345-monthly.zip").stat().st_ino
    edited = sorted((warm / "content" / "disclosures").rglob("*.md"))[3]
    edited.write_text(edited.read_text(encoding="utf-8") + "\n补充说明。\n", encoding="utf-8")
    cold_edited = cold / edited.relative_to(warm)
    cold_edited.write_text(edited.read_text(encoding="utf-8"), encoding="utf-8")
    assert build(warm, warm / "pelicanconf.py", warm / "output") == 0
    assert (cache_dir(warm) / "markup").is_dir()
    # the unchanged dataset's zip is the previous build's file, linked, not rewritten
    assert (warm / "output" / "datasets" / "hotline-12345-monthly" / "hotline-12345-monthly.zip").stat().st_ino == first_zip
    assert build(cold, cold / "pelicanconf.py", cold / "output", options=BuildOptions.slow()) == 0
    assert tree_digest(warm / "output") == tree_digest(cold / "output")
    index_no = next(line.split(": ", 1)[1] for line in edited.read_text(encoding="utf-8").splitlines() if line.startswith("index_no: "))
    page = warm / "output" / "disclosures" / slugify(index_no) / "index.html"
    assert "补充说明" in page.read_text(encoding="utf-8")


def test_without_source_date_epoch_the_build_date_is_today_in_china():
    from gongkai.core.builddate import source_epoch

    # 2026-11-27 17:30 UTC is already 2026-11-28 01:30 in China.
    late_evening_utc = dt.datetime(2026, 11, 27, 17, 30, tzinfo=dt.timezone.utc).timestamp()
    epoch = source_epoch(environ={}, now=late_evening_utc)
    assert build_date(epoch).isoformat() == "2026-11-28"
    assert epoch == source_epoch(environ={}, now=late_evening_utc + 3600)  # the same all day: same bytes
    assert source_epoch(environ={"SOURCE_DATE_EPOCH": "1764000000"}) == 1764000000


def test_a_rebuild_on_a_later_date_equals_a_cold_build_on_that_date(tmp_path, monkeypatch):
    """Issue 13's first bug: the search shards were reused by a second description of the pages
    that left out the build date, so a dataset page said 已逾期 143 天 while its search entry
    still said 133. Reuse is now decided from the pages' bytes."""
    from support import copy_sample_site

    root = copy_sample_site(tmp_path / "site")
    assert build(root, root / "pelicanconf.py", root / "output") == 0
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(BUILD_EPOCH + 10 * 86400))
    assert build(root, root / "pelicanconf.py", root / "output") == 0
    assert build(root, root / "pelicanconf.py", tmp_path / "cold", options=BuildOptions.slow()) == 0
    warm, cold = tree_digest(root / "output"), tree_digest(tmp_path / "cold")
    assert sorted(name for name in set(warm) | set(cold) if warm.get(name) != cold.get(name)) == []


def test_a_resource_too_long_for_excel_offers_no_xlsx_and_the_build_links_none(tmp_path, monkeypatch):
    """Issue 13's second bug: the writer dropped the XLSX download after the dataset page linked it.
    The formats are decided when the model is built (downloadsizes), never while writing."""
    from gongkai.core import limits
    from gongkai.outputs import downloads
    from support import copy_sample_site

    monkeypatch.setattr(limits, "EXCEL_MAX_ROWS", 3)
    monkeypatch.setattr(downloads, "EXCEL_MAX_ROWS", 3)
    root = copy_sample_site(tmp_path / "site")
    assert build(root, root / "pelicanconf.py", root / "output") == 0
    page = (root / "output" / "datasets" / "hotline-12345-monthly" / "index.html").read_text(encoding="utf-8")
    assert ".xlsx" not in page
    assert not list((root / "output" / "datasets" / "hotline-12345-monthly").glob("*.xlsx"))


def test_a_rebuild_in_small_search_shards_reindexes_only_the_edited_shard_and_equals_the_slow_twin(tmp_path):
    """Search shards (search/plan.py) are reused only when their pages are the same bytes: an edit
    to one old item re-indexes its shard alone (and the primary one, whose pages carry the build's
    listings), and the result is the slow twin's, byte for byte."""
    from support import copy_sample_site

    small = {"GONGKAI_SEARCH_SHARD_PAGES": 8}
    root = copy_sample_site(tmp_path / "site")
    output = root / "output"
    assert build(root, root / "pelicanconf.py", output, overrides=small) == 0
    manifest = json.loads((output / "search" / "manifest.json").read_text(encoding="utf-8"))
    assert len(manifest["shards"]) > 3
    entries = {shard["key"]: (output / shard["path"] / "pagefind-entry.json").stat().st_ino for shard in manifest["shards"]}
    oldest = manifest["shards"][-1]
    edited = next(path for path in sorted((root / "content" / "disclosures").rglob("*.md"))
                  if f"published: {oldest['first']}" in path.read_text(encoding="utf-8"))
    edited.write_text(edited.read_text(encoding="utf-8") + "\n补充说明。\n", encoding="utf-8")
    assert build(root, root / "pelicanconf.py", output, overrides=small) == 0
    after = {shard["key"]: (output / shard["path"] / "pagefind-entry.json").stat().st_ino
             for shard in json.loads((output / "search" / "manifest.json").read_text(encoding="utf-8"))["shards"]}
    assert after.keys() == entries.keys()
    remade = sorted(key for key in entries if after[key] != entries[key])
    assert oldest["key"] in remade and len(remade) < len(entries) - 2  # the others were linked, not remade
    assert build(root, root / "pelicanconf.py", tmp_path / "slow", overrides=small, options=BuildOptions.slow()) == 0
    assert different_files(tree_digest(output), tree_digest(tmp_path / "slow")) == []


def different_files(a: dict, b: dict) -> list[str]:
    return sorted(name for name in set(a) | set(b) if a.get(name) != b.get(name))


def broken_links_in_output(output: Path, siteurl: str = "") -> list[tuple[str, str]]:
    """(page, reference) for every internal href/src in a finished build that resolves to no file."""
    links = OutputLinks(siteurl)
    files = set()
    for path in sorted(output.rglob("*")):
        if path.is_file():
            rel = path.relative_to(output).as_posix()
            files.add(rel)
            if rel.endswith(".html"):
                links.visit(rel, path.read_bytes())
    return links.broken(files)
