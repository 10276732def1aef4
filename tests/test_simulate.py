"""`capacity simulate`: Monte Carlo probabilities, checked against cases worked out by hand."""

from __future__ import annotations

import json

import pytest

from capacity.evaluate import Options, evaluate
from capacity.load import load_dataset
from capacity.scenario import apply_overrides, from_cli
from capacity.simulate import BOUND_SPREAD, SCHEMA, simulate

TARGETS = """\
schema_version: 1
region:
  id: testville
  name: 測試市
  name_en: Testville
  target_year: 2024
sections:
  - section: 一
    title: 測試
targets:
  - id: polysilicon
    section: 一
    clause: 1
    name: 多晶硅產能
    name_en: Polysilicon capacity
    figure: 87萬噸
    comparator: reach
    measure: capacity
    national: polysilicon
    threshold:
      figure: 40%
      comparator: at_least
      kind: share
{extra_targets}
{projects}
"""

NATIONAL = """\
schema_version: 1
country: CN
quantities:
  - id: polysilicon
    name: 多晶硅
    name_en: Polysilicon
    dimension: mass
    figures:
{figures}
factors:
  - id: industrial_silicon_per_polysilicon
    name_en: Industrial silicon per tonne of polysilicon
    value: 1.23 t/t
    low: 1.2 t/t
    high: 1.3 t/t
"""

FIGURE = """\
      - year: 2024
        period: end-2024
        basis: capacity
        value: "{value}"
        source: {source}
        preferred: {preferred}
"""

PROJECT = """\
projects:
  - id: big_plant
    name: 大廠
    product: 多晶硅
    figure: 20萬噸
    state: 推動…落地
    feeds: polysilicon
    section: 一
    clause: 1
project_states:
  - state: 推動…落地
    p_complete: 0.5
"""

SUPPLY = """\
  - id: industrial_silicon
    section: 一
    clause: 2
    name: 工業硅產能
    name_en: Industrial silicon capacity
    figure: 79萬噸
    comparator: reach
    measure: capacity
    threshold:
      figure: 75%
      comparator: reach
      kind: supply
  - id: local_supply_ratio
    section: 一
    clause: 3
    name: 本地配套率
    name_en: Local supply ratio
    figure: 60%
    comparator: at_least
    measure: ratio
chain:
  target: local_supply_ratio
  links:
    - {supply: industrial_silicon, demand: polysilicon, factor: industrial_silicon_per_polysilicon}
"""


def _fixture(tmp_path, values=("200萬噸", "300萬噸"), project=False, supply=False):
    figures = "".join(FIGURE.format(value=v, source=f"Source {chr(65 + i)}", preferred="true" if i == 0 else "false")
                      for i, v in enumerate(values))
    t = tmp_path / "targets.yaml"
    n = tmp_path / "national.yaml"
    t.write_text(TARGETS.format(extra_targets=SUPPLY if supply else "", projects=PROJECT if project else ""),
                 encoding="utf-8")
    n.write_text(NATIONAL.format(figures=figures), encoding="utf-8")
    return t, n


def _ds(tmp_path, **kw):
    t, n = _fixture(tmp_path, **kw)
    return load_dataset([str(t)], str(n))


def _row(payload, rid):
    rows = [r for r in payload["results"] if r["id"] == rid]
    assert len(rows) == 1, rid
    return rows[0]


# --------------------------------------------------------------------------------------------- by hand


def test_two_sources_uniform_between_them(tmp_path):
    # 87萬噸 at 40% holds while national ≤ 87 / 0.4 = 217.5萬噸: P = (217.5 − 200) / (300 − 200) = 0.175
    payload = simulate(_ds(tmp_path), samples=200_000, seed=1)
    r = _row(payload, "polysilicon")
    assert r["probability"] == pytest.approx(0.175, abs=0.005)
    # share = 87 / N with N uniform on [200, 300]: p50 at N = 250, p5 at N = 295, p95 at N = 205
    assert r["p50"] == pytest.approx(87 / 250, abs=0.002)
    assert r["p05"] == pytest.approx(87 / 295, abs=0.002)
    assert r["p95"] == pytest.approx(87 / 205, abs=0.002)
    assert r["deterministic"] is False
    assert r["ok_check"] is True  # check uses the preferred 200萬噸: 43.5%
    assert r["threshold"] == 0.4 and r["comparator"] == "at_least" and r["kind"] == "share"
    assert r["tornado"][0]["input"] == "national.polysilicon"
    assert r["tornado"][0]["low"] == 1.0 and r["tornado"][0]["high"] == 0.0  # at 200萬噸 it holds, at 300 not
    assert any("uniform between 2,000,000 t and 3,000,000 t" in line for line in payload["rules"])


