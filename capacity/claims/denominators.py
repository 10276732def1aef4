"""The one denominator chooser: which national figure a claim is held against (target year, a
target's own ``year`` included; basis; scope; source; the fallbacks, each said in a note with a
code). Every claim kind and every command (report, check, solve, sweep, simulate, compare) asks here.
"""

from __future__ import annotations

import re
from datetime import date
from dataclasses import dataclass, replace
from functools import cached_property, lru_cache
from typing import Optional

from capacity.memo import by_identity
from capacity.claims.common import Options, _clean, as_written
from capacity.model import Dataset, NationalFigure, NationalQuantity, Target, TargetFile
from capacity.results import Note, note_records, notes_text
from capacity.script import contains  # --source: simplified and traditional alike (硅業分會 ~ 硅业分会)

#: Note codes of a row with no figure because the like one is missing (like against like): not bad input.
LIKE_MISSING_CODES = frozenset({"no_like_operating_basis", "no_like_additions", "no_like_stock", "no_like_figure"})

#: Note codes of a denominator that is for another year than the one asked (said on stderr by the CLI).
YEAR_FALLBACK_CODES = frozenset({"year_fallback", "later_year", "not_known_at_issue", "nearest_later_year",
                                 "none_published_by"})


def target_year(tf: TargetFile, t: Optional[Target] = None) -> Optional[int]:
    """The year a claim is about: the target's own ``year`` (an interim goal), else the document's;
    None for a target whose text gives no year (``year: none``: it never takes the document's)."""
    if t is not None and t.year is not None:
        return t.year
    if t is not None and getattr(t, "no_year", False):
        return None
    return tf.region.target_year


def for_target(tf: TargetFile, t: Target) -> TargetFile:
    """The region as seen by a target with its own ``year``: its target year is that year (none for a
    target whose text gives no year)."""
    year = target_year(tf, t)
    if year == tf.region.target_year:
        return tf
    return replace(tf, region=replace(tf.region, target_year=year))


def claim_options(t: Optional[Target], options: Options) -> Options:
    """The run's options as one claim sees them: the claim's own ``basis:``/``scope:`` (its threshold's,
    which default to its target's) override ``--basis``/``--scope`` for that claim only."""
    if t is None:
        return options
    th = t.threshold
    basis = (th.basis if th is not None else None) or t.basis
    scope = (th.scope if th is not None else None) or t.scope
    if (basis is None or basis == options.basis) and (scope is None or scope == options.scope):
        return options
    return replace(options, basis=basis or options.basis, scope=scope or options.scope)


def choose(q: NationalQuantity, tf: TargetFile, t: Optional[Target], options: Options) -> "Denominator":
    """The figure a claim about ``t`` in ``tf`` is held against under ``options``: the claim's own basis
    and scope (``claim_options``); a target whose text gives no year takes the newest figure and says so."""
    o = claim_options(t, options)
    return choose_as(q, tf, t, o, added_in(t, o))


def choose_as(q: NationalQuantity, tf: TargetFile, t: Optional[Target], o: Options,
              added: Optional[str]) -> "Denominator":
    """``choose`` with the claim's own options (``claim_options``) and period (``added_in``) given: a
    share row asks for them once for both its figures (this one and ``select_then``'s)."""
    d = select_national(q, o.year, o.basis, o.source, target_year(tf, t), o.scope, added=added)
    if t is not None and getattr(t, "no_year", False) and o.year is None and d.figure is not None:
        d = d.adding(Note.of("no_year"))
    return d


def added_in(t: Optional[Target], options: Options) -> Optional[str]:
    """The national period a target's like figure must have when the target is an addition within a span
    (年內建成儲能電站200萬千瓦時: ``period: 2024`` on a capacity or installed claim): ``2024 additions``
    (``--year`` names another year); None for a stock (a level at a date, or ``addition:`` on a base,
    compared as base + addition). A production claim is a flow already: None."""
    p = getattr(t, "period", None)
    if p is None or (options.basis or "capacity") == "production":
        return None
    if not p.full_year:
        return f"{p.text} additions"  # several years or part of one: no national figure is for that span
    return f"{options.year or p.first_year} additions"


@dataclass(frozen=True)
class Denominator:
    figure: Optional[NationalFigure]
    notes: tuple[Note, ...] = ()  # why this one, when it is not what was asked for (codes with parameters)

    @cached_property  # worked out once per denominator: the chooser's memo hands 100,000 rows a few dozen
    def note(self) -> str:
        """The notes in English, as the JSON's ``fallback`` says them."""
        return notes_text(self.notes)

    @cached_property
    def codes(self) -> tuple[str, ...]:
        return tuple(n.code for n in self.notes)

    @cached_property
    def code_set(self) -> frozenset[str]:
        return frozenset(self.codes)

    def adding(self, note: Note) -> "Denominator":
        return Denominator(self.figure, (*self.notes, note))


