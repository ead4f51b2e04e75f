"""Content checks of a snapshot: checksums prove the bytes are intact, these prove the figures are sane.

A snapshot whose files match their checksums can still be wrong: a row doubled, two values for one
key, a code no gemeente ever had, ``inf``, a negative population, a share of 250 %, rows lost
while the manifest still counts them. Each of these would change published figures silently, so
the snapshot is refused with the full list of problems.

:func:`~monitor.snapshot.files.manifest_path_problems` runs before any file is hashed; :func:`content_problems` runs on the
loaded tables (from :func:`monitor.snapshot.load_snapshot`); :func:`range_problems` needs the
indicator catalogue and runs in ``validate``, ``build`` and ``snapshot --check``.
"""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pandas as pd

from ..config import CROSSWALK_FILE, MERGERS_FILE, NATIONAL_CODE, TARGET_DIVISION
from ..errors import SnapshotContentError, SnapshotError
from ..compute.keys import all_distinct, distinct_rows, packed_keys
from .files import read_observations

KEY_COLUMNS = ["dataset", "measure", "region_code", "period"]
MAX_EXAMPLES = 5
MAX_MAGNITUDE = 1e15
"""No CBS figure comes near this (the largest in the snapshot is the population, 1.8e7; the Dutch
GDP in euros is about 1e12); a value beyond it is an error and could overflow sums to inf."""
GM_CODE = re.compile(r"^GM\d{4}$")
COROP_CODE = re.compile(r"^CR\d{2}$")
NUTS_CODE = re.compile(r"^(NL|BE|DE)[0-9A-Z]{0,3}$")
CROSSWALK_NAME = "herindelingen_2010_2025_to2025.csv"
MERGERS_NAME = "herindelingen_2010_2025.csv"


def _examples(items) -> str:
    items = list(items)
    shown = ", ".join(str(i) for i in items[:MAX_EXAMPLES])
    return shown + (f" (+{len(items) - MAX_EXAMPLES} more)" if len(items) > MAX_EXAMPLES else "")


def _row_examples(frame: pd.DataFrame, mask: np.ndarray) -> str:
    rows = frame.loc[mask, KEY_COLUMNS].head(MAX_EXAMPLES)
    return "; ".join("/".join(str(v) for v in row) for row in rows.itertuples(index=False))


def _key_problems(name: str, frame: pd.DataFrame) -> list[str]:
    packed = packed_keys(frame, KEY_COLUMNS)
    if packed is not None and all_distinct(packed):
        return []
    repeated = frame[KEY_COLUMNS].duplicated(keep=False).to_numpy()
    if not repeated.any():
        return []
    exact = frame.duplicated(keep=False).to_numpy()
    problems = []
    if exact.any():
        problems.append(f"{name}: {int(exact.sum())} rows are exact copies of another row "
                        f"(dataset/measure/region/period), e.g. {_row_examples(frame, exact)}")
    conflicting = repeated & ~exact
    if conflicting.any():
        problems.append(f"{name}: {int(conflicting.sum())} rows give different values for the same "
                        f"dataset/measure/region/period, e.g. {_row_examples(frame, conflicting)}")
    return problems


def _finite_problems(name: str, frame: pd.DataFrame) -> list[str]:
    values = frame["value"].to_numpy(dtype="float64", na_value=np.nan)
    with np.errstate(invalid="ignore"):
        infinite = np.isinf(values)
        huge = np.isfinite(values) & (np.abs(values) > MAX_MAGNITUDE)
    problems = []
    for bad, what in ((infinite, "are not finite numbers (inf)"),
                      (huge, f"are beyond ±{MAX_MAGNITUDE:g}, far larger than any CBS figure (sums would overflow)")):
        if bad.any():
            shown = "; ".join(f"{r} = {v:g}" for r, v in
                              zip(_row_examples(frame, bad).split("; "), values[bad][:MAX_EXAMPLES]))
            problems.append(f"{name}: {int(bad.sum())} values {what}, e.g. {shown}")
    return problems


