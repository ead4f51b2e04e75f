"""Helpers to run the scaled-out app (deploy/run_scaled.sh: 2 Streamlit processes + HAProxy) and to
open Streamlit sessions through it over the WebSocket protocol (not a test module; used by
tests/app/test_scale_out.py and bench/bench_app.py)."""

from __future__ import annotations

import asyncio
import contextlib
import os
import shutil
import signal
import subprocess
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path

from support.app_server import free_port

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = ROOT / "deploy" / "run_scaled.sh"
COOKIE = "NPVR_BACKEND"
BACKEND_HEADER = "X-NPVR-Backend"
HAPROXY = shutil.which("haproxy") or "/usr/sbin/haproxy"


@dataclass
class Scaled:
    """A running scaled-out app: the proxy's URL and the process group to stop."""

    url: str
    process: subprocess.Popen


def get(url: str, cookie: str | None = None, timeout: float = 10) -> tuple[int, dict[str, str]]:
    """HTTP GET; returns status and response headers (lower-case names)."""
    request = urllib.request.Request(url, headers={"Cookie": cookie} if cookie else {})
    with urllib.request.urlopen(request, timeout=timeout) as response:
        response.read()
        return response.status, {k.lower(): v for k, v in response.headers.items()}


@contextlib.contextmanager
def running_scaled(seconds: float = 120):
    """Start deploy/run_scaled.sh on free ports of 127.0.0.1; yield a :class:`Scaled` once the proxy
    alternates over both processes; stop the whole process group afterwards (bounded in time)."""
    env = dict(os.environ, STREAMLIT_BROWSER_GATHER_USAGE_STATS="false", HAPROXY=HAPROXY,
               NPVR_PROXY_BIND=f"127.0.0.1:{free_port()}", NPVR_APP1=f"127.0.0.1:{free_port()}",
               NPVR_APP2=f"127.0.0.1:{free_port()}", PYTHON=str(Path(os.sys.executable)))
    process = subprocess.Popen(["bash", str(SCRIPT)], cwd=ROOT, env=env, stdout=subprocess.DEVNULL,
                               stderr=subprocess.PIPE, start_new_session=True)
    url = f"http://{env['NPVR_PROXY_BIND']}"
    try:
        # Ready when round robin alternates over both processes for six requests in a row: a process
        # whose start-up failed health checks is first taken out of the rotation, then put back.
        seen: list[str] = []
        deadline = time.monotonic() + seconds
        while len(seen) < 6 or set(seen[-6:]) != {"app1", "app2"} or any(
                a == b for a, b in zip(seen[-6:], seen[-5:])):
            if process.poll() is not None:
                raise RuntimeError(f"run_scaled.sh exited with {process.returncode}: "
                                   f"{process.stderr.read().decode(errors='replace')[-2000:]}")
            if time.monotonic() > deadline:
                raise TimeoutError(f"the proxy did not alternate over both app processes within {seconds} s "
                                   f"(saw {seen[-6:]})")
            try:
                status, headers = get(f"{url}/_stcore/health", timeout=2)
                if status == 200 and headers.get(BACKEND_HEADER.lower()):
                    seen.append(headers[BACKEND_HEADER.lower()])
                else:
                    seen.clear()
            except OSError:
                seen.clear()
                time.sleep(0.5)
        yield Scaled(url, process)
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=10)


async def proxied_session(url: str, query: str = "", page: str = "", cookie: str | None = None) -> dict:
    """One browser-like session through the proxy: GET the page (the proxy assigns a process by
    cookie), then run the app over the WebSocket with that cookie until the script finished.

    Returns ``{"backend": from the cookie, "ws_backend": the process that answered the WebSocket,
    "seconds": ..., "bytes": received, "map": whether the map component was sent}``.
    """
    import websockets
    from streamlit.proto.BackMsg_pb2 import BackMsg
    from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

    started = time.perf_counter()
    status, headers = await asyncio.to_thread(get, url + "/", cookie)
    if cookie is None:
        set_cookie = headers.get("set-cookie", "")
        cookie = set_cookie.split(";", 1)[0]
    backend = cookie.split("=", 1)[1] if cookie.startswith(COOKIE + "=") else None
    ws_url = url.replace("http://", "ws://") + "/_stcore/stream"
    received, has_map = 0, False
    async with websockets.connect(ws_url, subprotocols=["streamlit"], max_size=None, open_timeout=120,
                                  additional_headers={"Cookie": cookie}) as ws:
        ws_backend = ws.response.headers.get(BACKEND_HEADER)
        message = BackMsg()
        message.rerun_script.query_string = query
        message.rerun_script.page_name = page
        await ws.send(message.SerializeToString())
        while True:
            raw = await asyncio.wait_for(ws.recv(), timeout=300)
            received += len(raw)
            has_map = has_map or b"st_folium" in raw
            forward = ForwardMsg()
            forward.ParseFromString(raw)
            # "/" forwards to /kaart: the first run ends early for that rerun; wait for the real end.
            if (forward.WhichOneof("type") == "script_finished"
                    and forward.script_finished != ForwardMsg.FINISHED_EARLY_FOR_RERUN):
                break
    return {"backend": backend, "ws_backend": ws_backend, "seconds": time.perf_counter() - started,
            "bytes": received, "map": has_map}
