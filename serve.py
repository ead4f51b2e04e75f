"""Start the monitor with ``streamlit run serve.py`` (what ``make app`` does).

The same app as ``streamlit run app.py``, served by Streamlit's ASGI ``st.App`` with one addition:
deep links such as ``/vergelijken/extra/deep`` are redirected to their page instead of showing a
blank page (see ``dashboard/deep_links.py``).
"""

import streamlit as st
from starlette.middleware import Middleware

from dashboard.deep_links import DeepLinkRedirect

app = st.App("app.py", middleware=[Middleware(DeepLinkRedirect)])
