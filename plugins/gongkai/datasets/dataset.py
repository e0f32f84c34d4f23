"""Datasets: read `datasets/<name>/datapackage.yaml`, check it and its data, build the model.

The descriptor is read with the strict YAML loader (every scalar a string), typed here key by
key, checked against the portal rules (DESIGN §3) and then against the Data Package profile with
Frictionless. Every path is confined to the dataset folder before anything opens it.
"""

from __future__ import annotations

import datetime
import json
import os
import re
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from frictionless import Package, Resource as FlResource
from frictionless.schema import Field as FlField

from . import chartlimits, charts, fieldtext, freshness
from ..tabular import downloadsizes, tabular
from ..core import limits, sourcefs, yamlstrict
from ..privacy import privacy
from ..core.bodylimits import check_body
from ..core.names import check_identifier
from .pathjail import Refusal, confine
from ..core.problems import Problem, Severity, has_errors, problem, sort_problems
from ..core.suggest import closest, hint_en, hint_zh
from ..core.textfile import MARKUP, UNSAFE_CHARS, plain_text_problem, read_text, unsafe_char_problem
from ..core.urls import LINK_SCHEMES, WEB_SCHEMES, address_problem, tel_href

EMAIL = re.compile(r"^[A-Za-z0-9._%+\-]+@[A-Za-z0-9\-]+(\.[A-Za-z0-9\-]+)*\.[A-Za-z]{2,}$", re.ASCII)
DATE_PATTERN = re.compile(r"^\d{4}-\d{2}-\d{2}$")
YEAR_PATTERN = re.compile(r"^\d{4}$")
YEARMONTH_PATTERN = re.compile(r"^\d{4}-\d{2}$")
COMMIT_PATTERN = re.compile(r"^[0-9a-f]{7,64}$")
DATETIME_PATTERN = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?(Z|[+-]\d{2}:\d{2})?$")
INTEGER_PATTERN = re.compile(r"^[+-]?\d+$")
NUMBER_PATTERN = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$")
OPEN_TYPES = ["无条件开放", "有条件开放"]
DEFAULT_OPEN_TYPE = "无条件开放"
ALLOWED_PROFILES = {"data-package", "tabular-data-package", "data-resource", "tabular-data-resource"}

KEY_LABELS = {
    "name": "标识", "title": "名称", "description": "描述", "publisher": "提供单位", "theme": "主题分类",
    "update_frequency": "更新频率", "modified": "数据更新日期", "licenses": "许可协议", "open_type": "开放属性",
    "keywords": "关键词", "temporal": "时间范围", "spatial": "空间范围", "contact": "联系方式",
    "created": "创建日期", "sources": "数据来源", "views": "图表", "resources": "数据资源",
    "path": "文件路径", "schema": "字段定义", "encoding": "编码", "privacy_removed": "因隐私删除数据的提交",
}
REQUIRED_KEYS = ["name", "title", "description", "publisher", "theme", "update_frequency", "modified", "licenses", "resources"]
# Standard Data Package keys we pass through unchanged.
STANDARD_KEYS = {"id", "homepage", "version", "contributors", "image", "profile", "$schema"}
RESOURCE_KEYS = {"name", "path", "title", "description", "schema", "encoding", "format", "mediatype", "dialect",
                 "bytes", "hash", "profile", "$schema", "type", "sources", "licenses"}
DIALECT_KEYS = {"delimiter", "quoteChar", "doubleQuote", "skipInitialSpace", "header"}
FIELD_BOOLEANS = {"bareNumber", "floatNumber"}
MAX_CHART_ROWS = limits.MAX_CHART_ROWS
# Files the portal itself writes beside a dataset's resources (DESIGN §4).
RESERVED_FILE_NAMES = frozenset({"changes.csv", "index.html", "datapackage.json"})


@dataclass
class Field:
    name: str
    title: str
    type: str
    format: str
    description: str
    constraints: dict
    unit: str
    pii: str
    pii_reason: str

    # Said in Chinese for the data dictionary on the dataset page (fieldtext.py).
    @property
    def type_label(self) -> str:
        return fieldtext.type_label(self.type)

    @property
    def format_label(self) -> str:
        return fieldtext.format_label(self.type, self.format)

    @property
    def constraints_label(self) -> str:
        return fieldtext.constraints_label(self.constraints, self.type)


@dataclass
class Resource:
    name: str
    title: str
    description: str
    path: str  # package-relative, e.g. data/calls.csv
    filename: str
    source_path: Path
    encoding: str
    bytes: int
    sha256: str
    row_count: int
    fields: list[Field]
    preview_header: list[str]
    preview_rows: list[list[str]]
    downloads: list[dict]
    schema: dict = field(default_factory=dict)  # the typed Table Schema descriptor
    dialect: dict | None = None
    transcode: bool = False  # the published CSV is re-encoded from the source
    download_notes: list[str] = field(default_factory=list)  # why a format is missing or cut (downloadsizes)


@dataclass
class View:
    name: str
    title: str
    description: str
    resource: str
    spec: dict  # the full Vega-Lite spec, data included
    chart_id: str
    where: tuple = ("", 0, 0)  # (file, line, column) of the spec, for problems found while drawing

    @cached_property
    def svg(self) -> str:
        """Filled by reuse.Drawing (worker processes, under the chart budget) in the check and the
        build; drawn here, in this process, only when a view is used outside them (tests)."""
        return charts.to_svg(self.spec, chart_id=self.chart_id, title=self.title, description=self.description)


@dataclass
class Dataset:
    name: str
    title: str
    description: str
    readme_html: str
    publisher: str
    theme: str
    keywords: list[str]
    licenses: list[dict]
    open_type: str
    update_frequency: str
    update_frequency_label: str
    modified: datetime.date
    next_due: datetime.date | None
    overdue: bool
    days_overdue: int
    temporal: dict | None
    spatial: object
    contact: dict | None
    created: object
    sources: list
    source_dir: Path
    rel_dir: str
    descriptor: dict
    resources: list[Resource]
    views: list[View]
    site_links: list = field(default_factory=list)  # (file, line, column, field, /path) given in the descriptor
    readme_source: str = ""  # README.md as written (its links are checked like item bodies)
    privacy_removed: list[str] = field(default_factory=list)  # commits that removed rows for privacy (更新记录)

    @property
    def contact_phone_href(self) -> str | None:
        """tel: address of the contact's phone (None when there is none or it is not one plain number)."""
        return tel_href((self.contact or {}).get("phone"))

    @property
    def readme_rel(self) -> str:
        return f"{self.rel_dir}/README.md"

    @property
    def row_count(self) -> int:
        return sum(resource.row_count for resource in self.resources)

    @property
    def formats(self) -> list[str]:
        """The download formats offered, in the order the page lists them."""
        return list(dict.fromkeys(d["format"] for resource in self.resources for d in resource.downloads))


