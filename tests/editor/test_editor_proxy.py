"""Decap's proxy protocol against `gongkai edit` over real HTTP: every save checked by the real
check before anything is written, refused saves change nothing, valid ones make one commit."""

from __future__ import annotations

import subprocess
import sys

from editor_support import PDF, asset, git, item_path, new_item, snapshot

from gongkai.core.pii import resident_id_check_char

INDEX_NO = "11431234MB1520002E/2026-00101"
RESIDENT_ID = "11010119900307123" + resident_id_check_char("11010119900307123")


def check(root):
    return subprocess.run([sys.executable, "-m", "gongkai", "check", "--root", str(root)], capture_output=True, text=True)


def test_new_item_with_attachment_is_written_checked_and_committed_once(editor, repository):
    _, client = editor
    rel = item_path(INDEX_NO)
    before = git(repository, "rev-parse", "HEAD").strip()
    status, answer = client.save_item(rel, new_item(), assets=[asset("content/attachments/2026/补贴标准表.pdf", PDF)])
    assert status == 200, answer
    assert (repository / "content/attachments/2026/补贴标准表.pdf").read_bytes() == PDF
    assert (repository / rel).read_text(encoding="utf-8") == (
        "---\ntitle: 关于2026年冬季清洁取暖补贴发放的通知\nindex_no: 11431234MB1520002E/2026-00101\n"
        "agency: qx-gov-office\ncategory: 综合政务\ngenre: 通知公告\nwritten: 2026-11-18\npublished: 2026-11-20\n"
        "attachments:\n- file: 2026/补贴标准表.pdf\n  title: 补贴标准表\n---\n\n为保障群众温暖过冬，现将有关事项通知如下。\n")
    assert git(repository, "log", "--format=%s%n%an <%ae>", f"{before}..HEAD").splitlines() == [
        "新增：关于2026年冬季清洁取暖补贴发放的通知", "测试员 <clerk@example.gov.cn>"]
    assert sorted(git(repository, "show", "--name-only", "--format=", "HEAD").splitlines()) == sorted([
        rel, '"content/attachments/2026/\\350\\241\\245\\350\\264\\264\\346\\240\\207\\345\\207\\206\\350\\241\\250.pdf"'])
    assert git(repository, "status", "--porcelain") == ""
    result = check(repository)
    assert result.returncode == 0, result.stdout


def refused(client, repository, raw, *, rel=item_path(INDEX_NO), assets=()):
    before, head = snapshot(repository), git(repository, "rev-parse", "HEAD")
    status, answer = client.save_item(rel, raw, assets=assets)
    assert status == 422, answer
    assert snapshot(repository) == before
    assert git(repository, "rev-parse", "HEAD") == head
    assert git(repository, "status", "--porcelain") == ""
    return answer


def test_duplicate_index_no_is_refused_naming_the_other_file(editor, repository):
    _, client = editor
    taken = "11431234MB1520047T/2026-00013"  # content/disclosures/2026/agri-land-subsidy-plan-2026.md
    answer = refused(client, repository, new_item(index_no=taken), rel=item_path(taken),
                     assets=[asset("content/attachments/2026/补贴标准表.pdf", PDF)])
    assert [(p["path"], p["code"], p["field"]) for p in answer["problems"]] == [
        (item_path(taken), "duplicate-index-no", "index_no")]  # the other file's mirror image is left out
    assert "agri-land-subsidy-plan-2026.md 也使用了它" in answer["error"]


def test_resident_id_in_body_is_refused_and_never_echoed(editor, repository):
    _, client = editor
    answer = refused(client, repository, new_item(body=f"联系人身份证号 {RESIDENT_ID}。"),
                     assets=[asset("content/attachments/2026/补贴标准表.pdf", PDF)])
    assert [(p["code"], p["field"], p["label"]) for p in answer["problems"]] == [("pii-resident-id", "body", "正文（body）")]
    assert RESIDENT_ID not in str(answer)
    assert "11*************233" in answer["error"]


def test_executable_attachment_is_refused(editor, repository):
    _, client = editor
    answer = refused(client, repository, new_item(attachment="setup.exe"),
                     assets=[asset("content/attachments/2026/setup.exe", b"MZ\x90\x00")])
    assert [(p["code"], p["field"]) for p in answer["problems"]] == [("attachment-type", "attachments")]
    assert "“.exe”不允许发布" in answer["error"]


