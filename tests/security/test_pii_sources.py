"""Every place a site publishes from is scanned: READMEs, descriptors, schema files, pages,
agencies.yaml, attachments' contents. One bad fixture per place, with its exact problem list."""

import shutil

import openpyxl
import pytest

from gongkai.privacy import attachmentscan
from gongkai.check import check_site
from piicases import CARD, EMAIL, MOBILE, MOBILE_MASK, PERSON, PERSON_MASK, assert_no_secret
from support import AGENCIES, BUILD_EPOCH, pdf_with_text, write_item
from test_dataset_validation import GOOD, edit_yaml, folder, load

YAML = "datasets/good/datapackage.yaml"


def listed(problems):
    return [(p.path, p.line, p.column, p.field, p.code, p.severity.value) for p in problems]


def where(path, needle: str) -> tuple[int, int]:
    """1-based line and column of `needle` in the file (read here, not by the code under test)."""
    text = path.read_text(encoding="utf-8")
    before = text[:text.index(needle)]
    return before.count("\n") + 1, len(before) - (before.rfind("\n") + 1) + 1


@pytest.fixture
def root(tmp_path):
    shutil.copytree(GOOD, tmp_path / "datasets" / "good")
    return tmp_path


# --- datasets ------------------------------------------------------------------------------------------


def test_dataset_readme_is_scanned(root):
    readme = folder(root) / "README.md"
    readme.write_text(readme.read_text(encoding="utf-8") + f"\n联系人：张三，手机 {MOBILE}。\n", encoding="utf-8")
    _, problems = load(root)
    line, column = where(readme, MOBILE)
    assert listed(problems) == [("datasets/good/README.md", line, column, "README", "pii-mobile", "error")]


DESCRIPTOR_PLACES = [
    ("title: 清溪县12345热线月度来电统计", f"title: 清溪县热线（经办人{MOBILE}）", MOBILE, "title", "pii-mobile"),
    ("description: 清溪县", f"description: 联系{EMAIL}。清溪县", EMAIL, "description", "pii-email"),
    ("keywords: [12345, 热线]", f"keywords: [12345, 热线, '{PERSON}']", PERSON, "keywords", "pii-resident-id"),
    ("  phone: 0731-55200012", f"  phone: {MOBILE}", MOBILE, "phone", "pii-mobile"),
    ("    title: 知识共享署名 4.0 国际", f"    title: 知识共享署名 4.0 国际 {PERSON}", PERSON, "title", "pii-resident-id"),
    ("    title: 月度来电", f"    title: 月度来电（{MOBILE}）", MOBILE, "title", "pii-mobile"),
    ("          title: 月份", f"          title: 月份\n          description: 核对人 {MOBILE}", MOBILE, "description",
     "pii-mobile"),
    ("            enum: [咨询, 投诉, 求助]", f"            enum: [咨询, 投诉, 求助, '{PERSON}']", PERSON, "enum",
     "pii-resident-id"),
    ("    title: 每月来电量", f"    title: 每月来电量 {CARD}", CARD, "title", "pii-bank-card"),
    ("    description: 2025年", f"    description: 制图 {MOBILE}。2025年", MOBILE, "description", "pii-mobile"),
    ("spatial: 湖南省湘江市清溪县", f"spatial: 湖南省湘江市清溪县  # 联系 {MOBILE}", MOBILE, "", "pii-mobile"),  # a comment
    ("created: 2025-02-01", f"created: 2025-02-01\nsources:\n  - title: 热线系统导出（{PERSON}）", PERSON, "title",
     "pii-resident-id"),
]


@pytest.mark.parametrize(("old", "new", "needle", "field", "code"), DESCRIPTOR_PLACES,
                         ids=[place[3] + "-" + str(n) for n, place in enumerate(DESCRIPTOR_PLACES)])
def test_every_descriptor_text_is_scanned(root, old, new, needle, field, code):
    edit_yaml(root, old, new)
    _, problems = load(root)
    line, column = where(folder(root) / "datapackage.yaml", needle)
    assert listed(problems) == [(YAML, line, column, field, code, "error")]
    assert_no_secret(*(p.render() for p in problems))


def test_descriptor_contact_message_says_what_to_publish(root):
    edit_yaml(root, "  phone: 0731-55200012", f"  phone: {MOBILE}")
    _, problems = load(root)
    assert problems[0].message.endswith("数据集的联系方式会在网站上公开，请填写办公电话（座机或服务热线）和单位的政务邮箱。")


