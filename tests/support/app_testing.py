"""Helpers for the AppTest tests of the dashboard (not a test module)."""

from __future__ import annotations

import json
from pathlib import Path

from streamlit.testing.v1 import AppTest

from dashboard import registry

APP = str(Path(__file__).resolve().parents[2] / "app.py")
TIMEOUT = 60


def start(page: str | None = None) -> AppTest:
    """Run the app once and, if given, switch to the page with that registry id (:mod:`dashboard.registry`)."""
    at = AppTest.from_file(APP, default_timeout=TIMEOUT).run()
    if page:
        at.switch_page(registry.page(page).script).run()
    assert not at.exception, at.exception
    return at


def map_args(at: AppTest) -> dict:
    """The arguments sent to the streamlit-folium component (its script, links, zoom...)."""
    components = at.get("component_instance")
    assert len(components) == 1, "expected exactly one map"
    return json.loads(components[0].proto.json_args)


def captions(at: AppTest) -> str:
    return "\n".join(c.value for c in at.caption)


def legend(at: AppTest) -> str:
    """The map legend beside the map (``st.html``; the app never draws it over the map)."""
    bodies = [h.proto.body for h in at.get("html") if 'class="npvr-legend"' in h.proto.body]
    assert len(bodies) == 1, "expected exactly one map legend"
    return bodies[0]
