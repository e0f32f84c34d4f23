"""No published file can exceed deploy's limit, the XLSX never cuts a cell silently, UTF-16 CSVs are
named as such, odd numbers cannot hang or crash the downloads, and one mistake in agencies.yaml
gives one error, not one per item."""

from __future__ import annotations

import codecs
import datetime
import json
import os
import shutil
import time
import zipfile
from pathlib import Path

import openpyxl
import pytest

from gongkai.tabular import downloadsizes, tabular

from gongkai.core import limits
from gongkai.build.build import build
from gongkai.datasets.dataset import load_datasets
from gongkai.outputs.downloads import CUT_MARK, write_downloads
from gongkai.check import check_site
from support import BUILD_EPOCH, write_item

GOOD = Path(__file__).resolve().parent.parent / "fixtures" / "datasets" / "good"
YAML = "datasets/good/datapackage.yaml"
CSV = "datasets/good/data/calls.csv"
HEADER = "month,date,category,calls,rate,note\n"
ROWS = "2025-01,2025-01-31,咨询,130,98.5,\n2025-02,2025-02-28,投诉,20,90,备注\n"
AGENCIES = {"qx-gov-office"}
VOCABULARIES = {"category": ["综合政务"], "update_frequency": ["monthly"], "open_type": ["无条件开放"]}


@pytest.fixture
def root(tmp_path: Path) -> Path:
    shutil.copytree(GOOD, tmp_path / "datasets" / "good")
    return tmp_path


def write_csv(root: Path, data: bytes | str) -> Path:
    path = root / CSV
    path.write_bytes(data if isinstance(data, bytes) else data.encode("utf-8"))
    return path


def load(root: Path, **options):
    return load_datasets(root, AGENCIES, VOCABULARIES, datetime.date(2026, 3, 1), **options)


def found(root: Path, **options) -> list[tuple]:
    _, problems = load(root, **options)
    return [(p.path, p.line, p.column, p.code) for p in problems]


# --- UTF-16 and UTF-32 ---------------------------------------------------------------------------


@pytest.mark.parametrize("encoding, bom, name", [
    ("utf-16-le", codecs.BOM_UTF16_LE, "UTF-16"), ("utf-16-be", codecs.BOM_UTF16_BE, "UTF-16"),
    ("utf-16-le", b"", "UTF-16"), ("utf-16-be", b"", "UTF-16"),
    ("utf-32-le", codecs.BOM_UTF32_LE, "UTF-32"), ("utf-32-be", b"", "UTF-32"),
])
def test_a_utf16_or_utf32_csv_is_called_what_it_is(root, encoding, bom, name):
    write_csv(root, bom + (HEADER + ROWS).encode(encoding))
    _, problems = load(root)
    assert [(p.path, p.line, p.column, p.code) for p in problems] == [(CSV, 1, 1, "csv-encoding-utf16")]
    assert name in problems[0].message and "CSV UTF-8" in problems[0].message and "NUL" not in problems[0].message


def test_a_declared_utf16_csv_is_read_and_published_as_utf8(root, tmp_path):
    write_csv(root, (HEADER + ROWS).encode("utf-16"))
    text = (root / YAML).read_text(encoding="utf-8")
    (root / YAML).write_text(text.replace("    path: data/calls.csv\n", "    path: data/calls.csv\n    encoding: utf-16\n"),
                             encoding="utf-8")
    datasets, problems = load(root)
    assert [p.code for p in problems if p.is_error] == []
    write_downloads(datasets[0], tmp_path / "out", BUILD_EPOCH)
    assert (tmp_path / "out" / "calls.csv").read_text(encoding="utf-8") == HEADER + ROWS


def test_a_binary_file_with_nul_bytes_is_still_called_binary(root):
    write_csv(root, b"PK\x03\x04" + bytes(range(256)) * 8)
    assert [code for *_, code in found(root)] == ["csv-nul-byte"]


def test_a_utf16_agencies_file_says_utf16_and_nothing_else(mini_site):
    path = mini_site / "content" / "agencies.yaml"
    path.write_bytes(path.read_text(encoding="utf-8").encode("utf-16"))
    _, problems = check_site(mini_site, BUILD_EPOCH)
    assert [(p.path, p.code) for p in problems] == [
        ("content/agencies.yaml", "agencies-not-checked"), ("content/agencies.yaml", "encoding-utf16")]


