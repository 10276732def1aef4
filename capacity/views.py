"""Views: the tables each command shows, built from the library's JSON-ready results.

No printing here: ``capacity.render`` turns these Docs into a rich table, Markdown or CSV.
"""

from __future__ import annotations

import math
import re
from typing import Any, Iterable, Optional

from capacity.doc import Column, Doc, View
from capacity.memo import by_value, once
from capacity.messages import Msg, worded

VERDICT = {"pass": "PASS", "warn": "WARN", "fail": "FAIL", "undecided": "?", "info": "—", "above": "ABOVE"}
BASIS = ("capacity", "production", "installed")
FIGURE_NAMES = ("local", "national", "supply", "demand", "factor")  # whatif's changed figures
VERDICT_STYLE = {"pass": "green", "warn": "yellow", "fail": "bold red", "undecided": "magenta", "info": None,
                 "above": "cyan"}
CMP = {"at_least": "≥", "reach": "≥", "at_most": "≤", "range": "", "about": "≈", None: ""}


#: num() and pct() of each value met (a table repeats its figures, thresholds and shares on many rows):
#: (value, digits, …) → text. The text follows from the number's value alone (1, 1.0 and True give the
#: same), so the value is the key.
_NUM: dict = {}
_PCT: dict = {}


def num(x: Optional[float], digits: int = 0, sep: bool = True) -> str:
    """Human number for tables: thousands separators, no float noise."""
    return by_value(_NUM, (x, digits, sep), _num, x, digits, sep)


def _num(x: Optional[float], digits: int, sep: bool) -> str:
    if x is None:
        return ""
    a = abs(x)
    if a < 1e-9:  # zero, and float noise (0.05 × 10 − 0.5 = -1.1e-16): zero on screen
        return "0"
    if a == math.inf:
        return "∞"
    if a >= 1000 or float(x).is_integer():
        return f"{x:,.0f}" if sep else f"{x:.0f}"
    if a >= 1:
        return f"{x:,.{max(digits, 2)}f}".rstrip("0").rstrip(".")
    return f"{x:.4g}"


def plural(n: int, word: str) -> str:
    """1 warning, 2 warnings, 0 warnings."""
    return f"{n} {word}" + ("" if n == 1 else "s")


def pct(x: Optional[float], digits: int = 1) -> str:
    return by_value(_PCT, (x, digits), _pct, x, digits)


def _pct(x: Optional[float], digits: int) -> str:
    if x is None:
        return ""
    if math.isinf(x):
        return "∞"
    return f"{x * 100:.{digits}f}%"


def pct_range(exact: Optional[float], rng: list) -> str:
    """26.9%, or ≤8.8% / ≥12.0% / 5.0–9.0% for a bounded result."""
    if exact is not None:
        return pct(exact)
    lo, hi = (rng or [None, None])[:2]
    if lo is None and hi is None:
        return ""
    if hi is None:
        return f"≥{pct(lo)}"
    if not lo:
        return f"≤{pct(hi)}"
    return f"{pct(lo)}–{pct(hi)}"


def pp(x: Optional[float]) -> str:
    return "" if x is None else f"{x:+.1f}"


#: Each bar drawn, by what it is drawn from (a 10k-row table has a few hundred different bars).
_BARS: dict = {}


def bar(value_range: list, threshold: Optional[float], width: int = 8) -> str:
    """A text bar: filled to the value, ┃ at the threshold, ░ for the unknown part of a bound."""
    lo, hi = (value_range or [None, None])[:2]
    if lo is None and hi is None:
        return ""
    return by_value(_BARS, (lo, hi, threshold, width), _bar, lo, hi, threshold, width)


def _bar(lo: Optional[float], hi: Optional[float], threshold: Optional[float], width: int) -> str:
    t = threshold or 0
    top = t * 1.5 if t else 1.0  # with a threshold it sits two-thirds along; without, the bar is 0-100%
    lo = min(lo or 0.0, top)  # an infinite ratio (no need at all) fills the bar
    hi_v = top if hi is None else min(hi, top)
    fill = min(width, round(lo / top * width))
    unknown = max(0, min(width, round(min(hi_v, top) / top * width)) - fill)
    cells = ["█"] * fill + ["░"] * unknown + [" "] * (width - fill - unknown)
    if t:
        pos = min(width - 1, int(t / top * width))
        cells[pos] = "┃"
    return "".join(cells)


def goal_mark(row: dict) -> str:
    """`` [≥40%]``: a row's comparator and threshold beside its share or ratio ("" without a threshold)."""
    th = row.get("threshold")
    if th is None:
        return ""
    cmp = row["comparator"]
    return _same(("goal", cmp, type(th), th), lambda: f" [{CMP[cmp]}{pct(th, 0)}]")


UNIT_MODES = ("doc", "si")


def doc_unit(q: Optional[dict], si_unit: str) -> tuple[str, float]:
    """(unit, factor): the unit the document writes quantity ``q`` in (萬噸, 萬千瓦時, 亿元, GW), as its
    claim kind recorded it from the parsed figure (``doc_unit``, ``doc_factor``: see
    ``capacity.claims.common.as_written``), and the factor from ``si_unit`` to it; (si_unit, 1) when
    nothing is recorded. No figure text is parsed here."""
    if not q or not si_unit or not q.get("doc_unit"):
        return si_unit, 1.0
    return q["doc_unit"], float(q.get("doc_factor") or 1.0)


def _in(q: Optional[dict], f: float) -> Optional[float]:
    m = _mag(q)
    return None if m is None else m * f


def _unit(q: Optional[dict]) -> str:
    return (q or {}).get("unit", "")


def _mag(q: Optional[dict]) -> Optional[float]:
    return None if q is None else q.get("magnitude")


def _national_cell(n: Optional[dict], f: float = 1.0) -> str:
    if not n:
        return ""
    mark = {"at_least": "≥", "at_most": "≤"}.get(n.get("bound") or "", "")
    if n.get("high") is not None:  # a range estimate shows as its range (638~678), never its low end alone
        return f"{num(n['magnitude'] * f)}~{num(n['high'] * f)}"
    return mark + num(n["magnitude"] * f)


#: Messages that repeat on thousands of rows (a denominator cell, a period, a flag), built once each, keyed
#: by what they are built from: the same words (a ``Msg`` is never changed), without wording them again
#: for every row (most of a 10k-row table's views were the message machinery).
_SAME: dict = {}


def _same(key: tuple, build: Any) -> Any:
    return by_value(_SAME, key, build)


def _denominator_cell(n: Optional[dict]) -> str:
    if not n:
        return _same(("denom.none",), lambda: Msg("denom.none"))
    if n.get("overridden"):
        return _same(("denom.override",), lambda: Msg("denom.override"))
    year, basis = n["year"], n["basis"]
    return _same(("denom.cell", type(year), year, basis), lambda: Msg(
        "denom.cell", year=year, basis=Msg("basis." + basis) if basis in BASIS else basis))


