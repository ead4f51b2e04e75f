"""Shared fixtures.

Tests run on the real CBS snapshot in ../shared/npvr-snapshot (or $NPVR_SNAPSHOT); it is read at
run time and never copied into the repository. Synthetic data lives in tests/synthetic/ and is
labelled as such.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from monitor.config import snapshot_dir


@pytest.fixture(scope="session")
def real_snapshot() -> Path:
    path = snapshot_dir()
    if not (path / "manifest.json").is_file():
        pytest.fail(f"The real snapshot is needed for these tests and was not found at {path}. "
                    f"Put ../shared/npvr-snapshot beside the project or set NPVR_SNAPSHOT.")
    return path


@pytest.fixture(scope="session")
def monitor(real_snapshot, tmp_path_factory):
    """The monitor built from the real snapshot into a temporary build folder (once per session)."""
    from monitor.data import load_monitor

    return load_monitor(real_snapshot, tmp_path_factory.mktemp("build"))


@pytest.fixture
def snapshot_copy(real_snapshot, tmp_path) -> Path:
    """A writable copy of the real snapshot, for tests that damage it (deleted afterwards)."""
    target = tmp_path / "snapshot"
    shutil.copytree(real_snapshot, target)
    for path in target.rglob("*"):
        path.chmod(0o644 if path.is_file() else 0o755)
    target.chmod(0o755)
    return target
