"""The ``report`` subcommand: a one-page PDF per region, or a PNG map for a slide."""

from __future__ import annotations

import argparse

from .defaults import DEFAULT_DPI, LEVELS

# The report modules (matplotlib, reportlab, mapclassify) are imported in run() only: building the
# parser for any command (even --help) must not pay for them.

DESCRIPTION = """\
Rapporten / reports: a one-page A4 PDF per NPVR region, or a static map (PNG) for slides.

  report --region twente --out DIR      DIR/regioprofiel_twente.pdf: "Twente vergeleken met Nederland"
                                        (map, key figures per theme with verdict, sources)
  report --all --out DIR                the same for all 11 regions
  report --map --indicator werkloosheid [--year 2023] [--level gemeente|regio] [--region twente] --out DIR
                                        DIR/kaart_<indicator>_<year>_<level>[_<region>].png, 16:9,
                                        2000 x 1125 pixels at the default 150 dpi; --region zooms in

The key indicators of the PDF are listed in indicators/report.yaml. Without --year the map shows
the latest year with values. DIR is created if needed (an existing folder keeps its other files;
--out "" or a file is refused); every file is written via a temporary file and a rename, so an
error never leaves a half-written file. Exit codes: 0 ok, 2 bad input
(unknown region, indicator, level or year; an --out that is not a writable folder).
"""


def add_parser(subparsers) -> argparse.ArgumentParser:
    """Register the ``report`` subcommand on an argparse subparsers object."""
    parser = subparsers.add_parser(
        "report", help="one-page PDF per region (--region/--all) or a PNG map (--map)",
        description=DESCRIPTION, formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    what = parser.add_mutually_exclusive_group()
    what.add_argument("--all", action="store_true", help="a PDF for each of the 11 regions")
    what.add_argument("--map", action="store_true", help="a PNG map instead of a PDF (needs --indicator)")
    parser.add_argument("--region", metavar="ID",
                        help="region id, e.g. twente or noard_fryslan (PDF: which region; map: zoom to it)")
    parser.add_argument("--indicator", metavar="ID", help="indicator id of the map, e.g. werkloosheid")
    parser.add_argument("--year", metavar="YEAR", type=int, help="year of the map (default: latest with values)")
    parser.add_argument("--level", choices=LEVELS, default="gemeente",
                        help="map by gemeente (regions outlined) or by region (default: gemeente)")
    parser.add_argument("--dpi", metavar="N", type=int, default=DEFAULT_DPI,
                        help=f"map resolution (default {DEFAULT_DPI}: 2000 x 1125 pixels)")
    parser.add_argument("--out", metavar="DIR", required=True, help="target folder (created if needed)")
    parser.set_defaults(func=run, _report_parser=parser)
    return parser


def _check(args) -> None:
    parser = args._report_parser
    if args.map:
        if not args.indicator:
            parser.error("--map heeft --indicator ID nodig / --map needs --indicator ID")
        if not 30 <= args.dpi <= 600:
            parser.error("--dpi moet tussen 30 en 600 liggen / --dpi must be between 30 and 600")
        return
    if args.indicator or args.year is not None or args.level != "gemeente":
        parser.error("--indicator, --year en --level zijn voor kaarten: voeg --map toe / add --map")
    if args.all and args.region:
        parser.error("geef --region ID of --all, niet allebei / not both")
    if not args.all and not args.region:
        parser.error("zeg wat u wilt maken: --region ID, --all, of --map --indicator ID")


def run(args) -> int:
    """Run the subcommand: print the files written, return 0 (errors are raised as MonitorError)."""
    _check(args)
    from ..data import load_monitor
    from ..output.outfolder import check_out_folder

    check_out_folder(args.out)  # refuse a bad --out before the (slow) work
    from .region_pdf import write_region_pdfs
    from .static_map import write_map_png

    monitor = load_monitor(args.snapshot, args.build_dir, regions_path=args.regions)
    if args.map:
        paths = [write_map_png(monitor, args.indicator, args.out, args.year, args.level, args.region, dpi=args.dpi)]
    else:
        regions = monitor.regions.ids() if args.all else [monitor.regions.check(args.region)]
        paths = write_region_pdfs(monitor, regions, args.out)
    for path in paths:
        print(path)
    return 0
