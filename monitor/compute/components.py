"""Turn snapshot observations into additive components per indicator, gemeente and year.

Every indicator value is ``a`` (for ``sum``) or ``a / b`` (for the other rules), where ``a`` and
``b`` can be added up over gemeenten: counts, numerators and denominators, or value × weight and
weight. Harmonising to the 2025 division and aggregating to regions are then one and the same
operation: a (share-weighted) sum of components. Each source works on whole arrays *region code ×
year* of the source grid (:mod:`monitor.compute.source_grid`), never on joined rows.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from ..catalogue import Indicator
from ..config import NATIONAL_CODE
from .nearest_year import fill_nearest_year

NATIONAL_NUMBER = 0
"""``NL01`` as a number (see :func:`code_numbers`)."""
KIND_RATIO = "ratio"      # factor × Σ numerator / Σ denominator
KIND_RATIO_POPULATION = "ratio_population"  # factor × Σ numerator / inhabitants of that year
KIND_SUM = "sum"          # factor × value
KIND_WEIGHTED = "weighted"  # factor × value weighted by a measure (of the same or another dataset)
KIND_POPULATION = "population"  # factor × value weighted by inhabitants of that year
POPULATION_KINDS = (KIND_POPULATION, KIND_RATIO_POPULATION)
DIVISION_OWN = "own"
"""The dataset's codes are those of the gemeente division of the figure's own year."""
DIVISION_2025 = "2025"
"""The dataset's codes are those of the 2025 division (2024 has the same 342 gemeenten)."""


