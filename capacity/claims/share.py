"""Share claims: a local figure as a share of the national total, against a threshold (占全国40%以上,
約40%). Owns the share's verdict, its boundary (the national total at which it flips: headroom; the
local figure it needs), its sampler for ``simulate`` and its cell for ``compare``."""

from __future__ import annotations

import math
from functools import lru_cache
from typing import Any, Optional

from capacity.claims.common import (
    INF, Options, ShareBoundary, _base_row, _clean, _div, _num, _rng, _status, approximate, as_written, flip, flip_above,
    converted, display, flips, provenance, qty, span, verdict,
)
from capacity.claims.denominators import (
    Denominator, _full_year, _rank, added_in, choose_as, claim_options, for_target, like_only, national_dict,
    select_national, select_then, target_year,
)
from capacity.memo import once
from capacity.model import NationalQuantity, Target, TargetFile
from capacity.results import Note, note_records
from capacity.units import display_unit

KIND = "share"


def boundary(th: Any, options: Optional[Options], local: Optional[float], national: Optional[float]) -> ShareBoundary:
    """Where a share claim flips: ``headroom`` the largest (at_most: smallest) national total at which it
    holds with ``local``; ``needed_local`` the local figure it needs against ``national``; ``gap`` needed
    − local. The threshold less an approximate claim's tolerance (``flip``), the one rule."""
    f, up = flip(th, options), flip_above(th, options)
    headroom, needed_local, gap, headroom_above, local_above = _flips(f, up, local, national)
    return ShareBoundary(f, th.value, headroom=headroom, needed_local=needed_local, gap=gap, flip_above=up,
                         headroom_above=headroom_above, local_above=local_above)


def _flips(f: float, up: Optional[float], local: Optional[float], national: Optional[float]) -> tuple:
    """``boundary``'s numbers, the claim's flips given (``flip``, ``flip_above``): (headroom, needed_local,
    gap, headroom_above, local_above). A report row asks twice, with the flips worked out once."""
    return (None if local is None or not f else local / f,
            None if national is None else f * national,
            None if national is None or local is None else f * national - local,
            None if local is None or not up else local / up,
            None if national is None or up is None else up * national)


def share_row(t: Target, tf: TargetFile, q: NationalQuantity, options: Options,
              denominator: Optional[Denominator] = None) -> dict:
    unit = display(t.figure)
    then = target_d = None
    if denominator is None:
        d, then, target_d = _choice(t, tf, q, options)
    else:
        d = denominator
    row = _share_core(t, tf, q, options, d, unit)
    if denominator is None and d.code_set & VERDICT_FALLBACK_CODES and row.get("threshold") is not None:
        _mark_fallback_verdict(row, t, tf, q, options, d, unit)
    if denominator is None:
        row["then"] = _then_dict(t, tf, q, options, then, unit)
        if target_d is not None:  # --denominator issued: the target year's figure, beside the one that decides
            r = _share_core(t, tf, q, options, target_d, unit)
            row["target_year"] = _part(r, ("national", "share", "share_range", "margin_pp", "ok", "status"))
    return row


def _choice(t: Target, tf: TargetFile, q: NationalQuantity, options: Options) -> tuple:
    """``_choose``, remembered per everything it reads (the quantity, the run's options, the claim's
    threshold and target fields, the region's target year and issue date): a region's hundreds of claims
    ask a few questions. A claim with a period of its own (an addition within a span) is asked afresh."""
    th = t.threshold
    if getattr(t, "period", None) is not None:
        return _choose(t, tf, q, options)
    key = (id(q), id(options), th.kind if th else None, th.basis if th else None, th.scope if th else None,
           t.basis, t.scope, t.year, getattr(t, "no_year", False), tf.region.target_year, tf.region.issued)
    hit = _CHOICES.get(key)
    if hit is not None and hit[0] is q and hit[1] is options:
        return hit[2]
    out = _choose(t, tf, q, options)
    if len(_CHOICES) > 4096:
        _CHOICES.clear()
    _CHOICES[key] = (q, options, out)  # the entry keeps q and options alive: their ids are not reused
    return out


_CHOICES: dict = {}


