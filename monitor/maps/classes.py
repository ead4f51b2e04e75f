"""Map classes: breaks, colours and legend entries of one map, the same for every renderer.

Quantiles, natural breaks (Fisher-Jenks) or diverging classes against Nederland
(:func:`indicator_classes`), coloured with :mod:`monitor.palettes`, and the legend's wording as
data (:func:`class_entries`, :data:`READING`...). The web map (:mod:`monitor.maps.folium_map`) and
the static map (:mod:`monitor.reports.static_map`) draw the same classes; neither is imported
here.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass

import mapclassify
import numpy as np
import pandas as pd

from .. import palettes, wording
from ..errors import UnknownKeyError
from ..levels import MAP_LEVELS

SCHEMES = {"national": "tegen Nederland (gunstiger/ongunstiger)", "quantiles": "kwantielen (gelijke aantallen)",
           "natural_breaks": "natuurlijke grenzen (Fisher-Jenks)"}
DEFAULT_SCHEME = "national"
"""Colours against Nederland where the map compares; :func:`indicator_classes` falls back to quantiles."""
LEVELS = MAP_LEVELS
DEFAULT_CLASSES = {"gemeente": 5, "regio": 4}
NATIONAL_CLASSES = {"gemeente": 7, "regio": 5}
"""Classes of the diverging map: three (two) per side of Nederland plus the class around it."""
HATCH_ID = "npvr-geen-gegevens"
HATCH_FILL = f"url(#{HATCH_ID})"
"""The web map's fill for a missing value: the hatch pattern (an SVG pattern of that id)."""
OUTSIDE_TEXT = "buiten de NPVR-regio's"
OUTLINE_TEXT = "NPVR-regio"
LOW_COVERAGE_TEXT = "te weinig dekking (geen oordeel)"
"""Legend line of the areas whose value covers too few inhabitants (neutral grey, not a class colour)."""
CENTRE_TEXT = "gelijk aan Nederland"
NOT_COMPARED_TEXT = "(deze indicator wordt niet met Nederland vergeleken)"
READING = {"higher": "donkerder = gunstiger (hoger is beter)", "lower": "donkerder = gunstiger (lager is beter)",
           "neutral": "neutrale indicator: donkerder = hoger"}
"""How to read the colours, one line (web legend); :data:`NATIONAL_READING` for classes against Nederland."""
NATIONAL_READING = {"higher": "blauw = gunstiger, rood = ongunstiger dan Nederland (hoger is beter)",
                    "lower": "blauw = gunstiger, rood = ongunstiger dan Nederland (lager is beter)",
                    "neutral": "neutrale indicator: paars = hoger, oranje = lager dan Nederland"}
SHORT_READING = {
    "higher": ["Donkerder = gunstiger", "(hoger is beter)"],
    "lower": ["Donkerder = gunstiger", "(lager is beter)"],
    "neutral": ["Neutrale indicator:", "donkerder = hoger"],
}
""":data:`READING` in two short lines (the static map's narrow panel)."""
SHORT_NATIONAL_READING = {
    "higher": ["Blauw = gunstiger, rood =", "ongunstiger dan NL (hoger beter)"],
    "lower": ["Blauw = gunstiger, rood =", "ongunstiger dan NL (lager beter)"],
    "neutral": ["Neutraal: paars = hoger,", "oranje = lager dan Nederland"],
}
""":data:`NATIONAL_READING` in two short lines (the static map's narrow panel)."""


def check_level(level: str, message: str = "Onbekend kaartniveau {level!r}; kies uit {levels}.") -> str:
    """Return ``level`` if it is one of :data:`LEVELS`, else raise UnknownKeyError with ``message``."""
    if level not in LEVELS:
        raise UnknownKeyError(message.format(level=level, levels=", ".join(LEVELS)))
    return level


def scheme_name(scheme: str) -> str:
    """The scheme's short Dutch name, e.g. ``"kwantielen"``."""
    return SCHEMES[scheme].split(" (")[0]


def reading(classes, scheme: str, direction: str, short: bool = False):
    """How to read the map's colours: one line, or two short lines with ``short``.

    ``scheme`` is the asked scheme; the classes say which one was used (None: the asked one).
    """
    used = classes.scheme if classes is not None else scheme
    if short:
        return (SHORT_NATIONAL_READING if used == "national" else SHORT_READING)[direction]
    return (NATIONAL_READING if used == "national" else READING)[direction]


