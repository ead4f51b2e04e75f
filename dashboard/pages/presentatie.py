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

from dashboard import map_cache, map_component, state, story_slides
from dashboard.plain import md
from monitor import wording
from monitor.data import Monitor
from monitor.palettes import VERDICT_COLOURS, readable_text
from monitor.profile import region_profile

MAP_HEIGHT = 540  # the frame's height before the CSS below sizes it to the screen (100vh minus title and the two rows of buttons)
MAP_KEY = "presentatie_map"
MAP_FONT_SCALE = 1.25
LEGEND_FONT_SCALE = 0.85
AUTO_SECONDS = (10, 20, 30, 60)
AUTO_LAST = "_auto_last"

CSS = """
<style>
html { font-size: clamp(16px, min(1.25vw, 2.1vh), 24px); }
[data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"], [data-testid="stHeader"],
[data-testid="stToolbar"], [data-testid="stDecoration"] { display: none !important; }
[data-testid="stMainBlockContainer"] { padding: .6rem 2rem .4rem 2rem; max-width: 100%; }
[data-testid="stMainBlockContainer"] [data-testid="stVerticalBlock"] { gap: .4rem; }
.npvr-p-title { font-size: 2rem; font-weight: 700; line-height: 1.15; margin: 0; color: #0a0a0a; }
.npvr-p-sub { font-size: 1.25rem; color: #333333; margin: .1rem 0 .2rem 0; }
.npvr-p-old { font-weight: 700; color: #0a0a0a; background: #fff3c4; border-left: .3rem solid #8a6d00;
              padding: 0 .4rem; margin-left: .6rem; }
.npvr-p-figure { margin-bottom: .5rem; }
.npvr-p-label { font-size: 1.25rem; color: #333333; margin: 0; }
.npvr-p-value { font-size: 3.1rem; font-weight: 700; line-height: 1.05; color: #0a0a0a; }
.npvr-p-nl { font-size: 2.2rem; font-weight: 600; line-height: 1.05; color: #0a0a0a; }
.npvr-p-diff { font-size: 1.3rem; color: #0a0a0a; }
.npvr-p-note { font-size: 1.25rem; color: #333333; margin: 0; }
.npvr-p-verdict { display: inline-block; font-size: 1.4rem; font-weight: 700; padding: .2rem .7rem;
                  border-radius: .3rem; margin: .3rem 0; }
.npvr-p-source { font-size: 1.25rem; color: #333333; margin: 0; }
[data-testid="stMainBlockContainer"] button p { font-size: .9rem; white-space: nowrap; }
iframe[title="streamlit_folium.st_folium"] { height: max(300px, calc(100vh - 17rem)) !important; }
.npvr-legend { font-size: 1.25rem !important; max-width: 100% !important; line-height: 1.3 !important; }
.npvr-legend .note, .npvr-legend .sub { font-size: 1.25rem !important; }
</style>
"""


def indicator_cycle(monitor: Monitor) -> list[str]:
    """Indicators that have at least one region value, in catalogue order (what the arrows step through)."""
    return monitor.indicators_with_values("regio")


def _step(options: list[str], current: str, step: int) -> str:
    position = options.index(current) if current in options else -1
    return options[(position + step) % len(options)]


def step_region(step: int) -> None:
    """Next (+1) or previous (-1) region; the map follows."""
    monitor = state.get_monitor()
    region = _step(monitor.regions.ids(), state.view().region, step)
    state.update(region=region, zoom=region)


def step_indicator(step: int) -> None:
    """Next (+1) or previous (-1) indicator."""
    monitor = state.get_monitor()
    state.update(indicator=_step(indicator_cycle(monitor), state.view().indicator, step))


def next_screen(regions: list[str], indicators: list[str], region: str, indicator: str) -> tuple[str, str]:
    """Auto-advance order: the next region; after the last region, the first of the next indicator."""
    if region == regions[-1]:
        indicator = _step(indicators, indicator, 1)
    return _step(regions, region, 1), indicator


