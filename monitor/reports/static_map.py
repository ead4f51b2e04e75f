"""Static maps (PNG) of one indicator and year, for slides and for the regional PDF.

The map shows what the app's web map shows: the same model (:func:`monitor.maps.model.map_model`:
the same classes on the same areas), the same colour-blind-safe colours, "geen gegevens" hatched
on light grey, and the NPVR regions outlined. :func:`draw_map` draws a model and nothing else;
:func:`render_map_figure` asks the monitor for it. No folium is imported on this path. It is
drawn on a :class:`matplotlib.figure.Figure` with the Agg canvas, never through ``pyplot``, so
calls share no global state and can run in threads.
"""

from __future__ import annotations

import io
import os
from pathlib import Path

import numpy as np
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.patches import Patch

from .. import palettes, wording
from ..data import Monitor
from ..errors import UnknownKeyError
from ..maps.classes import SCHEMES, Classes, check_level, reading, scheme_name
from ..maps.model import MapModel, map_model
# COMPACT, SLIDE and MapStyle are part of this module's public names (monitor.reports, region_pdf).
from .map_drawing import (COMPACT, CONTEXT_COLOUR, HATCH, NOTE_COLOUR, SHORT_UNIT, SLIDE, STYLES, Lines, MapStyle,  # noqa: F401
                          draw_gemeenten, draw_labels, draw_regions, fitting, set_extent, text_width, wrap)
from .shapes import ReportGeometry, geometry_for
from .defaults import DEFAULT_DPI  # re-exported; defined in a light module for the CLI parser
from .output import deliver, output_dir, write_bytes_atomically


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
    return check_level(level, "Unknown map level {level!r}; use one of {levels}.")


def _style(style: str | MapStyle) -> MapStyle:
    if isinstance(style, MapStyle):
        return style
    if style not in STYLES:
        raise UnknownKeyError(f"Unknown map style {style!r}; use one of {', '.join(STYLES)}.")
    return STYLES[style]

def map_model_for(monitor: Monitor, indicator_id: str, year: int, level: str, scheme: str = "national",
                  k: int | None = None, geometry: ReportGeometry | None = None) -> MapModel:
    """The model of the static map: that of the web map, on the areas of ``geometry`` (default: the monitor's)."""
    areas = (geometry or geometry_for(monitor)).model_areas
    return map_model(monitor, areas.gemeente_frame(), areas.region_frame(), indicator_id, year, level, scheme, k)


def map_values(monitor: Monitor, geometry: ReportGeometry, indicator_id: str, year: int,
               level: str) -> tuple[list[str], np.ndarray]:
    """The areas of the map and their values, aligned as the web map aligns them.

    Returns
    -------
    tuple
        ``(codes, values)``: the 342 gemeenten of the boundary file for ``"gemeente"``, the NPVR
        regions for ``"regio"``; values NaN where missing.
    """
    areas = map_model_for(monitor, indicator_id, year, level, geometry=geometry).areas
    return areas["code"].tolist(), areas["value"].to_numpy(dtype=float)


def map_classes(monitor: Monitor, indicator_id: str, year: int | None = None, level: str = "gemeente",
                scheme: str = "national", k: int | None = None) -> Classes | None:
    """The classes of the static map: those of the web map (same model, :mod:`monitor.maps.classes`).

    Returns
    -------
    Classes or None
        None when the year has no value at this level.
    """
    monitor.indicator(indicator_id)
    _check_level(level)
    year = resolve_year(monitor, indicator_id, year)
    return map_model_for(monitor, indicator_id, year, level, scheme, k).classes


def _subtitle(level: str, region: str | None, region_name: str | None,
              geometry: ReportGeometry) -> str | list[str]:
    """The line under the title; a list means: the first of these that fits."""
    if region is None:
        if level == "gemeente":
            return "Per gemeente (indeling 2025); de elf NPVR-regio's zijn omlijnd"
        return "Per NPVR-regio; gemeenten buiten de regio's in grijs"
    name = region_name
    if level == "gemeente":
        count = sum(1 for r in geometry.region_ids if r == region)
        return [f"{name}: {count} gemeenten; klassen over alle gemeenten van Nederland",
                f"{name}: {count} gemeenten; landelijke klassen", f"{name}: {count} gemeenten"]
    return f"Per NPVR-regio, ingezoomd op {name}"


