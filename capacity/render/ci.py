"""CI formats for ``capacity check`` (and ``capacity validate --format github``).

- ``check_report``: the report of ``capacity.evaluate.evaluate`` cut down to checks: share, supply and
  rollup rows that have a verdict to give (status pass, warn, fail or undecided). Rows without a
  threshold (status info) and progress rows are not checks.
- GitHub Actions workflow commands: ``::error file=…,line=…,title=…::message``, escaped as the runner
  expects, at most ``MAX_ANNOTATIONS`` per severity plus one plain line saying how many more.
- JUnit XML: one testcase per check (classname ``capacity.<region>.<kind>``, name the check's id),
  ``<failure>`` for a failed check, ``<skipped>`` for an undecidable one, ``<error>`` for an input error.
- Markdown for ``$GITHUB_STEP_SUMMARY``.

Pure functions from dicts and errors to text; nothing here prints or reads the environment, except
``append_text`` which appends to a file (the step summary).
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Iterable, Optional, Sequence

from capacity.messages import Msg, message, word, worded
from capacity.claims import CHECK_KINDS  # defined once, by the claim kinds
from capacity.errors import InputError

CHECK_STATUSES = ("pass", "warn", "fail", "undecided", "above")
MAX_ANNOTATIONS = 10  # GitHub shows at most 10 error and 10 warning annotations per step

SEVERITY = {"fail": "error", "warn": "warning", "undecided": "notice", "above": "warning"}
STATUS_WORD = {"pass": "passed", "warn": "passed with a warning", "fail": "failed", "undecided": "undecided",
               "above": "above: more than the text says"}
ICON = {"fail": "❌", "warn": "⚠️", "undecided": "❔", "pass": "✅", "above": "⬆️"}
_ORDER = {"fail": 0, "warn": 1, "above": 2, "undecided": 3, "pass": 4}


# ---------------------------------------------------------------------------------------------
# Which rows are checks


def is_check(row: dict) -> bool:
    return row.get("kind") in CHECK_KINDS and row.get("status") in CHECK_STATUSES


def base_id(row: dict) -> str:
    """The target a row is about (``polysilicon`` for ``polysilicon_projects``), as ``evaluate``'s
    ``only=`` filter sees it."""
    from capacity.evaluate import _base_id

    return _base_id(row)


def check_ids(report: dict) -> list[str]:
    """Every id ``--only`` accepts: the checks' own ids and the targets they are about."""
    out: list[str] = []
    for r in report["results"]:
        if is_check(r):
            for i in (r["id"], base_id(r)):
                if i not in out:
                    out.append(i)
    return out


def check_report(report: dict, only: Optional[Iterable[str]] = None) -> dict:
    """``report`` with only its checks (and, given ``only``, only those about these ids); the summary
    and the denominators recomputed. The same contract as the report (schema capacity.report/1)."""
    from capacity.evaluate import denominators

    wanted = set(only) if only else None
    strict = bool((report.get("options") or {}).get("strict"))
    rows = [_warned(r, strict) for r in report["results"] if is_check(r)
            and (wanted is None or r["id"] in wanted or base_id(r) in wanted)]
    out = dict(report)
    out["results"] = rows
    out["denominators"] = denominators(rows)
    out["summary"] = {s: sum(1 for r in rows if r["status"] == s) for s in ("pass", "warn", "fail", "undecided",
                                                                          "info", "above")}
    return out


def _warned(row: dict, strict: bool) -> dict:
    """A passing check whose row carries a warning (a share above 100%, which cannot be) is a warning,
    counted as one and shown in every format; under --strict it fails the run (exit 1) like any warning."""
    if not row.get("warnings") or row.get("status") != "pass":
        return row
    return {**row, "status": "warn", "ok": False if strict else row.get("ok")}


