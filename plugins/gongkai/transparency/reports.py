"""Annual reports (政府信息公开工作年度报告): reading content/reports/<year>/<agency>.yaml, the
tables the catalogue and the register compute, and the national format's arithmetic.

What only the office knows (表三 without a register, 表四, the 表二 counts of licences, penalties,
enforcement and fees, sections 一、五、六) is written by a clerk; what the site knows is computed
(表二 for 规章 and 行政规范性文件 from the catalogue, 表三 from the register) and a hand-entered
number that contradicts it is refused. The consolidated report (index.yaml) sums the agencies'.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path, PurePosixPath

from ..privacy import privacy
from ..core import addresses, sourcefs
from ..core.markup import render_markdown
from ..core.names import IDENTIFIER_CODES, check_identifier
from ..core.bodylimits import check_body
from ..core.problems import Problem, problem, reported
from ..core.schema import RowContext, cast_row, unknown_key_problems
from ..core.suggest import closest, hint_en, hint_zh
from ..core.textfile import read_yaml
from .reportform import TEXT_FIELDS, ReportSchema, TableSpec, layout

REPORTS_DIR = "content/reports"
CONSOLIDATED = "index"  # content/reports/<year>/index.yaml: the government's consolidated report
INVALID = ("失效", "废止")


@dataclass
class Report:
    rel: str
    year: int
    agency_id: str
    consolidated: bool
    title: str
    published: dt.date
    texts: dict  # {overview|problems|other: Markdown}
    values: dict  # {table: {row: {column: number}}}, entered or computed
    computed_from: dict  # {table: "目录"|"登记表"|"各机构报告"|""}: what the site computed it from
    schema: ReportSchema
    agency: object = None
    members: list = field(default_factory=list)  # the consolidated report's agency reports
    text_lines: dict = field(default_factory=dict)  # {overview|problems|other: line of its key}

    @property
    def heading(self) -> str:
        name = self.agency.name if self.agency is not None else self.agency_id
        return self.title or f"{name}{self.year}年政府信息公开工作年度报告"

    @property
    def url(self) -> str:
        return addresses.report_page(self.year, None if self.consolidated else self.agency_id)

    @property
    def csv_url(self) -> str:
        return f"{self.url}report.csv"

    @property
    def package_url(self) -> str:
        return f"{self.url}datapackage.json"

    @property
    def due(self) -> dt.date:
        """条例 art. 49-50: departments by 31 January, the government's report by 31 March."""
        return dt.date(self.year + 1, 3, 31) if self.consolidated else dt.date(self.year + 1, 1, 31)

    @property
    def days_late(self) -> int:
        return max(0, (self.published - self.due).days)

    @cached_property
    def sections(self) -> dict:
        """{overview|problems|other: (title, sanitized HTML)}."""
        top = self.schema.top
        return {name: (top.label(name), render_markdown(self.texts.get(name, ""))) for name in TEXT_FIELDS}

    def tables(self) -> list:
        """[(table spec, header rows, body rows)] in the national layout."""
        return [(table, *layout(table, self.values[table.name], f"{table.name}")) for table in self.schema.tables]

    def records(self) -> list[dict]:
        """Every number of the three tables, one record each (the report.csv download)."""
        found = []
        for table in self.schema.tables:
            for row in table.rows:
                for column in table.columns_of(row):
                    value = self.values[table.name].get(row.name, {}).get(column.name)
                    found.append({"table": table.label, "table_title": table.title, "row": row.name,
                                  "row_title": table.row_label(row), "column": column.name, "column_title": column.title,
                                  "value": value})
        return found



def discover(root: Path) -> tuple[list[str], list[Problem]]:
    """content/reports/<year>/<name>.yaml files; anything else there is a problem."""
    rels, problems = sourcefs.walk(root, REPORTS_DIR)
    found = []
    for rel in rels:
        parts = PurePosixPath(rel).parts[2:]
        if len(parts) == 2 and parts[1].endswith(".yaml") and len(parts[0]) == 4 and parts[0].isdigit():
            found.append(rel)
        elif not parts[-1].startswith("."):
            problems.append(problem(rel, 0, 0, "report-path", REPORTS_DIR=REPORTS_DIR))
    return found, problems


