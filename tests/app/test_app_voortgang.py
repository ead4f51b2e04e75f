"""The plan voor de regio in the app: the uitgangssituatie downloads on Regioprofiel and the Voortgang
section on Opgaven (per region and goal, what moved since the nulmeting)."""

from __future__ import annotations

import io

import docx
import pytest
from support.app_testing import captions, start
from pypdf import PdfReader

from dashboard import downloads
from monitor.plan import nulmeting


def test_regioprofiel_offers_the_uitgangssituatie_as_word_and_pdf():
    at = start("regioprofiel")
    at.selectbox(key="region").set_value("noard_fryslan").run()
    buttons = {b.label: b for b in at.get("download_button")}
    assert "Uitgangssituatie Noard-Fryslân (Word, te bewerken)" in buttons
    assert "Uitgangssituatie Noard-Fryslân (PDF)" in buttons
    assert not at.exception


def test_uitgangssituatie_download_contents(monitor):
    fingerprint = monitor.fingerprint
    word = docx.Document(io.BytesIO(downloads.plan_docx(fingerprint, "noard_fryslan")))
    assert word.paragraphs[0].text == "Uitgangssituatie Noard-Fryslân"
    assert any(p.style.name == "Heading 1" and p.text == "Opgaven per thema" for p in word.paragraphs)
    pdf = PdfReader(io.BytesIO(downloads.plan_pdf(fingerprint, "noard_fryslan")))
    assert len(pdf.pages) >= 3 and "Noard-Fryslân" in pdf.pages[0].extract_text()


@pytest.fixture
def no_frozen_baseline(tmp_path, monkeypatch):
    monkeypatch.setattr(nulmeting, "FROZEN_DIR", tmp_path / "nulmeting")
    return tmp_path / "nulmeting"


def voortgang_tables(at):
    return [d.value for d in at.dataframe if "Voortgang" in d.value.columns]


def test_opgaven_shows_voortgang_per_region_and_goal(no_frozen_baseline):
    at = start("opgaven")
    at.selectbox(key="region").set_value("regio_emmen").run()
    assert "Voortgang sinds de nulmeting" in [h.value for h in at.header]
    assert any("Voorlopige nulmeting (peiljaar 2024)" in i.value for i in at.info), "no baseline frozen: said so"
    overview = next(d.value for d in at.dataframe if "Kloof kleiner" in d.value.columns)
    assert len(overview) == 11 and "Regio Emmen" in set(overview["Regio"])
    per_goal = voortgang_tables(at)
    assert per_goal, "a table per goal with kernset indicators"
    assert set().union(*(set(t["Voortgang"]) for t in per_goal)) <= set(nulmeting.PROGRESS_LABELS.values())
    assert any("Regio Emmen: wat bewoog er sinds de nulmeting?" in s.value for s in at.subheader)
    assert {b.label for b in at.get("download_button")} >= {"nulmeting.csv", "voortgang.csv"}
    assert "kernset" in captions(at)
    assert not at.exception


def test_opgaven_voortgang_reads_the_frozen_baseline(monitor, no_frozen_baseline):
    nulmeting.freeze(monitor, 2022, no_frozen_baseline)
    at = start("opgaven")
    assert not any("Voorlopige" in i.value for i in at.info)
    assert "Nulmeting peiljaar 2022, vastgelegd op" in captions(at)
    moved = [t for t in voortgang_tables(at) if t["Voortgang"].isin(["kloof met Nederland kleiner",
                                                                     "kloof met Nederland groter"]).any()]
    assert moved, "figures of 2023 and later moved since a 2022 baseline"
    assert not at.exception
