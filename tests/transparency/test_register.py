"""The application register: 表三 computed from it, deadlines in working days, no personal columns."""

from __future__ import annotations

import datetime as dt
import shutil

from gongkai.check import check_site
from gongkai.transparency.register import REGISTER_DATASET

from report_fixtures import epoch, report_text, rules_site, write_report
from support import REPO

BUILD = epoch("2026-03-10")
HEADER = "number,agency,received,applicant_type,corrected,extended,replied,outcome\n"
# Counted by hand for demo-finance, 2025:
#   2024-001 received 2024-12-20, replied 2025-01-10 → 二 上年结转 (自然人), 三 予以公开
#   2025-001 received 2025-03-03, replied 2025-03-20 → 一 (自然人), 三 予以公开
#   2025-002 received 2025-06-03, replied 2025-06-20 → 一 (商业企业), 三 部分公开
#   2025-003 received 2025-12-22, open at year end → 一 (自然人), 四 结转
#   2025-004 received 2025-09-01, corrected 2025-09-05, extended 2025-09-26, replied 2025-10-30 → 一 (法律服务机构), 三 无法提供：本机关不掌握相关政府信息
#   gov-2025-001 is another agency's and counts nowhere here.
ROWS = """\
fin-2024-001,demo-finance,2024-12-20,自然人,,,2025-01-10,予以公开
fin-2025-001,demo-finance,2025-03-03,自然人,,,2025-03-20,予以公开
fin-2025-002,demo-finance,2025-06-03,商业企业,,,2025-06-20,部分公开
fin-2025-003,demo-finance,2025-12-22,自然人,,,,
fin-2025-004,demo-finance,2025-09-01,法律服务机构,2025-09-05,2025-09-26,2025-10-30,无法提供：本机关不掌握相关政府信息
gov-2025-001,demo-gov,2025-05-06,自然人,,,2025-05-07,予以公开
"""


def add_register(site, rows=ROWS, header=HEADER):
    folder = site / "datasets" / REGISTER_DATASET
    shutil.copytree(REPO / "datasets" / REGISTER_DATASET, folder)
    text = (folder / "datapackage.yaml").read_text(encoding="utf-8")
    text = text.replace("publisher: qx-gov-office", "publisher: demo-gov").replace("modified: 2026-11-20", "modified: 2026-01-05")
    (folder / "datapackage.yaml").write_text(text[: text.index("views:")], encoding="utf-8")
    (folder / "data" / "applications.csv").write_text(header + rows, encoding="utf-8")
    return folder


def test_table_three_is_computed_from_the_register(tmp_path):
    site_root = rules_site(tmp_path / "site")
    add_register(site_root)
    write_report(site_root, "demo-finance", report_text(applications=""))
    site, problems = check_site(site_root, BUILD)
    assert [p.code for p in problems] == []
    values = site.transparency.reports[0].values["applications"]
    nonzero = {row: {column: n for column, n in cells.items() if n} for row, cells in values.items()}
    assert {row: cells for row, cells in nonzero.items() if cells} == {
        "new": {"natural": 2, "business": 1, "legal": 1, "total": 4},
        "carried_in": {"natural": 1, "total": 1},
        "granted": {"natural": 2, "total": 2},
        "partly": {"business": 1, "total": 1},
        "unable_not_held": {"legal": 1, "total": 1},
        "results_total": {"natural": 2, "business": 1, "legal": 1, "total": 4},
        "carried_out": {"natural": 1, "total": 1},
    }
    assert site.transparency.reports[0].computed_from["applications"] == "依申请公开登记表"


def test_a_hand_written_table_three_must_agree_with_the_register(tmp_path):
    site_root = rules_site(tmp_path / "site")
    add_register(site_root)
    write_report(site_root, "demo-finance", report_text())  # the fixture's own 表三: 3 natural new, not 2
    _, problems = check_site(site_root, BUILD)
    codes = {(p.code, p.field) for p in problems}
    assert ("report-contradicts-register", "applications.new.natural") in codes
    assert all(p.code == "report-contradicts-register" for p in problems)


