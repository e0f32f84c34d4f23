"""Personal information in published text and data: resident IDs, mobiles, bank cards, e-mail."""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass

KIND_LABELS = {
    "resident-id": ("身份证号码", "resident ID number"),
    "mobile": ("手机号码", "mobile phone number"),
    "bank-card": ("银行卡号", "bank card number"),
    "email": ("电子邮箱", "e-mail address"),
}

# Addresses on these domains (and their subdomains) belong to offices, not persons.
OFFICIAL_EMAIL_DOMAINS = frozenset({"gov.cn", "org.cn"})

# Words in a column title or just before a number that say "this is a card or account number".
CARD_LABEL_WORDS = ("卡号", "账号", "银行卡", "账户", "card", "account")
CARD_LABEL_WINDOW = 16  # characters before a number searched for a label word

# GB 11643: ISO 7064 MOD 11-2 over the first 17 digits.
RESIDENT_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
RESIDENT_ID_CHECK_CHARS = "10X98765432"
# Fixed rather than "this year" so a scan gives the same answer on every build.
BIRTH_YEARS = range(1900, 2027)

# A number starts and ends where no ASCII letter or digit touches it (so Chinese characters and
# punctuation are boundaries) and is not the integer or decimal part of an amount like 123.45.
_NUMBER_RE = re.compile(
    r"""
    (?<![0-9A-Za-z])(?<![0-9]\.)
    (?:
        (?P<run>[0-9]{11,19}[Xx]?)
      | (?:(?:\+|00)?86[ -]?)?
        (?P<mobile>1[3-9][0-9](?P<msep>[ -]?)[0-9]{4}(?P=msep)[0-9]{4})
      | (?P<card>[0-9]{4}(?P<csep>[ -])[0-9]{4}(?P=csep)[0-9]{4}(?P=csep)[0-9]{4}
                 (?:(?P=csep)[0-9]{1,3})?)
    )
    (?![0-9A-Za-z])(?!\.[0-9])
    """,
    re.VERBOSE,
)
# The local part may not follow a masking character, so `zh**g@qq.com` is not read as `g@qq.com`.
_EMAIL_RE = re.compile(
    r"(?<![A-Za-z0-9._%+*×-])(?P<local>[A-Za-z0-9._%+-]+)@"
    r"(?P<domain>[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,})(?![A-Za-z0-9-])"
)
_X_MASK_RE = re.compile(r"[xX×]{3}")
_MOBILE_RE = re.compile(r"1[3-9][0-9]{9}")
# Full-width digits and "＠" are mapped one to one onto ASCII, so offsets stay valid.
_FULLWIDTH_TRIGGER = re.compile("[\uff10-\uff19\uff20]")
_FULLWIDTH_TO_ASCII = {code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F)}
_NOT_DIGIT_RE = re.compile(r"[^0-9Xx]")
# Every number we look for has a run of at least three digits (`138 0013 8000`); text without
# one or an "@" is most cells and skips the full expressions.
_DIGIT_RUN_RE = re.compile("[0-9\uff10-\uff19]{3}")


@dataclass(frozen=True)
class Finding:
    """One piece of personal information at text[start:end]; the value itself is never kept."""

    kind: str  # "resident-id" | "mobile" | "bank-card" | "email"
    start: int
    end: int
    masked: str  # safe to show in a report, e.g. "138****8000"

    @property
    def label_zh(self) -> str:
        return KIND_LABELS[self.kind][0]

    @property
    def label_en(self) -> str:
        return KIND_LABELS[self.kind][1]


def resident_id_check_char(body: str) -> str:
    total = sum(int(digit) * weight for digit, weight in zip(body, RESIDENT_ID_WEIGHTS))
    return RESIDENT_ID_CHECK_CHARS[total % 11]


def is_birth_date(yyyymmdd: str) -> bool:
    year, month, day = int(yyyymmdd[:4]), int(yyyymmdd[4:6]), int(yyyymmdd[6:8])
    if year not in BIRTH_YEARS or not 1 <= month <= 12:
        return False
    return 1 <= day <= calendar.monthrange(year, month)[1]


def is_resident_id(value: str) -> bool:
    """18 characters, a check character that fits and a real birth date; region codes unchecked."""
    return (
        len(value) == 18
        and value[:17].isdigit()
        and value[0] != "0"
        and resident_id_check_char(value[:17]) == value[17].upper()
        and is_birth_date(value[6:14])
    )


def luhn_valid(digits: str) -> bool:
    total = 0
    for position, char in enumerate(reversed(digits)):
        digit = ord(char) - 48
        if position % 2:
            digit = digit * 2 - 9 if digit > 4 else digit * 2
        total += digit
    return total % 10 == 0


