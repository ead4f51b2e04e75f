"""``st_folium`` with the map's rendering done once per map and shared by every session.

``streamlit_folium.st_folium`` renders the folium map twice on every rerun of every session
(the whole document, then each element's script again, compiling the 250 KB script as a Jinja
template each time): 30 ms per rerun, half the server time of the Kaart page, repeated for every
viewer of the same map. The maps are cached per choice (``map_cache.choropleth``); here what
``st_folium`` derives from a map (script, header, html, links, bounds) is cached with it, and
each rerun only sends it.

The map is sent without its values, and the values as a layer (streamlit-folium's "feature
group" argument, which its frontend swaps on a map that stays): the base map is the same for
every indicator, year and classification, so the component keeps its frame and Leaflet, and an
indicator switch only replaces the coloured areas. It mirrors ``st_folium`` of streamlit-folium 0.27.4 (pinned in
requirements.txt) for the options the pages use; ``tests/app/test_app_memory.py`` checks that the
component receives exactly what ``st_folium`` would send.
"""

from __future__ import annotations

import functools
import threading
import weakref
from dataclasses import dataclass
from collections.abc import Callable, Iterable

import branca
import folium
import folium.elements
import streamlit_folium
from streamlit_folium import _component_func, _get_header, _get_html, _get_map_string, generate_js_hash, get_full_id

from monitor.maps.folium_elements import EncodedLayer

_PREPARED: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()
_LAYER_SCRIPTS: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()
MAP_NAME = "map_div"
"""The name of the Leaflet map in the component's frame (``_get_map_string`` renames the map to it)."""
_LOCK = threading.Lock()


@dataclass(frozen=True)
class PreparedMap:
    """What the streamlit-folium component needs from a folium map, rendered once."""

    script: str
    header: str
    html: str
    map_id: str
    css_links: tuple[str, ...]
    js_links: tuple[str, ...]
    bounds: dict
    zoom: object


def _links(fmap: folium.Map) -> tuple[list[str], list[str]]:
    def walk(element):
        if isinstance(element, (branca.colormap.ColorMap, folium.elements.JSCSSMixin)):
            yield element
        for child in getattr(element, "_children", {}).values():
            yield from walk(child)

    css, js = [], []
    for element in walk(fmap):
        if isinstance(element, branca.colormap.ColorMap):
            raise ValueError("colour maps (d3) are not supported by dashboard.map_component; use st_folium")
        css.extend(href for _, href in getattr(element, "default_css", []))
        js.extend(src for _, src in getattr(element, "default_js", []))
    return list(dict.fromkeys(css)), list(dict.fromkeys(js))


def prepare(fmap: folium.Map) -> PreparedMap:
    """Render ``fmap`` the way ``st_folium`` does, once; later calls return the same result.

    The map must not change afterwards (the cached maps of ``map_cache.choropleth`` do not).
    """
    with _LOCK:
        prepared = _PREPARED.get(fmap)
        if prepared is None:
            # st_folium's first call on a map object changes the element tree (its header is
            # complete only from the second call on): render twice and keep the settled result.
            for _ in range(2):
                fmap.get_root().render()
                fmap.render()
                html, header = _get_html(fmap), _get_header(fmap)
                script = _get_map_string(fmap)
            (south, west), (north, east) = fmap.get_bounds()
            css, js = _links(fmap)
            prepared = PreparedMap(
                script=script, header=header, html=html, map_id=get_full_id(fmap), css_links=tuple(css),
                js_links=tuple(js),
                bounds={"_southWest": {"lat": south, "lng": west}, "_northEast": {"lat": north, "lng": east}},
                zoom=fmap.options.get("zoom"))
            _PREPARED[fmap] = prepared
    return prepared


def layer_script(layer: EncodedLayer) -> str:
    """The values layer as the component's feature-group script, rendered once per layer.

    The frontend removes the layers listed in ``window.feature_group`` and evaluates this script
    whenever it changes; the script adds the layer to the map and lists it there.
    """
    with _LOCK:
        script = _LAYER_SCRIPTS.get(layer)
        if script is None:
            script = f"{layer.script_for(MAP_NAME)}\nwindow.feature_group = [{layer.get_name()}];\n"
            _LAYER_SCRIPTS[layer] = script
    return script


@functools.lru_cache(maxsize=256)
def _hash(script: str, key: str) -> str:
    # A regular expression over the whole script (several ms), the same for every rerun of a map.
    return generate_js_hash(script, key, False)


def st_folium(fmap: folium.Map, key: str, height: int = 700, width: int | None = 500,
              returned_objects: Iterable[str] | None = None, zoom: float | None = None,
              center: tuple[float, float] | None = None, use_container_width: bool = False,
              on_change: Callable | None = None, layer: EncodedLayer | None = None):
    """Show ``fmap`` like ``streamlit_folium.st_folium`` (same component, same arguments), rendering it once.

    ``layer`` (the values, see :func:`layer_script`) is drawn on ``fmap`` and replaced in the
    browser without rebuilding the map when only the layer changes.

    Returns what ``st_folium`` returns: the component's value (the user's interactions).
    """
    prepared = prepare(fmap)
    defaults = {"last_clicked": None, "last_object_clicked": None, "last_object_clicked_count": None,
                "last_object_clicked_tooltip": None, "last_object_clicked_popup": None, "all_drawings": None,
                "last_active_drawing": None, "bounds": prepared.bounds, "zoom": prepared.zoom,
                "last_circle_radius": None, "last_circle_polygon": None, "selected_layers": None,
                "selected_tags": None, "last_geocoder_result": None}
    if returned_objects is not None:
        returned_objects = list(returned_objects)
        defaults = {k: v for k, v in defaults.items() if k in returned_objects}
    hash_key = _hash(prepared.script, key)

    def _on_change() -> None:
        import streamlit as st

        st.session_state[key] = st.session_state.get(hash_key, {})
        if on_change is not None:
            on_change()

    return _component_func(
        script=prepared.script, header=prepared.header, html=prepared.html, id=prepared.map_id, key=hash_key,
        height=height, width=None if use_container_width else width, returned_objects=returned_objects,
        default=defaults, zoom=zoom, center=center, feature_group=None if layer is None else layer_script(layer),
        return_on_hover=False, layer_control=None if layer is None else "",
        pixelated=False, css_links=list(prepared.css_links), js_links=list(prepared.js_links), on_change=_on_change,
        wrap_longitude=False)


__all__ = ["MAP_NAME", "PreparedMap", "layer_script", "prepare", "st_folium", "streamlit_folium"]
