"""Evaluate: the small loop that runs every claim kind (``capacity.claims.KINDS``) over every region.

The arithmetic lives in the kinds (``capacity.claims.share`` …) and is interval arithmetic on plain
floats in each dimension's display unit (t, GW, MWh, 億元): an exact figure is the interval [v, v],
a published bound ``>1000GW`` is [1000, inf), so a share against it is [0, 8.8%] and the verdict is
decided only where the whole interval falls on one side of the threshold. Conversions go through pint
(``capacity.units``).

The small public functions (``share``, ``gap``, ``headroom``, ``supply_ratio``) take pint
quantities or figure strings and return floats, for use in a notebook.
"""

from __future__ import annotations

from collections import Counter
from typing import Any, Iterable, Optional

from capacity.claims import CHECK_KINDS, KINDS, ClaimKind, Context  # noqa: F401 – re-exported
from capacity.claims.common import (  # noqa: F401 – re-exported for notebooks and older imports
    INF, REL_TOL, Options, _base_row, _clean, _div, _ge, _location, _num, _rng, _status, _verdict, approximate, qty,
)
from capacity.claims.denominators import (  # noqa: F401 – re-exported
    YEAR_FALLBACK_CODES, Denominator, _full_year, _rank, check_year, choose_national, context_reason, data_years,
    issued_year, national_dict, select_national, select_then,
)
from capacity.claims.denominators import for_target as _for_year  # noqa: F401
from capacity.claims.needed import needed_row  # noqa: F401
from capacity.claims.progress import _progress_verdict, progress_row  # noqa: F401
from capacity.claims.pure import gap, headroom, share, supply_ratio  # noqa: F401 – the notebook API
from capacity.claims.rollup import rollup_row  # noqa: F401
from capacity.claims.share import share_row  # noqa: F401
from capacity.claims.supply import (  # noqa: F401
    CHAIN_DEFINITION, _same_dim_factor, chain_row, covered_row, factor_dict, factor_span, link_demand, link_row,
)
from capacity.model import Dataset
from capacity.nogc import without_gc as _without_gc
from capacity.script import contains  # --source: simplified and traditional alike (硅業分會 ~ 硅业分会)
from capacity.units import format_number  # noqa: F401 – re-exported

#: The table ``evaluate`` runs (the name older code and tests know it by).
CLAIM_KINDS = KINDS


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
    kinds = set(kinds) if kinds else None  # only the kinds asked for are evaluated (compare: shares)
    run = KINDS if not kinds else tuple(k for k in KINDS if k.result_kind in kinds)
    for tf in ds.regions:
        ctx = Context(tf, nat, options)
        for kind in run:
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
    counts = Counter((r["kind"], r.get("status")) for r in results)  # one pass over the rows
    summary: dict = {s: sum(n for (k, st), n in counts.items() if st == s and k in CHECK_KINDS)
                     for s in ("pass", "warn", "fail", "undecided", "info", "above")}
    summary["progress"] = {s: counts[("progress", s)] for s in ("pass", "fail", "info")}
    summary["no_result"] = sum(n for (k, _), n in counts.items() if k == "unmatched")  # targets without a result, said why
    flag = _narrowing_flag(options)
    if flag:  # a flag that leaves a claim with no national figure says so (here and on stderr)
        summary["no_figure"] = len(_left_without_figure(results))
        summary["no_figure_flag"] = flag
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



def year_fallbacks(report: dict) -> list[str]:
    """Notes of rows whose national figure is for another year than the one asked (or than the newest up
    to the target year): said on stderr by the CLI as well as in the notes. Found by the chooser's codes."""
    out = []
    for r in report["results"]:
        n = r.get("national") if r["kind"] == "share" else None
        if n and n.get("fallback") and YEAR_FALLBACK_CODES & set(n.get("fallback_codes") or ()):
            out.append(f"{r['id']}: {n['fallback']} ({n['text']}, {n.get('period') or n['year']})")
    return out


def _narrowing_flag(options: Options) -> str:
    """The flag that narrows the national figures a claim may rest on (--scope, --source), as typed."""
    parts = []
    if options.scope and options.scope != "national":
        parts.append(f"--scope {options.scope}")
    if options.source:
        parts.append(f"--source {options.source}")
    return " ".join(parts)


def _left_without_figure(results: list[dict]) -> list[dict]:
    return [r for r in results if r["kind"] == "share" and r.get("national") is None]


def flag_gaps(report: dict) -> list[str]:
    """Claims a flag (--scope, --source) left with no national figure: said on stderr by the CLI and
    counted in the summary (``no_figure``)."""
    flag = report["summary"].get("no_figure_flag")
    if not flag:
        return []
    return [f"{r['id']}: no national figure under {flag} ({r.get('note') or 'none on file'}): no verdict"
            for r in _left_without_figure(report["results"])]


def exit_code(report: dict) -> int:
    """0 every decidable check passed (warnings allowed), 1 at least one failed (progress rows excluded)."""
    return 1 if any(r["ok"] is False for r in report["results"] if r["kind"] in CHECK_KINDS) else 0


def fmt_pct(x: Optional[float], digits: int = 1) -> str:
    if x is None:
        return ""
    return f"{x * 100:.{digits}f}%"


__all__ = ["share", "gap", "headroom", "supply_ratio", "select_national", "evaluate", "exit_code", "Options",
           "format_number"]
