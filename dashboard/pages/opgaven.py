"""Opgaven: where challenges stack up (regions × themes), what moved since the nulmeting, and whether the gaps
with Nederland close."""

from __future__ import annotations

import altair as alt
import pandas as pd
import streamlit as st

from dashboard import opening, state, voortgang
from dashboard import story_views as views
from dashboard.plain import md
from dashboard.shared import per_monitor
from monitor.story import trends
from monitor import wording
from monitor.catalogue import GOALS
from monitor.data import Monitor

GROUPINGS = {"thema": "Thema", "doel": "NPVR-doel"}
TOTAL = "__totaal__"
SMALL_MULTIPLES = 9
LAST_CLICK = "_opgaven_last_click"
# Widget keys of the cell choosers (set by a click on the heatmap).
CELL_REGION, CELL_GROUP = "cell_region", "cell_group"


def _groups(monitor, group: str) -> list[str]:
    if group == "thema":
        return [t.theme for t in monitor.catalogue.themes]
    return [str(g) for g in GOALS]


def _take_click(event, regions: list[str]) -> None:
    """A new click on a heatmap cell opens that cell (sets the cell choosers before they are drawn).

    The chart keeps reporting its selection on every rerun; only a changed one is applied, so that the
    choosers below stay usable after a click.
    """
    try:
        points = event.selection["cel"]
    except (AttributeError, KeyError, TypeError):
        return
    point = (points[0].get("regio"), str(points[0].get("groep"))) if points else None
    if point == st.session_state.get(LAST_CLICK):
        return
    st.session_state[LAST_CLICK] = point
    if point and point[0] in regions:
        st.session_state[CELL_REGION], st.session_state[CELL_GROUP] = point


@per_monitor(max_entries=64)
def stacking(monitor: Monitor, group: str, sort_by: str) -> tuple[alt.Chart, pd.DataFrame, str]:
    """The stacking of challenges as a heatmap (regions in the chosen order × groups), its table and its
    list for a phone (HTML).

    Made once per server process and choice, like :func:`convergence` and the download files:
    building the charts was most of this page's server time, for every viewer.
    """
    story = views.get_story(monitor)
    groups = _groups(monitor, group)
    labels = {g: views.group_label(monitor, group, g) for g in groups}
    heat = views.heat_table(monitor, story, group)
    order = (sorted(monitor.regions.names().values()) if sort_by == "naam"
             else views.region_order(heat, None if sort_by == TOTAL else sort_by))
    shown = [labels[g] for g in groups]
    return (views.heatmap(heat, order, shown), views.heat_wide(heat, order, groups, labels),
            views.heat_list(heat, order, shown))


