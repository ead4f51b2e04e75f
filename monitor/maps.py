"""Choropleth maps of one indicator and year: geometry, classes, legend and a folium map.

Nothing here imports Streamlit, so the same maps serve the app and later PNG/PDF reports.

The payload is kept small: the boundaries are simplified once as a coverage (shared edges stay
shared), reprojected to EPSG:4326 once and stored as delta-encoded integers of 1e-4 degree,
which a few lines of JavaScript in the map turn back into GeoJSON. Leaflet is the only script
the map needs; pass ``asset_url`` to load it from the app's own server instead of a CDN.
"""

from __future__ import annotations

import json
import math
import warnings
from dataclasses import dataclass

import folium
import mapclassify
import numpy as np
import pandas as pd
import shapely
import shapely.ops
from branca.element import MacroElement
from jinja2 import Template

from . import formatting, palettes
from .data import Monitor
from .errors import UnknownKeyError
from .levels import MAP_LEVELS

WGS84 = "EPSG:4326"
SCALE = 10_000
"""Coordinates are stored as integers of 1/SCALE degree (about 7-11 m)."""
DEFAULT_TOLERANCE = 150.0
"""Simplification tolerance in metres (RD New), far below a pixel at the national view."""
SCHEMES = {"national": "tegen Nederland (gunstiger/ongunstiger)", "quantiles": "kwantielen (gelijke aantallen)",
           "natural_breaks": "natuurlijke grenzen (Fisher-Jenks)"}
DEFAULT_SCHEME = "national"
"""Colours against Nederland where the map compares; :func:`indicator_classes` falls back to quantiles."""
LEVELS = MAP_LEVELS
DEFAULT_CLASSES = {"gemeente": 5, "regio": 4}
NATIONAL_CLASSES = {"gemeente": 7, "regio": 5}
"""Classes of the diverging map: three (two) per side of Nederland plus the class around it."""
LABEL_MIN_ZOOM = 8.5
"""On the gemeente map, region names appear from this zoom (zoomed to a region); always on the region map."""
NATIONAL_VIEW = "nederland"
HATCH_ID = "npvr-geen-gegevens"
HATCH_FILL = f"url(#{HATCH_ID})"
FILL_FRAME_CSS = "html,body{height:100%;margin:0;overflow:hidden}#map_div{height:100vh !important}"
"""For a map whose frame the page sizes (the meeting mode): the map follows the frame's height."""
LEGEND_CLASS = "npvr-legend"
LABEL_CLASS = "npvr-label"
LEAFLET_CDN = "https://cdn.jsdelivr.net/npm/leaflet@1.9.3/dist"
"""Leaflet 1.9.3, the version folium 0.20 is written for."""
OUTSIDE_TEXT = "buiten de NPVR-regio's"


# --- geometry ---------------------------------------------------------------------------------

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
        return _safe_json(self.shapes()).encode("utf-8")

    def shape_index(self) -> dict[int, int]:
        """``{id(shape): position in shapes()}``: identifies the shapes that a map's rows carry."""
        return {id(shape): i for i, shape in enumerate(self.shapes())}


def prepare_geometry(monitor: Monitor, tolerance: float = DEFAULT_TOLERANCE) -> MapGeometry:
    """Simplify the snapshot's gemeente boundaries and dissolve the NPVR regions, once.

    Parameters
    ----------
    monitor
        The loaded monitor (boundaries come from its snapshot, regions from its region table).
    tolerance
        Simplification tolerance in metres; shared borders stay shared (coverage simplification).

    Returns
    -------
    MapGeometry
    """
    bounds = monitor.snapshot.boundaries()
    simplified = shapely.coverage_simplify(bounds.geometry.values, tolerance)
    geoms = bounds.set_geometry(list(simplified), crs=bounds.crs).to_crs(WGS84).geometry.values
    region_of = monitor.regions.region_of()
    codes = bounds["gemeente_code"].astype(str).tolist()
    gemeenten = pd.DataFrame({
        "code": codes,
        "name": bounds["gemeente_name"].astype(str).tolist(),
        "region_id": [region_of.get(c) for c in codes],
        "shape": [encode_shape(g) for g in geoms],
    })
    names = monitor.regions.names()
    rows, view = [], {NATIONAL_VIEW: _bounds(shapely.union_all(geoms))}
    for region_id, name in names.items():
        member = np.array([region_of.get(c) == region_id for c in codes])
        if not member.any():
            continue
        union = shapely.union_all(geoms[member])
        lat, lon = label_point(union)
        rows.append({"region_id": region_id, "name": name, "shape": encode_shape(union), "label_lat": lat,
                     "label_lon": lon})
        view[region_id] = _bounds(union)
    return MapGeometry(gemeenten=gemeenten, regions=pd.DataFrame(rows), bounds=view)


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


