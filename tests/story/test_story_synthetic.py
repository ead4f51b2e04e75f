"""The NPVR story on SYNTHETIC data (made-up numbers, see tests/synthetic/README.md): hand-computed expectations
for the COROP/programme levels, stacking, standardised scores, convergence, peers and forecast matching."""

from __future__ import annotations

import itertools
import math

import numpy as np
import pandas as pd
import pytest
from synthetic.toy_snapshot import write_toy_snapshot

from monitor.story import forecast, peers, stacking, trends
from monitor.compute.build import build
from monitor.catalogue import Catalogue, Indicator, SeriesBreak, Source, Theme


def _indicator(ind_id, theme, goal, direction="higher", aggregation="ratio", tolerance=0.5, breaks=()):
    source = (Source(dataset="x", numerator=["a"], denominator=["b"]) if aggregation == "ratio"
              else Source(dataset="x", measure="m"))
    return Indicator(id=ind_id, title=ind_id.title(), description="Synthetische indicator (testdata).", unit="%",
                     direction=direction, direction_reason="Synthetische richting (testdata).", valid_range=(None, None),
                     goal=goal, aggregation=aggregation, tolerance=tolerance, sources=[source],
                     theme=theme, breaks=[SeriesBreak(year=y, note="synthetische reeksbreuk") for y in breaks])


# SYNTHETIC catalogue: five indicators over two themes and two goals.
CATALOGUE = Catalogue((
    Theme(theme="t1", title="Thema 1", indicators=[
        _indicator("hoog_goed", "t1", 1), _indicator("laag_goed", "t1", 1, direction="lower"),
        _indicator("neutraal", "t1", 3, direction="neutral")]),
    Theme(theme="t2", title="Thema 2", indicators=[
        _indicator("aantal", "t2", 3, direction="neutral", aggregation="sum"), _indicator("leeg", "t2", 3)]),
))


def _row(indicator, level, code, year, value, nl_value=None, verdict=None):
    diff = None if nl_value is None else value - nl_value
    return {"indicator": indicator, "level": level, "code": code, "year": year, "value": value,
            "nl_value": nl_value, "diff": diff, "verdict": verdict, "dataset": "synthetisch"}


@pytest.fixture(scope="module")
def values():
    """SYNTHETIC values table: two regions, forty COROP values 1..40 for hoog_goed/laag_goed in 2020."""
    rows = [
        # region a: hoog_goed older year ongunstiger, latest (2020) gunstiger; laag_goed ongunstiger;
        # neutraal "hoger" (zonder oordeel); aantal has no verdict (count); leeg has no value at all.
        _row("hoog_goed", "regio", "a", 2019, 10.0, 20.0, "ongunstiger"),
        _row("hoog_goed", "regio", "a", 2020, 30.5, 20.0, "gunstiger"),
        _row("laag_goed", "regio", "a", 2020, 30.0, 20.0, "ongunstiger"),
        _row("neutraal", "regio", "a", 2018, 5.0, 4.0, "hoger"),
        _row("aantal", "regio", "a", 2020, 1000.0),
        # region b: only hoog_goed, gelijk.
        _row("hoog_goed", "regio", "b", 2020, 20.2, 20.0, "gelijk"),
    ]
    rows += [_row(ind, "corop", f"CR{k:02d}", 2020, float(k)) for ind in ("hoog_goed", "laag_goed")
             for k in range(1, 41)]
    return pd.DataFrame(rows)


# --- build: COROP and programme levels (toy snapshot with two SYNTHETIC COROP regions) -------------------

@pytest.fixture(scope="module")
def toy(tmp_path_factory):
    root = tmp_path_factory.mktemp("toy_corop")
    paths = write_toy_snapshot(root, corop=True)
    return build(paths["snapshot"], root / "build", regions_path=paths["regions"], indicator_dir=paths["catalogue"],
                 crosswalk_path=paths["crosswalk"]).values


def _value(values, indicator, code, year):
    rows = values[(values["indicator"] == indicator) & (values["code"] == code) & (values["year"] == year)]
    assert len(rows) == 1, (indicator, code, year, len(rows))
    return rows.iloc[0]