def summary_line(report: dict, code: int) -> "Msg":
    """``check: 6 failed, 0 warnings, 10 passed, 0 undecided (exit 1)``."""
    s = report["summary"]
    if s.get("above"):
        return Msg("check.summary_above", fail=s["fail"], warn=Msg("count.warn1") if s["warn"] == 1 else
                   Msg("count.warn", n=s["warn"]), ok=s["pass"], undecided=s["undecided"], above=s["above"],
                   exit_code=code)
    return Msg("check.summary1" if s["warn"] == 1 else "check.summary", fail=s["fail"], warn=s["warn"], ok=s["pass"],
               undecided=s["undecided"], exit_code=code)


# ---------------------------------------------------------------------------------------------
# One sentence per check


def _claim(row: dict) -> str:
    from capacity.views import CMP, pct

    if row.get("threshold") is None:
        return ""
    return f"{CMP.get(row.get('comparator'), '')}{pct(row['threshold'], 0)}"


def _margin(row: dict) -> str:
    m = row.get("margin_pp")
    return "" if m is None else f", {m:+.1f} pp"


def rid(row: dict, multi: bool = False) -> str:
    """A row's id, with its region in front when several regions are loaded (baotou:polysilicon)."""
    return f"{row['region']}:{row['id']}" if multi and row.get("region") else row["id"]


def _multi(report: dict) -> bool:
    return len(report.get("regions") or []) > 1


def describe(row: dict, multi: bool = False) -> "Msg":
    """What a check found, in one sentence: ``polysilicon: share of the national total 26.9%
    against the claim ≥40% (均占全國產能40%以上): 87萬噸 of 323.1万吨 (end-2024, capacity), -13.1 pp;
    422,400 t short``."""
    from capacity.views import num, pct_range

    kind = row["kind"]
    claim = _claim(row)
    from capacity.views import pct

    said = row.get("threshold_text")
    words = f" ({said})" if said and said not in (claim, pct(row.get("threshold"), 0)) else ""
    margin = Msg("ci.margin", pp=f"{row['margin_pp']:+.1f}") if row.get("margin_pp") is not None else ""
    parts: list = []
    if kind == "share":
        value = pct_range(row.get("share"), row.get("share_range")) or Msg("ci.unknown")
        n = row.get("national")
        local = (row.get("local") or {}).get("text") or Msg("ci.no_local")
        base = (Msg("ci.of", local=local, text=n["text"], period=Msg("period", p=n.get("period") or n["year"]),
                    basis=n["basis"]) if n else Msg("no_national"))
        parts.append(Msg("ci.share", value=value, claim=claim, words=words, base=base, margin=margin))
        gap = row.get("gap")
        if row["status"] == "fail" and gap and gap.get("magnitude") is not None and gap["magnitude"] > 0:
            parts.append(Msg("ci.short", value=num(gap["magnitude"]), unit=gap["unit"]))
    elif kind == "supply":
        value = pct_range(row.get("ratio"), row.get("ratio_range")) or Msg("ci.unknown")
        if row.get("supply") and row.get("demand") is None:
            parts.append(Msg("ci.supply_no_demand", supply=row["supply"]["text"], claim=claim, words=words))
        elif row.get("supply"):
            s, d = row["supply"], row["demand"]
            parts.append(Msg("ci.supply", value=value, claim=claim, words=words, supply=s["text"], id=s["id"],
                             need=num(d.get("magnitude")), unit=s.get("unit", ""), demand=d["id"], text=d["text"],
                             factor=f" × {row['factor']['text']}" if row.get("factor") else "", margin=margin))
        else:
            parts.append(Msg("ci.chain", value=value, claim=claim, words=words, n=len(row.get("links") or []),
                             margin=margin))
    else:  # rollup
        unit = (row.get("stated") or {}).get("unit", "")
        stated = (row.get("stated") or {}).get("text", "")
        total = num((row.get("parts_total") or {}).get("magnitude"))
        n = len(row.get("parts") or [])
        rest = (row.get("unexplained") or {}).get("magnitude")
        if row["id"].endswith("_projects"):
            parts.append(Msg("ci.projects", n=n, total=total, unit=unit, stated=stated))
            if rest is not None:
                parts.append(Msg("ci.more_than_target", value=num(-rest), unit=unit) if rest < 0
                             else Msg("ci.existing", value=num(rest), unit=unit))
        else:
            parts.append(Msg("ci.parts", n=n, total=total, unit=unit, stated=stated))
            if rest is not None and rest != 0:
                parts.append(Msg("ci.parts_short" if rest > 0 else "ci.parts_over", value=num(abs(rest)), unit=unit))
    if row["status"] == "undecided" and row.get("note"):
        parts.append(Msg("ci.paren", text=worded(row["notes"]) if row.get("notes") else row["note"]))
    for w in row.get("warnings") or []:
        parts.append(Msg("ci.warning", text=w))
    from capacity.views import with_stance

    return Msg("ci.describe", id=with_stance(rid(row, multi), row), text=Msg("concat", items=parts))


