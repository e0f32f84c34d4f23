"""The strict YAML reader: each trap with its exact problem list, positions in the original file."""

import time

from gongkai.core import frontmatter, yamlstrict
from gongkai.model.disclosure import read_item


def where(problems):
    return [(p.path, p.line, p.column, p.code) for p in problems]


def test_yaml_11_traps_keep_their_text():
    doc, problems = yamlstrict.load("a: 0571\nb: no\nc: 12:30\nd: 1.10\ne: yes\nf: 1e3\ng: 0o17\n", "x.yaml")
    assert problems == []
    assert doc.value == {"a": "0571", "b": "no", "c": "12:30", "d": "1.10", "e": "yes", "f": "1e3", "g": "0o17"}


def test_positions_include_the_front_matter_offset():
    doc, _ = yamlstrict.load("title: 甲\nkeywords: [医保, 缴费]\n", "x.md", line_offset=1)
    assert doc.where("title") == (2, 1)
    assert doc.where("keywords") == (3, 1)
    assert doc.where("keywords", 1) == (3, 16)


def test_duplicate_key_names_both_lines():
    _, problems = yamlstrict.load("title: 甲\nagency: a\ntitle: 乙\n", "x.md", line_offset=1)
    assert where(problems) == [("x.md", 4, 1, "yaml-duplicate-key")]
    assert "第一次在第 2 行" in problems[0].message


def test_anchor_and_alias_are_refused():
    _, problems = yamlstrict.load("a: &x 1\nb: *x\n", "x.yaml")
    assert where(problems) == [("x.yaml", 1, 4, "yaml-anchor")]
    _, problems = yamlstrict.load("b: *x\n", "x.yaml")
    assert where(problems) == [("x.yaml", 1, 4, "yaml-syntax")] or where(problems) == [("x.yaml", 1, 4, "yaml-alias")]


def test_alias_bomb_is_refused_at_once():
    bomb = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"{chr(98 + i)}: &{chr(98 + i)} [*{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}]\n"
        for i in range(20)
    )
    started = time.perf_counter()
    doc, problems = yamlstrict.load(bomb, "bomb.yaml")
    assert doc is None
    assert where(problems) == [("bomb.yaml", 1, 4, "yaml-anchor")]
    assert time.perf_counter() - started < 5  # refused while reading, never expanded


def test_python_tag_is_refused():
    _, problems = yamlstrict.load("a: !!python/object/apply:os.system ['echo hi']\n", "x.yaml")
    assert where(problems) == [("x.yaml", 1, 4, "yaml-tag")]


def test_tab_indentation_is_explained():
    _, problems = yamlstrict.load("keywords:\n\t- 医保\n", "x.md", line_offset=1)
    assert where(problems) == [("x.md", 3, 1, "yaml-tab")]


def test_second_document_is_refused():
    _, problems = yamlstrict.load("a: 1\n---\nb: 2\n", "x.yaml")
    assert where(problems) == [("x.yaml", 2, 1, "yaml-multiple-documents")]


def test_syntax_error_points_at_the_line():
    _, problems = yamlstrict.load("title: 甲\nsummary: 乙: 丙\n", "x.md", line_offset=1)
    assert where(problems) == [("x.md", 3, 11, "yaml-syntax")]


def test_empty_values_are_none_and_quoted_empty_is_text():
    doc, problems = yamlstrict.load('a:\nb: ""\nc: ~\nd: null\n', "x.yaml")
    assert problems == []
    assert doc.value == {"a": None, "b": "", "c": None, "d": None}


def test_front_matter_missing_fullwidth_unclosed():
    assert where(frontmatter.split("title: 甲\n", "x.md")[1]) == [("x.md", 1, 1, "frontmatter-missing")]
    assert where(frontmatter.split("－－－\ntitle: 甲\n－－－\n", "x.md")[1]) == [("x.md", 1, 1, "frontmatter-fullwidth")]
    assert where(frontmatter.split("---\ntitle: 甲\n\n正文\n", "x.md")[1]) == [("x.md", 1, 1, "frontmatter-unclosed")]
    assert where(frontmatter.split("---\ntitle: 甲\n－－－\n正文\n", "x.md")[1]) == [("x.md", 3, 1, "frontmatter-fullwidth")]


def test_bom_and_crlf_are_tolerated_with_a_warning(tmp_path):
    path = tmp_path / "item.md"
    path.write_bytes("\ufeff---\r\ntitle: 甲\r\n---\r\n正文\r\n".encode("utf-8"))
    source, problems = read_item(path, "item.md")
    assert where(problems) == [("item.md", 1, 1, "utf8-bom")]
    assert not problems[0].is_error
    assert source.raw == {"title": "甲"}
    assert source.doc.where("title") == (2, 1)


