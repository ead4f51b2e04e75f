"""Static maps (PNG) of one indicator and year, for slides and for the regional PDF.

The map shows what the app's web map shows: the same classes (:func:`monitor.maps.classify`
on the same areas), the same colour-blind-safe colours, "geen gegevens" hatched on light grey,
and the NPVR regions outlined. It is drawn on a :class:`matplotlib.figure.Figure` with the Agg
canvas, never through ``pyplot``, so calls share no global state and can run in threads.
"""

from __future__ import annotations

import io
import os
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from matplotlib import patheffects
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.collections import PathCollection
from matplotlib.figure import Figure
from matplotlib.patches import Patch

from .. import formatting, palettes
from ..data import Monitor
from ..errors import UnknownKeyError
from ..maps import LEVELS, OUTSIDE_TEXT, SCHEMES, Classes, indicator_classes
from .map_geometry import ReportGeometry, geometry_for
from .defaults import DEFAULT_DPI  # re-exported; defined in a light module for the CLI parser
from .output import deliver, output_dir, write_bytes_atomically

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
READING = {
    "higher": ["Donkerder = gunstiger", "(hoger is beter)"],
    "lower": ["Donkerder = gunstiger", "(lager is beter)"],
    "neutral": ["Neutrale indicator:", "donkerder = hoger"],
}
NATIONAL_READING = {
    "higher": ["Blauw = gunstiger, rood =", "ongunstiger dan NL (hoger beter)"],
    "lower": ["Blauw = gunstiger, rood =", "ongunstiger dan NL (lager beter)"],
    "neutral": ["Neutraal: paars = hoger,", "oranje = lager dan Nederland"],
}


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


def resolve_year(monitor: Monitor, indicator_id: str, year: int | None) -> int:
    """The year to show: ``year`` if the indicator has data then, the latest year if None.

    Raises
    ------
    UnknownKeyError
        If the indicator is unknown, has no data at all, or none in ``year`` (listing the years).
    """
    years = monitor.years(indicator_id)
    if not years:
        raise UnknownKeyError(f"Indicator {indicator_id!r} has no values in this snapshot.")
    if year is None:
        return years[-1]
    if int(year) not in years:
        raise UnknownKeyError(f"Indicator {indicator_id!r} has no values for {year}. "
                              f"Years with values: {', '.join(str(y) for y in years)}.")
    return int(year)


def _check_level(level: str) -> str:
    if level not in LEVELS:
        raise UnknownKeyError(f"Unknown map level {level!r}; use one of {', '.join(LEVELS)}.")
    return level


def _style(style: str | MapStyle) -> MapStyle:
    if isinstance(style, MapStyle):
        return style
    if style not in STYLES:
        raise UnknownKeyError(f"Unknown map style {style!r}; use one of {', '.join(STYLES)}.")
    return STYLES[style]


def map_values(monitor: Monitor, geometry: ReportGeometry, indicator_id: str, year: int,
               level: str) -> tuple[list[str], np.ndarray]:
    """The areas of the map and their values, aligned as the web map aligns them.

    Returns
    -------
    tuple
        ``(codes, values)``: the 342 gemeenten of the boundary file for ``"gemeente"``, the NPVR
        regions for ``"regio"``; values NaN where missing.
    """
    rows = monitor.table(indicator_id, year, level)
    lookup = dict(zip(rows["code"].astype(str), rows["value"].astype(float)))
    codes = list(geometry.codes) if level == "gemeente" else list(geometry.region_paths)
    return codes, np.array([lookup.get(c, np.nan) for c in codes], dtype=float)


def map_classes(monitor: Monitor, indicator_id: str, year: int | None = None, level: str = "gemeente",
                scheme: str = "national", k: int | None = None) -> Classes | None:
    """The classes of the static map: those of the web map (same areas, :func:`monitor.maps.classify`).

    Returns
    -------
    Classes or None
        None when the year has no value at this level.
    """
    indicator = monitor.indicator(indicator_id)
    _check_level(level)
    year = resolve_year(monitor, indicator_id, year)
    _codes, values = map_values(monitor, geometry_for(monitor), indicator_id, year, level)
    return indicator_classes(monitor, indicator_id, year, values, level, scheme, k)


