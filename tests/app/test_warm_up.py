"""Issue 24: the first visitor on a fresh server waited for the map's geometry (made on the first request).
``serve.py`` makes it at start-up (``dashboard/warm_up.py``); these tests check the wiring and that the
geometry a page then asks for is the one already made (no second build)."""

from __future__ import annotations

import asyncio

import pytest

from dashboard import map_cache, warm_up
from dashboard.state import get_monitor
from monitor.maps import web_geometry


def test_serve_prepares_the_monitor_and_the_map_at_start_up():
    import serve

    assert serve.app._user_lifespan is warm_up.lifespan  # Streamlit's App runs it before serving


def test_after_the_warm_up_a_page_gets_the_map_geometry_without_building_it(monkeypatch):
    async def start():
        async with warm_up.lifespan(None):
            pass

    asyncio.run(start())

    def rebuilt(*_args, **_kwargs):
        raise AssertionError("the map geometry was built again on a page's request")

    monkeypatch.setattr(web_geometry, "web_geometry", rebuilt)
    monkeypatch.setattr(web_geometry, "prepare_geometry", rebuilt)
    geometry = map_cache.get_geometry(get_monitor().fingerprint)
    assert geometry.shapes_url and len(geometry.regions) == 11


def test_a_failing_warm_up_does_not_stop_the_server(monkeypatch, caplog):
    def broken():
        raise RuntimeError("snapshot refused")

    monkeypatch.setattr(warm_up, "prepare", broken)

    async def start():
        async with warm_up.lifespan(None):
            return "served"

    assert asyncio.run(start()) == "served"
    assert "first visitor waits" in caplog.text


@pytest.fixture(autouse=True)
def _project_root(monkeypatch):
    from pathlib import Path

    monkeypatch.syspath_prepend(str(Path(__file__).resolve().parents[2]))
