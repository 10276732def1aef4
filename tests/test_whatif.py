"""What-if (issue 4): overrides, scenario files, whatif, solve and sweep."""

import json

import pytest

from conftest import row


def test_national_override_exactly_at_threshold(cli_json):
    rep, _ = cli_json("report", "--national", "polysilicon=217.5萬噸")
    r = row(rep, "polysilicon", "share")
    assert r["share"] == 0.4 and r["ok"] is True
    assert r["national"]["overridden"] == "--national polysilicon=217.5萬噸"
    rep, _ = cli_json("report", "--national", "polysilicon=217.6萬噸")
    assert row(rep, "polysilicon", "share")["ok"] is False


def test_drop_project(cli_json):
    rep, _ = cli_json("report", "--drop-project", "通威三期")
    assert row(rep, "polysilicon", "share")["local"]["magnitude"] == 670_000
    assert any("通威三期" in s for s in rep["scenario"])
    rep, _ = cli_json("report", "--drop-project", "旭陽")               # one name, four projects
    assert row(rep, "polysilicon", "share")["local"]["magnitude"] == 750_000
    assert row(rep, "wafers", "share")["local"]["magnitude"] == 48
    assert row(rep, "cells", "share")["local"]["magnitude"] == 50


def test_set_and_factor(cli_json):
    rep, _ = cli_json("report", "--set", "polysilicon=100萬噸", "--factor", "industrial_silicon_per_polysilicon=1 t/t")
    assert row(rep, "polysilicon", "share")["local"]["magnitude"] == 1_000_000
    assert row(rep, "industrial_silicon_for_polysilicon", "supply")["ratio"] == pytest.approx(0.79)


@pytest.mark.parametrize("args, phrase", [
    (["--set", "polysilicon=87GW"], "'87GW' is power but target 'polysilicon'"),
    (["--set", "polysillicon=87萬噸"], "did you mean polysilicon"),
    (["--national", "polysilicon=abc"], "not a figure"),
    (["--factor", "polysilicon_per_wat=2g/W"], "did you mean polysilicon_per_watt"),
    (["--drop-project", "通威四期"], "did you mean 通威三期"),
    (["--set", "polysilicon"], "has no '='"),
])
def test_bad_overrides_exit_2(cli, args, phrase):
    r = cli("report", *args)
    assert r.exit_code == 2 and phrase in r.stderr and "Traceback" not in r.stderr + r.stdout


def test_scenario_files_in_order(cli_json, tmp_path):
    a = tmp_path / "a.yaml"
    a.write_text("name: a\nnational:\n  polysilicon: 200萬噸\nset:\n  polysilicon: 80萬噸\n", encoding="utf-8")
    b = tmp_path / "b.yaml"
    b.write_text("name: b\nnational:\n  polysilicon: 300萬噸\n", encoding="utf-8")
    rep, _ = cli_json("report", "--scenario", a, "--scenario", b)
    r = row(rep, "polysilicon", "share")
    assert r["national"]["magnitude"] == 3_000_000 and r["local"]["magnitude"] == 800_000   # b wins, a's set stays
    rep, _ = cli_json("report", "--scenario", b, "--scenario", a)
    assert row(rep, "polysilicon", "share")["national"]["magnitude"] == 2_000_000
    rep, _ = cli_json("report", "--scenario", b, "--national", "polysilicon=250萬噸")      # command line last
    assert row(rep, "polysilicon", "share")["national"]["magnitude"] == 2_500_000


