"""The NPVR story in the app: cached tables (``monitor.story``) and the charts and tables built on them.

Used by the *Opgaven* page, the peers/forecast sections of *Regioprofiel* and the meeting-mode
slides. Every table says its years; every chart has a table beside it and a source line.
"""

from __future__ import annotations

import html

import altair as alt
import pandas as pd
import streamlit as st

from dashboard.plain import md
from dashboard.shared import per_monitor
from monitor.story import forecast, peers
from monitor import palettes, profile
from monitor import wording
from monitor.catalogue import GOALS
from monitor.data import Monitor
from monitor.areas import NPVR_CODE, PROGRAMME_NAMES
from monitor.story.gather import Story, all_trends, story_for
from monitor.story.trends import VERDICT_LABELS

TREND_LABELS = VERDICT_LABELS
CLASS_LABELS = {"ongunstiger": "ongunstiger", "gelijk": "gelijk", "gunstiger": "gunstiger",
                "zonder_oordeel": "zonder oordeel"}
HEAT_COLOURS = ["#fff5eb", "#fdd0a2", "#fd8d3c", "#d94801", "#7f2704"]  # ColorBrewer Oranges (sequential)
HEAT_DARK = 55
"""From this share (%) of unfavourable indicators a heatmap cell is dark enough for white text."""
DEVELOPMENT_LABELS = {True: "verbeterd t.o.v. Nederland", False: "verslechterd t.o.v. Nederland",
                      None: "geen duidelijke richting"}
DEVELOPMENT_COLOURS = {DEVELOPMENT_LABELS[True]: palettes.VERDICT_COLOURS["gunstiger"],
                       DEVELOPMENT_LABELS[False]: palettes.VERDICT_COLOURS["ongunstiger"],
                       DEVELOPMENT_LABELS[None]: palettes.VERDICT_COLOURS["gelijk"]}
"""The trend charts' colours: the same blue/orange as favourable/unfavourable on the map and the slides."""
STORY_SOURCE = ("verschil met Nederland in hetzelfde jaar; positie t.o.v. de 40 COROP-gebieden in dat jaar "
                "(zelfde rekenregels als de regio's)")


@st.cache_resource(show_spinner="Opgaven, trends en prognoses berekenen…")
def _story(fingerprint: str, _monitor: Monitor) -> Story:
    return story_for(_monitor)


def get_story(monitor: Monitor) -> Story:
    """The story tables of this monitor, computed once per server process and snapshot."""
    return _story(monitor.fingerprint, monitor)


@per_monitor(max_entries=32)
def peer_tables(monitor: Monitor, region: str) -> tuple[pd.DataFrame, pd.DataFrame]:
    """:func:`peer_overview` and :func:`peer_gaps` of a region, made once per server process."""
    story = get_story(monitor)
    return peer_overview(monitor, story, region), peer_gaps(monitor, story, region)


def group_label(monitor: Monitor, group: str, key: str) -> str:
    """Dutch label of a theme id (``group == "thema"``) or goal number (``"doel"``)."""
    return monitor.catalogue.theme_title(key) if group == "thema" else f"{key}. {GOALS[int(key)]}"


def heat_table(monitor: Monitor, story: Story, group: str) -> pd.DataFrame:
    """Per region and theme (or goal): counts of the four classes, long format with labels.

    Columns ``regio`` (id), ``Regio``, ``groep`` (id), ``Groep`` (label), the four class counts,
    ``beoordeeld`` (ongunstiger + gelijk + gunstiger), ``indicatoren`` and ``aandeel`` (share
    ongunstiger of the judged, 0–1, empty when none is judged).
    """
    detail = story.stacking_detail
    detail = detail[detail["kernset"]] if "kernset" in detail else detail  # the kernset (monitor.story.stacking)
    key = "thema" if group == "thema" else "doel"
    counts = profile.class_counts(detail, ["code", key]).reset_index()
    counts = counts.rename(columns={"code": "regio", key: "groep"})
    counts["beoordeeld"] = counts[["ongunstiger", "gelijk", "gunstiger"]].sum(axis=1)
    counts["indicatoren"] = counts["beoordeeld"] + counts["zonder_oordeel"]
    counts["aandeel"] = (counts["ongunstiger"] / counts["beoordeeld"]).where(counts["beoordeeld"] > 0)
    names = monitor.regions.names()
    counts["Regio"] = counts["regio"].map(names)
    counts["Groep"] = [group_label(monitor, group, g) for g in counts["groep"]]
    return counts


