"""Report files for download buttons: the region PDF, the slide PNG of a map (from ``monitor.reports``) and the
uitgangssituatie of a region as Word and PDF (from ``monitor.plan``).

Made only when the user clicks (download buttons take a callable) and cached per snapshot.
"""

from __future__ import annotations

import streamlit as st

from dashboard import state
from monitor import reports

PDF_MIME, PNG_MIME = "application/pdf", "image/png"
DOCX_MIME = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


@st.cache_data(show_spinner=False, max_entries=32)
def region_pdf(fingerprint: str, region_id: str) -> bytes:
    """The one-page profile of a region against Nederland."""
    return reports.region_pdf_bytes(state.get_monitor(), region_id)


@st.cache_data(show_spinner=False, max_entries=32)
def map_png(fingerprint: str, indicator_id: str, year: int, level: str, region: str | None, scheme: str) -> bytes:
    """The map as a 16:9 PNG with title, legend, unit, year and source, for slides."""
    return reports.map_png_bytes(state.get_monitor(), indicator_id, year, level, region, scheme=scheme)


@st.cache_resource(show_spinner=False, max_entries=16)
def _plan_document(fingerprint: str, region_id: str, frozen: tuple):
    from dashboard.story_views import get_story
    from monitor.plan.uitgangssituatie import plan_document

    monitor = state.get_monitor()
    return plan_document(monitor, region_id, story=get_story(monitor))


@st.cache_data(show_spinner=False, max_entries=64)
def _plan_file(fingerprint: str, region_id: str, frozen: tuple, kind: str) -> bytes:
    from monitor.plan.uitgangssituatie import render

    return render(_plan_document(fingerprint, region_id, frozen), kind)


def plan_docx(fingerprint: str, region_id: str) -> bytes:
    """The uitgangssituatie of a region as an editable Word file (one document model, also :func:`plan_pdf`).

    Cached per snapshot, region and frozen nulmeting (a baseline frozen later shows up without a restart).
    """
    from dashboard.voortgang import _frozen_key

    return _plan_file(fingerprint, region_id, _frozen_key(), "docx")


def plan_pdf(fingerprint: str, region_id: str) -> bytes:
    """The uitgangssituatie of a region as PDF (the same content as :func:`plan_docx`)."""
    from dashboard.voortgang import _frozen_key

    return _plan_file(fingerprint, region_id, _frozen_key(), "pdf")
