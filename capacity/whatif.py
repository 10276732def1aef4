"""What-if: baseline beside scenario (``whatif``), closed-form goal seek (``solve``) and
one-parameter sensitivity tables with exact crossing points (``sweep``).

Shares and supply ratios are linear in each input (share = local / national, ratio = supply /
(demand × factor)), so the value at which a verdict flips is solved in closed form. The chain-wide
ratio (a mean of capped link ratios) is monotonic but piecewise: its crossing is found by bisection
on the exact model to machine precision, never interpolated between sweep steps.
"""

from __future__ import annotations

import math
from dataclasses import replace
from typing import Any, Callable, Optional

from capacity.errors import InputError
from capacity.claims.common import Options, _clean, as_written, flip, tolerance_pp
from capacity.claims.denominators import for_target, select_national
from capacity.claims.share import boundary as share_boundary
from capacity.claims.share import share_row
from capacity.claims.supply import boundary as supply_boundary
from capacity.claims.supply import factor_dict, link_demand
from capacity.evaluate import evaluate
from capacity.load import did_you_mean
from capacity.model import Dataset
from capacity.messages import Msg
from capacity.results import Note, note_records
from capacity.scenario import Override, Overrides, apply_overrides
from capacity.units import Figure, conversion_factor, display_unit, parse_figure, parse_unit

METRIC_KEY = {"share": "share", "supply": "ratio", "progress": "progress"}


def metric(row: dict) -> Optional[float]:
    """The number a row is judged on: share, ratio, sum of parts or progress."""
    if row["kind"] == "rollup":
        total = row.get("parts_total")
        return None if total is None else total["magnitude"]
    return row.get(METRIC_KEY[row["kind"]])


def _key(row: dict) -> tuple[str, str, str]:
    return row["region"], row["kind"], row["id"]


# --------------------------------------------------------------------------------------------- whatif


def whatif(base: Dataset, overrides: Overrides, options: Optional[Options] = None) -> dict:
    """Baseline beside scenario for every result, the delta, and the verdicts that flip."""
    options = options or Options()
    scen = apply_overrides(base, overrides)
    b = evaluate(base, options)
    s = evaluate(scen, options)
    base_rows = {_key(r): r for r in b["results"]}
    rows = []
    for r in s["results"]:
        if r["kind"] not in METRIC_KEY and r["kind"] != "rollup":  # a target without a result has no metric
            continue
        br = base_rows.get(_key(r))
        mb, ms = (metric(br) if br else None), metric(r)
        delta = _clean(ms - mb) if (mb is not None and ms is not None) else None
        ok_b = br["ok"] if br else None
        rows.append({
            "id": r["id"], "kind": r["kind"], "region": r["region"], "name": r["name"],
            "metric": "parts_total" if r["kind"] == "rollup" else METRIC_KEY[r["kind"]],
            "unit": (r.get("parts_total") or {}).get("unit") if r["kind"] == "rollup" else None,
            "baseline": mb, "scenario": ms, "delta": delta,
            "baseline_range": _range(br) if br else None, "scenario_range": _range(r),
            "threshold": r.get("threshold"), "comparator": r.get("comparator"),
            "ok_baseline": ok_b, "ok_scenario": r["ok"],
            "status_baseline": br["status"] if br else None, "status_scenario": r["status"],
            "flipped": bool(br) and ok_b != r["ok"],
            "changed": br is None or _fingerprint(br) != _fingerprint(r),
            "figures": _changed_figures(br, r),
            "as_written": _as_written(br, r),
        })
    return {
        "schema": "capacity.whatif/1",
        "scenario": list(scen.scenario),
        "scenario_names": list(overrides.names),
        "options": s["options"],
        "results": rows,
        "flipped": [r["id"] for r in rows if r["flipped"]],
        "summary_baseline": b["summary"],
        "summary_scenario": s["summary"],
        "report": s,
    }


FIGURE_KEYS = {"share": ("local", "national"), "supply": ("supply", "demand"), "rollup": ("stated", "parts_total"),
               "progress": ("goal", "observed")}


_FIGURE_KEYS = ("magnitude", "unit", "text")


