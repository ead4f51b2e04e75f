"""Kaart: a choropleth of the chosen indicator and year, by gemeente or by NPVR region."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboard import downloads
from dashboard import format as fmt
from dashboard import foliummap, state
from monitor import maps

MAP_HEIGHT = 680
MAP_KEY = "kaart_map"


def _on_click() -> None:
    """A click on a region (or a gemeente in one) selects and zooms to that region."""
    clicked = (st.session_state.get(MAP_KEY) or {}).get("last_active_drawing") or {}
    region_id = (clicked.get("properties") or {}).get("region_id")
    if region_id:
        st.session_state["region"] = region_id
        st.session_state["zoom"] = region_id


def map_table(table: pd.DataFrame, indicator, level: str) -> pd.DataFrame:
    """The map's areas as a table (the map's text alternative), in the order of the values."""
    rows = table.sort_values("value", ascending=indicator.direction == "lower", na_position="last")
    out = {"Gemeente" if level == "gemeente" else "Regio": rows["name"].astype(str).to_numpy()}
    if level == "gemeente":
        out["Code"] = rows["code"].to_numpy()
        out["Regio"] = rows["region"].fillna(maps.OUTSIDE_TEXT).to_numpy()
    out["Waarde"] = [fmt.value(indicator, v) for v in rows["value"]]
    out["Verschil met Nederland"] = [fmt.difference(indicator, d) for d in rows["diff"]]
    return pd.DataFrame(out)


def render() -> None:
    """Draw the page."""
    monitor = state.get_monitor()
    selection = state.sidebar(monitor)
    indicator = monitor.indicator(selection.indicator)
    st.title("Kaart")
    names = monitor.regions.names()
    left, middle, right = st.columns([3, 3, 2])
    left.radio("Niveau", list(state.LEVEL_LABELS), key="level", format_func=state.LEVEL_LABELS.get,
               horizontal=True)
    middle.selectbox("Zoom naar", [maps.NATIONAL_VIEW, *names], key="zoom",
                     format_func=lambda z: "Heel Nederland" if z == maps.NATIONAL_VIEW else names[z])
    right.selectbox("Klassenindeling", list(maps.SCHEMES), key="scheme", format_func=lambda s: maps.SCHEMES[s])
    year = state.shown_year(monitor, selection)
    if year is None:
        return
    level = st.session_state["level"]
    st.subheader(f"{indicator.title}, {year}")
    st.caption(f"{indicator.description} Eenheid: {indicator.unit}; {fmt.direction(indicator)}.")
    chart = state.choropleth(monitor, indicator.id, year, level, st.session_state["scheme"], MAP_HEIGHT)
    if chart.classes is None:
        st.info(f"Voor {year} zijn er geen waarden op {'gemeente' if level == 'gemeente' else 'regio'}niveau: "
                "alle gebieden staan gearceerd als “geen gegevens”.")
    geometry = state.get_geometry(monitor.snapshot.fingerprint)
    center, zoom = maps.view_for(geometry.bounds[st.session_state["zoom"]], height=MAP_HEIGHT)
    foliummap.st_folium(chart.map, key=MAP_KEY, height=MAP_HEIGHT, use_container_width=True,
              returned_objects=["last_active_drawing"], center=center, zoom=zoom, on_change=_on_click)
    national = monitor.national(indicator.id, year)
    nl_text = fmt.value(indicator, national["value"]) if national is not None else fmt.MISSING_TEXT
    missing = int(chart.table["value"].isna().sum())
    state.source_line(monitor, f"Nederland {year}: {nl_text}; {missing} gebied(en) zonder gegevens (gearceerd). "
                               "Klik op een regio om in te zoomen.")
    zoomed = st.session_state["zoom"]
    region = None if zoomed == maps.NATIONAL_VIEW else zoomed
    scheme, fingerprint = st.session_state["scheme"], monitor.snapshot.fingerprint
    st.download_button("Kaart als afbeelding (PNG, voor dia's)", key="download_png", mime=downloads.PNG_MIME,
                       data=lambda: downloads.map_png(fingerprint, indicator.id, year, level, region, scheme),
                       file_name=f"kaart_{indicator.id}_{year}_{level}{'_' + region if region else ''}.png")
    with st.expander("Tabel bij de kaart"):
        st.dataframe(map_table(chart.table, indicator, level), hide_index=True, width="stretch")


if __name__ == "__main__":
    render()
