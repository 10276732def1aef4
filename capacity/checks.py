"""Checks for CI: the results with a verdict to give, filtered by ``--only``, with the exit code.

A check is a share, supply or rollup result with a threshold (status pass, warn, fail or
undecided); context shares, chain links without a threshold and progress rows are not checks.
"""

from __future__ import annotations

from typing import Iterable, Optional

from capacity.evaluate import Options, evaluate, exit_code
from capacity.model import Dataset
from capacity.claims import CHECK_KINDS
from capacity.render.ci import check_report


#: Stances ``--goals-only`` leaves out of ``check``: what the text strives for or expects, not a goal.
NOT_GOALS = ("aspiration", "forecast")


def run_checks(ds: Dataset, options: Optional[Options] = None, only: Optional[Iterable[str]] = None,
               goals_only: bool = False) -> tuple[dict, int]:
    """(report of the checks, exit code 0 or 1). Raises InputError for an unknown ``only`` id or a
    share claim with no national figure to divide by. Aspirations and forecasts count like goals unless
    ``goals_only``."""
    options = options or Options()
    full = evaluate(ds, options, kinds=CHECK_KINDS)
    if goals_only:
        full["results"] = [r for r in full["results"] if r.get("stance") not in NOT_GOALS]
    wanted = _only_ids(list(only) if only else None, full, ds)
    report = check_report(full, wanted)
    _missing_national(report, ds)
    return report, exit_code(report)


def _only_ids(only: Optional[list[str]], full: dict, ds: Dataset) -> Optional[list[str]]:
    if not only:
        return None
    from capacity.errors import InputError, InputErrors
    from capacity.load import closest
    from capacity.render.ci import check_ids

    ids = [x.strip() for value in only for x in value.split(",") if x.strip()]
    if not ids:
        raise InputError("--only names no id", expected="--only ID[,ID…], e.g. --only polysilicon")
    known = check_ids(full)
    target_ids = [t.id for tf in ds.regions for t in tf.targets]
    errors = []
    for i in ids:
        if i in known:
            continue
        near = closest(i, known)
        hint = f"did you mean {', '.join(near)}?" if near else "ids with checks: " + ", ".join(known[:12]) + (
            ", …" if len(known) > 12 else "")
        if i in target_ids:
            errors.append(InputError(f"--only: target '{i}' has no check (no threshold, rollup or named projects "
                                     "with figures)", value=i, expected="an id with a check", hint=hint))
        else:
            errors.append(InputError(f"--only: unknown id '{i}'", value=i,
                                     expected="a target or check id (see `capacity check`)", hint=hint))
    if errors:
        raise errors[0] if len(errors) == 1 else InputErrors(errors)
    return ids


def _missing_national(report: dict, ds: Dataset) -> None:
    """A share claim with no national figure to divide by is an input error, not a verdict."""
    from capacity.claims.denominators import LIKE_MISSING_CODES
    from capacity.errors import InputError, InputErrors, Location

    errors = []
    for r in report["results"]:
        if r["kind"] == "share" and r.get("national") is None and not r.get("of"):  # of: a local total
            if LIKE_MISSING_CODES & {n.get("code") for n in r.get("notes") or []}:
                continue  # figures are on file, none like the claim: the row says which is missing (undecided)
            tf = next((tf for tf in ds.regions if tf.region.id == r["region"]), None)
            t = tf.target(r["id"]) if tf else None
            q = ds.national.quantity(t.national) if t and t.national else None
            loc = r.get("location") or {}
            where = Location(loc["file"], loc["line"]) if loc.get("file") else None
            errors.append(InputError(
                f"target '{r['id']}' claims a share of national quantity '{q.id if q else '?'}', which has no "
                f"figure in {ds.national.path}", location=where,
                expected="a figure under the quantity's 'figures:' (or --national ID=QUANTITY)",
            ))
    if errors:
        raise errors[0] if len(errors) == 1 else InputErrors(errors)
