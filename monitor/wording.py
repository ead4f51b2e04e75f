"""The Dutch wording of the monitor: numbers, values, differences, verdicts, coverage, missing and old data.

One module for every text that says a figure in Dutch, so that the app, the meeting mode, the PDF
report and the exports use the same words ("106.125 inwoners", "+1,2 procentpunt", "ongunstiger
dan Nederland", "52%", "—"). It has no Streamlit in it: the app, the meeting
mode, the maps, the PDF and the exports all import it.
"""

from __future__ import annotations

import math

import pandas as pd

from .compute.compare import MIN_COVERAGE_FOR_VERDICT
from .dates import MONTHS, dutch_date as date  # noqa: F401 (the wording of a date is part of the wording)

MISSING_TEXT = "geen gegevens"
"""A value that is not there (no figure in the source, too little coverage, …)."""
DASH = "—"
"""A derived figure that cannot be given (difference, index, rank, trend of a missing value)."""
NO_REASON = "geen waarde in de bron"
"""Why a value is missing when the build recorded no reason."""


def _is_missing(value) -> bool:
    try:
        return value is None or math.isnan(float(value))
    except (TypeError, ValueError):
        return True


def number(value, decimals: int = 1, signed: bool = False) -> str:
    """Format a number the Dutch way: ``.`` between thousands, ``,`` before decimals.

    Parameters
    ----------
    value
        A number; None or NaN gives ``"geen gegevens"``.
    decimals
        Digits after the comma.
    signed
        Put ``+`` before positive numbers (for differences).

    Returns
    -------
    str
        E.g. ``number(12345.678, 1)`` → ``"12.345,7"``.
    """
    if _is_missing(value):
        return MISSING_TEXT
    value = float(value)
    if round(value, decimals) == 0:
        value, signed = 0.0, False
    text = f"{value:{'+' if signed else ''},.{decimals}f}"
    return text.replace(",", "\0").replace(".", ",").replace("\0", ".")


THOUSANDS = "x 1 000 "
"""CBS's prefix for units in thousands ("x 1 000 euro"): written out as people write them."""
SPOKEN_UNITS = {"jaren": "jaar"}
"""Units as people say them after a number ("81,6 jaar", not "81,6 jaren")."""


def with_unit(value, unit: str, decimals: int = 1, signed: bool = False) -> str:
    """A number with its unit as people write it; ``"geen gegevens"`` when missing.

    ``"12,3%"``, ``"4,5 km"``, ``"81,6 jaar"``, euros with the sign in front (``"€ 35.100"``) and
    thousands written out (35,1 "x 1 000 euro" → ``"€ 35.100"``, keeping the same precision).
    """
    if unit.startswith(THOUSANDS) and not _is_missing(value):
        value, decimals, unit = float(value) * 1000, max(0, decimals - 3), unit[len(THOUSANDS):]
    text = number(value, decimals, signed)
    if text == MISSING_TEXT or not unit:
        return text
    if unit == "%":
        return f"{text}%"
    if unit == "euro":
        sign = text[0] if text[0] in "+-" else ""
        return f"{sign}€ {text[len(sign):]}"
    return f"{text} {SPOKEN_UNITS.get(unit, unit)}"


def or_dash(text: str) -> str:
    """``"—"`` instead of ``"geen gegevens"``: for derived figures (differences, index) of a missing value."""
    return DASH if text == MISSING_TEXT else text


COUNT_UNIT = "aantal"
COUNT_NOUNS = {"woningvoorraad": "woningen"}
"""Count titles that are not themselves the counted thing (lower case title -> noun)."""


def count_noun(title: str) -> str:
    """What a count counts, for "106.125 inwoners": the title before "binnen …", in lower case."""
    noun = title.split(" binnen ")[0].strip().lower()
    return COUNT_NOUNS.get(noun, noun)


def indicator_value(value, unit: str, decimals: int, title: str, signed: bool = False) -> str:
    """A value worded as people say it: ``"106.125 inwoners"`` rather than ``"106.125 aantal"``."""
    return with_unit(value, count_noun(title) if unit == COUNT_UNIT else unit, decimals, signed)


def diff_unit(unit: str) -> str:
    """The unit of a difference: percentage points for percentages, else the unit itself."""
    return "procentpunt" if unit.startswith("%") else unit


# --- one indicator's figures -------------------------------------------------------------------

