"""The researchers' long table made in Arrow (monitor.exports.long_form) against a plain pandas reference,
and the Excel CSV made in Arrow (monitor.exports.cells.write_excel_csv_arrow) against the Python writer.

The long table and the Excel CSV are what indicatoren.csv/.parquet and indicatoren_excel.csv hold: the
faster way of making them must give the same table and the same bytes (real snapshot; synthetic numbers
and texts where labelled).
"""

from __future__ import annotations

import io
from dataclasses import replace

import numpy as np
import pandas as pd
import pyarrow as pa
import pytest

from monitor.data import NL_SOURCE_LABELS
from monitor.exports import cells, writer
from monitor.exports.cells import escape_frame, escaped_arrow_columns, excel_csv_bytes, write_excel_csv_arrow


def reference_long_table(monitor) -> pd.DataFrame:
    """The long table written the plain way: pandas lookups row by row, as the export's documentation says."""
    labels = writer.source_labels(monitor)
    units = {i.id: i.unit for i in monitor.catalogue.indicators}
    titles = {i.id: i.title for i in monitor.catalogue.indicators}
    rows = monitor.values[monitor.values["value"].notna()]

    def bron(datasets, national):
        if pd.isna(datasets):
            return np.nan
        text = "; ".join(labels.get(d.strip(), d.strip()) for d in str(datasets).split("+"))
        made = NL_SOURCE_LABELS.get(national) if isinstance(national, str) else None
        return text if made is None else f"{text}; landelijk: {made}"

    nl = rows[rows["level"] == "nederland"]
    made = {(i, y): NL_SOURCE_LABELS.get(s) if isinstance(s, str) else None
            for i, y, s in zip(nl["indicator"], nl["year"], nl["nl_source"])}
    out = pd.DataFrame({
        "indicator": rows["indicator"], "niveau": rows["level"], "code": rows["code"], "naam": rows["name"],
        "jaar": rows["year"].astype("int64"), "waarde": rows["value"],
        "eenheid": rows["indicator"].astype(object).map(units),
        "bron": [bron(d, n) for d, n in zip(rows["dataset"], rows["nl_source"])],
        "titel": rows["indicator"].astype(object).map(titles),
        "nl_waarde": rows["nl_value"], "verschil": rows["diff"], "index": rows["index"], "oordeel": rows["verdict"],
        "rang": rows["rank"], "dekking": rows["coverage"],
        "ondergrens_95": rows["lower_95"] if "lower_95" in rows.columns else np.nan,
        "bovengrens_95": rows["upper_95"] if "upper_95" in rows.columns else np.nan,
        "landelijk_cijfer": [made.get((i, y)) for i, y in zip(rows["indicator"], rows["year"])],
        "opmerking": rows["note"] if "note" in rows.columns else None,
    })
    return out.reset_index(drop=True)


def test_long_table_in_arrow_is_the_reference_table_with_its_parquet_metadata(monitor):
    made = writer.long_arrow(monitor)
    expected = pa.Table.from_pandas(reference_long_table(monitor), preserve_index=False)
    assert made.equals(expected, check_metadata=True)
    assert made.num_rows == int(monitor.values["value"].notna().sum()) > 300_000
    frame = writer.long_table(monitor)
    assert frame["rang"].dtype == "Int64" and frame["indicator"].dtype == "string"


def test_long_table_of_values_without_the_optional_columns_and_with_missing_texts(monitor):
    """An older build without note and interval columns; a dataset and a national source missing here and there."""
    values = monitor.values.drop(columns=["note", "lower_95", "upper_95"]).copy()
    known = values.index[values["value"].notna()]
    values.loc[known[:3], "dataset"] = pd.NA
    values.loc[known[3:6], "nl_source"] = "iets anders"  # synthetic: a source the labels do not know
    national = values.index[(values["level"] == "nederland") & values["value"].notna()]
    values.loc[national[:5], "nl_source"] = pd.NA
    other = replace(monitor, values=values, _by_indicator={})
    made = writer.long_arrow(other)
    assert made.equals(pa.Table.from_pandas(reference_long_table(other), preserve_index=False), check_metadata=True)
    assert made.column("opmerking").null_count == made.num_rows and made.column("bron").null_count >= 3


def test_escaping_in_arrow_changes_what_the_cell_rule_changes(monitor):
    values = monitor.values.copy()
    known = values.index[values["value"].notna()]
    values.loc[known[0], "name"] = "=HYPERLINK(\"x\")"  # synthetic: formula-like texts
    values.loc[known[1], "note"] = " -1+2"
    values.loc[known[2], "code"] = "@SUM"
    risky = replace(monitor, values=values, _by_indicator={})
    table = writer.long_arrow(risky)
    names = [n for n in writer.CSV_COLUMNS if n not in writer.NUMERIC_CSV_COLUMNS]
    changed = escaped_arrow_columns(table, names)
    assert set(changed) == {"naam", "opmerking", "code"}
    expected = escape_frame(table.select(names).to_pandas())
    for name in names:
        column = changed.get(name, table.column(name))
        assert column.to_pylist() == expected[name].astype(object).where(expected[name].notna(), None).tolist()


