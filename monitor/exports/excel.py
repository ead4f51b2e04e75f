"""The Excel workbook's layout and its cheap writing with xlsxwriter.

The workbook holds close to a million cells. xlsxwriter costs a few microseconds of Python per cell, so
the sheets are written in its ``constant_memory`` mode (each row's XML goes to a temporary file as it is
written and no cell table is kept for :meth:`Workbook.close`), text as in-line strings; and the rows below
a sheet's header are made a column at a time (:func:`_write_rows_xml`): the same XML as ``write_row``,
without the per-cell work. Cells read back the same as with shared strings.
"""

from __future__ import annotations

import contextlib
import functools
import threading
from pathlib import Path

import numpy as np
import pandas as pd

from ..compute.value_table import text_is

WORKBOOK_OPTIONS = {"constant_memory": True, "strings_to_formulas": False, "strings_to_urls": False,
                    "strings_to_numbers": False}
"""Every text is written as text (formula-like text is escaped before, :mod:`monitor.exports.cells`)."""
ZIP_LEVEL = 5
"""Deflate level of the workbook's zip. zlib's default (6) spends half again as long for 1 % less: for the
export's 40 MB of sheets 0.51 s and 5.47 MB at level 6, 0.34 s and 5.53 MB at level 5 (4: 0.26 s, 5.98 MB)."""
_ZIP_LOCK = threading.Lock()


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
        with _zip_level(ZIP_LEVEL):
            workbook.close()
    except FileCreateError as exc:  # reading its own temporary files failed
        cause = exc.args[0] if exc.args and isinstance(exc.args[0], OSError) else None
        raise OSError(getattr(cause, "errno", None), getattr(cause, "strerror", None) or str(exc)) from exc
    with open(path, "wb") as stream:
        stream.write(buffer.getbuffer())


@contextlib.contextmanager
def _zip_level(level: int):
    """While the workbook is closed, xlsxwriter's ZipFile deflates at ``level``: xlsxwriter has no option
    for it. The lock keeps two saves at once (threads of the app) from restoring each other's class."""
    import xlsxwriter.workbook as xlsxwriter_workbook

    with _ZIP_LOCK:
        original = xlsxwriter_workbook.ZipFile
        xlsxwriter_workbook.ZipFile = functools.partial(original, compresslevel=level)
        try:
            yield
        finally:
            xlsxwriter_workbook.ZipFile = original


def by_year(table: pd.DataFrame, level: str) -> pd.DataFrame:
    """One row per indicator and area of a level, one column per year (the Excel layout).

    Rows in the order in which the indicators first appear in ``table``, then by code; columns
    ``indicator, code, naam`` and the years (as text) in ascending order; ``naam`` is the area's
    first name in ``table``.
    """
    part = table[text_is(table["niveau"], level)]
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
    present, known, numeric = _known(values)
    if numeric:
        empty, width = [], 10
    else:
        empty = np.flatnonzero(present)[[not v for v in known]].tolist() if known else []
        width = _width(known)
    cells = np.full(len(values), None, dtype=object)
    cells[present] = known
    return cells.tolist(), width, empty


def _known(values: pd.Series) -> tuple[np.ndarray, list, bool]:
    """Which cells of a column are written, their values (text columns as text) and whether it is numeric.

    Missing values and non-finite numbers (inf has no Excel form) are not written: empty cells.
    """
    numeric = pd.api.types.is_numeric_dtype(values) and not pd.api.types.is_bool_dtype(values)
    present = values.notna().to_numpy()
    if pd.api.types.is_float_dtype(values):
        present &= np.isfinite(values.to_numpy(dtype="float64", na_value=np.nan))
    known = values[present].tolist()
    if not numeric:
        known = [v if isinstance(v, str) else str(v) for v in known]
    return present, known, numeric


def _width(texts: list[str]) -> int:
    return min(60, max(10, max(map(len, texts)) + 2)) if texts else 10


def _interleave(first: list, second: list) -> tuple:
    both = [None] * (2 * len(first))
    both[0::2], both[1::2] = first, second
    return tuple(both)


def _string_tail(sheet, text: str) -> str:
    """What follows ``<c r="A1"`` for a text cell, exactly as xlsxwriter writes it in ``constant_memory``
    mode (``Worksheet._write_string`` and ``_write_cell``), from xlsxwriter's own helpers."""
    from xlsxwriter.utility import _preserve_whitespace, _utf16_len, _utf16_truncate

    if len(text) > sheet.xls_strmax // 2 and _utf16_len(text) > sheet.xls_strmax:
        text = _utf16_truncate(text, sheet.xls_strmax)
    text = sheet._escape_control_characters(text)
    if text.startswith("<r>") and text.endswith("</r>"):
        return f' t="inlineStr"><is>{text}</is></c>'
    space = ' xml:space="preserve"' if _preserve_whitespace(text) else ""
    return f' t="inlineStr"><is><t{space}>{sheet._escape_data(text)}</t></is></c>'


