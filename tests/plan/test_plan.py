"""Het plan voor de regio: the uitgangssituatie as Word and PDF (``python -m monitor plan``).

The .docx is parsed back with python-docx: Word headings, real tables, pictures with alt text, and
every figure equal to the export's (vergelijking.csv, stapeling.csv, the nulmeting) worded by
monitor.wording. Runs on the real snapshot.
"""

from __future__ import annotations

import datetime as dt
import io

import docx
import pytest
from docx.oxml.ns import qn
from pypdf import PdfReader

from monitor import wording
from monitor.cli import main
from monitor.exports.comparison import comparison_table
from monitor.plan import nulmeting
from monitor.plan.uitgangssituatie import (BEHIND_COLUMNS, OVERVIEW_NAMES, overview_document, plan_document, render,
                                           write_plans)
from monitor.profile import CLASSES
from monitor.exports.story import export_tables
from monitor.story.gather import story_for

REGION = "twente"
DAY = dt.date(2026, 12, 7)
CHAPTERS = ["Samenvatting", "Opgaven per thema", "Vergelijkbare regio's", "Toekomst: bevolkingsprognose",
            "Wat we niet weten", "Nulmeting voor de monitoring", "Verantwoording"]


@pytest.fixture(scope="module")
def story(monitor):
    return story_for(monitor)


@pytest.fixture(scope="module")
def document(monitor, story):
    return plan_document(monitor, REGION, story=story, generated=DAY)


@pytest.fixture(scope="module")
def word(document):
    return docx.Document(io.BytesIO(render(document, "docx")))


def tables_by_name(word) -> dict:
    out = {}
    for table in word.tables:
        title = table._tbl.tblPr.find(qn("w:tblCaption")).get(qn("w:val"))
        assert len(title) > 15, "every table has an alt-text title in words"
        rows = [[cell.text for cell in row.cells] for row in table.rows]
        out[table._tbl.tblPr.find(qn("w:tblDescription")).get(qn("w:val"))] = rows
    return out


def test_docx_has_word_headings_in_order(word):
    headings = [(p.style.name, p.text) for p in word.paragraphs if p.style.name.startswith(("Title", "Heading"))]
    assert headings[0] == ("Title", "Uitgangssituatie Twente")
    assert [t for s, t in headings if s == "Heading 1"] == CHAPTERS
    themes = [t for s, t in headings if s == "Heading 2"]
    assert "Stapeling van opgaven per thema" in themes and "Methode" in themes
    assert word.core_properties.title == "Uitgangssituatie Twente" and word.core_properties.language == "nl-NL"


def test_behind_tables_equal_the_export(monitor, word):
    export = comparison_table(monitor)
    export = export[export["regio"] == REGION].set_index(["indicator", "jaar"])
    titles = {i.title: i for i in monitor.catalogue.indicators}
    tables = {n: rows for n, rows in tables_by_name(word).items() if n.startswith("achter_")}
    assert tables, "a table of indicators furthest behind Nederland for at least one theme"
    checked = 0
    for name, rows in tables.items():
        assert tuple(rows[0]) == BEHIND_COLUMNS
        theme = name.removeprefix("achter_")
        for cells in rows[1:]:
            ind = titles[cells[0]]
            assert ind.theme == theme
            year = int(cells[1].split()[0])
            row = export.loc[(ind.id, year)]
            assert row["oordeel"] == "ongunstiger", "only indicators where the region is behind Nederland"
            assert cells[2] == wording.value(ind, row["waarde"])
            assert cells[3] == wording.value(ind, row["nederland"])
            assert cells[4] == wording.difference(ind, row["verschil"])
            assert cells[5] and cells[6]
            checked += 1
    assert checked >= 5


