"""The one Dutch wording module: numbers, values, differences, verdicts, coverage, missing and old data."""

from __future__ import annotations

import subprocess
import sys
from types import SimpleNamespace

from monitor import wording


def _indicator(unit="%", decimals=1, title="Werkloosheid", direction="lower"):
    return SimpleNamespace(unit=unit, decimals=decimals, title=title, direction=direction)


def test_numbers_the_dutch_way():
    assert wording.number(12345.678, 1) == "12.345,7"
    assert wording.number(1.25, 2, signed=True) == "+1,25"
    assert wording.number(-0.04, 1, signed=True) == "0,0"
    assert wording.number(None) == wording.number(float("nan")) == "geen gegevens" == wording.MISSING_TEXT
    assert wording.with_unit(12.34, "%") == "12,3%" and wording.with_unit(3.0, "km") == "3,0 km"


def test_values_as_people_say_them():
    assert wording.value(_indicator("aantal", 0, "Inwoners"), 106125) == "106.125 inwoners"
    assert wording.value(_indicator("aantal", 0, "Woningvoorraad"), 5000) == "5.000 woningen"
    assert wording.value(_indicator("aantal", 0, "Geboorten binnen het jaar"), 12) == "12 geboorten"
    assert wording.value(_indicator(), 4.26) == "4,3%"
    assert wording.value(_indicator(), float("nan")) == "geen gegevens"


def test_differences_and_index_with_the_dash():
    assert wording.difference(_indicator(), 1.234) == "+1,2 procentpunt"
    assert wording.difference(_indicator("km"), -0.5) == "-0,5 km"
    assert wording.difference(_indicator(), None) == wording.DASH == "—"
    assert wording.signed_number(2.0, 1) == "+2,0" and wording.signed_number(float("nan"), 1) == "—"
    assert wording.index(104.6) == "105" and wording.index(None) == "—"


def test_verdicts_and_directions():
    assert wording.verdict("ongunstiger") == "ongunstiger dan Nederland"
    assert wording.verdict("gelijk") == "gelijk aan Nederland"
    assert wording.verdict(None) == wording.verdict(float("nan")) == "geen oordeel"
    assert [wording.short_verdict(v) for v in ("gunstiger", "gelijk", "hoger", None)] == [
        "gunstiger", "gelijk", "hoger", "geen oordeel"]
    assert wording.direction(_indicator()) == "lager is gunstiger"
    assert wording.unfavourable_text(3, 12) == "3 van 12"
    assert wording.unfavourable_sentence(3, 12) == "3 van 12 ongunstiger dan Nederland"


def test_coverage_texts():
    assert wording.percent(0.519) == "52%"
    assert wording.coverage_cell(1.0) == "" and wording.coverage_cell(None) == ""
    assert wording.coverage_cell(0.9) == "90%" and wording.coverage_cell(0.52) == "52% · geen oordeel"
    assert wording.coverage_or_full(float("nan")) == "volledig" and wording.coverage_or_full(0.52) == "52%"
    assert wording.verdict_with_coverage(None, 0.52) == "geen oordeel (52%)"
    assert wording.verdict_with_coverage("gunstiger", 1.0) == "gunstiger"
    assert wording.coverage_sentence("Twente", 1.0) is None
    assert wording.coverage_sentence("Twente", 0.5).endswith("geen oordeel en geen rang.")
    assert "Onder 80% geen oordeel en geen rang." in wording.THRESHOLD_TEXT


def test_old_data_on_real_data(monitor):
    newest = wording.newest_year(monitor)
    assert wording.year_text(2017, True) == "2017 (oud)" and wording.year_text(2024, False) == "2024"
    assert wording.is_old(monitor, newest - wording.OLD_DATA_YEARS) and not wording.is_old(monitor, newest - 1)
    assert wording.old_data_text(monitor, "natuur_en_bos", 2017) == (
        f"Let op: meest recente cijfer is van 2017 (andere indicatoren tot {newest}).")
    assert wording.old_data_text(monitor, "natuur_en_bos", 2015) is None, "a chosen older year is no warning"
    assert wording.old_count_text(monitor, 2).startswith("Let op: bij 2 indicator(en)")


def test_the_wording_has_one_home():
    """No second module words values: the app and the reports import monitor.wording itself."""
    import importlib.util

    for old in ("dashboard.format", "dashboard.notes", "monitor.formatting"):
        assert importlib.util.find_spec(old) is None, old


def test_core_wording_and_profile_load_without_streamlit():
    code = ("import sys, monitor.wording, monitor.profile, monitor.reports.region_pdf; "
            "assert 'streamlit' not in sys.modules")
    subprocess.run([sys.executable, "-c", code], check=True)


def test_units_are_written_as_people_write_them():
    """Issue 24: "81,6 jaar", "€ 35.100" and "-6,5 huisartsenpraktijken", not "jaren", "x 1 000 euro", "aantal"."""
    assert wording.with_unit(81.6, "jaren") == "81,6 jaar"
    assert wording.with_unit(35.1, "x 1 000 euro") == "€ 35.100"
    assert wording.with_unit(-70295, "euro", 0, signed=True) == "-€ 70.295"
    assert wording.with_unit(-1.2, "x 1 000 banen", 1, signed=True) == "-1.200 banen"
    assert wording.with_unit(None, "x 1 000 euro") == wording.MISSING_TEXT

    class Count:
        title, unit, decimals = "Huisartsenpraktijken binnen 3 km", "aantal", 1
    assert wording.difference(Count, -6.5) == "-6,5 huisartsenpraktijken"


def test_one_date_style_for_users():
    """Issue 24: one date style ("7 december 2026", as the PDF already wrote); a snapshot's ISO ``built`` too."""
    import datetime as dt

    assert wording.date(dt.date(2026, 12, 7)) == "7 december 2026"
    assert wording.date("2026-01-05") == "5 januari 2026"
    assert wording.date(dt.datetime(2025, 3, 31, 23, 59)) == "31 maart 2025"
    assert wording.date("onbekend") == "onbekend"  # a manifest without a date is said as it is


def test_the_snapshot_date_is_shown_in_the_dutch_style(monitor):
    """The source line under every chart and map (app, slides) and the workbook's attribution say the snapshot's
    date as people write it, not ISO."""
    import re

    from monitor.exports.writer import sources_table

    assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", monitor.snapshot.built)  # the manifest's ISO date
    shown = wording.date(monitor.snapshot.built)
    assert f"snapshot van {shown};" in monitor.vintage and monitor.snapshot.built not in monitor.vintage
    attribution = sources_table(monitor).set_index("dataset").loc["bronvermelding", "titel"]
    assert f"Snapshot van {shown}." in attribution