@pytest.mark.parametrize("indicator, code, year, level, expected", [
    # bevolking 2015 per 2025 gemeente (see test_aggregation_synthetic): 1100, 500, 1000, 2300.
    ("bevolking", "CR01", 2015, "corop", 1100 + 500), ("bevolking", "CR02", 2015, "corop", 1000 + 2300),
    ("bevolking", "npvr", 2015, "programma", 1100 + 500 + 1000), ("bevolking", "overig", 2015, "programma", 2300),
    # ratio from summed parts: old 2015 = 220, 100, 200 (GM9011 60 + GM9012 140), 360.
    ("aandeel_oud", "npvr", 2015, "programma", 100 * (220 + 100 + 200) / 2600),
    ("aandeel_oud", "overig", 2015, "programma", 100 * 360 / 2300),
    ("aandeel_oud", "CR02", 2015, "corop", 100 * (200 + 360) / 3300),
    # survey mean over gemeenten with a value, 2025 weights: GM9002 has none (coverage 1200/1600 >= 0.5).
    ("tevredenheid", "CR01", 2025, "corop", 80.0), ("tevredenheid", "overig", 2025, "programma", 60.0),
    ("groei_10j", "npvr", 2025, "programma", (1200 + 400 + 1000) - 2600),
])
def test_extra_levels_aggregate_like_regions(toy, indicator, code, year, level, expected):
    row = _value(toy, indicator, code, year)
    assert row["level"] == level
    assert row["value"] == pytest.approx(expected)


def test_programme_names_comparison_and_no_rank(toy):
    npvr = _value(toy, "aandeel_oud", "npvr", 2015)
    assert npvr["name"] == "NPVR (11 regio's samen)" and _value(toy, "bevolking", "overig", 2015)["name"] == "overig Nederland"
    assert npvr["diff"] == pytest.approx(100 * 520 / 2600 - 100 * 880 / 4900)  # NL01 is CBS's own row (880/4900)
    assert npvr["verdict"] == "ongunstiger"  # 20.0 vs 17.96, lower is better, tolerance 0.5
    assert toy.loc[toy["level"].isin(["programma", "corop"]), "rank"].isna().all()
    ranks = toy[(toy["indicator"] == "afstand") & (toy["year"] == 2015) & (toy["level"] == "regio")]["rank"]
    assert sorted(ranks.dropna().astype(int)) == [1, 2]  # still ranked among the regions only


def test_build_without_corop_file_has_programme_only(tmp_path):
    paths = write_toy_snapshot(tmp_path)
    values = build(paths["snapshot"], tmp_path / "build", regions_path=paths["regions"],
                   indicator_dir=paths["catalogue"], crosswalk_path=paths["crosswalk"]).values
    assert "corop" not in set(values["level"]) and "programma" in set(values["level"])


# --- stacking -----------------------------------------------------------------------------------------------

def test_stacking_counts_latest_year_and_neutral_or_missing_unjudged(values):
    detail = stacking.stacking_detail(values, CATALOGUE, ["a", "b"])
    table = stacking.stacking_table(detail, CATALOGUE, ["a", "b"]).set_index(["regio", "doel", "thema"])
    # a: goal 1 / t1 = hoog_goed (latest 2020: gunstiger) + laag_goed (ongunstiger).
    assert table.loc[("a", "1", "t1")].tolist() == [2, 1, 0, 1, 0]
    # a: goal 3 / t1 = neutraal (hoger -> zonder oordeel); goal 3 / t2 = aantal (no verdict) + leeg (no value).
    assert table.loc[("a", "3", "t1")].tolist() == [1, 0, 0, 0, 1]
    assert table.loc[("a", "3", "t2")].tolist() == [2, 0, 0, 0, 2]
    assert table.loc[("a", "totaal", "totaal")].tolist() == [5, 1, 0, 1, 3]
    assert table.loc[("b", "totaal", "totaal")].tolist() == [5, 0, 1, 0, 4]
    assert list(table.reset_index().columns) == stacking.STACKING_COLUMNS
    assert len(table) == 2 * (3 + 1)  # three goal-theme combinations with indicators, plus totaal


