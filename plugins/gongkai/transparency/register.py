"""The application register (依申请公开登记表): a dataset with no personal fields, from which
表三 of the annual report is computed and each reply's deadline is checked in working days.

It is the dataset `datasets/disclosure-applications/`; its one resource has exactly the columns
of schemas/application-register.schema.yaml (no name, ID, phone, address or request text can be
added). A reply is due 20 working days after the application (or its correction) was received,
40 when the office extended the period within the first 20 (条例 art. 33).
"""

from __future__ import annotations

import csv
import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from ..core import sourcefs
from ..tabular import tabular
from ..core.problems import Problem, Severity, problem
from ..core.schema import load_schema, parse_iso_date
from ..core.suggest import closest, hint_en, hint_zh
from ..model.vocabularies import Vocabularies
from .reportform import ReportSchema
from .workdays import UnknownYear, WorkCalendar

REGISTER_DATASET = "disclosure-applications"
REGISTER_SCHEMA = "schemas/application-register.schema.yaml"
REPLY_WORKDAYS = 20  # 条例 art. 33
EXTENSION_WORKDAYS = 20


@dataclass
class Application:
    number: str
    agency_id: str
    received: dt.date
    applicant_type: str
    corrected: dt.date | None
    extended: dt.date | None
    replied: dt.date | None
    outcome: str
    line: int
    deadline: dt.date | None = None
    days_over: int = 0  # working days past the deadline (replied late, or still open today)

    @property
    def start(self) -> dt.date:
        return self.corrected or self.received

    @property
    def overdue(self) -> bool:
        return self.days_over > 0


@dataclass
class Register:
    rel: str  # the resource file, repository-relative
    dataset: object
    applications: list = field(default_factory=list)
    schema: ReportSchema = None

    def table3(self, agency_id: str, year: int) -> dict:
        """{row: {column: count}} of 表三 for one agency and year (totals are added by the report)."""
        first, last = dt.date(year, 1, 1), dt.date(year, 12, 31)
        columns = self.schema.applicant_types
        outcomes = self.schema.outcomes
        counts: dict = {}

        def count(row: str, application: Application) -> None:
            column = columns[application.applicant_type]
            counts.setdefault(row, {})
            counts[row][column] = counts[row].get(column, 0) + 1

        for application in self.applications:
            if application.agency_id != agency_id or application.received > last:
                continue
            if application.received >= first:
                count("new", application)
            elif application.replied is None or application.replied >= first:
                count("carried_in", application)
            if application.replied is not None and first <= application.replied <= last:
                count(outcomes[application.outcome], application)
            elif application.replied is None or application.replied > last:
                count("carried_out", application)
        return counts

    def overdue(self) -> list:
        return sorted((a for a in self.applications if a.overdue), key=lambda a: (a.agency_id, a.received, a.number))

    def by_agency_year(self) -> list[dict]:
        """Per agency and year of receipt: received, replied, replied on time, still open, overdue."""
        groups: dict = {}
        for application in self.applications:
            key = (application.agency_id, application.received.year)
            group = groups.setdefault(key, {"agency": key[0], "year": key[1], "received": 0, "replied": 0,
                                            "on_time": 0, "open": 0, "overdue": 0})
            group["received"] += 1
            if application.replied is not None:
                group["replied"] += 1
                group["on_time"] += 0 if application.overdue else 1
            else:
                group["open"] += 1
            group["overdue"] += 1 if application.overdue else 0
        return [groups[key] for key in sorted(groups, key=lambda k: (-k[1], k[0]))]


