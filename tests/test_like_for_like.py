"""Issue 22 item 5: like against like, in the one denominator chooser. A nameplate target is never set
against a national figure on a stated operating basis (SMM's industrial-silicon capacity is "based on
300 days"); a target built within its year only against national additions of that year, a stock only
against stocks. Where the like figure is missing, the row says which figure is missing. Every test runs
the CLI; each fails on the parent commit (no ``operating_days``, storage set against the stock)."""

from __future__ import annotations

import json

import pytest

from conftest import row

HEAD = "schema_version: 1\ncountry: CN\nquantities:\n"


def write(tmp_path, name, text):
    p = tmp_path / name
    p.write_text(text, encoding="utf-8")
    return p


def targets(tmp_path, body, year=2024):
    return write(tmp_path, "t.yaml", f"""schema_version: 1
region: {{id: r, name: 某市, document: 某文件, issued: "{year}-01-01", target_year: {year}}}
targets:
{body}""")


# ------------------------------------------------------------------ operating basis


def test_nameplate_industrial_silicon_is_never_set_against_smms_300_day_capacity(cli_json):
    """Baotou's 79萬噸 of industrial silicon (nameplate: the text states no operating basis). Every
    national capacity figure up to 2024 but one is SMM's, "based on 300 days". Before: 79 / >700万吨 =
    ≤11.3%. Now no share, and the row names the missing figure."""
    rep, code = cli_json("report")
    r = row(rep, "industrial_silicon", "share")
    assert r["share"] is None and r["national"] is None and r["status"] == "info"
    assert r["note"] == ("no national nameplate capacity figure for end-2024 on file (>700万吨 is on a "
                         "300-operating-day basis, not like): no share")
    assert [n["code"] for n in r["notes"]] == ["no_like_operating_basis"]
    # --year 2023: the end-2023 estimate 638~678万吨 is on the same 300-day basis: none either
    rep, _ = cli_json("report", "--year", "2023")
    assert row(rep, "industrial_silicon", "share")["note"].startswith(
        "no national nameplate capacity figure for end-2023 on file (638~678万吨 is on a 300-operating-day")
    # --year 2018: Rissochem's 544万吨 states no operating basis: 79 / 544 = 14.52%
    rep, _ = cli_json("report", "--year", "2018")
    r = row(rep, "industrial_silicon", "share")
    assert r["national"]["text"] == "544万吨" and r["national"]["operating_days"] is None
    assert r["share"] == pytest.approx(79 / 544)  # 0.14522


def test_operating_days_are_on_the_smm_figures_only(cli):
    """Set where the published quote says so (SMM: 300-operating-day / 300-day basis), nowhere else."""
    q = {x["id"]: x for x in json.loads(cli("sources", "--format", "json").stdout)["quantities"]}
    days = {(f["period"], f["source"][:3]): f["operating_days"] for f in q["industrial_silicon"]["figures"]}
    assert days == {("2018", "ind"): None, ("end-2021", "SMM"): 300, ("end-2023", "der"): 300,
                    ("end-July 2024", "SMM"): 300, ("end-2024", "SMM"): 300, ("2023", "SMM"): None}
    assert all(f["operating_days"] is None for qid, x in q.items() if qid != "industrial_silicon"
               for f in x["figures"])


def test_a_nameplate_figure_of_the_same_year_is_used_and_a_verdict_never_rests_on_300_days(cli_json, tmp_path):
    """A layer adds a nameplate end-2024 figure of 800万吨 (no operating_days): 79 / 800 = 9.875%,
    chosen over SMM's >700万吨 of the same year. A share threshold (10%) against the 300-day figure alone is
    undecided, with the same note, never PASS or FAIL: exit 0."""
    layer = write(tmp_path, "n.yaml", HEAD + """  - id: industrial_silicon
    figures:
      - {year: 2024, period: end-2024, basis: capacity, value: 800万吨, source: a test figure, url: https://example.org}
""")
    rep, _ = cli_json("report", "--national", layer)
    r = row(rep, "industrial_silicon", "share")
    assert r["national"]["text"] == "800万吨" and r["share"] == pytest.approx(0.09875)
    t = targets(tmp_path, """  - {id: si, name: 工业硅产能, figure: 79万吨, national: industrial_silicon,
     threshold: {figure: 10%, kind: share, text: 占全国10%以上}}
""")
    rep, code = cli_json("check", "--targets", t)
    r = row(rep, "si", "share")
    assert r["status"] == "undecided" and r["ok"] is None and r["share"] is None and code == 0
    assert "no_like_operating_basis" in [n["code"] for n in r["notes"]]


