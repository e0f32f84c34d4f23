"""The row-level history (更新记录) of a dataset, read from a real temporary git repository.

Each test makes its own commits and writes the history it expects from the rows it committed,
never from the code under test; then a real build publishes /datasets/<name>/changes/ and
changes.csv, which must say exactly that, and nothing of a row removed for privacy.
"""

from __future__ import annotations

import csv
import io
import os
import subprocess
from pathlib import Path

import pytest

from gongkai.build.build import build
from gongkai.fastpath.cache import cache_dir
from support import git

NAME = "town-budget"
DATA = f"datasets/{NAME}/data/budget.csv"
HEADER = ["code", "town", "amount", "note"]
COLUMNS = ["date", "commit", "resource", "change", "key", "row", "field", "old_value", "new_value", "count", "message"]
# A valid resident ID (GB 11643 check character, real birth date): 11010519491231002X.
RESIDENT_ID = "11010519491231002X"

DESCRIPTOR = """\
name: town-budget
title: 示例县乡镇预算
description: 示例县各乡镇年度预算金额，按乡镇代码排列，演示更新记录。
publisher: demo-finance
theme: 财政、金融、审计
update_frequency: annual
modified: 2025-06-30
licenses:
- name: CC-BY-4.0
  title: 知识共享署名 4.0 国际许可协议
{extra}resources:
- name: budget
  path: data/budget.csv
  title: 乡镇预算表
  schema:
    fields:
    - {{name: code, title: 乡镇代码, type: string}}
    - {{name: town, title: 乡镇, type: string}}
    - {{name: amount, title: 预算金额, type: integer}}
    - {{name: note, title: 备注, type: string}}
{key}"""


def write_dataset(site: Path, rows: list[list[str]], *, keyed: bool = True, extra: str = "") -> None:
    folder = site / "datasets" / NAME
    (folder / "data").mkdir(parents=True, exist_ok=True)
    key = "    primaryKey: code\n" if keyed else ""
    (folder / "datapackage.yaml").write_text(DESCRIPTOR.format(extra=extra, key=key), encoding="utf-8")
    with (site / DATA).open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle, lineterminator="\n").writerows([HEADER] + rows)


def commit(site: Path, message: str, day: str) -> str:
    git(site, "add", "-A")
    git(site, "commit", "-q", "-m", message, date=f"{day}T10:00:00+08:00")
    return git(site, "rev-parse", "HEAD").strip()


def changes_csv(output: Path) -> list[list[str]]:
    text = (output / "datasets" / NAME / "changes.csv").read_text(encoding="utf-8")
    return list(csv.reader(io.StringIO(text)))


def changes_page(output: Path) -> str:
    return (output / "datasets" / NAME / "changes" / "index.html").read_text(encoding="utf-8")


def every_text(output: Path) -> str:
    return "\n".join(path.read_bytes().decode("utf-8", "replace") for path in sorted(output.rglob("*"))
                     if path.is_file() and path.suffix in (".html", ".csv", ".json", ".xml", ".ttl", ".jsonld", ".txt"))


def built(site: Path, **overrides) -> Path:
    output = site / "output"
    assert build(site, site / "pelicanconf.py", output, overrides=overrides or None) == 0
    return output


A = ["A01", "城关镇", "1200", ""]
B = ["B02", "东乡", "800", ""]
C = ["C03", "西乡", "650", "联系人张大山"]  # a row the third commit removes for privacy
D = ["D04", "南乡", "710", ""]


@pytest.fixture
def site(mini_site):
    git(mini_site, "init", "-q", "-b", "main")
    return mini_site


