"""Golden outputs of the aggregation rules on SYNTHETIC toy data (tests/synthetic/, not CBS figures)."""

from __future__ import annotations

import math

import pandas as pd
import pytest
from synthetic.toy_snapshot import write_toy_snapshot

from monitor.compute.build import build
from monitor.catalogue import Catalogue, Indicator, Source, Theme
from monitor.compute.compare import add_comparison


@pytest.fixture(scope="module")
def toy(tmp_path_factory):
    root = tmp_path_factory.mktemp("toy")
    paths = write_toy_snapshot(root)
    result = build(paths["snapshot"], root / "build", regions_path=paths["regions"],
                   indicator_dir=paths["catalogue"], crosswalk_path=paths["crosswalk"])
    return result.values


def value(values: pd.DataFrame, indicator: str, code: str, year: int) -> pd.Series:
    rows = values[(values["indicator"] == indicator) & (values["code"] == code) & (values["year"] == year)]
    assert len(rows) == 1, f"expected one row for {indicator}/{code}/{year}, got {len(rows)}"
    return rows.iloc[0]


@pytest.mark.parametrize("indicator, code, year, expected", [
    # Counts: mergers summed, the 25/75 split of GM9013 (400) allocated.
    ("bevolking", "GM9001", 2015, 1100), ("bevolking", "GM9003", 2015, 1000), ("bevolking", "GM9004", 2015, 2300),
    ("bevolking", "r_noord", 2015, 1600), ("bevolking", "r_zuid", 2015, 1000), ("bevolking", "NL01", 2015, 4900),
    ("bevolking", "NL01", 2025, 5000),
    # Ratios from summed numerators and denominators.
    ("aandeel_oud", "GM9001", 2015, 100 * 220 / 1100), ("aandeel_oud", "GM9004", 2015, 100 * 360 / 2300),
    ("aandeel_oud", "r_noord", 2015, 100 * 320 / 1600), ("aandeel_oud", "NL01", 2015, 100 * 880 / 4900),
    # Means weighted by inhabitants, through the merger and the split.
    ("afstand", "GM9003", 2015, (300 * 1.0 + 700 * 3.0) / 1000), ("afstand", "GM9001", 2015, 2500 / 1100),
    ("afstand", "r_noord", 2015, (2500 + 2000) / 1600), ("afstand", "NL01", 2015, 2.5),
    # Survey means over gemeenten with a value, weighted by the 2025 population.
    ("tevredenheid", "r_noord", 2025, 80.0), ("tevredenheid", "r_zuid", 2025, 70.0),
    ("tevredenheid", "NL01", 2025, (80 * 1200 + 70 * 1000 + 60 * 2400) / 4600),
    # Change over ten years, per area from its own values.
    ("groei_10j", "GM9001", 2025, 100), ("groei_10j", "r_noord", 2025, 0), ("groei_10j", "NL01", 2025, 100),
    # 2025-division data of 2013: GM9002 and GM9004 lack 2013 inhabitants and are weighted with
    # those of 2015 (the nearest year) instead of dropping out.
    ("score_2025", "GM9002", 2013, 20), ("score_2025", "r_noord", 2013, (10 * 900 + 20 * 500) / 1400),
    ("score_2025", "NL01", 2013, (10 * 900 + 20 * 500 + 30 * 950 + 40 * 2300) / 4650),
    # Shares of area weighted by area (of 2024, the only year with areas).
    ("groen", "r_noord", 2013, (50 * 10 + 10 * 30) / 40), ("groen", "NL01", 2013, (500 + 300 + 400 + 200) / 100),
    # A computed share out of range (150 %) is not published; the other gemeenten are.
    ("aandeel_x", "GM9001", 2013, 40.0), ("aandeel_x", "r_noord", 2013, 100 * (40 + 60) / 200),
    # Per 1 000 inhabitants: one gemeente = the publisher's rate; merged gemeenten and regions =
    # summed crimes / summed inhabitants; Nederland = the publisher's own national rate (issue 22:
    # it was national crimes / national inhabitants, 1000 * 200 / 4900 = 40.8).
    ("misdrijven", "GM9002", 2015, 40.0), ("misdrijven", "GM9001", 2015, 1000 * (50 + 0.25 * 8) / 1100),
    ("misdrijven", "GM9003", 2015, 1000 * 20 / 1000), ("misdrijven", "r_noord", 2015, 1000 * (52 + 20) / 1600),
    ("misdrijven", "NL01", 2015, 41.0), ("misdrijven", "NL01", 2016, 38.5),
    # A median is compared with a national value made the same way, not the publisher's median.
    ("mediaan", "NL01", 2015, (34000 + 10000 + 10000 + 62000) / 4900),
    # The main source lacks GM9003's predecessors: that gemeente is filled from the older source.
    ("afstand_gevuld", "GM9001", 2015, (1.0 * 1000 + 0.25 * 4.0 * 400) / 1100),
    ("afstand_gevuld", "GM9003", 2015, 2.4), ("afstand_gevuld", "r_zuid", 2015, 2.4),
    ("afstand_gevuld", "NL01", 2015, 2.2),
])
def test_golden_values(toy, indicator, code, year, expected):
    assert value(toy, indicator, code, year)["value"] == pytest.approx(expected)


