"""A cache hit is a cache hit: an up-to-date build is neither re-verified by hashing nor re-parsed.

Structural checks (what is read, what is skipped), no timings; the figures are in ``bench/``.
"""

from __future__ import annotations

import json
import os
import shutil

import pytest

from monitor.compute import build as build_module
from monitor import data as data_module
from monitor.snapshot import freshness, model as snapshot_module, files as snapshot_files
from monitor.compute.build import META_FILE, input_fingerprint
from monitor.cli import main
from monitor.config import CROSSWALK_FILE
from monitor.data import build_if_needed, load_monitor
from monitor.errors import SnapshotError
from monitor.regions import load_regions
from monitor.snapshot import load_snapshot


@pytest.fixture(scope="module")
def snapshot_dir(real_snapshot, tmp_path_factory):
    """A private copy of the real snapshot (its file times are ours to change)."""
    target = tmp_path_factory.mktemp("cache") / "snapshot"
    shutil.copytree(real_snapshot, target)
    for path in target.rglob("*"):
        path.chmod(0o644 if path.is_file() else 0o755)
    return target


@pytest.fixture(scope="module")
def built(snapshot_dir, tmp_path_factory):
    target = tmp_path_factory.mktemp("cache") / "build"
    meta, did_build = build_if_needed(snapshot_dir, target)
    assert did_build
    return target


def forbid(monkeypatch, module, name):
    def refuse(*args, **kwargs):
        raise AssertionError(f"{module.__name__}.{name} called on a cache hit")

    monkeypatch.setattr(module, name, refuse)


def test_up_to_date_build_reads_no_observations_and_hashes_nothing(snapshot_dir, built, monkeypatch):
    forbid(monkeypatch, snapshot_module, "read_observations")
    forbid(monkeypatch, snapshot_files, "sha256_of")  # where the manifest check hashes
    forbid(monkeypatch, data_module, "build")
    meta, did_build = build_if_needed(snapshot_dir, built)
    assert not did_build and meta["rows"] > 100_000
    monitor = load_monitor(snapshot_dir, built)
    assert len(monitor.values) == meta["rows"]
    with pytest.raises(AssertionError, match="read_observations"):
        monitor.snapshot.observations  # noqa: B018 - parsed only when asked for


def test_a_changed_snapshot_file_is_verified_in_full(snapshot_dir, built, monkeypatch):
    path = snapshot_dir / "datasets.csv"
    before = path.stat()
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns + 1_000_000_000))
    assert not freshness.verified_unchanged(snapshot_dir, built)
    hashed = []
    original = snapshot_files.sha256_of
    monkeypatch.setattr(snapshot_files, "sha256_of", lambda p: hashed.append(p.name) or original(p))
    _, did_build = build_if_needed(snapshot_dir, built)
    assert not did_build  # same content, so the build stays valid ...
    assert "observations.csv" in hashed  # ... but only after every file was hashed again
    assert freshness.verified_unchanged(snapshot_dir, built)  # and the new file times are recorded


def test_edited_snapshot_content_is_caught(snapshot_dir, built, tmp_path):
    copy = tmp_path / "snap"
    shutil.copytree(snapshot_dir, copy)
    build_dir = tmp_path / "build"
    shutil.copytree(built, build_dir)
    # The stamp names another folder: it must not vouch for this copy.
    assert not freshness.verified_unchanged(copy, build_dir)
    text = (copy / "datasets.csv").read_text(encoding="utf-8")
    (copy / "datasets.csv").write_text(text.replace("CBS", "CBX", 1), encoding="utf-8")
    with pytest.raises(SnapshotError, match="datasets.csv"):
        build_if_needed(copy, build_dir)


def test_fingerprint_uses_the_crosswalk_that_was_given(snapshot_dir, tmp_path):
    snap = load_snapshot(snapshot_dir, verify=False, lazy=True)
    regions = load_regions()
    other = tmp_path / "crosswalk.csv"
    other.write_text(CROSSWALK_FILE.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    default = input_fingerprint(snap, regions)
    assert input_fingerprint(snap, regions, crosswalk_path=CROSSWALK_FILE) == default
    assert input_fingerprint(snap, regions, crosswalk_path=other)["regions"] != default["regions"]


def test_cli_build_twice_builds_once(snapshot_dir, tmp_path, capsys, monkeypatch):
    target = tmp_path / "b"
    assert main(["build", "--quiet", "--snapshot", str(snapshot_dir), "--build-dir", str(target)]) == 0
    assert "Gebouwd" in capsys.readouterr().out
    meta = json.loads((target / META_FILE).read_text())
    forbid(monkeypatch, build_module, "compute_all")
    assert main(["build", "--quiet", "--snapshot", str(snapshot_dir), "--build-dir", str(target)]) == 0
    assert "Al actueel" in capsys.readouterr().out
    assert json.loads((target / META_FILE).read_text()) == meta
    monkeypatch.undo()
    assert main(["build", "--quiet", "--force", "--snapshot", str(snapshot_dir), "--build-dir", str(target)]) == 0
    assert "Gebouwd" in capsys.readouterr().out


@pytest.mark.parametrize("damage", ["edited", "truncated", "empty"])
def test_a_changed_values_file_is_rebuilt_not_served(snapshot_dir, built, tmp_path, damage, capsys):
    import pandas as pd

    from monitor.compute.build import VALUES_FILE

    target = tmp_path / "build"
    shutil.copytree(built, target)
    values = target / VALUES_FILE
    if damage == "edited":
        frame = pd.read_parquet(values)
        frame.loc[frame["value"].notna().idxmax(), "value"] = 42.0
        frame.to_parquet(values, index=False)
    elif damage == "truncated":
        values.write_bytes(values.read_bytes()[: values.stat().st_size // 2])
    else:
        values.write_bytes(b"")
    assert main(["build", "--quiet", "--snapshot", str(snapshot_dir), "--build-dir", str(target)]) == 0
    assert "Gebouwd" in capsys.readouterr().out
    assert values.read_bytes() == (built / VALUES_FILE).read_bytes()


def test_load_monitor_never_serves_an_edited_values_file(snapshot_dir, built, tmp_path):
    import pandas as pd

    from monitor.compute.build import VALUES_FILE

    target = tmp_path / "build"
    shutil.copytree(built, target)
    frame = pd.read_parquet(target / VALUES_FILE)
    row = frame.index[(frame["level"] == "regio") & frame["value"].notna()][0]
    original = frame.loc[row, "value"]
    frame.loc[row, "value"] = 42.0
    frame.to_parquet(target / VALUES_FILE, index=False)
    served = load_monitor(snapshot_dir, target).values
    assert served.loc[row, "value"] == original != 42.0