def test_three_commits_give_the_exact_history_and_never_the_privacy_row(site):
    write_dataset(site, [A, B])
    first = commit(site, "新建乡镇预算数据集", "2025-03-01")
    write_dataset(site, [A, B, C, D])
    added = commit(site, "新增西乡、南乡两行", "2025-04-01")
    B_new = B[:2] + ["820", ""]
    write_dataset(site, [A, B_new, C, D])
    changed = commit(site, "更正东乡预算金额", "2025-05-01")
    write_dataset(site, [A, B_new, D])
    removed = commit(site, "删除西乡一行：含个人信息", "2025-06-01")
    output = built(site)

    def row(date, sha, change, key="", number="", field="", old="", new="", count="", message=""):
        return [date, sha, "budget", change, key, str(number), field, old, new, str(count), message]

    expected = [COLUMNS,
                row("2025-06-01", removed, "withheld-privacy", count=1, message="删除西乡一行：含个人信息"),
                row("2025-05-01", changed, "changed", "B02", 2, "amount", "800", "820", message="更正东乡预算金额")]
    # The added D row is listed cell by cell; C, removed later for privacy, only as a count.
    expected += [row("2025-04-01", added, "added", "D04", 4, name, "", value, message="新增西乡、南乡两行")
                 for name, value in zip(HEADER, D)]
    expected += [row("2025-04-01", added, "withheld-privacy", count=1, message="新增西乡、南乡两行"),
                 row("2025-03-01", first, "first", count=2, message="新建乡镇预算数据集")]
    assert changes_csv(output) == expected

    page = changes_page(output)
    for sha in (first, added, changed, removed):
        assert f'id="commit-{sha[:12]}"' in page
    assert "删除 1 行（变动后共 3 行）；其中 1 行因隐私原因不显示内容。" in page
    assert "新增 2 行（变动后共 4 行）；其中 1 行因隐私原因不显示内容。" in page
    assert "<td>B02</td><td>预算金额</td><td>800</td><td>820</td>" in page
    assert "首次发布，共 2 行。" in page
    everything = every_text(output)
    for cell in ("C03", "西乡", "联系人张大山"):  # nothing of the privacy row, anywhere
        assert cell not in everything.replace("新增西乡、南乡两行", "").replace("删除西乡一行", ""), cell


def test_an_old_row_with_personal_data_is_counted_not_shown(site):
    """The removal commit does not say "privacy": the personal-data gate still keeps the ID out."""
    write_dataset(site, [A])
    commit(site, "新建", "2025-03-01")
    write_dataset(site, [A, ["E05", "北乡", "300", f"身份证{RESIDENT_ID}"]])
    added = commit(site, "新增北乡", "2025-04-01")
    write_dataset(site, [A])
    removed = commit(site, "删除北乡", "2025-05-01")
    output = built(site)
    lines = changes_csv(output)
    assert [line[:4] + [line[9]] for line in lines[1:]] == [
        ["2025-05-01", removed, "budget", "withheld-personal", "1"],
        ["2025-04-01", added, "budget", "withheld-personal", "1"],
        ["2025-03-01", lines[3][1], "budget", "first", "1"],
    ]
    assert "1 行疑似含个人信息，不显示内容" in changes_page(output)
    everything = every_text(output)
    assert RESIDENT_ID not in everything and "E05" not in everything


def test_privacy_removed_in_the_descriptor_names_a_commit_whose_message_does_not(site):
    write_dataset(site, [A, B])
    commit(site, "新建", "2025-03-01")
    write_dataset(site, [A, B, C])
    commit(site, "新增西乡", "2025-04-01")
    write_dataset(site, [A, B])
    removal = commit(site, "删除一行", "2025-05-01")
    write_dataset(site, [A, B], extra=f"privacy_removed: [{removal[:9]}]\n")
    commit(site, "标注隐私删除", "2025-05-02")  # the descriptor only: no data change, no revision
    output = built(site)
    changes = [line[3] for line in changes_csv(output)[1:]]
    assert changes == ["withheld-privacy", "withheld-privacy", "first"]
    assert "联系人张大山" not in every_text(output)


def test_without_a_primary_key_rows_are_compared_whole(site):
    write_dataset(site, [A, B], keyed=False)
    commit(site, "新建", "2025-03-01")
    write_dataset(site, [A, B[:2] + ["820", ""]], keyed=False)
    sha = commit(site, "更正东乡", "2025-04-01")
    output = built(site)
    lines = [line for line in changes_csv(output)[1:] if line[1] == sha]
    assert lines == [["2025-04-01", sha, "budget", "added", "", "2", name, "", value, "", "更正东乡"]
                     for name, value in zip(HEADER, B[:2] + ["820", ""])] + \
                    [["2025-04-01", sha, "budget", "removed", "", "2", name, value, "", "", "更正东乡"]
                     for name, value in zip(HEADER, B)]
    assert "新增 1 行，删除 1 行（变动后共 2 行）。" in changes_page(output)


