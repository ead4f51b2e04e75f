"""``grens.csv`` and the workbook's *Grens* sheets: the border regions beside their neighbours (Eurostat).

The table is :func:`monitor.border.table.border_table`; ``grens.csv`` has exactly
:data:`~monitor.border.table.GRENS_COLUMNS`. The sheets add title, unit and the reason of a break
(*Grens*), and Eurostat's against CBS's GDP per inhabitant of the Dutch areas (*Grens-CBS*), each with
the source line "Bron: Eurostat" with the dataset codes and update dates.
"""

from __future__ import annotations

import pandas as pd

from ..border.gather import Border
from ..border.table import grens_csv
from .story import csv_bytes

GRENS_FILE = "grens.csv"
GRENS_SHEET = "Grens"
CHECK_SHEET = "Grens-CBS"


def grens_bytes(border: Border) -> bytes:
    """``grens.csv`` as export CSV (UTF-8, comma, decimal point, formula-like text escaped)."""
    return csv_bytes(grens_csv(border.table))


def grens_sheets(border: Border) -> dict[str, pd.DataFrame]:
    """``{sheet name: table}``: the full border table and the check against CBS, each ending in the source."""
    table = border.table.assign(bron=border.source)
    check = border.comparison.rename(columns={"eurostat": "eurostat_euro_per_inwoner",
                                              "cbs": "cbs_euro_per_inwoner", "verschil_pct": "cbs_t_o_v_eurostat_pct"})
    check = check.assign(bron=f"{border.source} CBS 85924NED (regionale rekeningen per COROP-gebied); "
                              "alleen ter controle, nooit in één reeks gemengd.")
    return {GRENS_SHEET: table, CHECK_SHEET: check}
