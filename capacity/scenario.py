"""Scenario: overrides applied to a copy of the dataset. Nothing here touches a file on disk
except ``save_scenario``, which writes a scenario file atomically.

Order: scenario files in the order given, then the command line's own overrides; within each,
in the order written. A later override of the same thing wins.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Iterable, Optional

from capacity.messages import Msg
from capacity import yamlio
from capacity.errors import InputError, InputErrors, Location, QuantityError
from capacity.load import Reader, did_you_mean
from capacity.model import Dataset, NationalFigure, Project, Target
from capacity.units import DIMENSIONS, Figure, conversion_factor, parse_figure, shorten
from capacity.yamlio import YScalar


@dataclass(frozen=True)
class Override:
    kind: str  # set | national | factor | drop_project
    key: str  # id (or project name)
    value: Optional[str]  # the quantity as written; None for drop_project
    origin: str  # "--set polysilicon=80萬噸" or "file.yaml:4"
    loc: Optional[Location] = None

    def describe(self) -> str:
        flag = self.kind.replace("_", "-")
        arg = self.key if self.value is None else f"{self.key}={self.value}"
        return f"--{flag} {arg}" + ("" if self.origin.startswith("--") else f" ({self.origin})")

    @property
    def where(self) -> str:
        """Message prefix: the command-line flag, or nothing when the error carries file:line already."""
        return "" if self.loc is not None else f"{self.origin}: "


@dataclass
class Overrides:
    items: list[Override] = field(default_factory=list)
    names: list[str] = field(default_factory=list)  # scenario names, for the report header

    def __bool__(self) -> bool:
        return bool(self.items)

    def extend(self, other: "Overrides") -> None:
        self.items.extend(other.items)
        self.names.extend(other.names)


def parse_assignment(kind: str, text: str) -> Override:
    """``polysilicon=217.5萬噸`` → Override; the figure itself is checked when applied."""
    flag = "--" + kind.replace("_", "-")
    shown = shorten(text)
    if kind == "drop_project":
        if not text.strip():
            raise InputError(f"{flag} needs a project name", value=text, expected="a name as written, e.g. 通威三期")
        return Override(kind, text.strip(), None, f"{flag} {shown}")
    if "=" not in text:
        raise InputError(f"{flag} '{shown}' has no '='", value=shown, expected=f"{flag} ID=QUANTITY, e.g. {flag} "
                         + {"set": "polysilicon=80萬噸", "national": "polysilicon=330萬噸",
                            "factor": "polysilicon_per_watt=2.4 g/W"}[kind])
    key, _, value = text.partition("=")
    key, value = key.strip(), value.strip()
    if not key or not value:
        raise InputError(f"{flag} '{shown}' needs both an id and a quantity", value=shown,
                         expected=f"{flag} ID=QUANTITY")
    return Override(kind, key, value, f"{flag} {shown}")


def from_cli(set_: Iterable[str] = (), national: Iterable[str] = (), factor: Iterable[str] = (),
             drop_project: Iterable[str] = ()) -> Overrides:
    out = Overrides()
    # Drops first: `--drop-project 通威三期 --set polysilicon=80萬噸` means the figure set is the figure.
    for kind, values in (("drop_project", drop_project), ("set", set_), ("national", national), ("factor", factor)):
        for v in values or ():
            out.items.append(parse_assignment(kind, v))
    return out


SCENARIO_KEYS = ["name", "description", "set", "national", "factor", "drop_project"]


def read_scenario(path: str | os.PathLike) -> Overrides:
    """Read a scenario file (validated like data: file:line on every error)."""
    name = str(path)
    node = yamlio.load(path, name)
    r = Reader(name)
    root = r.mapping(node, "a scenario file")
    if root is None:
        r.raise_if_errors()
    assert root is not None
    r.keys(root, SCENARIO_KEYS, "a scenario file")
    out = Overrides()
    sname = r.str(root, "name", "a scenario file")
    out.names.append(sname or Path(name).stem)
    for kind in ("set", "national", "factor"):
        node_k = root.items.get(kind)
        if node_k is None or (isinstance(node_k, YScalar) and node_k.value is None):
            continue
        m = r.mapping(node_k, f"'{kind}' of a scenario file")
        if m is None:
            continue
        for key in m:
            v = m.items[key]
            if not isinstance(v, YScalar) or v.value is None:
                r.error(f"'{kind}.{key}' must be a quantity", v.loc, expected="a figure such as 80萬噸")
                continue
            out.items.append(Override(kind, key, v.value, f"{name}:{v.loc.line}", v.loc))
    for item in r.seq(root.items.get("drop_project"), "drop_project"):
        if isinstance(item, YScalar) and item.value:
            out.items.append(Override("drop_project", item.value, None, f"{name}:{item.loc.line}", item.loc))
        else:
            r.error("drop_project must list project names", item.loc, expected="- 通威三期")
    r.raise_if_errors()
    return out


def _figure(o: Override, dimension: Optional[str], what: str, allow_bound: bool = False) -> Figure:
    assert o.value is not None
    try:
        fig = parse_figure(o.value, allow_bound=allow_bound, allow_range=False)
    except QuantityError as exc:
        raise exc.at(o.loc, prefix=o.where) from None
    if dimension is not None and fig.dimension != dimension:
        if dimension in DIMENSIONS:
            raise InputError(f"{o.where}'{o.value}' is {fig.dimension or 'dimensionless'} but {what} is {dimension}",
                             location=o.loc, value=o.value, expected=f"a {dimension} figure")
        raise InputError(f"{o.where}'{o.value}' does not convert to the units of {what}", location=o.loc,
                         value=o.value, expected=f"a figure in units of the same dimension as {what}")
    return replace(fig, text=o.value)


def _find_target(ds: Dataset, key: str, o: Override) -> tuple[int, int]:
    region, _, tid = key.rpartition(":") if ":" in key else ("", "", key)
    matches = []
    for ri, tf in enumerate(ds.regions):
        if region and tf.region.id != region:
            continue
        for ti, t in enumerate(tf.targets):
            if t.id == tid:
                matches.append((ri, ti))
    if not matches:
        ids = [t.id for tf in ds.regions for t in tf.targets]
        raise InputError(f"{o.where}unknown target id '{key}'", location=o.loc, value=key,
                         expected="a target id (see `capacity targets`)", hint=did_you_mean(tid, ids))
    if len(matches) > 1:
        raise InputError(f"{o.where}target id '{key}' is in several regions", location=o.loc, value=key,
                         expected="REGION:ID, e.g. " + ", ".join(f"{ds.regions[ri].region.id}:{tid}" for ri, _ in matches))
    return matches[0]


def _replace_target(ds: Dataset, ri: int, ti: int, target: Target) -> Dataset:
    tf = ds.regions[ri]
    targets = list(tf.targets)
    targets[ti] = target
    regions = list(ds.regions)
    regions[ri] = tf.with_targets(tuple(targets))
    return replace(ds, regions=tuple(regions))


def _matches(p: Project, name: str) -> bool:
    """A project answers to its id, its name as written, name + product (旭陽切片), or its company:
    a name that starts the project's name (通威 matches 通威 and 通威三期)."""
    from capacity.script import fold  # simplified and traditional alike: 通威三期 ~ 通威三期, 旭阳 ~ 旭陽

    n, pname = fold(name), fold(p.name)
    return p.id == name or pname == n or pname + fold(p.product) == n or pname.startswith(n)


