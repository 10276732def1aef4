"""Issue 20, evaluation: the fields real policy texts need (stance, a target's own about, per-claim
basis/scope, figures as written, periods, year: none, projects' figures, local shares, growth) decide
the results of report, check and simulate. Every number is worked out by hand in the docstring."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from conftest import REPO, row

REGIONS = REPO / "examples" / "regions"

HEAD = """\
schema_version: 1
region: {{id: testville, name: 測試市, name_en: Testville, target_year: {year}}}
"""


def _write(tmp_path: Path, body: str, year: int = 2024, name: str = "t.yaml") -> Path:
    p = tmp_path / name
    p.write_text(HEAD.format(year=year) + body, encoding="utf-8")
    return p


# --------------------------------------------------------------------------------------------- 1. stance

ASPIRATION = """\
targets:
  - id: polysilicon
    name: 多晶硅產能
    figure: 87萬噸
    stance: aspiration
    national: polysilicon
    threshold: {figure: 40%, comparator: at_least, kind: share, text: 力争占全国40%以上}
  - id: modules
    name: 组件
    figure: 20GW
    national: modules
    threshold: {figure: 1%, comparator: at_least, kind: share}
"""


def test_stance_is_beside_the_verdict_in_every_format(tmp_path, cli, cli_json):
    """力争 87萬噸 at ≥40%: 87 / 323.1万吨 = 26.9%, FAIL, shown as 'FAIL (aspiration)' in the table and
    Markdown, `stance` in JSON and CSV, in GitHub annotations, JUnit properties and the step summary."""
    p = _write(tmp_path, ASPIRATION)
    rep, code = cli_json("report", "--targets", p)
    r = row(rep, "polysilicon", "share")
    assert r["stance"] == "aspiration" and r["status"] == "fail"
    assert r["share"] == pytest.approx(87 / 323.1, rel=1e-9)
    assert row(rep, "modules", "share")["stance"] == "goal"
    assert "FAIL (aspiration)" in cli("report", "--targets", p).stdout
    assert "FAIL (aspiration)" in cli("report", "--targets", p, "-f", "markdown").stdout
    csv = cli("report", "--targets", p, "-f", "csv").stdout.splitlines()
    head = csv[0].split(",")
    line = next(x for x in csv[1:] if x.startswith("polysilicon,") or ",polysilicon," in x)
    assert line.split(",")[head.index("stance")] == "aspiration"
    gh = cli("check", "--targets", p, "-f", "github")
    assert gh.exit_code == 1 and "polysilicon (aspiration):" in gh.stdout
    ju = cli("check", "--targets", p, "-f", "junit").stdout
    assert '<property name="stance" value="aspiration"' in ju
    summary = tmp_path / "summary.md"
    res = cli("check", "--targets", p, "--summary", env={"GITHUB_STEP_SUMMARY": str(summary)})
    assert res.exit_code == 1 and "❌ (aspiration)" in summary.read_text(encoding="utf-8")
    html = tmp_path / "r.html"
    assert cli("report", "--targets", p, "-f", "html", "-o", str(html)).exit_code == 1
    assert "(aspiration)" in html.read_text(encoding="utf-8")  # the page is in Chinese by default
    assert cli("report", "--targets", p, "-f", "html", "--lang", "en", "-o", str(html)).exit_code == 1
    assert "(aspiration)" in html.read_text(encoding="utf-8")


def test_compare_shows_the_stance(tmp_path, cli, cli_json):
    """compare's cell for the aspiration is report's row: 26.9%, FAIL (aspiration)."""
    p = _write(tmp_path, ASPIRATION)
    cmp_, _ = cli_json("compare", "--targets", p)
    cell = next(c for q in cmp_["quantities"] for c in q["regions"] if c["target"] == "polysilicon")
    assert cell["stance"] == "aspiration" and cell["share"] == pytest.approx(87 / 323.1, rel=1e-9)
    assert "FAIL (aspiration)" in cli("compare", "--targets", p).stdout


def test_xlsx_shows_the_stance(tmp_path, cli):
    openpyxl = pytest.importorskip("openpyxl")
    p = _write(tmp_path, ASPIRATION)
    out = tmp_path / "r.xlsx"
    cli("report", "--targets", p, "-f", "xlsx", "-o", str(out))
    wb = openpyxl.load_workbook(out)
    cells = [str(c.value) for ws in wb.worksheets for line in ws.iter_rows() for c in line if c.value is not None]
    assert any("FAIL (aspiration)" in c for c in cells) or "aspiration" in cells


def test_goals_only_leaves_out_aspirations_and_forecasts(tmp_path, cli, cli_json):
    """The aspiration (26.9% < 40%) fails check; the goal (20GW of the national modules total, ≥1%) passes:
    exit 1 with it, exit 0 with --goals-only and one check left."""
    p = _write(tmp_path, ASPIRATION)
    full, code = cli_json("check", "--targets", p)
    assert code == 1 and {r["id"] for r in full["results"]} == {"polysilicon", "modules"}
    goals, code = cli_json("check", "--targets", p, "--goals-only")
    assert code == 0 and [r["id"] for r in goals["results"]] == ["modules"]
    assert "--goals-only" in cli("check", "--help").stdout


STATUS = """\
targets:
  - id: polysilicon
    name: 硅料生产能力
    figure: 36萬噸
    stance: status
    national: polysilicon
    threshold: {figure: 10%, comparator: at_least, kind: share, text: 已形成}
    observed:
      - {date: 2024-12, figure: 30萬噸}
