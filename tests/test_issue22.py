"""Issue 22 (round two of defensible verdicts): each rule with numbers worked out by hand."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from conftest import row

BAOTOU_2023 = "examples/regions/baotou-2023.yaml"


# ------------------------------------------------------------------ 1. about is two-sided


def test_about_far_above_is_above_not_pass(cli, cli_json):
    """约40% against end-2022 capacity (116.3万吨; the 1.2 Mt figure is unverified): 87 / 116.3 = 74.8%,
    more than 2.5 pp above 40%: ABOVE, exit 0; --strict exits 1. --national 87萬噸: 100%, ABOVE too."""
    rep, code = cli_json("check", "--targets", BAOTOU_2023, "--year", "2022", "--only", "polysilicon")
    p = row(rep, "polysilicon", "share")
    assert p["share"] == pytest.approx(87 / 116.3) and p["status"] == "above" and p["ok"] is True
    assert code == 0 and rep["summary"]["above"] == 1 and rep["summary"]["pass"] == 1  # the rollup passes
    assert "more than 2.5 pp above about 40%: more than the text says" in p["note"]
    _, code = cli_json("check", "--targets", BAOTOU_2023, "--year", "2022", "--only", "polysilicon", "--strict")
    assert code == 1
    rep, _ = cli_json("check", "--targets", BAOTOU_2023, "--national", "polysilicon=87萬噸", "--only", "polysilicon")
    assert row(rep, "polysilicon", "share")["status"] == "above"  # 100%
    # within: 87 / 230 = 37.8%, 2.2 pp below 40% (≤ 2.5): about, a pass
    rep, _ = cli_json("check", "--targets", BAOTOU_2023, "--only", "polysilicon")
    p = row(rep, "polysilicon", "share")
    assert p["status"] == "pass" and p["about"] is True


@pytest.mark.parametrize("fmt,word", [("table", "ABOVE"), ("markdown", "ABOVE"), ("github", "above"),
                                      ("junit", "above: more than the text says"), ("json", '"above"'),
                                      ("csv", ",above,")])
def test_above_shown_in_every_format(cli, fmt, word):
    res = cli("check", "--targets", BAOTOU_2023, "--year", "2022", "--only", "polysilicon", "--format", fmt)
    assert res.exit_code == 0
    assert word in res.stdout
    if fmt != "json":
        assert "1 above (more than the text says)" in res.stdout + res.stderr


def test_above_in_html_and_xlsx(cli, tmp_path):
    out = tmp_path / "r.html"
    cli("report", "--targets", BAOTOU_2023, "--year", "2022", "--html", out, "--samples", "0", "--lang", "en")
    text = out.read_text(encoding="utf-8")
    assert "above: more than the text says" in text and "row-above" in text
    x = tmp_path / "r.xlsx"
    cli("report", "--targets", BAOTOU_2023, "--year", "2022", "--format", "xlsx", "-o", x)
    from openpyxl import load_workbook

    wb = load_workbook(x)
    cells = [c.value for ws in wb.worksheets for r in ws.iter_rows() for c in r]
    assert "ABOVE" in cells or "above" in cells


# ------------------------------------------------------------------ 9. rollups: both ways, at the written precision

REGION = """\
schema_version: 1
region:
  id: testville
  name: 測試市
  name_en: Testville
  target_year: 2025
targets:
  - id: total
    name: 總量
    name_en: Total
    figure: {total}
    comparator: {cmp}
    measure: capacity
  - id: part_a
    name: 甲
    name_en: A
    figure: {a}
    comparator: reach
    measure: capacity
  - id: part_b
    name: 乙
    name_en: B
    figure: {b}
    comparator: reach
    measure: capacity
rollups:
  - id: total_parts
    total: total
    parts: [part_a, part_b]
