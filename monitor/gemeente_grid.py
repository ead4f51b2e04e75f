"""The dense grid of a build: every computed indicator-year (rows) × every 2025 gemeente (columns).

Each gemeente takes its figure from the main source of the indicator-year; where that source has
no complete figure, a lower-priority source of the same year fills the gap. All later levels are
aggregated from this grid (:mod:`monitor.aggregate`).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from .catalogue import Indicator
from .texts import NONE, Texts
from .value_rules import REASON_NO_DATA, refuse_out_of_range, value_from_sums


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
        The years covered, for :meth:`index`.
    """

    indicator: np.ndarray
    year: np.ndarray
    prio: np.ndarray
    dataset: np.ndarray
    first_year: int
    span: int

    @classmethod
    def from_chosen(cls, chosen: pd.DataFrame, texts: Texts, n_indicators: int) -> IndicatorYears:
        """From :func:`monitor.components.select_rows`' ``chosen`` (one row per indicator-year)."""
        year = chosen["year"].to_numpy("int64")
        first = int(year.min()) if len(year) else 0
        span = int(year.max()) - first + 1 if len(year) else 1
        rows = cls(chosen["indicator"].to_numpy("int64"), year, chosen["prio"].to_numpy("int64"),
                   texts.codes(chosen["dataset"]), first, span)
        rows._lookup = np.full(n_indicators * span, -1, dtype="int64")
        rows._lookup[rows.indicator * span + (year - first)] = np.arange(len(year))
        return rows

    def __len__(self) -> int:
        return len(self.year)

    def index(self, indicator: np.ndarray, year: np.ndarray) -> np.ndarray:
        """The row of each (indicator, year), -1 where that indicator-year is not computed."""
        offset = np.asarray(year, dtype="int64") - self.first_year
        inside = (offset >= 0) & (offset < self.span)
        out = np.full(len(offset), -1, dtype="int64")
        out[inside] = self._lookup[np.asarray(indicator, dtype="int64")[inside] * self.span + offset[inside]]
        return out


@dataclass
class GemeenteGrid:
    """Components and values of every indicator-year (rows) and 2025 gemeente (columns).

    ``a``, ``b`` are the additive components (see :mod:`monitor.components`), NaN where the
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
        codes = np.asarray(codes, dtype="int64")
        found = np.searchsorted(self.codes, codes).clip(0, max(len(self.codes) - 1, 0))
        return np.where((len(self.codes) > 0) & (self.codes[found] == codes), found, -1)


def gemeente_grid(harmonised: pd.DataFrame, rows: IndicatorYears, gemeenten: np.ndarray, source_dataset: np.ndarray,
                  indicators: list[Indicator], texts: Texts) -> GemeenteGrid:
    """Pick each gemeente's source and form its value, reason and note.

    Parameters
    ----------
    harmonised
        From :func:`monitor.harmonise.harmonise` with keys ``indicator``, ``prio``.
    rows
        The indicator-years to compute.
    gemeenten
        The 2025 gemeente numbers, sorted.
    source_dataset
        The dataset (text code) of each source, indexed by ``[indicator, prio]``.
    indicators, texts
        The indicators (positions as in ``rows``) and the vocabulary of the texts.
    """
    n_rows, n_gm = len(rows), len(gemeenten)
    grid = GemeenteGrid(rows, np.asarray(gemeenten, dtype="int64"), *(np.full((n_rows, n_gm), np.nan) for _ in range(3)),
                        np.repeat(rows.dataset[:, None], n_gm, axis=1), np.full((n_rows, n_gm), NONE, dtype="int64"),
                        np.zeros((n_rows, n_gm)))
    is_sum = np.array([ind.aggregation == "sum" for ind in indicators], dtype=bool)
    indicator = harmonised["indicator"].to_numpy("int64")
    prio = harmonised["prio"].to_numpy("int64")
    row = rows.index(indicator, harmonised["year"].to_numpy("int64"))
    column = grid.positions(harmonised["code"].to_numpy("int64"))
    a = harmonised["a"].to_numpy("float64")
    b = harmonised["b"].to_numpy("float64")
    usable = (row >= 0) & (column >= 0)
    cell = np.where(usable, row * n_gm + column, -1)
    # Per gemeente the main source wins; a lower-priority source of the same year fills a gap.
    picked = np.full(n_rows * n_gm, -1, dtype="int64")
    main = np.flatnonzero(usable & (prio == rows.prio[row]))
    picked[cell[main]] = main
    complete = np.flatnonzero(usable & ~np.isnan(a) & (is_sum[indicator] | ~np.isnan(b)))
    complete = complete[np.lexsort((prio[complete], cell[complete]))]
    first = np.ones(len(complete), dtype=bool)
    first[1:] = cell[complete][1:] != cell[complete][:-1]
    best = complete[first]
    picked[cell[best]] = best
    has = picked >= 0
    take = picked[has]
    for name, column_values in (("a", a), ("b", b)):
        getattr(grid, name).reshape(-1)[has] = column_values[take]
    published = np.full(n_rows * n_gm, np.nan)
    published[has] = harmonised["published"].to_numpy("float64")[take]
    grid.other_weight_year.reshape(-1)[has] = np.nan_to_num(harmonised["other_weight_year"].to_numpy("float64")[take])
    grid.dataset.reshape(-1)[has] = source_dataset[indicator[take], prio[take]]
    reason = np.full(n_rows * n_gm, NONE, dtype="int64")
    reason[has] = texts.codes(harmonised["reason"].to_numpy(object)[take])

    row_sum = is_sum[rows.indicator][:, None]
    computed = value_from_sums(row_sum, grid.a, grid.b).reshape(-1)
    value = np.where(np.isnan(published), computed, published)
    value[np.isnan(grid.a.reshape(-1))] = np.nan
    missing = np.isnan(value)
    reason = np.where(missing, np.where(reason == NONE, texts.code(REASON_NO_DATA), reason), NONE)
    grid.value = value.reshape(n_rows, n_gm)
    grid.reason = reason.reshape(n_rows, n_gm)
    refused = refuse_out_of_range(rows.indicator[:, None], grid.value, grid.reason, indicators, texts)
    grid.a[refused] = np.nan
    grid.b[refused] = np.nan
    return grid