def test_empty_title_is_refused(editor, repository):
    _, client = editor
    answer = refused(client, repository, new_item(title="''"), assets=[asset("content/attachments/2026/补贴标准表.pdf", PDF)])
    assert [(p["code"], p["field"]) for p in answer["problems"]] == [("required", "title")]


def test_item_outside_its_year_folder_or_with_an_upper_case_name_is_refused(editor, repository):
    _, client = editor
    for rel in ("content/disclosures/x/new.md", "content/disclosures/2026/New-Item.md", "content/disclosures/new.md"):
        answer = refused(client, repository, new_item(), rel=rel)
        assert "content/disclosures/<" in answer["error"]


def test_overwriting_an_existing_attachment_with_other_bytes_is_refused(editor, repository):
    _, client = editor
    existing = "content/attachments/2026/qx-gov-office-2025-annual-report.pdf"
    answer = refused(client, repository, new_item(attachment="qx-gov-office-2025-annual-report.pdf"),
                     assets=[asset(existing, PDF)])
    assert "已经存在" in answer["error"]


def test_unchanged_save_of_every_sample_item_leaves_it_byte_identical(editor, repository):
    """What Decap sends back for an untouched item (the file as read) changes nothing, for every item."""
    _, client = editor
    status, entries = client.request("entriesByFolder", {"branch": "main", "folder": "content/disclosures",
                                                         "extension": "md", "depth": 2})
    assert status == 200 and len(entries) == len(list((repository / "content/disclosures").rglob("*.md")))
    before, head = snapshot(repository), git(repository, "rev-parse", "HEAD")
    for entry in entries:
        status, answer = client.save_item(entry["file"]["path"], entry["data"], new=False)
        assert (status, answer) == (200, {"message": "没有改动，文件保持原样。"}), entry["file"]["path"]
    assert snapshot(repository) == before
    assert git(repository, "rev-parse", "HEAD") == head


def test_edit_rewrites_only_the_changed_line_and_commits_it(editor, repository):
    _, client = editor
    rel = "content/disclosures/2026/agri-land-subsidy-plan-2026.md"
    original = (repository / rel).read_text(encoding="utf-8")
    status, answer = client.save_item(rel, original.replace("doc_no: 清农发〔2026〕7号", "doc_no: 清农发〔2026〕8号"), new=False)
    assert status == 200, answer
    diff = git(repository, "show", "--format=%s", "--unified=0", "HEAD")
    assert diff.splitlines()[0] == "修改：清溪县2026年耕地地力保护补贴实施方案"
    assert [line for line in diff.splitlines() if line.startswith(("+", "-")) and not line.startswith(("+++", "---"))] == [
        "-doc_no: 清农发〔2026〕7号", "+doc_no: 清农发〔2026〕8号"]


def test_dataset_metadata_edit_touches_only_its_line(editor, repository):
    _, client = editor
    rel = "datasets/hotline-12345-monthly/datapackage.yaml"
    original = (repository / rel).read_text(encoding="utf-8")
    status, answer = client.save_dataset("hotline-12345-monthly", original.replace("modified: 2026-11-10", "modified: 2026-11-20"))
    assert status == 200, answer
    diff = git(repository, "show", "--format=%s", "--unified=0", "HEAD")
    assert diff.splitlines()[0] == "修改数据集：清溪县12345政务服务便民热线月度统计"
    assert [line for line in diff.splitlines() if line.startswith(("+", "-")) and not line.startswith(("+++", "---"))] == [
        "-modified: 2026-11-10", "+modified: 2026-11-20"]


