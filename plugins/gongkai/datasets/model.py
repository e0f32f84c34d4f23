"""The dataset model: what a checked data package becomes (Dataset ⊃ Resource ⊃ Field, and its View charts).

A resource's fields are core.schema.Field, the one Table Schema field of the package."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from . import charts
from ..core import addresses
from ..core.schema import Field
from ..core.urls import tel_href


@dataclass
class Resource:
    name: str
    title: str
    description: str
    path: str  # package-relative, e.g. data/calls.csv
    filename: str
    source_path: Path
    encoding: str
    bytes: int
    sha256: str
    row_count: int
    fields: list[Field]
    preview_header: list[str]
    preview_rows: list[list[str]]
    downloads: list[dict]
    schema: dict = field(default_factory=dict)  # the typed Table Schema descriptor
    dialect: dict | None = None
    transcode: bool = False  # the published CSV is re-encoded from the source
    download_notes: list[str] = field(default_factory=list)  # why a format is missing or cut (downloadsizes)


@dataclass
class View:
    name: str
    title: str
    description: str
    resource: str
    spec: dict  # the full Vega-Lite spec, data included
    chart_id: str
    where: tuple = ("", 0, 0)  # (file, line, column) of the spec, for problems found while drawing

    @cached_property
    def svg(self) -> str:
        """Filled by reuse.Drawing (worker processes, under the chart budget) in the check and the
        build; drawn here, in this process, only when a view is used outside them (tests)."""
        return charts.to_svg(self.spec, chart_id=self.chart_id, title=self.title, description=self.description)


@dataclass
class Dataset:
    name: str
    title: str
    description: str
    readme_html: str
    publisher: str
    theme: str
    keywords: list[str]
    licenses: list[dict]
    open_type: str
    update_frequency: str
    update_frequency_label: str
    modified: datetime.date
    next_due: datetime.date | None
    overdue: bool
    days_overdue: int
    temporal: dict | None
    spatial: object
    contact: dict | None
    created: object
    sources: list
    source_dir: Path
    rel_dir: str
    descriptor: dict
    resources: list[Resource]
    views: list[View]
    site_links: list = field(default_factory=list)  # (file, line, column, field, /path) given in the descriptor
    readme_source: str = ""  # README.md as written (its links are checked like item bodies)
    privacy_removed: list[str] = field(default_factory=list)  # commits that removed rows for privacy (更新记录)

    @property
    def url(self) -> str:
        return addresses.dataset_page(self.name)

    @property
    def zip_url(self) -> str:
        return addresses.dataset_zip(self.name)

    @property
    def datapackage_url(self) -> str:
        return addresses.datapackage_json(self.name)

    @property
    def contact_phone_href(self) -> str | None:
        """tel: address of the contact's phone (None when there is none or it is not one plain number)."""
        return tel_href((self.contact or {}).get("phone"))

    @property
    def readme_rel(self) -> str:
        return f"{self.rel_dir}/README.md"

    @property
    def row_count(self) -> int:
        return sum(resource.row_count for resource in self.resources)

    @property
    def formats(self) -> list[str]:
        """The download formats offered, in the order the page lists them."""
        return list(dict.fromkeys(d["format"] for resource in self.resources for d in resource.downloads))
