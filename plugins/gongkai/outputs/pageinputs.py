"""What a rendered page is made from, declared next to the routes: the key under which a rebuild
may reuse the page of the previous build instead of rendering it again.

Only the pages of single items (KIND_ITEM, three quarters of a site's pages) are declared; every
other page is rendered every time. An item page shows the item, the records it links to (its
agency; the items it supersedes, is superseded by, interprets, is interpreted by and is related
to, with their agencies) and the page frame every page shows (settings, the agencies of the
footer and navigation, the vocabularies). Each record is taken whole and mechanically (every
field, fastpath/fingerprint.py), only the records it refers to are named instead of walked; the
code, theme and settings (the build's salt) and the build date are part of every key.
tests/test_page_inputs.py renders every item page of the sample site with a Jinja environment
that records which records the template reads, and fails when one of them is not declared here.
"""

from __future__ import annotations

import dataclasses

from ..datasets.model import Dataset
from ..fastpath.fingerprint import fingerprint
from ..model.agency import Agency
from ..model.disclosure import Disclosure
from ..model.page import Page
from ..model.site import Site
from .pageroute import KIND_ITEM, Route


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


# What item pages read of the site itself (the footer's office): part of every page's frame.
SITE_READS = ("contact_agency", "today")


def own_fields(value) -> tuple:
    """A record as its type and fields, without its BACK_LINKS."""
    skip = BACK_LINKS.get(type(value), ())
    return (type(value).__name__, {f.name: getattr(value, f.name) for f in dataclasses.fields(value) if f.name not in skip})


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
        if route.kind != KIND_ITEM:
            return None
        item = route.context["item"]
        return fingerprint(("page", self.frame, route.url, route.template, route.title, route.context,
                            [self.record(item)] + [self.record(other) for other in item_links(item)]),
                           self.root, stop=record_name)
