"""Opgaven page: the stacking heatmap, a cell's indicators and the convergence tables."""

import json

from support.app_testing import captions, start


def test_heatmap_table_sorted_and_cell_opens_indicators():
    at = start("opgaven")
    assert at.title[0].value.startswith("Opgaven")
    heat = at.dataframe[0].value
    assert len(heat) == 11 and {"Totaal ongunstiger", "Beoordeeld", "Zonder oordeel"} <= set(heat.columns)
    assert heat["Totaal ongunstiger"].tolist() != sorted(heat["Totaal ongunstiger"])  # most unfavourable first
    at.selectbox(key="opgaven_sort").set_value("naam").run()
    assert at.dataframe[0].value["Regio"].tolist() == sorted(at.dataframe[0].value["Regio"])
    at.selectbox(key="cell_region").set_value("twente").run()
    at.selectbox(key="cell_group").set_value("voorzieningen").run()
    cell = at.dataframe[1].value
    assert {"Indicator", "Jaar", "Regio", "Nederland", "Oordeel", "Positie onder 40 COROP-gebieden"} <= set(cell.columns)
    assert "Afstand tot huisartsenpraktijk" in set(cell["Indicator"])
    assert cell["Jaar"].str.fullmatch(r"\d{4}|—").all()
    assert "Twente · Voorzieningen" in captions(at) or "Twente ·" in captions(at)
    assert not at.exception


def test_grouping_by_goal_and_convergence_for_the_sidebar_region():
    at = start("opgaven")
    at.radio(key="opgaven_group").set_value("doel").run()
    heat = at.dataframe[0].value
    assert [c for c in heat.columns if c[0] in "123"] == [c for c in heat.columns if c[:2] in ("1.", "2.", "3.")]
    at.selectbox(key="region").set_value("regio_emmen").run()
    summary = next(d.value for d in at.dataframe if "naar Nederland toe" in d.value.columns)
    assert len(summary) == 12 and summary["Regio"].iloc[-1] == "NPVR (11 regio's samen)"  # the regions, then all
    assert summary.iloc[:, 1:].sum(axis=1).iloc[-1] > 0
    ranked = next(d.value for d in at.dataframe if "Helling van het verschil" in d.value.columns)
    assert set(ranked["Oordeel"]) <= {"naar Nederland toe", "stabiel", "kruist Nederland", "van Nederland af", "onbepaald"}
    assert set(ranked["Ontwikkeling voor de regio"]) <= {"gunstig", "ongunstig", "—"}
    assert ranked["Jaren"].str.fullmatch(r"\d{4}–\d{4}").all()
    order = ranked["Oordeel"].tolist()
    assert order.index("naar Nederland toe") < order.index("van Nederland af")  # closing first, widening last
    assert any("Regio Emmen: waar sluit de kloof" in s.value for s in at.subheader)
    assert "Bron: CBS" in captions(at)
    assert not at.exception


def test_cell_click_applies_once(monkeypatch):
    """A heatmap click opens its cell; afterwards the choosers stay free (the chart repeats its selection)."""
    import streamlit as st

    from dashboard.pages import opgaven

    class Event:
        selection = {"cel": [{"regio": "twente", "groep": "demografie"}]}

    state = {}
    monkeypatch.setattr(st, "session_state", state)
    opgaven._take_click(Event(), ["twente", "achterhoek"])
    assert state["cell_region"] == "twente" and state["cell_group"] == "demografie"
    state["cell_region"] = "achterhoek"  # the user picks another region below the chart
    opgaven._take_click(Event(), ["twente", "achterhoek"])
    assert state["cell_region"] == "achterhoek"


def test_story_downloads_offered():
    at = start("opgaven")
    labels = [b.proto.label for b in at.get("download_button")]
    assert labels == ["nulmeting.csv", "voortgang.csv",  # the Voortgang section's files
                      "stapeling.csv", "trends.csv", "peers.csv", "prognose.csv"]


def test_pages_show_no_stray_text():
    """A bare string in a page script is drawn by Streamlit's "magic": page scripts may hold none
    beyond their module docstring."""
    import ast
    from pathlib import Path

    for path in sorted(Path(__file__).resolve().parents[2].glob("dashboard/pages/*.py")):
        body = ast.parse(path.read_text(encoding="utf-8")).body
        stray = [n.lineno for n in body[1:] if isinstance(n, ast.Expr) and isinstance(n.value, ast.Constant)
                 and isinstance(n.value.value, str)]
        assert stray == [], f"{path.name}: bare strings at lines {stray} would be shown on the page"
    at = start("opgaven")
    assert not any("Widget keys" in m.value for m in at.markdown)


