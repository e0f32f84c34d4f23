import pytest

from gongkai.core.pii import Finding, mask, scan_cell, scan_text

# Independent of the code under test: GB 11643 check character and the Luhn check digit.
WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]


def with_check_char(body17):
    remainder = sum(int(d) * w for d, w in zip(body17, WEIGHTS)) % 11
    return body17 + "10X98765432"[remainder]


def wrong_check_char(body17):
    right = with_check_char(body17)[-1]
    return body17 + ("0" if right != "0" else "1")


def luhn_sum(digits):
    total = 0
    for position, char in enumerate(reversed(digits)):
        digit = int(char) * (2 if position % 2 else 1)
        total += digit - 9 if digit > 9 else digit
    return total


def is_luhn(digits):
    return luhn_sum(digits) % 10 == 0


def kinds(findings):
    return [(f.kind, f.start, f.end, f.masked) for f in findings]


GB_EXAMPLE_ID = "11010519491231002X"  # the example number printed in GB 11643-1999


# --- resident ID -------------------------------------------------------------------------


def test_gb_example_resident_id_found():
    assert kinds(scan_text(GB_EXAMPLE_ID)) == [("resident-id", 0, 18, "11*************02X")]


@pytest.mark.parametrize(
    "body", ["43010419850615123", "32058319700101456", "51010220001231789", "35020319000101001"]
)
def test_resident_id_with_computed_check_char_found(body):
    number = with_check_char(body)
    assert [f.kind for f in scan_text(f"名单：{number}")] == ["resident-id"]


def test_resident_id_lowercase_x_found():
    assert kinds(scan_text("11010519491231002x")) == [("resident-id", 0, 18, "11*************02X")]


def test_resident_id_wrong_check_char_not_found():
    assert scan_text(wrong_check_char("43010419850615123")) == []
    assert scan_text("110105194912310021") == []


@pytest.mark.parametrize(
    "birth", ["19990230", "19991301", "19990000", "18991231", "20270101", "21000101"]
)
def test_resident_id_impossible_birth_date_not_found(birth):
    number = with_check_char("430104" + birth + "123")
    assert scan_text(number) == []


def test_resident_id_leap_day_found_only_in_leap_year():
    assert [f.kind for f in scan_text(with_check_char("43010420000229123"))] == ["resident-id"]
    assert scan_text(with_check_char("43010419000229123")) == []


@pytest.mark.parametrize("text", ["1" + GB_EXAMPLE_ID, GB_EXAMPLE_ID + "7", "9" + GB_EXAMPLE_ID[:-1]])
def test_resident_id_inside_longer_run_not_found(text):
    assert scan_text(text) == []


@pytest.mark.parametrize(("text", "start"), [("A" + GB_EXAMPLE_ID, 1), (GB_EXAMPLE_ID + "b", 0), ("ID:" + GB_EXAMPLE_ID, 3)])
def test_resident_id_glued_to_letters_found(text, start):
    assert kinds(scan_text(text)) == [("resident-id", start, start + 18, "11*************02X")]


def test_resident_id_next_to_chinese_characters_found():
    text = "身份证号11010519491231002X。"
    assert kinds(scan_text(text)) == [("resident-id", 4, 22, "11*************02X")]


def test_full_width_resident_id_found_at_same_offsets():
    text = "身份证：１１０１０５１９４９１２３１００２Ｘ"
    assert kinds(scan_text(text)) == [("resident-id", 4, 22, "11*************02X")]


def test_resident_id_starting_62_reported_as_id_not_card():
    # A Gansu number that also happens to pass Luhn must be named for what it is.
    number = next(
        n for n in (with_check_char(f"62010219850101{seq:03d}") for seq in range(1000))
        if n.isdigit() and is_luhn(n)
    )
    assert [f.kind for f in scan_cell(number, "账号")] == ["resident-id"]


# --- mobile ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "start", "end"),
    [
        ("13800138000", 0, 11),
        ("电话13800138000。", 2, 13),
        ("+8613800138000", 0, 14),
        ("+86 138 0013 8000", 0, 17),
        ("+86-138-0013-8000", 0, 17),
        ("0086 13800138000", 0, 16),
        ("8613800138000", 0, 13),
        ("手机：138 0013 8000", 3, 16),
        ("手机：138-0013-8000", 3, 16),
        ("联系人张三19912345678", 5, 16),
    ],
)
def test_mobile_found(text, start, end):
    findings = scan_text(text)
    assert [(f.kind, f.start, f.end) for f in findings] == [("mobile", start, end)]
    assert findings[0].masked in {"138****8000", "199****5678"}


def test_mobile_masks_keep_first_three_and_last_four():
    assert [f.masked for f in scan_text("+86 138 0013 8000；19912345678")] == [
        "138****8000",
        "199****5678",
    ]


@pytest.mark.parametrize(
    "text",
    [
        "138001380001",  # 12 digits
        "1380013800",  # 10 digits
        "12800138000",  # no 12x mobile block
        "0731-52345678",  # landline
        "(0731)52345678",
        "073152345678",
        "400-800-8888",
        "13800138000.50",  # an amount, not a phone
        "138-0013 8000",  # mixed separators are not one number
    ],
)
def test_not_a_mobile(text):
    assert scan_text(text) == []


# --- masked forms ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "138****1234",
        "138xxxx1234",
        "4301**********1234",
        "43010419850615****",
        "4301××××××××××1234",
        "35*************123",
        "6222 **** **** 1234",
        "6222********1234",
        "z***@qq.com",
        "zh**g@qq.com",
        "zhxxx@163.com",
    ],
)
def test_masked_forms_not_found(text):
    assert scan_cell(text, "身份证号码 卡号") == []


