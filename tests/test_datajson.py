"""/data.json (DCAT-US 1.1, Project Open Data) against its official JSON Schema, pinned in
tests/fixtures/dcat-us, with jsonschema."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from urllib.parse import unquote

import pytest
import yaml
from jsonschema import Draft4Validator
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT4

from support import REPO

SCHEMAS = Path(__file__).resolve().parent / "fixtures" / "dcat-us"
BASE = "http://127.0.0.1:8000/"
# Fields the schema marks "USG": US federal only; its documentation says non-federal publishers need not give them.
FEDERAL_ONLY = {"bureauCode", "programCode"}


def validator(drop_federal: bool) -> Draft4Validator:
    documents = {path.name: json.loads(path.read_text(encoding="utf-8")) for path in sorted(SCHEMAS.glob("*.json"))}
    if drop_federal:
        documents["dataset.json"] = copy.deepcopy(documents["dataset.json"])
        documents["dataset.json"]["required"] = [name for name in documents["dataset.json"]["required"]
                                                 if name not in FEDERAL_ONLY]
    registry = Registry().with_resources(
        (document["id"].rstrip("#"), Resource.from_contents(document, default_specification=DRAFT4))
        for document in documents.values())
    return Draft4Validator(documents["catalog.json"], registry=registry)


@pytest.fixture(scope="module")
def catalogue(sample_build) -> dict:
    _, output = sample_build
    return json.loads((output / "data.json").read_text(encoding="utf-8"))


def test_only_the_federal_only_fields_are_missing_under_the_unmodified_schema(catalogue):
    errors = sorted((list(error.absolute_path), error.message) for error in validator(False).iter_errors(catalogue))
    expected = sorted((["dataset", index], f"'{name}' is a required property")
                      for index in range(len(catalogue["dataset"])) for name in FEDERAL_ONLY)
    assert errors == expected


def test_data_json_is_valid_dcat_us(catalogue):
    assert [error.message for error in validator(True).iter_errors(catalogue)] == []


def test_the_schema_check_can_fail():
    bad = {"conformsTo": "https://project-open-data.cio.gov/v1.1/schema",
           "dataset": [{"title": "x", "description": "y", "keyword": [], "modified": "2026-13-45",
                        "publisher": {"name": ""}, "contactPoint": {"fn": "z", "hasEmail": "z@example.org"},
                        "identifier": "x", "accessLevel": "open"}]}
    messages = sorted(error.message for error in validator(True).iter_errors(bad))
    assert len(messages) == 5, messages  # keyword empty, bad date, empty name, no mailto:, unknown accessLevel


def test_every_dataset_and_the_disclosure_catalogue_are_listed_with_working_downloads(sample_build, catalogue):
    _, output = sample_build
    sources = {yaml.safe_load(path.read_text(encoding="utf-8"))["name"]: yaml.safe_load(path.read_text(encoding="utf-8"))
               for path in sorted((REPO / "datasets").glob("*/datapackage.yaml"))}
    by_id = {entry["identifier"]: entry for entry in catalogue["dataset"]}
    assert set(by_id) == {f"{BASE}datasets/{name}/" for name in sources} | {f"{BASE}disclosures/"}
    agencies = {a["id"]: a["name"] for a in yaml.safe_load((REPO / "content" / "agencies.yaml").read_text(encoding="utf-8"))}
    for name, source in sources.items():
        entry = by_id[f"{BASE}datasets/{name}/"]
        assert entry["title"] == source["title"] and entry["publisher"]["name"] == agencies[source["publisher"]]
        assert entry["modified"] == source["modified"].isoformat()
        assert entry["license"] == "https://creativecommons.org/licenses/by/4.0/"
        assert entry["contactPoint"]["hasEmail"] == f"mailto:{source['contact']['email']}"
        for distribution in entry["distribution"]:
            assert distribution["downloadURL"].startswith(BASE)
            assert (output / unquote(distribution["downloadURL"].removeprefix(BASE))).is_file()
    assert catalogue["@id"] == BASE + "data.json"
