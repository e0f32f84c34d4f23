"""A Table Schema field's type, format and constraints said in plain Chinese, for the data dictionary.

Pure functions of the descriptor's values: the page shows "必填，不重复" and "可选值：预算、决算",
never "required: True" or "enum: ['预算', '决算']". An empty string means there is nothing to say.
"""

from __future__ import annotations

import datetime
import re

TYPES = {
    "string": "文本", "number": "数值", "integer": "整数", "boolean": "是/否", "object": "JSON 对象",
    "array": "JSON 数组", "list": "列表", "date": "日期", "time": "时间", "datetime": "日期时间",
    "year": "年份", "yearmonth": "年月", "duration": "时长", "geopoint": "经纬度", "geojson": "GeoJSON",
    "any": "任意",
}
STRING_FORMATS = {"email": "电子邮箱地址", "uri": "网址", "binary": "Base64 编码", "uuid": "UUID"}
GEOPOINT_FORMATS = {"default": "“经度,纬度”", "array": "[经度, 纬度]", "object": '{"lon": 经度, "lat": 纬度}'}
# The moment every date and time format is shown with (a fixed one: the page is the same every build).
EXAMPLE = datetime.datetime(2024, 1, 8, 9, 30, 0)
DEFAULT_EXAMPLES = {"date": "%Y-%m-%d", "time": "%H:%M:%S", "datetime": "%Y-%m-%dT%H:%M:%S"}
# Types whose limits are points in time: said as 早于/晚于 rather than 小于/大于.
TEMPORAL = {"date", "time", "datetime", "year", "yearmonth"}
COUNTED = {"array", "list", "object"}  # minLength/maxLength count items, not characters
DIGITS = re.compile(r"\^?(?:\[0-9\]|\\d)\{(\d+)(?:,(\d+))?\}\$?")
ORDER = ("required", "unique", "enum", "minLength", "maxLength", "minimum", "maximum", "exclusiveMinimum",
         "exclusiveMaximum", "pattern", "jsonSchema")


def type_label(kind: str) -> str:
    """整数（integer）: the Chinese word with the Table Schema name, which data users look for."""
    return f"{TYPES[kind]}（{kind}）" if kind in TYPES else kind


def format_label(kind: str, form: str) -> str:
    if kind in DEFAULT_EXAMPLES:
        if form == "any":
            return "任意写法"
        pattern = DEFAULT_EXAMPLES[kind] if form in ("", "default") else form
        try:
            return "如 " + EXAMPLE.strftime(pattern)
        except ValueError:  # a pattern the C library refuses: shown as written
            return form
    if kind == "geopoint":
        return GEOPOINT_FORMATS.get(form or "default", form)
    if form in ("", "default"):
        return ""
    if kind == "geojson" and form == "topojson":
        return "TopoJSON"
    return STRING_FORMATS.get(form, form)


def constraints_label(constraints: dict, kind: str = "string") -> str:
    """The constraints in a fixed order, joined by "，"."""
    parts = []
    if constraints.get("required") is True:
        parts.append("必填")
    if constraints.get("unique") is True:
        parts.append("不重复")
    if "enum" in constraints:
        parts.append("可选值：" + "、".join(str(value) for value in constraints["enum"]))
    parts += _lengths(constraints, kind) + _limits(constraints, kind)
    if "pattern" in constraints:
        parts.append(_pattern(str(constraints["pattern"])))
    if "jsonSchema" in constraints:
        parts.append("须符合数据包中给出的 JSON Schema")
    parts += [f"{key}：{constraints[key]}" for key in sorted(constraints) if key not in ORDER]
    return "，".join(parts)


def _lengths(constraints: dict, kind: str) -> list[str]:
    low, high = constraints.get("minLength"), constraints.get("maxLength")
    unit = " 项" if kind in COUNTED else " 个字符"
    if low is not None and high is not None:
        return [f"{low} 至 {high}{unit}" if kind in COUNTED else f"长度 {low} 至 {high}{unit}"]
    if low is not None:
        return [f"至少 {low}{unit}"]
    if high is not None:
        return [f"最多 {high}{unit}"]
    return []


def _limits(constraints: dict, kind: str) -> list[str]:
    temporal = kind in TEMPORAL
    low, high = constraints.get("minimum"), constraints.get("maximum")
    parts = []
    if low is not None and high is not None:
        parts.append(f"在 {low} 至 {high} 之间" if temporal else f"取值 {low} 至 {high}")
    elif low is not None:
        parts.append(f"{'不早于' if temporal else '不小于'} {low}")
    elif high is not None:
        parts.append(f"{'不晚于' if temporal else '不大于'} {high}")
    if constraints.get("exclusiveMinimum") is not None:
        parts.append(f"{'晚于' if temporal else '大于'} {constraints['exclusiveMinimum']}")
    if constraints.get("exclusiveMaximum") is not None:
        parts.append(f"{'早于' if temporal else '小于'} {constraints['exclusiveMaximum']}")
    return parts


def _pattern(pattern: str) -> str:
    """A run of digits (^[0-9]{3}$, \\d{6}) in words; any other pattern shown as written."""
    digits = DIGITS.fullmatch(pattern)
    if digits:
        low, high = digits.group(1), digits.group(2)
        return f"格式：{low} 至 {high} 位数字" if high else f"格式：{low} 位数字"
    return f"格式须符合正则表达式 {pattern}"
