"""Helpers shared by the tests: the repository root, the fixed build date, small real sites.

(Kept out of conftest.py: two conftest modules, tests/ and tests/browser/, would shadow each
other on import.)
"""

from __future__ import annotations

import datetime as dt
import shutil
import textwrap
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
# Debian's Chromium, which the browser tests drive with Playwright.
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--disable-features=Translate,MediaRouter"]
# 2026-11-25 00:00 in China: the build date of every test build unless a test says otherwise.
BUILD_EPOCH = int(dt.datetime(2026, 11, 25, tzinfo=dt.timezone(dt.timedelta(hours=8))).timestamp())


def copy_site_frame(target: Path) -> Path:
    """Schemas, theme and settings of the repository: everything but content and datasets."""
    target.mkdir(parents=True, exist_ok=True)
    for name in ("schemas", "theme"):
        shutil.copytree(REPO / name, target / name)
    for name in ("pelicanconf.py", "publishconf.py"):
        shutil.copy2(REPO / name, target / name)
    return target


def copy_sample_site(target: Path) -> Path:
    copy_site_frame(target)
    shutil.copytree(REPO / "content", target / "content", symlinks=True)
    shutil.copytree(REPO / "datasets", target / "datasets", symlinks=True)
    return target


AGENCIES = """\
- id: demo-gov
  name: 示例县人民政府
  code: 11430000MB0000000A
  phone: 0731-50000000
- id: demo-finance
  name: 示例县财政局
  code: 11430000MB0000001B
  parent: demo-gov
"""

ITEM = """\
---
title: {title}
index_no: {index_no}
agency: demo-finance
category: 财政、金融、审计
genre: {genre}
published: {published}
{extra}---
{body}
"""


def write_item(site: Path, name: str, *, title="示例县2025年预算公开", index_no="11430000MB0000001B/2025-00001",
               genre="财政预决算", published="2025-01-20", extra="", body="正文。") -> Path:
    path = site / "content" / "disclosures" / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(ITEM.format(title=title, index_no=index_no, genre=genre, published=published,
                                extra=textwrap.dedent(extra), body=body), encoding="utf-8")
    return path


def make_mini_site(root: Path) -> Path:
    """A tiny valid site: two agencies, three items, the three required pages, no datasets."""
    copy_site_frame(root)
    (root / "content" / "pages").mkdir(parents=True)
    (root / "content" / "agencies.yaml").write_text(AGENCIES, encoding="utf-8")
    write_item(root, "2025/budget.md")
    write_item(root, "2024/old-rule.md", title="示例县补贴管理办法", index_no="11430000MB0000001B/2024-00002",
               genre="行政规范性文件", published="2024-03-01", extra="validity: 废止\ndoc_no: 示财发〔2024〕1号\n")
    write_item(root, "2025/new-rule.md", title="示例县补贴管理办法（修订）", index_no="11430000MB0000001B/2025-00003",
               genre="行政规范性文件", published="2025-03-01",
               extra="supersedes: [11430000MB0000001B/2024-00002]\ndoc_no: 示财发〔2025〕2号\n")
    for slug, title in (("about", "关于本站"), ("guide", "政府信息公开指南"), ("accessibility", "无障碍声明")):
        (root / "content" / "pages" / f"{slug}.md").write_text(f"---\ntitle: {title}\n---\n示例。\n", encoding="utf-8")
    (root / "datasets").mkdir()
    return root