def _verdict_cell(row: dict) -> str:
    mark = "*" if row.get("fallback_verdict") else ""  # a verdict a fallback changed: marked, not only noted
    verdict = "ABOUT" if row.get("about") and row["status"] == "pass" else VERDICT[row["status"]]  # 約40% within
    return with_stance(verdict + mark if mark else verdict, row)


def with_stance(text: str, row: dict) -> str:
    """``text`` with the stance beside it when the claim is not a plain goal: ``PASS (aspiration)``,
    ``— (status)``; a goal is shown bare (JSON and CSV carry ``stance`` on every row). A ``Msg``, so
    every language words both."""
    s = row.get("stance")
    return Msg("stance.beside", text=text, stance=Msg("stance." + s)) if s and s != "goal" else text


def share_view(rows: list[dict], units: str = "doc") -> View:
    cols = [Column("target", "Target", no_wrap=True), Column("unit", "Unit"),
            Column("local", "Local", "right"), Column("national", "National", "right"),
            Column("denominator", "Denom."), Column("share", "Share [goal]", "right", no_wrap=True),
            Column("bar", "Bar", no_wrap=True, drop=True), Column("margin", "±pp", "right"),
            Column("gap", "Gap", "right"), Column("headroom", "Headroom", "right"),
            Column("verdict", "", "center", head=True)]
    out, styles, notes = [], [], []
    for r in rows:
        goal = goal_mark(r)
        q0 = r.get("local") or r.get("needed_local") or r.get("national")
        unit, f = (doc_unit(r.get("local") or r.get("national"), _unit(q0)) if units == "doc" else (_unit(q0), 1.0))
        gap = r.get("gap")
        gap_txt = num(_in(gap, f)) if gap else pct_range_q(r.get("gap_range"), f)
        local = num(_in(r["local"], f)) if r.get("local") else Msg("needs", value=(
            num(_in(r.get("needed_local"), f)) or pct_range_q(r.get("needed_local_range"), f) or "?"))
        out.append({
            "target": _label(r), "unit": unit, "local": local,
            "national": _national_cell(r.get("national"), f) if not r.get("of") else num(_in(r["of"], f)),
            "denominator": _denominator_cell(r.get("national")) if not r.get("of") else Msg("denom.own_total"),
            "share": pct_range(r.get("share"), r.get("share_range")) + goal,
            "bar": bar(r.get("share_range"), r.get("threshold")),
            "margin": pp(r.get("margin_pp")), "gap": gap_txt, "headroom": num(_in(r.get("headroom"), f)),
            "verdict": _verdict_cell(r),
        })
        styles.append(VERDICT_STYLE[r["status"]])
        n = r.get("national")
        if n:
            extra = []
            if n.get("fallback"):
                extra.append(_fallback(n))
            for flag in ("uncertain", "derived", "estimate"):
                if n.get(flag):
                    extra.append(_same(("flag", flag), lambda: Msg("flag." + flag)))  # noqa: B023 - called at once
            if r.get("proxy"):
                extra.append(_same(("flag", "proxy"), lambda: Msg("flag.proxy")))
            said = {"id": r["id"], "text": n["text"], "period": _period(n.get("period") or n["year"]),
                    "basis": n["basis"], "source": n["source"]}
            # flags only where there are some: a note of plain words is worded at once (Msg's fast path)
            notes.append(Msg("note.national_flags", **said, flags=extra) if extra else Msg("note.national", **said))
        elif r.get("note"):
            notes.append(Msg("note.id", id=r["id"], text=_note(r)))
        if r.get("local") is None and r.get("national") and r.get("note"):
            notes.append(Msg("note.id", id=r["id"], text=_note(r)))
    return View("Shares of the national total", cols, out, raw=rows, styles=styles,
                notes=[Msg("legend.share")] + notes, sheet="share")


def _label(r: dict) -> Msg:
    """A row's label: its id in English, the document's own name in Chinese (the id when it has none)."""
    return Msg("row.label", id=r["id"], name=r.get("name") or r["id"])


def _period(p: Any) -> Any:
    """A national figure's period: end-2024 worded (2024年末), anything else as published."""
    return _same(("period", p), lambda: Msg("period", p=p)) if isinstance(p, str) else p


def _note(r: dict) -> "Msg | str":
    """A row's note: worded from its codes (``notes``) when the claim kind gave them, else as written."""
    return worded(r["notes"]) if r.get("notes") else r.get("note") or ""


_FALLBACKS: dict = {}  # fallback_notes list (by identity: rows whose figure fell back the same way share it) → words


def _fallback(n: dict) -> "Msg | str":
    """A national figure's fallback: worded from its codes when the chooser gave them (once for all the rows
    whose figure fell back the same way)."""
    records = n.get("fallback_notes")
    if not records:
        return n["fallback"]
    return once(_FALLBACKS, records, None, _fallback_words)


def _fallback_words(records: list, _: Any) -> "Msg | str":
    try:
        return _same(("fallback", _frozen(records)), lambda: worded(records))
    except TypeError:  # a parameter that cannot be a key
        return worded(records)


def _frozen(v: Any) -> Any:
    """``v`` (JSON-like) as a hashable key; each scalar with its type, so 1, 1.0 and True stay apart."""
    if isinstance(v, dict):
        return ("{}",) + tuple((k, _frozen(x)) for k, x in v.items())
    if isinstance(v, (list, tuple)):
        return ("[]",) + tuple(_frozen(x) for x in v)
    return (type(v), v)


def _then_note(x: dict) -> str:
    n = x["national"]
    if n is None:  # nothing on file was published by the issue date: the row says so
        return worded(x["notes"]) if x.get("notes") else x.get("note") or Msg("then.no_figure")
    return Msg("then_note_fallback" if n.get("fallback") else "then_note",
               share=pct_range(x.get("share"), x.get("share_range")), verdict=_verdict_cell(x), text=n["text"],
               period=_period(n.get("period") or n["year"]), basis=n["basis"], source=n["source"],
               fallback=_fallback(n) if n.get("fallback") else "")


