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
"""Columns held as text codes (see :class:`monitor.texts.Texts`)."""


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

    def __len__(self) -> int:
        return len(self.columns["year"])

    def frame(self) -> pd.DataFrame:
        """The table as a DataFrame: texts as ``string`` columns, ``rank`` as ``Int64``."""
        lookup = np.array([*self.texts.texts, pd.NA], dtype=object)
        data = {}
        for column, values in self.columns.items():
            if column in TEXT_COLUMNS:
                data[column] = pd.arrays.StringArray(lookup[values])
            elif column == "rank":
                data[column] = pd.array(values, dtype="Int64")
            else:
                data[column] = values
        return pd.DataFrame(data)

    def arrow(self, like: pd.DataFrame):
        """The table as a pyarrow Table with the schema (and pandas metadata) that ``like.to_parquet`` writes.

        The strings are formed by Arrow from the codes, not from Python strings.
        """
        import pyarrow as pa

        schema = pa.Schema.from_pandas(like.iloc[:0], preserve_index=False)
        vocabulary = pa.array(self.texts.texts, type=pa.string())
        arrays = []
        for field in schema:
            values = self.columns[field.name]
            if field.name in TEXT_COLUMNS:
                arrays.append(vocabulary.take(pa.array(values, mask=values < 0, type=pa.int64())))
            elif field.name == "rank":
                arrays.append(pa.array(np.nan_to_num(values).astype("int64"), mask=np.isnan(values), type=field.type))
            else:
                arrays.append(pa.array(values, type=field.type, from_pandas=True))  # NaN is stored as null, as pandas does
        return pa.Table.from_arrays(arrays, schema=schema)
