"""The atomic build: check, render with Pelican into a temporary folder, index, verify, swap in.

On any error the previous output folder is left exactly as it was.
"""

from __future__ import annotations

import fcntl
import hashlib
import logging
import os
import shutil
import subprocess
import sys
from pathlib import Path

from ..core import scratch
from .context import BuildContext, BuildOptions
from ..core.failures import Failure, describe, report
from ..core.builddate import source_epoch
from ..core.manifest import hash_files, write_manifest
from ..fastpath import unchanged
from ..core.pii import redact
from ..core.problems import has_errors, render_text

TMP_PREFIX = ".output-tmp-"
OLD_PREFIX = ".output-old-"


class BrokenLinks(Failure):
    pass


def _setting(settings_file: Path, overrides: dict | None, name: str, default=None):
    from pelican.settings import get_settings_from_file

    if overrides and name in overrides:
        return overrides[name]
    return get_settings_from_file(str(settings_file)).get(name, default)


def _siteurl(settings_file: Path, overrides: dict | None) -> str:
    return _setting(settings_file, overrides, "SITEURL", "")


def clean_stale(output: Path) -> None:
    """Remove leftovers of interrupted builds; restore the old output if a swap was cut short."""
    parent = output.parent
    for stale in sorted(parent.glob(f"{TMP_PREFIX}{output.name}-*")):
        shutil.rmtree(stale, ignore_errors=True)
    olds = sorted(parent.glob(f"{OLD_PREFIX}{output.name}-*"))
    if olds and not output.exists():
        try:
            olds[-1].rename(output)
            olds = olds[:-1]
        except OSError:
            pass  # the folder is read-only or the name taken: the new build will take its place
    for old in olds:
        shutil.rmtree(old, ignore_errors=True)


def swap_in(built: Path, output: Path) -> None:
    """Two renames; if the second fails the first is undone, so `output` is the old or the new build."""
    old = output.parent / f"{OLD_PREFIX}{output.name}-{os.getpid()}"
    had_output = output.exists() or output.is_symlink()
    if had_output:
        output.rename(old)
    try:
        built.rename(output)
    except OSError:
        if had_output:
            old.rename(output)
        raise
    if had_output:
        remove_later(old)


def remove_later(folder: Path) -> None:
    """Remove the replaced output in a process of its own that the build does not wait for: a
    tree of tens of thousands of files (one folder per item page) takes seconds to remove, and
    nothing the user waits for depends on it. If that process is killed or cannot be started, the
    next build's clean_stale removes what is left."""
    try:
        subprocess.Popen(["rm", "-rf", "--", str(folder)], stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                         stderr=subprocess.DEVNULL, start_new_session=True)
    except OSError:
        shutil.rmtree(folder, ignore_errors=True)


# build.json's records (under "inputs") of the files the link check saw, and of everything the
# build read (fastpath/unchanged.py).
LINKED_FILES = "link check: files"
WHOLE_INPUTS = "build: everything read"


def _check_links(context, target: Path, links, hashes: dict, linked: dict) -> list:
    """Every page's references checked against the files of the build: (page, reference) of
    those that lead nowhere. With the cache, a page linked from the previous build has its
    references found by its sha256, and is not checked again when the build has exactly the files
    the previous build's check saw (a reference's target depends on nothing else)."""
    files = hashlib.sha256("\0".join([links.siteurl, *sorted(hashes)]).encode()).hexdigest()
    context.keys[LINKED_FILES] = files
    if context.cache is None:
        return links.broken(set(hashes))
    # sha256 -> a page's references, a tuple of strings: pickled, so that the strings every page
    # holds (menus, footer) are stored once, not once a page (300 MB of JSON at 100,000 pages).
    known = context.cache.load("refs")
    same_files = context.previous is not None and context.previous.keys.get(LINKED_FILES) == files
    skip = {rel for rel in linked if rel in hashes} if same_files else set()
    recalled = {rel: hashes[rel] for rel in linked if rel in hashes and rel not in skip}
    wanted = {entry[2] for entry in recalled.values()} & known.keys()
    found = links.recall(target, recalled, {sha: known[sha] for sha in wanted})
    broken = links.broken(set(hashes), skip=skip)
    for rel, refs in links.references.items():
        found.setdefault(hashes[rel][2], refs)
    used = dict(found)
    for rel in skip:  # pages not checked again keep their entries, as they were
        sha = hashes[rel][2]
        if sha in known:
            used.setdefault(sha, known[sha])
    context.cache.add("refs", {sha: value for sha, value in used.items() if sha not in known})
    context.cache.tidy("refs", used)
    return broken


