"""The model of a change: rows added, removed and changed between two versions of a CSV file,
and the revisions (commits) of a dataset that made them.

A TableDiff is what the cache stores, one per (old blob, new blob, key): plain lists and strings,
so it round-trips through JSON exactly.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import asdict, dataclass, field

ADDED, REMOVED, CHANGED = "added", "removed", "changed"
CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def printable(text: str) -> str:
    """Control characters (which XML feeds and HTML pages may not carry) shown as U+FFFD: old
    versions and commit messages were never validated."""
    return CONTROL.sub("\ufffd", text)

# What a revision did to one resource file.
FIRST = "first"  # the file's first version in the history: counted, not listed row by row
MODIFIED = "modified"
DELETED = "deleted"  # the file was deleted (the dataset no longer offers it at that commit)
UNREADABLE = "unreadable"  # a version git holds but that cannot be compared (encoding, size, LFS)
BASELINE = "baseline"  # the oldest version a shallow clone holds: earlier history is missing


@dataclass
class RowChange:
    kind: str  # ADDED, REMOVED or CHANGED
    key: list[str]  # the primary key cells; [] when the table is compared by whole rows
    number: int  # the row's position among the data rows (1 = first after the header) of the version it is shown from
    cells: list[str]  # added: the new row; removed: the old row; changed: the new row
    changes: list[list[str]] = field(default_factory=list)  # changed: [field, old, new] for each differing cell
    identity: str = ""  # key or whole-row digest: lets a later privacy removal find this row in older revisions


@dataclass
class TableDiff:
    """One resource file between two versions."""

    status: str  # FIRST, MODIFIED, DELETED or UNREADABLE
    header: list[str] = field(default_factory=list)  # of the new version (of the old one when DELETED)
    old_header: list[str] = field(default_factory=list)
    keyed: bool = False  # compared by primary key (else by whole rows)
    rows_before: int = 0
    rows_after: int = 0
    added_columns: list[str] = field(default_factory=list)
    removed_columns: list[str] = field(default_factory=list)
    counts: dict = field(default_factory=lambda: {ADDED: 0, REMOVED: 0, CHANGED: 0})
    rows: list[RowChange] = field(default_factory=list)  # at most DETAIL_LIMIT; counts are always complete
    note: str = ""  # why it was compared by whole rows, why it could not be read ... (Chinese, for the page)

    def to_json(self) -> dict:
        return asdict(self)

    @classmethod
    def from_json(cls, data: dict) -> "TableDiff":
        rows = [RowChange(**row) for row in data.get("rows", [])]
        return cls(**dict(data, rows=rows))


@dataclass
class ResourceRevision:
    """What one commit did to one resource of a dataset."""

    resource: str  # resource name
    title: str
    path: str  # package-relative path, e.g. data/calls.csv
    diff: TableDiff
    withheld_privacy: int = 0  # row changes not shown: removed or changed for privacy (or older versions of such rows)
    withheld_personal: int = 0  # row changes not shown: the personal-data gate found something in them

    @property
    def summary(self) -> str:
        """What happened, in one Chinese sentence (the page, the feed and changes.csv readers see it)."""
        diff = self.diff
        if diff.status == FIRST:
            text = f"首次发布，共 {diff.rows_after} 行"
        elif diff.status == BASELINE:
            text = f"浅克隆中最早的版本，当时共 {diff.rows_after} 行（更早的变动无法读取）"
        elif diff.status == DELETED:
            text = f"文件被删除（删除前共 {diff.rows_before} 行）"
        elif diff.status == UNREADABLE:
            text = "这一版本无法逐行比较"
        else:
            parts = [f"{label} {diff.counts[kind]} 行" for kind, label in ((ADDED, "新增"), (REMOVED, "删除"),
                                                                          (CHANGED, "修改")) if diff.counts[kind]]
            if diff.added_columns:
                parts.append("新增列 " + printable("、".join(diff.added_columns)))
            if diff.removed_columns:
                parts.append("删除列 " + printable("、".join(diff.removed_columns)))
            text = ("，".join(parts) or "数据行没有变化（只改了格式、空行或行的顺序）") + f"（变动后共 {diff.rows_after} 行）"
        if self.withheld_privacy:
            text += f"；其中 {self.withheld_privacy} 行因隐私原因不显示内容"
        if self.withheld_personal:
            text += f"；{self.withheld_personal} 行疑似含个人信息，不显示内容"
        return text + "。"


@dataclass
class Revision:
    """One commit that changed at least one resource of a dataset."""

    commit: str
    timestamp: int  # committer time, seconds since the epoch
    date: dt.date  # committer date in China (UTC+8)
    message: str  # the commit message, personal data masked
    subject: str  # its first line
    privacy: bool  # the commit removed or changed rows for privacy (message marker or privacy_removed)
    resources: list[ResourceRevision] = field(default_factory=list)

    @property
    def short(self) -> str:
        return self.commit[:10]


@dataclass
class DatasetHistory:
    """A dataset's revisions, newest first, and what a reader must know about their completeness."""

    available: bool  # False: no history could be read (not a git repository, git missing, ...)
    revisions: list[Revision] = field(default_factory=list)
    shallow: bool = False  # a shallow clone: the oldest revisions are missing
    notes: list[str] = field(default_factory=list)  # plain Chinese, shown on the page