def _read_codes(path: Path, columns: list[str]) -> pd.DataFrame | None:
    if not path.is_file():
        return None
    try:
        return pd.read_csv(path, dtype=str, usecols=columns, keep_default_na=False)
    except (OSError, ValueError) as exc:
        raise SnapshotError(f"Cannot read the merger table {path}: {exc}. Restore it from git.") from exc


def code_validity(snapshot_root: Path, boundary_codes) -> tuple[set[str], dict[str, int], set[str]]:
    """What gemeente codes may appear, and until which year.

    Parameters
    ----------
    snapshot_root
        The snapshot folder; its ``regions/`` copies of the merger tables are used beside the
        project's ``data/regions/`` ones.
    boundary_codes
        The gemeente codes of the snapshot's 2025 boundaries.

    Returns
    -------
    current : set of str
        Codes of the 2025 division (valid in any year).
    last_year : dict
        ``{old code: last year it existed}`` from the merger table (a code that ended on
        1 January existed until the year before; one that ended during the year existed that year).
    undated : set of str
        Old codes known only from a crosswalk without dates (valid in any year).
    """
    current = {str(c) for c in boundary_codes}
    last_year: dict[str, int] = {}
    undated: set[str] = set()
    folders = [Path(snapshot_root) / "regions"]
    for crosswalk in (CROSSWALK_FILE, folders[0] / CROSSWALK_NAME):
        table = _read_codes(crosswalk, ["old_code", "code_2025"])
        if table is not None:
            current.update(table["code_2025"])
            undated.update(table["old_code"])
    for mergers in (MERGERS_FILE, folders[0] / MERGERS_NAME):
        table = _read_codes(mergers, ["old_code", "year_effective", "effective_date"])
        if table is None:
            continue
        year = pd.to_numeric(table["year_effective"], errors="coerce")
        on_new_year = table["effective_date"].str[5:].isin(["", "01-01"])
        last = (year - on_new_year.astype(int)).dropna().astype(int)
        for code, end in zip(table.loc[last.index, "old_code"], last):
            last_year[code] = max(end, last_year.get(code, end))
    undated -= set(last_year) | current
    return current, last_year, undated


def _code_problems(name: str, frame: pd.DataFrame, validity, forecast: bool) -> list[str]:
    # A forecast's periods are future years in the division it was made in, not divisions:
    # its codes must be known, not current in the forecast year. Only forecasts use COROP codes.
    pairs = distinct_rows(frame, ["region_code", "period"])
    current, last_year, undated = validity
    unknown, too_late = {}, {}
    for code, period in zip(pairs["region_code"].astype(str), pairs["period"].to_numpy()):
        if code == NATIONAL_CODE or code in current or code in undated:
            continue
        if forecast and COROP_CODE.match(code):
            continue
        if code in last_year:
            if not forecast and last_year[code] < int(period) <= TARGET_DIVISION:
                too_late.setdefault(code, []).append(int(period))
            continue
        unknown.setdefault(code, []).append(int(period))
    problems = []
    if unknown:
        problems.append(f"{name}: region code(s) that are no gemeente of 2010-{TARGET_DIVISION} and not "
                        f"{NATIONAL_CODE}: {_examples(f'{c} ({min(p)})' for c, p in sorted(unknown.items()))}")
    if too_late:
        problems.append(f"{name}: gemeente code(s) used after the gemeente was merged away (merger table): "
                        f"{_examples(f'{c} in {min(p)}, gone after {last_year[c]}' for c, p in sorted(too_late.items()))}")
    return problems


def _count_problems(snapshot, frames: dict[str, pd.DataFrame]) -> list[str]:
    problems = []
    manifest = snapshot.manifest
    for key, frame in frames.items():
        stated = manifest.get(key)
        if stated is None:
            continue
        try:
            stated = int(stated)
        except (TypeError, ValueError):
            problems.append(f"manifest.json: '{key}' is {stated!r}, not a row count")
            continue
        if stated != len(frame):
            problems.append(f"{key}.csv holds {len(frame)} rows with a value, manifest.json says {stated}: "
                            "rows were lost or added after the snapshot was made")
    return problems


