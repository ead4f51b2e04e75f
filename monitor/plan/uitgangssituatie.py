"""The uitgangssituatie of a region (chapter 2 of a *plan voor de regio*) and the national overview.

One builder, :func:`plan_document`, turns the monitor's own tables into a neutral
:class:`monitor.plan.document.Document`, rendered as Word (editable) and PDF. Every figure comes
from the region's :class:`monitor.profile.RegionProfile`, the NPVR story (:mod:`monitor.story`:
stacking, trends, peers, forecast) and the nulmeting (:mod:`monitor.plan.nulmeting`), worded by
:mod:`monitor.wording`; nothing is typed in. The text is written to be pasted into a plan without
editing: full sentences, each figure with its year, Nederland beside it, and its caveats.

Chapters: Samenvatting (per programme goal, and the stacking per theme), Opgaven per thema (the
indicators furthest behind Nederland), Vergelijkbare regio's, Toekomst (population forecast), Wat we
niet weten, Nulmeting voor de monitoring, Verantwoording.
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import pandas as pd

from ..story import forecast as forecast_mod
from ..story import peers as peers_mod
from ..story import trends as trends_mod
from .. import wording
from ..catalogue import GOALS
from ..compute.compare import MIN_COVERAGE_FOR_VERDICT
from ..exports.licence import ATTRIBUTION, LICENCE
from ..profile import CLASSES, region_profile
from . import nulmeting
from .document import Bullets, Document, Figure, Heading, PageBreak, Paragraph, Table

MAX_BEHIND = 5
"""Indicators per theme in "Opgaven per thema" (those furthest behind Nederland)."""
MATCH_TEXT = {"exact": "de prognosegebieden vallen precies samen met de regio",
              "gedeeltelijk": "de prognose dekt maar een deel van de regio",
              "geen": "geen prognosegebied valt geheel binnen de regio"}
BEHIND_COLUMNS = ("Indicator", "Jaar", "Regio", "Nederland", "Verschil", "Ontwikkeling", "Kanttekeningen")
STACKING_COLUMNS = ("Thema", "Indicatoren", "Ongunstiger", "Gelijk", "Gunstiger", "Zonder oordeel")
BASELINE_COLUMNS = ("Indicator", "Jaar", "Regio", "Nederland", "Verschil", "Oordeel", "Dekking")


def file_names(region_id: str) -> tuple[str, str]:
    """``("uitgangssituatie_<id>.docx", "uitgangssituatie_<id>.pdf")``."""
    return f"uitgangssituatie_{region_id}.docx", f"uitgangssituatie_{region_id}.pdf"


OVERVIEW_NAMES = ("voortgang_regios.docx", "voortgang_regios.pdf")
"""The national overview for the yearly progress letter (:func:`overview_document`)."""


# --- small texts -----------------------------------------------------------------------------------

def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:] if text[:2] != text[:2].upper() else text


def figure_phrase(ind, row) -> str:
    """``"werkloosheid (4,1% tegen 3,6% in Nederland, 2024)"``; ``", oud cijfer"`` after an old year."""
    old = ", oud cijfer" if row["old"] else ""
    return (f"{_lower_first(ind.title)} ({wording.value(ind, row['value'])} tegen "
            f"{wording.value(ind, row['nl_value'])} in Nederland, {int(row['year'])}{old})")


def _join(parts: list[str]) -> str:
    return parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " en " + parts[-1]


def _distance(rows: pd.DataFrame) -> pd.Series:
    """How far from Nederland: the index's distance from 100 (unit-free, the monitor's own index)."""
    return (rows["index"].astype(float) - 100).abs().fillna(0)


def trend_cell(trend) -> str:
    """The development of the gap: ``"gunstig: naar Nederland toe (2013–2023)"``; "—" without a trend."""
    if trend is None:
        return f"{wording.DASH} (minder dan {trends_mod.MIN_YEARS} jaar)"
    span = f"({int(trend['jaar_van'])}–{int(trend['jaar_tot'])})"
    label = trends_mod.VERDICT_LABELS[trend["oordeel"]]
    good = trend["gunstig"]
    if good is True or good is False:
        return f"{'gunstig' if good else 'ongunstig'}: {label} {span}"
    return f"{label} {span}"


def caveats(monitor, ind, row, interval=None) -> str:
    """The caveats the app shows beside a figure: coverage, old figure, computed national figure, interval."""
    notes = []
    coverage = wording.coverage_cell(row["coverage"])
    if coverage:
        notes.append(f"dekking {coverage}")
    if row["old"]:
        notes.append(f"oud cijfer (andere indicatoren tot {wording.newest_year(monitor)})")
    if row["nl_source"] == "berekend":
        notes.append("landelijk cijfer berekend uit de gemeenten")
    if interval is not None and not any(pd.isna(x) for x in interval):
        notes.append(f"95%-interval {wording.number(interval[0], ind.decimals)} tot "
                     f"{wording.number(interval[1], ind.decimals)}")
    return "; ".join(notes) or wording.DASH


def _intervals(monitor, region_id: str) -> dict:
    """``{(indicator, year): (low, high)}`` where the values carry a 95 % interval (else empty)."""
    values = monitor.values
    if not any(low in values.columns and high in values.columns for low, high in nulmeting.INTERVAL_COLUMNS):
        return {}
    rows = monitor.level_rows("regio", region_id)
    low, high = nulmeting._interval(rows)
    if low.isna().all():
        return {}
    return {(str(i), int(y)): (lo, hi) for i, y, lo, hi in zip(rows["indicator"], rows["year"], low, high)}


def forecast_sentence(info: dict, name: str) -> str:
    """Growth of the region against Nederland, with years, coverage and source (as the app says it)."""
    label = forecast_mod.SOURCE_LABELS.get(info["prognose"], info["prognose"])
    if info["overeenkomst"] == "geen":
        return f"Geen prognose voor {name}: {MATCH_TEXT['geen']} ({label})."
    cover = "" if info["overeenkomst"] == "exact" else (
        f" Let op: alleen {wording.number(100 * info['dekking'], 0)}% van de inwoners valt in de prognosegebieden "
        f"({info['gebieden']}); het cijfer geldt voor dat deel.")
    span = f"van {info['jaar_van']} tot {info['jaar_tot']}"
    growth = info["groei"]
    if round(abs(growth), 1) == 0:
        change = f"blijft het aantal inwoners van {name} {span} gelijk"
    else:
        change = (f"{'groeit' if growth > 0 else 'krimpt'} het aantal inwoners van {name} {span} met "
                  f"{wording.number(abs(growth), 1)}%")
    national = info["nl_groei"]
    nl = "" if pd.isna(national) else (
        f", tegen een {'groei' if national >= 0 else 'krimp'} van {wording.number(abs(national), 1)}% in Nederland")
    return f"Volgens de prognose {change}{nl}.{cover} Bron: {label}."


# --- the parts -------------------------------------------------------------------------------------

class _Context:
    """Everything the chapters of one region read, computed once."""

    def __init__(self, monitor, region_id: str, story, baseline):
        self.monitor, self.region_id, self.story = monitor, region_id, story
        self.name = monitor.regions.name(region_id)
        self.profile = region_profile(monitor, region_id)
        self.rows = self.profile.rows
        trends = story.trends[story.trends["regio"] == region_id]
        self.trends = {str(r["indicator"]): r for _, r in trends.iterrows()}
        self.intervals = _intervals(monitor, region_id)
        self.baseline = baseline
        self.goal_counts, self.theme_counts = self.profile.counts("goal"), self.profile.counts("theme")

    def ind(self, indicator_id: str):
        return self.monitor.indicator(indicator_id)

    def behind(self, rows: pd.DataFrame) -> pd.DataFrame:
        """The unfavourable rows, furthest from Nederland first."""
        worse = rows[rows["klasse"] == "ongunstiger"]
        return worse.assign(_d=_distance(worse)).sort_values("_d", ascending=False, kind="stable")

    def ahead(self, rows: pd.DataFrame) -> pd.DataFrame:
        better = rows[rows["klasse"] == "gunstiger"]
        return better.assign(_d=_distance(better)).sort_values("_d", ascending=False, kind="stable")


def goal_paragraphs(ctx: _Context) -> list[Paragraph]:
    """Per programme goal a few sentences made from the counts, the largest gaps and the trends."""
    counts = ctx.goal_counts
    out = []
    for goal, title in GOALS.items():
        if goal not in counts.index:
            out.append(Paragraph("Dit doel heeft geen indicatoren in de monitor.", bold_prefix=f"{title}."))
            continue
        c = counts.loc[goal]
        rows = ctx.rows[ctx.rows["goal"] == goal]
        judged = int(c["beoordeeld"])
        if judged == 0:
            text = (f"Van de {int(c['indicatoren'])} indicatoren van dit doel heeft er geen een oordeel ten opzichte "
                    "van Nederland (neutrale indicatoren, aantallen of te weinig gegevens).")
        else:
            text = (f"Van de {int(c['indicatoren'])} indicatoren van dit doel hebben er {judged} een oordeel: "
                    f"{ctx.name} staat op {int(c['ongunstiger'])} ongunstiger dan Nederland, op {int(c['gelijk'])} "
                    f"gelijk en op {int(c['gunstiger'])} gunstiger.")
            behind = ctx.behind(rows).head(2)
            if len(behind):
                text += " Het verst achter: " + _join([figure_phrase(ctx.ind(r["indicator"]), r)
                                                       for _, r in behind.iterrows()]) + "."
            ahead = ctx.ahead(rows).head(1)
            if len(ahead):
                r = ahead.iloc[0]
                text += f" Het meest voor: {figure_phrase(ctx.ind(r['indicator']), r)}."
        moves = [ctx.trends[i]["gunstig"] for i in rows["indicator"] if i in ctx.trends]
        good, bad = sum(m is True for m in moves), sum(m is False for m in moves)
        if moves:
            text += (f" Over minstens {trends_mod.MIN_YEARS} jaar gevolgd ontwikkelt het verschil met Nederland zich "
                     f"bij {good} van de {len(moves)} indicatoren gunstig en bij {bad} ongunstig; bij de andere is het "
                     "stabiel of onbepaald.")
        out.append(Paragraph(text, bold_prefix=f"{title}."))
    return out


def stacking_table(ctx: _Context) -> Table:
    """The stacking per theme (the counts of ``stapeling.csv`` summed over the goals)."""
    counts = ctx.theme_counts
    rows = [(str(r["label"]), str(int(r["indicatoren"])), *(str(int(r[k])) for k in CLASSES))
            for _, r in counts.iterrows()]
    return Table(STACKING_COLUMNS, tuple(rows), numeric=(False, True, True, True, True, True),
                 widths=(4, 1.3, 1.3, 1.1, 1.2, 1.5), name="stapeling",
                 title=f"Stapeling van opgaven in {ctx.name}: indicatoren per thema naar oordeel")


def stacking_figure(ctx: _Context) -> Figure:
    from .charts import stacking_png

    counts = ctx.theme_counts
    labels = [str(x) for x in counts["label"]]
    png = stacking_png(labels, {k: [int(v) for v in counts[k]] for k in CLASSES})
    said = "; ".join(f"{r['label']}: {int(r['ongunstiger'])} ongunstiger, {int(r['gelijk'])} gelijk, "
                     f"{int(r['gunstiger'])} gunstiger, {int(r['zonder_oordeel'])} zonder oordeel"
                     for _, r in counts.iterrows())
    return Figure(png, alt=f"Staafdiagram: per thema het aantal indicatoren waarop {ctx.name} ongunstiger, gelijk of "
                           f"gunstiger dan Nederland staat. {said}.",
                  caption=f"Stapeling van opgaven in {ctx.name}: indicatoren per thema naar oordeel ten opzichte van "
                          "Nederland (elk in het meest recente jaar met een cijfer).", aspect=0.45)


def behind_rows(ctx: _Context, rows: pd.DataFrame) -> tuple[tuple[str, ...], ...]:
    out = []
    for _, r in rows.iterrows():
        ind = ctx.ind(r["indicator"])
        out.append((ind.title, wording.year_text(r["year"], r["old"]), wording.value(ind, r["value"]),
                    wording.value(ind, r["nl_value"]), wording.difference(ind, r["diff"]),
                    trend_cell(ctx.trends.get(r["indicator"])),
                    caveats(ctx.monitor, ind, r, ctx.intervals.get((r["indicator"], int(r["year"]))))))
    return tuple(out)


def theme_blocks(ctx: _Context) -> list:
    """Per theme: a sentence with the counts and the indicators furthest behind Nederland."""
    blocks = []
    counts = ctx.theme_counts
    for theme in ctx.monitor.catalogue.themes:
        if theme.theme not in counts.index:
            continue
        c = counts.loc[theme.theme]
        rows = ctx.rows[ctx.rows["theme"] == theme.theme]
        behind = ctx.behind(rows)
        blocks.append(Heading(theme.title, 2))
        text = (f"Op {int(c['ongunstiger'])} van de {int(c['beoordeeld'])} indicatoren met een oordeel staat "
                f"{ctx.name} ongunstiger dan Nederland (het thema telt {int(c['indicatoren'])} indicatoren).")
        if behind.empty:
            blocks.append(Paragraph(text + " Op geen enkele indicator van dit thema staat de regio ongunstiger dan "
                                           "Nederland."))
            continue
        shown = behind.head(MAX_BEHIND)
        more = "" if len(behind) <= MAX_BEHIND else f" De {MAX_BEHIND} met de grootste achterstand staan hieronder."
        blocks.append(Paragraph(text + more))
        blocks.append(Table(BEHIND_COLUMNS, behind_rows(ctx, shown),
                            numeric=(False, False, True, True, True, False, False),
                            widths=(3.4, 1.1, 1.5, 1.5, 1.7, 2.4, 2.4), name=f"achter_{theme.theme}",
                            title=f"{theme.title}: indicatoren waarop {ctx.name} het verst achter Nederland staat"))
    return blocks


def peer_blocks(ctx: _Context) -> list:
    story = ctx.story
    part = story.peers[story.peers["regio"] == ctx.region_id]
    if part.empty:
        reason = "; ".join(story.notes) or "geen COROP-gegevens in de snapshot"
        return [Paragraph(f"Er zijn geen vergelijkbare regio's bepaald: {reason}.")]
    years = story.peer_info.get("years", {})
    basis = ", ".join(f"{peers_mod.PROFILE[i]} ({y})" for i, y in years.items())
    names = _join([str(n) for n in part["peer_naam"]])
    blocks = [Paragraph(f"De {len(part)} COROP-gebieden die structureel het meest op {ctx.name} lijken, zijn {names}. "
                        f"Ze zijn gekozen op de kleinste afstand over {basis} (z-scores ten opzichte van de 40 "
                        f"COROP-gebieden). Niet gekozen zijn gebieden waar meer dan "
                        f"{int(peers_mod.MAX_NPVR_SHARE * 100)}% van de inwoners in een NPVR-regio woont, en gebieden "
                        "met gemeenten van de regio zelf."),
              Table(("Rang", "COROP-gebied", "Code", "Afstand (z-scores)"),
                    tuple((str(int(r.rang)), str(r.peer_naam), str(r.peer_code), wording.number(r.afstand, 2))
                          for r in part.itertuples()),
                    numeric=(True, False, False, True), widths=(1, 5, 1.5, 2.5), name="vergelijkbare_regios",
                    title=f"De COROP-gebieden die het meest op {ctx.name} lijken")]
    behind = ctx.behind(ctx.rows)
    ids = [str(i) for i in behind["indicator"]][:10]
    if not ids:
        return blocks
    table = peers_mod.peer_comparison(ctx.monitor.values, ctx.region_id, part["peer_code"].tolist(), ids)
    rows = []
    for r in table.itertuples():
        ind = ctx.ind(r.indicator)
        shared = wording.DASH
        if pd.notna(r.peers_diff):
            worse = r.peers_diff < -ind.tolerance if ind.direction == "higher" else r.peers_diff > ind.tolerance
            shared = "ja, ook bij vergelijkbare regio's" if worse else "nee, alleen deze regio"
        rows.append((ind.title, str(int(r.year)), wording.value(ind, r.value), wording.value(ind, r.peers),
                     wording.value(ind, r.nl_value), shared))
    blocks += [Paragraph("Een achterstand die vergelijkbare regio's delen, vraagt een ander verhaal dan een "
                         "achterstand die alleen deze regio heeft. Voor de indicatoren waarop de regio het verst "
                         "achter Nederland staat:"),
               Table(("Indicator", "Jaar", "Regio", "Vergelijkbare regio's (mediaan)", "Nederland",
                      "Achterstand gedeeld?"), tuple(rows), numeric=(False, False, True, True, True, False),
                     widths=(3.5, 1, 1.6, 2, 1.6, 2.4), name="achterstand_gedeeld",
                     title=f"{ctx.name}, vergelijkbare regio's en Nederland op de grootste achterstanden")]
    return blocks


def forecast_blocks(ctx: _Context, charts: bool) -> list:
    story = ctx.story
    matches = story.forecast_matches
    if matches is None or matches.empty or ctx.region_id not in set(matches["regio"]):
        reason = "; ".join(story.notes) or "geen prognoses in de snapshot"
        return [Paragraph(f"Er is geen bevolkingsprognose voor {ctx.name}: {reason}.")]
    info = matches[matches["regio"] == ctx.region_id].iloc[0].to_dict()
    blocks = [Paragraph(forecast_sentence(info, ctx.name))]
    rows = story.forecast[story.forecast["regio"] == ctx.region_id] if len(story.forecast) else story.forecast
    if rows.empty:
        return blocks
    first, last = int(rows["jaar"].min()), int(rows["jaar"].max())
    shown = rows[rows["jaar"].isin([first, last]) | (rows["jaar"] % 5 == 0)]
    has_nl = "nl_index" in rows.columns
    blocks.append(Table(("Jaar", "Inwoners (prognose)", "Index regio", "Index Nederland", "Dekking"),
                        tuple((str(int(r["jaar"])), wording.number(r["bevolking"], 0), wording.number(r["index"], 1),
                               wording.number(r["nl_index"], 1) if has_nl else wording.DASH,
                               wording.percent(r["dekking"])) for _, r in shown.iterrows()),
                        numeric=(False, True, True, True, True), name="prognose",
                        title=f"Bevolkingsprognose {ctx.name} en Nederland"))
    if charts:
        from .charts import forecast_png

        label = (ctx.name if info["overeenkomst"] == "exact"
                 else f"{ctx.name} (deel: {wording.percent(info['dekking'])})")
        png = forecast_png(rows["jaar"].astype(int).tolist(), rows["index"].tolist(),
                           rows["nl_index"].tolist() if has_nl else None, label)
        alt = (f"Lijndiagram: verwachte inwoners van {label} als index ({first} = 100) tegen Nederland, "
               f"{first}–{last}. In {last}: {wording.number(rows['index'].iloc[-1], 1)} voor de regio"
               + (f", {wording.number(rows['nl_index'].iloc[-1], 1)} voor Nederland." if has_nl else "."))
        blocks.append(Figure(png, alt=alt, caption=f"Bevolkingsprognose {first}–{last}: {label} en Nederland "
                                                   f"(index, {first} = 100).", aspect=0.42))
    return blocks


def unknown_items(ctx: _Context) -> list[str]:
    """What the monitor does not know about the region, with the reason."""
    items = []
    for ind_id, reason in ctx.profile.missing.items():
        items.append(f"{ctx.ind(ind_id).title}: geen cijfer voor {ctx.name}; reden: {reason or wording.NO_REASON}.")
    for _, r in ctx.rows.iterrows():
        if wording.unjudged(r["coverage"]):
            items.append(f"{r['title']} ({int(r['year'])}): de waarde berust op gemeenten met "
                         f"{wording.percent(r['coverage'])} van {wording.coverage_base(ctx.ind(r['indicator']))}; onder "
                         f"{wording.percent(MIN_COVERAGE_FOR_VERDICT)} geven we geen oordeel.")
    old = ctx.rows[ctx.rows["old"]]
    if len(old):
        listed = ", ".join(f"{t} ({int(y)})" for t, y in zip(old["title"], old["year"]))
        newest = wording.newest_year(ctx.monitor)
        items.append(f"Oude cijfers: bij {len(old)} indicatoren is het meest recente cijfer van "
                     f"{newest - wording.OLD_DATA_YEARS} of eerder, terwijl andere indicatoren tot {newest} lopen; de "
                     f"situatie kan sindsdien veranderd zijn: {listed}.")
    matches = ctx.story.forecast_matches
    if matches is not None and not matches.empty and ctx.region_id in set(matches["regio"]):
        info = matches[matches["regio"] == ctx.region_id].iloc[0]
        if info["overeenkomst"] != "exact":
            items.append(f"Bevolkingsprognose: {MATCH_TEXT[info['overeenkomst']]} "
                         f"({wording.percent(info['dekking'])} van de inwoners).")
    return items


def baseline_blocks(ctx: _Context) -> list:
    baseline, info = ctx.baseline
    part = baseline[baseline["regio"] == ctx.region_id]
    rows = []
    for r in part.itertuples():
        ind = ctx.ind(r.indicator)
        if pd.isna(r.waarde):
            rows.append((ind.title, wording.DASH, wording.MISSING_TEXT, wording.DASH, wording.DASH, wording.NO_VERDICT,
                         str(r.bron)))
            continue
        rows.append((ind.title, str(int(r.jaar)), wording.value(ind, r.waarde), wording.value(ind, r.nederland),
                     wording.difference(ind, r.verschil),
                     wording.short_verdict(None if pd.isna(r.oordeel) else r.oordeel),
                     wording.coverage_or_full(r.dekking)))
    return [Paragraph(f"{nulmeting.describe(info)} Per indicator van de kernset het nieuwste cijfer tot en met het "
                      f"peiljaar; latere cijfers veranderen deze nulmeting niet, ze tellen als voortgang "
                      "(python -m monitor nulmeting)."),
            Table(BASELINE_COLUMNS, tuple(rows), numeric=(False, False, True, True, True, False, False),
                  widths=(3.6, 1, 1.7, 1.7, 1.8, 1.6, 1.6), name="nulmeting",
                  title=f"Nulmeting {ctx.name}: de kernset tegen Nederland")]


def _datasets(ctx: _Context) -> list[str]:
    """The datasets behind the document's figures: the profile's, and the forecast's when it is shown."""
    used = [d.strip() for value in ctx.rows["dataset"] if isinstance(value, str) for d in value.split("+")]
    if not ctx.story.forecast.empty:
        used.append(forecast_mod.CURRENT)
    return list(dict.fromkeys(d for d in used if d))


