"""No message ever prints personal data in clear: values quoted back, keys, file names, failures.

Each bad fixture asserts its exact problem list and the exact masked text of the message that
used to repeat the raw value; every rendering (text, English, GitHub annotations, JSON) is
searched for the raw values, also with their separators removed.
"""

import io
import json
import shutil
import subprocess
import sys

import pytest

from gongkai.build.build import build
from gongkai.core.problems import Problem, render_github, render_json, render_text
from gongkai.check import check_site
from piicases import MOBILE_MASK, PERSON, PERSON_MASK, assert_no_secret
from support import BUILD_EPOCH, write_item
from test_dataset_validation import CSV, GOOD, HEADER, YAML, edit_yaml, load, write_csv

BAD = "content/disclosures/2025/bad.md"


def bad_item(site, **options):
    write_item(site, "2025/bad.md", index_no="11430000MB0000001B/2025-00009", **options)
    _, problems = check_site(site, BUILD_EPOCH)
    return problems


def listed(problems):
    return [(p.path, p.line, p.column, p.field, p.code) for p in problems]


def all_renderings(problems) -> list[str]:
    return [render_text(problems), render_text(problems, "en"), render_github(problems), render_json(problems),
            render_json(problems, "en")]


def test_not_in_vocabulary_message_masks_the_value(mini_site):
    problems = bad_item(mini_site, genre=f"张三{PERSON}")
    assert listed(problems) == [(BAD, 6, 1, "genre", "not-in-vocabulary"), (BAD, 6, 10, "genre", "pii-resident-id")]
    assert problems[0].message.startswith(f"“张三{PERSON_MASK}”不在“体裁”的可选值中。")
    assert problems[0].message_en.startswith(f"'张三{PERSON_MASK}' is not an allowed value of 'genre'.")
    assert_no_secret(*all_renderings(problems))


def test_date_format_message_masks_the_value(mini_site):
    problems = bad_item(mini_site, published=PERSON)
    assert listed(problems) == [(BAD, 7, 1, "published", "date-format"), (BAD, 7, 12, "published", "pii-resident-id")]
    assert problems[0].message == f"“{PERSON_MASK}”不是日期。请按 2024-01-08 的格式（年-月-日）填写。"
    assert_no_secret(*all_renderings(problems))


def test_pattern_message_masks_the_value(mini_site):
    write_item(mini_site, "2025/bad.md", index_no=f"张三{PERSON}/2025-00001")
    _, problems = check_site(mini_site, BUILD_EPOCH)
    assert listed(problems) == [(BAD, 3, 1, "index_no", "pattern"), (BAD, 3, 13, "index_no", "pii-resident-id")]
    assert problems[0].message.startswith(f"“索引号”的格式不对：“张三{PERSON_MASK}/2025-00001”。")
    assert_no_secret(*all_renderings(problems))


def test_unknown_key_that_is_an_id_number_is_masked_as_field_and_in_the_message(mini_site):
    problems = bad_item(mini_site, extra=f"{PERSON}: 张三\n")
    assert listed(problems) == [(BAD, 8, 1, PERSON_MASK, "pii-resident-id"), (BAD, 8, 1, PERSON_MASK, "unknown-key")]
    assert problems[1].message.startswith(f"不认识的项目“{PERSON_MASK}”。")
    assert_no_secret(*all_renderings(problems))


def test_file_named_after_a_person_is_reported_and_its_path_printed_masked(mini_site):
    write_item(mini_site, f"2025/名单{PERSON}.md", index_no="11430000MB0000001B/2025-00009")
    _, problems = check_site(mini_site, BUILD_EPOCH)
    rel = f"content/disclosures/2025/名单{PERSON}.md"
    assert listed(problems) == [(rel, 0, 0, "path", "pii-resident-id")]
    shown = f"content/disclosures/2025/名单{PERSON_MASK}.md"
    assert problems[0].render() == (
        f"{shown}:0:0: 错误: 文件名（path）: 文件名或文件夹名中有疑似未去标识化的身份证号码“{PERSON_MASK}”。文件名会出现在仓库、检查报告和网址中，"
        "请给文件改名（例如用拼音、日期和序号），不要把个人信息写进文件名。 [pii-resident-id]")
    assert json.loads(render_json(problems))["problems"][0]["path"] == shown
    assert f"file={shown}," in render_github(problems)
    assert_no_secret(*all_renderings(problems))


