"""The one entry point of the package: `load_transparency(root, site)` reads every source and
returns the `Transparency` value the Pelican adapter renders, with the problems found."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from ..core.problems import Problem, problem
from . import audit, statutory, timeliness
from .columns import load_columns
from .register import load_register
from .reportform import load_report_schema
from .reports import load_reports
from .workdays import OVERRIDES_FILE, load_calendar


@dataclass
class Transparency:
    calendar: object
    report_schema: object
    timeliness: object
    reports: list
    register: object  # None when the site keeps no register
    statutory: list  # [statutory.Article]
    columns: dict  # {apply|system: columns.Column}
    site: object = field(default=None, repr=False)

    @property
    def years(self) -> list[int]:
        return sorted({report.year for report in self.reports}, reverse=True)

    def reports_of(self, year: int) -> list:
        return [report for report in self.reports if report.year == year and not report.consolidated]

    def consolidated(self, year: int):
        return next((report for report in self.reports if report.year == year and report.consolidated), None)

    def agencies_without_report(self, year: int) -> list:
        """Agencies that owe a report of `year`: all but those with one, and the government whose
        consolidated report covers it (条例 art. 50)."""
        have = {report.agency_id for report in self.reports if report.year == year}
        return [agency for agency in self.site.agencies if agency.id not in have]

    def reports_by_agency(self, agency_id: str) -> list:
        return [report for report in self.reports if report.agency_id == agency_id and not report.consolidated]

    @cached_property
    def audit(self) -> audit.Audit:
        return audit.run(self.site, self)


def load_transparency(root: Path, site) -> tuple[Transparency | None, list[Problem]]:
    problems: list[Problem] = []
    calendar, found = load_calendar(root)
    problems += found
    report_schema, found = load_report_schema(root)
    problems += found
    agency_ids = {agency.id for agency in site.agencies}
    unknown_years: dict = {}
    register = None
    if report_schema is not None:
        register, found, years = load_register(root, site.datasets, report_schema, agency_ids, calendar, site.today)
        problems += found
        for year in years:
            unknown_years.setdefault(year, "依申请公开登记表")
    measured, years = timeliness.build(site.items, site.agencies, calendar)
    for year in years:
        unknown_years.setdefault(year, "公开时效")
    # An embargoed item in a year the calendar lacks is measured once it is published (then it is an error).
    warnings, _ = timeliness.late_warnings(site.items + site.embargoed, calendar, site.today)
    problems += warnings
    for year, what in sorted(unknown_years.items()):
        problems.append(problem(OVERRIDES_FILE, 0, 0, "workdays-unknown-year", what=what, year=year,
                                OVERRIDES_FILE=OVERRIDES_FILE))
    reports = []
    if report_schema is not None:
        reports, found = load_reports(root, report_schema, site.agencies, site.items, register, site.today)
        problems += found
    disclosure_fields = site.disclosure_schema.by_name
    articles, found = statutory.load_statutory(root, disclosure_fields["genre"].constraints.get("enum", []),
                                               disclosure_fields["category"].constraints.get("enum", []))
    problems += found
    statutory.fill(articles, site.items)
    columns, found = load_columns(root, site.vocabularies.attachment_types, set(site.items_by_index))
    problems += found
    by_index = site.items_by_index
    for column in columns.values():
        column.documents = [by_index[i] for i in column.document_ids if i in by_index]
    if report_schema is None:
        return None, problems
    return Transparency(calendar, report_schema, measured, reports, register, articles, columns, site), problems
