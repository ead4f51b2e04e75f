"""The tables and charts of *Over de grens* (one region beside its neighbours), built from :mod:`monitor.border`.

Areas are told apart by colour and countries by line style, never by verdict colours: there is no
better or worse across a border here. A gap or a break in a series breaks its line; a flagged value
(voorlopig, geschat) is drawn as a hollow point and named in the tooltip and the tables.
"""

from __future__ import annotations

import altair as alt
import pandas as pd

from dashboard.charts import FONT_SIZE, _big
from dashboard.shared import per_monitor
from monitor import wording
from monitor.border.gather import Border, border_for
from monitor.border.model import APPROXIMATE, COUNTRY, NEIGHBOUR, SELF
from monitor.border.table import BREAK, GAP, INDICATORS
from monitor.border.texts import area_label
from monitor.data import Monitor

AREA_COLOURS = ("#0b4f8a", "#d55e00", "#009e73", "#cc79a7", "#56b4e9", "#e69f00", "#882255", "#44aa99", "#332288",
                "#000000", "#737373")
"""Okabe-Ito and Tol colours without yellow (3:1 against white where it matters); the own area first."""
RELATION_LABELS = {SELF: "eigen gebied", APPROXIMATE: "eigen gebied (benadering)", NEIGHBOUR: "buurgebied",
                   COUNTRY: "land"}
NO_FLAG = "zonder vlag"
FLAG_KEY = "● zonder vlag, △ voorlopig, □ geschat, ◇ breuk in reeks (open punt: een cijfer met vlag)"
"""The points' shapes in words, under every chart."""
SUMMARY = {"bbp_per_inwoner_pps": "Bbp/inw. PPS", "bbp_per_inwoner_euro": "Bbp/inw. euro",
           "aandeel_65_plus": "65+ (%)", "aandeel_jonger_dan_15": "<15 (%)", "bevolkingsgroei": "Groei (per 1 000)"}
"""The summary table's indicators and their short column headings (the year is added)."""


@per_monitor(max_entries=2)
def get_border(monitor: Monitor) -> Border:
    """The border view's tables, computed once per server process and snapshot."""
    return border_for(monitor)


def value_text(value, indicator: str, flag: str) -> str:
    """``"34.900 (voorlopig)"``; a gap: ``"— (geen cijfer)"``; a break without value: ``"— (breuk in reeks)"``."""
    if value != value:
        return f"{wording.DASH} ({'breuk in reeks' if flag == BREAK else 'geen cijfer'})"
    text = wording.number(value, INDICATORS[indicator].decimals)
    return f"{text} ({flag})" if flag and flag != GAP else text


def _areas(rows: pd.DataFrame) -> pd.DataFrame:
    return rows.drop_duplicates("nuts_code")[["nuts_code", "naam", "land", "relatie"]]


def summary_table(rows: pd.DataFrame) -> pd.DataFrame:
    """One row per area of a region: the latest value and index (land = 100) of :data:`SUMMARY`, flags in words.

    A cell reads ``"35.900 · 92 (voorlopig)"``: value, index against the own country, Eurostat's flag. The
    year of each indicator is the latest year of the region's own area (in the column heading).
    """
    out = _areas(rows).assign(Gebied=lambda t: [area_label(c, n) for c, n in zip(t["nuts_code"], t["naam"])])
    out = out.rename(columns={"land": "Land", "relatie": "Rol"})[["Gebied", "Land", "Rol", "nuts_code"]]
    own = rows["relatie"].isin([SELF, APPROXIMATE])
    for indicator in SUMMARY:
        part = rows[rows["indicator"] == indicator]
        known = part[own.loc[part.index] & part["waarde"].notna()]
        if known.empty:
            continue
        year = int(known["jaar"].max())
        this = part[part["jaar"] == year].drop_duplicates("nuts_code").set_index("nuts_code")
        ind = INDICATORS[indicator]
        head = f"{SUMMARY[indicator]} {year}" + (" · index" if ind.indexed else "")
        cells = []
        for code in out["nuts_code"]:
            if code not in this.index:
                cells.append(f"{wording.DASH} (geen cijfer)")
                continue
            value, flag = this.loc[code, "waarde"], this.loc[code, "vlag"] or ""
            text = value_text(value, indicator, flag)
            if ind.indexed and value == value:
                number = wording.number(value, ind.decimals)
                text = text.replace(number, f"{number} · {wording.index(this.loc[code, 'index_land'])}", 1)
            cells.append(text)
        out[head] = cells
    return out.drop(columns="nuts_code").reset_index(drop=True)


