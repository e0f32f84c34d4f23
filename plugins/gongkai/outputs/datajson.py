"""/data.json: the catalogue in the Project Open Data metadata schema v1.1 (DCAT-US), for harvesters
that read it (data.gov-style CKAN, Socrata, DKAN and many research crawlers).

The US federal fields (bureauCode, programCode …) are left out: the schema's documentation says a
non-federal publisher need not give them.
"""

from __future__ import annotations

from pathlib import Path

from ..core import addresses
from . import crosswalk
from .portal import Portal
from .published import Download
from ..core import jsonout

POD = "https://project-open-data.cio.gov/v1.1/schema"


def _organization(agency) -> dict:
    node = {"@type": "org:Organization", "name": agency.name}
    if agency.parent is not None:
        node["subOrganizationOf"] = _organization(agency.parent)
    return node


def _contact(name: str, email: str, fallback_email: str) -> dict:
    contact = {"@type": "vcard:Contact", "fn": name}
    if email or fallback_email:
        contact["hasEmail"] = f"mailto:{email or fallback_email}"
    return contact


def _distribution(portal: Portal, download: Download) -> dict:
    entry = {"@type": "dcat:Distribution", "title": download.title, "downloadURL": portal.url(download.url),
             "mediaType": crosswalk.media_type(download.format), "format": download.format}
    if download.conforms_to:
        entry["conformsTo"] = download.conforms_to
    return entry


def _dataset(portal: Portal, dataset, agency, downloads: list[Download]) -> dict:
    page = portal.url(addresses.dataset_page(dataset.name))
    contact = dataset.contact or {}
    _, access_level = crosswalk.access(dataset.open_type)
    record = {
        "@type": "dcat:Dataset",
        "title": dataset.title,
        "description": dataset.description,
        "keyword": list(dataset.keywords) or [dataset.theme],
        "modified": dataset.modified.isoformat(),
        "publisher": _organization(agency),
        "contactPoint": _contact(contact.get("name") or agency.name, contact.get("email") or agency.email,
                                 portal.operator.get("email", "")),
        "identifier": page,
        "accessLevel": access_level,
        "language": ["zh"],
        "theme": [dataset.theme],
        "landingPage": page,
        "describedBy": portal.url(addresses.datapackage_json(dataset.name)),
        "describedByType": "application/json",
        "references": [portal.url(addresses.changes_page(dataset.name)), portal.url(addresses.changes_csv(dataset.name))],
        "spatial": dataset.spatial if isinstance(dataset.spatial, str) and dataset.spatial else portal.region,
        "distribution": [_distribution(portal, download) for download in downloads],
    }
    license_url = crosswalk.license_uri(dataset.licenses[0])
    if license_url:
        record["license"] = license_url
    if dataset.created:
        record["issued"] = dataset.created.isoformat()
    _, period = crosswalk.frequency(dataset.update_frequency)
    if period:
        record["accrualPeriodicity"] = period
    temporal = dataset.temporal or {}
    if temporal.get("start") and temporal.get("end"):
        record["temporal"] = f"{temporal['start']}/{temporal['end']}"
    if not record["spatial"]:
        del record["spatial"]
    return record


def _disclosure_catalogue(site, portal: Portal, downloads: list[Download]) -> dict:
    published = sorted(item.published for item in site.items)
    page = portal.url(addresses.CATALOGUE)
    record = {
        "@type": "dcat:Dataset",
        "title": "政府信息公开目录",
        "description": f"{portal.name}全部主动公开的政府信息的目录：每条信息一行，含索引号、标题、发布机构、主题分类、体裁、"
                       "文号、成文日期、发布日期、有效性等，以及发布机构清单。",
        "keyword": ["政府信息公开", "信息公开目录", "政务公开"],
        "modified": published[-1].isoformat(),
        "issued": published[0].isoformat(),
        "publisher": {"@type": "org:Organization", "name": portal.operator_name},
        "contactPoint": _contact(portal.operator_name, portal.operator.get("email", ""), ""),
        "identifier": page,
        "accessLevel": "public",
        "language": ["zh"],
        "landingPage": page,
        "accrualPeriodicity": "irregular",
        "temporal": f"{published[0].isoformat()}/{published[-1].isoformat()}",
        "distribution": [_distribution(portal, download) for download in downloads],
    }
    license_url = crosswalk.license_uri(portal.catalogue_license)
    if license_url:
        record["license"] = license_url
    if portal.region:
        record["spatial"] = portal.region
    return record


def catalogue(site, portal: Portal, downloads: dict[str, list[Download]], catalogue_downloads: list[Download]) -> dict:
    agencies = site.agencies_by_id
    datasets = [_dataset(portal, dataset, agencies[dataset.publisher], downloads.get(dataset.name, []))
                for dataset in site.datasets]
    if site.items:
        datasets.append(_disclosure_catalogue(site, portal, catalogue_downloads))
    return {
        "@context": f"{POD}/catalog.jsonld",
        "@id": portal.url(addresses.DATA_JSON),
        "@type": "dcat:Catalog",
        "conformsTo": POD,
        "describedBy": f"{POD}/catalog.json",
        "dataset": datasets,
    }


def write(site, portal: Portal, out: Path, downloads: dict, catalogue_downloads: list) -> Path:
    path = out / addresses.DATA_JSON
    data = catalogue(site, portal, downloads, catalogue_downloads)
    path.write_text(jsonout.dumps(data) + "\n", encoding="utf-8")
    return path
