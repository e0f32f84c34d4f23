"""Recognising UTF-16 and UTF-32 text (Excel's "Unicode text"), which otherwise looks like NUL bytes."""

from __future__ import annotations

import codecs

BOMS = ((codecs.BOM_UTF32_LE, "UTF-32"), (codecs.BOM_UTF32_BE, "UTF-32"),
        (codecs.BOM_UTF16_LE, "UTF-16"), (codecs.BOM_UTF16_BE, "UTF-16"))
SAMPLE = 4096


def wide_unicode(data: bytes) -> str | None:
    """"UTF-16" or "UTF-32" when the first bytes of a file are text in that encoding, with or
    without a byte-order mark; else None. Without a BOM: UTF-32 text (all of Chinese is in the
    first 65,536 code points) has two NUL bytes on the same side of every 4-byte unit, and UTF-16
    text has its NULs (from digits, commas, line breaks) nearly all at even or all at odd offsets;
    binary files have them everywhere."""
    for bom, name in BOMS:
        if data.startswith(bom):
            return name
    sample = data[:SAMPLE - SAMPLE % 4]
    if len(sample) < 4 or b"\x00" not in sample:
        return None
    units = [sample[i:i + 4] for i in range(0, len(sample), 4)]
    for high, low in ((slice(2, 4), slice(0, 2)), (slice(0, 2), slice(2, 4))):
        text = sum(1 for unit in units if unit[high] == b"\x00\x00" and unit[low] != b"\x00\x00")
        if text * 10 >= len(units) * 9:
            return "UTF-32"
    even = sample[0::2].count(0)
    odd = sample[1::2].count(0)
    if even + odd >= 4 and (even + odd) * 20 >= len(sample) and max(even, odd) * 10 >= (even + odd) * 9:
        return "UTF-16"
    return None
