"""The computation: snapshot observations → indicator values of every area and year.

Harmonise gemeente figures onto the 2025 division, aggregate them to regions, COROP regions,
the programme areas and Nederland, refuse values outside their valid range, and add the
comparison with Nederland. :mod:`monitor.build` runs it and writes the result.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from .aggregate import aggregate
from .areas import extra_levels
from .catalogue import Catalogue, Indicator
from .compare import add_comparison
from .components import (DIVISION_2025, DIVISION_OWN, NATIONAL_NUMBER, code_numbers, code_texts, components,
                         division_of, nearest_year, select_rows, source_table, value_from_components)
from .config import CROSSWALK_FILE, NATIONAL_CODE, NATIONAL_NAME
from .harmonise import harmonise, load_crosswalk
from .keys import distinct_rows, first_rows
from .levels import LEVELS, STORED_ORDER  # noqa: F401 - LEVELS re-exported through monitor.build
from .regions import Regions
from .snapshot import Snapshot

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
    existing = distinct_rows(gm, ["dataset", "region_code", "period"])
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
    best = first_rows(harmonised[complete].sort_values("prio"), ["indicator", "code", "year"])
    main_rows = harmonised.merge(chosen[["indicator", "year", "prio"]], on=["indicator", "year", "prio"])
    picked = first_rows(pd.concat([best, main_rows]), ["indicator", "code", "year"])
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
    """Leave values outside their indicator's ``valid_range`` missing, with the reason.

    ``frame["indicator"]`` holds positions in ``indicators``. Returns ``frame`` itself when every
    value is in range, else a changed copy.
    """
    bounds = np.array([[-np.inf if low is None else low, np.inf if high is None else high]
                       for low, high in (ind.valid_range for ind in indicators)], dtype="float64").reshape(-1, 2)
    number = frame["indicator"].to_numpy("int64")
    values = frame["value"].to_numpy("float64")
    with np.errstate(invalid="ignore"):
        outside = (values < bounds[number, 0]) | (values > bounds[number, 1])  # NaN is never outside
    if not outside.any():
        return frame
    frame = frame.copy()
    index = frame.index[outside]
    frame.loc[index, "reason"] = [REASON_OUT_OF_RANGE.format(value=_dutch_number(v), range=indicators[n].range_text)
                                  for v, n in zip(values[outside], number[outside])]
    for column in ("value", "a", "b"):
        if column in frame.columns:
            frame.loc[index, column] = np.nan
    return frame


def population_tables(ctx: Context) -> tuple[dict, pd.DataFrame]:
    """Inhabitants per gemeente and year for weights, ratios and coverage.

    Returns
    -------
    tables : dict
        ``{"own": …, "2025": …}``, each a DataFrame ``code`` (number; 0 = Nederland), ``year``,
        ``population``: the ``bevolking`` indicator's source figures in the gemeente division of
        each year, and the same harmonised to the 2025 division.
    values : DataFrame
        The ``bevolking`` indicator itself at every level (see :func:`compute_values`), so that it
        is computed once.
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
    return {DIVISION_OWN: own, DIVISION_2025: y2025}, values


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
    population, bevolking = population_tables(ctx)
    plain = [i for i in catalogue.indicators if i.aggregation != "change" and i.id != "bevolking"]
    values = pd.concat([bevolking, compute_values(plain, ctx, population)], ignore_index=True)
    changes = [compute_change(i, values[values["indicator"] == i.change.of])
               for i in catalogue.indicators if i.aggregation == "change"]
    values = pd.concat([values, *changes], ignore_index=True)
    names = {**ctx.snapshot.gemeente_names(), **ctx.regions.names(), NATIONAL_CODE: NATIONAL_NAME}
    for _, level_names in ctx.extra_levels.values():  # COROP and programme names
        names.update(level_names)
    values["name"] = values["code"].map(names)
    values["nl_source"] = values["nl_source"].where(values["level"] == "nederland")
    values = add_comparison(values[VALUE_COLUMNS], catalogue)
    order = {ind_id: i for i, ind_id in enumerate(catalogue.ids())}
    # Stored order: catalogue, year, level, code; one row per key, so any sort gives the same rows.
    position = np.lexsort((pd.factorize(values["code"], sort=True)[0], values["level"].map(STORED_ORDER).to_numpy(),
                           values["year"].to_numpy(), values["indicator"].map(order).to_numpy()))
    values = values.take(position).reset_index(drop=True)
    for column in ("indicator", "level", "code", "name", "dataset", "nl_source", "verdict", "reason", "note"):
        values[column] = values[column].astype("string")
    values["year"] = values["year"].astype("int64")
    return values
