"""The user's view, defined once: page, indicator, year, region, level, zoom, classes and mode.

Pure (no Streamlit): :class:`View` with its defaults, and how each field is held in
``st.session_state`` (:data:`SESSION_KEYS`) and in the URL (:data:`URL_PARAMS`).
:mod:`dashboard.state` reads and writes a View in the session, :mod:`dashboard.urlstate` in the URL.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass

from dashboard import registry
from monitor.levels import MAP_LEVELS
from monitor.maps.classes import DEFAULT_SCHEME
from monitor.maps.geometry import NATIONAL_VIEW

LATEST = "latest"
"""The year choice "most recent year" (per indicator, the newest year with data)."""
PRESENTATION = registry.MEETING.id
SLIDES = ("indicator", "stapeling", "trends", "grens")
"""The meeting mode's kinds of slide (:mod:`dashboard.story_slides`); the first is the default."""
DEFAULT_INDICATOR = "aandeel_65_plus"
"""The landing view: an indicator with a value for every gemeente (checked in tests/app/test_app_kaart.py)."""


@dataclass(frozen=True)
class View:
    """What the user looks at.

    Attributes
    ----------
    page
        Registry id of the page shown (:mod:`dashboard.registry`); in the URL it is the path, not a parameter.
    indicator, region
        Ids from the catalogue and the regions; None until filled from the monitor (:func:`defaults`).
    year
        A year, or :data:`LATEST` for the most recent year per indicator.
    level
        Map level (:data:`monitor.levels.MAP_LEVELS`).
    zoom
        ``nederland`` (:data:`monitor.maps.NATIONAL_VIEW`) or a region id.
    scheme
        Classification of the map (a key of :data:`monitor.maps.SCHEMES`).
    mode
        None, or a mode of :data:`dashboard.registry.MODES` (the meeting mode).
    slide
        The meeting mode's kind of slide (:data:`SLIDES`); in the URL only while presenting.
    """

    page: str | None = None
    indicator: str | None = None
    year: int | str = LATEST
    region: str | None = None
    level: str = MAP_LEVELS[0]
    zoom: str = NATIONAL_VIEW
    scheme: str = DEFAULT_SCHEME
    mode: str | None = None
    slide: str = SLIDES[0]

    @property
    def chosen_year(self) -> int | None:
        """The chosen year, None for "most recent year"."""
        return None if self.year == LATEST else int(self.year)

    @property
    def presenting(self) -> bool:
        """Whether the meeting mode is on."""
        return self.mode == PRESENTATION

    def changed(self, **fields) -> View:
        """A copy with ``fields`` replaced."""
        return dataclasses.replace(self, **fields)


FIELDS = tuple(f.name for f in dataclasses.fields(View))
SESSION_KEYS = {name: ("_page" if name == "page" else name) for name in FIELDS}
"""View field -> key in ``st.session_state``; the widgets of the view use these keys."""
URL_PARAMS = {"indicator": "indicator", "year": "jaar", "region": "regio", "level": "niveau", "zoom": "zoom",
              "scheme": "klassen", "mode": "modus", "slide": "dia"}
"""View field -> URL query parameter (in the order written); the page is the URL path instead."""


def defaults(indicator_ids: list[str], region_ids: list[str]) -> View:
    """The landing view: :data:`DEFAULT_INDICATOR` (else the first indicator) and the first region."""
    return View(indicator=DEFAULT_INDICATOR if DEFAULT_INDICATOR in indicator_ids else indicator_ids[0],
                region=region_ids[0])


def from_session(session: Mapping, fallback: View | None = None) -> View:
    """The view held in session state; fields not held there come from ``fallback`` (default: :class:`View`)."""
    fallback = fallback or View()
    return View(**{name: session.get(key, getattr(fallback, name)) for name, key in SESSION_KEYS.items()})


def to_session(view: View) -> dict:
    """``{session key: value}`` for every field of ``view``."""
    return {key: getattr(view, name) for name, key in SESSION_KEYS.items()}
