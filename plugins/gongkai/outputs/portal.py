"""The portal itself as harvesters see it: name, region, operator, catalogue licence and the base of
every absolute URL, taken from the Pelican settings and checked key by key."""

from __future__ import annotations

from dataclasses import dataclass, field

from ..core import addresses

DEFAULT_LICENSE = {"name": "CC-BY-4.0", "title": "知识共享署名 4.0 国际许可协议",
                   "path": "https://creativecommons.org/licenses/by/4.0/"}


class SettingError(ValueError):
    """A setting these outputs need is malformed: the message names it and says what to write."""


@dataclass(frozen=True)
class Portal:
    base: str  # absolute, no trailing slash
    name: str
    region: str = ""
    operator: dict = field(default_factory=dict)  # the site's contact agency: name, address, phone, email, postcode
    catalogue_license: dict = field(default_factory=lambda: dict(DEFAULT_LICENSE))
    eu_themes: dict = field(default_factory=dict)  # a site's own 主题分类 -> EU data-theme codes

    @property
    def operator_name(self) -> str:
        return self.operator.get("name") or self.name

    @classmethod
    def from_settings(cls, settings: dict, contact_agency=None) -> "Portal":
        """`contact_agency`: the office agencies.yaml marks as the site's contact (one source for the
        footer, the guide, 依申请公开 and the catalogues' operator)."""
        contact = {key: getattr(contact_agency, key) for key in ("name", "address", "phone", "email", "postcode")
                   if contact_agency is not None and getattr(contact_agency, key, "")}
        license = settings.get("GONGKAI_CATALOGUE_LICENSE") or DEFAULT_LICENSE
        if not isinstance(license, dict) or not (license.get("name") or license.get("path")):
            raise SettingError("GONGKAI_CATALOGUE_LICENSE 应当是含 name（如 CC-BY-4.0）或 path（协议网址）的字典。")
        themes = settings.get("GONGKAI_EU_THEMES") or {}
        if not isinstance(themes, dict) or not all(isinstance(v, list) for v in themes.values()):
            raise SettingError("GONGKAI_EU_THEMES 应当是“主题分类: [EU 数据主题代码, …]”的字典，如 {'社会保障': ['SOCI']}。")
        return cls(base=addresses.public_base(settings.get("SITEURL", ""), settings.get("GONGKAI_PREVIEW_URL", "")),
                   name=str(settings.get("SITENAME", "")), region=str(settings.get("SITE_REGION", "") or ""),
                   operator=dict(contact), catalogue_license=dict(license), eu_themes=dict(themes))

    def url(self, site_relative: str) -> str:
        return addresses.absolute(self.base, site_relative)
