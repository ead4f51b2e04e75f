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
KIND_SUM = "sum"          # factor × value
KIND_WEIGHTED = "weighted"  # factor × value weighted by a measure of the same dataset
KIND_POPULATION = "population"  # factor × value weighted by inhabitants of that year


def source_table(indicators: list[Indicator]) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Describe the catalogue's sources as two tables.

    Returns
    -------
    sources : DataFrame
        One row per (indicator, prio): ``dataset``, ``kind``, ``factor``, ``n_num``, ``n_den``,
        ``years`` (tuple or None), ``aggregation``.
    measures : DataFrame
        One row per measure a source reads: ``indicator``, ``prio``, ``dataset``, ``measure``,
        ``role`` (num, den, value, weight) and ``primary`` (the measure that decides which years
        a source covers).
    """
    sources, measures = [], []
    for ind in indicators:
        for prio, src in enumerate(ind.sources):
            if src.is_ratio:
                kind = KIND_RATIO
                roles = [(m, "num") for m in src.numerator] + [(m, "den") for m in src.denominator]
            elif ind.aggregation == "sum":
                kind, roles = KIND_SUM, [(src.measure, "value")]
            elif src.weight:
                kind, roles = KIND_WEIGHTED, [(src.measure, "value"), (src.weight, "weight")]
            else:
                kind, roles = KIND_POPULATION, [(src.measure, "value")]
            sources.append({
                "indicator": ind.id, "prio": prio, "dataset": src.dataset, "kind": kind,
                "factor": src.factor, "aggregation": ind.aggregation,
                "n_num": len(src.numerator or []), "n_den": len(src.denominator or []),
                "years": tuple(src.years) if src.years else None,
            })
            for i, (measure, role) in enumerate(roles):
                measures.append({"indicator": ind.id, "prio": prio, "dataset": src.dataset,
                                 "measure": measure, "role": role, "primary": i == 0})
    return pd.DataFrame(sources), pd.DataFrame(measures)


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
    texts = np.char.add("GM", np.char.zfill(numbers.astype(str), 4)).astype(object)
    texts[numbers == NATIONAL_NUMBER] = NATIONAL_CODE
    return texts


def select_rows(observations: pd.DataFrame, sources: pd.DataFrame, measures: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Pick, per indicator and year, the first source with gemeente data, and its observations.

    Joins run on integer keys (category codes of dataset and measure, numeric region codes):
    this is the hot path of a build.

    Returns
    -------
    rows : DataFrame
        The observations used: ``indicator``, ``prio``, ``role``, ``code`` (number, see
        :func:`code_numbers`), ``year``, ``value``.
    chosen : DataFrame
        ``indicator``, ``year``, ``prio``, ``dataset``: the source behind each indicator-year.
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
        rows = rows[~limited | rows["allowed"].eq(True)].drop(columns="allowed")
    covered = rows[rows["primary"] & (rows["code"] != NATIONAL_NUMBER)][["indicator", "prio", "year"]].drop_duplicates()
    chosen = covered.sort_values("prio").drop_duplicates(["indicator", "year"])
    chosen = chosen.merge(sources[["indicator", "prio", "dataset"]], on=["indicator", "prio"])
    rows = rows.merge(chosen[["indicator", "prio", "year"]], on=["indicator", "prio", "year"], how="inner")
    return rows[["indicator", "prio", "role", "code", "year", "value"]], chosen


def components(rows: pd.DataFrame, chosen: pd.DataFrame, sources: pd.DataFrame,
               population: pd.DataFrame | None) -> pd.DataFrame:
    """Additive components ``a``, ``b`` per indicator, code (dataset's own) and year.

    Parameters
    ----------
    rows, chosen
        From :func:`select_rows`.
    sources
        From :func:`source_table`.
    population
        ``code``, ``year``, ``population`` (inhabitants, 2025 division, every year needed) for
        sources of kind ``population``; ``NL01`` is CBS's own figure and gets weight 1.

    Returns
    -------
    DataFrame
        ``indicator``, ``code``, ``year``, ``a``, ``b`` (NaN where the value cannot be formed).
    """
    grouped = rows.groupby(["indicator", "code", "year", "role"], observed=True)["value"].agg(["sum", "count"])
    wide = grouped.unstack("role")
    wide.columns = [f"{role}_{stat}" for stat, role in wide.columns]
    for role in ("num", "den", "value", "weight"):
        for stat in ("sum", "count"):
            if f"{role}_{stat}" not in wide.columns:
                wide[f"{role}_{stat}"] = np.nan
    wide = wide.reset_index().merge(chosen[["indicator", "year", "prio"]], on=["indicator", "year"])
    wide = wide.merge(sources[["indicator", "prio", "kind", "factor", "n_num", "n_den", "aggregation"]],
                      on=["indicator", "prio"])
    if population is not None:
        wide = wide.merge(population, on=["code", "year"], how="left")
    else:
        wide["population"] = np.nan
    wide.loc[wide["code"] == NATIONAL_NUMBER, "population"] = 1.0
    kind = wide["kind"]
    factor = wide["factor"]
    value = wide["value_sum"].where(wide["value_count"] > 0)
    num = wide["num_sum"].where(wide["num_count"] == wide["n_num"])
    den = wide["den_sum"].where(wide["den_count"] == wide["n_den"])
    weight = wide["weight_sum"].where(wide["weight_count"] > 0)
    pop = wide["population"]
    a = np.select(
        [kind == KIND_RATIO, kind == KIND_SUM, kind == KIND_WEIGHTED, kind == KIND_POPULATION],
        [factor * num, factor * value, factor * value * weight, factor * value * pop],
        default=np.nan,
    )
    b = np.select(
        [kind == KIND_RATIO, kind == KIND_WEIGHTED, kind == KIND_POPULATION],
        [den, weight, pop],
        default=np.nan,
    )
    out = wide[["indicator", "code", "year"]].copy()
    out["a"] = a
    out["b"] = b
    incomplete = (kind != KIND_SUM) & (out["a"].isna() | out["b"].isna() | (out["b"] == 0))
    out.loc[incomplete, ["a", "b"]] = np.nan
    return out


def value_from_components(aggregation, a: pd.Series, b: pd.Series) -> pd.Series:
    """The value from (summed) components: ``a`` for sums, ``a / b`` otherwise.

    ``aggregation`` is one rule for all rows, or a Series of rules aligned with ``a``.
    """
    is_sum = (pd.Series(aggregation, index=a.index) == "sum") if not isinstance(aggregation, str) \
        else pd.Series(aggregation == "sum", index=a.index)
    ratio = (a / b).where(b != 0)
    return a.where(is_sum, ratio).astype("float64")
