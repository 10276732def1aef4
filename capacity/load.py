"""Load: strict YAML to typed records, with file:line on every error.

``load_dataset()`` with no arguments reads the bundled ``data/`` (shipped inside the installed
package), so the tool works from any folder after a plain ``pip install .``.
"""

from __future__ import annotations

import difflib
import math
import re
from pathlib import Path
from typing import Any, Iterable, Optional

from capacity import yamlio
from capacity.bundled import bundled_display, bundled_path  # noqa: F401 (re-exported)
from capacity.errors import MAX_KEPT, InputError, InputErrors, Location, QuantityError
from capacity.nogc import without_gc as _without_gc  # noqa: F401 - shared with evaluate
from capacity.model import (
    BASES, BUILTIN_DIMENSIONS, COMPARATORS, MEASURE_DIMENSIONS, MEASURES, STANCES, THRESHOLD_COMPARATORS,
    THRESHOLD_KINDS,
    Addition, Chain, Dataset, Factor, FactorSource, Link, NationalFigure, NationalFile, NationalQuantity,
    Observation, Project, ProjectState, Region, Rollup, Section, Target, TargetFile, Threshold,
)
from capacity.units import DIMENSIONS, Figure, parse_figure, shorten
from capacity.yamlio import YMap, YNode, YScalar, YSeq

ID_RE = re.compile(r"^[a-z][a-z0-9_]*$")
DATE_RE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")
#: The largest threshold of each kind: a share of the national total is at most 100%; a local supply
#: ratio may ask for more than the need, but not for more than ten times it.
MAX_THRESHOLD = {"share": 1.0, "supply": 10.0}


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


def did_you_mean(word: str, choices: Iterable[str]) -> Optional[str]:
    near = closest(word, choices)
    return f"did you mean {', '.join(near)}?" if near else None


def _key_hint(word: str, allowed: list[str]) -> Optional[str]:
    """did-you-mean for a key: only the close ones (figur → figure, not url)."""
    near = difflib.get_close_matches(word, allowed, n=3, cutoff=0.6)
    return f"did you mean {', '.join(near)}?" if near else None


