"""The Eurostat register (indicators/sources.yaml) and the bulk-TSV parser, on SYNTHETIC hand-made files.

tests/fixtures/eurostat/*.tsv are made by hand (see the README there): invented values in Eurostat's layout.
"""

from __future__ import annotations

import gzip
from pathlib import Path

import pytest

from monitor.ingest.errors import IngestError
from monitor.ingest.eurostat import FLAG_COLUMNS, OBSERVATION_COLUMNS, fetch, load_eurostat_register, parse_tsv

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "eurostat"


@pytest.fixture(scope="module")
def register():
    return load_eurostat_register()


def test_the_register_knows_where_each_eurostat_table_comes_from(register, real_snapshot):
    assert set(register.tables) == {"eurostat_nama_10r_3gdp", "eurostat_demo_r_pjanaggr3"}
    for table in register.tables.values():
        assert table.url.startswith("https://ec.europa.eu/eurostat/") and table.code in table.url
        assert "compressed=true" in table.url and "format=TSV" in table.url
    # Every measure and NUTS code of the snapshot's extract is in the register, so a refresh gives the same shape.
    import csv

    with open(real_snapshot / "nuts3_measures.csv", newline="", encoding="utf-8") as handle:
        measures = {(r["dataset"], r["measure"]) for r in csv.DictReader(handle)}
    assert measures == {(d, m) for d, t in register.tables.items() for m in t.measures}
    with open(real_snapshot / "regions" / "nuts3_2021.csv", newline="", encoding="utf-8") as handle:
        assert {r["nuts_code"] for r in csv.DictReader(handle)} == set(register.geo)
    assert register.tables["eurostat_nama_10r_3gdp"].label == "nama_10r_3gdp (bijgewerkt 21 februari 2023)"


def test_parse_values_flags_and_missing_cells(register):
    table = register.tables["eurostat_nama_10r_3gdp"]
    data = gzip.compress((FIXTURES / "nama_10r_3gdp_synthetic.tsv").read_bytes())
    observations, flags = parse_tsv(data, table, geo=register.geo)
    assert list(observations.columns) == OBSERVATION_COLUMNS and list(flags.columns) == FLAG_COLUMNS
    rows = {(r.measure, r.region_code, r.period): r.value for r in observations.itertuples()}
    assert rows == {("EUR_HAB", "BE224", 2020): 41000.0, ("EUR_HAB", "BE224", 2019): 40100.0,
                    ("EUR_HAB", "DEA1B", 2020): 33300.0, ("PPS_EU27_2020_HAB", "BE224", 2020): 35200.0}
    # ':' is missing (no row, even with a flag); XX999 is not kept; MIO_NAC is not a register measure.
    assert {(r.measure, r.region_code, r.period, r.flag) for r in flags.itertuples()} == {
        ("EUR_HAB", "BE224", 2020, "p"), ("EUR_HAB", "DEA1B", 2020, "e"), ("PPS_EU27_2020_HAB", "BE224", 2020, "p")}
    assert set(observations["dataset"]) == {"eurostat_nama_10r_3gdp"}


def test_parse_the_old_header_and_several_dimensions(register):
    table = register.tables["eurostat_demo_r_pjanaggr3"]
    observations, flags = parse_tsv((FIXTURES / "demo_r_pjanaggr3_synthetic.tsv").read_text(), table)
    rows = {(r.measure, r.region_code, r.period): r.value for r in observations.itertuples()}
    assert rows == {("NR_T_TOTAL", "DE", 2022): 83237124.0, ("NR_T_TOTAL", "DE", 2011): 80222065.0,
                    ("NR_T_Y_GE65", "DE", 2022): 18500000.0, ("NR_T_Y_GE65", "DE", 2011): 16600000.0}
    assert flags.to_dict("records") == [{"dataset": "eurostat_demo_r_pjanaggr3", "measure": "NR_T_TOTAL",
                                         "region_code": "DE", "period": 2011, "flag": "b"}]


@pytest.mark.parametrize("text, message", [
    ("unit,nuts\\time\t2020 \nEUR_HAB,BE224\t1 \n", "no geo dimension"),
    ("unit,geo\\time\t2020 \nEUR_HAB,BE224\tabc \n", "is not a number"),
    ("", "empty"),
])
def test_a_bad_file_names_what_is_wrong(register, text, message):
    with pytest.raises(IngestError, match=message):
        parse_tsv(text, register.tables["eurostat_nama_10r_3gdp"])


def test_fetch_uses_the_register_url_and_the_network_policy(register):
    table = register.tables["eurostat_nama_10r_3gdp"]
    calls = []

    class Response:
        content = b"data"

        def raise_for_status(self):
            return None

    class Session:
        def get(self, url, timeout):
            calls.append((url, timeout))
            return Response()

    class Policy:
        timeouts = (10, 20)

        def call(self, what, host, func):
            calls.append((what, host))
            return func()

    assert fetch(table, Policy(), Session()) == b"data"
    assert calls == [("Eurostat nama_10r_3gdp", "ec.europa.eu"), (table.url, (10, 20))]


def test_a_broken_register_section_is_named(tmp_path):
    path = tmp_path / "sources.yaml"
    path.write_text("eurostat:\n  datasets:\n    x: {code: x, url: u, measures: {A: {unit: A}}}\n", encoding="utf-8")
    with pytest.raises(IngestError, match="x lacks last_update"):
        load_eurostat_register(path)


def test_a_live_snapshot_gets_the_parsed_extract_and_the_carried_tables(register, real_snapshot):
    from monitor.ingest.eurostat import eurostat_files
    from monitor.snapshot import load_snapshot

    synthetic = {"nama_10r_3gdp": FIXTURES / "nama_10r_3gdp_synthetic.tsv",
                 "demo_r_pjanaggr3": FIXTURES / "demo_r_pjanaggr3_synthetic.tsv"}
    carry = load_snapshot(real_snapshot, lazy=True)
    files, messages = eurostat_files(register, lambda table: gzip.compress(synthetic[table.code].read_bytes()), carry)
    assert sorted(files) == ["nuts3_flags.csv", "nuts3_measures.csv", "nuts3_observations.csv",
                             "regions/npvr_border_neighbours.csv", "regions/nuts3_2021.csv"]
    lines = files["nuts3_observations.csv"].decode().splitlines()
    assert lines[0] == "dataset,measure,region_code,period,value" and len(lines) == 1 + 4 + 4
    assert "eurostat_nama_10r_3gdp,EUR_HAB,BE224,2020,41000" in lines
    assert files["nuts3_flags.csv"].decode().splitlines()[0] == "dataset,measure,region_code,period,flag"
    assert files["regions/nuts3_2021.csv"] == (real_snapshot / "regions" / "nuts3_2021.csv").read_bytes()
    assert any("nama_10r_3gdp: 4 values, 3 flags" in m for m in messages)


def test_offline_eurostat_keeps_the_earlier_extract_with_a_warning(register, real_snapshot):
    from monitor.ingest.errors import OfflineError
    from monitor.ingest.eurostat import eurostat_files
    from monitor.snapshot import load_snapshot

    def offline(table):
        raise OfflineError("ec.europa.eu")

    files, messages = eurostat_files(register, offline, load_snapshot(real_snapshot, lazy=True))
    assert files["nuts3_flags.csv"] == (real_snapshot / "nuts3_flags.csv").read_bytes()
    assert files["nuts3_observations.csv"] == (real_snapshot / "nuts3_observations.csv").read_bytes()
    assert any(m.startswith("warning: Eurostat not refreshed") for m in messages)
    assert eurostat_files(register, offline, None) == ({}, [messages[0]])
