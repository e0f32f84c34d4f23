"""Deterministic zip files: sorted entries, fixed timestamps and permissions, whatever the machine."""

from __future__ import annotations

import datetime as dt
import shutil
import zipfile
from pathlib import Path

from . import outputfs, sourcefs

ZIP_EPOCH_MIN = 315532800  # 1980-01-01: zip cannot store earlier times
FILE_MODE = 0o644


def zip_stamp(epoch: int) -> dt.datetime:
    return dt.datetime.fromtimestamp(max(epoch, ZIP_EPOCH_MIN), dt.timezone.utc)


def entry_info(name: str, stamp: dt.datetime) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(name, date_time=stamp.timetuple()[:6])
    info.compress_type = zipfile.ZIP_DEFLATED
    info.create_system = 3  # Unix, whatever the build machine
    info.external_attr = (0o100000 | FILE_MODE) << 16
    return info


def write_zip(path: Path, entries: dict, epoch: int) -> None:
    """`entries` maps archive names to bytes or to files (streamed); same input, same bytes."""
    stamp = zip_stamp(epoch)
    with outputfs.new_file(path) as handle, zipfile.ZipFile(handle, "w") as archive:
        for name in sorted(entries):
            content = entries[name]
            if isinstance(content, Path):
                with sourcefs.open_binary(content) as source, archive.open(entry_info(name, stamp), "w") as target:
                    shutil.copyfileobj(source, target, 1 << 20)
            else:
                archive.writestr(entry_info(name, stamp), content)


def normalized_zip(data: bytes, epoch: int) -> bytes:
    """Rewrite a zip made by another library (openpyxl stamps the current time) with fixed entries."""
    import io

    out = io.BytesIO()
    stamp = zip_stamp(epoch)
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w") as target:
        for entry in source.infolist():
            target.writestr(entry_info(entry.filename, stamp), source.read(entry.filename))
    return out.getvalue()