@per_monitor(max_entries=64)
def convergence(monitor: Monitor, region: str) -> tuple[pd.DataFrame, alt.Chart | None, int]:
    """The region's gaps over time, the small multiples of its fastest closing and growing gaps
    (None when no gap moves) and how many indicators they show."""
    story = views.get_story(monitor)
    table = views.convergence_table(monitor, story, region)
    if table.empty:
        return table, None, 0
    moving = table[table["Oordeel"].isin(["naar Nederland toe", "van Nederland af"])]
    shown = [*moving["indicator"].head(SMALL_MULTIPLES // 2 + 1), *moving["indicator"].tail(SMALL_MULTIPLES // 2)]
    shown = list(dict.fromkeys(shown))[:SMALL_MULTIPLES]
    return table, views.small_multiples(monitor, story, region, shown) if shown else None, len(shown)


@per_monitor(max_entries=4)
def _download_files(monitor: Monitor) -> dict[str, bytes]:
    from monitor.exports.story import csv_bytes, export_tables

    return {name: csv_bytes(table) for name, table in export_tables(views.get_story(monitor)).items()}


def render() -> None:
    """Draw the page."""
    page = opening.start(uses=("region",))
    monitor, view = page.monitor, page.view
    story = views.get_story(monitor)
    st.title("Opgaven: waar stapelen de opgaven zich op?")
    st.caption("Per regio en thema: hoeveel indicatoren van de kernset ongunstiger zijn dan Nederland, elk in het "
               "meest recente jaar met een regiowaarde. De kernset is per thema een klein aantal indicatoren dat "
               "iets anders meet (zodat bijvoorbeeld dichtheid niet via tientallen afstanden telt); de andere "
               "indicatoren staan als detail bij de cel. Neutrale indicatoren, aantallen en indicatoren zonder "
               "gegevens tellen als ‘zonder oordeel’.")
    group = st.radio("Indelen naar", list(GROUPINGS), format_func=GROUPINGS.get, horizontal=True, key="opgaven_group")
    groups = _groups(monitor, group)
    labels = {g: views.group_label(monitor, group, g) for g in groups}
    sort_options = [TOTAL, *groups, "naam"]
    sort_by = st.selectbox("Sorteren op", sort_options, key="opgaven_sort",
                           format_func=lambda g: {TOTAL: "alle indicatoren samen", "naam": "naam van de regio"}.get(
                               g, labels.get(g, g)))
    heatmap, heat_wide, heat_list = stacking(monitor, group, sort_by)
    names = monitor.regions.names()
    # A phone gets a list per region instead of the heatmap, whose five columns do not fit 390 px; the
    # browser chooses by its width (CSS), as the server does not know it.
    st.html(views.HEAT_NARROW_CSS)
    with st.container(key="opgaven_heat_wide"):
        event = st.altair_chart(heatmap, width="stretch", on_select="rerun", key="opgaven_heatmap")
    _take_click(event, list(names))
    with st.container(key="opgaven_heat_narrow"):
        st.caption("Tik op een regio om de thema's te zien.")
        st.html(heat_list)
    years = story.stacking_detail["year"].dropna().astype(int)
    span = f"{years.min()}–{years.max()}" if len(years) else wording.DASH
    st.caption("Kleur: aandeel van de beoordeelde indicatoren dat ongunstiger is dan Nederland; in de cel "
               f"het aantal indicatoren dat ongunstiger is, van het aantal met een oordeel (jaren per indicator: {span}; "
               "het jaar van elke indicator staat bij "
               "de cel). Klik op een cel (of kies hieronder) om de indicatoren te zien.")
    with st.expander("Tabel bij de heatmap (klik op een kolomkop om te sorteren)", expanded=False):
        st.dataframe(heat_wide, hide_index=True, width="stretch")
    state.source_line(monitor, views.STORY_SOURCE)

    st.subheader("Indicatoren van een cel")
    if st.session_state.get(CELL_GROUP) not in groups:
        st.session_state[CELL_GROUP] = groups[0]
    if st.session_state.get(CELL_REGION) not in names:
        st.session_state[CELL_REGION] = view.region
    left, right = st.columns(2)
    region = left.selectbox("Regio", list(names), format_func=names.get, key=CELL_REGION)
    key = right.selectbox(GROUPINGS[group], groups, format_func=labels.get, key=CELL_GROUP)
    cell = views.cell_indicators(monitor, story, region, group, key)
    st.dataframe(cell, hide_index=True, width="stretch")
    st.caption(f"{md(names[region])} · {labels[key]}: {len(cell)} indicatoren, eerst de kernset (telt mee in de "
               "heatmap), dan de andere als detail; minst gunstige positie onder de 40 COROP-gebieden eerst. "
               "Positie: aandeel van de COROP-gebieden waar de regio gunstiger op staat "
               "(neutrale indicatoren: hoger); z-score t.o.v. de COROP-gebieden, positief = gunstiger.")

    voortgang.section(monitor, view.region)

    st.header("Kloof met Nederland door de tijd")
    st.caption(f"Voor elke indicator met minstens {trends.MIN_YEARS} jaar: het verschil regio − Nederland per jaar, "
               "de helling met de Theil–Sen-schatter (mediaan van alle helling-paren, robuust tegen uitschieters) en "
               "het 95%-betrouwbaarheidsinterval. Stabiel: verandering over de periode binnen de marge van ‘gelijk’; "
               "onbepaald: minder dan 5 jaar (na een reeksbreuk) of een onzekere helling.")
    st.markdown("**Alle regio's, en de elf samen: aantal indicatoren per oordeel**")
    st.dataframe(views.convergence_summary(monitor, story), hide_index=True, width="stretch")
    name = names[view.region]
    st.subheader(f"{md(name)}: waar sluit de kloof het snelst, waar groeit ze?")
    table, multiples, shown = convergence(monitor, view.region)
    if table.empty:
        st.info(f"Voor {md(name)} zijn geen indicatoren met minstens {trends.MIN_YEARS} jaar verschil met Nederland.")
        return
    # Wide enough for the longest Toelichting (a data grid does not wrap); the indicator stays in view.
    note_px = int(table["Toelichting"].astype(str).str.len().max() * 7.5) + 24
    st.dataframe(table.drop(columns="indicator"), hide_index=True, width="stretch",
                 column_config={"Indicator": st.column_config.TextColumn(pinned=True),
                                "Toelichting": st.column_config.TextColumn(width=note_px)})
    if multiples is not None:
        st.markdown(f"**Verschil met Nederland per jaar** (stippellijn: Nederland = 0; de {shown} snelst "
                    "sluitende en groeiende kloven)")
        st.altair_chart(multiples)
    state.source_line(monitor, "verschil met Nederland in hetzelfde jaar; jaren per indicator in de tabel")
    downloads(monitor)


def downloads(monitor: Monitor) -> None:
    """The story's export files (exactly as ``python -m monitor export`` writes them)."""
    st.subheader("Downloads")
    files = _download_files(monitor)
    for column, (name, data) in zip(st.columns(len(files)), files.items()):
        column.download_button(name, data=data, file_name=name, mime="text/csv", key=f"download_{name}",
                               width="stretch")


if __name__ == "__main__":
    render()
