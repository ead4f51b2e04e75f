"""One rule for every text cell the monitor writes to CSV or Excel (CLI export and the app's downloads).

A spreadsheet runs a cell that starts with ``=``, ``+``, ``-`` or ``@`` as a formula, and some also
after a leading tab, carriage return, line feed, NUL or spaces (``\\t=1+1``, `` =1+1``). Following
the OWASP rule for CSV injection (ASVS 1.2.10), such a text cell gets a leading apostrophe, which
spreadsheets show as text; so does any cell starting with a tab, carriage return, line feed or NUL.
Numbers are not text and are never changed.
"""

from __future__ import annotations

import io

import numpy as np
import pandas as pd

TRIGGERS = ("=", "+", "-", "@", "\t", "\r", "\n", "\0")
"""First characters that make a spreadsheet evaluate a cell, or hide what follows (OWASP CSV injection
list, ASVS 1.2.10: also NUL)."""
FORMULA_STARTS = ("=", "+", "-", "@")
SKIPPED = " \t\r\n\0\x0b\x0c"
"""What a spreadsheet may skip before a formula: spaces, tabs, line breaks, NUL."""


def needs_escape(text: str) -> bool:
    """Whether a text cell could be run as a formula: it starts with one of :data:`TRIGGERS`, or with
    spaces (or other :data:`SKIPPED` characters) followed by one of ``= + - @``."""
    return text.startswith(TRIGGERS) or (text[:1] in SKIPPED and text.lstrip(SKIPPED).startswith(FORMULA_STARTS))


def escape_cell(value):
    """Return ``value`` with an apostrophe in front if it is text that :func:`needs_escape`.

    Everything else (numbers, missing values, harmless text) is returned unchanged.
    """
    if isinstance(value, str) and value and needs_escape(value):
        return "'" + value
    return value


def escape_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy of ``frame`` with :func:`escape_cell` applied to every text column.

    Works on the distinct texts only, which keeps it fast on long tables.
    """
    out = frame.copy()
    for column, values in escaped_columns(frame).items():
        out[column] = values
    return out


def escaped_columns(frame: pd.DataFrame) -> dict:
    """``{column: escaped values}`` of the text columns of ``frame`` that :func:`escape_cell` changes; the
    others need nothing."""
    changed = {}
    for column in frame.columns:
        values = frame[column]
        if values.dtype == object or pd.api.types.is_string_dtype(values) or isinstance(values.dtype, pd.CategoricalDtype):
            # unique() before dropping the missing: the distinct values are few, isna on text is slow.
            texts = values.cat.categories if isinstance(values.dtype, pd.CategoricalDtype) else values.unique()
            risky = {t: escape_cell(t) for t in texts if isinstance(t, str) and t and needs_escape(t)}
            if risky:
                values = values.astype(object) if isinstance(values.dtype, pd.CategoricalDtype) else values
                changed[column] = values.replace(risky)
    return changed


def escaped_arrow_columns(table, names) -> dict:
    """:func:`escaped_columns` for a pyarrow Table: ``{column: escaped array}`` (as ``string``) of the text
    columns among ``names`` that :func:`escape_cell` changes (looked at per distinct text); the others need
    nothing. Text in another Arrow type (``large_string``, a dictionary of texts) is escaped as well."""
    import pyarrow as pa
    import pyarrow.compute as pc

    changed = {}
    for name in names:
        column = table.column(name)
        kind = column.type.value_type if pa.types.is_dictionary(column.type) else column.type
        if not (pa.types.is_string(kind) or pa.types.is_large_string(kind)):
            continue
        column = column if column.type == pa.string() else column.cast(pa.string())
        risky = [text for text in column.unique().to_pylist() if text and needs_escape(text)]
        if risky:
            hit = pc.is_in(column, value_set=pa.array(risky, pa.string()))
            changed[name] = pc.if_else(hit, pc.binary_join_element_wise("'", column, ""), column).combine_chunks()
    return changed


def csv_bytes(frame: pd.DataFrame) -> bytes:
    """The table as UTF-8 CSV bytes with every text cell escaped (for download buttons).

    Rows end in CRLF (RFC 4180), which also makes the writer quote any cell holding a bare carriage
    return; with ``\n`` endings such a cell would be split into two rows.
    """
    return escape_frame(frame).to_csv(index=False, lineterminator="\r\n").encode("utf-8")


BOM = "\ufeff"
"""Byte order mark: Excel reads a CSV with it as UTF-8 ("Fryslân", not "FryslÃ¢n")."""
EXCEL_DECIMALS = 3
"""Decimals of a number in the Excel variant when its indicator's own precision is not known."""


