"""The build: run the computation (:mod:`monitor.compute`) on a snapshot and write its tables.

Also the cross-checks of catalogue and region table against the snapshot, and the fingerprint
that tells when a build is stale.
"""

from __future__ import annotations

import functools
import hashlib
import io
import json
import re
import time
import types
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from .. import __version__
from . import value_table
from ..output.atomic import replace_folder
from ..catalogue import Catalogue, check_against_snapshot, load_catalogue
from .pipeline import LEVELS, NL_SOURCE_CBS, NL_SOURCE_COMPUTED, VALUE_COLUMNS, compute_all, make_context
from ..config import CROSSWALK_FILE, INDICATOR_DIR
from ..errors import CatalogueError, SnapshotError
from ..snapshot.freshness import record_verified
from ..regions import EXPECTED_REGIONS, Regions, check_regions, load_regions
from ..snapshot import Snapshot, load_snapshot
from ..output.outfolder import OutFolderError, check_build_folder
from ..snapshot.checks import range_problems
from ..snapshot.files import sha256_of

VALUES_FILE = "indicator_values.parquet"
META_FILE = "build.json"
__all__ = ["build", "read_build", "validate_inputs", "input_fingerprint", "BuildResult", "VALUES_FILE", "META_FILE",
           "LEVELS", "VALUE_COLUMNS", "NL_SOURCE_CBS", "NL_SOURCE_COMPUTED", "write_atomically"]


def validate_inputs(snapshot: Snapshot, catalogue: Catalogue, regions: Regions,
                    expected_regions: int | None = EXPECTED_REGIONS) -> list[str]:
    """Cross-check catalogue and region table against the snapshot; return the problems.

    ``expected_regions`` is checked by ``validate``; a build accepts any number of regions so that
    users can try other compositions.
    """
    problems = check_against_snapshot(catalogue, snapshot.measures)
    problems += range_problems(snapshot, catalogue)
    problems += check_regions(regions, set(snapshot.gemeente_names()), expected_regions)
    return problems


def file_digest(paths) -> str:
    """A short hash over the contents of files (to tell when a build is stale)."""
    digest = hashlib.sha256()
    for path in sorted(Path(p) for p in paths):
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


BUILD_FOLDERS = ("compute", "snapshot")
"""The folders of ``monitor/`` whose code decides a build's output: reading and checking the snapshot, computing."""


PACKAGE = Path(__file__).resolve().parent.parent


IMPORT = re.compile(r"^[ \t]*from[ \t]+(\.+|monitor\b\.?)([\w.]*)[ \t]+import[ \t]+(\([^)]*\)|[^\n]*)", re.MULTILINE)
"""``from <dots or monitor.><module> import <names>``, anywhere in a file (inside functions too)."""


@functools.cache
def build_modules(package: Path = PACKAGE) -> tuple[Path, ...]:
    """The source files whose code decides a build: every module of :data:`BUILD_FOLDERS` and the top-level
    modules of ``monitor/`` they import (anywhere in their code), found in their source, nothing typed by hand.

    A change to one of them makes existing builds stale; editing the app, maps, exports or reports does not.
    (A scan of the ``from ... import`` lines rather than ``ast``: it runs on every up-to-date check.)
    """
    files = {path for folder in BUILD_FOLDERS for path in (package / folder).rglob("*.py")}
    todo = sorted(files)
    while todo:
        path = todo.pop()
        top_level = "." if path.parent == package else ".."  # "from .regions" on top, "from ..regions" in a folder
        for prefix, module, names in IMPORT.findall(path.read_text(encoding="utf-8")):
            if prefix not in (top_level, "monitor.", "monitor"):
                continue
            if module:
                candidates = [module.split(".")[0]]
            else:
                candidates = [name.split()[0] for name in names.strip("() \n").replace("\n", " ").split(",") if name.strip()]
            for name in candidates:
                found = package / f"{name}.py"
                if found.is_file() and found not in files:
                    files.add(found)
                    todo.append(found)
    return tuple(sorted(files))


