"""The NPVR story in one place: stacking, convergence, peers and forecast for a loaded monitor.

:func:`story_for` computes every table once (about 0.3 s on the real snapshot); the exports
(:mod:`monitor.exports.story`: the files' layout) and the app read from it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from . import forecast, peers, stacking, trends
from ..areas import NPVR_CODE, PROGRAMME_LEVEL, read_corop
from ..config import CROSSWALK_FILE


@dataclass
class Story:
    """Every table of the NPVR story for one monitor.

    Attributes
    ----------
    stacking, stacking_detail
        :func:`monitor.story.stacking.stacking_table` and per region × indicator detail.
    trends
        :func:`monitor.story.trends.trend_table` (with the extra columns) of the eleven regions.
    programme_trends
        The same for the eleven regions together (level ``programma``, code ``npvr``): is the
        programme as a whole closing its gaps with Nederland? Exported in ``trends.csv`` as
        ``regio`` = ``npvr`` after the regions.
    peers, peer_profiles, peer_info
        :func:`monitor.story.peers.peer_table` (empty without COROP data).
    forecast, forecast_matches, old_forecast, old_matches
        :func:`monitor.story.forecast.forecast_regions` for the 2023 and the old 2014 forecast (empty
        without ``prognoses.csv``).
    """

    stacking: pd.DataFrame
    stacking_detail: pd.DataFrame
    trends: pd.DataFrame
    peers: pd.DataFrame
    peer_profiles: pd.DataFrame
    peer_info: dict
    forecast: pd.DataFrame
    forecast_matches: pd.DataFrame
    old_forecast: pd.DataFrame
    old_matches: pd.DataFrame
    programme_trends: pd.DataFrame = field(
        default_factory=lambda: pd.DataFrame(columns=trends.TRENDS_COLUMNS + trends.EXTRA_COLUMNS))
    notes: list[str] = field(default_factory=list)


def story_for(monitor, crosswalk_path: Path = CROSSWALK_FILE) -> Story:
    """Compute the story tables of a :class:`monitor.data.Monitor`.

    Peers need ``regions/corop_2024.csv`` and the forecast ``prognoses.csv`` in the snapshot;
    without them those tables are empty and :attr:`Story.notes` says why.
    """
    from ..compute.harmonise import load_crosswalk

    values, catalogue, regions = monitor.values, monitor.catalogue, monitor.regions
    ids = regions.ids()
    detail = stacking.stacking_detail(values, catalogue, ids)
    notes = []
    corop = read_corop(monitor.snapshot.root)
    empty_peers = pd.DataFrame(columns=peers.PEERS_COLUMNS)
    peer_rows, profiles, info = empty_peers, pd.DataFrame(), {}
    if corop is None:
        notes.append("geen COROP-indeling in de snapshot: geen vergelijkbare regio's")
    else:
        try:
            peer_rows, profiles, info = peers.peer_table(values, regions.region_of(), ids, corop)
        except ValueError as exc:
            notes.append(f"vergelijkbare regio's niet te bepalen: {exc}")
    prognoses = forecast.prognoses_of(monitor.snapshot)
    empty = pd.DataFrame(columns=forecast.FORECAST_COLUMNS)
    tables = {forecast.CURRENT: (empty, pd.DataFrame()), forecast.OLD: (empty, pd.DataFrame())}
    if prognoses is None or corop is None:
        notes.append("geen prognoses (of COROP-indeling) in de snapshot: geen bevolkingsprognose")
    else:
        population = forecast.gemeente_population(values)
        crosswalk = load_crosswalk(crosswalk_path)
        for dataset in tables:
            if (prognoses["dataset"] == dataset).any():
                tables[dataset] = forecast.forecast_regions(prognoses, dataset, regions, corop, crosswalk, population)
    programme = trends.trend_table(values, catalogue, [NPVR_CODE], level=PROGRAMME_LEVEL)
    return Story(stacking=stacking.stacking_table(detail, catalogue, ids), stacking_detail=detail,
                 trends=trends.trend_table(values, catalogue, ids), programme_trends=programme,
                 peers=peer_rows, peer_profiles=profiles,
                 peer_info=info, forecast=tables[forecast.CURRENT][0], forecast_matches=tables[forecast.CURRENT][1],
                 old_forecast=tables[forecast.OLD][0], old_matches=tables[forecast.OLD][1], notes=notes)


def all_trends(story: Story) -> pd.DataFrame:
    """The regions' trends, then the programme's (``regio`` = ``npvr``)."""
    if story.programme_trends.empty:
        return story.trends
    return pd.concat([story.trends, story.programme_trends], ignore_index=True)
