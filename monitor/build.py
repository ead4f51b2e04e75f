"""The pipeline: snapshot → harmonised indicator values for gemeenten, regions and Nederland."""

from __future__ import annotations

import hashlib
import json
import time
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from . import __version__
from .aggregate import aggregate
from .areas import extra_levels
from .atomic import replace_folder
from .catalogue import Catalogue, Indicator, check_against_snapshot, load_catalogue
from .compare import add_comparison
from .components import (DIVISION_2025, DIVISION_OWN, NATIONAL_NUMBER, code_numbers, code_texts, components,
                         division_of, nearest_year, select_rows, source_table, value_from_components)
from .config import CROSSWALK_FILE, INDICATOR_DIR, NATIONAL_CODE, NATIONAL_NAME
from .errors import CatalogueError, SnapshotError
from .harmonise import harmonise, load_crosswalk
from .regions import EXPECTED_REGIONS, Regions, check_regions, load_regions
from .snapshot import Snapshot, load_snapshot
from .snapshot_checks import range_problems

VALUES_FILE = "indicator_values.parquet"
META_FILE = "build.json"
LEVELS = ("gemeente", "regio", "nederland", "programma", "corop")
NL_SOURCE_CBS = "CBS"
NL_SOURCE_COMPUTED = "berekend"
REASON_NO_DATA = "geen cijfer in de CBS-bron voor deze gemeente"
REASON_OUT_OF_RANGE = "waarde {value} buiten het geldige bereik ({range}); niet gepubliceerd"
NOTE_OTHER_WEIGHT_YEAR = "gewogen met inwoners of oppervlakte van het dichtstbijzijnde jaar (dit jaar ontbreekt)"
NOTE_MEDIAN = ("landelijk cijfer op dezelfde manier berekend als de regio's (gewogen gemiddelde van "
               "gemeentelijke medianen), zodat het vergelijkbaar is; de landelijke mediaan van CBS is {value}")
VALUE_COLUMNS = ["indicator", "level", "code", "name", "year", "value", "coverage",
                 "dataset", "nl_source", "reason", "note"]


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
    divisions: dict
    # Extra area levels: {level: (membership group/code as numbers, {group: name})}.
    extra_levels: dict = field(default_factory=dict)


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
    divisions = {row.dataset: division_of(row.gemeente_indeling) for row in snapshot.datasets.itertuples()}
    ctx = Context(catalogue, regions, snapshot, existing, crosswalk, list(gemeenten), membership_regions,
                  membership_nl, divisions)
    # COROP regions and the programme as a whole, aggregated by the same rules as the regions.
    for level, (membership, names) in extra_levels(snapshot.root, regions, sorted(snapshot.gemeente_names())).items():
        ctx.extra_levels[level] = (membership.assign(code=code_numbers(membership["code"])), names)
    return ctx


