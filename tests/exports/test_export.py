"""The researchers' export on the real snapshot: exact CSV layout, Excel sheets, GeoPackages."""

from __future__ import annotations

import geopandas as gpd
import pandas as pd
import pytest
from openpyxl import load_workbook

from monitor.exports.writer import CSV_COLUMNS, escape_formula, export, write_csv


@pytest.fixture(scope="module")
def exported(monitor, tmp_path_factory):
    out = tmp_path_factory.mktemp("export")
    files = export(monitor, out)
    return out, files


def test_all_files_written_and_nothing_else(exported):
    out, files = exported
    assert sorted(p.name for p in files) == sorted(
        ["indicatoren.csv", "indicatoren.xlsx", "indicatoren.parquet", "gemeenten.gpkg", "regios.gpkg",
         "vergelijking.csv", "stapeling.csv", "trends.csv", "peers.csv", "prognose.csv", "nulmeting.csv",
         "voortgang.csv", "voortgang_regios.docx", "voortgang_regios.pdf",
         "indicatoren_excel.csv", "vergelijking_excel.csv", "grens.csv"])
    assert sorted(p.name for p in out.iterdir()) == sorted(p.name for p in files)


def test_csv_layout(exported, monitor):
    out, _ = exported
    header = (out / "indicatoren.csv").read_text(encoding="utf-8").splitlines()[0]
    assert header == ",".join(CSV_COLUMNS)
    # Issue 22: dekking, landelijk_cijfer and opmerking appended after today's eight columns.
    assert header.startswith("indicator,niveau,code,naam,jaar,waarde,eenheid,bron,dekking,landelijk_cijfer,opmerking")
    table = pd.read_csv(out / "indicatoren.csv", encoding="utf-8")
    assert set(table["niveau"]) == {"gemeente", "regio", "nederland", "programma", "corop"}
    assert set(table.loc[table["niveau"] == "programma", "code"]) == {"npvr", "overig"}
    assert table.loc[table["niveau"] == "corop", "code"].str.fullmatch(r"CR\d{2}").all()
    assert set(table.loc[table["niveau"] == "nederland", "code"]) == {"NL01"}
    assert set(table.loc[table["niveau"] == "regio", "code"]) == set(monitor.regions.ids())
    assert table.loc[table["niveau"] == "gemeente", "code"].str.fullmatch(r"GM\d{4}").all()
    assert table["waarde"].dtype == float and table["waarde"].notna().all()
    assert "Súdwest-Fryslân" in set(table["naam"])
    assert table["bron"].str.startswith("CBS ").all()
    nl = table[(table["indicator"] == "afstand_huisartsenpraktijk") & (table["niveau"] == "nederland")].set_index("jaar")
    # CBS rounds 80305NED's national row to 0.1 km, the tolerance: computed like the regions
    # (issue 22; it was CBS's figure).
    assert nl.loc[2020, "bron"].endswith("landelijk: berekend uit de gemeenten")
    assert nl.loc[2015, "bron"].endswith("landelijk: berekend uit de gemeenten")
    survey = table[(table["indicator"] == "tevredenheid_leven") & (table["niveau"] == "nederland")]
    assert survey["bron"].str.endswith("landelijk: berekend uit de gemeenten").all()
    pop = table[(table["indicator"] == "bevolking") & (table["niveau"] == "nederland") & (table["jaar"] == 2024)]
    assert pop["bron"].str.contains("landelijk: cijfer van CBS").all()
    assert len(table) == monitor.values["value"].notna().sum()
    assert table["dekking"].dropna().between(0, 1).all() and table["dekking"].notna().mean() > 0.9
    regio = table[(table["indicator"] == "tevredenheid_leven") & (table["niveau"] == "regio")]
    assert set(regio["landelijk_cijfer"]) == {"berekend uit de gemeenten"}
    crime = table[(table["indicator"] == "geregistreerde_misdrijven") & (table["niveau"] == "regio")]
    assert set(crime["landelijk_cijfer"]) == {"cijfer van CBS"}
    median = table[(table["indicator"] == "mediaan_besteedbaar_huishoudinkomen") & (table["niveau"] == "nederland")]
    assert median["opmerking"].str.contains("mediaan van CBS").all()


