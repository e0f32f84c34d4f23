"""Every chart of the sample site as a reader sees it in Chromium: each label whole and apart from
the others, at 1280 and 375 px, in a browser with this machine's fonts and in one with no Chinese
font at all; drawn with the font it was measured with; fitting a phone's screen, legend included;
and in 长者模式 with text at least as large as the body text.

A text's box is where its glyphs are: along the line the wider of its advance and its ink, across
the line its ink (Chromium's text boxes are as tall as the font's whole line, 1.45 em for this
font, and would "overlap" in any chart with rows 14 px apart). The ink is measured by the canvas
in the font the SVG text is drawn with, which the test checks by comparing the two widths.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
import yaml

from site_pages import SCREENS, turn_elder_mode_on
from support import CHROMIUM, CHROMIUM_ARGS, fontconfig_without_chinese

pytestmark = pytest.mark.browser

TOLERANCE = 0.5  # px: rounding, never a visible overlap
VIEWERS = ["this machine's fonts", "no Chinese font"]

CHART_TEXT_JS = """() => {
  const canvas = document.createElement('canvas');
  document.body.appendChild(canvas);
  const context = canvas.getContext('2d');
  const SCALE = 100;  // measured at 100 times the size: Chromium rounds glyph bounds to whole pixels
  const shown = (element, svg) => {
    for (let node = element; node !== svg.parentNode; node = node.parentNode) {
      const style = getComputedStyle(node);
      if (style.display === 'none' || style.visibility === 'hidden' || parseFloat(style.opacity) === 0) return false;
    }
    return true;
  };
  const charts = [...document.querySelectorAll('.chart-box svg')].map(svg => {
    const frame = svg.getBoundingClientRect(), box = svg.closest('.chart-box').getBoundingClientRect();
    const texts = [];
    for (const element of svg.querySelectorAll('text')) {
      const lines = element.querySelectorAll('tspan').length ? [...element.querySelectorAll('tspan')] : [element];
      for (const line of lines) {
        const content = line.textContent;
        if (!content.trim() || !shown(line, svg)) continue;
        const style = getComputedStyle(line);
        const size = parseFloat(style.fontSize);
        context.font = `${style.fontStyle} ${style.fontWeight} ${size * SCALE}px ${style.fontFamily}`;
        const ink = context.measureText(content);
        const start = line.getStartPositionOfChar(0), end = line.getEndPositionOfChar(content.length - 1);
        const left = Math.min(start.x, start.x - ink.actualBoundingBoxLeft / SCALE);
        const right = Math.max(end.x, start.x + ink.actualBoundingBoxRight / SCALE);
        const top = start.y - ink.actualBoundingBoxAscent / SCALE, bottom = start.y + ink.actualBoundingBoxDescent / SCALE;
        const matrix = line.getScreenCTM();
        const corners = [[left, top], [right, top], [left, bottom], [right, bottom]]
          .map(([x, y]) => new DOMPoint(x, y).matrixTransform(matrix));
        texts.push({text: content, legend: Boolean(line.closest('.role-legend')),
                    left: Math.min(...corners.map(p => p.x)), right: Math.max(...corners.map(p => p.x)),
                    top: Math.min(...corners.map(p => p.y)), bottom: Math.max(...corners.map(p => p.y)),
                    size: size * Math.hypot(matrix.a, matrix.b), scale: Math.hypot(matrix.a, matrix.b),
                    drawn: line.getComputedTextLength(),
                    measured: ink.width / SCALE});
      }
    }
    return {chart: svg.getAttribute('aria-labelledby').split(' ')[0].replace(/-title$/, ''),
            frame: {left: frame.left, top: frame.top, right: frame.right, bottom: frame.bottom},
            box: {left: box.left, right: box.right}, texts};
  });
  canvas.remove();
  return charts;
}"""

BOXES_JS = """() => [...document.querySelectorAll('.chart-box')].map(box => ({
  scrollWidth: box.scrollWidth, clientWidth: box.clientWidth,
  svg: (({left, right}) => ({left, right}))(box.querySelector('svg').getBoundingClientRect())}))"""


@pytest.fixture(scope="module")
def chart_pages(sample_build) -> dict[str, int]:
    """{page: number of charts} from the sources: each dataset with views, and the timeliness page."""
    root, _ = sample_build
    pages = {}
    for descriptor in sorted((root / "datasets").glob("*/datapackage.yaml")):
        views = (yaml.safe_load(descriptor.read_text(encoding="utf-8")) or {}).get("views") or []
        if views:
            pages[f"/datasets/{descriptor.parent.name}/"] = len(views)
    pages["/timeliness/"] = 1
    return pages


@pytest.fixture(scope="module")
def viewers(browser, tmp_path_factory):
    """{viewer: Chromium}: the session's, and one that sees no Chinese font (a reader's computer
    whose sans-serif is not the font the charts were measured with)."""
    if shutil.which("fc-list") is None:
        pytest.fail("fc-list (fontconfig) is needed to start a Chromium without Chinese fonts")
    config = fontconfig_without_chinese(tmp_path_factory.mktemp("viewer-fonts"))
    other = browser.browser_type.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True,
                                        env={**os.environ, "FONTCONFIG_FILE": config})
    yield dict(zip(VIEWERS, [browser, other]))
    other.close()


def open_chart_page(chromium, base_url: str, path: str, width: int, elder: bool = False):
    """(context, page) of `path`, its fonts loaded; close_chart_page() checks it loaded nothing from elsewhere."""
    context = chromium.new_context(viewport={"width": width, "height": 900}, locale="zh-CN", service_workers="block")
    page = context.new_page()
    page.foreign = []
    page.on("request", lambda request: page.foreign.append(request.url)
            if not request.url.startswith((base_url, "data:")) else None)
    if elder:
        page.goto(base_url)
        turn_elder_mode_on(page)
    page.goto(base_url + path.lstrip("/"), wait_until="load")
    page.evaluate("() => document.fonts.ready.then(() => true)")
    return context, page


def close_chart_page(context, page) -> None:
    foreign = page.foreign
    context.close()
    assert foreign == [], f"a chart page loaded something from outside the site: {foreign}"


def overlapping(texts: list[dict]) -> list[str]:
    found = []
    for number, one in enumerate(texts):
        for other in texts[number + 1:]:
            across = min(one["right"], other["right"]) - max(one["left"], other["left"])
            down = min(one["bottom"], other["bottom"]) - max(one["top"], other["top"])
            if across > TOLERANCE and down > TOLERANCE:
                found.append(f"{one['text']} × {other['text']}")
    return found


def clipped(chart: dict) -> list[str]:
    frame = chart["frame"]
    return [text["text"] for text in chart["texts"]
            if text["left"] < frame["left"] - TOLERANCE or text["right"] > frame["right"] + TOLERANCE
            or text["top"] < frame["top"] - TOLERANCE or text["bottom"] > frame["bottom"] + TOLERANCE]


@pytest.mark.parametrize("viewer", VIEWERS)
@pytest.mark.parametrize("width", [1280, 375])
def test_no_chart_text_overlaps_another_or_is_cut_by_the_chart_edge(served_site, chart_pages, viewers, viewer, width):
    base_url, _ = served_site
    SCREENS.mkdir(parents=True, exist_ok=True)
    problems, charts = {}, 0
    for path, expected in chart_pages.items():
        context, page = open_chart_page(viewers[viewer], base_url, path, width)
        found = page.evaluate(CHART_TEXT_JS)
        assert len(found) == expected, path
        for number, chart in enumerate(found):
            charts += 1
            # The boxes are only true if the canvas measured the font the SVG text is drawn with
            # (compared on screen: a scaled-down chart is laid out at its small size, a little apart).
            unsure = [t["text"] for t in chart["texts"] if abs(t["drawn"] - t["measured"]) * t["scale"] > TOLERANCE]
            wrong = {"overlap": overlapping(chart["texts"]), "clipped": clipped(chart),
                     "canvas width is not the drawn width": unsure}
            if any(wrong.values()):
                problems[chart["chart"]] = wrong
            page.locator(".chart-box").nth(number).screenshot(
                path=str(SCREENS / f"{chart['chart']}-{width}{'-no-chinese-font' if viewer != VIEWERS[0] else ''}.png"))
        close_chart_page(context, page)
    assert charts == sum(chart_pages.values())
    assert problems == {}


@pytest.mark.parametrize("viewer", VIEWERS)
def test_chart_text_is_drawn_with_the_font_it_was_measured_with(served_site, chart_pages, viewers, viewer):
    """Chromium's own account (DevTools) of the fonts it drew each chart text with: only the chart
    font embedded in the SVG, never a font of the reader's computer."""
    base_url, _ = served_site
    used = set()
    for path in chart_pages:
        context, page = open_chart_page(viewers[viewer], base_url, path, 1280)
        devtools = context.new_cdp_session(page)
        devtools.send("DOM.enable")
        devtools.send("CSS.enable")
        document = devtools.send("DOM.getDocument", {"depth": 0})["root"]["nodeId"]
        nodes = devtools.send("DOM.querySelectorAll", {"nodeId": document, "selector": ".chart-box svg text"})["nodeIds"]
        assert nodes, path
        for node in nodes:
            for font in devtools.send("CSS.getPlatformFontsForNode", {"nodeId": node})["fonts"]:
                used.add((font["familyName"], font["isCustomFont"]))
        close_chart_page(context, page)
    assert used == {("Gongkai Chart Sans", True)}


