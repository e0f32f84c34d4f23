"""Differential check: our dataset validation against `frictionless validate`, on Frictionless's own
test fixtures (a checkout of frictionless-py, read in place: nothing is copied into this repository).

Every CSV under the fixtures folder is validated by both, with the dialect and encoding Frictionless
detects written out for both (we never sniff), under several schemas: the one Frictionless infers,
that schema with a primary key and `required`/`unique` constraints, every column an integer, and a
self-referencing foreign key. The fixtures' own tabular packages are validated as they are. Errors
are compared as sets of (resource, row, error type), label errors at row 1, our line numbers turned
into Frictionless's row numbers (they differ where a quoted cell spans lines):

    .venv/bin/python bench/parity.py ~/src/frictionless-py/data [--show 20] [--json out.json]

It prints how many cases agree exactly and how many error rows each side alone reports.
"""

from __future__ import annotations

import argparse
import copy
import csv
import datetime
import json
import re
import shutil
import sys
import tempfile
import warnings
from pathlib import Path

import yaml
from frictionless import Package, Resource, system

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "plugins"))
from gongkai.datasets.dataset import load_datasets  # noqa: E402

MAX_FIXTURE_BYTES = 2 * 1024 * 1024
LABELS = {"csv-header-mismatch": "label", "incorrect-label": "label", "missing-label": "label",
          "extra-label": "label", "csv-header-blank": "blank-label", "csv-header-duplicate": "duplicate-label"}
# The error types both validators report; everything else (our personal-data gate, formula
# warnings, descriptor rules) has no counterpart on the other side.
COMPARED = {"type-error", "constraint-error", "unique-error", "primary-key", "foreign-key", "blank-row",
            "missing-cell", "extra-cell", "byte-count", "hash-count", "label", "blank-label", "duplicate-label"}
PORTAL = {"title": "对照", "description": "与 frictionless validate 对照。", "publisher": "p", "theme": "综合政务",
          "update_frequency": "never", "modified": "2024-01-01", "licenses": [{"name": "CC-BY-4.0"}]}
TODAY = datetime.date(2026, 1, 1)


class _NoAliases(yaml.SafeDumper):
    def ignore_aliases(self, data):
        return True


def _identifier(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:40] or "r"


def _classify(code: str) -> str:
    return LABELS.get(code, code)


def theirs(package: dict, basepath: Path) -> set[tuple] | str:
    """Frictionless's errors as (resource, row, type); a string when Frictionless itself fails."""
    try:
        with warnings.catch_warnings(), system.use_context(trusted=True):
            warnings.simplefilter("ignore")
            report = Package(copy.deepcopy(package), basepath=str(basepath)).validate(limit_errors=100_000)
    except Exception as exc:  # noqa: BLE001 - recorded: Frictionless crashing is a finding
        return f"{type(exc).__name__}: {exc}"
    found = set()
    for task in report.tasks:
        for error in task.errors:
            kind = _classify(error.type)
            row = getattr(error, "row_number", None) or 1
            if kind in ("byte-count", "hash-count"):
                found.add(("*", 1, kind))
            else:
                found.add((task.name, row if kind not in ("label", "blank-label", "duplicate-label") else 1, kind))
    if report.errors:
        found |= {("", 0, error.type) for error in report.errors}
    return found


def _records(path: Path, resource: dict) -> dict[int, int]:
    """Line where each record starts -> its row number as Frictionless counts (header = 1): we name
    lines (what an editor shows), Frictionless rows; a quoted cell may span lines."""
    dialect = resource.get("dialect") or {}
    starts, line_end = {}, 0
    with path.open(encoding=resource.get("encoding") or "utf-8", errors="replace", newline="") as stream:
        reader = csv.reader(stream, delimiter=dialect.get("delimiter", ","), quotechar=dialect.get("quoteChar", '"'),
                            skipinitialspace=dialect.get("skipInitialSpace", False))
        try:
            for number, _ in enumerate(reader, start=1):
                starts[line_end + 1] = number
                line_end = reader.line_num
        except csv.Error:
            pass
    return starts


