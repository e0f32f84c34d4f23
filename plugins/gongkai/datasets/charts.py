"""Dataset views: Vega-Lite specs rendered at build time to static, accessible, offline SVG."""

from __future__ import annotations

import functools
import re
import xml.etree.ElementTree as ET

import vl_convert

from ..tabular import tabular
from . import chartfont

# Pinned so that a vl-convert upgrade cannot silently change every published chart.
VEGA_LITE_VERSION = "5.20"
SVG_NS = "http://www.w3.org/2000/svg"
XLINK_NS = "http://www.w3.org/1999/xlink"

URL_REF = re.compile(r"url\(\s*['\"]?#([^'\")\s]+)['\"]?\s*\)")


class ChartError(Exception):
    """The spec cannot be rendered safely (invalid, or it wants external resources)."""


def spec_fields(spec) -> list[tuple[tuple, str]]:
    """(key path, field name) of every field the spec reads, minus those its transforms create."""
    created: set[str] = set()
    used: list[tuple[tuple, str]] = []

    def walk(node, path):
        if isinstance(node, dict):
            for key, value in node.items():
                if key == "as":
                    created.update([value] if isinstance(value, str) else [v for v in value if isinstance(v, str)]
                                   if isinstance(value, list) else [])
                if key == "fold":
                    created.update(["key", "value"])
                if key == "field" and isinstance(value, str):
                    used.append((path + (key,), value))
                elif key in ("fold", "groupby") and isinstance(value, list):
                    used.extend((path + (key, i), v) for i, v in enumerate(value) if isinstance(v, str))
                elif key != "data":
                    walk(value, path + (key,))
        elif isinstance(node, list):
            for index, value in enumerate(node):
                walk(value, path + (index,))

    walk(spec, ())
    return [(path, name) for path, name in used if name not in created and name.split(".")[0] not in created]


def chart_rows(resource, limit: int, max_chars: int | None = None) -> tuple[list[dict] | None, bool]:
    """Typed rows (JSON values) of a resource for a chart, at most `limit`; True when cut. None
    when the rows' cells hold more than `max_chars` characters (V8 would get them all)."""
    names = [f.name for f in resource.fields]
    kinds = [f.type for f in resource.fields]
    rows: list[dict] = []
    chars = 0
    for raw, typed in tabular.iter_rows(resource.source_path, resource.schema, encoding=resource.encoding,
                                        dialect=resource.dialect):
        if len(rows) >= limit:
            return rows, True
        chars += sum(map(len, raw)) + 8 * len(raw)
        if max_chars is not None and chars > max_chars:
            return None, False
        rows.append({n: _chart_number(tabular.json_value(k, v, r)) for n, k, v, r in zip(names, kinds, typed, raw)})
    return rows, False


def _chart_number(value):
    """JavaScript numbers are doubles, and vl-convert refuses integers beyond 128 bits: a long
    integer is handed to the chart as the double it would become anyway."""
    if isinstance(value, int) and not isinstance(value, bool) and abs(value) > 2**53:
        return float(value) if abs(value) < 10**308 else None
    return value


# Vega's default 10-11 px labels are too small for many readers; a spec's own config still wins
# (but for the font: every text is measured and drawn with the chart font, see chartfont.py).
# labelLimit 0: axis labels are shown in full, never cut to "城关街道社区卫…" (a reader cannot
# tell two cut names apart). It also halves drawing time: vl-convert measures every label
# against the CJK font to decide where to cut it.
# maxExtent: Vega reserves at most 200 px for an axis's labels and puts the axis title there, on
# top of longer labels ("无法提供：没有现成信息需要另行制作"); as wide as a chart may be, it
# always goes beyond the labels. labelSeparation: neighbouring tick labels keep a gap, so that
# "1,200" and "1,300" never read as "1,2001,300".
READABLE = {
    "font": chartfont.FAMILY,
    "axis": {"labelFontSize": 13, "titleFontSize": 14, "labelLimit": 0, "maxExtent": 10_000,
             "labelSeparation": 4},
    "legend": {"labelFontSize": 13, "titleFontSize": 14},
    "title": {"fontSize": 16},
}
# The keys by which a spec could name another font than the one measured and embedded.
FONT_KEYS = {"font", "labelFont", "titleFont", "subtitleFont"}


def in_utc(node):
    """Time scales and time units in UTC: otherwise the chart follows the build machine's TZ."""
    if isinstance(node, list):
        return [in_utc(item) for item in node]
    if not isinstance(node, dict):
        return node
    result = {key: in_utc(value) for key, value in node.items()}
    unit = result.get("timeUnit")
    if isinstance(unit, str) and not unit.startswith("utc"):
        result["timeUnit"] = "utc" + unit
    if result.get("type") == "temporal" and "field" in result:
        scale = dict(result.get("scale") or {})
        scale.setdefault("type", "utc")
        result["scale"] = scale
    return result


def prepare(spec: dict, rows: list[dict]) -> dict:
    """The full spec: the clerk's spec in UTC with the resource rows as its data."""
    full_spec = {key: value for key, value in in_utc(spec).items() if key != "data"}
    full_spec["data"] = {"values": rows}
    return full_spec


def validate(full_spec: dict) -> None:
    """Compile to Vega without drawing (a few ms, where drawing takes tens): the check's cost."""
    try:
        vl_convert.vegalite_to_vega(full_spec, vl_version=VEGA_LITE_VERSION, show_warnings=False)
    except ValueError as exc:
        raise ChartError(_first_line(str(exc))) from exc


