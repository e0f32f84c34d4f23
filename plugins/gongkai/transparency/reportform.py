"""The national format of the annual report (国办公开办函〔2021〕30号): its three tables as data,
read from schemas/report.schema.yaml, and their layout with the national header cells."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from ..core.problems import Problem, problem
from ..core import yamltypes
from ..core.schema import TableSchema, schema_from_descriptor
from ..core.textfile import read_yaml

REPORT_SCHEMA = "schemas/report.schema.yaml"
TEXT_FIELDS = ("overview", "problems", "other")  # sections 一、五、六: Markdown


@dataclass(frozen=True)
class Column:
    name: str
    title: str
    type: str
    group: str = ""  # a header spanning several columns (法人或其他组织)
    sum_of: tuple = ()  # the columns this one adds up (总计)


@dataclass(frozen=True)
class Row:
    name: str
    title: str
    section: str = ""  # the outer row header (三、本年度办理结果)
    group: str = ""  # the inner row header (（三）不予公开), or the 第二十条 item of table 2
    columns: tuple = ()  # the columns this row has (table 2); () for all
    computed: str = ""  # table 2: the genre the catalogue counts for this row
    outcome: str = ""  # table 3: the register's 办理结果 for this row
    sum_of: tuple = ()  # the rows this one adds up (（七）总计)


@dataclass
class TableSpec:
    name: str
    label: str  # 表二, 表三, 表四
    title: str
    note: str
    schema: TableSchema  # its fields are the columns: typing and checking every cell
    columns: list
    rows: list
    balance: dict = field(default_factory=dict)

    @property
    def by_row(self) -> dict:
        return {row.name: row for row in self.rows}

    @property
    def by_column(self) -> dict:
        return {column.name: column for column in self.columns}

    def columns_of(self, row: Row) -> list:
        return [self.by_column[name] for name in row.columns] if row.columns else list(self.columns)

    def row_label(self, row: Row) -> str:
        """The row as a reader finds it on the printed form: 三、本年度办理结果（三）不予公开 1.属于国家秘密."""
        return "".join(part for part in (row.section, row.group if self.name != "proactive" else "", row.title) if part)


@dataclass
class ReportSchema:
    top: TableSchema  # the report file's own keys
    tables: list  # [TableSpec] in the order of the report

    @property
    def by_table(self) -> dict:
        return {table.name: table for table in self.tables}

    @property
    def outcomes(self) -> dict:
        """{办理结果 as written in the register: the table 3 row it counts in}."""
        return {row.outcome: row.name for row in self.by_table["applications"].rows if row.outcome}

    @property
    def applicant_types(self) -> dict:
        """{申请人类型 as written in the register: the table 3 column}."""
        return {column.title: column.name for column in self.by_table["applications"].columns if not column.sum_of}


def load_report_schema(root: Path) -> tuple[ReportSchema | None, list[Problem]]:
    rel = REPORT_SCHEMA
    path = Path(root) / rel
    if not os.path.lexists(path):
        return None, [problem(rel, 0, 0, "file-missing/report-schema", rel=rel)]
    text, doc, problems = read_yaml(path, rel)
    if doc is None:
        return None, problems
    descriptor = dict(doc.value) if isinstance(doc.value, dict) else None
    tables_raw = descriptor.pop("tables", None) if descriptor is not None else None
    top, found = schema_from_descriptor(yamltypes.table_schema(descriptor), rel) if descriptor is not None else (None, [])
    problems += found
    tables = []
    for index, raw in enumerate(tables_raw if isinstance(tables_raw, list) else []):
        table, found = _table(raw, rel, doc.where("tables", index))
        problems += found
        if table is not None:
            tables.append(table)
    names = [table.name for table in tables]
    if top is None or names != ["proactive", "applications", "appeals"]:
        if top is not None:
            problems.append(problem(rel, 1, 1, "report-schema-invalid/tables"))
        return None, problems
    return ReportSchema(top, tables), problems


def _table(raw, rel: str, where: tuple) -> tuple[TableSpec | None, list[Problem]]:
    def invalid(reason: str):
        return None, [problem(rel, where[0], where[1], "report-schema-invalid/other", reason=reason)]

    if not isinstance(raw, dict) or not isinstance(raw.get("rows"), list):
        return invalid("每张表都要有 name、title、fields 和 rows。")
    schema, problems = schema_from_descriptor(yamltypes.table_schema({"fields": raw.get("fields") or []}), rel)
    if schema is None:
        return None, problems
    columns = [Column(spec["name"], spec.get("title", spec["name"]), spec.get("type", "integer"), spec.get("group", ""),
                      tuple(spec.get("sum_of") or ())) for spec in schema.descriptor["fields"]]
    rows = []
    for spec in raw["rows"]:
        if not isinstance(spec, dict) or not spec.get("name"):
            return invalid(f"表 {raw.get('name')} 的每一行都要有 name 和 title。")
        rows.append(Row(spec["name"], spec.get("title", spec["name"]), spec.get("section", ""), spec.get("group", ""),
                        tuple(spec.get("columns") or ()), spec.get("computed", ""), spec.get("outcome", ""),
                        tuple(spec.get("sum_of") or ())))
    column_names = {column.name for column in columns}
    row_names = {row.name for row in rows}
    for row in rows:
        if set(row.columns) - column_names or set(row.sum_of) - row_names:
            return invalid(f"表 {raw.get('name')} 的“{row.name}”行引用了不存在的列或行。")
    for column in columns:
        if set(column.sum_of) - column_names:
            return invalid(f"表 {raw.get('name')} 的“{column.name}”列引用了不存在的列。")
    balance = raw.get("balance") or {}
    if set(balance.get("left") or []) - row_names or set(balance.get("right") or []) - row_names:
        return invalid(f"表 {raw.get('name')} 的 balance 引用了不存在的行。")
    return TableSpec(raw["name"], raw.get("label", ""), raw.get("title", raw["name"]), raw.get("note", ""), schema,
                     columns, rows, balance), problems


# --- layout: the national form's header cells ----------------------------------------------

@dataclass
class Cell:
    text: str
    header: bool = False
    rowspan: int = 1
    colspan: int = 1
    scope: str = ""  # col, colgroup, row, rowgroup (headers only)
    id: str = ""
    headers: str = ""  # data cells: the ids of their header cells, for screen readers
    numeric: bool = False


def layout(table: TableSpec, values: dict, prefix: str) -> tuple[list, list]:
    """(header rows, body rows) of `table` filled with `values` ({row: {column: value}}), as cells
    with the row and column spans of the national form. `prefix` keeps the ids unique on a page."""
    if table.name == "proactive":
        return [], _proactive(table, values, prefix)
    if table.name == "appeals":
        return _appeals(table, values, prefix)
    return _grid(table, values, prefix)


def format_number(value) -> str:
    if value is None:
        return ""
    return str(value)


def _proactive(table: TableSpec, values: dict, prefix: str) -> list:
    """Table 2: each 第二十条 item is its own block: a heading row, a column header row, its rows."""
    body = []
    width = 1 + max(len(table.columns_of(row)) for row in table.rows)
    groups: list[tuple[str, list]] = []
    for row in table.rows:
        if not groups or groups[-1][0] != row.group:
            groups.append((row.group, []))
        groups[-1][1].append(row)
    for number, (group, rows) in enumerate(groups):
        group_id = f"{prefix}-g{number}"
        body.append([Cell(group, True, colspan=width, scope="colgroup", id=group_id)])
        columns = table.columns_of(rows[0])
        content_id = f"{group_id}-content"
        header = [Cell("信息内容", True, scope="col", id=content_id)]
        spans = _spread(len(columns), width - 1)
        for column, span in zip(columns, spans):
            header.append(Cell(column.title, True, colspan=span, scope="col", id=f"{group_id}-{column.name}"))
        body.append(header)
        for row in rows:
            row_id = f"{prefix}-{row.name}"
            cells = [Cell(row.title, True, scope="row", id=row_id, headers=content_id)]
            for column, span in zip(columns, spans):
                cells.append(Cell(format_number(values.get(row.name, {}).get(column.name)), colspan=span, numeric=True,
                                  headers=f"{group_id} {group_id}-{column.name} {row_id}"))
            body.append(cells)
    return body


def _spread(count: int, width: int) -> list:
    """Column spans so that `count` columns fill `width` (the last one takes what is left)."""
    return [1] * (count - 1) + [width - count + 1]


def _grid(table: TableSpec, values: dict, prefix: str) -> tuple[list, list]:
    """Table 3: a two-level column header and up to three levels of row headers."""
    depth = max(len(_path(row)) for row in table.rows)
    grouped = any(column.group for column in table.columns)
    header_rows = 2 + (1 if grouped else 0)
    corner = Cell(f"（{table.note}）" if table.note else "", rowspan=header_rows, colspan=depth)  # a note, not a header
    top = [corner, Cell("申请人情况", True, colspan=len(table.columns), scope="colgroup", id=f"{prefix}-applicants")]
    second, third = [], []
    column_headers = {}
    seen_groups = {}
    for column in table.columns:
        column_id = f"{prefix}-{column.name}"
        if column.group:
            if column.group not in seen_groups:
                group_id = f"{prefix}-{len(seen_groups)}-group"
                seen_groups[column.group] = group_id
                span = sum(1 for other in table.columns if other.group == column.group)
                second.append(Cell(column.group, True, colspan=span, scope="colgroup", id=group_id))
            third.append(Cell(column.title, True, scope="col", id=column_id))
            column_headers[column.name] = f"{prefix}-applicants {seen_groups[column.group]} {column_id}"
        else:
            second.append(Cell(column.title, True, rowspan=2 if grouped else 1, scope="col", id=column_id))
            column_headers[column.name] = f"{prefix}-applicants {column_id}"
    head = [top, second] + ([third] if grouped else [])
    return head, _body_rows(table, values, prefix, depth, column_headers)


def _appeals(table: TableSpec, values: dict, prefix: str) -> tuple[list, list]:
    """Table 4: one line of fifteen numbers under 行政复议 | 行政诉讼（未经复议直接起诉 | 复议后起诉）."""
    first, second, third, data = [], [], [], []
    groups = {}
    for row in table.rows:
        if row.group:
            groups.setdefault(row.group, []).append(row)
    for row in table.rows:
        row_id = f"{prefix}-{row.name}"
        if not row.group:
            first.append(Cell(row.title, True, colspan=len(table.columns), scope="colgroup", id=row_id))
            for column in table.columns:
                second.append(Cell(column.title, True, rowspan=2, scope="col", id=f"{row_id}-{column.name}"))
        else:
            group_id = f"{prefix}-{list(groups).index(row.group)}-group"
            if groups[row.group][0] is row:
                first.append(Cell(row.group, True, colspan=len(table.columns) * len(groups[row.group]), scope="colgroup",
                                  id=group_id))
            second.append(Cell(row.title, True, colspan=len(table.columns), scope="colgroup", id=row_id))
            for column in table.columns:
                third.append(Cell(column.title, True, scope="col", id=f"{row_id}-{column.name}"))
        for column in table.columns:
            owner = f"{group_id} {row_id}" if row.group else row_id
            data.append(Cell(format_number(values.get(row.name, {}).get(column.name)), numeric=True,
                             headers=f"{owner} {row_id}-{column.name}"))
    return [first, second, third], [data]


def _path(row: Row) -> list:
    return [part for part in (row.section, row.group, row.title) if part]


def _body_rows(table: TableSpec, values: dict, prefix: str, depth: int, column_headers: dict) -> list:
    body = []
    paths = [_path(row) for row in table.rows]
    for index, (row, path) in enumerate(zip(table.rows, paths)):
        cells, ids = [], []
        for level, text in enumerate(path):
            cell_id = f"{prefix}-{row.name}-h{level}" if level == len(path) - 1 else f"{prefix}-{index}-{level}"
            if index and paths[index - 1][:level + 1] == path[:level + 1] and level < len(path) - 1:
                ids.append(_first_id(paths, index, level, prefix, table))
                continue  # covered by the rowspan of the cell above
            span = 1
            while index + span < len(paths) and paths[index + span][:level + 1] == path[:level + 1] and level < len(path) - 1:
                span += 1
            colspan = depth - level if level == len(path) - 1 else 1
            scope = "rowgroup" if span > 1 else "row"
            cells.append(Cell(text, True, rowspan=span, colspan=colspan, scope=scope, id=cell_id))
            ids.append(cell_id)
        for column in table.columns:
            cells.append(Cell(format_number(values.get(row.name, {}).get(column.name)), numeric=True,
                              headers=f"{' '.join(ids)} {column_headers[column.name]}"))
        body.append(cells)
    return body


def _first_id(paths: list, index: int, level: int, prefix: str, table: TableSpec) -> str:
    """The id of the header cell that spans down to row `index` at `level`."""
    first = index
    while first > 0 and paths[first - 1][:level + 1] == paths[index][:level + 1]:
        first -= 1
    return f"{prefix}-{first}-{level}"
