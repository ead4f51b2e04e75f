"""Shareable views: a :class:`~dashboard.view.View` (indicator, year, region, level, zoom, classes, mode) in the URL.

Pure functions, no Streamlit: :func:`parse` turns query parameters into the valid fields of a view
(the others keep their value) plus notices for everything it had to ignore; :func:`to_params` writes a
view back. The page itself is the URL path (``/kaart``, ``/vergelijken`` …),
handled by Streamlit's navigation from :mod:`dashboard.registry`.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Mapping
from dataclasses import dataclass, field

from dashboard import registry
from dashboard.view import LATEST, SLIDES, URL_PARAMS, View
from monitor.data import Monitor
from monitor.levels import MAP_LEVELS as LEVELS
from monitor.maps.geometry import NATIONAL_VIEW

(PARAM_INDICATOR, PARAM_YEAR, PARAM_REGION, PARAM_LEVEL, PARAM_ZOOM, PARAM_SCHEME, PARAM_MODE,
 PARAM_SLIDE) = URL_PARAMS.values()
PARAMS = tuple(URL_PARAMS.values())
MODES = tuple(registry.MODES)
SCHEMES = {"nederland": "national", "kwantielen": "quantiles", "natuurlijk": "natural_breaks"}
"""URL word -> classification scheme of :mod:`monitor.maps`."""
SCHEME_WORDS = {scheme: word for word, scheme in SCHEMES.items()}
RECENT_WORDS = ("recent", "laatste", "latest")
STREAMLIT_PARAMS = ("embed", "embed_options")
"""Handled by Streamlit itself; never reported as unknown."""
MAX_SHOWN = 40
FIELD_OF_PARAM = {param: name for name, param in URL_PARAMS.items()}
"""URL parameter -> :class:`~dashboard.view.View` field."""


@dataclass
class ParsedView:
    """What a URL asks for: only valid values, and a Dutch notice per ignored parameter."""

    values: dict = field(default_factory=dict)
    """:class:`~dashboard.view.View` field -> valid value, for the fields the URL holds."""
    ignored: list[str] = field(default_factory=list)


def _shown(text: str) -> str:
    """A parameter value made safe to show: printable, short, no Markdown or HTML meaning."""
    text = str(text)
    return re.sub(r"[^\w\- .,]", "?", text[:MAX_SHOWN]) + ("…" if len(text) > MAX_SHOWN else "")


def _last(value) -> str:
    if isinstance(value, (list, tuple)):
        return str(value[-1]) if value else ""
    return str(value)


def parse(params: Mapping, monitor: Monitor) -> ParsedView:
    """Validate query parameters against the monitor.

    Parameters
    ----------
    params
        ``{name: value or list of values}`` as given by the browser (``st.query_params``
        converted with ``to_dict()``); for a repeated name the last value counts.
    monitor
        For the known indicators, years and regions.

    Returns
    -------
    ParsedView
        ``values`` maps :class:`~dashboard.view.View` fields (``indicator``, ``year``, ``region``, ``level``,
        ``zoom``, ``scheme``, ``mode``, ``slide``) to valid values; ``year`` is an int or :data:`LATEST`. ``ignored``
        explains, in Dutch, each unknown name or invalid value that was left out (the app then keeps its default).
    """
    view = ParsedView()
    for name in params:
        if str(name) not in PARAMS and str(name) not in STREAMLIT_PARAMS:
            view.ignored.append(f"onbekende parameter “{_shown(name)}”")
    for name in PARAMS:
        if name not in params:
            continue
        raw = _last(params[name]).strip()
        value = _validate(name, raw, monitor)
        if value is None:
            view.ignored.append(f"{name}={_shown(raw)}: onbekende of ongeldige waarde")
        else:
            view.values[FIELD_OF_PARAM[name]] = value
    return view


def _validate(name: str, raw: str, monitor: Monitor):
    if name == PARAM_INDICATOR:
        return raw if raw in set(monitor.catalogue.ids()) else None
    if name == PARAM_REGION:
        return raw if raw in set(monitor.regions.ids()) else None
    if name == PARAM_LEVEL:
        return raw if raw in LEVELS else None
    if name == PARAM_MODE:
        return raw if raw in MODES else None
    if name == PARAM_ZOOM:
        return raw if raw == NATIONAL_VIEW or raw in set(monitor.regions.ids()) else None
    if name == PARAM_SCHEME:
        return SCHEMES.get(raw)
    if name == PARAM_SLIDE:
        return raw if raw in SLIDES else None
    if raw.lower() in RECENT_WORDS:
        return LATEST
    if re.fullmatch(r"\d{4}", raw) and int(raw) in monitor.data_years():
        return int(raw)
    return None


def to_params(view: View | Mapping) -> dict[str, str]:
    """Query parameters for a view (the inverse of :func:`parse`).

    ``view`` is a :class:`~dashboard.view.View` or a mapping of some of its fields. Defaults are
    written too, so that a shared link shows exactly the same view.
    """
    fields = dataclasses.asdict(view) if isinstance(view, View) else view
    params = {}
    for name, param in URL_PARAMS.items():
        value = fields.get(name)
        if value is None or (name == "mode" and not value) or (name == "slide" and not fields.get("mode")):
            continue
        if name == "scheme":
            value = SCHEME_WORDS.get(value)
            if value is None:
                continue
        params[param] = "recent" if value == LATEST else str(value)
    return params
