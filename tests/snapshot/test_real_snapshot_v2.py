"""The data-v2 sources, recomputed independently from the raw snapshot rows (real CBS figures).

Each test reads ``observations.csv`` itself and rebuilds a region or national value with plain
pandas, then compares it with what the monitor publishes.
"""

from __future__ import annotations

import pandas as pd
import pytest

NABIJHEID = "cbs_80305NED_nabijheid"
WORK = "cbs_86088NED_arbeidsdeelname"
CRIME = "cbs_83648NED_criminaliteit"
HEALTH_2020 = "cbs_85012NED_gezondheidsmonitor_2020"
POPULATION = ("cbs_37259_bevolkingsontwikkeling", "PopulationOn1January_1")


@pytest.fixture(scope="module")
def raw(real_snapshot) -> pd.DataFrame:
    return pd.read_csv(real_snapshot / "observations.csv", dtype={"period": int})


def series(raw, dataset, measure, year) -> pd.Series:
    rows = raw[(raw["dataset"] == dataset) & (raw["measure"] == measure) & (raw["period"] == year)]
    return rows.set_index("region_code")["value"]


def published(monitor, indicator, level, year) -> pd.Series:
    return monitor.table(indicator, year, level).set_index("code")["value"]


def test_proximity_2010_to_2023_from_80305ned_national_like_the_regions(monitor, raw):
    years = monitor.years("afstand_huisartsenpraktijk")
    assert years[0] == 2010 and 2023 in years
    # CBS's national GP distance (snapshot README): 0.9 km 2010-2013, 1.0 km 2014-2021, 1.1 km 2022-2023,
    # rounded to 0.1 km, the tolerance. Issue 22 (the rule changed; it was CBS's figure): Nederland
    # is computed from the gemeenten like the regions, CBS's figure is in the note.
    dist = series(raw, NABIJHEID, "AfstandTotHuisartsenpraktijk_1", 2023)
    people = series(raw, *POPULATION, 2023)
    for year, km in {2013: 0.9, 2014: 1.0, 2021: 1.0, 2022: 1.1, 2023: 1.1}.items():
        nl = monitor.national("afstand_huisartsenpraktijk", year)
        assert nl["nl_source"] == "berekend" and f"CBS is {km:g}".replace(".", ",") in nl["note"]
    have = [c for c in dist.index if c != "NL01" and c in people.index]
    nl = monitor.national("afstand_huisartsenpraktijk", 2023)
    assert nl["value"] == pytest.approx((dist[have] * people[have]).sum() / people[have].sum())
    assert nl["value"] != 1.1
    # 2023 is in the 2025 division: regions = inhabitant-weighted means (1 January 2023, CBS 37259NED).
    regio = published(monitor, "afstand_huisartsenpraktijk", "regio", 2023)
    for region_id in monitor.regions.ids():
        members = monitor.regions.members(region_id)
        expected = (dist[members] * people[members]).sum() / people[members].sum()
        assert regio[region_id] == pytest.approx(expected), region_id
    # A distance whose tolerance is coarser than CBS's rounding keeps CBS's figure.
    assert monitor.national("afstand_huisartsenpost", 2023)["nl_source"] == "CBS"


def test_zwolle_gap_in_80305ned_is_filled_from_the_2020_table(monitor, raw):
    zwolle = monitor.table("afstand_huisartsenpraktijk", 2020, "gemeente").set_index("code").loc["GM0193"]
    assert zwolle["value"] == series(raw, "cbs_nabijheid_2020", "Afstand tot huisartsenpraktijk (km)", 2020)["GM0193"]
    assert zwolle["dataset"] == "cbs_nabijheid_2020"
    assert "GM0193" not in series(raw, NABIJHEID, "AfstandTotHuisartsenpraktijk_1", 2020).index


def test_jobs_within_reach_are_inhabitant_weighted(monitor, raw):
    for km, measure in ((10, "Binnen10Km_72"), (20, "Binnen20Km_73"), (50, "Binnen50Km_74")):
        indicator = f"banen_binnen_{km}km"
        assert monitor.years(indicator) == [2013, 2017, 2018, 2019, 2020]
        jobs = series(raw, NABIJHEID, measure, 2020)
        people = series(raw, *POPULATION, 2020)
        members = [m for m in monitor.regions.members("twente")]
        expected = (jobs[members] * people[members]).sum() / people[members].sum()
        assert published(monitor, indicator, "regio", 2020)["twente"] == pytest.approx(expected)
        assert monitor.national(indicator, 2020)["value"] == jobs["NL01"]