def test_excel_sheets_sources_and_licence(exported):
    out, _ = exported
    book = load_workbook(out / "indicatoren.xlsx", read_only=True)
    assert book.sheetnames == ["Leesmij", "Gemeenten", "Regio's", "Nederland", "Programma", "COROP-gebieden", "Indicatoren",
                               "Bronnen", "Regio-indeling", "Ontbrekend", "Vergelijking", "Stapeling", "Trends", "Peers",
                               "Prognose", "Stapeling per indicator", "Prognose-dekking", "Grens", "Grens-CBS"]
    # Issue 22: the README sheet states every rule.
    rules = "\n".join(" ".join(str(c) for c in row if c) for row in book["Leesmij"].iter_rows(values_only=True))
    for word in ("landoppervlakte", "beroepsbevolking", "kruist", "ontwikkeling", "schatting", "kernset", "25%",
                 "ddof = 0", "80%", "afrondt", "index: false", "publiceert", "invulwaarden", "unpublished.yaml",
                 "Eurostat", "koopkrachtstandaarden"):
        assert word in rules, word
    bronnen = [" ".join(str(c) for c in row if c is not None) for row in book["Bronnen"].iter_rows(values_only=True)]
    text = "\n".join(bronnen)
    assert "CC BY 4.0" in text and "Bron: CBS" in text and "CBS/Kadaster" in text
    assert "Bron: Eurostat (nama_10r_3gdp)" in text and "demo_r_pjanaggr3 (bijgewerkt 28 september 2023)" in text
    regions = list(book["Regio's"].iter_rows(values_only=True))
    assert regions[0][:4] == ("indicator", "eenheid", "code", "naam")
    missing = list(book["Ontbrekend"].iter_rows(values_only=True))
    assert missing[0] == ("indicator", "niveau", "jaar", "reden", "aantal", "codes")
    assert all(row[3] for row in missing[1:])
    assert "2024" in regions[0]


def test_parquet_matches_csv(exported):
    out, _ = exported
    parquet = pd.read_parquet(out / "indicatoren.parquet")
    csv = pd.read_csv(out / "indicatoren.csv")
    assert list(parquet.columns[:8]) == CSV_COLUMNS[:8] and set(CSV_COLUMNS) <= set(parquet.columns)
    assert len(parquet) == len(csv)


def test_geopackages(exported):
    out, _ = exported
    gemeenten = gpd.read_file(out / "gemeenten.gpkg")
    regions = gpd.read_file(out / "regios.gpkg")
    assert len(gemeenten) == 342 and len(regions) == 11
    assert gemeenten.crs.to_epsg() == 28992
    assert "aandeel_65_plus" in regions.columns and regions["aandeel_65_plus"].notna().all()
    assert (regions["aandeel_65_plus_jaar"] == 2025).all()


@pytest.mark.parametrize("text, expected", [
    ("=SUM(A1)", "'=SUM(A1)"), ("+31", "'+31"), ("-1", "'-1"), ("@cmd", "'@cmd"), ("Twente", "Twente"), (3.5, 3.5),
])
def test_escape_formula(text, expected):
    assert escape_formula(text) == expected


def test_csv_escapes_formula_text(tmp_path):
    table = pd.DataFrame([{"indicator": "x", "niveau": "gemeente", "code": "GM0001", "naam": "=HYPERLINK(1)",
                           "jaar": 2024, "waarde": -1.5, "eenheid": "%", "bron": "@CBS"}])
    write_csv(table, tmp_path / "t.csv")
    back = pd.read_csv(tmp_path / "t.csv")
    assert back.loc[0, "naam"] == "'=HYPERLINK(1)" and back.loc[0, "bron"] == "'@CBS"
    assert back.loc[0, "waarde"] == -1.5


def test_failed_export_leaves_target_untouched(monitor, tmp_path, monkeypatch):
    out = tmp_path / "out"
    out.mkdir()
    (out / "indicatoren.csv").write_text("previous")
    import monitor.exports.writer as export_module

    def broken(*args, **kwargs):
        raise OSError("disk full (simulated)")

    monkeypatch.setattr(export_module, "write_xlsx", broken)
    with pytest.raises(export_module.OutFolderError, match="disk full"):  # a message, not a traceback
        export(monitor, out)
    assert (out / "indicatoren.csv").read_text() == "previous"
    assert sorted(p.name for p in out.iterdir()) == ["indicatoren.csv"]


