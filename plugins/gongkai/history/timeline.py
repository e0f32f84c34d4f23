"""A dataset's timeline: the git revisions of each of its resources, diffed version by version
(through the cache), screened for privacy and grouped by commit, newest first."""

from __future__ import annotations

import contextlib
import datetime as dt
import json
from pathlib import Path

from .. import tabular
from ..builddate import CHINA
from .cache import DiffCache
from .change import BASELINE, DELETED, FIRST, MODIFIED, UNREADABLE, DatasetHistory, ResourceRevision, Revision, TableDiff
from .diff import DETAIL_LIMIT, VersionUnreadable, deleted_version, diff_versions, first_version
from .gitlog import FileCommit, GitUnavailable, Repository, open_repository
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


def _resource_timeline(dataset, resource, repository, cache, max_bytes, privacy_removed, revisions, history) -> None:
    rel = f"{dataset.rel_dir}/{resource.path}"
    commits = repository.log(rel)
    if not commits:
        history.notes.append(f"数据资源“{resource.title}”（{resource.path}）还没有提交到 git，没有更新记录。")
        return
    sizes = repository.sizes([blob for c in commits for blob in (c.old_blob, c.new_blob)])
    codec = tabular.source_codec(resource.source_path, resource.encoding)
    dialect = tabular.dialect_options(resource.dialect)
    key = resource.schema.get("primaryKey") or []
    key = [key] if isinstance(key, str) else list(key)

    def opener(blob: str):
        @contextlib.contextmanager
        def open_version():
            if sizes.get(blob, 0) > max_bytes:
                raise VersionUnreadable(f"这一版本有 {sizes[blob] / 1048576:.1f} MB，超过数据文件的上限 "
                                        f"{max_bytes / 1048576:.0f} MB，没有逐行比较。")
            with repository.rows(blob, codec, dialect) as rows:
                yield rows
        return open_version

    entries = []
    for commit in commits:
        diff = _cached_diff(commit, repository, cache, key, codec, dialect, opener)
        entries.append((commit, is_privacy_commit(commit.commit, commit.message, privacy_removed), diff))
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


def _cached_diff(commit: FileCommit, repository: Repository, cache: DiffCache | None, key: list[str], codec: str,
                 dialect: dict, opener) -> TableDiff:
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
            return found
    if kind == MODIFIED:
        diff = diff_versions(opener(old), opener(new), key)
    elif kind == DELETED:
        diff = deleted_version(opener(old))
    else:
        diff = first_version(opener(new))
        if kind == BASELINE and diff.status != UNREADABLE:
            diff.status = BASELINE
    if entry is not None:
        cache.put(entry, diff)
    return diff


def open_history_source(root: Path):
    """The repository of the site at `root`, or an Unavailable saying why there is none."""
    try:
        return open_repository(root)
    except GitUnavailable as exc:
        return Unavailable(str(exc))


def all_histories(site, salt: str | None, workers: int = 1, enabled: bool = True) -> dict:
    """{dataset name: DatasetHistory} of every dataset, the datasets shared out over `workers`
    forked processes; diffs cached under .cache/ when `salt` (the code version) is given."""
    from .. import parallel

    if not enabled:
        off = Unavailable("本站构建时关闭了更新记录（设置 GONGKAI_HISTORY = False），没有读取版本历史。")
        return {dataset.name: dataset_history(dataset, off) for dataset in site.datasets}
    source = open_history_source(site.root)

    def part(datasets):
        cache = DiffCache(site.root, salt) if salt else None
        found = {dataset.name: dataset_history(dataset, source, cache) for dataset in datasets}
        return found, (cache.used if cache else set())

    # Biggest first, dealt round-robin: the parts take about the same time.
    ordered = sorted(site.datasets, key=lambda d: (-sum(r.bytes for r in d.resources), d.name))
    shares = [ordered[i::workers] for i in range(max(1, workers))] if len(ordered) > 1 else [ordered]
    results = parallel.map_forked(part, [share for share in shares if share], what="读取数据集版本历史")
    histories, used = {}, set()
    for found, keys in results:
        histories.update(found)
        used |= keys
    if salt and not isinstance(source, Unavailable):
        DiffCache(site.root, salt).tidy(used)
    return {dataset.name: histories[dataset.name] for dataset in site.datasets}
