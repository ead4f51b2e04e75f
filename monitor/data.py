"""One entry point for everything that reads the monitor's numbers (CLI, exports, the app).

:func:`load_monitor` returns the processed tables, rebuilding them from the snapshot when any
input changed (snapshot manifest, catalogue, region table, code).
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from .compute.build import META_FILE, build, input_fingerprint, read_build, values_file_problem
from .compute.value_table import text_is
from .catalogue import Catalogue, Indicator, load_catalogue
from .config import INDICATOR_DIR, NATIONAL_CODE, build_dir, snapshot_dir
from .errors import MonitorError, UnknownKeyError
from .snapshot.freshness import record_verified, verified_stats
from . import wording
from .levels import LABELS as LEVEL_LABELS
from .profile import latest_rows
from .regions import Regions, load_regions
from .snapshot import Snapshot, load_snapshot

NL_SOURCE_LABELS = {"CBS": "cijfer van CBS", "berekend": "berekend uit de gemeenten"}


@dataclass
class Monitor:
    """The processed monitor: values, catalogue, regions and the snapshot they came from.

    Attributes
    ----------
    values
        One row per indicator, level, area and year (see ``monitor.compute.build.VALUE_COLUMNS`` plus
        ``nl_value``, ``diff``, ``index``, ``verdict``, ``rank``).
    """

    values: pd.DataFrame
    catalogue: Catalogue
    regions: Regions
    snapshot: Snapshot
    meta: dict
    _by_indicator: dict = field(default_factory=dict, repr=False)
    _answers: dict = field(default_factory=dict, repr=False)

    def indicator(self, indicator_id: str) -> Indicator:
        return self.catalogue.get(indicator_id)

    def rows(self, indicator_id: str) -> pd.DataFrame:
        """All rows of one indicator (cached)."""
        self.catalogue.get(indicator_id)
        if not self._by_indicator:
            self._by_indicator = {str(k): v for k, v in self.values.groupby("indicator", observed=True, sort=False)}
        return self._by_indicator.get(indicator_id, self.values.iloc[0:0])

    def years(self, indicator_id: str) -> list[int]:
        """Years with at least one value for this indicator, ascending."""
        rows = self.rows(indicator_id)
        return sorted(int(y) for y in rows.loc[rows["value"].notna(), "year"].unique())

    def nearest_year(self, indicator_id: str, year: int | None) -> int | None:
        """The available year closest to ``year`` (the newer one on a tie); None if no data."""
        years = self.years(indicator_id)
        if not years:
            return None
        if year is None:
            return years[-1]
        return min(years, key=lambda y: (abs(y - year), -y))

    def table(self, indicator_id: str, year: int, level: str | None = None) -> pd.DataFrame:
        """Rows of one indicator and year, optionally of one level."""
        rows = self.rows(indicator_id)
        rows = rows[rows["year"] == year]
        if level is not None:
            if level not in LEVEL_LABELS:
                raise UnknownKeyError(f"Unknown level {level!r}; use one of {', '.join(LEVEL_LABELS)}.")
            rows = rows[rows["level"] == level]
        return rows

    def national(self, indicator_id: str, year: int) -> pd.Series | None:
        rows = self.table(indicator_id, year, "nederland")
        return rows.iloc[0] if len(rows) else None

    def region_profile(self, region_id: str, year: int | None = None) -> pd.DataFrame:
        """One region's latest (or given-year) row for every indicator, in catalogue order.

        The raw rows; :func:`monitor.profile.region_profile` adds Nederland, the programme, wording
        inputs and the verdict counts.
        """
        self.regions.check(region_id)
        latest = latest_rows(self.values, [region_id], year=year)
        order = {ind_id: i for i, ind_id in enumerate(self.catalogue.ids())}
        return latest.assign(_o=latest["indicator"].map(order)).sort_values("_o").drop(columns="_o")

    def series(self, indicator_id: str, codes: list[str]) -> pd.DataFrame:
        """Values over time for the given area codes (region ids, GM codes or NL01)."""
        rows = self.rows(indicator_id)
        return rows[rows["code"].isin(codes)].sort_values(["code", "year"])

    def data_years(self) -> list[int]:
        """Every year in the monitor's table (with or without a value), ascending (cached)."""
        if "data_years" not in self._answers:
            self._answers["data_years"] = sorted(int(y) for y in self.values["year"].unique())
        return self._answers["data_years"]

    def newest_year(self) -> int:
        """The newest year with any value in the monitor (cached)."""
        if "newest_year" not in self._answers:
            values = self.values
            self._answers["newest_year"] = int(values.loc[values["value"].notna(), "year"].max())
        return self._answers["newest_year"]

    def indicators_with_values(self, level: str) -> list[str]:
        """Indicators with at least one value on ``level`` (e.g. ``"regio"``), in catalogue order (cached)."""
        key = ("indicators_with_values", level)
        if key not in self._answers:
            values = self.values
            found = set(values.loc[(values["level"] == level) & values["value"].notna(), "indicator"].astype(str))
            self._answers[key] = [i for i in self.catalogue.ids() if i in found]
        return list(self._answers[key])

    def level_rows(self, level: str, code: str | None = None) -> pd.DataFrame:
        """The rows with a value on ``level`` (all indicators and years), of one area when ``code`` is given.

        An area's rows are taken from its level's rows, found once (comparing the whole table's texts
        per area is slow: the progress letter's overview asks for every region).
        """
        if code is None:
            return self._rows_with_value(level)
        key = ("level_rows", level)
        if key not in self._answers:
            self._answers[key] = self._rows_with_value(level)
        rows = self._answers[key]
        return rows[rows["code"] == code]

    def _rows_with_value(self, level: str) -> pd.DataFrame:
        values = self.values
        return values[text_is(values["level"], level) & values["value"].notna()]

    @property
    def fingerprint(self) -> str:
        """Identifies these values: snapshot, catalogue, region table and code they were built from.

        The key for anything cached from the monitor (a snapshot alone is not enough: another
        region table gives other regions on the same snapshot).
        """
        inputs = json.dumps(self.meta.get("inputs", {}), sort_keys=True) if self.meta else ""
        return hashlib.sha256((self.snapshot.fingerprint + inputs).encode()).hexdigest()[:16]

    @property
    def vintage(self) -> str:
        """A Dutch line naming the data vintage, for beneath charts and maps."""
        return f"Bron: CBS (CC BY 4.0), snapshot van {wording.date(self.snapshot.built)}; grenzen CBS/Kadaster 2025"


