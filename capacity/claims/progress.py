"""Progress claims: an observation against the document's goal (information, never a check). The
verdict rests on the latest observation at or before the end of the target year; a later one is
context (it decides only when none before the year's end does)."""

from __future__ import annotations

import re
from typing import Any, Optional

from capacity.claims.common import (
    INF, Options, _base_row, _clean, _num, _rng, _verdict, as_written, growth_dict, qty, tolerance_pp,
)
from capacity.claims.denominators import for_target
from capacity.model import Target, TargetFile
from capacity.results import Note, note_records, notes_text
from capacity.units import display_unit

KIND = "progress"

_DATE = re.compile(r"(\d{4})(?:-(\d{1,2}))?")


def _by_year_end(date: str, target_year: Optional[int]) -> bool:
    """An observation dated at or before the end of ``target_year`` (undated or no year: True)."""
    m = _DATE.match(date)
    return not m or not target_year or int(m.group(1)) <= target_year


def _reached(obs: Any, unit: str, goal: float) -> Optional[bool]:
    o_lo, o_hi = obs.figure.interval(unit)
    return _verdict(o_lo, o_hi, goal, "at_least") if goal else None


def deciding(observed: list, unit: str, goal: float, target_year: Optional[int]) -> tuple[Any, Optional[bool], str]:
    """(the observation the verdict rests on, the verdict, why): the latest observation at or before the
    end of the target year when it decides (reached, or short at the year's end); else the latest."""
    ordered = sorted(observed, key=lambda o: o.date)
    latest = ordered[-1]
    by_end = [o for o in ordered if _by_year_end(o.date, target_year)]
    if by_end and by_end[-1] is not latest:
        ok, why = _progress_verdict(_reached(by_end[-1], unit, goal), by_end[-1].date, target_year)
        if ok is not None:
            return by_end[-1], ok, why
    ok, why = _progress_verdict(_reached(latest, unit, goal), latest.date, target_year)
    return latest, ok, why


def _not_comparable(o: Any, t: Target) -> Optional[Note]:
    """Why observation ``o`` cannot decide progress on ``t`` (None: it can): a partial-year observation
    (year to date, 前三季度) never stands in for a full year; a cumulative target (累计2023—2025) is held
    against cumulative observations only, and an annual one never against a cumulative observation."""
    p, tp = getattr(o, "period", None), t.period
    if tp is not None and tp.cumulative:
        if p is None or not p.cumulative:
            return Note.of("cumulative_only", period=tp.text, date=o.date, covers=p.text if p else "a level")
        return None
    if p is not None and p.partial_year:
        return Note.of("year_to_date" if p.year_to_date else "partial_period", period=p.text)
    if p is not None and p.cumulative:
        return Note.of("annual_vs_cumulative", period=p.text)
    return None


def _obs_dict(o: Any, unit: str) -> dict:
    return {"date": o.date, "text": o.figure.text, "magnitude": _clean(o.figure.magnitude(unit)),
            "bound": None if o.figure.exact else o.figure.bound, "source": o.source,
            "period": o.period.text if getattr(o, "period", None) else None}


