"""The xlsx renderer: a workbook for a spreadsheet, through XlsxWriter (a dependency, imported only
here, so no other path pays for it).

A tidy workbook: one sheet per table the terminal shows (for the report: one per result kind), named in
whole words (at most 31 characters, never cut inside a word), each with a frozen header row. The column
names are the CSV's, spelt the same (``local.magnitude``, ``local.unit``, ``share_low``: one function,
``capacity.render.flatten``, names both), so a script reads either file with the same names; each header
cell carries a note with the table's own header and the column's unit (``Local (t)``). Numbers are
numbers, every share, threshold, ratio and probability has a percent format, and no cell holds JSON: a
list of records (a claim's other denominators, a rollup's parts) gets a sheet of its own, a row per
record, keyed by the id of the row it belongs to. A ``sources`` sheet lists the national figures and
factors used with their year, basis, source and address.
"""

from __future__ import annotations

import io
import math
import os
import re
from typing import Any, Iterable, Optional

from capacity.errors import InputError
from capacity.messages import message, word
from capacity.render import Doc, View, _is_notes, flatten

#: Keys whose values are fractions from 0 to 1 (the last part of a column name, less _low/_high):
#: stored as numbers, shown as percentages.
FRACTIONS = {"share", "ratio", "threshold", "progress", "probability", "p05", "p50", "p95", "baseline", "scenario",
             "delta", "p_complete"}
#: Whole column names shown as percentages too.
FRACTION_COLUMNS = {"threshold.value"}
SHEET_NAME = re.compile(r"[\[\]:*?/\\]")
MAX_SHEET = 31


def _is_records(v: Any) -> bool:
    return isinstance(v, list) and bool(v) and all(isinstance(x, dict) for x in v)


def is_fraction(column: str) -> bool:
    """Whether a column holds fractions of one (shown as a percentage)."""
    if column in FRACTION_COLUMNS:
        return True
    last = column.rsplit(".", 1)[-1]
    for end in ("_low", "_high"):
        if last.endswith(end):
            last = last[: -len(end)]
    return last in FRACTIONS


def split_records(rows: list[dict]) -> tuple[list[dict], dict[str, list[dict]]]:
    """Rows without their lists of records, and those records by key (``then.others``), each with the
    ``id`` of the row it came from first and their columns named under the key as the CSV names them
    (``parts.magnitude``): a sheet of their own, never JSON in a cell."""
    out: list[dict] = []
    children: dict[str, list[dict]] = {}

    def strip(row: dict, prefix: str, owner: Any) -> dict:
        kept = {}
        for k, v in row.items():
            key = f"{prefix}{k}"
            if _is_notes(k, v):  # notes as codes: their words are in the row's note column
                continue
            if _is_records(v):
                children.setdefault(key, []).extend({"id": owner, **{f"{key}.{a}": b for a, b in x.items()}}
                                                    for x in v)
            elif isinstance(v, dict):
                kept[k] = strip(v, key + ".", owner)
            else:
                kept[k] = v
        return kept

    for r in rows:
        out.append(strip(r, "", r.get("id") if isinstance(r, dict) else None))
    return out, children


def table(rows: list[dict]) -> tuple[list[str], list[list[Any]]]:
    """(column names, rows of cells): the CSV's names (``capacity.render.flatten``), columns that are
    always empty left out."""
    flat = [flatten(r) for r in rows]
    keys: dict[str, None] = {}
    for r in flat:
        for k in r:
            keys.setdefault(k, None)
    names = [k for k in keys if any(r.get(k) not in (None, "") for r in flat)]
    return names, [[_cell(r.get(k)) for k in names] for r in flat]


#: The most characters a cell holds (Excel's limit; XlsxWriter cut longer text without a word).
MAX_CELL_TEXT = 32767


def _cell(v: Any) -> Any:
    if isinstance(v, bool) or v is None:
        return v
    if isinstance(v, str) and len(v) > MAX_CELL_TEXT:  # cut, and the cell says so
        note = f" … [cut: {len(v):,} characters, more than a cell holds; --format json or csv has the whole text]"
        return v[:MAX_CELL_TEXT - len(note)] + note
    if isinstance(v, float) and not math.isfinite(v):
        return "∞" if v > 0 else "-∞"
    return v


