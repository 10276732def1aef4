"""What every claim kind shares: interval arithmetic on plain floats, the options, the row frame,
and the one rule for where a threshold's verdict flips (``flip``: an approximate claim's tolerance
included). Each kind (``capacity.claims.share`` …) builds its rows from these."""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any, Optional

from capacity.memo import once
from capacity.model import DEFAULT_TOLERANCE_PP, Target, TargetFile
from capacity.results import Note, note_records

REL_TOL = 1e-9
INF = math.inf

def _ge(a: float, b: float) -> bool:
    return a >= b or math.isclose(a, b, rel_tol=REL_TOL, abs_tol=1e-12)


def _div(lo_n: float, hi_n: float, lo_d: float, hi_d: float) -> tuple[float, float]:
    """[lo_n, hi_n] / [lo_d, hi_d] for non-negative intervals."""
    lo = 0.0 if hi_d == INF else (lo_n / hi_d if hi_d > 0 else INF)
    hi = INF if lo_d <= 0 else hi_n / lo_d
    return lo, hi


def _verdict(lo: float, hi: float, threshold: float, comparator: str) -> Optional[bool]:
    if comparator == "at_most":
        if _ge(threshold, hi):
            return True
        if not _ge(threshold, lo):
            return False
        return None
    if _ge(lo, threshold):
        return True
    if not _ge(hi, threshold):
        return False
    return None


def _num(lo: float, hi: float) -> Optional[float]:
    return lo if math.isclose(lo, hi, rel_tol=REL_TOL) else None


def _rng(lo: float, hi: float) -> list[Optional[float]]:
    return [_clean(lo), None if hi == INF else _clean(hi)]


class _Cleaned(dict):
    """x → x rounded to 12 significant digits, remembered: the same figures recur on many rows and
    formatting is most of the cost, so a number seen before is one dictionary lookup (``_clean`` is this
    dictionary's ``__getitem__``: no Python call). Only non-zero finite numbers are stored: 0 and -0.0
    (equal as keys, different in JSON), inf and nan are handed back as they are, never stored."""

    def __missing__(self, x: float) -> float:
        if x == 0 or not math.isfinite(x):
            return x
        if len(self) > 200_000:
            self.clear()
        out = self[x] = float(f"{x:.12g}")
        return out


_CLEAN = _Cleaned()
#: Round away float noise (0.30000000000000004 → 0.3) keeping 12 significant digits: ``_clean(x)``.
_clean = _CLEAN.__getitem__


def qty(value: Optional[float], unit: str) -> Optional[dict]:
    if value is None:
        return None
    return {"magnitude": _clean(value), "unit": unit}


def _status(ok: Optional[bool], margin_pp: Optional[float], warn_within: Optional[float], decided: bool = True) -> str:
    if ok is None:
        return "undecided" if decided else "info"
    if not ok:
        return "fail"
    if warn_within is not None and margin_pp is not None and abs(margin_pp) < warn_within:  # at_most: margin < 0
        return "warn"
    return "pass"


def _location(t: Any) -> Optional[dict]:
    loc = getattr(t, "loc", None)
    return {"file": loc.file, "line": loc.line} if loc else None



@dataclass(frozen=True)
class Options:
    year: Optional[int] = None
    basis: Optional[str] = None
    source: Optional[str] = None
    warn_within: Optional[float] = None  # percentage points; a file's own warn_within wins
    strict: bool = False
    tolerance: Optional[float] = None  # percentage points for approximate (about) claims; wins over a file's own
    scope: Optional[str] = None  # national figures only unless asked (listed_firms, sample, …)
    denominator: str = "target"  # target: the target year's figure decides; issued: the one known at issue


def stance(t: Any) -> str:
    """How firmly the text states a claim (``stance:``): its threshold's own (which defaults to its
    target's), else the target's; goal when neither says."""
    th = getattr(t, "threshold", None)
    return (th.stance if th is not None else None) or getattr(t, "stance", None) or "goal"


def _base_row(kind: str, t: Target, tf: TargetFile) -> dict:
    return {
        "id": t.id,
        "kind": kind,
        "region": tf.region.id,
        "name": t.name,
        "name_en": t.name_en,
        "section": t.section,
        "clause": t.clause,
        "location": _location(t),
        "stance": stance(t),
    }



# ---------------------------------------------------------------------------------------------
# Where a verdict flips: the one rule every command uses (report's verdict, gap and headroom, solve,
# sweep's crossing, simulate's check)


@dataclass(frozen=True, slots=True)
class ShareBoundary:
    """Where a share claim flips: ``flip`` the share (threshold less an about claim's tolerance);
    ``headroom`` the national total at which it flips with the local figure; ``needed_local`` the
    local figure at which it flips against the national total; ``gap`` needed − local."""

    flip: float
    threshold: float
    headroom: Optional[float] = None
    needed_local: Optional[float] = None
    gap: Optional[float] = None
    #: an about claim's upper flip (``flip_above``), the national total below which it is ABOVE
    #: (``headroom_above``) and the local figure above which it is (``local_above``)
    flip_above: Optional[float] = None
    headroom_above: Optional[float] = None
    local_above: Optional[float] = None


