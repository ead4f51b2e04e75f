"""The in-repo copy of the snapshot (data/snapshot + data/boundaries) and 'snapshot import'.

Damage and imports happen on temporary copies only, never on the real data/. The import tests use
the SYNTHETIC toy snapshot of tests/synthetic (made-up numbers, real format) so that they are fast.
"""

from __future__ import annotations

import hashlib
import json
import shutil
from pathlib import Path

import pandas as pd
import pytest

from monitor import config, wording
from monitor.snapshot import importer as snapshot_import
from monitor.cli import main
from monitor.errors import SnapshotError
from monitor.snapshot import load_snapshot, verify_manifest
from synthetic.toy_snapshot import OBSERVATIONS, write_toy_snapshot

DATA = config.DATA_DIR


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _tree(folder: Path) -> dict[str, str]:
    """Every file below ``folder`` (hidden ones included) with its sha256."""
    return {p.relative_to(folder).as_posix(): _sha(p) for p in sorted(folder.rglob("*")) if p.is_file()}


def _refresh_manifest(snapshot: Path, **fields) -> None:
    manifest = json.loads((snapshot / "manifest.json").read_text())
    manifest["files"] = {p.relative_to(snapshot).as_posix(): {"sha256": _sha(p), "bytes": p.stat().st_size}
                         for p in sorted(snapshot.rglob("*")) if p.is_file() and p.name != "manifest.json"}
    manifest.update(fields)
    (snapshot / "manifest.json").write_text(json.dumps(manifest))


def _toy_source(root: Path, version: int = 1, built: str = "2000-01-01") -> Path:
    """The SYNTHETIC toy snapshot plus synthetic forecasts (with a COROP code) and a COROP table."""
    snap = write_toy_snapshot(root)["snapshot"]
    (snap / "prognoses.csv").write_text(
        "dataset,measure,region_code,period,value\n"
        "toy_prognose,pop,CR99,2030,1234.5\ntoy_prognose,pop,GM9001,2030,0.1\ntoy_prognose,pop,NL01,2030,\n")
    (snap / "regions" / "corop_2024.csv").write_text(
        "gemeente_code,corop_code,corop_name\nGM9001,CR99,Fictief (synthetisch)\n")
    datasets = pd.read_csv(snap / "datasets.csv", dtype=str)
    extra = datasets.iloc[[0]].assign(dataset="toy_prognose")
    pd.concat([datasets, extra]).to_csv(snap / "datasets.csv", index=False)
    _refresh_manifest(snap, version=version, built=built)
    return snap


@pytest.fixture(scope="module")
def in_repo_copy(tmp_path_factory) -> Path:
    """A temporary copy of the real data/snapshot + data/boundaries (the 'snapshot' folder of it)."""
    data = tmp_path_factory.mktemp("repo") / "data"
    for name in ("snapshot", "boundaries"):
        shutil.copytree(DATA / name, data / name)
    return data / "snapshot"


# --- the copy in the repository -----------------------------------------------------------------

def test_default_path_is_the_in_repo_copy(monkeypatch):
    monkeypatch.delenv(config.SNAPSHOT_ENV, raising=False)
    assert config.snapshot_dir() == config.EMBEDDED_SNAPSHOT == config.PROJECT_ROOT / "data" / "snapshot"
    snap = load_snapshot(config.snapshot_dir())
    source = json.loads((config.EMBEDDED_SNAPSHOT / "source-manifest.json").read_text())
    assert snap.form == "embedded" and snap.version == source["version"] >= 2 and snap.built == source["built"]
    assert snap.boundary_path() == config.PROJECT_ROOT / "data" / "boundaries" / "gemeenten_2025.gpkg"
    obs = snap.observations
    assert [str(t) for t in obs.dtypes] == ["category", "category", "category", "int64", "float64"]
    assert len(obs) > 800_000 and obs["value"].notna().all()
    assert [str(t) for t in snap.prognoses.dtypes] == [str(t) for t in obs.dtypes]
    assert len(snap.prognoses) > 20_000 and snap.prognoses["region_code"].astype(str).str.startswith("CR").any()
    assert list(snap.corop.columns) == ["gemeente_code", "corop_code", "corop_name"]
    assert len(snap.corop) == 342 and snap.corop["corop_code"].nunique() == 40
    assert len(snap.gemeente_names()) == 342
    # Version 3: CBS's regional accounts per COROP area and Eurostat's NUTS-3 extract, each its own table.
    accounts, nuts = snap.corop_observations, snap.nuts3_observations
    assert [str(t) for t in accounts.dtypes] == [str(t) for t in nuts.dtypes] == [str(t) for t in obs.dtypes]
    assert len(accounts) == source["corop_observations"] == 17_753
    assert set(accounts["region_code"].astype(str)) == {f"CR{i:02d}" for i in range(1, 41)} | {"NL01"}
    assert len(nuts) == source["nuts3_observations"] == 6_411
    assert {"NL", "BE", "DE", "NL213", "DEA34"} <= set(nuts["region_code"].astype(str))


