"""Content digests of an export folder, to show that a refactoring changed no output.

``python scripts/export_digest.py DIR`` prints one line per file: its sha256 and name. CSV and Parquet
files are hashed byte for byte. Two formats stamp the time of writing, so for them the digest leaves
exactly that stamp out and hashes everything else:

- ``*.xlsx``: every part of the zip except ``docProps/core.xml`` (created/modified time);
- ``*.docx``: every part of the zip (the zip entries carry the time of writing);
- ``*.gpkg``: the SQLite dump with ``gpkg_contents.last_change`` blanked.

Compare two folders with ``diff <(python scripts/export_digest.py A) <(python scripts/export_digest.py B)``.
"""

from __future__ import annotations

import hashlib
import sqlite3
import sys
import zipfile
from pathlib import Path


def digest(path: Path) -> str:
    """The sha256 of one export file, leaving out its time of writing (see the module docstring)."""
    sha = hashlib.sha256()
    if path.suffix in (".xlsx", ".docx"):
        with zipfile.ZipFile(path) as archive:
            for name in sorted(archive.namelist()):
                if name != "docProps/core.xml" or path.suffix == ".docx":
                    sha.update(name.encode() + b"\0" + archive.read(name))
    elif path.suffix == ".gpkg":
        connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            for line in connection.iterdump():
                if line.startswith('INSERT INTO "gpkg_contents"'):
                    parts = line.split(",")
                    parts[4] = "''"  # last_change
                    line = ",".join(parts)
                sha.update(line.encode() + b"\n")
        finally:
            connection.close()
    else:
        sha.update(path.read_bytes())
    return sha.hexdigest()


def main(folder: str) -> None:
    """Print the digest and name of every file in ``folder``, sorted by name."""
    for path in sorted(Path(folder).iterdir()):
        if path.is_file():
            print(f"{digest(path)}  {path.name}")


if __name__ == "__main__":
    main(sys.argv[1])
