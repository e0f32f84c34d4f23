"""Helpers of the editor tests: a sample site in its own git repository, the editor server on a free
port, and a client that speaks Decap's proxy protocol over real HTTP."""

from __future__ import annotations

import json
import os
import subprocess
import threading
import urllib.error
import urllib.request
from pathlib import Path

from support import BUILD_EPOCH, copy_sample_site, pdf_with_text

AUTHOR = ("测试员", "clerk@example.gov.cn")


def git(root: Path, *args: str) -> str:
    return subprocess.run(["git", "-C", str(root), *args], check=True, capture_output=True, text=True).stdout


def sample_repository(target: Path) -> Path:
    """The bundled sample site, committed once in a fresh repository (on a fixed date)."""
    root = copy_sample_site(target)
    git(root, "init", "-q", "-b", "main")
    git(root, "config", "user.name", AUTHOR[0])
    git(root, "config", "user.email", AUTHOR[1])
    env = dict(os.environ, GIT_AUTHOR_DATE=f"{BUILD_EPOCH} +0800", GIT_COMMITTER_DATE=f"{BUILD_EPOCH} +0800")
    subprocess.run(["git", "-C", str(root), "add", "-A"], check=True, env=env)
    subprocess.run(["git", "-C", str(root), "commit", "-q", "-m", "示例站点"], check=True, env=env)
    return root


def snapshot(root: Path) -> dict:
    """Every source file's bytes, to prove that a refused save changed nothing."""
    files = {}
    for top in ("content", "datasets", "schemas"):
        for path in sorted((root / top).rglob("*")):
            if path.is_file():
                files[path.relative_to(root).as_posix()] = path.read_bytes()
    return files


class Client:
    """Decap's proxy backend, as the browser would call it."""

    def __init__(self, base: str):
        self.base = base.rstrip("/")

    def request(self, action: str, params: dict, *, origin: str | None = "same", headers: dict | None = None):
        data = json.dumps({"action": action, "params": params}).encode()
        sent = {"Content-Type": "application/json"}
        if origin is not None:
            sent["Origin"] = self.base if origin == "same" else origin
        sent.update(headers or {})
        request = urllib.request.Request(self.base + "/api/v1", data=data, method="POST", headers=sent)
        try:
            with urllib.request.urlopen(request) as response:
                return response.status, json.loads(response.read())
        except urllib.error.HTTPError as error:
            return error.code, json.loads(error.read() or b"null")

    def get(self, path: str, headers: dict | None = None):
        request = urllib.request.Request(self.base + path, headers=headers or {})
        try:
            with urllib.request.urlopen(request) as response:
                return response.status, response.read()
        except urllib.error.HTTPError as error:
            return error.code, error.read()

    def save_item(self, rel: str, raw: str, *, assets=(), new: bool = True, **kwargs):
        slug = rel.removeprefix("content/disclosures/").removesuffix(".md")
        return self.request("persistEntry", {
            "branch": "main", "dataFiles": [{"slug": slug, "path": rel, "raw": raw}], "assets": list(assets),
            "options": {"collectionName": "disclosures", "commitMessage": "Create", "useWorkflow": False,
                        "status": "", "newEntry": new}}, **kwargs)

    def save_dataset(self, name: str, raw: str, *, assets=()):
        return self.request("persistEntry", {
            "branch": "main", "dataFiles": [{"slug": name, "path": f"datasets/{name}/datapackage.yaml", "raw": raw}],
            "assets": list(assets),
            "options": {"collectionName": "datasets", "commitMessage": "Update", "useWorkflow": False, "status": ""}})


def asset(path: str, data: bytes) -> dict:
    import base64

    return {"path": path, "content": base64.b64encode(data).decode("ascii"), "encoding": "base64"}


def start(server) -> threading.Thread:
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    return thread


NEW_ITEM = """---
title: {title}
index_no: {index_no}
agency: qx-gov-office
category: 综合政务
genre: 通知公告
written: 2026-11-18
published: 2026-11-20
attachments:
  - file: 2026/{attachment}
    title: 补贴标准表
---
{body}
"""


def new_item(title="关于2026年冬季清洁取暖补贴发放的通知", index_no="11431234MB1520002E/2026-00101",
             attachment="补贴标准表.pdf", body="为保障群众温暖过冬，现将有关事项通知如下。") -> str:
    return NEW_ITEM.format(title=title, index_no=index_no, attachment=attachment, body=body)


def item_path(index_no: str, year: str = "2026") -> str:
    return f"content/disclosures/{year}/{index_no.lower().replace('/', '-')}.md"


PDF = pdf_with_text("Heating subsidy table")  # a real PDF: the check reads attachments' text