def input_fingerprint(snapshot: Snapshot, regions: Regions, indicator_dir: Path = INDICATOR_DIR,
                      crosswalk_path: Path = CROSSWALK_FILE) -> dict:
    """Everything a build depends on: snapshot manifest, catalogue files, region table and crosswalk, code.

    Cheap on purpose (a cache hit must stay a cache hit): the snapshot enters through its
    manifest, which holds the sha256 of every file; the code through :func:`build_modules` and
    the package version.
    """
    return {
        "snapshot": snapshot.fingerprint,
        "catalogue": file_digest(Path(indicator_dir).glob("*.yaml")),
        "regions": file_digest([regions.path, crosswalk_path]),
        "code": f"{__version__}:" + file_digest(build_modules()),
    }


@dataclass
class BuildResult:
    """The outcome of :func:`build`: where the tables are and what they were built from.

    ``values`` is the values table as :func:`read_build` gives it, made on first use (the command
    line's build only needs ``meta``).
    """

    directory: Path
    table: value_table.CodedValues
    meta: dict

    @functools.cached_property
    def values(self) -> pd.DataFrame:
        """The values table (texts as ``string`` columns); made once, on first use."""
        return self.table.frame()


def build(snapshot_dir: Path | Snapshot, build_dir: Path, regions_path=None, indicator_dir: Path = INDICATOR_DIR,
          progress: bool = False, crosswalk_path: Path = CROSSWALK_FILE) -> BuildResult:
    """Build the processed tables from a snapshot, atomically.

    Parameters
    ----------
    snapshot_dir
        The snapshot folder (verified against its manifest first), or an already loaded
        :class:`Snapshot`.
    build_dir
        Where ``indicator_values.parquet`` and ``build.json`` go. It is written in a temporary
        folder beside it and moved into place only when complete.
    regions_path
        An alternative region table (default ``data/regions/npvr_regions.csv``).
    indicator_dir
        The catalogue folder.
    progress
        Show a progress bar (tqdm) on stderr.
    crosswalk_path
        The merger crosswalk (default ``data/regions/herindelingen_2010_2025_to2025.csv``).

    Raises
    ------
    MonitorError
        For a bad snapshot, catalogue or region table; nothing is written then.
    """
    started = time.perf_counter()
    verified_here = not isinstance(snapshot_dir, Snapshot)
    snapshot = snapshot_dir if isinstance(snapshot_dir, Snapshot) else load_snapshot(Path(snapshot_dir))
    catalogue = load_catalogue(indicator_dir)
    regions = load_regions(regions_path)
    problems = validate_inputs(snapshot, catalogue, regions, expected_regions=None)
    if problems:
        raise CatalogueError("The catalogue or region table does not fit the snapshot:\n  - " + "\n  - ".join(problems))
    steps = [("snapshot gelezen", None), ("indicatoren berekend", None), ("tabellen geschreven", None)]
    bar = _progress(progress, len(steps))
    bar.update(1)
    table = compute_all(make_context(snapshot, catalogue, regions, crosswalk_path))
    bar.update(1)
    meta = {
        "monitor_version": __version__,
        "inputs": input_fingerprint(snapshot, regions, indicator_dir, crosswalk_path),
        "snapshot_path": str(snapshot.root),
        "snapshot_built": snapshot.built,
        "regions_path": str(regions.path),
        "rows": table.rows,
        "values": int(np.count_nonzero(~np.isnan(table.columns["value"]))),
        "indicators": len(catalogue.indicators),
        "seconds": round(time.perf_counter() - started, 3),
    }
    def write_meta(path: Path) -> None:
        meta.update(values_file_identity(path.with_name(VALUES_FILE)), files=[VALUES_FILE, META_FILE])
        path.write_text(json.dumps(meta, indent=2))

    target = check_build_folder(Path(build_dir))
    try:
        write_atomically(target, {VALUES_FILE: lambda p: table.write_parquet(p), META_FILE: write_meta},
                         check=lambda temp: check_build_folder(target))
    except OSError as exc:
        raise OutFolderError(f"Cannot write the build into '{target}': {exc.strerror or exc}. The previous build, "
                             "if any, is unchanged; free some space or give another folder with --build-dir "
                             "(or NPVR_BUILD_DIR).") from exc
    if verified_here:
        record_verified(snapshot.root, snapshot.manifest, Path(build_dir), snapshot.verified_stats)
    bar.update(1)
    bar.close()
    return BuildResult(Path(build_dir), table, meta)


