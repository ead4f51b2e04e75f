"""Shared fixtures.

Tests run on the real CBS snapshot: by default the in-repo copy (data/snapshot + data/boundaries),
or $NPVR_SNAPSHOT. Tests that read or damage the CSV files get it as a CSV snapshot folder
(``real_snapshot``): $NPVR_SNAPSHOT if that is one, else the in-repo copy written out once per
session into a temporary folder. Synthetic data lives in tests/synthetic/ and is labelled as such.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from monitor.config import snapshot_dir


@pytest.fixture(scope="session")
def default_snapshot() -> Path:
    """The snapshot the monitor uses by default (the in-repo copy unless $NPVR_SNAPSHOT is set)."""
    path = snapshot_dir()
    if not (path / "manifest.json").is_file():
        pytest.fail(f"The real snapshot is needed for these tests and was not found at {path}. "
                    f"Restore the in-repo copy with 'git checkout -- data/snapshot data/boundaries' "
                    f"or set NPVR_SNAPSHOT.")
    return path


@pytest.fixture(scope="session")
def real_snapshot(default_snapshot, tmp_path_factory) -> Path:
    """The real snapshot as a CSV snapshot folder (the format of ../shared/npvr-snapshot)."""
    from monitor.snapshot.embedded import is_embedded
    from monitor.snapshot.importer import write_folder

    if not is_embedded(default_snapshot):
        return default_snapshot
    return write_folder(default_snapshot, tmp_path_factory.mktemp("csv") / "npvr-snapshot")


@pytest.fixture(scope="session")
def monitor(default_snapshot, tmp_path_factory):
    """The monitor built from the default snapshot into a temporary build folder (once per session)."""
    from monitor.data import load_monitor

    return load_monitor(default_snapshot, tmp_path_factory.mktemp("build"))


@pytest.fixture
def snapshot_copy(real_snapshot, tmp_path) -> Path:
    """A writable copy of the real snapshot, for tests that damage it (deleted afterwards)."""
    target = tmp_path / "snapshot"
    shutil.copytree(real_snapshot, target)
    for path in target.rglob("*"):
        path.chmod(0o644 if path.is_file() else 0o755)
    target.chmod(0o755)
    return target
