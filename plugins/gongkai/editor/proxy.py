"""The server side of Decap's local "proxy" backend, on the repository itself.

Decap posts `{action, params}` to /api/v1. Reads list and return files under content/ and
datasets/. Every write (an entry, an upload, a deletion) becomes a change set that is checked by
the real check first (validate.py), refused with our Chinese problems when it has errors, and
otherwise written and committed in one commit. Editorial-workflow actions are for remote hosts.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import os
import re
import threading
import time
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from ..model import attachment
from ..core.builddate import source_epoch
from . import config as editor_config
from . import edits, gitrepo, paths
from .validate import Change, Checker, concerns

MAX_UPLOAD_BYTES = 50 * 1024 * 1024
THUMBNAIL_BYTES = 1024 * 1024
IMAGE_TYPES = {"png", "jpg", "jpeg", "gif"}
WORKFLOW_ACTIONS = {"unpublishedEntries", "unpublishedEntry", "unpublishedEntryDataFile", "unpublishedEntryMediaFile",
                    "deleteUnpublishedEntry", "updateUnpublishedEntryStatus", "publishUnpublishedEntry"}


class Refused(Exception):
    """A request answered with an error: HTTP status, Chinese summary, and the problems if any."""

    def __init__(self, status: int, message: str, problems: list | None = None, changed: frozenset = frozenset()):
        super().__init__(message)
        self.status, self.message, self.problems, self.changed = status, message, problems or [], changed

    def problems_json(self) -> list:
        return [problem_json(p, self.changed) for p in self.problems]


@dataclass
class Saved:
    message: str
    commit: str
    warnings: list
    check_seconds: float


def problem_json(problem, changed=frozenset()) -> dict:
    """A problem for the editor; `other_file` marks one the change causes in a file it did not touch."""
    return {"path": problem.path, "line": problem.line, "column": problem.column, "field": problem.field,
            "label": problem.field_display("zh"), "code": problem.code, "message": problem.message,
            "severity": problem.severity.value, "other_file": bool(changed) and not concerns(problem, changed)}


def summary(problems: list, changed=frozenset()) -> str:
    """One paragraph for Decap's notice: every problem with its field (and file, if another), in Chinese."""
    parts = []
    for problem in problems[:8]:
        subject = problem.field_display("zh")
        where = f"（{problem.path}）" if changed and not concerns(problem, changed) else ""
        parts.append(f"{where}{subject}：{problem.message}" if subject else where + problem.message)
    more = f"（另有 {len(problems) - 8} 个问题）" if len(problems) > 8 else ""
    return f"没有保存，请先修改（共 {len(problems)} 个问题）：" + "；".join(parts) + more


