"""The one Pelican generator: context from the core's site model, output through Pelican's writer."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from pelican.generators import Generator

from .. import buildcache, catalog, parallel, routes, search
from ..builddate import source_epoch
from ..downloads import write_downloads
from ..reuse import draw_all, prefill
from ..problems import ContentError, has_errors
from ..site import load_site


class GongkaiGenerator(Generator):
    def generate_context(self):
        site = self.settings.get("GONGKAI_SITE")
        if site is None:  # a plain `pelican` run: load and check here
            root = Path(self.settings.get("GONGKAI_ROOT") or Path(self.path).parent).resolve()
            site, problems = load_site(root, source_epoch(root))
            if site is None or has_errors(problems):
                raise ContentError(problems)
        self.site = site
        self.routes = routes.plan(site)
        self.context["site"] = site
        self.context["dataset_browse"] = routes.dataset_browse(site)
        self.context["FACETS"] = routes.FACETS
        pipeline = self.settings.get("GONGKAI_SEARCH")  # `gongkai build` has cut the shards already
        shards = pipeline.shards if pipeline is not None else search.shard(
            routes.search_pages(site), int(self.settings.get("GONGKAI_SEARCH_SHARD_PAGES", search.SHARD_PAGES)))
        self.context["search_bundles"] = [f"{search.bundle_name(n)}/" for n in range(len(shards))]

    def generate_output(self, writer):
        out = Path(self.output_path)
        siteurl = self.settings.get("SITEURL", "")
        salt = self.settings.get("GONGKAI_CACHE_SALT")
        cache = buildcache.PackCache(self.site.root, salt) if salt else None
        self.unsaved_markup = prefill(self.site, cache) if cache else {}
        workers = parallel.worker_count()
        # Charts are ready before forking: vl-convert must not run in a forked child.
        drawing = self.settings.get("GONGKAI_DRAWING")  # `gongkai build` started them while loading
        if drawing is not None:
            drawing.finish()
        else:
            draw_all([view for dataset in self.site.datasets for view in dataset.views], cache, workers)
        pipeline = self.settings.get("GONGKAI_SEARCH")
        if pipeline is None:  # a plain `pelican` run: no search index
            jobs = [("page", route) for route in self.routes] + self._downloads()
            parallel.run_forked(lambda share: self._write(share, writer, out), [jobs[i::workers] for i in range(workers)])
        else:
            self._write_with_index(pipeline, writer, out, workers)
        writer.write_file("404.html", self.get_template("404"), self.context, relative_urls=False,
                          route=routes.Route("404", "404.html", "页面未找到", routes.KIND_LISTING), page_title="页面未找到")
        self._copy_attachments(out)
        catalog.write_api(self.site, out, siteurl)
        catalog.write_catalogue(self.site, out, siteurl)
        catalog.write_feeds(self.site, out, siteurl, self.settings["SITENAME"])
        catalog.write_sitemap(self.routes, self.site, out, siteurl)
        if self.settings.get("GONGKAI_EDITOR"):  # the web editor for a remote git host (/admin/)
            from ..editor.publish import write_admin
            write_admin(self.site, out, self.settings["GONGKAI_EDITOR"], siteurl)

    def _downloads(self) -> list:
        return [("downloads", dataset) for dataset in self.site.datasets]

    def _write_with_index(self, pipeline, writer, out: Path, workers: int) -> None:
        """Both cores write the searchable pages up to the first shard Pagefind must index; then
        Pagefind (about 1.2 cores) indexes shard after shard while this process alone writes the
        remaining pages, in shard order, telling it as each shard is complete, and the rest."""
        by_path = {route.save_as: route for route in self.routes}
        shards = [[("page", by_path[page]) for page in pages] for pages in pipeline.shards]
        searchable = {page for pages in pipeline.shards for page in pages}
        rest = [("page", route) for route in self.routes if route.save_as not in searchable] + self._downloads()
        first = pipeline.first_to_index()
        now = [job for jobs in shards[:first + 1] for job in jobs]
        parallel.run_forked(lambda share: self._write(share, writer, out), [now[i::workers] for i in range(workers)])
        pipeline.start(written_up_to=first)
        if first >= len(shards):  # nothing to index: both cores for the rest
            parallel.run_forked(lambda share: self._write(share, writer, out), [rest[i::workers] for i in range(workers)])
            return
        later = []
        for number in range(first + 1, len(shards)):
            later += shards[number] + [("shard-written", number)]
        self._write(later + rest, writer, out)

    def _write(self, jobs, writer, out: Path) -> None:
        relative = self.settings.get("RELATIVE_URLS", False)
        salt = self.settings.get("GONGKAI_CACHE_SALT")
        rendered = {}
        for kind, job in jobs:
            if kind == "page":
                writer.write_file(
                    job.save_as, self.get_template(job.template.removesuffix(".html")), self.context,
                    relative_urls=relative, route=job, page_title=job.title, **job.context,
                )
                record = job.context.get("item") or job.context.get("page")
                if id(record) in self.unsaved_markup:
                    rendered[self.unsaved_markup[id(record)]] = record.body_html
            elif kind == "shard-written":
                self.settings["GONGKAI_SEARCH"].written(job)
            elif not self._reuse_downloads(job, out):
                write_downloads(job, out / "datasets" / job.name, self.site.epoch)
        if salt and rendered:
            buildcache.PackCache(self.site.root, salt).add("markup", rendered)

    def _reuse_downloads(self, dataset, out: Path) -> bool:
        """An unchanged dataset's files are linked from the previous build instead of rewritten."""
        current = (self.settings.get("GONGKAI_INPUTS") or {}).get("datasets", {}).get(dataset.name)
        previous = (self.settings.get("GONGKAI_PREVIOUS_INPUTS") or {}).get("datasets", {}).get(dataset.name)
        old = Path(self.settings.get("GONGKAI_PREVIOUS_OUTPUT") or "/nonexistent") / "datasets" / dataset.name
        if current is None or current != previous or not (old / "datapackage.json").is_file():
            return False
        target = out / "datasets" / dataset.name
        target.mkdir(parents=True, exist_ok=True)
        for path in sorted(old.iterdir()):
            if path.is_file() and path.name != "index.html":
                os.link(path, target / path.name)
        return True

    def _copy_attachments(self, out: Path) -> None:
        """Only files attached to published items: an embargoed item's files wait with it."""
        source = self.site.root / "content" / "attachments"
        for name in sorted({attachment.file for item in self.site.items for attachment in item.attachments}):
            target = out / "attachments" / name  # once each, however many items attach it
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(source / name, target)
