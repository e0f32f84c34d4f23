"""Addresses and texts from content: links only to http(s), mailto, tel and this site; nothing
embedded from elsewhere; plain text everywhere a title or description is published."""

from __future__ import annotations

import json

import pytest

from gongkai.build.build import build
from gongkai.check import check_site
from support import BUILD_EPOCH, add_dataset, write_item

LICENCE = "  - name: CC-BY-4.0\n    title: 知识共享署名 4.0 国际\n"
DESCRIPTOR = "datasets/hotline/datapackage.yaml"

HOSTILE_ADDRESSES = [
    "javascript:alert(document.domain)", "JaVaScRiPt:alert(1)", "java\tscript:alert(1)", " javascript:alert(1)",
    "&#106;avascript:alert(1)", "&#x6A;avascript:alert(1)", "&amp;#106;avascript:alert(1)", "\x01javascript:alert(1)",
    "ｊａｖａｓｃｒｉｐｔ:alert(1)", "data:text/html,<script>alert(1)</script>", "vbscript:msgbox(1)",
    "//evil.example/licence", "/\\evil.example/", "https:evil.example", "file:///etc/passwd", "licence.txt",
    "java\u200bscript:alert(1)",
]


def errors(root) -> list[tuple[str, int, str]]:
    _, problems = check_site(root, BUILD_EPOCH)
    return [(p.path, p.line, p.code) for p in problems if p.is_error]


@pytest.mark.parametrize("address", HOSTILE_ADDRESSES)
def test_a_licence_path_that_is_not_a_web_address_is_refused(mini_site, address):
    add_dataset(mini_site, "hotline", edits={LICENCE: f"  - name: CC-BY-4.0\n    path: {json.dumps(address)}\n"})
    assert (DESCRIPTOR, 10, "address-invalid") in errors(mini_site)


@pytest.mark.parametrize("address", ["https://creativecommons.org/licenses/by/4.0/", "http://example.org/l", "/about/"])
def test_web_addresses_and_site_pages_are_accepted(mini_site, address):
    add_dataset(mini_site, "hotline", edits={LICENCE: f"  - name: CC-BY-4.0\n    path: {json.dumps(address)}\n"})
    assert errors(mini_site) == []


def test_a_site_path_that_leads_nowhere_is_refused_at_check_time(mini_site):
    add_dataset(mini_site, "hotline", edits={LICENCE: "  - name: CC-BY-4.0\n    path: /licence/\n"})
    assert errors(mini_site) == [(DESCRIPTOR, 10, "broken-link")]


@pytest.mark.parametrize("key,value", [
    ("homepage", "javascript:alert(1)"), ("image", "data:image/png;base64,AAAA"), ("homepage", "ftp://example.org/x"),
])
def test_homepage_and_image_must_be_web_addresses(mini_site, key, value):
    add_dataset(mini_site, "hotline", edits={"open_type: 无条件开放\n": f"open_type: 无条件开放\n{key}: {json.dumps(value)}\n"})
    assert (DESCRIPTOR, 12, "address-invalid") in errors(mini_site)


@pytest.mark.parametrize("where", ["sources", "contributors"])
def test_source_and_contributor_paths_follow_the_same_rule(mini_site, where):
    add_dataset(mini_site, "hotline", edits={
        "open_type: 无条件开放\n": f"open_type: 无条件开放\n{where}:\n  - title: 来源\n    path: 'javascript:alert(1)'\n"})
    assert (DESCRIPTOR, 14, "address-invalid") in errors(mini_site)


@pytest.mark.parametrize("website,ok", [("javascript:alert(1)", False), ("//evil.example", False), ("/about/", False),
                                        ("https://www.example.gov.cn/", True)])
def test_an_agency_website_must_be_a_web_address(mini_site, website, ok):
    agencies = mini_site / "content" / "agencies.yaml"
    agencies.write_text(agencies.read_text(encoding="utf-8") + f"  website: {json.dumps(website)}\n", encoding="utf-8")
    found = errors(mini_site)
    assert (found == []) == ok
    if not ok:
        assert ("content/agencies.yaml", 9, "address-invalid") in found


