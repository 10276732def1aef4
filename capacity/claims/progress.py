"""Progress claims: an observation against the document's goal (information, never a check). The
verdict rests on the latest observation at or before the end of the target year; a later one is
context (it decides only when none before the year's end does)."""

from __future__ import annotations

import re
from typing import Any, Optional

from capacity.claims.common import INF, _base_row, _clean, _num, _rng, _verdict, as_written, qty
from capacity.claims.denominators import for_target
from capacity.model import Target, TargetFile
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


def progress_row(t: Target, tf: TargetFile) -> Optional[dict]:
    if not t.observed:
        return None
    stated = t.stated or t.figure  # the document's goal, whatever the scenario did to the local figure
    unit = display_unit(stated)
    goal = stated.magnitude(unit)
    obs, ok, why = deciding(list(t.observed), unit, goal, tf.region.target_year)
    o_lo, o_hi = obs.figure.interval(unit)
    pct_lo, pct_hi = (o_lo / goal, INF if o_hi == INF else o_hi / goal) if goal else (None, None)
    later = [o for o in t.observed if o.date > obs.date]
    if later:
        last = max(later, key=lambda o: o.date)
        why = "; ".join(x for x in (why, f"decided at {obs.date}; later observation {last.figure.text} "
                                         f"({last.date}) is context") if x)
    row = _base_row("progress", t, tf)
    obs_value = _num(o_lo, o_hi)
    row.update({
        "goal": qty(goal, unit) | {"text": stated.text} | as_written(stated, unit),
        "observed": qty(obs.figure.magnitude(unit), unit) | {
            "text": obs.figure.text, "bound": None if obs.figure.exact else obs.figure.bound,
            "date": obs.date, "source": obs.source, "url": obs.url},
        "progress": _clean(pct_lo) if obs_value is not None and pct_lo is not None else None,
        "progress_range": _rng(pct_lo, pct_hi) if pct_lo is not None else [None, None],
        "remaining": qty(goal - obs_value, unit) if obs_value is not None else None,
        "history": [{"date": o.date, "text": o.figure.text, "magnitude": _clean(o.figure.magnitude(unit)),
                     "bound": None if o.figure.exact else o.figure.bound, "source": o.source}
                    for o in sorted(t.observed, key=lambda o: o.date)],
        "ok": ok,
        "status": "pass" if ok else ("fail" if ok is False else "info"),
        "verdict_reason": why,
        "context_observations": [{"date": o.date, "text": o.figure.text} for o in sorted(later, key=lambda o: o.date)],
        "note": "; ".join(x for x in (why, obs.note) if x),
    })
    return row


def _progress_verdict(reached: Optional[bool], date: str, target_year: Optional[int]) -> tuple[Optional[bool], str]:
    """Reached by the target year: pass. Short of it at the end of the target year or later: fail.
    Reached only after the target year, or short of it before its end: no verdict."""
    m = _DATE.match(date)
    if not m or not target_year:
        return (True, "") if reached else (None, "")
    year, month = int(m.group(1)), int(m.group(2) or 12)
    if reached is None and year <= target_year:  # a bound (>1000億元) on both sides of the goal
        return None, "the observation is a bound that does not tell whether the goal was reached"
    if year < target_year or (year == target_year):
        if reached:
            return True, ""
        if year == target_year and month == 12 and reached is False:
            return False, "short of the goal at the end of the target year"
        return None, "observed before the end of the target year"
    if reached:
        return None, f"reached only after the target year ({date}); not a verdict on {target_year}"
    if reached is False:
        return False, f"still short of the goal after the target year ({date})"
    return None, ""


def rows(ctx: Any) -> list[dict]:
    """The observation deciding progress against the document's goal (information, never a check)."""
    return [r for r in (progress_row(t, for_target(ctx.tf, t)) for t in ctx.tf.targets if t.figure is not None) if r]