def region_order(heat: pd.DataFrame, sort_by: str | None) -> list[str]:
    """Region names, most unfavourable first on ``sort_by`` (a group id; None = all indicators together)."""
    part = heat if sort_by is None else heat[heat["groep"] == sort_by]
    totals = part.groupby("Regio")[["ongunstiger", "beoordeeld"]].sum()
    totals["aandeel"] = totals["ongunstiger"] / totals["beoordeeld"].where(totals["beoordeeld"] > 0)
    return totals.sort_values(["aandeel", "ongunstiger"], ascending=False, na_position="last").index.tolist()


HEADER_LINES = ("split(indexof(replace(replace(datum.label, ' — ', '|'), regexp(' en ', 'g'), ' en|'), '|') < 0 "
                "? replace(datum.label, ' ', '|') "
                ": replace(replace(datum.label, ' — ', '|'), regexp(' en ', 'g'), ' en|'), '|')")
"""Vega expression: a column header on short lines (after " — " and " en ", else after its first word)."""
HEADER_MIN_PX = 120
Y_LABELS_PX = 190
"""About the width of the region names left of the heatmap (the rest of the container is the columns)."""
"""Below this column width (px) the heatmap's headers are turned (:data:`HEADER_ANGLE` degrees), one line each."""
HEADER_ANGLE = 35
HEADER_TURNED_PX = 120


def heatmap(heat: pd.DataFrame, order: list[str], groups: list[str]) -> alt.Chart:
    """Regions × themes coloured by the share of judged indicators that is less favourable than Nederland.

    Each cell reads "ongunstiger van beoordeeld"; clicking a cell selects it (selection ``cel``).
    """
    data = heat.assign(tekst=[f"{o} van {b}" for o, b in zip(heat["ongunstiger"], heat["beoordeeld"])],
                       procent=(heat["aandeel"] * 100).round(0))
    cell = alt.selection_point(name="cel", fields=["regio", "groep"], on="click")
    # Column headers on two or three lines ("Voorzieningen en" / "bereikbaarheid"), never hidden for
    # overlapping (at 1366 and 1280 px two of five long headers were dropped). Where a column is too narrow
    # for that (nine themes at 1366 and 1280 px overlapped), the browser turns the headers, one line each:
    # ``width`` is the chart's width in the browser (Vega signal).
    narrow = f"(containerSize()[0] - {Y_LABELS_PX}) / {max(len(groups), 1)} < {HEADER_MIN_PX}"
    axis = alt.Axis(orient="top", labelLimit=330, labelOverlap=False,
                    labelExpr=f"{narrow} ? datum.label : ({HEADER_LINES})",
                    labelAngle=alt.ExprRef(expr=f"{narrow} ? -{HEADER_ANGLE} : 0"),
                    labelAlign=alt.ExprRef(expr=f"{narrow} ? 'left' : 'center'"),
                    labelBaseline=alt.ExprRef(expr=f"{narrow} ? 'middle' : 'bottom'"),
                    labelPadding=alt.ExprRef(expr=f"{narrow} ? 6 : 40"))  # room for the lines below the first
    base = alt.Chart(data).encode(x=alt.X("Groep:N", sort=groups, title=None, axis=axis),
                                  y=alt.Y("Regio:N", sort=order, title=None))
    rect = base.mark_rect(stroke="#ffffff", strokeWidth=2).encode(
        color=alt.Color("procent:Q", title="% ongunstiger van beoordeeld",
                        scale=alt.Scale(domain=[0, 100], range=HEAT_COLOURS)),
        opacity=alt.condition(cell, alt.value(1.0), alt.value(0.55)),
        tooltip=[alt.Tooltip("Regio:N"), alt.Tooltip("Groep:N", title="Thema of doel"),
                 alt.Tooltip("ongunstiger:Q", title="ongunstiger dan NL"), alt.Tooltip("gelijk:Q"),
                 alt.Tooltip("gunstiger:Q", title="gunstiger dan NL"),
                 alt.Tooltip("zonder_oordeel:Q", title="zonder oordeel"), alt.Tooltip("procent:Q", title="%")],
    ).add_params(cell)
    text = base.mark_text(fontSize=15).encode(
        text="tekst:N",
        color=alt.condition(alt.datum.procent >= HEAT_DARK, alt.value("#ffffff"), alt.value("#111111")))
    # fit-x: the rows keep their height and the (turned) headers add theirs above them.
    chart = alt.layer(rect, text).properties(
        height=46 * len(order) + 30, autosize=alt.AutoSizeParams(type="fit-x", contains="padding"),
        # Vega does not reserve the turned headers' height: room above the rows for the longest one.
        padding=alt.ExprRef(expr=f"{narrow} ? {{top: {HEADER_TURNED_PX}, left: 5, right: 5, bottom: 5}} : 5"))
    return (chart.configure_axis(labelFontSize=15, labelColor="#111111", labelLimit=330)
            .configure_legend(labelFontSize=14, titleFontSize=14, orient="bottom").configure_view(strokeWidth=0))


