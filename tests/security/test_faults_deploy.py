"""`gongkai deploy` against a local bare repository and two clones: a colleague's publish is never
overwritten unasked, a rejected push leaves every branch where it was, and git's reason is told."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from gongkai.build.build import build
from gongkai.cli import main
from support import REPO

IDENTITY = {"GIT_AUTHOR_NAME": "测试", "GIT_AUTHOR_EMAIL": "t@example.org",
            "GIT_COMMITTER_NAME": "测试", "GIT_COMMITTER_EMAIL": "t@example.org"}


def git(cwd, *args, check=True):
    result = subprocess.run(["git", "-C", str(cwd), *args], capture_output=True, text=True,
                            env=dict(os.environ, **IDENTITY))
    if check and result.returncode != 0:
        raise AssertionError(result.stderr)
    return result.stdout.strip()


def head(cwd, ref):
    return git(cwd, "rev-parse", "--verify", "--quiet", ref, check=False) or None


@pytest.fixture
def clones(mini_site, tmp_path, monkeypatch):
    """A bare remote, our site clone (built) and a colleague's clone of the same repository."""
    for name, value in IDENTITY.items():
        monkeypatch.setenv(name, value)
    shutil.copy2(REPO / ".gitignore", mini_site / ".gitignore")
    git(mini_site, "init", "-q", "-b", "main")
    git(mini_site, "add", "-A")
    git(mini_site, "commit", "-qm", "site")
    remote = tmp_path / "remote.git"
    subprocess.run(["git", "init", "-q", "--bare", str(remote)], check=True)
    git(mini_site, "remote", "add", "origin", str(remote))
    git(mini_site, "push", "-q", "origin", "main")
    colleague = tmp_path / "colleague"
    subprocess.run(["git", "clone", "-q", str(remote), str(colleague)], check=True)
    assert build(mini_site, mini_site / "pelicanconf.py", mini_site / "output") == 0
    return mini_site, remote, colleague


def deploy(site, *extra):
    return main(["deploy", "--root", str(site), *extra])


def hand_made_publish(colleague, text="同事手工发布的页面"):
    """A colleague publishes gh-pages by hand (another tool): a commit without our trailer."""
    git(colleague, "checkout", "-q", "--orphan", "gh-pages")
    git(colleague, "rm", "-rq", "--cached", "--ignore-unmatch", ".")
    (colleague / "index.html").write_text(text, encoding="utf-8")
    git(colleague, "add", "index.html")
    git(colleague, "commit", "-qm", "手工发布")
    git(colleague, "push", "-q", "origin", "gh-pages")
    return head(colleague, "HEAD")


def test_a_colleagues_hand_made_publish_is_not_overwritten(clones, capsys):
    site, remote, colleague = clones
    theirs = hand_made_publish(colleague)
    assert deploy(site, "--push") == 1
    message = capsys.readouterr().err
    assert "不是本工具发布的" in message and "make deploy PUSH=1 FORCE=1" in message and theirs[:7] in message
    assert "Traceback" not in message
    assert head(remote, "gh-pages") == theirs
    assert head(site, "refs/heads/gh-pages") is None  # our local branch did not move either
    assert head(site, f"refs/heads/{'gongkai-publish-staging'}") is None


def test_force_overwrites_a_hand_made_publish_only_when_asked(clones):
    site, remote, colleague = clones
    hand_made_publish(colleague)
    assert deploy(site, "--push", "--force") == 0
    assert head(remote, "gh-pages") == head(site, "refs/heads/gh-pages")
    assert git(remote, "show", "gh-pages:index.html") == (site / "output" / "index.html").read_text(encoding="utf-8").strip()


def test_make_deploy_passes_force_through(clones):
    site, remote, colleague = clones
    theirs = hand_made_publish(colleague)
    for name in ("Makefile", "requirements.lock", "pyproject.toml"):
        shutil.copy2(REPO / name, site / name)
    (site / ".venv").symlink_to(REPO / ".venv")
    env = dict(os.environ)
    env.pop("SOURCE_DATE_EPOCH", None)
    refused = subprocess.run(["make", "-o", ".venv/.installed", "deploy", "PUSH=1"], cwd=site, capture_output=True, text=True, env=env)
    assert refused.returncode != 0 and "FORCE=1" in refused.stderr and "Traceback" not in refused.stderr
    assert head(remote, "gh-pages") == theirs
    forced = subprocess.run(["make", "-o", ".venv/.installed", "deploy", "PUSH=1", "FORCE=1"], cwd=site, capture_output=True, text=True, env=env)
    assert forced.returncode == 0, forced.stderr
    assert head(remote, "gh-pages") != theirs