def _choose(t: Target, tf: TargetFile, q: NationalQuantity, options: Options) -> tuple:
    """(the denominator a share claim is held against, the one known when the document was issued, and
    under ``--denominator issued`` the target year's, shown beside it): through the one chooser, with the
    claim's own basis and scope (``claim_options``)."""
    o = claim_options(t, options)  # the claim's own basis and scope, for this claim only
    added = added_in(t, o)
    d = choose_as(q, tf, t, o, added)  # ``choose(q, tf, t, options)``
    then = select_then(q, tf, o, added)
    target_d = None
    if options.denominator == "issued":
        if then is not None and then.figure is not None:
            d, target_d = then, d
        else:
            d = d.adding(Note.of("not_known_at_issue"))
    if not (t.threshold and t.threshold.kind == "share"):
        d = like_only(d, o.basis)  # an informational row: never an unlike figure
    return d, then, target_d


#: Fallbacks that put a verdict on a figure other than the one asked for (another basis, another year).
VERDICT_FALLBACK_CODES = frozenset({"other_basis", "other_basis_in_year", "year_fallback", "later_year",
                                    "nearest_later_year", "no_source"})


def _mark_fallback_verdict(row: dict, t: Target, tf: TargetFile, q: NationalQuantity, options: Options,
                           d: Denominator, unit: str) -> None:
    """A fallback that changes a verdict marks the verdict itself, not only a note: the row's verdict
    against the default denominator (no --source, --scope, --year, --basis) is set beside it when the two
    differ (``--source 硅业分会`` flips monocrystalline silicon to PASS on 2023 production)."""
    plain = _plain(options)
    base = select_national(q, None, None, None, target_year(tf, t), None, added=added_in(t, claim_options(t, plain)))
    if base.figure is None or base.figure is d.figure:
        return
    other = _share_core(t, tf, q, plain, base, unit)
    if other.get("status") != row.get("status"):
        row["fallback_verdict"] = {"codes": [c for c in d.codes if c in VERDICT_FALLBACK_CODES],
                                   "default_status": other.get("status"),
                                   "default_national": (other.get("national") or {}).get("text")}
        row["note"] = "; ".join(x for x in (row.get("note"), Note.of(
            "verdict_by_fallback", status=row["status"].upper(), default=str(other.get("status")).upper(),
            national=(other.get("national") or {}).get("text") or "").text()) if x)


@lru_cache(maxsize=64)
def _plain(options: Options) -> Options:
    """The default denominator's options: ``options`` without --source, --scope, --year, --basis."""
    return Options(warn_within=options.warn_within, strict=options.strict, tolerance=options.tolerance)


def _part(r: dict, keys: tuple) -> dict:
    """A row's verdict against another denominator: ``keys``, and an approximate claim's tolerance."""
    return {k: r.get(k) for k in keys} | {k: r[k] for k in ("tolerance_pp", "about") if k in r}


def _then_dict(t: Target, tf: TargetFile, q: NationalQuantity, options: "Options", then: Optional[Denominator],
               unit: str) -> Optional[dict]:
    """The share against the figure known at the document's date, with the other full-year figures of
    that year, basis and scope beside it (the sources disagree: 230 or 210萬噸)."""
    if then is None:
        return None
    r = _share_core(t, tf, q, options, then, unit)
    out = _part(r, ("national", "share", "share_range", "margin_pp", "ok", "status"))
    out["issued"] = tf.region.issued
    if then.figure is None:  # nothing on file was published by the issue date: said on the row
        out["note"] = then.note
        out["notes"] = note_records(then.notes)
    f = then.figure
    others = [] if f is None or f.overridden else [
        x for x in q.figures if x is not f and x.year == f.year and x.basis == f.basis and x.scope == f.scope
        and _full_year(x) and x.operating_days == f.operating_days and (not options.source or options.source.lower() in x.source.lower())]
    out["others"] = []
    for x in sorted(others, key=_rank):
        o = _share_core(t, tf, q, options, Denominator(x), unit)
        out["others"].append(_part(o, ("national", "share", "share_range", "ok", "status")))
    return out


