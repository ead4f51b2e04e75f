"""The workbook's sheets written at once (``excel._write_rows_xml``) are the sheets xlsxwriter writes cell by cell.

Synthetic cells only: each one stands for a kind of cell the writer must render exactly as xlsxwriter does
(control characters, whitespace, XML specials, "", missing and non-finite numbers, empty rows and columns).
"""

from __future__ import annotations

import zipfile

import numpy as np
import pandas as pd
import pytest

from monitor.exports import excel

TEXTS = ["Fryslân", "", " voor", "na ", "a & b < c > \"d\"", "regel\nregel", "\x01\x1f\t", "_x0041_ letterlijk",
         "<r>rijk</r>", None, "x" * 20000, "'=1+1"]
"""Synthetic texts: one of each kind that xlsxwriter escapes, preserves, truncates or leaves out."""


def _frame() -> pd.DataFrame:
    n = len(TEXTS)
    return pd.DataFrame({
        "tekst": TEXTS,
        "getal": [1.5, np.nan, np.inf, -np.inf, 0.1 + 0.2, -0.0, 1e-300, 1e22, 123456789012345678.0, 2.0, 3.0,
                  np.nan],
        "geheel": pd.array(range(n), dtype="int64") * 10**15,
        "waar": [True, False] * (n // 2),
        "categorie": pd.Categorical(["a", "b"] * (n // 2)),
        "leeg": [np.nan] * n,
        "alleen_laatste": [np.nan] * (n - 1) + [7.0],
    })


def _sheet_xml(path, write, frame: pd.DataFrame) -> bytes:
    workbook = excel.new_workbook(path)
    sheet = workbook.add_worksheet("Blad")
    sheet.write_row(0, 0, list(frame.columns), workbook.add_format({"bold": True}))
    write(sheet, frame)
    workbook.close()
    with zipfile.ZipFile(path) as archive:
        return archive.read("xl/worksheets/sheet1.xml")


@pytest.mark.parametrize("rows", [slice(None), slice(0, 0), slice(5, 6)])
def test_rows_written_at_once_are_the_cells_xlsxwriter_writes(tmp_path, rows):
    frame = _frame().iloc[rows].reset_index(drop=True)
    at_once = _sheet_xml(tmp_path / "a.xlsx", excel._write_rows_xml, frame)
    by_cell = _sheet_xml(tmp_path / "b.xlsx", excel._write_rows_cell_by_cell, frame)
    assert b"<sheetData>" in at_once or rows == slice(0, 0)
    assert at_once == by_cell


def test_the_sheet_writer_uses_the_fast_rows_in_the_exports_mode(tmp_path, monkeypatch):
    calls = []
    monkeypatch.setattr(excel, "_write_rows_xml", lambda sheet, frame: calls.append(len(frame)))
    workbook = excel.new_workbook(tmp_path / "c.xlsx")
    excel.write_sheet(workbook, "Blad", _frame(), workbook.add_format({"bold": True}))
    workbook.close()
    assert calls == [len(_frame())]


def test_a_text_longer_than_excel_allows_is_cut_and_the_rest_of_its_row_stays(tmp_path):
    """xlsxwriter's ``write_row`` stops at such a text and drops the row's further cells; the rows written
    at once cut the text to Excel's 32,767 characters (as xlsxwriter does) and keep the others."""
    from openpyxl import load_workbook

    frame = pd.DataFrame({"tekst": ["x" * 40000], "getal": [2.5]})
    path = tmp_path / "d.xlsx"
    workbook = excel.new_workbook(path)
    excel.write_sheet(workbook, "Blad", frame, workbook.add_format({"bold": True}))
    workbook.close()
    sheet = load_workbook(path).active
    assert sheet["A2"].value == "x" * 32767
    assert sheet["B2"].value == 2.5


def test_workbook_is_zipped_at_the_chosen_level_and_xlsxwriter_is_left_as_it_was(tmp_path):
    """The zip's deflate level (excel.ZIP_LEVEL, not zlib's default) is what the sheets' compressed sizes show;
    synthetic cells, made up for the test."""
    import io
    import zipfile
    import zlib

    import pandas as pd
    import xlsxwriter.workbook

    from monitor.exports import excel

    before = xlsxwriter.workbook.ZipFile
    path = tmp_path / "w.xlsx"
    buffer = io.BytesIO()
    workbook = excel.new_workbook(path, buffer)
    excel.write_sheet(workbook, "Blad", pd.DataFrame({"x": range(5000), "t": ["tekst"] * 5000}), None)
    excel.save_workbook(workbook, buffer, path)
    assert xlsxwriter.workbook.ZipFile is before
    with zipfile.ZipFile(path) as archive:
        entry = archive.getinfo("xl/worksheets/sheet1.xml")
        data = archive.read(entry)

    def deflated(level):
        packer = zlib.compressobj(level, zlib.DEFLATED, -15)
        return len(packer.compress(data) + packer.flush())

    assert excel.ZIP_LEVEL != 6 and deflated(excel.ZIP_LEVEL) != deflated(6)
    assert entry.compress_size == deflated(excel.ZIP_LEVEL)
