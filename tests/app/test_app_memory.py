"""The app keeps Streamlit's after-run garbage collection cheap (gc.freeze) and renders each map once.

Streamlit runs ``gc.collect(2)`` after every script run; scanning the ~250,000 long-lived objects
of the libraries and the cached monitor cost 130 ms per rerun. The app freezes them after the
first run of each page. Checked in a fresh interpreter (freezing is process-wide).
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[2]

SCRIPT = """
import gc, json
from streamlit.testing.v1 import AppTest
from streamlit import config

at = AppTest.from_file("app.py", default_timeout=120).run()
assert not at.exception, at.exception
first = gc.get_freeze_count()
at.selectbox(key="indicator").set_value("werkloosheid").run()
again = gc.get_freeze_count()
assert not at.exception, at.exception
unfrozen = len(gc.get_objects())
print(json.dumps({"first": first, "again": again, "tracked": unfrozen,
                  "post_script_gc": config.get_option("runner.postScriptGC")}))
"""


def test_long_lived_objects_are_frozen_once_per_page():
    out = subprocess.run([sys.executable, "-c", SCRIPT], cwd=ROOT, capture_output=True, text=True, timeout=180)
    assert out.returncode == 0, out.stderr[-3000:]
    figures = json.loads(out.stdout.strip().splitlines()[-1])
    assert figures["first"] > 100_000, figures  # the libraries and the monitor were frozen after the first run
    # A rerun of the same page freezes nothing new (the count only drops as frozen objects are freed).
    assert figures["again"] <= figures["first"], figures
    assert figures["tracked"] < figures["first"] / 2, figures  # what the after-run collection still scans
    assert figures["post_script_gc"] is True  # Streamlit's own collection stays on (memory stays bounded)


def _two_maps():
    """The same cached map through dashboard.map_component and through streamlit_folium.st_folium."""
    from streamlit_folium import st_folium

    from dashboard import map_cache, map_component, state

    chart = map_cache.choropleth(state.get_monitor(), "werkloosheid", 2023, "gemeente", "quantiles", 600)
    options = dict(height=600, use_container_width=True, returned_objects=["last_active_drawing"],
                   center=(52.1, 5.2), zoom=7)
    map_component.st_folium(chart.map, key="cached", **options)
    st_folium(chart.map, key="plain", **options)
    map_component.st_folium(chart.map, key="cached_again", **options)
    map_component.st_folium(chart.map, key="with_layer", layer=chart.layer, **options)


def chart_layer():
    from dashboard import map_cache, state

    return map_cache.choropleth(state.get_monitor(), "werkloosheid", 2023, "gemeente", "quantiles", 600).layer


def test_cached_map_sends_exactly_what_st_folium_sends(monkeypatch):
    from streamlit.testing.v1 import AppTest

    from dashboard import map_component

    at = AppTest.from_function(_two_maps, default_timeout=120).run()
    assert not at.exception, at.exception
    sent = [json.loads(c.proto.json_args) for c in at.get("component_instance")]
    assert len(sent) == 4
    from streamlit_folium import generate_js_hash

    keys = [args.pop("key") for args in sent]
    assert sent[0] == sent[1]  # same script, header, html, links, bounds, defaults ...
    assert keys[0] == generate_js_hash(sent[0]["script"], "cached", False)  # ... and the same widget key
    assert "npvr-legend" in sent[0]["script"]
    # With the values layer: the same map and key, plus the layer as the frontend's feature group.
    with_layer = sent[3]
    assert keys[3] == generate_js_hash(sent[0]["script"], "with_layer", False)  # the key follows the map only
    assert with_layer.pop("feature_group") == map_component.layer_script(chart_layer()) and sent[0].pop("feature_group") is None
    assert with_layer.pop("layer_control") == "" and sent[0].pop("layer_control") is None
    assert with_layer == sent[0]
    # Rendered once: a second use of the cached map does not render it again.
    calls = []
    monkeypatch.setattr(map_component, "_get_map_string", lambda m: calls.append(m) or "")
    at.run()
    assert not at.exception, at.exception
    assert calls == []
