"""One A4 page per NPVR region: "<Regio> vergeleken met Nederland", as a PDF made with reportlab.

The page holds a small map of the region (:mod:`monitor.reports.static_map`), the number of
indicators on which the region is less favourable than Nederland per theme and per NPVR goal, a
table of key figures (``indicators/report.yaml``) with region value, national value, difference
and verdict (in words and colour), and the sources, licence and notes. Every number comes from
the monitor; nothing is typed in.
"""

from __future__ import annotations

import datetime as dt
import io
import os
from pathlib import Path
from xml.sax.saxutils import escape

import pandas as pd
from reportlab.lib import colors
from reportlab.lib.enums import TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Frame, Image, Paragraph, Spacer, Table, TableStyle

from .. import palettes, wording
from ..catalogue import GOALS
from ..compute.compare import MIN_COVERAGE_FOR_VERDICT
from ..data import Monitor
from ..errors import MonitorError
from ..profile import JUDGED, region_profile
from .key_indicators import Count, KeySelection, key_figures, load_selection, unfavourable_counts
from .output import output_dir, write_bytes_atomically
from .static_map import COMPACT, map_png_bytes

FONT, FONT_BOLD = "Helvetica", "Helvetica-Bold"
"""reportlab's built-in fonts (WinAnsi encoding: Latin-1 plus dashes and €), so â in Noard-Fryslân works."""
MARGIN = 34.0
MAP_WIDTH = COMPACT.width * 72
MAP_HEIGHT = COMPACT.height * 72
MAP_DPI = 220
MIN_SPARE_MM = 8.0
"""Room every region's page keeps below its last line (tests/reports: all eleven regions, and the region with
the most gemeenten under the longest name): two more table rows or a longer note still fit."""
GREY = colors.HexColor("#555555")
RULE = colors.HexColor("#999999")
THEME_BACKGROUND = colors.HexColor("#e8eef4")
ZEBRA = colors.HexColor("#f6f6f6")


class ReportLayoutError(MonitorError):
    """The report did not fit on one page (too many key indicators or too long texts)."""


def _pdf_safe(text: str) -> str:
    """Text for the built-in fonts: characters outside their encoding (cp1252) are replaced."""
    text = str(text).replace("\u2212", "-").replace("\u2009", " ").replace("\u202f", " ")
    return text.encode("cp1252", errors="replace").decode("cp1252")


def _styles() -> dict[str, ParagraphStyle]:
    base = ParagraphStyle("base", fontName=FONT, fontSize=8, leading=10, textColor=colors.black)
    return {
        "kicker": ParagraphStyle("kicker", base, fontSize=8, leading=10, textColor=GREY),
        "title": ParagraphStyle("title", base, fontName=FONT_BOLD, fontSize=20, leading=24),
        "subtitle": ParagraphStyle("subtitle", base, fontSize=9.5, leading=12.5),
        "meta": ParagraphStyle("meta", base, fontSize=8, leading=10, textColor=GREY),
        "h2": ParagraphStyle("h2", base, fontName=FONT_BOLD, fontSize=10.5, leading=13),
        "cell": ParagraphStyle("cell", base, fontSize=8, leading=9.5),
        "cell_right": ParagraphStyle("cell_right", base, fontSize=8, leading=9.5, alignment=TA_RIGHT),
        "unit": ParagraphStyle("unit", base, fontSize=7, leading=8.2, textColor=GREY),
        "head": ParagraphStyle("head", base, fontName=FONT_BOLD, fontSize=8, leading=9.5),
        "head_right": ParagraphStyle("head_right", base, fontName=FONT_BOLD, fontSize=8, leading=9.5,
                                     alignment=TA_RIGHT),
        "theme": ParagraphStyle("theme", base, fontName=FONT_BOLD, fontSize=8.5, leading=10.5),
        "small": ParagraphStyle("small", base, fontSize=7.5, leading=9),
        "note": ParagraphStyle("note", base, fontSize=6.8, leading=8.3, textColor=colors.HexColor("#222222")),
        # A value with its 95 % interval under it, in little more than one row's height.
        "interval": ParagraphStyle("interval", base, fontSize=8, leading=7, alignment=TA_RIGHT),
    }


