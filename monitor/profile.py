"""One region against Nederland on every indicator: the :class:`RegionProfile` that app, meeting mode,
PDF report and exports read.

For a region (and optionally one year) there is one row per indicator with a value: the region's
value in its latest year with data (or in the chosen year), Nederland and the programme as a whole
(NPVR samen, overig Nederland) in that year, difference, index, verdict, rank, covered share,
whether the figure is old, the indicator's series breaks and its theme and NPVR goal. The verdict
counts per theme and goal are the counts of the NPVR story's stacking (:mod:`monitor.story.stacking`
uses :func:`latest_rows`, :func:`verdict_class` and :func:`class_counts` from here).
"""

from __future__ import annotations

from collections import OrderedDict
from dataclasses import dataclass

import pandas as pd

from . import wording
from .catalogue import GOALS
from .compute.value_table import text_is

JUDGED = ("gunstiger", "gelijk", "ongunstiger")
"""Verdicts that judge a region; ``hoger``/``lager`` (neutral indicators) do not."""
CLASSES = ("ongunstiger", "gelijk", "gunstiger", "zonder_oordeel")
"""The stacking classes of a verdict (:func:`verdict_class`)."""
GROUPS = {"theme": "thema", "goal": "doel"}
"""Groupings of the counts (:meth:`RegionProfile.counts`) and their column in the stacking tables."""
PROFILE_COLUMNS = ["indicator", "title", "unit", "theme", "theme_title", "goal", "goal_title", "year", "value",
                   "nl_value", "nl_source", "npvr_value", "overig_value", "diff", "index", "verdict", "klasse",
                   "rank", "ranked", "with_value", "coverage", "dataset", "old", "breaks", "lower_95", "upper_95"]


def verdict_class(verdict) -> str:
    """The stacking class of a verdict: neutral (hoger/lager) or missing is ``zonder_oordeel``."""
    return verdict if isinstance(verdict, str) and verdict in JUDGED else "zonder_oordeel"


def latest_rows(values: pd.DataFrame, codes: list[str], level: str = "regio", year: int | None = None) -> pd.DataFrame:
    """Per area and indicator the row with a value of the latest year (or of ``year``), values' columns kept.

    The one rule of "the region's figure" shared by the profile and the stacking.
    """
    rows = values[text_is(values["level"], level) & values["code"].isin(codes) & values["value"].notna()]
    if year is not None:
        rows = rows[rows["year"] == year]
    return rows.sort_values("year").groupby(["code", "indicator"], observed=True, sort=False).tail(1)


def class_counts(table: pd.DataFrame, by: list[str]) -> pd.DataFrame:
    """Counts of the four :data:`CLASSES` of column ``klasse`` per ``by`` (a column per class, zeros filled)."""
    counts = table.groupby([*by, "klasse"]).size().unstack("klasse", fill_value=0)
    counts = counts.reindex(columns=list(CLASSES), fill_value=0)
    counts.columns.name = None
    return counts


