"""Benchmark of the reports: the one-page PDF of every region and the PNG maps.

Run ``.venv/bin/python bench/bench_reports.py [--runs 3]``; figures (medians over the runs) go to
``bench/results/reports.json``. Target (issue "Meeting mode, shareable views, reports and
accessibility"): a region PDF in at most 2 s. These are measurements, not tests: shared machines
are noisy, so read them as indications.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from monitor.config import snapshot_dir  # noqa: E402
from monitor.data import load_monitor  # noqa: E402
from monitor.reports import map_png_bytes, region_pdf_bytes  # noqa: E402
from monitor.reports.shapes import build_geometry  # noqa: E402
from timing import cold_cli, timed  # noqa: E402  (bench/ is on the path of a script run from it)

OUT = ROOT / "bench" / "results" / "reports.json"
TARGET_PDF_S = 2.0
MAPS = {
    "slide_gemeente_nederland": ("werkloosheid", "gemeente", None),
    "slide_gemeente_twente": ("werkloosheid", "gemeente", "twente"),
    "slide_regio_nederland": ("aandeel_65_plus", "regio", None),
    "slide_gemeente_zuid_limburg": ("gemiddelde_woz_waarde", "gemeente", "zuid_limburg"),
}


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
            "snapshot": str(snapshot),
            "targets": {"region_pdf_s": TARGET_PDF_S},
        }
        results["geometry_build_s"], _ = timed(lambda: build_geometry(monitor), 1)
        region_pdf_bytes(monitor, "twente")  # warm-up: geometry cache, selection, fonts
        pdfs = {}
        for region_id in monitor.regions.ids():
            figures, data = timed(lambda r=region_id: region_pdf_bytes(monitor, r), args.runs)
            pdfs[region_id] = {**figures, "bytes": len(data)}
        medians = [p["median_s"] for p in pdfs.values()]
        results["region_pdf"] = pdfs
        results["region_pdf_summary"] = {"median_of_medians_s": round(statistics.median(medians), 3),
                                         "slowest_median_s": max(medians),
                                         "all_within_target": max(medians) <= TARGET_PDF_S}
        maps = {}
        for name, (indicator, level, region) in MAPS.items():
            figures, data = timed(lambda i=indicator, lv=level, r=region: map_png_bytes(monitor, i, None, lv, r),
                                  args.runs)
            maps[name] = {**figures, "bytes": len(data)}
        results["map_png_150dpi"] = maps
        results["cli_report_region_cold_s"] = cold_cli(["report", "--region", "twente", "--snapshot", str(snapshot),
                                                        "--build-dir", str(tmp / "build"), "--out", str(tmp / "o")])
        results["cli_report_all_cold_s"] = cold_cli(["report", "--all", "--snapshot", str(snapshot),
                                                     "--build-dir", str(tmp / "build"), "--out", str(tmp / "o")])
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(json.dumps(results, indent=2))
    print(json.dumps(results, indent=2))
    print(f"-> {OUT}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
