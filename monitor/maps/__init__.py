"""Maps: one model with thin renderers.

- :mod:`.geometry`: the areas per level in RD New, built once per monitor;
- :mod:`.web_geometry`: those areas in WGS84, encoded for the browser;
- :mod:`.classes`: classes, colours and the legend's wording as data;
- :mod:`.model`: what one map shows (values, classes, national value);
- :mod:`.folium_elements` and :mod:`.folium_map`: the web renderer (folium, imported only by these two);
- :mod:`monitor.reports.static_map`: the PNG/PDF renderer (matplotlib, no folium).

Import from the modules; this package imports nothing, so loading the model does not load folium.
"""