def _changed_figures(before: Optional[dict], after: dict) -> list[dict]:
    """The figures behind a result that the scenario changed (the local figure, the national total…),
    each as {"name", "baseline", "scenario"} quantities: what moved the share, not only the share."""
    out = []
    for key in FIGURE_KEYS.get(after["kind"], ()):
        b, a = (before or {}).get(key), after.get(key)
        mb, ma = (b or {}).get("magnitude"), (a or {}).get("magnitude")
        if mb != ma:
            out.append({"name": key,
                        "baseline": None if b is None else {k: b.get(k) for k in _FIGURE_KEYS if k in b},
                        "scenario": None if a is None else {k: a.get(k) for k in _FIGURE_KEYS if k in a}})
    return out


def _as_written(before: Optional[dict], after: dict) -> Optional[dict]:
    """The unit the document writes the row's changed figures in ({"unit", "factor"} from ``unit``),
    as the claim kind recorded it: the tables show the figures in it."""
    for key in FIGURE_KEYS.get(after["kind"], ()):
        for q in ((before or {}).get(key), after.get(key)):
            if q and q.get("doc_unit"):
                return {"unit": q["doc_unit"], "factor": q.get("doc_factor", 1.0)}
    return None


def _fingerprint(row: dict) -> tuple:
    """What a reader compares: the metric, its bounds, the verdict and the figures behind them."""
    return (metric(row), repr(_range(row)), row["status"], repr(row.get("local")), repr(row.get("national")),
            repr(row.get("stated")), repr(row.get("parts")), repr(row.get("supply")), repr(row.get("demand")),
            repr(row.get("goal")), repr(row.get("observed")))


def _range(row: dict) -> Optional[list]:
    return row.get("share_range") or row.get("ratio_range") or row.get("progress_range")


# --------------------------------------------------------------------------------------------- solve


def national_for_target(ds: Dataset, target_id: str, text: str) -> list[Override]:
    """``solve polysilicon --national 330萬噸``: the bare quantity overrides the national total(s) that
    the target's share claim is computed against."""
    qids = sorted({t.national for tf in ds.regions for t in tf.targets if t.id == target_id and t.national})
    if not qids:
        raise InputError(f"--national {text}: target '{target_id}' has no national quantity", value=text,
                         expected="--national ID=QUANTITY for another quantity")
    return [Override("national", q, text, f"--national {text}") for q in qids]


def _q(value: Optional[float], unit: str) -> Optional[dict]:
    return None if value is None else {"magnitude": _clean(value), "unit": unit}


def solve(ds: Dataset, target_id: str, options: Optional[Options] = None) -> dict:
    """Closed-form goal seek for every claim about ``target_id`` (share and supply thresholds)."""
    options = options or Options()
    from capacity.evaluate import check_year

    check_year(ds, options.year)
    hits = [(tf, t) for tf in ds.regions for t in tf.targets if t.id == target_id]
    if not hits:
        ids = [t.id for tf in ds.regions for t in tf.targets]
        raise InputError(Msg("err.unknown_target", id=target_id), value=target_id,
                         expected=Msg("err.expected_target"), hint=did_you_mean(target_id, ids))
    results = []
    for tf, t in hits:
        if t.threshold and t.threshold.kind == "share" and t.threshold.of:  # a share of the region's own total
            results.append(_solve_local_share(tf, t, options))
            continue
        if t.figure is None:  # a share claim with no local figure: the figure it needs, as `report` gives it
            if t.threshold and t.national:
                from capacity.evaluate import needed_row

                r = needed_row(t, tf, ds.national.quantity(t.national), options)
                results.append({k: r.get(k) for k in ("id", "kind", "region", "local", "national", "threshold",
                                                       "threshold_text", "needed_local", "needed_local_range", "gap",
                                                       "gap_range", "observed")}
                               | {"headroom": None, "explain": r.get("note", ""), "explain_notes": r.get("notes") or []})
            continue
        if t.threshold and t.threshold.kind == "share" and t.national:
            results.append(_solve_share(ds, tf, t, options))
        if tf.chain:
            for link in tf.chain.links:
                if (link.supply != t.id and link.demand != t.id) or not link.demand_stated:
                    continue
                sup, dem = tf.target(link.supply), link_demand(tf, link)
                th_obj = sup.threshold if (sup.threshold and sup.threshold.kind == "supply") else None
                if th_obj is None:
                    continue
                results.append(_solve_link(ds, tf, sup, dem, link.factor, th_obj, options))
    if not results and any(tf.chain and tf.chain.target == target_id for tf in ds.regions):
        raise InputError(f"'{target_id}' is the chain-wide ratio (a mean of capped link ratios): it has no "
                         "closed form to solve", value=target_id, expected="a share claim or a supply link's target",
                         hint=f"`capacity sweep target.<link target> FROM TO` shows where {target_id} flips "
                              "(solved by bisection on the exact model)")
    if not results:
        raise InputError(f"target '{target_id}' has no share or supply threshold to solve for", value=target_id,
                         expected="a target with a threshold: " + ", ".join(
                             sorted({t.id for tf in ds.regions for t in tf.targets if t.threshold})))
    return {"schema": "capacity.solve/1", "scenario": list(ds.scenario), "results": results}


