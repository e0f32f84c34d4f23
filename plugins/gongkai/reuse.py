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


class Drawing:
    """Charts not in the cache, drawn several at a time in fresh (spawned) processes, so that the
    rest of the site can go on loading meanwhile: the chart engine keeps threads, so it may not
    be used in forked children. finish() waits, fills every view's svg and stores the new ones."""

    def __init__(self, views: list, cache: PackCache | None, processes: int):
        """processes: how many to draw in (0: here, when the views' svg is first read)."""
        self.cache, self.pool, self.futures = cache, None, []
        self.keys = {id(view): _chart_key(view, cache) for view in views} if cache else {}
        stored = cache.load("chart") if cache else {}
        self.missing, self.used = [], {}
        for view in views:
            svg = stored.get(self.keys[id(view)]) if cache else None
            if svg is None:
                self.missing.append(view)
            else:
                view.__dict__["svg"] = svg
                self.used[self.keys[id(view)]] = svg
        if len(self.missing) > 2 and processes > 0:
            self.pool = concurrent.futures.ProcessPoolExecutor(max_workers=processes,
                                                               mp_context=multiprocessing.get_context("spawn"))
            self.futures = [self.pool.submit(charts.draw_job, (view.spec, view.chart_id, view.title, view.description))
                            for view in self.missing]

    def finish(self) -> None:
        try:
            for view, future in zip(self.missing, self.futures):
                view.__dict__["svg"] = future.result()
        finally:
            self.cancel()
        drawn = {self.keys.get(id(view)): view.svg for view in self.missing}  # drawn here if not in the pool
        if self.cache:
            self.cache.tidy("chart", self.used)
            self.cache.add("chart", drawn)

    def cancel(self) -> None:
        if self.pool is not None:
            self.pool.shutdown(wait=True, cancel_futures=True)
            self.pool = None


def draw_all(views: list, cache: PackCache | None, workers: int) -> None:
    Drawing(views, cache, workers if workers > 1 else 0).finish()


def _chart_key(view, cache: PackCache) -> str:
    return cache.key("chart", json.dumps(view.spec, ensure_ascii=False, sort_keys=True, default=str),
                     view.chart_id, view.title, view.description)
