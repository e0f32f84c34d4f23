"""Controlled lists (schemas/vocabularies.yaml): site extensions and the dataset vocabularies."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from ..core import yamlstrict
from ..core.problems import Problem, problem
from ..core.textfile import read_text

VOCABULARIES_FILE = "schemas/vocabularies.yaml"


@dataclass(frozen=True)
class Frequency:
    value: str
    title: str
    days: int = 0
    months: int = 0


@dataclass
class Vocabularies:
    extend: dict = field(default_factory=dict)  # schema vocabulary name -> extra values
    update_frequencies: list = field(default_factory=list)  # [Frequency]
    open_types: list = field(default_factory=list)
    attachment_types: list = field(default_factory=list)

    def frequency(self, value: str) -> Frequency | None:
        return next((f for f in self.update_frequencies if f.value == value), None)


def load_vocabularies(root: Path) -> tuple[Vocabularies, list[Problem]]:
    path = root / VOCABULARIES_FILE
    rel = VOCABULARIES_FILE
    if not os.path.lexists(path):  # a link or a folder here is refused by read_text
        return Vocabularies(), [
            problem(rel, 0, 0, "file-missing", "缺少词表文件 schemas/vocabularies.yaml。请从模板仓库复制一份。",
                    "schemas/vocabularies.yaml is missing; copy it from the template repository.")
        ]
    text, problems = read_text(path, rel)
    if text is None:
        return Vocabularies(), problems
    doc, yaml_problems = yamlstrict.load(text, rel)
    problems += yaml_problems
    if doc is None or not isinstance(doc.value, dict):
        if doc is not None:
            problems.append(problem(rel, 1, 1, "vocabularies-shape", "词表文件的最外层应当是“名称: 列表”的映射。",
                                    "The vocabularies file must be a mapping of names to lists."))
        return Vocabularies(), problems
    data = doc.value
    vocab = Vocabularies()

    def string_list(key, value, path) -> list[str]:
        if value is None:
            return []
        if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
            line, column = doc.where(*path)
            problems.append(problem(rel, line, column, "vocabularies-shape", f"“{key}”应当是一个文字列表，如 [甲, 乙]。",
                                    f"'{key}' must be a list of strings.", field=key))
            return []
        return list(value)

    extend = data.get("extend") or {}
    if isinstance(extend, dict):
        vocab.extend = {name: string_list(name, values, ("extend", name)) for name, values in sorted(extend.items())}
    vocab.open_types = string_list("open_type", data.get("open_type"), ("open_type",))
    vocab.attachment_types = [t.lower() for t in string_list("attachment_types", data.get("attachment_types"), ("attachment_types",))]
    for index, entry in enumerate(data.get("update_frequency") or []):
        try:
            vocab.update_frequencies.append(
                Frequency(entry["value"], entry["title"], int(entry.get("days") or 0), int(entry.get("months") or 0))
            )
        except (KeyError, TypeError, ValueError):
            line, column = doc.where("update_frequency", index)
            problems.append(problem(rel, line, column, "vocabularies-shape",
                                    "更新频率的每一项都要有 value 和 title，days/months 为整数。",
                                    "Each update frequency needs value and title; days/months are integers.",
                                    field="update_frequency"))
    return vocab, problems