def then_now_view(rows: list[dict]) -> Optional[View]:
    """Each share claim against two denominators side by side: the figure known when the document was
    issued (the newest full-year figure before it) and the target year's, each with its verdict."""
    claims = [r for r in rows if r.get("threshold") is not None and r.get("then")
              and (r["then"].get("national") or r["then"].get("note"))
              and not (r["then"].get("national") or {}).get("overridden")]
    if not claims:
        return None
    cols = [Column("target", "Claim", no_wrap=True), Column("goal", "Goal", "right"),
            Column("then_denom", "Then", no_wrap=True), Column("then_national", "National", "right", no_wrap=True),
            Column("then_share", "Share", "right", no_wrap=True), Column("then_verdict", "", "center"),
            Column("now_denom", "Now", no_wrap=True), Column("now_national", "National", "right", no_wrap=True),
            Column("now_share", "Share", "right", no_wrap=True), Column("now_verdict", "", "center")]
    out, styles, notes = [], [], []
    for r in claims:
        t = r["then"]
        r = {**r, **r["target_year"]} if r.get("target_year") else r  # --denominator issued: now is still now
        out.append({"target": _label(r), "goal": CMP[r["comparator"]] + pct(r["threshold"], 0),
                    "then_denom": _denominator_cell(t["national"]),
                    "then_national": (t["national"] or {}).get("text", ""),
                    "then_share": pct_range(t.get("share"), t.get("share_range")), "then_verdict": _verdict_cell(t),
                    "now_denom": _denominator_cell(r.get("national")),
                    "now_national": (r.get("national") or {}).get("text", ""),
                    "now_share": pct_range(r.get("share"), r.get("share_range")), "now_verdict": _verdict_cell(r)})
        styles.append(VERDICT_STYLE[r["status"]])
        notes.append(Msg("note.then", id=r["id"], notes=[_then_note(x) for x in [t, *t.get("others", [])]]))
        if r.get("national"):
            notes.append(Msg("note.now", id=r["id"], notes=_then_note(r)))
    issued = claims[0]["then"].get("issued")
    title = Msg("title.then_now_issued", issued=issued) if issued else Msg("title.then_now")
    return View(title, cols, out, raw=claims, styles=styles, notes=notes, sheet="then_now")


def pct_range_q(rng: Optional[list], f: float = 1.0) -> str:
    if not rng:
        return ""
    lo, hi = rng[:2]
    if lo is None and hi is None:
        return ""
    if hi is None:
        return f"≥{num(lo * f)}"
    return f"{num(lo * f if lo is not None else None)}–{num(hi * f)}"


def supply_view(rows: list[dict], units: str = "doc") -> View:
    cols = [Column("link", "Supply → need", no_wrap=True), Column("unit", "Unit"),
            Column("supply", "Supply", "right"), Column("demand", "Need", "right"),
            Column("ratio", "Ratio [goal]", "right", no_wrap=True), Column("bar", "Bar", no_wrap=True, drop=True),
            Column("margin", "±pp", "right"), Column("gap", "Gap", "right"),
            Column("factor", "Factor"), Column("verdict", "", "center", head=True)]
    out, styles, notes = [], [], []
    for r in rows:
        goal = goal_mark(r)
        f = r.get("factor")
        if r.get("supply") and r.get("demand") is None:  # the text states no demand
            link = Msg("link.no_demand", supply=r["supply"]["id"])
            notes.append(Msg("note.id", id=link, text=_note(r)))
        elif r.get("supply"):
            link = f"{r['supply']['id']} → {r['demand']['id']}"
            if f:
                marks = [Msg("mark." + k) for k in ("estimate", "derived") if f.get(k)]
                notes.append(Msg("note.need_range" if f.get("range_text") else "note.need", link=link,
                                 demand=r["demand"]["text"], factor=f["id"], factor_text=f["text"],
                                 marks=Msg("concat", items=marks) if marks else "", range=f.get("range_text"),
                                 ratio=pct_range(None, r.get("ratio_range"))))
        else:
            link = Msg("link.chain", id=r["id"])
            chain = r.get("notes") and r["notes"][0]["code"] == "chain_definition"
            notes.append(Msg("note.id", id=r["id"], text=Msg("chain_mean") if chain else r.get("definition", "")))
        sup = r.get("supply")
        unit, fu = (doc_unit(sup, _unit(sup)) if units == "doc" and sup else (_unit(sup), 1.0))
        out.append({
            "link": link, "unit": unit, "supply": num(_in(sup, fu)),
            "demand": num(_in(r.get("demand"), fu)) or ("≤" + num(_in(r.get("max_demand"), fu)) if r.get("max_demand") else ""),
            "ratio": pct_range(r.get("ratio"), r.get("ratio_range")) + goal,
            "bar": bar(r.get("ratio_range"), r.get("threshold")), "margin": pp(r.get("margin_pp")),
            "gap": num(_in(r.get("gap"), fu)), "factor": f["text"] if f else "",
            "verdict": _verdict_cell(r),
        })
        styles.append(VERDICT_STYLE[r["status"]])
    notes.insert(0, Msg("legend.supply"))
    return View("Local supply along the chain", cols, out, raw=rows, styles=styles, notes=notes,
                sheet="supply")


def rollup_view(rows: list[dict], units: str = "doc") -> View:
    cols = [Column("rollup", "Rollup", no_wrap=True), Column("unit", "Unit"),
            Column("stated", "Stated", "right"), Column("parts", "Parts", max_width=44),
            Column("sum", "Sum of parts", "right"), Column("unexplained", "Unexplained", "right"),
            Column("verdict", "", "center", head=True)]
    out, styles, notes = [], [], []
    for r in rows:
        unit, f = doc_unit(r["stated"], _unit(r["stated"])) if units == "doc" else (_unit(r["stated"]), 1.0)
        out.append({
            "rollup": _label(r), "unit": unit,
            "stated": CMP.get(r.get("comparator"), "") + num(_in(r["stated"], f)),
            "parts": " + ".join(num(_in(p, f)) for p in r["parts"]),
            "sum": num(_in(r.get("parts_total"), f)), "unexplained": num(_in(r.get("unexplained"), f)),
            "verdict": _verdict_cell(r),
        })
        styles.append(VERDICT_STYLE[r["status"]])
        for p in r.get("projects") or ():  # each project's figures as written, with its own provenance
            figs = [Msg("project.figure", what=Msg("projfig." + k), text=p[k]["text"])
                    for k in ("figure", "investment", "output_value") if p.get(k)]
            prov = ", ".join(str(v) for v in (p.get("provenance") or {}).values())
            note = Msg("project.note", id=r["id"], project=p["id"], name=p["name"], figures=Msg("list", items=figs))
            notes.append(Msg("concat", items=[note, f" ({prov})"]) if prov else note)
    return View("Rollups: parts against stated totals", cols, out, raw=rows, styles=styles, sheet="rollup",
                notes=notes)


