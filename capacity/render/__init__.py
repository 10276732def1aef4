"""Render: one renderer per format, shared by every command.

A command's result is a ``Doc``: a JSON payload (what ``--format json`` prints, byte for byte the
library's dict) plus ``View``s (titled tables of display strings and the raw values behind them).
``table`` draws the views on a rich Console that the caller makes (the CLI's, on stdout), ``markdown`` as pipe tables, ``csv`` writes the raw values
(no thousands separators, numbers as numbers), ``json`` the payload.
"""

from __future__ import annotations

import csv
import io
import json
import math
from dataclasses import dataclass, field
from typing import Any, Callable, Optional

from capacity.render.fastjson import dumps, finite

FORMATS = ("table", "json", "csv", "markdown")


@dataclass
class Column:
    key: str
    header: str
    align: str = "left"  # left | right | center
    style: Optional[str] = None
    no_wrap: bool = True
    max_width: Optional[int] = None
    min_width: Optional[int] = None


@dataclass
class View:
    title: str
    columns: list[Column]
    rows: list[dict]  # display strings by column key
    raw: Optional[list[dict]] = None  # flat raw values for csv (default: rows)
    styles: list[Optional[str]] = field(default_factory=list)  # a rich style per row
    notes: list[str] = field(default_factory=list)  # lines printed under the table
    caption: Optional[str] = None


@dataclass
class Doc:
    payload: Any
    views: list[View]
    header: list[str] = field(default_factory=list)  # lines above the tables
    footer: list[str] = field(default_factory=list)  # lines below all tables
    csv_rows: Optional[list[dict]] = None  # one tidy table for csv (default: views' raw rows)


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
        if isinstance(v, dict):
            out.update(flatten(v, key + "."))
        elif isinstance(v, list):
            if all(not isinstance(x, (dict, list)) for x in v):
                out[key] = "; ".join("" if x is None else _csv_scalar(x) for x in v)
            else:
                out[key] = json.dumps(v, ensure_ascii=False)
        else:
            out[key] = v
    return out


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


def _needed_width(view: View) -> int:
    """The width below which a column would be cropped: unwrappable columns at their widest cell,
    wrappable ones at their minimum, one space between columns."""
    from rich.cells import cell_len

    total = 0
    for c in view.columns:
        if c.no_wrap and not c.max_width:
            cells = [str(r.get(c.key, "") or "") for r in view.rows]
            total += max([cell_len(c.header)] + [cell_len(x) for x in cells])
        else:
            total += c.min_width or 8
        total += 1
    return total


def render_table(doc: Doc, console: Any) -> None:
    from rich import box
    from rich.table import Table
    from rich.text import Text

    for line in doc.header:
        console.print(Text(line))
    for v in doc.views:
        table = Table(title=v.title or None, box=box.SIMPLE_HEAD, title_justify="left", caption=v.caption,
                      caption_justify="left", pad_edge=False, show_edge=False,
                      padding=(0, 1, 0, 0), collapse_padding=True)
        for c in v.columns:
            table.add_column(c.header, justify=c.align, style=c.style, no_wrap=c.no_wrap and not c.max_width,
                             max_width=c.max_width, min_width=c.min_width, overflow="fold")
        for i, r in enumerate(v.rows):
            style = v.styles[i] if i < len(v.styles) else None
            cells = []
            for c in v.columns:
                val = r.get(c.key, "")
                cells.append(val if isinstance(val, Text) else Text(str("" if val is None else val)))
            table.add_row(*cells, style=style)
        # Never crop a number: a table wider than the terminal is printed at its natural width
        # (the terminal wraps the lines) rather than squeezed.
        if all(c.no_wrap and not c.max_width for c in v.columns):
            from rich.measure import Measurement

            natural = Measurement.get(console, console.options.update(max_width=4000), table).maximum
        else:
            natural = _needed_width(v) + len(v.columns)
        width = console.width
        if natural > width:
            console.width = natural
        try:
            console.print(table)
        finally:
            console.width = width
        for n in v.notes:
            console.print(Text(n), style="dim")
        if v.notes:
            console.print()
    for line in doc.footer:
        console.print(Text(line))


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
    else:  # pragma: no cover - the CLI checks the format first
        raise ValueError(fmt)
