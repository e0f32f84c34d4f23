"""The Nu Html Checker (vnu-jar from npm, run with Java) finds no error on any page of the sample site."""

import json
import shutil
import subprocess
from pathlib import Path

import pytest

VNU = Path(__file__).resolve().parent / "node" / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"

pytestmark = pytest.mark.slow


def test_every_page_of_the_sample_site_is_valid_html(sample_build):
    _, output = sample_build
    java = shutil.which("java")
    if java is None or not VNU.exists():
        pytest.fail("The Nu Html Checker needs Java and vnu-jar: run `make test` (it installs default-jre-headless "
                    "and runs `npm ci` in tests/node, or says how).")
    pages = sorted(output.rglob("*.html"))
    stylesheets = sorted((output / "theme" / "css").glob("*.css"))
    assert len(pages) > 100 and (output / "404.html") in pages
    # One JVM for every file: starting Java is the slow part.
    run = subprocess.run([java, "-jar", str(VNU), "--format", "json", "--errors-only", "--also-check-css",
                          *map(str, pages + stylesheets)], capture_output=True, text=True, check=False)
    report = json.loads(run.stderr or run.stdout)
    root = output.resolve().as_posix()
    errors = [f"{message.get('url', '').removeprefix('file:').removeprefix(root).lstrip('/')}"
              f":{message.get('lastLine', '?')}: {message['message']}"
              for message in report["messages"] if message["type"] != "info"]
    assert errors == []
    assert run.returncode == 0
