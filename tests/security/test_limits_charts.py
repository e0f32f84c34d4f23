"""A chart can no longer exhaust V8 or the build: static limits name the usual culprits, and every
chart the check passes has been drawn in a worker process within its time and memory budget."""

from __future__ import annotations

import datetime
import hashlib
import os
import shutil
import textwrap
from pathlib import Path

import pytest

from gongkai.core import limits

from gongkai.build import scratch
from gongkai.build.build import build
from gongkai.cli import main
from gongkai.datasets.dataset import load_datasets
from gongkai.check import load_and_draw
from support import BUILD_EPOCH

GOOD = Path(__file__).resolve().parent.parent / "fixtures" / "datasets" / "good"
YAML = "datasets/good/datapackage.yaml"
SPEC_LINE = 60  # "    spec:" in the fixture; the spec's own lines follow, indented six spaces
AGENCIES = {"qx-gov-office", "demo-gov"}
VOCABULARIES = {"category": ["综合政务"], "update_frequency": ["monthly"], "open_type": ["无条件开放"]}


def with_spec(root: Path, spec: str, views: int = 1) -> Path:
    """The good fixture with its one view's spec replaced by `spec` (YAML), repeated `views` times."""
    folder = root / "datasets" / "good"
    if not folder.exists():
        shutil.copytree(GOOD, folder)
    lines = (GOOD / "datapackage.yaml").read_text(encoding="utf-8").splitlines()[:SPEC_LINE]
    view = lines[54:SPEC_LINE] + textwrap.indent(textwrap.dedent(spec).strip("\n"), " " * 6).splitlines()
    text = "\n".join(lines[:54] + [line.replace("calls-by-month", f"calls-{n}") if "name:" in line else line
                                   for n in range(views) for line in view]) + "\n"
    (folder / "datapackage.yaml").write_text(text.replace("publisher: qx-gov-office", "publisher: demo-gov"),
                                             encoding="utf-8")
    return folder


def found(root: Path) -> list[tuple]:
    _, problems = load_datasets(root, AGENCIES, VOCABULARIES, datetime.date(2026, 3, 1))
    return [(p.line, p.column, p.code) for p in problems if p.is_error]


def place(root: Path, needle: str | None) -> tuple[int, int]:
    """(line, column) of `needle` inside the spec of the written descriptor ("text#n": its n-th)."""
    if needle is None:
        return SPEC_LINE, 5  # the spec as a whole
    text, _, nth = needle.partition("#")
    lines = (root / YAML).read_text(encoding="utf-8").splitlines()
    hits = [(number, line.index(text) + 1) for number, line in enumerate(lines[SPEC_LINE:], start=SPEC_LINE + 1)
            if text in line]
    return hits[int(nth or 1) - 1]


