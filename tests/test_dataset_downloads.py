"""Published downloads are deterministic, valid Frictionless packages; freshness and charts."""

from __future__ import annotations

import csv
import datetime
import functools
import hashlib
import http.server
import io
import json
import shutil
import subprocess
import sys
import threading
import xml.etree.ElementTree as ET
import zipfile
from pathlib import Path

import openpyxl
import pytest

from gongkai.datasets import charts
from gongkai.datasets.dataset import load_datasets
from gongkai.outputs.downloads import write_downloads
from gongkai.datasets.freshness import days_overdue, next_due

GOOD = Path(__file__).parent / "fixtures" / "datasets" / "good"
FRICTIONLESS = Path(sys.executable).parent / "frictionless"
EPOCH = 1767225600  # 2026-01-01T00:00:00Z
ROWS = (
    "month,date,category,calls,rate,note\n"
    "2025-01,2025-01-31,咨询,130,98.5,=1+1\n"
    "2025-01,2025-01-31,投诉,20,90,+86 731\n"
    "2025-02,2025-02-28,咨询,98,97.25,春节\n"
)


def load_good(tmp_path: Path, csv_bytes: bytes | None = None, encoding: str | None = None):
    folder = tmp_path / "repo" / "datasets" / "good"
    shutil.copytree(GOOD, folder)
    if csv_bytes is not None:
        (folder / "data" / "calls.csv").write_bytes(csv_bytes)
    if encoding:
        path = folder / "datapackage.yaml"
        path.write_text(path.read_text(encoding="utf-8").replace(
            "    title: 月度来电\n", f"    title: 月度来电\n    encoding: {encoding}\n"), encoding="utf-8")
    [dataset], problems = load_datasets(tmp_path / "repo", {"qx-gov-office"}, {"category": ["综合政务"]},
                                        datetime.date(2026, 3, 1))
    assert [p for p in problems if p.is_error] == []
    return dataset


@pytest.fixture
def published(tmp_path):
    dataset = load_good(tmp_path, ROWS.encode("utf-8"))
    out = tmp_path / "output" / "datasets" / "good"
    return dataset, out, write_downloads(dataset, out, EPOCH)


def test_downloads_are_byte_identical_across_runs(tmp_path, published):
    dataset, out, written = published
    again = tmp_path / "again"
    assert [p.name for p in write_downloads(dataset, again, EPOCH)] == [p.name for p in written]
    assert [p.name for p in written] == ["calls.csv", "calls.json", "calls.xlsx", "datapackage.json", "good.zip"]
    for path in written:
        assert path.read_bytes() == (again / path.name).read_bytes(), path.name


def test_zip_holds_the_package_with_fixed_dates_and_modes(published):
    _, out, _ = published
    with zipfile.ZipFile(out / "good.zip") as archive:
        infos = archive.infolist()
        assert [i.filename for i in infos] == ["README.md", "data/calls.csv", "datapackage.json"]
        assert {i.date_time for i in infos} == {(2026, 1, 1, 0, 0, 0)}
        assert {i.external_attr >> 16 & 0o777 for i in infos} == {0o644}
        assert {i.compress_type for i in infos} == {zipfile.ZIP_DEFLATED}
        assert archive.read("data/calls.csv") == (out / "calls.csv").read_bytes()
        inside = json.loads(archive.read("datapackage.json"))
    served = json.loads((out / "datapackage.json").read_bytes())
    # The two descriptors differ only where each finds its CSV file.
    assert [r["path"] for r in inside["resources"]] == ["data/calls.csv"]
    assert [r["path"] for r in served["resources"]] == ["calls.csv"]
    inside["resources"][0]["path"] = "calls.csv"
    assert inside == served


