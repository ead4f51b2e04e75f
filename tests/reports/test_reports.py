"""Reports on the real snapshot: one-page region PDFs, static PNG maps and the ``report`` command.

Expected figures are computed here from the Monitor API (``region_profile``, ``national``) and
formatted with ``monitor.wording``; the tests then look for them in the PDF's text.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import re
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from PIL import Image
from pypdf import PdfReader

from monitor.maps import folium_map, web_geometry
from monitor import palettes, wording
from monitor.compute.build import META_FILE, VALUES_FILE
from monitor.catalogue import GOALS
from monitor.cli import main
from monitor.errors import CatalogueError, UnknownKeyError
from monitor.reports import (OutputError, load_selection, map_classes, map_png_bytes, region_pdf_bytes,
                             render_map_png, write_map_png, write_region_pdf)
from monitor.reports import output as output_module
from monitor.reports.key_indicators import MAX_KEY_INDICATORS, check_selection

ROOT = Path(__file__).resolve().parents[2]
FRISIAN = "noard_fryslan"  # Noard-Fryslân: the â must survive the PDF's fonts and text extraction


def pdf_text(data: bytes) -> tuple[int, str]:
    """Number of pages and the text with all whitespace runs collapsed to one space."""
    reader = PdfReader(io.BytesIO(data))
    text = " ".join(page.extract_text() for page in reader.pages)
    return len(reader.pages), re.sub(r"\s+", " ", text)


@pytest.fixture(scope="module")
def selection(monitor):
    return load_selection(monitor.catalogue)


@pytest.fixture(scope="module")
def frisian_pdf(monitor):
    return region_pdf_bytes(monitor, FRISIAN, generated=dt.date(2026, 1, 15))


@pytest.fixture(scope="module")
def national_png(monitor):
    return map_png_bytes(monitor, "werkloosheid", 2023)


def expected_row(monitor, region_id: str, indicator_id: str) -> str:
    """The table row as the PDF must show it, computed from the Monitor API."""
    ind = monitor.indicator(indicator_id)
    row = monitor.region_profile(region_id).set_index("indicator").loc[indicator_id]
    year = int(row["year"])
    national = monitor.national(indicator_id, year)
    assert national is not None and national["value"] == pytest.approx(row["nl_value"])
    star = "*" if national["nl_source"] == "berekend" else ""
    verdict = row["verdict"] if isinstance(row["verdict"], str) else "geen oordeel"
    if row["coverage"] < 1 - 1e-9:  # the covered share of inhabitants follows the verdict
        verdict += f" ({wording.number(100 * row['coverage'], 0)}%)"
    mark = "†" if wording.is_old(monitor, year) else ""  # old data are marked in the PDF as everywhere
    value = wording.number(row["value"], ind.decimals)
    if wording.has_interval(row["lower_95"], row["upper_95"]):  # the 95 % interval, small under the value
        value += " " + wording.interval(ind, row["lower_95"], row["upper_95"])
    return " ".join([ind.title, str(ind.goal), f"{year}{mark}", ind.unit, value,
                     wording.number(national["value"], ind.decimals) + star,
                     wording.number(row["diff"], ind.decimals, signed=True), verdict])


# --- key indicator selection ------------------------------------------------------------------

def test_report_selection_fits_the_catalogue(monitor, selection):
    ids = selection.indicator_ids
    assert 12 <= len(ids) <= MAX_KEY_INDICATORS and len(set(ids)) == len(ids)
    assert {theme for theme, _ in selection.themes} == {t.theme for t in monitor.catalogue.themes}
    assert {monitor.indicator(i).goal for i in ids} == set(GOALS)
    for theme, theme_ids in selection.themes:
        assert all(monitor.indicator(i).theme == theme for i in theme_ids)
    assert "report.yaml" not in {t.theme for t in monitor.catalogue.themes}  # not read as a theme file


@pytest.mark.parametrize("change, message", [
    (lambda d: d["themes"][0]["indicators"].append("bestaat_niet"), "unknown indicator 'bestaat_niet'"),
    (lambda d: d["themes"][0]["indicators"].append("werkloosheid"), "belongs to theme brede_welvaart"),
    (lambda d: d["themes"][0]["indicators"].append("bevolking"), "count and cannot be compared"),
    (lambda d: d["themes"][0]["indicators"].append(d["themes"][0]["indicators"][0]), "listed twice"),
    (lambda d: d.update(map_indicator="kaart"), "map_indicator 'kaart'"),
    (lambda d: d["themes"].append({"theme": "sport", "indicators": []}), "unknown theme 'sport'"),
])
def test_bad_report_selection_is_refused_with_the_reason(monitor, selection, change, message):
    data = {"map_indicator": selection.map_indicator,
            "themes": [{"theme": t, "indicators": list(ids)} for t, ids in selection.themes]}
    change(data)
    with pytest.raises(CatalogueError, match=re.escape(message)):
        check_selection(data, monitor.catalogue)


# --- PDF --------------------------------------------------------------------------------------

def test_frisian_pdf_is_one_page_with_name_sources_and_licence(monitor, frisian_pdf):
    pages, text = pdf_text(frisian_pdf)
    assert pages == 1
    assert frisian_pdf.startswith(b"%PDF")
    assert "Noard-Fryslân vergeleken met Nederland" in text
    assert "Bron: CBS, CC BY 4.0" in text and "CBS/Kadaster" in text
    assert f"snapshot van {wording.date(monitor.snapshot.built)}" in text and "15 januari 2026" in text
    members = monitor.regions.table.loc[monitor.regions.table["region_id"] == FRISIAN, "gemeente_name"]
    assert f"{len(members)} gemeenten" in text and all(name in text for name in members)
    assert "Noardeast-Fryslân" in text  # a member gemeente with â too
    assert PdfReader(io.BytesIO(frisian_pdf)).metadata.title == "Noard-Fryslân vergeleken met Nederland"


def test_every_region_fits_one_page_with_room_to_spare(monitor, monkeypatch):
    """Issue 24: Zuid-Limburg had about 1 pt to spare (its 16 gemeenten lengthened the column beside the map).
    The room left below the last line, as reportlab laid the page out, is at least MIN_SPARE_MM for every region,
    and for the region with the most gemeenten under the longest region name. (There is no PDF of Nederland
    itself: ``report`` makes one per region.)"""
    from monitor.reports import region_pdf

    spare = {r: region_pdf.region_pdf_layout(monitor, r, generated=dt.date(2026, 12, 7))[1]
             for r in monitor.regions.ids()}
    assert len(spare) == 11
    tight = {r: round(s, 1) for r, s in spare.items() if s < region_pdf.MIN_SPARE_MM}
    assert not tight, f"less than {region_pdf.MIN_SPARE_MM} mm below the last line: {tight}"

    names = monitor.regions.names()
    longest = max(names.values(), key=len)
    most = monitor.regions.table["region_id"].value_counts().idxmax()
    monkeypatch.setattr(type(monitor.regions), "name", lambda self, region_id: longest)
    pdf, room = region_pdf.region_pdf_layout(monitor, most, generated=dt.date(2026, 12, 7))
    pages, text = pdf_text(pdf)
    assert pages == 1 and f"{longest} vergeleken met Nederland" in text
    assert room >= region_pdf.MIN_SPARE_MM, f"{most} under the name {longest}: {room:.1f} mm"


def test_pdf_declares_dutch_marks_old_data_and_shows_no_file_paths(monitor, selection, frisian_pdf):
    """Issue 24: the PDF is tagged with its language, carries the old-data marks, and names no repository paths."""
    reader = PdfReader(io.BytesIO(frisian_pdf))
    assert reader.trailer["/Root"].get("/Lang") == "nl-NL"
    _pages, text = pdf_text(frisian_pdf)
    assert "data/regions" not in text and "README" not in text
    years = [int(monitor.region_profile(FRISIAN).set_index("indicator").loc[i, "year"]) for i in selection.indicator_ids]
    assert any(wording.is_old(monitor, y) for y in years)  # e.g. levensverwachting 2022
    assert "† Let op: oud cijfer" in text


def test_frisian_pdf_rows_equal_the_monitor(monitor, selection, frisian_pdf):
    _pages, text = pdf_text(frisian_pdf)
    for indicator_id in selection.indicator_ids:
        assert expected_row(monitor, FRISIAN, indicator_id) in text, indicator_id


def test_pdf_prints_the_95_interval_of_survey_figures_with_the_approximation_once(monitor, selection, frisian_pdf):
    """Issue 20: a key figure with CBS bounds (mantelzorgers, Gezondheidsmonitor 2022) has its interval
    under the value, and the notes say once how a region's interval is made."""
    profile = monitor.region_profile(FRISIAN).set_index("indicator")
    bounded = [i for i in selection.indicator_ids if wording.has_interval(profile.loc[i, "lower_95"], profile.loc[i, "upper_95"])]
    assert "mantelzorgers" in bounded
    _pages, text = pdf_text(frisian_pdf)
    ind = monitor.indicator("mantelzorgers")
    row = profile.loc["mantelzorgers"]
    assert f"{wording.number(row['value'], ind.decimals)} {wording.interval(ind, row['lower_95'], row['upper_95'])}" in text
    assert text.count(wording.INTERVAL_APPROXIMATION) == 1
    assert text.count("–") >= len(bounded)