@dataclass(frozen=True)
class LegendEntry:
    """One line of a map legend, as data.

    Attributes
    ----------
    label
        The text (e.g. ``"12,3 – 15,0"``).
    colour
        The swatch colour.
    kind
        ``"class"``, ``"centre"`` (the class around Nederland), ``"missing"``, ``"outside"`` or ``"outline"``.
    """

    label: str
    colour: str
    kind: str


# --- classes ----------------------------------------------------------------------------------

@dataclass(frozen=True)
class Classes:
    """Class breaks and colours of one map.

    Attributes
    ----------
    bins
        Upper bounds of the classes, ascending (a value ``v`` is in class ``i`` when
        ``bins[i-1] < v <= bins[i]``).
    minimum
        The lowest value (lower bound of the first class).
    colours
        One colour per class, lowest class first.
    scheme
        ``"national"``, ``"quantiles"`` or ``"natural_breaks"``.
    centre
        Nederland's value for ``"national"`` classes (None otherwise).
    middle
        Index of the class around Nederland (``"national"`` only): values within the indicator's
        tolerance of the national value, i.e. those judged *gelijk aan Nederland*.
    tolerance
        The indicator's tolerance (``"national"`` only).
    """

    bins: tuple[float, ...]
    minimum: float
    colours: tuple[str, ...]
    scheme: str
    centre: float | None = None
    middle: int | None = None
    tolerance: float = 0.0

    def index(self, values) -> np.ndarray:
        """Class number per value; -1 for missing values."""
        values = np.asarray(values, dtype=float)
        idx = np.searchsorted(np.asarray(self.bins), values, side="left")
        idx = np.minimum(idx, len(self.bins) - 1)
        return np.where(np.isnan(values), -1, idx)

    def colour(self, values, missing: str = HATCH_FILL) -> list[str]:
        """Fill colour per value; ``missing`` for NaN."""
        return [self.colours[i] if i >= 0 else missing for i in self.index(values)]

    def labels(self, decimals: int) -> list[str]:
        """Dutch class labels such as ``"12,3 – 15,0"``; the class around Nederland as ``"20,3 – 21,3"``."""
        lows = [self.minimum, *self.bins[:-1]]
        if self.middle is not None and self.centre is not None:
            lows[self.middle] = self.centre - self.tolerance
            highs = list(self.bins)
            highs[self.middle] = self.centre + self.tolerance
            if self.middle + 1 < len(lows):
                lows[self.middle + 1] = self.centre + self.tolerance
        else:
            highs = list(self.bins)
        return [_span(wording.number(lo, decimals), wording.number(hi, decimals)) for lo, hi in zip(lows, highs)]


def _span(low: str, high: str) -> str:
    """``"12,3 – 15,0"``; one number when both ends read the same (not "4,0 – 4,0")."""
    return low if low == high else f"{low} – {high}"


def _side_bins(y: np.ndarray, n: int) -> np.ndarray:
    """Up to ``n`` quantile breaks of the values on one side of Nederland (ascending)."""
    n = max(1, min(n, len(np.unique(y))))
    return np.unique(mapclassify.Quantiles(y, k=n).bins) if n > 1 else np.array([y.max()])


