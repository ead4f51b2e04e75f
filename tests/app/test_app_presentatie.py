"""Meeting mode: one region against Nederland per screen, stepped with buttons and arrow keys."""

from support.app_testing import APP, TIMEOUT, map_args, start
from streamlit.testing.v1 import AppTest

from dashboard.pages import presentatie
from monitor import palettes
from monitor import wording


def present(**params) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=TIMEOUT)
    at.query_params["modus"] = "presentatie"
    for name, value in params.items():
        at.query_params[name] = value
    at.run()
    assert not at.exception, at.exception
    assert not at.error, [e.value for e in at.error]
    return at


def shown_html(at: AppTest) -> str:
    return "\n".join(str(e.proto.body) for e in at.get("html"))


def test_link_opens_meeting_mode_with_region_against_nederland(monitor):
    at = present(regio="twente", indicator="aandeel_65_plus", jaar="2024")
    html = shown_html(at)
    assert "Twente: Aandeel 65 jaar of ouder, 2024" in html
    indicator = monitor.indicator("aandeel_65_plus")
    region = monitor.table("aandeel_65_plus", 2024, "regio").set_index("code").loc["twente"]
    national = monitor.national("aandeel_65_plus", 2024)
    for expected in (wording.value(indicator, region["value"]), wording.value(indicator, national["value"]),
                     wording.difference(indicator, region["diff"]), wording.verdict(region["verdict"])):
        assert expected in html, expected
    assert "Plaats" not in html, "a neutral indicator has no rank"
    assert "Bron: CBS" in html
    # No sidebar widgets and no page navigation: one message per screen.
    assert not at.sidebar.selectbox and not at.sidebar.button
    script = map_args(at)["script"]
    assert '"weight":6' in script, "the region is outlined thickly on the map"
    # A ranked (non-neutral) indicator shows the region's place.
    at = present(regio="twente", indicator="werkloosheid", jaar="2024")
    ranked = monitor.table("werkloosheid", 2024, "regio").set_index("code").loc["twente"]
    assert f"Plaats {int(ranked['rank'])} van 11" in shown_html(at)


def test_buttons_step_regions_and_indicators_and_write_the_url(monitor):
    regions = monitor.regions.ids()
    at = present(regio=regions[-1])
    at.button(key="p_next_region").click().run()
    assert at.session_state["region"] == regions[0], "wraps around after the last region"
    at.button(key="p_prev_region").click().run()
    assert at.session_state["region"] == regions[-1]
    assert at.query_params["regio"] in (regions[-1], [regions[-1]])
    cycle = presentatie.indicator_cycle(monitor)
    first = at.session_state["indicator"]
    at.button(key="p_next_indicator").click().run()
    assert at.session_state["indicator"] == cycle[(cycle.index(first) + 1) % len(cycle)]
    at.button(key="p_prev_indicator").click().run()
    assert at.session_state["indicator"] == first
    assert not at.exception


def test_shortcuts_are_arrow_keys_and_escape():
    at = present()
    shortcuts = {b.key: b.proto.shortcut.lower() for b in at.button}
    assert shortcuts["p_next_region"] == "right" and shortcuts["p_prev_region"] == "left"
    assert shortcuts["p_next_indicator"] == "down" and shortcuts["p_prev_indicator"] == "up"
    assert shortcuts["p_close"] in ("esc", "escape")


def test_enter_from_sidebar_and_close_again():
    at = start("vergelijken")
    at.selectbox(key="region").set_value("zuid_limburg").run()
    at.button(key="present").click().run()
    assert at.session_state["mode"] == "presentatie"
    assert "Zuid-Limburg:" in shown_html(at)
    assert at.query_params["modus"] in ("presentatie", ["presentatie"])
    at.button(key="p_close").click().run()
    assert at.session_state["mode"] is None and "modus" not in at.query_params
    assert at.title[0].value == "Vergelijken", "closing returns to the page it came from"


def test_auto_advance_toggle_turns_on_with_its_interval_and_keeps_the_screen():
    at = present()
    before = shown_html(at)
    at.toggle(key="p_auto").set_value(True).run()
    assert not at.exception and not at.error
    assert at.toggle(key="p_auto").value is True
    interval = at.selectbox(key="p_auto_seconds")
    assert interval.value == presentatie.AUTO_SECONDS[1] and list(interval.options) == [
        f"{s} seconden" for s in presentatie.AUTO_SECONDS]
    assert shown_html(at) == before, "turning auto-advance on does not jump to another screen at once"


