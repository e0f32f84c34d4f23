"""What a page gives the search index: its searchable text, read from the rendered page, and the
small HTML document of tokens that Pagefind indexes in its place.

The templates declare what is searchable with Pagefind's own attributes: `data-pagefind-body`
(the region), `data-pagefind-ignore` (not searched), `data-pagefind-meta`, `-filter` and `-sort`
(values, read even inside ignored parts) and `data-pagefind-weight`. The element whose text is
the meta value "title" is the title. Other text of weight 1 is the body: searched and shown in
excerpts. Text of any other weight (文号, 索引号, 主题词) is searched with that weight but never
shown, so excerpts are plain Chinese text from the page, not its metadata table.

The index document holds, in this order: the title's tokens and the synonyms of its words
(TITLE_WEIGHT), TITLE_END, the body's tokens, FIELDS, each weighted text's tokens, then the
synonyms (schemas/vocabularies.yaml) of the other words the page holds. Every block ends in a
token that keeps Pagefind from adding a full stop. The search page knows a match is in the title
by its position (facets.json gives each page's title length in tokens). Pagefind reads the
document in a language it does not segment (LANGUAGE): the tokens are already cut (text.py).
"""

from __future__ import annotations

import html
import re
import unicodedata
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field

from . import text

LANGUAGE = "und"
# Marks in the token stream (private-use characters: punctuation to Pagefind, never indexed, and
# nothing a page shows): the end of the title, the end of the body (what follows is never shown).
TITLE_END = "\ue001"
FIELDS = "\ue000"
BODY_WEIGHT = 1.0
TITLE_WEIGHT = 7.0  # Pagefind's own weight for an <h1>
VOID = frozenset({"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"})
# Elements whose text never runs into the next one's ("a<td>b</td><td>c</td>" reads "b c").
BLOCKS = frozenset({"address", "article", "aside", "blockquote", "br", "caption", "dd", "div", "dl", "dt",
                    "figcaption", "figure", "footer", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr",
                    "li", "main", "nav", "ol", "p", "pre", "section", "table", "tbody", "td", "tfoot", "th",
                    "thead", "tr", "ul"})
SKIPPED = frozenset({"script", "style", "template", "svg", "noscript"})
# The pages are our own templates' output and nh3-cleaned HTML (every attribute quoted, no stray
# "<"), so a scan of tags is enough, and several times faster than html.parser: it reads every
# searchable page of the site. A comment or declaration is skipped whole.
TAG = re.compile(r"""<(?:!--.*?-->|![^>]*>|(/?)([A-Za-z][A-Za-z0-9:-]*)((?:\s+[^\s"'>/=]+(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s"'=<>`]+))?)*)\s*/?>)""", re.S)
ATTRIBUTE = re.compile(r"""([^\s"'>/=]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+)))?""")


class NotSearchable(Exception):
    pass


@dataclass
class SearchDoc:
    path: str  # the page, relative to the output folder: disclosures/x/index.html
    title: str = ""
    meta: dict = field(default_factory=dict)  # title, type, agency, date: what a result shows
    filters: dict = field(default_factory=dict)  # filter name -> [values]
    sort: dict = field(default_factory=dict)
    body: str = ""
    fields: list = field(default_factory=list)  # [(weight, text)] in page order

    @property
    def url(self) -> str:
        """The page's site path, as Pagefind gives it: /disclosures/x/."""
        return "/" + self.path.removesuffix("index.html")


def _pairs(value: str, default_key: str | None = None) -> tuple[str, str | None]:
    """Pagefind's "key" (value: the element's text) or "key:value"."""
    key, colon, literal = value.partition(":")
    return key.strip(), (literal.strip() if colon else None)


