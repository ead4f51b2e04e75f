"""The pipeline: snapshot → harmonised indicator values for gemeenten, regions and Nederland."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from . import __version__
from .aggregate import aggregate, nearest_year_population
from .catalogue import Catalogue, Indicator, check_against_snapshot, load_catalogue
from .compare import add_comparison
from .components import (NATIONAL_NUMBER, code_numbers, code_texts, components, select_rows, source_table,
                         value_from_components)
from .config import CROSSWALK_FILE, INDICATOR_DIR, NATIONAL_CODE, NATIONAL_NAME
from .errors import CatalogueError, SnapshotError
from .freshness import record_verified
from .harmonise import harmonise, load_crosswalk
from .regions import EXPECTED_REGIONS, Regions, check_regions, load_regions
from .snapshot import Snapshot, load_snapshot

VALUES_FILE = "indicator_values.parquet"
META_FILE = "build.json"
LEVELS = ("gemeente", "regio", "nederland")
NL_SOURCE_CBS = "CBS"
NL_SOURCE_COMPUTED = "berekend"
REASON_NO_DATA = "geen cijfer in de CBS-bron voor deze gemeente"
VALUE_COLUMNS = ["indicator", "level", "code", "name", "year", "value", "coverage",
                 "dataset", "nl_source", "reason"]


@dataclass
class Context:
    """What the computation needs, prepared once per build."""

    catalogue: Catalogue
    regions: Regions
    snapshot: Snapshot
    existing: pd.DataFrame
    crosswalk: pd.DataFrame
    gemeenten: list[int]
    membership_regions: pd.DataFrame
    membership_nl: pd.DataFrame


def make_context(snapshot: Snapshot, catalogue: Catalogue, regions: Regions,
                 crosswalk_path: Path = CROSSWALK_FILE) -> Context:
    """Prepare the memberships and the gemeente codes present per dataset and year."""
    # Region codes are numbers inside the computation (see components.code_numbers).
    obs = snapshot.observations
    gm = obs[obs["region_code"] != NATIONAL_CODE]
    existing = gm[["dataset", "region_code", "period"]].drop_duplicates()
    existing = pd.DataFrame({"dataset": existing["dataset"].astype(object).to_numpy(),
                             "code": code_numbers(existing["region_code"].astype(str)),
                             "year": existing["period"].to_numpy()})
    gemeenten = code_numbers(sorted(snapshot.gemeente_names()))
    membership_regions = pd.DataFrame({"group": regions.table["region_id"].astype(object).to_numpy(),
                                       "code": code_numbers(regions.table["gemeente_code"])})
    membership_nl = pd.DataFrame({"group": NATIONAL_CODE, "code": gemeenten})
    crosswalk = load_crosswalk(crosswalk_path)
    crosswalk = crosswalk.assign(old_code=code_numbers(crosswalk["old_code"]), code_2025=code_numbers(crosswalk["code_2025"]))
    return Context(catalogue, regions, snapshot, existing, crosswalk, list(gemeenten), membership_regions, membership_nl)


def compute_values(indicators: list[Indicator], ctx: Context, population: pd.DataFrame | None) -> pd.DataFrame:
    """Values of (non-change) indicators for gemeenten, regions and Nederland, every year.

    Parameters
    ----------
    indicators
        The indicators to compute.
    ctx
        From :func:`make_context`.
    population
        Inhabitants per 2025 gemeente and year (``code``, ``year``, ``population``), for
        population weights and coverage; None while computing ``bevolking`` itself.

    Returns
    -------
    DataFrame
        Columns of :data:`VALUE_COLUMNS` except ``name``.
    """
    sources, measures = source_table(indicators)
    number = {ind.id: i for i, ind in enumerate(indicators)}
    sources["indicator"] = sources["indicator"].map(number)
    measures["indicator"] = measures["indicator"].map(number)
    rows, chosen = select_rows(ctx.snapshot.observations, sources, measures)
    years = chosen["year"].unique()
    pop = nearest_year_population(population, years) if population is not None else None
    comps = components(rows, chosen, sources, pop)
    gm = comps[comps["code"] != NATIONAL_NUMBER]
    existing = chosen.merge(ctx.existing, on=["dataset", "year"])[["indicator", "code", "year"]]
    harmonised = harmonise(gm, existing, ctx.crosswalk)

    grid = chosen[["indicator", "year", "dataset"]].merge(
        pd.DataFrame({"code": ctx.gemeenten}), how="cross")
    grid = grid.merge(harmonised, on=["indicator", "code", "year"], how="left")
    rules = pd.DataFrame([(number[i.id], i.aggregation, i.min_coverage) for i in indicators],
                         columns=["indicator", "aggregation", "min_coverage"])
    grid = grid.merge(rules[["indicator", "aggregation"]], on="indicator")
    grid["value"] = value_from_components(grid["aggregation"], grid["a"], grid["b"])
    grid["coverage"] = grid["value"].notna().astype(float)
    missing = grid["value"].isna()
    grid["reason"] = grid["reason"].where(missing).fillna(REASON_NO_DATA).where(missing)
    if pop is None:
        pop = grid.loc[grid["indicator"] == number.get("bevolking"), ["code", "year", "value"]].rename(
            columns={"value": "population"})

    regions = aggregate(grid, ctx.membership_regions, pop, rules)
    national = aggregate(grid, ctx.membership_nl, pop, rules)
    cbs = comps[comps["code"] == NATIONAL_NUMBER].merge(rules[["indicator", "aggregation"]], on="indicator")
    cbs["cbs_value"] = value_from_components(cbs["aggregation"], cbs["a"], cbs["b"])
    national = national.merge(cbs[["indicator", "year", "cbs_value"]], on=["indicator", "year"], how="left")
    own = national["cbs_value"].notna()
    national["nl_source"] = np.where(own, NL_SOURCE_CBS, NL_SOURCE_COMPUTED)
    national["value"] = national["cbs_value"].where(own, national["value"])
    national["coverage"] = national["coverage"].where(~own, 1.0)
    national["reason"] = national["reason"].where(~own)

    datasets = chosen[["indicator", "year", "dataset"]]
    parts = [
        grid.assign(level="gemeente", code=code_texts(grid["code"])),
        regions.rename(columns={"group": "code"}).assign(level="regio").merge(datasets, on=["indicator", "year"]),
        national.rename(columns={"group": "code"}).assign(level="nederland").merge(datasets, on=["indicator", "year"]),
    ]
    columns = [c for c in VALUE_COLUMNS if c != "name"]
    out = pd.concat([p.reindex(columns=columns) for p in parts], ignore_index=True)
    out["indicator"] = np.array([ind.id for ind in indicators], dtype=object)[out["indicator"].to_numpy("int64")]
    return out


def compute_change(indicator: Indicator, base: pd.DataFrame) -> pd.DataFrame:
    """Values of a ``change`` indicator from the values of its base indicator (every level)."""
    span = indicator.change.span
    earlier = base[["level", "code", "year", "value", "nl_source", "dataset"]].copy()
    earlier["year"] = earlier["year"] + span
    merged = base.merge(earlier, on=["level", "code", "year"], suffixes=("", "_before"), how="inner")
    merged["value"] = merged["value"] - merged["value_before"]
    merged["reason"] = np.where(merged["value"].isna(), f"geen waarde voor beide jaren ({span} jaar verschil)", None)
    merged["coverage"] = np.nan
    both_cbs = (merged["nl_source"] == NL_SOURCE_CBS) & (merged["nl_source_before"] == NL_SOURCE_CBS)
    merged["nl_source"] = np.where(both_cbs, NL_SOURCE_CBS, NL_SOURCE_COMPUTED)
    merged["dataset"] = merged["dataset_before"] + " + " + merged["dataset"]
    merged["indicator"] = indicator.id
    return merged[[c for c in VALUE_COLUMNS if c != "name"]]


def compute_all(ctx: Context) -> pd.DataFrame:
    """Compute every indicator of the catalogue and add the comparison with Nederland."""
    catalogue = ctx.catalogue
    population_values = compute_values([catalogue.get("bevolking")], ctx, None)
    gm = population_values[(population_values["level"] == "gemeente") & population_values["value"].notna()]
    population = pd.DataFrame({"code": code_numbers(gm["code"]), "year": gm["year"].to_numpy(),
                               "population": gm["value"].to_numpy()})
    plain = [i for i in catalogue.indicators if i.aggregation != "change"]
    values = compute_values(plain, ctx, population)
    changes = [compute_change(i, values[values["indicator"] == i.change.of])
               for i in catalogue.indicators if i.aggregation == "change"]
    values = pd.concat([values, *changes], ignore_index=True)
    names = {**ctx.snapshot.gemeente_names(), **ctx.regions.names(), NATIONAL_CODE: NATIONAL_NAME}
    values["name"] = values["code"].map(names)
    values["nl_source"] = values["nl_source"].where(values["level"] == "nederland")
    values = add_comparison(values[VALUE_COLUMNS], catalogue)
    level_order = {level: i for i, level in enumerate(LEVELS)}
    order = {ind_id: i for i, ind_id in enumerate(catalogue.ids())}
    values = values.assign(_i=values["indicator"].map(order), _l=values["level"].map(level_order))
    values = values.sort_values(["_i", "year", "_l", "code"]).drop(columns=["_i", "_l"]).reset_index(drop=True)
    for column in ("indicator", "level", "code", "name", "dataset", "nl_source", "verdict", "reason"):
        values[column] = values[column].astype("string")
    values["year"] = values["year"].astype("int64")
    return values


def validate_inputs(snapshot: Snapshot, catalogue: Catalogue, regions: Regions,
                    expected_regions: int | None = EXPECTED_REGIONS) -> list[str]:
    """Cross-check catalogue and region table against the snapshot; return the problems.

    ``expected_regions`` is checked by ``validate``; a build accepts any number of regions so that
    users can try other compositions.
    """
    problems = check_against_snapshot(catalogue, snapshot.measures)
    problems += check_regions(regions, set(snapshot.gemeente_names()), expected_regions)
    return problems


def file_digest(paths) -> str:
    """A short hash over the contents of files (to tell when a build is stale)."""
    digest = hashlib.sha256()
    for path in sorted(Path(p) for p in paths):
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


BUILD_MODULES = ("aggregate", "build", "catalogue", "compare", "components", "config", "harmonise", "regions",
                 "snapshot")
"""The modules whose code decides a build's output (``monitor/<name>.py``); a change to one of them
makes existing builds stale. tests/test_cli_imports.py checks that every ``monitor`` module that
``monitor.build`` imports is listed (editing the app, maps or reports does not rebuild)."""


def input_fingerprint(snapshot: Snapshot, regions: Regions, indicator_dir: Path = INDICATOR_DIR,
                      crosswalk_path: Path = CROSSWALK_FILE) -> dict:
    """Everything a build depends on: snapshot manifest, catalogue files, region table and crosswalk, code.

    Cheap on purpose (a cache hit must stay a cache hit): the snapshot enters through its
    manifest, which holds the sha256 of every file; the code through :data:`BUILD_MODULES` and
    the package version.
    """
    package = Path(__file__).parent
    return {
        "snapshot": snapshot.fingerprint,
        "catalogue": file_digest(Path(indicator_dir).glob("*.yaml")),
        "regions": file_digest([regions.path, crosswalk_path]),
        "code": f"{__version__}:" + file_digest(package / f"{name}.py" for name in BUILD_MODULES),
    }


@dataclass
class BuildResult:
    """The outcome of :func:`build`: where the tables are and what they were built from."""

    directory: Path
    values: pd.DataFrame
    meta: dict


def build(snapshot_dir: Path | Snapshot, build_dir: Path, regions_path=None, indicator_dir: Path = INDICATOR_DIR,
          progress: bool = False, crosswalk_path: Path = CROSSWALK_FILE) -> BuildResult:
    """Build the processed tables from a snapshot, atomically.

    Parameters
    ----------
    snapshot_dir
        The snapshot folder (verified against its manifest first), or an already loaded
        :class:`Snapshot`.
    build_dir
        Where ``indicator_values.parquet`` and ``build.json`` go. It is written in a temporary
        folder beside it and moved into place only when complete.
    regions_path
        An alternative region table (default ``data/regions/npvr_regions.csv``).
    indicator_dir
        The catalogue folder.
    progress
        Show a progress bar (tqdm) on stderr.
    crosswalk_path
        The merger crosswalk (default ``data/regions/herindelingen_2010_2025_to2025.csv``).

    Raises
    ------
    MonitorError
        For a bad snapshot, catalogue or region table; nothing is written then.
    """
    started = time.perf_counter()
    verified_here = not isinstance(snapshot_dir, Snapshot)
    snapshot = snapshot_dir if isinstance(snapshot_dir, Snapshot) else load_snapshot(Path(snapshot_dir))
    catalogue = load_catalogue(indicator_dir)
    regions = load_regions(regions_path)
    problems = validate_inputs(snapshot, catalogue, regions, expected_regions=None)
    if problems:
        raise CatalogueError("The catalogue or region table does not fit the snapshot:\n  - " + "\n  - ".join(problems))
    steps = [("snapshot gelezen", None), ("indicatoren berekend", None), ("tabellen geschreven", None)]
    bar = _progress(progress, len(steps))
    bar.update(1)
    values = compute_all(make_context(snapshot, catalogue, regions, crosswalk_path))
    bar.update(1)
    meta = {
        "monitor_version": __version__,
        "inputs": input_fingerprint(snapshot, regions, indicator_dir, crosswalk_path),
        "snapshot_path": str(snapshot.root),
        "snapshot_built": snapshot.built,
        "regions_path": str(regions.path),
        "rows": int(len(values)),
        "values": int(values["value"].notna().sum()),
        "indicators": len(catalogue.indicators),
        "seconds": round(time.perf_counter() - started, 3),
    }
    write_atomically(Path(build_dir), {VALUES_FILE: lambda p: values.to_parquet(p, index=False),
                                       META_FILE: lambda p: p.write_text(json.dumps(meta, indent=2))})
    if verified_here:
        record_verified(snapshot.root, snapshot.manifest, Path(build_dir))
    bar.update(1)
    bar.close()
    return BuildResult(Path(build_dir), values, meta)


def _progress(enabled: bool, total: int):
    from tqdm import tqdm

    return tqdm(total=total, desc="build", unit="stap", disable=not enabled)


def write_atomically(target: Path, writers: dict) -> None:
    """Write files into ``target`` via a temporary sibling folder and a rename.

    Parameters
    ----------
    target
        The final folder; an existing one is replaced only after every file was written.
    writers
        ``{file name: callable(path)}``.
    """
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    temp = Path(tempfile.mkdtemp(prefix=f".{target.name}-", dir=target.parent))
    try:
        for name, write in writers.items():
            write(temp / name)
        old = None
        if target.exists():
            old = target.with_name(f".{target.name}-old-{os.getpid()}")
            target.rename(old)
        temp.rename(target)
        if old is not None:
            shutil.rmtree(old, ignore_errors=True)
    except BaseException:
        shutil.rmtree(temp, ignore_errors=True)
        raise


def read_build(build_dir: Path) -> tuple[pd.DataFrame, dict]:
    """Read a finished build; raise SnapshotError if it is absent or unreadable."""
    build_dir = Path(build_dir)
    try:
        meta = json.loads((build_dir / META_FILE).read_text(encoding="utf-8"))
        values = pd.read_parquet(build_dir / VALUES_FILE)
    except (OSError, ValueError) as exc:
        raise SnapshotError(f"No usable build in {build_dir} ({exc}). Run 'python -m monitor build'.") from exc
    return values, meta
