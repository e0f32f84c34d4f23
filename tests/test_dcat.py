"""/catalog.ttl and /catalog.jsonld: DCAT-AP 3, checked with pyshacl against SEMIC's official shapes.

Which shapes, and why (see tests/fixtures/dcat-ap/README.md for the pinned files):
- shapes.ttl (mandatory properties, cardinalities, literal ranges) together with range.ttl (the class
  of every object: a publisher is a foaf:Agent, a licence a dct:LicenseDocument ...). That is the
  "base + ranges" validation the specification describes for a harvesting exchange; zero violations.
- run without inference and without imports.ttl (it imports ontologies from the network): the
  catalogue types every resource it names, so sh:class holds on the data graph alone.
- not mdr-vocabularies.shape.ttl: it checks membership of the EU code lists, which would have to be
  downloaded; the crosswalk's codes are checked against the EU tables by hand in this module instead.
- shapes_recommended.ttl separately: its results are warnings. The only ones left are dcat:bbox and
  dcat:centroid of places (the portal holds no geometry), asserted exactly.
Each bad fixture is the real catalogue with one thing taken out, and must give exactly the result
the shapes promise, so the check is known to be able to fail.
"""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path
from urllib.parse import unquote

import pytest
import yaml
from pyshacl import validate
from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.compare import isomorphic
from rdflib import namespace as ns

from gongkai.build.build import build
from support import REPO

SHAPES = Path(__file__).resolve().parent / "fixtures" / "dcat-ap"
BASE = "http://127.0.0.1:8000/"
# rdflib's vocabularies through `ns.`: module-level DefinedNamespace objects make pytest's
# collection warn when it probes them.
SPDX = Namespace("http://spdx.org/rdf/terms#")
VCARD = Namespace("http://www.w3.org/2006/vcard/ns#")
# The EU frequency table's codes for our update_frequency values (from the Publications Office's
# authority table: ANNUAL_2 is "semiannual", twice a year).
EU_FREQUENCY = {"daily": "DAILY", "weekly": "WEEKLY", "monthly": "MONTHLY", "quarterly": "QUARTERLY",
                "semiannual": "ANNUAL_2", "annual": "ANNUAL", "irregular": "IRREG", "never": "NEVER"}
FREQUENCY = "http://publications.europa.eu/resource/authority/frequency/"


def shapes(*names: str) -> Graph:
    graph = Graph()
    for name in names:
        graph.parse(SHAPES / name, format="turtle")
    return graph


def results(data: Graph, *names: str) -> list[tuple]:
    """(severity, focus node, path, constraint component) of every result, sorted."""
    _, report, _ = validate(data, shacl_graph=shapes(*names), inference="none", advanced=False)
    found = []
    for result in report.subjects(ns.RDF.type, ns.SH.ValidationResult):
        found.append((str(report.value(result, ns.SH.resultSeverity)).split("#")[-1], str(report.value(result, ns.SH.focusNode)),
                      str(report.value(result, ns.SH.resultPath)),
                      str(report.value(result, ns.SH.sourceConstraintComponent)).split("#")[-1]))
    return sorted(found)


@pytest.fixture(scope="module")
def catalogue(sample_build) -> Graph:
    _, output = sample_build
    return Graph().parse(output / "catalog.ttl", format="turtle")


def copy_of(graph: Graph) -> Graph:
    copy = Graph()
    for triple in graph:
        copy.add(triple)
    return copy


def test_catalogue_has_zero_violations_of_the_dcat_ap_3_shapes(catalogue):
    assert results(catalogue, "shapes.ttl", "range.ttl") == []


def test_recommended_shapes_leave_only_the_missing_geometry_warnings(catalogue):
    places = sorted(str(place) for place in catalogue.subjects(ns.RDF.type, ns.DCTERMS.Location))
    assert len(places) >= 2
    expected = sorted(("Warning", place, str(ns.DCAT[name]), "MinCountConstraintComponent")
                      for place in places for name in ("bbox", "centroid"))
    assert results(catalogue, "shapes_recommended.ttl") == expected


def test_a_catalogue_without_publisher_violates_the_shapes(catalogue):
    bad = copy_of(catalogue)
    catalog = next(bad.subjects(ns.RDF.type, ns.DCAT.Catalog))
    bad.remove((catalog, ns.DCTERMS.publisher, None))
    assert results(bad, "shapes.ttl", "range.ttl") == [
        ("Violation", str(catalog), str(ns.DCTERMS.publisher), "MinCountConstraintComponent")]


def test_a_publisher_without_its_name_violates_the_shapes(catalogue):
    bad = copy_of(catalogue)
    dataset = URIRef(BASE + "datasets/hotline-12345-monthly/#dataset")
    publisher = bad.value(dataset, ns.DCTERMS.publisher)
    bad.remove((publisher, ns.FOAF.name, None))
    assert results(bad, "shapes.ttl", "range.ttl") == [
        ("Violation", str(publisher), str(ns.FOAF.name), "MinCountConstraintComponent")]


