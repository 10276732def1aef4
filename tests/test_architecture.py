"""Architecture: no import circles in the library (module-level or lazy), claim kinds in one table."""

from __future__ import annotations

import ast
from pathlib import Path

import capacity

ROOT = Path(capacity.__file__).resolve().parent


def _module_name(path: Path) -> str:
    rel = path.relative_to(ROOT.parent).with_suffix("")
    parts = list(rel.parts)
    if parts[-1] == "__init__":
        parts = parts[:-1]
    return ".".join(parts)


def _graph() -> dict[str, set[str]]:
    modules = {_module_name(p): p for p in ROOT.rglob("*.py")}
    graph: dict[str, set[str]] = {m: set() for m in modules}
    for name, path in modules.items():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            targets = []
            if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                targets = [node.module] + [f"{node.module}.{a.name}" for a in node.names]
            elif isinstance(node, ast.Import):
                targets = [a.name for a in node.names]
            for t in targets:
                # a submodule's import of its own package is implied by importing the submodule at all
                # (capacity.render.fastjson → capacity.render): not an edge that can make a circle
                if t in modules and t != name and t != "capacity" and not name.startswith(t + "."):
                    graph[name].add(t)
    return graph


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    found, state = [], {}

    def visit(n: str, stack: list[str]) -> None:
        state[n] = 1
        stack.append(n)
        for m in sorted(graph[n]):
            if state.get(m) == 1:
                found.append(stack[stack.index(m):] + [m])
            elif m not in state:
                visit(m, stack)
        stack.pop()
        state[n] = 2

    for n in sorted(graph):
        if n not in state:
            visit(n, [])
    return found


def test_no_import_circles_even_through_lazy_imports():
    graph = _graph()
    assert "capacity.load" not in graph["capacity.evaluate"]  # the old circle: evaluate → load → scenario → evaluate
    assert _cycles(graph) == []


def test_claim_kinds_are_one_table():
    from capacity import evaluate as ev

    names = [k.name for k in ev.CLAIM_KINDS]
    assert len(names) == len(set(names))
    assert {"share", "supply", "rollup", "projects", "progress"} <= set(names)
    for k in ev.CLAIM_KINDS:
        assert callable(k.evaluate) and callable(k.row)
    # evaluate() has no per-kind branches: it runs the table
    src = Path(ev.__file__).read_text(encoding="utf-8")
    body = src[src.index("def evaluate("):src.index("def _base_id(")]
    assert "share_row(" not in body and "link_row(" not in body and "progress_row(" not in body
