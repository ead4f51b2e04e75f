"""One map model: areas built once per monitor, classes and legend as data, folium and matplotlib as renderers.

The web map (folium), the static map (matplotlib) and the GeoPackage export draw the same areas
(:mod:`monitor.maps.geometry`) and the same :class:`~monitor.maps.model.MapModel`; the PNG/PDF path
never loads folium.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import geopandas as gpd
import numpy as np
import pytest
import shapely

from monitor.maps import folium_map, geometry as map_geometry, web_geometry
from monitor.exports.writer import write_geopackages
from monitor.maps.model import map_model
from monitor.reports import static_map
from monitor.reports.shapes import geometry_for

ROOT = Path(__file__).resolve().parents[2]
FOLIUM_MODULES = ["folium", "branca", "monitor.maps.folium_map", "monitor.maps.folium_elements",
                  "streamlit_folium", "streamlit"]


def test_png_and_pdf_are_made_without_folium():
    script = (
        "from monitor.data import load_monitor\n"
        "from monitor.reports import map_png_bytes, region_pdf_bytes\n"
        "m = load_monitor()\n"
        "assert map_png_bytes(m, 'werkloosheid', 2023, 'gemeente', 'twente', dpi=40)[:4] == b'\\x89PNG'\n"
        "assert region_pdf_bytes(m, 'twente')[:4] == b'%PDF'\n"
        "import json, sys\nprint(json.dumps(sorted(sys.modules)))")
    out = subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, timeout=180)
    assert out.returncode == 0, out.stderr[-2000:]
    modules = set(json.loads(out.stdout.strip().splitlines()[-1]))
    assert "monitor.maps.model" in modules and "monitor.maps.geometry" in modules  # the one model ...
    assert [m for m in FOLIUM_MODULES if m in modules] == []  # ... without the web renderer


def test_geometry_is_built_once_per_monitor_and_shared(monitor, monkeypatch):
    built = []
    real = map_geometry.build_area_geometry
    monkeypatch.setattr(map_geometry, "build_area_geometry", lambda *a, **k: built.append(a) or real(*a, **k))
    areas = map_geometry.area_geometry(monitor, 100.0)
    assert geometry_for(monitor).model_areas is areas  # the static map draws the cached areas
    assert map_geometry.area_geometry(monitor, 100.0) is areas
    assert web_geometry.web_geometry(monitor) is web_geometry.web_geometry(monitor)
    assert len(built) <= 1  # at most the first call above built anything; every other call was a cache hit
    assert areas.crs.to_epsg() == 28992 and len(areas.codes) == len(areas.gemeenten) == 342
    assert set(areas.regions) == set(monitor.regions.ids())


def test_regions_are_dissolved_from_the_gemeenten_for_every_output(monitor, tmp_path):
    web = web_geometry.web_geometry(monitor)
    report = geometry_for(monitor)
    assert list(web.regions["region_id"]) == list(report.region_paths) == list(monitor.regions.names())
    assert list(web.gemeenten["code"]) == list(report.codes)
    write_geopackages(monitor, tmp_path / "g.gpkg", tmp_path / "r.gpkg")
    regions = gpd.read_file(tmp_path / "r.gpkg")
    areas = map_geometry.area_geometry(monitor)
    for row in regions.itertuples():
        assert shapely.equals(row.geometry, areas.regions[row.regio]), row.regio
    gemeenten = gpd.read_file(tmp_path / "g.gpkg")
    assert list(gemeenten["gemeente_code"]) == list(areas.codes)
    assert list(gemeenten["regio"].where(gemeenten["regio"].notna(), None)) == list(areas.region_ids)


def test_renderers_draw_the_model_they_are_given(monitor):
    geometry = web_geometry.web_geometry(monitor)
    model = map_model(monitor, geometry.gemeenten, geometry.regions, "werkloosheid", 2023, "gemeente")
    chart = folium_map.render(model, geometry, legend_inside=False)
    assert chart.classes is model.classes
    assert chart.legend == folium_map.choropleth(monitor, geometry, "werkloosheid", 2023, "gemeente").legend
    entries = model.legend_entries()
    assert [e.kind for e in entries][-2:] == ["missing", "outline"]
    assert sum(e.kind == "centre" for e in entries) == 1
    for entry in entries:  # the legend as data, written by the web renderer
        assert entry.label in chart.legend
    report = geometry_for(monitor)
    static = map_model(monitor, report.model_areas.gemeente_frame(), report.model_areas.region_frame(),
                       "werkloosheid", 2023, "gemeente")
    assert static.classes == model.classes  # the same classes on the same areas
    assert np.array_equal(static.areas["value"].to_numpy(), model.areas["value"].to_numpy(), equal_nan=True)
    fig = static_map.draw_map(static, report, source="Bron: test")  # no monitor needed to draw
    texts = [t.get_text() for t in fig.texts] + [t.get_text() for t in fig.legends[0].get_texts()]
    assert "Bron: test" in texts and "Werkloosheid, 2023" in " ".join(texts)
    for entry in entries:
        assert any(entry.label in text for text in texts), entry.label


@pytest.mark.parametrize("level", ["gemeente", "regio"])
def test_static_legend_has_the_web_legend_entries(monitor, level):
    model = static_map.map_model_for(monitor, "aandeel_65_plus", 2024, level)
    fig = static_map.draw_map(model, geometry_for(monitor), style=static_map.SLIDE)
    labels = [t.get_text() for t in fig.legends[0].get_texts()]
    expected = [e.label + (" (≈ NL)" if e.kind == "centre" else "") for e in model.legend_entries()]
    assert labels == expected
