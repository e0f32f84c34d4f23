"""Every address the site publishes comes from one place (core/addresses.py) and follows DESIGN §4.

The patterns below are written from DESIGN §4 (the public URL contract), not from the code: every
file of the sample build must match one, each row of the contract that the sample site exercises
must be matched by a file, and every page, download and feed the addresses module names for the
site's records must be a file of the build."""

import re
from urllib.parse import unquote

import pytest

from gongkai.check import check_site
from gongkai.core import addresses
from gongkai.outputs.links import published_urls
from gongkai.outputs.routes import plan
from support import BUILD_EPOCH

NAME = r"[a-z0-9][a-z0-9-]*"  # an id or dataset name (core/names.py's rule, lower case in the sample)
SLUG = r"[0-9A-Za-z-]+"  # index_no with every char outside [0-9A-Za-z-] turned into "-"
SEGMENT = r"[^/]+"  # a facet value, e.g. 财政 or 2025
PAGED = r"(page/[0-9]+/)?"

# (the §4 row, the files it stands for)
CONTRACT = [
    ("/", r"index\.html"),
    ("/disclosures/ (browse by agency, 主题分类, 文种, year; paginated)",
     rf"disclosures/({PAGED}|normative/{PAGED}|(agency|category|genre|year)/({SEGMENT}/)?{PAGED})index\.html"),
    ("/disclosures/<slug>/", rf"disclosures/{SLUG}/index\.html"),
    ("/agencies/<id>/", rf"agencies/({NAME}/)?index\.html"),
    ("/datasets/ and /datasets/<name>/ (and their browse pages)",
     rf"datasets/({NAME}/|(frequency|theme|publisher|overdue)/({SEGMENT}/)?)?index\.html"),
    ("/datasets/<name>/<name>.zip", rf"datasets/(?P<a>{NAME})/(?P=a)\.zip"),
    ("/datasets/<name>/datapackage.json", rf"datasets/{NAME}/datapackage\.json"),
    ("/datasets/<name>/<resource file> (+ other formats)", rf"datasets/{NAME}/{SEGMENT}\.(csv|xlsx|json)"),
    ("/search/", r"search/index\.html"),
    ("/api/…json", r"api/(disclosures|datasets|agencies)\.json"),
    ("/catalog/disclosures.zip", r"catalog/disclosures\.zip"),
    ("/feeds/…atom.xml, /sitemap.xml, /robots.txt", rf"feeds/(all|agencies/{NAME})\.atom\.xml|sitemap\.xml|robots\.txt"),
    ("/feeds/datasets.atom.xml (and per agency)", rf"feeds/(agencies/{NAME}/)?datasets\.atom\.xml"),
    ("/datasets/<name>/changes/, changes.csv", rf"datasets/{NAME}/changes(/index\.html|\.csv)"),
    ("/catalog.jsonld, /catalog.ttl, /data.json", r"catalog\.jsonld|catalog\.ttl|data\.json"),
    ("/timeliness/", r"timeliness/(index\.html|timeliness\.csv|late\.csv|timeliness\.json)"),
    ("/reports/, /reports/<year>/, /reports/<year>/<agency>/ (+ report.csv)",
     rf"reports/([0-9]{{4}}/({NAME}/)?)?(index\.html|report\.csv|datapackage\.json)"),
    ("/apply/, /system/, /statutory/, /audit/", rf"(apply|system|statutory(/{SEGMENT})?|audit)/index\.html"),
]
# Files DESIGN does not list as URLs of their own: the static pages (content/pages/<slug>.md), the
# theme's assets, attachments, the search index and its tables, the 404 page and the manifest.
SUPPORT = re.compile(rf"({NAME})/index\.html|theme/.+|attachments/.+|pagefind(-[0-9]+)?/.+|search/.+\.json"
                     r"|404\.html|build\.json")


@pytest.fixture(scope="module")
def built(sample_build):
    root, output = sample_build
    site, _ = check_site(root, BUILD_EPOCH)
    files = {path.relative_to(output).as_posix() for path in output.rglob("*") if path.is_file()}
    return site, files


def test_every_published_file_follows_the_url_contract(built):
    site, files = built
    pages = {page.url + "index.html" for page in site.pages}
    strays = sorted(rel for rel in files
                    if not any(re.fullmatch(pattern, rel) for _, pattern in CONTRACT)
                    and not (rel in pages or SUPPORT.fullmatch(rel)))
    assert strays == []


def test_every_row_of_the_contract_is_published_by_the_sample_site(built):
    _, files = built
    unused = [row for row, pattern in CONTRACT if not any(re.fullmatch(pattern, rel) for rel in files)]
    assert unused == []


def test_the_addresses_of_every_record_are_files_of_the_build(built):
    site, files = built
    named = {route.save_as for route in plan(site)} | published_urls(site)
    named |= {addresses.item_page(item.slug) + "index.html" for item in site.items}
    named |= {addresses.agency_page(agency.id) + "index.html" for agency in site.agencies}
    named |= {addresses.agency_feed(agency.id) for agency in site.agencies}
    for dataset in site.datasets:
        named |= {addresses.dataset_page(dataset.name) + "index.html", addresses.changes_csv(dataset.name),
                  addresses.dataset_zip(dataset.name), addresses.datapackage_json(dataset.name)}
    pages = {unquote(url) + "index.html" if url.endswith("/") or url == "" else unquote(url) for url in named}
    assert sorted(pages - files) == []


def test_addresses_encode_what_becomes_one_path_segment():
    assert addresses.facet_url("category", "财政/金融") == "disclosures/category/%E8%B4%A2%E6%94%BF%2F%E9%87%91%E8%9E%8D/"
    assert addresses.dataset_file("budget", "支出 2025.csv") == "datasets/budget/%E6%94%AF%E5%87%BA%202025.csv"
