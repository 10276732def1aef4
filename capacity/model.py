"""Typed records for the data files. Every record keeps where it was defined (file:line)."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Optional

from capacity.errors import Location
from capacity.units import Figure

COMPARATORS = ("reach", "at_least", "at_most", "range")
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
    stance: str = "goal"  # goal | aspiration | forecast | status (what the text says the figure is)
    addition: Optional[Addition] = None  # ``figure`` is base + addition; the addition as written is here
    source: str = ""  # provenance, for files compiled from several texts
    url: str = ""
    published: str = ""


@dataclass(frozen=True)
class Project:
    id: str
    name: str
    product: str
    state: str
    section: str
    clause: Optional[int | str] = None
    figure: Optional[Figure] = None
    feeds: Optional[str] = None
    text: str = ""
    region: str = ""
    loc: Optional[Location] = None


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

    @property
    def weak_source(self) -> bool:
        """No named organisation with an address: an unnamed source, commentary, or a low-authority page."""
        src = self.source.strip().lower()
        return (self.uncertain or not self.url.strip() and not self.derived
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
