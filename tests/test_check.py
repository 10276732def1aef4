"""`capacity check`: which rows are checks, --only, overrides, warnings, --strict and the exit codes."""

from __future__ import annotations

import json
import re

import pytest

from capacity.bundled import bundled_display, bundled_path
from conftest import row

TARGETS = bundled_path("targets.yaml")
NATIONAL = bundled_path("national.yaml")


def check_json(cli, *args):
    r = cli("check", *args, "--format", "json")
    assert r.exit_code in (0, 1), r.stdout + r.stderr
    return json.loads(r.stdout), r.exit_code


def target_line(text: str, tid: str) -> int:
    """1-based line of `- id: tid` in a targets file."""
    for i, line in enumerate(text.splitlines(), 1):
        if re.fullmatch(rf"\s*- id: {re.escape(tid)}\s*", line):
            return i
    raise AssertionError(tid)


def edit_target(tmp_path, tid: str, old: str, new: str, name: str = "targets.yaml"):
    """A copy of the bundled targets file with `old` replaced by `new` inside target `tid`'s block.
    Returns (path, 1-based line of the edit)."""
    lines = TARGETS.read_text(encoding="utf-8").splitlines(keepends=True)
    start = target_line("".join(lines), tid)
    for i in range(start - 1, len(lines)):
        if i > start - 1 and re.match(r"\s*- id: ", lines[i]) and lines[i].startswith("  - "):
            break
        if old in lines[i]:
            lines[i] = lines[i].replace(old, new, 1)
            path = tmp_path / name
            path.write_text("".join(lines), encoding="utf-8")
            return path, i + 1
    raise AssertionError(f"{old!r} not in {tid}")


# ----------------------------------------------------------------------------------- the examples


def test_only_polysilicon_holds_at_200(cli):
    r = cli("check", "--only", "polysilicon", "--national", "polysilicon=200萬噸")
    assert r.exit_code == 0, r.stdout + r.stderr
    assert "check: 0 failed, 0 warnings, 2 passed, 0 undecided (exit 0)" in r.stdout
    assert r.stderr == ""


def test_only_polysilicon_fails_at_300(cli):
    r = cli("check", "--only", "polysilicon", "--national", "polysilicon=300萬噸")
    assert r.exit_code == 1
    assert "check: 1 failed, 0 warnings, 1 passed, 0 undecided (exit 1)" in r.stdout


def test_numbers_behind_the_verdicts(cli):
    rep, code = check_json(cli, "--only", "polysilicon", "--national", "polysilicon=200萬噸")
    assert code == 0
    share = row(rep, "polysilicon", "share")
    assert share["share"] == pytest.approx(870_000 / 2_000_000) == pytest.approx(0.435)
    assert share["margin_pp"] == pytest.approx(3.5)
    assert share["status"] == "pass" and share["ok"] is True
    projects = row(rep, "polysilicon_projects", "rollup")
    assert projects["parts_total"]["magnitude"] == 590_000  # 20 + 10 + 17 + 12 萬噸 of named projects
    rep, code = check_json(cli, "--only", "polysilicon", "--national", "polysilicon=300萬噸")
    share = row(rep, "polysilicon", "share")
    assert code == 1 and share["share"] == pytest.approx(0.29) and share["ok"] is False
    assert share["margin_pp"] == pytest.approx(-11.0)
    assert share["gap"]["magnitude"] == pytest.approx(0.4 * 3_000_000 - 870_000)  # 330,000 t short


def test_broken_targets_file_exits_2_with_file_line(cli, tmp_path):
    path, line = edit_target(tmp_path, "polysilicon", "comparator: at_least", "comparator: at_leest")
    r = cli("check", "--targets", path)
    assert r.exit_code == 2
    assert f"{path}:{line}:" in r.stderr and "at_leest" in r.stderr and "did you mean at_least" in r.stderr
    assert r.stdout == ""
    assert "Traceback" not in r.stderr


# ----------------------------------------------------------------------------------- what is a check


