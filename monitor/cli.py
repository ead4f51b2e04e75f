"""Command line: ``python -m monitor {build,export,validate,snapshot,report,plan,nulmeting}``."""

from __future__ import annotations

import argparse
import contextlib
import gc
import re
import sys
import time
from pathlib import Path

from .config import DATA_DIR, SNAPSHOT_ENV, build_dir, snapshot_dir
from .errors import CatalogueError, MonitorError, RegionTableError, SnapshotError

EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE, EXIT_OFFLINE = 0, 1, 2, 3
"""Exit codes: 0 ok; 1 bad data (snapshot, catalogue, region table) or problems found; 2 usage:
unknown key, refused or unwritable --out or build folder, an older snapshot to import; 3 offline / no answer (snapshot --out);
130 interrupted (Ctrl-C), 143 terminated (SIGTERM)."""

DESCRIPTION = """\
Vitale Regio's monitor: CBS-indicatoren voor de elf NPVR-regio's, vergeleken met Nederland.

Commands:
  build     read the snapshot, harmonise to the 2025 gemeente division, aggregate to the 11 regions
            and Nederland, compare with Nederland; writes build/ (git-ignored)
  export    write indicatoren.csv/.xlsx/.parquet, vergelijking.csv, gemeenten.gpkg/regios.gpkg, the NPVR
            story (stapeling.csv, trends.csv, peers.csv, prognose.csv), the nulmeting (nulmeting.csv,
            voortgang.csv), the overview for the progress letter (voortgang_regios.docx/.pdf) and the
            border regions beside their Belgian and German neighbours (grens.csv, Eurostat)
  validate  check snapshot, indicator catalogue and region table; exit 1 with a list of problems
  snapshot  download a new snapshot from CBS/PDOK (needs internet), or --check one, or
            'snapshot import [DIR]' a CSV snapshot into the repository's data/ (the in-repo copy)
  report    one-page PDF per region (--region ID / --all) or a PNG map for slides (--map --indicator ID)
  plan      uitgangssituatie per region for the plan voor de regio: Word + PDF (--region ID / --all)
  nulmeting baseline per region and kernset indicator (frozen in data/nulmeting/) and progress since

The data are the in-repo copy (data/snapshot + data/boundaries) unless --snapshot DIR or
NPVR_SNAPSHOT names another snapshot (a CSV snapshot folder or an in-repo style copy).
--out DIR: a new or empty folder is created; export/report add their files to an existing folder and
touch nothing else; snapshot replaces only a snapshot folder; anything else is refused (exit 2).
--build-dir DIR (or NPVR_BUILD_DIR): every build replaces this folder, so it must be new, empty or a build.
Exit codes: 0 ok, 1 bad data or problems found, 2 usage or refused --out, 3 offline / no answer.
"""


ARGPARSE_DUTCH = [
    (r"the following arguments are required: (.*)", r"deze argumenten ontbreken: \1"),
    (r"argument (\S+): invalid choice: (.*) \(choose from (.*)\)", r"argument \1: ongeldige keuze \2 (kies uit \3)"),
    (r"argument (\S+): expected one argument", r"argument \1: verwacht een waarde"),
    (r"argument (\S+): expected at least one argument", r"argument \1: verwacht minstens een waarde"),
    (r"argument (\S+): not allowed with argument (\S+)", r"argument \1 gaat niet samen met \2"),
    (r"argument (\S+): invalid (\w+) value: (.*)", r"argument \1: ongeldige waarde \3"),
    (r"unrecognized arguments: (.*)", r"onbekende argumenten: \1"),
    (r"one of the arguments (.*) is required", r"een van deze argumenten is nodig: \1"),
]
"""argparse's own messages (English) and their Dutch wording; unknown messages stay as they are."""


def dutch_message(message: str) -> str:
    """An argparse error message in Dutch (see :data:`ARGPARSE_DUTCH`)."""
    for pattern, replacement in ARGPARSE_DUTCH:
        if re.fullmatch(pattern, message):
            return re.sub(pattern, replacement, message)
    return message


