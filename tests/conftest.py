"""Shared fixtures: a fixed build date, a tiny real site, the sample site built once, and the one
Chromium every browser test drives (Playwright allows one sync instance per process)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from support import BUILD_EPOCH, CHROMIUM, CHROMIUM_ARGS, commit_sample_history, copy_sample_site, make_mini_site


@pytest.fixture(autouse=True)
def fixed_build_date(monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(BUILD_EPOCH))


@pytest.fixture(autouse=True, scope="session")
def cache_in_the_test_session(tmp_path_factory):
    """Build caches of the test sites live in this session's temporary folder, not ~/.cache."""
    os.environ["XDG_CACHE_HOME"] = str(tmp_path_factory.mktemp("xdg-cache"))


@pytest.fixture
def mini_site(tmp_path) -> Path:
    return make_mini_site(tmp_path / "site")


@pytest.fixture(scope="session")
def sample_build(tmp_path_factory):
    """The bundled sample site built once, for the tests that only read the output. It is a git
    repository in which one dataset changed once (support.commit_sample_history), so the site has
    a row-level history to show."""
    from gongkai.build.build import build

    os.environ["SOURCE_DATE_EPOCH"] = str(BUILD_EPOCH)
    root = copy_sample_site(tmp_path_factory.mktemp("sample") / "site")
    commit_sample_history(root)
    output = root / "output"
    assert build(root, root / "pelicanconf.py", output) == 0
    return root, output


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.fail(f"Chromium is not installed at {CHROMIUM}: run `bash .ci/run` or `apt-get install chromium`.")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield instance
        instance.close()