# --- data files -----------------------------------------------------------------------------------


@pytest.fixture
def root(tmp_path):
    shutil.copytree(GOOD, tmp_path / "datasets" / "good")
    return tmp_path


def test_extra_cell_is_scanned_and_its_message_masked(root):
    write_csv(root, HEADER + f"2025-01,2025-01-31,咨询,130,98.5,,{PERSON}\n")
    _, problems = load(root)
    assert listed(problems) == [(CSV, 2, 7, "", "extra-cell"), (CSV, 2, 7, "", "pii-resident-id")]
    assert problems[0].message.startswith(f"这一行有 7 列，比表头多；第 7 列“{PERSON_MASK}”多余。")
    assert_no_secret(*all_renderings(problems))


def test_type_error_message_masks_the_value(root):
    write_csv(root, HEADER + "2025-01,2025-01-31,咨询,张三13800138000,98.5,\n")
    _, problems = load(root)
    assert listed(problems) == [(CSV, 2, 4, "calls", "pii-mobile"), (CSV, 2, 4, "calls", "type-error")]
    assert problems[1].message.startswith(f"“张三{MOBILE_MASK}”不是有效的整数：")
    assert_no_secret(*all_renderings(problems))


def test_constraint_error_message_masks_the_value(root):
    write_csv(root, HEADER + f"2025-01,2025-01-31,{PERSON},130,98.5,\n")
    _, problems = load(root)
    assert listed(problems) == [(CSV, 2, 3, "category", "constraint-error"), (CSV, 2, 3, "category", "pii-resident-id")]
    assert problems[0].message == f"“{PERSON_MASK}”不在允许的取值中，只能是：咨询、投诉、求助。"
    assert_no_secret(*all_renderings(problems))


def test_long_value_is_masked_before_it_is_cut(root):
    """A 40-character cut must not leave the first 13 digits of an ID in clear."""
    value = "备注" * 12 + PERSON
    write_csv(root, HEADER + f"2025-01,2025-01-31,{value},130,98.5,\n")
    _, problems = load(root)
    assert [p.code for p in problems] == ["constraint-error", "pii-resident-id"]
    assert problems[0].message == f"“{'备注' * 12}{PERSON_MASK[:15]}…”不在允许的取值中，只能是：咨询、投诉、求助。"
    assert PERSON[:8] not in problems[0].message


def test_unique_error_message_masks_the_value(root):
    edit_yaml(root, "          title: 备注\n", "          title: 备注\n          constraints: {unique: true}\n")
    write_csv(root, HEADER + f"2025-01,2025-01-31,咨询,130,98.5,{PERSON}\n2025-02,2025-02-28,咨询,98,97,{PERSON}\n")
    _, problems = load(root)
    assert listed(problems) == [(CSV, 2, 6, "note", "pii-resident-id"), (CSV, 3, 6, "note", "pii-resident-id"),
                                (CSV, 3, 6, "note", "unique-error")]
    assert problems[2].message == f"“{PERSON_MASK}”与第 2 行重复；这一列的值不能重复。请删除重复的行或改正取值。"
    assert_no_secret(*all_renderings(problems))


def test_header_mismatch_message_masks_the_header_cell(root):
    write_csv(root, f"month,date,category,calls,rate,{PERSON}\n2025-01,2025-01-31,咨询,130,98.5,\n")
    _, problems = load(root)
    assert listed(problems) == [(CSV, 1, 6, "note", "csv-header-mismatch")]
    assert problems[0].message == (f"表头第 6 列是“{PERSON_MASK}”，schema 要求是“note”（备注）。"
                                   "表头必须与 schema.fields 的名称和顺序完全一致。")
    assert_no_secret(*all_renderings(problems))


