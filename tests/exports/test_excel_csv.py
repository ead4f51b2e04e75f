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
