"""A rebuild with nothing to do (fastpath/unchanged.py) does nothing only when every byte the
build reads is the same and the live output is still what its manifest lists."""

from __future__ import annotations

import io
import json
import os

import pytest

from support import tree_digest, write_item

from gongkai.build.build import WHOLE_INPUTS, build
from gongkai.build.context import BuildOptions

NOTHING = "没有需要重新构建的内容"


def run(site, **kwargs) -> tuple[int, str]:
    stream = io.StringIO()
    code = build(site, site / "pelicanconf.py", site / "output", stream=stream, **kwargs)
    return code, stream.getvalue()


def test_a_rebuild_with_nothing_changed_leaves_the_output_as_it_is(mini_site):
    assert run(mini_site)[0] == 0
    manifest = mini_site / "output" / "build.json"
    before, inode = tree_digest(mini_site / "output"), manifest.stat().st_ino
    code, said = run(mini_site)
    assert code == 0 and NOTHING in said
    assert manifest.stat().st_ino == inode and tree_digest(mini_site / "output") == before
    assert json.loads(manifest.read_text(encoding="utf-8"))["inputs"][WHOLE_INPUTS]


@pytest.mark.parametrize("change", ["item byte", "new file", "file removed", "dataset folder", "build date",
                                    "output file edited", "output file added", "settings override"])
def test_any_change_builds_again_and_gives_what_a_fresh_build_gives(mini_site, tmp_path, monkeypatch, change):
    assert run(mini_site)[0] == 0
    item = next(iter(sorted((mini_site / "content" / "disclosures").rglob("*.md"))))
    kwargs = {}
    if change == "item byte":
        item.write_text(item.read_text(encoding="utf-8") + "\n补充一句。\n", encoding="utf-8")
    elif change == "new file":
        write_item(mini_site, "2025/new.md", title="新的一条", index_no="11430000MB0000001B/2025-00010")
    elif change == "file removed":
        write_item(mini_site, "2025/new.md", title="新的一条", index_no="11430000MB0000001B/2025-00010")
        assert run(mini_site)[0] == 0
        (mini_site / "content" / "disclosures" / "2025" / "new.md").unlink()
    elif change == "dataset folder":
        (mini_site / "datasets").mkdir(exist_ok=True)
        (mini_site / "datasets" / "README.txt").write_text("说明\n", encoding="utf-8")
    elif change == "build date":
        monkeypatch.setenv("SOURCE_DATE_EPOCH", str(int(os.environ["SOURCE_DATE_EPOCH"]) + 86400))
    elif change == "output file edited":
        page = mini_site / "output" / "index.html"
        page.write_text(page.read_text(encoding="utf-8") + "<!-- 改动 -->", encoding="utf-8")
    elif change == "output file added":
        (mini_site / "output" / "extra.txt").write_text("多出的文件\n", encoding="utf-8")
    elif change == "settings override":
        kwargs = {"overrides": {"SITE_SHORTNAME": "另一个简称"}}
    code, said = run(mini_site, **kwargs)
    assert code == 0 and NOTHING not in said
    fresh = tmp_path / "fresh"
    assert build(mini_site, mini_site / "pelicanconf.py", fresh, options=BuildOptions.slow(), **kwargs) == 0
    assert tree_digest(mini_site / "output") == tree_digest(fresh)


def test_the_slow_twin_always_builds(mini_site):
    assert run(mini_site)[0] == 0
    code, said = run(mini_site, options=BuildOptions.slow())
    assert code == 0 and NOTHING not in said
