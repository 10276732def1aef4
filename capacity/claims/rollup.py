"""Rollup claims: stated parts against a stated total (the parts must reach it)."""

from __future__ import annotations

import re
from operator import itemgetter
from typing import Any

from capacity.claims.common import _base_row, _ge, _num, _status, converted, display, qty, span
from capacity.model import Target, TargetFile
from capacity.results import Note, note_records, worded
from capacity.units import Figure

KIND = "rollup"


def rollup_row(tf: TargetFile, rid: str, total: Target, parts: list[tuple[str, str, Figure]],
               kind_note: "Note | str", decisive: bool = True) -> dict:
    unit = display(total.figure)
    s_lo, s_hi, s_v, doc = converted(total.figure, unit)  # each figure converted once, by the unit's identity
    spans = [span(f, unit) for _, _, f in parts]
    p_lo = sum(map(_LOW, spans))  # sum(): the same float additions, in the same order, as ever
    p_hi = sum(map(_HIGH, spans))
    parts_sum = _num(p_lo, p_hi)
    diff = parts_sum - s_lo if parts_sum is not None and _num(s_lo, s_hi) is not None else None
    row = _base_row("rollup", total, tf)
    row["id"] = rid
    row.update({
        "stated": qty(s_v, unit) | {"id": total.id, "text": total.figure.text} | doc,
        "parts": [qty(v, unit) | {"id": pid, "name": name, "text": f.text}
                  for (pid, name, f), (_, _, v) in zip(parts, spans)],
        "parts_total": qty(parts_sum, unit),
        "difference": qty(diff, unit),
        "unexplained": qty(-diff if diff is not None else None, unit),
        "comparator": total.comparator,
        "note": kind_note,
        "notes": [],
    })
    if isinstance(kind_note, Note):
        text, records = worded(kind_note)
        row["note"], row["notes"] = text, list(records)
    # within the precision the document writes its figures in: half a unit of each figure's last digit
    tol = _precision(total.figure, s_lo, s_hi) + sum([_precision(f, lo, hi)
                                                      for (_, _, f), (lo, hi, _) in zip(parts, spans)])
    if diff is None:
        ok = None
    elif decisive:
        under, over = parts_sum + tol < s_lo and not _ge(parts_sum + tol, s_lo), \
            parts_sum - tol > s_lo and not _ge(s_lo, parts_sum - tol)
        ok = not (over if total.comparator == "at_most" else under)
        if ok and over and total.comparator not in ("at_least", "at_most"):  # a total (达到) checks both ways
            ok = False
            row["note"] = "; ".join(x for x in (row["note"], OVER_NOTE.text()) if x)
            row["notes"] = [*row["notes"], *note_records([OVER_NOTE])]
    else:
        ok = _ge(s_lo + tol, parts_sum)  # named projects must not exceed the target they feed
    row["precision"] = qty(tol, unit)
    row["ok"] = ok
    row["status"] = _status(ok, None, None)
    return row


_LOW, _HIGH = itemgetter(0), itemgetter(1)
_DIGITS = re.compile(r"(\d[\d,]*)(?:\.(\d+))?")


def written_precision(f: Figure, unit: str) -> float:
    """Half a unit of the last digit a figure is written with, in ``unit`` (87万吨 → 0.5万吨; 87.04 →
    0.005): the rounding a stated figure carries. 0 for a range or bound."""
    lo, hi, _ = span(f, unit)
    return _precision(f, lo, hi)


def _precision(f: Figure, lo: float, hi: float) -> float:
    """``written_precision`` of ``f`` given its interval (lo, hi) in the unit asked for."""
    m = _DIGITS.search(f.text or "")
    if m is None or lo != hi or not lo:
        return 0.0
    written = float(m.group(0).replace(",", ""))
    if not written:
        return 0.0
    return 0.5 * 10 ** -len(m.group(2) or "") * lo / written



PARTS_NOTE = Note.of("rollup_parts")  # one note object: its words and record made once
OVER_NOTE = Note.of("rollup_over")  # a total (达到) whose parts add up to more than it


def rows(ctx: Any) -> list[dict]:
    """Stated parts against a stated total."""
    by_id = ctx.targets_by_id()  # lookups by id: linear in the region's size, not quadratic
    out = []
    for x in ctx.tf.rollups:
        parts = [(p, by_id[p].name, by_id[p].figure) for p in x.parts]
        out.append(rollup_row(ctx.tf, x.id, by_id[x.total], parts, PARTS_NOTE))
    return out
