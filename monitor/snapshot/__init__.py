"""Data in: reading, checking, the in-repo copy and importing a CBS snapshot.

- :mod:`.model`: :class:`Snapshot` and :func:`load_snapshot` (a CSV snapshot folder or the in-repo copy);
- :mod:`.files`: file names, columns, checksums, typed reading of the files;
- :mod:`.checks`: the content checks (unique keys, known codes, finite numbers, row counts, ranges);
- :mod:`.embedded`: the in-repo copy (``data/snapshot`` + ``data/boundaries``, Parquet);
- :mod:`.importer`: ``snapshot import``, a newer CSV snapshot into ``data/``;
- :mod:`.freshness`: remembers which files were verified, so an unchanged snapshot is not re-hashed.
"""
