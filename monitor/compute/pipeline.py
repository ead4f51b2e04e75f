"""The computation: snapshot observations → indicator values of every area and year.

Harmonise gemeente figures onto the 2025 division, aggregate them to regions, COROP regions,
the programme areas and Nederland, refuse values outside their valid range, and add the
comparison with Nederland. :mod:`monitor.compute.build` runs it and writes the result.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from .aggregate import MEAN_RULES, AreaValues, aggregate, membership
from ..areas import extra_levels
from ..catalogue import Catalogue, Indicator
from .change import compute_change
from .compare import VERDICTS, comparison
from .components import (DIVISION_2025, DIVISION_OWN, NATIONAL_NUMBER, code_numbers, code_texts, components,
                         division_of, source_table)
from ..config import CROSSWALK_FILE, NATIONAL_CODE, NATIONAL_NAME
from .corop_accounts import corop_only, corop_rows, region_corop_match
from .gemeente_grid import GemeenteGrid, IndicatorYears, gemeente_grid
from .harmonise import harmonise, load_crosswalk
from .keys import lexsort_order
from ..levels import LEVELS, STORED_ORDER
from ..regions import Regions
from .nearest_year import fill_nearest_year
from ..snapshot import Snapshot
from .source_grid import SourceGrid, main_sources, source_grid
from .texts import NONE, Texts
from .uncertainty import NOTE_WITHIN, interval_verdict, survey_intervals
from .value_rules import (NL_SOURCE_CBS, NL_SOURCE_COMPUTED, dutch_number,
                          refuse_out_of_range, value_from_sums)  # noqa: F401 - constants re-exported
from .value_table import CodedValues, concat, take

NOTE_OTHER_WEIGHT_YEAR = "gewogen met inwoners of oppervlakte van het dichtstbijzijnde jaar (dit jaar ontbreekt)"
NOTE_ROUNDED_NATIONAL = ("landelijk cijfer op dezelfde manier berekend als de regio's (uit de gemeenten), omdat CBS "
                         "het landelijke cijfer afrondt op {step} en de marge voor 'gelijk' {tolerance} is; het "
                         "landelijke cijfer van CBS is {value}")
NOTE_MEDIAN = ("landelijk cijfer op dezelfde manier berekend als de regio's (gewogen gemiddelde van "
               "gemeentelijke medianen), zodat het vergelijkbaar is; de landelijke mediaan van CBS is {value}")
VALUE_COLUMNS = ["indicator", "level", "code", "name", "year", "value", "coverage",
                 "dataset", "nl_source", "reason", "note"]
INTERVAL_COLUMNS = ["lower_95", "upper_95"]
"""CBS's 95 % bounds, or the interval computed from them (:mod:`monitor.compute.uncertainty`); NaN elsewhere."""


@dataclass
class Context:
    """What the computation needs, prepared once per build."""

    catalogue: Catalogue
    regions: Regions
    snapshot: Snapshot
    crosswalk: pd.DataFrame
    gemeenten: list[int]
    membership_regions: pd.DataFrame
    membership_nl: pd.DataFrame
    divisions: dict
    # Extra area levels: {level: (membership group/code as numbers, {group: name})}.
    extra_levels: dict = field(default_factory=dict)


def make_context(snapshot: Snapshot, catalogue: Catalogue, regions: Regions,
                 crosswalk_path: Path = CROSSWALK_FILE) -> Context:
    """Prepare the memberships, the crosswalk and the division of every dataset."""
    # Region codes are numbers inside the computation (see components.code_numbers).
    gemeenten = code_numbers(sorted(snapshot.gemeente_names()))
    membership_regions = pd.DataFrame({"group": regions.table["region_id"].astype(object).to_numpy(),
                                       "code": code_numbers(regions.table["gemeente_code"])})
    membership_nl = pd.DataFrame({"group": NATIONAL_CODE, "code": gemeenten})
    crosswalk = load_crosswalk(crosswalk_path)
    crosswalk = crosswalk.assign(old_code=code_numbers(crosswalk["old_code"]), code_2025=code_numbers(crosswalk["code_2025"]))
    divisions = {row.dataset: division_of(row.gemeente_indeling) for row in snapshot.datasets.itertuples()}
    ctx = Context(catalogue, regions, snapshot, crosswalk, list(gemeenten), membership_regions,
                  membership_nl, divisions)
    # COROP regions and the programme as a whole, aggregated by the same rules as the regions.
    for level, (members, names) in extra_levels(snapshot.root, regions, sorted(snapshot.gemeente_names())).items():
        ctx.extra_levels[level] = (members.assign(code=code_numbers(members["code"])), names)
    return ctx


