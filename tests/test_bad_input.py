"""Bad input: clear errors that name the problem, non-zero exit, and nothing half-written."""

from __future__ import annotations

import hashlib
import json

import pytest

from monitor.cli import main
from monitor.errors import SnapshotError
from monitor.snapshot import load_snapshot


def _refresh_manifest(snapshot, name):
    manifest = json.loads((snapshot / "manifest.json").read_text())
    data = (snapshot / name).read_bytes()
    manifest["files"][name] = {"sha256": hashlib.sha256(data).hexdigest(), "bytes": len(data)}
    (snapshot / "manifest.json").write_text(json.dumps(manifest))


def _append_line(snapshot, line):
    with open(snapshot / "observations.csv", "a", encoding="utf-8") as handle:
        handle.write(line + "\n")


def test_wrong_checksum_names_the_file(snapshot_copy):
    data = (snapshot_copy / "datasets.csv").read_bytes()
    (snapshot_copy / "datasets.csv").write_bytes(data.replace(b"CBS", b"CBX", 1))
    with pytest.raises(SnapshotError, match=r"datasets\.csv does not match its sha256"):
        load_snapshot(snapshot_copy)


def test_missing_file_names_the_file(snapshot_copy):
    (snapshot_copy / "boundaries" / "gemeenten_2025.gpkg").unlink()
    with pytest.raises(SnapshotError, match=r"missing: .*gemeenten_2025\.gpkg"):
        load_snapshot(snapshot_copy)


def test_missing_folder_says_what_to_do(tmp_path):
    with pytest.raises(SnapshotError, match="NPVR_SNAPSHOT"):
        load_snapshot(tmp_path / "nowhere")


def test_non_numeric_value_names_the_line(snapshot_copy):
    _append_line(snapshot_copy, "cbs_rmbw_gemeente,SatisfactionLife,GM0014,2023,veel")
    _refresh_manifest(snapshot_copy, "observations.csv")
    with pytest.raises(SnapshotError, match=r"non-numeric value.*GM0014/2023.*'veel'"):
        load_snapshot(snapshot_copy)


def test_period_that_is_not_a_year(snapshot_copy):
    _append_line(snapshot_copy, "cbs_rmbw_gemeente,SatisfactionLife,GM0014,2023Q1,80")
    _refresh_manifest(snapshot_copy, "observations.csv")
    with pytest.raises(SnapshotError, match="not a year"):
        load_snapshot(snapshot_copy)


def test_malformed_manifest(snapshot_copy):
    (snapshot_copy / "manifest.json").write_text("{not json")
    with pytest.raises(SnapshotError, match="not a valid manifest"):
        load_snapshot(snapshot_copy)


def test_cli_build_refuses_bad_snapshot_and_leaves_no_output(snapshot_copy, tmp_path, capsys):
    (snapshot_copy / "measures.csv").write_text("dataset,measure\n")
    out = tmp_path / "build"
    assert main(["build", "--quiet", "--snapshot", str(snapshot_copy), "--build-dir", str(out)]) == 1  # bad data: exit 1
    assert "measures.csv" in capsys.readouterr().err
    assert not out.exists()
    assert list(tmp_path.glob(".build-*")) == []


def test_cli_build_keeps_previous_build_when_catalogue_reference_is_unknown(snapshot_copy, tmp_path, capsys):
    out = tmp_path / "build"
    assert main(["build", "--quiet", "--snapshot", str(snapshot_copy), "--build-dir", str(out)]) == 0
    before = (out / "build.json").read_text()
    # An observation-less measure: make the catalogue's reference disappear from measures.csv.
    lines = (snapshot_copy / "measures.csv").read_text(encoding="utf-8").splitlines(keepends=True)
    (snapshot_copy / "measures.csv").write_text(
        "".join(line for line in lines if not line.startswith("cbs_37259_bevolkingsontwikkeling,Deaths_5")
                and not line.startswith("cbs_37259_bevolkingsontwikkeling,NaturalIncrease_7")), encoding="utf-8")
    _refresh_manifest(snapshot_copy, "measures.csv")
    assert main(["build", "--quiet", "--snapshot", str(snapshot_copy), "--build-dir", str(out)]) == 1  # bad data: exit 1
    assert "unknown measure 'NaturalIncrease_7'" in capsys.readouterr().err
    assert (out / "build.json").read_text() == before


def test_cli_validate_lists_problems_and_exits_non_zero(snapshot_copy, capsys):
    (snapshot_copy / "observations.csv").write_text("garbage")
    assert main(["validate", "--snapshot", str(snapshot_copy)]) == 1
    err = capsys.readouterr().err
    assert "observations.csv" in err and "damaged or was edited" in err


def test_cli_validate_ok_on_real_snapshot(real_snapshot, capsys):
    assert main(["validate", "--snapshot", str(real_snapshot)]) == 0
    assert "11 regio's" in capsys.readouterr().out


def test_cli_unknown_export_format(real_snapshot, tmp_path, capsys):
    code = main(["export", "--snapshot", str(real_snapshot), "--build-dir", str(tmp_path / "b"),
                 "--out", str(tmp_path / "out"), "--formats", "indicatoren.docx"])
    assert code == 2
    assert "indicatoren.docx" in capsys.readouterr().err


@pytest.mark.parametrize("command", ["build", "export", "validate", "snapshot"])
def test_every_command_explains_itself(command, capsys):
    with pytest.raises(SystemExit) as exit_info:
        main([command, "--help"])
    assert exit_info.value.code == 0
    assert len(capsys.readouterr().out) > 300
