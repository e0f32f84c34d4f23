"""The static search index: Pagefind run over the search documents of the output's searchable
pages (search/documents.py: tokens already cut, so Pagefind's own Chinese segmentation is not
used), one bundle per shard of the plan (search/plan.py) under pagefind/<shard key>/, made in a
background process while the rest of the site is written; then the site tables (search/tables.py).

The interface the build uses: `index_shard(output, shard, folder)` makes one bundle from the
pages of one shard (already on disk), and does not depend on any other shard; `IndexPipeline`
makes all of them, linking in those the previous build may reuse; `write_site_tables` writes
the files that tie them together once all are in place.
"""

from __future__ import annotations

import concurrent.futures
import gzip
import hashlib
import json
import os
import pickle
import shutil
import subprocess
from pathlib import Path

from pagefind_bin_extended import get_executable

from ..core import scratch as scratch_files
from ..core.manifest import file_entry, hash_files
from ..core.failures import Failure
from ..fastpath.parallel import Background
from ..search import documents, tables
from ..search.plan import Shard
from .stableindex import SIGNATURE, stabilise

# Every bundle lives under this top-level folder of the output, one folder per shard.
BUNDLES = "pagefind"
# Pagefind also writes its ready-made UIs; the theme's own search code uses only pagefind.js and
# its wasm, so these ~420 KB of unused files, with their credit URLs, are not published.
UNUSED_UI_FILES = (
    "pagefind-component-ui.css", "pagefind-component-ui.js", "pagefind-highlight.js",
    "pagefind-modular-ui.css", "pagefind-modular-ui.js", "pagefind-ui.css", "pagefind-ui.js",
)
# Pagefind's code: every bundle gets a copy, the search page loads it once, from the primary
# bundle (search/plan.py); pagefind-worker.js serves browsers that run the engine in the page.
SHARED_FILES = ("pagefind.js", "pagefind-worker.js", "wasm.unknown.pagefind")


class IndexIncomplete(Failure):
    pass


def bundle_folder(shard: Shard) -> str:
    """The shard's bundle, relative to the output folder: pagefind/2026q3."""
    return f"{BUNDLES}/{shard.key}"


def _run_pagefind(site: Path, output_path: Path) -> None:
    result = subprocess.run(
        [str(get_executable()), "--site", str(site), "--output-path", str(output_path), "--silent"],
        capture_output=True, text=True, errors="replace")
    if result.returncode != 0:
        said = [line.strip() for line in (result.stderr + result.stdout).splitlines() if line.strip()]
        raise IndexIncomplete(f"Pagefind 建立搜索索引失败（退出码 {result.returncode}"
                              + (f"：{said[-1][:300]}" if said else "") + "）。")


def read_pages(output: Path, shard: Shard) -> dict:
    """{page: its bytes}: read once, for the shard's key and (when not reused) its index."""
    return {page: (output / page).read_bytes() for page in shard.pages}


def shard_key(pages: dict, shard: Shard, salt: str, synonyms=()) -> str:
    """What a shard's bundle is made from: its key (its pages' ids are named after it), whether it
    carries Pagefind's code (the primary shard), the bytes of its pages, the synonym list applied to them, and the code that makes it (`salt`)."""
    digest = hashlib.sha256(f"pagefind\0{salt}\0{shard.key}\0{shard.primary}\0".encode())
    digest.update(json.dumps([list(group) for group in synonyms], ensure_ascii=False).encode() + b"\0")
    for page in shard.pages:
        digest.update(page.encode() + b"\0" + hashlib.sha256(pages[page]).digest())
    return digest.hexdigest()


def index_shard(output: Path, shard: Shard, built: Path, synonyms=(), scratch: Path | None = None,
                pages: dict | None = None) -> None:
    """Index the pages of `shard` (output-relative paths under `output`, or their bytes in `pages`
    when already read) into the bundle folder `built`: each page's search document is written as a
    small HTML file of tokens into a scratch folder, Pagefind indexes those, the bundle is made
    byte-stable with its pages named by tables.page_id, and its facets.json and terms.gz are added."""
    with scratch_files.folder("search", scratch or scratch_files.parent(output.parent)) as staging:
        prepared = stage_shard(output, shard, Path(staging), synonyms, pages)
        finish_shard(shard, Path(staging), built, prepared)


