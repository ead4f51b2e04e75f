"""Built once per server process and shared by every session: ``@per_monitor`` on a page's helpers.

A page's charts and tables depend only on the monitor and the user's choice (indicator, year,
region, grouping …). Building them again on every rerun of every viewer was most of the server
time of the pages other than the map, so they are cached with ``st.cache_resource``, keyed by
the monitor's fingerprint and the other arguments. What is returned is shared: callers must not
change it.
"""

from __future__ import annotations

import functools
from typing import TypeVar
from collections.abc import Callable

import streamlit as st

from monitor.data import Monitor

T = TypeVar("T")


def per_monitor(max_entries: int) -> Callable[[Callable[..., T]], Callable[..., T]]:
    """Cache ``func(monitor, *args)`` per monitor fingerprint and ``args`` (hashable), for all sessions.

    Parameters
    ----------
    max_entries
        How many choices are kept (the oldest is dropped first).
    """
    def decorate(func: Callable[..., T]) -> Callable[..., T]:
        def build(fingerprint: str, _monitor: Monitor, *args):
            return func(_monitor, *args)

        # Streamlit tells cached functions apart by module, qualified name and source: every
        # ``build`` has the same source, so each takes the name of the function it caches.
        build.__module__, build.__qualname__ = func.__module__, f"{func.__qualname__}.<per_monitor>"
        cached = st.cache_resource(max_entries=max_entries, show_spinner=False)(build)

        @functools.wraps(func)
        def call(monitor: Monitor, *args):
            return cached(monitor.fingerprint, monitor, *args)

        return call

    return decorate
