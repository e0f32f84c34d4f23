"""CSV tables of a data package: byte checks, streaming typed validation, typed row reading.

Two streaming passes, memory flat in the row count (apart from the values that `unique` and
`primaryKey` must remember):
1. bytes: size limit, Git LFS pointer, NUL bytes, strict decoding, byte count and sha256 of the
   file as it will be published (UTF-8 without BOM);
2. rows: the `csv` module splits records and Frictionless's own cell readers (the Table Schema
   type and constraint machinery) type and check every cell; errors get Frictionless's type
   names as codes. Measured about twice as fast as `Resource.validate()` with flat memory.
"""

from __future__ import annotations

import codecs
import csv
import datetime
import decimal
import hashlib
import json
import math
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterator

from frictionless import Field, Schema

from ..core import limits, sourcefs
from ..core.pii import scan_cell
from ..privacy.privacy import finding_problem
from ..core.problems import Problem, Severity, choices, problem, reported
from ..core.unicodesniff import wide_unicode
from . import encodings
from .header import check_header
from .quoting import shown as _shown

DEFAULT_MAX_BYTES = limits.MAX_DATASET_CSV_BYTES
# C0 control bytes: JSON escapes them (\n as two characters, most as six).
CONTROL_BYTES = bytes(range(32))
PREVIEW_ROWS = 50
CHUNK = 1024 * 1024
LFS_SIGNATURE = b"version https://git-lfs.github.com/spec/v1"
FORMULA_PREFIXES = frozenset("=+-@")
PLAIN_NUMBER = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)$")

# What a value of each type must look like, for the messages (default formats).
TYPE_HINTS = {
    "integer": ("整数", "只能写数字（可带负号），不能有千位分隔符“,”、小数点、空格或单位，例如 1234",
                "an integer: digits only, no thousands separators, decimals or units, e.g. 1234"),
    "number": ("数字", "只能写数字和小数点（可带负号），不能有千位分隔符“,”、单位或百分号，例如 1234.5",
               "a number: digits and a decimal point only, no thousands separators, units or %, e.g. 1234.5"),
    "date": ("日期", "必须写成“年-月-日”并补零，例如 2024-01-08",
             "a date written like 2024-01-08"),
    "datetime": ("日期时间", "必须写成 2024-01-08T09:30:00 这样", "a date-time like 2024-01-08T09:30:00"),
    "time": ("时间", "必须写成 09:30:00 这样", "a time like 09:30:00"),
    "year": ("年份", "必须是四位数字的年份，例如 2024", "a four-digit year such as 2024"),
    "yearmonth": ("年月", "必须写成“年-月”并补零，例如 2024-01", "a year-month like 2024-01"),
    "boolean": ("是/否值", "只能写 true 或 false", "true or false"),
}
STRING_TYPES = {"string", "any"}
# A cell outside a constraint that has a limit: the catalogue key of each (constraint-error/…).
CONSTRAINT_KEYS = {
    "minimum": "constraint-error/minimum", "maximum": "constraint-error/maximum",
    "exclusiveMinimum": "constraint-error/exclusiveMinimum", "exclusiveMaximum": "constraint-error/exclusiveMaximum",
    "minLength": "constraint-error/minLength", "maxLength": "constraint-error/maxLength",
    "pattern": "constraint-error/pattern",
}
# Integral numbers are published as JSON integers (exact): written out in digits, up to Python's
# printing limit; written with an exponent (1e5), up to 18 digits, so that the JSON is never much
# longer than the CSV (downloadsizes.py); larger ones as floats.
PLAIN_INT_DIGITS = 4000
MAX_INT_DIGITS = 18


@dataclass
class TableScan:
    """What streaming a valid-enough CSV file tells us."""

    header: list[str] = field(default_factory=list)
    row_count: int = 0
    bytes: int = 0  # of the published file (UTF-8, no BOM)
    sha256: str = ""
    source_bytes: int = 0
    source_digest: str = ""  # of the file as written, in the algorithm its declared `hash` uses
    transcode: bool = False  # True when the published file differs from the source bytes
    preview_rows: list[list[str]] = field(default_factory=list)
    # What the JSON and XLSX downloads make longer than the CSV (downloadsizes.py): characters
    # they escape, counted in the published bytes, and the exact JSON of object/array cells.
    quotes: int = 0  # " and \ (JSON: one more character each)
    controls: int = 0  # C0 control bytes (JSON: up to five more each)
    ampersands: int = 0  # & (XML: &amp;, four more)
    angles: int = 0  # < and > (XML: three more)
    structured_json: int = 0  # bytes of the JSON of every object/array cell
    structured_raw: int = 0  # bytes of those cells as written
    # Cells longer than Excel holds (limits.EXCEL_MAX_CELL_CHARS): how many, and where the first are.
    long_cells: int = 0
    long_cell_places: list[tuple[int, int, str]] = field(default_factory=list)

