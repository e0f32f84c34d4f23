"""The one font every chart is measured and drawn with: Noto Sans CJK SC from the build machine,
handed to vl-convert under a family name no other font has, and subsetted into each drawn chart.

vl-convert lays a chart out with the widths of the font it measures; a browser draws the SVG with
whatever its own `sans-serif` is. When the two differ, labels are cut at the edge of the chart or
run into each other. So the chart's text names a font that the SVG itself carries: exactly the
glyphs the chart uses, cut from the very file vl-convert measured with.
"""

from __future__ import annotations

import base64
import copy
import functools
import hashlib
import io
import json
import os
import re
import shutil
import tempfile
import time
import unicodedata
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

# The family vl-convert measures with. No installed font has this name, so no other font can
# stand in for it (fontdb would otherwise pick whichever "Noto Sans CJK SC" it found first).
FAMILY = "Gongkai Chart Sans"
SOURCE_FAMILIES = ("Noto Sans CJK SC", "Source Han Sans SC")  # the same design under two names
STYLES = {"Regular": 400, "Bold": 700}
FONT_DIRS = "GONGKAI_CHART_FONT_DIRS"  # os.pathsep-separated folders searched instead of the usual ones
FONT_FILE = re.compile(r"(notosanscjk|sourcehansans).*\.(otf|otc|ttc|ttf)$", re.IGNORECASE)
# Raised whenever the measuring copies would be made differently (their cache folder changes).
COPY_FORMAT = "2"
# Copyright, names, version and licence (IDs 13, 14): the OFL asks every copy to carry them.
KEPT_NAME_IDS = (0, 1, 2, 3, 4, 5, 6, 13, 14)
# HarfBuzz's default features for horizontal text, which vl-convert's shaper (rustybuzz) applies
# when it measures. Nothing else is kept: Chromium uses `halt`/`chws` to trim CJK punctuation
# (text-spacing-trim), which would draw "稿）》" narrower than it was measured.
LAYOUT_FEATURES = ("abvm", "blwm", "calt", "ccmp", "clig", "curs", "dist", "kern", "liga", "locl", "mark",
                   "mkmk", "rclt", "rlig")
# Characters that are never drawn and need no glyph (controls, zero-width and bidi marks).
UNDRAWN = {"Cc", "Cf", "Zl", "Zp"}
LIBRARIES = ("vl-convert-python", "uharfbuzz", "fonttools", "brotli")


class FontMissing(Exception):
    """The build machine has no Noto Sans CJK SC (Regular and Bold) to measure and embed."""


class MissingGlyph(ValueError):
    """A chart's text holds a character the chart font cannot draw."""


@dataclass(frozen=True)
class Face:
    path: Path
    index: int  # the face's number inside a collection (.ttc); 0 for a single font
    size: int
    mtime_ns: int


def font_dirs() -> list[Path]:
    """Where fonts are installed, system folders first (what CI and servers have), then the user's."""
    configured = os.environ.get(FONT_DIRS)
    if configured is not None:
        return [Path(part) for part in configured.split(os.pathsep) if part]
    home = Path.home()
    shared = os.environ.get("XDG_DATA_DIRS") or "/usr/local/share:/usr/share"
    folders = [Path(part) / "fonts" for part in shared.split(":") if part]
    folders += [Path("/Library/Fonts"), Path("/System/Library/Fonts")]
    if os.name == "nt":
        folders.append(Path(os.environ.get("WINDIR", r"C:\Windows")) / "Fonts")
    folders += [Path(os.environ.get("XDG_DATA_HOME") or home / ".local" / "share") / "fonts", home / ".fonts",
                home / "Library" / "Fonts"]
    return folders