# --- sizes of published files ---------------------------------------------------------------------


def test_a_csv_over_the_limit_is_refused_before_it_is_read(root):
    path = write_csv(root, "")
    with open(path, "wb") as handle:
        handle.truncate(limits.MAX_DATASET_CSV_BYTES + 1)  # sparse: costs no disk, and is never read
    started = time.monotonic()
    assert found(root) == [(CSV, 0, 0, "csv-too-large")]
    assert time.monotonic() - started < 10


def test_a_gb18030_csv_that_grows_past_the_limit_as_utf8_is_refused(root):
    text = (root / YAML).read_text(encoding="utf-8")
    (root / YAML).write_text(text.replace("    path: data/calls.csv\n", "    path: data/calls.csv\n    encoding: gb18030\n"),
                             encoding="utf-8")
    data = (HEADER + "".join(f"2025-{m:02d},2025-{m:02d}-01,咨询,1,1,{'中文备注' * 40}\n" for m in range(1, 13))).encode("gb18030")
    write_csv(root, data)
    assert [code for *_, code in found(root, max_bytes=len(data) + 10)] == ["csv-too-large"]  # UTF-8 is 1.5x larger
    assert [p for p in found(root, max_bytes=len(data) * 2) if p[3] == "csv-too-large"] == []


def test_an_attachment_over_the_limit_is_refused(mini_site):
    attachment = mini_site / "content" / "attachments" / "2025" / "huge.pdf"
    attachment.parent.mkdir(parents=True)
    with open(attachment, "wb") as handle:
        handle.truncate(limits.MAX_PUBLISHED_FILE_BYTES + 1)
    write_item(mini_site, "2025/with-huge.md", title="附件很大", index_no="11430000MB0000001B/2025-00050",
               extra="attachments:\n  - file: 2025/huge.pdf\n    title: 大附件\n")
    _, problems = check_site(mini_site, BUILD_EPOCH)
    assert [(p.path, p.line, p.column, p.code) for p in problems] == [
        ("content/disclosures/2025/with-huge.md", 9, 5, "attachment-too-large")]


def many_rows(count: int) -> str:
    return HEADER + "".join(f"{2000 + i // 12}-{i % 12 + 1:02d},2025-01-31,咨询,{i},1.5,第{i}行\n" for i in range(count))


def test_downloads_that_could_exceed_the_limit_are_not_offered_and_the_zip_is_an_error(root, monkeypatch):
    write_csv(root, many_rows(3000))
    size = (root / CSV).stat().st_size
    monkeypatch.setattr(limits, "MAX_PUBLISHED_FILE_BYTES", size + 100)  # the CSV fits; nothing else does
    assert [(p.code, p.severity.value) for p in load(root)[1]] == [
        ("dataset-too-large", "error"), ("json-not-offered", "warning"), ("xlsx-not-offered", "warning")]


def test_the_page_and_the_build_agree_on_what_is_not_offered(mini_site, monkeypatch):
    shutil.copytree(GOOD, mini_site / "datasets" / "good")
    descriptor = mini_site / "datasets" / "good" / "datapackage.yaml"
    descriptor.write_text(descriptor.read_text(encoding="utf-8").replace("publisher: qx-gov-office", "publisher: demo-gov"),
                          encoding="utf-8")
    write_csv(mini_site, many_rows(300))
    monkeypatch.setattr(limits, "MAX_PUBLISHED_FILE_BYTES", 40_000)
    _, problems = check_site(mini_site, BUILD_EPOCH)
    assert sorted(p.code for p in problems) == ["json-not-offered", "xlsx-not-offered"]
    output = mini_site / "output"
    assert build(mini_site, mini_site / "pelicanconf.py", output) == 0  # every link resolves
    files = sorted(p.name for p in (output / "datasets" / "good").iterdir())
    assert files == ["calls.csv", "changes", "changes.csv", "datapackage.json", "good.zip", "index.html"]
    page = (output / "datasets" / "good" / "index.html").read_text(encoding="utf-8")
    assert "因此不提供 XLSX" in page and "因此不提供 JSON" in page and "calls.xlsx" not in page
    assert all(p.stat().st_size <= 40_000 for p in (output / "datasets" / "good").iterdir() if p.suffix != ".html")