def test_operating_days_is_read_and_checked(cli, tmp_path):
    """On a capacity figure only, a whole number of days in a year; anything else is exit 2 with the line."""
    good = write(tmp_path, "g.yaml", HEAD + """  - id: polysilicon
    figures:
      - {year: 2024, period: end-2024, basis: capacity, value: 100万吨, source: s, url: https://e.org, operating_days: 300}
""")
    t = targets(tmp_path, "  - {id: polysilicon, name: 多晶硅产能, figure: 20万吨, national: polysilicon}\n")
    r = cli("report", "--targets", t, "--national-only", good, "--format", "json")
    p = row(json.loads(r.stdout), "polysilicon", "share")
    assert p["national"] is None and "300-operating-day" in p["note"]  # a nameplate claim: no share
    bad = write(tmp_path, "b.yaml", HEAD + """  - id: polysilicon
    figures:
      - {year: 2024, period: "2024", basis: production, value: 100万吨, source: s, url: https://e.org, operating_days: 300}
""")
    r = cli("validate", bad)
    assert r.exit_code == 2 and "b.yaml:6:" in r.output and "operating_days" in r.output
    assert "capacity figure only" in r.output
    zero = write(tmp_path, "z.yaml", HEAD + """  - id: polysilicon
    figures:
      - {year: 2024, period: end-2024, basis: capacity, value: 100万吨, source: s, url: https://e.org, operating_days: 0}
""")
    r = cli("validate", zero)
    assert r.exit_code == 2 and "a whole number from 1 to 366" in r.output


# ------------------------------------------------------------------ additions and stocks


def test_storage_built_within_the_year_is_set_against_that_years_additions(cli_json):
    """年內建成儲能電站200萬千瓦時以上 (``period: "2024"``): 2,000 MWh / 101.13 GWh (2024 additions, 168 −
    66.87) = 1.978%, not 2,000 / 168,000 (the end-2024 stock) = 1.19%. --year 2023: 2,000 / 48,700 =
    4.107% (2023 additions)."""
    rep, _ = cli_json("report")
    e = row(rep, "energy_storage", "share")
    assert e["national"]["text"] == "101.13 GWh" and e["national"]["period"] == "2024 additions"
    assert e["share"] == pytest.approx(2000 / 101130)  # 0.019777
    rep, _ = cli_json("report", "--year", "2023")
    e = row(rep, "energy_storage", "share")
    assert e["national"]["text"] == "48.7 GWh" and e["share"] == pytest.approx(2000 / 48700)  # 0.041068


def test_a_stock_is_never_set_against_additions_and_a_missing_like_figure_is_named(cli_json, tmp_path):
    """A stock target (no period) of 20萬千瓦時 installed: 200 MWh / 168,000 MWh (end-2024) = 0.119%,
    never the additions. Built within 2025: no 2025 additions on file, said so (no stock instead). Built
    over 2023..2024: no additions figure covers two years, said so."""
    t = targets(tmp_path, """  - {id: stock, name: 储能, figure: 20萬千瓦時, basis: installed, national: energy_storage}
  - {id: y2025, name: 储能, figure: 20萬千瓦時, basis: installed, period: "2025", national: energy_storage}
  - {id: span, name: 储能, figure: 20萬千瓦時, basis: installed, period: 2023..2024, national: energy_storage}
""")
    rep, _ = cli_json("report", "--targets", t)
    s = row(rep, "stock", "share")
    assert s["national"]["text"] == "168 GWh" and s["share"] == pytest.approx(200 / 168000)
    y = row(rep, "y2025", "share")
    assert y["share"] is None and y["national"] is None
    assert y["note"] == ("no national figure of additions in 2025 on file (a figure built within the year is set "
                         "only against national additions of that year): no share")
    assert row(rep, "span", "share")["note"].startswith("no national figure of additions in 2023..2024 on file")


