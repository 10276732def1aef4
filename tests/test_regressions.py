"""Regressions found by an independent review: each test pins a bug that once shipped."""


import pytest

import capacity
from conftest import row


def test_factor_written_in_percent_is_not_scaled_twice(cli, cli_json):
    rep, code = cli_json("check", "--only", "industrial_silicon_for_polysilicon",
                         "--factor", "industrial_silicon_per_polysilicon=123%")
    r = row(rep, "industrial_silicon_for_polysilicon", "supply")
    assert r["ratio"] == pytest.approx(790_000 / (870_000 * 1.23)) and r["ok"] is False and code == 1
    assert r["factor"]["magnitude"] == 123 and r["factor"]["unit"] == "%"
    rep, _ = cli_json("solve", "industrial_silicon", "--factor", "industrial_silicon_per_polysilicon=123%")
    assert rep["results"][0]["break_even_factor"]["magnitude"] == pytest.approx(100 * 790_000 / (0.8 * 870_000))


def test_sweep_of_a_factor_in_its_own_unit(cli_json):
    rep, _ = cli_json("sweep", "factor.industrial_silicon_per_polysilicon", "1t/t", "1.3t/t", "--steps", "7")
    assert rep["unit"] == "t/t" and rep["values"][0] == 1 and rep["values"][-1] == 1.3
    r = next(x for x in rep["results"] if x["id"] == "industrial_silicon_for_polysilicon")
    assert r["values"][0] == pytest.approx(790_000 / 870_000) and r["ok"][0] is True and r["ok"][-1] is False
    c = r["crossings"][0]
    assert (c["ok_below"], c["ok_above"]) == (True, False)


def test_sweep_keeps_share_and_progress_apart(cli, cli_json):
    rep, _ = cli_json("sweep", "target.polysilicon", "50萬噸", "150萬噸", "--steps", "3")
    share = next(x for x in rep["results"] if x["id"] == "polysilicon" and x["kind"] == "share")
    assert share["values"][0] == pytest.approx(500_000 / 3_231_000)
    assert (share["crossings"][0]["ok_below"], share["crossings"][0]["ok_above"]) == (False, True)
    link = next(x for x in rep["results"] if x["id"] == "industrial_silicon_for_polysilicon")
    # polysilicon is the demand here: ratio = 790,000 / (D × 1.23) = 0.8 at D = 802,846 t
    assert link["crossings"][0]["value"] == pytest.approx(790_000 / (1.23 * 0.8))
    table = cli("sweep", "target.polysilicon", "50萬噸", "150萬噸", "--steps", "3").stdout
    assert "(share) [≥40%]" in table and "15.5% ✗" in table
    assert "(progress)" not in table       # progress compares observations with the document's goal: unmoved


def test_sweep_finds_where_a_bounded_share_becomes_undecidable(cli_json):
    # >1000GW is unverified: asked for by --source (issue 22 item 8)
    rep, _ = cli_json("sweep", "target.wafers", "80GW", "200GW", "--steps", "4", "--source", "commentary")
    share = next(x for x in rep["results"] if x["id"] == "wafers" and x["kind"] == "share")
    c = share["crossings"][0]
    assert c["value"] == pytest.approx(150) and (c["ok_below"], c["ok_above"]) == (False, None)


def test_sweep_refuses_an_empty_range(cli):
    r = cli("sweep", "national.polysilicon", "200萬噸", "200萬噸")
    assert r.exit_code == 2 and "the same" in r.stderr


def test_narrow_terminal_never_crops_numbers(cli, monkeypatch):
    monkeypatch.setenv("COLUMNS", "80")
    out = cli("report", "--units", "si").stdout
    assert "870,000" in out and "3,231,000" in out and "2,175,000" in out and "FAIL" in out
    out = cli("report").stdout  # the document's units (default): 87萬噸 against 323.1萬噸, headroom 217.5萬噸
    assert "Unit: 萬噸" in out and "323.1" in out and "217.5" in out


def test_whatif_shows_bounded_and_rollup_changes(cli_json):
    rep, _ = cli_json("whatif", "--set", "wafers=100GW", "--source", "commentary")  # >1000GW: unverified
    share = row(rep, "wafers", "share")
    assert share["changed"] and share["scenario_range"][1] == pytest.approx(0.1)
    assert row(rep, "wafers_projects", "rollup")["changed"]


def test_progress_does_not_decide_the_exit_code(cli):
    args = ["--national", "polysilicon=200萬噸", "--national", "monocrystalline_silicon=600GW", "--national",
            "wafers=500GW", "--national", "cells=500GW", "--national", "modules=300GW", "--factor",
            "industrial_silicon_per_polysilicon=1t/t"]
    assert cli("check", *args).exit_code == 0
    assert cli("report", *args).exit_code == 0


def test_drop_project_keeps_the_documents_goal(cli_json):
    rep, _ = cli_json("report", "--drop-project", "通威三期")
    prog = row(rep, "polysilicon", "progress")
    assert prog["goal"]["magnitude"] == 870_000 and prog["remaining"]["magnitude"] == 395_000


