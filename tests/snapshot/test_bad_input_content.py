"""Bad input, snapshot content: a snapshot whose checksums match but whose figures are odd is refused.

Each case tampers with the SYNTHETIC toy snapshot (tests/synthetic, made-up numbers), refreshes the
manifest's checksums as an attacker would, and expects a refusal that names the problem — from the
loader (so build, export and the app), from ``validate`` and from ``snapshot --check`` alike.
"""

from __future__ import annotations

import hashlib
import json
import time

import pytest

from monitor.compute.build import build
from monitor.catalogue import load_catalogue
from monitor.cli import main
from monitor.errors import CatalogueError, SnapshotError
from monitor.snapshot import load_snapshot
from monitor.snapshot.checks import SnapshotContentError, content_problems, range_problems
from synthetic.toy_snapshot import CATALOGUE, write_toy_snapshot

HEADER = "dataset,measure,region_code,period,value\n"


@pytest.fixture
def toy(tmp_path):
    return write_toy_snapshot(tmp_path)


def _refresh(snapshot, name, **manifest_fields):
    manifest = json.loads((snapshot / "manifest.json").read_text())
    data = (snapshot / name).read_bytes()
    manifest["files"][name] = {"sha256": hashlib.sha256(data).hexdigest(), "bytes": len(data)}
    manifest.update(manifest_fields)
    (snapshot / "manifest.json").write_text(json.dumps(manifest))


def _observations(snapshot) -> list[str]:
    return (snapshot / "observations.csv").read_text().splitlines(keepends=True)


def _write_observations(snapshot, lines, **manifest_fields):
    (snapshot / "observations.csv").write_text("".join(lines))
    _refresh(snapshot, "observations.csv", **manifest_fields)


def _set_value(lines, key, value) -> list[str]:
    """Replace the value of the row whose first four fields are ``key`` (``dataset,measure,code,period``)."""
    assert any(line.startswith(key + ",") for line in lines), key
    return [f"{key},{value}\n" if line.startswith(key + ",") else line for line in lines]


def _refused(snapshot) -> str:
    with pytest.raises(SnapshotContentError) as info:
        load_snapshot(snapshot)
    return str(info.value)


def test_toy_snapshot_is_accepted(toy):
    snapshot = load_snapshot(toy["snapshot"])
    assert content_problems(snapshot) == []


def test_exact_duplicate_row_is_refused(toy):
    snap = toy["snapshot"]
    lines = _observations(snap)
    twice = next(line for line in lines if line.startswith("toy_2025,pop,GM9001"))
    _write_observations(snap, lines + [twice])
    message = _refused(snap)
    assert "2 rows are exact copies" in message and "toy_2025/pop/GM9001/2025" in message


def test_two_values_for_one_key_are_refused(toy):
    snap = toy["snapshot"]
    _write_observations(snap, _observations(snap) + ["toy_2025,pop,GM9001,2025,5\n"])
    message = _refused(snap)
    assert "different values for the same dataset/measure/region/period" in message
    assert "toy_2025/pop/GM9001/2025" in message


def test_unknown_gemeente_code_is_refused(toy):
    snap = toy["snapshot"]
    _write_observations(snap, _observations(snap) + ["toy_2025,pop,GM9999,2025,10\n"])
    assert "GM9999 (2025)" in _refused(snap)


def test_code_used_after_its_merger_is_refused(real_snapshot):
    """Uses the project's merger table: Appingedam (GM0003) merged into Eemsdelta on 1 January 2021."""
    from monitor.snapshot.checks import _code_problems, code_validity

    import pandas as pd

    frame = pd.DataFrame({"region_code": ["GM0003", "GM0003", "GM1979", "NL01"], "period": [2020, 2022, 2015, 2022]})
    problems = _code_problems("observations.csv", frame, code_validity(real_snapshot, ["GM1979"]), forecast=False)
    assert problems == ["observations.csv: gemeente code(s) used after the gemeente was merged away "
                        "(merger table): GM0003 in 2022, gone after 2020"]


@pytest.mark.parametrize("value, expected", [
    ("inf", "not finite numbers (inf)"),
    ("-inf", "not finite numbers (inf)"),
    ("1e308", "beyond ±1e+15"),
])
def test_infinite_or_absurd_values_are_refused(toy, value, expected):
    snap = toy["snapshot"]
    lines = _set_value(_observations(snap), "toy_2025,pop,GM9002,2025", value)
    _write_observations(snap, lines)
    message = _refused(snap)
    assert expected in message and "toy_2025/pop/GM9002/2025" in message


def test_header_only_observations_are_refused(toy):
    snap = toy["snapshot"]
    _write_observations(snap, [HEADER])
    assert "observations.csv has no rows" in _refused(snap)


def test_rows_lost_while_the_manifest_still_counts_them(toy):
    snap = toy["snapshot"]
    lines = _observations(snap)
    kept = lines[: 1 + int((len(lines) - 1) * 0.6)]  # 40 % of the rows gone
    _write_observations(snap, kept, observations=len(lines) - 1)
    message = _refused(snap)
    assert f"holds {len(kept) - 1} rows with a value, manifest.json says {len(lines) - 1}" in message


@pytest.mark.parametrize("name", ["../../x", "/etc/hostname", "regions/../../outside.csv"])
def test_manifest_entries_outside_the_folder_are_refused(toy, name):
    snap = toy["snapshot"]
    manifest = json.loads((snap / "manifest.json").read_text())
    manifest["files"][name] = {"sha256": "0" * 64, "bytes": 1}
    (snap / "manifest.json").write_text(json.dumps(manifest))
    assert "not a file inside the snapshot folder" in _refused(snap)


