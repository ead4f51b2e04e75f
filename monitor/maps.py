"""Choropleth maps of one indicator and year, for the app: the one import of the map's public names.

The map is one model with thin renderers, each concern in its own module:

- :mod:`monitor.map_geometry`: the areas (gemeenten, regions dissolved from them) per snapshot, in
  RD New, and the one cache of map geometry;
- :mod:`monitor.web_geometry`: those areas in WGS84, encoded for the browser;
- :mod:`monitor.map_classes`: classes, colours and the legend's wording as data;
- :mod:`monitor.map_model`: what one map shows (values, classes, national value);
- :mod:`monitor.folium_elements` and :mod:`monitor.folium_map`: the web renderer (folium);
- :mod:`monitor.reports.static_map`: the PNG/PDF renderer (matplotlib, no folium).

Importing this module loads folium; reports import the modules above directly.
"""

from __future__ import annotations

from .folium_elements import (FILL_FRAME_CSS, LABEL_CLASS, LEGEND_CLASS, EncodedLayer, FitCountry, FitRegion, Legend, MapSetup,
                              RegionLabels, Style, map_css)
from .folium_map import (LABEL_MIN_ZOOM, LEAFLET_CDN, VALUES_PANE, Choropleth, base_map, choropleth, coverage_text,
                         legend_html, render, to_html, values_layer)
from .map_classes import (DEFAULT_CLASSES, DEFAULT_SCHEME, HATCH_FILL, HATCH_ID, LEVELS, NATIONAL_CLASSES,
                          NATIONAL_READING, OUTSIDE_TEXT, READING, SCHEMES, Classes, LegendEntry, classify,
                          classify_national, indicator_classes)
from .map_geometry import NATIONAL_VIEW, AreaGeometry, area_geometry
from .map_model import MapModel, map_model
from .web_geometry import (DEFAULT_TOLERANCE, SCALE, WGS84, MapGeometry, decode_shape, encode_shape, label_point,
                           prepare_geometry, view_for, web_geometry)

__all__ = [
    "FILL_FRAME_CSS", "LABEL_CLASS", "LEGEND_CLASS", "EncodedLayer", "FitCountry", "FitRegion", "Legend", "MapSetup",
    "RegionLabels",
    "Style", "map_css", "LABEL_MIN_ZOOM", "LEAFLET_CDN", "Choropleth", "choropleth", "coverage_text", "legend_html",
    "render", "to_html", "base_map", "values_layer", "VALUES_PANE", "DEFAULT_CLASSES", "DEFAULT_SCHEME", "HATCH_FILL", "HATCH_ID",
    "LEVELS",
    "NATIONAL_CLASSES",
    "NATIONAL_READING", "OUTSIDE_TEXT", "READING", "SCHEMES", "Classes", "LegendEntry", "classify",
    "classify_national", "indicator_classes", "NATIONAL_VIEW", "AreaGeometry", "area_geometry", "MapModel",
    "map_model", "DEFAULT_TOLERANCE", "SCALE", "WGS84", "MapGeometry", "decode_shape", "encode_shape", "label_point",
    "prepare_geometry", "view_for", "web_geometry",
]
