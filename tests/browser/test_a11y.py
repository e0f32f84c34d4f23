"""axe-core finds no WCAG 2.0/2.1 A or AA violation on any page type, in normal and in 长者模式.

长者模式 promises high contrast, so there axe also runs its WCAG AAA contrast rule
(color-contrast-enhanced: 7:1, or 4.5:1 for large text)."""

import pytest

from site_pages import page_types, run_axe, turn_elder_mode_on

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def pages(sample_build):
    return page_types(*sample_build)


def page_in_mode(open_page, width, height, mode):
    recorder = open_page(width, height)
    if mode == "elder":
        recorder.goto("/")
        turn_elder_mode_on(recorder.page)
    return recorder


@pytest.mark.parametrize("mode", ["normal", "elder"])
def test_every_page_type_has_no_wcag_a_or_aa_violations(open_page, pages, mode):
    recorder = page_in_mode(open_page, 1280, 900, mode)
    violations = {}
    for name, path in pages.items():
        recorder.goto(path)
        in_elder_mode = recorder.page.evaluate("() => document.documentElement.classList.contains('elder')")
        assert in_elder_mode == (mode == "elder"), f"{name}: 长者模式 should be {mode}"
        found = run_axe(recorder.page, extra_rules=["color-contrast-enhanced"] if mode == "elder" else [])
        if found:
            violations[name] = found
    assert violations == {}


@pytest.mark.parametrize("mode", ["normal", "elder"])
def test_phone_width_pages_have_no_wcag_a_or_aa_violations(open_page, pages, mode):
    """Reflowed layouts (stacked tables, wrapped header) keep their contrast and structure."""
    recorder = page_in_mode(open_page, 375, 740, mode)
    violations = {}
    for name in ("home", "item-repealed", "dataset", "dataset-changes", "search", "not-found", "report-county", "apply"):
        recorder.goto(pages[name])
        found = run_axe(recorder.page)
        if found:
            violations[name] = found
    assert violations == {}


def test_charts_are_images_with_a_text_alternative(open_page, pages):
    recorder = open_page()
    recorder.goto(pages["dataset"])
    charts = recorder.page.evaluate("""() => [...document.querySelectorAll('figure.chart')].map(figure => {
        const svg = figure.querySelector('svg');
        const named = id => (document.getElementById(id) || {}).textContent || '';
        return {role: svg && svg.getAttribute('role'),
                title: svg && svg.querySelector(':scope > title') ? svg.querySelector(':scope > title').textContent.trim() : '',
                desc: svg && svg.querySelector(':scope > desc') ? svg.querySelector(':scope > desc').textContent.trim() : '',
                name: svg ? (svg.getAttribute('aria-labelledby') || '').split(' ').map(named).join(' ').trim() : '',
                caption: (figure.querySelector('figcaption') || {}).textContent || ''};
    })""")
    assert charts, "the dataset page should show at least one chart"
    for chart in charts:
        assert chart["role"] == "img"
        assert chart["title"] and chart["desc"]
        assert chart["title"] in chart["name"] and chart["desc"] in chart["name"]
        assert chart["title"] in chart["caption"] and chart["desc"] in chart["caption"]


def test_data_tables_have_captions_and_column_headers(open_page, pages):
    recorder = open_page()
    for name in ("dataset", "dataset-changes", "item-attachments", "item-repealed", "report-county", "timeliness", "apply"):
        recorder.goto(pages[name])
        tables = recorder.page.evaluate("""() => [...document.querySelectorAll('main table')].map(table => ({
            caption: table.caption ? table.caption.textContent.trim() : '',
            data: table.classList.contains('data-table') || table.classList.contains('meta-table'),
            headers: table.querySelectorAll('th').length}))""")
        assert tables, f"{name}: expected a table"
        for table in tables:
            assert table["headers"] > 0, f"{name}: a table without header cells"
            # The theme's own tables are captioned; Markdown tables in a body cannot carry one.
            assert table["caption"] or not table["data"], f"{name}: a theme table without a caption"
