"""Shareable views: the URL restores the view, follows every change, and survives bad parameters."""

from pathlib import Path

from support.app_testing import APP, TIMEOUT, legend, map_args, start
from streamlit.testing.v1 import AppTest

from dashboard import registry, urlstate


def open_link(params: dict, page: str | None = None) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=TIMEOUT)
    for name, value in params.items():
        at.query_params[name] = value
    at.run()
    if page:
        at.switch_page(registry.page(page).script).run()
    assert not at.exception, at.exception
    return at


def url(at: AppTest) -> dict[str, str]:
    """The app's current query parameters as ``{name: last value}``."""
    return {name: (value[-1] if isinstance(value, list) else value) for name, value in at.query_params.items()}


def test_link_restores_indicator_year_region_level_zoom_and_classes():
    national_zoom = map_args(start())["zoom"]
    at = open_link({"indicator": "werkloosheid", "jaar": "2020", "regio": "twente", "niveau": "regio",
                    "zoom": "twente", "klassen": "natuurlijk"})
    assert at.subheader[0].value == "Werkloosheid, 2020"
    assert at.selectbox(key="indicator").value == "werkloosheid"
    assert at.selectbox(key="year").value == 2020
    assert at.session_state["region"] == "twente"  # Kaart has no region box: its zoom is the region
    assert at.radio(key="level").value == "regio"
    assert at.selectbox(key="scheme").value == "natural_breaks"
    args = map_args(at)
    assert "buiten de NPVR-regio" in legend(at) and "natuurlijke grenzen" in legend(at)
    assert args["zoom"] > national_zoom
    assert not at.info, "a valid link gives no notice"


def test_every_change_is_written_to_the_url():
    at = start()
    assert url(at)["indicator"] == "aandeel_65_plus" and url(at)["jaar"] == "recent"
    assert url(at)["klassen"] == "nederland"
    at.selectbox(key="indicator").set_value("aandeel_65_plus").run()
    at.selectbox(key="year").set_value(2024).run()
    at.session_state["region"] = "zuid_limburg"  # on Kaart a click on the map sets the region (no region box)
    at.run()
    at.radio(key="level").set_value("regio").run()
    assert {k: url(at)[k] for k in ("indicator", "jaar", "regio", "niveau")} == {
        "indicator": "aandeel_65_plus", "jaar": "2024", "regio": "zuid_limburg", "niveau": "regio"}
    # Streamlit clears query parameters when the page changes; the app writes them back.
    at.switch_page(registry.page("vergelijken").script).run()
    assert url(at)["indicator"] == "aandeel_65_plus" and url(at)["regio"] == "zuid_limburg"


def test_written_url_opens_the_same_view_elsewhere():
    at = start("vergelijken")
    at.selectbox(key="indicator").set_value("bevolkingsgroei").run()
    at.selectbox(key="region").set_value("regio_emmen").run()
    link = url(at)
    other = open_link(link, page="vergelijken")
    assert other.subheader[0].value == at.subheader[0].value
    assert other.table[0].value.equals(at.table[0].value)
    for key in ("indicator", "year", "region", "level", "zoom", "scheme"):
        assert other.session_state[key] == at.session_state[key], key


def test_bad_parameters_fall_back_to_defaults_with_a_notice():
    at = open_link({"indicator": "bestaat_niet", "jaar": "3000", "regio": "twente", "kleur": "rood"})
    notice = at.info[0].value
    assert "indicator=bestaat_niet" in notice and "jaar=3000" in notice and "kleur" in notice
    assert at.selectbox(key="indicator").value == "aandeel_65_plus"
    assert at.session_state["region"] == "twente"
    assert "kleur" not in url(at) and url(at)["indicator"] == "aandeel_65_plus"
    at.selectbox(key="year").set_value(2020).run()
    assert not at.info, "the notice is shown once"


def test_browser_back_to_an_older_url_restores_that_view():
    at = start()
    at.selectbox(key="indicator").set_value("werkloosheid").run()
    at.query_params.clear()
    at.query_params.update({"indicator": "aandeel_80_plus", "jaar": "recent", "regio": "twente"})
    at.run()
    assert at.selectbox(key="indicator").value == "aandeel_80_plus"
    assert at.session_state["region"] == "twente"


def test_url_parameter_names_are_stable():
    # Links already shared must keep working: these names are part of the public interface.
    assert urlstate.PARAMS == ("indicator", "jaar", "regio", "niveau", "zoom", "klassen", "modus", "dia")


def test_kaart_has_its_own_address():
    at = start()
    at.switch_page(registry.page("kaart").script).run()
    assert not at.exception and at.title[0].value == "Kaart" and map_args(at)


def test_page_addresses_are_stable():
    # Shared links name the page in the path: these addresses are part of the public interface too.
    assert [p.url_path for p in registry.PAGES] == ["kaart", "vergelijken", "regioprofiel", "opgaven",
                                                    "over-de-grens", "data-en-bronnen"]
    assert list(registry.MODES) == ["presentatie"] and urlstate.MODES == ("presentatie",)
    assert all((Path(APP).parent / p.script).is_file() for p in (*registry.PAGES, *registry.MODES.values()))
