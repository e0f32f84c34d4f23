"""Everything works without a mouse: a skip link, visible focus, every control reachable by Tab in page
order, and no focus trap."""

import pytest

from site_pages import page_types

pytestmark = pytest.mark.browser

# What Tab should reach, in document order: enabled, rendered controls with tabindex ≥ 0 (of a group
# of radio buttons only the checked one, or the first). Each gets a number the walk below reads back.
TABBABLE_JS = """() => {
  const candidates = document.querySelectorAll('a[href], area[href], button, input, select, textarea, summary, iframe, [tabindex], [contenteditable=""], [contenteditable="true"]');
  const radios = new Set();
  const stops = [];
  for (const element of candidates) {
    if (element.tabIndex < 0 || element.disabled || element.closest('[inert], [hidden]')) continue;
    if (!element.checkVisibility({visibilityProperty: true})) continue;
    if (element.closest('details:not([open]) > :not(summary)')) continue;  // inside a closed <details>
    if (element.type === 'radio') {
      const group = element.form ? [...element.form.elements].filter(radio => radio.name === element.name)
                                 : [...document.getElementsByName(element.name)];
      const chosen = group.find(radio => radio.checked) || group[0];
      if (element !== chosen || radios.has(element.name)) continue;
      radios.add(element.name);
    }
    element.dataset.tabStop = String(stops.length);
    stops.push(`${element.tagName.toLowerCase()} ${(element.textContent || element.getAttribute('aria-label') || element.name || '').trim().slice(0, 20)}`);
  }
  return stops;
}"""

FOCUSED_JS = """() => {
  const element = document.activeElement;
  if (!element || element === document.body || element === document.documentElement) return null;
  const style = getComputedStyle(element);
  const box = element.getBoundingClientRect();
  const outline = style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 2;
  return {stop: element.dataset.tabStop === undefined ? null : Number(element.dataset.tabStop),
          label: element.tagName.toLowerCase() + ' ' + (element.textContent || element.name || '').trim().slice(0, 20),
          visibleFocus: outline || style.boxShadow !== 'none',
          onScreen: box.bottom > 0 && box.top < innerHeight && box.right > 0 && box.left < innerWidth && box.height > 0};
}"""


@pytest.fixture(scope="module")
def pages(sample_build):
    return page_types(*sample_build)


def tab_through(page) -> tuple[list[str], list[dict]]:
    """Press Tab until focus leaves the page; return the expected stops and what Tab actually focused."""
    expected = page.evaluate(TABBABLE_JS)
    reached = []
    for _ in range(len(expected) + 3):
        page.keyboard.press("Tab")
        focused = page.evaluate(FOCUSED_JS)
        if focused is None or (reached and focused["stop"] == 0):
            break  # focus left the document (to the browser) or wrapped around: nothing holds it
        reached.append(focused)
    return expected, reached


@pytest.mark.parametrize("name, query", [("home", ""), ("search", ""), ("search", "?q=补贴")])
def test_tab_reaches_every_control_in_page_order_with_visible_focus(open_page, pages, name, query):
    recorder = open_page(1280, 900)
    recorder.goto(pages[name] + query)
    recorder.page.wait_for_load_state("networkidle")  # the search page adds its filters after load
    expected, reached = tab_through(recorder.page)
    assert len(expected) > 10
    assert [stop["stop"] for stop in reached] == list(range(len(expected))), \
        f"Tab order {[stop['label'] for stop in reached]} is not the page order {expected}"
    assert [stop["label"] for stop in reached if not stop["visibleFocus"]] == [], "focus must be visible"
    assert [stop["label"] for stop in reached if not stop["onScreen"]] == [], "the focused control must be on screen"


def test_every_page_type_has_visible_focus_and_no_focus_trap(open_page, pages):
    recorder = open_page(375, 740)
    problems = {}
    for name, path in pages.items():
        recorder.goto(path)
        if name == "search":  # the search page adds its filters after load
            recorder.page.wait_for_load_state("networkidle")
        expected, reached = tab_through(recorder.page)
        found = []
        if [stop["stop"] for stop in reached] != list(range(len(expected))):
            found.append(f"Tab reached {len(reached)} of {len(expected)} controls, or out of order")
        found += [f"no visible focus: {stop['label']}" for stop in reached if not stop["visibleFocus"]]
        found += [f"focused off screen: {stop['label']}" for stop in reached if not stop["onScreen"]]
        if found:
            problems[name] = found[:6]
    assert problems == {}


def test_shift_tab_walks_back_without_a_trap(open_page, pages):
    recorder = open_page()
    recorder.goto(pages["item-attachments"])
    expected, reached = tab_through(recorder.page)
    recorder.page.locator("[data-tab-stop]").last.focus()
    back = []
    for _ in range(len(expected) + 2):
        recorder.page.keyboard.press("Shift+Tab")
        focused = recorder.page.evaluate(FOCUSED_JS)
        if focused is None or focused["stop"] == len(expected) - 1:
            break  # left the document, or wrapped around to the end
        back.append(focused["stop"])
    assert back == list(range(len(expected) - 2, -1, -1))


@pytest.mark.parametrize("name", ["home", "item-repealed", "dataset"])
def test_the_skip_link_appears_on_focus_and_moves_to_main(open_page, pages, name):
    recorder = open_page(375, 740)
    page = recorder.page
    recorder.goto(pages[name])
    skip = page.locator(".skip-link")
    assert skip.bounding_box()["y"] + skip.bounding_box()["height"] <= 0, "hidden until focused"
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.className") == "skip-link"
    box = skip.bounding_box()
    assert box["y"] >= 0 and box["height"] >= 44 and skip.inner_text() == "跳到主要内容"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"
    assert page.evaluate("document.querySelector('main').getBoundingClientRect().top") < 100
    page.keyboard.press("Tab")
    first_in_main = page.evaluate("document.querySelector('main').contains(document.activeElement)")
    assert first_in_main, "the next Tab continues inside the main content"


def test_elder_toggle_and_search_work_from_the_keyboard(open_page, pages):
    recorder = open_page()
    page = recorder.page
    recorder.goto(pages["home"])
    page.locator("#elder-toggle").focus()
    page.keyboard.press("Enter")
    assert page.evaluate("document.documentElement.classList.contains('elder')")
    page.keyboard.press("Space")
    assert not page.evaluate("document.documentElement.classList.contains('elder')")
    page.locator("#header-q").focus()
    page.keyboard.type("医保")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.url.endswith("/search/?q=%E5%8C%BB%E4%BF%9D")
