"""Scale-out: two app processes behind HAProxy with sticky sessions (deploy/run_scaled.sh).

Starts the documented deployment on free ports of 127.0.0.1, opens sessions through the proxy
like browsers do (page request, then the WebSocket with the proxy's cookie) and checks that both
processes serve sessions and that every session stays on its process. Stops everything itself.
"""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

from support.scaled_app import COOKIE, HAPROXY, get, proxied_session, running_scaled

pytestmark = [pytest.mark.scale_out, pytest.mark.slow, pytest.mark.timeout(240)]


@pytest.fixture(scope="module")
def scaled():
    if not Path(HAPROXY).exists():
        pytest.fail("haproxy is needed for the scale-out test: 'make proxy' (apt-get install haproxy)")
    with running_scaled() as running:
        yield running


def test_sessions_spread_over_both_processes_and_stay_on_theirs(scaled):
    async def sessions():
        return await asyncio.gather(*(proxied_session(scaled.url, "indicator=werkloosheid") for _ in range(4)))

    results = asyncio.run(sessions())
    assert {r["backend"] for r in results} == {"app1", "app2"}, results  # round-robin for new browsers
    for result in results:
        assert result["ws_backend"] == result["backend"], result  # the WebSocket went where the cookie says
        assert result["map"], result  # and the app drew its map there
    for backend in ("app1", "app2"):
        for _ in range(3):  # a known browser always returns to its process (its downloads live there)
            _, headers = get(scaled.url + "/", cookie=f"{COOKIE}={backend}")
            assert headers["x-npvr-backend"] == backend


def test_the_proxy_config_is_valid():
    import os
    import subprocess

    env = dict(os.environ, NPVR_PROXY_BIND="127.0.0.1:8501", NPVR_APP1="127.0.0.1:8511", NPVR_APP2="127.0.0.1:8512")
    root = Path(__file__).resolve().parents[2]
    out = subprocess.run([HAPROXY, "-c", "-f", str(root / "deploy" / "haproxy.cfg")], env=env, capture_output=True,
                         text=True, timeout=30)
    assert out.returncode == 0, out.stdout + out.stderr
