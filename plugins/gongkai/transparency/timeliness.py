"""Timeliness of proactive disclosure (公开时效): working days from an item's 成文日期 (or 变更日期)
to its 发布日期, against the 20 working days of 条例 art. 26, with the rates per agency and year."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from functools import cached_property

from ..datasets import charts
from ..core.problems import Problem, problem
from .workdays import UnknownYear, WorkCalendar

LIMIT_WORKDAYS = 20  # 条例 art. 26: 自该政府信息形成或者变更之日起20个工作日内
NEW_ITEM_DAYS = 31  # `gongkai check` warns about late items published (or scheduled) this recently


@dataclass
class Measure:
    item: object
    start: dt.date
    start_label: str  # 成文日期 or 变更日期
    workdays: int

    @property
    def late_by(self) -> int:
        return max(0, self.workdays - LIMIT_WORKDAYS)

    @property
    def late(self) -> bool:
        return self.workdays > LIMIT_WORKDAYS


@dataclass
class Rate:
    """One agency (or all: agency_id "") in one year (or all: year 0)."""

    agency_id: str
    agency_name: str
    year: int
    published: int = 0  # items published
    measured: int = 0  # of them, with a 成文日期 or 变更日期
    late: int = 0
    workdays: int = 0  # summed, for the mean

    @property
    def rate(self) -> float:
        return self.late / self.measured if self.measured else 0.0

    @property
    def rate_label(self) -> str:
        return f"{self.rate * 100:.1f}%" if self.measured else "无"

    @property
    def mean_workdays(self) -> str:
        return f"{self.workdays / self.measured:.1f}" if self.measured else "无"

    def record(self) -> dict:
        return {"agency": self.agency_id, "agency_name": self.agency_name, "year": self.year or None,
                "published": self.published, "measured": self.measured, "late": self.late,
                "late_rate": round(self.rate, 4) if self.measured else None,
                "mean_workdays": round(self.workdays / self.measured, 1) if self.measured else None}


@dataclass
class Chart:
    """The rate per agency as a static, accessible SVG (drawn like a dataset's views)."""

    spec: dict
    chart_id: str
    title: str
    description: str

    @cached_property
    def svg(self) -> str:
        return charts.to_svg(self.spec, chart_id=self.chart_id, title=self.title, description=self.description)


@dataclass
class Timeliness:
    measures: list  # every published item with a start date, newest first
    rates: list  # [Rate] per agency and year, newest year first
    agency_totals: list  # [Rate] per agency, all years
    year_totals: list  # [Rate] per year, all agencies
    total: Rate
    chart: Chart | None = None
    by_agency: dict = field(default_factory=dict)  # {agency id: [Rate] per year}

    @property
    def late(self) -> list:
        return sorted((m for m in self.measures if m.late), key=lambda m: (-m.item.published.toordinal(), m.item.index_no))

    def late_of(self, agency_id: str) -> list:
        return [m for m in self.late if m.item.agency_id == agency_id]

    def records(self) -> list[dict]:
        """The figures for the CSV/JSON download: per agency and year, then the totals."""
        return [rate.record() for rate in self.rates + self.agency_totals + self.year_totals + [self.total]]

    def late_records(self) -> list[dict]:
        return [{"index_no": m.item.index_no, "title": m.item.title, "agency": m.item.agency_id,
                 "start_kind": m.start_label, "start": m.start.isoformat(), "published": m.item.published.isoformat(),
                 "workdays": m.workdays, "late_by": m.late_by, "url": m.item.url} for m in self.late]


def start_of(item) -> tuple[dt.date | None, str]:
    """Art. 26 counts from when the information was made or changed: 变更日期 when written, else 成文日期."""
    changed = getattr(item, "changed", None)
    if changed is not None:
        return changed, "变更日期"
    return item.written, "成文日期"


def measure(items: list, calendar: WorkCalendar) -> tuple[list[Measure], set]:
    """(measures of the items that have a start date, years the calendar lacks)."""
    measures, unknown = [], set()
    for item in items:
        start, label = start_of(item)
        if start is None:
            continue
        try:
            measures.append(Measure(item, start, label, calendar.workdays_between(start, item.published)))
        except UnknownYear as exc:
            unknown.add(exc.year)
    return measures, unknown


def build(items: list, agencies: list, calendar: WorkCalendar) -> tuple[Timeliness, set]:
    measures, unknown = measure(items, calendar)
    names = {agency.id: agency.name for agency in agencies}
    groups: dict = {}

    def add(key, item, found):
        rate = groups.setdefault(key, Rate(key[0], names.get(key[0], "全部机构") if key[0] else "全部机构", key[1]))
        rate.published += 1
        if found is not None:
            rate.measured += 1
            rate.workdays += found.workdays
            rate.late += 1 if found.late else 0

    by_item = {id(m.item): m for m in measures}
    for item in items:
        found = by_item.get(id(item))
        for key in ((item.agency_id, item.year), (item.agency_id, 0), ("", item.year), ("", 0)):
            add(key, item, found)
    order = {agency.id: position for position, agency in enumerate(agencies)}
    rates = sorted((r for k, r in groups.items() if k[0] and k[1]), key=lambda r: (-r.year, order.get(r.agency_id, 0)))
    agency_totals = sorted((r for k, r in groups.items() if k[0] and not k[1]), key=lambda r: order.get(r.agency_id, 0))
    year_totals = sorted((r for k, r in groups.items() if not k[0] and k[1]), key=lambda r: -r.year)
    total = groups.get(("", 0), Rate("", "全部机构", 0))
    by_agency: dict = {}
    for rate in rates:
        by_agency.setdefault(rate.agency_id, []).append(rate)
    result = Timeliness(sorted(measures, key=lambda m: (-m.item.published.toordinal(), m.item.index_no)), rates,
                        agency_totals, year_totals, total, _chart(agency_totals), by_agency)
    return result, unknown


def _chart(totals: list) -> Chart | None:
    measured = [rate for rate in totals if rate.measured]
    if not measured:
        return None
    rows = [{"机构": rate.agency_name, "超期率": round(rate.rate, 4), "超期条数": rate.late, "可计算条数": rate.measured}
            for rate in measured]
    spec = {
        "$schema": "https://vega.github.io/schema/vega-lite/v5.json",
        "width": 480,
        "data": {"values": rows},
        "mark": {"type": "bar", "color": "#1f5fa8"},
        "encoding": {
            "y": {"field": "机构", "type": "nominal", "sort": None, "title": None},
            "x": {"field": "超期率", "type": "quantitative", "title": "超过20个工作日才公开的比例",
                  "axis": {"format": ".0%"}, "scale": {"domain": [0, 1]}},
        },
    }
    description = "；".join(f"{rate.agency_name} {rate.rate_label}（{rate.late}/{rate.measured}）" for rate in measured) + "。"
    return Chart(spec, "timeliness-rate", "各机构主动公开超期率（全部年份）", description)


def late_warnings(items: list, calendar: WorkCalendar, today: dt.date) -> tuple[list[Problem], set]:
    """`gongkai check`: a warning for each item published (or scheduled) in the last NEW_ITEM_DAYS
    days more than 20 working days after it was made or changed."""
    recent = [item for item in items if (today - item.published).days <= NEW_ITEM_DAYS]
    measures, unknown = measure(recent, calendar)
    problems = []
    for found in measures:
        if found.late:
            item = found.item
            problems.append(problem(
                item.rel, 0, 0, "disclosure-late", start_label=found.start_label, start=found.start, published=item.published, workdays=found.workdays, late_by=found.late_by, start_label_en="change" if found.start_label == "变更日期" else "writing",
                field="published", label="发布日期"))
    return problems, unknown
