"""Listings of the data as JSON-ready dicts: targets, national sources, and the reconciliation of
each share claim against every national figure on file."""

from __future__ import annotations

from typing import Iterable, Optional

from capacity.claims.common import as_written
from capacity.claims.denominators import issued_year, target_year
from capacity.claims.share import boundary as share_boundary
from capacity.claims.denominators import context_note
from capacity.evaluate import Denominator, Options, context_reason, share_row
from capacity.results import note_records
from capacity.model import Dataset, Factor, NationalFigure, Target
from capacity.units import Figure, display_unit

SECTION_NUMBERS = {"preamble": 0, "一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9, "十": 10}


def _value(f: Optional[Figure]) -> Optional[dict]:
    if f is None:
        return None
    unit = display_unit(f)
    out = {"magnitude": _c(f.magnitude(unit)), "unit": unit}
    if f.bound == "range":
        out["high"] = _c(f.interval(unit)[1])
    if f.bound in ("at_least", "at_most"):
        out["bound"] = f.bound
    return out


def _c(x: float) -> float:
    return float(f"{x:.12g}")


def _loc(x) -> Optional[dict]:  # noqa: ANN001
    return {"file": x.loc.file, "line": x.loc.line} if getattr(x, "loc", None) else None


def target_dict(t: Target) -> dict:
    th = t.threshold
    written = t.addition.added if t.addition is not None else t.figure  # as written (an addition: not the stock)
    return {
        "id": t.id, "region": t.region, "section": t.section, "clause": t.clause, "name": t.name,
        "name_en": t.name_en, "figure": written.text if written is not None else None, "comparator": t.comparator,
        "measure": t.measure, "value": _value(written) if written is not None else None, "national": t.national,
        "threshold": None if th is None else {"figure": th.figure.text, "value": _c(th.value),
                                              "comparator": th.comparator, "kind": th.kind, "text": th.text},
        "lead": list(t.lead), "text": t.text,
        "observed": [{"date": o.date, "figure": o.figure.text, "source": o.source, "url": o.url} for o in t.observed],
        "location": _loc(t),
        "year": t.year, "source": t.source or None, "url": t.url or None, "published": t.published or None,
        "addition": None if t.addition is None else {"stock": t.figure.text, "base": t.addition.base.text,
                                                     "base_year": t.addition.base_year,
                                                     "base_observed": t.addition.observed},
    }


def _matches_section(t_section: str, wanted: str) -> bool:
    if wanted == t_section:
        return True
    if wanted.isdigit():
        return SECTION_NUMBERS.get(t_section) == int(wanted)
    return False


def targets_payload(ds: Dataset, section: Optional[str] = None, clause: Optional[int] = None,
                    lead: Optional[str] = None, search: Optional[str] = None, projects: bool = True) -> dict:
    if lead or search:
        from capacity.script import contains  # simplified and traditional alike (電池片 ~ 电池片)

    def keep(t: Target) -> bool:
        if section is not None and not _matches_section(t.section, section):
            return False
        if clause is not None and t.clause != clause:
            return False
        if lead and not any(contains(lead, x) for x in t.lead):
            return False
        if search:
            hay = " ".join([t.id, t.name, t.name_en, t.text, t.figure.text if t.figure else ""]).lower()
            if not contains(search, hay):
                return False
        return True

    targets = [target_dict(t) for tf in ds.regions for t in tf.targets if keep(t)]
    out: dict = {"schema": "capacity.targets/1",
                 "regions": [{"id": tf.region.id, "name": tf.region.name, "document": tf.region.document,
                              "file": tf.path} for tf in ds.regions],
                 "targets": targets}
    if projects:
        plist = []
        for tf in ds.regions:
            for p in tf.projects:
                if section is not None and not _matches_section(p.section, section):
                    continue
                if clause is not None and p.clause != clause:
                    continue
                if search and not contains(search, " ".join([p.id, p.name, p.product, p.text])):
                    continue
                if lead:
                    continue
                plist.append({"id": p.id, "region": p.region, "name": p.name, "product": p.product,
                              "figure": p.figure.text if p.figure else None, "value": _value(p.figure),
                              "state": p.state, "feeds": p.feeds, "section": p.section, "clause": p.clause,
                              "text": p.text, "location": _loc(p)})
        out["projects"] = plist
    return out


def figure_dict(f: NationalFigure) -> dict:
    return {"year": f.year, "period": f.period, "basis": f.basis, "scope": f.scope, "value": f.value.text,
            "parsed": _value(f.value), "published": f.published, "source": f.source, "title": f.title,
            "url": f.url, "note": f.note, "preferred": f.preferred, "derived": f.derived,
            "uncertain": f.uncertain, "estimate": f.estimate, "location": _loc(f),
            "published_on": f.published_on or None, "unverified": f.unverified, "why": f.why or None,
            "operating_days": f.operating_days}


def factor_dict(f: Factor) -> dict:
    return {"id": f.id, "name_en": f.name_en, "value": f.value.text, "parsed": _value(f.value),
            "low": f.low.text if f.low else None, "high": f.high.text if f.high else None, "year": f.year,
            "physical_bound": f.physical_bound.text if f.physical_bound else None,
            "derived": f.derived, "estimate": f.estimate, "note": f.note,
            "sources": [{"source": s.source, "value": s.value.text if s.value else None, "year": s.year,
                         "published_on": s.published_on or None, "url": s.url, "note": s.note} for s in f.sources],
            "overridden": f.overridden, "location": _loc(f)}


def sources_payload(ds: Dataset, quantity: Optional[str] = None) -> dict:
    nat = ds.national
    return {"schema": "capacity.sources/1", "file": nat.path, "country": nat.country,
            "quantities": [{"id": q.id, "name": q.name, "name_en": q.name_en, "dimension": q.dimension,
                            "proxy_note": q.proxy_note, "figures": [figure_dict(f) | {"file": f.file or None} for f in q.figures]}
                           for q in nat.quantities if quantity is None or q.id == quantity],
            "factors": [factor_dict(f) for f in nat.factors]}


def reconcile(ds: Dataset, ids: Optional[Iterable[str]] = None, options: Optional[Options] = None) -> dict:
    """Every share claim against every national figure on file (year × basis × source)."""
    options = options or Options()
    wanted = set(ids) if ids else None
    if wanted:
        claims = [t.id for tf in ds.regions for t in tf.targets
                  if t.national and t.threshold and t.threshold.kind == "share" and t.figure is not None]
        for w in sorted(wanted - set(claims)):
            from capacity.errors import InputError
            from capacity.load import did_you_mean

            raise InputError(f"'{w}' is not a target with a share claim", value=w, expected="one of " + ", ".join(claims),
                             hint=did_you_mean(w, claims))
    items = []
    for tf in ds.regions:
        for t in tf.targets:
            if not (t.national and t.threshold and t.threshold.kind == "share") or t.figure is None:
                continue
            if wanted is not None and t.id not in wanted:
                continue
            q = ds.national.quantity(t.national)
            # only figures that measure the claim count: its basis, national, full years, issue to target
            claim_basis = options.basis or (t.measure if t.measure in ("capacity", "production", "installed")
                                            else "capacity")
            rows = []
            for f in sorted(q.figures, key=lambda f: (f.year, f.basis, f.period)):
                r = share_row(t, tf, q, options, denominator=Denominator(f))
                row = {k: r[k] for k in ("national", "share", "share_range", "margin_pp", "gap", "gap_range",
                                         "ok", "status")}
                # partial years, later years and narrower scopes are context: shown, never a verdict or a count
                why = context_reason(f, target_year(tf, t), claim_basis, issued_year(tf))
                row["context"] = why or None
                row["context_notes"] = note_records([n for n in [context_note(f, target_year(tf, t), claim_basis,
                                                                                  issued_year(tf))] if n])
                if why:
                    row["ok"], row["status"] = None, "info"
                rows.append(row)
            unit = display_unit(t.figure)
            local = t.figure.magnitude(unit)
            items.append({"id": t.id, "region": tf.region.id, "local": {"magnitude": _c(local), "unit": unit,
                                                                      "text": t.figure.text}
                          | as_written(t.figure, unit),
                          "threshold": _c(t.threshold.value), "threshold_text": t.threshold.figure.text,
                          "comparator": t.threshold.comparator,
                          "headroom": {"magnitude": _c(share_boundary(t.threshold, options, local, None).headroom),
                                       "unit": unit},
                          "proxy": q.proxy_note, "rows": rows,
                          "holds_on": sum(1 for r in rows if r["ok"] is True),
                          "fails_on": sum(1 for r in rows if r["ok"] is False),
                          "context_rows": sum(1 for r in rows if r["context"])})
    return {"schema": "capacity.reconcile/1", "scenario": list(ds.scenario), "reconcile": items}
