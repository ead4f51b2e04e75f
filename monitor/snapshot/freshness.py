"""A cheap check that a snapshot is unchanged since its files were last verified.

Verifying a snapshot hashes every file it lists (55 MB), on every start. After a full check the
size, modification time, change time and inode of ``manifest.json`` and of every listed file are
recorded in the build folder (:data:`STAMP_FILE`). As long as nothing in that record changed, the
snapshot counts as verified without hashing; any change (an edit, a copy, a ``touch``, another
manifest) falls back to the full sha256 check. The change time (``st_ctime``) cannot be set back
by ordinary means, so an edited file is always caught.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from pathlib import Path

STAMP_FILE = "snapshot_verified.json"


def _manifest_hash(manifest: dict) -> str:
    return hashlib.sha256(json.dumps(manifest, sort_keys=True).encode()).hexdigest()


def file_stats(root: Path, manifest: dict) -> dict[str, list[int]] | None:
    """``{file: [size, mtime_ns, ctime_ns, inode]}`` for ``manifest.json`` and every listed file.

    Returns None when a file cannot be examined (missing, unreadable).
    """
    stats = {}
    for name in ["manifest.json", *sorted(manifest.get("files") or {})]:
        try:
            st = os.stat(Path(root) / name)
        except (OSError, ValueError):
            return None
        stats[name] = [st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino]
    return stats


def _stamp(root: Path, manifest: dict) -> dict | None:
    stats = file_stats(root, manifest)
    if stats is None:
        return None
    return {"root": str(Path(root).resolve()), "manifest": _manifest_hash(manifest), "files": stats}


def verified_unchanged(root: Path, build_dir: Path) -> bool:
    """Whether the snapshot in ``root`` is exactly as when it was last fully verified for ``build_dir``."""
    try:
        recorded = json.loads((Path(build_dir) / STAMP_FILE).read_text(encoding="utf-8"))
        manifest = json.loads((Path(root) / "manifest.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    if not isinstance(manifest, dict) or not isinstance(manifest.get("files"), dict):
        return False
    return recorded == _stamp(root, manifest)


def record_verified(root: Path, manifest: dict, build_dir: Path) -> None:
    """Record that ``root`` was just fully verified against ``manifest`` (atomic; best effort).

    Nothing is recorded when ``build_dir`` does not exist or cannot be written: the next start
    then simply verifies in full again.
    """
    stamp = _stamp(root, manifest)
    build_dir = Path(build_dir)
    if stamp is None or not build_dir.is_dir():
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
