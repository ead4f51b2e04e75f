"""The files of a CSV snapshot folder: names, checksums (``manifest.json``) and typed reading.

:mod:`monitor.snapshot.model` reads a CSV folder into a :class:`~monitor.snapshot.model.Snapshot`;
:mod:`monitor.snapshot.embedded` reads the in-repo copy with the same readers.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import re
import sqlite3
from pathlib import Path, PurePosixPath

import numpy as np
import pandas as pd

from ..errors import SnapshotContentError, SnapshotError

OBSERVATION_COLUMNS = ["dataset", "measure", "region_code", "period", "value"]
MEASURE_COLUMNS = ["dataset", "measure", "title_nl", "unit", "description"]
DATASET_COLUMNS = [
    "dataset", "title_nl", "publisher", "cbs_table", "periods", "reference_date",
    "gemeente_indeling", "national_row", "license", "retrieved_from", "notes",
]
REQUIRED_FILES = ["manifest.json", "observations.csv", "measures.csv", "datasets.csv"]
EXTRA_OBSERVATION_FILES = ("prognoses", "corop_observations", "nuts3_observations")
"""Optional observation tables beside ``observations.csv``, same five columns, other region codes:
the population forecasts (``CR##`` and large gemeenten), CBS's regional accounts per COROP area
(``CR##``, ``NL01``; version 3) and Eurostat's NUTS-3 extract (NUTS 2021 codes; version 3)."""
BOUNDARY_LAYER = "gemeenten"
COROP_FILE = "corop_2024.csv"
COROP_COLUMNS = ["gemeente_code", "corop_code", "corop_name"]
FIX_HINT = (
    "Point the monitor at an intact snapshot with --snapshot DIR or the environment variable "
    "NPVR_SNAPSHOT, or make a new one with 'python -m monitor snapshot --out DIR' (needs internet)."
)


def boundary_names(data: bytes) -> dict[str, str] | None:
    """``{gemeente_code: gemeente_name}`` read from a GeoPackage's bytes with SQLite, or None.

    A GeoPackage is an SQLite database whose layer is a table; reading its two text columns with
    the standard library avoids importing pyogrio and GDAL (a tenth of a second) for a build.
    None when the bytes are not such a database or the layer or a column is absent: the caller
    then reads the file with pyogrio, which names the problem.

    Parameters
    ----------
    data
        The bytes of ``gemeenten_<year>.gpkg``.
    """
    connection = sqlite3.connect(":memory:")
    try:
        connection.deserialize(data)
        rows = connection.execute(
            f'SELECT gemeente_code, gemeente_name FROM "{BOUNDARY_LAYER}" ORDER BY rowid').fetchall()
    except sqlite3.Error:
        return None
    finally:
        connection.close()
    return {str(code): str(name) for code, name in rows}


def sha256_of(path: Path) -> str:
    """Return the hex sha256 of a file, read in 1 MiB blocks."""
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def manifest_path_problems(root: Path, files: dict) -> list[str]:
    """Entries of ``manifest.json`` that point outside the snapshot folder.

    Parameters
    ----------
    root
        The snapshot folder.
    files
        The manifest's ``files`` object.

    Returns
    -------
    list of str
        One problem per entry that is absolute, climbs out with ``..``, or resolves (through a
        symbolic link) to a place outside ``root``.
    """
    problems = []
    base = Path(root).resolve()
    for name in sorted(files):
        text = str(name)
        pure = PurePosixPath(text.replace("\\", "/"))
        if not text or pure.is_absolute() or re.match(r"^[A-Za-z]:", text) or ".." in pure.parts:
            problems.append(f"manifest.json names {text!r}, which is not a file inside the snapshot folder")
            continue
        try:
            (base / pure).resolve().relative_to(base)
        except ValueError:
            problems.append(f"manifest.json names {text!r}, which leads outside the snapshot folder (link)")
    return problems


def stat_key(path: Path) -> list[int]:
    """``[size, mtime_ns, ctime_ns, inode]`` of a file: equal keys mean the same, unchanged file.

    Any write or replacement changes the change time or the inode, and the change time cannot be
    set back by ordinary means.
    """
    st = os.stat(path)
    return [st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino]


def check_unchanged(path: Path, name: str, stats: dict | None, hint: str = FIX_HINT) -> None:
    """Raise SnapshotError if ``path`` is no longer the file verified as ``name`` (``stats[name]``).

    Called before and after a verified file is read, so that what is parsed is what was hashed
    (a file replaced between the check and the read is refused, not used).
    """
    if not stats or name not in stats:
        return
    try:
        now = stat_key(path)
    except OSError:
        now = None
    if now != stats[name]:
        raise SnapshotError(f"Snapshot file {path} changed after it was verified (replaced or edited on disk "
                            f"meanwhile); nothing read from it was used. Run the command again. {hint}")


def read_unchanged(path: Path, name: str, stats: dict | None, read, hint: str = FIX_HINT):
    """``read(path)``, proving before and after that ``path`` is the verified file (:func:`check_unchanged`)."""
    check_unchanged(path, name, stats, hint)
    result = read(path)
    check_unchanged(path, name, stats, hint)
    return result


def entry_problem(name, expected) -> str | None:
    """Why a manifest entry is malformed (None when it is ``{"sha256": str, "bytes": int, ...}``)."""
    if not isinstance(expected, dict):
        return f"manifest.json: the entry for {str(name)!r} is {json.dumps(expected)[:60]}, not an object with its sha256"
    if not isinstance(expected.get("sha256"), str):
        return f"manifest.json: the entry for {str(name)!r} has no sha256 text"
    if "bytes" in expected and (not isinstance(expected["bytes"], int) or isinstance(expected["bytes"], bool)):
        return f"manifest.json: the entry for {str(name)!r} has 'bytes' {expected['bytes']!r}, not a whole number"
    return None


def load_json(path: Path):
    """Parse a JSON file; a file too deeply nested to parse is a ValueError, like any other bad JSON."""
    try:
        return json.loads(Path(path).read_text(encoding="utf-8"))
    except RecursionError as exc:
        raise ValueError("nested too deeply to be a manifest") from exc


def verify_manifest(root: Path, stats: dict | None = None) -> dict:
    """Check every file the manifest names against its size and sha256.

    Parameters
    ----------
    root
        The snapshot folder.
    stats
        If given, filled with ``{name: stat_key}`` of every file as it was hashed; readers check
        against it (:func:`read_unchanged`) and the verified-stamp records it.

    Returns
    -------
    dict
        The parsed manifest.

    Raises
    ------
    SnapshotError
        If the folder or the manifest is missing or unreadable, or a file is missing or differs
        from the manifest (the message names the file).
    """
    if not root.is_dir():
        raise SnapshotError(f"Snapshot folder not found: {root}. {FIX_HINT}")
    for name in REQUIRED_FILES:
        if not (root / name).is_file():
            raise SnapshotError(f"Snapshot {root} is missing {name}. {FIX_HINT}")
    try:
        manifest = load_json(root / "manifest.json")
        if not isinstance(manifest, dict):
            raise TypeError("not an object")
        files = manifest["files"]
        if not isinstance(files, dict):
            raise TypeError("'files' is not an object")
    except (ValueError, KeyError, TypeError) as exc:
        raise SnapshotError(f"{root / 'manifest.json'} is not a valid manifest ({exc}). {FIX_HINT}") from exc
    for name in REQUIRED_FILES[1:]:
        if name not in files:
            raise SnapshotError(f"{root / 'manifest.json'} does not list {name}. {FIX_HINT}")
    outside = manifest_path_problems(root, files)
    outside += [p for p in (entry_problem(name, entry) for name, entry in sorted(files.items())) if p]
    if outside:
        raise SnapshotContentError(root, outside, FIX_HINT)
    for name, expected in sorted(files.items()):
        path = root / name
        problem = file_problem(path, expected, stats, name)
        if problem == "missing":
            raise SnapshotError(f"Snapshot file missing: {path} (listed in manifest.json). {FIX_HINT}")
        if problem == "bytes":
            raise SnapshotError(
                f"Snapshot file {path} has {path.stat().st_size} bytes, manifest.json says {expected['bytes']}: "
                f"the file is damaged or was edited. {FIX_HINT}"
            )
        if problem == "sha256":
            raise SnapshotError(
                f"Snapshot file {path} does not match its sha256 in manifest.json: the file is "
                f"damaged or was edited. {FIX_HINT}"
            )
        if problem == "changed":
            raise SnapshotError(f"Snapshot file {path} changed while it was being verified (replaced on disk?); "
                                f"run the command again. {FIX_HINT}")
    return manifest


def file_problem(path: Path, expected: dict, stats: dict | None = None, name: str | None = None) -> str | None:
    """How a file differs from its manifest entry (``{"bytes": …, "sha256": …}``).

    Parameters
    ----------
    stats, name
        If ``stats`` is given, ``stats[name]`` is set to the file's :func:`stat_key` as hashed.

    Returns
    -------
    str or None
        ``"missing"``, ``"bytes"`` (a size is given and differs), ``"sha256"`` (the checksum
        differs), ``"changed"`` (the file changed while it was hashed), or None when the file matches.
    """
    if not path.is_file():
        return "missing"
    before = stat_key(path)
    if expected.get("bytes") is not None and before[0] != expected["bytes"]:
        return "bytes"
    if sha256_of(path) != expected.get("sha256"):
        return "sha256"
    if stat_key(path) != before:
        return "changed"
    if stats is not None:
        stats[name if name is not None else str(path)] = before
    return None


def read_csv(path: Path, columns: list[str], **kwargs) -> pd.DataFrame:
    """Read a snapshot CSV file with ``columns`` required; a bad file raises SnapshotError naming it."""
    source = path
    if kwargs.setdefault("engine", "python") == "python":
        # Small catalogue files: CBS descriptions may hold a bare carriage return inside an
        # unquoted field, which every CSV reader takes for a line break. It is never one here.
        try:
            text = path.read_bytes().decode("utf-8")
        except UnicodeDecodeError as exc:
            raise SnapshotError(f"{path} is not UTF-8 text ({exc}). {FIX_HINT}") from exc
        source = io.StringIO(re.sub(r"\r(?!\n)", " ", text))
    try:
        frame = pd.read_csv(source, keep_default_na=False, na_values=[""], **kwargs)
    except (ValueError, pd.errors.ParserError, UnicodeDecodeError) as exc:
        raise SnapshotError(f"Cannot read {path}: {exc}. {FIX_HINT}") from exc
    missing = [c for c in columns if c not in frame.columns]
    if missing:
        raise SnapshotError(f"{path} lacks column(s) {', '.join(missing)}. {FIX_HINT}")
    return frame


def read_observation_rows(path: Path) -> pd.DataFrame:
    """Read every row of ``observations.csv`` (or ``prognoses.csv``) exactly as written, typed.

    Returns
    -------
    DataFrame
        The five columns, ``dataset``, ``measure``, ``region_code`` as categoricals (not yet
        stripped), ``period`` as int, ``value`` as float (NaN where empty), in file order.

    Raises
    ------
    SnapshotError
        If a column is missing, a period is not a year, or a value is not a number (the message
        names the first offending lines).
    """
    categories = {"dataset": "category", "measure": "category", "region_code": "category"}
    try:
        # Fast path: typed parsing by pyarrow; any bad cell sends us to the slow path below.
        frame = read_csv(path, OBSERVATION_COLUMNS, engine="pyarrow",
                          dtype={**categories, "period": "int64", "value": "float64"})
    except SnapshotError as fast_error:
        frame = read_csv(path, OBSERVATION_COLUMNS, engine="pyarrow",
                          dtype={**categories, "period": "string", "value": "string"})
        _raise_for_bad_numbers(path, frame)
        raise fast_error
    return frame[OBSERVATION_COLUMNS]


def normalise_observations(frame: pd.DataFrame, path: Path) -> pd.DataFrame:
    """Refuse empty keys, strip the codes and drop rows without a value (missing is absent, never 0)."""
    keys = ("dataset", "measure", "region_code")
    empty = np.logical_or.reduce([frame[column].isna().to_numpy() for column in keys])
    if empty.any():
        line = int(empty.argmax()) + 2
        raise SnapshotError(f"{path} line {line} has an empty dataset, measure or region code. {FIX_HINT}")
    columns = {column: frame[column] for column in OBSERVATION_COLUMNS}
    for column in keys:
        columns[column] = columns[column].cat.rename_categories(lambda c: str(c).strip())
    frame = pd.DataFrame(columns, copy=False)  # the caller's frame was just read and is not used again
    has_value = frame["value"].notna().to_numpy()
    if not has_value.all():
        frame = frame[has_value]
    elif frame.index.equals(pd.RangeIndex(len(frame))):
        return frame  # reset_index would copy 1.2 million rows to make the same frame
    return frame.reset_index(drop=True)


def read_observations(path: Path) -> pd.DataFrame:
    """Read ``observations.csv`` with typed columns.

    Returns
    -------
    DataFrame
        ``dataset``, ``measure``, ``region_code`` as categoricals (stripped), ``period`` as int,
        ``value`` as float. Rows without a value are dropped (missing is absent, never 0).

    Raises
    ------
    SnapshotError
        If a column is missing, a period is not a year, or a value is not a number (the message
        names the first offending lines).
    """
    return normalise_observations(read_observation_rows(path), path)


def _raise_for_bad_numbers(path: Path, frame: pd.DataFrame) -> None:
    """Raise SnapshotError naming the first lines whose value or period is not a number."""
    for column in ("value", "period"):
        numbers = pd.to_numeric(frame[column], errors="coerce")
        bad = numbers.isna() & frame[column].notna()
        if column == "period":
            bad |= frame[column].isna() | (numbers.notna() & (numbers % 1 != 0))
        if bad.any():
            rows = frame[bad].head(3)
            shown = "; ".join(
                f"line {i + 2}: {r.dataset}/{r.measure}/{r.region_code}/{r.period} {column} = {getattr(r, column)!r}"
                for i, r in zip(rows.index, rows.itertuples())
            )
            what = "non-numeric value(s)" if column == "value" else "period(s) that are not a year"
            raise SnapshotError(f"{path} has {int(bad.sum())} {what}, e.g. {shown}. {FIX_HINT}")


def empty_observations() -> pd.DataFrame:
    """An observations table without rows, with the dtypes of :func:`read_observations`."""
    frame = pd.DataFrame({
        "dataset": pd.Categorical([]), "measure": pd.Categorical([]), "region_code": pd.Categorical([]),
        "period": pd.Series(dtype="int64"), "value": pd.Series(dtype="float64"),
    })
    return frame[OBSERVATION_COLUMNS]


def format_value(value: float) -> str:
    """Write a number without float noise and without a trailing ``.0`` (``134``, ``5.3``)."""
    return format(float(value), ".15g")


def boundary_file(folder: Path) -> Path:
    """The newest ``gemeenten_<year>.gpkg`` in ``folder``."""
    candidates = sorted(Path(folder).glob("gemeenten_*.gpkg"))
    if not candidates:
        raise SnapshotError(f"No gemeenten_<year>.gpkg in {folder}. {FIX_HINT}")
    return candidates[-1]


def verified_boundary_bytes(folder: Path, base: Path, manifest: dict, verify: bool,
                            stats: dict | None = None) -> bytes | None:
    """Read the boundary file once and keep it, checked against the manifest when verifying.

    Parameters
    ----------
    folder
        Where the GeoPackage is (none there: None, the snapshot then names the problem when read).
    base
        The folder the manifest's paths are relative to.
    manifest, verify
        The snapshot's manifest; whether to compare the bytes with its sha256.
    stats
        Without ``verify``: the files as last verified (:func:`read_unchanged` checks the read against them).
    """
    try:
        path = boundary_file(folder)
    except SnapshotError:
        return None
    try:
        key = Path(path).resolve().relative_to(Path(base).resolve()).as_posix()
    except ValueError:
        key = None
    data = read_unchanged(path, key, None if verify else stats, Path.read_bytes)
    expected = manifest.get("files", {}).get(key, {}) if key else {}
    if verify and expected and hashlib.sha256(data).hexdigest() != expected.get("sha256"):
        raise SnapshotError(f"Snapshot file {path} changed while it was being read (replaced on disk?); "
                            f"run the command again. {FIX_HINT}")
    return data
