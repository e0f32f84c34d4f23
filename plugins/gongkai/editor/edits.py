"""How a save from the editor becomes the new bytes of a source file.

What Decap sends is read with our strict reader and merged key by key into the file as written:
only the keys the form may edit are taken, an unchanged key keeps its text (comments, quoting,
order), a changed key is rewritten in place from data (PyYAML, never a string template). A save
without changes therefore leaves the file byte-identical.
"""

from __future__ import annotations

import datetime as dt
import json

import yaml

from ..core import frontmatter, yamlstrict
from ..core.schema import TableSchema, parse_iso_date
from . import config as editor_config

REMOVE = object()  # a change that deletes the key


class EditRefused(Exception):
    """The submission cannot become a file (it does not parse, or it changes what may not change)."""

    def __init__(self, message: str, field: str = "", label: str = ""):
        super().__init__(message)
        self.message, self.field, self.label = message, field, label


# --- reading a submission -----------------------------------------------------------------------

def read_item_submission(raw: str, rel: str) -> tuple[dict, str]:
    """(front matter values, body) of what Decap sends for an item."""
    raw = raw.replace("\r\n", "\n")
    parts, problems = frontmatter.split(raw, rel)
    if parts is None:
        raise EditRefused("编辑器发来的内容没有信息区（---），无法保存。请刷新页面后重试。")
    doc, problems = yamlstrict.load(parts.yaml_text, rel, line_offset=parts.yaml_first_line - 1)
    if doc is None or not isinstance(doc.value, (dict, type(None))):
        detail = problems[0].message if problems else ""
        raise EditRefused(f"编辑器发来的信息区无法读取：{detail}")
    return doc.value or {}, parts.body


def read_yaml_submission(raw: str, rel: str) -> dict:
    doc, problems = yamlstrict.load(raw.replace("\r\n", "\n"), rel)
    if doc is None or not isinstance(doc.value, dict):
        detail = problems[0].message if problems else ""
        raise EditRefused(f"编辑器发来的内容无法读取：{detail}")
    return doc.value


def clean(value):
    """Empty means absent: None, "", [] and {} (also inside lists and mappings) are dropped."""
    if isinstance(value, str):
        return value if value != "" else None
    if isinstance(value, list):
        items = [item for item in (clean(v) for v in value) if item is not None]
        return items or None
    if isinstance(value, dict):
        items = {k: v for k, v in ((k, clean(v)) for k, v in value.items()) if v is not None}
        return items or None
    return value


# --- disclosure items ---------------------------------------------------------------------------

def item_text(original: str | None, submitted: dict, body: str, schema: TableSchema) -> str | None:
    """The new text of an item file: a fresh file, or the original with only the changed keys
    rewritten; None when the submission changes nothing."""
    if original is None:
        values = {}
        for spec in schema.fields:
            value = clean(submitted.get(spec.name))
            if value is not None and value != _implicit(spec):
                values[spec.name] = value
        front = "".join(dump_pair(key, _typed(schema, key, value)) + "\n" for key, value in values.items())
        body = body.strip("\n")
        return "---\n" + front + "---\n" + ("\n" + body + "\n" if body else "")
    parts, _ = frontmatter.split(original, "")
    if parts is None:
        raise EditRefused("原文件没有合规的信息区，编辑器无法修改它。请先用文本编辑器修正（见 gongkai check 的提示）。")
    old_doc, _ = yamlstrict.load(parts.yaml_text, "")
    if old_doc is None or not isinstance(old_doc.value, (dict, type(None))):
        raise EditRefused("原文件的信息区无法读取，编辑器无法修改它。请先用文本编辑器修正（见 gongkai check 的提示）。")
    old = old_doc.value or {}
    changes = []
    for spec in schema.fields:
        before, after = clean(old.get(spec.name)), clean(submitted.get(spec.name))
        if spec.name not in old and after == _implicit(spec):
            after = None  # the default written out means the same as leaving the key away
        if before != after:
            changes.append(((spec.name,), REMOVE if after is None else _typed(schema, spec.name, after)))
    old_body = parts.body
    if not changes and body.strip() == old_body.strip():
        return None
    front = patch(parts.yaml_text, changes, order=[spec.name for spec in schema.fields])
    new_body = old_body if body.strip() == old_body.strip() else "\n" + body.strip("\n") + "\n"
    lines = original.split("\n")
    head = "\n".join(lines[:parts.yaml_first_line - 1]) + "\n"  # the opening fence as written
    fence = lines[parts.body_first_line - 2]  # the closing fence as written
    return head + front + fence + "\n" + new_body


