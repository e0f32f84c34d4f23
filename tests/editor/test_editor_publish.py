"""/admin/ for remote git hosts: published by the build only when pelicanconf.py enables it,
from the same generated configuration, with the verified Decap bundle; the link check and the
deploy manifest accept it."""

from __future__ import annotations

import hashlib
import json

import pytest
import yaml

from gongkai.build.build import build
from gongkai.build.deploy import verify_output
from gongkai.editor import bundle
from gongkai.editor.publish import EditorSettingsError, backend_settings

GITLAB = {"backend": {"name": "gitlab", "repo": "qingxi-gov/gongkai", "branch": "main"}}


def test_vendored_decap_bundle_matches_its_manifest_and_speaks_chinese():
    manifest = bundle.manifest()
    assert (manifest["package"], manifest["version"], manifest["license"]) == ("decap-cms", "3.14.1", "MIT")
    for name, digest in manifest["sha256"].items():
        assert hashlib.sha256((bundle.VENDOR / name).read_bytes()).hexdigest() == digest
    code = (bundle.VENDOR / "decap-cms.js").read_bytes()
    assert b"zh_Hans:()=>" in code and "保存内容失败".encode() in code
    assert "MIT License" in (bundle.VENDOR / "LICENSE").read_text(encoding="utf-8")


def test_changed_bundle_is_refused(monkeypatch, tmp_path):
    vendor = tmp_path / "vendor"
    vendor.mkdir()
    for name in bundle.manifest()["sha256"]:
        (vendor / name).write_bytes((bundle.VENDOR / name).read_bytes())
    (vendor / "VENDOR.json").write_bytes(bundle.MANIFEST.read_bytes())
    (vendor / "decap-cms.js").write_bytes(b"alert(1)")
    monkeypatch.setattr(bundle, "VENDOR", vendor)
    monkeypatch.setattr(bundle, "MANIFEST", vendor / "VENDOR.json")
    with pytest.raises(bundle.BundleError, match="sha256"):
        bundle.admin_assets()


def test_build_publishes_admin_only_when_the_site_enables_it(mini_site, sample_build):
    _, plain = sample_build
    assert not (plain / "admin").exists()
    output = mini_site / "output"
    assert build(mini_site, mini_site / "pelicanconf.py", output, overrides={"GONGKAI_EDITOR": GITLAB}) == 0
    manifest = verify_output(output)
    assert sorted(k for k in manifest["files"] if k.startswith("admin/")) == [
        "admin/LICENSE", "admin/config.yml", "admin/decap-cms.js", "admin/decap-cms.js.LICENSE.txt",
        "admin/gongkai-editor.css", "admin/gongkai-editor.js", "admin/index.html"]
    config = yaml.safe_load((output / "admin" / "config.yml").read_text(encoding="utf-8"))
    assert config["backend"]["name"] == "gitlab" and config["backend"]["repo"] == "qingxi-gov/gongkai"
    assert config["publish_mode"] == "editorial_workflow"
    agencies = next(f for f in config["collections"][0]["fields"] if f["name"] == "agency")["options"]
    assert [a["value"] for a in agencies] == ["demo-finance", "demo-gov"]
    assert "由审核人审核" in config["collections"][0]["description"]
    sitemap = (output / "sitemap.xml").read_text(encoding="utf-8")
    assert "/admin/" not in sitemap
    assert json.loads((output / "build.json").read_text(encoding="utf-8"))["files"]["admin/decap-cms.js"] == \
        bundle.manifest()["sha256"]["decap-cms.js"]


@pytest.mark.parametrize("setting, message", [
    ({"backend": {"name": "proxy", "repo": "a/b"}}, "backend.name 必须是"),
    ({"backend": {"name": "gitlab"}}, "所有者/仓库名"),
    ({"backend": {"name": "gitlab", "repo": "a/b", "base_url": "http://x"}}, "https://"),
    ({"backend": {"name": "gitlab", "repo": "a/b", "token": "x"}}, "不认识“token”"),
    ({"backend": {"name": "gitea", "repo": "a/b"}, "publish_mode": "editorial_workflow"}, "还不支持编辑工作流"),
    ({"backend": {"name": "github", "repo": "a/b"}, "publish_mode": "draft"}, "publish_mode"),
    ("gitlab", "GONGKAI_EDITOR 应当写成"),
])
def test_bad_editor_settings_say_what_to_fix(setting, message):
    with pytest.raises(EditorSettingsError, match=message):
        backend_settings(setting)


def test_gitea_defaults_to_simple_publishing_and_others_to_the_editorial_workflow():
    assert backend_settings({"backend": {"name": "gitea", "repo": "a/b", "api_root": "https://git.example/api/v1"}})[1] == "simple"
    assert backend_settings({"backend": {"name": "github", "repo": "a/b"}})[1] == "editorial_workflow"
