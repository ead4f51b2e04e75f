"""The data-v3 sources, recomputed independently from the raw snapshot rows (real CBS figures).

Each test reads ``observations.csv``, ``data/regions/npvr_regions.csv`` and the merger crosswalk
itself and rebuilds region and national values with plain pandas (no code of ``monitor/`` that
computes), then compares them with what the build publishes (``monitor.data.load_monitor``).
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

ROOT = Path(__file__).resolve().parents[2]
POPULATION = ("cbs_37259_bevolkingsontwikkeling", "PopulationOn1January_1")
POPULATION_2024 = ("cbs_85984NED_kwb2024", "Bevolking/Aantal inwoners (aantal)")
HEALTH = "cbs_85563NED_gezondheidsmonitor_2022"
STOCK = "cbs_82900NED_woningvoorraad_eigendom"


@pytest.fixture(scope="module")
def raw(real_snapshot) -> pd.DataFrame:
    return pd.read_csv(real_snapshot / "observations.csv", dtype={"period": int})


@pytest.fixture(scope="module")
def members() -> dict[str, list[str]]:
    table = pd.read_csv(ROOT / "data" / "regions" / "npvr_regions.csv")
    return {r: list(g["gemeente_code"]) for r, g in table.groupby("region_id")}


@pytest.fixture(scope="module")
def to2025() -> dict[str, list[tuple[str, float]]]:
    table = pd.read_csv(ROOT / "data" / "regions" / "herindelingen_2010_2025_to2025.csv")
    out: dict[str, list[tuple[str, float]]] = {}
    for row in table.itertuples():
        out.setdefault(row.old_code, []).append((row.code_2025, float(row.share)))
    return out


def series(raw, dataset, measure, year) -> pd.Series:
    rows = raw[(raw["dataset"] == dataset) & (raw["measure"] == measure) & (raw["period"] == year)]
    return rows.set_index("region_code")["value"]


def population(raw, year) -> pd.Series:
    return series(raw, *(POPULATION_2024 if year == 2024 else POPULATION), year)


def published(monitor, indicator, level, year) -> pd.DataFrame:
    return monitor.table(indicator, year, level).set_index("code")


def parts(codes, region: list[str], to2025) -> list[tuple[str, float]]:
    """(code of the figure's own division, share in the region) of every part of a region."""
    out = []
    for code in codes:
        if code == "NL01":
            continue
        for new, share in to2025.get(code, [(code, 1.0)]):
            if new in region:
                out.append((code, share))
    return out


def weighted(values: pd.Series, weights: pd.Series, region, to2025) -> float:
    """Σ share·w·x / Σ share·w over the parts with a value (the region's gemeenten in its own division)."""
    pairs = parts(values.index, region, to2025)
    num = sum(share * weights[c] * values[c] for c, share in pairs)
    den = sum(share * weights[c] for c, share in pairs)
    return num / den


def ratio(numerator: pd.Series, denominator: pd.Series, region, to2025) -> float:
    pairs = parts(denominator.index, region, to2025)
    assert all(c in numerator.index for c, _ in pairs)
    return sum(s * numerator[c] for c, s in pairs) / sum(s * denominator[c] for c, s in pairs)


# --- Gezondheidsmonitor 2022 -------------------------------------------------------------------

@pytest.mark.parametrize("indicator, measure", [
    ("mantelzorgers", "Mantelzorger_12_18plus"),
    ("psychische_klachten", "PsychischeKlachtenAfgelopen4Weken_3_18plus"),
    ("rokers", "Rokers_15_18plus"),
    ("ervaren_gezondheid", "ErvarenGezondheidGoedZeerGoed_1_18plus"),
    ("ervaren_gezondheid_65_plus", "ErvarenGezondheidGoedZeerGoed_1_65plus"),
    ("zwaar_belaste_mantelzorgers", "ZwaarBelasteMantelzorgers_13_18plus"),
])
def test_health_2022_regions_are_inhabitant_weighted_and_nederland_is_cbs(monitor, raw, members, to2025,
                                                                           indicator, measure):
    assert 2022 in monitor.years(indicator)
    share = series(raw, HEALTH, measure, 2022)
    people = population(raw, 2022)
    regio = published(monitor, indicator, "regio", 2022)
    for region_id, region in members.items():
        covered = [c for c, _ in parts(share.index, region, to2025)]
        if sum(people[c] for c in covered) < 0.9 * sum(people[c] for c, _ in parts(people.index, region, to2025)):
            assert np.isnan(regio.loc[region_id, "value"]), region_id
            continue
        assert regio.loc[region_id, "value"] == pytest.approx(weighted(share, people, region, to2025)), region_id
    nl = monitor.national(indicator, 2022)
    assert nl["nl_source"] == "CBS" and nl["value"] == share["NL01"]
    # The snapshot README: NL mantelzorger 18+ 13.4 %.
    if indicator == "mantelzorgers":
        assert nl["value"] == 13.4 and monitor.years(indicator) == [2016, 2020, 2022]


def test_friese_waddeneilanden_have_no_2022_health_figure(monitor):
    gemeente = published(monitor, "mantelzorgers", "gemeente", 2022)
    for code in ("GM0088", "GM0096"):  # Schiermonnikoog, Vlieland: only jointly in the CBS table
        assert np.isnan(gemeente.loc[code, "value"]) and gemeente.loc[code, "reason"]


# --- Wmo and jeugdzorg ---------------------------------------------------------------------------

def test_wmo_clients_weighted_by_inhabitants_with_coverage_and_cbs_national(monitor, raw, members, to2025):
    measure = "WmoClientenPer1000Inwoners_2_1ehalfjaar"
    for year in (2019, 2023, 2024):
        rate = series(raw, "cbs_86050NED_wmo_clienten", measure, year)
        people = population(raw, year)
        regio = published(monitor, "wmo_clienten", "regio", year)
        for region_id in ("twente", "zuid_limburg", "achterhoek"):
            assert regio.loc[region_id, "value"] == pytest.approx(weighted(rate, people, members[region_id], to2025))
        assert monitor.national("wmo_clienten", year)["value"] == rate["NL01"]
    # Stein (GM0971) has no figure in 2024: Zuid-Limburg rests on the others, coverage shown.
    people = population(raw, 2024)
    zl = members["zuid_limburg"]
    expected = 1 - people["GM0971"] / people[zl].sum()
    row = published(monitor, "wmo_clienten", "regio", 2024).loc["zuid_limburg"]
    assert row["coverage"] == pytest.approx(expected) and 0.9 < row["coverage"] < 1
    # Emmen (GM0114) has no figure in 2021-2022: Regio Emmen falls below the threshold, no value.
    for year in (2021, 2022):
        assert "GM0114" not in series(raw, "cbs_86050NED_wmo_clienten", measure, year).index
        assert np.isnan(published(monitor, "wmo_clienten", "regio", year).loc["regio_emmen", "value"])


def test_wmo_spending_excludes_verblijf_en_opvang(monitor, raw, members, to2025):
    measure = "GerealiseerdeUitgavenPer1000Inwoners_4_exclverblijfopvang"
    spend = series(raw, "cbs_84580NED_wmo_uitgaven", measure, 2023)
    people = population(raw, 2023)
    regio = published(monitor, "wmo_uitgaven", "regio", 2023)
    for region_id, region in members.items():
        assert regio.loc[region_id, "value"] == pytest.approx(weighted(spend, people, region, to2025)), region_id
    assert monitor.national("wmo_uitgaven", 2023)["value"] == spend["NL01"]
    assert published(monitor, "wmo_uitgaven", "gemeente", 2023).loc["GM0114", "value"] == spend["GM0114"]


def test_youth_care_over_the_table_change_weighted_by_young_people(monitor, raw, members, to2025):
    assert monitor.years("jeugdzorg") == list(range(2015, 2024))
    assert [b.year for b in monitor.catalogue.get("jeugdzorg").breaks] == [2021]
    data = "cbs_84134NED_85099NED_jeugdzorg"
    for year in (2015, 2020, 2023):
        count = series(raw, data, "JongerenMetJeugdzorg_1", year)
        share = series(raw, data, "JongerenMetJeugdzorgRelatief_2", year)
        young = count * 100 / share  # the young population is not published: implied by count and share
        regio = published(monitor, "jeugdzorg", "regio", year)
        for region_id, region in members.items():
            assert regio.loc[region_id, "value"] == pytest.approx(100 * ratio(count, young, region, to2025)), (year, region_id)
        assert monitor.national("jeugdzorg", year)["value"] == pytest.approx(share["NL01"])
        gemeente = published(monitor, "jeugdzorg", "gemeente", year)
        assert gemeente.loc["GM0153", "value"] == pytest.approx(share["GM0153"])  # Enschede: CBS's own share
    assert monitor.national("jeugdzorg", 2023)["value"] == pytest.approx(11.0)
    assert 4.4e6 < count["NL01"] * 100 / share["NL01"] < 4.5e6  # README: about 4.45 million young people


# --- Armoede en schulden -------------------------------------------------------------------------

def test_health_insurance_arrears_inhabitant_weighted_old_divisions_via_crosswalk(monitor, raw, members, to2025):
    measure = "PersMetBetalingsachterstandRelatief_2"
    for year in (2015, 2023):  # 2015: many NPVR gemeenten merged since (crosswalk)
        share = series(raw, "cbs_81064NED_zorgpremie_achterstand", measure, year)
        people = population(raw, year)
        regio = published(monitor, "betalingsachterstand_zorgpremie", "regio", year)
        for region_id in ("noord_en_oost_groningen", "zuid_limburg", "regio_emmen", "noard_fryslan"):
            assert regio.loc[region_id, "value"] == pytest.approx(
                weighted(share, people, members[region_id], to2025)), (year, region_id)
        assert monitor.national("betalingsachterstand_zorgpremie", year)["value"] == share["NL01"]
    assert monitor.national("betalingsachterstand_zorgpremie", 2023)["value"] == 1.1


def test_children_in_low_income_households_2018_division(monitor, raw, members, to2025):
    assert monitor.years("kinderen_laag_inkomen") == list(range(2011, 2018))
    share = series(raw, "cbs_84355NED_laag_inkomen", "KinderenRelatief_6_laaginkomen", 2017)
    people = population(raw, 2017)
    regio = published(monitor, "kinderen_laag_inkomen", "regio", 2017)
    for region_id in ("twente", "zuid_limburg", "achterhoek"):  # no gemeente of these changed in 2018
        assert regio.loc[region_id, "value"] == pytest.approx(weighted(share, people, members[region_id], to2025))
    assert monitor.national("kinderen_laag_inkomen", 2017)["value"] == 8.5


def test_lowest_two_income_deciles_weighted_by_households(monitor, raw, members, to2025):
    data = "cbs_86004NED_inkomen_huishoudens"
    for year in (2011, 2023):
        share = (series(raw, data, "GestandaardiseerdInkomen1e10Groep_7", year)
                 + series(raw, data, "GestandaardiseerdInkomen2e10Groep_8", year)).dropna()
        households = series(raw, data, "ParticuliereHuishoudens_1", year)
        regio = published(monitor, "huishoudens_onderste_20_procent", "regio", year)
        for region_id, region in members.items():
            assert regio.loc[region_id, "value"] == pytest.approx(weighted(share, households, region, to2025)), region_id
        nl = monitor.national("huishoudens_onderste_20_procent", year)
        assert nl["value"] == pytest.approx(20.0) and nl["nl_source"] == "CBS"
    # Vlieland is suppressed by CBS: no value (not 0, not one of the two groups alone).
    assert np.isnan(published(monitor, "huishoudens_onderste_20_procent", "gemeente", 2023).loc["GM0096", "value"])


def test_social_assistance_density_is_a_ratio_of_counts(monitor, raw, members, to2025):
    data = "cbs_83450NED_83747NED_84066NED_bijstand"
    assert monitor.years("bijstandsdichtheid") == [2015, 2016, 2017]
    for year in (2015, 2017):
        receivers = series(raw, data, "Bijstandsontvangers_2_15plus", year)
        inhabitants = series(raw, data, "Inwoners_1_15plus", year)
        regio = published(monitor, "bijstandsdichtheid", "regio", year)
        for region_id, region in members.items():
            assert regio.loc[region_id, "value"] == pytest.approx(
                1000 * ratio(receivers, inhabitants, region, to2025)), (year, region_id)
        nl = monitor.national("bijstandsdichtheid", year)
        density = series(raw, data, "Bijstandsdichtheid_3_15plus", year)
        # Issue 22: where CBS publishes its own national figure of the gemeente_measure, Nederland is that.
        assert nl["value"] == density["NL01"] and nl["nl_source"] == "CBS"
        assert abs(nl["value"] - 1000 * receivers["NL01"] / inhabitants["NL01"]) <= 0.5  # CBS rounds to 0.5
    gemeente = published(monitor, "bijstandsdichtheid", "gemeente", 2017)
    assert gemeente.loc["GM0114", "value"] == series(raw, data, "Bijstandsdichtheid_3_15plus", 2017)["GM0114"]


# --- Wonen ----------------------------------------------------------------------------------------

def test_housing_cost_ratio_weighted_by_households(monitor, raw, members, to2025):
    data = "cbs_85950NED_woonlasten"
    quote = series(raw, data, "Woonquote_5", 2022)
    households = series(raw, data, "AantalHuishoudens_1", 2022)
    regio = published(monitor, "woonquote", "regio", 2022)
    for region_id, region in members.items():
        assert regio.loc[region_id, "value"] == pytest.approx(weighted(quote, households, region, to2025))
    assert monitor.national("woonquote", 2022)["value"] == pytest.approx(22.3)


def test_housing_stock_ratios(monitor, raw, members, to2025):
    corp = series(raw, STOCK, "EigendomWoningcorporatie_4", 2024)
    total = series(raw, STOCK, "TotaleWoningvoorraad_1", 2024)
    regio = published(monitor, "aandeel_corporatiewoningen", "regio", 2024)
    for region_id, region in members.items():
        assert regio.loc[region_id, "value"] == pytest.approx(100 * ratio(corp, total, region, to2025))
    assert monitor.national("aandeel_corporatiewoningen", 2024)["value"] == pytest.approx(100 * corp["NL01"] / total["NL01"])
    data = "cbs_84903NED_86054NED_woningvoorraad_mutaties"
    for year in (2016, 2023):
        new = series(raw, data, "Nieuwbouw_2", year)
        begin = series(raw, data, "BeginstandVoorraad_1", year)
        regio = published(monitor, "nieuwbouw_per_1000_woningen", "regio", year)
        for region_id in ("twente", "achterhoek", "zuid_limburg", "noord_en_oost_groningen"):
            assert regio.loc[region_id, "value"] == pytest.approx(1000 * ratio(new, begin, members[region_id], to2025))
        nl = monitor.national("nieuwbouw_per_1000_woningen", year)
        assert nl["value"] == pytest.approx(1000 * new["NL01"] / begin["NL01"])
    assert new["NL01"] == 73640


def test_woz_by_ownership_weighted_by_that_stock(monitor, raw, members, to2025):
    for indicator, measure, weight in (("woz_koopwoningen", "GemiddeldeWOZWaardeVanWoningen_1_koop", "Koopwoningen_2"),
                                       ("woz_corporatiewoningen", "GemiddeldeWOZWaardeVanWoningen_1_corporatie",
                                        "EigendomWoningcorporatie_4")):
        woz = series(raw, "cbs_85036NED_woz_eigendom", measure, 2024)
        stock = series(raw, STOCK, weight, 2024)
        regio = published(monitor, indicator, "regio", 2024)
        for region_id, region in members.items():
            assert regio.loc[region_id, "value"] == pytest.approx(1000 * weighted(woz, stock, region, to2025))
        assert monitor.national(indicator, 2024)["value"] == 1000 * woz["NL01"]
    assert monitor.national("woz_koopwoningen", 2024)["value"] == 453000


# --- Energie ---------------------------------------------------------------------------------------

def test_energy_use_weighted_by_dwellings(monitor, raw, members, to2025):
    data = "cbs_81528NED_energieverbruik_woningen"
    for indicator, measure, nl_2023 in (("gasverbruik_woning", "GemiddeldAardgasverbruik_1", 820),
                                        ("elektriciteit_woning", "GemiddeldeElektriciteitslevering_2", 2500)):
        for year in (2015, 2023):
            use = series(raw, data, measure, year)
            stock = series(raw, STOCK, "TotaleWoningvoorraad_1", year)
            regio = published(monitor, indicator, "regio", year)
            for region_id in ("twente", "zuid_limburg", "regio_emmen"):
                assert regio.loc[region_id, "value"] == pytest.approx(weighted(use, stock, members[region_id], to2025))
            assert monitor.national(indicator, year)["value"] == use["NL01"]
        assert monitor.national(indicator, 2023)["value"] == nl_2023


def test_solar_installations_per_1000_dwellings_including_first_half_2024(monitor, raw, members, to2025):
    assert monitor.years("zonnestroom_per_1000_woningen") == list(range(2019, 2025))
    data = "cbs_85005NED_zonnestroom_woningen"
    for year, measure in ((2023, "Installaties_1_woningen"), (2024, "Installaties_1_woningen_eerstehelft")):
        installations = series(raw, data, measure, year)
        stock = series(raw, STOCK, "TotaleWoningvoorraad_1", year)
        regio = published(monitor, "zonnestroom_per_1000_woningen", "regio", year)
        for region_id, region in members.items():
            assert regio.loc[region_id, "value"] == pytest.approx(1000 * ratio(installations, stock, region, to2025))
        nl = monitor.national("zonnestroom_per_1000_woningen", year)
        assert nl["value"] == pytest.approx(1000 * installations["NL01"] / stock["NL01"])
    assert installations.index.size > 300


# --- Economie en onderwijs -----------------------------------------------------------------------

def test_jobs_per_1000_inhabitants(monitor, raw, members, to2025):
    for year in (2012, 2023):
        jobs = series(raw, "cbs_83582NED_banen", "BanenVanWerknemersInDecember_1", year)
        people = population(raw, year)
        regio = published(monitor, "banen_per_1000_inwoners", "regio", year)
        for region_id in ("twente", "zuid_limburg", "achterhoek", "kop_van_noord_holland"):
            assert regio.loc[region_id, "value"] == pytest.approx(
                1e6 * ratio(jobs, people, members[region_id], to2025)), (year, region_id)
        nl = monitor.national("banen_per_1000_inwoners", year)
        assert nl["value"] == pytest.approx(1e6 * jobs["NL01"] / people["NL01"])
    assert jobs["NL01"] == 8996.7


def test_education_level_weighted_by_population_15_to_75(monitor, raw, members, to2025):
    data = "cbs_85525NED_opleidingsniveau"
    for indicator, measure, nl_2023 in (("laagopgeleiden", "k_1BasisonderwijsVmboMbo1_2", 26.2),
                                        ("hoogopgeleiden", "k_3HboWo_4", 32.5)):
        share = series(raw, data, measure, 2023)
        people = series(raw, data, "Bevolking_1", 2023)
        regio = published(monitor, indicator, "regio", 2023)
        for region_id, region in members.items():
            assert regio.loc[region_id, "value"] == pytest.approx(weighted(share, people, region, to2025))
        assert monitor.national(indicator, 2023)["value"] == nl_2023


def test_early_school_leavers_from_counts_not_the_rounded_percentage(monitor, raw, members, to2025):
    data = "cbs_84780NED_voortijdig_schoolverlaters"
    leavers = series(raw, data, "VoortijdigSchoolverlaters_2", 2022)
    pupils = series(raw, data, "Leerlingen_1", 2022)
    regio = published(monitor, "voortijdig_schoolverlaters", "regio", 2022)
    for region_id, region in members.items():
        assert regio.loc[region_id, "value"] == pytest.approx(100 * ratio(leavers, pupils, region, to2025))
    nl = monitor.national("voortijdig_schoolverlaters", 2022)
    assert nl["value"] == pytest.approx(100 * 35430 / 1277200) and nl["nl_source"] == "CBS"
    assert series(raw, data, "VoortijdigSchoolverlatersPercentage_4", 2022)["NL01"] == 3  # rounded by CBS
    gemeente = published(monitor, "voortijdig_schoolverlaters", "gemeente", 2022)
    assert gemeente.loc["GM0114", "value"] == pytest.approx(100 * leavers["GM0114"] / pupils["GM0114"])


# --- 95 % intervals (Gezondheidsmonitor 2022) ----------------------------------------------------

def test_region_interval_from_cbs_gemeente_bounds_and_the_interval_verdict(monitor, raw, members, to2025):
    measure = "Mantelzorger_12_18plus"
    x = series(raw, HEALTH, measure, 2022)
    lo = series(raw, HEALTH, measure + "_ondergrens95", 2022)
    hi = series(raw, HEALTH, measure + "_bovengrens95", 2022)
    people = population(raw, 2022)
    regio = published(monitor, "mantelzorgers", "regio", 2022)
    nl = monitor.national("mantelzorgers", 2022)
    assert (nl["lower_95"], nl["upper_95"]) == (lo["NL01"], hi["NL01"]) == (13.2, 13.5)
    judged = 0
    for region_id, region in members.items():
        pairs = parts(x.index, region, to2025)
        w = np.array([s * people[c] for c, s in pairs])
        w = w / w.sum()
        se = np.array([(hi[c] - lo[c]) / 3.92 for c, _ in pairs])
        half = 1.959964 * np.sqrt((w ** 2 * se ** 2).sum())
        row = regio.loc[region_id]
        assert (row["lower_95"], row["upper_95"]) == (pytest.approx(row["value"] - half), pytest.approx(row["value"] + half))
        reaches = row["lower_95"] <= nl["value"] <= row["upper_95"]
        assert row["verdict"] == ("gelijk" if reaches else ("hoger" if row["value"] > nl["value"] else "lager")), region_id
        judged += not reaches
    assert judged >= 1  # e.g. Achterhoek, Zuid-Limburg: more mantelzorgers than Nederland beyond the margin
    # One gemeente keeps CBS's own bounds; 2020 has none (never invented).
    emmen = published(monitor, "mantelzorgers", "gemeente", 2022).loc["GM0114"]
    assert (emmen["lower_95"], emmen["upper_95"]) == (lo["GM0114"], hi["GM0114"])
    assert published(monitor, "mantelzorgers", "regio", 2020)["lower_95"].isna().all()


def test_intervals_are_exported(exported_v3):
    comparison = pd.read_csv(exported_v3 / "vergelijking.csv")
    rows = comparison[(comparison["indicator"] == "mantelzorgers") & (comparison["jaar"] == 2022)]
    assert rows["ondergrens_95"].notna().all() and (rows["ondergrens_95"] < rows["waarde"]).all()
    assert comparison.loc[comparison["jaar"] == 2020, "ondergrens_95"].isna().all()
    table = pd.read_parquet(exported_v3 / "indicatoren.parquet")
    assert {"ondergrens_95", "bovengrens_95"} <= set(table.columns)
    rows = table[(table["indicator"] == "psychische_klachten") & (table["niveau"] == "regio")]
    assert (rows["bovengrens_95"] > rows["waarde"]).all()
    # indicatoren.csv carries the same interval, appended after issue 22's columns.
    csv = pd.read_csv(exported_v3 / "indicatoren.csv", dtype={"code": str})
    assert list(csv.columns[-2:]) == ["ondergrens_95", "bovengrens_95"]
    key = ["indicator", "niveau", "code", "jaar"]
    both = csv.merge(table[key + ["ondergrens_95", "bovengrens_95"]], on=key, suffixes=("", "_parquet"))
    assert len(both) == len(csv) and both["ondergrens_95"].notna().any()
    for column in ("ondergrens_95", "bovengrens_95"):
        np.testing.assert_allclose(both[column], both[f"{column}_parquet"], rtol=1e-12, equal_nan=True)


@pytest.fixture(scope="module")
def exported_v3(monitor, tmp_path_factory):
    from monitor.exports.writer import export

    out = tmp_path_factory.mktemp("export_v3") / "out"
    export(monitor, out, formats=["vergelijking.csv", "indicatoren.parquet", "indicatoren.csv"])
    return out


# --- Regional accounts: COROP areas only ---------------------------------------------------------

def test_gdp_per_inhabitant_per_corop_and_only_for_regions_that_are_corop_areas(monitor, real_snapshot, raw, members):
    accounts = pd.read_csv(real_snapshot / "corop_observations.csv", dtype={"period": int})
    gdp = accounts[(accounts["measure"] == "BbpPerInwoner_2") & (accounts["period"] == 2023)].set_index("region_code")["value"]
    corop = pd.read_csv(real_snapshot / "regions" / "corop_2024.csv")
    people = series(raw, "cbs_70072NED_2025", "Bevolking/Bevolkingssamenstelling op 1 januari/Totale bevolking (aantal)", 2025)
    regio = published(monitor, "bbp_per_inwoner", "regio", 2023)
    exact = []
    for region_id, region in members.items():
        areas = sorted(set(corop.loc[corop["gemeente_code"].isin(region), "corop_code"]))
        inside = corop.loc[corop["corop_code"].isin(areas), "gemeente_code"]
        share = people[region].sum() / people[inside].sum()
        row = regio.loc[region_id]
        if share >= 0.95:
            assert len(areas) == 1 and row["value"] == gdp[areas[0]], region_id
            assert areas[0] in row["note"]
            exact.append(region_id)
        else:
            assert np.isnan(row["value"]) and all(a in row["reason"] for a in areas), region_id
            assert f"{100 * share:.0f}%" in row["reason"]
    # The snapshot README: Twente, Zuid-Limburg, Midden-/Noord-Limburg, Zeeuws-Vlaanderen are COROP areas.
    assert {"twente", "zuid_limburg", "midden_limburg", "noord_limburg", "zeeuws_vlaanderen"} <= set(exact)
    assert regio.loc["twente", "value"] == 50077 and regio.loc["zuid_limburg", "value"] == 47969
    assert np.isnan(regio.loc["achterhoek", "value"])  # COROP Achterhoek also holds Brummen, Lochem, Zutphen
    nl = monitor.national("bbp_per_inwoner", 2023)
    assert nl["value"] == 59719 and nl["nl_source"] == "CBS"
    per_corop = published(monitor, "bbp_per_inwoner", "corop", 2023)
    assert (per_corop["value"] == gdp.drop("NL01").reindex(per_corop.index)).all()
    assert published(monitor, "bbp_per_inwoner", "gemeente", 2023)["value"].isna().all()
    growth = accounts[(accounts["measure"] == "BbpVolumemutaties_3")
                      & (accounts["period"] == 2023)].set_index("region_code")["value"]
    assert published(monitor, "bbp_volumegroei", "regio", 2023).loc["twente", "value"] == growth["CR12"]
    assert monitor.years("bbp_volumegroei")[0] == 1996 and monitor.years("bbp_per_inwoner")[0] == 1995
