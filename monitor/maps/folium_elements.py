"""The folium elements of the web map: its JavaScript templates and CSS (Leaflet is the only script).

:class:`MapSetup` (decoder, hatch pattern, attribution), :class:`EncodedLayer` (areas from the
encoded shapes of :mod:`monitor.maps.web_geometry`, with tooltips and click-to-zoom, optionally
fetched once per browser), :class:`Legend`, :class:`RegionLabels`, :class:`FitRegion` and
:class:`Style`, :class:`FitCountry`. :mod:`monitor.maps.folium_map` puts them together.
"""

from __future__ import annotations

from branca.element import MacroElement
from jinja2 import Template

from .. import palettes
from .classes import HATCH_ID
from .web_geometry import SCALE, safe_json as _safe_json

FILL_FRAME_CSS = "html,body{height:100%;margin:0;overflow:hidden}#map_div{height:100vh !important}"
"""For a map whose frame the page sizes (the meeting mode): the map follows the frame's height."""
LEGEND_CLASS = "npvr-legend"
LABEL_CLASS = "npvr-label"


class MapSetup(MacroElement):
    """Shared JavaScript: decoder, hatch pattern, background and attribution. Add it first."""

    _template = Template("""
        {% macro script(this, kwargs) %}
        (function () {
            var map = {{ this._parent.get_name() }};
            map.getContainer().style.background = "#eef2f5";
            map.attributionControl.setPrefix(false);
            map.attributionControl.addAttribution({{ this.attribution|tojson }});
            // Say what the frame shows (screen readers announce it); its title stays the component's name.
            map.getContainer().setAttribute("aria-label", {{ this.label|tojson }});
            try { if (window.frameElement) { window.frameElement.setAttribute("aria-label", {{ this.label|tojson }}); } }
            catch (e) { /* a frame of another origin: its own label is enough */ }
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
            // Straight to Leaflet's LatLng rings (no GeoJSON in between: fewer objects per vertex).
            return shape.map(function (rings) {
                return rings.map(function (ring) {
                    var x = 0, y = 0, out = new Array(ring.length / 2);
                    for (var i = 0, j = 0; i < ring.length; i += 2, j++) {
                        x += ring[i]; y += ring[i + 1];
                        out[j] = L.latLng(y / {{ this.scale }}, x / {{ this.scale }});
                    }
                    return out;
                });
            });
        };
        window.npvrEscape = function (text) {
            return String(text).replace(/[&<>"]/g, function (c) {
                return {"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;"}[c];
            });
        };
        {% endmacro %}
    """)

    def __init__(self, attribution: str, label: str = "Kaart van Nederland"):
        super().__init__()
        self._name = "MapSetup"
        self.attribution = attribution
        self.label = label
        self.hatch_id = HATCH_ID
        self.missing = palettes.MISSING_COLOUR
        self.hatch = palettes.MISSING_HATCH
        self.scale = SCALE