def test_behind_rows_are_the_furthest_behind_first(monitor, word):
    export = comparison_table(monitor)
    export = export[export["regio"] == REGION].set_index(["indicator", "jaar"])
    titles = {i.title: i for i in monitor.catalogue.indicators}
    for name, rows in tables_by_name(word).items():
        if name.startswith("achter_"):
            index = [export.loc[(titles[c[0]].id, int(c[1].split()[0])), "index"] for c in rows[1:]]
            distance = [abs(i - 100) for i in index]
            assert distance == sorted(distance, reverse=True)


def test_stacking_table_equals_stapeling_csv(monitor, word, story):
    stacking = export_tables(story)["stapeling.csv"]
    stacking = stacking[(stacking["regio"] == REGION) & (stacking["thema"] != "totaal")]
    per_theme = stacking.groupby("thema")[["indicatoren", *CLASSES]].sum()
    titles = {t.title: t.theme for t in monitor.catalogue.themes}
    rows = tables_by_name(word)["stapeling"]
    assert len(rows) - 1 == len(per_theme)
    for cells in rows[1:]:
        expected = per_theme.loc[titles[cells[0]]]
        assert [int(c) for c in cells[1:]] == [int(expected["indicatoren"]), *(int(expected[k]) for k in CLASSES)]


def test_baseline_table_equals_the_nulmeting(monitor, word):
    baseline = nulmeting.current_baseline(monitor)[0]
    baseline = baseline[baseline["regio"] == REGION]
    rows = tables_by_name(word)["nulmeting"]
    assert len(rows) - 1 == len(baseline) == len(nulmeting.kernset_ids(monitor.catalogue))
    for cells, b in zip(rows[1:], baseline.itertuples()):
        ind = monitor.indicator(b.indicator)
        assert cells[0] == ind.title
        if b.waarde == b.waarde:  # not missing
            assert cells[1:5] == [str(b.jaar), wording.value(ind, b.waarde), wording.value(ind, b.nederland),
                                  wording.difference(ind, b.verschil)]
        else:
            assert cells[2] == wording.MISSING_TEXT and "geen cijfer" in cells[6]


def test_summary_sentences_per_goal_come_from_the_profile(monitor, word):
    from monitor.profile import region_profile

    counts = region_profile(monitor, REGION).counts("goal")
    text = "\n".join(p.text for p in word.paragraphs)
    for _goal, c in counts.iterrows():
        assert (f"hebben er {int(c['beoordeeld'])} een oordeel: Twente staat op {int(c['ongunstiger'])} ongunstiger "
                f"dan Nederland, op {int(c['gelijk'])} gelijk en op {int(c['gunstiger'])} gunstiger") in text


def test_charts_are_pictures_with_alt_text(word):
    pictures = word.inline_shapes
    assert len(pictures) == 2
    for shape in pictures:
        properties = shape._inline.docPr
        assert "Twente" in properties.get("descr") and len(properties.get("descr")) > 80


def test_verantwoording_names_sources_licence_date_and_snapshot(monitor, word):
    text = "\n".join(p.text for p in word.paragraphs)
    assert "Bron: CBS, licentie CC BY 4.0" in text
    assert f"CBS-snapshot versie {monitor.snapshot.version} van {wording.date(monitor.snapshot.built)}" in text
    assert "Gemaakt op 7 december 2026" in text
    sources = tables_by_name(word)["bronnen"]
    tables = set(monitor.snapshot.datasets["cbs_table"].astype(str))
    assert len(sources) > 3 and {r[0] for r in sources[1:]} & tables


def test_pdf_has_the_same_content(document):
    reader = PdfReader(io.BytesIO(render(document, "pdf")))
    text = " ".join(" ".join(page.extract_text() for page in reader.pages).split())  # cells wrap
    assert len(reader.pages) >= 3
    assert reader.metadata.title == "Uitgangssituatie Twente"
    for chapter in CHAPTERS:
        assert chapter in text
    assert [o.title for o in reader.outline if not isinstance(o, list)] == CHAPTERS, "chapters as PDF bookmarks"
    for name, table in document.tables().items():
        if name.startswith("achter_"):
            assert table.rows[0][2] in text  # the region's value of the first row