def value(indicator, x) -> str:
    """A value with the indicator's unit and decimals; counts with what they count ("106.125 inwoners")."""
    return indicator_value(x, indicator.unit, indicator.decimals, indicator.title)


def interval(indicator, lower, upper) -> str:
    """A 95 % interval in the indicator's decimals ("13,0–14,5"); "—" where CBS publishes no bounds."""
    if lower is None or upper is None or lower != lower or upper != upper:
        return DASH
    decimals = max(indicator.decimals, 1)
    return f"{number(lower, decimals)}–{number(upper, decimals)}"


INTERVAL_APPROXIMATION = "interval van de regio benaderd uit de gemeenten, als onafhankelijk verondersteld"
"""Said once wherever a region's 95 % interval is shown (:mod:`monitor.compute.uncertainty`)."""


def has_interval(lower, upper) -> bool:
    """Whether CBS bounds give this value a 95 % interval (none for years CBS publishes none)."""
    return lower is not None and upper is not None and lower == lower and upper == upper


def value_with_interval(indicator, x, lower, upper) -> str:
    """A value with its 95 % interval where there is one: ``"18,2 % (95%-interval 17,1–19,3)"``;
    the value alone (:func:`value`) where CBS publishes no bounds."""
    text = value(indicator, x)
    return f"{text} (95%-interval {interval(indicator, lower, upper)})" if has_interval(lower, upper) else text


def interval_verdict(verdict, lower) -> str:
    """The short verdict, "gelijk (binnen de marge)" where an interval reaches Nederland's value."""
    text = short_verdict(verdict)
    has_interval = lower is not None and lower == lower
    return f"{text} (binnen de marge)" if has_interval and verdict == "gelijk" else text


def difference(indicator, x) -> str:
    """A signed difference with Nederland (percentage points for percentages, counts with what they
    count: "-6,5 huisartsenpraktijken"); "—" if unknown."""
    unit = count_noun(indicator.title) if indicator.unit == COUNT_UNIT else diff_unit(indicator.unit)
    return or_dash(with_unit(x, unit, indicator.decimals, signed=True))


def signed_number(x, decimals: int) -> str:
    """A signed difference without unit, for a table with a unit column ("+1,2"); "—" if unknown."""
    return or_dash(number(x, decimals, signed=True))


def index(x) -> str:
    """An index (Nederland = 100) without decimals; "—" if unknown."""
    return or_dash(number(x, 0))


# --- verdicts and directions ---------------------------------------------------------------------

VERDICT_LABELS = {
    "gunstiger": "gunstiger dan Nederland",
    "gelijk": "gelijk aan Nederland",
    "ongunstiger": "ongunstiger dan Nederland",
    "hoger": "hoger dan Nederland",
    "lager": "lager dan Nederland",
}
SHORT_VERDICTS = {code: code for code in VERDICT_LABELS}
"""The verdict in a table whose heading already says "than Nederland": ``gunstiger``, ``gelijk``, …"""
NO_VERDICT = "geen oordeel"
DIRECTION_LABELS = {"higher": "hoger is gunstiger", "lower": "lager is gunstiger", "neutral": "neutraal"}


def verdict(code) -> str:
    """The Dutch verdict phrase; "geen oordeel" when there is none (counts, missing value, too little coverage)."""
    return VERDICT_LABELS.get(code, NO_VERDICT) if isinstance(code, str) else NO_VERDICT


def short_verdict(code) -> str:
    """The verdict without "dan/aan Nederland" (``"ongunstiger"``); "geen oordeel" when there is none."""
    return SHORT_VERDICTS.get(code, NO_VERDICT) if isinstance(code, str) else NO_VERDICT


def direction(indicator) -> str:
    """``"hoger is gunstiger"``, ``"lager is gunstiger"`` or ``"neutraal"``."""
    return DIRECTION_LABELS[indicator.direction]


def unfavourable_text(unfavourable: int, judged: int) -> str:
    """``"3 van 12"``: indicators less favourable than Nederland, of those with a verdict."""
    return f"{unfavourable} van {judged}"


def unfavourable_sentence(unfavourable: int, judged: int) -> str:
    """``"3 van 12 ongunstiger dan Nederland"``."""
    return f"{unfavourable_text(unfavourable, judged)} {VERDICT_LABELS['ongunstiger']}"


# --- coverage ------------------------------------------------------------------------------------

def percent(coverage) -> str:
    """A covered share as ``"52%"``."""
    return f"{number(100 * float(coverage), 0)}%"


