"""Phones and desktops: no sideways scrolling at 375 px, the width used at 1280 px, a clean printout.

Screenshots of every page type at both widths go to output-screens/ (a CI artifact, ignored by git).
"""

import json

import pytest

from site_pages import SCREENS, keep_full_page, page_types, turn_elder_mode_on

pytestmark = pytest.mark.browser

PAGE_WIDTH_JS = """() => ({
  scroll: document.documentElement.scrollWidth,
  main: document.querySelector('main').getBoundingClientRect().width,
  wide: [...document.querySelectorAll('main *')].filter(element => {
      const box = element.getBoundingClientRect();
      return box.right > document.documentElement.clientWidth + 1 && !element.closest('.table-scroll, .chart-box');
    }).slice(0, 5).map(element => element.tagName.toLowerCase() + '.' + element.className)})"""


@pytest.fixture(scope="module")
def pages(sample_build):
    return page_types(*sample_build)


@pytest.fixture(scope="module")
def screens():
    SCREENS.mkdir(parents=True, exist_ok=True)
    return SCREENS


@pytest.mark.parametrize("mode", ["normal", "elder"])
def test_no_page_scrolls_sideways_on_a_375_px_phone(open_page, pages, screens, mode):
    recorder = open_page(375, 740)
    if mode == "elder":
        recorder.goto("/")
        turn_elder_mode_on(recorder.page)
    too_wide = {}
    for name, path in pages.items():
        recorder.goto(path)
        width = recorder.page.evaluate(PAGE_WIDTH_JS)
        if width["scroll"] > 375:
            too_wide[name] = width
        keep_full_page(recorder.page, screens / f"{name}-375{'-elder' if mode == 'elder' else ''}.png")
    assert too_wide == {}


def test_wide_data_tables_scroll_inside_their_own_box(open_page, pages):
    recorder = open_page(375, 740)
    recorder.goto(pages["dataset"])
    boxes = recorder.page.evaluate("""() => [...document.querySelectorAll('.table-scroll')].map(box => ({
        scrolls: box.scrollWidth > box.clientWidth, overflow: getComputedStyle(box).overflowX,
        focusable: box.tabIndex === 0, name: box.getAttribute('aria-labelledby')}))""")
    assert any(box["scrolls"] for box in boxes), "the sample preview table should be wider than a phone"
    for box in boxes:
        assert box["overflow"] == "auto"
        # A box that scrolls must be reachable by keyboard to scroll it (axe scrollable-region-focusable).
        assert box["focusable"] and box["name"] or not box["scrolls"]
    assert recorder.page.evaluate("document.documentElement.scrollWidth") <= 375


def test_desktop_layout_uses_the_width_at_1280_px(open_page, pages, screens):
    recorder = open_page(1280, 900)
    narrow = {}
    for name, path in pages.items():
        recorder.goto(path)
        width = recorder.page.evaluate(PAGE_WIDTH_JS)
        if width["main"] < 1000 or width["scroll"] > 1280:
            narrow[name] = width
        keep_full_page(recorder.page, screens / f"{name}-1280.png")
    assert narrow == {}


def test_header_fits_a_320_px_phone(open_page, screens):
    """The smallest phones still in use: the name, search, 长者模式 and menu wrap instead of overflowing."""
    recorder = open_page(320, 640)
    for mode in ("normal", "elder"):
        recorder.goto("/")
        if mode == "elder":
            turn_elder_mode_on(recorder.page)
        overflow = recorder.page.evaluate("""() => [...document.querySelectorAll('header *')]
            .filter(element => element.getBoundingClientRect().right > 320.5)
            .map(element => element.tagName.toLowerCase() + '.' + element.className)""")
        assert overflow == [], f"{mode}: header parts outside a 320 px screen"
        assert recorder.page.evaluate("document.documentElement.scrollWidth") <= 320
        recorder.page.locator("header").screenshot(path=str(screens / f"header-320-{mode}.png"))


def test_an_item_prints_as_a_clean_paper_copy(open_page, pages, screens):
    recorder = open_page(800, 1100)
    recorder.goto(pages["item-repealed"])
    recorder.page.emulate_media(media="print")
    shown = recorder.page.evaluate("""() => Object.fromEntries(
        ['.header-tools', '.site-menu', '.site-nav', '.site-footer', '.breadcrumbs', '.skip-link', '.print-hide', '.related',
         '.site-name', 'h1', '.meta-table', '.body', '.banner']
          .map(selector => [selector, [...document.querySelectorAll(selector)].some(element => element.getClientRects().length > 0)]))""")
    assert shown == {".header-tools": False, ".site-menu": False, ".site-nav": False, ".site-footer": False, ".breadcrumbs": False,
                     ".skip-link": False, ".print-hide": False, ".related": False,
                     ".site-name": True, "h1": True, ".meta-table": True, ".body": True, ".banner": True}
    keep_full_page(recorder.page, screens / "item-print.png")
    recorder.page.pdf(path=str(screens / "item-print.pdf"), format="A4")


def test_page_weight_of_a_first_visit(open_page, pages, screens):
    """Bytes a first visit transfers (document + every resource), kept small for slow rural networks."""
    weights = {}
    for name in ("home", "item-attachments", "dataset", "search"):
        recorder = open_page(375, 740)
        sizes = []
        recorder.page.on("requestfinished", lambda request, sizes=sizes: sizes.append(
            (request.url, request.sizes()["responseBodySize"] + request.sizes()["responseHeadersSize"])))
        recorder.goto(pages[name])
        recorder.page.wait_for_load_state("networkidle")
        weights[name] = {"requests": len(sizes), "bytes": sum(size for _, size in sizes),
                         "files": {url.removeprefix(recorder.base_url): size for url, size in sizes}}
    (screens / "page-weight.json").write_text(json.dumps(weights, ensure_ascii=False, indent=2), encoding="utf-8")
    assert weights["home"]["bytes"] < 100_000
    assert weights["item-attachments"]["bytes"] < 100_000


def test_the_404_page_offers_search_and_the_catalogue_from_any_depth(open_page, pages):
    recorder = open_page(375, 740)
    page = recorder.page
    response = recorder.goto(pages["not-found"] + "deeper/still/")
    assert response.status == 404
    assert page.locator("html").get_attribute("lang") == "zh-CN"
    assert page.locator("main h1").inner_text() == "抱歉，没有找到这个页面"
    # Styles and links are root-absolute, so a 404 at any depth is drawn and linked correctly.
    assert page.evaluate("getComputedStyle(document.querySelector('.site-header')).backgroundColor") != "rgba(0, 0, 0, 0)"
    catalogue = page.locator("main a", has_text="政府信息公开目录")
    assert catalogue.get_attribute("href").endswith("/disclosures/")
    page.locator("main input[type=search]").fill("低保")
    with page.expect_navigation():
        page.locator("main input[type=search]").press("Enter")
    assert page.url.endswith("/search/?q=%E4%BD%8E%E4%BF%9D")
