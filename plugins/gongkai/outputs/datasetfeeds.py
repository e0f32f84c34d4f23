"""Atom feeds of dataset updates: site-wide (/feeds/datasets.atom.xml) and per publishing agency
(/feeds/agencies/<id>/datasets.atom.xml).

An entry is one commit that changed a dataset's data, saying what changed (rows added, removed or
changed, a new resource) and linking the changes page and the files as now published. A dataset
whose history cannot be read gets one entry for its `modified` date instead.
"""

from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from pathlib import Path

from ..core.builddate import CHINA
from ..history.change import FIRST
from ..history.page import anchor
from ..core import addresses
from . import crosswalk
from .portal import Portal

ATOM = "http://www.w3.org/2005/Atom"
FEED_SIZE = 50


@dataclass
class Entry:
    id: str
    title: str
    updated: dt.datetime
    link: str
    summary: str
    author: str
    category: str
    files: list[tuple[str, str, str]] = field(default_factory=list)  # (url, media type, title)


def _files(portal: Portal, dataset, resource_names: set[str] | None = None) -> list[tuple[str, str, str]]:
    files = []
    for resource in dataset.resources:
        if resource_names is None or resource.name in resource_names:
            for download in resource.downloads:
                files.append((portal.url(addresses.dataset_file(dataset.name, download["filename"])),
                              crosswalk.media_type(download["format"]), f"{resource.title}（{download['format']}）"))
    return files


def dataset_entries(portal: Portal, dataset, agency, history) -> list[Entry]:
    changes = portal.url(addresses.changes_page(dataset.name))
    if not history.available or not history.revisions:
        day = dt.datetime(dataset.modified.year, dataset.modified.month, dataset.modified.day, tzinfo=CHINA)
        return [Entry(id=f"{portal.url(addresses.dataset_page(dataset.name))}#modified-{dataset.modified.isoformat()}",
                      title=f"{dataset.title}：数据更新至 {dataset.modified.isoformat()}", updated=day,
                      link=portal.url(addresses.dataset_page(dataset.name)),
                      summary=f"数据更新至 {dataset.modified.isoformat()}，共 {dataset.row_count} 行。"
                              "（构建时读不到版本历史，没有逐行的变动说明。）",
                      author=agency.name, category=dataset.theme, files=_files(portal, dataset))]
    entries = []
    oldest = history.revisions[-1].commit
    for revision in history.revisions:
        if revision.commit == oldest and not history.shallow:
            what = "首次发布"
        else:
            new = [part.title for part in revision.resources if part.diff.status == FIRST]
            what = f"新增数据资源“{'”“'.join(new)}”" if new else "数据更新"
        lines = [f"数据资源“{part.title}”：{part.summary}" for part in revision.resources]
        lines.append(f"提交说明：{revision.subject}" if revision.subject else "")
        entries.append(Entry(
            id=f"{changes}#{anchor(revision.commit)}", title=f"{dataset.title}：{what}（{revision.date.isoformat()}）",
            updated=dt.datetime.fromtimestamp(revision.timestamp, CHINA), link=f"{changes}#{anchor(revision.commit)}",
            summary="\n".join(line for line in lines if line), author=agency.name, category=dataset.theme,
            files=_files(portal, dataset, {part.resource for part in revision.resources})))
    return entries


def feed(portal: Portal, title: str, feed_url: str, entries: list[Entry], today: dt.date) -> bytes:
    ET.register_namespace("", ATOM)
    root = ET.Element(f"{{{ATOM}}}feed")
    ET.SubElement(root, f"{{{ATOM}}}title").text = title
    ET.SubElement(root, f"{{{ATOM}}}id").text = portal.url(feed_url)
    ET.SubElement(root, f"{{{ATOM}}}link", href=portal.url(feed_url), rel="self", type="application/atom+xml")
    ET.SubElement(root, f"{{{ATOM}}}link", href=portal.url(addresses.DATASETS), rel="alternate", type="text/html")
    ordered = sorted(entries, key=lambda e: (e.updated, e.id), reverse=True)[:FEED_SIZE]
    updated = ordered[0].updated if ordered else dt.datetime(today.year, today.month, today.day, tzinfo=CHINA)
    ET.SubElement(root, f"{{{ATOM}}}updated").text = updated.isoformat()
    author = ET.SubElement(root, f"{{{ATOM}}}author")
    ET.SubElement(author, f"{{{ATOM}}}name").text = portal.operator_name
    for entry in ordered:
        node = ET.SubElement(root, f"{{{ATOM}}}entry")
        ET.SubElement(node, f"{{{ATOM}}}title").text = entry.title
        ET.SubElement(node, f"{{{ATOM}}}id").text = entry.id
        ET.SubElement(node, f"{{{ATOM}}}link", href=entry.link, rel="alternate", type="text/html")
        for url, media_type, label in entry.files:
            ET.SubElement(node, f"{{{ATOM}}}link", href=url, rel="related", type=media_type, title=label)
        ET.SubElement(node, f"{{{ATOM}}}updated").text = entry.updated.isoformat()
        who = ET.SubElement(node, f"{{{ATOM}}}author")
        ET.SubElement(who, f"{{{ATOM}}}name").text = entry.author
        ET.SubElement(node, f"{{{ATOM}}}category", term=entry.category)
        ET.SubElement(node, f"{{{ATOM}}}summary", type="text").text = entry.summary
    ET.indent(root)
    return ET.tostring(root, encoding="utf-8", xml_declaration=True) + b"\n"


def write(site, portal: Portal, out: Path, histories: dict) -> list[Path]:
    agencies = site.agencies_by_id
    by_dataset = {dataset.name: dataset_entries(portal, dataset, agencies[dataset.publisher], histories[dataset.name])
                  for dataset in site.datasets}
    targets = [(addresses.DATASET_FEED, f"{portal.name}：数据集更新", [e for d in site.datasets for e in by_dataset[d.name]])]
    for agency in site.agencies:
        targets.append((addresses.agency_dataset_feed(agency.id), f"{agency.name}：数据集更新",
                        [e for d in agency.datasets for e in by_dataset[d.name]]))
    written = []
    for url, title, entries in targets:
        path = out / url
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(feed(portal, title, url, entries, site.today))
        written.append(path)
    return written
