"""The data dictionary in plain Chinese: every Table Schema type, format and constraint kind."""

import pytest

from gongkai.core.fieldtext import constraints_label, format_label, type_label


@pytest.mark.parametrize("constraints, kind, said", [
    ({}, "string", ""),
    ({"required": True}, "string", "必填"),
    ({"required": False}, "string", ""),
    ({"unique": True}, "string", "不重复"),
    ({"required": True, "unique": True}, "string", "必填，不重复"),
    ({"enum": ["预算", "决算"]}, "string", "可选值：预算、决算"),
    ({"enum": [1, 2, 3]}, "integer", "可选值：1、2、3"),
    ({"minLength": 2, "maxLength": 20}, "string", "长度 2 至 20 个字符"),
    ({"minLength": 2}, "string", "至少 2 个字符"),
    ({"maxLength": 20}, "string", "最多 20 个字符"),
    ({"minLength": 1, "maxLength": 5}, "array", "1 至 5 项"),
    ({"minLength": 1}, "list", "至少 1 项"),
    ({"minimum": 2000, "maximum": 2100}, "integer", "取值 2000 至 2100"),
    ({"minimum": 0}, "number", "不小于 0"),
    ({"maximum": 100.5}, "number", "不大于 100.5"),
    ({"exclusiveMinimum": 0}, "number", "大于 0"),
    ({"exclusiveMaximum": 1}, "number", "小于 1"),
    ({"minimum": "2020-01-01", "maximum": "2020-12-31"}, "date", "在 2020-01-01 至 2020-12-31 之间"),
    ({"minimum": "2020-01-01"}, "date", "不早于 2020-01-01"),
    ({"maximum": "2030"}, "year", "不晚于 2030"),
    ({"exclusiveMinimum": "09:00:00"}, "time", "晚于 09:00:00"),
    ({"exclusiveMaximum": "2020-01-01T00:00:00"}, "datetime", "早于 2020-01-01T00:00:00"),
    ({"pattern": "^[0-9]{3}$"}, "string", "格式：3 位数字"),
    ({"pattern": "^\\d{6}$"}, "string", "格式：6 位数字"),
    ({"pattern": "[0-9]{2,4}"}, "string", "格式：2 至 4 位数字"),
    ({"pattern": "^[A-Z]{2}\\d+$"}, "string", "格式须符合正则表达式 ^[A-Z]{2}\\d+$"),
    ({"jsonSchema": {"type": "object"}}, "object", "须符合数据包中给出的 JSON Schema"),
    ({"pattern": "^[0-9]{3}$", "enum": ["101", "201"], "unique": True, "required": True, "maxLength": 3},
     "string", "必填，不重复，可选值：101、201，最多 3 个字符，格式：3 位数字"),
    ({"color": "red"}, "string", "color：red"),
])
def test_constraints_are_said_in_chinese(constraints, kind, said):
    assert constraints_label(constraints, kind) == said


@pytest.mark.parametrize("kind, said", [
    ("string", "文本（string）"), ("number", "数值（number）"), ("integer", "整数（integer）"),
    ("boolean", "是/否（boolean）"), ("object", "JSON 对象（object）"), ("array", "JSON 数组（array）"),
    ("list", "列表（list）"), ("date", "日期（date）"), ("time", "时间（time）"), ("datetime", "日期时间（datetime）"),
    ("year", "年份（year）"), ("yearmonth", "年月（yearmonth）"), ("duration", "时长（duration）"),
    ("geopoint", "经纬度（geopoint）"), ("geojson", "GeoJSON（geojson）"), ("any", "任意（any）"),
    ("colour", "colour"),
])
def test_types_are_said_in_chinese_with_their_name(kind, said):
    assert type_label(kind) == said


@pytest.mark.parametrize("kind, form, said", [
    ("string", "default", ""), ("string", "", ""), ("string", "email", "电子邮箱地址"), ("string", "uri", "网址"),
    ("string", "binary", "Base64 编码"), ("string", "uuid", "UUID"),
    ("date", "default", "如 2024-01-08"), ("date", "any", "任意写法"), ("date", "%Y/%m/%d", "如 2024/01/08"),
    ("date", "%Y-%m", "如 2024-01"), ("time", "default", "如 09:30:00"), ("datetime", "default", "如 2024-01-08T09:30:00"),
    ("datetime", "%Y年%m月%d日 %H:%M", "如 2024年01月08日 09:30"),
    ("geopoint", "default", "“经度,纬度”"), ("geopoint", "array", "[经度, 纬度]"), ("geopoint", "object", "{\"lon\": 经度, \"lat\": 纬度}"),
    ("geojson", "topojson", "TopoJSON"), ("string", "%Q", "%Q"),
])
def test_formats_are_said_by_example(kind, form, said):
    assert format_label(kind, form) == said
