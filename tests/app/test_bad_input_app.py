"""Bad input in the app: data-derived text is shown as text, downloads are escaped, deep links fall back.

A hostile region table (SYNTHETIC names on the real gemeenten) gives Twente the name
``=HYPERLINK(...)![t](http://127.0.0.1:9/track.png)`` and Achterhoek a tab-prefixed formula with a
link. No Markdown element of the pages may turn these into a live link or image, and the CSV
download of *Data en bronnen* must neutralise the formulas like the CLI export does.
"""

from __future__ import annotations

import asyncio
import csv
import io
import re

import pandas as pd
import pytest
from support.app_testing import APP, TIMEOUT
from streamlit.testing.v1 import AppTest

import monitor.exports.cells
from dashboard import registry, state
from dashboard.deep_links import DeepLinkRedirect, fallback_path
from dashboard.plain import md
from monitor.exports.cells import TRIGGERS
from monitor.config import REGIONS_FILE

TWENTE = '=HYPERLINK("http://127.0.0.1:9/x")![t](http://127.0.0.1:9/track.png)'
ACHTERHOEK = "\t=1+1 [klik](https://127.0.0.1:9/phish) <http://127.0.0.1:9/auto> www.example.org"
MARKDOWN_KINDS = ("title", "header", "subheader", "markdown", "caption", "error", "warning", "info", "success")


@pytest.fixture(scope="module")
def hostile_regions(tmp_path_factory):
    folder = tmp_path_factory.mktemp("hostile")
    table = pd.read_csv(REGIONS_FILE, dtype=str, keep_default_na=False)
    table.loc[table["region_id"] == "twente", "region_name"] = TWENTE
    table.loc[table["region_id"] == "achterhoek", "region_name"] = ACHTERHOEK
    path = folder / "regions.csv"
    table.to_csv(path, index=False)
    return path, folder / "build"


@pytest.fixture
def hostile_app(hostile_regions, monkeypatch):
    path, build = hostile_regions
    monkeypatch.setenv("NPVR_REGIONS", str(path))
    monkeypatch.setenv("NPVR_BUILD_DIR", str(build))
    state.get_monitor.clear()
    yield
    state.get_monitor.clear()


def _open(page: str, region: str = "twente") -> AppTest:
    at = AppTest.from_file(APP, default_timeout=TIMEOUT)
    at.query_params["regio"] = region
    at.run()
    at.switch_page(registry.page(page).script).run()
    assert not at.exception, at.exception
    return at


def _rendered_markdown(at: AppTest) -> list[str]:
    texts = [element.value for kind in MARKDOWN_KINDS for element in getattr(at, kind)]
    texts += [b.proto.label for b in at.get("download_button")] + [b.label for b in at.button]
    return texts


def _assert_no_live_link(texts: list[str]) -> None:
    hostile = [t for t in texts if "127.0.0.1" in t]
    assert hostile, "the hostile name should be shown somewhere (as text)"
    for text in hostile:
        assert not re.search(r"https?://", text), text             # bare-URL autolinks broken
        assert not re.search(r"(?<!\\)[\[<]", text), text          # no unescaped [ (link, image) or < (autolink)
        assert "www.example" not in text, text


@pytest.mark.parametrize("page, region", [("regioprofiel", "twente"), ("regioprofiel", "achterhoek"),
                                          ("vergelijken", "twente")])
def test_region_names_are_text_not_links(hostile_app, page, region):
    at = _open(page, region)
    texts = _rendered_markdown(at)
    _assert_no_live_link(texts)
    if page == "regioprofiel":
        name = (TWENTE if region == "twente" else ACHTERHOEK).strip()  # the region table strips names
        assert at.title[0].value == f"Regioprofiel: {md(name)}"