# --- classes ----------------------------------------------------------------------------------

@dataclass(frozen=True)
class Classes:
    """Class breaks and colours of one map.

    Attributes
    ----------
    bins
        Upper bounds of the classes, ascending (a value ``v`` is in class ``i`` when
        ``bins[i-1] < v <= bins[i]``).
    minimum
        The lowest value (lower bound of the first class).
    colours
        One colour per class, lowest class first.
    scheme
        ``"national"``, ``"quantiles"`` or ``"natural_breaks"``.
    centre
        Nederland's value for ``"national"`` classes (None otherwise).
    middle
        Index of the class around Nederland (``"national"`` only): values within the indicator's
        tolerance of the national value, i.e. those judged *gelijk aan Nederland*.
    tolerance
        The indicator's tolerance (``"national"`` only).
    """

    bins: tuple[float, ...]
    minimum: float
    colours: tuple[str, ...]
    scheme: str
    centre: float | None = None
    middle: int | None = None
    tolerance: float = 0.0

    def index(self, values) -> np.ndarray:
        """Class number per value; -1 for missing values."""
        values = np.asarray(values, dtype=float)
        idx = np.searchsorted(np.asarray(self.bins), values, side="left")
        idx = np.minimum(idx, len(self.bins) - 1)
        return np.where(np.isnan(values), -1, idx)

    def colour(self, values, missing: str = HATCH_FILL) -> list[str]:
        """Fill colour per value; ``missing`` for NaN."""
        return [self.colours[i] if i >= 0 else missing for i in self.index(values)]

    def labels(self, decimals: int) -> list[str]:
        """Dutch class labels such as ``"12,3 – 15,0"``; the class around Nederland as ``"20,3 – 21,3"``."""
        lows = [self.minimum, *self.bins[:-1]]
        if self.middle is not None and self.centre is not None:
            lows[self.middle] = self.centre - self.tolerance
            highs = list(self.bins)
            highs[self.middle] = self.centre + self.tolerance
            if self.middle + 1 < len(lows):
                lows[self.middle + 1] = self.centre + self.tolerance
        else:
            highs = list(self.bins)
        return [f"{formatting.number(lo, decimals)} – {formatting.number(hi, decimals)}"
                for lo, hi in zip(lows, highs)]


def _side_bins(y: np.ndarray, n: int) -> np.ndarray:
    """Up to ``n`` quantile breaks of the values on one side of Nederland (ascending)."""
    n = max(1, min(n, len(np.unique(y))))
    return np.unique(mapclassify.Quantiles(y, k=n).bins) if n > 1 else np.array([y.max()])