@pytest.mark.parametrize("indicator, measure, weight", [
    ("werkloosheid", "Werkloosheidspercentage_13", "Beroepsbevolking_2"),
    ("nettoarbeidsparticipatie", "NettoArbeidsparticipatie_16", "BeroepsEnNietBeroepsbevolking_1"),
])
def test_work_regions_are_weighted_means_of_cbs_gemeente_percentages(monitor, raw, indicator, measure, weight):
    # Issue 22: CBS rounds the counts of 86088NED to thousands, so Σ unemployed / Σ labour force
    # put Zeeuws-Vlaanderen 2024 at 1 / 55 = 1.8 % while its gemeenten are at 2.9-3.2 %. The rule
    # changed: regions, COROP areas and the programme are the weighted mean of CBS's percentages.
    assert monitor.years(indicator) == list(range(2013, 2025))
    outside = 0
    for year in range(2013, 2025):
        pct = series(raw, WORK, measure, year)
        w = series(raw, WORK, weight, year)
        regio = published(monitor, indicator, "regio", year)
        for region_id in monitor.regions.ids():
            members = monitor.regions.members(region_id)
            assert regio[region_id] == pytest.approx((pct[members] * w[members]).sum() / w[members].sum())
            outside += not (pct[members].min() - 1e-9 <= regio[region_id] <= pct[members].max() + 1e-9)
        nl = monitor.national(indicator, year)
        assert nl["nl_source"] == "CBS" and nl["value"] == pct["NL01"]
        gemeente = published(monitor, indicator, "gemeente", year)
        own = pct.drop("NL01")
        assert (gemeente[own.index].to_numpy() == own.to_numpy()).all()  # also where the weight is 0
    assert outside == 0
    if indicator == "werkloosheid":
        zvl = monitor.regions.members("zeeuws_vlaanderen")
        assert 2.9 <= published(monitor, indicator, "regio", 2024)["zeeuws_vlaanderen"] <= 3.2
        assert set(series(raw, WORK, measure, 2024)[zvl].round(1)) <= {2.9, 3.0, 3.1, 3.2}
        corop = published(monitor, indicator, "corop", 2024)
        assert corop["CR31"] == published(monitor, indicator, "regio", 2024)["zeeuws_vlaanderen"]


def test_registered_crime_is_summed_crimes_over_summed_inhabitants(monitor, raw):
    assert monitor.years("geregistreerde_misdrijven")[-1] == 2024
    for year, population in ((2023, POPULATION), (2024, ("cbs_85984NED_kwb2024", "Bevolking/Aantal inwoners (aantal)"))):
        crimes = series(raw, CRIME, "TotaalGeregistreerdeMisdrijven_1", year)
        people = series(raw, *population, year)
        regio = published(monitor, "geregistreerde_misdrijven", "regio", year)
        for region_id in monitor.regions.ids():
            members = monitor.regions.members(region_id)
            assert regio[region_id] == pytest.approx(1000 * crimes[members].sum() / people[members].sum())
        rate = series(raw, CRIME, "GeregistreerdeMisdrijvenPer1000Inw_3", year).drop("NL01")
        gemeente = published(monitor, "geregistreerde_misdrijven", "gemeente", year)
        assert (gemeente[rate.index].to_numpy() == rate.to_numpy()).all()
    # Issue 22: Nederland is CBS's own rate in every year (2010-2011: 72.4, not the crimes divided
    # by the inhabitants of 2012, the first year of CBS 37259NED in the snapshot).
    for year in monitor.years("geregistreerde_misdrijven"):
        nl = monitor.national("geregistreerde_misdrijven", year)
        assert nl["nl_source"] == "CBS"
        assert nl["value"] == series(raw, CRIME, "GeregistreerdeMisdrijvenPer1000Inw_3", year)["NL01"]
    assert monitor.national("geregistreerde_misdrijven", 2010)["value"] == 72.4
    # No rate where CBS publishes none (it suppresses small counts): Vlieland 2021, Rozendaal 2012.
    for code, year in (("GM0096", 2021), ("GM0277", 2012)):
        assert code not in series(raw, CRIME, "GeregistreerdeMisdrijvenPer1000Inw_3", year).index
        assert code in series(raw, CRIME, "TotaalGeregistreerdeMisdrijven_1", year).index
        row = monitor.table("geregistreerde_misdrijven", year, "gemeente").set_index("code").loc[code]
        assert pd.isna(row["value"]) and "publiceert" in row["reason"]
    # The impossible RMBW copy is gone: no gemeente above 500 per 1 000 in any year.
    everything = monitor.rows("geregistreerde_misdrijven")
    assert everything.loc[everything["level"] == "gemeente", "value"].max() < 500
    cleared = series(raw, CRIME, "TotaalOpgehelderdeMisdrijven_4", 2024)
    total = series(raw, CRIME, "TotaalGeregistreerdeMisdrijven_1", 2024)
    members = monitor.regions.members("twente")
    assert published(monitor, "ophelderingspercentage", "regio", 2024)["twente"] == pytest.approx(
        100 * cleared[members].sum() / total[members].sum())


