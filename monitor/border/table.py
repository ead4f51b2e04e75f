"""The tidy border table (``grens.csv``): every border region's areas, indicators and years, against their country.

Per region: its own NUTS-3 area(s) (an approximate area under its own name, never as the region),
its neighbours across the border and the three countries. Per area and year:

- GDP per inhabitant in PPS (levels across countries) and in euro (beside it), GDP (mln euro),
  population on 1 January as Eurostat publishes them;
- ``bevolkingsgroei``: the growth in year *t*, ``(P(1-1-(t+1)) − P(1-1-t)) / P(1-1-t) × 1000`` (as the
  monitor's CBS indicator); none across a break (Eurostat's ``b``, or :data:`~.model.KNOWN_BREAKS`);
- ``aandeel_65_plus``, ``aandeel_jonger_dan_15``: the age group / the total × 100 (the groups add up
  to the total exactly in Eurostat's table);
- ``index_land``: 100 × the area / its own country, same indicator, same year, same unit; only for
  per-inhabitant figures and shares (not for totals or growth).

Noord- en Oost-Groningen's two areas (NL111, NL112) are shown separately, not combined: a combined
per-inhabitant figure would need the average population Eurostat divides by, which the extract does
not hold, and NL111's boundary shifts inside the series. A year inside an area's series without a
value is a row without ``waarde`` (a gap, never interpolated).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from .model import (APPROXIMATE, COUNTRY, COUNTRY_NAMES, GDP, KNOWN_BREAKS, NEIGHBOUR, POPULATION, SELF, BorderData,
                    flag_words)

GRENS_COLUMNS = ["regio", "nuts_code", "naam", "land", "relatie", "indicator", "jaar", "waarde", "vlag", "index_land"]
EXTRA_COLUMNS = ["titel", "eenheid", "opmerking"]
GAP = "geen cijfer (Eurostat)"
BREAK = "breuk in reeks"


@dataclass(frozen=True)
class Indicator:
    """One indicator of the border view."""

    id: str
    title: str
    unit: str
    dataset: str
    measure: str
    kind: str  # "level", "share" or "growth"
    indexed: bool
    decimals: int


INDICATORS = {i.id: i for i in (
    Indicator("bbp_per_inwoner_pps", "Bbp per inwoner in koopkrachtstandaarden (PPS)", "PPS per inwoner", GDP,
              "PPS_EU27_2020_HAB", "level", True, 0),
    Indicator("bbp_per_inwoner_euro", "Bbp per inwoner in euro", "euro per inwoner", GDP, "EUR_HAB", "level", True, 0),
    Indicator("bbp", "Bbp (marktprijzen)", "mln euro", GDP, "MIO_EUR", "level", False, 0),
    Indicator("bevolking", "Bevolking op 1 januari", "inwoners", POPULATION, "NR_T_TOTAL", "level", False, 0),
    Indicator("bevolkingsgroei", "Bevolkingsgroei in het jaar", "per 1 000 inwoners", POPULATION, "NR_T_TOTAL",
              "growth", False, 1),
    Indicator("aandeel_65_plus", "Aandeel 65 jaar en ouder", "% van de bevolking", POPULATION, "NR_T_Y_GE65",
              "share", True, 1),
    Indicator("aandeel_jonger_dan_15", "Aandeel jonger dan 15 jaar", "% van de bevolking", POPULATION,
              "NR_T_Y_LT15", "share", True, 1),
)}
TOTAL = "NR_T_TOTAL"


def region_areas(data: BorderData, region_id: str) -> list[tuple[str, str]]:
    """``[(nuts_code, relatie)]`` of a region: its own area(s), its neighbours, then NL, BE and DE."""
    links = data.links[data.links["region_id"] == region_id]
    own = [(r.nuts_code, APPROXIMATE if r.match == "approximate" else SELF)
           for r in links.itertuples() if r.relation == "self"]
    neighbours = [(r.nuts_code, NEIGHBOUR) for r in links.itertuples() if r.relation == "neighbour"]
    return own + neighbours + [(code, COUNTRY) for code in COUNTRY_NAMES] if own or neighbours else []


def _breaks(dataset: str) -> dict[tuple[str, int], str]:
    return {(b.nuts_code, b.year): b.reason for b in KNOWN_BREAKS if b.dataset == dataset}


def _series(data: BorderData, dataset: str, measure: str) -> dict[str, pd.Series]:
    obs = data.observations
    rows = obs[(obs["dataset"] == dataset) & (obs["measure"] == measure)]
    return {code: group.set_index(group["period"].astype(int))["value"].sort_index()
            for code, group in rows.groupby("region_code", sort=False)}


def area_rows(data: BorderData, codes) -> pd.DataFrame:
    """Every indicator of every area in ``codes``: ``nuts_code, indicator, jaar, waarde, vlag, opmerking``.

    Gaps inside an area's series are rows without ``waarde`` (``vlag`` :data:`GAP`); growth across a
    break is a row without ``waarde`` (``vlag`` :data:`BREAK`, the reason in ``opmerking``).
    """
    flags, out = data.flags, []
    cache: dict = {}

    def series(dataset, measure):
        if (dataset, measure) not in cache:
            cache[dataset, measure] = _series(data, dataset, measure)
        return cache[dataset, measure]

    for ind in INDICATORS.values():
        known = _breaks(ind.dataset)
        own = series(ind.dataset, ind.measure)
        total = series(ind.dataset, TOTAL) if ind.dataset == POPULATION else {}
        for code in codes:
            values = own.get(code)
            if values is None or values.empty:
                continue

            def flag_of(year, measure=ind.measure, code=code, dataset=ind.dataset):
                return flags.get((dataset, measure, code, year), "")

            if ind.kind == "share":
                base = total.get(code, pd.Series(dtype=float))
                values = (100 * values / base.reindex(values.index)).dropna()
            years = range(int(values.index.min()), int(values.index.max()) + 1)
            for year in years:
                value, letters, note = values.get(year, np.nan), flag_of(year), known.get((code, year), "")
                if ind.kind == "share":
                    letters = "".join(dict.fromkeys(letters + flag_of(year, TOTAL)))
                if ind.kind == "growth":
                    if year + 1 not in values.index:
                        continue
                    after = flag_of(year + 1)
                    note = known.get((code, year + 1), "")
                    if "b" in after or note:
                        out.append((code, ind.id, year, np.nan, BREAK, note or "volkstelling 2011 (Eurostat: b)"))
                        continue
                    value = 1000 * (values[year + 1] - value) / value
                    letters = "".join(dict.fromkeys(letters.replace("b", "") + after))
                words = [flag_words(letters)] if letters else []
                if note and ind.kind != "growth":
                    words.append(BREAK)
                if value != value:
                    words = [GAP]
                out.append((code, ind.id, year, value, ", ".join(dict.fromkeys(w for w in words if w)), note))
    return pd.DataFrame(out, columns=["nuts_code", "indicator", "jaar", "waarde", "vlag", "opmerking"])


def with_index(rows: pd.DataFrame) -> pd.DataFrame:
    """``rows`` (:func:`area_rows`) with ``index_land``: 100 × value / own country's value, same indicator and year."""
    country = rows[rows["nuts_code"].isin(list(COUNTRY_NAMES))].set_index(["nuts_code", "indicator", "jaar"])["waarde"]
    key = pd.MultiIndex.from_arrays([rows["nuts_code"].str[:2], rows["indicator"], rows["jaar"]])
    national = country.reindex(key).to_numpy(float)
    indexed = rows["indicator"].map({i: ind.indexed for i, ind in INDICATORS.items()}).to_numpy(bool)
    return rows.assign(index_land=np.where(indexed, 100 * rows["waarde"].to_numpy(float) / national, np.nan))


