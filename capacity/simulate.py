"""Simulate: Monte Carlo over what the data leave uncertain, the probability that each claim holds.

The model is the one ``capacity.evaluate`` computes, with three kinds of uncertain input drawn
independently of each other:

* ``national.<quantity>``: the national denominator. ``capacity report`` picks one figure
  (``select_national``: year, basis, source); here every figure on file for that same quantity,
  year and basis (full-year or not, like the chosen one) takes part. Each figure is an interval
  (exact ``v`` → [v, v]; ``a~b`` → [a, b]; a published bound ``>X`` → [X, X × (1 + BOUND_SPREAD)],
  ``<X`` → [X × (1 − BOUND_SPREAD), X]) and the denominator is uniform between the lowest low and
  the highest high. One exact figure (or a ``--national`` override) is fixed.
* ``factor.<id>``: a conversion factor with ``low`` and ``high`` on file is triangular between
  them with its mode at the stated value; without both, or under ``--factor``, it is fixed.
* ``project.<id>``: each named project that feeds a target and has a figure completes with the
  probability its state verb has in the targets file (``project_states``); a project that does not
  complete takes its figure out of the target's local figure (the arithmetic of
  ``--drop-project``: local − figure, not below 0). A target fixed by ``--set`` keeps its figure:
  its projects no longer vary. A local figure written as a range or bound is sampled like a
  national one (``local.<id>``).

Every check is vectorised with numpy over all samples at once, in chunks of ``CHUNK`` samples; no
Python loop runs over samples. ``Generator(PCG64(seed))`` makes the result a pure function of the
data, the options, the number of samples and the seed.

The tornado ranking recomputes each check on a separate stream of ``TORNADO_SAMPLES`` samples
(``PCG64([seed, 1])``) with one input pinned at its low end, then at its high end, every other
input still sampled: the swing is the difference in the probability that the claim holds (and,
as a tie-break and for claims that never or always hold, in the median share or ratio).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any, Callable, Iterable, Optional

import numpy as np

from capacity.errors import InputError
from capacity.claims import KINDS
from capacity.messages import Msg
from capacity.claims.common import Options
from capacity.claims.denominators import _full_year, select_national
from capacity.claims.sampling import Check, ratio
from capacity.evaluate import evaluate
from capacity.model import Dataset, Factor, NationalFigure, NationalQuantity, Target, TargetFile
from capacity.units import Figure, conversion_factor, display_unit

SCHEMA = "capacity.simulate/1"
#: A figure published as a bound (">1000GW") is sampled up to bound × (1 + BOUND_SPREAD).
BOUND_SPREAD = 0.25
#: Samples drawn and evaluated per block (bounds memory; the progress callback runs per block).
CHUNK = 250_000
#: Samples behind each tornado bar (a separate stream, so the ranking does not depend on --samples).
TORNADO_SAMPLES = 50_000
MIN_SAMPLES, MAX_SAMPLES = 1, 10_000_000
QUANTILES = (0.05, 0.5, 0.95)
REL_TOL = 1e-9  # as capacity.evaluate: a share equal to the threshold holds

Progress = Callable[[int, int], None]


# ---------------------------------------------------------------------------------------------
# Inputs


@dataclass
class Input:
    """One uncertain input and the rule it is drawn by."""

    name: str  # national.polysilicon | factor.polysilicon_per_watt | project.<id> | local.<id>
    dist: str  # uniform | triangular | bernoulli
    unit: str
    rule: str  # one line of text: what is drawn, and how
    low: float = 0.0
    high: float = 0.0
    mode: Optional[float] = None
    p: Optional[float] = None  # bernoulli: probability of completion
    amount: Optional[float] = None  # project: what it adds to its target, in the target's unit
    target: Optional[str] = None  # project: the target it feeds

    def draw(self, rng: np.random.Generator, n: int) -> np.ndarray:
        if self.dist == "uniform":
            return rng.uniform(self.low, self.high, n)
        if self.dist == "triangular":
            return rng.triangular(self.low, self.mode, self.high, n)
        # completes when a uniform 32-bit integer (two per raw 64-bit PCG64 output) falls below
        # p × 2^32: p exact to 2^-32
        bits = rng.bit_generator.random_raw((n + 1) // 2).view(np.uint32)[:n]
        return bits < np.uint32(min(round(self.p * (1 << 32)), (1 << 32) - 1))

    def end(self, which: str) -> Any:
        """The input pinned at its low or high end (a project: not completed / completed)."""
        if self.dist == "bernoulli":
            return np.bool_(which == "high")
        return self.low if which == "low" else self.high

    def end_value(self, which: str) -> float:
        if self.dist == "bernoulli":
            return _clean(self.amount or 0.0) if which == "high" else 0.0
        return _clean(self.low if which == "low" else self.high)

    def as_dict(self) -> dict:
        out: dict = {"input": self.name, "distribution": self.dist, "unit": self.unit}
        if self.dist == "bernoulli":
            out.update(p_complete=self.p, amount=_clean(self.amount or 0.0), target=self.target)
        else:
            out.update(low=_clean(self.low), high=_clean(self.high),
                       mode=_clean(self.mode) if self.mode is not None else None)
        out["rule"] = self.rule
        return out


def _clean(x: Optional[float]) -> Optional[float]:
    """JSON-ready: None for nan/inf, float noise rounded away (12 significant digits)."""
    if x is None:
        return None
    x = float(x)
    if not math.isfinite(x):
        return None
    if x == 0:
        return 0.0
    return float(f"{x:.12g}")


def _fmt(x: float, unit: str) -> str:
    from capacity.views import num

    return f"{num(x)} {unit}".strip()


def _figure_interval(fig: Figure, unit: str) -> tuple[float, float]:
    """The interval a figure stands for in the simulation: a bound becomes one-sided and finite."""
    lo, hi = fig.interval(unit)
    if fig.bound == "at_least":
        return lo, lo * (1 + BOUND_SPREAD)
    if fig.bound == "at_most":
        return hi * (1 - BOUND_SPREAD), hi
    return lo, hi


def _fig_label(fig: Figure) -> str:
    if fig.bound == "at_least":
        return Msg("sim.bound_up", text=fig.text, k=f"{1 + BOUND_SPREAD:g}")
    if fig.bound == "at_most":
        return Msg("sim.bound_down", text=fig.text, k=f"{1 - BOUND_SPREAD:g}")
    return fig.text


# ---------------------------------------------------------------------------------------------
# The model


@dataclass
class Local:
    """A target's local figure: a fixed or sampled base, less the projects that do not complete."""

    target: Target
    unit: str
    value: float
    base: Optional[str] = None  # input name when the figure itself is sampled
    drops: list[tuple[str, float]] = field(default_factory=list)  # (project input, amount)
    fixed_loss: float = 0.0  # projects that never complete (p_complete 0)
    _table: Optional[np.ndarray] = None

    @property
    def deps(self) -> list[str]:
        return ([self.base] if self.base else []) + [n for n, _ in self.drops]

    def table(self) -> np.ndarray:
        """What the target loses for each completion pattern (bit i set: project i completes)."""
        if self._table is None:
            k = len(self.drops)
            codes = np.arange(1 << k)
            loss = np.full(1 << k, float(self.fixed_loss))
            for i, (_, amount) in enumerate(self.drops):
                loss += np.where(codes & (1 << i), 0.0, amount)
            self._table = loss if self.base else np.maximum(self.value - loss, 0.0)
        return self._table

    def eval(self, inp: dict) -> Any:
        x = inp[self.base] if self.base else self.value
        if not self.drops:
            return np.maximum(x - self.fixed_loss, 0.0) if self.fixed_loss else x
        if len(self.drops) > 16:  # a lookup table would be too big: add up the losses
            loss: Any = self.fixed_loss
            for name, amount in self.drops:
                loss = loss + np.where(inp[name], 0.0, amount)
            return np.maximum(x - loss, 0.0)
        code: Any = None
        dtype = np.uint8 if len(self.drops) <= 8 else np.uint16
        for i, (name, _) in enumerate(self.drops):
            c = inp[name]
            bit = c.view(np.uint8) if isinstance(c, np.ndarray) else np.uint8(bool(c))
            if dtype is not np.uint8:
                bit = bit.astype(dtype)
            if i:
                bit = bit << dtype(i)
            code = bit if code is None else (code | bit)
        table = self.table()
        got = table[code]
        return got if self.base is None else np.maximum(x - got, 0.0)