class DutchArgumentParser(argparse.ArgumentParser):
    """argparse with Dutch error messages (exit code 2, usage first, as argparse does)."""

    def error(self, message: str):
        self.print_usage(sys.stderr)
        self.exit(2, f"{self.prog}: fout / error: {dutch_message(message)}\n"
                     f"Zie '{self.prog} --help' voor de mogelijkheden.\n")


def _common(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--snapshot", metavar="DIR",
                        help=f"snapshot folder (default: ${SNAPSHOT_ENV} or the in-repo copy data/snapshot)")
    parser.add_argument("--build-dir", metavar="DIR", help="folder for processed tables (default: build/)")
    parser.add_argument("--regions", metavar="CSV", help="region table (default: data/regions/npvr_regions.csv)")


@contextlib.contextmanager
def _no_cycle_collector():
    """The cycle collector off for one command: each of its full passes scans the ~10^5 objects that
    importing pandas and pyarrow made (0.1 s of a 2 s build; in the export also in each forked child,
    whose pages it copies by touching them: 0.3 s of CPU), and neither command makes cycles worth
    collecting (their tables are numpy arrays; the peak memory is unchanged)."""
    collecting = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if collecting:
            gc.enable()


def cmd_build(args) -> int:
    started = time.perf_counter()
    target = build_dir(args.build_dir)
    with _no_cycle_collector():
        if args.force:
            from .compute.build import build

            meta, built = build(snapshot_dir(args.snapshot), target, regions_path=args.regions,
                                progress=not args.quiet).meta, True
        else:
            from .data import build_if_needed

            meta, built = build_if_needed(args.snapshot, target, regions_path=args.regions, progress=not args.quiet)
    what = "Gebouwd" if built else "Al actueel"
    print(f"{what}: {meta['indicators']} indicatoren, {meta['values']} waarden "
          f"({meta['rows'] - meta['values']} ontbrekend met reden) in {time.perf_counter() - started:.2f} s "
          f"-> {target}")
    return 0


def cmd_export(args) -> int:
    from .data import load_monitor
    from .exports.writer import FILES, check_formats, export
    from .output.outfolder import prepare_out_folder

    formats = FILES if not args.formats else tuple(args.formats)
    check_formats(formats)
    out = prepare_out_folder(args.out)
    with _no_cycle_collector():
        monitor = load_monitor(args.snapshot, args.build_dir, regions_path=args.regions)
        files = export(monitor, out, formats=formats)
    for path in files:
        print(path)
    return 0


def cmd_validate(args) -> int:
    from .compute.build import validate_inputs
    from .catalogue import load_catalogue
    from .snapshot.embedded import describe_copy, newer_snapshot_notice
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
            listed = getattr(exc, "problems", None)
            problems += [f"{label}: {p}" for p in listed] if listed else [f"{label}: {exc}"]
            continue
        if label == "snapshot":
            snapshot = value
        elif label == "catalogue":
            catalogue = value
        else:
            regions = value
    if snapshot and catalogue and regions:
        problems += validate_inputs(snapshot, catalogue, regions)
    notice = newer_snapshot_notice(snapshot)
    if notice:
        print(notice)
    if problems:
        print(f"{len(problems)} probleem/problemen gevonden:", file=sys.stderr)
        for problem in problems:
            print(f"  - {problem}", file=sys.stderr)
        return 1
    print(f"OK: {describe_copy(snapshot)}, {len(catalogue.indicators)} indicatoren, "
          f"{regions.table['region_id'].nunique()} regio's met {len(regions.table)} gemeenten.")
    return 0


