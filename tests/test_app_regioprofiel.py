"""Regioprofiel page: one region against Nederland on every indicator."""

from app_testing import start


def test_profile_shows_region_nl_values_and_counts():
    at = start("regioprofiel")
    at.selectbox(key="region").set_value("zuid_limburg").run()
    assert at.title[0].value == "Regioprofiel: Zuid-Limburg"
    summary, members, *themes = [d.value for d in at.dataframe]
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
    assert all((d.value["Jaar"] == 2020).all() for d in at.dataframe[2:])
    assert not at.exception