FOLD = "[calls, rate, calls, rate, calls, rate, calls, rate, calls, rate]"
STATIC = {
    "sequence generator in a layer": ("""
        layer:
          - data: {sequence: {start: 0, stop: 1000000000, as: s}}
            mark: point
        """, "data:", "view-data-inline"),
    "graticule in a concat": ("""
        vconcat:
          - mark: geoshape
            data: {graticule: {step: [0.001, 0.001]}}
        """, "data:", "view-data-inline"),
    "sphere": ("""
        layer:
          - mark: geoshape
            data: {sphere: true}
        """, "data:", "view-data-inline"),
    "named datasets": ("""
        datasets: {big: [{a: 1}]}
        mark: bar
        """, "datasets:", "view-data-inline"),
    "lookup from inline data": ("""
        mark: bar
        transform:
          - lookup: month
            from: {data: {values: [{month: x}]}, key: month}
        encoding:
          x: {field: month, type: ordinal}
        """, "data:", "view-data-inline"),
    "sequence() in an expression": ("""
        mark: point
        transform:
          - calculate: "sequence(0, 100000000)"
            as: s
        """, "calculate:", "view-expression-unsafe"),
    "pad() in a filter": ("""
        mark: point
        transform:
          - filter: "pad('x', 100000000) != ''"
        """, "filter:", "view-expression-unsafe"),
    "label format padded to a billion": ("""
        mark: bar
        encoding:
          x: {field: month, type: ordinal, axis: {format: "0999999999d"}}
        """, "format:", "view-format-too-wide"),
    "ten million pixels wide": ("""
        mark: bar
        width: 10000000
        """, "width:", "view-too-large"),
    "continuous width in config": ("""
        mark: bar
        config:
          view: {continuousWidth: 10000000}
        """, "continuousWidth:", "view-too-large"),
    "a huge step": ("""
        mark: bar
        width: {step: 100000}
        encoding:
          x: {field: month, type: ordinal}
        """, "step:", "view-too-large"),
    "padding": ("""
        mark: bar
        padding: {left: 9000000}
        """, "padding:", "view-too-large"),
    "a million bins": ("""
        mark: bar
        encoding:
          x: {field: calls, type: quantitative, bin: {maxbins: 1000000}}
        """, "maxbins:", "view-too-many-marks"),
    "a million ticks": ("""
        mark: point
        encoding:
          x: {field: calls, type: quantitative, axis: {tickCount: 1000000}}
        """, "tickCount:", "view-too-many-marks"),
    "infinite number": ("""
        mark: bar
        height: 1e999
        """, "height:", "view-number-invalid"),
    "density with 100,000 steps": ("""
        mark: line
        transform:
          - density: calls
            steps: 100000
        """, "density:", "view-rows-generated"),
    "quantile with a tiny step": ("""
        mark: point
        transform:
          - quantile: calls
            step: 0.000001
        """, "quantile:", "view-rows-generated"),
    "impute over ten million keys": ("""
        mark: line
        transform:
          - impute: calls
            key: month
            keyvals: {start: 0, stop: 10000000, step: 1}
        """, "impute:", "view-rows-generated"),
    "encoding impute over ten million keys": ("""
        mark: line
        encoding:
          x: {field: month, type: ordinal}
          y: {field: calls, type: quantitative, impute: {keyvals: {start: 0, stop: 10000000}}}
        """, "impute:", "view-rows-generated"),
    "flatten of arrays the spec makes": ("""
        mark: point
        transform:
          - calculate: "split(datum.note, '')"
            as: parts
          - flatten: [parts]
        """, "flatten:", "view-rows-generated"),
    "folds multiplied by folds": (f"""
        mark: point
        transform:
          - fold: {FOLD}
          - fold: {FOLD}
          - fold: {FOLD}
          - fold: {FOLD}
        """, "fold:#4", "view-rows-generated"),
    "repeat into many sub-charts": ("""
        repeat: [""" + ", ".join(["calls"] * 30) + """]
        spec:
          mark: bar
          encoding:
            y: {field: {repeat: repeat}, type: quantitative}
        """, None, "view-too-many-parts"),
}


@pytest.mark.parametrize("spec, needle, code", STATIC.values(), ids=STATIC.keys())
def test_static_chart_limits_name_the_place(tmp_path, spec, needle, code):
    with_spec(tmp_path, spec)
    assert found(tmp_path) == [(*place(tmp_path, needle), code)]


def test_too_many_views_on_one_dataset_page(tmp_path):
    with_spec(tmp_path, "mark: bar\nencoding:\n  x: {field: month, type: ordinal}\n", views=limits.MAX_VIEWS_PER_DATASET + 1)
    assert found(tmp_path) == [(54, 1, "views-too-many")]


