"""The ``--out`` rule: which folders the monitor may write into or replace.

- a missing or empty folder is created / used;
- ``snapshot --out`` replaces a folder only if it *is* a snapshot (its ``manifest.json`` lists every
  file in it), and only after a complete, verified download;
- ``export --out`` and ``report --out`` write their own files into an existing folder and never
  delete anything they did not write;
- the build folder (``--build-dir``, ``NPVR_BUILD_DIR``, default ``build/``) is replaced as a whole
  by every build, so it follows the ``snapshot`` rule: an existing folder is replaced only if it
  *is* a build (its ``build.json`` lists every file in it, see :func:`check_build_folder`);
- anything else — ``--out ""``, a file, a path under a file, a folder that cannot be written, a
  folder with other content for ``snapshot`` or the build — is refused before any work (or network
  access), naming the folder. The command then exits with code 2.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from ..errors import MonitorError

SNAPSHOT, FILES, BUILD = "snapshot", "files", "build"
BUILD_META = "build.json"
BUILD_FILES = ("indicator_values.parquet", BUILD_META, "snapshot_verified.json")
"""What a build folder holds (:mod:`monitor.compute.build`, and the verified-stamp of :mod:`monitor.snapshot.freshness`);
a build's ``build.json`` also lists its files under ``"files"``."""
BUILD_TEMP_PREFIXES = (".snapshot_verified.json-",)
"""Temporary files a killed run may leave in a build folder (they are its own, safe to replace)."""
MAX_NAME = 255
"""The longest file name most file systems take (ext4, XFS, APFS, NTFS: 255)."""


class OutFolderError(MonitorError):
    """``--out`` names a folder the monitor must not or cannot write to (exit code 2)."""


def _nearest_existing(path: Path) -> Path:
    for candidate in (path, *path.parents):
        if candidate.exists() or candidate.is_symlink():
            return candidate
    return Path(path.anchor or ".")


def _snapshot_strangers(folder: Path) -> list[str]:
    """Files in ``folder`` that its manifest does not list (empty: the folder is a snapshot)."""
    try:
        files = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))["files"]
        listed = {str(name) for name in files}
    except (OSError, ValueError, KeyError, TypeError, RecursionError):
        return ["manifest.json (not a snapshot manifest)"]
    present = {p.relative_to(folder).as_posix() for p in folder.rglob("*") if not p.is_dir()}
    return sorted(present - listed - {"manifest.json"})


def _build_strangers(folder: Path) -> list[str]:
    """Entries of ``folder`` that are not part of a build (empty: the folder is a build)."""
    if not (folder / BUILD_META).is_file():
        return sorted(p.name + ("/" if p.is_dir() else "") for p in folder.iterdir())
    try:
        meta = json.loads((folder / BUILD_META).read_text(encoding="utf-8"))
        if not isinstance(meta, dict) or "inputs" not in meta:
            raise ValueError("not a build's metadata")
        listed = set(meta.get("files") or BUILD_FILES) | set(BUILD_FILES)
    except (OSError, ValueError, TypeError, RecursionError):
        return [f"{BUILD_META} (not a build's metadata)"]
    strangers = []
    for entry in sorted(folder.iterdir()):
        if entry.is_dir() and not entry.is_symlink():
            strangers.append(entry.name + "/")
        elif entry.name not in listed and not entry.name.startswith(BUILD_TEMP_PREFIXES):
            strangers.append(entry.name)
    return strangers


SIBLING_ROOM = 48
"""Bytes kept free in the name of a folder that is replaced as a whole: its temporary siblings
(``.<name>-new-<pid>-<random>``, ``.<name>.download-cache``) are named after it."""


def _check_names(folder: Path, option: str, whole: bool) -> None:
    """Refuse a path with a name longer than the file system takes (instead of an OSError later)."""
    parts = folder.parts
    for i, part in enumerate(parts):
        limit = MAX_NAME - (SIBLING_ROOM if whole and i == len(parts) - 1 else 0)
        size = len(os.fsencode(part))
        if size > limit:
            raise OutFolderError(f"{option}: the name '{part[:40]}…' is {size} bytes long; at most {limit} can be "
                                 "used here (file systems take 255). Nothing was written; give a shorter folder name.")


