"""Crosswalks from the portal's own vocabularies to the ones harvesters know: the EU Publications
Office authority tables (frequency, data theme, access right, language, file type) that DCAT-AP
recommends, licence URIs, IANA media types and the ISO 8601 periods of DCAT-US."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

EU = "http://publications.europa.eu/resource/authority/"
FREQUENCY_SCHEME = EU + "frequency"
DATA_THEME_SCHEME = EU + "data-theme"
LANGUAGE_ZH = EU + "language/ZHO"
IANA = "http://www.iana.org/assignments/media-types/"

# update_frequency -> (EU frequency code, DCAT-US accrualPeriodicity). ANNUAL_2 is "semiannual"
# (twice a year) in the EU table; "never" has no ISO 8601 repeat, so DCAT-US gets none.
FREQUENCIES = {
    "daily": ("DAILY", "R/P1D"),
    "weekly": ("WEEKLY", "R/P1W"),
    "monthly": ("MONTHLY", "R/P1M"),
    "quarterly": ("QUARTERLY", "R/P3M"),
    "semiannual": ("ANNUAL_2", "R/P6M"),
    "annual": ("ANNUAL", "R/P1Y"),
    "irregular": ("IRREG", "irregular"),
    "never": ("NEVER", None),
}

# The national 主题分类 (DESIGN §2; always accepted) onto the EU data themes DCAT-AP recommends for
# dcat:theme. A theme a site adds takes its mapping from the GONGKAI_EU_THEMES setting, or none.
EU_THEMES = {
    "国务院组织机构": ["GOVE"],
    "综合政务": ["GOVE"],
    "国民经济管理、国有资产监管": ["ECON"],
    "财政、金融、审计": ["ECON"],
    "国土资源、能源": ["ENER", "ENVI"],
    "农业、林业、水利": ["AGRI"],
    "工业、交通": ["ECON", "TRAN"],
    "商贸、海关、旅游": ["ECON"],
    "市场监管、安全生产监管": ["ECON", "JUST"],
    "城乡建设、环境保护": ["REGI", "ENVI"],
    "科技、教育": ["TECH", "EDUC"],
    "文化、广电、新闻出版": ["EDUC"],
    "卫生、体育": ["HEAL", "EDUC"],
    "人口与计划生育、妇女儿童工作": ["SOCI"],
    "劳动、人事、监察": ["SOCI", "GOVE"],
    "公安、安全、司法": ["JUST"],
    "民政、扶贫、救灾": ["SOCI"],
    "民族、宗教": ["SOCI"],
    "对外事务": ["INTR"],
    "港澳台侨工作": ["INTR"],
    "国防": ["JUST"],
    "其他": [],
}
# The EU data themes with their official English labels (the EU table has no Chinese ones).
EU_THEME_LABELS = {
    "AGRI": "Agriculture, fisheries, forestry and food", "ECON": "Economy and finance",
    "EDUC": "Education, culture and sport", "ENER": "Energy", "ENVI": "Environment",
    "GOVE": "Government and public sector", "HEAL": "Health", "INTR": "International issues",
    "JUST": "Justice, legal system and public safety", "REGI": "Regions and cities", "SOCI": "Population and society",
    "TECH": "Science and technology", "TRAN": "Transport",
}
EU_THEME_CODES = frozenset(EU_THEME_LABELS)
# Labels of the other authority concepts the catalogue names, as their tables give them.
CONCEPT_LABELS = {
    DATA_THEME_SCHEME: "Data theme",
    EU + "planned-availability/STABLE": "stable",
    "http://purl.org/adms/publishertype/LocalAuthority": "Local Authority",
    "http://purl.org/adms/licencetype/Attribution": "Attribution",
    "http://purl.org/adms/licencetype/ShareAlike": "Share Alike",
    "http://purl.org/adms/licencetype/NonCommercialUseOnly": "Non-Commercial Use Only",
    "http://purl.org/adms/licencetype/PublicDomain": "Public domain",
}
AVAILABILITY_STABLE = EU + "planned-availability/STABLE"
LICENCE_TYPE = "http://purl.org/adms/licencetype/"

# open_type -> (EU access right, DCAT-US accessLevel)
ACCESS = {"无条件开放": ("PUBLIC", "public"), "有条件开放": ("RESTRICTED", "restricted public")}

# Licence names as Data Packages write them (SPDX identifiers) -> (canonical URL, ADMS licence types).
LICENSES = {
    "cc-by-4.0": ("https://creativecommons.org/licenses/by/4.0/", ["Attribution"]),
    "cc-by-sa-4.0": ("https://creativecommons.org/licenses/by-sa/4.0/", ["Attribution", "ShareAlike"]),
    "cc-by-nc-4.0": ("https://creativecommons.org/licenses/by-nc/4.0/", ["Attribution", "NonCommercialUseOnly"]),
    "cc0-1.0": ("https://creativecommons.org/publicdomain/zero/1.0/", ["PublicDomain"]),
    "odc-by-1.0": ("https://opendatacommons.org/licenses/by/1-0/", ["Attribution"]),
    "odbl-1.0": ("https://opendatacommons.org/licenses/odbl/1-0/", ["Attribution", "ShareAlike"]),
    "pddl-1.0": ("https://opendatacommons.org/licenses/pddl/1-0/", ["PublicDomain"]),
}

# Download format -> (IANA media type, EU file type code)
FORMATS = {
    "CSV": ("text/csv", "CSV"),
    "XLSX": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "XLSX"),
    "JSON": ("application/json", "JSON"),
    "ZIP": ("application/zip", "ZIP"),
}
_HTTP = re.compile(r"^https?://")


def frequency(value: str, days: int = 0, months: int = 0) -> tuple[str, str | None]:
    """(EU frequency URI, DCAT-US period) of an update_frequency; a site's own value by its length."""
    if value in FREQUENCIES:
        code, period = FREQUENCIES[value]
    elif days:
        code, period = "OTHER", f"R/P{days}D"
    elif months:
        code, period = "OTHER", f"R/P{months}M"
    else:
        code, period = "IRREG", "irregular"
    return f"{FREQUENCY_SCHEME}/{code}", period


def eu_themes(theme: str, extra: dict | None = None) -> list[str]:
    """EU data-theme URIs for one 主题分类; codes outside the EU table are ignored."""
    codes = (extra or {}).get(theme, EU_THEMES.get(theme, []))
    return [f"{DATA_THEME_SCHEME}/{code}" for code in codes if code in EU_THEME_CODES]


def access(open_type: str) -> tuple[str, str]:
    code, level = ACCESS.get(open_type, ("RESTRICTED", "restricted public"))
    return f"{EU}access-right/{code}", level


def license_uri(license: dict) -> str | None:
    """A licence's URL: its `path` when that is an http(s) address, else the known URL of its name."""
    path = license.get("path")
    if isinstance(path, str) and _HTTP.match(path) and urlsplit(path).netloc:
        return path
    known = _known_license(license)
    return known[0] if known else None


def license_types(license: dict) -> list[str]:
    """ADMS licence-type URIs of a licence we know by name (none for one we do not)."""
    known = _known_license(license)
    return [LICENCE_TYPE + kind for kind in known[1]] if known else []


def _known_license(license: dict):
    name = license.get("name")
    return LICENSES.get(name.lower()) if isinstance(name, str) else None


def media_type(download_format: str) -> str:
    return FORMATS[download_format][0]


def file_type(download_format: str) -> str:
    return f"{EU}file-type/{FORMATS[download_format][1]}"