def stage_shard(output: Path, shard: Shard, staging: Path, synonyms=(), pages: dict | None = None) -> tuple:
    """The Python half of indexing a shard: its pages' index documents written under `staging`;
    returns what finish_shard needs besides them (the documents, title lengths and routing terms)."""
    docs, title_lengths, terms = [], {}, set()
    pages = pages if pages is not None else read_pages(output, shard)
    for page in shard.pages:
        doc = documents.read_page(page, pages[page].decode("utf-8"))
        target = staging / page
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(documents.index_document(doc, synonyms))
        title_lengths[doc.url] = len(documents.title_tokens(doc, synonyms))
        terms |= documents.routing_terms(doc, synonyms)
        docs.append(doc)
    return docs, title_lengths, terms


def finish_shard(shard: Shard, staging: Path, built: Path, prepared: tuple) -> None:
    """Pagefind over the staged documents into `built`, then the bundle made byte-stable and its
    tables added."""
    docs, title_lengths, terms = prepared
    _run_pagefind(staging, built)
    names = {url: tables.page_id(shard.key, number) for number, url in enumerate(doc.url for doc in docs)}
    stabilise(built, {page: names[url] for url, page in page_ids(built).items()})
    for name in UNUSED_UI_FILES + (() if shard.primary else SHARED_FILES):
        (built / name).unlink(missing_ok=True)
    tables.write_shard_tables(built, docs, title_lengths, terms)


def page_ids(bundle: Path) -> dict:
    """{site path: Pagefind page id} of a bundle (the id a search result carries)."""
    found = {}
    for fragment in sorted((bundle / "fragment").glob("*.pf_fragment")):
        data = gzip.decompress(fragment.read_bytes())
        found[json.loads(data[len(SIGNATURE):])["url"]] = fragment.stem
    return found


def make_bundles(output: Path, shards: list[Shard], context=None, wait_for=None, synonyms=()) -> tuple[dict, dict]:
    """One Pagefind bundle per shard, in plan order; returns the manifest entries (path -> (size,
    mtime_ns, sha256)) of every bundle file, and for each bundle the key of what it was made from
    ({bundle folder: key}, for build.json).

    wait_for(number), if given, returns once that shard's pages are all on disk. While Pagefind
    (a process of its own) indexes one shard, this process prepares the next shard's documents;
    Pagefind writes its small files from several threads into one folder, which on ext4 contends
    for the folder's lock, so it writes to memory (/dev/shm) and the finished bundle is copied in
    one go. A shard whose pages are the same bytes as in the previous build (`context`, a
    build.context.BuildContext) gets the previous bundle's files linked in, once they are checked
    against its manifest. Without a context, or with --serial, one shard is done at a time."""
    keys = {}
    overlap = context is not None and not context.options.serial
    with (scratch_files.folder("search", scratch_files.parent(output.parent)) as scratch,
          concurrent.futures.ThreadPoolExecutor(max_workers=1) as indexer):
        finishing = []  # (future) of each shard, in order: Pagefind, then the copy into the output
        for number, shard in enumerate(shards):
            folder = bundle_folder(shard)
            bundle = output / folder
            if wait_for is not None:
                wait_for(number)
            pages = read_pages(output, shard)
            key = shard_key(pages, shard, context.salt if context is not None else "", synonyms)
            keys[folder] = key
            files = context.reuse(folder, key) if context is not None else None
            if files:
                context.previous.link(files, output)
                finishing.append(indexer.submit(_bundle_hashes, output, bundle))
                continue
            staging = Path(scratch) / f"pages-{number}"
            prepared = stage_shard(output, shard, staging, synonyms, pages)
            del pages
            if finishing:  # at most one shard is staged ahead of Pagefind
                finishing[-1].result()
            job = indexer.submit(_index_and_move, output, shard, staging, Path(scratch) / f"bundle-{number}",
                                 bundle, prepared)
            if not overlap:
                job.result()
            finishing.append(job)
        hashes = {}
        for job in finishing:
            hashes.update(job.result())
    return hashes, keys


def _index_and_move(output: Path, shard: Shard, staging: Path, built: Path, bundle: Path, prepared: tuple) -> dict:
    try:
        finish_shard(shard, staging, built, prepared)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return _move_in(output, built, bundle)


def _move_in(output: Path, built: Path, bundle: Path) -> dict:
    shutil.copytree(built, bundle)
    shutil.rmtree(built)
    return _bundle_hashes(output, bundle)


def _bundle_hashes(output: Path, bundle: Path) -> dict:
    prefix = bundle.relative_to(output).as_posix()
    return {f"{prefix}/{rel}": value for rel, value in hash_files(bundle).items()}


