"""The editor's path jail: which repository paths a request may name, read or write.

Every path in a request is hostile. It must be a relative POSIX path under content/ or datasets/,
pass one strict rule, and reach its file without any symbolic link on the way. Writes have their
own, narrower rules: a new item lands in content/disclosures/<year>/<lower-case-name>.md (the
README's rule), an upload in content/attachments/ or as a dataset's own CSV file.
"""

from __future__ import annotations

import re
import stat
from pathlib import Path, PurePosixPath

from ..model import attachment
from ..core.names import check_identifier

READABLE_TOPS = ("content", "datasets")
SEGMENT = re.compile(r"^[^\x00-\x1f\x7f/\\:*?\"<>|]{1,255}$")
NEW_ITEM = re.compile(r"^content/disclosures/(\d{4})/([a-z0-9][a-z0-9-]{0,99})\.md$")
ITEM = re.compile(r"^content/disclosures/.+\.md$")
DESCRIPTOR = re.compile(r"^datasets/([a-z0-9-]+)/datapackage\.yaml$")
ATTACHMENT = re.compile(r"^content/attachments/(.+)$")


class PathRefused(Exception):
    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def checked(rel: object, tops=READABLE_TOPS) -> str:
    """The path as a normalised relative POSIX string, or PathRefused."""
    if not isinstance(rel, str) or not rel or len(rel) > 1024:
        raise PathRefused("路径不合规：应当是一段不超过 1024 个字符的相对路径。")
    pure = PurePosixPath(rel)
    parts = pure.parts
    if pure.is_absolute() or "\\" in rel or any(part in ("", ".", "..") for part in rel.split("/")) \
            or not all(SEGMENT.match(part) for part in parts):
        raise PathRefused(f"路径“{_shown(rel)}”不合规：只能是站点仓库中的相对路径，不能含“..”、反斜杠或控制字符。")
    if parts[0] not in tops:
        raise PathRefused(f"编辑器只能访问 {'、'.join(t + '/' for t in tops)} 中的文件，不能访问“{_shown(rel)}”。")
    return pure.as_posix()


def no_links(root: Path, rel: str) -> Path:
    """The absolute path of `rel` under `root`; PathRefused if any existing component is a link."""
    current = root
    for part in PurePosixPath(rel).parts:
        current = current / part
        try:
            mode = current.lstat().st_mode
        except FileNotFoundError:
            break
        if stat.S_ISLNK(mode):
            raise PathRefused(f"“{_shown(rel)}”经过符号链接（快捷方式），出于安全原因编辑器不读写它。")
    return root.joinpath(*PurePosixPath(rel).parts)


def existing_file(root: Path, rel: object, tops=READABLE_TOPS) -> Path:
    rel = checked(rel, tops)
    path = no_links(root, rel)
    if not path.is_file():
        raise PathRefused(f"找不到文件“{_shown(rel)}”。")
    return path


def existing_folder(root: Path, rel: object, tops=READABLE_TOPS) -> Path | None:
    """The folder, or None when it does not exist (an empty listing)."""
    rel = checked(str(rel).strip("/") if isinstance(rel, str) else rel, tops)
    path = no_links(root, rel)
    return path if path.is_dir() else None


def new_item_path(rel: str) -> None:
    """A new item: content/disclosures/<year>/<lower-case letters, digits, hyphens>.md."""
    if not NEW_ITEM.match(rel):
        raise PathRefused(f"新条目的文件位置“{_shown(rel)}”不合规：应为 content/disclosures/<发布年份>/<英文小写、数字和连字符>.md。"
                          "文件名由索引号自动生成，请检查发布日期和索引号。")


def attachment_upload(rel: str) -> str:
    """An uploaded attachment: inside content/attachments/<year>/, a name the check can accept."""
    match = ATTACHMENT.match(rel)
    if not match:
        raise PathRefused(f"附件只能上传到 {attachment.ATTACHMENTS_DIR}/ 中，不能写到“{_shown(rel)}”。")
    parts = PurePosixPath(match[1]).parts
    if len(parts) != 2 or not re.fullmatch(r"\d{4}", parts[0]):
        raise PathRefused("附件按发布年份存放：请先填写“发布日期”，再上传附件。")
    return match[1]


def dataset_of(rel: str) -> str | None:
    match = DESCRIPTOR.match(rel)
    return match[1] if match and check_identifier("dataset", match[1]) is None else None


def _shown(text: str, limit: int = 80) -> str:
    text = re.sub(r"[\x00-\x1f\x7f]", "?", text)
    return text if len(text) <= limit else text[:limit - 1] + "…"
