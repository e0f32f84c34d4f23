"""Small real sites with annual reports, for the transparency tests (written out in full here:
the expected numbers are counted by hand, never by the code under test)."""

from __future__ import annotations

import datetime as dt
import shutil
import textwrap
from pathlib import Path

from support import make_mini_site, write_item

CHINA = dt.timezone(dt.timedelta(hours=8))

# The 25 rows of 表三 in the national format (国办公开办函〔2021〕30号), in its order.
TABLE3_ROWS = ["new", "carried_in", "granted", "partly", "withheld_secret", "withheld_law", "withheld_security",
               "withheld_third_party", "withheld_internal", "withheld_process", "withheld_case_file", "withheld_query",
               "unable_not_held", "unable_needs_making", "unable_unclear", "declined_petition", "declined_repeat",
               "declined_publication", "declined_mass", "declined_confirm", "other_no_correction", "other_no_fee",
               "other_other", "results_total", "carried_out"]
APPLICANTS = ["natural", "business", "research", "public_interest", "legal", "other"]

# 一 new 4 (3 natural, 1 business) + 二 carried in 1 natural = 三（七） 4 (2 granted, 1 partly, 1 not held) + 四 1.
TABLE3 = {
    "new": {"natural": 3, "business": 1},
    "carried_in": {"natural": 1},
    "granted": {"natural": 2},
    "partly": {"business": 1},
    "unable_not_held": {"natural": 1},
    "results_total": {"natural": 3, "business": 1},
    "carried_out": {"natural": 1},
}


def epoch(day: str) -> int:
    return int(dt.datetime.combine(dt.date.fromisoformat(day), dt.time(), CHINA).timestamp())


def table3_yaml(values: dict = TABLE3, totals: bool = True, overrides: dict | None = None) -> str:
    """表三 with every row and column written, totals included (the sums counted here)."""
    lines = ["applications:"]
    for row in TABLE3_ROWS:
        cells = {column: values.get(row, {}).get(column, 0) for column in APPLICANTS}
        if totals:
            cells["total"] = sum(cells.values())
        cells.update((overrides or {}).get(row, {}))
        lines.append(f"  {row}: {{{', '.join(f'{k}: {v}' for k, v in cells.items())}}}")
    return "\n".join(lines) + "\n"


PROACTIVE = """\
proactive:
  licensing:   {decisions: 12}
  penalty:     {decisions: 3}
  enforcement: {decisions: 0}
  fees:        {amount: 10.25}
"""
APPEALS = """\
appeals:
  review:            {upheld: 1, corrected: 0, other: 0, pending: 1, total: 2}
  direct_suit:       {upheld: 0, corrected: 0, other: 0, pending: 0, total: 0}
  suit_after_review: {upheld: 0, corrected: 0, other: 0, pending: 0, total: 0}
"""
TEXTS = """\
overview: |
  本年度主动公开信息若干条。
problems: |
  更新不够及时。
other: |
  未收取信息处理费。
"""


def report_text(*, published="2026-01-20", proactive=PROACTIVE, applications=None, appeals=APPEALS, extra="") -> str:
    applications = table3_yaml() if applications is None else applications
    return f"published: {published}\n{TEXTS}{proactive}{applications}{appeals}{extra}"


def write_report(site: Path, name: str, text: str, year: int = 2025) -> Path:
    path = site / "content" / "reports" / str(year) / f"{name}.yaml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def rules_site(root: Path) -> Path:
    """The mini site with demo-finance's 行政规范性文件 replaced by four whose 2025 figures are known:
    made in 2025: B (written 2025-02-10) and D (written 2025-12-29, published 2026); repealed in 2025:
    A (废止, expires 2025-06-30); in force on 31 December 2025: B, C, D."""
    site = make_mini_site(root)
    shutil.rmtree(site / "content" / "disclosures")
    write_item(site, "2025/budget.md")
    rules = [
        ("a.md", "示例县甲办法", "2024-00011", "2024-03-05", "written: 2024-03-01\nvalidity: 废止\nexpires: 2025-06-30\n"),
        ("b.md", "示例县乙办法", "2025-00012", "2025-02-14", "written: 2025-02-10\n"),
        ("c.md", "示例县丙办法", "2023-00013", "2023-05-04", "written: 2023-05-01\n"),
        ("d.md", "示例县丁办法", "2026-00014", "2026-01-05", "written: 2025-12-29\n"),
    ]
    for name, title, serial, published, extra in rules:
        write_item(site, f"rules/{name}", title=title, index_no=f"11430000MB0000001B/{serial}", genre="行政规范性文件",
                   published=published, extra=textwrap.dedent(extra))
    return site
