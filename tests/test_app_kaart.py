"""Kaart page, driven through its real widgets on the real snapshot."""

from app_testing import captions, map_args, start

from dashboard import state


def test_kaart_default_map_has_legend_vintage_and_local_leaflet():
    at = start()
    assert at.title[0].value == "Kaart"
    assert at.subheader[0].value.startswith("Tevredenheid met het leven, ")
    args = map_args(at)
    assert "npvr-legend" in args["script"] and "geen gegevens" in args["script"]
    assert "NPVR-regio" in args["script"]
    assert args["js_links"] == [state.asset_url() + "/leaflet.js"]
    assert args["returned_objects"] == ["last_active_drawing"]
    assert len(args["script"]) < 300_000
    assert "Bron: CBS (CC BY 4.0), snapshot van" in captions(at)


def test_kaart_indicator_year_level_and_zoom():
    at = start()
    at.selectbox(key="indicator").set_value("werkloosheid").run()
    at.selectbox(key="year").set_value(2020).run()
    assert at.subheader[0].value == "Werkloosheid, 2020"
    gemeente_script = map_args(at)["script"]
    at.radio(key="level").set_value("regio").run()
    script = map_args(at)["script"]
    assert script != gemeente_script and "buiten de NPVR-regio" in script
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


def test_kaart_natural_breaks():
    at = start()
    at.selectbox(key="scheme").set_value("natural_breaks").run()
    assert "natuurlijke grenzen" in map_args(at)["script"]