def test_yaml_escapes_are_scanned_as_published(root):
    """"\\u0031\\u0033…" is 13800138000 on the site; the raw text shows no digits in a row."""
    escaped = "".join(f"\\u{ord(d):04x}" for d in MOBILE)
    edit_yaml(root, "spatial: 湖南省湘江市清溪县", f'spatial: "清溪县 {escaped}"')
    _, problems = load(root)
    line, _ = where(folder(root) / "datapackage.yaml", "spatial:")
    assert listed(problems) == [(YAML, line, 1, "spatial", "pii-mobile", "error")]


def test_schema_file_is_scanned(root):
    text = (folder(root) / "datapackage.yaml").read_text(encoding="utf-8")
    start, end = text.index("    schema:\n"), text.index("      primaryKey")
    schema = "\n".join(line[6:] for line in text[start:end].splitlines()[1:])
    schema = schema.replace("title: 月份", f"title: 月份\n    description: 校对 {MOBILE}")
    (folder(root) / "schema.yaml").write_text(schema + "\nprimaryKey: [month, category]\n", encoding="utf-8")
    rest = text[end:].split("\n", 1)[1]
    (folder(root) / "datapackage.yaml").write_text(text[:start] + "    schema: schema.yaml\n" + rest, encoding="utf-8")
    _, problems = load(root)
    line, column = where(folder(root) / "schema.yaml", MOBILE)
    assert listed(problems) == [("datasets/good/schema.yaml", line, column, "description", "pii-mobile", "error")]


# --- pages and agencies ----------------------------------------------------------------------------------


def page_problems(site):
    _, problems = check_site(site, BUILD_EPOCH)
    return listed(problems)


def test_page_front_matter_body_and_comments_are_scanned(mini_site):
    page = mini_site / "content" / "pages" / "about.md"
    page.write_text(f"---\ntitle: 关于本站（管理员 {MOBILE}）\nsummary: 联系 {EMAIL}\n---\n正文。\n\n"
                    f"<!-- 旧联系人 {PERSON} -->\n\n银行卡 {CARD[:4]} {CARD[4:8]} {CARD[8:12]} {CARD[12:16]} {CARD[16:]}\n",
                    encoding="utf-8")
    rel = "content/pages/about.md"
    assert page_problems(mini_site) == [
        (rel, *where(page, MOBILE), "title", "pii-mobile", "error"), (rel, *where(page, EMAIL), "summary", "pii-email", "error"),
        (rel, *where(page, PERSON), "body", "pii-resident-id", "error"), (rel, *where(page, CARD[:4]), "body", "pii-bank-card", "error")]


def test_page_named_after_a_person_is_reported(mini_site):
    (mini_site / "content" / "pages" / f"{PERSON.lower()}.md").write_text("---\ntitle: 名单\n---\n正文。\n", encoding="utf-8")
    rel = f"content/pages/{PERSON.lower()}.md"
    assert page_problems(mini_site) == [(rel, 0, 0, "path", "pii-resident-id", "error")]


def write_agencies(site, extra: str) -> None:
    (site / "content" / "agencies.yaml").write_text(AGENCIES + extra, encoding="utf-8")


AGENCY = "content/agencies.yaml"
OFFICE = "- id: demo-town\n  name: 示例镇人民政府\n"


def test_agency_landline_hotline_and_government_mailbox_pass(mini_site):
    write_agencies(mini_site, OFFICE + "  phone: 0731-50000001、12345\n  email: sfz@demo.gov.cn\n")
    assert page_problems(mini_site) == []


def test_agency_mobile_and_personal_mailbox_are_errors_that_say_what_to_publish(mini_site):
    write_agencies(mini_site, OFFICE + f"  phone: {MOBILE}\n  email: {EMAIL}\n  description: 镇长 张三 {PERSON}\n")
    _, problems = check_site(mini_site, BUILD_EPOCH)
    agencies = mini_site / AGENCY
    assert listed(problems) == [(AGENCY, *where(agencies, MOBILE), "phone", "pii-mobile", "error"),
                                (AGENCY, *where(agencies, EMAIL), "email", "pii-email", "error"),
                                (AGENCY, *where(agencies, PERSON), "description", "pii-resident-id", "error")]
    assert "请在这个机构下加一行“pii_reason: 理由”" in problems[0].message
    assert_no_secret(*(p.render() for p in problems))


