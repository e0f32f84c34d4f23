"""A chart's text is measured and drawn with one font, the chart font (Noto Sans CJK SC): the drawn
SVG carries exactly the glyphs it uses, and it comes out the same whatever other fonts the build
machine has. (What a reader sees in Chromium: tests/browser/test_charts.py.)"""

from __future__ import annotations

import base64
import io
import os
import re
import shutil
import xml.etree.ElementTree as ET

import pytest
from fontTools.ttLib import TTFont

from gongkai.adapters import chartworker
from gongkai.datasets import chartfont, charts
from gongkai.check import load_and_draw
from support import BUILD_EPOCH, add_dataset, fontconfig_without_chinese

SVG = "{http://www.w3.org/2000/svg}"
# Long Chinese labels, a full-width colon, an em dash (whose Chinese form is full width), digits.
LABELS = ["无法提供：没有现成信息需要另行制作", "予以公开", "《国土空间总体规划（2021—2035年）》"]
SPEC = {"mark": "bar", "width": 300,
        "encoding": {"y": {"field": "outcome", "type": "nominal", "title": "办理结果"},
                     "x": {"field": "count", "type": "quantitative", "title": "件数"},
                     "color": {"field": "outcome", "type": "nominal", "title": "结果"}}}
ROWS = [{"outcome": label, "count": 1200 + 100 * number} for number, label in enumerate(LABELS)]


def draw_in_a_worker(monkeypatch, spec=SPEC, rows=ROWS, **environment) -> chartworker.Outcome:
    """The chart drawn as the build draws it: in a fresh worker process, with `environment`."""
    for name, value in environment.items():
        monkeypatch.setenv(name, value)
    workers = chartworker.Workers(1)
    workers.submit(0, (charts.prepare(spec, rows), "chart-demo-outcomes", "办理结果", "各类办理结果的件数。"))
    return workers.wait()[0]


def embedded_fonts(svg: str) -> dict[str, TTFont]:
    """{font-weight: font} of the @font-face rules in the chart's <style>."""
    style = ET.fromstring(svg).find(f"{SVG}style")
    assert style is not None, "the chart carries no font"
    fonts = {}
    for weight, data in re.findall(r'font-weight:(\d+);src:url\(data:font/woff2;base64,([A-Za-z0-9+/=]+)\) '
                                   r'format\("woff2"\)', style.text):
        fonts[weight] = TTFont(io.BytesIO(base64.b64decode(data)))
    return fonts


def texts(svg: str) -> list[ET.Element]:
    return [element for element in ET.fromstring(svg).iter(f"{SVG}text")]


@pytest.mark.skipif(shutil.which("fc-list") is None, reason="fc-list (fontconfig) is needed to hide fonts")
def test_a_chart_comes_out_the_same_whatever_fonts_the_build_machine_has(monkeypatch, tmp_path):
    """Before: a builder without a CJK font measured "来电受理量" 49 px wide instead of 65, and the
    browser cut it. Now vl-convert measures with the chart font it is given, so hiding every
    Chinese font from it, or making the measuring copies anew, changes not a byte."""
    usual = draw_in_a_worker(monkeypatch)
    assert usual.svg is not None, usual
    hidden = draw_in_a_worker(monkeypatch, FONTCONFIG_FILE=fontconfig_without_chinese(tmp_path))
    assert hidden.svg == usual.svg
    fresh = draw_in_a_worker(monkeypatch, XDG_CACHE_HOME=str(tmp_path / "cache"))
    assert fresh.svg == usual.svg


