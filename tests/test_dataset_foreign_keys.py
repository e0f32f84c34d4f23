"""Foreign keys between the resources of a data package (and within one): the rows Frictionless
reports, named by file and line; a reference to nothing is a descriptor error."""

from __future__ import annotations

import datetime
import json
import shutil
from pathlib import Path

import pytest
from frictionless import Package

from gongkai.datasets.dataset import load_datasets
from gongkai.tabular import foreignkeys

GOOD = Path(__file__).parent / "fixtures" / "datasets" / "good"
YAML = "datasets/good/datapackage.yaml"
CSV = "datasets/good/data/calls.csv"
KINDS = "code,name\n咨询,咨询类\n投诉,投诉类\n求助,求助类\n"
KINDS_RESOURCE = """  - name: kinds
    path: data/kinds.csv
    title: 诉求类型
    schema:
      fields:
        - {name: code, type: string, title: 代码}
        - {name: name, type: string, title: 名称}
      primaryKey: [code]
"""
REFERENCE = "      primaryKey: [month, category]\n"


@pytest.fixture
def root(tmp_path: Path) -> Path:
    shutil.copytree(GOOD, tmp_path / "datasets" / "good")
    return tmp_path


def folder(root: Path) -> Path:
    return root / "datasets" / "good"


def edit_yaml(root: Path, old: str, new: str) -> None:
    path = folder(root) / "datapackage.yaml"
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def with_kinds(root: Path, kinds: str = KINDS, key: str = "{fields: [category], reference: {resource: kinds, fields: [code]}}"):
    (folder(root) / "data" / "kinds.csv").write_text(kinds, encoding="utf-8")
    edit_yaml(root, REFERENCE, REFERENCE + f"      foreignKeys:\n        - {key}\n")
    edit_yaml(root, "views:\n", KINDS_RESOURCE + "views:\n")


def write_calls(root: Path, rows: str) -> None:
    (folder(root) / "data" / "calls.csv").write_text("month,date,category,calls,rate,note\n" + rows, encoding="utf-8")


def load(root: Path, **options):
    return load_datasets(root, {"qx-gov-office"}, {"category": ["综合政务"]}, datetime.date(2026, 3, 1), **options)


def found(root: Path, **options) -> list[tuple]:
    return [(p.path, p.line, p.column, p.field, p.code) for p in load(root, **options)[1]]


def frictionless_rows(root: Path, calls_keys: list) -> list[tuple]:
    """(resource, row, type) that Frictionless reports for the same package (views left out)."""
    fields = [{"name": "month", "type": "yearmonth"}, {"name": "date", "type": "date"},
              {"name": "category", "type": "string"}, {"name": "calls", "type": "integer"},
              {"name": "rate", "type": "number"}, {"name": "note", "type": "string"}]
    package = {"name": "good", "resources": [
        {"name": "calls", "path": "data/calls.csv", "schema": {"fields": fields, "foreignKeys": calls_keys}},
        {"name": "kinds", "path": "data/kinds.csv", "schema": {"fields": [{"name": "code", "type": "string"},
                                                                          {"name": "name", "type": "string"}]}}]}
    report = Package(json.loads(json.dumps(package)), basepath=str(folder(root))).validate()
    return sorted((task.name, error.row_number, error.type) for task in report.tasks for error in task.errors)


def test_values_found_in_the_referenced_resource_pass(root):
    with_kinds(root)
    [dataset], problems = load(root)
    assert problems == []
    assert dataset.descriptor["resources"][0]["schema"]["foreignKeys"] == [
        {"fields": ["category"], "reference": {"resource": "kinds", "fields": ["code"]}}]


def test_a_value_missing_from_the_referenced_resource_names_the_row(root):
    with_kinds(root, kinds="code,name\n咨询,咨询类\n求助,求助类\n")
    write_calls(root, "2025-01,2025-01-31,咨询,1,1,\n2025-01,2025-01-31,投诉,2,1,\n2025-02,2025-02-28,,3,1,\n"
                      "2025-03,2025-03-31,投诉,4,1,\n")
    datasets, problems = load(root)
    assert [(p.path, p.line, p.column, p.field, p.code) for p in problems] == [
        (CSV, 3, 3, "category", "foreign-key"), (CSV, 5, 3, "category", "foreign-key")]
    assert problems[0].message.startswith("“投诉”在资源“诉求类型”的“code”列中找不到。")
    assert datasets == []
    # The same rows as Frictionless (an empty key, row 4, is not checked by either).
    key = [{"fields": ["category"], "reference": {"resource": "kinds", "fields": ["code"]}}]
    assert frictionless_rows(root, key) == [("calls", 3, "foreign-key"), ("calls", 5, "foreign-key")]


