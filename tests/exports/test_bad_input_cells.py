"""Bad input, spreadsheet cells: one escaping rule (OWASP) for every CSV/XLSX writer; inf is no traceback.

Both paths are tested: the CLI export (``indicatoren.csv`` in Arrow against the frame-based
``monitor.exports.writer.write_csv``, and ``write_xlsx``) and the app's
"Download deze tabel (CSV)" (``monitor.exports.cells.csv_bytes``, checked in the page by
tests/app/test_bad_input_app.py).
"""

from __future__ import annotations

import io
import math

import openpyxl
import pandas as pd
import pytest
import xlsxwriter

from monitor.exports.cells import TRIGGERS, csv_bytes, escape_cell
from monitor.exports.excel import write_sheet
from monitor.exports.writer import CSV_COLUMNS, write_csv

ATTACKS = ["=HYPERLINK(\"http://127.0.0.1:9/x\",\"klik\")", "+31", "-1+2", "@SUM(A1)", "\t=1+1", "\r=1+1",
           "=cmd|' /C calc'!A0"]
LEADING = ["\n=1+1", " =1+1", "  @SUM(A1)", " \n-1+2"]
"""OWASP ASVS 1.2.10: spaces or a line break before a trigger (some spreadsheets skip them)."""


@pytest.mark.parametrize("text", ATTACKS + LEADING + ["\0=1+1", "\0"])
def test_every_trigger_gets_an_apostrophe(text):
    assert escape_cell(text) == "'" + text


@pytest.mark.parametrize("text", LEADING)
def test_leading_space_or_line_break_before_a_trigger_is_escaped_in_both_csv_writers(text, tmp_path):
    write_csv(_table([text]), tmp_path / "t.csv")
    assert pd.read_csv(tmp_path / "t.csv", keep_default_na=False)["naam"].tolist() == ["'" + text]
    assert pd.read_csv(io.BytesIO(csv_bytes(_table([text]))), keep_default_na=False)["naam"].tolist() == ["'" + text]


def test_a_nul_first_is_escaped():
    """NUL (ASVS 1.2.10) is checked on the bytes: CSV readers stop at it."""
    assert b"'\x00=1+1" in csv_bytes(_table(["\0=1+1"]))


@pytest.mark.parametrize("value", ["Twente", "Regio's", " Twente", "a =1", "", 3.5, -2, None, float("nan")])
def test_harmless_cells_are_unchanged(value):
    result = escape_cell(value)
    assert result is value or (isinstance(value, float) and math.isnan(result)) or result == value


def test_rule_is_the_owasp_list():
    assert set(TRIGGERS) == {"=", "+", "-", "@", "\t", "\r", "\n", "\0"}


def _table(names):
    return pd.DataFrame([{"indicator": "x", "niveau": "gemeente", "code": f"GM{i:04d}", "naam": name, "jaar": 2024,
                          "waarde": -1.5, "eenheid": "%", "bron": "CBS"} for i, name in enumerate(names)])


def _cells_start_safely(cells):
    return not [c for c in cells if isinstance(c, str) and c.startswith(TRIGGERS)]


def test_cli_csv_escapes_every_trigger(tmp_path):
    write_csv(_table(ATTACKS), tmp_path / "t.csv")
    back = pd.read_csv(tmp_path / "t.csv", keep_default_na=False)
    assert list(back["naam"]) == ["'" + a for a in ATTACKS]
    assert back["waarde"].tolist() == [-1.5] * len(ATTACKS)  # numbers are not text: unchanged


def test_app_csv_download_uses_the_same_rule():
    table = _table(ATTACKS)
    back = pd.read_csv(io.BytesIO(csv_bytes(table)), keep_default_na=False)
    assert list(back["naam"]) == ["'" + a for a in ATTACKS]
    assert _cells_start_safely(back["naam"])


@pytest.mark.parametrize("constant_memory", [False, True])  # the export's mode is True
def test_xlsx_escapes_every_trigger_and_writes_inf_as_empty(tmp_path, constant_memory):
    from monitor.exports.cells import escape_frame

    path = tmp_path / "t.xlsx"
    frame = pd.DataFrame({"naam": ATTACKS, "waarde": [math.inf, -math.inf, 1.0, float("nan"), 2.0, 3.0, 4.0]})
    workbook = xlsxwriter.Workbook(str(path), {"strings_to_formulas": False, "constant_memory": constant_memory})
    try:
        write_sheet(workbook, "Blad", escape_frame(frame), workbook.add_format({"bold": True}))
    finally:
        workbook.close()
    sheet = openpyxl.load_workbook(path).active
    # openpyxl leaves Excel's XML escape of a carriage return (_x000D_) as it is
    names = [sheet.cell(row=i, column=1).value.replace("_x000D_", "\r") for i in range(2, len(ATTACKS) + 2)]
    assert names == ["'" + a for a in ATTACKS]
    values = [sheet.cell(row=i, column=2).value for i in range(2, len(ATTACKS) + 2)]
    assert values == [None, None, 1.0, None, 2.0, 3.0, 4.0]


def test_xlsx_export_with_inf_values_is_no_traceback(monitor, tmp_path):
    """An inf reaching the export (overflow in a sum) becomes an empty cell, not a crash."""
    from dataclasses import replace

    from monitor.exports.writer import export

    values = monitor.values.copy()
    first = values.index[values["value"].notna()][0]
    values.loc[first, "value"] = math.inf
    broken = replace(monitor, values=values, _by_indicator={})
    written = export(broken, tmp_path / "out", formats=("indicatoren.xlsx",))
    assert written == [tmp_path / "out" / "indicatoren.xlsx"]


def test_csv_columns_unchanged():
    # Scripts read the first eight columns by position: new columns are only ever appended (issue 22,
    # then issue 20's 95 % interval).
    assert CSV_COLUMNS[:8] == ["indicator", "niveau", "code", "naam", "jaar", "waarde", "eenheid", "bron"]
    assert CSV_COLUMNS[8:] == ["dekking", "landelijk_cijfer", "opmerking", "ondergrens_95", "bovengrens_95"]


def test_export_writes_the_long_table_as_write_csv_and_to_parquet_do_with_risky_texts(monitor, tmp_path):
    """The export converts the long table to pyarrow once for indicatoren.csv and the Parquet file and
    replaces only the columns that escaping changes: the same bytes as the frame-based writers."""
    from dataclasses import replace

    from monitor.exports.writer import export, long_table

    values = monitor.values.copy()
    known = values.index[values["value"].notna()]
    values.loc[known[0], "name"] = ATTACKS[0]
    values.loc[known[1], "note"] = "-1+2"
    risky = replace(monitor, values=values, _by_indicator={})
    export(risky, tmp_path / "out", formats=("indicatoren.csv", "indicatoren.parquet"))
    write_csv(long_table(risky), tmp_path / "ref.csv")
    long_table(risky).to_parquet(tmp_path / "ref.parquet", index=False)
    written = (tmp_path / "out" / "indicatoren.csv").read_bytes()
    assert written == (tmp_path / "ref.csv").read_bytes()
    assert ("'" + ATTACKS[0]).replace('"', '""').encode() in written and b"'-1+2" in written
    assert (tmp_path / "out" / "indicatoren.parquet").read_bytes() == (tmp_path / "ref.parquet").read_bytes()
