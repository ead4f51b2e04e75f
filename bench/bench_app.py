"""Benchmark of the dashboard: server time per page and per switch, map payload, first map in Chromium.

Run ``.venv/bin/python bench/bench_app.py [--runs 5] [--no-browser]``; figures (medians) go to
``bench/results/app.json``. Targets (issue 3): first map <= 1.5 s warm, indicator switch
<= 0.3 s server time, map payload <= 300 KB. These are measurements, not tests.
"""

from __future__ import annotations

import argparse
import gzip
import json
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

PAGES = ["kaart", "vergelijken", "regioprofiel", "data_bronnen"]
INDICATORS = ["werkloosheid", "tevredenheid_leven", "afstand_huisartsenpraktijk", "gemiddelde_woz_waarde",
              "bevolkingsgroei", "aandeel_65_plus"]
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

    from app_testing import APP, map_args

    result = {}
    at = AppTest.from_file(APP, default_timeout=120)
    result["cold_first_run_s"] = round(timed(at.run), 3)
    pages = {}
    for page in PAGES:
        at.switch_page(f"dashboard/pages/{page}.py").run()
        pages[page] = median([timed(at.run) for _ in range(runs)])
    result["page_rerun_s"] = pages
    at.switch_page("dashboard/pages/kaart.py").run()
    first, repeat = [], []
    for indicator in INDICATORS:  # the first switch builds the map, switching back hits the cache
        first.append(timed(lambda: at.selectbox(key="indicator").set_value(indicator).run()))
    for indicator in INDICATORS:
        repeat.append(timed(lambda: at.selectbox(key="indicator").set_value(indicator).run()))
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
    at.switch_page("dashboard/pages/vergelijken.py").run()
    result["vergelijken_indicator_switch_s"] = median(
        [timed(lambda i=i: at.selectbox(key="indicator").set_value(i).run()) for i in INDICATORS])
    return result


def html_size() -> dict:
    """Standalone map HTML (as a report would save it) per level."""
    from monitor import maps
    from monitor.data import load_monitor

    monitor = load_monitor()
    geometry = maps.prepare_geometry(monitor)
    out = {"prepare_geometry_s": round(timed(lambda: maps.prepare_geometry(monitor)), 3)}
    for level in maps.LEVELS:
        start = time.perf_counter()
        html = maps.to_html(maps.choropleth(monitor, geometry, "werkloosheid", 2023, level))
        out[level] = {"html_bytes": len(html.encode()), "build_and_render_s": round(time.perf_counter() - start, 3)}
    return out


def browser_times(runs: int) -> dict:
    """Seconds from navigation to the map's polygons and legend being visible in headless Chromium."""
    from playwright.sync_api import sync_playwright

    from test_e2e_browser import CHROMIUM, CHROMIUM_ARGS, MAP_FRAME, running_app

    if not Path(CHROMIUM).exists():
        return {"skipped": f"{CHROMIUM} absent"}
    times = []
    with running_app() as url:
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            for _ in range(runs + 1):
                page = browser.new_page(viewport={"width": 1920, "height": 1200})
                start = time.perf_counter()
                page.goto(url)
                frame = page.locator(MAP_FRAME).first.content_frame
                frame.locator(".npvr-legend").wait_for(timeout=120_000)
                frame.locator("path.leaflet-interactive").first.wait_for(timeout=120_000)
                times.append(time.perf_counter() - start)
                page.close()
            browser.close()
    return {"first_map_cold_s": round(times[0], 3), "first_map_warm_median_s": median(times[1:]),
            "first_map_warm_runs_s": [round(t, 3) for t in times[1:]]}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--no-browser", action="store_true")
    args = parser.parse_args()
    figures = {"runs": args.runs, "server": server_times(args.runs), "standalone_map": html_size()}
    if not args.no_browser:
        figures["browser"] = browser_times(args.runs)
    figures["targets"] = {"first_map_warm_s": 1.5, "indicator_switch_server_s": 0.3, "map_payload_bytes": 300_000}
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(json.dumps(figures, indent=2), encoding="utf-8")
    print(json.dumps(figures, indent=2))


if __name__ == "__main__":
    main()
