"""Benchmark of the plan voor de regio: the uitgangssituatie (Word + PDF) of one region and of all eleven.

Run ``.venv/bin/python bench/bench_plan.py [--runs 3]``; figures go to ``bench/results/plan.json``.
Targets (issue 25): one uitgangssituatie in at most 3 s, the eleven in at most 20 s. Measured in
process on a loaded monitor (:func:`monitor.plan.uitgangssituatie.write_plans`, which computes the
story and the nulmeting, builds the document and renders and writes both files), and as whole
``python -m monitor plan`` processes (imports and loading the cached build included). These are
measurements, not tests: shared machines are noisy, so read them with the load average beside them.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from monitor.config import snapshot_dir  # noqa: E402
from monitor.data import load_monitor  # noqa: E402
from monitor.plan.uitgangssituatie import write_plans  # noqa: E402
from timing import cold_cli, timed  # noqa: E402  (bench/ is on the path of a script run from it)

OUT = ROOT / "bench" / "results" / "plan.json"
TARGET_ONE_S, TARGET_ALL_S = 3.0, 20.0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    snapshot = snapshot_dir()
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        monitor = load_monitor(snapshot, tmp / "build")
        results = {
            "machine": {"cpus": os.cpu_count(), "python": platform.python_version(), "platform": platform.platform()},
            "load_average_before": os.getloadavg(),
            "snapshot": str(snapshot),
            "targets": {"one_region_s": TARGET_ONE_S, "all_regions_s": TARGET_ALL_S},
        }
        started = time.perf_counter()
        write_plans(monitor, ["twente"], tmp / "first")  # first call: imports matplotlib, reportlab, python-docx
        results["one_region_first_call_s"] = round(time.perf_counter() - started, 3)
        results["one_region_s"], _ = timed(lambda: write_plans(monitor, ["twente"], tmp / "one"), args.runs)
        results["all_regions_s"], _ = timed(lambda: write_plans(monitor, monitor.regions.ids(), tmp / "all"),
                                         max(1, args.runs - 1))
        common = ["--snapshot", str(snapshot), "--build-dir", str(tmp / "build")]
        results["cli_plan_region_cold_s"] = cold_cli(["plan", "--region", "twente", *common, "--out", str(tmp / "c1")])
        results["cli_plan_all_cold_s"] = cold_cli(["plan", "--all", *common, "--out", str(tmp / "c2")])
        results["load_average_after"] = os.getloadavg()
        results["within_targets"] = {
            "one_region": results["one_region_s"]["median_s"] <= TARGET_ONE_S,
            "all_regions": results["all_regions_s"]["median_s"] <= TARGET_ALL_S,
        }
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(json.dumps(results, indent=2))
    print(json.dumps(results, indent=2))
    print(f"-> {OUT}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
