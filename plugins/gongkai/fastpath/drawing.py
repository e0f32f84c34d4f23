"""The model's rendered parts: Markdown and charts from the content-hash cache, and charts drawn
in worker processes under their budget. Without a cache (the slow twin) everything is made afresh."""

from __future__ import annotations

import json

from ..adapters import chartworker
from ..core.problems import ContentError, Problem
from ..datasets import chartlimits, charts
from .cache import PackCache


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
    """Charts not in the cache, drawn in worker processes (chartworker) while the rest of the
    site goes on loading; each chart under the time and memory budget of limits.py. problems()
    waits and says which charts could not be drawn; finish() fills every view's svg and stores
    the new ones (unless the cache is read-only, as for `gongkai check`)."""

    def __init__(self, views: list, cache: PackCache | None, processes: int, *, store: bool = True):
        self.cache, self.store, self.views = cache, store and cache is not None, views
        self.keys = {id(view): _chart_key(view, cache) for view in views} if cache else {}
        stored = cache.load("chart", tidy=store) if cache else {}
        self.missing, self.used, self.outcomes = [], {}, None
        for view in views:
            svg = stored.get(self.keys[id(view)]) if cache else None
            if svg is None:
                self.missing.append(view)
            else:
                view.__dict__["svg"] = svg
                self.used[self.keys[id(view)]] = svg
        self.workers = chartworker.Workers(min(max(processes, 1), len(self.missing))) if self.missing else None
        for number, view in enumerate(self.missing):
            self.workers.submit(number, (view.spec, view.chart_id, view.title, view.description))
        if self.workers is not None:
            self.workers.close()

    def problems(self) -> list[Problem]:
        """Wait for the charts; one problem for each that could not be drawn within its budget."""
        if self.outcomes is None:
            self.outcomes = self.workers.wait() if self.workers is not None else {}
            self.workers = None
        found = []
        for number, view in enumerate(self.missing):
            outcome = self.outcomes[number]
            if outcome.svg is not None:
                view.__dict__["svg"] = outcome.svg
            else:
                found.append(chartlimits.drawing_problem(view, outcome))
        return found

    def finish(self) -> None:
        """Fill every view's svg (raising ContentError if one cannot be drawn) and store the new ones."""
        found = self.problems()
        if found:
            raise ContentError(found)
        if self.store:
            self.cache.tidy("chart", self.used)
            self.cache.add("chart", {self.keys[id(view)]: view.svg for view in self.missing})

    def cancel(self) -> None:
        if self.workers is not None:
            self.workers.cancel()
            self.workers = None
            if self.outcomes is None:
                self.outcomes = {number: chartworker.Outcome(code="view-render-cancelled")
                                 for number in range(len(self.missing))}


def draw_all(views: list, cache: PackCache | None, workers: int) -> None:
    Drawing(views, cache, workers).finish()


def _chart_key(view, cache: PackCache) -> str:
    return cache.key("chart", json.dumps(view.spec, ensure_ascii=False, sort_keys=True, default=str),
                     view.chart_id, view.title, view.description, charts.drawing_identity())