def coverage_below_full(coverage) -> bool:
    """Whether a value rests on part of the area's inhabitants (NaN/None: not applicable)."""
    return coverage is not None and not pd.isna(coverage) and float(coverage) < 1 - 1e-9


def unjudged(coverage) -> bool:
    """Whether a value's coverage is too low for a verdict and a rank (``monitor.compute.compare``)."""
    return coverage_below_full(coverage) and float(coverage) < MIN_COVERAGE_FOR_VERDICT - 1e-12


def coverage_base(indicator) -> str:
    """What an indicator's coverage is a share of: ``"het land"`` for area indicators (weighted by land
    area, ``area_mean``: the map's tooltips and :data:`THRESHOLD_TEXT` say so too), else ``"de inwoners"``."""
    return "het land" if getattr(indicator, "aggregation", None) == "area_mean" else "de inwoners"


def coverage_cell(coverage) -> str:
    """The coverage column of a table: empty when complete, else ``"52%"`` (with "geen oordeel")."""
    if not coverage_below_full(coverage):
        return ""
    return percent(coverage) + (" · geen oordeel" if unjudged(coverage) else "")


def coverage_or_full(coverage) -> str:
    """``"52%"`` for a partly covered value, else ``"volledig"``."""
    return percent(coverage) if coverage_below_full(coverage) else "volledig"


def verdict_with_coverage(code, coverage) -> str:
    """The short verdict with the covered share when below 100 %: ``"geen oordeel (52%)"`` (the PDF's column)."""
    return short_verdict(code) + (f" ({percent(coverage)})" if coverage_below_full(coverage) else "")


def coverage_sentence(name: str, coverage) -> str | None:
    """A sentence about a value resting on part of the area's inhabitants; None when complete."""
    if not coverage_below_full(coverage):
        return None
    text = (f"{name}: de waarde berust op gemeenten met {percent(coverage)} van de inwoners "
            "(de andere gemeenten hebben geen cijfer)")
    if unjudged(coverage):
        text += (f"; onder {percent(MIN_COVERAGE_FOR_VERDICT)} dekking geven we geen oordeel en geen rang")
    return text + "."


THRESHOLD_TEXT = (f"Dekking: het deel van de inwoners van de regio dat in de waarde meetelt (bij enquêtecijfers "
                  f"ontbreken kleine gemeenten soms; bij oppervlakte-indicatoren het deel van het land). Onder "
                  f"{percent(MIN_COVERAGE_FOR_VERDICT)} geen oordeel en geen rang. Ook geen positie onder de "
                  "COROP-gebieden en geen trendoordeel.")


# --- old data ------------------------------------------------------------------------------------

OLD_DATA_YEARS = 3
"""An indicator's newest figure is marked as old when it lies this many years or more before the
newest figure of the monitor (e.g. 2022 or older beside 1 January 2025): one or two years are the
normal publication lag of CBS, three or more mean the picture may have moved on."""


def newest_year(monitor) -> int:
    """The newest year with any value in the monitor (:meth:`monitor.data.Monitor.newest_year`)."""
    return monitor.newest_year()


def is_old(monitor, year: int) -> bool:
    """Whether a figure of ``year`` is old beside the monitor's newest figures."""
    return newest_year(monitor) - int(year) >= OLD_DATA_YEARS


def year_text(year: int, old: bool) -> str:
    """A year in a table, ``"2017 (oud)"`` when old."""
    return f"{int(year)} (oud)" if old else str(int(year))


def old_data_text(monitor, indicator_id: str, year: int) -> str | None:
    """"Let op: meest recente cijfer is van 2017 (andere indicatoren tot 2025)" for an old newest figure.

    None when ``year`` is not the indicator's newest year (a chosen older year is not a warning)
    or when it is recent enough (:data:`OLD_DATA_YEARS`).
    """
    years = monitor.years(indicator_id)
    if not years or int(year) != years[-1] or not is_old(monitor, year):
        return None
    return f"Let op: meest recente cijfer is van {int(year)} (andere indicatoren tot {newest_year(monitor)})."


def old_count_text(monitor, count: int) -> str:
    """The warning above a profile with ``count`` old figures ("‘(oud)’ achter het jaar in de tabellen")."""
    newest = newest_year(monitor)
    return (f"Let op: bij {count} indicator(en) is het meest recente cijfer van {newest - OLD_DATA_YEARS} "
            f"of eerder, terwijl andere indicatoren tot {newest} lopen (‘(oud)’ achter het jaar in de tabellen).")
