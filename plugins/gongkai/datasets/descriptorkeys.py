"""The descriptor's own keys (DESIGN §3): portal keys, texts, addresses, dates, licences, contact.

`DescriptorKeys` is a part of the dataset loader (dataset.DatasetLoader): it reports through the
loader's `report` and reads its `folder`, `today`, `agency_ids` and `vocabularies`.
"""

from __future__ import annotations

import datetime
import difflib
import re

from . import freshness
from ..core.names import IDENTIFIER_CODES, check_identifier
from ..core.problems import choices
from ..core.suggest import closest, hint_en, hint_zh
from ..core.textfile import MARKUP, UNSAFE_CHARS, plain_text_problem, unsafe_char_problem
from ..core.urls import LINK_SCHEMES, WEB_SCHEMES, address_problem
from .place import Place

EMAIL = re.compile(r"^[A-Za-z0-9._%+\-]+@[A-Za-z0-9\-]+(\.[A-Za-z0-9\-]+)*\.[A-Za-z]{2,}$", re.ASCII)
DATE_PATTERN = re.compile(r"^\d{4}-\d{2}-\d{2}$")
YEAR_PATTERN = re.compile(r"^\d{4}$")
YEARMONTH_PATTERN = re.compile(r"^\d{4}-\d{2}$")
COMMIT_PATTERN = re.compile(r"^[0-9a-f]{7,64}$")
DATETIME_PATTERN = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?(Z|[+-]\d{2}:\d{2})?$")
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
# The code of a value outside its list, by key (spelled out for the catalogue).
VOCABULARY_CODES = {"publisher": "publisher-unknown", "theme": "theme-unknown",
                    "update_frequency": "update-frequency-unknown", "open_type": "open-type-unknown"}
REQUIRED_KEYS = ["name", "title", "description", "publisher", "theme", "update_frequency", "modified", "licenses", "resources"]
# Standard Data Package keys we pass through unchanged.
STANDARD_KEYS = {"id", "homepage", "version", "contributors", "image", "profile", "$schema"}
# Every key a descriptor may have, in the order DESIGN §3 gives them: anything else is a mistake
# (a misspelled key would otherwise be ignored and its value silently lost).
TOP_KEYS = REQUIRED_KEYS[:-1] + ["open_type", "keywords", "temporal", "spatial", "contact", "created", "sources",
                                 "resources", "views", "privacy_removed", "id", "homepage", "version",
                                 "contributors", "image", "profile", "$schema"]


