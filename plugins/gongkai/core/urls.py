"""URL paths of browse pages (DESIGN §4), and the rule for addresses written in content.

A licence path, a source, a homepage or an agency website becomes an `href` on a page: only
http(s), mailto and tel addresses and paths on this site are allowed, judged on the address as a
browser would read it (entities decoded, controls and whitespace dropped, any case).
"""

from __future__ import annotations

import html
import re
import unicodedata
from urllib.parse import quote, urlsplit

LINK_SCHEMES = ("http", "https", "mailto", "tel")
WEB_SCHEMES = ("http", "https")
_SCHEME = re.compile(r"^([A-Za-z][A-Za-z0-9+.\-]*):")
# What a browser ignores inside or around a URL: ASCII controls, whitespace and invisible format
# characters (so "java\tscript:" and "\x01javascript:" are read as "javascript:").
_IGNORED = re.compile(r"[\x00-\x20\x7f\u00ad\u180e\u200b-\u200f\u2028-\u202e\u2060-\u206f\ufeff]")


def segment(value: str) -> str:
    """A value (often Chinese, e.g. 财政、金融、审计) as one percent-encoded path segment."""
    return quote(value, safe="")


def facet_url(kind: str, key: str) -> str:
    return f"disclosures/{kind}/{segment(key)}/"


def dataset_facet_url(kind: str, key: str) -> str:
    return f"datasets/{kind}/{segment(key)}/"


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


def address_problem(value: object, *, schemes: tuple = LINK_SCHEMES, site_paths: bool = True) -> tuple[str, str] | None:
    """None when `value` may be published as an href; else (Chinese reason, English reason).

    Allowed: `schemes` (http, https, mailto, tel by default) with a host where one is needed, and,
    when `site_paths`, a path on this site starting with a single "/"."""
    if not isinstance(value, str) or not value.strip():
        return "网址不能为空。", "The address is empty."
    shown = value if len(value) <= 80 else value[:79] + "…"
    read = as_browser_reads(value)
    if "\\" in read:
        return (f"网址“{shown}”中有反斜杠“\\”，浏览器会把它当成“/”，可能指向别的网站。请改用正斜杠。",
                f"The address '{shown}' contains a backslash, which browsers read as '/'.")
    if read != value.strip() and (read.lower() != value.strip().lower()):
        return (f"网址“{shown}”中有字符实体、空白或不可见字符，浏览器读到的是“{read[:80]}”。请直接写出完整、干净的网址。",
                f"The address '{shown}' contains entities, whitespace or invisible characters (a browser reads '{read[:80]}').")
    match = _SCHEME.match(read)
    allowed = "、".join(schemes)
    if match is None:
        if read.startswith("//"):
            return (f"网址“{shown}”省略了协议（以“//”开头）。站外网址请写完整的 https://…。",
                    f"The address '{shown}' is protocol-relative; write https://… in full.")
        if site_paths and read.startswith("/"):
            return None
        if site_paths:
            return (f"“{shown}”不是完整的网址。站外网址请写 https://…，本站的页面或文件请以“/”开头。",
                    f"'{shown}' is not a full address: write https://… or a site path starting with '/'.")
        return (f"“{shown}”不是完整的网址，请写成 https://… 的形式。", f"'{shown}' is not a full https:// address.")
    scheme = match.group(1).lower()
    if scheme not in schemes:
        return (f"网址“{shown}”使用了不允许的协议“{match.group(1)}:”。只允许 {allowed} 开头的地址"
                + ("或以“/”开头的本站地址" if site_paths else "") + "。",
                f"The address '{shown}' uses the scheme '{match.group(1)}:'; only {', '.join(schemes)} are allowed.")
    if scheme in WEB_SCHEMES:
        try:
            host = urlsplit(read).hostname
        except ValueError:
            host = None
        if not host:
            return (f"网址“{shown}”缺少网站域名，请写成 https://域名/… 的形式。",
                    f"The address '{shown}' has no host; write https://host/….")
    return None


# A phone number as written for people (0731-55200001, +86 731 5520 0001, (0731)55200001): digits
# with spaces, hyphens and brackets. Anything else (two numbers, words) is shown but not linked.
PHONE = re.compile(r"\+?[0-9(][0-9 ()\-]{2,30}[0-9]")


def tel_href(phone: object) -> str | None:
    """The `tel:` address that dials `phone`, or None when it is not one plain number."""
    if not isinstance(phone, str) or not PHONE.fullmatch(phone.strip()):
        return None
    return "tel:" + re.sub(r"[ ()]", "", phone.strip())
