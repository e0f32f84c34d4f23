"""The DCAT-AP 3 catalogue (/catalog.ttl, /catalog.jsonld): every dataset, and the disclosure
catalogue as a dataset, built as an rdflib graph and serialised twice.

Every node has an IRI under the site's address (no blank nodes, whose generated names would make
two builds differ). Resources we only point at (EU authority codes, licences, media types) are
typed here too, so the range checks of the DCAT-AP shapes hold without fetching the EU tables.
Chinese literals carry @zh. Turtle comes out sorted by rdflib; the JSON-LD is put in a fixed order
here, so the same commit and build date give the same bytes.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from pathlib import Path

from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCAT, DCTERMS, FOAF, RDF, RDFS, SKOS, XSD

from ..core import addresses
from ..core.addresses import dataset_facet_url
from . import crosswalk
from .portal import Portal
from .published import Download
from ..core import jsonout, outputfs

VCARD = Namespace("http://www.w3.org/2006/vcard/ns#")
SPDX = Namespace("http://spdx.org/rdf/terms#")
LOCN = Namespace("http://www.w3.org/ns/locn#")
DCATAP = Namespace("http://data.europa.eu/r5r/")
ADMS_PUBLISHER_TYPE = "http://purl.org/adms/publishertype/"
FORMAT_NOTES = {
    "CSV": "CSV 文件，UTF-8 编码，第一行是字段名。",
    "XLSX": "Excel 工作簿，可用 Excel 或 WPS 直接打开。",
    "JSON": "JSON 文件。",
    "ZIP": "ZIP 压缩包，根目录是 datapackage.json（Frictionless Data Package）。",
}
PREFIXES = {"dcat": DCAT, "dct": DCTERMS, "foaf": FOAF, "rdfs": RDFS, "skos": SKOS, "xsd": XSD, "vcard": VCARD,
            "spdx": SPDX, "locn": LOCN, "dcatap": DCATAP}
ZH = "zh"


def _date(value) -> Literal:
    """A date, or a partial one (2024, 2024-01) from a temporal range, with its XSD type."""
    text = value.isoformat() if isinstance(value, dt.date) else str(value)
    kind = {4: XSD.gYear, 7: XSD.gYearMonth}.get(len(text), XSD.date)
    return Literal(text, datatype=kind)


class CatalogueGraph:
    def __init__(self, portal: Portal):
        self.portal = portal
        self.graph = Graph(bind_namespaces="none")
        for prefix, namespace in PREFIXES.items():
            self.graph.bind(prefix, namespace)

    def node(self, site_relative: str, fragment: str = "") -> URIRef:
        return URIRef(self.portal.url(site_relative) + (f"#{fragment}" if fragment else ""))

    def add(self, subject, predicate, value) -> None:
        if value is not None and value != "":
            self.graph.add((subject, predicate, value))

    def text(self, subject, predicate, value: str) -> None:
        if value:
            self.graph.add((subject, predicate, Literal(value, lang=ZH)))

    def typed(self, iri: str, *classes) -> URIRef:
        node = URIRef(iri)
        for cls in classes:
            self.graph.add((node, RDF.type, cls))
        return node

    def concept(self, iri: str, scheme: str = "") -> URIRef:
        """An authority concept we name, with its official (English) label, so that it is a valid skos:Concept."""
        node = self.typed(iri, SKOS.Concept)
        label = crosswalk.CONCEPT_LABELS.get(iri) or crosswalk.EU_THEME_LABELS.get(iri.rsplit("/", 1)[-1], "")
        self.add(node, SKOS.prefLabel, Literal(label, lang="en") if label else None)
        if scheme:
            self.add(node, SKOS.inScheme, URIRef(scheme))
        return node

    # -- agents and contact points --

    def operator(self) -> URIRef:
        node = self.typed(self.portal.url("") + "#publisher", FOAF.Agent, FOAF.Organization)
        self.text(node, FOAF.name, self.portal.operator_name)
        self.add(node, FOAF.homepage, self.typed(self.portal.url(""), FOAF.Document))
        self.add(node, DCTERMS.type, self.concept(ADMS_PUBLISHER_TYPE + "LocalAuthority"))
        return node

    def agency(self, agency) -> URIRef:
        node = self.typed(self.portal.url(agency.url) + "#agency", FOAF.Agent, FOAF.Organization)
        self.text(node, FOAF.name, agency.name)
        if agency.code:
            self.add(node, DCTERMS.identifier, Literal(agency.code))
        self.add(node, FOAF.homepage, self.typed(self.portal.url(agency.url), FOAF.Document))
        self.add(node, DCTERMS.type, self.concept(ADMS_PUBLISHER_TYPE + "LocalAuthority"))
        return node

    def contact(self, iri: str, name: str, email: str, phone: str) -> URIRef:
        node = self.typed(iri, VCARD.Kind, VCARD.Organization)
        self.text(node, VCARD.fn, name)
        if email:
            self.add(node, VCARD.hasEmail, URIRef(f"mailto:{email}"))
        if phone:
            self.add(node, VCARD.hasTelephone, URIRef(f"tel:{phone.replace(' ', '')}"))
        return node

    # -- shared pieces --

    def license(self, license: dict, fallback_iri: str) -> URIRef:
        """A licence IRI typed dct:LicenseDocument; an unknown one named at the dataset's page."""
        node = self.typed(crosswalk.license_uri(license) or fallback_iri, DCTERMS.LicenseDocument)
        self.text(node, RDFS.label, license.get("title") or license.get("name") or "")
        for kind in crosswalk.license_types(license):
            self.add(node, DCTERMS.type, self.concept(kind))
        return node

    def region(self, label: str, iri: str) -> URIRef:
        node = self.typed(iri, DCTERMS.Location)
        self.text(node, LOCN.geographicName, label)
        return node

    def standard(self, iri: str) -> URIRef:
        return self.typed(iri, DCTERMS.Standard)

    def frequency(self, value: str) -> URIRef:
        return self.typed(crosswalk.frequency(value)[0], DCTERMS.Frequency)

    def distribution(self, dataset_node_iri: str, download: Download, license_node, modified,
                     description: str) -> URIRef:
        iri = dataset_node_iri.split("#", 1)[0] + "#download-" + download.url.rsplit("/", 1)[-1]
        node = self.typed(iri, DCAT.Distribution)
        url = URIRef(self.portal.url(download.url))
        self.text(node, DCTERMS.title, download.title)
        self.text(node, DCTERMS.description, description)
        self.add(node, DCATAP.availability, self.concept(crosswalk.AVAILABILITY_STABLE,
                                                         crosswalk.EU + "planned-availability"))
        self.add(node, DCAT.accessURL, url)
        self.add(node, DCAT.downloadURL, url)
        self.add(node, DCAT.byteSize, Literal(download.bytes, datatype=XSD.nonNegativeInteger))
        checksum = self.typed(f"{iri}-sha256", SPDX.Checksum)
        self.add(checksum, SPDX.algorithm, self.typed(str(SPDX.checksumAlgorithm_sha256), SPDX.ChecksumAlgorithm))
        self.add(checksum, SPDX.checksumValue, Literal(download.sha256, datatype=XSD.hexBinary))
        self.add(node, SPDX.checksum, checksum)
        self.add(node, DCAT.mediaType, self.typed(crosswalk.IANA + crosswalk.media_type(download.format),
                                                  DCTERMS.MediaType))
        self.add(node, DCTERMS["format"], self.typed(crosswalk.file_type(download.format), DCTERMS.MediaTypeOrExtent))
        self.add(node, DCTERMS.license, license_node)
        self.add(node, DCTERMS.modified, _date(modified))
        if download.conforms_to:
            self.add(node, DCTERMS.conformsTo, self.standard(download.conforms_to))
        return node

    def themes(self, values: list[str]) -> tuple[URIRef, dict]:
        """The site's 主题分类 as a SKOS concept scheme; each concept is its browse page and is
        matched to the EU data themes. Returns the scheme and {value: concept}."""
        scheme = self.typed(self.portal.url("") + "#themes", SKOS.ConceptScheme)
        self.text(scheme, DCTERMS.title, "主题分类")
        eu_scheme = self.eu_theme_scheme()
        concepts = {}
        for value in sorted(set(values)):
            concept = self.typed(self.portal.url(dataset_facet_url("theme", value)), SKOS.Concept)
            self.text(concept, SKOS.prefLabel, value)
            self.add(concept, SKOS.inScheme, scheme)
            for eu in crosswalk.eu_themes(value, self.portal.eu_themes):
                self.add(concept, SKOS.closeMatch, self.eu_theme(eu, eu_scheme))
            concepts[value] = concept
        return scheme, concepts

    def eu_theme_scheme(self) -> URIRef:
        scheme = self.typed(crosswalk.DATA_THEME_SCHEME, SKOS.ConceptScheme)
        self.add(scheme, DCTERMS.title, Literal(crosswalk.CONCEPT_LABELS[crosswalk.DATA_THEME_SCHEME], lang="en"))
        return scheme

    def eu_theme(self, iri: str, eu_scheme: URIRef) -> URIRef:
        return self.concept(iri, str(eu_scheme))