def test_a_stock_target_with_only_additions_on_file_says_the_stock_is_missing(cli_json, tmp_path):
    """A national file with only 2024 additions (10 GWh): a stock target gets no share (before: 5 / 10 =
    50%, a stock against an addition); a target built within 2024 gets 5 / 10 = 50%."""
    nat = write(tmp_path, "n.yaml", HEAD + """  - id: energy_storage
    figures:
      - {year: 2024, period: 2024 additions, basis: installed, value: 10 GWh, source: s, url: https://e.org}
""")
    t = targets(tmp_path, """  - {id: stock, name: 储能, figure: 5 GWh, basis: installed, national: energy_storage}
  - {id: added, name: 储能, figure: 5 GWh, basis: installed, period: "2024", national: energy_storage}
""")
    rep, _ = cli_json("report", "--targets", t, "--national-only", nat)
    s = row(rep, "stock", "share")
    assert s["share"] is None
    assert s["note"] == "no national stock figure on file (only additions within a year, not like): no share"
    assert row(rep, "added", "share")["share"] == pytest.approx(0.5)


def test_like_notes_are_worded_in_chinese(cli, monkeypatch):
    monkeypatch.setenv("COLUMNS", "200")
    out = cli("report", "--lang", "zh").stdout
    assert "industrial_silicon：文件中无 2024年末 全国名义产能数据（>700万吨按300个运行日计，口径不同）：不计比重" in out
    assert "101.13 GWh（2024年新增，装机" in out


def test_reconcile_counts_no_figure_on_another_operating_basis(cli, tmp_path):
    """A 2024 claim of 10% with 79万吨: before, end-2023 (79 / 678 = 11.7% to 79 / 638 = 12.4%) counted as
    support. Now every SMM figure is context, "on a 300-operating-day basis: the claim is nameplate", and
    none is counted: holds on 0, fails on 0, 7 figures of context."""
    t = targets(tmp_path, """  - {id: si, name: 工业硅产能, figure: 79万吨, national: industrial_silicon,
     threshold: {figure: 10%, kind: share, text: 占全国10%以上}}
""")
    rec = json.loads(cli("reconcile", "--targets", t, "--format", "json").stdout)["reconcile"][0]
    assert (rec["holds_on"], rec["fails_on"], rec["context_rows"]) == (0, 0, 7)
    why = {r["national"]["text"]: r["context"] for r in rec["rows"]}
    assert why[">700万吨"] == why["638~678万吨"] == "on a 300-operating-day basis: the claim is nameplate"


def test_compare_sums_like_against_like(cli_json, tmp_path):
    """compare's Σ is information too: magnets' 15萬噸 of capacity against 2023 production (24万吨) was
    62.5%; now no share, its note naming the missing capacity figure. Storage built within 2024: 2,000 MWh
    / 101.13 GWh = 1.98% (2024 additions), not / 168 GWh. A stock plan and a plan built within 2024 are
    not summed against either kind: said so."""
    doc, _ = cli_json("compare")
    s = {q["id"]: q["sum"] for q in doc["quantities"]}
    assert s["magnets"]["share"] is None and s["magnets"]["national"] is None
    assert s["magnets"]["note"] == "no national capacity figure on file (only production, not like): no share"
    assert s["energy_storage"]["national"]["period"] == "2024 additions"
    assert s["energy_storage"]["share"] == pytest.approx(2000 / 101130)
    other = write(tmp_path, "o.yaml", """schema_version: 1
region: {id: o, name: 另一市, document: 某文件, issued: "2024-01-01", target_year: 2024}
targets:
  - {id: es, name: 储能, figure: 100萬千瓦時, basis: installed, national: energy_storage}
""")
    doc, _ = cli_json("compare", "-t", "data/targets.yaml", "-t", other)
    es = next(q for q in doc["quantities"] if q["id"] == "energy_storage")["sum"]
    assert es["share"] is None and es["note"].startswith("the plans are of different kinds")