def _solve_share(ds: Dataset, tf, t, options: Options) -> dict:  # noqa: ANN001
    """The share claim's boundary, from the share kind itself: the report's row (its denominator, the
    target's own year, an approximate claim's tolerance) and ``share.boundary``."""
    q = ds.national.quantity(t.national)
    r = share_row(t, for_target(tf, t), q, options)
    th = t.threshold
    unit = r["local"]["unit"]
    local = r["local"]["magnitude"]
    b = share_boundary(th, options, local, None)
    tol = tolerance_pp(th, options)
    at = Note.of("ratio_of", local=t.figure.text, threshold=th.figure.text) if not tol else Note.of(
        "ratio_of_about", local=t.figure.text, flip=f"{_clean(b.flip * 100):g}%", threshold=th.figure.text, tol=f"{tol:g}")
    explain = Note.of("holds_while_at_least" if th.comparator == "at_most" else "holds_while_at_most", at=at)
    row: dict[str, Any] = {"id": t.id, "kind": "share", "region": tf.region.id,
                           "local": _q(local, unit) | {"text": t.figure.text} | as_written(t.figure, unit),
                           "threshold": _clean(b.threshold), "threshold_text": th.figure.text,
                           "headroom": r["headroom"],
                           "explain": explain.text(), "explain_notes": note_records([explain])}
    if tol:
        row["tolerance_pp"] = _clean(tol)
        row["flip"] = _clean(b.flip)
    if b.flip_above is not None:  # an about claim is two-sided: below this national total it is ABOVE
        row["flip_above"] = _clean(b.flip_above)
        row["headroom_above"] = r.get("headroom_above")
        row["explain"] += (f", and says less than there is (ABOVE) below {t.figure.text} / "
                           f"{_clean(b.flip_above * 100):g}% (about {th.figure.text} plus its tolerance)")
    n = r.get("national")
    if n is not None:
        row["national"] = {k: n.get(k) for k in ("magnitude", "unit", "text", "bound", "year", "basis", "source",
                                                  "fallback")}
        row["needed_local"] = _q(r["gap"]["magnitude"] + local, unit) if r.get("gap") else None
        lo, hi = r["gap_range"]
        row["needed_local_range"] = [_clean(lo + local), None if hi is None else _clean(hi + local)]
        row["gap"] = r.get("gap") and {"magnitude": r["gap"]["magnitude"], "unit": unit}
        row["gap_range"] = list(r["gap_range"])
    else:
        row.update(national=None, needed_local=None, needed_local_range=[None, None], gap=None,
                   gap_range=[None, None])
    return row


def _solve_local_share(tf, t, options: Options) -> dict:  # noqa: ANN001
    """A share of the region's own total (``of:``): its boundary from the share kind's own row
    (``local_share_row``), the local total in the place of a national one."""
    from capacity.claims.share import local_share_row

    r = local_share_row(t, for_target(tf, t), tf.target(t.threshold.of), options)
    of = r["of"]
    total = {"magnitude": of["magnitude"], "unit": of["unit"], "text": f"{of['text']} ({of['id']})", "bound": None,
             "year": "region's", "basis": "own total", "source": of.get("source"), "fallback": None}
    row: dict[str, Any] = {k: r.get(k) for k in ("id", "kind", "region", "local", "threshold", "threshold_text",
                                                  "headroom", "of")} | {"national": total}
    if r.get("local") is None:
        row.update(needed_local=r.get("needed_local"), needed_local_range=r.get("needed_local_range"), gap=None,
                   gap_range=[None, None], observed=None, explain=r.get("note", ""))
        return row
    local = r["local"]["magnitude"]
    lo, hi = r["gap_range"]
    row.update(needed_local={"magnitude": _clean(r["gap"]["magnitude"] + local), "unit": of["unit"]} if r.get("gap")
               else None, needed_local_range=[_clean(lo + local), None if hi is None else _clean(hi + local)],
               gap=r.get("gap"), gap_range=list(r["gap_range"]),
               explain=f"the claim holds while {of['name']} (the region's own total) is "
                       f"{'at least' if t.threshold.comparator == 'at_most' else 'at most'} "
                       f"{t.figure.text} / {_clean(flip(t.threshold, options) * 100):g}%")
    return row


