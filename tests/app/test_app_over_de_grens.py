"""Over de grens page: a border region beside its neighbours (Eurostat), and a region without a land border."""

import pandas as pd

from support.app_testing import captions, start


def _texts(at) -> str:
    return "\n".join(t.value for t in at.text)


def test_a_border_region_with_neighbours_flags_and_sources():
    at = start("over_de_grens")
    at.selectbox(key="region").set_value("noord_limburg").run()
    assert not at.exception, at.exception
    assert at.title[0].value == "Over de grens" and at.header[0].value == "Noord-Limburg"
    summary = at.dataframe[0].value
    assert list(summary["Gebied"]) == ["Noord-Limburg (NL421)", "Viersen (DEA1E)", "Kleve (DEA1B)", "Nederland",
                                       "België", "Duitsland"]
    pps = next(c for c in summary.columns if c.startswith("Bbp/inw. PPS"))
    assert pps == "Bbp/inw. PPS 2020 · index"
    assert summary.loc[0, pps] == "35.900 · 92 (voorlopig)"  # NL 2020: provisional; 35,900 / 39,200 PPS
    assert summary.loc[2, pps].endswith("(geschat)")  # German NUTS-3 2018-2021: estimated
    assert summary.loc[3, pps] == "39.200 · 100 (voorlopig)" and " · 100 " in summary.loc[5, pps]
    text = _texts(at)
    assert "achter Nederland" in text and "Relatief voor" in text and "Kleve" in text
    assert "Bron: Eurostat" in captions(at) and "nama_10r_3gdp" in captions(at) and "bijgewerkt 21 februari 2023" in captions(at)
    assert "komen overeen" in text  # NL421 agrees with CBS's COROP figure
    assert len(at.get("vega_lite_chart")) == 2  # index and level
    assert not at.warning  # an exact area: no approximation warning


def test_gaps_are_named_in_the_series_table():
    at = start("over_de_grens")
    at.selectbox(key="region").set_value("zuid_limburg").run()
    series = at.dataframe[1].value
    hasselt = series.set_index("Jaar")["Arr. Hasselt (BE224)"]
    assert hasselt["2012"] == "— (geen cijfer)" and hasselt["2008"].replace(".", "").isdigit()
    assert not at.exception


def test_an_approximate_area_under_its_own_name_and_groningen_apart_from_cbs():
    at = start("over_de_grens")
    at.selectbox(key="region").set_value("noord_en_oost_groningen").run()
    assert not at.exception, at.exception
    warning = at.warning[0].value
    assert "Oost-Groningen (NL111) en Delfzijl en omgeving (NL112)" in warning and "benadering" in warning
    assert "Het Hogeland" in warning and "63%" in warning
    assert "verschillen sterk" in _texts(at)
    at.radio(key="grens_indicator").set_value("bevolkingsgroei").run()
    series = at.dataframe[1].value.set_index("Jaar")
    assert series.loc["2020", "Oost-Groningen (NL111)"] == "— (breuk in reeks)"


def test_a_region_without_a_land_border_says_so():
    at = start("over_de_grens")
    at.selectbox(key="region").set_value("kop_van_noord_holland").run()
    assert not at.exception, at.exception
    assert "ligt niet aan de landgrens" in at.info[0].value and "Kop van Noord-Holland" in at.info[0].value
    assert not at.dataframe and "Bron: Eurostat" in captions(at)


def test_lines_break_at_gaps_and_breaks(monitor):
    from dashboard.border_views import chart
    from monitor.border.gather import border_for

    border = border_for(monitor)
    data = chart(border.region("zuid_limburg"), "bbp_per_inwoner_pps", index=True).layer[0].data
    hasselt = data[data["nuts_code"] == "BE224"]
    # Two lines, before and after the gap of 2009-2016: never drawn across it.
    assert hasselt["lijn"].nunique() == 2
    assert hasselt.groupby("lijn")["jaar"].agg(["min", "max"]).values.tolist() == [[2003, 2008], [2017, 2021]]
    assert not hasselt["jaar"].between(2009, 2016).any()
    assert data.loc[data["nuts_code"] == "BE332", "lijn"].nunique() == 1
    level = chart(border.region("noord_en_oost_groningen"), "bbp_per_inwoner_euro", index=False)
    groningen = level.data if isinstance(level.data, pd.DataFrame) else level.layer[0].data
    nl111 = groningen[groningen["nuts_code"] == "NL111"].set_index("jaar")["lijn"]
    assert nl111[2018] != nl111[2019]  # the Menterwolde shift
