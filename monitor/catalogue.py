"""The indicator catalogue: ``indicators/<theme>.yaml`` files, validated with pydantic.

Each theme file holds ``theme`` (id), ``title`` (Dutch) and a list of ``indicators``. An
indicator says what it measures (title, description, unit), which way is better
(``direction``), which NPVR goal it serves, where its figures come from per year
(``sources``, in order of preference) and how gemeente figures add up to regions and Nederland
(``aggregation``). See ``indicators/README.md`` for the field-by-field description.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from .config import INDICATOR_DIR
from .errors import CatalogueError, UnknownKeyError

NON_CATALOGUE_FILES = {"sources.yaml", "report.yaml", "unpublished.yaml", "dataset_notes.yaml"}
"""YAML files in ``indicators/`` that are not theme files (live-ingest source register, report
selection, the register of source measures that are never published, the Dutch notes per dataset)."""
UNPUBLISHED_FILE = "unpublished.yaml"
DATASET_NOTES_FILE = "dataset_notes.yaml"

GOALS = {
    1: "Veilige en leefbare regio's",
    2: "Duurzame en toegankelijke voorzieningen",
    3: "Een gezonde en kansrijke toekomst",
}
AGGREGATIONS = {
    "sum": "aantallen opgeteld",
    "ratio": "verhouding van opgetelde tellers en noemers",
    "weighted_mean": "gemiddelde gewogen naar inwoners",
    "survey_mean": "gemiddelde van gemeenten met een waarde, gewogen naar inwoners (met dekkingsgraad)",
    "area_mean": "gemiddelde gewogen naar oppervlakte",
    "change": "verschil met de waarde van eerder jaar, per gebied",
}
_SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml when available: 10x faster
ID_PATTERN = re.compile(r"^[a-z][a-z0-9]*(_[a-z0-9]+)*$")


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Source(_Strict):
    """Where an indicator's gemeente figures come from for some years.

    Exactly one of ``measure`` or ``numerator``+``denominator`` is given. ``weight`` names a
    measure used as weight for means (or, in a ratio indicator, the denominator a published
    share refers to), of the same dataset or of ``weight_dataset``; without it, means are
    weighted by inhabitants of that year in the dataset's own gemeente division.
    ``denominator_population: true`` makes the inhabitants of that year the denominator of a
    ratio (e.g. crimes per 1 000 inhabitants). ``gemeente_measure`` names the value CBS
    publishes per gemeente (e.g. a percentage computed by CBS from unrounded counts): it is
    shown for single gemeenten, while regions and Nederland come from the summed numerator and
    denominator. ``factor`` scales numerator/denominator ratios (100 for a percentage, 1000 for
    per 1 000) and single measures (e.g. 1000 for "x 1 000"). ``nl_rounding`` is the step to which
    the source rounds its national row (80305NED: 0.1 km); where it is at least the indicator's
    ``tolerance``, Nederland is computed from the gemeenten like the regions and CBS's figure goes
    in the note (a verdict must not flip on CBS's rounding).
    ``denominator_dataset`` reads the denominator from another dataset in the same gemeente
    division (solar installations of CBS 85005NED per dwelling of CBS 82900NED). ``add`` names
    published values of the same dataset that are added to ``measure`` before weighting (the
    shares of the 1st and 2nd national 10%-groups); a gemeente lacking any of them has no value.
    ``bounds`` names the measures of CBS's lower and upper 95 % bound of ``measure`` (the
    Gezondheidsmonitor 2022): see :mod:`monitor.compute.uncertainty`. ``implied_denominator`` names the
    published share (× ``factor``) of the numerator where the denominator itself is not published
    (young people with jeugdzorg): denominator = numerator × ``factor`` / share, so that regions are
    ratios of sums and a gemeente's value is the published share.
    """

    dataset: str
    years: list[int] | None = None
    measure: str | None = None
    numerator: list[str] | None = None
    denominator: list[str] | None = None
    denominator_population: bool = False
    weight: str | None = None
    weight_dataset: str | None = None
    gemeente_measure: str | None = None
    denominator_dataset: str | None = None
    add: list[str] | None = None
    bounds: tuple[str, str] | None = None
    implied_denominator: str | None = None
    factor: float = 1.0
    note: str | None = None
    nl_rounding: float | None = Field(default=None, gt=0)

    @model_validator(mode="after")
    def _one_form(self) -> Source:
        has_denominator = bool(self.denominator) or self.denominator_population or bool(self.implied_denominator)
        ratio = (self.numerator is not None or self.denominator is not None or self.denominator_population
                 or self.implied_denominator is not None)
        if ratio and (not self.numerator or not has_denominator):
            raise ValueError("a ratio source needs a numerator and a denominator (or denominator_population)")
        if sum(map(bool, (self.denominator, self.denominator_population, self.implied_denominator))) > 1:
            raise ValueError("give one of 'denominator', 'denominator_population' or 'implied_denominator'")
        if ratio == (self.measure is not None):
            raise ValueError("give either 'measure' or 'numerator'+'denominator', not both or neither")
        if self.weight_dataset and not self.weight:
            raise ValueError("'weight_dataset' needs 'weight'")
        if self.gemeente_measure and not ratio:
            raise ValueError("'gemeente_measure' is only for numerator/denominator sources")
        if self.denominator_dataset and not self.denominator:
            raise ValueError("'denominator_dataset' needs 'denominator'")
        if (self.add or self.bounds) and self.measure is None:
            raise ValueError("'add' and 'bounds' are only for sources with a 'measure'")
        return self

    @property
    def is_ratio(self) -> bool:
        return self.numerator is not None

    def measures(self) -> list[str]:
        """All measures this source reads (value, numerator, denominator, weight)."""
        names = [self.measure, *(self.add or [])] if self.measure else [*self.numerator]
        if self.denominator and not self.denominator_dataset:
            names += self.denominator
        names += [self.gemeente_measure] if self.gemeente_measure else []
        names += [self.implied_denominator] if self.implied_denominator else []
        names += list(self.bounds or [])
        return names + ([self.weight] if self.weight and not self.weight_dataset else [])

    def references(self) -> list[tuple[str, str]]:
        """Every ``(dataset, measure)`` this source reads, the weight's own dataset included."""
        refs = [(self.dataset, name) for name in self.measures()]
        if self.weight_dataset:
            refs.append((self.weight_dataset, self.weight))
        if self.denominator_dataset:
            refs += [(self.denominator_dataset, name) for name in self.denominator]
        return refs