def _link_k(ds: Dataset, sup_fig: Figure, dem_fig: Figure, factor_id: Optional[str]) -> tuple[float, Optional[dict]]:
    """need (in supply's display unit) per demand display-unit."""
    from capacity.units import link_factor  # the same conversion the report uses

    s_unit, d_unit = display_unit(sup_fig), display_unit(dem_fig)
    if factor_id:
        f = ds.national.factor(factor_id)
        return link_factor(d_unit, f.value.value, f.value.unit, s_unit), factor_dict(f)
    return conversion_factor(parse_unit(d_unit), s_unit), None


def _solve_link(ds: Dataset, tf, sup, dem, factor_id, th_obj, options: Options) -> dict:  # noqa: ANN001
    s_unit, d_unit = display_unit(sup.figure), display_unit(dem.figure)
    s, d = sup.figure.magnitude(s_unit), dem.figure.magnitude(d_unit)
    k, factor = _link_k(ds, sup.figure, dem.figure, factor_id)
    need = d * k
    b = supply_boundary(th_obj, options, s, need)
    th_text = th_obj.figure.text
    row: dict[str, Any] = {
        "id": f"{sup.id}_for_{dem.id}", "kind": "supply", "region": tf.region.id,
        "supply": _q(s, s_unit) | {"id": sup.id, "text": sup.figure.text} | as_written(sup.figure, s_unit),
        "demand": _q(need, s_unit) | {"id": dem.id, "text": dem.figure.text},
        "ratio": _clean(s / need) if need else None, "threshold": _clean(b.threshold), "threshold_text": th_text,
        "needed_supply": _q(b.needed_supply, s_unit), "gap": _q(b.gap, s_unit),
        "max_demand": _q(b.max_need / k, d_unit) | {"id": dem.id},  # the largest need, in demand's unit
        "factor": factor,
    }
    if factor and need:
        # ratio = s / (d × f × c) flips at need = max_need  →  f* = f × max_need / need
        row["break_even_factor"] = {"magnitude": _clean(factor["magnitude"] * b.max_need / need), "unit": factor["unit"],
                                    "id": factor["id"]}
    return row


# --------------------------------------------------------------------------------------------- sweep

PARAM_KINDS = {"national": "national", "target": "set", "factor": "factor"}


def _param(ds: Dataset, param: str) -> tuple[str, str, Figure]:
    kind, _, ident = param.partition(".")
    if kind not in PARAM_KINDS or not ident:
        raise InputError(f"'{param}' is not a sweep parameter", value=param,
                         expected="national.ID, target.ID or factor.ID, e.g. national.polysilicon")
    if kind == "national":
        ids = [q.id for q in ds.national.quantities]
        if ident not in ids:
            raise InputError(f"unknown national quantity '{ident}'", value=param, expected="a quantity id",
                             hint=did_you_mean(ident, ids))
        q = ds.national.quantity(ident)
        d = select_national(q, up_to=ds.primary.region.target_year)
        ref = d.figure.value if d.figure else None
        return kind, ident, ref  # type: ignore[return-value]
    if kind == "target":
        ids = [t.id for tf in ds.regions for t in tf.targets]
        if ident not in ids:
            raise InputError(f"unknown target id '{ident}'", value=param, expected="a target id",
                             hint=did_you_mean(ident, ids))
        return kind, ident, next(t.figure for tf in ds.regions for t in tf.targets if t.id == ident)
    ids = [f.id for f in ds.national.factors]
    if ident not in ids:
        raise InputError(f"unknown factor '{ident}'", value=param, expected="a factor id", hint=did_you_mean(ident, ids))
    return kind, ident, ds.national.factor(ident).value


def _at(ds: Dataset, kind: str, ident: str, text: str) -> Dataset:
    return apply_overrides(ds, Overrides([Override(PARAM_KINDS[kind], ident, text, f"sweep {kind}.{ident}={text}")]))


def _fmt_value(v: float, unit_text: str) -> str:
    """A figure string our parser reads back: 2175000t, 2.4g/W, 50%."""
    if unit_text == "":
        return f"{_clean(v * 100)!r}%".replace("e+", "e")
    return f"{_clean(v)!r}{unit_text}".replace("e+", "e")


