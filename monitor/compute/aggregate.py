"""Add gemeente components up to regions, COROP regions, the programme and Nederland, with coverage and reasons.

A level is a list of member gemeenten per area; adding up the member columns of the dense gemeente
grid (:mod:`monitor.compute.gemeente_grid`) sums every indicator-year of every area at once. The rules,
per indicator-year and area:

- ``a`` and ``b`` are summed over the members that have them (NaN when none has);
- counts (``sum``) and ratios need every member: value ``Σa`` or ``Σa / Σb``;
- means (:data:`MEAN_RULES`) need ``min_coverage`` of the inhabitants (of the members' inhabitants,
  in the nearest year that has a figure; without inhabitants, the share of members): ``Σa / Σb``;
- a missing value is NaN with a Dutch reason, never 0.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .gemeente_grid import GemeenteGrid
from .texts import NONE, Texts
from .value_rules import value_from_sums

MEAN_RULES = ("weighted_mean", "survey_mean", "area_mean")
REASON_NO_MEMBER_DATA = "geen gegevens voor de gemeenten"
REASON_LOW_COVERAGE = "te weinig gemeenten met een waarde (dekking {pct}% van de inwoners, minimaal {minimum}%)"
REASON_LOW_AREA_COVERAGE = ("te weinig gemeenten met een waarde (dekking {pct}% van de landoppervlakte, "
                            "minimaal {minimum}%)")
REASON_MEMBERS_MISSING = "ontbreekt voor {missing} van de {members} gemeenten"
NOTE_BORROWED_WEIGHT = "gewicht (inwoners of oppervlakte) van het dichtstbijzijnde jaar voor {n} gemeente(n)"


@dataclass
class Membership:
    """Which 2025 gemeenten make up each area of a level.

    Attributes
    ----------
    areas
        The areas' codes (text codes).
    columns
        The member gemeenten's grid columns, area after area.
    starts
        Where each area's members begin in ``columns`` (every area has at least one).
    """

    areas: np.ndarray
    columns: np.ndarray
    starts: np.ndarray

    def total(self, grid_values: np.ndarray) -> np.ndarray:
        """Sum a grid (indicator-years × gemeenten) over each area's members → indicator-years × areas."""
        if grid_values.dtype == bool:
            grid_values = grid_values.astype("float64")
        return np.add.reduceat(grid_values[:, self.columns], self.starts, axis=1)


def membership(groups, codes, grid: GemeenteGrid, texts: Texts) -> Membership:
    """The membership of a level from pairs ``(area code, gemeente number)``; areas without a 2025 gemeente are left out."""
    column = grid.positions(codes)
    groups = np.asarray(groups, dtype=object)[column >= 0]
    column = column[column >= 0]
    areas, area = np.unique(texts.codes(groups), return_inverse=True)
    order = np.argsort(area.reshape(-1), kind="stable")
    return Membership(areas, column[order], np.searchsorted(area.reshape(-1)[order], np.arange(len(areas))))


@dataclass
class AreaValues:
    """Values of every indicator-year (rows) and area (columns) of one level; texts as codes."""

    areas: np.ndarray
    value: np.ndarray
    coverage: np.ndarray
    reason: np.ndarray
    note: np.ndarray


def aggregate(grid: GemeenteGrid, level: Membership, population: np.ndarray, is_sum: np.ndarray,
              is_mean: np.ndarray, min_coverage: np.ndarray, texts: Texts,
              is_area: np.ndarray | None = None) -> AreaValues:
    """Aggregate the gemeente grid to the areas of one level.

    Parameters
    ----------
    grid
        The gemeente grid.
    level
        The level's :class:`Membership`.
    population
        Inhabitants per grid cell (``grid.a``'s shape; NaN where unknown), for the coverage; for
        ``area_mean`` rows (``is_area``) the land area instead.
    is_sum, is_mean, min_coverage
        Per indicator-year (grid row): the rule is ``sum``, the rule is one of :data:`MEAN_RULES`,
        and the covered share a mean needs.
    texts
        Vocabulary of reasons and notes.
    is_area
        Per indicator-year: the coverage is a share of the land area (``area_mean``).
    """
    total = level.total
    is_area = np.zeros(len(is_mean), dtype=bool) if is_area is None else is_area
    a, b = grid.a, grid.b
    has_a, has_b = ~np.isnan(a), ~np.isnan(b)
    sum_a = np.where(total(has_a) > 0, total(np.nan_to_num(a)), np.nan)
    sum_b = np.where(total(has_b) > 0, total(np.nan_to_num(b)), np.nan)
    present = has_a & (is_sum[:, None] | has_b)
    members = np.diff(np.r_[level.starts, len(level.columns)])[None, :].astype("float64")
    n_present = total(present)
    inhabitants = total(np.nan_to_num(population))
    covered = total(np.nan_to_num(np.where(present, population, 0.0)))
    borrowed = total(present & (grid.other_weight_year > 0))
    with np.errstate(divide="ignore", invalid="ignore"):
        coverage = np.where(inhabitants > 0, covered / inhabitants, n_present / members)
    valid = np.where(is_mean[:, None], coverage >= min_coverage[:, None] - 1e-12, n_present == members)
    value = np.where(valid, value_from_sums(is_sum[:, None], sum_a, sum_b), np.nan)
    missing = np.isnan(value)
    reason = np.full(value.shape, NONE, dtype="int64")
    rows, cols = np.nonzero(missing)
    reason[rows, cols] = _reasons(n_present[rows, cols], members[0, cols], coverage[rows, cols],
                                  is_mean[rows], min_coverage[rows], texts, is_area[rows])
    note = np.full(value.shape, NONE, dtype="int64")
    rows, cols = np.nonzero((borrowed > 0) & ~missing)
    note[rows, cols] = [texts.code(NOTE_BORROWED_WEIGHT.format(n=int(n))) for n in borrowed[rows, cols].tolist()]
    return AreaValues(level.areas, value, coverage, reason, note)


def _reasons(present, members, coverage, mean, min_coverage, texts: Texts, area=None) -> list[int]:
    """Why an area has no value, as text codes (one per missing value)."""
    pct = np.round(coverage * 100, 0)
    minimum = np.round(min_coverage * 100, 0)
    area = np.zeros(len(pct), dtype=bool) if area is None else area
    out = []
    for n, total, p, is_mean, low, by_area in zip(present.tolist(), members.tolist(), pct.tolist(), mean.tolist(),
                                                  minimum.tolist(), area.tolist()):
        if n == 0:
            text = REASON_NO_MEMBER_DATA
        elif is_mean:
            text = (REASON_LOW_AREA_COVERAGE if by_area else REASON_LOW_COVERAGE).format(pct=int(p), minimum=int(low))
        else:
            text = REASON_MEMBERS_MISSING.format(missing=int(total - n), members=int(total))
        out.append(texts.code(text))
    return out
