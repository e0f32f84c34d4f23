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

from ..core.codes import texts
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
            *texts("path-invalid", what=what),
        )
    drive_letter = re.match(r"^[A-Za-z]:", written) is not None
    if (_SCHEME.match(written) and not drive_letter) or written.startswith("//"):
        return Refusal(
            *texts("path-remote", path_text=_shorten(written), what=what),
        )
    if "\\" in written:
        return Refusal(
            *texts("path-backslash", path_text=_shorten(written)),
        )
    pure = PurePosixPath(written)
    if pure.is_absolute() or written.startswith("~") or drive_letter:
        return Refusal(
            *texts("path-absolute", path_text=_shorten(written)),
        )
    if ".." in pure.parts:
        return Refusal(
            *texts("path-traversal", path_text=_shorten(written), what=what),
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
            *texts("path-symlink", path_text=_shorten(written), what=what),
        )
    if reason.code == "source-missing":
        return Refusal(
            *texts("path-missing", what=what, path_text=_shorten(written), near_miss=near_miss(folder, pure.parts)),
        )
    return Refusal(*texts("path-not-file", path_text=_shorten(written), message=reason.message,
                          message_en=reason.message_en))


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
