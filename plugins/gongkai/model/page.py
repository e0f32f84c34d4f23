"""Static pages (关于本站, 政府信息公开指南, 无障碍声明 ...) from content/pages/*.md."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from pathlib import Path, PurePosixPath

from ..core import frontmatter, sourcefs
from ..privacy import privacy
from ..core.bodylimits import check_body
from ..core.markup import render_markdown
from ..core.names import check_identifier
from ..core.problems import Problem, problem
from ..core.textfile import unsafe_char_problem

PAGES_DIR = "content/pages"
PAGE_KEYS = {"title": "标题", "summary": "内容概述"}
# Every portal links to these from its header and footer (the guide is required by 条例 art. 12).
REQUIRED = {"about": "关于本站", "guide": "政府信息公开指南", "accessibility": "无障碍声明"}


@dataclass
class Page:
    rel: str
    slug: str
    title: str
    summary: str
    body_source: str
    body_first_line: int = 0

    @property
    def url(self) -> str:
        return f"{self.slug}/"

    @cached_property
    def body_html(self) -> str:
        return render_markdown(self.body_source)


def load_pages(root: Path, known_html=None) -> tuple[list[Page], list[Problem]]:
    rels, problems = sourcefs.walk(root, PAGES_DIR, ".md")
    rels = [rel for rel in rels if rel.count("/") == PAGES_DIR.count("/") + 1]  # content/pages/*.md
    pages: list[Page] = []
    for rel in rels:
        path = root / rel
        slug = path.stem
        refused = check_identifier("page", slug)
        if refused is not None:
            problems.append(problem(rel, 0, 0, "page-file-name", name=path.name, message=refused.message,
                                    message_en=refused.message_en))
            continue
        document, read_problems = frontmatter.read(path, rel)
        problems += read_problems
        if document is None:
            continue
        problems += privacy.scan_front_matter_file(document, lambda key: PAGE_KEYS.get(key, ""))
        doc = document.doc
        raw = document.raw
        ok = True
        for key in raw:
            if key not in PAGE_KEYS:
                line, column = doc.where(key)
                problems.append(problem(rel, line, column, "unknown-key/page", key=key, field=str(key)))
                ok = False
        for key, label in PAGE_KEYS.items():
            value = raw.get(key)
            if value is not None and not isinstance(value, str):
                line, column = doc.where(key)
                problems.append(problem(rel, line, column, "type-scalar/page", label_text=label, key=key, field=key,
                                        label=label))
                ok = False
            elif value:
                unsafe = unsafe_char_problem(rel, *doc.where(key), key, label, value)
                if unsafe:
                    problems.append(unsafe)
                    ok = False
        if not raw.get("title"):
            problems.append(problem(rel, 2, 1, "required/page", field="title", label="标题"))
            ok = False
        body_found, body_html = check_body(rel, document.body, document.body_first_line, known=known_html)
        problems += body_found
        if ok and not body_found:
            page = Page(rel, slug, raw["title"], raw.get("summary") or "", document.body, document.body_first_line)
            page.__dict__["body_html"] = body_html  # rendered by the check: the build publishes exactly this
            pages.append(page)
    present = {PurePosixPath(rel).stem for rel in rels}
    for slug, title in sorted(REQUIRED.items()):
        if slug not in present:
            problems.append(problem(f"{PAGES_DIR}/{slug}.md", 0, 0, "page-required-missing", title=title,
                                    PAGES_DIR=PAGES_DIR, slug=slug))
    return pages, problems
