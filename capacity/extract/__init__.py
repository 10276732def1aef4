"""Extract: a draft targets file from a policy text.

``read_document(path)`` (``capacity.extract.read``) reads a .txt/.md/.html/.docx/.pdf through the loader's
input rules; ``extract(text)`` normalises it (zero-width and control characters, pinyin debris, web
addresses), then finds every figure with its unit as written, the sentence it stands in, the section and
clause from the text's own numbering (第四章, 一、, (一), 1.), the lead units of the clause (牽頭單位 /
責任單位), the comparator, the year it is for (sentence, paragraph, heading), its stance (goal,
aspiration, forecast, status), the basis (產量/產能) where the text says, thresholds (占全國…%,
本地配套率…%, 滿足…需求…%) linked to the figure they qualify, and named projects with the verb that states
their progress. Every other number is listed as left out with a reason: none vanish. ``to_yaml(draft)``
writes the draft: every guess carries a ``# review:`` comment. ``against(draft, targets_file, text)`` lists
what the text holds that a data file lacks, and the reverse, naming the check each row fails.

Pure: no printing, no files written. Keywords are matched on ``script.simplify(text)`` (one character
for one), so traditional and simplified texts read alike while every figure and name is sliced from
the text as written. Every scan is linear in the text (see docs/extract.md, "Reading").
"""

from __future__ import annotations

import json
import re
from bisect import bisect_left
from dataclasses import dataclass, field
from typing import Any, Optional

from capacity.messages import Msg, message, word
from capacity.script import fold, simplify

from capacity.extract.read import (  # noqa: F401 - the reading half, re-exported for callers
    DOC_SUFFIXES, decode, html_text, normalise, read_bytes, read_document,
)

# --------------------------------------------------------------------------------------------- glossary

#: Product names (as written, either script) → (id, national quantity id, expected dimension). Matched on
#: the folded name with its measure word (產能, 產量 …) taken off.
GLOSSARY: dict[str, tuple[str, Optional[str], Optional[str]]] = {
    "多晶硅": ("polysilicon", "polysilicon", "mass"),
    "多晶矽": ("polysilicon", "polysilicon", "mass"),
    "單晶硅": ("monocrystalline_silicon", "monocrystalline_silicon", "power"),
    "單晶拉棒": ("monocrystalline_silicon", "monocrystalline_silicon", "power"),
    "單晶硅棒": ("monocrystalline_silicon", "monocrystalline_silicon", "power"),
    "單晶矽": ("monocrystalline_silicon", "monocrystalline_silicon", "power"),
    "工業硅": ("industrial_silicon", "industrial_silicon", "mass"),
    "工業矽": ("industrial_silicon", "industrial_silicon", "mass"),
    "切片": ("wafers", "wafers", "power"),
    "硅片": ("wafers", "wafers", "power"),
    "矽晶圓": ("wafers", "wafers", "power"),
    "電池片": ("cells", "cells", "power"),
    "光伏電池": ("cells", "cells", "power"),
    "組件": ("modules", "modules", "power"),
    "光伏組件": ("modules", "modules", "power"),
    "儲能電站": ("energy_storage", "energy_storage", "energy"),
    "新型儲能": ("energy_storage", "energy_storage", "energy"),
    "風光綠氫供應能力": ("green_hydrogen", "green_hydrogen", "mass"),
    "風光綠氫": ("green_hydrogen", "green_hydrogen", "mass"),
    "綠氫": ("green_hydrogen", "green_hydrogen", "mass"),
    "磁性材料": ("magnetic_materials", "magnets", "mass"),
    "稀土永磁材料": ("magnetic_materials", "magnets", "mass"),
    "碳纖維": ("carbon_fibre", "carbon_fibre", "mass"),
}
_GLOSSARY_FOLDED = {fold(k): v for k, v in GLOSSARY.items()}
_GLOSSARY_BY_LENGTH = sorted(_GLOSSARY_FOLDED, key=len, reverse=True)
#: Measure words taken off a name before the glossary look-up.
_MEASURE_WORDS = re.compile(r"(产能规模|产能|产量|规模|供应能力|能力)$")

# --------------------------------------------------------------------------------------------- patterns
# Written in simplified characters: they run on simplify(text), which keeps every position.

_NUM = r"[0-9]+(?:\.[0-9]+)?"
#: Units as written (on simplified text), longest first; ``(?i:…)`` lets 60Gwh through (the draft writes GWh).
_UNITS = ("千瓦时", "千瓦", "吉瓦时", "吉瓦", "兆瓦时", "兆瓦", "太瓦时", "(?i:gwh)", "(?i:mwh)", "(?i:kwh)", "(?i:gw)",
          "(?i:mw)", "(?i:kw)", "吨", "元", "家", "个(?!百分点|9(?![0-9]))", "项目?", "件", "座", "台", "人", "名", "辆", "条", "套",
          "户", "%")
_CN_DIGITS = "零〇一二两三四五六七八九十百千"
FIGURE_RE = re.compile(
    rf"(?<![0-9.A-Za-z第])(?P<fig>{_NUM}(?:\s*[~\-—–至]\s*{_NUM})?\s*(?P<scale>万亿|千亿|百亿|十亿|千万|百万|万|亿)?"
    rf"(?P<more>余|多)?(?P<unit>{'|'.join(_UNITS)}))"
    rf"|前(?P<top>[0-9]+强)"
    rf"|(?<![{_CN_DIGITS}万亿第])(?P<cn>[{_CN_DIGITS}]{{1,8}}(?:(?:万亿|亿|万)?(?P<cnunit>千瓦时|千瓦|吉瓦时|吉瓦|兆瓦|吨|元)"
    rf"|(?:万亿|亿|万)(?P<cncount>件|个|家|台|套|辆|户|人))"
    rf"|百分之[零一二三四五六七八九十百点]{{1,8}}"
    rf"|[一二三四五六七八九十]{{1,3}}分之[一二三四五六七八九十]{{1,3}}"
    rf"|(?<=增长|增加|提高|提升)(?:[一两二三四五六七八九十]|[0-9]+(?:\.[0-9]+)?)倍|(?<=翻)[一两二三四]番)")
_DIMENSION = {"千瓦时": "energy", "吉瓦时": "energy", "兆瓦时": "energy", "太瓦时": "energy", "gwh": "energy",
              "mwh": "energy", "kwh": "energy", "千瓦": "power", "吉瓦": "power", "兆瓦": "power", "gw": "power",
              "mw": "power", "kw": "power", "吨": "mass", "元": "currency", "%": "dimensionless"}

_SECTION_NUMERALS = "一二三四五六七八九十"
_CN = "[一二三四五六七八九十百零〇]+"
HEADINGS = (  # (level name, pattern on the simplified line), outermost first
    ("chapter", re.compile(rf"^第({_CN})(?:章|部分|篇)\s*")),
    ("section", re.compile(rf"^({_CN})[、.]\s*")),
    ("subsection", re.compile(rf"^[(]({_CN})[)]\s*")),
    ("clause", re.compile(r"^([0-9]{1,3})(?:[.、](?![0-9])|[)])\s*")),
)
_RESET_RE = re.compile(r"全文如下|^\S{0,12}〔\d{4}〕\s*\d+\s*号$|^\S{1,12}\[\d{4}\]\s*\d+\s*号$")
_DOC_NUMBER_RE = re.compile(r"\S{1,12}〔\d{4}〕\s*\d+\s*[號号]")
_LEAD_START = re.compile(r"[(]\s*(?:牵头单位|责任单位)[:]|^\s*(?:牵头单位|责任单位)[:]")
_ESTIMATE_RE = re.compile(r"预计")
_TIME_LEAD = re.compile(r"^(?:预计|有望|并且|并|且|同时|其中|年内|全年|今年|到?20[0-9]{2}年(?:底|末|前)?|全市|全区|全省|全县|"
                        r"力争|努力|争取|累计|、)+")
_VERB_TAIL = re.compile(r"(?:分别|均|要|将|力争|争取|)(?:达到|达|保持|超过|不低于|不少于|约为|约|为|在|实现|形成|建成|突破)$")
_VERB_HEAD = re.compile(r"^(?:形成|建成|实现|组织实施|实施|引进培育|引进|培育认定|培育|培养|达到)")
_PROJECT_VERB = re.compile(r"^(?:并|同时)?(加快推进实施|加快推进|加快建设|加快实施|推动实施|推进实施|加快打造|加快|推动|推进|实施|支持)")
_PROJECT_NOUN = re.compile(r"项目|生产线|基地|产业园|园区|换电站|转运站|检测中心|[一二三四五六七八九十]期")
_PROGRESS_TAIL = re.compile(r"(全部建成投产|建成投产|投产满产|达产达效|扩大产能|扩产增效|产业化|投产|落地|建设)$")
_GENERIC = re.compile(r"更多|一批|各类|龙头企业|头部企业|重点企业|相关|有条件")
_PHRASE_SPLIT = re.compile(r"[,;]")


def _heading(s: str) -> Optional[tuple[str, str, int]]:
    """(level, number as written, end of the number) for a heading line (simplified text)."""
    for level, rx in HEADINGS:
        m = rx.match(s)
        if m:
            return level, m.group(1), m.end()
    return None


def _cn_int(numeral: str) -> Optional[int]:
    digits = {c: i for i, c in enumerate("零一二三四五六七八九")}
    digits["〇"] = 0
    if numeral.isdigit():
        return int(numeral)
    total, cur = 0, 0
    for c in numeral:
        if c in digits:
            cur = digits[c]
        elif c == "十":
            total += (cur or 1) * 10
            cur = 0
        elif c == "百":
            total += (cur or 1) * 100
            cur = 0
        else:
            return None
    return total + cur


# --------------------------------------------------------------------------------------------- records