NARROW_PX = 640
"""Streamlit's own phone breakpoint (the sidebar collapses): below it the heatmap becomes a list per region."""
HEAT_NARROW_CSS = f"""<style>
@media (max-width: {NARROW_PX}px) {{ .st-key-opgaven_heat_wide {{ display: none; }} }}
@media (min-width: {NARROW_PX + 1}px) {{ .st-key-opgaven_heat_narrow {{ display: none; }} }}
.npvr-heat-list details {{ border-bottom: 1px solid #ddd; padding: 6px 0; }}
.npvr-heat-list summary {{ font-size: 16px; cursor: pointer; }}
.npvr-heat-list .sqs {{ display: block; margin: 4px 0 0 18px; }}
.npvr-heat-list .sq {{ display: inline-block; width: 22px; height: 18px; margin-right: 3px; border: 1px solid #bbb; }}
.npvr-heat-list table {{ width: 100%; border-collapse: collapse; margin-top: 6px; font-size: 15px; }}
.npvr-heat-list td {{ padding: 5px 6px; border-top: 1px solid #fff; }}
.npvr-heat-list td.n {{ text-align: right; white-space: nowrap; width: 7.5em; }}
</style>"""


def heat_colour(percent: float) -> str:
    """The heatmap's colour of a share (0–100 %) of unfavourable indicators; light grey when none is judged."""
    from matplotlib.colors import LinearSegmentedColormap, to_hex

    if pd.isna(percent):
        return "#eeeeee"
    return to_hex(LinearSegmentedColormap.from_list("heat", HEAT_COLOURS)(min(max(percent, 0), 100) / 100))


def _heat_cell(ongunstiger: int, beoordeeld: int, percent: float) -> str:
    ink = "#ffffff" if not pd.isna(percent) and percent >= HEAT_DARK else "#111111"
    return (f'<td class="n" style="background:{heat_colour(percent)};color:{ink}">'
            f"<b>{ongunstiger}</b> van {beoordeeld}</td>")


