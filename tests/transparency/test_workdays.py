"""Working days on the real published arrangements (国务院办公厅 notices), the site's own years in
schemas/workdays.yaml, and the error for a year nobody knows."""

import datetime as dt

import pytest

from gongkai.transparency.workdays import OVERRIDES_FILE, UnknownYear, WorkCalendar, load_calendar

D = dt.date.fromisoformat
CALENDAR = WorkCalendar()

# 国办发明电〔2023〕7号 (2024) and 国办发明电〔2024〕12号 (2025).
SPRING_2024_OFF = ["2024-02-10", "2024-02-11", "2024-02-12", "2024-02-13", "2024-02-14", "2024-02-15", "2024-02-16",
                   "2024-02-17"]
SPRING_2024_WORKED = ["2024-02-04", "2024-02-18"]  # Sundays
NATIONAL_2024_OFF = [f"2024-10-0{day}" for day in range(1, 8)]
NATIONAL_2024_WORKED = ["2024-09-29", "2024-10-12"]  # a Sunday and a Saturday
SPRING_2025_OFF = ["2025-01-28", "2025-01-29", "2025-01-30", "2025-01-31", "2025-02-01", "2025-02-02", "2025-02-03",
                   "2025-02-04"]
SPRING_2025_WORKED = ["2025-01-26", "2025-02-08"]  # a Sunday and a Saturday
NATIONAL_2025_OFF = [f"2025-10-0{day}" for day in range(1, 9)]
NATIONAL_2025_WORKED = ["2025-09-28", "2025-10-11"]


@pytest.mark.parametrize("day", SPRING_2024_OFF + NATIONAL_2024_OFF + SPRING_2025_OFF + NATIONAL_2025_OFF)
def test_statutory_holidays_are_not_working_days(day):
    assert CALENDAR.is_workday(D(day)) is False


@pytest.mark.parametrize("day", SPRING_2024_WORKED + NATIONAL_2024_WORKED + SPRING_2025_WORKED + NATIONAL_2025_WORKED)
def test_adjusted_weekend_days_are_working_days(day):
    assert D(day).weekday() >= 5
    assert CALENDAR.is_workday(D(day)) is True


def test_an_ordinary_week_has_five_working_days():
    assert [CALENDAR.is_workday(D("2025-03-10") + dt.timedelta(days=n)) for n in range(7)] == [True] * 5 + [False] * 2


def test_twenty_working_days_across_the_2025_spring_festival():
    # Counted by hand from the notice: after Fri 24 Jan come Sun 26 (worked) and Mon 27, the holiday
    # 28 Jan - 4 Feb, then 5-7 Feb, Sat 8 Feb (worked), 10-14, 17-21 and 24-27 Feb: the 20th is 27 Feb.
    assert CALENDAR.workdays_between(D("2025-01-24"), D("2025-02-27")) == 20
    assert CALENDAR.workdays_between(D("2025-01-24"), D("2025-02-28")) == 21
    assert CALENDAR.add_workdays(D("2025-01-24"), 20) == D("2025-02-27")


def test_the_first_day_of_a_period_is_not_counted():
    assert CALENDAR.workdays_between(D("2025-03-10"), D("2025-03-10")) == 0
    assert CALENDAR.workdays_between(D("2025-03-10"), D("2025-03-11")) == 1
    assert CALENDAR.add_workdays(D("2025-03-10"), 1) == D("2025-03-11")


def test_a_year_no_one_knows_is_an_error_naming_the_file():
    with pytest.raises(UnknownYear) as raised:
        CALENDAR.is_workday(D("2099-06-01"))
    assert raised.value.year == 2099
    assert OVERRIDES_FILE in raised.value.message and "2099" in raised.value.message


def write_overrides(root, text):
    (root / "schemas").mkdir(parents=True, exist_ok=True)
    (root / "schemas" / "workdays.yaml").write_text(text, encoding="utf-8")


YEAR_2025 = """\
years:
  2025:
    source: 国办发明电〔2024〕12号
    holidays: [2025-01-01, 2025-01-28, 2025-01-29, 2025-01-30, 2025-01-31, 2025-02-03, 2025-02-04,
               2025-04-04, 2025-05-01, 2025-05-02, 2025-05-05, 2025-06-02,
               2025-10-01, 2025-10-02, 2025-10-03, 2025-10-06, 2025-10-07, 2025-10-08]
    workdays: [2025-01-26, 2025-02-08, 2025-04-27, 2025-09-28, 2025-10-11]
"""


def test_a_year_written_by_the_site_agrees_with_the_library_on_every_day(tmp_path):
    """The 2025 notice typed into schemas/workdays.yaml gives the library's answer for all 365 days."""
    write_overrides(tmp_path, YEAR_2025)
    calendar, problems = load_calendar(tmp_path)
    assert problems == []
    assert 2025 in calendar.years
    days = [D("2025-01-01") + dt.timedelta(days=n) for n in range(365)]
    assert [calendar.is_workday(day) for day in days] == [CALENDAR.is_workday(day) for day in days]


def test_a_site_can_add_a_year_the_library_does_not_know(tmp_path):
    write_overrides(tmp_path, "years:\n  2099:\n    source: 示例通知\n    holidays: [2099-01-01]\n    workdays: [2099-01-03]\n")
    calendar, problems = load_calendar(tmp_path)
    assert problems == []
    assert calendar.is_workday(D("2099-01-01")) is False  # a Thursday off
    assert calendar.is_workday(D("2099-01-03")) is True  # a Saturday worked
    assert calendar.is_workday(D("2099-01-04")) is False  # an ordinary Sunday


def test_mistakes_in_the_overrides_file_are_reported_with_lines(tmp_path):
    write_overrides(tmp_path, "years:\n  2099:\n    holidays: [2099-01-01, 2099/01/02, 2098-12-31]\n"
                              "    workdays: [2099-01-01, 2099-01-05]\n    note: x\n")
    _, problems = load_calendar(tmp_path)
    assert sorted((p.line, p.code) for p in problems) == [
        (2, "workdays-source"),
        (3, "date-format"),
        (3, "workdays-wrong-year"),
        (4, "workdays-both"),
        (4, "workdays-not-weekend"),
        (4, "workdays-not-weekend"),
        (5, "unknown-key"),
    ]


def test_the_yearly_tables_count_exactly_as_a_walk_over_every_day():
    """The fast path (a table of running counts per year) against its slow twin (each day asked)."""
    import random

    chooser = random.Random(20250128)
    for _ in range(150):
        start = D("2004-01-01") + dt.timedelta(days=chooser.randrange(8000))
        end = min(start + dt.timedelta(days=chooser.randrange(500)), D("2026-12-31"))
        walked = sum(1 for n in range(1, (end - start).days + 1) if CALENDAR.is_workday(start + dt.timedelta(days=n)))
        assert CALENDAR.workdays_between(start, end) == walked, (start, end)
