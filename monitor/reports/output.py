"""Writing report files safely: a temporary file in the target folder, then an atomic rename."""

from __future__ import annotations

import os
from pathlib import Path

from ..output.atomic import write_bytes
from ..output.outfolder import OutFolderError, prepare_out_folder


class OutputError(OutFolderError):
    """A report cannot be written where it was asked for (folder missing, not a folder, read-only)."""


def output_dir(path: str | os.PathLike) -> Path:
    """Return ``path`` as a folder that exists, creating it (and its parents) if needed.

    Applies the ``--out`` rule of :mod:`monitor.output.outfolder` (an empty name, a file, a path under a
    file or an unwritable place is refused).

    Parameters
    ----------
    path
        The wanted output folder.

    Returns
    -------
    Path

    Raises
    ------
    OutputError
        If ``path`` (or a parent) is a file, or the folder cannot be created or written to.
    """
    try:
        return prepare_out_folder(path)
    except OutFolderError as exc:
        raise OutputError(str(exc)) from exc


def write_bytes_atomically(path: str | os.PathLike, data: bytes) -> Path:
    """Write ``data`` to ``path`` via a temporary file in the same folder and :func:`os.replace`.

    Either the complete new file is at ``path`` afterwards, or (on any error) the old file, if
    there was one, is untouched and no temporary file is left behind
    (:func:`monitor.output.atomic.write_bytes`).

    Parameters
    ----------
    path
        Target file; its folder must exist.
    data
        The file's content.

    Returns
    -------
    Path
        ``path``.

    Raises
    ------
    OutputError
        If the folder does not exist or cannot be written to.
    """
    target = Path(path).expanduser()
    try:
        return write_bytes(target, data)
    except OSError as exc:
        raise OutputError(f"Cannot write {target}: {exc.strerror or exc}. "
                          "Give an existing folder you can write to.") from exc


def deliver(data: bytes, path_or_buffer) -> Path | None:
    """Write ``data`` to a file path (atomically) or a binary stream (anything with ``write``).

    Returns
    -------
    Path or None
        The path written, or None for a stream.
    """
    if hasattr(path_or_buffer, "write"):
        path_or_buffer.write(data)
        return None
    return write_bytes_atomically(path_or_buffer, data)
