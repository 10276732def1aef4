"""One search across scripts: simplified and traditional match alike in every filter; data stay as written."""

from __future__ import annotations

import json
import subprocess
import sys

from capacity.script import contains, fold, simplify


def test_fold():
    assert fold("電池片") == fold("电池片") == "电池片"
    assert fold("硅業分會") == "硅业分会"
    assert fold("８７萬噸") == "87万吨"
    assert fold("MWh") == "mwh"
    assert contains("电池片", "年內切片、電池片產能") and contains("硅業分會", "中国有色金属工业协会硅业分会")
    assert not contains("組件", "電池片")
    assert len(simplify("（牽頭單位：市發改委）")) == len("（牽頭單位：市發改委）")  # one character for one


def _ids(cli, *args):
    r = cli("targets", *args, "--format", "json")
    assert r.exit_code == 0, r.stderr
    payload = json.loads(r.stdout)
    return [t["id"] for t in payload["targets"]] + [p["id"] for p in payload.get("projects", [])]


def test_search_finds_the_same_rows_in_either_script(cli):
    trad, simp = _ids(cli, "--search", "電池片"), _ids(cli, "--search", "电池片")
    assert trad == simp == ["wafers", "cells", "hongyuan_cells", "zhongqing_cells", "xuyang_cells"]
    assert _ids(cli, "--search", "旭阳") == _ids(cli, "--search", "旭陽") != []
    r = cli("targets", "--search", "电池片", "--format", "json")
    assert json.loads(r.stdout)["targets"][1]["name"] == "電池片產能"  # the data stay as written


def test_lead_in_either_script(cli):
    assert _ids(cli, "--lead", "市发改委", "--no-projects") == _ids(cli, "--lead", "市發改委", "--no-projects")
    assert "polysilicon" in _ids(cli, "--lead", "市发改委", "--no-projects")


def test_source_in_either_script(cli):
    a = cli("report", "--source", "硅業分會", "--format", "json")
    b = cli("report", "--source", "硅业分会", "--format", "json")
    assert a.exit_code == b.exit_code and a.exit_code in (0, 1)
    assert a.stdout.replace("硅業分會", "硅业分会") == b.stdout  # only the notes echoing --source differ
    ra = json.loads(a.stdout)
    poly = next(r for r in ra["results"] if r["id"] == "polysilicon" and r["kind"] == "share")
    assert "硅业分会" in poly["national"]["source"]


def test_drop_project_in_either_script(cli):
    a = cli("whatif", "--drop-project", "通威三期", "--format", "json")
    b = cli("whatif", "--drop-project", "通威三期", "--format", "json")
    c = cli("whatif", "--drop-project", "旭阳", "--format", "json")
    d = cli("whatif", "--drop-project", "旭陽", "--format", "json")
    assert a.stdout == b.stdout
    assert c.exit_code == d.exit_code and json.loads(c.stdout)["results"] == json.loads(d.stdout)["results"]


def test_help_does_not_load_the_table():
    code = ("import sys; from capacity_cli.main import app; "
            "print('capacity.script_table' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "False"