def progress_view(rows: list[dict], units: str = "doc") -> View:
    cols = [Column("target", "Target", no_wrap=True), Column("unit", "Unit"), Column("date", "Date"),
            Column("actual", "Observed [% of goal]", "right", no_wrap=True), Column("goal", "Goal", "right"),
            Column("remaining", "Remaining", "right"), Column("verdict", "", "center", head=True)]
    out, styles, notes = [], [], []
    for r in rows:
        o = r["observed"]
        mark = {"at_least": "≥", "at_most": "≤"}.get(o.get("bound") or "", "")
        prog = pct_range(r.get("progress"), r.get("progress_range"))
        unit, f = doc_unit(r["goal"], _unit(r["goal"])) if units == "doc" else (_unit(r["goal"]), 1.0)
        out.append({
            "target": _label(r), "unit": unit, "date": o["date"],
            "actual": f"{mark}{num(o['magnitude'] * f)} [{prog}]", "goal": num(_in(r["goal"], f)),
            "remaining": num(_in(r.get("remaining"), f)), "verdict": _verdict_cell(r),
        })
        styles.append(VERDICT_STYLE[r["status"]])
        later = "; ".join(f"{x['text']} ({x['date']})" for x in r.get("context_observations") or ())
        text = o["text"] + (f" [{o['period']}]" if o.get("period") else "")
        base = Msg("note.observed_later" if later else "note.observed", id=r["id"], date=o["date"],
                   text=text, source=o["source"], later=later)
        codes = set(r.get("note_codes") or ())  # notes of the new claim language (periods, status, about, no year)
        extra = [x for x in r.get("notes") or () if x["code"] in codes]
        notes.append(Msg("list", items=[base, worded(extra)]) if extra else base)
    return View("Progress: observed against target", cols, out, raw=rows, styles=styles, notes=notes,
                sheet="progress")


def summary_line(report: dict) -> str:
    s = report["summary"]
    prog = s.get("progress")
    if prog:
        s = {k: v for k, v in s.items() if k != "progress"}
    parts = [Msg("count." + k, n=s[k]) if k != "warn" or s[k] != 1 else Msg("count.warn1")
             for k in ("fail", "warn", "pass", "above", "undecided", "info") if s.get(k)]
    if not parts and not s.get("no_result"):
        return Msg("summary.none")
    text = Msg("summary", counts=Msg("comma", items=parts)) if parts else Msg("summary.no_checks")
    if prog and any(prog.values()):
        p = [Msg("count." + label, n=prog[k]) for k, label in (("pass", "reached"), ("fail", "short"),
                                                               ("info", "no_verdict")) if prog.get(k)]
        text = Msg("summary.progress", counts=text, progress=Msg("comma", items=p))
    if s.get("no_result"):
        text = Msg("summary.no_result", text=text, n=s["no_result"])
    if s.get("no_figure"):
        text = Msg("summary.no_figure", text=text, n=s["no_figure"], flag=s.get("no_figure_flag") or Msg("the_options"))
    return text


def report_header(report: dict) -> list[str]:
    """Region, denominators and scenario: the lines above every computed table."""
    return header_lines(report["regions"], report["options"], report["scenario"])


def dataset_regions(ds: Any) -> list[dict]:
    return [{"name": tf.region.name, "name_en": tf.region.name_en, "document": tf.region.document,
             "target_year": tf.region.target_year} for tf in ds.regions]


def header_lines(regions: list[dict], opts: dict, scenario: list[str]) -> list[str]:
    where = Msg("list", items=[Msg("header.region_en" if r.get("name_en") else "header.region", name=r["name"],
                                   name_en=r.get("name_en"), document=r["document"], year=r["target_year"])
                               for r in regions])
    basis = Msg("basis_word." + opts["basis"]) if opts["basis"] in BASIS else opts["basis"]
    denom = (Msg("rule.basis_year", basis=basis, year=opts["year"]) if opts.get("year")
             else Msg("rule.basis_newest", basis=basis))
    if opts.get("denominator") == "issued":
        denom = Msg("rule.issued", basis=basis)
    if opts.get("scope") not in (None, "national"):
        denom = Msg("rule.scope", rule=denom, scope=opts["scope"])
    if opts.get("source"):
        denom = Msg("rule.source", rule=denom, source=opts["source"])
    what = Msg("list", items=list(scenario)) if scenario else Msg("scenario.published")
    return [where, Msg("header.denominators", rule=denom), Msg("header.scenario", what=what)]


def unmatched_view(rows: list[dict], units: str = "doc") -> View:
    """Targets without a result, each with why (nothing silent)."""
    cols = [Column("target", "Target", no_wrap=True), Column("figure", "Figure", "right"),
            Column("measure", "Measure"), Column("why", "Why no result", max_width=60)]
    out = [{"target": _label(r), "figure": (r.get("figure") or {}).get("text", ""), "measure": r.get("measure") or "",
            "why": _note(r)} for r in rows]
    return View("Targets without a result", cols, out, raw=rows, styles=[None] * len(out), sheet="unmatched")


def report_doc(report: dict, kinds: Iterable[str] = ("share", "supply", "rollup", "progress", "unmatched"),
               units: str = "doc") -> Doc:
    views = []
    results = report["results"]
    if len(report.get("regions", [])) > 1:  # several regions: say which on every row
        results = [{**r, "id": f"{r['region']}:{r['id']}", "name": f"{r['region']}:{r.get('name') or r['id']}"}
                   for r in results]
    builders = {"share": share_view, "supply": supply_view, "rollup": rollup_view, "progress": progress_view,
                "unmatched": unmatched_view}
    for kind in kinds:
        rows = [r for r in results if r["kind"] == kind]
        if rows:
            views.append(builders[kind](rows, units))
            if kind == "share":
                tn = then_now_view(rows)
                if tn is not None:
                    views.append(tn)
    return Doc(payload=report, views=views, header=report_header(report),
               footer=warning_lines(results) + [Msg("summary.line", summary=summary_line(report))],
               csv_rows=report["results"])


def warning_lines(results: Iterable[dict]) -> list[str]:
    """Every row's warnings (a share above 100%…), one plain sentence a line."""
    return [Msg("warning", id=r["id"], text=w) for r in results for w in r.get("warnings") or []]


