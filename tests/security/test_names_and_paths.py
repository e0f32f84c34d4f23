"""Names that become paths: one strict rule, checked before any path is built; the build never
writes outside its output, never into the live site, and never reuses a tampered file."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest

from gongkai.build.build import build
from gongkai.core.names import check_file_name, check_identifier
from gongkai.core.outputfs import UnsafeOutputName, child, write_bytes
from gongkai.check import check_site
from support import BUILD_EPOCH, add_dataset, copy_sample_site, tree_digest, write_item

RESOURCE_LINE = "  - name: calls\n"


def codes(root: Path) -> list[tuple[str, int, str]]:
    _, problems = check_site(root, BUILD_EPOCH)
    return [(p.path, p.line, p.code) for p in problems if p.is_error]


@pytest.mark.parametrize("name", [
    "../other/calls", "..", "../../../../tmp/x", "a/b", "a\\b", ".hidden", "-lead", "trail-", "Upper", "名字",
    "x.y", "x y", "", "a" * 65, "calls\u202e", "ｃａｌｌｓ",
])
def test_a_resource_name_that_is_not_an_identifier_is_refused(mini_site, name):
    add_dataset(mini_site, "hotline", edits={RESOURCE_LINE: f"  - name: {json.dumps(name)}\n"})
    found = [code for path, _, code in codes(mini_site) if path == "datasets/hotline/datapackage.yaml"]
    assert found[:1] in (["resource-name-invalid"], ["resource-name-missing"], ["unsafe-character"]), found


@pytest.mark.parametrize("name", ["datapackage", "index", "changes", "con", "nul", "lpt1"])
def test_a_resource_name_the_portal_uses_itself_is_refused(mini_site, name):
    add_dataset(mini_site, "hotline", edits={RESOURCE_LINE: f"  - name: {name}\n"})
    assert ("datasets/hotline/datapackage.yaml", 23, "resource-name-reserved") in codes(mini_site)


@pytest.mark.parametrize("kind,name,code", [
    ("dataset", "overdue", "name-reserved"), ("dataset", "publisher", "name-reserved"), ("dataset", "Abc", "name-invalid"),
    ("dataset", "a_b-1", None), ("view", "chart_1", None), ("view", "a.b", "name-invalid"),
    ("agency", "qx-gov", None), ("agency", "-qx", "name-invalid"), ("page", "reports", "name-reserved"),
    ("page", "pagefind-2", "name-reserved"), ("page", "admin", "name-reserved"), ("page", "about", None),
])
def test_one_rule_decides_every_identifier(kind, name, code):
    refused = check_identifier(kind, name)
    assert (refused.code if refused else None) == code


@pytest.mark.parametrize("segment,ok", [
    ("医保缴费标准表.pdf", True), ("2024", True), ("a b.pdf", True), ("..", False), (".", False), ("", False),
    (".env", False), ("a:b.pdf", False), ("a?.pdf", False), ("a#1.pdf", False), ("x%2e.pdf", False),
    ("x\u202egpj.pdf", False), ("x\u200b.pdf", False), ("x\u2066.pdf", False), ("x\x01.pdf", False),
    ("trailing.", False), (" lead.pdf", False), ("con.pdf", False), ("Aux.txt", False), ("e\u0301.pdf", False),
    ("a" * 250 + ".pdf", True), ("文" * 90 + ".pdf", False),
])
def test_one_rule_decides_every_file_name(segment, ok):
    assert (check_file_name(segment) is None) == ok


def test_a_traversing_resource_name_writes_nothing_and_leaves_the_live_site_alone(tmp_path, mini_site):
    """The red team's payload: `../other/calls` would have replaced the other agency's files."""
    add_dataset(mini_site, "hotline")
    add_dataset(mini_site, "budget", publisher="demo-finance")
    output = mini_site / "output"
    assert build(mini_site, mini_site / "pelicanconf.py", output) == 0
    descriptor = mini_site / "datasets" / "hotline" / "datapackage.yaml"
    descriptor.write_text(descriptor.read_text(encoding="utf-8").replace(RESOURCE_LINE, "  - name: ../budget/calls\n"),
                          encoding="utf-8")
    everything = tree_digest(tmp_path)  # the live output among it
    assert build(mini_site, mini_site / "pelicanconf.py", output) == 1
    assert tree_digest(tmp_path) == everything


def test_writing_a_file_replaces_a_linked_file_instead_of_writing_through_it(tmp_path):
    live = tmp_path / "live.json"
    live.write_bytes(b"published")
    new = tmp_path / "new"
    new.mkdir()
    os.link(live, new / "calls.json")  # as a rebuild reuses an unchanged file
    write_bytes(child(new, "calls.json"), b"rebuilt")
    assert live.read_bytes() == b"published"
    assert (new / "calls.json").read_bytes() == b"rebuilt"
    os.symlink(live, new / "link.json")
    write_bytes(child(new, "link.json"), b"rebuilt")
    assert live.read_bytes() == b"published" and not (new / "link.json").is_symlink()


@pytest.mark.parametrize("name", ["../x.json", "a/b.json", "..", ".", "", "a\\b"])
def test_the_writer_refuses_a_name_that_is_not_one_segment(tmp_path, name):
    with pytest.raises(UnsafeOutputName):
        child(tmp_path, name)


@pytest.mark.parametrize("tampered", ["datasets/hotline/calls.json", "datasets/hotline/hotline.zip",
                                      "pagefind/*/pagefind-entry.json"])  # a search shard (search/plan.py)
def test_a_file_changed_in_the_live_site_is_never_reused(mini_site, tampered):
    add_dataset(mini_site, "hotline")
    output, fresh = mini_site / "output", mini_site / "fresh"
    assert build(mini_site, mini_site / "pelicanconf.py", output) == 0
    (path,) = output.glob(tampered)
    data = path.read_bytes()
    path.unlink()  # a new inode: the old build's hard links are not affected
    path.write_bytes(data[:-1] + bytes([data[-1] ^ 1]))
    assert build(mini_site, mini_site / "pelicanconf.py", output) == 0
    assert build(mini_site, mini_site / "pelicanconf.py", fresh) == 0
    assert tree_digest(output) == tree_digest(fresh)


def test_an_item_page_changed_or_linked_in_the_live_site_is_never_reused(tmp_path):
    """Item pages are reused by key (outputs/pageinputs.py): of two whose key did not change, one
    edited by hand and one replaced by a link to a copy of itself are made again, and the rebuild
    equals a fresh build."""
    site = copy_sample_site(tmp_path / "site")
    output, fresh = site / "output", site / "fresh"
    assert build(site, site / "pelicanconf.py", output) == 0
    keys = json.loads((output / "build.json").read_text(encoding="utf-8"))["inputs"]
    edited, linked = sorted(output.glob("disclosures/*-*-*/index.html"))[:2]
    data = edited.read_bytes()
    edited.unlink()
    edited.write_bytes(data.replace(b"</body>", b"<script>alert(1)</script></body>"))
    outside = tmp_path / "copy.html"
    outside.write_bytes(linked.read_bytes())
    linked.unlink()
    linked.symlink_to(outside)
    about = site / "content" / "pages" / "about.md"  # a change no item page shows
    about.write_text(about.read_text(encoding="utf-8") + "\n补充一句。\n", encoding="utf-8")
    assert build(site, site / "pelicanconf.py", output) == 0
    assert build(site, site / "pelicanconf.py", fresh) == 0
    again = json.loads((output / "build.json").read_text(encoding="utf-8"))["inputs"]
    for page in (edited, linked):  # the same key: only the check of the live file stops the reuse
        rel = page.relative_to(output).as_posix()
        assert again[rel] == keys[rel]
    assert not linked.is_symlink() and b"alert(1)" not in edited.read_bytes()
    assert tree_digest(output) == tree_digest(fresh)


@pytest.mark.parametrize("file,code", [
    ("../secret.pdf", "attachment-outside"), ("/etc/passwd.pdf", "attachment-outside"),
    ("C:/Users/x.pdf", "attachment-outside"), ("C:x.pdf", "attachment-outside"), ("a\\b.pdf", "attachment-outside"),
    ("https://evil.example/x.pdf", "attachment-remote"), ("//evil.example/x.pdf", "attachment-remote"),
    ("2024/", "attachment-path-form"), ("./2024/a.pdf", "attachment-path-form"), ("2024//a.pdf", "attachment-path-form"),
    ("x\u202egpj.pdf", "attachment-file-name-invalid"), ("x\u200b.pdf", "attachment-file-name-invalid"),
    (".hidden.pdf", "attachment-file-name-invalid"), ("con.pdf", "attachment-file-name-invalid"),
    ("folder.pdf", "attachment-not-file"), ("missing.pdf", "attachment-missing"), ("run.exe", "attachment-type"),
])
def test_attachment_paths_follow_the_rule(mini_site, file, code):
    attachments = mini_site / "content" / "attachments"
    (attachments / "folder.pdf").mkdir(parents=True)
    write_item(mini_site, "2025/item.md", index_no="11430000MB0000001B/2025-00009",
               extra=f"attachments:\n  - file: {json.dumps(file)}\n    title: 附件\n")
    assert [c for path, _, c in codes(mini_site) if path == "content/disclosures/2025/item.md"] == [code]


def test_a_fifo_named_like_an_attachment_is_refused_without_blocking(mini_site):
    attachments = mini_site / "content" / "attachments"
    attachments.mkdir(parents=True)
    os.mkfifo(attachments / "pipe.pdf")
    write_item(mini_site, "2025/item.md", index_no="11430000MB0000001B/2025-00009",
               extra="attachments:\n  - file: pipe.pdf\n    title: 附件\n")
    _, problems = check_site(mini_site, BUILD_EPOCH)
    [refused] = [p for p in problems if p.path == "content/disclosures/2025/item.md"]
    assert refused.code == "attachment-not-file" and "不是普通文件" in refused.message


def test_an_attachment_saved_in_another_unicode_form_gets_a_hint(mini_site):
    attachments = mini_site / "content" / "attachments"
    attachments.mkdir(parents=True)
    (attachments / "re\u0301sume\u0301.pdf").write_bytes(b"%PDF-1.4\n")  # NFD, as macOS writes it
    write_item(mini_site, "2025/item.md", index_no="11430000MB0000001B/2025-00009",
               extra="attachments:\n  - file: r\u00e9sum\u00e9.pdf\n    title: 简历模板\n")
    _, problems = check_site(mini_site, BUILD_EPOCH)
    [missing] = [p for p in problems if p.path == "content/disclosures/2025/item.md"]
    assert missing.code == "attachment-missing" and "Unicode 写法不同" in missing.message


def test_a_windows_path_is_called_a_path_not_a_url(mini_site):
    write_item(mini_site, "2025/item.md", index_no="11430000MB0000001B/2025-00009",
               extra="attachments:\n  - file: 'C:/Users/clerk/a.pdf'\n    title: 附件\n")
    _, problems = check_site(mini_site, BUILD_EPOCH)
    [refused] = [p for p in problems if p.path == "content/disclosures/2025/item.md"]
    assert "盘符" in refused.message and "网址" not in refused.message


@pytest.mark.parametrize("index_no", ["11430000MB0000001B/2025-0001８", "11430000MB0000001B/２０25-00018",
                                      "11430000MB0000001B/2025-0001\u0668"])
def test_an_index_number_with_non_ascii_digits_is_refused(mini_site, index_no):
    write_item(mini_site, "2025/item.md", index_no=index_no)
    assert ("content/disclosures/2025/item.md", 3, "pattern") in codes(mini_site)


def test_a_data_file_may_not_take_a_name_the_portal_writes(mini_site):
    folder = add_dataset(mini_site, "hotline", edits={"path: data/calls.csv": "path: data/changes.csv"})
    shutil.move(folder / "data" / "calls.csv", folder / "data" / "changes.csv")
    assert ("datasets/hotline/datapackage.yaml", 24, "resource-filename-reserved") in codes(mini_site)


def test_the_page_writer_never_writes_through_a_link(tmp_path):
    from gongkai.adapters.pelican.writer import NewFileWriter

    live = tmp_path / "live.html"
    live.write_text("published", encoding="utf-8")
    build_dir = tmp_path / "build"
    (build_dir / "page").mkdir(parents=True)
    os.link(live, build_dir / "page" / "index.html")
    writer = NewFileWriter(str(build_dir), settings={})
    with writer._open_w(str(build_dir / "page" / "index.html"), "utf-8") as handle:
        handle.write("rebuilt")
    assert live.read_text(encoding="utf-8") == "published"
    assert (build_dir / "page" / "index.html").read_text(encoding="utf-8") == "rebuilt"
