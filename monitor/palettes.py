"""Colour-blind-safe colours for maps and charts, independent of any plotting library.

The class colours are ColorBrewer sequential schemes (Cynthia Brewer, Penn State; Apache 2.0):
YlGnBu for indicators with a better direction and Purples for neutral ones. The darkest class
is always the most favourable one, so a map reads the same way for "higher is better" and
"lower is better". Maps against Nederland use diverging classes (:func:`diverging_colours`):
RdBu, blue for more favourable and red for less favourable than Nederland, and PuOr for
neutral indicators. Verdict colours follow the Okabe-Ito palette.
"""

from __future__ import annotations

from coloraide import Color

from .errors import UnknownKeyError

YLGNBU = {
    3: ["#edf8b1", "#7fcdbb", "#2c7fb8"],
    4: ["#ffffcc", "#a1dab4", "#41b6c4", "#225ea8"],
    5: ["#ffffcc", "#a1dab4", "#41b6c4", "#2c7fb8", "#253494"],
    6: ["#ffffcc", "#c7e9b4", "#7fcdbb", "#41b6c4", "#2c7fb8", "#253494"],
    7: ["#ffffcc", "#c7e9b4", "#7fcdbb", "#41b6c4", "#1d91c0", "#225ea8", "#0c2c84"],
}
PURPLES = {
    3: ["#efedf5", "#bcbddc", "#756bb1"],
    4: ["#f2f0f7", "#cbc9e2", "#9e9ac8", "#6a51a3"],
    5: ["#f2f0f7", "#cbc9e2", "#9e9ac8", "#756bb1", "#54278f"],
    6: ["#f2f0f7", "#dadaeb", "#bcbddc", "#9e9ac8", "#756bb1", "#54278f"],
    7: ["#f2f0f7", "#dadaeb", "#bcbddc", "#9e9ac8", "#807dba", "#6a51a3", "#4a1486"],
}
MIN_CLASSES, MAX_CLASSES = 1, 7

# Diverging classes around Nederland: ColorBrewer RdBu (colour-blind safe) for indicators with a
# better direction, blue = more favourable than Nederland, red = less favourable; for neutral
# indicators ColorBrewer PuOr (colour-blind safe): orange-brown lower, purple higher, neither good nor bad.
# Each side is ordered from the class nearest to Nederland outwards (light to dark).
FAVOURABLE = {1: ["#92c5de"], 2: ["#92c5de", "#0571b0"], 3: ["#d1e5f0", "#67a9cf", "#2166ac"]}
UNFAVOURABLE = {1: ["#f4a582"], 2: ["#f4a582", "#ca0020"], 3: ["#fddbc7", "#ef8a62", "#b2182b"]}
NEUTRAL_HIGHER = {1: ["#998ec3"], 2: ["#b2abd2", "#5e3c99"], 3: ["#d8daeb", "#998ec3", "#542788"]}
NEUTRAL_LOWER = {1: ["#f1a340"], 2: ["#fdb863", "#e66101"], 3: ["#fee0b6", "#f1a340", "#b35806"]}
CENTRE_COLOUR = "#f7f7f7"
"""The class around Nederland's value ("gelijk aan Nederland"): the light centre of RdBu."""
MAX_SIDE_CLASSES = 3

MISSING_COLOUR = "#f0f0f0"
"""Background of the hatch pattern for "geen gegevens"."""
MISSING_HATCH = "#737373"
LOW_COVERAGE_COLOUR = "#a3a3a3"
"""Neutral mid grey for a value that covers too few inhabitants for a verdict: no verdict colour."""
OUTSIDE_COLOUR = "#d9d9d9"
"""Plain grey for gemeenten outside the NPVR regions on the region-level map."""
OUTLINE_COLOUR = "#000000"

VERDICT_COLOURS = {
    "gunstiger": "#0072B2",
    "gelijk": "#888888",
    "ongunstiger": "#D55E00",
    "hoger": "#54278f",
    "lager": "#807dba",
}
"""Okabe-Ito blue/vermilion for better/worse; purples for neutral indicators' higher/lower.

Each has at least 3:1 contrast with a white background (WCAG 2.1, non-text contrast)."""
NATIONAL_COLOUR = "#000000"
NO_VERDICT_COLOUR = "#bdbdbd"
"""Bars of values without a verdict (too little coverage): light grey, clearly not a verdict colour."""


def class_colours(k: int, direction: str) -> list[str]:
    """Colours for ``k`` classes ordered from the lowest to the highest value.

    Parameters
    ----------
    k
        Number of classes, 1 to 7.
    direction
        ``"higher"`` (higher is better: dark = high), ``"lower"`` (lower is better: dark = low)
        or ``"neutral"`` (a neutral purple ramp, dark = high).

    Returns
    -------
    list of str
        Hex colours, one per class, lowest class first.
    """
    if not MIN_CLASSES <= k <= MAX_CLASSES:
        raise UnknownKeyError(f"Tussen {MIN_CLASSES} en {MAX_CLASSES} klassen mogelijk, niet {k}.")
    if direction not in ("higher", "lower", "neutral"):
        raise UnknownKeyError(f"Onbekende richting {direction!r}; kies higher, lower of neutral.")
    scheme = PURPLES if direction == "neutral" else YLGNBU
    colours = scheme[3][1:2] if k == 1 else scheme[3][::2] if k == 2 else scheme[k]
    return list(reversed(colours)) if direction == "lower" else list(colours)


def diverging_colours(below: int, above: int, direction: str) -> list[str]:
    """Colours for classes around Nederland, lowest value first: ``below`` classes, the centre, ``above``.

    Parameters
    ----------
    below, above
        Number of classes under and over the national value (0 to :data:`MAX_SIDE_CLASSES`).
    direction
        ``"higher"`` (above Nederland is favourable: blue), ``"lower"`` (below is favourable) or
        ``"neutral"`` (orange-brown below, purple above: ColorBrewer PuOr).

    Returns
    -------
    list of str
        ``below + 1 + above`` hex colours; the centre class is :data:`CENTRE_COLOUR`.
    """
    if direction not in ("higher", "lower", "neutral"):
        raise UnknownKeyError(f"Onbekende richting {direction!r}; kies higher, lower of neutral.")
    for n in (below, above):
        if not 0 <= n <= MAX_SIDE_CLASSES:
            raise UnknownKeyError(f"Tussen 0 en {MAX_SIDE_CLASSES} klassen per kant mogelijk, niet {n}.")
    low_ramp, high_ramp = {"higher": (UNFAVOURABLE, FAVOURABLE), "lower": (FAVOURABLE, UNFAVOURABLE),
                           "neutral": (NEUTRAL_LOWER, NEUTRAL_HIGHER)}[direction]
    low = list(reversed(low_ramp[below])) if below else []
    high = list(high_ramp[above]) if above else []
    return [*low, CENTRE_COLOUR, *high]


def contrast_ratio(foreground: str, background: str) -> float:
    """WCAG 2.1 contrast ratio of two CSS colours (1 to 21; AA asks 4.5 for text, 3 for large text)."""
    return float(Color(foreground).contrast(Color(background), method="wcag21"))


def readable_text(background: str) -> str:
    """Black or white, whichever contrasts more with ``background``."""
    return max(("#000000", "#ffffff"), key=lambda text: contrast_ratio(text, background))
