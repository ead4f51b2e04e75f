"""Dutch labels and number formatting for the app (numbers themselves: ``monitor.formatting``)."""

from __future__ import annotations

from monitor.catalogue import Indicator
from monitor.formatting import MISSING_TEXT, diff_unit, indicator_value, number, with_unit

__all__ = ["MISSING_TEXT", "number", "with_unit", "value", "difference", "verdict", "direction", "index",
           "VERDICT_LABELS", "DIRECTION_LABELS"]

VERDICT_LABELS = {
    "gunstiger": "gunstiger dan Nederland",
    "gelijk": "gelijk aan Nederland",
    "ongunstiger": "ongunstiger dan Nederland",
    "hoger": "hoger dan Nederland",
    "lager": "lager dan Nederland",
}
NO_VERDICT = "geen oordeel"
DIRECTION_LABELS = {"higher": "hoger is gunstiger", "lower": "lager is gunstiger", "neutral": "neutraal"}


def value(indicator: Indicator, x) -> str:
    """A value with the indicator's unit and decimals; counts with what they count ("106.125 inwoners")."""
    return indicator_value(x, indicator.unit, indicator.decimals, indicator.title)


def difference(indicator: Indicator, x) -> str:
    """A signed difference with Nederland (percentage points for percentages); "—" if unknown."""
    text = with_unit(x, diff_unit(indicator.unit), indicator.decimals, signed=True)
    return "—" if text == MISSING_TEXT else text


def index(x) -> str:
    """An index (Nederland = 100) without decimals."""
    text = number(x, 0)
    return "—" if text == MISSING_TEXT else text


def verdict(code) -> str:
    """The Dutch verdict phrase; "geen oordeel" when there is none (counts, missing value, too little coverage)."""
    return VERDICT_LABELS.get(code, NO_VERDICT) if isinstance(code, str) else NO_VERDICT


def direction(indicator: Indicator) -> str:
    return DIRECTION_LABELS[indicator.direction]
