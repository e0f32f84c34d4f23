"""schema.org JSON-LD in the pages: what dataset search engines require of a Dataset (name,
description, license, a distribution with contentUrl and encodingFormat), and Legislation or
Article metadata on disclosure items, checked against the sources read independently."""

from __future__ import annotations

import json
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote

import yaml

from gongkai.model.disclosure import slugify
from gongkai.outputs.schemaorg import script_json
from support import REPO

BASE = "http://127.0.0.1:8000/"


class _Scripts(HTMLParser):
    def __init__(self):
        super().__init__()
        self.inside, self.found = False, []

    def handle_starttag(self, tag, attrs):
        self.inside = tag == "script" and dict(attrs).get("type") == "application/ld+json"
        if self.inside:
            self.found.append("")

    def handle_endtag(self, tag):
        self.inside = False

    def handle_data(self, data):
        if self.inside:
            self.found[-1] += data


def json_ld(page: Path) -> list[dict]:
    parser = _Scripts()
    parser.feed(page.read_text(encoding="utf-8"))
    return [json.loads(text) for text in parser.found]


def test_every_dataset_page_has_what_dataset_search_engines_require(sample_build):
    _, output = sample_build
    sources = sorted((REPO / "datasets").glob("*/datapackage.yaml"))
    assert sources
    for path in sources:
        source = yaml.safe_load(path.read_text(encoding="utf-8"))
        [data] = json_ld(output / "datasets" / source["name"] / "index.html")
        assert data["@context"] == "https://schema.org" and data["@type"] == "Dataset"
        assert data["name"] == source["title"] and data["description"] == source["description"]
        assert data["license"] == source["licenses"][0]["path"]
        assert data["distribution"], source["name"]
        for download in data["distribution"]:
            assert download["@type"] == "DataDownload" and download["encodingFormat"]
            assert download["contentUrl"].startswith(BASE)
            assert (output / unquote(download["contentUrl"].removeprefix(BASE))).is_file()
        formats = {download["encodingFormat"] for download in data["distribution"]}
        assert {"text/csv", "application/json", "application/zip"} <= formats
        temporal = source["temporal"]
        assert data["temporalCoverage"] == f"{temporal['start'].isoformat()}/{temporal['end'].isoformat()}"
        assert data["spatialCoverage"] == {"@type": "Place", "name": source["spatial"]}
        assert data["dateModified"] == source["modified"].isoformat()
        assert data["creator"]["@type"] == "GovernmentOrganization" and data["creator"]["name"]


def test_disclosure_items_are_legislation_or_articles(sample_build):
    _, output = sample_build
    items = []
    for path in sorted((REPO / "content" / "disclosures").rglob("*.md")):
        front = yaml.safe_load(path.read_text(encoding="utf-8").split("\n---\n", 1)[0].removeprefix("---\n"))
        if not front.get("embargo"):
            items.append(front)
    kinds = set()
    for front in items:
        [data] = json_ld(output / "disclosures" / slugify(str(front["index_no"])) / "index.html")
        normative = front["genre"] in ("规章", "行政规范性文件")
        assert data["@type"] == ("Legislation" if normative else "Article")
        assert data["name"] == front["title"] and data["identifier"] == str(front["index_no"])
        assert data["datePublished"] == front["published"].isoformat()
        if normative:
            in_force = front.get("validity", "有效") not in ("失效", "废止")
            assert data["legislationLegalForce"] == ("https://schema.org/InForce" if in_force
                                                     else "https://schema.org/NotInForce")
            assert data.get("legislationIdentifier") == front.get("doc_no")
        kinds.add((data["@type"], data.get("legislationLegalForce")))
    assert {("Article", None), ("Legislation", "https://schema.org/InForce"),
            ("Legislation", "https://schema.org/NotInForce")} <= kinds


def test_json_in_a_script_element_cannot_close_it():
    value = {"description": "</script><script>alert(1)</script> & <!--"}
    text = script_json(value)
    assert "<" not in text and ">" not in text and "&" not in text
    assert json.loads(text) == value