def classify_national(values, direction: str, centre: float, tolerance: float = 0.0,
                      k: int = 7) -> Classes | None:
    """Diverging classes centred on Nederland's value (``scheme="national"``).

    One class holds the values within ``tolerance`` of ``centre`` (the areas judged *gelijk aan
    Nederland*); below and above it up to ``(k - 1) // 2`` quantile classes each (mapclassify) of
    the values on that side. Colours: :func:`monitor.palettes.diverging_colours` (favourable side
    blue, unfavourable side red; grey and purple for neutral indicators).

    Parameters
    ----------
    values
        The map's values (NaN ignored).
    direction
        ``higher``/``lower``/``neutral``.
    centre
        The national value.
    tolerance
        The indicator's tolerance for *gelijk*.
    k
        Wanted number of classes in all (odd; at most 7).

    Returns
    -------
    Classes or None
        None when there is no value at all.
    """
    y = np.asarray(values, dtype=float)
    y = y[~np.isnan(y)]
    if not len(y):
        return None
    per_side = max(1, min((k - 1) // 2, palettes.MAX_SIDE_CLASSES))
    low_edge, high_edge = centre - tolerance - 1e-9, centre + tolerance + 1e-9  # as in compare.verdict
    below, above = y[y <= low_edge], y[y > high_edge]
    low_bins = _side_bins(below, per_side) if len(below) else np.array([])
    if len(low_bins):
        low_bins[-1] = low_edge
    high_bins = _side_bins(above, per_side) if len(above) else np.array([])
    bins = [*low_bins, high_edge, *high_bins]
    colours = palettes.diverging_colours(len(low_bins), len(high_bins), direction)
    return Classes(bins=tuple(float(b) for b in bins), minimum=float(y.min()), colours=tuple(colours),
                   scheme="national", centre=float(centre), middle=len(low_bins), tolerance=float(tolerance))


def indicator_classes(values, direction: str, tolerance: float, centre: float | None, level: str = "gemeente",
                      scheme: str = DEFAULT_SCHEME, k: int | None = None) -> Classes | None:
    """The classes of one indicator's map: against Nederland where it compares, else as asked.

    ``scheme="national"`` needs a national value and an indicator that compares with Nederland
    (not a count); otherwise the map falls back to quantiles (``Classes.scheme`` says which).

    Parameters
    ----------
    values
        The map's values.
    direction, tolerance
        The indicator's (see :class:`monitor.catalogue.Indicator`).
    centre
        Nederland's value when the indicator compares with it, else None (the map model decides).
    level
        ``gemeente`` or ``regio`` (for the default number of classes).
    scheme, k
        Classification and wanted number of classes (defaults per level).
    """
    if scheme not in SCHEMES:
        raise UnknownKeyError(f"Onbekende klassenindeling {scheme!r}; kies uit {', '.join(SCHEMES)}.")
    if scheme == "national":
        if centre is not None and pd.notna(centre):
            return classify_national(values, direction, float(centre), tolerance, k or NATIONAL_CLASSES.get(level, 7))
        scheme = "quantiles"
    return classify(values, direction, k or DEFAULT_CLASSES.get(level, 5), scheme)


def classify(values, direction: str, k: int = 5, scheme: str = "quantiles") -> Classes | None:
    """Classify values with mapclassify and colour the classes for the indicator's direction.

    Parameters
    ----------
    values
        The map's values (NaN ignored).
    direction
        ``higher``/``lower``/``neutral`` (see :func:`monitor.palettes.class_colours`).
    k
        Wanted number of classes; fewer when there are fewer distinct values.
    scheme
        ``"quantiles"`` or ``"natural_breaks"`` (Fisher-Jenks); for ``"national"`` use
        :func:`classify_national` or :func:`indicator_classes`.

    Returns
    -------
    Classes or None
        None when there is no value at all.
    """
    if scheme not in SCHEMES or scheme == "national":
        plain = [s for s in SCHEMES if s != "national"]
        raise UnknownKeyError(f"Onbekende klassenindeling {scheme!r}; kies uit {', '.join(plain)} "
                              "(klassen tegen Nederland: indicator_classes).")
    y = np.asarray(values, dtype=float)
    y = y[~np.isnan(y)]
    if not len(y):
        return None
    k = max(1, min(k, len(np.unique(y)), palettes.MAX_CLASSES))
    if k == 1:
        bins = np.array([y.max()])
    elif scheme == "quantiles":
        bins = mapclassify.Quantiles(y, k=k).bins
    else:
        with warnings.catch_warnings():  # without numba mapclassify warns; 342 values are quick anyway
            warnings.simplefilter("ignore", UserWarning)
            bins = mapclassify.FisherJenks(y, k=k).bins
    bins = np.unique(np.asarray(bins, dtype=float))
    bins[-1] = max(bins[-1], y.max())
    colours = palettes.class_colours(len(bins), direction)
    return Classes(bins=tuple(float(b) for b in bins), minimum=float(y.min()), colours=tuple(colours), scheme=scheme)



def class_entries(classes: Classes | None, decimals: int) -> list[LegendEntry]:
    """The legend lines of the classes, lowest first (none without classes)."""
    if classes is None:
        return []
    return [LegendEntry(label, colour, "centre" if i == classes.middle else "class")
            for i, (colour, label) in enumerate(zip(classes.colours, classes.labels(decimals)))]


def area_entries(level: str, low_coverage: bool = False) -> list[LegendEntry]:
    """The legend lines after the classes: too little coverage (when shown), missing values, and the
    outside or the outline of the regions."""
    missing = LegendEntry(wording.MISSING_TEXT, palettes.MISSING_COLOUR, "missing")
    if low_coverage:
        return [LegendEntry(LOW_COVERAGE_TEXT, palettes.LOW_COVERAGE_COLOUR, "low_coverage"), *area_entries(level)]
    if level == "regio":
        return [missing, LegendEntry(OUTSIDE_TEXT, palettes.OUTSIDE_COLOUR, "outside")]
    return [missing, LegendEntry(OUTLINE_TEXT, palettes.OUTLINE_COLOUR, "outline")]
