"""Reading the repository's own files without ever following a symbolic link.

A contributor can commit a symlink (`content/agencies.yaml -> /etc/passwd`, `content/attachments ->
/home`), so every source file is opened here: each component of its path is checked with lstat
(the roots content/, datasets/ … included), the file itself is opened with O_NOFOLLOW, and only a
regular file is read (a FIFO would block the build, a device would never end). The tree walk that
finds the sources never enters a linked folder and reports every link it sees.
"""

from __future__ import annotations

import hashlib
import io
import os
import stat
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from .codes import texts
from .problems import Problem, reported

# The folders whose files the portal reads or publishes (theme files are copied into the site).
SOURCE_ROOTS = ("content", "datasets", "schemas", "theme")


@dataclass(frozen=True)
class Unreadable:
    """Why a source path cannot be read: a stable code and the reason in Chinese and English."""

    code: str
    message: str
    message_en: str


class SourceError(OSError):
    """Raised by the openers when a path is refused; carries the Unreadable reason."""

    def __init__(self, reason: Unreadable):
        super().__init__(reason.message_en)
        self.reason = reason


def inspect(path: Path, root: Path | None = None) -> Unreadable | None:
    """None when `path` is a regular file reached through real folders only.

    With `root` (a resolved repository root) the components below it are checked and named
    relative to it; without, every component from the file system's root is checked (callers
    build source paths from the resolved root, so any link found is one a contributor made)."""
    path = Path(path)
    if root is not None:
        try:
            parts = PurePosixPath(path.relative_to(root).as_posix()).parts
        except ValueError:
            parts = ()
        if not parts or ".." in parts:
            return Unreadable(*texts("source-outside/outside", path_text=path))
        base = Path(root)
    else:
        if not path.is_absolute() or ".." in path.parts:
            return Unreadable(*texts("source-outside/relative", path_text=path))
        parts, base = path.parts[1:], Path(path.anchor)
    current = base
    for index, part in enumerate(parts):
        current = current / part
        shown = "/".join(parts[: index + 1]) if root is not None else str(current)
        try:
            info = os.lstat(current)
        except FileNotFoundError:
            return Unreadable(*texts("source-missing/file", shown=shown))
        except OSError as exc:
            return Unreadable(*texts("source-unreadable", shown=shown, strerror=exc.strerror))
        if stat.S_ISLNK(info.st_mode):
            return symlink_reason(shown, current)
        last = index == len(parts) - 1
        if not last and not stat.S_ISDIR(info.st_mode):
            return Unreadable(*texts("source-missing/not-folder", shown=shown))
        if last and stat.S_ISDIR(info.st_mode):
            return Unreadable(*texts("source-not-file/folder", shown=shown))
        if last and not stat.S_ISREG(info.st_mode):
            return Unreadable(*texts("source-not-file/special", shown=shown))
    return None


def symlink_reason(shown: str, path: Path) -> Unreadable:
    try:
        target = os.readlink(path)
    except OSError:
        target = "?"
    return Unreadable(
        *texts("source-symlink", shown=shown, target=target),
    )


def open_binary(path: Path, root: Path | None = None) -> io.BufferedReader:
    """Open a source file for reading; raises SourceError (never follows a link, reads only regular files)."""
    reason = inspect(path, root)
    if reason is not None:
        raise SourceError(reason)
    # O_NOFOLLOW: a link swapped in after the check is still refused; O_NONBLOCK: a FIFO swapped in
    # does not hang the open (fstat then refuses it).
    descriptor = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    try:
        if not stat.S_ISREG(os.fstat(descriptor).st_mode):
            raise SourceError(Unreadable(*texts("source-not-file/opened", name=path.name)))
        os.set_blocking(descriptor, True)
        return os.fdopen(descriptor, "rb")
    except BaseException:
        os.close(descriptor)
        raise


def read_bytes(path: Path, root: Path | None = None) -> bytes:
    with open_binary(path, root) as handle:
        return handle.read()


def open_text(path: Path, encoding: str, newline: str | None = "") -> io.TextIOWrapper:
    return io.TextIOWrapper(open_binary(path), encoding=encoding, newline=newline)


def root_of(path: Path, rel: str) -> Path | None:
    """The repository root, given a file's absolute path and its repository-relative name."""
    parts = PurePosixPath(rel).parts
    path = Path(path)
    if not parts or len(path.parts) <= len(parts) or path.parts[-len(parts):] != parts:
        return None
    return Path(*path.parts[: -len(parts)])


def walk(root: Path, folder: str, suffix: str = "") -> tuple[list[str], list[Problem]]:
    """Repository-relative names of the regular files under `folder` (ending in `suffix`), sorted,
    never entering a linked folder; every link met is a problem."""
    base = Path(root) / folder
    problems: list[Problem] = []
    reason = inspect_folder(root, folder)
    if reason is not None:
        if reason.code != "source-missing":
            problems.append(reported(folder, 0, 0, (reason.code, reason.message, reason.message_en)))
        return [], problems
    found = []
    for current, dirs, files in os.walk(base, followlinks=False):
        rel_dir = Path(current).relative_to(root).as_posix()
        for name in sorted(dirs + files):
            full = os.path.join(current, name)
            if os.path.islink(full):
                rel = f"{rel_dir}/{name}"
                reason = symlink_reason(rel, Path(full))
                problems.append(reported(rel, 0, 0, (reason.code, reason.message, reason.message_en)))
        dirs[:] = sorted(name for name in dirs if not os.path.islink(os.path.join(current, name)))
        for name in files:
            full = os.path.join(current, name)
            if name.endswith(suffix) and not os.path.islink(full) and stat.S_ISREG(os.lstat(full).st_mode):
                found.append(f"{rel_dir}/{name}")
    return sorted(found), problems


def inspect_folder(root: Path, folder: str) -> Unreadable | None:
    """None when `folder` is a real folder below `root` reached through real folders only."""
    current = Path(root)
    parts = PurePosixPath(folder).parts
    for index, part in enumerate(parts):
        current = current / part
        shown = "/".join(parts[: index + 1])
        try:
            info = os.lstat(current)
        except FileNotFoundError:
            return Unreadable(*texts("source-missing/folder", shown=shown))
        if stat.S_ISLNK(info.st_mode):
            return symlink_reason(shown, current)
        if not stat.S_ISDIR(info.st_mode):
            return Unreadable(*texts("source-not-folder", shown=shown))
    return None


def link_problems(root: Path) -> list[Problem]:
    """Every symbolic link in the source folders (content/, datasets/, schemas/, theme/), the
    folders themselves included: the check refuses them all before anything is published."""
    problems: list[Problem] = []
    for folder in SOURCE_ROOTS:
        problems += walk(root, folder)[1]
    return problems


def file_digest(path) -> bytes | None:
    """sha256 of a regular file's bytes, read in blocks (a dataset's CSV may be 100 MB), never
    through a link; None when it is anything else (a link, a folder, a pipe, nothing)."""
    try:
        descriptor = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    except OSError:
        return None
    try:
        if not stat.S_ISREG(os.fstat(descriptor).st_mode):
            return None
        value = hashlib.sha256()
        while block := os.read(descriptor, 1 << 20):  # unbuffered: most files are one read
            value.update(block)
        return value.digest()
    finally:
        os.close(descriptor)
