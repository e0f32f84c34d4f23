"""A descriptor's resources: each one's keys, path, encoding, dialect and schema, then its CSV scan.

`Resources` is a part of the dataset loader (dataset.DatasetLoader), which provides `report`,
`refused`, `folder`, `rel_dir`, `max_bytes`, `max_errors` and the schema and profile checks.
Foreign keys between the resources are checked once every resource is read.
"""

from __future__ import annotations

import re
from pathlib import Path

from ..core import limits, yamltypes
from ..core.schema import Field
from ..core.names import IDENTIFIER_CODES, check_identifier
from ..core.problems import has_errors, problem
from ..tabular import downloadsizes, foreignkeys, tabular
from .descriptorkeys import ALLOWED_PROFILES
from .model import Resource
from .pathjail import Refusal, confine
from .place import Place

RESOURCE_KEYS = ["name", "path", "title", "description", "schema", "encoding", "dialect", "format", "mediatype",
                 "bytes", "hash", "sources", "licenses", "profile", "$schema", "type"]
DIALECT_KEYS = {"delimiter", "quoteChar", "doubleQuote", "skipInitialSpace", "header"}
# A declared `hash`: Frictionless's form, "algorithm:hex" or bare hex (md5).
HASH = re.compile(r"^(?:([A-Za-z0-9]+):)?([0-9A-Fa-f]+)$")
HASH_LENGTHS = {"md5": 32, "sha1": 40, "sha256": 64, "sha512": 128}
# Files the portal itself writes beside a dataset's resources (DESIGN §4).
RESERVED_FILE_NAMES = frozenset({"changes.csv", "index.html", "datapackage.json"})


def _names(value) -> list:
    """A foreign key's `fields`: one name or a list of them (Table Schema v1 allows both)."""
    return value if isinstance(value, list) else [value]


