"""Vergelijken page: the ranking of the regions and Nederland, and the time series."""

import json

from support.app_testing import captions, start

from monitor import wording


def test_rank_table_has_eleven_regions_and_nederland():
    at = start("vergelijken")
    assert at.title[0].value == "Vergelijken"
    assert not at.dataframe or len(at.dataframe) == 1, "only the series table scrolls, in its expander"
    table = at.table[0].value.reset_index()
    assert len(table) == 14  # 11 regions, NPVR samen, overig Nederland, Nederland
    assert "Nederland" in set(table["Gebied"])
    assert (table.loc[table["Gebied"] == "Nederland", "Oordeel"] == "referentie").all()
    assert {"Rang", "Waarde", "Verschil met NL", "Index (NL = 100)", "Oordeel", "Dekking"} <= set(table.columns)
    assert len(at.get("vega_lite_chart")) == 2
    assert "Bron: CBS" in captions(at)


def test_rank_order_follows_direction():
    at = start("vergelijken")
    at.selectbox(key="indicator").set_value("werkloosheid").run()
    at.selectbox(key="year").set_value(2023).run()
    table = at.table[0].value.reset_index()
    regions = table[~table["Gebied"].isin(["Nederland", "NPVR (11 regio's samen)", "overig Nederland"])]
    assert regions["Rang"].tolist() == [str(i) for i in range(1, 12)]
    values = [float(v.rstrip("%").replace(".", "").replace(",", ".")) for v in regions["Waarde"]]
    assert values == sorted(values), "lower unemployment is better, so it ranks first"
    at.selectbox(key="region").set_value("twente").run()
    assert "Gekleurd: Twente" in captions(at)


def test_low_coverage_gets_no_verdict_and_no_rank():
    at = start("vergelijken")
    at.selectbox(key="indicator").set_value("vertrouwen_instituties").run()
    at.selectbox(key="year").set_value(2023).run()
    table = at.table[0].value.reset_index().set_index("Gebied")
    zv = table.loc["Zeeuws-Vlaanderen"]
    assert zv["Rang"] == "—" and zv["Oordeel"] == "geen oordeel (te weinig dekking)" and zv["Dekking"] == "52%"
    ranked = [r for r in table["Rang"] if r != "—"]
    assert ranked == [str(i) for i in range(1, len(ranked) + 1)] and len(ranked) == 8
    assert table.loc["Achterhoek", "Dekking"] == "volledig"
    assert "Onder 80% geen oordeel en geen rang" in captions(at)


def test_time_axis_is_spaced_by_years():
    at = start("vergelijken")
    at.selectbox(key="indicator").set_value("ervaren_gezondheid").run()
    spec = json.loads(at.get("vega_lite_chart")[1].proto.spec)

    def encodings(part):  # the lines are layers (context, NPVR, region, Nederland), with the breaks beside them
        if isinstance(part, dict):
            if "x" in part.get("encoding", {}):
                yield part["encoding"]["x"]
            for child in part.get("layer", []):
                yield from encodings(child)

    xs = list(encodings(spec))
    assert xs and all(x["field"] == "year" and x["type"] == "quantitative" for x in xs if x.get("field") == "year")
    assert any(x.get("field") == "year" for x in xs)


def test_single_year_indicator_has_no_time_series():
    at = start("vergelijken")
    at.selectbox(key="indicator").set_value("levensverwachting").run()
    assert any("maar één jaar" in i.value for i in at.info)
    assert len(at.table[0].value) == 14


def test_series_break_and_direction_reason_are_shown():
    at = start("vergelijken")
    at.selectbox(key="indicator").set_value("afstand_overstapstation").run()
    texts = " ".join(t.value for t in at.text)
    assert "Reeksbreuk 2019" in texts and "Reeksbreuk 2021" in texts
    assert "Waarom deze richting: Een kortere afstand" in texts
    chart = at.get("vega_lite_chart")[-1].proto.spec
    assert "Reeksbreuk" in chart and "breuk" in chart


def test_neutral_age_structure_is_higher_or_lower_not_better():
    at = start("vergelijken")
    at.selectbox(key="indicator").set_value("aandeel_65_plus").run()
    verdicts = set(at.table[0].value["Oordeel"]) - {"referentie"}
    assert "hoger dan Nederland" in verdicts
    assert not any("gunstig" in v for v in verdicts)


def test_programme_areas_beside_nederland_unranked():
    at = start("vergelijken")
    assert all(r == "—" for r in at.table[0].value.reset_index()["Rang"])  # the default indicator is neutral: no rank at all
    at.selectbox(key="indicator").set_value("werkloosheid").run()
    ranking = at.table[0].value.reset_index()
    rows = ranking.set_index("Gebied")
    assert {"NPVR (11 regio's samen)", "overig Nederland", "Nederland"} <= set(rows.index)
    assert rows.loc["NPVR (11 regio's samen)", "Rang"] == "—" and rows.loc["overig Nederland", "Rang"] == "—"
    assert sorted(int(r) for r in ranking["Rang"] if r != "—") == list(range(1, 12))


