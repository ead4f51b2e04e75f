"""Convergence: is the gap between a region and Nederland closing or widening?

For every comparable indicator (no counts) and region with at least :data:`MIN_YEARS` years in
which both the region and Nederland have a value, the gap ``verschil = regio − Nederland`` per
year is fitted with the **Theil–Sen estimator** (the median of all pairwise slopes), robust against
single outlying years, with its 95 % confidence interval for the slope.

:func:`theil_sen` computes exactly what ``scipy.stats.theilslopes(y, x, alpha=0.95)`` computes
(Sen 1968, normal approximation with tie correction), in a few lines of numpy: importing
``scipy.stats`` alone takes about 0.7 s, more than all fits of an export together (it was the
largest part of computing the story). ``tests/story/test_story_real.py`` checks it against scipy on
every real series.

Series breaks (``Indicator.breaks`` in the catalogue: values from ``year`` on are not comparable
with earlier ones) are respected by using only the years from the last break on; when fewer than
:data:`MIN_YEARS` remain the verdict is ``onbepaald``.

Verdict, in this order:

1. ``onbepaald`` — fewer than :data:`MIN_YEARS` years (after the last break);
2. ``stabiel`` — the fitted change over the period, ``|helling| × (jaar_tot − jaar_van)``, is at
   most the indicator's tolerance for "gelijk aan Nederland";
3. ``onbepaald`` — the 95 % interval of the slope contains 0 (a material change that the data
   cannot tell from noise);
4. ``kruist`` — the fitted gap changes sign and is larger than the tolerance on both ends: the
   region passes Nederland (Zeeuws-Vlaanderen's life satisfaction +2.8 → −3.2 is neither towards
   nor away from Nederland);
5. ``naar_nederland_toe`` / ``van_nederland_af`` — whether the distance to Nederland, the size of
   the fitted gap ``|verschil|``, shrinks or grows by more than the tolerance between ``jaar_van``
   and ``jaar_tot``: a region behind Nederland that catches up, or ahead of it whose lead shrinks,
   moves towards Nederland. The same rule holds for neutral indicators;
6. ``onbepaald`` — the gap changes sign while its size stays within the tolerance.

No verdict (``onbepaald``, no slope) for a series in which **any year's value rests on less than**
:data:`monitor.compute.compare.MIN_COVERAGE_FOR_VERDICT` of the inhabitants: such a value describes the
covered gemeenten, not the region, and a slope through it would mix the two.

Because "towards Nederland" can be good or bad news (a region ahead of Nederland that moves towards
it loses ground), :func:`trend_table` also says what the development means for the region:
``ontwikkeling`` = ``gunstig`` when the gap moves in the indicator's better direction (the slope is
positive for ``higher``, negative for ``lower``), ``ongunstig`` otherwise, empty for neutral
indicators and for stabiel/onbepaald (``gunstig``: the same as True/False/None).
"""

from __future__ import annotations

from statistics import NormalDist

import numpy as np
import pandas as pd

from .. import wording
from ..catalogue import Catalogue, Indicator
from ..compute.compare import MIN_COVERAGE_FOR_VERDICT, comparable
from ..compute.value_table import text_is

MIN_YEARS = 5
CONFIDENCE = 0.95
VERDICTS = ("naar_nederland_toe", "stabiel", "kruist", "van_nederland_af", "onbepaald")
VERDICT_LABELS = {"naar_nederland_toe": "naar Nederland toe", "stabiel": "stabiel", "kruist": "kruist Nederland",
                  "van_nederland_af": "van Nederland af", "onbepaald": "onbepaald"}
"""Every verdict in Dutch, in the order of :data:`VERDICTS` (the app, the exports and the plan say the same)."""
DEVELOPMENTS = {True: "gunstig", False: "ongunstig"}
"""``ontwikkeling``: what the movement of the gap means for the region (see the module doc)."""
TRENDS_COLUMNS = ["indicator", "regio", "jaar_van", "jaar_tot", "verschil_van", "verschil_tot",
                  "helling_per_jaar", "oordeel", "ontwikkeling"]
EXTRA_COLUMNS = ["helling_laag", "helling_hoog", "afstand_per_jaar", "jaren", "gunstig", "reden"]


def segment_years(years: list[int], indicator: Indicator) -> tuple[list[int], int | None]:
    """The years after the indicator's last series break that falls inside the series.

    Returns
    -------
    tuple
        (years kept, break year used or None).
    """
    years = sorted(years)
    inside = [b.year for b in indicator.breaks if years and years[0] < b.year <= years[-1]]
    if not inside:
        return years, None
    last = max(inside)
    return [y for y in years if y >= last], last