def heat_list(heat: pd.DataFrame, order: list[str], groups: list[str]) -> str:
    """The heatmap for a phone: per region (in the heatmap's order) a line that opens to its themes or goals.

    The line shows the region, its total and one colour square per group; opened, every group with its
    count in the heatmap's colour. Same numbers and colours as :func:`heatmap`.
    """
    data = heat.assign(procent=(heat["aandeel"] * 100).round(0))
    blocks = []
    for region in order:
        part = data[data["Regio"] == region].set_index("Groep").reindex(groups).dropna(subset=["regio"])
        judged, worse = int(part["beoordeeld"].sum()), int(part["ongunstiger"].sum())
        squares = "".join(f'<span class="sq" title="{html.escape(g)}" style="background:{heat_colour(r.procent)}">'
                          "</span>" for g, r in zip(part.index, part.itertuples()))
        rows = "".join(f"<tr><td>{html.escape(g)}</td>{_heat_cell(int(r.ongunstiger), int(r.beoordeeld), r.procent)}"
                       "</tr>" for g, r in zip(part.index, part.itertuples()))
        blocks.append(f"<details><summary><b>{html.escape(region)}</b>: {worse} van {judged} ongunstiger"
                      f'<span class="sqs">{squares}</span></summary><table>{rows}</table></details>')
    return f'<div class="npvr-heat-list">{"".join(blocks)}</div>'


def heat_wide(heat: pd.DataFrame, order: list[str], groups: list[str], labels: dict[str, str]) -> pd.DataFrame:
    """The heatmap as a table (sortable by clicking a column): ongunstiger per group, plus totals."""
    wide = heat.pivot_table(index="Regio", columns="groep", values="ongunstiger", aggfunc="sum")
    wide = wide.reindex(index=order, columns=groups)
    wide.columns = [labels[g] for g in groups]
    totals = heat.groupby("Regio")[["ongunstiger", "beoordeeld", "zonder_oordeel"]].sum().reindex(order)
    wide["Totaal ongunstiger"] = totals["ongunstiger"]
    wide["Beoordeeld"] = totals["beoordeeld"]
    wide["Zonder oordeel"] = totals["zonder_oordeel"]
    return wide.reset_index()


def cell_indicators(monitor: Monitor, story: Story, region: str, group: str, key: str) -> pd.DataFrame:
    """The indicators behind one heatmap cell: the kernset (counted in the cell) first, then the rest
    of the theme as detail; least favourable position first within each."""
    detail = story.stacking_detail
    column = "thema" if group == "thema" else "doel"
    part = detail[(detail["code"] == region) & (detail[column] == key)]
    core = part["kernset"] if "kernset" in part else pd.Series(True, index=part.index)
    part = part.assign(rest=~core).sort_values(["rest", "percentiel"], na_position="last")
    rows = []
    for r in part.itertuples():
        ind = monitor.indicator(r.indicator)
        has = pd.notna(r.year)
        rows.append({
            "Indicator": ind.title, "Kernset": "nee" if r.rest else "ja",
            "Jaar": str(int(r.year)) if has else wording.DASH,
            "Regio": wording.value(ind, r.value) if has else wording.MISSING_TEXT,
            "Nederland": wording.value(ind, r.nl_value), "Verschil": wording.difference(ind, r.diff),
            "Oordeel": wording.verdict(r.verdict) if r.klasse != "zonder_oordeel" or not has else
            ("neutraal: " + wording.verdict(r.verdict) if isinstance(r.verdict, str) else "niet vergeleken"),
            "Positie onder 40 COROP-gebieden": (f"gunstiger dan {r.percentiel:.0f}%" if pd.notna(r.percentiel)
                                                else wording.DASH),
            "z-score": wording.number(r.z_score, 2) if pd.notna(r.z_score) else wording.DASH,
        })
    return pd.DataFrame(rows)