def accountability_blocks(ctx: _Context, generated: dt.date) -> list:
    monitor = ctx.monitor
    info = monitor.snapshot.datasets.set_index("dataset")
    rows = []
    for dataset in _datasets(ctx):
        if dataset in info.index:
            d = info.loc[dataset]
            rows.append((str(d["cbs_table"]), str(d["title_nl"]), str(d["periods"]), str(d["license"])))
        else:
            rows.append((dataset, wording.DASH, wording.DASH, LICENCE))
    snapshot = monitor.snapshot
    return [
        Paragraph(f"{ATTRIBUTION}, licentie {LICENCE}: alle cijfers komen uit tabellen van het CBS (StatLine) en "
                  "partners, zoals hieronder genoemd. Gemeentegrenzen: CBS/Kadaster, CC BY 4.0. Regio-indeling: "
                  "data/regions/npvr_regions.csv van de monitor."),
        Table(("CBS-tabel", "Titel", "Perioden", "Licentie"), tuple(rows), widths=(2.2, 6.5, 2.3, 1.6), name="bronnen",
              title="Bronnen van de cijfers"),
        Heading("Methode", 2),
        Bullets((
            "Regio- en landelijke cijfers zijn uit de gemeenten (indeling 2025) opgeteld of gewogen volgens de regel "
            "per indicator; oudere jaren zijn met de herindelingstabel omgezet naar de gemeenten van 2025.",
            "Verschil = regio min Nederland in hetzelfde jaar (bij percentages in procentpunten). Oordeel: gunstiger "
            "of ongunstiger dan Nederland als het verschil groter is dan de marge van de indicator, anders gelijk; "
            "hoger of lager bij indicatoren zonder gunstige richting; aantallen krijgen geen oordeel.",
            wording.THRESHOLD_TEXT,
            f"Een cijfer dat {wording.OLD_DATA_YEARS} of meer jaar ouder is dan het nieuwste cijfer van de monitor, "
            "heet oud.",
            f"Ontwikkeling: de helling van het verschil met Nederland over minstens {trends_mod.MIN_YEARS} jaar "
            "(Theil–Sen-schatter met 95%-interval, vanaf de laatste reeksbreuk); gunstig of ongunstig naar de richting "
            "van de indicator; stabiel binnen de marge, onbepaald bij een onzekere helling.",
            "Opgaven per thema: de indicatoren met het oordeel ongunstiger, gerangschikt naar de afstand van de index "
            "(Nederland = 100) tot 100.",
            f"Vergelijkbare regio's: de {peers_mod.N_PEERS} COROP-gebieden met het meest gelijke structuurprofiel "
            "(z-scores, euclidische afstand).",
            "Bevolkingsprognose: som van hele prognosegebieden binnen de regio; er wordt niets bijgeschat.",
            "Nulmeting: per regio en indicator van de kernset het nieuwste cijfer tot en met het peiljaar, vastgelegd "
            f"in data/nulmeting/. Kernset: {nulmeting.kernset_source(monitor.catalogue)}.",
        )),
        Paragraph(f"Gemaakt op {wording.date(generated)} met de open Vitale Regio's monitor, uit CBS-snapshot versie "
                  f"{snapshot.version} van {wording.date(snapshot.built)}. Alle cijfers en teksten komen uit de monitor; wie het "
                  "document opnieuw maakt met dezelfde snapshot, krijgt dezelfde cijfers.", style="meta"),
    ]


