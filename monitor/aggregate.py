"""Add gemeente components up to regions and Nederland, with coverage and reasons."""

from __future__ import annotations

import numpy as np
import pandas as pd

from .components import value_from_components

MEAN_RULES = ("weighted_mean", "survey_mean", "area_mean")


def aggregate(gemeenten: pd.DataFrame, membership: pd.DataFrame, population: pd.DataFrame | None,
              rules: pd.DataFrame) -> pd.DataFrame:
    """Aggregate components of 2025 gemeenten to groups (regions, Nederland).

    Parameters
    ----------
    gemeenten
        ``indicator``, ``code``, ``year``, ``a``, ``b`` for every gemeente and indicator-year
        (NaN where missing).
    membership
        ``group``, ``code``: which gemeenten make up each group.
    population
        ``code``, ``year``, ``population`` for the coverage (every member gemeente, a missing
        year filled from the nearest year); without it, coverage is the share of member
        gemeenten with a value.
    rules
        ``indicator``, ``aggregation``, ``min_coverage``.

    Returns
    -------
    DataFrame
        ``indicator``, ``group``, ``year``, ``value``, ``coverage``, ``reason``, ``note`` (how
        many members were weighted with another year's figure). Sums and ratios
        need every member; means need ``min_coverage`` of the inhabitants. A missing value is
        NaN with a Dutch reason; it is never replaced by 0.
    """
    extra = ["other_weight_year"] if "other_weight_year" in gemeenten.columns else []
    rows = gemeenten[["indicator", "code", "year", "a", "b", *extra]].merge(membership, on="code", how="inner")
    rows = rows.merge(rules[["indicator", "aggregation"]], on="indicator", how="left")
    if population is not None:
        rows = rows.merge(population, on=["code", "year"], how="left")
    else:
        rows["population"] = np.nan
    is_sum = rows["aggregation"] == "sum"
    present = rows["a"].notna() & (is_sum | rows["b"].notna())
    rows["present"] = present.astype("int64")
    rows["members"] = 1
    rows["population_present"] = rows["population"].where(present, 0.0)
    other_year = rows["other_weight_year"] if "other_weight_year" in rows.columns else pd.Series(0, index=rows.index)
    rows["other_weight_year"] = (present & (other_year.fillna(0) > 0)).astype("int64")
    groups = rows.groupby(["indicator", "group", "year"], sort=False)
    out = pd.concat(
        [groups[["a", "b"]].sum(min_count=1),
         groups[["population", "population_present", "present", "members", "other_weight_year"]].sum()],
        axis=1,
    ).reset_index().merge(rules, on="indicator", how="left")
    coverage = (out["population_present"] / out["population"]).where(out["population"] > 0)
    out["coverage"] = coverage.fillna(out["present"] / out["members"])
    means = out["aggregation"].isin(MEAN_RULES)
    valid = np.where(means, out["coverage"] >= out["min_coverage"] - 1e-12, out["present"] == out["members"])
    out["value"] = value_from_components(out["aggregation"], out["a"], out["b"]).where(valid)
    out["reason"] = _reasons(out, means)
    borrowed = (out["other_weight_year"] > 0) & out["value"].notna()
    out["note"] = pd.Series(None, index=out.index, dtype=object)
    out.loc[borrowed, "note"] = ("gewicht (inwoners of oppervlakte) van het dichtstbijzijnde jaar voor "
                                 + out.loc[borrowed, "other_weight_year"].astype("Int64").astype("string")
                                 + " gemeente(n)").astype(object)
    return out[["indicator", "group", "year", "value", "coverage", "reason", "note"]]


def _reasons(out: pd.DataFrame, means: pd.Series) -> pd.Series:
    """Why a group has no value (None where it has one); the texts are formed for those rows only."""
    missing = out["value"].isna().to_numpy()
    part = out[missing]
    pct = (part["coverage"] * 100).round(0).astype("Int64").astype("string")
    reason = np.where(
        part["present"] == 0, "geen gegevens voor de gemeenten",
        np.where(means[missing],
                 "te weinig gemeenten met een waarde (dekking " + pct + "% van de inwoners, minimaal "
                 + (part["min_coverage"] * 100).round(0).astype("Int64").astype("string") + "%)",
                 "ontbreekt voor " + (part["members"] - part["present"]).astype("string") + " van de "
                 + part["members"].astype("string") + " gemeenten"))
    reasons = pd.Series(None, index=out.index, dtype=object)
    reasons[missing] = reason
    return reasons
