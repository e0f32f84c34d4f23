"""The search relevance set (tests/fixtures/search-relevance.yaml): its targets as URLs, a run of
every query through the real /search/ page in Chromium, and recall@3 and MRR over the runs.

Used by tests/browser/test_search_relevance.py on the sample site and by bench/run.py on a big
generated site that holds the same pages (so it imports nothing from the test fixtures).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import yaml

SET_FILE = Path(__file__).resolve().parent / "fixtures" / "search-relevance.yaml"
# search.js sets data-done to the URL query it has finished rendering.
DONE = "() => { const app = document.getElementById('search-app'); return !!app && app.dataset.done === location.search; }"
# The page's own URLSearchParams, so the URL is encoded exactly as search.js writes it.
QUERY_STRING = """([q, filters]) => {
    const params = new URLSearchParams();
    params.set("q", q);
    for (const key of ["type", "agency", "category", "genre", "year", "validity"]) {
        if (filters[key]) params.set(key, filters[key]);
    }
    return "?" + params.toString();
}"""
RESULT_PATHS = "links => links.map(link => new URL(link.href).pathname)"
SHOWN = 10  # MRR counts a target found on the first page of results


@dataclass(frozen=True)
class Query:
    text: str
    filters: dict
    targets: tuple  # site paths, e.g. /disclosures/11431234MB1520035C-2026-00013/
    held_out: bool = False


def _slug(index_no: str) -> str:
    """DESIGN §4: every character outside [0-9A-Za-z-] becomes '-'."""
    return re.sub(r"[^0-9A-Za-z-]", "-", index_no)


def target_path(root: Path, source: str) -> str:
    """The site path of a page named by its source file (the URL rules of DESIGN §4)."""
    parts = Path(source).parts
    if parts[:2] == ("content", "disclosures"):
        front = (root / source).read_text(encoding="utf-8").split("---", 2)[1]
        return f"/disclosures/{_slug(str(yaml.safe_load(front)['index_no']))}/"
    if parts[0] == "datasets":
        return f"/datasets/{parts[1]}/"
    if parts[0] == "agencies":
        return f"/agencies/{parts[1]}/"
    if parts[:2] == ("content", "pages"):
        return f"/{Path(source).stem}/"
    if parts[:2] == ("content", "reports"):
        year, name = parts[2], Path(source).stem
        return f"/reports/{year}/" if name == "index" else f"/reports/{year}/{name}/"
    raise ValueError(f"no URL rule for {source}")


def load_set(root: Path, path: Path = SET_FILE) -> list[Query]:
    entries = yaml.safe_load(path.read_text(encoding="utf-8"))
    return [Query(str(entry["query"]), {key: str(value) for key, value in (entry.get("filters") or {}).items()},
                  tuple(target_path(root, source) for source in entry["top3"]), bool(entry.get("held_out")))
            for entry in entries]


def run_query(page, base_url: str, query: Query) -> list[str]:
    """Open the search page for one query; the paths of its first page of results."""
    page.goto(base_url + "search/" + page.evaluate(QUERY_STRING, [query.text, query.filters]), wait_until="load")
    page.wait_for_function(DONE)
    return page.locator(".search-result .result-title a").evaluate_all(RESULT_PATHS)


@dataclass(frozen=True)
class Score:
    query: Query
    results: tuple

    @property
    def recall_at_3(self) -> float:
        return sum(target in self.results[:3] for target in self.query.targets) / len(self.query.targets)

    @property
    def reciprocal_rank(self) -> float:
        ranks = [self.results.index(t) + 1 for t in self.query.targets if t in self.results[:SHOWN]]
        return 1 / min(ranks) if ranks else 0.0


def summary(scores: list[Score]) -> dict:
    """recall@3 and MRR over all queries, and apart over the held-out ones."""
    held = [score for score in scores if score.query.held_out]
    return {"queries": len(scores),
            "held_out": {"queries": len(held),
                         "recall_at_3": sum(score.recall_at_3 for score in held) / len(held) if held else None,
                         "mrr": sum(score.reciprocal_rank for score in held) / len(held) if held else None},
            "recall_at_3": sum(score.recall_at_3 for score in scores) / len(scores),
            "mrr": sum(score.reciprocal_rank for score in scores) / len(scores),
            "misses": [(score.query.text, score.query.filters, [t for t in score.query.targets
                                                                 if t not in score.results[:3]], list(score.results[:3]))
                       for score in scores if score.recall_at_3 < 1]}


def measure(page, base_url: str, queries: list[Query]) -> dict:
    return summary([Score(query, tuple(run_query(page, base_url, query))) for query in queries])
