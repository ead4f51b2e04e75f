"""Meeting mode (``?modus=presentatie``): one region against Nederland per screen, for a big screen.

No sidebar or chrome, large type, the map of the region beside its figure, the national figure,
the difference and a verdict in words. Buttons with keyboard shortcuts (arrow keys) step through
regions and indicators; auto-advance steps through the regions, then to the next indicator.
"""

from __future__ import annotations

import html
import time

import pandas as pd
import streamlit as st

from dashboard import format as fmt
from dashboard import foliummap, state
from monitor import maps, palettes
from monitor.data import Monitor

MAP_HEIGHT = 640
MAP_KEY = "presentatie_map"
MAP_FONT_SCALE = 1.25
MAP_WIDTH = 1030
LEGEND_WIDTH = 420
MAP_PADDING = 0.8
AUTO_SECONDS = (10, 20, 30, 60)
AUTO_LAST = "_auto_last"

CSS = """
<style>
html { font-size: 24px; }
[data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"], [data-testid="stHeader"],
[data-testid="stToolbar"], [data-testid="stDecoration"] { display: none !important; }
[data-testid="stMainBlockContainer"] { padding: 1.2rem 2.5rem 1rem 2.5rem; max-width: 100%; }
.npvr-p-title { font-size: 2.6rem; font-weight: 700; line-height: 1.15; margin: 0; color: #0a0a0a; }
.npvr-p-sub { font-size: 1.25rem; color: #333333; margin: .2rem 0 .6rem 0; }
.npvr-p-figure { margin-bottom: 1.1rem; }
.npvr-p-label { font-size: 1.3rem; color: #333333; }
.npvr-p-value { font-size: 3.6rem; font-weight: 700; line-height: 1.1; color: #0a0a0a; }
.npvr-p-nl { font-size: 2.6rem; font-weight: 600; line-height: 1.1; color: #0a0a0a; }
.npvr-p-diff { font-size: 1.6rem; color: #0a0a0a; }
.npvr-p-verdict { display: inline-block; font-size: 1.6rem; font-weight: 700; padding: .25rem .8rem;
                  border-radius: .3rem; margin: .4rem 0; }
.npvr-p-source { font-size: 1.05rem; color: #333333; }
</style>
"""


def indicator_cycle(monitor: Monitor) -> list[str]:
    """Indicators that have at least one region value, in catalogue order (what the arrows step through)."""
    return list(_indicator_cycle(monitor.snapshot.fingerprint, monitor))


@st.cache_resource(show_spinner=False)
def _indicator_cycle(fingerprint: str, _monitor: Monitor) -> tuple[str, ...]:
    monitor = _monitor  # not hashed (leading underscore): the fingerprint identifies the data
    values = monitor.values
    with_regions = set(values.loc[(values["level"] == "regio") & values["value"].notna(), "indicator"].astype(str))
    return tuple(i for i in monitor.catalogue.ids() if i in with_regions)


def _step(options: list[str], current: str, step: int) -> str:
    position = options.index(current) if current in options else -1
    return options[(position + step) % len(options)]


def step_region(step: int) -> None:
    """Next (+1) or previous (-1) region; the map follows."""
    monitor = state.get_monitor()
    region = _step(monitor.regions.ids(), st.session_state["region"], step)
    st.session_state["region"] = st.session_state["zoom"] = region


def step_indicator(step: int) -> None:
    """Next (+1) or previous (-1) indicator."""
    monitor = state.get_monitor()
    st.session_state["indicator"] = _step(indicator_cycle(monitor), st.session_state["indicator"], step)


def next_screen(regions: list[str], indicators: list[str], region: str, indicator: str) -> tuple[str, str]:
    """Auto-advance order: the next region; after the last region, the first of the next indicator."""
    if region == regions[-1]:
        indicator = _step(indicators, indicator, 1)
    return _step(regions, region, 1), indicator


def auto_advance() -> None:
    monitor = state.get_monitor()
    region, indicator = next_screen(monitor.regions.ids(), indicator_cycle(monitor), st.session_state["region"],
                                    st.session_state["indicator"])
    st.session_state["region"] = st.session_state["zoom"] = region
    st.session_state["indicator"] = indicator


def close() -> None:
    st.session_state["mode"] = None