def render_map_figure(monitor: Monitor, indicator_id: str, year: int | None = None, level: str = "gemeente",
                      region: str | None = None, *, style: str | MapStyle = "slide",
                      scheme: str = "national", k: int | None = None) -> Figure:
    """Draw the map of one indicator and year on a new matplotlib Figure (Agg canvas).

    Checks the request, asks the monitor for the map's model (:func:`map_model_for`) and draws it
    with :func:`draw_map`.

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
        Classification as on the web map (:mod:`monitor.maps.classes`); ``k`` defaults to 5
        classes for gemeenten and 4 for regions.

    Returns
    -------
    matplotlib.figure.Figure

    Raises
    ------
    UnknownKeyError
        For an unknown indicator, level, region, style or scheme, or a year without values.
    """
    monitor.indicator(indicator_id)
    _check_level(level)
    if region is not None:
        monitor.regions.check(region)
    if scheme not in SCHEMES:
        raise UnknownKeyError(f"Unknown classification {scheme!r}; use one of {', '.join(SCHEMES)}.")
    look = _style(style)
    year = resolve_year(monitor, indicator_id, year)
    geometry = geometry_for(monitor)
    model = map_model_for(monitor, indicator_id, year, level, scheme, k, geometry)
    region_name = None if region is None else monitor.regions.name(region)
    return draw_map(model, geometry, region=region, region_name=region_name, source=monitor.vintage, style=look)


def draw_map(model: MapModel, geometry: ReportGeometry, *, region: str | None = None, region_name: str | None = None,
             source: str = "", style: MapStyle = SLIDE) -> Figure:
    """Draw a map model on a new matplotlib Figure (Agg canvas): title, map, legend panel, source line.

    Parameters
    ----------
    model
        What the map shows, made for ``geometry.model_areas`` (:func:`map_model_for`).
    geometry
        The areas as paths (:func:`monitor.reports.shapes.geometry_for`).
    region, region_name
        Region id (and name) to zoom to; None for all of Nederland.
    source
        The source line under the map (the data vintage).
    style
        Size and fonts.

    Returns
    -------
    matplotlib.figure.Figure
    """
    indicator, year, level, classes, look = model.indicator, model.year, model.level, model.classes, style
    codes, values = model.areas["code"].tolist(), model.areas["value"].to_numpy(dtype=float)

    fig = Figure(figsize=(look.width, look.height), facecolor="white")
    FigureCanvasAgg(fig)
    margin = 0.25 * look.width / SLIDE.width * 1.6
    left = margin / look.width
    text = Lines(fig, look, left, margin * 0.8, look.width - 2 * margin)
    text.add(f"{indicator.title}, {year}", look.title, weight="bold", gap=1.35)
    subtitle = _subtitle(level, region, region_name, geometry)
    if isinstance(subtitle, list):
        subtitle = fitting(fig, subtitle, look.subtitle, text.width)
    text.add(subtitle, look.subtitle, colour=NOTE_COLOUR, gap=1.5)
    map_top = text.fraction
    source = _source_text(fig, source, look, look.map_width - left)
    lines = source.count("\n") + 1
    bottom = (margin * 0.6 + look.source * (0.4 + 1.2 * lines) / 72) / look.height
    box = (left * 0.4, bottom, look.map_width - left * 0.4, map_top - bottom)
    ax = fig.add_axes(box)
    ax.set_axis_off()
    if level == "gemeente":
        draw_gemeenten(ax, geometry, values, classes, region, look, model.low_coverage)
    else:
        draw_regions(ax, geometry, codes, values, classes, region, look, model.low_coverage)
    set_extent(ax, geometry, region, (box[2] * look.width, box[3] * look.height))
    if level == "gemeente" and region and look.label:
        draw_labels(ax, geometry, region, look)

    panel_x = look.map_width + 0.02
    panel_width = (1 - panel_x) * look.width - margin
    panel = Lines(fig, look, panel_x, (1 - map_top) * look.height + look.note * 0.3 / 72, panel_width)

    def value_text(value) -> str:  # long units ("per 1 000 inwoners") only in the legend title
        unit = indicator.unit if len(indicator.unit) <= SHORT_UNIT else ""
        return wording.with_unit(value, unit, indicator.decimals)

    panel.add(f"Nederland: {value_text(model.national)}", look.note, "bold")
    if region:
        panel.add(f"{region_name}: {value_text(model.region_values.get(region))}", look.note, "bold")
    for line in reading(classes, model.scheme, indicator.direction, short=True):
        panel.add(line, look.note, colour=NOTE_COLOUR, gap=1.25)
    n_classes = len(classes.bins) if classes else 0
    used = classes.scheme if classes is not None else model.scheme
    panel.add(f"{n_classes} klassen: {scheme_name(used)}", look.note, colour=NOTE_COLOUR, gap=1.7)
    handles, labels = _legend_items(fig, model, region_name if region else None, look, panel_width)
    floor = margin * 0.5 / look.height * fig.bbox.height
    for shrink in (1.0, 0.92, 0.84, 0.76):  # a long legend gets smaller rather than cut off
        size = look.legend * shrink
        legend = fig.legend(handles, labels, loc="upper left", bbox_to_anchor=(panel.x - 0.004, panel.fraction),
                            bbox_transform=fig.transFigure, frameon=False, fontsize=size,
                            title="\n".join(wrap(fig, f"Eenheid: {indicator.unit}", size, panel_width)),
                            title_fontsize=size, alignment="left", handlelength=1.8, handleheight=1.1,
                            borderpad=0, borderaxespad=0, labelspacing=0.4 * shrink)
        if legend.get_window_extent(fig.canvas.get_renderer()).y0 >= floor or shrink == 0.76:
            break
        legend.remove()
    fig.text(left, margin * 0.6 / look.height, source, fontsize=look.source, color=NOTE_COLOUR,
             ha="left", va="bottom", linespacing=1.2)
    return fig


