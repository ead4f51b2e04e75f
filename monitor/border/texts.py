"""Every Dutch text of *Over de grens*: positions against the own country, the areas' match, the notes.

No verdict words across countries: an area is *voor* or *achter* its own country, and another area
*relatief voor* or *relatief achter* when its index against its own country is higher or lower.
"""

from __future__ import annotations

import pandas as pd

from ..wording import number, percent
from .crosscheck import SINCE, TOLERANCE
from .model import APPROXIMATE, COUNTRY, COUNTRY_NAMES, NEIGHBOUR, SELF
from .table import INDICATORS

SAME_MARGIN = 2.0
"""Index points within which two positions count as about the same."""
TITLE = "Over de grens"
NO_BORDER = ("{region} ligt niet aan de landgrens: er is geen Belgisch of Duits buurgebied om mee te vergelijken. "
             "Kies een van de acht grensregio's.")
NO_DATA = ("Deze snapshot bevat geen Eurostat-cijfers per NUTS-3-gebied (nuts3_observations.csv, vanaf versie 3): "
           "geen grensvergelijking.")
NO_MAP = ("Geen kaart: geen grensbestand van de NUTS-gebieden beschikbaar in deze versie. "
          "De vergelijking staat in de tabellen en grafieken.")
NOTES = (
    "Niveaus tussen landen in koopkrachtstandaarden (PPS, EU27 2020): die corrigeren voor prijsverschillen "
    "tussen landen; euro staat ernaast.",
    "Index: 100 × gebied / eigen land, in hetzelfde jaar en dezelfde eenheid (Nederland, België of Duitsland = 100). "
    "Zo is 'achter Nederland, maar relatief voor Kreis Kleve binnen Duitsland' af te lezen.",
    "Bbp per inwoner deelt wat in een gebied verdiend wordt door wie er woont: pendel over de grens van een "
    "gebied verhoogt het in werkcentra en verlaagt het in woongebieden.",
    "Vlaggen van Eurostat: voorlopig (p), geschat (e), breuk in reeks (b; de volkstelling van 2011 in België en "
    "Duitsland). Een jaar zonder cijfer blijft leeg (bijvoorbeeld bbp van Belgisch Limburg 2009-2016, herindeling "
    "2019); er wordt niets ingevuld.",
    "Geen lijn over een breuk: Oost-Groningen (NL111) en Overig Groningen (NL113) verschuiven in het bbp vanaf 2019 "
    "en in de bevolking vanaf 1-1-2021 (Menterwolde, ongeveer 12 000 inwoners, naar NL113); de Achterhoek (NL225) "
    "springt in de bevolking van 1-1-2004 naar 1-1-2005 (waarschijnlijk een gebiedswijziging).",
    "Noord- en Oost-Groningen: Oost-Groningen (NL111) en Delfzijl en omgeving (NL112) staan apart. Een gezamenlijk "
    "bbp per inwoner zou de gemiddelde bevolking nodig hebben waardoor Eurostat deelt, en NL111 verandert van "
    "grens; Het Hogeland en Midden-Groningen liggen in NL113 (met de stad Groningen) en tellen niet mee.",
)


def source_line(register) -> str:
    """``Bron: Eurostat — <code> (bijgewerkt …), …`` from the register's ``eurostat`` section."""
    return register.source_line() + ". Uittreksel: waarden ongewijzigd, vlaggen apart."


def area_label(code: str, name: str) -> str:
    """``"Zuidoost-Drenthe (NL132)"``; a country by its name only."""
    return name if code in COUNTRY_NAMES else f"{name} ({code})"


def coverage_text(rows: pd.DataFrame, names: dict, region_name: str) -> str | None:
    """How a region's own area(s) match the region, or None when the area is the region exactly.

    ``rows`` are the region's rows of :func:`monitor.border.coverage.area_coverage`; ``names`` gives the
    areas' names.
    """
    if rows.empty or (len(rows) == 1 and rows["deel_van_regio"].iloc[0] > 0.999
                      and rows["deel_van_gebied"].iloc[0] > 0.999):
        return None
    labels = " en ".join(area_label(c, names.get(c, c)) for c in rows["nuts_code"])
    together = " samen" if len(rows) > 1 else ""
    text = (f"{labels} {'zijn' if len(rows) > 1 else 'is'} niet de regio {region_name} zelf maar een benadering "
            f"onder {'hun' if len(rows) > 1 else 'zijn'} eigen naam: {percent(rows['deel_van_regio'].sum())} van "
            f"de inwoners van de regio woont{together} in {'deze gebieden' if len(rows) > 1 else 'dit gebied'}")
    if len(rows) == 1 and rows["deel_van_gebied"].iloc[0] < 0.999:
        text += f"; de regio is {percent(rows['deel_van_gebied'].iloc[0])} van de inwoners van het gebied"
    text += f" (CBS, 1-1-{int(rows['jaar'].iloc[0])})."
    outside = sorted({n for value in rows["buiten_regio"] for n in value.split(", ") if n})
    sets = [{n for n in value.split(", ") if n} for value in rows["niet_in_gebied"]]
    missing = sorted(set.intersection(*sets)) if sets else []
    if outside:
        text += f" Ook in het gebied, niet in de regio: {', '.join(outside)}."
    if missing:
        text += f" Van de regio niet in het gebied: {', '.join(missing)}."
    return text