@dataclass
class Record:
    kind: str  # target | project
    fields: dict[str, Any]
    review: list[str] = field(default_factory=list)
    line: int = 0
    block: int = 0
    end: int = -1  # where the figure ends in its sentence (links a threshold in brackets to it)
    written: str = ""  # the figure as the text writes it (``fields["figure"]`` is the form the format reads)
    stance: str = "goal"  # goal | aspiration | forecast | status
    year: Optional[int] = None  # the year the figure is for (sentence, paragraph or heading); None: not said
    comparator: str = ""  # as read, ``about`` included (the format may store it as reach)
    basis: str = ""  # production | capacity, where the text says
    addition: bool = False  # 新增/新建: a change, not a stock
    threshold_figs: list = field(default_factory=list)
    threshold_info: list = field(default_factory=list)  # (figure as written, comparator) of linked thresholds


@dataclass
class Skipped:
    figure: str
    text: str
    reason: str
    section: str
    clause: Optional[int]
    line: int


@dataclass
class Draft:
    source: str
    region: dict[str, Any]
    region_review: list[str]
    sections: list[dict[str, str]]
    targets: list[Record]
    projects: list[Record]
    skipped: list[Skipped]
    levels: list[str]
    status: list[Record] = field(default_factory=list)  # figures of what is (截至, 目前, past years): not goals

    @property
    def records(self) -> list[Record]:
        return self.targets + self.projects


@dataclass
class _Sentence:
    text: str
    simple: str
    section: str
    clause: Optional[int]
    line: int
    block: int
    para_year: Optional[int] = None  # the last year an earlier sentence of the paragraph named
    head_year: Optional[int] = None  # the year the heading it sits under names
    past: bool = False  # under a heading or in a paragraph that reviews the past (回顾, 过去一年 …)
    part: bool = False  # a piece of a sentence longer than MAX_SENTENCE
    title: bool = False  # a heading's own words: its figures are listed as left out


# --------------------------------------------------------------------------------------------- structure


def _sentences(text: str) -> tuple[list[_Sentence], list[dict[str, str]], dict[int, tuple[str, ...]], list[str]]:
    lines = text.splitlines()
    simple_lines = [simplify(x) for x in lines]
    used = []
    for s in simple_lines:
        h = _heading(s.strip())
        if h and h[0] not in used:
            used.append(h[0])
    order = [lvl for lvl, _ in HEADINGS if lvl in used]
    section_level = order[0] if order else None
    clause_level = order[-1] if len(order) > 1 else None
    section, clause, block = "preamble", None, 0
    head_year: Optional[int] = None
    past_head = False
    heads: list[tuple[int, Optional[int], bool]] = []  # (level rank, year, reviews the past) of open headings
    sections: list[dict[str, str]] = []
    seen_sections: set[str] = set()
    leads: dict[int, tuple[str, ...]] = {}
    out: list[_Sentence] = []
    for i, (raw, s) in enumerate(zip(lines, simple_lines), start=1):
        stripped = s.strip()
        offset = len(s) - len(s.lstrip())
        if not stripped:
            continue
        if _RESET_RE.search(stripped):
            section, clause, block = "preamble", None, block + 1
            continue
        h = _heading(stripped)
        body_start = 0
        if (h and h[0] in (section_level, clause_level)) or (
                len(stripped) <= 30 and not re.search(r"[。,;:]", stripped) and not FIGURE_RE.search(stripped)):
            rank = next((n for n, (lvl, _) in enumerate(HEADINGS) if h and lvl == h[0]), 99)
            while heads and heads[-1][0] >= rank:
                heads.pop()
            heads.append((rank, _last_year(stripped[:60]), bool(_PAST_CONTEXT.search(stripped[:60]))))
            head_year = next((y for _, y, _ in reversed(heads) if y is not None), None)
            past_head = any(p for _, _, p in heads)
        if h and h[0] in (section_level, clause_level):
            level, number, end = h
            if level == section_level:
                n = _cn_int(number)
                section = _SECTION_NUMERALS[n - 1] if n and 1 <= n <= 10 else "preamble"
                clause = None
                title = raw.strip()[end:].strip().rstrip("。")
                if section != "preamble":
                    if section not in seen_sections:
                        seen_sections.add(section)
                        sections.append({"section": section, "title": title})
                    else:  # a summary before the full text: the full text's heading wins
                        next(x for x in sections if x["section"] == section)["title"] = title
            else:
                clause = _cn_int(number)
            block += 1
            body_start = offset + end
            # a heading line is a title: its own words (up to the first 。) hold no target, the rest may
            rest = s[body_start:]
            stop = rest.find("。")
            title_end = len(rest) if stop < 0 else stop
            if FIGURE_RE.search(rest, 0, title_end):
                out.append(_Sentence(raw[body_start:body_start + title_end].strip(), rest[:title_end].strip(), section,
                                     clause, i, block, None, head_year, past_head, title=True))
            if stop < 0 or stop == len(rest.rstrip()) - 1:
                continue
            body_start += stop + 1
        body, sbody = raw[body_start:], s[body_start:]
        lm = _LEAD_START.search(sbody)
        if lm:
            units = _lead_units(body[lm.start():], sbody[lm.start():])
            if units:
                leads[block] = units
            body, sbody = body[:lm.start()], sbody[:lm.start()]
        para_year: Optional[int] = None
        past_para = past_head or bool(_PAST_CONTEXT.match(sbody.strip()))
        for piece, spiece, part in _cut(body, sbody):
            out.append(_Sentence(piece, spiece, section, clause, i, block, para_year, head_year, past_para, part))
            ys = _years(spiece)
            para_year = ys[-1][1] if ys else para_year
    return out, sections, leads, order


#: The longest sentence scanned as one: a longer run without 。 is cut at its commas into pieces of about
#: this size, so the work per sentence is bounded whatever the text.
MAX_SENTENCE = 4000
_PAST_CONTEXT = re.compile(r"^.{0,12}(?:回顾|过去一年|过去五年|一年来|五年来|过去的一年)")
_YEAR_IN = re.compile(r"(?<![0-9])((?:19|20)[0-9]{2})(?:年|[-—–~至](?:19|20)[0-9]{2}年)")


def _last_year(s: str) -> Optional[int]:
    m = None
    for m in _YEAR_IN.finditer(s):
        pass
    if m is None:
        return None
    tail = re.match(r"(?:19|20)[0-9]{2}[-—–~至]((?:19|20)[0-9]{2})", s[m.start():])
    return int(tail.group(1)) if tail else int(m.group(1))


def _cut(body: str, sbody: str) -> list[tuple[str, str, bool]]:
    """Sentences (up to 。！？), each at most about MAX_SENTENCE characters (cut at a comma, else anywhere)."""
    out: list[tuple[str, str, bool]] = []
    start = 0
    ends = [m.start() for m in re.finditer(r"[。!?]", sbody)] + [len(sbody)]
    for end in ends:
        a = start
        while end - a > MAX_SENTENCE:
            cut = max(sbody.rfind(",", a, a + MAX_SENTENCE), sbody.rfind(";", a, a + MAX_SENTENCE),
                      sbody.rfind("、", a, a + MAX_SENTENCE))
            cut = cut if cut > a else a + MAX_SENTENCE
            piece = body[a:cut]
            if piece.strip():
                lead = len(piece) - len(piece.lstrip())
                out.append((piece.strip(), sbody[a + lead:a + lead + len(piece.strip())], True))
            a = cut + 1
        piece = body[a:end]
        if piece.strip():
            lead = len(piece) - len(piece.lstrip())
            out.append((piece.strip(), sbody[a + lead:a + lead + len(piece.strip())], a != start))
        start = end + 1
    return out


def _lead_units(body: str, sbody: str) -> tuple[str, ...]:
    """The lead units of a (牵头单位:…;责任单位:…) bracket, without a regex that could backtrack."""
    for word in ("牵头单位", "责任单位"):
        at = sbody.find(word)
        if at < 0 or sbody[at + 4:at + 5] != ":":
            continue
        start = at + 5
        end = len(sbody)
        for stop in (";", ")", "责任单位" if word == "牵头单位" else ")"):
            k = sbody.find(stop, start)
            if 0 <= k < end:
                end = k
        who = body[start:end].strip()
        units = tuple(u.strip() for u in re.split(r"[、,，]", who) if u.strip())
        if units:
            return units
    return ()


# --------------------------------------------------------------------------------------------- figures


@dataclass
class _Fig:
    text: str
    start: int
    end: int
    unit: str
    dimension: str
    top: bool = False
    load: str = ""  # the figure in the form the format reads (``text`` itself when it reads that)
    note: str = ""
    year: Optional[int] = None
    stance: str = "goal"
    more: bool = False  # 500余項, 100多家: more than the figure


def _figures(raw: str, simple: str) -> list[_Fig]:
    out = []
    for m in FIGURE_RE.finditer(simple):
        if m.group("top"):
            s, e = m.span("top")
            out.append(_Fig(raw[s:e], s, e, "强", "count", top=True))
            continue
        if m.group("cn"):
            s, e = m.span("cn")
            text = raw[s:e]
            unit = m.group("cnunit") or m.group("cncount")
            if unit:
                out.append(_Fig(text, s, e, unit, _DIMENSION.get(unit, "count")))
            else:  # 七分之一, 一倍, 翻一番: a share or a growth
                out.append(_Fig(text, s, e, "%", "dimensionless"))
            continue
        s, e = m.span("fig")
        unit = m.group("unit")
        out.append(_Fig(raw[s:e], s, e, unit, _DIMENSION.get(unit.lower(), "count"), more=bool(m.group("more"))))
    return out


_CN_VALUE = {c: i for i, c in enumerate("零一二三四五六七八九")}
_CN_VALUE.update({"〇": 0, "两": 2})
_SCALE_SPLIT = {"千亿": (1000, "亿"), "百亿": (100, "亿"), "十亿": (10, "亿"), "千万": (1000, "万"), "百万": (100, "万")}
_ASCII_UNITS = {"gwh": "GWh", "mwh": "MWh", "kwh": "kWh", "gw": "GW", "mw": "MW", "kw": "kW"}


