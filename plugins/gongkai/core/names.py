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

from .codes import texts

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
# The code a refused identifier is reported under, by what it names (spelled out for the catalogue).
IDENTIFIER_CODES = {
    "agency": {"name-invalid": "agency-name-invalid", "name-reserved": "agency-name-reserved"},
    "dataset": {"name-invalid": "dataset-name-invalid", "name-reserved": "dataset-name-reserved"},
    "report": {"name-invalid": "report-name-invalid", "name-reserved": "report-name-reserved"},
    "resource": {"name-invalid": "resource-name-invalid", "name-reserved": "resource-name-reserved"},
    "view": {"name-invalid": "view-name-invalid", "name-reserved": "view-name-reserved"},
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
        return NameRefusal(*texts("name-invalid", kind_label=label, shown=shown, rule=IDENTIFIER_RULE_ZH, kind=kind,
                                  rule_en=IDENTIFIER_RULE_EN))
    if value in RESERVED[kind] or value in WINDOWS_DEVICES or value.startswith("pagefind"):
        return NameRefusal(*texts("name-reserved", kind_label=label, name=value, kind=kind))
    return None


def check_file_name(segment: str) -> NameRefusal | None:
    """None when `segment` (one component of a path, e.g. 医保缴费标准表.pdf) may be published."""
    shown = _shown(segment)
    if segment in ("", ".", ".."):
        return NameRefusal(*texts("file-name-invalid/empty-part", segment=segment))
    if segment.startswith("."):
        return NameRefusal(*texts("file-name-invalid/hidden", shown=shown))
    bad = next((c for c in segment if c in FORBIDDEN_IN_FILE_NAMES or _invisible(c)), None)
    if bad is not None:
        what = f"“{bad}”" if bad.isprintable() and not bad.isspace() else f"不可见字符 U+{ord(bad):04X}"
        return NameRefusal(
            *texts("file-name-invalid/character", visible=_visible(segment), what=what, ord=ord(bad)),
        )
    if segment != segment.strip() or segment.endswith("."):
        return NameRefusal(*texts("file-name-invalid/trailing", shown=shown))
    if segment.split(".", 1)[0].lower() in WINDOWS_DEVICES:
        return NameRefusal(*texts("file-name-invalid/device", shown=shown))
    if len(segment.encode("utf-8")) > FILE_NAME_MAX_BYTES:
        return NameRefusal(*texts("file-name-invalid/too-long", shown=shown, FILE_NAME_MAX_BYTES=FILE_NAME_MAX_BYTES))
    if unicodedata.normalize("NFC", segment) != segment:
        return NameRefusal(
            *texts("file-name-unicode", shown=shown),
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