def load_register(root: Path, datasets: list, schema: ReportSchema, agency_ids: set, calendar: WorkCalendar,
                  today: dt.date) -> tuple[Register | None, list[Problem], set]:
    """(the register or None when the site has none, problems, years the calendar lacks)."""
    dataset = next((d for d in datasets if d.name == REGISTER_DATASET), None)
    if dataset is None:
        return None, [], set()
    descriptor_rel = f"{dataset.rel_dir}/datapackage.yaml"
    canonical, problems = load_schema(Path(root), REGISTER_SCHEMA, Vocabularies())
    if canonical is None:
        return None, problems, set()
    wanted = {f.name: f.type for f in canonical.fields}
    resource = dataset.resources[0] if len(dataset.resources) == 1 else None
    found = {f.name: f.type for f in resource.fields} if resource is not None else {}
    if resource is None or found != wanted:
        extra = sorted(set(found) - set(wanted))
        lacking = sorted(set(wanted) - set(found))
        wrong = sorted(name for name in set(found) & set(wanted) if found[name] != wanted[name])
        detail = "；".join(part for part in (
            f"多出的列：{'、'.join(extra)}（登记表不能有其他列，以免登记个人信息）" if extra else "",
            f"缺少的列：{'、'.join(lacking)}" if lacking else "",
            f"类型不对的列：{'、'.join(f'{n}（应为 {wanted[n]}）' for n in wrong)}" if wrong else "") if part)
        problems.append(problem(descriptor_rel, 1, 1, "register-schema", REGISTER_SCHEMA=REGISTER_SCHEMA,
                                wanted="、".join(wanted), detail=detail or "现在有多个数据资源。"))
        return None, problems, set()
    rel = f"{dataset.rel_dir}/{resource.path}"
    register = Register(rel, dataset, [], schema)
    unknown_years: set = set()
    labels = {f.name: f.title for f in canonical.fields}
    seen: dict = {}
    with sourcefs.open_text(resource.source_path, tabular.source_codec(resource.source_path, resource.encoding)) as text:
        reader = csv.reader(text, **tabular.dialect_options(resource.dialect))
        header = next(reader, [])
        index = {name: position for position, name in enumerate(header)}
        for cells in reader:
            if not any(cells):
                continue
            line = reader.line_num
            value = {name: (cells[position].strip() if position < len(cells) else "") for name, position in index.items()}

            def report(name, code, severity=None, /, **params):
                problems.append(problem(rel, line, index.get(name, 0) + 1, code, field=name, label=labels[name],
                                        severity=severity, **params))

            application = _application(value, line, report, schema, agency_ids, seen)
            if application is None:
                continue
            try:
                _deadline(application, calendar, today, report)
            except UnknownYear as exc:
                unknown_years.add(exc.year)
                continue
            register.applications.append(application)
    return register, problems, unknown_years


def _application(value: dict, line: int, report, schema: ReportSchema, agency_ids: set, seen: dict):
    dates = {name: parse_iso_date(value[name]) if value[name] else None
             for name in ("received", "corrected", "extended", "replied")}
    ok = True
    if value["number"] in seen:
        report("number", "register-duplicate-number", number=value["number"], seen=seen[value["number"]])
        ok = False
    seen.setdefault(value["number"], line)
    if value["agency"] not in agency_ids:
        close = closest(value["agency"], agency_ids)
        report("agency", "unknown-agency/register", value=value["agency"], hint=hint_zh(close),
               hint_en=f" {hint_en(close)}" if close else "")
        ok = False
    if value["applicant_type"] not in schema.applicant_types:
        report("applicant_type", "register-applicant-type", applicant_type=value["applicant_type"],
               applicant_types="、".join(schema.applicant_types))
        ok = False
    replied, outcome = dates["replied"], value["outcome"]
    if outcome and outcome not in schema.outcomes:
        report("outcome", "register-outcome", outcome=outcome, outcomes="、".join(schema.outcomes))
        ok = False
    if replied and not outcome:
        report("outcome", "register-outcome-missing")
        ok = False
    if outcome and not replied:
        report("replied", "register-reply-missing")
        ok = False
    received = dates["received"]
    for name, after in (("corrected", received), ("extended", dates["corrected"] or received),
                        ("replied", dates["corrected"] or received)):
        if dates[name] and after and dates[name] < after:
            report(name, "register-date-order/before-received", dates=dates[name], after=after)
            ok = False
    if dates["extended"] and replied and dates["extended"] > replied:
        report("extended", "register-date-order/extension", extended=dates["extended"], replied=replied)
        ok = False
    if not ok or received is None:
        return None
    return Application(value["number"], value["agency"], received, value["applicant_type"], dates["corrected"],
                       dates["extended"], replied, outcome, line)


def _deadline(application: Application, calendar: WorkCalendar, today: dt.date, report) -> None:
    first = calendar.add_workdays(application.start, REPLY_WORKDAYS)
    deadline = first
    if application.extended is not None:
        if application.extended > first:
            report("extended", "register-late-extension",
                   Severity.WARNING, extended=application.extended, first=first)
        else:
            deadline = calendar.add_workdays(first, EXTENSION_WORKDAYS)
    application.deadline = deadline
    end = application.replied or today
    application.days_over = calendar.workdays_between(deadline, end) if end > deadline else 0
