"""NPVR regiomonitor: ``streamlit run app.py``.

The router: loads the monitor once, draws the navigation and runs the chosen page. Every
problem with the data arrives as a ``MonitorError`` and is shown as a Dutch message, never as
a traceback.
"""

from __future__ import annotations

import logging

import streamlit as st

from dashboard import state
from monitor.errors import MonitorError

PAGES = [
    ("dashboard/pages/kaart.py", "Kaart", "kaart"),
    ("dashboard/pages/vergelijken.py", "Vergelijken", "vergelijken"),
    ("dashboard/pages/regioprofiel.py", "Regioprofiel", "regioprofiel"),
    ("dashboard/pages/data_bronnen.py", "Data en bronnen", "data-en-bronnen"),
]

st.set_page_config(page_title="NPVR regiomonitor", layout="wide")
pages = [st.Page(path, title=title, url_path=url, default=i == 0)
         for i, (path, title, url) in enumerate(PAGES)]
page = st.navigation(pages)
st.sidebar.markdown("**NPVR regiomonitor**  \nelf Vitale Regio's vergeleken met Nederland")
try:
    state.init_state(state.get_monitor())
    page.run()
except MonitorError as exc:
    state.show_error(exc)
except Exception:  # noqa: BLE001 - the user gets a message, the log gets the traceback
    logging.getLogger("npvr.app").exception("Unexpected error on page %s", page.title)
    st.error("Er ging iets mis bij het tonen van deze pagina. Probeer een andere keuze of herlaad de pagina; "
             "de details staan in het logboek van de server.")