def codec_name(encoding: str) -> str | None:
    """Python's canonical codec name, or None when the encoding is unknown."""
    try:
        return codecs.lookup(encoding).name
    except LookupError:
        return None


def source_codec(path: Path, encoding: str) -> str:
    """The codec to read the file with: a UTF-8 BOM is tolerated and dropped."""
    name = codec_name(encoding) or encoding
    return "utf-8-sig" if name == "utf-8" else name


def dialect_options(dialect: dict | None) -> dict:
    dialect = dialect or {}
    options = {"delimiter": dialect.get("delimiter", ","), "quotechar": dialect.get("quoteChar", '"')}
    if "doubleQuote" in dialect:
        options["doublequote"] = dialect["doubleQuote"]
    if "skipInitialSpace" in dialect:
        options["skipinitialspace"] = dialect["skipInitialSpace"]
    return options


def scan_table(
    path: Path,
    rel: str,
    schema: dict,
    *,
    encoding: str = "utf-8",
    dialect: dict | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
    max_errors: int = 20,
    source_hash: str | None = None,
) -> tuple[TableScan | None, list[Problem]]:
    """Check one CSV file against its (typed, already valid) Table Schema descriptor. With
    `source_hash` (md5, sha1, sha256, sha512) the file as written is hashed too (`source_digest`),
    for the `hash` a descriptor declares."""
    scan, problems = _scan_bytes(path, rel, encoding, max_bytes, source_hash)
    if scan is None:
        return None, problems
    problems += _scan_rows(path, rel, schema, encoding, dialect, max_errors, scan)
    return scan, problems


# --- pass 1: bytes ---------------------------------------------------------------------------


def _scan_bytes(path: Path, rel: str, encoding: str, max_bytes: int,
                source_hash: str | None = None) -> tuple[TableScan | None, list[Problem]]:
    reason = sourcefs.inspect(path)
    if reason is not None:
        return None, [reported(rel, 0, 0, (reason.code, reason.message, reason.message_en))]
    size = os.lstat(path).st_size
    if size > max_bytes:
        return None, [_too_large(rel, f"文件有 {size / 1048576:.1f} MB", max_bytes)]
    codec = source_codec(path, encoding)
    wide = codec.startswith(("utf-16", "utf-32"))
    decoder = codecs.getincrementaldecoder(codec)(errors="strict")
    digest = hashlib.sha256()
    declared = hashlib.new(source_hash) if source_hash else None
    scan = TableScan(source_bytes=size)
    lines_before = 0
    with sourcefs.open_binary(path) as stream:
        first = True
        while chunk := stream.read(CHUNK):
            if first and chunk.startswith(LFS_SIGNATURE):
                return None, [problem(
                    rel, 1, 1, "csv-lfs-pointer",
                )]
            if first:
                scan.transcode = codec != "utf-8-sig" or chunk.startswith(codecs.BOM_UTF8)
                first = False
                sniffed = None if wide else wide_unicode(chunk)
                if sniffed:
                    return None, [_wide_problem(rel, sniffed)]
            if not wide and b"\x00" in chunk:
                index = chunk.index(b"\x00")
                line = lines_before + chunk.count(b"\n", 0, index) + 1
                newline = chunk.rfind(b"\n", 0, index)
                column = index - newline if newline >= 0 or lines_before == 0 else 0
                return None, [problem(
                    rel, line, column, "csv-nul-byte",
                )]
            try:
                text = decoder.decode(chunk)
            except UnicodeDecodeError:
                return None, [_encoding_problem(path, rel, encoding, codec)]
            if declared is not None:
                declared.update(chunk)
            published = chunk if not scan.transcode else text.encode("utf-8")
            digest.update(published)
            scan.bytes += len(published)
            if scan.bytes > max_bytes:
                return None, [_too_large(rel, f"发布的 UTF-8 文件超过 {max_bytes / 1048576:.0f} MB", max_bytes)]
            scan.quotes += published.count(b'"') + published.count(b"\\")
            scan.controls += len(published) - len(published.translate(None, CONTROL_BYTES))
            scan.ampersands += published.count(b"&")
            scan.angles += published.count(b"<") + published.count(b">")
            lines_before += chunk.count(b"\n")
    try:
        tail = decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        return None, [_encoding_problem(path, rel, encoding, codec)]
    if tail:
        digest.update(tail.encode("utf-8"))
        scan.bytes += len(tail.encode("utf-8"))
    scan.sha256 = digest.hexdigest()
    scan.source_digest = declared.hexdigest() if declared is not None else ""
    return scan, []


