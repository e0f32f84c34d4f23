"""The header on a phone: compact on every page (search and menu behind one button that works without
JavaScript), the skip link and 长者模式 still first by keyboard; breadcrumbs on one line of text."""

import pytest

from site_pages import SCREENS, SMALL_TARGETS_JS, page_types, run_axe, turn_elder_mode_on

pytestmark = pytest.mark.browser

PHONE = (375, 740)
# How far down the page the header reaches (the demo notice above it included), and how tall it is.
HEADER_JS = """() => { const box = document.querySelector('header.site-header').getBoundingClientRect();
                       return {bottom: Math.round(box.bottom), height: Math.round(box.height)}; }"""
VISIBLE_JS = """selector => [...document.querySelectorAll(selector)].some(element => element.checkVisibility())"""


@pytest.fixture(scope="module")
def pages(sample_build):
    return page_types(*sample_build)


@pytest.mark.parametrize("mode, most", [("normal", 120), ("elder", 220)])
def test_the_header_takes_little_of_a_phone_screen_on_every_page(open_page, pages, mode, most):
    recorder = open_page(*PHONE)
    if mode == "elder":
        recorder.goto("/")
        turn_elder_mode_on(recorder.page)
    tall = {}
    for name, path in pages.items():
        recorder.goto(path)
        header = recorder.page.evaluate(HEADER_JS)
        if header["bottom"] > most:
            tall[name] = header
    recorder.goto(pages["catalogue"])
    SCREENS.mkdir(parents=True, exist_ok=True)
    recorder.page.screenshot(path=str(SCREENS / f"header-375-{mode}.png"))
    assert tall == {}


def tab_to(page, selector: str, most: int = 6) -> int:
    """Press Tab until `selector` has the focus; how many presses that took."""
    for presses in range(1, most + 1):
        page.keyboard.press("Tab")
        if page.evaluate("selector => document.activeElement.matches(selector)", selector):
            return presses
    raise AssertionError(f"{selector} not reached in {most} presses of Tab")


@pytest.mark.parametrize("mode", ["normal", "elder"])
def test_on_a_phone_the_skip_link_comes_first_then_the_elder_toggle_and_the_menu(open_page, pages, mode):
    recorder = open_page(*PHONE)
    page = recorder.page
    if mode == "elder":
        recorder.goto("/")
        turn_elder_mode_on(page)
    recorder.goto(pages["item-repealed"])
    assert not page.evaluate(VISIBLE_JS, "header input[type=search]"), "the search box waits behind the menu button"
    assert tab_to(page, ".skip-link") == 1
    assert tab_to(page, "#elder-toggle") <= 2
    assert tab_to(page, "summary.menu-button") <= 2
    page.keyboard.press("Enter")
    assert page.evaluate(VISIBLE_JS, "header input[type=search]")
    assert page.evaluate(VISIBLE_JS, "header nav a[href$='/datasets/']")
    assert page.evaluate(VISIBLE_JS, "header a[href$='/guide/']"), "the 信息公开 columns are in the menu too"
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.closest('.site-menu') !== null"), "Tab goes on into the open menu"
    assert run_axe(page) == []
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE[0]
    assert page.evaluate(SMALL_TARGETS_JS, 44) == []
    page.locator("header").screenshot(path=str(SCREENS / f"header-375-{mode}-menu-open.png"))
    page.locator("summary.menu-button").click()
    assert not page.evaluate(VISIBLE_JS, "header input[type=search]"), "the same button closes the menu"


