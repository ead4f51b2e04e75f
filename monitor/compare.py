"""Compare every area with Nederland: difference, index, direction-aware verdict and rank."""

from __future__ import annotations

import numpy as np
import pandas as pd

from .catalogue import Catalogue

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
        ``regio``, ``nederland``).
    catalogue
        For direction and tolerance.

    Returns
    -------
    DataFrame
        A copy with the new columns. ``index`` is 100 × value / national value, left empty where
        the national value is not positive (e.g. a negative migration balance). ``diff``,
        ``index`` and ``verdict`` are empty for counts (see :func:`comparable`). ``rank`` ranks the
        regions (1 = most favourable; for neutral indicators 1 = highest) and is empty for
        other levels. Areas whose ``coverage`` is below :data:`MIN_COVERAGE_FOR_VERDICT` get no
        verdict and no rank (and do not take a place in the ranking of the others).

    Raises
    ------
    ValueError
        If ``values`` holds two ``nederland`` rows for one indicator and year.
    """
    out = values.reset_index(drop=True)
    # Indicator and year as one dense integer: Nederland's value and the ranking groups are array lookups.
    indicator, ids = pd.factorize(out["indicator"])
    year = out["year"].to_numpy("int64")
    first = int(year.min()) if len(year) else 0
    span = int(year.max()) - first + 1 if len(year) else 1
    key = indicator * span + (year - first)
    national = (out["level"] == "nederland").to_numpy()
    if not pd.Index(key[national]).is_unique:
        raise ValueError("more than one national value for an indicator and year")
    nl_value = np.full(len(ids) * span, np.nan)
    nl_value[key[national]] = out["value"].to_numpy("float64")[national]
    out["nl_value"] = nl_value[key]
    out["diff"] = out["value"] - out["nl_value"]
    out["index"] = (100 * out["value"] / out["nl_value"]).where(out["nl_value"] > 0)
    meta = {i.id: (i.direction, i.tolerance, comparable(i, catalogue)) for i in catalogue.indicators}
    direction, tolerance, comparable_ = (np.array([meta[i][n] for i in ids])[indicator] for n in range(3))
    out = out.assign(direction=direction, tolerance=tolerance.astype("float64"), comparable=comparable_.astype(bool))
    out.loc[~out["comparable"], ["diff", "index"]] = np.nan
    tol = out["tolerance"] + 1e-9
    known = out["diff"].notna()
    neutral = out["direction"] == "neutral"
    better = np.where(out["direction"] == "higher", out["diff"] > 0, out["diff"] < 0)
    out["verdict"] = np.select(
        [~known, out["diff"].abs() <= tol, neutral & (out["diff"] > 0), neutral, better],
        [None, "gelijk", "hoger", "lager", "gunstiger"],
        default="ongunstiger",
    )
    out.loc[~known, "verdict"] = None
    covered = judged(out["coverage"]) if "coverage" in out else pd.Series(True, index=out.index)
    out.loc[~covered & (out["level"] != "nederland"), "verdict"] = None
    regions = (out["level"] == "regio") & covered
    # Rank on a score where larger is better; lower-is-better indicators are negated.
    score = np.where(out["direction"] == "lower", -out["value"], out["value"])
    out["score"] = np.where(regions, score, np.nan)
    out["rank"] = out["score"].groupby(key).rank(ascending=False, method="min").astype("Int64")
    return out.drop(columns=["direction", "tolerance", "score", "comparable"])


def comparable(indicator, catalogue: Catalogue) -> bool:
    """Whether an area can be compared with Nederland on this indicator.

    Counts (``sum``) and changes of counts depend on the size of the area, so a difference with
    the national total says nothing; every other rule gives a rate, share or mean.
    """
    if indicator.aggregation == "change":
        return catalogue.get(indicator.change.of).aggregation != "sum"
    return indicator.aggregation != "sum"