def auto_advance() -> None:
    monitor = state.get_monitor()
    now = state.view()
    region, indicator = next_screen(monitor.regions.ids(), indicator_cycle(monitor), now.region, now.indicator)
    state.update(region=region, zoom=region, indicator=indicator)


def close() -> None:
    state.update(mode=None)


SHORT_UNIT = 6  # units up to this length ("%", "km", "euro") stay beside the big numbers; longer ones are in the subtitle


def big_value(indicator, value) -> str:
    """A value for the big type: with its unit when short ("27,3%"), else the number alone ("6,9")."""
    if len(indicator.unit) <= SHORT_UNIT:
        return wording.value(indicator, value)
    return wording.number(value, indicator.decimals)


def figures_html(monitor: Monitor, indicator_id: str, region_id: str, year: int) -> str:
    """The region against Nederland as large type: value, NL value, difference, verdict, rank."""
    indicator = monitor.indicator(indicator_id)
    profile = region_profile(monitor, region_id, year)
    row = profile.row(indicator_id)
    national = monitor.national(indicator_id, year)
    name = html.escape(profile.name)
    value = big_value(indicator, row["value"] if row is not None else None)
    parts = [f'<div class="npvr-p-figure"><div class="npvr-p-label">{name}</div>'
             f'<div class="npvr-p-value">{html.escape(value)}</div>']
    if row is None:
        reason = profile.missing.get(indicator_id) or wording.NO_REASON
        parts.append(f'<div class="npvr-p-diff">Waarom: {html.escape(reason)}</div>')
    elif wording.coverage_below_full(row["coverage"]):
        parts.append(f'<div class="npvr-p-note">Dekking: {html.escape(wording.percent(row["coverage"]))} van '
                     f'{wording.coverage_base(indicator)}'
                     + (" · te weinig voor een oordeel en een rang" if wording.unjudged(row["coverage"]) else "")
                     + "</div>")
    parts.append("</div>")
    nl_value = big_value(indicator, national["value"] if national is not None else None)
    parts.append(f'<div class="npvr-p-figure"><div class="npvr-p-label">Nederland</div>'
                 f'<div class="npvr-p-nl">{html.escape(nl_value)}</div></div>')
    if row is not None and pd.notna(row["diff"]):
        parts.append(f'<div class="npvr-p-diff">Verschil: {html.escape(wording.difference(indicator, row["diff"]))}'
                     f" · index {html.escape(wording.index(row['index']))} (Nederland = 100)</div>")
        if row["verdict"]:
            background = VERDICT_COLOURS[row["verdict"]]
            parts.append(f'<div class="npvr-p-verdict" style="background:{background};color:{readable_text(background)}">'
                         f"{html.escape(wording.verdict(row['verdict']))}</div>")
        if pd.notna(row["rank"]) and indicator.direction != "neutral":  # a rank on a neutral indicator says nothing
            unranked = int(row["with_value"]) - int(row["ranked"])
            parts.append(f'<div class="npvr-p-diff">Plaats {int(row["rank"])} van {int(row["ranked"])} regio\'s '
                         f"({html.escape(wording.direction(indicator))})</div>")
            if unranked:
                parts.append(f'<div class="npvr-p-note">{unranked} regio(\'s) zonder rang: te weinig dekking</div>')
    return "".join(parts)


def _auto_timer(seconds: int) -> None:
    @st.fragment(run_every=seconds)
    def ticker() -> None:
        if time.monotonic() - st.session_state.get(AUTO_LAST, 0.0) >= seconds - 0.5:
            auto_advance()
            st.rerun()

    ticker()