def test_in_repo_copy_equals_the_csv_snapshot_it_came_from(tmp_path):
    source = config.SHARED_SNAPSHOT
    if not (source / "manifest.json").is_file():
        pytest.skip(f"the CSV snapshot the in-repo copy came from is not here ({source}): a clone without "
                    "../shared; the copy's own checksums are still checked by the other tests")
    csv, copy = load_snapshot(source), load_snapshot(config.EMBEDDED_SNAPSHOT)
    assert (copy.version, copy.built) == (csv.version, csv.built)
    for table in ("observations", "prognoses", "corop_observations", "nuts3_observations", "measures", "datasets",
                  "corop"):
        pd.testing.assert_frame_equal(getattr(copy, table), getattr(csv, table), check_exact=True)
    # Stronger still: written back as CSV, every file is byte-identical to the source, so the
    # source's own manifest verifies the result.
    out = snapshot_import.write_folder(config.EMBEDDED_SNAPSHOT, tmp_path / "back")
    assert (out / "manifest.json").read_bytes() == (source / "manifest.json").read_bytes()
    verify_manifest(out)


def test_csv_folder_still_accepted_by_flag_and_environment(real_snapshot, monkeypatch, capsys):
    monkeypatch.setenv(config.SNAPSHOT_ENV, str(real_snapshot))
    folder = load_snapshot(config.snapshot_dir())
    assert folder.form == "folder" and folder.root == real_snapshot
    copy = load_snapshot(config.EMBEDDED_SNAPSHOT)
    pd.testing.assert_frame_equal(folder.observations, copy.observations, check_exact=True)
    pd.testing.assert_frame_equal(folder.prognoses, copy.prognoses, check_exact=True)
    monkeypatch.delenv(config.SNAPSHOT_ENV)
    assert main(["validate", "--snapshot", str(real_snapshot)]) == 0
    assert "CSV-map " in capsys.readouterr().out


@pytest.mark.parametrize("name", ["snapshot/observations.parquet", "boundaries/gemeenten_2025.gpkg",
                                  "snapshot/regions/corop_2024.csv"])