class EncodedLayer(MacroElement):
    """A layer of polygons from encoded shapes, with per-area fill, tooltip and click-to-zoom.

    The shapes become Leaflet polygons directly (no GeoJSON in between), and the tooltip and the
    hover and click listeners are bound once to the layer rather than to each area: drawing the
    342 gemeenten of a new map took about a third less time in Chromium. Each polygon carries a
    GeoJSON-like ``feature`` (its properties), which streamlit-folium returns for a clicked area.

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
    pane
        A Leaflet pane for the features, created below the overlay pane (z-index 390) if the map
        has none of that name; default the overlay pane.

    Attributes
    ----------
    mark
        Text written to the map container's ``data-npvr-values`` once the features are drawn
        (None: nothing written).
    """

    _template = Template("""
        {% macro script(this, kwargs) %}
        var {{ this.get_name() }} = (function (data, map) {
            if (data.pane && !map.getPane(data.pane)) { map.createPane(data.pane).style.zIndex = 390; }
            var pane = data.pane || "overlayPane", interactive = data.fields.length > 0;
            function style(properties) {
                return Object.assign({pane: pane, interactive: interactive}, data.style, properties.fill
                    ? {fillColor: properties.fill, fill: true} : {fill: false});
            }
            function features(shared) {
                data.rows.forEach(function (r) {
                    var properties = {fill: r.fill, tip: r.tip, region_id: r.region_id, code: r.code};
                    var area = L.polygon(npvrDecode(r.ref === undefined ? r.shape : shared[r.ref]), style(properties));
                    area.feature = {type: "Feature", properties: properties};
                    layer.addLayer(area);
                });
            }
            var layer = L.featureGroup();
            if (interactive) {
                // One tooltip and one set of listeners on the layer, not one per area: the areas'
                // events reach the layer (e.layer is the area), and adding 342 areas stays cheap.
                layer.bindTooltip(function (l) {
                    var tip = l.feature.properties.tip;
                    return '<table class="npvr-tip">' + data.fields.map(function (name, i) {
                        return "<tr><th>" + npvrEscape(name) + "</th><td>" + npvrEscape(tip[i]) + "</td></tr>";
                    }).join("") + "</table>";
                }, {sticky: true, className: "npvr-tooltip"});
                layer.on("mouseover", function (e) { e.layer.setStyle({weight: data.style.weight + 2, color: "#000000"}); });
                layer.on("mouseout", function (e) { e.layer.setStyle(style(e.layer.feature.properties)); });
                layer.on("click", function (e) {
                    var b = data.zoom_to[e.layer.feature.properties.region_id];
                    if (b) { map.fitBounds(b); }
                });
            }
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
                cache[data.shapes_url].then(function (shared) { features(shared); drawn(); });
            } else {
                features(null);
                drawn();
            }
            function drawn() { if (data.mark) { map.getContainer().dataset.npvrValues = data.mark; } }
            return layer.addTo(map);
        })({{ this.payload }}, {{ this.map_name or this._parent.get_name() }});
        {% endmacro %}
    """)

    def __init__(self, rows: list[dict], fields: list[str], style: dict, zoom_to: dict | None = None,
                 pane: str | None = None):
        super().__init__()
        self._name = "EncodedLayer"
        self.data = {"rows": rows, "fields": fields, "style": style, "zoom_to": zoom_to or {}, "pane": pane}
        self.mark: str | None = None
        self.map_name: str | None = None

    @property
    def payload(self) -> str:
        """The layer's data as JSON for the script."""
        return _safe_json({**self.data, "mark": self.mark})

    def script_for(self, map_name: str) -> str:
        """The layer's script for a Leaflet map that already exists in the page as ``map_name``.

        The script adds the layer to that map and evaluates to the layer (so that the caller can
        remove it again); the layer itself stays unattached to any folium map.
        """
        self.map_name = map_name
        try:
            return self._template.module.script(self, {})
        finally:
            self.map_name = None

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
    """Region names on the map: always (``min_zoom`` None) or from ``min_zoom`` on (zoomed to a region);
    a name at the map's edge is moved sideways to stay whole."""

    _template = Template("""
        {% macro script(this, kwargs) %}
        (function (labels, map, minZoom) {
            var group = L.layerGroup(labels.map(function (l) {
                return L.marker([l.lat, l.lon], {interactive: false, keyboard: false, icon: L.divIcon({
                    className: {{ this.css_class|tojson }}, iconSize: null,
                    html: "<span>" + npvrEscape(l.name) + "</span>"})});
            }));
            // A name near the edge of a narrow map (a phone) is moved sideways to stay whole, not clipped.
            function keepInside() {
                var box = map.getContainer().getBoundingClientRect();
                group.eachLayer(function (marker) {
                    var el = marker.getElement(), span = el && el.firstChild;
                    if (!span) { return; }
                    span.style.position = "relative";
                    span.style.left = "0px";
                    var r = span.getBoundingClientRect(), shift = 0;
                    if (r.right > box.right - 4) { shift = box.right - 4 - r.right; }
                    if (r.left + shift < box.left + 4) { shift = box.left + 4 - r.left; }
                    span.style.left = shift + "px";
                });
            }
            function update() {
                if (minZoom === null || map.getZoom() >= minZoom) { group.addTo(map); keepInside(); }
                else { map.removeLayer(group); }
            }
            map.on("zoomend", update);
            map.on("moveend resize", keepInside);
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


class FitCountry(MacroElement):
    """Show the whole country at any width: a view requested at the country's centre fits its bounds.

    The app asks for the national view with a centre and zoom computed for a typical map width
    (:func:`monitor.maps.web_geometry.view_for`); on a narrower screen (a phone) that zoom cut off the
    east and west. A ``setView`` at exactly the centre of ``bounds`` therefore becomes a
    ``fitBounds`` at the map's real size, again when the page resizes the frame (while the national
    view is shown); every other view (a region, the user's own zoom) is left alone.
    """

    _template = Template("""
        {% macro script(this, kwargs) %}
        (function (map, bounds) {
            var centre = L.latLngBounds(bounds).getCenter(), setView = map.setView, fitting = false, national = false;
            map.setView = function (target, zoom, options) {
                var at = target && L.latLng(target);
                if (!fitting && at && at.lat === centre.lat && at.lng === centre.lng) {
                    fitting = true;
                    national = true;
                    try { return map.fitBounds(bounds, {padding: [12, 12], animate: false}); }
                    finally { fitting = false; }
                }
                if (!fitting) { national = false; }
                return setView.call(this, target, zoom, options);
            };
            if (window.ResizeObserver) {  // the page sizes the frame to the screen, maybe after the map was made
                new ResizeObserver(function () {
                    map.invalidateSize({animate: false});
                    if (national) {
                        fitting = true;
                        try { map.fitBounds(bounds, {padding: [12, 12], animate: false}); } finally { fitting = false; }
                    }
                }).observe(map.getContainer());
            }
        })({{ this._parent.get_name() }}, {{ this.bounds }});
        {% endmacro %}
    """)

    def __init__(self, bounds: list[list[float]]):
        super().__init__()
        self._name = "FitCountry"
        self.bounds = _safe_json(bounds)


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