def _too_large(rel: str, what: str, max_bytes: int) -> Problem:
    return problem(
        rel, 0, 0, "csv-too-large", what=what, limit_mb=max_bytes / 1048576, published_limit_mb=limits.MAX_PUBLISHED_FILE_BYTES // limits.MB, max_bytes=max_bytes, MAX_PUBLISHED_FILE_BYTES=limits.MAX_PUBLISHED_FILE_BYTES)


def _wide_problem(rel: str, wide: str) -> Problem:
    return problem(
        rel, 1, 1, "csv-encoding-utf16", wide=wide, codec=wide.lower())


def _encoding_problem(path: Path, rel: str, encoding: str, codec: str) -> Problem:
    """Find the first undecodable line (a slow path taken only on error) and say what to do."""
    line_number, column, line_bytes = 1, 1, b""
    with sourcefs.open_binary(path) as stream:
        for line_number, line_bytes in enumerate(stream, start=1):
            if line_number == 1 and codec == "utf-8-sig":
                line_bytes = line_bytes.removeprefix(codecs.BOM_UTF8)
            try:
                line_bytes.decode(codec)
            except UnicodeDecodeError as exc:
                column = len(line_bytes[: exc.start].decode(codec, "replace")) + 1
                break
    declared = "UTF-8" if codec == "utf-8-sig" else encoding
    readings = encodings.plausible_readings(path, line_bytes, codec)
    if len(readings) == 1:
        reading = readings[0]
        if reading.codec == "utf-8":
            action, action_en = "删除 datapackage.yaml 中这个资源的 encoding 设置（默认就是 UTF-8）", "remove the resource's `encoding`"
        else:
            verb = "加一行" if codec == "utf-8-sig" else "把 encoding 改成"
            action, action_en = f"在 datapackage.yaml 这个资源下{verb}：encoding: {reading.codec}", f"declare `encoding: {reading.codec}`"
        return problem(rel, line_number, column, "csv-encoding/looks-like", declared=declared, name=reading.name,
                       example=_shown(reading.example), action=action, name_en=reading.name_en, action_en=action_en)
    if readings:
        options = "；".join(f"按 {r.name} 读是“{_shown(r.example)}”（encoding: {r.codec}）" for r in readings)
        options_en = "; ".join(f"{r.name_en} reads '{_shown(r.example)}'" for r in readings)
        return problem(rel, line_number, column, "csv-encoding/unclear", declared=declared, options=options,
                       options_en=options_en)
    return problem(rel, line_number, column, "csv-encoding/undecodable", declared=declared)


# --- pass 2: rows ----------------------------------------------------------------------------


class _Capped:
    """Keeps the first `limit` errors and the first `limit` warnings; counts the rest."""

    def __init__(self, rel: str, limit: int):
        self.rel, self.limit = rel, limit
        self.problems: list[Problem] = []
        self.counts = {Severity.ERROR: 0, Severity.WARNING: 0}
        self.first_unlisted: dict[Severity, int] = {}

    def wants(self, severity: Severity, line: int) -> bool:
        self.counts[severity] += 1
        if self.counts[severity] <= self.limit:
            return True
        self.first_unlisted.setdefault(severity, line)
        return False

    def finish(self) -> list[Problem]:
        for severity, key in ((Severity.ERROR, "data-errors-truncated/rows"),
                              (Severity.WARNING, "data-warnings-truncated")):
            total = self.counts[severity]
            if total > self.limit:
                self.problems.append(problem(self.rel, self.first_unlisted[severity], 0, key,
                                             more=total - self.limit, total=total))
        return self.problems


def _previewed(cell: str) -> str:
    limit = limits.PREVIEW_CELL_CHARS
    return cell if len(cell) <= limit else cell[: limit - 1] + "…"


def _scan_rows(path, rel, schema, encoding, dialect, max_errors, scan) -> list[Problem]:
    fl_schema = Schema.from_descriptor(schema)
    out = _Capped(rel, max_errors)
    problems: list[Problem] = []
    with sourcefs.open_text(path, source_codec(path, encoding)) as text:
        reader = csv_reader(text, dialect)
        try:
            header = next(reader, None)
            if header is None:
                return [problem(rel, 1, 1, "csv-empty", name="、".join((f.name for f in fl_schema.fields)))]
            scan.header = header
            columns = Columns(fl_schema, schema, header)
            names, titles, types, fields, readers = columns.names, columns.titles, columns.types, columns.fields, columns.readers
            width, missing, pii_checked = columns.width, columns.missing, columns.pii_checked
            formula_columns = [t in STRING_TYPES for t in types]
            structured = [t in ("object", "array") for t in types]
            unhashable, key_indexes, unique = columns.unhashable, columns.key_indexes, columns.unique
            # A one-column primary key that is also `unique` is checked once and reported as both.
            key_also_unique = len(key_indexes) == 1 and fields[key_indexes[0]].constraints.get("unique")
            key_seen: dict = {}
            first_missing = missing[0] if missing else frozenset()
            # Frictionless goes on checking rows after a header error, its columns taken by position:
            # so do we (the rows' own errors are the clerk's to fix too).
            problems += check_header(rel, header, columns.schema_names, columns.schema_titles,
                                     first_line=_first_line(path, encoding) if header != columns.schema_names else None,
                                     dialect=dialect)
            line_end = reader.line_num
            for cells in reader:
                line = line_end + 1
                line_end = reader.line_num
                # Blank as Frictionless sees it: every column of the header empty or a missing-value
                # token (`-,-,-` with missingValues ['', '-']). Cheap: most rows fail the first test.
                if not cells or (cells[0] in first_missing and all(c in m for c, m in zip(cells, missing))):
                    if out.wants(Severity.ERROR, line):
                        out.problems.append(_blank_row_problem(rel, line, cells, width))
                    for index in range(width, len(cells)):  # published with the file if it were kept
                        for finding in scan_cell(cells[index]):
                            if out.wants(Severity.ERROR, line):
                                out.problems.append(finding_problem(rel, line, index + 1, finding))
                    continue
                first_cell = cells[0]
                if first_cell[:1] in "<=>" and (first_cell.startswith(("<<<<<<< ", ">>>>>>> ")) or first_cell == "======="):
                    if out.wants(Severity.ERROR, line):
                        out.problems.append(problem(
                            rel, line, 1, "git-conflict-marker/csv"))
                    continue
                scan.row_count += 1
                if len(scan.preview_rows) < PREVIEW_ROWS:
                    scan.preview_rows.append([_previewed(cell) for cell in cells])
                if scan.row_count > limits.MAX_KEYED_ROWS and (unique or key_indexes):
                    problems.append(problem(
                        rel, line, 0, "csv-too-many-keyed-rows", MAX_KEYED_ROWS=limits.MAX_KEYED_ROWS))
                    return problems + out.finish()
                if len(cells) != width:
                    _ragged(out, rel, line, cells, names, titles)
                if sum(map(len, cells)) > limits.EXCEL_MAX_CELL_CHARS:
                    _long_cells(scan, line, cells, names)
                typed = []
                for index in range(min(width, len(cells))):
                    raw = cells[index]
                    value, notes = readers[index](raw)
                    typed.append(value)
                    if structured[index] and value is not None and not notes:
                        notes = _structured_json(scan, value, raw)
                    if notes == "json":
                        if out.wants(Severity.ERROR, line):
                            out.problems.append(problem(
                                rel, line, index + 1, "json-number-invalid",
                                field=names[index], label=titles[index]))
                    elif notes:
                        if out.wants(Severity.ERROR, line):
                            out.problems.append(_cell_problem(rel, line, index, raw, notes, fields[index], titles[index]))
                    elif formula_columns[index] and value and raw[:1] in FORMULA_PREFIXES and len(raw) > 1 \
                            and not PLAIN_NUMBER.match(raw):
                        if out.wants(Severity.WARNING, line):
                            out.problems.append(problem(
                                rel, line, index + 1, "csv-formula-prefix", shown=_shown(raw), raw=raw[0],
                                field=names[index], label=titles[index]))
                    # Inline pre-filter (pii.may_hold, without the call): nothing personal is shorter
                    # than 11 characters except an e-mail address.
                    if pii_checked[index] and (len(raw) > 10 or "@" in raw or "\uff20" in raw or "#" in raw):
                        for finding in scan_cell(raw, names[index], titles[index]):
                            if out.wants(Severity.ERROR, line):
                                out.problems.append(finding_problem(rel, line, index + 1, finding, field=names[index],
                                                                    label=titles[index]))
                for index, seen in unique.items():
                    if index < len(typed) and typed[index] is not None:
                        value = typed[index] if index not in unhashable else frozen(typed[index])
                        first = seen.setdefault(value, line)
                        if first != line and out.wants(Severity.ERROR, line):
                            out.problems.append(_unique_problem(rel, line, index, cells, names, titles, first))
                if key_indexes:
                    key = tuple((typed[i] if i not in unhashable else frozen(typed[i])) if i < len(typed) else None
                                for i in key_indexes)
                    if len(key) == 1:
                        key = key[0]  # a bare value takes less memory than a 1-tuple
                    if key is None or key == (None,) * len(key_indexes):
                        if out.wants(Severity.ERROR, line):
                            out.problems.append(_key_problem(rel, line, key_indexes, names, titles, None))
                    else:
                        first = key_seen.setdefault(key, line)
                        if first != line and out.wants(Severity.ERROR, line):
                            out.problems.append(_key_problem(rel, line, key_indexes, names, titles, first))
                        if first != line and key_also_unique and out.wants(Severity.ERROR, line):
                            out.problems.append(_unique_problem(rel, line, key_indexes[0], cells, names, titles, first))
        except csv.Error as exc:
            if "field larger than field limit" in str(exc):
                problems.append(problem(
                    rel, reader.line_num, 0, "csv-cell-too-large", MAX_CELL_CHARS=limits.MAX_CELL_CHARS))
                return problems + out.finish()
            problems.append(problem(
                rel, reader.line_num, 0, "csv-syntax", exc=exc))
        except Exception as exc:  # noqa: BLE001 - no input may stop the check: said as a problem, never a traceback
            # Only the exception's type is shown: its text may quote a cell (personal data).
            problems.append(problem(
                rel, reader.line_num, 0, "csv-check-failed", error=type(exc).__name__))
    return problems + out.finish()


UNHASHABLE_TYPES = frozenset({"object", "array", "list", "geojson"})


class Columns:
    """The columns of a file as Frictionless reads them (fieldsMatch "exact"): the schema's fields
    by position, one per header label; labels beyond the schema are read as `any`, fields beyond
    the header are not read at all (and neither their `unique` nor a primary key holding them)."""

    def __init__(self, fl_schema: Schema, schema: dict, header: list[str]):
        fields = list(fl_schema.fields)
        self.schema_names = [f.name for f in fields]
        self.schema_titles = [f.title or f.name for f in fields]
        width = len(header) if header else len(fields)  # no labels at all: every field, as Frictionless does
        extra = [Field.from_descriptor({"name": label or f"column{number}", "type": "any"})
                 for number, label in enumerate(header[len(fields):width], start=len(fields) + 1)]
        for item in extra:
            item.schema = fl_schema
        self.fields = fields[:width] + extra
        self.width = width
        self.names = [f.name for f in self.fields]
        self.titles = [f.title or f.name for f in self.fields]
        self.types = [f.type for f in self.fields]
        self.readers = [_fast_reader(f, fl_schema) for f in self.fields]
        self.missing = [_missing_values(f, fl_schema) for f in self.fields]
        # Columns declared `pii: allowed` (with a pii_reason) skip the personal-information gate.
        specs = schema.get("fields", [])
        self.pii_checked = [index >= len(specs) or specs[index].get("pii") != "allowed" for index in range(width)]
        # Values `unique` and primary keys remember: objects and lists (object, array, list,
        # geojson) are not hashable, so they are remembered frozen (Frictionless stops there).
        self.unhashable = {i for i, t in enumerate(self.types) if t in UNHASHABLE_TYPES}
        key = [self.schema_names.index(n) for n in fl_schema.primary_key if n in self.schema_names]
        self.key_indexes = key if all(i < width for i in key) else []
        # A one-column primary key already remembers its values: do not keep them twice.
        self.unique = {i: {} for i, f in enumerate(self.fields)
                       if f.constraints.get("unique") and self.key_indexes != [i]}


def _missing_values(fl_field, fl_schema) -> frozenset:
    """The cells a field reads as missing: its own missingValues, else the schema's (Frictionless's rule)."""
    if fl_field.has_defined("missing_values") or fl_field.schema is None:
        return frozenset(fl_field.missing_values)
    return frozenset(fl_schema.missing_values)


def _first_line(path: Path, encoding: str) -> str:
    """The file's first line as text (for the separator hint; read only when the header is wrong)."""
    with sourcefs.open_text(path, source_codec(path, encoding)) as text:
        return text.readline(64 * 1024)


def frozen(value):
    """A hashable stand-in for a typed cell, equal exactly when the values are equal."""
    if isinstance(value, dict):
        return ("{}", tuple(sorted((key, frozen(item)) for key, item in value.items())))
    if isinstance(value, list):
        return ("[]", tuple(frozen(item) for item in value))
    return value


def csv_reader(text, dialect):
    """csv.reader with our cell limit: the module's limit is process-wide, and Frictionless raises
    it to 2 GiB whenever its CSV parser is imported, so it is set again before every read."""
    csv.field_size_limit(limits.MAX_CELL_CHARS)
    return csv.reader(text, **dialect_options(dialect))


def _long_cells(scan: TableScan, line: int, cells: list[str], names: list[str]) -> None:
    for index, cell in enumerate(cells):
        if len(cell) > limits.EXCEL_MAX_CELL_CHARS:
            scan.long_cells += 1
            if len(scan.long_cell_places) < 5:
                scan.long_cell_places.append((line, index + 1, names[index] if index < len(names) else ""))


def _structured_json(scan: TableScan, value, raw: str):
    """Count the JSON an object/array cell becomes; "json" when JSON cannot hold it (NaN, 1e400)."""
    try:
        text = json.dumps(value, ensure_ascii=False, allow_nan=False)
    except ValueError:
        return "json"
    scan.structured_json += len(text.encode("utf-8"))
    scan.structured_raw += len(raw.encode("utf-8"))
    return None


ISO_DAY = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


def _fast_reader(fl_field, fl_schema):
    """Frictionless's cell reader, with shortcuts giving the same result much faster: plain string
    columns skip it, and a plain date column reads YYYY-MM-DD itself (strptime is most of the time
    of a date column); anything else in a date column still goes to Frictionless."""
    plain = fl_field.format == "default" and not fl_field.constraints and not fl_field.has_defined("missing_values")
    if fl_field.type in ("string", "any") and plain:
        missing = frozenset(fl_schema.missing_values)
        return lambda raw: (None if raw in missing else raw, None)
    reader = fl_field.create_cell_reader()
    # `required` only concerns missing cells, which still go to Frictionless.
    if fl_field.type == "date" and fl_field.format == "default" and set(fl_field.constraints) <= {"required"} \
            and not fl_field.has_defined("missing_values"):
        missing = frozenset(fl_schema.missing_values)

        def read_date(raw):
            if len(raw) == 10 and raw not in missing and ISO_DAY.fullmatch(raw):
                try:
                    return datetime.date(int(raw[:4]), int(raw[5:7]), int(raw[8:])), None
                except ValueError:
                    pass  # not a real day: Frictionless says so in its own words
            return reader(raw)
        return read_date
    return reader


def _ragged(out, rel, line, cells, names, titles):
    width = len(names)
    if len(cells) < width:
        for index in range(len(cells), width):
            if out.wants(Severity.ERROR, line):
                out.problems.append(problem(
                    rel, line, index + 1, "missing-cell", n_cells=len(cells), number=index + 1, titles=titles[index], names=names[index],
                    field=names[index], label=titles[index]))
    else:
        for index in range(width, len(cells)):
            if out.wants(Severity.ERROR, line):
                out.problems.append(problem(
                    rel, line, index + 1, "extra-cell", n_cells=len(cells), number=index + 1, shown=_shown(cells[index]),
                    field="", label=""))
            # An extra cell is published with the file as it is: it gets the same gate as the others.
            for finding in scan_cell(cells[index]):
                if out.wants(Severity.ERROR, line):
                    out.problems.append(finding_problem(rel, line, index + 1, finding))


def _cell_problem(rel, line, index, raw, notes, fl_field, title) -> Problem:
    name, kind, fmt = fl_field.name, fl_field.type, fl_field.format
    shown = _shown(raw)
    if "type" in notes:
        zh_kind, hint, hint_en = TYPE_HINTS.get(kind, (kind, f"必须符合类型 {kind}", f"a valid {kind}"))
        if fmt not in ("default", "any", None) and kind in ("date", "datetime", "time"):
            hint, hint_en = f"必须符合格式 {fmt}", f"format {fmt}"
        return problem(
            rel, line, index + 1, "type-error", shown=shown, zh_kind=zh_kind, hint=hint, hint_en=hint_en, field=name, label=title)
    constraint = next(iter(notes))
    value = fl_field.constraints.get(constraint)
    allowed = choices(value) if constraint == "enum" and isinstance(value, list) else ""
    place = dict(field=name, label=title)
    if constraint == "required":
        return problem(rel, line, index + 1, "constraint-error/required", **place)
    if constraint == "enum":
        return problem(rel, line, index + 1, "constraint-error/enum", shown=shown, allowed=allowed, **place)
    if constraint in CONSTRAINT_KEYS:
        return problem(rel, line, index + 1, CONSTRAINT_KEYS[constraint], shown=shown, limit=value, **place)
    return problem(rel, line, index + 1, "constraint-error/other", shown=shown, constraint=constraint, **place)


def _unique_problem(rel, line, index, cells, names, titles, first) -> Problem:
    return problem(
        rel, line, index + 1, "unique-error", shown=_shown(cells[index]), first=first,
        field=names[index], label=titles[index])


def _blank_row_problem(rel, line, cells, width) -> Problem:
    if not any(cells):
        return problem(rel, line, 1, "blank-row/empty")
    tokens = sorted({cell for cell in cells[:width] if cell})
    marks = f"只有缺失值标记（{choices(['“' + _shown(t) + '”' for t in tokens])}）" if tokens else "都是空的"
    beyond = "，表头以外多出的格子不算" if any(cells[width:]) else ""
    return problem(
        rel, line, 1, "blank-row/missing-values", marks=marks, beyond=beyond)


def _key_problem(rel, line, key_indexes, names, titles, first) -> Problem:
    columns = "、".join(titles[i] for i in key_indexes)
    place = dict(field=names[key_indexes[0]], label=titles[key_indexes[0]])
    if first is None:
        return problem(rel, line, key_indexes[0] + 1, "primary-key/empty", columns=columns, **place)
    return problem(rel, line, key_indexes[0] + 1, "primary-key/duplicate", columns=columns, first=first, **place)


# --- typed reading for downloads and charts --------------------------------------------------


def iter_rows(path: Path, schema: dict, *, encoding: str = "utf-8", dialect: dict | None = None
              ) -> Iterator[tuple[list[str], list]]:
    """Yield (raw cells, typed values) of each non-blank data row of a validated file."""
    fl_schema = Schema.from_descriptor(schema)
    readers = [_fast_reader(f, fl_schema) for f in fl_schema.fields]
    with sourcefs.open_text(path, source_codec(path, encoding)) as text:
        reader = csv_reader(text, dialect)
        next(reader, None)
        for cells in reader:
            if any(cells):
                yield cells, [read(raw)[0] for read, raw in zip(readers, cells)]


def json_value(field_type: str, value, raw: str):
    """A typed cell as a JSON value: numbers, booleans, ISO dates; anything else as written."""
    if value is None:
        return None
    if field_type in ("integer", "year", "boolean", "object", "array"):
        return value
    if field_type == "number":
        if isinstance(value, decimal.Decimal):
            if not value.is_finite():
                return raw
            # An integer as an integer, unless written with an exponent that makes it long:
            # int("1e999999999") would build a billion-digit number (JSON prints at most 4,300).
            exponent = value.as_tuple().exponent
            if value == value.to_integral_value() and exponent >= 0 and value.adjusted() < (
                    PLAIN_INT_DIGITS if exponent == 0 else MAX_INT_DIGITS):
                return int(value)
            number = float(value)
            return number if math.isfinite(number) else raw
        return value
    if isinstance(value, (datetime.date, datetime.time)):
        return value.isoformat()
    if field_type == "yearmonth":
        return f"{value[0]:04d}-{value[1]:02d}"
    return raw