class Change(_Strict):
    """For ``aggregation: change``: the difference of another indicator over ``span`` years."""

    of: str
    span: int = Field(gt=0)


class Placeholder(_Strict):
    """A source value that is a placeholder of the source, not a measurement (e.g. a floor).

    A gemeente value within ``1e-4`` of ``value`` is not published: it is missing with ``reason``
    and does not enter any aggregate.
    """

    value: float
    reason: str = Field(min_length=20)


class SeriesBreak(_Strict):
    """A known break in an indicator's series: values from ``year`` on are not comparable with before."""

    year: int
    note: str = Field(min_length=10)

    @property
    def text(self) -> str:
        """``"<year>: <note>"``, as shown and exported; a note that already opens with ``"<year>:"`` keeps it once."""
        return self.note if self.note.startswith(f"{self.year}:") else f"{self.year}: {self.note}"


class Indicator(_Strict):
    """One indicator of the catalogue.

    ``valid_range`` is ``[lowest, highest]`` a published value may take (``null`` for no bound):
    a source value outside it is not published and is listed with the reason.

    ``index`` says whether the indicator has an index (Nederland = 100). It is meaningless where the
    national value can be near zero or change sign — balances (natural increase, migration, growth)
    and changes: Zuid-Limburg's natural increase 2020 would be index −3,394,939 against Nederland's
    0.0002 per 1 000. Default: no index for ``change`` and for an indicator whose ``valid_range``
    allows negative values, an index otherwise; ``index: true`` is refused for those.
    """

    id: str
    title: str = Field(min_length=3)
    description: str = Field(min_length=10)
    unit: str = Field(min_length=1)
    direction: Literal["higher", "lower", "neutral"]
    direction_reason: str = Field(min_length=10)
    goal: Literal[1, 2, 3]
    aggregation: Literal["sum", "ratio", "weighted_mean", "survey_mean", "area_mean", "change"]
    valid_range: tuple[float | None, float | None]
    median: bool = False
    tolerance: float = Field(ge=0)
    decimals: int = Field(default=1, ge=0, le=4)
    min_coverage: float = Field(default=0.95, gt=0, le=1)
    sources: list[Source] = Field(default_factory=list)
    change: Change | None = None
    theme: str = ""
    note: str | None = None
    breaks: list[SeriesBreak] = Field(default_factory=list)
    placeholders: list[Placeholder] = Field(default_factory=list)
    kernset: bool = False
    index: bool | None = None

    @field_validator("id")
    @classmethod
    def _snake_case(cls, value: str) -> str:
        if not ID_PATTERN.match(value):
            raise ValueError(f"id {value!r} is not Dutch snake_case (a-z, 0-9, _)")
        return value

    @model_validator(mode="after")
    def _consistent(self) -> Indicator:
        if self.aggregation == "change":
            if self.change is None or self.sources:
                raise ValueError("aggregation 'change' needs 'change' and no 'sources'")
            return self
        if self.change is not None:
            raise ValueError("'change' is only for aggregation 'change'")
        if not self.sources:
            raise ValueError("at least one source is needed")
        for source in self.sources:
            if self.aggregation == "ratio" and not (source.is_ratio or source.weight):
                raise ValueError(
                    f"aggregation 'ratio' needs numerator/denominator, or a share 'measure' with the "
                    f"'weight' it is a share of (dataset {source.dataset})"
                )
            if self.aggregation != "ratio" and source.is_ratio:
                raise ValueError(f"numerator/denominator only fit aggregation 'ratio' (dataset {source.dataset})")
            if self.aggregation == "sum" and source.weight:
                raise ValueError("aggregation 'sum' takes no weight")
            if self.aggregation == "area_mean" and not source.weight:
                raise ValueError(f"aggregation 'area_mean' needs an area measure as 'weight' (dataset {source.dataset})")
        low, high = self.valid_range
        if low is not None and high is not None and low >= high:
            raise ValueError(f"valid_range {list(self.valid_range)}: the lower bound must be below the upper bound")
        if self.index and not self._index_possible:
            raise ValueError("'index: true' for a change or a balance that can be negative: an index (Nederland = "
                             "100) is meaningless where the national value can be near zero or change sign")
        return self

    @property
    def _index_possible(self) -> bool:
        low = self.valid_range[0]
        return self.aggregation != "change" and low is not None and low >= 0

    @property
    def has_index(self) -> bool:
        """Whether an index (Nederland = 100) is published for this indicator (see the class doc)."""
        return self._index_possible if self.index is None else bool(self.index)

    def in_range(self, values):
        """Boolean mask (numpy/pandas) of values inside ``valid_range`` (missing values count as inside)."""
        low, high = self.valid_range
        inside = values == values  # NaN is not judged here
        if low is not None:
            inside = inside & (values >= low)
        if high is not None:
            inside = inside & (values <= high)
        return inside | (values != values)

    @property
    def range_text(self) -> str:
        """The valid range in Dutch, e.g. ``0 tot en met 100``."""
        low, high = self.valid_range

        def fmt(x):
            return f"{x:g}".replace(".", ",")
        if low is not None and high is not None:
            return f"{fmt(low)} tot en met {fmt(high)}"
        if low is not None:
            return f"{fmt(low)} of meer"
        return f"{fmt(high)} of minder" if high is not None else "onbeperkt"

    @property
    def aggregation_text(self) -> str:
        """The aggregation rule in Dutch, for tables and the app."""
        return AGGREGATIONS[self.aggregation]

    @property
    def goal_text(self) -> str:
        return GOALS[self.goal]

    def datasets(self) -> list[str]:
        return list(dict.fromkeys(s.dataset for s in self.sources))


