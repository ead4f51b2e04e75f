"""The user's view in the session and the URL, the shared choices in the sidebar, and cached loading.

The maps' caches and static files are in :mod:`dashboard.map_cache`, process-wide settings
(garbage collection) in :mod:`dashboard.runtime`.

The view (:class:`dashboard.view.View`) lives in ``st.session_state`` under
:data:`dashboard.view.SESSION_KEYS`: :func:`view` reads it, :func:`update` changes it, :func:`key` names
a widget of it. :func:`apply_url` and :func:`sync_url` map it onto the URL (``st.query_params``) so
that a link restores the view.
"""

from __future__ import annotations

import streamlit as st

from dashboard import urlstate
from dashboard import view as views
from dashboard.plain import md
from dashboard.view import View
from monitor.data import Monitor, load_monitor
from monitor.errors import MonitorError

LATEST = views.LATEST
DEFAULT_INDICATOR = views.DEFAULT_INDICATOR
PRESENTATION = views.PRESENTATION
URL_WRITTEN = "_url_written"
URL_NOTICES = "_url_notices"
SNAPSHOT_HELP = (
    "Zonder NPVR_SNAPSHOT gebruikt de monitor de gegevens in de repository (`data/snapshot`); herstel die "
    "met `git checkout -- data/snapshot data/boundaries`. Of zet de omgevingsvariabele NPVR_SNAPSHOT op de "
    "map van een complete snapshot (bijvoorbeeld `NPVR_SNAPSHOT=/pad/naar/npvr-snapshot streamlit run app.py`)."
)


@st.cache_resource(show_spinner="Gegevens laden…")
def get_monitor() -> Monitor:
    """The processed monitor, loaded once per server process."""
    return load_monitor()


def view() -> View:
    """The user's current view, as held in the session."""
    return views.from_session(st.session_state)


def key(field: str) -> str:
    """The session key (and widget key) of a :class:`~dashboard.view.View` field."""
    return views.SESSION_KEYS[field]


def update(**fields) -> None:
    """Change fields of the view in the session (``update(region="twente", zoom="twente")``)."""
    for field, value in fields.items():
        st.session_state[key(field)] = value


def init_state(monitor: Monitor) -> None:
    """Fill in defaults and keep values of widgets that the current page does not draw."""
    defaults = views.defaults(monitor.catalogue.ids(), monitor.regions.ids())
    for name, default in views.to_session(defaults).items():
        # Re-assigning keeps a widget's value alive across pages that do not show the widget.
        st.session_state[name] = st.session_state.get(name, default)


def _query() -> dict[str, list[str]]:
    return {name: st.query_params.get_all(name) for name in st.query_params}


def apply_url(monitor: Monitor) -> None:
    """Take the view from the URL when it differs from what the app last wrote there.

    That is on a session's first run (an opened link) and after the browser's back or forward
    button; an empty query (after switching pages) changes nothing. Ignored parts of the URL
    are remembered for :func:`url_notice`.
    """
    query = _query()
    if query == st.session_state.get(URL_WRITTEN):
        return
    parsed = urlstate.parse(query, monitor)
    update(**parsed.values)
    if parsed.ignored:
        st.session_state[URL_NOTICES] = parsed.ignored


def sync_url() -> None:
    """Write the current view into the URL (only when it changed), so the address can be shared."""
    wanted = urlstate.to_params(view())
    written = {name: [value] for name, value in wanted.items()}
    if _query() != written:
        st.query_params.from_dict(wanted)
    st.session_state[URL_WRITTEN] = written


def url_notice() -> None:
    """Once, after opening a link: which parts of it were ignored (the defaults are shown instead)."""
    ignored = st.session_state.pop(URL_NOTICES, None)
    if ignored:
        st.info("Niet alles in de link kon worden gebruikt; daarvoor staat de standaardkeuze: "
                + "; ".join(md(part) for part in ignored) + ".")


