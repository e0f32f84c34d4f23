"""The header row of a CSV file: checked against the schema's field names, and, when it does not
match, what separator the file seems to use and the exact `dialect:` line that reads it."""

from __future__ import annotations

import csv

from ..core.problems import Problem, problem
from .quoting import shown

# Separators a CSV saved by Excel, WPS or a database export uses: (delimiter, a space after it).
SEPARATORS = [(",", False), (";", False), ("\t", False), ("|", False), (",", True), (";", True)]
SEPARATOR_NAMES = {",": "逗号（,）", ";": "分号（;）", "\t": "制表符（Tab）", "|": "竖线（|）"}
SEPARATOR_NAMES_EN = {",": "commas", ";": "semicolons", "\t": "tabs", "|": "vertical bars"}


def check_header(rel: str, header: list[str], names: list[str], titles: list[str], *,
                 first_line: str | None = None, dialect: dict | None = None) -> list[Problem]:
    """Blank and repeated labels, then the first label that differs from the schema (one mismatch
    explains the rest: the columns are shifted). `first_line` is the file's first line as text,
    read only when the header does not match, to say which separator the file uses."""
    problems: list[Problem] = []
    seen: dict[str, int] = {}
    for number, cell in enumerate(header, start=1):
        if not cell.strip():
            problems.append(problem(
                rel, 1, number, "csv-header-blank", number=number))
        elif cell in seen:
            problems.append(problem(
                rel, 1, number, "csv-header-duplicate", number=number, shown=shown(cell), seen=seen[cell], field=cell))
        else:
            seen[cell] = number
    if problems or header == names:
        return problems
    hint, hint_en = separator_hint(first_line, names, dialect) if first_line is not None else ("", "")
    for number in range(1, max(len(header), len(names)) + 1):
        found = header[number - 1] if number <= len(header) else None
        wanted = names[number - 1] if number <= len(names) else None
        if found == wanted:
            continue
        place = dict(field=wanted or found or "", label=titles[number - 1] if wanted else "")
        if wanted is None:
            problems.append(problem(rel, 1, number, "csv-header-mismatch/unknown", number=number, shown=shown(found),
                                    found=found, hint=hint, hint_en=hint_en, **place))
        elif found is None:
            problems.append(problem(rel, 1, number, "csv-header-mismatch/missing", number=number, wanted=wanted,
                                    title=titles[number - 1], hint=hint, hint_en=hint_en, **place))
        else:
            problems.append(problem(rel, 1, number, "csv-header-mismatch/different", number=number, shown=shown(found),
                                    wanted=wanted, title=titles[number - 1], found=found, hint=hint, hint_en=hint_en,
                                    **place))
        break
    return problems


def separator_hint(first_line: str, names: list[str], dialect: dict | None) -> tuple[str, str]:
    """When the first line, split another common way, gives exactly the schema's names (or as many
    columns, when the labels differ too), say so and give the `dialect:` line that reads it."""
    dialect = dialect or {}
    current = (dialect.get("delimiter", ","), bool(dialect.get("skipInitialSpace", False)))
    quote = dialect.get("quoteChar", '"')
    line = first_line.rstrip("\r\n")
    as_now = _split(line, *current, quote)
    exact = count = None
    for separator in SEPARATORS:
        if separator == current:
            continue
        cells = _split(line, *separator, quote)
        if cells == names:
            exact = separator
            break
        if count is None and len(names) > 1 and len(cells) == len(names) != len(as_now):
            count = separator
    chosen = exact or count
    if chosen is None:
        return "", ""
    delimiter, space = chosen
    what = SEPARATOR_NAMES[delimiter] + ("，后面还跟一个空格" if space else "")
    what_en = SEPARATOR_NAMES_EN[delimiter] + (" followed by a space" if space else "")
    keys = {**({"delimiter": delimiter} if delimiter != "," else {}), **({"skipInitialSpace": True} if space else {})}
    if keys:
        line_yaml = "dialect: {" + ", ".join(
            f"{key}: " + ("true" if value is True else '"\\t"' if value == "\t" else f'"{value}"')
            for key, value in keys.items()) + "}"
        todo = f"请在 datapackage.yaml 这个资源下{'把 dialect 改成' if dialect else '加一行'}：{line_yaml}"
        todo_en = f" Add `{line_yaml}` to the resource in datapackage.yaml"
    else:
        todo = "请删除 datapackage.yaml 中这个资源的 dialect 设置（默认就是逗号分隔）"
        todo_en = " Remove the resource's `dialect` (commas are the default)"
    sure = "" if exact else "（按这种分隔方式，表头的列数与 schema 相同，但列名仍不一致，请一并核对）"
    return (f"看起来这个文件的各列是用{what}分隔的{sure}。{todo}，或用 Excel/WPS“另存为”→“CSV UTF-8（逗号分隔）”。",
            f" The file seems to separate columns with {what_en}.{todo_en}, or save it again as CSV UTF-8 (comma delimited).")


def _split(line: str, delimiter: str, space: bool, quote: str) -> list[str]:
    return next(csv.reader([line], delimiter=delimiter, skipinitialspace=space, quotechar=quote), [])
