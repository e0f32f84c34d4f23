"""The scanner sees through every evasion class the red team used, in several variants each.

Every case gives the text around the number and where the number is, so the expected finding
(kind, start, end, mask) is written out here, not produced by the scanner.
"""

import pytest

from gongkai.core.pii import scan_cell, scan_text
from piicases import CARD, CARD_MASK, MOBILE_MASK, PERSON, PERSON_MASK, PERSON_X, resident_id


def findings(text, **options):
    return [(f.kind, f.start, f.end, f.masked) for f in scan_text(text, **options)]


def around(variant: str, kind: str, masked: str, *, before="名单：", after="。", skip=0, drop=0):
    """(text, expected) for `variant` between `before` and `after`; the finding covers the variant
    minus `skip` characters at its start and `drop` at its end."""
    start = len(before) + skip
    return before + variant + after, [(kind, start, len(before) + len(variant) - drop, masked)]


ID_SPLIT = [
    "4301 0219 8001 0112 33",
    "430102 19800101 1233",
    "430102-19800101-1233",
    "430102\u300019800101\u30001233",  # ideographic space, as a Chinese IME types it
    "430102\u00a019800101\u00a01233",  # no-break space pasted from Word
    "430102\u201319800101\u20131233",  # en dash
    "430102\u201019800101\u20101233",  # Unicode hyphen
    "430102\uff0d19800101\uff0d1233",  # full-width hyphen-minus
    "430102_19800101_1233",
    "430102 - 19800101 - 1233",
    "4301.0219.8001.0112.33",
    "430102 19800101-1233",  # mixed separators: the check character still proves it
    "430102\n198001011233",  # a Markdown soft line break renders as a space
    "430102\u3000\u300019800101\u3000\u30001233",
    "4 3 0 1 0 2 1 9 8 0 0 1 0 1 1 2 3 3",
    "43-01-02-19-80-01-01-12-33",
]


@pytest.mark.parametrize("variant", ID_SPLIT)
def test_resident_id_split_by_separators_found(variant):
    text, expected = around(variant, "resident-id", PERSON_MASK)
    assert findings(text) == expected


def test_resident_id_with_check_x_split_found():
    text, expected = around("110105 19491231 002X", "resident-id", "11*************02X")
    assert findings(text) == expected
    text, expected = around("110105-19491231-002x", "resident-id", "11*************02X")
    assert findings(text) == expected


INVISIBLE = ["\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\u00ad", "\u034f", "\ufe0f", "\u180e", "\u2062",
             "\U000e0041", "\u0301", "\u3164", "\u200b\u200b\u2060"]


@pytest.mark.parametrize("mark", INVISIBLE, ids=[f"U+{ord(m[0]):04X}" for m in INVISIBLE])
def test_invisible_characters_inside_a_resident_id_found(mark):
    variant = PERSON[:4] + mark + PERSON[4:10] + mark + PERSON[10:]
    text, expected = around(variant, "resident-id", PERSON_MASK)
    assert findings(text) == expected


@pytest.mark.parametrize("mark", ["\u200b", "\u2060", "\u00ad", "\ufeff"])
def test_invisible_characters_inside_a_mobile_and_a_card_found(mark):
    text, expected = around("138" + mark + "0013" + mark + "8000", "mobile", MOBILE_MASK)
    assert findings(text) == expected
    text, expected = around(mark.join(CARD[i:i + 4] for i in range(0, 19, 4)), "bank-card", CARD_MASK)
    assert findings(text) == expected


@pytest.mark.parametrize(("before", "variant", "after", "kind", "masked"), [
    ("Tel", "13800138000", "", "mobile", MOBILE_MASK),
    ("TEL:", "13800138000", "", "mobile", MOBILE_MASK),
    ("mobile", "13800138000", "call", "mobile", MOBILE_MASK),
    ("abc", "13800138000", "xyz", "mobile", MOBILE_MASK),
    ("手机", "13800138000", "号", "mobile", MOBILE_MASK),
    ("ID", PERSON, "", "resident-id", PERSON_MASK),
    ("身份证号", PERSON, "号", "resident-id", PERSON_MASK),
    ("zs", PERSON, "abc", "resident-id", PERSON_MASK),
    ("No.", CARD, "", "bank-card", CARD_MASK),
    ("Card", CARD, "end", "bank-card", CARD_MASK),
])
def test_numbers_glued_to_letters_found(before, variant, after, kind, masked):
    text, expected = around(variant, kind, masked, before=before, after=after)
    assert findings(text) == expected


