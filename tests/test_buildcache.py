"""The rebuild cache: values packed in a few files per kind and code version."""

from __future__ import annotations

import json

from gongkai.build.build import build
from gongkai.fastpath.cache import PackCache, cache_dir


def test_values_from_every_writer_are_found(tmp_path):
    cache = PackCache(tmp_path, "a" * 64)
    cache.add("markup", {"k1": "<p>一</p>"})
    cache.add("markup", {"k2": "<p>二</p>"})  # as a second forked worker would
    assert cache.load("markup") == {"k1": "<p>一</p>", "k2": "<p>二</p>"}
    assert cache.load("chart") == {}


def test_packs_that_pile_up_are_merged_into_the_values_in_use(tmp_path):
    cache = PackCache(tmp_path, "a" * 64)
    for number in range(PackCache.MAX_PACKS):
        cache.add("markup", {f"k{number}": f"v{number}"})
    cache.tidy("markup", {"k0": "v0"})  # not yet too many: nothing happens
    assert len(cache.load("markup")) == PackCache.MAX_PACKS
    cache.add("markup", {"k-last": "v"})
    cache.tidy("markup", {"k0": "v0", "k3": "v3"})
    assert cache.load("markup") == {"k0": "v0", "k3": "v3"}
    assert len(list((cache_dir(tmp_path) / "markup").rglob("pack-*.json"))) == 1


def test_other_code_versions_are_dropped_and_a_damaged_pack_is_a_miss(tmp_path):
    old = PackCache(tmp_path, "0" * 64)
    old.add("markup", {"k": "old"})
    new = PackCache(tmp_path, "1" * 64)
    assert new.load("markup") == {}  # a value made by other code is never used ...
    assert not any((cache_dir(tmp_path) / "markup").glob("0000*"))  # ... nor kept
    pack = new.add("markup", {"k": "new"})
    pack.write_text(pack.read_text(encoding="utf-8")[:5], encoding="utf-8")
    new.add("markup", {"j": "fine"})
    assert new.load("markup") == {"j": "fine"}


def test_a_rebuild_renders_no_markdown_again(tmp_path):
    from support import copy_sample_site

    site = copy_sample_site(tmp_path / "site")
    assert build(site, site / "pelicanconf.py", site / "output") == 0
    packs = sorted((cache_dir(site) / "markup").rglob("pack-*.json"))
    stored = {}
    for pack in packs:
        stored.update(json.loads(pack.read_text(encoding="utf-8")))
    manifest = json.loads((site / "output" / "build.json").read_text(encoding="utf-8"))
    pages = len(list((site / "content" / "pages").glob("*.md")))
    assert len(stored) == manifest["items"] + pages  # every published body, once
    assert build(site, site / "pelicanconf.py", site / "output") == 0
    assert sorted((cache_dir(site) / "markup").rglob("pack-*.json")) == packs  # all hits: no pack added