def test_overview_has_one_page_per_region(monitor, story):
    doc = overview_document(monitor, story=story, generated=DAY)
    reader = PdfReader(io.BytesIO(render(doc, "pdf")))
    assert len(reader.pages) == 1 + len(monitor.regions.ids())
    for k, region_id in enumerate(monitor.regions.ids(), start=1):
        assert monitor.regions.name(region_id) in reader.pages[k].extract_text()
    word = docx.Document(io.BytesIO(render(doc, "docx")))
    assert [p.text for p in word.paragraphs if p.style.name == "Heading 1"] == \
        [monitor.regions.name(r) for r in monitor.regions.ids()]
    assert OVERVIEW_NAMES == ("voortgang_regios.docx", "voortgang_regios.pdf")
    # The voortgang per goal equals voortgang.csv's verdicts counted per region and goal.
    progress = nulmeting.voortgang(monitor, nulmeting.current_baseline(monitor)[0])
    goal = {i.id: i.goal for i in monitor.catalogue.indicators}
    tables = tables_by_name(word)
    for region_id in monitor.regions.ids():
        rows = tables[f"voortgang_{region_id}"]
        part = progress[progress["regio"] == region_id]
        for cells in rows[1:]:
            verdicts = part[part["indicator"].map(goal) == int(cells[0][0])]["oordeel"]
            expected = [int((verdicts == k).sum()) for k in list(nulmeting.PROGRESS_LABELS)[:5]]
            assert [int(c) for c in cells[1:6]] == expected
            assert int(cells[6]) == len(verdicts) - sum(expected)


# --- command line ----------------------------------------------------------------------------------

@pytest.fixture
def cli_monitor(monitor, monkeypatch):
    """Let ``main`` use the session's monitor instead of building again."""
    monkeypatch.setattr("monitor.data.load_monitor", lambda *args, **kwargs: monitor)
    return monitor


def test_cli_plan_writes_docx_and_pdf(cli_monitor, tmp_path, capsys):
    out = tmp_path / "nieuw" / "plan"
    (tmp_path / "nieuw").mkdir()
    (tmp_path / "nieuw" / "ander.txt").write_text("blijft staan")
    assert main(["plan", "--region", REGION, "--out", str(out)]) == 0
    assert sorted(p.name for p in out.iterdir()) == ["uitgangssituatie_twente.docx", "uitgangssituatie_twente.pdf"]
    assert capsys.readouterr().out.split() == [str(out / "uitgangssituatie_twente.docx"),
                                               str(out / "uitgangssituatie_twente.pdf")]
    assert docx.Document(out / "uitgangssituatie_twente.docx").paragraphs[0].text == "Uitgangssituatie Twente"
    assert (tmp_path / "nieuw" / "ander.txt").read_text() == "blijft staan"


def test_write_plans_for_two_regions(monitor, tmp_path):
    paths = write_plans(monitor, ["zuid_limburg", "noard_fryslan"], tmp_path, generated=DAY)
    assert [p.name for p in paths] == ["uitgangssituatie_zuid_limburg.docx", "uitgangssituatie_zuid_limburg.pdf",
                                       "uitgangssituatie_noard_fryslan.docx", "uitgangssituatie_noard_fryslan.pdf"]
    assert "Noard-Fryslân" in PdfReader(paths[3]).pages[0].extract_text()


@pytest.mark.parametrize("argv, code, message", [
    (["--region", "atlantis"], 2, "Unknown region 'atlantis'"),
    (["--region", REGION, "--all"], 2, "gaat niet samen met"),
])
def test_cli_plan_bad_input_exits_2_and_writes_nothing(cli_monitor, tmp_path, capsys, argv, code, message):
    out = tmp_path / "out"
    if "--all" in argv:
        with pytest.raises(SystemExit) as exit_:
            main(["plan", *argv, "--out", str(out)])
        assert exit_.value.code == code
    else:
        assert main(["plan", *argv, "--out", str(out)]) == code
    assert message in capsys.readouterr().err
    assert not out.exists() or not any(out.iterdir())