STORY_HEADERS = {
    "stapeling.csv": "regio,doel,thema,indicatoren,ongunstiger,gelijk,gunstiger,zonder_oordeel",
    "trends.csv": "indicator,regio,jaar_van,jaar_tot,verschil_van,verschil_tot,helling_per_jaar,oordeel,ontwikkeling",
    "peers.csv": "regio,rang,peer_code,peer_naam,afstand",
    "prognose.csv": "regio,jaar,bevolking,dekking,methode",
}


@pytest.mark.parametrize("name", STORY_HEADERS)
def test_story_csvs_exact_header_and_excel_sheet(exported, monitor, name):
    out, _ = exported
    assert (out / name).read_text(encoding="utf-8").splitlines()[0] == STORY_HEADERS[name]
    table = pd.read_csv(out / name, encoding="utf-8", dtype={"doel": str})
    assert len(table) > 0
    # The eleven regions; trends.csv also has the programme as a whole (npvr) after them.
    assert set(table["regio"]) <= set(monitor.regions.ids()) | ({"npvr"} if name == "trends.csv" else set())
    sheet = {"stapeling.csv": "Stapeling", "trends.csv": "Trends", "peers.csv": "Peers", "prognose.csv": "Prognose"}[name]
    rows = list(load_workbook(out / "indicatoren.xlsx", read_only=True)[sheet].iter_rows(values_only=True))
    assert list(rows[0][:len(table.columns)]) == list(table.columns) and len(rows) - 1 == len(table)


def test_story_csv_contents(exported, monitor):
    out, _ = exported
    stapeling = pd.read_csv(out / "stapeling.csv", dtype={"doel": str})
    totals = stapeling[stapeling["doel"] == "totaal"]
    assert len(totals) == 11 and (totals["thema"] == "totaal").all()
    assert set(stapeling["doel"]) == {"1", "2", "3", "totaal"}
    trends = pd.read_csv(out / "trends.csv")
    assert set(trends["oordeel"]) <= {"naar_nederland_toe", "stabiel", "kruist", "van_nederland_af", "onbepaald"}
    assert set(trends["ontwikkeling"].dropna()) <= {"gunstig", "ongunstig"}
    # A series break in the newest year (Gezondheidsmonitor 2022) leaves one year: no trend, "onbepaald".
    single = trends["jaar_tot"] == trends["jaar_van"]
    assert (trends["jaar_tot"] >= trends["jaar_van"]).all() and (trends.loc[single, "oordeel"] == "onbepaald").all()
    prognose = pd.read_csv(out / "prognose.csv")
    assert prognose["jaar"].between(2023, 2050).all() and prognose["dekking"].between(0, 1).all()
    assert (prognose["bevolking"] > 1000).all()  # inhabitants, not thousands


def test_comparison_csv_and_sheet(exported, monitor):
    from monitor.exports.comparison import COMPARISON_COLUMNS
    from monitor.compute.compare import MIN_COVERAGE_FOR_VERDICT

    out, _ = exported
    text = (out / "vergelijking.csv").read_text(encoding="utf-8")
    # Issue 22: eenheid and naam appended after the columns scripts rely on; issue 20: the 95 % interval after them.
    assert text.splitlines()[0] == ("indicator,regio,jaar,waarde,nederland,nl_bron,verschil,index,oordeel,rang,dekking,"
                                    "eenheid,naam,ondergrens_95,bovengrens_95")
    table = pd.read_csv(out / "vergelijking.csv", encoding="utf-8")
    assert list(table.columns) == COMPARISON_COLUMNS
    regions = monitor.values[monitor.values["level"] == "regio"]
    assert len(table) == len(regions) and not table.duplicated(["indicator", "regio", "jaar"]).any()
    assert set(table["regio"]) == set(monitor.regions.ids())
    assert set(table["nl_bron"].dropna()) == {"CBS", "berekend"}
    # Zeeuws-Vlaanderen's "Vertrouwen in instituties" 2023 rests on Terneuzen alone: no verdict, no rank.
    row = table[(table["indicator"] == "vertrouwen_instituties") & (table["regio"] == "zeeuws_vlaanderen")
                & (table["jaar"] == 2023)].iloc[0]
    assert row["dekking"] < MIN_COVERAGE_FOR_VERDICT and pd.isna(row["oordeel"]) and pd.isna(row["rang"])
    low = table["dekking"] < MIN_COVERAGE_FOR_VERDICT
    assert table.loc[low, "oordeel"].isna().all() and table.loc[low, "rang"].isna().all()
    judged = table[table["oordeel"].notna()]
    assert (judged["verschil"] - (judged["waarde"] - judged["nederland"])).abs().max() < 1e-9
    sheet = list(load_workbook(out / "indicatoren.xlsx", read_only=True)["Vergelijking"].iter_rows(values_only=True))
    assert list(sheet[0]) == COMPARISON_COLUMNS and len(sheet) == len(table) + 1
    twente = table[(table["regio"] == "twente") & (table["indicator"] == "werkloosheid")]
    assert set(twente["naam"]) == {"Twente"} and set(twente["eenheid"]) == {"%"}


