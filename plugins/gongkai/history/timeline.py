"""A dataset's timeline: the git revisions of each of its resources, diffed version by version
(through the cache), screened for privacy and grouped by commit, newest first."""

from __future__ import annotations

import contextlib
import datetime as dt
import json
from pathlib import Path

from ..tabular import tabular
from ..core.builddate import CHINA
from .cache import DiffCache
from .change import BASELINE, DELETED, FIRST, MODIFIED, UNREADABLE, DatasetHistory, ResourceRevision, Revision, TableDiff
from .diff import DETAIL_LIMIT, KeyIndex, VersionUnreadable, deleted_version, diff_and_index, first_version
from ..adapters.gitlog import FileCommit, GitUnavailable, Repository, open_repository
from .withhold import is_privacy_commit, mask_text, screen


class Unavailable:
    """Stands in for a repository when there is none; says why on every dataset's page."""

    def __init__(self, reason: str):
        self.reason = reason


def dataset_history(dataset, repository: Repository | Unavailable, cache: DiffCache | None = None,
                    max_bytes: int = tabular.DEFAULT_MAX_BYTES) -> DatasetHistory:
    if isinstance(repository, Unavailable):
        return DatasetHistory(available=False, notes=[repository.reason])
    history = DatasetHistory(available=True, shallow=repository.shallow)
    if repository.shallow:
        history.notes.append("本站是从 git 浅克隆（shallow clone）构建的，只含最近的提交：更早的更新记录无法读取，"
                             "最早一条只说明当时的行数。")
    privacy_removed = list(getattr(dataset, "privacy_removed", []) or [])
    revisions: dict[str, Revision] = {}
    try:
        for resource in dataset.resources:
            _resource_timeline(dataset, resource, repository, cache, max_bytes, privacy_removed, revisions, history)
    except GitUnavailable as exc:
        return DatasetHistory(available=False, notes=[str(exc)])
    history.revisions = sorted(revisions.values(), key=lambda r: (r.timestamp, r.commit), reverse=True)
    for revision in history.revisions:
        order = {resource.name: position for position, resource in enumerate(dataset.resources)}
        revision.resources.sort(key=lambda part: order.get(part.resource, len(order)))
    return history


class _Reader:
    """One resource's file in git: its commits, and how to read and diff its versions."""

    def __init__(self, dataset, resource, repository: Repository, max_bytes: int):
        self.repository, self.max_bytes = repository, max_bytes
        self.commits = repository.log(f"{dataset.rel_dir}/{resource.path}")
        self.sizes = repository.sizes([blob for c in self.commits for blob in (c.old_blob, c.new_blob)])
        self.codec = tabular.source_codec(resource.source_path, resource.encoding)
        self.dialect = tabular.dialect_options(resource.dialect)
        key = resource.schema.get("primaryKey") or []
        self.key = [key] if isinstance(key, str) else list(key)

    def opener(self, blob: str):
        @contextlib.contextmanager
        def open_version():
            if self.sizes.get(blob, 0) > self.max_bytes:
                raise VersionUnreadable(f"这一版本有 {self.sizes[blob] / 1048576:.1f} MB，超过数据文件的上限 "
                                        f"{self.max_bytes / 1048576:.0f} MB，没有逐行比较。")
            with self.repository.rows(blob, self.codec, self.dialect) as rows:
                yield rows
        return open_version

    def diffs(self, commits: list[FileCommit], cache: DiffCache | None) -> list[TableDiff]:
        """The diff of each commit, in order; each diff hands the next the index of the version
        it read as new, so consecutive uncached commits read each version about once."""
        found, carried = [], None
        for commit in commits:
            usable = carried if carried is not None and carried.blob == commit.old_blob else None
            diff, carried = _cached_diff(commit, self.repository, cache, self.key, self.codec, self.dialect,
                                         self.opener, usable)
            found.append(diff)
        return found

    def cost(self, commits: list[FileCommit]) -> int:
        return sum(self.sizes.get(c.new_blob, 0) + self.sizes.get(c.old_blob, 0) for c in commits)


def _resource_timeline(dataset, resource, repository, cache, max_bytes, privacy_removed, revisions, history) -> None:
    reader = _Reader(dataset, resource, repository, max_bytes)
    commits = reader.commits
    if not commits:
        history.notes.append(f"数据资源“{resource.title}”（{resource.path}）还没有提交到 git，没有更新记录。")
        return
    diffs = reader.diffs(commits, cache)
    entries = [(commit, is_privacy_commit(commit.commit, commit.message, privacy_removed), diff)
               for commit, diff in zip(commits, diffs)]
    exempt = {field.name for field in resource.fields if field.pii == "allowed"}
    titles = {field.name: field.title for field in resource.fields}
    screened = screen([(privacy, diff) for _, privacy, diff in entries], exempt, titles)
    for (commit, privacy, _), (diff, private, personal) in zip(entries, screened):
        revision = revisions.get(commit.commit)
        if revision is None:
            message = mask_text(commit.message)
            revision = revisions[commit.commit] = Revision(
                commit=commit.commit, timestamp=commit.timestamp,
                date=dt.datetime.fromtimestamp(commit.timestamp, CHINA).date(), message=message,
                subject=message.split("\n", 1)[0].strip(), privacy=privacy)
        revision.resources.append(ResourceRevision(resource=resource.name, title=resource.title, path=resource.path,
                                                   diff=diff, withheld_privacy=private, withheld_personal=personal))
    newest = commits[-1].new_blob
    if newest and repository.hash_file(resource.source_path) != newest:
        history.notes.append(f"数据资源“{resource.title}”（{resource.path}）有尚未提交到 git 的修改：更新记录只包含已提交的版本。")


