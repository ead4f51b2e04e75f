"""Benchmark of the dashboard: server time per page and per switch, map payload, first map in Chromium.

Run ``.venv/bin/python bench/bench_app.py [--runs 5] [--no-browser]``; figures (medians) go to
``bench/results/app.json``. Targets: first map <= 1.5 s warm, indicator switch <= 0.3 s server
time, map payload <= 300 KB (issue 3); first map of a shared link, region switch in meeting
mode, and p95 page load of 20 concurrent sessions <= 2 s (issue 5). Measurements, not tests.
"""

from __future__ import annotations

import argparse
import asyncio
import gzip
import json
import math
import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(ROOT / "tests" / "app"))  # the browser test's helpers (test_e2e_browser)

from dashboard import registry  # noqa: E402 - after the path set-up above

PAGES = ["kaart", "vergelijken", "regioprofiel", "data_bronnen"]
"""Registry ids of the pages timed (:mod:`dashboard.registry`); Opgaven is left out as before."""
INDICATORS = ["werkloosheid", "tevredenheid_leven", "afstand_huisartsenpraktijk", "gemiddelde_woz_waarde",
              "bevolkingsgroei", "aandeel_65_plus"]
REGIONS = ["twente", "achterhoek", "zuid_limburg", "regio_emmen", "noard_fryslan", "zeeuws_vlaanderen"]
OUT = ROOT / "bench" / "results" / "app.json"


def timed(action) -> float:
    start = time.perf_counter()
    action()
    return time.perf_counter() - start


def median(values: list[float]) -> float:
    return round(statistics.median(values), 4)


def server_times(runs: int) -> dict:
    """AppTest run timings: cold start, each page warm, indicator/year/level switches."""
    from streamlit.testing.v1 import AppTest

    from support.app_testing import APP, map_args

    result = {}
    at = AppTest.from_file(APP, default_timeout=120)
    result["cold_first_run_s"] = round(timed(at.run), 3)
    pages = {}
    for page in PAGES:
        at.switch_page(registry.page(page).script).run()
        pages[page] = median([timed(at.run) for _ in range(runs)])
    result["page_rerun_s"] = pages
    at.switch_page(registry.page("kaart").script).run()
    first, repeat = [], []
    for indicator in INDICATORS:  # the first switch builds the map, switching back hits the cache
        first.append(timed(lambda: at.selectbox(key="indicator").set_value(indicator).run()))  # noqa: B023
    for indicator in INDICATORS:
        repeat.append(timed(lambda: at.selectbox(key="indicator").set_value(indicator).run()))  # noqa: B023
    result["kaart_indicator_switch_new_s"] = median(first)
    result["kaart_indicator_switch_cached_s"] = median(repeat)
    result["kaart_level_switch_s"] = median(
        [timed(lambda lvl=lvl: at.radio(key="level").set_value(lvl).run()) for lvl in ["regio", "gemeente"] * runs])
    result["kaart_zoom_switch_s"] = median(
        [timed(lambda z=z: at.selectbox(key="zoom").set_value(z).run()) for z in ["twente", "nederland"] * runs])
    sizes = {}
    for level in ["gemeente", "regio"]:
        at.radio(key="level").set_value(level).run()
        script = map_args(at)["script"].encode()
        sizes[level] = {"script_bytes": len(script), "script_gzip_bytes": len(gzip.compress(script))}
    result["map_payload"] = sizes
    at.switch_page(registry.page("vergelijken").script).run()
    result["vergelijken_indicator_switch_s"] = median(
        [timed(lambda i=i: at.selectbox(key="indicator").set_value(i).run()) for i in INDICATORS])
    return result


def html_size() -> dict:
    """Standalone map HTML (as a report would save it) per level."""
    from monitor.maps import folium_map, classes as map_classes, web_geometry
    from monitor.data import load_monitor

    monitor = load_monitor()
    geometry = web_geometry.prepare_geometry(monitor)
    out = {"prepare_geometry_s": round(timed(lambda: web_geometry.prepare_geometry(monitor)), 3)}
    for level in map_classes.LEVELS:
        start = time.perf_counter()
        html = folium_map.to_html(folium_map.choropleth(monitor, geometry, "werkloosheid", 2023, level))
        out[level] = {"html_bytes": len(html.encode()), "build_and_render_s": round(time.perf_counter() - start, 3)}
    return out


