"""法定主动公开内容: the kinds of information 条例 art. 20 and 21 require to be disclosed
proactively, as a tree whose nodes gather the catalogue's items by 体裁 and 主题分类
(schemas/statutory.yaml says which)."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from ..core.problems import Problem, problem
from ..core.textfile import read_yaml
from ..core import addresses, yamltypes
from ..core.addresses import facet_url

STATUTORY_FILE = "schemas/statutory.yaml"


@dataclass
class Node:
    article: int
    item: int
    title: str
    genres: tuple = ()
    categories: tuple = ()
    agencies: bool = False  # the node is the agencies' own information (their pages)
    items: list = field(default_factory=list)

    @property
    def slug(self) -> str:
        return f"{self.article}-{self.item}"

    @property
    def own_page(self) -> bool:
        """A node that is exactly one 体裁 is that genre's catalogue page; only the others get their own
        (at 10,000 items that halves the node pages, and no list is published twice)."""
        return not self.agencies and not (len(self.genres) == 1 and not self.categories)

    @property
    def url(self) -> str:
        if self.agencies:
            return addresses.AGENCIES
        return addresses.statutory_page(self.slug) if self.own_page else facet_url("genre", self.genres[0])

    def matches(self, item) -> bool:
        return ((not self.genres or item.genre in self.genres)
                and (not self.categories or item.category in self.categories))


@dataclass
class Article:
    article: int
    title: str
    nodes: list


def load_statutory(root: Path, genres: list, categories: list) -> tuple[list[Article], list[Problem]]:
    rel = STATUTORY_FILE
    path = Path(root) / rel
    if not os.path.lexists(path):
        return [], [problem(rel, 0, 0, "file-missing/statutory", rel=rel)]
    text, doc, problems = read_yaml(path, rel)
    if doc is None:
        return [], problems

    def refuse(where, key, field_="", /, **params):
        line, column = doc.where(*where)
        problems.append(problem(rel, line, column, key, field=field_, **params))

    value = doc.value
    if not isinstance(value, dict) or not isinstance(value.get("articles"), list):
        refuse((), "statutory-invalid/top")
        return [], problems
    articles = []
    allowed = {"genres": set(genres), "categories": set(categories)}
    for a_index, raw in enumerate(value["articles"]):
        where = ("articles", a_index)
        if not isinstance(raw, dict) or not str(raw.get("article", "")).isdigit() or not isinstance(raw.get("items"), list):
            refuse(where, "statutory-invalid/article")
            continue
        nodes = []
        for n_index, entry in enumerate(raw["items"]):
            at = where + ("items", n_index)
            if not isinstance(entry, dict) or not str(entry.get("item", "")).isdigit() or not entry.get("title"):
                refuse(at, "statutory-invalid/item")
                continue
            unknown = sorted(set(entry) - {"item", "title", "genres", "categories", "agencies"})
            if unknown:
                refuse(at + (unknown[0],), "statutory-invalid/unknown-key", unknown[0], key=unknown[0])
            lists = {}
            for key in ("genres", "categories"):
                listed = entry.get(key) or []
                if not isinstance(listed, list):
                    refuse(at + (key,), "statutory-invalid/list", key, key=key)
                    listed = []
                for position, name in enumerate(listed):
                    if name not in allowed[key]:
                        label = "体裁" if key == "genres" else "主题分类"
                        refuse(at + (key, position), "statutory-invalid/not-in-vocabulary", key, name=name,
                               label_text=label, kind=key[:-1])
                lists[key] = tuple(listed)
            nodes.append(Node(int(raw["article"]), int(entry["item"]), entry["title"], lists["genres"], lists["categories"],
                              yamltypes.boolean(entry.get("agencies")) is True))
        if len({node.slug for node in nodes}) != len(nodes):
            refuse(where, "statutory-invalid/item-repeated")
        articles.append(Article(int(raw["article"]), raw.get("title") or "", nodes))
    return articles, problems


def fill(articles: list[Article], items: list) -> None:
    """Each node's items (newest first, as `items` is)."""
    for article in articles:
        for node in article.nodes:
            node.items = [item for item in items if node.matches(item)] if not node.agencies else []
