"""Evaluate: pure functions from figures to results.

The arithmetic is interval arithmetic on plain floats in each dimension's display unit (t, GW,
MWh, 億元): an exact figure is the interval [v, v], a published bound ``>1000GW`` is
[1000, inf), so a share against it is [0, 8.8%] and the verdict is decided only where the whole
interval falls on one side of the threshold. Conversions go through pint (``capacity.units``).

The small public functions (``share``, ``gap``, ``headroom``, ``supply_ratio``) take pint
quantities or figure strings and return floats, for use in a notebook.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, replace
from typing import Any, Callable, Iterable, Optional

from capacity.nogc import without_gc as _without_gc
from capacity.model import (
    DEFAULT_TOLERANCE_PP, Chain, Dataset, Factor, Link, NationalFigure, NationalFile, NationalQuantity, Target,
    TargetFile,
)
from capacity.script import contains  # --source: simplified and traditional alike (硅業分會 ~ 硅业分会)
from capacity.units import Figure, display_unit, format_number, parse_figure

REL_TOL = 1e-9
INF = math.inf

# ---------------------------------------------------------------------------------------------
# Public pure functions (quantities in, plain numbers out)


def _q(x: Any):  # noqa: ANN202
    if isinstance(x, str):
        return parse_figure(x, allow_bound=False, allow_range=False).quantity()
    if isinstance(x, Figure):
        return x.quantity()
    return x


def _fraction(x: Any) -> float:
    """A threshold as a fraction: 0.4, "40%" or a dimensionless quantity."""
    if isinstance(x, (int, float)):
        return float(x)
    return float(_q(x).to("").magnitude)


def _pure(fn):  # noqa: ANN001, ANN202
    """Turn pint's dimension errors into our QuantityError (an InputError) for notebook users."""
    import functools

    @functools.wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        import pint

        try:
            return fn(*args, **kwargs)
        except pint.errors.DimensionalityError as exc:
            from capacity.errors import QuantityError

            raise QuantityError(f"{fn.__name__}: the dimensions differ ({exc.dim1 or 'dimensionless'} and "
                                f"{exc.dim2 or 'dimensionless'})", expected="quantities of matching dimensions") from None

    return wrapper


@_pure
def share(local: Any, national: Any) -> float:
    """local / national as a fraction: ``share("87萬噸", "217.5萬噸") == 0.4``."""
    return float((_q(local) / _q(national)).to("").magnitude)


@_pure
def gap(local: Any, national: Any, threshold: Any) -> Any:
    """threshold × national − local, in local's unit (positive: capacity still missing)."""
    loc, nat = _q(local), _q(national)
    return (_fraction(threshold) * nat - loc).to(loc.units)


@_pure
def headroom(local: Any, threshold: Any) -> Any:
    """local / threshold: the largest national total at which the share still reaches threshold."""
    return _q(local) / _fraction(threshold)


@_pure
def supply_ratio(supply: Any, demand: Any, factor: Any = None) -> float:
    """supply / (demand × factor): the share of local need that local supply covers."""
    need = _q(demand) * (_q(factor) if factor is not None else 1)
    return float((_q(supply) / need).to("").magnitude)


# ---------------------------------------------------------------------------------------------
# Interval helpers


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


def _clean(x: float) -> float:
    """Round away float noise (0.30000000000000004 → 0.3) keeping 12 significant digits."""
    if x == 0 or not math.isfinite(x):
        return x
    return float(f"{x:.12g}")


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


# ---------------------------------------------------------------------------------------------
# Choosing the national figure


@dataclass(frozen=True)
class Denominator:
    figure: Optional[NationalFigure]
    note: str = ""  # why this one, when it is not what was asked for


_FULL_YEAR = re.compile(r"^(end-?)?\s*\d{4}$|^$")


def _full_year(f: NationalFigure) -> bool:
    return bool(_FULL_YEAR.match(f.period.strip()))


def context_reason(f: NationalFigure, target_year: Optional[int] = None) -> str:
    """Why a figure is context, not a denominator a verdict may rest on ('' when it is one): it covers
    less than the nation (scope), less than a full year (H1, Jan–Oct, a forecast), or a year after the
    document's target year."""
    if f.overridden:
        return ""
    if f.scope != "national":
        return f"scope {f.scope}: not a national total"
    if not _full_year(f):
        return f"not a full-year figure ({f.period})"
    if target_year is not None and f.year > target_year:
        return f"after the target year {target_year}"
    return ""


def _rank(f: NationalFigure) -> tuple:
    """Better-sourced first: a named organisation with an address before commentary or an unnamed
    source (so a bound with no named source never wins over a named point figure), then ``preferred``."""
    return (f.weak_source, not f.preferred)


def data_years(ds: Dataset) -> list[int]:
    """Every year a national figure on file is for (overrides excluded), ascending."""
    return sorted({f.year for q in ds.national.quantities for f in q.figures if not f.overridden})


def check_year(ds: Dataset, year: Optional[int]) -> None:
    """``--year`` must fall within the span of the data's years: outside it every denominator would be
    a silent fallback (``--year 2010`` would make a 2022 figure pass for 2010)."""
    if year is None:
        return
    years = data_years(ds)
    if not years or not years[0] <= year <= years[-1]:
        from capacity.errors import InputError

        span = f"{years[0]} to {years[-1]}" if years else "none"
        raise InputError(f"--year {year}: no national figure is for a year within the data's span ({span})",
                         value=str(year), expected="a year on file: " + ", ".join(str(y) for y in years))


