"""Data en bronnen page: the table behind the view, downloads, definitions, composition."""

from app_testing import start

from monitor import export


def test_view_table_downloads_and_definitions():
    at = start("data_bronnen")
    at.selectbox(key="indicator").set_value("werkloosheid").run()
    at.selectbox(key="year").set_value(2022).run()
    view, definitions, composition, sources = [d.value for d in at.dataframe]
    assert set(view["indicator"]) == {"werkloosheid"} and set(view["jaar"]) == {2022}
    assert view["niveau"].iloc[0] == "nederland"
    assert len(definitions) == len(export.definitions_table(__import__("dashboard.state").state.get_monitor()))
    assert {"eenheid", "bronnen", "jaren", "aggregatie", "landelijk_cijfer"} <= set(definitions.columns)
    assert set(composition["zekerheid"]) <= {"hoog", "middel", "laag"}
    assert "gemeentegrenzen" in set(sources["dataset"])
    # The seven tables new in snapshot version 2, with licence and their limits (notes).
    new = sources.set_index("dataset").loc[[
        "cbs_80305NED_nabijheid", "cbs_86088NED_arbeidsdeelname", "cbs_83648NED_criminaliteit",
        "cbs_83674NED_gezondheidsmonitor_2016", "cbs_85012NED_gezondheidsmonitor_2020",
        "pbl_cbs_85171NED_prognose_2023", "pbl_cbs_82220NED_prognose_2014"]]
    assert (new["licentie"] == "CC BY 4.0").all() and new["toelichting"].str.len().min() > 100
    assert "Zwolle" in new.loc["cbs_80305NED_nabijheid", "toelichting"]
    # Directions are explained and series breaks listed beside the definitions.
    assert definitions.set_index("indicator").loc["afstand_overstapstation", "reeksbreuken"].startswith("2019:")
    assert definitions["richting_toelichting"].str.len().min() >= 10
    text = "\n".join(m.value for m in at.markdown)
    assert "Bron: CBS, CC BY 4.0" in text and "CBS/Kadaster" in text
    labels = [b.proto.label for b in at.get("download_button")]
    assert any("Excel" in label for label in labels) and any("GeoPackage" in label for label in labels)


def test_export_file_comes_from_core_export():
    from dashboard.pages.data_bronnen import export_file
    from dashboard.state import get_monitor

    data = export_file(get_monitor().snapshot.fingerprint, "regios.gpkg")
    assert data[:16].startswith(b"SQLite format 3")