def _p(text: str, style: ParagraphStyle) -> Paragraph:
    return Paragraph(escape(_pdf_safe(text)), style)


def _p_markup(markup: str, style: ParagraphStyle) -> Paragraph:
    """A paragraph from already escaped text with simple <b> tags."""
    return Paragraph(_pdf_safe(markup), style)


def _counts_table(counts: dict[str, list[Count]], width: float, st: dict) -> Table:
    rows = [[_p("Ongunstiger dan Nederland", st["h2"]), ""],
            [_p("indicatoren van de kernset met een oordeel, meest recente jaar", st["meta"]), ""],
            [_p("Per thema", st["head"]), _p("ongunstiger", st["head_right"])]]
    styles = [("SPAN", (0, 0), (1, 0)), ("SPAN", (0, 1), (1, 1))]
    for c in counts["theme"]:
        rows.append([_p(c.label, st["small"]), _p(c.text, ParagraphStyle("r", st["small"], alignment=TA_RIGHT))])
    goal_head = len(rows)
    rows.append([_p("Per NPVR-doel", st["head"]), ""])
    for c in counts["goal"]:
        rows.append([_p(c.label, st["small"]), _p(c.text, ParagraphStyle("r", st["small"], alignment=TA_RIGHT))])
    styles += [
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), 0), ("RIGHTPADDING", (0, 0), (-1, -1), 0),
        ("TOPPADDING", (0, 0), (-1, -1), 1.2), ("BOTTOMPADDING", (0, 0), (-1, -1), 1.2),
        ("LINEBELOW", (0, 2), (-1, 2), 0.5, RULE), ("LINEBELOW", (0, goal_head), (-1, goal_head), 0.5, RULE),
        ("TOPPADDING", (0, goal_head), (-1, goal_head), 5),
    ]
    return Table(rows, colWidths=[width - 52, 52], style=TableStyle(styles), hAlign="LEFT")


COLUMNS = [("Indicator", 150), ("Doel", 27), ("Jaar", 25), ("Eenheid", 84), ("Regio", 52), ("Nederland", 55),
           ("Verschil", 50), ("", 8), ("Oordeel", 70)]


OLD_MARK = "†"
"""After the year of an old figure (:func:`monitor.wording.is_old`), explained in the notes."""


def _figures_table(figures: pd.DataFrame, st: dict, width: float, old=lambda year: False) -> Table:
    widths = [w for _n, w in COLUMNS]
    widths[0] += width - sum(widths)
    header = [_p("Indicator", st["head"]), _p("Doel", st["head"]), _p("Jaar", st["head"]),
              _p("Eenheid", st["head"]), _p("Regio", st["head_right"]), _p("Nederland", st["head_right"]),
              _p("Verschil", st["head_right"]), _p("Oordeel", st["head"]), ""]
    rows = [header]
    styles = [
        ("FONT", (0, 0), (-1, -1), FONT, 8), ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("ALIGN", (4, 1), (6, -1), "RIGHT"), ("ALIGN", (1, 1), (2, -1), "LEFT"),
        ("TOPPADDING", (0, 0), (-1, -1), 1.2), ("BOTTOMPADDING", (0, 0), (-1, -1), 1.5),
        ("LEFTPADDING", (0, 0), (-1, -1), 3), ("RIGHTPADDING", (0, 0), (-1, -1), 3),
        ("SPAN", (7, 0), (8, 0)), ("LINEBELOW", (0, 0), (-1, 0), 0.8, colors.black),
        ("LINEBELOW", (0, -1), (-1, -1), 0.8, colors.black),
        ("LEFTPADDING", (8, 0), (8, -1), 4),
    ]
    r = 1
    for theme_title, part in figures.groupby("theme_title", sort=False):
        judged = int(part["verdict"].isin(JUDGED).sum())
        worse = int((part["verdict"] == "ongunstiger").sum())
        counted = escape(wording.unfavourable_sentence(worse, judged))
        rows.append([_p_markup(f"<b>{escape(theme_title)}</b>  <font color='#444444'>· {counted}</font>",
                               st["theme"])] + [""] * 8)
        styles += [("SPAN", (0, r), (-1, r)), ("BACKGROUND", (0, r), (-1, r), THEME_BACKGROUND),
                   ("TOPPADDING", (0, r), (-1, r), 2.5), ("BOTTOMPADDING", (0, r), (-1, r), 2.5)]
        r += 1
        for k, f in enumerate(part.itertuples()):
            nl_text = f.nl_text + ("*" if f.nl_source == "berekend" else "")
            missing = f.value_text == wording.MISSING_TEXT
            rows.append([
                _p(f.title, st["cell"]), str(f.goal),
                "" if f.year is None or pd.isna(f.year) else str(int(f.year)) + (OLD_MARK if old(int(f.year)) else ""),
                _p(f.unit, st["unit"]),
                _p(f.value_text, st["unit"]) if missing else (
                    _p_markup(f"{escape(f.value_text)}<br/><font size='6.3' color='#444444'>"
                              f"{escape(f.interval_text)}</font>", st["interval"]) if f.interval_text
                    else _pdf_safe(f.value_text)),
                _pdf_safe(nl_text), _pdf_safe(f.diff_text), "", _p(f.verdict_text, st["cell"]),
            ])
            if f.interval_text and not missing:  # two lines in the room of little more than one
                styles += [("TOPPADDING", (0, r), (-1, r), 0.2), ("BOTTOMPADDING", (0, r), (-1, r), 0.5)]
            colour = palettes.VERDICT_COLOURS.get(f.verdict)
            if colour:
                styles.append(("BACKGROUND", (7, r), (7, r), colors.HexColor(colour)))
            if k % 2:
                styles.append(("BACKGROUND", (0, r), (6, r), ZEBRA))
                styles.append(("BACKGROUND", (8, r), (8, r), ZEBRA))
            r += 1
    styles.append(("LINEAFTER", (6, 0), (6, -1), 0.4, colors.white))
    return Table(rows, colWidths=widths, style=TableStyle(styles), repeatRows=0, hAlign="LEFT")