_CHOICES: dict[tuple, tuple[NationalQuantity, Denominator]] = {}  # (id(q), options…) → (q, choice)


def select_national(q: NationalQuantity, year: Optional[int] = None, basis: Optional[str] = None,
                    source: Optional[str] = None, up_to: Optional[int] = None,
                    scope: Optional[str] = None) -> Denominator:
    """The figure a share is computed against (see ``choose_national``), chosen once per quantity and
    options: 100,000 targets share a few dozen choices."""
    key = (id(q), year, basis, source, up_to, scope)
    hit = _CHOICES.get(key)
    if hit is not None and hit[0] is q:  # the entry keeps q alive, so its id is not reused while cached
        return hit[1]
    if len(_CHOICES) > 4096:
        _CHOICES.clear()
    choice = choose_national(q, year, basis, source, up_to, scope)
    _CHOICES[key] = (q, choice)
    return choice


def choose_national(q: NationalQuantity, year: Optional[int] = None, basis: Optional[str] = None,
                    source: Optional[str] = None, up_to: Optional[int] = None,
                    scope: Optional[str] = None) -> Denominator:
    """The figure a share is computed against; falls back openly, saying so in ``note``.

    Default: national scope only (a listed-firms plan is not a national total; ``scope`` asks for
    another), the newest year up to ``up_to`` (the document's target year: figures describing later
    years are not what a 2024 claim was made against), capacity basis, full-year figures before
    partial ones, then the better-sourced figure (a named organisation with an address before
    commentary), then the ``preferred`` one. Another basis is used, and said, only when the asked one
    has no figure (up to ``up_to``); a later year only when no basis has one. A default resting on a
    weak source says so."""
    notes: list[str] = []
    want_basis = basis or "capacity"
    figs = list(q.figures)
    overridden = [f for f in figs if f.overridden]
    if overridden:
        return Denominator(overridden[-1], "")
    want_scope = scope or "national"
    in_scope = [f for f in figs if f.scope == want_scope]
    if not in_scope:
        if figs:
            return Denominator(None, f"no {want_scope}-scope figure on file (scopes: "
                                     f"{', '.join(sorted({f.scope for f in figs}))})")
        return Denominator(None, "no national figure on file")
    figs = in_scope
    src = ""
    if source:
        matching = [f for f in figs if contains(source, f.source)]
        if not matching:
            notes.append(f"no figure from '{source}'")
        else:
            figs, src = matching, f" from '{source}'"
    cap = up_to if year is None else None
    bases = (want_basis, *[x for x in ("capacity", "production", "installed") if x != want_basis])
    if year is not None:  # a year asked for comes first: that year's figure on another basis, said so,
        for b in bases:   # before the asked basis in another year (--year 2023: 2023 output, not 2024 capacity)
            same = [f for f in figs if f.basis == b and f.year == year]
            pool = [f for f in same if _full_year(f)] or same
            if not pool:
                continue
            if b != want_basis:
                notes.append(f"no {year} {want_basis} figure{src} on file; used {b}")
            return _best(pool, notes)
    for b in bases:
        cand = [f for f in figs if f.basis == b]
        pool = [f for f in cand if _full_year(f)] or cand
        if cap is not None:
            pool = [f for f in pool if f.year <= cap]
        if not pool:
            continue
        if b != want_basis:
            notes.append(f"no {want_basis} figure{src}{f' up to {cap}' if cap else ''} on file; used {b}")
        if year is not None:
            same = [f for f in pool if f.year == year]
            if not same:
                earlier = [f for f in pool if f.year < year]
                chosen_pool = earlier or pool
                best_year = max(f.year for f in chosen_pool) if earlier else min(f.year for f in chosen_pool)
                notes.append(f"no {year} figure; used {best_year}")
                same = [f for f in chosen_pool if f.year == best_year]
            pool = same
        else:
            newest = max(f.year for f in pool)
            pool = [f for f in pool if f.year == newest]
        return _best(pool, notes)
    if cap is not None and figs:
        later = select_national(q, None, basis, source, None, scope)
        return Denominator(later.figure, "; ".join(x for x in (later.note, f"no figure up to {cap}; used a later one") if x))
    return Denominator(None, "no national figure on file")


def _best(pool: list[NationalFigure], notes: list[str]) -> Denominator:
    """The best-ranked figure of ``pool``, its notes saying when it rests on a weak source."""
    chosen = min(pool, key=_rank)
    if chosen.weak_source:
        notes.append("rests on a weak source (no named organisation with an address)")
    return Denominator(chosen, "; ".join(notes))


def national_dict(d: Denominator, unit: str) -> Optional[dict]:
    f = d.figure
    if f is None:
        return None
    out = {
        "magnitude": _clean(f.value.magnitude(unit)),
        "unit": unit,
        "bound": None if f.value.exact else f.value.bound,
        "text": f.value.text,
        "year": f.year,
        "period": f.period,
        "basis": f.basis,
        "source": f.source,
        "url": f.url,
        "derived": f.derived,
        "uncertain": f.uncertain,
        "estimate": f.estimate,
        "overridden": f.overridden,
        "fallback": d.note or None,
        "scope": f.scope,
        "weak_source": f.weak_source and not f.overridden,
        "file": f.file or None,  # the file the figure came from (a national file, a layer, a targets file)
    }
    return out