def source_table(indicators: list[Indicator]) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Describe the catalogue's sources as two tables.

    Returns
    -------
    sources : DataFrame
        One row per (indicator, prio): ``dataset``, ``kind``, ``factor``, ``n_num``, ``n_den``,
        ``years`` (tuple or None), ``aggregation``.
    measures : DataFrame
        One row per measure a source reads: ``indicator``, ``prio``, ``dataset``, ``measure``,
        ``role`` (num, den, value, weight, published) and ``primary`` (the measure that decides
        which years a source covers).
    """
    sources, measures = [], []
    for ind in indicators:
        for prio, src in enumerate(ind.sources):
            weight_dataset = src.weight_dataset or src.dataset
            if src.is_ratio:
                kind = KIND_RATIO_POPULATION if src.denominator_population else KIND_RATIO
                roles = [(m, "num", src.dataset) for m in src.numerator]
                roles += [(m, "den", src.denominator_dataset or src.dataset) for m in src.denominator or []]
                if src.gemeente_measure:
                    roles.append((src.gemeente_measure, "published", src.dataset))
                if src.implied_denominator:
                    roles.append((src.implied_denominator, "share", src.dataset))
            elif ind.aggregation == "sum":
                kind, roles = KIND_SUM, [(src.measure, "value", src.dataset)]
            elif src.weight:
                kind, roles = KIND_WEIGHTED, [(src.measure, "value", src.dataset), (src.weight, "weight", weight_dataset)]
            else:
                kind, roles = KIND_POPULATION, [(src.measure, "value", src.dataset)]
            if src.add:  # published values added to the measure (e.g. two 10%-groups)
                roles[1:1] = [(m, "value", src.dataset) for m in src.add]
            sources.append({
                "indicator": ind.id, "prio": prio, "dataset": src.dataset, "kind": kind,
                "factor": src.factor, "aggregation": ind.aggregation,
                "n_num": len(src.numerator or []), "n_den": len(src.denominator or []),
                "n_value": 1 + len(src.add or []), "implied": bool(src.implied_denominator),
                "years": tuple(src.years) if src.years else None,
                "names_published": bool(src.gemeente_measure),
                "nl_rounding": src.nl_rounding if src.nl_rounding is not None else np.nan,
                "tolerance": ind.tolerance,
            })
            for i, (measure, role, dataset) in enumerate(roles):
                measures.append({"indicator": ind.id, "prio": prio, "dataset": dataset,
                                 "measure": measure, "role": role, "primary": i == 0})
    return pd.DataFrame(sources), pd.DataFrame(measures)


def division_of(gemeente_indeling: str) -> str:
    """Classify a ``datasets.csv`` ``gemeente_indeling`` text as :data:`DIVISION_OWN` or :data:`DIVISION_2025`.

    ``"of each year ..."`` and a single year's division for a single-year table are the division
    of the figure's own year; a fixed division of 2024 or 2025 for several years (the RMBW, CBS
    86088NED) means 2025 codes. Any other fixed division applies to its own year only.
    """
    text = str(gemeente_indeling).strip().lower()
    if text.startswith(("2024", "2025")):
        return DIVISION_2025
    return DIVISION_OWN


def code_numbers(codes) -> np.ndarray:
    """Region codes as integers, for fast joins: ``GM0014`` → 14, ``NL01`` → 0.

    Raises
    ------
    SnapshotError
        For a code that is neither ``GM`` + 4 digits nor ``NL01``, naming it.
    """
    codes = pd.Index(codes).astype(str)
    numbers = np.zeros(len(codes), dtype="int64")
    gemeente = codes.str.fullmatch(r"GM\d{4}")
    bad = ~(gemeente | (codes == NATIONAL_CODE))
    if bad.any():
        from ..errors import SnapshotError

        raise SnapshotError(f"Unknown region code(s) {', '.join(codes[bad][:5])}: expected GM#### or {NATIONAL_CODE}.")
    numbers[gemeente] = codes[gemeente].str[2:].astype("int64")
    return numbers


def code_texts(numbers) -> np.ndarray:
    """The inverse of :func:`code_numbers`."""
    numbers = np.asarray(numbers, dtype="int64")
    distinct, position = np.unique(numbers, return_inverse=True)  # format each code once
    texts = np.array([NATIONAL_CODE if n == NATIONAL_NUMBER else f"GM{n:04d}" for n in distinct.tolist()], dtype=object)
    return texts[position.reshape(-1)]


@dataclass
class Components:
    """Additive components of some sources on the source grid: ``(n_sources, n_codes, n_years)`` each.

    ``a``, ``b`` are NaN where the value cannot be formed; ``published`` is CBS's own gemeente value
    where the source names one; ``weight_year`` is the year position of the weight (inhabitants,
    area …) where it is another year than the figure's own (-1 otherwise). Cells where the source
    has no figure in a year it is read hold NaN and -1. ``unpublished`` marks the cells of a source
    that names CBS's own figure (``gemeente_measure``) where CBS publishes counts but no figure
    (it suppresses small numbers): that gemeente gets no value of its own.
    """

    a: np.ndarray
    b: np.ndarray
    published: np.ndarray
    weight_year: np.ndarray
    unpublished: np.ndarray | None = None


def components(grid, sources: pd.DataFrame, chosen_sources: np.ndarray, population: dict | None) -> Components:
    """Form ``a`` and ``b`` of each source, code and year (the dataset's own division).

    Parameters
    ----------
    grid
        The :class:`monitor.compute.source_grid.SourceGrid`.
    sources
        From :func:`source_table` (rows numbered as in ``grid``), with a ``division`` column (see
        :func:`division_of`).
    chosen_sources
        The rows of ``sources`` to form.
    population
        ``{division: (inhabitants, year position)}``, each ``(n_codes, n_years)`` on the grid's
        axes, a missing year already filled from the nearest year; for sources weighted by or
        divided by inhabitants. None while computing ``bevolking`` itself.
    """
    shape = (len(chosen_sources), *grid.measures.shape[1:])
    out = Components(np.full(shape, np.nan), np.full(shape, np.nan), np.full(shape, np.nan),
                     np.full(shape, -1, dtype="int64"), np.zeros(shape, dtype=bool))
    year = np.arange(shape[2])[None, :]
    national = (grid.codes == NATIONAL_NUMBER)[:, None]
    records = sources.to_dict("records")
    for i, s in enumerate(np.asarray(chosen_sources).tolist()):
        src = records[s]
        kind, factor = src["kind"], src["factor"]
        sums = {role: grid.role(s, role) for role in ("num", "den", "value", "published", "share")}
        exists = sum(count for _, count in sums.values()) > 0
        exists &= grid.covered[s][None, :]
        value = np.where(sums["value"][1] == src["n_value"], sums["value"][0], np.nan) if src["n_value"] > 1 \
            else sums["value"][0]
        num = np.where(sums["num"][1] == src["n_num"], sums["num"][0], np.nan)
        den = np.where(sums["den"][1] == src["n_den"], sums["den"][0], np.nan)
        if src["implied"]:  # denominator = numerator × factor / published share
            with np.errstate(divide="ignore", invalid="ignore"):
                den = np.where(sums["share"][0] > 0, num * factor / sums["share"][0], np.nan)
        weight_year = np.full(shape[1:], -1, dtype="int64")
        if kind == KIND_WEIGHTED:
            weight, weight_year = fill_nearest_year(grid.role(s, "weight", restricted=False)[0])
        pop = np.full(shape[1:], np.nan)
        if kind in POPULATION_KINDS and population is not None:
            pop, weight_year = population[src["division"]]
        if kind == KIND_POPULATION:
            pop = np.where(national, 1.0, pop)
            weight_year = np.where(national, -1, weight_year)
        if kind in (KIND_RATIO, KIND_RATIO_POPULATION):
            a, b = factor * num, (den if kind == KIND_RATIO else pop)
        elif kind == KIND_SUM:
            a, b = factor * value, np.full(shape[1:], np.nan)
        elif kind == KIND_WEIGHTED:
            a, b = factor * value * weight, weight
        else:
            a, b = factor * value * pop, pop
        # A denominator of 0 is kept: CBS rounds small counts to 0, and such a gemeente still adds
        # 0/0 to a region; its own value comes from the published figure or stays missing.
        if kind != KIND_SUM:
            incomplete = np.isnan(a) | np.isnan(b)
            a, b = np.where(incomplete, np.nan, a), np.where(incomplete, np.nan, b)
        out.a[i] = np.where(exists, a, np.nan)
        out.b[i] = np.where(exists, b, np.nan)
        published = sums["published"][0]
        if kind == KIND_WEIGHTED:
            # One gemeente's weighted mean is its own figure, also where its weight is 0 (CBS rounds
            # the labour force of Schiermonnikoog to 0 thousand): the weight only matters in a sum.
            published = factor * value
        out.published[i] = np.where(exists, published, np.nan)
        if src.get("names_published"):
            out.unpublished[i] = exists & ~np.isnan(out.a[i]) & np.isnan(published) & ~national
        out.weight_year[i] = np.where(exists & (weight_year != year), weight_year, -1)
    return out
