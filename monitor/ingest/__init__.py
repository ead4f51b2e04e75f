"""Live ingest: download the CBS tables and PDOK boundaries the monitor needs into a snapshot.

``python -m monitor snapshot --out DIR`` reads the source register ``indicators/sources.yaml``,
downloads every table through :mod:`cbsodata` and the gemeente boundaries from PDOK, and writes a
folder in the format of ``../shared/npvr-snapshot`` (see :mod:`monitor.snapshot`).
``python -m monitor snapshot --check DIR`` verifies such a folder.

Modules
-------
register  the source register (which CBS table and key holds each snapshot measure)
network   timeouts, retries with backoff, offline detection
cache     resumable, checksummed download cache
cbs       CBS OData download through cbsodata, raw region codes kept
resolve   finding a register measure in a table's DataProperties, reporting changed metadata
pdok      gemeente boundaries from PDOK (CBS gebiedsindelingen)
eurostat  the Eurostat NUTS-3 tables (register section, bulk TSV parser, download) for Over de grens
pipeline  download everything and assemble the snapshot tables
writer    atomic snapshot writing with manifest
check     snapshot verification and per-dataset summary
command   the ``snapshot`` subcommand
"""
