"""Making Pagefind's output byte-stable: it writes filter values (and the filter list in its meta
file) in hash-map order, which changes from run to run (Pagefind issue #638). We sort them, give
the rewritten files content-derived names, and point the meta and entry files at them.

The files are gzip'd "pagefind_dcd" + CBOR. A minimal CBOR codec for the types Pagefind writes
suffices; every file is checked to re-encode to its exact original bytes before we touch it.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import struct
from pathlib import Path

SIGNATURE = b"pagefind_dcd"


class UnexpectedFormat(Exception):
    pass


def _decode(data: bytes, i: int):
    initial = data[i]
    major, info = initial >> 5, initial & 31
    i += 1
    if major == 7:
        simple = {20: False, 21: True, 22: None}
        if info in simple:
            return simple[info], i
        if info == 27:
            return struct.unpack(">d", data[i:i + 8])[0], i + 8
        raise UnexpectedFormat(f"CBOR simple/float {info}")
    if info < 24:
        argument = info
    elif info in (24, 25, 26, 27):
        size = 1 << (info - 24)
        argument, i = int.from_bytes(data[i:i + size], "big"), i + size
    else:
        raise UnexpectedFormat(f"CBOR additional info {info}")
    if major == 0:
        return argument, i
    if major == 1:
        return -1 - argument, i
    if major == 2:
        return bytes(data[i:i + argument]), i + argument
    if major == 3:
        return data[i:i + argument].decode("utf-8"), i + argument
    if major == 4:
        items = []
        for _ in range(argument):
            item, i = _decode(data, i)
            items.append(item)
        return items, i
    raise UnexpectedFormat(f"CBOR major type {major}")


def _head(major: int, argument: int) -> bytes:
    if argument < 24:
        return bytes([major << 5 | argument])
    for info, size in ((24, 1), (25, 2), (26, 4), (27, 8)):
        if argument < 1 << (8 * size):
            return bytes([major << 5 | info]) + argument.to_bytes(size, "big")
    raise UnexpectedFormat("integer too large")


def _encode(value) -> bytes:
    if value is False:
        return b"\xf4"
    if value is True:
        return b"\xf5"
    if value is None:
        return b"\xf6"
    if isinstance(value, int):
        return _head(0, value) if value >= 0 else _head(1, -1 - value)
    if isinstance(value, float):
        return b"\xfb" + struct.pack(">d", value)
    if isinstance(value, bytes):
        return _head(2, len(value)) + value
    if isinstance(value, str):
        raw = value.encode("utf-8")
        return _head(3, len(raw)) + raw
    if isinstance(value, list):
        return _head(4, len(value)) + b"".join(_encode(item) for item in value)
    raise UnexpectedFormat(type(value).__name__)


def read(path: Path):
    data = gzip.decompress(path.read_bytes())
    if not data.startswith(SIGNATURE):
        raise UnexpectedFormat(f"{path.name}: no Pagefind signature")
    value, end = _decode(data, len(SIGNATURE))
    if end != len(data) or SIGNATURE + _encode(value) != data:
        raise UnexpectedFormat(f"{path.name}: does not round-trip; Pagefind's format changed")
    return value


def _pack(value) -> bytes:
    return gzip.compress(SIGNATURE + _encode(value), compresslevel=9, mtime=0)


def _name(prefix: str, payload: bytes, length: int) -> str:
    return f"{prefix}_{hashlib.sha256(payload).hexdigest()[:length]}"


def stabilise(bundle: Path, page_names: dict | None = None) -> None:
    """Rewrite `bundle` so the same input always gives the same bytes. `page_names` ({Pagefind
    page hash: new name}) renames its pages: a page's name is the id a search result carries and
    its fragment's file name, and the index chunks refer to pages by position, not by name; the
    names Pagefind gives (7 hex digits) may repeat across bundles, the new ones may not."""
    page_names = page_names or {}
    entry_path = bundle / "pagefind-entry.json"
    entry = json.loads(entry_path.read_text(encoding="utf-8"))
    for language, info in sorted(entry["languages"].items()):
        meta_path = bundle / f"pagefind.{info['hash']}.pf_meta"
        meta = read(meta_path)
        version, pages, chunks, filters, sorts, fields = meta
        for page in pages:
            new = page_names.get(page[0])
            if new is not None and new != page[0]:
                (bundle / "fragment" / f"{page[0]}.pf_fragment").rename(bundle / "fragment" / f"{new}.pf_fragment")
                page[0] = new
        renamed = []
        for filter_name, filter_hash in sorted(filters, key=lambda pair: pair[0]):
            old = bundle / "filter" / f"{filter_hash}.pf_filter"
            name, values = read(old)
            canonical = [name, sorted(values, key=lambda pair: pair[0])]
            payload = _pack(canonical)
            new_hash = _name(language, payload, 7)
            old.unlink()
            (bundle / "filter" / f"{new_hash}.pf_filter").write_bytes(payload)
            renamed.append([filter_name, new_hash])
        stable_meta = [version, pages, chunks, renamed, sorts, fields]
        payload = _pack(stable_meta)
        meta_hash = _name(language, payload, 13)
        meta_path.unlink()
        (bundle / f"pagefind.{meta_hash}.pf_meta").write_bytes(payload)
        info["hash"] = meta_hash
    entry_path.write_text(json.dumps(entry, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