class _Reader:
    def __init__(self):
        self.stack = []  # (tag, ignored, weight, captures, in_region): the title is ignored as text
        self.captures_open = []  # [kind, key, parts]
        self.body: list[str] = []
        self.weighted: list[tuple[float, list[str]]] = []
        self.meta, self.filters, self.sort = {}, {}, {}
        self.found = False
        self.skip_depth = 0

    # --- the current element's state
    def _top(self):
        return self.stack[-1] if self.stack else ("", False, None, [], False)

    def handle_starttag(self, tag, attrs):
        if tag in VOID:
            self.handle_startendtag(tag, attrs)
            return
        values = dict(attrs)
        _, ignored, weight, _, in_region = self._top()
        if tag in SKIPPED:
            self.skip_depth += 1
        if "data-pagefind-body" in values:
            in_region, self.found = True, True
        if in_region:
            if "data-pagefind-ignore" in values:
                ignored = True
            if values.get("data-pagefind-weight") is not None:
                try:
                    weight = max(0.0, min(10.0, float(values["data-pagefind-weight"])))
                except ValueError:
                    pass
        captures = []
        if in_region:
            for kind in ("meta", "filter", "sort"):
                spec = values.get(f"data-pagefind-{kind}")
                if spec:
                    key, literal = _pairs(spec)
                    if literal is not None:
                        self._record(kind, key, literal)
                    else:
                        if kind == "meta" and key == "title":
                            ignored = True  # the title's text is the title, not body or a field
                        capture = [kind, key, []]
                        self.captures_open.append(capture)
                        captures.append(capture)
        self.stack.append((tag, ignored, weight, captures, in_region))
        if in_region and tag in BLOCKS:
            self._text("\n")

    def handle_startendtag(self, tag, attrs):
        _, _, _, _, in_region = self._top()
        if in_region and tag in BLOCKS:
            self._text("\n")

    def handle_endtag(self, tag):
        if tag in VOID or not any(entry[0] == tag for entry in self.stack):
            return  # a stray end tag changes nothing
        while self.stack:
            name, _, _, captures, in_region = self.stack.pop()
            if name in SKIPPED:
                self.skip_depth -= 1
            for capture in captures:
                self.captures_open.remove(capture)
                self._record(capture[0], capture[1], " ".join("".join(capture[2]).split()))
            if in_region and name in BLOCKS:
                self._text("\n")
            if name == tag:
                break

    def handle_data(self, data):
        self._text(data)

    def _text(self, data: str) -> None:
        if self.skip_depth:
            return
        _, ignored, weight, _, in_region = self._top()
        if not in_region:
            return
        for capture in self.captures_open:
            capture[2].append(data)
        if ignored:
            return
        if weight is None or weight == BODY_WEIGHT:
            self.body.append(data)
        elif self.weighted and self.weighted[-1][0] == weight:
            self.weighted[-1][1].append(data)
        else:
            self.weighted.append((weight, [data]))

    def _record(self, kind: str, key: str, value: str) -> None:
        if not key or not value:
            return
        if kind == "meta":
            self.meta.setdefault(key, value)
        elif kind == "sort":
            self.sort.setdefault(key, value)
        elif value not in self.filters.setdefault(key, []):
            self.filters[key].append(value)


def _scan(page: str, reader: _Reader) -> None:
    """Feed `reader` the tags and text of `page` from its first searchable region on."""
    region = page.find("data-pagefind-body")
    at = page.rfind("<", 0, region) if region >= 0 else len(page)
    for match in TAG.finditer(page, at):
        if match.start() > at:
            reader.handle_data(html.unescape(page[at:match.start()]))
        at = match.end()
        closing, name = match.group(1), match.group(2)
        if name is None:
            continue  # a comment or a declaration
        name = name.lower()
        if closing:
            reader.handle_endtag(name)
        else:
            reader.handle_starttag(name, [(key.lower(), html.unescape(double or single or bare))
                                          for key, double, single, bare in ATTRIBUTE.findall(match.group(3) or "")])
    if at < len(page):
        reader.handle_data(html.unescape(page[at:]))


