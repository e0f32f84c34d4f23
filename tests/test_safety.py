"""Nothing bad gets published: injected markup never reaches any output, builds are deterministic
and offline."""

import gzip
import hashlib
import os
import random
import re
import shutil
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest

from gongkai.build.build import build
from support import BUILD_EPOCH, REPO, copy_sample_site, write_item

PAYLOAD_BODY = """\
<script>alert('s')</script>
<img src="/guide/" onerror="alert('i')"> <a href="data:text/html,<b>x</b>">数据</a>
[链接](javascript:alert('a')) [大写](JaVaScRiPt:alert(1))
![图](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==) [vb](vbscript:msgbox(1)) <a href="vbscript:msgbox(1)">vb</a>
<iframe src="https://evil.example/"></iframe>
<form action="https://evil.example/"><input name=q></form>
<base href="https://evil.example/">
<meta http-equiv="refresh" content="0;url=https://evil.example/">
<svg onload="alert('v')"><circle r=1 /></svg>
<math><mtext><table><mglyph><style><img src="/guide/" onerror=alert('m')></style></mglyph></table></mtext></math>
<a href="https://example.org/" onclick="alert('c')" style="background:url(javascript:alert(1))">外链</a>
<object data="https://evil.example/x.swf"></object><embed src="https://evil.example/x.swf">
<!-- <script>alert('comment')</script> -->
正常的正文。
"""

DANGEROUS_TAGS = {"script", "iframe", "frame", "object", "embed", "form", "base", "meta", "svg", "math", "style", "link"}
BAD_SCHEME = re.compile(r"^\s*(javascript|data|vbscript)\s*:", re.IGNORECASE)
# What the portal itself legitimately ships: its own scripts, styles, search forms and charts.
OWN_SCRIPT = re.compile(r"^(?:\.\./|\./|/)*(?:theme/js/[a-z-]+\.js|pagefind/pagefind[a-z-]*\.js)$")


# A build-time chart carries its font (gongkai.datasets.chartfont): a <style> of nothing but
# @font-face rules whose source is WOFF2 data inside the page. Anything else in a style is a finding.
CHART_FONTS = re.compile(r'(@font-face\{font-family:"[a-z0-9_-]+";font-weight:[0-9]+;'
                         r'src:url\(data:font/woff2;base64,[A-Za-z0-9+/]+=*\) format\("woff2"\)\})+')


