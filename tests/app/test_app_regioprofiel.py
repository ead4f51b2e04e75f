"""Regioprofiel page: one region against Nederland on every indicator."""

import json

import pandas as pd

from support.app_testing import start

from dashboard.pages.regioprofiel import trend_text
from dashboard.state import get_monitor


def test_profile_shows_region_nl_values_and_counts():
    at = start("regioprofiel")
    at.selectbox(key="region").set_value("zuid_limburg").run()
    assert at.title[0].value == "Regioprofiel: Zuid-Limburg"
    assert not at.dataframe, "no scroll boxes: every table is static and shows all its rows and columns"
    summary, members, *rest = [t.value for t in at.table]
    themes = [t for t in rest if "Oordeel" in t.columns]
    assert all("ongunstiger dan Nederland" in s for s in summary["Samenvatting"])
    assert "Maastricht" in set(members.index)
    assert len(themes) == len(summary)
    first = themes[0].reset_index()
    assert {"Indicator", "Regio", "Nederland", "Verschil", "Oordeel", "Dekking", "Trend"} <= set(first.columns)
    assert first["Nederland"].str.len().gt(0).all()
    assert first["Trend"].str.contains("sinds").any()


def test_profile_story_chart_and_counts_in_words():
    at = start("regioprofiel")
    at.selectbox(key="region").set_value("zeeuws_vlaanderen").run()
    charts = [c for c in at.get("vega_lite_chart") if "Index (Nederland = 100)" in c.proto.spec]
    assert len(charts) == len(get_monitor().catalogue.themes), \
        "one index chart per theme at the top"
    spec = charts[0].proto.spec
    assert "Index (Nederland = 100)" in spec and "ongunstiger dan Nederland" in spec
    rows = {r: t.value.loc[r] for t in at.table[2:] if "Oordeel" in t.value.columns for r in t.value.index}
    assert rows["Inwoners"]["Regio"] == "106.125 inwoners", "counts worded as people say them"
    trust = rows["Vertrouwen in instituties"]
    assert trust["Dekking"] == "52%" and trust["Oordeel"] == "geen oordeel"
    assert rows["Natuur- en bosgebieden"]["Jaar"] == "2017 (oud)"
    assert any("Let op" in w.value for w in at.warning)
    assert any("Onder 80% geen oordeel en geen rang" in c.value for c in at.caption)


def test_profile_grouped_by_goal_in_order_and_year():
    at = start("regioprofiel")
    at.radio(key="profile_group").set_value("goal").run()
    # The index charts follow the grouping too (they are cached per region, year and grouping).
    titles = [json.loads(c.proto.spec)["title"] for c in at.get("vega_lite_chart")
              if "Index (Nederland = 100)" in c.proto.spec]
    assert titles and [t[0] for t in titles] == sorted(t[0] for t in titles) and titles[0].startswith("1")
    headers = [e.label for e in at.expander if "indicatoren," in e.label]  # one expander per group
    assert headers and [h[0] for h in headers] == sorted(h[0] for h in headers) and headers[0].startswith("1")
    summary = at.table[0].value
    assert [str(i)[0] for i in summary.index] == ["1", "2", "3"]
    at.selectbox(key="year").set_value(2020).run()
    profile = [t.value for t in at.table[2:] if "Oordeel" in t.value.columns]
    assert profile and all((t["Jaar"] == "2020").all() for t in profile)
    assert not at.exception


def test_trend_text():
    assert trend_text([2015, 2020], [10.0, 12.0], 0.5) == "↗ sinds 2015"
    assert trend_text([2015, 2020], [10.0, 10.3], 0.5) == "→ sinds 2015"
    assert trend_text([2015], [10.0], 0.5) == "—"