def _implicit(spec):
    """The value a missing key stands for."""
    if spec.default is not None:
        return spec.default
    return "false" if spec.type == "boolean" else None


def _typed(schema: TableSchema, key: str, value):
    """Dates and booleans written plain (2024-01-08, true), as a clerk writes them."""
    spec = schema.by_name.get(key)
    if spec is not None and spec.type == "date" and isinstance(value, str):
        return parse_iso_date(value.strip()) or value
    if spec is not None and spec.type == "boolean" and value in spec.true_values + spec.false_values:
        return value in spec.true_values
    return value


# --- dataset descriptors ------------------------------------------------------------------------

def dataset_text(original: str, submitted: dict, rel: str) -> str | None:
    """The descriptor with the form's keys changed and everything else (schemas, views, comments)
    as written; None when the submission changes nothing."""
    doc, _ = yamlstrict.load(original, rel)
    if doc is None or not isinstance(doc.value, dict):
        raise EditRefused("原数据集描述文件无法读取，编辑器无法修改它。请先用文本编辑器修正（见 gongkai check 的提示）。")
    old = doc.value
    changes = []
    for key in editor_config.DATASET_KEYS:
        before, after = clean(old.get(key)), clean(submitted.get(key))
        if key == "open_type" and key not in old and after == editor_config.dataset.DEFAULT_OPEN_TYPE:
            after = None
        if before != after:
            value = after
            if key == "modified" and isinstance(after, str):
                value = parse_iso_date(after.strip()) or after
            changes.append(((key,), REMOVE if after is None else value))
    old_resources = old.get("resources") if isinstance(old.get("resources"), list) else []
    new_resources = submitted.get("resources") if isinstance(submitted.get("resources"), list) else []
    if len(new_resources) != len(old_resources):
        raise EditRefused("编辑器中不能增加或删除数据资源。需要增删资源时，请由管理员修改 datapackage.yaml。",
                          field="resources", label="数据资源")
    for index, (before_item, after_item) in enumerate(zip(old_resources, new_resources)):
        if not isinstance(before_item, dict) or not isinstance(after_item, dict):
            raise EditRefused("数据资源的格式不对，编辑器无法修改。请先用文本编辑器修正（见 gongkai check 的提示）。",
                              field="resources", label="数据资源")
        for key in editor_config.RESOURCE_KEYS:
            before, after = clean(before_item.get(key)), clean(after_item.get(key))
            if before == after:
                continue
            if key == "path":
                name = str(before).rsplit("/", 1)[-1]
                raise EditRefused(
                    f"数据文件的文件名“{name}”是公开的下载地址，不能更改。要更新数据，请把新文件也命名为“{name}”再上传。",
                    field="path", label="数据文件")
            changes.append((("resources", index, key), REMOVE if after is None else after))
    return patch(original, changes, order=list(old)) if changes else None


# --- rewriting YAML in place ----------------------------------------------------------------------

class _Dumper(yaml.SafeDumper):
    """Lists of plain values in flow style ([医保, 缴费标准]); multi-line text as a literal block."""


class Block(list):
    """A list written one item a line, as the file had it."""


class Flow(list):
    """A list written in brackets, as the file had it."""


def _represent_list(dumper, data):
    flow = all(isinstance(item, (str, int, float, bool, dt.date)) for item in data)
    return dumper.represent_sequence("tag:yaml.org,2002:seq", data, flow_style=flow)


def _represent_styled(dumper, data):
    return dumper.represent_sequence("tag:yaml.org,2002:seq", list(data), flow_style=isinstance(data, Flow))


def _represent_str(dumper, data):
    style = "|" if "\n" in data else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", data, style=style)


_Dumper.add_representer(list, _represent_list)
_Dumper.add_representer(Block, _represent_styled)
_Dumper.add_representer(Flow, _represent_styled)
_Dumper.add_representer(str, _represent_str)


def dump_pair(key: str, value) -> str:
    """`key: value` (several lines for a block), without the final newline."""
    text = yaml.dump({key: value}, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=4096,
                     default_flow_style=False)
    return text.rstrip("\n")