def test_project_that_may_not_complete(tmp_path):
    # 大廠 20萬噸 completes with p = 0.5; without it the local figure is 67萬噸, which needs N ≤ 167.5: never.
    # P = 0.5 × 0.175 + 0.5 × 0 = 0.0875
    payload = simulate(_ds(tmp_path, project=True), samples=200_000, seed=2)
    r = _row(payload, "polysilicon")
    assert r["probability"] == pytest.approx(0.0875, abs=0.004)
    assert set(r["inputs"]) == {"national.polysilicon", "project.big_plant"}
    tornado = {t["input"]: t for t in r["tornado"]}
    # national pinned at 200: holds only when the project completes (0.5); at 300: never
    assert tornado["national.polysilicon"]["low"] == pytest.approx(0.5, abs=0.015)
    assert tornado["national.polysilicon"]["high"] == 0.0
    # project not built: never; built: 0.175
    assert tornado["project.big_plant"]["low"] == 0.0
    assert tornado["project.big_plant"]["high"] == pytest.approx(0.175, abs=0.012)
    assert [t["input"] for t in r["tornado"]] == ["national.polysilicon", "project.big_plant"]  # by swing


def test_bound_is_one_sided(tmp_path):
    # ">200萬噸" alone: uniform on [200, 200 × 1.25 = 250]; holds for N ≤ 217.5: P = 17.5 / 50 = 0.35
    assert BOUND_SPREAD == 0.25
    payload = simulate(_ds(tmp_path, values=(">200萬噸",)), samples=200_000, seed=3)
    r = _row(payload, "polysilicon")
    assert r["probability"] == pytest.approx(0.35, abs=0.005)
    assert r["ok_check"] is None  # check: [0, 43.5%] straddles 40%, undecided
    assert r["p95"] == pytest.approx(87 / 202.5, abs=0.002)


def test_factor_triangular_in_a_supply_link(tmp_path):
    # ratio = 79 / (87 × f) ≥ 0.75 ⟺ f ≤ 79 / 65.25 = 1.21073; f triangular(1.2, 1.23, 1.3):
    # P = (x − a)² / ((b − a)(c − a)) = 0.010728² / (0.1 × 0.03) = 0.03837
    payload = simulate(_ds(tmp_path, supply=True), samples=200_000, seed=4)
    r = _row(payload, "industrial_silicon_for_polysilicon")
    x = 79 / (87 * 0.75)
    assert r["probability"] == pytest.approx((x - 1.2) ** 2 / (0.1 * 0.03), abs=0.003)
    assert r["inputs"] == ["factor.industrial_silicon_per_polysilicon"]
    # check: the factor's whole range decides: 79 / (87 × 1.3) = 69.8% .. 79 / (87 × 1.2) = 75.7% straddles 75%
    assert r["ok_check"] is None
    chain = _row(payload, "local_supply_ratio")
    assert chain["probability"] == 1.0 and chain["kind"] == "supply"  # min(1, ratio) ≥ 60% always
    assert chain["ok_check"] is True
    assert chain["p50"] == pytest.approx(79 / (87 * 1.2434), abs=0.003)  # the triangular median ≈ 1.2434


def test_one_exact_figure_is_fixed(tmp_path):
    payload = simulate(_ds(tmp_path, values=("200萬噸",)), samples=1000)
    r = _row(payload, "polysilicon")
    assert r["deterministic"] is True and r["probability"] == 1.0 and r["tornado"] == []
    assert r["p05"] == r["p50"] == r["p95"] == pytest.approx(0.435)
    assert payload["inputs"] == []


# --------------------------------------------------------------------------------------------- contract


def test_contract_shape_and_progress():
    calls = []
    payload = simulate(load_dataset(), samples=3000, seed=5, progress=lambda d, t: calls.append((d, t)))
    assert payload["schema"] == SCHEMA and payload["samples"] == 3000 and payload["seed"] == 5
    assert calls[0] == (0, 3000) and calls[-1] == (3000, 3000)
    ids = [r["id"] for r in payload["results"]]
    assert ids == ["polysilicon", "monocrystalline_silicon", "wafers", "cells", "modules",
                   "industrial_silicon_for_polysilicon", "pv_local_supply_ratio"]
    for r in payload["results"]:
        assert set(r) >= {"id", "kind", "region", "name", "probability", "p05", "p50", "p95", "threshold",
                          "comparator", "deterministic", "ok_check", "tornado"}
        assert 0 <= r["probability"] <= 1
        swings = [t["swing"] for t in r["tornado"]]
        assert swings == sorted(swings, reverse=True)
        for t in r["tornado"]:
            assert t["input"].split(".")[0] in ("national", "factor", "project", "local")
    json.dumps(payload, allow_nan=False)


def test_verdicts_match_evaluate_and_deterministic_checks_are_0_or_1():
    ds = load_dataset()
    payload = simulate(ds, samples=2000)
    ok = {r["id"]: r["ok"] for r in evaluate(ds, Options(), kinds=("share", "supply"))["results"]}
    for r in payload["results"]:
        assert r["ok_check"] == ok[r["id"]]
        if r["deterministic"]:
            assert r["probability"] == (1.0 if r["ok_check"] else 0.0)
    assert _row(payload, "modules")["deterministic"] is True  # one exact national figure, no projects


