"""Add gemeente components up to regions, COROP regions, the programme and Nederland, with coverage and reasons.

A level is a membership matrix (2025 gemeenten × areas, 1 where a gemeente belongs to an area);
multiplying the dense gemeente grid (:mod:`monitor.gemeente_grid`) by it sums every indicator-year
of every area at once. The rules, per indicator-year and area:

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
REASON_MEMBERS_MISSING = "ontbreekt voor {missing} van de {members} gemeenten"
NOTE_BORROWED_WEIGHT = "gewicht (inwoners of oppervlakte) van het dichtstbijzijnde jaar voor {n} gemeente(n)"


@dataclass
class Membership:
    """Which 2025 gemeenten make up each area of a level.

    Attributes
    ----------
    areas
        The areas' codes (text codes), one per column of ``matrix``.
    matrix
        ``(n_gemeenten, n_areas)``, 1.0 where the gemeente belongs to the area.
    """

    areas: np.ndarray
    matrix: np.ndarray


def membership(groups, codes, grid: GemeenteGrid, texts: Texts) -> Membership:
    """The membership of a level from pairs ``(area code, gemeente number)``; areas without a 2025 gemeente are left out."""
    column = grid.positions(codes)
    groups = np.asarray(groups, dtype=object)[column >= 0]
    column = column[column >= 0]
    area_codes = texts.codes(groups)
    areas, area = np.unique(area_codes, return_inverse=True)
    matrix = np.zeros((len(grid.codes), len(areas)))
    matrix[column, area.reshape(-1)] = 1.0
    return Membership(areas, matrix)


@dataclass
class AreaValues:
    """Values of every indicator-year (rows) and area (columns) of one level; texts as codes."""

    areas: np.ndarray
    value: np.ndarray
    coverage: np.ndarray
    reason: np.ndarray
    note: np.ndarray


def aggregate(grid: GemeenteGrid, level: Membership, population: np.ndarray, is_sum: np.ndarray,
              is_mean: np.ndarray, min_coverage: np.ndarray, texts: Texts) -> AreaValues:
    """Aggregate the gemeente grid to the areas of one level.

    Parameters
    ----------
    grid
        The gemeente grid.
    level
        The level's :class:`Membership`.
    population
        Inhabitants per grid cell (``grid.a``'s shape; NaN where unknown), for the coverage.
    is_sum, is_mean, min_coverage
        Per indicator-year (grid row): the rule is ``sum``, the rule is one of :data:`MEAN_RULES`,
        and the covered share a mean needs.
    texts
        Vocabulary of reasons and notes.
    """
    m = level.matrix
    a, b = grid.a, grid.b
    has_a, has_b = ~np.isnan(a), ~np.isnan(b)
    sum_a = np.where(has_a.astype(float) @ m > 0, np.nan_to_num(a) @ m, np.nan)
    sum_b = np.where(has_b.astype(float) @ m > 0, np.nan_to_num(b) @ m, np.nan)
    present = has_a & (is_sum[:, None] | has_b)
    members = m.sum(axis=0)[None, :]
    n_present = present.astype(float) @ m
    inhabitants = np.nan_to_num(population) @ m
    covered = np.nan_to_num(np.where(present, population, 0.0)) @ m
    borrowed = (present & (grid.other_weight_year > 0)).astype(float) @ m
    with np.errstate(divide="ignore", invalid="ignore"):
        coverage = np.where(inhabitants > 0, covered / inhabitants, n_present / members)
    valid = np.where(is_mean[:, None], coverage >= min_coverage[:, None] - 1e-12, n_present == members)
    value = np.where(valid, value_from_sums(is_sum[:, None], sum_a, sum_b), np.nan)
    missing = np.isnan(value)
    reason = np.full(value.shape, NONE, dtype="int64")
    rows, cols = np.nonzero(missing)
    reason[rows, cols] = _reasons(n_present[rows, cols], members[0, cols], coverage[rows, cols],
                                  is_mean[rows], min_coverage[rows], texts)
    note = np.full(value.shape, NONE, dtype="int64")
    rows, cols = np.nonzero((borrowed > 0) & ~missing)
    note[rows, cols] = [texts.code(NOTE_BORROWED_WEIGHT.format(n=int(n))) for n in borrowed[rows, cols].tolist()]
    return AreaValues(level.areas, value, coverage, reason, note)


def _reasons(present, members, coverage, mean, min_coverage, texts: Texts) -> list[int]:
    """Why an area has no value, as text codes (one per missing value)."""
    pct = np.round(coverage * 100, 0)
    minimum = np.round(min_coverage * 100, 0)
    out = []
    for n, total, p, is_mean, low in zip(present.tolist(), members.tolist(), pct.tolist(), mean.tolist(), minimum.tolist()):
        if n == 0:
            text = REASON_NO_MEMBER_DATA
        elif is_mean:
            text = REASON_LOW_COVERAGE.format(pct=int(p), minimum=int(low))
        else:
            text = REASON_MEMBERS_MISSING.format(missing=int(total - n), members=int(total))
        out.append(texts.code(text))
    return out
