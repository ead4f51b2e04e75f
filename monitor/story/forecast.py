"""The future: PBL/CBS population forecasts per NPVR region, with how well the forecast areas match.

The forecasts (``prognoses.csv`` in the snapshot) are published for Nederland, the 40 COROP
regions and larger gemeenten only, in the division of the table's own year. A partial sum is never
published under a region's name:

1. every forecast area is translated into 2025 gemeenten — a COROP region via
   ``regions/corop_2024.csv``, a gemeente via the merger crosswalk (only a one-to-one mapping);
2. an area is **used only if it is the same area** as those 2025 gemeenten: its forecast for the
   first forecast year must lie within :data:`AREA_TOLERANCE` of the observed ``bevolking`` of
   those gemeenten in that year (this drops, for example, COROP Het Gooi en Vechtstreek, which
   still held Weesp in 2021, and gemeenten merged after the table's division);
3. whole COROP regions inside the region are taken first, then forecast gemeenten in the rest;
   ``dekking`` = inhabitants of the covered gemeenten / inhabitants of the region (``bevolking``,
   first forecast year); ``exact`` when every member gemeente is covered, ``gedeeltelijk`` when
   some are, ``geen`` when none are;
4. **methode** ``som``: the region is (almost) the union of those areas — at least
   :data:`MIN_UNION_SHARE` of its inhabitants — and the figure is their sum;
5. otherwise **methode** ``schatting``: an estimate from the COROP areas that hold the region's
   gemeenten, each at the region's **constant share** of its inhabitants in the first forecast year
   (``Σ_c prognose_c(t) × inwoners(regio ∩ c) / inwoners(c)``); the assumption (areas and shares)
   is in the ``methode`` text, in ``prognose.csv`` and on screen. It is possible only when every such
   COROP area passes the area check; otherwise the region gets no figure.

The 2014 forecast (made in 2013, table discontinued in 2016) is kept apart and must be labelled
as old wherever it is shown (:data:`OLD_LABEL`).
"""

from __future__ import annotations


import numpy as np
import pandas as pd

from ..compute.value_table import text_is
from ..errors import SnapshotError

PROGNOSES_FILE = "prognoses.csv"
CURRENT = "pbl_cbs_85171NED_prognose_2023"
OLD = "pbl_cbs_82220NED_prognose_2014"
TOTAL_MEASURE = "TotaleBevolking_1"
THOUSANDS = 1000.0
AREA_TOLERANCE = 0.02
MIN_UNION_SHARE = 0.95
"""A sum of forecast areas is published under the region's name only when they hold this share of it."""
MATCHES = ("exact", "gedeeltelijk", "geen")
METHOD_SUM = "som"
METHOD_ESTIMATE = "schatting"
FORECAST_COLUMNS = ["regio", "jaar", "bevolking", "dekking", "methode"]
SOURCE_LABELS = {
    CURRENT: "PBL/CBS Regionale bevolkingsprognose 2023–2050 (CBS 85171NED)",
    OLD: "PBL/CBS Regionale prognose 2014–2040 (CBS 82220NED), gemaakt in 2013",
}
OLD_LABEL = "Oude prognose uit 2013 (PBL/CBS 2014–2040): alleen ter vergelijking met wat toen verwacht werd"


def prognoses_of(snapshot) -> pd.DataFrame | None:
    """The forecast rows of a loaded snapshot (CSV folder or in-repo copy), or None if it has none.

    Returns
    -------
    DataFrame or None
        ``dataset``, ``measure``, ``region_code`` (text), ``period`` (int), ``value`` (float, thousands).
    """
    rows = snapshot.prognoses
    if rows is None or rows.empty:
        return None
    out = pd.DataFrame({column: rows[column].astype(str).str.strip() for column in ("dataset", "measure", "region_code")})
    out["period"] = rows["period"].astype("int64").to_numpy()
    out["value"] = rows["value"].astype("float64").to_numpy()
    return out.reset_index(drop=True)


