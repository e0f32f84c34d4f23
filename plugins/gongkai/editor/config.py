"""The Decap CMS configuration, generated from the same schema objects `gongkai check` uses.

`decap_config` is pure: Table Schema, vocabularies, agencies and datasets in, a data structure out
(written as YAML by `render`). Nothing here describes a field a second time: labels, hints,
required marks, patterns, choices and list shapes all come from the schema, the vocabularies and
the rules of the check (attachment types, dataset portal keys).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

import yaml

from ..model import attachment
from ..datasets import descriptorkeys
from ..core import yamlstrict
from ..model.agency import load_agencies
from ..core.names import check_identifier
from ..core.problems import Problem
from ..core.schema import Field, TableSchema, load_schema
from ..model.site import AGENCY_SCHEMA, DISCLOSURE_SCHEMA
from ..core.textfile import read_text
from ..model.vocabularies import Vocabularies, load_vocabularies

DISCLOSURES = "disclosures"
DATASETS = "datasets"
DISCLOSURE_FOLDER = "content/disclosures"
# A new item's path: content/disclosures/<year>/<index_no as a lower-case slug>.md (the README's
# rule: a year folder, a name of lower-case letters, digits and hyphens). Decap lower-cases a path
# template and drops its quotes, so the year is the year of entry ({{year}}), not of publication.
ITEM_PATH = "{{year}}/{{slug}}"
ITEM_SLUG = "{{fields.index_no | lower}}"
YEAR_FOLDER = "{{fields.published | date('YYYY')}}"
# Fields of a dataset descriptor the editor shows (DESIGN §3); everything else is kept as written.
DATASET_KEYS = ("title", "description", "publisher", "theme", "update_frequency", "modified", "licenses",
                "open_type", "keywords")
RESOURCE_KEYS = ("title", "description", "path")
LICENSE_KEYS = ("name", "title", "path")
LONG_TEXT = 200  # longer strings get a multi-line box
BODY = "body"
BACKENDS = ("proxy", "gitlab", "gitea", "github")


@dataclass(frozen=True)
class DatasetEntry:
    name: str  # the folder name
    title: str
    data_folder: str = "data"  # where its CSV files are, relative to the folder


@dataclass
class EditorInputs:
    disclosure_schema: TableSchema
    vocabularies: Vocabularies
    agencies: list  # [Agency]
    datasets: list = field(default_factory=list)  # [DatasetEntry]


def decap_config(inputs: EditorInputs, backend: dict, *, publish_mode: str = "simple",
                 site_url: str = "", local: bool = True) -> dict:
    """The whole Decap configuration as plain data (dicts, lists, strings, booleans). `local`: the
    editor of `gongkai edit` (every save checked before it is written) or of a remote git host
    (checked by CI in the merge request)."""
    config = {
        "locale": "zh_Hans",
        "backend": dict(backend),
        "publish_mode": publish_mode,
        "media_folder": attachment.ATTACHMENTS_DIR,
        "slug": {"encoding": "unicode", "clean_accents": False, "sanitize_replacement": "-"},
        "show_preview_links": True,
        "editor": {"preview": False},  # the preview is the real site, built after each save
        "collections": [disclosure_collection(inputs, local), dataset_collection(inputs, local)],
    }
    if site_url:
        config["site_url"] = site_url
        config["display_url"] = site_url
    return config


def render(config: dict) -> str:
    """config.yml: YAML written from the data structure (Decap reads it with a YAML 1.2 parser)."""
    return yaml.safe_dump(config, allow_unicode=True, sort_keys=False, width=4096, default_flow_style=False)


# --- disclosure items ---------------------------------------------------------------------------

CHECKED_LOCAL = "保存前按 gongkai check 的全部规则检查，不合格的不会保存。"
CHECKED_REMOTE = "保存后成为一个合并请求，由审核人审核；CI 按 gongkai check 的全部规则检查，不合格的不能合并。"


def disclosure_collection(inputs: EditorInputs, local: bool = True) -> dict:
    schema = inputs.disclosure_schema
    return {
        "name": DISCLOSURES,
        "label": "政府信息公开",
        "label_singular": "公开信息",
        "description": "每条公开信息保存为 content/disclosures/<年份>/ 下的一个文件。"
                       + (CHECKED_LOCAL if local else CHECKED_REMOTE),
        "folder": DISCLOSURE_FOLDER,
        "extension": "md",
        "format": "frontmatter",
        "create": True,
        "delete": False,  # an item is withdrawn by its 有效性, never silently removed
        "path": ITEM_PATH,
        "slug": ITEM_SLUG,
        "identifier_field": "title",
        "summary": "{{published}}　{{title}}",
        "sortable_fields": [name for name in ("published", "title", "index_no") if name in schema.by_name],
        "view_groups": [{"label": "发布年份", "field": "published", "pattern": r"\d{4}"}],
        "fields": [item_field(spec, inputs) for spec in schema.fields] + [body_field()],
    }


def item_field(spec: Field, inputs: EditorInputs) -> dict:
    """One Table Schema field as a Decap field: the widget follows the type, the constraints and the
    foreign keys of the schema."""
    schema = inputs.disclosure_schema
    constraints = spec.constraints
    widget = {"name": spec.name, "label": spec.title, "required": bool(constraints.get("required"))}
    if spec.description:
        widget["hint"] = spec.description
    reference = _reference(schema, spec.name)
    if reference == "agencies":
        widget.update(widget="select", options=[{"label": f"{a.name}（{a.id}）", "value": a.id} for a in inputs.agencies])
    elif reference == "":  # the catalogue itself: pick items by title or 索引号
        widget.update(widget="relation", collection=DISCLOSURES, value_field=_primary(schema),
                      search_fields=["title", _primary(schema)], display_fields=[_primary(schema), "title"],
                      multiple=spec.type == "array")
    elif spec.name == "attachments":
        widget.update(attachments_list(spec, inputs.vocabularies))
    elif constraints.get("enum"):
        widget.update(widget="select", options=list(constraints["enum"]))
    elif spec.type == "date":
        widget.update(widget="datetime", format="YYYY-MM-DD", date_format="YYYY-MM-DD", time_format=False)
        widget["hint"] = (spec.description + "（年-月-日）") if spec.description else "年-月-日，如 2024-01-08。"
    elif spec.type == "boolean":
        widget.update(widget="boolean", default=False)
    elif spec.type == "array":
        widget.update(widget="list", allow_add=True)  # a list of texts, typed comma-separated
    elif spec.type in ("integer", "number"):
        widget.update(widget="number", value_type="int" if spec.type == "integer" else "float")
    else:
        long = constraints.get("maxLength", 0) > LONG_TEXT
        widget.update(widget="text" if long else "string")
        pattern = _pattern(spec)
        if pattern:
            widget["pattern"] = pattern
    if spec.default is not None and "default" not in widget:
        widget["default"] = spec.default
    return widget


def _reference(schema: TableSchema, name: str) -> str | None:
    """The resource a field refers to ("agencies", "" for the catalogue itself) or None."""
    for fk in schema.foreign_keys:
        fields = fk["fields"] if isinstance(fk["fields"], list) else [fk["fields"]]
        if fields == [name]:
            return fk["reference"]["resource"]
    return None


def _primary(schema: TableSchema) -> str:
    return schema.primary_key[0]


def _pattern(spec: Field) -> list | None:
    """[regular expression, Chinese message] for Decap; JavaScript's test() searches, so anchor it."""
    constraints = spec.constraints
    if "pattern" in constraints:
        message = f"“{spec.title}”的格式不对。{spec.description}".strip()
        pattern = constraints["pattern"]
        anchored = pattern.startswith("^") and pattern.endswith("$") and not pattern.endswith("\\$")
        return [pattern if anchored else f"^(?:{pattern})$", message]
    low, high = constraints.get("minLength"), constraints.get("maxLength")
    if high is not None:
        low = low or 0
        message = f"“{spec.title}”最多 {high} 个字。" if not low else f"“{spec.title}”要写 {low} 到 {high} 个字。"
        return [f"^[\\s\\S]{{{low},{high}}}$", message]
    return None


