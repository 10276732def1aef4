"""`capacity schema`: the JSON Schema of the data files, the committed copies, and agreement with the loader."""

from __future__ import annotations

import ast
import copy
import functools
import json
import re

import jsonschema
import pytest
import yaml

from capacity import schema as sch
from capacity.errors import QuantityError
from capacity.load import bundled_path
from capacity.scenario import read_scenario
from capacity.units import parse_figure
from conftest import REPO

KINDS = {"targets": "targets.yaml", "national": "national.yaml"}


@functools.lru_cache(maxsize=None)
def _parsed(kind: str) -> dict:
    return yaml.safe_load(bundled_path(KINDS[kind]).read_text(encoding="utf-8"))


def load(kind: str) -> dict:
    """The bundled file as a generic YAML parser sees it (a fresh copy: tests break it)."""
    return copy.deepcopy(_parsed(kind))


def errors(schema: dict, doc) -> list[str]:
    v = jsonschema.Draft7Validator(schema)
    return [f"{list(e.absolute_path)}: {e.message}" for e in v.iter_errors(doc)]


# ----------------------------------------------------------------------------------- the command and the files


@pytest.mark.parametrize("kind", ["targets", "national"])
def test_committed_schema_files_are_the_generated_ones(kind):
    committed = (REPO / "data" / f"{kind}.schema.json").read_text(encoding="utf-8")
    assert committed == sch.schema_json(kind), f"regenerate: capacity schema --kind {kind} > data/{kind}.schema.json"


@pytest.mark.parametrize("kind", ["targets", "national"])
def test_bundled_files_reference_their_schema(kind):
    first = bundled_path(KINDS[kind]).read_text(encoding="utf-8").splitlines()[0]
    assert first == f"# yaml-language-server: $schema={kind}.schema.json"
    assert (bundled_path(KINDS[kind]).parent / f"{kind}.schema.json").is_file()


def test_schema_command(cli):
    for kind in ("targets", "national", "scenario"):
        r = cli("schema", "--kind", kind)
        assert r.exit_code == 0 and r.stdout == sch.schema_json(kind)
        assert json.loads(r.stdout)["$schema"] == "http://json-schema.org/draft-07/schema#"
    r = cli("schema")
    assert r.exit_code == 0
    doc = json.loads(r.stdout)
    assert set(doc["definitions"]) == {"targets", "national", "scenario"}
    r = cli("schema", "--kind", "nonsense")
    assert r.exit_code == 2 and r.stdout == "" and "--kind 'nonsense'" in r.stderr


@pytest.mark.parametrize("kind", [None, "targets", "national", "scenario"])
def test_schemas_are_valid_draft7(kind):
    jsonschema.Draft7Validator.check_schema(sch.schema(kind))


# ----------------------------------------------------------------------------------- the bundled data validate


@pytest.mark.parametrize("kind", ["targets", "national"])
def test_bundled_data_validate(kind):
    doc = load(kind)
    assert errors(sch.schema(kind), doc) == []
    assert errors(sch.schema(), doc) == []  # the combined schema picks the right kind
    committed = json.loads((REPO / "data" / f"{kind}.schema.json").read_text(encoding="utf-8"))
    jsonschema.validate(doc, committed, cls=jsonschema.Draft7Validator)


def test_yaml_types_are_accepted_both_ways():
    """A generic YAML parser types `clause: 5` and `preferred: true`; quoted, they are strings."""
    doc = load("targets")
    t = next(x for x in doc["targets"] if x["id"] == "polysilicon")
    assert t["clause"] == 5 and doc["region"]["target_year"] == 2024 and doc["schema_version"] == 1
    t["clause"] = "5"
    doc["schema_version"] = "1"
    assert errors(sch.schema("targets"), doc) == []
    nat = load("national")
    fig = nat["quantities"][0]["figures"][0]
    assert fig["preferred"] is True and fig["year"] == 2021
    fig["preferred"], fig["year"] = "true", "2021"
    assert errors(sch.schema("national"), nat) == []
    assert nat["quantities"][0]["proxy_note"] is None  # null for an optional field


# ----------------------------------------------------------------------------------- broken files fail


def _target(doc, tid="polysilicon"):
    return next(x for x in doc["targets"] if x["id"] == tid)


