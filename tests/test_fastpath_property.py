"""The fast build equals its slow twin, byte for byte, after any sequence of edits.

A seeded, reproducible random walk over a copy of the sample site: each step makes one edit a clerk
or a developer makes (an item's body or title, the validity of a superseded item, an agency's name,
a dataset cell, a chart spec, a template, a setting, the build date, adding and deleting items),
then builds twice — the default fast build into the same output folder as the step before (so it
reuses what it may), and `--serial --no-cache` into a fresh folder — and compares every file.
`make test` takes a few steps (GONGKAI_PROPERTY_STEPS, default 3); `make bench` takes many.
A failing run prints its seed and steps: GONGKAI_PROPERTY_SEED=<seed> replays it.
"""

from __future__ import annotations

import os
import random
import re
from pathlib import Path

import pytest

from gongkai.build.build import build
from gongkai.build.context import BuildOptions
from support import BUILD_EPOCH, copy_sample_site, tree_digest

STEPS = int(os.environ.get("GONGKAI_PROPERTY_STEPS", "3"))
SEED = int(os.environ.get("GONGKAI_PROPERTY_SEED", "20261128"))
DAY = 86400


class Walk:
    """The site being edited, and what the edits need to remember (items they added)."""

    def __init__(self, root: Path, rng: random.Random):
        self.root, self.rng = root, rng
        self.added: list[Path] = []
        self.epoch = BUILD_EPOCH

    def items(self) -> list[Path]:
        return sorted((self.root / "content" / "disclosures").rglob("*.md"))

    def replace(self, path: Path, old: str, new: str, count: int = 1) -> None:
        text = path.read_text(encoding="utf-8")
        assert old in text, (path, old)
        path.write_text(text.replace(old, new, count), encoding="utf-8")

    def published_items(self) -> list[Path]:
        """Items that are published on the build date and that no edit has added."""
        found = []
        for path in self.items():
            match = re.search(r"^published: (\d{4})-(\d{2})-(\d{2})$", path.read_text(encoding="utf-8"), re.M)
            if match and "embargo: true" not in path.read_text(encoding="utf-8") and path not in self.added:
                found.append(path)
        return found


def edit_body(walk: Walk) -> str:
    path = walk.rng.choice(walk.published_items())
    with path.open("a", encoding="utf-8") as handle:
        handle.write(f"\n补充说明第{walk.rng.randrange(1000)}条。\n")
    return f"body of {path.name}"


def edit_title(walk: Walk) -> str:
    path = walk.rng.choice(walk.published_items())
    text = path.read_text(encoding="utf-8")
    title = re.search(r"^title: (.+)$", text, re.M).group(1)
    walk.replace(path, f"title: {title}\n", f"title: {title[:150]}（第{walk.rng.randrange(100)}次修订）\n")
    return f"title of {path.name}"


def edit_superseded_validity(walk: Walk) -> str:
    """The validity of an item another one supersedes: shown on both pages, and in the search index."""
    targets = {}
    for path in walk.items():
        text = path.read_text(encoding="utf-8")
        for index_no in re.findall(r"^supersedes: \[([^\]]+)\]", text, re.M):
            targets[index_no.split(",")[0].strip()] = path
    index_no = walk.rng.choice(sorted(targets))
    (old,) = [p for p in walk.items() if f"index_no: {index_no}\n" in p.read_text(encoding="utf-8")]
    text = old.read_text(encoding="utf-8")
    current = re.search(r"^validity: (.+)$", text, re.M)
    new = walk.rng.choice([v for v in ("有效", "失效", "废止", "已修改") if not current or v != current.group(1)])
    if current:
        walk.replace(old, f"validity: {current.group(1)}\n", f"validity: {new}\n")
    else:
        walk.replace(old, f"index_no: {index_no}\n", f"index_no: {index_no}\nvalidity: {new}\n")
    return f"validity of {old.name} -> {new}"


def edit_agency_name(walk: Walk) -> str:
    path = walk.root / "content" / "agencies.yaml"
    names = re.findall(r"^  name: (.+)$", path.read_text(encoding="utf-8"), re.M)
    name = walk.rng.choice(names)
    walk.replace(path, f"  name: {name}\n", f"  name: {name[:80]}（更名{walk.rng.randrange(10)}）\n")
    return f"agency name {name}"


def edit_dataset_cell(walk: Walk) -> str:
    path = walk.root / "datasets" / "hotline-12345-monthly" / "data" / "hotline-monthly.csv"
    lines = path.read_text(encoding="utf-8").split("\n")
    number = walk.rng.randrange(1, len([line for line in lines if line]))
    cells = lines[number].split(",")
    cells[1] = str(int(cells[1]) + walk.rng.randrange(1, 50))
    lines[number] = ",".join(cells)
    path.write_text("\n".join(lines), encoding="utf-8")
    return f"cell of line {number + 1} of {path.name}"


