"""The limits of a dataset view (a Vega-Lite spec) found before drawing, and the messages for a
chart that could not be drawn within its budget (limits.py; drawing is in chartworker.py).

Static rules name the usual ways a spec makes V8 run out of memory or time: data generators,
transforms that multiply rows, sizes, bins and ticks, allocating expression functions. What they
cannot foresee is caught by the drawing budget, which `gongkai check` applies too.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

from ..core.codes import texts
from ..core import limits
from ..core.problems import Problem, problem

# Keys whose number is a size in pixels.
PIXEL_KEYS = {"width", "height", "continuousWidth", "continuousHeight", "discreteWidth", "discreteHeight",
              "padding", "step"}
# `step` is a size in pixels only under these keys (elsewhere it is a bin or sequence step).
STEP_PARENTS = {"width", "height", "view", "discreteWidth", "discreteHeight"}
# Keys whose string is a Vega expression.
EXPRESSION_KEYS = {"calculate", "filter", "expr", "test", "labelExpr", "signal", "update"}
# Expression functions that build an array or a string of any length they are asked for.
ALLOCATING = re.compile(r"\b(sequence|pad)\s*\(")
# A d3-format width (the digits before an optional precision): "0999999999d" pads every label.
FORMAT_WIDTH = re.compile(r"^(?:.?[<>=^])?[-+( ]?[$#]?0?(\d+)")
# The findings that depend on the rows (the others are reported before the data is read).
DATA_CODES = ("view-rows-generated", "view-too-many-parts")
DEFAULT_DENSITY_STEPS = 200
DEFAULT_QUANTILE_STEP = 0.01


@dataclass
class Finding:
    """One rule broken at one place of the spec (a key path below `spec`)."""

    path: tuple
    code: str
    message: str
    message_en: str


def spec_findings(spec: dict, rows: list[dict]) -> list[Finding]:
    """Everything in `spec` beyond the chart limits, given the rows it will draw."""
    findings: list[Finding] = []
    _walk(spec, (), findings)
    _rows(spec, (), len(rows), rows, findings)
    views = _count_views(spec, rows)
    if views > limits.MAX_CHART_VIEWS:
        findings.append(Finding((), *texts("view-too-many-parts", views=views, MAX_CHART_VIEWS=limits.MAX_CHART_VIEWS)))
    return findings


def _walk(node, path: tuple, findings: list[Finding]) -> None:
    if isinstance(node, list):
        for index, value in enumerate(node):
            _walk(value, path + (index,), findings)
        return
    if not isinstance(node, dict):
        return
    for key, value in node.items():
        at = path + (key,)
        if key in ("data", "datasets") and path:
            findings.append(Finding(at, *texts("view-data-inline/generator", key=key)))
            continue
        if key == "datasets":
            findings.append(Finding(at, *texts("view-data-inline/datasets")))
            continue
        if isinstance(value, float) and not math.isfinite(value):
            findings.append(Finding(at, *texts("view-number-invalid", key=key)))
            continue
        if key in PIXEL_KEYS and (key != "step" or (path and path[-1] in STEP_PARENTS)):
            _pixels(value, at, findings)
        if key in EXPRESSION_KEYS:
            _expressions(value, at, findings)
        if key == "format" and isinstance(value, str):
            width = FORMAT_WIDTH.match(value)
            if width and int(width.group(1)) > 100:
                findings.append(Finding(at, *texts("view-format-too-wide", format=value[:30], width=width.group(1))))
        if key in ("maxbins", "tickCount") and isinstance(value, (int, float)):
            most = limits.MAX_CHART_BINS if key == "maxbins" else limits.MAX_CHART_TICKS
            if value > most:
                findings.append(Finding(at, *texts("view-too-many-marks", key=key, value=value, most=most)))
        _walk(value, at, findings)


def _pixels(value, at: tuple, findings: list[Finding]) -> None:
    numbers = [value] if isinstance(value, (int, float)) else (  # {step: n} is checked as `step` itself
        [v for k, v in value.items() if k != "step" and isinstance(v, (int, float))] if isinstance(value, dict) else [])
    if any(isinstance(n, (int, float)) and not isinstance(n, bool) and n > limits.MAX_CHART_PX for n in numbers):
        findings.append(Finding(at, *texts("view-too-large", size=at[-1], MAX_CHART_PX=limits.MAX_CHART_PX)))


def _expressions(value, at: tuple, findings: list[Finding]) -> None:
    expressions = [value] if isinstance(value, str) else [v for v in value.values() if isinstance(v, str)] \
        if isinstance(value, dict) else []
    for text in expressions:
        match = ALLOCATING.search(text)
        if match:
            findings.append(Finding(at, *texts("view-expression-unsafe", function=match.group(1))))
            return


# --- rows made by transforms ---------------------------------------------------------------------


def _distinct(rows: list[dict], fields) -> int:
    """How many groups `fields` make in the source rows; unknown (computed) fields count every row."""
    fields = [fields] if isinstance(fields, str) else [f for f in fields or [] if isinstance(f, str)]
    if not fields:
        return 1
    if not rows or any(field not in rows[0] for field in fields):
        return max(len(rows), 1)
    return max(len({tuple(str(row.get(field)) for field in fields) for row in rows}), 1)


def _rows(spec, path: tuple, count: int, rows: list[dict], findings: list[Finding]) -> None:
    """Follow the row count through the transforms of `spec` and of every sub-spec."""
    if isinstance(spec, list):
        for index, value in enumerate(spec):
            _rows(value, path + (index,), count, rows, findings)
        return
    if not isinstance(spec, dict):
        return
    transforms = spec.get("transform")
    if isinstance(transforms, list):
        for index, step in enumerate(transforms):
            if isinstance(step, dict):
                count = _after(step, count, rows)
                if count > limits.MAX_CHART_GENERATED_ROWS:
                    said = texts("view-rows-generated/transform", step=next(iter(step), ""), count=count,
                                 MAX_CHART_GENERATED_ROWS=limits.MAX_CHART_GENERATED_ROWS)
                    findings.append(Finding(path + ("transform", index), *said))
                    return
    encoding = spec.get("encoding")
    if isinstance(encoding, dict):
        for channel, definition in encoding.items():
            impute = definition.get("impute") if isinstance(definition, dict) else None
            if isinstance(impute, dict):
                made = _impute_rows(impute, count, rows, encoding)
                if made > limits.MAX_CHART_GENERATED_ROWS:
                    said = texts("view-rows-generated/impute", made=made,
                                 MAX_CHART_GENERATED_ROWS=limits.MAX_CHART_GENERATED_ROWS)
                    findings.append(Finding(path + ("encoding", channel, "impute"), *said))
    for key in ("layer", "concat", "hconcat", "vconcat", "spec"):
        if key in spec:
            _rows(spec[key], path + (key,), count, rows, findings)


def _number(value, default: float) -> float:
    return float(value) if isinstance(value, (int, float)) and not isinstance(value, bool) else default


def _after(step: dict, count: int, rows: list[dict]) -> int:
    """Rows after one transform, an over-estimate."""
    groups = lambda: min(_distinct(rows, step.get("groupby")), count)  # noqa: E731
    if "fold" in step:
        return count * max(len(step["fold"]) if isinstance(step["fold"], list) else 1, 1)
    if "flatten" in step:
        fields = step["flatten"] if isinstance(step["flatten"], list) else [step["flatten"]]
        longest = max((len(row.get(f)) for row in rows for f in fields if isinstance(row.get(f), list)), default=0)
        if any(rows and f not in rows[0] for f in fields if isinstance(f, str)):
            return limits.MAX_CHART_GENERATED_ROWS + 1  # arrays made by the spec itself: unbounded
        return count * max(longest, 1)
    if "density" in step:
        steps = max(_number(step.get("steps"), 0), _number(step.get("maxsteps"), DEFAULT_DENSITY_STEPS),
                    _number(step.get("minsteps"), 0))
        return int(groups() * steps)
    if "quantile" in step:
        probs = step.get("probs")
        points = len(probs) if isinstance(probs, list) else 1 / max(_number(step.get("step"), DEFAULT_QUANTILE_STEP), 1e-12)
        return int(groups() * points)
    if "impute" in step:
        return _impute_rows(step, count, rows, {})
    if "regression" in step or "loess" in step:
        return count + groups() * 2 * limits.MAX_CHART_STEPS // 10
    if "pivot" in step:
        return count
    if "lookup" in step:
        return count * 2
    return count


def _impute_rows(impute: dict, count: int, rows: list[dict], encoding: dict) -> int:
    keyvals = impute.get("keyvals")
    if isinstance(keyvals, dict):
        start, stop = _number(keyvals.get("start"), 0), _number(keyvals.get("stop"), 0)
        step = _number(keyvals.get("step"), 1)
        keys = abs(stop - start) / step if step > 0 else float("inf")
    elif isinstance(keyvals, list):
        keys = len(keyvals)
    else:
        keys = _distinct(rows, impute.get("key")) if isinstance(impute.get("key"), str) else count
    groups = _distinct(rows, impute.get("groupby")) if impute.get("groupby") else count
    made = keys * groups + count
    return int(min(made, 10 ** 12))


def _count_views(spec, rows: list[dict]) -> int:
    """Unit charts drawn, with facets and repeats multiplied out."""
    if isinstance(spec, list):
        return sum(_count_views(value, rows) for value in spec)
    if not isinstance(spec, dict):
        return 0
    inner = sum(_count_views(spec[key], rows) for key in ("layer", "concat", "hconcat", "vconcat", "spec")
                if key in spec)
    inner = max(inner, 1 if "mark" in spec else 0)
    repeat = spec.get("repeat")
    if isinstance(repeat, list):
        inner *= max(len(repeat), 1)
    elif isinstance(repeat, dict):
        for value in repeat.values():
            inner *= max(len(value) if isinstance(value, list) else 1, 1)
    facet = spec.get("facet")
    cells = 1
    if isinstance(facet, dict):
        definitions = [facet] if "field" in facet else [v for v in facet.values() if isinstance(v, dict)]
        for definition in definitions:
            cells *= _distinct(rows, definition.get("field"))
    encoding = spec.get("encoding") if isinstance(spec.get("encoding"), dict) else {}
    for channel in ("row", "column", "facet"):
        if isinstance(encoding.get(channel), dict):
            cells *= _distinct(rows, encoding[channel].get("field"))
    return inner * cells


# --- messages for charts that could not be drawn --------------------------------------------------


def drawing_problem(view, outcome) -> Problem:
    """The problem for a view whose drawing failed (`outcome` from chartworker)."""
    rel, line, column = view.where
    place = dict(field="spec", label="图表定义")
    code, name, detail = outcome.code, view.name, outcome.detail
    if code == "view-render-timeout":
        return problem(rel, line, column, "view-render-timeout", name=name, seconds=limits.CHART_SECONDS, **place)
    if code == "view-render-crashed":
        return problem(rel, line, column, "view-render-crashed", name=name,
                       memory_mb=limits.CHART_MEMORY_BYTES // limits.MB, **place)
    if code == "view-svg-too-large":
        return problem(rel, line, column, "view-svg-too-large", name=name, size_mb=detail,
                       limit_mb=limits.MAX_SVG_BYTES // limits.MB, **place)
    if code == "view-too-wide":
        return problem(rel, line, column, "view-too-wide", name=name, size_px=detail, limit_px=limits.MAX_SVG_PX,
                       **place)
    if code == "view-spec-invalid":
        return problem(rel, line, column, "view-spec-invalid/render", detail=detail, **place)
    if code == "view-font-missing":
        return problem(rel, line, column, "view-font-missing", name=name, detail=detail, **place)
    if code == "view-render-cancelled":
        return problem(rel, line, column, "view-render-cancelled", name=name, **place)
    return problem(rel, line, column, "view-render-failed", name=name, detail=detail, **place)