def test_each_reply_is_checked_against_twenty_working_days(tmp_path):
    site_root = rules_site(tmp_path / "site")
    add_register(site_root)
    site, problems = check_site(site_root, BUILD)
    applications = {a.number: a for a in site.transparency.register.applications}
    # 2025-03-03 + 20 working days = 2025-03-31; replied 03-20: on time.
    assert applications["fin-2025-001"].deadline == dt.date(2025, 3, 31) and not applications["fin-2025-001"].overdue
    # Corrected on Fri 2025-09-05, so counted from there: 8-12, 15-19, 22-26 Sep (15), Sun 28 Sep worked,
    # 29, 30 Sep, 1-8 Oct off, 9, 10 Oct: the 20th is 10 Oct; the extension (26 Sep) came in time, so
    # 20 more: Sat 11 Oct worked, 13-17, 20-24, 27-31 Oct, 3-6 Nov: due 2025-11-06; replied 10-30.
    assert applications["fin-2025-004"].deadline == dt.date(2025, 11, 6) and not applications["fin-2025-004"].overdue
    # Still open on 2026-03-10: due 2026-01-20 (22 Dec + 20 working days; 1-2 Jan off, 4 Jan worked).
    late = applications["fin-2025-003"]
    assert late.deadline == dt.date(2026, 1, 20) and late.overdue
    assert [a.number for a in site.transparency.register.overdue()] == ["fin-2025-003"]


def test_the_register_refuses_personal_columns(tmp_path):
    site_root = rules_site(tmp_path / "site")
    folder = add_register(site_root, rows="fin-2025-001,demo-finance,2025-03-03,自然人,,,2025-03-20,予以公开,张三\n",
                          header=HEADER.strip() + ",applicant_name\n")
    text = (folder / "datapackage.yaml").read_text(encoding="utf-8")
    text = text.replace("    primaryKey: number", "    - name: applicant_name\n      title: 申请人姓名\n      type: string\n    primaryKey: number")
    (folder / "datapackage.yaml").write_text(text, encoding="utf-8")
    site, problems = check_site(site_root, BUILD)
    assert [(p.path, p.code) for p in problems] == [(f"datasets/{REGISTER_DATASET}/datapackage.yaml", "register-schema")]
    assert "applicant_name" in problems[0].message and "个人信息" in problems[0].message


def test_register_rows_that_contradict_themselves_are_named_by_line(tmp_path):
    site_root = rules_site(tmp_path / "site")
    rows = ("fin-2025-001,demo-finance,2025-03-03,自然人,,,2025-03-20,\n"
            "fin-2025-002,demo-finance,2025-03-03,自然人,,,2025-03-01,予以公开\n"
            "fin-2025-003,demo-police,2025-03-03,自然人,,,,批准\n")
    add_register(site_root, rows=rows)
    _, problems = check_site(site_root, BUILD)
    assert sorted((p.line, p.column, p.code) for p in problems) == [
        (2, 8, "register-outcome-missing"),
        (3, 7, "register-date-order"),
        (4, 2, "unknown-agency"),
        (4, 7, "register-reply-missing"),
        (4, 8, "register-outcome"),
    ]


def test_a_mistyped_agency_in_the_register_gets_the_closest_id(tmp_path):
    site_root = rules_site(tmp_path / "site")
    add_register(site_root, rows="fin-2025-001,demo-finanse,2025-03-03,自然人,,,2025-03-20,予以公开\n")
    _, problems = check_site(site_root, BUILD)
    assert [(p.line, p.column, p.code, p.message) for p in problems] == [
        (2, 2, "unknown-agency", "受理机关“demo-finanse”不在 content/agencies.yaml 中。是不是“demo-finance”？")]