def issued_year(tf: TargetFile) -> Optional[int]:
    m = re.match(r"\s*(\d{4})", tf.region.issued or "")
    return int(m.group(1)) if m else None


def select_then(q: NationalQuantity, tf: TargetFile, options: "Options") -> Optional[Denominator]:
    """The figure known when the document was written: the newest full-year figure for a year before
    the year it was issued (end-2023 for a document issued in 2024), same basis, source and scope rules
    as the default. None when the region has no ``issued`` date or no such figure exists."""
    iy = issued_year(tf)
    if iy is None:
        return None
    d = select_national(q, None, options.basis, options.source, iy - 1, options.scope)
    if d.figure is None or (not d.figure.overridden and (d.figure.year >= iy or not _full_year(d.figure))):
        return None
    return d


# ---------------------------------------------------------------------------------------------
# Rows


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
    }


def share_row(t: Target, tf: TargetFile, q: NationalQuantity, options: Options,
              denominator: Optional[Denominator] = None) -> dict:
    unit = display_unit(t.figure)
    then = target_d = None
    if denominator is None:
        d = select_national(q, options.year, options.basis, options.source, tf.region.target_year, options.scope)
        then = select_then(q, tf, options)
        if options.denominator == "issued":
            if then is not None:
                d, target_d = then, d
            else:
                d = Denominator(d.figure, "; ".join(x for x in (d.note, "no figure known at the document's date; "
                                                                "used the target year's") if x))
    else:
        d = denominator
    row = _share_core(t, tf, q, options, d, unit)
    if denominator is None:
        row["then"] = _then_dict(t, tf, q, options, then, unit)
        if target_d is not None:  # --denominator issued: the target year's figure, beside the one that decides
            r = _share_core(t, tf, q, options, target_d, unit)
            row["target_year"] = {k: r.get(k) for k in ("national", "share", "share_range", "margin_pp", "ok", "status")}
    return row


def _then_dict(t: Target, tf: TargetFile, q: NationalQuantity, options: "Options", then: Optional[Denominator],
               unit: str) -> Optional[dict]:
    """The share against the figure known at the document's date, with the other full-year figures of
    that year, basis and scope beside it (the sources disagree: 230 or 210萬噸)."""
    if then is None:
        return None
    r = _share_core(t, tf, q, options, then, unit)
    out = {k: r.get(k) for k in ("national", "share", "share_range", "margin_pp", "ok", "status")}
    out["issued"] = tf.region.issued
    f = then.figure
    others = [] if f is None or f.overridden else [
        x for x in q.figures if x is not f and x.year == f.year and x.basis == f.basis and x.scope == f.scope
        and _full_year(x) and (not options.source or options.source.lower() in x.source.lower())]
    out["others"] = []
    for x in sorted(others, key=_rank):
        o = _share_core(t, tf, q, options, Denominator(x), unit)
        out["others"].append({k: o.get(k) for k in ("national", "share", "share_range", "ok", "status")})
    return out


def _share_core(t: Target, tf: TargetFile, q: NationalQuantity, options: "Options", d: Denominator,
                unit: str) -> dict:
    row = _base_row("share", t, tf)
    l_lo, l_hi = t.figure.interval(unit)
    row["local"] = qty(t.figure.magnitude(unit), unit)
    row["local"]["text"] = t.figure.text
    if t.overridden:
        row["local"]["overridden"] = t.overridden
    row["national"] = national_dict(d, unit)
    row["proxy"] = q.proxy_note
    th = t.threshold if (t.threshold and t.threshold.kind == "share") else None
    row["threshold"] = _clean(th.value) if th else None
    row["threshold_text"] = th.figure.text if th else None
    row["comparator"] = th.comparator if th else None
    if d.figure is None:
        row.update(share=None, share_range=[None, None], margin_pp=None, gap=None, gap_range=[None, None],
                   headroom=qty(l_lo / th.value, unit) if th and th.value else None,
                   ok=None, status="undecided" if th else "info", note=d.note)
        return row
    n_lo, n_hi = d.figure.value.interval(unit)
    s_lo, s_hi = _div(l_lo, l_hi, n_lo, n_hi)
    row["share"] = _clean(_num(s_lo, s_hi)) if _num(s_lo, s_hi) is not None else None
    row["share_range"] = _rng(s_lo, s_hi)
    if th:
        t_v = th.value
        ok = _verdict(s_lo, s_hi, t_v, th.comparator)
        m = _num(s_lo, s_hi)
        row["margin_pp"] = _clean((m - t_v) * 100) if m is not None else None
        g_lo = t_v * n_lo - l_hi
        g_hi = INF if n_hi == INF else t_v * n_hi - l_lo
        row["gap"] = qty(_num(g_lo, g_hi), unit) if _num(g_lo, g_hi) is not None else None
        row["gap_range"] = [_clean(g_lo), None if g_hi == INF else _clean(g_hi)]
        row["headroom"] = qty(l_lo / t_v, unit) if t_v else None
        warn = th.warn_within if th.warn_within is not None else options.warn_within
        row["ok"] = ok
        row["status"] = _status(ok, row["margin_pp"], warn)
        if options.strict and row["status"] == "warn":
            row["ok"], row["status"] = False, "fail"
    else:
        row.update(margin_pp=None, gap=None, gap_range=[None, None], headroom=None, ok=None, status="info")
    row["note"] = d.note
    return row


