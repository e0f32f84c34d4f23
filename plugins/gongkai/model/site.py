"""The whole site as one model: load every source, validate it together, link the records."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from ..core import sourcefs
from .agency import NOT_CHECKED, Agency, load_agencies
from ..core.builddate import build_date
from ..datasets.dataset import load_datasets
from ..tabular.downloadsizes import catalogue_problems
from .disclosure import Disclosure, load_disclosures
from .page import Page, load_pages
from ..core.problems import Problem, sort_problems
from ..core.schema import TableSchema, load_schema
from ..core.urls import facet_url
from .vocabularies import Vocabularies, load_vocabularies

DISCLOSURE_SCHEMA = "schemas/disclosure.schema.yaml"
AGENCY_SCHEMA = "schemas/agency.schema.yaml"
RELATED_LIMIT = 5


@dataclass
class Facet:
    """One browse value (an agency, category, genre or year) with its items."""

    kind: str  # agency, category, genre or year
    key: str  # the value as written (an agency id, a category, a genre, a year)
    title: str
    items: list = field(default_factory=list)

    @property
    def url(self) -> str:
        return facet_url(self.kind, self.key)

    @property
    def count(self) -> int:
        return len(self.items)


@dataclass
class Site:
    root: Path
    epoch: int
    today: dt.date
    vocabularies: Vocabularies
    disclosure_schema: TableSchema
    agency_schema: TableSchema
    agencies: list
    items: list  # published disclosures, newest first
    embargoed: list
    datasets: list
    pages: list
    transparency: object = None  # the 政府信息公开 structure (transparency/): reports, timeliness, audit

    @property
    def contact_agency(self):
        """The office whose contact data the footer, the guide and 依申请公开 show (agencies.yaml)."""
        marked = [agency for agency in self.agencies if agency.site_contact]
        roots = [agency for agency in self.agencies if not agency.parent_id]
        return (marked or roots or self.agencies or [None])[0]

    @property
    def agencies_by_id(self) -> dict:
        return {agency.id: agency for agency in self.agencies}

    @property
    def items_by_index(self) -> dict:
        return {item.index_no: item for item in self.items}

    def facets(self, kind: str) -> list[Facet]:
        """Browse lists: by agency, category, genre or year, each sorted and counted."""
        if kind == "agency":
            groups = {a.id: Facet(kind, a.id, a.name) for a in self.agencies}
            for item in self.items:
                if item.agency_id in groups:  # always, unless agencies.yaml failed (then nothing is built)
                    groups[item.agency_id].items.append(item)
            return [f for f in groups.values() if f.items]
        if kind == "year":
            years = sorted({item.year for item in self.items}, reverse=True)
            return [Facet(kind, str(y), f"{y}年", [i for i in self.items if i.year == y]) for y in years]
        attribute = {"category": "category", "genre": "genre"}[kind]
        enum = self.disclosure_schema.by_name[attribute].constraints.get("enum", [])
        order = {value: position for position, value in enumerate(enum)}
        groups: dict[str, Facet] = {}
        for item in self.items:
            value = getattr(item, attribute)
            groups.setdefault(value, Facet(kind, value, value)).items.append(item)
        return sorted(groups.values(), key=lambda f: (order.get(f.title, len(order)), f.title))

    @property
    def normative_in_force(self) -> list:
        """现行有效规范性文件: valid 规章 and 行政规范性文件."""
        return [item for item in self.items if item.is_normative and item.is_in_force]

    @property
    def overdue_datasets(self) -> list:
        return sorted((d for d in self.datasets if d.overdue), key=lambda d: (-d.days_overdue, d.name))

    def key_figures(self) -> dict:
        this_year = self.today.year
        return {
            "items": len(self.items),
            "items_this_year": sum(1 for item in self.items if item.year == this_year),
            "agencies": len(self.agencies),
            "datasets": len(self.datasets),
            "overdue": len(self.overdue_datasets),
            "normative": len(self.normative_in_force),
            "genres": Counter(item.genre for item in self.items),
        }


def load_site(root: Path, epoch: int, on_datasets=None, known_html=None, reuse=None,
              workers: int | None = None) -> tuple[Site | None, list[Problem]]:
    """Load and check everything. on_datasets(datasets), if given, is called as soon as the
    datasets are loaded, before the (many) disclosure items: the build starts drawing charts then.
    known_html(body), if given, returns the HTML of a Markdown body rendered by an earlier build.
    reuse: the web editor's cache of per-file results (editor/reuse.py); None checks every file.
    workers: how many processes read the items (None: every core; 1: this one).
    The links content writes are checked above the model (gongkai.check.check_site)."""
    root = Path(root).resolve()
    today = build_date(epoch)
    problems: list[Problem] = sourcefs.link_problems(root)  # every link in the sources is refused
    vocabularies, found = load_vocabularies(root)
    problems += found
    disclosure_schema, found = load_schema(root, DISCLOSURE_SCHEMA, vocabularies)
    problems += found
    agency_schema, found = load_schema(root, AGENCY_SCHEMA, vocabularies)
    problems += found
    if disclosure_schema is None or agency_schema is None:
        return None, sort_problems(problems)
    agencies, found = load_agencies(root, agency_schema)
    problems += found
    agency_ids = {agency.id for agency in agencies}
    if any(p.code == NOT_CHECKED for p in found):
        agency_ids = None  # an entry could not be read: its items' agencies are not checked (said once)
    dataset_vocabularies = {
        "category": disclosure_schema.by_name["category"].constraints.get("enum", []),
        "update_frequency": [f.value for f in vocabularies.update_frequencies],
        "open_type": vocabularies.open_types,
    }
    datasets, found = load_datasets(root, agency_ids, dataset_vocabularies, today, reuse=reuse)
    problems += found
    if on_datasets is not None:
        on_datasets(datasets)
    items, embargoed, found = load_disclosures(root, disclosure_schema, agency_ids, vocabularies.attachment_types,
                                               today, known_html, reuse=reuse, workers=workers)
    problems += found

    pages, found = load_pages(root, known_html)
    problems += found
    site = Site(root, epoch, today, vocabularies, disclosure_schema, agency_schema, agencies, items, embargoed,
                sorted(datasets, key=lambda d: d.name), pages)
    _link(site)
    from ..transparency import load_transparency

    site.transparency, found = load_transparency(root, site)
    problems += found
    if site.items and agency_ids is not None:
        problems += catalogue_problems(site)  # the one published file that grows with the item count
    return site, sort_problems(problems)


def _link(site: Site) -> None:
    """Cross references among published records only (an embargoed item is not linked yet)."""
    by_index = site.items_by_index
    by_agency = site.agencies_by_id
    for item in site.items:
        item.agency = by_agency.get(item.agency_id)  # None only when agencies.yaml failed: no build then
        if item.agency is not None:
            item.agency.items.append(item)
        item.supersedes = [by_index[i] for i in item.supersedes_ids if i in by_index]
        item.interprets = [by_index[i] for i in item.interprets_ids if i in by_index]
        item.superseded_by, item.interpreted_by, item.related = [], [], []
    for item in site.items:
        for old in item.supersedes:
            old.superseded_by.append(item)
        for target in item.interprets:
            target.interpreted_by.append(item)
    groups: dict[tuple, list] = {}
    for item in site.items:  # already newest first
        groups.setdefault((item.agency_id, item.category), []).append(item)
    for item in site.items:
        peers = groups[(item.agency_id, item.category)]
        item.related = [peer for peer in peers if peer is not item][:RELATED_LIMIT]
    for dataset in site.datasets:
        agency = by_agency.get(dataset.publisher)
        if agency is not None:
            agency.datasets.append(dataset)
    for agency in site.agencies:
        agency.datasets.sort(key=lambda d: d.name)