def area_gemeenten(codes, corop: pd.DataFrame, crosswalk: pd.DataFrame) -> dict[str, frozenset]:
    """The 2025 gemeenten of each forecast area code (CR## or GM##); areas that cannot be mapped are left out.

    A forecast gemeente maps only if the crosswalk sends it whole (share 1) to one 2025 gemeente.
    """
    members = corop.groupby("corop_code")["gemeente_code"].agg(frozenset).to_dict()
    targets = crosswalk.groupby("old_code").agg(n=("code_2025", "nunique"), code=("code_2025", "first"),
                                                share=("share", "max"))
    out = {}
    for code in codes:
        if code.startswith("CR") and code in members:
            out[code] = members[code]
        elif code.startswith("GM"):
            if code in targets.index and targets.loc[code, "n"] == 1 and targets.loc[code, "share"] == 1:
                out[code] = frozenset([targets.loc[code, "code"]])
    return out


def region_match(members: set, usable: dict[str, frozenset], population: pd.Series) -> dict:
    """Choose whole forecast areas inside a region: COROP regions first, then gemeenten.

    Parameters
    ----------
    members
        The region's 2025 gemeenten.
    usable
        ``{area code: its 2025 gemeenten}`` of the areas that passed the area check.
    population
        Inhabitants per 2025 gemeente in the first forecast year.

    Returns
    -------
    dict
        ``areas`` (codes used), ``covered`` (gemeenten), ``dekking``, ``match``.
    """
    covered, areas = set(), []
    for prefix in ("CR", "GM"):
        for code in sorted(c for c in usable if c.startswith(prefix)):
            gms = usable[code]
            if gms <= members and not gms & covered:
                areas.append(code)
                covered |= gms
    total = population.reindex(sorted(members)).sum(min_count=1)
    share = population.reindex(sorted(covered)).sum() / total if covered and total > 0 else 0.0
    match = "exact" if covered == set(members) else "gedeeltelijk" if covered else "geen"
    return {"areas": areas, "covered": covered, "dekking": 1.0 if match == "exact" else float(share),
            "match": match}