def _map_visible(page, timeout_ms: int = 120_000) -> None:
    from test_e2e_browser import MAP_FRAME

    frame = page.locator(MAP_FRAME).last.content_frame
    page.locator(".npvr-legend").wait_for(timeout=timeout_ms)  # the legend stands beside the map
    frame.locator(".leaflet-control-zoom").wait_for(timeout=timeout_ms)
    # Zoomed in, the first polygons may lie outside the view (hidden), so wait for them in the DOM.
    frame.locator("path.leaflet-interactive").first.wait_for(state="attached", timeout=timeout_ms)


def _first_map(new_page, url: str, runs: int) -> list[float]:
    times = []
    for _ in range(runs):
        page = new_page()
        start = time.perf_counter()
        page.goto(url)
        _map_visible(page)
        times.append(time.perf_counter() - start)
        page.close()
    return times


def browser_times(runs: int) -> dict:
    """Seconds from navigation to the map's polygons and legend being visible in headless Chromium.

    "empty cache": every load in a fresh browser context (a first visit); "browser cache": tabs
    of one context, as for a user who has opened the monitor before (static files cached).
    """
    from playwright.sync_api import sync_playwright

    from test_e2e_browser import CHROMIUM, CHROMIUM_ARGS, running_app

    if not Path(CHROMIUM).exists():
        return {"skipped": f"{CHROMIUM} absent"}
    viewport = {"width": 1920, "height": 1200}
    with running_app() as url:
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            cold = _first_map(lambda: browser.new_page(viewport=viewport), url, 1)
            empty = _first_map(lambda: browser.new_page(viewport=viewport), url, runs)
            context = browser.new_context(viewport=viewport)
            cached = _first_map(context.new_page, url, runs + 1)[1:]
            browser.close()
    return {"first_map_cold_server_s": round(cold[0], 3), "first_map_empty_cache_median_s": median(empty),
            "first_map_browser_cache_median_s": median(cached),
            "first_map_browser_cache_runs_s": [round(t, 3) for t in cached]}


SHARED_LINK = (f"/{registry.page('kaart').url_path}"
               "?indicator=werkloosheid&jaar=2020&regio=twente&niveau=regio&zoom=twente&klassen=kwantielen")
MEETING_LINK = f"/?modus={registry.MEETING.id}&indicator=aandeel_65_plus&regio=achterhoek"
SESSIONS = 20


def meeting_times(url: str, browser, runs: int) -> dict:
    """A shared link's first map, and next-region switches (arrow key) in meeting mode."""
    viewport = {"width": 1920, "height": 1080}
    shared = _first_map(lambda: browser.new_page(viewport=viewport), url + SHARED_LINK, runs)
    context = browser.new_context(viewport=viewport)
    shared_cached = _first_map(context.new_page, url + SHARED_LINK, runs + 1)[1:]
    page = browser.new_page(viewport={"width": 1920, "height": 1080})
    page.goto(url + MEETING_LINK)
    _map_visible(page)
    switches = []
    for _ in range(runs * 2):
        before = page.url
        start = time.perf_counter()
        page.keyboard.press("ArrowRight")
        page.wait_for_function("old => window.location.href !== old", arg=before, timeout=60_000)
        page.wait_for_function(
            """() => { const f = document.querySelector("iframe[title='streamlit_folium.st_folium']");
                       return f && f.getBoundingClientRect().height > 100 && f.contentDocument
                              && f.contentDocument.querySelector('path.leaflet-interactive')
                              && document.querySelector('.npvr-legend'); }""", timeout=60_000)
        switches.append(time.perf_counter() - start)
    page.close()
    return {"shared_link_first_map_empty_cache_median_s": median(shared),
            "shared_link_first_map_browser_cache_median_s": median(shared_cached),
            "meeting_region_switch_median_s": median(switches),
            "meeting_region_switch_max_s": round(max(switches), 3)}


