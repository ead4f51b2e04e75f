"""An indicator switch keeps the map in the browser and replaces only its values layer.

The app sends the map without values (the same for every indicator, year and classification of a
level) and the coloured areas as streamlit-folium's feature-group script, which its frontend swaps
on the existing Leaflet map. A change of level, or the standalone map, still draws a whole map.
"""

from __future__ import annotations

import json

from support.app_testing import map_args, start

from dashboard import map_component
from monitor.maps import folium_map, web_geometry


def _component(at) -> tuple[str, dict]:
    [component] = at.get("component_instance")
    return component.proto.id, json.loads(component.proto.json_args)


def test_switching_indicator_year_and_classes_keeps_the_map_and_swaps_the_values():
    at = start()
    at.selectbox(key="indicator").set_value("werkloosheid").run()
    first_id, first = _component(at)
    at.selectbox(key="indicator").set_value("aandeel_65_plus").run()
    second_id, second = _component(at)
    at.selectbox(key="scheme").set_value("quantiles").run()
    third_id, third = _component(at)
    assert not at.exception
    # The same component instance (its id holds the key) with the same map: the frame stays.
    assert first_id == second_id == third_id
    assert first["script"] == second["script"] == third["script"]
    assert first["html"] == second["html"] and first["header"] == second["header"]
    # Only the values layer changed, and it names what it shows.
    groups = [args["feature_group"] for args in (first, second, third)]
    assert len(set(groups)) == 3
    assert '"mark":"werkloosheid|' in groups[0] and '"mark":"aandeel_65_plus|' in groups[1]
    assert "|gemeente|national" in groups[1] and "|gemeente|quantiles" in groups[2]
    for group in groups:
        assert f"}}, {map_component.MAP_NAME});" in group  # added to the map already in the frame
        assert "window.feature_group = [encoded_layer_" in group  # so that the frontend can remove it
        assert folium_map.VALUES_PANE in group
    # The map itself carries no values: no tooltips of areas with a value and no fills of classes.
    assert "Verschil met Nederland" not in first["script"] and "Verschil met Nederland" in groups[0]


def test_a_level_change_draws_another_map():
    at = start()
    gemeente_id, gemeente = _component(at)
    at.radio(key="level").set_value("regio").run()
    regio_id, regio = _component(at)
    assert gemeente_id != regio_id and gemeente["script"] != regio["script"]
    assert '|regio|' in regio["feature_group"]
    assert map_args(at)["layer_control"] == ""  # the frontend evaluates feature_group + layer_control


def test_standalone_map_still_holds_its_values(monitor):
    geometry = web_geometry.prepare_geometry(monitor)
    chart = folium_map.choropleth(monitor, geometry, "werkloosheid", 2023, "gemeente")
    html = folium_map.to_html(chart)
    assert chart.layer in chart.map._children.values()
    assert "Verschil met Nederland" in html and folium_map.VALUES_PANE in html
    apart = folium_map.choropleth(monitor, geometry, "werkloosheid", 2023, "gemeente", values_apart=True)
    assert apart.map is None and apart.layer.data["rows"] == chart.layer.data["rows"]
    assert apart.layer.mark == chart.layer.mark == "werkloosheid|2023|gemeente|national"
