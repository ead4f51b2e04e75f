"""The dashboard's pages and modes, named once: id, title, URL path and script.

Pure data (no Streamlit): ``app.py`` builds its navigation from :data:`PAGES`, the tests
(``tests/support/app_testing.py``, the fuzz and browser tests) and the benchmarks open pages through
:func:`page`, and :mod:`dashboard.urlstate` reads the modes from :data:`MODES`. To add a page,
write ``dashboard/pages/<id>.py`` with a ``render()`` function and add one :class:`Page` here.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Page:
    """One page of the dashboard.

    Attributes
    ----------
    id
        Short name, the script's file name without ``.py`` (``data_bronnen``).
    title
        Title in the navigation (``Data en bronnen``).
    url_path
        Address below the app (``/data-en-bronnen``).
    """

    id: str
    title: str
    url_path: str

    @property
    def script(self) -> str:
        """The page's script, relative to ``app.py`` (what ``st.Page`` and ``AppTest.switch_page`` take)."""
        return f"dashboard/pages/{self.id}.py"

    @property
    def module(self) -> str:
        """The page's module (``dashboard.pages.<id>``), whose ``render()`` draws it."""
        return f"dashboard.pages.{self.id}"


PAGES = (
    Page("kaart", "Kaart", "kaart"),
    Page("vergelijken", "Vergelijken", "vergelijken"),
    Page("regioprofiel", "Regioprofiel", "regioprofiel"),
    Page("opgaven", "Opgaven", "opgaven"),
    Page("over_de_grens", "Over de grens", "over-de-grens"),
    Page("data_bronnen", "Data en bronnen", "data-en-bronnen"),
)
"""The pages in navigation order; the first is the home page (``/`` forwards to it)."""

HOME = PAGES[0]

MEETING = Page("presentatie", "Presentatie", "presentatie")
"""The meeting mode (``?modus=presentatie``): drawn instead of any page, without navigation."""
MODES = {MEETING.id: MEETING}
"""URL word of a mode -> the page drawn in that mode."""


def page(page_id: str) -> Page:
    """The page or mode named ``page_id`` (``kaart``, ``data_bronnen``, ``presentatie`` …)."""
    for candidate in (*PAGES, *MODES.values()):
        if candidate.id == page_id:
            return candidate
    raise KeyError(f"Unknown page {page_id!r}; known: {', '.join(p.id for p in (*PAGES, *MODES.values()))}")


def by_url_path(url_path: str) -> Page | None:
    """The page served at ``/<url_path>``, or None."""
    return next((p for p in PAGES if p.url_path == url_path), None)