@functools.cache
def source_faces() -> dict[str, Face]:
    """{"Regular": Face, "Bold": Face} of the first Noto Sans CJK SC (or Source Han Sans SC) found,
    in font_dirs() order and sorted file names; FontMissing when either style is not installed."""
    from fontTools.ttLib import TTCollection, TTFont

    found: dict[str, Face] = {}
    for folder in font_dirs():
        if not folder.is_dir():
            continue
        for path in sorted(p for p in folder.rglob("*") if FONT_FILE.search(p.name) and p.is_file()):
            try:
                fonts = (TTCollection(path, lazy=True).fonts if path.suffix.lower() in (".ttc", ".otc")
                         else [TTFont(path, lazy=True)])
                names = [(font["name"].getDebugName(16) or font["name"].getDebugName(1),
                          font["name"].getDebugName(17) or font["name"].getDebugName(2)) for font in fonts]
            except Exception:  # noqa: BLE001 - a damaged or unreadable font file is simply not a candidate
                continue
            for index, (family, style) in enumerate(names):
                if family in SOURCE_FAMILIES and style in STYLES and style not in found:
                    stat = path.stat()
                    found[style] = Face(path, index, stat.st_size, stat.st_mtime_ns)
            if len(found) == len(STYLES):
                return found
    raise FontMissing(
        "没有找到绘制图表用的字体 Noto Sans CJK SC（常规体和粗体）。请安装 fonts-noto-cjk"
        "（Debian/Ubuntu：apt-get install fonts-noto-cjk），或把字体所在的文件夹写进环境变量 "
        f"{FONT_DIRS}")


@functools.cache
def identity() -> str:
    """What the drawn SVG depends on besides the spec: the font files and the libraries' versions
    (a chart cache key that lacked them would keep charts drawn with an older font)."""
    try:
        faces = source_faces()
    except FontMissing:
        faces = {}
    return json.dumps({"faces": {style: [str(face.path), face.index, face.size, face.mtime_ns]
                                 for style, face in sorted(faces.items())},
                       "libraries": {name: metadata.version(name) for name in LIBRARIES},
                       "format": COPY_FORMAT}, sort_keys=True)


def measuring_dir() -> Path:
    """A folder holding the source faces renamed to FAMILY, for vl_convert.register_font_directory.
    Made once per font version in the user's cache folder (about 35 MB), shared by every build."""
    faces = source_faces()
    key = hashlib.sha256(identity().encode("utf-8")).hexdigest()[:24]
    base = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "gongkai" / "chart-fonts"
    folder = base / key
    files = [folder / _file_name(style) for style in STYLES]
    if all(path.is_file() for path in files):
        return folder
    base.mkdir(parents=True, exist_ok=True)
    _tidy(base, keep=key)
    scratch = Path(tempfile.mkdtemp(prefix=f".{key}-", dir=base))
    for style, face in faces.items():
        _renamed_copy(face, style, scratch / _file_name(style))
    try:
        os.rename(scratch, folder)  # atomic: a concurrent worker either sees the whole folder or none
    except OSError:
        if not all(path.is_file() for path in files):
            raise
        for path in scratch.iterdir():  # another worker made the same copies meanwhile
            path.unlink()
        scratch.rmdir()
    return folder


def _tidy(base: Path, keep: str) -> None:
    """Remove the copies of other font or library versions, and what a killed worker left half
    made (over an hour old: a copy takes seconds), so that the cache holds one version."""
    for folder in sorted(base.iterdir()):
        stale = folder.name.startswith(".") and time.time() - folder.stat().st_mtime > 3600
        if folder.is_dir() and not folder.is_symlink() and (stale or not folder.name.startswith((".", keep))):
            shutil.rmtree(folder, ignore_errors=True)


def _file_name(style: str) -> str:
    return f"{FAMILY.replace(' ', '')}-{style}.otf"


def _renamed_copy(face: Face, style: str, target: Path) -> None:
    """The face under FAMILY, Simplified Chinese by default; every other table is copied as it is."""
    from fontTools.ttLib import TTFont

    font = TTFont(face.path, fontNumber=face.index, lazy=True, recalcBBoxes=False, recalcTimestamp=False)
    _chinese_by_default(font)
    names = font["name"]
    names.names = [record for record in names.names if record.nameID not in (16, 17, 21, 22)]
    for record in names.names:
        if record.nameID == 1:
            record.string = FAMILY
        elif record.nameID == 4:
            record.string = f"{FAMILY} {style}"
        elif record.nameID == 6:
            record.string = f"{FAMILY.replace(' ', '')}-{style}"
    font.save(target, reorderTables=False)


