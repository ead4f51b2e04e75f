"""monitor.maps, monitor.palettes and monitor.wording: classes, colours, geometry, payload."""

import math

import numpy as np
import pytest
import shapely

from monitor.maps import folium_elements, folium_map, classes as map_classes, geometry as map_geometry, web_geometry
from monitor import palettes, wording
from monitor.errors import UnknownKeyError


@pytest.fixture(scope="module")
def geometry(monitor):
    return web_geometry.prepare_geometry(monitor)


def test_dutch_numbers():
    assert wording.number(12345.678, 1) == "12.345,7"
    assert wording.number(-0.04, 1, signed=True) == "0,0"
    assert wording.number(1.25, 2, signed=True) == "+1,25"
    assert wording.number(float("nan")) == "geen gegevens"
    assert wording.with_unit(12.34, "%") == "12,3%"
    assert wording.with_unit(3.0, "km") == "3,0 km"
    assert wording.diff_unit("%") == "procentpunt"


def test_palette_direction():
    higher = palettes.class_colours(5, "higher")
    assert palettes.class_colours(5, "lower") == higher[::-1]
    assert palettes.class_colours(5, "neutral") != higher
    assert [len(palettes.class_colours(k, "higher")) for k in range(1, 8)] == list(range(1, 8))
    with pytest.raises(UnknownKeyError):
        palettes.class_colours(9, "higher")


@pytest.mark.parametrize("scheme", ["quantiles", "natural_breaks"])
def test_classify_covers_all_values(scheme):
    values = np.array([1.0, 2.0, 2.0, 3.0, 10.0, 11.0, np.nan, 50.0])
    classes = map_classes.classify(values, "lower", 4, scheme)
    idx = classes.index(values)
    assert idx[6] == -1 and (idx[~np.isnan(values)] >= 0).all()
    assert classes.bins[-1] == 50.0 and classes.minimum == 1.0
    assert classes.colour([1.0])[0] == palettes.class_colours(len(classes.bins), "lower")[0]
    assert classes.colour([np.nan]) == [map_classes.HATCH_FILL]
    assert len(classes.labels(1)) == len(classes.bins)


def test_classify_few_or_no_values():
    assert map_classes.classify([np.nan, np.nan], "higher") is None
    assert len(map_classes.classify([2.0, 2.0, 2.0], "higher").bins) == 1
    with pytest.raises(UnknownKeyError):
        map_classes.classify([1.0], "higher", scheme="equal")


def test_encode_decode_round_trip():
    square = shapely.Polygon([(5.0, 52.0), (5.1, 52.0), (5.1, 52.1), (5.0, 52.1), (5.0, 52.0)])
    decoded = shapely.geometry.shape(web_geometry.decode_shape(web_geometry.encode_shape(square)))
    assert decoded.symmetric_difference(square).area < 1e-10


def test_geometry_is_simplified_and_complete(monitor, geometry):
    assert len(geometry.gemeenten) == 342
    assert len(geometry.regions) == 11
    assert set(geometry.bounds) == {map_geometry.NATIONAL_VIEW, *monitor.regions.ids()}
    (south, west), (north, east) = geometry.bounds[map_geometry.NATIONAL_VIEW]
    assert 50.7 < south < 51.0 and 53.4 < north < 53.7 and 3.2 < west < 3.5 and 7.1 < east < 7.3


def test_view_for_zooms_in_on_regions(geometry):
    (lat, lon), national = web_geometry.view_for(geometry.bounds[map_geometry.NATIONAL_VIEW])
    _, regional = web_geometry.view_for(geometry.bounds["twente"])
    assert 51.5 < lat < 53 and 4.5 < lon < 6.5
    assert 6.5 <= national < regional <= 11 and math.isclose(regional * 4, round(regional * 4))


@pytest.mark.parametrize("level", map_classes.LEVELS)
def test_choropleth_payload_legend_and_tooltips(monitor, geometry, level):
    chart = folium_map.choropleth(monitor, geometry, "werkloosheid", 2023, level, asset_url="/app/static/leaflet")
    html = folium_map.to_html(chart)
    assert len(html.encode()) < 300_000
    assert "/app/static/leaflet/leaflet.js" in html and "cdn" not in html.lower().replace("npvr", "")
    assert "Werkloosheid" in chart.legend and "2023" in chart.legend and "geen gegevens" in chart.legend
    assert "Verschil met Nederland" in html and "Bron: CBS" in html and "CBS/Kadaster" in html
    assert len(chart.table) == (342 if level == "gemeente" else 11)


def test_choropleth_marks_missing_values_hatched(monitor, geometry):
    chart = folium_map.choropleth(monitor, geometry, "tevredenheid_leven", 2023)
    missing = chart.table["value"].isna()
    assert missing.any()
    assert (chart.table.loc[missing, "fill"] == map_classes.HATCH_FILL).all()
    assert not chart.table.loc[~missing, "fill"].str.startswith("url(").any()


def test_choropleth_rejects_unknown_level(monitor, geometry):
    with pytest.raises(UnknownKeyError):
        folium_map.choropleth(monitor, geometry, "werkloosheid", 2023, "provincie")


