"""Atomic writes, the one way every output of the monitor reaches the disk.

- :func:`write_file` — one file via a temporary file in the same folder and :func:`os.replace`.
- :func:`replace_folder` — a whole folder (build, snapshot) written beside the target and swapped in.
- :func:`write_into_folder` — several files (export) written to a temporary folder inside the
  target folder and moved in one by one only when all are complete; other files are left alone.

Temporary names are unique per call (several processes may write the same target at once), and
every temporary file or folder is removed on error, Ctrl-C or SIGTERM (see
:func:`install_sigterm_handler`). Concurrent folder swaps are serialised by an advisory lock on the
parent folder, so that each writer's swap is complete before the next starts; the last complete
writer wins.
"""

from __future__ import annotations

import contextlib
import errno
import logging
import os
import shutil
import signal
import tempfile
from pathlib import Path
from collections.abc import Callable

try:  # POSIX only; elsewhere concurrent swaps fall back to retrying
    import fcntl
except ImportError:  # pragma: no cover - Windows
    fcntl = None


class Terminated(KeyboardInterrupt):
    """Raised by the SIGTERM handler so that cleanup code runs as for Ctrl-C."""


def install_sigterm_handler() -> None:
    """Turn SIGTERM into :class:`Terminated` (a KeyboardInterrupt) in the main thread.

    ``finally`` blocks and ``except BaseException`` cleanups then remove temporary files exactly
    as after Ctrl-C. Does nothing outside the main thread.
    """
    def _raise(signum, frame):
        raise Terminated()

    with contextlib.suppress(ValueError):  # not the main thread
        signal.signal(signal.SIGTERM, _raise)


def _remove(path: Path) -> None:
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path, ignore_errors=True)
    else:
        with contextlib.suppress(FileNotFoundError):
            path.unlink()


@contextlib.contextmanager
def _folder_lock(folder: Path):
    """Hold an exclusive advisory lock on ``folder`` (the folder itself, no lock file)."""
    if fcntl is None:
        yield
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)  # closing releases the lock


STALE_LEGACY_SECONDS = 3600
"""A temporary folder without its writer's process id in its name (older versions) counts as a
leftover once it is this old (an export or a build takes seconds)."""


