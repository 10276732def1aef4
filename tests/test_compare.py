"""capacity compare, and the real regions in examples/regions/ through validate, report and compare."""

from __future__ import annotations

import csv
import io
import json

import pytest

from conftest import REPO, row

REGIONS = sorted((REPO / "examples" / "regions").glob("*.yaml"))
BUNDLED = REPO / "data" / "targets.yaml"
LAND = REPO / "tests" / "claims" / "testland.yaml"


def test_there_are_real_regions():
    assert {p.name for p in REGIONS} >= {"baotou-2023.yaml", "inner-mongolia.yaml", "zhundong.yaml"}


@pytest.mark.parametrize("path", REGIONS, ids=[p.stem for p in REGIONS])
def test_region_file_validates_reports_and_compares(cli, path):
    assert cli("validate", path).exit_code == 0
    r = cli("report", "--targets", path, "--format", "json")
    assert r.exit_code in (0, 1), r.stderr
    doc = json.loads(r.stdout)
    assert doc["regions"][0]["file"] == str(path)
    for fmt in ("table", "json", "csv", "markdown"):
        r = cli("compare", "--targets", BUNDLED, "--targets", path, "--format", fmt)
        assert r.exit_code == 0, (fmt, r.stderr)
        assert r.stdout.strip()
    doc = json.loads(cli("compare", "--targets", BUNDLED, "--targets", path, "--format", "json").stdout)
    ids = [q["id"] for q in doc["quantities"]]
    assert len(ids) == len(set(ids))  # one entry per quantity
    for q in doc["quantities"]:
        assert [c["region"] for c in q["regions"]] == [x["id"] for x in doc["regions"]]  # every region, in order


def test_every_figure_in_a_region_file_has_an_address():
    from capacity.load import read_targets

    for path in REGIONS:
        tf = read_targets(path)
        assert tf.region.compiled, path  # compiled from excerpts: the header says so
        for t in tf.targets:
            assert t.url.startswith("http"), (path.name, t.id)
            if t.figure is not None:
                assert t.figure.text.split("+")[-1].strip() in t.text or t.figure.text in t.text, (path.name, t.id)


def test_baotou_2023_about_40_percent_holds_about_on_2023_capacity(cli_json):
    doc, _ = cli_json("report", "--targets", REPO / "examples" / "regions" / "baotou-2023.yaml")
    r = row(doc, "polysilicon", "share")
    assert r["national"]["text"] == "230万吨" and r["national"]["year"] == 2023
    assert r["share"] == pytest.approx(870000 / 2300000) and r["ok"] is True and r["about"] is True  # 37.8%


def test_inner_mongolia_claims_without_figures_say_what_they_need(cli_json):
    doc, _ = cli_json("report", "--targets", REPO / "examples" / "regions" / "inner-mongolia.yaml")
    covered = row(doc, "modules_for_local_demand", "supply")
    assert covered["max_demand"] == {"magnitude": 3.75, "unit": "GW"}  # 300万千瓦 / 80%
    share = row(doc, "crystalline_silicon_share", "share")
    assert share["local"] is None and share["status"] == "info"


def test_compare_json_aligns_regions_and_sums_them(cli_json):
    zhundong = REPO / "examples" / "regions" / "zhundong.yaml"
    doc, _ = cli_json("compare", "--targets", BUNDLED, "--targets", zhundong)
    poly = next(q for q in doc["quantities"] if q["id"] == "polysilicon")
    figures = {c["region"]: c["figure"]["magnitude"] for c in poly["regions"]}
    assert figures == {"baotou": 870000, "zhundong": 788000}
    assert poly["sum"]["magnitude"] == 1658000 and poly["sum"]["national"]["magnitude"] == 3231000
    assert poly["sum"]["share"] == pytest.approx(1658000 / 3231000)
    assert poly["sum"]["sentence"].startswith("these 2 plans add up to 51.3% of national capacity")


def test_two_documents_of_one_city_are_added_once(cli_json):
    doc, _ = cli_json("compare", "--targets", BUNDLED, "--targets", REPO / "examples" / "regions" / "baotou-2023.yaml")
    poly = next(q for q in doc["quantities"] if q["id"] == "polysilicon")
    assert poly["sum"]["regions"] == ["baotou"] and poly["sum"]["not_added"] == ["baotou_2023"]
    assert poly["sum"]["magnitude"] == 870000


