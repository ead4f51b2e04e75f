"""The comparison with Nederland as a researchers' table (``vergelijking.csv`` and an Excel sheet).

One row per indicator × region × year: the region's value, Nederland's value and where it comes
from, difference, index, verdict, rank and the covered share of inhabitants, so that coverage and
verdict are not hidden in Parquet.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from ..compute.value_table import text_is
from ..data import Monitor

COMPARISON_FILE = "vergelijking.csv"
COMPARISON_SHEET = "Vergelijking"
COMPARISON_COLUMNS = ["indicator", "regio", "jaar", "waarde", "nederland", "nl_bron", "verschil", "index", "oordeel",
                      "rang", "dekking", "eenheid", "naam", "ondergrens_95", "bovengrens_95"]
"""The first eleven as before (scripts keep working), then the indicator's unit and the region's name, then
the 95 % interval."""


def comparison_table(monitor: Monitor) -> pd.DataFrame:
    """The regions against Nederland, one row per indicator, region and year.

    Returns
    -------
    DataFrame
        Columns :data:`COMPARISON_COLUMNS`: ``regio`` is the region id, ``nl_bron`` ``CBS`` (CBS's own
        national figure) or ``berekend`` (computed from the gemeenten), ``dekking`` the covered share of
        inhabitants (0–1; of the land area for area indicators), ``eenheid`` the indicator's unit,
        ``naam`` the region's name, ``ondergrens_95``/``bovengrens_95`` the region's 95 % interval where
        the source has CBS bounds (Gezondheidsmonitor 2022; see :mod:`monitor.compute.uncertainty`: gemeente
        estimates treated as independent), else empty. ``oordeel`` and ``rang`` are empty where the value is missing, where the
        indicator is a count, or where the coverage is below
        :data:`monitor.compute.compare.MIN_COVERAGE_FOR_VERDICT`. Rows follow the catalogue, then year and region.
    """
    values = monitor.values
    regions = values[text_is(values["level"], "regio")]
    national = values.loc[text_is(values["level"], "nederland"), ["indicator", "year", "nl_source"]]
    rows = regions.merge(national, on=["indicator", "year"], how="left", suffixes=("", "_nl"))
    order = {ind_id: i for i, ind_id in enumerate(monitor.catalogue.ids())}
    rows = rows.assign(_o=rows["indicator"].astype(str).map(order)).sort_values(["_o", "year", "code"])
    out = pd.DataFrame({
        "indicator": rows["indicator"].astype(str),
        "regio": rows["code"].astype(str),
        "jaar": rows["year"].astype("int64"),
        "waarde": rows["value"].astype(float),
        "nederland": rows["nl_value"].astype(float),
        "nl_bron": rows["nl_source_nl"].astype("string"),
        "verschil": rows["diff"].astype(float),
        "index": rows["index"].astype(float),
        "oordeel": rows["verdict"].astype("string"),
        "rang": rows["rank"].astype("Int64"),
        "dekking": rows["coverage"].astype(float),
        "eenheid": rows["indicator"].astype(str).map({i.id: i.unit for i in monitor.catalogue.indicators}),
        "naam": rows["name"].astype("string"),
        "ondergrens_95": rows["lower_95"].astype(float) if "lower_95" in rows else float("nan"),
        "bovengrens_95": rows["upper_95"].astype(float) if "upper_95" in rows else float("nan"),
    })
    return out.reset_index(drop=True)


def write_comparison_csv(table: pd.DataFrame, path: Path) -> None:
    """Write :func:`comparison_table` as UTF-8 CSV with a decimal point; missing values stay empty."""
    from .cells import escape_frame

    escape_frame(table[COMPARISON_COLUMNS]).to_csv(path, index=False, encoding="utf-8", lineterminator="\n")