class Theme(_Strict):
    """A theme file: an id, a Dutch title and its indicators."""

    theme: str
    title: str
    indicators: list[Indicator]


@dataclass(frozen=True)
class Catalogue:
    """All indicators, in file and list order, with their themes."""

    themes: tuple[Theme, ...]

    @property
    def indicators(self) -> list[Indicator]:
        return [ind for theme in self.themes for ind in theme.indicators]

    def ids(self) -> list[str]:
        return [ind.id for ind in self.indicators]

    def kernset_ids(self) -> list[str]:
        """The core set (``kernset: true``): per theme a few indicators that measure different things.

        The stacking, its heatmap and the meeting slide count these only, so that one phenomenon
        (density: every distance and count within km; the age structure: births, natural increase)
        is not counted many times; the full set stays available as detail. A catalogue that marks
        none (e.g. a test catalogue) has every indicator in its core set.
        """
        marked = [ind.id for ind in self.indicators if ind.kernset]
        return marked or self.ids()

    def get(self, indicator_id: str) -> Indicator:
        """Return one indicator; raise UnknownKeyError naming the valid ids if absent."""
        for ind in self.indicators:
            if ind.id == indicator_id:
                return ind
        raise UnknownKeyError(
            f"Unknown indicator {indicator_id!r}. Known indicators: {', '.join(self.ids())}."
        )

    def theme_title(self, theme_id: str) -> str:
        for theme in self.themes:
            if theme.theme == theme_id:
                return theme.title
        raise UnknownKeyError(f"Unknown theme {theme_id!r}.")

    def in_dependency_order(self) -> list[Indicator]:
        """Indicators ordered so that weights (``bevolking``) and change bases come first."""
        first = [i for i in self.indicators if i.id == "bevolking"]
        plain = [i for i in self.indicators if i.aggregation != "change" and i.id != "bevolking"]
        changes = [i for i in self.indicators if i.aggregation == "change"]
        return first + plain + changes


