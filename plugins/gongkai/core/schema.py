"""Frictionless Table Schemas of our records, and typing + checking one raw YAML row against one.

Rows come from the strict YAML reader, so every scalar is a string: the schema gives the type.
"""

from __future__ import annotations

import datetime as dt
import decimal
import difflib
import os
import re
from dataclasses import dataclass, field
from pathlib import Path

import frictionless

from . import fieldtext, yamlstrict, yamltypes
from .codes import texts
from .problems import Problem, problem, reported
from .textfile import MARKUP, read_yaml, unsafe_char_problem

ISO_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")
LOOSE_DATE = re.compile(r"^\s*(\d{4})\s*(?:[-/.年])\s*(\d{1,2})\s*(?:[-/.月])\s*(\d{1,2})\s*日?\s*$")
DATETIME = re.compile(r"^(\d{4}-\d{2}-\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?\s*(Z|[+-]\d{2}:?\d{2})?$")
CHINA = dt.timezone(dt.timedelta(hours=8))


@dataclass(frozen=True)
class Field:
    """One field of a Table Schema: a key of our records' rows, or a column of a dataset resource."""

    name: str
    title: str
    type: str = "string"
    format: str = "default"
    description: str = ""
    constraints: dict = field(default_factory=dict)
    default: object = None  # our records' extension: the value a row without this key gets
    true_values: tuple = ("true",)
    false_values: tuple = ("false",)
    unit: str = ""  # a dataset column's extensions: its unit, and why personal data may be public
    pii: str = ""
    pii_reason: str = ""

    @classmethod
    def from_descriptor(cls, spec: dict) -> Field:
        """From a typed field descriptor (yamltypes.table_schema) that the schema check passed."""
        return cls(
            name=spec["name"],
            title=spec.get("title") or spec["name"],
            type=spec.get("type", "string"),
            format=spec.get("format") or "default",
            description=spec.get("description") or "",
            constraints=spec.get("constraints") or {},
            default=spec.get("default"),
            true_values=_words(spec.get("trueValues"), ("true",)),
            false_values=_words(spec.get("falseValues"), ("false",)),
            unit=spec.get("unit") or "",
            pii=spec.get("pii") or "",
            pii_reason=spec.get("pii_reason") or "",
        )

    # Said in Chinese for the data dictionary on the dataset page (fieldtext.py).
    @property
    def type_label(self) -> str:
        return fieldtext.type_label(self.type)

    @property
    def format_label(self) -> str:
        return fieldtext.format_label(self.type, self.format)

    @property
    def constraints_label(self) -> str:
        return fieldtext.constraints_label(self.constraints, self.type)


def _words(value, default: tuple) -> tuple:
    return tuple(value) if isinstance(value, list) else default


@dataclass
class TableSchema:
    descriptor: dict  # as written, with the vocabulary extensions merged into enums
    fields: list  # [Field]

    @property
    def by_name(self) -> dict:
        return {f.name: f for f in self.fields}

    def label(self, name: str) -> str:
        found = self.by_name.get(name)
        return found.title if found else ""

    @property
    def primary_key(self) -> list[str]:
        key = self.descriptor.get("primaryKey") or []
        return [key] if isinstance(key, str) else list(key)

    @property
    def foreign_keys(self) -> list[dict]:
        return list(self.descriptor.get("foreignKeys") or [])


def load_schema(root: Path, rel: str, vocabularies) -> tuple[TableSchema | None, list[Problem]]:
    path = root / rel
    if not os.path.lexists(path):  # a link or a folder here is refused by read_text
        return None, [problem(rel, 0, 0, "file-missing/schema", rel=rel)]
    text, doc, problems = read_yaml(path, rel)
    if doc is None:
        return None, problems
    if not isinstance(doc.value, dict):
        return None, problems + [problem(rel, 1, 1, "schema-invalid", error="the schema must be a mapping with 'fields'")]
    schema, found = schema_from_descriptor(yamltypes.table_schema(doc.value), rel, vocabularies)
    return schema, problems + found