def compute_values(indicators: list[Indicator], ctx: Context, population: dict | None) -> pd.DataFrame:
    """Values of (non-change) indicators for gemeenten, regions and Nederland, every year.

    Parameters
    ----------
    indicators
        The indicators to compute.
    ctx
        From :func:`make_context`.
    population
        From :func:`population_tables`: inhabitants per gemeente and year, in the division of
        that year (``own``) and in the 2025 division (``2025``), for weights, per-inhabitant
        ratios and coverage; None while computing ``bevolking`` itself.

    Returns
    -------
    DataFrame
        Columns of :data:`VALUE_COLUMNS` except ``name``.
    """
    sources, measures = source_table(indicators)
    number = {ind.id: i for i, ind in enumerate(indicators)}
    sources["indicator"] = sources["indicator"].map(number)
    measures["indicator"] = measures["indicator"].map(number)
    sources["division"] = sources["dataset"].map(ctx.divisions).fillna(DIVISION_OWN)
    rows, chosen, candidates = select_rows(ctx.snapshot.observations, sources, measures)
    comps = components(rows, sources, population)
    gm = comps[comps["code"] != NATIONAL_NUMBER]
    existing = candidates.merge(ctx.existing, on=["dataset", "year"])[["indicator", "prio", "code", "year"]]
    harmonised = harmonise(gm, existing, ctx.crosswalk, keys=("indicator", "prio"))
    rules = pd.DataFrame([(number[i.id], i.aggregation, i.min_coverage) for i in indicators],
                         columns=["indicator", "aggregation", "min_coverage"])
    harmonised = harmonised.merge(rules[["indicator", "aggregation"]], on="indicator")
    complete = harmonised["a"].notna() & ((harmonised["aggregation"] == "sum") | harmonised["b"].notna())
    # Per gemeente the main source wins; a lower-priority source of the same year fills a gap.
    best = harmonised[complete].sort_values("prio").drop_duplicates(["indicator", "code", "year"])
    main_rows = harmonised.merge(chosen[["indicator", "year", "prio"]], on=["indicator", "year", "prio"])
    picked = pd.concat([best, main_rows]).drop_duplicates(["indicator", "code", "year"])
    picked = picked.merge(sources[["indicator", "prio", "dataset"]], on=["indicator", "prio"])

    grid = chosen[["indicator", "year"]].merge(pd.DataFrame({"code": ctx.gemeenten}), how="cross")
    grid = grid.merge(picked.drop(columns="aggregation"), on=["indicator", "code", "year"], how="left")
    grid = grid.merge(chosen[["indicator", "year", "dataset"]].rename(columns={"dataset": "main_dataset"}),
                      on=["indicator", "year"])
    grid["dataset"] = grid["dataset"].fillna(grid["main_dataset"])
    grid = grid.merge(rules[["indicator", "aggregation"]], on="indicator")
    computed = value_from_components(grid["aggregation"], grid["a"], grid["b"])
    grid["value"] = grid["published"].where(grid["published"].notna(), computed)
    grid.loc[grid["a"].isna(), "value"] = np.nan
    missing = grid["value"].isna()
    grid["reason"] = grid["reason"].where(missing).fillna(REASON_NO_DATA).where(missing)
    grid = _refuse_out_of_range(grid, indicators)
    grid["coverage"] = grid["value"].notna().astype(float)
    grid["note"] = np.where(grid["other_weight_year"].fillna(0) > 0, NOTE_OTHER_WEIGHT_YEAR, None)

    if population is None:
        pop = grid.loc[grid["indicator"] == number.get("bevolking"), ["code", "year", "value"]].rename(
            columns={"value": "population"})
    else:
        pop = population[DIVISION_2025]
    pop = nearest_year(pop, grid[["code", "year"]].drop_duplicates(), ["code"], "population").drop(columns="from_year")
    regions = aggregate(grid, ctx.membership_regions, pop, rules)
    national = aggregate(grid, ctx.membership_nl, pop, rules)
    cbs = comps[comps["code"] == NATIONAL_NUMBER].merge(chosen[["indicator", "year", "prio"]],
                                                        on=["indicator", "year", "prio"])
    cbs = cbs.merge(rules[["indicator", "aggregation"]], on="indicator")
    cbs["cbs_value"] = value_from_components(cbs["aggregation"], cbs["a"], cbs["b"])
    national = national.merge(cbs[["indicator", "year", "cbs_value"]], on=["indicator", "year"], how="left")
    medians = {number[i.id] for i in indicators if i.median}
    is_median = national["indicator"].isin(medians)
    own = national["cbs_value"].notna() & ~is_median
    national["nl_source"] = np.where(own, NL_SOURCE_CBS, NL_SOURCE_COMPUTED)
    national["value"] = national["cbs_value"].where(own, national["value"])
    national["coverage"] = national["coverage"].where(~own, 1.0)
    national["reason"] = national["reason"].where(~own)
    national["note"] = national["note"].where(~own)
    cbs_median = is_median & national["cbs_value"].notna()
    national.loc[cbs_median, "note"] = [NOTE_MEDIAN.format(value=_dutch_number(v)) for v in national.loc[cbs_median, "cbs_value"]]

    datasets = chosen[["indicator", "year", "dataset"]]
    regions = _refuse_out_of_range(regions.rename(columns={"group": "code"}), indicators)
    national = _refuse_out_of_range(national.rename(columns={"group": "code"}), indicators)
    parts = [
        grid.assign(level="gemeente", code=code_texts(grid["code"])),
        regions.assign(level="regio").merge(datasets, on=["indicator", "year"]),
        national.assign(level="nederland").merge(datasets, on=["indicator", "year"]),
    ]
    # Extra area levels (COROP, programme), aggregated exactly like the regions.
    for level, (membership, _) in ctx.extra_levels.items():
        extra = _refuse_out_of_range(aggregate(grid, membership, pop, rules).rename(columns={"group": "code"}), indicators)
        parts.append(extra.assign(level=level).merge(datasets, on=["indicator", "year"]))
    columns = [c for c in VALUE_COLUMNS if c != "name"]
    out = pd.concat([p.reindex(columns=columns) for p in parts], ignore_index=True)
    out["indicator"] = np.array([ind.id for ind in indicators], dtype=object)[out["indicator"].to_numpy("int64")]
    return out


