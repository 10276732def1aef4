"""Typed records for the data files. Every record keeps where it was defined (file:line)."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date
from typing import Optional

from capacity.errors import Location
from capacity.units import Figure

#: How a target's own figure is stated. ``about`` (約/约, 左右, 近, 接近): the figure is approximate; it is
#: reached when the local figure is within ``Target.tolerance`` percentage points of 100% of it, or above.
COMPARATORS = ("reach", "at_least", "at_most", "range", "about")
#: How firmly the text states a target or a threshold (``stance:``):
#: goal (the default; 達到, 形成, 建成…), aspiration (力争/力爭: striven for), forecast (预计/预期: expected),
#: status (已形成, 具备, 截至, 目前: what exists at a date, not a goal). A status figure gets a share or supply
#: result but never a progress verdict; aspirations and forecasts count like goals unless the run says
#: ``--goals-only``. Every output shows the stance beside the verdict.
STANCES = ("goal", "aspiration", "forecast", "status")
MEASURES = ("capacity", "output_value", "count", "ratio", "growth", "output", "other")
BASES = ("capacity", "production", "installed")
THRESHOLD_KINDS = ("share", "supply")
#: How a share or supply ratio compares with its threshold. ``about`` (約/约, 左右, 近, 接近, 力爭) passes
#: within a tolerance below the threshold (``DEFAULT_TOLERANCE_PP``); the others are strict.
THRESHOLD_COMPARATORS = ("reach", "at_least", "at_most", "about")
STANCES = ("goal", "aspiration", "forecast", "status")
#: Default tolerance of an approximate claim, in percentage points: a writer rounding a share to the
#: nearest 5% (the coarsest step policy texts use for round shares: 35%, 40%, 45%) writes 約40% for
#: anything from 37.5% to 42.5%, i.e. ±2.5 pp.
DEFAULT_TOLERANCE_PP = 2.5
#: Tolerances of approximate claims are below this (a file's ``tolerance:`` and ``--tolerance``): 50 pp or
#: more would make 約40% say nothing.
MAX_TOLERANCE_PP = 50.0



@dataclass(frozen=True)
class Period:
    """The span a figure covers (``period:``), as written: ``2024-01..2024-09`` (January to September:
    year to date), ``2023..2025`` (cumulative over three years), ``2024`` (the full year).
    ``start`` and ``end`` are YYYY or YYYY-MM; a bare year means its January (start) or December (end)."""

    text: str
    start: str
    end: str

    @property
    def first_year(self) -> int:
        return int(self.start[:4])

    @property
    def last_year(self) -> int:
        return int(self.end[:4])

    @property
    def first_month(self) -> int:
        return int(self.start[5:7]) if len(self.start) >= 7 else 1

    @property
    def last_month(self) -> int:
        return int(self.end[5:7]) if len(self.end) >= 7 else 12

    @property
    def months(self) -> int:
        """Months covered, both ends included: 2024-01..2024-09 is 9, 2023..2025 is 36."""
        return (self.last_year - self.first_year) * 12 + self.last_month - self.first_month + 1

    @property
    def full_year(self) -> bool:
        """Exactly one calendar year (2024, 2024-01..2024-12)."""
        return self.first_year == self.last_year and self.first_month == 1 and self.last_month == 12

    @property
    def partial_year(self) -> bool:
        """Part of one year (2024-01..2024-09, year to date): never stands in for a full year."""
        return self.first_year == self.last_year and not self.full_year

    @property
    def year_to_date(self) -> bool:
        """From January to a month before December of one year (前三季度: 2024-01..2024-09)."""
        return self.partial_year and self.first_month == 1

    @property
    def cumulative(self) -> bool:
        """Over more than one year (累计2023—2025: 2023..2025): a sum over the years, not an annual figure."""
        return self.last_year > self.first_year


#: Dimensions the chain's products must have, whatever a file says.
BUILTIN_DIMENSIONS = {
    "polysilicon": "mass",
    "industrial_silicon": "mass",
    "green_hydrogen": "mass",
    "monocrystalline_silicon": "power",
    "wafers": "power",
    "cells": "power",
    "modules": "power",
    "energy_storage": "energy",
}
MEASURE_DIMENSIONS = {
    "output_value": "currency",
    "count": "count",
    "ratio": "dimensionless",
    "growth": "dimensionless",
}


@dataclass(frozen=True)
class Region:
    id: str
    name: str
    name_en: str
    document: str = ""
    title: str = ""
    issued: str = ""
    target_year: Optional[int] = None
    source: str = ""
    country: str = ""
    source_file: Optional[str] = None
    parent: Optional[str] = None  # the region this one lies inside (a city in its province): compare shows it as a part
    compiled: str = ""  # set when the file is compiled from excerpts of several texts: says so
    place: str = ""  # the place the document is about (default: the id): one place's documents are added once

    @property
    def where(self) -> str:
        """The place this document is about: ``place``, else the region id (what ``parent`` names)."""
        return self.place or self.id


@dataclass(frozen=True)
class Threshold:
    figure: Figure
    comparator: str
    kind: str
    text: str = ""
    warn_within: Optional[float] = None  # percentage points
    loc: Optional[Location] = None
    tolerance: Optional[float] = None  # percentage points, for comparator ``about``
    #: goal | aspiration | forecast | status (STANCES): the threshold's own ``stance:``, else its target's.
    stance: str = "goal"
    #: The national basis (capacity | production | installed) and scope (national, listed_firms…) this
    #: claim's denominator must have: the threshold's own ``basis:``/``scope:``, else its target's; None:
    #: the run's default (--basis / --scope). 产量占全国20% is ``basis: production`` on that claim only.
    basis: Optional[str] = None
    scope: Optional[str] = None
    #: A share of a LOCAL total instead of the national one (``of:``): the id of a target in the same file
    #: whose figure is the denominator; with ``of_observed`` its latest observation is (新能源装机占比超过50%:
    #: new-energy capacity over the region's own total installed capacity). None: a share of ``national``.
    of: Optional[str] = None
    of_observed: bool = False

    @property
    def value(self) -> float:
        """The threshold as a fraction (40% → 0.4)."""
        return self.figure.value


@dataclass(frozen=True)
class Observation:
    date: str
    figure: Figure
    source: str = ""
    url: str = ""
    note: str = ""
    loc: Optional[Location] = None
    #: The span the figure covers (前三季度: 2024-01..2024-09); None: a level at ``date`` (a stock or an
    #: annual capacity). A partial-year observation never stands in for a full year.
    period: Optional[Period] = None


@dataclass(frozen=True)
class Addition:
    """A figure the document states as an addition (新增, 新建) on a base: compared as base + addition."""

    added: Figure  # the addition as written (21萬噸)
    base: Figure  # the stock it adds to (34萬噸), stated or observed
    base_year: Optional[int] = None
    source: str = ""  # where the base comes from
    url: str = ""
    observed: bool = False  # the base is the target's latest observation up to base_year
    loc: Optional[Location] = None


@dataclass(frozen=True)
class Growth:
    """A figure the document states as growth on a base (增长30%, 增长一倍, 翻一番): compared as the level
    base × (1 + rate). 增长一倍 and 翻一番 are a rate of 100% (the level doubles), 翻两番 300% (×4)."""

    rate: Figure  # the growth as written (30%, 一倍, 翻一番), dimensionless
    base: Figure  # the level it grows from, stated or observed
    base_year: Optional[int] = None
    source: str = ""  # where the base comes from
    url: str = ""
    observed: bool = False  # the base is the target's latest observation up to base_year
    loc: Optional[Location] = None


def _slot_init(cls: type) -> type:
    """Give the frozen slots dataclass ``cls`` an ``__init__`` with the same parameters and defaults as the
    one dataclass wrote, which sets each slot through its descriptor instead of ``object.__setattr__`` (a
    frozen class refuses ``self.x = …``): the generic look-up per field made a Target (31 fields) a
    quarter of the instructions of typing one (``load``); this one takes a third fewer. The record is the
    same (fields, equality, hash, repr, frozen). Like dataclass, the source is written from the class's
    own field names, by the first record made: compiling it (3M instructions, ~1 ms) is nothing a run
    that reads its records from the cache (``codec`` fills the slots itself) needs."""

    def __init__(self, *args, **kwargs):  # noqa: ANN001, ANN002, ANN003 - replaced by the first call
        _write_slot_init(cls)
        cls.__init__(self, *args, **kwargs)  # type: ignore[misc]

    cls.__init__ = __init__  # type: ignore[misc]
    return cls


def _write_slot_init(cls: type) -> None:
    import dataclasses

    fields = dataclasses.fields(cls)
    assert not hasattr(cls, "__post_init__") and all(
        f.init and f.default_factory is dataclasses.MISSING for f in fields), "only plain fields are written out"
    scope: dict = {}
    params = []
    for i, f in enumerate(fields):
        scope[f"_set{i}"] = vars(cls)[f.name].__set__
        if f.default is dataclasses.MISSING:
            params.append(f.name)
        else:
            scope[f"_default{i}"] = f.default
            params.append(f"{f.name}=_default{i}")
    lines = [f"def __init__(self, {', '.join(params)}):"] + [f"    _set{i}(self, {f.name})" for i, f in enumerate(fields)]
    exec("\n".join(lines), scope)  # noqa: S102 - the class's own field names, as dataclass does
    init = scope["__init__"]
    init.__qualname__ = f"{cls.__qualname__}.__init__"
    init.__module__ = cls.__module__
    cls.__init__ = init  # type: ignore[misc]


#: slots: a Target has more fields (32) than CPython shares one dict layout for (30), so each target
#: carried a dict of its own (1.5 kB, against 0.3 kB in slots): 130 MB of 100,000 targets.
@_slot_init
@dataclass(frozen=True, slots=True)
class Target:
    id: str
    name: str
    name_en: str
    figure: Optional[Figure]  # None: a share claim with no local figure (the result is the figure it needs)
    comparator: str
    measure: str
    section: str  # "" when the source gives no numbering
    clause: Optional[int | str] = None  # a number, or the label as the text writes it: (三), 一、, 第十二條
    dimension: Optional[str] = None
    national: Optional[str] = None
    threshold: Optional[Threshold] = None
    lead: tuple[str, ...] = ()
    text: str = ""
    observed: tuple[Observation, ...] = ()
    region: str = ""
    loc: Optional[Location] = None
    overridden: Optional[str] = None  # the override that set the figure, if any
    stated: Optional[Figure] = None  # the document's own figure, kept when an override changes ``figure``
    year: Optional[int] = None  # the year this target is for, when not the document's target year
    addition: Optional[Addition] = None  # ``figure`` is base + addition; the addition as written is here
    source: str = ""  # provenance, for files compiled from several texts
    url: str = ""
    published: str = ""
    #: goal | aspiration | forecast | status (STANCES; ``stance:``, default goal). A status figure
    #: (已形成, 具备, 截至目前) is what exists: share and supply results, never a progress verdict.
    stance: str = "goal"
    #: For ``comparator: about``: percentage points of the achievement ratio (local / stated figure) either
    #: side of 100% that still count as about right (2200万千瓦左右, tolerance 2.5: 2145万..2255万千瓦).
    #: None: --tolerance, else DEFAULT_TOLERANCE_PP.
    tolerance: Optional[float] = None
    #: The national basis and scope for this target's claims (its threshold inherits them); None: the run's.
    basis: Optional[str] = None
    scope: Optional[str] = None
    #: The span the figure covers (累计2023—2025: 2023..2025, cumulative); None: a level in ``year``.
    #: Without ``year:``, the period's last year is the target's year.
    period: Optional[Period] = None
    #: True when the text gives no year (``year: none``, 全部建成后): the target never takes the file's
    #: target_year; ``year`` is then None and the target has no year-bound verdict.
    no_year: bool = False
    #: Days a year used to convert a figure written per day or per hour (每天700吨) to an annual one; the
    #: figure's low/high are then annual and ``figure.per`` says how it was written.
    days_per_year: Optional[float] = None
    growth: Optional[Growth] = None  # ``figure`` is base × (1 + rate); the rate as written is here


@dataclass(frozen=True)
class Project:
    id: str
    name: str
    product: str
    state: str
    section: str
    clause: Optional[int | str] = None
    figure: Optional[Figure] = None  # the capacity (what ``feeds`` adds to its target); may be a pair
    feeds: Optional[str] = None
    text: str = ""
    region: str = ""
    loc: Optional[Location] = None
    investment: Optional[Figure] = None  # 投资60亿元, as written (a currency figure)
    output_value: Optional[Figure] = None  # 产值200亿元, as written (a currency figure)
    source: str = ""  # the project's own provenance (a project announced on another page)
    url: str = ""
    published: str = ""


@dataclass(frozen=True)
class Rollup:
    id: str
    total: str
    parts: tuple[str, ...]
    region: str = ""
    loc: Optional[Location] = None


@dataclass(frozen=True)
class Link:
    """Local supply of one target against local need. The need is another target (``demand``), a
    target's latest observation (``demand_observed``) or a figure the text states (``demand_figure``)."""

    supply: str
    demand: Optional[str]
    factor: Optional[str] = None
    loc: Optional[Location] = None
    demand_observed: Optional[str] = None
    demand_figure: Optional[Figure] = None
    demand_name: str = ""
    demand_source: str = ""
    demand_url: str = ""

    @property
    def demand_stated(self) -> bool:
        """False when the text states no demand: the result is the largest demand the supply covers."""
        return bool(self.demand or self.demand_observed or self.demand_figure is not None)


