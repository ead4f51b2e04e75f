"""Live ingest against hand-made OData responses (tests/fixtures/odata, synthetic values).

The real download code (cbsodata, requests, the pipeline and the writer) runs; only
requests.Session.send is replaced by a fake server.
"""

from __future__ import annotations

import json
from pathlib import Path
from urllib.parse import unquote_plus

import pandas as pd
import pytest
import requests

from monitor.ingest.errors import IngestError, OfflineError
from monitor.ingest.register import load_register
from monitor.snapshot import load_snapshot
from support.fake_cbs import FIXTURES, GEMEENTEN, fake_source, make_job

@pytest.fixture
def regions_dir(tmp_path):
    folder = tmp_path / "regions"
    folder.mkdir()
    (folder / "npvr_regions.csv").write_text(
        "region_id,region_name,gemeente_code,gemeente_name,province,confidence,source\n"
        "nep,Nepregio,GM0001,Nepdorp,Nepland,high,synthetic\n", encoding="utf-8")
    return folder


@pytest.fixture
def fake(monkeypatch):
    return fake_source.FakeSource(fake_source.load_fixture_tables(), fake_source.square_features(GEMEENTEN)).install(monkeypatch)


def read(snapshot: Path, name: str) -> pd.DataFrame:
    return pd.read_csv(snapshot / name, dtype=str, keep_default_na=False)


def values(obs: pd.DataFrame, dataset: str, measure: str) -> dict:
    part = obs[(obs.dataset == dataset) & (obs.measure == measure)]
    return {(r.region_code, r.period): float(r.value) for r in part.itertuples()}


def test_padded_codes_missing_markers_and_units(tmp_path, regions_dir, fake):
    out = make_job(tmp_path, regions_dir).run()
    obs = read(out, "observations.csv")
    kwb = obs[obs.dataset == "nep_kwb"]
    assert set(kwb.region_code) == {"NL01", "GM0001", "GM0002", "GM0003"}  # NL00 -> NL01, WK/BU dropped, stripped
    assert values(obs, "nep_kwb", "Bevolking/Aantal inwoners (aantal)") == {
        ("NL01", "2024"): 30, ("GM0001", "2024"): 10, ("GM0002", "2024"): 20, ("GM0003", "2024"): 0}
    # null and "." are missing -> absent rows, never 0; a real 0 stays 0
    assert ("GM0002", "2024") not in values(obs, "nep_kwb", "Bevolking/Leeftijdsgroepen/65 jaar of ouder (aantal)")
    woz = values(obs, "nep_kwb", "g_wozbag")
    assert ("GM0002", "2024") not in woz
    assert woz[("GM0001", "2024")] == 3000 and woz[("GM0003", "2024")] == 1250  # x 1 000 euro -> euro
    assert (obs.value != "").all() and not obs.value.str.endswith(".0").any()
    measures = read(out, "measures.csv").set_index(["dataset", "measure"])
    assert measures.loc[("nep_kwb", "g_wozbag"), "unit"] == "euro"
    row = measures.loc[("nep_kwb", "Bevolking/Aantal inwoners (aantal)")]
    assert (row.title_nl, row.unit) == ("Aantal inwoners", "aantal")
    assert row.description == "Nep: aantal inwoners op 1 januari. Tweede regel."  # CR/LF collapsed
    datasets = read(out, "datasets.csv").set_index("dataset")
    assert datasets.loc["nep_kwb", "national_row"].startswith("yes (NL00")
    assert "99001NED" in datasets.loc["nep_kwb", "retrieved_from"]
    snap = load_snapshot(out)  # the project's own loader accepts the output
    assert snap.boundaries().crs.to_epsg() == 28992
    assert sorted(snap.boundaries()["gemeente_code"]) == GEMEENTEN
    assert (out / "regions" / "npvr_regions.csv").is_file()
    manifest = json.loads((out / "manifest.json").read_text())
    assert manifest["observations"] == len(obs) and manifest["datasets"] == 3
    assert "boundaries/gemeenten_2025.gpkg" in manifest["files"]


def test_requests_keep_codes_filter_regions_and_pass_timeout(tmp_path, regions_dir, fake):
    make_job(tmp_path, regions_dir).run()
    data = [u for u in fake.requests if "99002NED/TypedDataSet" in u]
    assert data, fake.requests
    query = unquote_plus(data[0])
    assert "substringof('GM',RegioS)" in query and "Perioden eq '2015JJ00'" in query
    assert "$select=RegioS,Perioden,GrijzeDruk_25,Mannen_2,TotaleBevolking_1" in query
    assert all(t == (7, 7) for t in fake.timeouts)  # (connect, read) seconds, both bounded by --timeout
    assert fake.count("$skip=") > 0  # odata.nextLink paging followed


def test_metadata_changed_key_renamed_and_title_changed(tmp_path, regions_dir, fake):
    job = make_job(tmp_path, regions_dir)
    out = job.run()
    obs = read(out, "observations.csv")
    assert values(obs, "nep_kerncijfers", "GrijzeDruk_24") == {
        ("NL01", "2015"): 20.5, ("GM0001", "2015"): 25, ("NL01", "2019"): 22, ("GM0001", "2019"): 27, ("GM0002", "2019"): 18.5}
    regions = set(obs[obs.dataset == "nep_kerncijfers"].region_code)
    assert regions == {"NL01", "GM0001", "GM0002"}  # PV20 dropped, GM0009 has no values at all
    assert set(obs[obs.dataset == "nep_kerncijfers"].period) == {"2015", "2019"}  # 2020 not asked for
    resolved = read(out, "resolved_keys.csv").set_index(["dataset", "measure"])
    assert resolved.loc[("nep_kerncijfers", "GrijzeDruk_24"), "odata_key"] == "GrijzeDruk_25"
    assert resolved.loc[("nep_kerncijfers", "GrijzeDruk_24"), "found_by"] == "key stem"
    measures = read(out, "measures.csv").set_index(["dataset", "measure"])
    assert measures.loc[("nep_kerncijfers", "Mannen_2"), "title_nl"] == "Mannen (totaal)"
    notes = read(out, "datasets.csv").set_index("dataset").loc["nep_kerncijfers", "notes"]
    assert "GrijzeDruk_25 by key stem" in notes and "title changed: 'Mannen' -> 'Mannen (totaal)'" in notes
    assert any("GrijzeDruk_25" in m for m in job.messages)


