"""Download every dataset of the source register and assemble the snapshot tables."""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import pandas as pd
from tqdm import tqdm

from ..config import NATIONAL_CODE
from ..snapshot import Snapshot
from ..snapshot.files import DATASET_COLUMNS, MEASURE_COLUMNS, OBSERVATION_COLUMNS
from .cbs import CbsClient, build_filter, parse_value
from .errors import IngestError
from .register import DatasetSpec, Register, TableUnit, catalogue_pairs
from .resolve import Resolution, Unresolved, norm, resolve_measure, topics_from_properties

GM_CODE = re.compile(r"^GM\d{4}$")
RESOLVED_COLUMNS = ["dataset", "measure", "cbs_table", "periods", "odata_key", "found_by", "odata_title", "unit"]


@dataclass
class DatasetResult:
    """The snapshot rows of one dataset."""

    observations: pd.DataFrame
    measures: list[dict]
    dataset_row: dict
    resolved: list[dict] = field(default_factory=list)
    changes: list[str] = field(default_factory=list)


def compress_periods(periods) -> str:
    """Write sorted years as ``"2012-2023"`` when contiguous, else comma-separated."""
    years = sorted({int(p) for p in periods})
    if not years:
        return ""
    if len(years) > 1 and years[-1] - years[0] == len(years) - 1:
        return f"{years[0]}-{years[-1]}"
    return ", ".join(str(y) for y in years)


def _fixed_filters(spec: DatasetSpec, unit: TableUnit, client: CbsClient, bar) -> dict[str, str]:
    fixed = {}
    for dim, rule in {**spec.filters, **unit.filter_rules()}.items():
        if "code" in rule:
            fixed[dim] = str(rule["code"])
            continue
        matches = [d["Key"] for d in client.dimension(unit.table, dim) if norm(d.get("Title")) == norm(rule["title"])]
        bar.update()
        if len(matches) != 1:
            raise IngestError(
                f"{spec.dataset}: {unit.table} dimension {dim} has {len(matches)} categories titled "
                f"{rule['title']!r} (need exactly one); update 'filters' in the source register."
            )
        fixed[dim] = matches[0]
    return fixed


def _resolve_all(spec: DatasetSpec, unit: TableUnit, topics, skip_unresolved: bool, changes: list[str]) -> list[Resolution]:
    resolutions = []
    for measure in spec.measures:
        if unit not in spec.units_for(measure):
            continue
        try:
            resolution = resolve_measure(measure, topics, unit.table)
        except Unresolved as exc:
            if not skip_unresolved:
                raise IngestError(
                    f"{spec.dataset}: {exc}. CBS changed the table; update the measure in the source "
                    "register (indicators/sources.yaml) or run with --skip-unresolved."
                ) from exc
            changes.append(f"skipped (not found): {exc}")
            continue
        changes.extend(resolution.changes)
        resolutions.append(resolution)
    return resolutions


def rows_to_frame(rows: list[dict], spec: DatasetSpec, unit: TableUnit, periods: list[str],
                  resolutions: list[Resolution]) -> pd.DataFrame:
    """Turn OData rows into observations: codes stripped, gemeenten + NL01 only, missing cells dropped.

    Parameters
    ----------
    rows
        TypedDataSet rows as returned by CBS (codes padded with spaces).
    spec, unit
        The dataset and table the rows belong to.
    periods
        Years wanted from a table with a period dimension (ignored for a fixed-year table).
    resolutions
        The measures to take and their OData keys.
    """
    records = []
    for row in rows:
        code = str(row.get(spec.region_dimension) or "").strip()
        if code == spec.source_national_code:
            code = NATIONAL_CODE
        if code != NATIONAL_CODE and not GM_CODE.match(code):
            continue
        if unit.year:
            period = unit.year
        else:
            period = str(row.get(spec.period_dimension) or "").strip()[:4]
            if period not in periods:
                continue
        for res in resolutions:
            value = parse_value(row.get(res.topic.key))
            if value is None:
                continue
            if res.spec.scale is not None:
                value *= res.spec.scale
            records.append((spec.dataset, res.spec.measure, code, period, value))
    return pd.DataFrame.from_records(records, columns=OBSERVATION_COLUMNS)


def _measure_rows(spec: DatasetSpec, latest: dict[str, Resolution]) -> list[dict]:
    titles = [latest[m.measure].topic.title for m in spec.measures if m.measure in latest]
    repeated = {t for t in titles if titles.count(t) > 1}
    rows = []
    for m in spec.measures:
        if m.measure not in latest:
            continue
        topic = latest[m.measure].topic
        title = f"{topic.parent}: {topic.title}" if topic.title in repeated and topic.parent else topic.title
        rows.append({"dataset": spec.dataset, "measure": m.measure, "title_nl": title,
                     "unit": m.unit or topic.unit, "description": topic.description})
    return rows


