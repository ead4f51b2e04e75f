"""Indicators published only per COROP area (CBS regional accounts 85924NED, ``corop_observations.csv``).

GDP per inhabitant and GDP volume growth exist for the 40 COROP areas and Nederland only. They are
shown per COROP area as CBS publishes them, and for an NPVR region **only** where the COROP areas
that hold its gemeenten are (almost) the region itself: the region's inhabitants are at least
:data:`MIN_REGION_SHARE` of the inhabitants of those COROP areas (Twente, Zuid-Limburg,
Midden-Limburg, Noord-Limburg and Zeeuws-Vlaanderen are exact COROP areas). Otherwise the region has
no value, and the reason names the COROP area(s) and the region's share of their inhabitants: a
figure of a larger area never carries the region's name. Gemeenten have no value.

Several COROP areas together (not needed by today's regions, kept general): GDP per inhabitant as
Σ GDP / Σ inhabitants (inhabitants implied by CBS's GDP and GDP per inhabitant), volume growth as
the mean of the areas' growth weighted by their GDP of the previous year (an approximation of CBS's
chain-linked volumes).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

MIN_REGION_SHARE = 0.95
"""The region's share of the inhabitants of its COROP areas needed for a region value."""
GDP = "BbpMarktprijzen_1"
GDP_PER_INHABITANT = "BbpPerInwoner_2"
REASON_GEMEENTE = "alleen per COROP-gebied gepubliceerd (CBS regionale rekeningen)"
REASON_PARTIAL = ("geen regiocijfer: de regionale rekeningen bestaan alleen per COROP-gebied en {areas} "
                  "{verb} groter dan de regio (de regio heeft {share} van hun inwoners)")
NOTE_EXACT = "cijfer van COROP-gebied {areas}"
NOTE_ALMOST = "cijfer van COROP-gebied {areas}; de regio heeft {share} van hun inwoners"


def corop_only(indicator, datasets: set[str]) -> bool:
    """Whether every source of ``indicator`` reads a dataset of ``corop_observations.csv``."""
    return bool(indicator.sources) and all(s.dataset in datasets for s in indicator.sources)


def _percent(share: float) -> str:
    return f"{100 * share:.0f}%"


def region_corop_match(regions: pd.DataFrame, corop: pd.DataFrame, population: pd.Series) -> pd.DataFrame:
    """Per NPVR region: the COROP areas that hold its gemeenten and the region's share of their inhabitants.

    Parameters
    ----------
    regions
        ``region_id``, ``gemeente_code``.
    corop
        ``gemeente_code``, ``corop_code``, ``corop_name`` (2024/2025 gemeenten).
    population
        Inhabitants per gemeente code (2025 division).

    Returns
    -------
    DataFrame
        Index ``region_id``; ``corop_codes`` (tuple), ``label`` (names and codes), ``share`` (0–1).
    """
    of = corop.set_index("gemeente_code")["corop_code"]
    names = corop.drop_duplicates("corop_code").set_index("corop_code")["corop_name"]
    rows = []
    for region_id, members in regions.groupby("region_id")["gemeente_code"]:
        codes = tuple(sorted(set(of.reindex(members).dropna())))
        area = corop.loc[corop["corop_code"].isin(codes), "gemeente_code"]
        share = population.reindex(members).sum() / population.reindex(area).sum()
        label = " en ".join(f"{names[c]} ({c})" for c in codes)
        rows.append((region_id, codes, label, float(share)))
    return pd.DataFrame(rows, columns=["region_id", "corop_codes", "label", "share"]).set_index("region_id")


def union_value(wide: pd.DataFrame, codes, measure: str, year: int) -> float:
    """The value of several COROP areas together (see the module doc); one area: its own value."""
    if len(codes) == 1:
        return float(wide.loc[(measure, year), codes[0]]) if (measure, year) in wide.index else np.nan
    if measure == GDP_PER_INHABITANT:
        gdp, per = wide.loc[(GDP, year), list(codes)], wide.loc[(GDP_PER_INHABITANT, year), list(codes)]
        return float(gdp.sum() / (gdp * 1e6 / per).sum() * 1e6)
    if (measure, year) not in wide.index or (GDP, year - 1) not in wide.index:
        return np.nan
    growth, weight = wide.loc[(measure, year), list(codes)], wide.loc[(GDP, year - 1), list(codes)]
    return float((growth * weight).sum() / weight.sum())


def corop_rows(indicator, observations: pd.DataFrame, match: pd.DataFrame, corop_names: dict,
               gemeenten: list[str], national_code: str) -> pd.DataFrame:
    """All rows of one COROP-only indicator: ``level, code, year, value, coverage, dataset, nl_source, reason, note``.

    ``observations`` are the snapshot's COROP observations; ``match`` is :func:`region_corop_match`.
    """
    source = indicator.sources[0]
    obs = observations[observations["dataset"] == source.dataset]
    wide = obs.pivot_table(index=["measure", "period"], columns="region_code", values="value",
                           aggfunc="first", observed=True)
    wide.columns = wide.columns.astype(str)
    wide.index = wide.index.set_levels([wide.index.levels[0].astype(str), wide.index.levels[1]])
    if source.measure not in wide.index.get_level_values(0):
        return pd.DataFrame(columns=["level", "code", "year", "value", "coverage", "dataset", "nl_source",
                                     "reason", "note"])
    own = wide.loc[source.measure] * source.factor
    years = [int(y) for y in own.index]
    corop_codes = sorted(corop_names)
    regions = [(region_id, m["corop_codes"], m["label"], m["share"]) for region_id, m in match.iterrows()]
    rows = []
    for year in years:
        published, raw = own.loc[year].to_dict(), wide.loc[(source.measure, year)].to_dict()
        for code in corop_codes:
            value = published.get(code, np.nan)
            rows.append(("corop", code, year, value, 1.0 if value == value else np.nan, None,
                         None if value == value else "geen cijfer in de CBS-bron", None))
        for region_id, codes, label, share in regions:
            if share >= MIN_REGION_SHARE - 1e-12:
                one = float(raw.get(codes[0], np.nan)) if len(codes) == 1 else None  # union_value's own case, faster
                value = (union_value(wide, codes, source.measure, year) if one is None else one) * source.factor
                note = (NOTE_EXACT if share > 1 - 1e-9 else NOTE_ALMOST).format(areas=label, share=_percent(share))
                rows.append(("regio", region_id, year, value, 1.0, None, None, note))
            else:
                verb = "is" if len(codes) == 1 else "zijn samen"
                reason = REASON_PARTIAL.format(areas=label, verb=verb, share=_percent(share))
                rows.append(("regio", region_id, year, np.nan, np.nan, None, reason, None))
        national = published.get(national_code, np.nan)
        rows.append(("nederland", national_code, year, national, 1.0, "CBS", None, None))
        rows += [("gemeente", code, year, np.nan, np.nan, None, REASON_GEMEENTE, None) for code in gemeenten]
    out = pd.DataFrame(rows, columns=["level", "code", "year", "value", "coverage", "nl_source", "reason", "note"])
    out["dataset"] = source.dataset
    return out
