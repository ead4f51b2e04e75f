"""monitor.maps, monitor.palettes and monitor.formatting: classes, colours, geometry, payload."""

import math

import numpy as np
import pytest
import shapely

from monitor import formatting, maps, palettes
from monitor.data import load_monitor
from monitor.errors import UnknownKeyError


@pytest.fixture(scope="module")
def monitor():
    return load_monitor()


@pytest.fixture(scope="module")
def geometry(monitor):
    return maps.prepare_geometry(monitor)


def test_dutch_numbers():
    assert formatting.number(12345.678, 1) == "12.345,7"
    assert formatting.number(-0.04, 1, signed=True) == "0,0"
    assert formatting.number(1.25, 2, signed=True) == "+1,25"
    assert formatting.number(float("nan")) == "geen gegevens"
    assert formatting.with_unit(12.34, "%") == "12,3%"
    assert formatting.with_unit(3.0, "km") == "3,0 km"
    assert formatting.diff_unit("%") == "procentpunt"


def test_palette_direction():
    higher = palettes.class_colours(5, "higher")
    assert palettes.class_colours(5, "lower") == higher[::-1]
    assert palettes.class_colours(5, "neutral") != higher
    assert [len(palettes.class_colours(k, "higher")) for k in range(1, 8)] == list(range(1, 8))
    with pytest.raises(UnknownKeyError):
        palettes.class_colours(9, "higher")


@pytest.mark.parametrize("scheme", list(maps.SCHEMES))
def test_classify_covers_all_values(scheme):
    values = np.array([1.0, 2.0, 2.0, 3.0, 10.0, 11.0, np.nan, 50.0])
    classes = maps.classify(values, "lower", 4, scheme)
    idx = classes.index(values)
    assert idx[6] == -1 and (idx[~np.isnan(values)] >= 0).all()
    assert classes.bins[-1] == 50.0 and classes.minimum == 1.0
    assert classes.colour([1.0])[0] == palettes.class_colours(len(classes.bins), "lower")[0]
    assert classes.colour([np.nan]) == [maps.HATCH_FILL]
    assert len(classes.labels(1)) == len(classes.bins)


def test_classify_few_or_no_values():
    assert maps.classify([np.nan, np.nan], "higher") is None
    assert len(maps.classify([2.0, 2.0, 2.0], "higher").bins) == 1
    with pytest.raises(UnknownKeyError):
        maps.classify([1.0], "higher", scheme="equal")


def test_encode_decode_round_trip():
    square = shapely.Polygon([(5.0, 52.0), (5.1, 52.0), (5.1, 52.1), (5.0, 52.1), (5.0, 52.0)])
    decoded = shapely.geometry.shape(maps.decode_shape(maps.encode_shape(square)))
    assert decoded.symmetric_difference(square).area < 1e-10


def test_geometry_is_simplified_and_complete(monitor, geometry):
    assert len(geometry.gemeenten) == 342
    assert len(geometry.regions) == 11
    assert set(geometry.bounds) == {maps.NATIONAL_VIEW, *monitor.regions.ids()}
    (south, west), (north, east) = geometry.bounds[maps.NATIONAL_VIEW]
    assert 50.7 < south < 51.0 and 53.4 < north < 53.7 and 3.2 < west < 3.5 and 7.1 < east < 7.3


def test_view_for_zooms_in_on_regions(geometry):
    (lat, lon), national = maps.view_for(geometry.bounds[maps.NATIONAL_VIEW])
    _, regional = maps.view_for(geometry.bounds["twente"])
    assert 51.5 < lat < 53 and 4.5 < lon < 6.5
    assert 6.5 <= national < regional <= 11 and math.isclose(regional * 4, round(regional * 4))


@pytest.mark.parametrize("level", maps.LEVELS)
def test_choropleth_payload_legend_and_tooltips(monitor, geometry, level):
    chart = maps.choropleth(monitor, geometry, "werkloosheid", 2023, level, asset_url="/app/static/leaflet")
    html = maps.to_html(chart)
    assert len(html.encode()) < 300_000
    assert "/app/static/leaflet/leaflet.js" in html and "cdn" not in html.lower().replace("npvr", "")
    assert "Werkloosheid" in chart.legend and "2023" in chart.legend and "geen gegevens" in chart.legend
    assert "Verschil met Nederland" in html and "Bron: CBS" in html and "CBS/Kadaster" in html
    assert len(chart.table) == (342 if level == "gemeente" else 11)


def test_choropleth_marks_missing_values_hatched(monitor, geometry):
    chart = maps.choropleth(monitor, geometry, "tevredenheid_leven", 2023)
    missing = chart.table["value"].isna()
    assert missing.any()
    assert (chart.table.loc[missing, "fill"] == maps.HATCH_FILL).all()
    assert not chart.table.loc[~missing, "fill"].str.startswith("url(").any()


def test_choropleth_rejects_unknown_level(monitor, geometry):
    with pytest.raises(UnknownKeyError):
        maps.choropleth(monitor, geometry, "werkloosheid", 2023, "provincie")
