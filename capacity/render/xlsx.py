"""The xlsx renderer: a workbook for a spreadsheet, through XlsxWriter (an optional extra,
a dependency, imported only here, so no other path pays for it).

One sheet per table of the Doc (for the report: one per result kind: share, supply, rollup, progress),
each with a frozen header row; numbers are numbers (fractions formatted as percentages), a column's
unit goes into its header when every row has the same one (``local (t)``), ranges are two columns
(``share low``, ``share high``), and a ``sources`` sheet lists the national figures and factors used
with their year, basis, source and address.
"""

from __future__ import annotations

import io
import json
import math
import os
import re
from typing import Any, Iterable, Optional

from capacity.errors import InputError
from capacity.render import Doc, View

#: Keys whose values are fractions from 0 to 1: shown as percentages, stored as numbers.
FRACTIONS = {"share", "ratio", "threshold", "progress", "probability", "p05", "p50", "p95", "baseline", "scenario",
             "delta"}
SHEET_NAME = re.compile(r"[\[\]:*?/\\]")


def _is_quantity(v: Any) -> bool:
    return isinstance(v, dict) and "magnitude" in v and "unit" in v


def _flatten(row: dict) -> dict:
    """A result row to flat cells: a quantity to its magnitude (and its unit under ``key unit``), a
    two-element range to ``key low`` / ``key high``, nested objects to dotted keys, other lists as text."""
    out: dict = {}

    def put(key: str, v: Any) -> None:
        if _is_quantity(v):
            out[key] = v["magnitude"]
            out[f"{key} unit"] = v["unit"]
            for k, x in v.items():
                if k not in ("magnitude", "unit"):
                    put(f"{key}.{k}", x)
        elif isinstance(v, dict):
            for k, x in v.items():
                put(f"{key}.{k}", x)
        elif isinstance(v, list) and key.endswith("_range") and len(v) == 2 and \
                all(x is None or isinstance(x, (int, float)) for x in v):
            base = key[: -len("_range")]
            out[f"{base} low"], out[f"{base} high"] = v
        elif isinstance(v, list):
            if all(not isinstance(x, (dict, list)) for x in v):
                out[key] = "; ".join("" if x is None else str(x) for x in v)
            else:
                out[key] = json.dumps(v, ensure_ascii=False)
        else:
            out[key] = v

    for k, v in row.items():
        put(k, v)
    return out


def table(rows: list[dict]) -> tuple[list[str], list[list[Any]]]:
    """(headers, rows of cells): columns that are always empty left out; a unit column that holds one
    unit on every row folded into its number column's header (``local (t)``)."""
    flat = [_flatten(r) for r in rows]
    keys: list[str] = []
    for r in flat:
        for k in r:
            if k not in keys:
                keys.append(k)
    keys = [k for k in keys if any(r.get(k) not in (None, "") for r in flat)]
    for k in [k for k in keys if k.endswith(" unit") and k[: -len(" unit")] in keys]:  # a unit beside its number
        keys.remove(k)
        keys.insert(keys.index(k[: -len(" unit")]) + 1, k)
    headers = {k: k for k in keys}
    for k in list(keys):
        if k.endswith(" unit") and k[: -len(" unit")] in headers:
            units = {r.get(k) for r in flat if r.get(k[: -len(" unit")]) is not None}
            if len(units) == 1:
                unit = units.pop()
                if unit:
                    headers[k[: -len(" unit")]] = f"{k[: -len(' unit')]} ({unit})"
                keys.remove(k)
    return [headers[k] for k in keys], [[_cell(r.get(k)) for k in keys] for r in flat]


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


def _sheet_name(title: str, used: set[str]) -> str:
    name = SHEET_NAME.sub(" ", title).strip()[:31] or "sheet"
    base, n = name, 2
    while name.lower() in used:
        suffix = f" {n}"
        name = base[: 31 - len(suffix)] + suffix
        n += 1
    used.add(name.lower())
    return name


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
    buf = io.BytesIO()
    book = xlsxwriter.Workbook(buf, {"in_memory": True, "strings_to_numbers": False, "strings_to_formulas": False,
                                     "strings_to_urls": False, "nan_inf_to_errors": True})
    bold = book.add_format({"bold": True, "bottom": 1})
    pct = book.add_format({"num_format": "0.0%"})
    used: set[str] = set()
    sheets = [(v.sheet or v.title, _view_rows(v)) for v in doc.views]
    src = sources_rows(doc.payload)
    if src and not any((name or "").lower().startswith("sources") for name, _ in sheets):
        sheets.append(("sources", src))
    for title, rows in sheets:
        headers, cells = table(rows)
        ws = book.add_worksheet(_sheet_name(title, used))
        ws.write_row(0, 0, headers, bold)
        ws.freeze_panes(1, 0)
        for i, row in enumerate(cells, start=1):
            for j, v in enumerate(row):
                key = headers[j].split(" (")[0]
                base = key.rsplit(" ", 1)[0] if key.endswith((" low", " high")) else key
                if base in FRACTIONS and isinstance(v, (int, float)) and not isinstance(v, bool):
                    ws.write(i, j, v, pct)
                else:
                    ws.write(i, j, v)
        for j, h in enumerate(headers):
            width = max([len(str(h))] + [len(str(r[j])) for r in cells[:200] if r[j] is not None])
            ws.set_column(j, j, min(60, max(8, width + 2)))
    book.close()
    write_output(path, buf.getvalue(), inputs, what="workbook")


def to_frame(result: Any, kind: Optional[str] = None) -> Any:
    """A pandas DataFrame of a result (``capacity.evaluate(ds)``, a reconcile, sweep or simulate payload):
    one row per result, flat columns as in the workbook (``local``, ``local unit``, ``share low`` …);
    ``kind`` keeps one result kind (share, supply, rollup, progress). Needs pandas (an optional extra)."""
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
        rows = [r for r in rows if r.get("kind") == kind]
    headers, cells = table(rows)
    return pd.DataFrame(cells, columns=headers)