def _format_validation(path: Path, exc: ValidationError, data: dict) -> str:
    lines = []
    for err in exc.errors():
        loc = list(err["loc"])
        where = ".".join(str(p) for p in loc)
        if len(loc) >= 2 and loc[0] == "indicators" and isinstance(loc[1], int):
            try:
                where = f"indicator {data['indicators'][loc[1]].get('id', loc[1])!r}: " + ".".join(str(p) for p in loc[2:])
            except (KeyError, IndexError, AttributeError, TypeError):
                pass
        lines.append(f"  - {where}: {err['msg']}")
    return f"{path} is not a valid theme file:\n" + "\n".join(lines)


def load_catalogue(directory: Path = INDICATOR_DIR) -> Catalogue:
    """Read and validate every theme file in ``directory``.

    Raises
    ------
    CatalogueError
        On a YAML syntax error, a schema violation (listing each problem with the indicator id),
        a duplicate id, or a ``change`` that refers to an unknown indicator.
    """
    files = sorted(p for p in Path(directory).glob("*.yaml") if p.name not in NON_CATALOGUE_FILES)
    if not files:
        raise CatalogueError(f"No indicator files (*.yaml) in {directory}.")
    themes = []
    for path in files:
        try:
            data = yaml.load(path.read_text(encoding="utf-8"), Loader=_SAFE_LOADER)
        except yaml.YAMLError as exc:
            raise CatalogueError(f"{path} is not valid YAML: {exc}") from exc
        if not isinstance(data, dict):
            raise CatalogueError(f"{path} must hold a mapping with 'theme', 'title' and 'indicators'.")
        try:
            theme = Theme.model_validate(data)
        except ValidationError as exc:
            raise CatalogueError(_format_validation(path, exc, data)) from exc
        themes.append(theme.model_copy(update={
            "indicators": [i.model_copy(update={"theme": theme.theme}) for i in theme.indicators]
        }))
    catalogue = Catalogue(tuple(themes))
    ids = catalogue.ids()
    duplicates = sorted({i for i in ids if ids.count(i) > 1})
    if duplicates:
        raise CatalogueError(f"Indicator id(s) used more than once in {directory}: {', '.join(duplicates)}.")
    for ind in catalogue.indicators:
        if ind.change and ind.change.of not in ids:
            raise CatalogueError(f"Indicator {ind.id!r} is the change of unknown indicator {ind.change.of!r}.")
        if ind.change and catalogue.get(ind.change.of).aggregation == "change":
            raise CatalogueError(f"Indicator {ind.id!r}: a change of a change is not supported.")
    if "bevolking" not in ids:
        raise CatalogueError("The catalogue needs an indicator 'bevolking': it weights means and coverage.")
    blocked = unpublished_measures(directory)
    for ind in catalogue.indicators:
        for source in ind.sources:
            for ref in source.references():
                if ref in blocked:
                    raise CatalogueError(
                        f"Indicator {ind.id!r} reads {ref[1]!r} of {ref[0]!r}, which must not be published "
                        f"({blocked[ref]}); see {Path(directory) / UNPUBLISHED_FILE}.")
    return catalogue