def to_svg(full_spec: dict, *, chart_id: str, title: str, description: str) -> str:
    """SVG markup with role=img, <title>/<desc>, ids prefixed by `chart_id`, its text in the chart
    font it was measured with (embedded). chartfont.FontMissing when the machine lacks that font."""
    _measure_with_chart_font()
    try:
        svg = vl_convert.vegalite_to_svg(
            without_fonts(full_spec), vl_version=VEGA_LITE_VERSION, allowed_base_urls=[], config=READABLE,
            format_locale="zh-CN", time_format_locale="zh-CN")
    except ValueError as exc:
        raise ChartError(_first_line(str(exc))) from exc
    return accessible_svg(svg, chart_id=chart_id, title=title, description=description)


@functools.cache
def _measure_with_chart_font() -> None:
    """Once per process: vl-convert's font database learns the chart font (under its own name)."""
    vl_convert.register_font_directory(str(chartfont.measuring_dir()))


def drawing_identity() -> str:
    """Everything besides the spec that the drawn SVG depends on (for the chart cache key)."""
    return chartfont.identity()


def without_fonts(node, key: str | None = None):
    """The spec without any font of its own: text is measured and drawn with the chart font only.
    Data values are left alone (a column may well be called "font")."""
    if isinstance(node, dict):
        return {k: (v if k in ("data", "datasets", "values") else without_fonts(v, k))
                for k, v in node.items() if k not in FONT_KEYS}
    if isinstance(node, list):
        return [without_fonts(item, key) for item in node]
    return node


def render(spec: dict, rows: list[dict], *, chart_id: str, title: str, description: str) -> tuple[str, dict]:
    """Prepare and draw in one go; returns (svg, full spec)."""
    full_spec = prepare(spec, rows)
    return to_svg(full_spec, chart_id=chart_id, title=title, description=description), full_spec


def accessible_svg(svg: str, *, chart_id: str, title: str, description: str) -> str:
    root = _plain_names(ET.fromstring(svg))
    for parent in list(root.iter()):
        for child in list(parent):
            if _local(child.tag) in ("script", "foreignObject"):
                parent.remove(child)
    ids = {element.get("id") for element in root.iter() if element.get("id")}
    for element in root.iter():
        for name, value in list(element.attrib.items()):
            if _local(name).lower().startswith("on"):
                del element.attrib[name]
                continue
            if name == "id":
                element.set(name, f"{chart_id}-{value}")
            elif name in ("href", "xlink:href"):
                if not value.startswith("#"):
                    raise ChartError(f"图表引用了外部资源 {value[:60]}")
                element.set(name, f"#{chart_id}-{value[1:]}" if value[1:] in ids else value)
            elif "url(" in value:
                if re.search(r"url\(\s*['\"]?(?!#)", value):
                    raise ChartError(f"图表引用了外部资源 {value[:60]}")
                element.set(name, URL_REF.sub(lambda m: f"url(#{chart_id}-{m.group(1)})", value))
        if _local(element.tag) == "style" and element.text and ("@import" in element.text or "url(" in element.text):
            raise ChartError("图表样式引用了外部资源")
    try:
        chartfont.embed(root, f"{chart_id}-font")
    except chartfont.MissingGlyph as exc:
        raise ChartError(str(exc)) from exc
    _size_hints(root)
    title_id, desc_id = f"{chart_id}-title", f"{chart_id}-desc"
    root.set("role", "img")
    root.set("aria-labelledby", f"{title_id} {desc_id}")
    title_element = ET.Element("title", {"id": title_id})
    title_element.text = title
    desc_element = ET.Element("desc", {"id": desc_id})
    desc_element.text = description
    root.insert(0, desc_element)
    root.insert(0, title_element)
    return ET.tostring(root, encoding="unicode")


def _size_hints(root: ET.Element) -> None:
    """The drawn width and the smallest text size, for the theme's CSS: 长者模式 enlarges a chart
    until that text is as large as the body text (site.css, .chart-box)."""
    sizes = [float(match.group(1)) for element in root.iter() if element.tag == "text"
             if (match := re.fullmatch(r"([0-9.]+)(px)?", element.get("font-size") or ""))]
    width = re.fullmatch(r"[0-9.]+", root.get("width") or "")
    if sizes and width and min(sizes) > 0:
        root.set("style", f"--chart-width: {width.group(0)}; --chart-text: {min(sizes):g}")


def _plain_names(root: ET.Element) -> ET.Element:
    """Namespaces written as plain attributes: ElementTree's prefix registry is global state
    that any other module may change, which would turn <svg> into <ns0:svg>."""
    uses_xlink = False
    for element in root.iter():
        element.tag = _local(element.tag)
        for name in [n for n in element.attrib if n.startswith("{")]:
            value = element.attrib.pop(name)
            if name.startswith(f"{{{XLINK_NS}}}"):
                element.set(f"xlink:{_local(name)}", value)
                uses_xlink = True
            else:
                element.set(_local(name), value)
    attributes = {"xmlns": SVG_NS, **({"xmlns:xlink": XLINK_NS} if uses_xlink else {}), **root.attrib}
    root.attrib.clear()
    root.attrib.update(attributes)
    return root


def _local(name: str) -> str:
    return name.rsplit("}", 1)[-1]


def _first_line(message: str) -> str:
    lines = [line.strip() for line in message.splitlines() if line.strip()]
    detail = lines[1] if len(lines) > 1 and lines[0].endswith(":") else (lines[0] if lines else message)
    return detail[:200]
