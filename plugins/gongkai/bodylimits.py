"""The Markdown body rules that keep rendering fast and shallow: size, nesting, costly characters.

Each rule reads only the source and over-estimates what Python-Markdown and nh3 will do with it,
so a body that passes renders within the budget of limits.py; the measurements are there too.
"""

from __future__ import annotations

import functools
import re


import markdown

from . import limits
from .problems import Problem, problem

# Characters from which an inline pattern may scan ahead to the end of its paragraph.
SCANNING = "[<`*_&\\"
_SCANNING_TABLE = str.maketrans("", "", SCANNING)
# Python-Markdown's own notion of a blank line (its whitespace normalisation): spaces and tabs only.
BLANK = re.compile(r"[ \t]*")
# Python-Markdown's list item lines, by kind (sane_lists keeps the kinds apart).
UNORDERED_ITEM = re.compile(r"[ ]{0,3}[*+-][ ]+")
ORDERED_ITEM = re.compile(r"[ ]{0,3}\d+\.[ ]+")
# A thematic break: its dashes or stars are no list markers (Python-Markdown's HR pattern).
THEMATIC_BREAK = re.compile(r"[ ]{0,3}(?:(?:-+[ ]{0,2}){3,}|(?:_+[ ]{0,2}){3,}|(?:\*+[ ]{0,2}){3,})[ ]*")
# Anything that may open a nesting level at the start of a line: a quote mark or a list marker.
CONTAINER_MARK = re.compile(r">|[*+-](?=[ \t]|$)|\d{1,9}[.)](?=[ \t]|$)")
ABBREVIATION = re.compile(r"^[ \t>]*(?:(?:[*+-]|\d+[.)])[ \t]+)*\*\[[^\]\n]*\][ ]?:", re.MULTILINE)
TAG = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9-]*)\b[^<>]*?(/?)>")
# Elements that never hold others, and those whose end tag the HTML parser supplies itself.
VOID = frozenset("area base br col embed hr img input link meta param source track wbr".split())
SELF_CLOSING = frozenset("p li dt dd tr td th thead tbody tfoot option optgroup colgroup caption rb rt rtc rp".split())


def body_problems(rel: str, body: str, first_line: int, what: str = "正文") -> list[Problem]:
    """The first problem of each kind in `body`, which starts on line `first_line` of `rel`."""
    size = len(body.encode("utf-8"))
    lines = body.split("\n")
    if size > limits.MAX_TEXT_FILE_BYTES or len(lines) > limits.MAX_BODY_LINES:
        return [problem(
            rel, first_line, 1, "body-too-long",
            f"{what}太长（{len(lines):,} 行，{size / 1024:,.0f} KB），上限是 {limits.MAX_BODY_LINES:,} 行、"
            f"{limits.MAX_TEXT_FILE_BYTES // 1024:,} KB：这样长的网页在手机上也无法阅读。"
            "请把大表格作为数据集或 Excel 附件发布，或把内容分成几条。",
            f"The body is too long ({len(lines)} lines, {size} bytes; the limits are {limits.MAX_BODY_LINES} "
            f"lines and {limits.MAX_TEXT_FILE_BYTES} bytes). Publish large tables as a dataset or attachment.")]
    found = [_nesting(rel, lines, first_line, what), _html_nesting(rel, body, first_line, what),
             _inline_scan(rel, lines, first_line, what), _abbreviations(rel, body, first_line, what)]
    return [p for p in found if p is not None]


def line_depth(line: str) -> int:
    """Nesting levels a line may open: quote marks and list markers before its text, plus its
    indentation in steps of four columns (how Python-Markdown nests list content)."""
    if THEMATIC_BREAK.fullmatch(line):
        return 0
    depth = column = index = 0
    while index < len(line):
        char = line[index]
        if char == " ":
            column += 1
        elif char == "\t":
            column += 4 - column % 4
        else:
            mark = CONTAINER_MARK.match(line, index)
            if mark is None:
                break
            depth += 1
            column += mark.end() - index
            index = mark.end()
            continue
        index += 1
    return depth + column // 4


def _nesting(rel, lines, first_line, what) -> Problem | None:
    for number, line in enumerate(lines):
        depth = line_depth(line)
        if depth > limits.MAX_NESTING:
            return problem(
                rel, first_line + number, 1, "body-nesting-too-deep",
                f"{what}这一行嵌套太深（约 {depth} 层列表、引用或缩进），上限是 {limits.MAX_NESTING} 层。"
                "请减少列表的层级或行首的缩进和“>”。",
                f"This line nests about {depth} levels of lists, quotes or indentation; the limit is "
                f"{limits.MAX_NESTING}.")
    return None


