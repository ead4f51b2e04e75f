"""Bad input, round 2: wrong figures that passed every check, half states and the last tracebacks.

Everything happens on copies in temporary folders (the real snapshot written out by the
``real_snapshot`` fixture, or the SYNTHETIC toy snapshot of tests/synthetic), never on data/.
"""

from __future__ import annotations

import errno
import hashlib
import json

import pytest

from monitor.cli import main


def _refresh_manifest(snapshot, name):
    manifest = json.loads((snapshot / "manifest.json").read_text())
    data = (snapshot / name).read_bytes()
    manifest["files"][name] = {"sha256": hashlib.sha256(data).hexdigest(), "bytes": len(data)}
    (snapshot / "manifest.json").write_text(json.dumps(manifest))


def _replace_line(snapshot, old, new):
    path = snapshot / "observations.csv"
    text = path.read_text(encoding="utf-8")
    assert text.count(old + "\n") == 1
    path.write_text(text.replace(old + "\n", new + "\n"), encoding="utf-8")
    _refresh_manifest(snapshot, "observations.csv")


# --- 2. a negative weight ----------------------------------------------------------------------

ENSCHEDE_2016 = "cbs_wijkbuurtkaart_2016,AANT_INW,GM0153,2016,158351"


@pytest.fixture
def negative_weight(snapshot_copy):
    """The real snapshot with Enschede's 2016 inhabitants (a weight only) negative, manifest consistent."""
    _replace_line(snapshot_copy, ENSCHEDE_2016, ENSCHEDE_2016.replace("158351", "-158351"))
    return snapshot_copy


def test_negative_weight_is_refused_by_validate_build_export_and_the_app(negative_weight, tmp_path, capsys):
    from monitor.data import load_monitor
    from monitor.errors import MonitorError

    assert main(["validate", "--snapshot", str(negative_weight)]) == 1
    err = capsys.readouterr().err
    assert "cbs_wijkbuurtkaart_2016/AANT_INW" in err and "GM0153/2016 = -158351" in err and "weight" in err
    build = tmp_path / "build"
    assert main(["build", "--quiet", "--snapshot", str(negative_weight), "--build-dir", str(build)]) == 1
    assert "AANT_INW" in capsys.readouterr().err and not build.exists()
    out = tmp_path / "out"
    assert main(["export", "--snapshot", str(negative_weight), "--build-dir", str(build), "--out", str(out)]) == 1
    assert "AANT_INW" in capsys.readouterr().err and not list(out.iterdir())
    with pytest.raises(MonitorError, match="AANT_INW"):
        load_monitor(negative_weight, tmp_path / "app-build")


def test_negative_weight_is_refused_by_import_and_check(negative_weight, tmp_path, capsys):
    data = tmp_path / "data"
    assert main(["snapshot", "import", str(negative_weight), "--into", str(data)]) == 1
    assert "AANT_INW" in capsys.readouterr().err
    assert not (data / "snapshot").exists()
    assert main(["snapshot", "--check", str(negative_weight)]) == 1
    assert "AANT_INW" in capsys.readouterr().out


def test_negative_denominator_and_numerator_are_refused(real_snapshot):
    """Every measure that enters a figure is range-checked, not only published values (synthetic edit in memory)."""
    from monitor.catalogue import load_catalogue
    from monitor.snapshot import load_snapshot
    from monitor.snapshot.checks import range_problems

    catalogue = load_catalogue()
    ratio = next(ind for ind in catalogue.indicators for src in ind.sources
                 if src.denominator and ind.valid_range[0] is not None and ind.valid_range[0] >= 0)
    src = next(s for s in ratio.sources if s.denominator)
    snap = load_snapshot(real_snapshot, verify=False)
    assert range_problems(snap, catalogue) == []
    obs = snap.observations
    for measure, role in ((src.denominator[0], "denominator"), (src.numerator[0], "numerator")):
        rows = (obs["dataset"] == src.dataset) & (obs["measure"] == measure)
        if src.years:
            rows &= obs["period"].isin(src.years)
        first = rows.to_numpy().nonzero()[0][0]
        saved = obs.loc[first, "value"]
        obs.loc[first, "value"] = -abs(saved) - 1
        problems = range_problems(snap, catalogue)
        obs.loc[first, "value"] = saved
        assert any(f"{src.dataset}/{measure}" in p and role in p for p in problems), problems


# --- 4. verify what is read --------------------------------------------------------------------

def _swap_in(path, data: bytes):
    """Replace ``path`` by a new file with ``data`` (a rename, as a sync tool or another import would)."""
    temp = path.with_name(path.name + ".swap")
    temp.write_bytes(data)
    temp.replace(path)


def _replace_after_verification(monkeypatch, module, name, change):
    real = module.verify_manifest

    def verify_then_swap(root, *args, **kwargs):
        manifest = real(root, *args, **kwargs)
        path = root / name
        _swap_in(path, change(path.read_bytes()))
        return manifest

    monkeypatch.setattr(module, "verify_manifest", verify_then_swap)


