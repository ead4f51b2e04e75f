"""Command line: ``python -m monitor {build,export,validate,snapshot,report}``."""

from __future__ import annotations

import argparse
import sys
import time

from .config import SNAPSHOT_ENV, build_dir, snapshot_dir
from .errors import MonitorError

DESCRIPTION = """\
Vitale Regio's monitor: CBS-indicatoren voor de elf NPVR-regio's, vergeleken met Nederland.

Commands:
  build     read the snapshot, harmonise to the 2025 gemeente division, aggregate to the 11 regions
            and Nederland, compare with Nederland; writes build/ (git-ignored)
  export    write indicatoren.csv/.xlsx/.parquet and gemeenten.gpkg/regios.gpkg for researchers
  validate  check snapshot, indicator catalogue and region table; exit 1 with a list of problems
  snapshot  download a new snapshot from CBS/PDOK (needs internet), or --check one
  report    one-page PDF per region (--region ID / --all) or a PNG map for slides (--map --indicator ID)

The snapshot is ../shared/npvr-snapshot unless --snapshot DIR or NPVR_SNAPSHOT says otherwise.
"""


def _common(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--snapshot", metavar="DIR",
                        help=f"snapshot folder (default: ${SNAPSHOT_ENV} or ../shared/npvr-snapshot)")
    parser.add_argument("--build-dir", metavar="DIR", help="folder for processed tables (default: build/)")
    parser.add_argument("--regions", metavar="CSV", help="region table (default: data/regions/npvr_regions.csv)")


def cmd_build(args) -> int:
    started = time.perf_counter()
    target = build_dir(args.build_dir)
    if args.force:
        from .build import build

        meta, built = build(snapshot_dir(args.snapshot), target, regions_path=args.regions,
                            progress=not args.quiet).meta, True
    else:
        from .data import build_if_needed

        meta, built = build_if_needed(args.snapshot, target, regions_path=args.regions, progress=not args.quiet)
    what = "Gebouwd / built" if built else "Al actueel / up to date"
    print(f"{what}: {meta['indicators']} indicatoren, {meta['values']} waarden "
          f"({meta['rows'] - meta['values']} ontbrekend met reden) in {time.perf_counter() - started:.2f} s "
          f"-> {target}")
    return 0


def cmd_export(args) -> int:
    from .data import load_monitor
    from .export import FILES, export

    formats = FILES if not args.formats else tuple(args.formats)
    monitor = load_monitor(args.snapshot, args.build_dir, regions_path=args.regions)
    files = export(monitor, args.out, formats=formats)
    for path in files:
        print(path)
    return 0


def cmd_validate(args) -> int:
    from .build import validate_inputs
    from .catalogue import load_catalogue
    from .regions import load_regions
    from .snapshot import load_snapshot

    problems: list[str] = []
    snapshot = catalogue = regions = None
    for label, loader in (("snapshot", lambda: load_snapshot(snapshot_dir(args.snapshot))),
                          ("catalogue", load_catalogue),
                          ("regions", lambda: load_regions(args.regions))):
        try:
            value = loader()
        except MonitorError as exc:
            problems.append(f"{label}: {exc}")
            continue
        if label == "snapshot":
            snapshot = value
        elif label == "catalogue":
            catalogue = value
        else:
            regions = value
    if snapshot and catalogue and regions:
        problems += validate_inputs(snapshot, catalogue, regions)
    if problems:
        print(f"{len(problems)} probleem/problemen gevonden / problems found:", file=sys.stderr)
        for problem in problems:
            print(f"  - {problem}", file=sys.stderr)
        return 1
    print(f"OK: snapshot {snapshot.root} (gebouwd {snapshot.built}), {len(catalogue.indicators)} indicatoren, "
          f"{regions.table['region_id'].nunique()} regio's met {len(regions.table)} gemeenten.")
    return 0


def make_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m monitor", description=DESCRIPTION,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)

    p = sub.add_parser("build", help="snapshot -> processed tables in build/",
                       description="Read and verify the snapshot, compute every indicator for gemeenten "
                                   "(2025 division), the 11 regions and Nederland, and write build/. "
                                   "Does nothing when build/ is already up to date (--force builds anyway).")
    _common(p)
    p.add_argument("--quiet", action="store_true", help="no progress bar")
    p.add_argument("--force", action="store_true",
                   help="build even when build/ is up to date with snapshot, catalogue, region table and code")
    p.set_defaults(func=cmd_build)

    p = sub.add_parser("export", help="write researchers' tables (CSV, Excel, Parquet, GeoPackage)",
                       description="Write indicatoren.csv (indicator,niveau,code,naam,jaar,waarde,eenheid,bron), "
                                   "indicatoren.xlsx, indicatoren.parquet, gemeenten.gpkg and regios.gpkg into "
                                   "--out. Builds first if needed. All files or none are replaced.")
    _common(p)
    p.add_argument("--out", metavar="DIR", required=True, help="target folder")
    p.add_argument("--formats", nargs="+", metavar="FILE",
                   help="only these files, e.g. indicatoren.csv regios.gpkg (default: all)")
    p.set_defaults(func=cmd_export)

    p = sub.add_parser("validate", help="check snapshot, catalogue and region table",
                       description="Verify the snapshot's checksums and files, the indicator catalogue "
                                   "(schema and references to snapshot measures) and the region table "
                                   "(11 regions, no gemeente twice, every code a 2025 gemeente). "
                                   "Exit 1 with a list of problems.")
    _common(p)
    p.set_defaults(func=cmd_validate)

    from .ingest import command as snapshot_command

    snapshot_parser = snapshot_command.add_parser(sub)
    snapshot_parser.add_argument("--snapshot", metavar="DIR", help=argparse.SUPPRESS)

    from .reports import command as report_command

    _common(report_command.add_parser(sub))
    return parser


def main(argv: list[str] | None = None) -> int:
    """Run the command line; return the exit code (0 ok, 1 problems found, 2 bad input)."""
    parser = make_parser()
    args = parser.parse_args(argv)
    try:
        return args.func(args)
    except MonitorError as exc:
        print(f"Fout / error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("Afgebroken / interrupted; nothing half-written was left behind.", file=sys.stderr)
        return 130