def test_the_phone_menu_works_without_javascript(browser, served_site):
    base_url, _ = served_site
    context = browser.new_context(viewport={"width": PHONE[0], "height": PHONE[1]}, locale="zh-CN",
                                  java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(base_url + "disclosures/")
        height = page.evaluate(HEADER_JS)["bottom"]
        assert height <= 120
        assert not page.evaluate(VISIBLE_JS, "header input[type=search]")
        page.locator("summary.menu-button").click()
        search = page.locator(".site-menu input[type=search]")
        assert search.is_visible()
        search.fill("低保")
        with page.expect_navigation():
            search.press("Enter")
        assert page.url.endswith("/search/?q=%E4%BD%8E%E4%BF%9D")
    finally:
        context.close()


# Where the parts of a wide screen's header are: the row of the name, search box and 长者模式, then the band of links.
WIDE_LAYOUT_JS = """() => {
    const box = selector => { const r = document.querySelector(selector).getBoundingClientRect();
                              return {top: Math.round(r.top), bottom: Math.round(r.bottom), middle: Math.round(r.top + r.height / 2)}; };
    return {row: box('.header-row'), name: box('.site-name'), search: box('#header-q'), toggle: box('#elder-toggle'),
            nav: box('nav.site-nav'), links: [...document.querySelectorAll('nav.site-nav a')].map(a => Math.round(a.getBoundingClientRect().top))};
}"""


@pytest.mark.parametrize("mode", ["normal", "elder"])
def test_on_a_desktop_the_header_keeps_its_layout_name_search_and_toggle_in_one_row_links_below(open_page, pages, mode):
    recorder = open_page(1280, 900)
    if mode == "elder":
        recorder.goto("/")
        turn_elder_mode_on(recorder.page)
    recorder.goto(pages["item-repealed"])
    page = recorder.page
    assert not page.evaluate(VISIBLE_JS, "summary.menu-button")
    assert not page.evaluate(VISIBLE_JS, ".site-menu")
    layout = page.evaluate(WIDE_LAYOUT_JS)
    row = layout["row"]
    for part in ("name", "search", "toggle"):
        assert row["top"] <= layout[part]["middle"] <= row["bottom"], (part, layout)
    assert abs(layout["search"]["middle"] - layout["toggle"]["middle"]) <= 2, layout
    assert layout["nav"]["top"] == row["bottom"], layout
    assert len(layout["links"]) == 6 and len(set(layout["links"])) == 1, layout
    expected = "退出长者模式" if mode == "elder" else "长者模式（大字、高对比）"
    assert page.locator("#elder-toggle").inner_text() == expected
    assert run_axe(page) == []
    page.locator("header").screenshot(path=str(SCREENS / f"header-1280-{mode}.png"))


def test_a_tablet_keeps_the_wide_header(open_page, pages):
    recorder = open_page(800, 900)
    recorder.goto(pages["item-repealed"])
    page = recorder.page
    assert not page.evaluate(VISIBLE_JS, "summary.menu-button")
    assert page.locator("#header-q").is_visible()
    assert page.evaluate(VISIBLE_JS, "nav.site-nav a[href$='/datasets/']")
    assert page.evaluate("document.documentElement.scrollWidth") <= 800


BREADCRUMB_TEXT_JS = """() => [...document.querySelectorAll('.breadcrumbs li')].map(item => {
    const walker = document.createTreeWalker(item, NodeFilter.SHOW_TEXT);
    const text = walker.nextNode();
    const range = document.createRange();
    range.selectNodeContents(text);
    const line = range.getClientRects()[0];
    const separator = getComputedStyle(item, '::before').content;
    return {text: text.textContent.trim(), middle: Math.round(line.top + line.height / 2), separator};
})"""


@pytest.mark.parametrize("width, name", [(1280, "item-repealed"), (1280, "dataset"), (375, "datasets"), (375, "agencies")])
def test_breadcrumb_words_sit_on_one_line(open_page, pages, width, name):
    recorder = open_page(width, 900)
    recorder.goto(pages[name])
    crumbs = recorder.page.evaluate(BREADCRUMB_TEXT_JS)
    assert len(crumbs) >= 2
    middles = {crumb["middle"] for crumb in crumbs}
    assert max(middles) - min(middles) <= 1, crumbs
