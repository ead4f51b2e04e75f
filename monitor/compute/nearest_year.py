"""Fill a missing year with the nearest year's figure, on dense arrays whose last axis is the year."""

from __future__ import annotations

import numpy as np


def fill_nearest_year(values: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """For every key and year, the key's value in the nearest year that has one.

    Parameters
    ----------
    values
        Shape ``(..., n_years)``, consecutive years on the last axis, NaN where unknown.

    Returns
    -------
    filled : ndarray
        Same shape; NaN only where the key has no value in any year.
    from_year : ndarray
        The year position each value was taken from (-1 where none). On a tie the later year wins.
    """
    n_years = values.shape[-1]
    position = np.arange(n_years)
    known = ~np.isnan(values)
    before = np.maximum.accumulate(np.where(known, position, -1), axis=-1)  # latest known year ≤ this one
    after = np.minimum.accumulate(np.where(known, position, n_years)[..., ::-1], axis=-1)[..., ::-1]  # earliest ≥
    use_after = (after < n_years) & ((before < 0) | (after - position <= position - before))
    from_year = np.where(use_after, after, before)
    filled = np.take_along_axis(values, np.maximum(from_year, 0), axis=-1)
    return np.where(from_year >= 0, filled, np.nan), from_year
