"""The git adapter of the history: every `git` call it makes, and nothing else.

`git log --raw` lists, per commit, the blob ids of a file before and after; `git cat-file` streams
a blob's bytes (plumbing: no textconv, no filters, whatever the repository's attributes say).
Nothing here decides what a change is; the callers diff what these functions read.
"""

from __future__ import annotations

import contextlib
import csv
import io
import os
import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

from ..history.diff import VersionUnreadable

ZERO = "0" * 40
LFS_SIGNATURE = b"version https://git-lfs.github.com/spec/v1"
# No pager, no prompts, untranslated output. (The user's configuration stays: it may mark the
# repository a safe.directory. The options below override the settings that would change the output.)
GIT_ENV = {"GIT_PAGER": "cat", "GIT_TERMINAL_PROMPT": "0", "LC_ALL": "C"}


class GitUnavailable(Exception):
    """No history can be read: the message (Chinese) says why, for the page."""


@dataclass(frozen=True)
class FileCommit:
    """One first-parent commit that changed a file: the file's blob before and after ('' if absent)."""

    commit: str
    timestamp: int
    parents: tuple[str, ...]
    message: str
    old_blob: str
    new_blob: str


def _run(root: Path, *args: str) -> str:
    try:
        result = subprocess.run(["git", "-C", str(root), *args], capture_output=True,
                                env=dict(os.environ, **GIT_ENV), check=False)
    except OSError as exc:
        raise GitUnavailable("构建环境中没有 git，无法读取数据集的版本历史。") from exc
    if result.returncode != 0:
        raise GitUnavailable("站点目录不是 git 仓库（或 git 无法读取它），没有可显示的版本历史。")
    return result.stdout.decode("utf-8", "replace")


@dataclass(frozen=True)
class Repository:
    root: Path
    prefix: str  # the site's folder inside the repository ("" at its top)
    shallow: bool
    boundary: frozenset  # commits whose parents a shallow clone does not have

    def log(self, path: str) -> list[FileCommit]:
        """Every first-parent commit that changed `path` (site-relative), oldest first."""
        # --first-parent: the history of the published branch; a merge counts as one change.
        output = _run(self.root, "log", "--first-parent", "--diff-merges=first-parent", "--no-renames", "--raw",
                      "--no-abbrev", "-z", "--no-show-signature", "--encoding=UTF-8", "--no-mailmap",
                      "--format=%H%x00%ct%x00%P%x00%B", "--", path)
        return _parse_log(output)

    def sizes(self, blobs: list[str]) -> dict[str, int]:
        """Each blob's size in bytes, in one `git cat-file --batch-check`."""
        wanted = sorted({blob for blob in blobs if blob})
        if not wanted:
            return {}
        result = subprocess.run(["git", "-C", str(self.root), "cat-file", "--batch-check"], capture_output=True,
                                input="\n".join(wanted).encode() + b"\n", env=dict(os.environ, **GIT_ENV), check=False)
        sizes = {}
        for line in result.stdout.decode("ascii", "replace").splitlines():
            parts = line.split()
            if len(parts) == 3 and parts[1] == "blob" and parts[2].isdigit():
                sizes[parts[0]] = int(parts[2])
        return sizes

    def hash_file(self, path: Path) -> str:
        """The blob id the file in the work tree would have (to tell uncommitted edits)."""
        return _run(self.root, "hash-object", "--", str(path)).strip()

    @contextlib.contextmanager
    def rows(self, blob: str, codec: str, dialect: dict) -> Iterator[Iterator[list[str]]]:
        """The blob's CSV rows, streamed from `git cat-file` and decoded strictly with `codec`."""
        process = subprocess.Popen(["git", "-C", str(self.root), "cat-file", "blob", blob], stdout=subprocess.PIPE,
                                   stderr=subprocess.DEVNULL, env=dict(os.environ, **GIT_ENV))
        try:
            stream = io.BufferedReader(process.stdout, 1 << 20)
            if stream.peek(len(LFS_SIGNATURE))[:len(LFS_SIGNATURE)] == LFS_SIGNATURE:
                raise VersionUnreadable("这一版本在 git 中只是 Git LFS 指针，没有数据内容，无法逐行比较。")
            text = io.TextIOWrapper(stream, encoding=codec, errors="strict", newline="")
            yield csv.reader(text, **dialect)
        finally:
            process.stdout.close()
            if process.poll() is None:
                process.kill()
            process.wait()


def open_repository(root: Path) -> Repository:
    """The repository holding `root`; raises GitUnavailable with the reason when there is none."""
    lines = _run(root, "rev-parse", "--is-shallow-repository", "--show-prefix", "--git-path", "shallow").splitlines()
    if len(lines) < 3:
        raise GitUnavailable("无法读取 git 仓库的信息，没有可显示的版本历史。")
    try:
        _run(root, "rev-parse", "--verify", "--quiet", "HEAD")
    except GitUnavailable as exc:
        raise GitUnavailable("git 仓库中还没有任何提交，没有可显示的版本历史。") from exc
    shallow = lines[0].strip() == "true"
    boundary = frozenset()
    if shallow:
        shallow_file = Path(lines[2].strip())
        shallow_file = shallow_file if shallow_file.is_absolute() else root / shallow_file
        try:
            boundary = frozenset(shallow_file.read_text(encoding="ascii").split())
        except OSError:
            boundary = frozenset()
    return Repository(root=root, prefix=lines[1].strip(), shallow=shallow, boundary=boundary)


def _parse_log(output: str) -> list[FileCommit]:
    """Tokens separated by NUL: hash, time, parents, message, then (":meta", path) pairs of --raw.
    A message cannot hold a NUL byte (git refuses one), so the tokens are unambiguous."""
    tokens = output.split("\0")
    commits, position = [], 0
    while position + 3 < len(tokens):
        commit = tokens[position].strip()
        if not commit:
            position += 1
            continue
        stamp, parents, message = tokens[position + 1], tokens[position + 2], tokens[position + 3]
        position += 4
        old_blob = new_blob = ""
        while position < len(tokens) and tokens[position].lstrip("\n").startswith(":"):
            meta = tokens[position].lstrip("\n")[1:].split()
            position += 2  # the path follows the meta token
            if len(meta) >= 4:
                old_blob = "" if set(meta[2]) == {"0"} else meta[2]
                new_blob = "" if set(meta[3]) == {"0"} else meta[3]
        commits.append(FileCommit(commit=commit, timestamp=int(stamp) if stamp.isdigit() else 0,
                                  parents=tuple(parents.split()), message=message.strip(),
                                  old_blob=old_blob, new_blob=new_blob))
    commits.reverse()
    return commits
