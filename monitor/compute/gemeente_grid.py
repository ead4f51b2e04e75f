"""The dense grid of a build: every computed indicator-year (rows) × every 2025 gemeente (columns).

Each gemeente takes its figure from the main source of the indicator-year; where that source has
no complete figure, a lower-priority source of the same year fills the gap. All later levels are
aggregated from this grid (:mod:`monitor.compute.aggregate`).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from ..catalogue import Indicator
from .harmonise import Harmonised
from .keys import positions
from .texts import NONE, Texts
from .value_rules import REASON_NO_DATA, refuse_out_of_range, value_from_sums, withhold_placeholders


@dataclass
class IndicatorYears:
    """The rows of the grids: each computed indicator-year and its main source.

    Attributes
    ----------
    indicator, year, prio
        Indicator position, year and the main source's priority, one per row.
    dataset
        The main source's dataset (text code).
    first_year, span
        The years covered.
    """

    indicator: np.ndarray
    year: np.ndarray
    prio: np.ndarray
    dataset: np.ndarray
    first_year: int
    span: int

    @classmethod
    def from_chosen(cls, chosen: pd.DataFrame, texts: Texts) -> IndicatorYears:
        """From :func:`monitor.compute.source_grid.main_sources` (one row per indicator-year)."""
        year = chosen["year"].to_numpy("int64")
        first = int(year.min()) if len(year) else 0
        span = int(year.max()) - first + 1 if len(year) else 1
        return cls(chosen["indicator"].to_numpy("int64"), year, chosen["prio"].to_numpy("int64"),
                   texts.codes(chosen["dataset"]), first, span)

    def __len__(self) -> int:
        return len(self.year)


@dataclass
class GemeenteGrid:
    """Components and values of every indicator-year (rows) and 2025 gemeente (columns).

    ``a``, ``b`` are the additive components (see :mod:`monitor.compute.components`), NaN where the
    gemeente has no usable figure; ``dataset`` and ``reason`` are text codes; ``other_weight_year``
    counts the parts weighted with another year's inhabitants or area.
    """

    rows: IndicatorYears
    codes: np.ndarray
    a: np.ndarray
    b: np.ndarray
    value: np.ndarray
    dataset: np.ndarray
    reason: np.ndarray
    other_weight_year: np.ndarray

    def positions(self, codes) -> np.ndarray:
        """Column of each gemeente number (-1 for a code that is not a 2025 gemeente)."""
        return positions(self.codes, codes)


def gemeente_grid(harmonised: Harmonised, rows: IndicatorYears, gemeenten: np.ndarray, source_of: np.ndarray,
                  first_year: int, source_dataset: np.ndarray, indicators: list[Indicator],
                  texts: Texts) -> GemeenteGrid:
    """Pick each gemeente's source and form its value, reason and note.

    Parameters
    ----------
    harmonised
        Components of the sources on the 2025 gemeenten (:func:`monitor.compute.harmonise.harmonise`).
    rows
        The indicator-years to compute.
    gemeenten
        The 2025 gemeente numbers, sorted.
    source_of
        ``[indicator, prio]`` → the source's position in ``harmonised`` (-1 where none).
    first_year
        The year of position 0 of ``harmonised``'s year axis.
    source_dataset
        The dataset (text code) of each source of ``harmonised``.
    indicators, texts
        The indicators (positions as in ``rows``) and the vocabulary of the texts.
    """
    n_rows, n_gm = len(rows), len(gemeenten)
    is_sum = np.array([ind.aggregation == "sum" for ind in indicators], dtype=bool)[rows.indicator]
    year = rows.year - first_year
    # Per gemeente the main source wins; a lower-priority source of the same year fills a gap.
    main = source_of[rows.indicator, rows.prio]
    best = np.full((n_rows, n_gm), -1, dtype="int64")
    for prio in reversed(range(source_of.shape[1])):
        source = source_of[rows.indicator, prio]
        use = np.flatnonzero(source >= 0)
        use = use[harmonised.row[source[use], year[use]] >= 0]  # the source covers that year
        at = harmonised.row[source[use], year[use]]
        a, b = harmonised.a[at], harmonised.b[at]
        complete = ~np.isnan(a) & (is_sum[use, None] | ~np.isnan(b))
        best[use] = np.where(complete, source[use, None], best[use])
    picked = np.where(best >= 0, best, main[:, None])
    cell = (harmonised.row[picked, year[:, None]], np.arange(n_gm)[None, :])
    grid = GemeenteGrid(rows, np.asarray(gemeenten, dtype="int64"), harmonised.a[cell], harmonised.b[cell],
                        np.full((n_rows, n_gm), np.nan), source_dataset[picked], harmonised.reason[cell],
                        harmonised.other_weight_year[cell])
    published = harmonised.published[cell]
    value = np.where(np.isnan(published), value_from_sums(is_sum[:, None], grid.a, grid.b), published)
    value[np.isnan(grid.a)] = np.nan
    if harmonised.unpublished is not None:
        # CBS suppresses this gemeente's own figure: no value, but its counts stay in the region's sums.
        value[harmonised.unpublished[cell]] = np.nan
    missing = np.isnan(value)
    grid.reason = np.where(missing, np.where(grid.reason == NONE, texts.code(REASON_NO_DATA), grid.reason), NONE)
    grid.value = value
    refused = refuse_out_of_range(rows.indicator[:, None], grid.value, grid.reason, indicators, texts)
    refused |= withhold_placeholders(rows.indicator[:, None], grid.value, grid.reason, indicators, texts)
    grid.a[refused] = np.nan
    grid.b[refused] = np.nan
    return grid
