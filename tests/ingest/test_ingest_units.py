"""Small pieces of the live ingest: value parsing, measure resolution, register, CLI."""

from __future__ import annotations

import argparse
import csv
from pathlib import Path

import pytest
import requests

from monitor.ingest import command
from monitor.ingest.cbs import build_filter, parse_value
from monitor.ingest.errors import IngestError
from monitor.ingest.network import NetworkPolicy, classify
from monitor.ingest.pipeline import compress_periods
from monitor.ingest.register import MeasureSpec, load_register
from monitor.ingest.resolve import Unresolved, resolve_measure, topics_from_properties

SHARED_MEASURES = Path(__file__).resolve().parents[2] / "data" / "snapshot" / "measures.csv"  # byte copy of the snapshot's


@pytest.mark.parametrize("raw, expected", [
    (None, None), (".", None), ("       .", None), ("x", None), ("", None), (float("nan"), None),
    (0, 0.0), ("0", 0.0), ("  12.5", 12.5), (3, 3.0), ("-4", -4.0),
])
def test_parse_value_treats_cbs_markers_as_missing_never_zero(raw, expected):
    assert parse_value(raw) == expected


def props(*topics):
    items = [{"ID": 0, "ParentID": None, "Type": "TopicGroup", "Key": "", "Title": "Leeftijd"},
             {"ID": 1, "ParentID": 0, "Type": "TopicGroup", "Key": "", "Title": "Leeftijdsgroepen"},
             {"ID": 2, "ParentID": 0, "Type": "TopicGroup", "Key": "", "Title": "Leeftijdsgroepen, relatief"}]
    for i, (key, title, unit, parent) in enumerate(topics, start=3):
        items.append({"ID": i, "ParentID": parent, "Type": "Topic", "Key": key, "Title": title, "Unit": unit,
                      "Description": " a\r\n b "})
    return topics_from_properties(items)


def test_topic_paths_are_statline_column_titles():
    topic = props(("JongerDan5Jaar_4", "Jonger dan 5 jaar", "aantal", 1))[0]
    assert topic.path == "Leeftijd/Leeftijdsgroepen/Jonger dan 5 jaar (aantal)"
    assert (topic.stem, topic.number, topic.description) == ("JongerDan5Jaar", 4, "a b")


def test_renumbered_key_with_two_candidates_is_narrowed_by_path_then_number():
    topics = props(("JongerDan5Jaar_5", "Jonger dan 5 jaar", "aantal", 1), ("JongerDan5Jaar_14", "Jonger dan 5 jaar", "%", 2))
    spec = MeasureSpec("m", key="JongerDan5Jaar_13", path="Leeftijd/Leeftijdsgroepen, relatief/Jonger dan 5 jaar (%)")
    by_path = resolve_measure(spec, topics, "T")
    assert by_path.topic.key == "JongerDan5Jaar_14" and by_path.how == "key stem" and by_path.changes
    by_number = resolve_measure(MeasureSpec("m", key="JongerDan5Jaar_4", titles=("Jonger dan 5 jaar",)), topics, "T")
    assert by_number.topic.key == "JongerDan5Jaar_5"
    exact = resolve_measure(MeasureSpec("m", key="JongerDan5Jaar_5", titles=("Jonger dan 5 jaar",)), topics, "T")
    assert exact.how == "key" and exact.changes == ()


def test_unresolvable_measure_names_close_topics():
    topics = props(("Mannen_2", "Mannen", "aantal", None))
    with pytest.raises(Unresolved, match="Mannen_2"):
        resolve_measure(MeasureSpec("m", key="Vrouwen_3", titles=("Vrouwen",)), topics, "T")


def test_filter_and_periods():
    text = build_filter("RegioS", "Perioden", ["2015", "2019"], {"Geslacht": "T001038"})
    assert text == ("(substringof('GM',RegioS) or substringof('NL',RegioS)) and "
                    "(Perioden eq '2015JJ00' or Perioden eq '2019JJ00') and Geslacht eq 'T001038'")
    assert compress_periods(["2014", "2012", "2013"]) == "2012-2014"
    assert compress_periods(["2015", "2019"]) == "2015, 2019"


def test_network_classification_and_retry_limit():
    assert classify(requests.exceptions.ReadTimeout()) == "retry"
    assert classify(requests.ConnectionError()) == "offline"
    not_found = requests.HTTPError(response=type("R", (), {"status_code": 404})())
    assert classify(not_found) == "fatal"
    sleeps = []
    policy = NetworkPolicy(retries=1, backoff=1, sleep=sleeps.append, online=True)

    def always_drop():
        raise requests.ConnectionError("connection reset")

    with pytest.raises(IngestError, match="after 2 attempt"):
        policy.call("x", "host", always_drop)
    assert sleeps == [1]  # once online, a dropped connection is retried, not called offline