def render(root: Path, settings_file: Path, target: Path, site, overrides: dict | None = None) -> None:
    """Run Pelican in this process with warnings fatal, writing into `target`."""
    from pelican import Pelican
    from pelican.log import init as init_logging
    from pelican.settings import read_settings

    init_logging(level=logging.WARNING, fatal="warnings")
    override = {"OUTPUT_PATH": str(target), "GONGKAI_SITE": site, "GONGKAI_ROOT": str(root),
                "PATH": str(root / "content"), "THEME": str(root / "theme"), "PLUGIN_PATHS": [str(root / "plugins")]}
    override.update(overrides or {})
    settings = read_settings(str(settings_file), override=override)
    _run_without_pelican_summary(Pelican(settings))


def _run_without_pelican_summary(pelican) -> None:
    """Pelican.run() ends by printing "Done: Processed 0 articles, 0 drafts…" (our own generator
    writes every page, so its counts are always 0 and read like a failure to a clerk): everything
    Pelican prints is held back and passed on, its warnings and errors included, without that line."""
    from pelican.log import console

    console.begin_capture()
    try:
        pelican.run()
    finally:
        printed = console.end_capture()
        printed = printed[:printed.rfind("Done: Processed")] if "Done: Processed" in printed else printed
        if printed:
            console.file.write(printed)
            console.file.flush()


def _commit(root: Path) -> str:
    result = subprocess.run(["git", "-C", str(root), "rev-parse", "HEAD"], capture_output=True, text=True)
    return result.stdout.strip() if result.returncode == 0 else ""


def build(root: Path, settings_file: Path, output: Path, *, lang: str = "zh", stream=None,
          after_render=None, overrides: dict | None = None, options: BuildOptions | None = None) -> int:
    """Returns the exit code: 0 built and swapped in, 1 content problems or a failed step.
    `options`: BuildOptions(serial=True, cache=False) is the slow twin of the default fast build."""
    stream = stream or sys.stderr
    root, output = root.resolve(), output.resolve()
    try:
        output.parent.mkdir(parents=True, exist_ok=True)
        lock_file = open(output.parent / f".output-lock-{output.name}", "w")
    except OSError as exc:
        stream.write(f"无法在 {output.parent} 中建立构建输出：{describe(exc)}。原来的网站输出没有改动。\n")
        return 1
    with lock_file as lock:
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            stream.write(f"另一个构建正在写入 {output}，请等它结束后再运行。原来的网站输出没有改动。\n")
            return 1
        return _locked_build(root, settings_file, output, options or BuildOptions(), lang, stream, after_render,
                             overrides)


