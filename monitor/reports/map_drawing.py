"""Drawing helpers of the static map: matplotlib collections of the areas, region names, text layout.

Used by :mod:`monitor.reports.static_map`; everything draws on a given Figure or Axes (Agg
canvas, no ``pyplot``). Also the map's sizes and fonts (:class:`MapStyle`).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from matplotlib import patheffects
from matplotlib.collections import PathCollection
from matplotlib.figure import Figure

from .. import palettes
from ..maps.classes import Classes
from .shapes import ReportGeometry

HATCH = "////"
CONTEXT_COLOUR = "#e3e3e3"
"""Gemeenten outside the zoomed region: plain light grey, no hatch (so not "geen gegevens")."""
EDGE_COLOUR = "#ffffff"
ZOOM_EDGE_COLOUR = "#6f6f6f"
"""Gemeente borders inside a zoomed region: grey, so they show on the lightest classes too."""
TEXT_COLOUR = "#111111"
NOTE_COLOUR = "#333333"
SHORT_UNIT = 6
"""Units up to this length ("%", "km", "euro", "jaren") follow the values in the text panel."""
@dataclass(frozen=True)
class MapStyle:
    """Size (inches) and font sizes (points) of a static map.

    Attributes
    ----------
    width, height
        Figure size in inches.
    title, subtitle, note, legend, source
        Font sizes in points.
    label
        Font size of gemeente names in a region zoom; 0 for no names.
    outline, edge
        Line widths (points) of region outlines and gemeente edges.
    map_width
        Share of the figure width for the map; the legend takes the rest.
    """

    width: float
    height: float
    title: float
    subtitle: float
    note: float
    legend: float
    source: float
    label: float
    outline: float
    edge: float
    map_width: float = 0.6


SLIDE = MapStyle(width=13.3334, height=7.5, title=28, subtitle=17, note=16, legend=16, source=12, label=11,
                 outline=2.4, edge=0.5)
"""A full 16:9 slide (PowerPoint's 13.33 x 7.5 in) with fonts readable from the back of a room."""
COMPACT = MapStyle(width=4.1667, height=2.6, title=9, subtitle=6.5, note=6.5, legend=6.5, source=5.5, label=0,
                   outline=1.1, edge=0.2, map_width=0.58)
"""300 x 187 pt, the size it has in the regional PDF (fonts readable on paper)."""
STYLES = {"slide": SLIDE, "compact": COMPACT}


def collection(paths, face, style: MapStyle, **kwargs) -> PathCollection:
    return PathCollection(paths, facecolors=face, edgecolors=kwargs.pop("edgecolors", EDGE_COLOUR),
                          linewidths=kwargs.pop("linewidths", style.edge), **kwargs)


def missing_collection(paths, style: MapStyle, edgecolors=EDGE_COLOUR, linewidths=None) -> PathCollection:
    coll = PathCollection(paths, facecolors=palettes.MISSING_COLOUR, edgecolors=edgecolors,
                          linewidths=style.edge if linewidths is None else linewidths, hatch=HATCH)
    coll.set_hatchcolor(palettes.MISSING_HATCH)
    coll.set_hatch_linewidth(max(0.5, style.edge * 2))
    return coll


def class_fills(classes: Classes | None, values: np.ndarray, low=None) -> tuple[list[str | None], np.ndarray]:
    """Class colour per value (None when missing; neutral grey where ``low``, too little coverage) and
    the missing mask."""
    missing = np.isnan(values)
    if classes is None:
        fills = [None] * len(values)
    else:
        fills = [classes.colours[i] if i >= 0 else None for i in classes.index(values)]
    if low is not None:
        fills = [palettes.LOW_COVERAGE_COLOUR if is_low and not gap else fill
                 for fill, is_low, gap in zip(fills, low, missing)]
    return fills, missing


def draw_gemeenten(ax, geometry: ReportGeometry, values: np.ndarray, classes, region: str | None,
                    style: MapStyle, low=None) -> None:
    fills, missing = class_fills(classes, values, low)
    inside = np.array([region is None or r == region for r in geometry.region_ids])
    paths = geometry.paths
    shown = [i for i in range(len(paths)) if inside[i] and not missing[i]]
    gaps = [i for i in range(len(paths)) if inside[i] and missing[i]]
    context = [i for i in range(len(paths)) if not inside[i]]
    edges = {"edgecolors": ZOOM_EDGE_COLOUR, "linewidths": style.edge * 1.4} if region else {}
    if context:
        ax.add_collection(collection([paths[i] for i in context], CONTEXT_COLOUR, style))
    if shown:
        ax.add_collection(collection([paths[i] for i in shown], [fills[i] for i in shown], style, **edges))
    if gaps:
        ax.add_collection(missing_collection([paths[i] for i in gaps], style, **edges))
    outlined = [region] if region else list(geometry.region_paths)
    ax.add_collection(PathCollection([geometry.region_paths[r] for r in outlined], facecolors="none",
                                     edgecolors=palettes.OUTLINE_COLOUR,
                                     linewidths=style.outline * (1.4 if region else 1.0)))


def draw_regions(ax, geometry: ReportGeometry, codes: list[str], values: np.ndarray, classes, region: str | None,
                  style: MapStyle, low=None) -> None:
    outside = [p for p, r in zip(geometry.paths, geometry.region_ids) if r is None]
    ax.add_collection(collection(outside, palettes.OUTSIDE_COLOUR, style))
    fills, missing = class_fills(classes, values, low)
    shown = [i for i in range(len(codes)) if not missing[i]]
    gaps = [i for i in range(len(codes)) if missing[i]]
    if shown:
        ax.add_collection(collection([geometry.region_paths[codes[i]] for i in shown], [fills[i] for i in shown],
                                      style, edgecolors=palettes.OUTLINE_COLOUR, linewidths=style.outline * 0.8))
    if gaps:
        ax.add_collection(missing_collection([geometry.region_paths[codes[i]] for i in gaps], style,
                                   edgecolors=palettes.OUTLINE_COLOUR, linewidths=style.outline * 0.8))
    if region:
        ax.add_collection(PathCollection([geometry.region_paths[region]], facecolors="none",
                                         edgecolors=palettes.OUTLINE_COLOUR, linewidths=style.outline * 1.6))


def draw_labels(ax, geometry: ReportGeometry, region: str, style: MapStyle) -> None:
    """Name the region's gemeenten, largest first, leaving out a name that would overlap another."""
    halo = [patheffects.withStroke(linewidth=style.label * 0.3, foreground="white")]
    renderer = ax.figure.canvas.get_renderer()
    placed = []
    members = [i for i, r in enumerate(geometry.region_ids) if r == region]
    to_data = ax.transData.inverted()
    for i in sorted(members, key=lambda i: -geometry.areas[i]):
        x, y = geometry.label_points[i]
        label = ax.text(x, y, geometry.names[i], fontsize=style.label, ha="center", va="center",
                        color=TEXT_COLOUR, path_effects=halo, clip_on=True)
        box = label.get_window_extent(renderer).expanded(1.04, 1.15)
        for shift in (0.0, 1.0, -1.0):  # in place, else one line higher or lower
            moved = box.translated(0, shift * box.height)
            if not any(moved.overlaps(other) for other in placed):
                label.set_position(to_data.transform(ax.transData.transform((x, y)) + (0, shift * box.height)))
                placed.append(moved)
                break
        else:
            label.remove()


def set_extent(ax, geometry: ReportGeometry, region: str | None, box: tuple[float, float]) -> None:
    """Fit the area (padded) in the axes box of ``box`` = (width, height) inches, true to scale."""
    xmin, ymin, xmax, ymax = geometry.extents[region or "nederland"]
    pad = 1.08 if region else 1.02
    cx, cy = (xmin + xmax) / 2, (ymin + ymax) / 2
    half_w, half_h = (xmax - xmin) * pad / 2, (ymax - ymin) * pad / 2
    if half_w / half_h < box[0] / box[1]:
        half_w = half_h * box[0] / box[1]
    else:
        half_h = half_w * box[1] / box[0]
    ax.set_xlim(cx - half_w, cx + half_w)
    ax.set_ylim(cy - half_h, cy + half_h)
    ax.set_aspect("equal", adjustable="box")


def text_width(fig: Figure, text: str, size: float, weight: str = "normal") -> float:
    """Width of ``text`` in inches at ``size`` points."""
    probe = fig.text(0, 0, text, fontsize=size, fontweight=weight)
    width = probe.get_window_extent(fig.canvas.get_renderer()).width / fig.dpi
    probe.remove()
    return width


def wrap(fig: Figure, text: str, size: float, width: float, weight: str = "normal") -> list[str]:
    """Break ``text`` at spaces into lines no wider than ``width`` inches (a single long word stays whole)."""
    lines, current = [], ""
    for word in text.split(" "):
        trial = f"{current} {word}" if current else word
        if current and text_width(fig, trial, size, weight) > width:
            lines.append(current)
            current = word
        else:
            current = trial
    return lines + [current]


def fitting(fig: Figure, candidates: list[str], size: float, width: float) -> str:
    """The first text that fits in ``width`` inches, else the last one."""
    for text in candidates:
        if text_width(fig, text, size) <= width:
            return text
    return candidates[-1]


class Lines:
    """Places lines of text in the figure from the top down (positions in inches), wrapping to ``width``."""

    def __init__(self, fig: Figure, style: MapStyle, x: float, top_in: float, width: float):
        self.fig, self.style, self.x, self.y, self.width = fig, style, x, top_in, width

    def add(self, text: str, size: float, weight: str = "normal", colour: str = TEXT_COLOUR, gap: float = 1.3):
        for line in wrap(self.fig, text, size, self.width, weight):
            self.fig.text(self.x, 1 - self.y / self.style.height, line, fontsize=size, fontweight=weight,
                          color=colour, ha="left", va="top")
            self.y += size * gap / 72

    @property
    def fraction(self) -> float:
        return 1 - self.y / self.style.height