def test_csv_upload_is_checked_before_it_replaces_the_data(editor, repository):
    _, client = editor
    name = "hotline-12345-monthly"
    descriptor = (repository / f"datasets/{name}/datapackage.yaml").read_text(encoding="utf-8")
    data_rel = f"datasets/{name}/data/hotline-monthly.csv"
    good = (repository / data_rel).read_bytes() + b"2026-11-01,1000,700,690,98.6,97.2\n"
    bad = good.replace(b"2026-11-01,1000", b"2026-11-01,\xe4\xb8\x80\xe5\x8d\x83")  # 一千
    before, head = snapshot(repository), git(repository, "rev-parse", "HEAD")
    status, answer = client.save_dataset(name, descriptor, assets=[asset(data_rel, bad)])
    assert status == 422
    assert [(p["path"], p["code"], p["field"]) for p in answer["problems"]] == [(data_rel, "type-error", "calls_received")]
    assert snapshot(repository) == before and git(repository, "rev-parse", "HEAD") == head
    status, answer = client.save_dataset(name, descriptor, assets=[asset(f"datasets/{name}/data/新数据.csv", good)])
    assert status == 422 and "hotline-monthly.csv" in answer["error"]
    status, answer = client.save_dataset(name, descriptor, assets=[asset(data_rel, good)])
    assert status == 200, answer
    assert (repository / data_rel).read_bytes() == good
    assert git(repository, "log", "-1", "--format=%s") == "更新数据：清溪县12345政务服务便民热线月度统计（hotline-monthly.csv）\n"
    assert check(repository).returncode == 0


def test_dataset_resource_file_name_cannot_change(editor, repository):
    _, client = editor
    rel = "datasets/hotline-12345-monthly/datapackage.yaml"
    original = (repository / rel).read_text(encoding="utf-8")
    status, answer = client.save_dataset("hotline-12345-monthly", original.replace("path: data/hotline-monthly.csv", "path: data/x.csv"))
    assert status == 422 and "不能更改" in answer["error"]


def test_unchanged_save_of_every_sample_dataset_leaves_it_byte_identical(editor, repository):
    _, client = editor
    before, head = snapshot(repository), git(repository, "rev-parse", "HEAD")
    for descriptor in sorted((repository / "datasets").glob("*/datapackage.yaml")):
        status, answer = client.save_dataset(descriptor.parent.name, descriptor.read_text(encoding="utf-8"))
        assert (status, answer) == (200, {"message": "没有改动，文件保持原样。"}), descriptor
    assert snapshot(repository) == before and git(repository, "rev-parse", "HEAD") == head


def test_error_the_change_causes_in_another_file_is_reported(editor, repository):
    _, client = editor
    rel = "content/disclosures/2025/civil-temp-relief-2025.md"  # interpreted by civil-temp-relief-2025-jiedu.md
    original = (repository / rel).read_text(encoding="utf-8")
    before = snapshot(repository)
    status, answer = client.save_item(rel, original.replace("/2025-00015", "/2025-00099"), new=False)
    assert status == 422
    assert [(p["path"], p["code"], p["other_file"]) for p in answer["problems"]] == [
        ("content/disclosures/2025/civil-temp-relief-2025-jiedu.md", "unknown-index-no", True)]
    assert answer["error"].startswith("没有保存，请先修改（共 1 个问题）：（content/disclosures/2025/civil-temp-relief-2025-jiedu.md）解读对象")
    assert snapshot(repository) == before


def test_deleting_an_attachment_still_in_use_is_refused(editor, repository):
    _, client = editor
    rel = "content/attachments/2026/qx-gov-office-2025-annual-report.pdf"
    before = snapshot(repository)
    status, answer = client.request("deleteFiles", {"branch": "main", "paths": [rel], "options": {"commitMessage": "x"}})
    assert status == 422
    assert {p["code"] for p in answer["problems"]} == {"attachment-missing"}
    assert snapshot(repository) == before


def test_editorial_workflow_actions_are_refused_locally(editor):
    _, client = editor
    status, answer = client.request("unpublishedEntries", {"branch": "main"})
    assert status == 422 and "编辑工作流" in answer["error"]


def test_author_comes_from_the_form_when_git_has_none(editor, repository, monkeypatch):
    _, client = editor
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", "/dev/null")
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    git(repository, "config", "--unset", "user.name")
    git(repository, "config", "--unset", "user.email")
    rel = item_path(INDEX_NO)
    uploads = [asset("content/attachments/2026/补贴标准表.pdf", PDF)]
    status, answer = client.save_item(rel, new_item(), assets=uploads)
    assert status == 422 and "经办人" in answer["error"]
    from urllib.parse import quote

    status, answer = client.save_item(rel, new_item(), assets=uploads, headers={
        "X-Gongkai-Author-Name": quote("王小红"), "X-Gongkai-Author-Email": "wxh@qingxi.gov.cn"})
    assert status == 200, answer
    assert git(repository, "log", "-1", "--format=%an <%ae>|%cn") == "王小红 <wxh@qingxi.gov.cn>|王小红\n"
