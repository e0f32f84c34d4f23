"""One bad item per rule, each with its exact problem list (path, line, column, field, code)."""

import os

import pytest

from gongkai.check import check_site
from support import BUILD_EPOCH, pdf_with_text, write_item

BAD = "content/disclosures/2025/bad.md"
SECOND = dict(index_no="11430000MB0000001B/2025-00009")


def problems_of(site_root):
    _, problems = check_site(site_root, BUILD_EPOCH)
    return [(p.path, p.line, p.column, p.field, p.code, p.severity.value) for p in problems]


def bad_item(site, **kwargs):
    options = dict(SECOND)
    options.update(kwargs)
    write_item(site, "2025/bad.md", **options)


# Lines in an item written by write_item: 2 title, 3 index_no, 4 agency, 5 category, 6 genre,
# 7 published, 8+ the extra keys.
CASES = {
    "missing-required": (dict(extra=""), "agency: demo-finance\n", "", [(BAD, 2, 1, "agency", "required", "error")]),
    "date-slashes": (dict(published="2025/1/8"), None, None, [(BAD, 7, 1, "published", "date-format", "error")]),
    "date-chinese": (dict(published="2025年1月8日"), None, None, [(BAD, 7, 1, "published", "date-format", "error")]),
    "date-impossible": (dict(published="2025-02-30"), None, None, [(BAD, 7, 1, "published", "date-invalid", "error")]),
    "date-utc": (dict(published="2024-10-31T17:30:00Z"), None, None, [(BAD, 7, 1, "published", "date-utc-datetime", "error")]),
    "boolean": (dict(extra="embargo: yes\n"), None, None, [(BAD, 8, 1, "embargo", "type-boolean", "error")]),
    "keywords-not-list": (dict(extra="keywords: 医保\n"), None, None, [(BAD, 8, 1, "keywords", "type-array", "error")]),
    "title-list": (dict(title="[甲, 乙]"), None, None, [(BAD, 2, 1, "title", "type-scalar", "error")]),
    "title-too-long": (dict(title="长" * 201), None, None, [(BAD, 2, 1, "title", "too-long", "error")]),
    "summary-too-long": (dict(extra="summary: " + "概" * 301 + "\n"), None, None, [(BAD, 8, 1, "summary", "too-long", "error")]),
    "index-pattern": (dict(index_no="2025-00009"), None, None, [(BAD, 3, 1, "index_no", "pattern", "error")]),
    "category-vocabulary": (dict(extra=""), "category: 财政、金融、审计\n", "category: 财政金融\n",
                            [(BAD, 5, 1, "category", "not-in-vocabulary", "error")]),
    "genre-vocabulary": (dict(genre="通知"), None, None, [(BAD, 6, 1, "genre", "not-in-vocabulary", "error")]),
    "validity-enum": (dict(extra="validity: 作废\n"), None, None, [(BAD, 8, 1, "validity", "not-in-vocabulary", "error")]),
    "unknown-key": (dict(extra="titel: 甲\n"), None, None, [(BAD, 8, 1, "titel", "unknown-key", "error")]),
    "save-as": (dict(extra="save_as: index.html\n"), None, None, [(BAD, 8, 1, "save_as", "forbidden-key", "error")]),
    "template": (dict(extra="template: evil\n"), None, None, [(BAD, 8, 1, "template", "forbidden-key", "error")]),
    "status": (dict(extra="status: draft\n"), None, None, [(BAD, 8, 1, "status", "forbidden-key", "error")]),
    "slug": (dict(extra="slug: x\n"), None, None, [(BAD, 8, 1, "slug", "forbidden-key", "error")]),
    "url": (dict(extra="url: x/\n"), None, None, [(BAD, 8, 1, "url", "forbidden-key", "error")]),
    "written-after": (dict(extra="written: 2025-02-01\n"), None, None, [(BAD, 8, 1, "written", "written-after-published", "error")]),
    "future": (dict(published="2026-12-01"), None, None, [(BAD, 7, 1, "published", "published-in-future", "error")]),
    "expires-before": (dict(extra="effective: 2025-03-01\nexpires: 2025-02-01\n"), None, None,
                       [(BAD, 9, 1, "expires", "expires-before-effective", "error"),
                        (BAD, 9, 1, "expires", "expires-passed", "warning")]),
    "expires-passed": (dict(genre="行政规范性文件", extra="effective: 2025-03-01\nexpires: 2026-11-25\n"), None, None,
                       [(BAD, 9, 1, "expires", "expires-passed", "warning")]),
    "doc-no-square": (dict(extra="doc_no: 示财发[2025]3号\n"), None, None, [(BAD, 8, 1, "doc_no", "doc-no-brackets", "warning")]),
    "doc-no-round": (dict(extra="doc_no: 示财发(2025)3号\n"), None, None, [(BAD, 8, 1, "doc_no", "doc-no-brackets", "warning")]),
    "doc-no-lenticular": (dict(extra="doc_no: 示财发【2025】3号\n"), None, None, [(BAD, 8, 1, "doc_no", "doc-no-brackets", "warning")]),
    "unknown-agency": (dict(extra=""), "agency: demo-finance\n", "agency: demo-finanse\n",
                       [(BAD, 4, 1, "agency", "unknown-agency", "error")]),
    "fullwidth-colon": (dict(extra=""), "agency: demo-finance\n", "agency：demo-finance\n",
                        [(BAD, 4, 7, "agency", "yaml-fullwidth-colon", "error")]),
    "unknown-supersedes": (dict(extra="supersedes: [11430000MB0000001B/2023-00001]\n"), None, None,
                           [(BAD, 8, 14, "supersedes", "unknown-index-no", "error")]),
    "unknown-interprets": (dict(extra="interprets:\n  - 11430000MB0000001B/2023-00001\n"), None, None,
                           [(BAD, 9, 5, "interprets", "unknown-index-no", "error")]),
    "self-reference": (dict(extra="supersedes: [11430000MB0000001B/2025-00009]\n"), None, None,
                       [(BAD, 8, 14, "supersedes", "self-reference", "error")]),
    "bidi-title": (dict(title="通知\u202e反转"), None, None, [(BAD, 2, 1, "title", "unsafe-character", "error")]),
    "control-char-title": (dict(title="通知\u0007"), None, None, [(BAD, 2, 10, "title", "unsafe-character", "error")]),
    "attachment-missing": (dict(extra="attachments:\n  - file: 2025/none.pdf\n    title: 表\n"), None, None,
                           [(BAD, 9, 5, "attachments", "attachment-missing", "error")]),
    "attachment-type": (dict(extra="attachments:\n  - file: 2025/page.html\n    title: 表\n"), None, None,
                        [(BAD, 9, 5, "attachments", "attachment-type", "error")]),
    "attachment-traversal": (dict(extra="attachments:\n  - file: ../agencies.yaml\n    title: 表\n"), None, None,
                             [(BAD, 9, 5, "attachments", "attachment-outside", "error")]),
    "attachment-absolute": (dict(extra="attachments:\n  - file: /etc/passwd\n    title: 表\n"), None, None,
                            [(BAD, 9, 5, "attachments", "attachment-outside", "error")]),
    "attachment-remote": (dict(extra="attachments:\n  - file: https://example.com/a.pdf\n    title: 表\n"), None, None,
                          [(BAD, 9, 5, "attachments", "attachment-remote", "error")]),
    "attachment-shape": (dict(extra="attachments: [a.pdf]\n"), None, None, [(BAD, 8, 15, "attachments", "attachment-shape", "error")]),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_bad_item_gives_exact_problems(mini_site, case):
    options, old, new, expected = CASES[case]
    path = write_item(mini_site, "2025/bad.md", **dict(SECOND, **options))
    if old is not None:
        text = path.read_text(encoding="utf-8")
        assert old in text
        path.write_text(text.replace(old, new), encoding="utf-8")
    assert problems_of(mini_site) == expected


def test_a_mistyped_agency_gets_the_closest_ids(mini_site):
    bad_item(mini_site)
    path = mini_site / "content" / "disclosures" / "2025" / "bad.md"
    path.write_text(path.read_text(encoding="utf-8").replace("agency: demo-finance", "agency: demo-finanse"), encoding="utf-8")
    _, problems = check_site(mini_site, BUILD_EPOCH)
    assert [(p.line, p.code, p.message, p.message_en) for p in problems] == [(
        4, "unknown-agency",
        "发布机构“demo-finanse”不在 content/agencies.yaml 中。是不是“demo-finance”？"
        "请填写已有机构的 id，或先在该文件中添加这个机构。",
        "Agency 'demo-finanse' is not in content/agencies.yaml. Did you mean 'demo-finance'?")]


def test_an_agency_id_close_to_several_offers_them_all(mini_site):
    agencies = mini_site / "content" / "agencies.yaml"
    agencies.write_text(agencies.read_text(encoding="utf-8") + "- id: demo-fire\n  name: 示例县消防救援大队\n", encoding="utf-8")
    bad_item(mini_site)
    path = mini_site / "content" / "disclosures" / "2025" / "bad.md"
    path.write_text(path.read_text(encoding="utf-8").replace("agency: demo-finance", "agency: demo-fin"), encoding="utf-8")
    _, problems = check_site(mini_site, BUILD_EPOCH)
    assert [p.message for p in problems] == [
        "发布机构“demo-fin”不在 content/agencies.yaml 中。是不是“demo-fire”或“demo-finance”？"
        "请填写已有机构的 id，或先在该文件中添加这个机构。"]


def test_an_agency_id_like_no_other_gets_no_guess(mini_site):
    bad_item(mini_site)
    path = mini_site / "content" / "disclosures" / "2025" / "bad.md"
    path.write_text(path.read_text(encoding="utf-8").replace("agency: demo-finance", "agency: police"), encoding="utf-8")
    _, problems = check_site(mini_site, BUILD_EPOCH)
    assert [p.message for p in problems] == [
        "发布机构“police”不在 content/agencies.yaml 中。请填写已有机构的 id，或先在该文件中添加这个机构。"]


@pytest.mark.parametrize("genre, validity, expires, label, short", [
    ("行政规范性文件", "废止", "2025-07-01", "已废止（自 2025-07-01 起）", "已废止"),
    ("规章", "失效", "2025-07-01", "已失效（自 2025-07-01 起）", "已失效"),
    ("行政规范性文件", "废止", None, "已废止", "已废止"),
    ("行政规范性文件", "有效", "2027-01-01", "有效（自 2027-01-01 起失效）", "有效"),
    ("行政规范性文件", "有效", None, "有效", "有效"),
    ("规章", "已修改", None, "已修改", "已修改"),
    ("通知公告", "有效", None, None, "有效"),
    ("通知公告", "废止", None, "已废止", "已废止"),
])
def test_validity_is_said_in_one_phrase(genre, validity, expires, label, short):
    """`expires` is the first day a document no longer applies: 自…起, in every place the status shows."""
    import datetime as dt

    from gongkai.model.disclosure import Disclosure

    item = Disclosure(rel="x.md", title="甲", index_no="1/2025-00001", agency_id="a", category="其他", genre=genre,
                      published=dt.date(2025, 1, 1), validity=validity,
                      expires=dt.date.fromisoformat(expires) if expires else None)
    assert (item.validity_label, item.validity_short) == (label, short)


def test_duplicate_index_no_names_both_files(mini_site):
    write_item(mini_site, "2025/copy.md", title="另一个文件")  # same index_no as 2025/budget.md
    _, problems = check_site(mini_site, BUILD_EPOCH)
    assert [(p.path, p.line, p.column, p.field, p.code) for p in problems] == [
        ("content/disclosures/2025/budget.md", 3, 1, "index_no", "duplicate-index-no"),
        ("content/disclosures/2025/copy.md", 3, 1, "index_no", "duplicate-index-no"),
    ]
    assert "content/disclosures/2025/copy.md" in problems[0].message
    assert "content/disclosures/2025/budget.md" in problems[1].message


def test_attachment_symlink_is_refused(mini_site, tmp_path):
    secret = tmp_path / "secret.pdf"
    secret.write_bytes(b"%PDF-1.4\n")
    folder = mini_site / "content" / "attachments" / "2025"
    folder.mkdir(parents=True)
    os.symlink(secret, folder / "link.pdf")
    bad_item(mini_site, extra="attachments:\n  - file: 2025/link.pdf\n    title: 表\n")
    assert problems_of(mini_site) == [
        ("content/attachments/2025/link.pdf", 0, 0, "", "source-symlink", "error"),  # the walk of the sources
        (BAD, 9, 5, "attachments", "attachment-symlink", "error"),  # and the item that names it
    ]


def test_yaml_11_values_keep_their_text_in_items(mini_site):
    bad_item(mini_site, title="no", extra="doc_no: 0571\nkeywords: [no, 12:30, 1.10]\n")
    site, problems = check_site(mini_site, BUILD_EPOCH)
    assert problems == []
    item = site.items_by_index["11430000MB0000001B/2025-00009"]
    assert (item.title, item.doc_no, item.keywords) == ("no", "0571", ["no", "12:30", "1.10"])


def test_embargoed_item_is_left_out_until_its_date(mini_site):
    bad_item(mini_site, title="定时发布的通知", published="2027-01-01", extra="embargo: true\n")
    site, problems = check_site(mini_site, BUILD_EPOCH)
    assert problems == []
    assert "11430000MB0000001B/2025-00009" not in site.items_by_index
    assert [item.index_no for item in site.embargoed] == ["11430000MB0000001B/2025-00009"]
    later = BUILD_EPOCH + 40 * 86400  # 2027-01-04
    site, _ = check_site(mini_site, later)
    assert "11430000MB0000001B/2025-00009" in site.items_by_index


def test_all_problems_are_reported_together_sorted(mini_site):
    write_item(mini_site, "2025/b.md", index_no="11430000MB0000001B/2025-00011", published="2025/1/1")
    write_item(mini_site, "2025/a.md", index_no="11430000MB0000001B/2025-00012", genre="通知", extra="titel: x\n")
    found = problems_of(mini_site)
    assert found == [
        ("content/disclosures/2025/a.md", 6, 1, "genre", "not-in-vocabulary", "error"),
        ("content/disclosures/2025/a.md", 8, 1, "titel", "unknown-key", "error"),
        ("content/disclosures/2025/b.md", 7, 1, "published", "date-format", "error"),
    ]


def _resident_id(body17: str) -> str:
    """An ID with a valid ISO 7064 MOD 11-2 check character, computed here independently."""
    weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
    return body17 + "10X98765432"[sum(int(d) * w for d, w in zip(body17, weights)) % 11]


def test_personal_data_in_body_comment_title_and_file_name_is_blocked_and_masked(mini_site):
    person = _resident_id("43010219800101123")
    folder = mini_site / "content" / "attachments" / "2025"
    folder.mkdir(parents=True)
    (folder / f"名单{person}.pdf").write_bytes(pdf_with_text("List (masked)"))
    bad_item(mini_site, title="补贴名单（联系电话13812345678）",
             extra=f"attachments:\n  - file: 2025/名单{person}.pdf\n    title: 名单\n",
             body=f"领取人身份证号{person}。\n\n<!-- 备注：{person} -->\n\n已脱敏：138****5678、4301**********1234。")
    _, problems = check_site(mini_site, BUILD_EPOCH)
    assert [(p.path, p.line, p.column, p.field, p.code) for p in problems] == [
        (BAD, 2, 17, "title", "pii-mobile"),
        (BAD, 9, 18, "attachments", "pii-resident-id"),
        (BAD, 12, 8, "body", "pii-resident-id"),
        (BAD, 14, 9, "body", "pii-resident-id"),
    ]
    for found in problems:
        assert person not in found.render() and "13812345678" not in found.render()
        assert person not in found.render("en")
    assert "138****5678" in problems[0].message


@pytest.mark.parametrize("key,line", [("title", 2), ("summary", 8), ("keywords", 8), ("doc_no", 8)])
def test_markup_in_plain_text_fields_is_refused(mini_site, key, line):
    payload = "通知<script>alert(1)</script>"
    if key == "title":
        bad_item(mini_site, title=f'"{payload}"')
    elif key == "keywords":
        bad_item(mini_site, extra=f'keywords: ["<img src=x onerror=alert(1)>"]\n')
    else:
        bad_item(mini_site, extra=f'{key}: "{payload}"\n')
    assert problems_of(mini_site) == [(BAD, line, 1, key, "markup-in-text", "error")]


def test_broken_internal_link_in_body_names_file_and_line(mini_site):
    bad_item(mini_site, body="见[上一份文件](/disclosures/no-such-item/)。\n\n以及[附件](/attachments/none.pdf)\n\n[指南](/guide/)")
    assert problems_of(mini_site) == [(BAD, 9, 10, "body", "broken-link", "error"), (BAD, 11, 8, "body", "broken-link", "error")]


def test_relative_link_in_body_is_refused(mini_site):
    bad_item(mini_site, body="见[通知](../other/)和![图](images/a.png)")
    assert problems_of(mini_site) == [(BAD, 9, 7, "body", "relative-link", "error"), (BAD, 9, 23, "body", "relative-link", "error")]


def test_required_pages_must_exist(mini_site):
    (mini_site / "content" / "pages" / "accessibility.md").unlink()
    assert problems_of(mini_site) == [("content/pages/accessibility.md", 0, 0, "", "page-required-missing", "error")]
