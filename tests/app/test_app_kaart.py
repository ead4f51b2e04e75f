"""Kaart page, driven through its real widgets on the real snapshot."""

import re

from support.app_testing import captions, legend, map_args, start

from dashboard import map_cache, state
from monitor.maps import folium_elements, folium_map
from monitor import palettes


def test_kaart_default_map_has_legend_vintage_and_local_leaflet():
    at = start()
    assert at.title[0].value == "Kaart"
    assert at.subheader[0].value.startswith("Aandeel 65 jaar of ouder, ")
    args = map_args(at)
    text = legend(at)
    assert "geen gegevens" in text and "NPVR-regio" in text
    assert "L.control({position" not in args["script"], "the legend stands beside the map, never over land"
    assert args["js_links"] == [map_cache.asset_url() + "/leaflet.js"]
    assert args["returned_objects"] == ["last_active_drawing"]
    assert len(args["script"]) < 300_000
    assert "Bron: CBS (CC BY 4.0), snapshot van" in captions(at)


def test_default_indicator_has_a_value_for_every_gemeente():
    monitor = state.get_monitor()
    year = monitor.years(state.DEFAULT_INDICATOR)[-1]
    rows = monitor.table(state.DEFAULT_INDICATOR, year, "gemeente")
    assert rows["value"].notna().sum() == len(monitor.snapshot.gemeente_names()) == 342


def test_default_colours_compare_with_nederland_and_legend_names_its_value():
    at = start()
    assert at.session_state["scheme"] == "national"
    text = legend(at)
    assert re.search(r"Nederland: 20,\d%", text), text
    # The landing indicator (65+) is neutral: purple above, orange below Nederland.
    assert "gelijk aan Nederland" in text and "paars = hoger, oranje = lager" in text
    assert palettes.CENTRE_COLOUR in text and any(c in text for ramp in palettes.NEUTRAL_HIGHER.values() for c in ramp)
    assert "Nederland 2025:" in captions(at)
    at.selectbox(key="indicator").set_value("afstand_huisartsenpraktijk").run()
    assert "blauw = gunstiger, rood = ongunstiger" in legend(at)


def test_region_names_on_the_map():
    at = start()
    script = map_args(at)["script"]
    assert folium_elements.LABEL_CLASS in script and "Zeeuws-Vlaanderen" in script and "Noard-Frysl" in script
    assert f", {folium_map.LABEL_MIN_ZOOM})" in script, "gemeente map: names when zoomed to a region"
    at.radio(key="level").set_value("regio").run()
    assert "}], " in map_args(at)["script"] and ", null)" in map_args(at)["script"], "region map: names always"


def test_region_map_shows_coverage_in_tooltip_and_table():
    at = start()
    at.selectbox(key="indicator").set_value("vertrouwen_instituties").run()
    at.radio(key="level").set_value("regio").run()
    assert "52% van de inwoners (geen oordeel, geen rang)" in map_args(at)["feature_group"]  # the values layer
    at.toggle(key="kaart_table").set_value(True).run()  # the map's table, on request
    table = at.dataframe[0].value
    row = table[table["Regio"] == "Zeeuws-Vlaanderen"].iloc[0]
    assert row["Dekking"] == "52% · geen oordeel"
    assert "op een deel van de inwoners" in captions(at)


def test_old_data_is_marked():
    at = start()
    at.selectbox(key="indicator").set_value("natuur_en_bos").run()
    assert any("Let op: meest recente cijfer is van 2017 (andere indicatoren tot 2025)" in w.value for w in at.warning)
    at.selectbox(key="indicator").set_value("aandeel_65_plus").run()
    assert not at.warning


def test_indicator_choice_is_on_the_page_not_only_in_the_sidebar():
    at = start()
    assert at.selectbox(key="indicator") in list(at.main.selectbox)
    assert at.selectbox(key="indicator") not in list(at.sidebar.selectbox)


def test_kaart_indicator_year_level_and_zoom():
    at = start()
    at.selectbox(key="indicator").set_value("werkloosheid").run()
    at.selectbox(key="year").set_value(2020).run()
    assert at.subheader[0].value == "Werkloosheid, 2020"
    gemeente_script = map_args(at)["script"]
    at.radio(key="level").set_value("regio").run()
    script = map_args(at)["script"]
    assert script != gemeente_script and "buiten de NPVR-regio" in legend(at)
    national_zoom = map_args(at)["zoom"]
    at.selectbox(key="zoom").set_value("twente").run()
    assert map_args(at)["zoom"] > national_zoom
    assert not at.exception


def test_kaart_missing_year_offers_nearest_year():
    at = start()
    at.selectbox(key="indicator").set_value("levensverwachting").run()
    at.selectbox(key="year").set_value(2015).run()
    assert "geen gegevens over 2015" in at.warning[0].value
    assert "2022" in at.warning[0].value
    assert not at.get("component_instance")
    at.button(key="nearest_year").click().run()
    assert at.session_state["year"] == 2022
    assert at.subheader[0].value == "Levensverwachting bij geboorte, 2022"
    assert map_args(at)


def test_kaart_quantiles_and_natural_breaks_stay_available():
    at = start()
    at.selectbox(key="scheme").set_value("natural_breaks").run()
    natural = legend(at)
    assert "natuurlijke grenzen" in natural and "Nederland:" in natural
    at.selectbox(key="scheme").set_value("quantiles").run()
    quantiles = legend(at)
    assert "kwantielen" in quantiles
    # The classes themselves change, not only the legend's wording.
    bins = [re.findall(r"\d+,\d – \d+,\d", text) for text in (natural, quantiles)]
    assert len(bins[0]) >= 3 and len(bins[1]) >= 3 and bins[0] != bins[1]


def test_map_of_a_survey_year_says_its_tooltip_has_the_95_interval():
    """Issue 20: with CBS bounds (mantelzorgers 2022) the tooltip carries the interval and the page says once
    how a region's interval is made; a year without bounds (2020) says nothing about it."""
    from monitor import wording

    at = start()
    at.selectbox(key="indicator").set_value("mantelzorgers").run()
    at.selectbox(key="year").set_value(2022).run()
    assert wording.INTERVAL_APPROXIMATION in captions(at)
    assert "95%-interval" in map_args(at)["feature_group"]
    from dashboard.pages.kaart import map_table

    chart = map_cache.choropleth(state.get_monitor(), "mantelzorgers", 2022, "regio", "national", 600)
    table = map_table(chart.table, state.get_monitor().indicator("mantelzorgers"), "regio")
    assert "95%-marge" in table.columns and table["95%-marge"].str.contains("–").all()
    at.selectbox(key="year").set_value(2020).run()
    assert wording.INTERVAL_APPROXIMATION not in captions(at)
    assert "95%-interval" not in map_args(at)["feature_group"]
