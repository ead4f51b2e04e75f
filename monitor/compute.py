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

from .aggregate import MEAN_RULES, AreaValues, aggregate, membership
from .areas import extra_levels
from .catalogue import Catalogue, Indicator
from .compare import add_comparison
from .components import (DIVISION_2025, DIVISION_OWN, NATIONAL_NUMBER, code_numbers, code_texts, components,
                         division_of, select_rows, source_table)
from .config import CROSSWALK_FILE, NATIONAL_CODE, NATIONAL_NAME
from .gemeente_grid import GemeenteGrid, IndicatorYears, gemeente_grid
from .harmonise import harmonise, load_crosswalk
from .keys import distinct_rows
from .levels import LEVELS, STORED_ORDER  # noqa: F401 - LEVELS re-exported through monitor.build
from .regions import Regions
from .nearest_year import fill_nearest_year
from .snapshot import Snapshot
from .texts import NONE, Texts
from .value_rules import REASON_NO_DATA, REASON_OUT_OF_RANGE, refuse_out_of_range, value_from_sums  # noqa: F401

NL_SOURCE_CBS = "CBS"
NL_SOURCE_COMPUTED = "berekend"
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
    for level, (members, names) in extra_levels(snapshot.root, regions, sorted(snapshot.gemeente_names())).items():
        ctx.extra_levels[level] = (members.assign(code=code_numbers(members["code"])), names)
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

    texts = Texts()
    years = IndicatorYears.from_chosen(chosen, texts, len(indicators))
    source_dataset = np.full((len(indicators), int(sources["prio"].max()) + 1 if len(sources) else 1), NONE)
    source_dataset[sources["indicator"].to_numpy("int64"), sources["prio"].to_numpy("int64")] = texts.codes(sources["dataset"])
    grid = gemeente_grid(harmonised, years, np.array(ctx.gemeenten, dtype="int64"), source_dataset, indicators, texts)
    rule = lambda f: np.array([f(ind) for ind in indicators])[years.indicator]  # noqa: E731 - one value per grid row
    is_sum, is_mean = rule(lambda i: i.aggregation == "sum"), rule(lambda i: i.aggregation in MEAN_RULES)
    min_coverage = rule(lambda i: i.min_coverage).astype("float64")
    inhabitants = _population_cells(grid, population, number.get("bevolking"))
    levels = {"regio": membership(ctx.membership_regions["group"], ctx.membership_regions["code"], grid, texts),
              "nederland": membership(ctx.membership_nl["group"], ctx.membership_nl["code"], grid, texts)}
    for level, (members, _) in ctx.extra_levels.items():
        levels[level] = membership(members["group"], members["code"], grid, texts)
    areas = {level: aggregate(grid, m, inhabitants, is_sum, is_mean, min_coverage, texts) for level, m in levels.items()}
    nl_source = _national_source(areas["nederland"], comps, chosen, years, is_sum, indicators, texts)
    for values in areas.values():
        refuse_out_of_range(years.indicator[:, None], values.value, values.reason, indicators, texts)

    n_rows, n_gm = grid.value.shape
    note = np.where(grid.other_weight_year > 0, texts.code(NOTE_OTHER_WEIGHT_YEAR), NONE)
    parts = [pd.DataFrame({
        "indicator": np.repeat(years.indicator, n_gm), "level": "gemeente",
        "code": np.tile(code_texts(grid.codes), n_rows), "year": np.repeat(years.year, n_gm),
        "value": grid.value.reshape(-1), "coverage": (~np.isnan(grid.value)).astype(float).reshape(-1),
        "dataset": texts.decode(grid.dataset.reshape(-1)), "nl_source": None,
        "reason": texts.decode(grid.reason.reshape(-1)), "note": texts.decode(note.reshape(-1))})]
    for level, values in areas.items():
        n_areas = len(values.areas)
        parts.append(pd.DataFrame({
            "indicator": np.repeat(years.indicator, n_areas), "level": level,
            "code": texts.decode(np.tile(values.areas, n_rows)), "year": np.repeat(years.year, n_areas),
            "value": values.value.reshape(-1), "coverage": values.coverage.reshape(-1),
            "dataset": texts.decode(np.repeat(years.dataset, n_areas)),
            "nl_source": texts.decode(np.repeat(nl_source, n_areas)) if level == "nederland" else None,
            "reason": texts.decode(values.reason.reshape(-1)), "note": texts.decode(values.note.reshape(-1))}))
    out = pd.concat(parts, ignore_index=True)
    out["indicator"] = np.array([ind.id for ind in indicators], dtype=object)[out["indicator"].to_numpy("int64")]
    return out


def _population_cells(grid: GemeenteGrid, population: dict | None, bevolking: int | None) -> np.ndarray:
    """Inhabitants of every grid cell (gemeente, year of the row), from the nearest year that has a figure."""
    rows = grid.rows
    if population is None:
        own = rows.indicator == bevolking
        codes, years, counts = (np.tile(grid.codes, int(own.sum())), np.repeat(rows.year[own], len(grid.codes)),
                                grid.value[own].reshape(-1))
    else:
        table = population[DIVISION_2025]
        codes, years, counts = (table["code"].to_numpy("int64"), table["year"].to_numpy("int64"),
                                table["population"].to_numpy("float64"))
    first = int(min(rows.year.min(initial=rows.first_year), years.min(initial=rows.first_year)))
    last = int(max(rows.year.max(initial=rows.first_year), years.max(initial=rows.first_year)))
    dense = np.full((len(grid.codes), last - first + 1), np.nan)
    column = grid.positions(codes)
    known = (column >= 0) & ~np.isnan(counts)
    dense[column[known], years[known] - first] = counts[known]
    filled, _ = fill_nearest_year(dense)
    return filled[:, rows.year - first].T


def _national_source(national: AreaValues, comps: pd.DataFrame, chosen: pd.DataFrame, years: IndicatorYears,
                     is_sum: np.ndarray, indicators: list[Indicator], texts: Texts) -> np.ndarray:
    """Put CBS's own national figure in place of the computed one where there is one; in place.

    Returns the ``nl_source`` text code per grid row. For medians the computed figure stays (a
    weighted mean of gemeente medians, comparable with the regions) and CBS's median goes in the note.
    """
    cbs = comps[comps["code"] == NATIONAL_NUMBER]
    row = years.index(cbs["indicator"].to_numpy("int64"), cbs["year"].to_numpy("int64"))
    main = (row >= 0) & (cbs["prio"].to_numpy("int64") == years.prio[np.maximum(row, 0)])
    cbs_value = np.full(len(years), np.nan)
    cbs_value[row[main]] = value_from_sums(is_sum[row[main]], cbs["a"].to_numpy("float64")[main],
                                           cbs["b"].to_numpy("float64")[main])
    median = np.array([ind.median for ind in indicators], dtype=bool)[years.indicator]
    own = ~np.isnan(cbs_value) & ~median
    national.value[own, 0] = cbs_value[own]
    national.coverage[own, 0] = 1.0
    national.reason[own, 0] = NONE
    national.note[own, 0] = NONE
    for r in np.flatnonzero(median & ~np.isnan(cbs_value)).tolist():
        national.note[r, 0] = texts.code(NOTE_MEDIAN.format(value=_dutch_number(cbs_value[r])))
    return np.where(own, texts.code(NL_SOURCE_CBS), texts.code(NL_SOURCE_COMPUTED))


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
