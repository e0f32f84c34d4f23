"""Atom feeds of dataset updates, read with feedparser: each entry says what changed and links
the changes page and the files as published."""

from __future__ import annotations

from urllib.parse import unquote

import feedparser
import yaml

from support import HISTORY_DATASET, REPO

BASE = "http://127.0.0.1:8000/"


def parsed(output, name):
    feed = feedparser.parse((output / name).read_bytes())
    assert not feed.bozo, feed.bozo_exception
    return feed


def test_site_feed_has_an_entry_per_dataset_revision_with_what_changed(sample_build):
    _, output = sample_build
    feed = parsed(output, "feeds/datasets.atom.xml")
    datasets = sorted(path.parent.name for path in (REPO / "datasets").glob("*/datapackage.yaml"))
    # The sample's history: one first commit with every dataset, and one later commit changing one.
    assert len(feed.entries) == len(datasets) + 1
    newest = feed.entries[0]
    assert newest.updated.startswith("2026-10-20T15:30:00+08:00")
    assert "新增 2 行，修改 1 行" in newest.summary
    assert newest.link == f"{BASE}datasets/{HISTORY_DATASET}/changes/#commit-" + newest.id.rsplit("#commit-", 1)[1]
    files = [link.href for link in newest.links if link.rel == "related"]
    assert {href.rsplit(".", 1)[1] for href in files} == {"csv", "xlsx", "json"}
    for href in files:
        assert href.startswith(BASE) and (output / unquote(href.removeprefix(BASE))).is_file()
    firsts = [entry for entry in feed.entries[1:]]
    assert all("首次发布" in entry.title for entry in firsts)
    assert len({entry.id for entry in feed.entries}) == len(feed.entries)


def test_each_agency_has_a_dataset_feed_with_its_own_datasets(sample_build):
    _, output = sample_build
    publishers = {}
    for path in (REPO / "datasets").glob("*/datapackage.yaml"):
        source = yaml.safe_load(path.read_text(encoding="utf-8"))
        publishers.setdefault(source["publisher"], set()).add(source["name"])
    agencies = [a["id"] for a in yaml.safe_load((REPO / "content" / "agencies.yaml").read_text(encoding="utf-8"))]
    for agency in agencies:
        feed = parsed(output, f"feeds/agencies/{agency}/datasets.atom.xml")
        names = {entry.link.removeprefix(f"{BASE}datasets/").split("/", 1)[0] for entry in feed.entries}
        assert names == publishers.get(agency, set()), agency
        assert feed.feed.title.endswith("数据集更新")