def ours(package: dict, basepath: Path, work: Path) -> tuple[set[tuple], list[str]]:
    """Our problems as (resource, row, type); and the codes that kept a resource from being compared."""
    name = _identifier(package.get("name") or "pkg")
    folder = work / "datasets" / name
    shutil.rmtree(work / "datasets", ignore_errors=True)
    (folder / "data").mkdir(parents=True)
    descriptor = dict(PORTAL, name=name, resources=[])
    by_file, records = {}, {}
    for resource in package["resources"]:
        item = {k: v for k, v in resource.items() if k in ("name", "schema", "dialect", "encoding", "bytes", "hash")}
        target = f"data/{resource['name']}.csv"
        shutil.copyfile(basepath / resource["path"], folder / target)
        item["path"] = target
        by_file[f"datasets/{name}/{target}"] = resource["name"]
        records[resource["name"]] = _records(basepath / resource["path"], resource)
        descriptor["resources"].append(item)
    text = yaml.dump(descriptor, Dumper=_NoAliases, allow_unicode=True, sort_keys=False)
    (folder / "datapackage.yaml").write_text(text, encoding="utf-8")
    _, problems = load_datasets(work, {"p"}, {"category": ["综合政务"]}, TODAY, max_errors_per_resource=100_000)
    found, refused = set(), []
    for found_problem in problems:
        kind = _classify(found_problem.code)
        resource = by_file.get(found_problem.path)
        if kind in COMPARED and (resource is not None or kind in ("byte-count", "hash-count")):
            if kind in ("byte-count", "hash-count"):
                resource, row = "*", 1  # said on the descriptor's line, not in the CSV
            elif kind in ("label", "blank-label", "duplicate-label"):
                row = 1
            else:
                row = records[resource].get(found_problem.line, found_problem.line)
            found.add((resource, row, kind))
        elif found_problem.is_error and kind not in COMPARED and resource is None:
            refused.append(found_problem.code)
    return found, refused


def detected(path: Path) -> dict | None:
    """The resource Frictionless infers for one CSV: schema, dialect and encoding written out."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            resource = Resource(path=path.name, basepath=str(path.parent))
            resource.infer(stats=False)
            descriptor = resource.to_descriptor()
    except Exception:  # noqa: BLE001 - a file Frictionless cannot describe is not a case
        return None
    if not descriptor.get("schema", {}).get("fields"):
        return None
    dialect = {}
    for key in ("delimiter", "quoteChar", "doubleQuote", "skipInitialSpace"):
        value = resource.dialect.to_descriptor().get("csv", {}).get(key, descriptor.get("dialect", {}).get("csv", {}).get(key))
        if value is not None:
            dialect[key] = value
    schema = {"fields": [{"name": f["name"], "type": f.get("type", "any")} for f in descriptor["schema"]["fields"]]}
    if len({f["name"] for f in schema["fields"]}) != len(schema["fields"]) or any(not f["name"] for f in schema["fields"]):
        return None
    found = {"name": _identifier(path.stem), "path": path.name, "schema": schema,
             "encoding": (descriptor.get("encoding") or "utf-8")}
    if dialect and dialect != {"delimiter": ","}:
        found["dialect"] = {k: v for k, v in dialect.items() if not (k == "delimiter" and v == ",")}
    return found


def variants(resource: dict) -> list[tuple[str, dict]]:
    fields = resource["schema"]["fields"]
    first = fields[0]["name"]
    keyed = copy.deepcopy(resource)
    keyed["schema"]["primaryKey"] = [first]
    keyed["schema"]["fields"][0]["constraints"] = {"required": True}
    if len(fields) > 1:
        keyed["schema"]["fields"][1]["constraints"] = {"unique": True}
    integers = copy.deepcopy(resource)
    for field in integers["schema"]["fields"]:
        field["type"] = "integer"
    cases = [("inferred", resource), ("keyed", keyed), ("integers", integers)]
    if len(fields) > 1:
        referring = copy.deepcopy(resource)
        referring["schema"]["foreignKeys"] = [{"fields": [fields[1]["name"]],
                                               "reference": {"resource": "", "fields": [first]}}]
        referring["schema"]["fields"][1]["type"] = fields[0]["type"]
        cases.append(("self-reference", referring))
    return cases


def fixture_packages(data: Path) -> list[tuple[str, dict, Path]]:
    """The fixtures' own packages whose resources are all local CSV files with schemas."""
    found = []
    for path in sorted(data.rglob("*.json")):
        try:
            descriptor = json.loads(path.read_text(encoding="utf-8"))
        except (ValueError, UnicodeDecodeError):
            continue
        resources = descriptor.get("resources") if isinstance(descriptor, dict) else None
        if not isinstance(resources, list) or not resources:
            continue
        if all(isinstance(r, dict) and isinstance(r.get("path"), str) and r["path"].endswith(".csv")
               and isinstance(r.get("schema"), dict) and (path.parent / r["path"]).is_file() for r in resources):
            found.append((path.relative_to(data).as_posix(), descriptor, path.parent))
    return found