class _Carried:
    """A KeyIndex and the blob it indexes."""

    def __init__(self, blob: str, index: KeyIndex):
        self.blob, self.index = blob, index


def _cached_diff(commit: FileCommit, repository: Repository, cache: DiffCache | None, key: list[str], codec: str,
                 dialect: dict, opener, carried: _Carried | None) -> tuple[TableDiff, _Carried | None]:
    old, new = commit.old_blob, commit.new_blob
    if new and not old:
        kind = BASELINE if repository.shallow and commit.commit in repository.boundary and not commit.parents else FIRST
    else:
        kind = DELETED if not new else MODIFIED
    entry = cache.key(kind, old, new, json.dumps(key), codec, json.dumps(dialect, sort_keys=True),
                      DETAIL_LIMIT) if cache else None
    if entry is not None:
        found = cache.get(entry)
        if found is not None:
            return found, None
    index = None
    if kind == MODIFIED:
        diff, index = diff_and_index(opener(old), opener(new), key, carried.index if carried else None)
    elif kind == DELETED:
        diff = deleted_version(opener(old))
    else:
        diff = first_version(opener(new))
        if kind == BASELINE and diff.status != UNREADABLE:
            diff.status = BASELINE
    if entry is not None:
        cache.put(entry, diff)
    return diff, (_Carried(new, index) if index is not None else None)


def open_history_source(root: Path):
    """The repository of the site at `root`, or an Unavailable saying why there is none."""
    try:
        return open_repository(root)
    except GitUnavailable as exc:
        return Unavailable(str(exc))


def all_histories(site, salt: str | None, workers: int = 1, enabled: bool = True,
                  max_bytes: int = tabular.DEFAULT_MAX_BYTES) -> dict:
    """{dataset name: DatasetHistory} of every dataset. With a cache (`salt`, the code version)
    the missing diffs are first computed on `workers` forked processes into the cache, each
    resource's commits cut into runs; then every history is put together here from the cache.
    Without one, everything is computed here, in order: the slow twin."""
    if not enabled:
        off = Unavailable("本站构建时关闭了更新记录（设置 GONGKAI_HISTORY = False），没有读取版本历史。")
        return {dataset.name: dataset_history(dataset, off) for dataset in site.datasets}
    source = open_history_source(site.root)
    cache = DiffCache(site.root, salt) if salt and not isinstance(source, Unavailable) else None
    if cache is not None and workers > 1:
        cache.used |= _fill_cache(site, source, salt, workers, max_bytes)
    histories = {dataset.name: dataset_history(dataset, source, cache, max_bytes) for dataset in site.datasets}
    if cache is not None:
        cache.tidy(cache.used)
    return histories


def _fill_cache(site, repository: Repository, salt: str, workers: int, max_bytes: int) -> set[str]:
    """Compute every resource's diffs into the cache on `workers` processes; returns the keys used."""
    from ..fastpath import parallel

    runs = []  # (cost, reader, commits)
    for dataset in site.datasets:
        for resource in dataset.resources:
            try:
                reader = _Reader(dataset, resource, repository, max_bytes)
            except GitUnavailable:
                return set()  # put together below, where the reason is shown
            commits = reader.commits
            pieces = workers if len(commits) >= 4 * workers else 1
            size = -(-len(commits) // pieces)
            for start in range(0, len(commits), size or 1):
                chunk = commits[start:start + size]
                runs.append((reader.cost(chunk), reader, chunk))
    shares: list[list] = [[] for _ in range(workers)]
    loads = [0] * workers
    for cost, reader, chunk in sorted(runs, key=lambda run: -run[0]):  # biggest first, to the least loaded
        lightest = loads.index(min(loads))
        shares[lightest].append((reader, chunk))
        loads[lightest] += cost

    def fill(share) -> set[str]:
        cache = DiffCache(site.root, salt)
        for reader, chunk in share:
            reader.diffs(chunk, cache)
        return cache.used

    used = set()
    for keys in parallel.map_forked(fill, [share for share in shares if share], what="读取数据集版本历史"):
        used |= keys
    return used