_FULL_YEAR = re.compile(r"^(end-?)?\s*\d{4}$|^$")


def _full_year(f: NationalFigure) -> bool:
    return bool(_FULL_YEAR.match(f.period.strip()))


def context_reason(f: NationalFigure, target_year: Optional[int] = None, basis: Optional[str] = None,
                   issued: Optional[int] = None) -> str:
    """Why a figure is context, not a figure that measures the claim ('' when it is one): it covers less
    than the nation (scope), less than a full year (H1, Jan–Oct, a forecast), a year after the document's
    target year or before it was issued (``issued``: the issue year; the end of the year before is the
    state at issue), another basis than the claim's (``basis``), or it is unverified (not found in its
    cited page)."""
    if f.overridden:
        return ""
    note = context_note(f, target_year, basis, issued)
    return note.text() if note else ""


def context_note(f: NationalFigure, target_year: Optional[int], basis: Optional[str] = None,
                 issued: Optional[int] = None) -> Optional[Note]:
    """Why a figure is context, as a note (``context_reason`` in words)."""
    if f.overridden:
        return None
    if f.scope != "national":
        return Note.of("context_scope", scope=f.scope)
    if f.additions:  # added within a year: not like a stock
        return Note.of("context_additions", period=Note.of("period", p=f.period))
    if f.operating_days is not None:  # a claim is nameplate
        return Note.of("context_operating_days", days=f.operating_days)
    if not _full_year(f):
        return Note.of("context_partial", period=f.period)
    if target_year is not None and f.year > target_year:
        return Note.of("context_later", year=target_year)
    if issued is not None and f.year < issued - 1:
        return Note.of("context_before_issue", issued=issued)
    if basis is not None and f.basis != basis:
        return Note.of("context_basis", basis=f.basis, want=basis)
    if f.unverified:
        return Note.of("context_unverified")
    return None


def _rank(f: NationalFigure) -> tuple:
    """Better-sourced first: a named organisation with an address before commentary or an unnamed
    source (so a bound with no named source never wins over a named point figure), then ``preferred``."""
    return (f.weak_source, not f.preferred)


def data_years(ds: Dataset) -> list[int]:
    """Every year a national figure on file is for (overrides excluded), ascending."""
    return sorted({f.year for q in ds.national.quantities for f in q.figures if not f.overridden})


def check_year(ds: Dataset, year: Optional[int]) -> None:
    """``--year`` must fall within the span of the data's years: outside it every denominator would be
    a silent fallback (``--year 2010`` would make a 2022 figure pass for 2010)."""
    if year is None:
        return
    years = data_years(ds)
    if not years or not years[0] <= year <= years[-1]:
        from capacity.errors import InputError

        span = f"{years[0]} to {years[-1]}" if years else "none"
        raise InputError(f"--year {year}: no national figure is for a year within the data's span ({span})",
                         value=str(year), expected="a year on file: " + ", ".join(str(y) for y in years))


_CHOICES: dict[tuple, tuple[NationalQuantity, Denominator]] = {}  # (id(q), options…) → (q, choice)


def select_national(q: NationalQuantity, year: Optional[int] = None, basis: Optional[str] = None,
                    source: Optional[str] = None, up_to: Optional[int] = None,
                    scope: Optional[str] = None, known_by: Optional[date] = None,
                    added: Optional[str] = None) -> Denominator:
    """The figure a share is computed against (see ``choose_national``), chosen once per quantity and
    options: 100,000 targets share a few dozen choices."""
    key = (id(q), year, basis, source, up_to, scope, known_by, added)
    hit = _CHOICES.get(key)
    if hit is not None and hit[0] is q:  # the entry keeps q alive, so its id is not reused while cached
        return hit[1]
    if len(_CHOICES) > 4096:
        _CHOICES.clear()
    choice = choose_national(q, year, basis, source, up_to, scope, known_by, added)
    _CHOICES[key] = (q, choice)
    return choice