"""


def test_a_status_figure_gets_its_share_but_never_a_progress_verdict(tmp_path, cli_json):
    """已形成36萬噸: share 36 / 323.1 = 11.14% ≥ 10%, PASS (status); the observation 30萬噸 at 2024-12 is
    83.3% of 36萬噸, shown, but no FAIL: status is what exists, not a goal."""
    p = _write(tmp_path, STATUS)
    rep, _ = cli_json("report", "--targets", p)
    s = row(rep, "polysilicon", "share")
    assert s["share"] == pytest.approx(36 / 323.1, rel=1e-9) and s["status"] == "pass" and s["stance"] == "status"
    g = row(rep, "polysilicon", "progress")
    assert g["progress"] == pytest.approx(30 / 36, rel=1e-9)
    assert g["ok"] is None and g["status"] == "info" and "status_no_verdict" in g["note_codes"]


SUQIAN_GOAL = """\
targets:
  - id: pv_chain_output_value
    name: 晶硅光伏产业链年产值
    figure: 翻一番
    comparator: about
    {tol}
    measure: output_value
    year: 2022
    growth: {{base: observed, base_year: 2021}}
    observed:
      - {{date: "2021", figure: 355.7亿元, period: "2021"}}
      - {{date: "2022", figure: 680.37亿元, period: "2022"}}
"""


@pytest.mark.parametrize("tol,status,about", [("", "fail", False), ("tolerance: 5", "pass", True),
                                              ("tolerance: 4.36", "fail", False)])
def test_about_on_a_target_is_within_its_tolerance(tmp_path, cli_json, tol, status, about):
    """Suqian's 基本实现翻一番 written as a goal: 680.37 ÷ (355.7 × 2) = 680.37 ÷ 711.4 = 95.64%, 4.36 pp
    below 100%. Default ±2.5 pp: below 97.5%, FAIL; tolerance 5: within 95%..105%, ABOUT; tolerance
    4.36 stops at 95.64% exactly less a hair (100 − 4.36 = 95.64 > 95.638), FAIL."""
    p = _write(tmp_path, SUQIAN_GOAL.format(tol=tol), year=2023)
    rep, _ = cli_json("report", "--targets", p)
    g = row(rep, "pv_chain_output_value", "progress")
    assert g["goal"]["magnitude"] == pytest.approx(711.4)
    assert g["progress"] == pytest.approx(680.37 / 711.4, rel=1e-9)
    assert g["status"] == status and bool(g["about"]) is about
    assert g["growth"]["base"]["magnitude"] == pytest.approx(355.7) and g["growth"]["base_year"] == 2021


def test_about_target_above_its_tolerance_passes(tmp_path, cli_json):
    """7500亿元左右 observed 8000亿元: 106.7% > 102.5%: PASS, not ABOUT."""
    p = _write(tmp_path, """\
targets:
  - id: output_value
    name: 产值
    figure: 7500亿元
    comparator: about
    observed:
      - {date: 2024-12, figure: 8000亿元}