def test_standardised_scores_against_corop(values):
    detail = stacking.stacking_detail(values, CATALOGUE, ["a"]).set_index("indicator")
    # COROP values 1..40: mean 20.5, population sd sqrt((40^2 - 1) / 12).
    sd = math.sqrt((40 ** 2 - 1) / 12)
    assert detail.loc["hoog_goed", "z_score"] == pytest.approx((30.5 - 20.5) / sd)
    assert detail.loc["hoog_goed", "percentiel"] == pytest.approx(100 * 30 / 40)  # 30 COROP values are lower
    # lower is better: 30.0 ties with CR30 (half), 10 COROP values are higher (worse) -> 10.5 of 40.
    assert detail.loc["laag_goed", "z_score"] == pytest.approx(-(30.0 - 20.5) / sd)
    assert detail.loc["laag_goed", "percentiel"] == pytest.approx(100 * 10.5 / 40)
    assert math.isnan(detail.loc["aantal", "z_score"]) and math.isnan(detail.loc["neutraal", "z_score"])


def test_no_standardised_score_below_the_coverage_threshold(values):
    """SYNTHETIC: region a's hoog_goed 2020 rests on 52 % of its inhabitants (issue 22, point 11)."""
    partial = values.copy()
    partial["coverage"] = 1.0
    hit = (partial["indicator"] == "hoog_goed") & (partial["code"] == "a") & (partial["year"] == 2020)
    partial.loc[hit, "coverage"] = 0.52
    detail = stacking.stacking_detail(partial, CATALOGUE, ["a"]).set_index("indicator")
    assert math.isnan(detail.loc["hoog_goed", "z_score"]) and math.isnan(detail.loc["hoog_goed", "percentiel"])
    assert not math.isnan(detail.loc["laag_goed", "z_score"])
    # COROP values below the threshold leave the reference distribution (and then too few remain).
    corop = (partial["level"] == "corop") & (partial["indicator"] == "laag_goed")
    partial.loc[corop & (partial["code"].isin([f"CR{i:02d}" for i in range(1, 12)])), "coverage"] = 0.5
    detail = stacking.stacking_detail(partial, CATALOGUE, ["a"]).set_index("indicator")
    assert detail.loc["laag_goed", "corop_n"] == 29 and math.isnan(detail.loc["laag_goed", "z_score"])


# --- convergence ----------------------------------------------------------------------------------------------

def _gaps(indicator, code, years, gaps):
    return pd.DataFrame([_row(indicator, "regio", code, y, 50 + g, 50.0) for y, g in zip(years, gaps)])


def test_theil_sen_slope_verdicts_and_direction():
    years = list(range(2015, 2022))
    frame = pd.concat([
        _gaps("hoog_goed", "a", years, [-5 + 0.5 * (y - 2015) for y in years]),   # behind, catching up
        _gaps("laag_goed", "a", years, [-5 + 0.5 * (y - 2015) for y in years]),   # ahead (lower is better), lead shrinks
        _gaps("hoog_goed", "b", years, [2.0, 2.1, 1.9, 2.0, 2.2, 1.8, 2.0]),       # flat
        _gaps("laag_goed", "b", years, [0.0, 6.0, -3.0, 3.0, 8.0, -2.0, 6.0]),    # noise: slope 2/3 but unsure
        _gaps("neutraal", "a", years, [1 + 1.0 * (y - 2015) for y in years]),      # distance grows
        _gaps("hoog_goed", "c", years, [-1 + 1.0 * (y - 2015) for y in years]),    # overshoots NL: -1 -> +5
        _gaps("laag_goed", "c", years, [3 - 1.0 * (y - 2015) for y in years]),     # passes NL: +3 -> -3
        _gaps("hoog_goed", "d", years[:4], [-4, -3, -2, -1]),                      # only 4 years: no row
    ])
    table = trends.trend_table(frame, CATALOGUE, ["a", "b", "c", "d"]).set_index(["indicator", "regio"])
    row = table.loc[("hoog_goed", "a")]
    assert row["helling_per_jaar"] == pytest.approx(0.5)
    assert (row["jaar_van"], row["jaar_tot"], row["verschil_van"], row["verschil_tot"]) == (2015, 2021, -5, -2)
    assert row["oordeel"] == "naar_nederland_toe" and row["gunstig"] is True
    assert row["helling_laag"] <= 0.5 <= row["helling_hoog"]
    lead = table.loc[("laag_goed", "a")]
    assert lead["oordeel"] == "naar_nederland_toe" and lead["gunstig"] is False
    assert table.loc[("hoog_goed", "b"), "oordeel"] == "stabiel"
    noisy = table.loc[("laag_goed", "b")]
    assert noisy["oordeel"] == "onbepaald" and "interval" in noisy["reden"]
    assert table.loc[("neutraal", "a"), "oordeel"] == "van_nederland_af"
    assert pd.isna(table.loc[("neutraal", "a"), "gunstig"])
    # -1 -> +5: was 'van_nederland_af' (|+5| > |-1|); it crosses Nederland (issue 22: rule changed).
    assert table.loc[("hoog_goed", "c"), "oordeel"] == "kruist"
    assert table.loc[("hoog_goed", "c"), "ontwikkeling"] == "gunstig"
    assert table.loc[("hoog_goed", "c"), "afstand_per_jaar"] == pytest.approx((5 - 1) / 6)
    # Issue 22: a region that crosses Nederland (+3 -> -3, beyond the tolerance on both ends) is
    # neither towards nor away from it (the rule changed: it was 'onbepaald'); for a lower-is-better
    # indicator moving below Nederland the development is favourable.
    passing = table.loc[("laag_goed", "c")]
    assert passing["oordeel"] == "kruist" and "passeert Nederland" in passing["reden"]
    assert passing["ontwikkeling"] == "gunstig"
    assert row["ontwikkeling"] == "gunstig" and lead["ontwikkeling"] == "ongunstig"  # a lead that shrinks
    assert table.loc[("neutraal", "a"), "ontwikkeling"] == "" and table.loc[("hoog_goed", "b"), "ontwikkeling"] == ""
    assert ("hoog_goed", "d") not in table.index
    assert ("aantal", "a") not in table.index  # counts are not compared


