"""Real download of one small CBS table (needs internet; deselected by default with -m 'not network')."""

from __future__ import annotations

import pytest

from monitor.ingest.cache import DownloadCache
from monitor.ingest.cbs import CbsClient
from monitor.ingest.network import NetworkPolicy
from monitor.ingest.pipeline import download_dataset
from monitor.ingest.register import load_register


@pytest.mark.network
def test_fetch_kwb2024_area_and_housing_keys(tmp_path):
    spec = load_register().datasets["cbs_85984NED_kwb2024_keys"]
    client = CbsClient(NetworkPolicy(timeout=60, retries=2), DownloadCache(tmp_path))
    result = download_dataset(spec, client, progress=False)
    obs = result.observations
    gemeenten = set(obs.loc[obs["region_code"].str.startswith("GM"), "region_code"])
    assert len(gemeenten) == 342
    assert set(obs["measure"]) == {m.measure for m in spec.measures}
    assert {m["unit"] for m in result.measures} >= {"ha"}
    assert not any(code != code.strip() for code in obs["region_code"])