_CN_UNITS = {"十": 10, "百": 100, "千": 1000}


def _cn_plain(s: str) -> Optional[int]:
    """A whole number below 10,000 in Chinese numerals (千, 两千, 一百二十, 三): None for anything else."""
    total, cur = 0, None
    for c in s:
        if c in _CN_VALUE:
            if cur is not None:
                return None  # 二三: digits read one by one, not a number here
            cur = _CN_VALUE[c]
        elif c in _CN_UNITS:
            total += (1 if cur is None else cur) * _CN_UNITS[c]
            cur = None
        else:
            return None
    return total + (cur or 0)


def _cn_number(s: str) -> Optional[float]:
    """A Chinese numeral's value: the plain whole numbers directly (they are most of them, and cn2an's import
    costs a second), anything else through cn2an, the library the format reads Chinese numerals with."""
    n = _cn_plain(s)
    if n is not None:
        return float(n)
    try:
        import cn2an  # lazily: only texts with unusual Chinese numerals need it
    except ImportError:  # pragma: no cover - a dependency in pyproject
        return None
    try:
        return float(cn2an.cn2an(s, "smart"))
    except (ValueError, KeyError, TypeError, IndexError):
        return None


def _decimal_text(v: float) -> str:
    t = f"{v:.4f}".rstrip("0").rstrip(".")
    return t or "0"


#: Figures the loader reads without asking pint (whose registry costs most of a second to build): plain
#: digits, a scale word and a unit of this list.
FAST_UNITS = ("吨", "千瓦时", "千瓦", "吉瓦时", "吉瓦", "兆瓦时", "兆瓦", "GWh", "MWh", "kWh", "GW", "MW", "kW", "元", "%",
              "家", "个", "项", "件", "座", "台", "人", "名", "辆", "条", "套", "户", "強")
_FAST_LOADABLE = re.compile(rf"[0-9]{{1,12}}(?:\.[0-9]{{1,12}})?(?:~[0-9]{{1,12}}(?:\.[0-9]{{1,12}})?)?(?:万亿|万|亿)?"
                            rf"(?:{'|'.join(FAST_UNITS)})")


def _loadable(text: str) -> tuple[Optional[str], str]:
    """(the figure the format reads, a note) for a figure as written: itself when the loader reads it, else the
    same quantity in the loader's form with a note saying so, or (None, why) when it cannot be written."""
    from capacity.errors import CapacityError
    from capacity.units import parse_figure

    if len(text) > 40:
        return None, Msg("ex.too_long", n=len(text))
    if _FAST_LOADABLE.fullmatch(text) or _FAST_LOADABLE.fullmatch(simplify(text)):
        return text, ""  # a form the loader reads (tests/test_extract_unseen.py checks every unit of it)

    def ok(t: str) -> bool:
        try:
            parse_figure(t)
            return True
        except (CapacityError, ValueError, ArithmeticError, OverflowError):
            return False

    s = simplify(text)
    m = re.fullmatch(r"百分之([零一二三四五六七八九十百点]{1,8})", s)
    if m:
        n = _cn_number(m.group(1))
        if n is not None:
            t = _decimal_text(n) + "%"
            return t, Msg("ex.written", text=text, t=t)
        return None, Msg("ex.bad_percent", text=text)
    m = re.fullmatch(r"([一二三四五六七八九十]{1,3})分之([一二三四五六七八九十]{1,3})", s)
    if m:
        den, num = _cn_number(m.group(1)), _cn_number(m.group(2))
        if den and num is not None:
            t = _decimal_text(num / den * 100) + "%"
            return t, Msg("ex.written_rounded", text=text, t=t)
        return None, Msg("ex.bad_fraction", text=text)
    m = re.fullmatch(r"([0-9.]+|[一两二三四五六七八九十])倍", s)
    if m:
        n = float(m.group(1)) if m.group(1)[0].isdigit() else _cn_number(m.group(1))
        if n is not None:
            t = _decimal_text(n * 100) + "%"
            return t, Msg("ex.written_multiple", text=text, t=t)
    m = re.fullmatch(r"([一两二三四])番", s)
    if m:
        n = _cn_number(m.group(1))
        if n is not None:
            t = _decimal_text((2 ** n - 1) * 100) + "%"
            return t, Msg("ex.written_doubling", text=text, n=m.group(1), t=t)
    t = s
    m = re.fullmatch(rf"([{_CN_DIGITS}]{{1,8}})(万亿|亿|万)?(.+)", t)
    if m and not m.group(1)[0].isdigit():
        head = m.group(1)
        scale = m.group(2) or ""
        n = _cn_number("一" + head if head[0] in "十百千" else head)
        if n is None:
            return None, Msg("ex.bad_numeral", text=text)
        t = _decimal_text(n) + scale + m.group(3)
    t = re.sub(r"^([0-9.]+)(千亿|百亿|十亿|千万|百万)", lambda x: _decimal_text(float(x.group(1)) * _SCALE_SPLIT[
        x.group(2)][0]) + _SCALE_SPLIT[x.group(2)][1], t)
    t = re.sub(r"(?i)(gwh|mwh|kwh|gw|mw|kw)$", lambda x: _ASCII_UNITS[x.group(1).lower()], t)
    t = re.sub(r"\s*[\-—–至]\s*", "~", t)
    t = re.sub(r"(余|多)(?=\D)", "", t)
    t = re.sub(r"项目$", "项", t)
    if t != s and _FAST_LOADABLE.fullmatch(t):  # known good without asking pint (its registry costs a second)
        return t, Msg("ex.written_form", text=text, t=t)
    if ok(text):
        return text, ""
    if t != s and ok(t):
        return t, Msg("ex.written_form", text=text, t=t)
    return None, Msg("ex.bad_figure", text=text)


def _phrases(simple: str) -> list[tuple[int, int]]:
    """Comma-level phrases; a 、 before 占全國 (…37GW、占全國產能的10%以上) also ends one."""
    spans, start = [], 0
    cuts = [m.start() for m in _PHRASE_SPLIT.finditer(simple)]
    cuts += [m.start() for m in re.finditer(r"、(?=(?:均|并)?占全国)", simple)]
    for c in sorted(cuts):
        spans.append((start, c))
        start = c + 1
    spans.append((start, len(simple)))
    return [(a, b) for a, b in spans if b > a]


def _threshold_kind(phrase: str) -> Optional[str]:
    p = phrase.lstrip("、均并且")
    if "占全国" in p:
        return "share"
    if p.startswith("本地配套率") or p.startswith("配套率"):
        return "supply"
    if "满足" in p and "需求" in p:
        return "supply"
    return None


# --------------------------------------------------------------------------------------------- extraction


def extract(text: str, source: str = "document") -> Draft:
    """The draft targets file of a policy text (see the module's docstring)."""
    text = normalise(text)
    sentences, sections, leads, levels = _sentences(text)
    region, region_review = _region(text, sentences)
    year = int(region["target_year"]) if region.get("target_year") else None
    now, dated = _now(text)
    last_seen: dict[str, int] = {}
    for idx, s in enumerate(sentences):
        last_seen[s.text] = idx
    targets: list[Record] = []
    projects: list[Record] = []
    skipped: list[Skipped] = []
    carry: tuple[int, str] = (0, "goal")  # (line, stance of the last figure there)
    for idx, s in enumerate(sentences):
        if last_seen[s.text] != idx and not s.part:
            continue  # a summary repeating a sentence of the full text: keep the later one, with its clause
        last = _sentence(s, targets, projects, skipped, now, carry[1] if carry[0] == s.line else "goal",
                         now if dated else None)
        if last:
            carry = (s.line, last)
    for r in targets:
        units = leads.get(r.block)
        if units:
            r.fields["lead"] = list(units)
    status = [r for r in targets if r.stance == "status"]
    targets = [r for r in targets if r.stance != "status"]
    _ids(targets, projects)
    _ids(status, [], start=targets + projects)
    for r in targets + status:
        _finish(r, year)
    return Draft(source=source, region=region, region_review=region_review, sections=sections, targets=targets,
                 projects=projects, skipped=skipped, levels=levels, status=status)


_DATE = re.compile(r"(?<![0-9])(20[0-9]{2})(?:[-/.]| ?年 ?)(?:1[0-2]|0?[1-9])(?:[-/.]| ?月 ?)(?:3[01]|[12][0-9]|0?[1-9])"
                   r"(?![0-9])")


def _now(text: str) -> tuple[Optional[int], bool]:
    """The year the text was written: its document number's (〔2024〕), else a date near its top (a page's
    publication date), else the year it names most often (goal years aside); None for a text that names none.
    The flag says whether the year is dated (document number or date): then 今年 and an undated status
    figure are of that year."""
    doc = _DOC_NUMBER_RE.search(text[:3000])
    if doc:
        m = re.search(r"〔(\d{4})〕", doc.group(0))
        if m:
            return int(m.group(1)), True
    m = _DATE.search(text[:600])
    if m:
        return int(m.group(1)), True
    years = [int(y) for y in re.findall(r"(?<![0-9到])(20[0-9]{2})年", text)] or [
        int(y) for y in re.findall(r"(?<![0-9])(20[0-9]{2})年", text)]
    if years:  # the year it speaks of most, goal years (到…年) aside; a tie goes to the latest, never to hash order
        return max(sorted(set(years)), key=lambda y: (years.count(y), y)), False
    return None, False


