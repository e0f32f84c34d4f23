"""Markdown bodies the renderer cannot handle are refused by the check with a clear problem, and a
build never meets them: deep nesting (RecursionError), deep HTML (nh3 quadratic), slow inputs."""

from __future__ import annotations

import hashlib
import time

import pytest

from gongkai.core import limits
from gongkai.build.build import build
from gongkai.cli import main
from gongkai.check import check_site
from support import BUILD_EPOCH, write_item

REL = "content/disclosures/2025/bad.md"
BODY_LINE = 9  # the first body line of support.ITEM without extra keys


def problems_of(site, rel=REL):
    _, problems = check_site(site, BUILD_EPOCH)
    return [(p.path, p.line, p.column, p.code) for p in problems if p.path == rel]


def bad_item(site, body, name="2025/bad.md"):
    return write_item(site, name, title="有问题的正文", index_no="11430000MB0000001B/2025-00099", body=body)


def tree(folder):
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


NESTING = {
    "indented lists 300 deep": ("".join("    " * i + "- 一级\n" for i in range(300)), limits.MAX_NESTING),
    "markers on one line": ("- " * 400 + "文字", 0),
    "quotes and lists mixed": ("> - " * 20 + "文字", 0),
    "ordered markers": ("1. " * 40 + "文字", 0),
    "tab indentation": ("".join("\t" * i + "* 项\n" for i in range(40)), limits.MAX_NESTING),
    "quotes with spaces": ("> " * 30 + "文字", 0),
}


@pytest.mark.parametrize("body, line", NESTING.values(), ids=NESTING.keys())
def test_deep_nesting_is_refused_at_its_line(mini_site, body, line):
    bad_item(mini_site, body)
    assert problems_of(mini_site) == [(REL, BODY_LINE + line, 1, "body-nesting-too-deep")]


def test_a_definition_list_chain_that_recurses_is_reported_not_raised(mini_site):
    bad_item(mini_site, "术语\n: 解释\n" * 3000)  # no indentation at all: Python-Markdown recurses per line
    assert problems_of(mini_site) == [(REL, BODY_LINE, 1, "body-nesting-too-deep")]


HTML = {
    "nested div": ("<div>" * 20 + "文字", 0, 1 + 5 * limits.MAX_NESTING),
    "nested span after text": ("前言\n\n" + "<span>" * 17, 2, 1 + 6 * limits.MAX_NESTING),
    "stray end tags close nothing": ("<b></i>" * 17, 0, 1 + 7 * limits.MAX_NESTING),
    "mixed inline tags": ("".join(f"<{t}>" for t in ["em", "strong", "u", "s", "sub", "sup"] * 3), 0, None),
}


@pytest.mark.parametrize("body, line, column", HTML.values(), ids=HTML.keys())
def test_html_nested_too_deep_is_refused_where_it_goes_too_deep(mini_site, body, line, column):
    bad_item(mini_site, body)
    [found] = problems_of(mini_site)
    assert found[:2] + found[3:] == (REL, BODY_LINE + line, "body-html-too-deep")
    assert column is None or found[2] == column


@pytest.mark.parametrize("body", [
    "<p>段落" * 2000,  # paragraphs close each other
    "行<br>" * 2000,  # void elements hold nothing
    "<div>块</div>" * 2000,  # balanced
    "- - - - - - - - - - - - - - - - - - - - - -",  # a thematic break, not 22 lists
], ids=["p", "br", "balanced", "thematic break"])
def test_html_and_breaks_that_do_not_nest_pass(mini_site, body):
    bad_item(mini_site, body)
    assert problems_of(mini_site) == []


SLOW = {
    "30,000 [": "[" * 30000,
    "unclosed <a in one paragraph": "<a " * 30000,
    "unclosed ![ and <http": "![<http://a " * 8000,
    "unpaired backticks and emphasis": "`*_[" * 20000,
}


@pytest.mark.parametrize("body", SLOW.values(), ids=SLOW.keys())
def test_a_body_that_renders_too_slowly_is_stopped_by_the_time_limit(mini_site, monkeypatch, body):
    monkeypatch.setattr(limits, "MARKDOWN_SECONDS", 1)
    bad_item(mini_site, body)
    started = time.monotonic()
    assert problems_of(mini_site) == [(REL, BODY_LINE, 1, "body-too-slow")]
    assert time.monotonic() - started < 30


def test_too_many_lines_and_a_too_large_file(mini_site):
    bad_item(mini_site, "行\n" * limits.MAX_BODY_LINES)
    assert problems_of(mini_site) == [(REL, BODY_LINE, 1, "body-too-long")]
    bad_item(mini_site, "长" * (limits.MAX_TEXT_FILE_BYTES // 3 + 1))
    assert problems_of(mini_site) == [(REL, 0, 0, "file-too-large")]


def test_an_abbreviation_flood_is_refused(mini_site):
    bad_item(mini_site, "".join(f"*[缩写{i}]: 全称\n" for i in range(limits.MAX_ABBREVIATIONS + 1)) + "\n正文")
    assert problems_of(mini_site) == [(REL, BODY_LINE, 1, "body-too-many-abbreviations")]


def test_pages_and_dataset_readmes_get_the_same_rules(mini_site):
    page = mini_site / "content" / "pages" / "about.md"
    page.write_text("---\ntitle: 关于本站\n---\n" + "- " * 400 + "a\n", encoding="utf-8")
    assert problems_of(mini_site, "content/pages/about.md") == [("content/pages/about.md", 4, 1, "body-nesting-too-deep")]


def test_a_body_that_used_to_crash_the_build_is_stopped_by_the_check_and_the_output_kept(mini_site, capsys):
    output = mini_site / "output"
    assert build(mini_site, mini_site / "pelicanconf.py", output) == 0
    before = tree(output)
    bad_item(mini_site, "".join("    " * i + "- 层\n" for i in range(300)))
    capsys.readouterr()
    assert main(["check", "--root", str(mini_site)]) == 1
    assert f"{REL}:{BODY_LINE + limits.MAX_NESTING}:1: 错误:" in capsys.readouterr().out
    assert main(["build", "--root", str(mini_site)]) == 1
    text = capsys.readouterr().err
    assert "[body-nesting-too-deep]" in text and "RecursionError" not in text and "Traceback" not in text
    assert tree(output) == before


def test_the_check_renders_once_and_the_build_publishes_that_html(mini_site):
    site, _ = check_site(mini_site, BUILD_EPOCH)
    assert all("body_html" in vars(item) for item in site.items)  # rendered by the check, not again later
    assert all("body_html" in vars(page) for page in site.pages)


@pytest.mark.parametrize("body", ["术语\n: 解释\n" * 3000, "[" * 30000], ids=["recursion", "time limit"])
def test_bodies_after_an_interrupted_render_still_render_correctly(mini_site, monkeypatch, body):
    """An interrupted Python-Markdown keeps half its state: it once skipped every inline pattern."""
    monkeypatch.setattr(limits, "MARKDOWN_SECONDS", 1)
    bad_item(mini_site, body)
    write_item(mini_site, "2025/zz-after.md", title="之后的一条", index_no="11430000MB0000001B/2025-00100",
               body="*强调* 和 [链接](https://example.gov.cn/)")
    site, _ = check_site(mini_site, BUILD_EPOCH)
    [after] = [item for item in site.items if item.rel.endswith("zz-after.md")]
    assert "<em>强调</em>" in after.body_html and "<a href=\"https://example.gov.cn/\"" in after.body_html
