"""The package's layering, checked on its source: stages only reach down, never back up.

- no module outside ``redtrace/store`` imports duckdb or touches a store connection (``.con``);
- no import cycle among redtrace's modules, counting imports inside functions too;
- ``redtrace/flags`` imports nothing from ``redtrace.api``; the service layer nothing from a face.
"""

from __future__ import annotations

import ast
from pathlib import Path

import networkx as nx

PACKAGE = Path(__file__).resolve().parents[1] / "redtrace"


def _modules() -> dict[str, ast.Module]:
    out = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        out[".".join(parts)] = ast.parse(path.read_text(encoding="utf-8"))
    return out


MODULES = _modules()


def _imports(name: str, tree: ast.Module) -> set[str]:
    """Modules of redtrace that ``name`` imports anywhere in its body."""
    out: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            out |= {a.name for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            base = node.module
            if node.level:
                package = name.split(".")[: -node.level + (1 if name in _packages() else 0)]
                base = ".".join([*package, node.module])
            out.add(base)
            out |= {f"{base}.{a.name}" for a in node.names if f"{base}.{a.name}" in MODULES}
    return {m for m in out if m in MODULES and m != name}


def _packages() -> set[str]:
    return {n for n in MODULES if (PACKAGE.parent / n.replace(".", "/") / "__init__.py").exists()}


def _outside(prefix: str) -> dict[str, ast.Module]:
    return {n: t for n, t in MODULES.items() if not (n == prefix or n.startswith(prefix + "."))}


def test_duckdb_and_connections_stay_in_the_store() -> None:
    offenders = []
    for name, tree in _outside("redtrace.store").items():
        for node in ast.walk(tree):
            if isinstance(node, ast.Import) and any(a.name == "duckdb" for a in node.names):
                offenders.append(f"{name}: import duckdb")
            elif isinstance(node, ast.ImportFrom) and node.module == "duckdb":
                offenders.append(f"{name}: from duckdb")
            elif isinstance(node, ast.Attribute) and node.attr == "con":
                offenders.append(f"{name}:{node.lineno}: .con")
    assert offenders == []


def test_no_import_cycles() -> None:
    graph = nx.DiGraph()
    for name, tree in MODULES.items():
        graph.add_node(name)
        for target in _imports(name, tree):
            # A package's __init__ re-exporting its own submodules is not a cycle of layers.
            if not target.startswith(name + "."):
                graph.add_edge(name, target)
    cycles = [sorted(c) for c in nx.strongly_connected_components(graph) if len(c) > 1]
    assert cycles == []


def _reaches(prefix: str, forbidden: tuple[str, ...]) -> list[str]:
    bad = []
    for name, tree in MODULES.items():
        if name == prefix or name.startswith(prefix + "."):
            bad += [f"{name} -> {t}" for t in _imports(name, tree) if t.startswith(forbidden)]
    return bad


def test_stages_do_not_import_the_faces() -> None:
    faces = ("redtrace.api", "redtrace.cli", "redtrace.web")
    assert _reaches("redtrace.flags", faces) == []
    assert _reaches("redtrace.service", faces) == []
    assert _reaches("redtrace.trace", faces) == []
    assert _reaches("redtrace.store", (*faces, "redtrace.service")) == []
