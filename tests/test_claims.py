"""Every kind of claim a policy text makes, through the CLI, on tests/claims/testland.yaml (a test
region whose figures are chosen so that each result is worked out by hand)."""

from __future__ import annotations

from pathlib import Path

import pytest

from capacity.bundled import bundled_display
from conftest import REPO, row

LAND = REPO / "tests" / "claims" / "testland.yaml"
EXTRA = REPO / "tests" / "claims" / "national-extra.yaml"
BASE = ("report", "--targets", LAND, "--national", EXTRA)


@pytest.fixture
def report(cli_json):
    doc, code = cli_json(*BASE)
    assert code == 1  # about_fail and modules → installations fail
    return doc


def test_share_without_a_local_figure_gives_the_figure_it_needs(report):
    r = row(report, "crystalline_silicon", "share")
    assert r["local"] is None
    assert r["national"]["magnitude"] == 3_000_000 and r["national"]["unit"] == "t"  # 300萬噸 from --national FILE
    assert r["needed_local"] == {"magnitude": 1_200_000, "unit": "t"}  # 40% × 300萬噸
    assert r["observed"]["magnitude"] == 1_000_000 and r["observed"]["date"] == "2023-12"
    assert r["observed"]["share"] == pytest.approx(1 / 3)
    assert r["gap"] == {"magnitude": 200_000, "unit": "t"}  # 120萬噸 needed − 100萬噸 observed
    assert r["ok"] is None and r["status"] == "info"
    assert r["provenance"] == {"source": "test fixture", "url": "https://example.org/testland",
                               "published": "2024-02-01"}
    assert r["clause"] == "(三)" and r["section"] == "第四章"


def test_approximate_claims_pass_within_the_default_tolerance(report):
    ok = row(report, "about_pass", "share")
    assert ok["share"] == 0.385 and ok["ok"] is True and ok["status"] == "pass" and ok["about"] is True
    assert ok["tolerance_pp"] == 2.5 and ok["comparator"] == "about"
    bad = row(report, "about_fail", "share")
    assert bad["share"] == 0.35 and bad["ok"] is False and bad["status"] == "fail" and bad["about"] is False
    wide = row(report, "about_wide", "share")  # its own tolerance: 5 pp
    assert wide["share"] == 0.35 and wide["ok"] is True and wide["tolerance_pp"] == 5


def test_tolerance_on_the_command_line(cli_json):
    doc, _ = cli_json(*BASE, "--tolerance", "5")
    assert row(doc, "about_fail", "share")["ok"] is True
    doc, _ = cli_json(*BASE, "--tolerance", "1")
    assert row(doc, "about_pass", "share")["ok"] is False  # 38.5% is 1.5 pp below
    assert row(doc, "about_wide", "share")["ok"] is False  # --tolerance wins over the target's own 5 pp (35%)
    assert row(doc, "about_wide", "share")["tolerance_pp"] == 1


def test_about_shows_in_the_table(cli):
    r = cli(*BASE)
    line = next(x for x in r.stdout.splitlines() if x.startswith("about_pass"))
    assert "38.5% [≈40%]" in line and "ABOUT" in line


def test_addition_is_compared_as_a_stock(report):
    r = row(report, "addition", "share")
    assert r["local"]["magnitude"] == 550_000  # 34萬噸 + 21萬噸
    assert r["local"]["text"] == "34萬噸 + 21萬噸"
    assert r["share"] == 0.275 and r["ok"] is True
    assert r["addition"]["text"] == "21萬噸" and r["addition"]["base"] == "34萬噸" and r["addition"]["base_year"] == 2023


def test_a_target_year_overrides_the_documents(report):
    r = row(report, "interim", "share")
    assert r["national"]["year"] == 2023 and r["national"]["magnitude"] == 1_800_000
    assert r["share"] == 0.2 and r["ok"] is True and r["year"] == 2023


def test_supply_against_a_stated_and_an_observed_local_demand(report):
    stated = row(report, "modules_for_local_demand", "supply")
    assert stated["ratio"] == 0.8 and stated["ok"] is True  # 8GW / 10GW
    assert stated["demand"]["magnitude"] == 10 and stated["demand"]["name"] == "本地建設需求"
    assert stated["chain"] == "local_build"
    observed = row(report, "modules_for_installations", "supply")
    assert observed["ratio"] == 0.5 and observed["ok"] is False  # 8GW / 16GW observed 2023-12
    assert observed["demand"]["text"] == "16GW (2023-12)"


def test_one_quantity_national_file_adds_to_the_bundled_figures(cli_json):
    doc, _ = cli_json("report", "--targets", REPO / "data" / "targets.yaml", "--targets", LAND, "--national", EXTRA)
    poly = [r for r in doc["results"] if r["id"] == "polysilicon" and r["kind"] == "share"][0]
    assert poly["national"]["magnitude"] == 3_231_000  # the bundled figure is still there
    assert row(doc, "crystalline_silicon", "share")["needed_local"]["magnitude"] == 1_200_000


def test_national_only_replaces_the_bundled_file(cli):
    r = cli("report", "--national-only", EXTRA)
    assert r.exit_code == 2 and "names national quantity 'polysilicon'" in r.stderr


def test_sources_says_which_file_each_figure_came_from(cli_json):
    doc, _ = cli_json("sources", "--targets", LAND, "--national", EXTRA)
    files = {(q["id"], f["file"]) for q in doc["quantities"] for f in q["figures"]}
    assert ("crystalline_silicon", str(EXTRA)) in files
    assert ("test_total", str(LAND)) in files
    assert ("polysilicon", bundled_display("national.yaml")) in files


