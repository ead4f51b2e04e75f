"""Shareable-URL parsing: valid values are taken, everything else is ignored with a notice."""

from __future__ import annotations

import dataclasses

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dashboard.urlstate import LATEST, parse, to_params
from dashboard.view import DEFAULT_INDICATOR, View, defaults, from_session, to_session


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


_TEXT = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=60)
_NAMES = st.one_of(st.sampled_from(["indicator", "jaar", "regio", "niveau", "zoom", "klassen", "modus", "embed"]), _TEXT)
_VALUES = st.one_of(_TEXT, st.lists(_TEXT, max_size=4),
                    st.sampled_from(["recent", "2015", "2024", "twente", "regio", "presentatie", "natuurlijk"]))


@settings(max_examples=1500, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(params=st.dictionaries(_NAMES, _VALUES, max_size=8))
def test_any_parameters_give_a_valid_view_and_a_clean_link(monitor, params):
    """Property (hypothesis): whatever the link holds, the view is valid, notices are plain text and the
    link written back holds only known parameters that parse to the same view."""
    view = parse(params, monitor)
    assert set(view.values) <= {"indicator", "year", "region", "level", "zoom", "scheme", "mode"}
    if "indicator" in view.values:
        monitor.catalogue.get(view.values["indicator"])
    if "region" in view.values:
        assert view.values["region"] in monitor.regions.ids()
    if "year" in view.values:
        assert view.values["year"] == LATEST or 2000 <= view.values["year"] <= 2100
    for notice in view.ignored:
        assert not set(notice) & set("<>[]()*`") and len(notice) < 120
    again = parse(to_params(view.values), monitor)
    assert again.values == view.values and again.ignored == []


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


def test_a_view_round_trips_through_the_url_and_the_session(monitor):
    chosen = View(page="kaart", indicator="werkloosheid", year=2020, region="twente", level="regio", zoom="twente",
                  scheme="quantiles", mode="presentatie", slide="trends")
    params = to_params(chosen)
    assert params == {"indicator": "werkloosheid", "jaar": "2020", "regio": "twente", "niveau": "regio",
                      "zoom": "twente", "klassen": "kwantielen", "modus": "presentatie", "dia": "trends"}
    parsed = parse(params, monitor)
    assert parsed.ignored == [] and dataclasses.replace(View(page="kaart"), **parsed.values) == chosen
    assert from_session(to_session(chosen)) == chosen


def test_the_landing_view_is_the_default_indicator_and_the_first_region(monitor):
    landing = defaults(monitor.catalogue.ids(), monitor.regions.ids())
    assert landing == View(indicator=DEFAULT_INDICATOR, region=monitor.regions.ids()[0])
    assert to_params(landing) == {"indicator": "aandeel_65_plus", "jaar": "recent", "regio": monitor.regions.ids()[0],
                                  "niveau": "gemeente", "zoom": "nederland", "klassen": "nederland"}


def test_the_slide_is_in_the_url_only_while_presenting(monitor):
    assert "dia" not in to_params(View(indicator="werkloosheid", slide="stapeling"))
    assert to_params(View(indicator="werkloosheid", mode="presentatie"))["dia"] == "indicator"
    assert parse({"modus": "presentatie", "dia": "stapeling"}, monitor).values["slide"] == "stapeling"
    odd = parse({"modus": "presentatie", "dia": "<b>x</b>"}, monitor)
    assert "slide" not in odd.values and any(part.startswith("dia=") for part in odd.ignored)