@dataclass(frozen=True)
class RegionProfile:
    """One region against Nederland (see the module docstring).

    Attributes
    ----------
    region_id, name
        The region.
    year
        The chosen year, or None for the latest year per indicator.
    rows
        One row per indicator with a value, in catalogue order; columns :data:`PROFILE_COLUMNS`.
        ``old`` is only set for the latest year per indicator (a chosen year was asked for).
        ``ranked`` is the number of regions ranked on that indicator and year, ``with_value`` the
        number of regions with a value (the others have too little coverage for a rank). Shared
        by every reader (:func:`region_profile` caches it): read it, do not change it.
    missing
        ``{indicator id: reason}`` for the catalogue's indicators without a value (reason "" if unknown).
    catalogue_rows
        Every catalogue indicator in order: ``indicator``, ``theme``, ``theme_title``, ``goal``, ``goal_title``,
        ``kernset`` (bool).
    """

    region_id: str
    name: str
    year: int | None
    rows: pd.DataFrame
    missing: dict
    catalogue_rows: pd.DataFrame

    def row(self, indicator_id: str) -> pd.Series | None:
        """The row of one indicator, None if the region has no value for it."""
        part = self.rows[self.rows["indicator"] == indicator_id]
        return part.iloc[0] if len(part) else None

    def counts(self, group: str, kernset: bool = True) -> pd.DataFrame:
        """Verdict counts per theme (``group="theme"``) or NPVR goal (``"goal"``), over the catalogue's
        kernset (the stacking's rule, :mod:`monitor.story.stacking`) or, with ``kernset=False``, all indicators.

        Returns
        -------
        DataFrame
            Index: theme ids in catalogue order or goal numbers 1, 2, 3 (groups with an indicator);
            columns ``label``, the four :data:`CLASSES` (indicators without a value are
            ``zonder_oordeel``), ``beoordeeld`` (with a verdict gunstiger/gelijk/ongunstiger) and
            ``indicatoren``.

        Raises
        ------
        ValueError
            For a grouping other than :data:`GROUPS`.
        """
        if group not in GROUPS:
            raise ValueError(f"Unknown grouping {group!r}; use one of {', '.join(GROUPS)}.")
        key = group
        grid = self._grid
        if kernset and "kernset" in grid:
            grid = grid[grid["kernset"].astype(bool)]
        counts = class_counts(grid, [key])
        order = list(dict.fromkeys(grid[key]))
        counts = counts.reindex(sorted(order) if group == "goal" else order)
        counts["beoordeeld"] = counts[list(JUDGED)].sum(axis=1)
        counts["indicatoren"] = counts[list(CLASSES)].sum(axis=1)
        labels = dict(zip(grid[key], grid[f"{key}_title"]))
        return counts.assign(label=[labels[k] for k in counts.index])[["label", *CLASSES, "beoordeeld",
                                                                       "indicatoren"]]

    def unfavourable(self, group: str) -> pd.DataFrame:
        """:meth:`counts` of the groups with at least one verdict: ``label``, ``ongunstiger``, ``beoordeeld``,
        ``text`` ("3 van 12")."""
        counts = self.counts(group)
        counts = counts[counts["beoordeeld"] > 0]
        return counts.assign(text=[wording.unfavourable_text(o, n) for o, n in
                                   zip(counts["ongunstiger"], counts["beoordeeld"])])[
            ["label", "ongunstiger", "beoordeeld", "text"]]

    @property
    def _grid(self) -> pd.DataFrame:
        """Every catalogue indicator with its theme, goal and class (``zonder_oordeel`` without a value)."""
        return self.catalogue_rows.merge(self.rows[["indicator", "klasse"]], on="indicator", how="left").fillna(
            {"klasse": "zonder_oordeel"})


_CACHE: OrderedDict = OrderedDict()
CACHE_SIZE = 64


def region_profile(monitor, region_id: str, year: int | None = None) -> RegionProfile:
    """The :class:`RegionProfile` of one region (latest year per indicator, or ``year``).

    Kept for the last :data:`CACHE_SIZE` (monitor, region, year) combinations, so that pages and
    reports asking again get it at once.

    Raises
    ------
    UnknownKeyError
        For an unknown region (listing the valid ids).
    """
    monitor.regions.check(region_id)
    key = (monitor.fingerprint, id(monitor.values), region_id, year)
    if key in _CACHE:
        _CACHE.move_to_end(key)
        return _CACHE[key]
    profile = _build(monitor, region_id, year)
    _CACHE[key] = profile
    while len(_CACHE) > CACHE_SIZE:
        _CACHE.popitem(last=False)
    return profile


_CONTEXT: dict = {}


