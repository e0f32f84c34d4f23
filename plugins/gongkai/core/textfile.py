"""Reading clerk-written text files (Markdown, YAML) safely: UTF-8 only, positions kept."""

from __future__ import annotations

import os
import re
from pathlib import Path

from . import limits, sourcefs, yamlstrict
from .problems import Problem, Severity, problem
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
                "文件不是 UTF-8 编码（可能是 GBK/GB18030）。请在编辑器中选择“另存为 UTF-8”后再提交。",
                "The file is not valid UTF-8 (perhaps GBK/GB18030). Save it as UTF-8.",
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
        return None, [problem(rel, 0, 0, reason.code, reason.message, reason.message_en)]
    size = os.lstat(path).st_size
    if size > limits.MAX_TEXT_FILE_BYTES:
        return None, [problem(
            rel, 0, 0, "file-too-large",
            f"文件有 {size / limits.MB:,.1f} MB，超过了文字文件的上限 {limits.MAX_TEXT_FILE_BYTES // 1024:,} KB。"
            "这样大的文件多半是数据或误放的文件：大表格请作为数据集或附件发布，长文请分成几条。",
            f"The file is {size} bytes, over the {limits.MAX_TEXT_FILE_BYTES}-byte limit for text files.")]
    try:
        data = sourcefs.read_bytes(path, root)
    except sourcefs.SourceError as exc:
        reason = exc.reason
        return None, [problem(rel, 0, 0, reason.code, reason.message, reason.message_en)]
    problems: list[Problem] = []
    wide = wide_unicode(data)
    if wide:
        return None, [problem(
            rel, 1, 1, "encoding-utf16",
            f"文件是 {wide} 编码，不是 UTF-8。请在编辑器中选择“另存为”→ 编码“UTF-8”后再提交。",
            f"The file is {wide}, not UTF-8; save it as UTF-8.")]
    if b"\x00" in data:
        index = data.index(b"\x00")
        line = data.count(b"\n", 0, index) + 1
        column = index - (data.rfind(b"\n", 0, index) + 1) + 1
        return None, [
            problem(
                rel, line, column, "nul-byte",
                "文件中有空字符（NUL），可能是二进制文件或文件已损坏。请用文本编辑器重新保存。",
                "The file contains a NUL byte: it is binary or damaged. Re-save it as text.",
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
                "文件开头有 BOM 标记，已忽略。建议保存为“UTF-8 无 BOM”。",
                "The file starts with a byte-order mark, which was ignored; save as UTF-8 without BOM.",
                severity=Severity.WARNING,
            )
        )
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    for match in CONFLICT_MARKER.finditer(text):
        line, column = line_col(text, match.start())
        problems.append(
            problem(
                rel, line, column, "git-conflict-marker",
                "这里有 Git 合并冲突标记（<<<<<<< / ======= / >>>>>>>）。请决定保留哪一版内容，删除冲突标记后再提交。",
                "Git conflict marker found; resolve the conflict and remove the markers.",
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
        rel, line, column, "unsafe-character",
        f"内容中有不可见的控制字符或文字方向控制符（{codepoint}），可能来自复制粘贴。请删除后重新输入这段文字。",
        f"The value contains an invisible control or bidi character ({codepoint}); remove it.",
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
            rel, line, column, "markup-in-text",
            f"“{name}”是纯文字，不能包含 HTML 标签或注释（如“{markup.group()}…”）。请删除标签，只保留文字；"
            "需要排版的长说明请写在 README.md 或正文中。",
            f"'{field}' is plain text and may not contain HTML markup.",
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