def load_monitor(snapshot: str | Path | None = None, build_path: str | Path | None = None,
                 regions_path: str | Path | None = None, indicator_dir: Path = INDICATOR_DIR) -> Monitor:
    """Load the processed monitor, building it first if it is missing or stale.

    Parameters
    ----------
    snapshot
        Snapshot folder (default: ``$NPVR_SNAPSHOT``, else the in-repo copy ``data/snapshot``).
    build_path
        Folder for processed tables (default ``build/`` or ``$NPVR_BUILD_DIR``).
    regions_path
        Alternative region table.
    indicator_dir
        Catalogue folder.

    Raises
    ------
    MonitorError
        For a missing or bad snapshot, catalogue or region table, with a message saying what to do.
    """
    target = build_dir(build_path)
    regions = load_regions(regions_path)
    snap, meta = _current_build(snapshot, target, regions, indicator_dir)
    catalogue = load_catalogue(indicator_dir)
    values = None
    if meta is not None:
        try:
            values, meta = read_build(target)
        except MonitorError:
            values = None
        if meta.get("inputs") != input_fingerprint(snap, regions, indicator_dir):
            values = None  # replaced since the check above
    if values is None:
        result = build(snap, target, regions_path=regions_path, indicator_dir=indicator_dir)
        values, meta = result.values, result.meta
        record_verified(snap.root, snap.manifest, target, snap.verified_stats)
    return Monitor(values=values, catalogue=catalogue, regions=regions, snapshot=snap, meta=meta)


def _current_build(snapshot, target: Path, regions: Regions, indicator_dir: Path) -> tuple[Snapshot, dict | None]:
    """The snapshot (verified, observations not yet parsed) and the meta of ``target`` if it is up to date.

    The snapshot's files are hashed only when they changed since their last full check (see
    :mod:`monitor.snapshot.freshness`).
    """
    root = snapshot_dir(snapshot)
    stats = verified_stats(root, target)
    trusted = stats is not None
    snap = load_snapshot(root, verify=not trusted, lazy=True, stats=stats)
    meta = None
    try:
        meta = json.loads((target / META_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        pass
    if not isinstance(meta, dict) or meta.get("inputs") != input_fingerprint(snap, regions, indicator_dir):
        meta = None
    if not trusted and meta is not None:
        record_verified(root, snap.manifest, target, snap.verified_stats)
    return snap, meta


def build_if_needed(snapshot: str | Path | None = None, build_path: str | Path | None = None,
                    regions_path: str | Path | None = None, indicator_dir: Path = INDICATOR_DIR,
                    progress: bool = False) -> tuple[dict, bool]:
    """Build unless the build in ``build_path`` is up to date; return ``(meta, built)``.

    An up-to-date build costs reading a few small files (no observations are parsed, no
    snapshot file is hashed unless it changed).
    """
    target = build_dir(build_path)
    snap, meta = _current_build(snapshot, target, load_regions(regions_path), indicator_dir)
    if meta is not None and values_file_problem(target, meta) is None:
        return meta, False
    result = build(snap, target, regions_path=regions_path, indicator_dir=indicator_dir, progress=progress)
    record_verified(snap.root, snap.manifest, target, snap.verified_stats)
    return result.meta, True


__all__ = ["Monitor", "load_monitor", "build_if_needed", "LEVEL_LABELS", "NL_SOURCE_LABELS", "NATIONAL_CODE"]