def edit_chart_spec(walk: Walk) -> str:
    path = walk.root / "datasets" / "hotline-12345-monthly" / "datapackage.yaml"
    width = re.search(r"^    width: (\d+)$", path.read_text(encoding="utf-8"), re.M).group(1)
    walk.replace(path, f"    width: {width}\n", f"    width: {int(width) + walk.rng.choice((-20, 20))}\n")
    return "chart width"


def edit_template(walk: Walk) -> str:
    """The footer's sentence gets a new number each time (the edit may be drawn again)."""
    path = walk.root / "theme" / "templates" / "base.html"
    old = re.search(r"本站不使用任何第三方统计或外部资源(（\d+）)?。", path.read_text(encoding="utf-8")).group(0)
    walk.replace(path, old, f"本站不使用任何第三方统计或外部资源（{walk.rng.randrange(1000)}）。")
    return "footer of base.html"


def edit_setting(walk: Walk) -> str:
    path = walk.root / "pelicanconf.py"
    name = re.search(r'^SITENAME = "(.+)"$', path.read_text(encoding="utf-8"), re.M).group(1)
    walk.replace(path, f'SITENAME = "{name}"', f'SITENAME = "{name[:40]}{walk.rng.randrange(10)}"')
    return "SITENAME"


def edit_build_date(walk: Walk) -> str:
    # Another day of the sample's year, forward or back: the sample's calendar (schemas/workdays.yaml
    # and chinese-calendar) knows no later year, and a walk of many steps must not leave it.
    days = walk.rng.choice([days for days in (0, 1, 10, 30) if BUILD_EPOCH + days * DAY != walk.epoch])
    walk.epoch = BUILD_EPOCH + days * DAY
    return f"build date +{days} days"


def add_item(walk: Walk) -> str:
    serial = 90000 + len(walk.added) + walk.rng.randrange(100) * 100
    path = walk.root / "content" / "disclosures" / "2026" / f"walk-{serial}.md"
    path.write_text(
        "---\ntitle: 清溪县随机测试通知\n"
        f"index_no: 11431234MB0000001X/2026-{serial}\nagency: qx-medical-insurance\ncategory: 卫生、体育\n"
        "genre: 通知公告\npublished: 2026-03-02\n---\n随机测试的正文。\n", encoding="utf-8")
    walk.added.append(path)
    return f"add {path.name}"


def delete_item(walk: Walk) -> str:
    if not walk.added:
        return add_item(walk)
    path = walk.added.pop(walk.rng.randrange(len(walk.added)))
    path.unlink()
    return f"delete {path.name}"


EDITS = (edit_body, edit_title, edit_superseded_validity, edit_agency_name, edit_dataset_cell, edit_chart_spec,
         edit_template, edit_setting, edit_build_date, add_item, delete_item)


def different(a: dict, b: dict) -> list[str]:
    return sorted(name for name in set(a) | set(b) if a.get(name) != b.get(name))


def test_after_every_edit_the_fast_build_equals_the_slow_one(tmp_path, monkeypatch):
    rng = random.Random(SEED)
    walk = Walk(copy_sample_site(tmp_path / "site"), rng)
    fast, history = walk.root / "output", []
    for step in range(STEPS + 1):
        history.append("start" if step == 0 else rng.choice(EDITS)(walk))
        monkeypatch.setenv("SOURCE_DATE_EPOCH", str(walk.epoch))
        slow = tmp_path / f"slow-{step}"
        assert build(walk.root, walk.root / "pelicanconf.py", fast) == 0, history
        assert build(walk.root, walk.root / "pelicanconf.py", slow, options=BuildOptions.slow()) == 0, history
        differ = different(tree_digest(fast), tree_digest(slow))
        assert differ == [], f"GONGKAI_PROPERTY_SEED={SEED}, steps {history}: {differ[:10]}"


@pytest.mark.parametrize("edit", EDITS, ids=[edit.__name__ for edit in EDITS])
def test_every_edit_keeps_the_site_valid(tmp_path, edit):
    """The walk's edits are honest: each leaves a site that passes the check (or the property test
    above would compare two failed builds)."""
    from gongkai.check import check_site

    walk = Walk(copy_sample_site(tmp_path / "site"), random.Random(SEED))
    edit(walk)
    _, problems = check_site(walk.root, walk.epoch, workers=1)
    assert [p.render() for p in problems if p.is_error] == []
