"""A neutral document model: what the uitgangssituatie says, before it is Word or PDF.

The builder (:mod:`monitor.plan.uitgangssituatie`) makes a :class:`Document` of blocks; the
writers (:mod:`monitor.plan.docx_writer`, :mod:`monitor.plan.pdf_writer`) render the same blocks,
so the two files always hold the same text, tables and figures. Every text is final Dutch text
(numbers already worded by :mod:`monitor.wording`).
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Heading:
    """A heading; ``level`` 0 is the document title, 1 a chapter, 2 a section."""

    text: str
    level: int = 1


@dataclass(frozen=True)
class Paragraph:
    """A paragraph. ``style``: ``"normal"``, ``"lead"`` (larger intro text), ``"meta"`` (small, grey),
    ``"note"`` (small). ``bold_prefix`` is set in bold before ``text`` (e.g. a goal's name)."""

    text: str
    style: str = "normal"
    bold_prefix: str = ""


@dataclass(frozen=True)
class Bullets:
    """A bulleted list."""

    items: tuple[str, ...]


@dataclass(frozen=True)
class Table:
    """A table of texts with a header row.

    Attributes
    ----------
    columns
        Header texts.
    rows
        The cells, as worded texts.
    numeric
        Per column: right-aligned (numbers).
    widths
        Relative column widths (summing to anything), or None for equal widths.
    name
        A short id (e.g. ``"stapeling"``, ``"achter_demografie"``) so that scripts and the tests can find
        the table again; written as the Word table's alt-text description.
    title
        What the table shows, in words: the Word table's alt-text title (for screen readers).
    """

    columns: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    numeric: tuple[bool, ...] = ()
    widths: tuple[float, ...] | None = None
    name: str = ""
    title: str = ""

    def is_numeric(self, column: int) -> bool:
        return column < len(self.numeric) and self.numeric[column]


@dataclass(frozen=True)
class Figure:
    """A chart as a PNG with its alt text (what the chart shows, in words) and a caption."""

    png: bytes
    alt: str
    caption: str
    width_cm: float = 16.0
    aspect: float = 0.5
    """Height / width of the image."""


@dataclass(frozen=True)
class PageBreak:
    """Start a new page."""


@dataclass
class Document:
    """A titled list of blocks (:class:`Heading`, :class:`Paragraph`, :class:`Bullets`, :class:`Table`,
    :class:`Figure`, :class:`PageBreak`), with the file's metadata."""

    title: str
    subject: str = ""
    footer: str = ""
    blocks: list = field(default_factory=list)

    def add(self, *blocks) -> Document:
        self.blocks.extend(blocks)
        return self

    def tables(self) -> dict[str, Table]:
        """The named tables: ``{name: Table}``."""
        return {b.name: b for b in self.blocks if isinstance(b, Table) and b.name}