@dataclass(frozen=True)
class Chain:
    target: Optional[str]
    links: tuple[Link, ...]
    loc: Optional[Location] = None
    id: str = ""
    name: str = ""


@dataclass(frozen=True)
class ProjectState:
    state: str
    p_complete: float
    note: str = ""
    loc: Optional[Location] = None


@dataclass(frozen=True)
class Section:
    section: str
    title: str
    title_en: str = ""


@dataclass(frozen=True)
class TargetFile:
    """One region's document as data."""

    path: str
    region: Region
    sections: tuple[Section, ...]
    targets: tuple[Target, ...]
    projects: tuple[Project, ...]
    rollups: tuple[Rollup, ...]
    chain: Optional[Chain]  # the first chain (the old single ``chain:`` key)
    project_states: tuple[ProjectState, ...]
    chains: tuple[Chain, ...] = ()  # every chain, ``chain`` first
    quantities: tuple["NationalQuantity", ...] = ()  # quantities the file declares (added to the national data)

    def all_chains(self) -> tuple[Chain, ...]:
        return self.chains or ((self.chain,) if self.chain else ())

    def target(self, target_id: str) -> Target:
        for t in self.targets:
            if t.id == target_id:
                return t
        raise KeyError(target_id)

    def target_ids(self) -> list[str]:
        return [t.id for t in self.targets]

    def projects_feeding(self, target_id: str) -> list[Project]:
        return [p for p in self.projects if p.feeds == target_id]

    def with_targets(self, targets: tuple[Target, ...]) -> "TargetFile":
        return replace(self, targets=targets)


