"""Altair charts for the app, with large fonts for a big screen and verdict colours."""

from __future__ import annotations

import altair as alt
import pandas as pd

from dashboard import format as fmt
from monitor import palettes

FONT_SIZE = 16
HIGHLIGHT = "#0b4f8a"
OTHER = "#949494"  # context lines: 3:1 against white (WCAG non-text contrast)


def _big(chart: alt.Chart) -> alt.Chart:
    return (chart.configure_axis(labelFontSize=FONT_SIZE, titleFontSize=FONT_SIZE, labelLimit=320,
                                 labelColor="#111111", titleColor="#111111")
            .configure_legend(labelFontSize=FONT_SIZE, titleFontSize=FONT_SIZE, labelLimit=320, orient="bottom")
            .configure_view(strokeWidth=0))


def ranked_bars(table: pd.DataFrame, nl_value: float | None, unit: str) -> alt.Chart:
    """Horizontal bars from Nederland's value to each region's, best first, coloured by verdict.

    The bars start at the national value (the reference line), so the differences show at
    any level of the values; without a national value they start at the lowest value.

    Parameters
    ----------
    table
        Columns ``name``, ``value``, ``verdict`` (codes), ``label`` (formatted value), in rank order.
    nl_value
        The national value (drawn as a vertical line), or None.
    unit
        Axis title.
    """
    base = nl_value if nl_value is not None else float(table["value"].min())
    data = table.assign(oordeel=table["verdict"].map(fmt.verdict), base=base)
    codes = [c for c in palettes.VERDICT_COLOURS if c in set(table["verdict"].dropna())]
    scale = alt.Scale(domain=[fmt.verdict(c) for c in codes], range=[palettes.VERDICT_COLOURS[c] for c in codes])
    order = data["name"].tolist()
    bars = alt.Chart(data).mark_bar().encode(
        x=alt.X("value:Q", title=unit, scale=alt.Scale(zero=False, nice=True)),
        x2="base:Q",
        y=alt.Y("name:N", sort=order, title=None),
        color=alt.Color("oordeel:N", scale=scale, title="Oordeel"),
        tooltip=[alt.Tooltip("name:N", title="Regio"), alt.Tooltip("label:N", title="Waarde"),
                 alt.Tooltip("oordeel:N", title="Oordeel")],
    )
    text = alt.Chart(data).mark_text(align="left", dx=6, fontSize=FONT_SIZE, color="#111111").encode(
        x="max_value:Q", y=alt.Y("name:N", sort=order), text="label:N",
    ).transform_calculate(max_value="max(datum.value, datum.base)")
    layers = [bars, text]
    if nl_value is not None:
        rule = pd.DataFrame({"value": [nl_value], "label": [f"Nederland: {fmt.number(nl_value, 1)}"]})
        layers.append(alt.Chart(rule).mark_rule(color=palettes.NATIONAL_COLOUR, strokeWidth=3, strokeDash=[6, 3])
                      .encode(x="value:Q", tooltip=alt.Tooltip("label:N", title="Referentie")))
        layers.append(alt.Chart(rule).mark_text(align="left", dx=5, dy=-8, fontSize=FONT_SIZE, fontWeight="bold",
                                                y=0).encode(x="value:Q", text="label:N"))
    return _big(alt.layer(*layers).properties(height=44 * len(data) + 40))


def time_series(series: pd.DataFrame, highlight: str, unit: str, breaks=()) -> alt.Chart:
    """Lines per region over the years: the highlighted region in colour, Nederland in black.

    Known series breaks (``(year, note)`` pairs) are drawn as dashed vertical lines labelled
    "breuk", with the note as tooltip.

    Parameters
    ----------
    series
        Columns ``name``, ``year``, ``value``, ``label``, ``kind`` (``"nl"``, ``"highlight"``,
        ``"other"``).
    highlight
        The highlighted region's name (legend text).
    unit
        Axis title.
    """
    kinds = {"nl": "Nederland", "highlight": highlight, "other": "overige regio's"}
    data = series.assign(groep=series["kind"].map(kinds))
    scale = alt.Scale(domain=[kinds["nl"], kinds["highlight"], kinds["other"]],
                      range=[palettes.NATIONAL_COLOUR, HIGHLIGHT, OTHER])
    width = alt.Size("kind:N", scale=alt.Scale(domain=["nl", "highlight", "other"], range=[4, 4, 1.5]), legend=None)
    lines = alt.Chart(data).mark_line(point=True).encode(
        x=alt.X("year:O", title="Jaar"),
        y=alt.Y("value:Q", title=unit, scale=alt.Scale(zero=False)),
        color=alt.Color("groep:N", scale=scale, title=None),
        detail="name:N",
        size=width,
        order=alt.Order("kind:N", sort="descending"),
        tooltip=[alt.Tooltip("name:N", title="Gebied"), alt.Tooltip("year:O", title="Jaar"),
                 alt.Tooltip("label:N", title="Waarde")],
    )
    shown = set(data["year"])
    marks = pd.DataFrame([(year, note) for year, note in breaks if year in shown], columns=["year", "note"])
    if marks.empty:
        return _big(lines.properties(height=420))
    rules = alt.Chart(marks).mark_rule(color="#111111", strokeDash=[2, 4], strokeWidth=2).encode(
        x="year:O", tooltip=[alt.Tooltip("year:O", title="Reeksbreuk"), alt.Tooltip("note:N", title="Toelichting")])
    labels = alt.Chart(marks).mark_text(align="left", dx=4, dy=-6, fontSize=FONT_SIZE - 2, y=0, color="#111111").encode(
        x="year:O", text=alt.value("breuk"))
    return _big(alt.layer(lines, rules, labels).properties(height=420))
