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
from dataclasses import dataclass
from operator import itemgetter
from typing import Callable, ContextManager, Iterator

from .change import ADDED, CHANGED, DELETED, FIRST, MODIFIED, REMOVED, UNREADABLE, RowChange, TableDiff

# Row changes kept with their cells per resource and revision; the counts are always complete.
DETAIL_LIMIT = 100_000

Opener = Callable[[], ContextManager[Iterator[list[str]]]]


class VersionUnreadable(Exception):
    """A version that cannot be compared; the message says why, in Chinese, for the page."""


def identity_of(header: list[str], cells: list[str]) -> str:
    """A whole row's identity whatever the column order: a digest of its name=value pairs, the
    same in every process (it is cached and compared across diffs)."""
    pairs = sorted(zip(header, _padded(cells, len(header))))
    text = "\x1f".join(f"{name}\x1e{value}" for name, value in pairs)
    return hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=16).hexdigest()


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


@dataclass
class KeyIndex:
    """A version's primary keys, each with a hash of its whole row: what the next diff needs of
    its old version, carried over from the diff that read it as the new one."""

    header: tuple
    key_fields: tuple
    rows: dict


def diff_and_index(open_old: Opener, open_new: Opener, key_fields: list[str], old_index: KeyIndex | None = None
                   ) -> tuple[TableDiff, KeyIndex | None]:
    """The diff, and the new version's KeyIndex (None when it cannot serve: no key, repeated
    keys, other columns). Given the old version's KeyIndex, the old version is read only for the
    cells of the rows that changed or went."""
    try:
        return _diff(open_old, open_new, key_fields, old_index)
    except (VersionUnreadable, UnicodeDecodeError, csv.Error) as exc:
        return TableDiff(status=UNREADABLE, note=_reason(exc)), None


def _row_hash(values) -> int:
    """Equal rows hash equal; two different rows of one key collide with odds of 2**-64 (SipHash).
    The values live for one diff in one process, so the per-process hash seed does not matter."""
    return hash("\x1f".join(values))


def _diff(open_old: Opener, open_new: Opener, key_fields: list[str], old_index: KeyIndex | None
          ) -> tuple[TableDiff, KeyIndex | None]:
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
        compared, new_index = _keyed(open_old, open_new, old_header, new_header, common, key_fields, result, old_index)
        if compared:
            return result, new_index
        result.note = "这一版本的主键有重复，按整行比较。"
        result.counts = {ADDED: 0, REMOVED: 0, CHANGED: 0}
        result.rows = []
    _whole_rows(open_old, open_new, old_header, new_header, common, result)
    return result, None


def _key_getter(header: list[str], key_fields: list[str]):
    positions = [header.index(name) for name in key_fields]
    if len(positions) == 1:
        position = positions[0]
        return lambda cells: cells[position]
    return itemgetter(*positions)  # a tuple of the key cells


def _keyed(open_old, open_new, old_header, new_header, common, key_fields, result: TableDiff,
           old_index: KeyIndex | None) -> tuple[bool, KeyIndex | None]:
    """Compare by key; (False, None) and nothing reported when the old version repeats a key."""
    old_key, new_key = _key_getter(old_header, key_fields), _key_getter(new_header, key_fields)
    same_columns = old_header == new_header
    old_common = [old_header.index(name) for name in common]
    new_common = [new_header.index(name) for name in common]
    old_width, new_width = len(old_header), len(new_header)
    single = len(key_fields) == 1
    if old_index is not None and same_columns and old_index.header == tuple(old_header) \
            and old_index.key_fields == tuple(key_fields):
        index = old_index.rows
    else:
        index = {}
        with open_old() as rows:
            next(rows, None)
            for _, cells in _data_rows(rows):
                if len(cells) != old_width:
                    cells = _padded(cells, old_width)
                size = len(index)
                index[old_key(cells)] = _row_hash(cells if same_columns else [cells[p] for p in old_common])
                if len(index) == size:
                    return False, None
    result.rows_before = len(index)
    result.keyed = True
    pending: dict = {}  # key -> RowChange waiting for its old cells
    carried: dict | None = {}  # the new version's index, for the next diff
    with open_new() as rows:
        next(rows, None)
        for number, cells in _data_rows(rows):
            result.rows_after += 1
            if len(cells) != new_width:
                cells = _padded(cells, new_width)
            key = new_key(cells)
            whole = _row_hash(cells)
            if carried is not None:
                size = len(carried)
                carried[key] = whole
                if len(carried) == size:
                    carried = None  # a repeated key: the next diff reads its old version itself
            digest = index.pop(key, None)
            if digest is None:
                _keep(result, RowChange(ADDED, _key_cells(key, single), number, cells, identity=_identity(key, single)))
            elif digest != (whole if same_columns else _row_hash([cells[p] for p in new_common])):
                change = RowChange(CHANGED, _key_cells(key, single), number, cells, identity=_identity(key, single))
                if _keep(result, change):
                    pending[key] = change
    new_index = KeyIndex(tuple(new_header), tuple(key_fields), carried) if carried is not None else None
    removed = index  # what is left: keys no longer in the new version
    result.counts[REMOVED] = len(removed)
    if not pending and not removed:
        return True, new_index
    with open_old() as rows:
        next(rows, None)
        for number, cells in _data_rows(rows):
            if len(cells) != old_width:
                cells = _padded(cells, old_width)
            key = old_key(cells)
            change = pending.pop(key, None)
            if change is not None:
                old_values = dict(zip(old_header, cells))
                change.changes = [[name, old_values[name], value] for name, value in zip(new_header, change.cells)
                                  if name in old_values and old_values[name] != value]
            elif key in removed and len(result.rows) < DETAIL_LIMIT:
                result.rows.append(RowChange(REMOVED, _key_cells(key, single), number, cells,
                                             identity=_identity(key, single)))
    return True, new_index


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
            remaining[_row_hash([padded[p] for p in old_common])] += 1
            result.rows_before += 1
    with open_new() as rows:
        next(rows, None)
        for number, cells in _data_rows(rows):
            result.rows_after += 1
            padded = _padded(cells, len(new_header))
            digest = _row_hash([padded[p] for p in new_common])
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
            digest = _row_hash([padded[p] for p in old_common])
            if removed[digest] > 0:
                removed[digest] -= 1
                if len(result.rows) < DETAIL_LIMIT:
                    result.rows.append(RowChange(REMOVED, [], number, padded, identity=identity_of(old_header, padded)))
