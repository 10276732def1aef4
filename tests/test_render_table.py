"""The table renderer's fast paths say exactly what the plain ones say.

``render.print_lines`` hands the console ready segments instead of one styled rich ``Text``; ``wrap`` adds
up a line's cells instead of counting every candidate line again; ``table_lines`` pads a row whose cells
fit without wrapping each. Each is held here to the plain way (rich's own ``Text`` printing; the word
loop counting each candidate whole; every cell through ``wrap``), on many drawn cases. And a table far
larger than a pipe's buffer keeps the CLI's stdout rules: ``| head`` ends quietly with the computed exit
code, ``/dev/full`` and a closed stdout end with exit 2 and one error on stderr.
"""

from __future__ import annotations

import io
import os
import random
import subprocess
import sys
from pathlib import Path

import pytest
from rich.console import Console
from rich.text import Text

from capacity import render
from capacity.doc import Column, View
from capacity.render import _pad, cells, fold_word, is_url, print_lines, table_lines, wrap

REPO = Path(__file__).resolve().parent.parent

# ------------------------------------------------------------------ printing: segments against one Text


def _console(buf: io.StringIO, **kw) -> Console:
    return Console(file=buf, width=40, highlight=False, soft_wrap=False, **kw)


CONSOLES = [dict(force_terminal=False), dict(force_terminal=True, color_system="standard"),
            dict(force_terminal=True, color_system="256"), dict(force_terminal=True, color_system="truecolor"),
            dict(force_terminal=True, color_system="truecolor", no_color=True)]

PAGES = [
    [("Title", "bold"), ("A  B", "bold"), ("────", None), ("x  1", "green"), ("y  2", "bold red"), ("", None),
     ("note", "dim"), ("note two", "dim"), ("", "dim"), ("footer", None)],
    [("only plain", None)],
    [("", None), ("", "bold"), ("", None)],
    [("包頭市 多晶硅 ≥40% ████ ┃", "magenta"), ("https://example.org/" + "a" * 60, None), ("wide 萬噸", "cyan")],
    [("a\ttab", "bold"), ("bell\x07 here", None), ("cr\r", "dim")],  # rich expands and drops these: its own Text
    [("unknown style", "not-a-style"), ("theme style", "repr.number")],
]


@pytest.mark.parametrize("kw", CONSOLES, ids=lambda kw: "-".join(f"{k}={v}" for k, v in kw.items()))
@pytest.mark.parametrize("page", PAGES, ids=range(len(PAGES)))
def test_printed_lines_are_what_rich_prints_for_one_text(kw, page):
    want, got = io.StringIO(), io.StringIO()
    text = Text()
    for k, (line, style) in enumerate(page):  # the way render_table printed a page before
        if k:
            text.append("\n")
        text.append(line, style=style or "")
    _console(want, **kw).print(text, soft_wrap=True)
    print_lines(_console(got, **kw), page)
    assert got.getvalue() == want.getvalue()
    if kw.get("color_system") and not kw.get("no_color") and page is PAGES[0]:
        assert "\x1b[1;31m" in got.getvalue()  # colour is written: the comparison is not between plain texts


# ------------------------------------------------------------------ wrap: the sum of the pieces' cells


def _wrap_counting_whole(text: str, width: int, indent: str = "") -> list[str]:
    """wrap as it was: every candidate line counted whole."""
    out: list[str] = []
    for para in str(text).split("\n"):
        if cells(para.rstrip()) <= width - (len(indent) if out else 0):
            out.append((indent if out else "") + para.rstrip())
            continue
        line = ""
        for w in [w for w in para.split(" ") if w]:
            cand = f"{line} {w}" if line else (indent if out else "") + w
            if cells(cand) <= width:
                line = cand
                continue
            if line:
                out.append(line)
                cand = (indent if out else "") + w
                line = ""
                if cells(cand) <= width:
                    line = cand
                    continue
            if is_url(w):
                out.append(cand)
                continue
            pieces = fold_word(cand, width)
            out.extend(pieces[:-1])
            line = pieces[-1]
        if line or not out:
            out.append(line)
    return [x.rstrip() for x in out] or [""]


ALPHABET = ["a", "bc", "defg", "hijklmnopq", "1,234.5", "萬噸", "包頭市", "≥", "─", "█", "é", "😀", "⚠\ufe0f",
            "\u200d", "\ufe0f", "👩\u200d💻", "a/b/c-d_e", "https://example.org/x", "\u3000", "\t", "\x07",
            "x" * 30]


def test_wrap_counts_lines_as_the_whole_count_does():
    rng = random.Random(24)
    for _ in range(3000):
        words = [rng.choice(ALPHABET) for _ in range(rng.randint(0, 25))]
        text = "".join(w + rng.choice([" ", " ", "  ", "", "\n"]) for w in words)
        width = rng.randint(8, 60)
        indent = rng.choice(["", "  "])
        assert wrap(text, width, indent) == _wrap_counting_whole(text, width, indent), (text, width, indent)


# ------------------------------------------------------------------ table rows: padded as wrapped


def _fit_as_it_was(columns: list, texts: dict, width: int, shrink_all: bool):
    nat, low = {}, {}
    for c in columns:
        lines = [ln for t in texts[c.key] for ln in t.split("\n")]
        n = max([cells(ln) for ln in lines] or [0])
        lo = max([cells(w) for ln in lines for w in ln.split(" ") if w] or [0])
        if c.max_width:
            n = max(lo, min(n, c.max_width))
        nat[c.key], low[c.key] = n, lo
    widths = dict(nat)
    over = sum(widths.values()) + 2 * (len(columns) - 1) - width
    shrinkable = [c.key for c in columns if (not c.no_wrap or c.max_width or shrink_all) and not c.drop]
    while over > 0:
        cands = [k for k in shrinkable if widths[k] > low[k]]
        if not cands:
            return None
        k = max(cands, key=lambda k: widths[k])
        widths[k] -= 1
        over -= 1
    return widths