def catalogue_graph(site, portal: Portal, downloads: dict[str, list[Download]],
                    catalogue_downloads: list[Download]) -> Graph:
    """downloads: {dataset name: what the build published for it}, from published.dataset_downloads."""
    g = CatalogueGraph(portal)
    catalog = g.typed(portal.url("") + "#catalog", DCAT.Catalog)
    operator = g.operator()
    region = g.region(portal.region, portal.url("") + "#region") if portal.region else None
    language = g.typed(crosswalk.LANGUAGE_ZH, DCTERMS.LinguisticSystem)
    g.text(catalog, DCTERMS.title, portal.name)
    g.text(catalog, DCTERMS.description,
           f"{portal.name}发布的开放数据集和政府信息公开目录。每个数据集提供 CSV、Excel、JSON 和完整数据包，"
           "附字节数、sha256 校验值和逐行更新记录。")
    g.add(catalog, DCTERMS.publisher, operator)
    g.add(catalog, FOAF.homepage, g.typed(portal.url(""), FOAF.Document))
    g.add(catalog, DCTERMS.language, language)
    g.add(catalog, DCTERMS.license, g.license(portal.catalogue_license, portal.url("") + "#license"))
    g.add(catalog, DCTERMS.spatial, region)
    scheme, concepts = g.themes([dataset.theme for dataset in site.datasets])
    g.add(catalog, DCAT.themeTaxonomy, scheme)
    g.add(catalog, DCAT.themeTaxonomy, g.eu_theme_scheme())
    dates = [dataset.modified for dataset in site.datasets] + [item.published for item in site.items]
    first = [dataset.created or dataset.modified for dataset in site.datasets] + [item.published for item in site.items]
    if dates:
        g.add(catalog, DCTERMS.issued, _date(min(first)))
        g.add(catalog, DCTERMS.modified, _date(max(dates)))
    agencies = site.agencies_by_id
    for dataset in site.datasets:
        node = _dataset(g, dataset, agencies[dataset.publisher], concepts, language, region,
                        downloads.get(dataset.name, []))
        g.add(catalog, DCAT.dataset, node)
    if site.items:
        g.add(catalog, DCAT.dataset, _disclosure_catalogue(g, site, operator, language, region, catalogue_downloads))
    return g.graph


