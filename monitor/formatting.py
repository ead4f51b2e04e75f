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


def diff_unit(unit: str) -> str:
    """The unit of a difference: percentage points for percentages, else the unit itself."""
    return "procentpunt" if unit.startswith("%") else unit
