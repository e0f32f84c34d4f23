"""The catalogue of problem codes (core/codes.py) against the package that uses it, read statically.

Every call that reports a problem names its catalogue key as a string literal, either directly
(`problem(rel, line, column, "yaml-tab")`, `texts("source-missing/file", shown=...)`) or through a
small wrapper of the module (`report("written", "written-after-published", ...)`). The scan finds
the wrappers (functions that pass one of their parameters on as the key of `problem`, `texts` or
another wrapper), then every literal key given to any of them, and checks it against the catalogue
with the keyword arguments the call passes: a code missing from the catalogue, a variant that does
not exist or a placeholder not filled would otherwise be found only when a clerk meets that problem.
"""

from __future__ import annotations

import ast
import functools
import re
import string
from dataclasses import dataclass
from pathlib import Path

import pytest

from gongkai.core import codes
from gongkai.core.codes import CODES, template_names

PACKAGE = Path(__file__).resolve().parents[1] / "plugins" / "gongkai"
CATALOGUE = PACKAGE / "core" / "codes.py"
KEY = re.compile(r"[a-z][a-z0-9]*(?:-[a-z0-9]+)*(?:/[a-z0-9-]*)?")
# problem()'s own keywords: never template placeholders (a placeholder of that name could not be passed).
PROBLEM_KEYWORDS = {"field", "label", "severity"}
# The functions that take a catalogue key, and where: (position of the key, their own keyword names).
ROOTS = {"problem": (3, PROBLEM_KEYWORDS), "texts": (0, set())}


@dataclass
class Call:
    """One literal catalogue key given to problem/texts or a wrapper, and the keywords it came with."""

    where: str
    key: str
    keywords: set[str]
    open_keywords: bool  # **params: the keywords are not all known here


def _modules() -> dict[str, ast.Module]:
    return {path.relative_to(PACKAGE).as_posix(): ast.parse(path.read_text(encoding="utf-8"))
            for path in sorted(PACKAGE.rglob("*.py")) if path != CATALOGUE}


def _called_name(call: ast.Call) -> str | None:
    func = call.func
    return func.id if isinstance(func, ast.Name) else func.attr if isinstance(func, ast.Attribute) else None


def _parameters(function) -> tuple[list[str], set[str]]:
    """(positional parameter names without self, the names a keyword argument binds to)."""
    args = function.args
    positional = [a.arg for a in args.posonlyargs + args.args]
    if positional[:1] == ["self"]:
        positional = positional[1:]
    return positional, {a.arg for a in args.args + args.kwonlyargs}


FUNCTION = (ast.FunctionDef, ast.AsyncFunctionDef)


def _key_position(function, resolve) -> int | None:
    """The position of the parameter `function` passes on as a key to problem/texts/a wrapper."""
    positional, _ = _parameters(function)
    for call in (n for n in ast.walk(function) if isinstance(n, ast.Call)):
        target = resolve(call)
        if target is None or target[0] is None or len(call.args) <= target[0]:
            continue
        key = call.args[target[0]]
        if isinstance(key, ast.Name) and key.id in positional:
            return positional.index(key.id)
    return None


def _local_definitions(scope):
    """The functions a module or function defines in its own body (in loops and ifs too, not in nested functions)."""
    pending = list(ast.iter_child_nodes(scope))
    while pending:
        node = pending.pop()
        if isinstance(node, FUNCTION):
            yield node
        elif not isinstance(node, (ast.ClassDef, ast.Lambda)) and not isinstance(scope, ast.Module):
            pending.extend(ast.iter_child_nodes(node))


def _ancestors(node, parents):
    while node is not None:
        yield node
        node = parents.get(node)


def _scan(modules):
    """Every function definition with its scope, and a resolver from a call to (key position,
    own keywords) of the function it calls, when that function takes a catalogue key."""
    parents = {}
    for tree in modules.values():
        for node in ast.walk(tree):
            for child in ast.iter_child_nodes(node):
                parents[child] = node
    definitions = [node for tree in modules.values() for node in ast.walk(tree) if isinstance(node, FUNCTION)]
    positions: dict = {}

    def callee(call):
        """The definition a call names: the nearest enclosing scope's, else a method or function of that name."""
        name = _called_name(call)
        if name in ROOTS:
            return name
        if isinstance(call.func, ast.Name):
            node = parents.get(call)
            while node is not None:
                if isinstance(node, (ast.Module, *FUNCTION)):
                    for child in _local_definitions(node):
                        if child.name == name:
                            return child
                node = parents.get(node)
            # A wrapper handed to a helper as a parameter of the same name (`_cast_value(..., report)`).
            module = next(n for n in _ancestors(call, parents) if isinstance(n, ast.Module))
            same = [d for d in ast.walk(module) if isinstance(d, FUNCTION) and d.name == name and d in positions]
            return same[0] if len({positions[d] for d in same}) == 1 else None
        if not isinstance(call.func, ast.Attribute):
            return None
        methods = isinstance(call.func.value, ast.Name) and call.func.value.id == "self"
        same = [d for d in definitions if d.name == name and d in positions
                and (not methods or isinstance(parents.get(d), ast.ClassDef))]
        return same[0] if len({positions[d] for d in same}) == 1 else None

    def resolve(call):
        target = callee(call)
        if isinstance(target, str):
            return ROOTS[target]
        if target is None or target not in positions:
            return None
        return positions[target], _parameters(target)[1]

    changed = True
    while changed:  # wrappers of wrappers
        changed = False
        for function in definitions:
            if function not in positions and function.name not in ROOTS:
                position = _key_position(function, resolve)
                if position is not None:
                    positions[function] = position
                    changed = True
    return resolve