def _collection(paths, face, style: MapStyle, **kwargs) -> PathCollection:
    return PathCollection(paths, facecolors=face, edgecolors=kwargs.pop("edgecolors", EDGE_COLOUR),
                          linewidths=kwargs.pop("linewidths", style.edge), **kwargs)


def _missing(paths, style: MapStyle, edgecolors=EDGE_COLOUR, linewidths=None) -> PathCollection:
    coll = PathCollection(paths, facecolors=palettes.MISSING_COLOUR, edgecolors=edgecolors,
                          linewidths=style.edge if linewidths is None else linewidths, hatch=HATCH)
    coll.set_hatchcolor(palettes.MISSING_HATCH)
    coll.set_hatch_linewidth(max(0.5, style.edge * 2))
    return coll


def _fills(classes: Classes | None, values: np.ndarray) -> tuple[list[str | None], np.ndarray]:
    """Class colour per value (None when missing) and the missing mask."""
    missing = np.isnan(values)
    if classes is None:
        return [None] * len(values), missing
    idx = classes.index(values)
    return [classes.colours[i] if i >= 0 else None for i in idx], missing


def _draw_gemeenten(ax, geometry: ReportGeometry, values: np.ndarray, classes, region: str | None,
                    style: MapStyle) -> None:
    fills, missing = _fills(classes, values)
    inside = np.array([region is None or r == region for r in geometry.region_ids])
    paths = geometry.paths
    shown = [i for i in range(len(paths)) if inside[i] and not missing[i]]
    gaps = [i for i in range(len(paths)) if inside[i] and missing[i]]
    context = [i for i in range(len(paths)) if not inside[i]]
    edges = {"edgecolors": ZOOM_EDGE_COLOUR, "linewidths": style.edge * 1.4} if region else {}
    if context:
        ax.add_collection(_collection([paths[i] for i in context], CONTEXT_COLOUR, style))
    if shown:
        ax.add_collection(_collection([paths[i] for i in shown], [fills[i] for i in shown], style, **edges))
    if gaps:
        ax.add_collection(_missing([paths[i] for i in gaps], style, **edges))
    outlined = [region] if region else list(geometry.region_paths)
    ax.add_collection(PathCollection([geometry.region_paths[r] for r in outlined], facecolors="none",
                                     edgecolors=palettes.OUTLINE_COLOUR,
                                     linewidths=style.outline * (1.4 if region else 1.0)))


def _draw_regions(ax, geometry: ReportGeometry, codes: list[str], values: np.ndarray, classes, region: str | None,
                  style: MapStyle) -> None:
    outside = [p for p, r in zip(geometry.paths, geometry.region_ids) if r is None]
    ax.add_collection(_collection(outside, palettes.OUTSIDE_COLOUR, style))
    fills, missing = _fills(classes, values)
    shown = [i for i in range(len(codes)) if not missing[i]]
    gaps = [i for i in range(len(codes)) if missing[i]]
    if shown:
        ax.add_collection(_collection([geometry.region_paths[codes[i]] for i in shown], [fills[i] for i in shown],
                                      style, edgecolors=palettes.OUTLINE_COLOUR, linewidths=style.outline * 0.8))
    if gaps:
        ax.add_collection(_missing([geometry.region_paths[codes[i]] for i in gaps], style,
                                   edgecolors=palettes.OUTLINE_COLOUR, linewidths=style.outline * 0.8))
    if region:
        ax.add_collection(PathCollection([geometry.region_paths[region]], facecolors="none",
                                         edgecolors=palettes.OUTLINE_COLOUR, linewidths=style.outline * 1.6))


def _draw_labels(ax, geometry: ReportGeometry, region: str, style: MapStyle) -> None:
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


def _set_extent(ax, geometry: ReportGeometry, region: str | None, box: tuple[float, float]) -> None:
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


def _width(fig: Figure, text: str, size: float, weight: str = "normal") -> float:
    """Width of ``text`` in inches at ``size`` points."""
    probe = fig.text(0, 0, text, fontsize=size, fontweight=weight)
    width = probe.get_window_extent(fig.canvas.get_renderer()).width / fig.dpi
    probe.remove()
    return width