def test_drop_a_company_and_drop_twice(cli_json, tmp_path):
    rep, _ = cli_json("report", "--drop-project", "通威")
    assert row(rep, "polysilicon", "share")["local"]["magnitude"] == 670_000        # 通威三期
    assert row(rep, "industrial_silicon", "share")["local"]["magnitude"] == 490_000  # 通威 工業硅 30萬噸
    rep, code = cli_json("whatif", "--scenario", "examples/tongwei-slips.yaml", "--drop-project", "通威三期")
    assert row(rep, "polysilicon", "share")["scenario"] == pytest.approx(670_000 / 2_300_000)
    assert any("already dropped" in s for s in rep["scenario"])


@pytest.fixture(autouse=True)
def _repo_cwd(monkeypatch):
    from conftest import REPO
    monkeypatch.chdir(REPO)


def test_progress_after_the_target_year_is_no_verdict(cli_json):
    rep, _ = cli_json("report")
    r = row(rep, "energy_storage", "progress")
    assert r["ok"] is None and "after the target year" in r["verdict_reason"]
    assert row(rep, "rare_earth_output_value", "progress")["ok"] is True       # ≥1000億元 in 2024


def test_unknown_source_and_ignored_override_are_input_errors(cli):
    r = cli("report", "--source", "nosuchsource")
    assert r.exit_code == 2 and "no national figure has a source containing 'nosuchsource'" in r.stderr
    r = cli("sources", "--national", "polysilicon=100萬噸")
    assert r.exit_code == 2 and "does not apply" in r.stderr


def test_library_functions_take_strings_and_raise_input_errors():
    assert capacity.headroom("87萬噸", "40%").to("t").magnitude == pytest.approx(2_175_000)
    with pytest.raises(capacity.InputError, match="dimensions differ"):
        capacity.share("87萬噸", "87GW")


def test_html_denominators_carry_their_notes(cli, tmp_path):
    out = tmp_path / "r.html"
    cli("report", "--html", out, "--samples", "0", "--lang", "en")
    text = out.read_text(encoding="utf-8")
    top = text[: text.index("<h2")] if "<h2" in text else text
    assert "proxy" in top.lower()                 # monocrystalline silicon's wafer proxy is named


# --- second review ---------------------------------------------------------------------------------


@pytest.mark.parametrize("args", [["report", "--set", "polysilicon=0t"], ["check", "--set", "modules=0GW"],
                                  ["solve", "industrial_silicon", "--set", "polysilicon=0t"],
                                  ["sweep", "target.modules", "0GW", "40GW", "--steps", "3"]])
def test_a_zero_local_figure_is_not_a_crash(cli, args):
    r = cli(*args)
    assert r.exit_code in (0, 1) and "internal error" not in r.stderr, r.stderr


def test_a_closed_pipe_keeps_the_exit_code(tmp_path):
    import os
    import subprocess
    import sys
    from conftest import REPO
    for fmt in ("text", "json", "github"):
        script = f"{sys.executable} -m capacity check --format {fmt} | head -c 1 > /dev/null; echo ${{PIPESTATUS[0]}}"
        status = subprocess.run(["bash", "-c", script], cwd=tmp_path, capture_output=True, text=True,
                                env={**os.environ, "PYTHONPATH": str(REPO)})
        assert status.stdout.strip() == "1", (fmt, status.stdout, status.stderr)
        assert "Traceback" not in status.stderr


def test_drop_then_set_means_the_set_figure(cli_json):
    rep, _ = cli_json("report", "--set", "polysilicon=80萬噸", "--drop-project", "通威三期")
    assert row(rep, "polysilicon", "share")["local"]["magnitude"] == 800_000


def test_csv_has_no_always_empty_columns(cli):
    import csv
    import io
    rows = list(csv.DictReader(io.StringIO(cli("report", "--format", "csv").stdout)))
    assert "gap" not in rows[0] and "gap.magnitude" in rows[0]
    for col in rows[0]:
        assert any(r[col] != "" for r in rows), col
    header = cli("sources", "--format", "csv").stdout.splitlines()[0].split(",")
    assert "magnitude.magnitude" not in header and "quantity" in header


def test_denominators_stay_within_the_target_year(cli_json):
    rep, _ = cli_json("report")
    assert all(r["national"]["year"] <= 2024 for r in rep["results"] if r["kind"] == "share" and r.get("national"))
    mag = row(rep, "magnetic_materials", "share")  # only 2023 production up to 2024: not like capacity
    assert mag["national"] is None and "only production" in mag["note"]


def test_an_overridden_factor_is_not_the_datas_estimate(cli_json):
    rep, _ = cli_json("report", "--factor", "industrial_silicon_per_polysilicon=1.2t/t")
    f = row(rep, "industrial_silicon_for_polysilicon", "supply")["factor"]
    assert f["estimate"] is False and f["derived"] is False and f["overridden"]


def test_the_flip_point_is_not_rounded_across_the_threshold(cli):
    out = cli("sweep", "factor.industrial_silicon_per_polysilicon", "1t/t", "1.3t/t", "--steps", "7").stdout
    assert "= 1.13506 t/t" in out
