"""Dataset safety: the personal-information gate over CSV cells, markup in plain text, conflict markers."""

import shutil

from test_dataset_validation import CSV, GOOD, HEADER, YAML, edit_yaml, found, load, write_csv


def resident_id(body17: str) -> str:
    weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
    return body17 + "10X98765432"[sum(int(d) * w for d, w in zip(body17, weights)) % 11]


def luhn_complete(body: str) -> str:
    total = 0
    for position, digit in enumerate(reversed(body)):
        value = int(digit) * (2 if position % 2 == 0 else 1)
        total += value - 9 if value > 9 else value
    return body + str((10 - total % 10) % 10)


def test_id_mobile_card_and_email_in_cells_are_errors_with_masked_values(tmp_path):
    shutil.copytree(GOOD, tmp_path / "datasets" / "good")
    person, card = resident_id("35020319750615123"), luhn_complete("621700123456789012")
    write_csv(tmp_path, HEADER + f"2025-01,2025-01-31,咨询,130,98.5,{person}\n"
                                 "2025-02,2025-02-28,投诉,20,90,回访 139 1234 5678\n"
                                 f"2025-03,2025-03-31,求助,5,90,{card}\n"
                                 "2025-04,2025-04-30,咨询,5,90,zhang.san@qq.com\n"
                                 "2025-05,2025-05-31,咨询,5,90,已脱敏 139****5678 35************123\n"
                                 "2025-06,2025-06-30,咨询,5,90,qxczj@qingxi.gov.cn\n")
    _, problems = load(tmp_path)
    assert [(p.path, p.line, p.column, p.field, p.code) for p in problems] == [
        (CSV, 2, 6, "note", "pii-resident-id"),
        (CSV, 3, 6, "note", "pii-mobile"),
        (CSV, 4, 6, "note", "pii-bank-card"),
        (CSV, 5, 6, "note", "pii-email"),
    ]
    text = "\n".join(p.render() + p.render("en") for p in problems)
    for secret in (person, card, "13912345678", "139 1234 5678", "zhang.san"):
        assert secret not in text


def test_pii_allowed_column_is_skipped_and_its_reason_shown(tmp_path):
    shutil.copytree(GOOD, tmp_path / "datasets" / "good")
    write_csv(tmp_path, HEADER + "2025-01,2025-01-31,咨询,130,98.5,值班手机 13912345678\n")
    edit_yaml(tmp_path, "          title: 备注\n", "          title: 备注\n          pii: allowed\n          pii_reason: 公开的值班电话（县政府办公室 2025 年第 3 号通知）\n")
    _, problems = load(tmp_path)
    assert [(p.path, p.field, p.code, p.severity.value) for p in problems] == [(YAML, "note", "field-pii-allowed", "warning")]
    assert "公开的值班电话" in problems[0].message


def test_pii_allowed_without_a_reason_is_an_error(tmp_path):
    shutil.copytree(GOOD, tmp_path / "datasets" / "good")
    edit_yaml(tmp_path, "          title: 备注\n", "          title: 备注\n          pii: allowed\n")
    assert [code for *_, code in found(tmp_path)] == ["field-pii-reason-missing"]


def test_markup_in_dataset_title_or_description_is_refused(tmp_path):
    shutil.copytree(GOOD, tmp_path / "datasets" / "good")
    text = (tmp_path / "datasets" / "good" / "datapackage.yaml").read_text(encoding="utf-8")
    line = next(n for n, l in enumerate(text.splitlines(), 1) if l.startswith("description:"))
    edit_yaml(tmp_path, "\ndescription: ", '\ndescription: "<img src=x onerror=alert(1)>"\nx_old_description: ')
    assert [(p, l, c, f, code) for p, l, c, f, code in found(tmp_path) if code != "descriptor-unknown-key"][:1] == [
        (YAML, line, 1, "description", "markup-in-text")]


def test_git_conflict_markers_in_a_csv_are_errors(tmp_path):
    shutil.copytree(GOOD, tmp_path / "datasets" / "good")
    write_csv(tmp_path, HEADER + "<<<<<<< HEAD\n2025-01,2025-01-31,咨询,130,98.5,\n=======\n2025-01,2025-01-31,咨询,131,98.5,\n>>>>>>> branch\n")
    assert [(line, code) for _, line, _, _, code in found(tmp_path)] == [
        (2, "git-conflict-marker"), (4, "git-conflict-marker"), (5, "primary-key"), (6, "git-conflict-marker")]