def test_time_series_has_the_eleven_regions_together_dashed(monitor):
    at = start("vergelijken")
    at.selectbox(key="indicator").set_value("werkloosheid").run()
    spec = at.get("vega_lite_chart")[1].proto.spec
    assert "NPVR (11 regio's samen)" in spec and '"strokeDash"' in spec
    table = at.dataframe[0].value.set_index("Gebied")  # the chart's table: the programme has its row
    npvr = monitor.series("werkloosheid", ["npvr"]).dropna(subset=["value"]).iloc[-1]
    assert table.loc["NPVR (11 regio's samen)", str(int(npvr["year"]))] == wording.value(
        monitor.indicator("werkloosheid"), npvr["value"])
    assert "gestreept: de elf regio's samen" in captions(at)


def test_rank_table_shows_the_95_percent_margin_of_survey_estimates():
    from dashboard.pages.vergelijken import rank_table
    from dashboard.state import get_monitor

    monitor = get_monitor()
    table = rank_table(monitor, "mantelzorgers", 2022).set_index("Gebied")
    assert "95%-marge" in table.columns and table.loc["Nederland", "95%-marge"] == "13,2–13,5"
    assert table.loc["Twente", "Oordeel"] == "gelijk aan Nederland (binnen de marge)"
    assert "95%-marge" not in rank_table(monitor, "mantelzorgers", 2020).columns  # CBS published no bounds
    assert "95%-marge" not in rank_table(monitor, "werkloosheid", 2023).columns


def test_ranked_bars_draw_the_95_percent_margin():
    from dashboard.pages.vergelijken import ranking
    from dashboard.state import get_monitor

    chart, _, _, margins = ranking(get_monitor(), "mantelzorgers", 2022)
    spec = json.dumps(chart.to_dict())
    assert '"x2": {"field": "upper"' in spec and "95%-marge" in spec
    # The whiskers are explained where they are drawn, with the approximation of the regions' intervals.
    assert margins.startswith("Zwarte streep: het 95%-interval van CBS") and "onafhankelijk" in margins
    chart, _, _, margins = ranking(get_monitor(), "mantelzorgers", 2020)
    assert "95%-marge" not in json.dumps(chart.to_dict())
    assert margins.startswith("Geen marge: CBS publiceert voor 2020 geen 95%-grenzen")  # said, never invented
    assert ranking(get_monitor(), "werkloosheid", 2023)[3] is None  # not a survey: nothing to say


def test_on_a_phone_the_ranked_bars_leave_room_for_the_bars_and_the_legend():
    """At 390 px the region names took half the width and the legend, which starts at the plot's left edge,
    was cut off ("gelijk aan Nederlan"): in a narrow chart the names get 115 px and the legend one column.
    The value's text stands right of the margin's whisker, which crossed it."""
    from dashboard.pages.vergelijken import ranking
    from dashboard.state import get_monitor

    spec = ranking(get_monitor(), "psychische_klachten", 2022)[0].to_dict()
    assert spec["config"]["axis"]["labelLimit"] == {"expr": "containerSize()[0] < 600 ? 115 : 320"}
    [bars] = [layer for layer in spec["layer"] if layer["mark"]["type"] == "bar"]
    assert bars["encoding"]["color"]["legend"]["columns"] == {"expr": "containerSize()[0] < 600 ? 1 : 2"}
    [text] = [layer for layer in spec["layer"] if layer["mark"]["type"] == "text" and "transform" in layer]
    assert "datum.upper" in text["transform"][0]["calculate"]


def test_the_page_says_how_the_margins_of_the_ranked_bars_are_made():
    at = start("vergelijken")
    at.selectbox(key="indicator").set_value("psychische_klachten").run()
    assert not at.exception
    assert "Zwarte streep: het 95%-interval van CBS" in captions(at)


def test_time_series_draws_the_95_percent_interval_of_survey_years():
    """Issue 20: the trend chart shows CBS's 95 % interval as a bar in the years that have bounds (2022 of
    the Gezondheidsmonitor), with the approximation said once; none in the years without bounds."""
    from dashboard.pages.vergelijken import over_time
    from dashboard.state import get_monitor

    lines, chart = over_time(get_monitor(), "mantelzorgers", "twente")
    spec = chart.to_dict()

    def marks(part):
        if isinstance(part, dict):
            encoding = part.get("encoding", {})
            if encoding.get("y2", {}).get("field") == "upper":
                yield part
            for child in part.get("layer", []):
                yield from marks(child)

    [bars] = list(marks(spec))
    assert bars["encoding"]["y"]["field"] == "lower"
    rows = spec["datasets"][bars["data"]["name"]]
    assert rows and {row["year"] for row in rows} == {2022}
    assert all(row["lower"] < row["value"] < row["upper"] and "–" in row["marge"] for row in rows)
    twente = lines[(lines["name"] == "Twente") & (lines["year"] == 2022)].iloc[0]
    assert twente["label"].endswith(f"(95%-interval {twente['margin']})")  # tooltip and the table beside the chart
    assert "95%-interval" not in " ".join(lines.loc[lines["year"] != 2022, "label"])
    at = start("vergelijken")
    at.selectbox(key="indicator").set_value("mantelzorgers").run()
    assert wording.INTERVAL_APPROXIMATION in captions(at)
    at.selectbox(key="indicator").set_value("werkloosheid").run()
    assert wording.INTERVAL_APPROXIMATION not in captions(at)