def unpublished_measures(directory: Path = INDICATOR_DIR) -> dict[tuple[str, str], str]:
    """``{(dataset, measure): reason}`` of the source measures the monitor never publishes.

    Read from ``indicators/unpublished.yaml``; an absent file means none.
    """
    path = Path(directory) / UNPUBLISHED_FILE
    if not path.is_file():
        return {}
    try:
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=_SAFE_LOADER) or {}
        return {(str(m["dataset"]), str(m["measure"])): " ".join(str(m["reason"]).split())
                for m in data.get("measures", [])}
    except (yaml.YAMLError, KeyError, TypeError, AttributeError) as exc:
        raise CatalogueError(f"{path} is not a valid register of unpublished measures: {exc}") from exc


def dataset_notes(directory: Path = INDICATOR_DIR) -> dict[str, str]:
    """``{dataset: note}``: a short Dutch note per snapshot dataset, shown before the snapshot's English one.

    Read from ``indicators/dataset_notes.yaml`` (written from the snapshot README, not machine-translated);
    an absent file means none.
    """
    path = Path(directory) / DATASET_NOTES_FILE
    if not path.is_file():
        return {}
    try:
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=_SAFE_LOADER) or {}
        return {str(k): " ".join(str(v).split()) for k, v in (data.get("notes") or {}).items()}
    except (yaml.YAMLError, TypeError, AttributeError) as exc:
        raise CatalogueError(f"{path} is not a valid list of dataset notes: {exc}") from exc


def check_against_snapshot(catalogue: Catalogue, measures) -> list[str]:
    """List catalogue references that the snapshot does not have.

    Parameters
    ----------
    catalogue
        The loaded catalogue.
    measures
        The snapshot's ``measures.csv`` as a DataFrame (columns ``dataset``, ``measure``).

    Returns
    -------
    list of str
        One line per unknown dataset or measure, naming the indicator; empty if all resolve.
    """
    known = set(zip(measures["dataset"], measures["measure"]))
    datasets = set(measures["dataset"])
    problems = []
    for ind in catalogue.indicators:
        for source in ind.sources:
            if source.dataset not in datasets:
                problems.append(f"{ind.id}: unknown dataset {source.dataset!r}")
                continue
            for dataset, name in source.references():
                if (dataset, name) not in known:
                    problems.append(f"{ind.id}: unknown measure {name!r} in dataset {dataset!r}")
    return problems
