"""Vergelijken page: the ranking of the regions and Nederland, and the time series."""

from app_testing import captions, start


def test_rank_table_has_eleven_regions_and_nederland():
    at = start("vergelijken")
    assert at.title[0].value == "Vergelijken"
    table = at.dataframe[0].value
    assert len(table) == 14  # 11 regions, NPVR samen, overig Nederland, Nederland
    assert "Nederland" in set(table["Gebied"])
    assert (table.loc[table["Gebied"] == "Nederland", "Oordeel"] == "referentie").all()
    assert len(at.get("vega_lite_chart")) == 2
    assert "Bron: CBS" in captions(at)


def test_rank_order_follows_direction():
    at = start("vergelijken")
    at.selectbox(key="indicator").set_value("werkloosheid").run()
    at.selectbox(key="year").set_value(2023).run()
    table = at.dataframe[0].value
    regions = table[table["Rang"] != "—"]
    assert regions["Rang"].tolist() == [str(i) for i in range(1, 12)]
    values = [float(v.rstrip("%").replace(".", "").replace(",", ".")) for v in regions["Waarde"]]
    assert values == sorted(values), "lower unemployment is better, so it ranks first"
    at.selectbox(key="region").set_value("twente").run()
    assert "Gekleurd: Twente" in captions(at)


def test_single_year_indicator_has_no_time_series():
    at = start("vergelijken")
    at.selectbox(key="indicator").set_value("levensverwachting").run()
    assert any("maar één jaar" in i.value for i in at.info)
    assert len(at.dataframe[0].value) == 14


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
    verdicts = set(at.dataframe[0].value["Oordeel"]) - {"referentie"}
    assert "hoger dan Nederland" in verdicts
    assert not any("gunstig" in v for v in verdicts)


def test_programme_areas_beside_nederland_unranked():
    at = start("vergelijken")
    ranking = at.dataframe[0].value
    rows = ranking.set_index("Gebied")
    assert {"NPVR (11 regio's samen)", "overig Nederland", "Nederland"} <= set(rows.index)
    assert rows.loc["NPVR (11 regio's samen)", "Rang"] == "—" and rows.loc["overig Nederland", "Rang"] == "—"
    assert sorted(int(r) for r in ranking["Rang"] if r != "—") == list(range(1, 12))
