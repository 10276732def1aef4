"""Every command's table output fits the terminal (80, 100 and 200 columns, East Asian wide characters
counted as two cells) and keeps every id, number and source name whole: each word of the output at an
unlimited width appears unbroken in the output at the narrow one."""

from __future__ import annotations

import json
import re
import unicodedata

import pytest

COMMANDS = [
    ["report"],
    ["reconcile"],
    ["check"],
    ["whatif", "--drop-project", "通威三期"],
    ["whatif", "--national", "polysilicon=230萬噸", "--all"],
    ["solve", "polysilicon"],
    ["solve", "industrial_silicon"],
    ["sweep", "national.polysilicon", "200萬噸", "400萬噸", "--steps", "5"],
    ["simulate", "--samples", "500"],
    ["targets"],
    ["targets", "--lang", "en"],
    ["sources"],
    ["convert", "87万吨", "t"],
    ["validate"],
    ["report", "--lang", "zh"],
    ["report", "--units", "si"],
    ["simulate", "--samples", "500", "--lang", "zh"],
    ["targets", "--projects", "--lang", "zh"],
]

URL_LINE = re.compile(r"^\s*[(\[（<]?https?://\S+$")
DECORATION = re.compile(r"^[█░┃─│┤●○ ]+$")  # bars and chart strokes: left out when a table is narrow


def cell_width(line: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in line)


def run(cli, monkeypatch, args, width):
    monkeypatch.setenv("COLUMNS", str(width))
    monkeypatch.setenv("NO_COLOR", "1")
    res = cli(*args)
    assert res.exit_code in (0, 1), res.stdout + res.stderr
    return res.stdout


@pytest.mark.parametrize("args", COMMANDS, ids=lambda a: " ".join(a))
def test_every_table_fits_and_keeps_words_whole(cli, monkeypatch, args):
    wide = run(cli, monkeypatch, args, 2000)
    lines = wide.splitlines()
    body = [ln for i, ln in enumerate(lines) if not (i + 1 < len(lines) and lines[i + 1].startswith("───"))]
    words = {w for ln in body for w in ln.split() if not DECORATION.match(w)}  # column headers aside
    for width in (80, 100, 200):
        out = run(cli, monkeypatch, args, width)
        # a line may be wider than the terminal only to hold an address whole, alone on its line
        too_wide = [ln for ln in out.splitlines() if cell_width(ln) > width and not URL_LINE.match(ln)]
        assert not too_wide, f"{width}: {too_wide[:3]}"
        assert not [ln for ln in out.splitlines() if ln != ln.rstrip()], "trailing spaces"
        text = out.replace("\n", " ")
        missing = sorted(w for w in words if w not in text)  # URLs included: never split
        assert not missing, f"{width}: {missing[:10]}"


def test_source_names_and_ids_whole_at_80(cli, monkeypatch):
    out = run(cli, monkeypatch, ["sources"], 80)
    assert "中国有色金属工业协会硅业分会" in out
    out = run(cli, monkeypatch, ["report"], 80)
    assert "industrial_silicon_per_polysilicon" in out and "monocrystalline_silicon" in out
    assert "323.1" in out and "217.5" in out  # polysilicon's national figure and headroom, in 萬噸
    out = run(cli, monkeypatch, ["report", "--units", "si"], 80)
    assert "3,231,000" in out and "2,175,000" in out


def test_a_url_wider_than_the_terminal_is_never_split():
    from capacity.render import fold_word, wrap

    url = "https://www.hydrogeninsight.com/electrolysers/chinese-are-catching-up-technologically-longi-s-new-hydrogen"
    assert fold_word(url, 40) == [url]
    assert wrap(f"longi: 2.2 ({url}, 2024) and more words here", 40, "  ") == [
        "longi: 2.2", f"  ({url},", "  2024) and more words here"]
    assert fold_word("a" * 50, 40) == ["a" * 40, "a" * 10]  # any other word wider than the line is folded


def test_sources_keeps_every_url_whole_at_80_columns_piped(cli, monkeypatch):
    out = run(cli, monkeypatch, ["sources"], 80)
    payload = json.loads(cli("sources", "--format", "json").stdout)
    urls = {s["url"] for f in payload["factors"] for s in f["sources"] if s.get("url")}
    printed = re.findall(r"https?://\S+", out)
    assert printed and {u.rstrip(",)") for u in printed} <= urls  # every address printed is a whole one
    assert any(len(u) > 80 for u in printed)  # the longest stay whole, wider than the terminal


def test_the_fast_cell_count_agrees_with_rich():
    """render.cells counts ASCII and Chinese text itself (rich's cell_len was most of a 10k-row table's
    time); it must say what rich says, character by character and on mixed text."""
    from rich.cells import cell_len

    from capacity import render
    from capacity.render import cells

    for lo, hi in ((0x20, 0x7F), (0x3000, 0x3040), (0x3400, 0x4DC0), (0x4E00, 0xA000), (0xFF01, 0xFF61)):
        for c in range(lo, hi):
            assert cells(chr(c)) == cell_len(chr(c)), hex(c)
    classes = render._WIDE + render._NARROW  # every range the fast count claims, one and two cells
    ranges = [(ord(classes[i]), ord(classes[i + 2])) for i in range(0, len(classes), 3)]
    assert all(classes[i + 1] == "-" for i in range(0, len(classes), 3)) and (0x2500, 0x259F) in ranges
    for lo, hi in ranges:
        for c in range(lo, hi + 1):
            assert cells(chr(c)) == cell_len(chr(c)), hex(c)
            assert cells(f"a{chr(c)}萬 ") == cell_len(f"a{chr(c)}萬 "), hex(c)
    for text in ("包頭市 (Baotou) 包黨發〔2024〕1號", "多晶硅產能 87萬噸 ≥40%", "✅ ⚠️ ❔", "a\u302ab", "tab\there", "",
                 "██░░ ┃  ", "−1.5 ± 0.2 → ≤ 3×", "«café» ½ …"):
        assert cells(text) == cell_len(text), text
