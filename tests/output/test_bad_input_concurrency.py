"""Concurrency and interruption: many writers at once, a snapshot swapped mid-export, SIGTERM.

Bounded and fast: a few processes and threads for a second or two, subprocesses with timeouts.
"""

from __future__ import annotations

import hashlib
import json
import multiprocessing
import signal
import subprocess
import sys
import textwrap
import threading
import time
import types
from pathlib import Path

import geopandas as gpd
import pytest

from monitor.compute.build import build, write_atomically
from monitor.catalogue import load_catalogue
from monitor.data import Monitor
from monitor.exports.writer import export
from monitor.regions import load_regions
from monitor.snapshot import load_snapshot
from synthetic.toy_snapshot import write_toy_snapshot

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[2]
ROUNDS = 25


def _write_many(target: str, writer: int, rounds: int = ROUNDS) -> int:
    """Write ``rounds`` complete builds of two files that must agree; return the number of errors."""
    errors = 0
    for i in range(rounds):
        tag = f"{writer}-{i}"
        try:
            write_atomically(Path(target), {"a.txt": lambda p, t=tag: p.write_text(t),
                                            "b.txt": lambda p, t=tag: p.write_text(t)})
        except Exception:  # noqa: BLE001 - counted, the test asserts there are none
            errors += 1
    return errors


def _leftovers(parent: Path, name: str) -> list[str]:
    return sorted(p.name for p in parent.iterdir() if p.name.startswith(f".{name}"))


def test_four_processes_write_the_same_build_at_once(tmp_path, monkeypatch):
    target = tmp_path / "build"
    # Spawned, not forked: a fork of this (multi-threaded) test process can deadlock in the child on
    # a lock another thread held, and then the test would wait for ever. A time limit all the same.
    context = multiprocessing.get_context("spawn")
    # A spawned child first runs the parent's __main__. After an AppTest in this process that is
    # app.py (Streamlit's script runner installs the script as __main__ and leaves it there): each
    # child would run the app and, failing, be replaced by the pool for ever. No main for the children.
    monkeypatch.setitem(sys.modules, "__main__", types.ModuleType("__main__"))
    with context.Pool(4) as pool:
        errors = pool.starmap_async(_write_many, [(str(target), w) for w in range(4)]).get(timeout=120)
    assert errors == [0, 0, 0, 0]
    assert _leftovers(tmp_path, "build") == []
    a, b = (target / "a.txt").read_text(), (target / "b.txt").read_text()
    assert a == b and a.endswith(f"-{ROUNDS - 1}")  # one writer's complete last build
    # and the process keeps working afterwards
    assert _write_many(str(target), 9, rounds=2) == 0 and (target / "a.txt").read_text() == "9-1"


