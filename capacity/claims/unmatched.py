"""Targets without a result: a row for every target no other kind makes a row for (no national figure of
its quantity, no observation, not part of a rollup, chain or project list), saying why. Nothing silent:
a region of output values and ratios (examples/regions/chengdu-2022.yaml) shows each of them, not
"no results". Information, never a check."""

from __future__ import annotations

from typing import Any

from capacity.claims.common import _base_row
from capacity.results import Note, note_records

KIND = "unmatched"


def covered(tf: Any) -> set[str]:
    """Ids of the targets some other kind makes a row about."""
    ids = {t.id for t in tf.targets if t.national or t.observed}
    for x in tf.rollups:
        ids.add(x.total)
        ids.update(x.parts)
    ids.update(p.feeds for p in tf.projects if p.feeds and p.figure is not None)
    for ch in tf.all_chains():
        if ch.target:
            ids.add(ch.target)
        for link in ch.links:
            ids.update(x for x in (link.supply, link.demand, link.demand_observed) if x)
    return ids


def unmatched_row(t: Any, tf: Any) -> dict:
    row = _base_row(KIND, t, tf)
    note, text = _reason(t.measure or "none")
    row.update({
        "figure": {"text": t.figure.text} if t.figure is not None else None,
        "measure": t.measure,
        "ok": None, "status": "info",
        "reason_code": note.code,
        "note": text,
        "notes": note_records([note]),
    })
    return row


_REASONS: dict[str, tuple[Note, str]] = {}


def _reason(measure: str) -> tuple[Note, str]:
    """The note saying why (and its English words), made once per measure: 36,000 rows of 100,000
    targets share a handful."""
    hit = _REASONS.get(measure)
    if hit is None:
        note = Note.of("no_national_quantity", measure=measure)
        if len(_REASONS) > 1024:
            _REASONS.clear()
        hit = _REASONS[measure] = (note, note.text())
    return hit


def rows(ctx: Any) -> list[dict]:
    """A row for every target without a result, saying why."""
    seen = covered(ctx.tf)
    return [unmatched_row(t, ctx.tf) for t in ctx.tf.targets if t.id not in seen]
