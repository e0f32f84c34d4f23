"""A strict YAML reader: plain data only, every scalar a string, positions kept for messages.

Refuses anchors, aliases, tags and duplicate keys; never applies YAML 1.1 implicit typing, so
`0571`, `no`, `12:30` and `1.10` stay exactly as written (the schema types them later).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import yaml

from .codes import texts
from .problems import Problem, problem, reported

try:  # the C parser is much faster; its events carry the same marks
    _Loader = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - libyaml missing
    _Loader = yaml.SafeLoader

MAX_DEPTH = 32
# C0/C1 controls except tab and newline (tabs get their own message from the parser).
CONTROL_CHARS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")
KEY_OF_LINE = re.compile(r"^\s*(?:-\s+)?([^:#\s][^:]*):")
# A key followed by a full-width colon (全角冒号, what a Chinese input method types) where YAML
# needs ": ". PyYAML reads the line as plain text and fails on a later line, in English.
FULLWIDTH_KEY = re.compile(r"^[ ]*(?P<dash>-[ ]+)?(?P<key>[A-Za-z_][A-Za-z0-9_-]*)[ \t]*：[ \t]*(?P<value>.*)$")
FIX_SHOWN = 20  # characters of the value quoted in the suggested fix
NULL_WORDS = {"", "~", "null", "Null", "NULL"}


@dataclass
class YamlDoc:
    """The loaded value plus the 1-based (line, column) of each key path, e.g. ("attachments", 0, "file")."""

    value: object
    marks: dict = field(default_factory=dict)

    def where(self, *path) -> tuple[int, int]:
        """Position of the nearest known ancestor of `path` (the document start if none)."""
        path = tuple(path)
        while path:
            if path in self.marks:
                return self.marks[path]
            path = path[:-1]
        return self.marks.get((), (1, 1))


class _Refusal(Exception):
    def __init__(self, mark, code, message, message_en):
        self.mark, self.code, self.message, self.message_en = mark, code, message, message_en


def _position(mark, line_offset: int) -> tuple[int, int]:
    return mark.line + 1 + line_offset, mark.column + 1


def load(text: str, rel: str, line_offset: int = 0) -> tuple[YamlDoc | None, list[Problem]]:
    """Parse `text` (which starts `line_offset` lines into file `rel`)."""
    control = CONTROL_CHARS.search(text)
    if control:
        line = text.count("\n", 0, control.start()) + 1
        column = control.start() - (text.rfind("\n", 0, control.start()) + 1) + 1
        key = KEY_OF_LINE.match(text.split("\n")[line - 1])
        codepoint = f"U+{ord(control.group()):04X}"
        return None, [problem(
            rel, line + line_offset, column, "unsafe-character/yaml", codepoint=codepoint,
            field=key.group(1).strip() if key else "",
        )]
    try:
        return _compose(yaml.parse(text, Loader=_Loader), line_offset, text.split("\n")), []
    except _Refusal as exc:
        if exc.code == "yaml-fullwidth-colon":
            return None, fullwidth_colons(text, rel, line_offset)
        line, column = _position(exc.mark, line_offset)
        return None, [reported(rel, line, column, (exc.code, exc.message, exc.message_en))]
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, column = _position(mark, line_offset) if mark else (1 + line_offset, 1)
        colons = fullwidth_colons(text, rel, line_offset)
        if colons and colons[0].line <= line:  # the parser stumbled on (or after) a full-width colon
            return None, colons
        detail = (exc.problem or "").strip()
        if "\t" in _line_of(text, mark) if mark else False:
            return None, [
                problem(
                    rel, line, column, "yaml-tab",
                )
            ]
        return None, [
            problem(
                rel, line, column, "yaml-syntax/syntax", detail=detail,
            )
        ]
    except yaml.YAMLError as exc:  # reader errors such as forbidden characters
        line, column = (1 + line_offset, 1)
        mark = getattr(exc, "position", None)
        if mark is not None:
            before = text[:mark]
            line = before.count("\n") + 1 + line_offset
            column = len(before) - (before.rfind("\n") + 1) + 1
        return None, [
            problem(
                rel, line, column, "yaml-syntax/character",
            )
        ]


def fullwidth_colons(text: str, rel: str, line_offset: int = 0) -> list[Problem]:
    """Every line whose key is followed by a full-width colon, with the line as it should read."""
    problems = []
    for number, line in enumerate(text.split("\n"), 1):
        found = FULLWIDTH_KEY.match(line)
        if not found:
            continue
        key, value = found["key"], found["value"].rstrip()
        shown = value if len(value) <= FIX_SHOWN else value[:FIX_SHOWN] + "……"
        fix = f"{'- ' if found['dash'] else ''}{key}: {shown}"
        problems.append(problem(
            rel, number + line_offset, line.index("：") + 1, "yaml-fullwidth-colon", key=key, fix=fix,
            field=key,
        ))
    return problems


def _starts_fullwidth_key(lines: list[str], mark) -> bool:
    """A plain scalar that begins its line as `key：…`: a key typed with a full-width colon."""
    found = FULLWIDTH_KEY.match(lines[mark.line]) if 0 <= mark.line < len(lines) else None
    return bool(found) and found.start("key") == mark.column


def _line_of(text: str, mark) -> str:
    lines = text.split("\n")
    return lines[mark.line] if 0 <= mark.line < len(lines) else ""


def _compose(events, line_offset: int, lines: list[str]) -> YamlDoc:
    doc = YamlDoc(None)
    # Each frame: [container, path, pending_key (mappings only), key_marks (mappings only)]
    stack: list[list] = []
    documents = 0

    def place(value, mark, node_path_hint=None):
        if not stack:
            doc.value = value
            return ()
        frame = stack[-1]
        container, path = frame[0], frame[1]
        if isinstance(container, list):
            index = len(container)
            container.append(value)
            child = path + (index,)
            doc.marks[child] = _position(mark, line_offset)
            return child
        key = frame[2]
        frame[2] = None
        container[key] = value
        return path + (key,)

    for event in events:
        if isinstance(event, yaml.AliasEvent):
            raise _Refusal(
                event.start_mark, *texts("yaml-alias"),
            )
        anchor = getattr(event, "anchor", None)
        if anchor is not None:
            raise _Refusal(
                event.start_mark, *texts("yaml-anchor", anchor=anchor),
            )
        tag = getattr(event, "tag", None)
        implicit = getattr(event, "implicit", True)
        explicit_tag = tag is not None and not (
            implicit is True or (isinstance(implicit, tuple) and any(implicit))
        )
        if explicit_tag:
            raise _Refusal(
                event.start_mark, *texts("yaml-tag", tag=tag),
            )
        if isinstance(event, yaml.DocumentStartEvent):
            documents += 1
            if documents > 1:
                raise _Refusal(
                    event.start_mark, *texts("yaml-multiple-documents"),
                )
        elif isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
            if len(stack) >= MAX_DEPTH:
                raise _Refusal(
                    event.start_mark, *texts("yaml-too-deep", MAX_DEPTH=MAX_DEPTH),
                )
            if stack and isinstance(stack[-1][0], dict) and stack[-1][2] is None:
                raise _Refusal(
                    event.start_mark, *texts("yaml-complex-key"),
                )
            container = {} if isinstance(event, yaml.MappingStartEvent) else []
            path = place(container, event.start_mark)
            if not stack:
                doc.marks[()] = _position(event.start_mark, line_offset)
            stack.append([container, path, None, {}])
        elif isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
            stack.pop()
        elif isinstance(event, yaml.ScalarEvent):
            plain = not event.style  # None (pure parser) or "" (libyaml) for plain scalars
            if plain and "：" in event.value and _starts_fullwidth_key(lines, event.start_mark):
                raise _Refusal(event.start_mark, "yaml-fullwidth-colon", "", "")
            value = None if plain and event.value in NULL_WORDS else event.value
            frame = stack[-1] if stack else None
            if frame is not None and isinstance(frame[0], dict) and frame[2] is None:
                key = event.value
                if key in frame[3]:
                    first_line = frame[3][key][0]
                    raise _Refusal(
                        event.start_mark, *texts("yaml-duplicate-key", key=key, first_line=first_line),
                    )
                position = _position(event.start_mark, line_offset)
                frame[3][key] = position
                frame[2] = key
                doc.marks[frame[1] + (key,)] = position
            else:
                place(value, event.start_mark)
    return doc
