"""Run a whole live snapshot: datasets, boundaries, regions, atomic write."""

from __future__ import annotations

import shutil
import sys
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import pandas as pd
from tqdm import tqdm

from ..config import INDICATOR_DIR, REGIONS_FILE
from ..errors import SnapshotError
from ..snapshot import load_snapshot
from ..snapshot.files import DATASET_COLUMNS, MEASURE_COLUMNS, OBSERVATION_COLUMNS
from . import pdok
from .cache import DownloadCache
from .cbs import CbsClient
from .check import check_snapshot
from .errors import IngestError
from .network import NetworkPolicy
from .pipeline import RESOLVED_COLUMNS, DatasetResult, carry_over, download_dataset, uncovered_catalogue_pairs
from .register import Register
from .writer import SnapshotTables, write_snapshot


@dataclass
class SnapshotJob:
    """Options of one ``snapshot --out`` run (see :mod:`monitor.ingest.command` for the flags)."""

    out: Path
    register: Register
    policy: NetworkPolicy = field(default_factory=NetworkPolicy)
    datasets: list[str] | None = None
    years: set[str] | None = None
    boundary_year: int | None = None
    carry_over_from: Path | None = None
    regions_dir: Path = REGIONS_FILE.parent
    cache_dir: Path | None = None
    progress: bool = True
    skip_unresolved: bool = False
    keep_cache: bool = False
    indicator_dir: Path = INDICATOR_DIR
    today: date = field(default_factory=date.today)
    messages: list[str] = field(default_factory=list)

    @property
    def cache_path(self) -> Path:
        """Where finished downloads are kept until the snapshot is in place."""
        out = Path(self.out).resolve()
        return Path(self.cache_dir) if self.cache_dir else out.parent / f".{out.name}.download-cache"

    def _selected(self) -> list[str]:
        names = self.datasets or list(self.register.datasets)
        unknown = [n for n in names if n not in self.register.datasets]
        if unknown:
            raise IngestError(f"Unknown dataset(s) {', '.join(unknown)}; known: {', '.join(self.register.datasets)}.")
        return names

    def _carry_snapshot(self, cache: dict):
        """Load the --carry-over-from snapshot once, when a dataset first needs it."""
        if self.carry_over_from is None:
            return None
        if "snapshot" not in cache:
            try:
                cache["snapshot"] = load_snapshot(Path(self.carry_over_from))
            except SnapshotError as exc:
                raise IngestError(f"Cannot carry datasets over from {self.carry_over_from}: {exc}") from exc
        return cache["snapshot"]

    def _carried_files(self, cache: dict) -> dict[str, bytes]:
        """The forecasts and the COROP table of the --carry-over-from snapshot (no live source yet)."""
        try:
            snapshot = self._carry_snapshot(cache)
        except IngestError as exc:
            self.messages.append(f"warning: prognoses.csv and the COROP table were not carried over: {exc}")
            return {}
        if snapshot is None:
            return {}
        from ..snapshot.embedded import csv_bytes
        from ..snapshot.files import COROP_FILE

        files = {}
        if len(snapshot.prognoses):
            files["prognoses.csv"] = csv_bytes(snapshot.prognoses)
        corop = snapshot.root / "regions" / COROP_FILE
        if corop.is_file():
            files[f"regions/{COROP_FILE}"] = corop.read_bytes()
        if files:
            self.messages.append(f"{', '.join(files)}: carried over unchanged from {self.carry_over_from}")
        return files

    def _eurostat_files(self, cache: dict) -> dict[str, bytes]:
        """The cross-border extract (Eurostat bulk downloads), when the register has an ``eurostat`` section."""
        from .eurostat import eurostat_files, fetch, load_eurostat_register

        try:
            register = load_eurostat_register(self.register.path)
        except IngestError:
            return {}  # a register without the section: no cross-border files
        try:
            carry = self._carry_snapshot(cache)
        except IngestError:
            carry = None
        files, messages = eurostat_files(register, lambda table: fetch(table, self.policy), carry)
        self.messages.extend(messages)
        return files

    def run(self) -> Path:
        """Download, assemble, verify and write the snapshot; return its folder.

        Raises
        ------
        OfflineError
            At the first request if the CBS host cannot be reached.
        IngestError
            On any failure; the previous snapshot at ``out`` is then untouched and finished
            downloads stay in the cache, so running again resumes.
        """
        names = self._selected()
        for pair in uncovered_catalogue_pairs(self.register, self.indicator_dir):
            self.messages.append(f"warning: the indicator catalogue uses {pair}, which the source register does not deliver")
        loaded: dict = {}
        cache = DownloadCache(self.cache_path)
        client = CbsClient(self.policy, cache, self.register.catalog_url)
        results: list[DatasetResult] = []
        for name in names:
            spec = self.register.datasets[name]
            if spec.source == "carry_over":
                results.append(carry_over(spec, self._carry_snapshot(loaded)))
                continue
            result = download_dataset(spec, client, self.years, self.progress, self.skip_unresolved, self.today)
            if result is None:
                self.messages.append(f"{name}: no table left after --years, skipped")
                continue
            self.messages.extend(f"{name}: {change}" for change in result.changes)
            results.append(result)
        if not results:
            raise IngestError("Nothing to download: check --datasets and --years.")
        year = self.boundary_year or self.register.boundaries.year
        with tqdm(total=1, desc=f"PDOK gemeenten {year}", disable=not self.progress, file=sys.stderr) as bar:
            features = pdok.fetch_features(self.register.boundaries, year, self.policy, cache)
            bar.update()
        observations = pd.concat([r.observations for r in results], ignore_index=True)[OBSERVATION_COLUMNS]
        extra_files = self._carried_files(loaded)
        extra_files.update(self._eurostat_files(loaded))
        corop = observations["region_code"].astype(str).str.startswith("CR")
        if corop.any():  # COROP-only datasets (regional accounts) have a file of their own
            from ..snapshot.embedded import csv_bytes

            extra_files["corop_observations.csv"] = csv_bytes(observations[corop].reset_index(drop=True))
            observations = observations[~corop]
        tables = SnapshotTables(
            observations=observations,
            measures=pd.DataFrame([m for r in results for m in r.measures], columns=MEASURE_COLUMNS),
            datasets=pd.DataFrame([r.dataset_row for r in results], columns=DATASET_COLUMNS),
            resolved=pd.DataFrame([x for r in results for x in r.resolved], columns=RESOLVED_COLUMNS),
            boundaries=pdok.features_to_frame(features, self.register.boundaries, year),
            boundary_year=year, regions_dir=Path(self.regions_dir), built=self.today.isoformat(),
            extra_files=extra_files,
        )
        target = write_snapshot(Path(self.out), tables, verify=lambda p: check_snapshot(p).errors)
        if not self.keep_cache:
            shutil.rmtree(self.cache_path, ignore_errors=True)
        return target