def _legend_items(fig: Figure, model: MapModel, zoomed_name: str | None, look: MapStyle,
                  panel_width: float) -> tuple[list[Patch], list[str]]:
    """Matplotlib swatches and labels of the model's legend entries; a zoomed gemeente map names its region."""
    handles, labels = [], []
    for entry in model.legend_entries():
        if entry.kind in ("class", "centre"):
            centre = entry.kind == "centre"
            handles.append(Patch(facecolor=entry.colour, edgecolor="#000000" if centre else "#555555",
                                 linewidth=1.2 if centre else 0.5))
            labels.append(f"{entry.label} (≈ NL)" if centre else entry.label)
        elif entry.kind == "missing":
            gap_patch = Patch(facecolor=entry.colour, edgecolor="#555555", linewidth=0.5, hatch=HATCH)
            gap_patch.set_hatchcolor(palettes.MISSING_HATCH)
            handles.append(gap_patch)
            labels.append(entry.label)
        elif entry.kind == "outline" and zoomed_name:
            room = panel_width - 2.6 * look.legend / 72  # minus the swatch and the gap after it
            handles += [Patch(facecolor=CONTEXT_COLOUR, edgecolor="#555555", linewidth=0.5),
                        Patch(facecolor="white", edgecolor=entry.colour, linewidth=look.outline)]
            labels += [fitting(fig, [f"buiten {zoomed_name}", "buiten de regio"], look.legend, room),
                       fitting(fig, [f"grens {zoomed_name}", "regiogrens"], look.legend, room)]
        elif entry.kind == "outline":
            handles.append(Patch(facecolor="white", edgecolor=entry.colour, linewidth=look.outline))
            labels.append(entry.label)
        else:
            handles.append(Patch(facecolor=entry.colour, edgecolor="#555555", linewidth=0.5))
            labels.append(entry.label)
    return handles, labels


def _source_text(fig: Figure, text: str, style: MapStyle, width: float) -> str:
    """The source line, broken after "; " when it is wider than ``width`` (figure fraction)."""
    too_wide = text_width(fig, text, style.source) > width * style.width
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
