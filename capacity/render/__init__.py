"""Render: one renderer per format, shared by every command.

A command's result is a ``Doc``: a JSON payload (what ``--format json`` prints, byte for byte the
library's dict) plus ``View``s (titled tables of display strings and the raw values behind them).
``table`` draws the views on a rich Console that the caller makes (the CLI's, on stdout), ``markdown`` as pipe tables, ``csv`` writes the raw values
(no thousands separators, numbers as numbers), ``json`` the payload.
"""

from __future__ import annotations

import re

import csv
import io
import json
import math
from bisect import bisect_right
from itertools import accumulate
from operator import methodcaller
from typing import Any, Callable, Optional

from capacity.doc import Column, Doc, View  # noqa: F401 – the document model, drawn here
from capacity.memo import by_value
from capacity.messages import Msg
from capacity.render.fastjson import dumps, finite

FORMATS = ("table", "json", "csv", "markdown", "xlsx")


def to_json(payload: Any) -> str:
    """JSON text; an infinite or undefined number (a supply ratio over a need of zero) is null, the
    contract's open end, never ``Infinity``, which is not JSON."""
    return to_json_bytes(payload).decode("utf-8")


def to_json_bytes(payload: Any) -> bytes:
    """The JSON contract's formatting (indent 2, UTF-8, a final newline; non-finite numbers null), written
    fast (render/fastjson.py)."""
    return dumps(payload, default=_json_default)


_finite = finite  # the name it had here


def _json_default(o: Any) -> Any:
    if isinstance(o, (set, tuple)):
        return list(o)
    raise TypeError(f"not JSON serialisable: {type(o).__name__}")


def flatten(row: dict, prefix: str = "") -> dict:
    """Nested dicts to dotted keys; lists of scalars joined by '; ', lists of dicts as JSON."""
    out: dict = {}
    for k, v in row.items():
        key = f"{prefix}{k}"
        if _is_notes(k, v):  # notes as codes (``notes``, ``fallback_notes``): the words are in ``note``, ``fallback``
            continue
        if isinstance(v, dict):
            out.update(flatten(v, key + "."))
        elif isinstance(v, list) and key.endswith("_range") and len(v) == 2 and \
                all(x is None or isinstance(x, (int, float)) for x in v):
            base = key[: -len("_range")]  # a range is two columns of plain numbers (empty: an open end)
            out[f"{base}_low"], out[f"{base}_high"] = v
        elif isinstance(v, list):
            if all(not isinstance(x, (dict, list)) for x in v):
                out[key] = "; ".join("" if x is None else _csv_scalar(x) for x in v)
            else:
                out[key] = json.dumps(_without_notes(v), ensure_ascii=False)
        else:
            out[key] = v
    return out


def _without_notes(v: Any) -> Any:
    """``v`` without its note records (nested in a list of records: a claim's other denominators)."""
    if isinstance(v, dict):
        return {k: _without_notes(x) for k, x in v.items() if not _is_notes(k, x)}
    if isinstance(v, list):
        return [_without_notes(x) for x in v]
    return v


NOTE_KEYS = frozenset({"notes", "fallback_notes", "context_notes", "chosen_notes", "sentence_notes", "not_added_notes",
                       "why_notes", "explain_notes"})


def _is_notes(key: str, v: Any) -> bool:
    """Whether ``v`` (under ``key``) is a row's notes as codes, which tables and CSV leave out (their words
    are in ``note``, ``fallback`` …)."""
    return _note_records(v) or (key in NOTE_KEYS and isinstance(v, list) and not v)


def _note_records(v: Any) -> bool:
    """Whether ``v`` is a list of note records (``{"code", "params"}``), which tables leave out."""
    return isinstance(v, list) and bool(v) and all(isinstance(x, dict) and set(x) == {"code", "params"} for x in v)


def _csv_scalar(v: Any) -> str:
    if v is None:
        return ""
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, float):
        if math.isinf(v):
            return "inf"
        if v.is_integer() and abs(v) < 1e15:
            return str(int(v))
        return repr(v)
    return str(v)