def test_crossing_is_its_own_verdict_not_towards():
    """SYNTHETIC: +2.78 -> -3.20 (Zeeuws-Vlaanderen's life satisfaction) shrank |gap| and was 'towards'."""
    years = list(range(2014, 2024))
    gaps = [2.78 - (5.98 / 9) * (y - 2014) for y in years]
    fit = trends.fit_gap(years, gaps, "higher", 1.0)
    assert fit["oordeel"] == "kruist" and fit["ontwikkeling"] == "ongunstig" and fit["gunstig"] is False


def test_no_trend_verdict_when_a_year_is_below_the_coverage_threshold():
    """SYNTHETIC: a clear closing trend, but 2017's value rests on 60 % of the inhabitants."""
    years = list(range(2015, 2022))
    frame = _gaps("hoog_goed", "a", years, [-5 + 0.5 * (y - 2015) for y in years])
    frame["coverage"] = [1.0, 1.0, 0.6, 1.0, 1.0, 1.0, 1.0]
    row = trends.trend_table(frame, CATALOGUE, ["a"]).set_index("indicator").loc["hoog_goed"]
    assert row["oordeel"] == "onbepaald" and "2017" in row["reden"] and math.isnan(row["helling_per_jaar"])
    assert row["ontwikkeling"] == ""
    frame["coverage"] = 1.0
    assert trends.trend_table(frame, CATALOGUE, ["a"]).iloc[0]["oordeel"] == "naar_nederland_toe"


def test_a_stable_gap_names_its_margin_in_dutch_decimals():
    """SYNTHETIC: the reason of 'stabiel' is Dutch text shown in the app: "binnen de marge (0,1)", not "(0.1)"."""
    years = list(range(2010, 2020))
    fit = trends.fit_gap(years, [1.0 + 0.001 * (y - 2010) for y in years], "higher", 0.1)
    assert fit["oordeel"] == "stabiel" and fit["reden"].endswith("binnen de marge (0,1)")
    assert trends.fit_gap(years, [1.0] * len(years), "higher", 5000)["reden"].endswith("(5.000)")


def test_theil_sen_resists_an_outlier():
    years = list(range(2010, 2020))
    gaps = [-3 + 0.2 * (y - 2010) for y in years]
    gaps[4] = 25.0  # one wild year
    fit = trends.fit_gap(years, gaps, "higher", 0.5)
    assert fit["helling_per_jaar"] == pytest.approx(0.2)
    assert fit["oordeel"] == "naar_nederland_toe"


