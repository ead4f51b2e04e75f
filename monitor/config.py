"""Where the monitor finds its inputs and writes its outputs."""

from __future__ import annotations

import os
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
"""The repository root (the folder holding ``monitor/`` and ``indicators/``)."""

SNAPSHOT_ENV = "NPVR_SNAPSHOT"
BUILD_ENV = "NPVR_BUILD_DIR"

INDICATOR_DIR = PROJECT_ROOT / "indicators"
DATA_DIR = PROJECT_ROOT / "data"
EMBEDDED_SNAPSHOT = DATA_DIR / "snapshot"
"""The in-repo copy of the CBS snapshot (with ``data/boundaries``): the default data."""
SHARED_SNAPSHOT = PROJECT_ROOT.parent / "shared" / "npvr-snapshot"
"""Where a newer CSV snapshot may sit beside the project (``snapshot import`` reads it from here)."""
REGIONS_FILE = PROJECT_ROOT / "data" / "regions" / "npvr_regions.csv"
CROSSWALK_FILE = PROJECT_ROOT / "data" / "regions" / "herindelingen_2010_2025_to2025.csv"
MERGERS_FILE = PROJECT_ROOT / "data" / "regions" / "herindelingen_2010_2025.csv"

NATIONAL_CODE = "NL01"
NATIONAL_NAME = "Nederland"
TARGET_DIVISION = 2025
"""All gemeente figures are mapped onto the 342 gemeenten of this year's division."""


def snapshot_dir(explicit: str | os.PathLike | None = None) -> Path:
    """Resolve the snapshot folder.

    Parameters
    ----------
    explicit
        A path given on the command line (``--snapshot``); wins over everything else.

    Returns
    -------
    Path
        ``explicit``, else ``$NPVR_SNAPSHOT``, else the in-repo copy ``data/snapshot``. The first
        two may name a CSV snapshot folder or an in-repo style copy.
    """
    if explicit:
        return Path(explicit).expanduser().resolve()
    env = os.environ.get(SNAPSHOT_ENV)
    if env:
        return Path(env).expanduser().resolve()
    return EMBEDDED_SNAPSHOT


def build_dir(explicit: str | os.PathLike | None = None) -> Path:
    """Resolve the git-ignored folder for processed tables (``build/`` by default) and check it.

    Every build replaces this folder as a whole, so it follows the ``--out`` rule
    (:func:`monitor.output.outfolder.check_build_folder`): missing, empty or a build.

    Raises
    ------
    monitor.output.outfolder.OutFolderError
        For a file, or a folder with other content (exit code 2), before any work.
    """
    from .output.outfolder import check_build_folder

    if explicit:
        option, path = "--build-dir", Path(explicit).expanduser()
    elif os.environ.get(BUILD_ENV):
        option, path = BUILD_ENV, Path(os.environ[BUILD_ENV]).expanduser()
    else:
        option, path = "build folder", PROJECT_ROOT / "build"
    check_build_folder(path, option)
    return path.resolve()
