"""Everything *Over de grens* shows, computed once per monitor: the table, the areas' match, the CBS check."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from ..areas import read_corop
from ..ingest.eurostat import load_eurostat_register
from ..story.forecast import gemeente_population
from .coverage import COLUMNS as COVERAGE_COLUMNS, area_coverage
from .crosscheck import COLUMNS as CHECK_COLUMNS, agreement, compare_with_cbs
from .model import BorderData, load_border
from .table import EXTRA_COLUMNS, GRENS_COLUMNS, border_table
from .texts import source_line


@dataclass
class Border:
    """The border view's tables for one monitor (empty tables when the snapshot has no Eurostat extract).

    Attributes
    ----------
    data
        :func:`monitor.border.model.load_border` (None without the extract).
    table
        :func:`monitor.border.table.border_table` of every border region.
    coverage
        :func:`monitor.border.coverage.area_coverage`.
    comparison, agreement
        :func:`monitor.border.crosscheck.compare_with_cbs` and its :func:`~monitor.border.crosscheck.agreement`.
    source
        "Bron: Eurostat — <codes> (bijgewerkt …)" for every view and file.
    """

    data: BorderData | None
    table: pd.DataFrame
    coverage: pd.DataFrame
    comparison: pd.DataFrame
    agreement: pd.DataFrame
    source: str

    def regions(self) -> list[str]:
        """The border regions (those with an own area and neighbours)."""
        return [] if self.data is None else self.data.border_regions()

    def region(self, region_id: str) -> pd.DataFrame:
        """The rows of one region (empty for a region without a land border)."""
        return self.table[self.table["regio"] == region_id]


def border_for(monitor) -> Border:
    """Compute :class:`Border` for a :class:`monitor.data.Monitor`."""
    source = source_line(load_eurostat_register())
    data = load_border(monitor.snapshot)
    if data is None:
        return Border(None, pd.DataFrame(columns=GRENS_COLUMNS + EXTRA_COLUMNS), pd.DataFrame(columns=COVERAGE_COLUMNS),
                      pd.DataFrame(columns=CHECK_COLUMNS), agreement(pd.DataFrame(columns=CHECK_COLUMNS)), source)
    corop = read_corop(monitor.snapshot.root)
    if corop is None:
        coverage = pd.DataFrame(columns=COVERAGE_COLUMNS)
    else:
        coverage = area_coverage(data, monitor.regions.table[["region_id", "gemeente_code"]], corop,
                                 gemeente_population(monitor.values), monitor.snapshot.gemeente_names())
    comparison = compare_with_cbs(data, monitor.snapshot.corop_observations)
    return Border(data, border_table(data), coverage, comparison, agreement(comparison), source)