def published_by(published_on: str) -> Optional[date]:
    """The latest day a ``published_on`` date allows: the day itself for ``YYYY-MM-DD``, the month's last
    day for ``YYYY-MM`` (published some time that month, so surely by its end); None when empty. A figure
    was known by a date D when ``published_by <= D``: a month-only date counts as known only from the
    end of its month, so a figure is never taken as known before it surely was."""
    if not published_on:
        return None
    parts = [int(p) for p in published_on.split("-")]
    if len(parts) == 3:
        return date(parts[0], parts[1], parts[2])
    import calendar

    return date(parts[0], parts[1], calendar.monthrange(parts[0], parts[1])[1])


@dataclass(frozen=True)
class NationalFigure:
    quantity: str
    year: int
    basis: str
    value: Figure
    period: str = ""
    published: str = ""
    source: str = ""
    title: str = ""
    url: str = ""
    note: str = ""
    preferred: bool = False
    derived: bool = False
    uncertain: bool = False
    estimate: bool = False
    scope: str = "national"  # national | listed_firms | top_firms | sample | region …: only national is a denominator
    loc: Optional[Location] = None
    overridden: Optional[str] = None
    file: str = ""  # the file the figure came from (layered national data)
    #: When the source published it: "YYYY-MM-DD", or "YYYY-MM" when only the month is known; "" when
    #: no date could be established (see ``published_by``).
    published_on: str = ""
    #: The figure could not be found in its cited page and has no second source; ``why`` says what was
    #: looked at. Never a default denominator.
    unverified: bool = False
    why: str = ""
    #: The operating basis its source states for a capacity figure (SMM: "based on 300 days"): None when the
    #: source states none (nameplate). A nameplate claim is never held against a figure on another basis.
    operating_days: Optional[int] = None

    @property
    def additions(self) -> bool:
        """Added within one year (``period: 2024 additions``), not a stock at a date."""
        return self.period.strip().endswith(" additions")

    @property
    def published_by(self) -> Optional[date]:
        """The latest day on which the figure had surely been published (see ``published_by``)."""
        return published_by(self.published_on)

    @property
    def weak_source(self) -> bool:
        """No named organisation with an address: an unnamed source, commentary, or a low-authority page;
        or a figure not found in its cited page (``unverified``)."""
        src = self.source.strip().lower()
        return (self.uncertain or self.unverified or not self.url.strip() and not self.derived
                or src.startswith(("not named", "commentary", "industry report")))

    def label(self) -> str:
        parts = [self.period or str(self.year), self.basis]
        if self.source:
            parts.append(self.source)
        return ", ".join(parts)


