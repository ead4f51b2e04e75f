"""A bare Streamlit page with one small streamlit-folium map (Leaflet from this folder's ``static/``,
a link to the app's): the floor of "new session -> map drawn" for any app that uses the component."""

import folium
import streamlit as st
from streamlit_folium import st_folium

st.write("Kale foliumpagina")
fmap = folium.Map(location=[52.2, 5.3], zoom_start=7, tiles=None)
fmap.default_js = [("leaflet", "/app/static/leaflet/leaflet.js")]
fmap.default_css = [("leaflet_css", "/app/static/leaflet/leaflet.css")]
folium.CircleMarker([52.2, 5.3], radius=20).add_to(fmap)
st_folium(fmap, key="kaart", height=400, returned_objects=[])
