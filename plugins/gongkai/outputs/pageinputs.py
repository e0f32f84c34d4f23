"""What a rendered page is made from, declared next to the routes: the key under which a rebuild
may reuse the page of the previous build instead of rendering it again.

Declared are the pages of single items (KIND_ITEM, three quarters of a site's pages), of single
datasets (KIND_DATASET) and of the paginated item lists (catalogue.html); every other page is
rendered every time.
- An item page shows the item and the records it links to (its agency; the items it supersedes,
  is superseded by, interprets, is interpreted by and is related to, with their agencies).
- A dataset page shows the dataset (its resources, previews, downloads and charts are its
  fields; a chart's drawing follows from its spec) and its publisher (in the frame).
- A list page shows its items (the facet or node it lists is in the route's context, taken whole).
- Every page shows the frame: the settings, every agency, the vocabularies, and what SITE_READS
  names of the site.
Each record is taken whole and mechanically (every field, fastpath/fingerprint.py); the records
it refers to are named instead of walked. The code, theme and settings (the build's salt) and the
build date are part of every key. tests/test_page_inputs.py builds the sample site with Jinja's
lookups recorded per page, and fails when a reusable page reads a record its key does not declare.
"""

from __future__ import annotations

import dataclasses

from ..datasets.model import Dataset
from ..fastpath.fingerprint import fingerprint
from ..model.agency import Agency
from ..model.disclosure import Disclosure
from ..model.page import Page
from ..model.site import Site
from .pageroute import KIND_DATASET, KIND_ITEM, Route

# The paginated lists of items (目录, its facets, 现行有效规范性文件, 法定主动公开 nodes).
CATALOGUE_TEMPLATE = "catalogue.html"


def record_name(value) -> str | None:
    """The name of a record of the site model (what a fingerprint names instead of walking)."""
    if isinstance(value, Disclosure):
        return f"item:{value.rel}"
    if isinstance(value, Agency):
        return f"agency:{value.id}"
    if isinstance(value, Dataset):
        return f"dataset:{value.name}"
    if isinstance(value, Page):
        return f"page:{value.rel}"
    if isinstance(value, Site):
        return "site"
    return None


# Lists the site model fills in that grow with the content and that no item page shows (an
# agency's items and datasets): left out of a record, or a new item would change every page.
BACK_LINKS = {Agency: ("items", "datasets")}


# What reusable pages read of the site itself (the footer's office, the build date, a dataset's
# publisher looked up by id): part of every page's frame.
SITE_READS = ("agencies_by_id", "contact_agency", "today")


def own_fields(value) -> tuple:
    """A record as its type and fields, without its BACK_LINKS."""
    skip = BACK_LINKS.get(type(value), ())
    return (type(value).__name__,
            {f.name: getattr(value, f.name) for f in dataclasses.fields(value) if f.name not in skip})


def item_links(item: Disclosure) -> list:
    """The records an item page shows besides the item: linked items and their agencies."""
    linked = [*item.supersedes, *item.superseded_by, *item.interprets, *item.interpreted_by, *item.related]
    return [item.agency, *linked, *(other.agency for other in linked)]


class PageInputs:
    """Keys of the reusable pages of one build; records are fingerprinted once each."""

    def __init__(self, site: Site, root, salt: str, epoch: int):
        self.site, self.root = site, root
        self._records: dict[int, str] = {}
        self.frame = fingerprint(("frame", salt, epoch, [self.record(agency) for agency in site.agencies],
                                  site.vocabularies, [getattr(site, name) for name in SITE_READS]),
                                 root, stop=record_name)

    def record(self, value) -> str:
        """A record's own fields, whole; the records it refers to by name."""
        if value is None:
            return "none"
        known = self._records.get(id(value))
        if known is None:
            known = self._records[id(value)] = fingerprint(own_fields(value), self.root, stop=record_name)
        return known

    def key(self, route: Route) -> str | None:
        """The key of a reusable page; None when the page is rendered every time."""
        shown = page_records(route)
        if shown is None:
            return None
        context = {name: self._shared(value) for name, value in route.context.items()}
        return fingerprint(("page", self.frame, route.url, route.template, route.title, route.kind, context,
                            [self.record(record) for record in shown]), self.root, stop=record_name)

    def _shared(self, value):
        """A context value that is not a record but an object shown on many pages (a facet with
        its items, a pagination): fingerprinted once, whole, and stood for by its digest."""
        if record_name(value) is not None or not dataclasses.is_dataclass(value):
            return value
        known = self._records.get(id(value))
        if known is None:
            known = self._records[id(value)] = "shared:" + fingerprint(value, self.root, stop=record_name)
        return known


def page_records(route: Route) -> list | None:
    """The records a reusable page shows (besides the frame); None for a page rendered every time."""
    if route.kind == KIND_ITEM:
        item = route.context["item"]
        return [item, *item_links(item)]
    if route.kind == KIND_DATASET:  # its resources, downloads and charts are the dataset's fields
        return [route.context["dataset"]]
    if route.template == CATALOGUE_TEMPLATE:  # one page of a list of items: the page's items
        return list(route.context["items"])
    return None
