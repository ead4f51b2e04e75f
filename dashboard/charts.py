"""Altair charts for the app, with large fonts for a big screen and verdict colours."""

from __future__ import annotations

import altair as alt
import pandas as pd

from monitor import palettes
from monitor import wording
from monitor.areas import NPVR_CODE, PROGRAMME_NAMES

FONT_SIZE = 16
HIGHLIGHT = "#0b4f8a"
OTHER = "#949494"  # context lines: 3:1 against white (WCAG non-text contrast)
PROGRAMME = "#5b3a8c"  # the eleven regions together, dashed: apart from Nederland (black) and the region (blue)
BAR_OUTLINE = "#737373"  # bars are outlined, so that the light "geen oordeel" grey still has 3:1 against white


NARROW = "containerSize()[0] < 600"
"""Vega expression: the chart is drawn narrow (a phone). There the names beside the bars get less room, so that
the bars keep some, and legends take one column (they start at the plot's left edge and are not wrapped)."""


def _narrow(phone: float, wide: float) -> dict:
    """A chart property that is ``phone`` in a narrow chart (:data:`NARROW`) and ``wide`` otherwise."""
    return {"expr": f"{NARROW} ? {phone} : {wide}"}


DUTCH_NUMBERS = {"number": {"decimal": ",", "thousands": ".", "grouping": [3], "currency": ["€ ", ""]}}
"""Vega's number locale: axis labels as 2,8 and 12.345 (Dutch), like the rest of the monitor."""


def _big(chart: alt.Chart) -> alt.Chart:
    return (chart.configure(locale=DUTCH_NUMBERS).configure_axis(labelFontSize=FONT_SIZE, titleFontSize=FONT_SIZE,
                                                                 labelLimit=_narrow(115, 320),
                                 labelColor="#111111", titleColor="#111111")
            .configure_legend(labelFontSize=FONT_SIZE, titleFontSize=FONT_SIZE, labelLimit=320, orient="bottom",
                              symbolStrokeWidth=0, symbolSize=200)
            .configure_view(strokeWidth=0))


def ranked_bars(table: pd.DataFrame, nl_value: float | None, unit: str) -> alt.Chart:
    """Horizontal bars from Nederland's value to each region's, best first, coloured by verdict.

    The bars start at the national value (the reference line), so the differences show at
    any level of the values; without a national value they start at the lowest value.

    Parameters
    ----------
    table
        Columns ``name``, ``value``, ``verdict`` (codes), ``label`` (formatted value), in rank order;
        optionally ``lower``, ``upper`` (a 95 % interval, drawn as a black whisker where given).
    nl_value
        The national value (drawn as a vertical line), or None.
    unit
        Axis title.
    """
    base = nl_value if nl_value is not None else float(table["value"].min())
    data = table.assign(oordeel=table["verdict"].map(wording.verdict), base=base)
    codes = [c for c in palettes.VERDICT_COLOURS if c in set(table["verdict"].dropna())]
    domain, colours = [wording.verdict(c) for c in codes], [palettes.VERDICT_COLOURS[c] for c in codes]
    if table["verdict"].isna().any():  # values without a verdict (too little coverage): light grey
        domain, colours = [*domain, wording.verdict(None)], [*colours, palettes.NO_VERDICT_COLOUR]
    scale = alt.Scale(domain=domain, range=colours)
    order = data["name"].tolist()
    bars = alt.Chart(data).mark_bar(stroke=BAR_OUTLINE, strokeWidth=1).encode(
        x=alt.X("value:Q", title=unit, scale=alt.Scale(zero=False, nice=True)),
        x2="base:Q",
        y=alt.Y("name:N", sort=order, title=None),
        color=alt.Color("oordeel:N", scale=scale, title="Oordeel", legend=alt.Legend(columns=_narrow(1, 2))),
        tooltip=[alt.Tooltip("name:N", title="Regio"), alt.Tooltip("label:N", title="Waarde"),
                 alt.Tooltip("oordeel:N", title="Oordeel")],
    )
    text = alt.Chart(data).mark_text(align="left", dx=6, fontSize=FONT_SIZE, color="#111111").encode(
        x="max_value:Q", y=alt.Y("name:N", sort=order), text="label:N",
    ).transform_calculate(max_value="max(datum.value, datum.base)" if "upper" not in data else
                          # right of the margin's whisker too, which would cross the text
                          "max(datum.value, datum.base, isValid(datum.upper) ? datum.upper : datum.value)")
    layers = [bars, text]
    if "lower" in data and data["lower"].notna().any():  # CBS's 95 % margin of survey estimates
        margin = data[data["lower"].notna()].assign(
            marge=lambda t: [f"{wording.number(lo, 1)}–{wording.number(hi, 1)}" for lo, hi in zip(t["lower"], t["upper"])])
        layers.append(alt.Chart(margin).mark_rule(color="#111111", strokeWidth=2).encode(
            x="lower:Q", x2="upper:Q", y=alt.Y("name:N", sort=order),
            tooltip=[alt.Tooltip("name:N", title="Regio"), alt.Tooltip("marge:N", title="95%-marge")]))
    if nl_value is not None:
        rule = pd.DataFrame({"value": [nl_value], "label": [f"Nederland: {wording.number(nl_value, 1)}"]})
        layers.append(alt.Chart(rule).mark_rule(color=palettes.NATIONAL_COLOUR, strokeWidth=3, strokeDash=[6, 3])
                      .encode(x="value:Q", tooltip=alt.Tooltip("label:N", title="Referentie")))
        # Right-aligned left of the line, so that it is never cut off at the chart's right edge.
        layers.append(alt.Chart(rule).mark_text(align="right", dx=-5, dy=-8, fontSize=FONT_SIZE, fontWeight="bold",
                                                y=0).encode(x="value:Q", text="label:N"))
    return _big(alt.layer(*layers).properties(height=44 * len(data) + 40))


