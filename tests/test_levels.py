"""Area levels are defined once (monitor/levels.py), and Monitor answers the questions the pages ask."""

from __future__ import annotations

from monitor.compute import pipeline as compute
from monitor.exports import writer as export
from monitor import levels
from monitor.maps import classes as map_classes
from monitor.data import LEVEL_LABELS
from monitor.reports import defaults


def test_every_level_is_defined_once_and_read_from_there():
    assert levels.LEVELS == ("gemeente", "regio", "nederland", "programma", "corop")
    assert levels.MAP_LEVELS == ("gemeente", "regio") == map_classes.LEVELS == defaults.LEVELS
    assert compute.LEVELS is levels.LEVELS and LEVEL_LABELS is levels.LABELS and export.LEVEL_SHEETS is levels.PLURALS
    assert levels.MAP_LEVEL_LABELS == {"gemeente": "Gemeenten", "regio": "Regio's"}
    # Tables for people: Nederland, the programme, the regions, COROP, then the gemeenten.
    assert sorted(levels.LEVELS, key=levels.DISPLAY_ORDER.get) == ["nederland", "programma", "regio", "corop",
                                                                   "gemeente"]


def test_stored_values_follow_the_level_order(monitor):
    part = monitor.table("aandeel_65_plus", monitor.years("aandeel_65_plus")[-1])
    order = [levels.STORED_ORDER[level] for level in part["level"].astype(str)]
    assert order == sorted(order) and set(part["level"].astype(str)) == set(levels.LEVELS)


def test_monitor_answers_the_pages_questions(monitor):
    values = monitor.values
    assert monitor.data_years() == sorted({int(y) for y in values["year"].unique()})
    assert monitor.newest_year() == int(values.loc[values["value"].notna(), "year"].max())
    with_regions = values[(values["level"] == "regio") & values["value"].notna()]["indicator"].astype(str)
    assert monitor.indicators_with_values("regio") == [i for i in monitor.catalogue.ids() if i in set(with_regions)]
    rows = monitor.level_rows("regio", "twente")
    assert len(rows) and (rows["level"] == "regio").all() and (rows["code"] == "twente").all()
    assert rows["value"].notna().all()
    programme = (values["level"] == "programma") & values["value"].notna()
    assert len(monitor.level_rows("programma")) == int(programme.sum())