def _whole_words(text: str, limit: int) -> str:
    """``text`` in at most ``limit`` characters, cut only between words."""
    if len(text) <= limit:
        return text
    cut = text[: limit + 1]
    at = max(cut.rfind(" "), cut.rfind("_"), cut.rfind("-"))
    if at <= 0:  # one long word (or Chinese, which has no spaces): characters are its words
        return text[:limit].rstrip() if not text[:limit].isascii() else text[:limit]
    return cut[:at].rstrip(" _-")


def _sheet_name(title: str, used: set[str], suffix: str = "") -> str:
    """A sheet name of whole words, at most 31 characters, unique in the workbook; ``suffix`` (a child
    sheet's key) is kept whole and the title shortened before it."""
    name = " ".join(SHEET_NAME.sub(" ", title).split()) or "sheet"
    suffix = " ".join(SHEET_NAME.sub(" ", suffix).split())
    if suffix:
        name = f"{_whole_words(name, MAX_SHEET - len(suffix) - 1)} {suffix}"
    name = _whole_words(name, MAX_SHEET)
    base, n = name, 2
    while name.lower() in used:
        suffix = f" {n}"
        name = _whole_words(base, MAX_SHEET - len(suffix)) + suffix
        n += 1
    used.add(name.lower())
    return name


def _readable(names: list[str], cells: list[list[Any]], view: Optional[View], lang: str = "en") -> dict[str, str]:
    """Each column's note: the table's own header for it and its unit, where the unit is one."""
    headers = {c.key: " ".join(c.header.split()) for c in (view.columns if view else []) if c.header}
    notes = {}
    for j, name in enumerate(names):
        base = name[: -len(".magnitude")] if name.endswith(".magnitude") else name
        unit = None
        if f"{base}.unit" in names:
            units = {r[names.index(f"{base}.unit")] for r in cells if r[j] is not None}
            unit = units.pop() if len(units) == 1 else None
        words = headers.get(base) or headers.get(name) or (base if lang != "en" else
                                                           base.replace("_", " ").replace(".", " "))
        note = (f"{words} ({unit})" if unit else message("xlsx.unit_column", lang, words=words, column=f"{base}.unit")
                if f"{base}.unit" in names else words)
        if is_fraction(name):
            note += message("xlsx.fraction", lang)
        if note != name:
            notes[name] = note
    return notes


def _view_rows(view: View) -> list[dict]:
    return view.raw if view.raw is not None else view.rows


def sources_rows(payload: Any) -> list[dict]:
    """The national figures and factors a result used, once each, with their provenance."""
    if not isinstance(payload, dict):
        return []
    seen, out = set(), []
    rows = list(payload.get("results") or [])
    for q in payload.get("quantities") or []:  # a compare: each region's figure and the sum's, per quantity
        if isinstance(q, dict):
            rows.extend({"id": q.get("id"), "national": x.get("national")}
                        for x in (q.get("regions") or []) + [q.get("sum") or {}] if isinstance(x, dict))
    for r in rows:
        n = r.get("national") if isinstance(r, dict) else None
        if isinstance(n, dict) and n.get("source"):
            key = ("national", r["id"], n.get("text"), n.get("year"), n.get("basis"))
            if key not in seen:
                seen.add(key)
                out.append({"record": "national figure", "id": r["id"], "figure": n.get("text"),
                            "year": n.get("year"), "period": n.get("period"), "basis": n.get("basis"),
                            "source": n.get("source"), "url": n.get("url")})
        f = r.get("factor") if isinstance(r, dict) else None
        if isinstance(f, dict) and f.get("id"):
            key = ("factor", f["id"], f.get("text"))
            if key not in seen:
                seen.add(key)
                out.append({"record": "factor", "id": f["id"], "figure": f.get("text"),
                            "note": "estimate" if f.get("estimate") else None})
    return out


def write_xlsx(doc: Doc, path: "str | os.PathLike", inputs: Iterable["str | os.PathLike"] = ()) -> None:
    """Write ``doc`` as a workbook at ``path`` (built in memory, then written under capacity.outputs'
    rules: never over an input of the run, atomically)."""
    try:
        import xlsxwriter
    except ImportError as exc:
        raise InputError("--format xlsx needs the XlsxWriter package", value="xlsx",
                         expected="XlsxWriter installed in capacity's environment (pip install XlsxWriter)") from exc
    from capacity.outputs import check_output, write_output

    check_output(path, inputs, what="workbook")
    write_output(path, xlsx_bytes(doc), inputs, what="workbook")


