"""The vendored Decap CMS bundle and our own editor assets: which files, and the sha256 each must have.

Decap is served from the site itself, never from a CDN: `vendor/decap-cms/VENDOR.json` records the
npm version, the tarball's integrity and the sha256 of every file taken from it, and nothing is
served or published before those hashes are checked.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
VENDOR = HERE / "vendor" / "decap-cms"
STATIC = HERE / "static"
MANIFEST = VENDOR / "VENDOR.json"
# Our own assets of the admin page (index.html references them by these names).
OWN_ASSETS = ("index.html", "gongkai-editor.js", "gongkai-editor.css")


class BundleError(Exception):
    """The vendored bundle is missing or was changed: refuse to serve or publish it."""


@dataclass(frozen=True)
class Asset:
    name: str  # the file name under /admin/
    path: Path
    content_type: str


CONTENT_TYPES = {".js": "text/javascript; charset=utf-8", ".css": "text/css; charset=utf-8",
                 ".html": "text/html; charset=utf-8", ".txt": "text/plain; charset=utf-8", "": "text/plain; charset=utf-8"}


def manifest() -> dict:
    return json.loads(MANIFEST.read_text(encoding="utf-8"))


def version() -> str:
    return manifest()["version"]


def admin_assets() -> list[Asset]:
    """Every static file of /admin/ (config.yml is generated apart), the Decap files verified."""
    recorded = manifest()["sha256"]
    assets = []
    for name in sorted(recorded):
        path = VENDOR / name
        if not path.is_file() or path.is_symlink():
            raise BundleError(f"缺少 Decap CMS 文件 {path}。请从仓库重新取出 plugins/gongkai/editor/vendor/。")
        digest = hashlib.sha256(path.read_bytes()).hexdigest()
        if digest != recorded[name]:
            raise BundleError(f"Decap CMS 文件 {path} 的 sha256 与 VENDOR.json 记录的不一致，可能被改动过，拒绝使用。"
                              "请从仓库重新取出这个文件。")
        assets.append(Asset(name, path, CONTENT_TYPES.get(path.suffix, CONTENT_TYPES[""])))
    for name in OWN_ASSETS:
        path = STATIC / name
        assets.append(Asset(name, path, CONTENT_TYPES[path.suffix]))
    return assets
