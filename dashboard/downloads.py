"""Report files for download buttons: the region PDF and the slide PNG of a map (from ``monitor.reports``).

Made only when the user clicks (download buttons take a callable) and cached per snapshot.
"""

from __future__ import annotations

import streamlit as st

from dashboard import state
from monitor import reports

PDF_MIME, PNG_MIME = "application/pdf", "image/png"


@st.cache_data(show_spinner=False, max_entries=32)
def region_pdf(fingerprint: str, region_id: str) -> bytes:
    """The one-page profile of a region against Nederland."""
    return reports.region_pdf_bytes(state.get_monitor(), region_id)


@st.cache_data(show_spinner=False, max_entries=32)
def map_png(fingerprint: str, indicator_id: str, year: int, level: str, region: str | None, scheme: str) -> bytes:
    """The map as a 16:9 PNG with title, legend, unit, year and source, for slides."""
    return reports.map_png_bytes(state.get_monitor(), indicator_id, year, level, region, scheme=scheme)
