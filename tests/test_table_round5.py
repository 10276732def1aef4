"""Round five of a large table's cost (issue 24: a table for 10k results at most 1.3x the JSON of the same
run; benchmarks/bench_table.py). The views word each distinct number, bar, goal mark and fallback once
(capacity/views.py), and the renderer counts each distinct text's cells once, packs a line's words by their
summed cells and pads a column of plain ASCII with str's own padding (capacity/render). Each memo is keyed by
everything its text follows from: these tests hold the texts where a key must differ (digits, separators,
width, threshold, comparator, language) and the whole table of a two-region run, worked out by hand, in
English and Chinese, at three widths.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from capacity import render, views
from capacity.doc import Column, View
from capacity.messages import Msg, message
from capacity.render import cells, table_lines, text_lines, wrap

# ------------------------------------------------------------------ a two-region run, by hand

REGION = """schema_version: 1
region:
  id: r{n}
  name: 地區{n}
  target_year: 2024
sections:
  - section: 二
    title: 硅
targets:
  - id: poly
    section: 二
    name: 多晶硅{n}
    figure: 0.21萬噸
    comparator: reach
    measure: capacity
    national: polysilicon
    threshold:
      figure: 2%
      kind: share
  - id: store
    section: 二
    name: 儲能{n}
    figure: 4.12GWh
    comparator: reach
    measure: capacity
    national: energy_storage
    threshold:
      figure: 1%
      kind: share
      warn_within: 2
