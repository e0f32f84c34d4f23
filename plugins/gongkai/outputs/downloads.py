"""The files a dataset page offers: the package zip, datapackage.json, CSV, XLSX and JSON.

Everything is written from data structures and is byte-identical across runs: timestamps come
from SOURCE_DATE_EPOCH, zip entries are sorted and carry fixed dates and permissions. Each
descriptor's `path`s resolve where it is served: `/datasets/<name>/datapackage.json` names the
CSV files published beside it, the one inside the zip names them as the zip lays them out (the
dataset's own folders, e.g. data/calls.csv).
"""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path
from typing import Iterator

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font
from openpyxl.writer.excel import ExcelWriter

from ..core import limits, outputfs, sourcefs
from ..tabular import tabular
from ..core.archive import normalized_zip, write_zip, zip_stamp
from ..core import jsonout

EXCEL_MAX_ROWS = limits.EXCEL_MAX_ROWS
CHUNK = 1024 * 1024
# Ends a cell cut to Excel's limit, so that nobody takes the cut text for the whole.
CUT_MARK = "……（内容过长已截断，完整内容见 CSV）"


def write_downloads(dataset, out_dir: Path, source_epoch: int) -> list[Path]:
    """Write every download of `dataset` into `out_dir` (output/datasets/<name>/); return them sorted."""
    out_dir.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []

    descriptor_path = out_dir / "datapackage.json"
    outputfs.write_bytes(descriptor_path, descriptor_json(served_descriptor(dataset)))
    written.append(descriptor_path)

    package_members: dict[str, Path | bytes] = {"datapackage.json": descriptor_json(dataset.descriptor)}
    readme = dataset.source_dir / "README.md"
    if dataset.readme_html:
        package_members["README.md"] = readme  # read through sourcefs: never a link
    for resource in dataset.resources:
        csv_path = outputfs.child(out_dir, resource.filename)
        write_csv(resource, csv_path)
        package_members[resource.path] = csv_path
        written.append(csv_path)
        # The check decided which formats fit (downloadsizes.plan); the page lists the same.
        downloads = {item["format"]: item for item in resource.downloads}
        downloads["CSV"]["bytes"] = csv_path.stat().st_size
        if "XLSX" in downloads:
            xlsx_path = outputfs.child(out_dir, f"{resource.name}.xlsx")
            write_xlsx(resource, xlsx_path, source_epoch)
            downloads["XLSX"]["bytes"] = xlsx_path.stat().st_size
            written.append(xlsx_path)
        if "JSON" in downloads:
            json_path = outputfs.child(out_dir, f"{resource.name}.json")
            write_json(resource, json_path)
            downloads["JSON"]["bytes"] = json_path.stat().st_size
            written.append(json_path)

    zip_path = outputfs.child(out_dir, f"{dataset.name}.zip")
    write_zip(zip_path, package_members, source_epoch)
    written.append(zip_path)
    return sorted(written)


def descriptor_json(descriptor: dict) -> bytes:
    return (jsonout.dumps(descriptor) + "\n").encode("utf-8")


def served_descriptor(dataset) -> dict:
    """The descriptor as /datasets/<name>/datapackage.json: every resource `path` is the CSV file
    published beside it (write_downloads puts it there), so `frictionless validate <its URL>` works."""
    published = {resource.path: resource.filename for resource in dataset.resources}
    served = dict(dataset.descriptor)
    served["resources"] = [dict(item, path=published[item["path"]]) if item.get("path") in published else item
                           for item in dataset.descriptor.get("resources", [])]
    return served


def published_chunks(resource) -> Iterator[bytes]:
    """The CSV as published: the source bytes, or re-encoded to UTF-8 without BOM."""
    if not resource.transcode:
        with sourcefs.open_binary(resource.source_path) as stream:
            while chunk := stream.read(CHUNK):
                yield chunk
        return
    codec = tabular.source_codec(resource.source_path, resource.encoding)
    with sourcefs.open_text(resource.source_path, codec) as stream:
        while text := stream.read(CHUNK):
            yield text.encode("utf-8")


def write_csv(resource, path: Path) -> None:
    with outputfs.new_file(path) as out:
        for chunk in published_chunks(resource):
            out.write(chunk)


def write_xlsx(resource, path: Path, source_epoch: int) -> None:
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=_sheet_title(resource.title or resource.name))
    sheet.freeze_panes = "A2"
    bold = Font(bold=True)
    header = []
    for field in resource.fields:
        cell = WriteOnlyCell(sheet, value=_text(field.title or field.name))
        cell.data_type = "s"
        cell.font = bold
        header.append(cell)
    sheet.append(header)
    kinds = [field.type for field in resource.fields]
    for raw, typed in tabular.iter_rows(resource.source_path, resource.schema, encoding=resource.encoding,
                                        dialect=resource.dialect):
        sheet.append([_xlsx_cell(sheet, kind, value, text) for kind, value, text in zip(kinds, typed, raw)])
    naive = zip_stamp(source_epoch).replace(tzinfo=None)
    workbook.properties.created = naive
    workbook.properties.modified = naive
    workbook.properties.creator = "Gongkai"
    buffer = io.BytesIO()
    archive = zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED)
    ExcelWriter(workbook, archive).save()  # not save_workbook(), which resets `modified` to now
    outputfs.write_bytes(path, normalized_zip(buffer.getvalue(), source_epoch))


def _xlsx_cell(sheet, kind: str, value, raw: str):
    if value is None:
        return None
    if kind in ("integer", "year"):
        return value
    if kind == "number":
        number = float(value)
        return number if number == number and abs(number) != float("inf") else _string_cell(sheet, raw)
    if kind == "date":
        cell = WriteOnlyCell(sheet, value=value)
        cell.number_format = "yyyy-mm-dd"
        return cell
    if kind == "boolean":
        return value
    return _string_cell(sheet, raw)


def _string_cell(sheet, text: str):
    """Always a text cell: '=1+1', '+86…', '@x' must never become formulas. A text longer than
    Excel holds is cut visibly (the check warned, and the dataset page says so)."""
    if len(text) > limits.EXCEL_MAX_CELL_CHARS:
        text = text[:limits.EXCEL_MAX_CELL_CHARS - len(CUT_MARK)] + CUT_MARK
    cell = WriteOnlyCell(sheet, value=_text(text))
    cell.data_type = "s"
    return cell


def _text(text: str) -> str:
    return ILLEGAL_CHARACTERS_RE.sub("\ufffd", text)


def _sheet_title(title: str) -> str:
    cleaned = "".join("_" if c in "[]:*?/\\" else c for c in title).strip("'") or "data"
    return cleaned[:31]


def write_json(resource, path: Path) -> None:
    """A JSON list of row objects; rows are encoded one by one so memory stays flat."""
    names = [field.name for field in resource.fields]
    kinds = [field.type for field in resource.fields]
    with outputfs.new_file(path, "w", encoding="utf-8", newline="\n") as out:
        out.write("[")
        separator = "\n"
        for raw, typed in tabular.iter_rows(resource.source_path, resource.schema, encoding=resource.encoding,
                                            dialect=resource.dialect):
            record = {name: tabular.json_value(kind, value, text)
                      for name, kind, value, text in zip(names, kinds, typed, raw)}
            out.write(separator + json.dumps(record, ensure_ascii=False, sort_keys=True, allow_nan=False))
            separator = ",\n"
        out.write("\n]\n")
