"""Honest figures on screen: the covered share behind a value and a warning for old data.

Shared by every page and the meeting mode so that the same words appear everywhere.
"""

from __future__ import annotations

import pandas as pd

from monitor import formatting
from monitor.compare import MIN_COVERAGE_FOR_VERDICT
from monitor.data import Monitor

OLD_DATA_YEARS = 3
"""An indicator's newest figure is marked as old when it lies this many years or more before the
newest figure of the monitor (e.g. 2022 or older beside 1 January 2025): one or two years are the
normal publication lag of CBS, three or more mean the picture may have moved on."""


def newest_year(monitor: Monitor) -> int:
    """The newest year with any value in the monitor (:meth:`monitor.data.Monitor.newest_year`)."""
    return monitor.newest_year()


def is_old(monitor: Monitor, year: int) -> bool:
    """Whether a figure of ``year`` is old beside the monitor's newest figures."""
    return newest_year(monitor) - int(year) >= OLD_DATA_YEARS


def old_data_text(monitor: Monitor, indicator_id: str, year: int) -> str | None:
    """"Let op: meest recente cijfer is van 2017 (andere indicatoren tot 2025)" for an old newest figure.

    None when ``year`` is not the indicator's newest year (a chosen older year is not a warning)
    or when it is recent enough (:data:`OLD_DATA_YEARS`).
    """
    years = monitor.years(indicator_id)
    if not years or int(year) != years[-1] or not is_old(monitor, year):
        return None
    return f"Let op: meest recente cijfer is van {int(year)} (andere indicatoren tot {newest_year(monitor)})."


def percent(coverage) -> str:
    """A covered share as ``"52%"``."""
    return f"{formatting.number(100 * float(coverage), 0)}%"


def coverage_below_full(coverage) -> bool:
    return coverage is not None and not pd.isna(coverage) and float(coverage) < 1 - 1e-9


def unjudged(coverage) -> bool:
    """Whether a value's coverage is too low for a verdict and a rank (``monitor.compare``)."""
    return coverage_below_full(coverage) and float(coverage) < MIN_COVERAGE_FOR_VERDICT - 1e-12


def coverage_cell(coverage) -> str:
    """The coverage column of a table: empty when complete, else ``"52%"`` (with "geen oordeel")."""
    if not coverage_below_full(coverage):
        return ""
    return percent(coverage) + (" · geen oordeel" if unjudged(coverage) else "")


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
                  f"ontbreken kleine gemeenten soms). Onder {percent(MIN_COVERAGE_FOR_VERDICT)} geen oordeel "
                  "en geen rang.")
