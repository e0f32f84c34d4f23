"""PRC working days (工作日): weekends, statutory holidays and the adjusted working days (调休).

The State Council publishes each year's arrangement in November (国务院办公厅关于××年部分节假日
安排的通知). `chinese-calendar` carries every published year (2004 onwards); a site can add a year
the installed library does not know yet, or correct one, in `schemas/workdays.yaml`. A date in no
known year is an error naming that file: a deadline is never counted on a guessed calendar.

Periods follow the rule for legal time limits: the day the period starts is not counted, so
"20 working days from 2025-01-24" ends on the 20th working day after the 24th.
"""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import chinese_calendar

from ..core.problems import Problem, problem
from ..core.schema import parse_iso_date
from ..core.textfile import read_yaml

OVERRIDES_FILE = "schemas/workdays.yaml"
YEAR_KEYS = {"source", "holidays", "workdays"}


class UnknownYear(Exception):
    """A date whose year neither the library nor schemas/workdays.yaml knows."""

    def __init__(self, day: dt.date):
        self.day = day
        self.year = day.year
        super().__init__(f"no working-day calendar for {day.year}")

    @property
    def message(self) -> str:
        return (f"不知道 {self.year} 年的法定节假日和调休安排（{self.day} 在这一年），无法按工作日计算期限。"
                f"请按国务院办公厅发布的{self.year}年部分节假日安排通知，在 {OVERRIDES_FILE} 中补充这一年的"
                "放假日期（holidays）和调休上班日期（workdays），或者升级 chinese-calendar。")

    @property
    def message_en(self) -> str:
        return (f"The holiday arrangement of {self.year} is unknown ({self.day}); add that year's holidays and "
                f"adjusted working days to {OVERRIDES_FILE}, or upgrade chinese-calendar.")


@lru_cache(maxsize=None)
def library_covers(year: int) -> bool:
    """Whether the installed chinese-calendar carries the official arrangement of `year`."""
    try:
        chinese_calendar.is_workday(dt.date(year, 6, 1))
    except NotImplementedError:
        return False
    return True


@dataclass(frozen=True)
class YearArrangement:
    """One year written in schemas/workdays.yaml: it replaces the library's data for that year."""

    year: int
    source: str  # the notice, e.g. 国办发明电〔2026〕×号
    holidays: frozenset  # weekdays (or any days) off
    workdays: frozenset  # weekend days worked (调休上班)


@dataclass(frozen=True)
class WorkCalendar:
    years: dict = field(default_factory=dict)  # {year: YearArrangement} from the site's file

    def knows(self, year: int) -> bool:
        return year in self.years or library_covers(year)

    def is_workday(self, day: dt.date) -> bool:
        arrangement = self.years.get(day.year)
        if arrangement is not None:
            return day in arrangement.workdays or (day.weekday() < 5 and day not in arrangement.holidays)
        if not library_covers(day.year):
            raise UnknownYear(day)
        return chinese_calendar.is_workday(day)

    def workdays_between(self, start: dt.date, end: dt.date) -> int:
        """Working days after `start` up to and including `end` (0 when end <= start)."""
        if end <= start:
            return 0
        first, last = self._year_counts(start.year), self._year_counts(end.year)
        at_start, at_end = first[start.timetuple().tm_yday - 1], last[end.timetuple().tm_yday - 1]
        if start.year == end.year:
            return at_end - at_start
        between = sum(self._year_counts(year)[-1] for year in range(start.year + 1, end.year))
        return first[-1] - at_start + between + at_end

    def _year_counts(self, year: int) -> list[int]:
        """Working days from 1 January up to each day of `year`: one table per year, so that
        10,000 items cost 10,000 lookups, not a walk over every day between two dates."""
        tables = self.__dict__.setdefault("_tables", {})
        if year not in tables:
            day, total, counts = dt.date(year, 1, 1), 0, []
            while day.year == year:
                total += 1 if self.is_workday(day) else 0
                counts.append(total)
                day += dt.timedelta(days=1)
            tables[year] = counts
        return tables[year]

    def add_workdays(self, start: dt.date, count: int) -> dt.date:
        """The `count`-th working day after `start`: the last day of a period of `count` working days."""
        day = start
        while count > 0:
            day += dt.timedelta(days=1)
            if self.is_workday(day):
                count -= 1
        return day


def load_calendar(root: Path) -> tuple[WorkCalendar, list[Problem]]:
    """The library's calendar plus the years written in schemas/workdays.yaml (optional file)."""
    rel = OVERRIDES_FILE
    path = Path(root) / rel
    if not os.path.lexists(path):
        return WorkCalendar(), []
    text, doc, problems = read_yaml(path, rel)
    if doc is None:
        return WorkCalendar(), problems
    value = doc.value if doc.value is not None else {}

    def report(path_, code, field_="", /, **params):
        line, column = doc.where(*path_)
        problems.append(problem(rel, line, column, code, field=field_, **params))

    if not isinstance(value, dict) or set(value) - {"years"}:
        report((), "workdays-shape/top")
        return WorkCalendar(), problems
    years = value.get("years") or {}
    if not isinstance(years, dict):
        report(("years",), "workdays-shape/years")
        return WorkCalendar(), problems
    arrangements = {}
    for key, entry in years.items():
        where = ("years", key)
        if not (isinstance(key, str) and len(key) == 4 and key.isdigit()):
            report(where, "workdays-year", "years", key=key)
            continue
        year = int(key)
        if not isinstance(entry, dict):
            report(where, "workdays-shape/year", key, year=year)
            continue
        for unknown in sorted(set(entry) - YEAR_KEYS):
            report(where + (unknown,), "unknown-key/workdays", unknown, unknown=unknown)
        source = entry.get("source")
        if not isinstance(source, str) or not source.strip():
            report(where, "workdays-source", "source", year=year)
        days = {}
        for name in ("holidays", "workdays"):
            listed = entry.get(name) or []
            if not isinstance(listed, list):
                report(where + (name,), "workdays-shape/dates", name, name=name, year=year)
                listed = []
            parsed = set()
            for index, raw in enumerate(listed):
                day = parse_iso_date(raw.strip()) if isinstance(raw, str) else None
                if day is None:
                    report(where + (name, index), "date-format/workdays", name, raw=raw, year=year)
                elif day.year != year:
                    report(where + (name, index), "workdays-wrong-year", name, day=day, year=year)
                else:
                    parsed.add(day)
            days[name] = parsed
        for day in sorted(days["holidays"] & days["workdays"]):
            index = [d.strip() if isinstance(d, str) else d for d in entry.get("workdays") or []].index(day.isoformat())
            report(where + ("workdays", index), "workdays-both", "workdays", day=day)
        for index, raw in enumerate(entry.get("workdays") or []):
            day = parse_iso_date(raw.strip()) if isinstance(raw, str) else None
            if day is not None and day.year == year and day.weekday() < 5:
                report(where + ("workdays", index), "workdays-not-weekend", "workdays", day=day,
                       weekday="一二三四五"[day.weekday()])
        arrangements[year] = YearArrangement(year, (source or "").strip() if isinstance(source, str) else "",
                                             frozenset(days["holidays"]), frozenset(days["workdays"]))
    if any(p.is_error for p in problems):
        return WorkCalendar(), problems
    return WorkCalendar(arrangements), problems