def test_pdf_counts_unfavourable_per_theme_and_goal(monitor, selection, frisian_pdf):
    _pages, text = pdf_text(frisian_pdf)
    profile = monitor.region_profile(FRISIAN)
    core = set(monitor.catalogue.kernset_ids())  # the counts are over the kernset (issue 22: rule changed)
    judged = profile[profile["verdict"].isin(["gunstiger", "gelijk", "ongunstiger"])
                     & profile["indicator"].astype(str).isin(core)]
    for theme in monitor.catalogue.themes:
        part = judged[judged["indicator"].map(lambda i: monitor.indicator(str(i)).theme) == theme.theme]
        worse = int((part["verdict"] == "ongunstiger").sum())
        assert f"{theme.title} {worse} van {len(part)}" in text
    for goal, goal_text in GOALS.items():
        part = judged[judged["indicator"].map(lambda i: monitor.indicator(str(i)).goal) == goal]
        assert f"{goal}. {goal_text} {(part['verdict'] == 'ongunstiger').sum()} van {len(part)}" in text
    key = profile.set_index("indicator")
    for theme, ids in selection.themes:
        verdicts = key.loc[list(ids), "verdict"]
        worse, judged_n = (verdicts == "ongunstiger").sum(), verdicts.isin(["gunstiger", "gelijk", "ongunstiger"]).sum()
        assert f"{monitor.catalogue.theme_title(theme)} · {worse} van {judged_n} ongunstiger dan Nederland" in text