def controls(indicator_buttons: bool = True) -> None:
    """Buttons (with arrow-key shortcuts) for region and, on the indicator slide, indicator; the kind of
    slide, auto-advance and leaving. Only what works on the slide shown."""
    widths = [1.25, 1.4, 1.45, 1.6, 1.7, 0.9] if indicator_buttons else [1.25, 1.4, 3.05, 1.7, 0.9]
    cols = st.columns(widths, vertical_alignment="center")
    cols[0].button("Vorige regio", key="p_prev_region", on_click=step_region, args=(-1,), shortcut="Left",
                   width="stretch")
    cols[1].button("Volgende regio", key="p_next_region", on_click=step_region, args=(1,), shortcut="Right",
                   width="stretch", type="primary")
    if indicator_buttons:
        cols[2].button("Vorige indicator", key="p_prev_indicator", on_click=step_indicator, args=(-1,), shortcut="Up",
                       width="stretch")
        cols[3].button("Volgende indicator", key="p_next_indicator", on_click=step_indicator, args=(1,),
                       shortcut="Down", width="stretch")
    with cols[-2]:
        auto = st.toggle("Automatisch verder", key="p_auto")
        seconds = st.selectbox("Elke", AUTO_SECONDS, key="p_auto_seconds", index=1,
                               format_func=lambda s: f"{s} seconden", label_visibility="collapsed")
    cols[-1].button("Sluiten", key="p_close", on_click=close, shortcut="Esc", width="stretch")
    story_slides.slide_buttons()
    st.session_state[AUTO_LAST] = time.monotonic()
    if auto:
        _auto_timer(int(seconds))


def render() -> None:
    """Draw the meeting-mode screen."""
    monitor = state.get_monitor()
    st.html(CSS)
    view = state.view()
    slide = story_slides.current_slide()
    if slide != "indicator":  # the NPVR story slides: one region's stacking or trends
        story_slides.render(monitor, slide, view.region)
        # The source right under the slide's figures, so it is on screen whenever they are.
        source = story_slides.source_of(monitor, slide)
        st.html(f'<p class="npvr-p-source">{html.escape(source)} · toetsen: ← → regio, Esc sluiten</p>')
        controls(indicator_buttons=False)
        return
    cycle = indicator_cycle(monitor)
    if view.indicator not in cycle and cycle:
        state.update(indicator=cycle[0])
        view = state.view()
    indicator = monitor.indicator(view.indicator)
    region, chosen = view.region, view.chosen_year
    year = state.nearest_year(monitor, view)
    name = monitor.regions.name(region)
    if year is None:
        st.warning(f"Voor “{md(indicator.title)}” zijn nog geen gegevens beschikbaar.")
        controls()
        return
    note = "" if chosen in (None, year) else f" (geen gegevens over {chosen}; dichtstbijzijnde jaar)"
    old = wording.old_data_text(monitor, indicator.id, year)
    # The old-data mark shares the subtitle's line, so the screen keeps its height.
    st.html(f'<p class="npvr-p-title">{html.escape(name)}: {html.escape(indicator.title)}, {year}</p>'
            f'<p class="npvr-p-sub">{html.escape(indicator.unit)} · {html.escape(wording.direction(indicator))}'
            f"{html.escape(note)}" + (f' <span class="npvr-p-old">{html.escape(old)}</span>' if old else "") + "</p>")
    left, middle, right = st.columns([5, 2.4, 2.6], gap="medium")
    with left:
        # The map fits itself to the region (any width); its legend stands beside it, never over land.
        chart = map_cache.choropleth(monitor, indicator.id, year, "gemeente", view.scheme, MAP_HEIGHT,
                                 MAP_FONT_SCALE, highlight=region)
        map_component.st_folium(chart.map, layer=chart.layer, key=MAP_KEY, height=MAP_HEIGHT, use_container_width=True,
                            returned_objects=[])
    with middle:
        st.html(figures_html(monitor, indicator.id, region, year))
    with right:
        map_cache.legend(chart, LEGEND_FONT_SCALE)
    st.html(f'<p class="npvr-p-source">{html.escape(monitor.vintage)} · toetsen: ← → regio, ↑ ↓ indicator, '
            "Esc sluiten</p>")
    controls()
