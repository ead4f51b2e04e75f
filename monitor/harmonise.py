"""Map gemeente figures of any division 2010–2025 onto the 342 gemeenten of 2025."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from .config import CROSSWALK_FILE
from .errors import SnapshotError
from .keys import packed_keys

REASON_UNKNOWN_SHARE = "herindeling: verdeling van een gesplitste gemeente onbekend"
REASON_MISSING_PART = "geen cijfer voor een of meer voorgangers (herindeling)"


def load_crosswalk(path: Path = CROSSWALK_FILE) -> pd.DataFrame:
    """Read the crosswalk ``old_code → code_2025`` with ``share`` (NaN where unknown).

    Raises
    ------
    SnapshotError
        If the file is missing or malformed.
    """
    try:
        table = pd.read_csv(path, dtype={"old_code": object, "code_2025": object, "share": "float64"},
                            usecols=["old_code", "code_2025", "share"])
    except (OSError, ValueError) as exc:
        raise SnapshotError(f"Cannot read the merger crosswalk {path}: {exc}. Restore it from git.") from exc
    return table


def harmonise(components: pd.DataFrame, existing: pd.DataFrame, crosswalk: pd.DataFrame,
              keys: tuple[str, ...] = ("indicator",)) -> pd.DataFrame:
    """Sum components of older codes into 2025 codes.

    Parameters
    ----------
    components
        ``*keys``, ``code``, ``year``, ``a``, ``b`` in the dataset's own division (gemeenten);
        optionally ``published`` (a value CBS publishes per gemeente, kept only where a 2025
        gemeente is exactly one gemeente of the source) and ``weight_year`` (kept as a flag).
    existing
        ``*keys``, ``code``, ``year``: the gemeente codes present in the source dataset in
        that year (any measure). A 2025 gemeente gets a value only if every predecessor present
        in that year has one and every share is known.
    crosswalk
        From :func:`load_crosswalk` (it maps 2025 codes onto themselves too).
    keys
        Extra grouping columns (the indicator id, the source's priority).

    Returns
    -------
    DataFrame
        ``*keys``, ``code`` (2025), ``year``, ``a``, ``b``, ``published``, ``other_weight_year``
        (number of parts weighted with another year's figure), ``reason`` (why a value is missing).
    """
    keys = list(keys)
    components = components.copy()
    for column in ("published", "weight_year"):
        if column not in components.columns:
            components[column] = np.nan
    parts = existing.merge(crosswalk, left_on="code", right_on="old_code", how="inner")
    parts = parts.merge(components, on=[*keys, "code", "year"], how="left")
    share = parts["share"]
    parts["missing_part"] = parts["a"].isna()
    parts["unknown_share"] = share.isna()
    parts["a"] = parts["a"] * share
    parts["b"] = parts["b"] * share
    parts["published"] = parts["published"].where(share == 1)
    parts["other_weight_year"] = parts["weight_year"].notna().astype("int64")
    by = [*keys, "code_2025", "year"]
    packed = packed_keys(parts, by)  # one integer key groups many times faster than four columns
    groups = parts.groupby(by if packed is None else packed, sort=False)
    out = pd.concat(
        [groups[by].first() if packed is not None else None,
         groups[["a", "b"]].sum(min_count=1),
         groups[["published"]].first(),
         groups[["unknown_share", "missing_part"]].max(),
         groups[["other_weight_year"]].sum(),
         groups.size().rename("parts")],
        axis=1,
    )
    out = (out.reset_index() if packed is None else out.reset_index(drop=True)).rename(columns={"code_2025": "code"})
    bad = out["unknown_share"] | out["missing_part"]
    out.loc[bad, ["a", "b"]] = np.nan
    out["published"] = out["published"].where((out["parts"] == 1) & ~bad)
    out["reason"] = np.where(out["unknown_share"], REASON_UNKNOWN_SHARE,
                             np.where(out["missing_part"] & (out["parts"] > 1), REASON_MISSING_PART, None))
    return out[[*keys, "code", "year", "a", "b", "published", "other_weight_year", "reason"]]