def test_datapackage_json_carries_bytes_and_sha256(published):
    dataset, out, _ = published
    descriptor = json.loads((out / "datapackage.json").read_text(encoding="utf-8"))
    [resource] = descriptor["resources"]
    data = (out / "calls.csv").read_bytes()
    assert resource["path"] == "calls.csv"
    assert resource["bytes"] == len(data) == dataset.resources[0].bytes
    assert resource["hash"] == "sha256:" + hashlib.sha256(data).hexdigest()
    assert descriptor["modified"] == "2026-01-31" and descriptor["publisher"] == "qx-gov-office"
    assert dataset.resources[0].downloads == [
        {"format": "CSV", "filename": "calls.csv", "bytes": len(data)},
        {"format": "XLSX", "filename": "calls.xlsx", "bytes": (out / "calls.xlsx").stat().st_size},
        {"format": "JSON", "filename": "calls.json", "bytes": (out / "calls.json").stat().st_size},
    ]


def test_published_zip_passes_frictionless_validate_and_reads_back_the_same_rows(tmp_path, published):
    _, out, _ = published
    extracted = tmp_path / "extracted"
    with zipfile.ZipFile(out / "good.zip") as archive:
        archive.extractall(extracted)
    for target, cwd in ((["datapackage.json"], extracted), ([str(out / "good.zip")], tmp_path)):
        result = subprocess.run([str(FRICTIONLESS), "validate", "--json", *target], cwd=cwd,
                                capture_output=True, text=True, check=False)
        report = json.loads(result.stdout)
        assert report["valid"] is True, result.stdout
        assert result.returncode == 0
    with (extracted / "data" / "calls.csv").open(encoding="utf-8", newline="") as stream:
        assert list(csv.reader(stream)) == list(csv.reader(io.StringIO(ROWS)))


def frictionless_validate(target: str, cwd: Path) -> dict:
    result = subprocess.run([str(FRICTIONLESS), "validate", "--json", target], cwd=cwd,
                            capture_output=True, text=True, check=False)
    report = json.loads(result.stdout)
    assert (result.returncode == 0) == report["valid"]
    return report


def test_the_published_descriptor_validates_where_it_is_served(tmp_path, published):
    """The descriptor in the output folder, as a file and as a URL, with the CSV beside it (not in data/)."""
    _, out, _ = published
    report = frictionless_validate(str(out / "datapackage.json"), cwd=tmp_path)
    assert report["valid"] is True, report
    assert report["tasks"][0]["stats"]["rows"] == 3
    requested = []

    class Handler(http.server.SimpleHTTPRequestHandler):
        def log_message(self, format, *args):
            requested.append(self.path)

    handler = functools.partial(Handler, directory=str(tmp_path / "output"))
    with http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler) as server:
        thread = threading.Thread(target=server.serve_forever, daemon=True)
        thread.start()
        try:
            url = f"http://127.0.0.1:{server.server_address[1]}/datasets/good/datapackage.json"
            report = frictionless_validate(url, cwd=tmp_path)
        finally:
            server.shutdown()
    assert report["valid"] is True, report
    assert set(requested) == {"/datasets/good/datapackage.json", "/datasets/good/calls.csv"}


def test_every_descriptor_of_the_sample_build_validates_in_the_output_folder(sample_build):
    _, output = sample_build
    descriptors = sorted((output / "datasets").glob("*/datapackage.json"))
    assert len(descriptors) >= 8
    for descriptor in descriptors:
        report = frictionless_validate(str(descriptor), cwd=output)
        assert report["valid"] is True, (descriptor, report["errors"], [t["errors"][:3] for t in report["tasks"]])


def test_frictionless_notices_a_wrong_hash(tmp_path, published):
    """Proves the hash format is one Frictionless checks, not one it silently ignores."""
    _, out, _ = published
    extracted = tmp_path / "tampered"
    with zipfile.ZipFile(out / "good.zip") as archive:
        archive.extractall(extracted)
    csv_path = extracted / "data" / "calls.csv"
    csv_path.write_bytes(csv_path.read_bytes().replace(b"130", b"131"))
    result = subprocess.run([str(FRICTIONLESS), "validate", "--json", "datapackage.json"], cwd=extracted,
                            capture_output=True, text=True, check=False)
    assert json.loads(result.stdout)["valid"] is False
    assert "hash-count" in result.stdout