@dataclass(frozen=True, slots=True)
class SupplyBoundary:
    """Where a supply claim flips: ``needed_supply`` at the need; ``max_need`` the largest need the
    supply covers; ``gap`` needed − supply."""

    flip: float
    threshold: float
    needed_supply: Optional[float] = None
    max_need: Optional[float] = None
    gap: Optional[float] = None


def tolerance_pp(th: Any, options: Optional[Options] = None) -> float:
    """An approximate (about) claim's tolerance in percentage points: ``--tolerance`` (what the user
    asks for this run) first, then the target's own ``tolerance:``, then the default; 0 for every other
    comparator."""
    if th is None or th.comparator != "about":
        return 0.0
    if options is not None and options.tolerance is not None:
        return float(options.tolerance)
    if th.tolerance is not None:
        return float(th.tolerance)
    return float(DEFAULT_TOLERANCE_PP)


def flips(th: Any, options: Optional[Options] = None) -> tuple[float, float, Optional[float]]:
    """(the threshold's value, ``flip``, ``flip_above``): where a claim's verdict flips, the one rule.
    The threshold less an approximate claim's tolerance (約40% with ±2.5 pp holds down to 37.5%); an
    approximate claim's upper flip, the threshold plus its tolerance (42.5%; None for every other
    comparator). At once for a report row, which needs all three."""
    value = th.value
    tol = tolerance_pp(th, options)
    return value, value - tol / 100, value + tol / 100 if th.comparator == "about" else None


def flip(th: Any, options: Optional[Options] = None) -> float:
    """The value of the share or ratio at which the claim's verdict flips: the threshold, less an
    approximate claim's tolerance (約40% with ±2.5 pp holds down to 37.5%)."""
    return flips(th, options)[1]


def flip_comparator(comparator: Optional[str]) -> str:
    """The side a claim holds on: at_most below its flip, every other comparator above it."""
    return "at_most" if comparator == "at_most" else "at_least"


def flip_above(th: Any, options: Optional[Options] = None) -> Optional[float]:
    """An approximate (about) claim's upper flip: above the threshold plus its tolerance the text says
    less than there is (ABOVE); None for every other comparator (約40% with ±2.5 pp: 42.5%)."""
    if th is None or th.comparator != "about":
        return None
    return flips(th, options)[2]


def holds(m: Any, flip_value: float, comparator: Optional[str]) -> Any:
    """A point value (float or numpy array) against the flip: what ``verdict`` says of [m, m]."""
    tol = max(REL_TOL * abs(flip_value), 1e-12)
    if comparator == "at_most":
        return m <= flip_value + tol
    return m >= flip_value - tol


def verdict(lo: float, hi: float, th: Any, options: Optional[Options] = None,
            flip_value: Optional[float] = None) -> Optional[bool]:
    """A claim's verdict on the interval [lo, hi] of its share or ratio. ``flip_value``: ``flip(th,
    options)`` when the caller has it already."""
    return _verdict(lo, hi, flip(th, options) if flip_value is None else flip_value, flip_comparator(th.comparator))


def approximate(row: dict, th: Any, options: Optional[Options], lo: float, hi: float) -> dict:
    """An approximate claim (約40%) is two-sided: within the tolerance a verdict of ``about`` (status
    pass); above it ABOVE (status ``above``: more than the text says; ``ok`` stays true, so ``check``
    exits 0, unless ``--strict``); below it FAIL. A share straddling the upper flip is undecided.
    ``lo``/``hi``: the share or ratio's interval."""
    tol = tolerance_pp(th, options)
    ok = verdict(lo, hi, th, options)
    up = flip_above(th, options)
    m = _num(lo, hi)
    above: Optional[bool] = False
    if up is not None and ok:
        if not _ge(up, lo):
            above = True  # the whole interval lies above the upper flip
        elif not _ge(up, hi):
            above = None  # the interval straddles it

    within = m is not None and abs(m - th.value) * 100 <= tol + 1e-9
    row["ok"] = ok
    row["status"] = "undecided" if ok is None else ("pass" if ok else "fail")
    row["tolerance_pp"] = _clean(tol)
    row["about"] = bool(ok and within)
    note = None
    if ok and above:
        row["status"] = "above"
        row["ok"] = not (options is not None and options.strict)
        note = Note.of("about_above", threshold=th.figure.text, tol=f"{tol:g}")
    elif ok and above is None:
        row["status"] = "undecided"
    elif ok and m is not None and m < th.value:
        note = Note.of("about_within", threshold=th.figure.text, tol=f"{tol:g}")
    elif ok is False:
        note = Note.of("about_below", threshold=th.figure.text, tol=f"{tol:g}")
    if note is not None:
        row["note"] = "; ".join(x for x in (row.get("note"), note.text()) if x)
        row["notes"] = [*(row.get("notes") or []), *note_records([note])]
    return row


def span(figure: Any, unit: str) -> tuple[float, float, float]:
    """``figure.interval(unit)`` and ``figure.magnitude(unit)`` at once, (low, high, magnitude), with the
    conversion factor looked up by the unit object's identity (hashing a Unit for
    ``capacity.units.conversion_factor``'s cache costs more than the conversion): a row converts its
    local figure once."""
    k = _factor(figure, unit)
    return figure.low * k, figure.high * k, figure.value * k