""")
    rep, _ = cli_json("report", "--targets", p)
    g = row(rep, "output_value", "progress")
    assert g["status"] == "pass" and g["about"] is False and g["progress"] == pytest.approx(8000 / 7500)


def test_suqian_example_is_status_information(cli_json):
    """The example as written (基本实现: status): 95.64% shown, no verdict."""
    rep, _ = cli_json("report", "--targets", REGIONS / "suqian.yaml")
    g = row(rep, "pv_chain_output_value", "progress")
    assert g["progress"] == pytest.approx(0.9563817824) and g["status"] == "info" and g["stance"] == "status"


# --------------------------------------------------------------------------------------------- 2. basis/scope


def test_a_claims_own_basis_picks_its_denominator_for_that_claim_only(cli_json):
    """Inner Mongolia's 产量…14% (basis: production): 2021 national production 50.5万吨, not the 51.9万吨
    capacity; needs (14% − 2.5 pp) × 505000 t = 58075 t. Its 12% capacity claim keeps 51.9万吨 even
    under --basis production: 9.5% × 519000 = 49305 t."""
    for extra in ((), ("--basis", "production")):
        rep, _ = cli_json("report", "--targets", REGIONS / "inner-mongolia.yaml", *extra)
        out = row(rep, "polysilicon_output_share_2021", "share")
        assert out["national"]["text"] == "50.5万吨" and out["national"]["basis"] == "production"
        assert out["needed_local"]["magnitude"] == pytest.approx(58075)
        cap = row(rep, "polysilicon_capacity_share_2021", "share")
        assert cap["national"]["text"] == "51.9万吨" and cap["national"]["basis"] == "capacity"
        assert cap["needed_local"]["magnitude"] == pytest.approx(49305)


PRODUCTION = """\
targets:
  - id: polysilicon_output
    name: 多晶硅产量
    figure: 10万吨
    basis: production
    national: polysilicon
    threshold: {figure: 19.5%, comparator: at_least, kind: share, text: 产量占全国19.5%}
"""


def test_a_claims_own_basis_in_report_check_and_simulate(tmp_path, cli, cli_json):
    """2021: 10万吨 / 50.5万吨 (production) = 19.80% ≥ 19.5%: PASS; against 51.9万吨 (capacity) it would be
    19.27%, FAIL. check exits 0; simulate (one 2021 production figure on file: fixed) gives P = 1."""
    p = _write(tmp_path, PRODUCTION, year=2021)
    rep, _ = cli_json("report", "--targets", p)
    r = row(rep, "polysilicon_output", "share")
    assert r["share"] == pytest.approx(10 / 50.5, rel=1e-9) and r["ok"] is True
    assert cli("check", "--targets", p).exit_code == 0
    sim, _ = cli_json("simulate", "--targets", p, "--samples", "200")
    m = next(x for x in sim["results"] if x["id"] == "polysilicon_output")
    assert m["probability"] == 1.0


# --------------------------------------------------------------------------------------------- 3. figures


FIGURES = """\
targets:
  - id: polysilicon
    name: 多晶硅產能
    figure: 17萬噸/年
    national: polysilicon
    threshold: {figure: 5%, comparator: at_least, kind: share}
  - id: industrial_silicon
    name: 工业硅
    figure: 每天700吨
    days_per_year: 330
    national: industrial_silicon
  - id: energy_storage
    name: 储能
    figure: 791.5MW/2656MWh
    national: energy_storage
    threshold: {figure: 1%, comparator: at_least, kind: share}
  - id: storage_power
    name: 储能功率
    figure: 791.5MW/2656MWh
    dimension: power
    national: storage_power
    threshold: {figure: 1%, comparator: at_least, kind: share}
  - id: fdi
    name: 外资
    figure: 5亿美元
    dimension: currency_usd
    observed:
      - {date: 2024-12, figure: 4亿美元}
quantities:
  - id: storage_power
    dimension: power
    figures:
      - {year: 2024, period: end-2024, basis: installed, value: 7376万千瓦, source: test, url: "https://example.org"}
