"""The small files the search page reads besides Pagefind's bundles, written from data structures.

In each shard's bundle (pagefind/<key>/):
- facets.json: for each page, in the shard's page order (its Pagefind id is page_id(key, n)),
  its date, the length of its title block in tokens (documents.py) and its filter values, so
  that results are filtered, counted and sorted exactly in the browser, without Pagefind's
  filter files;
- terms.gz: the terms the shard holds, one a line (what search/manifest.json's routing is made
  of, kept with the bundle so that a reused bundle brings its own).

For the whole site (search/):
- manifest.json: the shards in reading order with their periods and page counts, the count of
  every filter value over the site, which shards hold each filter value, and the words of
  schemas/vocabularies.yaml that the query side needs;
- terms/<fnv1a(term) % buckets>.json: which shards hold a term, so that a query reads only the
  shards that can answer it;
- ids/<fnv1a(key) % buckets>.json: exact 文号/索引号 lookups, each record enough to show the
  result without Pagefind.
"""

from __future__ import annotations

import base64
import gzip
import hashlib
import json
import re
import unicodedata
from pathlib import Path

from ..core import outputfs

FOLDER = ("search",)
MANIFEST = "manifest.json"
FACETS = "facets.json"
TERMS = "terms.gz"
IDENTIFIERS = "ids"
ROUTES = "terms"
KEYS_PER_BUCKET = 64
BUCKET_BYTES = 4096  # the size a routing bucket aims at
OPENING_BRACKETS = re.compile(r"[\[(【〔]")
CLOSING_BRACKETS = re.compile(r"[\])】〕]")


def _json(value) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def _write_json(path: Path, value) -> None:
    outputfs.write_text(path, _json(value))


def page_id(key: str, number: int) -> str:
    """The Pagefind id of the shard's page number `number` (in its sorted page order): unique
    across shards, unlike the hash Pagefind gives, and known from the plan alone."""
    return f"{key}.{number:x}"


def _day(value: str) -> int:
    return int(value.replace("-", "")) if re.fullmatch(r"\d{4}-\d{2}-\d{2}", value or "") else 0


# --- one shard -------------------------------------------------------------------------------------


def facets(docs, title_lengths: dict) -> dict:
    """{"dates": [yyyymmdd or 0], "titles": [tokens], "filters": {name: {"values": [...], "of": ...}}}
    with "of" one index per page (null when the page has no value), or one index for them all."""
    filters = {}
    for name in sorted({name for doc in docs for name in doc.filters}):
        values = sorted({value for doc in docs for value in doc.filters.get(name, [])})
        where = {value: index for index, value in enumerate(values)}
        of = []
        for doc in docs:
            found = [where[value] for value in doc.filters.get(name, [])]
            of.append(None if not found else found[0] if len(found) == 1 else found)
        filters[name] = {"values": values, "of": of[0] if of and all(entry == of[0] for entry in of) else of}
    return {"dates": [_day(doc.sort.get("date", "")) for doc in docs],
            "titles": [title_lengths[doc.url] for doc in docs], "filters": filters}


def write_shard_tables(bundle: Path, docs, title_lengths: dict, terms: set) -> None:
    _write_json(bundle / FACETS, facets(docs, title_lengths))
    outputfs.write_bytes(bundle / TERMS, gzip.compress("\n".join(sorted(terms)).encode("utf-8"), 9, mtime=0))


def read_terms(bundle: Path) -> list[str]:
    data = gzip.decompress((bundle / TERMS).read_bytes()).decode("utf-8")
    return data.split("\n") if data else []


def value_counts(table: dict) -> dict:
    """{filter: {value: pages}} of one shard's facets."""
    pages = len(table["dates"])
    counts = {}
    for name, column in table["filters"].items():
        of = column["of"] if isinstance(column["of"], list) else [column["of"]] * pages
        tally = {}
        for entry in of:
            for index in (entry if isinstance(entry, list) else [] if entry is None else [entry]):
                tally[column["values"][index]] = tally.get(column["values"][index], 0) + 1
        counts[name] = tally
    return counts


# --- the site -------------------------------------------------------------------------------------


