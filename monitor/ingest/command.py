"""The ``snapshot`` subcommand: ``--out DIR`` downloads a live snapshot, ``--check DIR`` verifies one."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ..config import snapshot_dir
from ..errors import MonitorError
from .errors import OfflineError
from .register import DEFAULT_REGISTER

# check, job and network (pandas, cbsodata, requests) are imported in run(): building the
# parser for any command (even --help) must not pay for them.

EXIT_OK, EXIT_ERROR, EXIT_OFFLINE = 0, 1, 3

DESCRIPTION = """\
Ververs de monitor vanuit de bron / refresh the monitor from the source.

--out DIR    download every table of indicators/sources.yaml from CBS (cbsodata) and the gemeente
             boundaries from PDOK, and write a snapshot to DIR (format of ../shared/npvr-snapshot).
             Needs internet. Resumable: finished tables are kept in a cache next to DIR and not
             fetched again. Atomic: DIR is only replaced by a complete, verified snapshot.
--check DIR  verify a snapshot (manifest, schema, codes, units, boundaries) and print a summary
             per dataset (regions, periods, missing values).

Without internet, use an existing snapshot: --snapshot DIR or NPVR_SNAPSHOT for build/app.
Exit codes: 0 ok, 1 error, 3 offline.
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
    action.add_argument("--out", metavar="DIR", type=Path, help="write a new snapshot to DIR (needs internet)")
    action.add_argument("--check", metavar="DIR", type=Path, help="verify the snapshot in DIR")
    parser.add_argument("--datasets", metavar="ID,ID", type=lambda s: [x.strip() for x in s.split(",") if x.strip()],
                        help="only these dataset ids of the source register (default: all)")
    parser.add_argument("--years", metavar="YEARS", type=_years,
                        help="only these years, e.g. 2023 or 2020-2025 or 2015,2019 (default: all in the register)")
    parser.add_argument("--boundary-year", metavar="YEAR", type=int,
                        help="year of the PDOK gemeente boundaries (default: the register's, 2025)")
    parser.add_argument("--timeout", metavar="SEC", type=float, default=60.0, help="timeout per request (default 60)")
    parser.add_argument("--retries", metavar="N", type=int, default=4, help="retries per request, with backoff (default 4)")
    parser.add_argument("--backoff", metavar="SEC", type=float, default=2.0, help="first retry delay, doubled each time (default 2)")
    parser.add_argument("--carry-over-from", metavar="DIR", type=Path,
                        help="snapshot to copy datasets without a live source from (default: --snapshot/NPVR_SNAPSHOT/../shared/npvr-snapshot if present)")
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
    if default.resolve() == args.out.resolve():
        return None
    return default if (default / "manifest.json").is_file() else None


def run(args) -> int:
    """Run the subcommand; return the exit code (0 ok, 1 error, 3 offline)."""
    from .check import check_snapshot, format_report
    from .job import SnapshotJob
    from .network import NetworkPolicy
    from .register import load_register

    try:
        if args.check:
            report = check_snapshot(args.check)
            print(format_report(report))
            return EXIT_OK if report.ok else EXIT_ERROR
        job = SnapshotJob(
            out=args.out, register=load_register(args.register),
            policy=NetworkPolicy(timeout=args.timeout, retries=args.retries, backoff=args.backoff),
            datasets=args.datasets, years=args.years, boundary_year=args.boundary_year,
            carry_over_from=_carry_source(args), cache_dir=args.cache, progress=not args.quiet,
            skip_unresolved=args.skip_unresolved, keep_cache=args.keep_cache,
        )
        target = job.run()
    except OfflineError as exc:
        print(str(exc), file=sys.stderr)
        return EXIT_OFFLINE
    except MonitorError as exc:
        print(f"Fout / error: {exc}", file=sys.stderr)
        return EXIT_ERROR
    for message in job.messages + job.policy.log:
        print(message, file=sys.stderr)
    report = check_snapshot(target)
    print(format_report(report))
    return EXIT_OK if report.ok else EXIT_ERROR