def excel_csv_bytes(frame: pd.DataFrame, decimals: pd.Series | None = None, escaped: bool = False) -> bytes:
    """:func:`write_excel_csv`'s bytes (for download buttons)."""
    buffer = io.BytesIO()
    write_excel_csv(frame, buffer, decimals, escaped)
    return buffer.getvalue()


EXCEL_ROWS_AT_ONCE = 20_000
"""Rows joined and encoded at a time by :func:`write_excel_csv`: the 70 MB of ``indicatoren_excel.csv`` as one
string (and again as bytes) cost about 0.3 s of the system's time for the fresh memory, and more of Python's."""


def write_excel_csv(frame: pd.DataFrame, handle, decimals: pd.Series | None = None, escaped: bool = False) -> None:
    """Write the table as CSV for Dutch Excel: ``;`` between fields, decimal comma, UTF-8 with BOM, rounded.

    The scriptable CSV files (comma, decimal point, full precision, no BOM) stay as they are; Excel
    with Dutch settings reads those as one column. Here every text cell is escaped (:func:`escape_frame`).

    Parameters
    ----------
    frame
        The table.
    handle
        A binary file (or buffer) to write to.
    decimals
        Per row, the decimals of its number columns (e.g. one more than the indicator shows); rows
        without (and every row when None) get :data:`EXCEL_DECIMALS`.
    escaped
        True when ``frame`` is already :func:`escape_frame`'s result (shared with another file).
    """
    out = frame if escaped else escape_frame(frame)
    places = (np.full(len(out), EXCEL_DECIMALS) if decimals is None
              else pd.Series(decimals).fillna(EXCEL_DECIMALS).to_numpy("int64"))
    # Each cell carries what follows it (";" or the row's end), added once per distinct text or per
    # number format, so that the cells of many rows are joined at once (no list or format per row).
    ends = [";"] * (len(out.columns) - 1) + ["\r\n"]
    cells = [_dutch_column(out[c], places, end) if pd.api.types.is_float_dtype(out[c]) else _text_column(out[c], end)
             for c, end in zip(out.columns, ends)]
    if any(column is None for column in cells):  # a column of mixed objects: pandas renders it
        handle.write(_excel_csv_by_pandas(out, places))
        return
    handle.write((BOM + ";".join(_quoted(str(c)) for c in out.columns) + "\r\n").encode("utf-8"))
    if not cells:
        handle.write(b"\r\n" * len(out))
    for start in range(0, len(out) if cells else 0, EXCEL_ROWS_AT_ONCE):
        part = [column[start:start + EXCEL_ROWS_AT_ONCE].tolist() for column in cells]
        flat = [None] * (len(part[0]) * len(part))
        for i, column in enumerate(part):
            flat[i::len(part)] = column
        handle.write("".join(flat).encode("utf-8"))


def _quoted(text: str) -> str:
    """A field as Python's csv writer (and so pandas' ``to_csv``) writes it: quoted when it holds the
    ``;``, a quote or a line break, quotes doubled."""
    if ";" in text or '"' in text or "\r" in text or "\n" in text:
        return '"' + text.replace('"', '""') + '"'
    return text


def _text_column(values: pd.Series, end: str = "") -> np.ndarray | None:
    """The column's cells as ``to_csv`` writes them (missing: empty), each followed by ``end``, formatted
    once per distinct value; None for values other than text, integers and booleans."""
    codes, distinct = pd.factorize(values, use_na_sentinel=True)
    distinct = list(distinct)
    if not all(isinstance(v, (str, bool, int, np.integer, np.bool_)) for v in distinct):
        return None
    return np.array([_quoted(str(v)) + end for v in distinct] + [end], dtype=object)[codes]