EMBEDS = [
    "![跟踪](https://tracker.example/p.gif)",
    "![跟踪](//tracker.example/p.gif)",
    "![跟踪][p]\n\n[p]: https://tracker.example/p.gif",
    "![p]\n\n[P]: <https://tracker.example/p.gif>",
    '<img src="https://tracker.example/p.gif">',
    "<IMG SRC=https://tracker.example/p.gif>",
    "<img alt='x' src = '//tracker.example/p.gif'>",
    '<img srcset="/a.png 1x, https://tracker.example/p.gif 2x">',
    '<video poster="https://tracker.example/p.gif"></video>',
    '<audio src="https://tracker.example/a.mp3"></audio>',
    '<video><source src="https://tracker.example/v.mp4"></video>',
    '<iframe src="https://tracker.example/"></iframe>',
    '<object data="https://tracker.example/x.swf"></object>',
    '<embed src="https://tracker.example/x.swf">',
    '<p style="background:url(https://tracker.example/p.gif)">x</p>',
    "<style>body{background:URL('//tracker.example/p.gif')}</style>",
    "![跟踪](data:image/gif;base64,R0lGODlhAQABAAAAACw=)",
]


@pytest.mark.parametrize("body", EMBEDS)
def test_an_embedded_resource_from_elsewhere_is_refused_in_bodies(mini_site, body):
    write_item(mini_site, "2025/item.md", index_no="11430000MB0000001B/2025-00009", body="正文。\n\n" + body)
    assert [code for path, _, code in errors(mini_site) if path == "content/disclosures/2025/item.md"][:1] == ["external-embed"]


@pytest.mark.parametrize("body", EMBEDS[:5])
def test_an_embedded_resource_from_elsewhere_is_refused_in_pages_and_readmes(mini_site, body):
    (mini_site / "content" / "pages" / "about.md").write_text(f"---\ntitle: 关于本站\n---\n{body}\n", encoding="utf-8")
    folder = add_dataset(mini_site, "hotline")
    (folder / "README.md").write_text(f"## 说明\n\n{body}\n", encoding="utf-8")
    found = {(path, code) for path, _, code in errors(mini_site)}
    assert found == {("content/pages/about.md", "external-embed"), ("datasets/hotline/README.md", "external-embed")}


def test_plain_links_elsewhere_and_images_from_the_site_stay_allowed(mini_site):
    write_item(mini_site, "2025/item.md", index_no="11430000MB0000001B/2025-00009",
               body="[国务院](https://www.gov.cn/) <a href=\"https://www.gov.cn/zhengce/\">政策</a> ![首页](/)")
    assert errors(mini_site) == []


@pytest.mark.parametrize("html, line, code", [("<img src=x>", 3, "relative-link"), ("<IMG SRC=/x.png>", 3, "broken-link"),
                                              ("<img alt=图 src='pic.png'>", 3, "relative-link"),
                                              ("<a href=guide/>指南</a>", 3, "relative-link"),
                                              ("[指南][g]\n\n[g]: guide/", 5, "relative-link")])
def test_an_unquoted_or_referenced_readme_address_is_checked_at_its_line(mini_site, html, line, code):
    """The sanitizer keeps <img src=x> as <img src="x">: the check must name the README line, not the
    build's link check name the output page."""
    folder = add_dataset(mini_site, "hotline")
    (folder / "README.md").write_text(f"## 说明\n\n{html}\n", encoding="utf-8")
    assert errors(mini_site) == [("datasets/hotline/README.md", line, code)]


