"""Meeting-mode slides of the NPVR story: one region's stacked challenges, and its gaps over time.

Large type for a big screen; every figure with its year(s) and source. The region arrows of the
meeting mode step through the regions on these slides too.
"""

from __future__ import annotations

import html

import pandas as pd
import streamlit as st

from dashboard import state
from dashboard import story_views as views
from monitor import palettes
from monitor.compute.compare import MIN_COVERAGE_FOR_VERDICT as MIN_COVERAGE
from monitor.story import trends
from monitor import wording
from monitor.data import Monitor

SLIDES = {"indicator": "Indicator", "stapeling": "Stapeling", "trends": "Trends", "grens": "Over de grens"}
"""Labels of the kinds of slide (:data:`dashboard.view.SLIDES`)."""
TOP = 3
"""Items per list on a slide: what a room can read."""

CSS = """
<style>
.npvr-s-table { border-collapse: collapse; width: 100%; font-size: 1.25rem; }
.npvr-s-table th, .npvr-s-table td { text-align: left; padding: .2rem .6rem; border-bottom: 1px solid #bbbbbb; }
.npvr-s-table td.n { text-align: right; font-variant-numeric: tabular-nums; }
.npvr-s-big { font-size: 2.6rem; font-weight: 700; line-height: 1.1; }
.npvr-s-box { display: inline-block; margin: 0 2.4rem .3rem 0; }
.npvr-s-list { font-size: 1.25rem; margin: 0 0 .3rem 0; }
.npvr-s-list li { margin: 0; }
.npvr-s-bar { display: inline-block; height: 1.1rem; vertical-align: middle; }
</style>
"""


def _title(text: str, sub: str) -> str:
    return f'<p class="npvr-p-title">{html.escape(text)}</p><p class="npvr-p-sub">{html.escape(sub)}</p>'


def stacking_html(monitor: Monitor, region: str) -> str:
    """The stacking slide: per theme the four counts with a bar, then the least favourable indicators."""
    story = views.get_story(monitor)
    name = monitor.regions.name(region)
    heat = views.heat_table(monitor, story, "thema")
    part = heat[heat["regio"] == region]
    detail = story.stacking_detail[story.stacking_detail["code"] == region]
    detail = detail[detail["kernset"]] if "kernset" in detail else detail  # counted over the kernset
    years = detail["year"].dropna().astype(int)
    span = f"{years.min()}–{years.max()}" if len(years) else wording.DASH
    rows = []
    for r in part.itertuples():
        width = 0 if not r.beoordeeld else 12 * r.ongunstiger / r.beoordeeld
        bar = (f'<span class="npvr-s-bar" style="width:{width:.2f}rem;background:'
               f'{palettes.VERDICT_COLOURS["ongunstiger"]}"></span>')
        rows.append(f"<tr><td>{html.escape(r.Groep)}</td><td class='n'><b>{r.ongunstiger}</b> van {r.beoordeeld}</td>"
                    f"<td>{bar}</td><td class='n'>{r.gelijk}</td><td class='n'>{r.gunstiger}</td>"
                    f"<td class='n'>{r.zonder_oordeel}</td></tr>")
    total = part[["ongunstiger", "beoordeeld", "gelijk", "gunstiger", "zonder_oordeel"]].sum()
    rows.append(f"<tr><td><b>Totaal</b></td><td class='n'><b>{total['ongunstiger']}</b> van {total['beoordeeld']}</td>"
                f"<td></td><td class='n'>{total['gelijk']}</td><td class='n'>{total['gunstiger']}</td>"
                f"<td class='n'>{total['zonder_oordeel']}</td></tr>")
    table = ("<table class='npvr-s-table'><tr><th>Thema</th><th>ongunstiger dan NL</th><th></th><th>gelijk</th>"
             "<th>gunstiger</th><th>zonder oordeel</th></tr>" + "".join(rows) + "</table>")
    worst = detail[detail["klasse"] == "ongunstiger"].sort_values("percentiel").head(TOP)
    items = []
    for r in worst.itertuples():
        ind = monitor.indicator(r.indicator)
        position = "" if pd.isna(r.percentiel) else f"; gunstiger dan {r.percentiel:.0f}% van de COROP-gebieden"
        items.append(f"<li>{html.escape(ind.title)} ({int(r.year)}): {html.escape(wording.value(ind, r.value))}, "
                     f"Nederland {html.escape(wording.value(ind, r.nl_value))}{html.escape(position)}</li>")
    worst_html = ("<p class='npvr-p-label'><b>Minst gunstige posities</b></p><ul class='npvr-s-list'>"
                  + "".join(items) + "</ul>") if items else ""
    return (CSS + _title(f"{name}: waar stapelen de opgaven zich op?",
                         f"aantal indicatoren van de kernset per thema, elk in het meest recente jaar met "
                         f"gegevens ({span})")
            + table + worst_html)


