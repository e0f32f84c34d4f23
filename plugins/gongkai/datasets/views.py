"""A dataset's charts (Frictionless "views" with a Vega-Lite spec): checked, given their data, validated.

`Views` is a part of the dataset loader (dataset.DatasetLoader), which provides `report` and `problems`.
"""

from __future__ import annotations

from . import chartlimits, charts
from ..core import limits, yamltypes
from ..core.names import IDENTIFIER_CODES, check_identifier
from ..core.problems import choices, has_errors
from .model import Resource, View
from .place import Place

MAX_CHART_ROWS = limits.MAX_CHART_ROWS


class Views:
    def build_views(self, place: Place, raw: dict, descriptor: dict, resources: list[Resource]) -> list[View]:
        items = raw.get("views")
        if items is None:
            return []
        if not isinstance(items, list):
            self.report(place, ("views",), "descriptor-type/views")
            return []
        if len(items) > limits.MAX_VIEWS_PER_DATASET:
            self.report(place, ("views",), "views-too-many", n_items=len(items),
                        MAX_VIEWS_PER_DATASET=limits.MAX_VIEWS_PER_DATASET)
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
            self.report(place, at, "descriptor-type/view", field="views")
            return None, {}
        typed = {k: v for k, v in item.items() if k != "spec"}
        errors_before = len(self.problems)
        name = item.get("name")
        refused = check_identifier("view", name)
        if refused is not None:
            keypath = at + ("name",) if "name" in item else at
            if name is None:
                self.report(place, keypath, "view-name-invalid/missing", reason=refused.message,
                            reason_en=refused.message_en, field="name", label="图表名")
            else:
                self.refused(place, keypath, refused, code=IDENTIFIER_CODES["view"][refused.code], field="name",
                             label="图表名")
        if not isinstance(item.get("description"), str) or not item["description"].strip():
            self.report(place, at, "view-description-missing",
                        field="description", label="图表说明")
        if item.get("specType") != "vega-lite":
            self.report(place, at + ("specType",) if "specType" in item else at, "view-spec-type",
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
                        resource_name=resource_name, field=key, label="数据资源")
        spec = item.get("spec")
        if not isinstance(spec, dict):
            self.report(place, at + (("spec",) if "spec" in item else ()), "view-spec-invalid/missing",
                        field="spec", label="图表定义")
            return None, typed
        spec = yamltypes.vega_lite_spec(spec)
        typed["spec"] = spec
        if resource is not None:
            known = {f.name for f in resource.fields}
            for keypath, used in charts.spec_fields(spec):
                if used not in known:
                    self.report(place, at + ("spec",) + keypath, "view-field-unknown", used=used, name=resource.name, known=choices(sorted(known)),
                                field="field", label="字段")
        for finding in chartlimits.spec_findings(spec, []):  # the rules that need no data, before reading it
            if finding.code not in chartlimits.DATA_CODES:
                self.refused(place, at + ("spec",) + finding.path, finding, field="spec", label="图表定义")
        if has_errors(self.problems[errors_before:]):
            return None, typed
        rows, truncated = charts.chart_rows(resource, MAX_CHART_ROWS, limits.MAX_CHART_DATA_BYTES)
        if rows is None:
            self.report(place, at, "view-data-too-large", value=limits.MAX_CHART_DATA_BYTES // limits.MB, MAX_CHART_DATA_BYTES=limits.MAX_CHART_DATA_BYTES,
                        field="views")
            return None, typed
        findings = [f for f in chartlimits.spec_findings(spec, rows) if f.code in chartlimits.DATA_CODES]
        for finding in findings:
            self.refused(place, at + ("spec",) + finding.path, finding, field="spec", label="图表定义")
        if findings:
            return None, typed
        if truncated:
            self.report(place, at, "view-rows-truncated", MAX_CHART_ROWS=MAX_CHART_ROWS, field="views")
        full_spec = charts.prepare(spec, rows)
        try:
            charts.validate(full_spec)  # drawing waits for the build (View.svg)
        except charts.ChartError as exc:
            self.report(place, at + ("spec",), "view-spec-invalid/render", detail=exc, field="spec", label="图表定义")
            return None, typed
        return View(name=name, title=item.get("title") or name, description=item["description"],
                    resource=resource.name, spec=full_spec, chart_id=f"chart-{dataset_name}-{name}",
                    where=(place.rel, *place.where(*at, "spec"))), typed
