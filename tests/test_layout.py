"""The layout's rules, checked over the source tree with `ast` so they stay true.

Layers import downward only: `extractors` imports none of the others; `transforms` only `extractors`;
`warehouse` none of the others; `flows` sits on top. Inside `extractors`, the HTTP machinery (`http/`) and
the neutral parsing helpers (`parsing/`) import no source, and no source imports another. No module
imports, directly or through others, a module that imports it back (imports inside functions count).
"""

from __future__ import annotations

import ast
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
PACKAGES = ("extractors", "transforms", "warehouse", "flows")
ALLOWED = {
    "extractors": {"extractors"},
    "transforms": {"transforms", "extractors"},
    "warehouse": {"warehouse"},
    "flows": set(PACKAGES),
}


def modules() -> dict[str, Path]:
    found = {}
    for package in PACKAGES:
        for path in (REPO / package).rglob("*.py"):
            parts = path.relative_to(REPO).with_suffix("").parts
            name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
            found[name] = path
    return found


def imports(path: Path, known: dict[str, Path]) -> set[str]:
    """Project modules `path` imports: `from a.b import c` counts as `a.b.c` when that is a module."""
    out: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            out.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            for alias in node.names:
                child = f"{node.module}.{alias.name}"
                out.add(child if child in known else node.module)
    return {name for name in out if name.split(".")[0] in PACKAGES}


def graph() -> dict[str, set[str]]:
    known = modules()
    return {name: imports(path, known) for name, path in known.items()}


def test_layers_import_downward_only():
    upward = [
        f"{module} imports {target}"
        for module, targets in graph().items()
        for target in targets
        if target.split(".")[0] not in ALLOWED[module.split(".")[0]]
    ]
    assert upward == []


def test_http_machinery_and_parsing_helpers_import_no_source_and_sources_not_each_other():
    def area(name: str) -> str:
        parts = name.split(".")
        if parts[:2] == ["extractors", "sources"] and len(parts) > 2 and parts[2] != "base":
            return "extractors.sources." + parts[2]
        return ".".join(parts[:2])

    wrong = []
    for module, targets in graph().items():
        for target in targets:
            # The fact model (Fact, ParseError) belongs to no source: neutral helpers may raise its errors.
            neutral = area(target) in (area(module), "extractors.fact")
            if area(module) in ("extractors.http", "extractors.parsing") and not neutral:
                wrong.append(f"{module} imports {target}")
            both_sources = all(area(m).startswith("extractors.sources.") for m in (module, target))
            if both_sources and area(target) != area(module):
                wrong.append(f"{module} imports another source: {target}")
    assert wrong == []


def test_no_import_cycles():
    edges = graph()
    cycles: list[list[str]] = []
    state: dict[str, int] = {}  # 1 on the current path, 2 done
    path: list[str] = []

    def visit(node: str) -> None:
        state[node] = 1
        path.append(node)
        for target in sorted(edges.get(node, ())):
            if state.get(target) == 1:
                cycles.append([*path[path.index(target) :], target])
            elif target not in state:
                visit(target)
        path.pop()
        state[node] = 2

    for node in sorted(edges):
        if node not in state:
            visit(node)
    assert cycles == []