def test_series_break_keeps_only_the_last_segment():
    broken = Catalogue((Theme(theme="t1", title="T", indicators=[
        _indicator("hoog_goed", "t1", 1, breaks=(2019,)), _indicator("laag_goed", "t1", 1, breaks=(2016,))]),))
    years = list(range(2013, 2023))
    # Before the break the gap closes fast, after it it is flat: only the flat part may count.
    gaps = [-8 + 1.0 * (y - 2013) for y in years if y < 2016] + [-2.0] * len([y for y in years if y >= 2016])
    frame = pd.concat([_gaps("hoog_goed", "a", years, gaps), _gaps("laag_goed", "a", years, gaps)])
    table = trends.trend_table(frame, broken, ["a"]).set_index("indicator")
    short = table.loc["hoog_goed"]  # 2019-2022: four years after the break
    assert short["oordeel"] == "onbepaald" and short["jaar_van"] == 2019 and "reeksbreuk in 2019" in short["reden"]
    after = table.loc["laag_goed"]  # 2016-2022: seven flat years
    assert after["jaar_van"] == 2016 and after["helling_per_jaar"] == pytest.approx(0.0)
    assert after["oordeel"] == "stabiel"
    # Without the break the same series would be judged on the early closing as well.
    unbroken = trends.trend_table(frame, CATALOGUE, ["a"]).set_index("indicator")
    assert unbroken.loc["laag_goed", "jaar_van"] == 2013


def test_ranked_puts_fastest_closing_first():
    table = pd.DataFrame({"indicator": ["hoog_goed", "laag_goed", "neutraal"], "regio": "a",
                          "afstand_per_jaar": [-0.5, 0.4, -0.05],
                          "oordeel": ["naar_nederland_toe", "van_nederland_af", "naar_nederland_toe"]})
    assert trends.ranked(table, CATALOGUE, "a")["indicator"].tolist() == ["hoog_goed", "neutraal", "laag_goed"]


# --- peers ------------------------------------------------------------------------------------------------------

def test_peers_euclidean_on_z_scores_and_exclusions():
    raw = pd.DataFrame({"x": [0.0, 1.0, 2.0, 3.0, 4.0, 0.2], "y": [0.0, 0.0, 2.0, 2.0, 4.0, 0.1]},
                       index=["CR01", "CR02", "CR03", "CR04", "CR05", "r"])
    z = peers.standardise(raw, ["CR01", "CR02", "CR03", "CR04", "CR05"])
    # x of the reference: mean 2, sd sqrt(2); y: mean 1.6, sd sqrt(2.24).
    assert z.loc["CR05", "x"] == pytest.approx(2 / math.sqrt(2))
    assert z.loc["r", "y"] == pytest.approx((0.1 - 1.6) / math.sqrt(2.24))
    names = {c: f"naam {c}" for c in raw.index}
    out = peers.nearest_peers(z, ["r"], ["CR02", "CR03", "CR04", "CR05"], names, n=2, overlap={"r": {"CR03"}})
    assert out["peer_code"].tolist() == ["CR02", "CR04"]  # CR01 not a candidate, CR03 overlaps
    expected = math.hypot((1.0 - 0.2) / math.sqrt(2), (0.0 - 0.1) / math.sqrt(2.24))
    assert out.loc[0, "afstand"] == pytest.approx(expected) and out["rang"].tolist() == [1, 2]


def test_npvr_share_of_corop():
    values = pd.DataFrame([_row("bevolking", "gemeente", c, 2024, v) for c, v in
                           [("GM0001", 300.0), ("GM0002", 100.0), ("GM0003", 50.0)]])
    corop = pd.DataFrame({"gemeente_code": ["GM0001", "GM0002", "GM0003"], "corop_code": ["CR01", "CR01", "CR02"]})
    share = peers.npvr_share(values, {"GM0001": "r"}, corop)
    assert share["CR01"] == pytest.approx(0.75) and share["CR02"] == 0


