"""Gemeente and region boundaries as matplotlib paths, simplified once and cached per monitor.

The boundaries come from the monitor's snapshot (EPSG:28992, RD New, metres) and stay in that
projection: it is the Dutch national grid, so the map is true to shape without reprojection.
"""

from __future__ import annotations

import threading
import weakref
from dataclasses import dataclass

import numpy as np
import shapely
from matplotlib.path import Path as MplPath

from ..data import Monitor

TOLERANCE = 100.0
"""Coverage simplification in metres: invisible on a slide, shared borders stay shared."""


def polygon_path(geometry) -> MplPath:
    """One compound matplotlib path for a (multi)polygon, holes included.

    Parameters
    ----------
    geometry
        A shapely Polygon or MultiPolygon.

    Returns
    -------
    matplotlib.path.Path
    """
    vertices, codes = [], []
    for polygon in getattr(geometry, "geoms", [geometry]):
        for ring in [polygon.exterior, *polygon.interiors]:
            coords = np.asarray(ring.coords)[:, :2]
            if len(coords) < 3:
                continue
            ring_codes = np.full(len(coords), MplPath.LINETO, dtype=MplPath.code_type)
            ring_codes[0] = MplPath.MOVETO
            ring_codes[-1] = MplPath.CLOSEPOLY
            vertices.append(coords)
            codes.append(ring_codes)
    if not vertices:
        return MplPath(np.zeros((0, 2)))
    return MplPath(np.concatenate(vertices), np.concatenate(codes))


@dataclass(frozen=True)
class ReportGeometry:
    """Boundaries ready for drawing.

    Attributes
    ----------
    codes, names, region_ids
        Per gemeente (boundary file order): GM code, name and NPVR region id (None outside).
    paths
        Per gemeente: its matplotlib path (RD New metres).
    label_points
        Per gemeente: an (x, y) point well inside it, for name labels.
    areas
        Per gemeente: area in m² (larger gemeenten are labelled first).
    region_paths
        ``{region_id: path}`` of the dissolved NPVR regions.
    extents
        ``{"nederland" or region_id: (xmin, ymin, xmax, ymax)}``.
    """

    codes: tuple[str, ...]
    names: tuple[str, ...]
    region_ids: tuple[str | None, ...]
    paths: tuple[MplPath, ...]
    label_points: np.ndarray
    areas: np.ndarray
    region_paths: dict[str, MplPath]
    extents: dict[str, tuple[float, float, float, float]]


def build_geometry(monitor: Monitor, tolerance: float = TOLERANCE) -> ReportGeometry:
    """Simplify the snapshot's gemeente boundaries and dissolve the NPVR regions.

    Parameters
    ----------
    monitor
        The loaded monitor (boundaries from its snapshot, regions from its region table).
    tolerance
        Simplification tolerance in metres.

    Returns
    -------
    ReportGeometry
    """
    bounds = monitor.snapshot.boundaries()
    geoms = np.asarray(shapely.coverage_simplify(bounds.geometry.values, tolerance))
    codes = bounds["gemeente_code"].astype(str).tolist()
    region_of = monitor.regions.region_of()
    region_ids = [region_of.get(c) for c in codes]
    extents = {"nederland": tuple(float(v) for v in shapely.total_bounds(geoms))}
    region_paths = {}
    for region_id in monitor.regions.ids():
        member = np.array([r == region_id for r in region_ids])
        if not member.any():
            continue
        union = shapely.union_all(geoms[member])
        region_paths[region_id] = polygon_path(union)
        extents[region_id] = tuple(float(v) for v in shapely.bounds(union))
    # The centre of the largest inscribed circle sits well inside odd shapes (unlike a centroid).
    points = shapely.get_coordinates(shapely.maximum_inscribed_circle(geoms, 50.0))[::2]
    return ReportGeometry(
        codes=tuple(codes), names=tuple(bounds["gemeente_name"].astype(str)), region_ids=tuple(region_ids),
        paths=tuple(polygon_path(g) for g in geoms), label_points=points, areas=shapely.area(geoms),
        region_paths=region_paths,
        extents=extents,
    )


_CACHE: dict[int, tuple[weakref.ref, ReportGeometry]] = {}
_LOCK = threading.Lock()


def geometry_for(monitor: Monitor) -> ReportGeometry:
    """The monitor's :class:`ReportGeometry`, built on first use and kept while the monitor lives."""
    key = id(monitor)
    with _LOCK:
        hit = _CACHE.get(key)
        if hit is not None and hit[0]() is monitor:
            return hit[1]
    geometry = build_geometry(monitor)
    with _LOCK:
        _CACHE[key] = (weakref.ref(monitor, _forget), geometry)
    return geometry


def _forget(ref: weakref.ref) -> None:
    # Called when a monitor is garbage-collected; no lock here (the collector may run anywhere).
    for key, (stored, _geometry) in list(_CACHE.items()):
        if stored is ref:
            _CACHE.pop(key, None)