def load_datasets(
    root: Path,
    agency_ids: set[str],
    vocabularies: dict[str, list[str]],
    today: datetime.date,
    *,
    max_errors_per_resource: int = 20,
    max_bytes: int = tabular.DEFAULT_MAX_BYTES,
    grace_days: int = 0,
    reuse=None,
) -> tuple[list[Dataset], list[Problem]]:
    """Every dataset under `root/datasets/`, sorted by name; a dataset with errors is left out.
    `reuse` (the web editor's fast path) may answer for a folder it has seen unchanged."""
    base = root / "datasets"
    datasets: list[Dataset] = []
    problems: list[Problem] = []
    reason = sourcefs.inspect_folder(root, "datasets")
    if reason is not None:
        if reason.code != "source-missing":  # a site may have no datasets
            problems.append(problem("datasets", 0, 0, reason.code, reason.message, reason.message_en))
        return datasets, problems

    def load_one(folder: Path):
        loader = _DatasetLoader(root, folder, agency_ids, vocabularies, today,
                                max_errors_per_resource, max_bytes, grace_days)
        return loader.load(), loader.problems

    context = (sorted(agency_ids) if agency_ids is not None else None, vocabularies, today,
               max_errors_per_resource, max_bytes, grace_days)
    for folder in sorted(base.iterdir(), key=lambda p: p.name):
        if folder.name.startswith(".") or not (folder.is_dir() or folder.is_symlink()):
            continue
        dataset, found = reuse.load_dataset(folder, load_one, context) if reuse is not None else load_one(folder)
        problems += found
        if dataset is not None and not has_errors(found):
            datasets.append(dataset)
    return datasets, sort_problems(problems)


class _Place:
    """A file and the YAML document in it, with a key-path prefix (for schemas inline or in files)."""

    def __init__(self, rel: str, doc: yamlstrict.YamlDoc, prefix: tuple = ()):
        self.rel, self.doc, self.prefix = rel, doc, prefix

    def where(self, *keypath) -> tuple[int, int]:
        return self.doc.where(*self.prefix, *keypath)

    def sub(self, *keypath) -> "_Place":
        return _Place(self.rel, self.doc, self.prefix + keypath)


