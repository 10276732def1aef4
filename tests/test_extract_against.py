"""extract --against (issue 21, Build 4): each row names the check that failed, and records pair by figure,
words and year. Each fails on 5e032a7 (no check names, additions flagged, no year in the pairing)."""

from __future__ import annotations

import json

from capacity.extract import against, extract

TEXT = ("截至2023年底，全市新能源装机达到1200万千瓦。\n"
        "到2025年，新增多晶硅产能21万吨，光伏组件产能达到30GW以上。\n"
        "预计到2027年，光伏组件产能达到30GW。\n")

DATA = """schema_version: 1
region: {id: r, name: 某市, target_year: 2025}
targets:
  - id: poly_added
    name: 多晶硅产能
    figure: 21万吨
    addition: {base: 34万吨, base_year: 2023}
    comparator: reach
    measure: capacity
    national: polysilicon
    text: 到2025年，新增多晶硅产能21万吨，光伏组件产能达到30GW以上
  - id: modules_2027
    name: 光伏组件产能
    figure: 30GW
    year: 2027
    comparator: reach
    measure: capacity
    text: 预计到2027年，光伏组件产能达到30GW
  - id: modules_2025
    name: 光伏组件产能
    figure: 30GW
    comparator: reach
    measure: capacity
    text: 到2025年，新增多晶硅产能21万吨，光伏组件产能达到30GW以上
  - id: ghost
    name: 储能
    figure: 5GWh
    comparator: reach
    measure: capacity
    text: 到2025年，储能达到5GWh
  - id: wrong_figure
    name: 新能源装机
    figure: 1300万千瓦
    comparator: reach
    measure: capacity
    text: 截至2023年底，全市新能源装机达到1200万千瓦
"""


def test_checks_are_named_and_records_pair_by_year(tmp_path, cli):
    f = tmp_path / "t.yaml"
    f.write_text(DATA, encoding="utf-8")
    src = tmp_path / "doc.txt"
    src.write_text(TEXT, encoding="utf-8")
    from capacity.load import read_targets

    res = against(extract(TEXT), read_targets(f), TEXT)
    # the addition's figure (21万吨, stored as 55万吨 = 34 + 21) is in the text: not flagged
    assert all(r["id"] != "poly_added" for r in res["data_only"])
    # the 2025 figure pairs with the 2025 record (at_least vs reach), the forecast with the 2027 one
    by_id = {r["data_id"]: r for r in res["differs"]}
    assert by_id["modules_2025"]["checks"] == ["comparator"]
    assert by_id["modules_2027"]["checks"] == ["stance"]  # forecast in the text, a goal in the data
    assert {r["id"]: r["check"] for r in res["data_only"]} == {"ghost": "text not in the document",
                                                             "wrong_figure": "figure not in the text"}
    assert [(r["figure"], r["check"]) for r in res["status_only"]] == [("1200万千瓦", "figure not in the data")]
    r = cli("extract", src, "--against", f)
    assert r.exit_code == 0
    assert "ghost 5GWh  (line" in r.stdout and "text not in the document" in r.stdout
    assert "figure not in the text" in r.stdout and "comparator: text at_least, data reach" in r.stdout
    r = cli("extract", src, "--against", f, "--format", "json")
    assert json.loads(r.stdout)["schema"] == "capacity.extract-against/2"


def test_a_year_mismatch_is_named(tmp_path):
    from capacity.load import read_targets

    f = tmp_path / "t.yaml"
    f.write_text(DATA.replace("    year: 2027\n", "    year: 2026\n"), encoding="utf-8")
    res = against(extract(TEXT), read_targets(f), TEXT)
    got = {r["data_id"]: r["checks"] for r in res["differs"]}
    assert "year" in got["modules_2027"]