def test_bundled_data_checks(cli):
    rep, code = check_json(cli)
    assert code == 1
    assert rep["schema"] == "capacity.report/1"
    kinds = {r["kind"] for r in rep["results"]}
    assert kinds == {"share", "supply", "rollup"}  # no progress rows
    assert all(r["status"] in ("pass", "warn", "fail", "undecided") for r in rep["results"])  # no info rows
    fails = sorted(r["id"] for r in rep["results"] if r["ok"] is False)
    assert fails == sorted(["polysilicon", "monocrystalline_silicon", "wafers", "cells", "modules",
                            "industrial_silicon_for_polysilicon"])
    # industrial silicon's 80%: the factor's range is reported figures, 1.23 (2023 apparent) .. 1.3 t/t (2012
    # process), so 79萬噸 / (87萬噸 × 1.3) = 69.8% .. 79萬噸 / (87萬噸 × 1.23) = 73.8%: below 80%, FAIL
    undecided = [r["id"] for r in rep["results"] if r["status"] == "undecided"]
    assert undecided == []
    assert rep["summary"] == {"pass": 8, "warn": 0, "fail": 6, "undecided": 0, "info": 0, "above": 0}
    ids = {r["id"] for r in rep["results"]}
    assert "magnetic_materials" not in ids  # a share without a threshold: context, not a check
    assert "polysilicon_for_monocrystalline_silicon" not in ids  # a chain link without a threshold
    assert {"pv_local_supply_ratio", "rare_earth_output_value_parts", "cells_projects"} <= ids
    assert [d["id"] for d in rep["denominators"]] == ["polysilicon", "monocrystalline_silicon", "wafers", "cells",
                                                      "modules"]


def test_json_has_the_report_contract(cli):
    check, _ = check_json(cli)
    report = json.loads(cli("report", "--format", "json").stdout)
    assert check.keys() == report.keys()
    poly_c, poly_r = row(check, "polysilicon", "share"), row(report, "polysilicon", "share")
    assert poly_c == poly_r


def test_text_format_tables_and_summary_line(cli):
    r = cli("check")
    assert r.exit_code == 1
    out = r.stdout
    assert out.rstrip().splitlines()[-1] == "check: 6 failed, 0 warnings, 8 passed, 0 undecided (exit 1)"
    assert "Shares of the national total" in out and "Rollups" in out
    assert "magnetic_materials" not in out and "Progress" not in out
    assert r.stderr == ""


def test_markdown_format(cli):
    r = cli("check", "--format", "markdown")
    assert r.exit_code == 1
    assert "### Shares of the national total" in r.stdout
    assert "| polysilicon | 萬噸 | 87 |" in r.stdout
    assert r.stdout.rstrip().endswith("check: 6 failed, 0 warnings, 8 passed, 0 undecided (exit 1)")


def test_summary_line_on_stderr_for_machine_formats(cli):
    for fmt in ("json", "junit", "github"):
        r = cli("check", "--format", fmt)
        assert r.exit_code == 1
        assert r.stderr.strip() == "check: 6 failed, 0 warnings, 8 passed, 0 undecided (exit 1)"
        assert "check: 6 failed" not in r.stdout


# ----------------------------------------------------------------------------------- --only


def test_only_target_means_every_check_about_it(cli):
    rep, _ = check_json(cli, "--only", "polysilicon")
    assert sorted(r["id"] for r in rep["results"]) == ["polysilicon", "polysilicon_projects"]
    rep, _ = check_json(cli, "--only", "industrial_silicon")
    assert sorted(r["id"] for r in rep["results"]) == ["industrial_silicon_for_polysilicon",
                                                       "industrial_silicon_projects"]


