"""Reading clerk-written text files (Markdown, YAML) safely: UTF-8 only, positions kept."""

from __future__ import annotations

import os
import re
from pathlib import Path

from . import limits, sourcefs, yamlstrict
from .problems import Problem, problem, reported
from .unicodesniff import wide_unicode

# Plain-text fields are escaped on pages, but feeds, JSON, CSV and the search index carry them as written.
MARKUP = re.compile(r"<\s*[A-Za-z!/?]")
CONFLICT_MARKER = re.compile(r"^(<{7} |={7}$|>{7} )", re.MULTILINE)
# C0 controls other than tab/newline/carriage return, DEL, C1 controls, bidi overrides and isolates.
UNSAFE_CHARS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u061c\u200b\u200e\u200f\u2028\u2029\u202a-\u202e\u2060\u2066-\u2069\ufeff]")


def line_col(text: str, index: int) -> tuple[int, int]:
    line = text.count("\n", 0, index) + 1
    column = index - (text.rfind("\n", 0, index) + 1) + 1
    return line, column


def decode_utf8(data: bytes, rel: str) -> tuple[str | None, list[Problem]]:
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        column = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
        return None, [
            problem(
                rel, line, column, "encoding-not-utf8",
            )
        ]
    return text, []


def read_text(path: Path, rel: str) -> tuple[str | None, list[Problem]]:
    """Read a text file as UTF-8 with "\n" newlines; report size, BOM, NUL and conflict markers.

    `rel` is the file's repository-relative name: every folder between the repository root and
    the file is checked, and a link anywhere on the way is refused (sourcefs)."""
    root = sourcefs.root_of(path, rel)
    if root is None:
        raise ValueError(f"{path} does not end in {rel}")
    reason = sourcefs.inspect(path, root)
    if reason is not None:
        return None, [reported(rel, 0, 0, (reason.code, reason.message, reason.message_en))]
    size = os.lstat(path).st_size
    if size > limits.MAX_TEXT_FILE_BYTES:
        return None, [problem(
            rel, 0, 0, "file-too-large", size_mb=size / limits.MB, limit_kb=limits.MAX_TEXT_FILE_BYTES // 1024, size=size, MAX_TEXT_FILE_BYTES=limits.MAX_TEXT_FILE_BYTES)]
    try:
        data = sourcefs.read_bytes(path, root)
    except sourcefs.SourceError as exc:
        reason = exc.reason
        return None, [reported(rel, 0, 0, (reason.code, reason.message, reason.message_en))]
    problems: list[Problem] = []
    wide = wide_unicode(data)
    if wide:
        return None, [problem(
            rel, 1, 1, "encoding-utf16", wide=wide)]
    if b"\x00" in data:
        index = data.index(b"\x00")
        line = data.count(b"\n", 0, index) + 1
        column = index - (data.rfind(b"\n", 0, index) + 1) + 1
        return None, [
            problem(
                rel, line, column, "nul-byte",
            )
        ]
    text, problems = decode_utf8(data, rel)
    if text is None:
        return None, problems
    if text.startswith("\ufeff"):
        text = text[1:]
        problems.append(
            problem(
                rel, 1, 1, "utf8-bom",
            )
        )
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    for match in CONFLICT_MARKER.finditer(text):
        line, column = line_col(text, match.start())
        problems.append(
            problem(
                rel, line, column, "git-conflict-marker/text",
            )
        )
    return text, problems


def unsafe_char_problem(rel: str, line: int, column: int, field: str, label: str, value: str) -> Problem | None:
    """Control characters and bidi overrides can disguise text (e.g. a reversed file name)."""
    match = UNSAFE_CHARS.search(value)
    if not match:
        return None
    codepoint = f"U+{ord(match.group()):04X}"
    return problem(
        rel, line, column, "unsafe-character/text", codepoint=codepoint,
        field=field, label=label,
    )


def plain_text_problem(rel: str, line: int, column: int, field: str, label: str, value: str) -> Problem | None:
    """The rule for every plain-text value (titles, descriptions, names): no invisible control or
    bidi characters, no HTML markup. None when `value` keeps it."""
    unsafe = unsafe_char_problem(rel, line, column, field, label, value)
    if unsafe is not None:
        return unsafe
    markup = MARKUP.search(value)
    if markup is not None:
        name = label or field
        return problem(
            rel, line, column, "markup-in-text/text", name=name, markup=markup.group(), field_text=field,
            field=field, label=label,
        )
    return None


def read_yaml(path: Path, rel: str) -> tuple[str | None, "yamlstrict.YamlDoc | None", list[Problem]]:
    """A clerk-written YAML file read strictly: (its text, its document, problems); the document is
    None when the file could not be read or is not YAML (the problems say why)."""
    text, problems = read_text(path, rel)
    if text is None:
        return None, None, problems
    doc, found = yamlstrict.load(text, rel)
    return text, doc, problems + found