_NAME_TAIL = re.compile(r"(?:有望|将|约|近|超过|超|逾|高于|≥|≤|>|<|＞|＜|达到|达|截至目前|截止目前|目前|已经|已)+$")
_PAREN_SHARE = re.compile(r"[(]([^()]*?占全国[^()]*?)[)]")
#: Words that say what a figure is: the closest one before the figure in its sentence decides (forecast and
#: aspiration words anywhere before it colour a plain goal word).
_MARKERS = re.compile(
    r"(?P<status>截至|截止|目前|现有|现已|已经|已|如今|当前|去年|上年|过去|同比|一年来|五年来|累计|具备|位居|居全国|"
    r"储量|蕴藏量|可开发量|今年(?:一季度|上半年|前三季度|以来|[1-9１-９]-?[0-9]*月)|前三季度|上半年|日前|至今|"
    r"(?<![为除])了(?!解|不起)|(?:19|20)[0-9]{2}年(?:[0-9]{1,2}(?:[-—–~至][0-9]{1,2})?月|上半年|前三季度|一季度)(?![底末]?前|底|末)|"
    r"比上年|较上年|全年完成|实现了|完成了|达到了|达了)"
    r"|(?P<estimate>预计(?:全年|今年全年|上半年|前三季度|一季度|今年))"
    r"|(?P<forecast>预计|预测|有望|可望|预期(?!目标|性)|将有望)"
    r"|(?P<aspiration>力争|争取|努力|力求|奋力)"
    r"|(?P<goal>到(?:19|20)[0-9]{2}|目标|确保|(?<![即必])将|(?<![主重需只想])要|计划|规划|年内|明年|打造|剑指|下一步|今后|未来|接下来|下阶段|"
    r"(?:19|20)[0-9]{2}年(?:前|底前))")
_WEAK_STATUS = {"累计", "具备", "位居", "居全国", "共计"}
_YEAR_AT = re.compile(r"((?:19|20)[0-9]{2})(?:年|[-—–~至]((?:19|20)[0-9]{2})年)|“?(十二五|十三五|十四五|十五五)”?"
                      r"(?=末|期末|期间|时期|规划|目标|时)")
_PLAN_YEARS = {"十二五": 2015, "十三五": 2020, "十四五": 2025, "十五五": 2030}
_COMPARED = re.compile(r"(?:较|比|相比|与|同比|比上|从)$")
_SPEC_AFTER = re.compile(r"(?:/年)?[^,;。、]{0,16}?(?:技术|工艺)(?:的|填补|达到|领先|突破|全国|国内|国际|$)")
_NOW_WORDS = re.compile(r"如今|目前|当前|至今|现已|截至目前|截止目前")
_THIS_YEAR = re.compile(r"(?<![0-9])(?:今年|年内|年底|年末)")
_LAST_YEAR = re.compile(r"过去一年|去年|上年|上一年")
_DAILY = re.compile(r"(?:每天|每日|日均|日产|每小时|每周|每月|月均)[^,;。]{0,6}$")
_BASIS = re.compile(r"(?P<production>产量|产出|出货量|生产量|发电量|产销)|(?P<capacity>产能|生产能力|能力|装机|规模)")
_ADDITION = re.compile(r"新增|新建|增加|新上|扩建|净增")


def _years(simple: str, compared: bool = False) -> list[tuple[int, int]]:
    """(end, year) of the years a sentence names (从2008年, 较2015年: compared years only when asked)."""
    years = []
    for m in _YEAR_AT.finditer(simple):
        if not compared and _COMPARED.search(simple[max(0, m.start() - 3):m.start()]):
            continue
        y = _PLAN_YEARS[m.group(3)] if m.group(3) else int(m.group(2) or m.group(1))
        years.append((m.end(), y))
    return years


def _context(s: _Sentence) -> tuple[list[tuple[int, str, int]], list[tuple[int, int]]]:
    """Markers (position, kind, end) and years (end, year) of a sentence, in order."""
    marks = []
    for m in _MARKERS.finditer(s.simple):
        marks.append((m.start(), m.lastgroup or "goal", m.end()))
    return marks, _years(s.simple, compared=True)


def _year_for(s: _Sentence, f: _Fig, years: list[tuple[int, int]], ypos: list[int]) -> Optional[int]:
    i = bisect_left(ypos, f.start + 1)
    if i and f.start - ypos[i - 1] <= 1:  # 2008年1000吨, 2015年的16.5万吨: the year written on the figure
        return years[i - 1][1]
    if i and _NOW_WORDS.search(s.simple, years[i - 1][0], f.start):  # 2012年……如今,已形成8个: of now
        return None
    while i:
        end, y = years[i - 1]
        m = None
        for m in _YEAR_AT.finditer(s.simple, max(0, end - 14), end):
            pass
        start = m.start() if m else end
        if not _COMPARED.search(s.simple[max(0, start - 3):start]):
            return y
        i -= 1
    return s.para_year or s.head_year


def _stance_for(s: _Sentence, f: _Fig, marks: list[tuple[int, str, int]], mpos: list[int],
                fig_year: Optional[int], year: Optional[int], inherited: str = "goal") -> str:
    i = bisect_left(mpos, f.start)
    before = marks[max(0, i - 40):i]
    if before:
        kind = before[-1][1]
        if kind == "estimate":
            return "status"
        if kind == "status" and s.simple[before[-1][0]:before[-1][2]] in _WEAK_STATUS:
            # 到2025年,累计建成…: a goal's words before a weak status word keep it a goal
            earlier = [k for _, k, _ in before[:-1] if k in ("goal", "aspiration", "forecast")]
            if earlier:
                kind = earlier[-1]
        if kind == "goal":
            kinds = {k for _, k, _ in before}
            if "estimate" in kinds:
                return "status"
            if "forecast" in kinds:
                return "forecast"
            if "aspiration" in kinds:
                return "aspiration"
        return kind
    if fig_year is not None and year is not None and fig_year < year:
        return "status"
    if s.past:
        return "status"
    if i < len(marks) and marks[i][1] in ("status", "estimate"):  # 实现产值117亿元,同比增长45%: said after it
        return "status"
    return inherited if inherited == "status" else "goal"  # a paragraph of facts goes on stating facts


def _skip_all(figs: list[_Fig], s: _Sentence, skipped: list[Skipped], reason: str) -> None:
    for f in figs:
        skipped.append(Skipped(f.text, s.text, reason, s.section, s.clause, s.line))


def _screen(s: _Sentence, figs: list[_Fig], skipped: list[Skipped]) -> list[_Fig]:
    """Figures that are not drafted, each listed with its reason: a restatement in brackets, a daily rate, a
    size class, a figure the format cannot hold."""
    out: list[_Fig] = []
    prev: Optional[_Fig] = None
    for f in figs:
        reason = ""
        lead = s.simple[max(0, f.start - 2):f.start]
        after = s.simple[f.end:f.end + 3]
        if prev is not None and lead.rstrip(" ").endswith("(") and \
                s.simple[prev.end:f.start].strip(" (") in ("", "即", "约"):
            reason = Msg("ex.restatement", text=prev.text)
        elif _DAILY.search(s.simple[max(0, f.start - 10):f.start]) or after.startswith(("/天", "/日", "每天")):
            reason = Msg("ex.daily_rate")
        elif re.search(r"(?:单套|单台|单机|单体|单线|单炉)$", lead) or _SPEC_AFTER.match(s.simple, f.end):
            reason = Msg("ex.spec_unit")
        elif re.match(r"级[^,;。、]{0,6}?(?:产业集群|集群|基地|城市|企业|园区|产业|电站|风电场)", s.simple[f.end:f.end + 12]):
            reason = Msg("ex.size_class")
        else:
            loadable, note = _loadable(f.text)
            if loadable is None:
                reason = note
            else:
                f.load, f.note = loadable, note
        if after.startswith(("/年", "每年")) and not reason:
            f.note = Msg("list", items=[f.note, Msg("ex.annual_rate")]) if f.note else Msg("ex.annual_rate")
        if reason:
            skipped.append(Skipped(f.text, s.text, reason, s.section, s.clause, s.line))
        else:
            out.append(f)
        prev = f
    return out