def test_agency_pii_reason_turns_its_contact_findings_into_warnings_that_show_it(mini_site):
    write_agencies(mini_site, OFFICE + f"  phone: {MOBILE}\n  email: demotown@163.com\n  description: 值班 {PERSON}\n"
                   "  pii_reason: 镇政府值班手机和镇政府在 163.com 的公共邮箱（镇政府 2025 年第 3 号通知）\n")
    _, problems = check_site(mini_site, BUILD_EPOCH)
    agencies = mini_site / AGENCY
    assert listed(problems) == [(AGENCY, *where(agencies, MOBILE), "phone", "pii-mobile", "warning"),
                                (AGENCY, *where(agencies, "demotown@"), "email", "pii-email", "warning"),
                                (AGENCY, *where(agencies, PERSON), "description", "pii-resident-id", "error")]
    assert problems[0].message == (f"机构的电话或邮箱中有手机号码“{MOBILE_MASK}”按“pii_reason: 镇政府值班手机和镇政府在 163.com 的公共邮箱"
                                   "（镇政府 2025 年第 3 号通知）”公开。请确认这确是单位公开的联系方式，而不是个人的。")


def test_agency_pii_reason_must_be_text_and_is_never_published(mini_site):
    write_agencies(mini_site, OFFICE + "  pii_reason: [值班, 手机]\n")
    agencies = mini_site / AGENCY
    assert page_problems(mini_site) == [(AGENCY, *where(agencies, "pii_reason"), "pii_reason", "type-scalar", "error")]
    write_agencies(mini_site, OFFICE + "  pii_reason: 镇政府值班手机\n")
    site, problems = check_site(mini_site, BUILD_EPOCH)
    assert problems == []
    assert [agency.record() for agency in site.agencies if agency.id == "demo-town"] == [
        {"id": "demo-town", "name": "示例镇人民政府"}]


def test_agencies_yaml_comments_are_scanned(mini_site):
    write_agencies(mini_site, f"# 录入人：张三 {MOBILE}\n" + OFFICE + f"  address: 示例镇 1 号  # 门卫 {PERSON}\n")
    agencies = mini_site / AGENCY
    _, problems = check_site(mini_site, BUILD_EPOCH)
    assert listed(problems) == [(AGENCY, *where(agencies, MOBILE), "", "pii-mobile", "error"),
                                (AGENCY, *where(agencies, PERSON), "", "pii-resident-id", "error")]
    assert problems[0].render().startswith(f"{AGENCY}:9:10: 错误: 注释: 疑似未去标识化的手机号码")


# --- attachments ---------------------------------------------------------------------------------------


def attach(site, *files, name="2025/bad.md", index_no="11430000MB0000001B/2025-00009"):
    entries = "".join(f"  - file: {file}\n    title: 附件\n" for file in files)
    write_item(site, name, index_no=index_no, extra="attachments:\n" + entries)


def attachment(site, file: str):
    path = site / "content" / "attachments" / file
    path.parent.mkdir(parents=True, exist_ok=True)
    return path


def test_csv_attachment_cells_are_scanned_at_their_line_and_cell(mini_site):
    attachment(mini_site, "2025/list.csv").write_text(
        f"姓名,身份证号,银行卡号\n张*,430102********1233,6217********0122\n李四,{PERSON},{CARD}\n", encoding="utf-8")
    attach(mini_site, "2025/list.csv")
    rel = "content/attachments/2025/list.csv"
    assert page_problems(mini_site) == [(rel, 3, 2, "", "pii-resident-id", "error"), (rel, 3, 3, "", "pii-bank-card", "error")]


def test_gb18030_csv_attachment_is_decoded_and_scanned(mini_site):
    attachment(mini_site, "2025/list.csv").write_bytes(f"姓名,电话\n王五,{MOBILE}\n".encode("gb18030"))
    attach(mini_site, "2025/list.csv")
    assert page_problems(mini_site) == [("content/attachments/2025/list.csv", 2, 2, "", "pii-mobile", "error")]


def test_txt_attachment_is_scanned_at_line_and_column(mini_site):
    attachment(mini_site, "2025/notice.txt").write_text(f"公示名单\n\n赵六 身份证 {PERSON[:6]} {PERSON[6:]}\n", encoding="utf-8")
    attach(mini_site, "2025/notice.txt")
    assert page_problems(mini_site) == [("content/attachments/2025/notice.txt", 3, 8, "", "pii-resident-id", "error")]


