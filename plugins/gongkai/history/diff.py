"""The diff of two versions of a CSV file: rows added, removed and changed, by primary key (or by
whole row where there is none), computed streaming.

Each version comes from a callable that opens it as rows of cells (the header first), so it can
be read more than once: memory holds one version's keys and row digests, plus the rows that
changed. Old versions were never validated, so anything may be in them: duplicate keys fall back
to whole-row comparison, ragged rows are padded, an undecodable version is reported, not raised.
"""

from __future__ import annotations

import csv
import hashlib
from collections import Counter
from typing import Callable, ContextManager, Iterator

from .change import ADDED, CHANGED, DELETED, FIRST, MODIFIED, REMOVED, UNREADABLE, RowChange, TableDiff

# Row changes kept with their cells per resource and revision; the counts are always complete.
DETAIL_LIMIT = 100_000

Opener = Callable[[], ContextManager[Iterator[list[str]]]]


class VersionUnreadable(Exception):
    """A version that cannot be compared; the message says why, in Chinese, for the page."""


def _digest(values) -> bytes:
    return hashlib.blake2b("\x1f".join(values).encode("utf-8", "surrogatepass"), digest_size=16).digest()


def identity_of(header: list[str], cells: list[str]) -> str:
    """A whole row's identity whatever the column order: the digest of its name=value pairs."""
    pairs = sorted(zip(header, _padded(cells, len(header))))
    return _digest(f"{name}\x1e{value}" for name, value in pairs).hex()


def _padded(cells: list[str], width: int) -> list[str]:
    return cells + [""] * (width - len(cells)) if len(cells) < width else cells[:width]


def _data_rows(rows: Iterator[list[str]]) -> Iterator[tuple[int, list[str]]]:
    """(number, cells) of every non-blank row after the header (blank rows are not data)."""
    number = 0
    for cells in rows:
        if any(cells):
            number += 1
            yield number, cells


def _header(open_version: Opener) -> list[str]:
    with open_version() as rows:
        return next(rows, None) or []


def count_rows(open_version: Opener) -> tuple[list[str], int]:
    with open_version() as rows:
        header = next(rows, None) or []
        return header, sum(1 for _ in _data_rows(rows))


def first_version(open_new: Opener) -> TableDiff:
    """A file's first version: how many rows it had (listing them would repeat the whole dataset)."""
    try:
        header, count = count_rows(open_new)
    except (VersionUnreadable, UnicodeDecodeError, csv.Error) as exc:
        return TableDiff(status=UNREADABLE, note=_reason(exc))
    return TableDiff(status=FIRST, header=header, rows_after=count, counts={ADDED: count, REMOVED: 0, CHANGED: 0})


def deleted_version(open_old: Opener) -> TableDiff:
    try:
        header, count = count_rows(open_old)
    except (VersionUnreadable, UnicodeDecodeError, csv.Error) as exc:
        return TableDiff(status=DELETED, note=_reason(exc))
    return TableDiff(status=DELETED, header=header, old_header=header, rows_before=count,
                     counts={ADDED: 0, REMOVED: count, CHANGED: 0})


def _reason(exc: Exception) -> str:
    if isinstance(exc, VersionUnreadable):
        return str(exc)
    if isinstance(exc, UnicodeDecodeError):
        return "这一版本的文件不能按数据集声明的编码读取，无法逐行比较。"
    return f"这一版本的文件不是有效的 CSV（{exc}），无法逐行比较。"


def diff_versions(open_old: Opener, open_new: Opener, key_fields: list[str]) -> TableDiff:
    """Rows added, removed and changed from the old version to the new one."""
    try:
        return _diff(open_old, open_new, key_fields)
    except (VersionUnreadable, UnicodeDecodeError, csv.Error) as exc:
        return TableDiff(status=UNREADABLE, note=_reason(exc))


def _diff(open_old: Opener, open_new: Opener, key_fields: list[str]) -> TableDiff:
    old_header, new_header = _header(open_old), _header(open_new)
    old_names, new_names = set(old_header), set(new_header)
    common = [name for name in new_header if name in old_names]
    result = TableDiff(status=MODIFIED, header=new_header, old_header=old_header,
                       added_columns=[name for name in new_header if name not in old_names],
                       removed_columns=[name for name in old_header if name not in new_names])
    unique_names = len(old_names) == len(old_header) and len(new_names) == len(new_header)
    keyed = bool(key_fields) and unique_names and all(name in old_names and name in new_names for name in key_fields)
    if key_fields and not keyed:
        result.note = "这一版本缺少主键列（或列名重复），按整行比较。"
    if keyed:
        compared = _keyed(open_old, open_new, old_header, new_header, common, key_fields, result)
        if compared:
            return result
        result.note = "这一版本的主键有重复，按整行比较。"
        result.counts = {ADDED: 0, REMOVED: 0, CHANGED: 0}
        result.rows = []
    _whole_rows(open_old, open_new, old_header, new_header, common, result)
    return result


