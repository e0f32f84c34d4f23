"""core/jsonout.py writes exactly what json.dumps(ensure_ascii=False, indent=n, sort_keys=True)
writes: checked against the standard library on every JSON document of the sample build and on
generated values with the characters and numbers that need care."""

import io
import json
import random

import pytest

from gongkai.core.jsonout import dump_list, dumps


def standard(value, indent=2):
    return json.dumps(value, ensure_ascii=False, indent=indent, sort_keys=True)


def test_every_json_document_of_the_sample_build_is_written_alike(sample_build):
    _, output = sample_build
    documents = sorted(output.rglob("*.json")) + sorted(output.rglob("*.jsonld"))
    assert len(documents) >= 20
    for path in documents:
        value = json.loads(path.read_text(encoding="utf-8"))
        for indent in (1, 2):
            assert dumps(value, indent) == standard(value, indent), path.relative_to(output)


TRICKY_STRINGS = ["", "a", "\"", "\\", "/", "\n\r\t\b\f", "\x00\x01\x1f\x7f", "\u2028\u2029", "溪桥县",
                  "\ud800", "😀", "\ufeff", "</script>", "a\"b\\c"]
NUMBERS = [0, -1, 2**63, -(2**70), 0.0, -0.0, 1.5, 1e16, 1e-7, 123456789.123, float("nan"), float("inf"),
           float("-inf"), 3.141592653589793]


def generated(rng: random.Random, depth: int = 0):
    kind = rng.randrange(8 if depth < 4 else 5)
    if kind == 0:
        return rng.choice(TRICKY_STRINGS) + rng.choice(TRICKY_STRINGS)
    if kind == 1:
        return rng.choice(NUMBERS)
    if kind == 2:
        return rng.choice([None, True, False])
    if kind == 3:
        return rng.choice([[], {}, ()])
    if kind == 4:
        return rng.randrange(-1000, 1000)
    if kind == 5:
        return [generated(rng, depth + 1) for _ in range(rng.randrange(1, 5))]
    if kind == 6:
        return tuple(generated(rng, depth + 1) for _ in range(rng.randrange(1, 4)))
    return {rng.choice(TRICKY_STRINGS) + str(n): generated(rng, depth + 1) for n in range(rng.randrange(1, 5))}


@pytest.mark.parametrize("seed", range(40))
def test_generated_values_are_written_alike(seed):
    rng = random.Random(seed)
    for _ in range(25):
        value = generated(rng)
        assert dumps(value) == standard(value)


def test_values_the_standard_encoder_treats_specially_are_left_to_it():
    class Text(str):
        pass

    for value in [{1: "a", 2: "b"}, {"a": Text("x")}, [Text("y")], {None: 1}]:
        assert dumps(value) == standard(value)
    with pytest.raises(TypeError):
        dumps({"a": object()})
    loop: list = []
    loop.append(loop)
    with pytest.raises(ValueError, match="Circular"):
        dumps(loop)


def streamed(elements, indent=2) -> str:
    out = io.StringIO()
    dump_list(iter(elements), out, indent)
    return out.getvalue()


@pytest.mark.parametrize("seed", range(20))
def test_a_list_written_element_by_element_is_the_standard_text(seed):
    rng = random.Random(1000 + seed)
    for length in (0, 1, 2, 7, 5000):  # 5000: written out in several pieces
        elements = [generated(rng) for _ in range(length)]
        for indent in (1, 2):
            assert streamed(elements, indent) == standard(elements, indent)


def test_an_element_the_standard_encoder_treats_specially_is_written_by_it_in_its_place():
    class Text(str):
        pass

    elements = [{"a": [1, {"b": 2}]}, {1: "a", 2: {"y": [Text("z")]}}, [Text("y"), {"k": None}], "end"]
    assert streamed(elements) == standard(elements)
