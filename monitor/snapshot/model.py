"""Read and verify a snapshot: a CSV folder (the format of ``../shared/npvr-snapshot``) or the in-repo copy.

A snapshot holds ``observations.csv`` (dataset, measure, region_code, period, value),
``measures.csv``, ``datasets.csv``, ``boundaries/gemeenten_<year>.gpkg``, ``regions/…`` and a
``manifest.json`` with the sha256 and size of every file. Every file named in the manifest is
checked before anything is read; a snapshot that does not match is refused. The in-repo copy
(``data/snapshot`` + ``data/boundaries``, Parquet instead of CSV) is read by :mod:`monitor.snapshot.embedded`
into the same :class:`Snapshot`; :func:`monitor.snapshot.load_snapshot` picks the reader.
"""

from __future__ import annotations

import hashlib
import io
import json
import warnings
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from collections.abc import Callable

import pandas as pd

from ..config import NATIONAL_CODE
from ..errors import SnapshotError
from .checks import check_content
from .files import (BOUNDARY_LAYER, COROP_COLUMNS, COROP_FILE, DATASET_COLUMNS, EXTRA_OBSERVATION_FILES, FIX_HINT,
                    MEASURE_COLUMNS, boundary_file, boundary_names, empty_observations, load_json, read_csv,
                    read_observations, read_unchanged, verified_boundary_bytes, verify_manifest)