"""


@pytest.fixture(scope="module")
def regions(tmp_path_factory) -> list[str]:
    folder = tmp_path_factory.mktemp("two-regions")
    paths = []
    for n in (0, 1):
        p = folder / f"r{n}.yaml"
        p.write_text(REGION.format(n=n), encoding="utf-8")
        paths.append(str(p))
    return paths


def _table(cli, monkeypatch, regions, width: int, lang: str) -> list[str]:
    monkeypatch.setenv("COLUMNS", str(width))
    res = cli("check", "-t", regions[0], "-t", regions[1], "--lang", lang)
    assert res.exit_code == 1, res.stdout + res.stderr  # the polysilicon claims fail
    return res.stdout.splitlines()


# 0.21萬噸 of 323.1萬噸 is 0.065% (0.1%), 1.935 points under 2% (-1.9); the gap 2% × 323.1 − 0.21 = 6.252;
# the headroom 0.21 / 2% = 10.5. 4.12 GWh of 168 GWh (installed: no capacity figure) is 2.452% (2.5%),
# +1.452 points over 1% (+1.5, within the warning's 2 points: WARN); the gap 1.68 − 4.12 = −2.44; the
# headroom 4.12 / 1% = 412. Its bar ends at 1.5%: full (8 cells), the threshold at int(8 / 1.5) = 5.
EN_ROWS = [
    "r0:poly   萬噸   0.21     323.1  2024 cap     0.1% [≥2%]       ┃    -1.9   6.25      10.5  FAIL",
    "r0:store  GWh    4.12       168  2024 inst    2.5% [≥1%]  █████┃██  +1.5  -2.44       412  WARN",
    "r1:poly   萬噸   0.21     323.1  2024 cap     0.1% [≥2%]       ┃    -1.9   6.25      10.5  FAIL",
    "r1:store  GWh    4.12       168  2024 inst    2.5% [≥1%]  █████┃██  +1.5  -2.44       412  WARN",
]


def test_two_regions_in_english_at_120(cli, monkeypatch, regions):
    lines = _table(cli, monkeypatch, regions, 120, "en")
    start = lines.index("Shares of the national total")
    assert lines[start + 1].split() == ["Target", "Unit", "Local", "National", "Denom.", "Share", "[goal]", "Bar",
                                        "±pp", "Gap", "Headroom"]
    assert lines[start + 3:start + 7] == EN_ROWS
    # one note per row, its fallback worded once for both regions; a note wider than 120 goes on indented
    assert "r0:poly: 323.1万吨 (end-2024, capacity, 中国有色金属工业协会硅业分会 (Silicon Industry Branch, CNMIA))" in lines
    i = lines.index("r1:store: 168 GWh (end-2024, installed, 国家能源局 (NEA) press conference, 2025-01-23) "
                    "[no capacity figure up to 2024 on")
    assert lines[i + 1] == "  file; used installed]"
    assert lines[-1] == "check: 2 failed, 2 warnings, 0 passed, 0 undecided (exit 1)"


def test_two_regions_in_chinese_at_120_80_and_60(cli, monkeypatch, regions):
    lines = _table(cli, monkeypatch, regions, 120, "zh")
    assert "r0:多晶硅0  萬噸  0.21  323.1  2024 产能   0.1% [≥2%]       ┃       -1.9   6.25  10.5  未达标" in lines
    assert "r1:儲能1    GWh   4.12    168  2024 装机   2.5% [≥1%]  █████┃██     +1.5  -2.44   412   临界" in lines
    # the fallback in Chinese (worded once, from its codes), wrapped at a space between wide characters
    i = lines.index("r1:store：168 GWh（2024年末，装机，国家能源局 (NEA) press conference, 2025-01-23）"
                    "［文件中没有产能口径的数据（截至 2024")
    assert lines[i + 1] == "  年）；改用装机］"
    assert all(cells(ln) <= 120 for ln in lines)

    lines = _table(cli, monkeypatch, regions, 80, "zh")  # the denominator and goal wrap in their columns
    i = lines.index("r0:多晶硅0  萬噸  0.21  323.1  2024           0.1%     -1.9   6.25  10.5  未达标")
    assert lines[i + 1] == "                               产能          [≥2%]"
    assert lines[i + 8] == "（此宽度下省略：条形；加宽终端或用 --format csv 可见）"

    lines = _table(cli, monkeypatch, regions, 60, "zh")  # one record a block
    i = lines.index("r0:儲能0  临界")
    assert lines[i + 1:i + 4] == ["  单位: GWh   本地: 4.12   全国: 168   分母: 2024 装机",
                                  "  比重 [门槛]: 2.5% [≥1%]   条形: █████┃██   ±百分点: +1.5",
                                  "  缺口: -2.44   余量: 412"]


# ------------------------------------------------------------------ the views' memos: keyed by all they follow from


def test_num_and_pct_are_worded_per_value_digits_and_separators():
    assert views.num(1234.5) == "1,234"  # whole above a thousand (round half to even)
    assert views.num(1234.5, sep=False) == "1234"
    assert views.num(1234.5) == "1,234"
    assert views.num(1.23456) == "1.23"
    assert views.num(1.23456, 3) == "1.235"
    assert views.num(1.23456) == "1.23"
    assert views.num(1) == views.num(1.0) == views.num(True) == "1"
    assert views.num(-1.1e-16) == "0" and views.num(None) == ""
    assert views.pct(0.1234) == "12.3%"
    assert views.pct(0.1234, 0) == "12%"
    assert views.pct(0.1234, 2) == "12.34%"
    assert views.pct(0.1234) == "12.3%" and views.pct(None) == ""


def test_a_bar_is_drawn_per_range_threshold_and_width():
    assert views.bar([0.0245, 0.0245], 0.01) == "█████┃██"  # past 1.5x the threshold: full
    assert views.bar([0.0245, 0.0245], 0.02) == "█████┃█ "  # 0.0245 / 0.03 × 8 = 6.5 → 7 cells
    assert views.bar([0.0245, 0.0245], 0.01, 4) == "██┃█"
    assert views.bar([0.005, None], 0.01) == "███░░┃░░"  # at least 0.5%: the rest unknown
    assert views.bar([0.005, 0.005], None) == " " * 8  # 0.5% of a 0-100% bar: nothing filled
    assert views.bar([None, None], 0.01) == ""


def test_a_goal_mark_is_per_comparator_and_threshold():
    assert views.goal_mark({"comparator": "at_least", "threshold": 0.4}) == " [≥40%]"
    assert views.goal_mark({"comparator": "at_most", "threshold": 0.4}) == " [≤40%]"
    assert views.goal_mark({"comparator": "at_least", "threshold": 0.05}) == " [≥5%]"
    assert views.goal_mark({"comparator": "at_least", "threshold": None}) == ""


def test_a_fallback_is_worded_once_per_notes_list_and_in_each_language():
    shared = [{"code": "year_fallback", "params": {"year": 2024, "used": 2023}}]
    a = views._fallback({"fallback": "as written", "fallback_notes": shared})
    b = views._fallback({"fallback": "as written", "fallback_notes": shared})
    assert a is b and a == "no 2024 figure; used 2023"
    assert a.text("zh") == message("year_fallback", "zh", year=2024, used=2023) != a
    other = views._fallback({"fallback": "x", "fallback_notes": [{"code": "year_fallback",
                                                                  "params": {"year": 2024, "used": 2022}}]})
    assert other == "no 2024 figure; used 2022"
    assert views._fallback({"fallback": "as written", "fallback_notes": []}) == "as written"


def test_a_message_with_a_list_of_words_is_what_message_says():
    flags = [Msg("flag.proxy"), "as written"]
    params = dict(id="r0:t1", text="1 GW", period=Msg("period", p="end-2024"), basis="capacity", source="NEA")
    m = Msg("note.national_flags", **params, flags=flags)
    assert m == message("note.national_flags", "en", **params, flags=flags)
    assert m == "r0:t1: 1 GW (end-2024, capacity, NEA) [proxy series; as written]"
    assert m.text("zh") == message("note.national_flags", "zh", **params, flags=flags)
    assert "2024年末" in m.text("zh") and "［" in m.text("zh")
    assert Msg("denom.cell", year=2024, basis="cap") == "2024 cap"  # an int as it is
    nested = [{"code": "year_fallback", "params": {"year": 2024, "used": 2023}}]  # not plain: message() words it
    assert Msg("note.id", id="x", text=nested) == message("note.id", "en", id="x", text=nested)


# ------------------------------------------------------------------ the renderer's memo and fast paths


def test_cells_are_counted_once_per_text_and_stay_right_when_the_memo_is_emptied(monkeypatch):
    monkeypatch.setattr(render, "_CELLS_LIMIT", 2)
    texts = {"萬噸": 4, "萬噸 GW": 7, "≥40%": 4, "█████┃██": 8, "é": 1, "a\u3000b": 4, "e\u0301" * 3: 3}
    for _ in range(3):
        for text, n in texts.items():
            assert cells(text) == n, text
    assert len(render._CELLS) <= 3


def test_a_long_text_is_wider_than_the_line_only_when_its_characters_say_so():
    assert render._within("a" * 40, 40) and not render._within("a" * 41, 40)
    assert render._within("萬" * 30, 60) and not render._within("萬" * 30, 59)
    # 60 characters but 30 cells (combining accents take none): within 40, kept on one line
    assert render._within("e\u0301" * 30, 40)
    assert wrap("e\u0301" * 30, 40) == ["e\u0301" * 30]


def test_wrap_by_width_wide_characters_urls_and_folds():
    text = "國家統計局 國家能源局 中國有色金屬工業協會"
    assert wrap(text, 12) == ["國家統計局", "國家能源局", "中國有色金屬", "工業協會"]  # 10, 10, 12 + 8 cells
    assert wrap(text, 22) == ["國家統計局 國家能源局", "中國有色金屬工業協會"]
    assert wrap(text, 42) == [text]
    url = "https://example.org/a/very/long/path/that/never/breaks"
    assert wrap(f"see {url} end", 20, "  ") == ["see", f"  {url}", "  end"]  # alone on its line, whole
    assert wrap("abcdefghijklmnopqrstuvwxyz ab cd", 10) == ["abcdefghij", "klmnopqrst", "uvwxyz ab", "cd"]
    assert wrap("a  b   c", 3) == ["a b", "c"]  # runs of spaces are one break
    assert text_lines("one two three", 13) == ["one two three"]
    assert text_lines("one two three", 8) == ["one two", "  three"]


def test_ascii_columns_padded_by_str_as_by_cell():
    cols = [Column("a", "A"), Column("b", "B", "right"), Column("c", "C", "center"), Column("d", "D")]
    rows = [{"a": "x", "b": "1,234", "c": "ok", "d": "█ ┃   "}, {"a": "long one", "b": "5", "c": "no!", "d": "萬噸"},
            {"a": "tail  ", "b": "12  ", "c": "", "d": Msg("flag.proxy")}]
    got = table_lines(View("", cols, rows, styles=["red", None]), 60)
    # widths 8, 5 (right), 3 (centred), 12; a cell's trailing spaces (a bar's empty end) are not padding
    assert got == [("A" + " " * 13 + "B   C   D", "bold"), ("─" * (8 + 5 + 3 + 12 + 3 * 2), None),
                   ("x         1,234  ok   █ ┃", "red"),
                   ("long one      5  no!  萬噸", None),
                   ("tail         12       proxy series", None)]
