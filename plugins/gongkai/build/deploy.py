"""Publishing a finished build to the gh-pages branch, then proving it arrived.

The output must be exactly a finished build (its manifest). ghpages.py makes the commit with
ghp-import, which can print a failure and still exit 0, so the commit's tree is compared with
the build file by file (git blob hashes) before anything is pushed or any branch moves.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from ..adapters import ghpages
from ..core import limits
from ..core.failures import Failure
from ..core.manifest import MANIFEST, _files

MAX_FILE_BYTES = limits.MAX_PUBLISHED_FILE_BYTES


class DeployError(Failure):
    pass


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
    for rel, name in _files(output):
        path = Path(name)
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
    expected = {rel: _blob_hash(Path(path)) for rel, path in _files(output)}
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