def to_csv(rows: list[dict]) -> str:
    flat = [flatten(r) for r in rows]
    columns: list[str] = []
    for r in flat:
        for k in r:
            if k not in columns:
                columns.append(k)
    # A key that is null on some rows and an object on others (gap, factor…) would leave an always-empty
    # column beside its dotted ones: keep only columns that hold something.
    columns = [c for c in columns if any(r.get(c) not in (None, "") for r in flat)]
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(columns)
    for r in flat:
        w.writerow([_csv_cell(r.get(c)) for c in columns])
    return buf.getvalue()


def _csv_cell(v: Any) -> str:
    """A CSV cell: numbers as numbers; text that a spreadsheet would run as a formula (=, +, -, @) escaped."""
    from capacity.outputs import spreadsheet_text

    text = _csv_scalar(v)
    return spreadsheet_text(text) if isinstance(v, str) else text


def render_csv(doc: Doc) -> str:
    if doc.csv_rows is not None:
        return to_csv(doc.csv_rows)
    rows: list[dict] = []
    for v in doc.views:
        rows.extend(v.raw if v.raw is not None else v.rows)
    return to_csv(rows)


def _md_cell(text: Any) -> str:
    return str("" if text is None else text).replace("|", "\\|").replace("\n", " ")


def render_markdown(doc: Doc) -> str:
    out: list[str] = []
    for line in doc.header:  # one paragraph each: Markdown would run consecutive lines together
        out.append(line)
        out.append("")
    for v in doc.views:
        if v.title:
            out.append(f"### {v.title}")
            out.append("")
        out.append("| " + " | ".join(_md_cell(c.header) for c in v.columns) + " |")
        align = {"left": ":---", "right": "---:", "center": ":---:"}
        out.append("|" + "|".join(align[c.align] for c in v.columns) + "|")
        for r in v.rows:
            out.append("| " + " | ".join(_md_cell(r.get(c.key, "")) for c in v.columns) + " |")
        out.append("")
        for n in v.notes:
            out.append(f"- {n}")
        if v.notes:
            out.append("")
    for line in doc.footer:
        out.append(line)
    return "\n".join(out).rstrip() + "\n"


# --------------------------------------------------------------------------------------------- fitting the terminal
#
# One mechanism for every table of every command: a table is laid out for the console's width, never
# wider. In order, until it fits: every column at its natural width; long-text columns (max_width, or
# no_wrap=False) wrapped at spaces; columns marked ``drop`` (decoration such as the bars) left out, with
# a line saying so; every column wrapped at spaces; and last, one record per block ("Header: value"
# pairs packed under the record's id). Text is only ever broken at a space, so an id, a number or a
# source name is never split and no character is dropped; a single word wider than the terminal (a long
# URL) is folded across lines (cut after a '/' where it can be: fold_word), so no line is ever wider than
# the terminal. East Asian wide characters count two cells.

GAP = 2  # spaces between columns


#: Characters two cells wide by rich's count (checked in tests/test_widths.py): CJK punctuation, ideographs
#: and full-width forms, the wide characters of a Chinese text.
_WIDE = "\u3000-\u3029\u3030-\u303e\u3400-\u4dbf\u4e00-\u9fff\uff01-\uff60"
#: Characters one cell wide by rich's count (checked in tests/test_widths.py) though not ASCII: Latin-1,
#: dashes, quotes and ellipses, arrows, mathematical signs (≥ ≤ − ±), box drawing and blocks (the bars).
_NARROW = "\u00a0-\u00ff\u2010-\u2027\u2030-\u205e\u2190-\u22ff\u2500-\u259f"
_KNOWN = re.compile(f"[\x20-\x7e{_NARROW}{_WIDE}]*\\Z")
_WIDE_CHAR = re.compile(f"[{_WIDE}]")


#: cells() of each text that is not printable ASCII, once per text (a table repeats its units, bars, source
#: names and denominators on thousands of rows).
_CELLS: dict = {}
_CELLS_LIMIT = 8192


def cells(text: str) -> int:
    """Terminal cells ``text`` takes (wide characters take two): counted directly for printable ASCII,
    Chinese text and the symbols the tables use (most of a table), by rich for anything else."""
    if text.isascii() and text.isprintable():
        return len(text)
    return by_value(_CELLS, text, _count_cells, text, limit=_CELLS_LIMIT)