def test_a_damaged_in_repo_file_is_refused_naming_it(in_repo_copy, name, tmp_path):
    data = tmp_path / "data"
    shutil.copytree(in_repo_copy.parent, data)
    path = data / name
    blob = bytearray(path.read_bytes())
    blob[len(blob) // 2] ^= 0xFF
    path.write_bytes(bytes(blob))
    with pytest.raises(SnapshotError) as caught:
        load_snapshot(data / "snapshot")
    message = str(caught.value)
    assert str(path) in message and "checksum" in message
    assert "git checkout -- " in message and "python -m monitor snapshot import" in message


def test_validate_names_the_copy_and_a_newer_shared_snapshot(in_repo_copy, tmp_path, monkeypatch, capsys):
    newer = tmp_path / "shared" / "npvr-snapshot"
    newer.mkdir(parents=True)
    manifest = json.loads((in_repo_copy / "source-manifest.json").read_text())
    monkeypatch.setattr(config, "SHARED_SNAPSHOT", newer)

    (newer / "manifest.json").write_text(json.dumps(manifest))  # the same version: nothing to say
    assert main(["validate", "--snapshot", str(in_repo_copy)]) == 0
    out = capsys.readouterr().out
    assert "ingebouwde kopie " in out and "in-repo" not in out
    assert f"versie {manifest['version']}, gebouwd {wording.date(manifest['built'])}" in out
    assert "Nieuwere snapshot" not in out

    (newer / "manifest.json").write_text(json.dumps({**manifest, "version": manifest["version"] + 1, "built": "2999-01-15"}))
    assert main(["validate", "--snapshot", str(in_repo_copy)]) == 0
    out = capsys.readouterr().out
    assert "Nieuwere snapshot beschikbaar" in out and f"versie {manifest['version'] + 1} (gebouwd 15 januari 2999)" in out
    assert f"python -m monitor snapshot import {newer} --into {in_repo_copy.parent}" in out


# --- snapshot import (SYNTHETIC toy data) --------------------------------------------------------

def test_import_converts_exactly_and_prints_what_changed(tmp_path, capsys):
    data = tmp_path / "data"
    source = _toy_source(tmp_path / "v1")
    assert main(["snapshot", "import", str(source), "--into", str(data)]) == 0
    out = capsys.readouterr().out
    assert "versie / version: geen / none -> versie 1 (gebouwd 1 januari 2000)" in out
    toy_2015_rows = sum(1 for row in OBSERVATIONS if row[0] == "toy_2015")
    assert f"+ toy_2015: {toy_2015_rows} rijen/rows" in out and "+ toy_prognose: 3 rijen/rows" in out
    copy, csv = load_snapshot(data / "snapshot"), load_snapshot(source)
    assert copy.form == "embedded"
    for table in ("observations", "prognoses", "corop_observations", "nuts3_observations", "measures", "datasets",
                  "corop"):
        pd.testing.assert_frame_equal(getattr(copy, table), getattr(csv, table), check_exact=True)
    assert copy.prognoses["region_code"].tolist() == ["CR99", "GM9001"]  # the empty value is absent, as in CSV
    assert _sha(data / "boundaries" / "gemeenten_2025.gpkg") == _sha(source / "boundaries" / "gemeenten_2025.gpkg")

    # Version 2: one value changed, one dataset added, one removed.
    source2 = _toy_source(tmp_path / "v2", version=2, built="2000-02-01")
    obs = pd.read_csv(source2 / "observations.csv")
    obs.loc[(obs["dataset"] == "toy_2015") & (obs["region_code"] == "GM9001") & (obs["measure"] == "pop"), "value"] = 1001
    obs = obs[obs["dataset"] != "toy_2013"]
    obs = pd.concat([obs, pd.DataFrame([("toy_2024", "pop", "GM9001", 2024, 7.25)], columns=obs.columns)])
    obs.to_csv(source2 / "observations.csv", index=False)
    datasets = pd.read_csv(source2 / "datasets.csv", dtype=str)
    pd.concat([datasets, datasets.iloc[[0]].assign(dataset="toy_2024")]).to_csv(source2 / "datasets.csv", index=False)
    _refresh_manifest(source2)
    assert main(["snapshot", "import", str(source2), "--into", str(data)]) == 0
    out = capsys.readouterr().out
    assert "versie 1 (gebouwd 1 januari 2000) -> versie 2 (gebouwd 1 februari 2000)" in out
    assert "+ toy_2024: 1 rijen/rows" in out and "- toy_2013: 5 rijen/rows" in out
    assert f"~ toy_2015: {toy_2015_rows} -> {toy_2015_rows} rijen/rows" in out and "~ toy_2025" not in out
    changed_files = out.split("files changed: ")[1].splitlines()[0].split(", ")
    assert "snapshot/observations.parquet" in changed_files and "snapshot/measures.csv" not in changed_files
    new = load_snapshot(data / "snapshot").observations
    row = (new["dataset"] == "toy_2015") & (new["region_code"] == "GM9001") & (new["measure"] == "pop")
    assert new.loc[row, "value"].tolist() == [1001]


def test_import_refuses_a_damaged_source_and_changes_nothing(tmp_path, capsys):
    data = tmp_path / "data"
    assert main(["snapshot", "import", str(_toy_source(tmp_path / "v1")), "--into", str(data)]) == 0
    before = _tree(data)
    bad = _toy_source(tmp_path / "bad", version=2)
    (bad / "observations.csv").write_text((bad / "observations.csv").read_text().replace("900", "901"))
    assert main(["snapshot", "import", str(bad), "--into", str(data)]) == 1  # bad data: exit 1 (README, exit codes)
    err = capsys.readouterr().err
    assert "nothing in" in err and "observations.csv does not match its sha256" in err
    assert _tree(data) == before


@pytest.mark.parametrize("where", ["converting", "swapping"])
def test_a_failed_import_leaves_the_previous_copy_intact(tmp_path, monkeypatch, where):
    data = tmp_path / "data"
    snapshot_import.import_snapshot(_toy_source(tmp_path / "v1"), data)
    before = _tree(data)
    source2 = _toy_source(tmp_path / "v2", version=2, built="2000-02-01")
    if where == "converting":  # dies after observations.parquet was written, before prognoses
        real = snapshot_import._write_parquet
        calls = []

        def failing(rows, path):
            calls.append(path)
            if len(calls) == 2:
                raise OSError("disk full (simulated)")
            real(rows, path)
        monkeypatch.setattr(snapshot_import, "_write_parquet", failing)
    else:  # dies after the old snapshot/ and boundaries/ were moved aside and the new snapshot/ moved in
        real_replace = snapshot_import.os.replace
        calls = []

        def failing(src, dst):
            calls.append(dst)
            if len(calls) == 4:
                raise OSError("power cut (simulated)")
            real_replace(src, dst)
        monkeypatch.setattr(snapshot_import.os, "replace", failing)
    with pytest.raises(OSError, match="simulated"):
        snapshot_import.import_snapshot(source2, data)
    monkeypatch.undo()
    assert _tree(data) == before  # same files, same bytes, no hidden leftovers
    assert load_snapshot(data / "snapshot").version == 1


def test_import_refuses_an_in_repo_copy_as_source(in_repo_copy, tmp_path):
    with pytest.raises(SnapshotError, match="already an in-repo style copy"):
        snapshot_import.import_snapshot(in_repo_copy, tmp_path / "data")
    assert not (tmp_path / "data").exists()


def test_refresh_flow_live_snapshot_then_import_keeps_forecasts_and_corop(tmp_path, monkeypatch):
    """'snapshot --out' (against the hand-made CBS responses of tests/fixtures/odata) then 'snapshot import'."""
    import importlib.util

    from monitor.ingest.job import SnapshotJob
    from monitor.ingest.network import NetworkPolicy
    from monitor.ingest.register import load_register

    fixtures = Path(__file__).parents[1] / "fixtures" / "odata"
    spec = importlib.util.spec_from_file_location("fake_source", fixtures / "fake_source.py")
    fake_source = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(fake_source)
    fake_source.FakeSource(fake_source.load_fixture_tables(),
                           fake_source.square_features(["GM0001", "GM0002", "GM0003"])).install(monkeypatch)
    previous = _toy_source(tmp_path / "previous")  # SYNTHETIC: stands for the copy a user already has
    job = SnapshotJob(out=tmp_path / "live", register=load_register(fixtures / "sources_fixture.yaml"),
                      policy=NetworkPolicy(timeout=7, retries=0, sleep=lambda s: None),
                      regions_dir=previous / "regions", progress=False, indicator_dir=tmp_path,
                      carry_over_from=previous)
    live = job.run()
    assert (live / "regions" / "corop_2024.csv").read_bytes() == (previous / "regions" / "corop_2024.csv").read_bytes()
    snapshot_import.import_snapshot(live, tmp_path / "data")
    copy, before = load_snapshot(tmp_path / "data" / "snapshot"), load_snapshot(previous)
    # the synthetic empty NL01 value is absent in both (only the unused category differs)
    pd.testing.assert_frame_equal(copy.prognoses.astype(str), before.prognoses.astype(str))
    assert copy.prognoses["value"].tolist() == before.prognoses["value"].tolist() == [1234.5, 0.1]
    pd.testing.assert_frame_equal(copy.corop, before.corop, check_exact=True)
    assert copy.built == job.today.isoformat() and "nep_kwb" in set(copy.observations["dataset"])


def test_live_download_into_data_is_refused(capsys):
    before = _tree(DATA / "snapshot")
    assert main(["snapshot", "--out", str(DATA / "snapshot"), "--quiet"]) == 2
    assert "only 'snapshot import' writes" in capsys.readouterr().err
    assert _tree(DATA / "snapshot") == before


def test_a_missing_in_repo_copy_says_how_to_restore_it(tmp_path, monkeypatch):
    monkeypatch.delenv(config.SNAPSHOT_ENV, raising=False)
    monkeypatch.setattr(config, "EMBEDDED_SNAPSHOT", tmp_path / "data" / "snapshot")
    with pytest.raises(SnapshotError, match=r"lacks .*data/snapshot/manifest\.json.*git checkout -- "):
        load_snapshot(config.snapshot_dir())


def test_the_in_repo_copy_is_stamped_verified_and_not_hashed_again(in_repo_copy, tmp_path, monkeypatch):
    from monitor.snapshot import files as snapshot_files, freshness
    from monitor.data import build_if_needed, load_monitor

    build = tmp_path / "build"
    build_if_needed(in_repo_copy, build)
    assert (build / freshness.STAMP_FILE).is_file()
    assert freshness.verified_unchanged(in_repo_copy, build)

    def refuse(path):
        raise AssertionError(f"{path} hashed again although the in-repo copy is unchanged")

    monkeypatch.setattr(snapshot_files, "sha256_of", refuse)
    _, built = build_if_needed(in_repo_copy, build)
    assert not built
    assert len(load_monitor(in_repo_copy, build).values) > 100_000


# --- an interrupted import, a downgrade (SYNTHETIC toy data) ---------------------------------------

KILL_DURING_SWAP = """
import os, signal, sys
from monitor.snapshot import importer as snapshot_import
real, calls = os.replace, []
def replace(src, dst):
    if str(src).endswith(('snapshot', 'boundaries')):
        calls.append(dst)
        if len(calls) == int(sys.argv[3]):
            os.kill(os.getpid(), signal.SIGKILL)  # as a power cut: no cleanup runs
    real(src, dst)
snapshot_import.os.replace = replace
snapshot_import.import_snapshot(sys.argv[1], sys.argv[2])
"""


@pytest.mark.parametrize("renames_done", [1, 2, 3])
def test_an_import_killed_between_its_renames_is_finished_by_the_next_start(tmp_path, renames_done):
    import subprocess
    import sys

    data = tmp_path / "data"
    snapshot_import.import_snapshot(_toy_source(tmp_path / "v1"), data)
    source2 = _toy_source(tmp_path / "v2", version=2, built="2000-02-01")
    env = {"PYTHONPATH": str(Path(__file__).resolve().parents[2]), "PATH": "/usr/bin:/bin"}
    run = subprocess.run([sys.executable, "-c", KILL_DURING_SWAP, str(source2), str(data), str(renames_done)],
                         env=env, capture_output=True, text=True, timeout=300)
    assert run.returncode == -9, run.stderr
    assert (data / ".import-swap.json").is_file()  # a half state: before the fix, data/ had lost a folder
    copy = load_snapshot(data / "snapshot")  # the next start
    assert copy.version == 2 and len(copy.observations)
    assert sorted(p.name for p in data.iterdir()) == ["boundaries", "snapshot"]  # no .import-* leftovers


def test_leftovers_of_a_killed_import_are_cleaned(tmp_path):
    data = tmp_path / "data"
    snapshot_import.import_snapshot(_toy_source(tmp_path / "v1"), data)
    dead = data / ".import-999999999"  # no such process
    (dead / "snapshot").mkdir(parents=True)
    (dead / "snapshot" / "observations.parquet").write_bytes(b"x" * 1000)
    snapshot_import.import_snapshot(_toy_source(tmp_path / "v2", version=2), data)
    assert sorted(p.name for p in data.iterdir()) == ["boundaries", "snapshot"]


def test_an_older_snapshot_is_not_imported_without_allow_older(tmp_path, capsys):
    data = tmp_path / "data"
    assert main(["snapshot", "import", str(_toy_source(tmp_path / "v2", version=2)), "--into", str(data)]) == 0
    capsys.readouterr()
    before = _tree(data)
    older = _toy_source(tmp_path / "v1", version=1)
    assert main(["snapshot", "import", str(older), "--into", str(data)]) == 2
    err = capsys.readouterr().err
    assert "version 1, older than" in err and "(version 2)" in err and "--allow-older" in err
    assert _tree(data) == before
    assert main(["snapshot", "import", str(older), "--into", str(data), "--allow-older"]) == 0
    assert load_snapshot(data / "snapshot").version == 1


def test_import_warns_about_a_file_far_larger_than_such_a_file_is(tmp_path, capsys):
    data = tmp_path / "data"
    assert main(["snapshot", "import", str(_toy_source(tmp_path / "v1")), "--into", str(data)]) == 0
    assert "warning" not in capsys.readouterr().out
    source = _toy_source(tmp_path / "v2", version=2)
    with open(source / "README.md", "w", encoding="utf-8") as readme:  # SYNTHETIC: 12 MB of text
        readme.write("Toelichting (synthetisch).\n" * 450_000)
    _refresh_manifest(source)
    assert main(["snapshot", "import", str(source), "--into", str(data)]) == 0
    out = capsys.readouterr().out
    assert "warning: README.md is 12.2 MB, far larger than such a file should be" in out


def test_a_journal_cut_off_while_written_means_nothing_was_moved(tmp_path):
    data = tmp_path / "data"
    snapshot_import.import_snapshot(_toy_source(tmp_path / "v1"), data)
    before = _tree(data)
    (data / snapshot_import.JOURNAL).write_text('{"stage": ".import-')  # killed while writing it
    assert load_snapshot(data / "snapshot").version == 1
    assert _tree(data) == before
