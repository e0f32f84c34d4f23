"""The build date: today in China (UTC+8), or the day SOURCE_DATE_EPOCH names.

Embargoes open and overdue marks appear by the calendar, not by the last commit: a site that
nobody commits to must still show its lateness. The epoch used for every timestamp a build
writes (zip entries, XLSX properties) is the start of that day in China, so the same commit
built on the same day gives byte-identical files.
"""

from __future__ import annotations

import datetime as dt
import os
import time
from pathlib import Path

CHINA = dt.timezone(dt.timedelta(hours=8))


class BuildDateUnknown(Exception):
    pass


def source_epoch(root: Path | None = None, environ=None, now: float | None = None) -> int:
    """SOURCE_DATE_EPOCH when set (reproducible builds, tests); else midnight today in China."""
    environ = os.environ if environ is None else environ
    value = environ.get("SOURCE_DATE_EPOCH", "").strip()
    if value:
        if not value.isdigit():
            raise BuildDateUnknown(f"SOURCE_DATE_EPOCH 应当是整数秒数（例如 1764000000），现在是“{value}”。")
        return int(value)
    today = dt.datetime.fromtimestamp(time.time() if now is None else now, CHINA).date()
    return int(dt.datetime(today.year, today.month, today.day, tzinfo=CHINA).timestamp())


def build_date(epoch: int) -> dt.date:
    """The calendar date in China (UTC+8) at `epoch`: embargoes and freshness use it."""
    return dt.datetime.fromtimestamp(epoch, CHINA).date()