class Reader:
    """Reads typed fields from YMap nodes, collecting every error instead of stopping at one."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.errors: list[InputError] = []
        self.more = 0  # errors counted but not kept (MAX_KEPT)

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
        self.error(f"{what} must be a mapping", where, expected="key: value lines")
        return None

    def seq(self, node: Optional[YNode], what: str) -> list[YNode]:
        if node is None:
            return []
        if isinstance(node, YScalar) and node.value is None:
            return []
        if isinstance(node, YSeq):
            return node.items
        self.error(f"{what} must be a list", node.loc, expected="a list of '- ' items")
        return []

    def keys(self, m: YMap, allowed: Iterable[str], what: str) -> None:
        allowed = list(allowed)
        for key in m.items:
            if key not in allowed:
                if self.full:  # no closest-match search for the 500,000th unknown key
                    self.more += 1
                    continue
                self.error(f"unknown key '{shorten(key)}' in {what}", m.key_loc(key), value=shorten(key),
                           expected="one of " + ", ".join(allowed), hint=_key_hint(key, allowed))

    def raw(self, m: YMap, key: str) -> Optional[YNode]:
        return m.items.get(key)

    def str(self, m: YMap, key: str, what: str, required: bool = False, default: str = "") -> Optional[str]:
        node = m.items.get(key)
        if node is None or (isinstance(node, YScalar) and node.value is None):
            if required:
                self.error(f"{what} has no '{key}'", m.loc, expected=f"a '{key}:' line")
                return None
            return default
        if not isinstance(node, YScalar):
            self.error(f"'{key}' of {what} must be a single value", node.loc, expected="a string")
            return None
        return node.value

    def id(self, m: YMap, key: str, what: str, required: bool = True) -> Optional[str]:
        value = self.str(m, key, what, required=required, default=None)  # type: ignore[arg-type]
        if value is None:
            return None
        if not ID_RE.match(value):
            self.error(f"'{value}' is not a valid id", m.items[key].loc, value=value,
                       expected="snake_case: lower-case letters, digits and _, starting with a letter")
            return None
        return value

    def int(self, m: YMap, key: str, what: str, required: bool = False,
            lo: int = 0, hi: int = 10**6) -> Optional[int]:
        node = m.items.get(key)
        text = self.str(m, key, what, required=required, default=None)  # type: ignore[arg-type]
        if text is None:
            return None
        if not re.fullmatch(r"\d{1,9}", text) or not lo <= int(text) <= hi:
            self.error(f"'{key}' of {what} is '{text}'", node.loc if node else m.loc, value=text,
                       expected=f"a whole number from {lo} to {hi}")
            return None
        return int(text)

    def bool(self, m: YMap, key: str, what: str) -> bool:
        node = m.items.get(key)
        text = self.str(m, key, what, default=None)  # type: ignore[arg-type]
        if text is None:
            return False
        if text in ("true", "false"):
            return text == "true"
        self.error(f"'{key}' of {what} is '{text}'", node.loc if node else m.loc, value=text,
                   expected="true or false (yes/no/on/off are refused: YAML 1.1 reads them differently)")
        return False

    def choice(self, m: YMap, key: str, what: str, choices: Iterable[str], required: bool = True,
               default: Optional[str] = None) -> Optional[str]:
        choices = list(choices)
        value = self.str(m, key, what, required=required, default=default)  # type: ignore[arg-type]
        if value is None:
            return default if not required else None
        if value not in choices:
            self.error(f"'{key}' of {what} is '{value}'", m.items[key].loc, value=value,
                       expected="one of " + ", ".join(choices), hint=did_you_mean(value, choices))
            return None
        return value

    def figure(self, m: YMap, key: str, what: str, required: bool = True, dimension: Optional[str] = None,
               allow_bound: bool = True, allow_range: bool = True) -> Optional[Figure]:
        node = m.items.get(key)
        text = self.str(m, key, what, required=required, default=None)  # type: ignore[arg-type]
        if text is None:
            return None
        loc = node.loc if node else m.loc
        try:
            fig = parse_figure(text, allow_bound=allow_bound, allow_range=allow_range)
        except QuantityError as exc:
            if self.full:
                self.more += 1
            else:
                self.errors.append(exc.at(loc, prefix=f"{what}: "))
            return None
        if dimension and fig.dimension != dimension:
            self.error(f"{what}: '{text}' is {fig.dimension or 'dimensionless'}", loc, value=text,
                       expected=f"a {dimension} figure"
                       + {"mass": " (e.g. 87萬噸, 870000 t)", "power": " (e.g. 253GW)",
                          "energy": " (e.g. 200萬千瓦時, 2000 MWh)", "currency": " (e.g. 2000億元)",
                          "count": " (e.g. 38家)", "dimensionless": " (e.g. 40%)"}.get(dimension, ""))
            return None
        return fig

    def strings(self, m: YMap, key: str, what: str) -> tuple[str, ...]:
        node = m.items.get(key)
        if node is None:
            return ()
        if isinstance(node, YScalar):
            return () if node.value is None else (node.value,)
        out = []
        for item in self.seq(node, f"'{key}' of {what}"):
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


def read_targets(path: str | Path, display: Optional[str] = None) -> TargetFile:
    name = display or str(path)
    node = yamlio.load(path, name)
    return targets_from_node(node, name)


def targets_from_node(node: YNode, name: str) -> TargetFile:
    r = Reader(name)
    root = _root(node, r, "targets")
    if root is None:
        r.raise_if_errors()
    assert root is not None
    _not_a(root, "targets", {"quantities": "national", "set": "scenario", "national": "scenario"})
    r.keys(root, ["schema_version", "$schema", "region", "sections", "targets", "projects", "rollups",
                  "chain", "chains", "project_states", "quantities"], "a targets file")
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
        r.error("the file has no 'targets' list", root.loc, expected="a 'targets:' list")
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
    for t in targets:
        if t.threshold and t.threshold.kind == "share" and not t.national:
            r.error(f"target '{t.id}' has a share threshold but no 'national' quantity", t.threshold.loc,
                    expected="national: <id of a quantity in the national file>")
    by_id = {t.id: t for t in targets}
    for p in projects:
        if p.feeds and p.feeds not in declared:
            r.error(f"project '{p.id}' feeds '{p.feeds}', which is not a target", p.loc,
                    value=p.feeds, expected="a target id", hint=did_you_mean(p.feeds, ids))
        elif p.feeds and p.figure:
            tgt = by_id.get(p.feeds)
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


def _threshold(r: Reader, node: YNode, what: str) -> Optional[Threshold]:
    m = r.mapping(node, f"the threshold of {what}")
    if m is None:
        return None
    w = f"the threshold of {what}"
    r.keys(m, ["figure", "comparator", "kind", "text", "warn_within", "tolerance"], w)
    fig = r.figure(m, "figure", w, dimension="dimensionless", allow_bound=False, allow_range=False)
    comparator = r.choice(m, "comparator", w, THRESHOLD_COMPARATORS, required=False, default="at_least")
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
    if fig is None or kind is None:
        return None
    return Threshold(figure=fig, comparator=comparator or "at_least", kind=kind,
                     text=r.str(m, "text", w) or "", warn_within=warn, loc=m.loc, tolerance=tolerance)


def _pp(r: Reader, m: YMap, key: str, what: str) -> Optional[float]:
    """Percentage points from 0 to 100 (``tolerance: 2.5``)."""
    node = m.items.get(key)
    text = r.str(m, key, what, default=None)  # type: ignore[arg-type]
    if node is None or text is None:
        return None
    try:
        v = float(text)
        if not 0 <= v <= 100:
            raise ValueError
        return v
    except ValueError:
        r.error(f"{key} of {what} is '{text}'", node.loc, value=text, expected="percentage points from 0 to 100, e.g. 2.5")
        return None


def _label(r: Reader, m: YMap, key: str, what: str, labels: set[str], required: bool = True) -> Optional[str]:
    """A section label: 一..十 or preamble, or a label as texts number them (第四章, (三), 一、)."""
    value = r.str(m, key, what, required=required, default=None)  # type: ignore[arg-type]
    if value is None:
        return None
    if value in labels or LABEL_RE.match(value):
        return value
    r.error(f"'{key}' of {what} is '{value}'", m.items[key].loc, value=value,
            expected="one of " + ", ".join(sorted(labels, key=lambda x: (x not in SECTIONS, SECTIONS.index(x)
                                                                      if x in SECTIONS else 0, x)))
            + ", or a label as the text writes it (第四章, (三), 一、)",
            hint=did_you_mean(value, labels))
    return None


def _clause(r: Reader, m: YMap, what: str) -> Optional[int | str]:
    """A clause number 1..999, or the label as the text writes it: (三), 一、, 第十二條."""
    text = r.str(m, "clause", what, default=None)  # type: ignore[arg-type]
    if text is None:
        return None
    if re.fullmatch(r"[0-9+-.]+", text.strip()):
        return r.int(m, "clause", what, lo=1, hi=999)
    return text.strip()


def _target(r: Reader, node: YNode, region: str, labels: set[str] = set(SECTIONS)) -> Optional[Target]:
    m = r.mapping(node, "a target")
    if m is None:
        return None
    tid = r.id(m, "id", "a target")
    what = f"target '{tid}'" if tid else "a target"
    r.keys(m, ["id", "section", "clause", "name", "name_en", "figure", "comparator", "measure", "dimension",
               "national", "threshold", "lead", "text", "observed", "year", "addition", "source", "url", "published",
               "stance"], what)
    measure = r.choice(m, "measure", what, MEASURES, required=False, default="other")
    dim = r.choice(m, "dimension", what, DIMENSIONS, required=False)
    builtin = BUILTIN_DIMENSIONS.get(tid or "") or MEASURE_DIMENSIONS.get(measure or "")
    if dim and builtin and dim != builtin and tid in BUILTIN_DIMENSIONS:
        r.error(f"{what} is declared {dim}", m.items["dimension"].loc, value=dim, expected=builtin)
    expected_dim = builtin or dim
    national = r.id(m, "national", what, required=False)
    threshold = None
    if m.items.get("threshold") is not None:
        threshold = _threshold(r, m.items["threshold"], what)
    # A share claim may stand without a local figure (晶硅材料產能占全國40%以上): its result is the figure it needs.
    open_share = threshold is not None and threshold.kind == "share" and national is not None
    fig = r.figure(m, "figure", what, dimension=expected_dim, allow_bound=False, required=not open_share)
    if fig is None and open_share and _blank(m, "figure") and m.items.get("addition") is not None:
        r.error(f"{what} has an 'addition' but no figure", m.items["addition"].loc, expected="figure: the addition as written")
    comparator = r.choice(m, "comparator", what, COMPARATORS, required=False, default="reach")
    addition = None
    if m.items.get("addition") is not None and fig is not None:
        addition = _addition(r, m.items["addition"], what, fig, m)
        if addition is not None:
            fig = _stock(addition)
    observed = []
    for o in r.seq(m.items.get("observed"), f"observed of {what}"):
        om = r.mapping(o, f"an observation of {what}")
        if om is None:
            continue
        ow = f"an observation of {what}"
        r.keys(om, ["date", "figure", "source", "url", "note"], ow)
        of = r.figure(om, "figure", ow, dimension=fig.dimension if fig else expected_dim, allow_range=False)
        date = r.str(om, "date", ow, required=True)
        if date is not None and not valid_date(date):
            r.error(f"{ow}: the date '{shorten(date)}' is not a date", om.items["date"].loc, value=date,
                    expected="YYYY, YYYY-MM or YYYY-MM-DD with a real month and day, e.g. 2023-09")
            date = None
        if of and date:
            observed.append(Observation(date=date, figure=of, source=r.str(om, "source", ow) or "",
                                        url=r.str(om, "url", ow) or "", note=r.str(om, "note", ow) or "",
                                        loc=om.loc))
    section = _label(r, m, "section", what, labels, required=False) or ""  # omitted: the source gives no numbering
    clause = _clause(r, m, what)
    name = r.str(m, "name", what, required=True)
    year = r.int(m, "year", what, lo=1900, hi=2200)
    stance = r.choice(m, "stance", what, STANCES, required=False, default="goal")
    if tid is None or (fig is None and not (open_share and _blank(m, "figure"))) or section is None or name is None:
        return None
    return Target(id=tid, name=name, name_en=r.str(m, "name_en", what) or "", figure=fig,
                  comparator=comparator or "reach", measure=measure or "other", section=section, clause=clause,
                  dimension=expected_dim, national=national, threshold=threshold,
                  lead=r.strings(m, "lead", what), text=r.str(m, "text", what) or "",
                  observed=tuple(observed), region=region, loc=m.loc, year=year, addition=addition,
                  stance=stance or "goal",
                  source=r.str(m, "source", what) or "", url=r.str(m, "url", what) or "",
                  published=r.str(m, "published", what) or "")


def _blank(m: YMap, key: str) -> bool:
    node = m.items.get(key)
    return node is None or (isinstance(node, YScalar) and node.value is None)


def _addition(r: Reader, node: YNode, what: str, added: Figure, tm: YMap) -> Optional[Addition]:
    """``addition: {base: 34萬噸, base_year: 2023}``: the figure is an addition (新增) on that base; or
    ``base: observed``: on the target's latest observation up to ``base_year``."""
    w = f"the addition of {what}"
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
        for o in r.seq(tm.items.get("observed"), f"observed of {what}"):
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
        source = (o.items["source"].value if isinstance(o.items.get("source"), YScalar) else "") or ""
        observed = True
    else:
        base = r.figure(m, "base", w, dimension=added.dimension, allow_bound=False, allow_range=False)
        if base is None:
            return None
        source, observed = r.str(m, "source", w) or "", False
    if base.dimension != added.dimension:
        r.error(f"{w}: base {base.text} is {base.dimension} but the addition {added.text} is {added.dimension}",
                m.loc, expected="the same dimension")
        return None
    return Addition(added=added, base=base, base_year=year, source=source, url=r.str(m, "url", w) or "",
                    observed=observed, loc=m.loc)


