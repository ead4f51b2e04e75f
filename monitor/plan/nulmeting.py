"""The nulmeting (baseline) the programme is measured against, and the voortgang (progress) since.

**Nulmeting.** Per NPVR region and *kernset* indicator (:func:`kernset_ids`) the newest figure up to
the *peiljaar* (default :data:`DEFAULT_PEILJAAR`, the programme's start), with Nederland, the
difference, the verdict, the covered share and (where the data carry them) the 95 % interval:
:data:`NULMETING_COLUMNS`. A region without any figure up to the peiljaar keeps its row, with empty
figures and the reason in ``bron``.

**Frozen.** ``python -m monitor nulmeting --freeze`` writes it to ``data/nulmeting/`` (the CSV plus
``nulmeting.json`` with the date, peiljaar, snapshot version and kernset), and refuses to overwrite an
existing baseline unless ``--force``. Later snapshots never change it: they only add *voortgang*.
Without a frozen baseline the same table is computed from the current data and called a
*voorlopige nulmeting*.

**Voortgang.** Per baseline row the region's newest figure now, the change of the region and of
Nederland, the gap (region − Nederland) then and now, and :func:`progress_verdict`:

1. ``geen_gegevens`` — no figure at the baseline or now;
2. ``geen_nieuwer_cijfer`` — the newest figure is not newer than the baseline's;
3. ``dekking_te_laag`` — either figure rests on less than
   :data:`monitor.compute.compare.MIN_COVERAGE_FOR_VERDICT` of the inhabitants;
4. ``geen_oordeel`` — no gap with Nederland (counts, no national figure);
5. ``reeksbreuk`` — a series break of the catalogue lies after the baseline year, up to now;
6. ``binnen_marge`` — the gap changed by no more than the indicator's tolerance (the margin of
   "gelijk aan Nederland"), or it was and is within that margin;
7. ``kloof_overgestoken`` — the region passed Nederland: the gap changed sign and lies beyond the
   tolerance on both sides;
8. ``kloof_kleiner`` / ``kloof_groter`` — the distance to Nederland, ``|gap|``, shrank or grew.

Whether a move is good news depends on the indicator's direction (:func:`favourable`): a region
ahead of Nederland whose gap shrinks moves towards Nederland, too.
"""

from __future__ import annotations

import datetime as dt
import json
import math
import os
from pathlib import Path

import numpy as np
import pandas as pd

from .. import wording
from ..compute.value_table import text_is
from ..config import DATA_DIR
from ..errors import MonitorError, UnknownKeyError

NULMETING_COLUMNS = ["regio", "indicator", "jaar", "waarde", "nederland", "verschil", "oordeel", "dekking",
                     "ondergrens_95", "bovengrens_95", "bron"]
VOORTGANG_COLUMNS = ["regio", "indicator", "jaar_nulmeting", "jaar_nu", "waarde_nulmeting", "waarde_nu", "verandering",
                     "verandering_nederland", "kloof_nulmeting", "kloof_nu", "oordeel"]
NULMETING_FILE, VOORTGANG_FILE, META_FILE = "nulmeting.csv", "voortgang.csv", "nulmeting.json"
DEFAULT_PEILJAAR = 2024
FROZEN_DIR = DATA_DIR / "nulmeting"
PEILJAAR_RANGE = (2000, 2100)
INTERVAL_COLUMNS = (("lower_95", "upper_95"), ("ci_lower", "ci_upper"), ("ondergrens_95", "bovengrens_95"))
"""Names under which the values table may carry a 95 % interval (issue 20 adds CBS's intervals); the
first pair present is used, otherwise the interval columns stay empty."""
PROGRESS_LABELS = {
    "kloof_kleiner": "kloof met Nederland kleiner",
    "kloof_groter": "kloof met Nederland groter",
    "kloof_overgestoken": "Nederland gepasseerd",
    "binnen_marge": "binnen de marge (geen wezenlijke verandering)",
    "dekking_te_laag": "geen oordeel: dekking te laag",
    "geen_nieuwer_cijfer": "nog geen nieuwer cijfer",
    "reeksbreuk": "geen oordeel: reeksbreuk",
    "geen_oordeel": "geen oordeel",
    "geen_gegevens": "geen gegevens",
}
"""Every voortgang verdict and its Dutch label (order: as shown in the app's counts)."""
MOVED = ("kloof_kleiner", "kloof_groter", "kloof_overgestoken")
_EPS = 1e-9