def _drop(ds: Dataset, o: Override, gone: Optional[dict] = None) -> tuple[Dataset, str]:
    name = o.key
    gone = {} if gone is None else gone
    hits: list[tuple[int, Project]] = []
    for ri, tf in enumerate(ds.regions):
        for p in tf.projects:
            if _matches(p, name):
                hits.append((ri, p))
    if not hits and any(_matches(p, name) for p in gone.values()):
        return ds, "already dropped"
    if not hits:
        names = sorted({p.name for tf in ds.regions for p in tf.projects} | {p.id for tf in ds.regions for p in tf.projects})
        raise InputError(f"{o.where}no project named '{name}'", location=o.loc, value=name,
                         expected="a project name as written in the document (see `capacity targets --projects`)",
                         hint=did_you_mean(name, names))
    effects = []
    for ri, p in hits:
        gone[p.id] = p
        tf = ds.regions[ri]
        if p.feeds and p.figure is not None:
            ti = next(i for i, t in enumerate(tf.targets) if t.id == p.feeds)
            t = tf.targets[ti]
            k = conversion_factor(p.figure.unit, _unit_text(t.figure))
            drop = p.figure.value * k
            fig = replace(t.figure, text=f"{t.figure.text} − {p.figure.text}",
                          low=max(0.0, t.figure.low - drop), high=max(0.0, t.figure.high - drop))
            ds = _replace_target(ds, ri, ti, replace(t, figure=fig, overridden=(t.overridden or "") + o.describe(),
                                                     stated=t.stated or t.figure))
            effects.append(Msg("drop.out_of", project=f"{p.name} {p.product}", value=p.figure.text, target=t.id))
        else:
            effects.append(Msg("drop.feeds_none", project=f"{p.name} {p.product}"))
        tf = ds.regions[ri]
        regions = list(ds.regions)
        regions[ri] = replace(tf, projects=tuple(x for x in tf.projects if x.id != p.id))
        ds = replace(ds, regions=tuple(regions))
    return ds, Msg("list", items=effects)


def _unit_text(fig: Figure) -> str:
    """A unit string for a figure's unit without its scale (``噸`` for ``87萬噸``)."""
    return fig.unit.base_text if fig.unit.base_text != "%" else ""


