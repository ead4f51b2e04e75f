"""Eurostat's GDP per inhabitant of the Dutch NUTS-3 areas against CBS's own COROP accounts.

A Dutch NUTS-3 area is a COROP area (``corop_code`` in ``regions/nuts3_2021.csv``). CBS publishes
GDP per inhabitant per COROP area itself (85924NED, ``corop_observations.csv``, a later vintage than
Eurostat's table of February 2023). Both are shown apart, never as one series: the border view uses
Eurostat only (the same source and vintage on both sides of the border), the other pages CBS only.

For seven areas the two agree (CBS within :data:`TOLERANCE` of Eurostat in every year from
:data:`SINCE`); Groningen's three areas differ widely, because CBS and Eurostat divide the province's
GDP (natural gas) differently among them.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from .model import BorderData

CBS_DATASET = "cbs_85924NED_regionale_rekeningen"
CBS_MEASURE = "BbpPerInwoner_2"
EUROSTAT_MEASURE = "EUR_HAB"
TOLERANCE = 5.0
"""Percent: CBS and Eurostat agree when they differ by at most this much in every year since :data:`SINCE`."""
SINCE = 2015
COLUMNS = ["nuts_code", "corop_code", "jaar", "eurostat", "cbs", "verschil_pct"]


def compare_with_cbs(data: BorderData, corop_observations: pd.DataFrame) -> pd.DataFrame:
    """Per Dutch NUTS-3 area (and Nederland) and year: Eurostat's and CBS's euro per inhabitant.

    Returns
    -------
    DataFrame
        :data:`COLUMNS`; ``verschil_pct`` = 100 × (CBS / Eurostat − 1); only years with both.
    """
    pairs = [(r.nuts_code, r.corop_code) for r in data.areas.itertuples()
             if isinstance(r.corop_code, str) and r.corop_code] + [("NL", "NL01")]
    obs = data.observations
    eu = obs[obs["measure"] == EUROSTAT_MEASURE].set_index(["region_code", "period"])["value"]
    cbs_rows = corop_observations[(corop_observations["dataset"] == CBS_DATASET)
                                  & (corop_observations["measure"] == CBS_MEASURE)]
    cbs = cbs_rows.astype({"region_code": str}).set_index(["region_code", "period"])["value"]
    rows = []
    for nuts, corop in pairs:
        if nuts not in eu.index.get_level_values(0) or corop not in cbs.index.get_level_values(0):
            continue
        both = pd.concat([eu.loc[nuts], cbs.loc[corop]], axis=1, keys=["eurostat", "cbs"], join="inner")
        for year, row in both.iterrows():
            rows.append((nuts, corop, int(year), row["eurostat"], row["cbs"], 100 * (row["cbs"] / row["eurostat"] - 1)))
    return pd.DataFrame(rows, columns=COLUMNS)


def agreement(comparison: pd.DataFrame) -> pd.DataFrame:
    """Per area: the range of the difference (all years and since :data:`SINCE`) and whether they agree.

    Returns
    -------
    DataFrame
        ``nuts_code, corop_code, jaren, min_pct, max_pct, min_pct_recent, max_pct_recent, overeenkomst``
        (bool: within :data:`TOLERANCE` in every year since :data:`SINCE`).
    """
    rows = []
    for (nuts, corop), group in comparison.groupby(["nuts_code", "corop_code"], sort=False):
        recent = group[group["jaar"] >= SINCE]["verschil_pct"]
        rows.append((nuts, corop, f"{group['jaar'].min()}-{group['jaar'].max()}", group["verschil_pct"].min(),
                     group["verschil_pct"].max(), recent.min() if len(recent) else np.nan,
                     recent.max() if len(recent) else np.nan,
                     bool(len(recent)) and bool((recent.abs() <= TOLERANCE).all())))
    return pd.DataFrame(rows, columns=["nuts_code", "corop_code", "jaren", "min_pct", "max_pct", "min_pct_recent",
                                       "max_pct_recent", "overeenkomst"])
