"""Eurostat's cross-border extract of a snapshot, read once: values, flags, areas, and which region sees which.

The files (snapshot version 3; the in-repo copy holds them under the same names): ``nuts3_observations``
(through :attr:`monitor.snapshot.Snapshot.nuts3_observations`), ``nuts3_flags.csv``,
``regions/nuts3_2021.csv`` and ``regions/npvr_border_neighbours.csv``. A snapshot without them (older,
or a live snapshot without the Eurostat step) gives None: the view then says so.

The series breaks that Eurostat does not flag are data here (:data:`KNOWN_BREAKS`), each with the reason
the snapshot's README gives; a line is never drawn, and no change computed, across a break.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from ..snapshot.files import read_csv

GDP = "eurostat_nama_10r_3gdp"
POPULATION = "eurostat_demo_r_pjanaggr3"
DATASETS = (GDP, POPULATION)
FLAGS_FILE = "nuts3_flags.csv"
AREAS_FILE = Path("regions") / "nuts3_2021.csv"
LINKS_FILE = Path("regions") / "npvr_border_neighbours.csv"
COUNTRY_NAMES = {"NL": "Nederland", "BE": "België", "DE": "Duitsland"}
FLAG_WORDS = {"p": "voorlopig", "e": "geschat", "b": "breuk in reeks", "d": "definitie wijkt af"}
"""Eurostat's flag letters in Dutch (``d`` does not occur in the extract, kept for a refresh)."""

SELF, APPROXIMATE, NEIGHBOUR, COUNTRY = "eigen gebied", "eigen gebied (benadering)", "buurgebied", "land"
"""The ``relatie`` of an area to a region in ``grens.csv``."""

MENTERWOLDE = ("grensverschuiving: de voormalige gemeente Menterwolde (ongeveer 12 000 inwoners) gaat van "
               "NL111 naar NL113 (NUTS 2024); geen trend over deze grens")


@dataclass(frozen=True)
class Break:
    """A break in one area's series that Eurostat does not flag: ``year`` is not comparable with the year before."""

    nuts_code: str
    dataset: str
    year: int
    reason: str


KNOWN_BREAKS = (
    Break("NL111", GDP, 2019, MENTERWOLDE),
    Break("NL113", GDP, 2019, MENTERWOLDE),
    Break("NL111", POPULATION, 2021, MENTERWOLDE),
    Break("NL113", POPULATION, 2021, MENTERWOLDE),
    Break("NL225", POPULATION, 2005, "sprong van +17 460 inwoners (+4,5 %) van 1-1-2004 naar 1-1-2005 die de "
                                     "bbp-reeks niet laat zien: waarschijnlijk een gebiedswijziging"),
)
"""From the snapshot README, section *Breaks in the Dutch NUTS-3 series* (checked there against the data)."""


@dataclass(frozen=True)
class BorderData:
    """Eurostat's extract of one snapshot.

    Attributes
    ----------
    observations
        ``dataset, measure, region_code, period, value`` (NUTS codes only; values without flags).
    flags
        ``{(dataset, measure, region_code, period): letters}``.
    areas
        ``nuts_code, name, country, level, corop_code`` (NUTS 2021).
    links
        ``region_id, nuts_code, relation, match, note``: ``self`` (the region's own area, exact or
        approximate) and ``neighbour``.
    """

    observations: pd.DataFrame
    flags: dict
    areas: pd.DataFrame
    links: pd.DataFrame

    def names(self) -> dict[str, str]:
        """``{nuts_code: Eurostat's name}``; a country by its Dutch name."""
        return {**dict(zip(self.areas["nuts_code"].astype(str), self.areas["name"].astype(str))), **COUNTRY_NAMES}

    def country(self, code: str) -> str:
        """The country code (``NL``, ``BE``, ``DE``) of a NUTS code."""
        return code[:2]

    def border_regions(self) -> list[str]:
        """The region ids that have an own area and neighbours, in the table's order."""
        return list(dict.fromkeys(self.links["region_id"]))


def load_border(snapshot) -> BorderData | None:
    """Read the cross-border extract of ``snapshot`` (None when it has none).

    Raises
    ------
    SnapshotError
        If a file is there but unreadable or lacks a column (the message names it).
    """
    root = Path(snapshot.root)
    observations = snapshot.nuts3_observations
    if observations.empty or not (root / LINKS_FILE).is_file() or not (root / AREAS_FILE).is_file():
        return None
    observations = observations[observations["dataset"].isin(DATASETS)].astype(
        {"dataset": str, "measure": str, "region_code": str})
    flag_path = root / FLAGS_FILE
    flags = {}
    if flag_path.is_file():
        frame = read_csv(flag_path, ["dataset", "measure", "region_code", "period", "flag"], dtype={"flag": str},
                         engine="c")
        flags = {(str(r.dataset), str(r.measure), str(r.region_code), int(r.period)): str(r.flag)
                 for r in frame.itertuples(index=False)}
    areas = read_csv(root / AREAS_FILE, ["nuts_code", "name", "country", "level", "corop_code"], dtype=str)
    links = read_csv(root / LINKS_FILE, ["region_id", "nuts_code", "relation", "match", "note"], dtype=str)
    return BorderData(observations.reset_index(drop=True), flags, areas, links.fillna(""))


def flag_words(letters: str) -> str:
    """``"pe"`` → ``"voorlopig, geschat"``; unknown letters are kept as they are."""
    return ", ".join(FLAG_WORDS.get(letter, letter) for letter in letters)
