"""The map's areas (:mod:`monitor.maps.geometry`) as matplotlib paths, made once per monitor.

The areas stay in the snapshot's projection (EPSG:28992, RD New, metres): it is the Dutch
national grid, so the map is true to shape without reprojection. Cached in the one geometry
cache, :func:`monitor.maps.geometry.cached`.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import shapely
from matplotlib.path import Path as MplPath

from ..data import Monitor
from ..maps.geometry import AreaGeometry, area_geometry, build_area_geometry, cached

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
    model_areas
        The areas these paths were drawn from (what a :class:`~monitor.maps.model.MapModel` is made for).
    """

    codes: tuple[str, ...]
    names: tuple[str, ...]
    region_ids: tuple[str | None, ...]
    paths: tuple[MplPath, ...]
    label_points: np.ndarray
    areas: np.ndarray
    region_paths: dict[str, MplPath]
    extents: dict[str, tuple[float, float, float, float]]
    model_areas: AreaGeometry


def build_geometry(monitor: Monitor, tolerance: float = TOLERANCE) -> ReportGeometry:
    """Build the monitor's areas (:func:`monitor.maps.geometry.build_area_geometry`) as matplotlib paths, uncached.

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
    return report_geometry(build_area_geometry(monitor, tolerance))


def report_geometry(areas: AreaGeometry) -> ReportGeometry:
    """Matplotlib paths, label points and extents of the areas (in their projection, RD New)."""
    geoms = areas.gemeenten
    # The centre of the largest inscribed circle sits well inside odd shapes (unlike a centroid).
    points = shapely.get_coordinates(shapely.maximum_inscribed_circle(geoms, 50.0))[::2]
    return ReportGeometry(
        codes=areas.codes, names=areas.names, region_ids=areas.region_ids,
        paths=tuple(polygon_path(g) for g in geoms), label_points=points, areas=shapely.area(geoms),
        region_paths={region_id: polygon_path(union) for region_id, union in areas.regions.items()},
        extents=areas.extents(), model_areas=areas,
    )


def geometry_for(monitor: Monitor) -> ReportGeometry:
    """The monitor's :class:`ReportGeometry`, built on first use and kept while the monitor lives."""
    return cached(monitor, ("report", TOLERANCE), lambda: report_geometry(area_geometry(monitor, TOLERANCE)))
