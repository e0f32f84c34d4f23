"""When a dataset's next update is due, from its `update_frequency` and `modified` date."""

from __future__ import annotations

import calendar
import datetime

FREQUENCY_LABELS = {
    "daily": "每日",
    "weekly": "每周",
    "monthly": "每月",
    "quarterly": "每季度",
    "semiannual": "每半年",
    "annual": "每年",
    "irregular": "不定期",
    "never": "不再更新",
}
FREQUENCIES = list(FREQUENCY_LABELS)
_DAYS = {"daily": 1, "weekly": 7}
_MONTHS = {"monthly": 1, "quarterly": 3, "semiannual": 6, "annual": 12}


def add_months(day: datetime.date, months: int) -> datetime.date:
    """Calendar months, clamped to the month's last day: 2026-01-31 + 1 month = 2026-02-28."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    month += 1
    return datetime.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def next_due(modified: datetime.date, frequency: str, grace_days: int = 0) -> datetime.date | None:
    """The date by which the next update is expected; None for irregular/never (no promise)."""
    if frequency in _DAYS:
        due = modified + datetime.timedelta(days=_DAYS[frequency])
    elif frequency in _MONTHS:
        due = add_months(modified, _MONTHS[frequency])
    else:
        return None
    return due + datetime.timedelta(days=grace_days)


def days_overdue(due: datetime.date | None, today: datetime.date) -> int:
    """Whole days past `due` (0 when not overdue or no due date)."""
    if due is None or today <= due:
        return 0
    return (today - due).days
