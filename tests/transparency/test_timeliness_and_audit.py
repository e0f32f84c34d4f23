"""公开时效 in working days across a holiday, the warning of `gongkai check`, and the self-check."""

from __future__ import annotations

from gongkai.check import check_site

from report_fixtures import epoch
from support import make_mini_site, write_item


def late_site(root):
    site = make_mini_site(root)
    # Written Fri 2025-01-24; the Spring Festival (28 Jan - 4 Feb off, Sun 26 Jan and Sat 8 Feb worked)
    # lies between: 27 Feb is the 20th working day, 28 Feb the 21st.
    write_item(site, "2025/late.md", title="示例县春节后才发布的通知", index_no="11430000MB0000001B/2025-00040",
               genre="通知公告", published="2025-02-28", extra="written: 2025-01-24\n")
    write_item(site, "2025/on-time.md", title="示例县按时发布的通知", index_no="11430000MB0000001B/2025-00041",
               genre="通知公告", published="2025-02-27", extra="written: 2025-01-24\n")
    return site


def test_a_late_item_is_warned_with_its_working_days_across_the_holiday(tmp_path):
    site_root = late_site(tmp_path / "site")
    site, problems = check_site(site_root, epoch("2025-03-05"))
    assert [(p.path, p.code, p.severity.value) for p in problems] == [
        ("content/disclosures/2025/late.md", "disclosure-late", "warning")]
    assert "相隔 21 个工作日" in problems[0].message and "超过《条例》第二十六条规定的 20 个工作日 1 个工作日" in problems[0].message
    late = site.transparency.timeliness.late
    assert [(m.item.title, m.workdays, m.late_by) for m in late] == [("示例县春节后才发布的通知", 21, 1)]


def test_an_old_late_item_is_listed_but_no_longer_warned(tmp_path):
    site_root = late_site(tmp_path / "site")
    site, problems = check_site(site_root, epoch("2025-06-30"))
    assert problems == []
    assert [m.item.title for m in site.transparency.timeliness.late] == ["示例县春节后才发布的通知"]


def test_a_change_date_restarts_the_twenty_working_days(tmp_path):
    site_root = make_mini_site(tmp_path / "site")
    write_item(site_root, "2025/changed.md", title="示例县调整后的收费标准", index_no="11430000MB0000001B/2025-00042",
               genre="行政事业性收费", published="2025-03-14", extra="written: 2024-06-03\nchanged: 2025-03-10\n")
    site, problems = check_site(site_root, epoch("2025-03-20"))
    assert problems == []
    (measured,) = [m for m in site.transparency.timeliness.measures if m.item.title == "示例县调整后的收费标准"]
    assert (measured.start_label, measured.workdays, measured.late) == ("变更日期", 4, False)


def test_rates_per_agency_and_year(tmp_path):
    site_root = late_site(tmp_path / "site")
    site, _ = check_site(site_root, epoch("2025-06-30"))
    timeliness = site.transparency.timeliness
    (finance_2025,) = [r for r in timeliness.rates if r.agency_id == "demo-finance" and r.year == 2025]
    # 2025: budget (no written), new-rule (no written), late, on-time → 4 published, 2 measured, 1 late.
    assert (finance_2025.published, finance_2025.measured, finance_2025.late, finance_2025.rate_label) == (4, 2, 1, "50.0%")
    assert timeliness.chart is not None and "50.0%（1/2）" in timeliness.chart.description


def test_the_audit_finds_a_stale_column_and_names_the_file(tmp_path):
    site_root = make_mini_site(tmp_path / "site")
    write_item(site_root, "2025/news.md", title="示例县召开会议", index_no="11430000MB0000001B/2025-00050",
               genre="工作动态", published="2025-03-20")
    write_item(site_root, "2025/notice.md", title="示例县通知", index_no="11430000MB0000001B/2025-00051",
               genre="通知公告", published="2025-04-09")
    site, problems = check_site(site_root, epoch("2025-04-10"))
    assert problems == []
    signals = site.transparency.audit.signals
    assert [(s.code, s.file) for s in signals if s.code in ("column-idle", "home-stale")] == [
        ("column-idle", "content/disclosures/2025/news.md")]
    assert "“工作动态”栏目最近一条发布于 2025-03-20，已 21 天未更新" in [s for s in signals if s.code == "column-idle"][0].message
    fresh, _ = check_site(site_root, epoch("2025-04-02"))
    assert [s for s in fresh.transparency.audit.signals if s.code == "column-idle"] == []


def test_the_audit_finds_a_stale_home_page_and_missing_reports(tmp_path):
    site_root = make_mini_site(tmp_path / "site")
    site, _ = check_site(site_root, epoch("2025-04-10"))
    signals = site.transparency.audit.signals
    assert [s.file for s in signals if s.code == "home-stale"] == ["content/disclosures/"]
    assert [s.file for s in signals if s.code == "report-missing"] == [
        "content/reports/2024/demo-finance.yaml", "content/reports/2024/demo-gov.yaml", "content/reports/2024/index.yaml"]
    assert any(s.veto for s in signals if s.code == "home-stale")
