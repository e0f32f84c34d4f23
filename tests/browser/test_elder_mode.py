"""适老化: a visible 长者模式 toggle on every page (large text, high contrast, remembered), readable
default text, generous line height and 44 px tap targets."""

import pytest

from site_pages import SMALL_TARGETS_JS, TEXT_METRICS_JS, page_types, turn_elder_mode_on

pytestmark = pytest.mark.browser

ELDER_ON = "() => document.documentElement.classList.contains('elder')"
BODY_SIZE = "() => parseFloat(getComputedStyle(document.body).fontSize)"


@pytest.fixture(scope="module")
def pages(sample_build):
    return page_types(*sample_build)


@pytest.mark.parametrize("width", [375, 1280])
def test_the_toggle_is_visible_without_scrolling_on_every_page(open_page, pages, width):
    recorder = open_page(width, 740)
    hidden = []
    for name, path in pages.items():
        recorder.goto(path)
        toggle = recorder.page.locator("#elder-toggle")
        box = toggle.bounding_box()
        if not toggle.is_visible() or box is None or box["y"] + box["height"] > 740 or box["x"] + box["width"] > width:
            hidden.append(name)
        assert toggle.get_attribute("aria-pressed") == "false"
    assert hidden == []


def test_elder_mode_is_remembered_across_pages_until_turned_off(open_page, pages):
    recorder = open_page(1280, 900)
    page = recorder.page
    recorder.goto(pages["home"])
    assert not page.evaluate(ELDER_ON)
    normal_size = page.evaluate(BODY_SIZE)

    page.locator("#elder-toggle").click()
    assert page.evaluate(ELDER_ON)
    assert page.locator("#elder-toggle").get_attribute("aria-pressed") == "true"
    assert page.locator("#elder-toggle").inner_text() == "退出长者模式"
    assert page.evaluate(BODY_SIZE) >= 20 > normal_size
    assert page.evaluate("() => getComputedStyle(document.body).color") == "rgb(0, 0, 0)"

    for name in ("catalogue", "item-repealed", "dataset", "search", "not-found"):
        recorder.goto(pages[name])
        assert page.evaluate(ELDER_ON), f"长者模式 forgotten on {name}"
        assert page.locator("#elder-toggle").get_attribute("aria-pressed") == "true"
        assert page.evaluate(BODY_SIZE) >= 20
    second_tab = recorder.context.new_page()
    second_tab.goto(recorder.base_url + pages["agencies"].lstrip("/"))
    assert second_tab.evaluate(ELDER_ON), "a new tab of the same browser keeps 长者模式"
    second_tab.close()

    page.locator("#elder-toggle").click()
    assert not page.evaluate(ELDER_ON)
    assert page.locator("#elder-toggle").get_attribute("aria-pressed") == "false"
    recorder.goto(pages["home"])
    assert not page.evaluate(ELDER_ON)
    assert page.evaluate(BODY_SIZE) == normal_size


@pytest.mark.parametrize("mode", ["normal", "elder"])
def test_text_size_and_line_height_on_every_page(open_page, pages, mode):
    """Normal: body text ≥ 16 px, nothing under 14 px. 长者模式: every piece of text ≥ 20 px.
    Both: line height ≥ 1.5 for all text, headings included. (High contrast in 长者模式 is proved by
    axe's AAA rule color-contrast-enhanced in test_a11y.py.)"""
    recorder = open_page(1280, 900)
    if mode == "elder":
        recorder.goto("/")
        turn_elder_mode_on(recorder.page)
    smallest = 20 if mode == "elder" else 14
    problems = {}
    for name, path in pages.items():
        recorder.goto(path)
        found = []
        body = recorder.page.evaluate(BODY_SIZE)
        if body < (20 if mode == "elder" else 16):
            found.append(f"body {body}px")
        paragraphs = recorder.page.evaluate("() => [...document.querySelectorAll('main p:not([class])')]"
                                            ".map(p => parseFloat(getComputedStyle(p).fontSize))")
        found += [f"main paragraph {size}px" for size in paragraphs if size < (20 if mode == "elder" else 16)]
        for text in recorder.page.evaluate(TEXT_METRICS_JS):
            if text["size"] < smallest:
                found.append(f"{text['element']} “{text['text']}” {text['size']}px")
            if text["ratio"] < 1.49:
                found.append(f"{text['element']} “{text['text']}” line height {text['ratio']:.2f}")
        if found:
            problems[name] = found[:8]
    assert problems == {}


@pytest.mark.parametrize("width, mode", [(375, "normal"), (375, "elder"), (1280, "normal")])
def test_every_control_is_a_44_px_tap_target(open_page, pages, width, mode):
    """Rule (see SMALL_TARGETS_JS): visible links, buttons and form fields are ≥ 44 px high, except
    links inside running text (WCAG 2.5.5 exempts targets in a sentence)."""
    recorder = open_page(width, 800)
    if mode == "elder":
        recorder.goto("/")
        turn_elder_mode_on(recorder.page)
    small = {}
    for name, path in pages.items():
        recorder.goto(path)
        if name == "search":  # the search page draws its filters from the index after load
            recorder.page.wait_for_load_state("networkidle")
        found = recorder.page.evaluate(SMALL_TARGETS_JS, 44)
        if found:
            small[name] = found
    assert small == {}