def test_only_check_ids_commas_and_repeats(cli):
    rep, code = check_json(cli, "--only", "polysilicon_projects,cells_projects", "--only", "pv_local_supply_ratio")
    assert sorted(r["id"] for r in rep["results"]) == ["cells_projects", "polysilicon_projects",
                                                       "pv_local_supply_ratio"]
    assert code == 0
    rep, code = check_json(cli, "--only", "industrial_silicon_for_polysilicon")  # 69.8%..73.8% < 80%
    assert [r["id"] for r in rep["results"]] == ["industrial_silicon_for_polysilicon"] and code == 1
    rep, code = check_json(cli, "--only", "industrial_silicon_for_polysilicon",
                           "--factor", "industrial_silicon_per_polysilicon=1.1t/t")  # fixed: 79 / 95.7 = 82.5%
    assert rep["results"][0]["status"] == "pass" and code == 0
    rep, code = check_json(cli, "--only", "industrial_silicon_for_polysilicon",
                           "--factor", "industrial_silicon_per_polysilicon=1.23t/t")  # fixed: 73.8% < 80%
    assert rep["results"][0]["status"] == "fail" and code == 1


def test_only_unknown_id_names_the_closest(cli):
    r = cli("check", "--only", "polysilcon")
    assert r.exit_code == 2
    assert "unknown id 'polysilcon'" in r.stderr and "did you mean polysilicon" in r.stderr
    assert r.stdout == ""


def test_only_target_without_a_check(cli):
    r = cli("check", "--only", "rd_investment_growth")
    assert r.exit_code == 2
    assert "'rd_investment_growth' has no check" in r.stderr
    r = cli("check", "--only", "polysilicon,nope_nothing")
    assert r.exit_code == 2 and "nope_nothing" in r.stderr


def test_only_empty(cli):
    r = cli("check", "--only", ",")
    assert r.exit_code == 2 and "--only names no id" in r.stderr


# ----------------------------------------------------------------------------------- overrides


def test_overrides_set_drop_factor_scenario(cli, tmp_path):
    # 80萬噸 of 200萬噸 = 40% exactly: the claim (40% or more) holds, with no margin
    rep, code = check_json(cli, "--only", "polysilicon", "--set", "polysilicon=80萬噸",
                           "--national", "polysilicon=200萬噸")
    assert code == 0 and row(rep, "polysilicon")["share"] == pytest.approx(0.4)
    # dropping 通威三期 (20萬噸) leaves 67萬噸: 33.5% of 200萬噸 fails
    rep, code = check_json(cli, "--only", "polysilicon", "--national", "polysilicon=200萬噸",
                           "--drop-project", "通威三期")
    assert code == 1 and row(rep, "polysilicon")["share"] == pytest.approx(0.335)
    # 1.13 t of industrial silicon per t of polysilicon: need 983,100 t, 790,000 t covers 80.36%
    rep, code = check_json(cli, "--only", "industrial_silicon_for_polysilicon",
                           "--factor", "industrial_silicon_per_polysilicon=1.13t/t")
    assert code == 0 and row(rep, "industrial_silicon_for_polysilicon")["ratio"] == pytest.approx(790_000 / 983_100)
    scen = tmp_path / "s.yaml"
    scen.write_text("name: low national\nnational:\n  polysilicon: 200萬噸\n", encoding="utf-8")
    rep, code = check_json(cli, "--only", "polysilicon", "--scenario", scen)
    assert code == 0 and row(rep, "polysilicon")["share"] == pytest.approx(0.435)


def test_two_regions(cli, tmp_path):
    other = tmp_path / "targets-other.yaml"
    other.write_text(TARGETS.read_text(encoding="utf-8").replace("  id: baotou\n", "  id: other\n", 1),
                     encoding="utf-8")
    rep, code = check_json(cli, "--targets", TARGETS, "--targets", other, "--only", "polysilicon")
    assert code == 1
    assert sorted((r["region"], r["id"]) for r in rep["results"]) == [
        ("baotou", "polysilicon"), ("baotou", "polysilicon_projects"),
        ("other", "polysilicon"), ("other", "polysilicon_projects")]


# ----------------------------------------------------------------------------------- warnings and --strict


