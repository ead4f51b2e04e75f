"""Bad input, the build folder: ``--build-dir`` / ``NPVR_BUILD_DIR`` follow the ``--out`` rule.

Every build replaces its folder as a whole, so a folder that is not a build (a clone, a thesis
folder, a file) is refused with exit code 2, naming it, before any work; nothing is deleted.
"""

from __future__ import annotations

import json

import pytest

from monitor.cli import main


def _clone(folder):
    """A folder that looks like a user's clone (SYNTHETIC content)."""
    (folder / ".git").mkdir(parents=True)
    (folder / ".git" / "HEAD").write_text("ref: refs/heads/main\n")
    (folder / "README.md").write_text("mijn kloon")
    (folder / "analyse.py").write_text("print('keep me')")
    return _files(folder)


def _files(folder):
    return {p.relative_to(folder): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


@pytest.fixture
def no_work(monkeypatch):
    """Reading a snapshot fails the test: the build folder must be refused first."""
    def forbidden(*args, **kwargs):
        raise AssertionError("the snapshot was read before the build folder was checked")

    monkeypatch.setattr("monitor.data.load_snapshot", forbidden)
    monkeypatch.setattr("monitor.compute.build.load_snapshot", forbidden)


@pytest.mark.parametrize("argv", [["build", "--quiet"], ["build", "--quiet", "--force"],
                                  ["export", "--out", "OUT"], ["report", "--region", "twente", "--out", "OUT"]])
def test_build_dir_dot_in_a_clone_is_refused(argv, tmp_path, monkeypatch, capsys, no_work):
    clone = tmp_path / "kloon"
    before = _clone(clone)
    monkeypatch.chdir(clone)
    argv = [str(tmp_path / "uit") if a == "OUT" else a for a in argv]
    assert main([*argv, "--build-dir", "."]) == 2
    err = capsys.readouterr().err
    assert str(clone) in err and "not a build" in err and "Traceback" not in err
    assert _files(clone) == before


def test_env_build_dir_with_other_content_is_refused(tmp_path, monkeypatch, capsys, no_work):
    thesis = tmp_path / "scriptie"
    before = _clone(thesis)
    monkeypatch.setenv("NPVR_BUILD_DIR", str(thesis))
    assert main(["build", "--quiet"]) == 2
    err = capsys.readouterr().err
    assert "NPVR_BUILD_DIR" in err and str(thesis) in err
    assert _files(thesis) == before


def test_build_dir_that_is_a_file_is_refused(tmp_path, capsys, no_work):
    target = tmp_path / "bestand.txt"
    target.write_text("keep")
    assert main(["build", "--quiet", "--build-dir", str(target)]) == 2
    err = capsys.readouterr().err
    assert "is an existing file" in err and "Traceback" not in err
    assert target.read_text() == "keep"


def test_a_build_folder_with_a_stranger_is_refused(real_snapshot, tmp_path, capsys):
    out = tmp_path / "build"
    assert main(["build", "--quiet", "--snapshot", str(real_snapshot), "--build-dir", str(out)]) == 0
    meta = json.loads((out / "build.json").read_text())
    assert set(meta["files"]) == {"build.json", "indicator_values.parquet"}
    (out / "mijn_notities.txt").write_text("keep")
    assert main(["build", "--quiet", "--force", "--snapshot", str(real_snapshot), "--build-dir", str(out)]) == 2
    assert "mijn_notities.txt" in capsys.readouterr().err
    assert (out / "mijn_notities.txt").read_text() == "keep"
    (out / "mijn_notities.txt").unlink()
    assert main(["build", "--quiet", "--force", "--snapshot", str(real_snapshot), "--build-dir", str(out)]) == 0


def test_library_build_refuses_a_folder_with_other_content(real_snapshot, tmp_path):
    from monitor.compute.build import build
    from monitor.output.outfolder import OutFolderError

    clone = tmp_path / "kloon"
    before = _clone(clone)
    with pytest.raises(OutFolderError, match="not a build"):
        build(real_snapshot, clone)
    assert _files(clone) == before


def test_app_refuses_a_build_dir_with_other_content(tmp_path, monkeypatch):
    from monitor.data import load_monitor
    from monitor.output.outfolder import OutFolderError

    home = tmp_path / "home"
    before = _clone(home)
    monkeypatch.setenv("NPVR_BUILD_DIR", str(home))
    with pytest.raises(OutFolderError, match="NPVR_BUILD_DIR"):
        load_monitor()
    assert _files(home) == before


def test_an_up_to_date_build_on_a_read_only_disk_is_read(real_snapshot, tmp_path, monkeypatch):
    """A deployment may ship a finished build read-only: reading it needs no write access."""
    from monitor.output import outfolder
    from monitor.data import load_monitor

    build = tmp_path / "build"
    load_monitor(real_snapshot, build)
    monkeypatch.setattr(outfolder.os, "access", lambda path, mode: False)  # as for a read-only mount
    assert len(load_monitor(real_snapshot, build).values) > 100_000
    with pytest.raises(outfolder.OutFolderError, match="not writable"):
        load_monitor(real_snapshot, tmp_path / "new-build")
