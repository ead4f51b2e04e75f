"""The NPVR story on the real snapshot, re-computed independently from the raw snapshot files where possible."""

from __future__ import annotations

import itertools

import numpy as np
import pandas as pd
import pytest

from monitor.story import forecast, peers, gather as story, trends
from monitor.areas import read_corop
from monitor.compute.compare import MIN_COVERAGE_FOR_VERDICT


@pytest.fixture(scope="module")
def tables(monitor):
    return story.story_for(monitor)


@pytest.fixture(scope="module")
def raw(real_snapshot):
    return pd.read_csv(real_snapshot / "observations.csv", dtype={"region_code": str, "period": int})


@pytest.fixture(scope="module")
def corop(real_snapshot):
    return pd.read_csv(real_snapshot / "regions" / "corop_2024.csv", dtype=str)


def _ratio_from_raw(monitor, raw, indicator_id, year, codes):
    """Σ numerators / Σ denominators × factor over ``codes`` from raw snapshot rows (same dataset as the build)."""
    ind = monitor.indicator(indicator_id)
    dataset = monitor.table(indicator_id, year, "nederland")["dataset"].iloc[0]
    source = next(s for s in ind.sources if s.dataset == dataset)
    assert source.is_ratio, "pick a year whose source is a numerator/denominator ratio"
    rows = raw[(raw["dataset"] == dataset) & (raw["period"] == year) & raw["region_code"].isin(codes)]
    assert rows["region_code"].nunique() == len(codes), "every gemeente must be in the source (2024 division)"
    num = rows[rows["measure"].isin(source.numerator)]["value"].sum()
    den = rows[rows["measure"].isin(source.denominator)]["value"].sum()
    return source.factor * num / den


def _value(monitor, indicator_id, code, year):
    rows = monitor.series(indicator_id, [code])
    return float(rows.loc[rows["year"] == year, "value"].iloc[0])


def test_corop_value_recomputed_from_raw_rows(monitor, raw, corop):
    members = corop.loc[corop["corop_code"] == "CR39", "gemeente_code"].tolist()  # Zuid-Limburg
    expected = _ratio_from_raw(monitor, raw, "aandeel_65_plus", 2024, members)
    assert _value(monitor, "aandeel_65_plus", "CR39", 2024) == pytest.approx(expected, rel=1e-9)
    assert set(monitor.values.loc[monitor.values["level"] == "corop", "code"]) == set(corop["corop_code"])


def test_programme_areas_recomputed_from_raw_rows(monitor, raw, corop):
    inside = set(monitor.regions.table["gemeente_code"])
    everyone = set(corop["gemeente_code"])  # the 342 gemeenten of 2024/2025
    for code, members in (("npvr", inside), ("overig", everyone - inside)):
        expected = _ratio_from_raw(monitor, raw, "aandeel_65_plus", 2024, sorted(members))
        assert _value(monitor, "aandeel_65_plus", code, 2024) == pytest.approx(expected, rel=1e-9)
    pop = monitor.table("bevolking", 2024)
    by_code = dict(zip(pop["code"], pop["value"]))
    assert by_code["npvr"] + by_code["overig"] == pytest.approx(by_code["NL01"], rel=1e-6)


def test_regions_are_still_ranked_among_eleven(monitor):
    rows = monitor.table("werkloosheid", 2024)  # a neutral indicator (aandeel_65_plus) has no rank at all
    assert rows["rank"].notna().any() and rows.loc[rows["rank"].notna(), "level"].eq("regio").all()
    assert rows["rank"].max() <= 11


