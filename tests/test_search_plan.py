"""The search shard plan (search/plan.py): a pure function from publication dates to shards."""

from __future__ import annotations

import dataclasses
import datetime as dt
import random

from gongkai.model.site import load_site
from gongkai.outputs.routes import search_pages
from gongkai.search.plan import CAP, GENERAL, WHOLE, pack, plan
from support import BUILD_EPOCH, REPO


def _dated(count: int, first: dt.date, last: dt.date, seed: int = 7) -> list[tuple[dt.date, str]]:
    rng = random.Random(seed)
    span = (last - first).days
    return [(first + dt.timedelta(days=rng.randint(0, span)), f"disclosures/i{number:06d}/index.html")
            for number in range(count)]


def test_every_page_is_in_exactly_one_shard_and_no_shard_is_over_the_cap():
    dated = _dated(5000, dt.date(2019, 1, 1), dt.date(2026, 11, 20))
    shards = pack(dated, cap=300)
    pages = [page for shard in shards for page in shard.pages]
    assert sorted(pages) == sorted(page for _, page in dated)
    assert max(len(shard.pages) for shard in shards) <= 300
    assert len({shard.key for shard in shards}) == len(shards)


def test_shards_follow_publication_dates_oldest_first_without_overlap():
    dated = _dated(5000, dt.date(2019, 1, 1), dt.date(2026, 11, 20))
    published = {page: day for day, page in dated}
    shards = pack(dated, cap=300)
    for shard in shards:
        days = [published[page] for page in shard.pages]
        assert (shard.first, shard.last) == (min(days), max(days))
    for older, newer in zip(shards, shards[1:]):
        assert older.last <= newer.first  # a day may be split between two parts of a month, never more


def test_a_year_over_the_cap_is_cut_into_quarters_months_or_parts_of_a_month():
    small = pack(_dated(100, dt.date(2024, 1, 1), dt.date(2024, 12, 31)), cap=600)
    assert [shard.key for shard in small] == ["2024"]
    quarters = pack(_dated(1000, dt.date(2024, 1, 1), dt.date(2024, 12, 31)), cap=600)
    assert [shard.key for shard in quarters] == ["2024q1_2024q2", "2024q3_2024q4"]
    month = pack(_dated(1300, dt.date(2024, 3, 1), dt.date(2024, 3, 31)), cap=600)
    assert [shard.key for shard in month] == ["2024-03-1", "2024-03-2", "2024-03-3"]
    assert [len(shard.pages) for shard in month] == [600, 600, 100]


def test_small_periods_are_packed_together_so_a_small_site_has_one_item_shard():
    shards = pack(_dated(66, dt.date(2024, 1, 12), dt.date(2026, 11, 18)), cap=600)
    assert [(shard.key, len(shard.pages)) for shard in shards] == [("2024_2026", 66)]


def test_a_new_item_changes_only_the_newest_shard():
    """A rebuild re-indexes only the shards whose pages changed: adding today's item must not
    move pages between older shards."""
    dated = _dated(5000, dt.date(2019, 1, 1), dt.date(2026, 11, 19))
    before = pack(dated, cap=400)
    after = pack(dated + [(dt.date(2026, 11, 20), "disclosures/new/index.html")], cap=400)
    assert before[:-1] == after[:-1]
    assert set(after[-1].pages) == set(before[-1].pages) | {"disclosures/new/index.html"}


def test_the_plan_is_deterministic_whatever_the_order_of_its_input():
    dated = _dated(3000, dt.date(2019, 1, 1), dt.date(2026, 11, 20))
    shuffled = dated[:]
    random.Random(1).shuffle(shuffled)
    assert pack(dated, cap=250) == pack(shuffled, cap=250)


def test_the_sample_site_plan_reads_the_newest_items_with_every_other_page_first():
    site, _ = load_site(REPO, BUILD_EPOCH)
    items = {f"{item.url}index.html" for item in site.items}
    general = set(search_pages(site)) - items  # agencies, datasets, pages, reports
    shards = plan(site, cap=10)  # 66 items: more than WHOLE shards' worth
    assert shards[0].primary and not any(shard.primary for shard in shards[1:])
    assert general <= set(shards[0].pages)
    assert sorted(page for shard in shards for page in shard.pages) == sorted(search_pages(site))
    assert [shard.last for shard in shards] == sorted((shard.last for shard in shards), reverse=True)
    assert all(len(set(shard.pages) - general) <= 10 for shard in shards) and len(shards) > 3
    assert plan(site, cap=10) == shards
    # At most WHOLE shards' worth of items: one shard, one index (its scores comparable throughout).
    assert len(site.items) <= WHOLE * 20
    for cap in (20, CAP):
        (whole,) = plan(site, cap)
        assert whole.primary and sorted(whole.pages) == sorted(search_pages(site))


def test_a_site_without_items_has_one_general_shard():
    site, _ = load_site(REPO, BUILD_EPOCH)
    (only,) = plan(dataclasses.replace(site, items=[]))
    assert only.key == GENERAL and only.primary and only.pages
