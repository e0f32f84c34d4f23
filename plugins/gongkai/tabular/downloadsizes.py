"""Which downloads a resource offers, from upper bounds of their sizes computed during the scan;
and whether the catalogue of all items still fits in one published file.

No published file may exceed limits.MAX_PUBLISHED_FILE_BYTES (`make deploy` refuses it). The
CSV is published as scanned (its size is known exactly); the JSON and XLSX are derived, so the
check bounds them from the scan (row count, published bytes, characters they escape) and a
format whose bound is over the limit is not offered: the page says so and the build does not
write it. The bounds are over-estimates: each part is the most that format can add per row,
per cell or per character.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field

from ..core import limits

# JSON: the most a typed value can add to the text of its cell (downloads.write_json):
# numbers up to a float's repr, ISO dates and times, true/false for a one-character boolean.
JSON_EXTRA = {"number": 24, "boolean": 5, "date": 12, "datetime": 34, "time": 23, "yearmonth": 9}
JSON_CELL = 4  # two quotes, or "null" for a missing value
JSON_ROW = 6  # { } and the ",\n" between rows
# XLSX (openpyxl, write-only, inline strings): the markup of one row and of one cell at most,
# e.g. <c r="XFD1048576" s="99" t="inlineStr"><is><t xml:space="preserve">…</t></is></c>.
XLSX_ROW = 23
XLSX_CELL = 80
# The workbook's fixed parts (styles, theme, content types) and the zip's headers.
XLSX_FIXED = 64 * 1024


@dataclass
class Plan:
    """The downloads of one resource, the bounds behind them, and what the page must say."""

    downloads: list[dict]
    json_bytes: int
    xlsx_bytes: int
    notes: list[str] = field(default_factory=list)
    truncated_cells: int = 0


def json_bound(names: list[str], types: list[str], scan) -> int:
    keys = sum(len(json.dumps(name, ensure_ascii=False).encode("utf-8")) + 2 for name in names)
    per_row = JSON_ROW + keys + 2 * max(len(names) - 1, 0) + sum(JSON_CELL + JSON_EXTRA.get(t, 0) for t in types)
    structured = max(scan.structured_json - scan.structured_raw, 0)
    return 8 + scan.row_count * per_row + scan.bytes + scan.quotes + 5 * scan.controls + structured


def xlsx_bound(titles: list[str], scan) -> int:
    header = sum(len(title.encode("utf-8")) + XLSX_CELL for title in titles) + XLSX_ROW
    uncompressed = (header + scan.row_count * (XLSX_ROW + XLSX_CELL * len(titles)) + scan.bytes
                    + 4 * scan.ampersands + 3 * scan.angles + 2 * scan.controls)
    return uncompressed + uncompressed // 1000 + XLSX_FIXED  # deflate grows incompressible data by < 0.1 %


def zip_bound(member_sizes: list[int]) -> int:
    """The package zip (archive.write_zip): every member, deflate's worst case, headers."""
    return sum(size + size // 1000 + 1024 for size in member_sizes) + 1024


def plan(name: str, filename: str, fields: list, scan) -> Plan:
    names = [f.name for f in fields]
    types = [f.type for f in fields]
    titles = [f.title or f.name for f in fields]
    limit = limits.MAX_PUBLISHED_FILE_BYTES
    result = Plan([{"format": "CSV", "filename": filename, "bytes": scan.bytes}],
                  json_bound(names, types, scan), xlsx_bound(titles, scan), truncated_cells=scan.long_cells)
    if scan.row_count >= limits.EXCEL_MAX_ROWS:
        result.notes.append(f"这个资源有 {scan.row_count:,} 行，超过 Excel 一个工作表能容纳的 "
                            f"{limits.EXCEL_MAX_ROWS - 1:,} 行数据，因此不提供 XLSX；CSV 也可以用 Excel 或 WPS 打开前一部分。")
    elif result.xlsx_bytes > limit:
        result.notes.append(f"数据较大，XLSX 文件可能超过网站单个文件 {limit // limits.MB} MB 的上限，因此不提供 XLSX，请下载 CSV。")
    else:
        result.downloads.append({"format": "XLSX", "filename": f"{name}.xlsx", "bytes": None})
        if scan.long_cells:
            result.notes.append(f"有 {scan.long_cells:,} 个格子超过 Excel 单元格的 {limits.EXCEL_MAX_CELL_CHARS:,} 字上限，"
                                "在 XLSX 中被截短并标有“（内容过长已截断，完整内容见 CSV）”；完整内容请下载 CSV 或 JSON。")
    if result.json_bytes > limit:
        result.notes.append(f"数据较大，JSON 文件可能超过网站单个文件 {limit // limits.MB} MB 的上限，因此不提供 JSON，请下载 CSV。")
    else:
        result.downloads.append({"format": "JSON", "filename": f"{name}.json", "bytes": None})
    return result
