"""Annual reports: the national format's arithmetic, 表二 from the catalogue, the consolidated
report, and the exact problems a clerk sees (row, column, line)."""

from __future__ import annotations

from decimal import Decimal

from gongkai.check import check_site

from report_fixtures import (APPEALS, PROACTIVE, TEXTS, epoch, report_text, rules_site, table3_yaml, write_report)

BUILD = epoch("2026-03-10")
REL = "content/reports/2025/demo-finance.yaml"


def problems_of(site_root, build=BUILD):
    site, problems = check_site(site_root, build)
    return site, [(p.path, p.line, p.column, p.code, p.field) for p in problems]


def line_of(path, text: str) -> int:
    return next(number for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if text in line)


def test_a_report_that_adds_up_is_accepted_and_its_totals_are_filled(tmp_path):
    site_root = rules_site(tmp_path / "site")
    write_report(site_root, "demo-finance", report_text(applications=table3_yaml(totals=False)))
    site, problems = problems_of(site_root)
    assert problems == []
    (report,) = site.transparency.reports
    applications = report.values["applications"]
    assert applications["new"] == {"natural": 3, "business": 1, "research": 0, "public_interest": 0, "legal": 0,
                                   "other": 0, "total": 4}
    assert applications["results_total"]["total"] == 4 and applications["carried_out"]["total"] == 1
    assert report.values["appeals"]["review"]["total"] == 2
    assert report.values["proactive"]["fees"] == {"amount": Decimal("10.25")}
    assert report.heading == "示例县财政局2025年政府信息公开工作年度报告"
    assert report.url == "reports/2025/demo-finance/"


def test_a_wrong_total_is_refused_naming_the_row_the_column_and_the_line(tmp_path):
    site_root = rules_site(tmp_path / "site")
    path = write_report(site_root, "demo-finance", report_text(applications=table3_yaml(overrides={"new": {"total": 5}})))
    site, problems = check_site(site_root, BUILD)
    line = line_of(path, "  new: {")
    column = path.read_text(encoding="utf-8").splitlines()[line - 1].index("total: 5") + 1
    assert [(p.path, p.line, p.column, p.code, p.field) for p in problems] == [
        (REL, line, column, "report-total", "applications.new.total")]
    assert "一、本年新收政府信息公开申请数量" in problems[0].message and "“总计”列填的是 5" in problems[0].message
    assert "应为 4" in problems[0].message
    assert site.transparency.reports == []


def test_one_plus_two_must_equal_three_seven_plus_four_in_every_column(tmp_path):
    site_root = rules_site(tmp_path / "site")
    # 四 carried out: 2 natural instead of 1 (and its row total follows): 一 3 + 二 1 = 4, 三（七） 3 + 四 2 = 5.
    path = write_report(site_root, "demo-finance",
                        report_text(applications=table3_yaml(overrides={"carried_out": {"natural": 2, "total": 2}})))
    _, problems = check_site(site_root, BUILD)
    line = line_of(path, "  carried_out: {")
    text = path.read_text(encoding="utf-8").splitlines()[line - 1]
    assert [(p.line, p.column, p.code, p.field) for p in problems] == [
        (line, text.index("natural: 2") + 1, "report-balance", "applications.carried_out.natural"),
        (line, text.index("total: 2") + 1, "report-balance", "applications.carried_out.total"),
    ]
    assert "“自然人”列对不上" in problems[0].message and "共 4" in problems[0].message and "共 5" in problems[0].message


def test_the_results_total_row_must_be_the_sum_of_the_results(tmp_path):
    site_root = rules_site(tmp_path / "site")
    path = write_report(site_root, "demo-finance", report_text(
        applications=table3_yaml(overrides={"results_total": {"natural": 4, "total": 5}})))
    _, problems = check_site(site_root, BUILD)
    line = line_of(path, "  results_total: {")
    assert [(p.line, p.code, p.field) for p in problems] == [
        (line, "report-total", "applications.results_total.natural"),
        (line, "report-total", "applications.results_total.total"),
    ]
    assert "（七）总计" in problems[0].message


