"""Start-up cost is structure, not luck: what the CLI parser, ``validate`` and the app's first page import.

Each check runs in a fresh interpreter and looks at ``sys.modules`` (no timing: timings live in
``bench/``). Heavy libraries belong only to the commands and pages that use them.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

PDF_EXCEL_MAPS = ["reportlab", "matplotlib", "openpyxl", "xlsxwriter"]
"""PDF, Excel and static-map libraries."""
HEAVY = ["pandas", "numpy", "pyarrow", "geopandas", "shapely", "pyogrio", "folium", "branca", "mapclassify",
         "scipy", "sklearn", "requests", "cbsodata", "pydantic", *PDF_EXCEL_MAPS,
         "monitor.maps", "monitor.maps.folium_map", "monitor.maps.model", "monitor.reports.region_pdf",
         "monitor.reports.static_map", "monitor.ingest.job",
         "monitor.ingest.check", "monitor.exports.writer"]


def imported_after(code: str) -> set[str]:
    """The modules loaded by running ``code`` in a fresh interpreter in the project root."""
    script = f"{code}\nimport json, sys\nprint(json.dumps(sorted(sys.modules)))"
    out = subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr[-2000:]
    return set(json.loads(out.stdout.strip().splitlines()[-1]))


def loaded(modules: set[str], names: list[str]) -> list[str]:
    return [n for n in names if n in modules]


def test_parser_and_help_import_no_heavy_library():
    modules = imported_after(
        "import contextlib, io\n"
        "from monitor.cli import make_parser\n"
        "parser = make_parser()\n"
        "for argv in ([], ['build'], ['export'], ['validate'], ['snapshot'], ['report']):\n"
        "    with contextlib.redirect_stdout(io.StringIO()):\n"
        "        try:\n"
        "            parser.parse_args([*argv, '--help'])\n"
        "        except SystemExit:\n"
        "            pass\n")
    assert "monitor.cli" in modules and "argparse" in modules
    assert loaded(modules, HEAVY) == []


def test_validate_does_not_load_pdf_excel_or_map_libraries():
    modules = imported_after("from monitor.cli import main\ncode = main(['validate'])\nassert code == 0, code")
    assert "monitor.compute.build" in modules  # it really validated
    assert loaded(modules, [*PDF_EXCEL_MAPS, "folium", "mapclassify", "monitor.maps", "monitor.reports.region_pdf",
                            "monitor.exports.writer"]) == []


def test_app_first_page_does_not_load_pdf_or_excel_libraries():
    modules = imported_after(
        "from streamlit.testing.v1 import AppTest\n"
        "at = AppTest.from_file('app.py', default_timeout=120).run()\n"
        "assert not at.exception, at.exception\n"
        "assert len(at.get('component_instance')) == 1  # the map was drawn\n")
    assert "folium" in modules  # the first page is the map
    # matplotlib is not checked here: mapclassify (the map's classes) imports it.
    assert loaded(modules, ["reportlab", "openpyxl", "xlsxwriter", "monitor.reports.region_pdf",
                            "monitor.reports.static_map"]) == []


def test_report_package_loads_its_parts_on_first_use():
    modules = imported_after("import monitor.reports as r\nassert 'region_pdf_bytes' in dir(r)")
    assert loaded(modules, ["reportlab", "matplotlib", "monitor.reports.region_pdf"]) == []
    modules = imported_after("from monitor.reports import region_pdf_bytes, map_png_bytes, OutputError")
    assert {"reportlab", "matplotlib", "monitor.reports.region_pdf"} <= modules
    with pytest.raises(AttributeError):
        import monitor.reports

        monitor.reports.no_such_thing  # noqa: B018


def test_light_copies_of_constants_match_their_source():
    from monitor.maps import classes as map_classes
    from monitor.reports import defaults, static_map

    assert defaults.LEVELS == map_classes.LEVELS
    assert static_map.DEFAULT_DPI == defaults.DEFAULT_DPI


def test_build_fingerprint_covers_every_module_the_build_imports():
    from monitor.compute.build import BUILD_FOLDERS, build_modules

    covered = {path.relative_to(ROOT).with_suffix("").as_posix().replace("/", ".").removesuffix(".__init__")
               for path in build_modules()}
    assert {"monitor.compute.pipeline", "monitor.snapshot.model", "monitor.catalogue", "monitor.regions"} <= covered
    assert "monitor.wording" not in covered and not any(".maps" in m or ".exports" in m for m in covered)
    assert all(any(f"monitor.{folder}" in m for m in covered) for folder in BUILD_FOLDERS)
    modules = imported_after("import monitor.compute.build\nimport monitor.data")
    used = {m for m in modules if m.startswith("monitor.")}
    # Writing files and the questions the pages ask decide nothing in the output: output/, data, profile, wording.
    outside = {"monitor", "monitor.data", "monitor.profile", "monitor.wording"}
    assert {m for m in used - outside if not m.startswith("monitor.output")} <= covered, used - covered


def test_build_fingerprint_derives_its_modules(tmp_path):
    from monitor.compute.build import build_modules

    package = tmp_path / "monitor"
    files = {"compute/__init__.py": "", "compute/new_step.py": "from ..regions import X\nfrom .. import levels\n",
             "snapshot/__init__.py": "", "snapshot/reader.py": "def f():\n    from monitor.config import Y\n",
             "regions.py": "from .errors import E\n", "levels.py": "", "config.py": "", "errors.py": "",
             "wording.py": "", "maps/__init__.py": "", "maps/model.py": "from ..wording import Z\n"}
    for name, text in files.items():
        (package / name).parent.mkdir(parents=True, exist_ok=True)
        (package / name).write_text(text)
    found = {path.relative_to(package).as_posix() for path in build_modules(package)}
    assert found == {"compute/__init__.py", "compute/new_step.py", "snapshot/__init__.py", "snapshot/reader.py",
                     "regions.py", "levels.py", "config.py", "errors.py"}


def test_story_of_the_export_does_not_import_scipy(tmp_path):
    """The trends are fitted without scipy.stats, whose import alone cost the export 0.7 s."""
    modules = imported_after("from monitor.data import load_monitor\nfrom monitor.story.gather import story_for\n"
                             f"story = story_for(load_monitor(build_path={str(tmp_path / 'build')!r}))\n"
                             "assert len(story.trends) > 0")
    assert "monitor.story.trends" in modules and loaded(modules, ["scipy"]) == []


@pytest.mark.parametrize("chosen, expected", [(None, "system"), ("jemalloc", "jemalloc")])
def test_the_command_line_gives_arrow_the_c_librarys_allocator_unless_one_is_chosen(chosen, expected):
    """``python -m monitor`` sets ARROW_DEFAULT_MEMORY_POOL before pyarrow is imported (docs/performance.md);
    a pool the user sets is kept."""
    import os

    script = ("import atexit, runpy, sys\n"
              "atexit.register(lambda: print('pool', __import__('pyarrow').default_memory_pool().backend_name))\n"
              "sys.argv = ['monitor', 'validate']\n"
              "runpy.run_module('monitor', run_name='__main__', alter_sys=True)\n")
    env = {k: v for k, v in os.environ.items() if k != "ARROW_DEFAULT_MEMORY_POOL"}
    if chosen:
        env["ARROW_DEFAULT_MEMORY_POOL"] = chosen
    out = subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, timeout=120, env=env)
    assert out.returncode == 0, out.stderr[-2000:]
    assert out.stdout.strip().splitlines()[-1] == f"pool {expected}"
