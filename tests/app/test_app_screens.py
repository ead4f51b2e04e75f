"""Issue 24: only controls that act on a page, and the page declares Dutch (``lang="nl"``)."""

import asyncio

from support.app_testing import start

from dashboard.page_language import DutchPage


def labels(at, where) -> set[str]:
    return {s.label for s in where.selectbox}


def test_sidebar_shows_only_the_choices_that_act_on_the_page():
    at = start()
    assert labels(at, at.sidebar) == {"Jaar"}, "Kaart: indicator above the map, the zoom is its region"
    at = start("vergelijken")
    assert labels(at, at.sidebar) == {"Indicator", "Jaar", "Regio"}
    at = start("regioprofiel")
    assert labels(at, at.sidebar) == {"Jaar", "Regio"}
    at = start("opgaven")
    assert labels(at, at.sidebar) == {"Regio"}
    at = start("data_bronnen")
    assert labels(at, at.sidebar) == {"Indicator", "Jaar"}


def test_a_choice_made_on_one_page_survives_a_page_without_that_control():
    at = start("vergelijken")
    at.sidebar.selectbox(key="region").set_value("twente").run()
    at.switch_page("dashboard/pages/kaart.py").run()
    at.switch_page("dashboard/pages/regioprofiel.py").run()
    assert at.session_state["region"] == "twente"


def _served(body: bytes, content_type: bytes, chunks: int = 1) -> tuple[bytes, list]:
    sent: list = []
    seen_headers: list = []

    async def app(scope, receive, send):
        seen_headers.extend(scope["headers"])
        await send({"type": "http.response.start", "status": 200,
                    "headers": [(b"content-type", content_type), (b"content-length", str(len(body)).encode())]})
        step = max(1, len(body) // chunks)
        parts = [body[i:i + step] for i in range(0, len(body), step)]
        for i, part in enumerate(parts):
            await send({"type": "http.response.body", "body": part, "more_body": i < len(parts) - 1})

    async def send(message):
        sent.append(message)

    scope = {"type": "http", "method": "GET", "path": "/kaart", "headers": [(b"accept-encoding", b"gzip")]}
    asyncio.run(DutchPage(app)(scope, None, send))
    assert (b"accept-encoding", b"gzip") not in seen_headers
    return b"".join(m.get("body", b"") for m in sent if m["type"] == "http.response.body"), sent


def test_the_html_page_declares_dutch_and_other_files_pass_untouched():
    page = b'<!doctype html><html lang="en"><head></head><body>x</body></html>'
    body, sent = _served(page, b"text/html", chunks=3)
    assert body == page.replace(b'lang="en"', b'lang="nl"')
    assert dict(sent[0]["headers"])[b"content-length"] == str(len(body)).encode()
    script = b'var s = "<html lang=\\"en\\"";'
    assert _served(script, b"application/javascript")[0] == script