def test_a_publisher_that_is_no_agent_fails_the_range_shapes(catalogue):
    bad = copy_of(catalogue)
    dataset = URIRef(BASE + "datasets/hotline-12345-monthly/#dataset")
    publisher = bad.value(dataset, ns.DCTERMS.publisher)
    bad.remove((publisher, ns.RDF.type, None))
    users = sorted(str(d) for d in bad.subjects(ns.DCTERMS.publisher, publisher))
    assert str(dataset) in users
    assert results(bad, "shapes.ttl", "range.ttl") == [
        ("Violation", user, str(ns.DCTERMS.publisher), "ClassConstraintComponent") for user in users]
    assert results(bad, "shapes.ttl") == []  # the class is only the range file's business


def test_a_distribution_without_licence_loses_a_recommended_property(catalogue):
    bad = copy_of(catalogue)
    distribution = URIRef(BASE + "datasets/hotline-12345-monthly/#download-hotline-monthly.csv")
    assert (distribution, ns.RDF.type, ns.DCAT.Distribution) in bad
    bad.remove((distribution, ns.DCTERMS.license, None))
    assert results(bad, "shapes.ttl", "range.ttl") == []  # recommended, not mandatory, in DCAT-AP 3
    new = set(results(bad, "shapes_recommended.ttl")) - set(results(catalogue, "shapes_recommended.ttl"))
    assert new == {("Warning", str(distribution), str(ns.DCTERMS.license), "MinCountConstraintComponent")}


def test_turtle_and_json_ld_are_the_same_graph_and_round_trip(sample_build, catalogue):
    _, output = sample_build
    from_jsonld = Graph().parse(output / "catalog.jsonld", format="json-ld")
    assert len(catalogue) > 500 and isomorphic(catalogue, from_jsonld)
    again = Graph().parse(data=from_jsonld.serialize(format="turtle"), format="turtle")
    assert isomorphic(again, catalogue)
    again = Graph().parse(data=catalogue.serialize(format="json-ld"), format="json-ld")
    assert isomorphic(again, from_jsonld)


def test_every_dataset_is_described_as_its_sources_say(sample_build, catalogue):
    _, output = sample_build
    agencies = {a["id"]: a for a in yaml.safe_load((REPO / "content" / "agencies.yaml").read_text(encoding="utf-8"))}
    sources = sorted((REPO / "datasets").glob("*/datapackage.yaml"))
    assert len(sources) >= 6
    for path in sources:
        source = yaml.safe_load(path.read_text(encoding="utf-8"))
        node = URIRef(f"{BASE}datasets/{source['name']}/#dataset")
        assert (node, ns.RDF.type, ns.DCAT.Dataset) in catalogue
        assert catalogue.value(node, ns.DCTERMS.title) == Literal(source["title"], lang="zh")
        assert catalogue.value(node, ns.DCTERMS.description) == Literal(source["description"], lang="zh")
        assert set(catalogue.objects(node, ns.DCAT.keyword)) == {Literal(k, lang="zh") for k in source.get("keywords", [])}
        publisher = catalogue.value(node, ns.DCTERMS.publisher)
        assert catalogue.value(publisher, ns.FOAF.name) == Literal(agencies[source["publisher"]]["name"], lang="zh")
        assert (publisher, ns.RDF.type, ns.FOAF.Agent) in catalogue
        assert catalogue.value(node, ns.DCTERMS.accrualPeriodicity) == URIRef(FREQUENCY + EU_FREQUENCY[source["update_frequency"]])
        assert str(catalogue.value(node, ns.DCTERMS.modified)) == source["modified"].isoformat()
        assert str(catalogue.value(node, ns.DCTERMS.issued)) == source["created"][:10]
        assert catalogue.value(node, ns.DCTERMS.language) == URIRef("http://publications.europa.eu/resource/authority/language/ZHO")
        assert catalogue.value(node, ns.DCTERMS.license) is None  # licences are on the distributions
        contact = catalogue.value(node, ns.DCAT.contactPoint)
        assert catalogue.value(contact, VCARD.fn) == Literal(source["contact"]["name"], lang="zh")
        assert catalogue.value(contact, VCARD.hasEmail) == URIRef(f"mailto:{source['contact']['email']}")
        theme_labels = {str(catalogue.value(theme, URIRef("http://www.w3.org/2004/02/skos/core#prefLabel")))
                        for theme in catalogue.objects(node, ns.DCAT.theme)}
        assert source["theme"] in theme_labels
        distributions = list(catalogue.objects(node, ns.DCAT.distribution))
        resources = source["resources"]
        assert len(distributions) == 2 + 3 * len(resources)  # zip, datapackage.json, then CSV/XLSX/JSON each
        for distribution in distributions:
            url = str(catalogue.value(distribution, ns.DCAT.downloadURL))
            assert url.startswith(f"{BASE}datasets/{source['name']}/") and url == str(catalogue.value(distribution, ns.DCAT.accessURL))
            published = output / unquote(url.removeprefix(BASE))
            assert published.is_file(), url
            assert int(catalogue.value(distribution, ns.DCAT.byteSize)) == published.stat().st_size
            checksum = catalogue.value(distribution, SPDX.checksum)
            assert str(catalogue.value(checksum, SPDX.checksumValue)) == hashlib.sha256(published.read_bytes()).hexdigest()
            assert catalogue.value(checksum, SPDX.algorithm) == SPDX.checksumAlgorithm_sha256
            assert catalogue.value(distribution, ns.DCTERMS.license) == URIRef("https://creativecommons.org/licenses/by/4.0/")
            media = {".csv": "text/csv", ".json": "application/json", ".zip": "application/zip",
                     ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}[published.suffix]
            assert catalogue.value(distribution, ns.DCAT.mediaType) == URIRef(f"http://www.iana.org/assignments/media-types/{media}")
        names = {str(catalogue.value(d, ns.DCAT.downloadURL)).rsplit("/", 1)[-1] for d in distributions}
        assert {f"{source['name']}.zip", "datapackage.json"} | {Path(r["path"]).name for r in resources} <= names