def _digits_in(zero: int, number: str) -> str:
    return "".join(chr(zero + int(digit)) for digit in number)


SCRIPTS = {
    "full-width": 0xFF10,
    "mathematical bold": 0x1D7CE,
    "mathematical double-struck": 0x1D7D8,
    "mathematical sans-serif": 0x1D7E2,
    "mathematical sans-serif bold": 0x1D7EC,
    "mathematical monospace": 0x1D7F6,
    "segmented": 0x1FBF0,
    "Arabic-Indic": 0x0660,
    "Extended Arabic-Indic": 0x06F0,
    "Devanagari": 0x0966,
    "Bengali": 0x09E6,
}


@pytest.mark.parametrize("zero", SCRIPTS.values(), ids=SCRIPTS.keys())
def test_look_alike_digits_found(zero):
    text, expected = around(_digits_in(zero, "13800138000"), "mobile", MOBILE_MASK)
    assert findings(text) == expected
    text, expected = around(_digits_in(zero, PERSON), "resident-id", PERSON_MASK)
    assert findings(text) == expected


def test_mixed_widths_and_circled_digits_found():
    text, expected = around("１３８0013８０００", "mobile", MOBILE_MASK)
    assert findings(text) == expected
    circled = "①③⑧⓪⓪①③⑧⓪⓪⓪"
    text, expected = around(circled, "mobile", MOBILE_MASK)
    assert findings(text) == expected
    text, expected = around("４３０１０２ １９８００１０１ １２３３", "resident-id", PERSON_MASK)
    assert findings(text) == expected


@pytest.mark.parametrize("variant", ["一三八〇〇一三八〇〇〇", "一三八零零一三八零零零", "幺三八〇〇幺三八〇〇〇", "壹叁捌零零壹叁捌零零零",
                                     "一三八 〇〇一三 八〇〇〇"])
def test_mobile_in_chinese_numerals_found(variant):
    text, expected = around(variant, "mobile", MOBILE_MASK, before="联系电话")
    assert findings(text) == expected


def test_resident_id_in_chinese_numerals_found():
    numerals = "".join("〇一二三四五六七八九"[int(d)] for d in PERSON)
    text, expected = around(numerals, "resident-id", PERSON_MASK, before="身份证")
    assert findings(text) == expected


OLD_ID = "430102800101123"  # 15 digits: region 430102, born 1980-01-01, sequence 123


@pytest.mark.parametrize("variant", [OLD_ID, "430102 800101 123", "430102-800101-123", "４３０１０２８００１０１１２３"])
def test_old_15_digit_resident_id_found(variant):
    text, expected = around(variant, "resident-id", "43**********123", before="身份证号码：")
    assert findings(text) == expected


@pytest.mark.parametrize("text", [
    "430102801301123",  # month 13
    "430102800230123",  # 30 February
    "990102800101123",  # no such province
    "注册号：430102600123456",  # the old business registration number of a 个体工商户
    "营业执照 430102600123456",
])
def test_15_digit_numbers_that_are_not_ids_not_found(text):
    assert findings(text) == []


def test_15_digit_registration_number_column_not_an_id():
    assert scan_cell("430102600123456", "reg_no", "注册号") == []
    assert [f.kind for f in scan_cell("430102600123456", "id_no", "身份证号")] == ["resident-id"]


