"""The Data Package profile, checked by Frictionless after our own rules, its notes in Chinese.

Only jailed paths and inline schemas ever reach Frictionless. `Profile` is a part of the dataset
loader (dataset.DatasetLoader), which provides `report` and `problems`.
"""

from __future__ import annotations

import re

from frictionless import Package, Resource as FlResource
from frictionless.schema import Field as FlField

from ..core.codes import texts
from ..core.problems import reported
from .descriptorkeys import KEY_LABELS
from .place import Place


class Profile:
    def check_resource_with_frictionless(self, place: Place, at: tuple, typed: dict, schema_place: Place) -> bool:
        """Only jailed paths and inline schemas reach Frictionless; returns True when valid."""
        report = FlResource.validate_descriptor(typed)
        if report.valid:
            return True
        for error in report.errors:
            if error.type == "field-error":
                self.locate_field_errors(schema_place, typed["schema"], error)
            elif error.type == "schema-error":
                self.report_frictionless(schema_place, (), error, fallback=("fields",), field="schema")
            else:
                self.report_frictionless(place, at, error)
        return False

    def locate_field_errors(self, schema_place: Place, schema: dict, error):
        for index, item in enumerate(schema["fields"]):
            report = FlField.validate_descriptor(item) if isinstance(item, dict) else None
            if report is not None and not report.valid:
                for field_error in report.errors:
                    name = item.get("name", "")
                    self.report_frictionless(schema_place, ("fields", index), field_error,
                                             field=name, label=item.get("title") or "")
                return
        self.report_frictionless(schema_place, ("fields",), error, field="schema")

    def check_with_frictionless(self, place: Place, descriptor: dict, raw: dict):
        """Package-level profile checks; resources are reduced to safe stand-ins (checked above)."""
        stand_in = {k: v for k, v in descriptor.items() if k not in ("resources", "views")}
        stand_in["resources"] = [
            {"name": r.get("name") if isinstance(r.get("name"), str) else f"resource-{i}", "path": "placeholder.csv"}
            for i, r in enumerate(descriptor.get("resources") or [])] or [{"name": "placeholder", "path": "x.csv"}]
        report = Package.validate_descriptor(stand_in)
        for error in report.errors:
            if error.type in ("package-error", "metadata-error") and "names of the resources" not in error.note:
                self.report_frictionless(place, (), error)

    def report_frictionless(self, place: Place, at: tuple, error, *, fallback=(), field=None, label=None):
        note = error.note or error.message
        keypath = _property_path(note)
        if not keypath:
            keypath = next(((k,) for k in ("created", "licenses", "contributors", "sources") if k[:-1] in note), ())
        said = _translate(note)
        target = at + (keypath or fallback)
        line, column = place.where(*target)
        key = field if field is not None else next((k for k in reversed(target) if isinstance(k, str)), "")
        if any(p.path == place.rel and p.is_error and ((p.line, p.column) == (line, column) or (key and p.field == key))
               for p in self.problems):
            return  # our own check already explained this key
        self.problems.append(reported(place.rel, line, column, said,
                                      field=key, label=label if label is not None else KEY_LABELS.get(key, "")))


_PROPERTY = re.compile(r"at property '([^']*)'")
_TRANSLATIONS = [
    (re.compile(r"is not of type 'boolean'"), "这里只能写 true 或 false。", "must be true or false"),
    (re.compile(r"is not of type 'array'"), "这里应当是列表（每项一行，以“- ”开头）。", "must be a list"),
    (re.compile(r"is not of type 'object'"), "这里应当是“键: 值”的映射。", "must be a mapping"),
    (re.compile(r"is not of type 'integer'"), "这里应当是整数。", "must be an integer"),
    (re.compile(r"is not of type 'string'"), "这里应当是一段文字。", "must be text"),
    (re.compile(r"is a required property"), "缺少必填的键。", "a required key is missing"),
    (re.compile(r"does not match"), "格式不对：资源名只能用小写字母、数字和 - . _ 。", "does not match the required pattern"),
    (re.compile(r'field type "[^"]*" is not supported'),
     "不支持这个字段类型。可用：string、integer、number、date、datetime、time、year、yearmonth、boolean、object、array、geopoint、duration、any。",
     "unsupported field type"),
    (re.compile(r"requires datapackage v2"),
     "这是数据包规范 2.0 版才有的写法，本站按 1.0 版检查。exclusiveMinimum/exclusiveMaximum 请改用 minimum/maximum（包含边界值本身）。",
     "a Data Package v2 feature; this portal checks v1: use minimum/maximum instead"),
    (re.compile(r"primary key"), "primaryKey（主键）中的字段必须都在 fields 中定义。", "the primary key must name defined fields"),
    (re.compile(r"names of the fields are not unique"), "字段名重复了，每个字段的 name 必须不同。", "field names must be unique"),
    (re.compile(r'"created" is not valid'), "created 应当是日期（2024-01-08）或日期时间。", "created must be a date or date-time"),
    (re.compile(r"email"), "电子邮箱地址格式不对。", "invalid email"),
]


def _property_path(note: str) -> tuple:
    match = _PROPERTY.search(note)
    if not match or not match.group(1):
        return ()
    return tuple(int(part) if part.isdigit() else part for part in match.group(1).split("/"))


def _translate(note: str) -> tuple[str, str, str]:
    """(code, zh, en) of a Frictionless note: what it means in Chinese when we know the note."""
    for pattern, zh, en in _TRANSLATIONS:
        if pattern.search(note):
            return texts("datapackage-invalid/known", what=zh, note=note, what_en=en)
    return texts("datapackage-invalid/other", note=note)
