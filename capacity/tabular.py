"""Targets kept in a spreadsheet (.xlsx or .csv), read into the same located node tree as a YAML
file, so that ``capacity.load.targets_from_node`` types it under every rule a YAML file meets; and the
same layout written from a targets file (``capacity targets --format xlsx|csv``). docs/spreadsheets.md
describes the layout:

- a workbook has one sheet per top-level key of the targets file: ``region`` and ``chain`` (one row
  each), ``sections``, ``targets``, ``projects``, ``rollups``, ``chains``, ``project_states`` and
  ``quantities`` (one row per item). A CSV file is one table whose first column, ``table``, names the
  sheet a row belongs to. Sheets whose name starts with ``_`` are notes, left alone.
- the first row holds the column names: a key of the item (``id``, ``figure``), a dotted path into a
  nested key (``threshold.figure``), or a numbered item of a list (``lead.1``, ``observed.2.date``);
- each cell holds the value as the YAML file would write it (``87萬噸``, ``40%``, ``2``); an empty
  cell is a key left out. Every value is read as its text (the schema types it, as for YAML): a number
  cell 2 reads as ``2``, a cell Excel shows as 40% as ``40%``, a date cell as ``2024-06-05``.
  A formula is refused (type the value). In CSV, a leading apostrophe before ``= + - @`` (the
  spreadsheet formula guard capacity writes) or before another apostrophe is dropped.

Errors name the file, the sheet, the row and the column (``t.xlsx!targets:5:3``: row 5, column C).
openpyxl reads workbooks (imported here only, when a workbook is read).
"""

from __future__ import annotations

import csv
import io
import math
import os
import re
from dataclasses import dataclass
from typing import Any, Iterable, Optional

from capacity.errors import InputError, Location
from capacity.yamlio import MAX_BYTES, MAX_ITEMS, YMap, YNode, YScalar, YSeq

#: Top-level keys whose value is one mapping (one row), and those that are lists (a row per item), in
#: the order a workbook shows them.
MAP_TABLES = ("region", "chain")
LIST_TABLES = ("sections", "targets", "projects", "rollups", "chains", "project_states", "quantities")
TABLES = ("region", "sections", "targets", "projects", "rollups", "chain", "chains", "project_states", "quantities")
#: Top-level scalars left out of a spreadsheet (the loader's defaults apply).
SKIPPED = ("schema_version", "$schema")
TABLE_COLUMN = "table"
_FORMULA = ("=", "+", "-", "@", "\t", "\r")
_PLAIN_NUMBER = re.compile(r"^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$")
_INDEX = re.compile(r"^[1-9]\d{0,5}$")


@dataclass(frozen=True)
class _Mark:
    """A position in the parser's terms (0-based line and column), as YAML nodes keep it."""

    line: int
    column: int


def did_you_mean(word: str, choices: Iterable[str]) -> Optional[str]:
    import difflib

    close = difflib.get_close_matches(word, list(choices), n=1)
    return f"did you mean '{close[0]}'?" if close else None


def column_letter(n: int) -> str:
    """1 → A, 27 → AA."""
    out = ""
    while n > 0:
        n, r = divmod(n - 1, 26)
        out = chr(65 + r) + out
    return out


# --------------------------------------------------------------------------------------------- node → rows


def _flat(node: YNode, prefix: str, out: dict[str, str]) -> None:
    if isinstance(node, YScalar):
        if node.value is not None:
            out[prefix] = node.value
    elif isinstance(node, YMap):
        for k, v in node.items.items():
            _flat(v, f"{prefix}.{k}" if prefix else k, out)
    else:
        for i, item in enumerate(node.items, start=1):
            _flat(item, f"{prefix}.{i}" if prefix else str(i), out)


