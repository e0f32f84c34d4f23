"""Markdown to safe HTML: the one place where content HTML is sanitized (nh3 allow-list)."""

from __future__ import annotations

import functools

import re

import xml.etree.ElementTree as etree

import markdown
import nh3
from markdown.extensions import Extension
from markdown.inlinepatterns import InlineProcessor

from .urls import as_browser_reads, tel_href

ALLOWED_TAGS = {
    "a", "abbr", "b", "blockquote", "br", "caption", "code", "dd", "del", "div", "dl", "dt",
    "em", "h2", "h3", "h4", "h5", "h6", "hr", "i", "img", "ins", "li", "ol", "p", "pre", "s",
    "span", "strong", "sub", "sup", "table", "tbody", "td", "tfoot", "th", "thead", "tr", "u", "ul",
}
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "abbr": {"title"},
    "img": {"src", "alt", "title", "width", "height"},
    "td": {"colspan", "rowspan", "align"},
    "th": {"colspan", "rowspan", "align", "scope"},
    "ol": {"start"},
}
# No javascript:, data:, vbscript: ... relative URLs are kept (nh3 passes them through).
ALLOWED_SCHEMES = {"http", "https", "mailto", "tel"}
# Tags whose whole content goes, not only the tag.
DROPPED_WITH_CONTENT = {"script", "style", "iframe", "object", "embed", "noscript", "template", "svg", "math", "form", "textarea", "select", "title"}

OUTSIDE = re.compile(r"^(?:[A-Za-z][A-Za-z0-9+.-]*:|//)")

# A landline in running text (咨询电话：0731-55200523): area code, hyphen, 7 or 8 digits.
LANDLINE = r"(?<![0-9-])0[0-9]{2,3}-[0-9]{7,8}(?![0-9-])"


class _PhoneLinks(InlineProcessor):
    """Landlines in a body become tel: links, so a phone dials them with one tap (never inside a link)."""

    ANCESTOR_EXCLUDES = ("a",)

    def handleMatch(self, match, data):
        link = etree.Element("a", {"href": tel_href(match.group(0))})
        link.text = match.group(0)
        return link, match.start(0), match.end(0)


class _PhoneLinkExtension(Extension):
    def extendMarkdown(self, md):
        md.inlinePatterns.register(_PhoneLinks(LANDLINE, md), "gongkai-phone", 45)


_MARKDOWN_EXTENSIONS = ["tables", "sane_lists", "fenced_code", "def_list", "abbr", _PhoneLinkExtension()]


def sanitize(html: str) -> str:
    """Allow-list HTML cleaning; comments are dropped too (they may hide personal data)."""
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        clean_content_tags=DROPPED_WITH_CONTENT,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=ALLOWED_SCHEMES,
        strip_comments=True,
        link_rel="noopener noreferrer",
        attribute_filter=_no_outside_images,
    )


def _no_outside_images(tag: str, attribute: str, value: str) -> str | None:
    """An image that loads from another host (a tracking pixel) keeps no `src`. The check refuses
    such images with a message first; this is the backstop for a form the check did not foresee."""
    if tag == "img" and attribute == "src":
        read = as_browser_reads(value)
        if OUTSIDE.match(read) or read.startswith(("\\", "/\\")):
            return None
    return value


@functools.lru_cache(maxsize=1)
def _converter() -> markdown.Markdown:
    """Building a Markdown instance costs as much as converting a short body: build it once."""
    return markdown.Markdown(extensions=_MARKDOWN_EXTENSIONS, output_format="html")


def render_markdown(text: str) -> str:
    """Markdown body -> sanitized HTML. Headings start at h2 because the page title is the h1."""
    converter = _converter()
    converter.reset()
    html = converter.convert(text)
    html = _demote_h1(html)
    return _wrap_tables(sanitize(html))


def _demote_h1(html: str) -> str:
    return html.replace("<h1>", "<h2>").replace("</h1>", "</h2>").replace("<h1 ", "<h2 ")


def _wrap_tables(html: str) -> str:
    """Wide tables scroll inside their own box on phones instead of widening the page. Done after
    sanitizing, so the box can be keyboard-focusable while clerks still cannot write tabindex/role."""
    box = '<div class="table-scroll" tabindex="0" role="region" aria-label="表格（可左右滑动）">'
    return html.replace("<table>", box + "<table>").replace("</table>", "</table></div>")
