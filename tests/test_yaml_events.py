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


def _outcome(text: str, events: bool, monkeypatch, tuples: bool = True) -> tuple:
    monkeypatch.setattr(yamlio, "EVENTS", events)
    monkeypatch.setattr(yamlio, "TUPLE_EVENTS", tuples)
    try:
        return ("ok", yamlio.parse(text, "f.yaml"))
    except InputError as exc:
        return ("error", exc.format())


@pytest.mark.parametrize("text", SNIPPETS)
def test_snippets_alike(text, monkeypatch):
    expected = _outcome(text, False, monkeypatch)
    assert _outcome(text, True, monkeypatch) == expected
    assert _outcome(text, True, monkeypatch, tuples=False) == expected  # PyYAML's event objects, as tuples


def test_every_yaml_file_in_the_repository_alike(monkeypatch):
    assert len(FILES) > 20
    for path in FILES:
        try:
            text = yamlio.read_text(path)
        except InputError:
            continue
        expected = _outcome(text, False, monkeypatch)
        assert _outcome(text, True, monkeypatch) == expected, path
        assert _outcome(text, True, monkeypatch, tuples=False) == expected, path


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
        expected = _outcome(text, False, monkeypatch)
        assert _outcome(text, True, monkeypatch) == expected, (i, op)
        assert _outcome(text, True, monkeypatch, tuples=False) == expected, (i, op)


def test_nodes_keep_file_line_column():
    node = yamlio.parse("a:\n  b: [x, 'y']\n", "f.yaml")
    b = node.items["a"].items["b"]
    assert str(b.loc) == "f.yaml:2:6" and str(b.items[1].loc) == "f.yaml:2:10" and b.items[1].quoted
    assert str(node.items["a"].key_loc("b")) == "f.yaml:2:3"


# -- libyaml's event classes swapped for tuple builders while a document is read (yamlio._from_events)

_EVENT_NAMES = ("ScalarEvent", "SequenceStartEvent", "MappingStartEvent", "SequenceEndEvent", "MappingEndEvent",
                "AliasEvent")


def _seen_during_parse(monkeypatch, text: str) -> list:
    """What yaml._yaml.ScalarEvent was while the document was read, and the outcome."""
    from yaml import _yaml

    seen = []
    real = yamlio._from_tuples

    def spy(get, name):
        seen.append(_yaml.ScalarEvent)
        return real(get, name)

    monkeypatch.setattr(yamlio, "_from_tuples", spy)
    try:
        yamlio.parse(text, "f.yaml")
    except InputError:
        pass
    return seen


def test_builders_are_put_back_after_a_document_and_after_an_error(monkeypatch):
    import yaml
    from yaml import _yaml

    before = {k: getattr(_yaml, k) for k in _EVENT_NAMES}
    assert before["ScalarEvent"] is yaml.events.ScalarEvent
    seen = _seen_during_parse(monkeypatch, "a: [1, {b: c}]\n")
    assert seen == [yamlio._scalar_event]  # the builders while reading (one thread)
    assert {k: getattr(_yaml, k) for k in _EVENT_NAMES} == before
    for broken in ("a: [1, 2\n", "a: 1\na: 2\n", "a: !x 1\n", "a: 1\n---\nb: 2\n"):
        with pytest.raises(InputError):
            yamlio.parse(broken, "f.yaml")
        assert {k: getattr(_yaml, k) for k in _EVENT_NAMES} == before, broken
    # a CLoader of PyYAML's own, used after ours, still builds its own events
    assert yaml.load("a: [1, 2]", Loader=yaml.CSafeLoader) == {"a": [1, 2]}


def test_no_builders_while_another_thread_runs(monkeypatch):
    """Another thread could use libyaml meanwhile (a notebook): PyYAML's classes stay, read as tuples."""
    import threading

    from yaml import _yaml

    stop = threading.Event()
    thread = threading.Thread(target=stop.wait)
    thread.start()
    try:
        seen = _seen_during_parse(monkeypatch, "a: [1, {b: c}]\n")
    finally:
        stop.set()
        thread.join()
    assert seen == [_yaml.ScalarEvent] and seen[0] is not yamlio._scalar_event
    assert yamlio.parse("a: [1, {b: c}]\n", "f.yaml").items["a"].items[1].items["b"].value == "c"
