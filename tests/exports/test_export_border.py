"""grens.csv and the workbook's Grens sheets: exact columns, the table's figures, all or nothing."""

from __future__ import annotations

import pandas as pd
import pytest
from openpyxl import load_workbook

from monitor.border.gather import border_for
from monitor.exports.writer import FILES, OutFolderError, export

HEADER = "regio,nuts_code,naam,land,relatie,indicator,jaar,waarde,vlag,index_land"


@pytest.fixture(scope="module")
def exported(monitor, tmp_path_factory):
    out = tmp_path_factory.mktemp("grens")
    export(monitor, out, formats=("grens.csv", "indicatoren.xlsx"))
    return out


def test_grens_csv_has_exactly_the_columns_and_the_figures(exported, monitor):
    assert "grens.csv" in FILES
    text = (exported / "grens.csv").read_text(encoding="utf-8")
    assert text.splitlines()[0] == HEADER
    written = pd.read_csv(exported / "grens.csv", keep_default_na=False, na_values=[""])
    table = border_for(monitor).table
    assert len(written) == len(table) > 8000
    for column in ("waarde", "index_land"):
        pd.testing.assert_series_equal(written[column], table[column].reset_index(drop=True), check_names=False)
    assert set(written["regio"]) == set(border_for(monitor).regions())
    assert {"voorlopig", "geschat", "breuk in reeks", "geen cijfer (Eurostat)"} <= set(written["vlag"].dropna())


def test_grens_sheets_in_the_workbook_with_the_source(exported):
    book = load_workbook(exported / "indicatoren.xlsx", read_only=True)
    assert {"Grens", "Grens-CBS"} <= set(book.sheetnames)
    rows = list(book["Grens"].iter_rows(values_only=True, max_row=2))
    assert ",".join(rows[0][:10]) == HEADER and rows[0][-1] == "bron"
    assert rows[1][-1].startswith("Bron: Eurostat") and "nama_10r_3gdp" in rows[1][-1]


def test_a_failing_grens_writer_leaves_the_folder_untouched(monitor, tmp_path, monkeypatch):
    out = tmp_path / "out"
    out.mkdir()
    (out / "grens.csv").write_text("previous")
    import monitor.exports.writer as writer

    def broken(border):
        raise OSError("disk full (simulated)")

    monkeypatch.setattr(writer, "grens_bytes", broken)
    with pytest.raises(OutFolderError, match="disk full"):
        export(monitor, out, formats=("grens.csv", "stapeling.csv"))
    assert sorted(p.name for p in out.iterdir()) == ["grens.csv"]
    assert (out / "grens.csv").read_text() == "previous"