def check_build_folder(value: str | os.PathLike, option: str = "--build-dir") -> Path:
    """Apply the ``--out`` rule to the build folder (it is replaced as a whole by every build).

    Parameters
    ----------
    value
        The folder (``--build-dir``, ``NPVR_BUILD_DIR`` or the default ``build/``).
    option
        Where it came from, for messages.

    Returns
    -------
    Path
        The folder: missing, empty, or a build (``build.json`` of a build, nothing else in it
        but the files a build writes).

    Raises
    ------
    OutFolderError
        For a file, a path under a file, an unwritable place or a folder with other content (a
        clone, a home folder ...), naming the folder; nothing is written or deleted then.
    """
    folder = check_out_folder(value, BUILD, option, writable=False)
    if not (folder.is_dir() and any(folder.iterdir())):
        return check_out_folder(value, BUILD, option)
    strangers = _build_strangers(folder)
    if strangers:
        listed = ", ".join(strangers[:5]) + (f" (+{len(strangers) - 5} more)" if len(strangers) > 5 else "")
        shown = f"'{folder}'" + ("" if folder.is_absolute() else f" ({folder.resolve()})")
        raise OutFolderError(
            f"{option} {shown} is a folder with other content ({listed}), not a build: every build "
            "replaces the whole build folder, so it refuses to touch it; nothing was written or deleted. "
            "Give a new or empty folder, or an existing build folder.")
    # An existing build may sit on a read-only disk (a deployment): it is read; a rebuild that cannot
    # write it is refused with a message then (monitor.compute.build).
    return folder


def check_out_folder(value: str | os.PathLike | None, kind: str = FILES, option: str = "--out",
                     writable: bool = True) -> Path:
    """Apply the ``--out`` rule without writing anything.

    Parameters
    ----------
    value
        What the user gave.
    kind
        ``"snapshot"`` (the folder will be replaced as a whole) or ``"files"`` (files are
        written into it).
    option
        The option's name, for messages.
    writable
        Also refuse a folder that cannot be written (default).

    Returns
    -------
    Path
        The folder (it may not exist yet).

    Raises
    ------
    OutFolderError
        With a message that names the folder, says why and what to do.
    """
    text = "" if value is None else os.fspath(value)
    if not text.strip():
        raise OutFolderError(f"{option} is empty: give a folder name, e.g. {option} uitvoer. "
                             "(An empty name would mean the current folder, which is never written over.)")
    folder = Path(text).expanduser()
    shown = f"'{folder}'"
    _check_names(folder, option, whole=kind in (SNAPSHOT, BUILD))
    if folder.is_symlink() and not folder.exists():
        raise OutFolderError(f"{option} {shown} is a symbolic link to '{os.readlink(folder)}', which does not "
                             "exist (a dangling link); nothing was written. Remove the link, or give a folder.")
    if folder.exists() and not folder.is_dir():
        raise OutFolderError(f"{option} {shown} is an existing file, not a folder; nothing was written. "
                             "Give a new or empty folder.")
    existing = _nearest_existing(folder)
    if existing != folder and not existing.is_dir():
        what = ("a symbolic link to a place that does not exist" if existing.is_symlink() and not existing.exists()
                else "a file, not a folder")
        raise OutFolderError(f"Cannot create output folder {shown} ({option}): it lies under '{existing}', "
                             f"which is {what}; nothing was written. Give a folder path.")
    if writable and (not os.access(existing, os.W_OK | os.X_OK) or _read_only_mount(existing)):
        what = "is not writable" if existing == folder else f"cannot be created: '{existing}' is not writable"
        raise OutFolderError(f"Output folder {shown} ({option}) {what}; nothing was written. "
                             "Give a folder you can write to.")
    if kind == SNAPSHOT and folder.is_dir() and any(folder.iterdir()):
        if not (folder / "manifest.json").is_file():
            sample = sorted(p.name for p in folder.iterdir())[:5]
            raise OutFolderError(
                f"{option} {shown} is a folder with other content ({', '.join(sample)}), not a snapshot: "
                "'snapshot --out' replaces the whole folder, so it refuses to touch it. Give a new or empty "
                "folder, or an existing snapshot folder (one with manifest.json).")
        strangers = _snapshot_strangers(folder)
        if strangers:
            listed = ", ".join(strangers[:5]) + (f" (+{len(strangers) - 5} more)" if len(strangers) > 5 else "")
            raise OutFolderError(
                f"{option} {shown} is a snapshot folder that also holds files its manifest.json does not list "
                f"({listed}); replacing it would delete them. Move them elsewhere or give another folder.")
    return folder


def _read_only_mount(path: Path) -> bool:
    try:
        return bool(os.statvfs(path).f_flag & os.ST_RDONLY)
    except (OSError, AttributeError):
        return False


def prepare_out_folder(value: str | os.PathLike | None, option: str = "--out") -> Path:
    """Check ``value`` for writing files into (export, report) and create the folder.

    Returns
    -------
    Path
        The existing folder.

    Raises
    ------
    OutFolderError
        As :func:`check_out_folder`, or when the folder cannot be created.
    """
    folder = check_out_folder(value, FILES, option)
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise OutFolderError(f"Cannot create output folder '{folder}' ({option}): {exc.strerror or exc}; "
                             "nothing was written. Give a folder you can write to.") from exc
    return folder