class Against:
    """A denominator in one display unit, as every share row held against it uses it: worked out once
    (``against``; a region's hundreds of rows rest on a few dozen denominators), read by each row.
    (A plain class: a dataclass compiles its methods when the module is imported.)"""

    __slots__ = ("national", "lo", "hi", "note", "records")

    def __init__(self, national: Optional[dict], lo: float, hi: float, note: str, records: tuple) -> None:
        self.national = national  # ``national_dict(d, unit)``: each row takes a copy of its own
        self.lo, self.hi = lo, hi  # the national figure's interval in the unit (0, 0 without a figure)
        self.note = note  # ``d.note``
        self.records = records  # ``note_records(d.notes)``: each row takes a list of them


def against(d: Denominator, unit: str) -> Against:
    """``d`` as a share row in ``unit`` uses it, once per (denominator, unit)."""
    return once(_AGAINST, d, unit, _against)


def _against(d: Denominator, unit: str) -> Against:
    lo, hi = span(d.figure.value, unit)[:2] if d.figure is not None else (0.0, 0.0)
    return Against(national_dict(d, unit), lo, hi, d.note, tuple(note_records(d.notes)))


_AGAINST: dict = {}


def _share_core(t: Target, tf: TargetFile, q: NationalQuantity, options: "Options", d: Denominator,
                unit: str) -> dict:
    row = _base_row("share", t, tf)
    fig = t.figure
    l_lo, l_hi, l_v, doc = converted(fig, unit)  # fig.interval(unit), fig.magnitude(unit), as_written(fig, unit)
    local = {"magnitude": _clean(l_v), "unit": unit, "text": fig.text}
    local.update(doc)
    if t.overridden:
        local["overridden"] = t.overridden
    row["local"] = local
    a = against(d, unit)
    row["national"] = None if a.national is None else dict(a.national)
    row["proxy"] = q.proxy_note
    th = t.threshold if (t.threshold and t.threshold.kind == "share") else None
    if th:
        t_v, f, up = flips(th, options)
        row["threshold"], row["threshold_text"], row["comparator"] = _clean(t_v), th.figure.text, th.comparator
    else:
        row["threshold"] = row["threshold_text"] = row["comparator"] = None
    if d.figure is None:
        row.update(share=None, share_range=[None, None], margin_pp=None, gap=None, gap_range=[None, None],
                   headroom=qty(boundary(th, options, l_lo, None).headroom, unit) if th else None,
                   ok=None, status="undecided" if th else "info", note=a.note, notes=list(a.records))
        return row
    n_lo, n_hi = a.lo, a.hi
    s_lo, s_hi = _div(l_lo, l_hi, n_lo, n_hi)
    m = _num(s_lo, s_hi)
    row["share"] = _clean(m) if m is not None else None
    row["share_range"] = _rng(s_lo, s_hi)
    row["note"], row["notes"] = a.note, list(a.records)
    if th:
        ok = verdict(s_lo, s_hi, th, options, f)
        row["margin_pp"] = margin = _clean((m - t_v) * 100) if m is not None else None
        g_lo = _flips(f, up, l_hi, n_lo)[2]  # ``boundary(th, options, l_hi, n_lo).gap``
        headroom, _, gap_hi, headroom_above, _ = _flips(f, up, l_lo, n_hi)
        g_hi = INF if n_hi == INF else gap_hi
        g = _num(g_lo, g_hi)
        row["gap"] = qty(g, unit) if g is not None else None
        row["gap_range"] = [_clean(g_lo), None if g_hi == INF else _clean(g_hi)]
        row["headroom"] = qty(headroom, unit)
        warn = th.warn_within if th.warn_within is not None else options.warn_within
        row["ok"] = ok
        row["status"] = status = _status(ok, margin, warn)
        if options.strict and status == "warn":
            row["ok"], row["status"] = False, "fail"
        if th.comparator == "about":
            approximate(row, th, options, s_lo, s_hi)
            row["headroom_above"] = qty(headroom_above, unit)  # below this national total: ABOVE
    else:
        row.update(margin_pp=None, gap=None, gap_range=[None, None], headroom=None, ok=None, status="info")
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



