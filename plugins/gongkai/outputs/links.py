"""Links: those written in content must point at something the site publishes; every link and
asset reference in a finished build must resolve to a file in it."""

from __future__ import annotations

import re
import html
import posixpath
from urllib.parse import unquote, urlsplit

from ..core import addresses
from ..core.addresses import harvester_files
from ..core.problems import Problem, problem
from .routes import plan
from ..core.urls import as_browser_reads

# Markdown inline links/images, and href/src in raw HTML tags, quoted or not (<img src=x> is
# kept by the sanitizer as <img src="x">, so the check must see it as the build will).
BODY_LINK = re.compile(r"\]\(\s*<?([^)\s>]+)>?(?:\s+\"[^\"]*\")?\s*\)")
HTML_TAG = re.compile(r"<\s*[A-Za-z][^>]*>")
HTML_LINK = re.compile(r"\s(?:href|src)\s*=\s*(?:\"([^\"]+)\"|'([^']+)'|([^\s>\"']+))", re.IGNORECASE)
EXTERNAL = re.compile(r"^(?:[A-Za-z][A-Za-z0-9+.-]*:|//)")

# What makes a page load something when it is shown (not when a reader clicks): images and other
# embedded media, written in Markdown (inline or by reference) or raw HTML, and CSS url().
INLINE_IMAGE = re.compile(r"!\[(?:[^\]\\]|\\.)*\]\(\s*<?([^)\s>]*)")
REFERENCE_IMAGE = re.compile(r"!\[((?:[^\]\\]|\\.)*)\](?:\[((?:[^\]\\]|\\.)*)\])?")
REFERENCE_DEFINITION = re.compile(r"^ {0,3}\[((?:[^\]\\]|\\.)+)\]:[ \t]*<?([^\s>]+)", re.MULTILINE)
EMBED_TAG = re.compile(r"<\s*(img|image|iframe|frame|audio|video|source|track|object|embed|picture|input|link|script|svg|use)\b[^>]*>",
                       re.IGNORECASE)
EMBED_ATTRIBUTE = re.compile(r"(?:^|\s)(src|srcset|data|poster|background|href|xlink:href|codebase|archive)\s*=\s*"
                             r"(?:\"([^\"]*)\"|'([^']*)'|([^\s>]+))", re.IGNORECASE)
CSS_URL = re.compile(r"url\s*\(\s*['\"]?([^'\")\s]*)", re.IGNORECASE)


def embedded_addresses(source: str) -> list[tuple[int, str]]:
    """(offset, address) of everything `source` (Markdown with HTML) would load when shown."""
    found = [(m.start(1), m.group(1)) for m in INLINE_IMAGE.finditer(source)]
    definitions = {_label(m.group(1)): (m.start(2), m.group(2)) for m in REFERENCE_DEFINITION.finditer(source)}
    for match in REFERENCE_IMAGE.finditer(source):
        if source[match.end():match.end() + 1] == "(":
            continue  # an inline image, found above
        label = _label(match.group(2) or match.group(1))
        if label in definitions:
            found.append(definitions[label])
    for tag in EMBED_TAG.finditer(source):
        for attribute in EMBED_ATTRIBUTE.finditer(tag.group(0)):
            value = next(v for v in attribute.group(2, 3, 4) if v is not None)
            start = tag.start() + attribute.start()
            urls = [part.strip().split()[0] for part in value.split(",") if part.strip()] \
                if attribute.group(1).lower() == "srcset" else [value]
            found += [(start, url) for url in urls]
    found += [(m.start(1), m.group(1)) for m in CSS_URL.finditer(source)]
    return sorted(found)


def _link_addresses(source: str) -> list[tuple[int, str]]:
    """(offset, address) of every link and image a body renders to: Markdown inline and reference
    definitions, and href/src in HTML tags."""
    found = [(m.start(1), m.group(1)) for m in BODY_LINK.finditer(source)]
    found += [(m.start(2), m.group(2)) for m in REFERENCE_DEFINITION.finditer(source)]
    for tag in HTML_TAG.finditer(source):
        for attribute in HTML_LINK.finditer(tag.group(0)):
            group = next(i for i in (1, 2, 3) if attribute.group(i) is not None)
            found.append((tag.start() + attribute.start(group), attribute.group(group)))
    return sorted(found)


def _label(text: str) -> str:
    return " ".join(text.split()).casefold()


def is_outside(address: str) -> bool:
    """True when the address is on another host or inline data (any scheme, or //host)."""
    read = as_browser_reads(address)
    return bool(EXTERNAL.match(read)) or read.startswith(("\\", "/\\"))


