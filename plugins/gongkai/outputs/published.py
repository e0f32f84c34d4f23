"""The files a build published for download, as harvesters describe them: URL, format, size and
sha256, read back from the output folder (a download a build did not write is not described)."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

from ..core import addresses

FRICTIONLESS_PACKAGE = "https://specs.frictionlessdata.io/data-package/"
FRICTIONLESS_RESOURCE = "https://specs.frictionlessdata.io/tabular-data-resource/"


@dataclass(frozen=True)
class Download:
    url: str  # site-relative, percent-encoded
    title: str
    format: str  # CSV, XLSX, JSON or ZIP (crosswalk.FORMATS)
    bytes: int
    sha256: str
    conforms_to: str = ""  # the specification the file follows, when there is one
    resource: str = ""  # the resource it carries ("" for the whole package)


def _facts(path: Path) -> tuple[int, str] | None:
    if not path.is_file() or path.is_symlink():
        return None
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return path.stat().st_size, digest.hexdigest()


def dataset_downloads(dataset, out: Path) -> list[Download]:
    """The package zip, datapackage.json, then each resource's CSV, XLSX and JSON, as published."""
    folder = out / "datasets" / dataset.name
    wanted = [(f"{dataset.name}.zip", "完整数据包（ZIP，含 datapackage.json 和数据文件）", "ZIP", FRICTIONLESS_PACKAGE, ""),
              ("datapackage.json", "数据包描述文件 datapackage.json（字段定义、字节数和 sha256）", "JSON",
               FRICTIONLESS_PACKAGE, "")]
    for resource in dataset.resources:
        for download in resource.downloads:
            conforms = FRICTIONLESS_RESOURCE if download["format"] == "CSV" else ""
            wanted.append((download["filename"], f"{resource.title}（{download['format']}）", download["format"],
                           conforms, resource.name))
    found = []
    for filename, title, kind, conforms, resource_name in wanted:
        facts = _facts(folder / filename)
        if facts is not None:
            found.append(Download(addresses.dataset_file(dataset.name, filename), title, kind, facts[0], facts[1],
                                  conforms, resource_name))
    return found


def catalogue_downloads(out: Path) -> list[Download]:
    """The disclosure catalogue's own downloads: its data package and its JSON."""
    found = []
    for url, title, kind, conforms in (
        ("catalog/disclosures.zip", "信息公开目录数据包（ZIP：disclosures.csv、agencies.csv、datapackage.json）", "ZIP",
         FRICTIONLESS_PACKAGE),
        ("api/disclosures.json", "信息公开目录（JSON）", "JSON", ""),
    ):
        facts = _facts(out / url)
        if facts is not None:
            found.append(Download(url, title, kind, facts[0], facts[1], conforms))
    return found
