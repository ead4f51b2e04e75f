"""Deep links in a real browser: ``streamlit run serve.py`` sends ``/vergelijken/extra/deep`` to its page.

Before, the page's relative scripts resolved below the deep path and came back as HTML: a blank
page after ~47 s and dozens of console errors. One page load in headless Chromium (skipped when
/usr/bin/chromium is absent); the server is stopped at the end.
"""

from __future__ import annotations

import contextlib
import os

import pytest
from support.app_server import streamlit_server
from test_e2e_browser import CHROMIUM, CHROMIUM_ARGS, watch

pytestmark = [
    pytest.mark.browser,
    pytest.mark.slow,
    pytest.mark.skipif(not os.path.exists(CHROMIUM), reason=f"{CHROMIUM} is absent: apt-get install -y chromium"),
]


@contextlib.contextmanager
def serving():
    """``streamlit run serve.py`` (the app with the deep-link forwarding) on a free port."""
    with streamlit_server("serve.py") as (url, _):
        yield url


def test_unknown_deep_path_lands_on_its_page_quickly():
    from playwright.sync_api import sync_playwright

    problems: list[str] = []
    with serving() as url, sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_page()
        page.set_default_timeout(30_000)
        watch(page, problems)
        page.goto(f"{url}/vergelijken/extra/deep?regio=twente")
        page.get_by_role("heading", name="Vergelijken").first.wait_for()
        assert page.url == f"{url}/vergelijken?regio=twente" or page.url.startswith(f"{url}/vergelijken?")
        browser.close()
    assert not problems, "\n".join(problems)