@pytest.mark.parametrize("file", ["2025/", "2025/a.pdf/"])
def test_an_attachment_path_with_a_trailing_slash_is_refused_at_its_line(mini_site, file):
    (mini_site / "content" / "attachments" / "2025").mkdir(parents=True)
    (mini_site / "content" / "attachments" / "2025" / "a.pdf").write_bytes(b"%PDF-1.4\n%%EOF\n")
    write_item(mini_site, "2025/x.md", index_no="11430000MB0000001B/2025-00009",
               extra=f"attachments:\n  - file: {file}\n    title: 附件\n")
    _, problems = check_site(mini_site, BUILD_EPOCH)
    assert [(p.path, p.line, p.code) for p in problems if p.is_error] == [
        ("content/disclosures/2025/x.md", 9, "attachment-path-form")]
    message = next(p.message for p in problems if p.is_error)
    assert ("指的是文件夹" in message) == (file == "2025/")


def test_a_readme_link_is_checked_like_a_body_link(mini_site):
    folder = add_dataset(mini_site, "hotline")
    (folder / "README.md").write_text("## 说明\n\n见 [指南](guide/) 和 [旧页](/old/)。\n", encoding="utf-8")
    assert errors(mini_site) == [("datasets/hotline/README.md", 3, "relative-link"),
                                 ("datasets/hotline/README.md", 3, "broken-link")]


MARKUP = "<b>加粗</b>"
TEXTS = [
    ("title: 清溪县12345热线月度来电统计", f"title: 清溪县12345热线{MARKUP}"),
    ("description: 清溪县12345政务服务便民热线每月来电量及办结情况。", "description: 热线<script>alert(1)</script>"),
    ("    title: 月度来电", f"    title: 月度{MARKUP}"),
    ("          title: 月份", "          title: <img src=x onerror=alert(1)>"),
    ("          title: 来电量", "          title: 来电量\n          description: '<!-- 注释 -->'"),
    ("    title: 每月来电量", f"    title: 每月{MARKUP}"),
    ("    description: 2025年每月来电量在90到130件之间，1月最多。", "    description: 说明<a href=x>链接</a>"),
    ("    title: 知识共享署名 4.0 国际", f"    title: 知识共享{MARKUP}"),
    ("keywords: [12345, 热线]", "keywords: [12345, '<i>热线</i>']"),
    ("  name: 县政务服务中心", "  name: 县政务<u>服务</u>中心"),
]


@pytest.mark.parametrize("old,new", TEXTS)
def test_markup_in_any_published_dataset_text_is_refused(mini_site, old, new):
    add_dataset(mini_site, "hotline", edits={old: new})
    found = [code for path, _, code in errors(mini_site) if path == DESCRIPTOR]
    assert "markup-in-text" in found


@pytest.mark.parametrize("char", ["\u202e", "\u2066", "\u200f", "\u061c", "\u200b", "\x07"])
def test_invisible_and_bidi_characters_in_dataset_texts_are_refused(mini_site, char):
    add_dataset(mini_site, "hotline", edits={"title: 清溪县12345热线月度来电统计": f"title: {json.dumps('热线' + char + '统计')}"})
    assert [code for path, _, code in errors(mini_site) if path == DESCRIPTOR][:1] in (["unsafe-character"],)


def test_markup_in_an_attachment_title_is_refused(mini_site):
    (mini_site / "content" / "attachments").mkdir(parents=True)
    (mini_site / "content" / "attachments" / "a.pdf").write_bytes(b"%PDF-1.4\n")
    write_item(mini_site, "2025/item.md", index_no="11430000MB0000001B/2025-00009",
               extra="attachments:\n  - file: a.pdf\n    title: '<img src=x onerror=alert(1)>'\n")
    assert ("content/disclosures/2025/item.md", 10, "markup-in-text") in errors(mini_site)


def test_no_published_file_carries_a_hostile_address_or_markup(mini_site):
    """The accepted sample of every rule above builds, and the output carries none of the payloads."""
    add_dataset(mini_site, "hotline", edits={LICENCE: "  - name: CC-BY-4.0\n    path: https://creativecommons.org/licenses/by/4.0/\n"})
    output = mini_site / "output"
    assert build(mini_site, mini_site / "pelicanconf.py", output) == 0
    page = (output / "datasets" / "hotline" / "index.html").read_text(encoding="utf-8")
    assert '<a href="https://creativecommons.org/licenses/by/4.0/">' in page
