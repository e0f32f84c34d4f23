"""Publishing a finished build to the gh-pages branch, then proving it arrived.

The output must be exactly a finished build (its manifest). ghpages.py makes the commit with
ghp-import, which can print a failure and still exit 0, so the commit's tree is compared with
the build file by file (git blob hashes) before anything is pushed or any branch moves.
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

from ..adapters import ghpages
from ..core import limits, outputfs
from ..core.failures import Failure

MANIFEST = "build.json"
MAX_FILE_BYTES = limits.MAX_PUBLISHED_FILE_BYTES


class DeployError(Failure):
    pass


def _files(output: Path, skip: frozenset = frozenset()) -> list[tuple[str, Path]]:
    """(relative path, path) of every file and symlink, sorted; symlinked folders are listed, not
    entered; top-level folders named in `skip` are left out."""
    found = []
    for folder, dirs, files in os.walk(output):
        if folder == str(output):
            dirs[:] = [name for name in dirs if name not in skip]
        rel = Path(folder).relative_to(output).as_posix()
        prefix = "" if rel == "." else rel + "/"
        found += [(prefix + name, Path(folder, name)) for name in files]
        found += [(prefix + name, Path(folder, name)) for name in dirs if os.path.islink(os.path.join(folder, name))]
    return sorted(found)


def hash_files(output: Path, known: dict | None = None, visit=None, skip: frozenset = frozenset()) -> dict:
    """{path: (size, mtime_ns, sha256)} of every file; a file in `known` whose size and mtime are
    unchanged is not read again (so most of a build can be hashed while its search index is made).
    visit(path, data), if given, sees the bytes of every file read (the link check uses them);
    top-level folders named in `skip` are left out."""
    known = known or {}
    hashes = {}
    for rel, path in _files(output, skip):
        if rel == MANIFEST:
            continue
        stat = path.stat()
        previous = known.get(rel)
        if previous and previous[:2] == (stat.st_size, stat.st_mtime_ns):
            hashes[rel] = previous
        else:
            data = path.read_bytes()
            hashes[rel] = (stat.st_size, stat.st_mtime_ns, hashlib.sha256(data).hexdigest())
            if visit is not None:
                visit(rel, data)
    return hashes


def write_manifest(output: Path, info: dict, known: dict | None = None) -> Path:
    """Record every file of a finished build with its sha256 (written last, so its presence means complete)."""
    files = {rel: value[2] for rel, value in hash_files(output, known).items()}
    manifest = dict(info, files=files)
    target = output / MANIFEST
    outputfs.write_text(target, json.dumps(manifest, ensure_ascii=False, indent=1, sort_keys=True) + "\n")
    return target


def verify_output(output: Path) -> dict:
    """The output folder must be exactly a finished build: no symlink, no huge file, nothing missing or extra."""
    manifest_path = output / MANIFEST
    if not output.is_dir() or not manifest_path.is_file():
        raise DeployError(f"{output} 不是一次完整的构建（缺少 {MANIFEST}）。请先运行 make publish。")
    try:
        manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
        manifest["files"].items()
    except (ValueError, KeyError, TypeError, AttributeError) as exc:
        raise DeployError(f"{output}/{MANIFEST} 已损坏，不是一次完整的构建。请重新运行 make publish。") from exc
    seen = {}
    for rel, path in _files(output):
        if path.is_symlink():
            raise DeployError(f"输出中有符号链接 {rel}，拒绝发布。")
        if path.stat().st_size > MAX_FILE_BYTES:
            raise DeployError(f"文件 {rel} 超过 100 MB，拒绝发布。")
        if rel != MANIFEST:
            seen[rel] = hashlib.sha256(path.read_bytes()).hexdigest()
    if seen != manifest["files"]:
        missing = sorted(set(manifest["files"]) - set(seen))
        extra = sorted(set(seen) - set(manifest["files"]))
        changed = sorted(k for k in set(seen) & set(manifest["files"]) if seen[k] != manifest["files"][k])
        raise DeployError(f"输出目录与构建清单不一致（缺少 {missing[:3]}，多出 {extra[:3]}，改动 {changed[:3]}），可能是不完整的构建。请重新运行 make publish。")
    return manifest


def _blob_hash(path: Path) -> str:
    return _blob_hash_bytes(path.read_bytes())


def deploy(root: Path, output: Path, *, branch: str = "gh-pages", remote: str = "origin", push: bool = False,
           force: bool = False) -> None:
    """Verify the output, publish it to `branch` (ghpages.publish) and prove the commit holds it."""
    manifest = verify_output(output)
    expected = {rel: _blob_hash(path) for rel, path in _files(output)}
    expected[".nojekyll"] = _blob_hash_bytes(b"")

    def verify_tree(commit: str) -> None:
        listing = ghpages.git(root, "ls-tree", "-r", "-z", commit, what="读取发布的提交")
        actual = {}
        for entry in listing.split("\0"):
            if entry:
                meta, name = entry.split("\t", 1)
                actual[name] = meta.split()[2]
        if actual != expected:
            missing = sorted(set(expected) - set(actual))[:5]
            extra = sorted(set(actual) - set(expected))[:5]
            raise DeployError(f"发布用的提交与构建输出不一致（缺少 {missing}，多出 {extra}），没有推送，本地 {branch} 分支没有改动。")

    try:
        ghpages.publish(root, output, source_commit=manifest.get("commit") or "unknown commit", branch=branch,
                        remote=remote, push=push, force=force, verify_tree=verify_tree)
    except ghpages.PublishError as exc:
        raise DeployError(str(exc)) from exc


def _blob_hash_bytes(data: bytes) -> str:
    return hashlib.sha1(b"blob %d\0" % len(data) + data).hexdigest()
