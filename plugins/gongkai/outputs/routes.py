"""Every HTML page the portal publishes, as data: (where, which template, what it shows).

The Pelican adapter renders these; the sitemap and the search-index check count them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from urllib.parse import unquote

from .addresses import changes_page
from ..model.site import Site
from ..core.urls import dataset_facet_url

# What kind of thing a page is (the search page shows the same words as its 类型 filter).
KIND_ITEM, KIND_DATASET, KIND_AGENCY, KIND_PAGE, KIND_LISTING = "信息公开", "数据集", "机构", "页面", "列表"


@dataclass
class Pagination:
    number: int
    count: int
    total_items: int
    base_url: str

    def url_of(self, number: int) -> str:
        return self.base_url if number == 1 else f"{self.base_url}page/{number}/"

    @property
    def previous_url(self) -> str:
        return self.url_of(self.number - 1) if self.number > 1 else ""

    @property
    def next_url(self) -> str:
        return self.url_of(self.number + 1) if self.number < self.count else ""

    @property
    def numbers(self) -> list:
        return list(range(1, self.count + 1))


@dataclass
class Route:
    url: str  # site-relative, "" for the home page, always ending in "/" otherwise
    template: str
    title: str
    kind: str
    context: dict = field(default_factory=dict)

    @property
    def save_as(self) -> str:
        return f"{unquote(self.url)}index.html"


def paginate(url: str, template: str, title: str, items: list, size: int, **context) -> list[Route]:
    count = max(1, -(-len(items) // size))
    routes = []
    for number in range(1, count + 1):
        pagination = Pagination(number, count, len(items), url)
        chunk = items[(number - 1) * size: number * size]
        page_title = title if number == 1 else f"{title}（第{number}页）"
        routes.append(Route(pagination.url_of(number), template, page_title, KIND_LISTING,
                            dict(context, items=chunk, pagination=pagination, heading=title)))
    return routes


FACETS = (
    ("agency", "按发布机构"),
    ("category", "按主题分类"),
    ("genre", "按体裁"),
    ("year", "按年份"),
)


# Items per catalogue page. One constant, not a setting: the content link check must know every
# pagination URL without reading Pelican's settings.
PAGE_SIZE = 20


def plan(site: Site, page_size: int = PAGE_SIZE) -> list[Route]:
    routes: list[Route] = [Route("", "home.html", "首页", KIND_LISTING)]
    routes += paginate("disclosures/", "catalogue.html", "政府信息公开目录", site.items, page_size, browse=True)
    for kind, label in FACETS:
        facets = site.facets(kind)
        routes.append(Route(f"disclosures/{kind}/", "facets.html", f"{label}浏览", KIND_LISTING,
                            {"facet_kind": kind, "facets": facets, "heading": f"{label}浏览"}))
        for facet in facets:
            routes += paginate(facet.url, "catalogue.html", f"{label}：{facet.title}", facet.items, page_size, facet=facet)
    routes += paginate("disclosures/normative/", "catalogue.html", "现行有效规范性文件", site.normative_in_force,
                       page_size, normative=True)
    for item in site.items:
        routes.append(Route(item.url, "disclosure.html", item.title, KIND_ITEM, {"item": item}))
    routes.append(Route("agencies/", "agencies.html", "发布机构", KIND_LISTING))
    for agency in site.agencies:
        routes.append(Route(agency.url, "agency.html", agency.name, KIND_AGENCY, {"agency": agency}))
    routes.append(Route("datasets/", "datasets.html", "开放数据目录", KIND_LISTING, {"datasets": site.datasets}))
    routes.append(Route("datasets/overdue/", "datasets.html", "逾期未更新的数据集", KIND_LISTING,
                        {"datasets": site.overdue_datasets, "overdue_list": True}))
    for kind, label, key_of, title_of in _dataset_facets(site):
        values = sorted({key_of(d) for d in site.datasets})
        for value in values:
            members = [d for d in site.datasets if key_of(d) == value]
            routes.append(Route(dataset_facet_url(kind, value), "datasets.html", f"{label}：{title_of(value)}",
                                KIND_LISTING, {"datasets": members}))
    for dataset in site.datasets:
        routes.append(Route(f"datasets/{dataset.name}/", "dataset.html", dataset.title, KIND_DATASET, {"dataset": dataset}))
        routes.append(Route(changes_page(dataset.name), "changes.html", f"{dataset.title}：更新记录", KIND_LISTING,
                            {"dataset": dataset}))
    for page in site.pages:
        routes.append(Route(page.url, "page.html", page.title, KIND_PAGE, {"page": page}))
    from ..transparency.pages import routes as transparency_routes  # it needs this module's Route

    routes += transparency_routes(site, page_size)
    routes.append(Route("search/", "search.html", "站内搜索", KIND_LISTING))
    return routes


def _dataset_facets(site: Site):
    agencies = site.agencies_by_id
    frequencies = {f.value: f.title for f in site.vocabularies.update_frequencies}
    return (
        ("publisher", "按提供单位", lambda d: d.publisher, lambda v: agencies[v].name if v in agencies else v),
        ("theme", "按主题", lambda d: d.theme, lambda v: v),
        ("frequency", "按更新频率", lambda d: d.update_frequency, lambda v: frequencies.get(v, v)),
    )


def dataset_browse(site: Site) -> list[tuple[str, str, list]]:
    """For the dataset catalogue's browse box: (label, kind, [(title, url, count)]). Update
    frequencies go from the most to the least frequent, in the vocabulary's order (daily → never)."""
    frequency_order = [f.value for f in site.vocabularies.update_frequencies]
    result = []
    for kind, label, key_of, title_of in _dataset_facets(site):
        values = sorted({key_of(d) for d in site.datasets})
        if kind == "frequency":
            values.sort(key=lambda v: (frequency_order.index(v) if v in frequency_order else len(frequency_order), v))
        entries = [(title_of(v), dataset_facet_url(kind, v), sum(1 for d in site.datasets if key_of(d) == v)) for v in values]
        result.append((label, kind, entries))
    return result


def search_pages(site: Site) -> list[str]:
    """Output paths of the pages that carry data-pagefind-body: every item, agency, dataset and page."""
    urls = [item.url for item in site.items] + [agency.url for agency in site.agencies]
    urls += [f"datasets/{dataset.name}/" for dataset in site.datasets] + [page.url for page in site.pages]
    from ..transparency.pages import searchable

    urls += searchable(site)
    return sorted(f"{url}index.html" for url in urls)


def expected_search_pages(site: Site) -> int:
    return len(search_pages(site))