def test_pdf_names_the_cbs_tables_and_the_national_source(monitor, selection, frisian_pdf):
    _pages, text = pdf_text(frisian_pdf)
    profile = monitor.region_profile(FRISIAN).set_index("indicator")
    datasets = {d.strip() for i in selection.indicator_ids for d in str(profile.loc[i, "dataset"]).split("+")}
    info = monitor.snapshot.datasets.set_index("dataset")
    from monitor.exports.writer import dutch_note

    for dataset in datasets:  # the table's number as CBS writes it, its note in Dutch ("Engelstalige uitgave van")
        assert dutch_note(str(info.loc[dataset, "cbs_table"])) in text, dataset
    assert "English" not in text
    sources = {monitor.national(i, int(profile.loc[i, "year"]))["nl_source"] for i in selection.indicator_ids}
    if "berekend" in sources:
        assert "* Landelijk cijfer berekend uit de 342 gemeenten" in text
    if "CBS" in sources:
        assert "die van CBS zelf" in text


def test_pdf_verdict_is_coloured_and_written(monitor, frisian_pdf):
    # Each verdict is written out (see the rows test) and its swatch is filled in its palette colour.
    stream = PdfReader(io.BytesIO(frisian_pdf)).pages[0].get_contents().get_data().decode("latin-1")
    fills = {tuple(round(float(x), 3) for x in m) for m in re.findall(r"([\d.]+) ([\d.]+) ([\d.]+) rg", stream)}
    profile = monitor.region_profile(FRISIAN).set_index("indicator")
    shown = set(profile.loc[load_selection(monitor.catalogue).indicator_ids, "verdict"].dropna())
    assert shown & {"gunstiger", "ongunstiger"}
    for verdict in shown:
        colour = palettes.VERDICT_COLOURS[verdict]
        assert tuple(round(int(colour[i:i + 2], 16) / 255, 3) for i in (1, 3, 5)) in fills, verdict


