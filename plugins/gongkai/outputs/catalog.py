"""The machine-readable catalogue: JSON API, the disclosure catalogue data package, feeds, sitemap."""

from __future__ import annotations

import copy
import csv
import datetime as dt
import io
import json
import xml.etree.ElementTree as ET
from pathlib import Path

from ..core import limits, outputfs
from ..core.archive import write_zip
from ..core.builddate import CHINA
from ..core.problems import Problem, problem
from ..core import addresses
from ..core.addresses import changes_csv, changes_page
from ..model.site import Site
from ..core import jsonout

FEED_SIZE = 50
ATOM = "http://www.w3.org/2005/Atom"


def _json_value(value):
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, list):
        return [_json_value(v) for v in value]
    if isinstance(value, dict):
        return {k: _json_value(v) for k, v in value.items()}
    return value


def dumps(data) -> str:
    return jsonout.dumps(data) + "\n"


def absolute(siteurl: str, url: str) -> str:
    return f"{siteurl}/{url}"


def disclosure_records(site: Site, siteurl: str):
    """Each item's record for api/disclosures.json, made as it is written (a generator)."""
    for item in site.items:
        record = _json_value(item.record)
        record["url"] = absolute(siteurl, item.url)
        if "attachments" in record:
            record["attachments"] = [
                {"file": a.file, "title": a.title, "url": absolute(siteurl, a.url), "bytes": a.bytes}
                for a in item.attachments
            ]
        yield record


def agency_records(site: Site, siteurl: str) -> list[dict]:
    return [dict(agency.record(), url=absolute(siteurl, agency.url)) for agency in site.agencies]


def dataset_records(site: Site, siteurl: str) -> list[dict]:
    records = []
    for dataset in site.datasets:
        record = {key: value for key, value in _json_value(dataset.descriptor).items() if key not in ("resources", "views")}
        record["url"] = absolute(siteurl, addresses.dataset_page(dataset.name))
        publisher = site.agencies_by_id.get(dataset.publisher)
        record["publisher_name"] = publisher.name if publisher else ""
        record["rows"] = dataset.row_count
        record["changes"] = {"page": absolute(siteurl, changes_page(dataset.name)),
                             "csv": absolute(siteurl, changes_csv(dataset.name))}
        record["next_due"] = dataset.next_due.isoformat() if dataset.next_due else None
        record["overdue"] = dataset.overdue
        record["downloads"] = {
            "zip": absolute(siteurl, addresses.dataset_output_file(dataset.name, f"{dataset.name}.zip")),
            "datapackage": absolute(siteurl, addresses.dataset_output_file(dataset.name, "datapackage.json")),
        }
        record["resources"] = [
            {
                "name": resource.name,
                "title": resource.title,
                "rows": resource.row_count,
                "bytes": resource.bytes,
                "hash": f"sha256:{resource.sha256}",
                "formats": {d["format"]: absolute(siteurl, addresses.dataset_output_file(dataset.name, d["filename"])) for d in resource.downloads},
            }
            for resource in dataset.resources
        ]
        records.append(record)
    return records


def write_api(site: Site, out: Path, siteurl: str) -> list[Path]:
    written = []
    for url, records in (
        (addresses.API_DISCLOSURES, disclosure_records(site, siteurl)),
        (addresses.API_AGENCIES, agency_records(site, siteurl)),
        (addresses.API_DATASETS, dataset_records(site, siteurl)),
    ):
        path = out / url
        path.parent.mkdir(parents=True, exist_ok=True)
        with outputfs.new_file(path, "w", encoding="utf-8", newline="") as handle:
            jsonout.dump_list(records, handle)
            handle.write("\n")  # as dumps()
        written.append(path)
    return written


def _csv_bytes(fields: list[str], rows: list[dict]) -> bytes:
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(fields)
    for row in rows:
        cells = []
        for name in fields:
            value = row.get(name)
            if value is None:
                cells.append("")
            elif isinstance(value, (list, dict)):
                cells.append(json.dumps(_json_value(value), ensure_ascii=False, sort_keys=True))
            elif isinstance(value, bool):
                cells.append("true" if value else "false")
            else:
                cells.append(str(_json_value(value)))
        writer.writerow(cells)
    return buffer.getvalue().encode("utf-8")


