"""One rule for every text cell the monitor writes to CSV or Excel (CLI export and the app's downloads).

A spreadsheet runs a cell that starts with ``=``, ``+``, ``-`` or ``@`` as a formula, and some also
after a leading tab or carriage return (``\\t=1+1``). Following the OWASP rule for CSV injection,
such a text cell gets a leading apostrophe, which spreadsheets show as text. Numbers are not text
and are never changed.
"""

from __future__ import annotations

import pandas as pd

TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
"""First characters that make a spreadsheet evaluate a cell (OWASP CSV injection list)."""


def escape_cell(value):
    """Return ``value`` with an apostrophe in front if it is text starting with one of :data:`TRIGGERS`.

    Everything else (numbers, missing values, harmless text) is returned unchanged.
    """
    if isinstance(value, str) and value.startswith(TRIGGERS):
        return "'" + value
    return value


def escape_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy of ``frame`` with :func:`escape_cell` applied to every text column.

    Works on the distinct texts only, which keeps it fast on long tables.
    """
    out = frame.copy()
    for column in out.columns:
        values = out[column]
        if values.dtype == object or pd.api.types.is_string_dtype(values) or isinstance(values.dtype, pd.CategoricalDtype):
            if isinstance(values.dtype, pd.CategoricalDtype):
                values = values.astype(object)
            texts = values.dropna().unique()
            risky = {t: escape_cell(t) for t in texts if isinstance(t, str) and t.startswith(TRIGGERS)}
            if risky:
                out[column] = values.replace(risky)
    return out


def csv_bytes(frame: pd.DataFrame) -> bytes:
    """The table as UTF-8 CSV bytes with every text cell escaped (for download buttons).

    Rows end in CRLF (RFC 4180), which also makes the writer quote any cell holding a bare carriage
    return; with ``\n`` endings such a cell would be split into two rows.
    """
    return escape_frame(frame).to_csv(index=False, lineterminator="\r\n").encode("utf-8")
