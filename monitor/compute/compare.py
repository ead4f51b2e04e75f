"""Compare every area with Nederland: difference, index, direction-aware verdict and rank."""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..catalogue import Catalogue

VERDICTS = ("gunstiger", "gelijk", "ongunstiger", "hoger", "lager")
"""``hoger``/``lager`` are for indicators whose direction is neutral."""
MIN_COVERAGE_FOR_VERDICT = 0.8
"""Below this covered share of inhabitants an area gets a value but no verdict and no rank.

A survey-based region value that rests on part of the region (Zeeuws-Vlaanderen's *Vertrouwen in
instituties* 2023 is Terneuzen alone, 52 % of its inhabitants) describes the covered gemeenten, not
the region; ranking it against fully covered regions would claim more than the data say. At 80 %
at most a fifth of the inhabitants is unobserved, so a verdict or rank cannot flip on them alone
for the typical differences of a few points. The value and its coverage are still shown.
"""


def judged(coverage: pd.Series) -> pd.Series:
    """Whether values with this covered share (NaN: not applicable, e.g. changes) get a verdict and rank."""
    return coverage.isna() | (coverage >= MIN_COVERAGE_FOR_VERDICT - 1e-12)


def add_comparison(values: pd.DataFrame, catalogue: Catalogue) -> pd.DataFrame:
    """Add ``nl_value``, ``diff``, ``index``, ``verdict`` and ``rank`` to the values table.

    Parameters
    ----------
    values
        Columns ``indicator``, ``level``, ``code``, ``year``, ``value`` (levels ``gemeente``,
        ``regio``, ``nederland``), optionally ``coverage``.
    catalogue
        For direction and tolerance.

    Returns
    -------
    DataFrame
        A copy with the new columns (see :func:`comparison`).

    Raises
    ------
    ValueError
        If ``values`` holds two ``nederland`` rows for one indicator and year.
    """
    out = values.reset_index(drop=True)
    position = {ind_id: i for i, ind_id in enumerate(catalogue.ids())}
    level = out["level"].to_numpy(object)
    coverage = out["coverage"].to_numpy("float64") if "coverage" in out else np.full(len(out), np.nan)
    found = comparison(out["indicator"].map(position).to_numpy("int64"), level == "nederland", level == "regio",
                       out["year"].to_numpy("int64"), out["value"].to_numpy("float64"), coverage, catalogue)
    for column in ("nl_value", "diff", "index"):
        out[column] = found[column]
    out["verdict"] = np.array([*VERDICTS, None], dtype=object)[found["verdict"]]
    out["rank"] = pd.array(found["rank"], dtype="Int64")
    return out


def comparison(indicator: np.ndarray, national: np.ndarray, region: np.ndarray, year: np.ndarray, value: np.ndarray,
               coverage: np.ndarray, catalogue: Catalogue) -> dict:
    """Every value against Nederland's value of the same indicator and year, on arrays.

    Parameters
    ----------
    indicator
        Positions in ``catalogue.indicators``.
    national, region
        Whether a row is Nederland, or a region (the level that is ranked).
    year, value, coverage
        Per row (``coverage`` NaN where not applicable, e.g. changes).
    catalogue
        For direction and tolerance.

    Returns
    -------
    dict
        ``nl_value``, ``diff``, ``index`` (100 × value / national value; empty for indicators
        without an index, :attr:`monitor.catalogue.Indicator.has_index`, and where the national
        value is not positive), ``verdict`` (positions in
        :data:`VERDICTS`, -1 for none) and ``rank`` (float, NaN for none). ``diff``, ``index`` and
        ``verdict`` are empty for counts (see :func:`comparable`). ``rank`` ranks the regions
        (1 = most favourable; neutral indicators are not ranked). Areas whose ``coverage`` is below
        :data:`MIN_COVERAGE_FOR_VERDICT` get no verdict and no rank (and do not take a place in the
        ranking of the others).
    """
    # Indicator and year as one dense integer: Nederland's value and the ranking groups are array lookups.
    first = int(year.min()) if len(year) else 0
    span = int(year.max()) - first + 1 if len(year) else 1
    key = indicator * span + (year - first)
    if not pd.Index(key[national]).is_unique:
        raise ValueError("more than one national value for an indicator and year")
    table = np.full(len(catalogue.indicators) * span, np.nan)
    table[key[national]] = value[national]
    nl_value = table[key]
    meta = [(i.direction, i.tolerance, comparable(i, catalogue), i.has_index) for i in catalogue.indicators]
    direction = np.array([m[0] for m in meta], dtype=object)[indicator]
    tolerance = np.array([m[1] for m in meta], dtype="float64")[indicator]
    compared = np.array([m[2] for m in meta], dtype=bool)[indicator]
    indexed = np.array([m[3] for m in meta], dtype=bool)[indicator]
    diff = np.where(compared, value - nl_value, np.nan)
    with np.errstate(divide="ignore", invalid="ignore"):
        index = np.where(compared & indexed & (nl_value > 0), 100 * value / nl_value, np.nan)
    known = ~np.isnan(diff)
    neutral, higher = direction == "neutral", direction == "higher"
    better = np.where(higher, diff > 0, diff < 0)
    verdict = np.select([~known, np.abs(diff) <= tolerance + 1e-9, neutral & (diff > 0), neutral, better],
                        [-1, VERDICTS.index("gelijk"), VERDICTS.index("hoger"), VERDICTS.index("lager"),
                         VERDICTS.index("gunstiger")], default=VERDICTS.index("ongunstiger"))
    covered = judged(pd.Series(coverage)).to_numpy()
    verdict[~covered & ~national] = -1
    # Rank on a score where larger is better; lower-is-better indicators are negated. Neutral
    # indicators get no rank: "place 8 of 11" on a measure that is neither good nor bad means nothing.
    score = np.where(region & covered & ~neutral, np.where(direction == "lower", -value, value), np.nan)
    return {"nl_value": nl_value, "diff": diff, "index": index, "verdict": verdict, "rank": _rank_min(score, key)}


def _rank_min(score: np.ndarray, group: np.ndarray) -> np.ndarray:
    """Rank within each group, highest score first, ties sharing the lowest rank; NaN scores get NaN."""
    rank = np.full(len(score), np.nan)
    rows = np.flatnonzero(~np.isnan(score))
    if not len(rows):
        return rank
    rows = rows[np.lexsort((-score[rows], group[rows]))]
    g, s = group[rows], score[rows]
    position = np.arange(len(rows))
    new_group = np.r_[True, g[1:] != g[:-1]]
    new_score = new_group | np.r_[True, s[1:] != s[:-1]]
    rank[rows] = (np.maximum.accumulate(np.where(new_score, position, 0))
                  - np.maximum.accumulate(np.where(new_group, position, 0)) + 1)
    return rank


def comparable(indicator, catalogue: Catalogue) -> bool:
    """Whether an area can be compared with Nederland on this indicator.

    Counts (``sum``) and changes of counts depend on the size of the area, so a difference with
    the national total says nothing; every other rule gives a rate, share or mean.
    """
    if indicator.aggregation == "change":
        return catalogue.get(indicator.change.of).aggregation != "sum"
    return indicator.aggregation != "sum"
