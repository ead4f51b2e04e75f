"""The layering of ARCHITECTURE.md, checked on the source (``ast``, nothing is imported).

- no import loop between the modules of ``monitor/``, counting imports inside functions (a lazy import
  still runs; only ``if TYPE_CHECKING:`` blocks, which never run, are left out);
- ``monitor/`` never imports streamlit; the PDF/PNG path (``monitor/reports/``) never imports folium;
- ``monitor/`` keeps at most 16 top-level modules (the rest lives in the step folders).

Run as a script (``python tests/test_architecture.py``) to print the import graph's loops, if any.
"""

from __future__ import annotations

import ast
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "monitor"


def module_name(path: Path) -> str:
    """``monitor/snapshot/model.py`` -> ``monitor.snapshot.model``; a package's ``__init__`` -> the package."""
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def modules() -> dict[str, Path]:
    """Every module of ``monitor/`` by dotted name."""
    return {module_name(path): path for path in sorted(PACKAGE.rglob("*.py"))}


def _runtime_nodes(tree: ast.AST):
    """Every node except those under ``if TYPE_CHECKING:``."""
    stack = [tree]
    while stack:
        node = stack.pop()
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            stack.extend(node.orelse)
            continue
        yield node
        stack.extend(ast.iter_child_nodes(node))


def imported(path: Path) -> set[str]:
    """The absolute names a module imports, anywhere in its code (inside functions too)."""
    name = module_name(path)
    package = name.split(".") if path.name == "__init__.py" else name.split(".")[:-1]
    names = set()
    for node in _runtime_nodes(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = ".".join(package[: len(package) - node.level + 1] + ([node.module] if node.module else []))
            else:
                base = node.module or ""
            names.add(base)
            names.update(f"{base}.{alias.name}" for alias in node.names)
    return names


def import_graph() -> dict[str, set[str]]:
    """Module -> the ``monitor`` modules it imports (``from pkg import name`` counts as pkg.name if that is a module)."""
    known = modules()
    return {name: {target for target in imported(path) if target in known and target != name}
            for name, path in known.items()}


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components with more than one module (Tarjan), each sorted."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for target in graph[node]:
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def test_no_import_loop_inside_monitor():
    assert cycles(import_graph()) == []


def test_the_checker_finds_a_loop():
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]
    graph = import_graph()
    assert "monitor.snapshot" in graph["monitor.compute.build"]  # a top-level import
    assert "monitor.compute.build" in graph["monitor.cli"]  # an import inside a function


def test_core_never_imports_streamlit_and_reports_never_folium():
    for name, path in modules().items():
        roots = {target.split(".")[0] for target in imported(path)}
        assert not roots & {"streamlit", "streamlit_folium"}, f"{name} imports streamlit"
        if name.startswith("monitor.reports"):
            assert "folium" not in roots and "branca" not in roots, f"{name} imports folium"
            assert not {t for t in imported(path) if t.startswith("monitor.maps.folium")}, name


def test_at_most_16_top_level_modules():
    top = sorted(path.name for path in PACKAGE.glob("*.py"))
    assert len(top) <= 16, top


if __name__ == "__main__":
    loops = cycles(import_graph())
    for loop in loops:
        print(" <-> ".join(loop))
    print(f"{len(loops)} import loop(s) in monitor/")
    sys.exit(1 if loops else 0)
