"""/admin/ in a build: the same generated editor, for a remote git host, when the site asks for it.

`pelicanconf.py` enables it with GONGKAI_EDITOR = {"backend": {"name": "gitlab", "repo": ...}}.
Each key is checked here, one by one, with a message that says how to fix it; without the setting
the build publishes no /admin/ at all.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path, PurePosixPath

from . import bundle
from . import config as editor_config

REMOTE_BACKENDS = ("gitlab", "gitea", "github")
STRING_KEYS = ("repo", "branch", "base_url", "api_root", "auth_endpoint", "auth_type", "app_id", "site_domain",
               "cms_label_prefix", "preview_context")
BOOLEAN_KEYS = ("squash_merges", "use_graphql", "open_authoring")
REPO = re.compile(r"^[A-Za-z0-9_.-]+(/[A-Za-z0-9_.-]+)+$")
URL_KEYS = ("base_url", "api_root", "auth_endpoint", "site_domain")
# Decap's own commit messages, in Chinese ({{...}} are Decap's placeholders).
COMMIT_MESSAGES = {
    "create": "新增：{{collection}} {{slug}}",
    "update": "修改：{{collection}} {{slug}}",
    "delete": "删除：{{collection}} {{slug}}",
    "uploadMedia": "上传附件：{{path}}",
    "deleteMedia": "删除附件：{{path}}",
    "openAuthoring": "{{message}}",
}
ADMIN = "admin"


class EditorSettingsError(Exception):
    pass


def backend_settings(value: object) -> tuple[dict, str]:
    """(Decap backend, publish mode) from GONGKAI_EDITOR, or EditorSettingsError saying what to fix."""
    example = 'GONGKAI_EDITOR = {"backend": {"name": "gitlab", "repo": "qingxi-gov/gongkai", "branch": "main"}}'
    if not isinstance(value, dict) or set(value) - {"backend", "publish_mode"}:
        raise EditorSettingsError(f"pelicanconf.py 中的 GONGKAI_EDITOR 应当写成 {example}（只认识 backend 和 publish_mode）。")
    backend = value.get("backend")
    if not isinstance(backend, dict):
        raise EditorSettingsError(f"GONGKAI_EDITOR 缺少 backend。例如：{example}")
    name = backend.get("name")
    if name not in REMOTE_BACKENDS:
        raise EditorSettingsError(f"GONGKAI_EDITOR 的 backend.name 必须是 {'、'.join(REMOTE_BACKENDS)} 之一，现在是“{name}”。"
                                  "本机编辑请用 make edit，不需要这个设置。")
    result = {"name": name}
    for key, item in backend.items():
        if key == "name":
            continue
        if key in STRING_KEYS:
            if not isinstance(item, str) or not item.strip() or any(ord(c) < 32 for c in item):
                raise EditorSettingsError(f"GONGKAI_EDITOR 的 backend.{key} 应当是一段文字。")
            if key in URL_KEYS and not item.startswith("https://") and not (key == "site_domain" and "/" not in item):
                raise EditorSettingsError(f"GONGKAI_EDITOR 的 backend.{key} 必须是 https:// 开头的网址。")
        elif key in BOOLEAN_KEYS:
            if not isinstance(item, bool):
                raise EditorSettingsError(f"GONGKAI_EDITOR 的 backend.{key} 应当是 True 或 False。")
        else:
            raise EditorSettingsError(f"GONGKAI_EDITOR 的 backend 中不认识“{key}”。可用：name、{'、'.join(STRING_KEYS + BOOLEAN_KEYS)}。")
        result[key] = item
    if not REPO.match(str(result.get("repo", ""))):
        raise EditorSettingsError("GONGKAI_EDITOR 的 backend.repo 必须写成“所有者/仓库名”，如 qingxi-gov/gongkai。")
    result["commit_messages"] = dict(COMMIT_MESSAGES)
    mode = value.get("publish_mode", "simple" if name == "gitea" else "editorial_workflow")
    if mode not in ("simple", "editorial_workflow"):
        raise EditorSettingsError("GONGKAI_EDITOR 的 publish_mode 只能是 editorial_workflow（草稿→审核→发布）或 simple。")
    if name == "gitea" and mode == "editorial_workflow":
        raise EditorSettingsError("Decap CMS 的 Gitea/Forgejo 后端还不支持编辑工作流（草稿→审核→发布）。请写 publish_mode: "
                                  "\"simple\"，并把 backend.branch 设为一个单独的分支（如 editor），由管理员从它发起合并请求。")
    return result, mode


def write_admin(site, output: Path, setting: object, siteurl: str = "") -> list[str]:
    """Write /admin/ into a build; returns the files written (relative to the output)."""
    backend, mode = backend_settings(setting)
    datasets = []
    for dataset in site.datasets:
        folders = {str(PurePosixPath(resource.path).parent) for resource in dataset.resources}
        datasets.append(editor_config.DatasetEntry(dataset.name, dataset.title,
                                                   folders.pop() if len(folders) == 1 and folders != {"."} else "data"))
    inputs = editor_config.EditorInputs(site.disclosure_schema, site.vocabularies, site.agencies, datasets)
    decap = editor_config.decap_config(inputs, backend, publish_mode=mode, site_url=siteurl, local=False)
    target = output / ADMIN
    target.mkdir(parents=True, exist_ok=True)
    written = []
    for asset in bundle.admin_assets():
        shutil.copyfile(asset.path, target / asset.name)
        written.append(f"{ADMIN}/{asset.name}")
    (target / "config.yml").write_text(editor_config.render(decap), encoding="utf-8")
    written.append(f"{ADMIN}/config.yml")
    return sorted(written)
