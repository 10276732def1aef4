"""Load: strict YAML to typed records, with file:line on every error.

``load_dataset()`` with no arguments reads the bundled ``data/`` (shipped inside the installed
package), so the tool works from any folder after a plain ``pip install .``.
"""

from __future__ import annotations

import difflib
import math
import re
from dataclasses import replace
from pathlib import Path
from typing import Any, Iterable, Optional

from capacity.messages import Msg
from capacity import yamlio
from capacity.bundled import bundled_display, bundled_path  # noqa: F401 (re-exported)
from capacity.errors import MAX_KEPT, InputError, InputErrors, Location, QuantityError
from capacity.nogc import without_gc as _without_gc  # noqa: F401 - shared with evaluate
from capacity.model import (
    BASES, BUILTIN_DIMENSIONS, COMPARATORS, MEASURE_DIMENSIONS, MEASURES, STANCES, THRESHOLD_COMPARATORS,
    THRESHOLD_KINDS, Addition, Chain, Dataset, Factor, FactorSource, Growth, Link, NationalFigure, NationalFile,
    NationalQuantity, Observation, Period, Project, ProjectState, Region, Rollup, Section, Target, TargetFile,
    Threshold,
)
from capacity.units import DIMENSIONS, Figure, format_number, parse_figure, shorten
from capacity.yamlio import YMap, YNode, YScalar, YSeq

ID_RE = re.compile(r"^[a-z][a-z0-9_]*$")
_WHOLE = re.compile(r"\d{1,9}")
_NUMERIC = re.compile(r"[0-9+-.]+")
DATE_RE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")
#: The largest threshold of each kind: a share of the national total is at most 100%; a local supply
#: ratio may ask for more than the need, but not for more than ten times it.
MAX_THRESHOLD = {"share": 1.0, "supply": 10.0}
#: An approximate claim's tolerance (約40%), in percentage points, in a file or on the command line, is
#: below this bound: at 50 pp or more "about X%" covers half of all the shares a region can hold, and
#: says nothing (tolerance: 100 made 約100% ABOUT at a 1% share). Ordinary tolerances are 2.5 to 5 pp.
from capacity.model import MAX_TOLERANCE_PP  # noqa: E402,F401 - the loader's bound, defined with the model


def valid_date(text: str) -> bool:
    """YYYY, YYYY-MM or YYYY-MM-DD, a real calendar date from 1900 to 2200 (2024-13 is refused)."""
    import datetime

    m = DATE_RE.match(text)
    if not m or not 1900 <= int(m[1]) <= 2200:
        return False
    try:
        datetime.date(int(m[1]), int(m[2] or 1), int(m[3] or 1))
    except ValueError:
        return False
    return True
SECTIONS = ("preamble", "一", "二", "三", "四", "五", "六", "七", "八", "九", "十")
#: Section labels as texts number them: 第四章, 第二部分, (三), （三）, 一、. A bare number (3, 八十)
#: is not a section label (it is refused).
LABEL_RE = re.compile(r"^(?:第.{1,8}[章節节部分篇條条款]|[（(][^()（）]{1,6}[)）]|[^、\s]{1,6}、)$")
SCHEMA_VERSION = "1"
#: Words that make a threshold approximate when its comparator is not written (約40%, 40%左右, 近40%),
#: unless the text also bounds it (以上, 超過, 不低於: then it is at_least, strict).
APPROX_RE = re.compile(r"約|约|左右|接近|近\s*[0-9０-９]|力爭|力争")
STRICT_RE = re.compile(r"以上|超過|超过|不低於|不低于|不少於|不少于")


def closest(word: str, choices: Iterable[str], n: int = 3) -> list[str]:
    return difflib.get_close_matches(word, list(choices), n=n, cutoff=0.5)


#: a figure of each dimension, as an error's example (err.eg)
_EXAMPLES = {"mass": "87萬噸, 870000 t", "power": "253GW", "energy": "200萬千瓦時, 2000 MWh", "currency": "2000億元",
             "count": "38家", "dimensionless": "40%", "area": "8平方公里", "currency_usd": "5亿美元"}


def did_you_mean(word: str, choices: Iterable[str]) -> Optional[str]:
    near = closest(word, choices)
    return Msg("err.did_you_mean", names=", ".join(near)) if near else None


def _key_hint(word: str, allowed: list[str]) -> Optional[str]:
    """did-you-mean for a key: only the close ones (figur → figure, not url)."""
    near = difflib.get_close_matches(word, allowed, n=3, cutoff=0.6)
    return Msg("err.did_you_mean", names=", ".join(near)) if near else None


class Keys(tuple):
    """The keys a mapping may have, in the order an error lists them, with their set made once: ``Reader.keys``
    checks every record's keys against it (it built a list and a set of them for every record)."""

    known: frozenset

    def __new__(cls, *names: str) -> "Keys":
        self = super().__new__(cls, names)
        self.known = frozenset(names)
        return self


