"""Supply claims: local supply against local need along a chain (本地配套率80%以上), link by link,
then the chain's mean. Owns the link's verdict, its boundary (the supply it needs, the largest
demand it covers, the break-even factor), its sampler for ``simulate``."""

from __future__ import annotations

import math
from dataclasses import replace
from typing import Any, Optional

from capacity.claims.common import (
    Options, SupplyBoundary, _base_row, _clean, _div, _location, _num, _rng, _status, _verdict, approximate, as_written, flip,
    provenance, qty, stance, verdict,
)
from capacity.model import Chain, Factor, Link, Target, TargetFile
from capacity.results import Note, note_records, notes_text
from capacity.units import display_unit, format_number

KIND = "supply"


def boundary(th: Any, options: Optional[Options], supply: Optional[float], need: Optional[float]) -> SupplyBoundary:
    """Where a supply claim flips (ratio = supply / need against the threshold less an approximate
    claim's tolerance): ``needed_supply`` at ``need``; ``max_need`` the largest need ``supply`` covers;
    ``gap`` needed − supply."""
    f = flip(th, options)
    return SupplyBoundary(f, th.value,
                          needed_supply=None if need is None else f * need,
                          max_need=None if supply is None or not f else supply / f,
                          gap=None if need is None or supply is None else f * need - supply)


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
        "stance": stance(supply),
        "supply": qty(supply.figure.magnitude(s_unit), s_unit) | {"id": supply.id, "text": supply.figure.text}
        | as_written(supply.figure, s_unit),
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
        ok = verdict(r_lo, r_hi, th, options)
        row["margin_pp"] = _clean((ratio - th.value) * 100) if ratio is not None else None
        g = boundary(th, options, s_lo, need_c).gap if ratio is not None and need_c is not None else None
        row["gap"] = qty(g, s_unit)
        row["ok"] = ok
        warn = th.warn_within if th.warn_within is not None else (options.warn_within if options else None)
        row["status"] = _status(ok, row["margin_pp"], warn)
    else:
        row.update(margin_pp=None, gap=None, ok=None, status="info")
    notes = [Note.of("supply_capacity_ratio") if factor is None else
             Note.of("supply_need", demand=demand.id, factor=factor.id)]
    if factor_out and factor_out.get("range_text"):
        notes.append(Note.of("supply_factor_range", range=factor_out["range_text"],
                             ratio=f"{r_lo * 100:.1f}%–{r_hi * 100:.1f}%"))
    row["note"], row["notes"] = notes_text(notes), note_records(notes)
    if th is not None and th.comparator == "about":
        approximate(row, th, options, r_lo, r_hi)
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
        "note": Note.of("chain_definition", definition=Note.of("chain_mean")).text(),
        "notes": note_records([Note.of("chain_definition", definition=Note.of("chain_mean"))]),
    })
    row["ok"] = ok
    row["status"] = _status(ok, row["margin_pp"], warn)
    return row



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


def covered_row(tf: TargetFile, supply: Target, link: Link, options: Optional[Options] = None) -> dict:
    """A supply claim whose demand the text does not state (滿足本地建設需求80%以上, no demand figure):
    the largest local demand the supply covers at the threshold (supply / threshold)."""
    th = supply.threshold if (supply.threshold and supply.threshold.kind == "supply") else None
    unit = display_unit(supply.figure)
    s_lo = supply.figure.interval(unit)[0]
    covers = boundary(th, options, s_lo, None).max_need if th and th.value else None
    row = _base_row("supply", supply, tf)
    row.update({
        "id": f"{supply.id}_for_local_demand", "supply": qty(supply.figure.magnitude(unit), unit)
        | {"id": supply.id, "text": supply.figure.text}, "demand": None, "ratio": None, "ratio_range": [None, None],
        "factor": None, "threshold": _clean(th.value) if th else None, "threshold_text": th.figure.text if th else None,
        "comparator": th.comparator if th else None, "margin_pp": None, "gap": None,
        "max_demand": qty(covers, unit), "ok": None, "status": "info",
        "location": _location(link),
    })
    if th and th.value:
        note = Note.of("no_demand", supply=supply.figure.text, threshold=th.figure.text,
                       max_demand=f"{format_number(covers)} {unit}")
        row["note"], row["notes"] = note.text(), note_records([note])
    return row