def test_profile_programme_peers_and_forecast():
    at = start("regioprofiel")
    at.selectbox(key="region").set_value("zuid_limburg").run()
    tables = {tuple(t.value.columns): t.value for t in at.table}
    profile = next(t for cols, t in tables.items() if "NPVR samen" in cols)
    assert {"NPVR samen", "Overig Nederland", "Nederland"} <= set(profile.columns)
    assert profile["NPVR samen"].str.contains(r"\d").any()
    assert [h.value for h in at.header] == ["Regio's zoals wij", "Bevolkingsprognose"]
    overview = next(t for cols, t in tables.items() if "Afstand (z-scores)" in cols)
    assert overview["Gebied"].iloc[0] == "Zuid-Limburg" and overview["Gebied"].iloc[-1] == "Nederland"
    assert len(overview) == 7 and overview["Code"].iloc[1:6].str.fullmatch(r"CR\d{2}").all()
    assert any("(20" in c for c in overview.columns)  # every profile figure names its year
    gaps = next(t for cols, t in tables.items() if "Achterstand gedeeld?" in cols)
    assert set(gaps["Achterstand gedeeld?"]) <= {"—", "ja, ook bij vergelijkbare regio's", "nee, alleen deze regio"}
    text = "\n".join(m.value for m in at.markdown)
    assert "Zuid-Limburg:" in text and "2023–2050" in text and "Bron: PBL/CBS" in text
    assert any("gemaakt in 2013" in e.label or "Oude prognose" in e.label for e in at.expander)
    assert not at.exception


def test_profile_forecast_estimate_is_labelled_schatting():
    # Issue 22: Noard-Fryslân has no forecast area of its own; its figure is an estimate at its
    # constant share of COROP Noord-Friesland, labelled as such (it had no figure before; a partial
    # sum such as Achterhoek = Doetinchem alone is never shown under a region's name).
    at = start("regioprofiel")
    at.selectbox(key="region").set_value("noard_fryslan").run()
    text = "\n".join(m.value for m in at.markdown)
    assert "**schatting**" in text and "CR04" in text and "constant verondersteld" in text
    table = next(t.value for t in at.table if "Inwoners (prognose)" in t.value.columns)
    assert table["Methode"].str.startswith("schatting").all()


def test_profile_is_navigable_and_the_forecast_names_its_gemeenten():
    """Issue 24: sections to jump to, at-a-glance first, groups to open; a partial forecast names its areas."""
    from dashboard.pages import regioprofiel

    at = start("regioprofiel")
    at.selectbox(key="region").set_value("achterhoek").run()
    nav = next(m.value for m in at.markdown if m.value.startswith("Op deze pagina"))
    for anchor, label in regioprofiel.SECTIONS:
        assert f"[{label}](#{anchor})" in nav
    subheaders = [s.value for s in at.subheader]
    assert subheaders.index("In één oogopslag") < subheaders.index("Alle indicatoren")
    assert [h.value for h in at.header][-2:] == ["Regio's zoals wij", "Bevolkingsprognose"]
    assert any("ongunstiger dan Nederland" in e.label for e in at.expander)
    text = "\n".join(m.value for m in at.markdown)
    # Since issue 22 Achterhoek's forecast is an estimate from its COROP area, named with its code.
    assert "GM0222" not in text and "CR14 Achterhoek" in text
    assert not at.exception


def test_profile_shows_the_95_percent_margin_of_survey_estimates():
    at = start("regioprofiel")
    at.selectbox(key="region").set_value("twente").run()
    rows = {r: t.value.loc[r] for t in at.table[2:] if "95%-marge" in t.value.columns for r in t.value.index}
    care = rows["Mantelzorgers"]
    low, high = (float(x.replace(",", ".")) for x in care["95%-marge"].split("–"))
    value = float(care["Regio"].rstrip("%").replace(".", "").replace(",", "."))
    assert low < value < high
    # Twente's interval reaches Nederland's 13,4 %: no verdict beyond the margin.
    assert care["Oordeel"] == "gelijk (binnen de marge)"
    assert rows["Wmo-cliënten per 1 000 inwoners"]["95%-marge"] == "—"  # a register count has no survey margin
    assert any("onafhankelijk" in c.value for c in at.caption)