def choose_national(q: NationalQuantity, year: Optional[int] = None, basis: Optional[str] = None,
                    source: Optional[str] = None, up_to: Optional[int] = None,
                    scope: Optional[str] = None, known_by: Optional[date] = None,
                    added: Optional[str] = None) -> Denominator:
    """The figure a share is computed against; falls back openly, saying so in ``note``.

    Default: national scope only (a listed-firms plan is not a national total; ``scope`` asks for
    another), the newest year up to ``up_to`` (the document's target year: figures describing later
    years are not what a 2024 claim was made against), capacity basis, full-year figures before
    partial ones, then the better-sourced figure (a named organisation with an address before
    commentary), then the ``preferred`` one. Another basis is used, and said, only when the asked one
    has no figure (up to ``up_to``); a later year only when no basis has one, and then the nearest later
    year. A default resting on a weak source says so. An ``unverified`` figure (not found in its cited
    page) is a denominator only when ``source`` asks for it or nothing else is on file, said so.
    ``known_by``: only figures surely published on or before that day (``published_on``).

    Like against like: a stock claim only against stocks, an addition (``added``: ``2024 additions``, see
    ``added_in``) only against national additions of that period; a claim is nameplate, so never against
    a figure on a stated operating basis (``operating_days``, see ``_best``). Where the like figure is
    missing, no figure, and the note says which one is missing."""
    notes: list[Note] = []
    want_basis = basis or "capacity"
    figs = list(q.figures)
    overridden = [f for f in figs if f.overridden]
    if overridden:
        return Denominator(overridden[-1])
    want_scope = scope or "national"
    in_scope = [f for f in figs if f.scope == want_scope]
    if not in_scope:
        if figs:
            return Denominator(None, (Note.of("no_scope", scope=want_scope,
                                              scopes=", ".join(sorted({f.scope for f in figs}))),))
        return Denominator(None, (Note.of("no_national"),))
    figs = in_scope
    if known_by is not None:
        figs = [f for f in figs if f.published_by is not None and f.published_by <= known_by]
        if not figs:
            return Denominator(None, (Note.of("none_published_by", date=known_by.isoformat()),))
    src = ""
    if source:
        matching = [f for f in figs if contains(source, f.source)]
        if not matching:
            notes.append(Note.of("no_source", source=source))
        else:
            figs, src = matching, Note.of("from_source", source=source)
    if not src:  # an unverified figure is never a default denominator
        verified = [f for f in figs if not f.unverified]
        figs = verified or figs  # …unless nothing else is on file (then said by ``_best``)
    figs = [f for f in figs if f.additions == bool(added)]  # additions against additions, stocks against stocks
    if added:
        figs = [f for f in figs if f.period.strip() == added]
        if not figs:
            return Denominator(None, (*notes, Note.of("no_like_additions", period=added.rsplit(" ", 1)[0])))
        year = up_to = None  # that period's additions only: no other year
    elif not figs:
        return Denominator(None, (*notes, Note.of("no_like_stock")))
    cap = up_to if year is None else None
    bases = (want_basis, *[x for x in ("capacity", "production", "installed") if x != want_basis])
    if year is not None:  # a year asked for comes first: that year's figure on another basis, said so,
        for b in bases:   # before the asked basis in another year (--year 2023: 2023 output, not 2024 capacity)
            same = [f for f in figs if f.basis == b and f.year == year]
            pool = [f for f in same if _full_year(f)] or same
            if not pool:
                continue
            if b != want_basis:
                notes.append(Note.of("other_basis_in_year", year=year, basis=want_basis, src=src, used=b))
            return _best(pool, notes)
    for b in bases:
        cand = [f for f in figs if f.basis == b]
        pool = [f for f in cand if _full_year(f)] or cand
        if cap is not None:
            pool = [f for f in pool if f.year <= cap]
        if not pool:
            continue
        if b != want_basis:
            notes.append(Note.of("other_basis", basis=want_basis, src=src, up_to=Note.of("up_to", cap=cap) if cap else "",
                                 used=b))
        if year is not None:
            same = [f for f in pool if f.year == year]
            if not same:
                earlier = [f for f in pool if f.year < year]
                chosen_pool = earlier or pool
                best_year = max(f.year for f in chosen_pool) if earlier else min(f.year for f in chosen_pool)
                notes.append(Note.of("year_fallback", year=year, used=best_year))
                same = [f for f in chosen_pool if f.year == best_year]
            pool = same
        else:
            newest = max(f.year for f in pool)
            pool = [f for f in pool if f.year == newest]
        return _best(pool, notes)
    if cap is not None and figs:  # the nearest later year, not the newest
        nearest = min(f.year for f in figs if f.year > cap)
        later = select_national(q, nearest, basis, source, None, scope, known_by, added)
        return Denominator(later.figure, (*notes, *later.notes, Note.of("nearest_later_year", cap=cap, used=nearest)))
    return Denominator(None, (Note.of("no_national"),))


_OTHER_BASIS = frozenset({"other_basis", "other_basis_in_year"})


