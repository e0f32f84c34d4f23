"""The pages of the 政府信息公开 structure (DESIGN §4): 公开时效, 信息公开年报, 依申请公开,
信息公开制度, 法定主动公开内容 and the self-check, as routes the Pelican adapter renders."""

from __future__ import annotations

from ..core import addresses
from .pageroute import KIND_LISTING, Route, paginate
from .transparencyfiles import files
from ..model.site import Facet

KIND_REPORT = "年度报告"
AUDIT_URL = addresses.AUDIT
POLICY_READING = "政策解读"  # the genre the 政策解读 column lists


def routes(site, page_size: int) -> list:
    transparency = site.transparency
    if transparency is None:
        return []
    found = [Route(addresses.TIMELINESS, "timeliness.html", "公开时效", KIND_LISTING, {"timeliness": transparency.timeliness}),
             Route(addresses.REPORTS, "reports.html", "政府信息公开工作年度报告", KIND_LISTING)]
    for year in transparency.years:
        consolidated = transparency.consolidated(year)
        if consolidated is not None:
            found.append(Route(consolidated.url, "report.html", consolidated.heading, KIND_REPORT, {"report": consolidated}))
        else:
            found.append(Route(addresses.report_page(year), "reports.html", f"{year}年度政府信息公开工作年度报告", KIND_LISTING,
                               {"year": year}))
        for report in transparency.reports_of(year):
            found.append(Route(report.url, "report.html", report.heading, KIND_REPORT, {"report": report}))
    found.append(Route(addresses.APPLY, "apply.html", "依申请公开", KIND_LISTING, {"column": transparency.columns.get("apply")}))
    found.append(Route(addresses.SYSTEM, "system.html", "信息公开制度", KIND_LISTING, {"column": transparency.columns.get("system")}))
    if not any(item.genre == POLICY_READING for item in site.items):  # the 政策解读 column exists even when empty
        facet = Facet("genre", POLICY_READING, POLICY_READING, [])
        found += paginate(facet.url, "catalogue.html", f"按体裁：{POLICY_READING}", [], page_size, facet=facet)
    found.append(Route(addresses.STATUTORY, "statutory.html", "法定主动公开内容", KIND_LISTING))
    for article in transparency.statutory:
        for node in article.nodes:
            if node.own_page:
                found += paginate(node.url, "catalogue.html", node.title, node.items, page_size, statutory=node)
    found.append(Route(AUDIT_URL, "audit.html", "网站自查", KIND_LISTING, {"audit": transparency.audit}))
    return found


def searchable(site) -> list[str]:
    """The report pages carry data-pagefind-body: each report is found by search."""
    return [report.url for report in site.transparency.reports] if site.transparency else []


def markdown_sources(site) -> list[tuple[str, int, str]]:
    """(file, first line, Markdown) written by clerks here: the links in them are checked like an item's."""
    transparency = site.transparency
    if transparency is None:
        return []
    found = [(column.rel, 1, column.body_source) for column in transparency.columns.values()]
    for report in transparency.reports:
        found += [(report.rel, report.text_lines.get(name, 1), text) for name, text in report.texts.items() if text]
    return found


def published_files(site) -> set[str]:
    """The downloads these pages add to the site (content may link to them)."""
    found = set(files(site, ""))
    column = site.transparency.columns.get("apply") if site.transparency else None
    if column is not None and column.form is not None:
        found.add(column.form.url)
    return found