TARGET_BREAKS = [
    ("unknown comparator", lambda d: _target(d)["threshold"].__setitem__("comparator", "at_leest"), "comparator"),
    ("unknown target comparator", lambda d: _target(d).__setitem__("comparator", "approx"), "comparator"),
    ("unknown measure", lambda d: _target(d).__setitem__("measure", "capacities"), "measure"),
    ("unknown threshold kind", lambda d: _target(d)["threshold"].__setitem__("kind", "ratio"), "kind"),
    ("unknown key", lambda d: _target(d).__setitem__("figur", "87萬噸"), "figur"),
    ("bad id", lambda d: _target(d).__setitem__("id", "Polysilicon"), "id"),
    ("missing figure", lambda d: (_target(d).pop("figure"), _target(d).pop("threshold")), "figure"),  # a share claim may omit it
    ("comma in a figure", lambda d: _target(d).__setitem__("figure", "1,5萬噸"), "figure"),
    ("bare number", lambda d: _target(d).__setitem__("figure", "87"), "figure"),
    ("bound target figure", lambda d: _target(d).__setitem__("figure", ">87萬噸"), "figure"),
    ("clause out of range", lambda d: _target(d).__setitem__("clause", 0), "clause"),
    ("bad section", lambda d: _target(d).__setitem__("section", "8"), "section"),
    ("bad dimension", lambda d: _target(d).__setitem__("dimension", "weight"), "dimension"),
    ("warn_within too big", lambda d: _target(d)["threshold"].__setitem__("warn_within", 200), "warn_within"),
    ("threshold as a range", lambda d: _target(d)["threshold"].__setitem__("figure", "30~40%"), "figure"),
    ("unknown top-level key", lambda d: d.__setitem__("target", []), "target"),
    ("missing region", lambda d: d.pop("region"), "region"),
    ("bad p_complete", lambda d: d["project_states"][0].__setitem__("p_complete", 1.5), "p_complete"),
    ("bad schema_version", lambda d: d.__setitem__("schema_version", 2), "schema_version"),
]


@pytest.mark.parametrize("what, breaker, word", TARGET_BREAKS, ids=[b[0] for b in TARGET_BREAKS])
def test_broken_targets_fail(what, breaker, word):
    doc = copy.deepcopy(load("targets"))
    breaker(doc)
    errs = errors(sch.schema("targets"), doc)
    assert errs, what
    assert any(word in e for e in errs), errs
    assert errors(sch.schema(), doc), what  # the combined schema too


NATIONAL_BREAKS = [
    ("unknown basis", lambda d: d["quantities"][0]["figures"][0].__setitem__("basis", "output")),
    ("preferred: yes as a string", lambda d: d["quantities"][0]["figures"][0].__setitem__("preferred", "yes")),
    ("missing source", lambda d: d["quantities"][0]["figures"][0].pop("source")),
    ("range written with a dash", lambda d: d["quantities"][0]["figures"][0].__setitem__("value", "1-2萬噸")),
    ("published_on not a date", lambda d: d["quantities"][0]["figures"][0].__setitem__("published_on", "July 2024")),
    ("physical bound as a range", lambda d: d["factors"][0].__setitem__("physical_bound", "1~2 g/W")),
    ("bound factor", lambda d: d["factors"][0].__setitem__("value", ">2 g/W")),
    ("year as text", lambda d: d["quantities"][0]["figures"][0].__setitem__("year", "twenty")),
    ("unknown quantity key", lambda d: d["quantities"][0].__setitem__("unit", "t")),
]


@pytest.mark.parametrize("what, breaker", NATIONAL_BREAKS, ids=[b[0] for b in NATIONAL_BREAKS])
def test_broken_national_fails(what, breaker):
    doc = copy.deepcopy(load("national"))
    breaker(doc)
    assert errors(sch.schema("national"), doc), what
    assert errors(sch.schema(), doc), what


def test_loader_agrees_on_a_broken_file(cli, tmp_path):
    """The same break (an unknown comparator) fails the schema and `capacity validate`."""
    text = bundled_path("targets.yaml").read_text(encoding="utf-8").replace("comparator: at_least",
                                                                            "comparator: at_leest", 1)
    path = tmp_path / "targets.yaml"
    path.write_text(text, encoding="utf-8")
    assert errors(sch.schema("targets"), yaml.safe_load(text))
    assert cli("validate", path).exit_code == 2


