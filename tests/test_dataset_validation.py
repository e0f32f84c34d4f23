"""One bad fixture per problem code: each test asserts the exact list of problems."""

from __future__ import annotations

import datetime
import hashlib
import os
import shutil
from pathlib import Path

import pytest
from frictionless import Resource as FlResource

from gongkai.datasets.dataset import load_datasets
from gongkai.core.problems import Severity

GOOD = Path(__file__).parent / "fixtures" / "datasets" / "good"
AGENCIES = {"qx-gov-office", "qx-finance"}
VOCABULARIES = {
    "category": ["综合政务", "财政、金融、审计", "社会保障"],
    "update_frequency": ["daily", "weekly", "monthly", "quarterly", "semiannual", "annual", "irregular", "never"],
    "open_type": ["无条件开放", "有条件开放"],
}
TODAY = datetime.date(2026, 3, 1)
YAML = "datasets/good/datapackage.yaml"
CSV = "datasets/good/data/calls.csv"
HEADER = "month,date,category,calls,rate,note\n"


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


def write_csv(root: Path, content: str | bytes) -> None:
    path = folder(root) / "data" / "calls.csv"
    path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))


def load(root: Path, **options):
    return load_datasets(root, AGENCIES, VOCABULARIES, TODAY, **options)


def found(root: Path, **options) -> list[tuple]:
    _, problems = load(root, **options)
    return [(p.path, p.line, p.column, p.field, p.code) for p in problems]


# --- the good package --------------------------------------------------------------------------


def test_good_package_loads_without_problems(root):
    datasets, problems = load(root)
    assert problems == []
    [dataset] = datasets
    assert (dataset.name, dataset.publisher, dataset.theme, dataset.update_frequency_label) == (
        "good", "qx-gov-office", "综合政务", "每月")
    assert dataset.modified == datetime.date(2026, 1, 31)
    assert (dataset.next_due, dataset.overdue, dataset.days_overdue) == (datetime.date(2026, 2, 28), True, 1)
    assert dataset.temporal == {"start": "2025-01", "end": "2025-12"}
    assert dataset.readme_html.startswith("<h2>说明</h2>")
    [resource] = dataset.resources
    assert (resource.path, resource.filename, resource.row_count) == ("data/calls.csv", "calls.csv", 4)
    assert resource.preview_header == ["月份", "统计日期", "诉求类型", "来电量", "办结率", "备注"]
    assert resource.preview_rows[2] == ["2025-02", "2025-02-28", "咨询", "98", "97.25", "春节"]
    assert resource.fields[3].unit == "件" and resource.fields[3].constraints == {"required": True, "minimum": 0}
    assert dataset.descriptor["resources"][0]["hash"] == f"sha256:{resource.sha256}"
    [view] = dataset.views
    assert view.svg.startswith("<svg") and 'role="img"' in view.svg


def test_symlinked_dataset_folder_is_refused(tmp_path):
    (tmp_path / "datasets").mkdir()
    shutil.copytree(GOOD, tmp_path / "elsewhere")
    os.symlink(tmp_path / "elsewhere", tmp_path / "datasets" / "good")
    assert found(tmp_path) == [("datasets/good", 0, 0, "", "dataset-folder-symlink")]


# --- the path jail -----------------------------------------------------------------------------


@pytest.mark.parametrize("written, code", [
    ("../x.csv", "path-traversal"),
    ("data/../../x.csv", "path-traversal"),
    ("/etc/passwd", "path-absolute"),
    ("C:/data/calls.csv", "path-absolute"),
    ("https://example.com/calls.csv", "path-remote"),
    ("file:///etc/passwd", "path-remote"),
    ("s3://bucket/calls.csv", "path-remote"),
    ("data\\calls.csv", "path-backslash"),
    ("data/missing.csv", "path-missing"),
    ("data", "path-not-file"),
])
def test_resource_path_outside_the_jail_is_refused(root, written, code):
    edit_yaml(root, "path: data/calls.csv", f"path: '{written}'")
    assert found(root) == [(YAML, 24, 5, "path", code)]


def test_symlink_to_a_file_outside_is_refused(root):
    (root / "outside.csv").write_text(HEADER, encoding="utf-8")
    os.symlink(root / "outside.csv", folder(root) / "data" / "link.csv")
    edit_yaml(root, "path: data/calls.csv", "path: data/link.csv")
    assert found(root) == [(YAML, 24, 5, "path", "path-symlink")]