def rows(ctx: Any) -> list[dict]:
    """Local supply against local need, link by link along each chain, then each chain's mean ratio."""
    tf, nat = ctx.tf, ctx.national
    out: list[dict] = []
    for chain in tf.all_chains():
        links = []
        for link in chain.links:
            factor = nat.factor(link.factor) if link.factor else None
            supply = tf.target(link.supply)
            if not link.demand_stated:
                out.append(provenance(covered_row(tf, supply, link, ctx.options), supply))
                continue
            row = link_row(tf, supply, link_demand(tf, link), factor, ctx.options)
            if link.demand is None:
                row["id"] = f"{supply.id}_for_{link.demand_observed or 'local_demand'}"
                d = row["demand"]
                d["name"] = link.demand_name or None
                d["source"] = link.demand_source or None
                d["url"] = link.demand_url or None
                d["observed"] = link.demand_observed is not None
                note = Note.of("demand_observed" if link.demand_observed else "demand_stated",
                               observed=link.demand_observed, name=f" ({link.demand_name})" if link.demand_name else "",
                               factor=f" × {factor.id}" if factor else "")
                row["note"], row["notes"] = note.text(), note_records([note])
            if chain.id:
                row["chain"] = chain.id
            links.append(provenance(row, supply))
        c = chain_row(tf, links, ctx.options, chain)
        if c and chain.id:
            c["chain"] = chain.id
        out.extend(links + ([c] if c else []))
    return out



def _sample_link(model: Any, tf: TargetFile, supply: Target, demand: Target, factor: Optional[Factor]) -> tuple:
    """(supply, demand, metric, deps): the link's ratio as a function of the sampled inputs."""
    s_local, d_local = model._local(tf, supply), model._local(tf, demand)
    sf = model._local_fn(s_local, (tf.region.id, supply.id))
    df = model._local_fn(d_local, (tf.region.id, demand.id))
    s_unit, d_unit = s_local.unit, d_local.unit
    fname: Optional[str] = None
    if factor is not None:
        from capacity.units import link_factor

        per_factor = link_factor(d_unit, 1.0, factor.value.unit, s_unit)  # per unit of f.value.value (scale applied)
        fname, fvalue = model._factor(factor)
        fixed_k = per_factor * fvalue if fname is None else math.nan
    else:
        per_factor = 1.0
        fixed_k = _same_dim_factor(d_unit, s_unit)

    def compute(inp: dict, cache: dict) -> Any:
        from capacity.claims.sampling import ratio

        d = df(inp, cache)
        need = d * fixed_k if fname is None else d * (inp[fname] * per_factor)
        return ratio(sf(inp, cache), need, True)

    deps = list(dict.fromkeys(s_local.deps + d_local.deps + ([fname] if fname else [])))
    metric = model._cached(("link", tf.region.id, supply.id, demand.id), set(deps), compute)
    return supply, demand, metric, deps


def samples(model: Any, tf: TargetFile) -> list:
    """``simulate``'s checks for the region's chains (every one, as ``rows``): each link's ratio
    (flipping where the report's verdict flips, tolerance included) and each chain's mean of capped
    ratios."""
    from capacity.claims.sampling import Check

    out: list = []
    nat = model.ds.national
    for ci, chain in enumerate(tf.all_chains()):
        links = []
        for link in [x for x in chain.links if x.demand_stated]:
            supply, demand = tf.target(link.supply), link_demand(tf, link)
            factor = nat.factor(link.factor) if link.factor else None
            links.append(_sample_link(model, tf, supply, demand, factor))
        for (supply, demand, metric, deps) in links:
            th = supply.threshold
            if th and th.kind == "supply":
                out.append(Check(id=f"{supply.id}_for_{demand.id}", kind="supply", region=tf.region.id,
                                 name=f"{supply.name} → {demand.name}", threshold=th.value,
                                 comparator=th.comparator, metric=metric, deps=deps, flip=flip(th, model.options)))
        if chain.target and links:
            import numpy as np

            t = tf.target(chain.target)
            capped = [model._cached(("capped", tf.region.id, ci, i), set(ds_),
                                    lambda inp, cache, m=m: np.minimum(m(inp, cache), 1.0))
                      for i, (_, _, m, ds_) in enumerate(links)]
            deps = sorted({d for *_, ds_ in links for d in ds_}, key=list(model.inputs).index)

            def chain_metric(inp: dict, cache: dict, capped: list = capped) -> Any:
                total: Any = 0.0
                for m in capped:
                    total = total + m(inp, cache)
                return total / len(capped)

            out.append(Check(id=t.id, kind="supply", region=tf.region.id, name=t.name, threshold=t.figure.value,
                             comparator=t.comparator, metric=chain_metric, deps=deps,
                             note="mean over the chain's links of min(1, supply / need)"))
    return out
