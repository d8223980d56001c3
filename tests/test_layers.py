"""The package's layering, checked on its source: stages only reach down, never back up.

- no module outside ``redtrace/store`` imports duckdb or touches a store connection (``.con``);
- no import cycle among redtrace's modules, counting imports inside functions too;
- ``redtrace/flags`` imports nothing from ``redtrace.api``; the service layer nothing from a face;
- the screening core is pure: ``redtrace/screen`` imports nothing from the settings, the store,
  the service or a face, reads no environment variable and keeps no module-level cache that
  its functions fill (bounded memoisation of a pure function excepted); every other module
  uses its public face ``redtrace.screen``, not the modules behind it.
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


SCREEN = "redtrace.screen"


def _in(prefix: str) -> dict[str, ast.Module]:
    return {n: t for n, t in MODULES.items() if n == prefix or n.startswith(prefix + ".")}


def test_screen_imports_no_settings_store_service_or_face() -> None:
    forbidden = ("redtrace.settings", "redtrace.store", "redtrace.service", "redtrace.api",
                 "redtrace.cli", "redtrace.web", "redtrace.spark")  # fmt: skip
    assert _reaches(SCREEN, forbidden) == []


def test_screen_reads_no_environment() -> None:
    offenders = []
    for name, tree in _in(SCREEN).items():
        for node in ast.walk(tree):
            if isinstance(node, ast.Attribute) and node.attr in ("environ", "getenv", "putenv"):
                offenders.append(f"{name}:{node.lineno}: .{node.attr}")
            elif isinstance(node, ast.ImportFrom) and node.module == "os":
                env = {a.name for a in node.names} & {"environ", "getenv", "putenv"}
                offenders += [f"{name}:{node.lineno}: from os import {e}" for e in env]
    assert offenders == []


_MUTATORS = {"append", "add", "clear", "extend", "insert", "pop", "popitem", "remove",
             "setdefault", "update", "discard", "__setitem__"}  # fmt: skip


def _module_names(tree: ast.Module) -> set[str]:
    out = set()
    for node in tree.body:
        targets = node.targets if isinstance(node, ast.Assign) else (
            [node.target] if isinstance(node, ast.AnnAssign) else [])  # fmt: skip
        out |= {t.id for t in targets if isinstance(t, ast.Name)}
    return out


def _cache_decorator_problem(func: ast.FunctionDef) -> str | None:
    for deco in func.decorator_list:
        call = deco if isinstance(deco, ast.Call) else None
        target = call.func if call else deco
        name = target.attr if isinstance(target, ast.Attribute) else getattr(target, "id", "")
        if name == "cache" and (func.args.args or func.args.posonlyargs or func.args.kwonlyargs):
            return "functools.cache on a function of arguments (unbounded)"
        if name == "lru_cache":
            size = (
                call.args[0]
                if call and call.args
                else next((k.value for k in call.keywords if k.arg == "maxsize"), None)
                if call
                else None
            )
            if call is None or (isinstance(size, ast.Constant) and size.value is None):
                return "lru_cache without a bound"
    return None


def test_screen_keeps_no_module_level_cache() -> None:
    """State lives on the matcher (``Index.pairs``, the names' own weights). A module's
    function may not fill a module-level container nor rebind a global; ``functools.cache``
    is for loading a reference table once (no arguments) and ``lru_cache`` must be bounded."""
    offenders = []
    for name, tree in _in(SCREEN).items():
        top = _module_names(tree)
        for func in (n for n in ast.walk(tree) if isinstance(n, ast.FunctionDef)):
            problem = _cache_decorator_problem(func)
            if problem:
                offenders.append(f"{name}.{func.name}: {problem}")
            for node in ast.walk(func):
                if isinstance(node, ast.Global | ast.Nonlocal) and set(node.names) & top:
                    offenders.append(f"{name}.{func.name}: rebinds {node.names}")
                elif (isinstance(node, ast.Subscript) and isinstance(node.ctx, ast.Store)
                      and isinstance(node.value, ast.Name) and node.value.id in top):  # fmt: skip
                    offenders.append(f"{name}.{func.name}: writes into {node.value.id}")
                elif (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
                      and node.func.attr in _MUTATORS and isinstance(node.func.value, ast.Name)
                      and node.func.value.id in top):  # fmt: skip
                    offenders.append(f"{name}.{func.name}: {node.func.value.id}.{node.func.attr}")
    assert offenders == []


def test_other_modules_use_the_screen_face() -> None:
    behind = [f"{name} -> {t}" for name in _outside(SCREEN)
              for t in _imports(name, MODULES[name]) if t.startswith(SCREEN + ".")]  # fmt: skip
    assert behind == []