def _dataset(g: CatalogueGraph, dataset, agency, concepts, language, region, downloads) -> URIRef:
    page = addresses.dataset_page(dataset.name)
    iri = g.portal.url(page) + "#dataset"
    node = g.typed(iri, DCAT.Dataset)
    g.text(node, DCTERMS.title, dataset.title)
    g.text(node, DCTERMS.description, dataset.description)
    g.add(node, DCTERMS.identifier, Literal(g.portal.url(page)))
    for keyword in dataset.keywords:
        g.text(node, DCAT.keyword, keyword)
    g.add(node, DCAT.theme, concepts[dataset.theme])
    eu_scheme = URIRef(crosswalk.DATA_THEME_SCHEME)
    for eu in crosswalk.eu_themes(dataset.theme, g.portal.eu_themes):
        g.add(node, DCAT.theme, g.eu_theme(eu, eu_scheme))
    g.add(node, DCTERMS.publisher, g.agency(agency))
    contact = dataset.contact or {}
    g.add(node, DCAT.contactPoint, g.contact(g.portal.url(page) + "#contact", contact.get("name") or agency.name,
                                             contact.get("email") or agency.email, contact.get("phone") or agency.phone))
    g.add(node, DCTERMS.accrualPeriodicity, g.frequency(dataset.update_frequency))
    if dataset.created:
        g.add(node, DCTERMS.issued, _date(dataset.created))
    g.add(node, DCTERMS.modified, _date(dataset.modified))
    g.add(node, DCTERMS.language, language)
    g.add(node, DCAT.landingPage, g.typed(g.portal.url(page), FOAF.Document))
    access_right, _ = crosswalk.access(dataset.open_type)
    g.add(node, DCTERMS.accessRights, g.typed(access_right, DCTERMS.RightsStatement))
    if isinstance(dataset.spatial, str) and dataset.spatial:
        g.add(node, DCTERMS.spatial, g.region(dataset.spatial, g.portal.url(page) + "#spatial"))
    else:
        g.add(node, DCTERMS.spatial, region)
    temporal = dataset.temporal or {}
    if temporal.get("start") or temporal.get("end"):
        period = g.typed(g.portal.url(page) + "#temporal", DCTERMS.PeriodOfTime)
        g.add(period, DCAT.startDate, _date(temporal["start"]) if temporal.get("start") else None)
        g.add(period, DCAT.endDate, _date(temporal["end"]) if temporal.get("end") else None)
        g.add(node, DCTERMS.temporal, period)
    changes = g.typed(g.portal.url(addresses.changes_page(dataset.name)), FOAF.Document)
    g.add(node, FOAF.page, changes)
    provenance = g.typed(g.portal.url(page) + "#provenance", DCTERMS.ProvenanceStatement)
    g.text(provenance, RDFS.label, "每次数据变动（新增、删除和修改的行，来自 git 版本历史）见更新记录："
                                   f"{g.portal.url(addresses.changes_page(dataset.name))}，"
                                   f"全部变动可下载 {g.portal.url(addresses.changes_csv(dataset.name))}。")
    g.add(node, DCTERMS.provenance, provenance)
    license_node = g.license(dataset.licenses[0], g.portal.url(page) + "#license")
    resources = {resource.name: resource for resource in dataset.resources}
    for download in downloads:
        resource = resources.get(download.resource)
        about = (f"数据资源“{resource.title}”，{resource.row_count} 行 × {len(resource.fields)} 列。"
                 f"{resource.description}") if resource else f"数据集“{dataset.title}”的全部数据资源。"
        g.add(node, DCAT.distribution, g.distribution(iri, download, license_node, dataset.modified,
                                                      about + FORMAT_NOTES[download.format]))
    return node


