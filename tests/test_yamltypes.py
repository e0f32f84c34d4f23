"""All-string YAML typed once (core/yamltypes.py): a Table Schema by what each key means and its
constraints by the field's type, a Vega-Lite spec by what a string looks like."""

from gongkai.core import yamlstrict, yamltypes
from gongkai.core.schema import Field, RowContext, cast_row, load_schema


def _schema_file(tmp_path, text: str) -> str:
    rel = "schemas/test.schema.yaml"
    (tmp_path / "schemas").mkdir()
    (tmp_path / rel).write_text(text, encoding="utf-8")
    return rel


def _codes(problems) -> list[tuple]:
    return [(p.path, p.line, p.column, p.code) for p in problems]


def test_constraints_are_typed_by_the_fields_type():
    typed = yamltypes.table_schema({"fields": [
        {"name": "n", "type": "integer", "constraints": {"required": "true", "minimum": "+5", "enum": ["1", "2"]}},
        {"name": "x", "type": "number", "bareNumber": "false", "constraints": {"maximum": "1e6", "enum": ["0.5", "2"]}},
        {"name": "y", "type": "year", "constraints": {"minimum": "2000"}},
        {"name": "d", "type": "date", "constraints": {"minimum": "2020", "maximum": "2030-12-31"}},
        {"name": "b", "type": "boolean", "constraints": {"enum": ["true"]}},
        {"name": "s", "constraints": {"minLength": "2", "maxLength": "1.5", "unique": "yes", "enum": ["1", "true"]}},
    ], "primaryKey": ["n"]})
    constraints = [item["constraints"] for item in typed["fields"]]
    assert constraints[0] == {"required": True, "minimum": 5, "enum": [1, 2]}
    assert constraints[1] == {"maximum": 1000000.0, "enum": [0.5, 2]} and typed["fields"][1]["bareNumber"] is False
    assert constraints[2] == {"minimum": 2000}
    # A date's bounds are dates, written as text in a JSON descriptor too: "2020" is not the year 2020.
    assert constraints[3] == {"minimum": "2020", "maximum": "2030-12-31"}
    assert constraints[4] == {"enum": [True]}
    # A length is a count; a text field's enum is text; what cannot be read is left for the check to report.
    assert constraints[5] == {"minLength": 2, "maxLength": "1.5", "unique": "yes", "enum": ["1", "true"]}
    assert typed["primaryKey"] == ["n"] and "type" not in typed["fields"][5]


def test_the_descriptor_given_is_not_changed():
    raw = {"fields": [{"name": "n", "type": "integer", "constraints": {"minimum": "0"}}, "not a field"]}
    typed = yamltypes.table_schema(raw)
    assert raw == {"fields": [{"name": "n", "type": "integer", "constraints": {"minimum": "0"}}, "not a field"]}
    assert typed["fields"][1] == "not a field"
    assert yamltypes.schema_field({"name": "n", "type": ["integer"], "constraints": {"minimum": "1"}}) == \
        {"name": "n", "type": ["integer"], "constraints": {"minimum": "1"}}


def test_a_record_schema_bound_in_exponent_form_is_a_number(tmp_path):
    # The record typer used to keep "1e6" as text, and a row then crashed comparing a Decimal with it.
    rel = _schema_file(tmp_path, "fields:\n  - {name: amount, title: 金额, type: number, constraints: {maximum: 1e6}}\n")
    schema, problems = load_schema(tmp_path, rel, None)
    assert problems == [] and schema.fields[0].constraints == {"maximum": 1000000.0}
    doc, _ = yamlstrict.load("amount: 2000000\n", "content/x.yaml")
    typed, problems = cast_row(schema, doc.value, RowContext("content/x.yaml", doc))
    assert _codes(problems) == [("content/x.yaml", 1, 1, "too-large")]


def test_a_record_schema_bound_not_of_the_fields_type_is_reported(tmp_path):
    # The record typer used to make an integer field's minimum 1.5 and a date field's "2020" the
    # number 2020; a bound that is not the field's type is refused, as Table Schema wants, and a
    # bound no number can be compared with is a problem, not a traceback when the first row is read.
    rel = _schema_file(tmp_path, "fields:\n  - {name: count, title: 件数, type: integer, constraints: {minimum: 1.5}}\n"
                                 "  - {name: total, title: 合计, type: number, constraints: {maximum: 很多}}\n")
    schema, problems = load_schema(tmp_path, rel, None)
    assert schema is None
    assert _codes(problems) == [(rel, 1, 1, "schema-invalid"), (rel, 1, 1, "schema-invalid")]
    assert "count: minimum '1.5'" in problems[0].message_en and "total: maximum '很多'" in problems[1].message_en


def test_a_schema_that_is_not_a_mapping_is_reported(tmp_path):
    rel = _schema_file(tmp_path, "- name: title\n")
    schema, problems = load_schema(tmp_path, rel, None)
    assert schema is None and _codes(problems) == [(rel, 1, 1, "schema-invalid")]


def test_a_dataset_column_and_a_record_key_are_one_field():
    column = Field.from_descriptor(yamltypes.schema_field(
        {"name": "amount", "title": "", "type": "integer", "unit": "元", "constraints": {"required": "true", "minimum": "0"}}))
    assert (column.title, column.unit, column.format, column.true_values) == ("amount", "元", "default", ("true",))
    assert (column.type_label, column.constraints_label) == ("整数（integer）", "必填，不小于 0")
    flag = Field.from_descriptor({"name": "embargo", "type": "boolean", "trueValues": ["是"], "falseValues": ["否"]})
    assert (flag.true_values, flag.false_values, flag.type_label) == (("是",), ("否",), "是/否（boolean）")


def test_a_chart_spec_types_only_what_is_spelled_as_json():
    spec = yamltypes.vega_lite_spec({
        "width": "400", "autosize": {"resize": "true"}, "mark": {"type": "bar", "opacity": "0.8", "size": "1e1"},
        "encoding": {"x": {"field": "2024", "title": "1", "type": "ordinal"},
                     "y": {"field": "n", "scale": {"domain": ["0", "-1.5"]}}},
        "transform": [{"filter": "datum.n > 0"}, {"aggregate": [{"op": "sum", "field": "n", "as": "007"}],
                                                 "groupby": ["2024", "true"]}],
        "config": {"code": "007", "plus": "+1", "dot": ".5"},
    })
    assert spec["width"] == 400 and spec["autosize"] == {"resize": True}
    assert spec["mark"] == {"type": "bar", "opacity": 0.8, "size": 10.0}
    assert spec["encoding"]["x"] == {"field": "2024", "title": "1", "type": "ordinal"}
    assert spec["encoding"]["y"]["scale"]["domain"] == [0, -1.5]
    assert spec["transform"][0] == {"filter": "datum.n > 0"}
    assert spec["transform"][1]["aggregate"][0]["as"] == "007" and spec["transform"][1]["groupby"] == ["2024", "true"]
    # Not JSON numbers: more likely a code than a number where nothing says which.
    assert spec["config"] == {"code": "007", "plus": "+1", "dot": ".5"}