def test_bad_scenario_file(cli, tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("name: x\nnational:\n  polysilicon: 3 GW\n", encoding="utf-8")
    r = cli("report", "--scenario", bad)
    assert r.exit_code == 2 and f"{bad}:3:16" in r.stderr and "mass" in r.stderr
    bad.write_text("name: x\nsett:\n  polysilicon: 3萬噸\n", encoding="utf-8")
    r = cli("report", "--scenario", bad)
    assert r.exit_code == 2 and f"{bad}:2:1" in r.stderr and "did you mean set" in r.stderr


def test_save_scenario_round_trip(cli, cli_json, tmp_path):
    out = tmp_path / "s.yaml"
    r = cli("report", "--national", "polysilicon=217.5萬噸", "--drop-project", "通威三期", "--save-scenario", out,
            "--format", "json")
    assert out.exists() and "通威三期" in out.read_text(encoding="utf-8")
    rep, _ = cli_json("report", "--scenario", out)
    def numbers(results):
        return [(x["id"], x["kind"], x["ok"], x.get("share"), x.get("ratio")) for x in results]

    assert numbers(json.loads(r.stdout)["results"]) == numbers(rep["results"])
    assert row(rep, "polysilicon", "share")["local"]["magnitude"] == 670_000
    assert cli("validate", out).exit_code == 0


def test_no_override_touches_the_data(cli, tmp_path):
    from capacity.load import bundled_path
    before = bundled_path("targets.yaml").read_bytes()
    cli("report", "--set", "polysilicon=1萬噸", "--drop-project", "通威三期")
    assert bundled_path("targets.yaml").read_bytes() == before


def test_whatif_flips(cli_json):
    rep, code = cli_json("whatif", "--national", "polysilicon=217.5萬噸")
    r = row(rep, "polysilicon", "share")
    assert (r["baseline"], r["scenario"]) == (pytest.approx(870_000 / 3_231_000), 0.4)
    assert r["flipped"] and r["ok_baseline"] is False and r["ok_scenario"] is True
    assert "polysilicon" in rep["flipped"]
    assert code == 1                                    # other claims still fail in the scenario


def test_whatif_needs_an_override(cli):
    r = cli("whatif")
    assert r.exit_code == 2 and "needs at least one override" in r.stderr


def test_solve(cli_json):
    rep, code = cli_json("solve", "polysilicon")
    s = rep["results"][0]
    assert code == 0 and s["headroom"] == {"magnitude": 2_175_000, "unit": "t"}
    assert s["needed_local"]["magnitude"] == pytest.approx(1_292_400)     # 0.4 × 3,231,000
    rep, _ = cli_json("solve", "polysilicon", "--national", "330萬噸")
    assert rep["results"][0]["needed_local"]["magnitude"] == pytest.approx(1_320_000)
    rep, _ = cli_json("solve", "industrial_silicon")
    sup = rep["results"][0]
    assert sup["needed_supply"]["magnitude"] == pytest.approx(0.8 * 870_000 * 1.23)
    # ratio = 790000 / (870000 f) = 0.8  →  f = 790000 / (0.8 × 870000)
    assert sup["break_even_factor"]["magnitude"] == pytest.approx(790_000 / (0.8 * 870_000))


def test_sweep_crossing(cli, cli_json):
    rep, _ = cli_json("sweep", "national.polysilicon", "200萬噸", "400萬噸", "--steps", "9")
    assert rep["values"][0] == 2_000_000 and rep["values"][-1] == 4_000_000 and len(rep["values"]) == 9
    r = next(x for x in rep["results"] if x["id"] == "polysilicon" and x["kind"] == "share")
    assert r["crossings"][0]["value"] == 2_175_000 and r["crossings"][0]["method"] == "closed form"
    assert r["ok"][0] is True and r["ok"][1] is False
    table = cli("sweep", "national.polysilicon", "200萬噸", "400萬噸", "--steps", "9").stdout
    assert "217.5萬噸" in table and "(萬噸)" in table and "threshold" in table
    si = cli("sweep", "national.polysilicon", "200萬噸", "400萬噸", "--steps", "9", "--units", "si").stdout
    assert "2,175,000 t" in si


def test_sweep_factor_and_chain(cli_json):
    rep, _ = cli_json("sweep", "factor.industrial_silicon_per_polysilicon", "1 t/t", "1.3 t/t", "--steps", "4")
    r = next(x for x in rep["results"] if x["id"] == "industrial_silicon_for_polysilicon")
    assert r["crossings"][0]["value"] == pytest.approx(790_000 / (0.8 * 870_000))
    rep, _ = cli_json("sweep", "target.industrial_silicon", "10萬噸", "100萬噸", "--steps", "4")
    chain = next(x for x in rep["results"] if x["id"] == "pv_local_supply_ratio")
    # chain mean = (min(1, S/1,070,100) + 4 × 1) / 5 = 0.6  →  S = 0  (no crossing above 0); link flips at 856,080 t
    assert chain["crossings"] == []
    link = next(x for x in rep["results"] if x["id"] == "industrial_silicon_for_polysilicon")
    assert link["crossings"][0]["value"] == pytest.approx(0.8 * 870_000 * 1.23)


def test_sweep_bad_param(cli):
    r = cli("sweep", "national.polysilicone", "1t", "2t")
    assert r.exit_code == 2 and "did you mean polysilicon" in r.stderr
    r = cli("sweep", "national.polysilicon", "1GW", "2GW")
    assert r.exit_code == 2 and "mass" in r.stderr
