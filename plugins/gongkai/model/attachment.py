"""Files attached to disclosure items, jailed inside content/attachments/."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from urllib.parse import quote

from ..core import sourcefs
from ..core.codes import texts
from ..core.names import check_file_name
from ..datasets.pathjail import near_miss

ATTACHMENTS_DIR = "content/attachments"
NEVER_ALLOWED = {"html", "htm", "xhtml", "svg", "svgz", "js", "mjs", "exe", "msi", "bat", "cmd", "com", "sh", "ps1", "php", "jsp", "asp", "aspx", "scr", "vbs", "jar", "swf"}
SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")
DRIVE = re.compile(r"^[A-Za-z]:")  # C:/… or C:… : a Windows path, not a URL scheme
# A path segment refused by core.names, under the attachment's own code (spelled out for the catalogue).
ATTACHMENT_NAME_CODES = {"file-name-invalid": "attachment-file-name-invalid",
                         "file-name-unicode": "attachment-file-name-unicode"}

TYPE_LABELS = {"pdf": "PDF", "doc": "Word", "docx": "Word", "wps": "WPS 文字", "xls": "Excel", "xlsx": "Excel",
               "et": "WPS 表格", "ofd": "OFD", "csv": "CSV", "txt": "文本", "png": "图片", "jpg": "图片",
               "jpeg": "图片", "gif": "图片", "zip": "压缩包", "rar": "压缩包", "7z": "压缩包"}


@dataclass(frozen=True)
class Attachment:
    file: str  # relative to content/attachments/, POSIX
    title: str
    ext: str
    bytes: int

    @property
    def url(self) -> str:
        return "attachments/" + quote(self.file)

    @property
    def type_label(self) -> str:
        return f"{TYPE_LABELS.get(self.ext, self.ext.upper())}（.{self.ext}）"

    @property
    def size_label(self) -> str:
        size = self.bytes
        if size < 1024:
            return f"{size} 字节"
        if size < 1024 * 1024:
            return f"{size / 1024:.1f} KB"
        return f"{size / 1024 / 1024:.1f} MB"


def resolve(root: Path, file: str, allowed_types) -> tuple[Path | None, tuple | None]:
    """Check one attachment path; returns (path, None) or (None, (code, zh, en)) from codes.texts."""
    if DRIVE.match(file):
        return None, texts("attachment-outside/drive", file=file)
    if SCHEME.match(file) or file.startswith("//"):
        return None, texts("attachment-remote", file=file)
    pure = PurePosixPath(file)
    if "\\" in file or pure.is_absolute() or ".." in pure.parts or not file.strip():
        return None, texts("attachment-outside/relative", file=file)
    if pure.as_posix() != file:
        if file.rstrip().endswith("/") and not pure.suffix:  # 2024/ names a folder, not a file
            return None, texts("attachment-path-form/folder", file=file, plain=pure.as_posix())
        return None, texts("attachment-path-form/plain", file=file, plain=pure.as_posix())
    for part in pure.parts:
        refused = check_file_name(part)
        if refused is not None:
            return None, texts(ATTACHMENT_NAME_CODES[refused.code], file=file, reason=refused.message,
                               reason_en=refused.message_en)
    ext = pure.suffix.lower().lstrip(".")
    if ext in NEVER_ALLOWED or ext not in allowed_types:
        allowed = ", ".join(sorted(t for t in allowed_types if t not in NEVER_ALLOWED))
        return None, texts("attachment-type", file=file, ext=ext, allowed=allowed)
    candidate = root.joinpath(ATTACHMENTS_DIR, *pure.parts)
    reason = sourcefs.inspect(candidate, root)
    if reason is None:
        return candidate, None
    if reason.code == "source-symlink":
        return None, texts("attachment-symlink", file=file, reason=reason.message, reason_en=reason.message_en)
    if reason.code == "source-missing":
        hint = near_miss(root / ATTACHMENTS_DIR, pure.parts)
        return None, texts("attachment-missing", file=file, near_miss=hint)
    return None, texts("attachment-not-file", file=file, reason=reason.message, reason_en=reason.message_en)


def make(path: Path, file: str, title: str) -> Attachment:
    return Attachment(file=file, title=title, ext=PurePosixPath(file).suffix.lower().lstrip("."), bytes=os.lstat(path).st_size)
