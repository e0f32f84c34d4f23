"""The office-written parts of two disclosure columns: 依申请公开 (content/transparency/apply.md:
how to apply here, and the 申请表 to download) and 信息公开制度 (content/transparency/system.md:
the rules, and the site's own rule documents by 索引号). Both are optional: without them the
pages show what the 条例 says and the offices from content/agencies.yaml."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from ..model import attachment as attachments_mod
from ..core import frontmatter
from ..privacy import privacy
from ..core.bodylimits import check_body
from ..core.markup import render_markdown
from ..core.problems import Problem, has_errors, problem, reported
from ..core.textfile import plain_text_problem

COLUMNS_DIR = "content/transparency"
KEYS = {
    "apply": {"title": "标题", "summary": "内容概述", "form": "申请表", "form_title": "申请表名称"},
    "system": {"title": "标题", "summary": "内容概述", "documents": "制度文件"},
}


@dataclass
class Column:
    name: str  # apply or system
    rel: str
    title: str
    summary: str
    body_source: str
    form: object = None  # apply: the 申请表 attachment
    document_ids: list = field(default_factory=list)  # system: 索引号 of the site's rule documents
    documents: list = field(default_factory=list)  # filled from the catalogue

    @cached_property
    def body_html(self) -> str:
        return render_markdown(self.body_source)


def load_columns(root: Path, attachment_types, index_nos: set) -> tuple[dict, list[Problem]]:
    """{apply|system: Column} for the files present, and their problems."""
    columns, problems = {}, []
    for name, keys in KEYS.items():
        rel = f"{COLUMNS_DIR}/{name}.md"
        path = Path(root) / rel
        if not os.path.lexists(path):
            continue
        document, found = frontmatter.read(path, rel)
        problems += found
        if document is None:
            continue
        raw, doc = document.raw, document.doc
        ok = True

        def refuse(key, code, /, *where, **params):
            nonlocal ok
            line, column = doc.where(key, *where)
            problems.append(problem(rel, line, column, code, field=key, label=keys.get(key, ""), **params))
            ok = False

        for key in raw:
            if key not in keys:
                refuse(key, "unknown-key/column", key=key, keys="、".join(keys), keys_en=", ".join(keys))
        for key in ("title", "summary", "form", "form_title"):
            value = raw.get(key)
            if value is None or key not in keys:
                continue
            if not isinstance(value, str):
                refuse(key, "type-scalar/column", keys=keys[key], key=key)
                continue
            found_problem = plain_text_problem(rel, *doc.where(key), key, keys[key], value)
            if found_problem is not None:
                problems.append(found_problem)
                ok = False
        if not raw.get("title"):
            refuse("title", "required/column")
        found = privacy.scan_front_matter_file(document, lambda key: keys.get(key, ""))  # front matter and body
        body_found, body_html = check_body(rel, document.body, document.body_first_line)  # the build's limits
        problems += found + body_found
        ok = ok and not has_errors(found + body_found)
        form = None
        if isinstance(raw.get("form"), str):
            target, refused = attachments_mod.resolve(Path(root), raw["form"], attachment_types)
            if target is None:
                problems.append(reported(rel, *doc.where("form"), refused, field="form", label=keys.get("form", "")))
                ok = False
            else:
                form = attachments_mod.make(target, raw["form"], raw.get("form_title") or "政府信息公开申请表")
        documents = raw.get("documents") or []
        if not isinstance(documents, list):
            refuse("documents", "type-array/documents")
            documents = []
        for position, index_no in enumerate(documents):
            if index_no not in index_nos:
                refuse("documents", "unknown-index-no/column", position, index_no=index_no)
        if ok:
            column = Column(name, rel, raw["title"], raw.get("summary") or "", document.body, form,
                            [d for d in documents if isinstance(d, str)])
            column.__dict__["body_html"] = body_html  # rendered by the check: the build publishes exactly this
            columns[name] = column
    return columns, problems
