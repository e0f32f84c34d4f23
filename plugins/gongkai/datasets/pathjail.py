"""The path jail: a path written in a descriptor may only name a real file inside its own folder.

Every resource `path` and schema path goes through `confine` before any other code (Frictionless
included) opens it. Frictionless's own check matches text, follows symlinks and fetches URLs, so
it is never relied on.
"""

from __future__ import annotations

import os
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from ..core import sourcefs
from ..core.names import check_file_name

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
    for part in pure.parts:
        refused = check_file_name(part)
        if refused is not None:
            return Refusal(refused.code, refused.message, refused.message_en)
    candidate = folder.joinpath(*pure.parts)
    reason = sourcefs.inspect(candidate, folder)
    if reason is None:
        return candidate
    if reason.code == "source-symlink":
        return Refusal(
            "path-symlink",
            f"路径经过符号链接（{_shorten(written)}），出于安全原因不允许。请把真实的{what}放在数据集文件夹内。",
            f"The path goes through a symbolic link ({_shorten(written)}); put the real file in the folder.",
        )
    if reason.code == "source-missing":
        return Refusal(
            "path-missing",
            f"找不到{what}“{_shorten(written)}”。请检查文件名（区分大小写）和所在目录，或把文件放到这个位置。{near_miss(folder, pure.parts)}",
            f"File not found: {_shorten(written)}; check the name (case-sensitive) and folder.",
        )
    return Refusal("path-not-file", f"“{_shorten(written)}”：{reason.message}", f"{_shorten(written)}: {reason.message_en}")


def near_miss(folder: Path, parts: tuple[str, ...]) -> str:
    """A hint when the file exists under another Unicode form or letter case of its name."""
    current = folder
    for part in parts:
        try:
            names = os.listdir(current)
        except OSError:
            return ""
        if part in names:
            current = current / part
            continue
        wanted = unicodedata.normalize("NFC", part)
        same_form = [name for name in names if unicodedata.normalize("NFC", name) == wanted]
        if same_form:
            return (f"（文件夹中有一个看起来同名的“{same_form[0]}”，但它的 Unicode 写法不同（NFC/NFD，常见于从 macOS 复制的文件）。"
                    "请重新输入文件名，或用同一种写法重命名文件。）")
        same_case = [name for name in names if name.lower() == part.lower()]
        if same_case:
            return f"（文件夹中有“{same_case[0]}”，大小写不同：网址区分大小写，请写成一致。）"
        return ""
    return ""


def _shorten(text: str, limit: int = 80) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"