def test_cli_plan_out_that_is_a_file(cli_monitor, tmp_path, capsys):
    blocker = tmp_path / "bestand"
    blocker.write_text("x")
    assert main(["plan", "--region", REGION, "--out", str(blocker)]) == 2
    assert "is an existing file" in capsys.readouterr().err and blocker.read_text() == "x"


def test_peer_and_forecast_tables_equal_the_export(word, story):
    exported = export_tables(story)
    peers = exported["peers.csv"]
    peers = peers[peers["regio"] == REGION]
    rows = tables_by_name(word)["vergelijkbare_regios"][1:]
    assert [(int(r[0]), r[1], r[2], r[3]) for r in rows] == [
        (int(p.rang), p.peer_naam, p.peer_code, wording.number(p.afstand, 2)) for p in peers.itertuples()]
    forecast = exported["prognose.csv"]
    forecast = forecast[forecast["regio"] == REGION].set_index("jaar")
    rows = tables_by_name(word)["prognose"][1:]
    assert rows and int(rows[0][0]) == forecast.index.min() and int(rows[-1][0]) == forecast.index.max()
    for cells in rows:
        assert cells[1] == wording.number(forecast.loc[int(cells[0]), "bevolking"], 0)
        assert cells[4] == wording.percent(forecast.loc[int(cells[0]), "dekking"])


def test_failure_while_making_leaves_nothing_half_written(monitor, tmp_path, monkeypatch):
    from monitor.plan import uitgangssituatie

    out = tmp_path / "plan"
    out.mkdir()
    (out / "uitgangssituatie_twente.docx").write_bytes(b"previous")
    real = uitgangssituatie.render

    def failing(document, kind):
        if kind == "pdf" and "Zuid-Limburg" in document.title:
            raise OSError(28, "No space left on device")
        return real(document, kind)

    monkeypatch.setattr(uitgangssituatie, "render", failing)
    with pytest.raises(OSError):  # made in memory first: nothing is written
        write_plans(monitor, ["twente", "zuid_limburg"], out, generated=DAY)
    assert sorted(p.name for p in out.iterdir()) == ["uitgangssituatie_twente.docx"]
    assert (out / "uitgangssituatie_twente.docx").read_bytes() == b"previous", "all files or none"


def test_unwritable_folder_is_a_clear_error_not_a_traceback(cli_monitor, tmp_path, capsys, monkeypatch):
    def full(*args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("monitor.output.atomic.write_into_folder", full)
    assert main(["plan", "--region", REGION, "--out", str(tmp_path / "plan")]) == 2
    err = capsys.readouterr().err
    assert "No space left on device" in err and "Traceback" not in err


def test_every_region_has_its_plan_and_every_trend_verdict_its_words(monitor, story):
    """A region whose gap crosses Nederland ('kruist') stopped the plan with a KeyError (found by bench_plan)."""
    from monitor.plan.uitgangssituatie import trend_cell
    from monitor.story.trends import VERDICT_LABELS, VERDICTS

    assert list(VERDICT_LABELS) == list(VERDICTS)
    for verdict in VERDICTS:
        cell = trend_cell({"oordeel": verdict, "gunstig": None, "jaar_van": 2013, "jaar_tot": 2023})
        assert cell == f"{VERDICT_LABELS[verdict]} (2013–2023)"
    crossing = story.trends[story.trends["oordeel"] == "kruist"]
    assert not crossing.empty  # the real data has crossings: the plan below meets them
    for region_id in monitor.regions.ids():
        document = plan_document(monitor, region_id, story=story, generated=DAY, charts=False)
        assert document.blocks
