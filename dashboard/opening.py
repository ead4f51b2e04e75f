"""The opening lines every page shares: the monitor, the sidebar, the chosen indicator and its year.

A page starts with ``page = opening.start()`` (the monitor, the sidebar and the :class:`View` drawn from
it) and, when it shows one indicator in one year, ``year = opening.indicator_year(page)``: the shown year
(with the "no data in that year" message and button) and the heading of the indicator with its
old-data note.
"""

from __future__ import annotations

from dataclasses import dataclass

import streamlit as st

from dashboard import state
from dashboard.plain import md
from dashboard.view import View
from monitor import wording
from monitor.catalogue import Indicator
from monitor.data import Monitor


@dataclass(frozen=True)
class Opening:
    """What a page starts from: the monitor, the user's view and the chosen indicator."""

    monitor: Monitor
    view: View
    indicator: Indicator


def start(indicator_in_main: bool = False, uses: tuple[str, ...] = state.CHOICES) -> Opening:
    """Load the monitor and draw the sidebar (with ``indicator_in_main``: the indicator choice in the page;
    only the choices in ``uses``, those that act on the page)."""
    monitor = state.get_monitor()
    chosen = state.sidebar(monitor, indicator_in_main=indicator_in_main, uses=uses)
    return Opening(monitor, chosen, monitor.indicator(chosen.indicator))


def old_data_note(monitor: Monitor, indicator_id: str, year: int) -> None:
    """A warning when ``year`` is the indicator's newest year and that is old (:func:`wording.old_data_text`)."""
    old = wording.old_data_text(monitor, indicator_id, year)
    if old:
        st.warning(old)


def indicator_year(page: Opening, heading: bool = True) -> int | None:
    """The year shown (None: the page stops after the message) and, with ``heading``, the indicator's heading.

    The heading is the title with the year, the description, unit and direction, why that direction,
    and the old-data note.
    """
    year = state.shown_year(page.monitor, page.view)
    if year is None or not heading:
        return year
    indicator = page.indicator
    st.subheader(f"{md(indicator.title)}, {year}")
    st.caption(f"{md(indicator.description)} Eenheid: {md(indicator.unit)}; {wording.direction(indicator)}.")
    st.text(f"Waarom deze richting: {indicator.direction_reason}")
    old_data_note(page.monitor, indicator.id, year)
    return year