def link_row(tf: TargetFile, supply: Target, demand: Target, factor: Optional[Factor],
             options: Optional[Options] = None) -> dict:
    s_unit = display_unit(supply.figure)
    d_unit = display_unit(demand.figure)
    s_lo, s_hi = supply.figure.interval(s_unit)
    d_lo, d_hi = demand.figure.interval(d_unit)
    if factor is not None:
        # need (in supply's unit) = demand × factor; the factor's unit carries the conversion.
        from capacity.units import link_factor

        # one demand display-unit × factor → supply display-unit (the factor's value has its scale applied)
        k = link_factor(d_unit, factor.value.value, factor.value.unit, s_unit)
        f_lo, f_hi = factor_span(factor)
        need_lo, need_hi = d_lo * k * f_lo, d_hi * k * f_hi
        factor_out = factor_dict(factor)
    else:
        k = _same_dim_factor(d_unit, s_unit)
        need_lo, need_hi = d_lo * k, d_hi * k
        factor_out = None
    # the verdict rests on the whole interval (a factor's low..high, a bounded figure); ``ratio`` is the
    # value at the factor's stated value, null only when a bound leaves no central value
    r_lo, r_hi = _div(s_lo, s_hi, need_lo, need_hi)
    ratio = _num(*_div(s_lo, s_hi, d_lo * k, d_hi * k))
    need_c = _num(d_lo * k, d_hi * k)
    th = supply.threshold if (supply.threshold and supply.threshold.kind == "supply") else None
    row = {
        "id": f"{supply.id}_for_{demand.id}",
        "kind": "supply",
        "region": tf.region.id,
        "name": f"{supply.name} → {demand.name}",
        "name_en": f"{supply.name_en or supply.id} for {demand.name_en or demand.id}",
        "section": supply.section,
        "clause": supply.clause,
        "location": _location(th or supply) if th else _location(supply),
        "supply": qty(supply.figure.magnitude(s_unit), s_unit) | {"id": supply.id, "text": supply.figure.text},
        "demand": qty(need_c if need_c is not None else d_lo * k, s_unit)
        | {"id": demand.id, "text": demand.figure.text},
        "demand_range": _rng(need_lo, need_hi),
        "ratio": _clean(ratio) if ratio is not None else None,
        "ratio_range": _rng(r_lo, r_hi),
        "factor": factor_out,
        "threshold": _clean(th.value) if th else None,
        "threshold_text": th.figure.text if th else None,
        "comparator": th.comparator if th else None,
    }
    if th:
        ok = _verdict(r_lo, r_hi, th.value, th.comparator)
        row["margin_pp"] = _clean((ratio - th.value) * 100) if ratio is not None else None
        g = th.value * need_c - s_lo if ratio is not None and need_c is not None else None
        row["gap"] = qty(g, s_unit)
        row["ok"] = ok
        warn = th.warn_within if th.warn_within is not None else (options.warn_within if options else None)
        row["status"] = _status(ok, row["margin_pp"], warn)
    else:
        row.update(margin_pp=None, gap=None, ok=None, status="info")
    row["note"] = ("capacity ratio: local upstream capacity over local downstream capacity"
                   if factor is None else f"need = {demand.id} × {factor.id}")
    if factor_out and factor_out.get("range_text"):
        row["note"] += (f"; over the factor's range {factor_out['range_text']} the ratio is "
                        f"{r_lo * 100:.1f}%–{r_hi * 100:.1f}%")
    return row


def factor_span(factor: Factor) -> tuple[float, float]:
    """(low, high) as multiples of the factor's stated value: (1, 1) without both ends on file or under
    an override (an override fixes the factor)."""
    if factor.overridden or factor.low is None or factor.high is None or not factor.value.value:
        return 1.0, 1.0
    from capacity.units import conversion_factor

    base = factor.value.unit.base_text
    out = []
    for end in (factor.low, factor.high):
        v = end.value * (conversion_factor(end.unit, base) if base else 1.0)
        out.append(v / factor.value.value)
    return min(out), max(out)


def factor_dict(factor: Factor) -> dict:
    """A factor as written: 1.23 t/t, 2.2 g/W, 123% (magnitude in the unit as written), with its range."""
    v = factor.value
    f_lo, f_hi = factor_span(factor)
    mag = v.value / float(v.unit.scale)
    return {"id": factor.id, "magnitude": _clean(mag), "unit": v.unit.text.strip(),
            "text": v.text, "derived": factor.derived and not factor.overridden,
            "estimate": factor.estimate and not factor.overridden, "overridden": factor.overridden,
            "low": _clean(mag * f_lo), "high": _clean(mag * f_hi),
            "range_text": f"{factor.low.text}–{factor.high.text}" if (f_lo, f_hi) != (1.0, 1.0) else None}


def _pint(unit_text: str):  # noqa: ANN202
    from capacity.units import scaled_pint_unit

    return scaled_pint_unit(unit_text)


def _same_dim_factor(src: str, dst: str) -> float:
    from capacity.units import conversion_factor, parse_unit

    return conversion_factor(parse_unit(src), dst)


CHAIN_DEFINITION = ("mean over the chain's links of local upstream supply / local downstream need, "
                    "each link capped at 100%")


