"""Disclosure items (政府信息公开目录条目): reading, validating all together, and the model."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from . import attachment as attachments_mod
from ..privacy import attachmentscan, privacy
from ..core import frontmatter, limits, sourcefs
from ..fastpath import parallel
from ..core.bodylimits import check_body
from ..core.markup import render_markdown
from ..core.problems import Problem, problem, reported
from ..core.schema import RowContext, TableSchema, cast_row, unknown_key_problems
from ..core.suggest import closest, hint_en, hint_zh
from ..core.textfile import plain_text_problem
from ..core import addresses
from ..core.addresses import facet_url
from ..core.yamlstrict import YamlDoc

DISCLOSURES_DIR = "content/disclosures"
NORMATIVE_GENRES = ("规章", "行政规范性文件")
INVALID_VALIDITIES = ("失效", "废止")
BAD_DOC_NO_YEAR = re.compile(r"[\[(（【]\s*(\d{4})\s*[\])）】]")
SLUG_UNSAFE = re.compile(r"[^0-9A-Za-z-]")

# Keys that would let an item change where or how Pelican writes it.
FORBIDDEN_KEYS = frozenset({"save_as", "url", "template", "status", "slug", "lang", "translation", "date", "modified",
                            "author", "authors", "tags", "page_order", "override_save_as"})


def slugify(index_no: str) -> str:
    return SLUG_UNSAFE.sub("-", index_no)


@dataclass
class Disclosure:
    rel: str  # source file, repository-relative
    title: str
    index_no: str
    agency_id: str
    category: str
    genre: str
    published: dt.date
    body_source: str = ""
    body_first_line: int = 0
    written: dt.date | None = None
    changed: dt.date | None = None  # 变更日期: art. 26 counts from it when the information changed
    doc_no: str = ""
    disclosure: str = "主动公开"
    validity: str = "有效"
    effective: dt.date | None = None
    expires: dt.date | None = None
    supersedes_ids: list = field(default_factory=list)
    interprets_ids: list = field(default_factory=list)
    keywords: list = field(default_factory=list)
    summary: str = ""
    attachments: list = field(default_factory=list)
    embargo: bool = False
    record: dict = field(default_factory=dict)  # the typed source keys as written (for the API)
    # Links filled in by the site model:
    agency: object = None
    supersedes: list = field(default_factory=list)
    superseded_by: list = field(default_factory=list)
    interprets: list = field(default_factory=list)
    interpreted_by: list = field(default_factory=list)
    related: list = field(default_factory=list)

    @property
    def slug(self) -> str:
        return slugify(self.index_no)

    @property
    def url(self) -> str:
        return addresses.item_page(self.slug)

    @property
    def category_url(self) -> str:
        return facet_url("category", self.category)

    @property
    def genre_url(self) -> str:
        return facet_url("genre", self.genre)

    @property
    def year(self) -> int:
        return self.published.year

    @property
    def is_normative(self) -> bool:
        return self.genre in NORMATIVE_GENRES

    @property
    def is_in_force(self) -> bool:
        return self.validity not in INVALID_VALIDITIES

    @property
    def validity_label(self) -> str | None:
        """有效性 as one phrase, the same in the banner, the metadata table and the lists. `expires` is
        the first day the document no longer applies (the day it is repealed or lapses), so it is
        said as 自…起: "已废止（自 2025-07-01 起）", "有效（自 2027-01-01 起失效）". None where
        有效性 says nothing: an item that is not a 规章 or 规范性文件 and was never declared void."""
        if not (self.is_normative or not self.is_in_force or self.expires):
            return None
        since = self.expires.isoformat() if self.expires else ""
        if not self.is_in_force:
            return self.validity_short + (f"（自 {since} 起）" if since else "")
        return self.validity + (f"（自 {since} 起失效）" if since else "")

    @property
    def validity_short(self) -> str:
        """The status alone, for lists: 有效, 已修改, 已废止, 已失效."""
        return f"已{self.validity}" if self.validity in INVALID_VALIDITIES else self.validity

    @cached_property
    def body_html(self) -> str:
        return render_markdown(self.body_source)

    def sort_key(self):
        """Newest first; ties broken by index number so the order never depends on the file system."""
        return (-self.published.toordinal(), self.index_no)


def discover(root: Path) -> tuple[list[tuple[Path, str]], list[Problem]]:
    """Every item file, sorted by repository-relative path (never by directory order); links in
    the folder are problems, never followed."""
    rels, problems = sourcefs.walk(root, DISCLOSURES_DIR, ".md")
    return [(root / rel, rel) for rel in rels], problems


# Below this many files one process reads them faster than two plus the pickling between them.
PARALLEL_FROM = 500


def load_disclosures(root: Path, schema: TableSchema, agency_ids: set, attachment_types, today: dt.date,
                     known_html=None, reuse=None, workers: int | None = None):
    """Read and validate every item together. Returns (published, embargoed, problems).

    Each file is read and checked on its own, on every core (a big catalogue takes seconds);
    the checks across the catalogue (unique 索引号, references) follow in this process. `reuse`
    (the web editor's fast path) may answer for files it has seen unchanged; it calls the same
    per-file check for the others."""
    found, problems = discover(root)

    def check_one(path: Path, rel: str):
        return _check_item(path, rel, schema, root, attachment_types, today, known_html)

    if reuse is not None:
        checked = [reuse.check_items(found, check_one, (schema.descriptor, sorted(attachment_types), today))]
    else:
        workers = (parallel.worker_count() if workers is None else workers) if len(found) >= PARALLEL_FROM else 1
        size = -(-len(found) // workers) if found else 0
        parts = [found[start:start + size] for start in range(0, len(found), size)] if found else []
        checked = parallel.map_forked(lambda part: [check_one(path, rel) for path, rel in part], parts)
    items: list[tuple[Disclosure, RowContext]] = []
    attached: set[str] = set()
    for part in checked:
        for item_problems, item, context, files in part:
            problems += item_problems
            attached.update(files)
            if item is not None:
                items.append((item, context))
    problems += attachmentscan.scan_attachments(root, attached)  # each file once, however many items attach it
    problems += _keys_across_catalogue(items, schema, agency_ids)
    broken = {p.path for p in problems if p.is_error}
    good = [item for item, _ in items if item.rel not in broken]
    published = sorted((i for i in good if i.published <= today), key=Disclosure.sort_key)
    embargoed = sorted((i for i in good if i.published > today), key=Disclosure.sort_key)
    return published, embargoed, problems


def _check_item(path: Path, rel: str, schema: TableSchema, root: Path, attachment_types, today: dt.date,
                known_html=None):
    """One file: (problems, the item or None when it has errors, where its keys are, the
    attachment files it names that exist)."""
    source, problems = frontmatter.read(path, rel)
    if source is None:
        return problems, None, None, []
    context = RowContext(source.rel, source.doc)
    problems += unknown_key_problems(schema, source.raw, context, FORBIDDEN_KEYS)
    problems += privacy.scan_front_matter_file(source, schema.label)
    row, row_problems = cast_row(schema, source.raw, context)
    problems += row_problems
    files: list[str] = []
    item_problems = _cross_field(row, source.raw, context, schema, root, attachment_types, today, files)
    body_found, body_html = check_body(source.rel, source.body, source.body_first_line, known=known_html)
    item_problems += body_found
    problems += item_problems
    if any(p.is_error for p in row_problems + item_problems):
        return problems, None, None, files
    # Only the positions the checks across the catalogue may report travel on (pickled).
    marks = {path: mark for path, mark in source.doc.marks.items() if not path or path[0] in CATALOGUE_KEYS}
    context = RowContext(source.rel, YamlDoc(None, marks))
    record = {key: row[key] for key in source.raw if key in row and row[key] is not None}
    item = Disclosure(
        rel=source.rel, title=row["title"], index_no=row["index_no"], agency_id=row["agency"],
        category=row["category"], genre=row["genre"], published=row["published"], body_source=source.body,
        body_first_line=source.body_first_line,
        written=row.get("written"), changed=row.get("changed"), doc_no=row.get("doc_no") or "", disclosure=row.get("disclosure") or "主动公开",
        validity=row.get("validity") or "有效", effective=row.get("effective"), expires=row.get("expires"),
        supersedes_ids=list(row.get("supersedes") or []), interprets_ids=list(row.get("interprets") or []),
        keywords=list(row.get("keywords") or []), summary=row.get("summary") or "",
        attachments=_attachments(root, row.get("attachments") or []), embargo=bool(row.get("embargo")),
        record=record,
    )
    item.__dict__["body_html"] = body_html  # rendered by the check: the build publishes exactly this
    return problems, item, context, files


def _cross_field(row, raw, context, schema, root, attachment_types, today, files: list) -> list[Problem]:
    """Checks across keys of one item; the attachment files that exist are added to `files`."""
    problems: list[Problem] = []

    def report(key, code, /, severity=None, path=(), **params):
        line, column = context.at(key, *path)
        problems.append(problem(context.rel, line, column, code, field=key, label=schema.label(key),
                                severity=severity, **params))

    published, written = row.get("published"), row.get("written")
    if published and written and written > published:
        report("written", "written-after-published", written=written, published=published)
    changed = row.get("changed")
    if changed and published and changed > published:
        report("changed", "changed-after-published", changed=changed, published=published)
    if changed and written and changed < written:
        report("changed", "changed-before-written", changed=changed, written=written)
    if published and published > today and not row.get("embargo"):
        report("published", "published-in-future", published=published, today=today)
    effective, expires = row.get("effective"), row.get("expires")
    if effective and expires and expires < effective:
        report("expires", "expires-before-effective", expires=expires, effective=effective)
    validity = row.get("validity") or "有效"
    if expires and expires <= today and validity not in INVALID_VALIDITIES:
        # A warning, not an error: the build date moves on every day and must not break a good build.
        report("expires", "expires-passed", expires=expires, validity=validity)
    doc_no = row.get("doc_no") or ""
    match = BAD_DOC_NO_YEAR.search(doc_no)
    if match:
        fixed = BAD_DOC_NO_YEAR.sub(lambda m: f"〔{m[1]}〕", doc_no)
        report("doc_no", "doc-no-brackets", doc_no=doc_no, fixed=fixed)
    for key in ("supersedes", "interprets", "keywords"):
        for index, value in enumerate(row.get(key) or []):
            if not isinstance(value, str) or not value.strip():
                report(key, "type-array-item", label_text=schema.label(key), key=key, path=(index,))
    for index, entry in enumerate(row.get("attachments") or []):
        if not isinstance(entry, dict) or not isinstance(entry.get("file"), str) or not entry.get("file"):
            report("attachments", "attachment-shape/entry", path=(index,))
            continue
        unknown = sorted(set(entry) - {"file", "title"})
        if unknown:
            report("attachments", "unknown-key/attachment", unknown=unknown[0], path=(index, unknown[0]))
        title = entry.get("title")
        if title is not None and not isinstance(title, str):
            report("attachments", "attachment-shape/title", path=(index, "title"))
        elif title:
            line, column = context.at("attachments", index, "title")
            found = plain_text_problem(context.rel, line, column, "attachments", schema.label("attachments"), title)
            if found is not None:
                problems.append(found)
        path, refused = attachments_mod.resolve(root, entry["file"], attachment_types)
        if path is None:
            line, column = context.at("attachments", index, "file")
            problems.append(reported(context.rel, line, column, refused, field="attachments",
                                     label=schema.label("attachments")))
        elif path.stat().st_size > limits.MAX_PUBLISHED_FILE_BYTES:
            size = path.stat().st_size / limits.MB
            report("attachments", "attachment-too-large", file=entry["file"], size=size,
                   limit_mb=limits.MAX_PUBLISHED_FILE_BYTES // limits.MB, path=(index, "file"))
        else:
            files.append(entry["file"])
    return problems


def _attachments(root: Path, entries) -> list:
    result = []
    for entry in entries:
        path = root / attachments_mod.ATTACHMENTS_DIR / entry["file"]
        title = entry.get("title") or Path(entry["file"]).stem
        result.append(attachments_mod.make(path, entry["file"], title))
    return result


CATALOGUE_KEYS = ("index_no", "agency", "supersedes", "interprets")


def _keys_across_catalogue(items, schema: TableSchema, agency_ids: set) -> list[Problem]:
    """Primary key, slugs and foreign keys, checked over the whole catalogue at once."""
    problems: list[Problem] = []

    def report(context, key, code, path=(), /, **params):
        line, column = context.at(key, *path)
        problems.append(problem(context.rel, line, column, code, field=key, label=schema.label(key), **params))

    by_index: dict[str, list] = {}
    by_slug: dict[str, list] = {}
    for item, context in items:
        by_index.setdefault(item.index_no, []).append((item, context))
        by_slug.setdefault(item.slug, []).append((item, context))
    for index_no, holders in sorted(by_index.items()):
        if len(holders) > 1:
            for item, context in holders:
                others = "、".join(other.rel for other, _ in holders if other is not item)
                report(context, "index_no", "duplicate-index-no", index_no=index_no, others=others)
    for slug, holders in sorted(by_slug.items()):
        if len({item.index_no for item, _ in holders}) > 1:
            for item, context in holders:
                others = "、".join(other.index_no for other, _ in holders if other is not item)
                report(context, "index_no", "duplicate-slug", index_no=item.index_no, others=others, slug=slug)
    for fk in schema.foreign_keys:
        (key,) = fk["fields"] if isinstance(fk["fields"], list) else [fk["fields"]]
        target = fk["reference"]["resource"]
        for item, context in items:
            values = {"agency": [item.agency_id], "supersedes": item.supersedes_ids, "interprets": item.interprets_ids}.get(key, [])
            for position, value in enumerate(values):
                path = (position,) if key in ("supersedes", "interprets") else ()
                if target == "agencies" and agency_ids is not None and value not in agency_ids:
                    close = closest(value, agency_ids)
                    report(context, key, "unknown-agency/item", path, value=value, hint=hint_zh(close),
                           hint_en=f" {hint_en(close)}" if close else "")
                elif target == "" and value not in by_index:
                    report(context, key, "unknown-index-no/catalogue", path, value=value)
                elif target == "" and value == item.index_no:
                    report(context, key, "self-reference", path, value=value)
    return problems
