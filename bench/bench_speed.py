"""Benchmark of issue 15 ("fast for a room full of viewers"): every figure of its table beside its
floor or baseline, measured in the same run, interleaved, several runs (min and median).

Run ``.venv/bin/python bench/bench_speed.py [--runs 5] [--baseline DIR] [--sessions 20 50]
[--no-browser] [--no-scaled]``; figures go to ``bench/results/speed.json``. ``--baseline DIR`` is
another source tree of the monitor (e.g. ``git archive <ref> | tar -x -C DIR``): its command-line
figures are measured interleaved with this tree's, with the same Python.

Floors and baselines, all measured here:
- ``python -c pass`` for the command line;
- pyarrow reading ``observations.csv`` in a fresh process (the read floor of a build);
- a bare Streamlit page (``bench/bare_app.py``) for the browser's first paint, the same with one
  small streamlit-folium map (``bench/bare_folium/app.py``, what the map component itself costs)
  and with a select box too (``bench/bare_folium/app_select.py``, Streamlit loading widget code);
- one session vs N concurrent sessions; the same server with ``NPVR_GC_FREEZE=0`` (Streamlit's
  after-run collection scanning every object) and with WebSocket compression off;
- the server time of a rerun of every page (``pages``), for the pages other than the map.
These are measurements, not tests: the machine is shared, so the load average is recorded too.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import math
import os
import platform
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(ROOT / "tests" / "app"))  # the browser test's helpers (test_e2e_browser)

OUT = ROOT / "bench" / "results" / "speed.json"
TARGETS = {
    "cli_help_s": 0.5, "build_cold_over_floor": 6.0, "build_up_to_date_s": 1.0, "export_all_s": 3.0,
    "first_map_minus_bare_folium_select_page_s_paired_median": 0.25, "indicator_switch_browser_s": 0.3,
    "bytes_per_switch_wire": 60_000,
    "p95_first_map_20_sessions_s": 2.0, "p95_first_map_50_sessions_s": 3.0, "rss_50_sessions_mb": 600,
}
SWITCH_QUERIES = ["indicator=werkloosheid", "indicator=aandeel_65_plus", "indicator=tevredenheid_leven",
                  "indicator=gemiddelde_woz_waarde"]


def stats(values: list[float], digits: int = 3) -> dict:
    return {"min": round(min(values), digits), "median": round(statistics.median(values), digits),
            "max": round(max(values), digits), "n": len(values)}


def load() -> list[float]:
    return [round(x, 2) for x in os.getloadavg()]


# --- command line and build -------------------------------------------------------------------

def wall(args: list[str], cwd: Path, env: dict | None = None) -> tuple[float, float, float]:
    """Wall seconds, peak RSS (MB) and CPU seconds (user + system, with the processes it forked and
    waited for) of a child process. On a shared machine the CPU seconds vary less than the wall time."""
    started = time.perf_counter()
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    out = subprocess.run(args, cwd=cwd, env=env, capture_output=True, text=True)
    seconds = time.perf_counter() - started
    if out.returncode != 0:
        raise RuntimeError(f"{' '.join(args)} failed: {out.stderr[-2000:]}")
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return seconds, (after.ru_maxrss if after.ru_maxrss > before.ru_maxrss else float("nan")) / 1024, cpu


def peak_rss(args: list[str], cwd: Path, env: dict) -> float:
    code = ("import resource, runpy, sys; sys.argv = ['monitor'] + %r\n"
            "try:\n    runpy.run_module('monitor', run_name='__main__')\nexcept SystemExit:\n    pass\n"
            "print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)") % (args,)
    out = subprocess.run([sys.executable, "-c", code], cwd=cwd, env=env, capture_output=True, text=True, check=True)
    if "Fout" in out.stderr:
        raise RuntimeError(out.stderr[-2000:])
    return int(out.stdout.strip().splitlines()[-1]) / 1024


def read_floor(snapshot: Path) -> float:
    """Seconds for pyarrow alone to read the observations: the floor of a cold build.

    The in-repo copy (``data/snapshot``) holds them as Parquet, a CSV snapshot folder as CSV.
    """
    parquet = snapshot / "observations.parquet"
    if parquet.is_file():
        code = ("import time, pyarrow.parquet as p; t = time.perf_counter(); p.read_table(%r); "
                "print(time.perf_counter() - t)" % str(parquet))
    else:
        code = ("import time, pyarrow.csv as c; t = time.perf_counter(); c.read_csv(%r); "
                "print(time.perf_counter() - t)" % str(snapshot / "observations.csv"))
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return float(out.stdout.strip())


def command_line(trees: dict[str, Path], runs: int, snapshot: Path) -> dict:
    """--help, validate, cold build, up-to-date build, export: each tree interleaved per run."""
    py = sys.executable
    times: dict[str, dict[str, list[float]]] = {name: {} for name in [*trees, "floor"]}

    def add(tree: str, what: str, value: float) -> None:
        times[tree].setdefault(what, []).append(value)

    env = dict(os.environ, NPVR_SNAPSHOT=str(snapshot))
    for tree in trees.values():
        # Each tree's bytecode as a user's first run leaves it: where PYTHONDONTWRITEBYTECODE is set
        # (as on the development machines), an edited module was otherwise compiled again in every
        # measured command (0.04-0.15 s of a build).
        subprocess.run([py, "-m", "compileall", "-q", "monitor"], cwd=tree, check=True, capture_output=True)
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        for run in range(runs):
            add("floor", "python_start_s", wall([py, "-c", "pass"], ROOT)[0])
            add("floor", "pyarrow_read_observations_s", read_floor(snapshot))
            for name, tree in trees.items():
                build = tmp / f"{name}-build"
                add(name, "help_s", wall([py, "-m", "monitor", "--help"], tree, env)[0])
                add(name, "validate_s", wall([py, "-m", "monitor", "validate"], tree, env)[0])
                cold = [py, "-m", "monitor", "build", "--quiet", "--build-dir", str(tmp / f"{name}-cold-{run}")]
                seconds, _, cpu = wall(cold, tree, env)
                add(name, "build_cold_s", seconds)
                add(name, "build_cold_cpu_s", cpu)
                again = [py, "-m", "monitor", "build", "--quiet", "--build-dir", str(build)]
                if run == 0:
                    wall(again, tree, env)
                add(name, "build_up_to_date_s", wall(again, tree, env)[0])
                out = tmp / f"{name}-out"
                seconds, _, cpu = wall([py, "-m", "monitor", "export", "--build-dir", str(build), "--out", str(out)],
                                       tree, env)
                add(name, "export_all_s", seconds)
                add(name, "export_all_cpu_s", cpu)
                add(name, "export_xlsx_s", wall([py, "-m", "monitor", "export", "--build-dir", str(build), "--out",
                                                 str(out), "--formats", "indicatoren.xlsx"], tree, env)[0])
        result: dict = {"floor": {k: stats(v) for k, v in times["floor"].items()}}
        floor = statistics.median(times["floor"]["pyarrow_read_observations_s"])
        for name, tree in trees.items():
            figures = {k: stats(v) for k, v in times[name].items()}
            figures["build_cold_over_read_floor"] = {
                "min": round(min(times[name]["build_cold_s"]) / floor, 1),
                "median": round(statistics.median(times[name]["build_cold_s"]) / floor, 1)}
            figures["build_cold_peak_rss_mb"] = round(
                peak_rss(["build", "--quiet", "--build-dir", str(tmp / f"{name}-peak")], tree, env), 1)
            result[name] = figures
    return result


def build_in_process(runs: int, snapshot: Path) -> dict:
    """The build and a cache hit inside one process (no imports), and the in-process read floor."""
    import pyarrow.csv as pacsv
    import pyarrow.parquet as pq

    parquet = snapshot / "observations.parquet"

    def read_floor_in_process():
        return pq.read_table(parquet) if parquet.is_file() else pacsv.read_csv(snapshot / "observations.csv")

    from monitor.compute.build import build
    from monitor.data import build_if_needed, load_monitor
    from monitor.exports.writer import export

    floors, builds, hits, loads, exports = [], [], [], [], []
    with tempfile.TemporaryDirectory() as tmp:
        target = Path(tmp) / "build"
        for _ in range(runs):
            started = time.perf_counter()
            read_floor_in_process()
            floors.append(time.perf_counter() - started)
            started = time.perf_counter()
            build(snapshot, target)
            builds.append(time.perf_counter() - started)
            started = time.perf_counter()
            build_if_needed(snapshot, target)
            hits.append(time.perf_counter() - started)
            started = time.perf_counter()
            monitor = load_monitor(snapshot, target)
            loads.append(time.perf_counter() - started)
            started = time.perf_counter()
            export(monitor, Path(tmp) / "out")
            exports.append(time.perf_counter() - started)
    return {"pyarrow_read_s": stats(floors), "build_s": stats(builds), "up_to_date_check_s": stats(hits),
            "load_monitor_cached_s": stats(loads), "export_all_s": stats(exports),
            "build_over_read_floor_median": round(statistics.median(builds) / statistics.median(floors), 1)}


# --- app servers ------------------------------------------------------------------------------

@contextlib.contextmanager
def server(script: str = "app.py", env_extra: dict | None = None, args: list[str] | None = None):
    """``streamlit run`` on a free port; yields (url, pid)."""
    from support.app_server import streamlit_server

    with streamlit_server(script, env_extra, args, seconds=180) as (url, process):
        yield url, process.pid


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def count_wire_bytes(ws) -> list[int]:
    """Count the bytes a websockets connection receives from the network (frames as sent, i.e. after
    compression); returns a one-element list holding the running total."""
    total = [0]
    receive = ws.protocol.receive_data

    def counting(data: bytes) -> None:
        total[0] += len(data)
        receive(data)

    ws.protocol.receive_data = counting
    return total


async def switches(url: str, count: int) -> dict:
    """One session on the Kaart page; then ``count`` indicator switches (a rerun with another link, as
    the browser's back/forward does). Per switch: seconds until the script finished, message bytes
    and bytes on the wire (after WebSocket compression, if the server negotiates it)."""
    import websockets
    from streamlit.proto.BackMsg_pb2 import BackMsg
    from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

    async def run(ws, query: str) -> tuple[float, int]:
        message = BackMsg()
        message.rerun_script.query_string = query
        message.rerun_script.page_name = ""
        started = time.perf_counter()
        await ws.send(message.SerializeToString())
        size = 0
        while True:
            raw = await asyncio.wait_for(ws.recv(), timeout=300)
            size += len(raw)
            forward = ForwardMsg()
            forward.ParseFromString(raw)
            # "/" forwards to /kaart: the first run ends early for that rerun; wait for the real end.
            if (forward.WhichOneof("type") == "script_finished"
                    and forward.script_finished != ForwardMsg.FINISHED_EARLY_FOR_RERUN):
                return time.perf_counter() - started, size

    ws_url = url.replace("http://", "ws://") + "/_stcore/stream"
    async with websockets.connect(ws_url, subprotocols=["streamlit"], max_size=None, open_timeout=120) as ws:
        compressed = "permessage-deflate" in (ws.response.headers.get("Sec-WebSocket-Extensions") or "")
        wire = count_wire_bytes(ws)
        await run(ws, SWITCH_QUERIES[0])
        seconds, message_bytes, wire_bytes = [], [], []
        for i in range(count):
            before = wire[0]
            took, size = await run(ws, SWITCH_QUERIES[(i + 1) % len(SWITCH_QUERIES)])
            wire_bytes.append(wire[0] - before)
            seconds.append(took)
            message_bytes.append(size)
    return {"server_s": stats(seconds), "message_bytes": int(statistics.median(message_bytes)),
            "wire_bytes": int(statistics.median(wire_bytes)), "compression_negotiated": compressed}


def p95(times: list[float]) -> float:
    times = sorted(times)
    return times[max(0, math.ceil(0.95 * len(times)) - 1)]


def burst(url: str, sessions: int) -> dict:
    """``sessions`` new sessions at once, as in a meeting where everyone opens the shared link: the
    Kaart page with one of a few indicators; seconds until each one's page with its map was sent."""
    from bench_app import _stream_session

    port = int(url.rsplit(":", 1)[1])

    async def run():
        return await asyncio.gather(*(_stream_session(port, q, "") for q in (SWITCH_QUERIES * sessions)[:sessions]))

    times = asyncio.run(run())
    return {"sessions": sessions, "page_load_p50_s": round(statistics.median(times), 3),
            "page_load_p95_s": round(p95(times), 3), "page_load_max_s": round(max(times), 3)}


def burst_scaled(url: str, sessions: int) -> dict:
    from support.scaled_app import proxied_session

    async def run():
        return await asyncio.gather(*(proxied_session(url, q) for q in (SWITCH_QUERIES * sessions)[:sessions]))

    results = asyncio.run(run())
    times = [r["seconds"] for r in results]
    assert all(r["map"] for r in results), "a session got no map"
    return {"sessions": sessions, "page_load_p50_s": round(statistics.median(times), 3),
            "page_load_p95_s": round(p95(times), 3), "page_load_max_s": round(max(times), 3),
            "per_backend": {b: sum(r["backend"] == b for r in results) for b in ("app1", "app2")}}


def app_server(runs: int, sessions: list[int]) -> dict:
    """Switch time and bytes (A/B: GC freeze, WebSocket compression), 1 vs N sessions, RSS."""
    from bench_app import _stream_session

    result: dict = {}
    variants = {"as_configured": ({}, []), "gc_freeze_off": ({"NPVR_GC_FREEZE": "0"}, []),
                "websocket_compression_off": ({}, ["--server.enableWebsocketCompression", "false"])}
    with contextlib.ExitStack() as stack:
        urls = {name: stack.enter_context(server(env_extra=env, args=args)) for name, (env, args) in variants.items()}
        for url, _ in urls.values():  # warm every server: monitor, geometry, first maps
            asyncio.run(_stream_session(int(url.rsplit(":", 1)[1]), "", ""))
            asyncio.run(switches(url, len(SWITCH_QUERIES)))
        rounds: dict[str, list[dict]] = {name: [] for name in urls}
        for _ in range(runs):  # interleaved A/B rounds
            for name, (url, _) in urls.items():
                rounds[name].append(asyncio.run(switches(url, 8)))
        for name, measured in rounds.items():
            medians = [m["server_s"]["median"] for m in measured]
            result[f"switch_{name}"] = {"server_s_median_of_rounds": stats(medians),
                                        "message_bytes": measured[-1]["message_bytes"],
                                        "wire_bytes": int(statistics.median(m["wire_bytes"] for m in measured)),
                                        "compression_negotiated": measured[-1]["compression_negotiated"]}
        url, pid = urls["as_configured"]
        port = int(url.rsplit(":", 1)[1])
        one = [asyncio.run(_stream_session(port, "indicator=werkloosheid", "")) for _ in range(runs)]
        result["one_session_first_map_s"] = stats(one)
        result["rss_after_warmup_mb"] = round(rss_mb(pid), 1)
        for n in sessions:
            result[f"burst_{n}_sessions"] = burst(url, n)
            result[f"rss_after_{n}_sessions_mb"] = round(rss_mb(pid), 1)
        url_off, pid_off = urls["gc_freeze_off"]
        for n in sessions:
            result[f"burst_{n}_sessions_gc_freeze_off"] = burst(url_off, n)
            result[f"rss_after_{n}_sessions_gc_freeze_off_mb"] = round(rss_mb(pid_off), 1)
    return result


def page_reruns(runs: int) -> dict:
    """Server time of one rerun of each page with warm caches (Streamlit's AppTest in this process):
    what every viewer's click on a page costs the server, beside the map switch measured above."""
    from support.app_testing import start

    from dashboard import registry

    result = {}
    for page in registry.PAGES:
        app = start(page.id)
        app.run()  # the page's own caches
        times = []
        for _ in range(runs):
            started = time.perf_counter()
            app.run()
            times.append(time.perf_counter() - started)
        result[f"{page.id}_rerun_s"] = stats(times)
    return result


def scaled(sessions: list[int]) -> dict:
    """The same bursts through HAProxy to two app processes (deploy/run_scaled.sh)."""
    from support.scaled_app import running_scaled

    result = {}
    with running_scaled(seconds=240) as running:
        burst_scaled(running.url, 4)  # warm both processes
        for n in sessions:
            result[f"burst_{n}_sessions"] = burst_scaled(running.url, n)
    return result


# --- browser ----------------------------------------------------------------------------------

def browser(runs: int) -> dict:
    """First paint of a bare Streamlit page vs the monitor's first map, and an indicator switch, in
    headless Chromium, interleaved (both servers warm).

    The switch is timed from the choice (Enter in the indicator box) until the legend names the
    new indicator and the map shows its values; ``indicator_switch_with_typing_s`` also counts
    Playwright opening the box and typing (not the app's time)."""
    from playwright.sync_api import sync_playwright

    from bench_app import _map_visible
    from test_e2e_browser import CHROMIUM, CHROMIUM_ARGS, MAP_FRAME

    if not Path(CHROMIUM).exists():
        return {"skipped": f"{CHROMIUM} absent"}
    viewport = {"width": 1920, "height": 1200}
    bare_times, folium_times, select_times, map_times, switch_times, with_typing = [], [], [], [], [], []

    def folium_drawn(page) -> None:
        page.frame_locator(MAP_FRAME).locator("path.leaflet-interactive").first.wait_for(state="attached")

    with server() as (app_url, _), server("bench/bare_app.py") as (bare_url, _), \
            server("bench/bare_folium/app.py") as (folium_url, _), \
            server("bench/bare_folium/app_select.py") as (select_url, _):
        with sync_playwright() as pw:
            chromium = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            context = chromium.new_context(viewport=viewport)  # a returning user (static files cached)
            cases = [(bare_url, lambda page: page.get_by_text("Kale Streamlit-pagina").wait_for(), bare_times),
                     (folium_url, folium_drawn, folium_times),
                     (select_url, folium_drawn, select_times),
                     (app_url + "/?indicator=werkloosheid", _map_visible, map_times)]
            for url, drawn, _ in cases:  # warm the servers and the cache
                page = context.new_page()
                page.goto(url)
                drawn(page)
                page.close()
            for _ in range(runs):  # interleaved
                for url, drawn, times in cases:
                    page = context.new_page()
                    started = time.perf_counter()
                    page.goto(url)
                    drawn(page)
                    times.append(time.perf_counter() - started)
                    page.close()
            page = context.new_page()
            page.goto(app_url + "/?indicator=werkloosheid")
            _map_visible(page)
            titles = {"aandeel_65_plus": "65 jaar", "werkloosheid": "Werkloos"}
            for i in range(runs * 2):
                target = ["aandeel_65_plus", "werkloosheid"][i % 2]
                box = page.locator("[data-testid='stMain'] [data-testid='stSelectbox']").first
                clicked = time.perf_counter()
                box.click()
                page.keyboard.type(titles[target])
                started = time.perf_counter()  # the choice is made: from here the user waits
                page.keyboard.press("Enter")
                # Drawn: the legend beside the map names the indicator and the map frame shows its
                # values layer (data-npvr-values, set once the coloured areas are on the map).
                page.wait_for_function(
                    """([frame, text, id]) => { const l = document.querySelector('.npvr-legend .title');
                         if (!l || !l.textContent.includes(text)) { return false; }
                         const f = document.querySelectorAll(frame);
                         const d = f.length && f[f.length - 1].contentDocument;
                         const c = d && d.querySelector('.leaflet-container');
                         return !!c && (c.dataset.npvrValues || '').startsWith(id + '|'); }""",
                    arg=[MAP_FRAME, titles[target], target], timeout=60_000)
                switch_times.append(time.perf_counter() - started)
                with_typing.append(time.perf_counter() - clicked)
            chromium.close()
    bare, bare_folium, first = stats(bare_times), stats(folium_times), stats(map_times)
    return {"bare_streamlit_page_s": bare, "bare_folium_page_s": bare_folium,
            "bare_folium_page_with_select_s": stats(select_times), "first_map_s": first,
            "first_map_minus_bare_page_s_median": round(first["median"] - bare["median"], 3),
            # The loads are interleaved: each run's map beside the bare page loaded just before it
            # (the same moment's machine load), the median of those differences.
            "first_map_minus_bare_page_s_paired_median": round(statistics.median(
                m - b for m, b in zip(map_times, bare_times)), 3),
            "first_map_minus_bare_folium_page_s_median": round(first["median"] - bare_folium["median"], 3),
            # Issue 20's target: within 0.25 s of the bare page with one streamlit-folium map and a select box,
            # each map load beside the select page loaded just before it.
            "first_map_minus_bare_folium_select_page_s_paired_median": round(statistics.median(
                m - s for m, s in zip(map_times, select_times)), 3),
            "indicator_switch_s": stats(switch_times), "indicator_switch_with_typing_s": stats(with_typing)}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--browser-runs", type=int, default=9,
                        help="page loads of each kind in the browser step (a page load varies more than a command)")
    parser.add_argument("--baseline", type=Path, help="another source tree to compare the command line with")
    parser.add_argument("--sessions", type=int, nargs="+", default=[20, 50])
    parser.add_argument("--no-browser", action="store_true")
    parser.add_argument("--no-scaled", action="store_true")
    parser.add_argument("--only", nargs="+", choices=["cli", "core", "server", "pages", "scaled", "browser"])
    args = parser.parse_args()
    from monitor.config import snapshot_dir

    snapshot = snapshot_dir()
    only = set(args.only or ["cli", "core", "server", "pages", "scaled", "browser"])
    if args.no_browser:
        only.discard("browser")
    if args.no_scaled:
        only.discard("scaled")
    figures: dict = {"machine": {"cpus": os.cpu_count(), "python": platform.python_version(),
                                 "platform": platform.platform(), "load_average_start": load()},
                     "started": time.strftime("%Y-%m-%d %H:%M:%S"), "runs": args.runs,
                     "browser_runs": args.browser_runs, "targets": TARGETS}
    previous = json.loads(OUT.read_text()) if OUT.exists() and args.only else {}
    figures = {**previous, **figures}
    trees = {"this": ROOT, **({"baseline": args.baseline.resolve()} if args.baseline else {})}
    steps = [("cli", lambda: command_line(trees, args.runs, snapshot)),
             ("core", lambda: build_in_process(args.runs, snapshot)),
             ("server", lambda: app_server(args.runs, args.sessions)),
             ("pages", lambda: page_reruns(args.runs)),
             ("scaled", lambda: scaled(args.sessions)),
             ("browser", lambda: browser(args.browser_runs))]
    for name, step in steps:
        if name in only:
            started = time.perf_counter()
            figures[name] = step()
            figures[name]["load_average_after"] = load()
            figures[name]["bench_seconds"] = round(time.perf_counter() - started, 1)
            OUT.parent.mkdir(parents=True, exist_ok=True)
            OUT.write_text(json.dumps(figures, indent=2), encoding="utf-8")
    figures["machine"]["load_average_end"] = load()
    OUT.write_text(json.dumps(figures, indent=2), encoding="utf-8")
    print(json.dumps(figures, indent=2))
    print(f"-> {OUT}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
