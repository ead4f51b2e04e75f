"""Data in: reading, checking, the in-repo copy and importing a CBS snapshot.

- :mod:`.load`: :func:`load_snapshot`, which reads a CSV snapshot folder or the in-repo copy;
- :mod:`.model`: :class:`Snapshot` and the reader of a CSV folder;
- :mod:`.files`: file names, columns, checksums, typed reading of the files;
- :mod:`.checks`: the content checks (unique keys, known codes, finite numbers, row counts, ranges);
- :mod:`.embedded`: the in-repo copy (``data/snapshot`` + ``data/boundaries``, Parquet);
- :mod:`.importer`: ``snapshot import``, a newer CSV snapshot into ``data/``;
- :mod:`.freshness`: remembers which files were verified, so an unchanged snapshot is not re-hashed.
"""

from ..errors import SnapshotContentError
from .files import DATASET_COLUMNS, MEASURE_COLUMNS, OBSERVATION_COLUMNS, sha256_of, verify_manifest
from .load import load_snapshot
from .model import Snapshot

__all__ = ["DATASET_COLUMNS", "MEASURE_COLUMNS", "OBSERVATION_COLUMNS", "Snapshot", "SnapshotContentError",
           "load_snapshot", "sha256_of", "verify_manifest"]
