"""Dutch number formatting for maps, the app and reports (``12.345,6``; ``+1,2``)."""

from __future__ import annotations

import math

MISSING_TEXT = "geen gegevens"


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


def with_unit(value, unit: str, decimals: int = 1, signed: bool = False) -> str:
    """A number with its unit: ``"12,3%"``, ``"4,5 km"``; ``"geen gegevens"`` when missing."""
    text = number(value, decimals, signed)
    if text == MISSING_TEXT or not unit:
        return text
    return f"{text}%" if unit == "%" else f"{text} {unit}"


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
