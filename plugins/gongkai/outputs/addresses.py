"""Where the harvester files live (site-relative URLs, DESIGN §4), and the absolute base every
machine file is written under. Routes, the link check, the writers and the theme all ask here."""

from __future__ import annotations

import re
from urllib.parse import quote

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


def agency_dataset_feed(agency_id: str) -> str:
    return f"feeds/agencies/{agency_id}/datasets.atom.xml"


def dataset_page(name: str) -> str:
    return f"datasets/{name}/"


def dataset_file(name: str, filename: str) -> str:
    """A file of a dataset's folder, percent-encoded (a resource file may have a Chinese name)."""
    return f"datasets/{name}/{quote(filename)}"


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