class _DatasetLoader:
    def __init__(self, root, folder, agency_ids, vocabularies, today, max_errors, max_bytes, grace_days):
        self.root, self.folder = root, folder
        self.agency_ids, self.vocabularies, self.today = agency_ids, vocabularies, today
        self.max_errors, self.max_bytes, self.grace_days = max_errors, max_bytes, grace_days
        self.rel_dir = folder.relative_to(root).as_posix()
        self.rel = f"{self.rel_dir}/datapackage.yaml"
        self.problems: list[Problem] = []
        self.site_links: list[tuple] = []  # (file, line, column, field, /path) to check against the site
        self.readme_source = ""
        self.privacy_removed: list[str] = []

    # -- reporting --

    def report(self, place: _Place, keypath: tuple, code: str, message: str, message_en: str, *,
               field: str | None = None, label: str | None = None, severity=Severity.ERROR):
        line, column = place.where(*keypath)
        key = field if field is not None else next((k for k in reversed(keypath) if isinstance(k, str)), "")
        self.problems.append(problem(place.rel, line, column, code, message, message_en, field=key,
                                     label=label if label is not None else KEY_LABELS.get(key, ""),
                                     severity=severity))

    def refused(self, place: _Place, keypath: tuple, refusal: Refusal):
        self.report(place, keypath, refusal.code, refusal.message, refusal.message_en)

    # -- the descriptor --

    def load(self) -> Dataset | None:
        if self.folder.is_symlink():
            self.problems.append(problem(
                self.rel_dir, 0, 0, "dataset-folder-symlink",
                "数据集文件夹是一个符号链接，出于安全原因不允许。请把真实的文件夹放在 datasets/ 下。",
                "The dataset folder is a symbolic link; put the real folder under datasets/."))
            return None
        found = confine(self.folder, "datapackage.yaml", what="描述文件")
        if isinstance(found, Refusal):
            hint = "（这里有 datapackage.json：请改写成 datapackage.yaml）" if (self.folder / "datapackage.json").exists() else ""
            self.problems.append(problem(
                self.rel, 0, 0, "descriptor-missing",
                f"数据集文件夹中没有可用的 datapackage.yaml{hint}。每个数据集都要有这个描述文件：{found.message}",
                f"The dataset folder has no usable datapackage.yaml: {found.message_en}"))
            return None
        text, read_problems = read_text(found, self.rel)
        self.problems += read_problems
        if text is None:
            return None
        doc, yaml_problems = yamlstrict.load(text, self.rel)
        self.problems += yaml_problems
        if doc is None:
            return None
        self.problems += privacy.scan_descriptor(self.rel, text, doc, KEY_LABELS)
        place = _Place(self.rel, doc)
        raw = doc.value
        if not isinstance(raw, dict):
            self.report(place, (), "descriptor-not-mapping",
                        "datapackage.yaml 的最外层必须是“键: 值”的映射（name: …、title: … 等）。",
                        "The top level of datapackage.yaml must be a mapping of keys.", field="")
            return None
        self.check_texts(place, raw)
        self.check_addresses(place, raw)
        descriptor = self.check_portal_keys(place, raw)
        resources = self.check_resources(place, raw, descriptor)
        self.check_with_frictionless(place, descriptor, raw)
        readme_html = self.read_readme()
        if has_errors(self.problems):
            return None
        views = self.build_views(place, raw, descriptor, resources)
        self.check_package_size(place, descriptor, resources, readme_html)
        if has_errors(self.problems):
            return None
        return self.build_dataset(descriptor, resources, views, readme_html)

    def check_package_size(self, place: _Place, descriptor: dict, resources: list[Resource], readme_html: str):
        """The package zip holds every CSV, the descriptor and the README: it must stay publishable."""
        members = [len(json.dumps(descriptor, ensure_ascii=False, indent=2, sort_keys=True).encode("utf-8")) + 1]
        members += [(self.folder / "README.md").stat().st_size] if readme_html else []
        members += [resource.bytes for resource in resources]
        bound = downloadsizes.zip_bound(members)
        if bound > limits.MAX_PUBLISHED_FILE_BYTES:
            self.report(place, ("resources",), "dataset-too-large",
                        f"这个数据集的文件合计约 {bound / limits.MB:,.0f} MB，完整数据包（zip）会超过网站单个文件 "
                        f"{limits.MAX_PUBLISHED_FILE_BYTES // limits.MB} MB 的上限，无法发布。请把数据拆成几个数据集（例如按年份）。",
                        f"The package zip could reach {bound} bytes, over the {limits.MAX_PUBLISHED_FILE_BYTES}-byte "
                        "limit; split the data into several datasets.")

    def check_portal_keys(self, place: _Place, raw: dict) -> dict:
        descriptor: dict = {}
        for key in raw:
            if key not in KEY_LABELS and key not in STANDARD_KEYS:
                self.report(place, (key,), "descriptor-unknown-key",
                            f"“{key}”不是数据集描述中认识的键，将被忽略。请检查拼写（可用的键见 DESIGN §3）。",
                            f"Unknown key '{key}' is ignored; check the spelling.", severity=Severity.WARNING)
        for key in REQUIRED_KEYS:
            if raw.get(key) in (None, "", [], {}):
                self.report(place, (key,) if key in raw else (), "descriptor-required",
                            f"缺少必填项“{key}”（{KEY_LABELS[key]}）。请在 datapackage.yaml 中填写。",
                            f"Required key '{key}' is missing or empty.", field=key, label=KEY_LABELS[key])
        for key in ("name", "title", "description", "publisher", "theme", "update_frequency", "open_type"):
            value = raw.get(key)
            if value is not None and not isinstance(value, str):
                self.report(place, (key,), "descriptor-type",
                            f"“{key}”（{KEY_LABELS[key]}）应当是一段文字，不能是列表或映射。",
                            f"'{key}' must be text, not a list or mapping.")
            elif value and (MARKUP.search(value) or UNSAFE_CHARS.search(value)):
                continue  # check_texts explains it
            elif value:
                descriptor[key] = value
        self.check_choices(place, descriptor)
        for key in ("modified", "created"):
            if raw.get(key) is not None:
                value = self.check_date(place, (key,), raw[key], allow_datetime=key == "created")
                if value is not None:
                    descriptor[key] = value
        modified = descriptor.get("modified")
        if modified and datetime.date.fromisoformat(modified) > self.today:
            self.report(place, ("modified",), "modified-in-future",
                        f"数据更新日期 {modified} 晚于今天（{self.today.isoformat()}）。请填写数据实际更新的日期，不能预填未来日期。",
                        f"'modified' {modified} is after today ({self.today.isoformat()}).")
        if isinstance(descriptor.get("created"), str) and DATE_PATTERN.match(descriptor["created"]):
            # The Data Package spec wants a date-time; a date means midnight China Standard Time.
            descriptor["created"] += "T00:00:00+08:00"
        self.check_licenses(place, raw, descriptor)
        for key in ("keywords",):
            value = raw.get(key)
            if value is not None:
                if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
                    self.report(place, (key,), "descriptor-type",
                                f"“{key}”（{KEY_LABELS[key]}）应当是文字列表，例如 [医保, 缴费]。",
                                f"'{key}' must be a list of strings, e.g. [a, b].")
                else:
                    descriptor[key] = value
        self.check_temporal(place, raw, descriptor)
        if raw.get("spatial") is not None:
            descriptor["spatial"] = raw["spatial"]
        self.check_contact(place, raw, descriptor)
        self.check_privacy_removed(place, raw)
        for key in ("sources", "contributors"):
            if raw.get(key) is not None:
                descriptor[key] = raw[key]
        for key in ("id", "homepage", "version", "image"):
            if raw.get(key) is not None:
                descriptor[key] = raw[key]
        for key in ("profile", "$schema"):
            if raw.get(key) is not None:
                if raw[key] in ALLOWED_PROFILES:
                    descriptor[key] = raw[key]
                else:
                    self.report(place, (key,), "descriptor-profile",
                                f"不支持自定义的 {key}（{raw[key]}）：构建时不会下载外部规范。请删除这一行，或写 data-package / tabular-data-package。",
                                f"Custom {key} is not supported (no remote profiles are fetched); remove it.")
        return descriptor

    def check_texts(self, place: _Place, node, keypath: tuple = ()) -> None:
        """Every text a descriptor publishes (datapackage.json, the API, the search index) is plain
        text: no markup, no invisible control or bidi characters. Chart specs and regular
        expressions are code, not text: only the invisible characters are refused there."""
        if isinstance(node, dict):
            for key, value in node.items():
                self.check_texts(place, value, keypath + (key,))
        elif isinstance(node, list):
            for index, value in enumerate(node):
                self.check_texts(place, value, keypath + (index,))
        elif isinstance(node, str):
            field = next((k for k in reversed(keypath) if isinstance(k, str)), "")
            line, column = place.where(*keypath)
            code_like = "spec" in keypath or field == "pattern" or "dialect" in keypath
            found = (unsafe_char_problem(place.rel, line, column, field, KEY_LABELS.get(field, ""), node) if code_like
                     else plain_text_problem(place.rel, line, column, field, KEY_LABELS.get(field, ""), node))
            if found is not None:
                self.problems.append(found)

    def check_addresses(self, place: _Place, raw: dict) -> None:
        """Addresses a descriptor gives (licence, source and contributor paths, homepage, image,
        e-mail) become links: only http(s), mailto, tel and paths on this site. A site path must
        lead to a published page or file (checked with the body links)."""

        def address(keypath: tuple, value, field: str, schemes=LINK_SCHEMES):
            refused = address_problem(value, schemes=schemes)
            if refused is not None:
                self.report(place, keypath, "address-invalid", refused[0], refused[1], field=field)
            elif value.startswith("/"):
                line, column = place.where(*keypath)
                self.site_links.append((place.rel, line, column, field, value))

        def entries(keypath: tuple, items):
            for index, item in enumerate(items if isinstance(items, list) else []):
                if not isinstance(item, dict):
                    continue
                if isinstance(item.get("path"), str):
                    address(keypath + (index, "path"), item["path"], keypath[-1])
                email = item.get("email")
                if isinstance(email, str) and not EMAIL.match(email):
                    self.report(place, keypath + (index, "email"), "contact-email-invalid",
                                f"“{email}”不是有效的电子邮箱地址。", f"'{email}' is not a valid email address.",
                                field=keypath[-1])

        for key in ("homepage", "image"):
            if isinstance(raw.get(key), str):
                address((key,), raw[key], key, WEB_SCHEMES)
        for key in ("licenses", "sources", "contributors"):
            entries((key,), raw.get(key))
        for index, resource in enumerate(raw.get("resources") if isinstance(raw.get("resources"), list) else []):
            if isinstance(resource, dict):
                for key in ("licenses", "sources"):
                    entries(("resources", index, key), resource.get(key))

    def check_choices(self, place: _Place, descriptor: dict):
        name = descriptor.get("name")
        if name is not None:
            refused = check_identifier("dataset", name)
            if refused is not None:
                self.report(place, ("name",), f"dataset-{refused.code}", refused.message, refused.message_en)
            elif name != self.folder.name:
                self.report(place, ("name",), "dataset-name-mismatch",
                            f"标识“{name}”必须与文件夹名“{self.folder.name}”相同。请改其中之一，使两者一致。",
                            f"The name '{name}' must equal the folder name '{self.folder.name}'.")
        checks = [  # agency_ids is None when agencies.yaml has errors: not checked (site.py says so)
            ("publisher", sorted(self.agency_ids) if self.agency_ids is not None else None,
             "content/agencies.yaml 中某个机构的 id"),
            ("theme", list(self.vocabularies.get("category", [])), "主题分类词表中的一项"),
            ("update_frequency", list(self.vocabularies.get("update_frequency", freshness.FREQUENCIES)), "更新频率词表中的一项"),
            ("open_type", list(self.vocabularies.get("open_type", OPEN_TYPES)), "开放属性词表中的一项"),
        ]
        for key, allowed, what in checks:
            value = descriptor.get(key)
            if value is not None and allowed is not None and value not in allowed:
                shown = "、".join(allowed[:30]) + ("……" if len(allowed) > 30 else "")
                close = closest(value, allowed)
                self.report(place, (key,), f"{key.replace('_', '-')}-unknown",
                            f"“{value}”不是有效的{KEY_LABELS[key]}：必须是{what}。{hint_zh(close)}可选：{shown}。",
                            f"'{value}' is not an allowed {key}." + (f" {hint_en(close)}" if close else "")
                            + f" Allowed: {', '.join(allowed)}.")

    def check_date(self, place: _Place, keypath: tuple, value, *, allow_datetime=False, partial=False) -> str | None:
        key = keypath[-1] if isinstance(keypath[-1], str) else keypath[0]
        if isinstance(value, str):
            patterns = [DATE_PATTERN] + ([DATETIME_PATTERN] if allow_datetime else []) + (
                [YEAR_PATTERN, YEARMONTH_PATTERN] if partial else [])
            if any(p.match(value) for p in patterns):
                try:
                    _earliest(value) if partial else datetime.datetime.fromisoformat(value.replace("Z", "+00:00"))
                    return value
                except ValueError:
                    pass
        example = "2024-01-08" + ("、2024 或 2024-01" if partial else "")
        self.report(place, keypath, "date-invalid",
                    f"“{value}”不是有效日期。请写成 {example} 这样的格式（年-月-日，补零）。",
                    f"'{value}' is not a valid ISO date such as 2024-01-08.", field=key)
        return None

    def check_licenses(self, place: _Place, raw: dict, descriptor: dict):
        licenses = raw.get("licenses")
        if licenses in (None, "", [], {}):
            return
        if not isinstance(licenses, list):
            self.report(place, ("licenses",), "descriptor-type",
                        "许可协议（licenses）应当是列表，例如：\n- name: CC-BY-4.0\n  title: 知识共享署名 4.0",
                        "'licenses' must be a list of {name|path, title}.")
            return
        for index, item in enumerate(licenses):
            if not isinstance(item, dict) or not (item.get("name") or item.get("path")):
                self.report(place, ("licenses", index), "license-invalid",
                            "每个许可协议都要写 name（如 CC-BY-4.0）或 path（协议网址），可以加 title。",
                            "Each license needs a name or a path (and may have a title).", field="licenses")
        descriptor["licenses"] = licenses

    def check_temporal(self, place: _Place, raw: dict, descriptor: dict):
        temporal = raw.get("temporal")
        if temporal is None:
            return
        if not isinstance(temporal, dict):
            self.report(place, ("temporal",), "descriptor-type",
                        "时间范围（temporal）应写成 start: 2024-01 和 end: 2024-12 两项。",
                        "'temporal' must be a mapping with start and end.")
            return
        typed = {}
        for key in ("start", "end"):
            if temporal.get(key) is not None:
                value = self.check_date(place, ("temporal", key), temporal[key], partial=True)
                if value is not None:
                    typed[key] = value
        if "start" in typed and "end" in typed and _earliest(typed["start"]) > _latest(typed["end"]):
            self.report(place, ("temporal", "end"), "temporal-order",
                        f"时间范围的结束（{typed['end']}）早于开始（{typed['start']}）。请检查这两个日期。",
                        "temporal end is before start.", field="temporal")
        for key in temporal:
            if key not in ("start", "end"):
                self.report(place, ("temporal", key), "descriptor-unknown-key",
                            f"时间范围中只认识 start 和 end，“{key}”将被忽略。", f"Unknown key '{key}' in temporal.",
                            severity=Severity.WARNING)
        descriptor["temporal"] = typed

    def check_contact(self, place: _Place, raw: dict, descriptor: dict):
        contact = raw.get("contact")
        if contact is None:
            return
        if not isinstance(contact, dict) or not all(isinstance(v, str) or v is None for v in contact.values()):
            self.report(place, ("contact",), "descriptor-type",
                        "联系方式（contact）应写成 name、phone、email 几项文字。",
                        "'contact' must be a mapping with name, phone, email.")
            return
        for key in contact:
            if key not in ("name", "phone", "email"):
                self.report(place, ("contact", key), "descriptor-unknown-key",
                            f"联系方式中只认识 name、phone、email，“{key}”将被忽略。",
                            f"Unknown key '{key}' in contact.", severity=Severity.WARNING)
        email = contact.get("email")
        if email and not EMAIL.match(email):
            self.report(place, ("contact", "email"), "contact-email-invalid",
                        f"“{email}”不是有效的电子邮箱地址。", f"'{email}' is not a valid email address.", field="contact")
        descriptor["contact"] = {k: v for k, v in contact.items() if k in ("name", "phone", "email") and v}

    def check_privacy_removed(self, place: _Place, raw: dict):
        """Commits whose removed or changed rows the 更新记录 must never show (kept out of datapackage.json)."""
        value = raw.get("privacy_removed")
        if value is None:
            return
        if not isinstance(value, list) or not all(isinstance(v, str) and COMMIT_PATTERN.match(v) for v in value):
            self.report(place, ("privacy_removed",), "privacy-removed-invalid",
                        "privacy_removed 应当是 git 提交编号的列表（每项至少 7 位小写十六进制，如 [3f2a9c1]），"
                        "列出因隐私原因删除或修改数据的提交；更新记录不会显示这些提交删除或修改的行。",
                        "privacy_removed must be a list of git commit ids (at least 7 lowercase hex digits).")
            return
        self.privacy_removed = list(value)

    # -- resources --

    def check_resources(self, place: _Place, raw: dict, descriptor: dict) -> list[Resource]:
        items = raw.get("resources")
        if items in (None, "", [], {}):
            return []
        if not isinstance(items, list):
            self.report(place, ("resources",), "descriptor-type",
                        "数据资源（resources）应当是列表，每项写 name、path、schema。",
                        "'resources' must be a list.")
            return []
        resources, typed_items, names = [], [], {}
        for index, item in enumerate(items):
            at = ("resources", index)
            if not isinstance(item, dict):
                self.report(place, at, "descriptor-type", "每个数据资源都应是映射（name、path、schema……）。",
                            "Each resource must be a mapping.", field="resources")
                continue
            name = item.get("name")
            if isinstance(name, str) and name in names:
                self.report(place, at + ("name",), "resource-name-duplicate",
                            f"资源名“{name}”与第 {names[name] + 1} 个资源重复。每个资源的 name 必须不同。",
                            f"Resource name '{name}' is used twice.", label="资源名")
            elif isinstance(name, str):
                names[name] = index
            before = len(self.problems)
            typed, scanned = self.check_resource(place, at, item)
            typed_items.append(typed)
            if scanned is not None and not has_errors(self.problems[before:]):
                resources.append(scanned)
        files: dict[str, str] = {}
        for resource in resources:
            if resource.filename in files:
                at = ("resources", next(i for i, it in enumerate(items) if isinstance(it, dict) and it.get("name") == resource.name))
                self.report(place, at + ("path",), "resource-filename-duplicate",
                            f"文件名“{resource.filename}”与资源“{files[resource.filename]}”的文件同名；下载时会互相覆盖。请改用不同的文件名。",
                            f"File name '{resource.filename}' is used by two resources.", label="文件路径")
            files.setdefault(resource.filename, resource.name)
        descriptor["resources"] = typed_items
        return resources

    def check_resource(self, place: _Place, at: tuple, item: dict) -> tuple[dict, Resource | None]:
        typed: dict = {}
        errors_before = len(self.problems)
        for key, value in item.items():
            if key not in RESOURCE_KEYS and key != "data":
                self.report(place, at + (key,), "descriptor-unknown-key",
                            f"数据资源中的“{key}”不是认识的键，将被忽略。请检查拼写。",
                            f"Unknown resource key '{key}' is ignored.", severity=Severity.WARNING)
        for key in ("name", "title", "description", "format", "mediatype", "type"):
            if isinstance(item.get(key), str):
                typed[key] = item[key]
        for key in ("sources", "licenses"):
            if item.get(key) is not None:
                typed[key] = item[key]
        if not item.get("name"):
            self.report(place, at, "resource-name-missing", "数据资源缺少 name（资源名，小写字母、数字、-、_）。",
                        "The resource has no name.", field="name", label="资源名")
        else:
            refused = check_identifier("resource", item["name"])
            if refused is not None:
                self.report(place, at + ("name",), f"resource-{refused.code}", refused.message, refused.message_en,
                            field="name", label="资源名")
        if "data" in item:
            self.report(place, at + ("data",), "resource-inline-data",
                        "不支持把数据直接写在描述文件中（data）。请把数据存成 CSV 文件放在 data/ 下，用 path 引用。",
                        "Inline 'data' is not supported; put the data in a CSV file.", field="data", label="")
        for key in ("profile", "$schema"):
            if item.get(key) is not None and item[key] not in ALLOWED_PROFILES:
                self.report(place, at + (key,), "descriptor-profile",
                            f"不支持自定义的 {key}（{item[key]}）。请删除这一行。",
                            f"Custom {key} is not supported; remove it.", label="")
            elif item.get(key) is not None:
                typed[key] = item[key]
        source = None
        if item.get("path") is None:
            if "data" not in item:
                self.report(place, at, "resource-path-missing", "数据资源缺少 path（CSV 文件路径，如 data/表名.csv）。",
                            "The resource has no path.", field="path", label="文件路径")
        elif isinstance(item["path"], list):
            self.report(place, at + ("path",), "resource-path-multipart",
                        "path 只能是一个文件，不支持多个文件拼接。请合并成一个 CSV，或拆成多个资源。",
                        "Multipart paths are not supported.", label="文件路径")
        else:
            source = confine(self.folder, item["path"], what="数据文件")
            if isinstance(source, Refusal):
                self.refused(place, at + ("path",), source)
                source = None
            elif source.suffix.lower() != ".csv" or typed.get("format", "csv").lower() != "csv":
                self.report(place, at + ("path",), "resource-not-csv",
                            f"数据资源必须是 CSV 文件（.csv），现在是“{item['path']}”。请用 Excel/WPS“另存为 CSV UTF-8”。",
                            "Resources must be CSV files.", label="文件路径")
                source = None
            elif source.name.lower() in RESERVED_FILE_NAMES:
                self.report(place, at + ("path",), "resource-filename-reserved",
                            f"数据文件不能叫“{source.name}”：网站在数据集页面旁边发布同名的文件。请给文件改名。",
                            f"The data file may not be called '{source.name}': the portal publishes a file of that name.",
                            label="文件路径")
                source = None
            else:
                typed["path"] = item["path"]
        encoding = item.get("encoding") or "utf-8"
        if tabular.codec_name(encoding) is None:
            self.report(place, at + ("encoding",), "resource-encoding-unknown",
                        f"不认识的编码“{encoding}”。常用的是 utf-8（默认）和 gb18030。",
                        f"Unknown encoding '{encoding}'; use utf-8 or gb18030.", label="编码")
        dialect = self.check_dialect(place, at, item.get("dialect"))
        schema, schema_place = self.load_schema(place, at, item.get("schema"))
        if schema is not None:
            typed["schema"] = schema
        if dialect:
            typed["dialect"] = dialect
        if schema is None:
            return typed, None
        # Frictionless sees only a jailed path (or a stand-in) and an inline schema.
        safe = dict(typed, path=typed.get("path", "placeholder.csv"))
        if safe.get("name") is None:
            safe["name"] = "resource"
        if not self.check_resource_with_frictionless(place, at, safe, schema_place):
            return typed, None
        if has_errors(self.problems[errors_before:]) or source is None:
            return typed, None
        scan, data_problems = tabular.scan_table(
            source, f"{self.rel_dir}/{item['path']}", schema, encoding=encoding, dialect=dialect,
            max_bytes=self.max_bytes, max_errors=self.max_errors)
        self.problems += data_problems
        if scan is None:
            return typed, None
        typed.update({"encoding": "utf-8", "format": "csv", "mediatype": "text/csv",
                      "bytes": scan.bytes, "hash": f"sha256:{scan.sha256}"})
        fields = [_field_model(f) for f in schema["fields"]]
        filename = Path(item["path"]).name
        offer = downloadsizes.plan(item["name"], filename, fields, scan)
        self.report_download_limits(place, at, f"{self.rel_dir}/{item['path']}", offer, scan)
        resource = Resource(
            name=item["name"], title=typed.get("title", item["name"]), description=typed.get("description", ""),
            path=item["path"], filename=filename, source_path=source, encoding=encoding,
            bytes=scan.bytes, sha256=scan.sha256, row_count=scan.row_count, fields=fields,
            preview_header=[f.title or f.name for f in fields], preview_rows=scan.preview_rows,
            downloads=offer.downloads, download_notes=offer.notes,
            schema=schema, dialect=dialect, transcode=scan.transcode)
        return typed, resource

    def report_download_limits(self, place: _Place, at: tuple, csv_rel: str, offer, scan) -> None:
        """Warnings for what the downloads cannot hold (downloadsizes.plan): the page says the same."""
        formats = {item["format"] for item in offer.downloads}
        for kind, bound in (("XLSX", offer.xlsx_bytes), ("JSON", offer.json_bytes)):
            if kind not in formats:
                self.report(place, at, f"{kind.lower()}-not-offered",
                            f"这个资源不提供 {kind} 下载：{offer.notes[0] if kind == 'XLSX' else offer.notes[-1]}"
                            "如需提供，请把数据拆成几个较小的资源。",
                            f"No {kind} download for this resource: it could exceed the limits "
                            f"(estimated up to {bound} bytes, or too many rows for Excel).",
                            field="resources", severity=Severity.WARNING)
        if "XLSX" in formats:
            for line, column, name in scan.long_cell_places:
                self.problems.append(problem(
                    csv_rel, line, column, "xlsx-cell-too-long",
                    f"这一格超过 Excel 单元格的上限 {limits.EXCEL_MAX_CELL_CHARS:,} 个字符：网站提供的 XLSX 中只保留前面的部分，"
                    "并注明“内容过长已截断，完整内容见 CSV”；CSV 和 JSON 中是完整内容，网页上也会说明。"
                    f"（本文件共 {scan.long_cells:,} 个这样的格子。）",
                    f"This cell is longer than Excel's {limits.EXCEL_MAX_CELL_CHARS} characters: the XLSX download "
                    f"cuts it, with a note; CSV and JSON keep it whole ({scan.long_cells} such cells in this file).",
                    field=name, severity=Severity.WARNING))

    def check_dialect(self, place: _Place, at: tuple, dialect) -> dict | None:
        if dialect is None:
            return None
        if not isinstance(dialect, dict):
            self.report(place, at + ("dialect",), "resource-dialect-unsupported",
                        "dialect 只能直接写在这里（如 delimiter: \";\"），不能引用文件。",
                        "'dialect' must be an inline mapping.", label="CSV 格式")
            return None
        typed = {}
        for key, value in dialect.items():
            if key not in DIALECT_KEYS:
                self.report(place, at + ("dialect", key), "resource-dialect-unsupported",
                            f"不支持 dialect 中的“{key}”。只支持 delimiter、quoteChar、doubleQuote、skipInitialSpace。",
                            f"Dialect key '{key}' is not supported.", field=key, label="CSV 格式")
            elif key in ("delimiter", "quoteChar") and not (isinstance(value, str) and len(value) == 1):
                self.report(place, at + ("dialect", key), "resource-dialect-unsupported",
                            f"dialect 的 {key} 必须是一个字符，例如 \",\" 或 \";\"。", f"{key} must be one character.",
                            field=key, label="CSV 格式")
            elif key in ("doubleQuote", "skipInitialSpace", "header"):
                if value not in ("true", "false") or (key == "header" and value == "false"):
                    self.report(place, at + ("dialect", key), "resource-dialect-unsupported",
                                f"dialect 的 {key} 只能是 true 或 false" + ("；CSV 必须有表头行。" if key == "header" else "。"),
                                f"{key} must be true or false (and files must have a header).", field=key, label="CSV 格式")
                else:
                    typed[key] = value == "true"
            else:
                typed[key] = value
        return typed

    def load_schema(self, place: _Place, at: tuple, schema) -> tuple[dict | None, _Place]:
        schema_place = place.sub(*at, "schema")
        if schema is None:
            self.report(place, at, "resource-schema-missing",
                        "数据资源缺少 schema（字段定义）。请写出每一列的 name、type 和中文 title。",
                        "The resource has no schema.", field="schema", label="字段定义")
            return None, schema_place
        if isinstance(schema, str):
            found = confine(self.folder, schema, what="字段定义文件")
            if isinstance(found, Refusal):
                self.refused(place, at + ("schema",), found)
                return None, schema_place
            schema_rel = f"{self.rel_dir}/{schema}"
            text, read_problems = read_text(found, schema_rel)
            self.problems += read_problems
            if text is None:
                return None, schema_place
            doc, yaml_problems = yamlstrict.load(text, schema_rel)
            self.problems += yaml_problems
            if doc is None:
                return None, schema_place
            self.problems += privacy.scan_descriptor(schema_rel, text, doc, KEY_LABELS)
            schema, schema_place = doc.value, _Place(schema_rel, doc)
            self.check_texts(schema_place, schema)
        if not isinstance(schema, dict) or not isinstance(schema.get("fields"), list) or not schema["fields"]:
            self.report(schema_place, (), "resource-schema-invalid",
                        "schema 必须是映射，并包含非空的 fields 列表（每项写 name、type、title）。",
                        "The schema must be a mapping with a non-empty 'fields' list.", field="schema", label="字段定义")
            return None, schema_place
        typed = _type_schema(schema)
        seen: dict[str, int] = {}
        for index, item in enumerate(schema["fields"]):
            name = item.get("name") if isinstance(item, dict) else None
            if not isinstance(name, str) or not name.strip():
                self.report(schema_place, ("fields", index), "field-name-missing",
                            "每个字段都要有 name（与 CSV 表头中的列名相同）。", "Each field needs a name.",
                            field="name", label="字段名")
                continue
            if name in seen:
                self.report(schema_place, ("fields", index, "name"), "field-name-duplicate",
                            f"字段名“{name}”与第 {seen[name] + 1} 个字段重复。", f"Field name '{name}' is repeated.",
                            field=name, label=item.get("title") or "")
            seen.setdefault(name, index)
            if item.get("pii") == "allowed" and not item.get("pii_reason"):
                self.report(schema_place, ("fields", index, "pii"), "field-pii-reason-missing",
                            "字段标了 pii: allowed（允许公开个人信息），就必须在 pii_reason 中写明依据。",
                            "pii: allowed needs a pii_reason.", field=name, label=item.get("title") or "")
            elif item.get("pii") == "allowed":
                # Not an error, but every check run shows who decided this column may be public, and why.
                self.report(schema_place, ("fields", index, "pii"), "field-pii-allowed",
                            f"此列不做个人信息检查（pii: allowed），理由：{item['pii_reason']}。请确认理由仍然成立。",
                            f"Personal-information check skipped for this column (pii: allowed): {item['pii_reason']}",
                            field=name, label=item.get("title") or "", severity=Severity.WARNING)
            elif item.get("pii") not in (None, "", "allowed"):
                self.report(schema_place, ("fields", index, "pii"), "field-pii-value",
                            "pii 只能写 allowed（并在 pii_reason 中写明理由），或者不写。",
                            "pii may only be 'allowed'.", field=name, label=item.get("title") or "")
        if schema.get("foreignKeys"):
            self.report(schema_place, ("foreignKeys",), "schema-foreign-keys-unchecked",
                        "网站构建时不检查 foreignKeys（外键），请自行确认引用的值都存在。",
                        "foreignKeys are not checked by the portal.", field="foreignKeys", label="外键",
                        severity=Severity.WARNING)
        return typed, schema_place

    # -- Frictionless: the Data Package profile, after our own checks --

    def check_resource_with_frictionless(self, place: _Place, at: tuple, typed: dict, schema_place: _Place) -> bool:
        """Only jailed paths and inline schemas reach Frictionless; returns True when valid."""
        report = FlResource.validate_descriptor(typed)
        if report.valid:
            return True
        for error in report.errors:
            if error.type == "field-error":
                self.locate_field_errors(schema_place, typed["schema"], error)
            elif error.type == "schema-error":
                self.report_frictionless(schema_place, (), error, fallback=("fields",), field="schema")
            else:
                self.report_frictionless(place, at, error)
        return False

    def locate_field_errors(self, schema_place: _Place, schema: dict, error):
        for index, item in enumerate(schema["fields"]):
            report = FlField.validate_descriptor(item) if isinstance(item, dict) else None
            if report is not None and not report.valid:
                for field_error in report.errors:
                    name = item.get("name", "")
                    self.report_frictionless(schema_place, ("fields", index), field_error,
                                             field=name, label=item.get("title") or "")
                return
        self.report_frictionless(schema_place, ("fields",), error, field="schema")

    def check_with_frictionless(self, place: _Place, descriptor: dict, raw: dict):
        """Package-level profile checks; resources are reduced to safe stand-ins (checked above)."""
        stand_in = {k: v for k, v in descriptor.items() if k not in ("resources", "views")}
        stand_in["resources"] = [
            {"name": r.get("name") if isinstance(r.get("name"), str) else f"resource-{i}", "path": "placeholder.csv"}
            for i, r in enumerate(descriptor.get("resources") or [])] or [{"name": "placeholder", "path": "x.csv"}]
        report = Package.validate_descriptor(stand_in)
        for error in report.errors:
            if error.type in ("package-error", "metadata-error") and "names of the resources" not in error.note:
                self.report_frictionless(place, (), error)

    def report_frictionless(self, place: _Place, at: tuple, error, *, fallback=(), field=None, label=None):
        note = error.note or error.message
        keypath = _property_path(note)
        if not keypath:
            keypath = next(((k,) for k in ("created", "licenses", "contributors", "sources") if k[:-1] in note), ())
        message, message_en = _translate(note)
        target = at + (keypath or fallback)
        line, column = place.where(*target)
        key = field if field is not None else next((k for k in reversed(target) if isinstance(k, str)), "")
        if any(p.path == place.rel and p.is_error and ((p.line, p.column) == (line, column) or (key and p.field == key))
               for p in self.problems):
            return  # our own check already explained this key
        self.problems.append(problem(place.rel, line, column, "datapackage-invalid", message, message_en,
                                     field=key, label=label if label is not None else KEY_LABELS.get(key, "")))

    # -- README, views, model --

    def read_readme(self) -> str:
        if not os.path.lexists(self.folder / "README.md"):
            return ""
        found = confine(self.folder, "README.md", what="说明文件")
        rel = f"{self.rel_dir}/README.md"
        if isinstance(found, Refusal):
            self.problems.append(problem(rel, 0, 0, found.code, found.message, found.message_en))
            return ""
        text, read_problems = read_text(found, rel)
        self.problems += read_problems
        if text is None:
            return ""
        self.problems += privacy.scan_text_file(rel, text, privacy.Place("README", "说明"))
        self.readme_source = text
        found, html = check_body(rel, text, 1, "说明文件")
        self.problems += found
        return html or ""

    def build_views(self, place: _Place, raw: dict, descriptor: dict, resources: list[Resource]) -> list[View]:
        items = raw.get("views")
        if items is None:
            return []
        if not isinstance(items, list):
            self.report(place, ("views",), "descriptor-type", "图表（views）应当是列表。", "'views' must be a list.")
            return []
        if len(items) > limits.MAX_VIEWS_PER_DATASET:
            self.report(place, ("views",), "views-too-many",
                        f"这个数据集有 {len(items)} 个图表，上限是 {limits.MAX_VIEWS_PER_DATASET} 个（它们都在同一个网页上）。"
                        "请只保留最重要的几个。",
                        f"The dataset has {len(items)} views; the limit is {limits.MAX_VIEWS_PER_DATASET}.")
            return []
        by_name = {r.name: r for r in resources}
        views, typed_items = [], []
        for index, item in enumerate(items):
            view, typed = self.build_view(place, ("views", index), item, by_name, descriptor.get("name", ""))
            typed_items.append(typed)
            if view is not None:
                views.append(view)
        descriptor["views"] = typed_items
        return views

    def build_view(self, place, at, item, by_name, dataset_name) -> tuple[View | None, dict]:
        if not isinstance(item, dict):
            self.report(place, at, "descriptor-type", "每个图表都应是映射（name、title、description、spec……）。",
                        "Each view must be a mapping.", field="views")
            return None, {}
        typed = {k: v for k, v in item.items() if k != "spec"}
        errors_before = len(self.problems)
        name = item.get("name")
        refused = check_identifier("view", name)
        if refused is not None:
            self.report(place, at + ("name",) if "name" in item else at, f"view-{refused.code}",
                        f"图表要有 name，用于区分同一页面上的多个图表：{refused.message}" if name is None else refused.message,
                        refused.message_en, field="name", label="图表名")
        if not isinstance(item.get("description"), str) or not item["description"].strip():
            self.report(place, at, "view-description-missing",
                        "图表缺少 description（文字说明）。看不到图的读者（读屏软件用户）只能读到这段话："
                        "请用一两句话写出图表要说明的结论和关键数字。",
                        "The view needs a description: the text alternative for screen-reader users.",
                        field="description", label="图表说明")
        if item.get("specType") != "vega-lite":
            self.report(place, at + ("specType",) if "specType" in item else at, "view-spec-type",
                        "图表的 specType 必须是 vega-lite。", "specType must be vega-lite.",
                        field="specType", label="图表类型")
        resource_name = item.get("resource")
        if resource_name is None and isinstance(item.get("resources"), list) and len(item["resources"]) == 1:
            resource_name = item["resources"][0]
        if resource_name is None and len(by_name) == 1:
            resource_name = next(iter(by_name))
        resource = by_name.get(resource_name) if isinstance(resource_name, str) else None
        if resource is None:
            key = "resource" if "resource" in item else "resources"
            self.report(place, at + ((key,) if key in item else ()), "view-resource-unknown",
                        f"图表引用的数据资源“{resource_name}”不存在。请写 resources: [资源名]，资源名见上面的 resources。",
                        f"The view's resource '{resource_name}' does not exist.", field=key, label="数据资源")
        spec = item.get("spec")
        if not isinstance(spec, dict):
            self.report(place, at + (("spec",) if "spec" in item else ()), "view-spec-invalid",
                        "图表缺少 spec（Vega-Lite 图表定义），或 spec 不是映射。", "The view needs a Vega-Lite spec mapping.",
                        field="spec", label="图表定义")
            return None, typed
        spec = charts.type_spec(spec)
        typed["spec"] = spec
        if resource is not None:
            known = {f.name for f in resource.fields}
            for keypath, used in charts.spec_fields(spec):
                if used not in known:
                    self.report(place, at + ("spec",) + keypath, "view-field-unknown",
                                f"图表用到的字段“{used}”不在资源“{resource.name}”中。可用字段：{'、'.join(sorted(known))}。",
                                f"The view uses field '{used}', which the resource does not have.",
                                field="field", label="字段")
        for finding in chartlimits.spec_findings(spec, []):  # the rules that need no data, before reading it
            if finding.code not in chartlimits.DATA_CODES:
                self.report(place, at + ("spec",) + finding.path, finding.code, finding.message, finding.message_en,
                            field="spec", label="图表定义")
        if has_errors(self.problems[errors_before:]):
            return None, typed
        rows, truncated = charts.chart_rows(resource, MAX_CHART_ROWS, limits.MAX_CHART_DATA_BYTES)
        if rows is None:
            self.report(place, at, "view-data-too-large",
                        f"图表要用的数据超过 {limits.MAX_CHART_DATA_BYTES // limits.MB} MB（资源中有很长的文字格子）。"
                        "图表会拿到资源的每一列：请为图表另建一个只含所需列的汇总资源。",
                        f"The chart's data is over {limits.MAX_CHART_DATA_BYTES} bytes; chart a smaller summary resource.",
                        field="views")
            return None, typed
        findings = [f for f in chartlimits.spec_findings(spec, rows) if f.code in chartlimits.DATA_CODES]
        for finding in findings:
            self.report(place, at + ("spec",) + finding.path, finding.code, finding.message, finding.message_en,
                        field="spec", label="图表定义")
        if findings:
            return None, typed
        if truncated:
            self.report(place, at, "view-rows-truncated",
                        f"图表只使用了前 {MAX_CHART_ROWS} 行数据。静态图表适合小数据；请先汇总数据再作图。",
                        f"The chart uses only the first {MAX_CHART_ROWS} rows.", field="views",
                        severity=Severity.WARNING)
        full_spec = charts.prepare(spec, rows)
        try:
            charts.validate(full_spec)  # drawing waits for the build (View.svg)
        except charts.ChartError as exc:
            self.report(place, at + ("spec",), "view-spec-invalid",
                        f"图表无法生成：{exc}。请对照 Vega-Lite 文档检查 spec。",
                        f"The chart could not be rendered: {exc}.", field="spec", label="图表定义")
            return None, typed
        return View(name=name, title=item.get("title") or name, description=item["description"],
                    resource=resource.name, spec=full_spec, chart_id=f"chart-{dataset_name}-{name}",
                    where=(place.rel, *place.where(*at, "spec"))), typed

    def build_dataset(self, descriptor: dict, resources: list[Resource], views: list[View], readme_html: str) -> Dataset:
        modified = datetime.date.fromisoformat(descriptor["modified"])
        frequency = descriptor["update_frequency"]
        due = freshness.next_due(modified, frequency, self.grace_days)
        late = freshness.days_overdue(due, self.today)
        created = descriptor.get("created")
        return Dataset(
            name=descriptor["name"], title=descriptor["title"], description=descriptor["description"],
            readme_html=readme_html, publisher=descriptor["publisher"], theme=descriptor["theme"],
            keywords=descriptor.get("keywords", []), licenses=descriptor["licenses"],
            open_type=descriptor.get("open_type", DEFAULT_OPEN_TYPE), update_frequency=frequency,
            update_frequency_label=freshness.FREQUENCY_LABELS.get(frequency, frequency),
            modified=modified, next_due=due, overdue=late > 0, days_overdue=late,
            temporal=descriptor.get("temporal"), spatial=descriptor.get("spatial"), contact=descriptor.get("contact"),
            created=datetime.datetime.fromisoformat(created).date() if created else None,
            sources=descriptor.get("sources", []), source_dir=self.folder, rel_dir=self.rel_dir,
            descriptor=descriptor, resources=resources, views=views, site_links=list(self.site_links),
            readme_source=self.readme_source, privacy_removed=self.privacy_removed)


