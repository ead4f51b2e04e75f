"""Turn snapshot observations into additive components per indicator, gemeente and year.

Every indicator value is ``a`` (for ``sum``) or ``a / b`` (for the other rules), where ``a`` and
``b`` can be added up over gemeenten: counts, numerators and denominators, or value × weight and
weight. Harmonising to the 2025 division and aggregating to regions are then one and the same
operation: a (share-weighted) sum of components. All indicators are processed at once, in a few
vectorised steps, so that a build takes well under a second.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from .catalogue import Indicator
from .config import NATIONAL_CODE

NATIONAL_NUMBER = 0
"""``NL01`` as a number (see :func:`code_numbers`)."""
KIND_RATIO = "ratio"      # factor × Σ numerator / Σ denominator
KIND_RATIO_POPULATION = "ratio_population"  # factor × Σ numerator / inhabitants of that year
KIND_SUM = "sum"          # factor × value
KIND_WEIGHTED = "weighted"  # factor × value weighted by a measure (of the same or another dataset)
KIND_POPULATION = "population"  # factor × value weighted by inhabitants of that year
POPULATION_KINDS = (KIND_POPULATION, KIND_RATIO_POPULATION)
DIVISION_OWN = "own"
"""The dataset's codes are those of the gemeente division of the figure's own year."""
DIVISION_2025 = "2025"
"""The dataset's codes are those of the 2025 division (2024 has the same 342 gemeenten)."""