def attachments_list(spec: Field, vocabularies: Vocabularies) -> dict:
    """Attachments: a list of {file, title}; files upload into content/attachments/<year>/ and only
    the types the check accepts are named."""
    allowed = sorted(t for t in vocabularies.attachment_types if t not in attachment.NEVER_ALLOWED)
    return {
        "widget": "list",
        "label_singular": "附件",
        "summary": "{{fields.title}}（{{fields.file}}）",
        "fields": [
            {"name": "file", "label": "文件", "widget": "file", "required": True, "choose_url": False,
             "media_folder": f"/{attachment.ATTACHMENTS_DIR}/{YEAR_FOLDER}", "public_folder": YEAR_FOLDER,
             "hint": f"请先填写发布日期再上传（附件按发布年份存放）。允许的类型：{'、'.join(allowed)}。"
                     "网页、脚本和可执行文件不能作为附件。"},
            {"name": "title", "label": "附件名称", "widget": "string", "required": False,
             "hint": "网页上显示的附件名称；不填时显示文件名。"},
        ],
    }


def body_field() -> dict:
    return {"name": BODY, "label": "正文", "widget": "markdown", "required": False,
            "modes": ["rich_text", "raw"], "editor_components": [],
            "buttons": ["bold", "italic", "link", "heading-two", "heading-three", "quote", "bulleted-list",
                        "numbered-list"],
            "hint": "站内链接以“/”开头（如 /disclosures/…/），站外链接写完整网址。不要写身份证号、手机号等个人信息。"}


# --- datasets -----------------------------------------------------------------------------------

def dataset_collection(inputs: EditorInputs, local: bool = True) -> dict:
    return {
        "name": DATASETS,
        "label": "开放数据集",
        "label_singular": "数据集",
        "description": "修改数据集的说明信息，或上传新的 CSV 文件替换数据。上传的数据按 gongkai check 的规则"
                       "（编码、字段定义、个人信息、大小）检查" + ("，合格才会替换。" if local else "，不合格的不能合并。"),
        "delete": False,
        "files": [dataset_file(entry, inputs) for entry in sorted(inputs.datasets, key=lambda d: d.name)],
    }


