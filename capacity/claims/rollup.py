"""Rollup claims: stated parts against a stated total (the parts must reach it)."""

from __future__ import annotations

from typing import Any

from capacity.claims.common import _base_row, _ge, _num, _status, as_written, qty
from capacity.model import Target, TargetFile
from capacity.results import Note, note_records
from capacity.units import Figure, display_unit

KIND = "rollup"


def rollup_row(tf: TargetFile, rid: str, total: Target, parts: list[tuple[str, str, Figure]],
               kind_note: "Note | str", decisive: bool = True) -> dict:
    unit = display_unit(total.figure)
    s_lo, s_hi = total.figure.interval(unit)
    p_lo = sum(f.interval(unit)[0] for _, _, f in parts)
    p_hi = sum(f.interval(unit)[1] for _, _, f in parts)
    parts_sum = _num(p_lo, p_hi)
    diff = parts_sum - s_lo if parts_sum is not None and _num(s_lo, s_hi) is not None else None
    row = _base_row("rollup", total, tf)
    row["id"] = rid
    row.update({
        "stated": qty(total.figure.magnitude(unit), unit) | {"id": total.id, "text": total.figure.text}
        | as_written(total.figure, unit),
        "parts": [qty(f.magnitude(unit), unit) | {"id": pid, "name": name, "text": f.text} for pid, name, f in parts],
        "parts_total": qty(parts_sum, unit),
        "difference": qty(diff, unit),
        "unexplained": qty(-diff if diff is not None else None, unit),
        "comparator": total.comparator,
        "note": kind_note.text() if isinstance(kind_note, Note) else kind_note,
        "notes": note_records([kind_note]) if isinstance(kind_note, Note) else [],
    })
    if diff is None:
        ok = None
    elif decisive:
        ok = _ge(parts_sum, s_lo) if total.comparator != "at_most" else _ge(s_lo, parts_sum)
    else:
        ok = _ge(s_lo, parts_sum)  # named projects must not exceed the target they feed
    row["ok"] = ok
    row["status"] = _status(ok, None, None)
    return row



def rows(ctx: Any) -> list[dict]:
    """Stated parts against a stated total."""
    by_id = ctx.targets_by_id()  # lookups by id: linear in the region's size, not quadratic
    out = []
    for x in ctx.tf.rollups:
        parts = [(p, by_id[p].name, by_id[p].figure) for p in x.parts]
        out.append(rollup_row(ctx.tf, x.id, by_id[x.total], parts, Note.of("rollup_parts")))
    return out
