"""How the searchable pages are cut into index shards: a pure function of the site.

Pagefind's memory grows faster than the page count, a rebuild re-indexes only the shards whose
pages changed, and the search page reads the newest shards first; so shards follow publication
dates and stay small. The pages that are not dated items (agencies, datasets, pages, annual
reports) join the newest shard, the primary one, read first with Pagefind's code: so what a first
query ranks shares one index's statistics (Pagefind's scores are comparable only within an index).
A site of at most WHOLE * `cap` items is one shard. Items are cut by natural periods: a year, or
when a year holds more than `cap` items its quarters, or months, or a month in parts of at most
`cap` (by page path); then consecutive periods, oldest first, are packed into shards of at most
`cap` pages, so small sites get few shards and a new item changes only the newest one.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from ..outputs.routes import search_pages

GENERAL = "general"  # the key of the one shard of a site without items
CAP = 600  # pages per shard: Pagefind indexes one in well under a second and under 300 MB
# A site of at most this many shards' worth of items is one index: Pagefind indexes 3,000 pages
# in a few seconds and 600 MB, and at query time one index costs fewer requests than several
# (measured at 2,000 items: 27 requests and 190 KB for a first query in one index, 41 and 233 KB
# in four shards).
WHOLE = 5


@dataclass(frozen=True)
class Shard:
    key: str  # a folder name: general, 2026, 2026q3, 2026-11, 2026-11-2, or a first-last pair of those
    pages: tuple  # output paths of its pages, sorted: disclosures/<slug>/index.html
    first: dt.date | None = None  # the earliest and latest publication dates of its items
    last: dt.date | None = None
    primary: bool = False  # read first: holds the pages that are not items, and Pagefind's code


def _quarter(day: dt.date) -> int:
    return (day.month - 1) // 3 + 1


def _periods(dated: list[tuple[dt.date, str]], cap: int) -> list[tuple[str, list]]:
    """(key, [(date, page)]) in date order: a year, its quarters, its months or a month's parts."""
    def group(entries, key_of):
        found: dict = {}
        for entry in entries:
            found.setdefault(key_of(entry[0]), []).append(entry)
        return sorted(found.items())

    periods = []
    for year, of_year in group(dated, lambda day: day.year):
        if len(of_year) <= cap:
            periods.append((f"{year}", of_year))
            continue
        for quarter, of_quarter in group(of_year, _quarter):
            if len(of_quarter) <= cap:
                periods.append((f"{year}q{quarter}", of_quarter))
                continue
            for month, of_month in group(of_quarter, lambda day: day.month):
                if len(of_month) <= cap:
                    periods.append((f"{year}-{month:02d}", of_month))
                    continue
                by_page = sorted(of_month, key=lambda entry: entry[1])
                for part, start in enumerate(range(0, len(by_page), cap), 1):
                    periods.append((f"{year}-{month:02d}-{part}", by_page[start:start + cap]))
    return periods


def pack(dated: list[tuple[dt.date, str]], cap: int = CAP) -> list[Shard]:
    """Item shards from (published, page) pairs, oldest first."""
    shards, keys, entries = [], [], []

    def close():
        if entries:
            days = [day for day, _ in entries]
            key = keys[0] if len(keys) == 1 else f"{keys[0]}_{keys[-1]}"
            shards.append(Shard(key, tuple(sorted(page for _, page in entries)), min(days), max(days)))

    for key, members in _periods(sorted(dated), cap):
        if entries and len(entries) + len(members) > cap:
            close()
            keys, entries = [], []
        keys.append(key)
        entries += members
    close()
    return shards


def plan(site, cap: int = CAP) -> list[Shard]:
    """The shards of `site` in the order the search page reads them: the primary shard (the newest
    items and every page that is not an item), then the other items newest first."""
    cap = max(1, int(cap))
    items = {f"{item.url}index.html": item.published for item in site.items}
    general = tuple(page for page in search_pages(site) if page not in items)
    size = cap if len(items) > WHOLE * cap else max(cap, len(items))
    shards = pack([(published, page) for page, published in items.items()], size)[::-1]
    if not shards:
        return [Shard(GENERAL, tuple(sorted(general)), primary=True)]
    newest = shards[0]
    return [Shard(newest.key, tuple(sorted(newest.pages + general)), newest.first, newest.last, primary=True)] + shards[1:]
