"""Personal information in published text and data: resident IDs, mobiles, bank cards, e-mail.

Text is scanned as a person reads it (`piitext.normalize`: NFKC, invisible characters dropped,
look-alike digits mapped) and every finding is mapped back to its place in the original text.
A number may be written in groups (`4301 0219 8001 0112 33`, `138-0013-8000`): digit groups
split by short runs of spaces, hyphens, underscores or dots are joined when the join is a
resident ID, a mobile or a bank card in one of the layouts people use (see `_join_kinds`).
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass

from .piitext import normalize, original_span

KIND_LABELS = {
    "resident-id": ("身份证号码", "resident ID number"),
    "mobile": ("手机号码", "mobile phone number"),
    "bank-card": ("银行卡号", "bank card number"),
    "email": ("电子邮箱", "e-mail address"),
}

# Addresses on these domains (and their subdomains) belong to offices, not persons.
OFFICIAL_EMAIL_DOMAINS = frozenset({"gov.cn", "org.cn"})
# Top-level domains an obfuscated address (`zhangsan#qq.com`, `li(at)163.com`) must end in.
COMMON_TLDS = frozenset({"com", "cn", "net", "org", "edu", "gov", "info", "biz", "top", "vip", "xyz", "cc",
                         "me", "io", "hk", "mo", "tw", "us", "uk", "jp", "co"})

# Words in a column title or just before a number that say "this is a card or account number".
CARD_LABEL_WORDS = ("卡号", "账号", "银行卡", "账户", "card", "account")
CARD_LABEL_WINDOW = 16  # characters before a number searched for a label word
# Words that name another 15-digit number: the old business registration number (注册号) of a
# 个体工商户 has date-like 7th-12th digits, like an old resident ID.
NOT_OLD_ID_WORDS = ("注册号", "执照", "信用代码", "识别号", "税号", "imei", "串号", "订单", "单号", "流水号")

# GB 11643: ISO 7064 MOD 11-2 over the first 17 digits.
RESIDENT_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
RESIDENT_ID_CHECK_CHARS = "10X98765432"
# Fixed rather than "this year" so a scan gives the same answer on every build.
BIRTH_YEARS = range(1900, 2027)
# Province codes (GB/T 2260) of the 15-digit IDs issued before 1999: 6-digit region, yymmdd, 3 digits.
OLD_ID_PROVINCES = frozenset([*range(11, 16), *range(21, 24), *range(31, 38), *range(41, 47), *range(50, 55),
                              *range(61, 66)])
OLD_ID_MAX_PREFECTURE = 40  # digits 3-4: a prefecture (01-40) or 90, the counties a province runs itself

# Separators people put between digit groups: spaces (also U+3000 and no-break spaces), line
# breaks (a Markdown soft break renders as a space), hyphens and dashes, underscores, dots.
SEPARATOR_CHARS = " \t\r\n\u00a0\u2000-\u200a\u202f\u205f\u3000\\-\u2010-\u2015\u2212_.\u00b7\u30fb\u2022"
# A chunk: digit groups joined by at most three separator characters, holding 11 digits or more
# (nothing we look for is shorter). Letters may touch it: `Tel13800138000` is a mobile. The
# quantifiers are possessive: separators and digits never overlap, so backtracking only wastes time.
_CHUNK_RE = re.compile(f"(?<![0-9])[0-9](?:[{SEPARATOR_CHARS}]{{0,3}}+[0-9]){{10,}}+")
_SEPARATORS_RE = re.compile(f"([{SEPARATOR_CHARS}]+)")
_MOBILE_RE = re.compile(r"1[3-9][0-9]{9}")
# How people group a mobile; a list of mobiles in these layouts is split into them. A run that is
# nothing but the number may also be two groups (13800 138000) or single digits.
MOBILE_LAYOUTS = ((3, 4, 4), (3, 8))
# How people group a resident ID (region, birth date, sequence and check): found inside a longer
# run of numbers only in these layouts, as a whole run in any.
ID_LAYOUTS = frozenset({(6, 8, 4), (6, 8, 3), (6, 4, 4, 4), (6, 4, 4, 3), (4, 4, 4, 4, 2), (4, 4, 4, 4, 1),
                        (3, 3, 4, 4, 4), (3, 3, 4, 4, 3), (6, 6, 6), (6, 6, 5)})
_LETTERS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz")
MAX_DIGITS = 19
LENGTHS = frozenset({11, 13, 15, 16, 17, 18, 19})  # mobile, +86 / 0086 mobile, IDs (17 + X), cards

_LOCAL = r"[A-Za-z0-9._%+-]{1,64}"
_LABEL = r"[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?"
_OPEN, _CLOSE = r"[(\[{（【]\s?", r"\s?[)\]}）】]"
_AT = rf"[ \t]{{0,2}}(?:@|(?P<obfuscated>#|{_OPEN}(?:at|AT|At){_CLOSE}))[ \t]{{0,2}}"
_DOT = rf"(?:\.|。|{_OPEN}(?:dot|DOT|Dot){_CLOSE})"
# The local part may not follow a masking character, so `zh**g@qq.com` is not read as `g@qq.com`.
_EMAIL_RE = re.compile(
    rf"(?<![A-Za-z0-9._%+*×-])(?P<local>{_LOCAL}){_AT}"
    rf"(?P<domain>{_LABEL}(?:{_DOT}{_LABEL})*{_DOT}(?P<tld>[A-Za-z]{{2,}}))(?![A-Za-z0-9-])"
)
# "#" also starts Markdown headings: only "#" between letters or digits hints at an address.
_EMAIL_HINT_RE = re.compile(rf"@|[A-Za-z0-9][ \t]{{0,2}}#[ \t]{{0,2}}[A-Za-z0-9]|{_OPEN}(?:at|AT|At){_CLOSE}")
_DOT_RE = re.compile(_DOT)
_X_MASK_RE = re.compile(r"[xX×]{3}")
_NOT_DIGIT_RE = re.compile(r"[^0-9Xx]")
# A short cell can only hold an e-mail address; one of these characters (or "at") is in it.
_SHORT_CELL_HINT_RE = re.compile("[@#\uff20\ufe6b\uff03\ufe5f]|at|AT")


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


def is_old_resident_id(value: str) -> bool:
    """15 digits (issued before 1999): a province and prefecture code, a real birth date 19yymmdd, 3 digits."""
    return (
        len(value) == 15
        and value.isdigit()
        and int(value[:2]) in OLD_ID_PROVINCES
        and (1 <= int(value[2:4]) <= OLD_ID_MAX_PREFECTURE or value[2:4] == "90")
        and is_birth_date("19" + value[6:12])
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


def _has_word(text: str, words) -> bool:
    text = text.lower()
    return any(word in text for word in words)


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
    digits = _NOT_DIGIT_RE.sub("", normalize(value)[0]).upper()
    if kind == "resident-id":
        return digits[:2] + "*" * (len(digits) - 5) + digits[-3:]
    if kind == "mobile":
        digits = digits[-11:]  # drop a +86 / 0086 prefix
        return digits[:3] + "****" + digits[-4:]
    if kind == "bank-card":
        return digits[:4] + "*" * (len(digits) - 8) + digits[-4:]
    raise ValueError(f"unknown kind {kind!r}; expected one of {', '.join(sorted(KIND_LABELS))}")


# --- numbers --------------------------------------------------------------------------------------


def _layout_ok(sizes: tuple, whole: bool) -> bool:
    """Groups joined only when they are the whole chunk (any groups of 3+ digits, or single digits);
    a number inside a longer run of numbers is not picked out of it."""
    if len(sizes) == 1:
        return True
    return whole and (min(sizes) >= 3 or max(sizes) == 1)


def _card_layout(sizes: tuple) -> bool:
    """4-4-4-4, 4-4-4-4-3 ...: groups of four and a shorter last group."""
    return all(size == 4 for size in sizes[:-1]) and 1 <= sizes[-1] <= 4


def _mobile_list(texts: list[str]) -> list[tuple[int, int]] | None:
    """(first, last) group of each mobile when the groups are nothing but mobiles in standard
    layouts (138 0013 8000 139 0013 9000), else None."""
    spans, index = [], 0
    while index < len(texts):
        for layout in MOBILE_LAYOUTS:
            part = texts[index:index + len(layout)]
            if tuple(map(len, part)) == layout and _MOBILE_RE.fullmatch("".join(part)):
                spans.append((index, index + len(layout) - 1))
                index += len(layout)
                break
        else:
            return None
    return spans


def _is_mobile(digits: str, sizes: tuple, seps: list, whole: bool) -> bool:
    """11 digits 1[3-9]..., maybe after +86 / 0086 (glued, or a group of its own with its own separator).
    `whole`: the groups are the whole chunk, or the chunk is a list of mobiles."""
    if len(sizes) == 1:
        for prefix in ("", "86", "0086"):
            if len(digits) == len(prefix) + 11 and digits.startswith(prefix) and _MOBILE_RE.fullmatch(digits[len(prefix):]):
                return True
        return False
    if digits[:sizes[0]] in ("86", "0086"):
        digits, sizes, seps = digits[sizes[0]:], sizes[1:], seps[1:]
    if len(digits) != 11 or _MOBILE_RE.fullmatch(digits) is None or len(set(seps)) > 1:
        return False
    # Three groups of 3-4 digits from a list of statistics (1534 204 5331) are common: only 3-4-4.
    return len(sizes) == 1 or (whole and (sizes in MOBILE_LAYOUTS or len(sizes) == 2 or max(sizes) == 1))


def _join_kinds(digits: str, sizes: tuple, seps: list, *, whole: bool, mobile_list: bool, x_after: bool) -> str:
    """What `digits` (groups of `sizes` joined across `seps`) is: a kind, "old-id" or "".

    An 18-character resident ID is protected by its check character and birth date, so any
    grouping counts; a mobile, card or 15-digit ID needs one separator throughout and a layout
    people use, because eleven digits starting 13-19 are common in tables of numbers."""
    count = len(sizes)
    uniform = len(set(seps)) <= 1
    if any("." in sep for sep in seps) and not (uniform and count >= 3):
        return ""  # 123.45 is an amount, not two groups
    if (len(digits) == 18 or (len(digits) == 17 and x_after)) and (count == 1 or whole or sizes in ID_LAYOUTS):
        if is_resident_id(digits + ("X" if len(digits) == 17 else "")):
            return "resident-id"
    if _is_mobile(digits, sizes, seps, whole or mobile_list):
        return "mobile"
    if not uniform:
        return ""
    if len(digits) == 15 and _layout_ok(sizes, whole) and is_old_resident_id(digits):
        return "old-id"
    if 16 <= len(digits) <= MAX_DIGITS and (_layout_ok(sizes, whole) or _card_layout(sizes)):
        return "bank-card"
    return ""


def _numbers(text: str, context_label: str) -> list[Finding]:
    candidates = []
    for chunk in _CHUNK_RE.finditer(text):
        value, offset, end = chunk.group(), chunk.start(), chunk.end()
        # A check character X ends an ID unless a digit follows it (then it is inside a code).
        x_after = text[end:end + 1] in ("X", "x") and not text[end + 1:end + 2].isdigit()
        if value.isdigit():  # most chunks: one unbroken run
            if len(value) in LENGTHS:
                kind = _join_kinds(value, (len(value),), [], whole=True, mobile_list=False, x_after=x_after)
                if kind:
                    _add(candidates, text, kind, value, offset, end, x_after, context_label)
            continue
        parts = _SEPARATORS_RE.split(value)
        texts, seps = parts[0::2], parts[1::2]
        if len(texts) == 2 and seps[0] == ".":
            continue  # an amount, 12345678901.23: neither part nor both together are a number
        lengths = [len(group) for group in texts]
        if len(texts) == 2 and lengths[0] not in LENGTHS and lengths[1] not in LENGTHS \
                and lengths[0] + lengths[1] not in LENGTHS:
            continue  # a landline 0731-55200001, a date and a number ...
        starts = [offset]
        for length, sep in zip(lengths, seps):
            starts.append(starts[-1] + length + len(sep))
        last = len(texts) - 1
        mobile_list = None  # worked out when first needed
        short_whole = sum(lengths) <= MAX_DIGITS
        for i in range(len(texts)):
            total, first_sep, dotted, uniform = 0, None, False, True
            prefixed = texts[i] in ("86", "0086")
            for j in range(i, len(texts)):
                if j > i:
                    # Every layout that can be picked out of a longer run has 3 digits or more in
                    # each group but the last (and +86 before it): stop at a short group.
                    if lengths[j - 1] < 3 and not (i == 0 and short_whole) and not (prefixed and j - 1 == i):
                        break
                    sep = seps[j - 1]
                    dotted = dotted or "." in sep
                    uniform = uniform and (first_sep is None or sep == first_sep)
                    first_sep = sep if first_sep is None else first_sep
                    if dotted and not uniform:
                        break  # across a decimal point only a run of dots (138.0013.8000) is one number
                total += lengths[j]
                if total > MAX_DIGITS:
                    break
                if total not in LENGTHS:
                    continue
                whole = i == 0 and j == last
                if i == j:
                    # A group touching a lone "." is the integer or decimal part of an amount (13800138000.50).
                    if (i > 0 and seps[i - 1] == ".") or (i < last and seps[i] == "."):
                        continue
                elif not whole and not prefixed:
                    # Inside a longer run of numbers only an ID or card layout or a list of mobiles.
                    if mobile_list is None:
                        mobile_list = _mobile_list(texts) is not None
                    if not mobile_list and (total < 16 or not (tuple(lengths[i:j + 1]) in ID_LAYOUTS
                                                               or _card_layout(tuple(lengths[i:j + 1])))):
                        continue
                digits = "".join(texts[i:j + 1])
                x_used = j == last and x_after
                kind = _join_kinds(digits, tuple(lengths[i:j + 1]), seps[i:j], whole=whole,
                                   mobile_list=bool(mobile_list), x_after=x_used)
                if kind:
                    _add(candidates, text, kind, digits, starts[i], starts[j] + lengths[j], x_used, context_label)
    return _without_overlaps(candidates)


def _without_overlaps(candidates: list[Finding]) -> list[Finding]:
    """Longest first within each cluster of overlapping candidates, so a card is not also
    reported as the mobile-like digits inside it (clusters keep this linear on huge lists)."""
    if len(candidates) < 2:
        return candidates
    chosen: list[Finding] = []
    cluster: list[Finding] = []
    reach = -1
    for candidate in sorted(candidates, key=lambda f: (f.start, f.end)) + [None]:
        if candidate is None or candidate.start >= reach:
            kept: list[Finding] = []
            for finding in sorted(cluster, key=lambda f: (f.start - f.end, f.start)):
                if all(finding.end <= other.start or finding.start >= other.end for other in kept):
                    kept.append(finding)
            chosen += sorted(kept, key=lambda f: f.start)
            cluster = []
        if candidate is not None:
            cluster.append(candidate)
            reach = max(reach, candidate.end)
    return chosen


def _add(candidates, text, kind, digits, start, end, x_after, context_label) -> None:
    x_used = kind == "resident-id" and len(digits) == 17
    finding = _finding(text, kind, digits + ("X" if x_used else ""), start, end + x_used, context_label)
    if finding is not None:
        candidates.append(finding)


def _glue(text: str, start: int, end: int) -> bool | None:
    """Whether letters touch text[start:end] (`Tel13800138000`: True); None when the letters are part of
    a longer code with more digits in it (a hex digest, `A1B13800138000`), which is not a number at all."""
    before = start
    while before > 0 and text[before - 1] in _LETTERS:
        before -= 1
    after = end
    while after < len(text) and text[after] in _LETTERS:
        after += 1
    if (before < start and text[before - 1:before].isdigit()) or (after > end and text[after:after + 1].isdigit()):
        return None
    return before < start or after > end


def _finding(text, kind, value, start, end, context_label) -> Finding | None:
    glued = _glue(text, start, end)
    if glued is None:
        return None
    if kind == "resident-id":
        return Finding(kind, start, end, mask(kind, value))
    if kind == "mobile":
        if len(value) > 11 and text[start - 1:start] == "+":
            start -= 1  # +86
        return Finding(kind, start, end, mask(kind, value))
    nearby = text[max(0, start - CARD_LABEL_WINDOW):start]
    if kind == "old-id":
        # Letters around 15 digits make a serial or order number; a registration number is named.
        if glued or _has_word(nearby, NOT_OLD_ID_WORDS) or _has_word(context_label, NOT_OLD_ID_WORDS):
            return None
        return Finding("resident-id", start, end, mask("resident-id", value))
    network = card_network(value)
    if not network or not luhn_valid(value):
        return None
    # A card number glued to letters (an order number DD6217…) needs a label, like Visa and Mastercard.
    if (network != "unionpay" or glued) and not (has_card_label(context_label) or has_card_label(nearby)):
        return None
    return Finding("bank-card", start, end, mask("bank-card", value))


# --- e-mail ---------------------------------------------------------------------------------------


def _emails(text: str, allowed_email_domains: frozenset) -> list[Finding]:
    findings = []
    for match in _EMAIL_RE.finditer(text):
        local, domain, tld = match.group("local", "domain", "tld")
        domain = _DOT_RE.sub(".", domain)
        obfuscated = match.group("obfuscated") is not None or domain != match.group("domain")
        if obfuscated and tld.lower() not in COMMON_TLDS:
            continue
        if _X_MASK_RE.search(local) or is_official_email_domain(domain, allowed_email_domains):
            continue
        findings.append(Finding("email", match.start(), match.end(), mask("email", f"{local}@{domain}")))
    return findings


# --- the scanner ----------------------------------------------------------------------------------


def scan_text(
    text: str, *, context_label: str = "", allowed_email_domains: frozenset = frozenset()
) -> list[Finding]:
    """Personal information in `text`, sorted by position (offsets into `text` as given).

    A Luhn-valid 16-19 digit number starting 62 (UnionPay, the card Chinese subsidies are paid
    to) is a bank card anywhere; Visa and Mastercard numbers only when `context_label` (a column
    title) or the few characters before the number name a card or account (卡号, 账户, ...).
    E-mail addresses count unless on gov.cn, org.cn or `allowed_email_domains`.
    """
    scanned, origin = normalize(text)
    findings = _numbers(scanned, context_label)
    if ("@" in scanned or "#" in scanned or "at" in scanned or "AT" in scanned) and _EMAIL_HINT_RE.search(scanned):
        findings += _emails(scanned, allowed_email_domains)
    if not findings:
        return []
    if origin is not None:
        findings = [Finding(f.kind, *original_span(origin, f.start, f.end), f.masked) for f in findings]
    return sorted(findings, key=lambda finding: (finding.start, finding.end))


def may_hold(value: str) -> bool:
    """False when `value` is too short to hold anything but an e-mail address and has no sign of one."""
    if len(value) > 10:
        return True
    if value.isascii():
        return "@" in value or "#" in value or "at" in value or "AT" in value
    return _SHORT_CELL_HINT_RE.search(value) is not None


def scan_cell(
    value: str,
    column_name: str = "",
    column_title: str = "",
    *,
    allowed_email_domains: frozenset = frozenset(),
) -> list[Finding]:
    """Personal information in one data cell; the column's name and title label bank cards."""
    if not may_hold(value):
        return []
    return scan_text(
        value,
        context_label=f"{column_name} {column_title}",
        allowed_email_domains=allowed_email_domains,
    )


def redact(text: str) -> str:
    """`text` with everything the scanner finds replaced by its mask, for messages and logs.

    Stricter than the gate: every Luhn-valid Visa or Mastercard number is masked, label or not."""
    findings = scan_text(text, context_label="卡号")
    if not findings:
        return text
    pieces, last = [], 0
    for finding in findings:
        pieces += [text[last:finding.start], finding.masked]
        last = finding.end
    pieces.append(text[last:])
    return "".join(pieces)