def read_page(path: str, page: str) -> SearchDoc:
    """The search document of one rendered page (`path` relative to the output folder)."""
    reader = _Reader()
    _scan(page, reader)
    if not reader.found:
        raise NotSearchable(f"{path} 没有 data-pagefind-body 部分，无法编入搜索索引。")
    fields = [(weight, " ".join("".join(parts).split())) for weight, parts in reader.weighted]
    return SearchDoc(path, reader.meta.get("title", ""), reader.meta, reader.filters, reader.sort,
                     _paragraphs("".join(reader.body)), [(weight, value) for weight, value in fields if value])


def _paragraphs(value: str) -> str:
    """Blocks on lines of their own, runs of spaces as one."""
    lines = (" ".join(line.split()) for line in value.split("\n"))
    return "\n".join(line for line in lines if line)


def _normal(value: str) -> str:
    return unicodedata.normalize("NFKC", value).lower()


def synonyms_of(texts: list[tuple[float, str]], groups) -> list[tuple[float, str]]:
    """For each synonym group (tuples of equivalent words) some word of which `texts` ((weight,
    text) pairs) hold: the group's other words, with the weight of the heaviest text holding one."""
    texts = [(weight, _normal(value)) for weight, value in texts]
    by_weight: dict[float, list[str]] = {}
    for group in groups:
        present = [(word, max((weight for weight, value in texts if _normal(word) in value), default=None))
                   for word in group]
        weights = [weight for _, weight in present if weight is not None]
        if not weights:
            continue
        heaviest = max(weights)
        absent = [word for word, weight in present if weight is None]
        if absent:
            by_weight.setdefault(heaviest, []).extend(absent)
    return [(weight, " ".join(words)) for weight, words in sorted(by_weight.items(), reverse=True)]


def _weight(value: float) -> str:
    return f"{value:g}"


def title_tokens(doc: SearchDoc, groups=()) -> list[str]:
    """The title block: the title's tokens, then the tokens of its words' synonyms."""
    found = text.tokens(doc.title)
    for _, words in synonyms_of([(TITLE_WEIGHT, doc.title)], groups):
        found += [text.GAP] + text.tokens(words)
    return found


def index_document(doc: SearchDoc, groups=()) -> bytes:
    """The HTML document Pagefind indexes for `doc`: meta values, the title block, TITLE_END, the
    body's tokens, FIELDS, the weighted texts' tokens and the other synonyms' tokens."""
    html = ET.Element("html", {"lang": LANGUAGE})
    head = ET.SubElement(html, "head")
    ET.SubElement(head, "meta", {"charset": "utf-8"})
    ET.SubElement(head, "title").text = doc.meta.get("title", doc.path)
    page = ET.SubElement(html, "body", {"data-pagefind-body": ""})
    values = ET.SubElement(page, "div", {"data-pagefind-ignore": ""})
    for key, value in sorted(doc.meta.items()):
        ET.SubElement(values, "span", {"data-pagefind-meta": key}).text = value
    title = ET.SubElement(page, "p", {"data-pagefind-weight": _weight(TITLE_WEIGHT)})
    title.text = " ".join(title_tokens(doc, groups) + [TITLE_END])
    body = text.tokens(doc.body.replace("\n", " "))
    ET.SubElement(page, "p").text = " ".join(body + [FIELDS])
    texts = [(BODY_WEIGHT, doc.body)] + doc.fields
    for weight, value in doc.fields + synonyms_of(texts, groups):
        block = ET.SubElement(page, "p", {"data-pagefind-weight": _weight(weight)})
        block.text = " ".join(text.tokens(value) + [text.GAP])
    return b"<!DOCTYPE html>" + ET.tostring(html, encoding="utf-8", method="html", xml_declaration=False)


def routing_terms(doc: SearchDoc, groups=()) -> set[str]:
    """What the shard routing table (tables.py) records for a page: every term its index document
    holds, and the first character of each Han bigram (a one-character query is the start of a
    token)."""
    found: set[str] = set()
    texts = [(BODY_WEIGHT, doc.body)] + doc.fields
    for value in [doc.title] + [value for _, value in texts] + [words for _, words in synonyms_of(
            texts + [(TITLE_WEIGHT, doc.title)], groups)]:
        found |= text.terms(value)
    return found | text.chain_starts(found)