# --- typing the all-strings YAML into a Table Schema ---------------------------------------------


def _type_schema(schema: dict) -> dict:
    typed = dict(schema)
    typed["fields"] = [_type_field(f) if isinstance(f, dict) else f for f in schema["fields"]]
    return typed


def _type_field(item: dict) -> dict:
    """Booleans and numbers where the Table Schema wants them; unparseable text is left for Frictionless to flag."""
    typed = dict(item)
    typed.setdefault("type", "string")
    for key in FIELD_BOOLEANS:
        if key in typed:
            typed[key] = _boolean(typed[key])
    constraints = item.get("constraints")
    if isinstance(constraints, dict):
        out = {}
        for key, value in constraints.items():
            if key in ("required", "unique"):
                out[key] = _boolean(value)
            elif key in ("minLength", "maxLength"):
                out[key] = _integer(value)
            elif key in ("minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum"):
                out[key] = _by_type(typed["type"], value)
            elif key == "enum" and isinstance(value, list):
                out[key] = [_by_type(typed["type"], v) for v in value]
            else:
                out[key] = value
        typed["constraints"] = out
    return typed


def _boolean(value):
    return {"true": True, "false": False}.get(value, value) if isinstance(value, str) else value


def _integer(value):
    return int(value) if isinstance(value, str) and INTEGER_PATTERN.match(value) else value


