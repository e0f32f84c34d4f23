"""What the sample build publishes for disclosures: links both ways, embargo, feeds, API, catalogue zip."""

import json
import re
import subprocess
import sys
import zipfile
from pathlib import Path

import feedparser
import yaml

from gongkai.model.disclosure import slugify
from support import REPO

FRICTIONLESS = str(Path(sys.executable).with_name("frictionless"))


def sources():
    """Front matter of every sample item, read independently of the code under test."""
    items = []
    for path in sorted((REPO / "content" / "disclosures").rglob("*.md")):
        text = path.read_text(encoding="utf-8")
        front = yaml.safe_load(text.split("\n---\n", 1)[0].removeprefix("---\n"))
        items.append({key: (value.isoformat() if hasattr(value, "isoformat") else value) for key, value in front.items()})
    return items


def page_of(output, index_no):
    return (output / "disclosures" / slugify(index_no) / "index.html").read_text(encoding="utf-8")


def href_to(index_no):
    return f'/disclosures/{slugify(index_no)}/"'


def test_supersession_links_both_ways_with_a_banner(sample_build):
    _, output = sample_build
    pairs = [(old, item) for item in sources() for old in item.get("supersedes", [])]
    assert pairs, "the sample must have a superseded item"
    for old, new in pairs:
        old_page, new_page = page_of(output, old), page_of(output, new["index_no"])
        assert href_to(new["index_no"]) in old_page
        assert href_to(old) in new_page
        old_source = next(i for i in sources() if i["index_no"] == old)
        if old_source.get("validity") in ("废止", "失效"):
            assert 'class="banner banner-void" role="alert"' in old_page
            assert f"本文件已{old_source['validity']}" in old_page


def test_interpretation_links_both_ways(sample_build):
    _, output = sample_build
    pairs = [(target, item) for item in sources() for target in item.get("interprets", [])]
    assert pairs
    for target, reading in pairs:
        assert href_to(reading["index_no"]) in page_of(output, target)
        assert href_to(target) in page_of(output, reading["index_no"])


def test_embargoed_item_is_in_no_output(sample_build):
    _, output = sample_build
    embargoed = [item for item in sources() if item.get("embargo") is True]
    assert embargoed
    for item in embargoed:
        slug = slugify(item["index_no"])
        assert not (output / "disclosures" / slug).exists()
        for path in output.rglob("*"):
            if path.is_file() and path.suffix in (".html", ".json", ".xml", ".txt"):
                text = path.read_text(encoding="utf-8")
                assert item["index_no"] not in text and item["title"] not in text, path
        for attachment in item.get("attachments", []):
            assert not (output / "attachments" / attachment["file"]).exists()


def test_api_has_every_public_item_with_source_keys(sample_build):
    _, output = sample_build
    records = json.loads((output / "api" / "disclosures.json").read_text(encoding="utf-8"))
    public = [item for item in sources() if not item.get("embargo")]
    assert sorted(r["index_no"] for r in records) == sorted(i["index_no"] for i in public)
    by_index = {r["index_no"]: r for r in records}
    for item in public:
        record = by_index[item["index_no"]]
        for key, value in item.items():
            if key == "attachments":
                assert [(a["file"], a["title"]) for a in record[key]] == [(a["file"], a["title"]) for a in value]
            else:
                assert record[key] == value, (item["index_no"], key)
        assert record["url"].endswith(f"/disclosures/{slugify(item['index_no'])}/")
    text = (output / "api" / "disclosures.json").read_text(encoding="utf-8")
    assert text == json.dumps(records, ensure_ascii=False, indent=2, sort_keys=True) + "\n"  # stable key order
    agencies = json.loads((output / "api" / "agencies.json").read_text(encoding="utf-8"))
    assert sorted(a["id"] for a in agencies) == sorted(a["id"] for a in yaml.safe_load((REPO / "content" / "agencies.yaml").read_text(encoding="utf-8")))


def test_feeds_parse_and_are_dated_from_published(sample_build):
    _, output = sample_build
    public = {item["index_no"]: item for item in sources() if not item.get("embargo")}
    feed = feedparser.parse((output / "feeds" / "all.atom.xml").read_bytes())
    assert not feed.bozo, feed.bozo_exception
    assert feed.feed.title.endswith("最新公开信息")
    assert len(feed.entries) == min(50, len(public))
    newest = sorted(public.values(), key=lambda i: (i["published"], ), reverse=True)[0]
    assert feed.entries[0].published.startswith(newest["published"])
    agency_feeds = sorted((output / "feeds" / "agencies").glob("*.atom.xml"))
    agencies = yaml.safe_load((REPO / "content" / "agencies.yaml").read_text(encoding="utf-8"))
    assert len(agency_feeds) == len(agencies)
    for path in agency_feeds:
        parsed = feedparser.parse(path.read_bytes())
        assert not parsed.bozo
        agency_id = path.name.removesuffix(".atom.xml")
        expected = [i for i in public.values() if i["agency"] == agency_id]
        assert len(parsed.entries) == min(50, len(expected))