def _where(row: dict) -> str:
    loc = row.get("location") or {}
    return f"{loc['file']}:{loc['line']}" if loc.get("file") else ""


# ---------------------------------------------------------------------------------------------
# GitHub Actions workflow commands


def escape_data(s: str) -> str:
    return s.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(s: str) -> str:
    return escape_data(s).replace(":", "%3A").replace(",", "%2C")


def github_path(path: str, root: Optional[str] = None) -> str:
    """A path as GitHub wants it in an annotation: relative to the workspace when it is inside it."""
    p = Path(path)
    if p.is_absolute():
        base = Path(root or os.environ.get("GITHUB_WORKSPACE") or os.getcwd())
        try:
            return p.resolve().relative_to(base.resolve()).as_posix()
        except ValueError:
            return p.as_posix()
    return p.as_posix()


def annotation(level: str, message: str, *, file: Optional[str] = None, line: Optional[int] = None,
               col: Optional[int] = None, title: Optional[str] = None) -> str:
    """``::error file=…,line=…,col=…,title=…::message`` with properties and message escaped."""
    props = []
    if file:
        props.append(f"file={escape_property(github_path(file))}")
    if file and line:
        props.append(f"line={int(line)}")
    if file and line and col:
        props.append(f"col={int(col)}")
    if title:
        props.append(f"title={escape_property(title)}")
    return f"::{level}{' ' + ','.join(props) if props else ''}::{escape_data(message)}"


def _error_message(e: InputError) -> str:
    text = e.message
    if e.expected:
        text += f"; expected {e.expected}"
    if e.hint:
        text += f"\nhint: {e.hint}"
    return text


def expand_errors(errors: Iterable[InputError]) -> list[InputError]:
    out: list[InputError] = []
    for e in errors:
        out.extend(getattr(e, "errors", None) or [e])
    return out


def github_error_lines(errors: Sequence[InputError], title: str = "capacity: invalid input") -> list[str]:
    """One ``::error`` line per input error, at its file, line and column when known."""
    lines = []
    for e in expand_errors(errors):
        loc = e.location
        lines.append(annotation("error", _error_message(e), file=loc.file if loc else None,
                                line=loc.line if loc else None, col=loc.column if loc else None, title=title))
    return lines


def github_check_lines(report: dict, limit: int = MAX_ANNOTATIONS, lang: str = "en") -> list[str]:
    """An annotation per failed (error), warned (warning) and undecided (notice) check, at the line
    where its target is defined; passes are not annotated. At most ``limit`` per severity, then one
    plain line saying how many more."""
    lines: list[str] = []
    for status in ("fail", "warn", "above", "undecided"):
        rows = [r for r in report["results"] if r["status"] == status]
        level = SEVERITY[status]
        for r in rows[:limit]:
            loc = r.get("location") or {}
            lines.append(annotation(level, word(describe(r, _multi(report)), lang), file=loc.get("file"),
                                    line=loc.get("line"),
                                    title=message("ci.title." + status, lang, id=rid(r, _multi(report)))))
        if len(rows) > limit:
            more = len(rows) - limit
            lines.append(message("ci.more1" if more == 1 else "ci.more", lang, n=more,
                                 status=Msg("ci.status." + status), limit=limit, level=level))
    return lines


# ---------------------------------------------------------------------------------------------
# JUnit XML