def test_coverage_is_reported_and_threshold_applies(toy):
    noord = value(toy, "tevredenheid", "r_noord", 2025)
    assert noord["coverage"] == pytest.approx(1200 / 1600)
    strict = value(toy, "tevredenheid_strikt", "r_noord", 2025)
    assert math.isnan(strict["value"])
    assert "75%" in strict["reason"] and "80%" in strict["reason"]
    assert value(toy, "tevredenheid", "NL01", 2025)["coverage"] == pytest.approx(4600 / 5000)


def test_missing_is_never_zero(toy):
    gm = value(toy, "tevredenheid", "GM9002", 2025)
    assert math.isnan(gm["value"]) and gm["reason"]


def test_unknown_split_share_leaves_receivers_missing_with_reason(toy):
    for code in ("GM9002", "GM9004"):
        row = value(toy, "bevolking", code, 2013)
        assert math.isnan(row["value"])
        assert "verdeling" in row["reason"]
    assert value(toy, "bevolking", "GM9001", 2013)["value"] == 900
    region = value(toy, "bevolking", "r_noord", 2013)
    assert math.isnan(region["value"]) and "1 van de 2" in region["reason"]
    assert math.isnan(value(toy, "bevolking", "NL01", 2013)["value"])


def test_national_source_is_labelled(toy):
    assert value(toy, "afstand", "NL01", 2015)["nl_source"] == "CBS"
    assert value(toy, "tevredenheid", "NL01", 2025)["nl_source"] == "berekend"
    assert value(toy, "groei_10j", "NL01", 2025)["nl_source"] == "berekend"
    assert pd.isna(value(toy, "afstand", "GM9001", 2015)["nl_source"])


def test_comparison_with_nederland(toy):
    noord = value(toy, "aandeel_oud", "r_noord", 2015)
    nl = 100 * 880 / 4900
    assert noord["nl_value"] == pytest.approx(nl)
    assert noord["diff"] == pytest.approx(20.0 - nl)
    assert noord["index"] == pytest.approx(100 * 20.0 / nl)
    assert noord["verdict"] == "ongunstiger"  # lower is better, 2 points above NL
    assert value(toy, "aandeel_oud", "GM9004", 2015)["verdict"] == "gunstiger"
    # Both regions are at 20 %: tied for first place.
    assert value(toy, "aandeel_oud", "r_zuid", 2015)["rank"] == 1 and noord["rank"] == 1


@pytest.mark.parametrize("diff, direction, tolerance, expected", [
    (0.4, "higher", 0.5, "gelijk"), (0.5, "higher", 0.5, "gelijk"), (0.6, "higher", 0.5, "gunstiger"),
    (-0.6, "higher", 0.5, "ongunstiger"), (0.6, "lower", 0.5, "ongunstiger"), (-0.6, "lower", 0.5, "gunstiger"),
    (0.6, "neutral", 0.5, "hoger"), (-0.6, "neutral", 0.5, "lager"), (float("nan"), "higher", 0.5, None),
])
def test_verdict_rule(diff, direction, tolerance, expected):
    """The rule as the build applies it (monitor.compute.compare.add_comparison), on a SYNTHETIC one-row table."""
    indicator = Indicator(id="x", title="Synthetisch", description="Synthetische indicator (testdata).", unit="%",
                          direction=direction, direction_reason="Synthetische richting (testdata).",
                          valid_range=(None, None), goal=1, aggregation="ratio", tolerance=tolerance,
                          sources=[Source(dataset="d", numerator=["a"], denominator=["b"])])
    catalogue = Catalogue((Theme(theme="t", title="T", indicators=[indicator]),))
    values = pd.DataFrame({"indicator": ["x", "x"], "level": ["regio", "nederland"], "code": ["r", "NL01"],
                           "year": [2020, 2020], "value": [10.0 + diff, 10.0], "coverage": [1.0, 1.0]})
    out = add_comparison(values, catalogue).set_index("code")
    got = out.loc["r", "verdict"]
    assert (None if pd.isna(got) else got) == expected


def test_counts_are_not_judged_against_the_national_total(toy):
    row = value(toy, "bevolking", "r_noord", 2015)
    assert row["nl_value"] == 4900
    assert pd.isna(row["diff"]) and pd.isna(row["verdict"]) and pd.isna(row["index"])
    assert pd.isna(value(toy, "groei_10j", "r_noord", 2025)["verdict"])


def test_weight_of_another_year_is_said_and_coverage_is_true(toy):
    noord = value(toy, "score_2025", "r_noord", 2013)
    assert noord["coverage"] == pytest.approx(1.0)
    assert "1 gemeente" in noord["note"]
    assert "dichtstbijzijnde jaar" in value(toy, "score_2025", "GM9002", 2013)["note"]
    assert pd.isna(value(toy, "score_2025", "GM9001", 2013)["note"])


