"""The build date: from SOURCE_DATE_EPOCH or the commit date, never the wall clock."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
from pathlib import Path

CHINA = dt.timezone(dt.timedelta(hours=8))


class BuildDateUnknown(Exception):
    pass


def source_epoch(root: Path, environ=None) -> int:
    environ = os.environ if environ is None else environ
    value = environ.get("SOURCE_DATE_EPOCH", "").strip()
    if value:
        if not value.isdigit():
            raise BuildDateUnknown(f"SOURCE_DATE_EPOCH 应当是整数秒数，现在是“{value}”。")
        return int(value)
    try:
        result = subprocess.run(
            ["git", "-C", str(root), "log", "-1", "--format=%ct"],
            check=True, capture_output=True, text=True,
        )
    except (OSError, subprocess.CalledProcessError) as exc:
        raise BuildDateUnknown(
            "无法确定构建日期：既没有设置 SOURCE_DATE_EPOCH，也读不到 git 提交时间。"
            "请在 git 仓库中构建，或设置 SOURCE_DATE_EPOCH。"
        ) from exc
    stamp = result.stdout.strip()
    if not stamp.isdigit():
        raise BuildDateUnknown("无法确定构建日期：仓库还没有任何提交。请先提交，或设置 SOURCE_DATE_EPOCH。")
    return int(stamp)


def build_date(epoch: int) -> dt.date:
    """The calendar date in China (UTC+8) at `epoch`: embargoes and freshness use it."""
    return dt.datetime.fromtimestamp(epoch, CHINA).date()