def _developments_list(monitor: Monitor, part: pd.DataFrame, title: str, colour: str) -> str:
    if part.empty:
        return ""
    items = []
    for r in part.itertuples():
        ind = monitor.indicator(r.indicator)
        items.append(f"<li>{html.escape(ind.title)}: verschil met Nederland van "
                     f"{html.escape(wording.difference(ind, r.verschil_van))} ({r.jaar_van}) naar "
                     f"{html.escape(wording.difference(ind, r.verschil_tot))} ({r.jaar_tot})</li>")
    return (f"<p class='npvr-p-label' style='color:{colour}'><b>{html.escape(title)}</b></p>"
            f"<ul class='npvr-s-list'>{''.join(items)}</ul>")


def trends_html(monitor: Monitor, region: str) -> str:
    """The trend slide in plain words: what improved and what worsened for the region against Nederland.

    Only clear changes (more than :data:`monitor.story.trends.MATTERS` × the indicator's margin, see
    :func:`monitor.story.trends.developments`), each in its own unit; indicators whose region value
    covers too few inhabitants are left out and counted.
    """
    story = views.get_story(monitor)
    name = monitor.regions.name(region)
    found = trends.developments(story.trends, monitor.catalogue, region)
    rows = monitor.level_rows("regio", region)
    coverage = rows.set_index(["indicator", "year"])["coverage"]
    # The trend table gives no verdict to a series with any year below the coverage threshold
    # (issue 22); such series are counted here so the slide says why they are missing.
    own = story.trends[story.trends["regio"] == region]
    thin = [r.indicator for r in own.itertuples()
            if any(wording.unjudged(coverage.get((r.indicator, year)))
                   for year in range(int(r.jaar_van), int(r.jaar_tot) + 1))]
    found = found[~found["indicator"].isin(thin)]
    better, worse = found[found["ontwikkeling"] == "gunstig"], found[found["ontwikkeling"] == "ongunstig"]
    colours = palettes.VERDICT_COLOURS
    boxes = "".join(
        f"<div class='npvr-s-box'><div class='npvr-s-big' style='color:{colour}'>{count}</div>"
        f"<div class='npvr-p-label'>{html.escape(label)}</div></div>"
        for count, label, colour in ((len(better), "verbeterd t.o.v. Nederland", colours["gunstiger"]),
                                     (len(worse), "verslechterd t.o.v. Nederland", colours["ongunstiger"])))
    # Coverage is a share of the inhabitants, or of the land area for area indicators (wording.coverage_base).
    bases = " of ".join(sorted({wording.coverage_base(monitor.indicator(i)) for i in thin}))
    note = (f"<p class='npvr-p-note'>Niet meegeteld: {len(thin)} indicator(en) met te weinig dekking "
            f"(cijfers voor minder dan {wording.percent(MIN_COVERAGE)} van {bases}).</p>") if len(thin) else ""
    return (CSS + _title(f"{name}: wat verbeterde en wat verslechterde ten opzichte van Nederland",
                         f"verschil met Nederland aan het begin en eind van elke reeks (minstens {trends.MIN_YEARS} jaar); "
                         f"alleen duidelijke veranderingen, meer dan {trends.MATTERS:g} keer de marge van de indicator")
            + boxes
            + _developments_list(monitor, better.head(TOP), "Verbeterd", colours["gunstiger"])
            + _developments_list(monitor, worse.head(TOP), "Verslechterd", colours["ongunstiger"]) + note)


def _choose(slide: str) -> None:
    state.update(slide=slide)


def current_slide() -> str:
    """The kind of slide shown in the meeting mode (``indicator`` until another is chosen; ``dia`` in the URL)."""
    return state.view().slide


def slide_buttons() -> None:
    """Buttons for the kind of slide. Buttons, not a radio: a focused radio would take the arrow keys
    that step through the regions."""
    current = current_slide()
    cols = st.columns([1, 1, 1, 1.3, 1.7])
    for col, (slide, label) in zip(cols, SLIDES.items()):
        col.button(f"Dia: {label}", key=f"p_slide_{slide}", on_click=_choose, args=(slide,), width="stretch",
                   type="primary" if slide == current else "secondary")


def source_of(monitor: Monitor, slide: str) -> str:
    """The source line under a story slide: Eurostat's codes and dates on *Over de grens*, else CBS's vintage."""
    if slide == "grens":
        from dashboard.border_views import get_border

        return get_border(monitor).source
    return monitor.vintage


def render(monitor: Monitor, slide: str, region: str) -> None:
    """Draw one story slide (``stapeling``, ``trends`` or ``grens``) for a region."""
    if slide == "grens":
        from dashboard.border_slide import border_html

        st.html(border_html(monitor, region))
        return
    st.html(stacking_html(monitor, region) if slide == "stapeling" else trends_html(monitor, region))