def catalogue_package(site: Site, siteurl: str, license: dict | None = None) -> dict:
    """disclosures.csv + agencies.csv + datapackage.json carrying the same Table Schemas; the
    schema's defaults (公开属性 主动公开, 有效性 有效) are written out where an item leaves them out."""
    disclosure_schema = copy.deepcopy(site.disclosure_schema.descriptor)
    # Frictionless compares a foreign key cell as a whole: list-valued keys are checked by our
    # validator instead, and only the scalar ones stay in the published schema.
    list_fields = {f.name for f in site.disclosure_schema.fields if f.type == "array"}
    disclosure_schema["foreignKeys"] = [fk for fk in disclosure_schema.get("foreignKeys", [])
                                        if not set(fk["fields"]) & list_fields]
    disclosure_schema["fields"].append({"name": "url", "title": "网址", "type": "string"})
    fields = [f["name"] for f in disclosure_schema["fields"]]
    defaults = {f.name: f.default for f in site.disclosure_schema.fields if f.default not in (None, "")}

    def rows():  # made as the CSV is written
        for item in site.items:
            row = dict(defaults, **{key: value for key, value in item.record.items() if value not in (None, "")})
            row["attachments"] = [{"file": a.file, "title": a.title} for a in item.attachments] or None
            row["url"] = absolute(siteurl, item.url)
            yield row
    agency_fields = [f.name for f in site.agency_schema.fields]
    descriptor = {
        "name": "disclosure-catalogue",
        "title": "政府信息公开目录",
        "description": "本站全部主动公开信息的目录（每条一行）及发布机构清单。",
        "resources": [
            {"name": "disclosures", "path": "disclosures.csv", "profile": "tabular-data-resource", "format": "csv",
             "mediatype": "text/csv", "encoding": "utf-8", "schema": disclosure_schema},
            {"name": "agencies", "path": "agencies.csv", "profile": "tabular-data-resource", "format": "csv",
             "mediatype": "text/csv", "encoding": "utf-8", "schema": copy.deepcopy(site.agency_schema.descriptor)},
        ],
    }
    files = {
        "disclosures.csv": _csv_bytes(fields, rows()),
        "agencies.csv": _csv_bytes(agency_fields, [agency.record() for agency in site.agencies]),
    }
    if license:
        descriptor["licenses"] = [dict(license)]
    return {"datapackage.json": dumps(descriptor).encode("utf-8"), **files}


def write_catalogue(site: Site, out: Path, siteurl: str, license: dict | None = None) -> Path:
    path = out / addresses.CATALOGUE_ZIP
    write_zip(path, catalogue_package(site, siteurl, license), site.epoch)
    return path


# --- feeds and sitemap ------------------------------------------------------------------------

def _stamp(day: dt.date) -> str:
    return dt.datetime(day.year, day.month, day.day, tzinfo=CHINA).isoformat()


