"""Vergelijken: the eleven regions and Nederland ranked on one indicator, and over time."""

from __future__ import annotations

import altair as alt
import numpy as np
import pandas as pd
import streamlit as st

from dashboard import charts, opening, state
from dashboard.plain import md
from dashboard.shared import per_monitor
from monitor import wording
from monitor.areas import NPVR_CODE
from monitor.compute.uncertainty import NOTE_NO_BOUNDS
from monitor.data import NATIONAL_CODE, Monitor


def rank_table(monitor: Monitor, indicator_id: str, year: int) -> pd.DataFrame:
    """The regions, the programme as a whole (NPVR samen, overig Nederland) and Nederland, most favourable
    first (neutral: highest first), as shown. Only the regions are ranked."""
    indicator = monitor.indicator(indicator_id)
    rows = pd.concat([monitor.table(indicator_id, year, "regio"), monitor.table(indicator_id, year, "programma"),
                      monitor.table(indicator_id, year, "nederland")])
    ascending = indicator.direction == "lower"
    rows = rows.sort_values("value", ascending=ascending, na_position="last")
    table = pd.DataFrame({
        "Rang": [(wording.DASH if pd.isna(r) else str(int(r))) for r in rows["rank"]],
        "Gebied": rows["name"].astype(str).to_numpy(),
        "Waarde": [wording.value(indicator, v) for v in rows["value"]],
        "Verschil met NL": [wording.difference(indicator, d) if c != NATIONAL_CODE else wording.DASH
                            for d, c in zip(rows["diff"], rows["code"])],
        "Index (NL = 100)": [wording.index(i) if c != NATIONAL_CODE else "100" for i, c in zip(rows["index"], rows["code"])],
        "Oordeel": [("referentie" if c == NATIONAL_CODE else "geen oordeel (te weinig dekking)" if wording.unjudged(cov)
                     else wording.verdict(v)) for v, c, cov in zip(rows["verdict"], rows["code"], rows["coverage"])],
        "Dekking": [wording.coverage_cell(c).split(" · ")[0] or "volledig" if c == c else wording.DASH for c in rows["coverage"]],
    })
    if "lower_95" in rows and rows["lower_95"].notna().any():  # survey estimates with CBS's 95 % bounds
        table.insert(3, "95%-marge", [wording.interval(indicator, lo, hi) for lo, hi in zip(rows["lower_95"], rows["upper_95"])])
        table["Oordeel"] = [o.replace("gelijk aan Nederland", "gelijk aan Nederland (binnen de marge)")
                            if lo == lo and c != NATIONAL_CODE else o
                            for o, lo, c in zip(table["Oordeel"], rows["lower_95"], rows["code"])]
    return table


def series_table(lines: pd.DataFrame) -> pd.DataFrame:
    """The time series as a table (areas x years, formatted): the chart's text alternative."""
    wide = lines.pivot_table(index="name", columns="year", values="label", aggfunc="first", sort=False)
    wide.columns = [str(c) for c in wide.columns]
    return wide.fillna(wording.MISSING_TEXT).reset_index().rename(columns={"name": "Gebied"})


def margin_text(regions: pd.DataFrame, year: int) -> str | None:
    """What the ranking says about CBS's 95 % margins of this year's region values: how the whiskers are made
    (survey years with bounds), that CBS publishes none for this year (the survey's other years), or None."""
    if "lower_95" in regions and regions["lower_95"].notna().any():
        return (f"Zwarte streep: het 95%-interval van CBS; {wording.INTERVAL_APPROXIMATION}. Gunstiger of ongunstiger "
                "alleen als het interval het landelijke cijfer niet raakt, anders gelijk (binnen de marge).")
    no_bounds = NOTE_NO_BOUNDS.format(year=year)
    if regions["note"].astype("string").str.contains(no_bounds, regex=False).any():
        return f"{no_bounds[0].upper()}{no_bounds[1:]}; het oordeel volgt de gewone marge van de indicator."
    return None