@dataclass
class Sources:
    """The sources of every (non-change) indicator and their observations, read once per build.

    Attributes
    ----------
    indicators
        The indicators; ``indicator`` columns hold positions in this list.
    table
        From :func:`monitor.compute.components.source_table` with ``division``.
    grid
        The :class:`monitor.compute.source_grid.SourceGrid` of their measures.
    chosen
        The main source per indicator-year (:func:`monitor.compute.source_grid.main_sources`).
    position
        Each indicator's position in the catalogue.
    """

    indicators: list
    table: pd.DataFrame
    grid: SourceGrid
    chosen: pd.DataFrame
    position: np.ndarray


def read_sources(indicators: list[Indicator], ctx: Context) -> Sources:
    """Read the observations of all sources of ``indicators`` at once."""
    table, measures = source_table(indicators)
    number = {ind.id: i for i, ind in enumerate(indicators)}
    table["indicator"] = table["indicator"].map(number)
    measures["indicator"] = measures["indicator"].map(number)
    table["division"] = table["dataset"].map(ctx.divisions).fillna(DIVISION_OWN)
    grid = source_grid(ctx.snapshot.observations, table, measures)
    catalogue = {ind_id: i for i, ind_id in enumerate(ctx.catalogue.ids())}
    position = np.array([catalogue[ind.id] for ind in indicators], dtype="int64")
    return Sources(indicators, table, grid, main_sources(grid, table), position)


def compute_values(which: list[int], sources: Sources, ctx: Context, population: dict | None, texts: Texts) -> dict:
    """Values of (non-change) indicators for gemeenten, regions and Nederland, every year.

    Parameters
    ----------
    which
        Positions in ``sources.indicators`` of the indicators to compute.
    sources
        From :func:`read_sources`.
    ctx
        From :func:`make_context`.
    population
        From :func:`population_tables`: inhabitants per code and year on the source grid, in the
        division of that year (``own``) and in the 2025 division (``2025``), for weights,
        per-inhabitant ratios and coverage; None while computing ``bevolking`` itself.
    texts
        The vocabulary of the build's texts.

    Returns
    -------
    dict
        The columns of :data:`VALUE_COLUMNS` except ``name`` as arrays: ``indicator`` (position in
        the catalogue), ``level`` (position in :data:`~monitor.levels.LEVELS`), texts as codes of ``texts``.
    """
    indicators, table, sgrid = sources.indicators, sources.table, sources.grid
    chosen = sources.chosen[sources.chosen["indicator"].isin(which)]
    mine = np.flatnonzero(table["indicator"].isin(which).to_numpy())
    comps = components(sgrid, table, mine, population)
    gemeenten = np.array(ctx.gemeenten, dtype="int64")
    harmonised = harmonise(comps, sgrid, mine, ctx.crosswalk, gemeenten, texts)
    source_of = np.full((len(indicators), int(table["prio"].max()) + 1), -1, dtype="int64")
    source_of[table["indicator"].to_numpy("int64")[mine], table["prio"].to_numpy("int64")[mine]] = np.arange(len(mine))
    years = IndicatorYears.from_chosen(chosen, texts)
    grid = gemeente_grid(harmonised, years, gemeenten, source_of, sgrid.first_year,
                         texts.codes(table["dataset"].to_numpy(object)[mine]), indicators, texts)
    rule = lambda f: np.array([f(ind) for ind in indicators])[years.indicator]  # noqa: E731 - one value per grid row
    is_sum, is_mean = rule(lambda i: i.aggregation == "sum"), rule(lambda i: i.aggregation in MEAN_RULES)
    min_coverage = rule(lambda i: i.min_coverage).astype("float64")
    if population is None:
        inhabitants = _own_population_cells(grid, [i for i, ind in enumerate(indicators) if ind.id == "bevolking"])
    else:
        filled = population[DIVISION_2025][0]
        column = sgrid.code_positions(gemeenten)
        inhabitants = np.where(column[None, :] >= 0, filled[column][:, years.year - sgrid.first_year].T, np.nan)
    inhabitants = _area_for_coverage(inhabitants, years, indicators, sources, mine, source_of, gemeenten)
    levels = {"regio": membership(ctx.membership_regions["group"], ctx.membership_regions["code"], grid, texts),
              "nederland": membership(ctx.membership_nl["group"], ctx.membership_nl["code"], grid, texts)}
    for level, (members, _) in ctx.extra_levels.items():
        levels[level] = membership(members["group"], members["code"], grid, texts)
    is_area = rule(lambda i: i.aggregation == "area_mean")
    areas = {level: aggregate(grid, m, inhabitants, is_sum, is_mean, min_coverage, texts, is_area)
             for level, m in levels.items()}
    national = sgrid.code_positions([NATIONAL_NUMBER])[0]
    main = source_of[years.indicator, years.prio]
    cbs_a, cbs_b, cbs_own = (part[main, national, years.year - sgrid.first_year] if national >= 0
                             else np.full(len(years), np.nan) for part in (comps.a, comps.b, comps.published))
    # CBS's own national figure where it publishes one (crimes per 1 000 in 2010-2011, when the
    # inhabitants of that year are not in the snapshot); else CBS's national components.
    cbs_value = np.where(np.isnan(cbs_own), value_from_sums(is_sum, cbs_a, cbs_b), cbs_own)
    rounding = (table["nl_rounding"].to_numpy("float64")[mine][main] if "nl_rounding" in table
                else np.full(len(main), np.nan))
    nl_source = _national_source(areas["nederland"], cbs_value, years, indicators, texts, rounding)
    for values in areas.values():
        refuse_out_of_range(years.indicator[:, None], values.value, values.reason, indicators, texts)

    note = np.where(grid.other_weight_year > 0, texts.code(NOTE_OTHER_WEIGHT_YEAR), NONE)
    parts = [_level_rows(years, "gemeente", texts.codes(code_texts(grid.codes)), grid.value,
                         (~np.isnan(grid.value)).astype(float), grid.dataset, np.full(grid.value.shape, NONE),
                         grid.reason, note, sources.position)]
    for level, v in areas.items():
        n_areas = len(v.areas)
        source_code = nl_source[:, None] if level == "nederland" else NONE
        parts.append(_level_rows(years, level, v.areas, v.value, v.coverage, np.repeat(years.dataset[:, None], n_areas, axis=1),
                                 np.broadcast_to(source_code, v.value.shape), v.reason, v.note, sources.position))
    return concat(parts)


