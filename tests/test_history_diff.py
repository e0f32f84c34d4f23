"""The pure diff of two CSV versions (history/diff.py), on rows given in memory: what old,
never-validated versions may hold (repeated keys, ragged rows, other columns) and exact results."""

from __future__ import annotations

import contextlib

from gongkai.history.diff import diff_and_index


def version(*rows):
    return lambda: contextlib.nullcontext(iter([list(row) for row in rows]))


def summary(diff):
    return [(change.kind, change.key, change.number, change.cells, change.changes) for change in diff.rows]


def test_keyed_diff_lists_added_changed_and_removed_rows():
    old = version(["id", "v"], ["1", "a"], ["2", "b"], ["3", "c"])
    new = version(["id", "v"], ["1", "a"], ["3", "C"], ["4", "d"])
    diff = diff_versions(old, new, ["id"])
    assert diff.keyed and (diff.rows_before, diff.rows_after) == (3, 3)
    assert diff.counts == {"added": 1, "removed": 1, "changed": 1}
    assert summary(diff) == [("changed", ["3"], 2, ["3", "C"], [["v", "c", "C"]]),
                             ("added", ["4"], 3, ["4", "d"], []),
                             ("removed", ["2"], 2, ["2", "b"], [])]


def test_a_repeated_key_in_an_old_version_falls_back_to_whole_rows():
    old = version(["id", "v"], ["1", "a"], ["1", "b"])
    new = version(["id", "v"], ["1", "a"])
    diff = diff_versions(old, new, ["id"])
    assert not diff.keyed and "主键有重复" in diff.note
    assert summary(diff) == [("removed", [], 2, ["1", "b"], [])]


def test_added_and_removed_columns_are_reported_once_not_as_changed_rows():
    old = version(["id", "v", "gone"], ["1", "a", "x"])
    new = version(["id", "v", "new"], ["1", "a", "y"])
    diff = diff_versions(old, new, ["id"])
    assert (diff.added_columns, diff.removed_columns) == (["new"], ["gone"])
    assert diff.rows == [] and diff.counts == {"added": 0, "removed": 0, "changed": 0}


def test_ragged_and_blank_rows_do_not_break_the_comparison():
    old = version(["id", "v"], ["1"], [], ["2", "b", "extra"])
    new = version(["id", "v"], ["1", ""], ["2", "B"])
    diff = diff_versions(old, new, ["id"])
    assert summary(diff) == [("changed", ["2"], 2, ["2", "B"], [["v", "b", "B"]])]


def test_a_version_without_the_key_column_is_compared_by_whole_rows():
    old = version(["v"], ["a"], ["b"])
    new = version(["id", "v"], ["1", "a"], ["2", "c"])
    diff = diff_versions(old, new, ["id"])
    assert not diff.keyed and "缺少主键列" in diff.note
    assert [(kind, cells) for kind, _, _, cells, _ in summary(diff)] == [("added", ["2", "c"]), ("removed", ["b"])]


def test_a_composite_key_names_each_part():
    old = version(["y", "t", "n"], ["2024", "甲", "1"])
    new = version(["y", "t", "n"], ["2024", "甲", "2"])
    diff = diff_versions(old, new, ["y", "t"])
    assert summary(diff) == [("changed", ["2024", "甲"], 1, ["2024", "甲", "2"], [["n", "1", "2"]])]


def diff_versions(open_old, open_new, key_fields):
    return diff_and_index(open_old, open_new, key_fields)[0]