def _dutch_column(values: pd.Series, places: np.ndarray, end: str = "") -> np.ndarray:
    """:func:`_dutch` of every number of the column (missing: empty), each followed by ``end``, one ``%``
    format per decimals: the same text as ``f"{value:.{decimals}f}"``, formatted in C instead of cell by cell."""
    numbers = values.to_numpy("float64", na_value=np.nan)
    out = np.full(len(numbers), end, dtype=object)
    known = ~np.isnan(numbers)
    for d in np.unique(places[known]).tolist():
        at = np.flatnonzero(known & (places == d))
        text = (f"%.{d}f{end}\0" * len(at)) % tuple(numbers[at].tolist())
        out[at] = text.replace(".", ",").split("\0")[:-1]
    return out


def _excel_csv_by_pandas(out: pd.DataFrame, places: np.ndarray) -> bytes:
    out = out.copy()
    for column in out.columns:
        if pd.api.types.is_float_dtype(out[column]):
            values = out[column]
            out[column] = [None if pd.isna(v) else _dutch(v, d) for v, d in zip(values, places)]
    return (BOM + out.to_csv(index=False, sep=";", lineterminator="\r\n")).encode("utf-8")


def _dutch(value: float, decimals: int) -> str:
    """``1234.5678`` with 2 decimals → ``"1234,57"`` (no thousands separator: Excel reads it as a number)."""
    return f"{value:.{decimals}f}".replace(".", ",")


ARROW_ROWS_AT_ONCE = 8_192
"""Rows written at a time by :func:`write_excel_csv_arrow` (about 1.6 MB of text: larger parts cost more in
fresh memory than they save in calls, 0.43 s for the export's file in parts of 65,536 rows against 0.35 s)."""
EXACT_BELOW = 1e9
"""Numbers whose scaled value (× 10^decimals) is this large or larger are formatted by Python, as are
those within :data:`HALF_MARGIN` of a half: there the arithmetic in floats could round otherwise."""
HALF_MARGIN = 1e-6
STAND_INS = {";": "\x1b", '"': "\x1e", "\r": "\x1c", "\n": "\x1d"}
"""Bytes that stand in for the CSV's structural characters inside a cell while Arrow writes the cells (see
:func:`write_excel_csv_arrow`); ``bytes.translate`` turns them back, one byte for one byte."""
SEPARATOR = "\x1f"
"""What Arrow writes between the cells, turned into ``;`` like the stand-ins."""
_BACK = bytes.maketrans(("".join(STAND_INS.values()) + SEPARATOR).encode(), ("".join(STAND_INS) + ";").encode())


class StandInError(ValueError):
    """A text holds one of :func:`write_excel_csv_arrow`'s stand-ins (raised before anything is written)."""


def write_excel_csv_arrow(table, handle, decimals: np.ndarray | None = None) -> None:
    """:func:`write_excel_csv` for a pyarrow Table whose text cells are already escaped: the same bytes,
    made in Arrow (for the 350,000 rows of ``indicatoren_excel.csv`` about 0.2 s instead of 0.7 s).

    Arrow's CSV writer quotes every text cell or none, and Excel's CSV wants Python's rule (quoted only
    when the cell holds ``;``, a quote or a line break). So each distinct text is quoted as Python would
    quote it, with its structural characters replaced by stand-ins (:data:`STAND_INS`, control bytes that
    no text of the monitor holds); Arrow writes the cells unquoted with :data:`SEPARATOR` between them; and the
    stand-ins are turned back into ``;``, ``"``, CR and LF. Texts that hold a stand-in themselves raise
    :class:`StandInError` before anything is written: :func:`write_excel_csv` writes those.

    Parameters
    ----------
    table
        A pyarrow Table of text, integer, boolean and float columns.
    handle
        A binary file (or buffer) to write to.
    decimals
        Per row, the decimals of its float columns; every row gets :data:`EXCEL_DECIMALS` when None.

    Raises
    ------
    TypeError
        For a column of another type.
    StandInError
        For a text that holds one of the stand-ins (a ValueError).
    """
    import pyarrow as pa
    import pyarrow.csv as pacsv

    places = np.full(table.num_rows, EXCEL_DECIMALS) if decimals is None else np.asarray(decimals, dtype="int64")
    # Every cell made (and every text checked for a stand-in) before the first byte is written.
    cells = pa.table([_arrow_cells(column.combine_chunks(), places) for column in table.columns],
                     names=[f"c{i}" for i in range(table.num_columns)])
    handle.write((BOM + ";".join(_quoted(str(c)) for c in table.column_names) + "\r\n").encode("utf-8"))
    if not table.num_columns:
        handle.write(b"\r\n" * table.num_rows)
        return
    options = pacsv.WriteOptions(include_header=False, delimiter=SEPARATOR, quoting_style="none", eol="\r\n")
    for start in range(0, table.num_rows, ARROW_ROWS_AT_ONCE):
        buffer = io.BytesIO()
        pacsv.write_csv(cells.slice(start, ARROW_ROWS_AT_ONCE), buffer, write_options=options)
        handle.write(buffer.getbuffer().tobytes().translate(_BACK))


