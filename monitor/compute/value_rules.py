"""Rules that every level's values share: a value from summed components, out-of-range refusal, and
the Dutch texts of missing values."""

from __future__ import annotations

import numpy as np

from ..catalogue import Indicator
from .texts import Texts

NL_SOURCE_CBS = "CBS"
"""``nl_source`` of a national figure that is CBS's own."""
NL_SOURCE_COMPUTED = "berekend"
"""``nl_source`` of a national figure computed from the gemeenten (like the regions)."""
REASON_NO_DATA = "geen cijfer in de CBS-bron voor deze gemeente"
REASON_OUT_OF_RANGE = "waarde {value} buiten het geldige bereik ({range}); niet gepubliceerd"
REASON_PLACEHOLDER = "waarde {value} is een invulwaarde van de bron, geen meting; niet gepubliceerd. {reason}"


def value_from_sums(is_sum: np.ndarray, a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """The value from (summed) components: ``a`` for counts, ``a / b`` otherwise (NaN where ``b`` is 0).

    ``is_sum`` broadcasts against ``a`` and ``b`` (e.g. one flag per row of a grid).
    """
    with np.errstate(divide="ignore", invalid="ignore"):
        ratio = np.where(b != 0, a / b, np.nan)
    return np.where(is_sum, a, ratio).astype("float64")


def dutch_number(value: float) -> str:
    """``1234.56`` → ``1.234,6``."""
    return f"{value:,.1f}".replace(",", " ").replace(".", ",").replace(" ", ".")


def range_bounds(indicators: list[Indicator]) -> np.ndarray:
    """``[low, high]`` per indicator (±inf where unbounded), shape ``(len(indicators), 2)``."""
    return np.array([[-np.inf if low is None else low, np.inf if high is None else high]
                     for low, high in (ind.valid_range for ind in indicators)], dtype="float64").reshape(-1, 2)


def refuse_out_of_range(indicator: np.ndarray, value: np.ndarray, reason: np.ndarray,
                        indicators: list[Indicator], texts: Texts) -> np.ndarray:
    """Leave values outside their indicator's ``valid_range`` missing, with the reason; in place.

    Parameters
    ----------
    indicator
        Positions in ``indicators``, one per value (broadcast to the shape of ``value``).
    value, reason
        Values and reason codes (see :class:`monitor.compute.texts.Texts`), changed in place.
    indicators, texts
        The indicators and the vocabulary of the reasons.

    Returns
    -------
    ndarray
        The mask of refused values (the caller also clears their components).
    """
    bounds = range_bounds(indicators)
    number = np.broadcast_to(indicator, value.shape)
    with np.errstate(invalid="ignore"):
        outside = (value < bounds[number, 0]) | (value > bounds[number, 1])  # NaN is never outside
    if outside.any():
        reason[outside] = [texts.code(REASON_OUT_OF_RANGE.format(value=dutch_number(v), range=indicators[n].range_text))
                           for v, n in zip(value[outside].tolist(), number[outside].tolist())]
        value[outside] = np.nan
    return outside


def withhold_placeholders(indicator: np.ndarray, value: np.ndarray, reason: np.ndarray,
                          indicators: list[Indicator], texts: Texts) -> np.ndarray:
    """Leave values that equal an indicator's ``placeholders`` missing, with the reason; in place.

    Parameters are those of :func:`refuse_out_of_range`; returns the mask of withheld values.
    """
    number = np.broadcast_to(indicator, value.shape)
    withheld = np.zeros(value.shape, dtype=bool)
    for n, ind in enumerate(indicators):
        for placeholder in ind.placeholders:
            hit = (number == n) & (np.abs(value - placeholder.value) <= 1e-4 * max(1.0, abs(placeholder.value)))
            if hit.any():
                reason[hit] = texts.code(REASON_PLACEHOLDER.format(value=dutch_number(placeholder.value),
                                                                   reason=" ".join(placeholder.reason.split())))
                value[hit] = np.nan
                withheld |= hit
    return withheld