def _by_type(kind: str, value):
    if not isinstance(value, str):
        return value
    if kind in ("integer", "year"):
        return _integer(value)
    if kind == "number" and NUMBER_PATTERN.match(value):
        return int(value) if INTEGER_PATTERN.match(value) else float(value)
    if kind == "boolean":
        return _boolean(value)
    return value


def _field_model(item: dict) -> Field:
    return Field(name=item["name"], title=item.get("title") or item["name"], type=item.get("type", "string"),
                 format=item.get("format") or "default", description=item.get("description") or "",
                 constraints=item.get("constraints") or {}, unit=item.get("unit") or "",
                 pii=item.get("pii") or "", pii_reason=item.get("pii_reason") or "")


def _earliest(value: str) -> datetime.date:
    if YEAR_PATTERN.match(value):
        return datetime.date(int(value), 1, 1)
    if YEARMONTH_PATTERN.match(value):
        return datetime.date(int(value[:4]), int(value[5:]), 1)
    return datetime.date.fromisoformat(value)


def _latest(value: str) -> datetime.date:
    if YEAR_PATTERN.match(value):
        return datetime.date(int(value), 12, 31)
    if YEARMONTH_PATTERN.match(value):
        return freshness.add_months(datetime.date(int(value[:4]), int(value[5:]), 1), 1) - datetime.timedelta(days=1)
    return datetime.date.fromisoformat(value)


