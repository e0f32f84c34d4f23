"""Indented JSON as the site publishes it: exactly the text of
`json.dumps(value, ensure_ascii=False, indent=n, sort_keys=True)`, made faster.

The standard library encodes with its C accelerator only when there is no indent; with one it
falls back to a generator per container written in Python, which took about a second a build for
the catalogue, the manifest and the DCAT document of a 10,000-item site. Here strings are still
escaped by the C function the standard library uses, and the rest is plain appends to one list.
tests/test_jsonout.py compares the two on the sample site's documents and on generated values.
"""

from __future__ import annotations

import json
from json.encoder import encode_basestring  # the C escape of ensure_ascii=False

_INFINITY = float("inf")


class _NotPlain(Exception):
    """A value the standard encoder would treat specially (a key that is not a string, a
    subclass, an object for `default`): that document is left to the standard encoder."""


def dumps(value, indent: int = 2) -> str:
    """json.dumps(value, ensure_ascii=False, indent=indent, sort_keys=True), byte for byte."""
    parts: list[str] = []
    try:
        _write(value, parts.append, "\n", " " * indent)
    except (_NotPlain, RecursionError):
        return json.dumps(value, ensure_ascii=False, indent=indent, sort_keys=True)
    return "".join(parts)


def dump_list(elements, handle, indent: int = 2) -> None:
    """dumps(list(elements), indent) written to the text file `handle` (anything with write(str))
    element by element: a catalogue of 100,000 items is never held whole, as records or as text."""
    step = " " * indent
    inner = "\n" + step
    parts: list[str] = []
    separator = "[" + inner
    for element in elements:
        parts.append(separator)
        mark = len(parts)
        try:
            _write(element, parts.append, inner, step)
        except (_NotPlain, RecursionError):  # as the standard encoder writes it, one level in
            del parts[mark:]
            parts.append(json.dumps(element, ensure_ascii=False, indent=indent, sort_keys=True).replace("\n", inner))
        separator = "," + inner
        if len(parts) > 4096:
            handle.write("".join(parts))
            parts.clear()
    parts.append("[]" if separator.startswith("[") else "\n]")
    handle.write("".join(parts))


def _scalar(value) -> str | None:
    kind = type(value)
    if kind is str:
        return encode_basestring(value)
    if value is None:
        return "null"
    if value is True:
        return "true"
    if value is False:
        return "false"
    if kind is int:
        return int.__repr__(value)
    if kind is float:
        if value != value:
            return "NaN"
        if value == _INFINITY:
            return "Infinity"
        if value == -_INFINITY:
            return "-Infinity"
        return float.__repr__(value)
    return None


def _write(value, add, newline: str, step: str) -> None:
    text = _scalar(value)
    if text is not None:
        add(text)
        return
    kind = type(value)
    if kind is dict:
        if not value:
            add("{}")
            return
        if any(type(key) is not str for key in value):
            raise _NotPlain
        inner = newline + step
        separator = "{" + inner
        for key in sorted(value):
            add(separator)
            add(encode_basestring(key))
            add(": ")
            _write(value[key], add, inner, step)
            separator = "," + inner
        add(newline + "}")
    elif kind is list or kind is tuple:
        if not value:
            add("[]")
            return
        inner = newline + step
        separator = "[" + inner
        for item in value:
            add(separator)
            _write(item, add, inner, step)
            separator = "," + inner
        add(newline + "]")
    else:
        raise _NotPlain