def load_reports(root: Path, schema: ReportSchema, agencies: list, items: list, register, today: dt.date
                 ) -> tuple[list[Report], list[Problem]]:
    """Every report read, completed from the catalogue and the register, and checked."""
    rels, problems = discover(root)
    by_id = {agency.id: agency for agency in agencies}
    drafts = []
    for rel in rels:
        draft, found = _read(root, rel, schema, by_id, today)
        problems += found
        if draft is not None:
            drafts.append(draft)
    reports = []
    unrepealed_warned: set = set()
    for draft in [d for d in drafts if not d.consolidated]:
        computed = {"proactive": catalogue_rows(schema.by_table["proactive"], draft.agency_id, draft.year, items,
                                                unrepealed_warned, problems)}
        if register is not None:
            computed["applications"] = register.table3(draft.agency_id, draft.year)
        report, found = _complete(draft, schema, computed)
        problems += found
        if report is not None:
            reports.append(report)
    for draft in [d for d in drafts if d.consolidated]:
        members = sorted((r for r in reports if r.year == draft.year), key=lambda r: r.agency_id)
        if not members:
            problems.append(problem(draft.rel, 1, 1, "report-nothing-to-consolidate", year=draft.year,
                                    REPORTS_DIR=REPORTS_DIR))
            continue
        sums = {table.name: _sum_tables(table, [m.values[table.name] for m in members]) for table in schema.tables}
        report, found = _complete(draft, schema, sums, source="各机构报告")
        problems += found
        if report is not None:
            report.members = members
            reports.append(report)
    for report in reports:
        report.agency = by_id.get(report.agency_id)
    reports.sort(key=lambda r: (-r.year, not r.consolidated, r.agency_id))
    return reports, problems


# --- reading one file ---------------------------------------------------------------------

@dataclass
class _Draft:
    rel: str
    year: int
    agency_id: str
    consolidated: bool
    row: dict  # the typed top-level keys
    entered: dict  # {table: {row: {column: (value, (line, column))}}}
    table_where: dict  # {table: (line, column)} of the table key, or of the file start
    rows_written: dict  # {table: {row names written}}
    context: RowContext  # where the keys are in the file
    text_lines: dict = field(default_factory=dict)  # {overview|problems|other: first line of its text}


def _read(root: Path, rel: str, schema: ReportSchema, agencies: dict, today: dt.date):
    year_text, file_name = PurePosixPath(rel).parts[-2:]
    stem = file_name[: -len(".yaml")]
    year = int(year_text)
    consolidated = stem == CONSOLIDATED
    problems: list[Problem] = []
    if not consolidated:
        refused = check_identifier("agency", stem)
        if refused is not None:
            said = (IDENTIFIER_CODES["report"][refused.code], refused.message, refused.message_en)
            return None, [reported(rel, 0, 0, said)]
        if stem not in agencies:
            close = closest(stem, agencies)
            return None, [problem(rel, 0, 0, "report-unknown-agency", stem=stem, hint=hint_zh(close),
                                  hint_en=f" {hint_en(close)}" if hint_en(close) else "")]
    if year >= today.year:
        return None, [problem(rel, 0, 0, "report-year-not-over", year=year, today=today)]
    text, doc, found = read_yaml(root / rel, rel)
    problems += found
    if doc is None:
        return None, problems
    if not isinstance(doc.value, dict):
        problems.append(problem(rel, 1, 1, "report-shape"))
        return None, problems
    raw = doc.value
    context = RowContext(rel, doc)
    problems += unknown_key_problems(schema.top, raw, context, frozenset())
    scalars = {key: value for key, value in raw.items() if key not in schema.by_table}
    row, found = cast_row(_scalar_schema(schema), scalars, context)
    problems += [_required_in_report(p, schema) if p.code == "required" else p for p in found]
    agency_id = stem
    if consolidated:
        agency_id = row.get("agency") or _root_agency(agencies)
        if agency_id not in agencies:
            line, column = context.at("agency")
            problems.append(problem(rel, line, column, "report-agency/missing",
                                    field="agency", label=schema.top.label("agency")))
    elif row.get("agency") and row["agency"] != stem:
        line, column = context.at("agency")
        problems.append(problem(rel, line, column, "report-agency/not-file-name", file_name=file_name, stem=stem, agency=row["agency"],
                                field="agency", label=schema.top.label("agency")))
    published = row.get("published")
    if published is not None:
        line, column = context.at("published")
        if published > today:
            problems.append(problem(rel, line, column, "report-published-in-future", published=published, today=today,
                                    field="published", label=schema.top.label("published")))
        elif published.year <= year:
            problems.append(problem(rel, line, column, "report-published-early", published=published, year=year, next_year=year + 1,
                                    field="published", label=schema.top.label("published")))
    # Personal data anywhere in the file (keys, values, comments), and the Markdown sections within
    # the build's limits (bodylimits): the page renders them.
    problems += privacy.scan_descriptor(rel, text, doc, {name: schema.top.label(name) for name in TEXT_FIELDS})
    for name in TEXT_FIELDS:
        value = row.get(name)
        if isinstance(value, str):
            problems += check_body(rel, value, context.at(name)[0], schema.top.label(name))[0]
    entered, table_where, rows_written = {}, {}, {}
    for table in schema.tables:
        entered[table.name], rows_written[table.name], found = _read_table(table, raw.get(table.name), context, schema)
        table_where[table.name] = context.at(table.name) if table.name in raw else context.at()
        problems += found
    if any(p.is_error for p in problems):
        return None, problems
    lines = text.split("\n")
    text_lines = {}
    for name in TEXT_FIELDS:  # a block scalar ("overview: |") starts on the next line
        line = context.at(name)[0]
        value = lines[line - 1].split(":", 1)[-1].strip() if 0 < line <= len(lines) else ""
        text_lines[name] = line + 1 if value[:1] in ("|", ">") else line
    return _Draft(rel, year, agency_id, consolidated, row, entered, table_where, rows_written, context,
                  text_lines), problems


