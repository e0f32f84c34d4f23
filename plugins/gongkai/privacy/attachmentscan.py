"""Personal information inside attached files: text (.csv, .txt), spreadsheets (.xlsx) and PDF text.

Subsidy and poverty lists leak as attachments more than as pages, so what an item attaches is
read too, each file once however many items attach it:
- .csv and .txt: decoded (UTF-8, UTF-16 with a BOM, else GB18030), every cell or line scanned;
  findings are errors at the attachment's own line and column (CSV: line and cell number);
- .xlsx: every cell of every sheet (openpyxl); errors naming sheet, row and column;
- .pdf: the text layer of the first pages (pypdf); warnings naming the page, because extracted
  text can glue or split table cells (a scanned image has no text and is not checked).
Binary formats are parsed in a forked child with a wall-clock limit, a CPU limit and a memory
cap, so a hostile file (a decompression bomb, a page tree that loops) cannot stall the check.
"""

from __future__ import annotations

import codecs
import csv
import json
import logging
import os
import resource
import select
import signal
import time
import warnings
from pathlib import Path

from ..core.pii import scan_cell
from . import privacy
from .privacy import capped, finding_problem, scan_lines
from ..core.codes import texts
from ..core.problems import Problem, Severity, problem, reported

ATTACHMENTS_DIR = "content/attachments"
MAX_TEXT_BYTES = 64 * 1024 * 1024  # read at most this much of a text attachment
MAX_BINARY_BYTES = 100 * 1024 * 1024  # the deploy's file size limit
MAX_PDF_PAGES = 300
MAX_SHEET_CELLS = 2_000_000
LIMIT_SECONDS = 30  # wall clock per binary file
LIMIT_CPU_SECONDS = 30
LIMIT_MEMORY = 1024 * 1024 * 1024  # address space a parser may add
TEXT_BLOCK_LINES = 2000  # lines scanned together (a number split across two lines is still found)


def scan_attachments(root: Path, files) -> list[Problem]:
    """Every attachment in `files` (paths relative to content/attachments/, already checked)."""
    problems: list[Problem] = []
    extensions = {Path(file).suffix.lower() for file in files}
    # Imported here, once, so that every child process inherits the module instead of importing it.
    if ".pdf" in extensions:
        import pypdf  # noqa: F401
    if ".xlsx" in extensions:
        import openpyxl  # noqa: F401
    for file in sorted(set(files)):
        path = root / ATTACHMENTS_DIR / file
        rel = f"{ATTACHMENTS_DIR}/{file}"
        extension = Path(file).suffix.lower()
        if extension in (".csv", ".txt"):
            problems += capped(rel, _text_findings(path, rel, extension))
        elif extension == ".xlsx":
            problems += capped(rel, _binary_findings(path, rel, _sheet_cells, _sheet_problems))
        elif extension == ".pdf":
            problems += capped(rel, _binary_findings(path, rel, _pdf_pages, _page_problems))
    return problems


# --- text attachments ------------------------------------------------------------------------------


def _decode(data: bytes) -> str | None:
    for bom, codec in ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16")):
        if data.startswith(bom):
            try:
                return data.decode(codec)
            except UnicodeDecodeError:
                return None
    for codec in ("utf-8", "gb18030"):
        try:
            return data.decode(codec)
        except UnicodeDecodeError:
            continue
    return None