def test_git_conflict_markers_are_errors(tmp_path):
    path = tmp_path / "item.md"
    path.write_text("---\ntitle: 甲\n---\n<<<<<<< HEAD\n正文一\n=======\n正文二\n>>>>>>> branch\n", encoding="utf-8")
    _, problems = read_item(path, "item.md")
    assert where(problems) == [("item.md", 4, 1, "git-conflict-marker"), ("item.md", 6, 1, "git-conflict-marker"),
                               ("item.md", 8, 1, "git-conflict-marker")]


def test_gbk_file_is_reported_not_guessed(tmp_path):
    path = tmp_path / "item.md"
    path.write_bytes("---\ntitle: 医保\n---\n".encode("gbk"))
    source, problems = read_item(path, "item.md")
    assert source is None
    assert where(problems) == [("item.md", 2, 10, "encoding-not-utf8")]  # byte column of the first invalid byte


# A full-width colon (全角冒号) typed with a Chinese input method where a key's colon belongs: named on
# its own line and column, in Chinese, instead of PyYAML's English error on the line after.
def fullwidth(problems):
    return [(p.path, p.line, p.column, p.field, p.code, p.message) for p in problems]


def colon_message(key: str, line: str) -> str:
    return (f"“{key}”后面的冒号是全角的“：”。项目名和值之间要用英文输入法下的半角冒号“:”再加一个空格，"
            f"请改成“{line}”。")


def test_fullwidth_colon_after_the_first_key_is_named_on_its_own_line():
    _, problems = yamlstrict.load("title：清溪县通知\nindex_no: 1/2\nagency: a\n", "x.md", line_offset=1)
    assert fullwidth(problems) == [("x.md", 2, 6, "title", "yaml-fullwidth-colon", colon_message("title", "title: 清溪县通知"))]
    assert problems[0].message_en == "Full-width colon '：' after the key 'title'; write an ASCII colon and a space: 'title: value'."


def test_fullwidth_colon_after_a_middle_key():
    _, problems = yamlstrict.load("title: 甲\nindex_no：1/2\nagency: a\n", "x.md", line_offset=1)
    assert fullwidth(problems) == [("x.md", 3, 9, "index_no", "yaml-fullwidth-colon", colon_message("index_no", "index_no: 1/2"))]


def test_fullwidth_colon_in_the_only_line_is_not_read_as_plain_text():
    """`title：甲` alone is valid YAML (one string): still the colon, not 'the front matter must be a mapping'."""
    _, problems = yamlstrict.load("title：甲\n", "x.md", line_offset=1)
    assert fullwidth(problems) == [("x.md", 2, 6, "title", "yaml-fullwidth-colon", colon_message("title", "title: 甲"))]


def test_every_fullwidth_colon_is_named_at_once_in_a_list_too():
    _, problems = yamlstrict.load("- id：qx-gov\n  name：清溪县人民政府\n  phone: 0731-55200001\n", "content/agencies.yaml")
    assert fullwidth(problems) == [
        ("content/agencies.yaml", 1, 5, "id", "yaml-fullwidth-colon", colon_message("id", "- id: qx-gov")),
        ("content/agencies.yaml", 2, 7, "name", "yaml-fullwidth-colon", colon_message("name", "name: 清溪县人民政府")),
    ]


def test_fullwidth_colon_with_spaces_and_a_long_value_shows_the_start_of_the_fix():
    _, problems = yamlstrict.load("title: 甲\nsummary ： " + "长" * 40 + "\nagency: a\n", "x.md")
    assert fullwidth(problems) == [("x.md", 2, 9, "summary", "yaml-fullwidth-colon",
                                    colon_message("summary", "summary: " + "长" * 20 + "……"))]


def test_fullwidth_colons_inside_values_are_text():
    doc, problems = yamlstrict.load("title: 关于：通知\nsummary: note：见附件\nkeywords: [a：b]\n", "x.md")
    assert problems == []
    assert doc.value == {"title": "关于：通知", "summary": "note：见附件", "keywords": ["a：b"]}


def test_fullwidth_colon_in_an_item_is_the_only_problem(tmp_path):
    path = tmp_path / "item.md"
    path.write_text("---\ntitle：清溪县通知\nindex_no: 1/2\n---\n正文\n", encoding="utf-8")
    source, problems = read_item(path, "item.md")
    assert source is None
    assert where(problems) == [("item.md", 2, 6, "yaml-fullwidth-colon")]