def series_table(rows: pd.DataFrame, indicator: str) -> pd.DataFrame:
    """Years × areas of one indicator: the value with its flag, gaps and breaks named (never filled in)."""
    part = rows[rows["indicator"] == indicator].drop_duplicates(["nuts_code", "jaar"])
    labels = {c: area_label(c, n) for c, n in zip(part["nuts_code"], part["naam"])}
    cells = part.assign(Gebied=part["nuts_code"].map(labels),
                        cel=[value_text(v, indicator, f) for v, f in zip(part["waarde"], part["vlag"])])
    order = list(dict.fromkeys(cells["Gebied"]))
    wide = cells.pivot(index="jaar", columns="Gebied", values="cel").reindex(columns=order)
    wide = wide.fillna("").sort_index(ascending=False)
    wide.index = wide.index.astype(str)
    return wide.reset_index().rename(columns={"jaar": "Jaar"})


def _segments(part: pd.DataFrame) -> pd.Series:
    """A running number per area that goes up at every gap or break, so that lines never bridge them."""
    starts = part["waarde"].isna() | part["vlag"].str.contains(BREAK, regex=False)
    return starts.groupby(part["nuts_code"]).cumsum()


def chart(rows: pd.DataFrame, indicator: str, index: bool) -> alt.Chart:
    """Lines over the years: the index against the own country (``index``) or the values themselves.

    The own area is thick; the countries (only with the values) dashed; gaps and breaks break a line;
    a flagged value is a hollow point. With ``index`` a rule at 100 marks the own country.
    """
    part = rows[rows["indicator"] == indicator].drop_duplicates(["nuts_code", "jaar"]).copy()
    if index:
        part = part[part["relatie"] != COUNTRY]
    part["segment"] = _segments(part)
    column = "index_land" if index else "waarde"
    part = part[part[column].notna()].copy()
    part["Gebied"] = [area_label(c, n) for c, n in zip(part["nuts_code"], part["naam"])]
    part["lijn"] = part["Gebied"] + "#" + part["segment"].astype(str)
    part["Vlag"] = part["vlag"].replace("", NO_FLAG)
    part["Waarde"] = [value_text(v, indicator, f) for v, f in zip(part["waarde"], part["vlag"])]
    part["Index"] = [wording.index(v) for v in part["index_land"]]
    part["eigen"] = part["relatie"].isin([SELF, APPROXIMATE])
    order = list(dict.fromkeys(part["Gebied"]))
    colours = alt.Scale(domain=order, range=list(AREA_COLOURS[:len(order)]))
    columns = 1 if max((len(label) for label in order), default=0) > 30 else 2  # long Eurostat names stay whole
    ind = INDICATORS[indicator]
    title = "Index (eigen land = 100)" if index else ind.unit
    base = alt.Chart(part).encode(
        x=alt.X("jaar:Q", title="Jaar", scale=alt.Scale(zero=False, nice=False), axis=alt.Axis(format="d", tickMinStep=1)),
        y=alt.Y(f"{column}:Q", title=title, scale=alt.Scale(zero=False)),
        color=alt.Color("Gebied:N", scale=colours, title=None, sort=order,
                        legend=alt.Legend(columns=columns, labelLimit=520)),
        tooltip=[alt.Tooltip("Gebied:N"), alt.Tooltip("land:N", title="Land"), alt.Tooltip("jaar:Q", title="Jaar", format="d"),
                 alt.Tooltip("Waarde:N"), alt.Tooltip("Index:N", title="Index t.o.v. eigen land"),
                 alt.Tooltip("Vlag:N", title="Vlag (Eurostat)"), alt.Tooltip("opmerking:N", title="Toelichting")],
    )
    lines = base.mark_line().encode(
        detail="lijn:N",
        strokeWidth=alt.condition(alt.datum.eigen, alt.value(4), alt.value(2)),
        strokeDash=alt.condition(alt.datum.relatie == COUNTRY, alt.value([6, 4]), alt.value([1, 0])))
    points = base.mark_point(size=70, strokeWidth=2, filled=False).encode(
        fill=alt.condition(alt.datum.vlag == "", alt.Fill("Gebied:N", scale=colours, sort=order, legend=None),
                           alt.value("#ffffff")),
        shape=alt.Shape("Vlag:N", title="Vlag (Eurostat)",
                        scale=alt.Scale(domain=[NO_FLAG, "voorlopig", "geschat", "breuk in reeks"],
                                        range=["circle", "triangle-up", "square", "diamond"]),
                        legend=None))  # the shapes are named in the caption (FLAG_KEY): Vega drew their legend blank
    layers = [lines, points]
    if index:
        rule = pd.DataFrame({"y": [100], "label": ["eigen land = 100"]})
        layers.append(alt.Chart(rule).mark_rule(color="#000000", strokeDash=[6, 3], strokeWidth=2).encode(y="y:Q"))
        layers.append(alt.Chart(rule).mark_text(align="left", dx=4, dy=-8, x=0, fontSize=FONT_SIZE - 2,
                                                color="#111111").encode(y="y:Q", text="label:N"))
    # The legend sits below the plot inside the chart's height: room for it, so the plot keeps ~320 px.
    legend_rows = -(-len(order) // columns) + 2
    return _big(alt.layer(*layers).properties(height=320 + 26 * legend_rows + 60))