def _wrap(fig: Figure, text: str, size: float, width: float, weight: str = "normal") -> list[str]:
    """Break ``text`` at spaces into lines no wider than ``width`` inches (a single long word stays whole)."""
    lines, current = [], ""
    for word in text.split(" "):
        trial = f"{current} {word}" if current else word
        if current and _width(fig, trial, size, weight) > width:
            lines.append(current)
            current = word
        else:
            current = trial
    return lines + [current]


def _fitting(fig: Figure, candidates: list[str], size: float, width: float) -> str:
    """The first text that fits in ``width`` inches, else the last one."""
    for text in candidates:
        if _width(fig, text, size) <= width:
            return text
    return candidates[-1]


class _Lines:
    """Places lines of text in the figure from the top down (positions in inches), wrapping to ``width``."""

    def __init__(self, fig: Figure, style: MapStyle, x: float, top_in: float, width: float):
        self.fig, self.style, self.x, self.y, self.width = fig, style, x, top_in, width

    def add(self, text: str, size: float, weight: str = "normal", colour: str = TEXT_COLOUR, gap: float = 1.3):
        for line in _wrap(self.fig, text, size, self.width, weight):
            self.fig.text(self.x, 1 - self.y / self.style.height, line, fontsize=size, fontweight=weight,
                          color=colour, ha="left", va="top")
            self.y += size * gap / 72

    @property
    def fraction(self) -> float:
        return 1 - self.y / self.style.height


def _subtitle(monitor: Monitor, level: str, region: str | None, geometry: ReportGeometry) -> str | list[str]:
    """The line under the title; a list means: the first of these that fits."""
    if region is None:
        if level == "gemeente":
            return "Per gemeente (indeling 2025); de elf NPVR-regio's zijn omlijnd"
        return "Per NPVR-regio; gemeenten buiten de regio's in grijs"
    name = monitor.regions.name(region)
    if level == "gemeente":
        count = sum(1 for r in geometry.region_ids if r == region)
        return [f"{name}: {count} gemeenten; klassen over alle gemeenten van Nederland",
                f"{name}: {count} gemeenten; landelijke klassen", f"{name}: {count} gemeenten"]
    return f"Per NPVR-regio, ingezoomd op {name}"


