"""JSON Schema for the data files (targets, national, scenario), generated from one description.

``capacity schema`` prints these; ``data/targets.schema.json`` and ``data/national.schema.json``
are the committed output (a test keeps them equal), referenced from the bundled YAML files by a
``# yaml-language-server: $schema=…`` comment so editors complete and check them as people type.

capacity's own loader reads every YAML scalar as a string and types it (``capacity.load``). An
editor (yaml-language-server) or ``yaml.safe_load`` types scalars themselves: ``clause: 5`` is an
integer, ``preferred: true`` a boolean, ``p_complete: 0.9`` a number, ``proxy_note: null`` null.
So the schema accepts both spellings where YAML would type a value, and null wherever the loader
treats an empty value as absent (optional fields). Figures are strings with a pattern for
quantity strings (``87萬噸``, ``3~5家``, ``>1000GW``, ``40%``); the loader still has the last word
(units, dimensions, cross-references), the schema catches what can be seen in one field.

Draft 7 is used: every editor and validator understands it.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any, Optional

from capacity.load import ID_RE, LABEL_RE, PERIOD_RE, SECTIONS
from capacity.model import MAX_TOLERANCE_PP, BASES, COMPARATORS, MEASURES, STANCES, THRESHOLD_COMPARATORS, THRESHOLD_KINDS
from capacity.units import DIMENSIONS

DRAFT = "http://json-schema.org/draft-07/schema#"
KINDS = ("targets", "national", "scenario")

# ---------------------------------------------------------------------------------------------
# Field types


_DIGITS = "[0-9０-９]"
_NUM = rf"(?:{_DIGITS}+(?:[.．]{_DIGITS}+)?|[.．]{_DIGITS}+)(?:[eE][+-]?{_DIGITS}+)?"
_BOUND = "(?:>=|<=|>|<|≥|≤|＞＝|＜＝|＞|＜)"
_TILDE = "[~～〜]"
_UNIT = r"[^\s0-9０-９.．~～〜,，+＋-][^,，]*"
#: Chinese numerals (两千亿元, 三个, 一倍, 七分之一, 百分之四十, 翻一番): the loader reads them with cn2an.
_CN_DIGITS = "零〇一二两兩三四五六七八九十百千壹贰貳叁參肆伍陆陸柒捌玖拾佰仟"
_PER = "(?:每\\s*(?:年|天|日|小时|小時)\\s*)?"


def quantity_pattern(bound: bool = True, range_: bool = True) -> str:
    """A regex for quantity strings: ``[bound] number [~ number] [scale word] unit``, no commas."""
    single = rf"[+＋]?{_NUM}"
    ranged = rf"{single}(?:\s*{_TILDE}\s*{_NUM})?"
    if bound and range_:
        body = rf"(?:{_BOUND}\s*{single}|{ranged})"
    elif bound:
        body = rf"(?:{_BOUND}\s*)?{single}"
    elif range_:
        body = ranged
    else:
        body = single
    chinese = rf"(?:百分之|翻)?[{_CN_DIGITS}][^,，]*"
    fraction = rf"{_NUM}\s*/\s*{_NUM}"
    head = rf"(?:{_BOUND}\s*)?" if bound else ""
    return (rf"^\s*{_PER}(?:{body}\s*{_UNIT}|{head}(?:{chinese}|{fraction}))$")


def quantity(description: str, bound: bool = True, range_: bool = True) -> dict:
    kinds = []
    if range_:
        kinds.append("a range 3~5家")
    if bound:
        kinds.append("a published bound >1000GW")
    extra = f" ({' or '.join(kinds)} allowed)" if kinds else " (an exact figure: no bound, no range)"
    return {"type": "string", "pattern": quantity_pattern(bound, range_),
            "description": description + ". A quantity string: number, optional scale word (萬, 億) and unit, "
            "as written, e.g. 87萬噸, 253GW, 2000億元, 40%, 17萬噸/年, 两千亿元, 七分之一, 1/6, 791.5MW/2656MWh"
            + extra + "."}


def text(description: str) -> dict:
    # The loader reads any scalar as text; a generic YAML parser may type `name: 2000` as a number.
    return {"type": ["string", "number", "boolean"], "description": description}


def ident(description: str) -> dict:
    return {"type": "string", "pattern": ID_RE.pattern, "description": description + " (snake_case id)."}


def enum(values: Any, description: str) -> dict:
    return {"type": "string", "enum": list(values), "description": description}


def integer(lo: int, hi: int, description: str) -> dict:
    return {"type": ["integer", "string"], "minimum": lo, "maximum": hi, "pattern": r"^[0-9]{1,9}$",
            "description": f"{description} (a whole number from {lo} to {hi})."}


def number(lo: float, hi: float, description: str, below: bool = False) -> dict:
    """A number from ``lo`` to ``hi`` (``below``: to below ``hi``, as the loader's bound says)."""
    top = {"exclusiveMaximum": hi} if below else {"maximum": hi}
    return {"type": ["number", "string"], "minimum": lo, **top,
            "pattern": r"^\s*(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)\s*$",
            "description": f"{description} (a number from {lo:g} to {'below ' if below else ''}{hi:g})."}


def boolean(description: str) -> dict:
    return {"type": ["boolean", "string"], "enum": [True, False, "true", "false"],
            "description": description + " (true or false; yes/no/on/off are refused)."}


def array(items: dict, description: str, scalar_ok: bool = False) -> dict:
    arr = {"type": "array", "items": items, "description": description}
    if not scalar_ok:
        return arr
    # The loader accepts one value written without a list: `lead: 市發改委`.
    return {"anyOf": [items, {"type": "array", "items": items}], "description": description}


@dataclass(frozen=True)
class F:
    """A field of a mapping: its schema, whether it is required, and (for optional fields)
    whether an empty/null value is allowed (the loader treats it as absent)."""

    schema: dict
    required: bool = False
    nullable: bool = True


def obj(description: str, fields: dict[str, F]) -> dict:
    props = {}
    for name, f in fields.items():
        s = dict(f.schema)
        if not f.required and f.nullable:
            s = _nullable(s)
        props[name] = s
    out: dict = {"type": "object", "description": description, "properties": props,
                 "additionalProperties": False}
    required = [n for n, f in fields.items() if f.required]
    if required:
        out["required"] = required
    return out


def _nullable(s: dict) -> dict:
    s = dict(s)
    if "anyOf" in s:
        s["anyOf"] = [*s["anyOf"], {"type": "null"}]
        return s
    t = s.get("type")
    if t is None:
        return s
    types = [t] if isinstance(t, str) else list(t)
    if "null" not in types:
        types.append("null")
    s["type"] = types
    if "enum" in s and None not in s["enum"]:
        s["enum"] = [*s["enum"], None]
    return s


# ---------------------------------------------------------------------------------------------
# The description: one entry per key the loader accepts (capacity.load), same names, same rules.

SCHEMA_VERSION = F({"type": ["integer", "string"], "enum": [1, "1"],
                    "description": "The data format's version: 1."})
DOLLAR_SCHEMA = F({"type": "string", "description": "The JSON Schema this file follows (for editors)."})
SECTION = {"anyOf": [{"type": "string", "enum": list(SECTIONS)}, {"type": "string", "pattern": LABEL_RE.pattern}],
           "description": "Section as the document numbers it: 一..十, `preamble` for the unnumbered opening, or a "
           "label such as 第四章, (三), 一、 (a bare number is refused)."}
CLAUSE = {"anyOf": [integer(1, 999, "The clause number; omit for a section's opening paragraph"),
                    {"type": "string", "pattern": r"^.*[^0-9\s].*$",
                     "description": "The clause's label as the text writes it: (三), 一、, 第十二條."}],
          "description": "The clause: a number 1..999 or the label as written."}
YEAR = integer(1900, 2200, "Year")

STANCE = enum(STANCES, "How firmly the text states it: goal (default; 達到/形成), aspiration (力争), forecast "
              "(预计/预期), status (已形成, 具备, 截至, 目前: what exists, never a progress verdict).")
SCOPE = {"type": "string", "pattern": r"^[a-z][a-z0-9_]*$",
         "description": "Whom the national denominator must cover (national, listed_firms, …), overriding --scope "
                        "for this claim only."}
PERIOD = {"type": ["string", "integer"], "pattern": PERIOD_RE.pattern,
          "description": "The span the figure covers: 2024-01..2024-09 (year to date, 前三季度), 2023..2025 "
                         "(cumulative, 累计), or one year (2024)."}

THRESHOLD = obj("The claim the document attaches to this target (a share of the national total, or a local "
                "supply ratio along the chain).", {
                    "figure": F(quantity("The threshold, e.g. 40%", bound=False, range_=False), required=True),
                    "comparator": F(enum(THRESHOLD_COMPARATORS,
                                         "How the share compares with the threshold (default at_least); about: an "
                                         "approximate claim (約/约, 左右, 近, 接近, 力爭), passing within `tolerance` "
                                         "below the threshold.")),
                    "kind": F(enum(THRESHOLD_KINDS, "share: of the national total (needs `national`); supply: local "
                                   "supply ratio along the chain."), required=True),
                    "text": F(text("The document's words stating the claim.")),
                    "warn_within": F(number(0, 100, "Percentage points within which a pass is reported as a "
                                            "warning")),
                    "tolerance": F(number(0, MAX_TOLERANCE_PP, "For comparator about: percentage points below the threshold "
                                          "that still count as about right (default 2.5, or --tolerance)", below=True)),
                    "stance": F(STANCE),
                    "basis": F(enum(BASES, "The national basis of this claim's denominator (产量占全国20%: "
                                    "production), overriding --basis for this claim only (default: the target's).")),
                    "scope": F(SCOPE),
                    "of": F(ident("A share of a LOCAL total: the target in this file whose figure is the "
                                  "denominator (新能源装机占比超过50%: of the region's total installed capacity); "
                                  "instead of `national`")),
                    "of_observed": F(ident("A share of a local total: the target whose latest observation is the "
                                           "denominator")),
                })

def _on_base(what: str, example: str) -> dict:
    """The fields of a figure stated on a base (an addition, a growth): the base as written (``what`` it is, e.g. ``example``),
    its year, source, address and words; one schema piece, as ``capacity.load._on_base`` reads both."""
    return {
        "base": F(text(f"{what}, as written ({example}), or `observed` for the target's latest observation up to "
                       "base_year."), required=True),
        "base_year": F(YEAR),
        "source": F(text("Where the base figure comes from.")),
        "url": F(text("Address of the base figure's source.")),
        "text": F(text("The words stating the base.")),
    }


ADDITION = obj("The figure is an addition (新增, 新建) on a base: it is compared as base + addition.",
               _on_base("The stock the addition adds to", "34萬噸"))

OBSERVATION = obj("A published snapshot of the local figure.", {
    "date": F({"type": ["string", "integer"], "description": "When: 2023-09, or a year (quote it: \"2024\")."},
              required=True),
    "figure": F(quantity("The observed figure", bound=True, range_=False), required=True),
    "source": F(text("Who published it.")),
    "url": F(text("Where.")),
    "note": F(text("A note.")),
    "period": F(PERIOD),
})

GROWTH = obj("The figure (30%, 一倍, 翻一番) is growth on a base: it is compared as base × (1 + growth).",
             _on_base("The level it grows from", "500亿元"))

TARGET = obj("A target the document sets.", {
    "id": F(ident("Stable English id, unique in the file"), required=True),
    "section": F(SECTION),
    "clause": F(CLAUSE),
    "name": F(text("The document's words for the target."), required=True),
    "name_en": F(text("English name.")),
    "figure": F(quantity("The figure AS WRITTEN, character for character, without 以上; omit only for a share "
                         "claim with no local figure (its result is the figure the claim needs)", bound=False)),
    "comparator": F(enum(COMPARATORS, "reach (達到/形成/建成…) | at_least (…以上) | range (3~5家) | at_most "
                         "| about (約/左右/近: approximate, within `tolerance`) (default reach).")),
    "measure": F(enum(MEASURES, "What the figure measures (default other).")),
    "dimension": F(enum(DIMENSIONS, "The figure's dimension (built in for the PV chain's products).")),
    "national": F(ident("Id of a quantity in the national file (for share rows)")),
    "threshold": F(THRESHOLD),
    "lead": F(array(text("A lead unit."), "牽頭單位 (lead units), e.g. [市發改委].", scalar_ok=True)),
    "text": F(text("Verbatim excerpt holding the figure.")),
    "observed": F(array(OBSERVATION, "Published snapshots of the local figure.")),
    "year": F({"anyOf": [integer(1900, 2200, "The year this target is for, when not the document's target_year"),
                         {"type": "string", "const": "none",
                          "description": "none: the text gives no year (全部建成后)."}],
               "description": "The target's year, or none when the text gives none."}),
    "addition": F(ADDITION),
    "growth": F(GROWTH),
    "source": F(text("Where this target's text was published (files compiled from several texts).")),
    "url": F(text("Address of the page giving this target's text.")),
    "published": F(text("When that text was published.")),
    "stance": F(STANCE),
    "tolerance": F(number(0, MAX_TOLERANCE_PP, "For comparator about: percentage points of the achievement ratio (local / "
                          "stated figure) either side of 100% that count as about right (default 2.5, or "
                          "--tolerance)", below=True)),
    "basis": F(enum(BASES, "The national basis for this target's claims (default: the run's --basis).")),
    "scope": F(SCOPE),
    "period": F(PERIOD),
    "days_per_year": F(number(1, 366, "Days a year, to convert a figure written per day or per hour "
                                      "(每天700吨) to an annual one")),
})

PROJECT = obj("A named project.", {
    "id": F(ident("Project id, unique in the file"), required=True),
    "name": F(text("The project's name as written."), required=True),
    "product": F(text("The product as written.")),
    "figure": F(quantity("The project's capacity as written (omit when the document gives none)", bound=False)),
    "state": F(text("The verb the document uses: 實施, 推動…落地, 推動…投產滿產, 加快…落地, …")),
    "feeds": F(ident("The target whose figure includes this project")),
    "section": F(SECTION),
    "clause": F(CLAUSE),
    "text": F(text("Verbatim excerpt.")),
    "investment": F(quantity("The project's investment as written, e.g. 60亿元", bound=False)),
    "output_value": F(quantity("The project's output value as written, e.g. 200亿元", bound=False)),
    "source": F(text("Where the project was published (when not the document's page).")),
    "url": F(text("Address of that page.")),
    "published": F(text("When it was published.")),
})

ROLLUP = obj("Stated parts against a stated total.", {
    "id": F(ident("Rollup id"), required=True),
    "total": F(ident("The target stating the total"), required=True),
    "parts": F(array(ident("A target id"), "The targets that are the parts.", scalar_ok=True), required=True,
               nullable=False),
})

LINK = obj("A link of the chain: local supply of one product against local need, which is another target "
           "(demand), a target's latest observation (demand_observed) or a stated figure (demand_figure): exactly one.", {
    "supply": F(ident("Upstream target"), required=True),
    "demand": F(ident("Downstream target")),
    "demand_observed": F(ident("A target whose latest observation is the need")),
    "demand_figure": F(quantity("The need as the text states it, e.g. 15GW", bound=False)),
    "demand_name": F(text("What the stated need is (本地光伏裝機需求).")),
    "demand_source": F(text("Where the stated need comes from.")),
    "demand_url": F(text("Address of that source.")),
    "factor": F(ident("Conversion factor id in the national file (need = demand × factor)")),
})
LINK["description"] += " With none of them (the text states no demand) the result is the largest demand the supply covers."

CHAIN = obj("A supply chain, upstream first.", {
    "id": F(ident("Chain id (for several chains)")),
    "name": F(text("The chain's name.")),
    "target": F(ident("The target whose figure is the chain-wide local supply ratio")),
    "links": F(array(LINK, "The links, upstream first.")),
})

PROJECT_STATE = obj("Completion probability by state verb (estimates, for simulate).", {
    "state": F(text("The state verb as written in projects."), required=True),
    "p_complete": F(number(0, 1, "Probability that a project in this state completes within the year"),
                    required=True),
    "note": F(text("Why.")),
})

REGION = obj("Metadata: which region and document the file holds.", {
    "id": F(ident("Region id"), required=True),
    "name": F(text("The region's name."), required=True),
    "name_en": F(text("English name.")),
    "country": F(text("Country code, e.g. CN.")),
    "document": F(text("The document's number, e.g. 包黨發〔2024〕1號.")),
    "title": F(text("The document's title.")),
    "issued": F(text("Issue date (quote it: \"2024-01-01\").")),
    "target_year": F(integer(1900, 2200, "The year the targets are for")),
    "source": F(text("Where the document was published.")),
    "source_file": F(text("The document's text, relative to this file.")),
    "parent": F(ident("The region this one lies inside (a city in its province): compare shows it as a fraction "
                      "of its parent, never adds it")),
    "place": F(ident("The place the document is about (default: the region id): what another file's parent names; "
                     "documents of one place are added once")),
    "compiled": F(text("Set when the file is compiled from excerpts of several texts: says which and how.")),
    "url": F(text("Address of the document.")),
})

TARGET["if"] = {"not": {"required": ["threshold"],
                        "properties": {"threshold": {"required": ["kind"],
                                                     "properties": {"kind": {"const": "share"}}}},
                        "anyOf": [{"required": ["national"]},
                                  {"properties": {"threshold": {"anyOf": [{"required": ["of"]},
                                                                          {"required": ["of_observed"]}]}}}]}}
TARGET["then"] = {"required": ["figure"]}

SECTION_ENTRY = obj("A section heading as written.", {
    "section": F(SECTION, required=True),
    "title": F(text("The heading.")),
    "title_en": F(text("English heading.")),
})

PUBLISHED_ON = {"type": "string", "pattern": r"^[0-9]{4}-[0-9]{2}(?:-[0-9]{2})?$",
                "description": "When the source published it: YYYY-MM-DD, or YYYY-MM when only the month is known "
                "(quote it: \"2024-07-01\"); left out when no date could be established."}

NATIONAL_FIGURE = obj("A national figure as published.", {
    "year": F(YEAR, required=True),
    "period": F(text("end-2023, 2024, 2024H1, …")),
    "basis": F(enum(BASES, "capacity | production | installed."), required=True),
    "value": F(quantity("The figure; >1000GW for a figure published as a bound, 638~678万吨 for an estimate "
                        "given as a range"), required=True),
    "published": F(text("As published.")),
    "published_on": F(PUBLISHED_ON),
    "source": F(text("Who published it."), required=True),
    "title": F(text("Title of the publication.")),
    "url": F(text("Where.")),
    "note": F(text("A note.")),
    "preferred": F(boolean("The default among figures of the same year and basis")),
    "derived": F(boolean("Arithmetic on published figures, not itself published")),
    "uncertain": F(boolean("Low-authority page or ambiguous basis")),
    "unverified": F(boolean("Not found in its cited page and no second source; never a default denominator "
                            "(needs `why`)")),
    "why": F(text("Why the figure is unverified: which page was checked and what was not found.")),
    "estimate": F(boolean("An estimate")),
    "scope": F(text("Whom the figure covers: national (default; the only scope used as a denominator unless asked "
                    "with --scope), listed_firms, top_firms, sample, region, …")),
    "operating_days": F({"type": "integer", "minimum": 1, "maximum": 366,
                         "description": "A capacity figure's operating basis as its source states it (SMM: 300 days); "
                         "left out for nameplate. A nameplate target is never held against it."}),
})

QUANTITY = obj("A national quantity: share denominators for targets naming it.", {
    "id": F(ident("Quantity id, named by targets' `national`"), required=True),
    "name": F(text("Name.")),
    "name_en": F(text("English name.")),
    "dimension": F(enum(DIMENSIONS, "The quantity's dimension.")),
    "proxy_note": F(text("Set when the series is a proxy for this quantity.")),
    "figures": F(array(NATIONAL_FIGURE, "Published figures.")),
})

TARGETS_FILE = obj("A capacity targets file: one region's document, its targets, projects, rollups and chain.", {
    "schema_version": SCHEMA_VERSION,
    "$schema": DOLLAR_SCHEMA,
    "region": F(REGION, required=True),
    "sections": F(array(SECTION_ENTRY, "Section headings as written.")),
    "targets": F(array(TARGET, "The document's targets."), required=True),
    "projects": F(array(PROJECT, "Named projects.")),
    "rollups": F(array(ROLLUP, "Parts against stated totals.")),
    "chain": F(CHAIN),
    "chains": F(array(CHAIN, "Several named chains (the PV chain, a wind chain, a hydrogen chain…); `chain` is the "
                      "first.")),
    "quantities": F(array(QUANTITY, "Quantities the region needs that the national file "
                          "lacks, with their dimension (and figures, if any).")),
    "project_states": F(array(PROJECT_STATE, "Completion probabilities by state verb.")),
})

FACTOR_SOURCE = obj("A source for a factor.", {
    "source": F(text("Who published it."), required=True),
    "value": F(quantity("The value it gives")),
    "year": F(YEAR),
    "published_on": F(PUBLISHED_ON),
    "url": F(text("Where.")),
    "note": F(text("A note.")),
    "derived": F(boolean("Arithmetic on published figures")),
    "uncertain": F(boolean("Low-authority or ambiguous")),
})

FACTOR = obj("A conversion factor used by the chain (need = demand × factor).", {
    "id": F(ident("Factor id, named by chain links"), required=True),
    "name": F(text("Name.")),
    "name_en": F(text("English name.")),
    "value": F(quantity("The factor, e.g. 2.2 g/W", bound=False, range_=False), required=True),
    "low": F(quantity("Low end", bound=False, range_=False)),
    "high": F(quantity("High end", bound=False, range_=False)),
    "physical_bound": F(quantity("A physical limit documented beside the range, never an end of it (at or below "
                                 "low)", bound=False, range_=False)),
    "year": F(YEAR),
    "derived": F(boolean("Arithmetic on published figures")),
    "estimate": F(boolean("An estimate")),
    "uncertain": F(boolean("Low-authority or ambiguous")),
    "note": F(text("A note.")),
    "sources": F(array(FACTOR_SOURCE, "Where the value comes from.")),
})

NATIONAL_FILE = obj("A capacity national file: national totals (share denominators) and conversion factors.", {
    "schema_version": SCHEMA_VERSION,
    "$schema": DOLLAR_SCHEMA,
    "country": F(text("Country code, e.g. CN.")),
    "quantities": F(array(QUANTITY, "National quantities.")),
    "factors": F(array(FACTOR, "Conversion factors.")),
})

_OVERRIDES = {
    "set": ("Override targets' local figures: ID: QUANTITY (REGION:ID when several regions share an id).",
            r"^(?:[a-z][a-z0-9_]*:)?[a-z][a-z0-9_]*$", False),
    "national": ("Override national totals: ID: QUANTITY (a bound >1000GW is allowed).", ID_RE.pattern, True),
    "factor": ("Override conversion factors: ID: QUANTITY.", ID_RE.pattern, False),
}

SCENARIO_FILE = obj("A capacity scenario file: overrides applied to a copy of the data.", {
    "name": F(text("The scenario's name.")),
    "description": F(text("What it is about.")),
    **{k: F({"type": "object", "description": d, "propertyNames": {"pattern": pat},
             "additionalProperties": quantity("The overriding figure", bound=b, range_=False)})
       for k, (d, pat, b) in _OVERRIDES.items()},
    "drop_project": F(array(text("A project name as written, e.g. 通威三期."), "Projects to remove from the "
                            "targets they feed.")),
})

_FILES = {"targets": TARGETS_FILE, "national": NATIONAL_FILE, "scenario": SCENARIO_FILE}
_TITLES = {"targets": "capacity targets file", "national": "capacity national file",
           "scenario": "capacity scenario file"}


# ---------------------------------------------------------------------------------------------


def schema(kind: Optional[str] = None) -> dict:
    """The JSON Schema (draft 7) for one kind of file, or (``None``/``"all"``) one schema that
    accepts any of them, choosing by top-level keys the way ``capacity validate`` does: a file with
    ``quantities`` and no ``targets`` is a national file; one with any targets-file key a targets
    file; anything else a scenario file."""
    if kind in KINDS:
        return {"$schema": DRAFT, "title": _TITLES[kind], **_FILES[kind]}
    if kind not in (None, "all"):
        raise ValueError(f"unknown schema kind {kind!r}")
    ref = {k: {"$ref": f"#/definitions/{k}"} for k in KINDS}
    targets_keys = [k for k in TARGETS_FILE["properties"] if k not in ("schema_version", "$schema")]
    return {
        "$schema": DRAFT,
        "title": "capacity data file (targets, national or scenario)",
        "description": "Any capacity data file; the kind is chosen by its top-level keys.",
        "definitions": {k: {"title": _TITLES[k], **_FILES[k]} for k in KINDS},
        "if": {"type": "object", "required": ["quantities"], "not": {"required": ["targets"]}},
        "then": ref["national"],
        "else": {
            "if": {"type": "object", "anyOf": [{"required": [k]} for k in targets_keys]},
            "then": ref["targets"],
            "else": ref["scenario"],
        },
    }


def schema_json(kind: Optional[str] = None) -> str:
    """The schema as the text ``capacity schema`` prints and ``data/*.schema.json`` hold."""
    return json.dumps(schema(kind), ensure_ascii=False, indent=2) + "\n"


__all__ = ["schema", "schema_json", "quantity_pattern", "KINDS", "DRAFT"]