def _required_in_report(found: Problem, schema: ReportSchema) -> Problem:
    """cast_row speaks of an item's front matter; a report names its own part."""
    key = "required/report-text" if found.field in TEXT_FIELDS else "required/report-value"
    return problem(found.path, found.line, found.column, key, part=schema.top.label(found.field), name=found.field,
                   field=found.field, label=found.label)


def _scalar_schema(schema: ReportSchema):
    from ..core.schema import TableSchema

    fields = [f for f in schema.top.fields if f.name not in schema.by_table]
    return TableSchema(schema.top.descriptor, fields)


def _root_agency(agencies: dict) -> str:
    roots = sorted(agency_id for agency_id, agency in agencies.items() if not agency.parent_id)
    return roots[0] if len(roots) == 1 else ""


def _read_table(table: TableSpec, raw, context: RowContext, schema: ReportSchema):
    """Typed cells of one table as written: ({row: {column: (value, position)}}, rows written, problems)."""
    problems: list[Problem] = []
    cells: dict = {}
    if raw is None:
        return cells, set(), problems
    label = f"{table.label}（{table.name}）"
    if not isinstance(raw, dict):
        line, column = context.at(table.name)
        problems.append(problem(context.rel, line, column, "report-table-shape/table", label_text=label,
                                name=table.name, field=table.name))
        return cells, set(), problems
    rows = table.by_row
    for row_name, value in raw.items():
        where = (table.name, row_name)
        line, column = context.at(*where)
        if row_name not in rows:
            names = "、".join(f"{r.name}（{table.row_label(r)}）" for r in table.rows)
            problems.append(problem(context.rel, line, column, "report-unknown-row", label_text=table.label,
                                    row_name=row_name, names=names, name=table.name, field=f"{table.name}.{row_name}"))
            continue
        row = rows[row_name]
        if not isinstance(value, dict):
            problems.append(problem(context.rel, line, column, "report-table-shape/row", label_text=table.label, row_label=table.row_label(row), example=", ".join((f"{c.name}: 0" for c in table.columns_of(row))), row_name=row_name, name=table.name,
                                    field=f"{table.name}.{row_name}"))
            continue
        row_context = RowContext(context.rel, context.doc, where)
        allowed = {c.name for c in table.columns_of(row)}
        for key in value:
            if key not in allowed:
                at = row_context.at(key)
                names = "、".join(f"{c.name}（{c.title}）" for c in table.columns_of(row))
                problems.append(problem(context.rel, at[0], at[1], "report-unknown-column", label_text=table.label, row_label=table.row_label(row), key=key, names=names, row_name=row_name, name=table.name,
                                        field=f"{table.name}.{row_name}.{key}"))
        typed, found = cast_row(table.schema, {k: v for k, v in value.items() if k in allowed}, row_context)
        for found_problem in found:  # name the cell, not only the column
            # The catalogue's text of the cell's problem, after the table and row it is in.
            problems.append(dataclasses.replace(
                found_problem, message=f"{table.label}“{table.row_label(row)}”行：{found_problem.message}",
                message_en=f"Table '{table.name}', row '{row_name}': {found_problem.message_en}",
                field=f"{table.name}.{row_name}.{found_problem.field}"))
        bad = {p.field for p in found}
        cells[row_name] = {name: (number, row_context.at(name)) for name, number in typed.items()
                           if number is not None and name in value and name not in bad}
    return cells, set(cells), problems