def apply_overrides(ds: Dataset, overrides: Optional[Overrides]) -> Dataset:
    """A copy of ``ds`` with the overrides applied in order. Raises InputError naming the id."""
    if not overrides:
        return ds
    descriptions = list(ds.scenario)
    errors: list[InputError] = []
    gone: dict[str, Project] = {}  # projects dropped so far: dropping one again is a no-op
    for o in overrides.items:
        try:
            if o.kind == "set":
                ri, ti = _find_target(ds, o.key, o)
                t = ds.regions[ri].targets[ti]
                if t.figure is None:  # a share claim with no local figure: --set gives it one
                    dim = t.dimension or (ds.national.quantity(t.national).dimension if t.national else None)
                    fig = _figure(o, dim, f"target '{t.id}'")
                else:
                    fig = _figure(o, t.figure.dimension, f"target '{t.id}' ({t.figure.text})")
                ds = _replace_target(ds, ri, ti, replace(t, figure=fig, overridden=o.describe(),
                                                         stated=t.stated or t.figure))
                descriptions.append(o.describe())
            elif o.kind == "national":
                nat = ds.national
                qids = [q.id for q in nat.quantities]
                if o.key not in qids:
                    raise InputError(f"{o.where}unknown national quantity '{o.key}'", location=o.loc, value=o.key,
                                     expected="a quantity id (see `capacity sources`)", hint=did_you_mean(o.key, qids))
                q = nat.quantity(o.key)
                fig = _figure(o, q.dimension, f"national quantity '{q.id}'", allow_bound=True)
                if fig.bound != "at_least" and fig.value == 0:
                    raise InputError(f"{o.where}a national total of zero ('{o.value}')", location=o.loc, value=o.value,
                                     expected="a total above zero (a share of zero is undefined)")
                from capacity.claims.denominators import select_national

                default = select_national(q, up_to=ds.primary.region.target_year).figure
                year = default.year if default else max((f.year for f in q.figures), default=0)
                nf = NationalFigure(quantity=q.id, year=year, basis="capacity", value=fig, period="scenario",
                                    published=o.value or "", source=f"override {o.describe()}", overridden=o.describe(),
                                    loc=o.loc)
                figures = tuple(f for f in q.figures if not f.overridden) + (nf,)
                quantities = tuple(replace(x, figures=figures) if x.id == q.id else x for x in nat.quantities)
                ds = replace(ds, national=replace(nat, quantities=quantities))
                descriptions.append(o.describe())
            elif o.kind == "factor":
                nat = ds.national
                fids = [f.id for f in nat.factors]
                if o.key not in fids:
                    raise InputError(f"{o.where}unknown factor '{o.key}'", location=o.loc, value=o.key,
                                     expected="a factor id (see `capacity sources`)", hint=did_you_mean(o.key, fids))
                f = nat.factor(o.key)
                fig = _figure(o, f.value.dimension, f"factor '{f.id}' ({f.value.text})")
                if fig.value == 0:
                    raise InputError(f"{o.where}factor '{f.id}' is zero ('{o.value}')", location=o.loc, value=o.value,
                                     expected="a factor above zero")
                factors = tuple(replace(x, value=fig, overridden=o.describe()) if x.id == f.id else x for x in nat.factors)
                ds = replace(ds, national=replace(nat, factors=factors))
                descriptions.append(o.describe())
            elif o.kind == "drop_project":
                ds, effect = _drop(ds, o, gone)
                descriptions.append(Msg("drop.described", option=o.describe(), effect=effect))
        except InputError as exc:
            errors.append(exc)
    if errors:
        raise errors[0] if len(errors) == 1 else InputErrors(errors)
    return replace(ds, scenario=tuple(descriptions))


def _yaml_str(s: str) -> str:
    return json.dumps(s, ensure_ascii=False)


def scenario_yaml(overrides: Overrides, name: str = "scenario", description: str = "") -> str:
    lines = [f"name: {_yaml_str(name)}"]
    if description:
        lines.append(f"description: {_yaml_str(description)}")
    for kind in ("set", "national", "factor"):
        items = [o for o in overrides.items if o.kind == kind]
        if items:
            lines.append(f"{kind}:")
            lines.extend(f"  {_yaml_str(o.key)}: {_yaml_str(o.value or '')}" for o in items)
    drops = [o for o in overrides.items if o.kind == "drop_project"]
    if drops:
        lines.append("drop_project:")
        lines.extend(f"  - {_yaml_str(o.key)}" for o in drops)
    return "\n".join(lines) + "\n"


def save_scenario(path: str | os.PathLike, overrides: Overrides, name: Optional[str] = None,
                  inputs: Iterable[str | os.PathLike] = ()) -> None:
    from capacity.outputs import write_output

    write_output(path, scenario_yaml(overrides, name or Path(path).stem), inputs, what="scenario file")
