"""Over de grens on the real snapshot, re-computed independently from the raw CSV files (csv module only)."""

from __future__ import annotations

import csv
import math
from collections import defaultdict

import pandas as pd
import pytest

from monitor.border import crosscheck, texts
from monitor.border.gather import border_for
from monitor.border.model import load_border
from monitor.border.table import GRENS_COLUMNS, border_table
from monitor.snapshot import load_snapshot

COUNTRIES = ("NL", "BE", "DE")
BORDER = {"zeeuws_vlaanderen", "zuid_limburg", "midden_limburg", "noord_limburg", "twente", "achterhoek",
          "regio_emmen", "noord_en_oost_groningen"}


def _rows(path):
    with open(path, newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


@pytest.fixture(scope="module")
def raw(real_snapshot):
    """The CSV snapshot's Eurostat files, read with the csv module: values and flags by key."""
    values = {(r["measure"], r["region_code"], int(r["period"])): float(r["value"])
              for r in _rows(real_snapshot / "nuts3_observations.csv")}
    flags = {(r["measure"], r["region_code"], int(r["period"])): r["flag"]
             for r in _rows(real_snapshot / "nuts3_flags.csv")}
    links = _rows(real_snapshot / "regions" / "npvr_border_neighbours.csv")
    names = {r["nuts_code"]: r["name"] for r in _rows(real_snapshot / "regions" / "nuts3_2021.csv")}
    corop = {r["nuts_code"]: r["corop_code"] for r in _rows(real_snapshot / "regions" / "nuts3_2021.csv")}
    cbs = {(r["region_code"], int(r["period"])): float(r["value"])
           for r in _rows(real_snapshot / "corop_observations.csv") if r["measure"] == "BbpPerInwoner_2"}
    return {"values": values, "flags": flags, "links": links, "names": names, "corop": corop, "cbs": cbs}


@pytest.fixture(scope="module")
def table(real_snapshot):
    return border_table(load_border(load_snapshot(real_snapshot, lazy=True)))


RAW_MEASURE = {"bbp_per_inwoner_pps": "PPS_EU27_2020_HAB", "bbp_per_inwoner_euro": "EUR_HAB", "bbp": "MIO_EUR",
               "bevolking": "NR_T_TOTAL"}
SHARE = {"aandeel_65_plus": "NR_T_Y_GE65", "aandeel_jonger_dan_15": "NR_T_Y_LT15"}


def _expected(values, indicator, code, year):
    if indicator in RAW_MEASURE:
        return values.get((RAW_MEASURE[indicator], code, year), math.nan)
    if indicator in SHARE:
        part, total = values.get((SHARE[indicator], code, year)), values.get(("NR_T_TOTAL", code, year))
        return 100 * part / total if part is not None and total else math.nan
    now, after = values.get(("NR_T_TOTAL", code, year)), values.get(("NR_T_TOTAL", code, year + 1))
    return 1000 * (after - now) / now if now and after else math.nan


def test_values_and_indices_recomputed_from_the_raw_rows(table, raw):
    values = raw["values"]
    checked = 0
    for row in table.itertuples():
        if row.waarde != row.waarde:
            continue
        assert row.waarde == pytest.approx(_expected(values, row.indicator, row.nuts_code, row.jaar), rel=1e-12), row
        if row.indicator in ("bbp", "bevolking", "bevolkingsgroei"):
            assert row.index_land != row.index_land, row  # no index for totals and growth
            continue
        country = _expected(values, row.indicator, row.nuts_code[:2], row.jaar)
        if country == country:
            assert row.index_land == pytest.approx(100 * row.waarde / country, rel=1e-12), row
            checked += 1
    assert checked > 3000
    # Spot checks against the README's figures: BE336 2022 and NL111 2018/2019 GDP per inhabitant.
    pick = table.set_index(["nuts_code", "indicator", "jaar"]).sort_index()
    assert pick.loc[("BE336", "bevolking", 2022), "waarde"].iloc[0] == 79039
    assert pick.loc[("NL111", "bbp_per_inwoner_euro", 2019), "waarde"].iloc[0] == 25600


def test_every_border_region_has_its_area_two_neighbours_and_three_countries(table, raw):
    assert set(table["regio"]) == BORDER
    for region, rows in table.groupby("regio"):
        relations = rows.drop_duplicates("nuts_code").set_index("nuts_code")["relatie"]
        assert (relations == "buurgebied").sum() >= 2, region
        assert set(relations[relations == "land"].index) == set(COUNTRIES)
        own = set(relations[relations.str.startswith("eigen gebied")].index)
        assert own == {r["nuts_code"] for r in raw["links"] if r["region_id"] == region and r["relation"] == "self"}


def test_an_approximate_area_keeps_its_own_name_and_is_marked(table, raw):
    approximate = {(r["region_id"], r["nuts_code"]) for r in raw["links"] if r["match"] == "approximate"}
    assert approximate == {("achterhoek", "NL225"), ("regio_emmen", "NL132"), ("noord_en_oost_groningen", "NL111"),
                           ("noord_en_oost_groningen", "NL112")}
    for row in table.drop_duplicates(["regio", "nuts_code"]).itertuples():
        if row.nuts_code not in COUNTRIES:
            assert row.naam == raw["names"][row.nuts_code]
        assert (row.relatie == "eigen gebied (benadering)") == ((row.regio, row.nuts_code) in approximate)


def test_flags_appear_in_dutch(table, raw):
    words = {"p": "voorlopig", "e": "geschat", "b": "breuk in reeks"}
    direct = table[table["indicator"].isin(list(RAW_MEASURE))]
    shown = 0
    for row in direct.itertuples():
        letters = raw["flags"].get((RAW_MEASURE[row.indicator], row.nuts_code, row.jaar), "")
        for letter in letters:
            assert words[letter] in row.vlag, row
            shown += 1
        if not letters and row.waarde == row.waarde:
            assert row.vlag in ("", "breuk in reeks"), row
    assert shown > 300
    pick = table.set_index(["nuts_code", "indicator", "jaar"]).sort_index()["vlag"]
    assert pick.loc[("DEA29", "bbp_per_inwoner_pps", 2020)].iloc[0] == "geschat"
    assert pick.loc[("NL", "bbp_per_inwoner_pps", 2021)].iloc[0] == "voorlopig"
    assert pick.loc[("DE", "bevolking", 2011)].iloc[0] == "breuk in reeks"


def test_gaps_are_gaps_not_interpolated(table, raw):
    hasselt = table[(table["nuts_code"] == "BE224") & (table["indicator"] == "bbp_per_inwoner_pps")
                    & (table["regio"] == "zuid_limburg")].set_index("jaar")
    for year in range(2009, 2017):
        assert ("PPS_EU27_2020_HAB", "BE224", year) not in raw["values"]
        assert math.isnan(hasselt.loc[year, "waarde"]) and math.isnan(hasselt.loc[year, "index_land"])
        assert hasselt.loc[year, "vlag"] == "geen cijfer (Eurostat)"
    assert hasselt.loc[2008, "waarde"] == raw["values"][("PPS_EU27_2020_HAB", "BE224", 2008)]
    assert hasselt.loc[2017, "waarde"] == raw["values"][("PPS_EU27_2020_HAB", "BE224", 2017)]


def test_no_trend_across_the_groningen_boundary_shift_or_the_census(table):
    pick = table.drop_duplicates(["nuts_code", "indicator", "jaar"]).set_index(["nuts_code", "indicator", "jaar"]).sort_index()
    for code in ("NL111",):  # NL113 (Overig Groningen) is no region's area
        growth = pick.loc[(code, "bevolkingsgroei", 2020)]  # 1-1-2020 → 1-1-2021 crosses the shift
        assert math.isnan(growth["waarde"]) and growth["vlag"] == "breuk in reeks" and "Menterwolde" in growth["opmerking"]
        assert "breuk in reeks" in pick.loc[(code, "bbp_per_inwoner_euro", 2019), "vlag"]
        assert not math.isnan(pick.loc[(code, "bevolkingsgroei", 2019), "waarde"])
    assert math.isnan(pick.loc[("NL225", "bevolkingsgroei", 2004), "waarde"])  # the 2004/05 step
    assert math.isnan(pick.loc[("DE", "bevolkingsgroei", 2010), "waarde"])  # 2011 census (b)
    assert not math.isnan(pick.loc[("NL112", "bevolkingsgroei", 2020), "waarde"])  # NL112 is not affected


def test_both_snapshot_forms_give_the_same_table(table, default_snapshot):
    embedded = border_table(load_border(load_snapshot(default_snapshot, lazy=True)))
    pd.testing.assert_frame_equal(embedded, table)


def test_position_sentence_reads_relative_positions(table):
    text = texts.position_sentence(table[table["regio"] == "noord_limburg"], "bbp_per_inwoner_pps")
    kleve = table[(table["regio"] == "noord_limburg") & (table["nuts_code"] == "DEA1B")
                  & (table["indicator"] == "bbp_per_inwoner_pps") & (table["jaar"] == 2020)]["index_land"].iloc[0]
    own = table[(table["nuts_code"] == "NL421") & (table["indicator"] == "bbp_per_inwoner_pps")
                & (table["jaar"] == 2020)]["index_land"].iloc[0]
    assert own < 100 and own > kleve + texts.SAME_MARGIN  # the data say: behind Nederland, ahead of Kleve
    assert "achter Nederland" in text and "Relatief voor" in text and "Kleve" in text.split("Relatief voor")[1]


def test_eurostat_and_cbs_agree_except_groningen(raw, real_snapshot):
    """CBS's COROP accounts against Eurostat's EUR_HAB, computed here from the raw rows."""
    differences = defaultdict(list)
    for (measure, code, year), value in raw["values"].items():
        corop = raw["corop"].get(code)
        if measure == "EUR_HAB" and corop and (corop, year) in raw["cbs"] and year >= crosscheck.SINCE:
            differences[code].append(100 * (raw["cbs"][corop, year] / value - 1))
    agree = {code for code, d in differences.items() if max(abs(x) for x in d) <= crosscheck.TOLERANCE}
    assert agree == {"NL132", "NL213", "NL225", "NL341", "NL421", "NL422", "NL423"}
    assert min(differences["NL112"]) > 14 and min(differences["NL111"]) > 12  # Groningen: very differently
    data = load_border(load_snapshot(real_snapshot, lazy=True))
    snapshot = load_snapshot(real_snapshot, lazy=True)
    found = crosscheck.agreement(crosscheck.compare_with_cbs(data, snapshot.corop_observations))
    assert set(found.loc[found["overeenkomst"], "nuts_code"]) == agree | {"NL"}


def test_the_border_table_never_holds_a_cbs_figure(table, raw):
    """Every value is Eurostat's (or computed from Eurostat's rows only): no COROP figure enters a series."""
    cbs_values = set(raw["cbs"].values())
    eur = table[table["indicator"] == "bbp_per_inwoner_euro"].dropna(subset=["waarde"])
    for row in eur.itertuples():
        assert row.waarde == raw["values"][("EUR_HAB", row.nuts_code, row.jaar)]
    # CBS publishes whole euros, Eurostat hundreds: a mixed series would show non-hundreds.
    assert not (eur["waarde"] % 100).any() and any(v % 100 for v in cbs_values)


def test_border_view_of_the_monitor(monitor):
    border = border_for(monitor)
    assert set(border.regions()) == BORDER
    assert "Bron: Eurostat" in border.source and "nama_10r_3gdp" in border.source
    assert "demo_r_pjanaggr3" in border.source and "21 februari 2023" in border.source and "28 september 2023" in border.source
    assert list(border.table.columns[:len(GRENS_COLUMNS)]) == GRENS_COLUMNS
    assert border.region("kop_van_noord_holland").empty
    coverage = border.coverage.set_index(["region_id", "nuts_code"])
    # README: NL225 holds 403,396 inhabitants of which 300,107 in the region; NL132 169,054 of 224,911.
    assert coverage.loc[("achterhoek", "NL225"), "deel_van_gebied"] == pytest.approx(300107 / 403396, abs=0.005)
    assert coverage.loc[("regio_emmen", "NL132"), "deel_van_regio"] == pytest.approx(169054 / 224911, abs=0.005)
    groningen = coverage.loc["noord_en_oost_groningen", "deel_van_regio"].sum()
    assert groningen == pytest.approx(181994 / 290914, abs=0.005)
    text = texts.coverage_text(border.coverage[border.coverage["region_id"] == "regio_emmen"],
                               {"NL132": "Zuidoost-Drenthe"}, "Regio Emmen")
    assert "Zuidoost-Drenthe (NL132)" in text and "benadering" in text and "Hoogeveen" in text
    assert texts.coverage_text(border.coverage[border.coverage["region_id"] == "twente"], {}, "Twente") is None


def test_a_snapshot_without_the_extract_gives_empty_tables_not_an_error(monitor, monkeypatch):
    import monitor.border.gather as gather
    from monitor.exports.border import grens_bytes, grens_sheets

    monkeypatch.setattr(gather, "load_border", lambda snapshot: None)
    border = gather.border_for(monitor)
    assert border.data is None and border.regions() == [] and border.region("twente").empty
    assert grens_bytes(border).decode().splitlines() == [",".join(GRENS_COLUMNS)]
    assert set(grens_sheets(border)) == {"Grens", "Grens-CBS"}
    assert "Bron: Eurostat" in border.source


def test_load_border_is_none_for_a_snapshot_without_eurostat(tmp_path):
    from monitor.snapshot.files import empty_observations

    class OldSnapshot:  # version 1/2: no nuts3 files
        root = tmp_path
        nuts3_observations = empty_observations()

    assert load_border(OldSnapshot()) is None