def test_pdf_shows_coverage_and_no_verdict_below_the_threshold(monitor, frisian_pdf):
    from monitor.compute.compare import MIN_COVERAGE_FOR_VERDICT

    text = " ".join(PdfReader(io.BytesIO(frisian_pdf)).pages[0].extract_text().split())
    profile = monitor.region_profile(FRISIAN).set_index("indicator")
    shown = profile.loc[load_selection(monitor.catalogue).indicator_ids]
    low = shown[shown["coverage"] < MIN_COVERAGE_FOR_VERDICT]
    assert len(low), "Noard-Fryslân has survey values on part of its inhabitants (real data)"
    assert low["verdict"].isna().all()
    for coverage in low["coverage"]:
        assert f"geen oordeel ({wording.number(100 * coverage, 0)}%)" in text
    assert "dekking" in text


def test_unknown_region_lists_the_valid_ones_and_writes_nothing(monitor, tmp_path):
    with pytest.raises(UnknownKeyError, match="Known regions: achterhoek.*twente"):
        write_region_pdf(monitor, "atlantis", tmp_path / "out")
    assert not (tmp_path / "out").exists()


def test_failed_write_leaves_no_file_and_keeps_the_old_one(monitor, tmp_path, monkeypatch):
    target = tmp_path / "regioprofiel_twente.pdf"
    target.write_bytes(b"old")

    def broken_replace(src, dst):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(output_module.os, "replace", broken_replace)
    with pytest.raises(OutputError, match="No space left"):
        write_region_pdf(monitor, "twente", tmp_path)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["regioprofiel_twente.pdf"]
    assert target.read_bytes() == b"old"


def test_out_path_that_is_a_file_is_refused(monitor, tmp_path):
    blocker = tmp_path / "bestand"
    blocker.write_text("x")
    with pytest.raises(OutputError, match="not a folder"):
        write_map_png(monitor, "werkloosheid", blocker)
    with pytest.raises(OutputError, match="Cannot create output folder"):
        write_map_png(monitor, "werkloosheid", blocker / "sub")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bestand"]


# --- PNG --------------------------------------------------------------------------------------

def test_png_is_a_16_9_slide_and_not_blank(national_png):
    image = Image.open(io.BytesIO(national_png))
    assert image.format == "PNG" and image.size == (2000, 1125)
    pixels = np.asarray(image.convert("RGB"), dtype=float)
    assert pixels.std() > 30
    assert (pixels.mean(axis=2) < 250).mean() > 0.1  # a good part of the slide is drawn on (blank: 0)
    assert "Bron: CBS (CC BY 4.0)" in image.info.get("Source", "")


def test_png_uses_the_web_maps_classes_and_colours(monitor, national_png):
    geometry = web_geometry.prepare_geometry(monitor)
    web = folium_map.choropleth(monitor, geometry, "werkloosheid", 2023, "gemeente").classes
    assert map_classes(monitor, "werkloosheid", 2023, "gemeente") == web
    rgb = np.asarray(Image.open(io.BytesIO(national_png)).convert("RGB")).reshape(-1, 3)
    present = {tuple(c) for c in np.unique(rgb, axis=0)}
    for colour in web.colours:  # every class colour is on the map (and in the legend)
        assert tuple(int(colour[i:i + 2], 16) for i in (1, 3, 5)) in present, colour


