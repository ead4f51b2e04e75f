"""A cheap check that a snapshot is unchanged since its files were last verified.

Verifying a snapshot hashes every file it lists (55 MB), on every start. After a full check the
size, modification time, change time and inode of ``manifest.json`` and of every listed file are
recorded in the build folder (:data:`STAMP_FILE`). As long as nothing in that record changed, the
snapshot counts as verified without hashing; any change (an edit, a copy, a ``touch``, another
manifest) falls back to the full sha256 check. The change time (``st_ctime``) cannot be set back
by ordinary means, so an edited file is always caught.

What is recorded is the files as they were hashed (``Snapshot.verified_stats``), not as they are
when the record is written: a file replaced in between is never vouched for. The in-repo copy's
manifest names its files relative to ``data/`` (the folder above ``data/snapshot``).
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from pathlib import Path

STAMP_FILE = "snapshot_verified.json"
EMBEDDED_FORMAT = "npvr-embedded"
"""``monitor.snapshot.embedded.FORMAT`` (not imported: this module stays free of the readers)."""


def _manifest_hash(manifest: dict) -> str:
    return hashlib.sha256(json.dumps(manifest, sort_keys=True).encode()).hexdigest()


def _base(root: Path, manifest: dict) -> Path:
    """The folder the manifest's file names are relative to."""
    return Path(root).parent if manifest.get("format") == EMBEDDED_FORMAT else Path(root)


def file_stats(root: Path, manifest: dict) -> dict[str, list[int]] | None:
    """``{file: [size, mtime_ns, ctime_ns, inode]}`` for ``manifest.json`` and every listed file.

    Returns None when a file cannot be examined (missing, unreadable).
    """
    stats = {}
    base = _base(root, manifest)
    for name in ["manifest.json", *sorted(manifest.get("files") or {})]:
        try:
            st = os.stat(Path(root) / name if name == "manifest.json" else base / name)
        except (OSError, ValueError):
            return None
        stats[name] = [st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino]
    return stats


def _stamp(root: Path, manifest: dict) -> dict | None:
    stats = file_stats(root, manifest)
    if stats is None:
        return None
    return {"root": str(Path(root).resolve()), "manifest": _manifest_hash(manifest), "files": stats}


def verified_stats(root: Path, build_dir: Path) -> dict | None:
    """The files' stats as last fully verified for ``build_dir``, if the snapshot in ``root`` is exactly
    as then (else None: it must be verified in full)."""
    try:
        recorded = json.loads((Path(build_dir) / STAMP_FILE).read_text(encoding="utf-8"))
        manifest = json.loads((Path(root) / "manifest.json").read_text(encoding="utf-8"))
    except (OSError, ValueError, RecursionError):
        return None
    if not isinstance(manifest, dict) or not isinstance(manifest.get("files"), dict):
        return None
    if recorded != _stamp(root, manifest):
        return None
    return {name: stat for name, stat in recorded["files"].items() if name != "manifest.json"}


def verified_unchanged(root: Path, build_dir: Path) -> bool:
    """Whether the snapshot in ``root`` is exactly as when it was last fully verified for ``build_dir``."""
    return verified_stats(root, build_dir) is not None


def record_verified(root: Path, manifest: dict, build_dir: Path, verified: dict | None = None) -> None:
    """Record that ``root`` was fully verified against ``manifest`` (atomic; best effort).

    Nothing is recorded when ``build_dir`` does not exist or cannot be written, or when a file is
    no longer as it was when it was hashed (``verified``: ``Snapshot.verified_stats``): the next
    start then simply verifies in full again.
    """
    stamp = _stamp(root, manifest)
    build_dir = Path(build_dir)
    if stamp is None or not build_dir.is_dir():
        return
    if verified is not None and any(stamp["files"].get(name) != stat for name, stat in verified.items()):
        return
    try:
        handle, temp = tempfile.mkstemp(prefix=f".{STAMP_FILE}-", dir=build_dir)
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            json.dump(stamp, out)
        os.replace(temp, build_dir / STAMP_FILE)
    except OSError:
        try:
            os.unlink(temp)
        except (OSError, UnboundLocalError):
            pass
