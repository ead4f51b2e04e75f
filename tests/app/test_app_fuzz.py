"""Fuzz: open the app with random and malformed URL parameter sets; nothing may break.

The URL parser itself is fuzzed far harder with hypothesis (tests/app/test_urlstate.py); this AppTest
sample checks that the whole app, page by page and in meeting mode, survives what the parser lets
through (``FUZZ_RUNS`` sets the number of links; 150 by default, 1,000 for a long run).

Each set is applied as a fresh link (the app reads the URL whenever it differs from what it
wrote itself), on a page chosen at random, in normal and meeting mode. Asserted per set: no
exception reaches the page, no error box is shown (the app's catch-all would show one), the
selection in the session is valid, and the URL the app writes back is clean.
"""

from __future__ import annotations

import random
import string

import pytest
from support.app_testing import APP, TIMEOUT
from streamlit.testing.v1 import AppTest

from dashboard import registry, urlstate

pytestmark = pytest.mark.slow

RUNS = int(__import__("os").environ.get("FUZZ_RUNS", 150))
SEED = 20261123
PAGES = [None, "vergelijken", "regioprofiel", "data_bronnen"]
ODD_TEXT = ["", " ", "0", "-1", "2015.0", "1e3", "99999999999999999999", "NaN", "None", "null", "true", "[]", "{}",
            "../../etc/passwd", "%00", "\x00", "<script>alert(1)</script>", "' OR 1=1 --", "=HYPERLINK(\"x\")",
            "éëïü", "漢字", "\u202etxet", "🙂" * 50, "a" * 5000, "GM0363", "NL01", "twente ", "TWENTE", "recent",
            "laatste", "presentatie", "regio", "gemeente", "natuurlijk", "kwantielen", "nederland"]


def random_params(rng: random.Random, monitor) -> dict[str, list[str]]:
    valid = {
        "indicator": monitor.catalogue.ids(),
        "jaar": [str(y) for y in range(2010, 2027)] + ["recent"],
        "regio": monitor.regions.ids(),
        "niveau": list(urlstate.LEVELS),
        "zoom": ["nederland", *monitor.regions.ids()],
        "klassen": list(urlstate.SCHEMES),
        "modus": ["presentatie"],
    }
    names = [*valid, "embed", "x", "", "Indicator", "jaar[]", "regio.", "a" * 300]
    params: dict[str, list[str]] = {}
    for _ in range(rng.randint(0, 9)):
        name = rng.choice(names)
        kind = rng.random()
        if kind < 0.45 and name in valid:
            value = rng.choice(valid[name])
        elif kind < 0.75:
            value = rng.choice(ODD_TEXT)
        else:
            value = "".join(rng.choices(string.printable + "éß€漢", k=rng.randint(0, 40)))
        params.setdefault(name, []).append(value)
    return params


def test_random_links_never_break_the_app(monitor):
    rng = random.Random(SEED)
    indicators, regions = set(monitor.catalogue.ids()), set(monitor.regions.ids())
    years = {int(y) for y in monitor.values["year"].unique()}
    sessions: dict[str | None, AppTest] = {}
    for run in range(RUNS):
        page = rng.choice(PAGES)
        at = sessions.get(page)
        if at is None:
            at = sessions[page] = AppTest.from_file(APP, default_timeout=TIMEOUT).run()
            if page:
                at.switch_page(registry.page(page).script).run()
        params = random_params(rng, monitor)
        at.query_params.clear()
        for name, values in params.items():
            at.query_params[name] = values
        at.session_state["mode"] = None  # leave meeting mode unless this link asks for it
        at.run()
        where = f"run {run}, page {page}, params {params!r:.300}"
        assert not at.exception, f"{where}: {at.exception}"
        assert not at.error, f"{where}: {[e.value for e in at.error]}"
        state = at.session_state
        assert state["indicator"] in indicators and state["region"] in regions, where
        assert state["year"] == urlstate.LATEST or state["year"] in years, where
        assert state["level"] in urlstate.LEVELS and state["mode"] in (None, "presentatie"), where
        written = {name: (v[-1] if isinstance(v, list) else v) for name, v in at.query_params.items()}
        assert set(written) <= {*urlstate.PARAMS, *urlstate.STREAMLIT_PARAMS}, f"{where}: wrote {written}"