"""


def test_figures_as_written_evaluate_as_annual_figures_halves_and_dollars(tmp_path, cli_json):
    """17萬噸/年 is 170000 t a year: 17 / 323.1 = 5.26% ≥ 5%. 每天700吨 × 330 = 231000 t. The pair
    791.5MW/2656MWh: 2656 MWh against 168 GWh of storage energy = 1.58%; 791.5 MW against 7376万千瓦 of
    storage power = 1.07%. 4亿美元 of 5亿美元 = 80%, in 美元 (never converted)."""
    p = _write(tmp_path, FIGURES)
    rep, _ = cli_json("report", "--targets", p)
    assert row(rep, "polysilicon", "share")["share"] == pytest.approx(17 / 323.1, rel=1e-9)
    assert row(rep, "industrial_silicon", "share")["local"]["magnitude"] == pytest.approx(231_000)
    e = row(rep, "energy_storage", "share")
    assert e["local"]["magnitude"] == pytest.approx(2656) and e["local"]["unit"] == "MWh"
    assert e["share"] == pytest.approx(2656 / 168_000, rel=1e-9)
    w = row(rep, "storage_power", "share")
    assert w["share"] == pytest.approx(791.5 / 73_760, rel=1e-9)
    f = row(rep, "fdi", "progress")
    assert f["progress"] == pytest.approx(0.8) and "美元" in f["goal"]["unit"]


# --------------------------------------------------------------------------------------------- 4. periods


PERIODS = """\
targets:
  - id: output_value
    name: 产值
    figure: 200亿元
    observed:
      - {date: 2024-10, figure: 194億元, period: 2024-01..2024-09}
  - id: investment
    name: 累计投资
    figure: 150亿元人民币
    comparator: at_least
    period: 2023..2025
    observed:
      - {date: 2024-12, figure: 60亿元, period: "2024"}
      - {date: 2024-12, figure: 160亿元, period: 2023..2024}
  - id: park_area
    name: 园区面积
    figure: 8平方公里
    year: none
    observed:
      - {date: 2030-06, figure: 6平方公里}
  - id: polysilicon
    name: 多晶硅
    figure: 87萬噸
    year: none
    national: polysilicon
"""


def test_periods_and_targets_without_a_year(tmp_path, cli_json):
    """前三季度 194億元 of an annual 200亿元 (97%): year to date, no verdict (not a full year). A cumulative
    2023..2025 target of 150亿元: the annual 60亿元 is not compared; the cumulative 160亿元 by 2024-12
    is 106.7%: PASS. year: none: 6 of 8平方公里 (75%) in 2030 gets no year-bound FAIL, said 'no year
    given'; its share takes the newest figure on file with the same note."""
    p = _write(tmp_path, PERIODS)
    rep, _ = cli_json("report", "--targets", p)
    ov = row(rep, "output_value", "progress")
    assert ov["progress"] == pytest.approx(0.97) and ov["status"] == "info"
    assert "year_to_date" in ov["note_codes"] and ov["observed"]["period"] == "2024-01..2024-09"
    inv = row(rep, "investment", "progress")
    assert inv["observed"]["text"] == "160亿元" and inv["progress"] == pytest.approx(160 / 150)
    assert inv["status"] == "pass"
    area = row(rep, "park_area", "progress")
    assert area["status"] == "info" and area["progress"] == pytest.approx(0.75) and "no_year" in area["note_codes"]
    share = row(rep, "polysilicon", "share")
    assert "no_year" in share["national"]["fallback_codes"]


# --------------------------------------------------------------------------------------------- 5. projects


def test_projects_show_each_figure_with_their_own_provenance(cli, cli_json):
    """Wuhai: 京运通新材料产业园项目 5GW/年 (capacity, added to its target) and 30億元 (investment,
    shown, never added): 5GW against ≥5GW, PASS."""
    path = REGIONS / "wuhai-2017.yaml"
    rep, _ = cli_json("report", "--targets", path)
    r = row(rep, "silicon_park_capacity_projects", "rollup")
    p = next(x for x in r["projects"] if x["id"] == "jingyuntong_park")
    assert p["figure"]["text"] == "5GW/年" and p["investment"]["text"] == "30億元"
    assert p["investment"]["magnitude"] == pytest.approx(30) and p["output_value"] is None
    assert p["provenance"]["published"] == "2017-06-16"
    assert r["parts_total"]["magnitude"] == pytest.approx(5)
    assert "investment 30億元" in cli("report", "--targets", path).stdout


# --------------------------------------------------------------------------------------------- 6. of / growth


LOCAL = """\
targets:
  - {{id: installed_total, name: 全市电力总装机, figure: 1600万千瓦}}
  - id: new_energy_installed
    name: 新能源装机
    figure: {figure}
    threshold: {{figure: 50%, comparator: at_least, kind: share, of: installed_total, text: 占比超过50%}}
"""


