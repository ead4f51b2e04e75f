"""Shareable-URL parsing: valid values are taken, everything else is ignored with a notice."""

from __future__ import annotations

import random
import string

import pytest

from dashboard.urlstate import LATEST, parse, to_params


def test_valid_parameters_round_trip(monitor):
    params = {"indicator": "aandeel_65_plus", "jaar": "2024", "regio": "twente", "niveau": "regio",
              "modus": "presentatie"}
    view = parse(params, monitor)
    assert view.ignored == []
    assert view.values == {"indicator": "aandeel_65_plus", "year": 2024, "region": "twente", "level": "regio",
                           "mode": "presentatie"}
    assert to_params(view.values) == params


def test_recent_year_and_repeated_parameter(monitor):
    view = parse({"jaar": ["2015", "recent"], "indicator": ["x", "bevolking"]}, monitor)
    assert view.values == {"year": LATEST, "indicator": "bevolking"} and view.ignored == []


@pytest.mark.parametrize("params, fragment", [
    ({"indicator": "bestaat_niet"}, "indicator=bestaat_niet"),
    ({"jaar": "1850"}, "jaar=1850"),
    ({"jaar": "twintig"}, "jaar=twintig"),
    ({"regio": "atlantis"}, "regio=atlantis"),
    ({"niveau": "provincie"}, "niveau=provincie"),
    ({"modus": "kiosk"}, "modus=kiosk"),
    ({"foo": "bar"}, "onbekende parameter “foo”"),
])
def test_bad_parameters_are_ignored_with_a_notice(monitor, params, fragment):
    view = parse(params, monitor)
    assert view.values == {}
    assert len(view.ignored) == 1 and fragment in view.ignored[0]


def test_notices_never_carry_markup(monitor):
    view = parse({"<script>alert(1)</script>": "x", "regio": "**[klik](javascript:alert(1))**" * 10}, monitor)
    text = " ".join(view.ignored)
    for dangerous in "<>[]()*`":
        assert dangerous not in text
    assert all(len(notice) < 120 for notice in view.ignored)


def test_random_parameters_never_raise(monitor):
    rng = random.Random(20261123)
    alphabet = string.printable + "éëïü€漢字\u202e\x00"
    names = ["indicator", "jaar", "regio", "niveau", "modus", "x", ""]
    for _ in range(2000):
        params = {rng.choice(names) + rng.choice(["", "".join(rng.choices(alphabet, k=3))]):
                  "".join(rng.choices(alphabet, k=rng.randint(0, 30))) for _ in range(rng.randint(0, 6))}
        view = parse(params, monitor)
        assert set(view.values) <= {"indicator", "year", "region", "level", "mode"}


def test_zoom_and_classes_round_trip(monitor):
    params = {"zoom": "twente", "klassen": "natuurlijk"}
    view = parse(params, monitor)
    assert view.values == {"zoom": "twente", "scheme": "natural_breaks"} and view.ignored == []
    assert to_params(view.values) == params
    assert parse({"zoom": "nederland"}, monitor).values == {"zoom": "nederland"}
    assert parse({"zoom": "GM0363", "klassen": "quantiles"}, monitor).values == {}
    against = parse({"klassen": "nederland"}, monitor)
    assert against.values == {"scheme": "national"} and to_params(against.values) == {"klassen": "nederland"}


def test_streamlit_parameters_are_not_reported(monitor):
    assert parse({"embed": "true", "embed_options": "light_theme"}, monitor).ignored == []


def test_long_values_are_cut_with_an_ellipsis(monitor):
    notice = parse({"regio": "x" * 500}, monitor).ignored[0]
    assert notice.count("x") == 40 and "…" in notice