class BaselineExistsError(MonitorError):
    """A frozen nulmeting exists and ``--force`` was not given (exit code 2)."""


class BaselineFileError(MonitorError):
    """The frozen nulmeting in ``data/nulmeting/`` is unreadable or incomplete (exit code 1: bad data)."""


# --- which indicators ------------------------------------------------------------------------------

def kernset_ids(catalogue) -> list[str]:
    """The kernset: the indicators the nulmeting and voortgang cover, in catalogue order.

    The catalogue's own core set (:meth:`monitor.catalogue.Catalogue.kernset_ids`, the indicators
    marked ``kernset: true``), the same set the stacking counts.
    """
    return catalogue.kernset_ids()


def kernset_source(catalogue) -> str:
    """Where :func:`kernset_ids` took the kernset from, in Dutch (for the files' metadata)."""
    return "de kernset van de indicatorcatalogus (kernset: true)"


# --- the tables ------------------------------------------------------------------------------------

def _interval(rows: pd.DataFrame) -> tuple[pd.Series, pd.Series]:
    for low, high in INTERVAL_COLUMNS:
        if low in rows.columns and high in rows.columns:
            return rows[low].astype(float), rows[high].astype(float)
    nan = pd.Series(np.nan, index=rows.index)
    return nan, nan


def _sources(monitor) -> dict[str, str]:
    info = monitor.snapshot.datasets
    labels = {row.dataset: f"CBS {row.cbs_table} ({row.title_nl})" for row in info.itertuples()}
    return labels


def _bron(dataset, labels: dict[str, str]) -> str:
    if not isinstance(dataset, str) or not dataset:
        return ""
    return "; ".join(labels.get(d.strip(), d.strip()) for d in dataset.split("+"))


def region_rows(monitor, ids: list[str], peiljaar: int | None = None) -> pd.DataFrame:
    """Per region and indicator of ``ids`` the newest row with a value (up to ``peiljaar`` if given).

    Returns
    -------
    DataFrame
        :data:`NULMETING_COLUMNS`, one row per region × indicator (regions in table order, indicators
        in ``ids`` order); without a value: empty figures and the reason in ``bron``.
    """
    values = monitor.values
    rows = values[text_is(values["level"], "regio") & values["indicator"].isin(ids)]
    if peiljaar is not None:
        rows = rows[rows["year"] <= peiljaar]
    valued = rows[rows["value"].notna()].sort_values("year").groupby(["code", "indicator"], observed=True).tail(1)
    low, high = _interval(valued)
    valued = valued.assign(lo95=low, hi95=high)
    by_key = {(str(r.code), str(r.indicator)): r for r in valued.itertuples()}
    gaps = rows[rows["value"].isna()].sort_values("year").groupby(["code", "indicator"], observed=True).tail(1)
    reasons = {(str(c), str(i)): r for c, i, r in zip(gaps["code"], gaps["indicator"], gaps["reason"])}
    labels = _sources(monitor)
    upto = "" if peiljaar is None else f" t/m {peiljaar}"
    out = []
    for region in monitor.regions.ids():
        for ind_id in ids:
            r = by_key.get((region, ind_id))
            if r is None:
                reason = reasons.get((region, ind_id))
                reason = reason if isinstance(reason, str) and reason else wording.NO_REASON
                out.append([region, ind_id, pd.NA, np.nan, np.nan, np.nan, pd.NA, np.nan, np.nan, np.nan,
                            f"geen cijfer{upto}: {reason}"])
                continue
            out.append([region, ind_id, int(r.year), float(r.value), float(r.nl_value), float(r.diff),
                        r.verdict if isinstance(r.verdict, str) else pd.NA, float(r.coverage), float(r.lo95),
                        float(r.hi95), _bron(r.dataset, labels)])
    table = pd.DataFrame(out, columns=NULMETING_COLUMNS)
    return table.astype({"jaar": "Int64", "oordeel": "string"})


def baseline_table(monitor, peiljaar: int = DEFAULT_PEILJAAR) -> pd.DataFrame:
    """The nulmeting of the current data: :func:`region_rows` of the kernset up to ``peiljaar``.

    Raises
    ------
    UnknownKeyError
        If ``peiljaar`` is outside :data:`PEILJAAR_RANGE` or no kernset figure lies up to it.
    """
    check_peiljaar(peiljaar)
    table = region_rows(monitor, kernset_ids(monitor.catalogue), peiljaar)
    if table["waarde"].isna().all():
        years = monitor.data_years()
        raise UnknownKeyError(f"No kernset figure lies in or before peiljaar {peiljaar} (the data run "
                              f"{years[0]}–{years[-1]}); give a later --peiljaar.")
    return table