def test_csv_download_in_the_app_is_escaped(hostile_app, monkeypatch):
    made: list[bytes] = []
    real = monitor.exports.cells.csv_bytes
    monkeypatch.setattr(monitor.exports.cells, "csv_bytes", lambda table: made.append(real(table)) or made[-1])
    at = _open("data_bronnen")
    assert "Download deze tabel (CSV voor scripts)" in [b.proto.label for b in at.get("download_button")]
    assert len(made) == 1
    rows = list(csv.DictReader(io.StringIO(made[0].decode("utf-8"))))
    names = [row["naam"] for row in rows]
    assert "'" + TWENTE in names and "'" + ACHTERHOEK.strip() in names
    assert not [cell for row in rows for cell in row.values() if cell.startswith(TRIGGERS) and not _number(cell)]


def _number(cell: str) -> bool:
    """Numbers (a negative difference) are not text and stay as they are."""
    try:
        float(cell)
    except ValueError:
        return False
    return True


def test_error_message_from_data_is_text(hostile_regions, monkeypatch, tmp_path):
    table = pd.read_csv(REGIONS_FILE, dtype=str, keep_default_na=False)
    table.loc[0, "gemeente_code"] = "GM1![t](http://127.0.0.1:9/track.png)"
    path = tmp_path / "regions.csv"
    table.to_csv(path, index=False)
    monkeypatch.setenv("NPVR_REGIONS", str(path))
    state.get_monitor.clear()
    try:
        at = AppTest.from_file(APP, default_timeout=TIMEOUT).run()
        assert not at.exception
        messages = [e.value for e in at.error]
        assert messages and "track.png" in messages[0]
        _assert_no_live_link(messages)
    finally:
        state.get_monitor.clear()


@pytest.mark.parametrize("text", [TWENTE, ACHTERHOEK, "a\\[b](c)", "**vet** _schuin_ `code` $x$ | ~ #"])
def test_md_escapes_every_markup_start(text):
    escaped = md(text)
    assert not re.search(r"(?<!\\)[\[\]<>`*$|~#!]", escaped.replace("\\\\", ""))
    assert not re.search(r"https?://", escaped)


# --- deep links ---------------------------------------------------------------------------------------

@pytest.mark.parametrize("path, expected", [
    ("/vergelijken/extra/deep", "/vergelijken"), ("/kaart/x", "/kaart"), ("/onbekend/a/b", "/onbekend"),
    ("/vergelijken", None), ("/", None), ("/static/js/index.js", None), ("/_stcore/health", None),
    ("/app/static/leaflet/leaflet.js", None), ("/component/streamlit_folium/index.html", None),
    ("/media/abc.png", None), ("/favicon.png/x", None),
    ("/vergelijken/_stcore/health", None), ("/vergelijken/_stcore/host-config", None),
    ("/vergelijken/extra/_stcore/stream", None),
])
def test_fallback_path(path, expected):
    assert fallback_path(path) == expected


def _call(middleware, path, query=b"", method="GET"):
    sent, reached = [], []

    async def inner(scope, receive, send):
        reached.append(scope["path"])

    async def send(message):
        sent.append(message)

    scope = {"type": "http", "method": method, "path": path, "query_string": query, "root_path": ""}
    asyncio.run(DeepLinkRedirect(inner)(scope, None, send) if middleware else inner(scope, None, send))
    return sent, reached


def test_deep_link_is_redirected_at_once_keeping_the_query():
    sent, reached = _call(True, "/vergelijken/extra/deep", b"regio=twente&jaar=2020")
    assert reached == []
    assert sent[0]["status"] == 302
    assert dict(sent[0]["headers"])[b"location"] == b"/vergelijken?regio=twente&jaar=2020"


def test_normal_paths_pass_through():
    for path in ("/vergelijken", "/static/js/index.js", "/_stcore/stream"):
        sent, reached = _call(True, path)
        assert reached == [path] and sent == []


def test_serve_py_is_an_asgi_app_for_streamlit_run():
    from pathlib import Path

    from streamlit.web.server.app_discovery import discover_asgi_app

    result = discover_asgi_app(Path(APP).with_name("serve.py"))
    assert result.is_asgi_app and result.app_name == "app"
