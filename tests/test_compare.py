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
                written = t.growth.rate.text if t.growth else t.figure.text.split("+")[-1].strip()  # growth: as written
                assert written in t.text or t.figure.text in t.text, (path.name, t.id)


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
    assert poly["sum"]["sentence"].startswith("these 2 plans (target years 2024, 2025) add up to 51.3% of national capacity")


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
    assert "these 2 plans (target years 2024, 2025) add up to 51.3% of national capacity" in html


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
    """Issue 22: a parent is a parent only for documents of the same target year. Inner Mongolia's modules
    target is for 2025 (300万千瓦 = 3GW), Baotou's for 2024 (37GW): not a parent, both added, 40 / 1120 =
    3.6% (before: Baotou was left out and the sum read 0.3%)."""
    doc, _ = cli_json("compare", "-t", BUNDLED, "-t", REPO / "examples" / "regions" / "inner-mongolia.yaml")
    q = next(q for q in doc["quantities"] if q["id"] == "modules")
    baotou = next(c for c in q["regions"] if c["region"] == "baotou")
    assert baotou["parent"] == "inner_mongolia" and baotou["fraction_of_parent"] is None
    assert q["sum"]["regions"] == ["baotou", "inner_mongolia"] and q["sum"]["not_added"] == []
    assert q["sum"]["share"] == pytest.approx(40 / 1120)
    assert q["sum"]["target_years"] == [2024, 2025]
    poly = next(q for q in doc["quantities"] if q["id"] == "polysilicon")
    assert poly["sum"]["regions"] == ["baotou"]  # the province states no polysilicon figure: Baotou's counts


# ------------------------------------------------------------------ output options, the verdict header, place:, the Σ note

ZHUNDONG = REPO / "examples" / "regions" / "zhundong.yaml"
B23 = REPO / "examples" / "regions" / "baotou-2023.yaml"
IM2014 = REPO / "examples" / "regions" / "inner-mongolia-2014.yaml"


def test_compare_writes_a_workbook_with_numbers_as_numbers(cli, tmp_path):
    openpyxl = pytest.importorskip("openpyxl")
    pytest.importorskip("xlsxwriter")
    out = tmp_path / "c.xlsx"
    r = cli("compare", "-t", BUNDLED, "-t", ZHUNDONG, "--format", "xlsx", "-o", out)
    assert r.exit_code == 0, r.stderr
    assert r.stdout == "" and f"wrote {out}" in r.stderr
    wb = openpyxl.load_workbook(out)
    assert wb.sheetnames == ["Regions side by side", "sources"]
    ws = wb["Regions side by side"]
    head = [c.value for c in ws[1]]
    rows = {(r[0], r[1]): dict(zip(head, r)) for r in ws.iter_rows(min_row=2, values_only=True)}
    b = rows[("polysilicon", "baotou")]
    assert b["magnitude"] == 870000 and b["unit"] == "t" and b["text"] == "87萬噸" and b["status"] == "fail"
    assert b["share"] == pytest.approx(870000 / 3231000) and b["threshold"] == 0.4
    assert rows[("polysilicon", "sum")]["magnitude"] == 1658000  # 87萬噸 + 78.8万吨
    assert rows[("polysilicon", "sum")]["share"] == pytest.approx(1658000 / 3231000)
    at = 2 + list(rows).index(("polysilicon", "baotou"))  # the first row (magnets) has no share now
    assert ws.cell(row=at, column=head.index("share") + 1).number_format == "0.0%"
    sources = {r[1]: r for r in wb["sources"].iter_rows(min_row=2, values_only=True)}
    assert sources["polysilicon"][2] == "323.1万吨" and "e.ccement.com" in sources["polysilicon"][7]
    res = cli("compare", "-t", BUNDLED, "--format", "xlsx")
    assert res.exit_code == 2 and "-o FILE" in res.stderr


def test_compare_output_file_json(cli, tmp_path):
    out = tmp_path / "c.json"
    r = cli("compare", "-t", BUNDLED, "-t", ZHUNDONG, "--format", "json", "-o", out)
    assert r.exit_code == 0 and r.stdout == "" and f"wrote {out}" in r.stderr
    assert json.loads(out.read_text(encoding="utf-8")) == json.loads(
        cli("compare", "-t", BUNDLED, "-t", ZHUNDONG, "--format", "json").stdout)
    assert cli("compare", "-t", BUNDLED, "-o", BUNDLED).exit_code == 2  # never over an input
    assert cli("compare", "-t", BUNDLED, "--bom").exit_code == 2  # --bom is for csv


