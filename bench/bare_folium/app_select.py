"""The bare page with one streamlit-folium map (``app.py`` beside it) plus one select box: what a
page with widgets and a map costs in Streamlit's frontend before anything of the monitor."""

import folium
import streamlit as st
from streamlit_folium import st_folium

st.write("Kale foliumpagina")
st.selectbox("Indicator", ["Werkloosheid", "Aandeel 65 jaar of ouder"])
fmap = folium.Map(location=[52.2, 5.3], zoom_start=7, tiles=None)
fmap.default_js = [("leaflet", "/app/static/leaflet/leaflet.js")]
fmap.default_css = [("leaflet_css", "/app/static/leaflet/leaflet.css")]
folium.CircleMarker([52.2, 5.3], radius=20).add_to(fmap)
st_folium(fmap, key="kaart", height=400, returned_objects=[])
