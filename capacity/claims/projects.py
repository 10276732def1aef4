"""Project claims: the named projects feeding a target against it (they must not exceed it; the rest
is existing or unnamed capacity). Rows are rollup rows (``kind: rollup``)."""

from __future__ import annotations

from typing import Any

from capacity.claims.common import converted, display, qty
from capacity.claims.rollup import rollup_row
from capacity.results import Note

KIND = "projects"
row = rollup_row


PROJECTS_NOTE = Note.of("rollup_projects")  # one note object: its words and record made once


def rows(ctx: Any) -> list[dict]:
    """Named projects against the target they feed (they must not exceed it)."""
    feeding: dict[str, list] = {}
    for p in ctx.tf.projects:
        if p.feeds and p.figure is not None:
            feeding.setdefault(p.feeds, []).append(p)
    out = []
    for t in ctx.tf.targets:
        projects = feeding.get(t.id)
        if projects and t.figure is not None:  # a target stated without a figure has nothing to exceed
            parts = [(p.id, f"{p.name} {p.product}".strip(), p.figure) for p in projects]
            row = rollup_row(ctx.tf, f"{t.id}_projects", t, parts, PROJECTS_NOTE, decisive=False)
            row["projects"] = [project_dict(p) for p in projects]
            out.append(row)
    return out


def project_dict(p: Any) -> dict:
    """A project's figures as written (capacity: what it adds to its target; investment and output value:
    shown, never added) and its own provenance."""
    out = {"id": p.id, "name": p.name, "product": p.product, "state": p.state, "figure": _fig(p.figure),
           "investment": _fig(p.investment), "output_value": _fig(p.output_value)}
    prov = {k: getattr(p, k) for k in ("source", "url", "published") if getattr(p, k)}
    out["provenance"] = prov or None
    return out


def _fig(f: Any) -> Any:
    """A project's figure as written, in its display unit."""
    if f is None:
        return None
    unit = display(f)
    _, _, value, doc = converted(f, unit)
    return qty(value, unit) | {"text": f.text} | doc
