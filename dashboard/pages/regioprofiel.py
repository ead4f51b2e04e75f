"""Regioprofiel: one region against Nederland on every indicator, by theme or NPVR goal."""

from __future__ import annotations

import altair as alt
import numpy as np
import pandas as pd
import streamlit as st

from dashboard import charts, downloads, opening, state, story_views
from dashboard.plain import md
from dashboard.shared import per_monitor
from monitor import wording
from monitor.catalogue import GOALS
from monitor.data import Monitor
from monitor.profile import region_profile
from monitor.regions import CONFIDENCE_NL

TREND_YEARS = 10
GROUPINGS = {"theme": "Thema", "goal": "NPVR-doel"}


def trends(monitor: Monitor, region_id: str) -> dict[str, tuple[list[int], list[float]]]:
    """Per indicator the region's years and values of the last ten years with data (oldest first)."""
    rows = monitor.level_rows("regio", region_id).sort_values("year")
    out = {}
    for indicator_id, part in rows.groupby("indicator", observed=True, sort=False):
        last = int(part["year"].max())
        recent = part[part["year"] > last - TREND_YEARS]
        out[str(indicator_id)] = (recent["year"].astype(int).tolist(), recent["value"].round(4).tolist())
    return out


def trend_text(years: list[int], values: list[float], tolerance: float) -> str:
    """The trend since the first of the years: ``"↗ sinds 2015"`` (higher now), ``"↘ …"`` (lower), ``"→ …"``.

    Changes within the indicator's tolerance count as level; "—" with a single year.
    """
    if len(values) < 2:
        return wording.DASH
    change = values[-1] - values[0]
    arrow = "→" if abs(change) <= tolerance + 1e-9 else "↗" if change > 0 else "↘"
    return f"{arrow} sinds {years[0]}"


def _index_interval(row) -> dict[str, float]:
    """A survey estimate's 95 % interval as index (Nederland = 100), where the row has an index and bounds."""
    if pd.isna(row.index) or pd.isna(row.lower_95) or pd.isna(row.upper_95):
        return {"index_lower": np.nan, "index_upper": np.nan}
    return {"index_lower": 100 * row.lower_95 / row.nl_value, "index_upper": 100 * row.upper_95 / row.nl_value}


def profile_table(monitor: Monitor, region_id: str, year: int | None) -> pd.DataFrame:
    """One row per indicator with a value (:class:`monitor.profile.RegionProfile`), worded, with its trend."""
    profile = region_profile(monitor, region_id, year)
    trend = trends(monitor, region_id)
    rows = []
    for r in profile.rows.itertuples():
        ind = monitor.indicator(r.indicator)
        margin = wording.interval(ind, r.lower_95, r.upper_95)
        rows.append({
            "theme": r.theme_title, "goal": r.goal_title, "goal_number": r.goal, "verdict_code": r.verdict,
            "index": r.index, **_index_interval(r), "margin": margin, "coverage": r.coverage, "Indicator": r.title,
            "year": r.year, "old": r.old,
            "Jaar": wording.year_text(r.year, r.old), "Regio": wording.value(ind, r.value),
            "Nederland": wording.value(ind, r.nl_value), "NPVR samen": wording.value(ind, r.npvr_value),
            "Overig Nederland": wording.value(ind, r.overig_value), "Verschil": wording.difference(ind, r.diff),
            "Index (NL = 100)": wording.index(r.index),
            "Oordeel": wording.interval_verdict(r.verdict, r.lower_95),
            "95%-marge": margin,
            "Dekking": wording.coverage_or_full(r.coverage),
            "Trend": trend_text(*trend.get(ind.id, ([], [])), ind.tolerance),
        })
    return pd.DataFrame(rows)


def unfavourable_counts(monitor: Monitor, region_id: str, year: int | None, group: str) -> pd.DataFrame:
    """Per group: how many indicators are less favourable than Nederland, of those with a verdict."""
    counts = region_profile(monitor, region_id, year).unfavourable(group)
    return pd.DataFrame({GROUPINGS[group]: counts["label"].tolist(),
                         "Samenvatting": [wording.unfavourable_sentence(o, n) for o, n in
                                          zip(counts["ongunstiger"], counts["beoordeeld"])]})


