"""Reports from the monitor: a one-page A4 PDF per NPVR region and static PNG maps for slides.

No Streamlit here: the app offers these as downloads, the command line writes them
(``python -m monitor report --help``). Functions returning bytes serve download buttons; the
``write_*`` functions write files atomically into a folder.

- :func:`region_pdf_bytes` / :func:`write_region_pdf` / :func:`write_region_pdfs` — "<Regio>
  vergeleken met Nederland" (:mod:`monitor.reports.region_pdf`);
- :func:`map_png_bytes` / :func:`render_map_png` / :func:`write_map_png` — the map of one
  indicator and year (:mod:`monitor.reports.static_map`);
- :func:`load_selection` — the key indicators of the PDF, ``indicators/report.yaml``; :func:`key_figures` and
  :func:`unfavourable_counts` — their figures from the region's :class:`monitor.profile.RegionProfile`.
"""

import importlib

# Attribute -> submodule. The submodules import matplotlib and reportlab, so they are loaded on
# first use only (PEP 562): ``python -m monitor --help`` and the app's first page must not pay for them.
_EXPORTS = {
    "KeySelection": "key_indicators", "load_selection": "key_indicators", "OutputError": "output",
    "ReportLayoutError": "region_pdf", "key_figures": "key_indicators", "pdf_file_name": "region_pdf",
    "region_pdf_bytes": "region_pdf", "unfavourable_counts": "key_indicators", "write_region_pdf": "region_pdf",
    "write_region_pdfs": "region_pdf", "COMPACT": "static_map", "SLIDE": "static_map", "MapStyle": "static_map",
    "map_classes": "static_map", "map_file_name": "static_map", "map_png_bytes": "static_map",
    "render_map_figure": "static_map", "render_map_png": "static_map", "write_map_png": "static_map",
}

__all__ = list(_EXPORTS)


def __getattr__(name: str):
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f".{module}", __name__), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted([*globals(), *_EXPORTS])