class IndexPipeline:
    """The search index, made by a background process while the rest of the site is written.

    The process is forked when the pipeline is made, which the build does before it loads the
    site: a fork of the loaded build would carry a copy of the whole model (the build goes on
    touching it, so the pages stop being shared), about 25 KB an item. It waits for `index(output,
    shards)`, then for `written(number)` after each shard's pages are on disk; Pagefind indexes
    each shard as soon as it may (or the previous build's bundle is linked in, when the shard's
    pages are the same bytes: see make_bundles)."""

    def __init__(self, near: Path, context=None):
        """`near`: a folder beside which the indexer's report is kept (the output's parent)."""
        read_end, self.write_end = os.pipe()
        # The bundle files' manifest entries and keys, written by the indexer.
        self.report = scratch_files.file("index", scratch_files.parent(near), ".json")

        def work():
            os.close(self.write_end)
            with os.fdopen(read_end, "rb") as signals:
                try:
                    output, shards, synonyms = pickle.load(signals)
                except EOFError:
                    return  # the build stopped before it had pages to index
                hashes, keys = make_bundles(output, shards, context, _waiter(signals, -1), synonyms)
            self.report.write_text(json.dumps({"hashes": hashes, "keys": keys}), encoding="utf-8")

        self.background = Background(work, "建立搜索索引")
        os.close(read_end)

    def index(self, output: Path, shards: list, synonyms=()) -> None:
        """What to index: `shards` of the pages under `output`, as they are written."""
        self._send(pickle.dumps((output, list(shards), tuple(tuple(group) for group in synonyms))))

    def written(self, number: int) -> None:
        """Shards 0..number have all their pages on disk."""
        self._send(f"{number}\n".encode())

    def _send(self, data: bytes) -> None:
        view = memoryview(data)
        try:
            while view and self.write_end is not None:
                view = view[os.write(self.write_end, view):]
        except BrokenPipeError:
            pass  # the indexer stopped listening: it had nothing more to do, or failed (wait() says)

    def _close(self) -> None:
        if self.write_end is not None:
            os.close(self.write_end)
            self.write_end = None

    def wait(self) -> tuple[dict, dict]:
        """Wait for the index; return the manifest entries of its files and its bundles' keys."""
        self._close()  # a shard never announced now makes the indexer fail instead of wait
        try:
            self.background.wait()
            said = self.report.read_text(encoding="utf-8")
            if not said:  # the indexer was never told what to index
                raise IndexIncomplete("网页写出时没有启动搜索索引。")
            report = json.loads(said)
            return {rel: tuple(value) for rel, value in report["hashes"].items()}, report["keys"]
        finally:
            self.report.unlink(missing_ok=True)

    def cancel(self) -> None:
        self._close()
        self.background.cancel()
        self.report.unlink(missing_ok=True)


def _waiter(signals, written_up_to: int):
    done = [written_up_to]

    def wait_for(number: int) -> None:
        while done[0] < number:
            line = signals.readline()
            if not line:
                raise IndexIncomplete(f"第 {number + 1} 个搜索分片的网页没有全部写出，无法建立搜索索引。")
            done[0] = max(done[0], int(line))

    return wait_for


def check_index(output: Path, shards: list[Shard]) -> dict:
    """Fail unless every shard's bundle holds each of its pages, in the token language of
    search/documents.py."""
    indexed, languages = 0, set()
    for shard in shards:
        entry = json.loads((output / bundle_folder(shard) / "pagefind-entry.json").read_text(encoding="utf-8"))
        languages |= set(entry.get("languages", {}))
        count = sum(language.get("page_count", 0) for language in entry.get("languages", {}).values())
        if count != len(shard.pages):
            raise IndexIncomplete(f"搜索分片 {shard.key} 收录了 {count} 个页面，应为 {len(shard.pages)} 个。")
        indexed += count
    if languages - {documents.LANGUAGE}:
        raise IndexIncomplete(f"搜索索引的语言是 {sorted(languages)}，应当只有 {documents.LANGUAGE}。")
    return {"pages": indexed, "languages": sorted(languages), "bundles": len(shards)}


def write_site_tables(output: Path, shards: list[Shard], site) -> dict:
    """After every bundle is in place: the files the search page reads first (search/tables.py);
    returns their manifest entries."""
    written = tables.write_site_tables(output, shards, [bundle_folder(shard) for shard in shards], site)
    return {rel: file_entry(output / rel) for rel in written}