def _count_cells(text: str) -> int:
    if _KNOWN.match(text):
        return len(text) + len(_WIDE_CHAR.findall(text))
    from rich.cells import cell_len

    return cell_len(text)


def _words(text: str) -> list[str]:
    if text and "  " not in text and text[0] != " " and text[-1] != " ":  # one space between words: no empty ones
        return text.split(" ")
    return [w for w in text.split(" ") if w]


def _within(text: str, width: int) -> bool:
    """``cells(text) <= width``; a text of known characters longer than ``width`` is wider without counting
    its wide characters (each of its characters takes a cell at least)."""
    if text.isascii() and text.isprintable():
        return len(text) <= width
    if len(text) > width and _KNOWN.match(text):
        return False
    return cells(text) <= width


def wrap(text: str, width: int, indent: str = "") -> list[str]:
    """``text`` in lines of at most ``width`` cells, broken only at spaces (and at its own newlines);
    continuation lines start with ``indent``. A word wider than the line is folded (the only split: fold_word)."""
    out: list[str] = []
    for para in str(text).split("\n"):
        if _within(para.rstrip(), width - (len(indent) if out else 0)):  # fits: kept as it is (inner spacing too)
            out.append((indent if out else "") + para.rstrip())
            continue
        # A line's cells are the sum of its pieces' (counted once each), unless the text joins characters
        # into one (a zero-width joiner, an emoji variation selector): then each candidate is counted whole.
        joins = "\u200d" in para or "\ufe0f" in para
        words = _words(para)
        n = len(words)
        if joins:
            sizes: Any = ()
        elif para.isascii() and para.isprintable():
            sizes = map(len, words)
        elif para.isprintable():  # then an ASCII word's cells are its length
            sizes = [len(w) if w.isascii() else cells(w) for w in words]
        else:
            sizes = map(cells, words)
        ends = list(accumulate(map((1).__add__, sizes), initial=0))  # words[:k], a space after each: ends[k] cells

        def more(line: str, used: int, i: int) -> tuple[str, int, int]:
            """``line`` (``used`` cells) with as many of the words from ``i`` as fit; the next word's index."""
            if joins:
                while i < n:
                    cand = f"{line} {words[i]}"
                    wide = cells(cand)
                    if wide > width:
                        break
                    line, used, i = cand, wide, i + 1
                return line, used, i
            # the last j with used + ends[j] - ends[i] <= width (i itself: none of them fits)
            j = max(i, bisect_right(ends, width - used + ends[i], i) - 1)
            if j > i:
                line = f"{line} {' '.join(words[i:j])}"
                used += ends[j] - ends[i]
            return line, used, j

        line, used, i = "", 0, 0
        while i < n:
            if line:
                line, used, i = more(line, used, i)
                if i == n:
                    break
                out.append(line)  # the next word starts a line of its own
                line = ""
            w = words[i]
            i += 1
            cand = (indent if out else "") + w
            wide = cells(cand) if joins else (cells(indent) if out else 0) + ends[i] - ends[i - 1] - 1
            if wide <= width:
                line, used = cand, wide
                continue
            if is_url(w):  # an address is never split: on a line of its own, wider than the terminal if need be
                out.append(cand)
                continue
            pieces = fold_word(cand, width)  # a single word wider than the line: folded
            out.extend(pieces[:-1])
            line = pieces[-1]
            used = cells(line)
        if line or not out:
            out.append(line)
    return [x.rstrip() for x in out] or [""]


def is_url(word: str) -> bool:
    """Whether ``word`` is an address (http:// or https://), which no line break may split."""
    return word.lstrip("([（<\"'").startswith(("http://", "https://"))