def test_auto_advance_order():
    regions, indicators = ["a", "b", "c"], ["x", "y"]
    assert presentatie.next_screen(regions, indicators, "a", "x") == ("b", "x")
    assert presentatie.next_screen(regions, indicators, "c", "x") == ("a", "y")
    assert presentatie.next_screen(regions, indicators, "c", "y") == ("a", "x")


def test_indicator_cycle_has_only_indicators_with_region_values(monitor):
    cycle = presentatie.indicator_cycle(monitor)
    values = monitor.values
    for indicator_id in cycle:
        rows = values[(values["indicator"] == indicator_id) & (values["level"] == "regio")]
        assert rows["value"].notna().any(), indicator_id
    assert len(cycle) >= 45


def test_missing_region_value_says_why(monitor):
    values = monitor.values
    gap = values[(values["level"] == "regio") & values["value"].isna() & values["reason"].notna()]
    gap = gap[gap["indicator"].astype(str).isin(presentatie.indicator_cycle(monitor))].iloc[0]
    at = present(regio=str(gap["code"]), indicator=str(gap["indicator"]), jaar=str(int(gap["year"])))
    html = shown_html(at)
    assert wording.MISSING_TEXT in html and "Waarom:" in html


def test_verdict_badge_text_is_readable():
    for colour in palettes.VERDICT_COLOURS.values():
        assert palettes.contrast_ratio(palettes.readable_text(colour), colour) >= 4.5, colour


def test_map_fits_the_region_and_the_legend_stands_beside_it(monitor):
    from monitor.maps import folium_elements, web_geometry

    geometry = web_geometry.prepare_geometry(monitor)
    at = present(regio="zeeuws_vlaanderen", indicator="aandeel_65_plus")
    args = map_args(at)
    (south, west), (north, east) = geometry.bounds["zeeuws_vlaanderen"]
    # The map fits itself to the region at whatever width the screen gives it; no centre/zoom from Python.
    assert args.get("center") is None and args.get("zoom") is None
    assert f"[[{south},{west}],[{north},{east}]], 24)" in args["script"] and "map.fitBounds(bounds" in args["script"]
    assert "L.control({position" not in args["script"], "no legend over the map"
    legends = [h for h in at.get("html") if 'class="npvr-legend"' in h.proto.body]
    assert len(legends) == 1 and "Nederland: 20,8%" in legends[0].proto.body
    assert "Zeeuws-Vlaanderen" in args["script"] and folium_elements.LABEL_CLASS in args["script"]


def figures(at: AppTest) -> str:
    return "\n".join(str(e.proto.body) for e in at.get("html") if "npvr-p-figure" in e.proto.body)


def test_low_coverage_shows_the_share_and_no_verdict_or_rank(monitor):
    at = present(regio="zeeuws_vlaanderen", indicator="vertrouwen_instituties", jaar="2023")
    html = figures(at)
    assert "Dekking: 52% van de inwoners · te weinig voor een oordeel en een rang" in html
    assert "Plaats" not in html and 'class="npvr-p-verdict"' not in html
    at = present(regio="achterhoek", indicator="vertrouwen_instituties", jaar="2023")
    html = figures(at)
    assert "Dekking" not in html and "Plaats 1 van 8" in html and "3 regio('s) zonder rang" in html


def test_old_data_is_marked_in_meeting_mode():
    html = shown_html(present(regio="twente", indicator="natuur_en_bos"))
    assert "Let op: meest recente cijfer is van 2017 (andere indicatoren tot 2025)" in html
    assert "Let op" not in shown_html(present(regio="twente", indicator="aandeel_65_plus"))


