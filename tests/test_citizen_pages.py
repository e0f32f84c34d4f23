"""What a citizen reads on the built sample site: the data dictionary in Chinese, one wording of 有效性,
phone numbers that can be tapped, one mark for an empty value, update frequencies in their order."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from support import REPO

pytestmark = pytest.mark.slow

# A landline as written on Chinese sites: area code, hyphen, 7-8 digits (0731-55200001).
LANDLINE = re.compile(r"(?<![\d-])0\d{2,3}-\d{7,8}(?![\d-])")
# Elements whose text is not shown: their phone numbers, dashes and cells are not what a person reads.
UNSHOWN = {"script", "style", "head", "title", "template"}


class PageText(HTMLParser):
    """The text of a page, piece by piece, with the tags around each piece."""

    VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.open: list[tuple[str, dict]] = []
        self.pieces: list[tuple[str, list[tuple[str, dict]]]] = []
        self.cells: list[tuple[str, str]] = []  # (tag, whole text) of every td/dd
        self._cell: list[str] | None = None

    def handle_starttag(self, tag, attrs):
        if tag in self.VOID:
            return
        self.open.append((tag, dict(attrs)))
        if tag in ("td", "dd"):
            self._cell = []

    def handle_endtag(self, tag):
        if tag in ("td", "dd") and self._cell is not None:
            self.cells.append((tag, "".join(self._cell).strip()))
            self._cell = None
        for index in range(len(self.open) - 1, -1, -1):
            if self.open[index][0] == tag:
                del self.open[index:]
                break

    def handle_data(self, data):
        if any(tag in UNSHOWN for tag, _ in self.open) or any("hidden" in attrs for _, attrs in self.open):
            return
        self.pieces.append((data, list(self.open)))
        if self._cell is not None:
            self._cell.append(data)


def read_page(path: Path) -> PageText:
    parser = PageText()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


@pytest.fixture(scope="module")
def pages(sample_build):
    _, output = sample_build
    return {path.relative_to(output).as_posix(): read_page(path) for path in sorted(output.rglob("*.html"))
            if "admin" not in path.relative_to(output).parts}


def test_every_phone_number_on_every_page_is_a_tel_link(pages):
    untappable = {}
    for name, page in pages.items():
        for text, around in page.pieces:
            for number in LANDLINE.findall(text):
                links = [attrs.get("href", "") for tag, attrs in around if tag == "a"]
                if not any(href.startswith("tel:") and re.sub(r"\D", "", href) == re.sub(r"\D", "", number)
                           for href in links):
                    untappable.setdefault(name, []).append(number)
    assert untappable == {}
    assert pages["guide/index.html"].pieces and any(
        LANDLINE.search(text) for text, _ in pages["index.html"].pieces), "the footer shows the site's phone number"


def test_an_empty_value_is_always_written_wu(pages):
    """One rule: a value that is not there is “无” (read out by screen readers), never “—” or a blank cell."""
    dashes = {name: [text for tag, text in page.cells if text in ("—", "-", "–", "--")]
              for name, page in pages.items()}
    assert {name: found for name, found in dashes.items() if found} == {}
    item = item_page(pages, "content/disclosures/2024/agri-fanpin-meeting-2024.md")  # no 成文日期, no 文号, not a 规范性文件
    cells = [text for tag, text in item.cells]
    assert cells.count("无") >= 3


def test_a_blank_field_property_in_the_data_dictionary_says_wu(pages):
    page = pages["datasets/budget-by-function/index.html"]
    rows = dictionary_rows(page)
    assert rows and all(all(cell for cell in row) for row in rows), rows


def dictionary_rows(page: PageText) -> list[list[str]]:
    """The data dictionary's rows (字段名 … 说明), read from the cells in order: seven per row."""
    cells = [text for tag, text in page.cells]
    names = [text for text, around in page.pieces if any(tag == "code" for tag, _ in around)]
    rows = []
    for index, text in enumerate(cells):
        if text in names and index + 7 <= len(cells):
            rows.append(cells[index:index + 7])
    return rows


def test_the_data_dictionary_says_constraints_in_chinese(pages):
    page = pages["datasets/budget-by-function/index.html"]
    text = "".join(piece for piece, _ in page.pieces)
    for raw in ("required:", "unique:", "enum:", "pattern:", "minimum:", "True", "['"):
        assert raw not in text, raw
    rows = {row[0]: row for row in dictionary_rows(page)}
    assert rows["year"][2:6] == ["整数（integer）", "无", "无", "必填，取值 2000 至 2100"]
    assert rows["stage"][5] == "必填，可选值：预算、决算"
    assert rows["function_code"][5] == "必填，格式：3 位数字"
    assert rows["amount"][2:6] == ["整数（integer）", "无", "万元", "必填，不小于 0"]
    register = {row[0]: row for row in dictionary_rows(pages["datasets/disclosure-applications/index.html"])}
    assert register["number"][5] == "必填，不重复"
    assert register["received"][2:4] == ["日期（date）", "如 2024-01-08"]


def item_page(pages, source: str) -> PageText:
    front = (REPO / source).read_text(encoding="utf-8").split("---\n")[1]
    index_no = re.search(r"^index_no: (.+)$", front, re.MULTILINE).group(1)
    return pages[f"disclosures/{re.sub(r'[^0-9A-Za-z-]', '-', index_no)}/index.html"]


def test_a_repealed_document_says_so_in_one_phrase_everywhere_on_its_page(pages):
    """`expires` is the first day a document no longer applies: the page says 自…起, never 失效 beside 废止."""
    page = item_page(pages, "content/disclosures/2024/civil-temp-relief-2024.md")
    text = "".join(piece for piece, _ in page.pieces)
    assert "本文件已废止（自 2025-07-01 起），仅供查阅，不再作为办事依据。" in text
    assert "已废止（自 2025-07-01 起）" in [cell for tag, cell in page.cells]
    assert "失效" not in text
    newer = "".join(piece for piece, _ in item_page(pages, "content/disclosures/2025/civil-temp-relief-2025.md").pieces)
    assert "（已废止）" in newer  # the document it replaced, in the same words
    listing = "".join(piece for piece, _ in pages["disclosures/genre/行政规范性文件/index.html"].pieces)
    assert "已废止" in listing and not re.search(r"(?<!已)废止", listing)


def test_dataset_frequencies_are_browsed_from_most_to_least_frequent(pages):
    order = ["每日", "每周", "每月", "每季度", "每半年", "每年", "不定期", "不再更新"]
    page = pages["datasets/index.html"]
    shown = [text.strip() for text, around in page.pieces
             if any(tag == "a" and "/frequency/" in attrs.get("href", "") for tag, attrs in around)]
    assert len(shown) >= 3
    assert shown == sorted(shown, key=order.index)