def tables_from_node(root: YNode, ids: Optional[set[str]] = None) -> dict[str, list[dict[str, str]]]:
    """A targets file's node tree as tables: top-level key → rows of {column: text}. ``ids``, when
    given, keeps only the targets and projects with these ids (a filtered listing)."""
    if not isinstance(root, YMap):
        raise InputError("a targets file is a mapping", location=root.loc, expected="region:, targets: …")
    out: dict[str, list[dict[str, str]]] = {}
    for key, node in root.items.items():
        if key in SKIPPED:
            continue
        if isinstance(node, YSeq):
            rows = []
            for item in node.items:
                row: dict[str, str] = {}
                _flat(item, "", row)
                if ids is not None and key in ("targets", "projects") and row.get("id") not in ids:
                    continue
                rows.append(row)
        elif isinstance(node, YMap):
            row = {}
            _flat(node, "", row)
            rows = [row]
        else:
            continue  # an empty key (`projects:` with nothing under it)
        out[key] = rows
    return out


def _columns(rows: Iterable[dict[str, str]]) -> list[str]:
    cols: dict[str, None] = {}
    for r in rows:
        for k in r:
            cols.setdefault(k, None)
    return list(cols)


def _csv_text(value: str) -> str:
    """A CSV cell: a spreadsheet never runs it as a formula; read back as the same text."""
    if (value.startswith(_FORMULA) and not _PLAIN_NUMBER.match(value)) or \
            (value.startswith("'") and value[1:2] in _FORMULA + ("'",)):
        return "'" + value
    return value


def to_csv(tables: dict[str, list[dict[str, str]]], bom: bool = False) -> str:
    """The tables as one CSV table, ``table`` first."""
    columns = [TABLE_COLUMN] + _columns(r for rows in tables.values() for r in rows)
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(columns)
    for name, rows in tables.items():
        for r in rows:
            w.writerow([name] + [_csv_text(r[c]) if c in r else "" for c in columns[1:]])
    return ("\ufeff" if bom else "") + buf.getvalue()


def _number(text: str) -> Optional[float | int]:
    """The number a text is, written the same way back (``2``, ``2.5``), else None: kept as text."""
    if re.fullmatch(r"-?[1-9]\d{0,14}|0", text):
        return int(text)
    if re.fullmatch(r"-?\d+\.\d+", text):
        x = float(text)
        if math.isfinite(x) and not x.is_integer() and repr(x) == text:
            return x
    return None


MAX_CELL_TEXT = 32767  # Excel's limit on one cell's text


def to_xlsx(tables: dict[str, list[dict[str, str]]]) -> bytes:
    """The tables as a workbook: one sheet per table, the column names in a frozen first row, numbers
    as numbers, every other value as text (never a formula)."""
    import xlsxwriter

    buf = io.BytesIO()
    book = xlsxwriter.Workbook(buf, {"in_memory": True, "strings_to_numbers": False, "strings_to_formulas": False,
                                     "strings_to_urls": False})
    bold = book.add_format({"bold": True, "bottom": 1})
    for name, rows in tables.items():
        ws = book.add_worksheet(name)
        columns = _columns(rows)
        ws.write_row(0, 0, columns, bold)
        ws.freeze_panes(1, 0)
        for i, r in enumerate(rows, start=1):
            for j, c in enumerate(columns):
                if c in r:
                    n = _number(r[c])
                    if n is None:
                        if len(r[c]) > MAX_CELL_TEXT:  # a workbook meant to be read back never cuts a text
                            raise InputError(f"{name}!{column_letter(j + 1)}{i + 1}: a text of {len(r[c]):,} "
                                             f"characters is longer than a cell holds ({MAX_CELL_TEXT:,})",
                                             value=r[c][:40] + "…", expected="--format csv or yaml, which keep the "
                                             "whole text")
                        ws.write_string(i, j, r[c])
                    else:
                        ws.write_number(i, j, n)
        for j, c in enumerate(columns):
            width = max([len(c)] + [len(r.get(c, "")) for r in rows[:200]])
            ws.set_column(j, j, min(50, max(6, width + 2)))
    book.close()
    return buf.getvalue()