def download_dataset(spec: DatasetSpec, client: CbsClient, years: set[str] | None = None,
                     progress: bool = True, skip_unresolved: bool = False, today: date | None = None) -> DatasetResult | None:
    """Download one ``cbs_odata`` dataset.

    Parameters
    ----------
    spec
        The register entry.
    client
        The CBS client (retries, cache).
    years
        Keep only these years (``None``: all years of the register).
    progress
        Show a progress bar per table.
    skip_unresolved
        Drop a measure that cannot be found instead of stopping.
    today
        The retrieval date written to datasets.csv.

    Returns
    -------
    DatasetResult or None
        ``None`` if ``years`` leaves nothing to download.
    """
    today = today or date.today()
    frames, changes, resolved, sources = [], [], [], []
    latest: dict[str, Resolution] = {}
    for unit in spec.tables:
        periods = [p for p in unit.periods if years is None or p in years]
        if (unit.year and years is not None and unit.year not in years) or (unit.periods and not periods):
            continue
        steps = 3 + sum(1 for rule in {**spec.filters, **unit.filter_rules()}.values() if "title" in rule)
        label = f"{spec.dataset} {unit.table} {unit.year or compress_periods(periods)}"
        with tqdm(total=steps, desc=label, unit="stap", disable=not progress, file=sys.stderr, leave=True) as bar:
            info = client.table_info(unit.table)
            bar.update()
            topics = topics_from_properties(client.data_properties(unit.table))
            bar.update()
            fixed = _fixed_filters(spec, unit, client, bar)
            resolutions = _resolve_all(spec, unit, topics, skip_unresolved, changes)
            if not resolutions:
                continue
            select = [spec.region_dimension] + ([spec.period_dimension] if unit.periods else [])
            select += sorted({r.topic.key for r in resolutions})
            period_dimension = spec.period_dimension if unit.periods else None
            rows = client.data(unit.table, select,
                               build_filter(spec.region_dimension, period_dimension, periods, fixed, unit.period_suffix))
            bar.update()
        frames.append(rows_to_frame(rows, spec, unit, periods, resolutions))
        modified = str(info.get("Modified", ""))[:10]
        sources.append(f"https://{client.catalog_url}/ODataFeed/odata/{unit.table}"
                       + (f" (modified {modified})" if modified else ""))
        for r in resolutions:
            latest[r.spec.measure] = r
            resolved.append({"dataset": spec.dataset, "measure": r.spec.measure, "cbs_table": unit.table,
                             "periods": unit.year or compress_periods(periods), "odata_key": r.topic.key,
                             "found_by": r.how, "odata_title": r.topic.path, "unit": r.topic.unit})
    if not frames:
        return None
    observations = pd.concat(frames, ignore_index=True)
    dupes = observations.duplicated(subset=OBSERVATION_COLUMNS[:-1])
    if dupes.any():
        first = observations[dupes].iloc[0]
        raise IngestError(f"{spec.dataset}: duplicate value for {first.measure}/{first.region_code}/{first.period}; "
                          "two tables of the register deliver the same measure and year.")
    national = (observations["region_code"] == NATIONAL_CODE).any()
    national_text = "no"
    if national:
        national_text = "yes" if spec.source_national_code == NATIONAL_CODE else \
            f"yes ({spec.source_national_code} in source, written as {NATIONAL_CODE})"
    notes = " ".join(x for x in [spec.notes, spec.citation + "." if spec.citation else ""] if x)
    if changes:
        notes += " Metadata changes found at download: " + "; ".join(changes)
    row = {
        "dataset": spec.dataset, "title_nl": spec.title_nl, "publisher": spec.publisher,
        "cbs_table": ", ".join(dict.fromkeys(u.table for u in spec.tables)),
        "periods": compress_periods(observations["period"].unique()),
        "reference_date": spec.reference_date, "gemeente_indeling": spec.gemeente_indeling,
        "national_row": national_text, "license": spec.license,
        "retrieved_from": "; ".join(dict.fromkeys(sources)) + f"; retrieved {today.isoformat()}",
        "notes": notes,
    }
    return DatasetResult(observations, _measure_rows(spec, latest), row, resolved, changes)


def carry_over(spec: DatasetSpec, snapshot: Snapshot | None) -> DatasetResult:
    """Copy a dataset without a live source from an existing (verified) snapshot.

    Raises
    ------
    IngestError
        If no snapshot was given or it lacks the dataset.
    """
    if snapshot is None:
        raise IngestError(
            f"Dataset {spec.dataset} has no live source yet ({spec.live_source or 'see sources.yaml'}). "
            "Give an existing snapshot to copy it from with --carry-over-from DIR, or leave it out with --datasets."
        )
    obs = snapshot.observations
    obs = obs[obs["dataset"] == spec.dataset]
    if obs.empty and len(snapshot.corop_observations):  # the regional accounts (COROP codes only)
        obs = snapshot.corop_observations[snapshot.corop_observations["dataset"] == spec.dataset]
    rows = snapshot.datasets[snapshot.datasets["dataset"] == spec.dataset]
    if obs.empty or rows.empty:
        raise IngestError(f"Snapshot {snapshot.root} has no dataset {spec.dataset} to carry over.")
    observations = obs.astype({c: str for c in OBSERVATION_COLUMNS[:-1]}).reset_index(drop=True)
    measures = snapshot.measures[snapshot.measures["dataset"] == spec.dataset].fillna("")
    row = {c: ("" if pd.isna(v) else str(v)) for c, v in rows.iloc[0][DATASET_COLUMNS].items()}
    row["notes"] = (row["notes"] + f" Carried over unchanged from snapshot '{snapshot.manifest.get('snapshot', '?')}' "
                    f"built {snapshot.built}: no live download implemented for this source.").strip()
    return DatasetResult(observations, measures[MEASURE_COLUMNS].to_dict("records"), row)


def uncovered_catalogue_pairs(register: Register, indicator_dir: Path) -> list[str]:
    """Return catalogue (dataset, measure) pairs the register cannot deliver, as text."""
    known = {(d, m.measure) for d, spec in register.datasets.items() for m in spec.measures}
    return sorted(f"{d}/{m}" for d, m in catalogue_pairs(indicator_dir) - known)