def check_peiljaar(peiljaar) -> int:
    """``peiljaar`` as int, or UnknownKeyError naming the allowed range."""
    low, high = PEILJAAR_RANGE
    if not isinstance(peiljaar, (int, np.integer)) or not low <= int(peiljaar) <= high:
        raise UnknownKeyError(f"--peiljaar {peiljaar} is not a year between {low} and {high}; the programme's "
                              f"start is {DEFAULT_PEILJAAR}.")
    return int(peiljaar)


def _missing(x) -> bool:
    return x is None or x is pd.NA or (isinstance(x, float) and math.isnan(x))


def progress_verdict(year_base, year_now, gap_base, gap_now, coverage_base, coverage_now, tolerance: float,
                     break_years=()) -> str:
    """The voortgang verdict of one region and indicator (the rules of the module docstring).

    Parameters
    ----------
    year_base, year_now
        Years of the baseline figure and the newest figure (missing: no figure).
    gap_base, gap_now
        Region − Nederland then and now.
    coverage_base, coverage_now
        Covered share of inhabitants (0–1; missing = not applicable, full).
    tolerance
        The indicator's margin of "gelijk aan Nederland".
    break_years
        The indicator's series breaks (values from that year on are not comparable with earlier ones).

    Returns
    -------
    str
        A key of :data:`PROGRESS_LABELS`.
    """
    if _missing(year_base) or _missing(year_now):
        return "geen_gegevens"
    if int(year_now) <= int(year_base):
        return "geen_nieuwer_cijfer"
    if wording.unjudged(None if _missing(coverage_base) else coverage_base) or \
            wording.unjudged(None if _missing(coverage_now) else coverage_now):
        return "dekking_te_laag"
    if _missing(gap_base) or _missing(gap_now):
        return "geen_oordeel"
    if any(int(year_base) < b <= int(year_now) for b in break_years):
        return "reeksbreuk"
    gap_base, gap_now = float(gap_base), float(gap_now)
    if abs(gap_now - gap_base) <= tolerance + _EPS or max(abs(gap_base), abs(gap_now)) <= tolerance + _EPS:
        return "binnen_marge"
    if gap_base * gap_now < 0 and min(abs(gap_base), abs(gap_now)) > tolerance + _EPS:
        return "kloof_overgestoken"
    return "kloof_kleiner" if abs(gap_now) < abs(gap_base) else "kloof_groter"


def favourable(direction: str, gap_base, gap_now) -> bool | None:
    """Whether the gap's change is good news: the region moved towards the favourable side of Nederland.

    None for neutral indicators or missing gaps.
    """
    if direction not in ("higher", "lower") or _missing(gap_base) or _missing(gap_now):
        return None
    change = float(gap_now) - float(gap_base)
    return change > 0 if direction == "higher" else change < 0


def progress_table(baseline: pd.DataFrame, current: pd.DataFrame, tolerances: dict[str, float],
                   breaks: dict[str, tuple[int, ...]] | None = None) -> pd.DataFrame:
    """The voortgang since ``baseline`` (:data:`NULMETING_COLUMNS`) to ``current`` (the same columns).

    Parameters
    ----------
    baseline
        The (frozen) nulmeting.
    current
        The newest figure per region and indicator (:func:`region_rows` without peiljaar).
    tolerances
        ``{indicator: tolerance}``.
    breaks
        ``{indicator: series-break years}``.

    Returns
    -------
    DataFrame
        :data:`VOORTGANG_COLUMNS`, one row per baseline row, in its order.
    """
    breaks = breaks or {}
    now = current.set_index(["regio", "indicator"])
    rows = []
    for b in baseline.itertuples(index=False):
        key = (b.regio, b.indicator)
        n = now.loc[key] if key in now.index else None
        year_now = n["jaar"] if n is not None else pd.NA
        value_now = n["waarde"] if n is not None else np.nan
        nl_now = n["nederland"] if n is not None else np.nan
        gap_now = n["verschil"] if n is not None else np.nan
        cov_now = n["dekking"] if n is not None else np.nan
        verdict = progress_verdict(b.jaar, year_now, b.verschil, gap_now, b.dekking, cov_now,
                                   float(tolerances.get(b.indicator, 0.0)), breaks.get(b.indicator, ()))
        newer = verdict != "geen_gegevens"
        rows.append([b.regio, b.indicator, b.jaar, year_now, b.waarde, value_now,
                     float(value_now) - float(b.waarde) if newer else np.nan,
                     float(nl_now) - float(b.nederland) if newer else np.nan,
                     b.verschil, gap_now, verdict])
    table = pd.DataFrame(rows, columns=VOORTGANG_COLUMNS)
    return table.astype({"jaar_nulmeting": "Int64", "jaar_nu": "Int64", "waarde_nulmeting": float, "waarde_nu": float,
                         "kloof_nulmeting": float, "kloof_nu": float})


