"""The meeting mode's *Over de grens* slide: one border region beside its neighbours, against each own country.

Large type (the meeting mode's classes); per area the latest GDP per inhabitant in PPS and the share
of 65+, each with its index against the own country (= 100), and Eurostat's flag. No verdict colours.
"""

from __future__ import annotations

import html

from dashboard.border_views import get_border, value_text
from dashboard.story_slides import CSS, _title
from monitor import wording
from monitor.border import texts
from monitor.border.model import APPROXIMATE, SELF
from monitor.border.table import INDICATORS
from monitor.data import Monitor

COLUMNS = ("bbp_per_inwoner_pps", "aandeel_65_plus")


def _latest(rows, indicator: str):
    part = rows[rows["indicator"] == indicator]
    own = part[part["relatie"].isin([SELF, APPROXIMATE]) & part["waarde"].notna()]
    if own.empty:
        return None, part.iloc[0:0]
    year = int(own["jaar"].max())
    return year, part[part["jaar"] == year].drop_duplicates("nuts_code").set_index("nuts_code")


def border_html(monitor: Monitor, region: str) -> str:
    """The slide's HTML (a region without a land border: a sentence saying so)."""
    border = get_border(monitor)
    name = monitor.regions.name(region)
    if border.data is None or region not in border.regions():
        reason = texts.NO_DATA if border.data is None else texts.NO_BORDER.format(region=name)
        return CSS + _title(f"{name}: over de grens", "") + f"<p class='npvr-p-note'>{html.escape(reason)}</p>"
    rows = border.region(region)
    latest = {i: _latest(rows, i) for i in COLUMNS}
    head = "".join(f"<th>{html.escape(INDICATORS[i].title)} ({y})</th><th>index</th>" for i, (y, _) in latest.items())
    body = []
    for area in rows.drop_duplicates("nuts_code").itertuples():
        own = area.relatie in (SELF, APPROXIMATE)
        label = texts.area_label(area.nuts_code, area.naam)
        cells = [f"<td>{'<b>' if own else ''}{html.escape(label)}{'</b>' if own else ''}</td>",
                 f"<td>{html.escape(area.land)}</td>"]
        for indicator, (_, this) in latest.items():
            if area.nuts_code in this.index:
                row = this.loc[area.nuts_code]
                cells.append(f"<td class='n'>{html.escape(value_text(row['waarde'], indicator, row['vlag'] or ''))}</td>"
                             f"<td class='n'>{html.escape(wording.index(row['index_land']))}</td>")
            else:
                cells.append(f"<td class='n'>{wording.DASH}</td><td class='n'>{wording.DASH}</td>")
        body.append("<tr>" + "".join(cells) + "</tr>")
    table = (f"<table class='npvr-s-table'><tr><th>Gebied</th><th>Land</th>{head}</tr>" + "".join(body) + "</table>")
    coverage = texts.coverage_text(border.coverage[border.coverage["region_id"] == region],
                                   border.data.names(), name)
    note = f"<p class='npvr-p-note'>{html.escape(coverage)}</p>" if coverage else ""
    return (CSS + _title(f"{name}: over de grens",
                         "elk gebied tegenover zijn eigen land (index, land = 100); bbp in koopkrachtstandaarden")
            + table + note)