def test_the_profile_charts_draw_the_margin_as_index_and_share_their_label_width():
    """Issue 20: the interval in the profile's charts too (as index: 100 × bound / Nederland), explained under
    them; every group's chart leaves the same room for its labels, so that the 100-lines are aligned."""
    from dashboard.pages.regioprofiel import profile_charts, profile_table

    monitor = get_monitor()
    table = profile_table(monitor, "twente", None).set_index("Indicator")
    care = table.loc["Mantelzorgers"]
    nl = monitor.national("mantelzorgers", care["year"])["value"]
    row = monitor.table("mantelzorgers", care["year"], "regio").set_index("code").loc["twente"]
    assert care["index_lower"] == 100 * row["lower_95"] / nl and care["index_upper"] == 100 * row["upper_95"] / nl
    assert care["index_lower"] < care["index"] < care["index_upper"]
    assert pd.isna(table.loc["Wmo-cliënten per 1 000 inwoners", "index_lower"])  # a register count: no margin
    specs = [chart.to_dict() for chart in profile_charts(monitor, "twente", None, "theme")]
    whiskers = [layer for spec in specs for layer in spec["layer"] if layer["encoding"].get("x2", {}).get("field")
                == "index_upper"]
    # Brede welvaart and Gezondheid en zorg hold Gezondheidsmonitor 2022 measures; the other themes none.
    assert len(whiskers) == 2 and {w["encoding"]["x"]["field"] for w in whiskers} == {"index_lower"}
    extents = {json.dumps([s["config"]["axisY"]["minExtent"], s["config"]["axisY"]["maxExtent"]]) for s in specs}
    assert len(specs) > 5 and len(extents) == 1
    # On a phone (a narrow chart) the names get 140 px instead of 285, so that the bars keep some room.
    assert extents == {json.dumps([{"expr": "containerSize()[0] < 600 ? 140 : 285"}] * 2)}
    at = start("regioprofiel")
    at.selectbox(key="region").set_value("twente").run()
    assert any(c.value.startswith("Zwarte streep: het 95%-interval van CBS als index") for c in at.caption)


def test_a_summed_forecast_names_its_areas():
    """Issue 24: the caveat of a forecast summed from areas names them, the code only where no name is known."""
    from dashboard.story_views import forecast_text

    info = {"prognose": "x", "methode": "som", "overeenkomst": "deel", "dekking": 0.96, "gebieden": "GM0222 CR14 GM9999",
            "groei": 1.0, "nl_groei": 2.0, "jaar_van": 2023, "jaar_tot": 2050}
    text = forecast_text(info, "Achterhoek", {"GM0222": "Doetinchem", "CR14": "Achterhoek"})
    assert "(Doetinchem, Achterhoek (COROP), GM9999)" in text and "GM0222" not in text


def test_the_forecast_chart_has_one_legend_with_colour_and_dash():
    """Issue 24: the forecast chart had no legend (``legend=None`` on the dash channel dropped the merged one).
    Both channels share field and title, so the browser draws one legend naming the region and Nederland."""
    at = start("regioprofiel")
    at.selectbox(key="region").set_value("noard_fryslan").run()
    specs = [json.loads(c.proto.spec) for c in at.get("vega_lite_chart")]
    spec = next(s for s in specs if s.get("encoding", {}).get("strokeDash"))
    colour, dash = spec["encoding"]["color"], spec["encoding"]["strokeDash"]
    assert colour["field"] == dash["field"]
    assert "legend" not in colour and "legend" not in dash  # neither channel hides the (merged) legend
    assert colour["scale"]["domain"] == ["Noard-Fryslân (schatting)", "Nederland"] == dash["scale"]["domain"]
    assert spec["config"]["legend"]["direction"] == "vertical"  # a phone cut the second entry beside a long name