def fold_word(word: str, width: int) -> list[str]:
    """A word wider than ``width`` in pieces of at most ``width`` cells, cut after a ``/``, ``-``, ``_``,
    ``?``, ``&`` or ``=`` where one lies in the second half of a piece, else anywhere. An address (http://,
    https://) is never cut: it stays whole, so that it can be copied and clicked."""
    if is_url(word.lstrip()):
        return [word]
    width = max(width, 8)
    out: list[str] = []
    rest = word
    while cells(rest) > width:
        n, used = 0, 0
        while n < len(rest) and used + cells(rest[n]) <= width:
            used += cells(rest[n])
            n += 1
        cut = max((i + 1 for i in range(n // 2, n) if rest[i] in "/-_?&="), default=n)
        out.append(rest[:cut])
        rest = rest[cut:]
    out.append(rest)
    return out


def _cell_text(val: Any) -> str:
    if type(val) in _TEXTS:  # most cells (a Msg is its English text)
        return val
    if val is None:
        return ""
    plain = getattr(val, "plain", None)
    return plain if isinstance(plain, str) else str(val)


_TEXTS = (str, Msg)  # cells that are their own text
_TEXT_TYPES = frozenset(_TEXTS)


def _column_texts(rows: list[dict], key: str) -> list[str]:
    """A column's cells as text (``_cell_text``)."""
    values = list(map(methodcaller("get", key, ""), rows))
    if set(map(type, values)) <= _TEXT_TYPES:  # every cell its own text (most columns)
        return values
    return [v if type(v) in _TEXTS else _cell_text(v) for v in values]


def _measure(texts: list[str]) -> list[int]:
    """The cells of each text's widest line (a column's cells are counted once, for layout and padding)."""
    if _plain("".join(texts)):  # printable ASCII throughout (so one line each): cells are lengths
        return list(map(len, texts))
    # each distinct text once (a column repeats its units, bars, denominators)
    sizes = {t: max(cells(ln) for ln in t.split("\n")) if "\n" in t else cells(t) for t in dict.fromkeys(texts)}
    return list(map(sizes.__getitem__, texts))


def _plain(text: str) -> bool:
    """Whether ``text`` is printable ASCII (no newline, no tab): one cell a character."""
    return text.isascii() and text.isprintable()


def _narrowest(texts: list[str]) -> int:
    """The narrowest width a column can take without splitting a word: its widest word."""
    return max([cells(w) for t in texts for ln in t.split("\n") for w in _words(ln)] or [0])


def _fit(columns: list[Column], natural: dict, low: Callable[[str], int], width: int,
         shrink_all: bool) -> Optional[dict]:
    """Column widths that fit ``width``, or None. ``natural``: each column's widest line; ``low``: a
    column's narrowest width (its widest word), counted only when a column must shrink."""
    widths = {}
    for c in columns:
        n = natural[c.key]
        if c.max_width:  # a long-text column: at most max_width
            n = max(low(c.key), min(n, c.max_width))
        widths[c.key] = n
    gaps = GAP * (len(columns) - 1)
    over = sum(widths.values()) + gaps - width
    if over <= 0:
        return widths
    shrinkable = [c.key for c in columns if (not c.no_wrap or c.max_width or shrink_all) and not c.drop]
    while over > 0:
        cands = [k for k in shrinkable if widths[k] > low(k)]
        if not cands:
            return None
        k = max(cands, key=lambda k: widths[k])
        widths[k] -= 1
        over -= 1
    return widths


def _layout(view: View, width: int, texts: dict, measured: dict) -> tuple[Optional[list[Column]], Optional[dict]]:
    natural = {k: max(m) for k, m in measured.items()}
    lows: dict = {}

    def low(key: str) -> int:
        if key not in lows:
            lows[key] = _narrowest(texts[key])
        return lows[key]

    kept = [c for c in view.columns if not c.drop]
    attempts = [(view.columns, False), (kept, False), (view.columns, True), (kept, True)]
    for cols, shrink_all in attempts:
        widths = _fit(cols, natural, low, width, shrink_all)
        if widths is not None:
            return cols, widths
    return None, None


def _pad(text: str, width: int, align: str) -> str:
    return _spaced(text, width - cells(text), align)


def _spaced(text: str, gap: int, align: str) -> str:
    """``text`` with ``gap`` spaces (none when gap ≤ 0) placed as ``align`` says."""
    if gap <= 0:
        return text
    if align == "right":
        return " " * gap + text
    if align == "center":
        return " " * (gap // 2) + text + " " * (gap - gap // 2)
    return text + " " * gap


def _padded(texts: list[str], used: list[int], width: int, align: str) -> tuple[list[Optional[str]], bool]:
    """A column's cells (``texts[1:]``: the header is apart) padded to ``width`` as wrap() and _pad() would
    give a cell that fits on one line (without its trailing spaces); None for a cell that must wrap. And
    whether any must."""
    body, used = texts[1:], used[1:]
    if max(used, default=0) <= width and _plain("".join(body)):
        # one line each, a cell a character, none wider than the column: str's own padding
        if align == "right":
            return [t.rstrip().rjust(width) for t in body], False
        if align != "center":
            return [t.rstrip().ljust(width) for t in body], False
    # each distinct text once (a column repeats its units, bars, verdicts)
    pads = {text: _padded_cell(text, n, width, align) for text, n in dict(zip(body, used)).items()}
    return list(map(pads.__getitem__, body)), None in pads.values()


def _padded_cell(text: str, n: int, width: int, align: str) -> Optional[str]:
    """``text`` (``n`` cells) padded to ``width``, or None if it must wrap."""
    if "\n" in text:
        return None
    if text[-1:].isspace():  # a bar's empty end
        text = text.rstrip()
        n = cells(text)
    gap = width - n
    return None if gap < 0 else _spaced(text, gap, align)


def table_lines(view: View, width: int) -> list[tuple[str, Optional[str]]]:
    """The view as (line, style) pairs no wider than ``width`` cells, no trailing spaces."""
    out: list[tuple[str, Optional[str]]] = []
    if view.title:
        out.extend((ln, "bold") for ln in wrap(view.title, width))
    texts = {c.key: [c.header] + _column_texts(view.rows, c.key) for c in view.columns}
    measured = {k: _measure(t) for k, t in texts.items()}
    cols, widths = _layout(view, width, texts, measured)
    if cols is None:
        out.extend(_block_lines(view, width))
    else:
        assert widths is not None
        header = [wrap(c.header, widths[c.key]) for c in cols]
        for i in range(max(len(h) for h in header)):
            parts = [_pad(h[i] if i < len(h) else "", widths[c.key], c.align) for c, h in zip(cols, header)]
            out.append(((" " * GAP).join(parts).rstrip(), "bold"))
        out.append(("─" * (sum(widths.values()) + GAP * (len(cols) - 1)), None))
        sep = " " * GAP
        grid = [(texts[c.key], measured[c.key], widths[c.key], c.align) for c in cols]
        padded, wraps = zip(*[_padded(*g) for g in grid])  # column by column: each cell padded, or None if it must wrap
        if not any(wraps):  # every cell of every row on one line
            styles = list(view.styles[:len(view.rows)]) + [None] * (len(view.rows) - len(view.styles))
            out.extend(zip([sep.join(parts).rstrip() for parts in zip(*padded)], styles))
            padded = ()
        for j, parts in enumerate(zip(*padded)):
            style = view.styles[j] if j < len(view.styles) else None
            if None not in parts:  # every cell on one line
                out.append((sep.join(parts).rstrip(), style))
                continue
            wrapped = [wrap(col_texts[j + 1], w) for col_texts, _, w, _ in grid]
            for i in range(max(len(x) for x in wrapped)):
                parts = [_pad(x[i] if i < len(x) else "", w, align) for (_, _, w, align), x in zip(grid, wrapped)]
                out.append((sep.join(parts).rstrip(), style))
        left_out = [c for c in view.columns if c not in cols]
        if left_out:
            from capacity.i18n import t

            names = ", ".join(c.header or t("bar_column", view.lang) for c in left_out)
            out.extend((ln, "dim") for ln in wrap(t("columns_left_out", view.lang, names=names), width))
    if view.caption:
        out.extend((ln, None) for ln in wrap(view.caption, width))
    return out


def _block_lines(view: View, width: int) -> list[tuple[str, Optional[str]]]:
    """One record per block: the first column (and any ``head`` column) as a heading, then the other
    columns as "Header: value" pairs, packed and wrapped at spaces under it."""
    out: list[tuple[str, Optional[str]]] = []
    first = view.columns[0]
    heads = [c for c in view.columns[1:] if c.head]
    rest = [c for c in view.columns[1:] if not c.head]
    indent = "  "
    for j, r in enumerate(view.rows):
        style = view.styles[j] if j < len(view.styles) else None
        head = "  ".join(x for x in [_cell_text(r.get(first.key, ""))] + [_cell_text(r.get(c.key, "")) for c in heads] if x)
        if head:  # a continuation row (its first cell empty) goes on under the record above
            out.extend((ln, style) for ln in wrap(head.replace("\n", " "), width, indent))
        line = ""
        for c in rest:
            val = _cell_text(r.get(c.key, "")).replace("\n", " ").strip()
            if not val:
                continue
            label = c.header.replace("\n", " ").strip()
            field = f"{label}: {val}" if label else val
            cand = f"{line}   {field}" if line else f"{indent}{field}"
            if cells(cand) <= width:
                line = cand
                continue
            if line:
                out.append((line, style))
            pieces = [indent + x for x in wrap(field, width - len(indent), indent)]
            out.extend((ln, style) for ln in pieces[:-1])
            line = pieces[-1]
        if line:
            out.append((line, style))
    return out


def text_lines(text: str, width: int) -> list[str]:
    """A header, note or footer line: as it is when it fits, else wrapped at spaces."""
    if "\n" not in text:  # wrap's own first test: as it is when it fits
        return wrap(text, width, "  ")
    return [text.rstrip()] if _within(text.rstrip(), width) else wrap(text, width, "  ")


def render_table(doc: Doc, console: Any) -> None:
    width = max(20, console.width)
    lines: list[tuple[str, Optional[str]]] = []
    for line in doc.header:
        lines.extend((ln, None) for ln in text_lines(line, width))
    for v in doc.views:
        lines.extend(table_lines(v, width))
        for n in v.notes:
            lines += [(ln, "dim") for ln in text_lines(n, width)]
        lines.append(("", None))
    for line in doc.footer:
        lines.extend((ln, None) for ln in text_lines(line, width))
    if lines:
        print_lines(console, lines)


def print_lines(console: Any, lines: list[tuple[str, Optional[str]]]) -> None:
    """(line, style) pairs printed once through ``console``, byte for byte as rich prints them joined into one
    styled ``Text`` (soft-wrapped: no line cut or wrapped again), without rich's text pipeline (its split,
    divide and span walk took as long as the layout of a 10k-row table): the lines go to the console as
    ready segments, one per styled line and one for each stretch of unstyled text (all of it when the
    console writes no styles: piped, not forced), so the console's own writing, and the CLI's stdout error
    handling in it, are kept. A page with a line rich would change (a tab it expands, a control character
    it drops) goes through a ``Text`` as before."""
    texts = [ln for ln, _ in lines]
    if not "".join(texts).isprintable():
        from rich.text import Text

        page = Text()
        for k, (ln, style) in enumerate(lines):
            if k:
                page.append("\n")
            page.append(ln, style=style or "")
        console.print(page, soft_wrap=True)
        return
    from rich.segment import Segment, Segments

    if console.color_system is None:  # no styles written: the page as it is
        segments = [Segment("\n".join(texts) + "\n")]
    else:
        from rich.style import Style

        styles: dict = {}
        segments, plain = [], []
        for k, (ln, style) in enumerate(lines):
            if k:
                plain.append("\n")
            if not (style and ln):
                plain.append(ln)
                continue
            if style not in styles:
                styles[style] = console.get_style(style, default=Style.null())
            if plain:
                segments.append(Segment("".join(plain)))
                plain = []
            segments.append(Segment(ln, styles[style]))
        plain.append("\n")
        segments.append(Segment("".join(plain)))
    console.print(Segments(segments), soft_wrap=True)


def emit(doc: Doc, fmt: str, out: Callable[[str], None], console: Any = None) -> None:
    """Write ``doc`` in ``fmt`` (table, json, csv, markdown) through ``out`` or the console."""
    if fmt == "json":
        out(to_json(doc.payload))
    elif fmt == "csv":
        out(render_csv(doc))
    elif fmt == "markdown":
        out(render_markdown(doc))
    elif fmt == "table":
        render_table(doc, console)
    elif fmt == "xlsx":
        raise ValueError("xlsx is written to a file: capacity.render.xlsx.write_xlsx(doc, path)")
    else:  # pragma: no cover - the CLI checks the format first
        raise ValueError(fmt)