def _calls() -> tuple[list[Call], list[str]]:
    """Every literal key given to problem/texts/a wrapper, and every key given that is not a literal."""
    modules = _modules()
    resolve = _scan(modules)
    calls, dynamic = [], []
    for module, tree in modules.items():
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call):
                continue
            target = resolve(node)
            if target is None or len(node.args) <= target[0]:
                continue
            position, own = target
            key = node.args[position]
            where = f"{module}:{node.lineno}"
            if isinstance(key, ast.Constant) and isinstance(key.value, str):
                keywords = {k.arg for k in node.keywords if k.arg is not None} - own - PROBLEM_KEYWORDS
                open_keywords = any(k.arg is None for k in node.keywords)
                calls.append(Call(where, key.value, keywords, open_keywords))
            else:
                dynamic.append(f"{where}: {ast.unparse(key)}")
    return calls, dynamic


CALLS, DYNAMIC = _calls()


def test_the_scan_finds_the_calls_of_every_kind():
    # Without these the tests below would pass on an empty scan.
    keys = {call.key for call in CALLS}
    assert len(CALLS) > 300
    assert {"yaml-tab", "source-missing/file", "written-after-published", "required/field",
            "descriptor-not-mapping", "unknown-key/column"} <= keys


@pytest.mark.parametrize("call", CALLS, ids=lambda call: f"{call.where}:{call.key}")
def test_every_key_given_is_in_the_catalogue_with_its_placeholders(call):
    code, variant, entry = codes.lookup(call.key)  # KeyError: neither the code nor the variant exists
    if not call.open_keywords:
        assert call.keywords == entry.placeholders(variant), (
            f"{call.where}: {call.key} takes {sorted(entry.placeholders(variant))}, given {sorted(call.keywords)}")


def test_every_key_not_written_as_a_literal_is_one_of_the_known_few():
    # A key computed at the call cannot be checked above: each is a wrapper's own parameter, a
    # variable set from literals a few lines up, or a lookup in a table of literal codes (every one
    # of them must still be used: test_every_code_in_the_catalogue_is_used). A new one is named here.
    allowed = {
        "key", "code", "contradicts", "VOCABULARY_CODES[key]", "ATTACHMENT_NAME_CODES[refused.code]",
        "CONSTRAINT_KEYS[constraint]", "CODES[finding.kind] + '/found'", "CODES[finding.kind] + '/published'",
        "CODES[finding.kind] + '/path'", "privacy.CODES[finding.kind] + '/pdf-page'",
    }
    assert sorted(d for d in DYNAMIC if d.split(": ", 1)[1] not in allowed) == []


@functools.cache
def _literals() -> set[str]:
    """Every string constant of the package outside the catalogue, and the fixed start of every f-string."""
    found = set()
    for tree in _modules().values():
        for node in ast.walk(tree):
            if isinstance(node, ast.Constant) and isinstance(node.value, str):
                found.add(node.value)
            elif isinstance(node, ast.JoinedStr) and node.values and isinstance(node.values[0], ast.Constant):
                found.add(node.values[0].value + "{")
            elif isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add) and isinstance(node.right, ast.Constant) \
                    and isinstance(node.right.value, str) and node.right.value.startswith("/"):
                found.add("{}" + node.right.value)  # CODES[kind] + "/found": a variant of codes named elsewhere
    return found


@pytest.mark.parametrize("code", sorted(CODES))
def test_every_code_in_the_catalogue_is_used(code):
    literals = _literals()
    for variant in CODES[code].texts:
        key = f"{code}/{variant}" if variant else code
        assert key in literals or f"{code}/{{" in literals or (code in literals and "{}/" + variant in literals), (
            f"{key} is in the catalogue but no check reports it")


@pytest.mark.parametrize("code", sorted(CODES))
def test_every_template_formats_with_exactly_its_declared_placeholders(code):
    entry = CODES[code]
    for variant, (zh, en) in entry.texts.items():
        declared = entry.placeholders(variant)
        assert declared == template_names(zh) | template_names(en)
        assert not declared & PROBLEM_KEYWORDS, f"{code}/{variant}: a placeholder cannot be called {declared & PROBLEM_KEYWORDS}"
        # Each text on its own formats with the declared names (a stray "{" would raise here).
        for template in (zh, en):
            string.Formatter().vformat(template, (), {name: 1 for name in declared})
        # An English-only twin `x_en` stands for the Chinese `x`: the two say the same thing.
        twins = {name[: -len("_en")] for name in template_names(en) if name.endswith("_en")}
        assert twins <= template_names(zh), f"{code}/{variant}: {sorted(twins - template_names(zh))} missing in Chinese"
        assert zh.strip() and en.strip(), f"{code}/{variant} has an empty text"


def test_the_catalogue_is_sorted_and_holds_only_codes():
    assert list(CODES) == sorted(CODES)
    assert all(KEY.fullmatch(code) and "/" not in code for code in CODES)
    assert all(entry.severity in ("error", "warning") for entry in CODES.values())


def test_texts_refuses_a_missing_or_an_extra_placeholder():
    assert codes.texts("yaml-tag", tag="!!python")[0] == "yaml-tag"
    with pytest.raises(TypeError):
        codes.texts("yaml-tag")
    with pytest.raises(TypeError):
        codes.texts("yaml-tag", tag="!!python", extra=1)
    with pytest.raises(KeyError):
        codes.texts("yaml-tag/no-such-variant", tag="!!python")
