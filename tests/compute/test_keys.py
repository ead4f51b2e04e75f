"""The packed-key helpers give what the pandas and numpy functions they stand in for give (synthetic tables)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from monitor.compute.keys import distinct_rows, lexsort_order


def _table(rows: int, seed: int) -> pd.DataFrame:
    """Synthetic observations: few codes and years, so that the key space is small and keys repeat."""
    rng = np.random.default_rng(seed)
    codes = pd.Categorical(rng.choice(["GM0003", "GM0005", "NL01", "GM1992"], rows), categories=["NL01", "GM0003",
                                                                                                 "GM0005", "GM1992", "GM9999"])
    return pd.DataFrame({"region_code": codes, "period": rng.integers(2010, 2026, rows),
                         "value": rng.normal(size=rows)}, index=rng.permutation(rows) + 100)


@pytest.mark.parametrize("rows, seed", [(0, 0), (1, 1), (50, 2), (5000, 3)])
def test_distinct_rows_are_the_first_rows_of_each_key_in_order(rows, seed):
    table = _table(rows, seed)
    expected = table[["region_code", "period"]].drop_duplicates()
    pd.testing.assert_frame_equal(distinct_rows(table, ["region_code", "period"]), expected)


def test_distinct_rows_with_a_wide_key_space_hash_as_before():
    table = pd.DataFrame({"period": [10**9, 3, 10**9, 3, 7]})  # more possible keys than rows
    pd.testing.assert_frame_equal(distinct_rows(table, ["period"]), table.drop_duplicates())


@pytest.mark.parametrize("seed", range(4))
def test_lexsort_order_is_lexsorts_order_ties_included(seed):
    rng = np.random.default_rng(seed)
    keys = [rng.integers(0, 5, 2000), rng.integers(-3, 3, 2000), rng.integers(2010, 2013, 2000, dtype="int32")]
    assert np.array_equal(lexsort_order(keys), np.lexsort(keys[::-1]))


def test_lexsort_order_falls_back_for_keys_it_cannot_pack():
    wide = [np.array([2**40, 0, 2**40]), np.array([2**30, 1, 0])]  # the product of the widths exceeds 62 bits
    floats = [np.array([0.5, 0.25, 0.5]), np.array([1, 0, 0])]
    for keys in (wide, floats):
        assert np.array_equal(lexsort_order(keys), np.lexsort(keys[::-1]))