def test_peer_candidates_below_a_quarter_npvr_and_one_reference_year():
    """SYNTHETIC: CR02 has exactly 25 % of its inhabitants in the NPVR region (issue 22, point 8)."""
    gm = [f"GM000{i}" for i in range(1, 9)]
    corop = pd.DataFrame({"gemeente_code": gm, "corop_code": ["CR01", "CR02", "CR02", "CR03", "CR04", "CR05", "CR05",
                                                               "CR06"], "corop_name": "fictief"})
    pop = [100.0, 100.0, 300.0, 100.0, 100.0, 100.0, 100.0, 100.0]
    rows = [_row("bevolking", "gemeente", c, 2024, v) for c, v in zip(gm, pop)]
    # Feature "a" exists for every area in 2023 and 2024, "b" only in 2023 for all (2024 lacks CR06).
    areas = [("regio", "r"), *[("corop", f"CR0{i}") for i in range(1, 7)]]
    for k, (level, code) in enumerate(areas):
        rows += [_row("hoog_goed", level, code, 2023, 10.0 + k), _row("hoog_goed", level, code, 2024, 20.0 + k),
                 _row("laag_goed", level, code, 2023, 5.0 + k * k)]
        if code != "CR06":
            rows.append(_row("laag_goed", level, code, 2024, 1.0 + k))
    values = pd.DataFrame(rows)
    profile = {"hoog_goed": "a", "laag_goed": "b"}
    table, years = peers.profiles(values, ["r"], [f"CR0{i}" for i in range(1, 7)], profile)
    assert years == {"hoog_goed": 2023, "laag_goed": 2023}  # not 2024 for one and 2023 for the other
    assert table.loc["CR01", "hoog_goed"] == 11.0
    out, _, info = peers.peer_table(values, {"GM0001": "r", "GM0002": "r"}, ["r"], corop, profile, n=3)
    assert "CR02" in info["excluded"] and info["npvr_share"]["CR02"] == pytest.approx(0.25)
    assert "CR02" not in set(out["peer_code"]) and info["reference_year"] == 2023


# --- forecast -----------------------------------------------------------------------------------------------------

class _Regions:
    """Stand-in for monitor.regions.Regions with SYNTHETIC members."""

    table = {"heel": ["GM0001", "GM0002"], "som": ["GM0003", "GM0004", "GM0005"], "deel": ["GM0006", "GM0007"],
             "niets": ["GM0008"], "schat": ["GM0009"], "bijna": ["GM0014", "GM0015"]}

    def ids(self):
        return list(self.table)

    def members(self, region):
        return self.table[region]