def chain_row(tf: TargetFile, links: list[dict], options: Options, chain: Optional[Chain] = None) -> Optional[dict]:
    chain = chain or tf.chain
    if not chain or not chain.target or not links:
        return None
    t = tf.target(chain.target)
    lows = [min(1.0, l["ratio_range"][0]) for l in links]
    highs = [1.0 if l["ratio_range"][1] is None else min(1.0, l["ratio_range"][1]) for l in links]
    lo, hi = sum(lows) / len(lows), sum(highs) / len(highs)
    th_v = t.figure.value
    ok = _verdict(lo, hi, th_v, t.comparator if t.comparator in ("at_least", "at_most") else "at_least")
    centrals = [l["ratio"] for l in links]
    ratio = sum(min(1.0, c) for c in centrals) / len(centrals) if None not in centrals else _num(lo, hi)
    warn = t.threshold.warn_within if t.threshold and t.threshold.warn_within is not None else options.warn_within
    row = _base_row("supply", t, tf)
    row.update({
        "supply": None,
        "demand": None,
        "ratio": _clean(ratio) if ratio is not None else None,
        "ratio_range": _rng(lo, hi),
        "factor": None,
        "threshold": _clean(th_v),
        "threshold_text": t.figure.text,
        "comparator": t.comparator,
        "margin_pp": _clean((ratio - th_v) * 100) if ratio is not None else None,
        "gap": None,
        "links": [l["id"] for l in links],
        "definition": CHAIN_DEFINITION,
        "note": "definition chosen by capacity (the document does not define it): " + CHAIN_DEFINITION,
    })
    row["ok"] = ok
    row["status"] = _status(ok, row["margin_pp"], warn)
    return row


