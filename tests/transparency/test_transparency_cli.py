"""`gongkai report draft` and `gongkai audit`, run as a clerk runs them."""

from __future__ import annotations

import json
import subprocess
import sys

from report_fixtures import rules_site


def run(*args, env_epoch=None):
    return subprocess.run([sys.executable, "-m", "gongkai", *args], capture_output=True, text=True)


def fill(path, published="2026-01-20"):
    """What the clerk writes into a draft: the date and the three sections."""
    text = path.read_text(encoding="utf-8")
    text = text.replace("published:   #", f"published: {published}  #", 1)
    for key, words in (("overview", "总体情况。"), ("problems", "存在的问题。"), ("other", "其他事项。")):
        text = text.replace(f"{key}: |\n  \n", f"{key}: |\n  {words}\n", 1)
    path.write_text(text, encoding="utf-8")


def test_a_draft_is_refused_until_completed_then_accepted(tmp_path):
    site = rules_site(tmp_path / "site")
    result = run("report", "draft", "2025", "--agency", "demo-finance", "--root", str(site))
    assert result.returncode == 0, result.stderr
    draft = site / "content" / "reports" / "2025" / "demo-finance.yaml"
    assert result.stdout.splitlines()[0] == "已生成草稿：content/reports/2025/demo-finance.yaml"
    text = draft.read_text(encoding="utf-8")
    assert "# normative: {made: 2, repealed: 1, in_force: 3}   ← 网站计算的数字" in text
    assert "  withheld_query:" in text and "三、本年度办理结果（三）不予公开8.属于行政查询事项" in text
    checked = run("check", "--root", str(site))
    assert checked.returncode == 1
    assert [line.rsplit("[", 1)[1] for line in checked.stdout.splitlines()[:-1]] == ["required]"] * 4
    assert "年度报告的“一、总体情况”还没有填写" in checked.stdout
    fill(draft)
    checked = run("check", "--root", str(site))
    assert checked.returncode == 0, checked.stdout


def test_a_draft_never_overwrites_a_report(tmp_path):
    site = rules_site(tmp_path / "site")
    run("report", "draft", "2025", "--agency", "demo-finance", "--root", str(site))
    draft = site / "content" / "reports" / "2025" / "demo-finance.yaml"
    fill(draft)
    before = draft.read_bytes()
    again = run("report", "draft", "2025", "--agency", "demo-finance", "--root", str(site))
    assert again.returncode == 1
    assert "已经存在，没有改动：content/reports/2025/demo-finance.yaml" in again.stdout
    assert draft.read_bytes() == before


def test_without_an_agency_every_missing_report_and_the_consolidated_one_are_drafted(tmp_path):
    site = rules_site(tmp_path / "site")
    result = run("report", "draft", "2025", "--root", str(site))
    assert result.returncode == 0, result.stderr
    assert sorted(p.name for p in (site / "content" / "reports" / "2025").iterdir()) == [
        "demo-finance.yaml", "demo-gov.yaml", "index.yaml"]
    for path in (site / "content" / "reports" / "2025").iterdir():
        fill(path, published="2026-01-28")
    checked = run("check", "--root", str(site))
    assert checked.returncode == 0, checked.stdout


def test_draft_misuse_exits_2(tmp_path):
    site = rules_site(tmp_path / "site")
    assert run("report", "draft", "2026", "--root", str(site)).returncode == 2  # the build date is in 2026
    assert run("report", "draft", "25", "--root", str(site)).returncode == 2
    unknown = run("report", "draft", "2025", "--agency", "../etc", "--root", str(site))
    assert unknown.returncode == 2 and "不是 content/agencies.yaml 中的机构标识" in unknown.stderr
    assert not (site / "content" / "reports").exists()


def test_audit_prints_text_and_json(tmp_path):
    site = rules_site(tmp_path / "site")
    text = run("audit", "--root", str(site))
    assert text.returncode == 0
    assert text.stdout.startswith("网站自查（2026-11-25")
    assert "首页超过2周未更新（单项否决）" in text.stdout
    payload = json.loads(run("audit", "--root", str(site), "--format", "json").stdout)
    assert payload["date"] == "2026-11-25" and payload["count"] == len(payload["signals"])
    home = [s for s in payload["signals"] if s["code"] == "home-stale"]
    assert home and home[0]["veto"] is True and home[0]["file"] == "content/disclosures/"
