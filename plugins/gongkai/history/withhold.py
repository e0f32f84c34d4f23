"""What the history may show: never a row that was removed for privacy, never personal data.

A commit removed rows "for privacy" when its message says so (隐私, 个人信息, 去标识化, 脱敏,
privacy, personal data, PII) or when the dataset's `privacy_removed` lists it. Every row change of
such a commit is withheld, and so is every older change of the same rows (found by primary key):
otherwise the revision that first added a row would show it again. Where rows cannot be named
(compared by whole rows, a deleted or unreadable file, too many rows to list, an older version
without the key), everything older in that resource is withheld. Then the personal-data gate scans every cell of every remaining
row, old and new values alike, and withholds the rows it flags. Withheld rows are counted.
"""

from __future__ import annotations

import re
from dataclasses import replace

from ..core.pii import scan_cell, scan_text
from .change import DELETED, MODIFIED, REMOVED, UNREADABLE, RowChange, TableDiff, printable

PRIVACY_WORDS = ("隐私", "个人信息", "去标识化", "脱敏")
PRIVACY_WORDS_EN = re.compile(r"\b(?:privacy|personal data|pii)\b", re.IGNORECASE)


def is_privacy_commit(commit: str, message: str, privacy_removed: list[str]) -> bool:
    if any(commit.startswith(prefix.lower()) for prefix in privacy_removed):
        return True
    return any(word in message for word in PRIVACY_WORDS) or PRIVACY_WORDS_EN.search(message) is not None


def mask_text(text: str) -> str:
    """The text with every piece of personal information replaced by its masked form (and no
    control characters: a commit message may hold anything)."""
    for finding in reversed(scan_text(text)):
        text = text[:finding.start] + finding.masked + text[finding.end:]
    return printable(text)


def _shows_personal_data(change: RowChange, header: list[str], old_header: list[str], exempt: set[str],
                         titles: dict[str, str]) -> bool:
    names = old_header if change.kind == REMOVED else header
    values = list(zip(names, change.cells))
    values += [(name, old) for name, old, _ in change.changes]
    for name, value in values:
        if name not in exempt and value and scan_cell(value, name, titles.get(name, "")):
            return True
    return False


def screen(entries: list[tuple[bool, TableDiff]], exempt: set[str], titles: dict[str, str]
           ) -> list[tuple[TableDiff, int, int]]:
    """entries: (privacy commit?, diff) of one resource, oldest first. Returns, in the same order,
    (the diff with only the rows that may be shown, rows withheld for privacy, rows withheld by
    the personal-data gate). `exempt` names the columns declared `pii: allowed`."""
    secret: set[str] = set()
    wipe = False  # a later privacy removal could not name its rows: withhold everything older
    screened = []
    for privacy, diff in reversed(entries):
        if privacy:
            listed_all = len(diff.rows) == sum(diff.counts.values())
            if diff.status == MODIFIED and diff.keyed and listed_all:
                secret.update(change.identity for change in diff.rows)
            elif diff.status in (MODIFIED, DELETED, UNREADABLE):
                wipe = True
            screened.append((replace(diff, rows=[]), len(diff.rows), 0))
            continue
        shown, private, personal = [], 0, 0
        for change in diff.rows:
            if wipe or change.identity in secret or (secret and not diff.keyed):
                private += 1
            elif _shows_personal_data(change, diff.header, diff.old_header, exempt, titles):
                personal += 1
            else:
                shown.append(change)
        screened.append((replace(diff, rows=shown), private, personal))
    screened.reverse()
    return screened

