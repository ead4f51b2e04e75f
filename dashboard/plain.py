"""Data shown as text: Markdown in data-derived strings is neutralised before it reaches the page.

Streamlit renders the text of ``st.markdown``, ``st.caption``, ``st.error``, titles and so on as
Markdown. A region name, gemeente name, indicator title, snapshot date, error message or a part of
a shared link comes from files or URLs that anyone may have edited; ``[t](http://…)`` or
``![t](http://…/track.png)`` in such a string would become a live link or make the browser fetch
an image. :func:`md` escapes every character that can start a link, image, autolink, HTML tag,
code span, formula or table, so the string is shown exactly as written and nothing is fetched.
"""

from __future__ import annotations

import re

_MARKUP = re.compile(r"([\\`*\[\]<>!#|~$@])")
_AUTOLINK = re.compile(r"(?i)(?<=[a-z0-9])(:)(?=//)|(?<=\bwww)(\.)")


def md(value) -> str:
    """Return ``value`` as Markdown source that renders as exactly this text.

    Backslash-escapes ``\\ ` * [ ] < > ! # | ~ $ @`` (links, images, HTML, code, formulas, tables,
    e-mail autolinks) and breaks bare-URL autolinks (``http://``, ``www.``).
    """
    text = _MARKUP.sub(r"\\\1", str(value))
    return _AUTOLINK.sub(lambda m: "\\" + (m.group(1) or m.group(2)), text)
