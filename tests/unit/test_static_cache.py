"""The built pages' content-hashed files are sent as immutable; nothing else is."""

from __future__ import annotations

from pathlib import Path

from starlette.applications import Starlette
from starlette.routing import Mount
from starlette.staticfiles import StaticFiles
from starlette.testclient import TestClient

from shiftapp.api.static_cache import IMMUTABLE, ImmutableAssets


def _client(tmp_path: Path) -> TestClient:
    (tmp_path / "assets").mkdir()
    (tmp_path / "assets" / "root-Blh2bHWw.js").write_text("export {};")
    (tmp_path / "index.html").write_text("<!doctype html><title>page</title>")
    (tmp_path / "layout.css").write_text("body {}")
    app = Starlette(routes=[Mount("/", app=StaticFiles(directory=tmp_path, html=True))])
    return TestClient(ImmutableAssets(app))


def test_hashed_assets_are_immutable(tmp_path):
    client = _client(tmp_path)
    first = client.get("/assets/root-Blh2bHWw.js")
    assert first.status_code == 200
    assert first.headers["cache-control"] == IMMUTABLE
    again = client.get("/assets/root-Blh2bHWw.js", headers={"If-None-Match": first.headers["etag"]})
    assert again.status_code == 304
    assert again.headers["cache-control"] == IMMUTABLE


def test_pages_other_files_and_misses_are_not(tmp_path):
    client = _client(tmp_path)
    for path in ("/", "/layout.css", "/assets/missing-0000.js"):
        assert "cache-control" not in client.get(path).headers, path
    assert "cache-control" not in client.post("/assets/root-Blh2bHWw.js").headers


def test_the_api_app_installs_it():
    from shiftapp.api import create_api

    assert ImmutableAssets in [m.cls for m in create_api().user_middleware]
