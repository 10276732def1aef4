"""The loader's libyaml path builds our nodes straight from the event stream (capacity/yamlio.py,
``_from_events``). It must give what composing PyYAML's node tree and converting it gave: the same
nodes, values, quoting and file:line:column, and the same first error for every refused construct."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from capacity import yamlio
from capacity.errors import InputError

REPO = Path(__file__).resolve().parent.parent
FILES = sorted(p for d in ("data", "examples", "tests") for p in (REPO / d).rglob("*.yaml"))

SNIPPETS = [
    "a: 1\nb: [x, 'y', \"z\"]\nc: {d: ~, e: null, f: ''}\n",
    "a: !!int 5\n", "a: !!str x\n", "a: !custom x\n", "a: !!python/object:os.system x\n", "a: !!binary aGk=\n",
    "a: ! x\n", "!!map {a: 1}\n", "a: !!set {x}\n", "a: !!omap [x: 1]\n", "? [a]\n: 1\n", "? {a: 1}\n: 2\n",
    "<<: {a: 1}\n", "a: <<\n", "'<<': 1\n", "a: 1\na: 2\n", "a: 1\nb:\n  c: 1\n  c: 2\n", "~: 1\n~: 2\n",
    ": 1\n", "a:\n", "- a\n- - b\n  - c\n", "x\n", "'x'\n", "---\na: 1\n", "a: 1\n---\nb: 2\n",
    "a: [1, 2\n", "a: 'x\n", "a:\n\tb: 1\n", "a: 1\n b: 2\n", "a: !!int 1\nb: !x 2\nc: [\n",
    "a: 1\na: 2\nb: !x 3\n", "- !!str\n- !x\n", "a: !!null\n", "a: &x 1\n", "a: *x\n", "a:&x 1\n",
    "[a, b]: 1\n", "a: {b: [c, {d: e}], f: 'g'}\n", "a: |\n  text\n  more\n", "a: >\n  folded\n",
    "a: 1 # comment\n", "%YAML 1.1\n---\na: 1\n", "a: 0755\nb: NO\nc: 1e3\nd: 1:20\n",
]


def _outcome(text: str, events: bool, monkeypatch) -> tuple:
    monkeypatch.setattr(yamlio, "EVENTS", events)
    try:
        return ("ok", yamlio.parse(text, "f.yaml"))
    except InputError as exc:
        return ("error", exc.format())


@pytest.mark.parametrize("text", SNIPPETS)
def test_snippets_alike(text, monkeypatch):
    assert _outcome(text, True, monkeypatch) == _outcome(text, False, monkeypatch)


def test_every_yaml_file_in_the_repository_alike(monkeypatch):
    assert len(FILES) > 20
    for path in FILES:
        try:
            text = yamlio.read_text(path)
        except InputError:
            continue
        assert _outcome(text, True, monkeypatch) == _outcome(text, False, monkeypatch), path


def test_mutated_files_alike(monkeypatch):
    """Lines deleted, duplicated, swapped, re-indented or given a tag: the same node tree or the same error."""
    rng = random.Random(24)
    base = (REPO / "data" / "targets.yaml").read_text(encoding="utf-8").split("\n")
    for _ in range(300):
        lines = list(base)
        i = rng.randrange(len(lines))
        op = rng.randrange(5)
        if op == 0:
            del lines[i]
        elif op == 1:
            lines.insert(i, lines[i])
        elif op == 2:
            j = rng.randrange(len(lines))
            lines[i], lines[j] = lines[j], lines[i]
        elif op == 3:
            lines[i] = " " + lines[i]
        else:
            lines[i] = lines[i].replace(": ", ": !!str ", 1) if rng.random() < 0.5 else lines[i].replace(": ", ": !t ", 1)
        text = "\n".join(lines)
        if "&" in text or "*" in text:
            continue
        assert _outcome(text, True, monkeypatch) == _outcome(text, False, monkeypatch), (i, op)


def test_nodes_keep_file_line_column():
    node = yamlio.parse("a:\n  b: [x, 'y']\n", "f.yaml")
    b = node.items["a"].items["b"]
    assert str(b.loc) == "f.yaml:2:6" and str(b.items[1].loc) == "f.yaml:2:10" and b.items[1].quoted
    assert str(node.items["a"].key_loc("b")) == "f.yaml:2:3"
