"""A download cache that makes a snapshot run resumable.

Every finished download is stored as JSON with a sha256 side file written *after* the data. An entry
whose side file is missing or does not match (an interrupted write, a damaged file) counts as absent
and is fetched again; a verified entry is never fetched again.
"""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path
from typing import Any

from ..output.atomic import write_bytes


def _safe(name: str) -> str:
    return re.sub(r"[^A-Za-z0-9_.-]+", "_", name)


class DownloadCache:
    """Checksummed JSON files under ``root`` (one per download).

    Parameters
    ----------
    root
        The cache folder; created when the first entry is stored.
    """

    def __init__(self, root: Path):
        self.root = Path(root)
        self.hits: list[str] = []

    def _paths(self, name: str) -> tuple[Path, Path]:
        path = self.root / f"{_safe(name)}.json"
        return path, path.with_name(path.name + ".sha256")

    def get(self, name: str) -> Any | None:
        """Return the stored object for ``name`` if present and verified, else ``None``."""
        path, digest_path = self._paths(name)
        if not (path.is_file() and digest_path.is_file()):
            return None
        data = path.read_bytes()
        if hashlib.sha256(data).hexdigest() != digest_path.read_text(encoding="ascii").strip():
            return None
        self.hits.append(name)
        return json.loads(data.decode("utf-8"))

    def put(self, name: str, obj: Any) -> None:
        """Store ``obj`` (JSON-serialisable) under ``name``, data first, checksum last."""
        path, digest_path = self._paths(name)
        path.parent.mkdir(parents=True, exist_ok=True)
        data = json.dumps(obj, ensure_ascii=False).encode("utf-8")
        write_bytes(path, data)
        write_bytes(digest_path, hashlib.sha256(data).hexdigest().encode("ascii"))