def _stock(a: Addition) -> Figure:
    """base + addition, in the addition's unit: 34萬噸 + 21萬噸 → 55萬噸 (text says how)."""
    from dataclasses import replace

    from capacity.units import conversion_factor

    k = conversion_factor(a.base.unit, a.added.unit.base_text if a.added.unit.base_text != "%" else "")
    b = a.base.value * k
    return replace(a.added, text=f"{a.base.text} + {a.added.text}", low=a.added.low + b, high=a.added.high + b)


def _project(r: Reader, node: YNode, region: str, labels: set[str] = set(SECTIONS)) -> Optional[Project]:
    m = r.mapping(node, "a project")
    if m is None:
        return None
    pid = r.id(m, "id", "a project")
    what = f"project '{pid}'" if pid else "a project"
    r.keys(m, ["id", "name", "product", "figure", "state", "feeds", "section", "clause", "text"], what)
    fig = r.figure(m, "figure", what, required=False, allow_bound=False)
    name = r.str(m, "name", what, required=True)
    section = _label(r, m, "section", what, labels, required=False) or ""  # omitted: the source gives no numbering
    if pid is None or name is None or section is None:
        return None
    return Project(id=pid, name=name, product=r.str(m, "product", what) or "",
                   state=r.str(m, "state", what) or "", section=section,
                   clause=_clause(r, m, what), figure=fig,
                   feeds=r.id(m, "feeds", what, required=False), text=r.str(m, "text", what) or "",
                   region=region, loc=m.loc)


