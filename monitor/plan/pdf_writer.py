"""Render a :class:`monitor.plan.document.Document` as PDF (reportlab), with the same content as the
Word file: headings (also as PDF bookmarks), paragraphs, tables whose header repeats on a new page,
figures with their caption, and a footer with page numbers."""

from __future__ import annotations

import io
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import cm
from reportlab.platypus import (Image, KeepTogether, ListFlowable, ListItem, PageBreak as PdfPageBreak,
                                Paragraph as PdfParagraph, SimpleDocTemplate, Spacer, Table as PdfTable,
                                TableStyle)

from .document import Bullets, Document, Figure, Heading, PageBreak, Paragraph, Table

FONT, FONT_BOLD = "Helvetica", "Helvetica-Bold"
MARGIN = 2.2 * cm
GREY = colors.HexColor("#555555")
HEADER_BACKGROUND = colors.HexColor("#e8eef4")
GRID = colors.HexColor("#999999")


def pdf_safe(text: str) -> str:
    """Text for reportlab's built-in fonts (cp1252): other characters are replaced."""
    text = str(text).replace("\u2212", "-").replace("\u2009", " ").replace("\u202f", " ").replace("\u2192", "->")
    return text.encode("cp1252", errors="replace").decode("cp1252")


def _styles() -> dict[str, ParagraphStyle]:
    base = ParagraphStyle("base", fontName=FONT, fontSize=10, leading=13.5)
    return {
        "h0": ParagraphStyle("h0", base, fontName=FONT_BOLD, fontSize=20, leading=25, spaceAfter=6),
        "h1": ParagraphStyle("h1", base, fontName=FONT_BOLD, fontSize=14, leading=18, spaceBefore=10, spaceAfter=4),
        "h2": ParagraphStyle("h2", base, fontName=FONT_BOLD, fontSize=11.5, leading=15, spaceBefore=8, spaceAfter=3),
        "h3": ParagraphStyle("h3", base, fontName=FONT_BOLD, fontSize=10.5, leading=14, spaceBefore=6, spaceAfter=2),
        "normal": ParagraphStyle("normal", base, spaceAfter=5),
        "lead": ParagraphStyle("lead", base, fontSize=11.5, leading=15, spaceAfter=6),
        "meta": ParagraphStyle("meta", base, fontSize=8.5, leading=11, textColor=GREY, spaceAfter=4),
        "note": ParagraphStyle("note", base, fontSize=8.5, leading=11, spaceAfter=4),
        "cell": ParagraphStyle("cell", base, fontSize=8, leading=10),
        "cell_right": ParagraphStyle("cell_right", base, fontSize=8, leading=10, alignment=TA_RIGHT),
        "head": ParagraphStyle("head", base, fontName=FONT_BOLD, fontSize=8, leading=10),
        "head_right": ParagraphStyle("head_right", base, fontName=FONT_BOLD, fontSize=8, leading=10,
                                     alignment=TA_RIGHT),
        "caption": ParagraphStyle("caption", base, fontSize=8.5, leading=11, textColor=GREY, spaceAfter=6),
    }


def _p(text: str, style: ParagraphStyle, bold_prefix: str = "") -> PdfParagraph:
    markup = escape(pdf_safe(text))
    if bold_prefix:
        markup = f"<b>{escape(pdf_safe(bold_prefix))}</b> " + markup
    return PdfParagraph(markup, style)


def _table(block: Table, st: dict, width: float) -> PdfTable:
    widths = block.widths or (1.0,) * len(block.columns)
    total = float(sum(widths))
    col_widths = [width * w / total for w in widths]
    rows = [[_p(c, st["head_right"] if block.is_numeric(j) else st["head"]) for j, c in enumerate(block.columns)]]
    for texts in block.rows:
        rows.append([_p(t, st["cell_right"] if block.is_numeric(j) else st["cell"]) for j, t in enumerate(texts)])
    style = TableStyle([
        ("GRID", (0, 0), (-1, -1), 0.4, GRID), ("BACKGROUND", (0, 0), (-1, 0), HEADER_BACKGROUND),
        ("VALIGN", (0, 0), (-1, -1), "TOP"), ("TOPPADDING", (0, 0), (-1, -1), 2),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 2.5), ("LEFTPADDING", (0, 0), (-1, -1), 3),
        ("RIGHTPADDING", (0, 0), (-1, -1), 3),
    ])
    return PdfTable(rows, colWidths=col_widths, style=style, repeatRows=1, hAlign="LEFT")


class _Template(SimpleDocTemplate):
    """Adds a PDF bookmark (outline entry) for every chapter and section heading."""

    def afterFlowable(self, flowable):
        level = getattr(flowable, "_outline_level", None)
        if level is None:
            return
        key = f"h{id(flowable)}"
        self.canv.bookmarkPage(key)
        self.canv.addOutlineEntry(pdf_safe(flowable.getPlainText()), key, level=level, closed=level > 0)


def pdf_bytes(document: Document) -> bytes:
    """The document as PDF (A4).

    Parameters
    ----------
    document
        The blocks to render.

    Returns
    -------
    bytes
        The PDF.
    """
    st = _styles()
    buffer = io.BytesIO()
    template = _Template(buffer, pagesize=A4, leftMargin=MARGIN, rightMargin=MARGIN, topMargin=MARGIN,
                         bottomMargin=MARGIN, title=pdf_safe(document.title), subject=pdf_safe(document.subject),
                         author="Vitale Regio's monitor", creator="monitor.plan (reportlab)", lang="nl-NL",
                         invariant=1)
    width = A4[0] - 2 * MARGIN
    story = []
    for block in document.blocks:
        if isinstance(block, Heading):
            paragraph = _p(block.text, st[f"h{min(block.level, 3)}"])
            if block.level >= 1:
                paragraph._outline_level = block.level - 1
            story.append(paragraph)
        elif isinstance(block, Paragraph):
            story.append(_p(block.text, st.get(block.style, st["normal"]), block.bold_prefix))
        elif isinstance(block, Bullets):
            story.append(ListFlowable([ListItem(_p(item, st["normal"]), leftIndent=12) for item in block.items],
                                      bulletType="bullet", start="•", leftIndent=12, bulletFontName=FONT))
        elif isinstance(block, Table):
            story += [_table(block, st, width), Spacer(0, 8)]
        elif isinstance(block, Figure):
            w = min(block.width_cm * cm, width)
            story.append(KeepTogether([Image(io.BytesIO(block.png), width=w, height=w * block.aspect),
                                       _p(block.caption, st["caption"])]))
        elif isinstance(block, PageBreak):
            story.append(PdfPageBreak())
        else:  # pragma: no cover - a programming error
            raise TypeError(f"Unknown block {block!r}")

    def footer(canvas, doc):
        canvas.saveState()
        canvas.setFont(FONT, 7.5)
        canvas.setFillColor(GREY)
        canvas.drawString(MARGIN, MARGIN - 24, pdf_safe(document.footer))
        canvas.drawRightString(A4[0] - MARGIN, MARGIN - 24, f"pagina {doc.page}")
        canvas.restoreState()

    template.build(story, onFirstPage=footer, onLaterPages=footer)
    return buffer.getvalue()