def _chinese_by_default(font) -> None:
    """Make the Simplified Chinese language system (ZHS) every script's default. The page is
    zh-CN, so Chromium shapes with ZHS, whose `locl` gives “—” and the quotes their full-width
    Chinese forms; vl-convert shapes with no language at all. With ZHS as the default both get the
    same glyphs, and the same widths."""
    for tag in ("GSUB", "GPOS"):
        if tag not in font:
            continue
        records = font[tag].table.ScriptList.ScriptRecord
        chinese = {record.ScriptTag: language.LangSys for record in records
                   for language in record.Script.LangSysRecord if language.LangSysTag == "ZHS "}
        for record in records:
            language = chinese.get(record.ScriptTag) or chinese.get("hani")
            if language is not None:
                record.Script.DefaultLangSys = copy.deepcopy(language)


@functools.cache
def _face(path: Path):
    import uharfbuzz

    return uharfbuzz.Face(uharfbuzz.Blob.from_file_path(str(path)))


def _weight(value: str | None) -> int:
    """The face a browser picks for a CSS font-weight among 400 and 700 (CSS font matching, which
    fontdb follows too): 600 and above take the bold face."""
    if value in ("bold", "bolder"):
        return 700
    return 700 if value and value.isdigit() and int(value) >= 600 else 400


def embed(root: ET.Element, family: str) -> None:
    """Give every <text> of a drawn chart (as vl-convert wrote it: measured with FAMILY) the font
    `family`, defined by a <style> that carries the subset of each face the chart uses as WOFF2."""
    folder = measuring_dir()
    texts = [element for element in root.iter() if element.tag == "text"]
    used: dict[int, set[str]] = {weight: set() for weight in STYLES.values()}
    for element in texts:
        used[_weight(element.get("font-weight"))].update("".join(element.itertext()))
        element.set("font-family", f"{family}, sans-serif")
    rules = []
    for style, weight in STYLES.items():
        characters = {c for c in used[weight] if unicodedata.category(c) not in UNDRAWN}
        if not characters:
            continue
        face = _face(folder / _file_name(style))
        covered = face.unicodes
        missing = sorted(c for c in characters if ord(c) not in covered)
        if missing:
            listed = "、".join(f"“{c}”（U+{ord(c):04X}）" for c in missing[:5])
            raise MissingGlyph(f"图表文字中的 {listed} 不在图表字体 Noto Sans CJK SC 中，浏览器只能换用别的字体来画，"
                               "文字会与图表量出的宽度不符；请换用常用字，或去掉这些字符")
        data = base64.b64encode(_woff2(folder / _file_name(style), frozenset(characters))).decode("ascii")
        rules.append(f'@font-face{{font-family:"{family}";font-weight:{weight};'
                     f'src:url(data:font/woff2;base64,{data}) format("woff2")}}')
    if rules:
        style_element = ET.Element("style")
        style_element.text = "".join(rules)
        root.insert(0, style_element)


@functools.lru_cache(maxsize=64)
def _woff2(path: Path, characters: frozenset[str]) -> bytes:
    """The glyphs of `characters` (and what the kept features reach from them) as a WOFF2 font.
    Kept for the worker's next charts: charts of one site often share their labels, and WOFF2's
    Brotli compression is most of the cost of embedding a font (tens of ms)."""
    import uharfbuzz
    from fontTools.ttLib import woff2

    face = _face(path)
    subset_input = uharfbuzz.SubsetInput()
    for character in sorted(characters):
        subset_input.unicode_set.add(ord(character))
    for name_id in KEPT_NAME_IDS:
        subset_input.name_id_set.add(name_id)
    features = subset_input.layout_feature_tag_set
    features.clear()
    for tag in LAYOUT_FEATURES:
        features.add(_tag(tag))
    # Vertical metrics and the baseline table: a chart's text is never set vertically.
    for tag in ("vhea", "vmtx", "VORG", "BASE"):
        subset_input.drop_table_tag_set.add(_tag(tag))
    subset_input.flags = uharfbuzz.SubsetFlags.NO_HINTING | uharfbuzz.SubsetFlags.DESUBROUTINIZE
    subset = uharfbuzz.subset(face, subset_input)
    if subset is None:
        raise MissingGlyph("图表字体无法截取所需的字形")
    result = io.BytesIO()
    woff2.compress(io.BytesIO(bytes(subset.blob.data)), result)
    return result.getvalue()


def _tag(name: str) -> int:
    """An OpenType tag as HarfBuzz's sets hold it."""
    return int.from_bytes(name.encode("ascii"), "big")
