"""Datasets: read `datasets/<name>/datapackage.yaml`, check it and its data, build the model.

The descriptor is read with the strict YAML loader (every scalar a string), typed here key by
key, checked against the portal rules (DESIGN §3) and then against the Data Package profile with
Frictionless. Every path is confined to the dataset folder before anything opens it. The checks
live in one module each (descriptor keys, resources, field schema, profile, views); the loader
here runs them in order and builds the model (model.py).
"""

from __future__ import annotations

import datetime
import os
from pathlib import Path

from . import freshness
from ..core import limits, sourcefs, yamlstrict
from ..core.bodylimits import check_body
from ..core.problems import Problem, Severity, has_errors, problem, reported, sort_problems
from ..core.textfile import read_text
from ..privacy import privacy
from ..tabular import downloadsizes, tabular
from .descriptorkeys import DEFAULT_OPEN_TYPE, KEY_LABELS, DescriptorKeys
from .fieldschema import FieldSchema
from .model import Dataset, Resource, View
from .pathjail import Refusal, confine
from .place import Place
from .profile import Profile
from .resources import Resources
from .views import Views
from ..core import jsonout


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
            problems.append(reported("datasets", 0, 0, (reason.code, reason.message, reason.message_en)))
        return datasets, problems

    def load_one(folder: Path):
        loader = DatasetLoader(root, folder, agency_ids, vocabularies, today,
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


class DatasetLoader(DescriptorKeys, Resources, FieldSchema, Profile, Views):
    """One dataset folder: its descriptor, data and charts checked, then its model built."""

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

    def report(self, place: Place, keypath: tuple, key: str, /, *,
               field: str | None = None, label: str | None = None, severity: Severity | None = None, **params):
        """The problem of catalogue key `key` (codes.py), its templates filled with `params`, at `keypath`."""
        line, column = place.where(*keypath)
        name = field if field is not None else next((k for k in reversed(keypath) if isinstance(k, str)), "")
        self.problems.append(problem(place.rel, line, column, key, field=name,
                                     label=label if label is not None else KEY_LABELS.get(name, ""),
                                     severity=severity, **params))

    def refused(self, place: Place, keypath: tuple, reason, *, code: str | None = None, field: str | None = None,
                label: str | None = None):
        """A reason made earlier by codes.texts (a (code, zh, en) tuple, a Refusal, a NameRefusal), placed
        at `keypath`, under `code` when the caller reports it under its own code."""
        line, column = place.where(*keypath)
        name = field if field is not None else next((k for k in reversed(keypath) if isinstance(k, str)), "")
        found, message, message_en = reason if isinstance(reason, tuple) else (reason.code, reason.message,
                                                                             reason.message_en)
        said = (code or found, message, message_en)
        self.problems.append(reported(place.rel, line, column, said, field=name,
                                      label=label if label is not None else KEY_LABELS.get(name, "")))

    # -- the descriptor --

    def load(self) -> Dataset | None:
        if self.folder.is_symlink():
            self.problems.append(problem(
                self.rel_dir, 0, 0, "dataset-folder-symlink"))
            return None
        found = confine(self.folder, "datapackage.yaml", what="描述文件")
        if isinstance(found, Refusal):
            hint = "（这里有 datapackage.json：请改写成 datapackage.yaml）" if (self.folder / "datapackage.json").exists() else ""
            self.problems.append(problem(
                self.rel, 0, 0, "descriptor-missing", hint=hint, reason=found.message, reason_en=found.message_en))
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
        place = Place(self.rel, doc)
        raw = doc.value
        if not isinstance(raw, dict):
            self.report(place, (), "descriptor-not-mapping", field="")
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

    def check_package_size(self, place: Place, descriptor: dict, resources: list[Resource], readme_html: str):
        """The package zip holds every CSV, the descriptor and the README: it must stay publishable."""
        members = [len(jsonout.dumps(descriptor).encode("utf-8")) + 1]
        members += [(self.folder / "README.md").stat().st_size] if readme_html else []
        members += [resource.bytes for resource in resources]
        bound = downloadsizes.zip_bound(members)
        if bound > limits.MAX_PUBLISHED_FILE_BYTES:
            self.report(place, ("resources",), "dataset-too-large", size_mb=bound / limits.MB,
                        limit_mb=limits.MAX_PUBLISHED_FILE_BYTES // limits.MB, bound=bound, MAX_PUBLISHED_FILE_BYTES=limits.MAX_PUBLISHED_FILE_BYTES)

    def read_readme(self) -> str:
        if not os.path.lexists(self.folder / "README.md"):
            return ""
        found = confine(self.folder, "README.md", what="说明文件")
        rel = f"{self.rel_dir}/README.md"
        if isinstance(found, Refusal):
            self.problems.append(reported(rel, 0, 0, (found.code, found.message, found.message_en)))
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
