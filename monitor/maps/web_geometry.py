"""The web map's shapes: the map's areas (:mod:`monitor.maps.geometry`) in WGS84, compactly encoded.

The payload is kept small: the boundaries are simplified once as a coverage (shared edges stay
shared), reprojected to EPSG:4326 once and stored as delta-encoded integers of 1e-4 degree,
which a few lines of JavaScript in the map (:mod:`monitor.maps.folium_elements`) turn back into
GeoJSON. No folium here.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd
import shapely
import shapely.ops

from .geometry import NATIONAL_VIEW, build_area_geometry, cached

if TYPE_CHECKING:
    from ..data import Monitor

WGS84 = "EPSG:4326"
SCALE = 10_000
"""Coordinates are stored as integers of 1/SCALE degree (about 7-11 m)."""
DEFAULT_TOLERANCE = 150.0
"""Simplification tolerance in metres (RD New), far below a pixel at the national view."""


def safe_json(data) -> str:
    """Compact JSON that can sit inside a <script> element."""
    return json.dumps(data, separators=(",", ":"), ensure_ascii=False).replace("</", "<\\/")


def encode_shape(geometry) -> list:
    """Encode a (multi)polygon in degrees as nested lists of delta-encoded integers.

    Each ring becomes ``[x0, y0, dx1, dy1, ...]`` in units of 1/SCALE degree; repeated points
    after rounding are dropped.

    Parameters
    ----------
    geometry
        A shapely Polygon or MultiPolygon in EPSG:4326.

    Returns
    -------
    list
        ``[[ring, ring, ...], ...]``: one list of rings (exterior first) per polygon.
    """
    polygons = getattr(geometry, "geoms", [geometry])
    encoded = []
    for polygon in polygons:
        rings = []
        for ring in [polygon.exterior, *polygon.interiors]:
            ints = np.round(np.asarray(ring.coords)[:, :2] * SCALE).astype(np.int64)
            keep = np.ones(len(ints), dtype=bool)
            keep[1:] = np.any(ints[1:] != ints[:-1], axis=1)
            ints = ints[keep]
            if len(ints) < 4:
                continue
            deltas = np.vstack([ints[:1], np.diff(ints, axis=0)])
            rings.append(deltas.ravel().tolist())
        if rings:
            encoded.append(rings)
    return encoded


def decode_shape(encoded: list) -> dict:
    """Turn :func:`encode_shape` output back into a GeoJSON MultiPolygon (for tests and reports)."""
    polygons = []
    for rings in encoded:
        decoded = []
        for ring in rings:
            coords = np.cumsum(np.asarray(ring, dtype=np.int64).reshape(-1, 2), axis=0) / SCALE
            decoded.append(coords.tolist())
        polygons.append(decoded)
    return {"type": "MultiPolygon", "coordinates": polygons}


def _bounds(geometry) -> list[list[float]]:
    west, south, east, north = shapely.bounds(geometry)
    return [[round(south, 4), round(west, 4)], [round(north, 4), round(east, 4)]]


@dataclass(frozen=True)
class MapGeometry:
    """Simplified, reprojected and encoded boundaries, made once per snapshot.

    Attributes
    ----------
    gemeenten
        One row per gemeente: ``code``, ``name``, ``region_id`` (None outside the regions),
        ``shape`` (encoded, see :func:`encode_shape`).
    regions
        One row per NPVR region: ``region_id``, ``name``, ``shape``, ``label_lat``, ``label_lon``
        (where its name is written, see :func:`label_point`).
    bounds
        ``{"nederland" or region id: [[south, west], [north, east]]}``.
    shapes_url
        Where the browser can fetch :meth:`shapes_json` (e.g. a static file of the app). When set,
        maps refer to the shapes by number instead of carrying them, so the geometry travels once
        per browser, not with every map (see :meth:`EncodedLayer.use_shared_shapes`).
    """

    gemeenten: pd.DataFrame
    regions: pd.DataFrame
    bounds: dict[str, list[list[float]]]
    shapes_url: str | None = None

    def shapes(self) -> list:
        """Every encoded shape: the gemeenten in order, then the regions."""
        return [*self.gemeenten["shape"], *self.regions["shape"]]

    def shapes_json(self) -> bytes:
        """:meth:`shapes` as compact JSON (what ``shapes_url`` serves)."""
        return safe_json(self.shapes()).encode("utf-8")

    def shape_index(self) -> dict[int, int]:
        """``{id(shape): position in shapes()}``: identifies the shapes that a map's rows carry."""
        return {id(shape): i for i, shape in enumerate(self.shapes())}


def prepare_geometry(monitor: Monitor, tolerance: float = DEFAULT_TOLERANCE) -> MapGeometry:
    """Build the web map's shapes anew (uncached; :func:`web_geometry` keeps them per monitor).

    The monitor's areas (:func:`monitor.maps.geometry.build_area_geometry`, simplified in RD
    New), reprojected to WGS84 and encoded.

    Parameters
    ----------
    monitor
        The loaded monitor.
    tolerance
        Simplification tolerance in metres; shared borders stay shared (coverage simplification).

    Returns
    -------
    MapGeometry
    """
    areas = build_area_geometry(monitor, tolerance).to_crs(WGS84)
    geoms = areas.gemeenten
    gemeenten = pd.DataFrame({
        "code": list(areas.codes),
        "name": list(areas.names),
        "region_id": list(areas.region_ids),
        "shape": [encode_shape(g) for g in geoms],
    })
    rows, view = [], {NATIONAL_VIEW: _bounds(shapely.union_all(geoms))}
    for region_id, union in areas.regions.items():
        lat, lon = label_point(union)
        rows.append({"region_id": region_id, "name": areas.region_names[region_id], "shape": encode_shape(union),
                     "label_lat": lat, "label_lon": lon})
        view[region_id] = _bounds(union)
    return MapGeometry(gemeenten=gemeenten, regions=pd.DataFrame(rows), bounds=view)


def web_geometry(monitor: Monitor) -> MapGeometry:
    """The monitor's :class:`MapGeometry` (default tolerance), built once and kept while the monitor lives."""
    return cached(monitor, ("web", DEFAULT_TOLERANCE), lambda: prepare_geometry(monitor))


def label_point(geometry) -> tuple[float, float]:
    """Where a region's name goes: the pole of inaccessibility of its largest part, as (lat, lon)."""
    parts = list(getattr(geometry, "geoms", [geometry]))
    largest = max(parts, key=lambda g: g.area)
    point = shapely.ops.polylabel(largest, tolerance=0.001)
    return round(point.y, 4), round(point.x, 4)


def view_for(bounds: list[list[float]], width: int = 900, height: int = 650, padding: float = 0.9):
    """Centre and (fractional) Leaflet zoom that fit ``bounds`` in a map of the given pixels.

    Returns
    -------
    tuple
        ``((lat, lon), zoom)`` with zoom rounded down to a quarter step.
    """
    (south, west), (north, east) = bounds

    def merc(lat: float) -> float:
        return math.log(math.tan(math.pi / 4 + math.radians(lat) / 2))

    lon_zoom = math.log2(width * padding * 360 / (256 * max(east - west, 1e-6)))
    lat_zoom = math.log2(height * padding * 2 * math.pi / (256 * max(merc(north) - merc(south), 1e-9)))
    zoom = math.floor(min(lon_zoom, lat_zoom) * 4) / 4
    return ((south + north) / 2, (west + east) / 2), zoom