def _html_nesting(rel, body, first_line, what) -> Problem | None:
    depth = 0
    for match in TAG.finditer(body):
        closing, name, self_closed = match.group(1), match.group(2).lower(), match.group(3)
        if name in VOID or name in SELF_CLOSING or self_closed:
            continue
        depth = max(depth - 1, 0) if closing else depth + 1
        if depth > limits.MAX_NESTING:
            line = body.count("\n", 0, match.start())
            column = match.start() - (body.rfind("\n", 0, match.start()) + 1) + 1
            return problem(
                rel, first_line + line, column, "body-html-too-deep",
                f"{what}中的 HTML 标签嵌套超过 {limits.MAX_NESTING} 层（这里是 <{name}>）。"
                "请检查是否有没有关闭的标签，或改用 Markdown 写法。",
                f"HTML elements nest more than {limits.MAX_NESTING} levels deep here (<{name}>); "
                "check for unclosed tags.")
    return None


def scan_cost(lines: list[str]) -> tuple[int, int]:
    """An upper bound of the inline patterns' scanning (limits.MAX_INLINE_SCAN), and the index of
    the line that starts the costliest block. Python-Markdown runs the inline patterns on each
    paragraph, list item and table cell: a table's rows and a top-level list's items are
    counted one by one, any other block as a whole (which can only over-estimate)."""
    total, worst, worst_start = 0, -1, 0
    for start, block in _blocks(lines):
        cost = sum(_cost(part) for part in _inline_parts(block))
        total += cost
        if cost > worst:
            worst, worst_start = cost, start
    return total, worst_start


def _blocks(lines: list[str]):
    """(index of the first line, lines) of every run of non-blank lines."""
    block: list[str] = []
    for index, line in enumerate(lines):
        if BLANK.fullmatch(line):
            if block:
                yield index - len(block), block
            block = []
        else:
            block.append(line)
    if block:
        yield len(lines) - len(block), block


def _inline_parts(block: list[str]) -> list[str]:
    """The texts the inline patterns may see as one, for a run of lines; a run that starts
    indented or quoted may belong to an enclosing list or quote, so it stays whole."""
    first = block[0]
    if first[:1] in (" ", "\t", ">"):
        return ["\n".join(block)]
    text = "\n".join(block)
    if len(block) > 1 and _table_processor().test(None, text):
        return block
    for item in (UNORDERED_ITEM, ORDERED_ITEM):
        if item.match(first):
            parts, current = [], []
            for line in block:
                if item.match(line) and current:
                    parts.append("\n".join(current))
                    current = []
                current.append(line)
            return parts + ["\n".join(current)]
    return [text]


@functools.lru_cache(maxsize=1)
def _table_processor():
    """Python-Markdown's own table rule (its test() reads only the block), from a converter of our own."""
    return markdown.Markdown(extensions=["tables"]).parser.blockprocessors["table"]


def _cost(text: str) -> int:
    """(scanning characters) x (length once tabs are expanded to four spaces, as Python-Markdown does)."""
    return (len(text) - len(text.translate(_SCANNING_TABLE))) * (len(text) + 3 * text.count("\t"))


def _inline_scan(rel, lines, first_line, what) -> Problem | None:
    total, start = scan_cost(lines)
    if total <= limits.MAX_INLINE_SCAN:
        return None
    return problem(
        rel, first_line + start, 1, "body-too-complex",
        f"{what}中半角符号 [ < ` * _ & \\ 太多，又在很长的段落里（从这一行开始的一段最多），"
        "生成网页会非常慢。请把长段落分成几段（段与段之间空一行），"
        "中文标点请用全角（如【】、《》），或删除没有配对的 [ 和 <。",
        "Too many of the characters [ < ` * _ & \\ in long paragraphs (most in the one starting on this "
        "line): rendering would be very slow. Split long paragraphs or use full-width punctuation.")


def _abbreviations(rel, body, first_line, what) -> Problem | None:
    count = len(ABBREVIATION.findall(body))
    if count <= limits.MAX_ABBREVIATIONS:
        return None
    return problem(
        rel, first_line, 1, "body-too-many-abbreviations",
        f"{what}中有 {count} 条缩写定义（以“*[”开头的行），上限是 {limits.MAX_ABBREVIATIONS} 条："
        "每条定义都会拖慢整页的生成。请删掉不需要的缩写定义。",
        f"The body defines {count} abbreviations ('*[' lines); the limit is {limits.MAX_ABBREVIATIONS}.")
