"""Deterministic zip files: sorted entries, fixed timestamps and permissions."""

from __future__ import annotations

import datetime as dt
import zipfile
from pathlib import Path


def zip_date_time(epoch: int) -> tuple:
    stamp = dt.datetime.fromtimestamp(max(epoch, 315532800), dt.timezone.utc)  # zip cannot go before 1980
    return (stamp.year, stamp.month, stamp.day, stamp.hour, stamp.minute, stamp.second)


def write_zip(path: Path, entries: dict, epoch: int) -> None:
    """`entries` maps archive names to bytes; the same input gives the same bytes."""
    date_time = zip_date_time(epoch)
    path.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name in sorted(entries):
            info = zipfile.ZipInfo(name, date_time=date_time)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o100644 << 16
            info.create_system = 3
            archive.writestr(info, entries[name])