class Resources:
    def check_resources(self, place: Place, raw: dict, descriptor: dict) -> list[Resource]:
        items = raw.get("resources")
        if items in (None, "", [], {}):
            return []
        if not isinstance(items, list):
            self.report(place, ("resources",), "descriptor-type/resources")
            return []
        resources, typed_items, names = [], [], {}
        self.typed_resources: dict[int, dict] = {}  # by position in `resources`, for the foreign keys
        self.schema_places: dict[int, Place] = {}
        self.tables: dict[int, foreignkeys.Table] = {}  # the CSV files that passed the byte checks
        for index, item in enumerate(items):
            at = ("resources", index)
            if not isinstance(item, dict):
                self.report(place, at, "descriptor-type/resource", field="resources")
                continue
            name = item.get("name")
            if isinstance(name, str) and name in names:
                self.report(place, at + ("name",), "resource-name-duplicate", name=name, first=names[name] + 1,
                            label="资源名")
            elif isinstance(name, str):
                names[name] = index
            before = len(self.problems)
            typed, scanned = self.check_resource(place, at, item)
            typed_items.append(typed)
            self.typed_resources[index] = typed
            if scanned is not None and not has_errors(self.problems[before:]):
                resources.append(scanned)
        files: dict[str, str] = {}
        for resource in resources:
            if resource.filename in files:
                at = ("resources", next(i for i, it in enumerate(items) if isinstance(it, dict) and it.get("name") == resource.name))
                self.report(place, at + ("path",), "resource-filename-duplicate", filename=resource.filename,
                            files=files[resource.filename], label="文件路径")
            files.setdefault(resource.filename, resource.name)
        self.check_foreign_keys(names)
        descriptor["resources"] = typed_items
        return resources

    def check_foreign_keys(self, names: dict[str, int]) -> None:
        """Each foreign key names a resource of this package (or itself) and fields it has; then
        the values are checked in the files, as Frictionless does (tabular/foreignkeys.py)."""
        for index, typed in sorted(self.typed_resources.items()):
            keys = typed.get("schema", {}).get("foreignKeys")
            if not isinstance(keys, list) or index not in self.schema_places:
                continue  # no schema, or one the profile check already refused
            schema_place = self.schema_places[index]
            checked: list[foreignkeys.ForeignKey] = []
            for number, key in enumerate(keys):
                at = ("foreignKeys", number, "reference")
                reference = key.get("reference") if isinstance(key, dict) else None
                if not isinstance(reference, dict):
                    continue
                fields, target_fields = _names(key.get("fields")), _names(reference.get("fields"))
                target_name = reference.get("resource") or ""
                target = index if target_name in ("", typed.get("name")) else names.get(target_name)
                if target is None:
                    self.report(schema_place, at + ("resource",), "foreign-key-resource-unknown", target_name=target_name, names="、".join(sorted(names)),
                                field="resource", label="外键")
                    continue
                target_schema = self.typed_resources.get(target, {}).get("schema")
                if not isinstance(target_schema, dict):
                    continue  # the referenced resource's own schema problems are reported
                known = [f.get("name") for f in target_schema.get("fields", []) if isinstance(f, dict)]
                unknown = [name for name in target_fields if name not in known]
                if unknown:
                    self.report(schema_place, at + ("fields",), "foreign-key-field-unknown", unknown_fields="、".join(map(str, unknown)), resource=target_name or typed.get("name"), known_fields="、".join(map(str, known)), unknown=unknown,
                                field="fields", label="外键")
                    continue
                if index in self.tables and target in self.tables:  # else its own problem is reported
                    checked.append(foreignkeys.ForeignKey(fields, self.tables[target], target_fields))
            if not checked:
                continue
            try:
                self.problems += foreignkeys.check_foreign_keys(self.tables[index], checked, self.max_errors)
            except foreignkeys.TooManyKeys as exc:
                self.report(schema_place, ("foreignKeys",), "foreign-key-too-many", exc=exc,
                            MAX_KEYED_ROWS=limits.MAX_KEYED_ROWS, field="foreignKeys", label="外键")

    def check_resource(self, place: Place, at: tuple, item: dict) -> tuple[dict, Resource | None]:
        typed: dict = {}
        errors_before = len(self.problems)
        self.check_known_keys(place, at, {k: v for k, v in item.items() if k != "data"}, RESOURCE_KEYS,
                              "数据资源", "the resource")
        for key in ("name", "title", "description", "format", "mediatype", "type"):
            if isinstance(item.get(key), str):
                typed[key] = item[key]
        for key in ("sources", "licenses"):
            if item.get(key) is not None:
                typed[key] = item[key]
        if not item.get("name"):
            self.report(place, at, "resource-name-missing", field="name", label="资源名")
        else:
            refused = check_identifier("resource", item["name"])
            if refused is not None:
                self.refused(place, at + ("name",), refused, code=IDENTIFIER_CODES["resource"][refused.code],
                             field="name", label="资源名")
        if "data" in item:
            self.report(place, at + ("data",), "resource-inline-data", field="data", label="")
        for key in ("profile", "$schema"):
            if item.get(key) is not None and item[key] not in ALLOWED_PROFILES:
                self.report(place, at + (key,), "descriptor-profile/resource", key=key, profile=item[key], label="")
            elif item.get(key) is not None:
                typed[key] = item[key]
        source = None
        if item.get("path") is None:
            if "data" not in item:
                self.report(place, at, "resource-path-missing", field="path", label="文件路径")
        elif isinstance(item["path"], list):
            self.report(place, at + ("path",), "resource-path-multipart", label="文件路径")
        else:
            source = confine(self.folder, item["path"], what="数据文件")
            if isinstance(source, Refusal):
                self.refused(place, at + ("path",), source)
                source = None
            elif source.suffix.lower() != ".csv" or typed.get("format", "csv").lower() != "csv":
                self.report(place, at + ("path",), "resource-not-csv", path_text=item["path"], label="文件路径")
                source = None
            elif source.name.lower() in RESERVED_FILE_NAMES:
                self.report(place, at + ("path",), "resource-filename-reserved", name=source.name,
                            label="文件路径")
                source = None
            else:
                typed["path"] = item["path"]
        encoding = item.get("encoding") or "utf-8"
        if tabular.codec_name(encoding) is None:
            self.report(place, at + ("encoding",), "resource-encoding-unknown", encoding=encoding, label="编码")
        dialect = self.check_dialect(place, at, item.get("dialect"))
        schema, schema_place = self.load_schema(place, at, item.get("schema"))
        self.schema_places[at[-1]] = schema_place
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
        if not self.check_constraint_values(schema_place, schema):
            return typed, None
        declared_bytes, declared_hash = self.check_declared_size(place, at, item)
        if has_errors(self.problems[errors_before:]) or source is None:
            return typed, None
        scan, data_problems = tabular.scan_table(
            source, f"{self.rel_dir}/{item['path']}", schema, encoding=encoding, dialect=dialect,
            max_bytes=self.max_bytes, max_errors=self.max_errors,
            source_hash=declared_hash[0] if declared_hash else None)
        self.problems += data_problems
        if scan is None:
            return typed, None
        self.compare_declared_size(place, at, declared_bytes, declared_hash, scan)
        self.tables[at[-1]] = foreignkeys.Table(
            name=item["name"], title=typed.get("title", item["name"]), path=source,
            rel=f"{self.rel_dir}/{item['path']}", schema=schema, encoding=encoding, dialect=dialect)
        typed.update({"encoding": "utf-8", "format": "csv", "mediatype": "text/csv",
                      "bytes": scan.bytes, "hash": f"sha256:{scan.sha256}"})
        fields = [Field.from_descriptor(f) for f in schema["fields"]]
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

    def check_declared_size(self, place: Place, at: tuple, item: dict) -> tuple[int | None, tuple | None]:
        """A `bytes` and `hash` the clerk wrote, as (count, (algorithm, hex digest)); both optional."""
        declared_bytes = declared_hash = None
        if item.get("bytes") is not None:
            value = item["bytes"]
            if isinstance(value, str) and value.isascii() and value.isdigit():
                declared_bytes = int(value)
            else:
                self.report(place, at + ("bytes",), "descriptor-type/bytes", value=value, label="文件大小")
        if item.get("hash") is not None:
            value = item["hash"]
            match = HASH.match(value) if isinstance(value, str) else None
            algorithm = (match.group(1) or "md5").lower() if match else None
            if match is None or algorithm not in HASH_LENGTHS:
                self.report(place, at + ("hash",), "descriptor-type/hash", value=value, label="哈希值")
            elif len(match.group(2)) != HASH_LENGTHS[algorithm]:
                self.report(place, at + ("hash",), "descriptor-type/hash-length", algorithm=algorithm, digits=HASH_LENGTHS[algorithm], n_group=len(match.group(2)),
                            label="哈希值")
            else:
                declared_hash = (algorithm, match.group(2).lower())
        return declared_bytes, declared_hash

    def compare_declared_size(self, place: Place, at: tuple, declared_bytes, declared_hash, scan) -> None:
        """The declared size and hash are a promise to the data user, who checks the download with
        them: a wrong one is an error, never silently replaced. (They describe the file as written;
        the published descriptor then gives those of the published UTF-8 file.)"""
        if declared_bytes is not None and declared_bytes != scan.source_bytes:
            self.report(place, at + ("bytes",), "byte-count", declared_bytes=declared_bytes,
                        source_bytes=scan.source_bytes, label="文件大小")
        if declared_hash is not None and declared_hash[1] != scan.source_digest:
            algorithm = declared_hash[0]
            written = f"{algorithm}:{scan.source_digest}" if algorithm != "md5" else scan.source_digest
            self.report(place, at + ("hash",), "hash-count", written=written,
                        label="哈希值")

    def report_download_limits(self, place: Place, at: tuple, csv_rel: str, offer, scan) -> None:
        """Warnings for what the downloads cannot hold (downloadsizes.plan): the page says the same."""
        formats = {item["format"] for item in offer.downloads}
        for kind, code, bound in (("XLSX", "xlsx-not-offered", offer.xlsx_bytes),
                                  ("JSON", "json-not-offered", offer.json_bytes)):
            if kind not in formats:
                self.report(place, at, code, why=offer.notes[0] if kind == "XLSX" else offer.notes[-1], bound=bound,
                            field="resources")
        if "XLSX" in formats:
            for line, column, name in scan.long_cell_places:
                self.problems.append(problem(
                    csv_rel, line, column, "xlsx-cell-too-long", EXCEL_MAX_CELL_CHARS=limits.EXCEL_MAX_CELL_CHARS, long_cells=scan.long_cells,
                    field=name))

    def check_dialect(self, place: Place, at: tuple, dialect) -> dict | None:
        if dialect is None:
            return None
        if not isinstance(dialect, dict):
            self.report(place, at + ("dialect",), "resource-dialect-unsupported/reference", label="CSV 格式")
            return None
        typed = {}
        for key, value in dialect.items():
            if key not in DIALECT_KEYS:
                self.report(place, at + ("dialect", key), "resource-dialect-unsupported/key", key=key, field=key,
                            label="CSV 格式")
            elif key in ("delimiter", "quoteChar") and not (isinstance(value, str) and len(value) == 1):
                self.report(place, at + ("dialect", key), "resource-dialect-unsupported/character", key=key,
                            field=key, label="CSV 格式")
            elif key in ("doubleQuote", "skipInitialSpace", "header"):
                flag = yamltypes.boolean(value)
                if not isinstance(flag, bool) or (key == "header" and flag is False):
                    self.report(place, at + ("dialect", key), "resource-dialect-unsupported/boolean", key=key,
                                ending="；CSV 必须有表头行。" if key == "header" else "。", field=key, label="CSV 格式")
                else:
                    typed[key] = flag
            else:
                typed[key] = value
        return typed