def test_a_region_inside_another_is_a_fraction_of_it_never_added(cli_json, tmp_path):
    child = tmp_path / "child.yaml"
    text = LAND.read_text(encoding="utf-8").replace("  id: testland\n  name: 測試市\n", "  id: testland_city\n  name: 測試區\n"
                                                    "  parent: testland\n")
    child.write_text(text.replace("    figure: 77萬噸\n", "    figure: 11萬噸\n"), encoding="utf-8")
    doc, _ = cli_json("compare", "--targets", LAND, "--targets", child)
    q = next(q for q in doc["quantities"] if q["id"] == "test_total")
    city = next(c for c in q["regions"] if c["region"] == "testland_city")
    assert city["fraction_of_parent"] == pytest.approx(110000 / 770000) and city["parent"] == "testland"
    assert q["sum"]["regions"] == ["testland"] and q["sum"]["magnitude"] == 770000


def test_plans_above_the_national_total_are_flagged(cli, cli_json, tmp_path):
    other = tmp_path / "other.yaml"
    text = LAND.read_text(encoding="utf-8").replace("  id: testland\n  name: 測試市\n", "  id: otherland\n  name: 另一市\n")
    other.write_text(text.replace("    figure: 77萬噸\n", "    figure: 150萬噸\n"), encoding="utf-8")
    doc, _ = cli_json("compare", "--targets", LAND, "--targets", other)
    q = next(q for q in doc["quantities"] if q["id"] == "test_total")
    assert q["sum"]["share"] == pytest.approx(2270000 / 2000000)  # 77 + 150 萬噸 of 200萬噸: 113.5%
    assert "add up to 113.5% of national capacity" in q["sum"]["sentence"]
    assert any("exceed the national total" in w for w in q["warnings"])
    for fmt in ("table", "markdown"):
        assert "exceed the national total" in cli("compare", "--targets", LAND, "--targets", other, "--format", fmt).stdout


def test_compare_csv_names_the_region_on_every_row(cli):
    out = cli("compare", "--targets", BUNDLED, "--targets", LAND, "--format", "csv").stdout
    rows = list(csv.DictReader(io.StringIO(out)))
    assert rows and all(r["region"] for r in rows)
    assert {r["region"] for r in rows} >= {"baotou", "testland", "sum"}


def test_the_html_report_has_a_compare_section_for_several_regions(cli, tmp_path):
    out = tmp_path / "r.html"
    r = cli("report", "--targets", BUNDLED, "--targets", REPO / "examples" / "regions" / "zhundong.yaml",
            "--html", out, "--samples", "0", "--lang", "en")
    assert r.exit_code in (0, 1), r.stderr
    html = out.read_text(encoding="utf-8")
    assert '<section id="compare">' in html and "Regions side by side" in html
    assert "these 2 plans add up to 51.3% of national capacity" in html


@pytest.mark.parametrize("fmt", ["table", "markdown", "github", "junit", "text"])
def test_region_prefixes_on_every_check_row_with_several_regions(cli, fmt):
    b23 = REPO / "examples" / "regions" / "baotou-2023.yaml"
    r = cli("check", "-t", BUNDLED, "-t", b23, "--format", fmt) if fmt != "table" else cli("report", "-t", BUNDLED, "-t", b23)
    assert r.exit_code == 1, r.stderr
    assert "baotou:polysilicon" in r.stdout and "baotou_2023:monocrystalline_silicon" in r.stdout


def test_simulate_uses_the_tolerance_of_an_approximate_claim(cli_json):
    b23 = REPO / "examples" / "regions" / "baotou-2023.yaml"
    doc, _ = cli_json("simulate", "--targets", b23, "--samples", "2000", "--only", "polysilicon")
    p = next(r for r in doc["results"] if r["id"] == "polysilicon")["probability"]
    assert p == 1.0  # 87万吨 of 210–230万吨 (end-2023) is 37.8–41.4%: always within 2.5 pp of 約40%
    doc, _ = cli_json("simulate", "--targets", b23, "--samples", "2000", "--only", "polysilicon", "--tolerance", "0")
    assert next(r for r in doc["results"] if r["id"] == "polysilicon")["probability"] < 1.0


def test_baotou_inside_inner_mongolia_is_a_fraction_never_added(cli_json):
    doc, _ = cli_json("compare", "-t", BUNDLED, "-t", REPO / "examples" / "regions" / "inner-mongolia.yaml")
    q = next(q for q in doc["quantities"] if q["id"] == "modules")
    baotou = next(c for c in q["regions"] if c["region"] == "baotou")
    assert baotou["parent"] == "inner_mongolia" and baotou["fraction_of_parent"] == pytest.approx(37 / 3)
    assert q["sum"]["regions"] == ["inner_mongolia"] and q["sum"]["not_added"] == ["baotou"]
    assert any("a part larger than the whole" in w for w in q["warnings"])
    poly = next(q for q in doc["quantities"] if q["id"] == "polysilicon")
    assert poly["sum"]["regions"] == ["baotou"]  # the province states no polysilicon figure: Baotou's counts
