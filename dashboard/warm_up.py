"""Prepare at server start what the first visitor would otherwise wait for: the monitor and the map's shapes.

``make app`` builds the tables before the server starts (``python -m monitor build``); the map's web
geometry (gemeenten and regions simplified, reprojected to WGS84 and published as a static file,
:mod:`dashboard.map_cache`) lives in the server's memory, so it is made when the server starts:
``serve.py`` runs :func:`lifespan`, which makes it before the server answers. A failure here is
only logged: the pages then show their own message (e.g. a refused snapshot) as before.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time

LOG = logging.getLogger("npvr.app")
CONTEXT_LOG = logging.getLogger("streamlit.runtime.scriptrunner_utils.script_run_context")
"""Warns "missing ScriptRunContext" for every cached call outside a page run: expected here, so silenced."""


def prepare() -> float:
    """Load the monitor and make the map's geometry in this process's caches; return the seconds taken."""
    from dashboard import map_cache
    from dashboard.state import get_monitor

    start = time.perf_counter()
    level = CONTEXT_LOG.level
    CONTEXT_LOG.setLevel(logging.ERROR)
    try:
        monitor = get_monitor()
        map_cache.get_geometry(monitor.fingerprint)
    finally:
        CONTEXT_LOG.setLevel(level)
    return time.perf_counter() - start


@contextlib.asynccontextmanager
async def lifespan(_app):
    """Streamlit ``App`` lifespan: :func:`prepare` (in a worker thread) before the first request."""
    try:
        seconds = await asyncio.to_thread(prepare)
        LOG.info("Monitor and map geometry ready in %.1f s", seconds)
    except Exception:  # noqa: BLE001 - the app reports data problems on its pages
        LOG.warning("Could not prepare the monitor and map at start-up; the first visitor waits", exc_info=True)
    yield None