# --------------------------------------------------------------------------------------------- rows → node


class _Builder:
    """Cells (row, column, path, text) of one item → a YMap with every node located."""

    def __init__(self, name: str) -> None:
        self.name = name

    def scalar(self, text: str, row: int, col: int) -> YScalar:
        return YScalar(text, self.name, _Mark(row - 1, col - 1), quoted=True)

    def item(self, cells: list[tuple[int, int, str, str]], row: int, what: str) -> YMap:
        """``cells``: (row, column, header, text) of one row, empty cells left out."""
        tree: dict = {}
        first: dict[int, tuple[int, int]] = {}
        for r, c, header, text in cells:
            parts = header.split(".")
            if not all(parts):
                raise InputError(f"column '{header}' has an empty part", location=Location(self.name, 1, c),
                                 value=header, expected="key, key.sub or key.1 (docs/spreadsheets.md)")
            node = tree
            for depth, part in enumerate(parts[:-1]):
                nxt = node.setdefault(part, {})
                if not isinstance(nxt, dict):
                    raise InputError(f"column '{header}' goes under '{'.'.join(parts[:depth + 1])}', which holds a "
                                     "value of its own on this row", location=Location(self.name, r, c), value=text,
                                     expected="either the key's own column or its dotted columns filled in, not both")
                node = nxt
            if isinstance(node.get(parts[-1]), dict):
                raise InputError(f"column '{header}' holds a value, and dotted columns under it do too",
                                 location=Location(self.name, r, c), value=text,
                                 expected="either the key's own column or its dotted columns filled in, not both")
            node[parts[-1]] = (text, r, c)
        return self._node(tree, row, cells[0][1] if cells else 1)  # type: ignore[return-value]

    def _node(self, tree: Any, row: int, col: int) -> YNode:
        if isinstance(tree, tuple):
            return self.scalar(*tree)
        first = self._first(tree) or (row, col)
        mark = _Mark(first[0] - 1, first[1] - 1)
        keys = list(tree)
        if keys and all(_INDEX.match(k) for k in keys):  # lead.1, lead.2: a list, in its numbers' order
            ordered = sorted(keys, key=int)
            return YSeq([self._node(tree[k], row, col) for k in ordered], self.name, mark)
        if any(_INDEX.match(k) for k in keys):
            bad = next(k for k in keys if not _INDEX.match(k))
            raise InputError(f"numbered and named columns mix under one key ('{bad}' beside numbers)",
                             location=Location(self.name, *first), value=bad,
                             expected="key.1, key.2 … for a list, or key.name … for a mapping")
        items: dict[str, YNode] = {}
        marks: dict[str, object] = {}
        for k in keys:
            items[k] = self._node(tree[k], row, col)
            at = self._first(tree[k]) or first
            marks[k] = _Mark(at[0] - 1, at[1] - 1)
        return YMap(items, marks, self.name, mark)

    def _first(self, tree: Any) -> Optional[tuple[int, int]]:
        if isinstance(tree, tuple):
            return tree[1], tree[2]
        found = [self._first(v) for v in tree.values()]
        found = [f for f in found if f]
        return min(found, key=lambda rc: (rc[0], rc[1])) if found else None


def _root(sheets: dict[str, tuple[str, list[tuple[int, list[tuple[int, int, str, str]]]]]], name: str) -> YMap:
    """{table: (display name, [(row number, cells)])} → the targets file's root mapping."""
    items: dict[str, YNode] = {}
    marks: dict[str, object] = {}
    for table in TABLES:
        if table not in sheets:
            continue
        where, rows = sheets[table]
        b = _Builder(where)
        if table in MAP_TABLES:
            if len(rows) != 1:
                raise InputError(f"'{table}' has {len(rows)} rows", location=Location(where, rows[1][0] if len(rows) > 1
                                                                                       else 1),
                                 expected=f"one row (a spreadsheet holds one {table}; one region per spreadsheet)")
            items[table] = b.item(rows[0][1], rows[0][0], table)
        else:
            items[table] = YSeq([b.item(cells, r, table) for r, cells in rows], where,
                                _Mark(rows[0][0] - 1 if rows else 0, 0))
        marks[table] = _Mark((rows[0][0] - 1) if rows else 0, 0)
    if not items:
        raise InputError("the spreadsheet holds no targets", location=Location(name, 1),
                         expected="sheets (or, in CSV, a 'table' column) named " + ", ".join(TABLES),
                         hint="docs/spreadsheets.md describes the layout; capacity targets --format xlsx -o t.xlsx "
                              "writes one to start from")
    return YMap(items, marks, name, _Mark(0, 0))