def _extra_frame(snapshot, key: str) -> pd.DataFrame | None:
    """One of the optional observation tables (forecasts, COROP accounts, NUTS-3), or None if absent."""
    frame = snapshot.extra_observations(key) if hasattr(snapshot, "extra_observations") else None
    if isinstance(frame, pd.DataFrame):
        return frame if (len(frame) or key in snapshot.manifest) else None
    path = Path(snapshot.root) / f"{key}.csv"
    if key not in snapshot.manifest or not path.is_file():
        return None
    return read_observations(path)


def _other_code_problems(name: str, frame: pd.DataFrame, pattern: re.Pattern, allowed: str) -> list[str]:
    """Codes of a COROP or NUTS table that do not have the table's form."""
    codes = [str(c) for c in frame["region_code"].unique()]
    bad = sorted(c for c in codes if not pattern.match(c))
    return [f"{name}: region code(s) that are not {allowed}: {_examples(bad)}"] if bad else []


def content_problems(snapshot) -> list[str]:
    """Check the loaded tables of a snapshot; return the problems (empty when usable).

    Checks: ``observations.csv`` has rows; every (dataset, measure, region_code, period) once
    (exact copies and conflicting values are both refused); region codes are ``NL01`` or a
    gemeente of the year's division per the merger table (or of 2025); values are finite; row
    counts equal ``manifest.json``'s ``observations`` (and ``prognoses``, ``corop_observations``,
    ``nuts3_observations`` where given). The COROP accounts hold only ``CR##`` and ``NL01``, the
    Eurostat extract only NUTS codes of the Netherlands, Belgium and Germany.

    Parameters
    ----------
    snapshot
        A :class:`monitor.snapshot.Snapshot` (its ``observations``, ``manifest``, ``root`` and
        gemeente names are used).

    Returns
    -------
    list of str
    """
    obs = snapshot.observations
    if len(obs) == 0:
        return ["observations.csv has no rows with a value (only a header?): the snapshot holds no figures"]
    frames = {"observations": obs}
    for key in ("prognoses", "corop_observations", "nuts3_observations"):
        frame = _extra_frame(snapshot, key)
        if frame is not None:
            frames[key] = frame
    validity = code_validity(snapshot.root, snapshot.gemeente_names().keys())
    corop_or_national = re.compile(rf"^(CR\d{{2}}|{NATIONAL_CODE})$")
    problems = []
    for key, frame in frames.items():
        name = f"{key}.csv"
        problems += _key_problems(name, frame)
        problems += _finite_problems(name, frame)
        if key == "corop_observations":
            problems += _other_code_problems(name, frame, corop_or_national, f"a COROP code (CR##) or {NATIONAL_CODE}")
        elif key == "nuts3_observations":
            problems += _other_code_problems(name, frame, NUTS_CODE, "a NUTS code of NL, BE or DE")
        else:
            problems += _code_problems(name, frame, validity, forecast=key == "prognoses")
    problems += _count_problems(snapshot, frames)
    return problems


def check_content(snapshot, hint: str = "") -> None:
    """Raise :class:`SnapshotContentError` listing every problem of :func:`content_problems`."""
    problems = content_problems(snapshot)
    if problems:
        raise SnapshotContentError(snapshot.root, problems, hint)


def _measure_checks(catalogue) -> list[tuple[str, str, list | None, float, float | None, float | None, str]]:
    """Every measure that enters a figure, with the range its values must lie in.

    ``(dataset, measure, years, factor, low, high, role)``: a published measure in the indicator's
    ``valid_range`` (scaled by ``factor``); a weight or a denominator (a count of inhabitants,
    households, ...) never below 0; a numerator never below 0 when the indicator's values cannot be.
    """
    checks = []
    for ind in catalogue.indicators:
        low, high = getattr(ind, "valid_range", None) or (None, None)
        for src in ind.sources:
            if src.measure and (low is not None or high is not None):
                checks.append((src.dataset, src.measure, src.years, src.factor, low, high, f"indicator {ind.id}"))
            for name in src.numerator or []:
                if low is not None and low >= 0:
                    checks.append((src.dataset, name, src.years, 1.0, 0.0, None, f"numerator of {ind.id}"))
            for name in src.denominator or []:
                checks.append((src.dataset, name, src.years, 1.0, 0.0, None, f"denominator of {ind.id}"))
            if src.weight:
                checks.append((src.weight_dataset or src.dataset, src.weight, None, 1.0, 0.0, None,
                               f"weight of {ind.id}"))
    return checks