def test_composition_in_dutch(monitor):
    from monitor.exports.writer import composition_table

    assert set(composition_table(monitor)["zekerheid"]) <= {"hoog", "middel", "laag"}


@pytest.mark.parametrize("level", ["gemeente", "regio", "programma"])
def test_by_year_is_the_pivot_of_the_long_table(monitor, level):
    from monitor.exports.excel import by_year
    from monitor.exports.writer import long_table

    table = long_table(monitor)
    part = table[table["niveau"] == level]
    pivot = part.pivot_table(index=["indicator", "code"], columns="jaar", values="waarde", aggfunc="first")
    order = list(dict.fromkeys(part["indicator"]))
    expected = pivot.reset_index().assign(_o=lambda t: t["indicator"].map(order.index)).sort_values(["_o", "code"])
    got = by_year(table, level)
    assert list(got.columns) == ["indicator", "code", "naam", *[str(y) for y in pivot.columns]]
    assert list(zip(got["indicator"], got["code"])) == list(zip(expected["indicator"], expected["code"]))
    for year in pivot.columns:
        assert got[str(year)].to_numpy() == pytest.approx(expected[year].to_numpy(), nan_ok=True, rel=0, abs=0)
    names = part.drop_duplicates(["indicator", "code"]).set_index(["indicator", "code"])["naam"]
    assert list(got["naam"]) == [names[k] for k in zip(got["indicator"], got["code"])]


@pytest.mark.parametrize("sheet", ["Indicatoren", "Regio's", "Vergelijking"])
def test_excel_cells_are_the_tables_cells(exported, monitor, sheet):
    """Every cell as the table has it: numbers as numbers, text as text ("" included), missing as empty."""
    import math

    from monitor.exports.cells import escape_frame
    from monitor.exports.comparison import comparison_table
    from monitor.exports.writer import definitions_table, long_table, year_sheet

    out, _ = exported
    frame = {"Indicatoren": lambda: definitions_table(monitor),
             "Regio's": lambda: year_sheet(monitor, long_table(monitor), "regio"),
             "Vergelijking": lambda: comparison_table(monitor)}[sheet]()
    rows = list(load_workbook(out / "indicatoren.xlsx", read_only=True)[sheet].iter_rows(values_only=True))
    assert rows[0] == tuple(frame.columns) and len(rows) == len(frame) + 1
    numeric = [pd.api.types.is_numeric_dtype(frame[c]) for c in frame.columns]
    for row, expected in zip(rows[1:], escape_frame(frame).itertuples(index=False)):
        for got, value, number in zip(row, expected, numeric):
            if value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value)):
                assert got is None
            elif number:  # xlsxwriter writes 16 significant digits
                assert got == pytest.approx(value, rel=1e-15, abs=0) and not isinstance(got, str)
            else:
                assert got == str(value)
    if sheet == "Indicatoren":
        assert "" in {v for row in rows for v in row}, "empty texts stay text cells"