def _source_labels(monitor: Monitor, datasets: list[str]) -> list[str]:
    from ..exports.writer import dutch_note  # "37259ENG (Engelstalige uitgave van 37259NED)"

    info = monitor.snapshot.datasets.set_index("dataset")
    labels = []
    for dataset in datasets:
        if dataset in info.index:
            labels.append(dutch_note(str(info.loc[dataset, "cbs_table"])))
        else:
            labels.append(dataset)
    return list(dict.fromkeys(labels))


def _notes(monitor: Monitor, figures: pd.DataFrame, map_indicator: str, map_dataset: str | None,
           st: dict) -> list[Paragraph]:
    goals = "; ".join(f"{k} = {v}" for k, v in GOALS.items())
    computed = figures["nl_source"] == "berekend"
    gemeenten = len(monitor.snapshot.gemeente_names())
    if computed.all():
        nl_note = (f"Alle landelijke cijfers in de tabel zijn berekend uit de {gemeenten} gemeenten (de brontabellen "
                   "hebben geen landelijk CBS-cijfer).")
    elif computed.any():
        nl_note = (f"* Landelijk cijfer berekend uit de {gemeenten} gemeenten, op dezelfde manier als de regio "
                   "(de brontabel heeft geen landelijk CBS-cijfer); de overige landelijke cijfers zijn die van CBS "
                   "zelf.")
    else:
        nl_note = "Alle landelijke cijfers in de tabel zijn die van CBS zelf."
    datasets = [d.strip() for value in figures["dataset"] for d in str(value).split("+") if d.strip()]
    if map_dataset:
        datasets += [d.strip() for d in map_dataset.split("+") if d.strip()]
    tables = _source_labels(monitor, list(dict.fromkeys(datasets)))
    meaning = ("<b>Oordeel</b>: gunstiger of ongunstiger dan Nederland als het verschil groter is dan de marge "
               "van de indicator, anders gelijk; hoger/lager bij indicatoren zonder gunstige richting. "
               "<b>Verschil</b>: regio min Nederland, in de eenheid van de indicator (bij % in procentpunten). "
               f"<b>Jaar</b>: meest recente jaar met een cijfer voor de regio. <b>Doel</b> (NPVR): {escape(goals)}. "
               f"<b>(..%)</b>: dekking (inwoners met een cijfer); onder "
               f"{wording.percent(MIN_COVERAGE_FOR_VERDICT)} geen oordeel. "
               f"<b>{OLD_MARK}</b> Let op: oud cijfer ({wording.OLD_DATA_YEARS}+ jaar vóór {wording.newest_year(monitor)}).")
    if figures["interval_text"].ne("").any():
        meaning += f" <b>Klein eronder</b>: 95%-interval; {wording.INTERVAL_APPROXIMATION}."
    region_rule = ("Regio- en landelijke cijfers: uit de gemeenten (indeling 2025) opgeteld of gewogen volgens "
                   "de regel per indicator (zie de methodebeschrijving).")
    return [
        _p_markup(meaning, st["note"]),
        _p(f"{nl_note} {region_rule}", st["note"]),
        _p_markup("<b>Bronnen</b> (CBS-tabellen): " + escape("; ".join(tables)) + ". Kaart: "
                  + escape(monitor.indicator(map_indicator).title.lower()) + ", gekleurd ten opzichte van Nederland. "
                  # one paragraph with the licence line: the page has no room for a half-empty line
                  f"<b>Bron: CBS, CC BY 4.0</b> (snapshot van {escape(wording.date(monitor.snapshot.built))}). Gemeentegrenzen: "
                  "CBS/Kadaster, CC BY 4.0. Regio-indeling: tabblad Regio-indeling van de export. "
                  "Gemaakt met de open Vitale Regio's monitor.", st["note"]),
    ]