"""


@pytest.mark.parametrize("total,cmp,a,b,status", [
    # 87 against 50 + 37.04 = 87.04: within half a unit of each written last digit (0.5 + 0.5 + 0.005)
    ("87萬噸", "reach", "50萬噸", "37.04萬噸", "pass"),
    # 达到 100 against 300 + 300 = 600: the parts exceed the stated total far beyond 0.5+0.5+0.5: flagged
    ("100萬噸", "reach", "300萬噸", "300萬噸", "fail"),
    # 以上 100 against 600: a floor, exceeded is consistent
    ("100萬噸", "at_least", "300萬噸", "300萬噸", "pass"),
    # at most 1000 against 400.2 + 600.3 = 1000.5 (0.05%): within 0.5 + 0.05 + 0.05 = 0.6
    ("1000萬噸", "at_most", "400.2萬噸", "600.3萬噸", "pass"),
    # at most 1000 against 1001.5: 1.5 over, beyond 0.6
    ("1000萬噸", "at_most", "400.2萬噸", "601.3萬噸", "fail"),
    # 达到 100 against 98.4: 1.6 short, beyond 0.5 + 0.05 + 0.05
    ("100萬噸", "reach", "50.2萬噸", "48.2萬噸", "fail"),
])
def test_rollup_checks_both_ways_at_the_written_precision(tmp_path, cli_json, total, cmp, a, b, status):
    f = tmp_path / "r.yaml"
    f.write_text(REGION.format(total=total, cmp=cmp, a=a, b=b), encoding="utf-8")
    rep, code = cli_json("check", "--targets", f)
    r = row(rep, "total_parts", "rollup")
    assert r["status"] == status and code == (1 if status == "fail" else 0)


def test_parts_over_a_stated_total_say_so_in_words_and_as_a_code(tmp_path, cli_json):
    """达到 100 against 300 + 300: the note read "Note(code='rollup_parts', params=()); the parts exceed..."
    (a Note's repr in the text); now the kind's words, then why, and both as codes (with Chinese words)."""
    f = tmp_path / "r.yaml"
    f.write_text(REGION.format(total="100萬噸", cmp="reach", a="300萬噸", b="300萬噸"), encoding="utf-8")
    rep, _ = cli_json("check", "--targets", f)
    r = row(rep, "total_parts", "rollup")
    assert r["note"] == "stated parts against the stated total; the parts exceed the stated total"
    assert [n["code"] for n in r["notes"]] == ["rollup_parts", "rollup_over"]
    from capacity.messages import message

    assert message("rollup_over", "zh") == "分项之和超过所述总量"


# ------------------------------------------------------------------ 8. the small things


def test_range_estimate_shows_as_its_range_in_the_national_column(cli, cli_json, monkeypatch, tmp_path):
    """A range estimate of 638~678万吨 as the national figure: the table shows 638~678 (not 638); the
    share is 79 / 678 = 11.7% to 79 / 638 = 12.4%. The bundled end-2023 estimate is on SMM's 300-day basis,
    never a nameplate target's denominator (issue 22 item 5), so the range comes from a layer here, a
    nameplate figure (no operating basis stated)."""
    monkeypatch.setenv("COLUMNS", "160")
    layer = tmp_path / "n.yaml"
    layer.write_text("""schema_version: 1
country: CN
quantities:
  - id: industrial_silicon
    figures:
      - {year: 2023, period: end-2023, basis: capacity, value: 638~678万吨, source: a test estimate, url: https://example.org, estimate: true}
""", encoding="utf-8")
    rep, _ = cli_json("report", "--year", "2023", "--national", layer)
    r = row(rep, "industrial_silicon", "share")
    assert r["national"]["magnitude"] == 6_380_000 and r["national"]["high"] == 6_780_000
    assert r["share_range"] == [pytest.approx(79 / 678), pytest.approx(79 / 638)]
    out = cli("report", "--year", "2023", "--national", layer).stdout
    line = next(x for x in out.splitlines() if x.startswith("industrial_silicon "))
    assert "638~678" in line


def test_sources_show_the_physical_bound(cli, monkeypatch):
    monkeypatch.setenv("COLUMNS", "220")
    out = cli("sources").stdout
    line = next(x for x in out.splitlines() if x.startswith("industrial_silicon_per_polysilicon"))
    assert "1.23 t/t – 1.3 t/t" in line and "physical bound 1.02 t/t" in line


def test_pv_output_value_says_why_it_has_no_verdict(cli_json):
    """Goal 2000億元, observed >1000億元 in 2024 (the target year): a bound on both sides of the goal."""
    rep, _ = cli_json("report")
    r = row(rep, "pv_output_value", "progress")
    assert r["status"] == "info"
    assert r["verdict_reason"] == "the observation is a bound that does not tell whether the goal was reached"


# ------------------------------------------------------------------ 3. reconcile counts only figures that measure the claim


def test_reconcile_counts_only_figures_that_measure_the_claim(cli_json, cli):
    """Baotou 2024 (issued 2024-01-01, target 2024), polysilicon capacity: counted are national, full-year,
    capacity, verified figures for end-2023 .. end-2024: 230 (37.8% FAIL), 210 (41.4% PASS), 323.1 (26.9%
    FAIL): holds on 1 of 3. Context: end-2021/2022 (before issue), production, H1/Jan–Oct, the unverified
    120万吨 and 300万吨. Monocrystalline silicon: the 2018 wafer capacity is context; only end-2023's
    953.6GW (26.5%, FAIL) counts (910GW covers top firms): 0 of 1."""
    rep, _ = cli_json("reconcile", "polysilicon", "monocrystalline_silicon")
    p, m = rep["reconcile"]
    assert (p["holds_on"], p["fails_on"]) == (1, 2)
    counted = sorted(r["national"]["text"] for r in p["rows"] if not r["context"])
    assert counted == ["210万吨", "230万吨", "323.1万吨"]
    why = {r["national"]["text"]: r["context"] for r in p["rows"]}
    assert why["51.9万吨"] == "before the document was issued (2024)"
    assert why["147.2万吨"] == "basis production: the claim is about capacity"
    assert why["300万吨"] == "unverified: not found in its cited page"
    assert (m["holds_on"], m["fails_on"]) == (0, 1)
    assert next(r for r in m["rows"] if r["national"]["text"] == "150GW")["status"] == "info"


# ------------------------------------------------------------------ 6. compare: a parent only of the same target year


def test_an_older_provincial_plan_never_removes_a_citys_newer_one(cli_json):
    """Inner Mongolia's 2014 plan (10萬噸 polysilicon, target 2020) is not the parent of Baotou's 2024
    plan (87萬噸): both are added, 97 / 323.1 = 30.0%, and the sum names its target years; before, Baotou
    was left out ('inside inner_mongolia') and the sum read 10 / 323.1 = 3.1%."""
    rep, _ = cli_json("compare", "--targets", "data/targets.yaml", "--targets",
                      "examples/regions/inner-mongolia-2014.yaml")
    poly = next(q for q in rep["quantities"] if q["id"] == "polysilicon")
    s = poly["sum"]
    assert sorted(s["regions"]) == ["baotou", "inner_mongolia_2014"] and s["not_added"] == []
    assert s["share"] == pytest.approx(970_000 / 3_231_000)
    assert s["target_years"] == [2020, 2024] and "(target years 2020, 2024)" in s["sentence"]
    baotou = next(c for c in poly["regions"] if c["region"] == "baotou")
    assert baotou["fraction_of_parent"] is None and baotou["not_added"] is None


# ------------------------------------------------------------------ 7. nothing silent


@pytest.mark.parametrize("fmt", ["table", "markdown", "csv", "json"])
def test_every_target_without_a_result_gets_a_row_saying_why(cli, fmt):
    """examples/regions/chengdu-2022.yaml: nine targets (output values, counts, ratios, growth), none with a
    national quantity or an observation; before, `report` printed "Result: no results" and no row."""
    res = cli("report", "--targets", "examples/regions/chengdu-2022.yaml", "--format", fmt)
    assert res.exit_code == 0
    for tid in ("pv_output_value", "pv_head_firms", "energy_intensity_fall"):
        assert tid in res.stdout
    assert "no national figure of this quantity on file (output_value)" in res.stdout
    if fmt == "json":
        rep = json.loads(res.stdout)
        assert rep["summary"]["no_result"] == 9 and len(rep["results"]) == 9
    if fmt == "table":
        assert "Result: no checks; 9 targets without a result (said why)" in res.stdout


def test_a_flag_that_leaves_claims_without_a_figure_says_so(cli):
    """--scope listed_firms: only magnetic materials has a listed-firms figure; the other 9 share claims
    have none, said on stderr and counted in the summary."""
    res = cli("report", "--scope", "listed_firms", "--format", "json")
    rep = json.loads(res.stdout)
    assert rep["summary"]["no_figure"] == 9 and rep["summary"]["no_figure_flag"] == "--scope listed_firms"
    assert "note: polysilicon: no national figure under --scope listed_firms" in res.stderr
    table = cli("report", "--scope", "listed_firms").stdout
    assert "9 left with no national figure by --scope listed_firms" in table


def test_a_fallback_that_changes_the_verdict_marks_it(cli, cli_json):
    """--source 硅业分会: no 硅业分会 capacity figure for monocrystalline silicon up to 2024, so 2023
    production, 590GW: 253 / 590 = 42.9% PASS; against the default end-2023 capacity, 953.6GW, 26.5% FAIL.
    The verdict itself is marked (PASS*), not only a note."""
    rep, code = cli_json("check", "--source", "硅业分会", "--only", "monocrystalline_silicon")
    r = row(rep, "monocrystalline_silicon", "share")
    assert r["share"] == pytest.approx(253 / 590) and r["status"] == "pass"
    assert r["fallback_verdict"] == {"codes": ["other_basis"], "default_status": "fail",
                                     "default_national": "953.6GW"}
    assert "the verdict PASS rests on the fallback; against the default figure (953.6GW) it is FAIL" in r["note"]
    out = cli("check", "--source", "硅业分会", "--only", "monocrystalline_silicon").stdout
    line = next(x for x in out.splitlines() if x.startswith("monocrystalline_silicon "))
    assert line.rstrip().endswith("PASS*")


# ------------------------------------------------------------------ 5. informational rows: like against like


def test_informational_rows_never_use_an_unlike_figure(cli_json):
    """Magnetic materials: 15萬噸 of capacity; the only national figure up to 2024 is 2023 production
    (24万吨). Before: 15 / 24 = 62.5%, capacity against production. Now no share, and the row says which
    figure is missing. Energy storage built within 2024 is set against 2024's additions, not the stock."""
    rep, _ = cli_json("report")
    m = row(rep, "magnetic_materials", "share")
    assert m["share"] is None and m["national"] is None
    assert m["note"] == "no national capacity figure on file (only production, not like): no share"
    e = row(rep, "energy_storage", "share")  # built within 2024: against 2024's additions, 2 / 101.13 GWh = 1.98%
    assert e["share"] == pytest.approx(2000 / 101130) and e["national"]["period"] == "2024 additions"
    g = row(rep, "green_hydrogen", "share")  # like against like stays: 2 / 12.5 = 16%
    assert g["share"] == pytest.approx(0.16)
