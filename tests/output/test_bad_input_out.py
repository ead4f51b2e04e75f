"""Bad input, ``--out``: never delete a user's folder, refuse before any work, say why.

The rule (README, "--out"): a missing or empty folder is created; ``snapshot --out`` replaces only a
snapshot folder, after a complete download; ``export``/``report`` write their own files into an
existing folder and leave everything else; anything else is refused with exit code 2.
"""

from __future__ import annotations

import json
import os

import pytest
import requests

from monitor.cli import main
from monitor.exports.writer import export
from monitor.ingest.errors import OfflineError
from monitor.output.outfolder import OutFolderError, check_out_folder


@pytest.fixture
def no_network(monkeypatch):
    """Any request or snapshot download fails the test: refusals must come first."""
    def forbidden(*args, **kwargs):
        raise AssertionError("network access before the --out folder was checked")

    monkeypatch.setattr(requests.Session, "send", forbidden)


@pytest.fixture
def reached_download(monkeypatch):
    """Replace the download by a stub that records it was reached and reports 'offline' (exit 3)."""
    calls = []

    class StubJob:
        def __init__(self, **kwargs):
            calls.append(kwargs["out"])

        def run(self):
            raise OfflineError("opendata.cbs.nl")

    # The command imports its job class when it runs (a light parser): patch it where it lives.
    import monitor.ingest.job

    monkeypatch.setattr(monitor.ingest.job, "SnapshotJob", StubJob)
    return calls


def _thesis(folder):
    folder.mkdir(parents=True)
    (folder / "scriptie.docx").write_bytes(b"three years of work")
    (folder / "notes").mkdir()
    (folder / "notes" / "n.txt").write_text("keep me")
    return {p.relative_to(folder): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


def _files(folder):
    return {p.relative_to(folder): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


# --- snapshot --out ------------------------------------------------------------------------------

def test_snapshot_out_refuses_a_folder_with_other_content(tmp_path, no_network, capsys):
    thesis = tmp_path / "scriptie"
    before = _thesis(thesis)
    assert main(["snapshot", "--out", str(thesis), "--quiet"]) == 2
    err = capsys.readouterr().err
    assert str(thesis) in err and "not a snapshot" in err and "scriptie.docx" in err
    assert _files(thesis) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["scriptie"]  # no cache, no temp folder


def test_snapshot_out_empty_name_is_refused(tmp_path, no_network, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "werk.txt").write_text("keep")
    assert main(["snapshot", "--out", "", "--quiet"]) == 2
    assert "--out is empty" in capsys.readouterr().err
    assert [p.name for p in tmp_path.iterdir()] == ["werk.txt"]


def test_snapshot_out_onto_a_file_is_refused(tmp_path, no_network, capsys):
    target = tmp_path / "bestand.csv"
    target.write_text("a,b\n")
    assert main(["snapshot", "--out", str(target), "--quiet"]) == 2
    assert "is an existing file" in capsys.readouterr().err
    assert target.read_text() == "a,b\n"


def test_snapshot_out_refuses_a_snapshot_folder_holding_other_files(tmp_path, no_network, capsys):
    snap = tmp_path / "snap"
    snap.mkdir()
    (snap / "observations.csv").write_text("x")
    (snap / "manifest.json").write_text(json.dumps({"files": {"observations.csv": {}}}))
    (snap / "mijn_analyse.R").write_text("keep")
    assert main(["snapshot", "--out", str(snap), "--quiet"]) == 2
    assert "mijn_analyse.R" in capsys.readouterr().err
    assert (snap / "mijn_analyse.R").read_text() == "keep"


@pytest.mark.parametrize("kind", ["missing", "empty", "snapshot"])
def test_snapshot_out_accepts_new_empty_or_snapshot_folder(tmp_path, reached_download, kind):
    target = tmp_path / "snap"
    if kind != "missing":
        target.mkdir()
    if kind == "snapshot":
        (target / "observations.csv").write_text("x")
        (target / "manifest.json").write_text(json.dumps({"files": {"observations.csv": {}}}))
    assert main(["snapshot", "--out", str(target), "--quiet"]) == 3  # reached the (stubbed) download
    assert reached_download == [target]


# --- export --out ----------------------------------------------------------------------------------

def test_export_out_empty_name_is_refused_before_any_work(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr("monitor.data.load_monitor", lambda *a, **k: pytest.fail("loaded before --out was checked"))
    assert main(["export", "--out", ""]) == 2
    assert "--out is empty" in capsys.readouterr().err
    assert list(tmp_path.iterdir()) == []


def test_export_out_onto_a_file_under_a_file_or_unwritable(tmp_path, monkeypatch, capsys):
    monkeypatch.setattr("monitor.data.load_monitor", lambda *a, **k: pytest.fail("loaded before --out was checked"))
    blocker = tmp_path / "bestand"
    blocker.write_text("x")
    assert main(["export", "--out", str(blocker)]) == 2
    assert "is an existing file, not a folder" in capsys.readouterr().err
    assert main(["export", "--out", str(blocker / "sub")]) == 2
    assert "lies under" in capsys.readouterr().err
    assert main(["export", "--out", "/proc/npvr-export/out"]) == 2  # cannot be created, even as root
    err = capsys.readouterr().err
    assert "/proc/npvr-export/out" in err and "Traceback" not in err
    assert blocker.read_text() == "x" and sorted(p.name for p in tmp_path.iterdir()) == ["bestand"]


def test_unwritable_folder_is_refused_by_name(tmp_path, monkeypatch):
    folder = tmp_path / "alleen-lezen"
    folder.mkdir()
    monkeypatch.setattr(os, "access", lambda path, mode: False)  # as for a non-root user without rights
    with pytest.raises(OutFolderError, match="alleen-lezen.*not writable"):
        check_out_folder(folder)


def test_export_writes_into_an_existing_folder_and_keeps_other_files(monitor, tmp_path):
    out = tmp_path / "uitvoer"
    before = _thesis(out)
    written = export(monitor, out, formats=("indicatoren.csv",))
    assert written == [out / "indicatoren.csv"]
    assert {k: v for k, v in _files(out).items() if k.name != "indicatoren.csv"} == before
    assert not [p for p in out.iterdir() if p.name.startswith(".export-")]


# --- report --out ----------------------------------------------------------------------------------

def test_report_out_empty_name_is_refused(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr("monitor.data.load_monitor", lambda *a, **k: pytest.fail("loaded before --out was checked"))
    assert main(["report", "--region", "twente", "--out", ""]) == 2
    assert "--out is empty" in capsys.readouterr().err
    assert list(tmp_path.iterdir()) == []


def test_snapshot_target_that_changed_during_the_download_is_not_replaced(tmp_path, monkeypatch):
    """The rule is checked again just before the swap (SYNTHETIC fake CBS source of tests/fixtures/odata)."""
    from support.fake_cbs import GEMEENTEN, fake_source, make_job

    regions = tmp_path / "regions"
    regions.mkdir()
    (regions / "npvr_regions.csv").write_text(
        "region_id,region_name,gemeente_code,gemeente_name,province,confidence,source\n"
        "nep,Nepregio,GM0001,Nepdorp,Nepland,high,synthetic\n", encoding="utf-8")
    fake_source.FakeSource(fake_source.load_fixture_tables(), fake_source.square_features(GEMEENTEN)).install(monkeypatch)
    job = make_job(tmp_path, regions)
    before = _thesis(job.out)  # appeared after 'snapshot --out' checked the (then missing) folder
    with pytest.raises(OutFolderError, match="not a snapshot"):
        job.run()
    assert _files(job.out) == before
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".snap-")]
