"""Map gemeente figures of any division 2010–2025 onto the 342 gemeenten of 2025."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from ..config import CROSSWALK_FILE
from ..errors import SnapshotError
from .texts import NONE

REASON_UNKNOWN_SHARE = "herindeling: verdeling van een gesplitste gemeente onbekend"
REASON_MISSING_PART = "geen cijfer voor een of meer voorgangers (herindeling)"
REASON_NOT_PUBLISHED = ("CBS publiceert voor deze gemeente geen cijfer (kleine aantallen); een cijfer uit de "
                        "afgeronde aantallen is geen cijfer van CBS (de aantallen tellen wel mee in de regio)")


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


@dataclass
class Harmonised:
    """Components of some sources on the 2025 gemeenten, for each source-year the source covers.

    ``row[source, year position]`` is the row (-1 where not covered) of the arrays ``a``, ``b``,
    ``published``, ``other_weight_year`` (parts weighted with another year's figure) and
    ``reason`` (text codes: why a value is missing, :data:`~monitor.compute.texts.NONE` where none
    applies), each ``(n_rows, n_gemeenten)``. ``unpublished``: a predecessor has counts but CBS
    publishes no figure of its own for it (see :class:`monitor.compute.components.Components`).
    """

    row: np.ndarray
    a: np.ndarray
    b: np.ndarray
    published: np.ndarray
    other_weight_year: np.ndarray
    reason: np.ndarray
    unpublished: np.ndarray | None = None


def harmonise(comps, grid, chosen_sources: np.ndarray, crosswalk: pd.DataFrame, gemeenten, texts) -> Harmonised:
    """Sum components of older codes into 2025 codes.

    A 2025 gemeente gets a value only if every predecessor present in the source dataset in that
    year (any measure) has one and every share is known; CBS's published gemeente value is kept
    only where the 2025 gemeente is exactly one gemeente of the source.

    Parameters
    ----------
    comps
        :class:`monitor.compute.components.Components` of ``chosen_sources`` on the source grid.
    grid
        The :class:`monitor.compute.source_grid.SourceGrid`.
    chosen_sources
        The rows of the sources table that ``comps`` holds.
    crosswalk
        From :func:`load_crosswalk` with codes as numbers (it maps 2025 codes onto themselves too).
    gemeenten
        The 2025 gemeente numbers, sorted.
    texts
        The vocabulary of the reasons.
    """
    gemeenten = np.asarray(gemeenten, dtype="int64")
    old = grid.code_positions(crosswalk["old_code"].to_numpy("int64"))
    new = np.searchsorted(gemeenten, crosswalk["code_2025"].to_numpy("int64")).clip(0, max(len(gemeenten) - 1, 0))
    keep = (old >= 0) & (len(gemeenten) > 0) & (gemeenten[new] == crosswalk["code_2025"].to_numpy("int64"))
    order = np.argsort(new[keep], kind="stable")
    old, new, share = old[keep][order], new[keep][order], crosswalk["share"].to_numpy("float64")[keep][order]
    targets, starts = np.unique(new, return_index=True)

    def total(parts: np.ndarray) -> np.ndarray:
        """Sum the parts (axis 1: crosswalk rows) per 2025 gemeente → ``(n_rows, n_gemeenten)``."""
        if parts.dtype == bool:
            parts = parts.astype("int64")
        out = np.zeros((parts.shape[0], len(gemeenten)), dtype=parts.dtype)
        if len(targets):
            out[:, targets] = np.add.reduceat(parts, starts, axis=1)
        return out

    sources = np.asarray(chosen_sources, dtype="int64")
    source, year = np.nonzero(grid.covered[sources])
    row = np.full((len(sources), grid.covered.shape[1]), -1, dtype="int64")
    row[source, year] = np.arange(len(source))
    cell = (source[:, None], old[None, :], year[:, None])
    existing = grid.present[grid.dataset[sources][source][:, None], old[None, :], year[:, None]]
    a, b = comps.a[cell], comps.b[cell]
    scale = share[None, :]
    a_part, b_part = np.where(existing, a * scale, np.nan), np.where(existing, b * scale, np.nan)
    parts = total(existing)
    unknown_share = total(existing & np.isnan(scale)) > 0
    missing_part = total(existing & np.isnan(a)) > 0
    bad = unknown_share | missing_part
    out_a = np.where((total(~np.isnan(a_part)) > 0) & ~bad, total(np.nan_to_num(a_part)), np.nan)
    out_b = np.where((total(~np.isnan(b_part)) > 0) & ~bad, total(np.nan_to_num(b_part)), np.nan)
    published = np.where(existing & (scale == 1), comps.published[cell], np.nan)
    single = (parts == 1) & ~bad & (total(~np.isnan(published)) > 0)
    out_published = np.where(single, total(np.nan_to_num(published)), np.nan)
    other_weight_year = total(existing & (comps.weight_year[cell] >= 0))
    unpublished = np.zeros_like(unknown_share)
    if comps.unpublished is not None:
        unpublished = total(existing & comps.unpublished[cell]) > 0
    reason = np.where(unknown_share, texts.code(REASON_UNKNOWN_SHARE),
                      np.where(missing_part & (parts > 1), texts.code(REASON_MISSING_PART),
                               np.where(unpublished, texts.code(REASON_NOT_PUBLISHED), NONE)))
    return Harmonised(row, out_a, out_b, out_published, other_weight_year, reason, unpublished)