def test_informal_care_2016_and_2020_inhabitant_weighted_with_cbs_national_row(monitor, raw):
    assert monitor.years("mantelzorgers") == [2016, 2020, 2022]  # 2022: CBS 85563NED (snapshot v3)
    share = series(raw, HEALTH_2020, "Mantelzorger_14_18plus", 2020)
    people = series(raw, *POPULATION, 2020)
    regio = published(monitor, "mantelzorgers", "regio", 2020)
    checked = 0
    for region_id in monitor.regions.ids():
        members = monitor.regions.members(region_id)
        if not set(members) <= set(people.index):
            continue  # a merger after 2020: covered by the harmonisation tests
        have = [m for m in members if m in share.index]
        expected = (share[have] * people[have]).sum() / people[have].sum()
        assert regio[region_id] == pytest.approx(expected), region_id
        checked += 1
    assert checked >= 6
    nl = monitor.national("mantelzorgers", 2020)
    assert nl["nl_source"] == "CBS" and nl["value"] == share["NL01"]


def test_area_shares_are_weighted_by_land_area(monitor, raw):
    # Issue 22: weighted by land (OppervlakteLand_123), not land + water (the rule changed; NL was 16.4).
    area = series(raw, "cbs_85984NED_kwb2024_keys", "OppervlakteLand_123", 2024)
    nature = series(raw, "cbs_rmbw_gemeente", "NatureForestAreas", 2017)
    nl = monitor.national("natuur_en_bos", 2017)
    assert nl["value"] == pytest.approx((nature * area[nature.index]).sum() / area[nature.index].sum())
    assert 14.95 < nl["value"] < 15.05 and nl["nl_source"] == "berekend"


def test_particulate_emissions_per_km2_of_land_without_the_wadden_placeholders(monitor, raw):
    emission = series(raw, "cbs_rmbw_gemeente", "Update_Emissions_particulate_matter", 2022)
    land = series(raw, "cbs_85984NED_kwb2024_keys", "OppervlakteLand_123", 2024)
    # The only values that are multiples of 100 kg/km² are the five Wadden islands'.
    placeholder = (emission / 100 - (emission / 100).round()).abs() < 1e-6
    assert set(emission[placeholder].index) <= {"GM0060", "GM0088", "GM0093", "GM0096", "GM0448"}
    assert "GM0448" in emission[placeholder].index
    kept = emission[~placeholder]
    gemeente = published(monitor, "fijnstofemissies", "gemeente", 2022)
    assert gemeente[emission[placeholder].index].isna().all()
    members = monitor.regions.members("noard_fryslan")
    have = [m for m in members if m in kept.index]
    expected = (kept[have] * land[have]).sum() / land[have].sum()
    assert published(monitor, "fijnstofemissies", "regio", 2022)["noard_fryslan"] == pytest.approx(expected)
    assert 230 < expected < 238  # was 535 weighted by land + water (Harlingen's Wadden Sea)
    # Kop van Noord-Holland without Texel: the coverage is the share of its land with a value.
    kop = monitor.table("fijnstofemissies", 2022, "regio").set_index("code").loc["kop_van_noord_holland"]
    members = monitor.regions.members("kop_van_noord_holland")
    share = land[[m for m in members if m in kept.index]].sum() / land[members].sum()
    assert kop["coverage"] == pytest.approx(share) and share < 0.95
    assert pd.isna(kop["value"]) and "landoppervlakte" in kop["reason"]


def test_no_gemeente_drops_out_for_lack_of_a_weight(monitor, raw):
    # Every RMBW value of a gemeente reaches the monitor (2012-2013: the Boarnsterhim split has no
    # shares, so those gemeenten are weighted with their inhabitants of the nearest year).
    rmbw = raw[(raw["dataset"] == "cbs_rmbw_gemeente") & (raw["measure"] == "SatisfactionLife")]
    for year, rows in rmbw.groupby("period"):
        gemeente = published(monitor, "tevredenheid_leven", "gemeente", year)
        assert gemeente[rows["region_code"]].notna().all(), year
    heerenveen = monitor.table("tevredenheid_leven", 2013, "gemeente").set_index("code").loc["GM0074"]
    assert "dichtstbijzijnde jaar" in heerenveen["note"]
    # Zuidoost-Fryslân 2013: the coverage is the true share of inhabitants with a value.
    region = monitor.table("tevredenheid_leven", 2013, "regio").set_index("code").loc["zuidoost_fryslan"]
    members = monitor.regions.members("zuidoost_fryslan")
    with_value = set(rmbw.loc[rmbw["period"] == 2013, "region_code"]) & set(members)
    if with_value == set(members):
        assert region["coverage"] == pytest.approx(1.0)
    else:
        assert region["coverage"] < 1.0


def test_unpublished_measures_reach_no_output(monitor):
    assert not monitor.values["dataset"].str.contains("Update_", na=False).any()
    for gone in ("natuurgebied_per_inwoner", "broeikasgasemissies", "zonne_energie_woningen", "ondervonden_delicten"):
        assert gone not in monitor.catalogue.ids()


def test_median_indicators_compare_like_with_like(monitor):
    for indicator in ("mediaan_besteedbaar_huishoudinkomen", "mediaan_gestandaardiseerd_inkomen"):
        year = monitor.years(indicator)[-1]
        nl = monitor.national(indicator, year)
        assert nl["nl_source"] == "berekend" and "mediaan van CBS" in nl["note"]