def _check_header(header: list[Any], where: str) -> list[str]:
    names: list[str] = []
    seen: dict[str, int] = {}
    for j, h in enumerate(header, start=1):
        text = "" if h is None else str(h).strip()
        if text in seen and text:
            raise InputError(f"column '{text}' appears twice (columns {column_letter(seen[text])} and "
                             f"{column_letter(j)})", location=Location(where, 1, j), value=text,
                             expected="each column name once")
        seen[text] = j
        names.append(text)
    return names


def _row_cells(names: list[str], values: list[str], row: int, where: str) -> list[tuple[int, int, str, str]]:
    cells = []
    for j, text in enumerate(values, start=1):
        if text == "":
            continue
        if j > len(names) or not names[j - 1]:
            raise InputError(f"a value in column {column_letter(j)} has no column name", location=Location(where, row, j),
                             value=text, expected="a name in the first row above every filled column")
        cells.append((row, j, names[j - 1], text))
    return cells


def _count(n: int, name: str) -> None:
    if n > MAX_ITEMS:
        raise InputError(f"'{name}' holds more than {MAX_ITEMS} cells", location=Location(name, 1),
                         expected=f"at most {MAX_ITEMS} filled cells (about 20,000 targets)")


def _csv_value(text: str) -> str:
    return text[1:] if text.startswith("'") and text[1:2] in _FORMULA + ("'",) else text


def read_csv(path: "str | os.PathLike", name: str) -> YMap:
    from capacity.yamlio import read_text

    text = read_text(path, name)  # the data files' rules: UTF-8 (a BOM allowed), the size cap, no NUL
    try:
        rows = list(csv.reader(io.StringIO(text, newline="")))
    except csv.Error as exc:
        raise InputError(f"not a readable CSV file: {exc}", location=Location(name, 1),
                         expected="comma-separated values, UTF-8") from None
    if not rows:
        raise InputError("the file is empty", location=Location(name, 1), expected="a header row")
    names = _check_header(rows[0], name)
    if not names or names[0] != TABLE_COLUMN:
        raise InputError(f"the first column is '{names[0] if names else ''}'", location=Location(name, 1, 1),
                         value=names[0] if names else "", expected=f"'{TABLE_COLUMN}' (the sheet each row belongs to)",
                         hint="docs/spreadsheets.md: table,id,name,figure,… with table = targets, projects, region …")
    _count(sum(len(r) for r in rows), name)
    sheets: dict[str, tuple[str, list]] = {}
    for i, raw in enumerate(rows[1:], start=2):
        values = [_csv_value(v) for v in raw]
        if not any(v.strip() for v in values):
            continue
        table = values[0].strip() if values else ""
        if table not in TABLES:
            raise InputError(f"table '{table}' is not a part of a targets file", location=Location(name, i, 1),
                             value=table, expected="one of " + ", ".join(TABLES), hint=did_you_mean(table, TABLES))
        cells = _row_cells(names, [""] + values[1:], i, name)
        sheets.setdefault(table, (name, []))[1].append((i, cells))
    return _root(sheets, name)


