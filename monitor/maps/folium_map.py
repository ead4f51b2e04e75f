"""The web map: draws a :class:`~monitor.maps.model.MapModel` with folium on the encoded WGS84 shapes.

Nothing here imports Streamlit, so the same map serves the app and standalone HTML. Leaflet is
the only script the map needs; pass ``asset_url`` to load it from the app's own server instead
of a CDN. :func:`choropleth` is the convenience that asks the monitor for the model first.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import folium
import pandas as pd

from .. import palettes, wording
from ..errors import UnknownKeyError
from .folium_elements import EncodedLayer, FitCountry, FitRegion, Legend, MapSetup, RegionLabels, Style
from .classes import (CENTRE_TEXT, DEFAULT_SCHEME, HATCH_FILL, NOT_COMPARED_TEXT, OUTSIDE_TEXT, Classes,
                          check_level, reading, scheme_name)
from .geometry import NATIONAL_VIEW
from .model import INTERVAL_COLUMNS, MapModel, low_coverage, map_model
from .web_geometry import MapGeometry

if TYPE_CHECKING:
    from ..data import Monitor

LABEL_MIN_ZOOM = 8.5
"""On the gemeente map, region names appear from this zoom (zoomed to a region); always on the region map."""
LEAFLET_CDN = "https://cdn.jsdelivr.net/npm/leaflet@1.9.3/dist"
"""Leaflet 1.9.3, the version folium 0.20 is written for."""
VALUES_PANE = "npvrValues"
"""The Leaflet pane of the coloured areas: below the outlines and labels, whatever the order they are added in."""


def _escape(text) -> str:
    return (str(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;"))


def legend_html(model: MapModel, national: str | None = None) -> str:
    """The legend as HTML: title, unit and year, class swatches, "geen gegevens" and outlines.

    With classes against Nederland (``classes.scheme == "national"``) the national value is a
    line of its own and marks the class around it (*gelijk aan Nederland*).

    Parameters
    ----------
    model
        The map's content (its :meth:`MapModel.legend_entries`).
    national
        Nederland's value as text (e.g. ``"20,8%"``), or None when there is none.
    """
    indicator, classes = model.indicator, model.classes
    lines = [f'<div class="title">{_escape(indicator.title)}</div>',
             f"<div>{_escape(indicator.unit)} · {model.year}</div>"]
    if national is not None:
        lines.append(f'<div class="nl">Nederland: {_escape(national)}</div>')
    for entry in model.legend_entries():
        if entry.kind == "centre":
            lines.append(f'<div class="centre"><span class="sw" style="background:{entry.colour};border:2px solid #000">'
                         f'</span>{_escape(entry.label)}<div class="sub">{CENTRE_TEXT}</div></div>')
        elif entry.kind == "class":
            lines.append(f'<div><span class="sw" style="background:{entry.colour}"></span>{_escape(entry.label)}</div>')
        elif entry.kind == "missing":
            hatch = f"repeating-linear-gradient(45deg,{palettes.MISSING_HATCH} 0 2px,{entry.colour} 2px 7px)"
            lines.append(f'<div><span class="sw" style="background:{hatch}"></span>{entry.label}</div>')
        elif entry.kind == "low_coverage":
            lines.append(f'<div><span class="sw" style="background:{entry.colour}"></span>{_escape(entry.label)}</div>')
        elif entry.kind == "outside":
            lines.append(f'<div><span class="sw" style="background:{entry.colour}"></span>{entry.label}</div>')
        else:
            lines.append(f'<div><span class="sw" style="background:#fff;border:3px solid #000"></span>{entry.label}</div>')
    used = classes.scheme if classes is not None else model.scheme
    note = f"{reading(classes, model.scheme, indicator.direction)}; klassen: {scheme_name(used)}"
    if model.scheme == "national" and used != "national":
        note += f" {NOT_COMPARED_TEXT}"
    lines.append(f'<div class="note">{_escape(note)}</div>')
    return "".join(lines)


@dataclass
class Choropleth:
    """A built map with what it shows.

    Attributes
    ----------
    map
        The folium map (render with ``map.get_root().render()`` or streamlit-folium).
    classes
        The classes, or None if the year has no value at all.
    table
        The shown areas: ``code``, ``name``, ``region``, ``value``, ``diff``, ``coverage``, ``fill``.
    legend
        The legend's HTML.
    layer
        The coloured areas (also on ``map`` unless it was rendered with ``values_apart``).
    """

    map: folium.Map | None
    classes: Classes | None
    table: pd.DataFrame
    legend: str
    layer: EncodedLayer


def coverage_text(coverage, of: str = "de inwoners") -> str:
    """The covered share of inhabitants in words (tooltips, tables): ``"52% van de inwoners"``.

    ``of``: what the share is of (``"het land"`` for area indicators, whose coverage is a share of land).
    """
    from ..compute.compare import MIN_COVERAGE_FOR_VERDICT

    if coverage is None or pd.isna(coverage):
        return wording.DASH
    if coverage >= 1 - 1e-9:
        return "volledig"
    text = f"{wording.number(100 * coverage, 0)}% van {of}"
    return text + (" (geen oordeel, geen rang)" if coverage < MIN_COVERAGE_FOR_VERDICT - 1e-12 else "")


def _shown_table(model: MapModel, geometry: MapGeometry) -> pd.DataFrame:
    """The model's areas beside their encoded shapes (the rows are in the geometry's order)."""
    values = model.areas[["code", "value", "diff", "coverage", *(c for c in INTERVAL_COLUMNS if c in model.areas)]]
    if model.level == "gemeente":
        out = geometry.gemeenten[["code", "name", "region_id", "shape"]].merge(values, on="code", how="left")
    else:
        out = geometry.regions.rename(columns={"region_id": "code"}).merge(values, on="code", how="left")
        out["region_id"] = out["code"]
    named = model.areas.dropna(subset=["region_id"])
    out["region"] = out["region_id"].map(dict(zip(named["region_id"], named["region"])))
    return out


def base_map(geometry: MapGeometry, level: str, *, asset_url: str | None = None, height: int = 650,
             font_scale: float = 1.0, highlight: str | None = None, fill_frame: bool = False) -> folium.Map:
    """The part of a map that is the same for every indicator and year: outlines, labels, view.

    The app keeps this map in the browser and swaps only the values layer
    (:func:`values_layer`) when the user picks another indicator, year or classification.

    Parameters
    ----------
    geometry
        The encoded shapes (:func:`monitor.maps.web_geometry.web_geometry`).
    level
        ``"gemeente"`` (region outlines over the gemeenten) or ``"regio"`` (the country outside
        the regions grey).
    asset_url, height, font_scale, highlight
        As in :func:`render`.
    fill_frame
        The map follows the height of its frame (as always with ``highlight``), so that the page can
        size the frame to the screen.

    Returns
    -------
    folium.Map

    Raises
    ------
    UnknownKeyError
        If ``highlight`` is not a region of ``geometry``.
    """
    fmap = folium.Map(location=[52.2, 5.3], zoom_start=7, tiles=None, zoom_snap=0.25, zoom_delta=0.5,
                      min_zoom=6, max_zoom=13, height=height)
    base = asset_url.rstrip("/") if asset_url else LEAFLET_CDN
    fmap.default_js = [("leaflet", f"{base}/leaflet.js")]
    fmap.default_css = [("leaflet_css", f"{base}/leaflet.css")]
    shown = "gemeenten, NPVR-regio's omlijnd" if level == "gemeente" else "de elf NPVR-regio's"
    fmap.add_child(MapSetup("Bron: CBS (CC BY 4.0) · grenzen CBS/Kadaster",
                            f"Kaart van Nederland ({shown}); de kleuren staan uitgelegd in de legenda naast de kaart"))
    fmap.add_child(Style(font_scale, fill_frame=fill_frame or highlight is not None))
    if level == "gemeente":
        outlines = [{"shape": r.shape, "fill": None, "code": r.region_id, "region_id": r.region_id, "tip": []}
                    for r in geometry.regions.itertuples()]
        fmap.add_child(EncodedLayer(outlines, [], {"color": palettes.OUTLINE_COLOUR, "weight": 2.5}))
    else:
        outside = geometry.gemeenten[geometry.gemeenten["region_id"].isna()]
        grey = [{"shape": r.shape, "fill": palettes.OUTSIDE_COLOUR, "code": r.code, "region_id": None,
                 "tip": [r.name, OUTSIDE_TEXT]} for r in outside.itertuples()]
        fmap.add_child(EncodedLayer(grey, ["Gemeente", "Regio"], {"color": "#ffffff", "weight": 0.6,
                                                                    "fillOpacity": 1.0}))
    if highlight is not None:
        marked = geometry.regions[geometry.regions["region_id"] == highlight]
        if marked.empty:
            raise UnknownKeyError(f"Onbekende regio {highlight!r}; kies uit {', '.join(geometry.regions['region_id'])}.")
        fmap.add_child(EncodedLayer([{"shape": marked.iloc[0]["shape"], "fill": None, "code": highlight,
                                      "region_id": highlight, "tip": []}], [],
                                    {"color": palettes.OUTLINE_COLOUR, "weight": 6}))
    labels = [{"lat": r.label_lat, "lon": r.label_lon, "name": r.name} for r in geometry.regions.itertuples()
              if highlight is None or r.region_id == highlight]
    fmap.add_child(RegionLabels(labels, None if level == "regio" or highlight else LABEL_MIN_ZOOM))
    _share_shapes(fmap, geometry)
    if highlight is None:
        fmap.add_child(FitCountry(geometry.bounds[NATIONAL_VIEW]))
        fmap.fit_bounds(geometry.bounds[NATIONAL_VIEW])
    else:
        fmap.add_child(FitRegion(geometry.bounds[highlight]))
    return fmap


def _share_shapes(fmap: folium.Map, geometry: MapGeometry) -> None:
    if geometry.shapes_url:
        index = geometry.shape_index()
        for child in fmap._children.values():
            if isinstance(child, EncodedLayer):
                child.use_shared_shapes(geometry.shapes_url, index)


def values_layer(model: MapModel, geometry: MapGeometry, table: pd.DataFrame) -> EncodedLayer:
    """The coloured areas of a map model with their tooltips, in a pane below the outlines.

    Parameters
    ----------
    model
        What the map shows.
    geometry
        The encoded shapes the model was made for.
    table
        :func:`_shown_table` of the model with its ``fill`` colours.

    Returns
    -------
    EncodedLayer
        Marked ``indicator|year|level|scheme`` on the map container once drawn
        (``data-npvr-values``), so that a page or test can tell which values the map shows.
    """
    indicator, year = model.indicator, model.year

    def fmt(value, lower=None, upper=None) -> str:  # with CBS's 95 % interval in the years it has bounds
        return wording.value_with_interval(indicator, value, lower, upper)

    def fmt_diff(value) -> str:
        text = wording.with_unit(value, wording.diff_unit(indicator.unit), indicator.decimals, signed=True)
        return wording.DASH if text == wording.MISSING_TEXT else text

    def bounds(row) -> tuple:
        return getattr(row, "lower_95", None), getattr(row, "upper_95", None)

    value_label = f"Waarde {year}"
    covered_of = wording.coverage_base(indicator)
    if model.level == "gemeente":
        rows = [{"shape": r.shape, "fill": r.fill, "code": r.code, "region_id": r.region_id,
                 "tip": [r.name, r.region if isinstance(r.region, str) else OUTSIDE_TEXT,
                         fmt(r.value, *bounds(r)), fmt_diff(r.diff)]}
                for r in table.itertuples()]
        layer = EncodedLayer(rows, ["Gemeente", "Regio", value_label, "Verschil met Nederland"],
                             {"color": "#ffffff", "weight": 0.6, "fillOpacity": 0.9}, zoom_to=geometry.bounds,
                             pane=VALUES_PANE)
    else:
        rows = [{"shape": r.shape, "fill": r.fill, "code": r.code, "region_id": r.region_id,
                 "tip": [r.name, fmt(r.value, *bounds(r)), fmt_diff(r.diff), coverage_text(r.coverage, covered_of)]}
                for r in table.itertuples()]
        layer = EncodedLayer(rows, ["Regio", value_label, "Verschil met Nederland", "Dekking"],
                             {"color": palettes.OUTLINE_COLOUR, "weight": 2.0, "fillOpacity": 0.95},
                             zoom_to=geometry.bounds, pane=VALUES_PANE)
    layer.mark = f"{indicator.id}|{year}|{model.level}|{model.scheme}"
    if geometry.shapes_url:
        layer.use_shared_shapes(geometry.shapes_url, geometry.shape_index())
    return layer


def render(model: MapModel, geometry: MapGeometry, *, asset_url: str | None = None, height: int = 650,
           font_scale: float = 1.0, highlight: str | None = None, legend_inside: bool = True,
           values_apart: bool = False) -> Choropleth:
    """Draw a map model as a folium map.

    Parameters
    ----------
    model
        What the map shows (:func:`monitor.maps.model.map_model`, made for ``geometry``'s areas).
    geometry
        The encoded shapes (:func:`monitor.maps.web_geometry.web_geometry`).
    asset_url
        Where ``leaflet.js`` and ``leaflet.css`` are served (e.g. ``/app/static/leaflet``);
        default the jsDelivr CDN.
    height
        Map height in pixels (used for standalone HTML).
    font_scale
        Enlarges legend and tooltip type (e.g. 1.5 for the meeting mode's big screen).
    highlight
        A region id to draw with a thick outline (the meeting mode's region); the map then opens
        fitted to that region, with its name on it, and fills the height of its frame (which the
        meeting mode sizes to the screen).
    legend_inside
        Draw the legend on the map (standalone HTML); the app shows ``Choropleth.legend`` beside the
        map instead, so that it never hides land.
    values_apart
        Leave the values layer off the map: ``Choropleth.map`` is then None and the app draws
        ``Choropleth.layer`` on a :func:`base_map` that stays in the browser.

    Returns
    -------
    Choropleth
    """
    indicator, classes = model.indicator, model.classes
    table = _shown_table(model, geometry)
    table["fill"] = classes.colour(table["value"]) if classes else HATCH_FILL
    table.loc[low_coverage(table["coverage"]) & table["value"].notna(), "fill"] = palettes.LOW_COVERAGE_COLOUR
    layer = values_layer(model, geometry, table)
    national = None if model.national is None else wording.indicator_value(
        model.national, indicator.unit, indicator.decimals, indicator.title)
    html = legend_html(model, national)
    fmap = None
    if not values_apart:
        fmap = base_map(geometry, model.level, asset_url=asset_url, height=height, font_scale=font_scale,
                        highlight=highlight)
        fmap.add_child(layer)
        if legend_inside:
            fmap.add_child(Legend(html))
    shown = table.drop(columns=["shape", "region_id"])
    return Choropleth(map=fmap, classes=classes, table=shown, legend=html, layer=layer)


def choropleth(monitor: Monitor, geometry: MapGeometry, indicator_id: str, year: int, level: str = "gemeente",
               scheme: str = DEFAULT_SCHEME, k: int | None = None, **options) -> Choropleth:
    """Build the choropleth of one indicator and year: :func:`map_model`, then :func:`render`.

    Parameters
    ----------
    monitor
        The loaded monitor.
    geometry
        From :func:`monitor.maps.web_geometry.web_geometry` (made once).
    indicator_id, year
        What to show.
    level
        ``"gemeente"`` (all gemeenten, regions as outlines) or ``"regio"`` (regions filled,
        the rest of the country grey).
    scheme, k
        Classification (see :func:`monitor.maps.classes.indicator_classes`: ``"national"`` colours
        against Nederland where the indicator compares); ``k`` defaults per level.
    **options
        ``asset_url``, ``height``, ``font_scale``, ``highlight``, ``legend_inside`` of :func:`render`.

    Returns
    -------
    Choropleth
    """
    check_level(level)
    model = map_model(monitor, geometry.gemeenten, geometry.regions, indicator_id, year, level, scheme, k)
    return render(model, geometry, **options)


def to_html(chart: Choropleth) -> str:
    """The map as a standalone HTML page (for reports and for measuring the payload)."""
    return chart.map.get_root().render()