def _context(monitor) -> tuple[pd.DataFrame, dict]:
    """Once per monitor: per indicator and year Nederland's source, the programme's values and the
    number of regions with a value and with a rank; and every region's own rows by region id."""
    key = (monitor.fingerprint, id(monitor.values))
    if key not in _CONTEXT:
        values, keys = monitor.values, ["indicator", "year"]
        national = values.loc[text_is(values["level"], "nederland"), [*keys, "nl_source"]].rename(
            columns={"nl_source": "_nl_source"})
        programme = values[text_is(values["level"], "programma") & values["value"].notna()]
        parts = [national]
        for code in ("npvr", "overig"):
            parts.append(programme.loc[programme["code"] == code, [*keys, "value"]].rename(
                columns={"value": f"{code}_value"}))
        regions = values[text_is(values["level"], "regio")]
        valued = regions[regions["value"].notna()]
        parts.append(valued.assign(ranked=valued["rank"].notna()).groupby(keys, observed=True).agg(
            ranked=("ranked", "sum"), with_value=("value", "size")).reset_index())
        context = parts[0].astype({"indicator": object})
        for part in parts[1:]:
            context = context.merge(part.astype({"indicator": object}), on=keys, how="outer")
        by_region = {str(code): part for code, part in regions.groupby("code", observed=True, sort=False)}
        _CONTEXT.clear()  # one monitor at a time is enough; a new snapshot replaces it
        _CONTEXT[key] = (context, by_region)
    return _CONTEXT[key]


def _build(monitor, region_id: str, year: int | None) -> RegionProfile:
    catalogue = monitor.catalogue
    context, by_region = _context(monitor)
    own = by_region.get(region_id, monitor.values.iloc[0:0])
    latest = latest_rows(own, [region_id], year=year)
    order = {ind_id: i for i, ind_id in enumerate(catalogue.ids())}
    latest = latest.assign(_o=latest["indicator"].map(order)).sort_values("_o").drop(columns="_o")
    rows = latest.drop(columns=["nl_source"]).astype({"indicator": object, "verdict": object, "dataset": object})
    rows = rows.merge(context, on=["indicator", "year"], how="left")
    info = {i.id: i for i in catalogue.indicators}
    ind = rows["indicator"].map(info)
    rows = rows.assign(
        title=[i.title for i in ind], unit=[i.unit for i in ind], theme=[i.theme for i in ind],
        theme_title=[catalogue.theme_title(i.theme) for i in ind], goal=[i.goal for i in ind],
        goal_title=[f"{i.goal}. {i.goal_text}" for i in ind],
        nl_source=[s if isinstance(s, str) else None for s in rows["_nl_source"]],
        verdict=[v if isinstance(v, str) else None for v in rows["verdict"]],
        klasse=[verdict_class(v) for v in rows["verdict"]],
        ranked=rows["ranked"].fillna(0).astype(int), with_value=rows["with_value"].fillna(0).astype(int),
        old=[year is None and wording.is_old(monitor, y) for y in rows["year"]],
        breaks=[tuple((b.year, b.note) for b in i.breaks) for i in ind],
        year=rows["year"].astype(int),
    )[PROFILE_COLUMNS].reset_index(drop=True)
    core = set(catalogue.kernset_ids())
    grid = pd.DataFrame([(i.id, i.theme, catalogue.theme_title(i.theme), i.goal, f"{i.goal}. {GOALS[i.goal]}",
                          i.id in core) for i in catalogue.indicators],
                        columns=["indicator", "theme", "theme_title", "goal", "goal_title", "kernset"])
    missing = _missing_reasons(own, catalogue.ids(), year, set(rows["indicator"]))
    return RegionProfile(region_id, monitor.regions.name(region_id), year, rows, missing, grid)


def _missing_reasons(own: pd.DataFrame, ids: list[str], year: int | None, present: set) -> dict:
    """``{indicator: reason}`` for the indicators without a value (the reason of the newest row, "" if none)."""
    gaps = own if year is None else own[own["year"] == year]
    reasons = gaps.sort_values("year").groupby("indicator", observed=True)["reason"].last()
    return {i: (reasons.get(i) if isinstance(reasons.get(i), str) else "") for i in ids if i not in present}