def schema_from_descriptor(descriptor: dict, rel: str, vocabularies=None
                           ) -> tuple[TableSchema | None, list[Problem]]:
    """A Table Schema from a typed descriptor (vocabulary extensions merged), checked by Frictionless."""
    problems: list[Problem] = []
    for index, spec in enumerate(descriptor.get("fields", [])):
        vocabulary = spec.get("vocabulary")
        extra = vocabularies.extend.get(vocabulary, []) if vocabulary and vocabularies is not None else []
        if extra:
            enum = spec.setdefault("constraints", {}).setdefault("enum", [])
            enum.extend(value for value in extra if value not in enum)
    report = frictionless.Schema.validate_descriptor(descriptor)
    for error in report.flatten(["note"]):
        problems.append(problem(rel, 1, 1, "schema-invalid", error=error[0]))
    # Frictionless lets a bound be any text; cast_row compares numbers with it.
    for spec in descriptor.get("fields", []) if report.valid else []:
        for key in ("minimum", "maximum"):
            bound = spec.get("constraints", {}).get(key)
            if spec.get("type") in ("integer", "number") and bound is not None and not _is_number(bound):
                problems.append(problem(rel, 1, 1, "schema-invalid",
                                        error=f"{spec['name']}: {key} {bound!r} cannot be read as {spec['type']}"))
    if problems:
        return None, problems
    fields = [Field.from_descriptor(spec) for spec in descriptor["fields"]]
    return TableSchema(descriptor, fields), problems


def _is_number(value) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


# --- typing one value -------------------------------------------------------------------------

def parse_iso_date(text: str) -> dt.date | None:
    match = ISO_DATE.match(text)
    if not match:
        return None
    try:
        return dt.date(int(match[1]), int(match[2]), int(match[3]))
    except ValueError:
        return None


def _date_error(raw: str) -> tuple[str, str, str]:
    """(code, zh, en) explaining why `raw` is not a date, with the expected form when we can tell."""
    text = raw.strip()
    match = DATETIME.match(text)
    if match:
        day, zone = match[1], match[5]
        try:
            stamp = dt.datetime.fromisoformat(text.replace("Z", "+00:00") if zone else text)
        except ValueError:
            stamp = None
        if stamp is not None and stamp.tzinfo is not None:
            local = stamp.astimezone(CHINA)
            iso = local.date().isoformat()
            if zone in ("Z", "+00:00", "+0000"):
                return texts("date-utc-datetime", raw=raw, beijing_time=f"{local:%Y-%m-%d %H:%M}", date=iso)
            return texts("date-datetime/zone", raw=raw, date=iso)
        return texts("date-datetime/time", raw=raw, date=day)
    match = ISO_DATE.match(text) or LOOSE_DATE.match(text)
    if match:
        year, month, day = int(match[1]), int(match[2]), int(match[3])
        try:
            iso = dt.date(year, month, day).isoformat()
        except ValueError:
            return texts("date-invalid/calendar", raw=raw, year=year, month=month, day=day)
        return texts("date-format/loose", raw=raw, date=iso)
    return texts("date-format/not-a-date", raw=raw)


@dataclass
class RowContext:
    """Where a row came from, so problems can point at the key's line."""

    rel: str
    doc: yamlstrict.YamlDoc
    prefix: tuple = ()  # key path of the row inside the YAML document

    def at(self, *path) -> tuple[int, int]:
        return self.doc.where(*self.prefix, *path)


def cast_row(schema: TableSchema, raw: dict, context: RowContext) -> tuple[dict, list[Problem]]:
    """Type and check one row against the schema (types, required, length, pattern, enum)."""
    problems: list[Problem] = []
    typed: dict = {}
    for spec in schema.fields:
        value = raw.get(spec.name)
        line, column = context.at(spec.name)

        def report(code, /, **params):
            problems.append(problem(context.rel, line, column, code, field=spec.name, label=spec.title, **params))

        def report_reason(said):  # a (code, zh, en) made by codes.texts, e.g. _date_error's
            problems.append(reported(context.rel, line, column, said, field=spec.name, label=spec.title))

        if value is None or value == "" or value == []:
            if spec.constraints.get("required"):
                line, column = context.at(spec.name) if spec.name in raw else context.at()
                report("required/field", title=spec.title, name=spec.name)
            typed[spec.name] = spec.default
            continue
        typed_value = _cast_value(spec, value, report, report_reason)
        if typed_value is None:
            continue
        strings = [typed_value] if isinstance(typed_value, str) else [v for v in typed_value if isinstance(v, str)] if isinstance(typed_value, list) else []
        bad_text = False
        for text in strings:
            unsafe = unsafe_char_problem(context.rel, line, column, spec.name, spec.title, text)
            if unsafe:
                problems.append(unsafe)
                bad_text = True
                break
            if MARKUP.search(text):
                report("markup-in-text/field", title=spec.title, markup=MARKUP.search(text).group(), name=spec.name)
                bad_text = True
                break
        if bad_text:
            continue
        if isinstance(typed_value, str):
            _check_string_constraints(spec, typed_value, report)
        typed[spec.name] = typed_value
    return typed, problems