def test_xlsx_has_typed_cells_and_formulas_stay_text(published):
    _, out, _ = published
    sheet = openpyxl.load_workbook(out / "calls.xlsx").active
    header = [cell for cell in sheet[1]]
    assert [c.value for c in header] == ["月份", "统计日期", "诉求类型", "来电量", "办结率", "备注"]
    assert all(c.font.bold for c in header)
    assert sheet.freeze_panes == "A2"
    first = sheet[2]
    assert first[5].value == "=1+1" and first[5].data_type == "s"
    assert sheet[3][5].value == "+86 731" and sheet[3][5].data_type == "s"
    assert first[3].value == 130 and first[3].data_type == "n"
    assert first[4].value == 98.5
    assert first[1].value == datetime.datetime(2025, 1, 31) and first[1].number_format == "yyyy-mm-dd"
    assert first[0].value == "2025-01"
    with zipfile.ZipFile(out / "calls.xlsx") as archive:  # no build-time timestamps inside
        assert archive.read("docProps/core.xml").decode().count("2026-01-01T00:00:00Z") == 2
        assert {info.date_time for info in archive.infolist()} == {(2026, 1, 1, 0, 0, 0)}


def test_json_download_has_typed_values(published):
    _, out, _ = published
    rows = json.loads((out / "calls.json").read_text(encoding="utf-8"))
    assert rows[0] == {"month": "2025-01", "date": "2025-01-31", "category": "咨询", "calls": 130,
                       "rate": 98.5, "note": "=1+1"}
    assert len(rows) == 3


def test_gb18030_source_is_published_as_utf8(tmp_path):
    dataset = load_good(tmp_path, ROWS.encode("gb18030"), encoding="gb18030")
    out = tmp_path / "out"
    write_downloads(dataset, out, EPOCH)
    assert (out / "calls.csv").read_bytes() == ROWS.encode("utf-8")
    descriptor = json.loads((out / "datapackage.json").read_text(encoding="utf-8"))
    assert descriptor["resources"][0]["encoding"] == "utf-8"
    assert descriptor["resources"][0]["hash"] == "sha256:" + hashlib.sha256(ROWS.encode("utf-8")).hexdigest()


# --- freshness ---------------------------------------------------------------------------------


@pytest.mark.parametrize("modified, frequency, due", [
    ("2026-01-31", "monthly", "2026-02-28"),
    ("2024-01-31", "monthly", "2024-02-29"),
    ("2026-03-15", "monthly", "2026-04-15"),
    ("2025-11-30", "quarterly", "2026-02-28"),
    ("2025-08-31", "semiannual", "2026-02-28"),
    ("2024-02-29", "annual", "2025-02-28"),
    ("2026-02-28", "daily", "2026-03-01"),
    ("2026-02-26", "weekly", "2026-03-05"),
])
def test_next_due_uses_calendar_months(modified, frequency, due):
    assert next_due(datetime.date.fromisoformat(modified), frequency) == datetime.date.fromisoformat(due)


def test_irregular_and_never_have_no_due_date_and_grace_is_added():
    day = datetime.date(2026, 1, 31)
    assert next_due(day, "irregular") is None and next_due(day, "never") is None
    assert next_due(day, "monthly", grace_days=5) == datetime.date(2026, 3, 5)
    assert days_overdue(datetime.date(2026, 2, 28), datetime.date(2026, 3, 3)) == 3
    assert days_overdue(datetime.date(2026, 2, 28), datetime.date(2026, 2, 28)) == 0
    assert days_overdue(None, datetime.date(2030, 1, 1)) == 0