def render_map_figure(monitor: Monitor, indicator_id: str, year: int | None = None, level: str = "gemeente",
                      region: str | None = None, *, style: str | MapStyle = "slide",
                      scheme: str = "national", k: int | None = None) -> Figure:
    """Draw the map of one indicator and year on a new matplotlib Figure (Agg canvas).

    Parameters
    ----------
    monitor
        The loaded monitor.
    indicator_id
        Catalogue id of the indicator.
    year
        Year to show; None for the latest year with values.
    level
        ``"gemeente"`` (gemeenten coloured, NPVR regions outlined) or ``"regio"`` (regions
        coloured, the rest of the country grey), as on the web map.
    region
        Region id to zoom to (its gemeenten and outline; other gemeenten plain grey at gemeente
        level); None for all of Nederland.
    style
        ``"slide"`` (13.33 x 7.5 in), ``"compact"`` (for the PDF) or a :class:`MapStyle`.
    scheme, k
        Classification as on the web map (:func:`monitor.maps.classify`); ``k`` defaults to 5
        classes for gemeenten and 4 for regions.

    Returns
    -------
    matplotlib.figure.Figure

    Raises
    ------
    UnknownKeyError
        For an unknown indicator, level, region, style or scheme, or a year without values.
    """
    indicator = monitor.indicator(indicator_id)
    _check_level(level)
    if region is not None:
        monitor.regions.check(region)
    if scheme not in SCHEMES:
        raise UnknownKeyError(f"Unknown classification {scheme!r}; use one of {', '.join(SCHEMES)}.")
    look = _style(style)
    year = resolve_year(monitor, indicator_id, year)
    geometry = geometry_for(monitor)
    codes, values = map_values(monitor, geometry, indicator_id, year, level)
    classes = indicator_classes(monitor, indicator_id, year, values, level, scheme, k)

    fig = Figure(figsize=(look.width, look.height), facecolor="white")
    FigureCanvasAgg(fig)
    margin = 0.25 * look.width / SLIDE.width * 1.6
    left = margin / look.width
    text = _Lines(fig, look, left, margin * 0.8, look.width - 2 * margin)
    text.add(f"{indicator.title}, {year}", look.title, weight="bold", gap=1.35)
    subtitle = _subtitle(monitor, level, region, geometry)
    if isinstance(subtitle, list):
        subtitle = _fitting(fig, subtitle, look.subtitle, text.width)
    text.add(subtitle, look.subtitle, colour=NOTE_COLOUR, gap=1.5)
    map_top = text.fraction
    source = _source_text(fig, monitor.vintage, look, look.map_width - left)
    lines = source.count("\n") + 1
    bottom = (margin * 0.6 + look.source * (0.4 + 1.2 * lines) / 72) / look.height
    box = (left * 0.4, bottom, look.map_width - left * 0.4, map_top - bottom)
    ax = fig.add_axes(box)
    ax.set_axis_off()
    if level == "gemeente":
        _draw_gemeenten(ax, geometry, values, classes, region, look)
    else:
        _draw_regions(ax, geometry, codes, values, classes, region, look)
    _set_extent(ax, geometry, region, (box[2] * look.width, box[3] * look.height))
    if level == "gemeente" and region and look.label:
        _draw_labels(ax, geometry, region, look)

    panel_x = look.map_width + 0.02
    panel_width = (1 - panel_x) * look.width - margin
    panel = _Lines(fig, look, panel_x, (1 - map_top) * look.height + look.note * 0.3 / 72, panel_width)

    def value_text(value) -> str:  # long units ("per 1 000 inwoners") only in the legend title
        unit = indicator.unit if len(indicator.unit) <= SHORT_UNIT else ""
        return formatting.with_unit(value, unit, indicator.decimals)

    national = monitor.national(indicator_id, year)
    panel.add(f"Nederland: {value_text(None if national is None else national['value'])}", look.note, "bold")
    if region:
        rows = monitor.table(indicator_id, year, "regio")
        own = rows.loc[rows["code"] == region, "value"]
        panel.add(f"{monitor.regions.name(region)}: {value_text(own.iloc[0] if len(own) else None)}",
                  look.note, "bold")
    used = classes.scheme if classes is not None else scheme
    for line in (NATIONAL_READING if used == "national" else READING)[indicator.direction]:
        panel.add(line, look.note, colour=NOTE_COLOUR, gap=1.25)
    n_classes = len(classes.bins) if classes else 0
    panel.add(f"{n_classes} klassen: {SCHEMES[used].split(' (')[0]}", look.note, colour=NOTE_COLOUR, gap=1.7)

    handles, labels = [], []
    if classes is not None:
        for i, (colour, label) in enumerate(zip(classes.colours, classes.labels(indicator.decimals))):
            centre = i == classes.middle
            handles.append(Patch(facecolor=colour, edgecolor="#000000" if centre else "#555555",
                                 linewidth=1.2 if centre else 0.5))
            labels.append(f"{label} (≈ NL)" if centre else label)
    gap_patch = Patch(facecolor=palettes.MISSING_COLOUR, edgecolor="#555555", linewidth=0.5, hatch=HATCH)
    gap_patch.set_hatchcolor(palettes.MISSING_HATCH)
    handles.append(gap_patch)
    labels.append(formatting.MISSING_TEXT)
    if level == "gemeente" and region:
        name = monitor.regions.name(region)
        room = panel_width - 2.6 * look.legend / 72  # minus the swatch and the gap after it
        handles += [Patch(facecolor=CONTEXT_COLOUR, edgecolor="#555555", linewidth=0.5),
                    Patch(facecolor="white", edgecolor=palettes.OUTLINE_COLOUR, linewidth=look.outline)]
        labels += [_fitting(fig, [f"buiten {name}", "buiten de regio"], look.legend, room),
                   _fitting(fig, [f"grens {name}", "regiogrens"], look.legend, room)]
    elif level == "gemeente":
        handles.append(Patch(facecolor="white", edgecolor=palettes.OUTLINE_COLOUR, linewidth=look.outline))
        labels.append("NPVR-regio")
    else:
        handles.append(Patch(facecolor=palettes.OUTSIDE_COLOUR, edgecolor="#555555", linewidth=0.5))
        labels.append(OUTSIDE_TEXT)
    floor = margin * 0.5 / look.height * fig.bbox.height
    for shrink in (1.0, 0.92, 0.84, 0.76):  # a long legend gets smaller rather than cut off
        size = look.legend * shrink
        legend = fig.legend(handles, labels, loc="upper left", bbox_to_anchor=(panel.x - 0.004, panel.fraction),
                            bbox_transform=fig.transFigure, frameon=False, fontsize=size,
                            title="\n".join(_wrap(fig, f"Eenheid: {indicator.unit}", size, panel_width)),
                            title_fontsize=size, alignment="left", handlelength=1.8, handleheight=1.1,
                            borderpad=0, borderaxespad=0, labelspacing=0.4 * shrink)
        if legend.get_window_extent(fig.canvas.get_renderer()).y0 >= floor or shrink == 0.76:
            break
        legend.remove()
    fig.text(left, margin * 0.6 / look.height, source, fontsize=look.source, color=NOTE_COLOUR,
             ha="left", va="bottom", linespacing=1.2)
    return fig