def _rows_of(obs: pd.DataFrame, wanted: set[tuple[str, str]]) -> dict[tuple[str, str], np.ndarray]:
    """``{(dataset, measure): positions of its rows}`` (ascending) for the wanted pairs that ``obs`` has.

    Found on the categorical columns' codes: the rows are never filtered or grouped as a table.
    """
    datasets, measures = obs["dataset"].cat.categories, obs["measure"].cat.categories
    width = len(measures) + 1  # code -1 (no category) never matches
    dataset_of = {name: i for i, name in enumerate(datasets)}
    measure_of = {name: i for i, name in enumerate(measures)}
    keys = {(d, m): dataset_of[d] * width + measure_of[m] + 1 for d, m in wanted if d in dataset_of and m in measure_of}
    if not keys:
        return {}
    packed = obs["dataset"].cat.codes.to_numpy("int64") * width + obs["measure"].cat.codes.to_numpy("int64") + 1
    lookup = np.zeros(len(datasets) * width, dtype=bool)
    lookup[list(keys.values())] = True
    rows = np.flatnonzero(lookup[np.maximum(packed, 0)] & (packed >= 0))
    rows = rows[np.argsort(packed[rows], kind="stable")]
    ordered = packed[rows]
    found = {}
    for pair, key in keys.items():
        start, end = np.searchsorted(ordered, [key, key + 1])
        if end > start:
            found[pair] = rows[start:end]
    return found


def range_problems(snapshot, catalogue) -> list[str]:
    """Values outside the range of what they are used for in the catalogue.

    Every measure that enters a published figure is checked: a measure published directly
    (``measure:``, scaled by ``factor``) against its indicator's ``valid_range``; weights and
    denominators (counts: a negative number of inhabitants would weigh against the others and
    change every regional figure) and the numerators of indicators that cannot be negative
    against 0.

    Parameters
    ----------
    snapshot
        The loaded snapshot.
    catalogue
        The indicator catalogue (:class:`monitor.catalogue.Catalogue`).

    Returns
    -------
    list of str
        One problem per measure and use with values out of range, with examples (a measure used
        the same way by several indicators is named once).
    """
    checks = _measure_checks(catalogue)
    if not checks:
        return []
    rows = snapshot.observations
    groups = _rows_of(rows, {(dataset, measure) for dataset, measure, *_ in checks})
    values = rows["value"].to_numpy(dtype="float64")
    periods = rows["period"].to_numpy()
    problems, seen = [], set()
    for dataset, measure, years, factor, low, high, role in checks:
        index = groups.get((dataset, measure))
        if index is None:
            continue
        if years:
            index = index[np.isin(periods[index], years)]
        scaled = values[index] * factor
        bad = np.zeros(len(index), dtype=bool)
        if low is not None:
            bad |= scaled < low
        if high is not None:
            bad |= scaled > high
        if not bad.any():
            continue
        kind = role.split(" ", 1)[0]
        key = (dataset, measure, kind if kind != "indicator" else role, low, high)
        if key in seen:
            continue
        seen.add(key)
        sample = rows.iloc[index[bad][:MAX_EXAMPLES]]
        shown = "; ".join(f"{r.region_code}/{r.period} = {v:g}"
                          for r, v in zip(sample.itertuples(), scaled[bad][:MAX_EXAMPLES]))
        span = f"[{'-inf' if low is None else f'{low:g}'}, {'inf' if high is None else f'{high:g}'}]"
        if kind == "indicator":
            unit = catalogue.get(role.split(" ", 1)[1]).unit
            problems.append(f"{dataset}/{measure}: {int(bad.sum())} value(s) outside the valid range "
                            f"{span} of {role} ({unit}), e.g. {shown}")
        else:
            problems.append(f"{dataset}/{measure}: {int(bad.sum())} value(s) below 0, but it is the {role} "
                            f"(a count, never negative), e.g. {shown}")
    return problems