def _keyed(open_old, open_new, old_header, new_header, common, key_fields, result: TableDiff) -> bool:
    """Compare by key; False (and nothing reported) when the old version repeats a key."""
    old_key = [old_header.index(name) for name in key_fields]
    new_key = [new_header.index(name) for name in key_fields]
    old_common = [old_header.index(name) for name in common]
    new_common = [new_header.index(name) for name in common]
    single = len(key_fields) == 1

    def key_of(cells, positions):
        cells = _padded(cells, max(positions) + 1)
        return cells[positions[0]] if single else tuple(cells[p] for p in positions)

    index: dict = {}
    with open_old() as rows:
        next(rows, None)
        for _, cells in _data_rows(rows):
            key = key_of(cells, old_key)
            if key in index:
                return False
            padded = _padded(cells, len(old_header))
            index[key] = _digest([padded[p] for p in old_common])
    result.rows_before = len(index)
    result.keyed = True
    pending: dict = {}  # key -> RowChange waiting for its old cells
    width = len(new_header)
    with open_new() as rows:
        next(rows, None)
        for number, cells in _data_rows(rows):
            result.rows_after += 1
            key = key_of(cells, new_key)
            digest = index.pop(key, None)
            padded = _padded(cells, width)
            if digest is None:
                _keep(result, RowChange(ADDED, _key_cells(key, single), number, padded, identity=_identity(key, single)))
            elif digest != _digest([padded[p] for p in new_common]):
                change = RowChange(CHANGED, _key_cells(key, single), number, padded, identity=_identity(key, single))
                if _keep(result, change):
                    pending[key] = change
    removed = index  # what is left: keys no longer in the new version
    result.counts[REMOVED] = len(removed)
    if not pending and not removed:
        return True
    names_old = old_header
    with open_old() as rows:
        next(rows, None)
        for number, cells in _data_rows(rows):
            key = key_of(cells, old_key)
            padded = _padded(cells, len(old_header))
            change = pending.pop(key, None)
            if change is not None:
                old_values = dict(zip(names_old, padded))
                change.changes = [[name, old_values[name], value] for name, value in zip(new_header, change.cells)
                                  if name in old_values and old_values[name] != value]
            elif key in removed and len(result.rows) < DETAIL_LIMIT:
                result.rows.append(RowChange(REMOVED, _key_cells(key, single), number, padded,
                                             identity=_identity(key, single)))
    return True


def _key_cells(key, single: bool) -> list[str]:
    return [key] if single else list(key)


def _identity(key, single: bool) -> str:
    return key if single else "\x1f".join(key)


def _keep(result: TableDiff, change: RowChange) -> bool:
    """Count the change; keep its cells while under the detail limit."""
    result.counts[change.kind] += 1
    if len(result.rows) < DETAIL_LIMIT:
        result.rows.append(change)
        return True
    return False


def _whole_rows(open_old, open_new, old_header, new_header, common, result: TableDiff) -> None:
    """Compare as multisets of rows over the common columns: a changed row is one removed, one added."""
    old_common = [old_header.index(name) for name in common]
    new_common = [new_header.index(name) for name in common]
    remaining: Counter = Counter()
    result.rows_before = result.rows_after = 0
    with open_old() as rows:
        next(rows, None)
        for _, cells in _data_rows(rows):
            padded = _padded(cells, len(old_header))
            remaining[_digest([padded[p] for p in old_common])] += 1
            result.rows_before += 1
    with open_new() as rows:
        next(rows, None)
        for number, cells in _data_rows(rows):
            result.rows_after += 1
            padded = _padded(cells, len(new_header))
            digest = _digest([padded[p] for p in new_common])
            if remaining[digest] > 0:
                remaining[digest] -= 1
            else:
                _keep(result, RowChange(ADDED, [], number, padded, identity=identity_of(new_header, padded)))
    removed = +remaining  # drops the zero counts
    result.counts[REMOVED] = sum(removed.values())
    if not removed:
        return
    with open_old() as rows:
        next(rows, None)
        for number, cells in _data_rows(rows):
            padded = _padded(cells, len(old_header))
            digest = _digest([padded[p] for p in old_common])
            if removed[digest] > 0:
                removed[digest] -= 1
                if len(result.rows) < DETAIL_LIMIT:
                    result.rows.append(RowChange(REMOVED, [], number, padded, identity=identity_of(old_header, padded)))