@dataclass
class Snapshot:
    """A verified snapshot: a CSV folder or the in-repo (embedded) copy; both read the same.

    Attributes
    ----------
    root
        The folder (``data/snapshot`` for the embedded copy).
    manifest
        The parsed ``manifest.json``.
    observations
        All values, long format, ``value`` as float; missing values are absent rows. Parsed on
        first use when the snapshot was loaded with ``lazy=True`` (an up-to-date build never
        needs them).
    measures, datasets
        The catalogue tables of the snapshot.
    form
        ``"folder"`` (CSV files, the format of ``../shared/npvr-snapshot``) or ``"embedded"``
        (Parquet + GeoPackage under ``data/``, see :mod:`monitor.snapshot.embedded`).
    boundary_dir
        Folder of ``gemeenten_<year>.gpkg`` (default ``root/boundaries``).
    read_rows
        Reads the observations (called once, on first use of :attr:`observations`).
    read_extra
        Reads one optional observation table by key (see :meth:`extra_observations`).
    check
        The content check, run on the observations once they are read (None: none).
    boundary_bytes
        The boundary file as verified at load time (None: read it from ``boundary_dir``).
    verified_stats
        ``{manifest name: stat_key}`` of the files as they were verified (hashed now, or at the last
        full check per the verified-stamp); every later read is checked against it, and the stamp
        records it.

    The readers (:func:`read_folder`, :func:`monitor.snapshot.embedded.read_embedded`) build it
    complete through this constructor; nothing fills it in later.
    """

    root: Path
    manifest: dict
    measures: pd.DataFrame
    datasets: pd.DataFrame
    read_rows: Callable[[], pd.DataFrame] = field(repr=False, compare=False)
    read_extra: Callable[[str], pd.DataFrame] = field(repr=False, compare=False)
    form: str = "folder"
    boundary_dir: Path | None = None
    check: Callable[[Snapshot], None] | None = field(default=None, repr=False, compare=False)
    boundary_bytes: bytes | None = field(default=None, repr=False, compare=False)
    verified_stats: dict | None = field(default=None, repr=False, compare=False)
    _boundaries: object = field(default=None, init=False, repr=False, compare=False)
    _observations: pd.DataFrame | None = field(default=None, init=False, repr=False, compare=False)
    _checked: bool = field(default=False, init=False, repr=False, compare=False)
    _extra: dict = field(default_factory=dict, init=False, repr=False, compare=False)

    @property
    def observations(self) -> pd.DataFrame:
        """All values (see the class docstring); read once, on first use, and then content-checked."""
        if self._observations is None:
            self._observations = self.read_rows()
            if self.check is not None and not self._checked:
                try:
                    self._checked = True
                    self.check(self)
                except BaseException:
                    self._observations, self._checked = None, False
                    raise
        return self._observations

    @property
    def built(self) -> str:
        """The snapshot's build date as given in its manifest (``"onbekend"`` if absent)."""
        return str(self.manifest.get("built", "onbekend"))

    @property
    def version(self) -> int | None:
        """The snapshot's ``version`` from its manifest (None if the manifest has none)."""
        return self.manifest.get("version")

    def extra_observations(self, key: str) -> pd.DataFrame:
        """One of the optional observation tables beside ``observations.csv``, read once on first use.

        Parameters
        ----------
        key
            ``"prognoses"``, ``"corop_observations"`` or ``"nuts3_observations"``
            (:data:`~monitor.snapshot.files.EXTRA_OBSERVATION_FILES`).

        Returns
        -------
        DataFrame
            Same columns and dtypes as :attr:`observations`; empty (with those columns) when the
            snapshot has no such file (older versions, or a live snapshot without it).
        """
        if key not in EXTRA_OBSERVATION_FILES:
            raise ValueError(f"unknown observation table {key!r}")
        cache = self._extra
        if key not in cache:
            cache[key] = self.read_extra(key)
        return cache[key]

    @property
    def prognoses(self) -> pd.DataFrame:
        """The population forecasts (``prognoses.csv``): ``region_code`` also holds COROP codes (``CR##``)."""
        return self.extra_observations("prognoses")

    @property
    def corop_observations(self) -> pd.DataFrame:
        """CBS's regional accounts per COROP area (``corop_observations.csv``, version 3): ``CR##`` and ``NL01``."""
        return self.extra_observations("corop_observations")

    @property
    def nuts3_observations(self) -> pd.DataFrame:
        """Eurostat's NUTS-3 extract (``nuts3_observations.csv``, version 3): NUTS 2021 codes only, no flags."""
        return self.extra_observations("nuts3_observations")

    @cached_property
    def corop(self) -> pd.DataFrame:
        """Gemeente → COROP region (``regions/corop_2024.csv``), read on first use.

        Columns ``gemeente_code``, ``corop_code``, ``corop_name`` (strings). Empty (with those
        columns) when the snapshot has no COROP table.
        """
        path = self.root / "regions" / COROP_FILE
        if not path.is_file():
            return pd.DataFrame({c: pd.Series(dtype="string") for c in COROP_COLUMNS})
        return read_csv(path, COROP_COLUMNS, dtype="string")[COROP_COLUMNS]

    @cached_property
    def fingerprint(self) -> str:
        """A short hash of the manifest: changes whenever any snapshot file changes."""
        return hashlib.sha256(json.dumps(self.manifest, sort_keys=True).encode()).hexdigest()[:16]

    def dataset_info(self, dataset: str) -> pd.Series:
        """Return the ``datasets.csv`` row of ``dataset``."""
        rows = self.datasets[self.datasets["dataset"] == dataset]
        if rows.empty:
            raise SnapshotError(f"Dataset {dataset!r} is not in {self.root / 'datasets.csv'}.")
        return rows.iloc[0]

    def boundary_path(self) -> Path:
        """Return the path of the gemeente boundaries GeoPackage."""
        return boundary_file(self.boundary_dir or self.root / "boundaries")

    def _boundary_source(self):
        """The boundary file as verified at load time (its bytes), else its path.

        Reading the kept bytes means that a snapshot replaced on disk after loading cannot mix
        into this one (names from one snapshot, polygons from another).
        """
        if self.boundary_bytes is not None:
            return io.BytesIO(self.boundary_bytes)
        return self.boundary_path()

    def boundaries(self):
        """Return the gemeente polygons (GeoDataFrame, EPSG:28992), read once.

        Columns: ``gemeente_code``, ``gemeente_name``, ``geometry``.
        """
        if self._boundaries is None:
            import geopandas as gpd

            path = self.boundary_path()
            try:
                with warnings.catch_warnings():
                    warnings.filterwarnings("ignore", message=".*non conformant file extension")
                    frame = gpd.read_file(self._boundary_source(), layer=BOUNDARY_LAYER)
            except Exception as exc:  # pyogrio raises several types for a broken file
                raise SnapshotError(f"Cannot read boundaries {path}: {exc}. {FIX_HINT}") from exc
            missing = {"gemeente_code", "gemeente_name"} - set(frame.columns)
            if missing:
                raise SnapshotError(f"{path} lacks column(s) {', '.join(sorted(missing))}. {FIX_HINT}")
            if frame.crs is None or frame.crs.to_epsg() != 28992:
                frame = frame.set_crs(28992, allow_override=True) if frame.crs is None else frame.to_crs(28992)
            self._boundaries = frame[["gemeente_code", "gemeente_name", "geometry"]]
        return self._boundaries

    @cached_property
    def _names(self) -> dict[str, str]:
        if self._boundaries is not None:
            frame = self._boundaries
        else:
            try:
                data = self.boundary_bytes if self.boundary_bytes is not None else self.boundary_path().read_bytes()
            except OSError:
                data = None  # pyogrio below names the problem
            names = boundary_names(data) if data is not None else None
            if names is not None:
                return names
            import pyogrio

            path = self.boundary_path()
            try:
                with warnings.catch_warnings():
                    warnings.filterwarnings("ignore", message=".*non conformant file extension")
                    frame = pyogrio.read_dataframe(self._boundary_source(), layer=BOUNDARY_LAYER,
                                                   read_geometry=False, columns=["gemeente_code", "gemeente_name"])
            except Exception as exc:  # pyogrio raises several types for a broken file
                raise SnapshotError(f"Cannot read boundaries {path}: {exc}. {FIX_HINT}") from exc
            if {"gemeente_code", "gemeente_name"} - set(frame.columns):
                raise SnapshotError(f"{path} lacks gemeente_code/gemeente_name. {FIX_HINT}")
        return dict(zip(frame["gemeente_code"].astype(str), frame["gemeente_name"].astype(str)))

    def gemeente_names(self) -> dict[str, str]:
        """Return ``{GM code: name}`` for the gemeenten of the boundary file (read once, no geometry)."""
        return dict(self._names)

    def has_national_row(self, dataset: str, measure: str) -> bool:
        """Whether CBS's own national figure (``NL01``) is present for this measure."""
        obs = self.observations
        mask = (obs["dataset"] == dataset) & (obs["measure"] == measure) & (obs["region_code"] == NATIONAL_CODE)
        return bool(mask.any())


