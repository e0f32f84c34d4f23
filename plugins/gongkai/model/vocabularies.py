"""Controlled lists (schemas/vocabularies.yaml): site extensions and the dataset vocabularies."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from ..core.problems import Problem, problem
from ..core.textfile import plain_text_problem, read_yaml

VOCABULARIES_FILE = "schemas/vocabularies.yaml"
SEARCH_WORD_LIMIT = 40  # characters of one synonym or question word


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
    # Search: groups of words that mean the same (an abbreviation and its full name), and the
    # words of a question that a page need not hold: question words (怎么, 如何) wherever they
    # stand, action words (申请, 办理) at the start or end of what is left (依申请公开 keeps its 申请).
    search_synonyms: list = field(default_factory=list)  # [tuple of words]
    question_words: list = field(default_factory=list)
    action_words: list = field(default_factory=list)

    def frequency(self, value: str) -> Frequency | None:
        return next((f for f in self.update_frequencies if f.value == value), None)


def load_vocabularies(root: Path) -> tuple[Vocabularies, list[Problem]]:
    path = root / VOCABULARIES_FILE
    rel = VOCABULARIES_FILE
    if not os.path.lexists(path):  # a link or a folder here is refused by read_text
        return Vocabularies(), [
            problem(rel, 0, 0, "file-missing/vocabularies")
        ]
    _, doc, problems = read_yaml(path, rel)
    if doc is None or not isinstance(doc.value, dict):
        if doc is not None:
            problems.append(problem(rel, 1, 1, "vocabularies-shape/top"))
        return Vocabularies(), problems
    data = doc.value
    vocab = Vocabularies()

    def string_list(key, value, path) -> list[str]:
        if value is None:
            return []
        if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
            line, column = doc.where(*path)
            problems.append(problem(rel, line, column, "vocabularies-shape/list", key=key, field=key))
            return []
        return list(value)

    extend = data.get("extend") or {}
    if isinstance(extend, dict):
        vocab.extend = {name: string_list(name, values, ("extend", name)) for name, values in sorted(extend.items())}
    vocab.open_types = string_list("open_type", data.get("open_type"), ("open_type",))
    vocab.attachment_types = [t.lower() for t in string_list("attachment_types", data.get("attachment_types"), ("attachment_types",))]
    _load_search(data.get("search"), doc, rel, vocab, problems)
    for index, entry in enumerate(data.get("update_frequency") or []):
        try:
            vocab.update_frequencies.append(
                Frequency(entry["value"], entry["title"], int(entry.get("days") or 0), int(entry.get("months") or 0))
            )
        except (KeyError, TypeError, ValueError):
            line, column = doc.where("update_frequency", index)
            problems.append(problem(rel, line, column, "vocabularies-shape/frequency",
                                    field="update_frequency"))
    return vocab, problems


def _load_search(search, doc, rel: str, vocab: Vocabularies, problems: list) -> None:
    """search: {synonyms: [[低保, 最低生活保障], ...], question_words: [怎么, ...], action_words: [申请, ...]}."""
    if search is None:
        return
    if not isinstance(search, dict) or set(search) - {"synonyms", "question_words", "action_words"}:
        line, column = doc.where("search")
        problems.append(problem(rel, line, column, "vocabularies-shape/search",
                                field="search"))
        return

    def word_problem(value, path) -> bool:
        line, column = doc.where(*path)
        if not isinstance(value, str) or not value.strip() or len(value) > SEARCH_WORD_LIMIT:
            problems.append(problem(rel, line, column, "vocabularies-shape/search-word", SEARCH_WORD_LIMIT=SEARCH_WORD_LIMIT,
                                    field=".".join(map(str, path))))
            return True
        found = plain_text_problem(rel, line, column, ".".join(map(str, path)), "搜索用词", value)
        if found is not None:
            problems.append(found)
            return True
        return False

    groups = search.get("synonyms") or []
    if not isinstance(groups, list):
        groups = [groups]
    for index, group in enumerate(groups):
        path = ("search", "synonyms", index)
        if not isinstance(group, list) or len(group) < 2:
            line, column = doc.where(*path)
            problems.append(problem(rel, line, column, "vocabularies-shape/synonyms",
                                    field="search.synonyms"))
            continue
        if any(word_problem(word, path + (position,)) for position, word in enumerate(group)):
            continue
        words = tuple(word.strip() for word in group)
        if len(set(words)) != len(words):
            line, column = doc.where(*path)
            problems.append(problem(rel, line, column, "vocabularies-shape/synonym-repeated", field="search.synonyms"))
            continue
        vocab.search_synonyms.append(words)
    for key in ("question_words", "action_words"):
        words = search.get(key) or []
        if not isinstance(words, list):
            words = [words]
        for index, word in enumerate(words):
            if not word_problem(word, ("search", key, index)):
                getattr(vocab, key).append(word.strip())