def test_a_chart_over_wide_text_cells_is_refused_before_v8_gets_them(tmp_path):
    folder = with_spec(tmp_path, "mark: bar\nencoding:\n  x: {field: month, type: ordinal}\n")
    note = "很长的备注" * (limits.MAX_CHART_DATA_BYTES // 5 // 30)  # each cell within the cell limit
    rows = [f"2025-{month:02d},2025-{month:02d}-01,{kind},1,1,{note}" for month in range(1, 13) for kind in ("咨询", "投诉", "求助")]
    (folder / "data" / "calls.csv").write_text("month,date,category,calls,rate,note\n" + "\n".join(rows) + "\n",
                                               encoding="utf-8")
    assert found(tmp_path) == [(55, 5, "view-data-too-large")]


def test_the_sample_charts_pass_the_static_limits(tmp_path):
    from gongkai.check import check_site
    from support import REPO

    _, problems = check_site(REPO, BUILD_EPOCH)
    assert [p.render() for p in problems if p.code.startswith("view")] == []


# --- drawing under a budget (worker processes) -----------------------------------------------


@pytest.fixture
def chart_site(mini_site):
    return mini_site


def draw_problems(site: Path) -> list[tuple]:
    _, problems, _ = load_and_draw(site, BUILD_EPOCH, store=False, cache=None, workers=1)
    return [(p.path, p.code) for p in problems if p.is_error]


RUNTIME = {
    "bins a thousandth of a call wide (V8 memory)": """
        mark: bar
        encoding:
          x: {field: calls, type: quantitative, bin: {step: 0.00001}}
          y: {aggregate: count, type: quantitative}
        """,
    "labels padded by an expression (V8 memory)": """
        mark: text
        transform:
          - calculate: "format(datum.calls, '0200000000d')"
            as: label
        encoding:
          text: {field: label}
        """,
    "catastrophic regular expression (time)": """
        mark: point
        transform:
          - filter: "test(regexp('(a+)+$'), 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa!')"
        encoding:
          x: {field: calls, type: quantitative}
        """,
}


@pytest.mark.parametrize("spec", RUNTIME.values(), ids=RUNTIME.keys())
def test_a_chart_beyond_its_budget_is_a_problem_not_a_crash(chart_site, monkeypatch, spec):
    monkeypatch.setattr(limits, "CHART_SECONDS", 4)
    monkeypatch.setattr(limits, "CHART_MEMORY_BYTES", 900 * limits.MB)
    with_spec(chart_site, spec)
    [(path, code)] = draw_problems(chart_site)
    assert path == YAML and code in ("view-render-crashed", "view-render-timeout")


def test_a_chart_drawn_too_large_is_refused(chart_site, monkeypatch):
    monkeypatch.setattr(limits, "MAX_SVG_BYTES", 2000)
    with_spec(chart_site, "mark: bar\nencoding:\n  x: {field: month, type: ordinal}\n  y: {field: calls, type: quantitative}\n")
    assert draw_problems(chart_site) == [(YAML, "view-svg-too-large")]
    monkeypatch.setattr(limits, "MAX_SVG_BYTES", 5 * limits.MB)
    monkeypatch.setattr(limits, "MAX_SVG_PX", 300)
    with_spec(chart_site, "mark: bar\nwidth: 4000\nencoding:\n  x: {field: month, type: ordinal}\n")
    assert draw_problems(chart_site) == [(YAML, "view-too-wide")]


def tree(folder):
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def test_check_and_build_report_a_crashing_chart_and_keep_the_output(chart_site, monkeypatch, capsys):
    monkeypatch.setattr(limits, "CHART_SECONDS", 6)
    monkeypatch.setattr(limits, "CHART_MEMORY_BYTES", 900 * limits.MB)
    output = chart_site / "output"
    with_spec(chart_site, "mark: bar\nencoding:\n  x: {field: month, type: ordinal}\n")
    assert build(chart_site, chart_site / "pelicanconf.py", output) == 0
    before = tree(output)
    shm_before = {p.name for p in scratch.parent(chart_site).iterdir()}
    with_spec(chart_site, RUNTIME["bins a thousandth of a call wide (V8 memory)"])
    capsys.readouterr()
    assert main(["check", "--root", str(chart_site)]) == 1
    out = capsys.readouterr().out
    assert f"{YAML}:{SPEC_LINE}:5: 错误: 图表定义（spec）:" in out and "[view-render-" in out
    assert main(["build", "--root", str(chart_site)]) == 1
    err = capsys.readouterr().err
    assert "[view-render-" in err and "Traceback" not in err and "SIGTRAP" not in err
    assert tree(output) == before
    new = {p.name for p in scratch.parent(chart_site).iterdir()} - shm_before
    # Other builds on this machine may be running: count what this process owns or a dead one left.
    owners = {name: scratch.OWNED.match(name) for name in new}
    assert [name for name, owned in owners.items() if owned and (int(owned.group(1)) == os.getpid()
                                                                 or scratch._started(int(owned.group(1))) is None)] == []
