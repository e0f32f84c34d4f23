"""The one place every published address is spelled (DESIGN §4): site-relative URLs of pages and
files, and the absolute base machine files are written under. The models, routes, catalogue,
link check, writers, generator and templates (as `addresses`) all ask here, so a URL changes in
one line. Page URLs end in "/"; a value that becomes a path segment is percent-encoded."""

from __future__ import annotations

import re
from urllib.parse import quote

HOME = ""
CATALOGUE = "disclosures/"
NORMATIVE = "disclosures/normative/"
DATASETS = "datasets/"
OVERDUE_DATASETS = "datasets/overdue/"
AGENCIES = "agencies/"
SEARCH = "search/"
API_DISCLOSURES = "api/disclosures.json"
API_DATASETS = "api/datasets.json"
API_AGENCIES = "api/agencies.json"
CATALOGUE_ZIP = "catalog/disclosures.zip"
SITE_FEED = "feeds/all.atom.xml"
SITEMAP = "sitemap.xml"
ROBOTS = "robots.txt"
TIMELINESS = "timeliness/"
TIMELINESS_FILES = ("timeliness/timeliness.csv", "timeliness/late.csv", "timeliness/timeliness.json")
REPORTS = "reports/"
APPLY = "apply/"
SYSTEM = "system/"
STATUTORY = "statutory/"
AUDIT = "audit/"
CATALOG_JSONLD = "catalog.jsonld"
CATALOG_TTL = "catalog.ttl"
DATA_JSON = "data.json"
DATASET_FEED = "feeds/datasets.atom.xml"
# Where `make serve` shows a local build: machine files need absolute URLs, and a build without a
# public SITEURL writes them under this address (valid, and working while previewing).
PREVIEW_URL = "http://127.0.0.1:8000"
_ABSOLUTE = re.compile(r"^https?://[^/\s]+")


def public_base(siteurl: str, preview_url: str = PREVIEW_URL) -> str:
    """SITEURL when it is a full http(s) address, else the preview address; no trailing slash."""
    siteurl = (siteurl or "").strip()
    return siteurl.rstrip("/") if _ABSOLUTE.match(siteurl) else (preview_url or PREVIEW_URL).rstrip("/")


def absolute(base: str, url: str) -> str:
    return f"{base}/{url}"


def segment(value: str) -> str:
    """A value (often Chinese, e.g. 财政、金融、审计) as one percent-encoded path segment."""
    return quote(value, safe="")


def item_page(slug: str) -> str:
    return f"disclosures/{slug}/"


def agency_page(agency_id: str) -> str:
    return f"agencies/{agency_id}/"


def agency_feed(agency_id: str) -> str:
    return f"feeds/agencies/{agency_id}.atom.xml"


def facet_url(kind: str, key: str = "") -> str:
    """A browse page of the catalogue (disclosures/agency/, disclosures/category/财政/ ...)."""
    return f"disclosures/{kind}/" + (f"{segment(key)}/" if key else "")


def dataset_facet_url(kind: str, key: str) -> str:
    return f"datasets/{kind}/{segment(key)}/"


def report_page(year: int, agency_id: str | None = None) -> str:
    """An agency's annual report, or (agency None) the whole government's for the year."""
    return f"reports/{year}/" + (f"{agency_id}/" if agency_id else "")


def statutory_page(slug: str) -> str:
    return f"statutory/{slug}/"


def agency_dataset_feed(agency_id: str) -> str:
    return f"feeds/agencies/{agency_id}/datasets.atom.xml"


def dataset_page(name: str) -> str:
    return f"datasets/{name}/"


def dataset_file(name: str, filename: str) -> str:
    """A file of a dataset's folder, percent-encoded (a resource file may have a Chinese name)."""
    return f"datasets/{name}/{quote(filename)}"


def dataset_folder(name: str) -> str:
    """The output folder of a dataset's files (no trailing slash)."""
    return f"datasets/{name}"


def dataset_output_file(name: str, filename: str) -> str:
    """Where a dataset's file lies in the output folder (not percent-encoded)."""
    return f"{dataset_folder(name)}/{filename}"


def dataset_zip(name: str) -> str:
    return dataset_file(name, f"{name}.zip")


def datapackage_json(name: str) -> str:
    return dataset_file(name, "datapackage.json")


def changes_page(name: str) -> str:
    return f"datasets/{name}/changes/"


def changes_csv(name: str) -> str:
    return f"datasets/{name}/changes.csv"


def harvester_files(site) -> set[str]:
    """Every file these outputs add to a build (site-relative, not percent-encoded)."""
    urls = {CATALOG_JSONLD, CATALOG_TTL, DATA_JSON, DATASET_FEED}
    urls.update(agency_dataset_feed(agency.id) for agency in site.agencies)
    urls.update(changes_csv(dataset.name) for dataset in site.datasets)
    return urls
