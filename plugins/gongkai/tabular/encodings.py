"""Which encoding a CSV file that failed to decode may really be in.

Almost any bytes decode as GB18030, and all of them as Latin-1, so "it decodes" proves nothing:
a Latin-1 `Année` decodes as GB18030 to `Ann閑`. An encoding is suggested only when the file then
reads as plausible text of that script: UTF-8 when it decodes at all (random bytes rarely do);
GB18030 when nearly every character it yields is a common one (in GB 2312: what Chinese Excel and
WPS write; `閑` is not); Windows-1252 when every character it yields is a Latin letter inside a word
or common punctuation (GB18030 bytes read that way give runs of accented capitals). When more than
one would do, or none, the message says so instead of guessing.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from pathlib import Path

from ..core import sourcefs

# (codec, name shown to the clerk, name in English), in the order they are tried.
CANDIDATES = [
    ("utf-8", "UTF-8", "UTF-8"),
    ("gb18030", "GB18030（GBK，中文 Windows 上 Excel/WPS 的默认编码）", "GB18030 (GBK)"),
    ("cp1252", "Windows-1252（西欧文字，含 Latin-1）", "Windows-1252 (Western European, Latin-1)"),
]
SAMPLE_BYTES = 256 * 1024  # of lines that hold non-ASCII bytes, from the start of the file
COMMON_SHARE = 0.9  # of a GB18030 reading's characters that must be in GB 2312
IN_WORD_SHARE = 0.8  # of a Windows-1252 reading's letters that must touch an ASCII letter
LATIN_PUNCTUATION = set("‘’‚“”„–—…•€£¥§©®°±²³µ¶·¹º»«¿¡×÷¢¤¦¨¬¯´¸¼½¾\u00a0")


@dataclass
class Reading:
    codec: str
    name: str
    name_en: str
    example: str  # the undecodable line as this encoding reads it


def plausible_readings(path: Path, line_bytes: bytes, declared_codec: str) -> list[Reading]:
    """The encodings (other than the declared one) that read `path` as plausible text, with the
    line that failed (`line_bytes`) as each reads it."""
    sample = _non_ascii_lines(path) + [line_bytes]
    readings = []
    for codec, name, name_en in CANDIDATES:
        if codec == declared_codec or (codec == "utf-8" and declared_codec == "utf-8-sig"):
            continue
        texts = _decoded(sample, codec)
        if texts is not None and _reads_as(codec, "".join(texts)):
            readings.append(Reading(codec, name, name_en, _excerpt(texts[-1])))
    return readings


def _non_ascii_lines(path: Path) -> list[bytes]:
    lines, total = [], 0
    with sourcefs.open_binary(path) as stream:
        for line in stream:
            if not line.isascii():
                lines.append(line.removeprefix(b"\xef\xbb\xbf"))
                total += len(line)
                if total >= SAMPLE_BYTES:
                    break
    return lines


def _decoded(lines: list[bytes], codec: str) -> list[str] | None:
    try:
        return [line.decode(codec) for line in lines]
    except UnicodeDecodeError:
        return None


def _reads_as(codec: str, text: str) -> bool:
    others = [c for c in text if not c.isascii()]
    if not others:
        return False
    if any(unicodedata.category(c) in ("Cc", "Cs", "Co", "Cn") or c == "\ufffd" for c in others):
        return False
    if codec == "utf-8":
        return True
    if codec == "gb18030":
        return sum(_in_gb2312(c) for c in others) >= COMMON_SHARE * len(others)
    if codec == "cp1252":
        if any(not c.isalpha() and c not in LATIN_PUNCTUATION for c in others):
            return False
        letters = [i for i, c in enumerate(text) if not c.isascii() and c.isalpha() and c not in LATIN_PUNCTUATION]
        if any(not ("\u00c0" <= text[i] <= "\u024f") for i in letters):
            return False
        in_words = sum(1 for i in letters if _ascii_letter(text, i - 1) or _ascii_letter(text, i + 1))
        return in_words >= IN_WORD_SHARE * len(letters)
    return False


def _in_gb2312(char: str) -> bool:
    try:
        char.encode("gb2312")
    except UnicodeEncodeError:
        return False
    return True


def _ascii_letter(text: str, index: int) -> bool:
    return 0 <= index < len(text) and text[index].isascii() and text[index].isalpha()


def _excerpt(line: str) -> str:
    """Some of the line around its first non-ASCII character: what the clerk compares."""
    start = next((i for i, c in enumerate(line) if not c.isascii()), 0)
    return line[max(0, start - 12): start + 24].strip()