def test_out_of_range_value_is_refused_with_reason(toy):
    row = value(toy, "aandeel_x", "GM9003", 2013)
    assert math.isnan(row["value"]) and "buiten het geldige bereik" in row["reason"] and "150" in row["reason"]
    # Not aggregated either: a ratio region needs every member, so Zuid and Nederland are missing.
    zuid = value(toy, "aandeel_x", "r_zuid", 2013)
    assert math.isnan(zuid["value"]) and zuid["reason"]
    assert math.isnan(value(toy, "aandeel_x", "NL01", 2013)["value"])


def test_median_national_value_is_computed_like_the_regions(toy):
    nl = value(toy, "mediaan", "NL01", 2015)
    assert nl["nl_source"] == "berekend"
    assert "99,0" in nl["note"]


def test_gap_is_filled_from_the_next_source_and_labelled(toy):
    assert value(toy, "afstand_gevuld", "GM9003", 2015)["dataset"] == "toy_2015"
    assert value(toy, "afstand_gevuld", "GM9001", 2015)["dataset"] == "toy_main"
    assert value(toy, "afstand_gevuld", "NL01", 2015)["nl_source"] == "CBS"


def test_no_rate_where_the_publisher_suppresses_it(toy):
    """SYNTHETIC: GM9002 2016 has a rounded count but no published rate (issue 22, point 4)."""
    suppressed = value(toy, "misdrijven", "GM9002", 2016)
    assert math.isnan(suppressed["value"]) and "publiceert" in suppressed["reason"]
    assert value(toy, "misdrijven", "GM9001", 2016)["value"] == pytest.approx(55.0)
    # The count still enters the region's sums: crimes of both members over their inhabitants
    # (2016 has none in the toy: those of 2015, the nearest year, 1000 and 500).
    assert value(toy, "misdrijven", "r_noord", 2016)["value"] == pytest.approx(1000 * (60 + 5) / (1000 + 500))


def test_placeholder_is_withheld_and_area_coverage_is_a_share_of_land(toy):
    """SYNTHETIC: GM9001's 50 is a placeholder of the source (issue 22, point 2)."""
    withheld = value(toy, "groen_invul", "GM9001", 2013)
    assert math.isnan(withheld["value"]) and "invulwaarde" in withheld["reason"]
    noord = value(toy, "groen_invul", "r_noord", 2013)
    # Only GM9002 (area 30 of 40) is left: the coverage is the share of the land (0.75), not of the
    # inhabitants (500 of 1400, below the 0.5 minimum), and the placeholder does not enter the mean.
    assert noord["coverage"] == pytest.approx(30 / 40)
    assert noord["value"] == pytest.approx(10.0)
    assert value(toy, "groen_invul", "NL01", 2013)["value"] == pytest.approx((10 * 30 + 20 * 20 + 5 * 40) / 90)


def test_national_value_like_the_regions_where_the_publisher_rounds_it_coarsely(toy):
    """SYNTHETIC: the publisher's national 2.5 is rounded to 0.5, coarser than the tolerance 0.1
    (issue 22, point 10): Nederland is computed from the gemeenten like the regions."""
    nl = value(toy, "afstand_afgerond", "NL01", 2015)
    assert nl["value"] == pytest.approx((2.0 * 1000 + 4.0 * 500 + 1.0 * 300 + 3.0 * 700 + 1.0 * 2000 + 5.0 * 400) / 4900)
    assert nl["nl_source"] == "berekend" and "2,5" in nl["note"] and "afrondt op 0,5" in nl["note"]
    assert value(toy, "afstand", "NL01", 2015)["value"] == 2.5  # the same source without the rounding rule


def test_no_index_for_a_balance_near_zero():
    """SYNTHETIC: a balance whose national value is nearly 0 gets a difference and verdict but no index."""
    balance = Indicator(id="saldo", title="Saldo", description="Synthetisch saldo (testdata).", unit="per 1 000",
                        direction="higher", direction_reason="Hoger is gunstiger (testdata).",
                        valid_range=(None, None), goal=3, aggregation="ratio", tolerance=0.5,
                        sources=[Source(dataset="x", numerator=["a"], denominator=["b"])])
    share = balance.model_copy(update={"id": "aandeel", "valid_range": (0, 100)})
    catalogue = Catalogue((Theme(theme="t", title="T", indicators=[balance, share]),))
    values = pd.DataFrame({"indicator": ["saldo", "saldo", "aandeel", "aandeel"], "level": ["nederland", "regio"] * 2,
                           "code": ["NL01", "r", "NL01", "r"], "year": 2020, "value": [0.0002, -0.68, 0.0002, 0.5]})
    out = add_comparison(values, catalogue).set_index(["indicator", "code"])
    assert pd.isna(out.loc[("saldo", "r"), "index"]) and out.loc[("saldo", "r"), "verdict"] == "ongunstiger"
    assert out.loc[("aandeel", "r"), "index"] == pytest.approx(100 * 0.5 / 0.0002)