def _text_findings(path: Path, rel: str, extension: str):
    with path.open("rb") as stream:
        data = stream.read(MAX_TEXT_BYTES + 1)
    if len(data) > MAX_TEXT_BYTES:
        data = data[:MAX_TEXT_BYTES]
        cut = data.rfind(b"\n")
        data = data[:cut + 1] if cut > 0 else data
        yield problem(rel, 0, 0, "attachment-scan-partial/bytes", limit_mb=MAX_TEXT_BYTES // 1048576)
    text = _decode(data)
    if text is None:
        yield problem(rel, 0, 0, "attachment-unreadable/encoding")
        return
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if extension == ".csv":
        yield from _csv_findings(rel, text)
    else:
        yield from _block_findings(rel, text.split("\n"), 1)


def _block_findings(rel: str, lines: list[str], first_line: int):
    for start in range(0, len(lines), TEXT_BLOCK_LINES):
        block = "\n".join(lines[start:start + TEXT_BLOCK_LINES])
        for line, column, finding in scan_lines(block, first_line + start):
            yield finding_problem(rel, line, column, finding, where_zh="附件中有")


def _csv_findings(rel: str, text: str):
    """Cell by cell, the header naming each column (a 卡号 column labels Visa and Mastercard numbers)."""
    lines = text.split("\n")
    reader = csv.reader(lines)
    header: list[str] = []
    line_end = 0
    try:
        for cells in reader:
            line = line_end + 1
            line_end = reader.line_num
            if not header:
                header = cells
            for index, cell in enumerate(cells):
                title = header[index] if index < len(header) else ""
                for finding in scan_cell(cell, title):
                    yield finding_problem(rel, line, index + 1, finding, where_zh="附件中有")
    except csv.Error:
        # Not a CSV the csv module can split: the rest is scanned as lines of text.
        yield from _block_findings(rel, lines[line_end:], line_end + 1)


# --- binary attachments, parsed in a child process -----------------------------------------------------


def _binary_findings(path: Path, rel: str, extract, to_problems):
    size = path.stat().st_size
    if size > MAX_BINARY_BYTES:
        yield _not_checked(rel, f"文件有 {size / 1048576:.0f} MB，超过了检查的上限", "too large")
        return
    result = _in_child(extract, path)
    if "error" in result:
        yield _not_checked(rel, result["error"], result["error_en"])
        return
    yield from to_problems(rel, result)


def _not_checked(rel: str, why: str, why_en: str) -> Problem:
    return problem(rel, 0, 0, "attachment-unreadable/failed", why=why, why_en=why_en)


def _in_child(extract, path: Path) -> dict:
    """extract(path) -> JSON-able dict, run in a forked child within the limits above."""
    reader, writer = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: never returns
        try:
            os.close(reader)
            _limit_child()
            try:
                payload = extract(path)
            except MemoryError:
                payload = {"error": "文件太复杂，读取时超过了内存上限", "error_en": "over the memory limit"}
            except Exception as exc:  # noqa: BLE001 - a damaged file: reported as unreadable
                payload = {"error": f"文件已损坏或格式不对：{type(exc).__name__}", "error_en": type(exc).__name__}
            data = json.dumps(payload, ensure_ascii=False).encode("utf-8")
            view = memoryview(data)
            while view:
                view = view[os.write(writer, view):]
        finally:
            os._exit(0)
    os.close(writer)
    chunks, deadline, timed_out = [], time.monotonic() + LIMIT_SECONDS, False
    try:
        while True:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                timed_out = True
                break
            ready, _, _ = select.select([reader], [], [], remaining)
            if ready:
                chunk = os.read(reader, 1 << 16)
                if not chunk:
                    break
                chunks.append(chunk)
    finally:
        os.close(reader)
        if timed_out:
            os.kill(pid, signal.SIGKILL)
        status = os.waitpid(pid, 0)[1]
    if timed_out:
        return {"error": f"读取超过了 {LIMIT_SECONDS} 秒", "error_en": f"over {LIMIT_SECONDS} s"}
    if not chunks:
        if os.WIFSIGNALED(status) and os.WTERMSIG(status) in (signal.SIGXCPU, signal.SIGKILL):
            return {"error": f"读取超过了 {LIMIT_CPU_SECONDS} 秒 CPU 时间", "error_en": "over the CPU limit"}
        return {"error": "读取文件的进程意外退出", "error_en": "the reader stopped"}
    return json.loads(b"".join(chunks).decode("utf-8"))


def _limit_child() -> None:
    """CPU seconds and address space for the parser; its chatter (pypdf warnings) goes nowhere."""
    resource.setrlimit(resource.RLIMIT_CPU, (LIMIT_CPU_SECONDS, LIMIT_CPU_SECONDS + 1))
    try:
        with open("/proc/self/statm") as statm:
            current = int(statm.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
        resource.setrlimit(resource.RLIMIT_AS, (current + LIMIT_MEMORY, current + LIMIT_MEMORY))
    except (OSError, ValueError):
        pass  # no /proc: the CPU and wall-clock limits still hold
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, 1)
    os.dup2(devnull, 2)
    logging.disable(logging.CRITICAL)
    warnings.simplefilter("ignore")


def _pdf_pages(path: Path) -> dict:
    from pypdf import PdfReader

    pdf = PdfReader(path)
    if pdf.is_encrypted and not pdf.decrypt(""):
        return {"error": "文件加了密码", "error_en": "the file is encrypted"}
    count = len(pdf.pages)
    page_texts = [pdf.pages[index].extract_text() or "" for index in range(min(count, MAX_PDF_PAGES))]
    return {"pages": page_texts, "count": count}


def _page_problems(rel: str, result: dict):
    pages = result["pages"]
    if result["count"] > len(pages):
        yield problem(rel, 0, 0, "attachment-scan-partial/pages", count=result["count"], n_pages=len(pages))
    for number, text in enumerate(pages, start=1):
        for _, _, finding in scan_lines(text):
            yield reported(rel, 0, 0, texts(privacy.CODES[finding.kind] + "/pdf-page", page=number,
                                            kind_label=finding.label_zh, masked=finding.masked,
                                            kind_label_en=finding.label_en), severity=Severity.WARNING)


def _sheet_cells(path: Path) -> dict:
    from openpyxl import load_workbook

    workbook = load_workbook(path, read_only=True, data_only=True)
    sheets, cells = [], 0
    try:
        for sheet in workbook.worksheets:
            rows = []
            for row in sheet.iter_rows(values_only=True):
                rows.append(["" if value is None else str(value) for value in row])
                cells += len(row)
                if cells > MAX_SHEET_CELLS:
                    return {"error": f"表格超过 {MAX_SHEET_CELLS} 个单元格", "error_en": "too many cells"}
            sheets.append([sheet.title, rows])
    finally:
        workbook.close()
    return {"sheets": sheets}


def _column_letters(number: int) -> str:
    letters = ""
    while number:
        number, remainder = divmod(number - 1, 26)
        letters = chr(65 + remainder) + letters
    return letters


def _sheet_problems(rel: str, result: dict):
    for title, rows in result["sheets"]:
        header = rows[0] if rows else []
        for row_number, row in enumerate(rows, start=1):
            for index, cell in enumerate(row):
                for finding in scan_cell(cell, header[index] if index < len(header) else ""):
                    where = f"工作表“{title}”第 {row_number} 行 {_column_letters(index + 1)} 列中有"
                    yield finding_problem(rel, 0, 0, finding, where_zh=where)