def _area_for_coverage(inhabitants: np.ndarray, years: IndicatorYears, indicators: list[Indicator], sources: Sources,
                       mine: np.ndarray, source_of: np.ndarray, gemeenten: np.ndarray) -> np.ndarray:
    """The basis of the coverage per grid cell: inhabitants, but for ``area_mean`` rows the area weight.

    The coverage of a share of land (or an amount per km² of land) is the share of the land area
    with a value, not of the inhabitants: an island with few inhabitants is a large part of the land.
    The area is the source's own weight (e.g. ``OppervlakteLand_123``) of the nearest year.
    """
    area_rows = np.flatnonzero(np.array([indicators[i].aggregation == "area_mean" for i in years.indicator.tolist()],
                                        dtype=bool))
    if not len(area_rows):
        return inhabitants
    out = np.array(inhabitants, dtype="float64", copy=True)
    sgrid = sources.grid
    column = sgrid.code_positions(gemeenten)
    for r in area_rows.tolist():
        table_row = int(mine[source_of[years.indicator[r], years.prio[r]]])
        area, _ = fill_nearest_year(sgrid.role(table_row, "weight", restricted=False)[0])
        year = years.year[r] - sgrid.first_year
        out[r] = np.where(column >= 0, area[column, year], np.nan)
    return out


def _level_rows(years: IndicatorYears, level: str, areas: np.ndarray, value, coverage, dataset, nl_source, reason, note,
                position: np.ndarray) -> dict:
    """One level's grids (indicator-years × areas) as table columns."""
    n_rows, n_areas = value.shape
    return {"indicator": np.repeat(position[years.indicator], n_areas),
            "level": np.full(n_rows * n_areas, STORED_ORDER[level], dtype="int64"),
            "code": np.tile(areas, n_rows), "year": np.repeat(years.year, n_areas),
            "value": value.reshape(-1), "coverage": coverage.reshape(-1), "dataset": dataset.reshape(-1),
            "nl_source": np.asarray(nl_source).reshape(-1), "reason": reason.reshape(-1), "note": note.reshape(-1)}


