"""The Excel workbook's layout and its cheap writing with xlsxwriter.

The workbook holds about half a million cells. xlsxwriter costs a few microseconds per cell, so
the sheets are written in its ``constant_memory`` mode: row by row with ``write_row`` (each row's
XML is made as it is written and no cell table is kept for :meth:`Workbook.close`), text as
in-line strings. Cells read back the same as with shared strings.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

WORKBOOK_OPTIONS = {"constant_memory": True, "strings_to_formulas": False, "strings_to_urls": False,
                    "strings_to_numbers": False}
"""Every text is written as text (formula-like text is escaped before, :mod:`monitor.exports.cells`)."""


def new_workbook(path: Path, target=None):
    """An xlsxwriter workbook at ``path`` with :data:`WORKBOOK_OPTIONS`.

    xlsxwriter's temporary files (one per sheet until the workbook is closed) go beside ``path``:
    in the export's temporary folder, which is removed whatever happens, also when the process
    writing the workbook is killed (:func:`monitor.output.atomic.write_into_folder`).

    ``target``: where the zipped workbook goes instead of ``path`` (a binary file object, e.g. an
    ``io.BytesIO`` that :func:`save_workbook` writes to ``path``).
    """
    import xlsxwriter

    return xlsxwriter.Workbook(str(path) if target is None else target,
                               {**WORKBOOK_OPTIONS, "tmpdir": str(Path(path).parent)})


def save_workbook(workbook, buffer, path: Path) -> None:
    """Close a workbook made with ``new_workbook(path, buffer)`` and write its bytes to ``path``.

    The workbook is zipped in memory, so a full disk or any other write error is a plain OSError
    from writing ``path`` (not xlsxwriter's FileCreateError, and no half-written zip file whose
    clean-up fails again later, "Exception ignored in ZipFile.__del__").
    """
    from xlsxwriter.exceptions import FileCreateError

    try:
        workbook.close()
    except FileCreateError as exc:  # reading its own temporary files failed
        cause = exc.args[0] if exc.args and isinstance(exc.args[0], OSError) else None
        raise OSError(getattr(cause, "errno", None), getattr(cause, "strerror", None) or str(exc)) from exc
    with open(path, "wb") as stream:
        stream.write(buffer.getbuffer())


def by_year(table: pd.DataFrame, level: str) -> pd.DataFrame:
    """One row per indicator and area of a level, one column per year (the Excel layout).

    Rows in the order in which the indicators first appear in ``table``, then by code; columns
    ``indicator, code, naam`` and the years (as text) in ascending order; ``naam`` is the area's
    first name in ``table``.
    """
    part = table[table["niveau"] == level]
    indicator, indicators = pd.factorize(part["indicator"])
    code, codes = pd.factorize(part["code"], sort=True)
    year, years = pd.factorize(part["jaar"], sort=True)
    keys, first, row = np.unique(indicator * len(codes) + code, return_index=True, return_inverse=True)
    grid = np.full((len(keys), len(years)), np.nan)
    grid[row, year] = part["waarde"].to_numpy(dtype="float64")
    out = pd.DataFrame({
        "indicator": part["indicator"].array.take(first),
        "code": part["code"].array.take(first),
        "naam": part["naam"].array.take(first),
    })
    # Titles and units are in the "Indicatoren" sheet: repeating them on every row would
    # triple the size (and writing time) of the workbook.
    return out.join(pd.DataFrame(grid, columns=[str(y) for y in years]))


def _cells(values: pd.Series) -> tuple[list, int, list[int]]:
    """One column for ``write_row``: its cells (None = empty), its width and the rows holding ""."""
    numeric = pd.api.types.is_numeric_dtype(values) and not pd.api.types.is_bool_dtype(values)
    present = values.notna().to_numpy()
    if pd.api.types.is_float_dtype(values):
        # Non-finite numbers (inf has no Excel form) stay empty cells, like missing ones.
        present &= np.isfinite(values.to_numpy(dtype="float64", na_value=np.nan))
    known = values[present].tolist()
    if numeric:
        empty, width = [], 10
    else:
        known = [v if isinstance(v, str) else str(v) for v in known]
        empty = np.flatnonzero(present)[[not v for v in known]].tolist() if known else []
        width = min(60, max(10, max(map(len, known)) + 2)) if known else 10
    cells = np.full(len(values), None, dtype=object)
    cells[present] = known
    return cells.tolist(), width, empty


def write_sheet(workbook, name: str, frame: pd.DataFrame, header_format) -> None:
    """Write a DataFrame as a sheet: a bold header, frozen, then the rows.

    Missing values and non-finite numbers are empty cells; text columns (everything not numeric)
    are written as text, as wide as their longest text (10 to 60 characters). Works in both
    xlsxwriter modes, but only ``constant_memory`` (:func:`new_workbook`) makes it cheap. The
    workbook's string options apply: :data:`WORKBOOK_OPTIONS` turns every conversion off.
    """
    sheet = workbook.add_worksheet(name)
    sheet.write_row(0, 0, [str(c) for c in frame.columns], header_format)
    sheet.freeze_panes(1, 0)
    columns, empty = [], {}
    for j, column in enumerate(frame.columns):
        cells, width, blank = _cells(frame[column])
        sheet.set_column(j, j, width)
        columns.append(cells)
        for i in blank:
            empty.setdefault(i, []).append(j)
    write_row, write_string = sheet.write_row, sheet.write_string
    for i, row in enumerate(zip(*columns)):
        write_row(i + 1, 0, row)
        # write_row leaves "" out (a blank cell); it is written as the empty text it was.
        for j in empty.get(i, ()):
            write_string(i + 1, j, "")