_ratio = ratio  # the claim kinds' division (a zero denominator gives +inf)


class Model:
    """Inputs, local figures and checks built from a Dataset; ``rules`` say how each input is drawn."""

    def __init__(self, ds: Dataset, options: Options) -> None:
        self.ds = ds
        self.options = options
        self.inputs: dict[str, Input] = {}
        self.rules: list[str] = []
        self.fixed: list[str] = []
        self.locals: dict[tuple[str, str], Local] = {}
        self.checks: list[Check] = []
        self.cache_deps: dict[Any, set] = {}
        self._national_done: dict[str, Optional[tuple[Optional[str], float, str, float]]] = {}
        self._factor_done: dict[str, tuple[Optional[str], float]] = {}
        for tf in ds.regions:
            self._build_region(tf)

    # -- inputs ------------------------------------------------------------------------------

    def _add(self, inp: Input) -> str:
        if inp.name not in self.inputs:
            self.inputs[inp.name] = inp
        return inp.name

    def _national(self, q: NationalQuantity, up_to: Optional[int] = None, options: Optional[Any] = None,
                  added: Optional[str] = None) -> tuple[Optional[str], float, str, float, Optional[NationalFigure], str]:
        """(input name or None, fixed value, unit, lowest possible value, chosen figure, note). ``options``:
        a claim's own (its basis and scope, ``claim_options``), else the run's; ``added``: the claim is an
        addition within that period (``added_in``)."""
        o = options or self.options
        d = select_national(q, o.year, o.basis, o.source, up_to, o.scope, added=added)
        chosen = d.figure
        if chosen is None:
            return None, math.nan, "", math.nan, None, d.note or "no national figure on file"
        unit = display_unit(chosen.value)
        if chosen.overridden:
            pool = [chosen]
            why = Msg("sim.override", override=chosen.overridden)
        else:
            figs = [f for f in q.figures if not f.overridden]
            if self.options.source:
                from capacity.script import contains  # simplified and traditional alike

                matching = [f for f in figs if contains(self.options.source, f.source)]
                figs = matching or figs
            pool = [f for f in figs if f.year == chosen.year and f.basis == chosen.basis
                    and f.scope == chosen.scope and _full_year(f) == _full_year(chosen)
                    and f.additions == chosen.additions and f.operating_days == chosen.operating_days]  # like only
            why = Msg("sim.figures1" if len(pool) == 1 else "sim.figures", n=len(pool), year=chosen.year,
                      basis=chosen.basis, note=Msg("sim.paren", text=list(d.notes)) if d.note else "")
        spans = [_figure_interval(f.value, unit) for f in pool]
        lo, hi = min(s[0] for s in spans), max(s[1] for s in spans)
        listing = [Msg("sim.listing", figure=_fig_label(f.value), source=f.source) for f in pool]
        name = f"national.{q.id}"
        if (o.basis, o.scope) != (self.options.basis, self.options.scope):  # a claim's own basis or scope
            name += "." + ".".join(x for x in (o.basis, o.scope) if x)
        if math.isclose(lo, hi, rel_tol=REL_TOL):
            if name not in self._national_done:
                self.fixed.append(Msg("sim.fixed_national", name=name, value=_fmt(lo, unit), why=why, listing=listing))
                self._national_done[name] = None
            return None, lo, unit, lo, chosen, d.note
        self._add(Input(name, "uniform", unit, Msg("sim.uniform_national", name=name, low=_fmt(lo, unit),
                                                   high=_fmt(hi, unit), why=why, listing=listing), low=lo, high=hi))
        return name, math.nan, unit, lo, chosen, d.note

    def _factor(self, f: Factor) -> tuple[Optional[str], float]:
        """(input name or None, fixed value) in the units of ``f.value.value``."""
        if f.id in self._factor_done:
            return self._factor_done[f.id]
        name = f"factor.{f.id}"
        base = f.value.unit.base_text if f.value.unit.base_text != "%" else ""
        v = f.value.value
        out: tuple[Optional[str], float]
        if f.overridden:
            self.fixed.append(Msg("sim.fixed_override", name=name, value=f.value.text, override=f.overridden))
            out = (None, v)
        elif f.low is None or f.high is None:
            self.fixed.append(Msg("sim.fixed_no_range", name=name, value=f.value.text))
            out = (None, v)
        else:
            lo = f.low.value * conversion_factor(f.low.unit, base)
            hi = f.high.value * conversion_factor(f.high.unit, base)
            lo, hi = min(lo, hi), max(lo, hi)
            if math.isclose(lo, hi, rel_tol=REL_TOL):
                self.fixed.append(Msg("sim.fixed_low_high", name=name, value=f.value.text))
                out = (None, v)
            else:
                mode = min(max(v, lo), hi)
                self._add(Input(name, "triangular", base,
                                Msg("sim.triangular", name=name, low=f.low.text, high=f.high.text, value=f.value.text),
                                low=lo, high=hi, mode=mode))
                out = (name, math.nan)
        self._factor_done[f.id] = out
        return out

    def _local(self, tf: TargetFile, t: Target) -> Local:
        key = (tf.region.id, t.id)
        if key in self.locals:
            return self.locals[key]
        unit = display_unit(t.figure)
        lo, hi = _figure_interval(t.figure, unit)
        local = Local(target=t, unit=unit, value=lo)
        tag = t.id if len(self.ds.regions) == 1 else f"{tf.region.id}:{t.id}"
        if not math.isclose(lo, hi, rel_tol=REL_TOL):
            local.base = self._add(Input(f"local.{tag}", "uniform", unit,
                                         Msg("sim.uniform_local", name=f"local.{tag}", low=_fmt(lo, unit),
                                             high=_fmt(hi, unit), figure=_fig_label(t.figure)), low=lo, high=hi))
        if t.overridden and t.overridden.startswith("--set"):
            self.fixed.append(Msg("sim.fixed_local", id=t.id, value=t.figure.text, override=t.overridden))
        else:
            states = {s.state: s for s in tf.project_states}
            ids = [p.id for x in self.ds.regions for p in x.projects]
            for p in tf.projects_feeding(t.id):
                if p.figure is None:
                    continue
                amount = p.figure.magnitude(unit)
                st = states.get(p.state)
                ptag = p.id if ids.count(p.id) == 1 else f"{tf.region.id}:{p.id}"
                name = f"project.{ptag}"
                if st is None:
                    self.fixed.append(Msg("sim.no_state", name=name, state=p.state))
                    continue
                if st.p_complete >= 1:
                    self.fixed.append(Msg("sim.certain", name=name, state=p.state))
                elif st.p_complete <= 0:
                    local.fixed_loss += amount
                    self.fixed.append(Msg("sim.never", name=name, state=p.state, id=t.id, value=p.figure.text))
                else:
                    self._add(Input(name, "bernoulli", unit,
                                    Msg("sim.bernoulli", name=name, project=f"{p.name} {p.product}", value=p.figure.text,
                                        p=f"{st.p_complete:g}", state=p.state, id=t.id),
                                    p=st.p_complete, amount=amount, target=t.id))
                    local.drops.append((name, amount))
        self.locals[key] = local
        return local

    # -- checks ------------------------------------------------------------------------------

    def _build_region(self, tf: TargetFile) -> None:
        """Each claim kind's sampler builds its own checks (``capacity.claims``: one rule per kind)."""
        for kind in KINDS:
            if kind.sample is not None:
                self.checks.extend(kind.sample(self, tf))

    def _cached(self, key: Any, deps: set, compute: Callable[[dict, dict], Any]) -> Callable[[dict, dict], Any]:
        """``compute`` memoised in the per-evaluation cache under ``key``; ``deps`` lets the tornado keep
        the entries an input does not touch."""
        self.cache_deps[key] = deps

        def fn(inp: dict, cache: dict) -> Any:
            if key not in cache:
                cache[key] = compute(inp, cache)
            return cache[key]
        return fn

    def _local_fn(self, local: Local, key: tuple[str, str]) -> Callable[[dict, dict], Any]:
        return self._cached(("local",) + key, set(local.deps), lambda inp, cache: local.eval(inp))

    def keep_cache(self, cache: dict, pinned: str) -> dict:
        """The cache entries that do not depend on input ``pinned``."""
        return {k: v for k, v in cache.items() if pinned not in self.cache_deps.get(k, (pinned,))}


