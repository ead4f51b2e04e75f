"""Render a :class:`monitor.plan.document.Document` as an editable Word file (python-docx).

Headings are Word headings (*Kop 1*, *Kop 2*: the navigation pane and a table of contents work,
and a region can move sections around), tables are real Word tables whose header row repeats on
every page, figures are pictures with alt text, and the document's language is Dutch.
"""

from __future__ import annotations

import io

from docx import Document as new_docx
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor

from .document import Bullets, Document, Figure, Heading, PageBreak, Paragraph, Table

LANGUAGE = "nl-NL"
GREY = RGBColor(0x55, 0x55, 0x55)
TEXT_WIDTH_CM = 16.0
STYLE_SIZES = {"normal": None, "lead": 12, "meta": 8.5, "note": 9}


def _set_language(doc) -> None:
    """Dutch as the language of every style (spelling check, hyphenation)."""
    defaults = doc.styles.element.find(qn("w:docDefaults"))
    rpr = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr"))
    lang = rpr.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        rpr.append(lang)
    lang.set(qn("w:val"), LANGUAGE)
    lang.set(qn("w:eastAsia"), LANGUAGE)


def _repeat_header(row) -> None:
    trpr = row._tr.get_or_add_trPr()
    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    trpr.append(header)


def _alt_text(table, title: str, description: str) -> None:
    """The table's alt text: title (``w:tblCaption``) and description (``w:tblDescription``), in schema order."""
    for tag, text in (("w:tblCaption", title), ("w:tblDescription", description)):
        if text:
            element = OxmlElement(tag)
            element.set(qn("w:val"), text)
            table._tbl.tblPr.append(element)


def _add_table(doc, block: Table) -> None:
    table = doc.add_table(rows=1 + len(block.rows), cols=len(block.columns))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.LEFT
    widths = block.widths or (1.0,) * len(block.columns)
    total = float(sum(widths))
    widths = [Cm(TEXT_WIDTH_CM * width / total) for width in widths]
    for column, width in zip(table.columns, widths):
        column.width = width  # the grid (LibreOffice reads it); the cells' own widths are for Word
    for i, (row, texts) in enumerate(zip(table.rows, [block.columns, *block.rows])):
        for j, (cell, text) in enumerate(zip(row.cells, texts)):  # row.cells once per row: it is not cheap
            cell.width = widths[j]
            paragraph = cell.paragraphs[0]
            run = paragraph.add_run(str(text))
            run.font.size = Pt(9)
            if i == 0:
                run.bold = True
            if block.is_numeric(j):
                paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    _repeat_header(table.rows[0])
    _alt_text(table, block.title, block.name)
    doc.add_paragraph()


def _add_figure(doc, block: Figure) -> None:
    doc.add_picture(io.BytesIO(block.png), width=Cm(block.width_cm))
    picture = doc.paragraphs[-1]
    for properties in picture._p.xpath(".//wp:docPr"):
        properties.set("descr", block.alt)
        properties.set("title", block.caption)
    doc.add_paragraph(block.caption, style="Caption")


def docx_bytes(document: Document) -> bytes:
    """The document as a .docx file.

    Parameters
    ----------
    document
        The blocks to render.

    Returns
    -------
    bytes
        An Office Open XML word-processing file (opens in Word and LibreOffice).
    """
    doc = new_docx()
    _set_language(doc)
    doc.styles["Normal"].font.size = Pt(10.5)
    props = doc.core_properties
    props.title, props.subject, props.author = document.title, document.subject, "Vitale Regio's monitor"
    props.language = LANGUAGE
    section = doc.sections[0]
    section.left_margin = section.right_margin = Cm(2.5)
    if document.footer:
        footer = section.footer.paragraphs[0]
        footer.text = document.footer
        for run in footer.runs:
            run.font.size, run.font.color.rgb = Pt(8), GREY
    for block in document.blocks:
        if isinstance(block, Heading):
            doc.add_heading(block.text, block.level)
        elif isinstance(block, Paragraph):
            paragraph = doc.add_paragraph()
            if block.bold_prefix:
                paragraph.add_run(block.bold_prefix + " ").bold = True
            run = paragraph.add_run(block.text)
            size = STYLE_SIZES.get(block.style)
            if size:
                run.font.size = Pt(size)
            if block.style == "meta":
                run.font.color.rgb = GREY
        elif isinstance(block, Bullets):
            for item in block.items:
                doc.add_paragraph(item, style="List Bullet")
        elif isinstance(block, Table):
            _add_table(doc, block)
        elif isinstance(block, Figure):
            _add_figure(doc, block)
        elif isinstance(block, PageBreak):
            doc.add_page_break()
        else:  # pragma: no cover - a programming error
            raise TypeError(f"Unknown block {block!r}")
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()
