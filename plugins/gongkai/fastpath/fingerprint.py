"""Fingerprints: a hash of a value taken whole, mechanically, so that a key can never leave out a part
of what a step reads (the way a hand-kept list of "what a page shows" once left out the build date).

Dataclasses are taken field by field (cached results such as rendered HTML are not fields: they
follow from the fields), containers element by element, paths relative to the site root (a key
must not depend on where the checkout lives: keys are published in build.json).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import decimal
import hashlib
from pathlib import PurePath


def fingerprint(value, root: PurePath | None = None, *, stop=lambda value: None) -> str:
    """sha256 of `value`. stop(value), if it returns a string, stands for that value instead of
    its contents (an entity referred to by another one is named by its key, not walked again)."""
    parts: list[str] = []
    _feed(parts.append, value, root, stop, set())
    return hashlib.sha256("".join(parts).encode("utf-8", "surrogatepass")).hexdigest()


SCALARS = (type(None), bool, int, float, str, bytes, decimal.Decimal, dt.date, dt.datetime, dt.time)
_EXACT = frozenset(SCALARS)
_FIELDS: dict[type, tuple[str, ...]] = {}


def _scalar(value) -> str:
    """A scalar as text that no other value (or sequence of values) gives: a str with its length,
    every other type with its name and repr (which never holds the NUL that ends it)."""
    if type(value) is str:
        return f"s{len(value)}:{value}"
    return f"{type(value).__name__}:{value!r}\x00"


def _field_names(kind: type) -> tuple[str, ...]:
    names = _FIELDS.get(kind)
    if names is None:
        names = _FIELDS[kind] = tuple(item.name for item in dataclasses.fields(kind))
    return names


def _feed(add, value, root, stop, seen: set) -> None:
    """Containers are never records: stop() is asked only about other objects."""
    kind = type(value)
    if kind in _EXACT:
        add(_scalar(value))
        return
    container = kind is list or kind is tuple or kind is dict
    if not container:
        if isinstance(value, SCALARS):
            add(_scalar(value))
            return
        name = stop(value)
        if name is not None:
            add(f"ref:{name}\x00")
            return
        if isinstance(value, PurePath):
            try:
                shown = value.relative_to(root).as_posix() if root is not None else value.as_posix()
            except ValueError:
                shown = value.as_posix()
            add(f"path:{shown}\x00")
            return
    marker = id(value)
    if marker in seen:
        raise ValueError(f"a cycle through {kind.__name__}: give stop() a name for it")
    seen.add(marker)
    try:
        if kind is list or kind is tuple or (not container and isinstance(value, (list, tuple))):
            add("[")
            for item in value:
                if type(item) in _EXACT:  # a scalar element inline (most are): no call of _feed
                    add(_scalar(item))
                else:
                    _feed(add, item, root, stop, seen)
            add("]")
        elif kind is dict or isinstance(value, dict):
            add("{")
            for key in sorted(value, key=repr):
                _feed(add, key, root, stop, seen)
                _feed(add, value[key], root, stop, seen)
            add("}")
        elif dataclasses.is_dataclass(value):
            add(f"{kind.__name__}{{")
            for field_name in _field_names(kind):
                add(field_name + "=")
                item = getattr(value, field_name)
                if type(item) in _EXACT:
                    add(_scalar(item))
                else:
                    _feed(add, item, root, stop, seen)
            add("}")
        elif isinstance(value, (set, frozenset)):
            add("<")
            for item in sorted(value, key=repr):
                _feed(add, item, root, stop, seen)
            add(">")
        else:
            raise TypeError(f"no fingerprint for {kind.__name__}")
    finally:
        seen.discard(marker)