class Proxy:
    def __init__(self, root: Path, checker: Checker, preview=None, *, max_upload: int = MAX_UPLOAD_BYTES):
        self.root = root.resolve()
        self.checker = checker
        self.preview = preview
        self.max_upload = max_upload
        self._write_lock = threading.Lock()

    # -- dispatch --

    def handle(self, payload: object, author: gitrepo.Author | None) -> object:
        if not isinstance(payload, dict) or not isinstance(payload.get("action"), str):
            raise Refused(400, "请求格式不对：应为 {action, params}。")
        action, params = payload["action"], payload.get("params") or {}
        if not isinstance(params, dict):
            raise Refused(400, "请求格式不对：params 应为映射。")
        if action in WORKFLOW_ACTIONS:
            raise Refused(422, "本地编辑器直接保存并提交，不使用“草稿→审核→发布”的编辑工作流。")
        handler = {
            "info": self.info, "entriesByFolder": self.entries_by_folder, "entriesByFiles": self.entries_by_files,
            "getEntry": self.get_entry, "getMedia": self.get_media, "getMediaFile": self.get_media_file,
            "getDeployPreview": self.get_deploy_preview,
        }.get(action)
        if handler is not None:
            return handler(params)
        writer = {"persistEntry": self.persist_entry, "persistMedia": self.persist_media,
                  "deleteFile": self.delete_file, "deleteFiles": self.delete_files}.get(action)
        if writer is None:
            raise Refused(422, f"不支持的操作“{action[:40]}”。")
        with self._write_lock:
            return writer(params, author)

    # -- reading --

    def info(self, params):
        return {"repo": self.root.name, "publish_modes": ["simple"], "type": "local_git"}

    def _entry(self, rel: str, label=None) -> dict:
        try:
            path = paths.no_links(self.root, rel)
        except paths.PathRefused as exc:
            raise Refused(403, exc.message) from exc
        if not path.is_file():  # Decap asks for files that may not exist yet
            return {"data": None, "file": {"path": rel, "label": label, "id": None}}
        data = path.read_bytes()
        text = data.decode("utf-8", errors="replace").removeprefix("\ufeff")
        return {"data": text, "file": {"path": rel, "label": label, "id": hashlib.sha256(data).hexdigest()}}

    def entries_by_folder(self, params):
        folder = str(params.get("folder", "")).strip("/")
        if folder != editor_config.DISCLOSURE_FOLDER:
            raise Refused(403, f"编辑器不列出“{folder[:80]}”中的文件。")
        extension = params.get("extension")
        depth = params.get("depth")
        if extension != "md" or not isinstance(depth, int) or not 1 <= depth <= 3:
            raise Refused(400, "请求格式不对：extension 应为 md，depth 为 1 到 3。")
        base = paths.existing_folder(self.root, folder)
        if base is None:
            return []
        found = []
        for current, dirs, files in os.walk(base):
            level = len(Path(current).relative_to(base).parts)
            dirs[:] = sorted(d for d in dirs if not d.startswith(".") and not os.path.islink(os.path.join(current, d))
                             and level + 1 < depth)
            for name in sorted(files):
                full = os.path.join(current, name)
                if name.endswith(".md") and not name.startswith(".") and not os.path.islink(full):
                    found.append(Path(full).relative_to(self.root).as_posix())
        return [self._entry(rel) for rel in sorted(found)]

    def entries_by_files(self, params):
        files = params.get("files")
        if not isinstance(files, list):
            raise Refused(400, "请求格式不对：files 应为列表。")
        result = []
        for item in files[:1000]:
            if not isinstance(item, dict):
                raise Refused(400, "请求格式不对。")
            rel = self._readable(item.get("path"))
            result.append(self._entry(rel, item.get("label") if isinstance(item.get("label"), str) else None))
        return result

    def get_entry(self, params):
        return self._entry(self._readable(params.get("path")))

    def _readable(self, rel) -> str:
        try:
            return paths.checked(rel)
        except paths.PathRefused as exc:
            raise Refused(403, exc.message) from exc

    def get_media(self, params):
        rel = self._readable(str(params.get("mediaFolder", "")).strip("/"))
        if rel != attachment.ATTACHMENTS_DIR and not rel.startswith(attachment.ATTACHMENTS_DIR + "/"):
            # Decap also asks for an entry's own folder and a dataset's data folder. Neither holds
            # media to pick: a dataset's CSV is replaced by uploading a file of the same name, and
            # listing it would only offer Decap's "delete, then upload" replacement.
            return []
        try:
            folder = paths.existing_folder(self.root, rel)
        except paths.PathRefused as exc:
            raise Refused(403, exc.message) from exc
        if folder is None:
            return []
        media = []
        for entry in sorted(os.scandir(folder), key=lambda e: e.name):
            if entry.is_file(follow_symlinks=False) and not entry.name.startswith("."):
                media.append(self._media(f"{rel}/{entry.name}", Path(entry.path), listing=True))
        return media

    def _media(self, rel: str, path: Path, *, listing: bool) -> dict:
        """A media file for Decap. A listing carries the bytes of small images only (thumbnails);
        Decap fetches any file's bytes with getMediaFile, so a folder of large PDFs is not read
        every time an item is opened. The id only has to change when the file does."""
        stat = path.stat()
        ext = PurePosixPath(rel).suffix.lower().lstrip(".")
        shown = not listing or (ext in IMAGE_TYPES and stat.st_size <= THUMBNAIL_BYTES)
        data = path.read_bytes() if shown else b""
        identity = f"{rel}\0{stat.st_ino}\0{stat.st_size}\0{stat.st_mtime_ns}".encode()
        return {"id": hashlib.sha256(identity).hexdigest(), "content": base64.b64encode(data).decode("ascii"),
                "encoding": "base64", "path": rel, "name": PurePosixPath(rel).name}

    def get_media_file(self, params):
        try:
            path = paths.existing_file(self.root, params.get("path"))
        except paths.PathRefused as exc:
            raise Refused(404, exc.message) from exc
        if path.stat().st_size > self.max_upload:
            raise Refused(413, "文件太大，编辑器不传送超过上传上限的文件。")
        return self._media(path.relative_to(self.root).as_posix(), path, listing=False)

    def get_deploy_preview(self, params):
        if self.preview is None:
            return None
        collection, slug = params.get("collection"), params.get("slug")
        if not isinstance(slug, str) or not re.fullmatch(r"[0-9A-Za-z_./-]{1,200}", slug) or ".." in slug:
            return None
        if collection == editor_config.DISCLOSURES:
            rel = f"{editor_config.DISCLOSURE_FOLDER}/{slug}.md"
        elif collection == editor_config.DATASETS:
            rel = f"datasets/{slug}/datapackage.yaml"
        else:
            return None
        url = self.preview.page_url(rel)
        return {"url": url, "status": "SUCCESS"} if url else None

    # -- writing --

    def persist_entry(self, params, author):
        options = params.get("options") if isinstance(params.get("options"), dict) else {}
        if options.get("useWorkflow"):
            raise Refused(422, "本地编辑器直接保存并提交，不使用编辑工作流。")
        files = params.get("dataFiles") or ([params["entry"]] if isinstance(params.get("entry"), dict) else [])
        if len(files) != 1 or not isinstance(files[0], dict) or not isinstance(files[0].get("raw"), str):
            raise Refused(400, "请求格式不对：一次只能保存一个条目。")
        entry = files[0]
        if entry.get("newPath"):
            raise Refused(422, "编辑器不移动已有的文件。")
        try:
            rel = paths.checked(entry.get("path"))
        except paths.PathRefused as exc:
            raise Refused(403, exc.message) from exc
        uploads = [self._upload(asset) for asset in params.get("assets") or []]
        collection = options.get("collectionName")
        if collection == editor_config.DISCLOSURES and paths.ITEM.match(rel):
            changes, message = self._item_changes(rel, entry["raw"], uploads, bool(options.get("newEntry")))
        elif collection == editor_config.DATASETS and paths.dataset_of(rel):
            changes, message = self._dataset_changes(rel, entry["raw"], uploads)
        else:
            raise Refused(403, f"编辑器不能保存“{rel[:80]}”。")
        if not changes:
            return {"message": "没有改动，文件保持原样。"}
        saved = self._save(changes, message, author)
        return {"message": saved.message, "commit": saved.commit, "warnings": [problem_json(p) for p in saved.warnings],
                "check_seconds": round(saved.check_seconds, 3)}

    def _upload(self, asset) -> tuple[str, bytes]:
        if not isinstance(asset, dict) or asset.get("encoding") != "base64" or not isinstance(asset.get("content"), str):
            raise Refused(400, "上传的文件格式不对。")
        try:
            rel = paths.checked(asset.get("path"))
        except paths.PathRefused as exc:
            raise Refused(403, exc.message) from exc
        if len(asset["content"]) > self.max_upload * 4 // 3 + 4:
            raise Refused(413, f"文件“{PurePosixPath(rel).name[:80]}”超过 {self.max_upload / 1048576:g} MB 的上传上限。")
        try:
            data = base64.b64decode(asset["content"], validate=True)
        except (binascii.Error, ValueError) as exc:
            raise Refused(400, "上传的文件内容不是有效的 base64。") from exc
        return rel, data

    def _original(self, rel: str) -> bytes | None:
        try:
            path = paths.no_links(self.root, rel)
        except paths.PathRefused as exc:
            raise Refused(403, exc.message) from exc
        return path.read_bytes() if path.is_file() else None

    def _item_changes(self, rel, raw, uploads, new_entry):
        inputs, problems = editor_config.load_inputs(self.root)
        if inputs is None:
            raise Refused(422, summary([p for p in problems if p.is_error]), problems)
        original = self._original(rel)
        if original is None:
            try:
                paths.new_item_path(rel)
            except paths.PathRefused as exc:
                raise Refused(422, exc.message) from exc
        elif new_entry:
            raise Refused(422, f"文件 {rel} 已经存在，不能新建同名条目。请检查索引号是否与已有条目重复。")
        try:
            values, body = edits.read_item_submission(raw, rel)
            text = edits.item_text(_decoded(original), values, body, inputs.disclosure_schema)
        except edits.EditRefused as exc:
            raise Refused(422, exc.message) from exc
        changes = [] if text is None else [Change(rel, text.encode("utf-8"))]
        attached = {entry.get("file") for entry in (values.get("attachments") or []) if isinstance(entry, dict)}
        for upload_rel, data in uploads:
            try:
                file = paths.attachment_upload(upload_rel)
            except paths.PathRefused as exc:
                raise Refused(422, exc.message) from exc
            if file not in attached:
                continue  # uploaded, then removed from the list before saving: not saved
            existing = self._original(upload_rel)
            if existing is not None and existing != data:
                raise Refused(422, f"附件文件 {upload_rel} 已经存在，内容不同。为免改动引用它的其他条目，请把新文件改名后再上传。")
            if existing is None:
                changes.append(Change(upload_rel, data))
        title = _title(values.get("title"), rel)
        return changes, f"{'新增' if original is None else '修改'}：{title}"

    def _dataset_changes(self, rel, raw, uploads):
        original = self._original(rel)
        if original is None:
            raise Refused(404, f"找不到数据集描述文件 {rel}。编辑器不新建数据集。")
        text_before = _decoded(original)
        try:
            submitted = edits.read_yaml_submission(raw, rel)
            text = edits.dataset_text(text_before, submitted, rel)
        except edits.EditRefused as exc:
            raise Refused(422, exc.message) from exc
        changes = [] if text is None else [Change(rel, text.encode("utf-8"))]
        folder = rel.rsplit("/", 1)[0]
        old = edits.read_yaml_submission(text_before, rel)
        files = {f"{folder}/{r['path']}" for r in old.get("resources") or []
                 if isinstance(r, dict) and isinstance(r.get("path"), str)}
        replaced = []
        for upload_rel, data in uploads:
            if upload_rel not in files:
                name = PurePosixPath(upload_rel).name
                raise Refused(422, f"上传的“{name[:80]}”不是这个数据集已有的数据文件。要更新数据，请把新文件命名为原数据文件的名字"
                                   f"（{'、'.join(sorted(PurePosixPath(f).name for f in files))}）再上传。")
            if self._original(upload_rel) != data:
                changes.append(Change(upload_rel, data))
                replaced.append(PurePosixPath(upload_rel).name)
        title = _title(submitted.get("title"), rel)
        return changes, (f"更新数据：{title}（{'、'.join(replaced)}）" if replaced else f"修改数据集：{title}")

    def persist_media(self, params, author):
        rel, data = self._upload(params.get("asset"))
        try:
            paths.attachment_upload(rel)
        except paths.PathRefused as exc:
            raise Refused(422, "请在编辑公开信息时，在“附件”一栏上传文件（附件按发布年份存放，保存条目时一起检查）。"
                          if rel.startswith(attachment.ATTACHMENTS_DIR + "/") else exc.message) from exc
        if self._original(rel) is not None:
            raise Refused(422, f"附件文件 {rel} 已经存在。请把新文件改名后再上传。")
        self._save([Change(rel, data)], f"上传附件：{PurePosixPath(rel).name}", author)
        return self._media(rel, self.root / rel, listing=False)

    def delete_file(self, params, author):
        return self.delete_files({"paths": [params.get("path")]}, author)

    def delete_files(self, params, author):
        rels = params.get("paths")
        if not isinstance(rels, list) or not rels:
            raise Refused(400, "请求格式不对：paths 应为列表。")
        changes = []
        for rel in rels:
            try:
                rel = paths.checked(rel)
            except paths.PathRefused as exc:
                raise Refused(403, exc.message) from exc
            if not rel.startswith(attachment.ATTACHMENTS_DIR + "/"):
                raise Refused(403, "编辑器只能删除附件文件；公开信息请用“有效性”标明失效或废止，不要删除。")
            if self._original(rel) is None:
                raise Refused(404, f"找不到文件 {rel}。")
            changes.append(Change(rel, None))
        names = "、".join(PurePosixPath(c.rel).name for c in changes)
        self._save(changes, f"删除附件：{names}", author)
        return {"message": f"已删除 {names}"}

    def _save(self, changes: list[Change], message: str, author) -> Saved:
        if author is None:
            raise Refused(422, "请先填写经办人姓名和电子邮箱（页面右上角），它们会记入修改记录。")
        for change in changes:
            if change.data is not None and len(change.data) > self.max_upload:
                raise Refused(413, f"文件 {change.rel} 超过 {self.max_upload / 1048576:g} MB 的上限。")
        now = int(time.time())
        epoch = check_epoch(self.root, now)
        verdict, (site, problems) = self.checker.check(changes, epoch)
        if not verdict.ok:
            changed = frozenset(change.rel for change in changes)
            raise Refused(422, summary(verdict.errors, changed), verdict.errors, changed)
        originals = {change.rel: self._original(change.rel) for change in changes}
        try:
            for change in changes:
                _write(self.root, change)
            commit = gitrepo.commit(self.root, [change.rel for change in changes], message, author, now)
        except (OSError, gitrepo.GitError) as exc:
            for rel, data in originals.items():
                _write(self.root, Change(rel, data))
            raise Refused(500, f"保存失败，文件已恢复原样：{exc}") from exc
        self.checker.saved(epoch, problems)
        if self.preview is not None and site is not None:
            self.preview.set_pages(site)
            self.preview.request()
        return Saved(f"已保存并提交：{message}", commit, verdict.warnings, verdict.seconds)