class Scanner(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.findings = []
        self.in_chart = False
        self.chart_style = False

    def handle_endtag(self, tag):
        if tag == "svg":
            self.in_chart = False
        if tag == "style":
            self.chart_style = False

    def handle_data(self, data):
        if self.chart_style and not CHART_FONTS.fullmatch(data):
            self.findings.append(f"<style> in a chart: {data[:80]!r}")

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "style" and self.in_chart and not attrs:
            self.chart_style = True
            return
        for name, value in attrs:
            if name.startswith("on"):
                self.findings.append(f"<{tag} {name}>")
            if name in ("href", "src", "action", "formaction", "data", "xlink:href", "poster") and value:
                cleaned = re.sub(r"[\x00-\x20]", "", value)
                if BAD_SCHEME.match(cleaned):
                    self.findings.append(f"<{tag} {name}={value!r}>")
            if name == "style" and value and "url(" in value.lower():
                self.findings.append(f"<{tag} style={value!r}>")
        if tag in DANGEROUS_TAGS:
            if tag == "script" and OWN_SCRIPT.match(attributes.get("src") or "") and not self.rawdata_has_inline():
                return
            if tag == "script" and attributes == {"type": "application/ld+json"}:
                return  # schema.org data, never run; its content is checked in scan_output
            if tag == "meta" and "http-equiv" not in attributes:
                return
            if tag == "link" and attributes.get("rel") in ("stylesheet", "alternate", "icon"):
                return
            if tag == "form" and (attributes.get("action") or "").endswith("/search/"):
                return
            if tag == "svg" and attributes.get("role") == "img" and attributes.get("aria-labelledby"):
                self.in_chart = True
                return  # a build-time chart
            self.findings.append(f"<{tag} {attributes}>")

    def rawdata_has_inline(self):
        return False


def json_data_block(text: str) -> bool:
    """A JSON-LD block that is pure JSON and holds no "<" (so nothing can end the element early)."""
    import json

    try:
        json.loads(text)
    except ValueError:
        return False
    return "<" not in text


def scan_output(output: Path) -> list[str]:
    findings = []
    for path in sorted(output.rglob("*")):
        if not path.is_file():
            continue
        rel = path.relative_to(output).as_posix()
        if path.suffix == ".html":
            scanner = Scanner()
            text = path.read_text(encoding="utf-8")
            scanner.feed(text)
            findings += [f"{rel}: {finding}" for finding in scanner.findings]
            for match in re.finditer(r"<script\b([^>]*)>(.*?)</script>", text, re.S):
                if match.group(1) == ' type="application/ld+json"' and json_data_block(match.group(2)):
                    continue
                if match.group(2).strip():
                    findings.append(f"{rel}: inline script")
        elif path.suffix in (".json", ".xml", ".txt", ".csv") or path.name.endswith(".pf_fragment"):
            data = path.read_bytes()
            if path.name.endswith(".pf_fragment"):
                data = gzip.decompress(data)
            text = data.decode("utf-8", "replace").lower()
            for marker in ("<script", "onerror", "onload", "javascript:", "vbscript:", "<iframe", "<svg", "evil.example"):
                if marker in text:
                    findings.append(f"{rel}: {marker}")
    return findings


# What marks the lines of PAYLOAD_BODY that embed something from elsewhere: the check refuses those.
EMBEDDING_MARKERS = ("![图](data:", "<iframe", "url(", "<object")


def test_injected_markup_in_bodies_reaches_no_output(mini_site):
    """What the check lets through (scripts, handlers, script links) is removed by the sanitizer."""
    body = "\n".join(line for line in PAYLOAD_BODY.splitlines() if not any(m in line for m in EMBEDDING_MARKERS))
    write_item(mini_site, "2025/payload.md", title="含恶意代码的正文", index_no="11430000MB0000001B/2025-00020", body=body)
    (mini_site / "content" / "pages" / "about.md").write_text("---\ntitle: 关于本站\n---\n" + body, encoding="utf-8")
    output = mini_site / "output"
    assert build(mini_site, mini_site / "pelicanconf.py", output) == 0
    assert "正常的正文" in (output / "disclosures" / "11430000MB0000001B-2025-00020" / "index.html").read_text(encoding="utf-8")
    assert scan_output(output) == []


def test_the_sanitizer_alone_neutralises_the_whole_payload(tmp_path):
    """The backstop behind the check: every payload line, embeds included, rendered and cleaned."""
    from gongkai.core.markup import render_markdown

    (tmp_path / "index.html").write_text(render_markdown(PAYLOAD_BODY), encoding="utf-8")
    assert scan_output(tmp_path) == []


def test_obfuscated_or_relative_links_are_refused_by_the_check(mini_site):
    write_item(mini_site, "2025/payload.md", index_no="11430000MB0000001B/2025-00020",
               body="[制表](java&#x09;script:alert(1))\n\n<embed src=\"evil.swf\">")
    output = mini_site / "output"
    assert build(mini_site, mini_site / "pelicanconf.py", output) == 1
    assert not output.exists()


def test_the_scanner_does_find_payloads(tmp_path):
    """The scan above can fail: unsanitized payloads are caught."""
    (tmp_path / "index.html").write_text("<p>x</p>" + PAYLOAD_BODY, encoding="utf-8")
    (tmp_path / "api.json").write_text('["<script>"]', encoding="utf-8")
    findings = scan_output(tmp_path)
    for expected in ("<script", "onerror", "<iframe", "<form", "<base", "<meta", "<svg", "<math", "onclick",
                     "javascript:", "data:text/html", "vbscript:", "<object", "<embed", "api.json: <script"):
        assert any(expected in finding for finding in findings), expected


def test_the_scanner_lets_a_chart_style_hold_only_its_embedded_fonts(tmp_path):
    chart = '<svg role="img" aria-labelledby="c-title c-desc"><title id="c-title">t</title><style>{}</style></svg>'
    font = '@font-face{font-family:"c-font";font-weight:400;src:url(data:font/woff2;base64,d09GMg==) format("woff2")}'
    for name, style in {"fonts": font * 2, "import": "@import url(https://evil.example/x.css);" + font,
                        "remote": font.replace("data:font/woff2;base64,d09GMg==", "https://evil.example/f.woff2"),
                        "rule": font + "text{fill:url(https://evil.example/p)}"}.items():
        (tmp_path / f"{name}.html").write_text(chart.format(style), encoding="utf-8")
    (tmp_path / "outside.html").write_text(f"<p>x</p><style>{font}</style>", encoding="utf-8")
    assert sorted(finding.split(":")[0] for finding in scan_output(tmp_path)) == [
        "import.html", "outside.html", "remote.html", "rule.html"]


def test_sample_build_is_clean_of_dangerous_markup(sample_build):
    _, output = sample_build
    assert scan_output(output) == []


@pytest.mark.parametrize("field", ["title", "summary"])
def test_payload_in_metadata_stops_the_build_and_changes_nothing(mini_site, field):
    output = mini_site / "output"
    assert build(mini_site, mini_site / "pelicanconf.py", output) == 0
    before = {p: p.read_bytes() for p in output.rglob("*") if p.is_file()}
    sources = {p: p.read_bytes() for p in (mini_site / "content").rglob("*") if p.is_file()}
    if field == "title":
        write_item(mini_site, "2025/payload.md", title='"<img src=x onerror=alert(1)>"', index_no="11430000MB0000001B/2025-00020")
    else:
        write_item(mini_site, "2025/payload.md", index_no="11430000MB0000001B/2025-00020", extra='summary: "<script>alert(1)</script>"\n')
    payload = mini_site / "content" / "disclosures" / "2025" / "payload.md"
    written = payload.read_bytes()
    assert build(mini_site, mini_site / "pelicanconf.py", output) == 1
    assert {p: p.read_bytes() for p in output.rglob("*") if p.is_file()} == before
    assert payload.read_bytes() == written
    assert all(p.read_bytes() == data for p, data in sources.items())


# --- determinism ------------------------------------------------------------------------------

def digest(folder: Path) -> dict:
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def copy_in_order(source: Path, target: Path, reverse: bool) -> None:
    """Create the files in a different order (and so a different directory order) in each copy."""
    files = sorted((p for p in source.rglob("*") if p.is_file()), reverse=reverse)
    for path in files:
        destination = target / path.relative_to(source)
        destination.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(path, destination)


def run_build(root: Path, env_changes: dict) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k not in ("TZ", "LANG", "LC_ALL", "PYTHONHASHSEED")}
    env.update(env_changes, SOURCE_DATE_EPOCH=str(BUILD_EPOCH))
    return subprocess.run([sys.executable, "-m", "gongkai", "build", "--root", str(root)], capture_output=True, text=True, env=env)