def _rollup(r: Reader, node: YNode, region: str) -> Optional[Rollup]:
    m = r.mapping(node, "a rollup")
    if m is None:
        return None
    rid = r.id(m, "id", "a rollup")
    what = f"rollup '{rid}'"
    r.keys(m, ["id", "total", "parts"], what)
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
    name = display or str(path)
    return national_from_node(yamlio.load(path, name), name)


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
    what = f"national quantity '{qid}'"
    r.keys(m, ["id", "name", "name_en", "dimension", "proxy_note", "figures"], what)
    dim = r.choice(m, "dimension", what, DIMENSIONS, required=False)
    builtin = BUILTIN_DIMENSIONS.get(qid or "")
    if dim and builtin and dim != builtin:
        r.error(f"{what} is declared {dim}", m.items["dimension"].loc, value=dim, expected=builtin)
    dim = builtin or dim
    figures = []
    for n in r.seq(m.items.get("figures"), f"figures of {what}"):
        fm = r.mapping(n, f"a figure of {what}")
        if fm is None:
            continue
        fw = f"a figure of {what}"
        r.keys(fm, ["year", "period", "basis", "value", "published", "source", "title", "url", "note",
                    "preferred", "derived", "uncertain", "estimate", "scope"], fw)
        value = r.figure(fm, "value", fw, dimension=dim, allow_range=False)
        if dim is None and value is not None:
            dim = value.dimension
        year = r.int(fm, "year", fw, required=True, lo=1900, hi=2200)
        basis = r.choice(fm, "basis", fw, BASES)
        if value is not None and value.bound != "at_least" and value.value == 0:
            r.error(f"{fw}: a national total of zero ('{value.text}')", fm.items["value"].loc,
                    value=value.text, expected="a total above zero (a share of zero is undefined)")
            value = None
        if value is None or year is None or basis is None or qid is None:
            continue
        figures.append(NationalFigure(
            quantity=qid, year=year, basis=basis, value=value, period=r.str(fm, "period", fw) or "",
            published=r.str(fm, "published", fw) or "", source=r.str(fm, "source", fw, required=True) or "",
            title=r.str(fm, "title", fw) or "", url=r.str(fm, "url", fw) or "", note=r.str(fm, "note", fw) or "",
            preferred=r.bool(fm, "preferred", fw), derived=r.bool(fm, "derived", fw),
            uncertain=r.bool(fm, "uncertain", fw), estimate=r.bool(fm, "estimate", fw),
            scope=_scope(r, fm, fw), loc=fm.loc, file=file))
    if qid is None:
        return None
    return NationalQuantity(id=qid, name=r.str(m, "name", what) or "", name_en=r.str(m, "name_en", what) or "",
                            dimension=dim, figures=tuple(figures), proxy_note=r.str(m, "proxy_note", what) or None,
                            loc=m.loc)


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
    what = f"factor '{fid}'"
    r.keys(m, ["id", "name", "name_en", "value", "low", "high", "year", "derived", "estimate", "note", "sources",
               "uncertain"], what)
    value = r.figure(m, "value", what, allow_bound=False, allow_range=False)
    dim = value.dimension if value else None
    low = r.figure(m, "low", what, required=False, dimension=dim, allow_bound=False, allow_range=False)
    high = r.figure(m, "high", what, required=False, dimension=dim, allow_bound=False, allow_range=False)
    if value and value.value == 0:
        r.error(f"{what} is zero", m.items["value"].loc, expected="a factor above zero")
        value = None
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
        sm = r.mapping(n, f"a source of {what}")
        if sm is None:
            continue
        sw = f"a source of {what}"
        r.keys(sm, ["source", "value", "year", "url", "note", "derived", "uncertain"], sw)
        sources.append(FactorSource(source=r.str(sm, "source", sw, required=True) or "",
                                    value=r.figure(sm, "value", sw, required=False, dimension=dim),
                                    year=r.int(sm, "year", sw, lo=1900, hi=2200), url=r.str(sm, "url", sw) or "",
                                    note=r.str(sm, "note", sw) or ""))
    if fid is None or value is None:
        return None
    return Factor(id=fid, name_en=r.str(m, "name_en", what) or r.str(m, "name", what) or "", value=value,
                  low=low, high=high, year=r.int(m, "year", what, lo=1900, hi=2200),
                  derived=r.bool(m, "derived", what), estimate=r.bool(m, "estimate", what),
                  note=r.str(m, "note", what) or "", sources=tuple(sources), loc=m.loc)


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


