"""The map geometry travels once: the app's maps refer to shapes in a static file by number.

An indicator switch then sends values, colours and tooltips only (the shapes were ~200 KB of
every map). Standalone maps (reports, ``folium_map.to_html``) still carry their shapes.
"""

from __future__ import annotations

import dataclasses
import json
import re

import pytest

from dashboard import map_cache
from monitor.maps import folium_elements, folium_map, classes as map_classes, web_geometry


@pytest.fixture(scope="module")
def geometry(monitor):
    return web_geometry.prepare_geometry(monitor)


def payloads(chart) -> list[dict]:
    return [child.data for child in chart.map._children.values() if isinstance(child, folium_elements.EncodedLayer)]


def test_published_shapes_are_what_the_maps_referred_to(monitor, geometry, tmp_path):
    shared = map_cache.publish_shapes(geometry, folder=tmp_path)
    assert shared.shapes_url and shared.shapes_url.endswith(".json")
    name = shared.shapes_url.rsplit("/", 1)[1]
    served = json.loads((tmp_path / name).read_text(encoding="utf-8"))
    assert served == json.loads(json.dumps(geometry.shapes()))
    for level in map_classes.LEVELS:
        plain = folium_map.choropleth(monitor, geometry, "werkloosheid", 2023, level, highlight="twente")
        light = folium_map.choropleth(monitor, shared, "werkloosheid", 2023, level, highlight="twente")
        for full, ref in zip(payloads(plain), payloads(light), strict=True):
            assert ref["shapes_url"] == shared.shapes_url
            for a, b in zip(full["rows"], ref["rows"], strict=True):
                assert "shape" not in b
                assert served[b["ref"]] == json.loads(json.dumps(a["shape"]))  # the same polygon, by number
                assert {k: v for k, v in a.items() if k != "shape"} == {k: v for k, v in b.items() if k != "ref"}
        script = folium_map.to_html(light)
        assert len(script) < len(folium_map.to_html(plain)) / 3
        assert "fetch(data.shapes_url)" in script


def test_maps_without_a_shapes_url_carry_their_shapes(monitor, geometry):
    chart = folium_map.choropleth(monitor, geometry, "werkloosheid", 2023, "gemeente")
    assert all("shapes_url" not in p and all("shape" in r for r in p["rows"]) for p in payloads(chart))


def test_unwritable_folder_falls_back_to_shapes_in_the_map(geometry, tmp_path):
    blocked = tmp_path / "file"
    blocked.write_text("not a folder")
    assert map_cache.publish_shapes(geometry, folder=blocked / "geometry") is geometry


def test_the_app_sends_no_geometry_with_a_map():
    from support.app_testing import map_args, start

    at = start()
    script = map_args(at)["script"]
    url = re.search(r'"shapes_url":"([^"]+)"', script).group(1)
    assert url.startswith("/app/static/geometry/")
    assert (map_cache.SHAPES_DIR / url.rsplit("/", 1)[1]).is_file()
    assert len(script) < 80_000  # was ~250 KB with the shapes


def test_geometry_is_frozen_dataclass_with_default_url(geometry):
    assert geometry.shapes_url is None
    assert dataclasses.replace(geometry, shapes_url="/x.json").shape_index() == geometry.shape_index()