# --- the documents ---------------------------------------------------------------------------------

def plan_document(monitor, region_id: str, *, story=None, baseline=None, generated: dt.date | None = None,
                  charts: bool = True) -> Document:
    """The uitgangssituatie of one region.

    Parameters
    ----------
    monitor
        The loaded monitor.
    region_id
        An NPVR region id (``twente``).
    story
        ``monitor.story.gather.story_for(monitor)`` if already at hand (it is computed otherwise).
    baseline
        ``(table, info)`` of :func:`monitor.plan.nulmeting.current_baseline`, if at hand.
    generated
        The date printed in the document (default: today).
    charts
        Include the charts (the national overview leaves them out).

    Returns
    -------
    Document

    Raises
    ------
    UnknownKeyError
        For an unknown region (listing the valid ids).
    """
    from ..story.gather import story_for

    monitor.regions.check(region_id)
    story = story if story is not None else story_for(monitor)
    baseline = baseline if baseline is not None else nulmeting.current_baseline(monitor)
    generated = generated or dt.date.today()
    ctx = _Context(monitor, region_id, story, baseline)
    members = monitor.regions.table.loc[monitor.regions.table["region_id"] == region_id, "gemeente_name"]
    members = sorted(members.astype(str), key=str.casefold)
    population = ctx.profile.row("bevolking")
    inhabitants = "" if population is None else (
        f" met {wording.number(population['value'], 0)} inwoners ({int(population['year'])})")
    doc = Document(title=f"Uitgangssituatie {ctx.name}",
                   subject=f"Plan voor de regio {ctx.name}: probleemanalyse huidige situatie en opgaven",
                   footer=f"Uitgangssituatie {ctx.name} · {ATTRIBUTION}, {LICENCE} · snapshot versie "
                          f"{monitor.snapshot.version} ({wording.date(monitor.snapshot.built)})")
    doc.add(
        Heading(f"Uitgangssituatie {ctx.name}", 0),
        Paragraph(f"Probleemanalyse huidige situatie en opgaven: analyse van de regionale uitgangssituatie en de "
                  f"belangrijkste opgaven van {ctx.name}, vergeleken met Nederland.", style="lead"),
        Paragraph(f"{ctx.name} bestaat uit {len(members)} gemeenten{inhabitants}: {', '.join(members)}. Elk cijfer is "
                  "het meest recente jaar met gegevens voor de regio, met het landelijke cijfer van hetzelfde jaar.",),
        Paragraph(f"Cijfers: CBS, snapshot versie {monitor.snapshot.version} van "
                  f"{wording.date(monitor.snapshot.built)} · gemaakt op {wording.date(generated)} met de Vitale Regio's "
                  "monitor.", style="meta"),
        Heading("Samenvatting", 1),
        Paragraph(f"Waar {ctx.name} staat op de drie doelen van het Nationaal Programma Vitale Regio's:"),
        *goal_paragraphs(ctx),
        Heading("Stapeling van opgaven per thema", 2),
        Paragraph(f"Per thema het aantal indicatoren waarop {ctx.name} ongunstiger, gelijk of gunstiger dan Nederland "
                  "staat. Zonder oordeel: neutrale indicatoren, aantallen en indicatoren zonder (voldoende) gegevens."),
        stacking_table(ctx),
    )
    if charts:
        doc.add(stacking_figure(ctx))
    doc.add(Heading("Opgaven per thema", 1),
            Paragraph(f"Per thema de indicatoren waarop {ctx.name} het verst achter Nederland staat, met de "
                      "ontwikkeling van het verschil door de jaren en de kanttekeningen bij het cijfer."),
            *theme_blocks(ctx),
            Heading("Vergelijkbare regio's", 1), *peer_blocks(ctx),
            Heading("Toekomst: bevolkingsprognose", 1), *forecast_blocks(ctx, charts),
            Heading("Wat we niet weten", 1))
    unknown = unknown_items(ctx)
    doc.add(Bullets(tuple(unknown)) if unknown
            else Paragraph("Voor alle indicatoren is een cijfer met oordeel bekend."))
    doc.add(Heading("Nulmeting voor de monitoring", 1), *baseline_blocks(ctx),
            Heading("Verantwoording", 1), *accountability_blocks(ctx, generated))
    return doc