def test_stacking_matches_region_profile(monitor, tables):
    # Issue 22: the stacking counts the kernset (it counted all indicators; the rule changed).
    core = monitor.catalogue.kernset_ids()
    n = len(core)
    assert 15 <= n < len(monitor.catalogue.indicators) / 2
    totals = tables.stacking[tables.stacking["doel"] == "totaal"].set_index("regio")
    assert (totals["indicatoren"] == n).all()
    assert (totals[["ongunstiger", "gelijk", "gunstiger", "zonder_oordeel"]].sum(axis=1) == n).all()
    profile = monitor.region_profile("twente")
    profile = profile[profile["indicator"].astype(str).isin(core)]
    assert totals.loc["twente", "ongunstiger"] == int((profile["verdict"] == "ongunstiger").sum())
    assert totals.loc["twente", "gunstiger"] == int((profile["verdict"] == "gunstiger").sum())
    parts = tables.stacking[tables.stacking["doel"] != "totaal"].groupby("regio")["ongunstiger"].sum()
    assert (parts == totals["ongunstiger"]).all()


def test_percentile_recomputed_for_one_indicator(monitor, tables):
    indicator = "afstand_huisartsenpraktijk"  # lower is better
    row = tables.stacking_detail.set_index(["code", "indicator"]).loc[("zuid_limburg", indicator)]
    year = int(row["year"])
    corop_values = monitor.table(indicator, year, "corop")["value"].dropna().to_numpy()
    region = _value(monitor, indicator, "zuid_limburg", year)
    # lower is better: the share of COROP regions with a longer (worse) distance; ties count half
    # (Zuid-Limburg is COROP region CR39 itself, so it ties at least with itself).
    ties = (corop_values == region).sum()
    assert ties >= 1
    assert row["percentiel"] == pytest.approx(100 * ((corop_values > region).mean() + 0.5 * ties / len(corop_values)))
    assert row["z_score"] == pytest.approx(-(region - corop_values.mean()) / corop_values.std())


def _median_pairwise_slope(gap) -> float:
    """Theil–Sen by hand: the median of the slopes between every two years of a gap series."""
    pairs = [(gap.iloc[j] - gap.iloc[i]) / (gap.index[j] - gap.index[i])
             for i, j in itertools.combinations(range(len(gap)), 2)]
    return float(np.median(pairs))


def test_one_slope_recomputed_by_hand(monitor, tables):
    row = tables.trends.set_index(["indicator", "regio"]).loc[("werkloosheid", "regio_emmen")]
    region = monitor.series("werkloosheid", ["regio_emmen"]).set_index("year")["value"]
    nl = monitor.series("werkloosheid", ["NL01"]).set_index("year")["value"]
    gap = (region - nl).dropna()
    gap = gap[(gap.index >= row["jaar_van"]) & (gap.index <= row["jaar_tot"])]
    assert row["helling_per_jaar"] == pytest.approx(_median_pairwise_slope(gap))
    assert row["verschil_van"] == pytest.approx(gap.iloc[0]) and row["jaren"] == len(gap) >= trends.MIN_YEARS
    assert set(tables.trends["oordeel"]) <= set(trends.VERDICTS)



def _gap_series(monitor, level, codes):
    """Every gap series that :func:`trends.trend_table` fits at ``level``: {(indicator, code): (years, gaps)}.

    Series with fewer than ``MIN_YEARS`` years after a break are not fitted (``onbepaald``) and left out.
    """
    from monitor.compute.compare import comparable

    rows = monitor.values[(monitor.values["level"] == level) & monitor.values["code"].isin(codes)
                          & monitor.values["diff"].notna()]
    out = {}
    for (ind_id, code), part in rows.groupby([rows["indicator"].astype(str), rows["code"].astype(str)]):
        ind = monitor.indicator(ind_id)
        if not comparable(ind, monitor.catalogue) or len(part) < trends.MIN_YEARS:
            continue
        part = part.sort_values("year")
        kept, _ = trends.segment_years(part["year"].tolist(), ind)
        part = part[part["year"].isin(kept)]
        if len(part) >= trends.MIN_YEARS:
            out[(ind_id, code)] = (part["year"].to_numpy(float), part["diff"].to_numpy(float))
    return out


