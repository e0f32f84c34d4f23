"""The one Pelican generator: context from the core's site model, output through Pelican's writer."""

from __future__ import annotations

from pathlib import Path

from jinja2 import FileSystemBytecodeCache
from pelican.generators import Generator

from ...search import plan as searchplan
from ...build.context import BuildContext, BuildOptions
from ...check import check_site
from ...core import outputfs
from ...core.builddate import source_epoch
from ...core.problems import ContentError, has_errors
from ...fastpath import parallel
from ...fastpath.drawing import draw_all, prefill
from ...fastpath.fingerprint import fingerprint
from ...history.page import history_page
from ...history.timeline import all_histories
from ...core import addresses
from ...outputs import catalog, changes, datajson, datasetfeeds, dcat, published, routes, schemaorg
from ...outputs.downloads import write_downloads
from ...outputs.pageinputs import PageInputs
from ...outputs.portal import Portal
from ...outputs.transparencyfiles import files as transparency_files
from ...outputs.transparencypages import AUDIT_URL

AUDIT_VISIBILITY = ("public", "unlisted", "off")


def audit_visibility(settings) -> str:
    """GONGKAI_AUDIT_PAGE: "public" (linked, in the sitemap), "unlisted" (built, not linked, noindex)
    or "off" (not built, the default)."""
    value = settings.get("GONGKAI_AUDIT_PAGE", "off")
    if value not in AUDIT_VISIBILITY:
        raise ValueError(f"GONGKAI_AUDIT_PAGE 只能是 {'、'.join(AUDIT_VISIBILITY)}，现在是“{value}”。")
    return value


def transparency_attachments(site) -> set:
    column = site.transparency.columns.get("apply") if site.transparency else None
    return {column.form.file} if column is not None and column.form is not None else set()


def _plain(value) -> bool:
    """A setting made of plain values (what a fingerprint can take whole)."""
    if value is None or isinstance(value, (bool, int, float, str)):
        return True
    if isinstance(value, (list, tuple)):
        return all(_plain(item) for item in value)
    if isinstance(value, dict):
        return all(isinstance(key, str) and _plain(item) for key, item in value.items())
    return False


def _names_folders(value) -> bool:
    values = value if isinstance(value, (list, tuple)) else [value]
    return any(isinstance(item, str) and Path(item).is_absolute() for item in values)