def test_no_figure_for_a_declared_quantity_says_so(cli_json):
    doc, _ = cli_json("report", "--targets", LAND)
    r = row(doc, "crystalline_silicon", "share")
    assert r["needed_local"] is None and "no national figure" in r["note"]


def test_validate_accepts_the_file(cli):
    r = cli("validate", LAND, EXTRA)
    assert r.exit_code == 0, r.stderr


def _write(tmp_path: Path, old: str, new: str) -> Path:
    text = LAND.read_text(encoding="utf-8")
    assert old in text
    p = tmp_path / "land.yaml"
    p.write_text(text.replace(old, new, 1), encoding="utf-8")
    return p


def test_validate_refuses_a_dimension_that_differs_from_its_national_quantity(cli, tmp_path):
    p = _write(tmp_path, "    figure: 36萬噸\n", "    figure: 36GW\n")
    for args in (("validate", p), ("report", "--targets", p)):
        r = cli(*args)
        assert r.exit_code == 2
        assert "target 'interim' (36GW) is power but national quantity 'test_total' is mass" in r.stderr


def test_validate_refuses_a_missing_quantity(cli, tmp_path):
    p = _write(tmp_path, "    national: test_total\n    threshold: {figure: 20%", "    national: test_totl\n    threshold: {figure: 20%")
    r = cli("validate", p)
    assert r.exit_code == 2 and "names national quantity 'test_totl'" in r.stderr and "did you mean test_total" in r.stderr


def test_validate_says_why_a_threshold_yields_no_row(cli, tmp_path):
    text = LAND.read_text(encoding="utf-8")
    chains = text.index("chains:\n")
    p = tmp_path / "land.yaml"
    p.write_text(text[:chains], encoding="utf-8")  # no chain: the modules' 80% would check nothing
    for args in (("validate", p), ("report", "--targets", p)):
        r = cli(*args)
        assert r.exit_code == 2
        assert "target 'modules' has a supply threshold (80%) but supplies no chain link" in r.stderr


def test_a_link_needs_at_most_one_demand(cli, tmp_path):
    p = _write(tmp_path, "{supply: modules, demand_observed: installations}",
               "{supply: modules, demand_observed: installations, demand: installations}")
    r = cli("validate", p)
    assert r.exit_code == 2 and "needs at most one of demand, demand_observed, demand_figure" in r.stderr


def test_addition_on_an_observed_base(cli_json, tmp_path):
    p = _write(tmp_path, "    figure: 21萬噸\n    addition: {base: 34萬噸, base_year: 2023, source: test fixture}\n",
               "    figure: 21萬噸\n    addition: {base: observed, base_year: 2023}\n"
               "    observed:\n      - {date: 2022-12, figure: 30萬噸, source: test fixture}\n"
               "      - {date: 2023-12, figure: 34萬噸, source: test fixture}\n"
               "      - {date: 2024-06, figure: 50萬噸, source: test fixture}\n")
    doc, _ = cli_json("report", "--targets", p)
    r = row(doc, "addition", "share")
    assert r["local"]["magnitude"] == 550_000 and r["addition"]["base_observed"] is True


def test_a_share_above_100_percent_is_flagged_in_every_format(cli, cli_json, tmp_path):
    p = _write(tmp_path, "    figure: 36萬噸\n", "    figure: 360萬噸\n")
    doc, _ = cli_json("report", "--targets", p)
    r = row(doc, "interim", "share")
    assert r["share"] == 2 and any("larger than the national total" in w for w in r["warnings"])
    for fmt in ("table", "markdown", "csv"):
        out = cli("report", "--targets", p, "--format", fmt).stdout
        assert "larger than the national total" in out, fmt


def test_old_single_chain_key_still_works(cli_json):
    doc, _ = cli_json("report")
    assert row(doc, "pv_local_supply_ratio", "supply")["links"][0] == "industrial_silicon_for_polysilicon"


def test_set_gives_a_figureless_claim_a_figure(cli_json):
    doc, _ = cli_json(*BASE, "--set", "crystalline_silicon=150萬噸")
    r = row(doc, "crystalline_silicon", "share")
    assert r["share"] == 0.5 and r["ok"] is True  # 150萬噸 / 300萬噸


def test_targets_lists_a_figureless_claim(cli_json):
    doc, _ = cli_json("targets", "--targets", LAND)
    t = [x for x in doc["targets"] if x["id"] == "crystalline_silicon"][0]
    assert t["figure"] is None and t["clause"] == "(三)"


def test_solve_a_claim_without_a_local_figure(cli_json):
    doc, code = cli_json("solve", "crystalline_silicon", "--targets", LAND, "--national", EXTRA)
    assert code == 0
    r = doc["results"][0]
    assert r["needed_local"] == {"magnitude": 1_200_000, "unit": "t"} and r["gap"]["magnitude"] == 200_000


def test_the_texts_own_words_make_an_unstated_comparator_approximate(cli_json, tmp_path):
    p = _write(tmp_path, "threshold: {figure: 40%, comparator: about, kind: share, text: 約占全國40%}",
               "threshold: {figure: 40%, kind: share, text: 約占全國40%}")
    doc, _ = cli_json("report", "--targets", p)
    assert row(doc, "about_pass", "share")["comparator"] == "about" and row(doc, "about_pass", "share")["ok"] is True
    p.write_text(p.read_text(encoding="utf-8").replace("text: 約占全國40%}", "text: 力爭占全國40%以上}", 1),
                 encoding="utf-8")
    doc, _ = cli_json("report", "--targets", p)
    assert row(doc, "about_pass", "share")["comparator"] == "at_least"  # 以上 bounds it: strict