def with_declared_quantities(national: NationalFile, regions: Iterable[TargetFile]) -> NationalFile:
    """The national data with the quantities target files declare (crystalline silicon in tonnes…)
    added where the national data lack them; a declared quantity's figures are added as a layer."""
    for tf in regions:
        if tf.quantities:
            path = national.path
            national = layer_national(national, NationalFile(path=tf.path, country="", quantities=tf.quantities,
                                                             factors=()))
            national = NationalFile(path=path, country=national.country, quantities=national.quantities,
                                    factors=national.factors)
    return national


def check_references(regions: Iterable[TargetFile], national: NationalFile) -> None:
    """Cross-file checks: national quantities and factors named by targets must exist and fit."""
    errors: list[InputError] = []
    qids = [q.id for q in national.quantities]
    fids = [f.id for f in national.factors]
    for tf in regions:
        for t in tf.targets:
            if t.national is None:
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
                errors.append(InputError(
                    f"target '{t.id}' {what}is {dim} but national quantity '{q.id}' is {q.dimension}",
                    location=t.loc, value=dim, expected="the same dimension",
                    hint=f"name a {dim} quantity, or declare one under 'quantities:' with dimension: {dim}"))
        for chain in tf.all_chains():
            for link in chain.links:
                if link.factor and link.factor not in fids:
                    errors.append(InputError(
                        f"chain link {link.supply} → {link.demand} names factor '{link.factor}', which "
                        f"{national.path} does not have", location=link.loc, value=link.factor,
                        expected="a factor id of the national file", hint=did_you_mean(link.factor, fids)))
    if len(errors) == 1:
        raise errors[0]
    if errors:
        raise InputErrors(errors)


@_without_gc
def load_dataset(targets: Optional[Iterable[str | Path]] = None, national: Optional[str | Path] = None,
                 national_layers: Iterable[str | Path] = ()) -> Dataset:
    """Load target files (default: the bundled one) and a national file (default: bundled), then add
    each of ``national_layers`` to the national data (``layer_national``) and the quantities the
    target files declare."""
    target_paths = list(targets or [])
    regions: list[TargetFile] = []
    errors: list[InputError] = []
    if not target_paths:
        regions.append(read_targets(bundled_path("targets.yaml"), bundled_display("targets.yaml")))
    for p in target_paths:
        try:
            regions.append(read_targets(p))
        except InputError as exc:
            errors.append(exc)
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