def local_share_row(t: Target, tf: TargetFile, total: Target, options: Options) -> dict:
    """A share of the region's OWN total (``of:``/``of_observed:``, 新能源装机占比超过50%): the local figure
    ÷ that target's figure (or its latest observation), against the threshold by the one verdict rule.
    No national figure: ``national`` is None and ``of`` says what the denominator is. Without a local
    figure the result is the figure the claim needs (threshold × total), as information."""
    th = t.threshold
    assert th is not None
    if th.of_observed:
        obs = sorted(total.observed, key=lambda o: o.date)[-1]
        den, den_date, den_source = obs.figure, obs.date, obs.source
    else:
        den, den_date, den_source = total.figure, None, total.source
    unit = display_unit(den)
    n_lo, n_hi = den.interval(unit)
    row = _base_row("share", t, tf)
    row["national"] = None
    row["proxy"] = None
    row["of"] = qty(den.magnitude(unit), unit) | {"id": total.id, "name": total.name, "text": den.text,
                                                   "observed": th.of_observed, "date": den_date,
                                                   "source": den_source or None} | as_written(den, unit)
    row.update(threshold=_clean(th.value), threshold_text=th.figure.text, comparator=th.comparator)
    note = Note.of("local_total", name=total.name or total.id, text=den.text,
                   date=f" ({den_date})" if den_date else "")
    if t.figure is None:
        need_lo = boundary(th, options, None, n_lo).needed_local
        need_hi = INF if n_hi == INF else boundary(th, options, None, n_hi).needed_local
        row.update(local=None, share=None, share_range=[None, None], margin_pp=None, gap=None, gap_range=[None, None],
                   headroom=None, ok=None, status="info", needed_local=qty(_num(need_lo, need_hi), unit)
                   if _num(need_lo, need_hi) is not None else None, needed_local_range=_rng(need_lo, need_hi),
                   note=note.text())
        return row
    l_lo, l_hi = t.figure.interval(unit)
    row["local"] = qty(t.figure.magnitude(unit), unit) | {"text": t.figure.text} | as_written(t.figure, unit)
    s_lo, s_hi = _div(l_lo, l_hi, n_lo, n_hi)
    m = _num(s_lo, s_hi)
    ok = verdict(s_lo, s_hi, th, options)
    b_lo, b_hi = boundary(th, options, l_hi, n_lo), boundary(th, options, l_lo, n_hi)
    g_hi = INF if n_hi == INF else b_hi.gap
    row.update(share=_clean(m) if m is not None else None, share_range=_rng(s_lo, s_hi),
               margin_pp=_clean((m - th.value) * 100) if m is not None else None,
               gap=qty(_num(b_lo.gap, g_hi), unit) if _num(b_lo.gap, g_hi) is not None else None,
               gap_range=[_clean(b_lo.gap), None if g_hi == INF else _clean(g_hi)],
               headroom=qty(b_hi.headroom, unit), ok=ok, note=note.text())
    warn = th.warn_within if th.warn_within is not None else options.warn_within
    row["status"] = _status(ok, row["margin_pp"], warn)
    if options.strict and row["status"] == "warn":
        row["ok"], row["status"] = False, "fail"
    if th.comparator == "about":
        approximate(row, th, options, s_lo, s_hi)
    return row


def rows(ctx: Any) -> list[dict]:
    """A share of the national total, for every target with a local figure that names a national quantity;
    a share of the region's own total for every share threshold with ``of:``/``of_observed:``."""
    out = []
    quantities: dict[str, NationalQuantity] = {}  # the national file's quantities by id, found once per region
    options = ctx.options
    for t in ctx.tf.targets:
        th = t.threshold
        if th is not None and th.kind == "share" and th.of:
            total = ctx.targets_by_id()[th.of]
            out.append(provenance(local_share_row(t, for_target(ctx.tf, t), total, options), t))
            continue
        if not t.national or t.figure is None:
            continue
        q = quantities.get(t.national)
        if q is None:
            q = quantities[t.national] = ctx.national.quantity(t.national)
        tf = for_target(ctx.tf, t)
        out.append(_share_warnings(provenance(share_row(t, tf, q, options), t), t, tf))
    return out