def _column_xml(sheet, values: pd.Series, letter: str, rows: list[str]) -> tuple[np.ndarray, np.ndarray, int]:
    """The ``<c>`` elements of one column as xlsxwriter writes them ("" where no cell), which rows have
    a cell, and the column's width. Each distinct text is rendered once; numbers are formatted in C
    (one ``%`` format for the whole column: the same text as xlsxwriter's ``f"{number:.16G}"``)."""
    present, known, numeric = _known(values)
    at = np.flatnonzero(present).tolist()
    refs = [rows[i] for i in at]
    out = np.full(len(values), "", dtype=object)
    if not at:
        return out, present, 10
    if numeric:
        text = (f'<c r="{letter}%s"><v>%.16G</v></c>\0' * len(at)) % _interleave(refs, known)
        width = 10
    else:
        codes, distinct = pd.factorize(pd.Series(known, dtype=object), use_na_sentinel=False)
        tails = np.array([_string_tail(sheet, t) for t in distinct], dtype=object)[codes].tolist()
        text = (f'<c r="{letter}%s"%s\0' * len(at)) % _interleave(refs, tails)
        width = _width(list(distinct))
    out[at] = text.split("\0")[:-1]
    return out, present, width


def _write_rows_xml(sheet, frame: pd.DataFrame) -> None:
    """Write ``frame``'s rows below the header (row 0) of a ``constant_memory`` sheet in one go.

    The XML is the same as ``write_row`` per row and ``write_string`` for "" would give (each row
    ``<row r="n">`` with its cells in column order, no row without a cell), made per column instead
    of cell by cell, which is most of the workbook's writing time. It goes to the sheet's own
    temporary row file, and the sheet's dimensions are set as the cells would have set them.
    """
    from xlsxwriter.utility import xl_col_to_name

    rows = [str(i + 2) for i in range(len(frame))]
    cells = np.empty((len(frame), len(frame.columns) + 2), dtype=object)
    written = np.zeros((len(frame), len(frame.columns)), dtype=bool)
    for j, column in enumerate(frame.columns):
        cells[:, j + 1], written[:, j], width = _column_xml(sheet, frame[column], xl_col_to_name(j), rows)
        sheet.set_column(j, j, width)
    keep = written.any(axis=1)
    if not keep.any():
        return
    cells[:, 0] = [f'<row r="{r}">' for r in rows]
    cells[:, -1] = "</row>"
    sheet._write_single_row(1)  # the header row, which write_row left pending
    used = np.flatnonzero(written.any(axis=0))
    filled = np.flatnonzero(keep)
    for row, col in ((filled[0] + 1, used[0]), (filled[-1] + 1, used[-1])):
        sheet._check_dimensions(int(row), int(col))
    sheet.fh.write("".join(cells[keep].ravel().tolist()))
    sheet.previous_row = int(filled[-1]) + 1


def write_sheet(workbook, name: str, frame: pd.DataFrame, header_format) -> None:
    """Write a DataFrame as a sheet: a bold header, frozen, then the rows.

    Missing values and non-finite numbers are empty cells; text columns (everything not numeric)
    are written as text, as wide as their longest text (10 to 60 characters). Works in both
    xlsxwriter modes, but only ``constant_memory`` (:func:`new_workbook`) makes it cheap: there the
    rows are made at once (:func:`_write_rows_xml`). The workbook's string options apply in the
    other mode; :data:`WORKBOOK_OPTIONS` turns every conversion off.
    """
    sheet = workbook.add_worksheet(name)
    sheet.write_row(0, 0, [str(c) for c in frame.columns], header_format)
    sheet.freeze_panes(1, 0)
    if sheet.constant_memory and len(frame) < sheet.xls_rowmax and len(frame.columns) <= sheet.xls_colmax:
        _write_rows_xml(sheet, frame)
    else:
        _write_rows_cell_by_cell(sheet, frame)


def _write_rows_cell_by_cell(sheet, frame: pd.DataFrame) -> None:
    """Write ``frame``'s rows below the header with xlsxwriter's ``write_row`` (either mode)."""
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