def xlsx_bytes(doc: Doc) -> bytes:
    """The workbook of ``doc``, as bytes."""
    try:
        import xlsxwriter
    except ImportError as exc:
        raise InputError("--format xlsx needs the XlsxWriter package", value="xlsx",
                         expected="XlsxWriter installed in capacity's environment (pip install XlsxWriter)") from exc
    buf = io.BytesIO()
    book = xlsxwriter.Workbook(buf, {"in_memory": True, "strings_to_numbers": False, "strings_to_formulas": False,
                                     "strings_to_urls": False, "nan_inf_to_errors": True})
    bold = book.add_format({"bold": True, "bottom": 1})
    pct = book.add_format({"num_format": "0.0%"})
    used: set[str] = set()
    sheets: list[tuple[str, list[dict], Optional[View], str]] = []
    single = len(doc.views) == 1
    for v in doc.views:
        rows = _view_rows(v)
        if v.raw is None and single and doc.csv_rows is not None:  # the numbers behind the one table (solve)
            rows = doc.csv_rows
        rows, children = split_records(rows)
        title = v.sheet or v.title
        sheets.append((title, rows, v, ""))
        sheets.extend((title, recs, None, word(key.replace(".", " ").replace("_", " "), v.lang))
                      for key, recs in children.items())
    src = sources_rows(doc.payload)
    src_name = word("sources", doc.views[0].lang if doc.views else "en")
    if src and not any((name or "").lower().startswith(("sources", src_name)) for name, _, _, _ in sheets):
        sheets.append((src_name, src, None, ""))
    for title, rows, view, suffix in sheets:
        names, cells = table(rows)
        ws = book.add_worksheet(_sheet_name(title, used, suffix))
        ws.write_row(0, 0, names, bold)
        for j, note in _readable(names, cells, view, doc.views[0].lang if doc.views else "en").items():
            ws.write_comment(0, names.index(j), note, {"x_scale": 1.5})
        ws.freeze_panes(1, 0)
        fractions = [is_fraction(n) for n in names]
        for i, row in enumerate(cells, start=1):
            for j, v in enumerate(row):
                if fractions[j] and isinstance(v, (int, float)) and not isinstance(v, bool):
                    ws.write(i, j, v, pct)
                elif isinstance(v, str):
                    ws.write_string(i, j, v)
                else:
                    ws.write(i, j, v)
        for j, h in enumerate(names):
            width = max([len(str(h))] + [len(str(r[j])) for r in cells[:200] if r[j] is not None])
            ws.set_column(j, j, min(60, max(8, width + 2)))
    book.close()
    return buf.getvalue()


def to_frame(result: Any, kind: Optional[str] = None) -> Any:
    """A pandas DataFrame of a result (``capacity.evaluate(ds)``, a reconcile, sweep or simulate payload):
    one row per result, the CSV's and the workbook's column names (``local.magnitude``, ``local.unit``,
    ``share_low`` …); ``kind`` keeps one result kind (share, supply, rollup, progress): a kind the result
    does not hold raises ValueError naming the kinds it holds. Needs pandas (an optional extra)."""
    try:
        import pandas as pd
    except ImportError as exc:
        raise ImportError("capacity.to_frame needs pandas: pip install pandas (or, from a checkout, pip install '.[pandas]')") from exc
    if isinstance(result, dict):
        rows = result.get("results")
        if rows is None:
            rows = next((v for v in result.values() if isinstance(v, list) and v and isinstance(v[0], dict)), [])
    else:
        rows = list(result)
    if kind is not None:
        known = sorted({r["kind"] for r in rows if isinstance(r, dict) and isinstance(r.get("kind"), str)})
        if kind not in known:
            raise ValueError(f"kind {kind!r} is not a kind of this result; it holds "
                             + (", ".join(known) if known else "no kinds (its rows have no 'kind')"))
        rows = [r for r in rows if r.get("kind") == kind]
    headers, cells = table(rows)
    return pd.DataFrame(cells, columns=headers)
