"""Extra area levels beside gemeenten, regions and Nederland: COROP regions and the programme as a whole.

Both are groups of 2025 gemeenten and are aggregated with exactly the rules of the NPVR regions
(:func:`monitor.compute.aggregate.aggregate`):

- ``corop``: the 40 COROP regions (``CR01``–``CR40``) of ``regions/corop_2024.csv`` in the
  snapshot (CBS "Gebieden in Nederland"); used for peer regions and standardised scores.
- ``programma``: ``npvr`` (all gemeenten of the eleven regions together) and ``overig`` (every
  other gemeente of Nederland).
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from .errors import SnapshotError
from .regions import Regions

COROP_LEVEL = "corop"
PROGRAMME_LEVEL = "programma"
COROP_FILE = Path("regions") / "corop_2024.csv"
COROP_COLUMNS = ["gemeente_code", "corop_code", "corop_name"]
NPVR_CODE = "npvr"
"""The programme area: the gemeenten of the eleven regions together."""
PROGRAMME_NAMES = {NPVR_CODE: "NPVR (11 regio's samen)", "overig": "overig Nederland"}
PROGRAMME_CODES = tuple(PROGRAMME_NAMES)


def read_corop(snapshot_root: Path) -> pd.DataFrame | None:
    """The gemeente → COROP table of a snapshot, or None if the snapshot has none.

    Parameters
    ----------
    snapshot_root
        The snapshot folder (``regions/corop_2024.csv`` inside it).

    Returns
    -------
    DataFrame or None
        ``gemeente_code``, ``corop_code``, ``corop_name`` (text).

    Raises
    ------
    SnapshotError
        If the file exists but lacks a column or holds malformed codes.
    """
    path = Path(snapshot_root) / COROP_FILE
    if not path.is_file():
        return None
    try:
        table = pd.read_csv(path, dtype="string", keep_default_na=False)
    except (ValueError, pd.errors.ParserError, UnicodeDecodeError) as exc:
        raise SnapshotError(f"Cannot read {path}: {exc}. Restore the snapshot file.") from exc
    missing = [c for c in COROP_COLUMNS if c not in table.columns]
    if missing:
        raise SnapshotError(f"{path} lacks column(s) {', '.join(missing)}; expected {', '.join(COROP_COLUMNS)}.")
    table = table[COROP_COLUMNS].apply(lambda c: c.str.strip())
    bad = table[~table["gemeente_code"].str.fullmatch(r"GM\d{4}") | ~table["corop_code"].str.fullmatch(r"CR\d{2}")]
    if len(bad):
        raise SnapshotError(f"{path} has malformed codes (expected GM#### and CR##), e.g. "
                            f"{bad.iloc[0]['gemeente_code']!r}/{bad.iloc[0]['corop_code']!r}.")
    return table.reset_index(drop=True)


def corop_membership(corop: pd.DataFrame, gemeenten: list[str]) -> pd.DataFrame:
    """``group`` (CR code), ``code`` (GM code) for the gemeenten of the 2025 division."""
    part = corop[corop["gemeente_code"].isin(set(gemeenten))]
    return pd.DataFrame({"group": part["corop_code"].astype(object).to_numpy(),
                         "code": part["gemeente_code"].astype(object).to_numpy()})


def programme_membership(regions: Regions, gemeenten: list[str]) -> pd.DataFrame:
    """``group`` (``npvr``/``overig``), ``code``: every 2025 gemeente in exactly one of the two."""
    inside = set(regions.table["gemeente_code"])
    codes = sorted(gemeenten)
    return pd.DataFrame({"group": [NPVR_CODE if c in inside else "overig" for c in codes], "code": codes})


def extra_levels(snapshot_root: Path, regions: Regions, gemeenten: list[str]) -> dict[str, tuple[pd.DataFrame, dict]]:
    """The memberships and names of the extra levels that this snapshot supports.

    Returns
    -------
    dict
        ``{level: (membership with group/code as GM text, {group code: name})}``; ``corop`` only
        when the snapshot has ``regions/corop_2024.csv``.
    """
    out = {PROGRAMME_LEVEL: (programme_membership(regions, gemeenten), dict(PROGRAMME_NAMES))}
    corop = read_corop(snapshot_root)
    if corop is not None:
        names = dict(zip(corop["corop_code"], corop["corop_name"]))
        out[COROP_LEVEL] = (corop_membership(corop, gemeenten), names)
    return out