class Reader:
    """Reads typed fields from YMap nodes, collecting every error instead of stopping at one."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.errors: list[InputError] = []
        self.more = 0  # errors counted but not kept (MAX_KEPT)
        #: One string object per value of the words a file repeats on every record (reach, capacity,
        #: polysilicon, 二): YAML gives each occurrence a string of its own, kept by every record.
        self.same = {}.setdefault

    @property
    def full(self) -> bool:
        return len(self.errors) >= MAX_KEPT

    def error(self, message: str, loc: Optional[Location], **kw: Any) -> None:
        if self.full:
            self.more += 1
            return
        self.errors.append(InputError(message, location=loc, **kw))

    def mapping(self, node: Optional[YNode], what: str, loc: Optional[Location] = None) -> Optional[YMap]:
        if isinstance(node, YMap):
            return node
        where = node.loc if node is not None else loc
        self.error(Msg("err.must_be_mapping", what=what), where, expected=Msg("err.key_value_lines"))
        return None

    def seq(self, node: Optional[YNode], what: str) -> list[YNode]:
        if node is None:
            return []
        if isinstance(node, YScalar) and node.value is None:
            return []
        if isinstance(node, YSeq):
            return node.items
        self.error(Msg("err.must_be_list", what=what), node.loc, expected=Msg("err.expected_list"))
        return []

    def keys(self, m: YMap, allowed: Iterable[str], what: str) -> None:
        if m.items.keys() <= (allowed.known if type(allowed) is Keys else set(allowed)):  # type: ignore[attr-defined]
            return  # the usual case: every key known
        allowed = list(allowed)
        for key in m.items:
            if key not in allowed:
                if self.full:  # no closest-match search for the 500,000th unknown key
                    self.more += 1
                    continue
                self.error(Msg("err.unknown_key", key=shorten(key), what=what), m.key_loc(key), value=shorten(key),
                           expected=Msg("err.one_of", choices=", ".join(allowed)), hint=_key_hint(key, allowed))

    def raw(self, m: YMap, key: str) -> Optional[YNode]:
        return m.items.get(key)

    def str(self, m: YMap, key: str, what: str, required: bool = False, default: str = "") -> Optional[str]:
        node = m.items.get(key)
        if type(node) is YScalar and node.value is not None:  # the usual case: a value given
            return node.value
        if node is None or (isinstance(node, YScalar) and node.value is None):
            if required:
                self.error(Msg("err.has_no_key", what=what, key=key), m.loc, expected=Msg("err.key_line", key=key))
                return None
            return default
        if not isinstance(node, YScalar):
            self.error(Msg("err.single_value", key=key, what=what), node.loc, expected=Msg("err.a_string"))
            return None
        return node.value

    # The typed readers below take a value given as a plain scalar, and an optional key that is absent,
    # without going through ``str`` (what it would answer); every other case is ``str``'s.

    def id(self, m: YMap, key: str, what: str, required: bool = True) -> Optional[str]:
        node = m.items.get(key)
        if type(node) is YScalar and node.value is not None:
            value = node.value
        elif node is None and not required:
            return None
        else:
            value = self.str(m, key, what, required=required, default=None)  # type: ignore[arg-type]
            if value is None:
                return None
        if not ID_RE.match(value):
            self.error(f"'{value}' is not a valid id", m.items[key].loc, value=value,
                       expected="snake_case: lower-case letters, digits and _, starting with a letter")
            return None
        return value if key == "id" else self.same(value, value)

    def int(self, m: YMap, key: str, what: str, required: bool = False,
            lo: int = 0, hi: int = 10**6) -> Optional[int]:
        node = m.items.get(key)
        if type(node) is YScalar and node.value is not None:
            text = node.value
        elif node is None and not required:
            return None
        else:
            text = self.str(m, key, what, required=required, default=None)  # type: ignore[arg-type]
            if text is None:
                return None
        if not _WHOLE.fullmatch(text) or not lo <= int(text) <= hi:
            self.error(Msg("err.key_is", key=key, what=what, text=text), node.loc if node else m.loc, value=text,
                       expected=Msg("err.whole_number", lo=lo, hi=hi))
            return None
        return int(text)

    def bool(self, m: YMap, key: str, what: str) -> bool:
        node = m.items.get(key)
        text = self.str(m, key, what, default=None)  # type: ignore[arg-type]
        if text is None:
            return False
        if text in ("true", "false"):
            return text == "true"
        self.error(Msg("err.key_is", key=key, what=what, text=text), node.loc if node else m.loc, value=text,
                   expected=Msg("err.true_false"))
        return False

    def choice(self, m: YMap, key: str, what: str, choices: Iterable[str], required: bool = True,
               default: Optional[str] = None) -> Optional[str]:
        node = m.items.get(key)
        if type(node) is YScalar and node.value is not None:
            value = node.value
        elif node is None and not required:
            value = default
        else:
            value = self.str(m, key, what, required=required, default=default)  # type: ignore[arg-type]
        if value is None:
            return default if not required else None
        if type(choices) is not tuple and type(choices) is not dict:  # a dict: its keys, as list() gives them
            choices = list(choices)
        if value not in choices:
            self.error(Msg("err.key_is", key=key, what=what, text=value), m.items[key].loc, value=value,
                       expected=Msg("err.one_of", choices=", ".join(choices)), hint=did_you_mean(value, choices))
            return None
        return self.same(value, value)

    def figure(self, m: YMap, key: str, what: str, required: bool = True, dimension: Optional[str] = None,
               allow_bound: bool = True, allow_range: bool = True,
               days_per_year: Optional[float] = None) -> Optional[Figure]:
        node = m.items.get(key)
        if type(node) is YScalar and node.value is not None:
            text = node.value
        elif node is None and not required:
            return None
        else:
            text = self.str(m, key, what, required=required, default=None)  # type: ignore[arg-type]
            if text is None:
                return None
        try:
            fig = parse_figure(text, allow_bound=allow_bound, allow_range=allow_range, days_per_year=days_per_year)
        except QuantityError as exc:
            if self.full:
                self.more += 1
            else:
                self.errors.append(exc.at(node.loc if node else m.loc, prefix=Msg("err.what_prefix", what=what)))
            return None
        if dimension and fig.halves:  # a power/energy pair: the half of the wanted dimension is the value
            fig = fig.primary(dimension)
        if dimension and fig.dimension != dimension:
            loc = node.loc if node else m.loc
            self.error(Msg("err.figure_is", what=what, text=text, dimension=fig.dimension or "dimensionless"), loc,
                       value=text, expected=Msg("err.a_figure", dimension=dimension,
                                               example=Msg("err.eg", figures=_EXAMPLES[dimension])
                                               if dimension in _EXAMPLES else ""))
            return None
        return fig

    def strings(self, m: YMap, key: str, what: str) -> tuple[str, ...]:
        node = m.items.get(key)
        if node is None:
            return ()
        if isinstance(node, YScalar):
            return () if node.value is None else (node.value,)
        out = []
        for item in self.seq(node, Msg("what.key_of", key=key, what=what)):
            if isinstance(item, YScalar) and item.value is not None:
                out.append(item.value)
            else:
                self.error(f"'{key}' of {what} must list strings", item.loc)
        return tuple(out)

    def raise_if_errors(self) -> None:
        if len(self.errors) == 1 and not self.more:
            raise self.errors[0]
        if self.errors:
            raise InputErrors(self.errors, self.more)


def _root(node: YNode, r: Reader, kind: str) -> Optional[YMap]:
    root = r.mapping(node, f"a {kind} file")
    if root is None:
        return None
    version = r.str(root, "schema_version", kind + " file", default=SCHEMA_VERSION)
    if version is not None and version != SCHEMA_VERSION:
        r.error(f"schema_version is '{version}'", root.items["schema_version"].loc,
                expected=f"schema_version: {SCHEMA_VERSION}")
    return root


def read_node(path: str | Path, name: str) -> tuple[YNode, str]:
    """The located node tree of a data file: YAML, standard input (``-``, YAML), or a targets spreadsheet
    (.xlsx, .csv: capacity.tabular), with the name its errors give."""
    from capacity import stdin

    if stdin.is_stdin(path):
        return yamlio.parse(yamlio.decode(stdin.read_bytes(yamlio.MAX_BYTES), stdin.NAME), stdin.NAME), stdin.NAME
    if str(path).lower().endswith(TABULAR_SUFFIXES):
        from capacity import tabular

        return tabular.load(path, name), name
    return yamlio.load(path, name), name


#: Targets kept in a spreadsheet (capacity.tabular; docs/spreadsheets.md).
TABULAR_SUFFIXES = (".xlsx", ".csv")


def read_targets(path: str | Path, display: Optional[str] = None) -> TargetFile:
    node, name = read_node(path, display or str(path))
    return targets_from_node(node, name)


def targets_from_node(node: YNode, name: str) -> TargetFile:
    r = Reader(name)
    root = _root(node, r, "targets")
    if root is None:
        r.raise_if_errors()
    assert root is not None
    _not_a(root, "targets", {"quantities": "national", "set": "scenario", "national": "scenario"})
    r.keys(root, ["schema_version", "$schema", "region", "sections", "targets", "projects", "rollups",
                  "chain", "chains", "project_states", "quantities"], Msg("what.targets_file"))
    region = _region(r, root)
    rid = region.id if region else ""
    sections = tuple(_sections(r, root))
    labels = set(SECTIONS)
    declared_q = [q for q in (_quantity(r, n, name) for n in r.seq(root.items.get("quantities"), "quantities")) if q]
    for q in declared_q:
        if q.dimension is None:
            r.error(f"quantity '{q.id}' declared in a targets file has no dimension", q.loc,
                    expected="dimension: " + ", ".join(DIMENSIONS))
    targets = [t for t in (_target(r, n, rid, labels) for n in r.seq(root.items.get("targets"), "targets")) if t]
    if "targets" not in root.items:
        r.error(Msg("err.no_targets_list"), root.loc, expected=Msg("err.targets_list"))
    projects = [p for p in (_project(r, n, rid, labels) for n in r.seq(root.items.get("projects"), "projects")) if p]
    rollups = [x for x in (_rollup(r, n, rid) for n in r.seq(root.items.get("rollups"), "rollups")) if x]
    chain = _chain(r, root.items.get("chain")) if root.items.get("chain") is not None else None
    chains = ([chain] if chain else []) + [c for c in (_chain(r, n) for n in r.seq(root.items.get("chains"), "chains"))
                                          if c]
    states = [s for s in (_state(r, n) for n in r.seq(root.items.get("project_states"), "project_states")) if s]

    ids = _unique(r, [(t.id, t.loc) for t in targets], "target")
    tnode = root.items.get("targets")  # ids of targets refused above still count: no second error naming them
    declared = ids | {n.items["id"].value for n in (tnode.items if isinstance(tnode, YSeq) else [])
                      if isinstance(n, YMap) and isinstance(n.items.get("id"), YScalar)}
    _unique(r, [(p.id, p.loc) for p in projects], "project")
    _unique(r, [(x.id, x.loc) for x in rollups], "rollup")
    by_id = {t.id: t for t in targets}
    for t in targets:
        th = t.threshold
        if th and th.kind == "share" and not t.national and not th.of:
            r.error(f"target '{t.id}' has a share threshold but no 'national' quantity", th.loc,
                    expected="national: <id of a quantity in the national file>, or of: <target id> under threshold: "
                             "for a share of a local total")
        elif th and th.of and t.national:
            r.error(f"target '{t.id}' has a share of a local total (of: {th.of}) and a 'national' quantity", th.loc,
                    expected="one denominator: national: <quantity> (a share of the national total) or of: <target> "
                             "(a share of the region's own total)")
        elif th and th.of:
            key = "of_observed" if th.of_observed else "of"
            total = by_id.get(th.of)
            if th.of not in declared:
                r.error(f"target '{t.id}': {key} '{th.of}' is not a target", th.loc, value=th.of,
                        expected="the id of a target in this file", hint=did_you_mean(th.of, ids))
            elif th.of == t.id:
                r.error(f"target '{t.id}': {key} names the target itself", th.loc, value=th.of,
                        expected="the target stating the total the share is of")
            elif total is not None and th.of_observed and not total.observed:
                r.error(f"target '{t.id}': of_observed '{th.of}' has no observations", th.loc, value=th.of,
                        expected="a target with an 'observed:' list, or of: for its stated figure")
            elif total is not None and not th.of_observed and total.figure is None:
                r.error(f"target '{t.id}': of '{th.of}' has no figure", th.loc, value=th.of,
                        expected="a target with a figure, or of_observed: for its latest observation")
            elif total is not None:
                dim = t.figure.dimension if t.figure is not None else t.dimension
                tdim = total.observed[-1].figure.dimension if th.of_observed else total.figure.dimension  # type: ignore[union-attr]
                if dim and tdim and dim != tdim:
                    r.error(f"target '{t.id}' is {dim} but its total '{th.of}' is {tdim}", th.loc,
                            expected="a total of the same dimension (new-energy GW of total GW)")
    for i, p in enumerate(projects):
        tgt = by_id.get(p.feeds or "")
        if p.figure is not None and p.figure.halves and tgt is not None and tgt.figure is not None:
            p = projects[i] = replace(p, figure=p.figure.primary(tgt.figure.dimension))
        if p.feeds and p.feeds not in declared:
            r.error(f"project '{p.id}' feeds '{p.feeds}', which is not a target", p.loc,
                    value=p.feeds, expected="a target id", hint=did_you_mean(p.feeds, ids))
        elif p.feeds and p.figure:
            if tgt is not None and tgt.figure is not None and p.figure.dimension != tgt.figure.dimension:
                r.error(f"project '{p.id}' ({p.figure.text}) is {p.figure.dimension} but feeds "
                        f"'{tgt.id}' ({tgt.figure.text}, {tgt.figure.dimension})", p.loc,
                        expected="a figure of the target's dimension")
    for x in rollups:
        for ref in (x.total, *x.parts):
            if ref not in declared:
                r.error(f"rollup '{x.id}' names '{ref}', which is not a target", x.loc, value=ref,
                        expected="a target id", hint=did_you_mean(ref, ids))
    _unique(r, [(c.id, c.loc) for c in chains if c.id], "chain")
    for c in chains:
        if c.target and c.target not in declared:
            r.error(f"the chain's target '{c.target}' is not a target", c.loc,
                    hint=did_you_mean(c.target, ids))
        for link in c.links:
            for ref in (link.supply, link.demand, link.demand_observed):
                if ref is not None and ref not in declared:
                    r.error(f"a chain link names '{ref}', which is not a target", link.loc, value=ref,
                            expected="a target id", hint=did_you_mean(ref, ids))
            for ref in (link.supply, link.demand):
                if ref in by_id and by_id[ref].figure is None:
                    r.error(f"a chain link names '{ref}', which has no local figure", link.loc, value=ref,
                            expected="a target with a figure")
            if link.demand_observed in by_id and not by_id[link.demand_observed].observed:
                r.error(f"a chain link's demand_observed names '{link.demand_observed}', which has no observations",
                        link.loc, value=link.demand_observed, expected="a target with an 'observed:' list")
    for x in rollups:
        for ref in (x.total, *x.parts):
            if ref in by_id and by_id[ref].figure is None:
                r.error(f"rollup '{x.id}' names '{ref}', which has no local figure", x.loc, value=ref,
                        expected="a target with a figure")
    for p in projects:
        if p.feeds in by_id and by_id[p.feeds].figure is None:
            r.error(f"project '{p.id}' feeds '{p.feeds}', which has no local figure", p.loc, value=p.feeds,
                    expected="a target with a figure")
    for err in unchecked_thresholds(targets, chains):
        r.errors.append(err)
    r.raise_if_errors()
    assert region is not None
    return TargetFile(path=name, region=region, sections=sections, targets=tuple(targets),
                      projects=tuple(projects), rollups=tuple(rollups), chain=chains[0] if chains else None,
                      project_states=tuple(states), chains=tuple(chains), quantities=tuple(declared_q))


def unchecked_thresholds(targets: Iterable[Target], chains: Iterable[Chain]) -> list[InputError]:
    """A threshold that would yield no result row, with why: a threshold never goes silently unchecked."""
    suppliers = {link.supply for c in chains for link in c.links}
    out = []
    for t in targets:
        th = t.threshold
        if th is None:
            continue
        if th.kind == "supply" and t.id not in suppliers:
            out.append(InputError(
                f"target '{t.id}' has a supply threshold ({th.figure.text}) but supplies no chain link, so no "
                "result row would check it", location=th.loc,
                expected="a link '- {supply: " + t.id + ", demand: …}' (or demand_figure / demand_observed) "
                         "under chain: or chains:"))
    return out


def _not_a(root: YMap, own_key: str, others: dict[str, str]) -> None:
    """A whole file of another kind (a national file given as --targets…): one error, not one per key."""
    if own_key in root.items:
        return
    for key, kind in others.items():
        if key in root.items:
            flag = {"national": "--national", "targets": "--targets", "scenario": "--scenario"}[kind]
            raise InputError(f"this is a {kind} file (it has '{key}:'), not a "
                             f"{'targets' if own_key == 'targets' else 'national'} file", location=root.key_loc(key),
                             expected=f"a file with '{own_key}:'", hint=f"give it with {flag}")


def _unique(r: Reader, pairs: list[tuple[str, Optional[Location]]], what: str) -> set[str]:
    seen: dict[str, Optional[Location]] = {}
    for ident, loc in pairs:
        if ident in seen:
            first = seen[ident]
            r.error(f"{what} id '{ident}' is used twice (first at line {first.line if first else '?'})", loc,
                    value=ident, expected="unique ids")
        else:
            seen[ident] = loc
    return set(seen)


def _region(r: Reader, root: YMap) -> Optional[Region]:
    m = r.mapping(root.items.get("region"), "region", root.loc)
    if m is None:
        return None
    r.keys(m, ["id", "name", "name_en", "country", "document", "title", "issued", "target_year", "source",
               "source_file", "parent", "place", "compiled", "url"], "region")
    rid = r.id(m, "id", "region")
    return Region(
        id=rid or "", name=r.str(m, "name", "region", required=True) or "",
        name_en=r.str(m, "name_en", "region") or "", document=r.str(m, "document", "region") or "",
        title=r.str(m, "title", "region") or "", issued=r.str(m, "issued", "region") or "",
        target_year=r.int(m, "target_year", "region", lo=1900, hi=2200), source=r.str(m, "source", "region") or "",
        country=r.str(m, "country", "region") or "", source_file=r.str(m, "source_file", "region") or None,
        parent=r.id(m, "parent", "region", required=False), compiled=r.str(m, "compiled", "region") or "",
        place=r.id(m, "place", "region", required=False) or rid or "",
    )


def _sections(r: Reader, root: YMap) -> Iterable[Section]:
    for n in r.seq(root.items.get("sections"), "sections"):
        m = r.mapping(n, "a section")
        if m is None:
            continue
        r.keys(m, ["section", "title", "title_en"], "a section")
        yield Section(section=_label(r, m, "section", "a section", set(SECTIONS)) or "",
                      title=r.str(m, "title", "a section") or "", title_en=r.str(m, "title_en", "a section") or "")


_THRESHOLD_KEYS = Keys("figure", "comparator", "kind", "text", "warn_within", "tolerance", "stance", "basis", "scope",
                       "of", "of_observed")


def _threshold(r: Reader, node: YNode, what: str, stance: str = "goal", basis: Optional[str] = None,
               scope: Optional[str] = None) -> Optional[Threshold]:
    w = _label_of("what.threshold_of", what)
    m = r.mapping(node, w)
    if m is None:
        return None
    r.keys(m, _THRESHOLD_KEYS, w)
    fig = r.figure(m, "figure", w, dimension="dimensionless", allow_bound=False, allow_range=False)
    comparator = _comparator(r, m, w, THRESHOLD_COMPARATORS, "at_least")
    if _blank(m, "comparator") and APPROX_RE.search(r.str(m, "text", w) or "") \
            and not STRICT_RE.search(r.str(m, "text", w) or ""):
        comparator = "about"  # the text's own words (約40%, 40%左右) make an unstated comparator approximate
    tolerance = _pp(r, m, "tolerance", what)
    kind = r.choice(m, "kind", w, THRESHOLD_KINDS)
    warn = None
    warn_node = m.items.get("warn_within")
    if warn_node is not None:
        text = r.str(m, "warn_within", w)
        if text is not None:
            try:
                warn = float(text)
                if not 0 <= warn <= 100:
                    raise ValueError
            except ValueError:
                r.error(f"warn_within of {what} is '{text}'", warn_node.loc, value=text,
                        expected="percentage points from 0 to 100, e.g. 2")
                warn = None
    if fig is not None and kind is not None and fig.value > MAX_THRESHOLD.get(kind, MAX_THRESHOLD["supply"]):
        limit = MAX_THRESHOLD.get(kind, MAX_THRESHOLD["supply"])
        r.error(f"{w}: '{shorten(fig.text)}' is more than {limit:.0%}", m.items["figure"].loc, value=fig.text,
                expected=f"a {kind} threshold from 0% to {limit:.0%}"
                + (" (a region's share of the national total cannot exceed 100%)" if kind == "share" else ""))
        fig = None
    own_stance = _stance(r, m, w)
    own_basis = r.choice(m, "basis", w, BASES, required=False)
    own_scope = _opt_scope(r, m, w)
    of = r.id(m, "of", w, required=False)
    of_observed = r.id(m, "of_observed", w, required=False)
    if of and of_observed:
        r.error(f"{w} has both 'of' and 'of_observed'", m.loc,
                expected="of: <target id> (its figure is the total) or of_observed: <target id> (its latest "
                         "observation is), not both")
        return None
    if (of or of_observed) and kind is not None and kind != "share":
        key = "of" if of else "of_observed"
        r.error(f"{w}: '{key}' names a local total, which only a share threshold has", m.items[key].loc,
                expected="kind: share (a share of the region's own total), or no '" + key + "'")
        return None
    if fig is None or kind is None:
        return None
    return Threshold(figure=fig, comparator=comparator or "at_least", kind=kind,
                     text=r.str(m, "text", w) or "", warn_within=warn, loc=m.loc, tolerance=tolerance,
                     stance=own_stance or stance, basis=own_basis or basis, scope=own_scope or scope,
                     of=of or of_observed, of_observed=bool(of_observed))


#: Words people write for a comparator or a stance, with the value to write instead.
_COMPARATOR_WORDS = {"约": "about", "約": "about", "左右": "about", "近": "about", "接近": "about", "approx": "about",
                     "approximately": "about", "around": "about", "~": "about", "以上": "at_least", "超过": "at_least",
                     "超過": "at_least", ">=": "at_least", "≥": "at_least", "以下": "at_most", "<=": "at_most",
                     "≤": "at_most", "达到": "reach", "達到": "reach", "at least": "at_least", "at most": "at_most"}
_STANCE_WORDS = {"力争": "aspiration", "力爭": "aspiration", "争取": "aspiration", "爭取": "aspiration",
                 "预计": "forecast", "預計": "forecast", "预期": "forecast", "預期": "forecast", "expected": "forecast",
                 "已形成": "status", "具备": "status", "具備": "status", "截至": "status", "目前": "status",
                 "现有": "status", "現有": "status", "actual": "status", "existing": "status", "target": "goal",
                 "目标": "goal", "目標": "goal", "aim": "aspiration", "strive": "aspiration"}


def _comparator(r: Reader, m: YMap, what: str, choices: Iterable[str], default: str) -> Optional[str]:
    """``comparator:``, with the value to write for a word from the text (约 → about, 以上 → at_least)."""
    node = m.items.get("comparator")
    if node is None:
        return default
    value = node.value if type(node) is YScalar else r.str(m, "comparator", what, default=None)  # type: ignore[arg-type]
    if value is None or value == "":
        return default
    if type(choices) is not tuple:
        choices = list(choices)
    if value not in choices:
        word = _COMPARATOR_WORDS.get(value.strip().lower())
        r.error(Msg("err.key_is", key="comparator", what=what, text=shorten(value)), m.items["comparator"].loc,
                value=value, expected=Msg("err.one_of", choices=", ".join(choices)),
                hint=Msg("err.write", key="comparator", value=word) if word in choices else did_you_mean(value, choices))
        return None
    return r.same(value, value)


def _stance(r: Reader, m: YMap, what: str) -> Optional[str]:
    """``stance:`` goal | aspiration | forecast | status, with the value to write for the text's word (力争 →
    aspiration, 预计 → forecast, 已形成 → status); None when not given."""
    if m.items.get("stance") is None:
        return None
    value = r.str(m, "stance", what, default=None)  # type: ignore[arg-type]
    if value is None or value == "":
        return None
    if value not in STANCES:
        word = _STANCE_WORDS.get(value.strip().lower())
        r.error(Msg("err.key_is", key="stance", what=what, text=shorten(value)), m.items["stance"].loc, value=value,
                expected="one of " + ", ".join(STANCES) + " (goal: 達到/形成; aspiration: 力争; forecast: 预计/预期; "
                         "status: 已形成, 具备, 截至, 目前)",
                hint=Msg("err.write", key="stance", value=word) if word else did_you_mean(value, STANCES))
        return None
    return r.same(value, value)


def _opt_scope(r: Reader, m: YMap, what: str) -> Optional[str]:
    """``scope:`` on a target or threshold: a snake_case word, or None (the run's default)."""
    if _blank(m, "scope"):
        return None
    return _scope(r, m, what)


PERIOD_RE = re.compile(r"^(\d{4})(?:-(\d{2}))?(?:\.\.(\d{4})(?:-(\d{2}))?)?$")


def _period(r: Reader, m: YMap, what: str) -> Optional[Period]:
    """``period:`` YYYY[-MM]..YYYY[-MM] (2024-01..2024-09 year to date, 2023..2025 cumulative) or one year
    (2024) or month (2024-03)."""
    if m.items.get("period") is None:
        return None
    text = r.str(m, "period", what, default=None)  # type: ignore[arg-type]
    if text is None or text == "":
        return None
    loc = m.items["period"].loc
    t = text.strip()
    mm = PERIOD_RE.match(t)
    parts = re.findall(r"(\d{4})(?:\s*[-./年]\s*(\d{1,2})(?![0-9]))?", t)
    if not mm:
        if len(parts) == 2:
            a, b = (y + (f"-{int(mo):02d}" if mo else "") for y, mo in parts)
            hint = f"write {a}..{b}"
        elif len(parts) == 1:
            y, mo = parts[0]
            hint = f"write {y}-01..{y}-{int(mo):02d} for January to that month" if mo else f"write {y}"
        else:
            hint = None
        r.error(f"{what}: period '{shorten(text)}' is not a period", loc, value=text,
                expected="YYYY-MM..YYYY-MM (2024-01..2024-09: year to date) or YYYY..YYYY (2023..2025: cumulative), "
                         "or one year (2024)", hint=hint)
        return None
    start = mm[1] + (f"-{mm[2]}" if mm[2] else "")
    end = (mm[3] + (f"-{mm[4]}" if mm[4] else "")) if mm[3] else start
    if not (valid_date(start) and valid_date(end)):
        r.error(f"{what}: period '{shorten(text)}' names a month or year that does not exist", loc, value=text,
                expected="years 1900..2200 and months 01..12, e.g. 2024-01..2024-09")
        return None
    p = Period(text=t, start=start, end=end)
    if (p.last_year, p.last_month) < (p.first_year, p.first_month):
        r.error(f"{what}: period '{shorten(text)}' ends before it starts", loc, value=text,
                expected=f"start..end in order: {end}..{start}")
        return None
    return p


def _days_per_year(r: Reader, m: YMap, what: str) -> Optional[float]:
    node = m.items.get("days_per_year")
    if node is None:
        return None
    text = r.str(m, "days_per_year", what, default=None)  # type: ignore[arg-type]
    if text is None or text == "":
        return None
    try:
        v = float(text)
        if not 1 <= v <= 366:
            raise ValueError
        return v
    except ValueError:
        r.error(f"days_per_year of {what} is '{shorten(text)}'", node.loc, value=text,
                expected="the days a year the plant runs, from 1 to 366, e.g. 330")
        return None


def _pp(r: Reader, m: YMap, key: str, what: str) -> Optional[float]:
    """Percentage points from 0 to below ``MAX_TOLERANCE_PP`` (``tolerance: 2.5``)."""
    node = m.items.get(key)
    if node is None:
        return None
    text = r.str(m, key, what, default=None)  # type: ignore[arg-type]
    if text is None:
        return None
    try:
        v = float(text)
        if not 0 <= v < MAX_TOLERANCE_PP:
            raise ValueError
        return v
    except ValueError:
        r.error(f"{key} of {what} is '{text}'", node.loc, value=text,
                expected=f"percentage points from 0 to below {MAX_TOLERANCE_PP:g}, e.g. 2.5 (wider, an "
                         "approximate claim says nothing)")
        return None


def _label(r: Reader, m: YMap, key: str, what: str, labels: set[str], required: bool = True) -> Optional[str]:
    """A section label: 一..十 or preamble, or a label as texts number them (第四章, (三), 一、)."""
    node = m.items.get(key)
    if type(node) is YScalar and node.value is not None:
        value = node.value
    elif node is None and not required:
        return None
    else:
        value = r.str(m, key, what, required=required, default=None)  # type: ignore[arg-type]
        if value is None:
            return None
    if value in labels or LABEL_RE.match(value):
        return r.same(value, value)
    r.error(Msg("err.key_is", key=key, what=what, text=value), m.items[key].loc, value=value,
            expected="one of " + ", ".join(sorted(labels, key=lambda x: (x not in SECTIONS, SECTIONS.index(x)
                                                                      if x in SECTIONS else 0, x)))
            + ", or a label as the text writes it (第四章, (三), 一、)",
            hint=did_you_mean(value, labels))
    return None


def _clause(r: Reader, m: YMap, what: str) -> Optional[int | str]:
    """A clause number 1..999, or the label as the text writes it: (三), 一、, 第十二條."""
    if m.items.get("clause") is None:
        return None
    text = r.str(m, "clause", what, default=None)  # type: ignore[arg-type]
    if text is None:
        return None
    if _NUMERIC.fullmatch(text.strip()):
        return r.int(m, "clause", what, lo=1, hi=999)
    return text.strip()


_TARGET_KEYS = Keys("id", "section", "clause", "name", "name_en", "figure", "comparator", "measure", "dimension",
                    "national", "threshold", "lead", "text", "observed", "year", "addition", "source", "url",
                    "published", "stance", "tolerance", "basis", "scope", "period", "days_per_year", "growth")


#: The labels of a target's first reading (``_target``): 'a target' and its parts, each made once.
_UNNAMED: dict[str, Msg] = {}


def _unnamed(code: str = "what.a_target") -> Msg:
    label = _UNNAMED.get(code)
    if label is None:
        label = _UNNAMED[code] = Msg(code) if code == "what.a_target" else Msg(code, what=_unnamed())
    return label


def _label_of(code: str, what: str) -> Msg:
    """The message ``code`` of ``what`` (the threshold of target 't1'); of 'a target', made once."""
    return _unnamed(code) if what is _unnamed() else Msg(code, what=what)


def _target(r: Reader, node: YNode, region: str, labels: set[str] = set(SECTIONS)) -> Optional[Target]:
    """A target, read first with the label 'a target': its own label (target 't1', the threshold of target
    't1') is a message made per target that only an error shows. A reading that kept an error is undone
    and the target read again with its own labels, so every error names it as before; ``_read_target``
    changes nothing but ``r``'s errors (and ``r.same``), so both readings find the same errors."""
    kept, more = len(r.errors), r.more
    target = _read_target(r, node, region, labels, named=False)
    if len(r.errors) == kept:  # no error kept (those only counted in r.more name nothing)
        return target
    del r.errors[kept:]
    r.more = more
    return _read_target(r, node, region, labels, named=True)


def _read_target(r: Reader, node: YNode, region: str, labels: set[str], named: bool) -> Optional[Target]:
    m = r.mapping(node, _unnamed())
    if m is None:
        return None
    tid = r.id(m, "id", _unnamed())
    what = Msg("what.target", id=tid) if tid and named else _unnamed()
    r.keys(m, _TARGET_KEYS, what)
    measure = r.choice(m, "measure", what, MEASURES, required=False, default="other")
    dim = r.choice(m, "dimension", what, DIMENSIONS, required=False)
    builtin = BUILTIN_DIMENSIONS.get(tid or "") or MEASURE_DIMENSIONS.get(measure or "")
    if dim and builtin and dim != builtin and tid in BUILTIN_DIMENSIONS:
        r.error(f"{what} is declared {dim}", m.items["dimension"].loc, value=dim, expected=builtin)
    expected_dim = builtin or dim
    grows = m.items.get("growth") is not None
    if grows and measure == "growth" and tid not in BUILTIN_DIMENSIONS:
        expected_dim = dim  # the level (base × (1 + rate)) has the base's dimension, not the rate's
    if grows and m.items.get("addition") is not None:
        r.error(f"{what} has both 'addition' and 'growth'", m.items["growth"].loc,
                expected="addition: (新增 on a base) or growth: (增长 on a base), as the text states it")
        grows = False
        both = True
    else:
        both = False
    stance = _stance(r, m, what) or "goal"
    basis = r.choice(m, "basis", what, BASES, required=False)
    scope = _opt_scope(r, m, what)
    national = r.id(m, "national", what, required=False)
    threshold = None
    th_node = m.items.get("threshold")
    if th_node is not None:
        threshold = _threshold(r, th_node, what, stance=stance, basis=basis, scope=scope)
    # A share claim may stand without a local figure (晶硅材料產能占全國40%以上): its result is the figure it needs.
    # Decided from the threshold as written, so a threshold refused above adds no second error here.
    open_share = isinstance(th_node, YMap) and _scalar(th_node, "kind") == "share" and (
        national is not None or not _blank(th_node, "of") or not _blank(th_node, "of_observed"))
    days = _days_per_year(r, m, what)
    if days is None and not _blank(m, "days_per_year"):
        days = 365.0  # refused above: no second error for the figure it would convert (the file is refused)
    fig = r.figure(m, "figure", what, dimension="dimensionless" if grows else expected_dim, allow_bound=False,
                   required=not open_share, days_per_year=days)
    if fig is None and open_share and _blank(m, "figure"):
        for key in ("addition", "growth"):
            if m.items.get(key) is not None:
                r.error(f"{what} has '{key}' but no figure", m.items[key].loc,
                        expected=f"figure: the {'addition' if key == 'addition' else 'growth'} as written")
    comparator = _comparator(r, m, what, COMPARATORS, "reach")
    tolerance = _pp(r, m, "tolerance", what)
    if tolerance is not None and comparator not in (None, "about"):
        r.error(f"{what} has a tolerance but comparator '{comparator}'", m.items["tolerance"].loc,
                expected="comparator: about (約/左右/近: the figure is approximate) beside tolerance:, or no tolerance"
                + ("; a threshold's tolerance goes under threshold:" if th_node is not None else ""))
    addition = None
    if m.items.get("addition") is not None and fig is not None and not both:
        addition = _addition(r, m.items["addition"], what, fig, m)
        if addition is not None:
            fig = _stock(addition)
    growth = None
    if grows and fig is not None:
        growth = _growth(r, m.items["growth"], what, fig, m, expected_dim)
        fig = _level(growth) if growth is not None else None
    obs_dim = fig.dimension if fig else expected_dim
    observed = []
    obs_node = m.items.get("observed")
    for o in r.seq(obs_node, f"observed of {what}") if obs_node is not None else ():
        ow = _label_of("what.observation_of", what)
        om = r.mapping(o, ow)
        if om is None:
            continue
        r.keys(om, _OBSERVATION_KEYS, ow)
        of = r.figure(om, "figure", ow, dimension=obs_dim, allow_range=False, days_per_year=days)
        date = r.str(om, "date", ow, required=True)
        if date is not None and not valid_date(date):
            r.error(f"{ow}: the date '{shorten(date)}' is not a date", om.items["date"].loc, value=date,
                    expected="YYYY, YYYY-MM or YYYY-MM-DD with a real month and day, e.g. 2023-09")
            date = None
        period = _period(r, om, ow)
        if of and date:
            observed.append(Observation(date=date, figure=of, source=r.str(om, "source", ow) or "",
                                        url=r.str(om, "url", ow) or "", note=r.str(om, "note", ow) or "",
                                        loc=om.loc, period=period))
    section = _label(r, m, "section", what, labels, required=False) or ""  # omitted: the source gives no numbering
    clause = _clause(r, m, what)
    name = r.str(m, "name", what, required=True)
    period = _period(r, m, what)
    year, no_year = _year(r, m, what, period)
    if tid is None or (fig is None and not (open_share and _blank(m, "figure"))) or section is None or name is None:
        return None
    return Target(id=tid, name=name, name_en=r.str(m, "name_en", what) or "", figure=fig,
                  comparator=comparator or "reach", measure=measure or "other", section=section, clause=clause,
                  dimension=fig.dimension if growth is not None and fig is not None else expected_dim,
                  national=national, threshold=threshold,
                  lead=r.strings(m, "lead", what), text=r.str(m, "text", what) or "",
                  observed=tuple(observed), region=region, loc=m.loc, year=year, addition=addition,
                  source=r.str(m, "source", what) or "", url=r.str(m, "url", what) or "",
                  published=r.str(m, "published", what) or "", stance=stance, tolerance=tolerance, basis=basis,
                  scope=scope, period=period, no_year=no_year, days_per_year=days, growth=growth)


_OBSERVATION_KEYS = Keys("date", "figure", "source", "url", "note", "period")


def _scalar(m: YMap, key: str) -> Optional[str]:
    node = m.items.get(key)
    return node.value if isinstance(node, YScalar) else None


def _year(r: Reader, m: YMap, what: str, period: Optional[Period]) -> tuple[Optional[int], bool]:
    """(year, no_year): ``year: 2025``; ``year: none`` when the text gives no year (全部建成后); without
    ``year:`` a target with a period is for the period's last year."""
    if m.items.get("year") is None:
        return (period.last_year if period is not None else None), False
    text = _scalar(m, "year")
    if text is not None and text.strip().lower() == "none":
        if period is not None:
            r.error(f"{what} has 'year: none' and a period ({period.text})", m.items["year"].loc,
                    expected="no 'year:' (the period's last year is the target's year), or no period")
        return None, True
    if text is not None and not _WHOLE.fullmatch(text.strip()):
        r.error(f"'year' of {what} is '{shorten(text)}'", m.items["year"].loc, value=text,
                expected="a whole number from 1900 to 2200, or none when the text gives no year (全部建成后)",
                hint="write year: none" if text.strip() in ("无", "無", "null", "~", "n/a", "N/A", "-", "—", "未定")
                else None)
        return None, False
    year = r.int(m, "year", what, lo=1900, hi=2200)
    if year is None and period is not None and _blank(m, "year"):
        year = period.last_year
    return year, False


def _blank(m: YMap, key: str) -> bool:
    node = m.items.get(key)
    return node is None or (isinstance(node, YScalar) and node.value is None)


def _on_base(r: Reader, node: YNode, w: str, tm: YMap,
             dimension: Optional[str]) -> Optional[tuple[YMap, Optional[int], Figure, str, bool]]:
    """The ``{base: …, base_year: …}`` mapping an addition or a growth rate stands on: (the mapping, the
    base year, the base, its source, whether it is the target's latest observation up to the base year
    (``base: observed``))."""
    m = r.mapping(node, w)
    if m is None:
        return None
    r.keys(m, ["base", "base_year", "source", "url", "text"], w)
    year = r.int(m, "base_year", w, lo=1900, hi=2200)
    base_text = r.str(m, "base", w, required=True)
    if base_text is None:
        return None
    if base_text.strip() in ("observed", "observation"):
        obs = []
        for o in r.seq(tm.items.get("observed"), f"observed of {w.split(' of ', 1)[-1]}"):
            if isinstance(o, YMap) and isinstance(o.items.get("date"), YScalar) and isinstance(o.items.get("figure"), YScalar):
                date, ftext = o.items["date"].value or "", o.items["figure"].value or ""
                if year is None or (date[:4].isdigit() and int(date[:4]) <= year):
                    obs.append((date, ftext, o))
        if not obs:
            r.error(f"{w}: 'base: observed' but no observation{f' up to {year}' if year else ''}", m.items["base"].loc,
                    expected="an 'observed:' entry of the target (dated up to base_year), or base: <figure>")
            return None
        date, ftext, o = sorted(obs, key=lambda x: x[0])[-1]
        try:
            base = parse_figure(ftext, allow_bound=False, allow_range=False)
        except QuantityError:
            return None  # reported with the observation
        return m, year, base, (o.items["source"].value if isinstance(o.items.get("source"), YScalar) else "") or "", True
    base = r.figure(m, "base", w, dimension=dimension, allow_bound=False, allow_range=False)
    if base is None:
        return None
    return m, year, base, r.str(m, "source", w) or "", False


def _addition(r: Reader, node: YNode, what: str, added: Figure, tm: YMap) -> Optional[Addition]:
    """``addition: {base: 34萬噸, base_year: 2023}``: the figure is an addition (新增) on that base; or
    ``base: observed``: on the target's latest observation up to ``base_year``."""
    w = f"the addition of {what}"
    got = _on_base(r, node, w, tm, added.dimension)
    if got is None:
        return None
    m, year, base, source, observed = got
    if base.dimension != added.dimension:
        r.error(f"{w}: base {base.text} is {base.dimension} but the addition {added.text} is {added.dimension}",
                m.loc, expected="the same dimension")
        return None
    return Addition(added=added, base=base, base_year=year, source=source, url=r.str(m, "url", w) or "",
                    observed=observed, loc=m.loc)


def _growth(r: Reader, node: YNode, what: str, rate: Figure, tm: YMap, dimension: Optional[str]) -> Optional[Growth]:
    """``growth: {base: 500亿元, base_year: 2020}``: the figure (30%, 一倍, 翻一番) is growth on that base; or
    ``base: observed``: on the target's latest observation up to ``base_year``."""
    w = f"the growth of {what}"
    got = _on_base(r, node, w, tm, dimension)
    if got is None:
        return None
    m, year, base, source, observed = got
    if dimension and base.dimension != dimension:
        r.error(f"{w}: base {base.text} is {base.dimension}", m.loc, expected=f"a {dimension} base")
        return None
    return Growth(rate=rate, base=base, base_year=year, source=source, url=r.str(m, "url", w) or "",
                  observed=observed, loc=m.loc)


def _level(g: Growth) -> Figure:
    """base × (1 + rate), in the base's unit: 500亿元 growing 一倍 → 1000亿元 (text says how)."""
    from dataclasses import replace

    lo, hi = g.base.low * (1 + g.rate.low), g.base.high * (1 + g.rate.high)
    return replace(g.base, text=f"{g.base.text} × (1 + {g.rate.text})", low=lo, high=hi,
                   bound="range" if g.rate.bound == "range" else g.base.bound, halves=())


def _stock(a: Addition) -> Figure:
    """base + addition, in the addition's unit: 34萬噸 + 21萬噸 → 55萬噸 (text says how)."""
    from dataclasses import replace

    from capacity.units import conversion_factor

    k = conversion_factor(a.base.unit, a.added.unit.base_text if a.added.unit.base_text != "%" else "")
    b = a.base.value * k
    return replace(a.added, text=f"{a.base.text} + {a.added.text}", low=a.added.low + b, high=a.added.high + b)


_PROJECT_KEYS = Keys("id", "name", "product", "figure", "state", "feeds", "section", "clause", "text", "investment",
                     "output_value", "source", "url", "published")


def _project(r: Reader, node: YNode, region: str, labels: set[str] = set(SECTIONS)) -> Optional[Project]:
    m = r.mapping(node, "a project")
    if m is None:
        return None
    pid = r.id(m, "id", "a project")
    what = Msg("what.project", id=pid) if pid else Msg("what.a_project")
    r.keys(m, _PROJECT_KEYS, what)
    fig = r.figure(m, "figure", what, required=False, allow_bound=False)
    money = {key: _money(r, m, key, what) for key in ("investment", "output_value")}
    name = r.str(m, "name", what, required=True)
    section = _label(r, m, "section", what, labels, required=False) or ""  # omitted: the source gives no numbering
    if pid is None or name is None or section is None:
        return None
    return Project(id=pid, name=name, product=r.str(m, "product", what) or "",
                   state=r.str(m, "state", what) or "", section=section,
                   clause=_clause(r, m, what), figure=fig,
                   feeds=r.id(m, "feeds", what, required=False), text=r.str(m, "text", what) or "",
                   region=region, loc=m.loc, investment=money["investment"], output_value=money["output_value"],
                   source=r.str(m, "source", what) or "", url=r.str(m, "url", what) or "",
                   published=r.str(m, "published", what) or "")


def _money(r: Reader, m: YMap, key: str, what: str) -> Optional[Figure]:
    """A project's investment or output value: a currency figure as written (60亿元, 5亿美元)."""
    fig = r.figure(m, key, what, required=False, allow_bound=False)
    if fig is not None and fig.dimension not in ("currency", "currency_usd"):
        r.error(f"{what}: {key} '{fig.text}' is {fig.dimension or 'dimensionless'}", m.items[key].loc, value=fig.text,
                expected=f"a currency figure (e.g. 60亿元, 5亿美元); a capacity goes under figure:")
        return None
    return fig


_ROLLUP_KEYS = Keys("id", "total", "parts")


def _rollup(r: Reader, node: YNode, region: str) -> Optional[Rollup]:
    m = r.mapping(node, "a rollup")
    if m is None:
        return None
    rid = r.id(m, "id", "a rollup")
    what = Msg("what.rollup", id=rid)
    r.keys(m, _ROLLUP_KEYS, what)
    total = r.id(m, "total", what)
    parts = r.strings(m, "parts", what)
    if not parts:
        r.error(f"{what} has no parts", m.loc, expected="parts: [id, id, …]")
    if rid is None or total is None:
        return None
    return Rollup(id=rid, total=total, parts=parts, region=region, loc=m.loc)


def _chain(r: Reader, node: YNode) -> Optional[Chain]:
    m = r.mapping(node, "chain")
    if m is None:
        return None
    r.keys(m, ["id", "name", "target", "links"], "chain")
    links = []
    for n in r.seq(m.items.get("links"), "chain links"):
        lm = r.mapping(n, "a chain link")
        if lm is None:
            continue
        w = "a chain link"
        r.keys(lm, ["supply", "demand", "demand_observed", "demand_figure", "demand_name", "demand_source",
                    "demand_url", "factor"], w)
        given = [k for k in ("demand", "demand_observed", "demand_figure") if not _blank(lm, k)]
        if len(given) > 1:
            r.error(f"{w} needs at most one of demand, demand_observed, demand_figure (it has {', '.join(given)})",
                    lm.loc, expected="demand: <target id> | demand_observed: <target id> | demand_figure: <figure as "
                    "written> | none of them when the text states no demand")
            continue
        s = r.id(lm, "supply", w)
        d = r.id(lm, "demand", w, required=False)
        do = r.id(lm, "demand_observed", w, required=False)
        df = r.figure(lm, "demand_figure", w, required=False, allow_bound=False)
        f = r.id(lm, "factor", w, required=False)
        if s:
            links.append(Link(supply=s, demand=d, factor=f, loc=lm.loc, demand_observed=do, demand_figure=df,
                              demand_name=r.str(lm, "demand_name", w) or "",
                              demand_source=r.str(lm, "demand_source", w) or "",
                              demand_url=r.str(lm, "demand_url", w) or ""))
    return Chain(target=r.id(m, "target", "chain", required=False), links=tuple(links), loc=m.loc,
                 id=r.id(m, "id", "chain", required=False) or "", name=r.str(m, "name", "chain") or "")


def _state(r: Reader, node: YNode) -> Optional[ProjectState]:
    m = r.mapping(node, "a project state")
    if m is None:
        return None
    r.keys(m, ["state", "p_complete", "note"], "a project state")
    state = r.str(m, "state", "a project state", required=True)
    p_text = r.str(m, "p_complete", "a project state", required=True)
    p = None
    if p_text is not None:
        try:
            p = float(p_text)
            if not 0 <= p <= 1:
                raise ValueError
        except ValueError:
            r.error(f"p_complete is '{p_text}'", m.items["p_complete"].loc, value=p_text,
                    expected="a probability from 0 to 1")
            p = None
    if state is None or p is None:
        return None
    return ProjectState(state=state, p_complete=p, note=r.str(m, "note", "a project state") or "", loc=m.loc)


def read_national(path: str | Path, display: Optional[str] = None) -> NationalFile:
    if str(path).lower().endswith(TABULAR_SUFFIXES):
        raise InputError(f"'{display or path}' is a spreadsheet; national files are YAML", location=None,
                         value=str(display or path),
                         expected="a national YAML file (spreadsheets hold targets: --targets FILE.xlsx)")
    node, name = read_node(path, display or str(path))
    return national_from_node(node, name)


def national_from_node(node: YNode, name: str) -> NationalFile:
    r = Reader(name)
    root = _root(node, r, "national")
    if root is None:
        r.raise_if_errors()
    assert root is not None
    _not_a(root, "quantities", {"targets": "targets", "set": "scenario", "national": "scenario"})
    r.keys(root, ["schema_version", "$schema", "country", "quantities", "factors"], "a national file")
    quantities = []
    for n in r.seq(root.items.get("quantities"), "quantities"):
        q = _quantity(r, n, name)
        if q:
            quantities.append(q)
    factors = [f for f in (_factor(r, n) for n in r.seq(root.items.get("factors"), "factors")) if f]
    _unique(r, [(q.id, q.loc) for q in quantities], "quantity")
    _unique(r, [(f.id, f.loc) for f in factors], "factor")
    r.raise_if_errors()
    return NationalFile(path=name, country=r.str(root, "country", "a national file") or "",
                        quantities=tuple(quantities), factors=tuple(factors))


def _quantity(r: Reader, node: YNode, file: str = "") -> Optional[NationalQuantity]:
    m = r.mapping(node, "a national quantity")
    if m is None:
        return None
    qid = r.id(m, "id", "a national quantity")
    what = Msg("what.national", id=qid)
    r.keys(m, ["id", "name", "name_en", "dimension", "proxy_note", "figures"], what)
    dim = r.choice(m, "dimension", what, DIMENSIONS, required=False)
    builtin = BUILTIN_DIMENSIONS.get(qid or "")
    if dim and builtin and dim != builtin:
        r.error(f"{what} is declared {dim}", m.items["dimension"].loc, value=dim, expected=builtin)
    dim = builtin or dim
    figures = []
    for n in r.seq(m.items.get("figures"), f"figures of {what}"):
        fm = r.mapping(n, Msg("what.figure_of", what=what))
        if fm is None:
            continue
        fw = Msg("what.figure_of", what=what)
        r.keys(fm, ["year", "period", "basis", "value", "published", "published_on", "source", "title", "url",
                    "note", "preferred", "derived", "uncertain", "unverified", "why", "estimate", "scope",
                    "operating_days"], fw)
        published_on = _published_on(r, fm, fw)
        unverified, why = _unverified(r, fm, fw)
        value = r.figure(fm, "value", fw, dimension=dim)
        if dim is None and value is not None:
            dim = value.dimension
        year = r.int(fm, "year", fw, required=True, lo=1900, hi=2200)
        basis = r.choice(fm, "basis", fw, BASES)
        if value is not None and value.bound != "at_least" and value.value == 0:
            r.error(f"{fw}: a national total of zero ('{value.text}')", fm.items["value"].loc,
                    value=value.text, expected="a total above zero (a share of zero is undefined)")
            value = None
        days = r.int(fm, "operating_days", fw, lo=1, hi=366)
        if days is not None and basis is not None and basis != "capacity":
            r.error(f"{fw} has operating_days but basis {basis}", fm.items["operating_days"].loc, value=str(days),
                    expected="operating_days on a capacity figure only (the operating basis its source states)")
        if value is None or year is None or basis is None or qid is None:
            continue
        figures.append(NationalFigure(
            quantity=qid, year=year, basis=basis, value=value, period=r.str(fm, "period", fw) or "",
            published=r.str(fm, "published", fw) or "", source=r.str(fm, "source", fw, required=True) or "",
            title=r.str(fm, "title", fw) or "", url=r.str(fm, "url", fw) or "", note=r.str(fm, "note", fw) or "",
            preferred=r.bool(fm, "preferred", fw), derived=r.bool(fm, "derived", fw),
            uncertain=r.bool(fm, "uncertain", fw), estimate=r.bool(fm, "estimate", fw),
            scope=_scope(r, fm, fw), loc=fm.loc, file=file, published_on=published_on,
            unverified=unverified, why=why, operating_days=days))
    if qid is None:
        return None
    return NationalQuantity(id=qid, name=r.str(m, "name", what) or "", name_en=r.str(m, "name_en", what) or "",
                            dimension=dim, figures=tuple(figures), proxy_note=r.str(m, "proxy_note", what) or None,
                            loc=m.loc)


PUBLISHED_ON_RE = re.compile(r"^\d{4}-\d{2}(?:-\d{2})?$")


def _published_on(r: Reader, m: YMap, what: str) -> str:
    """``published_on``: the date the source published the figure, ``YYYY-MM-DD``, or ``YYYY-MM`` when
    only the month is known (a bare year is refused: too coarse to say what was known at an issue date)."""
    text = r.str(m, "published_on", what) or ""
    if text and not (PUBLISHED_ON_RE.match(text) and valid_date(text)):
        r.error(f"{what}: published_on '{shorten(text)}' is not a date", m.items["published_on"].loc, value=text,
                expected="YYYY-MM-DD, or YYYY-MM when only the month is known, with a real month and day "
                "(e.g. 2024-07-01); leave it out when no date can be established")
        return ""
    return text


def _unverified(r: Reader, m: YMap, what: str) -> tuple[bool, str]:
    """``unverified: true`` with a ``why:`` (what was looked at and not found); ``why`` goes with it."""
    unverified = r.bool(m, "unverified", what)
    why = r.str(m, "why", what) or ""
    pref = m.items.get("preferred")
    if unverified and isinstance(pref, YScalar) and pref.value == "true":  # read once: r.bool reports a bad value
        r.error(f"{what} is unverified and preferred", m.items["preferred"].loc,
                expected="no 'preferred: true' on an unverified figure (it is never the default)")
    if unverified and not why.strip():
        r.error(f"{what} is unverified but says not why", m.items["unverified"].loc,
                expected="a 'why:' line: which page was checked and what was not found in it")
    elif why and not unverified:
        r.error(f"{what} has a 'why:' but is not unverified", m.items["why"].loc, value=shorten(why),
                expected="'unverified: true' beside 'why:' (a note about a verified figure goes in 'note:')")
    return unverified, why


SCOPE_RE = re.compile(r"^[a-z][a-z0-9_]*$")


def _scope(r: Reader, m: YMap, what: str) -> str:
    """``scope``: national (the default), listed_firms, top_firms, sample, region, …: a snake_case word."""
    text = r.str(m, "scope", what)
    if text is None or text == "":
        return "national"
    if not SCOPE_RE.match(text):
        r.error(f"{what}: scope '{text}' is not a snake_case word", m.items["scope"].loc, value=text,
                expected="national, listed_firms, top_firms, sample, region, … (default national)")
        return "national"
    return text


def _factor(r: Reader, node: YNode) -> Optional[Factor]:
    m = r.mapping(node, "a factor")
    if m is None:
        return None
    fid = r.id(m, "id", "a factor")
    what = Msg("what.factor", id=fid)
    r.keys(m, ["id", "name", "name_en", "value", "low", "high", "physical_bound", "year", "derived", "estimate",
               "note", "sources", "uncertain"], what)
    value = r.figure(m, "value", what, allow_bound=False, allow_range=False)
    dim = value.dimension if value else None
    low = r.figure(m, "low", what, required=False, dimension=dim, allow_bound=False, allow_range=False)
    high = r.figure(m, "high", what, required=False, dimension=dim, allow_bound=False, allow_range=False)
    bound = r.figure(m, "physical_bound", what, required=False, dimension=dim, allow_bound=False, allow_range=False)
    if value and value.value == 0:
        r.error(f"{what} is zero", m.items["value"].loc, expected="a factor above zero")
        value = None
    if value and bound:  # the physical floor lies below everything reported, never inside the range
        unit = value.unit.text
        b = bound.magnitude(unit)
        lowest = min(x.magnitude(unit) for x in (value, low, high) if x)
        if b > lowest:
            r.error(f"{what}: physical_bound {bound.text} is above the reported figures (lowest "
                    f"{format_number(lowest)} {unit})", m.items["physical_bound"].loc, value=bound.text,
                    expected="a physical limit at or below low (the floor no plant goes under)")
        elif low and b == lowest:
            r.error(f"{what}: low is the physical_bound {bound.text}", m.items["low"].loc, value=low.text,
                    expected="low: the lowest figure a plant or the industry has reported; the physical limit "
                    "goes in physical_bound only")
    if value and (low or high):  # as quantities, in the value's unit: 2.2 kg/W is not within 2.1 g/W .. 2.4 g/W
        unit = value.unit.text
        v = value.magnitude(unit)
        lo = low.magnitude(unit) if low else -math.inf
        hi = high.magnitude(unit) if high else math.inf
        if not lo <= v <= hi:
            span = " .. ".join(x for x in (f"low {low.text}" if low else "", f"high {high.text}" if high else "") if x)
            r.error(f"{what}: value {value.text} is outside {span}", m.loc, expected="low ≤ value ≤ high")
    sources = []
    for n in r.seq(m.items.get("sources"), f"sources of {what}"):
        sm = r.mapping(n, Msg("what.source_of", what=what))
        if sm is None:
            continue
        sw = Msg("what.source_of", what=what)
        r.keys(sm, ["source", "value", "year", "published_on", "url", "note", "derived", "uncertain"], sw)
        sources.append(FactorSource(source=r.str(sm, "source", sw, required=True) or "",
                                    value=r.figure(sm, "value", sw, required=False, dimension=dim),
                                    year=r.int(sm, "year", sw, lo=1900, hi=2200), url=r.str(sm, "url", sw) or "",
                                    note=r.str(sm, "note", sw) or "", published_on=_published_on(r, sm, sw)))
    if fid is None or value is None:
        return None
    return Factor(id=fid, name_en=r.str(m, "name_en", what) or r.str(m, "name", what) or "", value=value,
                  low=low, high=high, year=r.int(m, "year", what, lo=1900, hi=2200),
                  derived=r.bool(m, "derived", what), estimate=r.bool(m, "estimate", what),
                  note=r.str(m, "note", what) or "", sources=tuple(sources), loc=m.loc, physical_bound=bound)


def layer_national(base: NationalFile, layer: NationalFile) -> NationalFile:
    """``base`` with ``layer``'s quantities, figures and factors added. A layer figure replaces the base
    figure with the same quantity, year, basis and source; a layer factor replaces the base factor of
    that id; a preferred layer figure takes ``preferred`` from the base's figures of its year and basis.
    A quantity both declare must have one dimension (InputError at the layer's quantity)."""
    from dataclasses import replace

    quantities = {q.id: q for q in base.quantities}
    order = [q.id for q in base.quantities]
    for lq in layer.quantities:
        bq = quantities.get(lq.id)
        if bq is None:
            quantities[lq.id] = lq
            order.append(lq.id)
            continue
        if bq.dimension and lq.dimension and bq.dimension != lq.dimension:
            raise InputError(f"quantity '{lq.id}' is {lq.dimension} in {layer.path} but {bq.dimension} in {base.path}",
                             location=lq.loc, value=lq.dimension, expected=bq.dimension)
        keys = {(f.year, f.basis, f.source) for f in lq.figures}
        preferred = {(f.year, f.basis) for f in lq.figures if f.preferred}
        kept = [replace(f, preferred=False) if f.preferred and (f.year, f.basis) in preferred else f
                for f in bq.figures if (f.year, f.basis, f.source) not in keys]
        quantities[lq.id] = replace(bq, figures=tuple(lq.figures) + tuple(kept),
                                    name=bq.name or lq.name, name_en=bq.name_en or lq.name_en,
                                    dimension=bq.dimension or lq.dimension, proxy_note=bq.proxy_note or lq.proxy_note)
    factors = {f.id: f for f in base.factors}
    forder = [f.id for f in base.factors]
    for lf in layer.factors:
        if lf.id not in factors:
            forder.append(lf.id)
        factors[lf.id] = lf
    return NationalFile(path=f"{base.path} + {layer.path}", country=base.country or layer.country,
                        quantities=tuple(quantities[q] for q in order), factors=tuple(factors[f] for f in forder))


def _declared_as(q: NationalQuantity) -> tuple:
    """What a declaration says: two files declaring a quantity alike change nothing for each other."""
    return (q.dimension, sorted((f.year, f.period, f.basis, f.value.text, f.source, f.preferred, f.scope)
                                for f in q.figures))


def with_declared_quantities(national: NationalFile, regions: Iterable[TargetFile]) -> NationalFile:
    """The national data with the quantities target files declare (crystalline silicon in tonnes…)
    added where the national data lack them; a declared quantity's figures are added as a layer.

    A declared quantity belongs to the file that declares it: figures for a quantity the national data
    already have are refused (they would change every region's denominator: national figures go in a
    national file, ``--national FILE``), and a quantity one file declares with figures may not be
    declared otherwise by another file loaded with it (InputError at the declaration, file:line)."""
    regions = list(regions)
    errors: list[InputError] = []
    national_ids = {q.id for q in national.quantities}
    declarations: dict[str, list[tuple[str, NationalQuantity]]] = {}
    for tf in regions:
        for q in tf.quantities:
            if q.figures and q.id in national_ids:
                errors.append(InputError(
                    f"quantity '{q.id}' declared here gives figures for a national quantity {national.path} already has",
                    location=q.loc, value=q.id,
                    expected="a new quantity id (a targets file may only declare quantities of its own)",
                    hint="give national figures in a national file, with --national FILE: figures in one "
                         "region's file would change every region's shares"))
            else:
                declarations.setdefault(q.id, []).append((tf.path, q))
    for qid, decls in declarations.items():
        with_figures = [d for d in decls if d[1].figures]
        if len(decls) < 2 or not with_figures:
            continue  # declared without figures everywhere: the national data (a layer) give its figures
        first_path, first = with_figures[0]
        for path, q in decls:
            if _declared_as(q) != _declared_as(first) and path != first_path:  # the same file twice: later
                errors.append(InputError(
                    f"quantity '{qid}' is declared with figures in {first_path}"
                    + (f":{first.loc.line}" if first.loc else "") + f", and again in {path}",
                    location=q.loc, value=qid,
                    expected="a quantity with figures declared by one targets file only (or alike in each)",
                    hint="a quantity a targets file declares belongs to that file: give it another id, or "
                         "move its figures to a national file (--national FILE)"))
    if errors:
        raise errors[0] if len(errors) == 1 else InputErrors(errors)
    for tf in regions:
        if tf.quantities:
            path = national.path
            national = layer_national(national, NationalFile(path=tf.path, country="", quantities=tf.quantities,
                                                             factors=()))
            national = NationalFile(path=path, country=national.country, quantities=national.quantities,
                                    factors=national.factors)
    return national


def _parent_loc(tf: TargetFile) -> Location:
    """Where the region header's ``parent:`` is (read again: only an error needs it)."""
    try:
        root = yamlio.load(tf.path)
        node = root.items["region"].items["parent"]  # type: ignore[union-attr]
        return node.loc
    except Exception:  # noqa: BLE001 - the file changed or is the bundled one: its first line will do
        return Location(tf.path, 1)


def parent_errors(regions: Iterable[TargetFile], min_cycle: int = 1) -> list[InputError]:
    """``parent:`` names the place a region lies inside: never the region itself, and the regions loaded
    together never form a circle of parents (a circle would leave every one of them out of sums).
    ``min_cycle`` 2 reports only circles of two regions or more (validate: each file was checked alone)."""
    regions = list(regions)
    errors: list[InputError] = []
    parents: dict[str, list[TargetFile]] = {}  # place → the loaded regions of that place
    for tf in regions:
        parents.setdefault(tf.region.where, []).append(tf)
    reported: set[str] = set()
    for tf in regions:
        reg = tf.region
        if not reg.parent:
            continue
        if reg.parent in (reg.id, reg.where):
            if min_cycle <= 1:
                errors.append(InputError(f"region '{reg.id}' names itself as its parent ('{reg.parent}')",
                                         location=_parent_loc(tf), value=reg.parent,
                                         expected="the id or place of the region this one lies inside",
                                         hint="remove 'parent:' or name the province the city lies in"))
            continue
        # follow the parents among the loaded regions: back to this region's place is a circle
        path, place, seen = [reg.where], reg.parent, {reg.where}
        while place in parents and place not in seen:
            seen.add(place)
            path.append(place)
            nxt = [x.region.parent for x in parents[place] if x.region.parent and x.region.parent != place]
            place = nxt[0] if nxt else None  # type: ignore[assignment]
        if place == reg.where and reg.where not in reported:
            reported.update(path)
            errors.append(InputError(
                f"region '{reg.id}' is inside itself through its parents: {' → '.join(path + [reg.where])}",
                location=_parent_loc(tf), value=reg.parent, expected="parents that end at a region with no parent",
                hint="a region lies inside its parent: fix the 'parent:' that points back"))
    return errors


def conflict_errors(national: NationalFile) -> list[InputError]:
    """Two preferred figures of one quantity for the same year, basis and scope: which one a share rests
    on would be settled by their order in the file. Refused at the second, naming the first."""
    errors: list[InputError] = []
    for q in national.quantities:
        first: dict[tuple, NationalFigure] = {}
        for f in q.figures:
            if not f.preferred or f.overridden:
                continue
            key = (f.year, f.basis, f.scope)
            prev = first.setdefault(key, f)
            if prev is f:
                continue
            where = (f"{prev.loc.file}:{prev.loc.line}" if prev.loc and prev.loc.file != (f.loc.file if f.loc else None)
                     else f"line {prev.loc.line}" if prev.loc else "another figure")
            same = " from the same source" if prev.source == f.source else ""
            errors.append(InputError(
                f"national quantity '{q.id}' has two preferred {f.year} {f.basis} figures{same} "
                f"('{shorten(prev.value.text)}' at {where}, '{shorten(f.value.text)}' here)",
                location=f.loc, value=f.value.text, expected="at most one preferred figure per year, basis and scope",
                hint="keep 'preferred: true' on one of them: the order of the "
                     "figures must never decide a share"))
    return errors


def _factor_misfit(tf: TargetFile, link: Link, factor: Factor) -> Optional[InputError]:
    """A factor must turn the link's demand into its supply (253GW × 2.2 g/W is mass): a factor in
    another unit (2.2 g, 2.2 W/g) is an error at the factor's line, not pint's DimensionalityError."""
    by_id = {t.id: t for t in tf.targets}
    supply = by_id.get(link.supply)
    demand_t = by_id.get(link.demand or link.demand_observed or "")
    demand = link.demand_figure or (demand_t.figure if demand_t is not None else None)
    if supply is None or supply.figure is None or demand is None:
        return None
    from capacity.units import chain_fits

    if chain_fits(demand.unit, factor.value.unit, supply.figure.unit):
        return None
    else:
        s_dim, d_dim = supply.figure.dimension or "dimensionless", demand.dimension or "dimensionless"
        where = f" ({link.loc})" if link.loc else ""
        return InputError(
            f"factor '{factor.id}' ({factor.value.text}) cannot turn {link.demand or link.demand_observed or 'the demand'}"
            f" ({demand.text}, {d_dim}) into {link.supply} ({supply.figure.text}, {s_dim}) for the chain link"
            f"{where}", location=factor.loc, value=factor.value.text,
            expected=f"a factor in {s_dim} per {d_dim} (e.g. 2.2 g/W for polysilicon per watt of wafers)",
            hint="check the factor's unit: demand × factor must be the supply's dimension")


def check_references(regions: Iterable[TargetFile], national: NationalFile) -> None:
    """Cross-file checks: national quantities and factors named by targets must exist and fit."""
    errors: list[InputError] = []
    regions = list(regions)
    qids = [q.id for q in national.quantities]
    fids = [f.id for f in national.factors]
    paths = {tf.path for tf in regions}
    # a quantity only targets files declare, with no figure from a national file, belongs to its files
    declared_in: dict[str, list[str]] = {}
    for tf in regions:
        for q in tf.quantities:
            declared_in.setdefault(q.id, []).append(tf.path)
    owned = {qid for qid in declared_in if qid in qids
             and all(f.file in paths for f in national.quantity(qid).figures)
             and any(f.file in paths for f in national.quantity(qid).figures)}
    for tf in regions:
        own = {q.id for q in tf.quantities}
        for t in tf.targets:
            if t.national is None:
                continue
            if t.national in owned and t.national not in own:
                errors.append(InputError(
                    f"target '{t.id}' names quantity '{t.national}', which only "
                    f"{', '.join(declared_in[t.national])} declares", location=t.loc, value=t.national,
                    expected="a quantity of the national data, or one this file declares under 'quantities:'",
                    hint="a quantity a targets file declares serves that file only"))
                continue
            if t.national not in qids:
                errors.append(InputError(
                    f"target '{t.id}' names national quantity '{t.national}', which {national.path} does not have",
                    location=t.loc, value=t.national, expected="a quantity id of the national file",
                    hint=did_you_mean(t.national, qids)))
                continue
            q = national.quantity(t.national)
            dim = t.figure.dimension if t.figure is not None else t.dimension
            if q.dimension and dim and dim != q.dimension:
                what = f"({t.figure.text}) " if t.figure is not None else ""
                half = t.figure.half(q.dimension) if t.figure is not None and t.figure.halves else None
                errors.append(InputError(
                    f"target '{t.id}' {what}is {dim} but national quantity '{q.id}' is {q.dimension}",
                    location=t.loc, value=dim, expected="the same dimension",
                    hint=f"add 'dimension: {q.dimension}' to the target to use the {half.text} half of the pair"
                    if half is not None else
                    f"name a {dim} quantity, or declare one under 'quantities:' with dimension: {dim}"))
        for chain in tf.all_chains():
            for link in chain.links:
                if link.factor and link.factor not in fids:
                    errors.append(InputError(
                        f"chain link {link.supply} → {link.demand} names factor '{link.factor}', which "
                        f"{national.path} does not have", location=link.loc, value=link.factor,
                        expected="a factor id of the national file", hint=did_you_mean(link.factor, fids)))
                elif link.factor:
                    wrong = _factor_misfit(tf, link, national.factor(link.factor))
                    if wrong is not None:
                        errors.append(wrong)
    errors.extend(parent_errors(regions))
    errors.extend(conflict_errors(national))
    if len(errors) == 1:
        raise errors[0]
    if errors:
        raise InputErrors(errors)


def _read_targets_files(paths: list, encoded: Optional[dict[int, bytes]] = None) -> list:
    """``read_targets`` of each path, or the InputError it raised, in order: on more than one core when
    there are many (``capacity.workers``; what a worker read comes back through ``capacity.codec``, and
    ``encoded`` keeps those bytes by the ``id`` of the record they gave, and the bytes of the files read
    here meanwhile)."""
    from capacity import codec, workers

    shared: dict = {}  # the workers' equal units and figures made one object each

    def decode(raw: bytes) -> TargetFile:
        tf = codec.loads(raw, TargetFile, shared)
        if encoded is not None:
            encoded[id(tf)] = raw
        return tf

    def kept(tf: TargetFile) -> None:  # read here while workers ran: encoded now, while they are busy
        try:
            encoded[id(tf)] = codec.dumps(tf)  # type: ignore[index]
        except (codec.Unserializable, TypeError, ValueError):
            pass  # the cache says so when it stores the entry

    return workers.read_all(read_targets, paths, encode=codec.dumps, decode=decode, catch=InputError,
                            kept=kept if encoded is not None else None)


@_without_gc
def load_dataset(targets: Optional[Iterable[str | Path]] = None, national: Optional[str | Path] = None,
                 national_layers: Iterable[str | Path] = (), encoded: Optional[dict[int, bytes]] = None) -> Dataset:
    """Load target files (default: the bundled one) and a national file (default: bundled), then add
    each of ``national_layers`` to the national data (``layer_national``) and the quantities the
    target files declare. Many target files are read on more than one core (``capacity.workers``);
    ``encoded``, when given, is filled with the bytes worker processes handed back, by the ``id`` of the
    targets file each gave (the cache writes them as they are: ``capacity.codec.dumps_dataset``)."""
    target_paths = list(targets or [])
    regions: list[TargetFile] = []
    errors: list[InputError] = []
    if not target_paths:
        regions.append(read_targets(bundled_path("targets.yaml"), bundled_display("targets.yaml")))
    for read in _read_targets_files(target_paths, encoded):
        (errors if isinstance(read, InputError) else regions).append(read)
    try:
        nat = read_national(national) if national else read_national(bundled_path("national.yaml"),
                                                                      bundled_display("national.yaml"))
    except InputError as exc:
        errors.append(exc)
        nat = None
    layers = []
    for lp in national_layers:
        try:
            layers.append(read_national(lp))
        except InputErrors as exc:
            errors.extend(exc.errors)
        except InputError as exc:
            errors.append(exc)
    if errors:
        raise errors[0] if len(errors) == 1 else InputErrors(errors)
    assert nat is not None
    nat = with_declared_quantities(nat, regions)
    for layer in layers:
        nat = layer_national(nat, layer)
    seen: dict[str, str] = {}
    for tf in regions:
        if tf.region.id in seen:
            raise InputError(f"region '{tf.region.id}' is loaded twice ({seen[tf.region.id]} and {tf.path})",
                             location=Location(tf.path, 1), expected="one target file per region")
        seen[tf.region.id] = tf.path
    check_references(regions, nat)
    return Dataset(regions=tuple(regions), national=nat)
