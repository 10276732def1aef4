"""Verdicts an analyst can defend (issue 13): the right denominator, ranges that decide, units that
mean one thing. Every number below is worked by hand from data/national.yaml."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from conftest import row

REPO = Path(__file__).resolve().parent.parent
NATIONAL = REPO / "data" / "national.yaml"


def reconcile_json(cli, *ids):
    r = cli("reconcile", *ids, "--format", "json")
    assert r.exit_code == 0, r.stderr
    return {it["id"]: it for it in json.loads(r.stdout)["reconcile"]}


# ------------------------------------------------------------------ 1. installations are not module capacity


def test_reconcile_modules_has_no_verdict_against_installations(cli):
    mods = reconcile_json(cli, "modules")["modules"]
    assert all(r["national"]["basis"] != "installed" for r in mods["rows"])
    texts = [r["national"]["text"] for r in mods["rows"]]
    assert "887GW" not in texts and "609.49GW" not in texts and "277.57GW" not in texts
    # 37GW against: 288.7GW (MIIT 2022 output, before the 2024 document), >499GW and 588GW (production,
    # not the claim's capacity basis), 514GW (Jan–Oct 2025): context; 1120GW (2024 capacity) 3.3% FAIL
    assert texts == ["288.7GW", ">499GW", "1120GW", "588GW", "514GW"]
    assert (mods["holds_on"], mods["fails_on"], mods["context_rows"]) == (0, 1, 4)
    out = cli("reconcile", "modules").stdout
    assert "installed" not in out


def test_installations_are_their_own_quantity(cli):
    r = cli("sources", "pv_installations", "--format", "json")
    assert r.exit_code == 0
    figs = json.loads(r.stdout)["quantities"][0]["figures"]
    assert [f["value"] for f in figs] == [">87GW", "609.49GW", "216.88GW", "887GW", "277.57GW"]
    assert {f["basis"] for f in figs} == {"installed"}


def test_basis_installed_never_divides_module_capacity_by_installed_panels(cli_json):
    rep, _ = cli_json("report", "--basis", "installed")
    m = row(rep, "modules", "share")
    # no installed figure for modules: capacity 1120GW is used, and said; 37 / 1120 = 3.3%
    assert m["national"]["text"] == "1120GW" and m["national"]["basis"] == "capacity"
    assert "no installed figure" in m["national"]["fallback"]
    assert m["share"] == pytest.approx(37 / 1120)


# ------------------------------------------------------------------ 2. scope


def test_listed_firms_plan_is_not_a_national_denominator(cli, cli_json):
    rep, _ = cli_json("report", "--year", "2023")
    m = row(rep, "magnetic_materials", "share")
    # the only national figure is 2023 production (24万吨): not like capacity, so no share (issue 22 item 5)
    assert m["national"] is None and m["share"] is None and "only production" in m["note"]
    rep, _ = cli_json("report", "--scope", "listed_firms")
    m = row(rep, "magnetic_materials", "share")
    assert m["national"]["text"] == "20万吨" and m["national"]["scope"] == "listed_firms"  # asked for: 75%
    assert m["share"] == pytest.approx(0.75)
    r = cli("sources", "magnets")
    assert "scope listed_firms" in r.stdout


# ------------------------------------------------------------------ 3. partial years and later years


def test_partial_years_are_context_in_reconcile(cli):
    poly = reconcile_json(cli, "polysilicon")["polysilicon"]
    partial = [r for r in poly["rows"] if r["national"]["period"] in ("H1 2024", "Jan–Oct 2024", "H1 2025",
                                                                       "Jan–Oct 2025")]
    assert len(partial) == 5
    assert all(r["status"] == "info" and r["ok"] is None and r["context"] for r in partial)
    # 87萬噸 / 158万吨 (Jan–Oct 2024) = 55.1%: shown, but no PASS
    jan_oct = next(r for r in partial if r["national"]["text"] == "158万吨")
    assert jan_oct["share"] == pytest.approx(87 / 158)
    # figures that measure the claim (issue 22): end-2023/2024 national verified capacity: holds on 210万吨,
    # fails on 230 and 323.1万吨; the other 14 are context
    assert (poly["holds_on"], poly["fails_on"], poly["context_rows"]) == (1, 2, 14)
    out = cli("reconcile", "polysilicon").stdout
    for line in out.splitlines():
        if "H1 202" in line or "Jan–Oct" in line:
            assert "PASS" not in line and "FAIL" not in line and "context" in line


# ------------------------------------------------------------------ 4. then and now


def test_share_rows_carry_the_figure_known_when_issued(cli_json):
    """Issue 22 item 2: "known when issued" is what was published by the issue date (2024-01-01). The
    end-2023 230万吨 (published 2024-07-01) and 210万吨 (2024-04-07) were not; the end-2022 1.2 Mt is
    unverified with no date; the newest capacity figure published by then is end-2021's 51.9万吨
    (2022-05-24): 87 / 51.9 = 167.6%."""
    rep, code = cli_json("report")
    assert code == 1
    p = row(rep, "polysilicon", "share")
    assert p["national"]["text"] == "323.1万吨" and p["share"] == pytest.approx(870 / 3231)  # 26.9%, target year
    then = p["then"]
    assert then["issued"] == "2024-01-01"
    assert then["national"]["text"] == "51.9万吨" and then["national"]["period"] == "end-2021"
    assert then["national"]["published_on"] == "2022-05-24"
    assert then["share"] == pytest.approx(87 / 51.9) and then["status"] == "pass"
    assert all(o["national"]["text"] not in ("230万吨", "210万吨") for o in then["others"])


def test_nothing_published_by_the_issue_date_is_said_on_the_row(tmp_path, cli_json):
    """A document issued 2021-01-01: no polysilicon figure on file was published by then (the earliest,
    51.9万吨, on 2022-05-24), so the then row has no figure and says so (none_published_by)."""
    src = Path("data/targets.yaml").read_text(encoding="utf-8").replace('issued: "2024-01-01"',
                                                                         'issued: "2021-01-01"')
    f = tmp_path / "t.yaml"
    f.write_text(src, encoding="utf-8")
    rep, _ = cli_json("report", "--targets", f)
    then = row(rep, "polysilicon", "share")["then"]
    assert then["national"] is None
    assert then["note"] == "no figure on file was published by 2021-01-01"
    rep, _ = cli_json("check", "--targets", f, "--denominator", "issued")
    p = row(rep, "polysilicon", "share")  # nothing known then: the target year's figure, said so
    assert p["national"]["text"] == "323.1万吨" and "not_known_at_issue" in p["national"]["fallback_codes"]


def test_report_table_shows_then_and_now_side_by_side_with_sources(cli):
    out = cli("report").stdout
    i = out.index("Then and now")
    block = out[i:out.index("Local supply")]
    line = next(x for x in block.splitlines() if x.startswith("polysilicon "))
    assert "51.9万吨" in line and "167.6%" in line and "323.1万吨" in line and "26.9%" in line
    flat = " ".join(block.split())
    assert "167.6% PASS against 51.9万吨 (end-2021, capacity, CPIA" in flat
    assert "230万吨" not in flat and "210万吨" not in flat  # published after 2024-01-01
    assert "26.9% FAIL against 323.1万吨 (end-2024, capacity, 中国有色金属工业协会硅业分会" in flat
    assert max(len(x) for x in out.splitlines()) <= 120


def test_check_denominator_flag(cli):
    r = cli("check", "--only", "polysilicon", "--format", "json", "--denominator", "issued")
    rep = json.loads(r.stdout)
    p = row(rep, "polysilicon", "share")
    assert p["national"]["text"] == "51.9万吨" and p["share"] == pytest.approx(87 / 51.9)
    assert p["target_year"]["national"]["text"] == "323.1万吨"
    assert rep["options"]["denominator"] == "issued" and r.exit_code == 0  # 167.6% ≥ 40%
    assert cli("check", "--denominator", "then").exit_code == 2


# ------------------------------------------------------------------ 5. better-sourced first


def test_named_source_preferred_and_weak_sources_said(cli_json):
    rep, _ = cli_json("report", "--year", "2022")
    p = row(rep, "polysilicon", "share")
    # end-2022: DBM's 120万吨 could not be found in its cited page and is marked unverified, so it ranks as a
    # weak source and is not preferred; the unnamed but verified 116.3万吨 is used: 87 / 116.3 = 74.81%
    assert p["national"]["text"] == "116.3万吨" and p["share"] == pytest.approx(0.748065, abs=1e-6)
    assert p["national"]["weak_source"] is True
    rep, _ = cli_json("report")
    cells = row(rep, "cells", "share")
    assert cells["national"]["weak_source"] is True and "weak source" in cells["national"]["fallback"]
    assert row(rep, "polysilicon", "share")["national"]["weak_source"] is False


# ------------------------------------------------------------------ 6. ranges decide


def _national_with(tmp_path, value, low, high):
    text = NATIONAL.read_text(encoding="utf-8")
    old = "    value: 1.23 t/t\n    low: 1.23 t/t\n    high: 1.3 t/t\n    physical_bound: 1.02 t/t\n"
    assert old in text
    p = tmp_path / "national.yaml"
    p.write_text(text.replace(old, f"    value: {value}\n    low: {low}\n    high: {high}\n"), encoding="utf-8")
    return p


def test_supply_verdict_is_undecided_exactly_when_the_factor_range_straddles_break_even(cli, tmp_path):
    # break-even: 790,000 / (870,000 × 0.8) = 1.135 t/t
    rid = "industrial_silicon_for_polysilicon"
    rep = json.loads(cli("check", "--only", rid, "--format", "json").stdout)
    r = rep["results"][0]
    # the range is reported figures, 1.23 (2023 apparent) .. 1.3 (2012 process), wholly above 1.135:
    # 79 / (87 × 1.3) = 69.85% .. 79 / (87 × 1.23) = 73.82%, below 80%: FAIL (the physical floor 1.02 t/t
    # is documented beside the range and is not an end of it)
    assert r["status"] == "fail"
    assert r["ratio_range"] == [pytest.approx(79 / (87 * 1.3)), pytest.approx(79 / (87 * 1.23))]
    assert r["ratio_range"] == [pytest.approx(0.69850, abs=5e-6), pytest.approx(0.73825, abs=5e-6)]
    # 1.15..1.3 lies above the break-even: at best 79 / (87 × 1.15) = 78.96% < 80%: FAIL
    res = cli("check", "--only", rid, "--national", _national_with(tmp_path, "1.2 t/t", "1.15 t/t", "1.3 t/t"))
    assert res.exit_code == 1
    # 1.02..1.13 lies below it: at worst 79 / (87 × 1.13) = 80.36% ≥ 80%: PASS
    (tmp_path / "b").mkdir()
    res = cli("check", "--only", rid, "--national", _national_with(tmp_path / "b", "1.1 t/t", "1.02 t/t", "1.13 t/t"),
              "--format", "json")
    assert res.exit_code == 0 and json.loads(res.stdout)["results"][0]["status"] == "pass"
    # an override fixes the factor: 79 / (87 × 1.23) = 73.8%: FAIL
    assert cli("check", "--only", rid, "--factor", "industrial_silicon_per_polysilicon=1.23 t/t").exit_code == 1


def test_sources_show_the_range_and_its_sources(cli):
    out = " ".join(cli("sources").stdout.split())
    assert "1.23 t/t – 1.3 t/t" in out and "1.02 t/t – 1.3 t/t" not in out
    assert "industrial_silicon_per_polysilicon: 1.3 t/t [high] (中国有色金属工业协会硅业分会" in out
    assert "http://abrasivesunion.com/information/show_detail/13239" in out
    assert "industrial_silicon_per_polysilicon: 1.23 t/t [low, value] (derived from SMM and 硅业分会, 2023)" in out
    assert "industrial_silicon_per_polysilicon: 1.02 t/t [low]" not in out  # the physical floor is no end
    f = {x["id"]: x for x in json.loads(cli("sources", "--format", "json").stdout)["factors"]}
    si = f["industrial_silicon_per_polysilicon"]
    assert (si["low"], si["high"], si["physical_bound"]) == ("1.23 t/t", "1.3 t/t", "1.02 t/t")


def test_simulate_gives_the_probability_of_the_factor_range(cli):
    # only the factor varies (the local figures fixed), triangular(low 1.23, mode 1.23, high 1.3).
    # 79萬噸: the claim holds for a factor ≤ 79 / (0.8 × 87) = 1.135 t/t, below the whole range: P = 0
    r = cli("simulate", "--only", "industrial_silicon", "--set", "industrial_silicon=79萬噸", "--set",
            "polysilicon=87萬噸", "--samples", "20000", "--format", "json")
    (x,) = json.loads(r.stdout)["results"]
    assert x["probability"] == 0.0 and x["ok_check"] is False
    # 87萬噸: holds for a factor ≤ 87 / (0.8 × 87) = 1.25 t/t; with the mode at the low end,
    # P = 1 − (1.3 − 1.25)² / ((1.3 − 1.23)(1.3 − 1.23)) = 1 − 0.0025 / 0.0049 = 0.4898
    r = cli("simulate", "--only", "industrial_silicon", "--set", "industrial_silicon=87萬噸", "--set",
            "polysilicon=87萬噸", "--samples", "200000", "--format", "json")
    (x,) = json.loads(r.stdout)["results"]
    assert x["probability"] == pytest.approx(0.4898, abs=0.004)
    assert x["ok_check"] is None


# ------------------------------------------------------------------ 7. counting words


@pytest.mark.parametrize("figure,unit", [("38家", "人"), ("25座", "家"), ("2000臺", "人"), ("30個", "家"),
                                         ("10項", "座"), ("38家", "t")])
def test_counting_words_do_not_convert_into_one_another(cli, figure, unit):
    r = cli("convert", figure, unit)
    assert r.exit_code == 2 and "Traceback" not in r.stderr
    assert "the dimensions differ" in r.stderr


def test_counting_words_convert_within_their_kind(cli):
    assert cli("convert", "2000臺", "台").stdout.strip() == "2000台"
    assert cli("convert", "30個", "項").stdout.strip() == "30項"  # generic words: items of any kind
    assert cli("convert", "1.2萬人", "名").stdout.strip() == "12000名"
    assert "count of firms" in cli("convert", "38家", "人").stderr
    assert cli("validate").exit_code == 0  # the bundled targets (家 臺 座 個 項 人 件) still load


# ------------------------------------------------------------------ 8. display and years


def test_targets_table_shows_a_range(cli):
    out = cli("targets", "--search", "3~5", "--no-projects").stdout
    assert "3~5 家" in out


@pytest.mark.parametrize("year", ["20233", "2010", "-5", "0", "99999"])
def test_year_outside_the_data_exits_2_naming_the_years(cli, year):
    r = cli("report", "--year", year)
    assert r.exit_code == 2 and "Traceback" not in r.stderr
    assert f"--year {year}" in r.stderr and "2018, 2019, 2020, 2021, 2022, 2023, 2024, 2025" in r.stderr
    for cmd in (("check",), ("simulate", "--samples", "10"), ("solve", "polysilicon")):
        assert cli(*cmd, "--year", year).exit_code == 2


def test_year_fallback_is_said_on_stderr(cli):
    r = cli("report", "--year", "2021")
    assert r.exit_code == 1
    assert "note: modules: no 2021 figure; used 2024 (1120GW, 2024)" in r.stderr
    # polysilicon has end-2021 capacity: 87 / 51.9 = 167.6%, no fallback
    assert "note: polysilicon" not in r.stderr
    assert cli("report").stderr == ""


# ------------------------------------------------------------------ 9. data the notes have


def test_new_figures_are_on_file_with_sources(cli):
    q = {x["id"]: x for x in json.loads(cli("sources", "--format", "json").stdout)["quantities"]}

    def fig(qid, year, basis, period=None):
        (f,) = [f for f in q[qid]["figures"] if f["year"] == year and f["basis"] == basis
                and (period is None or f["period"] == period)]
        assert f["url"] or f["derived"]
        return f

    assert fig("polysilicon", 2021, "capacity")["value"] == "51.9万吨"
    assert fig("polysilicon", 2021, "production")["value"] == "50.5万吨"
    assert fig("polysilicon", 2022, "production")["value"] == "82.7万吨"  # MIIT
    assert fig("wafers", 2022, "production", "2022")["value"] == "357GW"
    assert fig("cells", 2022, "production")["value"] == "318GW"
    assert fig("modules", 2022, "production")["value"] == "288.7GW"
    si = fig("industrial_silicon", 2023, "capacity")
    # SMM's end-July 2024 678万吨 less under 40万吨 commissioned by then: 638..678万吨, an estimate
    assert si["value"] == "638~678万吨" and si["derived"] and si["estimate"]
    assert si["parsed"] == {"magnitude": 6_380_000.0, "unit": "t", "high": 6_780_000.0}
    assert si["published_on"] == "2024-09-03"
    added = [f for f in q["energy_storage"]["figures"] if f["period"].endswith(" additions")]
    assert [(f["year"], f["value"]) for f in added] == [(2023, "48.7 GWh"), (2024, "101.13 GWh")]  # 168 − 66.87


def test_html_names_the_figure_known_when_issued(cli, tmp_path):
    out = tmp_path / "r.html"
    res = cli("report", "--html", out, "--lang", "en", "--samples", "0", "--format", "json")
    assert res.exit_code == 1
    text = out.read_text(encoding="utf-8")
    assert "known when issued: 51.9万吨 (end-2021, CPIA" in text  # 87 / 51.9 = 167.6%, published 2022-05-24


def test_later_year_fallback_takes_the_nearest_later_year(cli_json):
    """Issue 22 item 4: Inner Mongolia's 2014 plan targets 2020; no polysilicon figure is for 2020 or
    before, so the nearest later year, end-2021 (51.9万吨): 10 / 51.9 = 19.3%, not end-2024's 3.1%."""
    rep, _ = cli_json("report", "--targets", "examples/regions/inner-mongolia-2014.yaml")
    p = row(rep, "polysilicon", "share")
    assert p["national"]["text"] == "51.9万吨" and p["national"]["year"] == 2021
    assert p["share"] == pytest.approx(10 / 51.9)
    assert "nearest_later_year" in p["national"]["fallback_codes"]
    assert p["national"]["fallback"] == "no figure up to 2020; used the nearest later year, 2021"
