"""Markdown bodies the build can render: size, nesting and a guarded trial render (limits.py).

The rules on the source catch what must never reach the renderer (deep nesting recurses in
Python-Markdown; deep HTML makes nh3, which no timer can interrupt, quadratic). Everything else
is found by rendering: the check renders each body it has not rendered before under a time limit
and hands the HTML to the build, so what passes the check is exactly what the build publishes.
"""

from __future__ import annotations

import re
import signal
import threading

from . import limits
from . import markup
from .markup import render_markdown
from .problems import Problem, problem

# Anything that may open a nesting level at the start of a line: a quote mark or a list marker.
CONTAINER_MARK = re.compile(r">|[*+-](?=[ \t]|$)|\d{1,9}[.)](?=[ \t]|$)")
ABBREVIATION = re.compile(r"^[ \t>]*(?:(?:[*+-]|\d+[.)])[ \t]+)*\*\[[^\]\n]*\][ ]?:", re.MULTILINE)
TAG = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9-]*)\b[^<>]*?(/?)>")
# Elements that never hold others, and those whose end tag the HTML parser supplies itself.
VOID = frozenset("area base br col embed hr img input link meta param source track wbr".split())
SELF_CLOSING = frozenset("p li dt dd tr td th thead tbody tfoot option optgroup colgroup caption rb rt rtc rp".split())


def check_body(rel: str, body: str, first_line: int, what: str = "正文", known=None) -> tuple[list[Problem], str | None]:
    """(problems, HTML) of a body starting on line `first_line` of `rel`. known(body), if given,
    returns the HTML of a body rendered before (the build cache), which is then not rendered
    again; the HTML is None when there are problems."""
    found = source_problems(rel, body, first_line, what)
    if found:
        return found, None
    html = known(body) if known is not None else None
    if html is not None:
        return [], html
    html, failure = render_guarded(body)
    if html is not None:
        return [], html
    if failure == "slow":
        return [problem(
            rel, first_line, 1, "body-too-slow", what=what, MARKDOWN_SECONDS=limits.MARKDOWN_SECONDS)], None
    return [problem(
        rel, first_line, 1, "body-nesting-too-deep/renderer", what=what)], None


def source_problems(rel: str, body: str, first_line: int, what: str = "正文") -> list[Problem]:
    """The rules on the source: size, line count, nesting of lines and of HTML, abbreviations."""
    size = len(body.encode("utf-8"))
    lines = body.split("\n")
    if size > limits.MAX_TEXT_FILE_BYTES or len(lines) > limits.MAX_BODY_LINES:
        return [problem(
            rel, first_line, 1, "body-too-long", what=what, n_lines=len(lines), size_kb=size / 1024, MAX_BODY_LINES=limits.MAX_BODY_LINES, limit_kb=limits.MAX_TEXT_FILE_BYTES // 1024, size=size, MAX_TEXT_FILE_BYTES=limits.MAX_TEXT_FILE_BYTES)]
    found = [_nesting(rel, lines, first_line, what), _html_nesting(rel, body, first_line, what),
             _abbreviations(rel, body, first_line, what)]
    return [p for p in found if p is not None]


class _Overrun(BaseException):
    """Raised by the timer: a BaseException, so that no `except Exception` in a library swallows it."""


def render_guarded(body: str) -> tuple[str | None, str]:
    """(HTML, "") or (None, "slow" | "deep"): render_markdown stopped after
    limits.MARKDOWN_SECONDS (by SIGALRM, so only on the main thread; elsewhere without a timer)."""
    timed = threading.current_thread() is threading.main_thread()
    armed = [True]

    def overrun(_signum, _frame):
        if armed[0]:
            raise _Overrun

    previous = signal.signal(signal.SIGALRM, overrun) if timed else None
    try:
        if timed:
            signal.setitimer(signal.ITIMER_REAL, limits.MARKDOWN_SECONDS)
        html = render_markdown(body)
        armed[0] = False
        return html, ""
    except (_Overrun, RecursionError) as exc:
        # An interrupted Python-Markdown keeps half its state (measured: after a RecursionError the
        # shared converter skipped inline patterns, silently): the next body gets a fresh one.
        markup._converter.cache_clear()
        return None, "slow" if isinstance(exc, _Overrun) else "deep"
    finally:
        armed[0] = False
        if timed:
            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGALRM, previous)


def line_depth(line: str) -> int:
    """Nesting levels a line may open: quote marks and list markers before its text, plus its
    indentation in steps of four columns (how Python-Markdown nests list content)."""
    if _thematic_break(line):
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


def _thematic_break(line: str) -> bool:
    """A line of three or more -, * or _ (spaces between, at most two in a row): its marks are no
    list markers. (Python-Markdown's own pattern, without a regular expression that could backtrack.)"""
    marks = line.lstrip(" ")
    if len(line) - len(marks) > 3:
        return False
    marks = marks.rstrip(" ")
    return (len(marks) >= 3 and marks[0] in "-*_" and set(marks) <= {marks[0], " "} and "   " not in marks
            and marks.count(marks[0]) >= 3)


def _nesting(rel, lines, first_line, what) -> Problem | None:
    for number, line in enumerate(lines):
        depth = line_depth(line)
        if depth > limits.MAX_NESTING:
            return problem(
                rel, first_line + number, 1, "body-nesting-too-deep/line", what=what, depth=depth, MAX_NESTING=limits.MAX_NESTING)
    return None


def _html_nesting(rel, body, first_line, what) -> Problem | None:
    """Open elements as an HTML parser keeps them: an end tag closes its element and everything
    opened after it, an end tag of nothing open closes nothing."""
    open_elements: list[str] = []
    for match in TAG.finditer(body):
        closing, name, self_closed = match.group(1), match.group(2).lower(), match.group(3)
        if name in VOID or name in SELF_CLOSING or self_closed:
            continue
        if closing:
            if name in open_elements:
                del open_elements[len(open_elements) - 1 - open_elements[::-1].index(name):]
            continue
        open_elements.append(name)
        if len(open_elements) > limits.MAX_NESTING:
            line = body.count("\n", 0, match.start())
            column = match.start() - (body.rfind("\n", 0, match.start()) + 1) + 1
            return problem(
                rel, first_line + line, column, "body-html-too-deep", what=what, MAX_NESTING=limits.MAX_NESTING, name=name)
    return None


def _abbreviations(rel, body, first_line, what) -> Problem | None:
    count = len(ABBREVIATION.findall(body))
    if count <= limits.MAX_ABBREVIATIONS:
        return None
    return problem(
        rel, first_line, 1, "body-too-many-abbreviations", what=what, count=count, MAX_ABBREVIATIONS=limits.MAX_ABBREVIATIONS)
