"""Reports from the monitor: a one-page A4 PDF per NPVR region and static PNG maps for slides.

No Streamlit here: the app offers these as downloads, the command line writes them
(``python -m monitor report --help``). Functions returning bytes serve download buttons; the
``write_*`` functions write files atomically into a folder.

- :func:`region_pdf_bytes` / :func:`write_region_pdf` / :func:`write_region_pdfs` — "<Regio>
  vergeleken met Nederland" (:mod:`monitor.reports.region_pdf`);
- :func:`map_png_bytes` / :func:`render_map_png` / :func:`write_map_png` — the map of one
  indicator and year (:mod:`monitor.reports.static_map`);
- :func:`load_selection` — the key indicators of the PDF, ``indicators/report.yaml``.
"""

from .key_indicators import KeySelection, load_selection
from .output import OutputError
from .region_pdf import (ReportLayoutError, key_figures, pdf_file_name, region_pdf_bytes, unfavourable_counts,
                         write_region_pdf, write_region_pdfs)
from .static_map import (COMPACT, SLIDE, MapStyle, map_classes, map_file_name, map_png_bytes, render_map_figure,
                         render_map_png, write_map_png)

__all__ = [
    "KeySelection", "load_selection", "OutputError", "ReportLayoutError", "key_figures", "unfavourable_counts",
    "region_pdf_bytes", "write_region_pdf", "write_region_pdfs", "pdf_file_name", "MapStyle", "SLIDE", "COMPACT",
    "render_map_figure", "map_classes", "map_png_bytes", "render_map_png", "write_map_png", "map_file_name",
]