def progress_counts(progress: pd.DataFrame, monitor, region_id: str) -> Table:
    """Per goal: how many kernset indicators moved how since the baseline."""
    part = progress[progress["regio"] == region_id]
    goal = {i.id: i.goal for i in monitor.catalogue.indicators}
    part = part.assign(doel=part["indicator"].map(goal))
    keys = list(nulmeting.PROGRESS_LABELS)
    rows = []
    for g, title in GOALS.items():
        counts = part[part["doel"] == g]["oordeel"].value_counts()
        rows.append((f"{g}. {title}", *(str(int(counts.get(k, 0))) for k in keys[:5]),
                     str(int(counts.reindex(keys[5:], fill_value=0).sum()))))
    return Table(("Doel", "Kloof kleiner", "Kloof groter", "Nederland gepasseerd", "Binnen de marge", "Dekking te laag",
                  "Overig (geen nieuwer cijfer, reeksbreuk, geen gegevens)"),
                 tuple(rows), numeric=(False, True, True, True, True, True, True),
                 widths=(4, 1.2, 1.2, 1.4, 1.3, 1.3, 2.4),
                 name=f"voortgang_{region_id}",
                 title=f"Voortgang sinds de nulmeting in {monitor.regions.name(region_id)}, per doel")


def overview_document(monitor, *, story=None, baseline=None, progress=None,
                      generated: dt.date | None = None) -> Document:
    """The national overview for the yearly progress letter: all eleven regions, one page each.

    The same builder parts as :func:`plan_document` (goal sentences, stacking per theme), plus per
    region the voortgang since the nulmeting per goal. ``story``, ``baseline`` (:func:`nulmeting.current_baseline`)
    and ``progress`` (:func:`nulmeting.voortgang` of that baseline) are computed when not given.
    """
    from ..story.gather import story_for

    story = story if story is not None else story_for(monitor)
    baseline = baseline if baseline is not None else nulmeting.current_baseline(monitor)
    progress = progress if progress is not None else nulmeting.voortgang(monitor, baseline[0])
    generated = generated or dt.date.today()
    doc = Document(title="Vitale regio's: stand en voortgang per regio",
                   subject="Overzicht voor de voortgangsbrief Nationaal Programma Vitale Regio's",
                   footer=f"Stand en voortgang per regio · {ATTRIBUTION}, {LICENCE} · snapshot versie "
                          f"{monitor.snapshot.version} ({wording.date(monitor.snapshot.built)})")
    doc.add(Heading("Vitale regio's: stand en voortgang per regio", 0),
            Paragraph("Per regio op één pagina: waar de regio staat op de drie programmadoelen, de stapeling van "
                      "opgaven per thema en wat er sinds de nulmeting bewoog op de indicatoren van de kernset.",
                      style="lead"),
            Paragraph(nulmeting.describe(baseline[1]) + " Voortgang: de kloof met Nederland is kleiner of groter "
                      "geworden als de verandering van het verschil groter is dan de marge van de indicator en beide "
                      f"cijfers op minstens {wording.percent(MIN_COVERAGE_FOR_VERDICT)} van de inwoners berusten."),
            Paragraph(f"{ATTRIBUTION}, licentie {LICENCE}. Gemaakt op {wording.date(generated)} met de open Vitale "
                      f"Regio's monitor, CBS-snapshot versie {monitor.snapshot.version} van "
                      f"{wording.date(monitor.snapshot.built)}.",
                      style="meta"))
    for region_id in monitor.regions.ids():
        ctx = _Context(monitor, region_id, story, baseline)
        doc.add(PageBreak(), Heading(ctx.name, 1), *goal_paragraphs(ctx), stacking_table(ctx),
                Paragraph("Voortgang sinds de nulmeting (kernset, per doel):", style="note"),
                progress_counts(progress, monitor, region_id))
    return doc


