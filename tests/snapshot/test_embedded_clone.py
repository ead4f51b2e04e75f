"""A fresh clone runs on the in-repo data: no ../shared beside it, no environment variables.

The clone is simulated by copying every file git would commit (tracked, plus new files that are not
ignored) into an empty temporary folder, so a data file excluded by .gitignore would be missed here.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from monitor import config


def _committable_files(root: Path) -> list[str]:
    try:
        listing = subprocess.run(["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
                                 cwd=root, capture_output=True, check=True).stdout
    except (OSError, subprocess.CalledProcessError) as exc:
        pytest.fail(f"This test needs the project as a git checkout with git installed ({exc}).")
    return [name for name in listing.decode().split("\0") if name]


@pytest.fixture(scope="module")
def clone(tmp_path_factory) -> Path:
    target = tmp_path_factory.mktemp("fresh") / "clone"
    for name in _committable_files(config.PROJECT_ROOT):
        source = config.PROJECT_ROOT / name
        if source.is_file() and not source.is_symlink():
            (target / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(source, target / name)
    assert not (target.parent / "shared").exists()
    return target


def _run(args: list[str], cwd: Path) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if not k.startswith("NPVR_") and k != "PYTHONPATH"}
    return subprocess.run([sys.executable, "-m", "monitor", *args], cwd=cwd, env=env,
                          capture_output=True, text=True, timeout=300)


def test_a_clone_without_shared_exports_the_same_indicatoren_csv(clone, real_snapshot, tmp_path):
    validate = _run(["validate"], clone)
    assert validate.returncode == 0, validate.stderr
    assert "ingebouwde kopie data/snapshot + data/boundaries (versie " in validate.stdout

    ours = _run(["export", "--out", str(tmp_path / "clone-export"), "--formats", "indicatoren.csv"], clone)
    assert ours.returncode == 0, ours.stderr
    assert (clone / "build").is_dir()  # built inside the clone, from its own data

    csv_snapshot = config.SHARED_SNAPSHOT if (config.SHARED_SNAPSHOT / "manifest.json").is_file() else real_snapshot
    theirs = _run(["export", "--snapshot", str(csv_snapshot), "--build-dir", str(tmp_path / "build"),
                   "--out", str(tmp_path / "csv-export"), "--formats", "indicatoren.csv"], config.PROJECT_ROOT)
    assert theirs.returncode == 0, theirs.stderr
    exported = (tmp_path / "clone-export" / "indicatoren.csv").read_bytes()
    assert len(exported.splitlines()) > 100_000
    assert exported == (tmp_path / "csv-export" / "indicatoren.csv").read_bytes()