def theil_sen(y, x, confidence: float = CONFIDENCE) -> tuple[float, float, float, float]:
    """Theil–Sen slope, intercept and the slope's confidence bounds, as ``scipy.stats.theilslopes``.

    Parameters
    ----------
    y, x
        The series (same length, at least 2, no missing values).
    confidence
        Confidence level of the slope's interval (scipy's ``alpha``).

    Returns
    -------
    tuple
        (slope, intercept, low, high): the median of the pairwise slopes over pairs with
        different ``x``, ``median(y) − slope · median(x)``, and the bounds from the normal
        approximation of Sen (1968, eq. 2.6) with ties in ``x`` and ``y`` corrected for.
    """
    y = np.asarray(y, dtype=float)
    x = np.asarray(x, dtype=float)
    dx = x[:, np.newaxis] - x
    dy = y[:, np.newaxis] - y
    slopes = np.sort(dy[dx > 0] / dx[dx > 0])
    slope = np.median(slopes)
    intercept = np.median(y) - slope * np.median(x)
    alpha = 1.0 - confidence if confidence > 0.5 else confidence
    z = NormalDist().inv_cdf(alpha / 2.0)
    ties = sum(int(k) * (int(k) - 1) * (2 * int(k) + 5)
               for k in (*np.unique(x, return_counts=True)[1], *np.unique(y, return_counts=True)[1]) if k > 1)
    n, pairs = len(y), len(slopes)
    variance = 1 / 18.0 * (n * (n - 1) * (2 * n + 5) - ties)  # scipy's order of operations
    if not pairs or variance < 0:
        return float(slope), float(intercept), np.nan, np.nan
    sigma = np.sqrt(variance)
    upper = min(int(np.round((pairs - z * sigma) / 2.0)), pairs - 1)
    lower = max(int(np.round((pairs + z * sigma) / 2.0)) - 1, 0)
    return float(slope), float(intercept), float(slopes[lower]), float(slopes[upper])


def fit_gap(years, gaps, direction: str, tolerance: float) -> dict:
    """Theil–Sen fit of one gap series and its verdict (see the module doc).

    Parameters
    ----------
    years, gaps
        Years and region − Nederland differences (same length, no missing values).
    direction
        ``higher``, ``lower`` or ``neutral``.
    tolerance
        The indicator's tolerance for "gelijk".

    Returns
    -------
    dict
        ``helling_per_jaar``, ``helling_laag``, ``helling_hoog``, ``afstand_per_jaar``, ``oordeel``,
        ``gunstig``, ``ontwikkeling``, ``reden``.
    """
    x = np.asarray(years, dtype=float)
    y = np.asarray(gaps, dtype=float)
    out = {"helling_per_jaar": np.nan, "helling_laag": np.nan, "helling_hoog": np.nan, "afstand_per_jaar": np.nan,
           "oordeel": "onbepaald", "gunstig": None, "ontwikkeling": "", "reden": ""}
    if len(x) < MIN_YEARS:
        out["reden"] = f"minder dan {MIN_YEARS} jaren met een verschil"
        return out
    slope, intercept, low, high = theil_sen(y, x)
    span = x.max() - x.min()
    start, end = intercept + slope * x.min(), intercept + slope * x.max()
    change = abs(end) - abs(start)  # of the distance to Nederland, over the period
    out.update(helling_per_jaar=float(slope), helling_laag=float(low), helling_hoog=float(high),
               afstand_per_jaar=float(change / span) if span else np.nan)
    if abs(slope) * span <= tolerance + 1e-9:
        out.update(oordeel="stabiel", reden=f"verandering over {span:.0f} jaar binnen de marge "
                                                  f"({wording.number(tolerance, len(f'{tolerance:g}'.partition('.')[2]))})")
        return out
    if low <= 0 <= high:
        out["reden"] = f"helling onzeker: {int(CONFIDENCE * 100)}%-interval bevat 0"
        return out
    if direction != "neutral":
        out["gunstig"] = bool(slope > 0) if direction == "higher" else bool(slope < 0)
        out["ontwikkeling"] = DEVELOPMENTS[out["gunstig"]]
    if start * end < 0 and min(abs(start), abs(end)) > tolerance + 1e-9:
        out["oordeel"] = "kruist"
        out["reden"] = (f"de regio passeert Nederland: van {'boven' if start > 0 else 'onder'} naar "
                        f"{'boven' if end > 0 else 'onder'} het landelijke cijfer (helling zeker)")
        return out
    if abs(change) <= tolerance + 1e-9:
        out["gunstig"], out["ontwikkeling"] = None, ""
        out["reden"] = "verschil wisselt van teken: de regio passeert Nederland"
        return out
    out["oordeel"] = "naar_nederland_toe" if change < 0 else "van_nederland_af"
    out["reden"] = "helling buiten de marge en zeker (interval zonder 0)"
    return out