# --- bank cards --------------------------------------------------------------------------


def test_unionpay_luhn_valid_found_without_label():
    assert kinds(scan_text("6200000000000005")) == [("bank-card", 0, 16, "6200********0005")]
    assert kinds(scan_text("发放至6205500000000000004")) == [
        ("bank-card", 3, 22, "6205***********0004")
    ]


def test_unionpay_grouped_digits_found():
    text = "6205 5000 0000 0000 004"
    assert kinds(scan_text(text)) == [("bank-card", 0, 23, "6205***********0004")]
    assert kinds(scan_text("6200-0000-0000-0005")) == [("bank-card", 0, 19, "6200********0005")]


def test_unionpay_luhn_invalid_not_found():
    assert scan_text("6200000000000006") == []
    assert scan_cell("6200000000000006", "bank_card", "银行卡号") == []


def test_visa_found_only_with_card_label():
    visa = "4111111111111111"
    assert is_luhn(visa)
    assert scan_text(visa) == []
    assert scan_cell(visa, "amount", "金额") == []
    assert kinds(scan_cell(visa, "card_no", "卡号")) == [("bank-card", 0, 16, "4111********1111")]
    assert [f.kind for f in scan_cell(visa, "", "银行卡")] == ["bank-card"]
    assert [f.kind for f in scan_text(f"收款账户：{visa}")] == ["bank-card"]
    assert [f.kind for f in scan_text(visa, context_label="Account")] == ["bank-card"]


def test_label_far_before_number_does_not_count():
    text = "卡号见附件。" + "本年度发放情况说明如下" * 3 + "4111111111111111"
    assert scan_text(text) == []


def test_mastercard_with_label_found_and_unknown_prefix_not():
    assert [f.kind for f in scan_cell("5555555555554444", "卡号")] == ["bank-card"]
    unknown = "9558" + "00000000000"
    unknown += str((10 - luhn_sum(unknown + "0") % 10) % 10)
    assert is_luhn(unknown)
    assert scan_cell(unknown, "卡号") == []


# --- e-mail ------------------------------------------------------------------------------


@pytest.mark.parametrize("address", ["xxgk@hunan.gov.cn", "office@gov.cn", "info@redcross.org.cn"])
def test_official_email_not_found(address):
    assert scan_text(f"联系邮箱：{address}。") == []


@pytest.mark.parametrize("address", ["zhangsan@qq.com", "Li.Si_1990@163.com", "a@vip.sina.com.cn"])
def test_personal_email_found(address):
    text = f"联系邮箱：{address}。"
    assert [(f.kind, f.start, f.end) for f in scan_text(text)] == [("email", 5, 5 + len(address))]


def test_email_allow_list_domain_and_subdomains_not_found():
    allowed = frozenset({"hnu.edu.cn"})
    assert scan_cell("jw@hnu.edu.cn", allowed_email_domains=allowed) == []
    assert scan_cell("jw@mail.hnu.edu.cn", allowed_email_domains=allowed) == []
    assert [f.kind for f in scan_cell("jw@nothnu.edu.cn", allowed_email_domains=allowed)] == [
        "email"
    ]


def test_full_width_email_found():
    assert kinds(scan_text("邮箱：ｚｓ＠ｑｑ．ｃｏｍ")) == [("email", 3, 12, "z***@qq.com")]


def test_short_cell_email_found():
    assert kinds(scan_cell("a@qq.com")) == [("email", 0, 8, "a***@qq.com")]


# --- everything together -----------------------------------------------------------------


def test_findings_sorted_by_start():
    text = "张三，zhangsan@qq.com，11010519491231002X，13800138000，6200000000000005"
    assert kinds(scan_text(text)) == [
        ("email", 3, 18, "z***@qq.com"),
        ("resident-id", 19, 37, "11*************02X"),
        ("mobile", 38, 49, "138****8000"),
        ("bank-card", 50, 66, "6200********0005"),
    ]


@pytest.mark.parametrize(
    "text",
    [
        "",
        "2024-03-01",
        "20240301",
        "12345678.90",
        "11431234MB0000001X",
        "11431234MB0000001X/2024-00012",
        "0142768-8/2022-00185",
        "国办公开办函〔2021〕30号",
    ],
)
def test_ordinary_values_have_no_findings(text):
    assert scan_cell(text, "value") == []


def test_mask_values_derived_by_hand():
    assert mask("resident-id", "11010519491231002x") == "11*************02X"
    assert mask("mobile", "+86 138-0013-8000") == "138****8000"
    assert mask("bank-card", "6222 0200 1234 5678") == "6222********5678"
    assert mask("bank-card", "6205500000000000004") == "6205***********0004"
    assert mask("email", "zhangsan@example.com") == "z***@example.com"


def test_mask_unknown_kind_is_an_error():
    with pytest.raises(ValueError, match="unknown kind 'phone'"):
        mask("phone", "13800138000")


def test_finding_never_holds_the_full_value():
    values = [GB_EXAMPLE_ID, "13800138000", "6200000000000005", "zhangsan@qq.com"]
    findings = scan_text("，".join(values))
    assert len(findings) == 4
    for finding, value in zip(findings, values):
        shown = [repr(finding), str(finding), finding.masked, finding.label_zh, finding.label_en]
        assert not any(value.lower() in text.lower() for text in shown)
        assert "value" not in {field for field in Finding.__dataclass_fields__}


def test_finding_labels():
    labels = {f.kind: (f.label_zh, f.label_en) for f in scan_text("13800138000 a@qq.com")}
    assert labels == {
        "mobile": ("手机号码", "mobile phone number"),
        "email": ("电子邮箱", "e-mail address"),
    }
