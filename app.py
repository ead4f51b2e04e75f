"""NPVR regiomonitor: ``streamlit run app.py``.

The router: loads the monitor once, restores a shared view from the URL, draws the navigation of
the pages in :mod:`dashboard.registry` and runs the chosen page, or a registered mode (the meeting
mode, ``?modus=presentatie``) without navigation. Every problem with the data arrives as a
``MonitorError`` and is shown as a Dutch message, never as a traceback.
"""

from __future__ import annotations

import importlib
import logging

import streamlit as st

from dashboard import registry, runtime, state
from monitor.errors import MonitorError


def unexpected(where: str) -> None:
    """Log the traceback for the server and show the user a Dutch message instead."""
    logging.getLogger("npvr.app").exception("Unexpected error in %s", where)
    st.error("Er ging iets mis bij het tonen van deze pagina. Probeer een andere keuze of herlaad de pagina; "
             "de details staan in het logboek van de server.")


st.set_page_config(page_title="NPVR regiomonitor", layout="wide")
monitor = None
try:
    monitor = state.get_monitor()
    state.apply_url(monitor)
    state.init_state(monitor)
except MonitorError as exc:
    monitor = None  # get_monitor may have succeeded before apply_url/init_state failed
    state.show_error(exc)
except Exception:  # noqa: BLE001 - the user gets a message, the log gets the traceback
    monitor = None
    unexpected("loading")
view = state.view() if monitor is not None else None
mode = registry.MODES.get(view.mode) if view is not None and view.mode else None
pages = [st.Page(p.script, title=p.title, url_path=p.url_path) for p in registry.PAGES]


def home() -> None:
    """The address without a page (``/``) opens the first page under its own name (``/kaart``)."""
    st.switch_page(pages[0], query_params=st.query_params.to_dict())


# Streamlit serves its default page only at "/", so a hidden default forwards to /kaart (which then works too).
HOME = st.Page(home, title=registry.HOME.title, url_path="start", default=True, visibility="hidden")
page = st.navigation([HOME, *pages], position="hidden" if mode else "sidebar")
if monitor is not None:
    try:
        if not mode and page.url_path == HOME.url_path:
            page.run()  # forwards at once, before anything is drawn: one render less for a new session
        shown = registry.by_url_path(page.url_path)
        state.update(page=shown.id if shown else None)
        if not mode:
            st.sidebar.markdown("**NPVR regiomonitor**  \nelf Vitale Regio's vergeleken met Nederland")
        state.sync_url()
        if mode or page.url_path != HOME.url_path:  # the home page only forwards; the notice waits
            state.url_notice()
        if mode:  # a mode (the meeting mode) is drawn instead of the page, without navigation
            importlib.import_module(mode.module).render()
        else:
            page.run()
    except MonitorError as exc:
        state.show_error(exc)
    except Exception:  # noqa: BLE001 - the user gets a message, the log gets the traceback
        unexpected("presentation" if mode else page.title)
    runtime.freeze_long_lived(mode.id if mode else page.url_path)