def dataset_file(entry: DatasetEntry, inputs: EditorInputs) -> dict:
    vocab = inputs.vocabularies
    labels = descriptorkeys.KEY_LABELS
    required = set(descriptorkeys.REQUIRED_KEYS)
    categories = inputs.disclosure_schema.by_name["category"].constraints.get("enum", [])

    def base(key: str) -> dict:
        return {"name": key, "label": labels[key], "required": key in required}

    fields = {
        "title": dict(base("title"), widget="string"),
        "description": dict(base("description"), widget="text"),
        "publisher": dict(base("publisher"), widget="select",
                          options=[{"label": f"{a.name}（{a.id}）", "value": a.id} for a in inputs.agencies]),
        "theme": dict(base("theme"), widget="select", options=list(categories)),
        "update_frequency": dict(base("update_frequency"), widget="select",
                                 options=[{"label": f.title, "value": f.value} for f in vocab.update_frequencies],
                                 hint="逾期未更新的数据集会在首页和数据目录中公开标出。"),
        "modified": dict(base("modified"), widget="datetime", format="YYYY-MM-DD", date_format="YYYY-MM-DD",
                         time_format=False, hint="数据最近一次更新的日期（年-月-日），不能晚于今天。"),
        "licenses": dict(base("licenses"), widget="list", label_singular="许可协议", min=1,
                         summary="{{fields.title}}", fields=[
                             {"name": "name", "label": "协议代码", "widget": "string", "required": False,
                              "hint": "如 CC-BY-4.0；与“协议网址”至少填一项。"},
                             {"name": "title", "label": "协议名称", "widget": "string", "required": False},
                             {"name": "path", "label": "协议网址", "widget": "string", "required": False}]),
        "open_type": dict(base("open_type"), widget="select", options=list(vocab.open_types or descriptorkeys.OPEN_TYPES),
                          default=descriptorkeys.DEFAULT_OPEN_TYPE),
        "keywords": dict(base("keywords"), widget="list", hint="用逗号分隔。"),
    }
    resources = {
        "name": "resources", "label": labels["resources"], "widget": "list", "required": True,
        "allow_add": False, "allow_remove": False, "allow_reorder": False, "collapsed": False,
        "summary": "{{fields.title}}",
        "fields": [
            {"name": "title", "label": "资源名称", "widget": "string", "required": True},
            {"name": "description", "label": "资源说明", "widget": "text", "required": False},
            {"name": "path", "label": "数据文件（CSV）", "widget": "file", "required": True, "choose_url": False,
             "media_folder": entry.data_folder, "public_folder": entry.data_folder,
             "hint": "要更新数据，请上传新的 CSV 文件，文件名必须与原来的相同（它是公开的下载地址）。"
                     "上传的文件会按字段定义逐行检查，合格后才替换原文件。"},
        ],
    }
    return {"name": entry.name, "label": entry.title or entry.name, "file": f"datasets/{entry.name}/datapackage.yaml",
            "fields": [fields[key] for key in DATASET_KEYS] + [resources]}


# --- reading the inputs from a site ---------------------------------------------------------------

def load_inputs(root: Path) -> tuple[EditorInputs | None, list[Problem]]:
    """The schema objects `gongkai check` loads, plus each dataset's title from its descriptor."""
    vocabularies, problems = load_vocabularies(root)
    schema, found = load_schema(root, DISCLOSURE_SCHEMA, vocabularies)
    problems += found
    agency_schema, found = load_schema(root, AGENCY_SCHEMA, vocabularies)
    problems += found
    if schema is None or agency_schema is None:
        return None, problems
    agencies, found = load_agencies(root, agency_schema)
    problems += found
    return EditorInputs(schema, vocabularies, agencies, list_datasets(root)), problems


def list_datasets(root: Path) -> list[DatasetEntry]:
    """Every dataset folder with a readable descriptor (a broken one keeps its folder name as title)."""
    base = root / "datasets"
    entries = []
    if not base.is_dir() or base.is_symlink():
        return entries
    for folder in sorted(base.iterdir(), key=lambda p: p.name):
        descriptor = folder / "datapackage.yaml"
        if (folder.is_symlink() or not folder.is_dir() or check_identifier("dataset", folder.name) is not None
                or descriptor.is_symlink() or not descriptor.is_file()):
            continue
        rel = f"datasets/{folder.name}/datapackage.yaml"
        title, data_folder = folder.name, "data"
        text, _ = read_text(descriptor, rel)
        doc = yamlstrict.load(text, rel)[0] if text is not None else None
        if doc is not None and isinstance(doc.value, dict):
            if isinstance(doc.value.get("title"), str):
                title = doc.value["title"]
            folders = {str(PurePosixPath(r["path"]).parent) for r in doc.value.get("resources") or []
                       if isinstance(r, dict) and isinstance(r.get("path"), str)}
            if len(folders) == 1 and folders != {"."}:
                data_folder = folders.pop()
        entries.append(DatasetEntry(folder.name, title, data_folder))
    return entries