@per_monitor(max_entries=256)
def ranking(monitor: Monitor, indicator_id: str, year: int) -> tuple[alt.LayerChart | None, pd.DataFrame, bool,
                                                                       str | None]:
    """The ranked bars (None: no region has a value), the rank table, whether a region's value rests
    on part of its inhabitants and the margins' text (:func:`margin_text`); made once per server process and
    choice, as :func:`over_time`."""
    indicator = monitor.indicator(indicator_id)
    regions = monitor.table(indicator_id, year, "regio")
    national = monitor.national(indicator_id, year)
    nl_value = None if national is None or pd.isna(national["value"]) else float(national["value"])
    ordered = regions.dropna(subset=["value"]).sort_values("value", ascending=indicator.direction == "lower")
    # The covered share follows the value when below 100 %: "55,2 (77%)" (explained under the table).
    bars = pd.DataFrame({"name": ordered["name"].astype(str), "value": ordered["value"],
                         "verdict": ordered["verdict"].astype(object),
                         "label": [wording.number(v, indicator.decimals)
                                   + (f" ({wording.percent(c)})" if wording.coverage_below_full(c) else "")
                                   for v, c in zip(ordered["value"], ordered["coverage"])]})
    if "lower_95" in ordered:
        bars = bars.assign(lower=ordered["lower_95"].to_numpy(), upper=ordered["upper_95"].to_numpy())
    chart = charts.ranked_bars(bars, nl_value, indicator.unit) if len(bars) else None
    partial = bool(regions["coverage"].map(wording.coverage_below_full).any())
    return chart, rank_table(monitor, indicator_id, year).set_index("Rang"), partial, margin_text(regions, year)


@per_monitor(max_entries=256)
def over_time(monitor: Monitor, indicator_id: str, region: str) -> tuple[pd.DataFrame, alt.LayerChart | None]:
    """The time series of the regions, the programme and Nederland (``region`` highlighted) and its
    chart (None with a single year). Building the charts was most of this page's server time."""
    indicator = monitor.indicator(indicator_id)
    names = monitor.regions.names()
    series = monitor.series(indicator_id, [*names, NPVR_CODE, NATIONAL_CODE]).dropna(subset=["value"])
    kind = series["code"].map(lambda c: "nl" if c == NATIONAL_CODE else "highlight" if c == region
                              else "npvr" if c == NPVR_CODE else "other")
    lower, upper = (series[c] if c in series else pd.Series(np.nan, index=series.index) for c in ("lower_95", "upper_95"))
    lines = pd.DataFrame({"name": series["name"].astype(str), "year": series["year"], "value": series["value"],
                          "label": [wording.value_with_interval(indicator, v, lo, hi)
                                    for v, lo, hi in zip(series["value"], lower, upper)],
                          "kind": kind, "lower": lower, "upper": upper,
                          "margin": [wording.interval(indicator, lo, hi) for lo, hi in zip(lower, upper)]})
    if lines["year"].nunique() <= 1:
        return lines, None
    breaks = [(b.year, b.note) for b in indicator.breaks]
    return lines, charts.time_series(lines, names[region], indicator.unit, breaks)


def render() -> None:
    """Draw the page."""
    page = opening.start()
    monitor, view, indicator = page.monitor, page.view, page.indicator
    st.title("Vergelijken")
    year = opening.indicator_year(page)
    if year is None:
        return
    bars, ranks, partial, margins = ranking(monitor, indicator.id, year)
    st.markdown("**Regio's gerangschikt** (stippellijn: Nederland)")
    if bars is not None:
        st.altair_chart(bars, width="stretch")
        if margins:
            st.caption(margins)
    else:
        st.info(f"Geen regiowaarden voor {year}.")
    state.source_line(monitor)
    st.markdown("**Rangorde**")
    # A static table: every region and column visible at 1280 px, no scrolling inside it.
    st.table(ranks)
    if partial:
        st.caption(wording.THRESHOLD_TEXT + " In de grafiek staat de dekking tussen haakjes achter de waarde.")
    st.caption("Rang alleen onder de elf regio's. NPVR (11 regio's samen) en overig Nederland (alle andere "
               "gemeenten) zijn berekend met dezelfde rekenregels als de regio's.")
    st.subheader("Ontwikkeling in de tijd")
    names = monitor.regions.names()
    lines, chart = over_time(monitor, indicator.id, view.region)
    if chart is not None:
        st.altair_chart(chart, width="stretch")
        st.caption(f"Gekleurd: {md(names[view.region])} (kies een andere regio in de zijbalk); zwart: Nederland; "
                   "gestreept: de elf regio's samen (zelfde rekenregels als de regio's).")
        if lines["lower"].notna().any():
            st.caption("Verticale balk: het 95%-interval van CBS (alleen voor jaren waarin CBS grenzen publiceert); "
                       f"{wording.INTERVAL_APPROXIMATION}.")
        for series_break in indicator.breaks:
            st.text(f"Reeksbreuk {series_break.text}")
        with st.expander("Tabel bij de grafiek"):
            st.dataframe(series_table(lines), hide_index=True, width="stretch")
    else:
        st.info(f"Voor “{md(indicator.title)}” is maar één jaar beschikbaar; er is geen tijdreeks.")
    state.source_line(monitor)


if __name__ == "__main__":
    render()
