"""How an NPVR region's own NUTS-3 area matches the region: shares of inhabitants, gemeenten in and out.

A Dutch NUTS-3 area is a COROP area, so its gemeenten are those of ``regions/corop_2024.csv``. With
CBS's inhabitants per gemeente (the monitor's ``bevolking``) this says, for every own area, how many
of the region's inhabitants live in it and how many of its inhabitants belong to the region: an
approximate area is shown under its own name with these shares, never as the region.
"""

from __future__ import annotations

import pandas as pd

from .model import BorderData

COLUMNS = ["region_id", "nuts_code", "jaar", "deel_van_regio", "deel_van_gebied", "buiten_regio", "niet_in_gebied"]


def area_coverage(data: BorderData, members: pd.DataFrame, corop: pd.DataFrame, population: pd.DataFrame,
                  names: dict | None = None) -> pd.DataFrame:
    """Per region and own area: the shares of inhabitants and the gemeenten that differ.

    Parameters
    ----------
    data
        :func:`monitor.border.model.load_border`.
    members
        ``region_id``, ``gemeente_code`` (2025 division).
    corop
        ``gemeente_code``, ``corop_code`` (``regions/corop_2024.csv``).
    population
        ``code``, ``year``, ``population`` of the gemeenten (CBS; :func:`monitor.story.forecast.gemeente_population`).
    names
        ``{gemeente code: name}`` for the lists (default: the codes).

    Returns
    -------
    DataFrame
        :data:`COLUMNS`: ``deel_van_regio`` = inhabitants of the region in the area / inhabitants of the
        region, ``deel_van_gebied`` = the same / inhabitants of the area (0–1), in the latest year with
        CBS inhabitants up to the latest Eurostat population year; the gemeenten of the area outside
        the region and of the region outside the area (names, comma-separated).
    """
    names = names or {}
    corop_of = dict(zip(data.areas["nuts_code"], data.areas["corop_code"]))
    obs = data.observations
    last_eu = int(obs.loc[obs["measure"] == "NR_T_TOTAL", "period"].max())
    years = population.loc[population["year"] <= last_eu, "year"]
    year = int(years.max()) if len(years) else int(population["year"].max())
    people = population[population["year"] == year].set_index("code")["population"]
    rows = []
    for link in data.links[data.links["relation"] == "self"].itertuples():
        area = set(corop.loc[corop["corop_code"] == corop_of.get(link.nuts_code), "gemeente_code"])
        region = set(members.loc[members["region_id"] == link.region_id, "gemeente_code"])
        inside = people.reindex(sorted(region & area)).sum()
        rows.append((link.region_id, link.nuts_code, year, inside / people.reindex(sorted(region)).sum(),
                     inside / people.reindex(sorted(area)).sum() if area else float("nan"),
                     ", ".join(sorted(names.get(c, c) for c in area - region)),
                     ", ".join(sorted(names.get(c, c) for c in region - area))))
    return pd.DataFrame(rows, columns=COLUMNS)