def test_four_threads_write_the_same_build_at_once(tmp_path):
    target = tmp_path / "build"
    errors: list[int] = []
    threads = [threading.Thread(target=lambda w=w: errors.append(_write_many(str(target), w))) for w in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert errors == [0, 0, 0, 0]
    assert _leftovers(tmp_path, "build") == []
    assert (target / "a.txt").read_text() == (target / "b.txt").read_text()


def test_failed_writer_leaves_previous_build_and_no_temp(tmp_path):
    target = tmp_path / "build"
    write_atomically(target, {"a.txt": lambda p: p.write_text("old")})

    def broken(path):
        path.write_text("half")
        raise OSError("disk full (simulated)")

    with pytest.raises(OSError):
        write_atomically(target, {"a.txt": broken})
    assert (target / "a.txt").read_text() == "old" and _leftovers(tmp_path, "build") == []


# --- a snapshot replaced on disk while an export runs -----------------------------------------------

def test_snapshot_swapped_mid_export_does_not_mix(tmp_path):
    """SYNTHETIC toy snapshot: names and polygons in the export come from the snapshot that was loaded."""
    paths = write_toy_snapshot(tmp_path)
    snap_dir = paths["snapshot"]
    snapshot = load_snapshot(snap_dir)
    result = build(snapshot, tmp_path / "build", regions_path=paths["regions"], indicator_dir=paths["catalogue"],
                   crosswalk_path=paths["crosswalk"])
    monitor = Monitor(values=result.values, catalogue=load_catalogue(paths["catalogue"]),
                      regions=load_regions(paths["regions"]), snapshot=snapshot, meta=result.meta)
    # Another process replaces the snapshot: renamed gemeenten, moved polygons, a valid manifest.
    gpkg = snap_dir / "boundaries" / "gemeenten_2025.gpkg"
    other = gpd.read_file(gpkg)
    other["gemeente_name"] = "VERVANGEN " + other["gemeente_name"]
    other["geometry"] = other.translate(50000, 0)
    gpkg.unlink()
    other.to_file(gpkg, layer="gemeenten", driver="GPKG")
    manifest = json.loads((snap_dir / "manifest.json").read_text())
    data = gpkg.read_bytes()
    manifest["files"]["boundaries/gemeenten_2025.gpkg"] = {"sha256": hashlib.sha256(data).hexdigest(), "bytes": len(data)}
    (snap_dir / "manifest.json").write_text(json.dumps(manifest))

    out = tmp_path / "export"
    export(monitor, out, formats=("gemeenten.gpkg", "indicatoren.csv"))
    exported = gpd.read_file(out / "gemeenten.gpkg")
    assert not exported["gemeente_name"].str.startswith("VERVANGEN").any()
    assert exported.total_bounds[0] < 160000  # the loaded polygons, not the moved ones
    assert "VERVANGEN" not in (out / "indicatoren.csv").read_text()


# --- SIGTERM cleans up like Ctrl-C -------------------------------------------------------------------

SLOW_COMMAND = textwrap.dedent("""
    import sys, time
    from pathlib import Path
    from monitor import cli
    from monitor.output import atomic

    out, ready, kind = Path(sys.argv[1]), Path(sys.argv[2]), sys.argv[3]

    def slow_writer(path):
        path.write_bytes(b"x" * 100_000)
        ready.write_text("writing")
        time.sleep(30)

    def slow_command(args):
        if kind == "export":
            out.mkdir(exist_ok=True)
            atomic.write_into_folder(out, {"indicatoren.csv": slow_writer})
        elif kind == "export-concurrent":  # the workbook's writer runs in a forked child meanwhile
            out.mkdir(exist_ok=True)
            atomic.write_into_folder(out, {"indicatoren.csv": slow_writer, "indicatoren.xlsx": slow_writer},
                                     concurrent=("indicatoren.xlsx",))
        else:
            atomic.replace_folder(out, lambda temp: slow_writer(temp / "indicator_values.parquet"))
        return 0

    cli.cmd_export = slow_command
    sys.exit(cli.main(["export", "--out", str(out)]))
""")


@pytest.mark.parametrize("kind, prefix", [("export", ".export-"), ("export-concurrent", ".export-"),
                                          ("build", ".build-")])
def test_sigterm_removes_temporary_files(tmp_path, kind, prefix):
    out, ready = tmp_path / kind, tmp_path / "ready"
    process = subprocess.Popen([sys.executable, "-c", SLOW_COMMAND, str(out), str(ready), kind], cwd=ROOT,
                               stderr=subprocess.PIPE, text=True)
    try:
        deadline = time.monotonic() + 30
        while not ready.exists() and process.poll() is None and time.monotonic() < deadline:
            time.sleep(0.05)
        assert ready.exists(), "the slow writer never started"
        process.send_signal(signal.SIGTERM)
        _, err = process.communicate(timeout=15)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
    assert process.returncode == 143, err
    assert "Afgebroken" in err and "Traceback" not in err
    temps = [p for p in tmp_path.rglob("*") if p.name.startswith(prefix)]
    assert temps == []


# --- a writer in a forked child (monitor.output.background): errors come back, nothing is left ------------

def _target(tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    (out / "a.csv").write_text("previous")
    return out


def _quick(path):
    path.write_text("new")


def test_error_of_the_concurrent_writer_is_raised_here(tmp_path):
    import os

    from monitor.output import atomic

    out = _target(tmp_path)

    def broken(path):
        path.write_bytes(b"half")
        raise OSError(f"disk full (simulated) in process {os.getpid()}")

    with pytest.raises(OSError, match="disk full") as caught:
        atomic.write_into_folder(out, {"a.csv": _quick, "b.xlsx": broken}, concurrent=("b.xlsx",))
    assert f"in process {os.getpid()}" not in str(caught.value), "it ran in a child process"
    assert any("Raised in the process writing b.xlsx" in note for note in caught.value.__notes__)
    assert sorted(p.name for p in out.iterdir()) == ["a.csv"] and (out / "a.csv").read_text() == "previous"


def test_killed_concurrent_writer_is_an_error_not_a_hang(tmp_path):
    import os

    from monitor.output import atomic

    out = _target(tmp_path)

    def killed(path):
        path.write_bytes(b"half")
        os.kill(os.getpid(), signal.SIGKILL)

    with pytest.raises(ChildProcessError, match="b.xlsx stopped without finishing"):
        atomic.write_into_folder(out, {"a.csv": _quick, "b.xlsx": killed}, concurrent=("b.xlsx",))
    assert sorted(p.name for p in out.iterdir()) == ["a.csv"] and (out / "a.csv").read_text() == "previous"


def test_failing_writer_here_stops_the_concurrent_one(tmp_path):
    import os

    from monitor.output import atomic

    out, pid_file = _target(tmp_path), tmp_path / "child.pid"

    def slow(path):
        pid_file.write_text(str(os.getpid()))
        path.write_bytes(b"half")
        time.sleep(60)

    def broken(path):
        deadline = time.monotonic() + 30
        while not (pid_file.exists() and pid_file.read_text()) and time.monotonic() < deadline:
            time.sleep(0.02)  # the pid written in full (a child stopped by SIGTERM ends at once)
        raise OSError("disk full (simulated)")

    started = time.monotonic()
    with pytest.raises(OSError, match="disk full"):
        atomic.write_into_folder(out, {"a.csv": broken, "b.xlsx": slow}, concurrent=("b.xlsx",))
    assert time.monotonic() - started < 30
    child = int(pid_file.read_text())
    with pytest.raises(ProcessLookupError):  # ended and reaped, not left running
        os.kill(child, 0)
    assert sorted(p.name for p in out.iterdir()) == ["a.csv"] and (out / "a.csv").read_text() == "previous"


def test_single_writer_is_not_forked(tmp_path):
    import os

    from monitor.output import atomic

    out = _target(tmp_path)
    atomic.write_into_folder(out, {"b.xlsx": lambda p: p.write_text(str(os.getpid()))}, concurrent=("b.xlsx",))
    assert (out / "b.xlsx").read_text() == str(os.getpid())


def test_stuck_concurrent_writer_is_stopped_and_its_file_written_here(tmp_path, monkeypatch, caplog):
    import os

    from monitor.output import atomic, background

    out, parent = _target(tmp_path), os.getpid()
    monkeypatch.setattr(background, "WAIT_SECONDS", 1.0)

    def stuck_in_child(path):
        if os.getpid() != parent:  # as a deadlocked fork would: never returns
            time.sleep(60)
        path.write_text(f"written by {os.getpid()}")

    started = time.monotonic()
    atomic.write_into_folder(out, {"a.csv": _quick, "b.xlsx": stuck_in_child}, concurrent=("b.xlsx",))
    assert time.monotonic() - started < 20
    assert (out / "b.xlsx").read_text() == f"written by {parent}" and (out / "a.csv").read_text() == "new"
    assert "did not finish within 1 s" in caplog.text
    assert sorted(p.name for p in out.iterdir()) == ["a.csv", "b.xlsx"]  # no temporary folder left


def test_handover_computed_here_and_sent_to_the_concurrent_writer(tmp_path):
    import os

    from monitor.output import atomic
    from monitor.output.background import Handover

    out, parent = _target(tmp_path), os.getpid()
    computed = []
    late = Handover(lambda: computed.append(os.getpid()) or f"computed in {os.getpid()}")

    def uses_it(path):
        path.write_text(f"{late.get()}; written in {os.getpid()}")

    atomic.write_into_folder(out, {"a.csv": _quick, "b.xlsx": uses_it}, concurrent=("b.xlsx",), handovers=(late,))
    text = (out / "b.xlsx").read_text()
    assert text.startswith(f"computed in {parent}; written in ") and not text.endswith(str(parent))
    assert computed == [parent]  # once, here
    # A writer alone still gets a child when it needs a handover: the value is computed here meanwhile.
    alone = Handover(lambda: f"computed in {os.getpid()}")
    atomic.write_into_folder(out, {"b.xlsx": lambda p: p.write_text(f"{alone.get()}; written in {os.getpid()}")},
                             concurrent=("b.xlsx",), handovers=(alone,))
    text = (out / "b.xlsx").read_text()
    assert text.startswith(f"computed in {parent}; written in ") and not text.endswith(str(parent))


def test_a_handover_read_by_two_writers_of_one_child_is_sent_once(tmp_path):
    """The workbook and grens.csv share Over de grens in the workbook's child: the second get() keeps the value."""
    import os

    from monitor.output import atomic
    from monitor.output.background import Handover

    out, parent = _target(tmp_path), os.getpid()
    shared = Handover(lambda: f"computed in {os.getpid()}")

    def first(path):
        path.write_text(f"{shared.get()}; written in {os.getpid()}")

    def second(path):  # would wait for a second value that never comes, if get() did not keep it
        path.write_text(shared.get())

    atomic.write_into_folder(out, {"a.csv": _quick, "b.xlsx": first, "c.csv": second},
                             concurrent=(("b.xlsx", "c.csv"),), handovers=(shared,))
    assert (out / "c.csv").read_text() == f"computed in {parent}"
    assert not (out / "b.xlsx").read_text().endswith(f"written in {parent}")


def test_concurrent_writer_that_dies_before_its_handover_is_an_error_not_a_hang(tmp_path):
    import os

    from monitor.output import atomic
    from monitor.output.background import Handover

    out = _target(tmp_path)
    big = Handover(lambda: "x" * 5_000_000)  # more than a pipe holds: a blocking send would hang

    def dies(path):
        os.kill(os.getpid(), signal.SIGKILL)

    started = time.monotonic()
    with pytest.raises(ChildProcessError, match="b.xlsx stopped without finishing"):
        atomic.write_into_folder(out, {"a.csv": _quick, "b.xlsx": dies}, concurrent=("b.xlsx",), handovers=(big,))
    assert time.monotonic() - started < 20
    assert sorted(p.name for p in out.iterdir()) == ["a.csv"] and (out / "a.csv").read_text() == "previous"


def test_a_group_of_concurrent_writers_runs_in_one_child_in_order(tmp_path, monkeypatch):
    import os

    from monitor.output import atomic, background

    out, parent, order = _target(tmp_path), os.getpid(), []

    def writer(path):
        order.append(path.name)  # seen only by the process that runs it
        path.write_text(f"{os.getpid()} {' '.join(order)}")

    atomic.write_into_folder(out, {"a.csv": _quick, "c.gpkg": writer, "b.docx": writer, "d.pdf": writer},
                             concurrent=(("c.gpkg", "b.docx", "d.pdf"),))
    pids = {(out / name).read_text().split()[0] for name in ("c.gpkg", "b.docx", "d.pdf")}
    assert len(pids) == 1 and pids != {str(parent)}  # one child wrote all three
    assert (out / "d.pdf").read_text().split()[1:] == ["c.gpkg", "b.docx", "d.pdf"]  # in the group's order
    # A stuck group is stopped and all its files are written here.
    monkeypatch.setattr(background, "WAIT_SECONDS", 1.0)

    def stuck(path):
        if os.getpid() != parent:
            time.sleep(60)
        path.write_text(str(os.getpid()))

    atomic.write_into_folder(out, {"a.csv": _quick, "c.gpkg": stuck, "b.docx": stuck}, concurrent=(("c.gpkg", "b.docx"),))
    assert (out / "c.gpkg").read_text() == (out / "b.docx").read_text() == str(parent)
    # A group that is every writer, with nothing to hand over, is not forked: this process would only wait.
    atomic.write_into_folder(out, {"c.gpkg": writer, "b.docx": writer}, concurrent=(("c.gpkg", "b.docx"),))
    assert (out / "b.docx").read_text().split()[0] == str(parent)
