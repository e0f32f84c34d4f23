"""The gh-pages commit of a verified build: made aside, pushed without force, and only then is the
local branch moved; a remote branch head that this tool did not publish is never overwritten
unless the clerk asks for it (`make deploy PUSH=1 FORCE=1`).

ghp-import writes the commit, onto a staging branch that starts at the chosen parent: the
remote head when it was published by Gongkai (from any clone: its history is kept and the push
is a fast-forward), else the local branch. Every git failure becomes a DeployError that quotes
git's own reason.
"""

from __future__ import annotations

import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from ..core.failures import Failure

STAGING = "gongkai-publish-staging"
# A trailer in every commit this tool publishes: how a later deploy, from any clone, knows that
# a remote head is a Gongkai publish and not a colleague's hand-made commit.
TRAILER = "Gongkai-Build:"


class PublishError(Failure):
    pass


@dataclass
class Published:
    commit: str
    parent: str | None


def git(root: Path, *args: str, what: str) -> str:
    """Run git; a failure raises PublishError naming `what` and git's last line of complaint."""
    result = subprocess.run(["git", "-C", str(root), *args], capture_output=True, text=True, errors="replace")
    if result.returncode != 0:
        raise PublishError(f"{what}失败（git: {git_reason(result.stderr + result.stdout, result.returncode)}）")
    return result.stdout


def git_reason(said: str, code: int) -> str:
    """Git's own reason, in its words: the fatal line, or the rejected ref and what the remote said."""
    lines = [line.strip() for line in said.splitlines() if line.strip()]
    fatal = [line for line in lines if line.startswith("fatal:")]
    rejected = [line for line in lines if line.startswith("! [")]
    remote = [line for line in lines if line.startswith("remote:") and line != "remote:"]
    chosen = fatal[:1] or (remote[:1] + rejected[:1]) or lines[-1:] or [f"退出码 {code}"]
    return "；".join(chosen)[:300]


def _head(root: Path, ref: str) -> str | None:
    result = subprocess.run(["git", "-C", str(root), "rev-parse", "--verify", "--quiet", f"{ref}^{{commit}}"],
                            capture_output=True, text=True)
    return result.stdout.strip() or None


def _is_ancestor(root: Path, older: str, newer: str | None) -> bool:
    if newer is None:
        return False
    return subprocess.run(["git", "-C", str(root), "merge-base", "--is-ancestor", older, newer],
                          capture_output=True).returncode == 0


def remote_head(root: Path, remote: str, branch: str) -> str | None:
    """Fetch the remote branch (into FETCH_HEAD only, so no local ref moves); its head or None."""
    listing = git(root, "ls-remote", remote, f"refs/heads/{branch}", what=f"读取远程仓库 {remote}")
    if not listing.strip():
        return None
    git(root, "fetch", "--quiet", "--no-tags", remote, f"refs/heads/{branch}", what=f"从远程仓库 {remote} 获取 {branch}")
    return listing.split()[0]


def made_by_us(root: Path, commit: str) -> bool:
    message = git(root, "log", "-1", "--format=%B", commit, what="读取远程分支的提交")
    return any(line.startswith(TRAILER) for line in message.splitlines())


def describe_commit(root: Path, commit: str) -> str:
    line = git(root, "log", "-1", "--format=%h %cd %s", "--date=format:%Y-%m-%d %H:%M", commit, what="读取提交")
    return line.strip()[:120]


def choose_parent(root: Path, branch: str, remote: str, push: bool, force: bool) -> tuple[str | None, str | None]:
    """(parent of the new commit, remote head seen) after checking that publishing on it loses
    nothing we did not publish."""
    local = _head(root, f"refs/heads/{branch}")
    if not push:
        return local, None
    seen = remote_head(root, remote, branch)
    if seen is None or seen == local or _is_ancestor(root, seen, local):
        return local, seen
    if made_by_us(root, seen):
        return seen, seen  # another clone's publish: keep it in the history, fast-forward onto it
    if force:
        return local, seen
    raise PublishError(
        f"远程仓库 {remote} 的 {branch} 分支上最新的提交 {describe_commit(root, seen)} 不是本工具发布的，"
        f"也不在本地 {branch} 分支的历史中（可能是同事用别的方式发布的）。为了不覆盖它，这次没有推送，"
        f"本地 {branch} 分支也没有改动。请先和同事确认；确认可以覆盖后运行 make deploy PUSH=1 FORCE=1"
        f"（或 gongkai deploy --push --force）。")


def publish(root: Path, output: Path, *, source_commit: str, branch: str, remote: str, push: bool,
            force: bool, verify_tree) -> Published:
    """Commit `output` for `branch`, verify the commit's tree with verify_tree(commit), push it if
    asked, and only then move the local branch. On any failure the local branch is where it was."""
    git(root, "rev-parse", "--git-dir", what=f"在 {root} 中找到 git 仓库")
    parent, seen = choose_parent(root, branch, remote, push, force)
    staging = f"refs/heads/{STAGING}"
    subprocess.run(["git", "-C", str(root), "update-ref", "-d", staging], capture_output=True)
    try:
        if parent:
            git(root, "update-ref", staging, parent, what="准备发布分支")
        message = f"Publish build of {source_commit}\n\n{TRAILER} {source_commit}"
        ghp_import = str(Path(sys.executable).with_name("ghp-import"))
        result = subprocess.run([ghp_import, "--no-jekyll", "--branch", STAGING, "--message", message, str(output)],
                                cwd=root, capture_output=True, text=True, errors="replace")
        commit = _head(root, staging)
        if result.returncode != 0 or commit is None or commit == parent:
            said = [line.strip() for line in (result.stderr + result.stdout).splitlines() if line.strip()]
            raise PublishError("ghp-import 没能写出发布用的提交" + (f"（{said[-1][:300]}）" if said else ""))
        verify_tree(commit)
        if push:
            lease = [f"--force-with-lease=refs/heads/{branch}:{seen or ''}"] if force else []
            git(root, "push", "--quiet", *lease, remote, f"{commit}:refs/heads/{branch}",
                what=f"推送到远程仓库 {remote}（本地 {branch} 分支没有改动）")
            pushed = git(root, "ls-remote", remote, f"refs/heads/{branch}", what=f"核对远程仓库 {remote}").split()
            if not pushed or pushed[0] != commit:
                raise PublishError(f"远程仓库 {remote} 的 {branch} 分支没有更新到本次构建（本地 {branch} 分支没有改动）。")
        old = _head(root, f"refs/heads/{branch}")
        git(root, "update-ref", f"refs/heads/{branch}", commit, old or "", what=f"更新本地 {branch} 分支")
        return Published(commit, parent)
    finally:
        subprocess.run(["git", "-C", str(root), "update-ref", "-d", staging], capture_output=True)
