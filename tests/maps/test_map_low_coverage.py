"""Issue 24: no verdict colour where the value covers too few inhabitants for a verdict (real snapshot)."""

from monitor import palettes
from monitor.maps import classes as map_classes
from monitor.maps import folium_map, web_geometry
from monitor.maps.classes import Classes


def test_low_coverage_regions_are_neutral_grey_and_named_in_the_legend(monitor):
    geometry = web_geometry.web_geometry(monitor)
    chart = folium_map.choropleth(monitor, geometry, "vertrouwen_instituties", 2023, "regio")
    table = chart.table.set_index("code")
    low = table[table["coverage"] < 0.8]
    assert "zeeuws_vlaanderen" in low.index and "noord_en_oost_groningen" in low.index
    assert (low["fill"] == palettes.LOW_COVERAGE_COLOUR).all()
    judged = table[(table["coverage"].isna() | (table["coverage"] >= 0.8)) & table["value"].notna()]
    assert len(judged) and (judged["fill"] != palettes.LOW_COVERAGE_COLOUR).all()
    assert map_classes.LOW_COVERAGE_TEXT in chart.legend
    # A map where every value is fully covered does not mention it.
    full = folium_map.choropleth(monitor, geometry, "werkloosheid", 2023, "regio")
    assert map_classes.LOW_COVERAGE_TEXT not in full.legend


def test_a_class_whose_ends_read_the_same_shows_one_number():
    classes = Classes(bins=(4.0, 4.04, 6.0), minimum=3.0, colours=("#a", "#b", "#c"), scheme="quantiles")
    assert classes.labels(1) == ["3,0 – 4,0", "4,0", "4,0 – 6,0"]