def forecast_regions(prognoses: pd.DataFrame, dataset: str, regions, corop: pd.DataFrame, crosswalk: pd.DataFrame,
                     population: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Total-population forecast per region, and how each region is matched.

    Parameters
    ----------
    prognoses
        From :func:`prognoses_of`.
    dataset
        :data:`CURRENT` or :data:`OLD`.
    regions
        The :class:`monitor.regions.Regions`.
    corop, crosswalk
        Gemeente → COROP table and the merger crosswalk (``old_code``, ``code_2025``, ``share``).
    population
        ``code`` (GM, 2025), ``year``, ``population``: the observed ``bevolking`` of gemeenten.

    Returns
    -------
    tuple
        (forecast: :data:`FORECAST_COLUMNS` plus ``nl_bevolking``, ``index``, ``nl_index`` with
        first year = 100; matches: ``regio``, ``prognose``, ``overeenkomst``, ``dekking``,
        ``gebieden``, ``jaar_van``, ``jaar_tot``, ``groei``, ``nl_groei`` in %, ``methode`` (see the
        module doc; empty without a figure), ``reden``).
    """
    rows = prognoses[(prognoses["dataset"] == dataset) & (prognoses["measure"] == TOTAL_MEASURE)]
    if rows.empty:
        raise SnapshotError(f"{PROGNOSES_FILE} has no {TOTAL_MEASURE} of {dataset}.")
    wide = rows.pivot_table(index="region_code", columns="period", values="value", aggfunc="first") * THOUSANDS
    first, last = int(wide.columns.min()), int(wide.columns.max())
    years = np.array(sorted(population["year"].unique()))
    base_year = int(years[np.abs(years - first).argmin()])
    base = population[population["year"] == base_year].set_index("code")["population"]
    mapped = area_gemeenten([c for c in wide.index if c != "NL01"], corop, crosswalk)
    usable, dropped = {}, {}
    for code, gms in mapped.items():
        observed = base.reindex(sorted(gms)).sum(min_count=len(gms))
        forecast = wide.loc[code, first]
        if pd.notna(observed) and observed > 0 and abs(forecast / observed - 1) <= AREA_TOLERANCE:
            usable[code] = gms
        else:
            dropped[code] = forecast
    nl = wide.loc["NL01"] if "NL01" in wide.index else None
    corop_of = dict(zip(corop["gemeente_code"], corop["corop_code"]))
    corop_names = dict(zip(corop["corop_code"], corop["corop_name"])) if "corop_name" in corop else {}
    series, matches = [], []
    for region in regions.ids():
        members = set(regions.members(region))
        m = region_match(members, usable, base)
        info = {"regio": region, "prognose": dataset, "overeenkomst": m["match"], "dekking": m["dekking"],
                "gebieden": " ".join(m["areas"]), "jaar_van": first, "jaar_tot": last, "groei": np.nan,
                "nl_groei": np.nan if nl is None else 100 * (nl[last] / nl[first] - 1), "methode": "",
                "reden": ""}
        total = None
        if m["areas"] and m["dekking"] >= MIN_UNION_SHARE - 1e-12:
            total = wide.loc[m["areas"]].sum(min_count=len(m["areas"]))
            info["methode"] = METHOD_SUM if m["match"] == "exact" else (
                f"{METHOD_SUM} van {' '.join(m['areas'])} ({100 * m['dekking']:.0f}% van de inwoners)")
        else:
            total, text = constant_share_estimate(members, wide, usable, base, corop_of, corop_names, base_year)
            if total is None:
                info["reden"] = (f"de prognosegebieden binnen de regio hebben minder dan {int(MIN_UNION_SHARE * 100)}% "
                                 f"van de inwoners, en {text}")
            else:
                info.update(methode=text, dekking=1.0, gebieden=" ".join(sorted({corop_of[g] for g in members})))
        if total is not None:
            info["groei"] = 100 * (total[last] / total[first] - 1)
            part = pd.DataFrame({"regio": region, "jaar": total.index.astype(int), "bevolking": total.to_numpy(),
                                 "dekking": info["dekking"], "methode": info["methode"]})
            if nl is not None:
                part["nl_bevolking"] = nl.reindex(total.index).to_numpy()
            series.append(part)
        elif not info["reden"]:
            info["reden"] = "geen prognosegebied valt geheel binnen de regio"
        matches.append(info)
    forecast = pd.concat(series, ignore_index=True) if series else pd.DataFrame(columns=FORECAST_COLUMNS)
    if len(forecast):
        start = forecast.groupby("regio")["bevolking"].transform("first")
        forecast["index"] = 100 * forecast["bevolking"] / start
        if "nl_bevolking" in forecast:
            forecast["nl_index"] = 100 * forecast["nl_bevolking"] / float(nl[first])
    return forecast, pd.DataFrame(matches)


def constant_share_estimate(members: set, wide: pd.DataFrame, usable: dict, base: pd.Series, corop_of: dict,
                            corop_names: dict, base_year: int) -> tuple[pd.Series | None, str]:
    """A region's forecast from the COROP areas that hold it, at its constant share of their inhabitants.

    Returns
    -------
    tuple
        (the estimated series per year, the ``methode`` text with the assumption) or (None, why not).
    """
    areas = sorted({corop_of.get(g) for g in members} - {None})
    if not areas or len(areas) < len({corop_of.get(g) for g in members}):
        return None, "niet elke gemeente van de regio ligt in een COROP-gebied"
    failed = [a for a in areas if a not in usable or a not in wide.index]
    if failed:
        return None, (f"COROP-gebied{'en' if len(failed) > 1 else ''} {', '.join(failed)} "
                      f"{'zijn' if len(failed) > 1 else 'is'} in de prognose niet hetzelfde gebied als nu")
    total, parts = None, []
    for area in areas:
        inside = base.reindex(sorted(members & usable[area])).sum(min_count=1)
        whole = base.reindex(sorted(usable[area])).sum(min_count=1)
        if pd.isna(inside) or pd.isna(whole) or whole <= 0:
            return None, f"geen inwoners van {area} in {base_year}"
        share = float(inside / whole)
        total = wide.loc[area] * share if total is None else total + wide.loc[area] * share
        name = corop_names.get(area, "")
        parts.append(f"{100 * share:.0f}% van {area}{' ' + name if name else ''}")
    text = (f"{METHOD_ESTIMATE}: " + " + ".join(parts) + f" (aandeel van de regio in de inwoners van {base_year}, "
            "constant verondersteld)")
    return total, text


def gemeente_population(values: pd.DataFrame) -> pd.DataFrame:
    """``code``, ``year``, ``population`` of the gemeenten from the build's ``bevolking`` rows."""
    rows = values[text_is(values["indicator"], "bevolking") & text_is(values["level"], "gemeente")
                  & values["value"].notna()]
    return pd.DataFrame({"code": rows["code"].astype(str).to_numpy(), "year": rows["year"].astype(int).to_numpy(),
                         "population": rows["value"].to_numpy(float)})