# --- what the site computes ---------------------------------------------------------------

def made_on(item) -> dt.date:
    """When a document was made (制发): its 成文日期, or its 发布日期 when it has none."""
    return item.written or item.published


def catalogue_rows(table: TableSpec, agency_id: str, year: int, items: list, warned: set, problems: list) -> dict:
    """表二 for 规章 and 行政规范性文件: 本年制发, 本年废止 (废止/失效 with `expires` in the year),
    现行有效 (made by 31 December and not repealed by then), for the report's agency and year."""
    year_end = dt.date(year, 12, 31)
    result = {}
    for row in table.rows:
        if not row.computed:
            continue
        documents = [i for i in items if i.agency_id == agency_id and i.genre == row.computed]
        made = [i for i in documents if made_on(i).year == year]
        repealed = [i for i in documents if i.validity in INVALID and i.expires and i.expires.year == year]
        in_force = [i for i in documents if made_on(i) <= year_end
                    and not (i.validity in INVALID and (i.expires is None or i.expires <= year_end))]
        for item in documents:
            if item.validity in INVALID and item.expires is None and made_on(item) <= year_end and item.rel not in warned:
                warned.add(item.rel)
                problems.append(problem(item.rel, 0, 0, "report-repeal-date-missing", computed=row.computed,
                                        validity=item.validity, field="expires", label="失效/废止日期"))
        result[row.name] = {"made": made, "repealed": repealed, "in_force": in_force}
    counts = {row: {column: len(found) for column, found in columns.items()} for row, columns in result.items()}
    return counts | {"_evidence": result}


def _sum_tables(table: TableSpec, tables: list[dict]) -> dict:
    total: dict = {}
    for values in tables:
        for row, columns in values.items():
            for column, value in columns.items():
                if value is not None:
                    total.setdefault(row, {})
                    total[row][column] = total[row].get(column, 0) + value
    return total


SOURCE_NAMES = {"proactive": "公开目录", "applications": "依申请公开登记表", "": "各机构报告"}


def _complete(draft: _Draft, schema: ReportSchema, computed: dict, source: str = ""):
    """The report with every number filled: computed values checked against what was entered,
    missing cells refused, totals added up and checked, the 勾稽关系 of 表三 checked.

    `computed` holds what the site knows ({table: {row: {column: number}}}, with "_evidence" the
    catalogue items behind 表二); `source` is set for the consolidated report (all of it is summed)."""
    problems: list[Problem] = []
    values: dict = {}
    computed_from: dict = {}

    def refuse(code, where, cell_field, /, **params):
        problems.append(problem(draft.rel, where[0], where[1], code, field=cell_field, **params))

    for table in schema.tables:
        entered = draft.entered[table.name]
        known = dict(computed.get(table.name) or {}) if table.name in computed else None
        evidence = known.pop("_evidence", {}) if known else {}
        where_from = source or SOURCE_NAMES.get(table.name, "")
        computed_from[table.name] = where_from if known is not None else ""
        table_values: dict = {}
        for row in table.rows:
            site_knows = known is not None and (bool(source) or table.name != "proactive" or bool(row.computed))
            row_values = {}
            missing = []
            for column in table.columns_of(row):
                cell = entered.get(row.name, {}).get(column.name)
                if column.sum_of or row.sum_of:  # totals: added up below, a written one checked there
                    if cell is not None:
                        row_values[column.name] = cell[0]
                    continue
                if site_knows:
                    site_value = known.get(row.name, {}).get(column.name, 0)
                    if cell is not None and cell[0] != site_value:
                        listing = _evidence_text(evidence.get(row.name, {}).get(column.name, []))
                        contradicts = ("report-contradicts-reports" if source else "report-contradicts-catalogue"
                                       if table.name == "proactive" else "report-contradicts-register")
                        refuse(contradicts, cell[1], f"{table.name}.{row.name}.{column.name}",
                               table_label=table.label, row_label=table.row_label(row), column_title=column.title,
                               written=cell[0], where_from=where_from, computed=site_value, listing=listing,
                               table=table.name, row=row.name, column=column.name)
                    row_values[column.name] = site_value
                elif cell is not None:
                    row_values[column.name] = cell[0]
                else:
                    missing.append(column)
            if missing:
                written = row.name in draft.rows_written[table.name]
                names = "、".join(f"{c.title}（{c.name}）" for c in missing)
                refuse("report-cell-missing", _row_where(draft, table, row), f"{table.name}.{row.name}",
                       table_label=table.label, row_label=table.row_label(row),
                       what=f"{names}。" if written else "全部数字。", table=table.name, row=row.name,
                       columns=", ".join(c.name for c in missing))
            table_values[row.name] = row_values
        if not any(p.is_error for p in problems):
            _add_up(draft, table, table_values, refuse)
        values[table.name] = table_values
    if any(p.is_error for p in problems):
        return None, problems
    row = draft.row
    report = Report(draft.rel, draft.year, draft.agency_id, draft.consolidated, row.get("title") or "", row["published"],
                    {name: row.get(name) or "" for name in TEXT_FIELDS}, values, computed_from, schema,
                    text_lines=draft.text_lines)
    if report.days_late:
        line, column = draft.context.at("published")
        problems.append(problem(draft.rel, line, column, "report-late", due=report.due, published=report.published, days_late=report.days_late,
                                field="published", label=schema.top.label("published")))
    return report, problems