async def _stream_session(port: int, query: str, page: str) -> float:
    """One session over Streamlit's own websocket protocol: seconds until the page's script finished."""
    import websockets
    from streamlit.proto.BackMsg_pb2 import BackMsg
    from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

    start = time.perf_counter()
    async with websockets.connect(f"ws://127.0.0.1:{port}/_stcore/stream", subprotocols=["streamlit"],
                                  max_size=None, open_timeout=120) as ws:
        message = BackMsg()
        message.rerun_script.query_string = query
        message.rerun_script.page_name = page
        await ws.send(message.SerializeToString())
        while True:
            forward = ForwardMsg()
            forward.ParseFromString(await asyncio.wait_for(ws.recv(), timeout=300))
            # "/" forwards to /kaart: the first run ends early for that rerun; wait for the real end.
            if (forward.WhichOneof("type") == "script_finished"
                    and forward.script_finished != ForwardMsg.FINISHED_EARLY_FOR_RERUN):
                return time.perf_counter() - start


def concurrent_sessions(url: str, sessions: int = SESSIONS, spread_s: float = 0.0, seed: int = 5) -> dict:
    """``sessions`` new sessions against the server, all at once (``spread_s`` 0) or arriving at random
    moments within ``spread_s`` seconds; each opens a link (page, indicator, region) at random.

    Measured per session: seconds from opening the connection until the server has sent the whole
    page (Streamlit's "script finished"). Browser rendering is left out on purpose: it happens on
    each user's own machine, while the server is what the sessions share.
    """
    rng = random.Random(seed)
    port = int(url.rsplit(":", 1)[1])
    paths = ["", "", *(registry.page(p).url_path for p in ("vergelijken", "regioprofiel"))]  # home twice as often
    plans = [(rng.uniform(0, spread_s), f"indicator={rng.choice(INDICATORS)}&regio={rng.choice(REGIONS)}",
              rng.choice(paths)) for _ in range(sessions)]

    async def delayed(delay: float, query: str, page: str) -> float:
        await asyncio.sleep(delay)
        return await _stream_session(port, query, page)

    async def run() -> list[float]:
        return list(await asyncio.gather(*(delayed(*plan) for plan in plans)))

    times = sorted(asyncio.run(run()))
    p95 = times[max(0, math.ceil(0.95 * len(times)) - 1)]
    return {"sessions": sessions, "arrivals_within_s": spread_s, "page_load_p50_s": median(times),
            "page_load_p95_s": round(p95, 3), "page_load_max_s": round(times[-1], 3)}


def issue5_browser_times(runs: int) -> dict:
    from playwright.sync_api import sync_playwright

    from test_e2e_browser import CHROMIUM, CHROMIUM_ARGS, running_app

    if not Path(CHROMIUM).exists():
        return {"skipped": f"{CHROMIUM} absent"}
    with running_app() as url:
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            warm = browser.new_page()
            warm.goto(url + MEETING_LINK)
            _map_visible(warm)
            warm.close()
            figures = meeting_times(url, browser, runs)
            browser.close()
        asyncio.run(_stream_session(int(url.rsplit(":", 1)[1]), "", ""))  # warm the server
        figures["concurrent_burst"] = concurrent_sessions(url, spread_s=0.0)
        figures["concurrent_within_10s"] = concurrent_sessions(url, spread_s=10.0)
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--no-browser", action="store_true")
    args = parser.parse_args()
    figures = {"runs": args.runs, "server": server_times(args.runs), "standalone_map": html_size()}
    if not args.no_browser:
        figures["browser"] = browser_times(args.runs)
        figures["meeting_and_sharing"] = issue5_browser_times(args.runs)
    figures["targets"] = {"first_map_warm_s": 1.5, "indicator_switch_server_s": 0.3, "map_payload_bytes": 300_000,
                          "shared_link_first_map_s": 2.0, "concurrent_p95_s": 2.0}
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(json.dumps(figures, indent=2), encoding="utf-8")
    print(json.dumps(figures, indent=2))


if __name__ == "__main__":
    main()
