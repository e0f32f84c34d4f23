"""The git step of a save: who the author is, and one commit of exactly the saved paths.

git runs with argument lists (never a shell); text from the form only ever travels as an
argument or an environment value, checked first.
"""

from __future__ import annotations

import os
import re
import subprocess
from dataclasses import dataclass
from pathlib import Path

NAME = re.compile(r"^[^\x00-\x1f\x7f<>\n]{1,64}$")
EMAIL = re.compile(r"^[^\s@<>\x00-\x1f]{1,64}@[^\s@<>\x00-\x1f]{1,190}$")


class GitError(Exception):
    pass


@dataclass(frozen=True)
class Author:
    name: str
    email: str
    source: str  # "git" (the repository's config) or "form" (typed in the editor)


def _git(root: Path, *args: str, env: dict | None = None, check: bool = True) -> subprocess.CompletedProcess:
    return subprocess.run(["git", "-C", str(root), *args], capture_output=True, text=True, env=env, check=check)


def is_repository(root: Path) -> bool:
    result = _git(root, "rev-parse", "--show-toplevel", check=False)
    return result.returncode == 0 and Path(result.stdout.strip()).resolve() == root.resolve()


def branch(root: Path) -> str:
    result = _git(root, "rev-parse", "--abbrev-ref", "HEAD", check=False)
    name = result.stdout.strip()
    return name if result.returncode == 0 and name and name != "HEAD" else "main"


def head(root: Path) -> str:
    result = _git(root, "rev-parse", "HEAD", check=False)
    return result.stdout.strip() if result.returncode == 0 else ""


def configured_author(root: Path) -> Author | None:
    """user.name and user.email as git would use them for this repository."""
    values = []
    for key in ("user.name", "user.email"):
        result = _git(root, "config", "--get", key, check=False)
        values.append(result.stdout.strip() if result.returncode == 0 else "")
    if all(values):
        return Author(values[0], values[1], "git")
    return None


def form_author(name: str, email: str) -> Author | None:
    """The author typed in the editor's form, if it is a plausible name and address."""
    name, email = (name or "").strip(), (email or "").strip()
    if NAME.match(name) and EMAIL.match(email):
        return Author(name, email, "form")
    return None


def commit(root: Path, paths: list[str], message: str, author: Author, when: int) -> str:
    """Commit exactly `paths` (added, changed or deleted) and nothing else that may be staged."""
    env = dict(os.environ, GIT_AUTHOR_NAME=author.name, GIT_AUTHOR_EMAIL=author.email,
               GIT_COMMITTER_NAME=author.name, GIT_COMMITTER_EMAIL=author.email,
               GIT_AUTHOR_DATE=f"{when} +0800", GIT_COMMITTER_DATE=f"{when} +0800")
    try:
        _git(root, "add", "--all", "--", *paths, env=env)
        _git(root, "commit", "--quiet", "--no-edit", "-m", message, "--only", "--", *paths, env=env)
    except subprocess.CalledProcessError as exc:
        _git(root, "reset", "--quiet", "--", *paths, check=False)
        raise GitError((exc.stderr or exc.stdout or "").strip()[:500]) from exc
    return head(root)