def _same(a, b):
    return all((x == y) or (np.isnan(x) and np.isnan(y)) for x, y in zip(a, b, strict=True))


def test_theil_sen_equals_scipy_on_every_real_series(monitor, tables):
    """trends.theil_sen replaces scipy.stats.theilslopes (start-up cost): bit for bit the same numbers."""
    from scipy.stats import theilslopes

    regions = _gap_series(monitor, "regio", monitor.regions.ids())
    corop_codes = sorted(monitor.values.loc[monitor.values["level"] == "corop", "code"].astype(str).unique())
    series = {**regions, **_gap_series(monitor, "corop", corop_codes)}
    # Issue 22: no slope and no verdict for a series with a year below the coverage threshold.
    rows = monitor.values[(monitor.values["level"] == "regio") & monitor.values["diff"].notna()]
    low_rows = rows[rows["coverage"] < MIN_COVERAGE_FOR_VERDICT]
    partial = {key for key, (x, _) in regions.items()
           if ((low_rows["indicator"].astype(str) == key[0]) & (low_rows["code"].astype(str) == key[1])
               & low_rows["year"].isin(x.astype(int))).any()}
    assert partial, "the real data have series with a year below the coverage threshold"
    assert len(regions) - len(partial) == tables.trends["helling_per_jaar"].notna().sum() and len(series) > 2 * len(regions)
    for key, (x, y) in series.items():
        expected = tuple(float(v) for v in theilslopes(y, x, alpha=trends.CONFIDENCE))
        assert _same(trends.theil_sen(y, x), expected), key
    fitted = tables.trends.set_index(["indicator", "regio"])
    for key in partial:
        assert fitted.loc[key, "oordeel"] == "onbepaald" and "berust de waarde" in fitted.loc[key, "reden"]
    for key, (x, y) in regions.items():
        if key in partial:
            continue
        slope, _, low, high = theilslopes(y, x, alpha=trends.CONFIDENCE)
        row = fitted.loc[key]
        assert _same((row["helling_per_jaar"], row["helling_laag"], row["helling_hoog"]), (slope, low, high)), key


@pytest.mark.filterwarnings("ignore:invalid value encountered in sqrt")  # scipy, no interval case
@pytest.mark.parametrize("x, y", [
    ([2015, 2016, 2017, 2018, 2019], [1.0, 1.0, 1.0, 2.0, 2.0]),               # ties in y
    ([1, 1, 2, 2, 3, 3, 4], [0.5, 0.7, 0.2, 0.9, 1.4, 1.1, 2.0]),                # ties in x (pairs left out)
    ([1, 2, 3, 4, 5, 6], [3.0, 3.0, 3.0, 3.0, 3.0, 3.0]),                      # flat
    ([1, 1, 1, 2], [1.0, 1.0, 1.0, 1.0]),                                      # no interval (negative variance)
    ([2010, 2012, 2013, 2017, 2018, 2020, 2021], [-4.2, -3.9, 10.0, -2.5, -2.7, -1.0, -0.4]),  # outlier
])
def test_theil_sen_equals_scipy_on_edge_cases(x, y):
    from scipy.stats import theilslopes

    expected = tuple(float(v) for v in theilslopes(y, x, alpha=trends.CONFIDENCE))
    assert _same(trends.theil_sen(y, x), expected)

