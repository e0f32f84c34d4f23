"""What the 更新记录 page lists: the screened history cut to what one page can hold, with column
titles in place of field names. The full history is in changes.csv; the page says how much it left out."""

from __future__ import annotations

from dataclasses import dataclass, field

from .change import ADDED, CHANGED, REMOVED, DatasetHistory, ResourceRevision, Revision, printable

REVISIONS_SHOWN = 100  # newest first; older ones are only in changes.csv
TABLE_ROWS = 50  # rows of one table (added, removed or changed rows of one resource in one revision)
PAGE_ROWS = 1500  # rows of all tables of the page together


@dataclass
class RowTable:
    caption: str
    header: list[str]
    rows: list[list[str]]
    more: int  # rows of this kind not listed on the page


@dataclass
class ResourceView:
    part: ResourceRevision
    tables: list[RowTable] = field(default_factory=list)
    unlisted: int = 0  # row changes past the page's budget, in no table at all


@dataclass
class RevisionView:
    revision: Revision
    anchor: str  # the element id, for links from the feed
    resources: list[ResourceView] = field(default_factory=list)


@dataclass
class HistoryPage:
    history: DatasetHistory
    revisions: list[RevisionView]
    more_revisions: int  # revisions not shown (only in changes.csv)
    rows_left_out: int  # listed rows of shown revisions that did not fit the page


def anchor(commit: str) -> str:
    return f"commit-{commit[:12]}"


def key_text(change) -> str:
    return " / ".join(change.key) if change.key else f"第 {change.number} 行"


def history_page(history: DatasetHistory, titles_by_resource: dict[str, dict[str, str]]) -> HistoryPage:
    """titles_by_resource: {resource name: {field name: title}} from the current schemas."""
    budget = PAGE_ROWS
    left_out = 0
    views = []
    for revision in history.revisions[:REVISIONS_SHOWN]:
        view = RevisionView(revision, anchor(revision.commit))
        for part in revision.resources:
            titles = titles_by_resource.get(part.resource, {})
            resource_view = ResourceView(part)
            for kind, caption in ((ADDED, "新增的行"), (REMOVED, "删除的行"), (CHANGED, "修改的格子")):
                changes = [change for change in part.diff.rows if change.kind == kind]
                if not changes:
                    continue
                shown = changes[:max(0, min(TABLE_ROWS, budget))]
                budget -= len(shown)
                left_out += len(changes) - len(shown)
                if shown:
                    resource_view.tables.append(_table(kind, caption, part, shown, len(changes) - len(shown), titles))
                else:
                    resource_view.unlisted += len(changes)
            view.resources.append(resource_view)
        views.append(view)
    return HistoryPage(history, views, max(0, len(history.revisions) - REVISIONS_SHOWN), left_out)


def _table(kind: str, caption: str, part: ResourceRevision, changes: list, more: int, titles: dict) -> RowTable:
    diff = part.diff
    caption = f"“{part.title}”{caption}"
    if kind == CHANGED:
        rows = [[key_text(change), titles.get(name, name), old, new] for change in changes
                for name, old, new in change.changes]
        header = ["主键", "字段", "原值", "新值"]
    else:
        names = diff.old_header if kind == REMOVED else diff.header
        header = ([] if diff.keyed else ["行号"]) + [titles.get(name, name) for name in names]
        rows = [([] if diff.keyed else [str(change.number)]) + change.cells for change in changes]
    # Old versions were never validated: what a page cannot carry is shown as U+FFFD.
    return RowTable(caption, [printable(cell) for cell in header], [[printable(cell) for cell in row] for row in rows],
                    more)