def test_the_disclosure_catalogue_is_a_dataset_with_its_zip(sample_build, catalogue):
    _, output = sample_build
    node = URIRef(BASE + "disclosures/#dataset")
    catalog = next(catalogue.subjects(ns.RDF.type, ns.DCAT.Catalog))
    assert (catalog, ns.DCAT.dataset, node) in catalogue
    assert catalogue.value(node, ns.DCTERMS.title) == Literal("政府信息公开目录", lang="zh")
    urls = {str(catalogue.value(d, ns.DCAT.downloadURL)) for d in catalogue.objects(node, ns.DCAT.distribution)}
    assert urls == {BASE + "catalog/disclosures.zip", BASE + "api/disclosures.json"}
    publisher = catalogue.value(catalog, ns.DCTERMS.publisher)
    # The operator is the office agencies.yaml marks as the site's contact (one source of contact data).
    contact = next(a for a in yaml.safe_load((REPO / "content" / "agencies.yaml").read_text(encoding="utf-8"))
                   if a.get("site_contact"))
    assert catalogue.value(publisher, ns.FOAF.name) == Literal(contact["name"], lang="zh")


def test_every_chinese_literal_carries_the_zh_tag(catalogue):
    untagged = [(s, p, o) for s, p, o in catalogue if isinstance(o, Literal) and any("\u4e00" <= c <= "\u9fff" for c in o)
                and o.language != "zh"]
    assert untagged == []


def test_a_published_build_writes_every_url_under_its_siteurl(mini_site):
    """With a real SITEURL (publishconf), catalogue, feeds and sitemap use it, never the preview address."""
    shutil.copytree(REPO / "datasets" / "public-consultations", mini_site / "datasets" / "public-consultations")
    with (mini_site / "content" / "agencies.yaml").open("a", encoding="utf-8") as handle:
        handle.write("- id: qx-gov-office\n  name: 清溪县人民政府办公室\n")
    output = mini_site / "output"
    assert build(mini_site, mini_site / "publishconf.py", output) == 0
    site = "https://qingxi.example.gov.cn/"
    graph = Graph().parse(output / "catalog.ttl", format="turtle")
    urls = {str(o) for o in graph.objects(None, ns.DCAT.downloadURL)}
    assert urls and all(url.startswith(site) for url in urls)
    for name in ("catalog.ttl", "catalog.jsonld", "data.json", "sitemap.xml", "feeds/all.atom.xml", "feeds/datasets.atom.xml"):
        text = (output / name).read_text(encoding="utf-8")
        assert "127.0.0.1" not in text and site in text, name


def test_a_rebuild_keeps_the_dcat_files_only_while_their_statements_are_the_same(tmp_path):
    """catalog.ttl and catalog.jsonld are kept (linked from the previous build) when the graph's
    statements did not change, and made again when one did; each time equal to a fresh build."""
    from gongkai.build.context import BuildOptions
    from support import copy_sample_site, publish_a_change, tree_digest

    site = copy_sample_site(tmp_path / "site")
    output = site / "output"
    settings = site / "pelicanconf.py"
    assert build(site, settings, output) == 0
    first = {name: (output / name).stat().st_ino for name in ("catalog.ttl", "catalog.jsonld")}
    publish_a_change(site)  # one more sentence in an item's text: no statement of the catalogue
    assert build(site, settings, output) == 0
    assert {name: (output / name).stat().st_ino for name in first} == first
    item = sorted((site / "content" / "disclosures").rglob("*.md"))[0]
    text = item.read_text(encoding="utf-8")
    published = next(line for line in text.splitlines() if line.startswith("published:"))
    item.write_text(text.replace(published, "published: 2026-11-24", 1), encoding="utf-8")  # the newest item
    assert build(site, settings, output) == 0
    assert all((output / name).stat().st_ino != first[name] for name in first)
    assert "2026-11-24" in (output / "catalog.ttl").read_text(encoding="utf-8")
    fresh = tmp_path / "fresh"
    assert build(site, settings, fresh, options=BuildOptions(serial=True, cache=False)) == 0
    assert tree_digest(output) == tree_digest(fresh)
