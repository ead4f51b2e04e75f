"""Cached loading, the user's view in the session, and the sidebar.

The view (:class:`dashboard.view.View`) lives in ``st.session_state`` under
:data:`dashboard.view.SESSION_KEYS`: :func:`view` reads it, :func:`update` changes it, :func:`key` names
a widget of it. :func:`apply_url` and :func:`sync_url` map it onto the URL (``st.query_params``) so
that a link restores the view.
"""

from __future__ import annotations

import dataclasses
import gc
import hashlib
import logging
import os
import tempfile
import threading
from pathlib import Path

import streamlit as st

from dashboard import urlstate
from dashboard import view as views
from dashboard.plain import md
from dashboard.view import View
from monitor.maps import geometry as map_geometry, folium_elements, folium_map, web_geometry
from monitor.data import Monitor, load_monitor
from monitor.errors import MonitorError

SHAPES_DIR = Path(__file__).resolve().parent.parent / "static" / "geometry"
"""Map shapes for the browser (written at run time, git-ignored)."""
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


def get_geometry(fingerprint: str) -> web_geometry.MapGeometry:
    """The web map's geometry of the loaded monitor (``fingerprint``), its shapes published as a static file.

    Built once per monitor in the core's one geometry cache (:func:`monitor.map_geometry.cached`),
    which the reports and the export share; ``fingerprint`` names the monitor the caller holds
    (the geometry is that of :func:`get_monitor`, cached with it).
    """
    monitor = get_monitor()

    def build() -> web_geometry.MapGeometry:
        with st.spinner("Kaartgrenzen voorbereiden…"):
            return publish_shapes(web_geometry.web_geometry(monitor))

    return map_geometry.cached(monitor, ("published", static_url()), build)


def publish_shapes(geometry: web_geometry.MapGeometry, folder: Path = SHAPES_DIR) -> web_geometry.MapGeometry:
    """Write the map shapes to ``static/geometry/<content hash>.json`` and let the maps refer to them.

    The browser then fetches the geometry once (and keeps it in its cache) instead of receiving it
    with every map: an indicator switch sends only values, colours and tooltips. If the folder
    cannot be written, the maps carry their shapes as before.
    """
    data = geometry.shapes_json()
    name = f"{hashlib.sha256(data).hexdigest()[:16]}.json"
    target = folder / name
    try:
        if not target.is_file():
            folder.mkdir(parents=True, exist_ok=True)
            handle, temp = tempfile.mkstemp(dir=folder, prefix=".shapes-", suffix=".tmp")
            try:
                with os.fdopen(handle, "wb") as out:
                    out.write(data)
                os.chmod(temp, 0o644)
                os.replace(temp, target)
            except BaseException:
                Path(temp).unlink(missing_ok=True)
                raise
    except OSError:
        logging.getLogger("npvr.app").warning("Cannot write %s; maps carry their own shapes", target)
        return geometry
    return dataclasses.replace(geometry, shapes_url=f"{static_url()}/geometry/{name}")


@st.cache_resource(max_entries=16, show_spinner=False)
def _base_map(fingerprint: str, level: str, asset_url: str, height: int, font_scale: float,
              highlight: str | None):
    return folium_map.base_map(get_geometry(fingerprint), level, asset_url=asset_url, height=height,
                         font_scale=font_scale, highlight=highlight)


@st.cache_resource(max_entries=64, show_spinner=False)
def _choropleth(fingerprint: str, indicator_id: str, year: int, level: str, scheme: str, asset_url: str,
                height: int, font_scale: float, highlight: str | None) -> folium_map.Choropleth:
    chart = folium_map.choropleth(get_monitor(), get_geometry(fingerprint), indicator_id, year, level, scheme=scheme,
                            legend_inside=False, values_apart=True)
    base = _base_map(fingerprint, level, asset_url, height, font_scale, highlight)
    return dataclasses.replace(chart, map=base)


def choropleth(monitor: Monitor, indicator_id: str, year: int, level: str, scheme: str, height: int,
               font_scale: float = 1.0, highlight: str | None = None) -> folium_map.Choropleth:
    """The map of one choice, built once per server process and shared by all sessions.

    ``Choropleth.map`` is the map without its values (:func:`monitor.maps.base_map`), the same for
    every indicator, year and classification of a level; ``Choropleth.layer`` holds the values.
    Show them with ``dashboard.foliummap.st_folium(chart.map, layer=chart.layer, …)``: the browser
    then keeps the map and swaps only the values when the user picks another indicator, and the
    rendering is done once for all sessions. The zoom is not part of the key (the component takes
    centre and zoom separately). The legend is not on the map: show ``Choropleth.legend`` beside
    it with :func:`legend`.
    """
    return _choropleth(monitor.fingerprint, indicator_id, year, level, scheme, asset_url(), height,
                       font_scale, highlight)


def legend(chart: folium_map.Choropleth, font_scale: float = 1.0) -> None:
    """The map's legend beside the map (never over land), with the map's legend style."""
    st.html(f"<style>{folium_elements.map_css(font_scale)}</style>"
            f'<div class="{folium_elements.LEGEND_CLASS}" role="group" aria-label="Legenda">{chart.legend}</div>')


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


def static_url() -> str:
    """Where this server serves the project's ``static/`` folder (Streamlit's static serving)."""
    base = (st.get_option("server.baseUrlPath") or "").strip("/")
    return f"/{base + '/' if base else ''}app/static"


def asset_url() -> str:
    """Where this server serves Leaflet (``static/leaflet``)."""
    return f"{static_url()}/leaflet"


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


def sidebar(monitor: Monitor, indicator_in_main: bool = False) -> View:
    """Draw the shared choices in the sidebar and return the view.

    With ``indicator_in_main`` the indicator choice is drawn where the page is (above the map),
    so that it is reachable on a phone without opening the sidebar.
    """
    catalogue = monitor.catalogue
    titles = {i.id: f"{i.title} ({catalogue.theme_title(i.theme).lower()})" for i in catalogue.indicators}
    names = monitor.regions.names()
    if indicator_in_main:
        st.selectbox("Indicator", list(titles), key=key("indicator"), format_func=titles.get)
    with st.sidebar:
        if not indicator_in_main:
            st.selectbox("Indicator", list(titles), key=key("indicator"), format_func=titles.get)
        st.selectbox("Jaar", [LATEST, *all_years(monitor)], key=key("year"),
                     format_func=lambda y: "Meest recente jaar" if y == LATEST else str(y))
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