# --- Frictionless notes in Chinese --------------------------------------------------------------

_PROPERTY = re.compile(r"at property '([^']*)'")
_TRANSLATIONS = [
    (re.compile(r"is not of type 'boolean'"), "这里只能写 true 或 false。", "must be true or false"),
    (re.compile(r"is not of type 'array'"), "这里应当是列表（每项一行，以“- ”开头）。", "must be a list"),
    (re.compile(r"is not of type 'object'"), "这里应当是“键: 值”的映射。", "must be a mapping"),
    (re.compile(r"is not of type 'integer'"), "这里应当是整数。", "must be an integer"),
    (re.compile(r"is not of type 'string'"), "这里应当是一段文字。", "must be text"),
    (re.compile(r"is a required property"), "缺少必填的键。", "a required key is missing"),
    (re.compile(r"does not match"), "格式不对：资源名只能用小写字母、数字和 - . _ 。", "does not match the required pattern"),
    (re.compile(r'field type "[^"]*" is not supported'),
     "不支持这个字段类型。可用：string、integer、number、date、datetime、time、year、yearmonth、boolean、object、array、geopoint、duration、any。",
     "unsupported field type"),
    (re.compile(r"primary key"), "primaryKey（主键）中的字段必须都在 fields 中定义。", "the primary key must name defined fields"),
    (re.compile(r"names of the fields are not unique"), "字段名重复了，每个字段的 name 必须不同。", "field names must be unique"),
    (re.compile(r'"created" is not valid'), "created 应当是日期（2024-01-08）或日期时间。", "created must be a date or date-time"),
    (re.compile(r"email"), "电子邮箱地址格式不对。", "invalid email"),
]


def _property_path(note: str) -> tuple:
    match = _PROPERTY.search(note)
    if not match or not match.group(1):
        return ()
    return tuple(int(part) if part.isdigit() else part for part in match.group(1).split("/"))


def _translate(note: str) -> tuple[str, str]:
    for pattern, zh, en in _TRANSLATIONS:
        if pattern.search(note):
            return f"不符合数据包（Data Package）规范：{zh}（{note}）", f"Not a valid Data Package: {en} ({note})."
    return (f"不符合数据包（Data Package）规范：{note}。请对照 Frictionless Data Package 规范修改。",
            f"Not a valid Data Package: {note}.")