def test_the_embedded_font_holds_exactly_the_chart_text_and_its_licence():
    svg, _ = charts.render(SPEC, ROWS, chart_id="chart-demo-outcomes", title="t", description="d")
    fonts = embedded_fonts(svg)
    by_weight = {"400": set(), "700": set()}
    for element in texts(svg):
        assert element.get("font-family") == "chart-demo-outcomes-font, sans-serif"
        by_weight["700" if element.get("font-weight") == "bold" else "400"].update("".join(element.itertext()))
    assert set(fonts) == {"400", "700"}
    for weight, font in fonts.items():
        assert {chr(code) for code in font.getBestCmap()} == by_weight[weight]
        names = font["name"]
        assert names.getDebugName(1) == "Gongkai Chart Sans"
        assert "Adobe" in names.getDebugName(0) and "Open Font License" in names.getDebugName(13)
        # Only the features vl-convert's shaper applies: no `halt`/`palt`, with which Chromium
        # would trim CJK punctuation narrower than it was measured.
        features = {record.FeatureTag for table in ("GSUB", "GPOS") if table in font
                    for record in font[table].table.FeatureList.FeatureRecord}
        assert features <= set(charts.chartfont.LAYOUT_FEATURES), features


def test_a_spec_cannot_draw_its_text_in_another_font():
    spec = {**SPEC, "config": {"font": "SimSun", "axis": {"labelFont": "Arial", "titleFont": "SimHei"}},
            "mark": {"type": "text", "font": "KaiTi"}, "title": {"text": "标题", "font": "FangSong"},
            "encoding": {**SPEC["encoding"], "text": {"field": "font"}}}
    rows = [{**row, "font": "宋体"} for row in ROWS]  # a column called "font" stays data
    svg, _ = charts.render(spec, rows, chart_id="chart-demo-outcomes", title="t", description="d")
    assert {element.get("font-family") for element in texts(svg)} == {"chart-demo-outcomes-font, sans-serif"}
    assert "宋体" in {"".join(element.itertext()) for element in texts(svg)}


def test_a_character_the_chart_font_lacks_is_refused_by_its_code_point():
    rows = [{"outcome": "予以公开😀", "count": 3}]
    with pytest.raises(charts.ChartError, match=r"“😀”（U\+1F600）"):
        charts.render(SPEC, rows, chart_id="chart-demo-outcomes", title="t", description="d")


def test_the_chart_text_size_is_handed_to_the_theme_for_elder_mode():
    svg, _ = charts.render(SPEC, ROWS, chart_id="chart-demo-outcomes", title="t", description="d")
    root = ET.fromstring(svg)
    assert root.get("style") == f"--chart-width: {root.get('width')}; --chart-text: 13"


def test_without_the_chart_font_the_check_says_what_to_install(mini_site, monkeypatch, tmp_path):
    add_dataset(mini_site, "outcomes")
    monkeypatch.setenv("GONGKAI_CHART_FONT_DIRS", str(tmp_path / "no-fonts-here"))
    _, problems, _ = load_and_draw(mini_site, BUILD_EPOCH, store=False, cache=None, workers=1)
    [problem] = [p for p in problems if p.is_error]
    assert (problem.path, problem.code, problem.field) == ("datasets/outcomes/datapackage.yaml", "view-font-missing",
                                                           "spec")
    assert "Noto Sans CJK SC" in problem.message and "apt-get install fonts-noto-cjk" in problem.message
    assert "fonts-noto-cjk" in problem.message_en


def test_the_font_cache_keeps_only_the_current_copies(monkeypatch, tmp_path):
    """The renamed copies (about 35 MB) are made once per font and library version; older versions
    and what a killed worker left half made are removed when a new version is made."""
    base = tmp_path / "gongkai" / "chart-fonts"
    for name in ("0123456789abcdef01234567", ".0123-half-made"):
        (base / name).mkdir(parents=True)
        (base / name / "GongkaiChartSans-Regular.otf").write_bytes(b"old")
    os.utime(base / ".0123-half-made", (0, 0))
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    folder = chartfont.measuring_dir()
    assert sorted(path.name for path in base.iterdir()) == [folder.name]
    assert sorted(path.name for path in folder.iterdir()) == ["GongkaiChartSans-Bold.otf", "GongkaiChartSans-Regular.otf"]
    assert TTFont(folder / "GongkaiChartSans-Regular.otf", lazy=True)["name"].getDebugName(1) == "Gongkai Chart Sans"
    assert chartfont.measuring_dir() == folder  # made once