def compare_doc(result: dict, units: str = "doc") -> Doc:
    """Regions side by side: a row per quantity and region (region named on every row), then the sum.
    Figures in the unit the document writes (``units="doc"``: 87 萬噸) or in SI (``"si"``: 870,000 t)."""
    cols = [Column("quantity", "Quantity", no_wrap=True), Column("region", "Region", no_wrap=True),
            Column("figure", "Figure", "right"), Column("unit", "Unit"), Column("as_written", "As written"),
            Column("share", "Share [goal]", "right", no_wrap=True), Column("parent", "Of parent", "right"),
            Column("verdict", "Verdict", "center")]
    rows, styles, raw, notes = [], [], [], []
    for q in result["quantities"]:
        sum_unit: Optional[tuple[str, float]] = None  # the first added region's unit: the Σ row's
        for c in q["regions"]:
            fig = c["figure"]
            goal = goal_mark(c)
            if fig:
                unit, f = doc_unit(fig, fig["unit"]) if units == "doc" else (fig["unit"], 1.0)
                if sum_unit is None and c["region"] in q["sum"]["regions"]:
                    sum_unit = (unit, f)
                figure, written = num(_in(fig, f)), fig.get("text", "")
            elif c.get("needed_local"):
                figure, unit, written = Msg("needs", value=num(c["needed_local"]["magnitude"])), c["needed_local"]["unit"], ""
            else:
                figure, unit, written = "", "", "—" if c["target"] is None else ""
            rows.append({"quantity": q["id"], "region": c["region"], "figure": figure, "unit": unit,
                         "as_written": written,
                         "share": (pct_range(c["share"], c["share_range"]) + goal) if c["target"] else "",
                         "parent": Msg("compare.of_parent", share=pct(c['fraction_of_parent']), parent=c['parent'])
                         if c.get("fraction_of_parent")
                         is not None else "",
                         "verdict": _verdict_cell(c) if c.get("status") else ""})
            styles.append(VERDICT_STYLE.get(c.get("status") or "info"))
            raw.append({"quantity": q["id"], "region": c["region"], "target": c["target"],
                        "magnitude": fig["magnitude"] if fig else None, "unit": fig["unit"] if fig else None,
                        "text": fig.get("text") if fig else None, "share": c["share"], "threshold": c["threshold"],
                        "comparator": c["comparator"], "status": c["status"], "ok": c["ok"],
                        "needed_local": (c.get("needed_local") or {}).get("magnitude"),
                        "parent": c["parent"], "fraction_of_parent": c["fraction_of_parent"],
                        "target_year": c.get("target_year"),
                        "left_out": "; ".join(f"{x['target']} ({x['year']})" for x in c.get("left_out") or [])})
            if c.get("chosen"):
                notes.append(Msg("compare.chosen", quantity=q["id"], region=c["region"],
                                 chosen=worded(c["chosen_notes"]) if c.get("chosen_notes") else c["chosen"]))
        sm = q["sum"]
        if len(sm["regions"]) > 1 or sm["not_added"]:
            su, sf = sum_unit if sum_unit and sm["unit"] else (sm["unit"] or "", 1.0)
            rows.append({"quantity": q["id"], "region": "Σ " + " + ".join(sm["regions"]),
                         "figure": num(_in(sm, sf)), "unit": su, "as_written": "",
                         "share": pct_range(sm["share"], sm.get("share_range")), "parent": "", "verdict": ""})
            styles.append("bold")
        raw.append({"quantity": q["id"], "region": "sum", "target": None, "magnitude": sm["magnitude"],
                    "unit": sm["unit"], "text": None, "share": sm["share"], "threshold": None, "comparator": None,
                    "status": None, "ok": None, "needed_local": None, "parent": None, "fraction_of_parent": None,
                    "target_year": None, "left_out": "", "regions": "; ".join(sm["regions"])})
        if sm["sentence"]:
            why = {c["region"]: worded(c["not_added_notes"]) if c.get("not_added_notes") else c.get("not_added")
                   for c in q["regions"]}
            not_added = Msg("comma", items=[Msg("region_why", region=r, why=why.get(r)) for r in sm["not_added"]])
            code = "compare.sum" + ("_not_added" if sm["not_added"] else "") + ("_note" if sm.get("note") else "")
            sentence = worded(sm["sentence_notes"]) if sm.get("sentence_notes") else sm["sentence"]
            notes.append(Msg(code, quantity=q["id"], sentence=sentence, not_added=not_added,
                             note=worded(sm["notes"]) if sm.get("notes") else sm.get("note")))
        notes.extend(Msg("warning", id=q["id"], text=w) for w in
                     ([worded([x]) for x in q["warning_notes"]] if q.get("warning_notes") else q["warnings"]))
    header = [Msg("compare.regions", regions=[
                  Msg("compare.region_inside" if r.get("parent") else "compare.region", id=r["id"], name=r["name"],
                      document=r["document"], year=r["target_year"], parent=r.get("parent"))
                  for r in result["regions"]]),
              Msg("compare.national", file=result["national_file"])]
    return Doc(payload=result, views=[View("Regions side by side", cols, rows, raw=raw, styles=styles, notes=notes)],
               header=header, csv_rows=raw)


# ---------------------------------------------------------------------------------------------


def _value_cell(v: Optional[dict]) -> str:
    """870,000 t, or 3~5 家 for a range (both ends), ≥1,000 GW for a bound."""
    if not v:
        return ""
    mark = {"at_least": "≥", "at_most": "≤"}.get(v.get("bound") or "", "")
    text = mark + num(v["magnitude"]) + (f"~{num(v['high'])}" if v.get("high") is not None else "")
    return f"{text} {v['unit']}".strip()


def targets_doc(payload: dict, lang: str = "zh") -> Doc:
    cols = [Column("id", "Id", no_wrap=True), Column("where", "§", min_width=4),
            Column("name", "Name", max_width=28, min_width=10), Column("figure", "Figure", "right", no_wrap=True),
            Column("value", "Value", "right"), Column("threshold", "Threshold"),
            Column("lead", "Lead", max_width=22, min_width=8)]
    rows = []
    for t in payload["targets"]:
        cmp_word = {"at_least": " 以上" if lang == "zh" else Msg("targets.or_more"), "range": "", "reach": "",
                    "at_most": " 以下"}
        th = t.get("threshold")
        rows.append({
            "id": t["id"], "where": f"{t['section']}.{t['clause']}" if t.get("clause") else t["section"],
            "name": t["name"] if lang == "zh" else (t["name_en"] or t["name"]),
            "figure": (t["figure"] + cmp_word.get(t["comparator"], "")) if t["figure"] else Msg("targets.no_figure"),
            "value": _value_cell(t["value"]) if t["value"] else "",
            "threshold": f"{th['kind']} {th['figure']}" if th else "", "lead": "、".join(t["lead"]),
        })
    views = [View(Msg("title.targets", n=len(rows)), cols, rows, raw=payload["targets"])] if rows or "projects" not in payload else []
    if payload.get("projects"):
        pcols = [Column("id", "Id", no_wrap=True), Column("name", "Project", max_width=24, min_width=8),
                 Column("product", "Product", max_width=24, min_width=8), Column("figure", "Figure", "right"),
                 Column("state", "State"), Column("feeds", "Feeds")]
        prow = [{"id": p["id"], "name": p["name"], "product": p["product"], "figure": p["figure"] or "",
                 "state": p["state"], "feeds": p["feeds"] or ""} for p in payload["projects"]]
        views.append(View(Msg("title.projects", n=len(prow)), pcols, prow, raw=payload["projects"]))
    csv_rows = [{"record": "target", **t} for t in payload["targets"]]
    csv_rows += [{"record": "project", **p} for p in payload.get("projects", [])]
    return Doc(payload=payload, views=views, csv_rows=csv_rows)


