"""The real Decap bundle in Debian's Chromium against `gongkai edit` on a temporary repository:
what a clerk does, what the clerk sees, and what lands in the files and in git."""

from __future__ import annotations

import functools
import http.server
import subprocess
import sys
import threading
from pathlib import Path
from urllib.parse import urlparse

import pytest

from editor_support import PDF, git, snapshot, start

from support import REPO

from gongkai.core.pii import resident_id_check_char

pytestmark = pytest.mark.browser
SCREENS = REPO / "output-screens"

RESIDENT_ID = "11010119900307123" + resident_id_check_char("11010119900307123")
INDEX_NO = "11431234MB1520002E/2026-00101"


def editor_server(repository, live_preview):
    from gongkai.editor.server import EditorServer

    server = EditorServer(repository, 0, live_preview=live_preview)
    start(server)
    return server


@pytest.fixture
def open_editor(browser, repository):
    """open_editor(live_preview=...) -> (server, clerk): `gongkai edit` and a tab on it, both closed after."""
    opened = []

    def factory(live_preview: bool = False):
        server = editor_server(repository, live_preview)
        clerk = Clerk(browser, f"http://127.0.0.1:{server.port}")
        opened.append((server, clerk))
        return server, clerk

    yield factory
    for server, clerk in opened:
        clerk.close()
        server.shutdown()
        server.server_close()


class Clerk:
    """One browser tab on the editor; records every request to prove nothing left this machine."""

    def __init__(self, chromium, base: str):
        self.base = base
        self.context = chromium.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN",
                                            service_workers="block")
        self.page = self.context.new_page()
        self.page.on("dialog", lambda dialog: dialog.accept())  # Decap asks before replacing a same-named upload
        self.requests: list[str] = []
        self.page.on("request", lambda request: self.requests.append(request.url))
        self.page.set_default_timeout(20000)

    def open(self, route: str = ""):
        self.page.goto(self.base + "/admin/")
        self.page.get_by_role("button", name="登录").click()
        self.page.get_by_text("政府信息公开").first.wait_for()
        if route:
            self.page.evaluate(f"location.hash = {route!r}")

    def write(self, label: str, text: str):
        """Replace a text field's value as a person does (Decap's inputs ignore a programmatic clear)."""
        field = self.page.get_by_label(label, exact=True)
        field.click()
        self.page.keyboard.press("Control+A")
        self.page.keyboard.press("Backspace")
        if text:
            self.page.keyboard.insert_text(text)

    def choose(self, label: str, text: str):
        self.page.get_by_label(label, exact=True).fill(text)
        self.page.keyboard.press("Enter")

    def upload(self, button: str, file: Path):
        self.page.get_by_role("button", name=button).last.click()
        with self.page.expect_file_chooser() as chooser:
            self.page.get_by_text("上传", exact=True).click()
        chooser.value.set_files(str(file))
        self.page.get_by_role("button", name="选用已选中项目").click()

    def publish(self):
        self.page.get_by_role("button", name="发布", exact=True).click()
        self.page.get_by_text("立即发布").click()

    def answer(self, heading: str) -> str:
        """The text of our panel's answer to the last save, once it says `heading`."""
        answer = self.page.locator('#gongkai-panel [data-gongkai="answer"]')
        answer.get_by_text(heading).wait_for()
        return answer.inner_text()

    def dismiss(self):
        self.page.locator('#gongkai-panel [data-gongkai="answer"]').get_by_role("button", name="知道了").click()

    def foreign_requests(self) -> list[str]:
        host = urlparse(self.base).netloc
        return [url for url in self.requests
                if not url.startswith(("data:", "blob:", "about:")) and urlparse(url).netloc != host]

    def screenshot(self, name: str):
        SCREENS.mkdir(exist_ok=True)
        self.page.screenshot(path=str(SCREENS / name))

    def close(self):
        self.context.close()


