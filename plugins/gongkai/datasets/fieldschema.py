"""A resource's Table Schema: read inline or from a file in the dataset folder, typed from the
all-strings YAML (core.yamltypes), and checked field by field (names, personal-data exemptions).

`FieldSchema` is a part of the dataset loader (dataset.DatasetLoader), which provides `report`,
`refused`, `folder`, `rel_dir` and `check_texts`.
"""

from __future__ import annotations

import re

from frictionless import Schema

from ..core import yamlstrict, yamltypes
from ..core.textfile import read_text
from ..privacy import privacy
from .descriptorkeys import KEY_LABELS
from .pathjail import Refusal, confine
from .place import Place
from ..tabular.tabular import TYPE_HINTS

STRUCTURED = {"object", "array", "geojson"}


class FieldSchema:
    def load_schema(self, place: Place, at: tuple, schema) -> tuple[dict | None, Place]:
        schema_place = place.sub(*at, "schema")
        if schema is None:
            self.report(place, at, "resource-schema-missing", field="schema", label="字段定义")
            return None, schema_place
        if isinstance(schema, str):
            found = confine(self.folder, schema, what="字段定义文件")
            if isinstance(found, Refusal):
                self.refused(place, at + ("schema",), found)
                return None, schema_place
            schema_rel = f"{self.rel_dir}/{schema}"
            text, read_problems = read_text(found, schema_rel)
            self.problems += read_problems
            if text is None:
                return None, schema_place
            doc, yaml_problems = yamlstrict.load(text, schema_rel)
            self.problems += yaml_problems
            if doc is None:
                return None, schema_place
            self.problems += privacy.scan_descriptor(schema_rel, text, doc, KEY_LABELS)
            schema, schema_place = doc.value, Place(schema_rel, doc)
            self.check_texts(schema_place, schema)
        if not isinstance(schema, dict) or not isinstance(schema.get("fields"), list) or not schema["fields"]:
            self.report(schema_place, (), "resource-schema-invalid", field="schema", label="字段定义")
            return None, schema_place
        typed = yamltypes.table_schema(schema)
        for item in typed["fields"]:  # the published descriptor says every field's type
            if isinstance(item, dict):
                item.setdefault("type", "string")
        seen: dict[str, int] = {}
        for index, item in enumerate(schema["fields"]):
            name = item.get("name") if isinstance(item, dict) else None
            if not isinstance(name, str) or not name.strip():
                self.report(schema_place, ("fields", index), "field-name-missing",
                            field="name", label="字段名")
                continue
            if name in seen:
                self.report(schema_place, ("fields", index, "name"), "field-name-duplicate", name=name, first=seen[name] + 1,
                            field=name, label=item.get("title") or "")
            seen.setdefault(name, index)
            if item.get("pii") == "allowed" and not item.get("pii_reason"):
                self.report(schema_place, ("fields", index, "pii"), "field-pii-reason-missing", field=name,
                            label=item.get("title") or "")
            elif item.get("pii") == "allowed":
                # Not an error, but every check run shows who decided this column may be public, and why.
                self.report(schema_place, ("fields", index, "pii"), "field-pii-allowed", pii_reason=item["pii_reason"],
                            field=name, label=item.get("title") or "")
            elif item.get("pii") not in (None, "", "allowed"):
                self.report(schema_place, ("fields", index, "pii"), "field-pii-value", field=name,
                            label=item.get("title") or "")
        return typed, schema_place

    def check_constraint_values(self, schema_place: Place, schema: dict) -> bool:
        """What the Data Package profile leaves open and Frictionless would only trip over while
        reading rows (a traceback, or a bound that no value can meet): bounds and `enum` items
        must be values of the field's own type, a `pattern` must compile, a list needs a delimiter.
        Returns True when every field passes."""
        passed = True
        for index, fl_field in enumerate(Schema.from_descriptor(schema).fields):
            at = ("fields", index)
            title = schema["fields"][index].get("title") or ""
            read = fl_field.create_value_reader()
            kind = fl_field.type
            zh_kind, hint, hint_en = TYPE_HINTS.get(kind, (kind, f"必须符合类型 {kind}", f"a valid {kind}"))
            constraints = fl_field.constraints
            wrong = [((key,), constraints[key]) for key in yamltypes.BOUNDS if key in constraints
                     and _read_constraint(read, constraints[key]) is None]
            if isinstance(constraints.get("enum"), list):
                wrong += [(("enum", number), item) for number, item in enumerate(constraints["enum"])
                          if _read_constraint(read, item) is None]
            for keypath, value in wrong:
                passed = False
                as_json = "对象和列表请写成与数据中相同的 JSON 文字，例如 '{\"a\": 1}'。" if kind in STRUCTURED else ""
                self.report(schema_place, at + ("constraints",) + keypath, "field-constraint-invalid/value", keypath=keypath[0], value=value, zh_kind=zh_kind, kind=kind, hint=hint, as_json=as_json, hint_en=hint_en,
                            field=fl_field.name, label=title)
            pattern = constraints.get("pattern")
            if isinstance(pattern, str):
                try:
                    re.compile(f"^{pattern}$")
                except (re.error, RecursionError, OverflowError) as exc:
                    passed = False
                    self.report(schema_place, at + ("constraints", "pattern"), "field-constraint-invalid/pattern", exc=exc,
                                field=fl_field.name, label=title)
            if kind == "list" and not getattr(fl_field, "delimiter", ","):
                passed = False
                self.report(schema_place, at + ("delimiter",), "field-constraint-invalid/delimiter",
                            field=fl_field.name, label=title)
        return passed


def _read_constraint(read, value):
    """The constraint value as the field reads it, or None when it cannot (NaN counts as none)."""
    try:
        typed = read(value)
    except (ValueError, TypeError, ArithmeticError):
        return None
    return None if typed is None or typed != typed else typed
