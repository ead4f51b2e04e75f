"""The app reads the build's values with each distinct text held once (memory per app process)."""

from __future__ import annotations

import pandas as pd

from monitor.compute.build import VALUES_FILE, build
from monitor.compute.value_table import read_parquet


def test_read_equals_pandas_and_shares_the_strings(default_snapshot, tmp_path):
    build(default_snapshot, tmp_path / "build")
    path = tmp_path / "build" / VALUES_FILE
    shared, plain = read_parquet(path), pd.read_parquet(path)
    pd.testing.assert_frame_equal(shared, plain)
    for column in ("indicator", "level", "code", "name", "dataset", "reason"):
        known = shared[column].dropna()
        # one string object per distinct text, not one per row
        assert len({id(text) for text in known.to_numpy(dtype=object)}) == known.nunique(), column
    assert shared["year"].dtype == "int64" and shared["rank"].dtype == "Int64"


def test_text_is_compares_like_pandas_also_with_missing_texts():
    """Synthetic texts (made up for the test): the fast comparison of the values' text columns."""
    import numpy as np
    import pandas as pd

    from monitor.compute.value_table import text_is

    for column in (pd.Series(["regio", "gemeente", "regio"], dtype="string"),
                   pd.Series(["regio", None, "corop"], dtype="string"),  # pd.NA: pandas compares
                   pd.Series(["regio", None, 3], dtype=object),
                   pd.Series(pd.Categorical(["regio", None, "corop"]))):
        expected = (column == "regio").to_numpy(dtype=bool, na_value=False)
        got = text_is(column, "regio")
        assert got.dtype == bool and np.array_equal(got, expected)
