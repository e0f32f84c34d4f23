"""Foreign keys between the CSV files of one data package, checked as Frictionless checks them.

A foreign key's referenced columns are read first into a set of typed key values (rows whose key
cells are all missing are left out); then the referring file is streamed once for all its keys,
and every row whose key is not all missing and not in its set is an error. Values compare typed, by the Table Schema
readers (`1` and `01` are the same integer, a string `1` is not the integer 1), the columns taken
by position as in the row scan (tabular.Columns). Memory: the sets of one referring file's keys,
at most `limits.MAX_KEYED_ROWS` distinct keys in all (about 100-200 bytes each); the referring
file is never held.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

from frictionless import Schema

from ..core import limits, sourcefs
from ..core.problems import Problem, problem
from .quoting import shown
from .tabular import Columns, csv_reader, frozen, source_codec


@dataclass
class Table:
    """A CSV file that passed the byte checks, and how to read it."""

    name: str  # the resource name
    title: str
    path: Path
    rel: str  # repo-relative, for problems
    schema: dict  # the typed Table Schema descriptor
    encoding: str
    dialect: dict | None


@dataclass
class ForeignKey:
    fields: list[str]
    target: Table
    target_fields: list[str]


class TooManyKeys(Exception):
    """The referenced columns hold more distinct keys than the check may remember."""


def check_foreign_keys(table: Table, keys: list[ForeignKey], max_errors: int,
                       max_keys: int = limits.MAX_KEYED_ROWS) -> list[Problem]:
    """Every row of `table` whose key cells are not all missing must find its values among the
    referenced ones, for each of `keys`: their referenced values are read first (each (resource,
    fields) once; at most `max_keys` distinct keys in all, else TooManyKeys), then `table` is read
    once for all of them."""
    lookups: dict[tuple, set] = {}
    remembered = 0
    for key in keys:
        wanted = (key.target.rel, tuple(key.target_fields))
        if wanted in lookups:
            continue
        lookup = lookups[wanted] = set()
        for _, values, _ in key_rows(key.target, key.target_fields):
            if values not in lookup:
                lookup.add(values)
                remembered += 1
                if remembered > max_keys:
                    raise TooManyKeys(key.target.name)
    columns = _columns(table)
    checked = []
    for key in keys:
        positions = [columns.schema_names.index(name) for name in key.fields]
        # A key column beyond the header is said as a header error and not checked (as Frictionless).
        if all(position < columns.width for position in positions):
            checked.append((key, positions, lookups[(key.target.rel, tuple(key.target_fields))]))
    problems: list[Problem] = []
    count = first_unlisted = 0
    names = sorted({name for key, _, _ in checked for name in key.fields}, key=columns.schema_names.index)
    picks = [(key, positions, lookup, [names.index(name) for name in key.fields]) for key, positions, lookup in checked]
    for line, values, cells in key_rows(table, names, columns, keep_blank=True):
        for key, positions, lookup, pick in picks:
            found = tuple(values[i] for i in pick)
            if found in lookup or all(value is None for value in found):
                continue
            count += 1
            if count > max_errors:
                first_unlisted = first_unlisted or line
                continue
            problems.append(_missing_problem(table, key, columns, positions, line, cells))
    if count > max_errors:
        problems.append(problem(
            table.rel, first_unlisted, 0, "data-errors-truncated/foreign-keys", more=count - max_errors, total=count))
    return problems


def key_rows(table: Table, names: list[str], columns: Columns | None = None, *,
             keep_blank: bool = False) -> Iterator[tuple[int, tuple, list]]:
    """(line, typed values of `names`, cells) of each data row whose values are not all missing
    (or of every row, with `keep_blank`). A column the header does not reach reads as missing."""
    columns = columns or _columns(table)
    positions = [columns.schema_names.index(name) for name in names]
    readers = [_value_reader(columns.fields[p], columns.missing[p]) if p < columns.width else None for p in positions]
    unhashable = [p in columns.unhashable for p in positions]
    with sourcefs.open_text(table.path, source_codec(table.path, table.encoding)) as text:
        reader = csv_reader(text, table.dialect)
        next(reader, None)
        line_end = reader.line_num
        for cells in reader:
            line = line_end + 1
            line_end = reader.line_num
            values = []
            for position, read, freeze in zip(positions, readers, unhashable):
                value = read(cells[position]) if read is not None and position < len(cells) else None
                values.append(frozen(value) if freeze and value is not None else value)
            if keep_blank or any(value is not None for value in values):
                yield line, tuple(values), cells


def _value_reader(fl_field, missing: frozenset):
    """A cell's typed value as a Frictionless row holds it: None when missing or not of the type;
    a value that fails a constraint is still its value (constraints do not matter to a key)."""
    if fl_field.type in ("string", "any"):
        return lambda raw: None if raw in missing else raw
    read = fl_field.create_value_reader()
    return lambda raw: None if raw in missing else read(raw)


def _columns(table: Table) -> Columns:
    with sourcefs.open_text(table.path, source_codec(table.path, table.encoding)) as text:
        header = next(csv_reader(text, table.dialect), None) or []
    return Columns(Schema.from_descriptor(table.schema), table.schema, header)


def _missing_problem(table: Table, key: ForeignKey, columns: Columns, positions: list[int], line: int,
                     cells: list[str]) -> Problem:
    written = [shown(cells[p]) if p < len(cells) else "" for p in positions]
    titles = [columns.titles[p] for p in positions]
    where = "本表" if key.target is table else f"资源“{key.target.title}”"
    where_en = "this table" if key.target is table else f"resource '{key.target.name}'"
    place = dict(field=columns.names[positions[0]], label=titles[0])
    if len(positions) == 1:
        return problem(table.rel, line, positions[0] + 1, "foreign-key/one", value=written[0], where=where,
                       target_column=key.target_fields[0], where_en=where_en, **place)
    return problem(table.rel, line, positions[0] + 1, "foreign-key/several", titles="、".join(titles),
                   values="，".join(written), where=where, target_columns="、".join(key.target_fields),
                   values_en=", ".join(written), target_columns_en=", ".join(key.target_fields), where_en=where_en,
                   **place)
