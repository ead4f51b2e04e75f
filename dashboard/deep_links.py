"""Deep links that Streamlit cannot serve: ``/vergelijken/extra/deep`` → ``/vergelijken``.

Streamlit answers every unknown path with its page, whose scripts and styles are linked relative
to the address (``./static/…``). Below a second path segment they resolve to
``/vergelijken/extra/static/…``, which again returns the page instead of the script: the browser
shows a blank page after a long wait. This ASGI middleware (used by ``serve.py``) sends such
addresses straight to their first segment, keeping the query string, so the user lands on the page
(or on Streamlit's own "page not found" notice) at once.
"""

from __future__ import annotations

from urllib.parse import quote

RESERVED = frozenset({"_stcore", "static", "media", "component", "app", "auth", "oauth2callback"})
"""First path segments that belong to Streamlit itself (assets, websocket, media, static serving, login)."""


def fallback_path(path: str) -> str | None:
    """The address to send ``path`` to, or None when Streamlit can serve it as it is.

    Parameters
    ----------
    path
        The request path below the app's base path, e.g. ``/vergelijken/extra/deep``.

    Returns
    -------
    str or None
        ``/<first segment>`` for a path of two or more segments whose first segment is a page
        name (not a file name) and none of which is a Streamlit route; None otherwise.
    """
    segments = [s for s in path.split("/") if s]
    # Streamlit's own routes stay untouched, also below a page: the frontend probes
    # /<page>/_stcore/health and expects a 404 there before it falls back to the root.
    if len(segments) < 2 or RESERVED.intersection(segments) or "." in segments[0]:
        return None
    return "/" + quote(segments[0])


class DeepLinkRedirect:
    """ASGI middleware: redirect (302) deep page links to their page, before Streamlit sees them."""

    def __init__(self, app):
        self.app = app

    async def __call__(self, scope, receive, send):
        if scope.get("type") == "http" and scope.get("method") in ("GET", "HEAD"):
            root = scope.get("root_path", "") or ""
            path = scope.get("path", "")
            relative = path[len(root):] if root and path.startswith(root) else path
            target = fallback_path(relative)
            if target is not None:
                query = scope.get("query_string", b"").decode("latin-1")
                location = root.rstrip("/") + target + (f"?{query}" if query else "")
                await send({"type": "http.response.start", "status": 302,
                            "headers": [(b"location", location.encode("latin-1")),
                                        (b"cache-control", b"no-cache"), (b"content-length", b"0")]})
                await send({"type": "http.response.body", "body": b""})
                return
        await self.app(scope, receive, send)