def rollup_row(tf: TargetFile, rid: str, total: Target, parts: list[tuple[str, str, Figure]],
               kind_note: str, decisive: bool = True) -> dict:
    unit = display_unit(total.figure)
    s_lo, s_hi = total.figure.interval(unit)
    p_lo = sum(f.interval(unit)[0] for _, _, f in parts)
    p_hi = sum(f.interval(unit)[1] for _, _, f in parts)
    parts_sum = _num(p_lo, p_hi)
    diff = parts_sum - s_lo if parts_sum is not None and _num(s_lo, s_hi) is not None else None
    row = _base_row("rollup", total, tf)
    row["id"] = rid
    row.update({
        "stated": qty(total.figure.magnitude(unit), unit) | {"id": total.id, "text": total.figure.text},
        "parts": [qty(f.magnitude(unit), unit) | {"id": pid, "name": name, "text": f.text} for pid, name, f in parts],
        "parts_total": qty(parts_sum, unit),
        "difference": qty(diff, unit),
        "unexplained": qty(-diff if diff is not None else None, unit),
        "comparator": total.comparator,
        "note": kind_note,
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


def progress_row(t: Target, tf: TargetFile) -> Optional[dict]:
    if not t.observed:
        return None
    obs = sorted(t.observed, key=lambda o: o.date)[-1]
    stated = t.stated or t.figure  # the document's goal, whatever the scenario did to the local figure
    unit = display_unit(stated)
    goal = stated.magnitude(unit)
    o_lo, o_hi = obs.figure.interval(unit)
    pct_lo, pct_hi = (o_lo / goal, INF if o_hi == INF else o_hi / goal) if goal else (None, None)
    reached = _verdict(o_lo, o_hi, goal, "at_least") if goal else None
    ok, why = _progress_verdict(reached, obs.date, tf.region.target_year)
    row = _base_row("progress", t, tf)
    obs_value = _num(o_lo, o_hi)
    row.update({
        "goal": qty(goal, unit) | {"text": stated.text},
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
        "note": "; ".join(x for x in (why, obs.note) if x),
    })
    return row


def _progress_verdict(reached: Optional[bool], date: str, target_year: Optional[int]) -> tuple[Optional[bool], str]:
    """Reached by the target year: pass. Short of it at the end of the target year or later: fail.
    Reached only after the target year, or short of it before its end: no verdict."""
    m = re.match(r"(\d{4})(?:-(\d{1,2}))?", date)
    if not m or not target_year:
        return (True, "") if reached else (None, "")
    year, month = int(m.group(1)), int(m.group(2) or 12)
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


# ---------------------------------------------------------------------------------------------
# Claim kinds: one evaluator per kind (one region in, its rows out), each with its row builder,
# registered in one table. ``evaluate`` runs the table; a new kind of claim is a new row here.


@dataclass(frozen=True)
class Context:
    """What an evaluator sees: one region's document, the national file and the options."""

    tf: TargetFile
    national: NationalFile
    options: Options

    def targets_by_id(self) -> dict[str, Target]:
        return {t.id: t for t in self.tf.targets}


@dataclass(frozen=True)
class ClaimKind:
    name: str  # the kind of claim
    evaluate: Callable[[Context], list[dict]]  # one region's rows of this kind
    row: Callable[..., Optional[dict]]  # the row builder the evaluator calls
    doc: str = ""


def _for_year(tf: TargetFile, t: Target) -> TargetFile:
    """The region as seen by a target with its own ``year`` (an interim goal): its target year is that year."""
    if t.year is None or t.year == tf.region.target_year:
        return tf
    return replace(tf, region=replace(tf.region, target_year=t.year))


def _provenance(row: dict, t: Target) -> dict:
    for key in ("source", "url", "published"):
        if getattr(t, key):
            row.setdefault("provenance", {})[key] = getattr(t, key)
    if t.year is not None:
        row["year"] = t.year
    if t.addition is not None:
        a = t.addition
        row["addition"] = {"text": a.added.text, "base": a.base.text, "base_year": a.base_year,
                           "base_observed": a.observed, "source": a.source or None, "url": a.url or None,
                           "note": f"an addition (新增) of {a.added.text} on {a.base.text}"
                                   f"{f' ({a.base_year})' if a.base_year else ''}: compared as the stock "
                                   f"{format_number(t.figure.magnitude(display_unit(t.figure)))} "
                                   f"{display_unit(t.figure)}"}
    return row


def tolerance_pp(th: Any, options: Optional[Options]) -> float:
    """An approximate claim's tolerance: ``--tolerance`` (what the user asks for this run) first, then
    the target's own ``tolerance:``, then the default."""
    if options is not None and options.tolerance is not None:
        return options.tolerance
    return th.tolerance if th.tolerance is not None else DEFAULT_TOLERANCE_PP


def approximate(row: dict, th: Any, options: Options, lo: float, hi: float) -> dict:
    """An approximate claim (約40%): a verdict of ``about`` within the tolerance below the threshold;
    above it the claim holds, below it fails. ``lo``/``hi``: the share or ratio's interval."""
    tol = tolerance_pp(th, options)
    floor = th.value - tol / 100
    ok = _verdict(lo, hi, floor, "at_least")
    m = _num(lo, hi)
    within = m is not None and abs(m - th.value) * 100 <= tol + 1e-9
    row["ok"] = ok
    row["status"] = "undecided" if ok is None else ("pass" if ok else "fail")
    row["tolerance_pp"] = _clean(tol)
    row["about"] = bool(ok and within)
    if ok and m is not None and m < th.value:
        row["note"] = "; ".join(x for x in (row.get("note"), f"about {th.figure.text}: within ±{tol:g} pp") if x)
    elif ok is False:
        row["note"] = "; ".join(x for x in (row.get("note"), f"more than {tol:g} pp below about {th.figure.text}")
                                if x)
    return row


def _share_warnings(row: dict, t: Target, tf: TargetFile) -> dict:
    """A share above 100% (a regional plan larger than the national total): a plain sentence on the row."""
    lo = (row.get("share_range") or [None])[0]
    n = row.get("national")
    if lo is not None and lo > 1 + 1e-9 and n:
        local = (row.get("local") or {}).get("text") or ""
        row.setdefault("warnings", []).append(
            f"{tf.region.name or tf.region.id}'s {t.name or t.id} ({local}) is larger than the national total "
            f"({n['text']}, {n.get('period') or n['year']}): a share of {lo * 100:.0f}%, which cannot be; "
            "check the units, the basis or the national figure")
    return row


def needed_row(t: Target, tf: TargetFile, q: NationalQuantity, options: Options) -> dict:
    """A share claim without a local figure (晶硅材料產能占全國40%以上): the local figure it needs
    (threshold × national) and, when the region has observations, the gap against the latest one."""
    d = select_national(q, options.year, options.basis, options.source, tf.region.target_year, options.scope)
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
        row["note"] = f"no local figure in the document and {d.note or 'no national figure'}: nothing to compute"
        return row
    n_lo, n_hi = d.figure.value.interval(unit)
    need_lo, need_hi = th.value * n_lo, (INF if n_hi == INF else th.value * n_hi)
    row["needed_local"] = qty(_num(need_lo, need_hi), unit) if _num(need_lo, need_hi) is not None else None
    row["needed_local_range"] = _rng(need_lo, need_hi)
    need_txt = (f"{format_number(need_lo)} {unit}" if row["needed_local"] else f"at least {format_number(need_lo)} {unit}")
    note = (f"no local figure in the document: the claim ({th.figure.text} of {d.figure.value.text}) needs "
            f"{need_txt}")
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
        note += (f"; the latest observation ({obs.figure.text}, {obs.date}) is "
                 + (f"{format_number(gap['magnitude'])} {unit} short" if gap and gap["magnitude"] > 0 else
                    f"{format_number(-gap['magnitude'])} {unit} above it" if gap else "bounded"))
    row["note"] = "; ".join(x for x in (note, d.note) if x)
    return row


def _share_claims(ctx: Context) -> list[dict]:
    """A share of the national total, for every target with a local figure that names a national quantity."""
    out = []
    for t in ctx.tf.targets:
        if not t.national or t.figure is None:
            continue
        tf, q = _for_year(ctx.tf, t), ctx.national.quantity(t.national)
        row = share_row(t, tf, q, ctx.options)
        th = t.threshold
        if th is not None and th.kind == "share" and th.comparator == "about" and row["national"] is not None:
            # one rule for every denominator on the row: the one that decides, then-and-now, the others
            then = row.get("then") or {}
            for r in (row, then, *then.get("others", ()), row.get("target_year") or {}):
                if r.get("national") is not None and r.get("share_range"):
                    lo, hi = r["share_range"]
                    approximate(r, th, ctx.options, lo, INF if hi is None else hi)
            if ctx.options.strict and row["status"] == "warn":
                row["ok"], row["status"] = False, "fail"
        out.append(_share_warnings(_provenance(row, t), t, tf))
    return out


def _needed_claims(ctx: Context) -> list[dict]:
    """A share claim with no local figure: the local figure it needs, and the gap to the latest observation."""
    return [_provenance(needed_row(t, _for_year(ctx.tf, t), ctx.national.quantity(t.national), ctx.options), t)
            for t in ctx.tf.targets if t.figure is None and t.national]


def link_demand(tf: TargetFile, link: Link) -> Target:
    """The need a link's supply is held against, as a target: another target, a target's latest
    observation, or the figure the text states (``demand_figure``)."""
    if link.demand:
        return tf.target(link.demand)
    supply = tf.target(link.supply)
    if link.demand_observed:
        t = tf.target(link.demand_observed)
        obs = sorted(t.observed, key=lambda o: o.date)[-1]
        fig = replace(obs.figure, text=f"{obs.figure.text} ({obs.date})")
        return replace(t, figure=fig, threshold=None, observed=())
    assert link.demand_figure is not None
    return Target(id="local_demand", name=link.demand_name or "本地需求", name_en=link.demand_name or "local demand",
                  figure=link.demand_figure, comparator="reach", measure="other", section=supply.section,
                  clause=supply.clause, region=supply.region, loc=link.loc, source=link.demand_source,
                  url=link.demand_url)


def covered_row(tf: TargetFile, supply: Target, link: Link) -> dict:
    """A supply claim whose demand the text does not state (滿足本地建設需求80%以上, no demand figure):
    the largest local demand the supply covers at the threshold (supply / threshold)."""
    th = supply.threshold if (supply.threshold and supply.threshold.kind == "supply") else None
    unit = display_unit(supply.figure)
    s_lo = supply.figure.interval(unit)[0]
    row = _base_row("supply", supply, tf)
    row.update({
        "id": f"{supply.id}_for_local_demand", "supply": qty(supply.figure.magnitude(unit), unit)
        | {"id": supply.id, "text": supply.figure.text}, "demand": None, "ratio": None, "ratio_range": [None, None],
        "factor": None, "threshold": _clean(th.value) if th else None, "threshold_text": th.figure.text if th else None,
        "comparator": th.comparator if th else None, "margin_pp": None, "gap": None,
        "max_demand": qty(s_lo / th.value, unit) if th and th.value else None, "ok": None, "status": "info",
        "location": _location(link),
    })
    if th and th.value:
        row["note"] = (f"the text states no local demand: {supply.figure.text} covers {th.figure.text} of a demand of "
                       f"at most {format_number(s_lo / th.value)} {unit}")
    return row


def _supply_claims(ctx: Context) -> list[dict]:
    """Local supply against local need, link by link along each chain, then each chain's mean ratio."""
    tf, nat = ctx.tf, ctx.national
    out: list[dict] = []
    for chain in tf.all_chains():
        links = []
        for link in chain.links:
            factor = nat.factor(link.factor) if link.factor else None
            supply = tf.target(link.supply)
            if not link.demand_stated:
                out.append(_provenance(covered_row(tf, supply, link), supply))
                continue
            row = link_row(tf, supply, link_demand(tf, link), factor, ctx.options)
            th = supply.threshold
            if th is not None and th.kind == "supply" and th.comparator == "about":
                lo, hi = row["ratio_range"]
                approximate(row, th, ctx.options, lo, INF if hi is None else hi)
            if link.demand is None:
                row["id"] = f"{supply.id}_for_{link.demand_observed or 'local_demand'}"
                d = row["demand"]
                d["name"] = link.demand_name or None
                d["source"] = link.demand_source or None
                d["url"] = link.demand_url or None
                d["observed"] = link.demand_observed is not None
                row["note"] = (f"local supply against {'the latest observation of ' + link.demand_observed if link.demand_observed else 'a stated local demand'}"
                               + (f" ({link.demand_name})" if link.demand_name else "")
                               + (f" × {factor.id}" if factor else ""))
            if chain.id:
                row["chain"] = chain.id
            links.append(_provenance(row, supply))
        c = chain_row(tf, links, ctx.options, chain)
        if c and chain.id:
            c["chain"] = chain.id
        out.extend(links + ([c] if c else []))
    return out


def _rollup_claims(ctx: Context) -> list[dict]:
    """Stated parts against a stated total."""
    by_id = ctx.targets_by_id()  # lookups by id: linear in the region's size, not quadratic
    out = []
    for x in ctx.tf.rollups:
        parts = [(p, by_id[p].name, by_id[p].figure) for p in x.parts]
        out.append(rollup_row(ctx.tf, x.id, by_id[x.total], parts, "stated parts against the stated total"))
    return out


def _project_claims(ctx: Context) -> list[dict]:
    """Named projects against the target they feed (they must not exceed it)."""
    feeding: dict[str, list] = {}
    for p in ctx.tf.projects:
        if p.feeds and p.figure is not None:
            feeding.setdefault(p.feeds, []).append(p)
    out = []
    for t in ctx.tf.targets:
        projects = feeding.get(t.id, [])
        if projects and t.figure is not None:  # a target stated without a figure has nothing to exceed
            parts = [(p.id, f"{p.name} {p.product}".strip(), p.figure) for p in projects]
            out.append(rollup_row(ctx.tf, f"{t.id}_projects", t, parts,
                                  "named projects against the target they feed; the rest is existing "
                                  "or unnamed capacity", decisive=False))
    return out


def _progress_claims(ctx: Context) -> list[dict]:
    """The latest observation against the document's goal (information, never a check)."""
    return [r for r in (progress_row(t, _for_year(ctx.tf, t)) for t in ctx.tf.targets if t.figure is not None) if r]


#: Every kind of claim, in the order its rows appear in a report.
CLAIM_KINDS: tuple[ClaimKind, ...] = (
    ClaimKind("share", _share_claims, share_row, "local figure / national total against a threshold"),
    ClaimKind("needed", _needed_claims, needed_row, "the local figure a share claim without one needs"),
    ClaimKind("supply", _supply_claims, link_row, "local supply / local need along a chain, and the chain's mean"),
    ClaimKind("rollup", _rollup_claims, rollup_row, "stated parts against a stated total"),
    ClaimKind("projects", _project_claims, rollup_row, "named projects against the target they feed"),
    ClaimKind("progress", _progress_claims, progress_row, "latest observation against the goal"),
)


# ---------------------------------------------------------------------------------------------
# The whole report


def denominators(results: Iterable[dict]) -> list[dict]:
    out = []
    for r in results:
        if r["kind"] == "share" and r.get("national"):
            n = r["national"]
            out.append({"id": r["id"], "region": r["region"], "text": n["text"], "year": n["year"],
                        "period": n["period"], "basis": n["basis"], "source": n["source"],
                        "fallback": n["fallback"], "overridden": n["overridden"], "file": n.get("file")})
    return out


@_without_gc  # acyclic result dicts: the cyclic collector would re-walk the whole dataset (see load)
def evaluate(ds: Dataset, options: Optional[Options] = None, only: Optional[Iterable[str]] = None,
             kinds: Optional[Iterable[str]] = None) -> dict:
    """Every result on the dataset: shares, supply ratios, rollups and progress, as JSON-ready dicts."""
    options = options or Options()
    check_year(ds, options.year)
    results: list[dict] = []
    nat = ds.national
    if options.source and not any(contains(options.source, f.source)
                                  for q in nat.quantities for f in q.figures):
        from capacity.errors import InputError

        raise InputError(f"no national figure has a source containing '{options.source}'", value=options.source,
                         expected="part of a source name (see `capacity sources`), e.g. 硅业分会, MIIT, NEA")
    for tf in ds.regions:
        ctx = Context(tf, nat, options)
        for kind in CLAIM_KINDS:
            results.extend(kind.evaluate(ctx))
    if only:
        wanted = set(only)
        results = [r for r in results if r["id"] in wanted or _base_id(r) in wanted]
    if kinds:
        ks = set(kinds)
        results = [r for r in results if r["kind"] in ks]
    if options.strict:
        for r in results:
            if r["status"] == "warn":
                r["ok"], r["status"] = False, "fail"
    checks = [r for r in results if r["kind"] in CHECK_KINDS]
    progress = [r for r in results if r["kind"] == "progress"]
    summary: dict = {s: sum(1 for r in checks if r["status"] == s) for s in ("pass", "warn", "fail", "undecided", "info")}
    summary["progress"] = {s: sum(1 for r in progress if r["status"] == s) for s in ("pass", "fail", "info")}
    return {
        "schema": "capacity.report/1",
        "regions": [{"id": tf.region.id, "name": tf.region.name, "name_en": tf.region.name_en,
                     "document": tf.region.document, "target_year": tf.region.target_year, "file": tf.path}
                    for tf in ds.regions],
        "national_file": nat.path,
        "scenario": list(ds.scenario),
        "options": {"year": options.year, "basis": options.basis or "capacity", "source": options.source,
                    "warn_within": options.warn_within, "strict": options.strict, "scope": options.scope or "national",
                    "denominator": options.denominator},
        "denominators": denominators(results),
        "results": results,
        "summary": summary,
    }


def _base_id(row: dict) -> str:
    """The target a row is about: ``polysilicon`` for ``polysilicon_projects``."""
    rid = row["id"]
    for suffix in ("_projects",):
        if rid.endswith(suffix):
            return rid[: -len(suffix)]
    if row["kind"] == "supply" and row.get("supply"):
        return row["supply"]["id"]
    return rid


#: Result kinds that are checks (decide the exit code); progress rows are information.
CHECK_KINDS = ("share", "supply", "rollup")


_YEAR_FALLBACK = re.compile(r"no \d{4} figure; used \d{4}|used a later one|no figure known at the document")


def year_fallbacks(report: dict) -> list[str]:
    """Notes of rows whose national figure is for another year than the one asked (or than the newest up
    to the target year): said on stderr by the CLI as well as in the notes."""
    out = []
    for r in report["results"]:
        n = r.get("national") if r["kind"] == "share" else None
        if n and n.get("fallback") and _YEAR_FALLBACK.search(n["fallback"]):
            out.append(f"{r['id']}: {n['fallback']} ({n['text']}, {n.get('period') or n['year']})")
    return out


def exit_code(report: dict) -> int:
    """0 every decidable check passed (warnings allowed), 1 at least one failed (progress rows excluded)."""
    return 1 if any(r["ok"] is False for r in report["results"] if r["kind"] in CHECK_KINDS) else 0


def fmt_pct(x: Optional[float], digits: int = 1) -> str:
    if x is None:
        return ""
    return f"{x * 100:.{digits}f}%"


__all__ = ["share", "gap", "headroom", "supply_ratio", "select_national", "evaluate", "exit_code", "Options",
           "format_number"]