def render(document: Document, kind: str) -> bytes:
    """The document as ``"docx"`` or ``"pdf"`` bytes."""
    if kind == "docx":
        from .docx_writer import docx_bytes

        return docx_bytes(document)
    if kind == "pdf":
        from .pdf_writer import pdf_bytes

        return pdf_bytes(document)
    raise ValueError(f"Unknown document kind {kind!r}; use docx or pdf.")


def write_plans(monitor, region_ids: list[str], out_dir: str | os.PathLike, *,
                generated: dt.date | None = None) -> list[Path]:
    """Write the uitgangssituatie of each region as .docx and .pdf into ``out_dir``.

    Every document is made in memory first; the files are moved in only when all are complete
    (:func:`monitor.output.atomic.write_into_folder`), so an error leaves no half-written or partial set.

    Raises
    ------
    UnknownKeyError
        For an unknown region.
    OutFolderError
        If ``out_dir`` is refused by the ``--out`` rule.
    """
    from ..output.atomic import write_into_folder
    from ..output.outfolder import OutFolderError, prepare_out_folder
    from ..story.gather import story_for

    for region_id in region_ids:
        monitor.regions.check(region_id)
    folder = prepare_out_folder(out_dir)
    story = story_for(monitor)
    baseline = nulmeting.current_baseline(monitor)
    made = {}
    for region_id in region_ids:
        document = plan_document(monitor, region_id, story=story, baseline=baseline, generated=generated)
        docx_name, pdf_name = file_names(region_id)
        made[docx_name], made[pdf_name] = render(document, "docx"), render(document, "pdf")
    try:
        return write_into_folder(folder, {name: (lambda p, data=data: p.write_bytes(data))
                                          for name, data in made.items()})
    except OSError as exc:
        raise OutFolderError(f"Cannot write the documents into '{folder}': {exc.strerror or exc}. Nothing was "
                             "replaced; give a folder you can write to with --out.") from exc
