"""One URL for every page type of the built sample site, derived from its sources and catalogue."""

from __future__ import annotations

import json
import re
from pathlib import Path

import yaml

AXE = Path(__file__).resolve().parent.parent / "node" / "node_modules" / "axe-core" / "axe.min.js"
SCREENS = Path(__file__).resolve().parents[2] / "output-screens"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


def item_slug(index_no: str) -> str:
    """The URL slug of a disclosure item: every char outside [0-9A-Za-z-] becomes '-' (DESIGN §4)."""
    return re.sub(r"[^0-9A-Za-z-]", "-", index_no)


def _front_matter(path: Path) -> dict:
    text = path.read_text(encoding="utf-8")
    _, header, _ = text.split("---\n", 2)
    return yaml.safe_load(header)


def _item_url(item: dict) -> str:
    return f"/disclosures/{item_slug(str(item['index_no']))}/"


def _first_folder(parent: Path) -> str:
    return sorted(child.name for child in parent.iterdir() if child.is_dir() and child.name != "page")[0]


def page_types(root: Path, output: Path) -> dict[str, str]:
    """{page type: path} covering every template of the theme, in a stable order."""
    items = [_front_matter(path) for path in sorted((root / "content" / "disclosures").rglob("*.md"))]
    by_index_no = {str(item["index_no"]): item for item in items}
    repealed = next(item for item in items if item.get("validity") == "废止")
    with_attachments = next(item for item in items if item.get("attachments"))
    reading = next(item for item in items if item.get("interprets"))
    interpreted = by_index_no[str(reading["interprets"][0])]
    with_chart = sorted(path.parent.name for path in (root / "datasets").glob("*/datapackage.yaml")
                        if (yaml.safe_load(path.read_text(encoding="utf-8")) or {}).get("views"))[0]
    catalogue = json.loads((output / "api" / "disclosures.json").read_text(encoding="utf-8"))
    assert {record["url"] for record in catalogue} >= {_item_url(item) for item in items if not item.get("embargo")}
    genre = _first_folder(output / "disclosures" / "genre")
    reports = sorted((root / "content" / "reports").glob("*/*.yaml"))
    report_year = reports[-1].parent.name
    report_agency = next(path.stem for path in reports if path.parent.name == report_year and path.stem != "index")
    pages = {
        "home": "/",
        "catalogue": "/disclosures/",
        "catalogue-page-2": "/disclosures/page/2/",
        "browse-agency": "/disclosures/agency/",
        "browse-category": "/disclosures/category/",
        "facet-genre": f"/disclosures/genre/{genre}/",
        "normative": "/disclosures/normative/",
        "item-repealed": _item_url(repealed),
        "item-attachments": _item_url(with_attachments),
        "item-interpretation": _item_url(reading),
        "item-interpreted": _item_url(interpreted),
        "agency": f"/agencies/{reading['agency']}/",
        "agencies": "/agencies/",
        "datasets": "/datasets/",
        "datasets-overdue": "/datasets/overdue/",
        "dataset": f"/datasets/{with_chart}/",
        "dataset-changes": f"/datasets/{with_chart}/changes/",
        "search": "/search/",
        "page-about": "/about/",
        "page-guide": "/guide/",
        "page-accessibility": "/accessibility/",
        # The 政府信息公开 structure (reports, timeliness, 依申请公开 ...): one of each page type.
        "timeliness": "/timeliness/",
        "reports": "/reports/",
        "report-county": f"/reports/{report_year}/",
        "report-agency": f"/reports/{report_year}/{report_agency}/",
        "apply": "/apply/",
        "system": "/system/",
        "statutory": "/statutory/",
        "statutory-node": "/statutory/20-1/",
        "audit": "/audit/",
        "not-found": "/no/such/page/",
    }
    if not (output / "disclosures" / "page" / "2" / "index.html").exists():
        del pages["catalogue-page-2"]
    return pages


