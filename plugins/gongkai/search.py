"""The static search index: Pagefind (extended build, with Chinese word segmentation) over the output."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

from pagefind_bin_extended import get_executable

BUNDLE = "pagefind"


class IndexIncomplete(Exception):
    pass


def index_site(output: Path, expected_pages: int) -> dict:
    """Index `output` in place; fail unless every searchable page (items, datasets, agencies, pages) is in."""
    subprocess.run(
        [str(get_executable()), "--site", str(output), "--output-subdir", BUNDLE, "--silent"],
        check=True,
    )
    entry = json.loads((output / BUNDLE / "pagefind-entry.json").read_text(encoding="utf-8"))
    languages = entry.get("languages", {})
    indexed = sum(language.get("page_count", 0) for language in languages.values())
    if set(languages) != {"zh-cn"}:
        raise IndexIncomplete(f"搜索索引的语言是 {sorted(languages)}，应当只有 zh-cn（检查 <html lang>）。")
    if indexed < expected_pages:
        raise IndexIncomplete(f"搜索索引只收录了 {indexed} 个页面，少于应收录的 {expected_pages} 个。")
    return {"pages": indexed, "languages": sorted(languages)}
