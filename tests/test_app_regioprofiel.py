"""Regioprofiel page: one region against Nederland on every indicator."""

from app_testing import start


def test_profile_shows_region_nl_values_and_counts():
    at = start("regioprofiel")
    at.selectbox(key="region").set_value("zuid_limburg").run()
    assert at.title[0].value == "Regioprofiel: Zuid-Limburg"
    summary, members, *rest = [d.value for d in at.dataframe]
    themes = [d for d in rest if "Index (NL = 100)" in d.columns]
    assert all("ongunstiger dan Nederland" in s for s in summary["Samenvatting"])
    assert "Maastricht" in set(members["Gemeente"])
    assert len(themes) == len(summary)
    first = themes[0]
    assert {"Indicator", "Regio", "Nederland", "Verschil", "Oordeel", "Trend"} <= set(first.columns)
    assert first["Nederland"].str.len().gt(0).all()
    assert any(len(t) > 1 for t in first["Trend"])


def test_profile_grouped_by_goal_and_year():
    at = start("regioprofiel")
    at.radio(key="profile_group").set_value("goal").run()
    headers = [s.value for s in at.subheader]
    assert headers and all(h[0] in "123" for h in headers)
    at.selectbox(key="year").set_value(2020).run()
    assert all((d.value["Jaar"] == 2020).all() for d in at.dataframe[2:] if "Index (NL = 100)" in d.value.columns)
    assert not at.exception


def test_profile_programme_peers_and_forecast():
    at = start("regioprofiel")
    at.selectbox(key="region").set_value("zuid_limburg").run()
    tables = {tuple(d.value.columns): d.value for d in at.dataframe}
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


def test_profile_forecast_absent_region_gets_no_figure():
    at = start("regioprofiel")
    at.selectbox(key="region").set_value("noard_fryslan").run()
    text = "\n".join(m.value for m in at.markdown)
    assert "Geen prognose voor Noard-Fryslân" in text
    assert not any("Inwoners (prognose)" in d.value.columns for d in at.dataframe)