def test_a_self_reference_checks_the_table_against_itself(root):
    edit_yaml(root, REFERENCE, REFERENCE + "      foreignKeys:\n        - {fields: note, reference: {resource: '', fields: category}}\n")
    write_calls(root, "2025-01,2025-01-31,咨询,1,1,\n2025-01,2025-01-31,投诉,2,1,咨询\n2025-02,2025-02-28,求助,3,1,其他\n")
    _, problems = load(root)
    assert [(p.line, p.field, p.code) for p in problems] == [(4, "note", "foreign-key")]
    assert "在本表的“category”列中找不到" in problems[0].message
    key = [{"fields": ["note"], "reference": {"resource": "", "fields": ["category"]}}]
    (folder(root) / "data" / "kinds.csv").write_text(KINDS, encoding="utf-8")  # Frictionless's package needs it
    assert frictionless_rows(root, key) == [("calls", 4, "foreign-key")]


def test_a_composite_key_must_match_a_whole_row(root):
    with_kinds(root, kinds="code,name\n咨询,咨询类\n投诉,投诉类\n",
               key="{fields: [category, note], reference: {resource: kinds, fields: [code, name]}}")
    write_calls(root, "2025-01,2025-01-31,咨询,1,1,咨询类\n2025-01,2025-01-31,投诉,2,1,咨询类\n"
                      "2025-02,2025-02-28,投诉,3,1,\n")
    _, problems = load(root)
    assert [(p.line, p.column, p.code) for p in problems] == [(3, 3, "foreign-key"), (4, 3, "foreign-key")]
    assert "（诉求类型、备注）的取值（投诉，咨询类）" in problems[0].message
    key = [{"fields": ["category", "note"], "reference": {"resource": "kinds", "fields": ["code", "name"]}}]
    assert frictionless_rows(root, key) == [("calls", 3, "foreign-key"), ("calls", 4, "foreign-key")]


def test_typed_values_compare_typed(root):
    """01 and 1 are the same integer on both sides; the text 1 is not the integer 1."""
    (folder(root) / "data" / "kinds.csv").write_text("code,name\n01,一\n2,二\n", encoding="utf-8")
    edit_yaml(root, REFERENCE, REFERENCE + "      foreignKeys:\n        - {fields: calls, reference: {resource: kinds, fields: code}}\n")
    edit_yaml(root, "views:\n", KINDS_RESOURCE.replace("{name: code, type: string", "{name: code, type: integer") + "views:\n")
    write_calls(root, "2025-01,2025-01-31,咨询,1,1,\n2025-01,2025-01-31,投诉,002,1,\n2025-02,2025-02-28,求助,3,1,\n")
    assert [(line, code) for _, line, _, _, code in found(root)] == [(4, "foreign-key")]


def test_a_reference_to_no_resource_or_no_field_is_a_descriptor_error(root):
    with_kinds(root, key="{fields: [category], reference: {resource: kind, fields: [code]}}")
    assert found(root) == [(YAML, 55, 44, "resource", "foreign-key-resource-unknown")]
    edit_yaml(root, "resource: kind,", "resource: kinds,")
    edit_yaml(root, "fields: [code]}", "fields: [kode]}")
    assert found(root) == [(YAML, 55, 61, "fields", "foreign-key-field-unknown")]


def test_foreign_key_errors_are_capped_with_a_total(root):
    with_kinds(root, kinds="code,name\n咨询,咨询类\n")
    write_calls(root, "".join(f"2025-{m:02d},2025-01-31,投诉,{m},1,\n" for m in range(1, 7)))
    _, problems = load(root, max_errors_per_resource=2)
    assert [(p.line, p.code) for p in problems] == [(2, "foreign-key"), (3, "foreign-key"), (4, "data-errors-truncated")]
    assert "另有 4 处" in problems[-1].message and "共 6 处" in problems[-1].message


def test_the_referenced_keys_are_remembered_up_to_a_bound(root):
    with_kinds(root)
    [dataset], _ = load(root)
    resource = dataset.resources[0]
    kinds = dataset.resources[1]
    table = foreignkeys.Table("calls", "月度来电", resource.source_path, CSV, resource.schema, "utf-8", None)
    target = foreignkeys.Table("kinds", "诉求类型", kinds.source_path, "x", kinds.schema, "utf-8", None)
    key = foreignkeys.ForeignKey(["category"], target, ["code"])
    assert foreignkeys.check_foreign_keys(table, [key], max_errors=20, max_keys=3) == []
    with pytest.raises(foreignkeys.TooManyKeys):
        foreignkeys.check_foreign_keys(table, [key], max_errors=20, max_keys=2)
    # Two keys share the budget: the month and the category of each row, 3 + 2 distinct keys.
    months = foreignkeys.ForeignKey(["month"], table, ["month"])
    assert foreignkeys.check_foreign_keys(table, [key, months], max_errors=20, max_keys=5) == []
    with pytest.raises(foreignkeys.TooManyKeys):
        foreignkeys.check_foreign_keys(table, [key, months], max_errors=20, max_keys=4)
