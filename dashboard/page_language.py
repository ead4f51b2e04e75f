"""The page declares Dutch: ``<html lang="nl">`` instead of Streamlit's ``lang="en"``.

Streamlit (1.67) serves one ``index.html`` for every page, with ``<html lang="en">``; screen readers
then read the Dutch text with English pronunciation, and browsers offer to translate it. This ASGI
middleware (used by ``serve.py``) rewrites that one attribute in the HTML page; scripts, styles,
the websocket and everything else pass untouched.
"""

from __future__ import annotations

LANG_EN = b'<html lang="en"'
LANG_NL = b'<html lang="nl"'


class DutchPage:
    """ASGI middleware: serve Streamlit's HTML page with ``lang="nl"``."""

    def __init__(self, app):
        self.app = app

    async def __call__(self, scope, receive, send):
        if scope.get("type") != "http" or scope.get("method") not in ("GET", "HEAD"):
            await self.app(scope, receive, send)
            return
        # Ask for the page uncompressed, so that the attribute can be rewritten (it is a few kB).
        scope = dict(scope, headers=[(k, v) for k, v in scope.get("headers", []) if k.lower() != b"accept-encoding"])
        start: dict = {}
        chunks: list[bytes] = []

        async def capture(message):
            if message["type"] == "http.response.start":
                headers = dict((k.lower(), v) for k, v in message.get("headers", []))
                if not headers.get(b"content-type", b"").startswith(b"text/html"):
                    start["pass"] = True
                    await send(message)
                    return
                start.update(message=message)
                return
            if start.get("pass"):
                await send(message)
                return
            chunks.append(message.get("body", b""))
            if message.get("more_body"):
                return
            body = b"".join(chunks).replace(LANG_EN, LANG_NL, 1)
            original = start["message"]
            headers = [(k, v) for k, v in original.get("headers", []) if k.lower() != b"content-length"]
            headers.append((b"content-length", str(len(body)).encode("latin-1")))
            await send({**original, "headers": headers})
            await send({"type": "http.response.body", "body": body})

        await self.app(scope, receive, capture)