def test_another_clones_gongkai_publish_is_kept_in_the_history(clones, tmp_path):
    site, remote, colleague = clones
    # The colleague publishes with Gongkai from a copy of the same site (their own clone).
    other = tmp_path / "other-site"
    shutil.copytree(site, other, ignore=shutil.ignore_patterns("output", ".output-*", ".cache"))
    assert build(other, other / "pelicanconf.py", other / "output") == 0
    assert deploy(other, "--push") == 0
    theirs = head(remote, "gh-pages")
    assert deploy(site, "--push") == 0
    ours = head(remote, "gh-pages")
    assert ours != theirs and git(remote, "merge-base", "--is-ancestor", theirs, ours, check=False) == ""
    assert git(remote, "rev-parse", f"{ours}^") == theirs  # a fast-forward onto their publish


def test_our_own_earlier_publish_is_a_fast_forward(clones):
    site, remote, _ = clones
    assert deploy(site, "--push") == 0
    first = head(remote, "gh-pages")
    assert deploy(site, "--push") == 0
    assert git(remote, "rev-parse", "gh-pages^") == first


def test_a_rejected_push_names_gits_reason_and_moves_no_branch(clones, capsys):
    site, remote, _ = clones
    assert deploy(site, "--push") == 0
    published = head(remote, "gh-pages")
    hook = remote / "hooks" / "pre-receive"
    hook.write_text("#!/bin/sh\necho '仓库暂时只读：维护中' >&2\nexit 1\n", encoding="utf-8")
    hook.chmod(0o755)
    local = head(site, "refs/heads/gh-pages")
    (site / "content" / "disclosures" / "2025" / "budget.md").write_text(
        (site / "content" / "disclosures" / "2025" / "budget.md").read_text(encoding="utf-8") + "\n补充。\n",
        encoding="utf-8")
    assert build(site, site / "pelicanconf.py", site / "output") == 0
    capsys.readouterr()
    assert deploy(site, "--push") == 1
    message = capsys.readouterr().err
    assert "推送到远程仓库 origin" in message and "本地 gh-pages 分支没有改动" in message
    assert "pre-receive hook declined" in message or "仓库暂时只读" in message
    assert "Traceback" not in message and "CalledProcessError" not in message
    assert head(site, "refs/heads/gh-pages") == local
    assert head(remote, "gh-pages") == published


@pytest.mark.parametrize("breakage, expected", [
    (lambda site, remote: shutil.rmtree(remote), "读取远程仓库 origin失败"),
    (lambda site, remote: git(site, "remote", "remove", "origin"), "读取远程仓库 origin失败"),
    (lambda site, remote: shutil.rmtree(site / ".git"), "找到 git 仓库失败"),
])
def test_git_failures_are_one_clear_line(clones, capsys, breakage, expected):
    site, remote, _ = clones
    breakage(site, remote)
    capsys.readouterr()
    assert deploy(site, "--push") == 1
    message = capsys.readouterr().err
    assert message.startswith("发布失败：") and expected in message and "git:" in message
    assert "Traceback" not in message and len(message.strip().splitlines()) == 1


@pytest.mark.parametrize("manifest", ["{not json", "[]", '{"commit": "x"}'])
def test_a_damaged_build_manifest_is_refused_in_one_line(clones, capsys, manifest):
    site, remote, _ = clones
    (site / "output" / "build.json").write_text(manifest, encoding="utf-8")
    assert deploy(site, "--push") == 1
    message = capsys.readouterr().err
    assert message.startswith("发布失败：") and "已损坏" in message and "Traceback" not in message
    assert head(remote, "gh-pages") is None and head(site, "refs/heads/gh-pages") is None