def group_order(table: pd.DataFrame, group: str) -> list[str]:
    """The groups of a profile in the page's order: themes as they come, goals 1-3."""
    return list(table[group].unique()) if group == "theme" else [f"{k}. {v}" for k, v in GOALS.items()]


@per_monitor(max_entries=64)
def _profile(monitor: Monitor, region_id: str, year: int | None) -> pd.DataFrame:
    return profile_table(monitor, region_id, year)


@per_monitor(max_entries=128)
def profile_charts(monitor: Monitor, region_id: str, year: int | None, group: str) -> list[alt.LayerChart]:
    """The region's index charts, one per group (theme or goal) in the page's order.

    Built once per server process and choice (with :func:`profile_table`): they were 0.1 s of
    every rerun of this page, for every viewer.
    """
    table = _profile(monitor, region_id, year)
    groups = group_order(table, group)
    story = table[table["index"].notna()].assign(group=lambda t: t[group])
    story = story.assign(_g=story["group"].map({g: i for i, g in enumerate(groups)})).sort_values("_g", kind="stable")
    return [charts.profile_index(part, str(title), legend=i == 0)
            for i, (title, part) in enumerate(story.groupby("group", sort=False))]


SECTIONS = [("in-een-oogopslag", "In één oogopslag"), ("alle-indicatoren", "Alle indicatoren"),
            ("regio-s-zoals-wij", "Regio's zoals wij"), ("bevolkingsprognose", "Bevolkingsprognose")]
SHOWN = ["Indicator", "Jaar", "Regio", "Nederland", "NPVR samen", "Overig Nederland", "Verschil", "Oordeel", "Dekking",
         "Trend"]
INTERVAL_TEXT = ("95%-marge: bij de Gezondheidsmonitor 2022 uit de grenzen die CBS per gemeente publiceert; voor de "
                 "regio berekend alsof de schattingen per gemeente onafhankelijk zijn (een benadering: de echte marge "
                 "is iets breder). Oordeel alleen gunstiger of ongunstiger als de marge het landelijke cijfer niet "
                 "raakt. Voor 2016 en 2020 publiceert CBS geen grenzen.")
TABLE_CSS = "<style>[data-testid='stTable'] td, [data-testid='stTable'] th { font-size: 15px; padding: 4px 8px; }</style>"