_XML_BAD = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _x(s: object) -> str:
    return _XML_BAD.sub("?", "" if s is None else str(s))


def _xml(root: ET.Element) -> str:
    import xml.etree.ElementTree as ET  # only for JUnit output

    ET.indent(root, space="  ")
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"


def junit_xml(report: dict, name: str = "capacity check", lang: str = "en") -> str:
    """One testsuite per region, one testcase per check."""
    import xml.etree.ElementTree as ET  # only for JUnit output

    rows = report["results"]
    regions = [r["id"] for r in report.get("regions", [])]
    for r in rows:
        if r["region"] not in regions:
            regions.append(r["region"])
    count = {s: sum(1 for r in rows if r["status"] == s) for s in CHECK_STATUSES}
    count["fail"] += sum(1 for r in rows if r["status"] in ("warn", "above") and r.get("ok") is False)
    root = ET.Element("testsuites", name=name, tests=str(len(rows)), failures=str(count["fail"]), errors="0",
                      skipped=str(count["undecided"]), time="0")
    for region in regions:
        mine = [r for r in rows if r["region"] == region]
        if not mine:
            continue
        suite = ET.SubElement(root, "testsuite", name=f"{name}: {region}", tests=str(len(mine)),
                              failures=str(sum(r["status"] == "fail" or (r["status"] in ("warn", "above")
                                                                                         and r.get("ok") is False)
                                               for r in mine)), errors="0",
                              skipped=str(sum(r["status"] == "undecided" for r in mine)), time="0")
        props = ET.SubElement(suite, "properties")
        opts = report.get("options") or {}
        for key, value in (("national_file", report.get("national_file")), ("basis", opts.get("basis")),
                           ("year", opts.get("year")), ("warn_within", opts.get("warn_within")),
                           ("strict", opts.get("strict")), ("scenario", "; ".join(report.get("scenario") or []))):
            if value not in (None, ""):
                ET.SubElement(props, "property", name=key,
                              value=_x(str(value).lower() if isinstance(value, bool) else value))
        for r in mine:
            loc = r.get("location") or {}
            attrs = {"classname": f"capacity.{region}.{r['kind']}", "name": rid(r, _multi(report)), "time": "0"}
            if loc.get("file"):
                attrs["file"] = _x(loc["file"])
                attrs["line"] = str(loc.get("line") or "")
            case = ET.SubElement(suite, "testcase", **attrs)
            if r.get("stance"):  # how firmly the text states it (goal, aspiration, forecast, status)
                ET.SubElement(ET.SubElement(case, "properties"), "property", name="stance", value=_x(r["stance"]))
            text = _x(word(describe(r, _multi(report)), lang))
            note = word(worded(r["notes"]), lang) if r.get("notes") else r.get("note")
            detail = "\n".join(x for x in (text, message("ci.at", lang, where=_where(r)) if _where(r) else "",
                                           _x(note)) if x)
            if r["status"] == "fail" or (r["status"] in ("warn", "above") and r.get("ok") is False):  # --strict
                ET.SubElement(case, "failure", message=text,
                              type={"fail": "threshold", "above": "above"}.get(r["status"], "warning")).text = detail
            elif r["status"] == "above":  # more than the text says: passes unless --strict
                ET.SubElement(case, "system-out").text = message("ci.above_line", lang) + "\n" + detail
            elif r["status"] == "undecided":
                ET.SubElement(case, "skipped", message=text).text = detail
            elif r["status"] == "warn":
                why = "; ".join(_x(w) for w in r.get("warnings") or []) or message("ci.within_margin", lang)
                ET.SubElement(case, "system-out").text = message("ci.warning_line", lang, why=why) + "\n" + detail
    return _xml(root)


