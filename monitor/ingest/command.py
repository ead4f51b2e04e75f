"""The ``snapshot`` subcommand: ``--out DIR`` downloads a live snapshot, ``--check DIR`` verifies one."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ..config import snapshot_dir
from ..errors import MonitorError
from ..output.outfolder import SNAPSHOT, OutFolderError, check_out_folder
from .errors import OfflineError
from .register import DEFAULT_REGISTER
from .timeouts import FIRST_ANSWER_ATTEMPTS, FIRST_ANSWER_TIMEOUT, READ_TIMEOUT

# check, job and network (pandas, cbsodata, requests) are imported in run(): building the
# parser for any command (even --help) must not pay for them.

EXIT_OK, EXIT_ERROR, EXIT_REFUSED, EXIT_OFFLINE = 0, 1, 2, 3

DESCRIPTION = """\
Ververs de monitor vanuit de bron / refresh the monitor from the source.

--out DIR    download every table of indicators/sources.yaml from CBS (cbsodata) and the gemeente
             boundaries from PDOK, and write a snapshot to DIR (format of ../shared/npvr-snapshot).
             Needs internet. Resumable: finished tables are kept in a cache next to DIR and not
             fetched again. Atomic: DIR is only replaced by a complete, verified snapshot.
             DIR must be new, empty, or a snapshot (its manifest.json lists every file in it);
             any other folder, a file or --out "" is refused (exit 2) before any download.
--check DIR  verify a snapshot (manifest, schema, codes, units, boundaries) and print a summary
             per dataset (regions, periods, missing values).
import [DIR] verify the CSV snapshot DIR (default ../shared/npvr-snapshot), convert it and put it in
             place of the in-repo copy data/snapshot + data/boundaries (atomic); prints what changed.
             Refresh from CBS = '--out DIR', then 'import DIR', then commit data/.

Without internet, use an existing snapshot: --snapshot DIR or NPVR_SNAPSHOT for build/app.
Exit codes: 0 ok, 1 error, 2 --out refused, 3 offline or no answer.
"""


def _years(text: str) -> set[str]:
    years: set[str] = set()
    for part in text.split(","):
        part = part.strip()
        try:
            if "-" in part:
                start, end = (int(x) for x in part.split("-", 1))
                years.update(str(y) for y in range(start, end + 1))
            elif part:
                years.add(str(int(part)))
        except ValueError as exc:
            raise argparse.ArgumentTypeError(f"not a year or range of years: {part!r}") from exc
    return years


def add_parser(subparsers) -> argparse.ArgumentParser:
    """Register the ``snapshot`` subcommand on an argparse subparsers object."""
    parser = subparsers.add_parser(
        "snapshot", help="download a live snapshot (--out) or verify one (--check)",
        description=DESCRIPTION, formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    action = parser.add_mutually_exclusive_group(required=True)
    action.add_argument("--out", metavar="DIR", help="write a new snapshot to DIR (needs internet)")
    action.add_argument("--check", metavar="DIR", type=Path, help="verify the snapshot in DIR")
    action.add_argument("action", nargs="?", choices=["import"], metavar="import",
                        help="'import [DIR]': bring a CSV snapshot into the repository's data/ (see monitor.cli)")
    parser.add_argument("--datasets", metavar="ID,ID", type=lambda s: [x.strip() for x in s.split(",") if x.strip()],
                        help="only these dataset ids of the source register (default: all)")
    parser.add_argument("--years", metavar="YEARS", type=_years,
                        help="only these years, e.g. 2023 or 2020-2025 or 2015,2019 (default: all in the register)")
    parser.add_argument("--boundary-year", metavar="YEAR", type=int,
                        help="year of the PDOK gemeente boundaries (default: the register's, 2025)")
    parser.add_argument("--timeout", metavar="SEC", type=float, default=READ_TIMEOUT,
                        help=f"seconds to wait for data once CBS answered (default {READ_TIMEOUT:g}); the first "
                             f"answer is awaited at most {FIRST_ANSWER_TIMEOUT:g} s x {FIRST_ANSWER_ATTEMPTS}, "
                             "then the run stops as offline (exit 3)")
    parser.add_argument("--retries", metavar="N", type=int, default=4, help="retries per request, with backoff (default 4)")
    parser.add_argument("--backoff", metavar="SEC", type=float, default=2.0,
                        help="first retry delay, doubled each time (default 2)")
    parser.add_argument("--carry-over-from", metavar="DIR", type=Path,
                        help="snapshot to copy datasets without a live source from (default: the data in use: --snapshot, "
                             "NPVR_SNAPSHOT or the in-repo copy data/snapshot)")
    parser.add_argument("--register", metavar="FILE", type=Path, default=DEFAULT_REGISTER,
                        help="source register (default indicators/sources.yaml)")
    parser.add_argument("--cache", metavar="DIR", type=Path, help="download cache (default: .<DIR>.download-cache next to --out)")
    parser.add_argument("--keep-cache", action="store_true", help="keep the download cache after success")
    parser.add_argument("--skip-unresolved", action="store_true",
                        help="leave out measures CBS no longer publishes instead of stopping")
    parser.add_argument("--quiet", action="store_true", help="no progress bars")
    parser.set_defaults(func=run)
    return parser


def _carry_source(args) -> Path | None:
    if args.carry_over_from:
        return args.carry_over_from
    default = snapshot_dir(getattr(args, "snapshot", None))
    if default.resolve() == Path(args.out).resolve():
        return None
    return default if (default / "manifest.json").is_file() else None


def run(args) -> int:
    """Run the subcommand; return the exit code (0 ok, 1 error, 2 --out refused, 3 offline)."""
    from .check import check_snapshot, format_report
    from .job import SnapshotJob
    from .network import NetworkPolicy
    from .register import load_register

    try:
        if args.check:
            report = check_snapshot(args.check)
            print(format_report(report))
            return EXIT_OK if report.ok else EXIT_ERROR
        out = check_out_folder(args.out, SNAPSHOT)
    except OutFolderError as exc:
        print(f"Geweigerd / refused: {exc}", file=sys.stderr)
        return EXIT_REFUSED
    try:
        notify = None if args.quiet else (lambda line: print(line, file=sys.stderr, flush=True))
        job = SnapshotJob(
            out=out, register=load_register(args.register),
            policy=NetworkPolicy(timeout=args.timeout, retries=args.retries, backoff=args.backoff, notify=notify),
            datasets=args.datasets, years=args.years, boundary_year=args.boundary_year,
            carry_over_from=_carry_source(args), cache_dir=args.cache, progress=not args.quiet,
            skip_unresolved=args.skip_unresolved, keep_cache=args.keep_cache,
        )
        target = job.run()
    except OfflineError as exc:
        print(str(exc), file=sys.stderr)
        return EXIT_OFFLINE
    except OutFolderError as exc:
        print(f"Geweigerd / refused: {exc}", file=sys.stderr)
        return EXIT_REFUSED
    except MonitorError as exc:
        print(f"Fout / error: {exc}", file=sys.stderr)
        return EXIT_ERROR
    for message in job.messages + ([] if notify else job.policy.log):
        print(message, file=sys.stderr)
    report = check_snapshot(target)
    print(format_report(report))
    return EXIT_OK if report.ok else EXIT_ERROR