def convergence_summary(monitor: Monitor, story: Story) -> pd.DataFrame:
    """Per region, and for the eleven regions together: how many gaps close, stay, widen or cannot be judged."""
    areas = [*monitor.regions.ids(), *([NPVR_CODE] if not story.programme_trends.empty else [])]
    counts = all_trends(story).groupby(["regio", "oordeel"]).size().unstack("oordeel", fill_value=0)
    counts = counts.reindex(index=areas, columns=list(TREND_LABELS), fill_value=0)
    counts.columns = [TREND_LABELS[c] for c in counts.columns]
    counts.insert(0, "Regio", [PROGRAMME_NAMES[a] if a == NPVR_CODE else monitor.regions.name(a) for a in counts.index])
    return counts.reset_index(drop=True)


def convergence_table(monitor: Monitor, story: Story, region: str) -> pd.DataFrame:
    """One region's gaps with Nederland over time, closing fastest first (:func:`monitor.story.trends.ranked`)."""
    from monitor.story import trends

    part = trends.ranked(story.trends, monitor.catalogue, region)
    rows = []
    for r in part.itertuples():
        ind = monitor.indicator(r.indicator)
        slope = wording.DASH if pd.isna(r.helling_per_jaar) else (
            f"{wording.number(r.helling_per_jaar, ind.decimals + 1)} per jaar "
            f"(95%: {wording.number(r.helling_laag, ind.decimals + 1)} tot {wording.number(r.helling_hoog, ind.decimals + 1)})")
        good = r.ontwikkeling if isinstance(r.ontwikkeling, str) and r.ontwikkeling else wording.DASH
        rows.append({"indicator": r.indicator, "Indicator": ind.title, "Jaren": f"{r.jaar_van}–{r.jaar_tot}",
                     "Verschil begin": wording.difference(ind, r.verschil_van),
                     "Verschil eind": wording.difference(ind, r.verschil_tot), "Helling van het verschil": slope,
                     "Oordeel": TREND_LABELS[r.oordeel], "Ontwikkeling voor de regio": good,
                     "Toelichting": r.reden})
    return pd.DataFrame(rows)


def small_multiples(monitor: Monitor, story: Story, region: str, indicator_ids: list[str]) -> alt.Chart:
    """Gap with Nederland per year for a few indicators, one small panel each, zero line = Nederland."""
    rows = monitor.level_rows("regio", region)
    rows = rows[rows["indicator"].isin(indicator_ids) & rows["diff"].notna()]
    # Colour means what it means everywhere: blue favourable, orange unfavourable for the region (not
    # "towards Nederland", which can be losing a lead), grey without a direction.
    favourable = story.trends[story.trends["regio"] == region].set_index("indicator")["gunstig"]
    titles = {i: monitor.indicator(i).title for i in indicator_ids}
    data = pd.DataFrame({"Indicator": rows["indicator"].astype(str).map(titles), "Jaar": rows["year"].astype(int),
                         "Verschil": rows["diff"].astype(float),
                         "Voor de regio": [DEVELOPMENT_LABELS.get(favourable.get(i)) or DEVELOPMENT_LABELS[None]
                                           for i in rows["indicator"].astype(str)]})
    scale = alt.Scale(domain=list(DEVELOPMENT_COLOURS), range=list(DEVELOPMENT_COLOURS.values()))
    line = alt.Chart().mark_line(point=True, strokeWidth=3).encode(
        x=alt.X("Jaar:Q", axis=alt.Axis(format="d", tickMinStep=1)), y=alt.Y("Verschil:Q", title="regio − NL"),
        color=alt.Color("Voor de regio:N", scale=scale),
        tooltip=["Indicator", "Jaar", alt.Tooltip("Verschil:Q", format=".2f"), "Voor de regio"])
    zero = alt.Chart().mark_rule(color=palettes.NATIONAL_COLOUR, strokeDash=[4, 3]).encode(y=alt.datum(0))
    chart = alt.layer(line, zero, data=data).properties(width=230, height=150).facet(
        facet=alt.Facet("Indicator:N", title=None, header=alt.Header(labelFontSize=13, labelLimit=230)), columns=3)
    return chart.resolve_scale(y="independent").configure_legend(orient="bottom", labelFontSize=14, titleFontSize=14)


