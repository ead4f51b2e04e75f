"""The maps of the app: built once per server process, shared by all sessions, shapes as a static file.

A web map is a base map (outlines, labels, view: the same for every indicator of a level) plus a
values layer; both are cached here per choice, keyed by the monitor's fingerprint. The shapes are
written once to ``static/geometry/`` so that the browser fetches and caches them.
"""

from __future__ import annotations

import dataclasses
import hashlib
import logging
import os
import tempfile
from pathlib import Path

import streamlit as st

from dashboard.state import get_monitor
from monitor.data import Monitor
from monitor.maps import folium_elements, folium_map, web_geometry
from monitor.maps import geometry as map_geometry

SHAPES_DIR = Path(__file__).resolve().parent.parent / "static" / "geometry"
"""Map shapes for the browser (written at run time, git-ignored)."""


def get_geometry(fingerprint: str) -> web_geometry.MapGeometry:
    """The web map's geometry of the loaded monitor (``fingerprint``), its shapes published as a static file.

    Built once per monitor in the core's one geometry cache (:func:`monitor.maps.geometry.cached`),
    which the reports and the export share; ``fingerprint`` names the monitor the caller holds
    (the geometry is that of :func:`get_monitor`, cached with it).
    """
    monitor = get_monitor()

    def build() -> web_geometry.MapGeometry:
        with st.spinner("Kaartgrenzen voorbereiden…"):
            return publish_shapes(web_geometry.web_geometry(monitor))

    return map_geometry.cached(monitor, ("published", static_url()), build)


def publish_shapes(geometry: web_geometry.MapGeometry, folder: Path = SHAPES_DIR) -> web_geometry.MapGeometry:
    """Write the map shapes to ``static/geometry/<content hash>.json`` and let the maps refer to them.

    The browser then fetches the geometry once (and keeps it in its cache) instead of receiving it
    with every map: an indicator switch sends only values, colours and tooltips. If the folder
    cannot be written, the maps carry their shapes as before.
    """
    data = geometry.shapes_json()
    name = f"{hashlib.sha256(data).hexdigest()[:16]}.json"
    target = folder / name
    try:
        if not target.is_file():
            folder.mkdir(parents=True, exist_ok=True)
            handle, temp = tempfile.mkstemp(dir=folder, prefix=".shapes-", suffix=".tmp")
            try:
                with os.fdopen(handle, "wb") as out:
                    out.write(data)
                os.chmod(temp, 0o644)
                os.replace(temp, target)
            except BaseException:
                Path(temp).unlink(missing_ok=True)
                raise
    except OSError:
        logging.getLogger("npvr.app").warning("Cannot write %s; maps carry their own shapes", target)
        return geometry
    return dataclasses.replace(geometry, shapes_url=f"{static_url()}/geometry/{name}")


@st.cache_resource(max_entries=16, show_spinner=False)
def _base_map(fingerprint: str, level: str, asset_url: str, height: int, font_scale: float,
              highlight: str | None):
    # The pages size the map's frame to the screen (CSS); the map follows the frame's height.
    return folium_map.base_map(get_geometry(fingerprint), level, asset_url=asset_url, height=height,
                         font_scale=font_scale, highlight=highlight, fill_frame=True)


@st.cache_resource(max_entries=64, show_spinner=False)
def _choropleth(fingerprint: str, indicator_id: str, year: int, level: str, scheme: str, asset_url: str,
                height: int, font_scale: float, highlight: str | None) -> folium_map.Choropleth:
    chart = folium_map.choropleth(get_monitor(), get_geometry(fingerprint), indicator_id, year, level, scheme=scheme,
                            legend_inside=False, values_apart=True)
    base = _base_map(fingerprint, level, asset_url, height, font_scale, highlight)
    return dataclasses.replace(chart, map=base)


def choropleth(monitor: Monitor, indicator_id: str, year: int, level: str, scheme: str, height: int,
               font_scale: float = 1.0, highlight: str | None = None) -> folium_map.Choropleth:
    """The map of one choice, built once per server process and shared by all sessions.

    ``Choropleth.map`` is the map without its values (:func:`monitor.maps.base_map`), the same for
    every indicator, year and classification of a level; ``Choropleth.layer`` holds the values.
    Show them with ``dashboard.map_component.st_folium(chart.map, layer=chart.layer, …)``: the browser
    then keeps the map and swaps only the values when the user picks another indicator, and the
    rendering is done once for all sessions. The zoom is not part of the key (the component takes
    centre and zoom separately). The legend is not on the map: show ``Choropleth.legend`` beside
    it with :func:`legend`.
    """
    return _choropleth(monitor.fingerprint, indicator_id, year, level, scheme, asset_url(), height,
                       font_scale, highlight)


def legend(chart: folium_map.Choropleth, font_scale: float = 1.0) -> None:
    """The map's legend beside the map (never over land), with the map's legend style."""
    st.html(f"<style>{folium_elements.map_css(font_scale)}</style>"
            f'<div class="{folium_elements.LEGEND_CLASS}" role="group" aria-label="Legenda">{chart.legend}</div>')


def static_url() -> str:
    """Where this server serves the project's ``static/`` folder (Streamlit's static serving)."""
    base = (st.get_option("server.baseUrlPath") or "").strip("/")
    return f"/{base + '/' if base else ''}app/static"


def asset_url() -> str:
    """Where this server serves Leaflet (``static/leaflet``)."""
    return f"{static_url()}/leaflet"
