"""Filling the model's rendered parts from the content-hash cache before the pages are written."""

from __future__ import annotations

import concurrent.futures
import json
import multiprocessing

from . import charts

from .buildcache import PackCache


def prefill(site, cache: PackCache) -> dict:
    """Set body_html of every item and page whose Markdown was rendered before; return
    {id(record): key} of the others, which the writers store once they have rendered them."""
    stored = cache.load("markup")
    used, unsaved = {}, {}
    for record in list(site.items) + list(site.pages):
        key = cache.key("markup", record.body_source)
        html = stored.get(key)
        if html is None:
            unsaved[id(record)] = key
        else:
            record.__dict__["body_html"] = html  # what the cached_property would compute
            used[key] = html
    cache.tidy("markup", used)
    return unsaved


def draw_all(views: list, cache: PackCache | None, workers: int) -> None:
    """Draw every chart not in the cache, several at a time in fresh (spawned) processes: the
    chart engine keeps threads, so it may not be used in forked children."""
    keys = {id(view): _chart_key(view, cache) for view in views} if cache else {}
    stored = cache.load("chart") if cache else {}
    missing, used = [], {}
    for view in views:
        svg = stored.get(keys[id(view)]) if cache else None
        if svg is None:
            missing.append(view)
        else:
            view.__dict__["svg"] = svg
            used[keys[id(view)]] = svg
    if len(missing) > 2 and workers > 1:
        context = multiprocessing.get_context("spawn")
        with concurrent.futures.ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
            jobs = [(view.spec, view.chart_id, view.title, view.description) for view in missing]
            for view, svg in zip(missing, pool.map(charts.draw_job, jobs)):
                view.__dict__["svg"] = svg
    drawn = {keys.get(id(view)): view.svg for view in missing}  # drawn here if the pool did not
    if cache:
        cache.tidy("chart", used)
        cache.add("chart", drawn)


def _chart_key(view, cache: PackCache) -> str:
    return cache.key("chart", json.dumps(view.spec, ensure_ascii=False, sort_keys=True, default=str),
                     view.chart_id, view.title, view.description)