def test_forecast_match_exact_partial_none():
    """SYNTHETIC forecasts. Issue 22: a partial sum is never published under a region's name."""
    codes = [f"GM000{i}" for i in range(1, 10)] + ["GM0013", "GM0014", "GM0015"]
    corop = pd.DataFrame({"gemeente_code": codes,
                          "corop_code": ["CR01", "CR01", "CR02", "CR02", "CR03", "CR04", "CR04", "CR04", "CR05", "CR05",
                                         "CR06", "CR06"],
                          "corop_name": "Corop (fictief)"})
    # GM0010 merged into GM0005 (old code, whole); GM0011 split over two gemeenten: not usable.
    crosswalk = pd.DataFrame({"old_code": ["GM0010", "GM0011", "GM0011", "GM0006", "GM0014"],
                              "code_2025": ["GM0005", "GM0006", "GM0007", "GM0006", "GM0014"],
                              "share": [1.0, 0.5, 0.5, 1.0, 1.0]})
    population = pd.DataFrame({"code": codes, "year": 2023,
                               "population": [100.0, 100.0, 50.0, 50.0, 100.0, 300.0, 100.0, 600.0, 100.0, 300.0,
                                              960.0, 40.0]})
    rows = [("NL01", 2023, 1400.0 / 1000), ("NL01", 2050, 1540.0 / 1000),
            ("CR01", 2023, 0.2), ("CR01", 2050, 0.18),            # exact for "heel"
            ("CR02", 2023, 0.1), ("CR02", 2050, 0.11),            # + GM0010 (= GM0005): exact sum for "som"
            ("GM0010", 2023, 0.1), ("GM0010", 2050, 0.12),
            ("GM0006", 2023, 0.3), ("GM0006", 2050, 0.27),        # partial for "deel": 300 of 400
            ("GM0011", 2023, 0.9), ("GM0011", 2050, 0.9),
            ("CR04", 2023, 0.5), ("CR04", 2050, 0.5),             # CR04 (1000 observed) fails the area check
            ("CR05", 2023, 0.4), ("CR05", 2050, 0.5),             # "schat" is 100 of CR05's 400
            ("GM0014", 2023, 0.96), ("GM0014", 2050, 1.0)]        # "bijna": 960 of 1000 inhabitants
    prognoses = pd.DataFrame([(forecast.CURRENT, forecast.TOTAL_MEASURE, c, y, v) for c, y, v in rows],
                             columns=["dataset", "measure", "region_code", "period", "value"])
    table, matches = forecast.forecast_regions(prognoses, forecast.CURRENT, _Regions(), corop, crosswalk, population)
    m = matches.set_index("regio")
    assert m.loc["heel", "overeenkomst"] == "exact" and m.loc["heel", "dekking"] == 1.0
    assert m.loc["som", "overeenkomst"] == "exact" and m.loc["som", "gebieden"] == "CR02 GM0010"
    assert m.loc["deel", "overeenkomst"] == "gedeeltelijk" and m.loc["deel", "dekking"] == pytest.approx(0.75)
    assert m.loc["niets", "overeenkomst"] == "geen" and math.isnan(m.loc["niets", "groei"])
    assert m.loc["heel", "groei"] == pytest.approx(-10.0) and m.loc["heel", "nl_groei"] == pytest.approx(10.0)
    assert m.loc["heel", "methode"] == forecast.METHOD_SUM
    t = table.set_index(["regio", "jaar"])
    assert t.loc[("som", 2050), "bevolking"] == pytest.approx(230.0)  # (0.11 + 0.12) thousand
    # "deel": GM0006 is 75 % of the region and CR04 is not the same area as today: no figure at all
    # (it was GM0006's 270 under the region's name).
    assert "deel" not in set(table["regio"]) and "CR04" in m.loc["deel", "reden"]
    assert "niets" not in set(table["regio"])  # no figure is invented
    # "schat": an estimate at the region's constant share (100 / 400) of CR05, labelled as such.
    assert t.loc[("schat", 2050), "bevolking"] == pytest.approx(0.25 * 500)
    assert t.loc[("schat", 2023), "bevolking"] == pytest.approx(100.0)
    assert m.loc["schat", "methode"].startswith("schatting: 25% van CR05")
    assert (table.loc[table["regio"] == "schat", "methode"] == m.loc["schat", "methode"]).all()
    # "bijna": the forecast gemeente holds 96 % (>= 95 %): the sum is published, with its coverage.
    assert t.loc[("bijna", 2050), "bevolking"] == pytest.approx(1000.0)
    assert m.loc["bijna", "methode"].startswith("som") and m.loc["bijna", "dekking"] == pytest.approx(0.96)


def test_pairwise_median_is_theil_sen():
    """Guard the estimator choice: the slope equals the median of all pairwise slopes."""
    years = [2014, 2015, 2017, 2018, 2020, 2021]
    gaps = [3.0, 2.5, 2.6, 1.0, 1.5, 0.2]
    pairwise = [(gaps[j] - gaps[i]) / (years[j] - years[i]) for i, j in itertools.combinations(range(6), 2)]
    assert trends.fit_gap(years, gaps, "lower", 0.1)["helling_per_jaar"] == pytest.approx(np.median(pairwise))


def test_stacking_counts_the_kernset_only(values):
    """SYNTHETIC: with a kernset of one indicator, the stacking counts that one; the detail keeps all."""
    themes = tuple(Theme(theme=t.theme, title=t.title, indicators=[
        i.model_copy(update={"kernset": i.id == "laag_goed"}) for i in t.indicators]) for t in CATALOGUE.themes)
    core = Catalogue(themes)
    assert core.kernset_ids() == ["laag_goed"] and CATALOGUE.kernset_ids() == CATALOGUE.ids()
    detail = stacking.stacking_detail(values, core, ["a", "b"])
    assert len(detail) == 2 * len(core.indicators) and detail["kernset"].sum() == 2
    table = stacking.stacking_table(detail, core, ["a", "b"]).set_index(["regio", "doel", "thema"])
    total = table.loc[("a", "totaal", "totaal")]
    assert total["indicatoren"] == 1 and total["ongunstiger"] == 1  # laag_goed only (hoog_goed was gunstiger)
    assert set(table.index.get_level_values("thema")) == {"t1", "totaal"}
