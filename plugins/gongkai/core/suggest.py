"""Did-you-mean hints: the allowed values closest to a mistyped one, worded for a problem message."""

from __future__ import annotations

import difflib

# As for mistyped keys (schema.unknown_key_problems): close enough to be the same word mistyped.
CUTOFF = 0.6
# Ids of one site share a prefix (qx-…), which makes every id look a little alike: offer only those
# nearly as close as the closest one.
MARGIN = 0.1
SHOWN = 3


def closest(value: str, allowed) -> list[str]:
    """Up to three allowed values most like `value`, the closest first (ties in sorted order)."""
    scored = sorted((-difflib.SequenceMatcher(None, str(value), candidate).ratio(), candidate)
                    for candidate in set(allowed))
    if not scored or -scored[0][0] < CUTOFF:
        return []
    best = -scored[0][0]
    return [candidate for score, candidate in scored if -score >= max(CUTOFF, best - MARGIN)][:SHOWN]


def hint_zh(close: list[str]) -> str:
    """是不是“a”或“b”？ (empty when nothing is close)."""
    return "是不是" + "或".join(f"“{value}”" for value in close) + "？" if close else ""


def hint_en(close: list[str]) -> str:
    return "Did you mean " + " or ".join(f"'{value}'" for value in close) + "?" if close else ""