def test_scenario_schema(tmp_path):
    text = ("name: low national\ndescription: what if\nset:\n  polysilicon: 80萬噸\n  baotou:wafers: 90GW\n"
            "national:\n  monocrystalline_silicon: \">1000GW\"\nfactor:\n  polysilicon_per_watt: 2.4 g/W\n"
            "drop_project:\n  - 通威三期\n")
    path = tmp_path / "s.yaml"
    path.write_text(text, encoding="utf-8")
    assert len(read_scenario(path).items) == 5  # the loader accepts it
    doc = yaml.safe_load(text)
    assert errors(sch.schema("scenario"), doc) == []
    assert errors(sch.schema(), doc) == []
    bad = dict(doc, set={"Polysilicon": "80萬噸"})
    assert errors(sch.schema("scenario"), bad)
    bad = dict(doc, factor={"polysilicon_per_watt": ">2 g/W"})
    assert errors(sch.schema("scenario"), bad)
    bad = dict(doc, sets={})
    assert errors(sch.schema("scenario"), bad)


# ----------------------------------------------------------------------------------- agreement with the loader


GOOD = ["87萬噸", "87 万吨", "253GW", "200萬千瓦時", "2000億元", "2000臺", "3~5家", "3 ～ 5家", "40%", "2.1 g/W",
        ">1000GW", ">= 5t", "≥12.5万吨", "<3%", "1.23 t/t", "８７萬噸", "1e3 t", ".5 t", "0 t", "168 GWh", "12.5万吨"]
BAD = ["87", "", "   ", "1,5萬噸", "1，5萬噸", "-5t", "about 87t", "萬噸", ">3~5家", "87..5t", "t87", "3~家", "~5t"]


@pytest.mark.parametrize("text", GOOD)
def test_quantity_pattern_accepts_what_the_parser_accepts(text):
    fig = parse_figure(text)
    pattern = re.compile(sch.quantity_pattern(bound=True, range_=True))
    assert pattern.search(text)
    assert bool(re.search(sch.quantity_pattern(bound=False, range_=True), text)) == (fig.bound in ("exact", "range"))
    assert bool(re.search(sch.quantity_pattern(bound=True, range_=False), text)) == (fig.bound != "range")
    assert bool(re.search(sch.quantity_pattern(bound=False, range_=False), text)) == (fig.bound == "exact")


@pytest.mark.parametrize("text", BAD)
def test_quantity_pattern_refuses_what_the_parser_refuses(text):
    with pytest.raises(QuantityError):
        parse_figure(text)
    assert not re.search(sch.quantity_pattern(bound=True, range_=True), text)


def _loader_key_lists() -> list[set[str]]:
    """Every `r.keys(node, [..], what)` list and `Keys(..)` constant in capacity/load.py and capacity/scenario.py's
    SCENARIO_KEYS."""
    out = []
    for name in ("load.py", "scenario.py"):
        tree = ast.parse((REPO / "capacity" / name).read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "keys"
                    and len(node.args) >= 2 and isinstance(node.args[1], ast.List)):
                out.append({e.value for e in node.args[1].elts})
            if isinstance(node, ast.Call) and getattr(node.func, "id", "") == "Keys":  # allowed keys made once
                out.append({e.value for e in node.args})
            if isinstance(node, ast.Assign) and any(getattr(t, "id", "") == "SCENARIO_KEYS" for t in node.targets):
                out.append({e.value for e in node.value.elts})
    return out


def _schema_key_sets(s, acc):
    if isinstance(s, dict):
        t = s.get("type")
        if (t == "object" or (isinstance(t, list) and "object" in t)) and "properties" in s:
            acc.append(set(s["properties"]))
        for v in s.values():
            _schema_key_sets(v, acc)
    elif isinstance(s, list):
        for v in s:
            _schema_key_sets(v, acc)
    return acc


def test_schema_keys_are_the_loaders_keys():
    """Each mapping the loader reads has a schema object with exactly its keys, and back."""
    loader = _loader_key_lists()
    schema = _schema_key_sets([sch.schema(k) for k in sch.KINDS], [])
    assert len(loader) >= 15
    for keys in loader:
        assert keys in schema, f"no schema object with keys {sorted(keys)}"
    for keys in schema:
        assert keys in loader, f"schema object with keys {sorted(keys)} that the loader does not read"