# ---------------------------------------------------------------------------------------------
# Running it


def _stats(m: Any) -> list[Optional[float]]:
    arr = np.asarray(m, dtype=float)
    if arr.ndim == 0:
        return [_clean(float(arr))] * len(QUANTILES)
    with np.errstate(invalid="ignore"):
        qs = np.quantile(arr, QUANTILES)
    return [_clean(x) for x in qs]


def _stats_inplace(arr: np.ndarray) -> list[Optional[float]]:
    """The QUANTILES of ``arr`` as np.quantile's default (linear) method gives them, partitioning
    ``arr`` in place (it is ours: no copy of a million floats)."""
    n = arr.size
    pos = [(n - 1) * q for q in QUANTILES]
    kth = sorted({min(int(math.floor(h)) + d, n - 1) for h in pos for d in (0, 1)})
    arr.partition(kth)
    out = []
    with np.errstate(invalid="ignore"):
        for h in pos:
            lo = int(math.floor(h))
            hi = min(lo + 1, n - 1)
            a, b = float(arr[lo]), float(arr[hi])
            out.append(_clean(a if a == b else a + (h - lo) * (b - a)))
    return out


def _tornado(model: Model, check: Check, tin: dict, cache: dict) -> list[dict]:
    out = []
    for name in check.deps:
        inp = model.inputs[name]
        row: dict = {"input": name}
        kept = model.keep_cache(cache, name)
        for which in ("low", "high"):
            pinned = dict(tin)
            pinned[name] = inp.end(which)
            m = check.metric(pinned, dict(kept))
            row[which] = float(np.mean(check.holds(m)))
            row[f"p50_{which}"] = _clean(float(np.median(m)))
        row["swing"] = _clean(abs(row["high"] - row["low"]))
        a, b = row["p50_low"], row["p50_high"]
        row["p50_swing"] = _clean(abs(b - a)) if a is not None and b is not None else None
        row.update(low_value=inp.end_value("low"), high_value=inp.end_value("high"), unit=inp.unit)
        out.append(row)
    out.sort(key=lambda r: (-r["swing"], -(r["p50_swing"] or 0.0), r["input"]))
    order = ["input", "low", "high", "swing", "p50_low", "p50_high", "p50_swing", "low_value", "high_value", "unit"]
    return [{k: r[k] for k in order} for r in out]


