"""Personal data made for the security tests, computed independently of the scanner.

(A helper module, not a test: tests in this folder import it by name, as tests/ imports support.)
"""

from __future__ import annotations

from test_dataset_safety import luhn_complete, resident_id  # computed there independently of the scanner

PERSON = resident_id("43010219800101123")  # 湖南长沙芙蓉区, born 1980-01-01
assert PERSON == "430102198001011233"
PERSON_MASK = "43*************233"
PERSON_X = resident_id("11010519491231002")  # the example in GB 11643-1999
assert PERSON_X == "11010519491231002X"
MOBILE, MOBILE_MASK = "13800138000", "138****8000"
CARD = luhn_complete("621700123456789012")  # UnionPay, 19 digits
CARD_MASK = CARD[:4] + "*" * 11 + CARD[-4:]
EMAIL, EMAIL_MASK = "zhangsan@qq.com", "z***@qq.com"
SECRETS = [PERSON, PERSON_X, MOBILE, CARD, "zhangsan"]


def assert_no_secret(*texts: str) -> None:
    """None of the made-up personal values appears in any of `texts`, even with its separators removed."""
    for text in texts:
        flat = "".join(char for char in text if char.isalnum())
        for secret in SECRETS:
            assert secret not in text and secret not in flat, f"{secret} printed in clear: {text[:300]}"