def _own_population_cells(grid: GemeenteGrid, bevolking: list[int]) -> np.ndarray:
    """Inhabitants of every grid cell from the grid's own ``bevolking`` rows (nearest year with a figure)."""
    rows = grid.rows
    own = np.isin(rows.indicator, bevolking)
    dense = np.full((len(grid.codes), rows.span), np.nan)
    dense[:, rows.year[own] - rows.first_year] = grid.value[own].T
    filled, _ = fill_nearest_year(dense)
    return filled[:, rows.year - rows.first_year].T


def _national_source(national: AreaValues, cbs_value: np.ndarray, years: IndicatorYears,
                     indicators: list[Indicator], texts: Texts, rounding: np.ndarray | None = None) -> np.ndarray:
    """Put CBS's own national figure in place of the computed one where there is one; in place.

    Returns the ``nl_source`` text code per grid row. For medians the computed figure stays (a
    weighted mean of gemeente medians, comparable with the regions) and CBS's median goes in the note;
    so does it where the main source rounds its national row (``rounding``, per row) to a step of at
    least the indicator's tolerance: like is compared with like, not with CBS's rounding.
    """
    median = np.array([ind.median for ind in indicators], dtype=bool)[years.indicator]
    tolerance = np.array([ind.tolerance for ind in indicators], dtype="float64")[years.indicator]
    rounding = np.full(len(median), np.nan) if rounding is None else rounding
    with np.errstate(invalid="ignore"):
        coarse = ~np.isnan(rounding) & (rounding >= tolerance - 1e-12) & ~np.isnan(national.value[:, 0])
    own = ~np.isnan(cbs_value) & ~median & ~coarse
    national.value[own, 0] = cbs_value[own]
    national.coverage[own, 0] = 1.0
    national.reason[own, 0] = NONE
    national.note[own, 0] = NONE
    for r in np.flatnonzero(median & ~np.isnan(cbs_value)).tolist():
        national.note[r, 0] = texts.code(NOTE_MEDIAN.format(value=dutch_number(cbs_value[r])))
    for r in np.flatnonzero(coarse & ~median & ~np.isnan(cbs_value)).tolist():
        national.note[r, 0] = texts.code(NOTE_ROUNDED_NATIONAL.format(
            step=f"{rounding[r]:g}".replace(".", ","), tolerance=f"{tolerance[r]:g}".replace(".", ","),
            value=f"{cbs_value[r]:g}".replace(".", ",")))
    return np.where(own, texts.code(NL_SOURCE_CBS), texts.code(NL_SOURCE_COMPUTED))


def population_tables(sources: Sources, ctx: Context, texts: Texts) -> tuple[dict, dict]:
    """Inhabitants per code and year for weights, ratios and coverage.

    Returns
    -------
    tables : dict
        ``{"own": …, "2025": …}``, each ``(inhabitants, year position)`` on the source grid's
        axes (codes × years; 0 = Nederland), a year without a figure filled from the nearest year
        that has one (see :func:`monitor.compute.nearest_year.fill_nearest_year`): the ``bevolking``
        indicator's source figures in the gemeente division of each year, and the same harmonised
        to the 2025 division (its computed gemeente and national values).
    values : dict
        The ``bevolking`` indicator itself at every level (see :func:`compute_values`), so that it
        is computed once.
    """
    sgrid, chosen = sources.grid, sources.chosen
    number = [i for i, ind in enumerate(sources.indicators) if ind.id == "bevolking"]
    own = np.full(sgrid.measures.shape[1:], np.nan)
    for source, year in zip(*(chosen.loc[chosen["indicator"].isin(number), c].to_numpy("int64") for c in ("source", "year"))):
        y = year - sgrid.first_year
        own[:, y] = sgrid.role(source, "value")[0][:, y]
    values = compute_values(number, sources, ctx, None, texts)
    known = ~np.isnan(values["value"]) & np.isin(values["level"], [STORED_ORDER["gemeente"], STORED_ORDER["nederland"]])
    codes, row = np.unique(values["code"][known], return_inverse=True)  # each code text converted once
    y2025 = np.full(sgrid.measures.shape[1:], np.nan)
    column = sgrid.code_positions(code_numbers([texts.texts[c] for c in codes.tolist()]))[row.reshape(-1)]
    found = column >= 0
    y2025[column[found], values["year"][known][found] - sgrid.first_year] = values["value"][known][found]
    return {DIVISION_OWN: fill_nearest_year(own), DIVISION_2025: fill_nearest_year(y2025)}, values