def test_trend_charts_colour_favourable_blue_and_unfavourable_orange_for_the_region(monitor):
    """Issue 24: colour means one thing; 'towards Nederland' can be losing a lead, so the charts colour
    by what the change means for the region, in the map's and the slides' blue/orange."""
    from dashboard import story_views
    from monitor import palettes
    from monitor.story.gather import story_for

    chart = story_views.small_multiples(monitor, story_for(monitor), "zeeuws_vlaanderen",
                                        ["afstand_ziekenhuis", "mediaan_vermogen"]).to_dict()
    rows = next(iter(chart["datasets"].values()))
    meaning = {r["Indicator"]: r["Voor de regio"] for r in rows}
    assert meaning[monitor.indicator("mediaan_vermogen").title] == "verslechterd t.o.v. Nederland"  # lead shrinks
    # Closer to a hospital than before, against Nederland (since issue 22's labour figures, unemployment's lead shrinks).
    assert meaning[monitor.indicator("afstand_ziekenhuis").title] == "verbeterd t.o.v. Nederland"
    scale = chart["spec"]["layer"][0]["encoding"]["color"]["scale"]
    assert dict(zip(scale["domain"], scale["range"]))["verbeterd t.o.v. Nederland"] == palettes.VERDICT_COLOURS["gunstiger"]


def test_a_phone_gets_the_heatmap_as_a_list_per_region_with_its_numbers_and_colours():
    """Issue 24: the five-column heatmap is unreadable at 390 px; below Streamlit's phone breakpoint the page
    shows a list per region (its counts per theme in the heatmap's colours) and hides the chart (CSS)."""
    import re

    from dashboard import story_views as views

    at = start("opgaven")
    bodies = [h.proto.body for h in at.get("html")]
    css = next(b for b in bodies if "@media" in b)
    assert re.search(rf"max-width: {views.NARROW_PX}px\) {{ \.st-key-opgaven_heat_wide {{ display: none", css)
    assert re.search(rf"min-width: {views.NARROW_PX + 1}px\) {{ \.st-key-opgaven_heat_narrow {{ display: none", css)
    listing = next(b for b in bodies if "npvr-heat-list" in b and "<details>" in b)
    heat = at.dataframe[0].value  # the heatmap's table, in the heatmap's order
    shown = re.findall(r"<summary><b>([^<]+)</b>: (\d+) van (\d+) ongunstiger", listing)
    assert [s[0] for s in shown] == heat["Regio"].tolist()
    assert [int(s[1]) for s in shown] == heat["Totaal ongunstiger"].tolist()
    assert [int(s[2]) for s in shown] == heat["Beoordeeld"].tolist()
    themes = len(heat.columns) - 4  # Regio, the themes, three totals
    assert listing.count("<tr>") == 11 * themes  # every region's themes
    # The colours are the heatmap's scale: its ends, and a cell's colour from its own share.
    assert views.heat_colour(0) == views.HEAT_COLOURS[0] and views.heat_colour(100) == views.HEAT_COLOURS[-1]
    cell = re.search(r'background:(#[0-9a-f]{6});color:#[0-9a-f]{6}"><b>(\d+)</b> van (\d+)</td>', listing)
    worse, judged = int(cell.group(2)), int(cell.group(3))
    assert cell.group(1) == views.heat_colour(round(100 * worse / judged) if judged else float("nan"))


def test_trend_table_gives_the_toelichting_its_width():
    """Issue 24: the trend table's Toelichting was cut off (a data grid does not wrap): its column is as wide
    as its longest text."""
    at = start("opgaven")
    grid = next(d for d in at.dataframe if "Toelichting" in d.value.columns)
    config = json.loads(grid.proto.columns)
    longest = grid.value["Toelichting"].str.len().max()
    assert config["Toelichting"]["width"] >= longest * 7
    assert config["Indicator"]["pinned"] is True


def test_heatmap_headers_turn_where_the_columns_are_narrow():
    """Issue 24: nine theme headers overlapped at 1366 and 1280 px. The browser turns them (one line each) when a
    column is narrower than HEADER_MIN_PX, keeps the rows' height (fit-x) and makes room above them."""
    from dashboard import story_views as views

    at = start("opgaven")
    spec = json.loads(next(c for c in at.get("vega_lite_chart") if "ongunstiger van beoordeeld" in c.proto.spec).proto.spec)
    axis = spec["layer"][0]["encoding"]["x"]["axis"]
    narrow = f"(containerSize()[0] - {views.Y_LABELS_PX}) / 9 < {views.HEADER_MIN_PX}"
    assert axis["labelAngle"] == {"expr": f"{narrow} ? -{views.HEADER_ANGLE} : 0"}
    assert axis["labelExpr"].startswith(f"{narrow} ? datum.label : ")
    assert spec["autosize"]["type"] == "fit-x" and narrow in spec["padding"]["expr"]
