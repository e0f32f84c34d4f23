"""The small files the search page reads besides Pagefind's bundles, written from data structures:

- <bundle>/facets.json: for every page of a bundle its Pagefind id, URL, date, the length of its
  title block in tokens (documents.py) and its filter values, so that results are filtered,
  counted and sorted exactly in the browser, without Pagefind's filter files;
- search/manifest.json: the bundles and the words of schemas/vocabularies.yaml the query side needs;
- search/ids/: exact 文号/索引号 lookups, hash-bucketed so that a lookup reads one small file
  (search/ids/<fnv1a(key) % buckets>.json), each record enough to show the result without Pagefind.
"""

from __future__ import annotations

import json
import re
import unicodedata
from pathlib import Path

from ..core import outputfs

FOLDER = ("search",)
MANIFEST = "manifest.json"
FACETS = "facets.json"
IDENTIFIERS = "ids"
KEYS_PER_BUCKET = 64
OPENING_BRACKETS = re.compile(r"[\[(【〔]")
CLOSING_BRACKETS = re.compile(r"[\])】〕]")


def _write_json(path: Path, value) -> None:
    outputfs.write_text(path, json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":")))


def facets(docs, ids: dict, title_lengths: dict) -> dict:
    """{"names": [filter], "values": [[value]],
        "pages": [[id, url, date, title length, index or null per filter]]}."""
    names = sorted({name for doc in docs for name in doc.filters})
    values = [sorted({value for doc in docs for value in doc.filters.get(name, [])}) for name in names]
    position = [{value: index for index, value in enumerate(column)} for column in values]
    pages = []
    for doc in docs:
        row = [ids[doc.url], doc.url, doc.sort.get("date", ""), title_lengths[doc.url]]
        for name, where in zip(names, position):
            found = [where[value] for value in doc.filters.get(name, [])]
            row.append(None if not found else found[0] if len(found) == 1 else found)
        pages.append(row)
    return {"names": names, "values": values, "pages": sorted(pages)}


def write_facets(bundle: Path, docs, ids: dict, title_lengths: dict) -> None:
    _write_json(bundle / FACETS, facets(docs, ids, title_lengths))


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


def identifier_records(catalogue: list, agencies: dict) -> dict:
    """{normalized 文号 or 索引号: [record, ...]} from the published catalogue (api/disclosures.json):
    each record what a result shows (url, title, date, agency, 文号, 索引号)."""
    table: dict[str, list] = {}
    for record in catalogue:
        shown = {"url": record["url"], "title": record["title"], "date": record["published"],
                 "agency": agencies.get(record["agency"], record["agency"]), "index_no": record["index_no"],
                 "doc_no": record.get("doc_no") or "", "type": "信息公开"}
        for field in ("doc_no", "index_no"):
            if record.get(field):
                table.setdefault(normalize_identifier(record[field]), []).append(shown)
    return {key: sorted(records, key=lambda shown: shown["url"]) for key, records in table.items()}


def write_identifier_table(output: Path) -> int:
    """search/ids/<bucket>.json from api/disclosures.json and api/agencies.json; returns the bucket count."""
    catalogue, names = output / "api" / "disclosures.json", output / "api" / "agencies.json"
    if not catalogue.is_file():
        return 0
    agencies = {record["id"]: record["name"] for record in json.loads(names.read_text(encoding="utf-8"))} \
        if names.is_file() else {}
    table = identifier_records(json.loads(catalogue.read_text(encoding="utf-8")), agencies)
    buckets = 1
    while len(table) > buckets * KEYS_PER_BUCKET:
        buckets *= 2
    contents: list[dict] = [{} for _ in range(buckets)]
    for key in sorted(table):
        contents[fnv1a(key) % buckets][key] = table[key]
    folder = output.joinpath(*FOLDER, IDENTIFIERS)
    for number, content in enumerate(contents):
        _write_json(folder / f"{number}.json", content)
    return buckets


def write_site_tables(output: Path, bundles: list[str], vocabularies) -> list[str]:
    """search/manifest.json and search/ids/; returns the files written, relative to `output`."""
    buckets = write_identifier_table(output)
    manifest = {
        "bundles": [f"{name}/" for name in bundles],
        "identifier_buckets": buckets,
        "synonyms": [list(group) for group in vocabularies.search_synonyms] if vocabularies else [],
        "question_words": list(vocabularies.question_words) if vocabularies else [],
        "action_words": list(vocabularies.action_words) if vocabularies else [],
    }
    _write_json(output.joinpath(*FOLDER, MANIFEST), manifest)
    folder = output.joinpath(*FOLDER)
    return sorted(path.relative_to(output).as_posix() for path in folder.rglob("*.json"))
