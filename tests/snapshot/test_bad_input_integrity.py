"""Bad input, round 2: wrong figures that passed every check, half states and the last tracebacks.

Everything happens on copies in temporary folders (the real snapshot written out by the
``real_snapshot`` fixture, or the SYNTHETIC toy snapshot of tests/synthetic), never on data/.
"""

from __future__ import annotations

import hashlib
import json
import shutil

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
