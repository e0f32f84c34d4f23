"""What a rebuild may reuse: rendered Markdown and charts (by content hash, packed in .cache/gongkai/),
and dataset downloads and search-index shards from the previous build (by input hash, recorded
in its build.json). Keys include a hash of the code, theme, schemas and pinned libraries, so any
change to how output is made invalidates everything.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
from pathlib import Path

CACHE_DIR = ".cache/gongkai"
# Everything that shapes the output besides the content itself.
CODE_INPUTS = ("plugins/gongkai", "theme", "schemas", "pelicanconf.py", "publishconf.py", "requirements.lock")


def code_salt(root: Path) -> str:
    digest = hashlib.sha256()
    package = Path(__file__).resolve().parents[1]  # the whole gongkai package
    sources = [package] + [root / name for name in CODE_INPUTS[1:]]
    for source in sources:
        files = [source] if source.is_file() else sorted(p for p in source.rglob("*") if p.is_file() and "__pycache__" not in p.parts)
        for path in files:
            digest.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


def digest(*parts) -> str:
    value = hashlib.sha256()
    for part in parts:
        value.update(part if isinstance(part, bytes) else str(part).encode("utf-8"))
        value.update(b"\0")
    return value.hexdigest()


def folder_digest(folder: Path) -> str:
    """Every file under a dataset folder (the path jail keeps its resources inside it)."""
    value = hashlib.sha256()
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        value.update(path.relative_to(folder).as_posix().encode() + b"\0")
        with path.open("rb") as handle:
            for block in iter(lambda: handle.read(1 << 20), b""):
                value.update(block)
    return value.hexdigest()


class PackCache:
    """Text values by key, kept in a few pack files per kind and code version.

    One file per value would cost more than the rendering it saves: creating 10,000 small files
    right after deleting a previous build takes seconds on ext4. Every writer adds a pack of its
    own (forked workers never share a file). A build that finds packs piling up rewrites the
    values it used into one pack and drops the others; packs of other code versions are dropped."""

    MAX_PACKS = 8

    def __init__(self, root: Path, salt: str):
        self.salt = salt
        self.base = root / CACHE_DIR

    def _folder(self, kind: str) -> Path:
        return self.base / kind / self.salt[:16]

    def key(self, *parts) -> str:
        return digest(self.salt, *parts)

    def _packs(self, kind: str) -> list[Path]:
        return sorted(self._folder(kind).glob("pack-*.json"))

    def load(self, kind: str, *, tidy: bool = True) -> dict[str, str]:
        """Every value of this kind and code version; the other versions' packs are removed
        (unless `tidy` is false: `gongkai check` reads the cache and writes nothing)."""
        for other in sorted((self.base / kind).glob("*")) if tidy else []:
            if other.is_dir() and other != self._folder(kind):
                shutil.rmtree(other, ignore_errors=True)
        values: dict[str, str] = {}
        for pack in self._packs(kind):
            try:
                values.update(json.loads(pack.read_text(encoding="utf-8")))
            except (OSError, ValueError):
                continue  # removed by a concurrent build, or damaged: its values are misses
        return values

    def add(self, kind: str, values: dict[str, str]) -> Path | None:
        if not values:
            return None
        text = json.dumps(values, ensure_ascii=False, sort_keys=True)
        folder = self._folder(kind)
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / f"pack-{digest(text)[:16]}.json"
        temporary = folder / f".{path.name}.{os.getpid()}.tmp"
        temporary.write_text(text, encoding="utf-8")
        os.replace(temporary, path)
        return path

    def tidy(self, kind: str, used: dict[str, str]) -> None:
        """When more than MAX_PACKS packs have piled up: one pack of the values in use, no others."""
        packs = self._packs(kind)
        if len(packs) <= self.MAX_PACKS:
            return
        kept = self.add(kind, used)
        for pack in packs:
            if pack != kept:
                pack.unlink(missing_ok=True)


def previous_manifest(output: Path) -> dict:
    """The previous (complete) build's manifest: its recorded inputs and files; {} when there is none."""
    try:
        manifest = json.loads((output / "build.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return manifest if isinstance(manifest, dict) else {}


def verified(output: Path, folder: str, files: dict, *, skip: frozenset = frozenset()) -> list[str] | None:
    """The files under `folder` of the previous build `output`, when each is a regular file whose
    sha256 is the one its manifest `files` recorded and none is missing or extra; else None.
    A file changed in the live site since (by hand, or by an attack) is never reused."""
    prefix = folder.rstrip("/") + "/"
    expected = {rel for rel in files if rel.startswith(prefix) and rel[len(prefix):] not in skip}
    found = []
    for current, dirs, names in os.walk(output / folder):
        dirs.sort()
        for name in names:
            path = Path(current, name)
            rel = path.relative_to(output).as_posix()
            if rel[len(prefix):] in skip:
                continue
            if path.is_symlink() or files.get(rel) != _sha256(path):
                return None
            found.append(rel)
    return sorted(found) if set(found) == expected and found else None


def _sha256(path: Path) -> str:
    value = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            value.update(block)
    return value.hexdigest()


def link_files(source_root: Path, target_root: Path, rels: list[str]) -> None:
    """Reuse files of the previous build: hard links, so nothing is copied or rewritten (every
    later write into the new build replaces a file instead of writing into it: outputfs)."""
    for rel in rels:
        target = target_root / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        link_or_copy(source_root / rel, target)


def link_or_copy(source, target) -> None:
    """A hard link, or a copy when the previous output is on another file system (a mount point)."""
    try:
        os.link(source, target)
    except OSError:
        shutil.copy2(source, target)


def _json(value) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True, default=str)


def page_digests(site) -> dict:
    """For every searchable page (output path): a digest of what its indexed main content shows."""
    digests = {}
    for item in site.items:
        linked = [(other.index_no, other.title) for group in (item.supersedes, item.superseded_by, item.interprets,
                                                               item.interpreted_by) for other in group]
        digests[f"{item.url}index.html"] = digest(item.rel, _json(item.record), item.body_source, item.agency.name,
                                                  _json(linked), _json([(a.file, a.bytes) for a in item.attachments]))
    for agency in site.agencies:
        digests[f"{agency.url}index.html"] = digest(_json(agency.record()), agency.parent.name if agency.parent else "",
                                                    _json([child.name for child in agency.children]))
    for dataset in site.datasets:
        digests[f"datasets/{dataset.name}/index.html"] = digest(folder_digest(dataset.source_dir),
                                                                site.agencies_by_id[dataset.publisher].name)
    for page in site.pages:
        digests[f"{page.url}index.html"] = digest(page.title, page.summary, page.body_source)
    for report in site.transparency.reports if site.transparency else []:
        digests[f"{report.url}index.html"] = digest(report.rel, report.heading, _json(report.texts),
                                                    _json(report.records()))
    return digests


def dataset_inputs(site, salt: str) -> dict:
    return {dataset.name: digest(salt, folder_digest(dataset.source_dir), dataset.modified.isoformat(), site.epoch)
            for dataset in site.datasets}