def compute_all(ctx: Context) -> CodedValues:
    """Compute every indicator of the catalogue and add the comparison with Nederland.

    Returns
    -------
    CodedValues
        The values table in its stored order (catalogue, year, level, code), columns
        :data:`VALUE_COLUMNS` and those of :func:`monitor.compute.compare.comparison`.
    """
    catalogue, texts = ctx.catalogue, Texts()
    sources = read_sources([i for i in catalogue.indicators if i.aggregation != "change"], ctx)
    population, bevolking = population_tables(sources, ctx, texts)
    others = [n for n, ind in enumerate(sources.indicators) if ind.id != "bevolking"]
    values = concat([bevolking, compute_values(others, sources, ctx, population, texts)])
    values = concat([values, *_corop_only_values(values, ctx, texts)])
    position = {ind_id: i for i, ind_id in enumerate(catalogue.ids())}
    changes = [compute_change(ind, position[ind.id], values, position[ind.change.of], texts)
               for ind in catalogue.indicators if ind.aggregation == "change"]
    values = concat([values, *changes])
    names = {**ctx.snapshot.gemeente_names(), **ctx.regions.names(), NATIONAL_CODE: NATIONAL_NAME}
    for _, level_names in ctx.extra_levels.values():  # COROP and programme names
        names.update(level_names)
    vocabulary = list(texts.texts)
    values["name"] = np.array([texts.code(names.get(t)) for t in vocabulary] + [NONE])[values["code"]]
    national = values["level"] == STORED_ORDER["nederland"]
    values["nl_source"] = np.where(national, values["nl_source"], NONE)
    found = comparison(values["indicator"], national, values["level"] == STORED_ORDER["regio"], values["year"],
                       values["value"], values["coverage"], catalogue)
    values.update(found)
    _add_intervals(values, found["verdict"], sources, population, ctx, texts)
    values["verdict"] = np.array([texts.code(v) for v in VERDICTS] + [NONE])[found["verdict"]]
    # Stored order: catalogue, year, level, code; one row per key, so any sort gives the same rows.
    code_rank = np.full(len(texts.texts) + 1, len(texts.texts), dtype="int64")
    code_rank[np.argsort(np.array(texts.texts, dtype=object), kind="stable")] = np.arange(len(texts.texts))
    order = lexsort_order([values["indicator"], values["year"], values["level"], code_rank[values["code"]]])
    values["indicator"] = np.array([texts.code(i) for i in catalogue.ids()], dtype="int64")[values["indicator"]]
    values["level"] = np.array([texts.code(level) for level in LEVELS], dtype="int64")[values["level"]]
    columns = [*VALUE_COLUMNS, "nl_value", "diff", "index", "verdict", "rank", *INTERVAL_COLUMNS]
    return CodedValues(take({c: values[c] for c in columns}, order), texts)


def _corop_only_values(values: dict, ctx: Context, texts: Texts) -> list[dict]:
    """The rows of indicators published per COROP area only (:mod:`monitor.compute.corop_accounts`)."""
    corop_obs = ctx.snapshot.corop_observations
    datasets = set(corop_obs["dataset"].astype(str)) if len(corop_obs) else set()
    indicators = [(i, ind) for i, ind in enumerate(ctx.catalogue.indicators) if corop_only(ind, datasets)]
    if not indicators or "corop" not in ctx.extra_levels:
        return []
    members, names = ctx.extra_levels["corop"]
    corop = pd.DataFrame({"gemeente_code": code_texts(members["code"]), "corop_code": members["group"].astype(str),
                          "corop_name": members["group"].map(names).astype(str)})
    gemeente = values["level"] == STORED_ORDER["gemeente"]
    bevolking = gemeente & (values["indicator"] == ctx.catalogue.ids().index("bevolking"))
    newest = bevolking & (values["year"] == values["year"][bevolking].max())
    population = pd.Series(values["value"][newest], index=[texts.texts[c] for c in values["code"][newest].tolist()])
    match = region_corop_match(ctx.regions.table[["region_id", "gemeente_code"]], corop, population)
    gemeenten = sorted(ctx.snapshot.gemeente_names())
    parts = []
    for position, ind in indicators:
        rows = corop_rows(ind, corop_obs, match, dict(names), gemeenten, NATIONAL_CODE)
        parts.append({"indicator": np.full(len(rows), position, dtype="int64"),
                      "level": rows["level"].map(STORED_ORDER).to_numpy("int64"),
                      "code": texts.codes(rows["code"]), "year": rows["year"].to_numpy("int64"),
                      "value": rows["value"].to_numpy("float64"), "coverage": rows["coverage"].to_numpy("float64"),
                      **{c: texts.codes(rows[c]) for c in ("dataset", "nl_source", "reason", "note")}})
    return parts