# --- charts ------------------------------------------------------------------------------------


def test_chart_svg_is_deterministic_accessible_and_offline(tmp_path):
    dataset = load_good(tmp_path)
    [view] = dataset.views
    again, _ = charts.render(dataset.descriptor["views"][0]["spec"], view.spec["data"]["values"],
                             chart_id="chart-good-calls-by-month", title=view.title, description=view.description)
    assert again == view.svg
    assert view.svg.startswith('<svg xmlns="http://www.w3.org/2000/svg"')
    assert 'role="img" aria-labelledby="chart-good-calls-by-month-title chart-good-calls-by-month-desc"' in view.svg
    assert '<title id="chart-good-calls-by-month-title">每月来电量</title>' in view.svg
    assert "<script" not in view.svg and "@import" not in view.svg and "url(http" not in view.svg
    assert view.spec["data"]["values"][0] == {"month": "2025-01", "date": "2025-01-31", "category": "咨询",
                                              "calls": 130, "rate": 98.5, "note": None}


def test_chart_ids_are_prefixed_so_two_charts_can_share_a_page():
    spec = {"mark": "bar", "width": 100, "encoding": {"x": {"field": "a", "type": "nominal"},
                                                      "y": {"field": "b", "type": "quantitative",
                                                            "scale": {"domain": [0, 5]}}}}
    spec = {**spec, "mark": {"type": "bar", "clip": True}}
    svg, _ = charts.render(spec, [{"a": "x", "b": 9}], chart_id="chart-one", title="t", description="d")
    ids = [part.split('"')[0] for part in svg.split(' id="')[1:]]
    assert ids and all(i.startswith("chart-one-") for i in ids)
    assert "url(#chart-one-" in svg


def test_chart_axis_labels_are_never_cut_short():
    # Vega cuts labels wider than 180 px to "…" by default; two cut township names would look alike.
    long_names = ["城关街道办事处第一社区居民委员会便民服务中心", "城关街道办事处第二社区居民委员会便民服务中心"]
    spec = {"mark": "bar", "encoding": {"x": {"field": "a", "type": "nominal"}, "y": {"field": "b", "type": "quantitative"}}}
    svg, _ = charts.render(spec, [{"a": name, "b": 3} for name in long_names], chart_id="c", title="t", description="d")
    texts = [element.text for element in ET.fromstring(svg).iter() if element.tag.endswith("text")]
    assert all(name in texts for name in long_names), texts
    assert not any(text and "…" in text for text in texts)


def test_chart_refuses_external_data():
    spec = {"mark": "point", "layer": [{"data": {"url": "https://example.com/x.csv"}, "mark": "point"}]}
    with pytest.raises(charts.ChartError):
        charts.render(spec, [], chart_id="c", title="t", description="d")


def test_chart_refuses_external_images():
    spec = {"mark": {"type": "image", "width": 20, "height": 20},
            "encoding": {"x": {"field": "a", "type": "quantitative"}, "url": {"field": "img", "type": "nominal"}}}
    with pytest.raises(charts.ChartError):
        charts.render(spec, [{"a": 1, "img": "https://example.com/x.png"}], chart_id="c", title="t", description="d")


def test_chart_markup_ignores_elementtree_prefixes_registered_elsewhere(monkeypatch):
    monkeypatch.setattr(ET, "_namespace_map", dict(ET._namespace_map))  # restored after the test
    spec = {"mark": "bar", "encoding": {"x": {"field": "a", "type": "nominal"}}}
    before, _ = charts.render(spec, [{"a": "x"}], chart_id="c", title="t", description="d")
    ET.register_namespace("", "http://www.w3.org/2005/Atom")  # as a feed writer might
    after, _ = charts.render(spec, [{"a": "x"}], chart_id="c", title="t", description="d")
    assert before == after and after.startswith('<svg xmlns="http://www.w3.org/2000/svg"')
