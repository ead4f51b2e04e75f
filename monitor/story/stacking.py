"""Stapeling: where the challenges of a region pile up, per programme goal and theme.

For every region and every indicator of the catalogue the region's **latest year with a value**
is taken, with the verdict against Nederland in that same year (``monitor.compute.compare``). The verdict
is counted as ``ongunstiger``, ``gelijk`` or ``gunstiger``; neutral indicators (``hoger``/``lager``),
counts that are not compared, and indicators without any region value are ``zonder_oordeel``.

The standardised score places the region in the distribution of the **40 COROP regions** in the
same year (the COROP level of the build, aggregated with the same rules):

- ``z_score`` = (region value − mean of the COROP values) / standard deviation of the COROP values
  (population standard deviation, ddof = 0), with the sign turned so that **positive is more
  favourable** (for neutral indicators positive is simply higher);
- ``percentiel`` = share (0–100) of COROP regions with a less favourable value (ties count half);
  100 means more favourable than every COROP region.

Both are left empty for counts (their size follows the size of the area), when fewer than
:data:`MIN_COROP` COROP regions have a value that year, and when the region's value rests on less
than :data:`monitor.compute.compare.MIN_COVERAGE_FOR_VERDICT` of its inhabitants (it describes the covered
gemeenten, not the region: no verdict, rank or score below the threshold). COROP values below the
threshold are not in the reference distribution either.

The region's row, its class and the counting are those of :mod:`monitor.profile` (one rule for
the *Regioprofiel* page, the meeting mode, the PDF and this table).

The counts (``stapeling.csv``, the heatmap of *Opgaven*, the meeting slide) are over the
catalogue's **kernset** (:meth:`monitor.catalogue.Catalogue.kernset_ids`): per theme a few
indicators that measure different things. Counting every distance and every count within km would
count one phenomenon (density) ten to thirty times, and births, natural increase and growth all
follow the age structure. The detail (:func:`stacking_detail`, column ``kernset``) keeps every indicator.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..areas import COROP_LEVEL
from ..catalogue import Catalogue
from ..compute.compare import MIN_COVERAGE_FOR_VERDICT, comparable
from ..compute.value_table import text_is
from ..profile import CLASSES, class_counts, latest_rows as latest_region_rows, verdict_class

STACKING_COLUMNS = ["regio", "doel", "thema", "indicatoren", *CLASSES]
TOTAL = "totaal"
MIN_COROP = 30


__all__ = ["CLASSES", "STACKING_COLUMNS", "TOTAL", "MIN_COROP", "verdict_class", "latest_rows", "corop_scores",
           "stacking_detail", "stacking_table"]


def latest_rows(values: pd.DataFrame, catalogue: Catalogue, codes: list[str], level: str = "regio") -> pd.DataFrame:
    """Per area and catalogue indicator the row of the latest year with a value.

    Parameters
    ----------
    values
        The values table of the build (with the comparison columns).
    catalogue
        Every indicator of it gets a row, also those without a value (``year`` empty then).
    codes
        The area codes (region ids).
    level
        Their level.

    Returns
    -------
    DataFrame
        ``code``, ``indicator``, ``doel``, ``thema``, ``year``, ``value``, ``coverage``, ``nl_value``,
        ``diff``, ``verdict``, ``klasse``, ``dataset``, ``kernset`` (bool), in catalogue order per area.
    """
    latest = latest_region_rows(values, codes, level)
    grid = pd.DataFrame([(c, i.id, str(i.goal), i.theme) for c in codes for i in catalogue.indicators],
                        columns=["code", "indicator", "doel", "thema"])
    keep = ["code", "indicator", "year", "value", "coverage", "nl_value", "diff", "verdict", "dataset"]
    if "coverage" not in latest:
        latest = latest.assign(coverage=np.nan)
    latest = latest[keep].astype({"code": object, "indicator": object, "verdict": object, "dataset": object})
    out = grid.merge(latest, on=["code", "indicator"], how="left")
    out["klasse"] = [verdict_class(v) for v in out["verdict"]]
    out["kernset"] = out["indicator"].isin(set(catalogue.kernset_ids()))
    return out


def corop_scores(values: pd.DataFrame, catalogue: Catalogue, rows: pd.DataFrame) -> pd.DataFrame:
    """Add ``z_score``, ``percentiel`` and ``corop_n`` to :func:`latest_rows` output (see module doc)."""
    corop = values[text_is(values["level"], COROP_LEVEL) & values["value"].notna()]
    if "coverage" in corop:
        corop = corop[~(corop["coverage"] < MIN_COVERAGE_FOR_VERDICT - 1e-12)]
    corop = corop[["indicator", "year", "value"]]
    corop = corop.astype({"indicator": object})
    groups = {key: part["value"].to_numpy(float) for key, part in corop.groupby(["indicator", "year"], observed=True)}
    meta = {i.id: (i.direction, comparable(i, catalogue)) for i in catalogue.indicators}
    z, pct, n = [], [], []
    for r in rows.itertuples():
        direction, ok = meta[r.indicator]
        sample = groups.get((r.indicator, r.year)) if pd.notna(r.year) else None
        partial = "coverage" in rows and pd.notna(r.coverage) and r.coverage < MIN_COVERAGE_FOR_VERDICT - 1e-12
        if not ok or sample is None or len(sample) < MIN_COROP or pd.isna(r.value) or partial:
            z.append(np.nan), pct.append(np.nan), n.append(0 if sample is None else len(sample))
            continue
        sign = -1.0 if direction == "lower" else 1.0
        sd = sample.std(ddof=0)
        z.append(sign * (r.value - sample.mean()) / sd if sd > 0 else np.nan)
        worse = (sign * sample < sign * r.value).sum() + 0.5 * (sample == r.value).sum()
        pct.append(100.0 * worse / len(sample))
        n.append(len(sample))
    return rows.assign(z_score=z, percentiel=pct, corop_n=n)


def stacking_detail(values: pd.DataFrame, catalogue: Catalogue, region_ids: list[str]) -> pd.DataFrame:
    """Per region and indicator: latest year, verdict class and standardised scores."""
    return corop_scores(values, catalogue, latest_rows(values, catalogue, region_ids))


def stacking_table(detail: pd.DataFrame, catalogue: Catalogue, region_ids: list[str]) -> pd.DataFrame:
    """The ``stapeling.csv`` layout: counts per region × goal × theme, plus a ``totaal`` row per region.

    Counts are over the kernset (see the module doc). Only goal–theme combinations that hold at
    least one kernset indicator get a row. Columns: see :data:`STACKING_COLUMNS`; ``indicatoren`` =
    the sum of the four class counts.
    """
    core = set(catalogue.kernset_ids())
    if "kernset" in detail:
        detail = detail[detail["kernset"]]
    else:
        detail = detail[detail["indicator"].isin(core)]
    combos = list(dict.fromkeys((str(i.goal), i.theme) for i in catalogue.indicators if i.id in core))
    combos.sort(key=lambda c: (c[0], [t.theme for t in catalogue.themes].index(c[1])))
    counts = class_counts(detail, ["code", "doel", "thema"])
    rows = []
    for region in region_ids:
        for goal, theme in combos:
            key = (region, goal, theme)
            c = counts.loc[key] if key in counts.index else pd.Series(0, index=list(CLASSES))
            rows.append([region, goal, theme, int(c.sum()), *(int(c[k]) for k in CLASSES)])
        total = detail[detail["code"] == region]["klasse"].value_counts()
        rows.append([region, TOTAL, TOTAL, int(total.sum()), *(int(total.get(k, 0)) for k in CLASSES)])
    return pd.DataFrame(rows, columns=STACKING_COLUMNS)
