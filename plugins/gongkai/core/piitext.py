"""Text normalised for the personal-information scanner, with a map back to the original positions.

What a person reads as a number is what the scanner must see: full-width, mathematical, circled,
superscript and other scripts' digits, letters and "@" become ASCII (Unicode NFKC and digit
values); invisible characters inside a number disappear (zero-width space and joiners, word
joiner, soft hyphen, BOM, tag characters, combining marks, variation selectors, Hangul fillers);
a number written digit by digit in Chinese numerals (一三八〇〇一三八〇〇〇) becomes digits.
Separators (spaces, hyphens, dots) are kept: the scanner decides which digit groups belong together.
"""

from __future__ import annotations

import re
import unicodedata

# NFKC results that matter to the scanner: digits, letters and the characters of an e-mail address.
SIGNIFICANT = frozenset("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz@#+._%-")
# Invisible: format characters (Cf), combining and enclosing marks (Mn, Me), and the
# default-ignorable letters (Hangul fillers) that are neither.
DROPPED_CATEGORIES = frozenset({"Cf", "Mn", "Me"})
INVISIBLE_LETTERS = "\u115f\u1160\u3164\uffa0"
CHINESE_DIGITS = {
    "〇": "0", "零": "0", "一": "1", "幺": "1", "壹": "1", "二": "2", "贰": "2", "三": "3", "叁": "3",
    "四": "4", "肆": "4", "五": "5", "伍": "5", "六": "6", "陆": "6", "七": "7", "柒": "7", "八": "8",
    "捌": "8", "九": "9", "玖": "9",
}
# Shorter runs of Chinese numerals are words (一一对应, 三三两两), not digits.
CHINESE_RUN = 3
# Code points searched for characters to normalise. CJK ideographs, Hangul syllables, surrogates
# and private use hold none; the search takes about 30 ms, once per process, on first use.
_RANGES = ((0x80, 0x3400), (0x4DC0, 0x4E00), (0xA000, 0xAC00), (0xD7A4, 0xD800), (0xF900, 0x20000),
           (0xE0000, 0xE1000))
_CHINESE_TABLE = str.maketrans(CHINESE_DIGITS)


def original_span(origin: list | None, start: int, end: int) -> tuple[int, int]:
    """The span in the original text of normalised text[start:end] (`origin` from `normalize`);
    a character that was replaced maps to all of itself."""
    if origin is None:
        return start, end
    return origin[start], origin[end - 1] + 1


def _replacement(char: str) -> str | None:
    """What `char` becomes ("" when dropped), or None when it stays as it is."""
    category = unicodedata.category(char)
    if category in DROPPED_CATEGORIES or char in INVISIBLE_LETTERS:
        return ""
    if category == "Nd":
        return str(unicodedata.decimal(char))
    if unicodedata.decomposition(char):
        normal = unicodedata.normalize("NFKC", char)
        if normal != char and not SIGNIFICANT.isdisjoint(normal):
            return "".join(c for c in normal if not unicodedata.category(c) in DROPPED_CATEGORIES)
    return None


_table: tuple[re.Pattern, re.Pattern, dict] | None = None
_NUMERAL_RUN = re.compile(f"[{''.join(CHINESE_DIGITS)}]{{{CHINESE_RUN},}}")


def _character_class(codes: list[int]) -> str:
    ranges, start = [], codes[0]
    for previous, code in zip(codes, codes[1:] + [None]):
        if code != previous + 1:
            ranges.append(re.escape(chr(start)) + ("-" + re.escape(chr(previous)) if previous > start else ""))
            start = code
    return "".join(ranges)


def table() -> tuple[re.Pattern, re.Pattern, dict]:
    """(a quick test for anything to normalise, a pattern finding it, {character: replacement}),
    built on first use. Characters beyond the BMP are matched as one range and looked up: a
    character class listing them is checked range by range, 50 times slower."""
    global _table
    if _table is None:
        replacements = {}
        for low, high in _RANGES:
            for code in range(low, high):
                new = _replacement(chr(code))
                if new is not None:
                    replacements[chr(code)] = new
        special = _character_class(sorted(ord(char) for char in replacements if ord(char) < 0x10000))
        special += "\U00010000-\U0010ffff"
        quick = re.compile(f"[{special}]")
        pattern = re.compile(f"(?P<zh>{_NUMERAL_RUN.pattern})|[{special}]+")
        _table = quick, pattern, replacements
    return _table


def normalize(text: str) -> tuple[str, list | None]:
    """(the scanner's reading of `text`, origin) where origin[i] is the index in `text` of the
    character i of the reading, or None when the reading is `text` itself (ASCII text, or text
    with nothing to change: most text, returned without copying)."""
    if text.isascii():
        return text, None
    quick, pattern, replacements = table()
    if quick.search(text) is None and _NUMERAL_RUN.search(text) is None:
        return text, None
    pieces: list[str] = []
    origin: list[int] = []
    last = 0
    for match in pattern.finditer(text):
        start, end = match.span()
        if start > last:
            pieces.append(text[last:start])
            origin.extend(range(last, start))
        if match.group("zh") is not None:
            pieces.append(match.group().translate(_CHINESE_TABLE))
            origin.extend(range(start, end))
        else:
            for index in range(start, end):
                char = text[index]
                new = replacements.get(char, char)  # most characters beyond the BMP stay
                pieces.append(new)
                origin.extend([index] * len(new))
        last = end
    pieces.append(text[last:])
    origin.extend(range(last, len(text)))
    return "".join(pieces), origin