def peer_overview(monitor: Monitor, story: Story, region: str) -> pd.DataFrame:
    """The region's peers with their distance and the profile they were matched on (raw values)."""
    part = story.peers[story.peers["regio"] == region]
    years = story.peer_info.get("years", {})
    rows = []
    for code, name, dist in [(region, monitor.regions.name(region), None),
                             *zip(part["peer_code"], part["peer_naam"], part["afstand"])]:
        level = "regio" if code == region else "corop"
        row = {"Gebied": name, "Code": code if level == "corop" else wording.DASH,
               "Afstand (z-scores)": wording.DASH if dist is None else wording.number(dist, 2)}
        for ind_id, year in years.items():
            ind = monitor.indicator(ind_id)
            table = monitor.table(ind_id, year, level)
            value = table.loc[table["code"] == code, "value"]
            row[f"{ind.title} ({year})"] = wording.value(ind, value.iloc[0] if len(value) else None)
        rows.append(row)
    nl = {"Gebied": "Nederland", "Code": "NL01", "Afstand (z-scores)": wording.DASH}
    for ind_id, year in years.items():
        ind = monitor.indicator(ind_id)
        national = monitor.national(ind_id, year)
        nl[f"{ind.title} ({year})"] = wording.value(ind, None if national is None else national["value"])
    return pd.DataFrame([*rows, nl])


def peer_gaps(monitor: Monitor, story: Story, region: str) -> pd.DataFrame:
    """Region vs the median of its peers vs Nederland, with whether an unfavourable gap is shared."""
    codes = story.peers.loc[story.peers["regio"] == region, "peer_code"].tolist()
    ids = [i.id for i in monitor.catalogue.indicators if i.aggregation != "sum"]
    table = peers.peer_comparison(monitor.values, region, codes, ids)
    rows = []
    for r in table.itertuples():
        ind = monitor.indicator(r.indicator)
        shared = wording.DASH
        if r.verdict == "ongunstiger" and pd.notna(r.peers_diff):
            worse = r.peers_diff < -ind.tolerance if ind.direction == "higher" else r.peers_diff > ind.tolerance
            shared = "ja, ook bij vergelijkbare regio's" if worse else "nee, alleen deze regio"
        rows.append({"Indicator": ind.title, "Jaar": r.year, "Regio": wording.value(ind, r.value),
                     "Vergelijkbare regio's (mediaan)": wording.value(ind, r.peers),
                     "Nederland": wording.value(ind, r.nl_value), "Oordeel regio": wording.verdict(r.verdict),
                     "Achterstand gedeeld?": shared})
    return pd.DataFrame(rows)


def forecast_chart(table: pd.DataFrame, name: str) -> alt.Chart:
    """Index (first year = 100) of the region's forecast against Nederland's."""
    data = pd.concat([
        pd.DataFrame({"Jaar": table["jaar"], "Index": table["index"], "Gebied": name}),
        pd.DataFrame({"Jaar": table["jaar"], "Index": table["nl_index"], "Gebied": "Nederland"}),
    ])
    scale = alt.Scale(domain=[name, "Nederland"], range=["#0b4f8a", palettes.NATIONAL_COLOUR])
    chart = alt.Chart(data).mark_line(strokeWidth=3).encode(
        x=alt.X("Jaar:Q", axis=alt.Axis(format="d")), y=alt.Y("Index:Q", title=f"index ({int(table['jaar'].min())} = 100)",
                                                              scale=alt.Scale(zero=False)),
        color=alt.Color("Gebied:N", scale=scale, title=None),
        # The same field and title on both channels: Vega-Lite merges them into one legend (line colour and
        # dash); ``legend=None`` on either one dropped the whole legend.
        strokeDash=alt.StrokeDash("Gebied:N", scale=alt.Scale(domain=[name, "Nederland"], range=[[1, 0], [6, 3]]),
                                  title=None),
        tooltip=["Gebied", "Jaar", alt.Tooltip("Index:Q", format=".1f")])
    return chart.properties(height=300).configure_axis(labelFontSize=14, titleFontSize=14).configure_legend(
        orient="bottom", direction="vertical", labelFontSize=15, labelColor="#111111", symbolSize=600,
        symbolStrokeWidth=3, labelLimit=0)  # one entry per line: a phone cut "Nederland" beside a long name