def border_table(data: BorderData, region_ids=None) -> pd.DataFrame:
    """The tidy table of ``grens.csv`` plus ``titel``, ``eenheid`` and ``opmerking``.

    Parameters
    ----------
    data
        :func:`monitor.border.model.load_border`.
    region_ids
        The regions (default: every region with rows in ``npvr_border_neighbours.csv``).

    Returns
    -------
    DataFrame
        :data:`GRENS_COLUMNS` + :data:`EXTRA_COLUMNS`; per region its areas in the order of
        :func:`region_areas`, then indicator and year.
    """
    region_ids = data.border_regions() if region_ids is None else list(region_ids)
    pairs = [(r, code, relation) for r in region_ids for code, relation in region_areas(data, r)]
    codes = list(dict.fromkeys(code for _, code, _ in pairs))
    rows = with_index(area_rows(data, codes))
    order = pd.DataFrame(pairs, columns=["regio", "nuts_code", "relatie"])
    order["_order"] = range(len(order))
    out = order.merge(rows, on="nuts_code", how="inner")
    out["_ind"] = out["indicator"].map({i: n for n, i in enumerate(INDICATORS)})
    out = out.sort_values(["_order", "_ind", "jaar"], kind="stable").reset_index(drop=True)
    names = data.names()
    out["naam"] = out["nuts_code"].map(lambda c: names.get(c, c))
    out["land"] = out["nuts_code"].str[:2].map(COUNTRY_NAMES)
    out["titel"] = out["indicator"].map({i: ind.title for i, ind in INDICATORS.items()})
    out["eenheid"] = out["indicator"].map({i: ind.unit for i, ind in INDICATORS.items()})
    out["jaar"] = out["jaar"].astype("int64")
    return out[GRENS_COLUMNS + EXTRA_COLUMNS]


def grens_csv(table: pd.DataFrame) -> pd.DataFrame:
    """``grens.csv``: exactly :data:`GRENS_COLUMNS`."""
    return table[GRENS_COLUMNS]