def figures_html(monitor: Monitor, indicator_id: str, region_id: str, year: int) -> str:
    """The region against Nederland as large type: value, NL value, difference, verdict, rank."""
    indicator = monitor.indicator(indicator_id)
    rows = monitor.table(indicator_id, year, "regio")
    row = rows[rows["code"] == region_id]
    row = row.iloc[0] if len(row) else None
    national = monitor.national(indicator_id, year)
    name = html.escape(monitor.regions.name(region_id))
    value = fmt.value(indicator, row["value"] if row is not None else None)
    parts = [f'<div class="npvr-p-figure"><div class="npvr-p-label">{name}</div>'
             f'<div class="npvr-p-value">{html.escape(value)}</div>']
    if row is None or pd.isna(row["value"]):
        reason = row["reason"] if row is not None and isinstance(row["reason"], str) else "geen waarde in de bron"
        parts.append(f'<div class="npvr-p-diff">Waarom: {html.escape(reason)}</div>')
    parts.append("</div>")
    nl_value = fmt.value(indicator, national["value"] if national is not None else None)
    parts.append(f'<div class="npvr-p-figure"><div class="npvr-p-label">Nederland</div>'
                 f'<div class="npvr-p-nl">{html.escape(nl_value)}</div></div>')
    if row is not None and pd.notna(row["value"]) and pd.notna(row["diff"]):
        verdict = row["verdict"] if isinstance(row["verdict"], str) else None
        parts.append(f'<div class="npvr-p-diff">Verschil: {html.escape(fmt.difference(indicator, row["diff"]))}'
                     f" · index {html.escape(fmt.index(row['index']))} (Nederland = 100)</div>")
        if verdict:
            background = palettes.VERDICT_COLOURS[verdict]
            parts.append(f'<div class="npvr-p-verdict" style="background:{background};color:{palettes.readable_text(background)}">'
                         f"{html.escape(fmt.verdict(verdict))}</div>")
        if pd.notna(row["rank"]):
            ranked = int(rows["rank"].notna().sum())
            parts.append(f'<div class="npvr-p-diff">Plaats {int(row["rank"])} van {ranked} regio\'s '
                         f"({html.escape(fmt.direction(indicator))})</div>")
    return "".join(parts)


def region_view(bounds: list[list[float]]) -> tuple[tuple[float, float], float]:
    """Centre and zoom that fit the region left of the legend (which sits bottom right)."""
    (lat, lon), zoom = maps.view_for(bounds, width=MAP_WIDTH - LEGEND_WIDTH, height=MAP_HEIGHT, padding=MAP_PADDING)
    degrees_per_pixel = 360 / (256 * 2 ** zoom)
    return (lat, lon + LEGEND_WIDTH / 2 * degrees_per_pixel), zoom


def _auto_timer(seconds: int) -> None:
    @st.fragment(run_every=seconds)
    def ticker() -> None:
        if time.monotonic() - st.session_state.get(AUTO_LAST, 0.0) >= seconds - 0.5:
            auto_advance()
            st.rerun()

    ticker()


def controls() -> None:
    """Buttons (with arrow-key shortcuts) for region and indicator, auto-advance and leaving."""
    cols = st.columns([1.2, 1.2, 1.3, 1.3, 1.6, 1.1])
    cols[0].button("Vorige regio", key="p_prev_region", on_click=step_region, args=(-1,), shortcut="Left",
                   width="stretch")
    cols[1].button("Volgende regio", key="p_next_region", on_click=step_region, args=(1,), shortcut="Right",
                   width="stretch", type="primary")
    cols[2].button("Vorige indicator", key="p_prev_indicator", on_click=step_indicator, args=(-1,), shortcut="Up",
                   width="stretch")
    cols[3].button("Volgende indicator", key="p_next_indicator", on_click=step_indicator, args=(1,),
                   shortcut="Down", width="stretch")
    with cols[4]:
        auto = st.toggle("Automatisch verder", key="p_auto")
        seconds = st.selectbox("Elke", AUTO_SECONDS, key="p_auto_seconds", index=1,
                               format_func=lambda s: f"{s} seconden", label_visibility="collapsed")
    cols[5].button("Sluiten", key="p_close", on_click=close, shortcut="Esc", width="stretch")
    st.session_state[AUTO_LAST] = time.monotonic()
    if auto:
        _auto_timer(int(seconds))


def render() -> None:
    """Draw the meeting-mode screen."""
    monitor = state.get_monitor()
    st.html(CSS)
    cycle = indicator_cycle(monitor)
    if st.session_state["indicator"] not in cycle and cycle:
        st.session_state["indicator"] = cycle[0]
    indicator = monitor.indicator(st.session_state["indicator"])
    region = st.session_state["region"]
    chosen = st.session_state["year"]
    year = monitor.nearest_year(indicator.id, None if chosen == state.LATEST else int(chosen))
    name = monitor.regions.name(region)
    if year is None:
        st.warning(f"Voor “{indicator.title}” zijn nog geen gegevens beschikbaar.")
        controls()
        return
    note = "" if chosen in (state.LATEST, year) else f" (geen gegevens over {chosen}; dichtstbijzijnde jaar)"
    st.html(f'<p class="npvr-p-title">{html.escape(name)}: {html.escape(indicator.title)}, {year}</p>'
            f'<p class="npvr-p-sub">{html.escape(indicator.unit)} · {html.escape(fmt.direction(indicator))}'
            f"{html.escape(note)}</p>")
    left, right = st.columns([3, 2], gap="large")
    with left:
        chart = state.choropleth(monitor, indicator.id, year, "gemeente", st.session_state["scheme"], MAP_HEIGHT,
                                 MAP_FONT_SCALE, highlight=region)
        center, zoom = region_view(state.get_geometry(monitor.snapshot.fingerprint).bounds[region])
        foliummap.st_folium(chart.map, key=MAP_KEY, height=MAP_HEIGHT, use_container_width=True, returned_objects=[],
                  center=center, zoom=zoom)
    with right:
        st.html(figures_html(monitor, indicator.id, region, year))
    controls()
    st.html(f'<p class="npvr-p-source">{html.escape(monitor.vintage)} · toetsen: ← → regio, ↑ ↓ indicator, '
            "Esc sluiten</p>")