def region_pdf_bytes(monitor: Monitor, region_id: str, *, generated: dt.date | None = None,
                     selection: KeySelection | None = None) -> bytes:
    """The one-page A4 PDF "<Regio> vergeleken met Nederland" of one region (:func:`region_pdf_layout`)."""
    return region_pdf_layout(monitor, region_id, generated=generated, selection=selection)[0]


def region_pdf_layout(monitor: Monitor, region_id: str, *, generated: dt.date | None = None,
                      selection: KeySelection | None = None) -> tuple[bytes, float]:
    """The one-page A4 PDF "<Regio> vergeleken met Nederland" of one region, and the room left on its page.

    Parameters
    ----------
    monitor
        The loaded monitor.
    region_id
        An NPVR region id (e.g. ``"twente"``).
    generated
        Date printed as "gemaakt op" (default: today).
    selection
        Key indicators and map indicator (default: ``indicators/report.yaml``).

    Returns
    -------
    tuple of (bytes, float)
        The PDF (exactly one page) and the height left below its last line, in mm (reportlab's frame
        after laying out every flowable).

    Raises
    ------
    UnknownKeyError
        For an unknown region (the message lists the valid ids).
    ReportLayoutError
        If the content does not fit on one page.
    """
    monitor.regions.check(region_id)
    selection = selection or load_selection(monitor.catalogue)
    generated = generated or dt.date.today()
    name = monitor.regions.name(region_id)
    st = _styles()
    profile = region_profile(monitor, region_id)
    figures = key_figures(monitor, region_id, selection, profile)
    counts = unfavourable_counts(monitor, region_id, profile)
    member_names = sorted(monitor.regions.table.loc[monitor.regions.table["region_id"] == region_id,
                                                    "gemeente_name"].astype(str), key=str.casefold)
    members = len(member_names)
    population = profile.row("bevolking")
    inhabitants = ""
    if population is not None:
        inhabitants = f" · {wording.number(population['value'], 0)} inwoners ({int(population['year'])})"
    map_year = monitor.nearest_year(selection.map_indicator, None)
    png = map_png_bytes(monitor, selection.map_indicator, map_year, "gemeente", region_id, dpi=MAP_DPI, style=COMPACT)
    map_rows = monitor.table(selection.map_indicator, map_year, "regio")
    map_dataset = map_rows.loc[map_rows["code"] == region_id, "dataset"]
    map_dataset = str(map_dataset.iloc[0]) if len(map_dataset) and isinstance(map_dataset.iloc[0], str) else None

    width, height = A4
    inner = width - 2 * MARGIN
    side = inner - MAP_WIDTH - 14
    # The gemeenten under the map, where the counts beside it leave room (about 11 mm): in the counts'
    # column a long list (Zuid-Limburg's 16) made the block taller and left the page ~1 pt to spare.
    members_note = _p_markup(f"<b>Gemeenten ({members})</b>: " + escape(", ".join(member_names)), st["note"])
    top_block = Table([[[Image(io.BytesIO(png), width=MAP_WIDTH, height=MAP_HEIGHT), Spacer(0, 4), members_note],
                        _counts_table(counts, side, st)]],
                      colWidths=[MAP_WIDTH + 14, side],
                      style=TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"),
                                        ("LEFTPADDING", (0, 0), (-1, -1), 0), ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                                        ("TOPPADDING", (0, 0), (-1, -1), 0), ("BOTTOMPADDING", (0, 0), (-1, -1), 0)]),
                      hAlign="LEFT")
    story = [
        _p("Nationaal Programma Vitale Regio's · regioprofiel", st["kicker"]),
        _p(f"{name} vergeleken met Nederland", st["title"]),
        _p(f"{members} gemeenten{inhabitants} · kerncijfers per thema, elk in het meest recente jaar met cijfers",
           st["subtitle"]),
        _p(f"Cijfers: CBS, snapshot van {wording.date(monitor.snapshot.built)} · gemaakt op {wording.date(generated)}",
           st["meta"]),
        Spacer(0, 8),
        top_block,
        Spacer(0, 8),
        _p("Kerncijfers", st["h2"]),
        Spacer(0, 2),
        _figures_table(figures, st, inner, old=lambda year: wording.is_old(monitor, year)),
        Spacer(0, 6),
        *_notes(monitor, figures, selection.map_indicator, map_dataset, st),
    ]

    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=A4, invariant=1, pageCompression=1, lang="nl-NL")  # the PDF declares Dutch
    canvas.setTitle(_pdf_safe(f"{name} vergeleken met Nederland"))
    canvas.setAuthor("Vitale Regio's monitor")
    canvas.setSubject(_pdf_safe(f"Regioprofiel {name}; {monitor.vintage}"))
    canvas.setCreator("monitor.reports (reportlab)")
    frame = Frame(MARGIN, MARGIN - 6, inner, height - 2 * MARGIN + 6, leftPadding=0, rightPadding=0,
                  topPadding=0, bottomPadding=0, showBoundary=0)
    frame.addFromList(story, canvas)
    spare = (frame._y - frame._y1) / mm  # reportlab keeps the frame's cursor and bottom in these attributes
    if story:
        raise ReportLayoutError(f"The report of {name} does not fit on one page; list fewer key indicators in "
                                "indicators/report.yaml.")
    canvas.setFont(FONT, 6.5)
    canvas.setFillColor(GREY)
    canvas.drawRightString(width - MARGIN, MARGIN - 18,
                           _pdf_safe(f"Vitale Regio's monitor · {name} vergeleken met Nederland · pagina 1 van 1"))
    canvas.showPage()
    canvas.save()
    return buffer.getvalue(), spare


