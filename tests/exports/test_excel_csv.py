"""Issue 24: a CSV variant for Dutch Excel beside the scriptable CSV files (real snapshot)."""

import pandas as pd
import pytest

from monitor.exports import writer


def test_excel_variant_has_semicolons_decimal_comma_bom_and_the_same_rounded_figures(monitor, tmp_path):
    written = writer.export(monitor, tmp_path, formats=("indicatoren.csv", "indicatoren_excel.csv",
                                                        "vergelijking_excel.csv"))
    assert {p.name for p in written} == {"indicatoren.csv", "indicatoren_excel.csv", "vergelijking_excel.csv"}
    raw = (tmp_path / "indicatoren_excel.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf") and raw.splitlines()[0].decode("utf-8-sig").count(";") == len(writer.CSV_COLUMNS) - 1
    assert "Fryslân".encode() in raw
    scripts = (tmp_path / "indicatoren.csv").read_bytes()
    columns = len(writer.CSV_COLUMNS) - 1
    assert not scripts.startswith(b"\xef\xbb\xbf") and scripts.splitlines()[0].count(b",") == columns  # unchanged
    excel = pd.read_csv(tmp_path / "indicatoren_excel.csv", sep=";", decimal=",", encoding="utf-8-sig",
                        dtype={"code": str})
    plain = pd.read_csv(tmp_path / "indicatoren.csv", dtype={"code": str})
    assert len(excel) == len(plain) and list(excel.columns) == list(plain.columns)
    places = plain["indicator"].map({i.id: i.decimals + 1 for i in monitor.catalogue.indicators})
    assert (excel["waarde"] - plain["waarde"]).abs().le(0.5 * 10.0 ** -places + 1e-9).all()
    assert excel["waarde"].notna().sum() == plain["waarde"].notna().sum()
    comparison = pd.read_csv(tmp_path / "vergelijking_excel.csv", sep=";", decimal=",", encoding="utf-8-sig")
    assert {"verschil", "dekking", "rang"} <= set(comparison.columns)
    assert comparison["dekking"].dropna().between(0, 1).all()


def test_every_export_file_says_what_it_is_for():
    assert set(writer.FILE_PURPOSES) == set(writer.FILES)
    assert "Excel" in writer.FILE_PURPOSES["indicatoren_excel.csv"] and "scripts" in writer.FILE_PURPOSES["indicatoren.csv"]


@pytest.mark.parametrize("value, places, text", [(81.6123, 2, "81,61"), (35100.0, 0, "35100"), (-0.04, 1, "-0,0")])
def test_dutch_numbers(value, places, text):
    from monitor.exports.cells import _dutch
    assert _dutch(value, places) == text


def test_workbook_by_year_sheets_have_a_unit_and_the_sources_say_ja_nee(monitor):
    rows = writer.year_rows(monitor)
    frame = writer.by_year(rows, "regio")
    assert "eenheid" not in frame.columns  # the plain layout; write_xlsx adds the unit
    sources = writer.sources_table(monitor)
    national = sources["landelijk_cijfer"].dropna()
    assert set(national.str.split(" ").str[0]) <= {"ja", "nee"}
    assert not sources["gemeentelijke_indeling"].dropna().str.contains(r"\b(?:of each year|for all years)\b").any()


def test_workbook_sheets_carry_the_unit(monitor, tmp_path):
    from openpyxl import load_workbook

    path = tmp_path / "w.xlsx"
    writer.write_xlsx(monitor, writer.year_rows(monitor), path)
    sheet = load_workbook(path, read_only=True)[writer.LEVEL_SHEETS["regio"]]
    header, first = [row for _, row in zip(range(2), sheet.iter_rows(values_only=True))]
    assert header[:3] == ("indicator", "eenheid", "code")
    assert first[1] == monitor.indicator(first[0]).unit


def test_region_sources_on_data_en_bronnen_are_dutch(monitor):
    sources = " ".join(writer.composition_table(monitor)["bron"].dropna())
    for english in ("candidate", "NPVR scope unconfirmed", "NPVR name only", "dropped from", " only"):
        assert english not in sources, english
    assert "kandidaat" in sources and "NPVR-afbakening niet bevestigd" in sources


def test_excel_variant_escapes_formulas_like_every_other_file():
    from monitor.exports.cells import excel_csv_bytes

    text = excel_csv_bytes(pd.DataFrame({"naam": ["=HYPERLINK(1)", "Fryslân"], "waarde": [-1.25, 2.0]})).decode("utf-8-sig")
    assert "'=HYPERLINK(1)" in text and "-1,250" in text  # numbers stay numbers (a minus is not a formula)


def test_source_labels_say_english_edition_in_dutch(monitor):
    labels = " ".join(writer.source_labels(monitor).values())
    assert "37259ENG (Engelstalige uitgave van 37259NED)" in labels and "English" not in labels


def test_fast_excel_csv_writes_exactly_what_pandas_to_csv_writes():
    """Synthetic cells (labelled: made up for the test) that need quoting, escaping, rounding or are missing."""
    import numpy as np

    from monitor.exports.cells import _excel_csv_by_pandas, escape_frame, excel_csv_bytes

    frame = pd.DataFrame({
        "tekst": ['a;b', 'zegt "ja"', "regel\neen", "terug\rloop", None, "=1+1", "Fryslân", ""],
        "categorie": pd.Categorical(["x", "y", None, "x", "-2", "x", "y", "x"]),
        "string": pd.array(["p", None, "q", "p", "@", "q", "r", "p"], dtype="string"),
        "jaar": np.arange(2018, 2026),
        "rang": pd.array([1, None, 3, 4, 5, None, 7, 8], dtype="Int64"),
        "waarde": [1.005, -0.04, np.nan, 2.5, 1e20, -0.0, 0.125, 35100.0],
        "ondergrens": [np.nan] * 8,
    })
    places = pd.Series([2, 1, 3, np.nan, 0, 2, 2, 0])
    fast = excel_csv_bytes(frame, places)
    assert fast == _excel_csv_by_pandas(escape_frame(frame), places.fillna(3).to_numpy("int64"))
    assert '"a;b"' in fast.decode("utf-8-sig") and "1,00" in fast.decode("utf-8-sig")  # 1.005 is 1.00499… in binary
    # Written a few rows at a time (as the export writes its 350,000 rows): the same bytes.
    from monitor.exports import cells

    for rows in (1, 3, 7):
        with pytest.MonkeyPatch.context() as patch:
            patch.setattr(cells, "EXCEL_ROWS_AT_ONCE", rows)
            assert excel_csv_bytes(frame, places) == fast