def trend_table(values: pd.DataFrame, catalogue: Catalogue, codes: list[str], level: str = "regio") -> pd.DataFrame:
    """Per comparable indicator with ≥ :data:`MIN_YEARS` years of gaps and per area: the convergence.

    Parameters
    ----------
    values
        The build's values table (with ``diff`` = value − Nederland of the same year).
    catalogue
        For direction, tolerance and series breaks.
    codes
        Area codes (region ids).
    level
        Their level.

    Returns
    -------
    DataFrame
        :data:`TRENDS_COLUMNS` + :data:`EXTRA_COLUMNS`; ``regio`` holds the area code; rows in
        catalogue order, then area order.
    """
    rows = values[text_is(values["level"], level) & values["code"].isin(codes) & values["diff"].notna()]
    rows = rows.sort_values("year", kind="stable")
    years, gaps = rows["year"].to_numpy(), rows["diff"].to_numpy(float)
    coverage = rows["coverage"].to_numpy(float) if "coverage" in rows else np.full(len(rows), np.nan)
    # Positions of each series in ``rows``, hence in year order.
    series = rows.groupby([rows["indicator"].astype(object), rows["code"].astype(object)], sort=False).indices
    out = []
    for ind in catalogue.indicators:
        if not comparable(ind, catalogue):
            continue
        for code in codes:
            where = series.get((ind.id, code))
            if where is None or len(where) < MIN_YEARS:
                continue
            kept, broken = segment_years(years[where].tolist(), ind)
            where = where[-len(kept):]  # the years from the last break on are the last ones
            low = [int(y) for y, c in zip(years[where], coverage[where]) if c < MIN_COVERAGE_FOR_VERDICT - 1e-12]
            if low:
                fit = fit_gap([], [], ind.direction, ind.tolerance)
                fit["reden"] = (f"geen trendoordeel: in {', '.join(map(str, low))} berust de waarde op minder dan "
                                f"{int(MIN_COVERAGE_FOR_VERDICT * 100)}% van {wording.coverage_base(ind)}")
            else:
                fit = fit_gap(years[where], gaps[where], ind.direction, ind.tolerance)
            if broken is not None:
                fit["reden"] = f"reeksbreuk in {broken}: alleen {broken}–{kept[-1]}; " + fit["reden"]
            out.append({"indicator": ind.id, "regio": code, "jaar_van": int(years[where[0]]),
                        "jaar_tot": int(years[where[-1]]), "verschil_van": float(gaps[where[0]]),
                        "verschil_tot": float(gaps[where[-1]]), **fit, "jaren": len(where)})
    return pd.DataFrame(out, columns=TRENDS_COLUMNS + EXTRA_COLUMNS)


def ranked(table: pd.DataFrame, catalogue: Catalogue, code: str) -> pd.DataFrame:
    """One area's trends ranked: closing fastest first, widening fastest last.

    The rank key is the yearly change of the fitted distance to Nederland (``afstand_per_jaar``)
    relative to the indicator's tolerance (so that km and % can be compared): negative when closing.
    """
    part = table[table["regio"] == code].copy()
    tolerance = {i.id: i.tolerance or 1.0 for i in catalogue.indicators}
    part["_k"] = part["afstand_per_jaar"] / part["indicator"].map(tolerance)
    order = {"naar_nederland_toe": 0, "stabiel": 1, "kruist": 2, "onbepaald": 3, "van_nederland_af": 4}
    part["_o"] = part["oordeel"].map(order)
    return part.sort_values(["_o", "_k"]).drop(columns=["_o", "_k"])


MATTERS = 2.0
"""A change of the gap matters on a slide when it is more than this many times the indicator's tolerance."""


def developments(table: pd.DataFrame, catalogue: Catalogue, code: str, factor: float = MATTERS) -> pd.DataFrame:
    """One area's gaps that clearly improved or worsened for the area, largest first.

    Uses the trend table's ``ontwikkeling`` (``gunstig`` when the area gained on Nederland: caught
    up, or its lead grew; ``ongunstig`` when it lost ground: fell behind, or its lead shrank; empty
    for neutral indicators). Only ``naar_nederland_toe`` / ``van_nederland_af`` / ``kruist`` trends
    with an ``ontwikkeling`` whose fitted change over the period, ``|helling| × jaren``, is more than
    ``factor`` × the indicator's tolerance.

    Returns
    -------
    DataFrame
        The rows of ``table`` for ``code`` with ``verandering`` (fitted change of the gap, in the
        indicator's unit), ``maat`` (that change / tolerance) and ``ontwikkeling``
        (``gunstig`` / ``ongunstig``), sorted by ``maat``, largest first.
    """
    part = table[(table["regio"] == code)
                 & table["oordeel"].isin(["naar_nederland_toe", "van_nederland_af", "kruist"])
                 & table["ontwikkeling"].isin(list(DEVELOPMENTS.values()))].copy()
    tolerance = part["indicator"].map({i.id: i.tolerance or 1.0 for i in catalogue.indicators})
    part["verandering"] = part["helling_per_jaar"] * (part["jaar_tot"] - part["jaar_van"])
    part["maat"] = part["verandering"].abs() / tolerance
    return part[part["maat"] > factor].sort_values("maat", ascending=False)