def test_table_two_counts_made_repealed_and_in_force_documents_from_the_catalogue(tmp_path):
    site_root = rules_site(tmp_path / "site")
    write_report(site_root, "demo-finance", report_text())
    site, problems = problems_of(site_root)
    assert problems == []
    proactive = site.transparency.reports[0].values["proactive"]
    assert proactive["normative"] == {"made": 2, "repealed": 1, "in_force": 3}
    assert proactive["rules"] == {"made": 0, "repealed": 0, "in_force": 0}
    assert proactive["licensing"] == {"decisions": 12}


def test_a_hand_entered_number_that_contradicts_the_catalogue_is_refused(tmp_path):
    site_root = rules_site(tmp_path / "site")
    proactive = PROACTIVE + "  normative:   {made: 3, repealed: 1, in_force: 3}\n"
    path = write_report(site_root, "demo-finance", report_text(proactive=proactive))
    site, problems = check_site(site_root, BUILD)
    line = line_of(path, "  normative:")
    assert [(p.line, p.code, p.field) for p in problems] == [(line, "report-contradicts-catalogue",
                                                              "proactive.normative.made")]
    assert "示例县乙办法" in problems[0].message and "示例县丁办法" in problems[0].message
    assert "应为 2" in problems[0].message


def test_a_repealed_document_without_its_date_is_counted_as_repealed_with_a_warning(tmp_path):
    site_root = rules_site(tmp_path / "site")
    path = site_root / "content" / "disclosures" / "rules" / "a.md"
    path.write_text(path.read_text(encoding="utf-8").replace("expires: 2025-06-30\n", ""), encoding="utf-8")
    write_report(site_root, "demo-finance", report_text())
    site, problems = problems_of(site_root)
    assert problems == [("content/disclosures/rules/a.md", 0, 0, "report-repeal-date-missing", "expires")]
    assert site.transparency.reports[0].values["proactive"]["normative"] == {"made": 2, "repealed": 0, "in_force": 3}


def test_every_row_of_the_national_format_is_required(tmp_path):
    site_root = rules_site(tmp_path / "site")
    path = write_report(site_root, "demo-finance", report_text(appeals="", applications=table3_yaml().replace(
        "  withheld_query: {natural: 0, business: 0, research: 0, public_interest: 0, legal: 0, other: 0, total: 0}\n", "")))
    _, problems = check_site(site_root, BUILD)
    table_line = line_of(path, "applications:")
    assert [(p.line, p.code, p.field) for p in problems] == [
        (1, "report-cell-missing", "appeals.direct_suit"),
        (1, "report-cell-missing", "appeals.review"),
        (1, "report-cell-missing", "appeals.suit_after_review"),
        (table_line, "report-cell-missing", "applications.withheld_query"),
    ]


def test_unknown_rows_columns_and_bad_numbers_are_named(tmp_path):
    site_root = rules_site(tmp_path / "site")
    bad = PROACTIVE.replace("{decisions: 3}", "{decisions: 三}").replace("{decisions: 0}", "{decisions: -1}")
    bad += "  penalties: {decisions: 1}\n"
    path = write_report(site_root, "demo-finance", report_text(proactive=bad, appeals=APPEALS.replace("other: 0, pending: 1", "others: 0, pending: 1")))
    _, problems = check_site(site_root, BUILD)
    assert sorted((p.line, p.code) for p in problems) == [
        (line_of(path, "penalty:"), "type-integer"),
        (line_of(path, "enforcement:"), "too-small"),
        (line_of(path, "penalties:"), "report-unknown-row"),
        (line_of(path, "review:"), "report-unknown-column"),
    ]


