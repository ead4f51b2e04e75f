"""``change`` indicators: the difference of another indicator's values over a number of years, at every level."""

from __future__ import annotations

import numpy as np

from ..catalogue import Indicator
from .texts import NONE, Texts
from .value_rules import NL_SOURCE_CBS, NL_SOURCE_COMPUTED, refuse_out_of_range

REASON_NO_PAIR = "geen waarde voor beide jaren ({span} jaar verschil)"


def compute_change(indicator: Indicator, position: int, values: dict, base: int, texts: Texts) -> dict:
    """Values of a ``change`` indicator from the values of its base indicator.

    Parameters
    ----------
    indicator
        The ``change`` indicator.
    position
        Its position in the catalogue (the ``indicator`` of the rows made).
    values
        The values table as arrays (see :func:`monitor.compute.compute_values`).
    base
        The catalogue position of the indicator it is the change of.
    texts
        The vocabulary of the texts.

    Returns
    -------
    dict
        A row for every area and year that the base indicator has in that year and ``span``
        years before: value now − value then (missing, with a reason, if either is missing);
        ``nl_source`` CBS only when both national figures are CBS's own; ``dataset`` both datasets.
    """
    span = indicator.change.span
    rows = np.flatnonzero(values["indicator"] == base)
    # (level, area, year) as one integer; the earlier row of a row has the key minus span.
    key = (values["level"][rows] * (len(texts.texts) + 1) + values["code"][rows]) * 10_000 + values["year"][rows]
    order = np.argsort(key, kind="stable")
    found = np.searchsorted(key[order], key - span).clip(0, max(len(rows) - 1, 0))
    paired = (len(rows) > 0) & (key[order][found] == key - span)
    now, before = rows[paired], rows[order[found[paired]]]
    value = values["value"][now] - values["value"][before]
    reason = np.where(np.isnan(value), texts.code(REASON_NO_PAIR.format(span=span)), NONE)
    cbs = texts.code(NL_SOURCE_CBS)
    both_cbs = (values["nl_source"][now] == cbs) & (values["nl_source"][before] == cbs)
    pairs, pair = np.unique(np.stack([values["dataset"][before], values["dataset"][now]]), axis=1, return_inverse=True)
    datasets = np.array([texts.code(f"{texts.texts[b]} + {texts.texts[n]}") if NONE not in (b, n) else NONE
                         for b, n in pairs.T.tolist()] + [NONE], dtype="int64")
    out = {"indicator": np.full(len(now), position, dtype="int64"), "level": values["level"][now],
           "code": values["code"][now], "year": values["year"][now], "value": value,
           "coverage": np.full(len(now), np.nan), "dataset": datasets[pair.reshape(-1)],
           "nl_source": np.where(both_cbs, cbs, texts.code(NL_SOURCE_COMPUTED)), "reason": reason,
           "note": np.full(len(now), NONE, dtype="int64")}
    refuse_out_of_range(np.zeros(len(now), dtype="int64"), out["value"], out["reason"], [indicator], texts)
    return out