def time_series(series: pd.DataFrame, highlight: str, unit: str, breaks=()) -> alt.Chart:
    """Lines per region over the years: the highlighted region in colour, Nederland in black and the
    eleven regions together (if given) dashed.

    Known series breaks (``(year, note)`` pairs) are drawn as dashed vertical lines labelled
    "breuk", with the note as tooltip.

    Parameters
    ----------
    series
        Columns ``name``, ``year``, ``value``, ``label``, ``kind`` (``"nl"``, ``"highlight"``,
        ``"npvr"``, ``"other"``); optionally ``lower``, ``upper`` (and ``margin``, their text): a 95 % interval, drawn as a
        vertical bar in the line's colour for the highlighted region, the programme and Nederland
        in the years that have one (CBS publishes bounds for some survey years only).
    highlight
        The highlighted region's name (legend text).
    unit
        Axis title.
    """
    kinds = {"nl": "Nederland", "highlight": highlight, "npvr": PROGRAMME_NAMES[NPVR_CODE], "other": "overige regio's"}
    present = [k for k in kinds if k != "npvr" or (series["kind"] == "npvr").any()]
    data = series.assign(groep=series["kind"].map(kinds))
    colours = {"nl": palettes.NATIONAL_COLOUR, "highlight": HIGHLIGHT, "npvr": PROGRAMME, "other": OTHER}
    scale = alt.Scale(domain=[kinds[k] for k in present], range=[colours[k] for k in present])
    base = alt.Chart(data).encode(
        # Years on a number axis: 2015, 2016, 2019 and 2024 are spaced by the years between them.
        x=alt.X("year:Q", title="Jaar", scale=alt.Scale(zero=False, nice=False),
                axis=alt.Axis(format="d", tickMinStep=1)),
        y=alt.Y("value:Q", title=unit, scale=alt.Scale(zero=False)),
        color=alt.Color("groep:N", scale=scale, title=None),
        detail="name:N",
        tooltip=[alt.Tooltip("name:N", title="Gebied"), alt.Tooltip("year:Q", title="Jaar", format="d"),
                 alt.Tooltip("label:N", title="Waarde")],
    )
    # One layer per kind, context first: Nederland and the chosen region are drawn on top, thicker.
    style = {"other": {"strokeWidth": 1.5}, "npvr": {"strokeWidth": 3, "strokeDash": [8, 4]},
             "highlight": {"strokeWidth": 4}, "nl": {"strokeWidth": 4}}
    lines = alt.layer(*[base.transform_filter(alt.datum.kind == kind).mark_line(point=True, **style[kind])
                        for kind in ("other", "npvr", "highlight", "nl") if kind in present])
    if "lower" in data:
        bounded = data[data["lower"].notna() & data["upper"].notna() & (data["kind"] != "other")]
        if len(bounded):
            margin = (bounded["margin"] if "margin" in bounded else
                      [f"{wording.number(lo, 1)}–{wording.number(hi, 1)}" for lo, hi in zip(bounded["lower"], bounded["upper"])])
            lines = alt.layer(lines, alt.Chart(bounded.assign(marge=margin)).mark_rule(strokeWidth=3).encode(
                    x="year:Q", y="lower:Q", y2="upper:Q", color=alt.Color("groep:N", scale=scale, title=None),
                    tooltip=[alt.Tooltip("name:N", title="Gebied"), alt.Tooltip("year:Q", title="Jaar", format="d"),
                             alt.Tooltip("marge:N", title="95%-interval")]))
    shown = set(data["year"])
    marks = pd.DataFrame([(year, note) for year, note in breaks if year in shown], columns=["year", "note"])
    if marks.empty:
        return _big(lines.properties(height=420))
    rules = alt.Chart(marks).mark_rule(color="#111111", strokeDash=[2, 4], strokeWidth=2).encode(
        x="year:Q", tooltip=[alt.Tooltip("year:Q", title="Reeksbreuk", format="d"), alt.Tooltip("note:N", title="Toelichting")])
    labels = alt.Chart(marks).mark_text(align="left", dx=4, dy=-6, fontSize=FONT_SIZE - 2, y=0, color="#111111").encode(
        x="year:Q", text=alt.value("breuk"))
    return _big(alt.layer(lines, rules, labels).properties(height=420))