def presenting() -> bool:
    """Whether the meeting mode (``?modus=presentatie``) is on."""
    return view().presenting


def all_years(monitor: Monitor) -> list[int]:
    """The years of the year choice, newest first."""
    return sorted(monitor.data_years(), reverse=True)


CHOICES = ("indicator", "year", "region")
"""The shared choices of the sidebar."""


def sidebar(monitor: Monitor, indicator_in_main: bool = False, uses: tuple[str, ...] = CHOICES) -> View:
    """Draw the shared choices in the sidebar and return the view.

    With ``indicator_in_main`` the indicator choice is drawn where the page is (above the map),
    so that it is reachable on a phone without opening the sidebar. Only the choices in ``uses``
    are drawn: a control that does nothing on a page is not shown there (its value is kept,
    :func:`init_state`).
    """
    catalogue = monitor.catalogue
    titles = {i.id: f"{i.title} ({catalogue.theme_title(i.theme).lower()})" for i in catalogue.indicators}
    names = monitor.regions.names()
    if indicator_in_main and "indicator" in uses:
        st.selectbox("Indicator", list(titles), key=key("indicator"), format_func=titles.get)
    with st.sidebar:
        if not indicator_in_main and "indicator" in uses:
            st.selectbox("Indicator", list(titles), key=key("indicator"), format_func=titles.get)
        if "year" in uses:
            st.selectbox("Jaar", [LATEST, *all_years(monitor)], key=key("year"),
                         format_func=lambda y: "Meest recente jaar" if y == LATEST else str(y))
        if "region" in uses:
            st.selectbox("Regio", list(names), key=key("region"), format_func=names.get)
        st.divider()
        st.button("Presentatiemodus", key="present", on_click=_present,
                  help="Volledig scherm voor een overleg: grote letters, kaart en cijfers per regio; "
                       "pijltjestoetsen voor volgende regio of indicator.")
        st.caption("Het adres in de browser bevat deze keuze: kopieer het om precies deze weergave te delen.")
    return view()


def _present() -> None:
    update(mode=PRESENTATION, zoom=view().region)


def _choose_year(year: int) -> None:
    update(year=year)


def nearest_year(monitor: Monitor, chosen: View) -> int | None:
    """The year shown for the view: the chosen year, else the nearest year with data (None: no data at all)."""
    return monitor.nearest_year(chosen.indicator, chosen.chosen_year)


def shown_year(monitor: Monitor, chosen: View) -> int | None:
    """The year to show; warns and offers the nearest year when the chosen year has no data.

    Returns None when nothing can be shown (the page should stop after the message).
    """
    indicator = monitor.indicator(chosen.indicator)
    nearest = nearest_year(monitor, chosen)
    if nearest is None:
        st.warning(f"Voor “{md(indicator.title)}” zijn nog geen gegevens beschikbaar.")
        return None
    if chosen.chosen_year is None or chosen.chosen_year == nearest:
        return nearest
    st.warning(f"Voor “{md(indicator.title)}” zijn geen gegevens over {chosen.chosen_year}. "
               f"Het dichtstbijzijnde jaar met gegevens is {nearest}.")
    st.button(f"Toon {nearest}", key="nearest_year", on_click=_choose_year, args=(nearest,), type="primary")
    return None


def source_line(monitor: Monitor, extra: str = "") -> None:
    """The data vintage and source beneath a chart, map or table."""
    st.caption(md(monitor.vintage) + (f" · {md(extra)}" if extra else ""))


def show_error(exc: MonitorError) -> None:
    """A Dutch error message around the core's message (never a traceback)."""
    text = str(exc)
    hint = SNAPSHOT_HELP if "snapshot" in text.lower() or "NPVR_SNAPSHOT" in text else ""
    st.error(f"De monitor kan deze gegevens niet tonen.\n\n{md(text)}" + (f"\n\n{hint}" if hint else ""))