def test_the_consolidated_report_sums_the_agency_reports_and_refuses_a_wrong_sum(tmp_path):
    site_root = rules_site(tmp_path / "site")
    write_report(site_root, "demo-finance", report_text())
    write_report(site_root, "demo-gov", report_text(proactive=PROACTIVE.replace("{decisions: 12}", "{decisions: 30}")))
    write_report(site_root, "index", f"published: 2026-03-05\n{TEXTS}")
    site, problems = problems_of(site_root)
    assert problems == []
    county = site.transparency.consolidated(2025)
    assert county.agency_id == "demo-gov" and [m.agency_id for m in county.members] == ["demo-finance", "demo-gov"]
    assert county.values["proactive"]["licensing"] == {"decisions": 42}
    assert county.values["proactive"]["fees"] == {"amount": Decimal("20.50")}
    assert county.values["applications"]["new"]["total"] == 8
    assert county.values["appeals"]["review"] == {"upheld": 2, "corrected": 0, "other": 0, "pending": 2, "total": 4}
    assert county.url == "reports/2025/"
    index = write_report(site_root, "index", f"published: 2026-03-05\n{TEXTS}appeals:\n  review: {{upheld: 3}}\n")
    _, problems = check_site(site_root, BUILD)
    assert [(p.path, p.line, p.code, p.field) for p in problems] == [
        ("content/reports/2025/index.yaml", line_of(index, "review:"), "report-contradicts-reports", "appeals.review.upheld")]


def test_a_report_for_a_year_not_over_or_an_unknown_agency_is_refused(tmp_path):
    site_root = rules_site(tmp_path / "site")
    write_report(site_root, "demo-finance", report_text(), year=2026)
    write_report(site_root, "demo-police", report_text())
    write_report(site_root, "Demo_Finance", report_text())
    _, problems = problems_of(site_root)
    assert sorted((p[0], p[3]) for p in problems) == [
        ("content/reports/2025/Demo_Finance.yaml", "report-name-invalid"),
        ("content/reports/2025/demo-police.yaml", "report-unknown-agency"),
        ("content/reports/2026/demo-finance.yaml", "report-year-not-over"),
    ]


def test_a_report_published_after_31_january_is_late(tmp_path):
    site_root = rules_site(tmp_path / "site")
    write_report(site_root, "demo-finance", report_text(published="2026-02-03"))
    site, problems = problems_of(site_root)
    assert problems == [(REL, 1, 1, "report-late", "published")]
    assert site.transparency.reports[0].days_late == 3


def test_links_in_a_report_must_resolve(tmp_path):
    site_root = rules_site(tmp_path / "site")
    texts = TEXTS.replace("未收取信息处理费。", "未收取信息处理费，详见[公开时效](/timeliness/late.csv)和[旧栏目](/xxgk/nb/)。")
    path = write_report(site_root, "demo-finance", f"published: 2026-01-20\n{texts}{PROACTIVE}{table3_yaml()}{APPEALS}")
    _, problems = check_site(site_root, BUILD)
    assert [(p.line, p.code) for p in problems] == [(line_of(path, "other:") + 1, "broken-link")]  # the text's line
    assert "/xxgk/nb/" in problems[0].message


def test_a_number_too_long_to_read_is_refused(tmp_path):
    site_root = rules_site(tmp_path / "site")
    huge = PROACTIVE.replace("{decisions: 12}", "{decisions: " + "9" * 5000 + "}")
    path = write_report(site_root, "demo-finance", report_text(proactive=huge))
    _, problems = check_site(site_root, BUILD)
    assert [(p.line, p.code) for p in problems] == [(line_of(path, "licensing:"), "too-large")]


def test_a_report_named_after_a_mistyped_agency_gets_the_closest_id(tmp_path):
    site_root = rules_site(tmp_path / "site")
    write_report(site_root, "demo-finanse", report_text())
    _, problems = check_site(site_root, BUILD)
    assert [p.code for p in problems] == ["report-unknown-agency"]
    assert problems[0].message == ("文件名“demo-finanse”不是 content/agencies.yaml 中的机构标识。是不是“demo-finance”？"
                       "年度报告的文件名就是报告机关的标识，例如 qx-finance.yaml；全县汇总报告为 index.yaml。")
