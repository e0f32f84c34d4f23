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
    digest = hashlib.sha256()
    _feed(digest, value, root, stop, set())
    return digest.hexdigest()


SCALARS = (type(None), bool, int, float, str, bytes, decimal.Decimal, dt.date, dt.datetime, dt.time)


def _scalar(value) -> bytes:
    return f"{type(value).__name__}:{value!r}\x00".encode("utf-8", "surrogatepass")


def _feed(digest, value, root, stop, seen: set) -> None:
    update = digest.update
    if type(value) in SCALARS or isinstance(value, SCALARS):
        update(_scalar(value))
        return
    name = stop(value)
    if name is not None:
        update(f"ref:{name}\x00".encode())
        return
    if isinstance(value, PurePath):
        try:
            shown = value.relative_to(root).as_posix() if root is not None else value.as_posix()
        except ValueError:
            shown = value.as_posix()
        update(f"path:{shown}\x00".encode())
        return
    marker = id(value)
    if marker in seen:
        raise ValueError(f"a cycle through {type(value).__name__}: give stop() a name for it")
    seen.add(marker)

    def feed(item) -> None:  # a scalar element inline (most are): no call of _feed for it
        if type(item) in SCALARS:
            update(_scalar(item))
        else:
            _feed(digest, item, root, stop, seen)

    try:
        if dataclasses.is_dataclass(value):
            update(f"{type(value).__name__}{{".encode())
            for item in dataclasses.fields(value):
                update(item.name.encode() + b"=")
                feed(getattr(value, item.name))
            update(b"}")
        elif isinstance(value, dict):
            update(b"{")
            for key in sorted(value, key=repr):
                feed(key)
                feed(value[key])
            update(b"}")
        elif isinstance(value, (list, tuple)):
            update(b"[")
            for item in value:
                feed(item)
            update(b"]")
        elif isinstance(value, (set, frozenset)):
            update(b"<")
            for item in sorted(value, key=repr):
                feed(item)
            update(b">")
        else:
            raise TypeError(f"no fingerprint for {type(value).__name__}")
    finally:
        seen.discard(marker)
