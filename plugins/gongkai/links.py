"""Links: those written in content must point at something the site publishes; every link and
asset reference in a finished build must resolve to a file in it."""

from __future__ import annotations

import re
import html
import posixpath
from pathlib import Path
from urllib.parse import unquote, urlsplit

from .outputs.addresses import harvester_files
from .problems import Problem, problem
from .routes import plan

# Markdown inline links/images and raw HTML href/src in a body.
BODY_LINK = re.compile(r"\]\(\s*<?([^)\s>]+)>?(?:\s+\"[^\"]*\")?\s*\)|(?:href|src)\s*=\s*[\"']([^\"']+)[\"']")
EXTERNAL = re.compile(r"^(?:[A-Za-z][A-Za-z0-9+.-]*:|//)")


def published_urls(site) -> set[str]:
    """Every site-relative path the build writes (pages as 'x/y/', files as 'x/y.ext')."""
    urls = {route.url for route in plan(site)}
    for item in site.items:
        urls.update(attachment.url for attachment in item.attachments)
    urls.update({"api/disclosures.json", "api/agencies.json", "api/datasets.json", "catalog/disclosures.zip",
                 "feeds/all.atom.xml", "sitemap.xml", "robots.txt"})
    urls.update(f"feeds/agencies/{agency.id}.atom.xml" for agency in site.agencies)
    urls.update(harvester_files(site))
    for dataset in site.datasets:
        base = f"datasets/{dataset.name}/"
        urls.update({base + f"{dataset.name}.zip", base + "datapackage.json"})
        for resource in dataset.resources:
            urls.update(base + download["filename"] for download in resource.downloads)
    return urls


def _normalise(url: str) -> str:
    path = unquote(urlsplit(url).path)
    return path.lstrip("/")


def check_content_links(site) -> list[Problem]:
    """Root-relative links in item and page bodies must resolve; say which line to fix."""
    known = {unquote(url) for url in published_urls(site)}
    known_pages = {url.rstrip("/") for url in known}
    problems = []
    for record in list(site.items) + list(site.pages):
        first_line = getattr(record, "body_first_line", 0)
        for match in BODY_LINK.finditer(record.body_source):
            url = match.group(1) or match.group(2)
            if EXTERNAL.match(url) or url.startswith("#"):
                continue
            start = match.start(1) if match.group(1) else match.start(2)
            line = first_line + record.body_source.count("\n", 0, start)
            column = start - (record.body_source.rfind("\n", 0, start) + 1) + 1
            if not url.startswith("/"):
                problems.append(problem(
                    record.rel, line, column, "relative-link",
                    f"链接“{url}”是相对地址，在不同页面会指向不同位置。站内链接请以“/”开头（如 /disclosures/…/），站外链接请写完整网址（https://…）。",
                    f"Link '{url}' is relative; start site links with '/' or give a full https:// address.",
                    field="body", label="正文",
                ))
                continue
            target = _normalise(url)
            if target in known or target.rstrip("/") in known_pages or target == "":
                continue
            problems.append(problem(
                record.rel, line, column, "broken-link",
                f"链接“{url}”指向的页面或文件在本站不存在。请核对网址（信息页面是 /disclosures/<索引号>/），或删除这个链接。",
                f"Link '{url}' points at nothing this site publishes.", field="body", label="正文",
            ))
    return problems


# Our templates and the sanitizer always quote attributes with double quotes, so a regular
# expression finds every reference far faster than an HTML parser over thousands of pages.
REFERENCE = re.compile(r'\s(?:href|src|action|poster|data)="([^"]*)"')


class OutputLinks:
    """The internal href/src references of every page of a build, checked against its files.
    visit() takes each file as the build's one read of it (for the manifest) goes by."""

    def __init__(self, siteurl: str = ""):
        self.siteurl = siteurl
        self.references: dict[str, list[str]] = {}

    def visit(self, rel: str, data: bytes) -> None:
        if rel.endswith(".html"):
            self.references[rel] = REFERENCE.findall(data.decode("utf-8"))

    def broken(self, files: set[str]) -> list[tuple[str, str]]:
        """(page, reference) for every internal reference that resolves to none of `files`."""
        broken = []
        checked: dict = {}
        for rel in sorted(self.references):
            folder = posixpath.dirname(rel)
            for ref in self.references[rel]:
                if ref.startswith(("#", "mailto:", "tel:", "data:")):
                    continue
                # A reference that climbs all the way to the root resolves the same from every folder
                # at that depth: check it once per depth, not once per page.
                depth = folder.count("/") + 1 if folder else 0
                climbs = len(ref) - len(ref.lstrip("./")) >= 3 * depth and ref.startswith("../" * depth)
                key = (ref, depth if climbs else folder)
                if key not in checked:
                    checked[key] = _resolves(html.unescape(ref), folder, self.siteurl, files)
                if not checked[key]:
                    broken.append((rel, ref))
        return broken


def broken_links_in_output(output: Path, siteurl: str = "") -> list[tuple[str, str]]:
    """(page, reference) for every internal href/src in a finished build that resolves to no file."""
    links = OutputLinks(siteurl)
    files = set()
    for path in sorted(output.rglob("*")):
        if path.is_file():
            rel = path.relative_to(output).as_posix()
            files.add(rel)
            if rel.endswith(".html"):
                links.visit(rel, path.read_bytes())
    return links.broken(files)


def _resolves(ref: str, folder: str, siteurl: str, files: set) -> bool:
    if siteurl and (ref == siteurl or ref.startswith(siteurl + "/")):
        ref = "/" + ref[len(siteurl):].lstrip("/")
    elif EXTERNAL.match(ref):
        return True  # another host: not ours to check offline
    path = unquote(ref.split("#", 1)[0].split("?", 1)[0])
    if path.startswith("/"):
        target = path.lstrip("/")
    else:
        target = posixpath.normpath(posixpath.join(folder, path)) if path else folder
        if target.startswith(".."):
            return False  # above the site root
        target = "" if target == "." else target
        if path.endswith("/") and target:
            target += "/"
    if target == "" or target.endswith("/"):
        return target + "index.html" in files
    return target in files or ("." not in target.rsplit("/", 1)[-1] and target + "/index.html" in files)
