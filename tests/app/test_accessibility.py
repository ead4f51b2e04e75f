"""Accessibility: colour-blind-safe palettes, WCAG 2.1 AA contrast, and table alternatives.

Colour vision deficiencies are simulated with coloraide's Brettel/Viénot filters; colour
differences are CIEDE2000. Contrast is the WCAG 2.1 ratio (4.5:1 for text, 3:1 for graphics).
"""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pytest
from support.app_testing import start
from coloraide import Color

from dashboard import charts
from dashboard.pages import presentatie
from monitor.maps import folium_elements
from monitor import palettes

ROOT = Path(__file__).resolve().parents[2]
DEFICIENCIES = ("protan", "deutan", "tritan")
WHITE = "#ffffff"


def seen(colour: str, deficiency: str | None) -> Color:
    colour = Color(colour)
    return colour if deficiency is None else colour.filter(deficiency, in_place=False).fit("srgb")


def lightness(colour: Color) -> float:
    return colour.convert("lab")["lightness"]


@pytest.mark.parametrize("deficiency", [None, *DEFICIENCIES])
@pytest.mark.parametrize("direction", ["higher", "lower", "neutral"])
@pytest.mark.parametrize("k", range(2, palettes.MAX_CLASSES + 1))
def test_map_classes_stay_ordered_and_distinct_for_colour_blind_readers(k, direction, deficiency):
    colours = [seen(c, deficiency) for c in palettes.class_colours(k, direction)]
    light = [lightness(c) for c in colours]
    # One lightness ramp: the order of the classes survives any colour vision (and greyscale).
    assert light in (sorted(light), sorted(light, reverse=True)), light
    for a, b in zip(colours, colours[1:]):
        assert a.delta_e(b, method="2000") >= 5, (k, direction, deficiency)


@pytest.mark.parametrize("deficiency", [None, *DEFICIENCIES])
@pytest.mark.parametrize("direction", ["higher", "lower", "neutral"])
@pytest.mark.parametrize("below, above", [(b, a) for b in range(4) for a in range(4)])
def test_classes_against_nederland_are_ordered_and_distinct_for_colour_blind_readers(below, above, direction,
                                                                                      deficiency):
    colours = [seen(c, deficiency) for c in palettes.diverging_colours(below, above, direction)]
    light = [lightness(c) for c in colours]
    # Light at Nederland, darker further away on either side: the distance from Nederland reads in greyscale.
    assert light[:below + 1] == sorted(light[:below + 1]), light
    assert light[below:] == sorted(light[below:], reverse=True), light
    for a, b in zip(colours, colours[1:]):
        assert a.delta_e(b, method="2000") >= 5, (below, above, direction, deficiency)


@pytest.mark.parametrize("deficiency", [None, *DEFICIENCIES])
@pytest.mark.parametrize("direction", ["higher", "lower", "neutral"])
def test_two_sides_of_nederland_differ_in_hue_for_colour_blind_readers(direction, deficiency):
    colours = palettes.diverging_colours(3, 3, direction)
    for step in range(1, 4):
        low, high = seen(colours[3 - step], deficiency), seen(colours[3 + step], deficiency)
        # Same distance from Nederland, other side: never mistaken for each other.
        assert low.delta_e(high, method="2000") >= (8 if step == 1 else 15), (direction, step, deficiency)


def test_favourable_side_is_blue_and_neutral_is_neither():
    higher = palettes.diverging_colours(3, 3, "higher")
    assert higher[4:] == palettes.FAVOURABLE[3] and higher[:3] == palettes.UNFAVOURABLE[3][::-1]
    assert palettes.diverging_colours(3, 3, "lower") == higher[::-1]
    neutral = set(palettes.diverging_colours(3, 3, "neutral"))
    assert not neutral & (set(palettes.FAVOURABLE[3]) | set(palettes.UNFAVOURABLE[3]))


