"""No module of console/ imports a module that imports it back, directly or around a longer circle.

Read from the source with ``ast`` (nothing is imported, so no Qt is needed): every import counts,
the ones under ``if TYPE_CHECKING:`` and inside functions too. A circle hidden behind a
function-local or a type-only import still ties the two modules together: neither can be read,
tested or moved without the other.
"""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = "console"


def console_modules() -> dict[str, Path]:
    """Every module of the package by dotted name (a package by its own name, for __init__.py)."""
    modules = {}
    for path in sorted((ROOT / PACKAGE).rglob("*.py")):
        parts = list(path.relative_to(ROOT).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        modules[".".join(parts)] = path
    return modules


def imported_modules(name: str, path: Path, modules: dict[str, Path]) -> set[str]:
    """The console modules that ``name`` (at ``path``) names in any import statement."""
    is_package = path.name == "__init__.py"
    found = set()
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = name.split(".") if is_package else name.split(".")[:-1]
                base = base[: len(base) - (node.level - 1)]
                origin = ".".join(base + ([node.module] if node.module else []))
            else:
                origin = node.module or ""
            # `from a.b import c` imports the module a.b.c where there is one, else names from a.b.
            targets = [
                f"{origin}.{alias.name}" if f"{origin}.{alias.name}" in modules else origin for alias in node.names
            ]
        else:
            continue
        for target in targets:
            while target and target not in modules:  # `import a.b.c` of a name inside a.b
                target = target.rpartition(".")[0]
            if target and target != name:
                found.add(target)
    return found


def import_graph() -> dict[str, set[str]]:
    modules = console_modules()
    return {name: imported_modules(name, path, modules) for name, path in modules.items()}


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Each strongly connected group of more than one module (Tarjan), as one circle through it."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    groups: list[set[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for nxt in sorted(graph.get(node, ())):
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            group = set()
            while True:
                member = stack.pop()
                on_stack.discard(member)
                group.add(member)
                if member == node:
                    break
            if len(group) > 1:
                groups.append(group)

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return [circle_through(group, graph) for group in groups]


def circle_through(group: set[str], graph: dict[str, set[str]]) -> list[str]:
    """One circle inside ``group``: from its first module, the shortest way back to it."""
    start = min(group)
    paths = {start: [start]}
    frontier = [start]
    while frontier:
        following = []
        for node in frontier:
            for nxt in sorted(graph[node] & group):
                if nxt == start:
                    return paths[node] + [start]
                if nxt not in paths:
                    paths[nxt] = paths[node] + [nxt]
                    following.append(nxt)
        frontier = following
    return sorted(group)


def test_the_checker_sees_type_only_and_function_local_imports(tmp_path):
    modules = {"console.a": tmp_path / "a.py", "console.b": tmp_path / "b.py", "console.c": tmp_path / "c.py"}
    modules["console.a"].write_text(
        "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from console.b import B\n"
    )
    modules["console.b"].write_text("def f():\n    from . import c\n")
    modules["console.c"].write_text("import console.a.thing\n")
    graph = {name: imported_modules(name, path, modules) for name, path in modules.items()}
    assert graph == {"console.a": {"console.b"}, "console.b": {"console.c"}, "console.c": {"console.a"}}
    assert cycles(graph) == [["console.a", "console.b", "console.c", "console.a"]]


def test_no_console_module_imports_a_module_that_imports_it_back():
    graph = import_graph()
    found = cycles(graph)
    two_way = sorted(f"{a} <-> {b}" for a in graph for b in graph[a] if a < b and a in graph.get(b, ()))
    assert not found, (
        "import circles in console/:\n"
        + "\n".join(" -> ".join(c) for c in found)
        + "\nmodules that import each other:\n"
        + "\n".join(two_way)
    )