def _source_text(fig: Figure, text: str, style: MapStyle, width: float) -> str:
    """The source line, broken after "; " when it is wider than ``width`` (figure fraction)."""
    too_wide = _width(fig, text, style.source) > width * style.width
    return text.replace("; ", ";\n") if too_wide else text


def map_png_bytes(monitor: Monitor, indicator_id: str, year: int | None = None, level: str = "gemeente",
                  region: str | None = None, *, dpi: int = DEFAULT_DPI, style: str | MapStyle = "slide",
                  scheme: str = "national") -> bytes:
    """The map as PNG bytes (for a download button or a slide).

    Parameters
    ----------
    monitor, indicator_id, year, level, region, style, scheme
        See :func:`render_map_figure`.
    dpi
        Pixels per inch; the slide style at 150 dpi gives 2000 x 1125 pixels.

    Returns
    -------
    bytes
        A PNG image with title, legend, unit and source line.
    """
    fig = render_map_figure(monitor, indicator_id, year, level, region, style=style, scheme=scheme)
    indicator = monitor.indicator(indicator_id)
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=dpi, facecolor="white",
                metadata={"Title": f"{indicator.title} ({indicator.id})", "Source": monitor.vintage,
                          "Copyright": "CBS, CC BY 4.0; grenzen CBS/Kadaster"})
    return buffer.getvalue()


def render_map_png(monitor: Monitor, indicator_id: str, year: int | None = None, level: str = "gemeente",
                   region: str | None = None, *, path_or_buffer, dpi: int = DEFAULT_DPI,
                   style: str | MapStyle = "slide", scheme: str = "national") -> Path | None:
    """Render the map and write it to a file (atomically) or a binary stream.

    Parameters
    ----------
    monitor, indicator_id, year, level, region, dpi, style, scheme
        See :func:`map_png_bytes`.
    path_or_buffer
        A file path (written via a temporary file and a rename: no half-written file on error)
        or an object with ``write``.

    Returns
    -------
    Path or None
        The file written, or None for a stream.
    """
    data = map_png_bytes(monitor, indicator_id, year, level, region, dpi=dpi, style=style, scheme=scheme)
    return deliver(data, path_or_buffer)


def map_file_name(indicator_id: str, year: int, level: str = "gemeente", region: str | None = None) -> str:
    """The default file name, e.g. ``kaart_werkloosheid_2023_gemeente_twente.png``."""
    return f"kaart_{indicator_id}_{year}_{level}" + (f"_{region}" if region else "") + ".png"


def write_map_png(monitor: Monitor, indicator_id: str, out_dir: str | os.PathLike, year: int | None = None,
                  level: str = "gemeente", region: str | None = None, *, dpi: int = DEFAULT_DPI,
                  style: str | MapStyle = "slide", scheme: str = "national") -> Path:
    """Write the map into ``out_dir`` under :func:`map_file_name` and return the path.

    Everything is checked and rendered before the folder is touched; the file is written
    atomically. ``out_dir`` is created if it does not exist.

    Raises
    ------
    UnknownKeyError
        For unknown input (see :func:`render_map_figure`).
    OutputError
        If ``out_dir`` is not a writable folder.
    """
    shown_year = resolve_year(monitor, indicator_id, year)
    data = map_png_bytes(monitor, indicator_id, shown_year, level, region, dpi=dpi, style=style, scheme=scheme)
    folder = output_dir(out_dir)
    return write_bytes_atomically(folder / map_file_name(indicator_id, shown_year, level, region), data)
