"""`make deploy` against a local bare repository: real git, real ghp-import, verified tree."""

import os
import shutil
import subprocess

import pytest

from support import REPO, write_item


def git(cwd, *args):
    return subprocess.run(["git", "-C", str(cwd), *args], check=True, capture_output=True, text=True).stdout


@pytest.fixture
def site_repo(mini_site, tmp_path):
    for name in ("Makefile", "requirements.lock", "pyproject.toml"):
        shutil.copy2(REPO / name, mini_site / name)  # copy2 keeps the mtimes: make sees .venv as up to date
    (mini_site / ".venv").symlink_to(REPO / ".venv")
    shutil.copy2(REPO / ".gitignore", mini_site / ".gitignore")
    git(mini_site, "init", "-q", "-b", "main")
    git(mini_site, "-c", "user.name=测试", "-c", "user.email=t@example.org", "add", "-A")
    git(mini_site, "-c", "user.name=测试", "-c", "user.email=t@example.org", "commit", "-qm", "site")
    remote = tmp_path / "remote.git"
    subprocess.run(["git", "init", "-q", "--bare", str(remote)], check=True)
    git(mini_site, "remote", "add", "origin", str(remote))
    return mini_site, remote


def make(site, *args):
    env = dict(os.environ, GIT_AUTHOR_NAME="测试", GIT_AUTHOR_EMAIL="t@example.org",
               GIT_COMMITTER_NAME="测试", GIT_COMMITTER_EMAIL="t@example.org")
    env.pop("SOURCE_DATE_EPOCH", None)  # the build date is today, as in real use
    # -o: the linked .venv is the repository's own; make must never reinstall it from this copy.
    return subprocess.run(["make", "-o", ".venv/.installed", *args], cwd=site, capture_output=True, text=True, env=env)


def remote_tree(remote, branch="gh-pages"):
    listing = git(remote, "ls-tree", "-r", "-z", "--name-only", branch)
    return sorted(name for name in listing.split("\0") if name)


def test_make_deploy_publishes_exactly_the_build(site_repo):
    site, remote = site_repo
    result = make(site, "deploy", "PUSH=1")
    assert result.returncode == 0, result.stdout + result.stderr
    output = site / "output"
    files = sorted(p.relative_to(output).as_posix() for p in output.rglob("*") if p.is_file())
    assert remote_tree(remote) == sorted(files + [".nojekyll"])
    index = git(remote, "show", "gh-pages:index.html")
    assert index == (output / "index.html").read_text(encoding="utf-8")
    assert "https://qingxi.example.gov.cn/" in index  # the publish settings were used


def test_make_deploy_refuses_when_the_check_fails(site_repo):
    site, remote = site_repo
    assert make(site, "deploy", "PUSH=1").returncode == 0
    published = git(remote, "rev-parse", "gh-pages")
    write_item(site, "2025/bad.md", index_no="11430000MB0000001B/2025-00009", published="2025年13月1日")
    result = make(site, "deploy", "PUSH=1")
    assert result.returncode != 0
    assert "date-invalid" in result.stderr or "date-invalid" in result.stdout
    assert git(remote, "rev-parse", "gh-pages") == published


def refused_deploy(site, remote, damage) -> str:
    """Publish, damage the output, deploy: it must fail and leave the remote without gh-pages."""
    assert make(site, "publish").returncode == 0
    damage(site / "output")
    result = subprocess.run([str(REPO / ".venv" / "bin" / "gongkai"), "deploy", "--root", str(site), "--push"],
                            capture_output=True, text=True)
    assert result.returncode == 1
    with pytest.raises(subprocess.CalledProcessError):
        git(remote, "rev-parse", "--verify", "gh-pages")
    return result.stderr


def test_deploy_refuses_a_tampered_or_partial_output(site_repo):
    message = refused_deploy(*site_repo, lambda output: (output / "index.html").write_text("defaced", encoding="utf-8"))
    assert "不一致" in message


def test_deploy_refuses_symlinks(site_repo):
    message = refused_deploy(*site_repo, lambda output: (output / "leak").symlink_to("/etc/passwd"))
    assert "符号链接" in message


def test_deploy_refuses_files_over_100_mb(site_repo):
    def huge(output):
        with open(output / "huge.zip", "wb") as handle:
            handle.truncate(101 * 1024 * 1024)  # sparse: costs no disk

    assert "100 MB" in refused_deploy(*site_repo, huge)
