"""Writing report files safely: a temporary file in the target folder, then an atomic rename."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from ..errors import MonitorError


class OutputError(MonitorError):
    """A report cannot be written where it was asked for (folder missing, not a folder, read-only)."""


def output_dir(path: str | os.PathLike) -> Path:
    """Return ``path`` as a folder that exists, creating it (and its parents) if needed.

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
    folder = Path(path).expanduser()
    if folder.exists() and not folder.is_dir():
        raise OutputError(f"Output path {folder} exists but is not a folder; give a folder with --out.")
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise OutputError(f"Cannot create output folder {folder}: {exc.strerror or exc}. "
                          "Give a folder you can write to with --out.") from exc
    if not os.access(folder, os.W_OK | os.X_OK):
        raise OutputError(f"Output folder {folder} is not writable; give a folder you can write to with --out.")
    return folder


def write_bytes_atomically(path: str | os.PathLike, data: bytes) -> Path:
    """Write ``data`` to ``path`` via a temporary file in the same folder and :func:`os.replace`.

    Either the complete new file is at ``path`` afterwards, or (on any error) the old file, if
    there was one, is untouched and no temporary file is left behind.

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
        handle, temp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    except OSError as exc:
        raise OutputError(f"Cannot write {target}: {exc.strerror or exc}. "
                          "Give an existing folder you can write to.") from exc
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        os.chmod(temp, 0o644)
        os.replace(temp, target)
    except BaseException as exc:
        try:
            os.unlink(temp)
        except OSError:
            pass
        if isinstance(exc, OSError):
            raise OutputError(f"Cannot write {target}: {exc.strerror or exc}.") from exc
        raise
    return target


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