def _disclosure_catalogue(g: CatalogueGraph, site, operator, language, region, downloads) -> URIRef:
    page = addresses.CATALOGUE
    iri = g.portal.url(page) + "#dataset"
    node = g.typed(iri, DCAT.Dataset)
    g.text(node, DCTERMS.title, "政府信息公开目录")
    g.text(node, DCTERMS.description,
           f"{g.portal.name}全部主动公开的政府信息的目录：每条信息一行，含索引号、标题、发布机构、主题分类、体裁、文号、"
           "成文日期、发布日期、有效性等，以及发布机构清单。")
    g.add(node, DCTERMS.identifier, Literal(g.portal.url(page)))
    for keyword in ("政府信息公开", "信息公开目录", "政务公开"):
        g.text(node, DCAT.keyword, keyword)
    eu_scheme = URIRef(crosswalk.DATA_THEME_SCHEME)
    g.add(node, DCAT.theme, g.eu_theme(crosswalk.DATA_THEME_SCHEME + "/GOVE", eu_scheme))
    g.add(node, DCTERMS.publisher, operator)
    contact = g.portal.operator
    g.add(node, DCAT.contactPoint, g.contact(g.portal.url("") + "#contact", g.portal.operator_name,
                                             contact.get("email", ""), contact.get("phone", "")))
    g.add(node, DCTERMS.accrualPeriodicity, g.frequency("irregular"))
    published = sorted(item.published for item in site.items)
    g.add(node, DCTERMS.issued, _date(published[0]))
    g.add(node, DCTERMS.modified, _date(published[-1]))
    period = g.typed(g.portal.url(page) + "#temporal", DCTERMS.PeriodOfTime)
    g.add(period, DCAT.startDate, _date(published[0]))
    g.add(period, DCAT.endDate, _date(published[-1]))
    g.add(node, DCTERMS.temporal, period)
    g.add(node, DCTERMS.language, language)
    g.add(node, DCAT.landingPage, g.typed(g.portal.url(page), FOAF.Document))
    g.add(node, DCTERMS.accessRights, g.typed(crosswalk.access("无条件开放")[0], DCTERMS.RightsStatement))
    g.add(node, DCTERMS.spatial, region)
    license_node = g.license(g.portal.catalogue_license, g.portal.url("") + "#license")
    for download in downloads:
        g.add(node, DCAT.distribution, g.distribution(iri, download, license_node, published[-1],
                                                      f"共 {len(site.items)} 条信息。" + FORMAT_NOTES[download.format]))
    return node


