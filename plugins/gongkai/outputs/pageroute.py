"""One page the portal publishes, as a value: its address, template, title and kind, and the
pagination of a long listing. routes.py plans them all; transparencypages.py adds its own."""

from __future__ import annotations

from dataclasses import dataclass, field
from urllib.parse import unquote

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