def test_a_commit_message_with_a_mobile_number_is_masked(site):
    write_dataset(site, [A])
    commit(site, "新建（经办人电话 13812345678）", "2025-03-01")
    output = built(site)
    everything = every_text(output)
    assert "13812345678" not in everything
    assert "新建（经办人电话 138****5678）" in changes_page(output)


def test_the_cache_gives_the_same_history_and_a_rebuild_recomputes_no_old_commit(site):
    write_dataset(site, [A, B])
    commit(site, "新建", "2025-03-01")
    write_dataset(site, [A, B, D])
    commit(site, "新增南乡", "2025-04-01")
    cached = built(site)
    entries = sorted((cache_dir(site) / "history").rglob("*.json"))
    assert len(entries) == 2  # one per (commit, resource)
    stamps = [(entry.stat().st_mtime_ns, entry.stat().st_ino) for entry in entries]
    first_csv, first_page = changes_csv(cached), changes_page(cached)

    rebuilt = built(site)
    assert sorted((cache_dir(site) / "history").rglob("*.json")) == entries
    assert [(entry.stat().st_mtime_ns, entry.stat().st_ino) for entry in entries] == stamps  # read, not rewritten
    assert (changes_csv(rebuilt), changes_page(rebuilt)) == (first_csv, first_page)

    uncached = built(site, GONGKAI_HISTORY_CACHE=False)
    assert (changes_csv(uncached), changes_page(uncached)) == (first_csv, first_page)


def test_a_shallow_clone_says_so_on_the_page(site, tmp_path):
    write_dataset(site, [A])
    commit(site, "新建", "2025-03-01")
    write_dataset(site, [A, B])
    commit(site, "新增东乡", "2025-04-01")
    write_dataset(site, [A, B, D])
    newest = commit(site, "新增南乡", "2025-05-01")
    clone = tmp_path / "clone"
    subprocess.run(["git", "clone", "-q", "--depth", "1", f"file://{site}", str(clone)], check=True)
    output = built(clone)
    page = changes_page(output)
    assert "浅克隆" in page
    assert "浅克隆中最早的版本，当时共 3 行（更早的变动无法读取）。" in page
    assert [line[3] for line in changes_csv(output)[1:]] == ["baseline"]
    assert changes_csv(output)[1][1] == newest


def test_a_site_that_is_no_git_repository_says_there_is_no_history(mini_site):
    write_dataset(mini_site, [A, B])
    output = built(mini_site)
    page = changes_page(output)
    assert "不是 git 仓库" in page
    assert changes_csv(output) == [COLUMNS]


def test_uncommitted_edits_are_named_on_the_page(site):
    write_dataset(site, [A])
    commit(site, "新建", "2025-03-01")
    write_dataset(site, [A, B])
    output = built(site)
    assert "有尚未提交到 git 的修改" in changes_page(output)


def test_an_old_version_in_another_encoding_is_reported_not_raised(site):
    folder = site / "datasets" / NAME
    write_dataset(site, [A])
    (site / DATA).write_bytes("code,town,amount,note\nA01,城关镇,1200,\n".encode("gb18030"))
    commit(site, "错误编码的旧版本", "2025-03-01")
    write_dataset(site, [A, B])
    sha = commit(site, "改为 UTF-8", "2025-04-01")
    assert folder.is_dir()
    output = built(site)
    assert "这一版本无法逐行比较" in changes_page(output)
    assert changes_csv(output)[1][:4] == ["2025-04-01", sha, "budget", "unreadable"]


def test_history_switched_off_still_publishes_the_page_and_says_why(site):
    write_dataset(site, [A])
    commit(site, "新建", "2025-03-01")
    output = built(site, GONGKAI_HISTORY=False)
    assert "GONGKAI_HISTORY = False" in changes_page(output)
    assert not (cache_dir(site) / "history").exists()


@pytest.mark.parametrize("value", ["[xyz]", "3f2a9c1", "[3F2A9C1]", "[12ab]"])
def test_privacy_removed_must_list_commit_ids(mini_site, value):
    from gongkai.check import check_site
    from support import BUILD_EPOCH

    write_dataset(mini_site, [A], extra=f"privacy_removed: {value}\n")
    _, problems = check_site(mini_site, BUILD_EPOCH)
    assert [(p.path, p.line, p.code) for p in problems if p.is_error] == [
        (f"datasets/{NAME}/datapackage.yaml", 11, "privacy-removed-invalid")]