def sweep(ds: Dataset, param: str, start: str, stop: str, steps: int = 11,
          options: Optional[Options] = None) -> dict:
    """Evaluate every result across ``steps`` values of one parameter; find where verdicts flip."""
    options = options or Options()
    if not 2 <= steps <= 1000:
        raise InputError(f"--steps {steps}", value=str(steps), expected="a number of steps from 2 to 1000")
    kind, ident, ref = _param(ds, param)
    lo_fig, hi_fig = (parse_figure(x, allow_bound=False, allow_range=False) for x in (start, stop))
    dim = ref.dimension if ref is not None else lo_fig.dimension
    for f in (lo_fig, hi_fig):
        if f.dimension != dim:
            raise InputError(f"'{f.text}' is {f.dimension or 'dimensionless'} but {param} is {dim}", value=f.text,
                             expected=f"a {dim} figure")
    unit = display_unit(ref if ref is not None else lo_fig)
    if unit == "":  # a ratio: keep the unit as written (t/t, %), not a bare fraction
        unit = (ref if ref is not None else lo_fig).unit.text.strip() or "%"
    base_unit = unit  # values are written back as `<number><unit>`
    a, b = lo_fig.magnitude(unit), hi_fig.magnitude(unit)
    if math.isclose(a, b, rel_tol=1e-12, abs_tol=0.0):
        raise InputError(f"FROM and TO are the same ({start}, {stop})", value=stop,
                         expected="two different values to sweep between")
    values = [a + (b - a) * i / (steps - 1) for i in range(steps)]
    reports = [evaluate(_at(ds, kind, ident, _fmt_value(v, base_unit)), options) for v in values]
    first = {_key(r): r for r in reports[0]["results"] if r["kind"] in METRIC_KEY or r["kind"] == "rollup"}
    affected = []
    for key in first:
        series = [next((r for r in rep["results"] if _key(r) == key), None) for rep in reports]
        ms = [metric(r) if r else None for r in series]
        rng = [_range(r) if r else None for r in series]
        if len({repr(m) for m in ms}) > 1 or len({repr(x) for x in rng}) > 1:
            affected.append((key, series))
    results = []
    for key, series in affected:
        row0 = series[0]
        crossing = _crossing(ds, kind, ident, base_unit, row0, a, b, options)
        results.append({
            "id": row0["id"], "kind": row0["kind"], "region": row0["region"],
            "metric": "parts_total" if row0["kind"] == "rollup" else METRIC_KEY[row0["kind"]],
            "threshold": row0.get("threshold"), "comparator": row0.get("comparator"),
            "values": [metric(r) if r else None for r in series],
            "ranges": [_range(r) if r else None for r in series],
            "ok": [r["ok"] if r else None for r in series],
            "status": [r["status"] if r else None for r in series],  # ABOVE shown as such
            "crossings": crossing,
        })
    return {"schema": "capacity.sweep/1", "param": param, "unit": unit, "from": lo_fig.text, "to": stop,
            "from_quantity": {"text": lo_fig.text, "unit": unit} | as_written(lo_fig, unit),
            "steps": steps, "values": [_clean(v) for v in values], "scenario": list(ds.scenario),
            "results": results}


def _crossing(ds: Dataset, kind: str, ident: str, unit: str, row: dict, a: float, b: float,
              options: Options) -> list[dict]:
    """Parameter values in [a, b] where the row's verdict flips: closed form, else bisection."""
    th = row.get("threshold")
    if th is None or row["kind"] not in ("share", "supply"):
        return []
    lo, hi = min(a, b), max(a, b)

    def ok_at(v: float) -> Optional[bool]:
        rep = evaluate(_at(ds, kind, ident, _fmt_value(v, unit)), options, only=[row["id"]])
        r = next((x for x in rep["results"] if _key(x) == _key(row)), None)
        return None if r is None else r["ok"]

    closed = _closed_form(ds, kind, ident, unit, row, options, a)
    x = closed if closed is not None else _bisect(ok_at, lo, hi)
    if x is None or not (lo - 1e-9 * max(1, abs(hi)) <= x <= hi + 1e-9 * max(1, abs(hi))):
        return []
    x = _clean(x)
    below, above = ok_at(lo), ok_at(hi)  # the verdicts at the two ends of the sweep
    if below == above:
        return _upper_crossing(ds, kind, ident, unit, row, options, lo, hi)
    return sorted([{"value": x, "unit": unit, "text": f"{x:g} {unit}".strip(), "ok_below": below, "ok_above": above,
                    "method": "closed form" if closed is not None else "bisection"},
                   *_upper_crossing(ds, kind, ident, unit, row, options, lo, hi)], key=lambda c: c["value"])


