"""Interval arithmetic and the interval-based survey verdict, on hand-made numbers (synthetic, not CBS figures)."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from monitor.compute.uncertainty import interval_verdict, standard_error, survey_intervals, weighted_mean_interval


def test_standard_error_from_bounds():
    # A 95 % interval is 2 × 1.96 = 3.92 standard errors wide.
    assert standard_error(10.0, 17.84) == pytest.approx(2.0)
    assert np.allclose(standard_error([0, 1], [3.92, 1 + 7.84]), [1.0, 2.0])


def test_weighted_mean_interval_of_independent_estimates():
    # Two gemeenten, weights 3:1 -> 0.75 and 0.25; SE 2 and 4 (bounds ± 3.92 and ± 7.84).
    mean, low, high = weighted_mean_interval([10, 20], [300, 100], [10 - 3.92, 20 - 7.84], [10 + 3.92, 20 + 7.84])
    se = math.sqrt(0.75 ** 2 * 2 ** 2 + 0.25 ** 2 * 4 ** 2)  # sqrt(2.25 + 1) = 1.803
    assert mean == pytest.approx(12.5)
    assert (low, high) == (pytest.approx(12.5 - 1.959964 * se), pytest.approx(12.5 + 1.959964 * se))
    # The weights' scale does not matter, only their proportions.
    assert weighted_mean_interval([10, 20], [3, 1], [6.08, 12.16], [13.92, 27.84])[1] == pytest.approx(low)


def test_one_estimate_keeps_its_width_and_a_missing_bound_gives_no_interval():
    mean, low, high = weighted_mean_interval([5.0], [1.0], [3.04], [6.96])
    assert (mean, low, high) == (pytest.approx(5.0), pytest.approx(3.04, abs=1e-3), pytest.approx(6.96, abs=1e-3))
    mean, low, high = weighted_mean_interval([5.0, 6.0], [1.0, 1.0], [3.0, np.nan], [7.0, 8.0])
    assert mean == pytest.approx(5.5) and np.isnan(low) and np.isnan(high)


@pytest.mark.parametrize("lower, upper, nl, direction, before, expected, within", [
    (11.0, 13.0, 12.5, "lower", "ongunstiger", "gelijk", True),        # interval reaches NL: gelijk
    (11.0, 13.0, 13.0, "higher", "gunstiger", "gelijk", True),        # touching counts as reaching
    (13.1, 15.0, 12.5, "lower", "gelijk", "ongunstiger", False),      # above NL, lower is better
    (13.1, 15.0, 12.5, "higher", "gelijk", "gunstiger", False),       # above NL, higher is better
    (9.0, 12.0, 12.5, "higher", "gelijk", "ongunstiger", False),      # below NL
    (13.1, 15.0, 12.5, "neutral", "gelijk", "hoger", False),
    (9.0, 12.0, 12.5, "neutral", "gelijk", "lager", False),
    (np.nan, np.nan, 12.5, "higher", "gunstiger", "gunstiger", False),  # no interval: verdict unchanged
    (9.0, 12.0, 12.5, "higher", None, None, False),                    # no verdict (low coverage) stays none
])
def test_interval_verdict(lower, upper, nl, direction, before, expected, within):
    assert interval_verdict(lower, upper, nl, direction, before) == (expected, within)


class _Indicator:
    def __init__(self, id_, sources):
        self.id, self.sources = id_, sources


class _Source:
    def __init__(self, dataset, measure, bounds):
        self.dataset, self.measure, self.bounds = dataset, measure, bounds


class _Catalogue:
    def __init__(self, indicators):
        self.indicators = indicators


@pytest.mark.parametrize("categorical", [False, True])
def test_survey_intervals_for_gemeenten_a_merger_a_region_and_nederland(categorical):
    # Synthetic: three gemeenten of year 2022; GM0002 and GM0003 merged into GM0009 later.
    obs = pd.DataFrame([
        ("ds", m, code, 2022, value) for code, x, lo, hi in [
            ("GM0001", 10.0, 10 - 3.92, 10 + 3.92), ("GM0002", 20.0, 20 - 7.84, 20 + 7.84),
            ("GM0003", 30.0, 29.0, 31.5), ("NL01", 15.0, 14.8, 15.3)]
        for m, value in (("x", x), ("x_lo", lo), ("x_hi", hi))], columns=["dataset", "measure", "region_code", "period", "value"])
    if categorical:
        # As the snapshot holds them: categorical text columns, with rows and categories of other sources.
        other = pd.DataFrame({"dataset": ["other", "ds"], "measure": ["y", "x"], "region_code": ["GM0001", None],
                              "period": [2022, 2019], "value": [1.0, 2.0]})
        obs = pd.concat([other, obs], ignore_index=True).astype(
            {"dataset": "category", "measure": "category", "region_code": "category"})
    catalogue = _Catalogue([_Indicator("ind", [_Source("other", "y", None), _Source("ds", "x", ("x_lo", "x_hi"))])])
    crosswalk = pd.DataFrame({"old_code": ["GM0002", "GM0003"], "code_2025": ["GM0009", "GM0009"], "share": [1.0, 1.0]})
    people = {"GM0001": 300.0, "GM0002": 100.0, "GM0003": 100.0}
    weight_of = lambda codes, year: pd.Series([people.get(c, np.nan) for c in codes], index=codes)  # noqa: E731
    frame = pd.DataFrame({
        "indicator": "ind", "level": ["gemeente", "gemeente", "regio", "nederland", "regio"],
        "code": ["GM0001", "GM0009", "r1", "NL01", "r1"], "year": [2022, 2022, 2022, 2022, 2020],
        "value": [10.0, 25.0, 16.0, 15.0, 3.0], "nl_source": [None, None, None, "CBS", None]}, index=[5, 6, 7, 8, 9])
    memberships = {"regio": pd.DataFrame({"group": ["r1", "r1"], "code": ["GM0001", "GM0009"]})}
    found = survey_intervals(catalogue, obs, crosswalk, weight_of, frame, memberships)
    # A gemeente with its own CBS bounds keeps them.
    assert tuple(found.loc[5, ["lower_95", "upper_95"]]) == (pytest.approx(6.08), pytest.approx(13.92))
    # The merged gemeente: weights 1/2, 1/2; SE 4 (± 7.84) and (31.5 - 29) / 3.92.
    se = math.sqrt(0.25 * 4 ** 2 + 0.25 * (2.5 / 3.92) ** 2)
    assert found.loc[6, "lower_95"] == pytest.approx(25 - 1.959964 * se)
    # The region: weights 300, 100, 100 of the three parts.
    w = np.array([0.6, 0.2, 0.2])
    se = math.sqrt((w ** 2 * np.array([2.0, 4.0, 2.5 / 3.92]) ** 2).sum())
    assert found.loc[7, "upper_95"] == pytest.approx(0.6 * 10 + 0.2 * 20 + 0.2 * 30 + 1.959964 * se)
    assert "onafhankelijk" in found.loc[7, "note"]
    # Nederland: CBS's own bounds, asymmetric as published.
    assert tuple(found.loc[8, ["lower_95", "upper_95"]]) == (14.8, 15.3)
    # A year without CBS bounds gets no interval, and the note says so.
    assert np.isnan(found.loc[9, "lower_95"]) and "2020" in found.loc[9, "note"]
