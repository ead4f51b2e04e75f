"""The source register ``indicators/sources.yaml``: where each snapshot dataset comes from."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import yaml

from ..config import INDICATOR_DIR
from .errors import IngestError

DEFAULT_REGISTER = INDICATOR_DIR / "sources.yaml"
SOURCES = {"cbs_odata", "carry_over"}
MEASURE_FIELDS = ("measure", "numerator", "denominator", "weight", "gemeente_measure", "add", "bounds",
                  "implied_denominator")


@dataclass(frozen=True)
class TableUnit:
    """One CBS table of a dataset.

    ``year`` is set for tables without a period dimension (all figures belong to that year, e.g.
    Kerncijfers wijken en buurten); ``periods`` lists the years to take from a table with one.
    ``name`` and ``filters`` let one table serve as several units, each with its own fixed
    dimension categories (e.g. the Gezondheidsmonitor per age group); a measure picks its unit with
    ``table: <name>`` (several units may share a name: a series split over two CBS tables).
    ``period_suffix`` completes a year to CBS's period code: ``JJ00`` (whole year, the default),
    ``HJ01`` (first half year), ``MM12`` (December), ...
    """

    table: str
    year: str | None = None
    periods: tuple[str, ...] = ()
    role: str = "main"
    name: str | None = None
    filters: tuple = ()
    period_suffix: str = "JJ00"

    def filter_rules(self) -> dict:
        """This unit's own fixed-dimension rules (``{dimension: {code|title: ...}}``)."""
        return dict(self.filters)


@dataclass(frozen=True)
class MeasureSpec:
    """How to find one snapshot measure in a CBS table (see the header of sources.yaml)."""

    measure: str
    key: str | None = None
    alt_keys: tuple[str, ...] = ()
    path: str | None = None
    titles: tuple[str, ...] = ()
    table: str | None = None
    scale: float | None = None
    unit: str | None = None
    extra: dict = field(default_factory=dict, hash=False, compare=False)


@dataclass(frozen=True)
class DatasetSpec:
    """One snapshot dataset and its live source."""

    dataset: str
    source: str
    title_nl: str
    measures: tuple[MeasureSpec, ...]
    tables: tuple[TableUnit, ...] = ()
    region_dimension: str = "RegioS"
    period_dimension: str | None = None
    source_national_code: str = "NL01"
    filters: dict = field(default_factory=dict, hash=False, compare=False)
    publisher: str = "CBS"
    license: str = "CC BY 4.0"
    reference_date: str = ""
    gemeente_indeling: str = ""
    citation: str = ""
    verified: str = ""
    notes: str = ""
    live_source: str = ""

    def units_for(self, measure: MeasureSpec) -> list[TableUnit]:
        """Return the table units a measure is taken from."""
        if measure.table:
            return [u for u in self.tables if measure.table in (u.table, u.name)]
        return [u for u in self.tables if u.role == "main"]


@dataclass(frozen=True)
class BoundarySpec:
    """Where the gemeente boundaries come from (PDOK WFS)."""

    wfs_url: str
    layer: str
    code_field: str = "statcode"
    name_field: str = "statnaam"
    year: int = 2025
    license: str = "CC BY 4.0"
    citation: str = "Bron: CBS/Kadaster"


@dataclass(frozen=True)
class Register:
    """The parsed source register."""

    path: Path
    datasets: dict[str, DatasetSpec]
    boundaries: BoundarySpec
    catalog_url: str = "opendata.cbs.nl"


def _fail(path: Path, where: str, problem: str) -> IngestError:
    return IngestError(f"{path}: {where}: {problem}. Fix the source register (see its header).")


def _texts(value, path: Path, where: str) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, (str, int)):
        return (str(value),)
    if isinstance(value, list):
        return tuple(str(v) for v in value)
    raise _fail(path, where, f"expected a text or a list, got {value!r}")


def _measure(path: Path, dataset: str, measure: str, raw) -> MeasureSpec:
    where = f"datasets.{dataset}.measures.{measure!r}"
    if not isinstance(raw, dict):
        raise _fail(path, where, "expected a mapping")
    known = {"key", "alt_keys", "path", "titles", "table", "scale", "unit"}
    spec = MeasureSpec(
        measure=measure,
        key=raw.get("key"),
        alt_keys=_texts(raw.get("alt_keys"), path, where),
        path=raw.get("path"),
        titles=_texts(raw.get("titles"), path, where),
        table=raw.get("table"),
        scale=float(raw["scale"]) if raw.get("scale") is not None else None,
        unit=raw.get("unit"),
        extra={k: v for k, v in raw.items() if k not in known},
    )
    return spec


def _units(path: Path, dataset: str, raw) -> tuple[TableUnit, ...]:
    where = f"datasets.{dataset}.tables"
    if not isinstance(raw, list) or not raw:
        raise _fail(path, where, "a cbs_odata dataset needs a non-empty list of tables")
    units = []
    for item in raw:
        if not isinstance(item, dict) or "table" not in item:
            raise _fail(path, where, f"each entry needs 'table', got {item!r}")
        year = str(item["year"]) if item.get("year") is not None else None
        periods = _texts(item.get("periods"), path, where)
        if (year is None) == (not periods):
            raise _fail(path, where, f"{item['table']}: give either 'year' or 'periods'")
        unit_filters = item.get("filters") or {}
        for dim, rule in unit_filters.items():
            if not isinstance(rule, dict) or not ({"code", "title"} & set(rule)):
                raise _fail(path, f"{where}.{item['table']}.filters.{dim}", "needs {code: ...} or {title: ...}")
        units.append(TableUnit(str(item["table"]), year, periods, str(item.get("role", "main")),
                               str(item["name"]) if item.get("name") else None,
                               tuple((str(d), dict(r)) for d, r in unit_filters.items()),
                               str(item.get("period_suffix", "JJ00"))))
    return tuple(units)


