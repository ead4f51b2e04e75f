"""Kaart: a choropleth of the chosen indicator and year, by gemeente or by NPVR region."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboard import downloads, map_cache, map_component, opening, state
from dashboard.plain import md
from monitor.maps import classes as map_classes, geometry as map_geometry, web_geometry
from monitor import wording
from monitor.levels import LABELS as LEVEL_LABELS
from monitor.levels import MAP_LEVEL_LABELS

MAP_HEIGHT = 680
VIEW_WIDTH = 540  # map width (pixels) assumed for the zoom: the map column at 1280 px still shows all of it
VIEW_HEIGHT = 430  # and its height: the frame is sized to the screen (CSS below), at 1280x800 about this
# Short names in the select box (the full names in its help), so that the box shows its whole value.
SCHEME_LABELS = {"national": "tegen Nederland", "quantiles": "kwantielen", "natural_breaks": "natuurlijke grenzen"}
# The whole map on the first screen at 1280x800 and 1366x768: a compact heading, the frame sized to the screen.
CSS = """
<style>
[data-testid="stMainBlockContainer"] { padding-top: 3.6rem !important; }
[data-testid="stMainBlockContainer"] h1 { font-size: 2rem; padding: 0 0 .25rem 0; }
iframe[title="streamlit_folium.st_folium"] { height: clamp(360px, calc(100vh - 19rem), 680px) !important; }
</style>
"""
MAP_KEY = "kaart_map"
TABLE_KEY = "kaart_table"


def _on_click() -> None:
    """A click on a region (or a gemeente in one) selects and zooms to that region."""
    clicked = (st.session_state.get(MAP_KEY) or {}).get("last_active_drawing") or {}
    region_id = (clicked.get("properties") or {}).get("region_id")
    if region_id:
        state.update(region=region_id, zoom=region_id)


def map_table(table: pd.DataFrame, indicator, level: str) -> pd.DataFrame:
    """The map's areas as a table (the map's text alternative), in the order of the values."""
    rows = table.sort_values("value", ascending=indicator.direction == "lower", na_position="last")
    out = {LEVEL_LABELS[level]: rows["name"].astype(str).to_numpy()}
    if level == "gemeente":
        out["Code"] = rows["code"].to_numpy()
        out["Regio"] = rows["region"].fillna(map_classes.OUTSIDE_TEXT).to_numpy()
    out["Waarde"] = [wording.value(indicator, v) for v in rows["value"]]
    if "lower_95" in rows and rows["lower_95"].notna().any():  # CBS's bounds, as in the tooltip
        out["95%-marge"] = [wording.interval(indicator, lo, hi) for lo, hi in zip(rows["lower_95"], rows["upper_95"])]
    out["Verschil met Nederland"] = [wording.difference(indicator, d) for d in rows["diff"]]
    if level == "regio":
        out["Dekking"] = [wording.coverage_cell(c) or "volledig" for c in rows["coverage"]]
    return pd.DataFrame(out)


def render() -> None:
    """Draw the page."""
    st.html(CSS)
    st.title("Kaart")
    choice, level_column, middle, right = st.columns([3.2, 1.5, 2.3, 2.3])
    with choice:
        page = opening.start(indicator_in_main=True, uses=("indicator", "year"))  # the zoom is the region here
    monitor, view, indicator = page.monitor, page.view, page.indicator
    names = monitor.regions.names()
    level_column.radio("Niveau", list(MAP_LEVEL_LABELS), key=state.key("level"), format_func=MAP_LEVEL_LABELS.get)
    middle.selectbox("Zoom naar", [map_geometry.NATIONAL_VIEW, *names], key=state.key("zoom"),
                     format_func=lambda z: "Heel Nederland" if z == map_geometry.NATIONAL_VIEW else names[z])
    right.selectbox("Klassenindeling", list(map_classes.SCHEMES), key=state.key("scheme"),
                    format_func=SCHEME_LABELS.get,
                    help="; ".join(f"{SCHEME_LABELS[k]}: {v}" for k, v in map_classes.SCHEMES.items()))
    year = opening.indicator_year(page, heading=False)
    if year is None:
        return
    # A compact heading (description and the reason for the direction beside the map): the map fits the first screen.
    st.subheader(f"{md(indicator.title)}, {year}")
    opening.old_data_note(monitor, indicator.id, year)
    level, scheme = view.level, view.scheme
    chart = map_cache.choropleth(monitor, indicator.id, year, level, scheme, MAP_HEIGHT)
    if chart.classes is None:
        st.info(f"Voor {year} zijn er geen waarden op {'gemeente' if level == 'gemeente' else 'regio'}niveau: "
                "alle gebieden staan gearceerd als “geen gegevens”.")
    geometry = map_cache.get_geometry(monitor.fingerprint)
    center, zoom = web_geometry.view_for(geometry.bounds[view.zoom], width=VIEW_WIDTH, height=VIEW_HEIGHT)
    map_column, legend_column = st.columns([4, 1.35])
    with map_column:
        map_component.st_folium(chart.map, layer=chart.layer, key=MAP_KEY, height=MAP_HEIGHT, use_container_width=True,
                            returned_objects=["last_active_drawing"], center=center, zoom=zoom, on_change=_on_click)
    with legend_column:
        map_cache.legend(chart)
        st.caption(f"{md(indicator.description)} Eenheid: {md(indicator.unit)}; {wording.direction(indicator)}. "
                   f"Waarom deze richting: {md(indicator.direction_reason)}")
        if "lower_95" in chart.table and chart.table["lower_95"].notna().any():
            st.caption("In de tooltip staat bij de waarde het 95%-interval van CBS; "
                       f"{wording.INTERVAL_APPROXIMATION}.")
    national = monitor.national(indicator.id, year)
    nl_text = wording.value(indicator, national["value"]) if national is not None else wording.MISSING_TEXT
    missing = int(chart.table["value"].isna().sum())
    partial = int(chart.table["coverage"].map(wording.coverage_below_full).sum()) if level == "regio" else 0
    state.source_line(monitor, f"Nederland {year}: {nl_text}; {missing} gebied(en) zonder gegevens (gearceerd)"
                               + (f"; {partial} regio('s) met een waarde op een deel van de inwoners "
                                  "(dekking in de tooltip en de tabel)" if partial else "")
                               + ". Klik op een regio om in te zoomen.")
    region = None if view.zoom == map_geometry.NATIONAL_VIEW else view.zoom
    fingerprint = monitor.fingerprint
    st.download_button("Kaart als afbeelding (PNG, voor dia's)", key="download_png", mime=downloads.PNG_MIME,
                       data=lambda: downloads.map_png(fingerprint, indicator.id, year, level, region, scheme),
                       file_name=f"kaart_{indicator.id}_{year}_{level}{'_' + region if region else ''}.png")
    # A toggle, not an expander: an expander draws its table even when closed, and loading the table
    # component's code in the browser delayed every new session's map by about 0.2 s.
    if st.toggle("Tabel bij de kaart (alle gebieden met waarde en verschil)", key=TABLE_KEY):
        st.dataframe(map_table(chart.table, indicator, level), hide_index=True, width="stretch")


if __name__ == "__main__":
    render()