def test_a_folder_in_the_way_replaces_nothing(monitor, tmp_path):
    """A folder named like an export file: refused before any file is replaced, and the message says so."""
    import monitor.exports.writer as export_module

    out = tmp_path / "out"
    out.mkdir()
    for name in ("indicatoren.csv", "trends.csv", "stapeling.csv"):
        (out / name).write_text("previous")
    (out / "prognose.csv").mkdir()
    (out / "prognose.csv" / "mijn.txt").write_text("keep")
    with pytest.raises(export_module.OutFolderError, match="prognose.csv.*in the way.*Nothing was replaced"):
        export(monitor, out, formats=("indicatoren.csv", "trends.csv", "stapeling.csv", "prognose.csv"))
    assert all((out / name).read_text() == "previous" for name in ("indicatoren.csv", "trends.csv", "stapeling.csv"))
    assert (out / "prognose.csv" / "mijn.txt").read_text() == "keep"
    assert sorted(p.name for p in out.iterdir()) == ["indicatoren.csv", "prognose.csv", "stapeling.csv", "trends.csv"]


def test_a_move_that_fails_halfway_puts_the_replaced_files_back(tmp_path, monkeypatch):
    from monitor.output import atomic

    out = tmp_path / "out"
    out.mkdir()
    names = [f"f{i}.csv" for i in range(5)]
    for name in names:
        (out / name).write_text("previous")
    real, placed = atomic.os.replace, []

    def failing(src, dst):
        if str(dst).startswith(str(out)) and ".export-" not in str(dst):
            placed.append(dst)
            if len(placed) == 4:
                raise OSError(28, "No space left on device (simulated)")
        real(src, dst)

    monkeypatch.setattr(atomic.os, "replace", failing)
    with pytest.raises(OSError, match="simulated"):
        atomic.write_into_folder(out, {name: (lambda p: p.write_text("new")) for name in names})
    monkeypatch.undo()
    assert {name: (out / name).read_text() for name in names} == dict.fromkeys(names, "previous")
    assert sorted(p.name for p in out.iterdir()) == names


KILLED_EXPORT = """
import os, sys, time
from pathlib import Path
from monitor.output.atomic import write_into_folder
out, pids = Path(sys.argv[1]), Path(sys.argv[2])

def slow_workbook(path):
    (pids / "child").write_text(str(os.getpid()))
    time.sleep(30)
    path.write_text("late")

def other(path):
    (pids / "parent").write_text(str(os.getpid()))
    time.sleep(30)

write_into_folder(out, {"indicatoren.xlsx": slow_workbook, "indicatoren.csv": other},
                  concurrent=("indicatoren.xlsx",))
"""


def _gone(pid: int) -> bool:
    try:
        state = open(f"/proc/{pid}/stat").read().rsplit(")", 1)[1].split()[0]
    except OSError:
        return True
    return state in ("Z", "X")  # a zombie has ended; only its parent's reaping is left