def test_clerk_publishes_a_new_item_with_an_attachment(open_editor, repository, tmp_path):
    _, clerk = open_editor(live_preview=False)
    attachment = tmp_path / "补贴标准表.pdf"
    attachment.write_bytes(PDF)
    head = git(repository, "rev-parse", "HEAD").strip()
    clerk.open("#/collections/disclosures/new")
    page = clerk.page
    page.get_by_label("标题", exact=True).fill("关于2026年冬季清洁取暖补贴发放的通知")
    page.get_by_label("索引号", exact=True).fill(INDEX_NO)
    clerk.choose("发布机构", "qx-gov-office")
    clerk.choose("主题分类", "民政、扶贫、救灾")
    clerk.choose("体裁", "通知公告")
    page.get_by_label("成文日期 (可选)").fill("2026-11-18")
    page.get_by_label("发布日期", exact=True).fill("2026-11-20")
    page.get_by_role("button", name="新增附件").click()
    clerk.upload("选择文件", attachment)
    page.get_by_label("附件名称 (可选)").fill("补贴标准表")
    page.locator("[data-slate-editor]").click()
    page.keyboard.type("为保障困难群众温暖过冬，现将2026年冬季清洁取暖补贴发放有关事项通知如下。")
    page.get_by_label("标题", exact=True).scroll_into_view_if_needed()
    clerk.screenshot("editor-new-item.png")
    clerk.publish()
    assert "已保存并提交：新增：关于2026年冬季清洁取暖补贴发放的通知" in clerk.answer("已保存并提交")
    rel = "content/disclosures/2026/11431234mb1520002e-2026-00101.md"
    assert (repository / rel).read_text(encoding="utf-8") == (
        "---\ntitle: 关于2026年冬季清洁取暖补贴发放的通知\nindex_no: 11431234MB1520002E/2026-00101\n"
        "agency: qx-gov-office\ncategory: 民政、扶贫、救灾\ngenre: 通知公告\nwritten: 2026-11-18\n"
        "published: 2026-11-20\nattachments:\n- file: 2026/补贴标准表.pdf\n  title: 补贴标准表\n---\n\n"
        "为保障困难群众温暖过冬，现将2026年冬季清洁取暖补贴发放有关事项通知如下。\n")
    assert (repository / "content/attachments/2026/补贴标准表.pdf").read_bytes() == PDF
    assert git(repository, "log", "--format=%s", f"{head}..HEAD") == "新增：关于2026年冬季清洁取暖补贴发放的通知\n"
    assert git(repository, "status", "--porcelain") == ""
    result = subprocess.run([sys.executable, "-m", "gongkai", "check", "--root", str(repository)],
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stdout
    assert clerk.foreign_requests() == []


def test_invalid_saves_are_refused_with_the_message_in_the_editor(open_editor, repository, tmp_path):
    _, clerk = open_editor(live_preview=False)
    before, head = snapshot(repository), git(repository, "rev-parse", "HEAD")

    def unchanged():
        assert snapshot(repository) == before
        assert git(repository, "rev-parse", "HEAD") == head and git(repository, "status", "--porcelain") == ""

    clerk.open("#/collections/disclosures/new")
    page = clerk.page
    page.get_by_label("标题", exact=True).fill("关于2026年耕地地力保护补贴的补充通知")
    page.get_by_label("索引号", exact=True).fill("11431234MB1520047T/2026-00013")  # already taken
    clerk.choose("发布机构", "qx-agriculture")
    clerk.choose("主题分类", "农业、林业、水利")
    clerk.choose("体裁", "通知公告")
    page.get_by_label("发布日期", exact=True).fill("2026-11-20")
    page.locator("[data-slate-editor]").click()
    page.keyboard.type("补充通知正文。")
    clerk.publish()
    text = clerk.answer("没有保存")
    assert "索引号（index_no）：" in text and "agri-land-subsidy-plan-2026.md 也使用了它" in text
    page.wait_for_timeout(1000)  # Decap's own notice slides in
    clerk.screenshot("editor-refused-save.png")
    unchanged()
    clerk.dismiss()

    clerk.write("索引号", "11431234MB1520047T/2026-00201")
    page.locator("[data-slate-editor]").click()
    page.keyboard.press("End")
    page.keyboard.type(f"联系人身份证号 {RESIDENT_ID}。")
    clerk.publish()
    text = clerk.answer("没有保存")
    assert "正文（body）：疑似未去标识化的身份证号码“11*************233”" in text and RESIDENT_ID not in text
    unchanged()
    clerk.dismiss()

    page.locator("[data-slate-editor]").click()
    page.keyboard.press("Control+A")
    page.keyboard.type("补充通知正文。")
    page.get_by_role("button", name="新增附件").click()
    program = tmp_path / "setup.exe"
    program.write_bytes(b"MZ\x90\x00")
    clerk.upload("选择文件", program)
    clerk.publish()
    text = clerk.answer("没有保存")
    assert "附件（attachments）：附件“2026/setup.exe”的类型“.exe”不允许发布" in text
    unchanged()
    clerk.dismiss()

    page.get_by_role("button", name="移除文件").click()
    clerk.write("标题", "")
    clerk.publish()
    page.get_by_text("“标题”是必填项").wait_for()  # Decap's own check, before anything is sent
    page.get_by_text("你漏掉了一个必填项").wait_for()
    unchanged()
    assert clerk.foreign_requests() == []


def test_dataset_metadata_and_csv_upload_checked_then_built(open_editor, repository, tmp_path):
    server, clerk = open_editor(live_preview=True)
    data_rel = "datasets/hotline-12345-monthly/data/hotline-monthly.csv"
    good = (repository / data_rel).read_bytes() + b"2026-11-01,1000,700,690,98.6,97.2\n"
    bad_folder, good_folder = tmp_path / "bad", tmp_path / "good"
    bad_folder.mkdir()
    good_folder.mkdir()
    (bad_folder / "hotline-monthly.csv").write_bytes(good.replace(b"2026-11-01,1000", "2026-11-01,一千".encode()))
    (good_folder / "hotline-monthly.csv").write_bytes(good)
    before, head = snapshot(repository), git(repository, "rev-parse", "HEAD")
    clerk.open("#/collections/datasets/entries/hotline-12345-monthly")
    page = clerk.page
    page.get_by_label("数据更新日期").fill("2026-11-20")
    clerk.upload("选择其他文件", bad_folder / "hotline-monthly.csv")
    clerk.publish()
    text = clerk.answer("没有保存")
    assert "来电受理量（calls_received）：“一千”不是有效的整数" in text
    assert snapshot(repository) == before and git(repository, "rev-parse", "HEAD") == head
    clerk.dismiss()
    clerk.upload("选择其他文件", good_folder / "hotline-monthly.csv")
    clerk.publish()
    assert "更新数据：清溪县12345政务服务便民热线月度统计（hotline-monthly.csv）" in clerk.answer("已保存并提交")
    assert (repository / data_rel).read_bytes() == good
    diff = git(repository, "show", "--format=", "--unified=0", "HEAD", "--", "datasets/hotline-12345-monthly/datapackage.yaml")
    assert [line for line in diff.splitlines() if line.startswith(("+", "-")) and not line.startswith(("+++", "---"))] == [
        "-modified: 2026-11-10", "+modified: 2026-11-20"]
    assert server.preview.wait() == "ready"
    published = server.preview.output / "datasets/hotline-12345-monthly/hotline-monthly.csv"
    assert published.read_bytes() == good
    assert server.proxy.get_deploy_preview({"collection": "datasets", "slug": "hotline-12345-monthly"}) == {
        "url": "/preview/datasets/hotline-12345-monthly/", "status": "SUCCESS"}
    response = page.goto(f"{clerk.base}/preview/datasets/hotline-12345-monthly/")
    assert response.status == 200 and "清溪县12345政务服务便民热线月度统计" in page.title()
    assert "2026-11-20" in page.content()  # the new 数据更新日期, as the published page shows it
    assert clerk.foreign_requests() == []


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


def test_a_page_on_another_origin_cannot_post_to_the_editor(browser, repository, tmp_path):
    server = editor_server(repository, live_preview=False)
    (tmp_path / "index.html").write_text("<!doctype html><title>另一个网站</title>", encoding="utf-8")
    other = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(tmp_path)))
    threading.Thread(target=other.serve_forever, daemon=True).start()
    context = browser.new_context()
    page = context.new_page()
    statuses = []
    page.on("response", lambda response: "/api/v1" in response.url and statuses.append(response.status))
    before = snapshot(repository)
    try:
        page.goto(f"http://127.0.0.1:{other.server_address[1]}/")
        # The classic cross-site write: a form posted from another page (a fetch() would be
        # stopped by the browser before it is sent, or its answer hidden from the page).
        with page.expect_navigation():
            page.evaluate("""url => {
                const form = Object.assign(document.createElement('form'), {method: 'post', action: url, enctype: 'text/plain'});
                const field = Object.assign(document.createElement('input'), {type: 'hidden',
                    name: '{"action":"deleteFiles","params":{"paths":["content/agencies.yaml"]},"x":"', value: '"}'});
                form.appendChild(field);
                document.body.appendChild(form);
                form.submit();
            }""", f"http://127.0.0.1:{server.port}/api/v1")
        assert statuses == [403]
        assert snapshot(repository) == before
    finally:
        context.close()
        other.shutdown()
        other.server_close()
        server.shutdown()
        server.server_close()


def test_opening_and_saving_every_sample_item_unchanged_leaves_it_byte_identical(open_editor, repository):
    """Real Decap reads each item and writes it back: 定时发布 switched on and off again, which Decap
    counts as a change (the key now holds false) and the file does not (a missing key means false).
    Every file stays byte-identical and no commit is made."""
    _, clerk = open_editor(live_preview=False)
    before, head = snapshot(repository), git(repository, "rev-parse", "HEAD")
    items = sorted(p.relative_to(repository / "content/disclosures").as_posix()[:-3]
                   for p in (repository / "content/disclosures").rglob("*.md"))
    clerk.open()
    for slug in items:
        clerk.page.evaluate(f"location.hash = '#/collections/disclosures/entries/{slug}'")
        switch = clerk.page.get_by_label("定时发布 (可选)")
        switch.wait_for()
        switch.click()
        switch.click()
        clerk.publish()
        assert "没有改动，文件保持原样" in clerk.answer("没有改动"), slug
        clerk.dismiss()
    assert snapshot(repository) == before
    assert git(repository, "rev-parse", "HEAD") == head