@pytest.mark.parametrize("figure,share,code", [("880万千瓦", 0.55, 0), ("720万千瓦", 0.45, 1)])
def test_a_share_of_the_regions_own_total(tmp_path, cli, cli_json, figure, share, code):
    """880万千瓦 / 1600万千瓦 = 55% ≥ 50%: PASS; 720 / 1600 = 45%: FAIL (check exits 1)."""
    p = _write(tmp_path, LOCAL.format(figure=figure))
    rep, _ = cli_json("report", "--targets", p)
    r = row(rep, "new_energy_installed", "share")
    assert r["share"] == pytest.approx(share) and r["of"]["id"] == "installed_total"
    assert r["status"] == ("pass" if code == 0 else "fail")
    assert cli("check", "--targets", p).exit_code == code


def test_growth_is_judged_against_base_times_one_plus_rate(tmp_path, cli_json):
    """500亿元 growing 30% is 650亿元; observed 600亿元 at 2025-12: 92.3%, FAIL; the base is shown."""
    p = _write(tmp_path, """\
targets:
  - id: output_value
    name: 产值
    figure: 30%
    measure: output_value
    growth: {base: 500亿元, base_year: 2020}
    observed:
      - {date: 2025-12, figure: 600亿元}
""", year=2025)
    rep, _ = cli_json("report", "--targets", p)
    g = row(rep, "output_value", "progress")
    assert g["goal"]["magnitude"] == pytest.approx(650) and g["progress"] == pytest.approx(600 / 650)
    assert g["status"] == "fail" and g["growth"]["base"]["text"] == "500亿元"


def test_a_share_of_a_local_totals_observation_and_the_figure_it_needs(tmp_path, cli, cli_json):
    """of_observed: 720万千瓦 / the 2023-12 observation 1500万千瓦 = 48% < 50%: FAIL, exit 1 (against the
    stated 2000万千瓦 it would be 36%). Without a local figure the claim needs 50% × 2000万千瓦 = 1000万千瓦
    (10 GW), information; the table shows the local total as the denominator."""
    p = _write(tmp_path, """\
targets:
  - id: installed_total
    name: 全市电力总装机
    figure: 2000万千瓦
    observed:
      - {date: 2023-12, figure: 1500万千瓦}
  - id: new_energy_installed
    name: 新能源装机
    figure: 720万千瓦
    threshold: {figure: 50%, comparator: at_least, kind: share, of_observed: installed_total, text: 占比超过50%}
  - id: new_energy_open
    name: 新能源装机
    dimension: power
    threshold: {figure: 50%, comparator: at_least, kind: share, of: installed_total, text: 占比超过50%}
""")
    rep, code = cli_json("report", "--targets", p)
    r = row(rep, "new_energy_installed", "share")
    assert r["share"] == pytest.approx(0.48) and r["status"] == "fail" and r["of"]["date"] == "2023-12"
    n = row(rep, "new_energy_open", "share")
    assert n["status"] == "info" and n["needed_local"]["magnitude"] == pytest.approx(10)  # GW
    assert code == 1 and cli("check", "--targets", p).exit_code == 1
    assert "own total" in cli("report", "--targets", p).stdout


def test_a_thresholds_own_scope_picks_its_denominator(tmp_path, cli_json):
    """scope: top_firms on the threshold: 91GW of monocrystalline silicon against the 27 main producers'
    910GW (end-2023) = 10%, not against the national 953.6GW (9.54%); the other claim keeps national."""
    p = _write(tmp_path, """\
targets:
  - id: monocrystalline_silicon
    name: 单晶硅
    figure: 91GW
    national: monocrystalline_silicon
    threshold: {figure: 10%, comparator: at_least, kind: share, scope: top_firms}
  - id: wafers
    name: 硅片
    figure: 91GW
    national: monocrystalline_silicon
""", year=2023)
    rep, _ = cli_json("report", "--targets", p)
    r = row(rep, "monocrystalline_silicon", "share")
    assert r["national"]["text"] == "910GW" and r["national"]["scope"] == "top_firms"
    assert r["share"] == pytest.approx(0.1) and r["status"] == "pass"
    w = row(rep, "wafers", "share")
    assert w["national"]["scope"] == "national" and w["share"] == pytest.approx(91 / 953.6, rel=1e-9)