def _table_lines_as_it_was(view: View, width: int) -> list:
    """table_lines the plain way: every column measured whole for each attempt, every cell through wrap."""
    texts = {c.key: [c.header] + [render._cell_text(r.get(c.key, "")) for r in view.rows] for c in view.columns}
    kept = [c for c in view.columns if not c.drop]
    for cols, shrink_all in [(view.columns, False), (kept, False), (view.columns, True), (kept, True)]:
        widths = _fit_as_it_was(cols, texts, width, shrink_all)
        if widths is not None:
            break
    else:
        return render._block_lines(view, width)
    out = []
    header = [wrap(c.header, widths[c.key]) for c in cols]
    for i in range(max(len(h) for h in header)):
        out.append(("  ".join(_pad(h[i] if i < len(h) else "", widths[c.key], c.align)
                              for c, h in zip(cols, header)).rstrip(), "bold"))
    out.append(("─" * (sum(widths.values()) + 2 * (len(cols) - 1)), None))
    for j, r in enumerate(view.rows):
        style = view.styles[j] if j < len(view.styles) else None
        wrapped = [wrap(render._cell_text(r.get(c.key, "")), widths[c.key]) for c in cols]
        for i in range(max(len(w) for w in wrapped)):
            parts = [_pad(w[i] if i < len(w) else "", widths[c.key], c.align) for c, w in zip(cols, wrapped)]
            out.append(("  ".join(parts).rstrip(), style))
    if len(cols) < len(view.columns):
        out.append(("(left out)", "dim"))
    return out


CELLS = ["", "x", "1,234", "萬噸", "87萬噸 (2024)", "█ ┃   ", "██      ", "trailing  ", "two\nlines", "end\n",
         "a long text of many words that has to wrap somewhere", "≥40%", "\u3000wide space\u3000", "PASS"]


def test_tables_are_laid_out_as_they_were():
    rng = random.Random(2024)
    for _ in range(400):
        n = rng.randint(1, 6)
        cols = [Column(f"c{i}", rng.choice(["", "H", "Header", "頭 部"]), rng.choice(["left", "right", "center"]),
                       no_wrap=rng.random() < 0.5, max_width=rng.choice([None, None, 12]), drop=i > 0 and rng.random() < 0.2)
                for i in range(n)]
        rows = [{c.key: rng.choice(CELLS) for c in cols} for _ in range(rng.randint(1, 8))]
        view = View("", cols, rows, styles=[rng.choice([None, "red"]) for _ in rows])
        width = rng.randint(20, 90)
        got, want = table_lines(view, width), _table_lines_as_it_was(view, width)
        if want and want[-1] == ("(left out)", "dim"):  # the words of that line are the renderer's own
            assert got[:len(want) - 1] == want[:-1] and got[-1][1] == "dim", (width, rows)
        else:
            assert got == want, (width, rows)


# ------------------------------------------------------------------ a large table and stdout's rules


def _big_targets(path: Path, n: int) -> None:
    out = ["schema_version: 1\nregion:\n  id: big\n  name: 大市\n  target_year: 2024\n"
           "sections:\n  - section: 二\n    title: 硅\ntargets:\n"]
    for i in range(n):
        out.append(f"  - id: t{i:05d}\n    section: 二\n    name: 目標{i}\n    figure: {1 + i % 50}.5萬噸\n"
                   "    comparator: reach\n    measure: capacity\n    national: polysilicon\n    threshold:\n"
                   "      figure: 30%\n      kind: share\n    text: 目標\n")
    path.write_text("".join(out), encoding="utf-8")


@pytest.fixture(scope="module")
def big(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("big-table")
    _big_targets(folder / "big.yaml", 1500)
    return folder


def _sh(folder: Path, redirect: str) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "FORCE_COLOR", "COLUMNS")}
    env["PYTHONPATH"] = str(REPO)
    cmd = f"'{sys.executable}' -m capacity check --targets big.yaml {redirect}"
    return subprocess.run(["bash", "-c", cmd], cwd=folder, capture_output=True, text=True, env=env, timeout=120,
                          stdin=subprocess.DEVNULL)


def test_a_large_table_keeps_stdouts_rules(big):
    whole = _sh(big, "> table.txt")
    assert whole.returncode == 1, whole.stderr  # every claim fails: 1.5 to 50.5 萬噸 of 323.1 is under 30%
    assert (big / "table.txt").stat().st_size > 200_000  # larger than a pipe's buffer
    assert "t01499" in (big / "table.txt").read_text(encoding="utf-8")
    head = _sh(big, "| head -c 100 > /dev/null; exit ${PIPESTATUS[0]}")
    assert head.returncode == 1 and head.stderr == "", head.stderr  # the reader left: quiet, the code kept
    if os.path.exists("/dev/full"):
        full = _sh(big, "> /dev/full")
        assert full.returncode == 2
        assert full.stderr.startswith("error: cannot write to stdout: no space left on the device"), full.stderr
        assert len(full.stderr.splitlines()) == 2 and "Traceback" not in full.stderr
    closed = _sh(big, ">&-")
    assert closed.returncode == 2
    assert "error: cannot write to stdout: it is closed; the output is lost" in closed.stderr