def _sentence(s: _Sentence, targets: list[Record], projects: list[Record], skipped: list[Skipped],
              year: Optional[int] = None, inherited: str = "goal", dated: Optional[int] = None) -> Optional[str]:
    """Draft the figures of one sentence; returns the stance of its last figure (None: it has none)."""
    all_figs = _figures(s.text, s.simple)
    first_skip = len(skipped)
    if s.title:
        _skip_all(all_figs, s, skipped, Msg("ex.heading"))
        return None
    figs = _screen(s, all_figs, skipped)
    where = {"section": s.section, **({"clause": s.clause} if s.clause is not None else {})}
    if figs:
        marks, years = _context(s)
        mpos, ypos = [m[0] for m in marks], [y[0] for y in years]
        last_year = bool(_LAST_YEAR.search(s.simple))
        for f in figs:
            f.year = _year_for(s, f, years, ypos)
            f.stance = _stance_for(s, f, marks, mpos, f.year, year, inherited)
            if f.year is None and dated is not None and (f.stance == "status" or _THIS_YEAR.search(
                    s.simple, max(0, f.start - 40), f.start)):
                f.year = dated  # 截至目前/今年 in a dated text: the year it was written
            if last_year and f.year is not None and f.stance == "status" and bisect_left(ypos, f.start + 1) == 0:
                f.year -= 1  # 过去一年/去年 under a heading of the report's year: the year before
    first_target = len(targets)
    # (約占全國40%) in brackets after a figure: a threshold on that figure
    parens = []
    for m in _PAREN_SHARE.finditer(s.simple):
        lo = bisect_left([f.start for f in figs], m.start())
        inner = [f for f in figs[lo:lo + 8] if m.start() < f.start < m.end() and f.unit == "%"]
        if inner:
            parens.append((m, inner))
            figs = [f for f in figs if f not in inner] if len(parens) < 50 else [f for f in figs if f not in set(
                map(id, inner))]
    if parens:
        chars = list(s.simple)
        for m, _ in parens:
            chars[m.start():m.end()] = "　" * (m.end() - m.start())
        blank = "".join(chars)
    else:
        blank = s.simple
    made_here: list[Record] = []
    phrase_targets: list[list[Record]] = []
    starts = [f.start for f in figs]
    for a, b in _phrases(s.simple):
        pf = figs[bisect_left(starts, a):bisect_left(starts, b)]
        ph_simple, ph_raw = s.simple[a:b], s.text[a:b]
        kind = _threshold_kind(blank[a:b])
        if kind and pf and any(f.unit == "%" for f in pf):
            lone = _attach_threshold(kind, ph_raw, ph_simple, [f for f in pf if f.unit == "%"], a, phrase_targets,
                                     skipped, s)
            if lone:  # 占全国20%: a share stated alone is a figure of its own
                made = _targets(s, a, ph_raw, ph_simple, lone, where)
                for r in made:
                    r.review.append(Msg("ex.share_alone"))
                targets.extend(made)
            phrase_targets.append([])
            continue
        made = []
        lead_verb = _PROJECT_VERB.match(ph_simple)
        capacity_figs = [f for f in pf if f.dimension in ("mass", "power", "energy")]
        projectish = lead_verb and not ph_simple.startswith("年内") and (
            _PROJECT_NOUN.search(ph_simple) or _PROGRESS_TAIL.search(ph_simple.rstrip("等")))
        if projectish and (capacity_figs or not pf):
            _projects(s, a, ph_raw, ph_simple, capacity_figs, lead_verb, projects, skipped, where)
            pf = [f for f in pf if f not in capacity_figs]  # 14個項目竣工投產: a count stays a target
        elif lead_verb and not ph_simple.startswith("年内"):
            for f in list(pf):  # 釋放7MW以上風電整機…產能: a specification of a product, not a target
                rest = ph_simple[f.end - a:]
                if f.dimension in ("mass", "power", "energy") and rest.startswith("以上") and len(rest) > 2:
                    pf.remove(f)
                    skipped.append(Skipped(f.text, s.text, Msg("ex.spec_act"), s.section, s.clause, s.line))
        if pf:
            made = _targets(s, a, ph_raw, ph_simple, pf, where)
            targets.extend(made)
            made_here.extend(made)
        phrase_targets.append(made)
    for m, inner in parens:
        before = [r for r in made_here[-20:] if r.end <= m.start()]
        text = s.text[m.start(1):m.end(1)]
        if not before:
            made = _targets(s, m.start(1), text, s.simple[m.start(1):m.end(1)], inner, where)
            for r in made:
                r.review.append(Msg("ex.share_brackets"))
            targets.extend(made)
            continue
        t = max(before, key=lambda r: r.end)
        for f in inner:
            after = s.simple[f.end:f.end + 2]
            if "约" in m.group(1) or "左右" in m.group(1):
                t.review.append(Msg("ex.approx_share"))
            if _set_threshold(t, "share", {"figure": f.load or f.text,
                                           "comparator": "at_least" if after == "以上" else "reach",
                                           "kind": "share", "text": text}):
                t.threshold_figs.append(f.text)
                t.threshold_info.append((f.text, "at_least" if after == "以上" else "reach"))
            else:
                made = _targets(s, m.start(1), text, s.simple[m.start(1):m.end(1)], [f], where)
                targets.extend(made)
    _sweep(s, all_figs, targets[first_target:], projects, skipped, first_skip)
    return figs[-1].stance if figs else None


_NUMBER = re.compile(r"[0-9]+(?:\.[0-9]+)?")
#: Numbers that are no figures: years, dates, times, ordinals, numbering, document numbers, phone numbers.
_NOT_A_FIGURE = re.compile(r"(?:19|20)[0-9]{2}(?=年|[-—–~至/.](?:19|20)?[0-9]{2}|〕|\])|(?<=[-—–~至])(?:19|20)[0-9]{2}"
                           r"(?=年)|[0-9]{1,2}(?=月|日|号|时|点|时|分(?!之)|季度|期|批|届)|(?<=第)[0-9]+|(?<=〔)[0-9]+|"
                           r"(?<=[-—–~至])[0-9]{1,2}(?=月)|[0-9]{1,2}(?=[-—–~至][0-9]{1,2}月)|(?:19|20)[0-9]{2}(?=年度|届|版|世界)|^[0-9]{1,3}(?=[.、)])|[0-9]{7,}(?![0-9.]*[万亿吨元瓦%])")


def _sweep(s: _Sentence, all_figs: list[_Fig], made: list["Record"], projects: list["Record"],
           skipped: list[Skipped], first_skip: int) -> None:
    """None vanish: a figure of the sentence that no record holds and no reason lists, and a number with no
    unit the draft reads, are listed as left out."""
    from collections import Counter

    held = Counter()
    for r in made:
        held[r.written] += 1
        for t in r.threshold_figs:
            held[t] += 1
    for r in projects:
        if r.line == s.line and r.fields.get("text") and r.written:
            held[r.written] += 1
    for sk in skipped[first_skip:]:
        held[sk.figure] += 1
    covered: list[tuple[int, int]] = []
    for f in all_figs:
        covered.append((f.start, f.end))
        if held[f.text] > 0:
            held[f.text] -= 1
        else:
            skipped.append(Skipped(f.text, s.text, Msg("ex.not_drafted"),
                                   s.section, s.clause, s.line))
    starts = [c[0] for c in covered]
    not_fig = {m.start() for m in _NOT_A_FIGURE.finditer(s.simple)}
    for m in _NUMBER.finditer(s.simple):
        i = bisect_left(starts, m.start() + 1) - 1
        if i >= 0 and covered[i][0] <= m.start() < covered[i][1]:
            continue
        if m.start() in not_fig or (m.start() and s.simple[m.start() - 1] in "%.:/_-=#&?+"):
            continue
        after = s.simple[m.end():m.end() + 6]
        figure = s.text[m.start():m.end()] + re.match(r"[^\s,;。、()“”\"]{0,4}", after).group(0)
        skipped.append(Skipped(figure[:40], s.text[:MAX_TEXT], Msg("ex.no_unit"), s.section, s.clause, s.line))


def _comparator(ph: str, f: _Fig, a: int, rec_review: list[str]) -> str:
    start, end = f.start - a, f.end - a
    after, before = ph[end:end + 6], ph[max(0, start - 4):start]
    after = re.sub(r"^(?:/年|人民币|元人民币)", "", after)
    if re.search(r"[~\-—–至]", f.text.lstrip("-")):
        return "range"
    if after.startswith(("以上", "及以上", "之上")) or f.more:
        return "at_least"
    if after.startswith(("以下", "以内", "之内")) or re.search(r"(不超过|不高于|控制在|低于|少于|≤|<|＜)$", before):
        return "at_most"
    m = re.search(r"(超过|不低于|不少于|高于|多于|突破|超|逾|大于|≥|>|＞)(?:全国|全球|全省|全区|全市)?的?$",
                  ph[max(0, start - 8):start])
    if m:
        rec_review.append(Msg("ex.at_least_from", word=m.group(1)))
        return "at_least"
    wide = ph[max(0, start - 8):start]
    if re.search(r"(?:约|近|大约|约为|接近)(?:占(?:全国|全省|全区|全球|全市)?(?:的)?)?$", wide) or \
            after.startswith(("左右", "上下")):
        return "about"
    return "reach"


def _name_from(before_raw: str, before_s: str, after_raw: str, after_s: str) -> str:
    m = _TIME_LEAD.match(before_s)
    cut = m.end() if m else 0
    b_raw, b_s = before_raw[cut:], before_s[cut:]
    m = _VERB_TAIL.search(b_s)
    if m and m.start() < len(b_s):
        b_raw, b_s = b_raw[:m.start()], b_s[:m.start()]
    m = _VERB_HEAD.match(b_s)
    if m:  # 實施30個…項目: the verb alone is no name
        b_raw, b_s = b_raw[m.end():], b_s[m.end():]
    b_raw = b_raw.strip(" 、")
    if len(b_raw) >= 2:
        return b_raw
    a_raw = re.sub(r"^(以上|及以上|以下|左右)", "", after_raw).strip(" 、")
    a_raw = re.sub(r"等$", "", a_raw)
    return a_raw or b_raw


def _targets(s: _Sentence, a: int, ph_raw: str, ph_s: str, pf: list[_Fig], where: dict) -> list[Record]:
    out: list[Record] = []
    names: list[str] = []
    first = pf[0].start - a
    resp = ph_s.find("分别")
    if len(pf) >= 2 and 0 <= resp < first:
        head_s, head_raw = ph_s[:resp], ph_raw[:resp]
        m = _TIME_LEAD.match(head_s)
        cut = m.end() if m else 0
        parts = [x for x in re.split(r"、", head_raw[cut:]) if x]
        if len(parts) == len(pf):
            suffix = _MEASURE_WORDS.search(simplify(parts[-1]))
            if suffix:
                tail = parts[-1][suffix.start():]
                names = [p if p.endswith(tail) else p + tail for p in parts]
            else:
                names = parts
    # item boundaries: a 、 / 和 / 及 after a figure starts the next item
    starts = [0]
    for prev, nxt in zip(pf, pf[1:]):
        seg = ph_s[prev.end - a:nxt.start - a]
        m = re.search(r"[、和及]", seg)
        starts.append(prev.end - a + m.end() if m else prev.end - a)
    ends = starts[1:] + [len(ph_s)]
    for i, f in enumerate(pf):
        review: list[str] = []
        fs, fe = f.start - a, f.end - a
        item_s, item_raw = ph_s[starts[i]:ends[i]], ph_raw[starts[i]:ends[i]]
        rel_s, rel_e = fs - starts[i], fe - starts[i]
        name = names[i] if names else _name_from(item_raw[:rel_s], item_s[:rel_s], item_raw[rel_e:], item_s[rel_e:])
        name = (name or ph_raw).strip(" 、,")
        if f.top:
            name = ph_raw.strip(" 、")
            review.append(Msg("ex.top_n"))
        name = name.strip(" 、,()[]“”\"'")
        tail = _NAME_TAIL.search(simplify(name))
        name = name[:tail.start()].strip(" 、,") if tail and tail.start() >= 2 else name
        if len(name) < 2 or not re.search(r"[\u4e00-\u9fffA-Za-z]", name):
            name = (item_raw[:rel_s] + item_raw[rel_e:]).strip(" 、,()[]“”\"'") or ph_raw.strip(" 、,()")
        if simplify(f.text).endswith("项目"):  # 5項目: a count of projects, not 5項 of something named 目…
            name = f.text[-2:]
        if not re.search(r"[\u4e00-\u9fffA-Za-z]", name):
            name = f"figure {f.text}"
        cmp_ = _comparator(ph_s, f, a, review)
        if f.note:
            review.append(f.note)
        pre = ph_s[max(0, fs - 12):fs]
        addition = bool(_ADDITION.search(pre))
        if addition:
            review.append(Msg("ex.addition"))
        bm = None
        for bm in _BASIS.finditer(ph_s, max(0, fs - 16), fs):
            pass
        basis = (bm.lastgroup or "") if bm else ""
        measure, dimension = _measure(name, f)
        rec = Record("target", {"id": "", **where, "name": name, "figure": f.load or f.text, "comparator": cmp_,
                                "measure": measure}, review, s.line, s.block, f.end, written=f.text,
                     stance=f.stance, year=f.year, comparator=cmp_, basis=basis, addition=addition)
        if dimension:
            rec.fields["dimension"] = dimension
        rec.fields["text"] = _excerpt(s, a, ph_raw, review)
        rec.fields["_gloss"] = _gloss(name, f.dimension)
        out.append(rec)
    return out


