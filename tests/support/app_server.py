"""Run the app with ``streamlit run`` on a free port of 127.0.0.1, for the browser tests and the bench
(not a test module). The server is stopped when the ``with`` block ends, whatever happens in it."""

from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def free_port() -> int:
    """A TCP port of 127.0.0.1 that nothing listens on right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_healthy(url: str, process: subprocess.Popen, seconds: float = 90) -> None:
    """Wait until Streamlit answers its health check; raise if it exits or takes longer than ``seconds``."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"streamlit exited with {process.returncode}")
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.5)
    raise TimeoutError(f"streamlit did not answer at {url} within {seconds} s")


@contextlib.contextmanager
def streamlit_server(script: str = "app.py", env_extra: dict | None = None, args: list[str] | None = None,
                     seconds: float = 90):
    """``streamlit run SCRIPT`` on a free port; yields ``(url, process)``; stops it afterwards."""
    port = free_port()
    env = dict(os.environ, STREAMLIT_BROWSER_GATHER_USAGE_STATS="false", **(env_extra or {}))
    process = subprocess.Popen([sys.executable, "-m", "streamlit", "run", script, "--server.headless", "true",
                                "--server.port", str(port), "--server.address", "127.0.0.1", *(args or [])],
                               cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    try:
        wait_healthy(url, process, seconds)
        yield url, process
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)