def _evidence_text(items: list) -> str:
    if not items:
        return ""
    shown = "、".join(f"{i.title}（{i.index_no}）" for i in items[:5])
    return f"：{shown}" + (f"等 {len(items)} 件" if len(items) > 5 else "")


def _row_where(draft: _Draft, table: TableSpec, row) -> tuple:
    cells = draft.entered[table.name].get(row.name)
    if cells:
        return min(where for _, where in cells.values())
    return draft.table_where[table.name]


def _cell_where(draft: _Draft, table: TableSpec, row_name: str, column_name: str) -> tuple:
    cell = draft.entered[table.name].get(row_name, {}).get(column_name)
    return cell[1] if cell else _row_where(draft, table, table.by_row[row_name])


def _add_up(draft: _Draft, table: TableSpec, values: dict, refuse) -> None:
    """Sum rows (（七）总计) and columns (总计), filling what was left out and refusing a written
    total that differs; then the balance 一 + 二 = 三（七） + 四 in every column."""
    rows = table.by_row
    for row in table.rows:
        if not row.sum_of:
            continue
        for column in table.columns_of(row):
            if column.sum_of:
                continue
            total = sum((values[name].get(column.name) or 0) for name in row.sum_of)
            _settle(draft, table, values, row, column, total,
                    f"按本表“{rows[row.sum_of[0]].title}”到“{rows[row.sum_of[-1]].title}”各行相加", refuse)
    for row in table.rows:
        for column in table.columns_of(row):
            if not column.sum_of:
                continue
            total = sum((values[row.name].get(name) or 0) for name in column.sum_of)
            names = "、".join(table.by_column[name].title for name in column.sum_of)
            _settle(draft, table, values, row, column, total, f"按本行{names}各列相加", refuse)
    balance = table.balance
    if not balance:
        return
    for column in table.columns:
        left = sum(values[name].get(column.name) or 0 for name in balance["left"])
        right = sum(values[name].get(column.name) or 0 for name in balance["right"])
        if left != right:
            left_text = "加".join(f"“{rows[n].title}”{values[n].get(column.name) or 0}" for n in balance["left"])
            right_text = "加".join(f"“{rows[n].title}”{values[n].get(column.name) or 0}" for n in balance["right"])
            last = balance["right"][-1]
            refuse("report-balance", _cell_where(draft, table, last, column.name), f"{table.name}.{last}.{column.name}",
                   table_label=table.label, column_title=column.title, left_text=left_text, left=left,
                   right_text=right_text, right=right, note=table.note, table=table.name, column=column.name,
                   left_rows="+".join(balance["left"]), right_rows="+".join(balance["right"]))


def _settle(draft, table, values, row, column, total, how: str, refuse) -> None:
    written = values[row.name].get(column.name)
    cell = draft.entered[table.name].get(row.name, {}).get(column.name)
    if cell is not None and written != total:
        refuse("report-total", cell[1], f"{table.name}.{row.name}.{column.name}",
               table_label=table.label, row_label=table.row_label(row), column_title=column.title, written=written,
               how=how, total=total, table=table.name, row=row.name, column=column.name)
    values[row.name][column.name] = total
