"""Ordinary government text and data are not flagged: the evasion rules must not cry wolf."""

import sys

import pytest

from gongkai.privacy.pii import scan_cell, scan_text
from gongkai.check import check_site
from support import BUILD_EPOCH, REPO

ORDINARY = [
    "123,456.78", "12345678.90", "13800138000.50", "0.13800138000", "1,380,013,800",
    "2024-01-08", "2024.01.08", "2024年1月8日", "2024-01-08 13:45:00", "20240108", "二〇二四年一月八日",
    "11431234MB0000001X/2024-00012", "000014349/2024-00012", "91430100MA4L1234X5", "11431234MB0000001X",
    "清医保发〔2024〕3号", "国办公开办函〔2021〕30号", "湘政办发〔2025〕12号",
    "0731-12345678", "0731 1234 5678", "(0731)12345678", "0731-12345678-8001", "400-800-8888", "12345", "95588",
    "订单号 DD20240108123456", "SN2024010812345", "流水号 202401081234567",
    "192.168.100.200", "10.0.0.1", "1.2.3.4.5.6.7.8.9.10.11",
    "2019 2020 2021 2022 2023", "2019-2020-2021-2022", "15 32 4 2024 11", "153 4204 5331 2045 1234", "1534 2045 331", "1534 204 5331",
    "1.5 2.5 3.5 4.5 5.5 6.5 7.5", "12.50 13.75 14.00 15.25",
    "第1、2、3、4、5、6、7、8、9、10、11条", "一一对应", "三三两两", "第一二三季度",
    "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
    "https://www.gov.cn/zhengce/content/2021-12/20/content_5662336.htm",
    "## 一、总体要求", "C# 与 F#", "#话题# 12345 热线",
    "138****1234", "4301**********1234", "6222 **** **** 1234", "z***@qq.com", "xxgk@hunan.gov.cn",
    "m²、℃、№ 12、①②③、Ⅳ",
    # letters touching digits: codes, not numbers
    "a1b13800138000c9", "f3a913800138000e7d", "DD6217001234567890122", "SN430102800101123", "BJ430102800101123X",
    "纳税人识别号 430102800101123", "税号：430102800101123",
]


@pytest.mark.parametrize("text", ORDINARY)
def test_ordinary_values_have_no_findings(text):
    assert scan_text(text) == []
    assert scan_cell(text, "value", "数值") == []


def test_sample_site_has_no_personal_data_findings():
    """The bundled site passes the whole gate: items, pages, agencies, datasets, READMEs, attachments."""
    site, problems = check_site(REPO, BUILD_EPOCH)
    assert site is not None
    assert [p.render() for p in problems] == []


def test_generated_bench_site_has_no_personal_data_findings(tmp_path):
    sys.path.insert(0, str(REPO / "bench"))
    import generate  # noqa: PLC0415 (bench/ is not a package)

    generate.generate_site(tmp_path / "site", 300, 3, 20)
    site, problems = check_site(tmp_path / "site", BUILD_EPOCH)
    assert site is not None
    assert [p.render() for p in problems if p.code.startswith(("pii-", "attachment-"))] == []
