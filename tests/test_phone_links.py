"""Phone numbers dial with one tap: the tel: address of a number, and landlines in running text."""

import pytest

from gongkai.core.markup import render_markdown
from gongkai.core.urls import tel_href


@pytest.mark.parametrize("written, href", [
    ("0731-55200001", "tel:0731-55200001"),
    ("12345", "tel:12345"),
    ("+86 731 5520 0001", "tel:+8673155200001"),
    ("(0731)55200001", "tel:073155200001"),
    (" 0731-55200001 ", "tel:0731-55200001"),
    ("0731-55200001、55200002", None),
    ("工作日 0731-55200001", None),
    ("javascript:alert(1)", None),
    ("", None),
    (None, None),
])
def test_a_plain_number_gets_a_tel_address_and_anything_else_none(written, href):
    assert tel_href(written) == href


def test_a_landline_in_a_body_becomes_a_tel_link():
    html = render_markdown("咨询电话：0731-55200523，传真 0731-5520052。")
    assert html == ('<p>咨询电话：<a href="tel:0731-55200523" rel="noopener noreferrer">0731-55200523</a>，'
                    '传真 <a href="tel:0731-5520052" rel="noopener noreferrer">0731-5520052</a>。</p>')


def test_numbers_in_links_code_and_longer_codes_stay_as_written():
    html = render_markdown("[拨打 0731-55200001](tel:0731-55200001) `0731-55200002` 订单 20240731-55200001 "
                           "编号 0731-552000011")
    assert html.count("<a ") == 1
    assert "<code>0731-55200002</code>" in html and "20240731-55200001 " in html and "0731-552000011" in html