def _arrow_cells(column, places: np.ndarray):
    """A column's cells as :func:`write_excel_csv` writes them, for Arrow's unquoted writer (null: empty)."""
    import pyarrow as pa
    import pyarrow.compute as pc

    kind = column.type
    if pa.types.is_null(kind):
        return pa.nulls(len(column), pa.string())
    if pa.types.is_floating(kind):
        return _arrow_dutch(column.to_numpy(zero_copy_only=False).astype("float64"), places)
    if pa.types.is_integer(kind):
        return column
    if pa.types.is_boolean(kind):
        return pc.if_else(column, "True", "False")
    if not (pa.types.is_string(kind) or pa.types.is_large_string(kind)):
        raise TypeError(f"no Excel CSV cells for a column of type {kind}")
    encoded = column.dictionary_encode()
    texts = encoded.dictionary.to_pylist()
    if any(stand_in in text for text in texts for stand_in in (*STAND_INS.values(), SEPARATOR)):
        raise StandInError("a text holds a control character that write_excel_csv_arrow uses as a stand-in")
    cells = [_quoted(text).translate(_STAND_IN) for text in texts]
    return pa.DictionaryArray.from_arrays(encoded.indices, pa.array(cells, pa.string()))


_STAND_IN = str.maketrans(STAND_INS)


def _arrow_dutch(numbers: np.ndarray, places: np.ndarray):
    """:func:`_dutch_column` in Arrow: each number rounded as ``f"{value:.{d}f}"`` rounds it, with a decimal comma.

    The number × 10^d is rounded to an integer (half to even, as Python's formatting rounds the exact binary
    value), whose digits get the comma d places from the end. Where that could differ from Python's
    correctly rounded result (within :data:`HALF_MARGIN` of a half, at or above :data:`EXACT_BELOW`, or not
    finite) Python formats the number itself.
    """
    import pyarrow as pa
    import pyarrow.compute as pc

    parts, positions = [], []
    known = ~np.isnan(numbers)
    for d in np.unique(places[known]).tolist():
        at = np.flatnonzero(known & (places == d))
        with np.errstate(invalid="ignore", over="ignore"):
            scaled = numbers[at] * 10.0 ** d
            safe = (np.abs(scaled) < EXACT_BELOW) & (np.abs(scaled - np.floor(scaled) - 0.5) > HALF_MARGIN)
        # The sign of the number, not of the rounded integer: Python writes -0.04 to one decimal as "-0,0".
        negative = np.signbit(scaled)
        for rows, sign in ((safe & ~negative, ""), (safe & negative, "-")):
            digits = pc.cast(pa.array(np.abs(np.rint(scaled[rows])).astype("int64")), pa.string())
            if d:
                digits = pc.utf8_replace_slice(pc.utf8_lpad(digits, d + 1, "0"), -d, -d, ",")
            parts.append(pc.utf8_replace_slice(digits, 0, 0, sign) if sign else digits)
            positions.append(at[rows])
        parts.append(pa.array([_dutch(v, d) for v in numbers[at[~safe]].tolist()], pa.string()))
        positions.append(at[~safe])
    parts.append(pa.nulls(int((~known).sum()), pa.string()))
    positions.append(np.flatnonzero(~known))
    order = np.concatenate(positions)
    back = np.empty_like(order)
    back[order] = np.arange(len(order))
    return pa.concat_arrays([p.cast(pa.string()) for p in parts]).take(pa.array(back))
