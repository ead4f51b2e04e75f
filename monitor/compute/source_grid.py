"""The observations a build reads, on a dense grid, and the choice of source per indicator and year.

Every measure that some source reads becomes one array *region code × year* (NaN where CBS has no
figure), filled in one pass over the observations; the sources then work on whole arrays instead
of joining rows.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from .components import NATIONAL_NUMBER, code_numbers
from .keys import positions

ROLES = ("num", "den", "value", "published", "weight", "share")


@dataclass
class SourceGrid:
    """Observations of every measure that a source reads, and which sources cover which years.

    Attributes
    ----------
    codes
        Region numbers along the code axis (see :func:`monitor.compute.components.code_numbers`; 0 = Nederland).
    first_year
        The year of position 0 on the year axis (consecutive years).
    measures
        ``(n_measures, n_codes, n_years)``: the observations of each measure read (NaN where none).
    roles
        Per source (row of the sources table): ``{role: [row of measures, …]}`` (roles of :data:`ROLES`).
    allowed
        ``(n_sources, n_years)``: years a source may be read in (all, unless it lists ``years``;
        weights are read in every year).
    present
        ``(n_datasets, n_codes, n_years)``: gemeente codes present in a dataset and year (any measure).
    dataset
        Per source, its dataset's position on the first axis of ``present``.
    covered
        ``(n_sources, n_years)``: the source has gemeente figures of its first measure in that year.
    """

    codes: np.ndarray
    first_year: int
    measures: np.ndarray
    roles: list
    allowed: np.ndarray
    present: np.ndarray
    dataset: np.ndarray
    covered: np.ndarray

    def code_positions(self, numbers) -> np.ndarray:
        """Position of each region number on the code axis (-1 where the snapshot has no such code)."""
        return positions(self.codes, numbers)

    def role(self, source: int, role: str, restricted: bool = True) -> tuple[np.ndarray, np.ndarray]:
        """Sum and count (number of measures with a figure) of a source's measures of one role.

        ``restricted``: outside the source's allowed years the role has no figures.
        """
        rows = self.roles[source].get(role, [])
        if len(rows) == 1:  # most roles read one measure
            total = self.measures[rows[0]]
            count = (~np.isnan(total)).astype("int64")
        else:
            values = self.measures[rows] if rows else np.full((0, *self.measures.shape[1:]), np.nan)
            total, count = np.nan_to_num(values).sum(axis=0), (~np.isnan(values)).sum(axis=0)
        if restricted:
            count = np.where(self.allowed[source], count, 0)
        return np.where(count > 0, total, np.nan), count


def source_grid(observations: pd.DataFrame, sources: pd.DataFrame, measures: pd.DataFrame) -> SourceGrid:
    """Read the measures of ``measures`` into a :class:`SourceGrid`.

    Parameters
    ----------
    observations
        The snapshot's observations (``dataset``, ``measure``, ``region_code`` categorical,
        ``period``, ``value``; one row per key).
    sources, measures
        From :func:`monitor.compute.components.source_table`, numbered 0… in the order of ``sources``.
    """
    datasets = observations["dataset"].cat.categories
    names = observations["measure"].cat.categories
    width = len(names) + 1
    codes = code_numbers(observations["region_code"].cat.categories)
    order = np.argsort(codes, kind="stable")
    code_pos = np.empty(len(codes), dtype="int64")
    code_pos[order] = np.arange(len(codes))
    year = observations["period"].to_numpy("int64")
    first = int(year.min()) if len(year) else 0
    n_years = int(year.max()) - first + 1 if len(year) else 1
    row_code = code_pos[observations["region_code"].cat.codes.to_numpy("int64")]
    row_dataset = observations["dataset"].cat.codes.to_numpy("int64")
    row_key = row_dataset * width + observations["measure"].cat.codes.to_numpy("int64")

    dataset_of = datasets.get_indexer(measures["dataset"])
    measure_of = names.get_indexer(measures["measure"])
    key = np.where((dataset_of >= 0) & (measure_of >= 0), dataset_of * width + measure_of, -1)
    used, measure_row = np.unique(key, return_inverse=True)  # one array per distinct (dataset, measure)
    slot = np.full(len(datasets) * width, -1, dtype="int64")
    slot[used[used >= 0]] = np.arange(len(used))[used >= 0]
    grid = np.full((len(used), len(codes), n_years), np.nan)
    row_slot = slot[row_key]
    take = row_slot >= 0
    grid[row_slot[take], row_code[take], year[take] - first] = observations["value"].to_numpy("float64")[take]

    present = np.zeros((len(datasets), len(codes), n_years), dtype=bool)
    present[row_dataset, row_code, year - first] = True
    present[:, codes[order] == NATIONAL_NUMBER, :] = False

    roles: list[dict] = [{} for _ in range(len(sources))]
    primary = np.full(len(sources), -1, dtype="int64")
    source_of = _source_rows(sources, measures)
    for s, role, row, first_measure, known in zip(source_of, measures["role"], measure_row.reshape(-1),
                                                  measures["primary"], key >= 0):
        if known:
            roles[s].setdefault(role, []).append(row)
            if first_measure:
                primary[s] = row
    allowed = np.ones((len(sources), n_years), dtype=bool)
    for s, years in enumerate(sources["years"]):
        if years:
            allowed[s] = np.isin(first + np.arange(n_years), list(years))
    gemeente = codes[order] != NATIONAL_NUMBER
    covered = np.zeros((len(sources), n_years), dtype=bool)
    has = primary >= 0
    covered[has] = (~np.isnan(grid[primary[has]][:, gemeente, :])).any(axis=1) & allowed[has]
    return SourceGrid(codes[order], first, grid, roles, allowed, present,
                      datasets.get_indexer(sources["dataset"]), covered)


def _source_rows(sources: pd.DataFrame, measures: pd.DataFrame) -> np.ndarray:
    """The row of ``sources`` that each row of ``measures`` belongs to."""
    position = {key: i for i, key in enumerate(zip(sources["indicator"], sources["prio"]))}
    return np.array([position[key] for key in zip(measures["indicator"], measures["prio"])], dtype="int64")


def main_sources(grid: SourceGrid, sources: pd.DataFrame) -> pd.DataFrame:
    """Per indicator and year, the first source (lowest ``prio``) with gemeente figures.

    Its dataset labels the year and its national row is CBS's figure. Lower-priority sources that
    cover the same year fill single gemeenten that the main source lacks.

    Returns
    -------
    DataFrame
        ``indicator``, ``year``, ``prio``, ``source`` (row of ``sources``), ``dataset``, ordered by
        indicator and year.
    """
    s, y = np.nonzero(grid.covered)
    table = pd.DataFrame({"indicator": sources["indicator"].to_numpy("int64")[s], "year": grid.first_year + y,
                          "prio": sources["prio"].to_numpy("int64")[s], "source": s})
    table = table.sort_values(["indicator", "year", "prio"], kind="stable").drop_duplicates(["indicator", "year"])
    table["dataset"] = sources["dataset"].to_numpy(object)[table["source"].to_numpy()]
    return table.reset_index(drop=True)