def pdf_file_name(region_id: str) -> str:
    """The default file name, e.g. ``regioprofiel_twente.pdf``."""
    return f"regioprofiel_{region_id}.pdf"


def write_region_pdf(monitor: Monitor, region_id: str, out_dir: str | os.PathLike, *,
                     generated: dt.date | None = None) -> Path:
    """Write the region's PDF into ``out_dir`` as :func:`pdf_file_name`; return its path.

    The PDF is made in memory first and written atomically, so on any error no (half-written)
    file is left. ``out_dir`` is created if it does not exist.

    Raises
    ------
    UnknownKeyError
        For an unknown region.
    OutputError
        If ``out_dir`` is not a writable folder.
    """
    return write_region_pdfs(monitor, [region_id], out_dir, generated=generated)[0]


def write_region_pdfs(monitor: Monitor, region_ids: list[str], out_dir: str | os.PathLike, *,
                      generated: dt.date | None = None) -> list[Path]:
    """Write the PDFs of several regions into ``out_dir`` (all are made before any is written).

    Returns
    -------
    list of Path
        The files written, in the order of ``region_ids``.
    """
    for region_id in region_ids:
        monitor.regions.check(region_id)
    selection = load_selection(monitor.catalogue)
    made = [(region_id, region_pdf_bytes(monitor, region_id, generated=generated, selection=selection))
            for region_id in region_ids]
    folder = output_dir(out_dir)
    return [write_bytes_atomically(folder / pdf_file_name(region_id), data) for region_id, data in made]