def classify_national(values, direction: str, centre: float, tolerance: float = 0.0,
                      k: int = 7) -> Classes | None:
    """Diverging classes centred on Nederland's value (``scheme="national"``).

    One class holds the values within ``tolerance`` of ``centre`` (the areas judged *gelijk aan
    Nederland*); below and above it up to ``(k - 1) // 2`` quantile classes each (mapclassify) of
    the values on that side. Colours: :func:`monitor.palettes.diverging_colours` (favourable side
    blue, unfavourable side red; grey and purple for neutral indicators).

    Parameters
    ----------
    values
        The map's values (NaN ignored).
    direction
        ``higher``/``lower``/``neutral``.
    centre
        The national value.
    tolerance
        The indicator's tolerance for *gelijk*.
    k
        Wanted number of classes in all (odd; at most 7).

    Returns
    -------
    Classes or None
        None when there is no value at all.
    """
    y = np.asarray(values, dtype=float)
    y = y[~np.isnan(y)]
    if not len(y):
        return None
    per_side = max(1, min((k - 1) // 2, palettes.MAX_SIDE_CLASSES))
    low_edge, high_edge = centre - tolerance - 1e-9, centre + tolerance + 1e-9  # as in compare.verdict
    below, above = y[y <= low_edge], y[y > high_edge]
    low_bins = _side_bins(below, per_side) if len(below) else np.array([])
    if len(low_bins):
        low_bins[-1] = low_edge
    high_bins = _side_bins(above, per_side) if len(above) else np.array([])
    bins = [*low_bins, high_edge, *high_bins]
    colours = palettes.diverging_colours(len(low_bins), len(high_bins), direction)
    return Classes(bins=tuple(float(b) for b in bins), minimum=float(y.min()), colours=tuple(colours),
                   scheme="national", centre=float(centre), middle=len(low_bins), tolerance=float(tolerance))


def indicator_classes(monitor: Monitor, indicator_id: str, year: int, values, level: str = "gemeente",
                      scheme: str = DEFAULT_SCHEME, k: int | None = None) -> Classes | None:
    """The classes of one indicator's map: against Nederland where it compares, else as asked.

    ``scheme="national"`` needs a national value and an indicator that compares with Nederland
    (not a count); otherwise the map falls back to quantiles (``Classes.scheme`` says which).

    Parameters
    ----------
    monitor
        For the indicator's direction and tolerance and the national value.
    indicator_id, year
        What the map shows.
    values
        The map's values.
    level
        ``gemeente`` or ``regio`` (for the default number of classes).
    scheme, k
        Classification and wanted number of classes (defaults per level).
    """
    from .compare import comparable  # local: compare is core, maps only needs it here

    if scheme not in SCHEMES:
        raise UnknownKeyError(f"Onbekende klassenindeling {scheme!r}; kies uit {', '.join(SCHEMES)}.")
    indicator = monitor.indicator(indicator_id)
    if scheme == "national":
        national = monitor.national(indicator_id, year)
        centre = None if national is None else national["value"]
        if centre is not None and pd.notna(centre) and comparable(indicator, monitor.catalogue):
            return classify_national(values, indicator.direction, float(centre), indicator.tolerance,
                                     k or NATIONAL_CLASSES.get(level, 7))
        scheme = "quantiles"
    return classify(values, indicator.direction, k or DEFAULT_CLASSES.get(level, 5), scheme)


def classify(values, direction: str, k: int = 5, scheme: str = "quantiles") -> Classes | None:
    """Classify values with mapclassify and colour the classes for the indicator's direction.

    Parameters
    ----------
    values
        The map's values (NaN ignored).
    direction
        ``higher``/``lower``/``neutral`` (see :func:`monitor.palettes.class_colours`).
    k
        Wanted number of classes; fewer when there are fewer distinct values.
    scheme
        ``"quantiles"`` or ``"natural_breaks"`` (Fisher-Jenks); for ``"national"`` use
        :func:`classify_national` or :func:`indicator_classes`.

    Returns
    -------
    Classes or None
        None when there is no value at all.
    """
    if scheme not in SCHEMES or scheme == "national":
        plain = [s for s in SCHEMES if s != "national"]
        raise UnknownKeyError(f"Onbekende klassenindeling {scheme!r}; kies uit {', '.join(plain)} "
                              "(klassen tegen Nederland: indicator_classes).")
    y = np.asarray(values, dtype=float)
    y = y[~np.isnan(y)]
    if not len(y):
        return None
    k = max(1, min(k, len(np.unique(y)), palettes.MAX_CLASSES))
    if k == 1:
        bins = np.array([y.max()])
    elif scheme == "quantiles":
        bins = mapclassify.Quantiles(y, k=k).bins
    else:
        with warnings.catch_warnings():  # without numba mapclassify warns; 342 values are quick anyway
            warnings.simplefilter("ignore", UserWarning)
            bins = mapclassify.FisherJenks(y, k=k).bins
    bins = np.unique(np.asarray(bins, dtype=float))
    bins[-1] = max(bins[-1], y.max())
    colours = palettes.class_colours(len(bins), direction)
    return Classes(bins=tuple(float(b) for b in bins), minimum=float(y.min()), colours=tuple(colours), scheme=scheme)


# --- folium elements --------------------------------------------------------------------------

def _safe_json(data) -> str:
    """Compact JSON that can sit inside a <script> element."""
    return json.dumps(data, separators=(",", ":"), ensure_ascii=False).replace("</", "<\\/")


class MapSetup(MacroElement):
    """Shared JavaScript: decoder, hatch pattern, background and attribution. Add it first."""

    _template = Template("""
        {% macro script(this, kwargs) %}
        (function () {
            var map = {{ this._parent.get_name() }};
            map.getContainer().style.background = "#eef2f5";
            map.attributionControl.setPrefix(false);
            map.attributionControl.addAttribution({{ this.attribution|tojson }});
            if (!document.getElementById({{ this.hatch_id|tojson }})) {
                var holder = document.createElement("div");
                holder.innerHTML = '<svg width="0" height="0" style="position:absolute" aria-hidden="true"><defs>'
                    + '<pattern id="{{ this.hatch_id }}" patternUnits="userSpaceOnUse" width="8" height="8" patternTransform="rotate(45)">'
                    + '<rect width="8" height="8" fill="{{ this.missing }}"/>'
                    + '<line x1="0" y1="0" x2="0" y2="8" stroke="{{ this.hatch }}" stroke-width="2.5"/></pattern></defs></svg>';
                document.body.appendChild(holder.firstChild);
            }
        })();
        window.npvrDecode = function (shape) {
            return {type: "MultiPolygon", coordinates: shape.map(function (rings) {
                return rings.map(function (ring) {
                    var x = 0, y = 0, out = [];
                    for (var i = 0; i < ring.length; i += 2) {
                        x += ring[i]; y += ring[i + 1];
                        out.push([x / {{ this.scale }}, y / {{ this.scale }}]);
                    }
                    return out;
                });
            })};
        };
        window.npvrEscape = function (text) {
            return String(text).replace(/[&<>"]/g, function (c) {
                return {"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;"}[c];
            });
        };
        {% endmacro %}
    """)

    def __init__(self, attribution: str):
        super().__init__()
        self._name = "MapSetup"
        self.attribution = attribution
        self.hatch_id = HATCH_ID
        self.missing = palettes.MISSING_COLOUR
        self.hatch = palettes.MISSING_HATCH
        self.scale = SCALE


class EncodedLayer(MacroElement):
    """A GeoJSON layer from encoded shapes, with per-feature fill, tooltip and click-to-zoom.

    Parameters
    ----------
    rows
        Dicts with ``shape``, ``fill`` (colour or :data:`HATCH_FILL`; None for no fill),
        ``tip`` (tooltip values in the order of ``fields``), ``region_id`` and ``code``.
    fields
        Tooltip row labels; empty for a layer without tooltips (then it is not interactive).
    style
        Leaflet path options shared by all features (``color``, ``weight``, ``fillOpacity``...).
    zoom_to
        ``{region_id: bounds}``: clicking a feature zooms to its region.
    """

    _template = Template("""
        {% macro script(this, kwargs) %}
        var {{ this.get_name() }} = (function (data, map) {
            function features(shared) {
                return data.rows.map(function (r) {
                    return {type: "Feature", geometry: npvrDecode(r.ref === undefined ? r.shape : shared[r.ref]),
                            properties: {fill: r.fill, tip: r.tip, region_id: r.region_id, code: r.code}};
                });
            }
            var layer = L.geoJson(null, {
                interactive: data.fields.length > 0,
                style: function (f) {
                    return Object.assign({}, data.style, f.properties.fill
                        ? {fillColor: f.properties.fill, fill: true} : {fill: false});
                },
                onEachFeature: function (f, l) {
                    if (!data.fields.length) { return; }
                    var html = '<table class="npvr-tip">' + data.fields.map(function (name, i) {
                        return "<tr><th>" + npvrEscape(name) + "</th><td>" + npvrEscape(f.properties.tip[i]) + "</td></tr>";
                    }).join("") + "</table>";
                    l.bindTooltip(html, {sticky: true, className: "npvr-tooltip"});
                    l.on("mouseover", function () { l.setStyle({weight: data.style.weight + 2, color: "#000000"}); });
                    l.on("mouseout", function () { layer.resetStyle(l); });
                    l.on("click", function () {
                        var b = data.zoom_to[f.properties.region_id];
                        if (b) { map.fitBounds(b); }
                    });
                }
            });
            if (data.shapes_url) {
                // Shared shapes: fetched once per browser tab and kept by the top window (same
                // origin), so a new map frame reuses them and a closed frame cannot abort the fetch.
                var host = window;
                try { if (window.top.location.origin === window.location.origin) { host = window.top; } }
                catch (e) { host = window; }  // another origin's page: this frame keeps its own copy
                var cache = host.npvrShapes = host.npvrShapes || {};
                if (!cache[data.shapes_url]) {
                    cache[data.shapes_url] = host.fetch(data.shapes_url).then(function (r) {
                        if (!r.ok) { throw new Error("shapes: HTTP " + r.status); }
                        return r.json();
                    });
                    cache[data.shapes_url].catch(function () { delete cache[data.shapes_url]; });
                }
                cache[data.shapes_url].then(function (shared) { layer.addData(features(shared)); });
            } else {
                layer.addData(features(null));
            }
            return layer.addTo(map);
        })({{ this.payload }}, {{ this._parent.get_name() }});
        {% endmacro %}
    """)

    def __init__(self, rows: list[dict], fields: list[str], style: dict, zoom_to: dict | None = None):
        super().__init__()
        self._name = "EncodedLayer"
        self.data = {"rows": rows, "fields": fields, "style": style, "zoom_to": zoom_to or {}}

    @property
    def payload(self) -> str:
        """The layer's data as JSON for the script."""
        return _safe_json(self.data)

    def use_shared_shapes(self, url: str, index: dict[int, int]) -> None:
        """Refer to shapes found in ``index`` (see :meth:`MapGeometry.shape_index`) by number, fetched from ``url``."""
        rows = [{k: v for k, v in row.items() if k != "shape"} | {"ref": index[id(row["shape"])]}
                if id(row.get("shape")) in index else row for row in self.data["rows"]]
        self.data = {**self.data, "rows": rows, "shapes_url": url}


class Legend(MacroElement):
    """A Leaflet control (bottom right) holding the legend's HTML."""

    _template = Template("""
        {% macro script(this, kwargs) %}
        (function (map) {
            var legend = L.control({position: "bottomright"});
            legend.onAdd = function () {
                var div = L.DomUtil.create("div", {{ this.css_class|tojson }});
                div.innerHTML = {{ this.html|tojson }};
                L.DomEvent.disableClickPropagation(div);
                return div;
            };
            legend.addTo(map);
        })({{ this._parent.get_name() }});
        {% endmacro %}
    """)

    def __init__(self, html: str):
        super().__init__()
        self._name = "Legend"
        self.html = html
        self.css_class = LEGEND_CLASS


class RegionLabels(MacroElement):
    """Region names on the map: always (``min_zoom`` None) or from ``min_zoom`` on (zoomed to a region)."""

    _template = Template("""
        {% macro script(this, kwargs) %}
        (function (labels, map, minZoom) {
            var group = L.layerGroup(labels.map(function (l) {
                return L.marker([l.lat, l.lon], {interactive: false, keyboard: false, icon: L.divIcon({
                    className: {{ this.css_class|tojson }}, iconSize: null,
                    html: "<span>" + npvrEscape(l.name) + "</span>"})});
            }));
            function update() {
                if (minZoom === null || map.getZoom() >= minZoom) { group.addTo(map); }
                else { map.removeLayer(group); }
            }
            map.on("zoomend", update);
            update();
        })({{ this.labels }}, {{ this._parent.get_name() }}, {{ this.min_zoom }});
        {% endmacro %}
    """)

    def __init__(self, labels: list[dict], min_zoom: float | None = None):
        super().__init__()
        self._name = "RegionLabels"
        self.labels = _safe_json(labels)
        self.css_class = LABEL_CLASS
        self.min_zoom = "null" if min_zoom is None else float(min_zoom)


class FitRegion(MacroElement):
    """Fit the map to a region with a margin, at the map's real size, and again whenever it is resized.

    Leaflet cannot fit a padded box into a map that has no size yet (an iframe still being laid
    out): that gives an invalid centre. The fit waits until the map is larger than its margins.
    """

    _template = Template("""
        {% macro script(this, kwargs) %}
        (function (map, bounds, pad) {
            function fit() {
                var size = map.getSize();
                if (size.x > 4 * pad && size.y > 4 * pad) {
                    map.fitBounds(bounds, {padding: [pad, pad], animate: false});
                }
            }
            map.on("resize", fit);
            if (window.ResizeObserver) {  // the page may size the frame after the map was made
                new ResizeObserver(function () { map.invalidateSize({animate: false}); }).observe(map.getContainer());
            }
            fit();
        })({{ this._parent.get_name() }}, {{ this.bounds }}, {{ this.padding }});
        {% endmacro %}
    """)

    def __init__(self, bounds: list[list[float]], padding: int = 24):
        super().__init__()
        self._name = "FitRegion"
        self.bounds = _safe_json(bounds)
        self.padding = int(padding)


def map_css(scale: float = 1.0) -> str:
    """Tooltip and legend CSS; ``scale`` enlarges the type (1.5 for a big screen)."""
    def px(size: float) -> str:
        return f"{round(size * scale)}px"

    return (
        f".npvr-tooltip{{font-size:{px(16)};line-height:1.35;padding:6px 8px}}"
        ".npvr-tip th{text-align:left;font-weight:600;padding-right:10px}"
        f".{LEGEND_CLASS}{{background:rgba(255,255,255,.95);padding:10px 14px;font-size:{px(16)};line-height:1.4;"
        f"color:#111;border:1px solid #777;border-radius:4px;max-width:{px(320)}}}"
        f".{LEGEND_CLASS} .sw{{display:inline-block;width:{px(26)};height:{px(18)};margin-right:8px;"
        "vertical-align:middle;border:1px solid #555}"
        f".{LEGEND_CLASS} .title{{font-weight:700;margin-bottom:2px}}"
        f".{LEGEND_CLASS} .note{{font-size:{px(14)};color:#333;margin-top:4px}}"
        f".{LEGEND_CLASS} .nl{{font-weight:700;margin:2px 0}}"
        f".{LEGEND_CLASS} .centre{{font-weight:600}}"
        f".{LEGEND_CLASS} .sub{{font-size:{px(14)};font-weight:400;color:#333;margin:-2px 0 2px {px(34)}}}"
        f".{LABEL_CLASS}{{background:none;border:none;box-shadow:none;font:700 {px(13)}/1.1 sans-serif;color:#111;"
        "white-space:nowrap;text-shadow:0 0 3px #fff,0 0 3px #fff,0 0 2px #fff;pointer-events:none}"
        f".{LABEL_CLASS} span{{display:inline-block;transform:translate(-50%,-50%)}}"
    )


class Style(MacroElement):
    """Adds the tooltip and legend CSS to the document from the map script (works inside iframes)."""

    _template = Template("""
        {% macro script(this, kwargs) %}
        (function () {
            if (document.getElementById("npvr-style")) { return; }
            var s = document.createElement("style");
            s.id = "npvr-style";
            s.textContent = {{ this.css|tojson }};
            document.head.appendChild(s);
        })();
        {% endmacro %}
    """)

    def __init__(self, scale: float = 1.0, fill_frame: bool = False):
        super().__init__()
        self._name = "Style"
        # fill_frame: the map takes the full height of its frame, so the page can size the frame to the screen.
        self.css = map_css(scale) + (FILL_FRAME_CSS if fill_frame else "")


# --- the map ----------------------------------------------------------------------------------

def _escape(text) -> str:
    return (str(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;"))


READING = {"higher": "donkerder = gunstiger (hoger is beter)", "lower": "donkerder = gunstiger (lager is beter)",
           "neutral": "neutrale indicator: donkerder = hoger"}
NATIONAL_READING = {"higher": "blauw = gunstiger, rood = ongunstiger dan Nederland (hoger is beter)",
                    "lower": "blauw = gunstiger, rood = ongunstiger dan Nederland (lager is beter)",
                    "neutral": "neutrale indicator: paars = hoger, oranje = lager dan Nederland"}


def legend_html(title: str, unit: str, year: int, classes: Classes | None, decimals: int, direction: str,
                level: str, scheme: str, national: str | None = None) -> str:
    """The legend as HTML: title, unit and year, class swatches, "geen gegevens" and outlines.

    With classes against Nederland (``classes.scheme == "national"``) the national value is a
    line of its own and marks the class around it (*gelijk aan Nederland*).

    Parameters
    ----------
    national
        Nederland's value as text (e.g. ``"20,8%"``), or None when there is none.
    """
    lines = [f'<div class="title">{_escape(title)}</div>', f"<div>{_escape(unit)} · {year}</div>"]
    if national is not None:
        lines.append(f'<div class="nl">Nederland: {_escape(national)}</div>')
    used = classes.scheme if classes is not None else scheme
    if classes is not None:
        for i, (colour, label) in enumerate(zip(classes.colours, classes.labels(decimals))):
            if i == classes.middle:
                lines.append(f'<div class="centre"><span class="sw" style="background:{colour};border:2px solid #000">'
                             f'</span>{_escape(label)}<div class="sub">gelijk aan Nederland</div></div>')
            else:
                lines.append(f'<div><span class="sw" style="background:{colour}"></span>{_escape(label)}</div>')
    hatch = (f"repeating-linear-gradient(45deg,{palettes.MISSING_HATCH} 0 2px,"
             f"{palettes.MISSING_COLOUR} 2px 7px)")
    lines.append(f'<div><span class="sw" style="background:{hatch}"></span>geen gegevens</div>')
    if level == "regio":
        lines.append(f'<div><span class="sw" style="background:{palettes.OUTSIDE_COLOUR}"></span>'
                     f"{OUTSIDE_TEXT}</div>")
    else:
        lines.append('<div><span class="sw" style="background:#fff;border:3px solid #000"></span>NPVR-regio</div>')
    reading = NATIONAL_READING[direction] if used == "national" else READING[direction]
    note = f"{reading}; klassen: {SCHEMES[used].split(' (')[0]}"
    if scheme == "national" and used != "national":
        note += " (deze indicator wordt niet met Nederland vergeleken)"
    lines.append(f'<div class="note">{_escape(note)}</div>')
    return "".join(lines)


@dataclass
class Choropleth:
    """A built map with what it shows.

    Attributes
    ----------
    map
        The folium map (render with ``map.get_root().render()`` or streamlit-folium).
    classes
        The classes, or None if the year has no value at all.
    table
        The shown areas: ``code``, ``name``, ``region``, ``value``, ``diff``, ``coverage``, ``fill``.
    legend
        The legend's HTML.
    """

    map: folium.Map
    classes: Classes | None
    table: pd.DataFrame
    legend: str


def _area_table(monitor: Monitor, geometry: MapGeometry, indicator_id: str, year: int, level: str) -> pd.DataFrame:
    rows = monitor.table(indicator_id, year, level)[["code", "value", "diff", "coverage"]]
    names = monitor.regions.names()
    if level == "gemeente":
        base = geometry.gemeenten[["code", "name", "region_id", "shape"]]
        out = base.merge(rows, on="code", how="left")
    else:
        base = geometry.regions.rename(columns={"region_id": "code"})
        out = base.merge(rows, on="code", how="left")
        out["region_id"] = out["code"]
    out["region"] = out["region_id"].map(names)
    return out


def coverage_text(coverage) -> str:
    """The covered share of inhabitants in words (tooltips, tables): ``"52% van de inwoners"``."""
    from .compare import MIN_COVERAGE_FOR_VERDICT

    if coverage is None or pd.isna(coverage):
        return "—"
    if coverage >= 1 - 1e-9:
        return "volledig"
    text = f"{formatting.number(100 * coverage, 0)}% van de inwoners"
    return text + (" (geen oordeel, geen rang)" if coverage < MIN_COVERAGE_FOR_VERDICT - 1e-12 else "")


def choropleth(monitor: Monitor, geometry: MapGeometry, indicator_id: str, year: int, level: str = "gemeente",
               scheme: str = DEFAULT_SCHEME, k: int | None = None, asset_url: str | None = None,
               height: int = 650, font_scale: float = 1.0, highlight: str | None = None,
               legend_inside: bool = True) -> Choropleth:
    """Build the choropleth of one indicator and year.

    Parameters
    ----------
    monitor
        The loaded monitor.
    geometry
        From :func:`prepare_geometry` (made once).
    indicator_id, year
        What to show.
    level
        ``"gemeente"`` (all gemeenten, regions as outlines) or ``"regio"`` (regions filled,
        the rest of the country grey).
    scheme, k
        Classification (see :func:`indicator_classes`: ``"national"`` colours against Nederland where the
        indicator compares); ``k`` defaults per level.
    asset_url
        Where ``leaflet.js`` and ``leaflet.css`` are served (e.g. ``/app/static/leaflet``);
        default the jsDelivr CDN.
    height
        Map height in pixels (used for standalone HTML).
    font_scale
        Enlarges legend and tooltip type (e.g. 1.5 for the meeting mode's big screen).
    highlight
        A region id to draw with a thick outline (the meeting mode's region); the map then opens
        fitted to that region, with its name on it, and fills the height of its frame (which the
        meeting mode sizes to the screen).
    legend_inside
        Draw the legend on the map (standalone HTML); the app shows ``Choropleth.legend`` beside the
        map instead, so that it never hides land.

    Returns
    -------
    Choropleth
    """
    if level not in LEVELS:
        raise UnknownKeyError(f"Onbekend kaartniveau {level!r}; kies uit {', '.join(LEVELS)}.")
    indicator = monitor.indicator(indicator_id)
    table = _area_table(monitor, geometry, indicator_id, year, level)
    classes = indicator_classes(monitor, indicator_id, year, table["value"], level, scheme, k)
    table["fill"] = classes.colour(table["value"]) if classes else HATCH_FILL

    def fmt(value) -> str:
        return formatting.indicator_value(value, indicator.unit, indicator.decimals, indicator.title)

    def fmt_diff(value) -> str:
        text = formatting.with_unit(value, formatting.diff_unit(indicator.unit), indicator.decimals, signed=True)
        return "—" if text == formatting.MISSING_TEXT else text

    fmap = folium.Map(location=[52.2, 5.3], zoom_start=7, tiles=None, zoom_snap=0.25, zoom_delta=0.5,
                      min_zoom=6, max_zoom=13, height=height)
    base = asset_url.rstrip("/") if asset_url else LEAFLET_CDN
    fmap.default_js = [("leaflet", f"{base}/leaflet.js")]
    fmap.default_css = [("leaflet_css", f"{base}/leaflet.css")]
    fmap.add_child(MapSetup("Bron: CBS (CC BY 4.0) · grenzen CBS/Kadaster"))
    fmap.add_child(Style(font_scale, fill_frame=highlight is not None))
    value_label = f"Waarde {year}"
    if level == "gemeente":
        rows = [{"shape": r.shape, "fill": r.fill, "code": r.code, "region_id": r.region_id,
                 "tip": [r.name, r.region if isinstance(r.region, str) else OUTSIDE_TEXT, fmt(r.value),
                         fmt_diff(r.diff)]}
                for r in table.itertuples()]
        fmap.add_child(EncodedLayer(rows, ["Gemeente", "Regio", value_label, "Verschil met Nederland"],
                                    {"color": "#ffffff", "weight": 0.6, "fillOpacity": 0.9},
                                    zoom_to=geometry.bounds))
        outlines = [{"shape": r.shape, "fill": None, "code": r.region_id, "region_id": r.region_id, "tip": []}
                    for r in geometry.regions.itertuples()]
        fmap.add_child(EncodedLayer(outlines, [], {"color": palettes.OUTLINE_COLOUR, "weight": 2.5}))
    else:
        outside = geometry.gemeenten[geometry.gemeenten["region_id"].isna()]
        grey = [{"shape": r.shape, "fill": palettes.OUTSIDE_COLOUR, "code": r.code, "region_id": None,
                 "tip": [r.name, OUTSIDE_TEXT]} for r in outside.itertuples()]
        fmap.add_child(EncodedLayer(grey, ["Gemeente", "Regio"], {"color": "#ffffff", "weight": 0.6,
                                                                    "fillOpacity": 1.0}))
        rows = [{"shape": r.shape, "fill": r.fill, "code": r.code, "region_id": r.region_id,
                 "tip": [r.name, fmt(r.value), fmt_diff(r.diff), coverage_text(r.coverage)]}
                for r in table.itertuples()]
        fmap.add_child(EncodedLayer(rows, ["Regio", value_label, "Verschil met Nederland", "Dekking"],
                                    {"color": palettes.OUTLINE_COLOUR, "weight": 2.0, "fillOpacity": 0.95},
                                    zoom_to=geometry.bounds))
    if highlight is not None:
        marked = geometry.regions[geometry.regions["region_id"] == highlight]
        if marked.empty:
            raise UnknownKeyError(f"Onbekende regio {highlight!r}; kies uit {', '.join(geometry.regions['region_id'])}.")
        fmap.add_child(EncodedLayer([{"shape": marked.iloc[0]["shape"], "fill": None, "code": highlight,
                                      "region_id": highlight, "tip": []}], [],
                                    {"color": palettes.OUTLINE_COLOUR, "weight": 6}))
    labels = [{"lat": r.label_lat, "lon": r.label_lon, "name": r.name} for r in geometry.regions.itertuples()
              if highlight is None or r.region_id == highlight]
    fmap.add_child(RegionLabels(labels, None if level == "regio" or highlight else LABEL_MIN_ZOOM))
    national = monitor.national(indicator_id, year)
    nl_text = None if national is None or pd.isna(national["value"]) else fmt(national["value"])
    html = legend_html(indicator.title, indicator.unit, year, classes, indicator.decimals, indicator.direction,
                       level, scheme, nl_text)
    if legend_inside:
        fmap.add_child(Legend(html))
    if geometry.shapes_url:
        index = geometry.shape_index()
        for child in fmap._children.values():
            if isinstance(child, EncodedLayer):
                child.use_shared_shapes(geometry.shapes_url, index)
    if highlight is None:
        fmap.fit_bounds(geometry.bounds[NATIONAL_VIEW])
    else:
        fmap.add_child(FitRegion(geometry.bounds[highlight]))
    shown = table.drop(columns=["shape", "region_id"])
    return Choropleth(map=fmap, classes=classes, table=shown, legend=html)


def to_html(chart: Choropleth) -> str:
    """The map as a standalone HTML page (for reports and for measuring the payload)."""
    return chart.map.get_root().render()
