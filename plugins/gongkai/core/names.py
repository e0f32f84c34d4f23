"""The one rule for names that become paths and URLs: identifiers and file-name segments.

Dataset, resource, view, page and agency names become folders, files and ids in the published
site; attachment paths and resource file names become files and URLs. A contributor writes them,
so each is accepted only when it passes the rule here, at check time, before any code builds a
path from it. Nothing else in the package decides what a safe name is.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

# Lower-case ASCII letters and digits, inside also "-" and "_": no "/", "\", ".", no leading dot,
# the same on every file system and unchanged by URL encoding.
IDENTIFIER = re.compile(r"[a-z0-9](?:[a-z0-9_-]{0,62}[a-z0-9])?", re.ASCII)
IDENTIFIER_RULE_ZH = "只能由小写英文字母、数字、连字符“-”和下划线“_”组成，以字母或数字开头和结尾，最长 64 个字符"
IDENTIFIER_RULE_EN = "lower-case ASCII letters, digits, '-' and '_', starting and ending with a letter or digit, at most 64"

# Names Windows cannot create (a clone there would break), whatever the extension.
WINDOWS_DEVICES = frozenset({"con", "prn", "aux", "nul", *(f"com{n}" for n in range(10)), *(f"lpt{n}" for n in range(10))})

# Per kind, the names that would collide with a file or folder the portal itself writes there.
RESERVED = {
    # output/datasets/<name>/: the folder also holds the browse lists by publisher/theme/frequency.
    "dataset": frozenset({"overdue", "publisher", "theme", "frequency", "index", "page", "feeds", "api"}),
    # output/datasets/<dataset>/<resource>.json|.xlsx beside datapackage.json, index.html, changes.csv
    "resource": frozenset({"datapackage", "index", "changes"}),
    "view": frozenset(),
    "agency": frozenset({"index", "page"}),
    # output/<page>/: every top-level folder the portal writes (and the ones DESIGN §4 reserves).
    "page": frozenset({"disclosures", "datasets", "agencies", "search", "api", "catalog", "feeds", "theme",
                       "attachments", "index", "404", "reports", "timeliness", "apply", "system", "statutory",
                       "audit", "admin", "preview", "sitemap", "robots", "data", "build"}),
}
KIND_LABELS = {"dataset": "数据集标识", "resource": "资源名", "view": "图表名", "agency": "机构标识", "page": "页面文件名"}

# A file-name segment (attachments, resource files): any letters (Chinese included) but none that
# mean something to a shell, a URL, Windows or the reader's eye.
FORBIDDEN_IN_FILE_NAMES = frozenset('/\\:*?"<>|#%')
FILE_NAME_MAX_BYTES = 255


@dataclass(frozen=True)
class NameRefusal:
    """Why a name was refused: a stable code and the reason in Chinese and English."""

    code: str
    message: str
    message_en: str


def check_identifier(kind: str, value: object) -> NameRefusal | None:
    """None when `value` may name a `kind` ("dataset", "resource", "view", "agency", "page")."""
    label = KIND_LABELS[kind]
    if not isinstance(value, str) or not IDENTIFIER.fullmatch(value):
        shown = _shown(value)
        return NameRefusal(
            "name-invalid",
            f"{label}“{shown}”不合规：{IDENTIFIER_RULE_ZH}（它会成为网址和文件名）。例如 hotline-2024。",
            f"The {kind} name '{shown}' is not allowed: use {IDENTIFIER_RULE_EN} characters (it becomes a URL and a file name).",
        )
    if value in RESERVED[kind] or value in WINDOWS_DEVICES or value.startswith("pagefind"):
        return NameRefusal(
            "name-reserved",
            f"{label}“{value}”是网站自己使用的保留名称，会与网站生成的文件或网址冲突。请换一个名称。",
            f"The {kind} name '{value}' is reserved by the portal (it would collide with its own files); choose another.",
        )
    return None


def check_file_name(segment: str) -> NameRefusal | None:
    """None when `segment` (one component of a path, e.g. 医保缴费标准表.pdf) may be published."""
    shown = _shown(segment)
    if segment in ("", ".", ".."):
        return NameRefusal("file-name-invalid", f"路径中有空的部分或“{segment}”。请写出真实的文件夹和文件名。",
                           f"The path has an empty, '.' or '..' part ('{segment}').")
    if segment.startswith("."):
        return NameRefusal("file-name-invalid", f"文件名“{shown}”以“.”开头（隐藏文件），不能发布。请改名。",
                           f"The file name '{shown}' starts with a dot (a hidden file).")
    bad = next((c for c in segment if c in FORBIDDEN_IN_FILE_NAMES or _invisible(c)), None)
    if bad is not None:
        what = f"“{bad}”" if bad.isprintable() and not bad.isspace() else f"不可见字符 U+{ord(bad):04X}"
        return NameRefusal(
            "file-name-invalid",
            f"文件名“{_visible(segment)}”中有不允许的字符 {what}。文件名只用文字、字母、数字、“-”、“_”、“.”和空格，"
            "不能有 / \\ : * ? \" < > | # % 和不可见的控制字符、文字方向控制符。请给文件改名。",
            f"The file name '{_visible(segment)}' contains a forbidden character (U+{ord(bad):04X}); rename the file.",
        )
    if segment != segment.strip() or segment.endswith("."):
        return NameRefusal("file-name-invalid", f"文件名“{shown}”以空格或“.”结尾，在部分系统上无法使用。请改名。",
                           f"The file name '{shown}' ends with a space or a dot.")
    if segment.split(".", 1)[0].lower() in WINDOWS_DEVICES:
        return NameRefusal("file-name-invalid", f"“{shown}”是 Windows 的设备保留名，在 Windows 上无法建立这个文件。请改名。",
                           f"'{shown}' is a reserved device name on Windows; rename the file.")
    if len(segment.encode("utf-8")) > FILE_NAME_MAX_BYTES:
        return NameRefusal("file-name-invalid", f"文件名“{shown}”太长（超过 {FILE_NAME_MAX_BYTES} 字节）。请缩短。",
                           f"The file name '{shown}' is longer than {FILE_NAME_MAX_BYTES} bytes.")
    if unicodedata.normalize("NFC", segment) != segment:
        return NameRefusal(
            "file-name-unicode",
            f"文件名“{shown}”使用了分解形式的 Unicode 字符（NFD，常见于 macOS 复制的文件名），网址会与显示的不一致。"
            "请重新输入文件名后保存。",
            f"The file name '{shown}' is not in Unicode NFC form (decomposed characters); retype the name.",
        )
    return None


def _invisible(char: str) -> bool:
    """Controls, format characters (zero-width, bidi overrides and isolates) and line separators."""
    return unicodedata.category(char) in ("Cc", "Cf", "Zl", "Zp", "Cs", "Co", "Cn")


def _visible(text: str) -> str:
    return "".join(f"<U+{ord(c):04X}>" if _invisible(c) else c for c in text)


def _shown(value: object, limit: int = 80) -> str:
    text = _visible(value) if isinstance(value, str) else repr(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"
