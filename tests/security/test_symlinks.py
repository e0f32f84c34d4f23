"""Nothing is read through a symbolic link: not a source file, not a folder on the way to one, not
the roots (content/, datasets/, schemas/, theme/) themselves. Each link is named in an error, and
what it points at never reaches a message or the site."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from gongkai.build.build import build
from gongkai.core.problems import render_text
from gongkai.check import check_site
from support import BUILD_EPOCH, add_dataset, write_item

SECRET = "SECRET-MARKER-7731"


@pytest.fixture
def outside(tmp_path) -> Path:
    """A folder outside the site holding files worth stealing, in every format the site reads."""
    folder = tmp_path / "outside"
    folder.mkdir()
    (folder / "secret.md").write_text(f"---\ntitle: {SECRET}\n---\n{SECRET}\n", encoding="utf-8")
    (folder / "secret.yaml").write_text(f"- id: stolen\n  name: {SECRET}\n", encoding="utf-8")
    (folder / "secret.csv").write_text(f"month,date,category,calls,rate,note\n2025-01,2025-01-31,咨询,1,1,{SECRET}\n",
                                       encoding="utf-8")
    (folder / "secret.pdf").write_bytes(f"%PDF-1.4 {SECRET}".encode())
    (folder / "secret.html").write_text(f"<p>{SECRET}</p>", encoding="utf-8")
    (folder / "attachments").mkdir()
    (folder / "attachments" / "a.pdf").write_bytes(f"%PDF-1.4 {SECRET}".encode())
    return folder


def replace_with_link(path: Path, target: Path) -> None:
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path)
    elif path.exists() or path.is_symlink():
        path.unlink()
    path.parent.mkdir(parents=True, exist_ok=True)
    os.symlink(target, path)


def assert_refused(site: Path, link: str, codes=("source-symlink",)) -> None:
    site_model, problems = check_site(site, BUILD_EPOCH)
    text = render_text(problems)
    assert SECRET not in text
    assert any(p.is_error and p.code in codes and (p.path == link or link in p.message) for p in problems), text
    output = site / "output"
    assert build(site, site / "pelicanconf.py", output) == 1
    assert not output.exists()


@pytest.mark.parametrize("link,target", [
    ("content/disclosures/2025/budget.md", "secret.md"),
    ("content/disclosures/stolen.md", "secret.md"),
    ("content/pages/about.md", "secret.md"),
    ("content/pages/extra.md", "secret.md"),
    ("content/agencies.yaml", "secret.yaml"),
    ("schemas/vocabularies.yaml", "secret.yaml"),
    ("theme/templates/page.html", "secret.html"),
    ("theme/static/css/site.css", "secret.html"),
])
def test_a_linked_source_file_is_refused(mini_site, outside, link, target):
    replace_with_link(mini_site / link, outside / target)
    assert_refused(mini_site, link)


@pytest.mark.parametrize("link", ["content/disclosures", "content/disclosures/2025", "content/pages", "theme/templates",
                                  "content", "schemas", "theme", "datasets"])
def test_a_linked_folder_is_refused_and_never_entered(mini_site, outside, link):
    copy = outside / "copy"
    shutil.copytree(mini_site / link, copy)  # a folder that would even pass the check
    (copy / "stolen.md").write_text((outside / "secret.md").read_text(encoding="utf-8"), encoding="utf-8")
    replace_with_link(mini_site / link, copy)
    assert_refused(mini_site, link)


def test_a_linked_attachment_folder_moves_no_jail(mini_site, outside):
    replace_with_link(mini_site / "content" / "attachments", outside / "attachments")
    write_item(mini_site, "2025/item.md", index_no="11430000MB0000001B/2025-00009",
               extra="attachments:\n  - file: a.pdf\n    title: 附件\n")
    assert_refused(mini_site, "content/attachments", ("source-symlink", "attachment-symlink"))


@pytest.mark.parametrize("link", ["content/attachments/2024", "content/attachments/2024/a.pdf"])
def test_a_linked_attachment_or_its_folder_is_refused(mini_site, outside, link):
    (mini_site / "content" / "attachments" / "2024").mkdir(parents=True)
    target = outside / "attachments" if link.endswith("2024") else outside / "attachments" / "a.pdf"
    replace_with_link(mini_site / link, target)
    write_item(mini_site, "2025/item.md", index_no="11430000MB0000001B/2025-00009",
               extra="attachments:\n  - file: 2024/a.pdf\n    title: 附件\n")
    assert_refused(mini_site, link, ("source-symlink", "attachment-symlink"))


@pytest.mark.parametrize("link,target", [
    ("datasets/hotline/data/calls.csv", "secret.csv"),
    ("datasets/hotline/data", "."),
    ("datasets/hotline/README.md", "secret.md"),
    ("datasets/hotline/datapackage.yaml", "secret.yaml"),
    ("datasets/hotline", "."),
])
def test_a_linked_dataset_part_is_refused(mini_site, outside, link, target):
    add_dataset(mini_site, "hotline")
    if target == ".":
        copy = outside / "copy"
        shutil.copytree(mini_site / link, copy)
        target_path = copy
    else:
        target_path = outside / target
    replace_with_link(mini_site / link, target_path)
    assert_refused(mini_site, link, ("source-symlink", "path-symlink", "dataset-folder-symlink", "descriptor-missing"))


def test_the_sample_sources_hold_no_link():
    from gongkai.core.sourcefs import link_problems
    from support import REPO

    assert link_problems(REPO) == []