#: A sentence longer than this is quoted by the phrase (between commas) that holds the figure.
MAX_TEXT = 400


def _excerpt(s: _Sentence, a: int, ph_raw: str, review: list[str]) -> str:
    if len(s.text) <= MAX_TEXT and not s.part:
        return s.text
    review.append(Msg("ex.excerpt", n=len(s.text)))
    return ph_raw.strip(" 、") or s.text[:MAX_TEXT]


def _measure(name: str, f: _Fig) -> tuple[str, Optional[str]]:
    n = simplify(name)
    if f.dimension == "currency":
        return ("output_value", None) if "产值" in n else ("other", "currency")
    if f.dimension == "count":
        return ("output", "count") if re.search(r"产量", n) else ("count", None)
    if f.dimension == "dimensionless":
        return ("growth", None) if re.search(r"增长|增速|提高|提升", n) else ("ratio", None)
    if re.search(r"产量|产出", n):
        return "output", f.dimension
    return "capacity", f.dimension


def _gloss(name: str, dimension: Optional[str]) -> Optional[tuple[str, Optional[str]]]:
    key = _MEASURE_WORDS.sub("", fold(name))
    key = re.sub(r"^(年内|建成|形成)", "", key)
    hit = _GLOSSARY_FOLDED.get(key) or _GLOSSARY_FOLDED.get(fold(name)) or _gloss_inside(key)
    if hit and (dimension is None or hit[2] is None or hit[2] == dimension):
        return hit[0], hit[1]
    return None


def _gloss_inside(key: str) -> Optional[tuple[str, Optional[str], Optional[str]]]:
    """A glossary word that ends a longer name (包头市2025年多晶硅 → 多晶硅; the measure word is already off):
    the head of a Chinese noun phrase comes last, so 碳纤维复合材料 (a composite) is not 碳纤维. None when the
    name also holds a word of another id (多晶硅、单晶硅: a list, not one product)."""
    head = next((w for w in _GLOSSARY_BY_LENGTH if key.endswith(w)), None)
    if head is None:
        return None
    hit = _GLOSSARY_FOLDED[head]
    if any(w in key and _GLOSSARY_FOLDED[w][0] != hit[0] for w in _GLOSSARY_BY_LENGTH):
        return None
    return hit


def _attach_threshold(kind: str, ph_raw: str, ph_s: str, pcts: list[_Fig], a: int,
                      phrase_targets: list[list[Record]], skipped: list[Skipped], s: _Sentence) -> list[_Fig]:
    """Link percentages to the figures before them; a share with none before it is returned (a figure alone)."""
    prev = next((p for p in reversed(phrase_targets) if p), [])
    text = ph_raw.strip(" 、,，")
    if not prev:
        if kind == "share":
            return pcts
        for f in pcts:
            skipped.append(Skipped(f.text, s.text, Msg("ex.threshold_alone", kind=kind, text=text),
                                   s.section, s.clause, s.line))
        return []
    if len(pcts) >= 2:
        pairs = list(zip(prev[-len(pcts):], pcts))
    elif ph_s.lstrip("、").startswith("均") or ph_s.lstrip("、").startswith("分别"):
        pairs = [(t, pcts[0]) for t in prev]
    else:
        pairs = [(prev[-1], pcts[0])]
    alone = []
    for t, f in pairs:
        after = ph_s[f.end - a:f.end - a + 2]
        if _set_threshold(t, kind, {"figure": f.load or f.text, "comparator": "at_least" if after == "以上" else
                                    "reach", "kind": kind, "text": text}):
            t.threshold_figs.append(f.text)
            t.threshold_info.append((f.text, "at_least" if after == "以上" else "reach"))
        elif f not in alone:
            alone.append(f)
    used = {id(f) for _, f in pairs}
    for f in pcts:
        if id(f) not in used:
            skipped.append(Skipped(f.text, s.text, Msg("ex.threshold_extra", kind=kind, text=text), s.section, s.clause, s.line))
    return alone


def _set_threshold(t: Record, kind: str, th: dict) -> bool:
    """Link a threshold to a target; False when it cannot be stored there (a share of a target with no
    national quantity): the caller drafts the percentage as a figure of its own."""
    gloss = t.fields.get("_gloss")
    if kind == "share" and not (gloss and gloss[1]):
        t.review.append(Msg("ex.threshold_not_stored", kind=kind, figure=th["figure"], text=th["text"]))
        return False
    t.fields["_threshold"] = th
    t.review.append(Msg("ex.threshold_linked", kind=kind, figure=th["figure"], text=th["text"]))
    return True


def _split_items(body_raw: str, body_s: str) -> list[tuple[str, str, int]]:
    """Split a list of projects at 、 和 及 與 (not inside brackets): (raw, simplified, offset) per item."""
    items, depth, start = [], 0, 0
    for i, c in enumerate(body_s):
        if c in "(（“《":
            depth += 1
        elif c in ")）”》":
            depth = max(0, depth - 1)
        elif depth == 0 and c in "、和及与":
            items.append((body_raw[start:i], body_s[start:i], start))
            start = i + 1
    items.append((body_raw[start:], body_s[start:], start))
    return [(r, x, o) for r, x, o in items if x.strip()]


def _projects(s: _Sentence, a: int, ph_raw: str, ph_s: str, pf: list[_Fig], lead_verb: re.Match,
              projects: list[Record], skipped: list[Skipped], where: dict) -> None:
    verb_end = lead_verb.end()
    verb = ph_raw[lead_verb.start(1):lead_verb.end(1)]
    body_s = ph_s[verb_end:]
    body_raw = ph_raw[verb_end:]
    tail = ""
    m = _PROGRESS_TAIL.search(body_s)
    if m:
        tail = body_raw[m.start():]
        body_s, body_raw = body_s[:m.start()], body_raw[:m.start()]
    shared, listed = "", False
    m = re.search(r"等([^、和及与等0-9]{0,8}?)项目$", body_s)
    if m:  # 韻升強磁、科田磁業等磁材項目: one product for the list
        shared, listed = body_raw[m.start(1):m.end(1)].strip(), True
        body_s, body_raw = body_s[:m.start()], body_raw[:m.start()]
    elif body_s.endswith("项目"):
        body_s, body_raw, listed = body_s[:-2], body_raw[:-2], True
    state = f"{verb}…{tail}" if tail else (verb + "…" if verb.endswith(("建設", "建设", "推進", "推进", "打造")) else verb)
    items = _split_items(body_raw, body_s)
    prev_name, product_first = "", False
    made: list[Record] = []
    fstarts = [f.start - a - verb_end for f in pf]
    for raw_item, s_item, offset in items:
        lo = bisect_left(fstarts, offset)
        figs = [f for f in pf[lo:bisect_left(fstarts, offset + len(s_item))] if f.start - a - verb_end >= 0]
        review: list[str] = []
        if not figs:
            name = raw_item.strip()
            nm = _PROJECT_NOUN.search(s_item)
            if (len(name) < 2 or _GENERIC.search(s_item) or _PROJECT_NOUN.fullmatch(s_item.strip())
                    or s_item.startswith("项目") or not (listed or nm)):
                continue  # a bare or generic word, or a centre/platform that is not a project
            if nm and nm.group(0) != "项目" and nm.end() < len(s_item):
                name = raw_item[:nm.end()]
            rec = {"id": "", "name": name, "product": shared, "state": state, **where,
                   "text": _excerpt(s, a, ph_raw, [])}
            made.append(Record("project", rec, [Msg("ex.no_figure_project")], s.line, s.block))
            continue
        for f in figs:
            fs = f.start - a - verb_end - offset
            fe = fs + len(f.text)
            if raw_item[fe:fe + 2].startswith("以上") or s_item[fe:fe + 2] == "以上":
                skipped.append(Skipped(f.text, s.text, Msg("ex.spec_project"),
                                       s.section, s.clause, s.line))
                continue
            before_raw, before_s = raw_item[:fs], s_item[:fs]
            m = re.search(r"(?:合作开发|合作建设|合作|开发|建设|新建|扩建)$", before_s)
            if m:  # 喜馬拉雅公司合作開發3.5噸…: the verb is not the name
                before_raw, before_s = before_raw[:m.start()], before_s[:m.start()]
            after_raw = raw_item[fe:].lstrip("级級")
            name, product = before_raw.strip(), after_raw.strip()
            ym = re.search(r"年产", before_s)
            if ym:
                name = before_raw[:ym.start()].strip()
                if ym.end() < len(before_s):
                    product = before_raw[ym.end():].strip() or product
                    product_first = True
            elif product_first and not product:
                product, name = name, ""
            name = name or prev_name
            if not name:
                name = product or shared
                review.append(Msg("ex.no_name"))
            prev_name = name
            rec = {"id": "", "name": name, "product": product or shared, "figure": f.load or f.text, "state": state, **where,
                   "text": _excerpt(s, a, ph_raw, review)}
            made.append(Record("project", rec, list(review), s.line, s.block, f.end, written=f.text,
                               stance=f.stance, year=f.year, comparator=_comparator(ph_s, f, a, [])))
    # a product written once for several figures (通威三期20萬噸、大全二期10萬噸多晶硅)
    for i, r in enumerate(made):
        if not r.fields["product"]:
            later = next((x.fields["product"] for x in made[i + 1:] if x.fields["product"]), "")
            r.fields["product"] = later
    projects.extend(made)