def _end(f: dict, value: Optional[str]) -> str:
    """[low] / [value] / [high] when a source gives the factor's low end, stated value or high end."""
    marks = [name for name, key in (("low", "low"), ("value", "value"), ("high", "high")) if value and f.get(key) == value]
    return f" [{', '.join(marks)}]" if marks else ""


def sources_doc(payload: dict) -> Doc:
    cols = [Column("quantity", "Quantity", no_wrap=True), Column("year", "Year", "right"),
            Column("period", "Period", max_width=30, min_width=8),
            Column("basis", "Basis"), Column("value", "Value", "right", no_wrap=True), Column("flags", "Flags"),
            Column("source", "Source", max_width=40, min_width=20)]
    if len({f.get("file") for q in payload["quantities"] for f in q["figures"]}) > 1:  # layered: say which file
        cols.append(Column("file", "File", max_width=40, min_width=18))
    rows, raw = [], []
    for q in payload["quantities"]:
        for f in q["figures"]:
            flags = [k for k in ("preferred", "derived", "uncertain", "estimate", "unverified") if f.get(k)]
            if f.get("scope") not in (None, "national"):
                flags.append(Msg("sources.scope", scope=f["scope"]))
            rows.append({"quantity": q["id"], "year": str(f["year"]), "period": _period(f["period"]), "basis": f["basis"],
                         "value": f["value"], "flags": Msg("comma", items=flags), "source": f["source"],
                         "file": f.get("file") or ""})
            raw.append({"quantity": q["id"], **f})
    fcols = [Column("factor", "Factor", no_wrap=True), Column("value", "Value", "right", no_wrap=True),
             Column("range", "Range", no_wrap=True), Column("flags", "Flags"), Column("note", "Note", max_width=60)]
    frows = []
    for f in payload["factors"]:
        flags = [k for k in ("derived", "estimate") if f.get(k)]
        if f.get("physical_bound"):  # documented beside the range, never an end of it
            flags.append(Msg("sources.physical_bound", value=f["physical_bound"]))
        frows.append({"factor": f["id"], "value": f["value"],
                      "range": f"{f['low'] or ''} – {f['high'] or ''}" if (f["low"] or f["high"]) else "",
                      "flags": Msg("comma", items=flags), "note": f["note"]})
    notes = [f"{q['id']}: {q['proxy_note']}" for q in payload["quantities"] if q.get("proxy_note")]
    fnotes = [f"{f['id']}: {s['value'] or ''}" + _end(f, s["value"]) + f" ({s['source']}, {s['year'] or ''})"
              + (f" {s['url']}" if s["url"] else "") for f in payload["factors"] for s in f["sources"]]
    return Doc(payload=payload, views=[View("National figures", cols, rows, raw=raw, notes=notes),
                                       View("Conversion factors", fcols, frows, raw=payload["factors"],
                                            notes=fnotes)],
               csv_rows=[{"record": "figure", **r} for r in raw]
               + [{"record": "factor", **f} for f in payload["factors"]])


def reconcile_doc(payload: dict) -> Doc:
    cols = [Column("target", "Target", no_wrap=True), Column("year", "Year", "right"), Column("period", "Period"),
            Column("basis", "Basis"), Column("national", "National", "right", no_wrap=True),
            Column("share", "Share [goal]", "right", no_wrap=True), Column("bar", "Bar", no_wrap=True, drop=True),
            Column("verdict", "Holds?", "center"), Column("source", "Source", max_width=36)]
    rows, styles, notes = [], [], []
    for item in payload["reconcile"]:
        h_unit, h_f = doc_unit(item["local"], item["headroom"]["unit"])  # in the document's unit (217.5萬噸)
        notes.append(Msg("reconcile.needs", id=item["id"], local=item["local"]["text"],
                         threshold=item["threshold_text"],
                         headroom=f"{num(item['headroom']['magnitude'] * h_f, 2)}{_sep(h_unit)}{h_unit}"))
        for r in item["rows"]:
            goal = f" [{CMP[item['comparator']]}{pct(item['threshold'], 0)}]"
            n = r["national"]
            ctx = r.get("context")
            rows.append({"target": item["id"], "year": str(n["year"]), "period": _period(n["period"]), "basis": n["basis"],
                         "national": n["text"], "share": pct_range(r["share"], r["share_range"]) + goal,
                         "bar": bar(r["share_range"], item["threshold"]),
                         "verdict": "context" if ctx else VERDICT[r["status"]], "source": n["source"]})
            if ctx:
                notes.append(Msg("reconcile.context", id=item["id"], text=n["text"], period=n["period"] or n["year"],
                                 why=worded(r["context_notes"]) if r.get("context_notes") else ctx))
            styles.append(VERDICT_STYLE[r["status"]])
    raw = [{"id": i["id"], **r} for i in payload["reconcile"] for r in i["rows"]]
    return Doc(payload=payload, views=[View("On which denominator does the claim hold?", cols, rows, raw=raw,
                                            styles=styles, notes=notes)], csv_rows=raw)


def simple_doc(payload: Any, title: str, rows: list[dict], columns: list[Column], notes: Optional[list[str]] = None,
               header: Optional[list[str]] = None, csv_rows: Optional[list[dict]] = None,
               styles: Optional[list[Optional[str]]] = None) -> Doc:
    return Doc(payload=payload, views=[View(title, columns, rows, styles=styles or [], notes=notes or [])],
               header=header or [], csv_rows=csv_rows)


def to_text(x: Any) -> str:
    return "" if x is None else str(x)


# --------------------------------------------------------------------------------------------- what-if


def _metric_cell(kind: str, value: Optional[float], rng: Optional[list], unit: Optional[str] = None) -> str:
    if kind == "rollup":
        return num(value)
    return pct_range(value, rng or [None, None])


def _trim(text: str) -> str:
    """-300.50 → -300.5, -300.00 → -300; a whole number keeps its zeros (-300, not -3)."""
    return text.rstrip("0").rstrip(".") if "." in text else text


def _figures_unit(row: dict, units: str) -> tuple[str, float]:
    """The display unit of a whatif row's figures (as the claim kind recorded it) and the factor from SI."""
    w = row.get("as_written")
    if units == "doc" and w and w.get("unit"):
        return w["unit"], float(w.get("factor") or 1.0)
    return "", 1.0


def _figures_cell(row: dict, units: str) -> str:
    """local 87 → 67萬噸: each changed figure, in the document's unit (or SI)."""
    parts = []
    figures = row.get("figures") or []
    doc_u, doc_k = _figures_unit(row, units)
    for f in figures:
        b, a = f.get("baseline") or {}, f.get("scenario") or {}
        si = a.get("unit") or b.get("unit") or ""
        unit, k = (doc_u, doc_k) if doc_u and units == "doc" else (si, 1.0)
        mb, ma = b.get("magnitude"), a.get("magnitude")
        name = Msg("figname." + f["name"]) if f["name"] in FIGURE_NAMES else f["name"]
        parts.append(Msg("figure_change", name=name, before=num(None if mb is None else mb * k) or "—",
                         after=f"{num(None if ma is None else ma * k) or '—'}{_sep(unit)}{unit}".rstrip()))
    return Msg("list", items=parts) if parts else ""