def test_on_a_phone_a_chart_fits_the_screen_legend_included(served_site, chart_pages, viewers):
    base_url, _ = served_site
    problems, legends = {}, 0
    for path in chart_pages:
        context, page = open_chart_page(viewers[VIEWERS[0]], base_url, path, 375)
        for box in page.evaluate(BOXES_JS):
            if box["scrollWidth"] > box["clientWidth"] or box["svg"]["left"] < 0 or box["svg"]["right"] > 375:
                problems.setdefault(path, []).append(box)
        for chart in page.evaluate(CHART_TEXT_JS):
            for text in (t for t in chart["texts"] if t["legend"]):
                legends += 1
                if text["left"] < max(0, chart["box"]["left"]) or text["right"] > min(375, chart["box"]["right"]):
                    problems.setdefault(path, []).append(f"legend “{text['text']}” out of view")
        assert page.evaluate("document.documentElement.scrollWidth") <= 375, path
        close_chart_page(context, page)
    assert legends > 0, "the sample charts have legends: they must be found to be checked"
    assert problems == {}


@pytest.mark.parametrize("width", [1280, 375])
def test_in_elder_mode_chart_text_is_at_least_as_large_as_the_body_text(served_site, chart_pages, viewers, width):
    base_url, _ = served_site
    small = {}
    for path in chart_pages:
        context, page = open_chart_page(viewers[VIEWERS[0]], base_url, path, width, elder=True)
        body = page.evaluate("() => parseFloat(getComputedStyle(document.body).fontSize)")
        assert body >= 20
        for number, chart in enumerate(page.evaluate(CHART_TEXT_JS)):
            sizes = [text["size"] for text in chart["texts"]]
            if min(sizes) < body - 0.01:
                small[chart["chart"]] = f"{min(sizes):.1f} px < body {body} px"
            page.locator(".chart").nth(number).screenshot(path=str(SCREENS / f"{chart['chart']}-{width}-elder.png"))
        assert page.evaluate("document.documentElement.scrollWidth") <= width, path
        close_chart_page(context, page)
    assert small == {}