def published_urls(site) -> set[str]:
    """Every site-relative path the build writes (pages as 'x/y/', files as 'x/y.ext')."""
    urls = {route.url for route in plan(site)}
    for item in site.items:
        urls.update(attachment.url for attachment in item.attachments)
    urls.update({addresses.API_DISCLOSURES, addresses.API_AGENCIES, addresses.API_DATASETS, addresses.CATALOGUE_ZIP,
                 addresses.SITE_FEED, addresses.SITEMAP, addresses.ROBOTS})
    urls.update(addresses.agency_feed(agency.id) for agency in site.agencies)
    urls.update(harvester_files(site))
    for dataset in site.datasets:
        urls.update(addresses.dataset_output_file(dataset.name, filename)
                    for filename in (f"{dataset.name}.zip", "datapackage.json"))
        for resource in dataset.resources:
            urls.update(addresses.dataset_output_file(dataset.name, download["filename"]) for download in resource.downloads)
    from .transparencypages import published_files

    urls.update(published_files(site))
    return urls


def _normalise(url: str) -> str:
    path = unquote(urlsplit(url).path)
    return path.lstrip("/")


def _position(source: str, first_line: int, offset: int) -> tuple[int, int]:
    line = first_line + source.count("\n", 0, offset)
    column = offset - (source.rfind("\n", 0, offset) + 1) + 1
    return line, column


def _markdown_sources(site) -> list[tuple[str, int, str]]:
    """(file, first line, Markdown) of every item body, page body and dataset README."""
    sources = [(record.rel, getattr(record, "body_first_line", 0) or 1, record.body_source)
               for record in list(site.items) + list(site.pages)]
    sources += [(dataset.readme_rel, 1, dataset.readme_source) for dataset in site.datasets if dataset.readme_source]
    from .transparencypages import markdown_sources

    return sources + markdown_sources(site)


def check_content_links(site) -> list[Problem]:
    """Links in item bodies, pages and READMEs (and site paths in descriptors) must resolve;
    nothing embedded may load from another host. Say which line to fix."""
    known = {unquote(url) for url in published_urls(site)}
    known_pages = {url.rstrip("/") for url in known}
    problems = []

    def site_path(rel, line, column, field, label, url) -> None:
        target = _normalise(url)
        if target in known or target.rstrip("/") in known_pages or target == "":
            return
        problems.append(problem(
            rel, line, column, "broken-link", url=url, field=field, label=label,
        ))

    for rel, first_line, source in _markdown_sources(site):
        for offset, url in embedded_addresses(source):
            if is_outside(url):
                line, column = _position(source, first_line, offset)
                shown = url if len(url) <= 80 else url[:79] + "…"
                problems.append(problem(
                    rel, line, column, "external-embed", shown=shown,
                    field="body", label="正文",
                ))
        for offset, url in _link_addresses(source):
            if EXTERNAL.match(url) or url.startswith("#"):
                continue
            line, column = _position(source, first_line, offset)
            if not url.startswith("/"):
                problems.append(problem(
                    rel, line, column, "relative-link", url=url,
                    field="body", label="正文",
                ))
                continue
            site_path(rel, line, column, "body", "正文", url)
    for dataset in site.datasets:
        for rel, line, column, field, url in dataset.site_links:
            site_path(rel, line, column, field, "", url)
    return problems


# Our templates and the sanitizer always quote attributes with double quotes, so a regular
# expression finds every reference far faster than an HTML parser over thousands of pages.
REFERENCE = re.compile(r'\s(?:href|src|action|poster|data)="([^"]*)"')


class OutputLinks:
    """The internal href/src references of every page of a build, checked against its files.
    visit() takes each file as the build's one read of it (for the manifest) goes by."""

    def __init__(self, siteurl: str = ""):
        self.siteurl = siteurl
        self.references: dict[str, tuple[str, ...]] = {}
        # One copy of each reference: most are the same on every page (menus, footer), and a
        # copy per page was the largest thing a big build kept (about 7 KB a page).
        self._strings: dict[str, str] = {}

    def _shared(self, refs) -> tuple[str, ...]:
        strings = self._strings
        return tuple([strings.setdefault(ref, ref) for ref in refs])

    def visit(self, rel: str, data: bytes) -> None:
        if rel.endswith(".html"):
            self.references[rel] = self._shared(REFERENCE.findall(data.decode("utf-8")))

    def recall(self, output, entries: dict, known: dict) -> dict:
        """The references of pages not visited (files reused from the previous build, `entries`:
        path -> (size, mtime_ns, sha256)): from `known` (sha256 -> references, found in an earlier
        build), else read from `output`. Returns the references found now, by sha256."""
        found = {}
        for rel, entry in entries.items():
            if not rel.endswith(".html") or rel in self.references:
                continue
            refs = known.get(entry[2])
            if refs is None:
                refs = REFERENCE.findall((output / rel).read_bytes().decode("utf-8"))
            self.references[rel] = self._shared(refs)
            if entry[2] not in known:
                found[entry[2]] = self.references[rel]
        return found

    def broken(self, files: set[str], *, skip: set = frozenset()) -> list[tuple[str, str]]:
        """(page, reference) for every internal reference that resolves to none of `files`; the
        pages in `skip` are not checked (they were, against the same files, and are the same bytes)."""
        broken = []
        checked: dict = {}
        for rel in sorted(self.references):
            if rel in skip:
                continue
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
