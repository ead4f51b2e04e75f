"""Start the monitor with ``streamlit run serve.py`` (what ``make app`` does).

The same app as ``streamlit run app.py``, served by Streamlit's ASGI ``st.App`` with one addition:
deep links such as ``/vergelijken/extra/deep`` are redirected to their page instead of showing a
blank page (see ``dashboard/deep_links.py``), and the page declares Dutch, ``<html lang="nl">``
(``dashboard/page_language.py``). At start-up it loads the monitor and makes the map's geometry before it
answers (``dashboard/warm_up.py``), so the first visitor waits no longer than the next one.
"""

import streamlit as st
from starlette.middleware import Middleware

from dashboard.deep_links import DeepLinkRedirect
from dashboard.page_language import DutchPage
from dashboard.warm_up import lifespan

app = st.App("app.py", middleware=[Middleware(DeepLinkRedirect), Middleware(DutchPage)], lifespan=lifespan)