def whatif_doc(result: dict, show_all: bool = False, units: str = "doc") -> Doc:
    cols = [Column("id", "Result", no_wrap=True), Column("kind", "Kind"), Column("figures", "Changed figures",
                                                                                  max_width=36),
            Column("baseline", "Baseline", "right"), Column("scenario", "Scenario", "right"),
            Column("delta", "Δ", "right"), Column("goal", "Goal", "right"),
            Column("verdict", "Verdict", no_wrap=True), Column("flip", "")]
    rows, styles = [], []
    shown = [r for r in result["results"] if show_all or r["changed"] or r["flipped"]]
    for r in shown:
        kind = r["kind"]
        delta = r["delta"]
        if kind == "rollup":
            d = "" if delta is None else f"{delta:+,.0f}"
        else:
            d = "" if delta is None else Msg("delta.pp", value=f"{delta * 100:+.1f}")
        vb = VERDICT.get(r["status_baseline"] or "", "")
        vs = VERDICT[r["status_scenario"]]
        if kind == "rollup":  # the parts' total in the document's unit, as the figures beside it
            u, k = _figures_unit(r, units)
            k = k if u else 1.0
            d = "" if delta is None else _trim(f"{delta * k:+,.{0 if k == 1 else 2}f}")
            base_cell = num(None if r["baseline"] is None else r["baseline"] * k)
            scen_cell = num(None if r["scenario"] is None else r["scenario"] * k)
        else:
            base_cell = _metric_cell(kind, r["baseline"], r["baseline_range"])
            scen_cell = _metric_cell(kind, r["scenario"], r["scenario_range"])
        rows.append({
            "id": _label(r), "kind": kind, "figures": _figures_cell(r, units),
            "baseline": base_cell, "scenario": scen_cell, "delta": d,
            "goal": (CMP[r["comparator"]] + pct(r["threshold"], 0)) if r.get("threshold") is not None else "",
            "verdict": Msg("verdict.change", before=vb, after=vs) if vb != vs else vs,
            "flip": "FLIPPED" if r["flipped"] else "",
        })
        styles.append("bold yellow" if r["flipped"] else VERDICT_STYLE[r["status_scenario"]])
    nf, hidden = len(result["flipped"]), len(result["results"]) - len(shown)
    header = [_scenario_line(result),
              Msg("whatif.flipped1" if nf == 1 else "whatif.flipped", n=nf,
                  ids=", ".join(result["flipped"]) or Msg("scenario.none"))]
    notes = [] if show_all else [Msg("whatif.hidden1" if hidden == 1 else "whatif.hidden", n=hidden)]
    if not any(r["changed"] for r in result["results"]):
        notes.insert(0, Msg("whatif.nothing"))
    return Doc(payload={k: v for k, v in result.items() if k != "report"},
               views=[View("Baseline beside scenario", cols, rows, raw=shown, styles=styles, notes=notes)],
               header=header, csv_rows=shown)


def solve_doc(result: dict, units: str = "doc") -> Doc:
    rows, notes = [], []
    for r in result["results"]:
        if r["kind"] == "share" and r.get("local") is None:  # a share claim with no local figure
            n = r.get("national") or {}
            rows.append({"id": r["id"], "what": "local figure needed", "value": _range_or(r.get("needed_local"),
                                                                                          r.get("needed_local_range")),
                         "unit": (r.get("needed_local") or {}).get("unit", ""),
                         "now": num((r.get("observed") or {}).get("magnitude")),
                         "against": _against(n)})
            if r.get("observed"):
                rows.append({"id": r["id"], "what": "gap (needed − observed)", "value": _range_or(r.get("gap"),
                                                                                               r.get("gap_range")),
                             "unit": (r.get("needed_local") or {}).get("unit", ""), "now": "",
                             "against": Msg("solve.observed", text=r["observed"]["text"], date=r["observed"]["date"])})
        elif r["kind"] == "share":
            unit, f = doc_unit(r["local"], r["local"]["unit"]) if units == "doc" else (r["local"]["unit"], 1.0)
            n = r.get("national") or {}
            rows.append({"id": r["id"], "what": "local figure needed", "value": _range_or(r.get("needed_local"),
                                                                                          r.get("needed_local_range"), f),
                         "unit": unit, "now": num(r["local"]["magnitude"] * f),
                         "against": _against(n)})
            rows.append({"id": r["id"], "what": "gap (needed − local)", "value": _range_or(r.get("gap"),
                                                                                        r.get("gap_range"), f),
                         "unit": unit, "now": "", "against": ""})
            rows.append({"id": r["id"], "what": "headroom (max national)", "value": num(r["headroom"]["magnitude"] * f),
                         "unit": unit, "now": _national_cell(n, f) if n else "",
                         "against": worded(r["explain_notes"]) if r.get("explain_notes") else r["explain"]})
            if r.get("headroom_above"):  # an about claim's upper flip
                rows.append({"id": r["id"], "what": "ABOVE below (national)",
                             "value": num(r["headroom_above"]["magnitude"] * f), "unit": unit, "now": "",
                             "against": Msg("solve.above_below")})
        else:
            unit, f = (doc_unit(r["supply"], r["supply"]["unit"]) if units == "doc"
                       else (r["supply"]["unit"], 1.0))
            rows.append({"id": r["id"], "what": "supply needed", "value": num(r["needed_supply"]["magnitude"] * f),
                         "unit": unit, "now": num(r["supply"]["magnitude"] * f),
                         "against": Msg("solve.of_need", threshold=r["threshold_text"],
                                        need=num(r["demand"]["magnitude"] * f), unit=unit)})
            same = r["max_demand"]["unit"] == r["supply"]["unit"]
            rows.append({"id": r["id"], "what": "largest demand covered", "value":
                         num(r["max_demand"]["magnitude"] * (f if same else 1.0)),
                         "unit": unit if same else r["max_demand"]["unit"], "now": "",
                         "against": r["max_demand"]["id"]})
            if r.get("break_even_factor"):
                f = r["break_even_factor"]
                rows.append({"id": r["id"], "what": "break-even factor", "value": f"{f['magnitude']:.4g}",
                             "unit": f["unit"], "now": f"{r['factor']['magnitude']:.4g}",
                             "against": Msg("solve.break_even", factor=f["id"], threshold=r["threshold_text"])})
    cols = [Column("id", "Claim", no_wrap=True), Column("what", "Solved for"), Column("value", "Value", "right"),
            Column("unit", "Unit"), Column("now", "Now", "right"),
            Column("against", "Against", max_width=48, min_width=30)]
    return Doc(payload=result, views=[View("Goal seek (closed form)", cols, rows, notes=notes)],
               header=[_scenario_line(result)], csv_rows=result["results"])


