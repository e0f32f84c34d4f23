"""Editor fixtures: a sample site in a git repository and the editor server on a free loopback port."""

from __future__ import annotations

import pytest

from editor_support import Client, sample_repository, start


@pytest.fixture
def repository(tmp_path):
    return sample_repository(tmp_path / "site")


@pytest.fixture
def editor(repository):
    """(server, client) of `gongkai edit` on the sample repository; no live preview builds."""
    from gongkai.editor.server import EditorServer

    server = EditorServer(repository, 0, live_preview=False)
    start(server)
    yield server, Client(f"http://127.0.0.1:{server.port}")
    server.shutdown()
    server.server_close()