def progress_row(t: Target, tf: TargetFile, options: Optional[Options] = None) -> Optional[dict]:
    if not t.observed:
        return None
    stated = t.stated or t.figure  # the document's goal, whatever the scenario did to the local figure
    unit = display_unit(stated)
    goal = stated.magnitude(unit)
    tol = tolerance_pp(t, options)  # comparator about on the target: ±tol pp of 100% of the stated figure
    bar = goal * (1 - tol / 100)  # what counts as reached: the figure, less an approximate target's tolerance
    notes: list[Note] = []
    usable = [o for o in t.observed if _not_comparable(o, t) is None]
    if usable:
        obs, ok, decided = deciding(usable, unit, bar, tf.region.target_year)
    else:  # nothing that may decide: the latest observation is shown, with its period, without a verdict
        obs = max(t.observed, key=lambda o: o.date)
        ok, decided = None, ""
        notes.append(_not_comparable(obs, t))  # type: ignore[arg-type]
    why = [decided] if decided else []  # notes: codes with parameters (capacity.messages words them)
    o_lo, o_hi = obs.figure.interval(unit)
    pct_lo, pct_hi = (o_lo / goal, INF if o_hi == INF else o_hi / goal) if goal else (None, None)
    later = [o for o in t.observed if o.date > obs.date]
    if later:
        last = max(later, key=lambda o: o.date)
        why = [*why, Note.of("progress_later", date=obs.date, text=last.figure.text, later=last.date)]
        if usable and (n := _not_comparable(last, t)) is not None:
            notes.append(n)
    row = _base_row("progress", t, tf)
    row["stance"] = t.stance  # progress is about the target's own figure, not its threshold
    obs_value = _num(o_lo, o_hi)
    if t.stance == "status" and ok is not None:  # what exists is not a goal: never a progress verdict
        ok, why = None, []
        notes.append(Note.of("status_no_verdict"))
    if tf.region.target_year is None and getattr(t, "no_year", False):
        notes.append(Note.of("no_year"))
    about = None
    if t.comparator == "about" and ok is not None:
        about = bool(ok and pct_lo is not None and obs_value is not None and abs(pct_lo - 1) * 100 <= tol + 1e-9)
        notes.append(Note.of("about_target_within" if ok else "about_target_below", goal=stated.text, tol=f"{tol:g}"))
    all_notes = [*why, *notes, *([Note.of("text", text=obs.note)] if obs.note else [])]
    row.update({
        "goal": qty(goal, unit) | {"text": stated.text} | as_written(stated, unit),
        "observed": qty(obs.figure.magnitude(unit), unit) | {
            "text": obs.figure.text, "bound": None if obs.figure.exact else obs.figure.bound,
            "date": obs.date, "source": obs.source, "url": obs.url,
            "period": obs.period.text if getattr(obs, "period", None) else None},
        "progress": _clean(pct_lo) if obs_value is not None and pct_lo is not None else None,
        "progress_range": _rng(pct_lo, pct_hi) if pct_lo is not None else [None, None],
        "remaining": qty(goal - obs_value, unit) if obs_value is not None else None,
        "history": [_obs_dict(o, unit) for o in sorted(t.observed, key=lambda o: o.date)],
        "ok": ok,
        "status": "pass" if ok else ("fail" if ok is False else "info"),
        "verdict_reason": notes_text(why),
        "context_observations": [{"date": o.date, "text": o.figure.text} for o in sorted(later, key=lambda o: o.date)],
        "note": notes_text(all_notes),
        "notes": note_records(all_notes),
        "note_codes": [n.code for n in notes],
    })
    if t.period is not None:
        row["period"] = t.period.text
    if t.comparator == "about":
        row["tolerance_pp"] = _clean(tol)
        row["about"] = about
    if t.growth is not None:
        row["growth"] = growth_dict(t)
    return row


def _progress_verdict(reached: Optional[bool], date: str, target_year: Optional[int]) -> tuple[Optional[bool], str]:
    """Reached by the target year: pass. Short of it at the end of the target year or later: fail.
    Reached only after the target year, or short of it before its end: no verdict."""
    m = _DATE.match(date)
    if not m or not target_year:
        return (True, "") if reached else (None, "")
    year, month = int(m.group(1)), int(m.group(2) or 12)
    if reached is None and year <= target_year:  # a bound (>1000億元) on both sides of the goal
        return None, Note.of("progress_bound")
    if year < target_year or (year == target_year):
        if reached:
            return True, ""
        if year == target_year and month == 12 and reached is False:
            return False, Note.of("progress_short_at_end")
        return None, Note.of("progress_early")
    if reached:
        return None, Note.of("progress_late", date=date, year=target_year)
    if reached is False:
        return False, Note.of("progress_short_after", date=date)
    return None, ""


def rows(ctx: Any) -> list[dict]:
    """The observation deciding progress against the document's goal (information, never a check)."""
    return [r for r in (progress_row(t, for_target(ctx.tf, t), ctx.options) for t in ctx.tf.targets
                        if t.figure is not None and t.observed) if r]  # (no observation: no row)