def junit_error_xml(errors: Sequence[InputError], name: str = "capacity check") -> str:
    """An input error as JUnit, so dashboards show it: one testcase with an <error> per error."""
    import xml.etree.ElementTree as ET  # only for JUnit output

    errs = expand_errors(errors)
    root = ET.Element("testsuites", name=name, tests=str(len(errs)), failures="0", errors=str(len(errs)),
                      skipped="0", time="0")
    suite = ET.SubElement(root, "testsuite", name=f"{name}: input", tests=str(len(errs)), failures="0",
                          errors=str(len(errs)), skipped="0", time="0")
    for e in errs:
        loc = e.location
        attrs = {"classname": "capacity.input", "name": str(loc) if loc else "input", "time": "0"}
        if loc:
            attrs["file"] = _x(loc.file)
            attrs["line"] = str(loc.line)
        case = ET.SubElement(suite, "testcase", **attrs)
        ET.SubElement(case, "error", message=_x(e.message), type=type(e).__name__).text = _x(e.format())
    return _xml(root)


# ---------------------------------------------------------------------------------------------
# Markdown (step summary)


def _md(s: object) -> str:
    return str("" if s is None else s).replace("|", "\\|").replace("\n", " ")


def _rollup_claim(row: dict) -> str:
    """Named projects must not exceed the target they feed; stated parts must reach the stated total."""
    op = "≤" if row["id"].endswith("_projects") or row.get("comparator") == "at_most" else "≥"
    return f"{op} {(row.get('stated') or {}).get('text', 'stated')}"


def summary_markdown(report: dict, code: int, title: str = "capacity check") -> str:
    """A Markdown table of every check, failures first, for ``$GITHUB_STEP_SUMMARY``."""
    from capacity.views import pct_range, pp

    rows = sorted(report["results"], key=lambda r: _ORDER[r["status"]])
    out = [f"### {title}", "", f"**{summary_line(report, code)}**", ""]
    if report.get("scenario"):
        out += ["Scenario: " + _md("; ".join(report["scenario"])), ""]
    if not rows:
        return "\n".join(out + ["No checks.", ""]) + "\n"
    out += ["| | Check | Kind | Value | Claim | ±pp | Where |", "|:---:|:---|:---|---:|:---|---:|:---|"]
    for r in rows:
        if r["kind"] == "share":
            value = pct_range(r.get("share"), r.get("share_range"))
        elif r["kind"] == "supply":
            value = pct_range(r.get("ratio"), r.get("ratio_range"))
        else:
            from capacity.views import num

            pt = r.get("parts_total") or {}
            value = f"{num(pt.get('magnitude'))} {pt.get('unit', '')}".strip()
        claim = _claim(r) if r["kind"] != "rollup" else _rollup_claim(r)
        from capacity.views import with_stance

        out.append(f"| {ICON[r['status']]}{with_stance('', r)} | `{_md(rid(r, _multi(report)))}` | {r['kind']} | {_md(value)} | {_md(claim)} | "
                   f"{pp(r.get('margin_pp'))} | {_md(_where(r))} |")
    notes = [f"- ⚠️ `{_md(rid(r, _multi(report)))}`: {_md(w)}" for r in rows for w in r.get("warnings") or []]
    return "\n".join(out + ([""] + notes if notes else [])) + "\n\n"


def error_summary_markdown(errors: Sequence[InputError], title: str = "capacity check") -> str:
    errs = expand_errors(errors)
    out = [f"### {title}", "", f"**input error (exit 2): {len(errs)} error(s)**", ""]
    for e in errs:
        out.append(f"- `{_md(e.location) if e.location else 'input'}`: {_md(_error_message(e))}")
    return "\n".join(out) + "\n\n"


def append_text(path: str | os.PathLike, text: str, inputs: Iterable[str | os.PathLike] = ()) -> None:
    """Append to a file (the step summary), creating it if needed: whole or not at all, never to one
    of the run's inputs (capacity.outputs)."""
    from capacity.outputs import append_output

    append_output(path, text, inputs, what="step summary")


__all__ = ["CHECK_KINDS", "check_report", "check_ids", "is_check", "summary_line", "describe", "annotation",
           "escape_data", "escape_property", "github_error_lines", "github_check_lines", "junit_xml",
           "junit_error_xml", "summary_markdown", "error_summary_markdown", "append_text", "MAX_ANNOTATIONS"]
