"""The in-repo copy of the CBS snapshot: ``data/snapshot`` + ``data/boundaries``.

A fresh clone runs on this copy without ``../shared``. It is the source snapshot in a compact form,
values unchanged row for row:

- ``data/snapshot/observations.parquet``, ``prognoses.parquet``, ``corop_observations.parquet``,
  ``nuts3_observations.parquet`` — the source's observation tables as Parquet (zstd), every row in
  file order, ``period`` int64, ``value`` float64;
- ``data/snapshot/measures.csv``, ``datasets.csv``, ``README.md``, ``regions/*`` — byte copies;
- ``data/snapshot/source-manifest.json`` — the source's ``manifest.json``, byte copy;
- ``data/boundaries/gemeenten_<year>.gpkg`` — byte copy of the source's GeoPackage;
- ``data/snapshot/manifest.json`` — format, the source's ``snapshot``/``version``/``built``, and the
  sha256 and size of every file above (paths relative to ``data/``).

Only :func:`monitor.snapshot.importer.import_snapshot` (``python -m monitor snapshot import DIR``)
writes these folders; it converts, proves the conversion exact and then swaps both folders in.
:func:`monitor.snapshot.importer.write_folder` turns the copy back into a CSV snapshot folder
(byte-identical to the source when its values were written with up to 15 significant digits, as
CBS's are). This module reads the copy.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from .. import config, dates
from ..errors import SnapshotError
from .checks import check_content
from .files import (DATASET_COLUMNS, FIX_HINT, MEASURE_COLUMNS, OBSERVATION_COLUMNS, empty_observations, entry_problem,
                    file_problem, format_value, load_json, normalise_observations, read_csv, read_unchanged,
                    verified_boundary_bytes)
from .model import Snapshot

FORMAT = "npvr-embedded"
FORMAT_VERSION = 1
SNAPSHOT_DIR = "snapshot"
BOUNDARY_DIR = "boundaries"
MANIFEST = "manifest.json"
SOURCE_MANIFEST = "source-manifest.json"
CONVERTED = {"observations.csv": "observations.parquet", "prognoses.csv": "prognoses.parquet",
             "corop_observations.csv": "corop_observations.parquet",
             "nuts3_observations.csv": "nuts3_observations.parquet"}
"""Source CSV → Parquet file in ``data/snapshot``; every other source file is copied byte for byte."""
PARQUET_OPTIONS = {"compression": "zstd", "compression_level": 19}

__all__ = [
    "is_embedded", "verify_embedded", "read_embedded", "read_extra_observations", "describe_copy",
    "newer_snapshot_notice",
]


def _shown(path: Path) -> str:
    """A path relative to the project root when inside it (``data/snapshot/…``), else absolute."""
    path = Path(path)
    try:
        return path.resolve().relative_to(config.PROJECT_ROOT).as_posix()
    except ValueError:
        return str(path)


def fix_hint(root: Path) -> str:
    """How to repair a damaged in-repo copy."""
    data = Path(root).parent
    return (f"Restore the committed copy with 'git checkout -- {_shown(data / SNAPSHOT_DIR)} "
            f"{_shown(data / BOUNDARY_DIR)}', or bring a snapshot in again with "
            f"'python -m monitor snapshot import DIR' (DIR: a CSV snapshot folder such as ../shared/npvr-snapshot).")


def is_embedded(root: Path) -> bool:
    """Whether ``root`` is an in-repo style copy: ``data/snapshot``, or a folder whose manifest says so or that
    holds the Parquet files."""
    root = Path(root)
    if root.resolve() == Path(config.EMBEDDED_SNAPSHOT).resolve():
        return True  # even when missing: the message then says how to restore it
    if (root / CONVERTED["observations.csv"]).exists():
        return True
    try:
        return load_json(root / MANIFEST).get("format") == FORMAT
    except (OSError, ValueError, AttributeError):
        return False


def _read_manifest(root: Path) -> dict:
    path = Path(root) / MANIFEST
    try:
        manifest = load_json(path)
        if not isinstance(manifest, dict) or manifest.get("format") != FORMAT or not isinstance(manifest.get("files"), dict):
            raise ValueError(f"not a {FORMAT} manifest")
        malformed = [p for p in (entry_problem(name, entry) for name, entry in manifest["files"].items()) if p]
        if malformed:
            raise ValueError("; ".join(malformed[:3]))
    except FileNotFoundError as exc:
        raise SnapshotError(f"The in-repo data copy lacks {_shown(path)}. {fix_hint(root)}") from exc
    except (OSError, ValueError, AttributeError) as exc:
        raise SnapshotError(f"{_shown(path)} is damaged ({exc}). {fix_hint(root)}") from exc
    return manifest


def verify_embedded(root: Path, stats: dict | None = None) -> dict:
    """Check every file of the in-repo copy against its size and sha256 in ``manifest.json``.

    Parameters
    ----------
    root
        The ``snapshot`` folder of the copy (``data/snapshot``); paths in its manifest are
        relative to the folder above it (``data/``).

    stats
        If given, filled with ``{name: stat_key}`` of every file as it was hashed.

    Returns
    -------
    dict
        The parsed manifest.

    Raises
    ------
    SnapshotError
        If a file is missing or differs (the message names it and says how to restore it).
    """
    root = Path(root)
    manifest = _read_manifest(root)
    base = root.parent
    for name in (f"{SNAPSHOT_DIR}/observations.parquet", f"{SNAPSHOT_DIR}/measures.csv", f"{SNAPSHOT_DIR}/datasets.csv"):
        if name not in manifest["files"]:
            raise SnapshotError(f"{_shown(root / MANIFEST)} does not list {name}. {fix_hint(root)}")
    for name, expected in sorted(manifest["files"].items()):
        path = base / name
        problem = file_problem(path, {"bytes": expected.get("bytes"), "sha256": expected.get("sha256")}, stats, name)
        if problem == "missing":
            raise SnapshotError(f"In-repo data file missing: {_shown(path)}. {fix_hint(root)}")
        if problem:
            raise SnapshotError(
                f"In-repo data file {_shown(path)} does not match its checksum in {_shown(root / MANIFEST)}: "
                f"it was changed or damaged. {fix_hint(root)}"
            )
    return manifest


def _read_rows(path: Path) -> pd.DataFrame:
    """Read a converted Parquet file: the five columns of the CSV, every row, CSV dtypes."""
    import pyarrow.parquet as pq

    try:  # pd.read_parquet's result, without pyarrow.dataset (its import and set-up: 0.015 s)
        with pq.ParquetFile(path) as file:
            frame = file.read(use_pandas_metadata=True).to_pandas()
    except Exception as exc:  # pyarrow raises several types for a broken file
        raise SnapshotError(f"Cannot read {_shown(path)}: {exc}. {fix_hint(path.parent)}") from exc
    if list(frame.columns) != OBSERVATION_COLUMNS:
        raise SnapshotError(f"{_shown(path)} has columns {list(frame.columns)}, expected {OBSERVATION_COLUMNS}. "
                            f"{fix_hint(path.parent)}")
    return frame


def read_extra_observations(root: Path, key: str, stats: dict | None = None) -> pd.DataFrame:
    """An optional observation table of an in-repo copy (``prognoses``, ``corop_observations``,
    ``nuts3_observations``); empty, typed, when the copy has none. Verified at load time (``stats``:
    the files as verified, see :func:`monitor.snapshot.files.read_unchanged`)."""
    path = Path(root) / CONVERTED[f"{key}.csv"]
    if not path.is_file():
        return empty_observations()
    rows = read_unchanged(path, f"{SNAPSHOT_DIR}/{path.name}", stats, _read_rows, fix_hint(root))
    return normalise_observations(rows, path)


def read_embedded(root: Path, verify: bool = True, lazy: bool = False, checked: bool = True,
                  stats: dict | None = None) -> Snapshot:
    """Read the in-repo copy into a :class:`~monitor.snapshot.model.Snapshot` (same dtypes as a CSV folder).

    Parameters
    ----------
    root
        The copy's ``snapshot`` folder (``data/snapshot``).
    verify
        Check the size and sha256 of every file first (default).
    lazy
        Read the observations on first use of :attr:`Snapshot.observations` (their errors are
        raised then); the default reads and checks them here.
    checked
        Run the content checks on the observations (default); the import, which compares a
        staged copy row for row with its checked source, leaves them out.
    stats
        Without ``verify``: the files as last verified (the verified-stamp); reads are checked against them.

    Raises
    ------
    SnapshotError
        If a file is missing, damaged or malformed; the message names it and says how to restore it.
    """
    root = Path(root)
    if verify:
        stats = {}
        manifest = verify_embedded(root, stats)
    else:
        manifest = _read_manifest(root)
    path = root / CONVERTED["observations.csv"]
    hint = fix_hint(root)
    measures = read_unchanged(root / "measures.csv", f"{SNAPSHOT_DIR}/measures.csv", stats,
                              lambda p: read_csv(p, MEASURE_COLUMNS, dtype="string"), hint)
    datasets = read_unchanged(root / "datasets.csv", f"{SNAPSHOT_DIR}/datasets.csv", stats,
                              lambda p: read_csv(p, DATASET_COLUMNS, dtype="string"), hint)

    def observations() -> pd.DataFrame:
        rows = read_unchanged(path, f"{SNAPSHOT_DIR}/{path.name}", stats, _read_rows, hint)
        frame = normalise_observations(rows, path)
        unknown = set(frame["dataset"].unique()) - set(datasets["dataset"])
        if unknown:
            raise SnapshotError(f"{_shown(path)} uses dataset(s) not described in datasets.csv: "
                                f"{', '.join(sorted(unknown))}. {fix_hint(root)}")
        return frame

    boundary_dir = root.parent / BOUNDARY_DIR
    # The copy's manifest names files relative to data/ (the folder above the copy).
    snapshot = Snapshot(root=root, manifest=manifest, measures=measures, datasets=datasets,
                        read_rows=observations, read_extra=lambda key: read_extra_observations(root, key, stats),
                        form="embedded", boundary_dir=boundary_dir, verified_stats=stats,
                        check=(lambda snap: check_content(snap, FIX_HINT)) if checked else None,
                        boundary_bytes=verified_boundary_bytes(boundary_dir, root.parent, manifest, verify, stats))
    if not lazy:
        snapshot.observations  # noqa: B018 - read and check now
    return snapshot


# --- CSV text of converted tables --------------------------------------------------------------

def csv_bytes(rows: pd.DataFrame) -> bytes:
    """The CSV text of an observations table, written as the snapshot writers write it.

    Values with up to 15 significant digits and no trailing ``.0`` (``134``, ``5.3``); an
    empty cell for a missing value.
    """
    values = rows["value"].map(lambda v: "" if pd.isna(v) else format_value(v))
    return rows.assign(value=values).to_csv(index=False, lineterminator="\n").encode("utf-8")


# --- which copy is in use ----------------------------------------------------------------------

def describe_copy(snapshot: Snapshot) -> str:
    """One line naming the data in use: the in-repo copy or a CSV folder, with version and build date."""
    version = snapshot.version if snapshot.version is not None else "?"
    if snapshot.form == "embedded":
        return (f"ingebouwde kopie {_shown(snapshot.root)} + {_shown(snapshot.boundary_dir)} "
                f"(versie {version}, gebouwd {dates.dutch_date(snapshot.built)})")
    return f"CSV-map {_shown(snapshot.root)} (versie {version}, gebouwd {dates.dutch_date(snapshot.built)})"


def _key(manifest: dict) -> tuple:
    version = manifest.get("version")
    return (version if isinstance(version, int) else -1, str(manifest.get("built") or ""))


def newer_snapshot_notice(snapshot: Snapshot | None = None) -> str | None:
    """Say so when ``../shared/npvr-snapshot`` holds a newer snapshot than the in-repo copy.

    Parameters
    ----------
    snapshot
        The snapshot in use; when it is an in-repo copy it is the one compared, otherwise the
        project's ``data/snapshot``.

    Returns
    -------
    str or None
        The notice with the import command, or None when there is nothing newer (or no copy).
    """
    root = snapshot.root if snapshot is not None and snapshot.form == "embedded" else config.EMBEDDED_SNAPSHOT
    shared = Path(config.SHARED_SNAPSHOT)
    try:
        ours = load_json(Path(root) / MANIFEST)
        theirs = load_json(shared / MANIFEST)
    except (OSError, ValueError):
        return None
    if not isinstance(theirs, dict) or not isinstance(ours, dict) or _key(theirs) <= _key(ours):
        return None
    data_dir = Path(root).parent
    into = "" if data_dir.resolve() == config.DATA_DIR.resolve() else f" --into {data_dir}"
    return (f"Nieuwere snapshot beschikbaar / newer snapshot available: {shared} heeft versie "
            f"{theirs.get('version', '?')} (gebouwd {dates.dutch_date(str(theirs.get('built', '?')))}), de ingebouwde kopie "
            f"{_shown(root)} versie {ours.get('version', '?')} (gebouwd {dates.dutch_date(str(ours.get('built', '?')))}). "
            f"Importeer / import: python -m monitor snapshot import {shared}{into}")