def render() -> None:
    """Draw the page."""
    page = opening.start(uses=("year", "region"))
    monitor, year = page.monitor, page.view.chosen_year
    region = page.view.region
    name = monitor.regions.name(region)
    st.title(f"Regioprofiel: {md(name)}")
    year_text = "meest recente jaar per indicator" if year is None else f"jaar {year}"
    st.caption(f"{md(name)} vergeleken met Nederland op alle indicatoren ({year_text}).")
    table = _profile(monitor, region, year)
    if table.empty:
        st.warning(f"Voor {md(name)} zijn geen gegevens over {year}. Kies ‘Meest recente jaar’ in de zijbalk.")
        return
    missing = len(monitor.catalogue.indicators) - len(table)
    fingerprint = monitor.fingerprint
    st.download_button(f"Regioprofiel {md(name)} als PDF (1 pagina)", key="download_pdf", mime=downloads.PDF_MIME,
                       data=lambda: downloads.region_pdf(fingerprint, region), file_name=f"regioprofiel_{region}.pdf")
    # On a phone the buttons stack and their long labels (region names) would be cut off with "…": let them wrap.
    st.html('<style>[data-testid="stDownloadButton"] button [data-testid="stMarkdownContainer"], '
            '[data-testid="stDownloadButton"] button p { white-space: normal; }</style>')
    word, pdf = st.columns(2)
    word.download_button(f"Uitgangssituatie {md(name)} (Word, te bewerken)", key="download_plan_docx",
                         mime=downloads.DOCX_MIME, data=lambda: downloads.plan_docx(fingerprint, region),
                         file_name=f"uitgangssituatie_{region}.docx", width="stretch")
    pdf.download_button(f"Uitgangssituatie {md(name)} (PDF)", key="download_plan_pdf", mime=downloads.PDF_MIME,
                        data=lambda: downloads.plan_pdf(fingerprint, region),
                        file_name=f"uitgangssituatie_{region}.pdf", width="stretch")
    st.caption("Uitgangssituatie: bouwsteen voor hoofdstuk 2 van het plan voor de regio (probleemanalyse huidige "
               "situatie en opgaven), met samenvatting per doel, opgaven per thema, vergelijkbare regio's, prognose, "
               "nulmeting en verantwoording.")
    # A long page: say what is on it and let the reader jump there (Streamlit gives headings anchors).
    st.markdown("Op deze pagina: " + " · ".join(f"[{label}](#{anchor})" for anchor, label in SECTIONS))
    group = st.radio("Groeperen naar", list(GROUPINGS), format_func=GROUPINGS.get, horizontal=True,
                     key="profile_group")
    groups = group_order(table, group)
    glance = profile_charts(monitor, region, year, group)
    st.subheader("In één oogopslag", anchor="in-een-oogopslag")
    if glance:
        st.markdown(f"**{md(name)}**: index tegen Nederland (= 100) per indicator, gekleurd naar "
                    "oordeel (grijs: geen oordeel; balken buiten 50–150 afgekapt)")
        for chart in glance:
            st.altair_chart(chart, width="stretch")
        if table["index_lower"].notna().any():
            st.caption(f"Zwarte streep: het 95%-interval van CBS als index (Gezondheidsmonitor 2022); "
                       f"{wording.INTERVAL_APPROXIMATION}.")
    old = int(table["old"].sum())
    if old:
        st.warning(wording.old_count_text(monitor, old))
    partial = table[table["coverage"].map(wording.coverage_below_full)]
    if len(partial):
        st.caption(wording.THRESHOLD_TEXT + f" Bij {len(partial)} indicator(en) berust de waarde van {md(name)} op een deel "
                   "van de inwoners (kolom Dekking).")
    summary, members = st.columns([3, 2])
    with summary:
        st.markdown("**Ongunstiger dan Nederland**")
        counts = unfavourable_counts(monitor, region, year, group)
        st.table(counts.set_index(GROUPINGS[group]))
        st.caption("Geteld over de kernset: per thema een klein aantal indicatoren dat iets anders meet, zodat "
                   "bijvoorbeeld dichtheid niet via tientallen afstanden meetelt. Het profiel hieronder toont alle "
                   "indicatoren.")
        if missing:
            st.caption(f"{missing} indicator(en) zonder gegevens voor deze keuze staan niet in het profiel.")
    with members:
        st.markdown(f"**Gemeenten van {md(name)}**")
        comp = monitor.regions.table[monitor.regions.table["region_id"] == region]
        st.table(pd.DataFrame({"Gemeente": comp["gemeente_name"].astype(str), "Code": comp["gemeente_code"],
                               "Zekerheid indeling": comp["confidence"].map(CONFIDENCE_NL)}).set_index("Gemeente"))
    # Static tables: every row and column is on the page (text wraps), nothing hides in a scroll box.
    st.html(TABLE_CSS)
    st.subheader("Alle indicatoren", anchor="alle-indicatoren")
    st.caption("Per groep uit te klappen: elke indicator met jaar, waarde, Nederland, verschil, oordeel, dekking en trend.")
    for title in groups:
        part = table[table[group] == title]
        if part.empty:
            continue
        unfavourable = int((part["verdict_code"] == "ongunstiger").sum())
        with st.expander(f"{md(title)} — {len(part)} indicatoren, {unfavourable} ongunstiger dan Nederland"):
            shown = SHOWN
            if (part["95%-marge"] != wording.DASH).any():  # survey estimates with CBS's 95 % bounds
                shown = [*SHOWN[:3], "95%-marge", *SHOWN[3:]]
                st.caption(INTERVAL_TEXT)
            st.table(part[shown].set_index("Indicator"))
    state.source_line(monitor, "verschil en oordeel ten opzichte van Nederland in hetzelfde jaar; NPVR samen: de "
                               "elf regio's opgeteld, overig Nederland: alle andere gemeenten (zelfde rekenregels)")
    story_views.region_sections(monitor, region)


if __name__ == "__main__":
    render()