def test_samples_1e5_and_1e6_agree():
    ds = load_dataset()
    for options in (Options(), Options(year=2023)):
        small = simulate(ds, options, samples=100_000, seed=11)
        big = simulate(ds, options, samples=1_000_000, seed=12)
        for a, b in zip(small["results"], big["results"]):
            assert a["id"] == b["id"]
            assert abs(a["probability"] - b["probability"]) < 0.01, (a["id"], a["probability"], b["probability"])


def test_overrides_fix_what_they_set():
    ds = load_dataset()
    ov = from_cli(set_=["industrial_silicon=79萬噸"], factor=["polysilicon_per_watt=2.3 g/W"],
                  drop_project=["通威三期"])
    payload = simulate(apply_overrides(ds, ov), samples=2000)
    names = {i["input"] for i in payload["inputs"]}
    assert "factor.polysilicon_per_watt" not in names
    assert "factor.industrial_silicon_per_polysilicon" in names
    assert "project.tongwei_industrial_silicon" not in names  # its target is fixed by --set
    assert "project.tongwei_phase3_polysilicon" not in names  # dropped
    assert "project.daqo_phase2_polysilicon" in names
    assert any(line.startswith("factor.polysilicon_per_watt: fixed at 2.3 g/W") for line in payload["rules"])


def test_bad_arguments():
    from capacity.errors import InputError

    ds = load_dataset()
    for bad in (0, -5, 10_000_001, 2.5, True):
        with pytest.raises(InputError):
            simulate(ds, samples=bad)
    with pytest.raises(InputError):
        simulate(ds, samples=10, seed=-1)


# --------------------------------------------------------------------------------------------- CLI


def test_same_seed_same_json(cli):
    a = cli("simulate", "--samples", "20000", "--seed", "7", "--format", "json")
    b = cli("simulate", "--samples", "20000", "--seed", "7", "--format", "json")
    c = cli("simulate", "--samples", "20000", "--seed", "8", "--format", "json", "--year", "2023")
    assert a.exit_code == b.exit_code == c.exit_code == 0, a.stderr
    assert a.stdout == b.stdout
    assert json.loads(a.stdout)["seed"] == 7
    assert json.loads(c.stdout)["seed"] == 8 and c.stdout != a.stdout


@pytest.mark.parametrize("national,expected_p,check_exit", [("200萬噸", 1.0, 0), ("300萬噸", 0.0, 1)])
def test_no_uncertain_input_matches_check(cli, national, expected_p, check_exit):
    args = ["--national", f"polysilicon={national}", "--set", "polysilicon=87萬噸"]
    res = cli("simulate", *args, "--samples", "5000", "--only", "polysilicon", "--format", "json")
    assert res.exit_code == 0, res.stderr
    r = _row(json.loads(res.stdout), "polysilicon")
    assert r["deterministic"] is True and r["probability"] == expected_p
    assert r["ok_check"] is (expected_p == 1.0)
    from capacity_cli.main import COMMANDS

    names = list(COMMANDS)
    if "check" in names:
        chk = cli("check", *args, "--only", "polysilicon")
        assert chk.exit_code == check_exit, chk.stdout + chk.stderr


def test_formats_and_only(cli):
    for fmt in ("table", "markdown", "csv"):
        res = cli("simulate", "--samples", "2000", "--format", fmt, "--year", "2023")
        assert res.exit_code == 0, res.stderr
        assert "polysilicon" in res.stdout
    res = cli("simulate", "--samples", "2000", "--format", "csv", "--only", "industrial_silicon,cells")
    lines = res.stdout.splitlines()
    assert lines[0].startswith("id,kind,region,name,probability")
    assert [line.split(",")[0] for line in lines[1:]] == ["cells", "industrial_silicon_for_polysilicon"]
    res = cli("simulate", "--samples", "2000", "--format", "table", env={"COLUMNS": "140"})
    assert "█" in res.stdout or "░" in res.stdout
    assert "uniform between" in res.stdout


@pytest.mark.parametrize("args,message", [
    (["--samples", "0"], "--samples 0 is out of range"),
    (["--samples", "10000001"], "out of range"),
    (["--seed", "-1"], "--seed -1 is negative"),
    (["--only", "polysilicn"], "not a simulated check"),
    (["--format", "xml"], "--format"),
    (["--national", "polysilicon=banana"], "banana"),
])
def test_bad_input_exits_2(cli, args, message):
    res = cli("simulate", "--samples", "100", *args) if "--samples" not in args else cli("simulate", *args)
    assert res.exit_code == 2
    assert message in res.stderr
    assert "Traceback" not in res.stdout + res.stderr


def test_table_run_from_fixture(cli, tmp_path):
    t, n = _fixture(tmp_path, project=True)
    res = cli("simulate", "-t", t, "-n", n, "--samples", "10000", "--seed", "3")
    assert res.exit_code == 0, res.stderr
    assert "big_plant" in res.stdout and "national polysilicon" in res.stdout