def cases(data: Path):
    for rel, descriptor, base in fixture_packages(data):
        renamed = {r["name"]: _identifier(r["name"]) for r in descriptor["resources"]}
        package = copy.deepcopy(descriptor)
        for resource in package["resources"]:
            resource["name"] = renamed[resource["name"]]
            for fk in resource["schema"].get("foreignKeys", []):
                target = fk.get("reference", {}).get("resource")
                if target:
                    fk["reference"]["resource"] = renamed.get(target, target)
        yield rel, {"name": "package", "resources": package["resources"]}, base
    for path in sorted(data.rglob("*.csv")):
        if path.stat().st_size > MAX_FIXTURE_BYTES or path.is_symlink():
            continue
        resource = detected(path)
        if resource is None:
            continue
        for variant, item in variants(resource):
            yield f"{path.relative_to(data).as_posix()} [{variant}]", {"name": "csv", "resources": [item]}, path.parent


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("data", type=Path, help="frictionless-py's data/ folder")
    parser.add_argument("--show", type=int, default=15, help="list this many disagreeing cases")
    parser.add_argument("--json", type=Path, help="write every case's result here")
    args = parser.parse_args()
    results = []
    with tempfile.TemporaryDirectory() as tmp:
        for rel, package, base in cases(args.data):
            expected = theirs(package, base)
            try:
                got, refused = ours(package, base, Path(tmp))
            except Exception as exc:  # noqa: BLE001 - a crash of ours is the worst finding: counted
                got, refused = set(), [f"CRASH {type(exc).__name__}: {exc}"]
            results.append({"case": rel, "theirs": expected if isinstance(expected, str) else sorted(expected),
                            "ours": sorted(got), "refused": sorted(set(refused))})
    compared = [r for r in results if not isinstance(r["theirs"], str) and not r["refused"]]
    exact = [r for r in compared if set(map(tuple, r["theirs"])) == set(map(tuple, r["ours"]))]
    both = sum(len(set(map(tuple, r["theirs"])) & set(map(tuple, r["ours"]))) for r in compared)
    only_theirs = sum(len(set(map(tuple, r["theirs"])) - set(map(tuple, r["ours"]))) for r in compared)
    only_ours = sum(len(set(map(tuple, r["ours"])) - set(map(tuple, r["theirs"]))) for r in compared)
    crashed = [r for r in results if isinstance(r["theirs"], str)]
    refused = [r for r in results if not isinstance(r["theirs"], str) and r["refused"]]
    print(f"cases: {len(results)}; compared: {len(compared)}; agree exactly: {len(exact)} "
          f"({100 * len(exact) / max(len(compared), 1):.1f} %)")
    print(f"error rows found by both: {both}; only by frictionless: {only_theirs}; only by us: {only_ours}")
    ours_crashed = [r for r in results if any(code.startswith("CRASH") for code in r["refused"])]
    print(f"frictionless failed on {len(crashed)} cases; we crashed on {len(ours_crashed)}; "
          f"we refused the descriptor or file in {len(refused) - len(ours_crashed)} more cases")
    shown = 0
    for r in compared:
        if r in exact or shown >= args.show:
            continue
        shown += 1
        theirs_set, ours_set = set(map(tuple, r["theirs"])), set(map(tuple, r["ours"]))
        print(f"- {r['case']}: only frictionless {sorted(theirs_set - ours_set)[:6]}; only us {sorted(ours_set - theirs_set)[:6]}")
    for r in crashed[:args.show]:
        print(f"- frictionless failed: {r['case']}: {r['theirs'][:120]}; we found {r['ours'][:4]} {r['refused']}")
    for r in refused[:args.show]:
        print(f"- we refused: {r['case']}: {r['refused']}")
    if args.json:
        args.json.write_text(json.dumps(results, ensure_ascii=False, indent=1, default=str), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