@pytest.mark.parametrize("deficiency", [None, *DEFICIENCIES])
def test_better_and_worse_stay_far_apart_for_colour_blind_readers(deficiency):
    better = seen(palettes.VERDICT_COLOURS["gunstiger"], deficiency)
    worse = seen(palettes.VERDICT_COLOURS["ongunstiger"], deficiency)
    same = seen(palettes.VERDICT_COLOURS["gelijk"], deficiency)
    assert better.delta_e(worse, method="2000") >= 20
    assert better.delta_e(same, method="2000") >= 10 and worse.delta_e(same, method="2000") >= 10


def test_no_red_green_pair():
    hues = {name: Color(c).convert("lch")["hue"] for name, c in palettes.VERDICT_COLOURS.items()}
    green = [name for name, hue in hues.items() if hue == hue and 100 <= hue <= 170]
    assert not green, f"green verdict colours next to red/orange ones: {green}"


@pytest.mark.parametrize("name, colour", [*palettes.VERDICT_COLOURS.items(), ("nederland", palettes.NATIONAL_COLOUR),
                                          ("regio-lijn", charts.HIGHLIGHT), ("andere regio's", charts.OTHER),
                                          ("arcering geen gegevens", palettes.MISSING_HATCH),
                                          ("omlijning balken (ook 'geen oordeel')", charts.BAR_OUTLINE)])
def test_graphics_have_three_to_one_contrast_with_white(name, colour):
    assert palettes.contrast_ratio(colour, WHITE) >= 3, name


def test_theme_text_contrast():
    theme = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text())["theme"]
    for background in (theme["backgroundColor"], theme["secondaryBackgroundColor"]):
        assert palettes.contrast_ratio(theme["textColor"], background) >= 4.5
    # Primary buttons: white label on the primary colour.
    assert palettes.contrast_ratio(WHITE, theme["primaryColor"]) >= 4.5


def css_text_colours(css: str) -> list[str]:
    return re.findall(r"(?<![-\w])color:\s*(#[0-9a-fA-F]{3,6})", css)


@pytest.mark.parametrize("source, css", [("kaartlegenda", folium_elements.map_css()),
                                         ("kaartlegenda groot", folium_elements.map_css(1.25)),
                                         ("presentatie", presentatie.CSS)])
def test_text_colours_in_our_css_pass_aa(source, css):
    colours = css_text_colours(css)
    assert colours, f"no text colours found in {source}"
    for colour in colours:
        assert palettes.contrast_ratio(colour, WHITE) >= 4.5, (source, colour)


def test_chart_labels_pass_aa():
    spec = charts.ranked_bars(
        __import__("pandas").DataFrame({"name": ["A"], "value": [1.0], "verdict": ["gunstiger"], "label": ["1,0"]}),
        0.5, "%").to_dict()
    axis = spec["config"]["axis"]
    for key in ("labelColor", "titleColor"):
        assert palettes.contrast_ratio(axis[key], WHITE) >= 4.5


def test_verdict_badges_pick_readable_text():
    for colour in palettes.VERDICT_COLOURS.values():
        assert palettes.contrast_ratio(palettes.readable_text(colour), colour) >= 4.5, colour


def test_map_has_a_table_alternative():
    at = start()
    assert not at.dataframe, "the table is drawn on request (it slowed the first map)"
    at.toggle(key="kaart_table").set_value(True).run()
    table = at.dataframe[0].value
    assert len(table) == 342 and {"Gemeente", "Code", "Regio", "Waarde", "Verschil met Nederland"} <= set(table)
    at.radio(key="level").set_value("regio").run()
    assert len(at.dataframe[0].value) == 11


def test_charts_have_table_alternatives():
    at = start("vergelijken")
    ranking, series = at.table[0].value, at.dataframe[0].value
    assert len(ranking) == 14, "ranked bars: the rank table beside them (11 regions, NPVR, overig, Nederland)"
    assert len(series) == 13 and "Gebied" in series.columns and len(series.columns) > 5, \
        "time series as a table (11 regions, NPVR, NL)"