ADVERSARIAL = [
    '"引号""里""还有引号",\\反斜杠\\\\',
    "控制\x01字符\x02\x1f",
    "换行\n和\t制表\r回车",
    "&amp; <script> & < > &&&&",
    "=SUM(A1) +86 @x -1",
    "😀🎉 emoji 和中文" * 20,
    "x" * 40000,
    "",
]


def test_the_size_bounds_hold_for_hostile_cells(root, tmp_path):
    numbers = ["1e15", "1e300", "-0.000000001", "1e999999999", "123456789012345678901234567890", "0"]
    lines = []
    for index, note in enumerate(ADVERSARIAL * 3):
        quoted = '"' + note.replace('"', '""') + '"'
        lines.append(f"2025-{index % 12 + 1:02d},2025-01-31,{['咨询', '投诉', '求助'][index // 12]},{index},"
                     f"{numbers[index % len(numbers)]},{quoted}")
    write_csv(root, HEADER + "\n".join(lines) + "\n")
    datasets, problems = load(root)
    assert [p.render() for p in problems if p.is_error] == []
    [dataset] = datasets
    [resource] = dataset.resources
    out = tmp_path / "out"
    started = time.monotonic()
    write_downloads(dataset, out, BUILD_EPOCH)
    assert time.monotonic() - started < 30  # 1e999999999 is not turned into a billion-digit integer
    scan, _ = tabular.scan_table(root / CSV, CSV, resource.schema)
    plan = downloadsizes.plan(resource.name, resource.filename, resource.fields, scan)
    assert (out / "calls.json").stat().st_size <= plan.json_bytes
    assert (out / "calls.xlsx").stat().st_size <= plan.xlsx_bytes
    with zipfile.ZipFile(out / "good.zip") as archive:  # its descriptor names data/calls.csv
        descriptor_bytes = archive.getinfo("datapackage.json").file_size
    members = [descriptor_bytes, (root / "datasets/good/README.md").stat().st_size, resource.bytes]
    assert (out / "good.zip").stat().st_size <= downloadsizes.zip_bound(members)
    records = json.loads((out / "calls.json").read_text(encoding="utf-8"))
    assert {record["rate"] for record in records} >= {1000000000000000, 1e300, "1e999999999",
                                                      123456789012345678901234567890}


def test_a_cell_longer_than_excel_holds_is_cut_visibly_and_said_everywhere(root, tmp_path):
    long = "长" * (limits.EXCEL_MAX_CELL_CHARS + 10)
    write_csv(root, HEADER + f"2025-01,2025-01-31,咨询,1,1,{long}\n2025-02,2025-02-28,咨询,1,1,{long}\n")
    datasets, problems = load(root)
    assert [(p.path, p.line, p.column, p.code, p.severity.value) for p in problems] == [
        (CSV, 2, 6, "xlsx-cell-too-long", "warning"), (CSV, 3, 6, "xlsx-cell-too-long", "warning")]
    [resource] = datasets[0].resources
    assert any("2 个格子超过 Excel" in note for note in resource.download_notes)
    write_downloads(datasets[0], tmp_path / "out", BUILD_EPOCH)
    sheet = openpyxl.load_workbook(tmp_path / "out" / "calls.xlsx").active
    cell = sheet.cell(row=2, column=6).value
    assert len(cell) == limits.EXCEL_MAX_CELL_CHARS and cell.endswith(CUT_MARK)
    assert json.loads((tmp_path / "out" / "calls.json").read_text(encoding="utf-8"))[0]["note"] == long


def test_the_cell_limit_holds_whatever_was_imported_before(root, monkeypatch):
    import csv

    csv.field_size_limit(2**31 - 2)  # what importing Frictionless's CSV parser does, process-wide
    monkeypatch.setattr(limits, "MAX_CELL_CHARS", 1000)
    write_csv(root, HEADER + f"2025-01,2025-01-31,咨询,1,1,{'x' * 1001}\n")
    assert found(root) == [(CSV, 2, 0, "csv-cell-too-large")]


