"""The path jail: a path written in a descriptor may only name a real file inside its own folder.

Every resource `path` and schema path goes through `confine` before any other code (Frictionless
included) opens it. Frictionless's own check matches text, follows symlinks and fetches URLs, so
it is never relied on.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

# "http:", "file:", "s3:", "C:" ... any URI scheme or drive letter before the first slash.
_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.\-]*:")


@dataclass(frozen=True)
class Refusal:
    """Why a path was refused: a stable code and a message in Chinese and English."""

    code: str
    message: str
    message_en: str


def confine(folder: Path, written: object, *, what: str = "文件") -> Path | Refusal:
    """Return the checked absolute path of `written` inside `folder`, or why it is refused.

    `written` is the value as typed in the descriptor (a POSIX path relative to `folder`).
    """
    if not isinstance(written, str) or not written.strip():
        return Refusal(
            "path-invalid",
            f"{what}路径必须是一个非空的文字，例如 data/表名.csv。",
            "The path must be a non-empty string such as data/table.csv.",
        )
    drive_letter = re.match(r"^[A-Za-z]:", written) is not None
    if (_SCHEME.match(written) and not drive_letter) or written.startswith("//"):
        return Refusal(
            "path-remote",
            f"不能引用网络地址或其他协议（{_shorten(written)}）。请把{what}下载后放进本数据集文件夹的 data/ 目录，并写相对路径。",
            f"Remote URLs and other schemes are not allowed ({_shorten(written)}); put the file in the dataset folder.",
        )
    if "\\" in written:
        return Refusal(
            "path-backslash",
            f"路径中不能用反斜杠“\\”（{_shorten(written)}）。请改用正斜杠“/”，例如 data/表名.csv。",
            f"Backslashes are not allowed in paths ({_shorten(written)}); use forward slashes.",
        )
    pure = PurePosixPath(written)
    if pure.is_absolute() or written.startswith("~") or drive_letter:
        return Refusal(
            "path-absolute",
            f"不能使用绝对路径（{_shorten(written)}）。请写相对于数据集文件夹的路径，例如 data/表名.csv。",
            f"Absolute paths are not allowed ({_shorten(written)}); write a path relative to the dataset folder.",
        )
    if ".." in pure.parts:
        return Refusal(
            "path-traversal",
            f"路径不能用“..”跳出数据集文件夹（{_shorten(written)}）。请把{what}复制到本数据集文件夹内。",
            f"'..' may not leave the dataset folder ({_shorten(written)}); copy the file into the folder.",
        )
    current = folder
    for part in pure.parts:
        current = current / part
        if current.is_symlink():
            return Refusal(
                "path-symlink",
                f"路径经过符号链接（{_shorten(written)}），出于安全原因不允许。请把真实的{what}放在数据集文件夹内。",
                f"The path goes through a symbolic link ({_shorten(written)}); put the real file in the folder.",
            )
    resolved = current.resolve()
    if not resolved.is_relative_to(folder.resolve()):
        return Refusal(
            "path-outside",
            f"路径指向数据集文件夹之外（{_shorten(written)}）。请把{what}放在本数据集文件夹内。",
            f"The path points outside the dataset folder ({_shorten(written)}).",
        )
    if not resolved.exists():
        return Refusal(
            "path-missing",
            f"找不到{what}“{_shorten(written)}”。请检查文件名（区分大小写）和所在目录，或把文件放到这个位置。",
            f"File not found: {_shorten(written)}; check the name (case-sensitive) and folder.",
        )
    if not resolved.is_file():
        return Refusal(
            "path-not-file",
            f"“{_shorten(written)}”不是一个普通文件（可能是文件夹）。请写到具体的文件名。",
            f"{_shorten(written)} is not a regular file (perhaps a folder).",
        )
    return resolved


def _shorten(text: str, limit: int = 80) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"