def test_peers_are_not_mostly_npvr_and_distance_recomputes(monitor, tables, corop):
    p = tables.peers
    assert (p.groupby("regio").size() == peers.N_PEERS).all() and len(p.groupby("regio")) == 11
    assert p["peer_code"].str.fullmatch(r"CR\d{2}").all()
    # Independent: share of inhabitants in NPVR gemeenten per COROP from gemeente bevolking.
    pop = monitor.values[(monitor.values["indicator"] == "bevolking") & (monitor.values["level"] == "gemeente")]
    pop = pop[pop["year"] == pop["year"].max()].set_index("code")["value"]
    merged = corop.assign(pop=corop["gemeente_code"].map(pop),
                          npvr=corop["gemeente_code"].isin(set(monitor.regions.table["gemeente_code"])))
    share = merged[merged["npvr"]].groupby("corop_code")["pop"].sum() / merged.groupby("corop_code")["pop"].sum()
    # Issue 22: no peer with 25 % or more of its inhabitants in NPVR gemeenten (was: more than half;
    # every region's peers held Kop van Noord-Holland 43 % or Zuidwest-Drenthe 41 %).
    assert (share.reindex(p["peer_code"]).fillna(0) < 0.25).all()
    assert {"CR12", "CR39", "CR18", "CR09", "CR03"} <= set(tables.peer_info["excluded"])
    # One reference year for every profile indicator.
    assert len(set(tables.peer_info["years"].values())) == 1
    assert tables.peer_info["reference_year"] == next(iter(tables.peer_info["years"].values()))
    assert "ddof = 0" in tables.peer_info["distance"]
    # Recompute Twente's distance to its first peer from the build's values.
    first = p[(p["regio"] == "twente") & (p["rang"] == 1)].iloc[0]
    years = tables.peer_info["years"]
    total = 0.0
    for ind, year in years.items():
        ref = monitor.table(ind, year, "corop").set_index("code")["value"]
        a, b = _value(monitor, ind, "twente", year), ref[first["peer_code"]]
        if ind in peers.LOG_FEATURES:
            ref, a, b = np.log10(ref), np.log10(a), np.log10(b)
        total += ((a - b) / ref.std(ddof=0)) ** 2
    assert first["afstand"] == pytest.approx(np.sqrt(total))


def test_forecast_exact_and_partial_regions(monitor, tables, real_snapshot):
    prognoses = pd.read_csv(real_snapshot / "prognoses.csv", dtype={"region_code": str})
    current = prognoses[(prognoses["dataset"] == forecast.CURRENT) & (prognoses["measure"] == "TotaleBevolking_1")]
    m = tables.forecast_matches.set_index("regio")
    assert m.loc["zuid_limburg", "overeenkomst"] == "exact" and m.loc["zuid_limburg", "gebieden"] == "CR39"
    cr39 = current[(current["region_code"] == "CR39") & (current["period"] == 2050)]["value"].iloc[0]
    f = tables.forecast.set_index(["regio", "jaar"])
    assert f.loc[("zuid_limburg", 2050), "bevolking"] == pytest.approx(cr39 * 1000)
    assert f.loc[("zuid_limburg", 2050), "dekking"] == 1.0
    # Issue 22: no partial sum under a region's name. Achterhoek (Doetinchem alone was 20 % of its
    # inhabitants) and Kop van Noord-Holland (Den Helder, 34 %) are estimates at their constant share
    # of their COROP area, labelled 'schatting' with the assumption.
    pop = monitor.table("bevolking", 2023, "gemeente").set_index("code")["value"]
    corop = pd.read_csv(real_snapshot / "regions" / "corop_2024.csv", dtype=str)
    for region, area in (("achterhoek", "CR14"), ("kop_van_noord_holland", "CR18")):
        members = monitor.regions.members(region)
        whole = corop.loc[corop["corop_code"] == area, "gemeente_code"]
        share = pop[members].sum() / pop[whole].sum()
        cr = current[(current["region_code"] == area) & (current["period"] == 2050)]["value"].iloc[0]
        assert f.loc[(region, 2050), "bevolking"] == pytest.approx(share * cr * 1000)
        assert m.loc[region, "methode"].startswith(f"schatting: {100 * share:.0f}% van {area}")
        assert (tables.forecast.loc[tables.forecast["regio"] == region, "methode"] == m.loc[region, "methode"]).all()
    assert f.loc[("achterhoek", 2050), "bevolking"] > 250_000  # not 59,900 (Doetinchem)
    published = set(tables.forecast["regio"])
    for region, info in m.iterrows():
        if region in published:
            assert info["dekking"] >= forecast.MIN_UNION_SHARE or info["methode"].startswith("schatting")
        else:
            assert info["methode"] == "" and info["reden"]
    nl = current[current["region_code"] == "NL01"].set_index("period")["value"]
    assert m["nl_groei"].iloc[0] == pytest.approx(100 * (nl[2050] / nl[2023] - 1))