def _upper_crossing(ds: Dataset, kind: str, ident: str, unit: str, row: dict, options: Options, lo: float,
                    hi: float) -> list[dict]:
    """An about claim's second flip, where it turns ABOVE (more than the text says): from the share kind's
    boundary (``headroom_above``, ``local_above``), else bisection on the ABOVE status."""
    th = _row_threshold(ds, row)
    if th is None or th.comparator != "about" or row["kind"] != "share":
        return []

    def above_at(v: float) -> Optional[bool]:
        rep = evaluate(_at(ds, kind, ident, _fmt_value(v, unit)), options, only=[row["id"]])
        r = next((x for x in rep["results"] if _key(x) == _key(row)), None)
        return None if r is None or r["status"] == "undecided" else r["status"] == "above"

    b_lo, b_hi = above_at(lo), above_at(hi)
    if b_lo == b_hi or b_lo is None or b_hi is None:
        return []
    x = None
    local = row["local"]["magnitude"]
    if kind == "national" and row["id"] in _targets_with_national(ds, ident):
        x = share_boundary(th, options, local, None).headroom_above
    elif kind == "target" and row["id"] == ident and row.get("national") and row["national"]["bound"] is None:
        x = share_boundary(th, options, None, row["national"]["magnitude"]).local_above
    method = "closed form" if x is not None else "bisection"
    x = x if x is not None else _bisect(above_at, lo, hi)
    if x is None:
        return []
    x = _clean(x)
    return [{"value": x, "unit": unit, "text": f"{x:g} {unit}".strip(), "ok_below": True, "ok_above": True,
             "above_below": b_lo, "above_above": b_hi, "flip": "above", "method": method}]


def _closed_form(ds: Dataset, kind: str, ident: str, unit: str, row: dict, options: Options,
                 first: float) -> Optional[float]:
    """The crossing in closed form, from the claim kind's own boundary (``share.boundary``,
    ``supply.boundary``: tolerance included); ``row`` is the result at the sweep's first value ``first``."""
    th = _row_threshold(ds, row)
    if th is None or not flip(th, options):
        return None
    if row["kind"] == "share":
        local = row["local"]["magnitude"]
        if kind == "national" and row["id"] in _targets_with_national(ds, ident):
            return share_boundary(th, options, local, None).headroom  # share = local / N flips
        if kind == "target" and row["id"] == ident and row.get("national") and row["national"]["bound"] is None:
            return share_boundary(th, options, None, row["national"]["magnitude"]).needed_local
        return None
    if row["kind"] == "supply" and row.get("supply"):
        s, need = row["supply"]["magnitude"], row["demand"]["magnitude"]
        sid, did = row["supply"]["id"], row["demand"]["id"]
        b = supply_boundary(th, options, s, need)
        if kind == "target" and ident == sid:
            return b.needed_supply
        if kind == "target" and ident == did and need:
            return first * b.max_need / need  # need scales with demand
        f = row.get("factor")
        if kind == "factor" and f and ident == f["id"] and need:
            return f["magnitude"] * b.max_need / need  # need scales with the factor
    return None


def _row_threshold(ds: Dataset, row: dict) -> Any:
    """The threshold of a share or supply-link row's target (None for the chain-wide ratio)."""
    tid = row["id"] if row["kind"] == "share" else (row.get("supply") or {}).get("id")
    for tf in ds.regions:
        if tf.region.id != row["region"]:
            continue
        for t in tf.targets:
            if t.id == tid and t.threshold is not None and t.threshold.kind == row["kind"]:
                return t.threshold
    return None


def _targets_with_national(ds: Dataset, qid: str) -> set[str]:
    return {t.id for tf in ds.regions for t in tf.targets if t.national == qid}


def _bisect(ok_at: Callable[[float], Optional[bool]], lo: float, hi: float, iterations: int = 80) -> Optional[float]:
    """Where the verdict (True, False or None: undecidable) changes from its value at ``lo``."""
    a, b = ok_at(lo), ok_at(hi)
    if a == b:
        return None
    for _ in range(iterations):
        mid = (lo + hi) / 2
        m = ok_at(mid)
        if m == a:
            lo = mid
        else:
            hi = mid
        if hi - lo <= 1e-12 * max(1.0, abs(hi)):
            break
    return (lo + hi) / 2


__all__ = ["whatif", "solve", "sweep", "metric"]
del replace
