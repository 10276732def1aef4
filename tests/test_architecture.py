"""Architecture: no import circles in the library (module-level or lazy), claim kinds in one table."""

from __future__ import annotations

import ast
import re
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


def _reaches(graph: dict[str, set[str]], start: str) -> set[str]:
    seen, todo = set(), [start]
    while todo:
        n = todo.pop()
        for m in graph.get(n, ()):
            if m not in seen:
                seen.add(m)
                todo.append(m)
    return seen


def test_claim_kinds_and_results_import_no_renderer_and_no_cli():
    graph = _graph()
    upper = ("capacity.render", "capacity.views", "capacity.doc", "capacity.i18n", "capacity.simulate",
             "capacity.whatif", "capacity.compare", "capacity.catalog", "capacity.checks", "capacity.evaluate")
    kinds = [m for m in graph if m == "capacity.claims" or m.startswith("capacity.claims.")]
    assert {"capacity.claims.share", "capacity.claims.needed", "capacity.claims.supply", "capacity.claims.rollup",
            "capacity.claims.projects", "capacity.claims.progress", "capacity.claims.denominators"} <= set(kinds)
    for m in kinds + ["capacity.evaluate", "capacity.results", "capacity.messages", "capacity.messages.en"]:
        bad = sorted(x for x in _reaches(graph, m) if x.startswith(upper) and x != m)
        assert bad == [], f"{m} reaches {bad}"
    for path in (ROOT / "claims").glob("*.py"):
        src = path.read_text(encoding="utf-8")
        assert "capacity_cli" not in src and "typer" not in src and "print(" not in src, path.name


def test_no_renderer_reaches_into_simulate_and_views_do_not_import_render():
    graph = _graph()
    renderers = [m for m in graph if m == "capacity.render" or m.startswith("capacity.render.")]
    for m in renderers:
        assert "capacity.simulate" not in _reaches(graph, m), m
        src = (ROOT / Path(*m.split(".")[1:])).with_suffix(".py") if m != "capacity.render" else ROOT / "render" / "__init__.py"
        assert "import_module" not in src.read_text(encoding="utf-8"), m  # no dodging the graph
    assert not any(t == "capacity.render" or t.startswith("capacity.render.") for t in graph["capacity.views"])


def test_each_claim_rule_lives_in_one_place():
    """CHECK_KINDS is defined once; the tolerance, the flip and the verdict only in capacity.claims; the
    commands (whatif, simulate, compare, catalog) call the kinds and keep no copy."""
    defs = [p for p in ROOT.rglob("*.py") if "\nCHECK_KINDS" in p.read_text(encoding="utf-8")
            and "CHECK_KINDS: tuple" in p.read_text(encoding="utf-8") or "\nCHECK_KINDS = " in p.read_text(encoding="utf-8")]
    assert [p.relative_to(ROOT).as_posix() for p in defs] == ["claims/__init__.py"]
    for name in ("simulate.py", "whatif.py", "compare.py", "catalog.py", "evaluate.py", "views.py"):
        src = (ROOT / name).read_text(encoding="utf-8")
        assert "DEFAULT_TOLERANCE_PP" not in src, name
        # no arithmetic on a threshold outside the kinds: the flip is claims.common.flip, boundaries the kinds'
        assert not re.search(r"[/*]\s*\(?\s*(t\.)?(th|threshold|t_v|th_v)\b(\.value)?|\b(th|threshold)(\.value)?\s*[*/]",
                             src), name
        assert "region.target_year, options" not in src, name  # the year is claims.denominators.target_year
        assert "parse_figure(" not in src or name == "whatif.py", name  # views never re-parse a figure's text
    from capacity.claims import KINDS

    for k in KINDS:
        assert k.module is not None and callable(k.evaluate), k.name
    assert {k.name for k in KINDS if k.sample} == {"share", "supply"}


def test_notes_are_codes_worded_by_the_message_table():
    """The chooser's notes are Note(code, params); their words live in capacity/messages/en.py only, and
    the CLI finds year fallbacks by code, not by a regex over the words."""
    from capacity.messages import en

    src = (ROOT / "claims" / "denominators.py").read_text(encoding="utf-8")
    for code, words in en.MESSAGES.items():
        if code.startswith("what."):  # the loader's names of a file's parts ("a targets file"): not notes
            continue
        longest = max(re.split(r"\{[^}]*\}", words), key=len).strip()
        assert len(longest) < 10 or " " not in longest or longest not in src, code  # a word (production) is data
    ev = (ROOT / "evaluate.py").read_text(encoding="utf-8")
    assert "_YEAR_FALLBACK" not in ev and "re.compile" not in ev


def test_every_package_is_installed():
    """pyproject lists its packages by name: a new folder under capacity/ left out of the list works in an
    editable checkout and is missing after a plain `pip install .` (CI's smoke test runs that)."""
    import tomllib

    from conftest import REPO

    listed = set(tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"]["packages"])
    on_disk = {".".join(p.parent.relative_to(REPO).parts) for p in (REPO / "capacity").rglob("__init__.py")}
    assert on_disk <= listed, f"add to [tool.setuptools] packages: {sorted(on_disk - listed)}"