# --- serialisations ---------------------------------------------------------------------------


def turtle(graph: Graph) -> bytes:
    return graph.serialize(format="turtle", encoding="utf-8")


def jsonld(graph: Graph) -> bytes:
    """Compact JSON-LD (prefixes as the context), nodes sorted by @id and every value list sorted."""
    context = {prefix: str(namespace) for prefix, namespace in PREFIXES.items()}
    data = json.loads(graph.serialize(format="json-ld", context=context, auto_compact=True))
    nodes = data.get("@graph", [data] if "@id" in data else [])
    ordered = []
    for item in sorted(nodes, key=lambda n: n.get("@id", "")):
        ordered.append({key: (sorted(value, key=lambda v: json.dumps(v, ensure_ascii=False, sort_keys=True))
                              if isinstance(value, list) else value) for key, value in item.items()})
    document = {"@context": context, "@graph": ordered}
    return (jsonout.dumps(document) + "\n").encode("utf-8")


FILES = (addresses.CATALOG_TTL, addresses.CATALOG_JSONLD)


def graph_key(graph: Graph) -> str:
    """sha256 of the graph's statements and prefixes in a fixed order: the two files are made
    from these alone (with the code), so a rebuild whose graph has the same key may keep them."""
    digest = hashlib.sha256()
    for prefix, namespace in sorted(graph.namespaces()):
        digest.update(f"@prefix {prefix}: {namespace}\n".encode("utf-8", "surrogatepass"))
    for line in sorted(f"{s.n3()} {p.n3()} {o.n3()}" for s, p, o in graph):
        digest.update(line.encode("utf-8", "surrogatepass") + b"\n")
    return digest.hexdigest()


def write(graph: Graph, out: Path) -> list[Path]:
    """/catalog.ttl and /catalog.jsonld (FILES) of a catalogue_graph."""
    written = []
    for name, data in zip(FILES, (turtle(graph), jsonld(graph))):
        path = out / name
        outputfs.write_bytes(path, data)
        written.append(path)
    return written