def _scenario_line(result: dict) -> Msg:
    return Msg("header.scenario", what=Msg("list", items=list(result["scenario"])) if result["scenario"]
               else Msg("scenario.none"))


def _against(n: dict) -> Msg:
    basis = n.get("basis", "")
    return Msg("solve.against", text=n.get("text") or Msg("no_national"), year=n.get("year", ""),
               basis=Msg("basis_word." + basis) if basis in BASIS else basis)


def _range_or(q: Optional[dict], rng: Optional[list], f: float = 1.0) -> str:
    if q is not None:
        return num(q["magnitude"] * f)
    return pct_range_q(rng, f)


def sweep_doc(result: dict, chart: bool = True, units: str = "doc") -> Doc:
    original = result
    unit, f = doc_unit(result.get("from_quantity"), result["unit"]) if units == "doc" else (result["unit"], 1.0)
    if f != 1.0:  # the axis in the unit the values were given in (200萬噸 … 400萬噸)
        result = {**result, "unit": unit, "values": [v * f for v in result["values"]],
                  "results": [{**r, "crossings": [{**c, "value": c["value"] * f} for c in r["crossings"]]}
                              for r in result["results"]]}
    cols = [Column("value", f"{result['param']} ({unit})", "right", no_wrap=True)]
    def key(r: dict) -> str:
        return f"{r['id']} ({r['kind']})"

    for r in result["results"]:
        cols.append(Column(key(r), Msg("sweep.column", id=r["id"], kind=r["kind"], goal=(
            f" [{CMP[r['comparator']]}{pct(r['threshold'], 0)}]" if r.get("threshold") is not None else "")), "right"))
    rows, raw = [], []
    for i, v in enumerate(result["values"]):
        row = {"value": num(v)}
        flat = {"param": result["param"], "value": v, "unit": unit}
        for r in result["results"]:
            m, rng, ok = r["values"][i], r["ranges"][i], r["ok"][i]
            cell = _metric_cell(r["kind"], m, rng)
            mark = {True: " ✓", False: " ✗", None: ""}[ok] if r.get("threshold") is not None else ""
            if (r.get("status") or [None] * (i + 1))[i] == "above":
                mark = " ↑"  # ABOVE: more than the text says
            row[key(r)] = cell + mark
            flat[key(r)] = m
            flat[key(r) + ".ok"] = ok
        rows.append(row)
        raw.append(flat)
    notes = []
    for r in result["results"]:
        for c in r["crossings"]:
            side = {True: Msg("sweep.holds"), False: Msg("sweep.fails"), None: Msg("sweep.undecidable")}
            v = c["value"]
            exact = f"{v:,.0f}" if abs(v) >= 1e5 else f"{v:,.6g}"
            if c.get("flip") == "above":  # an about claim's upper flip
                ab = {True: Msg("sweep.above"), False: Msg("sweep.about")}
                notes.append(Msg("sweep.flips", key=Msg("sweep.key", id=r["id"], kind=r["kind"]), param=result["param"],
                                 value=f"{exact}{_sep(unit)}{unit}", method=c["method"], below=ab[c["above_below"]],
                                 above=ab[c["above_above"]]))
                continue
            notes.append(Msg("sweep.flips", key=Msg("sweep.key", id=r["id"], kind=r["kind"]), param=result["param"], value=f"{exact}{_sep(unit)}{unit}",
                             method=c["method"], below=side[c["ok_below"]], above=side[c["ok_above"]]))
        if r.get("threshold") is not None and not r["crossings"]:
            notes.append(Msg("sweep.no_crossing", key=Msg("sweep.key", id=r["id"], kind=r["kind"]), start=result["from"], end=result["to"]))
    if not result["results"]:
        notes.append(Msg("sweep.nothing", param=result["param"]))
    views = [View(Msg("sweep.title", param=result["param"], start=result["from"], end=result["to"],
                      steps=result["steps"]), cols, rows, raw=raw, notes=notes)]
    footer = []
    if chart:
        footer = ascii_chart(result)
    if f != 1.0:  # CSV and xlsx keep SI magnitudes, as every other command's
        raw = sweep_doc(original, chart=False, units="si").csv_rows or []
        views[0].raw = raw
    return Doc(payload=original, views=views, header=[_scenario_line(result)],
               footer=footer, csv_rows=raw)


def _sep(unit: str) -> str:
    """No space before a unit written in Chinese (217.5萬噸), one before t, GW, t/t."""
    return "" if unit and not unit[0].isascii() else " "


def ascii_chart(result: dict, height: int = 10) -> list[str]:
    """A small text chart: each result's share/ratio (%) across the sweep, threshold as ─."""
    lines = []
    xs = result["values"]
    for r in result["results"]:
        if r["kind"] not in ("share", "supply"):
            continue
        ys = [(v if v is not None else (rng[1] if rng and rng[1] is not None else None))
              for v, rng in zip(r["values"], r["ranges"])]
        ys = [y if y is not None and math.isfinite(y) else None for y in ys]  # no need at all: an infinite ratio
        vals = [y for y in ys if y is not None] + ([r["threshold"]] if r.get("threshold") is not None else [])
        if not vals:
            continue
        top, bottom = max(vals) * 1.05, min(0.0, min(vals))
        span = (top - bottom) or 1.0
        w = max(1, min(6, 60 // max(1, len(xs))))
        grid = [[" "] * (len(xs) * w) for _ in range(height)]
        if r.get("threshold") is not None:
            ty = int(round((r["threshold"] - bottom) / span * (height - 1)))
            for x in range(len(xs) * w):
                grid[height - 1 - ty][x] = "─"
        for x, y in enumerate(ys):
            if y is None:
                continue
            yy = int(round((y - bottom) / span * (height - 1)))
            grid[height - 1 - yy][x * w + w // 2] = "●" if (r["ok"][x] is not False) else "○"
        lines.append(Msg("sweep.chart", id=r["id"], kind=r["kind"]))
        for i, g in enumerate(grid):
            label = f"{(top - span * i / (height - 1)) * 100:7.1f} ┤" if i in (0, height - 1) else "        │"
            lines.append(label + "".join(g))
        unit = result["unit"]
        first, last = xs[0], xs[-1]
        f = lambda v: f"{num(v)}{_sep(unit)}{unit}"  # noqa: E731
        lines.append("         " + f(first) + " " * max(1, len(xs) * w - len(f(first)) - len(f(last))) + f(last))
        lines.append("")
    return lines