def _factor(figure: Any, unit: str) -> float:
    """The factor from ``figure``'s unit to ``unit`` (default: its display unit), by the unit's identity."""
    return once(_FACTORS, figure.unit, unit or display(figure), _conversion_factor)


def _conversion_factor(u: Any, target: str) -> float:
    from capacity.units import conversion_factor

    return conversion_factor(u, target)


_FACTORS: dict = {}


def converted(figure: Any, unit: str) -> tuple[float, float, float, dict]:
    """``span(figure, unit)`` and ``written(figure, unit)`` at once, (low, high, magnitude, as written; the
    last shared: merge it, never change it), with one lookup by the unit object's identity: what a row
    shows of a figure."""
    k, shown = once(_CONVERTED, figure.unit, unit, _factor_and_written, figure)
    return figure.low * k, figure.high * k, figure.value * k, shown


def _factor_and_written(u: Any, unit: str, figure: Any) -> tuple[float, dict]:
    return _factor(figure, unit), written(figure, unit)


_CONVERTED: dict = {}


def display(figure: Any) -> str:
    """``capacity.units.display_unit(figure)`` (t, GW, MWh, 億元, a count word), by the unit object's
    identity: it depends on the unit alone."""
    return once(_DISPLAYS, figure.unit, None, _display, figure)


_DISPLAYS: dict = {}


def _display(u: Any, _: None, figure: Any) -> str:
    from capacity.units import display_unit

    return display_unit(figure)


def as_written(figure: Any, unit: str) -> dict:
    """The unit the document writes ``figure`` in and the factor from ``unit`` (the display unit) to
    it, from the parsed figure itself (亿元, 萬噸, 萬千瓦時): what a table shows ``unit`` magnitudes in.
    Views read this; they never parse a figure's text again."""
    return dict(written(figure, unit))


def written(figure: Any, unit: str) -> dict:
    """``as_written`` without the copy: the one shared dict, to be merged into a row, never changed (the
    same few unit objects on every row: worked out once each)."""
    return once(_WRITTEN, getattr(figure, "unit", None), unit, _as_written)


#: (id(unit), display unit) → (unit, what ``_as_written`` says): by identity, as hashing a Unit costs more
#: than the lookup saves.
_WRITTEN: dict = {}


def _as_written(u: Any, unit: str) -> dict:
    from capacity.units import conversion_factor

    written = (u.text.strip() if u is not None else "") or unit
    if u is None or not unit or written == unit or u.dimension in ("count", "", "dimensionless"):
        return {"doc_unit": unit, "doc_factor": 1.0}
    try:
        per_display = conversion_factor(u, unit)  # one (scaled) base unit of the figure → display unit
        per_written = conversion_factor(u, written)  # … → the unit as written, its scale word included
    except Exception:  # noqa: BLE001 – a unit we cannot convert is shown in the display unit
        return {"doc_unit": unit, "doc_factor": 1.0}
    if not per_display:
        return {"doc_unit": unit, "doc_factor": 1.0}
    return {"doc_unit": written, "doc_factor": _clean(per_written / per_display)}


def growth_dict(t: Target) -> Optional[dict]:
    """A growth claim's base, shown beside the level it is compared as (500亿元 × (1 + 一倍) = 1000亿元)."""
    g = getattr(t, "growth", None)
    if g is None or t.figure is None:
        return None
    from capacity.units import display_unit, format_number

    unit = display_unit(t.figure)
    level = f"{format_number(t.figure.magnitude(unit))} {unit}"
    year = f" ({g.base_year})" if g.base_year else ""
    return {"rate": g.rate.text, "rate_value": _clean(g.rate.value), "base": qty(g.base.magnitude(unit), unit)
            | {"text": g.base.text}, "base_year": g.base_year, "base_observed": g.observed,
            "level": qty(t.figure.magnitude(unit), unit), "source": g.source or None, "url": g.url or None,
            "note": Note.of("growth_on_base", rate=g.rate.text, base=g.base.text, year=year, level=level).text()}


def provenance(row: dict, t: Target) -> dict:
    for key in ("source", "url", "published"):
        if getattr(t, key):
            row.setdefault("provenance", {})[key] = getattr(t, key)
    if t.year is not None:
        row["year"] = t.year
    if t.addition is not None:
        from capacity.units import display_unit, format_number

        a = t.addition
        row["addition"] = {"text": a.added.text, "base": a.base.text, "base_year": a.base_year,
                           "base_observed": a.observed, "source": a.source or None, "url": a.url or None,
                           "note": f"an addition (新增) of {a.added.text} on {a.base.text}"
                                   f"{f' ({a.base_year})' if a.base_year else ''}: compared as the stock "
                                   f"{format_number(t.figure.magnitude(display_unit(t.figure)))} "
                                   f"{display_unit(t.figure)}"}
    if getattr(t, "growth", None) is not None:
        row["growth"] = growth_dict(t)
    return row
