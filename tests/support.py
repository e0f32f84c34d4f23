"""Helpers shared by the tests: the repository root, the fixed build date, small real sites.

(Kept out of conftest.py: two conftest modules, tests/ and tests/browser/, would shadow each
other on import.)
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import os
import shutil
import subprocess
import sys
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




GOOD_DATASET = REPO / "tests" / "fixtures" / "datasets" / "good"


def good_dataset(root: Path) -> Path:
    """The `good` fixture dataset copied into datasets/good/ of an empty tree at `root`."""
    shutil.copytree(GOOD_DATASET, root / "datasets" / "good")
    return root


def folder(root: Path) -> Path:
    return root / "datasets" / "good"


def edit_yaml(root: Path, old: str, new: str) -> None:
    """Replace `old` (which must be there) in the good dataset's descriptor, once."""
    path = folder(root) / "datapackage.yaml"
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def add_dataset(site: Path, name: str, *, publisher: str = "demo-gov", edits: dict | None = None) -> Path:
    """The `good` fixture dataset as datasets/<name>/ of `site`, published by `publisher`, with
    `edits` ({old text: new text}) applied to its datapackage.yaml."""
    folder = site / "datasets" / name
    shutil.copytree(GOOD_DATASET, folder)
    descriptor = folder / "datapackage.yaml"
    text = descriptor.read_text(encoding="utf-8").replace("name: good", f"name: {name}", 1)
    text = text.replace("publisher: qx-gov-office", f"publisher: {publisher}")
    for old, new in (edits or {}).items():
        assert old in text, old
        text = text.replace(old, new, 1)
    descriptor.write_text(text, encoding="utf-8")
    return folder


def tree_digest(folder: Path) -> dict:
    """{relative path: sha256 or '->target' for links} of everything under `folder`."""
    found = {}
    for path in sorted(folder.rglob("*")):
        rel = path.relative_to(folder).as_posix()
        if path.is_symlink():
            found[rel] = "->" + os.readlink(path)
        elif path.is_file():
            found[rel] = hashlib.sha256(path.read_bytes()).hexdigest()
    return found


def pdf_with_text(*pages: str) -> bytes:
    """A small valid PDF, one page per (ASCII) text: the bench generator's (bench/ is not a package)."""
    if str(REPO / "bench") not in sys.path:
        sys.path.insert(0, str(REPO / "bench"))
    import generate  # noqa: PLC0415 (imported the way tests/test_bench_smoke.py does)

    return generate.pdf_document(*pages)


def git(root: Path, *args: str, date: str = "2026-10-01T09:00:00+08:00") -> str:
    """Run git in `root` as a fixed author at a fixed date (commits are reproducible)."""
    env = dict(os.environ, GIT_AUTHOR_DATE=date, GIT_COMMITTER_DATE=date, GIT_AUTHOR_NAME="测试", GIT_COMMITTER_NAME="测试",
               GIT_AUTHOR_EMAIL="test@example.org", GIT_COMMITTER_EMAIL="test@example.org")
    return subprocess.run(["git", "-C", str(root), *args], check=True, capture_output=True, text=True, env=env).stdout


# The sample dataset given a history in the sample build: its first commit lacks the last two
# rows and has another amount in the first row; the second commit brings the file as shipped.
HISTORY_DATASET = "budget-by-function"
HISTORY_FILE = "datasets/budget-by-function/data/expenditure-by-function.csv"
HISTORY_OLD_AMOUNT = "12345"


def commit_sample_history(root: Path) -> dict:
    """Make `root` a git repository whose history changed one sample dataset; returns what the
    first commit differed in: {"added": [rows], "changed": (row, field, old, new)}."""
    path = root / HISTORY_FILE
    shipped = path.read_bytes()
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    header, data = rows[0], rows[1:]
    older = [list(row) for row in data[:-2]]
    amount = header.index("amount")
    changed = (data[0], "amount", HISTORY_OLD_AMOUNT, data[0][amount])
    older[0][amount] = HISTORY_OLD_AMOUNT
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle, lineterminator="\n").writerows([header] + older)
    git(root, "init", "-q", "-b", "main")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "示例站点初始版本")
    path.write_bytes(shipped)
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "补充2026年决算数据，更正一般公共服务支出", date="2026-10-20T15:30:00+08:00")
    return {"added": data[-2:], "changed": changed, "header": header}


def fontconfig_without_chinese(folder: Path) -> str:
    """A fontconfig file (for FONTCONFIG_FILE) that shows only this machine's fonts without Chinese:
    a build machine or a reader's computer with other fonts than ours. Needs fc-list."""
    listing = subprocess.run(["fc-list", "--format", "%{file}\t%{lang}\n"], capture_output=True, text=True,
                             check=True).stdout
    fonts = folder / "fonts-without-chinese"
    fonts.mkdir(parents=True)
    for line in sorted(listing.splitlines()):
        path, _, languages = line.partition("\t")
        chinese = any(language.startswith("zh") for language in languages.split("|"))
        if not chinese and path.endswith((".ttf", ".otf", ".ttc", ".otc")):
            (fonts / path.replace("/", "_")).symlink_to(path)
    assert any(fonts.iterdir()), "this machine has no font without Chinese to show"
    config = folder / "fonts-without-chinese.conf"
    # The machine's own rendering rules (hinting, subpixel positioning) stay: only the fonts differ.
    rules = '<include ignore_missing="yes">/etc/fonts/conf.d</include>'
    config.write_text(f'<?xml version="1.0"?><fontconfig><dir>{fonts}</dir><cachedir>{folder}/fc-cache</cachedir>'
                      f"{rules}</fontconfig>", encoding="utf-8")
    return str(config)


def publish_a_change(site: Path) -> None:
    """One more sentence in an item: a build that has something to write."""
    item = sorted((site / "content" / "disclosures").rglob("*.md"))[0]
    item.write_text(item.read_text(encoding="utf-8") + "\n补充一句。\n", encoding="utf-8")