# --------------------------------------------------------------------------------------------- ids, region


def _finish(r: Record, target_year: Optional[int]) -> None:
    """Stance, year, basis and an approximate comparator, in the names the format reads (or a review note
    where this version of the format has no place for them)."""
    from capacity.model import COMPARATORS, Target

    known = Target.__dataclass_fields__
    if r.comparator == "about" and "about" not in COMPARATORS:
        r.fields["comparator"] = "reach"
        r.review.append(Msg("ex.approx"))
    after = "comparator"
    if r.stance != "goal":
        if "stance" in known:
            _insert_after(r.fields, after, "stance", r.stance)
            after = "stance"
        r.review.append(Msg(f"ex.stance.{r.stance}"))
    if r.year is not None and r.year != target_year:
        _insert_after(r.fields, after, "year", r.year)
    if r.basis:
        if "basis" in known:
            _insert_after(r.fields, "measure", "basis", r.basis)
        else:
            r.review.append(Msg("ex.basis", basis=r.basis, said="产量" if r.basis == "production" else "产能"))


def _ids(targets: list[Record], projects: list[Record], start: list[Record] = ()) -> None:  # type: ignore[assignment]
    used: set[str] = {r.fields["id"] for r in start}

    def unique(base: str) -> str:
        ident, n = base, 2
        while ident in used:
            ident, n = f"{base}_{n}", n + 1
        used.add(ident)
        return ident

    counters: dict[str, int] = {}
    for r in targets:
        g = r.fields.pop("_gloss", None)
        th = r.fields.pop("_threshold", None)
        if g and g[0] not in used:
            r.fields["id"] = unique(g[0])
            r.review.insert(0, Msg("ex.id_glossary", id=g[0]))
            if g[1] and r.fields.get("measure") == "capacity":
                _insert_after(r.fields, "dimension" if "dimension" in r.fields else "measure", "national", g[1])
        else:
            where = f"c{r.fields['clause']}" if "clause" in r.fields else (
                "preamble" if r.fields["section"] == "preamble" else f"s{_cn_int(r.fields['section'])}")
            key = f"{where}_{r.fields['measure']}"
            counters[key] = counters.get(key, 0) + 1
            r.fields["id"] = unique(f"{key}_{counters[key]}")
            r.review.insert(0, Msg("ex.id_placeholder"))
        if th:
            if th["kind"] == "share" and "national" not in r.fields:
                r.review.append(Msg("ex.share_dropped"))
            else:
                _insert_after(r.fields, "national" if "national" in r.fields else
                              ("dimension" if "dimension" in r.fields else "measure"), "threshold", th)
    by_id = {r.fields["id"]: r for r in targets}
    pcount: dict[str, int] = {}
    for r in projects:
        g = _gloss(r.fields.get("product", ""), None)
        base = f"{g[0]}_project" if g else (f"c{r.fields['clause']}_project" if "clause" in r.fields else "project")
        pcount[base] = pcount.get(base, 0) + 1
        r.fields["id"] = unique(f"{base}_{pcount[base]}")
        r.review.insert(0, Msg("ex.id_placeholder"))
        if g and g[0] in by_id and r.fields.get("figure"):
            t = by_id[g[0]]
            fig = next((f for f in _figures(r.fields["figure"], simplify(r.fields["figure"]))), None)
            if fig and t.fields.get("dimension") == fig.dimension:
                _insert_after(r.fields, "state", "feeds", g[0])
                r.review.append(Msg("ex.feeds", id=g[0]))


def _insert_after(d: dict, after: str, key: str, value: Any) -> None:
    items = list(d.items())
    pos = next((i + 1 for i, (k, _) in enumerate(items) if k == after), len(items))
    items.insert(pos, (key, value))
    d.clear()
    d.update(items)


def _region(text: str, sentences: list[_Sentence]) -> tuple[dict[str, Any], list[str]]:
    review = []
    simple = simplify(text)
    doc = _DOC_NUMBER_RE.search(text)
    title = re.search(r"《([^》]{6,80})》", text)
    place = re.search(r"(?:^|(?<=[\s,;、“(《])|(?<=中共)|(?<=中国共产党))([\u4e00-\u9fff]{2,4}?[市省区县州盟旗])"
                      r"(?:委员会|人民政府|委|政府)", simple, re.M)
    years = re.findall(r"(20[0-9]{2})年", simple)
    name = re.sub(r"^(中共|中国共产党)", "", simple[place.start(1):place.end(1)]) if place else ""
    name_raw = text[place.end(1) - len(name):place.end(1)] if name else "region"
    region: dict[str, Any] = {"id": "region", "name": name_raw}
    review.append(Msg("ex.region_placeholder"))
    if doc:
        region["document"] = doc.group(0)
    if title:
        region["title"] = title.group(1)
    if doc and re.search(r"〔(\d{4})〕", doc.group(0)):
        region["target_year"] = re.search(r"〔(\d{4})〕", doc.group(0)).group(1)  # type: ignore[union-attr]
        review.append(Msg("ex.year_docnum"))
    else:
        goals = [int(y) for y in re.findall(r"到(20[0-9]{2})年", simple)]
        goals += [_PLAN_YEARS[w] for w in re.findall(r"(十三五|十四五|十五五)(?:规划|时期|期间|末)", simple)]
        pool = goals or [int(y) for y in years]
        if pool:  # the most often named; a tie goes to the latest year (never to hash order)
            best = max(sorted(set(pool)), key=lambda y: (pool.count(y), y))
            region["target_year"] = best
            review.append(Msg("ex.year_goal") if goals else Msg("ex.year_often"))
    return region, review


# --------------------------------------------------------------------------------------------- YAML

_PLAIN = re.compile(r"^[^\s\-?:,\[\]{}#&*!|>'\"%@`~][^#]*$")


_SMALL_INT = re.compile(r"[0-9]{1,9}")
_NUMBERISH = re.compile(r"[0-9.eE+-]+")


def _scalar(value: Any) -> str:
    s = str(value)
    if isinstance(value, int) or _SMALL_INT.fullmatch(s):
        return s
    if (_PLAIN.match(s) and ": " not in s and not s.endswith((":", " ")) and s not in ("true", "false", "null", "~")
            and not _NUMBERISH.fullmatch(s)):
        return s
    return json.dumps(s, ensure_ascii=False)


def _comment(lines: list[str], notes: list[str], indent: str, lang: str = "en") -> None:
    for n in notes:
        lines.append(f"{indent}# {message('ex.review', lang, note=word(n, lang))}")


def to_yaml(draft: Draft, lang: str = "en") -> str:
    """The draft as a targets file that ``capacity validate`` accepts; guesses carry ``# review:``. The
    comments are worded in ``lang``; the data is the same in every language."""
    levels = ", ".join(draft.levels) or message("denom.none", lang)
    if draft.levels:
        levels += message("ex.levels_clause" if len(draft.levels) > 1 else "ex.levels", lang,
                          section=draft.levels[0], clause=draft.levels[-1])
    out = [
        "# " + message("ex.header", lang, source=draft.source),
        "# " + message("ex.header_review", lang),
        "# " + message("ex.header_levels", lang, levels=levels),
        "schema_version: 1",
        "region:",
    ]
    _comment(out, draft.region_review, "  ", lang)
    for k, v in draft.region.items():
        out.append(f"  {k}: {_scalar(v)}")
    if draft.sections:
        out.append("sections:")
        for sec in draft.sections:
            out.append(f"  - section: {_scalar(sec['section'])}")
            if sec.get("title"):
                out.append(f"    title: {_scalar(sec['title'])}")
    out.append("targets:" if draft.targets or draft.status else "targets: []")
    for r in draft.targets:
        _record(out, r, lang)
    if draft.status:
        out.append("  # " + message("ex.status_block", lang))
        for r in draft.status:
            _record(out, r, lang)
    if draft.projects:
        out.append("projects:")
        for r in draft.projects:
            _record(out, r, lang)
    suppliers = [r.fields["id"] for r in draft.targets
                 if isinstance(r.fields.get("threshold"), dict) and r.fields["threshold"].get("kind") == "supply"]
    if suppliers:  # a supply threshold needs a link to be checked (docs/data-format.md, chains)
        out.append("chains:")
        out.append("  # " + message("ex.review", lang, note=message("ex.chains", lang)))
        out.append("  - links:")
        out.extend(f"      - {{supply: {sid}}}" for sid in suppliers)
    if draft.skipped:
        out.append("# " + message("ex.left_out", lang))
        for sk in draft.skipped:
            where = sk.section + (f".{sk.clause}" if sk.clause else "")
            out.append("#   " + message("ex.left_out_row", lang, where=where, line=sk.line, figure=sk.figure,
                                        reason=word(sk.reason, lang)))
    return "\n".join(out) + "\n"