def _dutch_number(value: float) -> str:
    return f"{value:,.1f}".replace(",", " ").replace(".", ",").replace(" ", ".")


def _refuse_out_of_range(frame: pd.DataFrame, indicators: list[Indicator]) -> pd.DataFrame:
    """Leave values outside their indicator's ``valid_range`` missing, with the reason."""
    frame = frame.copy()
    for number, ind in enumerate(indicators):
        rows = frame["indicator"] == number
        values = frame.loc[rows, "value"]
        outside = ~ind.in_range(values)
        if outside.any():
            index = values[outside].index
            frame.loc[index, "reason"] = [REASON_OUT_OF_RANGE.format(value=_dutch_number(v), range=ind.range_text)
                                          for v in values[outside]]
            frame.loc[index, "value"] = np.nan
            for column in ("a", "b"):
                if column in frame.columns:
                    frame.loc[index, column] = np.nan
    return frame


def population_tables(ctx: Context) -> dict:
    """Inhabitants per gemeente and year for weights, ratios and coverage.

    Returns
    -------
    dict
        ``{"own": …, "2025": …}``, each a DataFrame ``code`` (number; 0 = Nederland), ``year``,
        ``population``: the ``bevolking`` indicator's source figures in the gemeente division of
        each year, and the same harmonised to the 2025 division.
    """
    bevolking = ctx.catalogue.get("bevolking")
    sources, measures = source_table([bevolking])
    sources["indicator"] = 0
    measures["indicator"] = 0
    rows, chosen, _ = select_rows(ctx.snapshot.observations, sources, measures)
    rows = rows.merge(chosen[["indicator", "year", "prio"]], on=["indicator", "year", "prio"])
    own = rows.groupby(["code", "year"], as_index=False)["value"].sum().rename(columns={"value": "population"})
    values = compute_values([bevolking], ctx, None)
    known = values[values["value"].notna() & values["level"].isin(["gemeente", "nederland"])]
    y2025 = pd.DataFrame({"code": code_numbers(known["code"]), "year": known["year"].to_numpy("int64"),
                          "population": known["value"].to_numpy()})
    return {DIVISION_OWN: own, DIVISION_2025: y2025}


def compute_change(indicator: Indicator, base: pd.DataFrame) -> pd.DataFrame:
    """Values of a ``change`` indicator from the values of its base indicator (every level)."""
    span = indicator.change.span
    earlier = base[["level", "code", "year", "value", "nl_source", "dataset"]].copy()
    earlier["year"] = earlier["year"] + span
    merged = base.merge(earlier, on=["level", "code", "year"], suffixes=("", "_before"), how="inner")
    merged["value"] = merged["value"] - merged["value_before"]
    merged["reason"] = np.where(merged["value"].isna(), f"geen waarde voor beide jaren ({span} jaar verschil)", None)
    merged["coverage"] = np.nan
    merged["note"] = None
    both_cbs = (merged["nl_source"] == NL_SOURCE_CBS) & (merged["nl_source_before"] == NL_SOURCE_CBS)
    merged["nl_source"] = np.where(both_cbs, NL_SOURCE_CBS, NL_SOURCE_COMPUTED)
    merged["dataset"] = merged["dataset_before"] + " + " + merged["dataset"]
    merged["indicator"] = indicator.id
    merged = _refuse_out_of_range(merged.assign(indicator=0), [indicator]).assign(indicator=indicator.id)
    return merged[[c for c in VALUE_COLUMNS if c != "name"]]


