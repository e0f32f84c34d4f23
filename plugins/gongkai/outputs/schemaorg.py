"""schema.org JSON-LD for the pages: a Dataset on every dataset page (what dataset search engines
read: name, description, license, distribution …), and a Legislation (规章, 行政规范性文件) or an
Article (everything else) on every disclosure item page.

The result is a finished string for a <script type="application/ld+json"> element: "<", ">" and
"&" are escaped as JSON \\u escapes, so no text from content can close the script element.
"""

from __future__ import annotations

import json

from ..core import addresses
from . import crosswalk
from .portal import Portal

CONTEXT = "https://schema.org"
IN_FORCE = "https://schema.org/InForce"
NOT_IN_FORCE = "https://schema.org/NotInForce"


def script_json(data: dict) -> str:
    text = json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def _organization(portal: Portal, agency) -> dict:
    return {"@type": "GovernmentOrganization", "name": agency.name, "url": portal.url(agency.url)}


def dataset(portal: Portal, dataset, agency, contact_email: str = "") -> dict:
    page = portal.url(addresses.dataset_page(dataset.name))
    license = dataset.licenses[0]
    data = {
        "@context": CONTEXT,
        "@type": "Dataset",
        "@id": f"{page}#dataset",
        "name": dataset.title,
        "description": dataset.description,
        "url": page,
        "identifier": page,
        "inLanguage": "zh-CN",
        "isAccessibleForFree": True,
        "license": crosswalk.license_uri(license) or license.get("title") or license.get("name"),
        "creator": _organization(portal, agency),
        "publisher": _organization(portal, agency),
        "dateModified": dataset.modified.isoformat(),
        "spatialCoverage": {"@type": "Place",
                            "name": dataset.spatial if isinstance(dataset.spatial, str) and dataset.spatial
                            else portal.region},
        "includedInDataCatalog": {"@type": "DataCatalog", "name": portal.name, "url": portal.url(addresses.DATASETS)},
        "distribution": [
            {"@type": "DataDownload", "name": f"{resource.title}（{download['format']}）",
             "contentUrl": portal.url(addresses.dataset_file(dataset.name, download["filename"])),
             "encodingFormat": crosswalk.media_type(download["format"])}
            for resource in dataset.resources for download in resource.downloads
        ] + [{"@type": "DataDownload", "name": "完整数据包（ZIP）",
              "contentUrl": portal.url(addresses.dataset_zip(dataset.name)),
              "encodingFormat": crosswalk.media_type("ZIP")}],
        "variableMeasured": [field.title for resource in dataset.resources for field in resource.fields],
        "subjectOf": {"@type": "WebPage", "name": f"{dataset.title}：更新记录",
                      "url": portal.url(addresses.changes_page(dataset.name))},
    }
    if dataset.keywords:
        data["keywords"] = list(dataset.keywords)
    if dataset.created:
        data["datePublished"] = dataset.created.isoformat()
    temporal = dataset.temporal or {}
    if temporal.get("start") or temporal.get("end"):
        data["temporalCoverage"] = f"{temporal.get('start', '..')}/{temporal.get('end', '..')}"
    if not data["spatialCoverage"]["name"]:
        del data["spatialCoverage"]
    return data


def item(portal: Portal, item) -> dict:
    """A disclosure item: Legislation for regulations and normative documents, else an Article."""
    page = portal.url(item.url)
    agency = _organization(portal, item.agency)
    data = {
        "@context": CONTEXT,
        "@id": f"{page}#item",
        "name": item.title,
        "headline": item.title,
        "url": page,
        "identifier": item.index_no,
        "inLanguage": "zh-CN",
        "datePublished": item.published.isoformat(),
        "publisher": agency,
        "author": agency,
        "genre": item.genre,
        "about": item.category,
    }
    if item.written:
        data["dateCreated"] = item.written.isoformat()
    if item.summary:
        data["abstract"] = item.summary
    if item.keywords:
        data["keywords"] = list(item.keywords)
    if item.is_normative:
        data["@type"] = "Legislation"
        data["legislationType"] = item.genre
        data["legislationLegalForce"] = IN_FORCE if item.is_in_force else NOT_IN_FORCE
        if item.doc_no:
            data["legislationIdentifier"] = item.doc_no
        if item.written:
            data["legislationDate"] = item.written.isoformat()
        if portal.region:
            data["legislationJurisdiction"] = portal.region
        if item.expires:
            data["expires"] = item.expires.isoformat()
        if item.supersedes:
            data["legislationChanges"] = [{"@id": f"{portal.url(old.url)}#item"} for old in item.supersedes]
    else:
        data["@type"] = "Article"
    if item.interprets:
        data["isBasedOn"] = [{"@id": f"{portal.url(target.url)}#item", "name": target.title} for target in item.interprets]
    return data
