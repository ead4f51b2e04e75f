"""Data en bronnen page: the table behind the view, downloads, definitions, composition."""

from support.app_testing import start

from monitor.exports import writer as export


def test_view_table_downloads_and_definitions():
    at = start("data_bronnen")
    at.selectbox(key="indicator").set_value("werkloosheid").run()
    at.selectbox(key="year").set_value(2022).run()
    frames = [d.value for d in at.dataframe if "reden" not in d.value.columns]  # (the gaps table may follow the view)
    view, definitions, composition, sources, english = frames
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
    assert (new["licentie"] == "CC BY 4.0").all() and new["toelichting"].str.len().min() > 40
    assert "Zwolle" in new.loc["cbs_80305NED_nabijheid", "toelichting"]
    # Issue 24: the Dutch note first; the snapshot's English text only behind its expander, labelled as such.
    assert "toelichting_snapshot_engels" not in sources.columns
    assert any("Engelse tekst van de snapshot" in e.label for e in at.expander)
    assert "Zwolle" in english.set_index("dataset").loc["cbs_80305NED_nabijheid", "toelichting_snapshot_engels"]
    assert english["toelichting_snapshot_engels"].str.len().min() > 40
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


def test_refused_out_of_range_value_is_listed_with_its_reason():
    """A source value outside the indicator's valid range is not published; the page says why.

    The refusal itself is made by the build (catalogue ``valid_range``, tested on synthetic data in
    test_aggregation_synthetic.py); the real data have no such value, so one real value is replaced
    by a refusal in memory, worded as the build words it (value missing, reason set).
    """
    from dashboard.state import get_monitor
    from monitor.compute.value_rules import REASON_OUT_OF_RANGE

    monitor = get_monitor()
    saved = monitor.values
    reason = REASON_OUT_OF_RANGE.format(value="104,2", range="0 tot en met 100")
    changed = saved.copy()
    hit = ((changed["indicator"] == "aandeel_65_plus") & (changed["code"] == "GM1979")
           & (changed["year"] == 2024))
    assert hit.sum() == 1, "Eemsdelta has a 2024 value (real data)"
    changed.loc[hit, "value"] = float("nan")
    changed.loc[hit, "reason"] = reason
    try:
        monitor.values, monitor._by_indicator = changed, {}
        at = start("data_bronnen")
        at.selectbox(key="indicator").set_value("aandeel_65_plus").run()
        at.selectbox(key="year").set_value(2024).run()
        gaps = [d.value for d in at.dataframe if "reden" in d.value.columns]
        assert len(gaps) == 1
        row = gaps[0].set_index("code").loc["GM1979"]
        assert row["naam"] == "Eemsdelta" and row["reden"] == reason
        assert any(s.value.startswith("Niet gepubliceerd of ontbrekend") for s in at.subheader)
    finally:
        monitor.values, monitor._by_indicator = saved, {}


def test_the_dutch_note_stands_beside_the_title():
    """Issue 24: the Dutch note is read first (next to the title), the English original is the last column."""
    from monitor.exports.writer import sources_table

    columns = list(sources_table(__import__("dashboard.state").state.get_monitor()).columns)
    assert columns.index("toelichting") == columns.index("titel") + 1
    assert columns[-1] == "toelichting_snapshot_engels"