def _edit_value(data: bytes) -> bytes:
    line = ENSCHEDE_2016.encode() + b"\n"
    assert data.count(line) == 1
    return data.replace(line, line.replace(b"158351", b"158352"))


def test_a_snapshot_file_replaced_after_verification_is_not_used(snapshot_copy, tmp_path, monkeypatch):
    from monitor.snapshot import freshness, model as snapshot_module
    from monitor.data import load_monitor
    from monitor.errors import SnapshotError

    _replace_after_verification(monkeypatch, snapshot_module, "observations.csv", _edit_value)
    build = tmp_path / "build"
    with pytest.raises(SnapshotError, match="observations.csv changed after it was verified"):
        load_monitor(snapshot_copy, build)
    monkeypatch.undo()
    assert not freshness.verified_unchanged(snapshot_copy, build)
    with pytest.raises(SnapshotError, match="does not match its sha256"):
        load_monitor(snapshot_copy, build)  # later runs verify in full and refuse it


def test_a_file_replaced_after_verification_is_not_stamped_as_verified(snapshot_copy, tmp_path, monkeypatch):
    from monitor.snapshot import freshness, model as snapshot_module
    from monitor.data import build_if_needed
    from monitor.errors import SnapshotError

    build = tmp_path / "build"
    build_if_needed(snapshot_copy, build)
    (build / freshness.STAMP_FILE).unlink()  # e.g. a build made elsewhere: the next start verifies in full
    _replace_after_verification(monkeypatch, snapshot_module, "datasets.csv", lambda b: b.replace(b"CBS", b"CBX", 1))
    try:
        build_if_needed(snapshot_copy, build)
    except SnapshotError as exc:
        assert "changed after it was verified" in str(exc)
    monkeypatch.undo()
    assert not freshness.verified_unchanged(snapshot_copy, build)
    with pytest.raises(SnapshotError, match="datasets.csv does not match its sha256"):
        build_if_needed(snapshot_copy, build)


def test_import_refuses_a_source_file_swapped_after_verification(tmp_path, monkeypatch, capsys):
    from test_embedded import _toy_source, _tree

    from monitor.snapshot import importer as snapshot_import

    data = tmp_path / "data"
    assert main(["snapshot", "import", str(_toy_source(tmp_path / "v1")), "--into", str(data)]) == 0
    before = _tree(data)
    source = _toy_source(tmp_path / "v2", version=2)
    _replace_after_verification(monkeypatch, snapshot_import, "boundaries/gemeenten_2025.gpkg",
                                lambda b: b + b"\0" * 1024)
    assert main(["snapshot", "import", str(source), "--into", str(data)]) == 1
    assert "gemeenten_2025.gpkg changed after it was verified" in capsys.readouterr().err
    assert _tree(data) == before


# --- 10. the last tracebacks -------------------------------------------------------------------

@pytest.fixture(params=["string", "null", "deep"])
def bad_manifest(request, tmp_path):
    """The SYNTHETIC toy snapshot with a manifest entry that is a string or null, or JSON nested 200,000 deep."""
    from synthetic.toy_snapshot import write_toy_snapshot

    snap = write_toy_snapshot(tmp_path / "toy")["snapshot"]
    if request.param == "deep":
        (snap / "manifest.json").write_text("[" * 200_000 + "]" * 200_000)
    else:
        manifest = json.loads((snap / "manifest.json").read_text())
        manifest["files"]["measures.csv"] = "abc" if request.param == "string" else None
        (snap / "manifest.json").write_text(json.dumps(manifest))
    return snap


def _no_traceback(capsys, *expected):
    captured = capsys.readouterr()
    text = captured.out + captured.err
    assert "Traceback" not in text
    assert any(e in text for e in expected), text
    return text


def test_a_malformed_manifest_is_a_message_in_every_command(bad_manifest, tmp_path, capsys, monkeypatch):
    import monitor.ingest.job
    from monitor.ingest.errors import OfflineError

    class StubJob:  # the download itself (tested elsewhere) ends as offline here
        def __init__(self, **kwargs):
            self.carry_over_from = kwargs["carry_over_from"]

        def run(self):
            if self.carry_over_from is not None:
                from monitor.snapshot import load_snapshot

                load_snapshot(self.carry_over_from)  # what the job does with the data in use
            raise OfflineError("opendata.cbs.nl")

    monkeypatch.setattr(monitor.ingest.job, "SnapshotJob", StubJob)
    why = ("not an object with its sha256", "nested too deeply", "not a valid manifest")
    assert main(["validate", "--snapshot", str(bad_manifest)]) == 1
    _no_traceback(capsys, *why)
    build = tmp_path / "build"
    assert main(["build", "--quiet", "--snapshot", str(bad_manifest), "--build-dir", str(build)]) == 1
    _no_traceback(capsys, *why)
    out = tmp_path / "out"
    assert main(["export", "--snapshot", str(bad_manifest), "--build-dir", str(build), "--out", str(out)]) == 1
    _no_traceback(capsys, *why)
    data = tmp_path / "data"
    assert main(["snapshot", "import", str(bad_manifest), "--into", str(data)]) == 1
    _no_traceback(capsys, *why)
    assert main(["snapshot", "--check", str(bad_manifest)]) == 1
    _no_traceback(capsys, *why)
    # --out onto a folder holding that manifest; or that snapshot as the data to carry datasets over from
    assert main(["snapshot", "--out", str(bad_manifest), "--quiet"]) in (2, 3)
    _no_traceback(capsys, "not a snapshot manifest", "No connection")
    assert main(["snapshot", "--out", str(tmp_path / "new"), "--carry-over-from", str(bad_manifest), "--quiet"]) == 1
    _no_traceback(capsys, *why)