def test_symlink_inside_the_folder_is_refused_too(root):
    os.symlink("calls.csv", folder(root) / "data" / "link.csv")
    edit_yaml(root, "path: data/calls.csv", "path: data/link.csv")
    assert found(root) == [(YAML, 24, 5, "path", "path-symlink")]


def test_symlinked_data_directory_is_refused(root):
    os.symlink("data", folder(root) / "linked")
    edit_yaml(root, "path: data/calls.csv", "path: linked/calls.csv")
    assert found(root) == [(YAML, 24, 5, "path", "path-symlink")]


def test_schema_path_goes_through_the_jail(root):
    text = (folder(root) / "datapackage.yaml").read_text(encoding="utf-8")
    head, schema = text.split("    schema:\n")
    schema, views = schema.split("views:\n")
    lines = [line[6:] for line in schema.splitlines()]
    (folder(root) / "schema.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    (folder(root) / "datapackage.yaml").write_text(head + "    schema: schema.yaml\nviews:\n" + views, encoding="utf-8")
    assert found(root) == []
    edit_yaml(root, "schema: schema.yaml", "schema: ../schema.yaml")
    assert found(root) == [(YAML, 26, 5, "schema", "path-traversal")]


def test_schema_file_errors_point_into_the_schema_file(root):
    (folder(root) / "schema.yaml").write_text(
        "fields:\n  - name: month\n    type: yearmonth\n  - name: date\n    type: dayt\n", encoding="utf-8")
    text = (folder(root) / "datapackage.yaml").read_text(encoding="utf-8")
    head, rest = text.split("    schema:\n")
    (folder(root) / "datapackage.yaml").write_text(head + "    schema: schema.yaml\n", encoding="utf-8")
    assert found(root) == [("datasets/good/schema.yaml", 4, 5, "date", "datapackage-invalid")]


# --- bytes and encodings -----------------------------------------------------------------------


def test_undeclared_gb18030_is_an_error_with_the_line(root):
    write_csv(root, (HEADER + "2025-01,2025-01-31,咨询,130,98.5,\n").encode("gb18030"))
    datasets, problems = load(root)
    assert [(p.path, p.line, p.column, p.field, p.code) for p in problems] == [(CSV, 2, 20, "", "csv-encoding")]
    assert "encoding: gb18030" in problems[0].message
    assert datasets == []


def test_undeclared_latin1_is_not_taken_for_gbk(root):
    """Année in Latin-1 decodes as GB18030 to Ann閑: only an encoding that reads it right is suggested."""
    write_csv(root, (HEADER + "2025-01,2025-01-31,x,130,98.5,Année\n").encode("latin-1"))
    _, problems = load(root)
    assert [(p.path, p.line, p.column, p.code) for p in problems] == [(CSV, 2, 34, "csv-encoding")]
    message = problems[0].message
    assert "GB18030" not in message and "gb18030" not in message and "閑" not in message
    assert "看起来是 Windows-1252" in message and "Année" in message and "encoding: cp1252" in message


@pytest.mark.parametrize("codec, note", [("gb18030", "清溪"), ("cp1252", "Année Müller")])
def test_the_suggested_encoding_reads_the_file(root, codec, note):
    category = "咨询" if codec == "gb18030" else "x"  # Windows-1252 has no Chinese: x breaks only the enum
    write_csv(root, (HEADER + f"2025-01,2025-01-31,{category},130,98.5,{note}\n").encode(codec))
    message = load(root)[1][0].message
    assert f"encoding: {codec}" in message and note in message
    edit_yaml(root, "    title: 月度来电\n", f"    title: 月度来电\n    encoding: {codec}\n")
    [*problems] = load(root)[1]
    assert [p.code for p in problems] == ([] if codec == "gb18030" else ["constraint-error"])


def test_an_undeclared_file_that_reads_two_ways_says_it_is_unsure(root):
    # Bytes that are a common Chinese character and two Latin letters inside a word: C0 CF is 老, or ÀÏ.
    write_csv(root, HEADER.encode() + b"2025-01,2025-01-31,x,130,98.5,a\xc0\xcfb\n")
    _, problems = load(root)
    assert [p.code for p in problems] == ["csv-encoding"]
    assert "无法确定是哪一种" in problems[0].message
    assert "“x,130,98.5,a老b”（encoding: gb18030）" in problems[0].message
    assert "“x,130,98.5,aÀÏb”（encoding: cp1252）" in problems[0].message


def test_bytes_that_read_as_nothing_plausible_get_no_suggestion(root):
    write_csv(root, HEADER.encode() + b"2025-01,2025-01-31,\x81\xff\x81,130,98.5,\n")
    _, problems = load(root)
    assert [p.code for p in problems] == ["csv-encoding"]
    assert "encoding:" not in problems[0].message and "都不像正常的文字" in problems[0].message


def test_a_utf8_file_declared_otherwise_is_told_to_drop_the_declaration(root):
    write_csv(root, HEADER + "2025-01,2025-01-31,咨询,130,98.5,清溪\n")
    edit_yaml(root, "    title: 月度来电\n", "    title: 月度来电\n    encoding: ascii\n")
    message = load(root)[1][0].message
    assert "看起来是 UTF-8" in message and "删除 datapackage.yaml 中这个资源的 encoding 设置" in message


def test_declared_gb18030_is_read_and_published_as_utf8(root):
    content = HEADER + "2025-01,2025-01-31,咨询,130,98.5,清溪\n"
    write_csv(root, content.encode("gb18030"))
    edit_yaml(root, "    title: 月度来电\n", "    title: 月度来电\n    encoding: gb18030\n")
    [dataset], problems = load(root)
    assert problems == []
    resource = dataset.resources[0]
    assert resource.preview_rows == [["2025-01", "2025-01-31", "咨询", "130", "98.5", "清溪"]]
    assert resource.bytes == len(content.encode("utf-8")) and resource.transcode
    assert dataset.descriptor["resources"][0]["encoding"] == "utf-8"


def test_utf8_bom_is_tolerated(root):
    write_csv(root, b"\xef\xbb\xbf" + (HEADER + "2025-01,2025-01-31,咨询,130,98.5,\n").encode("utf-8"))
    [dataset], problems = load(root)
    assert problems == []
    assert dataset.resources[0].bytes == len(HEADER.encode()) + len("2025-01,2025-01-31,咨询,130,98.5,\n".encode())


def test_unknown_encoding_is_refused(root):
    edit_yaml(root, "    title: 月度来电\n", "    title: 月度来电\n    encoding: klingon\n")
    assert found(root) == [(YAML, 26, 5, "encoding", "resource-encoding-unknown")]


def test_git_lfs_pointer_says_the_file_was_not_checked_out(root):
    write_csv(root, "version https://git-lfs.github.com/spec/v1\noid sha256:abc\nsize 12345\n")
    _, problems = load(root)
    assert [(p.path, p.line, p.column, p.field, p.code) for p in problems] == [(CSV, 1, 1, "", "csv-lfs-pointer")]
    assert "git lfs pull" in problems[0].message


def test_nul_byte_is_an_error(root):
    write_csv(root, HEADER + "2025-01,2025-01-31,咨\x00询,130,98.5,\n")
    assert found(root) == [(CSV, 2, 23, "", "csv-nul-byte")]


def test_file_over_the_size_limit_is_an_error(root):
    assert found(root, max_bytes=100) == [(CSV, 0, 0, "", "csv-too-large")]


# --- declared size and hash -------------------------------------------------------------------


def declare(root: Path, **keys) -> None:
    lines = "".join(f"    {key}: {value}\n" for key, value in keys.items())
    edit_yaml(root, "    title: 月度来电\n", "    title: 月度来电\n" + lines)


def test_a_declared_size_and_hash_that_match_the_file_pass(root):
    data = (folder(root) / "data" / "calls.csv").read_bytes()
    declare(root, bytes=len(data), hash=f"sha256:{hashlib.sha256(data).hexdigest()}")
    assert found(root) == []
    declare(root, hash=hashlib.md5(data).hexdigest())  # a bare hex digest is md5, as in Frictionless
    edit_yaml(root, f"    hash: sha256:{hashlib.sha256(data).hexdigest()}\n", "")
    assert found(root) == []


def test_a_declared_size_or_hash_that_does_not_match_is_an_error_not_replaced(root):
    data = (folder(root) / "data" / "calls.csv").read_bytes()
    declare(root, bytes=len(data) + 1, hash="sha256:" + "0" * 64)
    datasets, problems = load(root)
    assert [(p.path, p.line, p.column, p.field, p.code) for p in problems] == [
        (YAML, 26, 5, "bytes", "byte-count"), (YAML, 27, 5, "hash", "hash-count")]
    assert f"请改成 {len(data)}" in problems[0].message
    assert f"请改成 sha256:{hashlib.sha256(data).hexdigest()}" in problems[1].message
    assert datasets == []
    # Frictionless, given the same promise, breaks it the same way.
    descriptor = {"name": "calls", "path": "data/calls.csv", "schema": {"fields": FIELDS},
                  "bytes": len(data) + 1, "hash": "sha256:" + "0" * 64}
    report = FlResource(descriptor, basepath=str(folder(root))).validate()
    assert sorted(error.type for error in report.tasks[0].errors) == ["byte-count", "hash-count"]


def test_a_declared_hash_describes_the_file_as_written_not_as_published(root):
    content = (HEADER + "2025-01,2025-01-31,咨询,130,98.5,清溪\n").encode("gb18030")
    write_csv(root, content)
    declare(root, encoding="gb18030", bytes=len(content), hash=hashlib.md5(content).hexdigest())
    [dataset], problems = load(root)
    assert problems == []
    published = content.decode("gb18030").encode("utf-8")
    assert dataset.descriptor["resources"][0]["bytes"] == len(published)
    assert dataset.descriptor["resources"][0]["hash"] == f"sha256:{hashlib.sha256(published).hexdigest()}"


@pytest.mark.parametrize("key, value", [("bytes", "1,234"), ("bytes", "-1"), ("hash", "sha3:abcd"),
                                        ("hash", "sha256:abc"), ("hash", "not hex")])
def test_a_malformed_size_or_hash_is_an_error(root, key, value):
    declare(root, **{key: f"'{value}'"})
    assert found(root) == [(YAML, 26, 5, key, "descriptor-type")]


# --- header and rows ---------------------------------------------------------------------------


def test_ragged_rows_name_the_missing_and_extra_cells(root):
    write_csv(root, HEADER + "2025-01,2025-01-31,咨询,130\n2025-02,2025-02-28,咨询,1,234,98.5,\n")
    assert found(root) == [
        (CSV, 2, 5, "rate", "missing-cell"),
        (CSV, 2, 6, "note", "missing-cell"),
        (CSV, 3, 7, "", "extra-cell"),
    ]


def test_duplicate_and_blank_header_cells_name_the_column(root):
    write_csv(root, "month,date,date,calls,,note\n2025-01,2025-01-31,咨询,130,98.5,\n")
    assert found(root) == [(CSV, 1, 3, "date", "csv-header-duplicate"), (CSV, 1, 5, "", "csv-header-blank")]


def test_header_must_match_the_schema(root):
    write_csv(root, "month,date,type,calls,rate,note\n")
    assert found(root) == [(CSV, 1, 3, "category", "csv-header-mismatch")]


def test_empty_file_and_blank_row(root):
    write_csv(root, "")
    assert found(root) == [(CSV, 1, 1, "", "csv-empty")]
    write_csv(root, HEADER + "2025-01,2025-01-31,咨询,130,98.5,\n,,,,,\n")
    assert found(root) == [(CSV, 3, 1, "", "blank-row")]


def test_type_errors_show_the_value_and_the_expected_form(root):
    write_csv(root, HEADER + '2025-01,2025/01/31,咨询,"1,300",98.5%,\n')
    _, problems = load(root)
    assert [(p.path, p.line, p.column, p.field, p.code) for p in problems] == [
        (CSV, 2, 2, "date", "type-error"),
        (CSV, 2, 4, "calls", "type-error"),
        (CSV, 2, 5, "rate", "type-error"),
    ]
    assert "2025/01/31" in problems[0].message and "2024-01-08" in problems[0].message
    assert "千位分隔符" in problems[1].message and problems[1].label == "来电量"


def test_constraint_errors_minimum_enum_required(root):
    write_csv(root, HEADER + "2025-01,2025-01-31,咨询,-5,1,\n2025-02,2025-02-28,其他,5,1,\n2025-03,2025-03-31,求助,,1,\n")
    _, problems = load(root)
    assert [(p.path, p.line, p.column, p.field, p.code) for p in problems] == [
        (CSV, 2, 4, "calls", "constraint-error"),
        (CSV, 3, 3, "category", "constraint-error"),
        (CSV, 4, 4, "calls", "constraint-error"),
    ]
    assert "最小值 0" in problems[0].message
    assert "咨询、投诉、求助" in problems[1].message
    assert "必须填写" in problems[2].message


def test_primary_key_and_unique_duplicates(root):
    edit_yaml(root, "          title: 备注\n", "          title: 备注\n          constraints: {unique: true}\n")
    write_csv(root, HEADER + "2025-01,2025-01-31,咨询,1,1,a\n2025-01,2025-01-31,咨询,2,1,a\n")
    assert found(root) == [(CSV, 3, 1, "month", "primary-key"), (CSV, 3, 6, "note", "unique-error")]


def test_formula_prefix_is_a_warning_but_negative_numbers_are_not(root):
    write_csv(root, HEADER + "2025-01,2025-01-31,咨询,130,-3.5,=HYPERLINK(\"x\")\n2025-02,2025-02-28,咨询,1,1,-\n"
              "2025-03,2025-03-31,咨询,1,1,@SUM(A1)\n2025-04,2025-04-30,咨询,1,1,-12\n")
    datasets, problems = load(root)
    assert [(p.path, p.line, p.column, p.field, p.code) for p in problems] == [
        (CSV, 2, 6, "note", "csv-formula-prefix"),
        (CSV, 4, 6, "note", "csv-formula-prefix"),
    ]
    assert all(p.severity is Severity.WARNING for p in problems) and len(datasets) == 1


def test_errors_are_capped_per_resource_with_a_total(root):
    rows = "".join(f"2025-{m:02d},2025-01-31,咨询,x{m},1,\n" for m in range(1, 6))
    write_csv(root, HEADER + rows)
    _, problems = load(root, max_errors_per_resource=2)
    assert [(p.path, p.line, p.column, p.field, p.code) for p in problems] == [
        (CSV, 2, 4, "calls", "type-error"),
        (CSV, 3, 4, "calls", "type-error"),
        (CSV, 4, 0, "", "data-errors-truncated"),
    ]
    assert "另有 3 个" in problems[2].message and "共有 5 个" in problems[2].message
    assert "and 3 more" in problems[2].message_en


FIELDS = [
    {"name": "month", "type": "yearmonth"}, {"name": "date", "type": "date"},
    {"name": "category", "type": "string", "constraints": {"enum": ["咨询", "投诉", "求助"]}},
    {"name": "calls", "type": "integer", "constraints": {"required": True, "minimum": 0}},
    {"name": "rate", "type": "number"}, {"name": "note", "type": "string"}]
# Our codes for what Frictionless calls incorrect-label, missing-label, extra-label.
LABEL_ERRORS = {"incorrect-label", "missing-label", "extra-label"}


def frictionless_finds(root: Path, fields=FIELDS, **schema) -> list[tuple]:
    """(row, type) of every error `frictionless validate` reports on the fixture's CSV (the primary
    key left out unless given); label errors as row 1, as ours are."""
    descriptor = {"name": "calls", "path": "data/calls.csv", "schema": {"fields": fields, **schema}}
    report = FlResource(descriptor, basepath=str(folder(root))).validate()
    return sorted((row or 1, "csv-header-mismatch" if kind in LABEL_ERRORS else kind)
                  for row, kind in report.flatten(["rowNumber", "type"]))


def test_row_errors_agree_with_frictionless(root):
    """Our streaming scan must find what Frictionless finds (same rows, columns and types)."""
    write_csv(root, HEADER + "2025-01,2025/01/31,咨询,-5,1,\n2025-02,2025-02-28,其他,5,x,\n"
              "2025-03,2025-03-31,求助,,1\n2025-04,2025-04-30,求助,1,1,,extra\n")
    ours = sorted((p.line, p.column, p.code) for p in load(root)[1])
    dataset_descriptor = {"name": "calls", "path": "data/calls.csv", "schema": {"fields": FIELDS}}
    report = FlResource(dataset_descriptor, basepath=str(folder(root))).validate()
    theirs = sorted(tuple(row) for row in report.flatten(["rowNumber", "fieldNumber", "type"]))
    assert ours == theirs


def test_rows_are_still_checked_after_a_header_error(root):
    """Frictionless reads the columns by position after a wrong label: the rows' errors are reported too."""
    write_csv(root, "month,date,type,calls,rate,note\n2025-01,2025-01-31,咨询,x,98.5,\n2025-02,2025-02-28,其他,1,1,\n")
    assert found(root) == [(CSV, 1, 3, "category", "csv-header-mismatch"), (CSV, 2, 4, "calls", "type-error"),
                           (CSV, 3, 3, "category", "constraint-error")]
    assert sorted((line, code) for _, line, _, _, code in found(root)) == frictionless_finds(root)


def test_rows_are_still_checked_after_duplicate_or_missing_labels(root):
    write_csv(root, "month,date,date,calls,rate\n2025-01,2025-01-31,咨询,x,98.5\n2025-02,2025-02-28,咨询,1,1,多\n")
    assert found(root) == [(CSV, 1, 3, "date", "csv-header-duplicate"), (CSV, 2, 4, "calls", "type-error"),
                           (CSV, 3, 6, "", "extra-cell")]


def test_a_header_with_extra_columns_reads_them_as_any_and_still_checks_the_rest(root):
    write_csv(root, HEADER.strip() + ",extra\n2025-01,2025-01-31,咨询,-1,98.5,,随便\n")
    assert found(root) == [(CSV, 1, 7, "extra", "csv-header-mismatch"), (CSV, 2, 4, "calls", "constraint-error")]
    assert sorted((line, code) for _, line, _, _, code in found(root)) == frictionless_finds(root)


def test_a_row_of_missing_value_tokens_is_a_blank_row(root):
    edit_yaml(root, "      primaryKey: [month, category]\n", "      missingValues: ['', '-']\n")
    write_csv(root, HEADER + "2025-01,2025-01-31,咨询,1,98.5,-\n-,-,-,-,-,-\n-,,-,,,\n-,-\n2025-02,-,咨询,1,-,-\n")
    datasets, problems = load(root)
    assert [(p.path, p.line, p.column, p.field, p.code) for p in problems] == [
        (CSV, 3, 1, "", "blank-row"), (CSV, 4, 1, "", "blank-row"), (CSV, 5, 1, "", "blank-row")]
    assert "只有缺失值标记（“-”）" in problems[0].message
    assert sorted((p.line, p.code) for p in problems) == frictionless_finds(root, missingValues=["", "-"])
    assert datasets == []


def test_a_field_of_its_own_missing_values_counts_for_the_blank_row(root):
    edit_yaml(root, "          title: 备注\n", "          title: 备注\n          missingValues: ['无']\n")
    write_csv(root, HEADER + ",,,,,无\n,,,,,\n,,,,,-\n")
    # The field's own list replaces the schema's: for 备注, "" is a value, only 无 is missing.
    assert found(root) == [(CSV, 2, 1, "", "blank-row"),
                           (CSV, 3, 1, "month", "primary-key"), (CSV, 3, 4, "calls", "constraint-error"),
                           (CSV, 4, 1, "month", "primary-key"), (CSV, 4, 4, "calls", "constraint-error")]
    fields = FIELDS[:-1] + [dict(FIELDS[-1], missingValues=["无"])]
    theirs = frictionless_finds(root, fields, primaryKey=["month", "category"])
    # Frictionless also reports a blank row's empty primary key; we say it once, as a blank row.
    assert theirs == sorted([(2, "blank-row"), (2, "primary-key")] + [
        (line, code) for _, line, _, _, code in found(root) if line != 2])


@pytest.mark.parametrize("first_line, says, dialect_line", [
    ("month;date;category;calls;rate;note", "分号（;）", 'dialect: {delimiter: ";"}'),
    ("month, date, category, calls, rate, note", "逗号（,），后面还跟一个空格", "dialect: {skipInitialSpace: true}"),
    ("month\tdate\tcategory\tcalls\trate\tnote", "制表符（Tab）", 'dialect: {delimiter: "\\t"}'),
    ("month|date|category|calls|rate|note", "竖线（|）", 'dialect: {delimiter: "|"}'),
    ("月份;日期;类型;来电;办结;备注", "分号（;）", 'dialect: {delimiter: ";"}'),
])
def test_a_header_split_by_another_separator_says_which_and_the_dialect_line_to_add(root, first_line, says, dialect_line):
    write_csv(root, first_line + "\n")
    _, problems = load(root)
    [mismatch] = problems
    assert (mismatch.path, mismatch.line, mismatch.code) == (CSV, 1, "csv-header-mismatch")
    assert f"用{says}分隔的" in mismatch.message
    assert f"加一行：{dialect_line}，" in mismatch.message
    if first_line.startswith("月份"):  # right count, wrong names: said, not promised
        assert "列名仍不一致" in mismatch.message


def test_the_dialect_line_the_hint_gives_reads_the_file(root):
    write_csv(root, "month;date;category;calls;rate;note\n2025-01;2025-01-31;咨询;130;98.5;\n")
    hint = load(root)[1][0].message.split("加一行：")[1].split("，")[0]
    edit_yaml(root, "    title: 月度来电\n", f"    title: 月度来电\n    {hint}\n")
    assert found(root) == []


def test_a_wrongly_declared_separator_is_named_too(root):
    edit_yaml(root, "    title: 月度来电\n", "    title: 月度来电\n    dialect: {delimiter: ';'}\n")
    _, problems = load(root)
    # Every row is then one cell, not a month (as Frictionless, told the same separator, reports).
    assert [(p.line, p.code) for p in problems] == [(1, "csv-header-mismatch")] + [(n, "type-error") for n in range(2, 6)]
    assert "用逗号（,）分隔的" in problems[0].message and "删除 datapackage.yaml 中这个资源的 dialect" in problems[0].message


def test_a_header_that_is_simply_wrong_gets_no_separator_hint(root):
    write_csv(root, "month,date,type,calls,rate,note\n")
    assert "分隔" not in load(root)[1][0].message


# --- portal keys -------------------------------------------------------------------------------


def test_unknown_publisher(root):
    edit_yaml(root, "publisher: qx-gov-office", "publisher: qx-nobody")
    assert found(root) == [(YAML, 4, 1, "publisher", "publisher-unknown")]


def test_a_mistyped_publisher_gets_the_closest_agency_ids(root):
    edit_yaml(root, "publisher: qx-gov-office", "publisher: qx-gov-ofice")
    _, problems = load(root)
    assert [(p.line, p.code, p.message, p.message_en) for p in problems] == [(
        4, "publisher-unknown",
        "“qx-gov-ofice”不是有效的提供单位：必须是content/agencies.yaml 中某个机构的 id。是不是“qx-gov-office”？"
        "可选：qx-finance、qx-gov-office。",
        "'qx-gov-ofice' is not an allowed publisher. Did you mean 'qx-gov-office'? Allowed: qx-finance, qx-gov-office.")]


def test_a_fullwidth_colon_in_the_descriptor_is_named_on_its_line(root):
    edit_yaml(root, "publisher: qx-gov-office", "publisher：qx-gov-office")
    assert found(root) == [(YAML, 4, 10, "publisher", "yaml-fullwidth-colon")]


def test_theme_not_in_the_vocabulary(root):
    edit_yaml(root, "theme: 综合政务", "theme: 热线")
    assert found(root) == [(YAML, 5, 1, "theme", "theme-unknown")]


def test_update_frequency_and_open_type_from_their_lists(root):
    edit_yaml(root, "update_frequency: monthly", "update_frequency: 每月")
    edit_yaml(root, "open_type: 无条件开放", "open_type: 公开")
    assert found(root) == [(YAML, 6, 1, "update_frequency", "update-frequency-unknown"),
                           (YAML, 11, 1, "open_type", "open-type-unknown")]


def test_name_must_equal_the_folder(root):
    edit_yaml(root, "name: good", "name: other")
    assert found(root) == [(YAML, 1, 1, "name", "dataset-name-mismatch")]
    edit_yaml(root, "name: other", "name: Good_1")
    assert found(root) == [(YAML, 1, 1, "name", "dataset-name-invalid")]


def test_missing_required_key(root):
    edit_yaml(root, "title: 清溪县12345热线月度来电统计\n", "")
    assert found(root) == [(YAML, 1, 1, "title", "descriptor-required")]


def test_bad_and_future_modified_dates(root):
    edit_yaml(root, "modified: 2026-01-31", "modified: 2026-02-30")
    assert found(root) == [(YAML, 7, 1, "modified", "date-invalid")]
    edit_yaml(root, "modified: 2026-02-30", "modified: 2026-03-02")
    assert found(root) == [(YAML, 7, 1, "modified", "modified-in-future")]


def test_temporal_end_before_start(root):
    edit_yaml(root, "  end: 2025-12", "  end: 2024")
    assert found(root) == [(YAML, 15, 3, "temporal", "temporal-order")]


def test_licenses_must_name_a_license(root):
    edit_yaml(root, "  - name: CC-BY-4.0\n    title:", "  - title:")
    assert found(root) == [(YAML, 9, 5, "licenses", "license-invalid")]


def test_unknown_key_is_an_error_and_remote_profile_too(root):
    edit_yaml(root, "spatial:", "colour: blue\nspatial:")
    datasets, problems = load(root)
    assert [(p.path, p.line, p.column, p.field, p.code, p.severity) for p in problems] == [
        (YAML, 16, 1, "colour", "descriptor-unknown-key", Severity.ERROR)]
    assert "可用的键：name, title, description, publisher, theme, update_frequency" in problems[0].message
    assert "DESIGN" not in problems[0].message and datasets == []
    edit_yaml(root, "colour: blue", "profile: https://example.com/profile.json")
    assert found(root) == [(YAML, 16, 1, "profile", "descriptor-profile")]


def test_a_misspelled_key_is_an_error_that_names_the_right_one(root):
    edit_yaml(root, "update_frequency: monthly", "update_frequncy: monthly")
    _, problems = load(root)
    assert [(p.path, p.line, p.column, p.field, p.code) for p in problems] == [
        (YAML, 1, 1, "update_frequency", "descriptor-required"),
        (YAML, 6, 1, "update_frequncy", "descriptor-unknown-key"),
    ]
    assert "是不是“update_frequency”（更新频率）？" in problems[1].message
    assert "Did you mean 'update_frequency'?" in problems[1].message_en


@pytest.mark.parametrize("old, new, line, field", [
    ("    title: 月度来电\n", "    title: 月度来电\n    schmea: x\n", 26, "schmea"),
    ("  end: 2025-12", "  edn: 2025-12", 15, "edn"),
    ("  phone: 0731-55200012", "  phnoe: 0731-55200012", 19, "phnoe"),
])
def test_misspelled_keys_inside_resources_temporal_and_contact_are_errors(root, old, new, line, field):
    edit_yaml(root, old, new)
    _, problems = load(root)
    [unknown] = [p for p in problems if p.code == "descriptor-unknown-key"]
    assert (unknown.path, unknown.line, unknown.field, unknown.severity) == (YAML, line, field, Severity.ERROR)
    assert "是不是" in unknown.message


def test_a_missing_vocabulary_key_lists_its_values(root):
    edit_yaml(root, "update_frequency: monthly\n", "")
    edit_yaml(root, "theme: 综合政务\n", "")
    _, problems = load(root)
    assert [(p.line, p.field, p.code) for p in problems] == [(1, "theme", "descriptor-required"),
                                                             (1, "update_frequency", "descriptor-required")]
    # A value holding 、 (财政、金融、审计) is not joined by 、, or it would read as three values.
    assert "可选：综合政务；财政、金融、审计；社会保障。" in problems[0].message
    assert "可选：daily（每日）、weekly（每周）、monthly（每月）" in problems[1].message


def test_a_theme_outside_the_vocabulary_lists_values_that_hold_a_dunhao_unambiguously(root):
    edit_yaml(root, "theme: 综合政务", "theme: 财政金融审计")
    _, problems = load(root)
    assert [p.code for p in problems] == ["theme-unknown"]
    assert "是不是“财政、金融、审计”？" in problems[0].message
    assert "可选：综合政务；财政、金融、审计；社会保障。" in problems[0].message


def test_frictionless_profile_errors_point_at_the_field(root):
    edit_yaml(root, "          type: integer", "          type: intger")
    _, problems = load(root)
    assert [(p.path, p.line, p.column, p.field, p.code) for p in problems] == [
        (YAML, 39, 11, "calls", "datapackage-invalid")]
    assert "不支持这个字段类型" in problems[0].message


def test_frictionless_constraint_type_error_points_at_the_key(root):
    edit_yaml(root, "required: true", "required: yes")
    assert found(root) == [(YAML, 44, 13, "calls", "datapackage-invalid")]


# --- views -------------------------------------------------------------------------------------


def test_view_without_description(root):
    edit_yaml(root, "    description: 2025年每月来电量在90到130件之间，1月最多。\n", "")
    assert found(root) == [(YAML, 55, 5, "description", "view-description-missing")]


def test_view_with_an_unknown_field(root):
    edit_yaml(root, "y: {field: calls,", "y: {field: call_count,")
    assert found(root) == [(YAML, 65, 13, "field", "view-field-unknown")]


def test_view_with_an_invalid_spec(root):
    edit_yaml(root, "mark: bar", "mark: {type: nonsense}")
    assert found(root) == [(YAML, 60, 5, "spec", "view-spec-invalid")]


def test_view_fold_fields_are_checked_too(root):
    edit_yaml(root, "      mark: bar\n", "      transform:\n        - fold: [calls, rates]\n      mark: bar\n")
    assert found(root) == [(YAML, 62, 25, "field", "view-field-unknown")]


@pytest.mark.parametrize("missing_values", [[""], ["", "1900-01-01", "NA"]])
@pytest.mark.parametrize("constraints", [{}, {"required": True}])
def test_the_date_shortcut_reads_every_cell_as_frictionless_does(missing_values, constraints):
    from frictionless import Schema

    from gongkai.tabular.tabular import _fast_reader

    schema = Schema.from_descriptor({"fields": [{"name": "day", "type": "date", "constraints": constraints}],
                                     "missingValues": missing_values})
    field = schema.fields[0]
    ours, theirs = _fast_reader(field, schema), field.create_cell_reader()
    cells = ["2024-01-05", "2024-1-5", "2024-02-29", "2023-02-29", "2024-13-01", "0000-01-01", "9999-12-31",
             " 2024-01-05", "2024-01-05 ", "2024/01/05", "２０２４-01-05", "2024-01-0５", "", "NA", "1900-01-01",
             "20240105", "2024-W01-1", "2024-01-05T00:00:00"]
    assert [ours(cell) for cell in cells] == [theirs(cell) for cell in cells]
