"""Filling the model's rendered parts from the content-hash cache before the pages are written."""

from __future__ import annotations

import concurrent.futures
import json
import multiprocessing

from . import charts

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


def draw_all(views: list, cache: FileCache | None, workers: int) -> None:
    """Draw every chart not in the cache, several at a time in fresh (spawned) processes: the
    chart engine keeps threads, so it may not be used in forked children."""
    keys = {id(view): _chart_key(view, cache) for view in views} if cache else {}
    missing = []
    for view in views:
        svg = cache.get("chart", keys[id(view)]) if cache else None
        if svg is None:
            missing.append(view)
        else:
            view.__dict__["svg"] = svg
    if len(missing) > 2 and workers > 1:
        context = multiprocessing.get_context("spawn")
        with concurrent.futures.ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
            jobs = [(view.spec, view.chart_id, view.title, view.description) for view in missing]
            for view, svg in zip(missing, pool.map(charts.draw_job, jobs)):
                view.__dict__["svg"] = svg
    for view in missing:
        if cache:
            cache.put("chart", keys[id(view)], view.svg)
        else:
            view.svg


def _chart_key(view, cache: FileCache) -> str:
    return cache.key("chart", json.dumps(view.spec, ensure_ascii=False, sort_keys=True, default=str),
                     view.chart_id, view.title, view.description)