def source_table(indicators: list[Indicator]) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Describe the catalogue's sources as two tables.

    Returns
    -------
    sources : DataFrame
        One row per (indicator, prio): ``dataset``, ``kind``, ``factor``, ``n_num``, ``n_den``,
        ``years`` (tuple or None), ``aggregation``.
    measures : DataFrame
        One row per measure a source reads: ``indicator``, ``prio``, ``dataset``, ``measure``,
        ``role`` (num, den, value, weight, published) and ``primary`` (the measure that decides
        which years a source covers).
    """
    sources, measures = [], []
    for ind in indicators:
        for prio, src in enumerate(ind.sources):
            weight_dataset = src.weight_dataset or src.dataset
            if src.is_ratio:
                kind = KIND_RATIO_POPULATION if src.denominator_population else KIND_RATIO
                roles = [(m, "num", src.dataset) for m in src.numerator]
                roles += [(m, "den", src.dataset) for m in src.denominator or []]
                if src.gemeente_measure:
                    roles.append((src.gemeente_measure, "published", src.dataset))
            elif ind.aggregation == "sum":
                kind, roles = KIND_SUM, [(src.measure, "value", src.dataset)]
            elif src.weight:
                kind, roles = KIND_WEIGHTED, [(src.measure, "value", src.dataset), (src.weight, "weight", weight_dataset)]
            else:
                kind, roles = KIND_POPULATION, [(src.measure, "value", src.dataset)]
            sources.append({
                "indicator": ind.id, "prio": prio, "dataset": src.dataset, "kind": kind,
                "factor": src.factor, "aggregation": ind.aggregation,
                "n_num": len(src.numerator or []), "n_den": len(src.denominator or []),
                "years": tuple(src.years) if src.years else None,
            })
            for i, (measure, role, dataset) in enumerate(roles):
                measures.append({"indicator": ind.id, "prio": prio, "dataset": dataset,
                                 "measure": measure, "role": role, "primary": i == 0})
    return pd.DataFrame(sources), pd.DataFrame(measures)


def division_of(gemeente_indeling: str) -> str:
    """Classify a ``datasets.csv`` ``gemeente_indeling`` text as :data:`DIVISION_OWN` or :data:`DIVISION_2025`.

    ``"of each year ..."`` and a single year's division for a single-year table are the division
    of the figure's own year; a fixed division of 2024 or 2025 for several years (the RMBW, CBS
    86088NED) means 2025 codes. Any other fixed division applies to its own year only.
    """
    text = str(gemeente_indeling).strip().lower()
    if text.startswith(("2024", "2025")):
        return DIVISION_2025
    return DIVISION_OWN


def code_numbers(codes) -> np.ndarray:
    """Region codes as integers, for fast joins: ``GM0014`` → 14, ``NL01`` → 0.

    Raises
    ------
    SnapshotError
        For a code that is neither ``GM`` + 4 digits nor ``NL01``, naming it.
    """
    codes = pd.Index(codes).astype(str)
    numbers = np.zeros(len(codes), dtype="int64")
    gemeente = codes.str.fullmatch(r"GM\d{4}")
    bad = ~(gemeente | (codes == NATIONAL_CODE))
    if bad.any():
        from .errors import SnapshotError

        raise SnapshotError(f"Unknown region code(s) {', '.join(codes[bad][:5])}: expected GM#### or {NATIONAL_CODE}.")
    numbers[gemeente] = codes[gemeente].str[2:].astype("int64")
    return numbers


def code_texts(numbers) -> np.ndarray:
    """The inverse of :func:`code_numbers`."""
    numbers = np.asarray(numbers, dtype="int64")
    distinct, position = np.unique(numbers, return_inverse=True)  # format each code once
    texts = np.array([NATIONAL_CODE if n == NATIONAL_NUMBER else f"GM{n:04d}" for n in distinct.tolist()], dtype=object)
    return texts[position.reshape(-1)]


def select_rows(observations: pd.DataFrame, sources: pd.DataFrame,
                measures: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """Pick the sources per indicator and year, and their observations.

    Per indicator and year the first source (lowest ``prio``) with gemeente data is the main
    source: its dataset labels the year and its national row is CBS's figure. Lower-priority
    sources with data for the same year are kept as well, to fill single gemeenten that the main
    source lacks. Joins run on integer keys (category codes of dataset and measure, numeric
    region codes): this is the hot path of a build.

    Returns
    -------
    rows : DataFrame
        The observations used: ``indicator``, ``prio``, ``role``, ``code`` (number, see
        :func:`code_numbers`), ``year``, ``value``. Weight rows are kept for every year (a
        missing year's weight is taken from the nearest year).
    chosen : DataFrame
        ``indicator``, ``year``, ``prio``, ``dataset``: the main source of each indicator-year.
    candidates : DataFrame
        ``indicator``, ``year``, ``prio``, ``dataset``: every source with gemeente data in that
        year (the main one included).
    """
    datasets = observations["dataset"].cat.categories
    names = observations["measure"].cat.categories
    width = len(names) + 1
    obs = pd.DataFrame({
        "key": observations["dataset"].cat.codes.to_numpy("int64") * width + observations["measure"].cat.codes.to_numpy("int64"),
        "code": code_numbers(observations["region_code"].cat.categories)[observations["region_code"].cat.codes.to_numpy()],
        "year": observations["period"].to_numpy(),
        "value": observations["value"].to_numpy(),
    })
    spec = measures.assign(key=datasets.get_indexer(measures["dataset"]) * width + names.get_indexer(measures["measure"]))
    spec = spec[(datasets.get_indexer(spec["dataset"]) >= 0) & (names.get_indexer(spec["measure"]) >= 0)]
    rows = obs.merge(spec[["key", "indicator", "prio", "role", "primary"]], on="key", how="inner")
    restricted = sources.dropna(subset=["years"])
    if len(restricted):
        allowed = restricted[["indicator", "prio", "years"]].explode("years").rename(columns={"years": "year"})
        allowed = allowed.astype({"year": "int64"}).assign(allowed=True)
        rows = rows.merge(allowed, on=["indicator", "prio", "year"], how="left")
        limited = rows.set_index(["indicator", "prio"]).index.isin(restricted.set_index(["indicator", "prio"]).index)
        rows = rows[~limited | rows["allowed"].eq(True) | (rows["role"] == "weight")].drop(columns="allowed")
    covered = rows[rows["primary"] & (rows["code"] != NATIONAL_NUMBER)][["indicator", "prio", "year"]].drop_duplicates()
    candidates = covered.merge(sources[["indicator", "prio", "dataset"]], on=["indicator", "prio"])
    chosen = candidates.sort_values("prio").drop_duplicates(["indicator", "year"])
    weights = rows[rows["role"] == "weight"]
    rows = rows[rows["role"] != "weight"].merge(candidates[["indicator", "prio", "year"]],
                                                 on=["indicator", "prio", "year"], how="inner")
    rows = pd.concat([rows, weights], ignore_index=True)
    return rows[["indicator", "prio", "role", "code", "year", "value"]], chosen, candidates


def nearest_year(table: pd.DataFrame, wanted: pd.DataFrame, by: list[str], value: str) -> pd.DataFrame:
    """For each wanted key and year, the value of the same key in the nearest year that has one.

    Parameters
    ----------
    table
        ``*by``, ``year``, ``value`` (one row per key and year; NaN values are ignored).
    wanted
        ``*by``, ``year``.
    by
        The key columns (e.g. ``["code"]``).
    value
        The value column of ``table``.

    Returns
    -------
    DataFrame
        ``wanted`` with ``value`` and ``from_year`` (NaN where the key has no value in any year).
        On a tie the later year wins.
    """
    known = table.dropna(subset=[value])[[*by, "year", value]].rename(columns={"year": "from_year"})
    known = known.astype({"from_year": "int64"}).sort_values("from_year")
    # merge_asof's "nearest" prefers the earlier year on a tie: look forward and backward ourselves.
    ask = wanted[[*by, "year"]].drop_duplicates().astype({"year": "int64"}).sort_values("year")
    fwd = pd.merge_asof(ask, known, left_on="year", right_on="from_year", by=by, direction="forward")
    back = pd.merge_asof(ask, known, left_on="year", right_on="from_year", by=by, direction="backward")
    fwd = fwd.set_index([*by, "year"])
    back = back.set_index([*by, "year"]).reindex(fwd.index)
    use_back = fwd["from_year"].isna() | ((fwd["from_year"] - fwd.index.get_level_values("year"))
                                          > (back.index.get_level_values("year") - back["from_year"]))
    out = fwd.where(~use_back, back).reset_index()
    return wanted.merge(out, on=[*by, "year"], how="left")


def components(rows: pd.DataFrame, sources: pd.DataFrame, population: dict | None) -> pd.DataFrame:
    """Additive components ``a``, ``b`` per indicator, source, code (dataset's own) and year.

    Parameters
    ----------
    rows
        From :func:`select_rows`.
    sources
        From :func:`source_table`, with a ``division`` column (see :func:`division_of`).
    population
        ``{division: DataFrame code, year, population}`` (inhabitants per gemeente of that
        division, ``NL01`` = code 0 included) for sources weighted by or divided by inhabitants;
        None while computing ``bevolking`` itself. A year without a figure for a gemeente takes
        the nearest year's figure of that gemeente.

    Returns
    -------
    DataFrame
        ``indicator``, ``prio``, ``code``, ``year``, ``a``, ``b`` (NaN where the value cannot be
        formed), ``published`` (CBS's own gemeente value where the source names one) and
        ``weight_year`` (the year of the weight, where it differs from ``year``).
    """
    main = rows[rows["role"] != "weight"]
    grouped = main.groupby(["indicator", "prio", "code", "year", "role"], observed=True)["value"].agg(["sum", "count"])
    wide = grouped.unstack("role")
    wide.columns = [f"{role}_{stat}" for stat, role in wide.columns]
    for role in ("num", "den", "value", "published"):
        for stat in ("sum", "count"):
            if f"{role}_{stat}" not in wide.columns:
                wide[f"{role}_{stat}"] = np.nan
    wide = wide.reset_index().merge(
        sources[["indicator", "prio", "kind", "factor", "n_num", "n_den", "aggregation", "division"]],
        on=["indicator", "prio"])
    weight_rows = rows[rows["role"] == "weight"].groupby(["indicator", "prio", "code", "year"], observed=True)["value"].sum()
    weighted = wide[wide["kind"] == KIND_WEIGHTED]
    wide["weight"] = np.nan
    wide["weight_year"] = np.nan
    if len(weighted):
        filled = nearest_year(weight_rows.rename("weight").reset_index(), weighted[["indicator", "prio", "code", "year"]],
                              ["indicator", "prio", "code"], "weight")
        wide.loc[weighted.index, "weight"] = filled["weight"].to_numpy()
        wide.loc[weighted.index, "weight_year"] = filled["from_year"].to_numpy()
    wide["population"] = np.nan
    if population is not None:
        for division, table in population.items():
            part = wide[wide["kind"].isin(POPULATION_KINDS) & (wide["division"] == division)]
            if len(part):
                filled = nearest_year(table, part[["code", "year"]], ["code"], "population")
                wide.loc[part.index, "population"] = filled["population"].to_numpy()
                wide.loc[part.index, "weight_year"] = filled["from_year"].to_numpy()
    national_mean = (wide["code"] == NATIONAL_NUMBER) & (wide["kind"] == KIND_POPULATION)
    wide.loc[national_mean, ["population", "weight_year"]] = [1.0, np.nan]
    kind = wide["kind"]
    factor = wide["factor"]
    value = wide["value_sum"].where(wide["value_count"] > 0)
    num = wide["num_sum"].where(wide["num_count"] == wide["n_num"])
    den = wide["den_sum"].where(wide["den_count"] == wide["n_den"])
    weight = wide["weight"]
    pop = wide["population"]
    a = np.select(
        [kind == KIND_RATIO, kind == KIND_RATIO_POPULATION, kind == KIND_SUM, kind == KIND_WEIGHTED, kind == KIND_POPULATION],
        [factor * num, factor * num, factor * value, factor * value * weight, factor * value * pop],
        default=np.nan,
    )
    b = np.select(
        [kind == KIND_RATIO, kind == KIND_RATIO_POPULATION, kind == KIND_WEIGHTED, kind == KIND_POPULATION],
        [den, pop, weight, pop],
        default=np.nan,
    )
    out = wide[["indicator", "prio", "code", "year"]].copy()
    out["a"] = a
    out["b"] = b
    out["published"] = wide["published_sum"].where(wide["published_count"] > 0)
    # A denominator of 0 is kept: CBS rounds small counts to 0, and such a gemeente still adds
    # 0/0 to a region; its own value comes from the published figure or stays missing.
    incomplete = (kind != KIND_SUM) & (out["a"].isna() | out["b"].isna())
    out.loc[incomplete, ["a", "b"]] = np.nan
    out["weight_year"] = wide["weight_year"].where(wide["weight_year"] != wide["year"])
    return out


def value_from_components(aggregation, a: pd.Series, b: pd.Series) -> pd.Series:
    """The value from (summed) components: ``a`` for sums, ``a / b`` otherwise.

    ``aggregation`` is one rule for all rows, or a Series of rules aligned with ``a``.
    """
    is_sum = (pd.Series(aggregation, index=a.index) == "sum") if not isinstance(aggregation, str) \
        else pd.Series(aggregation == "sum", index=a.index)
    ratio = (a / b).where(b != 0)
    return a.where(is_sum, ratio).astype("float64")