def run_axe(page, tags=WCAG_TAGS, extra_rules=()) -> list[dict]:
    """axe-core's violations on the open page: the rules of these tags plus extra_rules. axe is injected by
    the test only, never shipped in the site."""
    if not page.evaluate("() => typeof window.axe === 'object'"):
        page.add_script_tag(path=str(AXE))
    options = {"runOnly": {"type": "tag", "values": tags}, "resultTypes": ["violations"],
               "rules": {rule: {"enabled": True} for rule in extra_rules}}
    result = page.evaluate("options => axe.run(document, options)", options)
    return [{"rule": violation["id"], "impact": violation["impact"], "help": violation["help"],
             "nodes": [" ".join(map(str, node["target"])) for node in violation["nodes"]][:5]}
            for violation in result["violations"]]


def turn_elder_mode_on(page):
    """Press the visible 长者模式 toggle, as a person would."""
    toggle = page.locator("#elder-toggle")
    if toggle.get_attribute("aria-pressed") != "true":
        toggle.click()
    assert page.evaluate("() => document.documentElement.classList.contains('elder')")


# The tap-target rule (WCAG 2.5.5, and 适老化 guidance): every visible a, button, input, select,
# textarea, summary or [tabindex] is at least 44 CSS px high, unless it is a link inside running
# text — an inline link whose nearest block holds other words too (WCAG exempts targets "in a
# sentence or block of text"; padding them to 44 px would break the line spacing of the paragraph).
SMALL_TARGETS_JS = """minimum => {
  const controls = document.querySelectorAll('a[href], button, input:not([type=hidden]), select, textarea, summary, [tabindex]:not([tabindex="-1"])');
  const blockOf = element => {
    let node = element.parentElement;
    while (node && getComputedStyle(node).display.startsWith('inline')) node = node.parentElement;
    return node;
  };
  const small = [];
  for (const control of controls) {
    const box = control.getBoundingClientRect();
    const style = getComputedStyle(control);
    if (box.width === 0 || box.height === 0 || style.visibility === 'hidden') continue;
    if (control.closest('.visually-hidden, [hidden]')) continue;
    if (control.matches('.skip-link') && box.bottom <= 0) continue;
    if (box.height >= minimum) continue;
    if (control.tagName === 'A' && style.display === 'inline') {
      const block = blockOf(control);
      const words = block ? block.textContent.replace(control.textContent, '').replace(/\\s+/g, '') : '';
      if (words.length > 0) continue;
    }
    small.push(`${control.tagName.toLowerCase()}${control.className ? '.' + control.className.split(' ')[0] : ''} "${(control.textContent || control.value || control.name || '').trim().slice(0, 24)}" ${Math.round(box.height)}px`);
  }
  return small;
}"""


# Font size and line height of every piece of visible text, grouped by the element that holds it.
TEXT_METRICS_JS = """() => {
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  const seen = new Map();
  while (walker.nextNode()) {
    const text = walker.currentNode;
    const element = text.parentElement;
    if (!text.textContent.trim() || seen.has(element)) continue;
    if (element.closest('.visually-hidden, [hidden], svg, script, style, noscript')) continue;
    const box = element.getBoundingClientRect();
    const style = getComputedStyle(element);
    if (box.width === 0 || box.height === 0 || style.visibility === 'hidden' || box.bottom <= 0) continue;
    const size = parseFloat(style.fontSize);
    const lineHeight = style.lineHeight === 'normal' ? 1.2 * size : parseFloat(style.lineHeight);
    seen.set(element, {element: element.tagName.toLowerCase() + (element.className ? '.' + String(element.className).split(' ')[0] : ''),
                       text: text.textContent.trim().slice(0, 16), size, ratio: lineHeight / size});
  }
  return [...seen.values()];
}"""


def keep_full_page(page, path: Path) -> None:
    """A full-page screenshot kept for people to look at (output-screens/), not what a test
    asserts. Chromium on a loaded machine has once answered "Unable to capture screenshot" for a
    tall page (two test suites at once): tried once more after a moment, any other error raised."""
    from playwright.sync_api import Error

    try:
        page.screenshot(path=str(path), full_page=True)
    except Error as error:
        if "Unable to capture screenshot" not in str(error):
            raise
        page.wait_for_timeout(1000)
        page.screenshot(path=str(path), full_page=True)