def compute_all(ctx: Context) -> pd.DataFrame:
    """Compute every indicator of the catalogue and add the comparison with Nederland."""
    catalogue = ctx.catalogue
    population = population_tables(ctx)
    plain = [i for i in catalogue.indicators if i.aggregation != "change"]
    values = compute_values(plain, ctx, population)
    changes = [compute_change(i, values[values["indicator"] == i.change.of])
               for i in catalogue.indicators if i.aggregation == "change"]
    values = pd.concat([values, *changes], ignore_index=True)
    names = {**ctx.snapshot.gemeente_names(), **ctx.regions.names(), NATIONAL_CODE: NATIONAL_NAME}
    for _, level_names in ctx.extra_levels.values():  # COROP and programme names
        names.update(level_names)
    values["name"] = values["code"].map(names)
    values["nl_source"] = values["nl_source"].where(values["level"] == "nederland")
    values = add_comparison(values[VALUE_COLUMNS], catalogue)
    level_order = {level: i for i, level in enumerate(LEVELS)}
    order = {ind_id: i for i, ind_id in enumerate(catalogue.ids())}
    values = values.assign(_i=values["indicator"].map(order), _l=values["level"].map(level_order))
    values = values.sort_values(["_i", "year", "_l", "code"]).drop(columns=["_i", "_l"]).reset_index(drop=True)
    for column in ("indicator", "level", "code", "name", "dataset", "nl_source", "verdict", "reason", "note"):
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
    problems += range_problems(snapshot, catalogue)
    problems += check_regions(regions, set(snapshot.gemeente_names()), expected_regions)
    return problems


def file_digest(paths) -> str:
    """A short hash over the contents of files (to tell when a build is stale)."""
    digest = hashlib.sha256()
    for path in sorted(Path(p) for p in paths):
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def input_fingerprint(snapshot: Snapshot, regions: Regions, indicator_dir: Path = INDICATOR_DIR) -> dict:
    """Everything a build depends on: snapshot manifest, catalogue files, region table, code version."""
    return {
        "snapshot": snapshot.fingerprint,
        "catalogue": file_digest(Path(indicator_dir).glob("*.yaml")),
        "regions": file_digest([regions.path, CROSSWALK_FILE]),
        "code": file_digest(Path(__file__).parent.glob("*.py")),
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
        "inputs": input_fingerprint(snapshot, regions, indicator_dir),
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
    bar.update(1)
    bar.close()
    return BuildResult(Path(build_dir), values, meta)


def _progress(enabled: bool, total: int):
    from tqdm import tqdm

    return tqdm(total=total, desc="build", unit="stap", disable=not enabled)


def write_atomically(target: Path, writers: dict) -> None:
    """Write files into ``target`` via a temporary sibling folder and a rename.

    Safe with several writers at once (the last complete one wins) and on interruption (no
    temporary folder is left); see :func:`monitor.atomic.replace_folder`.

    Parameters
    ----------
    target
        The final folder; an existing one is replaced only after every file was written.
    writers
        ``{file name: callable(path)}``.
    """
    def fill(temp: Path) -> None:
        for name, write in writers.items():
            write(temp / name)

    replace_folder(Path(target), fill)


def read_build(build_dir: Path) -> tuple[pd.DataFrame, dict]:
    """Read a finished build; raise SnapshotError if it is absent or unreadable."""
    build_dir = Path(build_dir)
    try:
        meta = json.loads((build_dir / META_FILE).read_text(encoding="utf-8"))
        values = pd.read_parquet(build_dir / VALUES_FILE)
    except (OSError, ValueError) as exc:
        raise SnapshotError(f"No usable build in {build_dir} ({exc}). Run 'python -m monitor build'.") from exc
    return values, meta
