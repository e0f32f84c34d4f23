"""The build's check cache (fastpath/checked.py): a warm check finds exactly what a full check finds,
and checks again only the files whose bytes (or whose attachments' entries) changed."""

from __future__ import annotations

import os

import pytest

from support import BUILD_EPOCH, copy_sample_site

from gongkai.check import check_site, load_and_draw
from gongkai.fastpath.cache import PackCache
from gongkai.fastpath.checked import CheckedFiles
from gongkai.model.attachment import ATTACHMENTS_DIR

PLAN = "content/disclosures/2026/agri-land-subsidy-plan-2026.md"
REPORT = "content/attachments/2026/qx-gov-office-2025-annual-report.pdf"
CSV = "datasets/hotline-12345-monthly/data/hotline-monthly.csv"


@pytest.fixture
def site(tmp_path):
    return copy_sample_site(tmp_path / "site")


def full(root):
    site, problems = check_site(root, BUILD_EPOCH, workers=1)
    return site, problems


def warm(root, cache):
    checked = CheckedFiles(cache, True, ATTACHMENTS_DIR)
    site, problems = check_site(root, BUILD_EPOCH, reuse=checked, workers=1)
    checked.save()
    return site, problems, checked


def model(site) -> list:
    """What the check hands the build: each item as the file gave it (record, rendered body,
    attachments) and each dataset whole."""
    return ([(i.rel, i.record, i.body_source, i.__dict__.get("body_html"), i.attachments) for i in site.items]
            + [repr(d) for d in site.datasets])


def same(a, b) -> None:
    (site_a, problems_a), (site_b, problems_b) = a, b
    assert [p.render() for p in problems_a] == [p.render() for p in problems_b]
    assert model(site_a) == model(site_b), "the models differ"  # no diff of whole models printed


def test_a_warm_check_reuses_every_file_and_finds_what_the_full_check_finds(site):
    cache = PackCache(site, "s" * 64)
    cold_site, cold_problems, checked = warm(site, cache)
    assert checked.hits == 0
    same((cold_site, cold_problems), full(site))
    warm_site, warm_problems, checked = warm(site, cache)
    files = len(list((site / "content" / "disclosures").rglob("*.md"))) + len(cold_site.datasets)
    assert (checked.misses, checked.hits) == (0, files)
    same((warm_site, warm_problems), (cold_site, cold_problems))


@pytest.mark.parametrize("change, misses", [
    ("item text", 1),
    ("item broken", 1),
    ("attachment resized", 1),
    ("attachment folder is a link", None),  # every item attaching a file in it
    ("csv cell", 1),
    ("build date", None),
])
def test_a_change_is_checked_again_and_found(site, change, misses):
    cache = PackCache(site, "s" * 64)
    warm(site, cache)
    epoch = BUILD_EPOCH
    if change == "item text":
        path = site / PLAN
        path.write_text(path.read_text(encoding="utf-8").replace("7号", "8号"), encoding="utf-8")
    elif change == "item broken":
        path = site / PLAN
        path.write_text(path.read_text(encoding="utf-8").replace("title:", "title: [", 1), encoding="utf-8")
    elif change == "attachment resized":
        (site / REPORT).write_bytes((site / REPORT).read_bytes() + b"\n% more\n")
    elif change == "attachment folder is a link":
        folder = site / ATTACHMENTS_DIR / "2026"
        os.rename(folder, site / "elsewhere")
        os.symlink(site / "elsewhere", folder)
    elif change == "csv cell":
        path = site / CSV
        path.write_bytes(path.read_bytes().replace(b"2026-10-01,1031", b"2026-10-01,x"))
    checked = CheckedFiles(cache, False, ATTACHMENTS_DIR)
    found = check_site(site, epoch, reuse=checked, workers=1)
    assert found[1] == full(site)[1]
    if misses is not None:
        assert checked.misses == misses
    if change in ("item broken", "attachment folder is a link", "csv cell"):
        assert any(p.is_error for p in found[1])


def test_a_new_build_date_checks_every_item_again(site):
    cache = PackCache(site, "s" * 64)
    site_model, _, _ = warm(site, cache)
    checked = CheckedFiles(cache, False, ATTACHMENTS_DIR)
    _, problems = check_site(site, BUILD_EPOCH + 10 * 86400, reuse=checked, workers=1)
    files = len(list((site / "content" / "disclosures").rglob("*.md"))) + len(site_model.datasets)
    assert (checked.hits, checked.misses) == (0, files)
    assert problems == check_site(site, BUILD_EPOCH + 10 * 86400, workers=1)[1]


def test_gongkai_check_reads_the_cache_but_writes_nothing(site):
    cache = PackCache(site, "s" * 64)
    load_and_draw(site, BUILD_EPOCH, store=False, cache=cache, workers=1)[2].cancel()
    assert cache.load("checked") == {}
    load_and_draw(site, BUILD_EPOCH, store=True, cache=cache, workers=1)[2].cancel()
    assert cache.load("checked") != {}


def test_items_checked_in_forked_parts_are_kept_by_each_part_and_reused(site, monkeypatch):
    # Each part (one per core) writes the pickles of the items it checked into a pack of its own;
    # the build's process keeps no pickle of every item. A warm check reuses all of them; when
    # packs pile up, tidying them into one keeps the parts' results too.
    import gongkai.fastpath.checked as checked_module
    from gongkai.fastpath import parallel

    monkeypatch.setattr(checked_module, "PARALLEL_FROM", 1)
    monkeypatch.setattr(parallel, "worker_count", lambda: 2)
    cache = PackCache(site, "s" * 64)
    cold_site, cold_problems, checked = warm(site, cache)
    items = len(list((site / "content" / "disclosures").rglob("*.md")))
    files = items + len(cold_site.datasets)
    assert checked.hits == 0 and len(checked.new_keys) == items
    assert len(cache._packs("checked")) == 3  # two parts' packs and the datasets' pack
    same((cold_site, cold_problems), full(site))
    warm_site, warm_problems, checked = warm(site, cache)
    assert (checked.misses, checked.hits) == (0, files)
    same((warm_site, warm_problems), (cold_site, cold_problems))

    tidied = PackCache(site, "t" * 64)
    monkeypatch.setattr(PackCache, "MAX_PACKS", 2)  # the cold check's three packs are tidied into one
    warm(site, tidied)
    assert len(tidied._packs("checked")) == 1
    _, _, checked = warm(site, tidied)
    assert (checked.misses, checked.hits) == (0, files)