def _dataset(path: Path, dataset: str, raw, defaults: dict) -> DatasetSpec:
    where = f"datasets.{dataset}"
    if not isinstance(raw, dict):
        raise _fail(path, where, "expected a mapping")
    source = raw.get("source")
    if source not in SOURCES:
        raise _fail(path, where, f"source must be one of {sorted(SOURCES)}, got {source!r}")
    measures_raw = raw.get("measures")
    if not isinstance(measures_raw, dict) or not measures_raw:
        raise _fail(path, where, "needs a non-empty 'measures' mapping")
    measures = tuple(_measure(path, dataset, str(m), spec) for m, spec in measures_raw.items())
    units: tuple[TableUnit, ...] = ()
    if source == "cbs_odata":
        units = _units(path, dataset, raw.get("tables"))
        tables = {u.table for u in units} | {u.name for u in units if u.name}
        for m in measures:
            if not (m.key or m.path or m.titles):
                raise _fail(path, f"{where}.measures.{m.measure!r}", "needs key, path or titles")
            if m.table and m.table not in tables:
                raise _fail(path, f"{where}.measures.{m.measure!r}", f"table {m.table} is not in 'tables'")
        if any(u.periods for u in units) and not raw.get("period_dimension"):
            raise _fail(path, where, "tables with 'periods' need 'period_dimension'")
    filters = raw.get("filters") or {}
    for dim, rule in filters.items():
        if not isinstance(rule, dict) or not ({"code", "title"} & set(rule)):
            raise _fail(path, f"{where}.filters.{dim}", "needs {code: ...} or {title: ...}")
    return DatasetSpec(
        dataset=dataset,
        source=source,
        title_nl=str(raw.get("title_nl", dataset)),
        measures=measures,
        tables=units,
        region_dimension=str(raw.get("region_dimension", "RegioS")),
        period_dimension=raw.get("period_dimension"),
        source_national_code=str(raw.get("source_national_code", "NL01")),
        filters=filters,
        publisher=str(raw.get("publisher", defaults.get("publisher", "CBS"))),
        license=str(raw.get("license", defaults.get("license", "CC BY 4.0"))),
        reference_date=str(raw.get("reference_date", "")),
        gemeente_indeling=str(raw.get("gemeente_indeling", "")),
        citation=str(raw.get("citation", "")),
        verified=str(raw.get("verified", "")),
        notes=str(raw.get("notes", "")),
        live_source=str(raw.get("live_source", "")),
    )


def load_register(path: Path | str = DEFAULT_REGISTER) -> Register:
    """Read and validate the source register.

    Parameters
    ----------
    path
        The YAML file (default ``indicators/sources.yaml``).

    Returns
    -------
    Register

    Raises
    ------
    IngestError
        If the file is missing, not YAML, or an entry is incomplete (the message names it).
    """
    path = Path(path)
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise IngestError(f"Source register not found: {path}.") from exc
    except yaml.YAMLError as exc:
        raise IngestError(f"{path} is not valid YAML: {exc}") from exc
    if not isinstance(raw, dict) or not isinstance(raw.get("datasets"), dict):
        raise _fail(path, "top level", "needs a 'datasets' mapping")
    defaults = raw.get("defaults") or {}
    datasets = {str(k): _dataset(path, str(k), v, defaults) for k, v in raw["datasets"].items()}
    b = raw.get("boundaries")
    if not isinstance(b, dict) or not b.get("wfs_url") or not b.get("layer"):
        raise _fail(path, "boundaries", "needs wfs_url and layer")
    boundaries = BoundarySpec(
        wfs_url=str(b["wfs_url"]),
        layer=str(b["layer"]),
        code_field=str(b.get("code_field", "statcode")),
        name_field=str(b.get("name_field", "statnaam")),
        year=int(b.get("year", 2025)),
        license=str(b.get("license", "CC BY 4.0")),
        citation=str(b.get("citation", "Bron: CBS/Kadaster")),
    )
    return Register(path, datasets, boundaries, str(defaults.get("odata_catalog", "opendata.cbs.nl")))


def catalogue_pairs(indicator_dir: Path = INDICATOR_DIR) -> set[tuple[str, str]]:
    """Collect the (dataset, measure) pairs the indicator catalogue refers to.

    In every mapping with a ``dataset`` key anywhere in ``indicators/*.yaml`` (except this
    register), the measure ids under ``measure``, ``numerator``, ``denominator`` and ``weight``
    count, so the check does not depend on the rest of the catalogue's schema.
    """
    pairs: set[tuple[str, str]] = set()

    def walk(node) -> None:
        if isinstance(node, dict):
            if isinstance(node.get("dataset"), str):
                for field_name in MEASURE_FIELDS:
                    value = node.get(field_name)
                    dataset = node["dataset"]
                    if field_name == "weight" and isinstance(node.get("weight_dataset"), str):
                        dataset = node["weight_dataset"]
                    if field_name == "denominator" and isinstance(node.get("denominator_dataset"), str):
                        dataset = node["denominator_dataset"]
                    for measure in [value] if isinstance(value, str) else (value or []):
                        if isinstance(measure, str):
                            pairs.add((dataset, measure))
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    for file in sorted(Path(indicator_dir).glob("*.y*ml")):
        if file.name.startswith("sources."):
            continue
        try:
            walk(yaml.safe_load(file.read_text(encoding="utf-8")))
        except yaml.YAMLError:
            continue  # the catalogue loader reports broken theme files itself
    return pairs