def test_catalogue_zip_passes_real_frictionless_and_matches_the_sources(sample_build, tmp_path):
    _, output = sample_build
    with zipfile.ZipFile(output / "catalog" / "disclosures.zip") as archive:
        assert sorted(archive.namelist()) == ["agencies.csv", "datapackage.json", "disclosures.csv"]
        archive.extractall(tmp_path)
    result = subprocess.run([FRICTIONLESS, "validate", "--json", str(tmp_path / "datapackage.json")],
                            capture_output=True, text=True)
    report = json.loads(result.stdout)
    assert report["valid"], json.dumps(report, ensure_ascii=False)[:2000]
    assert result.returncode == 0
    descriptor = json.loads((tmp_path / "datapackage.json").read_text(encoding="utf-8"))
    schema_file = yaml.safe_load((REPO / "schemas" / "disclosure.schema.yaml").read_text(encoding="utf-8"))
    published_fields = [f["name"] for f in descriptor["resources"][0]["schema"]["fields"]]
    assert published_fields == [f["name"] for f in schema_file["fields"]] + ["url"]
    import csv
    with open(tmp_path / "disclosures.csv", encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    public = [item for item in sources() if not item.get("embargo")]
    assert sorted(r["index_no"] for r in rows) == sorted(i["index_no"] for i in public)


def test_sitemap_lists_every_page_with_an_absolute_address(sample_build):
    """A local build (no SITEURL) writes its absolute URLs under the address `make serve` uses."""
    _, output = sample_build
    sitemap = (output / "sitemap.xml").read_text(encoding="utf-8")
    locations = set(re.findall(r"<loc>(.*?)</loc>", sitemap))
    assert all(loc.startswith("http://127.0.0.1:8000/") for loc in locations)
    pages = {p.parent.relative_to(output).as_posix() for p in output.rglob("index.html")}
    from urllib.parse import unquote
    listed = {unquote(loc.removeprefix("http://127.0.0.1:8000/")).rstrip("/") or "." for loc in locations}
    assert listed == pages
    robots = (output / "robots.txt").read_text(encoding="utf-8")
    assert "Sitemap: http://127.0.0.1:8000/sitemap.xml\n" in robots


def test_browse_pages_cover_every_item(sample_build):
    _, output = sample_build
    public = [item for item in sources() if not item.get("embargo")]
    for kind, key_of in (("agency", lambda i: i["agency"]), ("category", lambda i: i["category"]),
                         ("genre", lambda i: i["genre"]), ("year", lambda i: i["published"][:4])):
        for item in public:
            folder = output / "disclosures" / kind / key_of(item)
            pages = [folder / "index.html"] + sorted(folder.glob("page/*/index.html"))
            assert any(href_to(item["index_no"]) in p.read_text(encoding="utf-8") for p in pages), (kind, item["index_no"])
    normative = (output / "disclosures" / "normative" / "index.html").read_text(encoding="utf-8")
    for item in public:
        in_force = item["genre"] in ("规章", "行政规范性文件") and item.get("validity", "有效") not in ("失效", "废止")
        assert (href_to(item["index_no"]) in normative) == in_force, item["index_no"]


def data_rows(path):
    import csv
    with open(path, encoding="utf-8", newline="") as handle:
        return sum(1 for row in list(csv.reader(handle))[1:] if any(row))


def test_datasets_api_names_the_publisher_and_counts_the_rows(sample_build):
    _, output = sample_build
    names = {a["id"]: a["name"] for a in yaml.safe_load((REPO / "content" / "agencies.yaml").read_text(encoding="utf-8"))}
    records = json.loads((output / "api" / "datasets.json").read_text(encoding="utf-8"))
    assert records
    for record in records:
        source = yaml.safe_load((REPO / "datasets" / record["name"] / "datapackage.yaml").read_text(encoding="utf-8"))
        assert record["publisher"] == source["publisher"] and record["publisher_name"] == names[source["publisher"]]
        assert record["rows"] == sum(data_rows(REPO / "datasets" / record["name"] / r["path"]) for r in source["resources"])
        assert record["changes"]["csv"].endswith(f"/datasets/{record['name']}/changes.csv")


def test_dataset_list_shows_publisher_rows_and_formats(sample_build):
    _, output = sample_build
    listing = (output / "datasets" / "index.html").read_text(encoding="utf-8")
    names = {a["id"]: a["name"] for a in yaml.safe_load((REPO / "content" / "agencies.yaml").read_text(encoding="utf-8"))}
    for path in sorted((REPO / "datasets").glob("*/datapackage.yaml")):
        source = yaml.safe_load(path.read_text(encoding="utf-8"))
        start = listing.index(f'/datasets/{source["name"]}/"')
        entry = listing[start:listing.index("</li>", start)]
        rows = sum(data_rows(path.parent / r["path"]) for r in source["resources"])
        assert f"<span>{names[source['publisher']]}</span>" in entry
        assert f"<span>{rows} 行</span>" in entry and "<span>CSV、XLSX、JSON</span>" in entry


def test_catalogue_csv_writes_out_the_defaults_and_the_package_has_a_licence(sample_build, tmp_path):
    import csv
    _, output = sample_build
    schema = yaml.safe_load((REPO / "schemas" / "disclosure.schema.yaml").read_text(encoding="utf-8"))
    defaults = {f["name"]: f["default"] for f in schema["fields"] if "default" in f}
    assert set(defaults) == {"disclosure", "validity"}
    with zipfile.ZipFile(output / "catalog" / "disclosures.zip") as archive:
        archive.extractall(tmp_path)
    with open(tmp_path / "disclosures.csv", encoding="utf-8", newline="") as handle:
        rows = {row["index_no"]: row for row in csv.DictReader(handle)}
    public = [item for item in sources() if not item.get("embargo")]
    assert any("validity" not in item for item in public) and any("disclosure" not in item for item in public)
    for item in public:
        for name, default in defaults.items():
            assert rows[item["index_no"]][name] == item.get(name, default), (item["index_no"], name)
    descriptor = json.loads((tmp_path / "datapackage.json").read_text(encoding="utf-8"))
    assert descriptor["licenses"] == [{"name": "CC-BY-4.0", "title": "知识共享署名 4.0 国际许可协议",
                                       "path": "https://creativecommons.org/licenses/by/4.0/"}]
