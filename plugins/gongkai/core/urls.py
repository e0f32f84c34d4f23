"""The rule for addresses written in content (the URLs the site publishes are in addresses.py).

A licence path, a source, a homepage or an agency website becomes an `href` on a page: only
http(s), mailto and tel addresses and paths on this site are allowed, judged on the address as a
browser would read it (entities decoded, controls and whitespace dropped, any case).
"""

from __future__ import annotations

import html
import re
import unicodedata
from urllib.parse import urlsplit

from .codes import texts

LINK_SCHEMES = ("http", "https", "mailto", "tel")
WEB_SCHEMES = ("http", "https")
_SCHEME = re.compile(r"^([A-Za-z][A-Za-z0-9+.\-]*):")
# What a browser ignores inside or around a URL: ASCII controls, whitespace and invisible format
# characters (so "java\tscript:" and "\x01javascript:" are read as "javascript:").
_IGNORED = re.compile(r"[\x00-\x20\x7f\u00ad\u180e\u200b-\u200f\u2028-\u202e\u2060-\u206f\ufeff]")


def as_browser_reads(value: str) -> str:
    """The address a browser would follow: entities decoded (repeatedly), ignored characters
    dropped, compatibility forms folded (full-width letters)."""
    text = value
    for _ in range(3):
        decoded = html.unescape(text)
        if decoded == text:
            break
        text = decoded
    return _IGNORED.sub("", unicodedata.normalize("NFKC", text))


def address_problem(value: object, *, schemes: tuple = LINK_SCHEMES, site_paths: bool = True) -> tuple[str, str, str] | None:
    """None when `value` may be published as an href; else why not, as codes.texts gives it
    (`address-invalid`, Chinese reason, English reason).

    Allowed: `schemes` (http, https, mailto, tel by default) with a host where one is needed, and,
    when `site_paths`, a path on this site starting with a single "/"."""
    if not isinstance(value, str) or not value.strip():
        return texts("address-invalid/empty")
    shown = value if len(value) <= 80 else value[:79] + "…"
    read = as_browser_reads(value)
    if "\\" in read:
        return texts("address-invalid/backslash", shown=shown)
    if read != value.strip() and (read.lower() != value.strip().lower()):
        return texts("address-invalid/hidden-characters", shown=shown, read=read[:80])
    match = _SCHEME.match(read)
    if match is None:
        if read.startswith("//"):
            return texts("address-invalid/protocol-relative", shown=shown)
        if site_paths and read.startswith("/"):
            return None
        if site_paths:
            return texts("address-invalid/not-full-or-site", shown=shown)
        return texts("address-invalid/not-full", shown=shown)
    scheme = match.group(1).lower()
    if scheme not in schemes:
        return texts("address-invalid/scheme", shown=shown, scheme=match.group(1), allowed="、".join(schemes),
                     or_site="或以“/”开头的本站地址" if site_paths else "", allowed_en=", ".join(schemes))
    if scheme in WEB_SCHEMES:
        try:
            host = urlsplit(read).hostname
        except ValueError:
            host = None
        if not host:
            return texts("address-invalid/no-host", shown=shown)
    return None


# A phone number as written for people (0731-55200001, +86 731 5520 0001, (0731)55200001): digits
# with spaces, hyphens and brackets. Anything else (two numbers, words) is shown but not linked.
PHONE = re.compile(r"\+?[0-9(][0-9 ()\-]{2,30}[0-9]")


def tel_href(phone: object) -> str | None:
    """The `tel:` address that dials `phone`, or None when it is not one plain number."""
    if not isinstance(phone, str) or not PHONE.fullmatch(phone.strip()):
        return None
    return "tel:" + re.sub(r"[ ()]", "", phone.strip())
