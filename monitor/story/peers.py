"""Peer regions ("regio's zoals wij"): the COROP regions most like each NPVR region.

Profile and distance
--------------------
Each area is described by the structural indicators of :data:`PROFILE` (density, age structure,
income, labour participation), **all in one reference year**: the latest year in which every
profile indicator has a value for all 40 COROP regions and all NPVR regions (reported as
``reference_year``), so that no area is compared on a mix of years. Distance to services is not in
the profile: no distance indicator has a value for all areas in the reference year (80305NED ends
in 2023 and lacks Zwolle), and distances mostly follow density, which is in it. Density is taken as
log10 (it spans two orders of magnitude; untransformed, Amsterdam alone would set the scale).

Every feature is standardised to a z-score with the mean and the **population standard deviation
(ddof = 0) of the 40 COROP regions** (the reference set is the whole population of COROP areas,
not a sample of it); the distance is the **Euclidean distance** between z-score profiles, so each
feature weighs equally: ``afstand = sqrt(Σ_f (z_f(regio) − z_f(peer))²)``.

Candidates are COROP regions that are not themselves largely NPVR: a COROP region with
:data:`MAX_NPVR_SHARE` (25 %) **or more** of its inhabitants (``bevolking``, latest year) in NPVR
gemeenten is excluded (Kop van Noord-Holland 43 %, Zuidwest-Drenthe 41 %, Overig Groningen 26 %
would otherwise compare the regions partly with themselves). A COROP region that holds any gemeente
of the region itself is not a peer of that region either. The :data:`N_PEERS` nearest candidates are
the peers, rank 1 nearest.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..areas import COROP_LEVEL
from ..compute.value_table import text_is

PROFILE = {
    "bevolkingsdichtheid": "log10 van inwoners per km²",
    "aandeel_0_tot_15": "aandeel 0 tot 15 jaar",
    "aandeel_65_plus": "aandeel 65 jaar of ouder",
    "gemiddeld_gestandaardiseerd_inkomen": "gemiddeld gestandaardiseerd inkomen",
    "nettoarbeidsparticipatie": "nettoarbeidsparticipatie",
}
LOG_FEATURES = ("bevolkingsdichtheid",)
N_PEERS = 5
MAX_NPVR_SHARE = 0.25
"""A COROP region with this share of its inhabitants in NPVR gemeenten, or more, is no candidate."""
PEERS_COLUMNS = ["regio", "rang", "peer_code", "peer_naam", "afstand"]
DISTANCE_TEXT = ("euclidische afstand tussen z-scores; elk kenmerk gestandaardiseerd met het gemiddelde en de "
                 "populatiestandaardafwijking (ddof = 0) van de 40 COROP-gebieden; bevolkingsdichtheid als log10; "
                 "alle kenmerken in één peiljaar")


def npvr_share(values: pd.DataFrame, region_of: dict[str, str], corop: pd.DataFrame) -> pd.Series:
    """Share of each COROP region's inhabitants living in NPVR gemeenten (latest ``bevolking`` year).

    Parameters
    ----------
    values
        The build's values table (gemeente ``bevolking``).
    region_of
        ``{GM code: region id}`` of the NPVR gemeenten.
    corop
        ``gemeente_code``, ``corop_code`` (see :func:`monitor.areas.read_corop`).
    """
    pop = values[text_is(values["indicator"], "bevolking") & text_is(values["level"], "gemeente")
                 & values["value"].notna()]
    pop = pop[pop["year"] == pop["year"].max()]
    pop = pd.Series(pop["value"].to_numpy(float), index=pop["code"].astype(str).to_numpy())
    table = corop.assign(population=corop["gemeente_code"].map(pop).fillna(0.0),
                         npvr=corop["gemeente_code"].isin(set(region_of)))
    total = table.groupby("corop_code")["population"].sum()
    inside = table[table["npvr"]].groupby("corop_code")["population"].sum().reindex(total.index, fill_value=0.0)
    return inside / total


def profiles(values: pd.DataFrame, region_ids: list[str], corop_codes: list[str],
             profile: dict[str, str] = PROFILE) -> tuple[pd.DataFrame, dict[str, int]]:
    """The raw profile per area (rows: region ids and CR codes; columns: profile indicators).

    Every indicator is taken in one reference year: the latest in which all of them have a value
    for every area.

    Returns
    -------
    tuple
        (profiles, ``{indicator: year used}``, the same year for every indicator).

    Raises
    ------
    ValueError
        If there is no year in which every indicator has a value for every area.
    """
    areas = values[values["indicator"].isin(list(profile)) & values["value"].notna()]
    areas = areas[((areas["level"] == "regio") & areas["code"].isin(region_ids))
                  | ((areas["level"] == COROP_LEVEL) & areas["code"].isin(corop_codes))]
    complete = None
    for ind in profile:
        counts = areas[areas["indicator"] == ind].groupby("year")["code"].nunique()
        full = set(counts[counts == len(region_ids) + len(corop_codes)].index.astype(int))
        complete = full if complete is None else complete & full
    if not complete:
        raise ValueError("Peer profile: no year in which every profile indicator has a value for every area "
                         f"({', '.join(profile)}).")
    year = max(complete)
    features = {}
    for ind in profile:
        part = areas[(areas["indicator"] == ind) & (areas["year"] == year)]
        features[ind] = pd.Series(part["value"].to_numpy(float), index=part["code"].astype(str).to_numpy())
    table = pd.DataFrame(features).reindex([*region_ids, *corop_codes])
    for ind in LOG_FEATURES:
        if ind in table:
            table[ind] = np.log10(table[ind])
    return table, {ind: year for ind in profile}


def standardise(table: pd.DataFrame, reference: list[str]) -> pd.DataFrame:
    """z-scores of every column with mean and standard deviation (ddof = 0) of the ``reference`` rows."""
    ref = table.loc[reference]
    return (table - ref.mean()) / ref.std(ddof=0)


def nearest_peers(z: pd.DataFrame, region_ids: list[str], candidates: list[str], names: dict[str, str],
                  n: int = N_PEERS, overlap: dict[str, set] | None = None) -> pd.DataFrame:
    """For each region the ``n`` nearest candidates by Euclidean distance of the z-profiles.

    ``overlap`` lists per region the candidates that are not allowed for it (sharing gemeenten).

    Returns
    -------
    DataFrame
        :data:`PEERS_COLUMNS`, ``rang`` 1 = nearest; ties broken by code.
    """
    rows = []
    for region in region_ids:
        cand = z.loc[[c for c in candidates if c not in (overlap or {}).get(region, set())]]
        dist = np.sqrt(((cand - z.loc[region]) ** 2).sum(axis=1))
        order = sorted(zip(dist.to_numpy(), cand.index), key=lambda t: (round(t[0], 12), t[1]))[:n]
        rows += [(region, rank, code, names.get(code, code), float(d)) for rank, (d, code) in enumerate(order, 1)]
    return pd.DataFrame(rows, columns=PEERS_COLUMNS)


def peer_table(values: pd.DataFrame, region_of: dict[str, str], region_ids: list[str], corop: pd.DataFrame,
               profile: dict[str, str] = PROFILE, n: int = N_PEERS) -> tuple[pd.DataFrame, pd.DataFrame, dict]:
    """Peers of every region, with the z-profiles and the years used.

    Parameters
    ----------
    values
        The build's values table (levels ``regio``, ``corop`` and gemeente ``bevolking``).
    region_of
        ``{GM code: region id}``.
    region_ids
        The regions.
    corop
        The gemeente → COROP table.

    Returns
    -------
    tuple
        (peers in :data:`PEERS_COLUMNS`, z-profiles of all areas, info dict with ``years``,
        ``reference_year``, ``npvr_share``, ``excluded`` COROP codes (>= :data:`MAX_NPVR_SHARE`
        NPVR), per region ``overlap`` and ``distance`` (the distance in words, :data:`DISTANCE_TEXT`)).
    """
    codes = sorted(corop["corop_code"].unique())
    names = dict(zip(corop["corop_code"], corop["corop_name"]))
    share = npvr_share(values, region_of, corop)
    excluded = sorted(share[share >= MAX_NPVR_SHARE - 1e-12].index)
    raw, years = profiles(values, region_ids, codes, profile)
    z = standardise(raw, codes)
    candidates = [c for c in codes if c not in excluded]
    corop_of = dict(zip(corop["gemeente_code"], corop["corop_code"]))
    overlap = {r: set() for r in region_ids}
    for gm, region in region_of.items():
        if region in overlap and gm in corop_of:
            overlap[region].add(corop_of[gm])
    peers = nearest_peers(z, region_ids, candidates, names, n, overlap)
    return peers, z, {"years": years, "reference_year": next(iter(years.values()), None), "npvr_share": share,
                      "excluded": excluded, "overlap": overlap, "distance": DISTANCE_TEXT}


def peer_comparison(values: pd.DataFrame, region_id: str, peer_codes: list[str], indicator_ids: list[str],
                    min_peers: int = 3) -> pd.DataFrame:
    """Region, median of its peers and Nederland per indicator, at the region's latest year.

    Returns
    -------
    DataFrame
        ``indicator``, ``year``, ``value``, ``peers`` (median of the peers with a value that year,
        when at least ``min_peers`` have one), ``peers_n``, ``nl_value``, ``verdict`` (region vs
        Nederland), ``peers_diff`` (peers median − Nederland).
    """
    region = values[(values["level"] == "regio") & (values["code"] == region_id) & values["value"].notna()]
    latest = region.sort_values("year").groupby("indicator", observed=True).tail(1)
    peers = values[(values["level"] == COROP_LEVEL) & values["code"].isin(peer_codes) & values["value"].notna()]
    grouped = peers.groupby(["indicator", "year"], observed=True)["value"].agg(["median", "size"])
    rows = []
    for r in latest.itertuples():
        if str(r.indicator) not in indicator_ids:
            continue
        key = (r.indicator, r.year)
        median, size = grouped.loc[key] if key in grouped.index else (np.nan, 0)
        median = median if size >= min_peers else np.nan
        rows.append({"indicator": str(r.indicator), "year": int(r.year), "value": r.value, "peers": median,
                     "peers_n": int(size), "nl_value": r.nl_value,
                     "verdict": r.verdict if isinstance(r.verdict, str) else None,
                     "peers_diff": median - r.nl_value if pd.notna(r.nl_value) else np.nan})
    order = {i: k for k, i in enumerate(indicator_ids)}
    out = pd.DataFrame(rows, columns=["indicator", "year", "value", "peers", "peers_n", "nl_value", "verdict",
                                      "peers_diff"])
    return out.sort_values("indicator", key=lambda s: s.map(order)).reset_index(drop=True)