def test_png_dpi_changes_pixels_not_layout(monitor):
    image = Image.open(io.BytesIO(map_png_bytes(monitor, "aandeel_65_plus", level="regio", dpi=60)))
    assert image.size == (800, 450)


def test_region_zoom_differs_from_the_national_map(monitor, national_png):
    zoom = map_png_bytes(monitor, "werkloosheid", 2023, "gemeente", "twente")
    a = np.asarray(Image.open(io.BytesIO(national_png)).convert("L"), dtype=float)
    b = np.asarray(Image.open(io.BytesIO(zoom)).convert("L"), dtype=float)
    assert a.shape == b.shape
    assert np.abs(a - b).mean() > 10
    assert b.std() > 30


def test_missing_values_are_hatched(monitor):
    # Noard-Fryslân has gemeenten without a value for tevredenheid_leven (survey coverage).
    rows = monitor.table("tevredenheid_leven", 2023, "gemeente")
    members = monitor.regions.members(FRISIAN)
    assert rows.loc[rows["code"].isin(members), "value"].isna().any()
    rgb = np.asarray(Image.open(io.BytesIO(map_png_bytes(
        monitor, "tevredenheid_leven", 2023, "gemeente", FRISIAN, dpi=80))).convert("RGB")).reshape(-1, 3)
    present = {tuple(c) for c in np.unique(rgb, axis=0)}
    for colour in (palettes.MISSING_COLOUR, palettes.MISSING_HATCH):
        assert tuple(int(colour[i:i + 2], 16) for i in (1, 3, 5)) in present


def test_render_to_buffer_and_to_path(monitor, tmp_path):
    buffer = io.BytesIO()
    assert render_map_png(monitor, "afstand_huisartsenpraktijk", None, "regio", path_or_buffer=buffer, dpi=40) is None
    path = render_map_png(monitor, "afstand_huisartsenpraktijk", None, "regio", path_or_buffer=tmp_path / "k.png",
                          dpi=40)
    assert path == tmp_path / "k.png" and path.read_bytes() == buffer.getvalue()
    assert [p.name for p in tmp_path.iterdir()] == ["k.png"]


@pytest.mark.parametrize("kwargs, message", [
    ({"indicator_id": "bestaat_niet"}, "Known indicators: .*tevredenheid_leven"),
    ({"indicator_id": "werkloosheid", "level": "provincie"}, "use one of gemeente, regio"),
    ({"indicator_id": "werkloosheid", "region": "atlantis"}, "Known regions: achterhoek"),
    ({"indicator_id": "werkloosheid", "year": 1900}, "Years with values: 2013"),
])
def test_bad_map_input_names_the_valid_options(monitor, kwargs, message):
    with pytest.raises(UnknownKeyError, match=message):
        map_png_bytes(monitor, **kwargs)


def test_reports_never_use_pyplot():
    # pyplot keeps global figures; the reports draw on matplotlib.figure.Figure only.
    for path in (ROOT / "monitor" / "reports").glob("*.py"):
        text = path.read_text(encoding="utf-8")
        pattern = r"import matplotlib\.pyplot|from matplotlib import pyplot|pyplot\.\w+\(|plt\."
        assert not re.search(pattern, text), path.name


# --- command line -----------------------------------------------------------------------------

@pytest.fixture
def cli_monitor(monitor, monkeypatch):
    """Let ``main`` use the session's monitor instead of building again."""
    monkeypatch.setattr("monitor.data.load_monitor", lambda *args, **kwargs: monitor)
    return monitor


def test_cli_all_writes_eleven_one_page_pdfs(cli_monitor, tmp_path, capsys):
    out = tmp_path / "nieuw" / "rapporten"  # created when missing
    assert main(["report", "--all", "--out", str(out)]) == 0
    files = sorted(out.iterdir())
    assert [f.name for f in files] == sorted(f"regioprofiel_{r}.pdf" for r in cli_monitor.regions.ids())
    assert capsys.readouterr().out.split() == [str(f) for f in files]
    for path in files:
        pages, text = pdf_text(path.read_bytes())
        region_id = path.stem.removeprefix("regioprofiel_")
        assert pages == 1 and f"{cli_monitor.regions.name(region_id)} vergeleken met Nederland" in text