def general_rules() -> list[str]:
    return [Msg("sim.rule_independent"), Msg("sim.rule_national"),
            Msg("sim.rule_bound", up=f"{1 + BOUND_SPREAD:g}", down=f"{1 - BOUND_SPREAD:g}", spread=f"{BOUND_SPREAD:.0%}"),
            Msg("sim.rule_factors"), Msg("sim.rule_projects"), Msg("sim.rule_holds"),
            Msg("sim.rule_tornado", samples=f"{TORNADO_SAMPLES:,}")]


def simulate(ds: Dataset, options: Optional[Options] = None, samples: int = 100_000, seed: int = 0,
             progress: Optional[Progress] = None) -> dict:
    """Monte Carlo over the uncertain inputs: per check the probability that it holds, the 5th, 50th
    and 95th percentiles of its share or ratio and a tornado ranking of the inputs. JSON-ready."""
    options = options or Options()
    if isinstance(samples, bool) or not isinstance(samples, (int, np.integer)) \
            or not MIN_SAMPLES <= samples <= MAX_SAMPLES:
        raise InputError(f"samples is {samples!r}", value=str(samples),
                         expected=f"a whole number from {MIN_SAMPLES:,} to {MAX_SAMPLES:,}")
    if isinstance(seed, bool) or not isinstance(seed, (int, np.integer)) or seed < 0:
        raise InputError(f"seed is {seed!r}", value=str(seed), expected="a whole number of 0 or more")
    samples, seed = int(samples), int(seed)
    model = Model(ds, options)
    report = evaluate(ds, options, kinds=("share", "supply"))
    verdicts = {(r["region"], r["id"]): r["ok"] for r in report["results"]}

    checks = model.checks
    inputs = list(model.inputs.values())
    live = [c for c in checks if c.defined and not c.deterministic]
    holds = {c.id + "@" + c.region: 0 for c in live}
    store = {k: np.empty(samples) for k in holds}  # every share or ratio, for the percentiles

    rng = np.random.Generator(np.random.PCG64(seed))
    done = 0
    if progress:
        progress(0, samples)
    while done < samples:
        n = min(CHUNK, samples - done)
        inp = {i.name: i.draw(rng, n) for i in inputs}
        cache: dict = {}
        for c in live:
            key = c.id + "@" + c.region
            m = c.metric(inp, cache)
            holds[key] += int(np.count_nonzero(c.holds(m)))
            store[key][done:done + n] = m
        done += n
        if progress:
            progress(done, samples)

    m_t = min(samples, TORNADO_SAMPLES)
    trng = np.random.Generator(np.random.PCG64([seed, 1]))
    tin = {i.name: i.draw(trng, m_t) for i in inputs}
    tcache: dict = {}
    for c in live:
        c.metric(tin, tcache)

    results = []
    for c in checks:
        key = c.id + "@" + c.region
        row: dict = {"id": c.id, "kind": c.kind, "region": c.region, "name": c.name}
        if not c.defined:
            prob, stats, tornado = None, [None, None, None], []
        elif c.deterministic:
            m = c.metric({}, {})
            prob = 1.0 if bool(c.holds(m)) else 0.0
            stats, tornado = _stats(m), []
        else:
            prob = holds[key] / samples
            stats = _stats_inplace(store.pop(key))
            tornado = _tornado(model, c, tin, tcache)
        row.update({
            "probability": prob,
            "p05": stats[0], "p50": stats[1], "p95": stats[2],
            "threshold": _clean(c.threshold) if c.threshold is not None else None,
            "comparator": c.comparator,
            "deterministic": c.deterministic,
            "ok_check": verdicts.get((c.region, c.id)),
            "inputs": list(c.deps),
            "note": c.note,
            "tornado": tornado,
        })
        results.append(row)

    return {
        "schema": SCHEMA,
        "samples": samples,
        "seed": seed,
        "scenario": list(ds.scenario),
        "options": {"year": options.year, "basis": options.basis or "capacity", "source": options.source},
        "bound_spread": BOUND_SPREAD,
        "tornado_samples": m_t,
        "rules": general_rules() + [i.rule for i in inputs] + model.fixed,
        "inputs": [i.as_dict() for i in inputs],
        "results": results,
    }


