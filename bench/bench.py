"""Benchmark of the core on the real snapshot: build and export, several runs, median.

Usage: ``.venv/bin/python bench/bench.py [--runs N] [--no-app] [--no-reports] [--no-plan]``. Writes
``bench/results/core.json`` and prints the figures. Targets (issue "Data core"): build ≤ 1 s, export ≤ 2 s
on a 2-core machine. If ``bench/bench_app.py`` exists it is run afterwards for the app figures (unless
--no-app), ``bench/bench_reports.py`` for the PDF and PNG reports (unless --no-reports),
``bench/bench_plan.py`` for the uitgangssituatie per region (unless --no-plan), and
``bench/bench_speed.py`` for the speed issue's table with floors and A/B (unless --no-speed).
These are measurements, not tests: shared machines are noisy, so read them as indications.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from monitor.compute.build import build  # noqa: E402
from monitor.config import snapshot_dir  # noqa: E402
from monitor.data import load_monitor  # noqa: E402
from monitor.exports.writer import FILES, export  # noqa: E402

RESULTS = ROOT / "bench" / "results"


def timed(func, runs: int) -> dict:
    seconds = []
    for _ in range(runs):
        started = time.perf_counter()
        func()
        seconds.append(time.perf_counter() - started)
    return {"median_s": round(statistics.median(seconds), 3), "min_s": round(min(seconds), 3),
            "max_s": round(max(seconds), 3), "runs": runs}


def cold_cli(args: list[str], runs: int) -> dict:
    """Whole-process time and peak memory of ``python -m monitor ...`` (imports included)."""
    seconds, peaks = [], []
    for _ in range(runs):
        code = ("import resource, runpy, sys, time; t = time.perf_counter(); sys.argv = ['monitor'] + %r;\n"
                "try:\n    runpy.run_module('monitor', run_name='__main__')\nexcept SystemExit:\n    pass\n"
                "print(time.perf_counter() - t, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)") % (args,)
        out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
        last = out.stdout.strip().splitlines()[-1].split()
        seconds.append(float(last[0]))
        peaks.append(int(last[1]) / 1024)
    return {"median_s": round(statistics.median(seconds), 3), "peak_rss_mb": round(max(peaks), 1), "runs": runs}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--no-app", action="store_true", help="skip bench/bench_app.py")
    parser.add_argument("--no-reports", action="store_true", help="skip bench/bench_reports.py")
    parser.add_argument("--no-plan", action="store_true", help="skip bench/bench_plan.py (uitgangssituatie)")
    parser.add_argument("--no-speed", action="store_true", help="skip bench/bench_speed.py (issue 15's table)")
    args = parser.parse_args()
    snapshot = snapshot_dir()
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        build_dir = tmp / "build"
        results = {
            "machine": {"cpus": os.cpu_count(), "python": platform.python_version(), "platform": platform.platform()},
            "snapshot": str(snapshot),
            "targets": {"build_s": 1.0, "export_s": 2.0},
        }
        results["build"] = timed(lambda: build(snapshot, build_dir), args.runs)
        monitor = load_monitor(snapshot, build_dir)
        results["load_cached_build"] = timed(lambda: load_monitor(snapshot, build_dir), args.runs)
        results["export_all"] = timed(lambda: export(monitor, tmp / "out"), max(1, args.runs // 2 + 1))
        for name in FILES:
            if name == "regios.gpkg":
                continue  # written together with gemeenten.gpkg
            results[f"export_{name}"] = timed(lambda n=name: export(monitor, tmp / "one", formats=(n,)), 3)
        results["cli_build_cold"] = cold_cli(["build", "--quiet", "--force", "--build-dir", str(tmp / "cli")], 3)
        results["cli_export_cold"] = cold_cli(["export", "--build-dir", str(tmp / "cli"), "--out", str(tmp / "cliout")], 2)
        results["rows"] = {"values": int(monitor.values["value"].notna().sum()), "table_rows": int(len(monitor.values)),
                           "indicators": len(monitor.catalogue.indicators)}
    RESULTS.mkdir(parents=True, exist_ok=True)
    target = RESULTS / "core.json"
    target.write_text(json.dumps(results, indent=2))
    print(json.dumps(results, indent=2))
    print(f"-> {target}")
    code = 0
    app_bench = ROOT / "bench" / "bench_app.py"
    if app_bench.exists() and not args.no_app:
        code = subprocess.run([sys.executable, str(app_bench)], cwd=ROOT).returncode
    reports_bench = ROOT / "bench" / "bench_reports.py"
    if reports_bench.exists() and not args.no_reports:
        code = subprocess.run([sys.executable, str(reports_bench)], cwd=ROOT).returncode or code
    plan_bench = ROOT / "bench" / "bench_plan.py"
    if plan_bench.exists() and not args.no_plan:
        code = subprocess.run([sys.executable, str(plan_bench)], cwd=ROOT).returncode or code
    speed_bench = ROOT / "bench" / "bench_speed.py"
    if speed_bench.exists() and not args.no_speed:
        code = subprocess.run([sys.executable, str(speed_bench), "--runs", str(args.runs)], cwd=ROOT).returncode or code
    return code


if __name__ == "__main__":
    sys.exit(main())