def _cell_text(cell: Any) -> str:
    """The text a workbook cell stands for (what YAML would hold)."""
    import datetime

    value = cell.value
    if value is None:
        return ""
    if getattr(cell, "data_type", None) == "f" or (isinstance(value, str) and value.startswith("=") and
                                                   getattr(cell, "data_type", None) == "f"):
        raise ValueError("formula")
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, datetime.datetime):
        return value.date().isoformat() if value.time() == datetime.time(0) else value.isoformat()
    if isinstance(value, (datetime.date, datetime.time)):
        return value.isoformat()
    if isinstance(value, (int, float)):
        fmt = getattr(cell, "number_format", "") or ""
        if "%" in fmt:  # typed as 40% in a spreadsheet: the figure as written
            return f"{value * 100:.10g}%"
        if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
            return str(int(value))
        return repr(value) if isinstance(value, float) else str(value)
    return str(value)


def read_xlsx(path: "str | os.PathLike", name: str) -> YMap:
    try:
        size = os.stat(path).st_size
    except FileNotFoundError:
        raise InputError(f"no such file '{name}'", location=None, value=name, expected="an existing .xlsx file") from None
    except OSError as exc:
        raise InputError(f"cannot read '{name}': {exc.strerror or exc}", location=None, value=name) from None
    if size > MAX_BYTES:
        raise InputError(f"'{name}' is {size} bytes", location=Location(name, 1),
                         expected=f"a file under {MAX_BYTES // (1024 * 1024)} MiB")
    try:
        import openpyxl
    except ImportError:
        raise InputError("reading a workbook needs the openpyxl package", value=name,
                         expected="pip install 'capacity[xlsx]' (or pip install openpyxl)",
                         hint="or save the sheet as CSV (UTF-8) and give the .csv") from None
    try:
        book = openpyxl.load_workbook(path, read_only=True, data_only=False)
    except Exception as exc:  # noqa: BLE001 - openpyxl and zipfile raise many kinds
        raise InputError(f"'{name}' is not a readable .xlsx workbook ({type(exc).__name__})",
                         location=Location(name, 1), expected="an Excel workbook (.xlsx)",
                         hint="save it from the spreadsheet program as Excel Workbook (.xlsx), or as CSV UTF-8") from None
    sheets: dict[str, tuple[str, list]] = {}
    total = 0
    try:
        for ws in book.worksheets:
            title = ws.title
            if title.startswith("_"):
                continue
            where = f"{name}!{title}"
            if title not in TABLES:
                raise InputError(f"sheet '{title}' is not a part of a targets file", location=Location(where, 1),
                                 value=title, expected="sheets named " + ", ".join(TABLES),
                                 hint=did_you_mean(title, TABLES) or "name a sheet of notes starting with '_' to have "
                                 "it left alone")
            names: Optional[list[str]] = None
            rows: list = []
            for i, row in enumerate(ws.iter_rows(), start=1):
                texts = []
                for j, cell in enumerate(row, start=1):
                    try:
                        texts.append(_cell_text(cell))
                    except ValueError:
                        raise InputError("the cell holds a formula", location=Location(where, i, j),
                                         value=str(cell.value), expected="a value typed in (87萬噸, 40%, 2)",
                                         hint="copy the cell and paste it as values") from None
                total += sum(1 for t in texts if t)
                _count(total, name)
                if names is None:
                    if any(texts):
                        names = _check_header(texts, where)
                    continue
                if not any(t.strip() for t in texts):
                    continue
                rows.append((i, _row_cells(names, texts, i, where)))
            sheets[title] = (where, rows)
    finally:
        book.close()
    return _root(sheets, name)


def load(path: "str | os.PathLike", name: Optional[str] = None) -> YNode:
    """The node tree of a targets spreadsheet (.xlsx or .csv)."""
    name = name or os.fspath(path)
    if os.fspath(path).lower().endswith(".csv"):
        return read_csv(path, name)
    return read_xlsx(path, name)


__all__ = ["load", "tables_from_node", "to_csv", "to_xlsx", "read_csv", "read_xlsx", "TABLES", "column_letter"]