@dataclass(frozen=True)
class NationalQuantity:
    id: str
    name: str
    name_en: str
    dimension: Optional[str]
    figures: tuple[NationalFigure, ...]
    proxy_note: Optional[str] = None
    loc: Optional[Location] = None


@dataclass(frozen=True)
class FactorSource:
    source: str
    value: Optional[Figure] = None
    year: Optional[int] = None
    url: str = ""
    note: str = ""
    published_on: str = ""  # as NationalFigure.published_on

    @property
    def published_by(self) -> Optional[date]:
        return published_by(self.published_on)


@dataclass(frozen=True)
class Factor:
    id: str
    name_en: str
    value: Figure
    low: Optional[Figure] = None
    high: Optional[Figure] = None
    year: Optional[int] = None
    derived: bool = False
    estimate: bool = False
    note: str = ""
    sources: tuple[FactorSource, ...] = ()
    loc: Optional[Location] = None
    overridden: Optional[str] = None
    #: A physical limit (1 t of polysilicon needs at least 1.02 t of industrial silicon), documented beside
    #: the range and never an end of it: low..high are figures a plant or the industry has reported.
    physical_bound: Optional[Figure] = None


@dataclass(frozen=True)
class NationalFile:
    path: str
    country: str
    quantities: tuple[NationalQuantity, ...]
    factors: tuple[Factor, ...]

    def quantity(self, qid: str) -> NationalQuantity:
        for q in self.quantities:
            if q.id == qid:
                return q
        raise KeyError(qid)

    def factor(self, fid: str) -> Factor:
        for f in self.factors:
            if f.id == fid:
                return f
        raise KeyError(fid)


@dataclass(frozen=True)
class Dataset:
    """Everything a computation needs: one or more regions' targets and the national file."""

    regions: tuple[TargetFile, ...]
    national: NationalFile
    scenario: tuple[str, ...] = field(default_factory=tuple)  # descriptions of applied overrides

    @property
    def primary(self) -> TargetFile:
        return self.regions[0]