def _owner_alive(name: str, prefix: str) -> bool:
    """Whether the process that made the temporary ``name`` (``<prefix><pid>-<random>``) still runs."""
    pid = name[len(prefix):].split("-", 1)[0]
    if not pid.isdigit():
        return False
    if int(pid) == os.getpid():
        return True
    try:
        os.kill(int(pid), 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def remove_leftovers(folder: Path, prefix: str) -> list[Path]:
    """Remove ``folder/<prefix>*`` left by runs that were killed (their process no longer runs).

    Parameters
    ----------
    folder
        Where the temporary folders are made.
    prefix
        Their common start, e.g. ``".export-"``; the writer's process id follows it.

    Returns
    -------
    list of Path
        What was removed.
    """
    import time

    removed = []
    try:
        candidates = [p for p in Path(folder).iterdir() if p.name.startswith(prefix)]
    except OSError:
        return removed
    for path in candidates:
        if _owner_alive(path.name, prefix):
            continue
        legacy = not path.name[len(prefix):].split("-", 1)[0].isdigit()
        try:
            if legacy and time.time() - path.lstat().st_mtime < STALE_LEGACY_SECONDS:
                continue
        except OSError:
            continue
        _remove(path)
        removed.append(path)
    return removed


def write_file(path: str | os.PathLike, write: Callable[[Path], object]) -> Path:
    """Write one file atomically: ``write(temp_path)``, then rename over ``path``.

    Parameters
    ----------
    path
        The target file; its folder must exist.
    write
        Writes the complete file to the path it is given.

    Returns
    -------
    Path
        ``path``. On any error (or interruption) the old file, if any, is untouched and no
        temporary file is left.
    """
    target = Path(path)
    handle, temp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    os.close(handle)
    temp = Path(temp)
    try:
        write(temp)
        os.chmod(temp, 0o644)
        os.replace(temp, target)
    except BaseException:
        _remove(temp)
        raise
    return target


def write_bytes(path: str | os.PathLike, data: bytes) -> Path:
    """Write ``data`` to ``path`` atomically (flushed to disk before the rename)."""
    def _write(temp: Path) -> None:
        with open(temp, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())

    return write_file(path, _write)


def replace_folder(target: str | os.PathLike, fill: Callable[[Path], object],
                   check: Callable[[Path], object] | None = None) -> Path:
    """Create or replace the folder ``target`` atomically.

    ``fill(temp)`` writes the new content into an empty temporary folder beside ``target``;
    ``check(temp)`` (optional) may raise to refuse it. Only then is the old folder moved aside and
    the new one renamed into place, under a lock on the parent folder; the old one is deleted
    afterwards. On any error or interruption the temporary folder is removed and ``target`` is as
    it was.

    Parameters
    ----------
    target
        The folder to create or replace.
    fill
        Writes the files.
    check
        Verifies the written folder before it replaces anything.

    Returns
    -------
    Path
        ``target``.
    """
    target = Path(target)
    parent = target.parent
    parent.mkdir(parents=True, exist_ok=True)
    for kind in ("new", "old"):
        remove_leftovers(parent, f".{target.name}-{kind}-")
    temp = Path(tempfile.mkdtemp(prefix=f".{target.name}-new-{os.getpid()}-", dir=parent))
    old = None
    try:
        fill(temp)
        if check is not None:
            check(temp)
        with _folder_lock(parent):
            if target.exists() or target.is_symlink():
                old = Path(tempfile.mkdtemp(prefix=f".{target.name}-old-{os.getpid()}-", dir=parent))
                os.replace(target, old)  # an empty folder may be replaced by rename
            try:
                os.replace(temp, target)
            except BaseException:
                if old is not None and not target.exists():
                    os.replace(old, target)
                    old = None
                raise
    except BaseException:
        _remove(temp)
        raise
    finally:
        if old is not None:
            _remove(old)
    return target


EXPORT_PREFIX = ".export-"


def _move_all(temp: Path, folder: Path, names: list[str]) -> list[Path]:
    """Move ``temp/<name>`` over ``folder/<name>`` for every name: all of them, or none.

    A target that is a folder is refused before anything is moved; the files replaced are kept in
    ``temp`` until every new file is in place, and put back if a move fails.
    """
    blocked = [name for name in names if (folder / name).is_dir() and not (folder / name).is_symlink()]
    if blocked:
        raise IsADirectoryError(errno.EISDIR, f"{', '.join(blocked)} in the way: a folder of that name exists there "
                                              "(move or rename it)", str(folder / blocked[0]))
    backup = temp / ".replaced"
    backup.mkdir()
    done: list[str] = []
    try:
        for name in names:
            target = folder / name
            done.append(name)
            if target.exists() or target.is_symlink():
                os.replace(target, backup / name)
            os.replace(temp / name, target)
    except BaseException:
        for name in reversed(done):
            target = folder / name
            if not (temp / name).exists():
                _remove(target)  # the new file was placed
            if (backup / name).exists() or (backup / name).is_symlink():
                os.replace(backup / name, target)
        raise
    return [folder / name for name in names]


def write_into_folder(folder: str | os.PathLike, writers: dict[str, Callable[[Path], object]],
                      concurrent: tuple[str | tuple[str, ...], ...] = (), handovers: tuple = ()) -> list[Path]:
    """Write several files into ``folder``, all complete before any is moved in.

    The files are written to a temporary folder inside ``folder`` (same file system) and then
    renamed over their targets, all or none (a failed move puts back the files already replaced).
    Files of ``folder`` not named in ``writers`` are never touched. On any error or interruption
    the temporary folder is removed, after any writer still running in a child process has been
    stopped; one left by a killed run is removed by the next.

    Parameters
    ----------
    folder
        An existing folder.
    writers
        ``{file name: callable(path)}``; a writer may leave its file out (nothing is moved then).
    concurrent
        Names of writers to run in a forked child process (:mod:`monitor.output.background`) while the
        others (or the ``handovers``) run here; only when there are such and fork is available. An entry
        may be a tuple of names: those writers run one after the other in one child, in that order.
        Their errors are raised here as if they had run here; a child that has not finished after
        ``background.WAIT_SECONDS`` is stopped and its files written here instead.
    handovers
        :class:`monitor.output.background.Handover` values the concurrent writers need: once those
        writers run in a child, each is computed here and sent to it before the other writers run.

    Returns
    -------
    list of Path
        The files moved into ``folder``, in the order of ``writers``.
    """
    from . import background
    from .background import Child, can_fork

    folder = Path(folder)
    remove_leftovers(folder, EXPORT_PREFIX)
    temp = Path(tempfile.mkdtemp(prefix=f"{EXPORT_PREFIX}{os.getpid()}-", dir=folder))
    # A child pays off beside other writers, or beside the handovers this process computes for it.
    groups = []
    for entry in concurrent:
        names = tuple(name for name in ((entry,) if isinstance(entry, str) else entry) if name in writers)
        if names:
            groups.append(names)
    everything_apart = len(groups) == 1 and len(groups[0]) == len(writers) and not handovers
    if everything_apart or not ((len(writers) > 1 or handovers) and can_fork()):
        groups = []
    apart = {name for names in groups for name in names}
    children = []
    try:
        for names in groups:
            children.append((names, Child(lambda names=names: _write_each(writers, names, temp), ", ".join(names))))
        if children:
            for handover in handovers:
                handover.give()
        for name, write in writers.items():
            if name not in apart:
                write(temp / name)
        for names, child in children:
            try:
                child.wait(background.WAIT_SECONDS)
            except TimeoutError as exc:  # stuck (see background.WAIT_SECONDS): do the work here instead
                child.stop()
                logging.getLogger("npvr.export").warning("%s; writing it in this process instead", exc)
                _write_each(writers, names, temp)
        return _move_all(temp, folder, [name for name in writers if (temp / name).exists()])
    finally:
        for _, child in children:
            child.stop()
        _remove(temp)


def _write_each(writers: dict, names: tuple[str, ...], temp: Path) -> None:
    """Run the ``writers`` of ``names`` in this order, each into its file in ``temp``."""
    for name in names:
        writers[name](temp / name)
