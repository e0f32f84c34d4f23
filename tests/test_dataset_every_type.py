"""Every Table Schema type with every constraint, with a sound and an unsound constraint value:
no descriptor and no data stops the check (each problem is reported, none is a traceback), and
where Frictionless itself gets through, our rows and error types are exactly its rows and types."""

from __future__ import annotations

import csv
import datetime
import io
import itertools
import json
from pathlib import Path

import pytest
from frictionless import Resource as FlResource

from gongkai.datasets.dataset import load_datasets

# Per type: two distinct good values, then a value that is not of the type.
VALUES = {
    "string": ["a1", "b22", "?"],
    "integer": ["1", "22", "x"],
    "number": ["1.5", "22", "1,5"],
    "boolean": ["true", "false", "maybe"],
    "object": ['{"a": 1}', '{"b": [2]}', "[1]"],
    "array": ["[1, 2]", '[{"a": 3}]', "{}"],
    "list": ["a,b", "c", ""],
    "date": ["2024-01-01", "2024-02-01", "2024-13-01"],
    "time": ["09:00:00", "10:00:00", "25:00"],
    "datetime": ["2024-01-01T09:00:00", "2024-01-02T09:00:00", "x"],
    "year": ["2024", "2025", "24"],
    "yearmonth": ["2024-01", "2024-02", "2024-13"],
    "duration": ["P1D", "P2D", "1 day"],
    "geopoint": ["90,45", "10,10", "200,200"],
    "geojson": ['{"type": "Point", "coordinates": [1, 2]}', '{"type": "Point", "coordinates": [3, 4]}', '{"type": "Nope"}'],
    "any": ["a", "1", "?"],
}
CONSTRAINTS = ["required", "unique", "minLength", "maxLength", "minimum", "maximum", "exclusiveMinimum",
               "exclusiveMaximum", "pattern", "enum"]
# A constraint value that is sound for every type that supports it, and one that is not.
SOUND = {"required": True, "unique": True, "minLength": 1, "maxLength": 3, "pattern": "[a-z0-9,]+"}
UNSOUND = {"required": "maybe", "unique": "1", "minLength": "x", "maxLength": "many", "pattern": "[a-",
           "enum": ["zzz", {"x": 1}]}
# Frictionless stops with "unhashable type" on these (a traceback, no report): our rows are asserted directly.
FRICTIONLESS_CANNOT = {("object", "unique"), ("array", "unique"), ("list", "unique"), ("geojson", "unique")}


def constraint_value(kind: str, constraint: str, sound: bool):
    if not sound:
        return UNSOUND.get(constraint, "zzz")
    if constraint == "enum":  # as the cells are written (objects and arrays as JSON text)
        return VALUES[kind][:2]
    if constraint in SOUND:
        return SOUND[constraint]
    return VALUES[kind][1]  # a bound: the second good value


def rows(kind: str) -> list[list[str]]:
    first, second, bad = VALUES[kind]
    return [["1", first], ["2", second], ["3", first], ["4", bad], ["5", ""]]


def write_dataset(root: Path, kind: str, constraint: str, value) -> dict:
    folder = root / "datasets" / "every"
    (folder / "data").mkdir(parents=True)
    field = {"name": "value", "type": kind, "constraints": {constraint: value}}
    schema = {"fields": [{"name": "id", "type": "integer"}, field]}
    # YAML is a superset of JSON: the descriptor is written as JSON so every value keeps its form.
    descriptor = {"name": "every", "title": "每种类型", "description": "每种类型和约束。", "publisher": "p",
                  "theme": "综合政务", "update_frequency": "never", "modified": "2025-01-01",
                  "licenses": [{"name": "CC-BY-4.0"}],
                  "resources": [{"name": "every", "path": "data/every.csv", "schema": schema}]}
    (folder / "datapackage.yaml").write_text(json.dumps(descriptor, ensure_ascii=False, indent=1), encoding="utf-8")
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerows([["id", "value"]] + rows(kind))
    (folder / "data" / "every.csv").write_text(buffer.getvalue(), encoding="utf-8")
    return {"name": "every", "path": "data/every.csv", "schema": schema, "basepath": str(folder)}


def ours(root: Path) -> list[tuple]:
    _, problems = load_datasets(root, {"p"}, {"category": ["综合政务"]}, datetime.date(2025, 6, 1))
    return [(p.path.rsplit("/", 1)[-1], p.line, p.code) for p in problems if p.is_error]


def theirs(resource: dict) -> list[tuple]:
    descriptor = {k: v for k, v in resource.items() if k != "basepath"}
    report = FlResource(descriptor, basepath=resource["basepath"]).validate()
    return sorted(("every.csv", row, kind) for row, kind in report.flatten(["rowNumber", "type"]))


@pytest.mark.parametrize("kind,constraint", list(itertools.product(VALUES, CONSTRAINTS)))
def test_a_sound_constraint_is_checked_as_frictionless_checks_it(tmp_path, kind, constraint):
    resource = write_dataset(tmp_path, kind, constraint, constraint_value(kind, constraint, sound=True))
    found = ours(tmp_path)
    descriptor = {k: v for k, v in resource.items() if k != "basepath"}
    if not FlResource.validate_descriptor(descriptor).valid:  # not a constraint of this type (or a v2 one)
        assert [code for _, _, code in found] == ["datapackage-invalid"]
        return
    if (kind, constraint) in FRICTIONLESS_CANNOT:
        # The third row repeats the first; the fourth is not of the type (an empty list is no value).
        assert found == [("every.csv", 4, "unique-error")] + ([("every.csv", 5, "type-error")] if kind != "list" else [])
        return
    assert sorted(found) == theirs(resource)


@pytest.mark.parametrize("kind,constraint", list(itertools.product(VALUES, CONSTRAINTS)))
def test_an_unsound_constraint_value_is_a_problem_in_the_descriptor_not_a_traceback(tmp_path, kind, constraint):
    write_dataset(tmp_path, kind, constraint, constraint_value(kind, constraint, sound=False))
    found = ours(tmp_path)
    assert found, "an unsound constraint passed unnoticed"
    # A descriptor problem stops the scan: no row is reported against a schema that cannot be read.
    # (Only `any` reads every enum item, so its rows are checked against them.)
    if kind != "any" or constraint != "enum":
        assert {(path, code) for path, _, code in found} <= {("datapackage.yaml", "datapackage-invalid"),
                                                           ("datapackage.yaml", "field-constraint-invalid")}, found


def test_a_duplicate_object_is_a_unique_error_like_any_other_value(tmp_path):
    """Frictionless stops here with "unhashable type: 'dict'"; we name the row."""
    write_dataset(tmp_path, "object", "unique", True)
    assert ours(tmp_path) == [("every.csv", 4, "unique-error"), ("every.csv", 5, "type-error")]
    _, problems = load_datasets(tmp_path, {"p"}, {"category": ["综合政务"]}, datetime.date(2025, 6, 1))
    assert "与第 2 行重复" in problems[0].message