def _decoded(data: bytes | None) -> str | None:
    if data is None:
        return None
    try:
        return data.decode("utf-8").removeprefix("\ufeff")
    except UnicodeDecodeError as exc:
        raise Refused(422, "原文件不是 UTF-8 编码，编辑器无法修改它。请先用文本编辑器另存为 UTF-8。") from exc


def _title(value, rel: str) -> str:
    return value.strip()[:80] if isinstance(value, str) and value.strip() else rel


def check_epoch(root: Path, now: int) -> int:
    """The build date after this save: SOURCE_DATE_EPOCH when set, else the commit's own time."""
    return source_epoch(root, {"SOURCE_DATE_EPOCH": os.environ.get("SOURCE_DATE_EPOCH", "") or str(now)})


def _write(root: Path, change: Change) -> None:
    """Replace a file by a new one (a temporary file renamed over it), never writing through a link."""
    path = paths.no_links(root, change.rel)
    if change.data is None:
        if path.is_file() or path.is_symlink():
            path.unlink()
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    paths.no_links(root, change.rel)  # the folders just made are ours; check again all the same
    temporary = path.with_name(f".{path.name}.gongkai-{os.getpid()}-{threading.get_ident()}")
    with open(temporary, "xb") as handle:
        handle.write(change.data)
    os.replace(temporary, path)