@pytest.mark.parametrize("argv", [["export"], ["report", "--region", "twente"], ["snapshot", "--quiet"]])
def test_an_out_name_of_300_characters_is_a_message(argv, tmp_path, capsys, monkeypatch):
    monkeypatch.setattr("monitor.data.load_monitor", lambda *a, **k: pytest.fail("loaded before --out was checked"))
    assert main([*argv, "--out", str(tmp_path / ("x" * 300))]) == 2
    _no_traceback(capsys, "300 bytes long")
    assert list(tmp_path.iterdir()) == []


def test_a_dangling_symlink_out_is_called_what_it_is(tmp_path, capsys, monkeypatch):
    monkeypatch.setattr("monitor.data.load_monitor", lambda *a, **k: pytest.fail("loaded before --out was checked"))
    link = tmp_path / "uitvoer"
    link.symlink_to(tmp_path / "verdwenen")
    assert main(["export", "--out", str(link)]) == 2
    err = _no_traceback(capsys, "dangling")
    assert "not writable" not in err and "verdwenen" in err


class FullDisk:
    """A file whose writes fail as on a full disk (simulated: no tmpfs needed)."""

    def __init__(self, stream):
        self._stream = stream

    def write(self, data):
        raise OSError(errno.ENOSPC, "No space left on device (simulated)")

    def __getattr__(self, name):
        return getattr(self._stream, name)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self._stream.close()


def test_a_full_disk_for_the_workbook_is_a_message(monitor, tmp_path, capfd, monkeypatch):
    import builtins
    import gc
    import io

    from monitor.exports.writer import export
    from monitor.output.outfolder import OutFolderError

    real_open = builtins.open

    def full_for_xlsx(file, mode="r", *args, **kwargs):
        stream = real_open(file, mode, *args, **kwargs)
        return FullDisk(stream) if str(file).endswith(".xlsx") and "w" in mode else stream

    monkeypatch.setattr(builtins, "open", full_for_xlsx)
    monkeypatch.setattr(io, "open", full_for_xlsx)
    out = tmp_path / "out"
    out.mkdir()
    (out / "indicatoren.csv").write_text("previous")
    with pytest.raises(OutFolderError, match="No space left on device.*Nothing was replaced"):
        export(monitor, out, formats=("indicatoren.csv", "indicatoren.xlsx"))
    monkeypatch.undo()
    gc.collect()
    captured = capfd.readouterr()
    assert "Exception ignored" not in captured.err and "Traceback" not in captured.err
    assert (out / "indicatoren.csv").read_text() == "previous"
    assert sorted(p.name for p in out.iterdir()) == ["indicatoren.csv"]


def test_a_full_disk_for_the_build_folder_is_a_message(real_snapshot, tmp_path, capsys, monkeypatch):
    from monitor.compute import value_table

    def full(self, path):
        with open(path, "wb") as stream:
            stream.write(b"PAR1")
        raise OSError(errno.ENOSPC, "No space left on device")

    build = tmp_path / "build"
    monkeypatch.setattr(value_table.CodedValues, "write_parquet", full)
    assert main(["build", "--quiet", "--snapshot", str(real_snapshot), "--build-dir", str(build)]) == 2
    err = _no_traceback(capsys, "No space left on device")
    assert str(build) in err
    assert sorted(p.name for p in tmp_path.iterdir()) == []  # no half build, no temporary folder


def test_import_verifies_the_staged_bytes_again(tmp_path, monkeypatch, capsys):
    """A copy that differs from the verified source (whatever the cause) is never swapped in."""
    from test_embedded import _toy_source, _tree

    from monitor.snapshot import importer as snapshot_import

    data = tmp_path / "data"
    assert main(["snapshot", "import", str(_toy_source(tmp_path / "v1")), "--into", str(data)]) == 0
    before = _tree(data)
    real_copy = snapshot_import.shutil.copyfile

    def corrupting(src, dst, *args, **kwargs):
        real_copy(src, dst, *args, **kwargs)
        if str(dst).endswith(".gpkg"):
            with open(dst, "ab") as stream:
                stream.write(b"\0")

    monkeypatch.setattr(snapshot_import.shutil, "copyfile", corrupting)
    assert main(["snapshot", "import", str(_toy_source(tmp_path / "v2", version=2)), "--into", str(data)]) == 1
    assert "gemeenten_2025.gpkg does not match its sha256" in capsys.readouterr().err
    monkeypatch.undo()
    assert _tree(data) == before
