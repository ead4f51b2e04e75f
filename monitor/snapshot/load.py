"""Which reader a snapshot folder needs: the in-repo copy or a CSV folder."""

from __future__ import annotations

from pathlib import Path

from .embedded import is_embedded, read_embedded
from .model import Snapshot, read_folder


def load_snapshot(root: Path, verify: bool = True, lazy: bool = False) -> Snapshot:
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

    Returns
    -------
    Snapshot

    Raises
    ------
    SnapshotError
        If anything is missing, damaged or malformed; the message names the file.
    """
    root = Path(root)
    if is_embedded(root):
        return read_embedded(root, verify=verify, lazy=lazy)
    return read_folder(root, verify=verify, lazy=lazy)
