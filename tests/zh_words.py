"""What counts as an English word in Chinese output (tests/test_all_chinese.py): any run of two or more
Latin letters left once the exceptions are taken out: ids, URLs, unit symbols, source names and every
other string the data files hold (the document's own text and the national file's), option names,
and the few symbols the tables use (p5/p50/p95, P(…), ±pp is worded)."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any, Iterable

import yaml

ROOT = Path(__file__).resolve().parents[1]
DATA = (ROOT / "data" / "targets.yaml", ROOT / "data" / "national.yaml")

#: unit symbols and the few fixed marks the tables use
SYMBOLS = {"t", "GW", "GWh", "MW", "MWh", "kW", "kWh", "TWh", "Wh", "W", "kg", "g", "CNY", "yuan", "p5", "p50", "p95",
           "p", "pp", "PERT", "Monte", "Carlo", "capacity", "mode", "csv", "json", "xlsx", "html", "md", "zh", "en",
           "Bar", "SMM", "DBM", "bn", "UTF", "BOM", "YAML", "yaml", "CSV", "JSON", "HTML", "SVG", "PV", "Si"}
# "capacity" stays: the tool's own name (`capacity check`); so do its commands' names
SYMBOLS |= {"report", "check", "reconcile", "sources", "targets", "whatif", "solve", "sweep", "simulate", "compare",
            "validate", "extract", "convert", "glossary", "schema", "tolerance",
            "doc", "si", "table", "markdown", "github", "junit"}  # option values (--units doc|si, --format table)


def _strings(x: Any) -> Iterable[str]:
    if isinstance(x, str):
        yield x
    elif isinstance(x, dict):
        for k, v in x.items():
            yield str(k)
            yield from _strings(v)
    elif isinstance(x, list):
        for v in x:
            yield from _strings(v)


def data_strings(*paths: Path) -> list[str]:
    """Every string in the data files (ids, names, figures as written, sources, notes): the document's and
    the national file's own text, longest first so that a long one is taken out before its parts."""
    out: set[str] = set()
    for p in (*DATA, *paths):
        out.update(" ".join(s.split()) for s in _strings(yaml.safe_load(p.read_text(encoding="utf-8"))) if s.strip())
    return sorted(out, key=len, reverse=True)


URL = re.compile(r"https?://\S+")
PATH = re.compile(r"(?:<bundled>/)?[\w./-]+\.(?:yaml|yml|json|csv|xlsx|html|md|txt)\b")  # a file's path (an installed
# package names its bundled files <bundled>/national.yaml: capacity.bundled)
OPTION = re.compile(r"--[a-z][a-z-]*(?:\s+(?:csv|xlsx|json|issued|doc|si))?|`[^`]*`")
ID = re.compile(r"\b[a-z][a-z0-9]*(?:[_.][a-z0-9]+)+\b")  # snake_case and dotted ids (national.polysilicon)
WORD = re.compile(r"[A-Za-z]{2,}")


def english_words(text: str, strings: list[str]) -> list[str]:
    """The English words of ``text`` outside the exceptions."""
    text = URL.sub(" ", " ".join(text.split()))  # a line folded at the terminal's width: one line
    for s in strings:  # names of several words first (a source "hualihg.com vendor blog")
        if " " in s and s in text:
            text = text.replace(s, " ")
    text = ID.sub(" ", PATH.sub(" ", text))
    for s in strings:
        if len(s) >= 2 and s in text:
            text = text.replace(s, " ")
    text = OPTION.sub(" ", text)
    text = ID.sub(" ", text)
    return [w for w in WORD.findall(text) if w not in SYMBOLS]