def shard_set(numbers, shards: int) -> str:
    """A set of shard numbers, as the shorter of "a,b,c" (base 36) and "~" + a base64 bitmap."""
    numbers = sorted(set(numbers))
    listed = ",".join(_base36(number) for number in numbers)
    bits = bytearray((shards + 7) // 8)
    for number in numbers:
        bits[number // 8] |= 1 << (number % 8)
    bitmap = "~" + base64.b64encode(bytes(bits)).decode("ascii")
    return listed if len(listed) <= len(bitmap) else bitmap


def _base36(number: int) -> str:
    digits = "0123456789abcdefghijklmnopqrstuvwxyz"
    out = ""
    while True:
        number, rest = divmod(number, 36)
        out = digits[rest] + out
        if number == 0:
            return out


def normalize_identifier(text: str) -> str:
    """The form in which a 文号 or 索引号 is looked up; search-text.js normalizes queries the same way."""
    text = re.sub(r"\s+", "", unicodedata.normalize("NFKC", text)).upper()
    return CLOSING_BRACKETS.sub("〕", OPENING_BRACKETS.sub("〔", text))


def fnv1a(text: str) -> int:
    """32-bit FNV-1a of the UTF-8 bytes, as search-text.js computes it."""
    value = 0x811C9DC5
    for byte in text.encode("utf-8"):
        value = ((value ^ byte) * 0x01000193) & 0xFFFFFFFF
    return value


def _buckets(keys: int, per_bucket: int) -> int:
    buckets = 1
    while keys > buckets * per_bucket:
        buckets *= 2
    return buckets


def _write_buckets(folder: Path, table: dict, buckets: int) -> None:
    contents: list[dict] = [{} for _ in range(buckets)]
    for key in sorted(table):
        contents[fnv1a(key) % buckets][key] = table[key]
    for number, content in enumerate(contents):
        _write_json(folder / f"{number}.json", content)


def identifier_records(items, pages: dict) -> dict:
    """{normalized 文号 or 索引号: [record, ...]} of the published items: each record what a result
    shows (site path, title, date, agency, 文号, 索引号) and its Pagefind id (`pages`: path -> id)."""
    table: dict[str, list] = {}
    for item in items:
        path = f"/{item.url}"
        shown = {"url": path, "title": item.title, "date": item.published.isoformat(), "agency": item.agency.name,
                 "index_no": item.index_no, "doc_no": item.doc_no or "", "type": "信息公开", "page": pages.get(path, "")}
        for field in (item.doc_no, item.index_no):
            if field:
                table.setdefault(normalize_identifier(field), []).append(shown)
    return {key: sorted(records, key=lambda shown: shown["url"]) for key, records in table.items()}


def write_identifier_table(output: Path, items, pages: dict) -> int:
    """search/ids/<bucket>.json; returns the bucket count."""
    table = identifier_records(items, pages)
    buckets = _buckets(len(table), KEYS_PER_BUCKET)
    _write_buckets(output.joinpath(*FOLDER, IDENTIFIERS), table, buckets)
    return buckets


def write_site_tables(output: Path, shards, folders: list[str], site) -> list[str]:
    """search/manifest.json, search/terms/ and search/ids/ for the bundles in `folders` (one per
    shard of `site`, in plan order); returns the files written, relative to `output`."""
    vocabularies = site.vocabularies
    counts, routes, tags, pages = [], {}, hashlib.sha256(), {}
    for number, (shard, folder) in enumerate(zip(shards, folders)):
        bundle = output / folder
        counts.append(value_counts(json.loads((bundle / FACETS).read_text(encoding="utf-8"))))
        for term in read_terms(bundle):
            routes.setdefault(term, []).append(number)
        tags.update((bundle / "pagefind-entry.json").read_bytes())
        for position, page in enumerate(shard.pages):
            pages["/" + page.removesuffix("index.html")] = page_id(shard.key, position)
    totals: dict = {}
    present: dict = {}
    for number, shard_counts in enumerate(counts):
        for name, tally in shard_counts.items():
            for value, count in tally.items():
                totals.setdefault(name, {})[value] = totals.get(name, {}).get(value, 0) + count
                present.setdefault(name, {}).setdefault(value, []).append(number)
    table = {term: shard_set(numbers, len(shards)) for term, numbers in routes.items()}
    route_buckets = _buckets(sum(len(term) * 3 + len(value) + 6 for term, value in table.items()), BUCKET_BYTES)
    folder = output.joinpath(*FOLDER)
    _write_buckets(folder / ROUTES, table, route_buckets)
    manifest = {
        "primary": f"{folders[0]}/",
        "shards": [{"key": shard.key, "path": f"{path}/", "pages": len(shard.pages),
                    "first": shard.first.isoformat() if shard.first else None,
                    "last": shard.last.isoformat() if shard.last else None} for shard, path in zip(shards, folders)],
        "totals": totals,
        "filters": {name: {value: shard_set(numbers, len(shards)) for value, numbers in values.items()}
                    for name, values in present.items()},
        "term_buckets": route_buckets,
        "identifier_buckets": write_identifier_table(output, site.items, pages),
        "tag": tags.hexdigest()[:16],
        "synonyms": [list(group) for group in vocabularies.search_synonyms],
        "question_words": list(vocabularies.question_words),
        "action_words": list(vocabularies.action_words),
    }
    _write_json(folder / MANIFEST, manifest)
    return sorted(path.relative_to(output).as_posix() for path in folder.rglob("*.json"))
