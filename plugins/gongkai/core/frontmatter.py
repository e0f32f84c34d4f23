"""Splitting a Markdown file into its YAML front matter and body, keeping line numbers."""

from __future__ import annotations

import re
from dataclasses import dataclass

from .problems import Problem, problem
from .textfile import read_text
from .yamlstrict import YamlDoc, load

FENCE = re.compile(r"^---[ \t]*$")
LOOKS_LIKE_FENCE = re.compile(r"^[-－—–ー─━]{3,}\s*$")


@dataclass
class Document:
    """A Markdown file read with its front matter: the keys (strings), their positions, the body."""

    rel: str
    raw: dict
    doc: YamlDoc
    body: str
    body_first_line: int
    text: str = ""  # the whole file as read (newlines normalised), for the personal-information scan


@dataclass
class Parts:
    yaml_text: str
    yaml_first_line: int  # 1-based line of the first YAML line
    body: str
    body_first_line: int


def split(text: str, rel: str) -> tuple[Parts | None, list[Problem]]:
    lines = text.split("\n")
    first = lines[0] if lines else ""
    if not FENCE.match(first):
        if LOOKS_LIKE_FENCE.match(first.strip()):
            return None, [problem(
                rel, 1, 1, "frontmatter-fullwidth/opening", line_text=first.strip(),
            )]
        return None, [problem(
            rel, 1, 1, "frontmatter-missing",
        )]
    for index in range(1, len(lines)):
        line = lines[index]
        if FENCE.match(line):
            return Parts(
                yaml_text="\n".join(lines[1:index]) + "\n",
                yaml_first_line=2,
                body="\n".join(lines[index + 1:]),
                body_first_line=index + 2,
            ), []
        if LOOKS_LIKE_FENCE.match(line.strip()) and not line.startswith("-"):
            return None, [problem(
                rel, index + 1, 1, "frontmatter-fullwidth/closing", line_number=index + 1, line_text=line.strip(),
            )]
    return None, [problem(
        rel, 1, 1, "frontmatter-unclosed",
    )]


def read(path, rel: str) -> tuple[Document | None, list[Problem]]:
    """Read a Markdown file: UTF-8 text, front matter split off, YAML loaded strictly, a mapping."""
    text, problems = read_text(path, rel)
    if text is None:
        return None, problems
    parts, split_problems = split(text, rel)
    problems += split_problems
    if parts is None:
        return None, problems
    doc, yaml_problems = load(parts.yaml_text, rel, line_offset=parts.yaml_first_line - 1)
    problems += yaml_problems
    if doc is None:
        return None, problems
    if not isinstance(doc.value, dict):
        problems.append(problem(rel, parts.yaml_first_line, 1, "frontmatter-shape"))
        return None, problems
    return Document(rel, doc.value, doc, parts.body, parts.body_first_line, text), problems
