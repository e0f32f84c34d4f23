"""/datasets/<name>/changes.csv: a dataset's whole row-level history, one line per changed cell.

Columns (the 更新记录 page explains them too):
  date       commit date in China (YYYY-MM-DD)
  commit     the git commit id
  resource   the resource's name
  change     added | removed | changed (one line per cell of the row, or per changed cell);
             first | baseline | deleted | unreadable (one line: the file's first version, the oldest
             a shallow clone holds, a deleted file, a version that cannot be compared);
             columns-added | columns-removed (one line per column);
             withheld-privacy | withheld-personal (one line: rows not shown, and how many)
  key        the primary key cells joined with " | " ("" when compared by whole rows)
  row        the row's position among the data rows of the version it comes from
  field      the column
  old_value, new_value
  count      rows a one-line summary stands for (first, baseline, deleted, withheld-…)
  message    the first line of the commit message (personal data masked)

Revisions are newest first. Only what the history screening lets through is written: rows
withheld for privacy or by the personal-data gate appear as a count, never as values.
"""

from __future__ import annotations

import csv
import os
from pathlib import Path

from ..history.change import BASELINE, CHANGED, DELETED, FIRST, REMOVED, UNREADABLE, DatasetHistory

COLUMNS = ["date", "commit", "resource", "change", "key", "row", "field", "old_value", "new_value", "count", "message"]


def lines(history: DatasetHistory):
    """Every CSV line (a list of cells) after the header."""
    for revision in history.revisions:
        head = [revision.date.isoformat(), revision.commit]
        for part in revision.resources:
            diff = part.diff

            def line(change, key="", row="", name="", old="", new="", count=""):
                return head + [part.resource, change, key, row, name, old, new, str(count), revision.subject]

            summary = {FIRST: diff.rows_after, BASELINE: diff.rows_after, DELETED: diff.rows_before,
                       UNREADABLE: ""}
            if diff.status in summary:
                yield line(diff.status, count=summary[diff.status])
            for name in diff.added_columns:
                yield line("columns-added", name=name)
            for name in diff.removed_columns:
                yield line("columns-removed", name=name)
            for change in diff.rows:
                key = " | ".join(change.key)
                if change.kind == CHANGED:
                    for name, old, new in change.changes:
                        yield line(CHANGED, key, change.number, name, old, new)
                    continue
                header = diff.old_header if change.kind == REMOVED else diff.header
                for name, value in zip(header, change.cells):
                    old, new = (value, "") if change.kind == REMOVED else ("", value)
                    yield line(change.kind, key, change.number, name, old, new)
            if part.withheld_privacy:
                yield line("withheld-privacy", count=part.withheld_privacy)
            if part.withheld_personal:
                yield line("withheld-personal", count=part.withheld_personal)


def write(history: DatasetHistory, path: Path) -> Path:
    """Written to a new file and renamed into place: the folder may hold files linked from the
    previous build, which must never be written through."""
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    with temporary.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\r\n")
        writer.writerow(COLUMNS)
        writer.writerows(lines(history))
    os.replace(temporary, path)
    return path