def test_compare_verdict_has_its_own_header(cli):
    out = cli("compare", "-t", BUNDLED, "-t", ZHUNDONG, "--format", "markdown").stdout
    assert "| Quantity | Region | Figure | Unit | As written | Share [goal] | Of parent | Verdict |" in out
    assert "| polysilicon | baotou | 87 | 萬噸 | 87萬噸 | 26.9% [≥40%] |  | FAIL |" in out
    table = cli("compare", "-t", BUNDLED, "-t", REPO / "examples" / "regions" / "inner-mongolia.yaml").stdout
    assert "Of parent" in table and "Verdict" in table.splitlines()[table.splitlines().index("Regions side by side") + 1]


def test_compare_lang_zh_translates_headers(cli):
    zh = cli("compare", "-t", BUNDLED, "-t", ZHUNDONG, "--lang", "zh", "--format", "markdown")
    assert zh.exit_code == 0, zh.stderr
    assert "| 数量 | 地区 | 原文数字 | 单位 | 原文写法 | 比重 [门槛] | 占上级地区 | 判断 |" in zh.stdout
    assert "地区对照" in zh.stdout and "| 未达标 |" in zh.stdout and "FAIL" not in zh.stdout
    assert "87萬噸" in zh.stdout  # data stay as written
    en = cli("compare", "-t", BUNDLED, "-t", ZHUNDONG, "--lang", "en", "--format", "markdown").stdout
    assert en == cli("compare", "-t", BUNDLED, "-t", ZHUNDONG, "--format", "markdown").stdout
    assert cli("compare", "-t", BUNDLED, "--lang", "fr").exit_code == 2


def test_compare_units_si_and_doc(cli):
    doc = cli("compare", "-t", BUNDLED, "-t", ZHUNDONG, "--format", "markdown").stdout
    assert "| polysilicon | zhundong | 78.8 | 万吨 | 78.8万吨 |" in doc
    assert "| polysilicon | Σ baotou + zhundong | 165.8 | 萬噸 |  | 51.3% |" in doc  # in the first plan's unit
    si = cli("compare", "-t", BUNDLED, "-t", ZHUNDONG, "--format", "markdown", "--units", "si").stdout
    assert "| polysilicon | baotou | 870,000 | t | 87萬噸 | 26.9% [≥40%] |" in si
    assert "| polysilicon | Σ baotou + zhundong | 1,658,000 | t |  | 51.3% |" in si
    assert cli("compare", "-t", BUNDLED, "--units", "kg").exit_code == 2
    a = cli("compare", "-t", BUNDLED, "-t", ZHUNDONG, "--format", "json").stdout
    assert a == cli("compare", "-t", BUNDLED, "-t", ZHUNDONG, "--format", "json", "--units", "si").stdout


def test_a_provinces_plan_is_its_citys_parent_by_place_for_the_same_target_year(cli, cli_json, tmp_path):
    """Inner Mongolia's 2014 plan (target 2020) is not the parent of Baotou's 2023 plan: both added,
    87 + 10 = 97万吨. The same plan with target year 2023 is: Baotou's 87万吨 is 8.7× the province's 10萬噸
    (a part larger than the whole) and is not added."""
    doc, _ = cli_json("compare", "-t", B23, "-t", IM2014)
    assert [(r["id"], r["place"], r["parent"]) for r in doc["regions"]] == [
        ("baotou_2023", "baotou", "inner_mongolia"), ("inner_mongolia_2014", "inner_mongolia", None)]
    poly = next(q for q in doc["quantities"] if q["id"] == "polysilicon")
    city = next(c for c in poly["regions"] if c["region"] == "baotou_2023")
    assert city["fraction_of_parent"] is None and city["not_added"] is None
    assert poly["sum"]["magnitude"] == 970000 and poly["sum"]["target_years"] == [2020, 2023]
    same = tmp_path / "im2023.yaml"
    same.write_text(IM2014.read_text(encoding="utf-8").replace("target_year: 2020", "target_year: 2023"),
                    encoding="utf-8")
    doc, _ = cli_json("compare", "-t", B23, "-t", same)
    poly = next(q for q in doc["quantities"] if q["id"] == "polysilicon")
    city = next(c for c in poly["regions"] if c["region"] == "baotou_2023")
    assert city["fraction_of_parent"] == pytest.approx(8.7)  # 87万吨 of the province's 10萬噸
    assert city["not_added"] == "inside inner_mongolia"
    assert poly["sum"]["regions"] == ["inner_mongolia_2014"] and poly["sum"]["not_added"] == ["baotou_2023"]
    assert poly["sum"]["magnitude"] == 100000
    out = cli("compare", "-t", B23, "-t", same, "--format", "markdown").stdout
    assert "baotou_2023 + inner_mongolia_2014" not in out and "a part larger than the whole" in out


