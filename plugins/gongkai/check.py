"""`gongkai check`, as the build and the web editor run it too: load and check the whole site, check
the links content writes against what the site publishes, and draw the charts."""

from __future__ import annotations

from .core.problems import sort_problems
from .fastpath.cache import PackCache
from .fastpath.checked import CheckedFiles
from .fastpath.drawing import Drawing
from .model.agency import NOT_CHECKED
from .model.attachment import ATTACHMENTS_DIR
from .model.site import load_site
from .outputs.catalog import catalogue_problems
from .outputs.links import check_content_links
from .transparency.loader import load_transparency


def check_site(root, epoch: int, *, on_datasets=None, known_html=None, reuse=None, workers: int | None = None):
    """(site, problems): the model's checks, the 政府信息公开 structure built on the model, then the
    checks that need to know what the site publishes (the catalogue's size; every link in a body, a
    page or a README must lead to a published page or file)."""
    site, problems = load_site(root, epoch, on_datasets=on_datasets, known_html=known_html, reuse=reuse,
                               workers=workers)
    if site is None:
        return site, problems
    site.transparency, found = load_transparency(site.root, site)
    problems += found
    if site.items and not any(p.code == NOT_CHECKED for p in problems):  # agencies.yaml could be read
        problems += catalogue_problems(site)  # the one published file that grows with the item count
    return site, sort_problems(problems + check_content_links(site))


def load_and_draw(root, epoch: int, *, store: bool, cache: PackCache | None, workers: int):
    """Check the whole site and draw its charts (started as soon as the datasets are loaded, while
    the items load): (site, problems, drawing). `gongkai check` and the build both come here, so a
    chart that passes the check has been drawn within its budget. `cache` None: every file is
    checked and every body and chart made afresh (the slow twin); `store` False: nothing is written."""
    rendered = cache.load("markup", tidy=store) if cache is not None else {}
    checked = CheckedFiles(cache, store, ATTACHMENTS_DIR) if cache is not None else None
    drawing = None

    def draw(datasets) -> None:
        nonlocal drawing
        drawing = Drawing([view for dataset in datasets for view in dataset.views], cache, workers, store=store)

    known = (lambda body: rendered.get(cache.key("markup", body))) if cache is not None else None
    try:
        site, problems = check_site(root, epoch, on_datasets=draw, known_html=known, reuse=checked, workers=workers)
        if checked is not None:
            checked.save()
        if drawing is not None:
            problems = sort_problems(problems + drawing.problems())
    except BaseException:
        if drawing is not None:
            drawing.cancel()
        raise
    return site, problems, drawing