MATCH_TEXT = {"exact": "de prognosegebieden vallen precies samen met de regio",
              "gedeeltelijk": "de prognose dekt maar een deel van de regio",
              "geen": "geen prognosegebied valt geheel binnen de regio"}


def forecast_summary(story: Story, region: str, old: bool = False) -> tuple[pd.DataFrame | None, dict | None]:
    """(forecast rows, match info) of one region; rows None when the forecast does not cover it."""
    matches = story.old_matches if old else story.forecast_matches
    table = story.old_forecast if old else story.forecast
    if matches is None or matches.empty or region not in set(matches["regio"]):
        return None, None
    info = matches[matches["regio"] == region].iloc[0].to_dict()
    rows = table[table["regio"] == region] if len(table) else table
    return (rows if len(rows) else None), info


@per_monitor(max_entries=2)
def area_names(monitor: Monitor) -> dict[str, str]:
    """``{code: name}`` of the gemeenten and COROP-gebieden, to name a forecast's areas as people know them."""
    rows = monitor.values[monitor.values["level"].isin(["gemeente", "corop"])][["code", "name"]].drop_duplicates("code")
    return {**dict(zip(rows["code"].astype(str), rows["name"].astype(str))), **monitor.snapshot.gemeente_names()}


def named_areas(codes: str, names: dict[str, str]) -> str:
    """``"GM0222 CR02"`` → ``"Doetinchem, Oost-Groningen (COROP)"``: names, the code only where no name is known."""
    parts = []
    for code in str(codes).split():
        name = names.get(code)
        parts.append(code if name is None else (f"{name} (COROP)" if code.startswith("CR") else name))
    return ", ".join(parts)


def forecast_text(info: dict, name: str, names: dict[str, str] | None = None) -> str:
    """One Dutch sentence: growth of the region vs Nederland, with years, method, coverage and source; the areas of
    a partial forecast by name (``names``: :func:`area_names`)."""
    label = forecast.SOURCE_LABELS.get(info["prognose"], info["prognose"])
    method = str(info.get("methode") or "")
    if not method:
        why = md(str(info.get("reden") or MATCH_TEXT["geen"]))
        return f"Geen prognose voor {name}: {why} ({label})."
    if method.startswith(forecast.METHOD_ESTIMATE):
        cover = (f" Dit is een **schatting**, geen prognose van CBS voor de regio zelf: "
                 f"{md(method.removeprefix(forecast.METHOD_ESTIMATE + ': '))}.")
    elif info["overeenkomst"] != "exact":
        cover = (f" Let op: {wording.number(100 * info['dekking'], 0)}% van de inwoners valt in de prognosegebieden "
                 f"({named_areas(info['gebieden'], names or {})}); het cijfer is hun som.")
    else:
        cover = ""
    return (f"{name}: {wording.number(info['groei'], 1, signed=True)}% inwoners {info['jaar_van']}–{info['jaar_tot']}, "
            f"Nederland {wording.number(info['nl_groei'], 1, signed=True)}%.{cover} Bron: {label}.")


def forecast_label(name: str, info: dict) -> str:
    """The region's name on the forecast chart, with ``(schatting)`` or its coverage where not exact."""
    method = str(info.get("methode") or "")
    if method.startswith(forecast.METHOD_ESTIMATE):
        return f"{name} (schatting)"
    return name if info["overeenkomst"] == "exact" else f"{name} (deel: {wording.number(100 * info['dekking'], 0)}%)"


