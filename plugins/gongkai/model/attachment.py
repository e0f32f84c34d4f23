"""Files attached to disclosure items, jailed inside content/attachments/."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from urllib.parse import quote

from ..core import sourcefs
from ..core.names import check_file_name
from ..datasets.pathjail import near_miss

ATTACHMENTS_DIR = "content/attachments"
NEVER_ALLOWED = {"html", "htm", "xhtml", "svg", "svgz", "js", "mjs", "exe", "msi", "bat", "cmd", "com", "sh", "ps1", "php", "jsp", "asp", "aspx", "scr", "vbs", "jar", "swf"}
SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")
DRIVE = re.compile(r"^[A-Za-z]:")  # C:/… or C:… : a Windows path, not a URL scheme

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


def resolve(root: Path, file: str, allowed_types) -> tuple[Path | None, str, str, str]:
    """Check one attachment path; returns (path, "", "", "") or (None, code, zh, en)."""
    if DRIVE.match(file):
        return None, "attachment-outside", (
            f"附件路径“{file}”是电脑上的绝对路径（盘符）。请把文件放进 content/attachments/，再写相对于它的路径，例如 2024/文件名.pdf。"
        ), f"Attachment path '{file}' is an absolute Windows path; put the file under content/attachments/."
    if SCHEME.match(file) or file.startswith("//"):
        return None, "attachment-remote", (
            f"附件“{file}”是网址。附件必须是放在 content/attachments/ 下的文件，请把文件下载后放进去，再写它的相对路径。"
        ), f"Attachment '{file}' is a URL; put the file under content/attachments/ and give its relative path."
    pure = PurePosixPath(file)
    if "\\" in file or pure.is_absolute() or ".." in pure.parts or not file.strip():
        return None, "attachment-outside", (
            f"附件路径“{file}”不合规：只能写相对于 content/attachments/ 的路径，不能以“/”开头，也不能包含“..”或反斜杠。"
        ), f"Attachment path '{file}' must be relative to content/attachments/ without '..' or a leading '/'."
    if pure.as_posix() != file:
        if file.rstrip().endswith("/") and not pure.suffix:  # 2024/ names a folder, not a file
            return None, "attachment-path-form", (
                f"附件路径“{file}”以“/”结尾，指的是文件夹而不是文件。请写出文件夹中的文件，例如 {pure.as_posix()}/文件名.pdf。"
            ), f"Attachment path '{file}' ends with '/': it names a folder; name the file in it."
        return None, "attachment-path-form", (
            f"附件路径“{file}”的写法不规范（末尾的“/”、“./”或连续的“//”）。请写成“{pure.as_posix()}”这样，末尾是文件名。"
        ), f"Attachment path '{file}' is not in plain form; write '{pure.as_posix()}'."
    for part in pure.parts:
        refused = check_file_name(part)
        if refused is not None:
            return None, "attachment-" + refused.code, f"附件路径“{file}”：{refused.message}", refused.message_en
    ext = pure.suffix.lower().lstrip(".")
    if ext in NEVER_ALLOWED or ext not in allowed_types:
        return None, "attachment-type", (
            f"附件“{file}”的类型“.{ext}”不允许发布。允许的类型：{', '.join(sorted(t for t in allowed_types if t not in NEVER_ALLOWED))}。"
            "网页、脚本和可执行文件一律不能作为附件；请转换为 PDF 等格式。"
        ), f"Attachment type '.{ext}' is not allowed."
    candidate = root.joinpath(ATTACHMENTS_DIR, *pure.parts)
    reason = sourcefs.inspect(candidate, root)
    if reason is None:
        return candidate, "", "", ""
    if reason.code == "source-symlink":
        return None, "attachment-symlink", (
            f"附件“{file}”或它所在的文件夹是符号链接（快捷方式）：{reason.message}"
        ), f"Attachment '{file}': {reason.message_en}"
    if reason.code == "source-missing":
        hint = near_miss(root / ATTACHMENTS_DIR, pure.parts)
        return None, "attachment-missing", (
            f"找不到附件文件 content/attachments/{file}。请检查文件名（包括大小写和扩展名）是否与实际文件一致，或先把文件放进去。{hint}"
        ), f"Attachment file content/attachments/{file} does not exist."
    return None, "attachment-not-file", f"附件 content/attachments/{file}：{reason.message}", f"Attachment {file}: {reason.message_en}"


def make(path: Path, file: str, title: str) -> Attachment:
    return Attachment(file=file, title=title, ext=PurePosixPath(file).suffix.lower().lstrip("."), bytes=os.lstat(path).st_size)
