"""The documentation stays true: the CLI reference is the commands' own help, the README stays short."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_cli_reference_is_current():
    out = subprocess.run([sys.executable, "scripts/cli_reference.py", "--check"], cwd=ROOT, capture_output=True,
                         text=True, timeout=120)
    assert out.returncode == 0, out.stderr


def test_cli_reference_holds_every_command():
    text = (ROOT / "docs" / "cli.md").read_text(encoding="utf-8")
    for command in ("build", "export", "validate", "snapshot", "report", "plan", "nulmeting"):
        assert f"## `python -m monitor {command} --help`" in text


def test_readme_is_short_and_links_the_rest():
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    assert len(text.encode("utf-8")) <= 10_000
    for target in ("ARCHITECTURE.md", "indicators/README.md", "data/README.md", "docs/methods.md", "docs/cli.md",
                   "docs/performance.md", "docs/development.md"):
        assert f"]({target})" in text and (ROOT / target).is_file(), target