def _record(out: list[str], r: Record, lang: str = "en") -> None:
    _comment(out, r.review, "  ", lang)
    first = True
    for k, v in r.fields.items():
        prefix = "  - " if first else "    "
        first = False
        if isinstance(v, dict):
            out.append(f"{prefix}{k}:")
            for kk, vv in v.items():
                out.append(f"      {kk}: {_scalar(vv)}")
        elif isinstance(v, list):
            out.append(f"{prefix}{k}: [{', '.join(_scalar(x) for x in v)}]")
        else:
            out.append(f"{prefix}{k}: {_scalar(v)}")


# --------------------------------------------------------------------------------------------- against


def _key(figure: str, section: str, clause: Optional[int]) -> tuple[str, str, Optional[int]]:
    return fold(figure).replace(" ", ""), section, clause


def _written(d: Any) -> str:
    """A data record's figure as the text writes it: the addition for a figure stated as one (新增21萬噸 is
    stored as base + addition), the document's own figure where an override changed it."""
    if getattr(d, "addition", None) is not None:
        return d.addition.added.text
    if getattr(d, "stated", None) is not None:
        return d.stated.text
    return d.figure.text


def against(draft: Draft, tf: Any, text: str) -> dict:
    """What the text holds that the data file ``tf`` (a loaded TargetFile) lacks, and the reverse. Each row
    names the check that failed: ``figure not in the data``, ``figure not in the text``, ``text not in the
    document``, or, for a figure both hold, ``comparator``, ``kind``, ``year``, ``stance``, ``threshold``,
    ``lead``, ``state``."""
    doc = fold(normalise(text)).replace(" ", "")
    data: list[tuple[str, Any]] = [("target", t) for t in tf.targets] + [("project", p) for p in tf.projects]
    open_data = {i: d for i, d in enumerate(data) if d[1].figure is not None}
    records = draft.records + draft.status
    target_year = draft.region.get("target_year")
    data_year = getattr(tf.region, "target_year", None)
    pairs = _match(records, open_data, data_year)
    matched_data: set[int] = set(pairs.values())
    text_only: list[dict] = []
    status_only: list[dict] = []
    differs: list[dict] = []
    for n, r in enumerate(records):
        if r.fields.get("figure") is None:
            continue
        hit = pairs.get(n)
        if hit is None:
            row = {**_row(r), "check": "figure not in the data"}
            (status_only if r.stance == "status" else text_only).append(row)
        else:
            kind, d = open_data[hit]
            checks = _differences(r, d, kind, target_year, data_year)
            if checks:
                differs.append({**_row(r), "data_id": d.id, "checks": [c["check"] for c in checks],
                                "differences": [c["say"] for c in checks]})
    named_only = []
    for r in draft.projects:
        if r.fields.get("figure") is not None:
            continue
        n = fold(r.fields["name"])
        if not any(n in fold(p.text) or n in fold(p.name) or (fold(p.name) in n and len(p.name) >= 2)
                   for p in tf.projects):
            named_only.append({**_row(r), "check": "project not in the data"})
    data_only, extractor_missed = [], []
    for i, (kind, d) in enumerate(data):
        if i in matched_data:
            continue
        fig = _written(d) if d.figure is not None else None
        text_held = bool(d.text) and fold(d.text).replace(" ", "") in doc
        fig_held = fig is None or fold(fig).replace(" ", "") in (fold(d.text).replace(" ", "") if d.text else doc)
        row = {"kind": kind, "id": d.id, "figure": fig, "section": d.section,
               "clause": d.clause, "name": d.name, "text": d.text,
               "line": d.loc.line if getattr(d, "loc", None) else None}
        if not text_held and d.text:
            data_only.append({**row, "check": "text not in the document"})
        elif not fig_held or (not d.text and fig is not None and fold(fig).replace(" ", "") not in doc):
            data_only.append({**row, "check": "figure not in the text"})
        elif not d.text and fig is None:
            data_only.append({**row, "check": "text not in the document"})
        elif fig is not None:
            extractor_missed.append({**row, "check": "in the text, not found by extract"})
    return {
        "schema": "capacity.extract-against/2",
        "text_only": text_only,
        "status_only": status_only,
        "named_only": named_only,
        "data_only": data_only,
        "differs": differs,
        "held_not_extracted": extractor_missed,
        "not_targets": [{"figure": s.figure, "section": s.section, "clause": s.clause, "line": s.line,
                         "reason": s.reason, "text": s.text} for s in draft.skipped],
    }


def _match(records: list[Record], open_data: dict[int, tuple[str, Any]], data_year: Any = None) -> dict[int, int]:
    """Draft record index → data record index, by figure, words and year. A data record with a section or
    clause matches a draft figure written the same with the same section and clause (the closest in words
    and year first, then in order). One with neither (the source gave none, docs/data-format.md) matches a
    draft figure written the same whose words agree (``_closeness``): a record of the same kind (target,
    project) first, then the same year, then the closer words, then the earlier record."""
    by_key: dict[tuple, list[int]] = {}
    loose: dict[str, list[int]] = {}
    for i, (_, d) in open_data.items():
        if d.section or d.clause is not None:
            by_key.setdefault(_key(_written(d), d.section, d.clause), []).append(i)
        else:
            loose.setdefault(_key(_written(d), "", None)[0], []).append(i)
    pairs: dict[int, int] = {}
    scored: list[tuple[int, int, int]] = []
    for n, r in enumerate(records):
        fig = r.written or r.fields.get("figure")
        if fig is None:
            continue
        pool = by_key.get(_key(fig, r.fields["section"], r.fields.get("clause")))
        if pool:
            best = max(pool, key=lambda i: (_same_year(r, open_data[i][1], data_year),
                                            _closeness(r, open_data[i][1]), -i))
            pool.remove(best)
            pairs[n] = best
            continue
        for i in loose.get(_key(fig, "", None)[0], []):
            kind, d = open_data[i]
            score = _closeness(r, d)
            if score:
                scored.append((-(score + (4 if kind == r.kind else 0) + 2 * _same_year(r, d, data_year)), n, i))
    taken: set[int] = set()
    for _, n, i in sorted(scored):
        if n not in pairs and i not in taken:
            pairs[n] = i
            taken.add(i)
    return pairs


def _same_year(r: Record, d: Any, data_year: Any) -> int:
    dy = getattr(d, "year", None) or data_year
    return int(r.year is None or dy is None or int(r.year) == int(dy))


def _closeness(r: Record, d: Any) -> int:
    """How well a draft figure and a data record without section or clause agree: 2 for the names (one
    inside the other, folded) plus 1 for the texts (likewise); 1 for a data record with neither name nor
    text (the figure alone); 0: no match."""
    name, dname = fold(r.fields.get("name") or ""), fold(getattr(d, "name", "") or "")
    text, dtext = fold(r.fields.get("text") or ""), fold(d.text or "")
    if not dname and not dtext:
        return 1
    score = 2 if name and dname and (name in dname or dname in name) else 0
    return score + (1 if text and dtext and (dtext in text or text in dtext) else 0)


def _differences(r: Record, d: Any, kind: str, target_year: Any = None, data_year: Any = None) -> list[dict]:
    """The checks a figure both hold fails: kind (target/project), comparator, year, stance, threshold,
    lead units (targets), state verb (projects)."""
    out: list[dict] = []
    f = r.fields

    def fail(check: str, text: Any, data: Any) -> None:
        out.append({"check": check, "text": text, "data": data, "say": Msg("ex.differs", check=check, text=text, data=data)})

    if r.kind != kind:
        fail("kind", r.kind, kind)
    if r.kind == "target" and hasattr(d, "comparator"):
        if f["comparator"] != d.comparator:
            fail("comparator", f["comparator"], d.comparator)
        ry = r.year if r.year is not None else target_year
        dy = getattr(d, "year", None) or data_year
        if ry is not None and dy is not None and int(ry) != int(dy):
            fail("year", ry, dy)
        ds = getattr(d, "stance", "goal")
        if r.stance != ds and {r.stance, ds} != {"goal", "aspiration"}:  # 力争 is a goal's flavour, not a clash
            fail("stance", r.stance, ds)
        th = f.get("threshold")
        dth = d.threshold.figure.text if d.threshold else None
        if th and fold(th["figure"]) != fold(dth or ""):
            out.append({"check": "threshold", "text": th["figure"], "data": dth,
                        "say": Msg("ex.differs_threshold", figure=th["figure"], text=th["text"],
                                           data=dth or Msg("denom.none"))})
        lead = f.get("lead") or []
        if lead and [fold(x) for x in lead] != [fold(x) for x in d.lead]:
            fail("lead", "、".join(lead), "、".join(d.lead) or Msg("denom.none"))
    elif r.kind == "project" and hasattr(d, "state"):
        if f.get("state") and d.state and fold(f["state"]) != fold(d.state):
            fail("state", f["state"], d.state)
    return out


def _row(r: Record) -> dict:
    return {"kind": r.kind, "id": r.fields["id"], "figure": r.written or r.fields.get("figure"),
            "section": r.fields["section"], "clause": r.fields.get("clause"), "name": r.fields.get("name"),
            "text": r.fields.get("text"), "line": r.line, "stance": r.stance, "year": r.year, "review": r.review}


def recall_precision(draft: Draft, tf: Any) -> dict:
    """Figures of ``tf`` (targets and projects with a figure) the draft recovers with the right section and
    clause (recall), and draft figures that are in ``tf`` (precision)."""
    want = [_key(x.figure.text, x.section, x.clause) for x in (*tf.targets, *tf.projects) if x.figure is not None]
    got = [_key(r.fields["figure"], r.fields["section"], r.fields.get("clause")) for r in draft.records
           if r.fields.get("figure") is not None]
    missed_got = []
    pool = list(want)
    hits = 0
    for k in got:
        if k in pool:
            pool.remove(k)
            hits += 1
        else:
            missed_got.append(k)
    return {"extra": missed_got, "data": len(want), "draft": len(got), "matched": hits,
            "recall": hits / len(want) if want else 1.0, "precision": hits / len(got) if got else 1.0,
            "missed": pool}
