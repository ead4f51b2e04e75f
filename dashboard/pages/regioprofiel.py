"""Regioprofiel: one region against Nederland on every indicator, by theme or NPVR goal."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboard import charts, downloads, notes, opening, state, story_views
from dashboard import format as fmt
from dashboard.plain import md
from monitor.catalogue import GOALS
from monitor.data import Monitor
from monitor.regions import CONFIDENCE_NL

TREND_YEARS = 10
GROUPINGS = {"theme": "Thema", "goal": "NPVR-doel"}


def trends(monitor: Monitor, region_id: str) -> dict[str, tuple[list[int], list[float]]]:
    """Per indicator the region's years and values of the last ten years with data (oldest first)."""
    rows = monitor.values[(monitor.values["level"] == "regio") & (monitor.values["code"] == region_id)
                          & monitor.values["value"].notna()].sort_values("year")
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
        return "—"
    change = values[-1] - values[0]
    arrow = "→" if abs(change) <= tolerance + 1e-9 else "↗" if change > 0 else "↘"
    return f"{arrow} sinds {years[0]}"


def profile_table(monitor: Monitor, region_id: str, year: int | None) -> pd.DataFrame:
    """One row per indicator with a value: formatted figures, verdict, trend, theme and goal."""
    profile = monitor.region_profile(region_id, year)
    trend = trends(monitor, region_id)
    programme = programme_values(monitor)
    rows = []
    for r in profile.itertuples():
        ind = monitor.indicator(str(r.indicator))
        npvr, overig = (programme.get((str(r.indicator), int(r.year), code)) for code in ("npvr", "overig"))
        old = year is None and notes.is_old(monitor, r.year)  # a chosen year is not "old", it was asked for
        rows.append({
            "theme": monitor.catalogue.theme_title(ind.theme), "goal": f"{ind.goal}. {ind.goal_text}",
            "goal_number": ind.goal, "verdict_code": r.verdict if isinstance(r.verdict, str) else None,
            "index": r.index, "coverage": r.coverage,
            "Indicator": ind.title, "year": int(r.year), "old": old,
            "Jaar": f"{int(r.year)} (oud)" if old else str(int(r.year)),
            "Regio": fmt.value(ind, r.value),
            "Nederland": fmt.value(ind, r.nl_value), "NPVR samen": fmt.value(ind, npvr),
            "Overig Nederland": fmt.value(ind, overig), "Verschil": fmt.difference(ind, r.diff),
            "Index (NL = 100)": fmt.index(r.index), "Oordeel": fmt.verdict(r.verdict).replace(" dan Nederland", "")
            .replace(" aan Nederland", ""),
            "Dekking": notes.percent(r.coverage) if notes.coverage_below_full(r.coverage) else "volledig",
            "Trend": trend_text(*trend.get(ind.id, ([], [])), ind.tolerance),
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
    if group == "goal":
        counts = counts.sort_index()  # goals in the order 1, 2, 3
    return counts.reset_index().rename(columns={group: GROUPINGS[group]})[[GROUPINGS[group], "Samenvatting"]]


SHOWN = ["Indicator", "Jaar", "Regio", "Nederland", "NPVR samen", "Overig Nederland", "Verschil", "Oordeel", "Dekking",
         "Trend"]
TABLE_CSS = "<style>[data-testid='stTable'] td, [data-testid='stTable'] th { font-size: 15px; padding: 4px 8px; }</style>"


def render() -> None:
    """Draw the page."""
    page = opening.start()
    monitor, year = page.monitor, page.view.chosen_year
    region = page.view.region
    name = monitor.regions.name(region)
    st.title(f"Regioprofiel: {md(name)}")
    year_text = "meest recente jaar per indicator" if year is None else f"jaar {year}"
    st.caption(f"{md(name)} vergeleken met Nederland op alle indicatoren ({year_text}).")
    table = profile_table(monitor, region, year)
    if table.empty:
        st.warning(f"Voor {md(name)} zijn geen gegevens over {year}. Kies ‘Meest recente jaar’ in de zijbalk.")
        return
    missing = len(monitor.catalogue.indicators) - len(table)
    fingerprint = monitor.fingerprint
    st.download_button(f"Regioprofiel {md(name)} als PDF (1 pagina)", key="download_pdf", mime=downloads.PDF_MIME,
                       data=lambda: downloads.region_pdf(fingerprint, region), file_name=f"regioprofiel_{region}.pdf")
    group = st.radio("Groeperen naar", list(GROUPINGS), format_func=GROUPINGS.get, horizontal=True,
                     key="profile_group")
    groups = table[group].unique() if group == "theme" else [f"{k}. {v}" for k, v in GOALS.items()]
    story = table[table["index"].notna()].assign(group=lambda t: t[group])
    story = story.assign(_g=story["group"].map({g: i for i, g in enumerate(groups)})).sort_values("_g", kind="stable")
    if len(story):
        st.markdown(f"**{md(name)} in één oogopslag**: index tegen Nederland (= 100) per indicator, gekleurd naar "
                    "oordeel (grijs: geen oordeel; balken buiten 50–150 afgekapt)")
        for i, (title, part) in enumerate(story.groupby("group", sort=False)):
            st.altair_chart(charts.profile_index(part, str(title), legend=i == 0), width="stretch")
    old = int(table["old"].sum())
    if old:
        newest = notes.newest_year(monitor)
        st.warning(f"Let op: bij {old} indicator(en) is het meest recente cijfer van {newest - notes.OLD_DATA_YEARS} "
                   f"of eerder, terwijl andere indicatoren tot {newest} lopen (‘(oud)’ achter het jaar in de tabellen).")
    partial = table[table["coverage"].map(notes.coverage_below_full)]
    if len(partial):
        st.caption(notes.THRESHOLD_TEXT + f" Bij {len(partial)} indicator(en) berust de waarde van {md(name)} op een deel "
                   "van de inwoners (kolom Dekking).")
    summary, members = st.columns([3, 2])
    with summary:
        st.markdown("**Ongunstiger dan Nederland**")
        counts = unfavourable_counts(table, group)
        st.table(counts.set_index(GROUPINGS[group]))
        if missing:
            st.caption(f"{missing} indicator(en) zonder gegevens voor deze keuze staan niet in het profiel.")
    with members:
        st.markdown(f"**Gemeenten van {md(name)}**")
        comp = monitor.regions.table[monitor.regions.table["region_id"] == region]
        st.table(pd.DataFrame({"Gemeente": comp["gemeente_name"].astype(str), "Code": comp["gemeente_code"],
                               "Zekerheid indeling": comp["confidence"].map(CONFIDENCE_NL)}).set_index("Gemeente"))
    # Static tables: every row and column is on the page (text wraps), nothing hides in a scroll box.
    st.html(TABLE_CSS)
    for title in groups:
        part = table[table[group] == title]
        if part.empty:
            continue
        st.subheader(md(title))
        st.table(part[SHOWN].set_index("Indicator"))
    state.source_line(monitor, "verschil en oordeel ten opzichte van Nederland in hetzelfde jaar; NPVR samen: de "
                               "elf regio's opgeteld, overig Nederland: alle andere gemeenten (zelfde rekenregels)")
    story_views.region_sections(monitor, region)


if __name__ == "__main__":
    render()