@pytest.mark.parametrize(("variant", "skip"), [
    ("+86 138 0013 8000", 0),
    ("+86-138-0013-8000", 0),
    ("+86 138-0013-8000", 0),
    ("+8613800138000", 0),
    ("+86 13800138000", 0),
    ("0086 138 0013 8000", 0),
    ("0086-13800138000", 0),
    ("8613800138000", 0),
    ("(+86) 13800138000", 6),
    ("＋８６ １３８ ００１３ ８０００", 0),
    ("+86\u3000138\u30000013\u30008000", 0),
    ("138 0013 8000", 0),
    ("138-0013-8000", 0),
    ("138.0013.8000", 0),
    ("138 00138000", 0),
    ("1380013 8000", 0),
    ("13800 138000", 0),
    ("1 3 8 0 0 1 3 8 0 0 0", 0),
])
def test_mobile_with_prefix_and_separators_found(variant, skip):
    text, expected = around(variant, "mobile", MOBILE_MASK, before="手机：", skip=skip)
    assert findings(text) == expected


def test_resident_id_in_a_standard_layout_inside_a_longer_run_found():
    text = "第 12 号 430102 19800101 1233 7 户"
    assert findings(text) == [("resident-id", 7, 27, PERSON_MASK)]


def test_card_glued_to_letters_found_when_labelled():
    assert findings(f"DD{CARD}") == []
    assert findings(f"卡号：DD{CARD}") == [("bank-card", 5, 24, CARD_MASK)]


def test_lists_of_mobiles_found():
    text = "手机:138-0013-8000,139-0013-9000"
    assert findings(text) == [("mobile", 3, 16, MOBILE_MASK), ("mobile", 17, 30, "139****9000")]
    text = "手机 138 0013 8000 139 0013 9000"
    assert findings(text) == [("mobile", 3, 16, MOBILE_MASK), ("mobile", 17, 30, "139****9000")]
    text = "手机 13800138000 13900139000"
    assert findings(text) == [("mobile", 3, 14, MOBILE_MASK), ("mobile", 15, 26, "139****9000")]


@pytest.mark.parametrize("variant", [
    " ".join(CARD[i:i + 4] for i in range(0, 19, 4)),
    "-".join(CARD[i:i + 4] for i in range(0, 19, 4)),
    "\u3000".join(CARD[i:i + 4] for i in range(0, 19, 4)),
    CARD[:6] + " " + CARD[6:],
    _digits_in(0xFF10, CARD),
    _digits_in(0x1D7CE, CARD),
])
def test_bank_card_variants_found(variant):
    text, expected = around(variant, "bank-card", CARD_MASK, before="发放账户")
    assert findings(text) == expected


@pytest.mark.parametrize(("variant", "masked"), [
    ("ｚｈａｎｇｓａｎ＠ｑｑ．ｃｏｍ", "z***@qq.com"),
    ("zhang\u200bsan@qq.com", "z***@qq.com"),
    ("zhangsan\u2060@\u2060qq.com", "z***@qq.com"),
    ("zhangsan#qq.com", "z***@qq.com"),
    ("zhangsan＃qq.com", "z***@qq.com"),
    ("zhangsan(at)qq.com", "z***@qq.com"),
    ("zhangsan[at]qq[dot]com", "z***@qq.com"),
    ("zhangsan（at）163.com", "z***@163.com"),
    ("zhangsan @ qq.com", "z***@qq.com"),
    ("zhangsan@qq。com", "z***@qq.com"),
    ("zhangsan﹫qq.com", "z***@qq.com"),
    ("12345678@qq.com", "1***@qq.com"),
])
def test_email_variants_found(variant, masked):
    text, expected = around(variant, "email", masked, before="邮箱：")
    assert findings(text) == expected


def test_evasions_combined_found():
    variant = "４３０１\u200b０２ 19８0\u2060０１０１－１２３３"
    text, expected = around(variant, "resident-id", PERSON_MASK)
    assert findings(text) == expected


def test_findings_point_at_the_original_text():
    text = "甲：１３８\u200b００１３８０００；乙：430102 19800101 1233；丙：zs＠ｑｑ．ｃｏｍ"
    found = scan_text(text)
    assert [text[f.start:f.end] for f in found] == ["１３８\u200b００１３８０００", "430102 19800101 1233", "zs＠ｑｑ．ｃｏｍ"]


def test_x_inside_a_longer_code_is_not_a_check_character():
    assert findings(PERSON_X + "7") == []
    assert findings(resident_id("43010219800101123")[:17] + "X9") == []
