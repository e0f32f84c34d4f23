"""URL paths of browse pages (DESIGN §4): one function, used by the model and the routes."""

from urllib.parse import quote


def segment(value: str) -> str:
    """A value (often Chinese, e.g. 财政、金融、审计) as one percent-encoded path segment."""
    return quote(value, safe="")


def facet_url(kind: str, key: str) -> str:
    return f"disclosures/{kind}/{segment(key)}/"


def dataset_facet_url(kind: str, key: str) -> str:
    return f"datasets/{kind}/{segment(key)}/"
