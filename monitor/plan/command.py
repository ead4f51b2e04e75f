"""The ``plan`` and ``nulmeting`` subcommands (see their ``--help``)."""

from __future__ import annotations

import argparse

PLAN_DESCRIPTION = """\
Het plan voor de regio: the uitgangssituatie of a region (chapter 2 of a plan voor de regio:
"Probleemanalyse huidige situatie en opgaven") as an editable Word file and the same content as PDF.

  plan --region twente --out DIR    DIR/uitgangssituatie_twente.docx and DIR/uitgangssituatie_twente.pdf
  plan --all --out DIR              the same for all 11 regions

Content: summary per programme goal and the stacking per theme; per theme the indicators furthest
behind Nederland (value, Nederland, difference, year, development, caveats); peer regions; the
population forecast; what is unknown; the region's nulmeting; sources, licence (Bron: CBS, CC BY 4.0),
method, date and snapshot version. Every figure comes from the monitor.

DIR is created if needed (an existing folder keeps its other files; --out "" or a file is refused);
all files are complete before any is moved in. Exit codes: 0 ok, 1 bad data, 2 bad input (unknown
region, refused --out).
"""

NULMETING_DESCRIPTION = """\
De nulmeting: per NPVR region and kernset indicator the newest figure up to the peiljaar, frozen
once in data/nulmeting/; later data only add voortgang (progress).

  nulmeting --out DIR [--peiljaar 2024]   DIR/nulmeting.csv and DIR/voortgang.csv
  nulmeting --freeze [--peiljaar 2024]    write the baseline to data/nulmeting/ (nulmeting.csv +
                                          nulmeting.json with date and snapshot version); refused
                                          when one exists, unless --force

nulmeting.csv: regio,indicator,jaar,waarde,nederland,verschil,oordeel,dekking,ondergrens_95,bovengrens_95,bron
voortgang.csv: regio,indicator,jaar_nulmeting,jaar_nu,waarde_nulmeting,waarde_nu,verandering,
               verandering_nederland,kloof_nulmeting,kloof_nu,oordeel
oordeel (voortgang): kloof_kleiner, kloof_groter, kloof_overgestoken (region passed Nederland),
binnen_marge (the gap changed by no more than the indicator's tolerance), dekking_te_laag (a figure
rests on < 80% of the inhabitants), geen_nieuwer_cijfer, reeksbreuk, geen_oordeel, geen_gegevens.
Without a frozen baseline, --out writes a voorlopige (provisional) nulmeting from the current data
and says so. Exit codes: 0 ok, 1 bad data (damaged data/nulmeting), 2 bad input (peiljaar, refused
--out, a baseline that exists without --force).
"""


def add_parsers(subparsers, common) -> None:
    """Register ``plan`` and ``nulmeting``; ``common`` adds --snapshot/--build-dir/--regions."""
    parser = subparsers.add_parser("plan", help="uitgangssituatie per region as Word + PDF (--region ID / --all)",
                                   description=PLAN_DESCRIPTION, formatter_class=argparse.RawDescriptionHelpFormatter)
    what = parser.add_mutually_exclusive_group(required=True)
    what.add_argument("--region", metavar="ID", help="region id, e.g. twente or noard_fryslan")
    what.add_argument("--all", action="store_true", help="all 11 regions")
    parser.add_argument("--out", metavar="DIR", required=True, help="target folder (created if needed)")
    common(parser)
    parser.set_defaults(func=run_plan)

    parser = subparsers.add_parser("nulmeting", help="baseline and progress per region (--out DIR / --freeze)",
                                   description=NULMETING_DESCRIPTION,
                                   formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--out", metavar="DIR", help="write nulmeting.csv and voortgang.csv into DIR")
    parser.add_argument("--peiljaar", metavar="YEAR", type=int,
                        help="newest year of the baseline (default 2024, the programme's start; with a frozen "
                             "baseline: its own peiljaar)")
    parser.add_argument("--freeze", action="store_true", help="freeze the baseline into data/nulmeting/")
    parser.add_argument("--force", action="store_true", help="with --freeze: replace an existing frozen baseline")
    parser.add_argument("--into", metavar="DIR", help=argparse.SUPPRESS)  # the frozen baseline's folder (tests)
    common(parser)
    parser.set_defaults(func=run_nulmeting, _parser=parser)


def run_plan(args) -> int:
    """Write the uitgangssituatie files; print their paths."""
    from ..data import load_monitor
    from ..output.outfolder import check_out_folder
    from .uitgangssituatie import write_plans

    check_out_folder(args.out)  # refuse a bad --out before the (slow) work
    monitor = load_monitor(args.snapshot, args.build_dir, regions_path=args.regions)
    regions = monitor.regions.ids() if args.all else [monitor.regions.check(args.region)]
    for path in write_plans(monitor, regions, args.out):
        print(path)
    return 0


def run_nulmeting(args) -> int:
    """Freeze the baseline and/or write nulmeting.csv and voortgang.csv."""
    from ..data import load_monitor
    from ..output.outfolder import check_out_folder
    from . import nulmeting

    if not args.out and not args.freeze:
        args._parser.error("zeg wat u wilt: --out DIR (nulmeting.csv en voortgang.csv) en/of --freeze")
    if args.force and not args.freeze:
        args._parser.error("--force hoort bij --freeze / --force belongs to --freeze")
    if args.peiljaar is not None:
        nulmeting.check_peiljaar(args.peiljaar)
    if args.out is not None:
        check_out_folder(args.out)
    folder = args.into or nulmeting.FROZEN_DIR
    monitor = load_monitor(args.snapshot, args.build_dir, regions_path=args.regions)
    if args.freeze:
        peiljaar = nulmeting.DEFAULT_PEILJAAR if args.peiljaar is None else args.peiljaar
        for path in nulmeting.freeze(monitor, peiljaar, folder, force=args.force):
            print(path)
        print(f"Nulmeting vastgelegd / frozen (peiljaar {peiljaar}); commit it: git add {folder}")
    if args.out is not None:
        files, info = nulmeting.write_nulmeting(monitor, args.out, args.peiljaar, folder)
        for path in files:
            print(path)
        print(nulmeting.describe(info))
    return 0