def test_a_killed_export_takes_its_workbook_writer_along_and_is_cleaned_next_time(tmp_path):
    import os
    import signal
    import subprocess
    import sys
    import time
    from pathlib import Path

    from monitor.output.background import can_fork

    if not can_fork():
        pytest.skip("the workbook is written in a child process only where fork is available (Linux)")
    out, pids = tmp_path / "out", tmp_path / "pids"
    out.mkdir()
    pids.mkdir()
    env = {"PYTHONPATH": str(Path(__file__).resolve().parents[2]), "PATH": "/usr/bin:/bin"}
    run = subprocess.Popen([sys.executable, "-c", KILLED_EXPORT, str(out), str(pids)], env=env,
                           stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 60
    def written(name):  # the pid files are written, not renamed: wait for their content too
        path = pids / name
        return path.exists() and path.read_text().strip().isdigit()

    while not (written("child") and written("parent")) and time.monotonic() < deadline:
        time.sleep(0.05)
    child = int((pids / "child").read_text())
    os.kill(run.pid, signal.SIGKILL)
    run.wait()
    deadline = time.monotonic() + 10
    while not _gone(child) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert _gone(child), "the workbook writer runs on after its export was killed"
    assert run.stderr.read() == b""  # no BrokenPipeError traceback
    assert [p.name for p in out.iterdir() if p.name.startswith(".export-")]  # left by the killed run ...
    from monitor.output.atomic import write_into_folder

    write_into_folder(out, {"indicatoren.csv": lambda p: p.write_text("ok")})
    assert sorted(p.name for p in out.iterdir()) == ["indicatoren.csv"]  # ... and cleaned by the next


def test_a_killed_build_leaves_nothing_the_next_build_does_not_clean(tmp_path):
    from monitor.output.atomic import replace_folder

    target = tmp_path / "build"
    stale = tmp_path / ".build-new-999999999-abcd"  # a killed run's (no such process)
    stale.mkdir()
    (stale / "indicator_values.parquet").write_bytes(b"x" * 100)
    replace_folder(target, lambda temp: (temp / "build.json").write_text("{}"))
    assert sorted(p.name for p in tmp_path.iterdir()) == ["build"]


def test_nulmeting_voortgang_and_overview_in_the_export(exported, monitor):
    import io

    import docx
    from pypdf import PdfReader

    from monitor.plan import nulmeting

    out, _ = exported
    baseline = pd.read_csv(out / "nulmeting.csv")
    progress = pd.read_csv(out / "voortgang.csv")
    assert list(baseline.columns) == nulmeting.NULMETING_COLUMNS
    assert list(progress.columns) == nulmeting.VOORTGANG_COLUMNS
    expected = nulmeting.current_baseline(monitor)[0]
    assert len(baseline) == len(progress) == len(expected) == 11 * len(nulmeting.kernset_ids(monitor.catalogue))
    pd.testing.assert_series_equal(baseline["waarde"], expected["waarde"].astype(float), rtol=1e-12)
    pages = PdfReader(out / "voortgang_regios.pdf").pages
    assert len(pages) == 1 + 11
    word = docx.Document(io.BytesIO((out / "voortgang_regios.docx").read_bytes()))
    assert [p.text for p in word.paragraphs if p.style.name == "Heading 1"] == \
        [monitor.regions.name(r) for r in monitor.regions.ids()]


def test_cli_export_runs_without_the_cycle_collector(monkeypatch, tmp_path):
    """Its forked children would otherwise copy the parent's pages by scanning them (issue 20)."""
    import gc
    import signal

    import monitor.data
    import monitor.exports.writer
    from monitor import cli

    seen = []
    monkeypatch.setattr(monitor.data, "load_monitor", lambda *args, **kwargs: seen.append(gc.isenabled()))
    monkeypatch.setattr(monitor.exports.writer, "export",
                        lambda monitor, out, formats: seen.append(gc.isenabled()) or [])
    handler = signal.getsignal(signal.SIGTERM)
    try:
        assert cli.main(["export", "--out", str(tmp_path / "out")]) == 0
    finally:
        signal.signal(signal.SIGTERM, handler)
    assert seen == [False, False] and gc.isenabled()


def test_latest_wide_is_the_pivot_of_each_areas_newest_year(monitor):
    """The arrays of latest_wide give what sorting, grouping and pivoting the level's rows gives."""
    from monitor.exports.writer import latest_wide

    for level in ("gemeente", "regio"):
        rows = monitor.values[(monitor.values["level"] == level) & monitor.values["value"].notna()]
        latest = rows.sort_values("year").groupby(["code", "indicator"], observed=True).tail(1)
        values = latest.pivot(index="code", columns="indicator", values="value")
        years = latest.pivot(index="code", columns="indicator", values="year").add_suffix("_jaar")
        order = [c for i in monitor.catalogue.ids() for c in (i, f"{i}_jaar") if c in values.columns or c in years.columns]
        expected = values.join(years)[order].reset_index()
        pd.testing.assert_frame_equal(latest_wide(monitor, level), expected, check_exact=True, check_column_type=False)


@pytest.mark.parametrize("formats", [("indicatoren.xlsx",), ("grens.csv",), ("indicatoren.xlsx", "grens.csv"),
                                     ("voortgang_regios.docx",), ("voortgang_regios.pdf",),
                                     ("indicatoren.xlsx", "voortgang_regios.pdf", "indicatoren.csv")])
def test_files_written_by_a_child_get_everything_handed_over_when_asked_for_alone(monitor, tmp_path, caplog, formats):
    """A writer in a child that waits for a value this process never sends would hang until the child is given up
    (background.WAIT_SECONDS) and written again here: every child's handovers are sent for any choice of files."""
    import logging
    import time

    from monitor.exports.writer import export
    from monitor.output import background

    caplog.set_level(logging.WARNING, logger="npvr.export")
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(background, "WAIT_SECONDS", 30.0)
        started = time.monotonic()
        written = export(monitor, tmp_path / "out", formats=formats)
    assert sorted(p.name for p in written) == sorted(formats)
    assert "in this process instead" not in caplog.text and time.monotonic() - started < 30
