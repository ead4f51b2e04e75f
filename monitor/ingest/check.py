"""``snapshot --check``: verify a snapshot folder and summarise every dataset."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from ..config import NATIONAL_CODE
from ..errors import SnapshotError
from ..snapshot import Snapshot, load_snapshot
from ..snapshot.files import BOUNDARY_LAYER

CODE = re.compile(rf"^(GM\d{{4}}|{NATIONAL_CODE})$")
YEAR = re.compile(r"^\d{4}$")


@dataclass
class CheckReport:
    """Result of :func:`check_snapshot`."""

    root: Path
    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    summary: pd.DataFrame | None = None

    @property
    def ok(self) -> bool:
        """True when no error was found (warnings allowed)."""
        return not self.errors


def _examples(values) -> str:
    values = sorted({str(v) for v in values})
    return ", ".join(values[:5]) + (f" (+{len(values) - 5} more)" if len(values) > 5 else "")


def _check_tables(snap: Snapshot, report: CheckReport) -> None:
    obs = snap.observations
    bad_codes = obs.loc[~obs["region_code"].astype(str).str.match(CODE), "region_code"]
    if len(bad_codes):
        report.errors.append(f"observations.csv: region codes not GM#### or {NATIONAL_CODE}: {_examples(bad_codes)}")
    bad_periods = obs.loc[~obs["period"].astype(str).str.match(YEAR), "period"]
    if len(bad_periods):
        report.errors.append(f"observations.csv: periods that are not a year: {_examples(bad_periods)}")
    dupes = obs.duplicated(subset=["dataset", "measure", "region_code", "period"])
    if dupes.any():
        report.errors.append(f"observations.csv: {int(dupes.sum())} duplicate (dataset, measure, region, period) rows")
    measures = snap.measures
    pairs = set(zip(measures["dataset"], measures["measure"]))
    used = set(zip(obs["dataset"].astype(str), obs["measure"].astype(str)))
    unknown = used - pairs
    if unknown:
        report.errors.append(f"observations.csv uses measures not in measures.csv: {_examples(f'{d}/{m}' for d, m in unknown)}")
    if measures.duplicated(subset=["dataset", "measure"]).any():
        report.errors.append("measures.csv lists a (dataset, measure) twice")
    stray = set(measures["dataset"]) - set(snap.datasets["dataset"])
    if stray:
        report.errors.append(f"measures.csv names datasets missing from datasets.csv: {_examples(stray)}")
    no_unit = measures[measures["unit"].isna() | (measures["unit"].astype(str).str.strip() == "")]
    for dataset, group in no_unit.groupby("dataset"):
        report.warnings.append(f"{dataset}: {len(group)} measure(s) without a unit")
    for key, count in (("datasets", len(snap.datasets)), ("measures", len(measures))):
        stated = snap.manifest.get(key)
        if stated is not None and int(stated) != count:
            report.warnings.append(f"manifest.json says {stated} {key}, the files hold {count}")


def _check_ranges(snap: Snapshot, report: CheckReport) -> None:
    """The catalogue's valid ranges, as ``validate`` checks them (the two must agree)."""
    from ..catalogue import load_catalogue
    from ..errors import CatalogueError
    from ..snapshot.checks import range_problems

    try:
        catalogue = load_catalogue()
    except CatalogueError as exc:
        report.warnings.append(f"valid ranges not checked, the indicator catalogue is invalid: {exc}")
        return
    report.errors += range_problems(snap, catalogue)


def _check_boundaries(snap: Snapshot, report: CheckReport) -> None:
    try:
        bounds = snap.boundaries()
    except SnapshotError as exc:
        report.errors.append(str(exc))
        return
    import geopandas as gpd

    raw = gpd.read_file(snap.boundary_path(), layer=BOUNDARY_LAYER, rows=1)
    if raw.crs is None or raw.crs.to_epsg() != 28992:
        report.errors.append(f"{snap.boundary_path().name}: CRS is {raw.crs}, expected EPSG:28992 (RD New)")
    bad = bounds.loc[~bounds["gemeente_code"].astype(str).str.match(r"^GM\d{4}$"), "gemeente_code"]
    if len(bad):
        report.errors.append(f"{snap.boundary_path().name}: codes not GM####: {_examples(bad)}")
    if bounds["gemeente_code"].duplicated().any():
        report.errors.append(f"{snap.boundary_path().name}: a gemeente code occurs twice")


def summarise(snap: Snapshot) -> pd.DataFrame:
    """One row per dataset: measures, values, gemeenten, national row, periods, missing values.

    ``missing`` counts the (measure, region, period) cells without a value among the regions that
    have at least one value in that period: missing values are absent rows in the snapshot.
    """
    obs = snap.observations.astype({"dataset": str, "measure": str, "region_code": str, "period": str})
    rows = []
    for dataset in snap.datasets["dataset"]:
        part = obs[obs["dataset"] == dataset]
        n_measures = int((snap.measures["dataset"] == dataset).sum())
        regions_per_period = part.groupby("period")["region_code"].nunique()
        expected = int(regions_per_period.sum()) * n_measures
        periods = sorted(part["period"].unique())
        rows.append({
            "dataset": dataset,
            "measures": n_measures,
            "values": len(part),
            "gemeenten": int(part.loc[part["region_code"] != NATIONAL_CODE, "region_code"].nunique()),
            NATIONAL_CODE: "yes" if (part["region_code"] == NATIONAL_CODE).any() else "no",
            "periods": f"{periods[0]}-{periods[-1]} ({len(periods)})" if periods else "-",
            "missing": max(expected - len(part), 0),
        })
    return pd.DataFrame(rows)


def check_snapshot(root: Path) -> CheckReport:
    """Verify a snapshot: manifest checksums, table schemas, codes, periods, units, boundaries, regions.

    Parameters
    ----------
    root
        The snapshot folder.

    Returns
    -------
    CheckReport
        Errors (the snapshot must not be used), warnings, and the per-dataset summary.
    """
    report = CheckReport(Path(root))
    try:
        snap = load_snapshot(Path(root))
    except SnapshotError as exc:
        report.errors += getattr(exc, "problems", None) or [str(exc)]
        return report
    _check_tables(snap, report)
    _check_ranges(snap, report)
    _check_boundaries(snap, report)
    if not (Path(root) / "regions" / "npvr_regions.csv").is_file():
        report.errors.append("regions/npvr_regions.csv is missing")
    report.summary = summarise(snap)
    return report


def format_report(report: CheckReport) -> str:
    """Render a report for the terminal (Dutch/English headings)."""
    lines = [f"Snapshot {report.root}"]
    if report.summary is not None:
        lines += ["", "Per dataset / per dataset:", report.summary.to_string(index=False)]
    for title, items in (("Fouten / errors", report.errors), ("Waarschuwingen / warnings", report.warnings)):
        if items:
            lines += ["", f"{title}:"] + [f"  - {item}" for item in items]
    lines += ["", "OK: snapshot in orde / snapshot is valid." if report.ok
              else "FOUT: snapshot niet bruikbaar / snapshot is not valid."]
    return "\n".join(lines)
