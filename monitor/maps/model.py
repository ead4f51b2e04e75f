"""What a map of one indicator, year and level shows: its areas' values, classes and legend as data.

:func:`map_model` asks the monitor once; the renderers (:mod:`monitor.maps.folium_map` for the web,
:mod:`monitor.reports.static_map` for PNG and PDF) draw a :class:`MapModel` on the geometry of
:mod:`monitor.maps.geometry` and never see the :class:`~monitor.data.Monitor`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from ..compute.compare import comparable
from ..compute.pipeline import INTERVAL_COLUMNS
from ..wording import unjudged
from .classes import (DEFAULT_SCHEME, Classes, LegendEntry, area_entries, check_level, class_entries,
                          indicator_classes)

if TYPE_CHECKING:
    from ..catalogue import Indicator
    from ..data import Monitor


@dataclass(frozen=True)
class MapModel:
    """One map's content, ready for any renderer.

    Attributes
    ----------
    indicator
        The catalogue entry (title, unit, decimals, direction).
    year, level
        What is shown (``level`` is ``"gemeente"`` or ``"regio"``).
    scheme
        The classification asked for (``classes.scheme`` says which was used).
    areas
        One row per area, in the order of the geometry it was made for: ``code``, ``name``,
        ``region_id``, ``region`` (region name; NaN outside), ``value``, ``diff``, ``coverage``, and
        ``lower_95``, ``upper_95`` (the 95 % interval where CBS publishes bounds) when the build has them.
    classes
        The classes, or None when no area has a value.
    national
        Nederland's value (None when there is none).
    region_values
        ``{region_id: value}`` of the NPVR regions (for a zoomed map's own line).
    """

    indicator: Indicator
    year: int
    level: str
    scheme: str
    areas: pd.DataFrame
    classes: Classes | None
    national: float | None
    region_values: dict

    @property
    def low_coverage(self) -> np.ndarray:
        """Per area: whether its value covers too few inhabitants for a verdict (drawn neutral grey)."""
        return low_coverage(self.areas["coverage"])

    def legend_entries(self) -> list[LegendEntry]:
        """The legend as data: the classes, then "te weinig dekking" (when shown), "geen gegevens" and
        the outside or the outlines."""
        return (class_entries(self.classes, self.indicator.decimals)
                + area_entries(self.level, bool(self.low_coverage.any())))


def low_coverage(coverage: pd.Series) -> np.ndarray:
    """Whether each value covers too few inhabitants for a verdict: such an area gets no class colour."""
    return np.array([unjudged(c) for c in coverage], dtype=bool)


def map_model(monitor: Monitor, gemeenten: pd.DataFrame, regions: pd.DataFrame, indicator_id: str, year: int,
              level: str = "gemeente", scheme: str = DEFAULT_SCHEME, k: int | None = None) -> MapModel:
    """Ask the monitor what the map of one indicator, year and level shows.

    Parameters
    ----------
    monitor
        The loaded monitor.
    gemeenten, regions
        The geometry's areas in drawing order: ``code``, ``name``, ``region_id`` per gemeente and
        ``region_id``, ``name`` per region (e.g. :meth:`AreaGeometry.gemeente_frame`).
    indicator_id, year, level
        What to show.
    scheme, k
        Classification (:func:`monitor.maps.classes.indicator_classes`); ``k`` defaults per level.

    Returns
    -------
    MapModel
    """
    check_level(level)
    indicator = monitor.indicator(indicator_id)
    table = monitor.table(indicator_id, year, level)
    rows = table[["code", "value", "diff", "coverage", *(c for c in INTERVAL_COLUMNS if c in table)]]
    names = monitor.regions.names()
    if level == "gemeente":
        areas = gemeenten[["code", "name", "region_id"]].merge(rows, on="code", how="left")
    else:
        areas = regions[["region_id", "name"]].assign(code=regions["region_id"])[["code", "name", "region_id"]]
        areas = areas.merge(rows, on="code", how="left")
    areas["region"] = areas["region_id"].map(names)
    national = monitor.national(indicator_id, year)
    centre = None if national is None or pd.isna(national["value"]) else float(national["value"])
    compared = centre if comparable(indicator, monitor.catalogue) else None
    # Values without a verdict (too little coverage) get no class colour, so they do not shape the classes either.
    judged = areas["value"].mask(low_coverage(areas["coverage"]))
    classes = indicator_classes(judged, indicator.direction, indicator.tolerance, compared, level, scheme, k)
    regional = monitor.table(indicator_id, year, "regio")
    region_values = dict(zip(regional["code"].astype(str), regional["value"]))
    return MapModel(indicator=indicator, year=int(year), level=level, scheme=scheme, areas=areas, classes=classes,
                    national=centre, region_values=region_values)
