"""Typed JSON values from the strict YAML reader's strings: the scalar readers, a Table Schema
descriptor typed by what each key means, and a Vega-Lite spec typed by what each string looks like.

The strict reader (yamlstrict) gives every scalar as a string, so that `no`, `1.0` or `010` stay
what the clerk wrote. Here they become booleans and numbers, only where the format wants one.
"""

from __future__ import annotations

import re

BOOLEANS = {"true": True, "false": False}  # JSON's spelling only: "yes", "True" or "是" stay text
# The YAML 1.2 core schema's integer and float: how a number is written where the key says it is one.
INTEGER = re.compile(r"[+-]?\d+")
NUMBER = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?")
# A JSON number: where the type is only guessed (a chart spec), "007" or "+1" is more likely a
# name or a code than a number, so only the canonical spelling is typed.
JSON_NUMBER = re.compile(r"-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?")


def boolean(value):
    """True or False for "true" or "false"; anything else unchanged (the caller reports it)."""
    return BOOLEANS.get(value, value) if isinstance(value, str) else value


def integer(value):
    """An int for an integer written in YAML; anything else unchanged."""
    return int(value) if isinstance(value, str) and INTEGER.fullmatch(value) else value


def number(value):
    """An int or a float for a number written in YAML; anything else unchanged."""
    if isinstance(value, str) and INTEGER.fullmatch(value):
        return int(value)
    if isinstance(value, str) and NUMBER.fullmatch(value):
        return float(value)
    return value


# --- a Table Schema descriptor: typed by the key, and a constraint by its field's type -----------

FIELD_BOOLEANS = {"bareNumber", "floatNumber"}
CONSTRAINT_BOOLEANS = {"required", "unique"}
LENGTHS = {"minLength", "maxLength"}  # counts, whatever the field's type
BOUNDS = ("minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum")
VALUE_READERS = {"integer": integer, "year": integer, "number": number, "boolean": boolean}


def table_schema(descriptor: dict) -> dict:
    """A Table Schema descriptor with its fields typed; its other keys (primaryKey, foreignKeys,
    missingValues, extensions) as written. New dicts: the descriptor given is left alone."""
    typed = dict(descriptor)
    if isinstance(descriptor.get("fields"), list):
        typed["fields"] = [schema_field(item) if isinstance(item, dict) else item for item in descriptor["fields"]]
    return typed


def schema_field(item: dict) -> dict:
    """One field: bareNumber/floatNumber and required/unique as booleans, minLength/maxLength as
    integers, bounds and enum values as values of the field's own type (an integer field's
    minimum is an int, a date field's stays the string "2024-01-08", as in a JSON descriptor).
    Text that cannot be read is left as written, for the schema check to report."""
    typed = dict(item)
    for key in FIELD_BOOLEANS & typed.keys():
        typed[key] = boolean(typed[key])
    constraints = item.get("constraints")
    if isinstance(constraints, dict):
        kind = item.get("type", "string")
        value_of = VALUE_READERS.get(kind, _as_written) if isinstance(kind, str) else _as_written
        out = {}
        for key, value in constraints.items():
            if key in CONSTRAINT_BOOLEANS:
                out[key] = boolean(value)
            elif key in LENGTHS:
                out[key] = integer(value)
            elif key in BOUNDS:
                out[key] = value_of(value)
            elif key == "enum" and isinstance(value, list):
                out[key] = [value_of(v) for v in value]
            else:
                out[key] = value
        typed["constraints"] = out
    return typed


def _as_written(value):
    return value


# --- a Vega-Lite spec: every string that looks like a boolean or a number, but text keys' --------

# Values under these keys are names or text, never numbers, even when they look like one.
TEXT_KEYS = {"field", "title", "description", "as", "name", "text", "format", "timeUnit", "groupby",
             "fields", "expr", "calculate", "filter", "test"}


def vega_lite_spec(value, key: str | None = None):
    """The spec with JSON types: a Vega-Lite spec has no schema we could type it by, so a string
    is a boolean or a number when it is spelled as one in JSON (a list takes its key's rule)."""
    if isinstance(value, dict):
        return {k: vega_lite_spec(v, k) for k, v in value.items()}
    if isinstance(value, list):
        return [vega_lite_spec(v, key) for v in value]
    if isinstance(value, str) and key not in TEXT_KEYS:
        if value in BOOLEANS:
            return BOOLEANS[value]
        if JSON_NUMBER.fullmatch(value):
            return float(value) if any(c in value for c in ".eE") else int(value)
    return value
