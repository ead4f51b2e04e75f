"""Bad input, network: a host that accepts connections but never answers fails fast, as offline (exit 3).

A local server on 127.0.0.1 accepts every connection and never sends a byte; it stops by itself
when the test ends (daemon thread, closed sockets). No internet is used.
"""

from __future__ import annotations

import socket
import threading
import time
from pathlib import Path

import pytest

from monitor.cli import main
from monitor.ingest.cache import DownloadCache
from monitor.ingest.cbs import CbsClient
from monitor.ingest.errors import OfflineError
from monitor.ingest.network import (CONNECT_TIMEOUT, FIRST_ANSWER_ATTEMPTS, FIRST_ANSWER_TIMEOUT, READ_TIMEOUT,
                                    NetworkPolicy)

FIXTURES = Path(__file__).parents[1] / "fixtures" / "odata"


@pytest.fixture
def silent_host():
    """``host:port`` of a server that accepts and never answers (for at most 60 s)."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(32)
    server.settimeout(0.1)
    held, stop = [], threading.Event()
    deadline = time.monotonic() + 60

    def serve():
        while not stop.is_set() and time.monotonic() < deadline:
            try:
                connection, _ = server.accept()
                held.append(connection)
            except OSError:
                continue

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    yield f"127.0.0.1:{server.getsockname()[1]}"
    stop.set()
    thread.join(timeout=5)
    for connection in held:
        connection.close()
    server.close()


def test_silent_host_is_offline_after_the_first_answer_budget(silent_host, tmp_path):
    lines: list[str] = []
    policy = NetworkPolicy(timeout=0.4, backoff=0.01, heartbeat=0.1, notify=lines.append)
    client = CbsClient(policy, DownloadCache(tmp_path / "cache"), silent_host)
    started = time.monotonic()
    with pytest.raises(OfflineError) as info:
        client.table_info("99001NED")
    elapsed = time.monotonic() - started
    assert elapsed < 5, f"took {elapsed:.1f} s"
    message = str(info.value)
    assert f"Geen antwoord van {silent_host}" in message and "No answer from" in message
    assert "--snapshot DIR" in message and "NPVR_SNAPSHOT" in message
    assert any(line.startswith(f"wachten op antwoord van {silent_host}") for line in lines)  # shows it waits
    assert any("retry 1" in line for line in lines)
    assert len(policy.log) == FIRST_ANSWER_ATTEMPTS - 1


def test_cli_snapshot_from_a_silent_host_exits_3_quickly(silent_host, tmp_path, capsys):
    register = tmp_path / "sources.yaml"
    register.write_text((FIXTURES / "sources_fixture.yaml").read_text(encoding="utf-8")
                        .replace("odata_catalog: opendata.cbs.nl", f"odata_catalog: {silent_host}"), encoding="utf-8")
    out = tmp_path / "snap"
    started = time.monotonic()
    code = main(["snapshot", "--out", str(out), "--register", str(register), "--timeout", "0.4",
                 "--backoff", "0.01", "--quiet"])
    elapsed = time.monotonic() - started
    assert code == 3
    assert elapsed < 10, f"took {elapsed:.1f} s"
    assert "Geen antwoord van" in capsys.readouterr().err
    assert not out.exists() and not [p for p in tmp_path.iterdir() if p.name.startswith(".snap")
                                     and not p.name.endswith(".download-cache")]


def test_read_timeout_is_long_only_once_the_host_answered():
    policy = NetworkPolicy()
    assert policy.timeouts == (CONNECT_TIMEOUT, FIRST_ANSWER_TIMEOUT)
    policy.online = True
    assert policy.timeouts == (CONNECT_TIMEOUT, READ_TIMEOUT)
    # worst case for a silent host with the defaults: well under the 348 s measured before
    assert FIRST_ANSWER_ATTEMPTS * max(CONNECT_TIMEOUT, FIRST_ANSWER_TIMEOUT) + 2 <= 60


def test_budget_stops_retries(monkeypatch):
    import requests

    clock = [0.0]
    monkeypatch.setattr("monitor.ingest.network.time.monotonic", lambda: clock[0])

    def slow_failure():
        clock[0] += 100
        raise requests.exceptions.ReadTimeout("read timed out")

    policy = NetworkPolicy(retries=10, budget=250, online=True, sleep=lambda s: None)
    from monitor.ingest.errors import IngestError

    with pytest.raises(IngestError, match="after 2 attempt"):
        policy.call("99001NED data", "opendata.cbs.nl", slow_failure)
