"""Regioprofiel: one region against Nederland on every indicator, by theme or NPVR goal."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboard import downloads, story_views
from dashboard import format as fmt
from dashboard import state
from dashboard.plain import md
from monitor.catalogue import GOALS
from monitor.data import Monitor
from monitor.regions import CONFIDENCE_NL

TREND_YEARS = 10
GROUPINGS = {"theme": "Thema", "goal": "NPVR-doel"}


def trends(monitor: Monitor, region_id: str) -> dict[str, list[float]]:
    """Per indicator the region's values of the last ten years with data (oldest first)."""
    rows = monitor.values[(monitor.values["level"] == "regio") & (monitor.values["code"] == region_id)
                          & monitor.values["value"].notna()].sort_values("year")
    out = {}
    for indicator_id, part in rows.groupby("indicator", observed=True, sort=False):
        last = int(part["year"].max())
        out[str(indicator_id)] = part.loc[part["year"] > last - TREND_YEARS, "value"].round(4).tolist()
    return out


def profile_table(monitor: Monitor, region_id: str, year: int | None) -> pd.DataFrame:
    """One row per indicator with a value: formatted figures, verdict, trend, theme and goal."""
    profile = monitor.region_profile(region_id, year)
    trend = trends(monitor, region_id)
    programme = programme_values(monitor)
    rows = []
    for r in profile.itertuples():
        ind = monitor.indicator(str(r.indicator))
        npvr, overig = (programme.get((str(r.indicator), int(r.year), code)) for code in ("npvr", "overig"))
        rows.append({
            "theme": monitor.catalogue.theme_title(ind.theme), "goal": f"{ind.goal}. {ind.goal_text}",
            "verdict_code": r.verdict if isinstance(r.verdict, str) else None,
            "Indicator": ind.title, "Jaar": int(r.year), "Regio": fmt.value(ind, r.value),
            "Nederland": fmt.value(ind, r.nl_value), "NPVR samen": fmt.value(ind, npvr),
            "Overig Nederland": fmt.value(ind, overig), "Verschil": fmt.difference(ind, r.diff),
            "Index (NL = 100)": fmt.index(r.index), "Oordeel": fmt.verdict(r.verdict),
            "Trend": trend.get(ind.id, []),
        })
    return pd.DataFrame(rows)


def programme_values(monitor: Monitor) -> dict:
    """``{(indicator, year, "npvr"/"overig"): value}``: the programme as a whole, beside Nederland."""
    rows = monitor.values[(monitor.values["level"] == "programma") & monitor.values["value"].notna()]
    return dict(zip(zip(rows["indicator"].astype(str), rows["year"].astype(int), rows["code"].astype(str)),
                    rows["value"]))


def unfavourable_counts(table: pd.DataFrame, group: str) -> pd.DataFrame:
    """Per group: how many indicators are less favourable than Nederland, of those with a verdict."""
    judged = table[table["verdict_code"].isin(["gunstiger", "gelijk", "ongunstiger"])]
    counts = judged.groupby(group, sort=False)["verdict_code"].agg(
        ongunstiger=lambda v: int((v == "ongunstiger").sum()), beoordeeld="size")
    counts["Samenvatting"] = [f"{o} van {n} ongunstiger dan Nederland" for o, n in
                              zip(counts["ongunstiger"], counts["beoordeeld"])]
    return counts.reset_index().rename(columns={group: GROUPINGS[group]})[[GROUPINGS[group], "Samenvatting"]]


SHOWN = ["Indicator", "Jaar", "Regio", "Nederland", "NPVR samen", "Overig Nederland", "Verschil", "Index (NL = 100)", "Oordeel", "Trend"]


def render() -> None:
    """Draw the page."""
    monitor = state.get_monitor()
    selection = state.sidebar(monitor)
    region = selection.region
    name = monitor.regions.name(region)
    st.title(f"Regioprofiel: {md(name)}")
    year_text = "meest recente jaar per indicator" if selection.year is None else f"jaar {selection.year}"
    st.caption(f"{md(name)} vergeleken met Nederland op alle indicatoren ({year_text}).")
    table = profile_table(monitor, region, selection.year)
    if table.empty:
        st.warning(f"Voor {md(name)} zijn geen gegevens over {selection.year}. Kies ‘Meest recente jaar’ in de zijbalk.")
        return
    missing = len(monitor.catalogue.indicators) - len(table)
    fingerprint = monitor.snapshot.fingerprint
    st.download_button(f"Regioprofiel {md(name)} als PDF (1 pagina)", key="download_pdf", mime=downloads.PDF_MIME,
                       data=lambda: downloads.region_pdf(fingerprint, region), file_name=f"regioprofiel_{region}.pdf")
    group = st.radio("Groeperen naar", list(GROUPINGS), format_func=GROUPINGS.get, horizontal=True,
                     key="profile_group")
    summary, members = st.columns([3, 2])
    with summary:
        st.markdown("**Ongunstiger dan Nederland**")
        st.dataframe(unfavourable_counts(table, group), hide_index=True, width="stretch")
        if missing:
            st.caption(f"{missing} indicator(en) zonder gegevens voor deze keuze staan niet in het profiel.")
    with members:
        st.markdown(f"**Gemeenten van {md(name)}**")
        comp = monitor.regions.table[monitor.regions.table["region_id"] == region]
        st.dataframe(pd.DataFrame({"Gemeente": comp["gemeente_name"].astype(str), "Code": comp["gemeente_code"],
                                   "Zekerheid indeling": comp["confidence"].map(CONFIDENCE_NL)}),
                     hide_index=True, width="stretch")
    trend_column = st.column_config.LineChartColumn(f"Trend (max. {TREND_YEARS} jaar)", width="small")
    groups = table[group].unique() if group == "theme" else [f"{k}. {v}" for k, v in GOALS.items()]
    for title in groups:
        part = table[table[group] == title]
        if part.empty:
            continue
        st.subheader(md(title))
        st.dataframe(part[SHOWN], hide_index=True, width="stretch", column_config={"Trend": trend_column})
    state.source_line(monitor, "verschil en oordeel ten opzichte van Nederland in hetzelfde jaar; NPVR samen: de "
                               "elf regio's opgeteld, overig Nederland: alle andere gemeenten (zelfde rekenregels)")
    story_views.region_sections(monitor, region)


if __name__ == "__main__":
    render()