def test_real_register_loads_and_covers_the_catalogue():
    register = load_register()
    assert len(register.datasets) == 34  # every observation dataset of snapshot version 3
    assert register.datasets["cbs_kwb_2020_2025_wonen"].tables[0].table == "84799NED"
    from monitor.ingest.pipeline import uncovered_catalogue_pairs

    assert uncovered_catalogue_pairs(register, register.path.parent) == []


def test_real_register_covers_every_measure_of_the_shared_snapshot():
    register = load_register()
    with open(SHARED_MEASURES, newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    shared = {(r["dataset"], r["measure"]) for r in rows if r["dataset"] in register.datasets}  # skips a broken line
    known = {(d, m.measure) for d, spec in register.datasets.items() for m in spec.measures}
    assert shared == known
    assert len(known) == 749  # 496 of version 2 + 253 of version 3
    # One Gezondheidsmonitor table serves two age groups, each with its own Leeftijd filter.
    health = register.datasets["cbs_85012NED_gezondheidsmonitor_2020"]
    units = {m.measure: health.units_for(m)[0] for m in health.measures}
    assert units["Mantelzorger_14_65plus"].filter_rules() == {"Leeftijd": {"title": "65 jaar of ouder"}}
    assert units["Mantelzorger_14_18plus"].filter_rules() == {"Leeftijd": {"title": "18 jaar of ouder"}}


def test_register_errors_name_the_entry(tmp_path):
    bad = tmp_path / "sources.yaml"
    bad.write_text("datasets:\n  x:\n    source: cbs_odata\n    tables: [{table: 1NED}]\n    measures: {m: {}}\n"
                   "boundaries: {wfs_url: u, layer: l}\n")
    with pytest.raises(IngestError, match="datasets.x.tables.*year.*periods"):
        load_register(bad)


def test_cli_contract_and_offline_exit_code(tmp_path, monkeypatch, capsys):
    def offline(session, prepared, **kwargs):
        raise requests.ConnectionError("Name or service not known")

    monkeypatch.setattr(requests.Session, "send", offline)
    parser = argparse.ArgumentParser(prog="monitor")
    sub = parser.add_subparsers()
    command.add_parser(sub)
    with pytest.raises(SystemExit):
        parser.parse_args(["snapshot"])  # --out or --check is required
    args = parser.parse_args(["snapshot", "--out", str(tmp_path / "s"), "--quiet", "--years", "2020-2021,2024",
                              "--carry-over-from", str(tmp_path / "none")])
    assert args.years == {"2020", "2021", "2024"} and args.func is command.run
    assert command.run(args) == command.EXIT_OFFLINE
    err = capsys.readouterr().err
    assert "NPVR_SNAPSHOT" in err and "--snapshot DIR" in err
    assert not (tmp_path / "s").exists()


def test_period_suffix_asks_for_half_years_and_december():
    text = build_filter("RegioS", "Perioden", ["2017", "2024"], {}, period_suffix="HJ01")
    assert "Perioden eq '2017HJ01'" in text and "Perioden eq '2024HJ01'" in text and "JJ00" not in text
    assert "Perioden eq '2023MM12'" in build_filter("RegioS", "Perioden", ["2023"], {}, period_suffix="MM12")


def test_one_measure_from_two_tables_that_share_a_unit_name():
    register = load_register()
    youth = register.datasets["cbs_84134NED_85099NED_jeugdzorg"]
    spec = next(m for m in youth.measures if m.measure == "JongerenMetJeugdzorg_1_1ehalfjaar")
    units = youth.units_for(spec)
    assert [(u.table, u.period_suffix, u.periods[0], u.periods[-1]) for u in units] == [
        ("84134NED", "HJ01", "2015", "2020"), ("85099NED", "HJ01", "2021", "2024")]
    health = register.datasets["cbs_85563NED_gezondheidsmonitor_2022"]
    bound = next(m for m in health.measures if m.measure == "Mantelzorger_12_18plus_ondergrens95")
    assert bound.key == "Mantelzorger_12"
    assert health.units_for(bound)[0].filter_rules() == {"Leeftijd": {"title": "18 jaar of ouder"},
                                                          "Marges": {"title": "Ondergrens 95%-interval"}}
