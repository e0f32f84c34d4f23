"""A dataset's charts (Frictionless "views" with a Vega-Lite spec): checked, given their data, validated.

`Views` is a part of the dataset loader (dataset.DatasetLoader), which provides `report` and `problems`.
"""

from __future__ import annotations

from . import chartlimits, charts
from ..core import limits
from ..core.names import check_identifier
from ..core.problems import Severity, choices, has_errors
from .model import Resource, View
from .place import Place

MAX_CHART_ROWS = limits.MAX_CHART_ROWS


class Views:
    def build_views(self, place: Place, raw: dict, descriptor: dict, resources: list[Resource]) -> list[View]:
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
                                f"图表用到的字段“{used}”不在资源“{resource.name}”中。可用字段：{choices(sorted(known))}。",
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
