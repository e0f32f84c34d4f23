"""Problems found in content: one value type shared by the checker, the build and the tests."""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass
from enum import Enum
from functools import lru_cache

from .codes import CODES, severity_of, texts
from .pii import redact

from .failures import Failure


class Severity(str, Enum):
    ERROR = "error"
    WARNING = "warning"


SEVERITY_LABELS = {
    "zh": {Severity.ERROR: "错误", Severity.WARNING: "警告"},
    "en": {Severity.ERROR: "error", Severity.WARNING: "warning"},
}


@dataclass(frozen=True)
class Problem:
    """One thing wrong in one place. `line`/`column` are 1-based; 0 means "the whole file".

    Messages reach terminals, CI logs and review annotations, so whatever looks like personal
    data in the message, the English message, the field or the label is masked when the problem
    is made (a value quoted back, a key that is an ID number). The path is kept as it is, for the
    program, and printed masked by every renderer (`shown_path`): a file named after a person
    is reported, but its name never printed in clear."""

    path: str  # repository-relative, POSIX separators
    line: int
    column: int
    field: str  # the key or column name as written ("" when none)
    label: str  # the field's Chinese title ("" when none)
    code: str  # stable identifier, e.g. "yaml-duplicate-key"
    message: str  # plain Chinese: what is wrong and how to fix it
    message_en: str
    severity: Severity = Severity.ERROR

    def __post_init__(self):
        for name in ("field", "label", "message", "message_en"):
            object.__setattr__(self, name, redact(getattr(self, name)))

    @property
    def shown_path(self) -> str:
        return _shown_path(self.path)

    @property
    def is_error(self) -> bool:
        return self.severity is Severity.ERROR

    def sort_key(self) -> tuple:
        return (self.path, self.line, self.column, self.field, self.code, self.message)

    def render(self, lang: str = "zh") -> str:
        """Compiler style: `path:line:col: 错误: 字段: message [code]`."""
        severity = SEVERITY_LABELS[lang][self.severity]
        message = self.message if lang == "zh" else self.message_en
        where = f"{self.shown_path}:{self.line}:{self.column}"
        subject = self.field_display(lang)
        subject = f"{subject}: " if subject else ""
        return f"{where}: {severity}: {subject}{message} [{self.code}]"

    def field_display(self, lang: str = "zh") -> str:
        if lang == "zh" and self.label:
            return f"{self.label}（{self.field}）" if self.field and self.field != self.label else self.label
        return self.field

    def to_dict(self) -> dict:
        record = asdict(self)
        record["path"] = self.shown_path
        record["severity"] = self.severity.value
        return record


@lru_cache(maxsize=4096)
def _shown_path(path: str) -> str:
    return redact(path)


def problem(
    path: str,
    line: int,
    column: int,
    key: str,
    /,
    *,
    field: str = "",
    label: str = "",
    severity: Severity | None = None,
    **params,
) -> Problem:
    """The problem of catalogue key `key` (`code` or `code/variant`, see codes.py), its texts
    filled with `params`; the severity is the catalogue's unless given."""
    code, message, message_en = texts(key, **params)
    return Problem(path, line, column, field, label, code, message, message_en,
                   severity if severity is not None else Severity(severity_of(key)))


def reported(path: str, line: int, column: int, said: tuple, *, field: str = "", label: str = "",
             severity: Severity | None = None) -> Problem:
    """A problem from a reason made earlier with codes.texts (a refused name or path, an unreadable
    file), now placed at `path:line:column`."""
    code, message, message_en = said
    return Problem(path, line, column, field, label, code, message, message_en,
                   severity if severity is not None else Severity(CODES[code].severity))


def choices(values, limit: int = 30) -> str:
    """Allowed values listed in a message. Joined by 、 unless a value holds one (财政、金融、审计 would
    read as three values), then by ；. Past `limit`, the rest is cut with ……."""
    shown = [str(value) for value in values]
    separator = "；" if any("、" in value for value in shown) else "、"
    return separator.join(shown[:limit]) + ("……" if len(shown) > limit else "")


def sort_problems(problems) -> list[Problem]:
    return sorted(set(problems), key=Problem.sort_key)


def has_errors(problems) -> bool:
    return any(p.is_error for p in problems)


def summary_line(problems, lang: str = "zh") -> str:
    errors = sum(1 for p in problems if p.is_error)
    warnings = len(problems) - errors
    if lang == "zh":
        if not problems:
            return "检查通过：没有发现问题。"
        return f"共发现 {errors} 个错误、{warnings} 个警告。" + (
            "请按上面的提示逐条修改后再发布。" if errors else "警告不阻止发布，但建议修改。"
        )
    if not problems:
        return "Check passed: no problems found."
    return f"{errors} error(s), {warnings} warning(s)."


def render_text(problems, lang: str = "zh") -> str:
    lines = [p.render(lang) for p in problems]
    lines.append(summary_line(problems, lang))
    return "\n".join(lines) + "\n"


def _github_escape(text: str, *, prop: bool = False) -> str:
    text = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    if prop:
        text = text.replace(":", "%3A").replace(",", "%2C")
    return text


def render_github(problems, lang: str = "zh") -> str:
    """GitHub Actions workflow commands, one annotation per problem."""
    out = []
    for p in problems:
        kind = "error" if p.is_error else "warning"
        message = p.message if lang == "zh" else p.message_en
        subject = p.field_display(lang)
        title = f"{subject} [{p.code}]" if subject else p.code
        props = f"file={_github_escape(p.shown_path, prop=True)},line={p.line},col={p.column},title={_github_escape(title, prop=True)}"
        out.append(f"::{kind} {props}::{_github_escape(message)}")
    out.append(summary_line(problems, lang))
    return "\n".join(out) + "\n"


def render_json(problems, lang: str = "zh") -> str:
    payload = {
        "problems": [p.to_dict() for p in problems],
        "errors": sum(1 for p in problems if p.is_error),
        "warnings": sum(1 for p in problems if not p.is_error),
    }
    return json.dumps(payload, ensure_ascii=False, indent=2, sort_keys=True) + "\n"


def render_gitlab(problems, lang: str = "zh") -> str:
    """A GitLab Code Quality report: merge requests show each problem on its file and line."""
    report = []
    for p in problems:
        message = p.message if lang == "zh" else p.message_en
        subject = p.field_display(lang)
        identity = "\0".join((p.path, str(p.line), str(p.column), p.field, p.code, p.message))
        report.append({
            "description": f"{subject}: {message}" if subject else message,
            "check_name": p.code,
            "fingerprint": hashlib.sha256(identity.encode("utf-8")).hexdigest(),
            "severity": "major" if p.is_error else "minor",
            "location": {"path": p.path, "lines": {"begin": max(p.line, 1)}},
        })
    return json.dumps(report, ensure_ascii=False, indent=2, sort_keys=True) + "\n"


RENDERERS = {"text": render_text, "github": render_github, "gitlab": render_gitlab, "json": render_json}


class ContentError(Failure):
    """Raised by the build when content has errors; carries the full problem list."""

    def __init__(self, problems):
        self.problems = sort_problems(problems)
        super().__init__(render_text(self.problems))