def test_two_builds_are_byte_identical_across_environment_and_input_order(tmp_path):
    sample = copy_sample_site(tmp_path / "sample")
    first, second = tmp_path / "first", tmp_path / "second"
    copy_in_order(sample, first, reverse=False)
    copy_in_order(sample, second, reverse=True)
    rng = random.Random(7)
    for path in second.rglob("*"):
        stamp = rng.randint(1_000_000_000, 1_900_000_000)
        os.utime(path, (stamp, stamp))
    one = run_build(first, {"TZ": "UTC", "LANG": "C.UTF-8", "PYTHONHASHSEED": "1"})
    two = run_build(second, {"TZ": "America/Los_Angeles", "LANG": "zh_CN.UTF-8", "LC_ALL": "zh_CN.UTF-8", "PYTHONHASHSEED": "2"})
    assert one.returncode == 0, one.stderr
    assert two.returncode == 0, two.stderr
    a, b = digest(first / "output"), digest(second / "output")
    assert sorted(a) == sorted(b)
    assert [name for name in a if a[name] != b[name]] == []


# --- no network -------------------------------------------------------------------------------

def network_namespace_available() -> bool:
    return shutil.which("unshare") is not None and subprocess.run(["unshare", "-n", "true"], capture_output=True).returncode == 0


def test_build_runs_with_the_network_cut_off(mini_site):
    """In a network namespace with no interfaces up, any connection attempt fails: the build must not need one."""
    if not network_namespace_available():
        pytest.fail("LOUD: `unshare -n` is not permitted here, so the no-network build cannot be proven; "
                    "run the tests as root or with user namespaces enabled.")
    probe = subprocess.run(["unshare", "-n", sys.executable, "-c",
                            "import socket; socket.create_connection(('127.0.0.1', 9), timeout=2)"], capture_output=True, text=True)
    assert probe.returncode != 0 and "unreachable" in probe.stderr  # the namespace really has no network
    env = dict(os.environ, SOURCE_DATE_EPOCH=str(BUILD_EPOCH))
    result = subprocess.run(["unshare", "-n", sys.executable, "-m", "gongkai", "build", "--root", str(mini_site)],
                            capture_output=True, text=True, env=env)
    assert result.returncode == 0, result.stderr
    assert len(list((mini_site / "output" / "pagefind").glob("*/pagefind-entry.json"))) == 1  # its one search shard


def test_python_code_opens_no_socket_during_a_build(mini_site):
    """The same with an audit hook: any socket connect from Python during the build raises."""
    hook = ("import sys\n"
            "def deny(event, args):\n"
            "    if event in ('socket.connect', 'socket.getaddrinfo', 'urllib.Request'):\n"
            "        raise RuntimeError('network use during build: ' + event)\n"
            "sys.addaudithook(deny)\n"
            "from gongkai.cli import main\n"
            "sys.exit(main(sys.argv[1:]))\n")
    env = dict(os.environ, SOURCE_DATE_EPOCH=str(BUILD_EPOCH))
    result = subprocess.run([sys.executable, "-c", hook, "build", "--root", str(mini_site)], capture_output=True, text=True, env=env)
    assert result.returncode == 0, result.stderr
