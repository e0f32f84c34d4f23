"""A save becomes the file as written plus the changed keys: an untouched item or dataset stays
byte-identical, however the editor re-serialises it, and a change touches only its own lines."""

from __future__ import annotations

import difflib

import pytest
import yaml

from support import REPO

from gongkai.editor import edits
from gongkai.core.schema import load_schema
from gongkai.model.vocabularies import load_vocabularies

ITEMS = sorted((REPO / "content" / "disclosures").rglob("*.md"))
DATASETS = sorted((REPO / "datasets").glob("*/datapackage.yaml"))


@pytest.fixture(scope="module")
def schema():
    vocabularies, _ = load_vocabularies(REPO)
    loaded, _ = load_schema(REPO, "schemas/disclosure.schema.yaml", vocabularies)
    return loaded


def decap_style(values: dict, body: str) -> str:
    """Another serialisation of the same values, as an editor might write them: keys sorted,
    everything quoted, block lists, explicit defaults, the body without its blank first line."""
    front = yaml.safe_dump(dict(sorted(values.items()), disclosure=values.get("disclosure", "主动公开"),
                                embargo=values.get("embargo", "false")),
                           allow_unicode=True, default_style="'", default_flow_style=False)
    return "---\n" + front + "---\n" + body.lstrip("\n").rstrip("\n") + "\n"


def changed_lines(before: str, after: str) -> list[str]:
    return [line for line in difflib.unified_diff(before.splitlines(), after.splitlines(), lineterm="", n=0)
            if line.startswith(("+", "-")) and not line.startswith(("+++", "---"))]


@pytest.mark.parametrize("path", ITEMS, ids=lambda p: p.name)
def test_untouched_item_stays_byte_identical_however_it_is_serialised(path, schema):
    original = path.read_text(encoding="utf-8")
    values, body = edits.read_item_submission(original, "x")
    assert edits.item_text(original, values, body, schema) is None
    restyled_values, restyled_body = edits.read_item_submission(decap_style(values, body), "x")
    assert edits.item_text(original, restyled_values, restyled_body, schema) is None


def test_changed_keys_are_rewritten_in_place_and_cleared_ones_removed(schema):
    original = (REPO / "content/disclosures/2026/agri-land-subsidy-plan-2026.md").read_text(encoding="utf-8")
    values, body = edits.read_item_submission(original, "x")
    values.update(title="清溪县2026年耕地地力保护补贴实施方案（修订）", keywords=["耕地", "补贴"], doc_no="",
                  supersedes=["11431234MB1520047T/2025-00013"])
    after = edits.item_text(original, values, body, schema)
    assert changed_lines(original, after) == [
        "-title: 清溪县2026年耕地地力保护补贴实施方案",
        "+title: 清溪县2026年耕地地力保护补贴实施方案（修订）",
        "-doc_no: 清农发〔2026〕7号",
        "-keywords: [耕地地力保护补贴, 惠农补贴]",
        "+supersedes: [11431234MB1520047T/2025-00013]",
        "+keywords: [耕地, 补贴]",
    ]


def test_new_item_is_written_in_schema_order_with_plain_dates_and_no_defaults(schema):
    values, body = edits.read_item_submission(
        "---\nembargo: false\ndisclosure: 主动公开\npublished: '2026-11-20'\ntitle: 通知\nindex_no: A1/2026-00001\n"
        "keywords: [甲, '乙,丙']\nsummary: ''\n---\n正文\n", "x")
    assert edits.item_text(None, values, body, schema) == (
        "---\ntitle: 通知\nindex_no: A1/2026-00001\npublished: 2026-11-20\nkeywords: [甲, '乙,丙']\n---\n\n正文\n")


def test_a_value_that_needs_quotes_gets_them(schema):
    values, body = edits.read_item_submission("---\ntitle: 'yes'\ndoc_no: '0571'\nsummary: 'a: b'\n---\n", "x")
    text = edits.item_text(None, values, body, schema)
    assert "title: 'yes'\n" in text and "doc_no: '0571'\n" in text and "summary: 'a: b'\n" in text


@pytest.mark.parametrize("path", DATASETS, ids=lambda p: p.parent.name)
def test_untouched_dataset_stays_byte_identical(path):
    original = path.read_text(encoding="utf-8")
    submitted = yaml.safe_load(original)  # typed the way a YAML 1.1 editor reads it
    submitted = edits.read_yaml_submission(yaml.safe_dump(submitted, allow_unicode=True, sort_keys=True), "x")
    assert edits.dataset_text(original, submitted, "x") is None


def test_dataset_change_touches_only_its_lines_and_keeps_comments_schema_and_views():
    original = (REPO / "datasets/hotline-12345-monthly/datapackage.yaml").read_text(encoding="utf-8")
    submitted = edits.read_yaml_submission(original, "x")
    submitted["modified"] = "2026-11-20"
    submitted["resources"][0]["title"] = "12345热线月度统计（2026年11月更新）"
    submitted["resources"][0]["description"] = ""
    submitted["schema_should_be_ignored"] = "x"
    submitted["resources"][0]["schema"] = {"fields": []}  # not a form field: ignored
    after = edits.dataset_text(original, submitted, "x")
    assert changed_lines(original, after) == [
        "-modified: 2026-11-10",
        "+modified: 2026-11-20",
        "-  title: 12345热线月度统计表",
        "-  description: 每行为一个自然月的热线统计数据。",
        "+  title: 12345热线月度统计（2026年11月更新）",
    ]


def test_dataset_resources_cannot_be_added_removed_or_renamed():
    original = (REPO / "datasets/hotline-12345-monthly/datapackage.yaml").read_text(encoding="utf-8")
    submitted = edits.read_yaml_submission(original, "x")
    with pytest.raises(edits.EditRefused, match="不能增加或删除"):
        edits.dataset_text(original, dict(submitted, resources=submitted["resources"] * 2), "x")
    submitted["resources"][0]["path"] = "data/other.csv"
    with pytest.raises(edits.EditRefused, match="hotline-monthly.csv"):
        edits.dataset_text(original, submitted, "x")