def like_only(d: "Denominator", basis: Optional[str]) -> "Denominator":
    """An informational row (or sum) sets like against like: never a figure of another basis (production
    for capacity), but no figure and the one that is missing (``no_like_figure``)."""
    if d.figure is not None and _OTHER_BASIS & d.code_set:
        return Denominator(None, (Note.of("no_like_figure", basis=basis or "capacity", used=d.figure.basis),))
    return d


def _best(pool: list[NationalFigure], notes: list[Note]) -> Denominator:
    """The best-ranked figure of ``pool``, its notes saying when it rests on a weak source. A claim is
    nameplate: a figure on a stated operating basis (SMM's 300 days) is never its denominator; when the
    pool has only such figures, no figure, and the note says the nameplate one is missing."""
    like = [f for f in pool if f.operating_days is None]
    if not like:
        f = min(pool, key=_rank)
        return Denominator(None, (*notes, Note.of("no_like_operating_basis", basis=f.basis,
                                                  period=Note.of("period", p=f.period or str(f.year)),
                                                  text=f.value.text, days=f.operating_days)))
    pool = like
    chosen = min(pool, key=_rank)
    if chosen.unverified:
        notes.append(Note.of("unverified_figure"))
    elif chosen.weak_source:
        notes.append(Note.of("weak_source"))
    return Denominator(chosen, tuple(notes))


def national_dict(d: Denominator, unit: str) -> Optional[dict]:
    """The national figure a row rests on, as the JSON's ``national`` says it: a fresh dict each call,
    worked out once per (denominator, unit) (the nested lists and records are shared, never changed)."""
    if d.figure is None:
        return None
    return by_identity(_NATIONAL, d, unit, _national_dict)


_NATIONAL: dict[tuple, tuple[Denominator, dict]] = {}


def _national_dict(d: Denominator, unit: str) -> dict:
    f = d.figure
    assert f is not None
    out = {
        "magnitude": _clean(f.value.magnitude(unit)),
        "unit": unit,
        "bound": None if f.value.exact else f.value.bound,
        "text": f.value.text,
        "year": f.year,
        "period": f.period,
        "basis": f.basis,
        "source": f.source,
        "url": f.url,
        "derived": f.derived,
        "uncertain": f.uncertain,
        "estimate": f.estimate,
        "overridden": f.overridden,
        "fallback": d.note or None,
        "fallback_codes": list(d.codes),
        "fallback_notes": note_records(d.notes),
        "scope": f.scope,
        "weak_source": f.weak_source and not f.overridden,
        "file": f.file or None,  # the file the figure came from (a national file, a layer, a targets file)
        "published_on": f.published_on or None,  # the day (or month) its source was published
        "operating_days": f.operating_days,  # the operating basis its source states (None: nameplate)
    }
    lo, hi = f.value.interval(unit)
    if f.value.bound == "range" and hi != float("inf"):
        out["high"] = _clean(hi)  # a range estimate (638~678万吨): its upper end beside ``magnitude``
    out.update(as_written(f.value, unit))
    return out


def issued_year(tf: TargetFile) -> Optional[int]:
    return _issued_year(tf.region.issued or "")


@lru_cache(maxsize=1024)
def _issued_year(issued: str) -> Optional[int]:
    m = re.match(r"\s*(\d{4})", issued)
    return int(m.group(1)) if m else None


def select_then(q: NationalQuantity, tf: TargetFile, options: "Options",
                added: Optional[str] = None) -> Optional[Denominator]:
    """The figure known when the document was issued: the newest full-year figure for a year before the
    year it was issued and published (``published_on``) on or before its issue date, same basis, source
    and scope rules as the default. None when the region has no ``issued`` date; a denominator with no
    figure and a note (``none_published_by``) when nothing on file was published by then."""
    if not tf.region.issued:
        return None
    iy = issued_year(tf)
    if iy is None:
        return None
    day = issued_date(tf)
    d = select_national(q, None, options.basis, options.source, iy - 1, options.scope, known_by=day, added=added)
    if d.figure is None:
        return d
    if not d.figure.overridden and (d.figure.year >= iy or not _full_year(d.figure)):
        return Denominator(None, (Note.of("none_published_by", date=day.isoformat()),))
    return d


def issued_date(tf: TargetFile) -> date:
    """The day the document was issued (``issued``: YYYY-MM-DD; a year or month alone: its first day,
    so that only what was surely published by then counts)."""
    parts = [int(p) for p in re.findall(r"\d+", tf.region.issued or "")[:3]]
    y, m, d = (parts + [1, 1])[:3]
    return date(y, m or 1, d or 1)