def test_manifest_entry_through_a_link_out_of_the_folder_is_refused(toy, tmp_path):
    snap = toy["snapshot"]
    outside = tmp_path / "outside.txt"
    outside.write_text("secret")
    (snap / "link.txt").symlink_to(outside)
    _refresh(snap, "link.txt")
    assert "leads outside the snapshot folder" in _refused(snap)


def test_many_problems_are_listed_together(toy):
    snap = toy["snapshot"]
    lines = _observations(snap)
    _write_observations(snap, lines + [lines[1], "toy_2025,pop,GM9999,2025,inf\n"])
    with pytest.raises(SnapshotContentError) as info:
        load_snapshot(snap)
    assert len(info.value.problems) >= 3


# --- valid ranges from the catalogue ---------------------------------------------------------------

RANGED = CATALOGUE.replace("    aggregation: sum\n    tolerance: 0\n    sources:\n      - {dataset: toy_2013",
                           "    aggregation: sum\n    tolerance: 0\n    valid_range: [0, null]\n    sources:\n"
                           "      - {dataset: toy_2013", 1)
RANGED = RANGED.replace("    min_coverage: 0.5\n", "    min_coverage: 0.5\n    valid_range: [0, 100]\n", 1)


@pytest.fixture
def ranged(toy):
    (toy["catalogue"] / "toy.yaml").write_text(RANGED, encoding="utf-8")
    catalogue = load_catalogue(toy["catalogue"])
    assert catalogue.get("bevolking").valid_range == (0, None)
    assert catalogue.get("tevredenheid").valid_range == (0, 100)
    return toy, catalogue


def test_values_within_range_pass(ranged):
    toy, catalogue = ranged
    assert range_problems(load_snapshot(toy["snapshot"]), catalogue) == []


def test_negative_population_and_250_percent_share_are_refused(ranged):
    toy, catalogue = ranged
    snap = toy["snapshot"]
    lines = _set_value(_observations(snap), "toy_2025,pop,GM9003,2025", -1000)
    lines = _set_value(lines, "toy_2025,survey,GM9001,2025", 250)
    _write_observations(snap, lines)
    problems = range_problems(load_snapshot(snap), catalogue)
    assert any("toy_2025/pop" in p and "[0, inf] of indicator bevolking" in p and "GM9003/2025 = -1000" in p
               for p in problems)
    assert any("toy_2025/survey" in p and "[0, 100]" in p and "GM9001/2025 = 250" in p for p in problems)
    with pytest.raises(CatalogueError, match="GM9003/2025 = -1000"):
        build(snap, toy["snapshot"].parent / "build", regions_path=toy["regions"], indicator_dir=toy["catalogue"],
              crosswalk_path=toy["crosswalk"])
    assert not (toy["snapshot"].parent / "build").exists()


# --- validate and snapshot --check agree ------------------------------------------------------------

def test_validate_and_snapshot_check_agree(toy, capsys):
    snap = toy["snapshot"]
    lines = _observations(snap)
    _write_observations(snap, lines + [lines[1]])
    assert main(["validate", "--snapshot", str(snap)]) == 1
    validate_err = capsys.readouterr().err
    assert main(["snapshot", "--check", str(snap)]) == 1
    check_out = capsys.readouterr().out
    for text in ("exact copies of another row", "toy_2013/pop/GM9001/2013"):
        assert text in validate_err and text in check_out
    assert "FOUT" in check_out


def test_cli_build_refuses_duplicate_row_with_exit_1(toy, tmp_path, capsys):
    snap = toy["snapshot"]
    lines = _observations(snap)
    _write_observations(snap, lines + [lines[1]])
    out = tmp_path / "build"
    assert main(["build", "--quiet", "--snapshot", str(snap), "--build-dir", str(out)]) == 1
    assert "exact copies" in capsys.readouterr().err
    assert not out.exists() and not list(tmp_path.glob(".build-*"))


def test_real_snapshot_passes_every_content_check_quickly(real_snapshot):
    snapshot = load_snapshot(real_snapshot)
    started = time.perf_counter()
    problems = content_problems(snapshot) + range_problems(snapshot, load_catalogue())
    elapsed = time.perf_counter() - started
    assert problems == []
    assert elapsed < 2.0, f"content checks took {elapsed:.2f} s (target < 0.5 s on an idle machine)"


def test_content_error_is_a_snapshot_error():
    assert issubclass(SnapshotContentError, SnapshotError)


@pytest.mark.parametrize("name, code, expected", [
    ("corop_observations.csv", "GM0153", "not a COROP code (CR##) or NL01"),
    ("nuts3_observations.csv", "FR101", "not a NUTS code of NL, BE or DE"),
])
def test_version_3_tables_hold_only_their_own_codes(toy, name, code, expected):
    # SYNTHETIC rows: the regional accounts are COROP-only, the Eurostat extract NUTS-only.
    snap = toy["snapshot"]
    good = "CR12" if name.startswith("corop") else "NL213"
    (snap / name).write_text(f"{HEADER}x,m,{good},2020,1.5\nx,m,{code},2020,2.5\nx,m,{good},2021,1.5\n")
    _refresh(snap, name)
    assert f"{name}: region code(s) that are {expected}: {code}" in _refused(snap)
    (snap / name).write_text(f"{HEADER}x,m,{good},2020,1.5\nx,m,{good},2020,2.5\n")
    _refresh(snap, name)
    assert f"{name}: " in _refused(snap) and "x/m/" + good in _refused(snap)
