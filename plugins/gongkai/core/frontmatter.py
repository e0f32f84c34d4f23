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
                rel, 1, 1, "frontmatter-fullwidth",
                f"第一行“{first.strip()}”不是三个半角减号。信息区必须以英文输入法下的“---”开头和结尾（不能用全角“－－－”或破折号）。",
                "The first line must be three ASCII hyphens '---' (not full-width dashes).",
            )]
        return None, [problem(
            rel, 1, 1, "frontmatter-missing",
            "文件开头缺少信息区。第一行必须是“---”，接着写标题、索引号等项目，再用一行“---”结束，然后才是正文。",
            "The file must start with YAML front matter between two '---' lines.",
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
                rel, index + 1, 1, "frontmatter-fullwidth",
                f"第 {index + 1} 行“{line.strip()}”像是信息区的结束线，但不是三个半角减号。请改为英文输入法下的“---”。",
                "This line looks like the closing fence but is not three ASCII hyphens '---'.",
            )]
    return None, [problem(
        rel, 1, 1, "frontmatter-unclosed",
        "信息区没有结束：第一行的“---”之后找不到结束用的“---”行。请在最后一个项目之后、正文之前加一行“---”。",
        "The front matter is not closed: add a '---' line after the last key, before the body.",
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
        problems.append(problem(rel, parts.yaml_first_line, 1, "frontmatter-shape",
                                "信息区应当是一行一个“项目: 值”，例如“title: 关于……的通知”。",
                                "The front matter must be a mapping of keys to values."))
        return None, problems
    return Document(rel, doc.value, doc, parts.body, parts.body_first_line, text), problems
