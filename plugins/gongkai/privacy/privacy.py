"""The personal-information gate (去标识化): findings in every source file become problems, values masked.

Each file is scanned twice over: its raw text (so a number in a YAML key or comment, a Markdown
body or an HTML comment is found with its exact line and column), and, for YAML, every parsed
string too (what the site publishes after YAML's escapes and folding: `"\\u0031\\u0033…"`). A
parsed finding that the raw text already showed is not reported twice.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import asdict, dataclass

from ..core.pii import Finding, scan_cell, scan_text
from ..core.codes import texts
from ..core.problems import Problem, Severity, problem, reported

# The code of each kind of personal data (the catalogue holds their texts once, as PERSONAL_DATA).
CODES = {"resident-id": "pii-resident-id", "mobile": "pii-mobile", "bank-card": "pii-bank-card", "email": "pii-email"}


@dataclass(frozen=True)
class Place:
    """What a key path of a YAML document is called in a report."""

    field: str = ""
    label: str = ""
    where_zh: str = ""  # e.g. "附件文件名中有", put before the finding in the message
    reason: str = ""  # a stated reason to publish it: the finding is a warning that shows it
    hint: str = ""  # one more sentence on what to do, after the message


def finding_problem(rel: str, line: int, column: int, finding: Finding, *, field: str = "", label: str = "",
                    where_zh: str = "", reason: str = "", hint: str = "") -> Problem:
    if reason:
        return reported(rel, line, column, texts(
            CODES[finding.kind] + "/published", where=where_zh, kind_label=finding.label_zh, masked=finding.masked,
            reason=reason, kind_label_en=finding.label_en), field=field, label=label, severity=Severity.WARNING)
    return reported(rel, line, column, texts(
        CODES[finding.kind] + "/found", where=where_zh, kind_label=finding.label_zh, masked=finding.masked, hint=hint,
        kind_label_en=finding.label_en), field=field, label=label)


def place_problem(rel: str, line: int, column: int, finding: Finding, place: Place) -> Problem:
    return finding_problem(rel, line, column, finding, **asdict(place))


MAX_REPORTED = 20  # findings listed per file; the rest are counted


def capped(rel: str, found) -> list[Problem]:
    """The first MAX_REPORTED findings of a file (other problems all), then one line counting the
    rest: a leaked list of thousands of names is one thing to fix, not thousands."""
    shown: list[Problem] = []
    listed = more = 0
    severity = Severity.WARNING
    for item in found:
        if not item.code.startswith("pii-"):
            shown.append(item)
        elif listed < MAX_REPORTED:
            shown.append(item)
            listed += 1
        else:
            more += 1
            severity = Severity.ERROR if item.is_error else severity
    if more:
        shown.append(problem(
            rel, 0, 0, "pii-more", more=more,
            severity=severity))
    return shown


class _Lines:
    """Offsets in a text to 1-based (line, column)."""

    def __init__(self, text: str, first_line: int = 1):
        self.starts = [0]
        index = text.find("\n")
        while index >= 0:
            self.starts.append(index + 1)
            index = text.find("\n", index + 1)
        self.first_line = first_line

    def at(self, offset: int) -> tuple[int, int]:
        row = bisect.bisect_right(self.starts, offset) - 1
        return self.first_line + row, offset - self.starts[row] + 1


def scan_lines(text: str, first_line: int = 1, *, context_label: str = "") -> list[tuple[int, int, Finding]]:
    """(line, column, finding) of everything in `text`, which starts at line `first_line` of its file."""
    findings = scan_text(text, context_label=context_label)
    if not findings:
        return []
    lines = _Lines(text, first_line)
    return [(*lines.at(finding.start), finding) for finding in findings]


class _KeyIndex:
    """The key path of the YAML node that a (line, column) falls in: the last key or item before it."""

    def __init__(self, doc):
        marks = sorted(doc.marks.items(), key=lambda item: item[1]) if doc is not None else []
        self.positions = [position for _, position in marks]
        self.paths = [path for path, _ in marks]

    def path_at(self, line: int, column: int) -> tuple:
        index = bisect.bisect_right(self.positions, (line, column)) - 1
        return self.paths[index] if index >= 0 else ()


def scan_yaml_source(rel: str, text: str, doc, describe, *, first_line: int = 1, yaml_lines: int | None = None,
                     body_place: Place | None = None) -> list[Problem]:
    """Every finding in a file holding a YAML document (`doc`, its positions as file lines).

    `text` is the file from line `first_line`; lines after the YAML's `yaml_lines` are a Markdown
    body (reported as `body_place`). describe(key path) -> Place names a key path."""
    problems: list[Problem] = []
    keys = _KeyIndex(doc)
    seen = set()
    last_yaml_line = first_line + yaml_lines - 1 if yaml_lines is not None else None
    lines = None
    for line, column, finding in scan_lines(text, first_line):
        if last_yaml_line is not None and line > last_yaml_line and body_place is not None:
            place = body_place
        elif _in_comment((lines := lines or text.split("\n"))[line - first_line], column):
            place = COMMENT
        else:
            path = keys.path_at(line, column)
            place = describe(path)
            seen.add((finding.kind, finding.masked, path))
        problems.append(place_problem(rel, line, column, finding, place))
    if doc is not None:
        for path, value in _strings(doc.value, ()):
            for finding in scan_text(value):
                if (finding.kind, finding.masked, path) not in seen:
                    seen.add((finding.kind, finding.masked, path))
                    place = describe(path)
                    line, column = doc.where(*path)
                    problems.append(place_problem(rel, line, column, finding, place))
    return problems


COMMENT = Place("", "注释")
_COMMENT_START = re.compile(r"(?:^|\s)#")


def _in_comment(line: str, column: int) -> bool:
    """Whether `column` of a YAML line is inside a comment (a "#" after a space, outside quotes)."""
    for match in _COMMENT_START.finditer(line[:column - 1]):
        before = line[:match.start()]
        if before.count("'") % 2 == 0 and before.count('"') % 2 == 0:
            return True
    return False


def _strings(value, path):
    """(key path, string) of every key and string value in a parsed YAML document."""
    if isinstance(value, str):
        yield path, value
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _strings(item, path + (index,))
    elif isinstance(value, dict):
        for key, item in value.items():
            yield path + (key,), key
            yield from _strings(item, path + (key,))


def scan_text_file(rel: str, text: str, place: Place = Place(), *, first_line: int = 1) -> list[Problem]:
    """A Markdown or plain text file (a dataset's README.md): every finding at its line and column."""
    return capped(rel, [place_problem(rel, line, column, finding, place)
                        for line, column, finding in scan_lines(text, first_line)])


def scan_path(rel: str) -> list[Problem]:
    """A file whose name (or folder) holds personal data: reported once, the path printed masked."""
    return [reported(rel, 0, 0, texts(CODES[finding.kind] + "/path", kind_label=finding.label_zh, masked=finding.masked,
                                      kind_label_en=finding.label_en), field="path", label="文件名")
            for finding in scan_cell(rel, "path", "文件名")]


# --- the sources -----------------------------------------------------------------------------------


BODY = Place("body", "正文")


def scan_front_matter_file(document, label_of) -> list[Problem]:
    """A disclosure item or a page: its file name, every key and value of the front matter, the
    whole body (HTML comments included: they are in the source). label_of(key) -> Chinese title."""

    def describe(path) -> Place:
        if not path:
            return Place()
        key = path[0]
        label = label_of(key) if isinstance(key, str) else ""
        if key == "attachments" and path[-1] == "file":
            return Place("attachments", label, "附件文件名中有")
        return Place(str(key), label)

    yaml_lines = document.body_first_line - 1
    return scan_path(document.rel) + capped(document.rel, scan_yaml_source(
        document.rel, document.text, document.doc, describe, yaml_lines=yaml_lines, body_place=BODY))


AGENCY_CONTACT_KEYS = ("phone", "email")
AGENCY_REASON_KEY = "pii_reason"
AGENCY_HINT = ("机构的电话和邮箱会在网站上公开，应当填写办公电话（座机或服务热线）和单位的政务邮箱（gov.cn 等）；"
               "如确需公开值班手机或单位在其他域名的邮箱，请在这个机构下加一行“pii_reason: 理由”，每次检查都会显示这个理由。")


def scan_agencies(rel: str, text: str, doc, label_of) -> list[Problem]:
    """content/agencies.yaml: everything is scanned like any other text. An agency's `phone` and
    `email` are its office's published contact: a landline, a hotline or a government mailbox
    passes (as everywhere), a mobile or a mailbox on another domain is an error, unless that
    agency states `pii_reason` (a duty mobile, an office mailbox at 163.com …): then a warning
    that shows the reason on every check."""
    agencies = doc.value if isinstance(doc.value, list) else []

    def describe(path) -> Place:
        if len(path) < 2 or not isinstance(path[1], str):
            return Place()
        key = path[1]
        agency = agencies[path[0]] if isinstance(path[0], int) and path[0] < len(agencies) else None
        reason = agency.get(AGENCY_REASON_KEY) if isinstance(agency, dict) and len(path) == 2 else None
        if key in AGENCY_CONTACT_KEYS:
            return Place(key, label_of(key), "机构的电话或邮箱中有", reason if isinstance(reason, str) else "", AGENCY_HINT)
        return Place(key, label_of(key))

    return capped(rel, scan_yaml_source(rel, text, doc, describe))


CONTACT_HINT = "数据集的联系方式会在网站上公开，请填写办公电话（座机或服务热线）和单位的政务邮箱。"


def scan_descriptor(rel: str, text: str, doc, labels: dict) -> list[Problem]:
    """A dataset's datapackage.yaml or schema file: every key, value and comment (all of it is
    published in datapackage.json or on the dataset page). labels: key -> Chinese title."""

    def describe(path) -> Place:
        key = next((part for part in reversed(path) if isinstance(part, str)), "")
        return Place(key, labels.get(key, ""), hint=CONTACT_HINT if path[:1] == ("contact",) else "")

    return capped(rel, scan_yaml_source(rel, text, doc, describe))