def test_place_says_which_documents_are_one_place(cli, cli_json, tmp_path):
    def variant(name, header):
        p = tmp_path / name
        p.write_text(LAND.read_text(encoding="utf-8").replace("  id: testland\n", header), encoding="utf-8")
        return p

    same = variant("later.yaml", "  id: testland_2030\n  place: testland\n")
    q = next(q for q in cli_json("compare", "-t", LAND, "-t", same)[0]["quantities"] if q["id"] == "test_total")
    assert q["sum"]["regions"] == ["testland"] and q["sum"]["not_added"] == ["testland_2030"]
    assert q["regions"][1]["not_added"] == "another document of testland" and q["sum"]["magnitude"] == 770000
    other = variant("other.yaml", "  id: testland_2030\n")  # no place: its id, another place (same name)
    q = next(q for q in cli_json("compare", "-t", LAND, "-t", other)[0]["quantities"] if q["id"] == "test_total")
    assert q["sum"]["regions"] == ["testland", "testland_2030"] and q["sum"]["magnitude"] == 1540000
    bad = variant("bad.yaml", "  id: testland\n  place: Test Land\n")
    r = cli("validate", bad)
    assert r.exit_code == 2 and "bad.yaml:6" in r.stderr and "'Test Land' is not a valid id" in r.stderr


def test_the_sum_note_names_its_national_figure_and_the_rows_own_years(cli, cli_json):
    doc, _ = cli_json("compare", "-t", B23, "-t", ZHUNDONG)
    poly = next(q for q in doc["quantities"] if q["id"] == "polysilicon")
    shares = {c["region"]: (c["share"], c["national"]["text"]) for c in poly["regions"]}
    assert shares == {"baotou_2023": (pytest.approx(870000 / 2300000), "230万吨"),  # target year 2023
                      "zhundong": (pytest.approx(788000 / 3231000), "323.1万吨")}  # target year 2025: end-2024
    assert poly["sum"]["share"] == pytest.approx(1658000 / 3231000)  # 51.3%, not 37.8% + 24.4%
    assert poly["sum"]["note"] == ("Σ uses the national figure for end-2024 (323.1万吨, the newest up to 2025, the plans' "
                                   "latest target year); each row uses its own target year's figure.")
    out = cli("compare", "-t", B23, "-t", ZHUNDONG, "--format", "markdown").stdout
    assert "- polysilicon: these 2 plans (target years 2023, 2025) add up to 51.3% of national capacity (323.1万吨, end-2024). Σ uses the " \
           "national figure for end-2024" in out
    doc, _ = cli_json("compare", "-t", B23, "-t", ZHUNDONG, "--year", "2023")
    poly = next(q for q in doc["quantities"] if q["id"] == "polysilicon")
    assert poly["sum"]["note"] == "Σ and every row use the national figure for end-2023 (230万吨, --year)."


def test_evaluate_runs_only_the_kinds_asked_for(monkeypatch):
    """compare asks evaluate() for shares: the other claim kinds are not evaluated at all (they were,
    then filtered out), and the share rows are those of a full evaluation."""
    import dataclasses

    import capacity.evaluate as ev
    from capacity.load import load_dataset

    ds = load_dataset()
    full = [r for r in ev.evaluate(ds)["results"] if r["kind"] == "share"]

    def boom(ctx):  # noqa: ANN001, ANN202
        raise AssertionError("a kind compare does not show was evaluated")

    monkeypatch.setattr(ev, "KINDS", tuple(k if k.result_kind == "share" else dataclasses.replace(k, evaluate=boom)
                                           for k in ev.KINDS))
    shares = ev.evaluate(ds, kinds=("share",))["results"]
    assert shares == full and len(shares) >= 5
    assert {r["kind"] for r in shares} == {"share"}