def _add_intervals(values: dict, verdict: np.ndarray, sources: Sources, population: dict, ctx: Context,
                   texts: Texts) -> None:
    """Add :data:`INTERVAL_COLUMNS` and let survey verdicts respect them (in place; see :mod:`monitor.compute.uncertainty`).

    ``values`` still holds catalogue positions (``indicator``) and level positions (``level``).
    """
    n = len(values["value"])
    values["lower_95"], values["upper_95"] = np.full(n, np.nan), np.full(n, np.nan)
    catalogue = ctx.catalogue
    bounded = [i for i, ind in enumerate(catalogue.indicators) if any(s.bounds for s in ind.sources)]
    rows = np.flatnonzero(np.isin(values["indicator"], bounded))
    if not len(rows):
        return
    vocabulary = np.array([*texts.texts, None], dtype=object)
    frame = pd.DataFrame({"indicator": np.array(catalogue.ids(), dtype=object)[values["indicator"][rows]],
                          "level": np.array(LEVELS, dtype=object)[values["level"][rows]],
                          "code": vocabulary[values["code"][rows]], "year": values["year"][rows],
                          "value": values["value"][rows], "nl_source": vocabulary[values["nl_source"][rows]]},
                         index=rows)
    sgrid, (own, _) = sources.grid, population[DIVISION_OWN]

    def weight_of(codes, year):
        column = sgrid.code_positions(code_numbers(codes))
        y = year - sgrid.first_year
        found = (column >= 0) & (0 <= y < own.shape[1])
        return pd.Series(np.where(found, own[np.maximum(column, 0), min(max(y, 0), own.shape[1] - 1)], np.nan),
                         index=list(codes))

    as_text = lambda m: pd.DataFrame({"group": m["group"].astype(str).to_numpy(),  # noqa: E731
                                      "code": code_texts(m["code"])})
    memberships = {"regio": as_text(ctx.membership_regions), "nederland": as_text(ctx.membership_nl)}
    for level, (members, _) in ctx.extra_levels.items():
        memberships[level] = as_text(members)
    crosswalk = ctx.crosswalk.assign(old_code=code_texts(ctx.crosswalk["old_code"]),
                                     code_2025=code_texts(ctx.crosswalk["code_2025"]))
    found = survey_intervals(catalogue, ctx.snapshot.observations, crosswalk, weight_of, frame, memberships)
    if found.empty:
        return
    at = found.index.to_numpy("int64")
    values["lower_95"][at], values["upper_95"][at] = found["lower_95"].to_numpy(), found["upper_95"].to_numpy()
    direction = np.array([ind.direction for ind in catalogue.indicators], dtype=object)
    national = values["level"] == STORED_ORDER["nederland"]
    notes = values["note"]
    # Python numbers read once (reading one numpy element at a time cost more than the verdicts).
    per_row = zip(at.tolist(), found["note"].tolist(), national[at].tolist(), values["lower_95"][at].tolist(),
                  values["upper_95"][at].tolist(), values["nl_value"][at].tolist(),
                  direction[values["indicator"][at]].tolist())
    for row, note, is_national, lower, upper, nl_value, kind in per_row:
        text = note
        if not is_national and verdict[row] >= 0:
            new, within = interval_verdict(lower, upper, nl_value, kind, VERDICTS[verdict[row]])
            verdict[row] = VERDICTS.index(new)
            text = f"{NOTE_WITHIN}; {note}" if within else note
        old = texts.texts[notes[row]] if notes[row] != NONE else None
        notes[row] = texts.code(f"{old}; {text}" if old else text)