# ---------------------------------------------------------------------------------------------
# Selecting and showing


def select(payload: dict, only: Optional[Iterable[str]]) -> dict:
    """The payload with only the checks named (by id, or the supply target of a link row)."""
    if not only:
        return payload
    wanted = [w.strip() for item in only for w in str(item).split(",") if w.strip()]
    ids = [r["id"] for r in payload["results"]]

    def base(rid: str) -> str:
        return rid.split("_for_")[0] if "_for_" in rid else rid

    for w in wanted:
        if w not in ids and w not in {base(i) for i in ids}:
            from capacity.load import did_you_mean

            raise InputError(f"--only: '{w}' is not a simulated check", value=w,
                             expected="one of " + ", ".join(ids), hint=did_you_mean(w, ids))
    keep = set(wanted)
    out = dict(payload)
    out["results"] = [r for r in payload["results"] if r["id"] in keep or base(r["id"]) in keep]
    return out


def prob_bar(p: Optional[float], width: int = 10) -> str:
    """█ for the probability, ░ for the rest; strictly between 0 and 1 never looks certain."""
    if p is None:
        return ""
    fill = int(round(p * width))
    if 0 < p < 1:
        fill = min(max(fill, 1), width - 1)
    return "█" * fill + "░" * (width - fill)


def prob_text(p: Optional[float]) -> str:
    if p is None:
        return "?"
    if 0 < p < 0.0005:
        return "<0.001"
    if 0.9995 <= p < 1:
        return ">0.999"
    return f"{p:.3f}"