# --- frozen baseline -------------------------------------------------------------------------------

def read_frozen(folder: str | os.PathLike | None = None) -> tuple[pd.DataFrame, dict] | None:
    """The frozen nulmeting and its metadata, or None when there is none.

    Raises
    ------
    BaselineFileError
        When ``folder`` holds a damaged or incomplete baseline.
    """
    folder = Path(FROZEN_DIR if folder is None else folder)
    csv, meta = folder / NULMETING_FILE, folder / META_FILE
    if not csv.exists() and not meta.exists():
        return None
    restore = (f"Restore {folder} from git (git checkout -- {folder}), or freeze anew: "
               "python -m monitor nulmeting --freeze --force.")
    try:
        info = json.loads(meta.read_text(encoding="utf-8"))
        text = {"regio": "string", "indicator": "string", "oordeel": "string", "bron": "string"}
        table = pd.read_csv(csv, dtype=text, keep_default_na=False, na_values=[""], float_precision="round_trip")
    except (OSError, ValueError) as exc:
        raise BaselineFileError(f"The frozen nulmeting in {folder} cannot be read ({exc}). {restore}") from exc
    if list(table.columns) != NULMETING_COLUMNS or not isinstance(info, dict) or "peiljaar" not in info:
        raise BaselineFileError(f"The frozen nulmeting in {folder} is incomplete (columns or {META_FILE}). {restore}")
    return table.astype({"jaar": "Int64"}), info


def baseline_csv_bytes(table: pd.DataFrame) -> bytes:
    """A nulmeting or voortgang table as CSV: UTF-8, comma, decimal point, formula-like text escaped."""
    from ..exports.cells import escape_frame

    return escape_frame(table).to_csv(index=False, lineterminator="\n").encode("utf-8")


def freeze(monitor, peiljaar: int = DEFAULT_PEILJAAR, folder: str | os.PathLike | None = None, force: bool = False,
           today: dt.date | None = None) -> list[Path]:
    """Write the nulmeting of the current data to ``folder`` (default ``data/nulmeting/``), once.

    Raises
    ------
    BaselineExistsError
        If ``folder`` already holds a baseline and ``force`` is False.
    """
    from ..output.outfolder import prepare_out_folder

    folder = Path(FROZEN_DIR if folder is None else folder)
    try:
        existing = read_frozen(folder)
    except BaselineFileError:
        if not force:
            raise
        existing = None
    if existing is not None and not force:
        info = existing[1]
        raise BaselineExistsError(
            f"A nulmeting is already frozen in {folder} (peiljaar {info.get('peiljaar')}, vastgelegd "
            f"{info.get('vastgelegd')}, snapshot versie {info.get('snapshot_versie')}); it is not overwritten. "
            "Later data only add voortgang (python -m monitor nulmeting --out DIR). To replace it on purpose, "
            "add --force.")
    table = baseline_table(monitor, peiljaar)
    meta = {
        "peiljaar": int(peiljaar),
        "vastgelegd": (today or dt.date.today()).isoformat(),
        "snapshot_versie": monitor.snapshot.version,
        "snapshot_datum": monitor.snapshot.built,
        "kernset": kernset_ids(monitor.catalogue),
        "kernset_bron": kernset_source(monitor.catalogue),
        "regio_s": monitor.regions.ids(),
        "bron": "Bron: CBS, CC BY 4.0",
        "kolommen": NULMETING_COLUMNS,
    }
    folder = prepare_out_folder(folder, option="--freeze folder")
    return _write(folder, {
        NULMETING_FILE: lambda p: p.write_bytes(baseline_csv_bytes(table)),
        META_FILE: lambda p: p.write_text(json.dumps(meta, ensure_ascii=False, indent=2) + "\n", encoding="utf-8"),
    })