def samples(model: Any, tf: TargetFile) -> list:
    """``simulate``'s checks for the region's share claims: the share as a function of the sampled
    inputs (the national figure the report's chooser picks, for the target's own year), flipping where
    the report's verdict flips."""
    from capacity.claims.sampling import Check, ratio
    from capacity.units import conversion_factor

    out = []
    for t in tf.targets:
        if t.threshold and t.threshold.kind == "share" and t.threshold.of and t.figure is not None:
            out.append(_local_sample(model, tf, t))
            continue
        if not (t.national and t.threshold and t.threshold.kind == "share" and t.figure is not None):
            continue
        q = model.ds.national.quantity(t.national)
        local = model._local(tf, t)
        lf = model._local_fn(local, (tf.region.id, t.id))
        o = claim_options(t, model.options)
        name, value, nunit, lowest, chosen, note = model._national(q, target_year(tf, t), o, added_in(t, o))
        base = dict(id=t.id, kind="share", region=tf.region.id, name=t.name, threshold=t.threshold.value,
                    comparator=t.threshold.comparator, flip=flip(t.threshold, model.options))
        if chosen is None:
            out.append(Check(**base, metric=lambda inp, cache: math.nan, deps=[], note=note, defined=False))
            continue
        conv = conversion_factor(chosen.value.unit, local.unit) / conversion_factor(chosen.value.unit, nunit)
        zero = lowest * conv <= 0
        if name is None:
            fixed = value * conv

            def metric(inp: dict, cache: dict, lf: Any = lf, fixed: float = fixed) -> Any:
                return ratio(lf(inp, cache), fixed, fixed <= 0)
        else:
            def metric(inp: dict, cache: dict, lf: Any = lf, name: str = name, conv: float = conv,
                       zero: bool = zero) -> Any:
                n = inp[name] * conv if conv != 1 else inp[name]
                return ratio(lf(inp, cache), n, zero)
        out.append(Check(**base, metric=metric, deps=local.deps + ([name] if name else []), note=note))
    return out


def _local_sample(model: Any, tf: TargetFile, t: Target) -> Any:
    """``simulate``'s check of a share of the region's own total (``of:``): the local figure over the
    total's (each as sampled: its projects; an observed total is fixed), flipping where the report's does."""
    from capacity.claims.sampling import Check, ratio
    from capacity.units import conversion_factor

    th = t.threshold
    local = model._local(tf, t)
    lf = model._local_fn(local, (tf.region.id, t.id))
    total = tf.target(th.of)
    base = dict(id=t.id, kind="share", region=tf.region.id, name=t.name, threshold=th.value,
                comparator=th.comparator, flip=flip(th, model.options))
    if th.of_observed:
        obs = sorted(total.observed, key=lambda o: o.date)[-1]
        fixed = obs.figure.magnitude(display_unit(obs.figure)) * conversion_factor(obs.figure.unit, local.unit) \
            / conversion_factor(obs.figure.unit, display_unit(obs.figure))

        def metric(inp: dict, cache: dict, lf: Any = lf, fixed: float = fixed) -> Any:
            return ratio(lf(inp, cache), fixed, fixed <= 0)
        return Check(**base, metric=metric, deps=list(local.deps), note="")
    tot = model._local(tf, total)
    tfn = model._local_fn(tot, (tf.region.id, total.id))
    conv = conversion_factor(total.figure.unit, local.unit) / conversion_factor(total.figure.unit, tot.unit)

    def metric2(inp: dict, cache: dict, lf: Any = lf, tfn: Any = tfn, conv: float = conv) -> Any:
        return ratio(lf(inp, cache), tfn(inp, cache) * conv, True)
    return Check(**base, metric=metric2, deps=list(local.deps) + list(tot.deps), note="")


def compare_cell(row: Optional[dict]) -> dict:
    """A share row as ``compare`` shows it for a region: the figure, share and verdict of the report."""
    if row is None:
        return {"target": None, "figure": None, "share": None, "share_range": [None, None], "threshold": None,
                "threshold_text": None, "comparator": None, "ok": None, "status": None, "needed_local": None,
                "national": None, "about": None, "warnings": [], "stance": None}
    n = row.get("national")
    return {
        "target": row["id"], "figure": row.get("local"), "share": row.get("share"),
        "share_range": row.get("share_range"), "threshold": row.get("threshold"),
        "threshold_text": row.get("threshold_text"), "comparator": row.get("comparator"), "ok": row.get("ok"),
        "status": row.get("status"), "about": row.get("about"), "needed_local": row.get("needed_local"),
        "national": None if n is None else {k: n.get(k) for k in ("text", "year", "period", "basis", "source", "url")},
        "warnings": row.get("warnings") or [],
        "stance": row.get("stance"),  # how firmly the text states it, beside the verdict
    }
