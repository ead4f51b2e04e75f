"""Write a snapshot folder atomically: build it beside the target, verify it, then swap it in."""

from __future__ import annotations

import json
import shutil
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from ..output.atomic import replace_folder
from ..errors import SnapshotError
from ..output.outfolder import SNAPSHOT, check_out_folder
from ..snapshot import load_snapshot
from ..snapshot.files import (BOUNDARY_LAYER, DATASET_COLUMNS, MEASURE_COLUMNS, OBSERVATION_COLUMNS, format_value,
                              sha256_of)
from .errors import IngestError

REGION_FILES = ("*.csv", "*.md")
README = """# {name}

Snapshot made by `python -m monitor snapshot --out` on {built} from the live sources named in
`datasets.csv` (CBS OData via cbsodata, gemeente boundaries from PDOK / CBS gebiedsindelingen {year}).
Same format as `../shared/npvr-snapshot`; see that README for the conventions.

Licence: CBS open data, CC BY 4.0 — credit "Bron: CBS" (and "CBS/Kadaster" for the boundaries).
`resolved_keys.csv` records which CBS OData key delivered each measure. Do not edit these files:
`manifest.json` holds their checksums. Check the folder with `python -m monitor snapshot --check DIR`.
"""


@dataclass
class SnapshotTables:
    """Everything a snapshot folder holds, in memory."""

    observations: pd.DataFrame
    measures: pd.DataFrame
    datasets: pd.DataFrame
    resolved: pd.DataFrame
    boundaries: object
    boundary_year: int
    regions_dir: Path
    built: str
    name: str = "npvr-snapshot (live)"
    extra_files: dict = field(default_factory=dict)
    """Relative path -> bytes written as they are (forecasts and COROP table carried over)."""


def _write_csv(frame: pd.DataFrame, path: Path) -> None:
    frame.to_csv(path, index=False, lineterminator="\n", encoding="utf-8")


def write_files(root: Path, tables: SnapshotTables) -> dict:
    """Write all files of a snapshot into an empty folder ``root`` and return its manifest."""
    observations = tables.observations.sort_values(OBSERVATION_COLUMNS[:-1], kind="stable")
    observations = observations.assign(value=observations["value"].map(format_value))
    _write_csv(observations[OBSERVATION_COLUMNS], root / "observations.csv")
    _write_csv(tables.measures[MEASURE_COLUMNS], root / "measures.csv")
    _write_csv(tables.datasets[DATASET_COLUMNS], root / "datasets.csv")
    _write_csv(tables.resolved, root / "resolved_keys.csv")
    (root / "README.md").write_text(
        README.format(name=tables.name, built=tables.built, year=tables.boundary_year), encoding="utf-8")
    (root / "boundaries").mkdir()
    tables.boundaries.to_file(root / "boundaries" / f"gemeenten_{tables.boundary_year}.gpkg",
                              layer=BOUNDARY_LAYER, driver="GPKG")
    regions = root / "regions"
    regions.mkdir()
    if not (tables.regions_dir / "npvr_regions.csv").is_file():
        raise IngestError(
            f"The project's region files are missing: {tables.regions_dir / 'npvr_regions.csv'} "
            "(the live snapshot copies data/regions/ into regions/)."
        )
    for pattern in REGION_FILES:
        for file in sorted(tables.regions_dir.glob(pattern)):
            shutil.copy2(file, regions / file.name)
    for rel, blob in sorted(tables.extra_files.items()):
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_bytes(blob)
    files = {}
    for path in sorted(p for p in root.rglob("*") if p.is_file()):
        rel = path.relative_to(root).as_posix()
        files[rel] = {"sha256": sha256_of(path), "bytes": path.stat().st_size}
    manifest = {
        "snapshot": tables.name, "built": tables.built, "files": files,
        "observations": int(len(observations)), "datasets": int(len(tables.datasets)),
        "measures": int(len(tables.measures)),
    }
    (root / "manifest.json").write_text(json.dumps(manifest, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return manifest


def write_snapshot(target: Path, tables: SnapshotTables, verify=None) -> Path:
    """Write the snapshot to ``target`` atomically.

    The files go to a hidden temporary folder next to ``target``; it is verified (manifest,
    schema, content, and ``verify(tmp)`` if given) and only then swapped into place
    (:func:`monitor.output.atomic.replace_folder`). An interrupted or failed run leaves the previous
    ``target`` intact and no temporary folder behind.

    Parameters
    ----------
    target
        The snapshot folder to create or replace (the ``--out`` rule is checked by the caller).
    tables
        The content.
    verify
        Optional extra check ``verify(path) -> list[str]`` returning error messages.

    Raises
    ------
    IngestError
        If the written folder does not verify (nothing is replaced then).
    OutFolderError
        If ``target`` is no longer new, empty or a snapshot when the new one is ready.
    """
    def check(tmp: Path) -> None:
        # The download took a while: refuse if the target meanwhile became something else.
        check_out_folder(target, SNAPSHOT)
        try:
            load_snapshot(tmp)
        except SnapshotError as exc:
            raise IngestError(f"The new snapshot does not verify, nothing was replaced: {exc}") from exc
        problems = verify(tmp) if verify else []
        if problems:
            raise IngestError("The new snapshot does not verify, nothing was replaced:\n  " + "\n  ".join(problems))

    target = Path(target).resolve()
    return replace_folder(target, lambda tmp: write_files(tmp, tables), check)
