"""The built sample site: the 政府信息公开 pages, their downloads, one contact source, the audit setting."""

from __future__ import annotations

import csv
import io
import json
import re
import xml.etree.ElementTree as ET
from decimal import Decimal

import pytest
import yaml
from urllib.parse import unquote

from gongkai.build.build import build

pytestmark = pytest.mark.slow


def read_csv(path):
    return list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8"))))


def test_every_page_of_the_gov_cn_structure_is_built(sample_build):
    _, output = sample_build
    for url in ("timeliness/", "reports/", "reports/2025/", "reports/2025/qx-finance/", "apply/", "system/",
                "statutory/", "statutory/20-1/", "audit/", "guide/"):
        assert (output / url / "index.html").is_file(), url
    home = (output / "index.html").read_text(encoding="utf-8")
    catalogue = (output / "disclosures" / "index.html").read_text(encoding="utf-8")
    for title in ("信息公开指南", "信息公开制度", "法定主动公开内容", "政策解读", "信息公开年报", "依申请公开"):
        assert f">{title}</a>" in home and f">{title}</a>" in catalogue, title


def test_the_consolidated_report_adds_up_to_its_members_in_the_downloads(sample_build):
    _, output = sample_build
    county = read_csv(output / "reports" / "2025" / "report.csv")
    assert len(county) == 10 + 25 * 7 + 3 * 5  # 表二, 表三, 表四: every number of the national format
    members = [path for path in (output / "reports" / "2025").glob("*/report.csv")]
    assert len(members) == 6
    sums: dict = {}
    for path in members:
        for record in read_csv(path):
            key = (record["table"], record["row"], record["column"])
            sums[key] = sums.get(key, Decimal(0)) + Decimal(record["value"])
    assert {(r["table"], r["row"], r["column"]): Decimal(r["value"]) for r in county} == sums
    package = json.loads((output / "reports" / "2025" / "datapackage.json").read_text(encoding="utf-8"))
    assert package["resources"][0]["path"] == "report.csv"


def test_the_county_report_page_has_the_national_tables(sample_build):
    _, output = sample_build
    page = (output / "reports" / "2025" / "index.html").read_text(encoding="utf-8")
    for heading in ("一、总体情况", "二、主动公开政府信息情况", "三、收到和处理政府信息公开申请情况",
                    "四、政府信息公开行政复议、行政诉讼情况", "五、存在的主要问题及改进情况", "六、其他需要报告的事项"):
        assert f">{heading}</h2>" in page
    assert "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）" in page
    assert 'rowspan="22"' in page  # 三、本年度办理结果 spans its 22 rows, as on the printed form
    assert "4.无正当理由大量反复申请" in page and "复议后起诉" in page


def test_timeliness_downloads_carry_the_late_items(sample_build):
    root, output = sample_build
    late = read_csv(output / "timeliness" / "late.csv")
    assert {row["index_no"] for row in late} == {"11431234MB1520002E/2025-00024", "11431234MB0000001X/2026-00014"}
    assert {row["late_by"] for row in late} == {"10"}
    rates = read_csv(output / "timeliness" / "timeliness.csv")
    total = [row for row in rates if not row["agency"] and not row["year"]]
    assert total and total[0]["late"] == "2"
    payload = json.loads((output / "timeliness" / "timeliness.json").read_text(encoding="utf-8"))
    assert payload["limit_workdays"] == 20 and len(payload["late"]) == 2
    page = (output / "timeliness" / "index.html").read_text(encoding="utf-8")
    assert '<svg' in page and 'role="img"' in page


def test_the_footer_the_guide_and_the_apply_page_show_the_one_contact_in_agencies_yaml(sample_build):
    root, output = sample_build
    agencies = yaml.safe_load((root / "content" / "agencies.yaml").read_text(encoding="utf-8"))
    (office,) = [a for a in agencies if a.get("site_contact")]
    for url in ("index.html", "guide/index.html", "apply/index.html"):
        page = (output / url).read_text(encoding="utf-8")
        assert office["address"] in page and office["phone"] in page and office["email"] in page, url
    apply = (output / "apply" / "index.html").read_text(encoding="utf-8")
    form = re.search(r'href="([^"]+\.docx)"', apply).group(1)
    assert (output / "apply" / unquote(form)).resolve().is_file()
    assert "medical-insurance-2026-005" in apply  # overdue and still open on the build date
    assert "申请人姓名" not in apply


def test_the_audit_page_follows_its_setting(sample_build, mini_site, tmp_path):
    _, output = sample_build
    sitemap = ET.parse(output / "sitemap.xml").getroot()
    locations = [node.text for node in sitemap.iter("{http://www.sitemaps.org/schemas/sitemap/0.9}loc")]
    assert any(location.endswith("/audit/") for location in locations)  # absolute addresses
    unlisted = tmp_path / "unlisted"
    assert build(mini_site, mini_site / "pelicanconf.py", unlisted, overrides={"GONGKAI_AUDIT_PAGE": "unlisted"}) == 0
    page = (unlisted / "audit" / "index.html").read_text(encoding="utf-8")
    assert '<meta name="robots" content="noindex">' in page
    assert "/audit/" not in (unlisted / "sitemap.xml").read_text(encoding="utf-8")
    assert "audit/" not in (unlisted / "disclosures" / "index.html").read_text(encoding="utf-8")
    off = tmp_path / "off"
    assert build(mini_site, mini_site / "pelicanconf.py", off, overrides={"GONGKAI_AUDIT_PAGE": "off"}) == 0
    assert not (off / "audit").exists()
