"""Needed claims: a share claim the document states without a local figure (晶硅材料產能占全國40%以上):
the local figure it needs (its boundary, the share kind's rule) and the gap to the latest observation."""

from __future__ import annotations

from typing import Any

from capacity.claims.common import INF, Options, _base_row, _clean, _div, _num, _rng, provenance, qty
from capacity.claims.denominators import choose, for_target, national_dict, select_national, target_year
from capacity.claims.share import boundary
from capacity.model import NationalQuantity, Target, TargetFile
from capacity.results import Note, note_records, notes_text
from capacity.units import display_unit, format_number

KIND = "needed"


def needed_row(t: Target, tf: TargetFile, q: NationalQuantity, options: Options) -> dict:
    """A share claim without a local figure (晶硅材料產能占全國40%以上): the local figure it needs
    (threshold × national) and, when the region has observations, the gap against the latest one."""
    d = choose(q, tf, t, options)  # the claim's own basis and scope, for this claim only
    th = t.threshold
    assert th is not None
    unit = display_unit(d.figure.value) if d.figure is not None else ""
    row = _base_row("share", t, tf)
    row.update(local=None, national=national_dict(d, unit) if d.figure is not None else None, proxy=q.proxy_note,
               threshold=_clean(th.value), threshold_text=th.figure.text, comparator=th.comparator,
               share=None, share_range=[None, None], margin_pp=None, gap=None, gap_range=[None, None],
               headroom=None, ok=None, status="info", needed_local=None, needed_local_range=[None, None],
               observed=None)
    if d.figure is None:
        note = Note.of("needed_nothing", why=list(d.notes) or [Note.of("no_national")])
        row["note"], row["notes"] = note.text(), note_records([note])
        return row
    n_lo, n_hi = d.figure.value.interval(unit)
    need_lo = boundary(th, options, None, n_lo).needed_local
    need_hi = INF if n_hi == INF else boundary(th, options, None, n_hi).needed_local
    row["needed_local"] = qty(_num(need_lo, need_hi), unit) if _num(need_lo, need_hi) is not None else None
    row["needed_local_range"] = _rng(need_lo, need_hi)
    need_txt = Note.of("amount" if row["needed_local"] else "at_least", value=format_number(need_lo), unit=unit)
    notes = [Note.of("needed_local", threshold=th.figure.text, national=d.figure.value.text, need=need_txt)]
    if t.observed:
        obs = sorted(t.observed, key=lambda o: o.date)[-1]
        o_lo, o_hi = obs.figure.interval(unit)
        s_lo, s_hi = _div(o_lo, o_hi, n_lo, n_hi)
        g_lo = need_lo - o_hi
        g_hi = INF if need_hi == INF else need_hi - o_lo
        row["observed"] = qty(obs.figure.magnitude(unit), unit) | {
            "text": obs.figure.text, "date": obs.date, "source": obs.source, "url": obs.url,
            "share": _clean(_num(s_lo, s_hi)) if _num(s_lo, s_hi) is not None else None,
            "share_range": _rng(s_lo, s_hi)}
        row["gap"] = qty(_num(g_lo, g_hi), unit) if _num(g_lo, g_hi) is not None else None
        row["gap_range"] = [_clean(g_lo), None if g_hi == INF else _clean(g_hi)]
        gap = row["gap"]
        notes.append(Note.of("latest_observation", text=obs.figure.text, date=obs.date, how=(
            Note.of("short_by", value=format_number(gap["magnitude"]), unit=unit) if gap and gap["magnitude"] > 0 else
            Note.of("above_by", value=format_number(-gap["magnitude"]), unit=unit) if gap else Note.of("bounded"))))
    notes.extend(d.notes)
    row["note"], row["notes"] = notes_text(notes), note_records(notes)
    return row



def rows(ctx: Any) -> list[dict]:
    """A share claim with no local figure: the local figure it needs, and the gap to the latest observation."""
    return [provenance(needed_row(t, for_target(ctx.tf, t), ctx.national.quantity(t.national), ctx.options), t)
            for t in ctx.tf.targets if t.figure is None and t.national]