def dump_inline(value) -> str:
    """One scalar on one line, for a key inside a nested mapping."""
    if isinstance(value, str) and "\n" in value:
        return json.dumps(value, ensure_ascii=False)  # a JSON string is a YAML double-quoted scalar
    return dump_pair("k", value)[3:]


def _end(text: str, node) -> int:
    """Where a value really ends: a block node's end mark lies at the next key, past blank and
    comment lines that belong to what follows."""
    start = node.start_mark.index
    lines = text[start:node.end_mark.index].split("\n")
    while len(lines) > 1 and (lines[-1].strip() == "" or lines[-1].lstrip().startswith("#")):
        lines.pop()
    return start + len("\n".join(lines).rstrip(" \t"))


def _line_start(text: str, index: int) -> int:
    return text.rfind("\n", 0, index) + 1


def patch(text: str, changes: list, order: list[str]) -> str:
    """Apply [(key path, new value or REMOVE)] to YAML `text`, touching nothing else.

    Top-level keys are rewritten as whole `key: value` blocks; deeper keys (a dataset's resources)
    only have their scalar replaced, kept on their line."""
    if not changes:
        return text
    root = yaml.compose(text, Loader=yaml.SafeLoader) if text.strip() else None
    if root is not None and not isinstance(root, yaml.MappingNode):
        raise EditRefused("文件的最外层不是“键: 值”的映射，编辑器无法修改它。")
    edits = []  # (start, end, replacement)
    pairs = {key.value: (key, value) for key, value in root.value} if root is not None else {}
    for path, value in changes:
        if len(path) == 1:
            edits.append(_top_level_edit(text, pairs, path[0], value, order))
        else:
            edits.append(_nested_edit(text, pairs, path, value))
    for start, end, replacement in sorted(edits, key=lambda edit: (edit[0], edit[1]), reverse=True):
        text = text[:start] + replacement + text[end:]
    return text


def _top_level_edit(text, pairs, key, value, order):
    if key in pairs:
        key_node, value_node = pairs[key]
        start = key_node.start_mark.index
        end = _end(text, value_node)
        if value is REMOVE:
            begin = _line_start(text, start)
            stop = text.find("\n", end)
            return begin, len(text) if stop < 0 else stop + 1, ""
        if isinstance(value, list) and isinstance(value_node, yaml.SequenceNode):
            value = (Flow if value_node.flow_style else Block)(value)  # keep the file's list style
        return start, end, dump_pair(key, value)
    if value is REMOVE:
        return 0, 0, ""
    before = [name for name in order[:order.index(key)] if name in pairs] if key in order else list(pairs)
    if before:
        _, anchor = pairs[before[-1]]
        position = _end(text, anchor)
        return position, position, "\n" + dump_pair(key, value)
    if pairs:
        first_key = min((k for k, _ in pairs.values()), key=lambda node: node.start_mark.index)
        position = _line_start(text, first_key.start_mark.index)
        return position, position, dump_pair(key, value) + "\n"
    return len(text), len(text), dump_pair(key, value) + "\n"


def _nested_edit(text, pairs, path, value):
    node = pairs[path[0]][1]
    for step in path[1:-1]:
        if isinstance(step, int) and isinstance(node, yaml.SequenceNode) and step < len(node.value):
            node = node.value[step]
        elif isinstance(step, str) and isinstance(node, yaml.MappingNode):
            node = next(v for k, v in node.value if k.value == step)
        else:
            raise EditRefused("文件的结构与编辑器看到的不一致，请刷新页面后重试。")
    if not isinstance(node, yaml.MappingNode) or not node.value:
        raise EditRefused("文件的结构与编辑器看到的不一致，请刷新页面后重试。")
    key = path[-1]
    found = next(((k, v) for k, v in node.value if k.value == key), None)
    if found is not None:
        key_node, value_node = found
        end = _end(text, value_node)
        prefix = text[_line_start(text, key_node.start_mark.index):key_node.start_mark.index]
        if value is REMOVE and prefix.strip() == "":
            begin = _line_start(text, key_node.start_mark.index)
            stop = text.find("\n", end)
            return begin, len(text) if stop < 0 else stop + 1, ""
        return value_node.start_mark.index, end, dump_inline("" if value is REMOVE else value)
    if value is REMOVE:
        return 0, 0, ""
    first_key = node.value[0][0]
    indent = " " * first_key.start_mark.column
    position = _end(text, node.value[-1][1])
    return position, position, f"\n{indent}{key}: {dump_inline(value)}"
