"""Process-wide settings of the app server: the garbage collector's view of long-lived objects."""

from __future__ import annotations

import gc
import os
import threading

_FROZEN: set[str] = set()
_FREEZE_LOCK = threading.Lock()


def freeze_long_lived(what: str) -> None:
    """Take what is alive now out of the cyclic garbage collector's scans (``gc.freeze``), once per ``what``.

    Streamlit runs a full collection after every script run (``runner.postScriptGC``). With the
    ~250,000 objects of pandas, folium, Altair and the cached monitor that cost 130 ms per rerun,
    most of a map switch. Called at the end of the first run of each page, after its imports and
    cached loads: those objects live as long as the process, so the collector need not scan them
    again; later objects are still collected after every run. Frozen objects are still freed by
    reference counting. ``NPVR_GC_FREEZE=0`` turns it off (for A/B measurements in ``bench/``).
    """
    if what in _FROZEN or os.environ.get("NPVR_GC_FREEZE") == "0":
        return
    with _FREEZE_LOCK:
        if what in _FROZEN:
            return
        gc.collect()
        gc.freeze()
        _FROZEN.add(what)