def atom_feed(site: Site, items: list, title: str, feed_url: str, siteurl: str) -> bytes:
    ET.register_namespace("", ATOM)
    feed = ET.Element(f"{{{ATOM}}}feed")
    ET.SubElement(feed, f"{{{ATOM}}}title").text = title
    ET.SubElement(feed, f"{{{ATOM}}}id").text = absolute(siteurl, feed_url)
    ET.SubElement(feed, f"{{{ATOM}}}link", href=absolute(siteurl, feed_url), rel="self")
    ET.SubElement(feed, f"{{{ATOM}}}link", href=absolute(siteurl, ""), rel="alternate")
    newest = items[0].published if items else site.today
    ET.SubElement(feed, f"{{{ATOM}}}updated").text = _stamp(newest)
    for item in items[:FEED_SIZE]:
        entry = ET.SubElement(feed, f"{{{ATOM}}}entry")
        ET.SubElement(entry, f"{{{ATOM}}}title").text = item.title
        ET.SubElement(entry, f"{{{ATOM}}}id").text = absolute(siteurl, item.url)
        ET.SubElement(entry, f"{{{ATOM}}}link", href=absolute(siteurl, item.url), rel="alternate")
        ET.SubElement(entry, f"{{{ATOM}}}published").text = _stamp(item.published)
        ET.SubElement(entry, f"{{{ATOM}}}updated").text = _stamp(item.published)
        author = ET.SubElement(entry, f"{{{ATOM}}}author")
        ET.SubElement(author, f"{{{ATOM}}}name").text = item.agency.name
        ET.SubElement(entry, f"{{{ATOM}}}category", term=item.category)
        summary = ET.SubElement(entry, f"{{{ATOM}}}summary", type="text")
        summary.text = item.summary or item.title
    ET.indent(feed)
    return ET.tostring(feed, encoding="utf-8", xml_declaration=True) + b"\n"


def write_feeds(site: Site, out: Path, siteurl: str, sitename: str) -> list[Path]:
    written = []
    targets = [(addresses.SITE_FEED, f"{sitename}：最新公开信息", site.items)]
    for agency in site.agencies:
        targets.append((addresses.agency_feed(agency.id), f"{agency.name}：最新公开信息", agency.items))
    for url, title, items in targets:
        path = out / url
        path.parent.mkdir(parents=True, exist_ok=True)
        outputfs.write_bytes(path, atom_feed(site, items, title, url, siteurl))
        written.append(path)
    return written


def write_sitemap(routes, site: Site, out: Path, siteurl: str) -> Path:
    namespace = "http://www.sitemaps.org/schemas/sitemap/0.9"
    ET.register_namespace("", namespace)
    urlset = ET.Element(f"{{{namespace}}}urlset")
    for route in sorted(routes, key=lambda r: r.url):
        node = ET.SubElement(urlset, f"{{{namespace}}}url")
        ET.SubElement(node, f"{{{namespace}}}loc").text = absolute(siteurl, route.url)
        item = route.context.get("item")
        if item is not None:
            ET.SubElement(node, f"{{{namespace}}}lastmod").text = item.published.isoformat()
    ET.indent(urlset)
    path = out / addresses.SITEMAP
    outputfs.write_bytes(path, ET.tostring(urlset, encoding="utf-8", xml_declaration=True) + b"\n")
    robots = out / addresses.ROBOTS
    outputfs.write_text(robots, f"User-agent: *\nAllow: /\nSitemap: {absolute(siteurl, 'sitemap.xml')}\n")
    return path


# The check does not know the SITEURL a site will publish under, which every URL of the catalogue
# carries: it measures the catalogue under an address this long (longer than any real one).
MEASURED_SITEURL = "https://" + "x" * 192


class _Measure:
    """A text file that only counts the UTF-8 bytes written to it."""

    def __init__(self):
        self.bytes = 0

    def write(self, text: str) -> None:
        self.bytes += len(text.encode("utf-8"))


def catalogue_problems(site) -> list[Problem]:
    """api/disclosures.json lists every published item (the catalogue zip's CSV holds the same, in
    less room): measured as written under a 200-character SITEURL. (A fixed reserve per item
    refused a real 100,000-item catalogue of 63 MB as 114 MB.)"""
    size = _Measure()
    jsonout.dump_list(disclosure_records(site, MEASURED_SITEURL), size)
    size = size.bytes + 1  # and dumps()'s last newline
    if size <= limits.MAX_PUBLISHED_FILE_BYTES:
        return []
    largest = max(site.items, key=lambda item: len(json.dumps(item.record, ensure_ascii=False, default=str)))
    return [problem(
        largest.rel, 1, 1, "catalogue-too-large", n_items=len(site.items), size_mb=size / limits.MB, limit_mb=limits.MAX_PUBLISHED_FILE_BYTES // limits.MB, size=size, MAX_PUBLISHED_FILE_BYTES=limits.MAX_PUBLISHED_FILE_BYTES)]