def read_folder(root: Path, verify: bool = True, lazy: bool = False, stats: dict | None = None) -> Snapshot:
    """Verify and read a CSV snapshot folder (the format of ``../shared/npvr-snapshot``).

    Parameters
    ----------
    root
        The snapshot folder.
    verify
        Check sizes and sha256 of every file against ``manifest.json`` first (default).
    lazy
        Parse ``observations.csv`` only when :attr:`Snapshot.observations` is first used (its
        errors are raised then); the default parses and checks it here.
    stats
        Without ``verify``: the files' :func:`~monitor.snapshot.files.stat_key` when they were last
        verified (the verified-stamp); reads are checked against them.

    Returns
    -------
    Snapshot

    Raises
    ------
    SnapshotError
        If anything is missing, damaged or malformed; the message names the file.
    """
    root = Path(root)
    if verify:
        stats = {}
        manifest = verify_manifest(root, stats)
    else:
        if not (root / "manifest.json").is_file():
            raise SnapshotError(f"Snapshot {root} is missing manifest.json. {FIX_HINT}")
        try:
            manifest = load_json(root / "manifest.json")
        except ValueError as exc:
            raise SnapshotError(f"{root / 'manifest.json'} is not a valid manifest ({exc}). {FIX_HINT}") from exc
    measures = read_unchanged(root / "measures.csv", "measures.csv", stats,
                              lambda p: read_csv(p, MEASURE_COLUMNS, dtype="string"))
    datasets = read_unchanged(root / "datasets.csv", "datasets.csv", stats,
                              lambda p: read_csv(p, DATASET_COLUMNS, dtype="string"))

    def observations() -> pd.DataFrame:
        frame = read_unchanged(root / "observations.csv", "observations.csv", stats, read_observations)
        unknown = set(frame["dataset"].unique()) - set(datasets["dataset"])
        if unknown:
            raise SnapshotError(f"observations.csv uses dataset(s) not described in datasets.csv: "
                                f"{', '.join(sorted(unknown))}. {FIX_HINT}")
        return frame

    def extra(key: str) -> pd.DataFrame:
        path = root / f"{key}.csv"
        return read_unchanged(path, path.name, stats, read_observations) if path.is_file() else empty_observations()

    snapshot = Snapshot(root=root, manifest=manifest, measures=measures, datasets=datasets,
                        read_rows=observations, read_extra=extra, verified_stats=stats,
                        check=lambda snap: check_content(snap, FIX_HINT),
                        boundary_bytes=verified_boundary_bytes(root / "boundaries", root, manifest, verify, stats))
    if not lazy:
        snapshot.observations  # noqa: B018 - parse and check now
    return snapshot
