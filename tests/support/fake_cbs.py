"""The hand-made CBS source of the live-ingest tests (tests/fixtures/odata, SYNTHETIC values), shared by test folders."""

from __future__ import annotations

import importlib.util
from pathlib import Path

from monitor.ingest.job import SnapshotJob
from monitor.ingest.network import NetworkPolicy
from monitor.ingest.register import load_register

FIXTURES = Path(__file__).parents[1] / "fixtures" / "odata"
_spec = importlib.util.spec_from_file_location("fake_source", FIXTURES / "fake_source.py")
fake_source = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(fake_source)

GEMEENTEN = ["GM0001", "GM0002", "GM0003"]


def make_job(tmp_path, regions_dir, sleeps=None, **kwargs) -> SnapshotJob:
    """A ``snapshot --out`` job against the fixture register, writing to ``tmp_path / "snap"``."""
    sleeps = [] if sleeps is None else sleeps
    policy = NetworkPolicy(timeout=7, retries=kwargs.pop("retries", 2), backoff=0.5, sleep=sleeps.append)
    return SnapshotJob(out=tmp_path / "snap", register=load_register(FIXTURES / "sources_fixture.yaml"),
                       policy=policy, regions_dir=regions_dir, progress=False, indicator_dir=tmp_path, **kwargs)
