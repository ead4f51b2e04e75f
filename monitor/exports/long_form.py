"""The researchers' long table (``indicatoren.csv``, ``indicatoren.parquet``) made in Arrow.

One row per known value with Dutch column names (:data:`COLUMNS`). It is made straight from the
values table's columns: the texts converted once, the labels that repeat (unit, title, source, how
Nederland's figure was made) looked up once per distinct value and spread with a dictionary. The
pandas frame of :func:`monitor.exports.writer.long_table` is this table converted, so the two cannot
differ; the Parquet file is this table as ``DataFrame.to_parquet`` would write that frame.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pyarrow as pa

from ..compute.value_table import text_is
from ..data import NL_SOURCE_LABELS, Monitor

COLUMNS = ("indicator", "niveau", "code", "naam", "jaar", "waarde", "eenheid", "bron", "titel", "nl_waarde",
           "verschil", "index", "oordeel", "rang", "dekking", "ondergrens_95", "bovengrens_95", "landelijk_cijfer",
           "opmerking")
"""The columns, in order (see :func:`monitor.exports.writer.long_table`)."""
FROM_VALUES = {"indicator": "indicator", "niveau": "level", "code": "code", "naam": "name", "waarde": "value",
               "nl_waarde": "nl_value", "verschil": "diff", "index": "index", "oordeel": "verdict", "rang": "rank",
               "dekking": "coverage", "ondergrens_95": "lower_95", "bovengrens_95": "upper_95", "opmerking": "note"}
"""Columns copied from the values table: long-table name -> values column."""
LABELS = ("eenheid", "bron", "titel", "landelijk_cijfer")
"""Columns of labels looked up per row: text (object) columns in the pandas frame."""


def long_arrow_table(monitor: Monitor, source_labels: dict[str, str]) -> pa.Table:
    """The long table as a pyarrow Table, with the pandas metadata that ``pa.Table.from_pandas`` gives.

    Parameters
    ----------
    monitor
        The monitor whose known values (``value`` not missing) become the rows, in their order.
    source_labels
        ``{dataset id: label}`` for the ``bron`` column (:func:`monitor.exports.writer.source_labels`).

    Returns
    -------
    pyarrow.Table
        Columns :data:`COLUMNS`; ``bron`` names the dataset(s) and, where Nederland's figure was made
        another way, how (``"; landelijk: ..."``); ``landelijk_cijfer`` says for every row how
        Nederland's figure of that indicator and year was made.
    """
    values = monitor.values
    known = values["value"].notna().to_numpy()
    texts = {column: _converted(values[column], known) for column in ("indicator", "dataset", "nl_source")}
    indicator_codes, indicator_ids = _coded(texts["indicator"])
    dataset_codes, dataset_ids = _coded(texts["dataset"])
    national_codes, national_sources = _coded(texts["nl_source"])
    units = {i.id: i.unit for i in monitor.catalogue.indicators}
    titles = {i.id: i.title for i in monitor.catalogue.indicators}

    def bron(datasets_text: str) -> str:
        return "; ".join(source_labels.get(d.strip(), d.strip()) for d in str(datasets_text).split("+"))

    national_labels = [NL_SOURCE_LABELS.get(n) for n in national_sources]
    # The source of each row: its dataset(s), plus how the national figure was made where the row says so.
    pair = (dataset_codes + 1) * (len(national_sources) + 1) + (national_codes + 1)
    pairs, pair_codes = np.unique(pair, return_inverse=True)
    sources = []
    for p in pairs.tolist():
        dataset, made = divmod(p, len(national_sources) + 1)
        text = bron(dataset_ids[dataset - 1]) if dataset else None
        label = national_labels[made - 1] if made else None
        sources.append(text if label is None or text is None else f"{text}; landelijk: {label}")
    # How Nederland's figure of each (indicator, year) was made, from its national row (the last, if several).
    years = values["year"].to_numpy("int64")[known]
    key = indicator_codes.astype("int64") * (years.max(initial=0) + 1) + years
    is_nl = text_is(values["level"], "nederland")[known]
    made_of = dict(zip(key[is_nl].tolist(), national_codes[is_nl].tolist()))
    keys, key_codes = np.unique(key, return_inverse=True)
    made_codes = np.array([made_of.get(k, -1) for k in keys.tolist()], dtype="int64")[key_codes]
    arrays = {
        "eenheid": _spread(indicator_codes, [units.get(i) for i in indicator_ids]),
        "bron": _spread(pair_codes, sources),
        "titel": _spread(indicator_codes, [titles.get(i) for i in indicator_ids]),
        "landelijk_cijfer": _spread(made_codes, national_labels),
        "jaar": pa.array(years),
    }
    dtypes = {"jaar": np.dtype("int64"), **{name: np.dtype(object) for name in LABELS}}
    for name, column in FROM_VALUES.items():
        if column in values.columns:
            series = values[column]
            arrays[name] = texts[column] if column in texts else _converted(series, known)
            dtypes[name] = series.dtype
        else:  # an older build without the column: empty, as the frame's scalar fill gives it
            missing = np.nan if name in ("ondergrens_95", "bovengrens_95") else None
            arrays[name] = pa.nulls(int(known.sum()), pa.float64() if missing is not None else pa.null())
            dtypes[name] = np.dtype("float64") if missing is not None else np.dtype(object)
    schema = pa.schema([pa.field(name, arrays[name].type) for name in COLUMNS])
    # The metadata that from_pandas writes for a frame of these dtypes and Arrow types (what read_parquet
    # uses to give back the same dtypes), taken from an empty frame: converting the frame itself costs 0.3 s.
    empty = pd.DataFrame({name: pd.Series([], dtype=dtypes[name]) for name in COLUMNS})
    metadata = pa.Table.from_pandas(empty, schema=schema, preserve_index=False).schema.metadata
    return pa.Table.from_arrays([arrays[name] for name in COLUMNS], schema=schema.with_metadata(metadata))


def _coded(texts: pa.Array) -> tuple[np.ndarray, list]:
    """Texts as integer codes into their distinct values (missing: -1), and those values."""
    encoded = texts.dictionary_encode()
    return encoded.indices.fill_null(-1).to_numpy().astype("int64"), encoded.dictionary.to_pylist()


def _spread(codes: np.ndarray, labels: list) -> pa.Array:
    """One label per row: ``labels[code]``, missing where the code is -1 or the label is None."""
    indices = pa.array(codes, mask=codes < 0)
    return pa.DictionaryArray.from_arrays(indices, pa.array(labels, pa.string())).dictionary_decode()


def _converted(series: pd.Series, rows: np.ndarray) -> pa.Array:
    """The column's ``rows`` as ``pa.Table.from_pandas`` converts them (texts straight from their objects,
    without a pandas copy of the rows first)."""
    if pd.api.types.is_string_dtype(series.dtype) and not isinstance(series.dtype, pd.CategoricalDtype):
        objects = np.asarray(series.array, dtype=object)[rows]
        try:
            return pa.array(objects, type=pa.string(), from_pandas=True)
        except (pa.ArrowInvalid, pa.ArrowTypeError):  # not all text: let pyarrow decide, as from_pandas does
            pass
    return pa.Array.from_pandas(series[rows])