def test_old_forecast_kept_apart(tables):
    assert set(tables.old_matches["prognose"]) == {forecast.OLD}
    assert tables.old_forecast["jaar"].max() == 2040
    assert "2013" in forecast.OLD_LABEL and "oud" in forecast.OLD_LABEL.lower()


def test_corop_reader(real_snapshot):
    table = read_corop(real_snapshot)
    assert table["corop_code"].nunique() == 40 and len(table) == 342


def test_programme_trend_recomputed_from_npvr_and_national_values(monitor, tables):
    """The eleven regions together (programma/npvr) get their own convergence verdicts, exported after the regions."""
    from monitor.exports.story import export_tables
    from monitor.story.gather import all_trends

    programme = tables.programme_trends
    assert len(programme) > 0 and set(programme["regio"]) == {"npvr"}
    row = programme.set_index("indicator").loc["werkloosheid"]
    npvr = monitor.values[(monitor.values["level"] == "programma") & (monitor.values["code"] == "npvr")
                          & (monitor.values["indicator"] == "werkloosheid")].set_index("year")["value"]
    nl = monitor.series("werkloosheid", ["NL01"]).set_index("year")["value"]
    gap = (npvr - nl).dropna()
    gap = gap[(gap.index >= row["jaar_van"]) & (gap.index <= row["jaar_tot"])]
    assert row["helling_per_jaar"] == pytest.approx(_median_pairwise_slope(gap))
    assert row["verschil_van"] == pytest.approx(gap.iloc[0]) and row["verschil_tot"] == pytest.approx(gap.iloc[-1])
    exported = export_tables(tables)["trends.csv"]
    assert list(exported["regio"].drop_duplicates())[-1] == "npvr"  # after the eleven regions
    assert len(exported) == len(tables.trends) + len(programme) == len(all_trends(tables))


def test_crossing_nederland_is_not_towards_it(tables, monitor):
    """Issue 22: Zeeuws-Vlaanderen's life satisfaction crosses Nederland; it was labelled 'towards'."""
    row = tables.trends.set_index(["indicator", "regio"]).loc[("tevredenheid_leven", "zeeuws_vlaanderen")]
    assert row["verschil_van"] > 0 > row["verschil_tot"]
    assert row["oordeel"] in ("kruist", "onbepaald") and row["oordeel"] != "naar_nederland_toe"
    crossing = tables.trends[tables.trends["oordeel"] == "kruist"]
    assert len(crossing) and (crossing["ontwikkeling"].isin(["gunstig", "ongunstig", ""])).all()
    judged = tables.trends[tables.trends["oordeel"].isin(["naar_nederland_toe", "van_nederland_af", "kruist"])]
    directed = judged["indicator"].map(lambda i: monitor.indicator(i).direction) != "neutral"
    assert (judged.loc[directed, "ontwikkeling"].isin(["gunstig", "ongunstig"])).all()


def test_no_score_or_percentile_below_the_coverage_threshold(tables):
    """Issue 22: Zeeuws-Vlaanderen's trust in institutions 2023 is Terneuzen alone (52 %): it had z -3.94."""
    detail = tables.stacking_detail
    partial = detail[detail["coverage"] < MIN_COVERAGE_FOR_VERDICT]
    assert len(partial) and partial["z_score"].isna().all() and partial["percentiel"].isna().all()
    row = detail.set_index(["code", "indicator"]).loc[("zeeuws_vlaanderen", "vertrouwen_instituties")]
    if row["year"] == 2023:
        assert row["coverage"] < 0.6 and pd.isna(row["z_score"])