def test_warn_within_and_strict(cli):
    # 87萬噸 / 215萬噸 = 40.47%: 0.47 pp above the 40% claim
    args = ("--only", "polysilicon", "--national", "polysilicon=215萬噸")
    rep, code = check_json(cli, *args)
    assert code == 0 and row(rep, "polysilicon")["status"] == "pass"
    assert row(rep, "polysilicon")["margin_pp"] == pytest.approx((870_000 / 2_150_000 - 0.4) * 100)
    rep, code = check_json(cli, *args, "--warn-within", "1")
    assert code == 0 and row(rep, "polysilicon")["status"] == "warn" and row(rep, "polysilicon")["ok"] is True
    assert rep["summary"]["warn"] == 1
    rep, code = check_json(cli, *args, "--warn-within", "0.4")
    assert code == 0 and row(rep, "polysilicon")["status"] == "pass"
    rep, code = check_json(cli, *args, "--warn-within", "1", "--strict")
    assert code == 1 and row(rep, "polysilicon")["status"] == "fail" and row(rep, "polysilicon")["ok"] is False
    r = cli("check", *args, "--warn-within", "1")
    assert "check: 0 failed, 1 warning, 1 passed, 0 undecided (exit 0)" in r.stdout and "WARN" in r.stdout
    r = cli("check", *args, "--warn-within", "1", "--strict")
    assert r.exit_code == 1 and "check: 1 failed, 0 warnings, 1 passed, 0 undecided (exit 1)" in r.stdout


def test_warn_within_on_a_supply_link(cli):
    # 790,000 t / (870,000 t × 1.13) = 80.36%: 0.36 pp above the 80% local supply claim
    args = ("--only", "industrial_silicon_for_polysilicon", "--factor", "industrial_silicon_per_polysilicon=1.13t/t")
    rep, code = check_json(cli, *args, "--warn-within", "0.5")
    assert code == 0 and row(rep, "industrial_silicon_for_polysilicon")["status"] == "warn"
    rep, code = check_json(cli, *args, "--warn-within", "0.5", "--strict")
    assert code == 1 and row(rep, "industrial_silicon_for_polysilicon")["status"] == "fail"


def test_warn_within_in_the_data_wins(cli, tmp_path):
    path, _ = edit_target(tmp_path, "polysilicon", "kind: share", "kind: share\n      warn_within: 2")
    args = ("--targets", path, "--only", "polysilicon", "--national", "polysilicon=210萬噸")  # 41.43%: +1.43 pp
    rep, code = check_json(cli, *args)
    assert code == 0 and row(rep, "polysilicon")["status"] == "warn"
    rep, code = check_json(cli, *args, "--warn-within", "0.1")
    assert code == 0 and row(rep, "polysilicon")["status"] == "warn"
    rep, code = check_json(cli, *args, "--strict")
    assert code == 1


def test_warn_within_at_most(cli, tmp_path):
    """An at-most claim warns when the share is just below its ceiling, not whenever it passes."""
    path, _ = edit_target(tmp_path, "polysilicon", "comparator: at_least", "comparator: at_most")
    base = ("--targets", path, "--only", "polysilicon_projects,polysilicon", "--warn-within", "1")
    rep, code = check_json(cli, *base, "--national", "polysilicon=300萬噸")  # 29%: 11 pp under the ceiling
    assert code == 0 and row(rep, "polysilicon")["status"] == "pass"
    rep, code = check_json(cli, *base, "--national", "polysilicon=220萬噸")  # 39.55%: 0.45 pp under it
    assert code == 0 and row(rep, "polysilicon")["status"] == "warn"
    assert row(rep, "polysilicon")["margin_pp"] == pytest.approx((870_000 / 2_200_000 - 0.4) * 100)
    rep, code = check_json(cli, *base, "--national", "polysilicon=200萬噸")  # 43.5%: over the ceiling
    assert code == 1 and row(rep, "polysilicon")["status"] == "fail"


def test_warn_within_bounds(cli):
    r = cli("check", "--warn-within", "-1")
    assert r.exit_code == 2
    r = cli("check", "--warn-within", "abc")
    assert r.exit_code == 2