class DescriptorKeys:
    def check_portal_keys(self, place: Place, raw: dict) -> dict:
        descriptor: dict = {}
        self.check_known_keys(place, (), raw, TOP_KEYS, "数据集描述（datapackage.yaml）", "the descriptor")
        for key in REQUIRED_KEYS:
            if raw.get(key) in (None, "", [], {}):
                allowed, _ = self.allowed_values(key)
                listed = f"可选：{choices(self.shown_values(key, allowed))}。" if allowed else ""
                self.report(place, (key,) if key in raw else (), "descriptor-required", key=key,
                            key_label=KEY_LABELS[key], listed=listed, listed_en=f" Allowed: {', '.join(allowed)}." if allowed else "", field=key, label=KEY_LABELS[key])
        for key in ("name", "title", "description", "publisher", "theme", "update_frequency", "open_type"):
            value = raw.get(key)
            if value is not None and not isinstance(value, str):
                self.report(place, (key,), "descriptor-type/text", key=key, key_label=KEY_LABELS[key])
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
            self.report(place, ("modified",), "modified-in-future", modified=modified, today=self.today.isoformat())
        if isinstance(descriptor.get("created"), str) and DATE_PATTERN.match(descriptor["created"]):
            # The Data Package spec wants a date-time; a date means midnight China Standard Time.
            descriptor["created"] += "T00:00:00+08:00"
        self.check_licenses(place, raw, descriptor)
        for key in ("keywords",):
            value = raw.get(key)
            if value is not None:
                if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
                    self.report(place, (key,), "descriptor-type/text-list", key=key, key_label=KEY_LABELS[key])
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
                    self.report(place, (key,), "descriptor-profile/package", key=key, raw=raw[key])
        return descriptor

    def check_texts(self, place: Place, node, keypath: tuple = ()) -> None:
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

    def check_addresses(self, place: Place, raw: dict) -> None:
        """Addresses a descriptor gives (licence, source and contributor paths, homepage, image,
        e-mail) become links: only http(s), mailto, tel and paths on this site. A site path must
        lead to a published page or file (checked with the body links)."""

        def address(keypath: tuple, value, field: str, schemes=LINK_SCHEMES):
            refused = address_problem(value, schemes=schemes)
            if refused is not None:
                self.refused(place, keypath, refused, field=field)
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
                    self.report(place, keypath + (index, "email"), "contact-email-invalid/dataset", email=email,
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

    def check_choices(self, place: Place, descriptor: dict):
        name = descriptor.get("name")
        if name is not None:
            refused = check_identifier("dataset", name)
            if refused is not None:
                self.refused(place, ("name",), refused, code=IDENTIFIER_CODES["dataset"][refused.code])
            elif name != self.folder.name:
                self.report(place, ("name",), "dataset-name-mismatch", name=name, folder=self.folder.name)
        for key in ("publisher", "theme", "update_frequency", "open_type"):
            allowed, what = self.allowed_values(key)
            value = descriptor.get(key)
            if value is not None and allowed is not None and value not in allowed:
                close = closest(value, allowed)
                self.report(place, (key,), VOCABULARY_CODES[key], value=value, key_label=KEY_LABELS[key], what=what,
                            hint=hint_zh(close), choices=choices(self.shown_values(key, allowed)), key=key,
                            hint_en=f" {hint_en(close)}" if close else "", allowed=", ".join(allowed))

    def allowed_values(self, key: str) -> tuple[list[str] | None, str]:
        """The values a vocabulary key may take, and what they are; None when not checked
        (agency_ids is None when agencies.yaml has errors: site.py says so)."""
        if key == "publisher":
            ids = sorted(self.agency_ids) if self.agency_ids is not None else None
            return ids, "content/agencies.yaml 中某个机构的 id"
        if key == "theme":
            return list(self.vocabularies.get("category", [])), "主题分类词表中的一项"
        if key == "update_frequency":
            return list(self.vocabularies.get("update_frequency", freshness.FREQUENCIES)), "更新频率词表中的一项"
        if key == "open_type":
            return list(self.vocabularies.get("open_type", OPEN_TYPES)), "开放属性词表中的一项"
        return None, ""

    @staticmethod
    def shown_values(key: str, allowed: list[str]) -> list[str]:
        """Update frequencies are English codes: each is shown with its Chinese name."""
        if key == "update_frequency":
            return [f"{value}（{freshness.FREQUENCY_LABELS[value]}）" if value in freshness.FREQUENCY_LABELS else value
                    for value in allowed]
        return allowed

    def check_known_keys(self, place: Place, at: tuple, mapping: dict, known: list[str], where: str,
                         where_en: str) -> None:
        """A key nobody reads is an error that names the closest known key: a misspelled key
        (update_frequncy) would otherwise be ignored and its value silently lost."""
        for key in mapping:
            if key in known:
                continue
            close = difflib.get_close_matches(str(key), known, n=1, cutoff=0.6)
            hint = (f"是不是“{close[0]}”" + (f"（{KEY_LABELS[close[0]]}）" if close[0] in KEY_LABELS else "") + "？"
                    if close else "")
            self.report(place, at + (key,), "descriptor-unknown-key", where=where, key=key, hint=hint,
                        known=", ".join(known), where_en=where_en, hint_en=f" Did you mean '{close[0]}'?" if close else "", field=str(key))

    def check_date(self, place: Place, keypath: tuple, value, *, allow_datetime=False, partial=False) -> str | None:
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
        self.report(place, keypath, "date-invalid/descriptor", raw=value, example=example, field=key)
        return None

    def check_licenses(self, place: Place, raw: dict, descriptor: dict):
        licenses = raw.get("licenses")
        if licenses in (None, "", [], {}):
            return
        if not isinstance(licenses, list):
            self.report(place, ("licenses",), "descriptor-type/licenses")
            return
        for index, item in enumerate(licenses):
            if not isinstance(item, dict) or not (item.get("name") or item.get("path")):
                self.report(place, ("licenses", index), "license-invalid", field="licenses")
        descriptor["licenses"] = licenses

    def check_temporal(self, place: Place, raw: dict, descriptor: dict):
        temporal = raw.get("temporal")
        if temporal is None:
            return
        if not isinstance(temporal, dict):
            self.report(place, ("temporal",), "descriptor-type/temporal")
            return
        typed = {}
        for key in ("start", "end"):
            if temporal.get(key) is not None:
                value = self.check_date(place, ("temporal", key), temporal[key], partial=True)
                if value is not None:
                    typed[key] = value
        if "start" in typed and "end" in typed and _earliest(typed["start"]) > _latest(typed["end"]):
            self.report(place, ("temporal", "end"), "temporal-order", end=typed["end"], start=typed["start"],
                        field="temporal")
        self.check_known_keys(place, ("temporal",), temporal, ["start", "end"], "时间范围（temporal）", "temporal")
        descriptor["temporal"] = typed

    def check_contact(self, place: Place, raw: dict, descriptor: dict):
        contact = raw.get("contact")
        if contact is None:
            return
        if not isinstance(contact, dict) or not all(isinstance(v, str) or v is None for v in contact.values()):
            self.report(place, ("contact",), "descriptor-type/contact")
            return
        self.check_known_keys(place, ("contact",), contact, ["name", "phone", "email"], "联系方式（contact）", "contact")
        email = contact.get("email")
        if email and not EMAIL.match(email):
            self.report(place, ("contact", "email"), "contact-email-invalid/dataset", email=email, field="contact")
        descriptor["contact"] = {k: v for k, v in contact.items() if k in ("name", "phone", "email") and v}

    def check_privacy_removed(self, place: Place, raw: dict):
        """Commits whose removed or changed rows the 更新记录 must never show (kept out of datapackage.json)."""
        value = raw.get("privacy_removed")
        if value is None:
            return
        if not isinstance(value, list) or not all(isinstance(v, str) and COMMIT_PATTERN.match(v) for v in value):
            self.report(place, ("privacy_removed",), "privacy-removed-invalid")
            return
        self.privacy_removed = list(value)


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
