"""The local editor server only answers itself: loopback, its own Host and Origin, content/ and
datasets/ only, no symbolic links, capped uploads."""

from __future__ import annotations

import os

from editor_support import PDF, asset, git, item_path, new_item, snapshot


def test_server_listens_on_loopback_only(editor):
    server, _ = editor
    assert server.server_address[0] == "127.0.0.1"


def test_request_with_a_foreign_origin_gets_403(editor, repository):
    _, client = editor
    before = snapshot(repository)
    status, answer = client.save_item(item_path("11431234MB1520002E/2026-00101"), new_item(),
                                      assets=[asset("content/attachments/2026/补贴标准表.pdf", PDF)],
                                      origin="http://evil.example")
    assert status == 403 and "其他网页" in answer["error"]
    status, _ = client.request("getEntry", {"branch": "main", "path": "content/agencies.yaml"}, origin="null")
    assert status == 403
    assert snapshot(repository) == before


def test_write_without_an_origin_gets_403(editor):
    _, client = editor
    status, _ = client.request("info", {}, origin=None)
    assert status == 403


def test_request_for_another_host_name_gets_403_dns_rebinding(editor):
    server, client = editor
    for path in ("/admin/", "/admin/config.yml", "/preview/", "/api/gongkai/status"):
        status, _ = client.get(path, headers={"Host": f"attacker.example:{server.port}"})
        assert status == 403, path
    status, _ = client.request("info", {}, headers={"Host": f"attacker.example:{server.port}"})
    assert status == 403


def test_no_route_reads_outside_content_and_datasets(editor):
    _, client = editor
    for path in ("schemas/disclosure.schema.yaml", "pelicanconf.py", ".git/config", "../etc/passwd",
                 "content/../pelicanconf.py", "/etc/passwd", "content//agencies.yaml"):
        status, _ = client.request("getEntry", {"branch": "main", "path": path})
        assert status == 403, path
        status, _ = client.request("getMediaFile", {"branch": "main", "path": path})
        assert status in (403, 404), path
    status, _ = client.request("entriesByFolder", {"branch": "main", "folder": "schemas", "extension": "md", "depth": 1})
    assert status == 403


def test_symbolic_links_are_never_followed(editor, repository):
    _, client = editor
    (repository / "outside.md").write_text("---\ntitle: 秘密\n---\n", encoding="utf-8")
    os.symlink(repository / "outside.md", repository / "content/disclosures/2026/link.md")
    status, _ = client.request("getEntry", {"branch": "main", "path": "content/disclosures/2026/link.md"})
    assert status == 403
    status, answer = client.request("entriesByFolder", {"branch": "main", "folder": "content/disclosures",
                                                        "extension": "md", "depth": 2})
    assert status == 200 and "content/disclosures/2026/link.md" not in {e["file"]["path"] for e in answer}
    status, _ = client.save_item("content/disclosures/2026/link.md", new_item(), new=False)
    assert status == 403
    assert (repository / "outside.md").read_text(encoding="utf-8") == "---\ntitle: 秘密\n---\n"


def test_uploads_over_the_cap_are_refused(repository):
    from editor_support import Client, start
    from gongkai.editor.server import EditorServer

    server = EditorServer(repository, 0, live_preview=False, max_upload=1024)
    start(server)
    try:
        client = Client(f"http://127.0.0.1:{server.port}")
        status, answer = client.save_item(item_path("11431234MB1520002E/2026-00101"), new_item(),
                                          assets=[asset("content/attachments/2026/补贴标准表.pdf", PDF * 200)])
        assert status == 413 and "上限" in answer["error"]
    finally:
        server.shutdown()
        server.server_close()
    assert git(repository, "status", "--porcelain") == ""


def test_admin_page_is_served_with_the_verified_bundle_and_generated_config(editor):
    import yaml

    _, client = editor
    status, page = client.get("/admin/")
    assert status == 200 and b'src="decap-cms.js"' in page and b'rel="cms-config-url"' in page
    status, config = client.get("/admin/config.yml")
    config = yaml.safe_load(config)
    assert config["locale"] == "zh_Hans"
    assert config["backend"] == {"name": "proxy", "proxy_url": "/api/v1", "branch": "main"}
    status, bundle = client.get("/admin/decap-cms.js")
    assert status == 200 and bundle.startswith(b"/*! For license information please see decap-cms.js.LICENSE.txt */")
