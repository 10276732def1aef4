"""Claim kinds: one module per kind, registered in ``KINDS``.

Each kind's module owns its rows (``rows(ctx)``: one region in, its JSON-ready rows out), its row
builder, its verdict and its boundary (where the verdict flips: ``boundary``), its sampler for
``simulate`` (``sample``) and, for shares, its cell for ``compare``. Every kind picks its national
figure through the one chooser, ``capacity.claims.denominators``, and decides through the one rule
for thresholds, ``capacity.claims.common.flip`` / ``verdict``. ``capacity.evaluate`` runs the table;
a new kind is a new module and a new row here.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable, Optional

from capacity.claims import needed, progress, projects, rollup, share, supply, unmatched
from capacity.claims.common import Options
from capacity.model import NationalFile, Target, TargetFile


@dataclass(frozen=True)
class Context:
    """What a kind sees: one region's document, the national file and the options."""

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
    result_kind: str = ""  # the ``kind`` its rows carry (needed → share, projects → rollup)
    check: bool = False  # its rows decide the exit code
    boundary: Optional[Callable[..., dict]] = None  # where its verdict flips
    module: Any = None
    sample: Optional[Callable[..., list]] = None  # simulate's checks for one region (model, tf) → [Check]


#: Every kind of claim, in the order its rows appear in a report.
KINDS: tuple[ClaimKind, ...] = (
    ClaimKind("share", share.rows, share.share_row, "local figure / national total against a threshold",
              "share", True, share.boundary, share, share.samples),
    ClaimKind("needed", needed.rows, needed.needed_row, "the local figure a share claim without one needs",
              "share", True, share.boundary, needed),
    ClaimKind("supply", supply.rows, supply.link_row, "local supply / local need along a chain, and the chain's mean",
              "supply", True, supply.boundary, supply, supply.samples),
    ClaimKind("rollup", rollup.rows, rollup.rollup_row, "stated parts against a stated total", "rollup", True,
              None, rollup),
    ClaimKind("projects", projects.rows, projects.row, "named projects against the target they feed", "rollup", True,
              None, projects),
    ClaimKind("progress", progress.rows, progress.progress_row, "an observation against the goal", "progress",
              False, None, progress),
    ClaimKind("unmatched", unmatched.rows, unmatched.unmatched_row, "a target without a result, and why",
              "unmatched", False, None, unmatched),
)

#: Result kinds that are checks (decide the exit code); progress rows are information.
CHECK_KINDS: tuple[str, ...] = tuple(dict.fromkeys(k.result_kind for k in KINDS if k.check))

BY_NAME = {k.name: k for k in KINDS}

__all__ = ["KINDS", "CHECK_KINDS", "BY_NAME", "ClaimKind", "Context", "Options"]