def test_unresolvable_measure_stops_or_is_skipped(tmp_path, regions_dir, fake):
    props = fake.tables["99002NED"]["DataProperties"]
    fake.tables["99002NED"]["DataProperties"] = [p for p in props if p.get("Key") != "GrijzeDruk_25"]
    with pytest.raises(IngestError, match="GrijzeDruk_24.*--skip-unresolved"):
        make_job(tmp_path, regions_dir).run()
    assert not (tmp_path / "snap").exists()
    out = make_job(tmp_path, regions_dir, skip_unresolved=True).run()
    assert "GrijzeDruk_24" not in set(read(out, "measures.csv").measure)


def test_dimension_selected_by_title(tmp_path, regions_dir, fake):
    out = make_job(tmp_path, regions_dir).run()
    obs = read(out, "observations.csv")
    assert values(obs, "nep_bevolking", "PopulationOn1January_1") == {
        ("NL01", "2022"): 30, ("GM0001", "2022"): 10, ("GM0001", "2023"): 11}
    assert fake.count("99003NED/Geslacht") == 1
    assert any("Geslacht eq 'T001038'" in unquote_plus(u) for u in fake.requests)


def test_timeout_then_success_retries_with_backoff(tmp_path, regions_dir, fake):
    sleeps: list[float] = []
    fake.fail("99002NED/TypedDataSet", requests.exceptions.ReadTimeout("read timed out"),
              requests.exceptions.ConnectTimeout("connect timed out"))
    job = make_job(tmp_path, regions_dir, sleeps=sleeps)
    out = job.run()
    assert sleeps == [0.5, 1.0]
    assert len(job.policy.log) == 2 and "ReadTimeout" in job.policy.log[0]
    assert values(read(out, "observations.csv"), "nep_kerncijfers", "TotaleBevolking_1")[("GM0001", "2019")] == 11


def test_persistent_failure_keeps_previous_snapshot_and_resumes(tmp_path, regions_dir, monkeypatch):
    tables = fake_source.load_fixture_tables()
    first = fake_source.FakeSource(tables, fake_source.square_features(GEMEENTEN)).install(monkeypatch)
    previous = make_job(tmp_path, regions_dir).run()
    before = {p.name: p.read_bytes() for p in previous.iterdir() if p.is_file()}
    assert first.count("TypedDataSet") > 0

    broken = fake_source.FakeSource(fake_source.load_fixture_tables(),
                                    fake_source.square_features(GEMEENTEN)).install(monkeypatch)
    broken.tables["99001NED"]["TypedDataSet"][1]["AantalInwoners_5"] = 99  # a newer release
    broken.fail("99003NED/TypedDataSet", 503, "always")
    sleeps: list[float] = []
    with pytest.raises(IngestError, match="99003NED.*after 3 attempt"):
        make_job(tmp_path, regions_dir, sleeps=sleeps).run()
    assert sleeps == [0.5, 1.0]
    assert {p.name: p.read_bytes() for p in previous.iterdir() if p.is_file()} == before
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".snap-")] == []
    load_snapshot(previous)

    healed = fake_source.FakeSource(broken.tables, fake_source.square_features(GEMEENTEN)).install(monkeypatch)
    out = make_job(tmp_path, regions_dir).run()
    assert healed.count("99001NED") == 0 and healed.count("99002NED") == 0  # verified downloads reused
    assert healed.count("99003NED/TypedDataSet") >= 1
    assert values(read(out, "observations.csv"), "nep_kwb", "Bevolking/Aantal inwoners (aantal)")[("GM0001", "2024")] == 99
    assert not (tmp_path / ".snap.download-cache").exists()  # removed after success


def test_damaged_cache_entry_is_fetched_again(tmp_path, regions_dir, fake):
    make_job(tmp_path, regions_dir, keep_cache=True).run()
    cache = tmp_path / ".snap.download-cache"
    entry = next(cache.glob("99001NED_DataProperties.json"))
    entry.write_text(entry.read_text().replace("Aantal inwoners", "Kapot"))
    fake.requests.clear()
    make_job(tmp_path, regions_dir).run()
    assert fake.count("99001NED/DataProperties") == 1 and fake.count("99002NED/DataProperties") == 0


def test_offline_stops_at_once_with_clear_message(tmp_path, regions_dir, fake):
    fake.offline = True
    sleeps: list[float] = []
    with pytest.raises(OfflineError) as info:
        make_job(tmp_path, regions_dir, sleeps=sleeps).run()
    assert len(fake.requests) == 1 and sleeps == []
    message = str(info.value)
    assert "Geen verbinding" in message and "No connection" in message
    assert "--snapshot DIR" in message and "NPVR_SNAPSHOT" in message
    assert not (tmp_path / "snap").exists()


def test_carry_over_needs_a_snapshot(tmp_path, regions_dir, fake):
    register = load_register(FIXTURES / "sources_fixture.yaml")
    spec = register.datasets["nep_kwb"]
    object.__setattr__(spec, "source", "carry_over")
    job = make_job(tmp_path, regions_dir)
    job.register = register
    with pytest.raises(IngestError, match="--carry-over-from"):
        job.run()
