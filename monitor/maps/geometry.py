"""The map's areas: gemeente boundaries and the NPVR regions dissolved from them, built once per monitor.

One :class:`AreaGeometry` per monitor and simplification tolerance, in the snapshot's projection
(EPSG:28992, RD New, metres), kept in one cache (:func:`cached`) while the monitor lives. The
web map derives its WGS84 shapes from it (:mod:`monitor.maps.web_geometry`), the static map its
matplotlib paths (:mod:`monitor.reports.shapes`) and the GeoPackage export its layers
(:func:`area_geometry` without simplification).
"""

from __future__ import annotations

import threading
import weakref
from dataclasses import dataclass
from typing import TYPE_CHECKING
from collections.abc import Callable, Hashable

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

if TYPE_CHECKING:
    from ..data import Monitor

NATIONAL_VIEW = "nederland"
"""The key of the whole country in extents and bounds (beside the region ids)."""


@dataclass(frozen=True)
class AreaGeometry:
    """Gemeenten (boundary file order) and the NPVR regions dissolved from them.

    Attributes
    ----------
    codes, names, region_ids
        Per gemeente: GM code, name and NPVR region id (None outside the regions).
    gemeenten
        Per gemeente: its shapely (multi)polygon in ``crs``.
    regions
        ``{region_id: dissolved (multi)polygon}`` for the regions with members, in the order of
        ``Regions.names()`` (alphabetical by name).
    region_names
        ``{region_id: name}`` of those regions.
    crs
        The projection of the shapes.
    tolerance
        The coverage simplification in metres (0: the boundaries as delivered).
    """

    codes: tuple[str, ...]
    names: tuple[str, ...]
    region_ids: tuple[str | None, ...]
    gemeenten: np.ndarray
    regions: dict
    region_names: dict[str, str]
    crs: object
    tolerance: float

    def extents(self) -> dict[str, tuple[float, float, float, float]]:
        """``{"nederland" or region_id: (xmin, ymin, xmax, ymax)}`` in ``crs``."""
        out = {NATIONAL_VIEW: tuple(float(v) for v in shapely.total_bounds(self.gemeenten))}
        out.update({r: tuple(float(v) for v in shapely.bounds(g)) for r, g in self.regions.items()})
        return out

    def gemeente_frame(self) -> pd.DataFrame:
        """``code``, ``name``, ``region_id`` per gemeente (what a map's values are aligned to)."""
        return pd.DataFrame({"code": list(self.codes), "name": list(self.names), "region_id": list(self.region_ids)})

    def region_frame(self) -> pd.DataFrame:
        """``region_id``, ``name`` per region with members."""
        return pd.DataFrame({"region_id": list(self.regions), "name": [self.region_names[r] for r in self.regions]})

    def to_crs(self, crs) -> AreaGeometry:
        """The same areas in another projection; the regions are dissolved again from the reprojected gemeenten."""
        frame = gpd.GeoDataFrame({"code": list(self.codes)}, geometry=list(self.gemeenten), crs=self.crs)
        moved = frame.to_crs(crs).geometry.values
        return _assemble(self.codes, self.names, self.region_ids, np.asarray(moved), self.region_names, crs,
                         self.tolerance)


def _assemble(codes, names, region_ids, geoms: np.ndarray, region_names: dict[str, str], crs,
              tolerance: float) -> AreaGeometry:
    regions, named = {}, {}
    for region_id, name in region_names.items():
        member = np.array([r == region_id for r in region_ids])
        if not member.any():
            continue
        regions[region_id] = shapely.union_all(geoms[member])
        named[region_id] = name
    return AreaGeometry(codes=tuple(codes), names=tuple(names), region_ids=tuple(region_ids), gemeenten=geoms,
                        regions=regions, region_names=named, crs=crs, tolerance=float(tolerance))


def build_area_geometry(monitor: Monitor, tolerance: float = 0.0) -> AreaGeometry:
    """Simplify the snapshot's gemeente boundaries (shared borders stay shared) and dissolve the regions.

    Parameters
    ----------
    monitor
        The loaded monitor (boundaries from its snapshot, regions from its region table).
    tolerance
        Coverage simplification in metres; 0 keeps the boundaries as delivered.

    Returns
    -------
    AreaGeometry
    """
    bounds = monitor.snapshot.boundaries()
    geoms = bounds.geometry.values
    if tolerance:
        geoms = shapely.coverage_simplify(geoms, tolerance)
    codes = bounds["gemeente_code"].astype(str).tolist()
    region_of = monitor.regions.region_of()
    return _assemble(codes, bounds["gemeente_name"].astype(str).tolist(), [region_of.get(c) for c in codes],
                     np.asarray(geoms), monitor.regions.names(), bounds.crs, tolerance)


def area_geometry(monitor: Monitor, tolerance: float = 0.0) -> AreaGeometry:
    """The monitor's :class:`AreaGeometry` at ``tolerance``, built on first use (see :func:`cached`)."""
    return cached(monitor, ("areas", float(tolerance)), lambda: build_area_geometry(monitor, tolerance))


_CACHE: dict[tuple[int, Hashable], tuple[weakref.ref, object]] = {}
_BUILDING: dict[tuple[int, Hashable], threading.Lock] = {}
_LOCK = threading.Lock()


def cached(monitor: Monitor, key: Hashable, build: Callable[[], object]):
    """What ``build()`` returns for this monitor and ``key``, built once and kept while the monitor lives.

    The one cache of map geometry: the areas, the web shapes and the static map's paths of a
    snapshot are made once per process, whoever asks first (app, report or export).
    """
    slot = (id(monitor), key)
    with _LOCK:
        building = _BUILDING.setdefault(slot, threading.Lock())
    with building:  # a second caller waits for the first one's result instead of building it again
        with _LOCK:
            hit = _CACHE.get(slot)
            if hit is not None and hit[0]() is monitor:
                return hit[1]
        value = build()
        with _LOCK:
            _CACHE[slot] = (weakref.ref(monitor, _forget), value)
        return value


def _forget(ref: weakref.ref) -> None:
    # Called when a monitor is garbage-collected; no lock here (the collector may run anywhere).
    for slot, (stored, _value) in list(_CACHE.items()):
        if stored is ref:
            _CACHE.pop(slot, None)
            _BUILDING.pop(slot, None)