def cmd_snapshot(args) -> int:
    from .ingest import command as snapshot_command

    if args.action != "import":
        if args.source or args.into:
            print("Fout / error: a folder after 'snapshot' and --into belong to 'snapshot import [DIR]'.", file=sys.stderr)
            return 2
        if args.out and Path(args.out).resolve().is_relative_to(DATA_DIR.resolve()):
            print(f"Fout / error: --out {args.out} is inside data/, which only 'snapshot import' writes. Download to "
                  "another folder, then: python -m monitor snapshot import DIR.", file=sys.stderr)
            return 2
        return snapshot_command.run(args)
    from .snapshot.importer import import_snapshot

    started = time.perf_counter()
    result = import_snapshot(args.source, args.into, allow_older=args.allow_older)
    print(result.summary())
    print(f"Klaar / done in {time.perf_counter() - started:.1f} s.")
    return 0


def make_parser() -> argparse.ArgumentParser:
    parser = DutchArgumentParser(prog="python -m monitor", description=DESCRIPTION,
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
                       description="Write indicatoren.csv (indicator,niveau,code,naam,jaar,waarde,eenheid,bron,"
                                   "dekking,landelijk_cijfer,opmerking,ondergrens_95,bovengrens_95), vergelijking.csv "
                                   "(indicator,regio,jaar,waarde,nederland,nl_bron,verschil,index,oordeel,rang,dekking,"
                                   "eenheid,naam,ondergrens_95,bovengrens_95), "
                                   "indicatoren.xlsx, indicatoren.parquet, gemeenten.gpkg and regios.gpkg, the NPVR "
                                   "story, nulmeting.csv, voortgang.csv and voortgang_regios.docx/.pdf (one page per "
                                   "region, for the progress letter), grens.csv (regio,nuts_code,naam,land,relatie,"
                                   "indicator,jaar,waarde,vlag,index_land: the border regions beside their "
                                   "neighbours, Eurostat) into "
                                   "--out, and indicatoren_excel.csv / vergelijking_excel.csv: the same tables for "
                                   "Excel with Dutch settings (';', decimal comma, UTF-8 with BOM, rounded); the "
                                   "other CSV files are for scripts (',', decimal point, full precision). "
                                   "Builds first if needed. All files or none are replaced.")
    _common(p)
    p.add_argument("--out", metavar="DIR", required=True,
                   help="target folder: created if missing; an existing folder keeps its other files")
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
    snapshot_parser.add_argument("source", nargs="?", metavar="DIR",
                                 help="with import: the CSV snapshot to verify, convert and put in place of the "
                                      "in-repo copy data/snapshot + data/boundaries, atomically; prints what changed "
                                      "(default ../shared/npvr-snapshot)")
    snapshot_parser.add_argument("--into", metavar="DIR",
                                 help="with import: the data folder to write snapshot/ and boundaries/ into (default: data/)")
    snapshot_parser.add_argument("--allow-older", action="store_true",
                                 help="with import: accept a snapshot with a lower version than the copy in data/")
    snapshot_parser.set_defaults(func=cmd_snapshot)

    from .reports import command as report_command

    _common(report_command.add_parser(sub))

    from .plan import command as plan_command

    plan_command.add_parsers(sub, _common)
    return parser


def exit_code(exc: MonitorError) -> int:
    """1 for bad data (snapshot, catalogue, region table), 2 for usage (unknown key, --out refused)."""
    from .plan.nulmeting import BaselineFileError

    bad_data = (SnapshotError, CatalogueError, RegionTableError, BaselineFileError)
    return EXIT_PROBLEMS if isinstance(exc, bad_data) else EXIT_USAGE


def main(argv: list[str] | None = None) -> int:
    """Run the command line; return the exit code (see :data:`EXIT_OK` and the README)."""
    from .output.atomic import Terminated, install_sigterm_handler

    parser = make_parser()
    args = parser.parse_args(argv)
    install_sigterm_handler()
    try:
        return args.func(args)
    except MonitorError as exc:
        print(f"Fout / error: {exc}", file=sys.stderr)
        return exit_code(exc)
    except KeyboardInterrupt as exc:
        print("Afgebroken / interrupted; nothing half-written was left behind.", file=sys.stderr)
        return 143 if isinstance(exc, Terminated) else 130