@pytest.mark.parametrize("argv, message", [
    (["--region", "atlantis"], "Unknown region 'atlantis'"),
    (["--map", "--indicator", "bestaat_niet"], "Unknown indicator 'bestaat_niet'"),
    (["--map", "--indicator", "werkloosheid", "--year", "1900"], "no values for 1900"),
    (["--map", "--indicator", "werkloosheid", "--region", "atlantis"], "Unknown region 'atlantis'"),
])
def test_cli_bad_input_exits_2_and_leaves_nothing(cli_monitor, tmp_path, capsys, argv, message):
    out = tmp_path / "out"
    assert main(["report", *argv, "--out", str(out)]) == 2
    assert message in capsys.readouterr().err
    assert not out.exists()


def test_cli_out_that_is_a_file(cli_monitor, tmp_path, capsys):
    blocker = tmp_path / "bestand"
    blocker.write_text("x")
    assert main(["report", "--region", "twente", "--out", str(blocker)]) == 2
    assert "not a folder" in capsys.readouterr().err
    assert blocker.read_text() == "x" and sorted(p.name for p in tmp_path.iterdir()) == ["bestand"]


@pytest.mark.parametrize("argv, message", [
    ([], "--region ID, --all, of --map"),
    (["--map"], "--map heeft --indicator ID nodig"),
    (["--region", "twente", "--indicator", "werkloosheid"], "voeg --map toe"),
    (["--all", "--region", "twente"], "niet allebei"),
    (["--map", "--indicator", "werkloosheid", "--level", "provincie"], "ongeldige keuze 'provincie'"),
])
def test_cli_usage_errors(tmp_path, capsys, argv, message):
    with pytest.raises(SystemExit) as exit_info:
        main(["report", *argv, "--out", str(tmp_path / "out")])
    assert exit_info.value.code == 2
    assert message in capsys.readouterr().err
    assert not (tmp_path / "out").exists()


def test_cli_help_explains_itself(capsys):
    with pytest.raises(SystemExit) as exit_info:
        main(["report", "--help"])
    assert exit_info.value.code == 0
    help_text = capsys.readouterr().out
    for needle in ("--region", "--all", "--map", "--indicator", "--year", "--level", "--out", "report.yaml"):
        assert needle in help_text
    with pytest.raises(SystemExit):
        main(["--help"])
    assert "report " in capsys.readouterr().out


def test_cli_map_end_to_end_in_a_new_process(monitor, real_snapshot, tmp_path):
    """``python -m monitor report --map`` in a fresh interpreter: the file, its name, and no Streamlit."""
    out = tmp_path / "kaarten"
    # Hand the session's build to the new process (same inputs, so load_monitor takes it as is).
    (tmp_path / "build").mkdir()
    monitor.values.to_parquet(tmp_path / "build" / VALUES_FILE, index=False)
    (tmp_path / "build" / META_FILE).write_text(json.dumps(monitor.meta))
    argv = ["report", "--map", "--indicator", "werkloosheid", "--region", "twente", "--snapshot", str(real_snapshot),
            "--build-dir", str(tmp_path / "build"), "--out", str(out)]
    code = ("import sys\nfrom monitor.cli import main\ncode = main(%r)\n"
            "figures = sys.modules['matplotlib.pyplot'].get_fignums() if 'matplotlib.pyplot' in sys.modules else []\n"
            "print('streamlit' in sys.modules, len(figures))\nsys.exit(code)") % (argv,)
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    expected = out / f"kaart_werkloosheid_{monitor.years('werkloosheid')[-1]}_gemeente_twente.png"
    assert result.stdout.split() == [str(expected), "False", "0"]  # no Streamlit, no pyplot figures left
    assert [p.name for p in out.iterdir()] == [expected.name]
    assert Image.open(expected).size == (2000, 1125)