def test_escaping_in_arrow_covers_text_of_every_arrow_type():
    """Synthetic texts: a dictionary or large_string column is escaped too, not passed over as "not text"."""
    risky = ["=1+1", "Twente", None, "@SUM"]
    table = pa.table({"plain": pa.array(risky, pa.string()), "large": pa.array(risky, pa.large_string()),
                      "dictionary": pa.array(risky, pa.string()).dictionary_encode(), "number": [1.0, 2.0, None, -1.0]})
    changed = escaped_arrow_columns(table, table.column_names)
    assert set(changed) == {"plain", "large", "dictionary"}
    assert {name: changed[name].to_pylist() for name in changed} == dict.fromkeys(changed, ["'=1+1", "Twente", None, "'@SUM"])


SYNTHETIC = pd.DataFrame({  # synthetic cells, made up for these tests
    "tekst": ['a;b', 'zegt "ja"', "regel\neen", "terug\rloop", None, "'=1+1", "Fryslân", ""],
    "string": pd.array(["p", None, "q", "p", "'@", "q", "r", "p"], dtype="string"),
    "jaar": np.arange(2018, 2026),
    "rang": pd.array([1, None, 3, 4, 5, None, 7, 8], dtype="Int64"),
    "waarde": [1.005, -0.04, np.nan, 2.5, 1e20, -0.0, 0.125, 35100.0],
    "ondergrens": [np.nan] * 8,
    "ja": [True, False, True, True, False, False, True, True],
})
PLACES = np.array([2, 1, 3, 3, 0, 2, 2, 0])


@pytest.mark.parametrize("rows_at_once", [1, 3, 65_536])
def test_excel_csv_in_arrow_writes_the_python_writers_bytes(rows_at_once):
    expected = excel_csv_bytes(SYNTHETIC, PLACES, escaped=True)
    buffer = io.BytesIO()
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(cells, "ARROW_ROWS_AT_ONCE", rows_at_once)
        write_excel_csv_arrow(pa.Table.from_pandas(SYNTHETIC, preserve_index=False), buffer, PLACES)
    assert buffer.getvalue() == expected
    assert '"a;b";' in expected.decode("utf-8-sig") and '"zegt ""ja"""' in expected.decode("utf-8-sig")


def test_excel_numbers_in_arrow_round_as_python_formats_them():
    """Synthetic numbers: halves at every precision (where float arithmetic and Python's exact rounding can
    disagree), tiny negatives that round to -0, large numbers, and random ones."""
    rng = np.random.default_rng(20)
    places = rng.integers(0, 5, 4000)
    halves = (rng.integers(-10**6, 10**6, 4000) + 0.5) / 10.0 ** places
    numbers = np.concatenate([halves, rng.normal(0, 1000, 4000), rng.uniform(-1e-3, 1e-3, 4000), [1e9, -2.5e12, 0.0]])
    decimals = np.concatenate([places, rng.integers(0, 5, 8000), [0, 1, 2]])
    table = pa.table({"x": numbers})
    buffer = io.BytesIO()
    write_excel_csv_arrow(table, buffer, decimals)
    lines = buffer.getvalue().decode("utf-8-sig").split("\r\n")[1:-1]
    assert lines == [cells._dutch(v, d) for v, d in zip(numbers.tolist(), decimals.tolist())]
    assert "-0,000" in lines or "-0,00" in lines or "-0,0" in lines


def test_excel_csv_falls_back_to_the_python_writer_for_texts_with_a_stand_in(monitor, tmp_path):
    values = monitor.values.copy()
    known = values.index[values["value"].notna()]
    values.loc[known[0], "note"] = "een\x1fteken"  # synthetic: a control character the Arrow writer uses
    odd = replace(monitor, values=values, _by_indicator={})
    with pytest.raises(ValueError, match="stand-in"):
        write_excel_csv_arrow(writer.csv_arrow(writer.long_arrow(odd)), io.BytesIO())
    writer.export(odd, tmp_path, formats=("indicatoren_excel.csv",))
    table = writer.csv_arrow(writer.long_arrow(odd))
    decimals = table.column("indicator").to_pandas().map({i.id: i.decimals + 1 for i in odd.catalogue.indicators})
    assert (tmp_path / "indicatoren_excel.csv").read_bytes() == excel_csv_bytes(table.to_pandas(), decimals, escaped=True)