@pytest.mark.parametrize("cell", ["[1e400]", "[NaN]", "[Infinity]", "[1, -1e999]"])
def test_json_cells_json_cannot_hold_are_an_error_not_a_crash_later(root, cell):
    text = (root / YAML).read_text(encoding="utf-8")
    (root / YAML).write_text(text.replace("          title: 备注\n", "          title: 备注\n          type: array\n", 1)
                             .replace("        - name: note\n          type: string\n", "        - name: note\n"),
                             encoding="utf-8")
    quoted = '"' + cell.replace('"', '""') + '"'
    write_csv(root, HEADER + f"2025-01,2025-01-31,咨询,1,1,{quoted}\n")
    assert found(root) == [(CSV, 2, 6, "json-number-invalid")]


# --- one error for one mistake in agencies.yaml ------------------------------------------------------


AGENCY_MISTAKES = {
    "duplicate key": ("- id: demo-gov\n  name: 示例县人民政府\n  name: 重复\n- id: demo-finance\n  name: 示例县财政局\n",
                      [("yaml-duplicate-key", 3)]),
    "bad id": ("- id: demo-gov\n  name: 示例县人民政府\n- id: Demo_Finance\n  name: 示例县财政局\n", [("pattern", 3)]),
    "not a list": ("demo-gov: 示例县人民政府\n", [("agencies-shape", 1)]),
    "tab indentation": ("- id: demo-gov\n\tname: 示例县人民政府\n", None),
}


@pytest.mark.parametrize("text, expected", AGENCY_MISTAKES.values(), ids=AGENCY_MISTAKES.keys())
def test_one_mistake_in_agencies_yaml_is_one_error_not_one_per_item(mini_site, text, expected):
    shutil.copytree(GOOD, mini_site / "datasets" / "good")  # publisher qx-gov-office: unknown either way
    (mini_site / "content" / "agencies.yaml").write_text(text, encoding="utf-8")
    _, problems = check_site(mini_site, BUILD_EPOCH)
    codes = [(p.path, p.code) for p in problems]
    assert all(path == "content/agencies.yaml" for path, _ in codes), codes
    assert [p.code for p in problems if p.is_error and p.code in ("unknown-agency", "publisher-unknown")] == []
    assert ("content/agencies.yaml", "agencies-not-checked") in codes
    if expected is not None:
        assert [(p.code, p.line) for p in problems if p.is_error] == expected


def test_a_good_agencies_file_still_finds_unknown_agencies(mini_site):
    write_item(mini_site, "2025/other.md", title="别的机构", index_no="11430000MB0000001B/2025-00060")
    path = mini_site / "content" / "disclosures" / "2025" / "other.md"
    path.write_text(path.read_text(encoding="utf-8").replace("agency: demo-finance", "agency: no-such-agency"),
                    encoding="utf-8")
    _, problems = check_site(mini_site, BUILD_EPOCH)
    assert [(p.path, p.code) for p in problems] == [("content/disclosures/2025/other.md", "unknown-agency")]


def test_the_page_preview_shows_long_cells_shortened(root):
    write_csv(root, HEADER + f"2025-01,2025-01-31,咨询,1,1,{'长' * 10_000}\n")
    [dataset], _ = load(root)
    [cell] = [row[5] for row in dataset.resources[0].preview_rows]
    assert len(cell) == limits.PREVIEW_CELL_CHARS and cell.endswith("…")


def test_keyed_tables_too_long_to_remember_are_refused(root, monkeypatch):
    monkeypatch.setattr(limits, "MAX_KEYED_ROWS", 3)
    assert found(root) == [(CSV, 5, 0, "csv-too-many-keyed-rows")]


def test_a_catalogue_that_would_outgrow_one_file_is_refused_at_the_largest_item(mini_site, monkeypatch):
    keywords = ", ".join(f"主题词{i}" for i in range(300))
    write_item(mini_site, "2025/many-keywords.md", title="主题词很多", index_no="11430000MB0000001B/2025-00070",
               extra=f"keywords: [{keywords}]\n")
    monkeypatch.setattr(limits, "MAX_PUBLISHED_FILE_BYTES", 6000)
    _, problems = check_site(mini_site, BUILD_EPOCH)
    assert [(p.path, p.line, p.code) for p in problems] == [
        ("content/disclosures/2025/many-keywords.md", 1, "catalogue-too-large")]