def test_undecided_is_not_a_failure(cli):
    # 253GW of >500GW: the share is somewhere in [0, 50.6%], on both sides of 40%
    rep, code = check_json(cli, "--only", "monocrystalline_silicon", "--national", "monocrystalline_silicon=>500GW")
    r = row(rep, "monocrystalline_silicon", "share")
    assert r["status"] == "undecided" and r["ok"] is None
    assert r["share_range"] == [0, pytest.approx(0.506)]
    assert code == 0 and rep["summary"]["undecided"] == 1
    rep, code = check_json(cli, "--only", "monocrystalline_silicon", "--national", "monocrystalline_silicon=>500GW",
                           "--strict")
    assert code == 0


# ----------------------------------------------------------------------------------- input errors: exit 2


@pytest.mark.parametrize("tid, old, new, words", [
    ("polysilicon", "figure: 87萬噸", "figure: 87萬頓", "unknown unit"),
    ("polysilicon", "figure: 87萬噸", "figure: 87GW", "mass figure"),
    ("polysilicon", "comparator: reach", "comparator: reach\n    comparator: at_least", "duplicate key"),
    ("polysilicon", "national: polysilicon", "national: polysilicone", "does not have"),
])
def test_input_errors_exit_2_with_file_line(cli, tmp_path, tid, old, new, words):
    path, line = edit_target(tmp_path, tid, old, new)
    r = cli("check", "--targets", path)
    assert r.exit_code == 2, r.stdout + r.stderr
    assert words in r.stderr
    assert re.search(rf"{re.escape(str(path))}:\d+", r.stderr)
    assert r.stdout == ""


def test_invalid_yaml_and_missing_file(cli, tmp_path):
    bad = tmp_path / "targets.yaml"
    bad.write_text("targets: [\n", encoding="utf-8")
    r = cli("check", "--targets", bad)
    assert r.exit_code == 2 and f"{bad}:2:" in r.stderr and "invalid YAML" in r.stderr
    r = cli("check", "--targets", tmp_path / "nope.yaml")
    assert r.exit_code == 2 and "nope.yaml" in r.stderr


def test_missing_national_figure(cli, tmp_path):
    text = NATIONAL.read_text(encoding="utf-8")
    start = text.index("  - id: polysilicon\n")
    figs = text.index("    figures:\n", start)
    nxt = text.index("  - id:", figs)
    nat = tmp_path / "national.yaml"
    nat.write_text(text[:figs] + "    figures: []\n\n" + text[nxt:], encoding="utf-8")
    r = cli("check", "--national-only", nat, "--only", "polysilicon")
    assert r.exit_code == 2
    line = target_line(TARGETS.read_text(encoding="utf-8"), "polysilicon")
    assert f"{bundled_display('targets.yaml')}:{line}: error: target 'polysilicon' claims a share of national quantity " \
           f"'polysilicon', which has no figure in {nat}" in r.stderr
    # an override supplies the figure
    r = cli("check", "--national-only", nat, "--national", "polysilicon=200萬噸", "--only", "polysilicon")
    assert r.exit_code == 0, r.stderr
    # other checks do not need it
    r = cli("check", "--national-only", nat, "--only", "modules")
    assert r.exit_code == 1


@pytest.mark.parametrize("args", [
    ("--format", "xml"), ("--bogus",), ("--basis", "output"), ("--national", "polysilicon=lots"),
    ("--set", "polysilicon=253GW"), ("--drop-project", "no such project"),
])
def test_usage_errors_exit_2(cli, args):
    r = cli("check", *args)
    assert r.exit_code == 2, r.stdout + r.stderr
    assert r.stdout == ""
    assert "Traceback" not in r.stderr


def test_help_documents_exit_codes_and_what_is_a_check(cli):
    r = cli("check", "--help")
    assert r.exit_code == 0
    text = " ".join(r.stdout.split())
    assert "0 every check passed (warnings allowed)" in text
    assert "1 at least one check failed" in text
    assert "2 usage or input error" in text
    assert "are not checks and are left out" in text
    for flag in ("--only", "--warn-within", "--strict", "--summary", "--set", "--national", "--factor",
                 "--drop-project", "--scenario"):
        assert flag in text
