"""The machine-readable files of the 政府信息公开 pages, written from data structures: the
timeliness figures (CSV, JSON) and each annual report as a small data package (report.csv +
datapackage.json)."""

from __future__ import annotations

from decimal import Decimal

from ..core import addresses
from .catalog import _csv_bytes
from ..transparency.timeliness import LIMIT_WORKDAYS
from ..core import jsonout

RATE_FIELDS = [
    {"name": "agency", "title": "机构标识", "type": "string"},
    {"name": "agency_name", "title": "机构名称", "type": "string"},
    {"name": "year", "title": "发布年份", "type": "integer", "description": "空：全部年份"},
    {"name": "published", "title": "发布条数", "type": "integer"},
    {"name": "measured", "title": "有成文或变更日期的条数", "type": "integer"},
    {"name": "late", "title": "超过20个工作日的条数", "type": "integer"},
    {"name": "late_rate", "title": "超期率", "type": "number"},
    {"name": "mean_workdays", "title": "平均工作日", "type": "number"},
]
LATE_FIELDS = ["index_no", "title", "agency", "start_kind", "start", "published", "workdays", "late_by", "url"]
REPORT_FIELDS = [
    {"name": "table", "title": "表", "type": "string"},
    {"name": "table_title", "title": "表名", "type": "string"},
    {"name": "row", "title": "行标识", "type": "string"},
    {"name": "row_title", "title": "行", "type": "string"},
    {"name": "column", "title": "列标识", "type": "string"},
    {"name": "column_title", "title": "列", "type": "string"},
    {"name": "value", "title": "数值", "type": "number"},
]


def _plain(value):
    """JSON has no decimals: amounts (万元) become numbers."""
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, dict):
        return {key: _plain(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_plain(item) for item in value]
    return value


def _json(data) -> bytes:
    return (jsonout.dumps(_plain(data)) + "\n").encode("utf-8")


def files(site, siteurl: str) -> dict[str, bytes]:
    """{output path: bytes} of every download the transparency pages offer."""
    transparency = site.transparency
    if transparency is None:
        return {}
    timeliness = transparency.timeliness
    rates = timeliness.records()
    late = [dict(record, url=f"{siteurl}/{record['url']}") for record in timeliness.late_records()]
    found = {
        addresses.TIMELINESS_FILES[0]: _csv_bytes([f["name"] for f in RATE_FIELDS], rates),
        addresses.TIMELINESS_FILES[1]: _csv_bytes(LATE_FIELDS, late),
        addresses.TIMELINESS_FILES[2]: _json({"build_date": site.today.isoformat(), "limit_workdays": LIMIT_WORKDAYS,
                                             "fields": RATE_FIELDS, "rates": rates, "late": late}),
    }
    for report in transparency.reports:
        records = report.records()
        found[report.csv_url] = _csv_bytes([f["name"] for f in REPORT_FIELDS], records)
        found[report.package_url] = _json({
            "name": f"annual-report-{report.year}-{report.agency_id}" + ("-consolidated" if report.consolidated else ""),
            "title": report.heading,
            "description": "政府信息公开工作年度报告（国办公开办函〔2021〕30号格式）表二、表三、表四的全部数字，每个数字一行。",
            "created": report.published.isoformat(),
            "resources": [{"name": "report", "path": "report.csv", "profile": "tabular-data-resource", "format": "csv",
                           "mediatype": "text/csv", "encoding": "utf-8", "schema": {"fields": REPORT_FIELDS}}],
        })
    return found
