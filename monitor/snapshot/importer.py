"""``python -m monitor snapshot import``: bring a CSV snapshot into the repository's ``data/``.

Converts a verified CSV snapshot folder into the in-repo copy described in :mod:`monitor.snapshot.embedded`,
proves the conversion exact, swaps ``data/snapshot`` + ``data/boundaries`` in atomically (a failed
import leaves the previous copy intact) and reports what changed; and the way back
(:func:`write_folder`), a CSV snapshot folder made from the copy.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from .. import config, dates
from .embedded import (BOUNDARY_DIR, CONVERTED, FORMAT, FORMAT_VERSION, MANIFEST, PARQUET_OPTIONS, SNAPSHOT_DIR,
                       SOURCE_MANIFEST, _read_manifest, _read_rows, _shown, csv_bytes, is_embedded, read_embedded,
                       verify_embedded)
from ..catalogue import load_catalogue
from ..errors import MonitorError, SnapshotContentError, SnapshotError
from ..output.atomic import _folder_lock
from .checks import range_problems
from .files import read_observation_rows, read_unchanged, sha256_of, verify_manifest
from .model import Snapshot, read_folder


# --- import ------------------------------------------------------------------------------------

class DowngradeError(MonitorError):
    """The snapshot to import is older than the copy in ``data/`` (exit code 2: say --allow-older)."""


@dataclass
class ImportResult:
    """What ``snapshot import`` changed.

    Attributes
    ----------
    old, new
        ``{"snapshot", "version", "built"}`` of the previous and the new copy (``old`` None if
        there was none).
    old_rows, new_rows
        Rows per dataset (observations and forecasts).
    changed
        Datasets present before and after whose rows differ.
    files
        Files (relative to ``data/``) that were added, changed or removed.
    """

    source: Path
    data_dir: Path
    old: dict | None
    new: dict
    old_rows: dict = field(default_factory=dict)
    new_rows: dict = field(default_factory=dict)
    changed: list = field(default_factory=list)
    files: list = field(default_factory=list)
    notes: list = field(default_factory=list)

    def summary(self) -> str:
        """A readable account of the changes (Dutch / English, like the other commands)."""
        def label(info):
            if not info:
                return "geen / none"
            return f"versie {info.get('version', '?')} (gebouwd {dates.dutch_date(str(info.get('built', '?')))})"

        lines = [*self.notes, f"Snapshot geïmporteerd / imported: {self.source} -> {_shown(self.data_dir)}/",
                 f"  versie / version: {label(self.old)} -> {label(self.new)}"]
        added = sorted(set(self.new_rows) - set(self.old_rows))
        removed = sorted(set(self.old_rows) - set(self.new_rows))
        same = [d for d in self.new_rows if d in self.old_rows and d not in self.changed]
        lines.append(f"  datasets: {len(self.old_rows)} -> {len(self.new_rows)} "
                     f"({len(added)} nieuw/new, {len(removed)} vervallen/removed, {len(self.changed)} gewijzigd/changed, "
                     f"{len(same)} ongewijzigd/unchanged)")
        for dataset in added:
            lines.append(f"    + {dataset}: {self.new_rows[dataset]} rijen/rows")
        for dataset in removed:
            lines.append(f"    - {dataset}: {self.old_rows[dataset]} rijen/rows")
        for dataset in self.changed:
            lines.append(f"    ~ {dataset}: {self.old_rows[dataset]} -> {self.new_rows[dataset]} rijen/rows")
        lines.append(f"  rijen / rows: {sum(self.old_rows.values())} -> {sum(self.new_rows.values())}")
        if self.files:
            lines.append(f"  bestanden / files changed: {', '.join(self.files)}")
            lines.append(f"  Vastleggen / commit: git add {_shown(self.data_dir / SNAPSHOT_DIR)} "
                         f"{_shown(self.data_dir / BOUNDARY_DIR)} && git commit")
        else:
            lines.append("  geen bestanden gewijzigd / no file changed")
        return "\n".join(lines)


def _dataset_digests(frames: list[pd.DataFrame]) -> tuple[dict, dict]:
    """Rows and an order-independent content digest per dataset."""
    rows: dict[str, int] = {}
    digests: dict[str, int] = {}
    for frame in frames:
        if frame.empty:
            continue
        hashes = pd.util.hash_pandas_object(frame, index=False)
        for dataset, group in hashes.groupby(frame["dataset"].astype(str).to_numpy(), sort=True):
            rows[dataset] = rows.get(dataset, 0) + len(group)
            digests[dataset] = (digests.get(dataset, 0) + int(group.sum())) % (1 << 64)
    return rows, digests


def _previous(data_dir: Path):
    """Identity, per-dataset rows/digests and file checksums of the copy now in ``data_dir`` (None if none)."""
    root = data_dir / SNAPSHOT_DIR
    try:
        manifest = _read_manifest(root)
        frames = [_read_rows(root / name) for name in CONVERTED.values() if (root / name).is_file()]
    except SnapshotError:
        return None
    return manifest, *_dataset_digests(frames)


LARGE_TEXT_FILE = 10 * 1024 * 1024
"""A file beside the data tables and boundaries (README, measures, datasets, regions) is a few hundred
kB at most; one beyond this is worth a look before it is committed into the repository."""
GROWTH = 5
"""A file this many times larger than in the copy it replaces is worth a look as well."""


def _size_warnings(source_manifest: dict, previous_source: dict) -> list[str]:
    """Files of the source far larger than such a file is (or than it was in the copy now in place)."""
    warnings = []
    before = previous_source.get("files") if isinstance(previous_source.get("files"), dict) else {}
    for name, entry in sorted(source_manifest["files"].items()):
        size = entry.get("bytes") if isinstance(entry.get("bytes"), int) else None
        if size is None:
            continue
        old = before.get(name, {}).get("bytes") if isinstance(before.get(name), dict) else None
        table = name in CONVERTED or name.startswith(f"{BOUNDARY_DIR}/")
        if isinstance(old, int) and old > 0 and size > GROWTH * old and size - old > 1024 * 1024:
            warnings.append(f"{name} is {size / 1e6:.1f} MB, {size / old:.0f} times its size in the copy it replaces "
                            f"({old / 1e6:.1f} MB)")
        elif not table and size > LARGE_TEXT_FILE:
            warnings.append(f"{name} is {size / 1e6:.1f} MB, far larger than such a file should be (at most a few "
                            "hundred kB)")
    return [f"Let op / warning: {w}; check it before committing data/." for w in warnings]


def _identity(manifest: dict) -> dict:
    return {key: manifest.get(key) for key in ("snapshot", "version", "built")}


def _write_parquet(rows: pd.DataFrame, path: Path) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    # One row group keeps the category order of the CSV when read back.
    table = pa.Table.from_pandas(rows, preserve_index=False)
    pq.write_table(table, path, row_group_size=max(len(rows), 1), **PARQUET_OPTIONS)


def _stage(source: Path, source_manifest: dict, stage: Path, stats: dict | None = None) -> dict:
    """Write the converted copy into ``stage/snapshot`` and ``stage/boundaries``; return its manifest.

    ``stats``: the source files as :func:`verify_manifest` hashed them; every file is proved to be
    that file before and after it is read (a file swapped meanwhile is refused, never blessed).
    """
    snap, bounds = stage / SNAPSHOT_DIR, stage / BOUNDARY_DIR
    snap.mkdir(parents=True)
    bounds.mkdir()
    extra: dict[str, dict] = {}
    counts: dict[str, int] = {}
    copied: dict[str, tuple] = {}
    for name, expected in sorted(source_manifest["files"].items()):
        if name in (MANIFEST, SOURCE_MANIFEST):
            continue
        if name in CONVERTED:
            rows = read_unchanged(source / name, name, stats, read_observation_rows)
            target = snap / CONVERTED[name]
            _write_parquet(rows, target)
            back = _read_rows(target)
            try:
                pd.testing.assert_frame_equal(back, rows, check_exact=True, check_categorical=True)
            except AssertionError as exc:
                raise SnapshotError(f"Converting {source / name} to Parquet did not keep every value ({exc}); "
                                    "nothing was imported.") from exc
            identical = hashlib.sha256(csv_bytes(back)).hexdigest() == expected.get("sha256")
            extra[f"{SNAPSHOT_DIR}/{target.name}"] = {"from": name, "rows": len(rows),
                                                      "source_sha256": expected.get("sha256"),
                                                      "csv_identical": identical}
            counts[name.removesuffix(".csv")] = int(rows["value"].notna().sum())  # rows with a value, as the content check counts
            continue
        if name.startswith(f"{BOUNDARY_DIR}/"):
            target = bounds / name.removeprefix(f"{BOUNDARY_DIR}/")
        else:
            target = snap / name
        target.parent.mkdir(parents=True, exist_ok=True)
        # not copy2: the source may be read-only
        read_unchanged(source / name, name, stats, lambda path, target=target: shutil.copyfile(path, target))
        copied[target.relative_to(stage).as_posix()] = (name, expected.get("sha256"))
    manifest_bytes = (source / MANIFEST).read_bytes()
    if json.loads(manifest_bytes) != source_manifest:
        raise SnapshotError(f"{source / MANIFEST} changed after it was verified (replaced on disk meanwhile); "
                            "nothing was imported. Run the import again.")
    (snap / SOURCE_MANIFEST).write_bytes(manifest_bytes)
    files = {}
    for path in sorted(p for p in stage.rglob("*") if p.is_file()):
        rel = path.relative_to(stage).as_posix()
        files[rel] = {"sha256": sha256_of(path), "bytes": path.stat().st_size, **extra.get(rel, {})}
        if rel in copied and files[rel]["sha256"] != copied[rel][1]:  # the staged bytes, verified again
            raise SnapshotError(f"The copy of {source / copied[rel][0]} does not match its sha256 in the source's "
                                "manifest.json (the file changed while it was copied?); nothing was imported. "
                                "Run the import again.")
    manifest = {
        "format": FORMAT, "format_version": FORMAT_VERSION, **_identity(source_manifest),
        "source_manifest_sha256": hashlib.sha256(manifest_bytes).hexdigest(),
        "note": "In-repo copy of a CBS snapshot made by 'python -m monitor snapshot import'; paths are relative "
                "to data/. Do not edit: restore with git checkout or import again.",
        "files": files, **counts,
        "datasets": int(source_manifest.get("datasets", 0)) or None,
        "measures": int(source_manifest.get("measures", 0)) or None,
    }
    (snap / MANIFEST).write_text(json.dumps(manifest, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return manifest


def _same_content(source: Snapshot, copy: Snapshot) -> None:
    """Raise SnapshotError unless the copy reads exactly as the source (every table, every value)."""
    checks = {
        "observations": (source.observations, copy.observations),
        "prognoses": (source.prognoses, copy.prognoses),
        "corop_observations": (source.corop_observations, copy.corop_observations),
        "nuts3_observations": (source.nuts3_observations, copy.nuts3_observations),
        "measures": (source.measures, copy.measures),
        "datasets": (source.datasets, copy.datasets),
        "corop": (source.corop, copy.corop),
    }
    for name, (left, right) in checks.items():
        try:
            pd.testing.assert_frame_equal(right, left, check_exact=True)
        except AssertionError as exc:
            raise SnapshotError(f"The converted copy differs from the source in {name} ({exc}); "
                                "nothing was imported.") from exc
    if copy.boundary_path().name != source.boundary_path().name:
        raise SnapshotError("The converted copy lost the boundary file; nothing was imported.")


JOURNAL = ".import-swap.json"
"""Written in ``data/`` before the four renames of a swap and removed after them: a run killed in
between leaves it, and the next start finishes (or undoes) the swap from it (:func:`recover`)."""


def _swap(stage: Path, data_dir: Path) -> None:
    """Move ``stage/snapshot`` and ``stage/boundaries`` into ``data_dir``, restoring the old pair on any failure.

    Under a lock on ``data_dir``, with :data:`JOURNAL` naming the stage and the folder the old pair
    is moved to, so that a run killed between the renames is completed by the next start.
    """
    old = data_dir / f".import-old-{os.getpid()}"
    shutil.rmtree(old, ignore_errors=True)
    old.mkdir()
    moved, placed = [], []
    with _folder_lock(data_dir):
        _write_journal(data_dir / JOURNAL, {"stage": stage.name, "old": old.name})
        try:
            for name in (SNAPSHOT_DIR, BOUNDARY_DIR):
                if (data_dir / name).exists():
                    os.replace(data_dir / name, old / name)
                    moved.append(name)
            for name in (SNAPSHOT_DIR, BOUNDARY_DIR):
                os.replace(stage / name, data_dir / name)
                placed.append(name)
        except BaseException:
            for name in placed:
                shutil.rmtree(data_dir / name, ignore_errors=True)
            for name in moved:
                os.replace(old / name, data_dir / name)
            raise
        finally:
            _unlink(data_dir / JOURNAL)
            shutil.rmtree(old, ignore_errors=True)


def _write_journal(path: Path, record: dict) -> None:
    """Write the journal in full (flushed to disk) before the first rename; a journal that cannot be
    read back therefore means that no rename happened yet (see :func:`recover`)."""
    with open(path, "w", encoding="utf-8") as stream:
        json.dump(record, stream)
        stream.flush()
        os.fsync(stream.fileno())


def _unlink(path: Path) -> None:
    try:
        path.unlink()
    except FileNotFoundError:
        pass


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def recover(data_dir: str | os.PathLike) -> str | None:
    """Finish or undo a ``snapshot import`` swap that was killed between its renames; clean leftovers.

    The stage was complete and verified before the swap began, so a swap is finished when every new
    folder is still in the stage or already in place; otherwise the old pair is put back. Hidden
    ``.import-*`` folders of imports that no longer run are removed.

    Parameters
    ----------
    data_dir
        The folder holding ``snapshot/`` and ``boundaries/`` (``data/``).

    Returns
    -------
    str or None
        What was done, for a message; None when there was nothing to do.
    """
    data_dir = Path(data_dir)
    if not data_dir.is_dir():
        return None
    done = None
    with _folder_lock(data_dir):
        journal = data_dir / JOURNAL
        if journal.is_file():
            try:
                record = json.loads(journal.read_text(encoding="utf-8"))
                stage, old = data_dir / record["stage"], data_dir / record["old"]
                if not (stage.name.startswith(".import-") and old.name.startswith(".import-")):
                    raise ValueError("names outside data/.import-*")
            except (ValueError, KeyError, TypeError, RecursionError):
                stage = old = None  # killed while writing it: no rename had happened yet
            names = (SNAPSHOT_DIR, BOUNDARY_DIR)
            if stage is not None and all((stage / name).exists() or (data_dir / name).exists() for name in names):
                for name in names:
                    if (stage / name).exists():
                        if (data_dir / name).exists():
                            old.mkdir(exist_ok=True)
                            os.replace(data_dir / name, old / name)
                        os.replace(stage / name, data_dir / name)
                done = "finished"
            elif stage is not None:
                for name in names:
                    if (old / name).exists():
                        shutil.rmtree(data_dir / name, ignore_errors=True)
                        os.replace(old / name, data_dir / name)
                done = "undone"
            journal.unlink()
        for leftover in data_dir.glob(".import-*"):
            pid = leftover.name.rsplit("-", 1)[-1]
            if leftover.is_dir() and pid.isdigit() and (int(pid) == os.getpid() or not _pid_alive(int(pid))):
                shutil.rmtree(leftover, ignore_errors=True)
                done = done or "cleaned"
    if done in ("finished", "undone"):
        return (f"Een onderbroken import is {'afgemaakt' if done == 'finished' else 'teruggedraaid'} / an "
                f"interrupted 'snapshot import' was {done} in {_shown(data_dir)}.")
    return None


def import_snapshot(source: str | os.PathLike | None = None, data_dir: str | os.PathLike | None = None,
                    allow_older: bool = False) -> ImportResult:
    """Bring a CSV snapshot folder into the repository as the in-repo copy.

    The source is verified against its ``manifest.json``, converted into a hidden folder inside
    ``data_dir``, read back and compared with the source value for value, and only then swapped in
    for ``data_dir/snapshot`` and ``data_dir/boundaries``. On any failure the previous copy stays
    as it was and the hidden folder is removed.

    Parameters
    ----------
    source
        A CSV snapshot folder (default ``../shared/npvr-snapshot``).
    data_dir
        The folder holding ``snapshot/`` and ``boundaries/`` (default the project's ``data/``).
    allow_older
        Import a snapshot whose ``version`` is lower than the copy's (refused otherwise).

    Returns
    -------
    ImportResult
        What changed; ``str(result.summary())`` prints it.

    Raises
    ------
    SnapshotError
        If the source is missing, damaged or not a CSV snapshot, or the conversion is not exact.
    DowngradeError
        If the source is older than the copy (lower ``version``) and ``allow_older`` is not set.
    """
    source = Path(source or config.SHARED_SNAPSHOT).expanduser().resolve()
    data_dir = Path(data_dir or config.DATA_DIR).expanduser().resolve()
    if is_embedded(source):
        raise SnapshotError(f"{source} is already an in-repo style copy; import needs a CSV snapshot folder "
                            "(the format of ../shared/npvr-snapshot or of 'python -m monitor snapshot --out DIR').")
    try:
        stats: dict = {}
        source_manifest = verify_manifest(source, stats)
        source_snapshot = read_folder(source, verify=False, stats=stats)  # not embedded (refused above)
        problems = range_problems(source_snapshot, load_catalogue())
        if problems:
            raise SnapshotContentError(source, problems)
    except SnapshotError as exc:
        raise SnapshotError(f"Import refused, nothing in {_shown(data_dir)} was changed: {exc}") from exc
    recovered = recover(data_dir)
    previous = _previous(data_dir)
    try:
        previous_source = json.loads((data_dir / SNAPSHOT_DIR / SOURCE_MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError, RecursionError):
        previous_source = {}
    notes = _size_warnings(source_manifest, previous_source if isinstance(previous_source, dict) else {})
    if previous and not allow_older:
        old_version, new_version = previous[0].get("version"), source_manifest.get("version")
        if isinstance(old_version, int) and isinstance(new_version, int) and new_version < old_version:
            raise DowngradeError(f"Import refused: {source} is snapshot version {new_version}, older than the copy in "
                                 f"{_shown(data_dir)} (version {old_version}); nothing was changed. To go back on "
                                 "purpose, run it again with --allow-older.")
    data_dir.mkdir(parents=True, exist_ok=True)
    stage = data_dir / f".import-{os.getpid()}"
    shutil.rmtree(stage, ignore_errors=True)
    try:
        manifest = _stage(source, source_manifest, stage, stats)
        copy = read_embedded(stage / SNAPSHOT_DIR, verify=True, lazy=True, checked=False)
        _same_content(source_snapshot, copy)
        new_rows, new_digests = _dataset_digests([_read_rows(stage / SNAPSHOT_DIR / n)
                                                  for n in CONVERTED.values() if (stage / SNAPSHOT_DIR / n).is_file()])
        _swap(stage, data_dir)
    finally:
        shutil.rmtree(stage, ignore_errors=True)
    old_manifest, old_rows, old_digests = previous or ({}, {}, {})
    old_files, new_files = old_manifest.get("files", {}), manifest["files"]
    files = sorted(name for name in set(old_files) | set(new_files)
                   if old_files.get(name, {}).get("sha256") != new_files.get(name, {}).get("sha256"))
    changed = sorted(d for d in new_rows if d in old_rows and old_digests[d] != new_digests[d])
    return ImportResult(source=source, data_dir=data_dir, old=_identity(old_manifest) if previous else None,
                        new=_identity(manifest), old_rows=old_rows, new_rows=new_rows, changed=changed, files=files,
                        notes=([recovered] if recovered else []) + notes)


# --- back to a CSV folder ----------------------------------------------------------------------

def write_folder(root: str | os.PathLike, target: str | os.PathLike) -> Path:
    """Write the in-repo copy out as a CSV snapshot folder (the format of ``../shared/npvr-snapshot``).

    Parameters
    ----------
    root
        The copy's ``snapshot`` folder (verified first).
    target
        A new or empty folder.

    Returns
    -------
    Path
        ``target``. Its ``manifest.json`` is the source's own when every file came out byte-identical,
        else the source's with the sizes and checksums of the rewritten files.
    """
    root, target = Path(root), Path(target)
    manifest = verify_embedded(root)
    if target.exists() and any(target.iterdir()):
        raise SnapshotError(f"{target} is not empty; give a new folder.")
    target.mkdir(parents=True, exist_ok=True)
    base = root.parent
    by_parquet = {parquet: csv for csv, parquet in CONVERTED.items()}
    for name in manifest["files"]:
        folder, _, rest = name.partition("/")
        if folder == SNAPSHOT_DIR and rest in by_parquet:
            out = target / by_parquet[rest]
            out.write_bytes(csv_bytes(_read_rows(base / name)))
            continue
        if folder == SNAPSHOT_DIR and rest in (MANIFEST, SOURCE_MANIFEST):
            continue
        out = target / (rest if folder == SNAPSHOT_DIR else name)
        out.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(base / name, out)
    source_manifest_path = root / SOURCE_MANIFEST
    source_manifest = json.loads(source_manifest_path.read_text(encoding="utf-8"))
    files = {}
    for name in source_manifest["files"]:
        path = target / name
        files[name] = {"sha256": sha256_of(path), "bytes": path.stat().st_size}
    if files == {k: {"sha256": v.get("sha256"), "bytes": v.get("bytes")} for k, v in source_manifest["files"].items()}:
        shutil.copyfile(source_manifest_path, target / MANIFEST)
    else:
        rewritten = {**source_manifest, "files": files}
        (target / MANIFEST).write_text(json.dumps(rewritten, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return target


__all__ = ["import_snapshot", "ImportResult", "write_folder", "recover", "DowngradeError"]