def region_sections(monitor: Monitor, region: str) -> None:
    """Regioprofiel: the region against its peer regions and Nederland, and its population forecast."""
    story = get_story(monitor)
    name = monitor.regions.name(region)
    st.header("Regio's zoals wij", anchor="regio-s-zoals-wij")
    if story.peers.empty:
        st.info("Geen vergelijkbare regio's: " + "; ".join(md(n) for n in story.notes or ["geen COROP-gegevens"]) + ".")
    else:
        years = story.peer_info.get("years", {})
        st.caption(f"De {peers.N_PEERS} COROP-gebieden die structureel het meest op {md(name)} lijken: kleinste "
                   "euclidische afstand over z-scores (gemiddelde en populatiestandaardafwijking, ddof = 0, van de "
                   "40 COROP-gebieden) van "
                   + ", ".join(f"{peers.PROFILE[i]} ({y})" for i, y in years.items())
                   + f", alle in hetzelfde peiljaar. Niet gekozen: gebieden waar {int(peers.MAX_NPVR_SHARE * 100)}% "
                   "of meer van de inwoners in een NPVR-regio woont, en gebieden met gemeenten van de regio zelf.")
        overview, gaps = peer_tables(monitor, region)
        st.table(overview, hide_index=True)
        st.markdown(f"**{md(name)}, vergelijkbare regio's en Nederland** — een achterstand die vergelijkbare regio's "
                    "delen is een ander verhaal dan een achterstand die alleen deze regio heeft.")
        st.table(gaps, hide_index=True)
        st.caption("Bron: CBS (CC BY 4.0); COROP-indeling CBS 2024. Mediaan van de vergelijkbare regio's met een "
                   "waarde in hetzelfde jaar als de regio (minstens 3).")
    st.header("Bevolkingsprognose", anchor="bevolkingsprognose")
    rows, info = forecast_summary(story, region)
    if info is None:
        st.info("Geen prognose in deze gegevens: " + "; ".join(md(n) for n in story.notes or ["geen prognoses.csv"]) + ".")
        return
    st.markdown(forecast_text(info, md(name), {k: md(v) for k, v in area_names(monitor).items()}))
    if rows is not None:
        label = forecast_label(name, info)
        st.altair_chart(forecast_chart(rows, label), width="stretch")
        with st.expander("Tabel bij de grafiek"):
            st.table(pd.DataFrame({"Jaar": rows["jaar"].astype(int),
                                       "Inwoners (prognose)": [wording.number(v, 0) for v in rows["bevolking"]],
                                       "Index regio": [wording.number(v, 1) for v in rows["index"]],
                                       "Index Nederland": [wording.number(v, 1) for v in rows["nl_index"]],
                                   "Dekking": [f"{wording.number(100 * d, 0)}%" for d in rows["dekking"]],
                                   "Methode": rows["methode"].astype(str).tolist()}),
                     hide_index=True)
    old_rows, old_info = forecast_summary(story, region, old=True)
    if old_info is not None:
        with st.expander(forecast.OLD_LABEL):
            st.warning("Oude prognose, gemaakt in 2013. Niet gebruiken als verwachting; alleen om te zien wat "
                       "toen verwacht werd.")
            st.markdown(forecast_text(old_info, md(name), {k: md(v) for k, v in area_names(monitor).items()}))
            if old_rows is not None:
                st.table(pd.DataFrame({"Jaar": old_rows["jaar"].astype(int),
                                           "Inwoners (oude prognose)": [wording.number(v, 0) for v in old_rows["bevolking"]],
                                       "Dekking": [f"{wording.number(100 * d, 0)}%" for d in old_rows["dekking"]],
                                       "Methode": old_rows["methode"].astype(str).tolist()}),
                         hide_index=True)
