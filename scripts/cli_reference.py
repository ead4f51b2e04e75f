"""Write docs/cli.md, the command-line reference, from the commands' own ``--help``.

``python scripts/cli_reference.py`` rewrites the file; ``--check`` exits 1 when it is out of date
(``tests/test_docs.py`` runs that). The help is formatted at a fixed width of 100 columns, so the
file does not depend on the terminal it was written in.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TARGET = ROOT / "docs" / "cli.md"
WIDTH = "100"
HEADER = """# Command line: `python -m monitor`

Generated from the commands' `--help` by `python scripts/cli_reference.py` (a test checks that it is
current). Exit codes and the `--out` rule: see README.md and docs/development.md.
"""


def _subcommands(parser: argparse.ArgumentParser) -> dict[str, argparse.ArgumentParser]:
    for action in parser._actions:  # argparse offers no public way to list subparsers
        if isinstance(action, argparse._SubParsersAction):
            return dict(action.choices)
    return {}


def reference() -> str:
    """The text of docs/cli.md: the top-level help, then each command's."""
    os.environ["COLUMNS"] = WIDTH
    sys.path.insert(0, str(ROOT))
    from monitor.cli import make_parser

    parser = make_parser()
    parts = [HEADER, "## `python -m monitor --help`\n", "```text", parser.format_help().rstrip(), "```\n"]
    for name, command in _subcommands(parser).items():
        parts += [f"## `python -m monitor {name} --help`\n", "```text", command.format_help().rstrip(), "```\n"]
        for sub_name, sub in _subcommands(command).items():
            parts += [f"### `python -m monitor {name} {sub_name} --help`\n", "```text", sub.format_help().rstrip(),
                      "```\n"]
    return "\n".join(parts)


def main(argv: list[str]) -> int:
    text = reference()
    if "--check" in argv:
        if not TARGET.is_file() or TARGET.read_text(encoding="utf-8") != text:
            print(f"{TARGET.relative_to(ROOT)} is out of date: run 'python scripts/cli_reference.py'", file=sys.stderr)
            return 1
        return 0
    TARGET.write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