PROFILE_LABEL_WIDTH = 285
"""Room for the indicator names left of every profile chart (their labels are cut at 260 px; on a phone 130 px
in 140 px)."""
INDEX_DOMAIN = (50, 150)
"""Index axis of the profile chart; further out is drawn at the edge (the value is in the tooltip)."""


def profile_index(table: pd.DataFrame, title: str, legend: bool = True) -> alt.Chart:
    """One group of the region's story: index against Nederland (= 100) per indicator.

    Bars run from 100 to the index (clipped to :data:`INDEX_DOMAIN`) and are coloured by verdict
    (grey: no verdict). One chart per goal or theme, stacked by the page.

    Parameters
    ----------
    table
        Columns ``Indicator``, ``index``, ``verdict_code``, ``Regio`` and ``Nederland`` (formatted
        values), in display order; optionally ``index_lower``, ``index_upper`` and ``margin`` (its text): a 95 %
        interval as index, drawn as a black whisker where given.
    title
        The group (goal or theme), shown above the chart.
    legend
        Show the verdict legend (only on the first chart).
    """
    low, high = INDEX_DOMAIN
    data = table[["Indicator", "index", "verdict_code", "Regio", "Nederland"]].assign(
        oordeel=table["verdict_code"].map(wording.verdict), shown=table["index"].clip(low, high), base=100.0,
        index_text=[wording.index(i) for i in table["index"]])
    codes = [c for c in palettes.VERDICT_COLOURS]
    domain = [*(wording.verdict(c) for c in codes), wording.verdict(None)]
    colours = [*(palettes.VERDICT_COLOURS[c] for c in codes), palettes.NO_VERDICT_COLOUR]
    order = data["Indicator"].tolist()
    bars = alt.Chart(data).mark_bar(height=16, stroke=BAR_OUTLINE, strokeWidth=1).encode(
        x=alt.X("shown:Q", title="Index (Nederland = 100)", scale=alt.Scale(domain=[low, high], clamp=True)),
        x2="base:Q",
        y=alt.Y("Indicator:N", sort=order, title=None, axis=alt.Axis(labelOverlap=False)),
        color=alt.Color("oordeel:N", scale=alt.Scale(domain=domain, range=colours), title="Oordeel",
                        legend=alt.Legend(orient="top", columns=_narrow(1, 3)) if legend else None),
        tooltip=[alt.Tooltip("Indicator:N"), alt.Tooltip("Regio:N", title="Regio"),
                 alt.Tooltip("Nederland:N"), alt.Tooltip("index_text:N", title="Index"),
                 alt.Tooltip("oordeel:N", title="Oordeel")],
    )
    rule = alt.Chart(pd.DataFrame({"x": [100]})).mark_rule(color=palettes.NATIONAL_COLOUR, strokeWidth=2).encode(
        x="x:Q")
    layers = [bars, rule]
    if "index_lower" in table and table["index_lower"].notna().any():  # CBS's 95 % margin of survey estimates
        margin = table.loc[table["index_lower"].notna(), ["Indicator", "index_lower", "index_upper", "margin"]]
        margin = margin.assign(index_lower=margin["index_lower"].clip(low, high),
                               index_upper=margin["index_upper"].clip(low, high))
        layers.append(alt.Chart(margin).mark_rule(color="#111111", strokeWidth=2).encode(
            x="index_lower:Q", x2="index_upper:Q", y=alt.Y("Indicator:N", sort=order),
            tooltip=[alt.Tooltip("Indicator:N"), alt.Tooltip("margin:N", title="95%-marge")]))
    chart = alt.layer(*layers).properties(title=title, height=alt.Step(24))
    # One width for the labels of every group's chart, so that their 100-lines are one below the other.
    return (chart.configure(locale=DUTCH_NUMBERS).configure_axis(labelFontSize=14, titleFontSize=14,
                                                                 labelLimit=_narrow(130, 260),
                                                                 labelColor="#111111", titleColor="#111111")
            .configure_axisY(minExtent=_narrow(140, PROFILE_LABEL_WIDTH), maxExtent=_narrow(140, PROFILE_LABEL_WIDTH))
            .configure_title(fontSize=17, anchor="start", color="#111111")
            .configure_legend(labelFontSize=14, titleFontSize=14, labelLimit=260, symbolStrokeWidth=0, symbolSize=180)
            .configure_view(strokeWidth=0))