def _words(indicator: str) -> tuple[str, str]:
    """Level of output: voor/achter; shares: hoger/lager (no judgement implied)."""
    return ("voor", "achter") if indicator.startswith("bbp") else ("hoger", "lager")


def _index_word(value: float, country: str, indicator: str) -> str:
    if abs(value - 100) <= SAME_MARGIN:
        return f"ongeveer gelijk aan {country}"
    if indicator.startswith("bbp"):
        return f"voor op {country}" if value > 100 else f"achter {country}"
    return f"hoger dan {country}" if value > 100 else f"lager dan {country}"


def positions(table: pd.DataFrame, indicator: str, year: int | None = None) -> pd.DataFrame:
    """One region's rows of ``indicator`` in ``year`` (default: the latest year its own area has an index).

    ``table`` is :func:`monitor.border.table.border_table` for one region.
    """
    rows = table[(table["indicator"] == indicator) & table["index_land"].notna()]
    own = rows[rows["relatie"].isin([SELF, APPROXIMATE])]
    if year is None:
        if own.empty:
            return rows.iloc[0:0]
        year = int(own["jaar"].max())
    return rows[rows["jaar"] == year]


def position_sentence(table: pd.DataFrame, indicator: str, year: int | None = None) -> str | None:
    """``"In 2020 staat Zuid-Limburg op 89 (Nederland = 100): achter Nederland. Relatief voor …"``.

    Compares the own area's index against its country with each neighbour's against its own country;
    None when the own area has no index.
    """
    rows = positions(table, indicator, year)
    own = rows[rows["relatie"].isin([SELF, APPROXIMATE])]
    if own.empty:
        return None
    year = int(own["jaar"].iloc[0])
    title = INDICATORS[indicator].title
    unit = title[0].lower() + title[1:]
    up, down = _words(indicator)
    sentences = []
    for o in own.itertuples():
        text = (f"{o.jaar}, {unit}: {area_label(o.nuts_code, o.naam)} staat op {number(o.index_land, 0)} "
                f"(Nederland = 100), {_index_word(o.index_land, 'Nederland', indicator)}.")
        ahead, behind, same = [], [], []
        for n in rows[rows["relatie"] == NEIGHBOUR].itertuples():
            label = f"{n.naam} ({number(n.index_land, 0)} t.o.v. {n.land})"
            gap = o.index_land - n.index_land
            (same if abs(gap) <= SAME_MARGIN else ahead if gap > 0 else behind).append(label)
        if ahead:
            text += f" Relatief {up}{' dan' if up != 'voor' else ''} {', '.join(ahead)}."
        if behind:
            text += f" Relatief {down}{' dan' if up != 'voor' else ''} {', '.join(behind)}."
        if same:
            text += f" Ongeveer even ver van het eigen land als {', '.join(same)}."
        sentences.append(text)
    missing = sorted(set(table.loc[table["relatie"] == NEIGHBOUR, "naam"]) - set(rows["naam"]))
    if missing:
        sentences.append(f"Geen cijfer voor {year}: {', '.join(missing)}.")
    return " ".join(sentences)


def _pair(row) -> str:
    return "Nederland" if row.nuts_code == "NL" else f"{row.nuts_code} = COROP {row.corop_code}"


def crosscheck_text(agreement: pd.DataFrame, codes) -> list[str]:
    """Per Dutch area of ``codes``: whether Eurostat's and CBS's euro per inhabitant agree, in Dutch."""
    out = []
    for row in agreement[agreement["nuts_code"].isin(list(codes))].itertuples():
        span = (f"CBS {number(row.min_pct_recent, 0, signed=True)} tot {number(row.max_pct_recent, 0, signed=True)}% "
                f"t.o.v. Eurostat sinds {SINCE}; {number(row.min_pct, 0, signed=True)} tot "
                f"{number(row.max_pct, 0, signed=True)}% over {row.jaren}")
        if row.overeenkomst:
            out.append(f"{_pair(row)}: CBS en Eurostat komen overeen (binnen "
                       f"{number(TOLERANCE, 0)}%: {span}).")
        else:
            out.append(f"{_pair(row)}: CBS en Eurostat verschillen sterk ({span}). "
                       "CBS verdeelt het bbp van de provincie Groningen (aardgas) anders over de gebieden dan "
                       "Eurostat, en CBS's cijfers zijn van een latere versie. Deze pagina toont alleen Eurostat; "
                       "de andere pagina's alleen CBS; ze worden nooit in één reeks gemengd.")
    return out


RELATION_ORDER = (SELF, APPROXIMATE, NEIGHBOUR, COUNTRY)
