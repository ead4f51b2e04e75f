"""The values table of a build, with its texts as integer codes until it becomes a DataFrame or a file.

The computation hands over plain arrays (:class:`CodedValues`); only the last step turns the nine
text columns into strings, once for the DataFrame and once, in Arrow, for the Parquet file.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from .texts import Texts

TEXT_COLUMNS = ("indicator", "level", "code", "name", "dataset", "nl_source", "verdict", "reason", "note")
"""Columns held as text codes (see :class:`monitor.compute.texts.Texts`)."""
FEW_VALUES = ("year", "coverage", "rank")
"""Number columns with few distinct values: dictionary-encoded in the file like the texts (the
others, mostly distinct, are written plain instead of trying a dictionary first)."""


def text_is(column: pd.Series, text: str) -> np.ndarray:
    """``column == text`` as a boolean array, for the values table's text columns.

    The plain array is compared when the column has no missing value (3 ms for the 390,000 rows of a
    build against pandas' 15 ms, which first finds the missing ones); otherwise pandas compares (missing:
    False).
    """
    try:
        return np.asarray(np.asarray(column.array, dtype=object) == text, dtype=bool)
    except TypeError:  # a missing value (pd.NA) has no truth value
        return (column == text).to_numpy(dtype=bool, na_value=False)


def concat(parts: list[dict]) -> dict:
    """Stack tables given as ``{column: array}`` (the columns of the first part)."""
    return {column: np.concatenate([part[column] for part in parts]) for column in parts[0]}


def take(table: dict, rows: np.ndarray) -> dict:
    """The given rows of a table ``{column: array}``."""
    return {column: values[rows] for column, values in table.items()}


@dataclass
class CodedValues:
    """The finished values table: ``columns`` in their stored order, texts as codes of ``texts``.

    ``rank`` is a float array (NaN where an area has no rank); ``year`` is int64.
    """

    columns: dict
    texts: Texts

    @property
    def rows(self) -> int:
        """The number of rows."""
        return len(self.columns["value"])

    def frame(self) -> pd.DataFrame:
        """The table as a DataFrame: texts as ``string`` columns, ``rank`` as ``Int64`` (shares the arrays)."""
        lookup = np.array([*self.texts.texts, pd.NA], dtype=object)
        data = {}
        for column, values in self.columns.items():
            if column in TEXT_COLUMNS:
                data[column] = pd.arrays.StringArray(lookup[values])
            elif column == "rank":
                missing = np.isnan(values)
                data[column] = pd.arrays.IntegerArray(np.where(missing, 0, values).astype("int64"), missing)
            else:
                data[column] = values
        return pd.DataFrame(data, copy=False)

    def write_parquet(self, path) -> None:
        """Write the table as ``self.frame().to_parquet(path, index=False)`` would, without making the frame.

        The text columns go to the file as dictionaries (the vocabulary and the codes), so no string
        is formed on the way; read back they are the same ``string`` columns, by the same pandas
        metadata (that of the frame's first zero rows). The file holds no separate Arrow schema (it
        would name the dictionaries and make readers return categoricals).
        """
        import pyarrow as pa
        import pyarrow.parquet as pq

        empty = CodedValues(take(self.columns, np.arange(0)), self.texts).frame()
        schema = pa.Schema.from_pandas(empty, preserve_index=False)
        vocabulary = pa.array(self.texts.texts, type=pa.string())
        arrays = []
        for field in schema:
            values = self.columns[field.name]
            if field.name in TEXT_COLUMNS:
                used = np.zeros(len(self.texts.texts), dtype=bool)
                used[values[values >= 0]] = True  # each column's dictionary holds only its own texts
                renumber = np.cumsum(used).astype("int32") - 1
                codes = pa.array(renumber[values], mask=values < 0)
                arrays.append(pa.DictionaryArray.from_arrays(codes, vocabulary.filter(pa.array(used))))
            elif field.name == "rank":
                arrays.append(pa.array(np.nan_to_num(values).astype("int64"), mask=np.isnan(values), type=field.type))
            else:
                arrays.append(pa.array(values, type=field.type, from_pandas=True))  # NaN is stored as null, as pandas does
        table = pa.Table.from_arrays(arrays, names=schema.names)
        # No min/max statistics for the text columns: working them out was a fifth of the writing
        # (0.03 s), and nothing filters the build's texts by range.
        with pq.ParquetWriter(path, table.schema, compression="snappy", store_schema=False,
                              use_dictionary=[*TEXT_COLUMNS, *FEW_VALUES],
                              write_statistics=[n for n in schema.names if n not in TEXT_COLUMNS]) as writer:
            writer.write_table(table)
            writer.add_key_value_metadata({b"pandas": schema.metadata[b"pandas"]})


def read_parquet(path) -> pd.DataFrame:
    """Read a values file (``pd.read_parquet``'s result) with each distinct text held once.

    The texts are read as dictionaries and every row refers to its dictionary's string object, so
    the 278,766 × 9 text cells are pointers to a few thousand strings: about 150 MB less for every
    app process, and four times faster than letting each cell become a string of its own.
    """
    import pyarrow as pa
    import pyarrow.parquet as pq

    def is_text(kind) -> bool:
        if pa.types.is_dictionary(kind):
            kind = kind.value_type
        return pa.types.is_string(kind) or pa.types.is_large_string(kind)

    texts = [f.name for f in pq.read_schema(path) if is_text(f.type)]
    frame = pq.read_table(path, read_dictionary=texts).to_pandas()
    for column in texts:
        values = frame[column]
        if isinstance(values.dtype, pd.CategoricalDtype):
            shared = np.append(values.cat.categories.to_numpy(dtype=object), [pd.NA])
            frame[column] = pd.array(shared[values.cat.codes.to_numpy()], dtype="string")
    return frame
