"""Which reader a snapshot folder needs: the in-repo copy or a CSV folder."""

from __future__ import annotations

from pathlib import Path

from .embedded import is_embedded, read_embedded
from .model import Snapshot, read_folder


def load_snapshot(root: Path, verify: bool = True, lazy: bool = False, stats: dict | None = None) -> Snapshot:
    """Verify and read a snapshot: a CSV folder or the in-repo copy (``data/snapshot``).

    Parameters
    ----------
    root
        The snapshot folder.
    verify
        Check sizes and sha256 of every file against ``manifest.json`` first (default).
    lazy
        Parse the observations only when :attr:`Snapshot.observations` is first used (its
        errors are raised then); the default parses and checks them here.
    stats
        Without ``verify``: the files' :func:`~monitor.snapshot.files.stat_key` when they were last
        verified (the verified-stamp); reads are checked against them.

    Returns
    -------
    Snapshot

    Raises
    ------
    SnapshotError
        If anything is missing, damaged or malformed; the message names the file.
    """
    root = Path(root)
    if (root.parent / ".import-swap.json").is_file():  # an import was killed mid-swap: finish or undo it first
        import logging

        from .importer import recover

        notice = recover(root.parent)
        if notice:
            logging.getLogger("npvr").warning(notice)
    if is_embedded(root):
        return read_embedded(root, verify=verify, lazy=lazy, stats=stats)
    return read_folder(root, verify=verify, lazy=lazy, stats=stats)