def card_network(digits: str) -> str:
    """The network by prefix: UnionPay 62 (a finding anywhere), Visa/Mastercard, or none."""
    if digits.startswith("62"):
        return "unionpay"
    if digits[0] == "4" or "51" <= digits[:2] <= "55" or "2221" <= digits[:4] <= "2720":
        return "international"
    return ""


def has_card_label(text: str) -> bool:
    text = text.lower()
    return any(word in text for word in CARD_LABEL_WORDS)


def is_official_email_domain(domain: str, allowed_email_domains: frozenset = frozenset()) -> bool:
    domain = domain.lower().rstrip(".")
    for official in OFFICIAL_EMAIL_DOMAINS | allowed_email_domains:
        official = official.lower().lstrip(".")
        if domain == official or domain.endswith("." + official):
            return True
    return False


def mask(kind: str, value: str) -> str:
    """The display form prescribed by local notices: `35*************123`, `138****1234`."""
    if kind == "email":
        local, _, domain = value.rpartition("@")
        return f"{local[:1]}***@{domain}"
    digits = _NOT_DIGIT_RE.sub("", value.translate(_FULLWIDTH_TO_ASCII)).upper()
    if kind == "resident-id":
        return digits[:2] + "*" * (len(digits) - 5) + digits[-3:]
    if kind == "mobile":
        digits = digits[-11:]  # drop a +86 / 0086 prefix
        return digits[:3] + "****" + digits[-4:]
    if kind == "bank-card":
        return digits[:4] + "*" * (len(digits) - 8) + digits[-4:]
    raise ValueError(f"unknown kind {kind!r}; expected one of {', '.join(sorted(KIND_LABELS))}")


def _classify_run(run: str) -> str:
    """The kind of an unbroken run of 11-19 digits (maybe ending in X), or "" when none."""
    length = len(run)
    if length == 18 and is_resident_id(run):
        return "resident-id"
    if not run[-1].isdigit():
        return ""
    if length == 11 or (length == 13 and run[:2] == "86") or (length == 15 and run[:4] == "0086"):
        return "mobile" if _MOBILE_RE.fullmatch(run[-11:]) else ""
    return "bank-card" if length >= 16 else ""


def _card_finding(text: str, match: re.Match, digits: str, context_label: str) -> Finding | None:
    network = card_network(digits)
    if not network or not luhn_valid(digits):
        return None
    if network != "unionpay":
        nearby = text[max(0, match.start() - CARD_LABEL_WINDOW) : match.start()]
        if not (has_card_label(context_label) or has_card_label(nearby)):
            return None
    return Finding("bank-card", match.start(), match.end(), mask("bank-card", digits))


def scan_text(
    text: str, *, context_label: str = "", allowed_email_domains: frozenset = frozenset()
) -> list[Finding]:
    """Personal information in `text`, sorted by position.

    A Luhn-valid 16-19 digit number starting 62 (UnionPay, the card Chinese subsidies are paid
    to) is a bank card anywhere; Visa and Mastercard numbers only when `context_label` (a column
    title) or the few characters before the number name a card or account (卡号, 账户, ...).
    E-mail addresses count unless on gov.cn, org.cn or `allowed_email_domains`.
    """
    if "@" not in text and "\uff20" not in text and not _DIGIT_RUN_RE.search(text):
        return []
    if not text.isascii() and _FULLWIDTH_TRIGGER.search(text):
        text = text.translate(_FULLWIDTH_TO_ASCII)
    findings: list[Finding] = []
    for match in _NUMBER_RE.finditer(text):
        run, mobile, card = match.group("run", "mobile", "card")
        if mobile is not None:
            findings.append(Finding("mobile", match.start(), match.end(), mask("mobile", mobile)))
            continue
        digits = run if run is not None else card.replace(card[4], "")
        kind = _classify_run(digits) if run is not None else "bank-card"
        if kind == "bank-card":
            finding = _card_finding(text, match, digits, context_label)
            if finding is not None:
                findings.append(finding)
        elif kind:
            findings.append(Finding(kind, match.start(), match.end(), mask(kind, digits)))
    if "@" in text:
        for match in _EMAIL_RE.finditer(text):
            local, domain = match.group("local", "domain")
            if _X_MASK_RE.search(local) or is_official_email_domain(domain, allowed_email_domains):
                continue
            findings.append(Finding("email", match.start(), match.end(), mask("email", match[0])))
        findings.sort(key=lambda finding: (finding.start, finding.end))
    return findings


def scan_cell(
    value: str,
    column_name: str = "",
    column_title: str = "",
    *,
    allowed_email_domains: frozenset = frozenset(),
) -> list[Finding]:
    """Personal information in one data cell; the column's name and title label bank cards."""
    # Nothing we look for is shorter than 11 characters except an e-mail address.
    if len(value) < 11 and "@" not in value:
        return []
    return scan_text(
        value,
        context_label=f"{column_name} {column_title}",
        allowed_email_domains=allowed_email_domains,
    )