def test_xlsx_attachment_cells_are_scanned_naming_sheet_row_and_column(mini_site):
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "补贴名单"
    sheet.append(["姓名", "身份证号", "金额"])
    sheet.append(["张三", PERSON, 1200])
    workbook.save(attachment(mini_site, "2025/list.xlsx"))
    attach(mini_site, "2025/list.xlsx")
    _, problems = check_site(mini_site, BUILD_EPOCH)
    assert listed(problems) == [("content/attachments/2025/list.xlsx", 0, 0, "", "pii-resident-id", "error")]
    assert problems[0].message.startswith(f"工作表“补贴名单”第 2 行 B 列中有疑似未去标识化的身份证号码“{PERSON_MASK}”。")


def test_pdf_attachment_text_is_scanned_as_warnings_naming_the_page(mini_site):
    attachment(mini_site, "2025/list.pdf").write_bytes(pdf_with_text("Subsidy list", f"Zhang San {PERSON} {MOBILE}"))
    attach(mini_site, "2025/list.pdf")
    _, problems = check_site(mini_site, BUILD_EPOCH)
    rel = "content/attachments/2025/list.pdf"
    assert listed(problems) == [(rel, 0, 0, "", "pii-mobile", "warning"), (rel, 0, 0, "", "pii-resident-id", "warning")]
    assert problems[1].message.startswith(f"PDF 附件第 2 页的文字中有疑似未去标识化的身份证号码“{PERSON_MASK}”。")
    assert problems[1].message.endswith("（文字是从 PDF 中提取的，可能有误，请打开文件核对。）")


def test_damaged_pdf_is_a_warning_that_it_was_not_checked(mini_site):
    attachment(mini_site, "2025/list.pdf").write_bytes(b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog /Pages 9 0 R >>\nendobj\n")
    attach(mini_site, "2025/list.pdf")
    _, problems = check_site(mini_site, BUILD_EPOCH)
    assert listed(problems) == [("content/attachments/2025/list.pdf", 0, 0, "", "attachment-unreadable", "warning")]
    assert problems[0].message.startswith("附件没有能检查其中的个人信息（文件已损坏或格式不对：")


def test_slow_pdf_is_stopped_at_the_time_limit(mini_site, monkeypatch):
    monkeypatch.setattr(attachmentscan, "LIMIT_SECONDS", 0.05)
    attachment(mini_site, "2025/long.pdf").write_bytes(pdf_with_text(*(f"Page {n} " + "text " * 400 for n in range(300))))
    attach(mini_site, "2025/long.pdf")
    _, problems = check_site(mini_site, BUILD_EPOCH)
    assert listed(problems) == [("content/attachments/2025/long.pdf", 0, 0, "", "attachment-unreadable", "warning")]
    assert "读取超过了 0.05 秒" in problems[0].message


def test_attachment_shared_by_two_items_is_reported_once(mini_site):
    attachment(mini_site, "2025/list.txt").write_text(f"{MOBILE}\n", encoding="utf-8")
    attach(mini_site, "2025/list.txt")
    attach(mini_site, "2025/list.txt", name="2025/other.md", index_no="11430000MB0000001B/2025-00010")
    assert page_problems(mini_site) == [("content/attachments/2025/list.txt", 1, 1, "", "pii-mobile", "error")]


def test_body_with_many_findings_lists_twenty_and_counts_the_rest(mini_site):
    write_item(mini_site, "2025/bad.md", index_no="11430000MB0000001B/2025-00009", body=f"{MOBILE}\n\n" * 30)
    found = page_problems(mini_site)
    rel = "content/disclosures/2025/bad.md"
    assert found == [(rel, 0, 0, "", "pii-more", "error")] + [(rel, n, 1, "body", "pii-mobile", "error")
                                                            for n in range(9, 49, 2)]


def test_attachment_with_many_findings_lists_twenty_and_counts_the_rest(mini_site):
    attachment(mini_site, "2025/list.txt").write_text(f"{MOBILE}\n" * 25, encoding="utf-8")
    attach(mini_site, "2025/list.txt")
    found = page_problems(mini_site)
    rel = "content/attachments/2025/list.txt"
    assert found == [(rel, 0, 0, "", "pii-more", "error")] + [(rel, n, 1, "", "pii-mobile", "error") for n in range(1, 21)]