def _locked_build(root, settings_file, output, options, lang, stream, after_render, overrides) -> int:
    clean_stale(output)
    for where in sorted({scratch.parent(output.parent), output.parent}):
        scratch.remove_stale(where)  # /dev/shm entries of builds that were killed
    context = BuildContext.start(root, source_epoch(root), options, output)
    run = f"{settings_file.relative_to(root) if settings_file.is_relative_to(root) else settings_file}\0{lang}\0" \
          f"{sorted((overrides or {}).items(), key=repr)!r}"
    context.keys[WHOLE_INPUTS] = unchanged.input_key(root, context.salt, context.epoch, _commit(root), run)
    context.phase("start: code salt, previous manifest, inputs")
    if (after_render is None and context.previous is not None  # a caller's hook after rendering wants a render
            and context.previous.keys.get(WHOLE_INPUTS) == context.keys[WHOLE_INPUTS]
            and unchanged.intact(context.previous)):
        context.phase("nothing changed: the output checked against its manifest")
        context.report_timings(stream)
        stream.write(f"没有需要重新构建的内容：所有输入与上次构建相同，{output} 与其构建清单逐字节一致。\n")
        return 0
    # Imported only now: a build with nothing to do must not pay for loading the whole package.
    from ..adapters.search import BUNDLES, IndexPipeline, check_index, make_bundles, write_site_tables
    from ..check import load_and_draw
    from ..outputs.links import OutputLinks
    from ..search import plan as searchplan

    if not options.serial:  # forked while this process is small; the generator feeds it shard by shard
        context.indexer = IndexPipeline(output.parent, context)
    try:
        site, problems, context.drawing = load_and_draw(root, context.epoch, store=True, cache=context.cache,
                                                        workers=context.workers)
    except BaseException:
        if context.indexer is not None:
            context.indexer.cancel()
        raise
    context.phase("check: load, validate, links")
    if problems:
        stream.write(render_text(problems, lang))
    if site is None or has_errors(problems):
        if context.drawing is not None:
            context.drawing.cancel()
        if context.indexer is not None:
            context.indexer.cancel()
        stream.write("构建已停止：内容有错误，原来的网站输出没有改动。\n")
        return 1
    target = output.parent / f"{TMP_PREFIX}{output.name}-{os.getpid()}"
    context.target = target
    try:
        shutil.rmtree(target, ignore_errors=True)
        target.mkdir(parents=True)
        shards = searchplan.plan(site, int(_setting(settings_file, overrides, "GONGKAI_SEARCH_SHARD_PAGES", searchplan.CAP)))
        bundles = frozenset({BUNDLES})
        if context.indexer is not None:  # it starts once the generator has written the first shard's pages
            context.indexer.index(target, shards, site.vocabularies.search_synonyms)
        render(root, settings_file, target, site, dict(overrides or {}, GONGKAI_CONTEXT=context, GONGKAI_SHARDS=shards))
        context.phase("render: Pelican")
        # One read of every file but the search index (still being made): its hash for the
        # manifest, and each page's references for the link check. A file linked from the
        # previous build is not read again: its hash is the previous manifest's, its references
        # are found by that hash in the cache.
        links = OutputLinks(_siteurl(settings_file, overrides))
        linked = context.previous.linked(target) if context.previous is not None else {}
        hashes = hash_files(target, known=linked, visit=links.visit, skip=bundles)
        broken = _check_links(context, target, links, hashes, linked)
        context.phase("hash and link check")
        if broken:
            listing = "\n".join(f"  {page} -> {ref}" for page, ref in broken[:20])
            raise BrokenLinks(f"构建结果中有 {len(broken)} 个链接指向不存在的文件：\n{listing}")
        if after_render is not None:
            after_render(target, site)
        if context.indexer is not None:
            index_hashes, index_keys = context.indexer.wait()
        else:  # the slow twin: after the pages, in this process
            index_hashes, index_keys = make_bundles(target, shards, context, synonyms=site.vocabularies.search_synonyms)
        hashes.update(index_hashes)
        context.keys.update(index_keys)
        context.phase("search index (wait)")
        check_index(target, shards)
        hashes.update(write_site_tables(target, shards, site))
        write_manifest(target, {"commit": _commit(root), "epoch": context.epoch, "items": len(site.items),
                                "datasets": len(site.datasets), "agencies": len(site.agencies),
                                "inputs": dict(sorted(context.keys.items()))}, hashes)
        context.phase("manifest")
    except BaseException as exc:
        if context.drawing is not None:
            context.drawing.cancel()
        if context.indexer is not None:
            context.indexer.cancel()
        shutil.rmtree(target, ignore_errors=True)
        if isinstance(exc, KeyboardInterrupt):
            stream.write("构建已中断，原来的网站输出没有改动。\n")
            raise
        # An exception's text may quote content (a file name, a link): masked like every problem.
        stream.write(redact(report(exc, "构建")) + "原来的网站输出没有改动。\n")
        return 1
    try:
        swap_in(target, output)
    except OSError as exc:
        shutil.rmtree(target, ignore_errors=True)
        stream.write(f"构建已完成，但无法替换 {output}：{describe(exc)}。原来的网站输出没有改动。\n")
        return 1
    context.phase("swap")
    context.report_timings(stream)
    stream.write(f"构建完成：{len(site.items)} 条公开信息、{len(site.datasets)} 个数据集、{len(site.agencies)} 个机构，输出到 {output}。\n")
    return 0
