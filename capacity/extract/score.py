"""Scoring a draft against a hand-made answer file (the development corpus, tests/corpus/extract/).

An answer file lists every figure of its text, one a line, tab-separated: the figure as written, its kind
(target, share, project; ``none`` for a number that is not a figure to draft), comparator, year (``-``: the
text gives none) and stance. Lines starting with ``#`` are comments. ``score`` pairs the draft's figures
(targets, status figures and projects) with the answer's by the figure as written (folded), in text order,
and counts recall, precision, and the share of paired figures whose year, stance and comparator agree. A
figure the draft gives no year is read as the format reads it: of the document's target_year (a status
figure without a year has none).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Optional

from capacity.script import fold


@dataclass
class Answer:
    figure: str
    kind: str
    comparator: str
    year: Optional[int]
    stance: str


def read_answers(path: str | Path) -> list[Answer]:
    out = []
    for n, line in enumerate(Path(path).read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        parts = line.split("\t")
        if len(parts) != 5:
            raise ValueError(f"{path}:{n}: expected 5 tab-separated fields, got {len(parts)}")
        fig, kind, cmp_, year, stance = (p.strip() for p in parts)
        out.append(Answer(fig, kind, cmp_, None if year == "-" else int(year), stance))
    return out


def _k(figure: str) -> str:
    return fold(figure).replace(" ", "")


def score(draft, answers: list[Answer]) -> dict:  # noqa: ANN001 - a capacity.extract.Draft
    from capacity.extract import Record

    drafted = []
    for r in sorted(draft.targets + draft.status + draft.projects, key=lambda r: (r.line, r.end)):
        drafted.append(r)
        for fig, cmp_ in r.threshold_info:  # a threshold linked to the figure is a figure the draft holds
            drafted.append(Record("threshold", {}, [], r.line, r.block, r.end, written=fig, stance=r.stance,
                                  year=r.year, comparator=cmp_))
    want = [a for a in answers if a.kind != "none"]
    pool: dict[str, list[Answer]] = {}
    for a in want:
        pool.setdefault(_k(a.figure), []).append(a)
    pairs, extra = [], []
    for r in drafted:
        hits = pool.get(_k(r.written or r.fields.get("figure", "")))
        if hits:
            pairs.append((r, hits.pop(0)))
        else:
            extra.append(r)
    missed = [a for left in pool.values() for a in left]
    target_year = draft.region.get("target_year")
    target_year = int(target_year) if target_year else None

    def year(r) -> Optional[int]:  # noqa: ANN001 - what the draft means: no year: is the document's target_year
        return r.year if r.year is not None or r.stance == "status" else target_year

    pairs = [(r, a) for r, a in pairs]
    n = len(pairs)
    return {
        "answers": len(want), "drafted": len(drafted), "matched": n,
        "recall": n / len(want) if want else 1.0,
        "precision": n / len(drafted) if drafted else 1.0,
        "year": sum(year(r) == a.year for r, a in pairs) / n if n else 1.0,
        "stance": sum(r.stance == a.stance for r, a in pairs) / n if n else 1.0,
        "comparator": sum(r.comparator == a.comparator for r, a in pairs) / n if n else 1.0,
        "missed": [a.figure for a in missed], "extra": [r.written for r in extra],
        "wrong_year": [(a.figure, year(r), a.year) for r, a in pairs if year(r) != a.year],
        "wrong_stance": [(a.figure, r.stance, a.stance) for r, a in pairs if r.stance != a.stance],
        "wrong_comparator": [(a.figure, r.comparator, a.comparator) for r, a in pairs if r.comparator != a.comparator],
        "pairs": n, "hits": (sum(year(r) == a.year for r, a in pairs), sum(r.stance == a.stance for r, a in pairs),
                             sum(r.comparator == a.comparator for r, a in pairs)),
    }
