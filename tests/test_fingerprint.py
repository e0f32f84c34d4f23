"""fastpath/fingerprint.py: values that differ have different fingerprints, values that are the
same (however they are held) have the same one. Reuse keys are only as good as this."""

import dataclasses
import datetime as dt
import decimal
from pathlib import PurePosixPath

import pytest

from gongkai.fastpath.fingerprint import fingerprint


@dataclasses.dataclass
class Record:
    name: str
    values: list
    other: object = None


@dataclasses.dataclass
class Other:
    name: str
    values: list


# Pairs that must not collide: the boundaries between strings, the types of equal-looking
# scalars, the shape of containers, the names of fields and of record types.
DIFFERENT = [
    (["ab", "c"], ["a", "bc"]),
    (["a\x00", "b"], ["a", "\x00b"]),
    ("1", 1),
    (1, True),
    (0, False),
    (1, 1.0),
    (None, "None"),
    ("s1:x", ["x"]),
    (decimal.Decimal("1.0"), decimal.Decimal("1.00")),
    (dt.date(2026, 11, 28), "2026-11-28"),
    (dt.date(2026, 11, 28), dt.datetime(2026, 11, 28)),
    ([1, [2, 3]], [[1, 2], 3]),
    ({"a": 1, "b": 2}, {"a": 2, "b": 1}),
    ({"a": 1}, [("a", 1)]),
    ({1, 2}, [1, 2]),
    ([], {}),
    (Record("a", [1]), Other("a", [1])),
    (Record("a", [1]), Record("a", [1], other="x")),
    (b"a", "a"),
    ("\ud800", "\ufffd"),  # a lone surrogate (a file name may hold one) is not replaced
    (PurePosixPath("/site/a.md"), PurePosixPath("/site/b.md")),
]


@pytest.mark.parametrize("left, right", DIFFERENT, ids=[repr(pair)[:40] for pair in DIFFERENT])
def test_values_that_differ_have_different_fingerprints(left, right):
    assert fingerprint(left) != fingerprint(right)


def test_the_same_value_has_the_same_fingerprint_however_it_is_held():
    assert fingerprint({"a": 1, "b": [2, 3]}) == fingerprint({"b": [2, 3], "a": 1})  # order of a dict
    assert fingerprint({3, 1, 2}) == fingerprint(frozenset({2, 3, 1}))
    assert fingerprint((1, "x")) == fingerprint([1, "x"])
    shared = ["x"]
    assert fingerprint(Record("a", [shared, shared])) == fingerprint(Record("a", [["x"], ["x"]]))


def test_paths_are_taken_relative_to_the_site_root():
    """A key must not depend on where the checkout lives (keys are published in build.json)."""
    one = fingerprint(PurePosixPath("/home/a/site/content/x.md"), PurePosixPath("/home/a/site"))
    two = fingerprint(PurePosixPath("/srv/b/site/content/x.md"), PurePosixPath("/srv/b/site"))
    assert one == two


def test_a_record_named_by_stop_is_not_walked():
    inner = Record("inner", [1])
    name = lambda value: f"record:{value.name}" if isinstance(value, Record) and value.name == "inner" else None
    before = fingerprint(Record("outer", [inner]), stop=name)
    inner.values.append(2)  # the record's contents do not count, only its name
    assert fingerprint(Record("outer", [inner]), stop=name) == before
    assert fingerprint(Record("outer", [inner])) != before


def test_a_cycle_without_a_name_is_refused():
    loop = Record("a", [])
    loop.values.append(loop)
    with pytest.raises(ValueError, match="cycle"):
        fingerprint(loop)


def test_an_unknown_type_is_refused_not_guessed():
    with pytest.raises(TypeError, match="no fingerprint for object"):
        fingerprint([object()])