class GongkaiGenerator(Generator):
    def generate_context(self):
        build = self.settings.get("GONGKAI_CONTEXT")  # `gongkai build` has checked the site already
        site = self.settings.get("GONGKAI_SITE")
        if build is None:  # a plain `pelican` run: check here, the slow way, and make no search index
            root = Path(self.settings.get("GONGKAI_ROOT") or Path(self.path).parent).resolve()
            build = BuildContext.start(root, source_epoch(root), BuildOptions.slow())
            site, problems = check_site(root, build.epoch, workers=1)
            if site is None or has_errors(problems):
                raise ContentError(problems)
        self.build, self.site = build, site
        if build.cache is not None:
            # Jinja's compiled templates, found by each template's name and source text (Jinja's own
            # bytecode cache): compiling the theme took 0.4 s of every build. Not a setting, so
            # that it is in no page's key (the theme's files are, through the salt).
            self.env.bytecode_cache = FileSystemBytecodeCache(str(build.cache.folder("jinja")))
        self.audit_page = audit_visibility(self.settings)
        self.routes = [route for route in routes.plan(site) if self.audit_page != "off" or route.url != AUDIT_URL]
        self.context["AUDIT_PAGE"] = self.audit_page
        self.context["site"] = site
        self.context["dataset_browse"] = routes.dataset_browse(site)
        self.context["FACETS"] = routes.FACETS
        self.shards = self.settings.get("GONGKAI_SHARDS") or searchplan.plan(
            site, int(self.settings.get("GONGKAI_SEARCH_SHARD_PAGES", searchplan.CAP)))
        self.portal = Portal.from_settings(self.settings, site.contact_agency)
        self.context["addresses"] = addresses  # the theme links the harvester files through it
        history_cache = build.salt if build.cache is not None and self.settings.get("GONGKAI_HISTORY_CACHE", True) else None
        self.histories = all_histories(site, history_cache, build.workers, enabled=self.settings.get("GONGKAI_HISTORY", True))
        self._add_harvester_context()
        build.phase("render: routes, histories, harvester context")

    def _add_harvester_context(self) -> None:
        """The schema.org JSON-LD of dataset and item pages, and the history of each changes page."""
        agencies = self.site.agencies_by_id
        for route in self.routes:
            dataset, item = route.context.get("dataset"), route.context.get("item")
            if route.template == "changes.html":
                titles = {r.name: {f.name: f.title for f in r.fields} for r in dataset.resources}
                route.context["changes"] = history_page(self.histories[dataset.name], titles)
            elif dataset is not None:
                route.context["structured_data"] = schemaorg.script_json(
                    schemaorg.dataset(self.portal, dataset, agencies[dataset.publisher]))
            elif item is not None:
                route.context["structured_data"] = schemaorg.script_json(schemaorg.item(self.portal, item))

    def generate_output(self, writer):
        out = Path(self.output_path)
        siteurl = self.settings.get("SITEURL", "")
        cache = self.build.cache
        self.unsaved_markup = prefill(self.site, cache) if cache is not None else {}
        chart = self.site.transparency.timeliness.chart if self.site.transparency else None
        if chart is not None:  # drawn here, before the pages are written in forked children
            draw_all([chart], cache, 1)
        workers = self.build.workers
        # Charts are ready before forking: vl-convert must not run in a forked child.
        if self.build.drawing is not None:  # `gongkai build` started them while loading
            self.build.drawing.finish()
        else:
            draw_all([view for dataset in self.site.datasets for view in dataset.views], cache, workers)
        self._plan_downloads()
        self._plan_pages()
        self.build.phase("render: charts ready, downloads and page keys planned")
        if self.build.indexer is None:  # the slow twin, or a plain `pelican` run: one part after another
            jobs = [("page", route) for route in self.routes] + self._downloads()
            parallel.run_forked(lambda share: self._write(share, writer, out), [jobs[i::workers] for i in range(workers)])
        else:
            self._write_with_index(self.build.indexer, writer, out, workers)
        self.build.phase("render: pages and downloads")
        writer.write_file("404.html", self.get_template("404"), self.context, relative_urls=False,
                          route=routes.Route("404", "404.html", "页面未找到", routes.KIND_LISTING), page_title="页面未找到")
        self._copy_attachments(out)
        for name, data in sorted(transparency_files(self.site, siteurl).items()):
            outputfs.write_bytes(out / name, data)
        self.build.phase("render: attachments, transparency files")
        catalog.write_api(self.site, out, siteurl)
        catalog.write_catalogue(self.site, out, siteurl, self.portal.catalogue_license)
        catalog.write_feeds(self.site, out, self.portal.base, self.settings["SITENAME"])
        listed = [route for route in self.routes if self.audit_page == "public" or route.url != AUDIT_URL]
        catalog.write_sitemap(listed, self.site, out, self.portal.base)
        self.build.phase("render: api, catalogue, feeds, sitemap")
        self._write_harvester_files(out)
        self.build.phase("render: DCAT, data.json, dataset feeds, changes")

    def _plan_downloads(self) -> None:
        """What each dataset's downloads are made from (the whole dataset model, fingerprinted, and
        the build date and code), and which files of its folder are other steps' (its pages, its
        history): an unchanged dataset's downloads are linked from the previous build."""
        self.download_keys, self.download_skips = {}, {}
        root = self.site.root
        pages = [route.save_as for route in self.routes if route.save_as.startswith(addresses.DATASETS)]
        for dataset in self.site.datasets:
            folder = addresses.dataset_folder(dataset.name)
            key = fingerprint(("downloads", self.build.salt, self.build.epoch, dataset), root)
            self.download_keys[dataset.name] = self.build.keys[folder] = key
            self.download_skips[dataset.name] = frozenset(rel[len(folder) + 1:]
                                                          for rel in [*pages, addresses.changes_csv(dataset.name)]
                                                          if rel.startswith(folder + "/"))

    def _plan_pages(self) -> None:
        """The key of each page a rebuild may reuse (outputs/pageinputs.py), recorded in build.json:
        what it is made from, with the settings the templates see. Folders the settings name
        (content, theme, plugins, output) are left out: where the site lives or the build writes
        does not change a page, and a key must not depend on it (the theme's files are in the salt)."""
        settings = {name: value for name, value in self.context.items()
                    if _plain(value) and not _names_folders(value)}
        inputs = PageInputs(self.site, self.site.root, fingerprint(("settings", self.build.salt, settings)),
                            self.build.epoch)
        self.page_keys = {}
        for route in self.routes:
            key = inputs.key(route)
            if key is not None:
                self.page_keys[route.save_as] = self.build.keys[route.save_as] = key

    def _write_harvester_files(self, out: Path) -> None:
        """DCAT-AP, data.json, dataset feeds and changes.csv: after the downloads, whose sizes and
        hashes they give (read back from the output)."""
        downloads = {dataset.name: published.dataset_downloads(dataset, out) for dataset in self.site.datasets}
        catalogue_downloads = published.catalogue_downloads(out)
        # DCAT-AP: its two files are kept from the previous build when the graph's statements are
        # the same (an edit of an item's text changes none of them); rdflib's writers take 1.4 s.
        graph = dcat.catalogue_graph(self.site, self.portal, downloads, catalogue_downloads)
        key = fingerprint(("dcat", self.build.salt, dcat.graph_key(graph)))
        for name in dcat.FILES:
            self.build.keys[name] = key
        if not self.build.reuse_files(list(dcat.FILES), key):
            dcat.write(graph, out)
        datajson.write(self.site, self.portal, out, downloads, catalogue_downloads)
        datasetfeeds.write(self.site, self.portal, out, self.histories)
        for dataset in self.site.datasets:
            changes.write(self.histories[dataset.name], out / addresses.changes_csv(dataset.name))
        if self.settings.get("GONGKAI_EDITOR"):  # the web editor for a remote git host (/admin/)
            from ...editor.publish import write_admin
            write_admin(self.site, out, self.settings["GONGKAI_EDITOR"], self.settings.get("SITEURL", ""))

    def _downloads(self) -> list:
        return [("downloads", dataset) for dataset in self.site.datasets]

    def _write_with_index(self, pipeline, writer, out: Path, workers: int) -> None:
        """Both cores write the searchable pages of the first shard; then Pagefind (about 1.2 cores)
        indexes shard after shard while this process alone writes the remaining pages, in shard
        order, telling it as each shard is complete, and the rest."""
        by_path = {route.save_as: route for route in self.routes}
        shards = [[("page", by_path[page]) for page in shard.pages] for shard in self.shards]
        searchable = {page for shard in self.shards for page in shard.pages}
        rest = [("page", route) for route in self.routes if route.save_as not in searchable] + self._downloads()
        parallel.run_forked(lambda share: self._write(share, writer, out), [shards[0][i::workers] for i in range(workers)])
        pipeline.written(0)
        later = []
        for number in range(1, len(shards)):
            later += shards[number] + [("shard-written", number)]
        self._write(later + rest, writer, out)

    def _write(self, jobs, writer, out: Path) -> None:
        relative = self.settings.get("RELATIVE_URLS", False)
        rendered = {}
        for kind, job in jobs:
            if kind == "page" and job.save_as in self.page_keys and self.build.reuse_file(
                    job.save_as, self.page_keys[job.save_as]):
                continue  # made from the same inputs as the previous build's page: linked
            if kind == "page":
                writer.write_file(
                    job.save_as, self.get_template(job.template.removesuffix(".html")), self.context,
                    relative_urls=relative, route=job, page_title=job.title, **job.context,
                )
                record = job.context.get("item") or job.context.get("page")
                if id(record) in self.unsaved_markup:
                    rendered[self.unsaved_markup[id(record)]] = record.body_html
            elif kind == "shard-written":
                self.build.indexer.written(job)
            elif not self._reuse_downloads(job, out):
                write_downloads(job, out / "datasets" / job.name, self.site.epoch)
        if self.build.cache is not None and rendered:
            self.build.cache.add("markup", rendered)

    def _reuse_downloads(self, dataset, out: Path) -> bool:
        """An unchanged dataset's files are linked from the previous build instead of rewritten,
        when every one of them still has the hash the previous build's manifest recorded."""
        files = self.build.reuse(addresses.dataset_folder(dataset.name), self.download_keys[dataset.name],
                                 skip=self.download_skips[dataset.name])
        if not files:
            return False
        self.build.previous.link(files, out)
        return True

    def _copy_attachments(self, out: Path) -> None:
        """Only files attached to published items: an embargoed item's files wait with it."""
        source = self.site.root / "content" / "attachments"
        files = {attachment.file for item in self.site.items for attachment in item.attachments}
        files |= transparency_attachments(self.site)  # the 申请表 of 依申请公开
        for name in sorted(files):
            # once each, however many items attach it; never read through a link
            outputfs.copy_file(source / name, out / "attachments" / name)