def test_story_slides_stacking_and_trends_per_region():
    at = present(regio="twente")
    at.button(key="p_slide_stapeling").click().run()
    html = shown_html(at)
    assert "Twente: waar stapelen de opgaven zich op?" in html
    assert "ongunstiger dan NL" in html and "Totaal" in html and "Bron: CBS" in html
    assert "meest recente jaar met gegevens (20" in html  # the years are stated
    at.button(key="p_next_region").click().run()
    assert "Zeeuws-Vlaanderen: waar stapelen" in shown_html(at)
    at.button(key="p_slide_trends").click().run()
    html = shown_html(at)
    assert "Zeeuws-Vlaanderen: wat verbeterde en wat verslechterde ten opzichte van Nederland" in html
    assert "Theil" not in html and "naar Nederland toe" not in html  # plain Dutch: better or worse for the region
    assert at.query_params["dia"] == "trends"  # a shared link opens the same slide
    assert "Zeeuws-Vlaanderen: wat verbeterde" in shown_html(present(regio="zeeuws_vlaanderen", dia="trends"))
    # Only what works on a story slide: no indicator buttons there.
    assert not [b for b in at.button if b.key in ("p_prev_indicator", "p_next_indicator")]
    at.button(key="p_slide_indicator").click().run()
    assert "Zeeuws-Vlaanderen: " in shown_html(at) and "wat verbeterde" not in shown_html(at)
    assert at.button(key="p_next_indicator")
    assert not at.exception


def test_trends_slide_says_what_improved_and_worsened_in_its_own_unit(monitor):
    """Issue 24: favourable and unfavourable apart (losing a lead is worse), only clear changes against
    the tolerance, each in its own unit, and low-coverage survey figures left out with a word."""
    from monitor.story import trends
    from monitor.story.gather import story_for

    html = shown_html(present(regio="zeeuws_vlaanderen", dia="trends"))
    found = trends.developments(story_for(monitor).trends, monitor.catalogue, "zeeuws_vlaanderen")
    assert len(found) and (found["maat"] > trends.MATTERS).all()
    better, worse = html.split("Verbeterd</b>")[1].split("Verslechterd</b>")
    wealth = monitor.indicator("mediaan_vermogen")  # ahead of Nederland, the lead shrinks: worse, not "closing"
    assert "mediaan_vermogen" in set(found["indicator"]) and wealth.title not in better
    assert found.set_index("indicator").loc["mediaan_vermogen", "ontwikkeling"] == "ongunstig"
    doctors = monitor.indicator("aantal_huisartsenpraktijken_3km")
    assert doctors.title in better and "huisartsenpraktijken (2010)" in better  # in its own unit, not "aantal"
    assert "marge" in html and "te weinig dekking" in html
    assert monitor.indicator("vertrouwen_andere_mensen").title not in worse  # 52 % coverage: not counted


def test_coverage_of_area_indicators_is_a_share_of_the_land_on_the_slides(monitor, monkeypatch):
    """Issue 24: an area indicator's coverage is a share of the land area, not of the inhabitants; the slides
    say so with the map's words (wording.coverage_base). The snapshot has no area value below full coverage
    that is shown, so the tests treat every value as partly covered."""
    from dashboard import story_slides

    area = [i.id for i in monitor.catalogue.indicators if i.aggregation == "area_mean"]
    assert area and all(wording.coverage_base(monitor.indicator(i)) == "het land" for i in area)
    assert wording.coverage_base(monitor.indicator("vertrouwen_instituties")) == "de inwoners"

    monkeypatch.setattr(wording, "coverage_below_full", lambda coverage: True)
    html = presentatie.figures_html(monitor, "bebouwd_terrein", "twente", 2017)
    assert "Dekking: 100% van het land" in html and "van de inwoners" not in html

    monkeypatch.setattr(wording, "unjudged", lambda coverage: True)  # every series too thin: all are listed
    note = story_slides.trends_html(monitor, "twente").split("Niet meegeteld")[1]
    assert "van de inwoners of het land" in note


def test_border_slide_beside_the_neighbours_with_eurostat_as_source():
    at = present(regio="zuid_limburg", dia="grens")
    html = shown_html(at)
    assert "Zuid-Limburg: over de grens" in html and "Städteregion Aachen (DEA2D)" in html
    assert "Bron: Eurostat" in html and "nama_10r_3gdp" in html and "Bron: CBS" not in html
    assert "34.900 (voorlopig)" in html  # NL423 2020 in PPS, provisional
    assert "— (geen cijfer)" not in html  # the latest year: Hasselt has a value again
    at.button(key="p_next_region").click().run()
    assert "ligt niet aan de landgrens" in shown_html(at)  # Zuidoost-Fryslân comes after Zuid-Limburg
    assert at.query_params["dia"] == "grens"
    assert "benadering" in shown_html(present(regio="regio_emmen", dia="grens"))
    assert not at.exception