def _progress(enabled: bool, total: int):
    if not enabled:  # tqdm(disable=True), without importing tqdm
        return types.SimpleNamespace(update=lambda n=1: None, close=lambda: None)
    from tqdm import tqdm

    return tqdm(total=total, desc="build", unit="stap")


def values_file_identity(path: Path, data: bytes | None = None) -> dict:
    """``{"values_sha256": …, "values_bytes": …}`` of the values file (recorded in ``build.json``)."""
    data = Path(path).read_bytes() if data is None else data
    return {"values_sha256": hashlib.sha256(data).hexdigest(), "values_bytes": len(data)}


def values_file_problem(build_dir: Path, meta: dict) -> str | None:
    """Why the values file does not match ``build.json`` (None when it does); cheap: size, then sha256.

    A build from before the checksum was recorded counts as not matching (it is rebuilt once).
    """
    path = Path(build_dir) / VALUES_FILE
    try:
        size = path.stat().st_size
    except OSError as exc:
        return f"{path} cannot be read ({exc.strerror or exc})"
    if "values_sha256" not in meta:
        return f"{Path(build_dir) / META_FILE} records no checksum of {VALUES_FILE}"
    if size != meta.get("values_bytes") or sha256_of(path) != meta.get("values_sha256"):
        return f"{path} differs from the one the build wrote (edited, truncated or replaced)"
    return None


def write_atomically(target: Path, writers: dict, check=None) -> None:
    """Write files into ``target`` via a temporary sibling folder and a rename.

    Safe with several writers at once (the last complete one wins) and on interruption (no
    temporary folder is left); see :func:`monitor.output.atomic.replace_folder`.

    Parameters
    ----------
    target
        The final folder; an existing one is replaced only after every file was written.
    writers
        ``{file name: callable(path)}``.
    check
        Optional ``check(temp)`` run just before the swap; it may raise to refuse it.
    """
    def fill(temp: Path) -> None:
        for name, write in writers.items():
            write(temp / name)

    replace_folder(Path(target), fill, check)


def read_build(build_dir: Path) -> tuple[pd.DataFrame, dict]:
    """Read a finished build; raise SnapshotError if it is absent, unreadable or not as written.

    The values file's bytes are checked against the checksum in ``build.json`` and parsed from
    those same bytes, so an edited, truncated or swapped file is never served.
    """
    build_dir = Path(build_dir)
    try:
        meta = json.loads((build_dir / META_FILE).read_text(encoding="utf-8"))
        if not isinstance(meta, dict):
            raise ValueError(f"{META_FILE} is not an object")
        data = (build_dir / VALUES_FILE).read_bytes()
        recorded = {key: meta.get(key) for key in ("values_sha256", "values_bytes")}
        if values_file_identity(build_dir / VALUES_FILE, data) != recorded:
            raise ValueError(f"{VALUES_FILE} does not match the checksum in {META_FILE}")
        values = value_table.read_parquet(io.BytesIO(data))
    except (OSError, ValueError, RecursionError) as exc:
        raise SnapshotError(f"No usable build in {build_dir} ({exc}). Run 'python -m monitor build'.") from exc
    return values, meta