def _write(folder: Path, writers: dict) -> list[Path]:
    """:func:`monitor.output.atomic.write_into_folder`, an OSError (disk full, read-only) said as a refused folder."""
    from ..output.atomic import write_into_folder
    from ..output.outfolder import OutFolderError

    try:
        return write_into_folder(folder, writers)
    except OSError as exc:
        raise OutFolderError(f"Cannot write into '{folder}': {exc.strerror or exc}. Nothing was replaced; give a "
                             "folder you can write to.") from exc


def current_baseline(monitor, peiljaar: int | None = None,
                     folder: str | os.PathLike | None = None) -> tuple[pd.DataFrame, dict]:
    """The nulmeting to measure against: the frozen one, or a *voorlopige* one from the current data.

    Returns
    -------
    tuple
        (table, info); ``info["voorlopig"]`` is True for a baseline computed now (none frozen).

    Raises
    ------
    UnknownKeyError
        If ``peiljaar`` differs from the frozen baseline's.
    """
    frozen = read_frozen(folder)
    if frozen is not None:
        table, info = frozen
        if peiljaar is not None and int(peiljaar) != int(info["peiljaar"]):
            raise UnknownKeyError(
                f"The frozen nulmeting has peiljaar {info['peiljaar']}, not {peiljaar}: the baseline does not change "
                "with later data. Leave out --peiljaar, or freeze a new one on purpose: "
                f"python -m monitor nulmeting --freeze --peiljaar {peiljaar} --force.")
        return table, {**info, "voorlopig": False}
    peiljaar = DEFAULT_PEILJAAR if peiljaar is None else peiljaar
    return baseline_table(monitor, peiljaar), {"peiljaar": int(peiljaar), "voorlopig": True,
                                               "snapshot_versie": monitor.snapshot.version,
                                               "snapshot_datum": monitor.snapshot.built,
                                               "kernset_bron": kernset_source(monitor.catalogue)}


def voortgang(monitor, baseline: pd.DataFrame) -> pd.DataFrame:
    """The voortgang of the current data since ``baseline`` (:func:`progress_table`)."""
    ids = list(dict.fromkeys(baseline["indicator"].astype(str)))
    known = set(monitor.catalogue.ids())
    current = region_rows(monitor, [i for i in ids if i in known])
    info = {i.id: i for i in monitor.catalogue.indicators}
    return progress_table(baseline, current, {i: info[i].tolerance for i in ids if i in info},
                          {i: tuple(b.year for b in info[i].breaks) for i in ids if i in info})


def describe(info: dict) -> str:
    """One Dutch line about the baseline: frozen (when, which snapshot) or provisional."""
    if info.get("voorlopig"):
        return (f"Voorlopige nulmeting (peiljaar {info['peiljaar']}): nog niet vastgelegd, berekend uit de huidige "
                f"gegevens (snapshot versie {info.get('snapshot_versie')} van {_date(info.get('snapshot_datum'))}).")
    return (f"Nulmeting peiljaar {info['peiljaar']}, vastgelegd op {_date(info.get('vastgelegd'))} met snapshot versie "
            f"{info.get('snapshot_versie')} van {_date(info.get('snapshot_datum'))}.")


def _date(value) -> str:
    return wording.DASH if value is None else wording.date(str(value))


def write_nulmeting(monitor, out_dir: str | os.PathLike, peiljaar: int | None = None,
                    folder: str | os.PathLike | None = None) -> tuple[list[Path], dict]:
    """Write ``nulmeting.csv`` and ``voortgang.csv`` into ``out_dir`` (both complete, or neither).

    Returns
    -------
    tuple
        (files written, baseline info as :func:`current_baseline`).
    """
    from ..output.outfolder import prepare_out_folder

    baseline, info = current_baseline(monitor, peiljaar, folder)
    progress = voortgang(monitor, baseline)
    out = prepare_out_folder(out_dir)
    files = _write(out, {
        NULMETING_FILE: lambda p: p.write_bytes(baseline_csv_bytes(baseline)),
        VOORTGANG_FILE: lambda p: p.write_bytes(baseline_csv_bytes(progress)),
    })
    return files, info