def test_the_sample_site_history_lists_the_rows_its_second_commit_added(sample_build):
    from support import HISTORY_DATASET, HISTORY_OLD_AMOUNT

    root, output = sample_build
    with (root / "datasets" / HISTORY_DATASET / "data" / "expenditure-by-function.csv").open(encoding="utf-8") as handle:
        rows = list(csv.reader(handle))
    lines = list(csv.reader(io.StringIO(
        (output / "datasets" / HISTORY_DATASET / "changes.csv").read_text(encoding="utf-8"))))
    newest = [line for line in lines[1:] if line[0] == "2026-10-20"]
    key = " | ".join(rows[1][:3])
    assert [line[3:9] for line in newest if line[3] == "changed"] == [["changed", key, "1", "amount",
                                                                      HISTORY_OLD_AMOUNT, rows[1][4]]]
    assert {line[4] for line in newest if line[3] == "added"} == {" | ".join(row[:3]) for row in rows[-2:]}
    assert os.path.getsize(output / "datasets" / HISTORY_DATASET / "changes" / "index.html") > 0


def test_two_clones_build_byte_identical_histories_whatever_the_environment(site, tmp_path):
    """Dates come from the commits (in China time), never the clock or the machine's time zone."""
    import hashlib
    import sys

    from support import BUILD_EPOCH

    write_dataset(site, [A, B])
    commit(site, "新建", "2025-03-01")
    write_dataset(site, [A, B[:2] + ["820", ""], D])
    commit(site, "新增南乡，更正东乡", "2025-04-01")
    digests = []
    for number, env in enumerate(({"TZ": "UTC", "PYTHONHASHSEED": "1"},
                                  {"TZ": "America/Los_Angeles", "LANG": "zh_CN.UTF-8", "PYTHONHASHSEED": "2"})):
        clone = tmp_path / f"clone-{number}"
        subprocess.run(["git", "clone", "-q", f"file://{site}", str(clone)], check=True)
        environment = {k: v for k, v in os.environ.items() if k not in ("TZ", "LANG", "LC_ALL", "PYTHONHASHSEED")}
        environment.update(env, SOURCE_DATE_EPOCH=str(BUILD_EPOCH))
        result = subprocess.run([sys.executable, "-m", "gongkai", "build", "--root", str(clone)], capture_output=True,
                                text=True, env=environment)
        assert result.returncode == 0, result.stderr
        output = clone / "output"
        digests.append({p.relative_to(output).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
                        for p in sorted(output.rglob("*")) if p.is_file()})
        assert "2025-04-01" in changes_page(output)
    assert digests[0] == digests[1]


def test_the_page_lists_at_most_its_budget_and_points_to_the_csv(site):
    from gongkai.history import page

    rows = [[f"R{number:05d}", "乡镇", str(number), ""] for number in range(page.TABLE_ROWS + 7)]
    write_dataset(site, [A])
    commit(site, "新建", "2025-03-01")
    write_dataset(site, [A] + rows)
    commit(site, "批量新增", "2025-04-01")
    output = built(site)
    text = changes_page(output)
    assert text.count("<td>R0") == page.TABLE_ROWS
    assert "（另有 7 行见 changes.csv）" in text
    assert sum(1 for line in changes_csv(output) if line[3] == "added") == len(HEADER) * len(rows)


def test_control_characters_in_old_data_and_messages_reach_no_page_or_feed(site):
    import feedparser

    write_dataset(site, [A])
    commit(site, "新建", "2025-03-01")
    write_dataset(site, [A, ["F06", "铃\x07乡", "100", ""]])
    commit(site, "新增\x0b一行", "2025-04-01")
    write_dataset(site, [A])
    commit(site, "删除一行", "2025-05-01")
    output = built(site)
    page = changes_page(output)
    assert "\x07" not in page and "\x0b" not in page and "铃\ufffd乡" in page
    feed = feedparser.parse((output / "feeds" / "datasets.atom.xml").read_bytes())
    assert not feed.bozo, feed.bozo_exception
    assert any("新增\ufffd一行" in entry.summary for entry in feed.entries)