def test_descriptor_date_and_unknown_key_messages_mask_the_value(root):
    edit_yaml(root, "modified: 2026-01-31", "modified: 13800138000")
    edit_yaml(root, "open_type:", f"{PERSON}: 张三\nopen_type:")
    _, problems = load(root)
    assert listed(problems) == [
        (YAML, 7, 1, "modified", "date-invalid"), (YAML, 7, 11, "modified", "pii-mobile"),
        (YAML, 11, 1, PERSON_MASK, "descriptor-unknown-key"), (YAML, 11, 1, PERSON_MASK, "pii-resident-id"),
    ]
    assert problems[0].message == f"“{MOBILE_MASK}”不是有效日期。请写成 2024-01-08 这样的格式（年-月-日，补零）。"
    assert_no_secret(*all_renderings(problems))


# --- the Problem type and the command line -----------------------------------------------------------


def test_a_problem_made_directly_is_masked_too():
    made = Problem(f"content/{PERSON}.md", 1, 1, PERSON, f"姓名 张三 {PERSON}", "x", f"“{PERSON}”", f"'{PERSON}'")
    assert (made.path, made.field, made.label, made.message, made.message_en) == (
        f"content/{PERSON}.md", PERSON_MASK, f"姓名 张三 {PERSON_MASK}", f"“{PERSON_MASK}”", f"'{PERSON_MASK}'")
    assert made.render() == (f"content/{PERSON_MASK}.md:1:1: 错误: 姓名 张三 {PERSON_MASK}（{PERSON_MASK}）: "
                             f"“{PERSON_MASK}” [x]")
    assert_no_secret(made.render(), made.render("en"), json.dumps(made.to_dict(), ensure_ascii=False))


def run_cli(*args):
    return subprocess.run([sys.executable, "-m", "gongkai", *args], capture_output=True, text=True)


def test_check_in_every_format_and_language_prints_no_raw_value(mini_site):
    write_item(mini_site, f"2025/名单{PERSON}.md", index_no="11430000MB0000001B/2025-00009", genre=f"张三{PERSON}",
               published="13800138000", extra=f"{PERSON}: x\n", body=f"领取人 {PERSON[:6]} {PERSON[6:14]} {PERSON[14:]}")
    for output_format in ("text", "github", "json"):
        for lang in ("zh", "en"):
            run = run_cli("check", "--root", str(mini_site), "--format", output_format, "--lang", lang)
            assert run.returncode == 1
            assert_no_secret(run.stdout, run.stderr)
            assert PERSON_MASK in run.stdout and MOBILE_MASK in run.stdout
    run = run_cli("check", "--root", str(mini_site), "--format", "json")
    codes = sorted(p["code"] for p in json.loads(run.stdout)["problems"])
    # the file name, the genre, the key and the body (split in three) hold the ID; published the mobile
    assert codes == ["date-format", "not-in-vocabulary", "pii-mobile", "pii-resident-id", "pii-resident-id",
                     "pii-resident-id", "pii-resident-id", "unknown-key"]


def test_build_failure_message_masks_what_the_exception_quotes(mini_site):
    stream = io.StringIO()
    settings = mini_site / f"设置{PERSON}.py"
    assert build(mini_site, settings, mini_site / "output", stream=stream) == 1
    assert f"设置{PERSON_MASK}.py" in stream.getvalue()
    assert_no_secret(stream.getvalue())


def test_deploy_failure_message_masks_the_output_path(mini_site):
    run = run_cli("deploy", "--root", str(mini_site), "--output", f"out{PERSON}")
    assert run.returncode == 1
    assert f"out{PERSON_MASK}" in run.stderr
    assert_no_secret(run.stdout, run.stderr)
