"""Timers shared by the bench scripts of the plan and the reports."""

from __future__ import annotations

import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def timed(action, runs: int) -> tuple[dict, object]:
    """Run ``action`` ``runs`` times: wall seconds (median, min, max) and this process's CPU seconds (median:
    less sensitive to other users of a shared machine, but blind to time spent waiting for a core), and the
    last run's result."""
    seconds, cpu, result = [], [], None
    for _ in range(runs):
        started, started_cpu = time.perf_counter(), time.process_time()
        result = action()
        seconds.append(time.perf_counter() - started)
        cpu.append(time.process_time() - started_cpu)
    return {"median_s": round(statistics.median(seconds), 3), "min_s": round(min(seconds), 3),
            "max_s": round(max(seconds), 3), "cpu_median_s": round(statistics.median(cpu), 3), "runs": runs}, result


def cold_cli(args: list[str]) -> float:
    """Whole-process seconds of ``python -m monitor ...`` (imports and a cached build included)."""
    started = time.perf_counter()
    subprocess.run([sys.executable, "-m", "monitor", *args], cwd=ROOT, check=True, capture_output=True)
    return round(time.perf_counter() - started, 3)
