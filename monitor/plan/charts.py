"""The uitgangssituatie's charts as PNG (matplotlib), each with the alt text that says what it shows."""

from __future__ import annotations

import io

from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from .. import palettes

DPI = 160
CLASS_COLOURS = {"ongunstiger": palettes.VERDICT_COLOURS["ongunstiger"], "gelijk": palettes.VERDICT_COLOURS["gelijk"],
                 "gunstiger": palettes.VERDICT_COLOURS["gunstiger"], "zonder_oordeel": palettes.NO_VERDICT_COLOUR}
CLASS_LABELS = {"ongunstiger": "ongunstiger", "gelijk": "gelijk", "gunstiger": "gunstiger",
                "zonder_oordeel": "zonder oordeel"}


def _png(figure: Figure) -> bytes:
    buffer = io.BytesIO()
    FigureCanvasAgg(figure)
    figure.savefig(buffer, format="png", dpi=DPI, metadata={"Software": None})
    return buffer.getvalue()


def stacking_png(labels: list[str], counts: dict[str, list[int]], size=(8.0, 3.6)) -> bytes:
    """Horizontal stacked bars: per theme the indicators ongunstiger / gelijk / gunstiger / zonder oordeel.

    Parameters
    ----------
    labels
        Theme titles, top to bottom.
    counts
        ``{class: [count per theme]}`` for the four classes of :data:`CLASS_COLOURS`.
    """
    figure = Figure(figsize=size)
    ax = figure.add_subplot()
    positions = list(range(len(labels)))[::-1]
    left = [0] * len(labels)
    for klasse, colour in CLASS_COLOURS.items():
        values = counts[klasse]
        ax.barh(positions, values, left=left, color=colour, label=CLASS_LABELS[klasse], edgecolor="white")
        for y, x0, v in zip(positions, left, values):
            if v:
                ax.text(x0 + v / 2, y, str(v), ha="center", va="center", fontsize=8,
                        color="black" if klasse == "zonder_oordeel" else "white")
        left = [a + b for a, b in zip(left, values)]
    ax.set_yticks(positions, labels, fontsize=9)
    ax.set_xlabel("aantal indicatoren", fontsize=9)
    ax.spines[["top", "right"]].set_visible(False)
    ax.legend(ncols=4, loc="lower center", bbox_to_anchor=(0.5, 1.0), frameon=False, fontsize=8)
    figure.subplots_adjust(left=0.37, right=0.98, top=0.88, bottom=0.14)  # fixed: tight_layout draws twice
    return _png(figure)


def forecast_png(years: list[int], region: list[float], national: list[float] | None, name: str,
                 size=(8.0, 3.4)) -> bytes:
    """Population forecast as an index (first year = 100), the region against Nederland (dashed)."""
    figure = Figure(figsize=size)
    ax = figure.add_subplot()
    ax.plot(years, region, color="#0b4f8a", linewidth=2.5, label=name)
    if national is not None:
        ax.plot(years, national, color=palettes.NATIONAL_COLOUR, linewidth=1.8, linestyle="--", label="Nederland")
    ax.axhline(100, color="#999999", linewidth=0.8)
    ax.set_ylabel(f"inwoners ({years[0]} = 100)", fontsize=9)
    ax.spines[["top", "right"]].set_visible(False)
    ax.legend(frameon=False, fontsize=9)
    figure.subplots_adjust(left=0.09, right=0.98, top=0.96, bottom=0.1)
    return _png(figure)
