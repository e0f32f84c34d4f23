"""Personal data made for the security tests, computed here independently of the scanner.

(A helper module, not a test: tests in this folder import it by name, as tests/ imports support.)
"""

from __future__ import annotations

WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]


def resident_id(body17: str) -> str:
    """GB 11643: the 17 digits and their ISO 7064 MOD 11-2 check character."""
    return body17 + "10X98765432"[sum(int(d) * w for d, w in zip(body17, WEIGHTS)) % 11]


def luhn_complete(body: str) -> str:
    """`body` and the Luhn check digit that makes it valid."""
    total = 0
    for position, digit in enumerate(reversed(body)):
        value = int(digit) * (2 if position % 2 == 0 else 1)
        total += value - 9 if value > 9 else value
    return body + str((10 - total % 10) % 10)


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
