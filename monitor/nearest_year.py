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
    filled = np.full(values.shape, np.nan)
    from_year = np.full(values.shape, -1, dtype="int64")
    known = ~np.isnan(values)
    positions = np.arange(n_years)
    for distance in range(n_years):
        open_ = from_year < 0
        if not open_.any():
            break
        for source in (positions + distance, positions - distance):  # later first: it wins a tie
            inside = (source >= 0) & (source < n_years)
            take = np.zeros(values.shape, dtype=bool)
            take[..., inside] = known[..., source[inside]]
            take &= from_year < 0
            if take.any():
                source_full = np.broadcast_to(np.where(inside, source, 0), values.shape)
                from_year[take] = source_full[take]
                filled[take] = np.take_along_axis(values, source_full, axis=-1)[take]
    return filled, from_year
