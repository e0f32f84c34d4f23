"""The personal-information gate (去标识化): findings in items become problems, values always masked."""

from __future__ import annotations

from .pii import Finding, scan_cell, scan_text
from .problems import Problem, problem

CODES = {"resident-id": "pii-resident-id", "mobile": "pii-mobile", "bank-card": "pii-bank-card", "email": "pii-email"}


def finding_problem(rel: str, line: int, column: int, finding: Finding, *, field: str = "", label: str = "",
                    where_zh: str = "") -> Problem:
    return problem(
        rel, line, column, CODES[finding.kind],
        f"{where_zh}疑似未去标识化的{finding.label_zh}“{finding.masked}”。公开前必须去标识化，"
        f"例如写成“{finding.masked}”的形式，或删除；若确属依法应公开的信息，请与保密审查人员确认后改写。",
        f"Possible unmasked {finding.label_en} '{finding.masked}': mask or remove it before publishing.",
        field=field, label=label,
    )


def scan_item(source, schema) -> list[Problem]:
    """Every metadata value and the whole body (HTML comments included: they are in the source)."""
    problems: list[Problem] = []

    def walk(value, path):
        if isinstance(value, str):
            if path[0] == "attachments" and path[-1] == "file":
                return  # file names are scanned by scan_file_name, with their own message
            key = path[0]
            label = schema.label(key) if isinstance(key, str) else ""
            line, column = source.doc.where(*path)
            for finding in scan_text(value):
                problems.append(finding_problem(source.rel, line, column, finding, field=str(key), label=label))
        elif isinstance(value, list):
            for index, item in enumerate(value):
                walk(item, path + (index,))
        elif isinstance(value, dict):
            for key, item in value.items():
                walk(item, path + (key,))

    for key, value in source.raw.items():
        walk(value, (key,))
    for finding in scan_text(source.body):
        before = source.body[: finding.start]
        line = source.body_first_line + before.count("\n")
        column = finding.start - (before.rfind("\n") + 1) + 1
        problems.append(finding_problem(source.rel, line, column, finding, field="body", label="正文"))
    return problems


def scan_file_name(rel: str, line: int, column: int, name: str, field: str, label: str) -> list[Problem]:
    """Attachment file names: scanned as a cell whose column is the file name."""
    return [finding_problem(rel, line, column, finding, field=field, label=label, where_zh="附件文件名中有")
            for finding in scan_cell(name, "file", "附件文件名")]