def _short(name: str) -> str:
    kind, _, rest = name.partition(".")
    return {"national": "national ", "factor": "factor ", "project": "", "local": "local "}.get(kind, "") + rest


def top_input(row: dict) -> str:
    t = row.get("tornado") or []
    if not t:
        return Msg("sim.no_uncertain") if row.get("deterministic") else ""
    return _short(t[0]["input"])


def simulate_doc(payload: dict, header: Optional[list[str]] = None, tornado_rows: int = 3) -> Any:
    """A render.Doc: the checks, the tornado (inputs that move each check most), the uncertain
    inputs; the sampling rules as notes."""
    from capacity.doc import Column, Doc, View
    from capacity.views import CMP, num, pct

    cols = [Column("check", "Check", no_wrap=True), Column("goal", "Goal", "right"),
            Column("probability", "P(holds)", "right"), Column("bar", "", no_wrap=True, drop=True),
            Column("p05", "p5", "right"), Column("p50", "p50", "right"), Column("p95", "p95", "right"),
            Column("check_verdict", "check", "center"), Column("top", "Moves it most", max_width=34)]
    rows, styles, flat = [], [], []
    for r in payload["results"]:
        p = r["probability"]
        rows.append({
            "check": r["id"],
            "goal": f"{CMP.get(r['comparator'], '')}{pct(r['threshold'], 0)}" if r["threshold"] is not None else "",
            "probability": prob_text(p), "bar": prob_bar(p),
            "p05": pct(r["p05"]), "p50": pct(r["p50"]), "p95": pct(r["p95"]),
            "check_verdict": {True: "PASS", False: "FAIL", None: "?"}[r["ok_check"]],
            "top": top_input(r),
        })
        styles.append(None if p is None else ("green" if p >= 0.9 else "bold red" if p <= 0.1 else "yellow"))
        flat.append({
            "id": r["id"], "kind": r["kind"], "region": r["region"], "name": r["name"],
            "probability": p, "p05": r["p05"], "p50": r["p50"], "p95": r["p95"],
            "threshold": r["threshold"], "comparator": r["comparator"], "deterministic": r["deterministic"],
            "ok_check": r["ok_check"], "inputs": len(r["inputs"]),
            "tornado": "; ".join(f"{t['input']} {t['low']:.4f}->{t['high']:.4f}" for t in r["tornado"]),
            "samples": payload["samples"], "seed": payload["seed"],
        })
    title = Msg("sim.title", samples=f"{payload['samples']:,}", seed=payload["seed"])
    checks = View(title, cols, rows, raw=flat, styles=styles,
                  notes=[Msg("sim.legend")])
    views = [checks]

    tcols = [Column("check", "Check", no_wrap=True), Column("input", "Input", no_wrap=True),
             Column("p", "P(holds) low→high", "right", no_wrap=True),
             Column("p50", "p50 low→high", "right", no_wrap=True)]
    trows, traw = [], []
    for r in payload["results"]:
        for k, t in enumerate(r["tornado"][:tornado_rows]):
            trows.append({"check": r["id"] if k == 0 else "", "input": _short(t["input"]),
                          "p": f"{t['low']:.3f}→{t['high']:.3f}",
                          "p50": f"{pct(t['p50_low'])}→{pct(t['p50_high'])}"})
            traw.append({"id": r["id"], **t})
    if trows:
        views.append(View(Msg("sim.tornado", n=tornado_rows), tcols, trows, raw=traw))

    used = {n for r in payload["results"] for n in r["inputs"]}
    icols = [Column("input", "Input", no_wrap=True), Column("dist", "Drawn"), Column("low", "Low", "right"),
             Column("mid", "Mode / p", "right"), Column("high", "High", "right"), Column("unit", "Unit")]
    irows = []
    for i in payload["inputs"]:
        if i["input"] not in used:
            continue
        if i["distribution"] == "bernoulli":
            irows.append({"input": i["input"], "dist": Msg("sim.completes"), "low": "0", "mid": f"p={i['p_complete']:g}",
                          "high": num(i["amount"]), "unit": i["unit"]})
        else:
            irows.append({"input": i["input"], "dist": i["distribution"], "low": num(i["low"]),
                          "mid": num(i["mode"]) if i.get("mode") is not None else "", "high": num(i["high"]),
                          "unit": i["unit"]})
    if irows:
        notes = [line for line in payload["rules"] if not line.startswith(("project.", "factor.", "local."))
                 or ": fixed" in line or "certain" in line]
        views.append(View("Uncertain inputs", icols, irows,
                          raw=[i for i in payload["inputs"] if i["input"] in used], notes=notes))
    else:
        checks.notes.extend(payload["rules"])
    return Doc(payload=payload, views=views, header=header or [], csv_rows=flat)


__all__ = ["simulate", "select", "simulate_doc", "general_rules", "SCHEMA", "BOUND_SPREAD", "CHUNK",
           "TORNADO_SAMPLES", "MIN_SAMPLES", "MAX_SAMPLES"]