def _cast_value(spec: Field, value, report, report_reason):
    kind = spec.type
    if kind == "array":
        if not isinstance(value, list):
            report("type-array/field", title=spec.title, value=value, name=spec.name)
            return None
        return value
    if not isinstance(value, str):
        report("type-scalar/field", title=spec.title, name=spec.name)
        return None
    if kind == "string":
        return value
    if kind == "date":
        parsed = parse_iso_date(value.strip())
        if parsed is None:
            report_reason(_date_error(value))
        return parsed
    if kind == "boolean":
        if value in spec.true_values:
            return True
        if value in spec.false_values:
            return False
        report("type-boolean", title=spec.title, value=value, name=spec.name)
        return None
    if kind in ("integer", "number") and len(value.strip()) > 20:  # Python refuses to read 4,300+ digits
        report("too-large/digits", title=spec.title, value=value[:24], name=spec.name)
        return None
    if kind == "integer":
        if re.fullmatch(r"-?\d+", value.strip()):
            return _in_range(spec, int(value), report)
        report("type-integer", title=spec.title, value=value, name=spec.name)
        return None
    if kind == "number":  # exact decimals: amounts are summed and compared (万元 with two decimals)
        if re.fullmatch(r"-?\d+(\.\d+)?", value.strip()):
            return _in_range(spec, decimal.Decimal(value.strip()), report)
        report("type-number", title=spec.title, value=value, name=spec.name)
        return None
    return value


def _in_range(spec: Field, number, report):
    """The number, or None after reporting it outside the field's minimum/maximum."""
    low, high = spec.constraints.get("minimum"), spec.constraints.get("maximum")
    if low is not None and number < low:
        report("too-small", title=spec.title, low=low, number=number, name=spec.name)
        return None
    if high is not None and number > high:
        report("too-large/maximum", title=spec.title, high=high, number=number, name=spec.name)
        return None
    return number


def _check_string_constraints(spec: Field, value: str, report) -> None:
    constraints = spec.constraints
    if "minLength" in constraints and len(value) < constraints["minLength"]:
        report("too-short", title=spec.title, minLength=constraints["minLength"], name=spec.name)
    if "maxLength" in constraints and len(value) > constraints["maxLength"]:
        report("too-long", title=spec.title, length=len(value), maxLength=constraints["maxLength"], name=spec.name)
    if "pattern" in constraints and not re.fullmatch(constraints["pattern"], value, re.ASCII):
        report("pattern", title=spec.title, value=value, description=spec.description, name=spec.name,
               pattern=constraints["pattern"])
    if "enum" in constraints and value not in constraints["enum"]:
        close = difflib.get_close_matches(value, constraints["enum"], n=1, cutoff=0.3)
        hint = f"是不是“{close[0]}”？" if close else ""
        report("not-in-vocabulary", value=value, title=spec.title, hint=hint, enum="、".join(constraints["enum"]),
               name=spec.name, hint_en=f" Did you mean '{close[0]}'?" if close else "")


def unknown_key_problems(schema: TableSchema, raw: dict, context: RowContext, forbidden) -> list[Problem]:
    """Keys the schema does not define are errors (typos would otherwise be silently ignored)."""
    problems = []
    names = [f.name for f in schema.fields]
    for key in raw:
        line, column = context.at(key)
        if key in forbidden:
            problems.append(problem(context.rel, line, column, "forbidden-key", key=key, field=key))
        elif key not in names:
            close = difflib.get_close_matches(str(key), names, n=1, cutoff=0.6)
            hint = f"是不是“{close[0]}”（{schema.label(close[0])}）？" if close else ""
            problems.append(problem(
                context.rel, line, column, "unknown-key/schema", key=key, hint=hint, names=", ".join(names), hint_en=f" Did you mean '{close[0]}'?" if close else "",
                field=str(key),
            ))
    return problems
