"""Filling the model's rendered parts from the content-hash cache before the pages are written."""

from __future__ import annotations

import json

from .buildcache import FileCache


def prefill(site, cache: FileCache) -> dict:
    """Set body_html of every item and page whose Markdown was rendered before; return
    {id(record): key} of the others, which the writers store once they have rendered them."""
    unsaved = {}
    for record in list(site.items) + list(site.pages):
        key = cache.key("markup", record.body_source)
        html = cache.get("markup", key)
        if html is None:
            unsaved[id(record)] = key
        else:
            record.__dict__["body_html"] = html  # what the cached_property would compute
    return unsaved


def draw(view, cache: FileCache | None) -> str:
    """The chart's SVG, from the cache when the same spec and text were drawn before."""
    if cache is None:
        return view.svg
    key = cache.key("chart", json.dumps(view.spec, ensure_ascii=False, sort_keys=True, default=str),
                    view.chart_id, view.title, view.description)
    svg = cache.get("chart", key)
    if svg is None:
        svg = view.svg
        cache.put("chart", key, svg)
    else:
        view.__dict__["svg"] = svg
    return svg