def test_national_classes_are_centred_on_nederland_and_follow_the_direction():
    values = np.array([1.0, 4.0, 8.0, 9.8, 10.0, 10.4, 12.0, 15.0, 30.0, np.nan])
    classes = map_classes.classify_national(values, "higher", centre=10.0, tolerance=0.5, k=7)
    idx = classes.index(values)
    middle = classes.middle
    # Within the tolerance: the class around Nederland (= the areas judged "gelijk").
    assert (idx[[3, 4, 5]] == middle).all() and idx[-1] == -1
    assert (idx[:3] < middle).all() and (idx[6:9] > middle).all()
    assert classes.colours[middle] == palettes.CENTRE_COLOUR
    below, above = classes.colours[:middle], classes.colours[middle + 1:]
    assert set(below) <= {c for ramp in palettes.UNFAVOURABLE.values() for c in ramp}, "below NL is worse"
    assert set(above) <= {c for ramp in palettes.FAVOURABLE.values() for c in ramp}, "above NL is better"
    lower = map_classes.classify_national(values, "lower", centre=10.0, tolerance=0.5, k=7)
    assert set(lower.colours[:lower.middle]) <= {c for ramp in palettes.FAVOURABLE.values() for c in ramp}
    neutral = map_classes.classify_national(values, "neutral", centre=10.0, tolerance=0.5, k=7)
    assert not set(neutral.colours) & {c for r in (*palettes.FAVOURABLE.values(), *palettes.UNFAVOURABLE.values())
                                       for c in r}, "neutral indicators get neither good nor bad colours"
    labels = classes.labels(1)
    assert labels[middle] == "9,5 – 10,5"


def test_national_classes_with_all_values_on_one_side():
    classes = map_classes.classify_national([21.0, 24.0, 27.0], "lower", centre=20.8, tolerance=0.5, k=5)
    assert classes.middle == 0 and len(classes.colours) == len(classes.bins)
    assert all(c in {x for r in palettes.UNFAVOURABLE.values() for x in r} for c in classes.colours[1:])


def test_default_map_compares_with_nederland_and_names_its_value(monitor, geometry):
    chart = folium_map.choropleth(monitor, geometry, "aandeel_65_plus", 2025, "regio")
    assert chart.classes.scheme == "national"
    nl = monitor.national("aandeel_65_plus", 2025)["value"]
    assert f"Nederland: {wording.with_unit(nl, '%')}" in chart.legend
    # 65+ is neutral (age structure): higher/lower in purple/orange, never blue or red.
    assert "gelijk aan Nederland" in chart.legend and "paars = hoger" in chart.legend
    # Every region is above Nederland on 65+: none may be drawn in a "lower" (orange) or judged colour.
    lower = {c for ramp in palettes.NEUTRAL_LOWER.values() for c in ramp}
    judged = {c for ramps in (palettes.FAVOURABLE, palettes.UNFAVOURABLE) for ramp in ramps.values() for c in ramp}
    assert not set(chart.table["fill"]) & (lower | judged)
    # A judged indicator: blue is more favourable than Nederland, red less favourable.
    gp = folium_map.choropleth(monitor, geometry, "afstand_huisartsenpraktijk", 2023, "regio")
    assert "blauw = gunstiger, rood = ongunstiger" in gp.legend and "lager is beter" in gp.legend
    counts = folium_map.choropleth(monitor, geometry, "bevolking", 2025, "regio")
    assert counts.classes.scheme == "quantiles" and "niet met Nederland vergeleken" in counts.legend


def test_region_labels_on_the_map(monitor, geometry):
    html = folium_map.to_html(folium_map.choropleth(monitor, geometry, "werkloosheid", 2023, "regio"))
    assert folium_elements.LABEL_CLASS in html
    assert all(name in html for name in monitor.regions.names().values())
    gemeente = folium_map.to_html(folium_map.choropleth(monitor, geometry, "werkloosheid", 2023, "gemeente"))
    assert f", {folium_map.LABEL_MIN_ZOOM})" in gemeente, "on the gemeente map the names appear when zoomed in"
    zoomed = folium_map.choropleth(monitor, geometry, "werkloosheid", 2023, "gemeente", highlight="twente")
    assert zoomed.map.get_bounds() and "Twente" in folium_map.to_html(zoomed)
    assert geometry.regions[["label_lat", "label_lon"]].notna().all().all()


def test_region_tooltip_shows_coverage(monitor, geometry):
    chart = folium_map.choropleth(monitor, geometry, "vertrouwen_instituties", 2023, "regio")
    html = folium_map.to_html(chart)
    assert '"Dekking"' in html and "52% van de inwoners (geen oordeel, geen rang)" in html
    assert "volledig" in html


def test_legend_can_stand_outside_the_map(monitor, geometry):
    inside = folium_map.to_html(folium_map.choropleth(monitor, geometry, "werkloosheid", 2023))
    outside = folium_map.choropleth(monitor, geometry, "werkloosheid", 2023, legend_inside=False)
    assert "L.control({position" in inside and "L.control({position" not in folium_map.to_html(outside)
    assert "Nederland:" in outside.legend


@pytest.mark.parametrize("level", ["gemeente", "regio"])
def test_tooltip_shows_the_95_interval_where_cbs_publishes_bounds(monitor, geometry, level):
    """Issue 20: a survey value with CBS bounds (Gezondheidsmonitor 2022) carries its interval in the
    tooltip; a year without published bounds (2020) shows the value alone."""
    rows = monitor.table("mantelzorgers", 2022, level).dropna(subset=["lower_95"])
    row = rows.iloc[0]
    ind = monitor.indicator("mantelzorgers")
    expected = f"{wording.value(ind, row['value'])} (95%-interval {wording.interval(ind, row['lower_95'], row['upper_95'])})"
    html = folium_map.to_html(folium_map.choropleth(monitor, geometry, "mantelzorgers", 2022, level))
    assert expected in html
    assert "95%-interval" not in folium_map.to_html(folium_map.choropleth(monitor, geometry, "mantelzorgers", 2020, level))
