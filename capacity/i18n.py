"""One message table for what the terminal tables say (titles, column headers, verdict words, the
legends and the summary line) in English (``en``, the default) or Chinese (``zh``, simplified, as the
HTML report's labels). ``t(key, lang)`` looks a message up; ``translate(doc, lang)`` turns a Doc built
in English into the other language in one place, so every command (and every new table) gets it.

What is translated: titles, headers, verdicts, legends, the header and summary lines. What is not:
data (target names and figures as the document writes them, sources, periods as published) and the
JSON and CSV keys, which are a contract for scripts."""

from __future__ import annotations

import re
from typing import Any

LANGS = ("en", "zh")

BAR_LEGEND = ("Bar: █ the share (the bar ends at 1.5× the threshold, or 100% without one), ░ the unknown part of a "
              "bounded share, ┃ the threshold.")
MEANINGS = ("±pp: share − threshold, in percentage points. Gap: threshold × national − local, the capacity still "
            "missing (negative: to spare). Headroom: local / threshold, the largest national total at which the claim "
            "holds. For an about (≈) claim the threshold is less its tolerance, where the verdict flips.")


#: key -> {lang: text}. Keys of the exact-string kind are the English text itself.
MESSAGES: dict[str, dict[str, str]] = {
    "bar_column": {"en": "bar", "zh": "条形图"},
    "columns_left_out": {"en": "(left out at this width: {names}; a wider terminal or --format csv shows them)",
                         "zh": "（此宽度下省略：{names}；加宽终端或用 --format csv 可见）"},
}

#: English -> Chinese, exact strings: titles, headers, verdict words, legends.
ZH: dict[str, str] = {
    # titles
    "Shares of the national total": "占全国总量的比重",
    "Local supply along the chain": "产业链本地配套",
    "Rollups: parts against stated totals": "分项与所述总量",
    "Progress: observed against target": "进度：观测值与目标",
    "On which denominator does the claim hold?": "判断在哪个全国数据上成立？",
    "Baseline beside scenario": "基准与情景对照",
    "Goal seek (closed form)": "目标求解（闭式解）",
    "National figures": "全国数据",
    "Conversion factors": "换算系数",
    "Uncertain inputs": "不确定输入",
    "Regions side by side": "地区对照",
    # headers
    "Target": "目标", "Unit": "单位", "Local": "本地", "National": "全国", "Denom.": "分母",
    "Share [goal]": "比重 [门槛]", "Bar": "条形", "±pp": "±百分点", "Gap": "缺口", "Headroom": "余量",
    "Supply → need": "供给 → 需求", "Supply": "供给", "Need": "需求", "Ratio [goal]": "比例 [门槛]",
    "Factor": "系数", "Rollup": "合计", "Stated": "所述", "Parts": "分项", "Sum of parts": "分项之和",
    "Unexplained": "未列明", "Date": "日期", "Observed [% of goal]": "观测值 [占目标]", "Goal": "目标值",
    "Remaining": "尚差", "Year": "年份", "Period": "时期", "Basis": "口径", "Holds?": "成立？", "Source": "来源",
    "Result": "结果", "Kind": "类型", "Baseline": "基准", "Scenario": "情景", "Verdict": "判断", "Claim": "判断项",
    "Solved for": "求解", "Value": "数值", "Now": "当前", "Against": "依据", "Id": "编号", "Name": "名称",
    "Figure": "原文数字", "Threshold": "门槛", "Lead": "牵头单位", "Project": "项目", "Product": "产品",
    "State": "状态", "Feeds": "计入", "Quantity": "数量", "Flags": "标记", "Range": "范围", "Note": "说明",
    "Check": "检查", "P(holds)": "P(成立)", "check": "检查结论", "Moves it most": "影响最大", "Input": "输入",
    "Then": "发文时", "Share": "比重", "Drawn": "分布", "Low": "低", "Mode / p": "众数 / p", "High": "高",
    "P(holds) low→high": "P(成立) 低→高", "p50 low→high": "p50 低→高",
    "Region": "地区", "As written": "原文写法", "Of parent": "占上级地区",
    # verdicts
    "PASS": "达标", "FAIL": "未达标", "WARN": "临界", "FLIPPED": "翻转",
    # solve's "solved for"
    "local figure needed": "所需本地数值", "gap (needed − local)": "缺口（所需 − 本地）",
    "headroom (max national)": "余量（全国总量上限）", "supply needed": "所需供给",
    "largest demand covered": "可满足的最大需求", "break-even factor": "盈亏平衡系数",
}

#: Lines (legends) translated whole.
ZH_LINES: dict[str, str] = {}

#: (pattern, replacement) for titles and lines with numbers in them.
ZH_PATTERNS: list[tuple[str, str]] = [
    (r"^Targets \((\d+)\)$", r"目标（\1）"),
    (r"^Projects \((\d+)\)$", r"项目（\1）"),
    (r"^Probability that each claim holds \(([\d,]+) samples, seed (\d+)\)$", r"每项判断成立的概率（\1 次抽样，种子 \2）"),
    (r"^Sweep of (\S+) from (\S+) to (\S+) \((\d+) steps\)$", r"\1 从 \2 到 \3 的扫描（\4 步）"),
    (r"^What moves each check: the top (\d+) inputs.*$", r"影响每项检查最大的 \1 个输入（各取其低端与高端；项目：不建、建成）"),
    (r"^Then and now: each claim against the figure known when issued(?: \(([^)]*)\))? and the target year's$",
     r"发文时与目标年：每项判断对比发文时（\1）已知的数据与目标年的数据"),
    (r"^Denominators: basis (\w+), newest year on file up to the target year",
     r"分母：口径 \1，取目标年及以前的最新年份"),
    (r"^Then and now: each claim against the figure known when issued(?: \(([^)]*)\))? and the target year's$",
     r"发文时与目标年：每项判断对比发文时（\1）已知的数据与目标年的数据"),
    (r"^Denominators: basis (\w+), year (\d{4})", r"分母：口径 \1，\2 年"),
    (r"^Denominators: ", "分母："),
    (r"^Regions: ", "地区："),
    (r"^National data: ", "全国数据："),
    (r"^Scenario: none \(the data as published\)$", "情景：无（按公布数据）"),
    (r"^Scenario: none$", "情景：无"),
    (r"^Scenario: ", "情景："),
    (r"^Result: ", "结果："),
    (r", targets for (\d{4})$", r"，\1 年目标"),
    (r"\b(\d+) failed\b", r"\1 项未达标"),
    (r"\b(\d+) passed\b", r"\1 项达标"),
    (r"\b(\d+) warnings?\b", r"\1 项临界"),
    (r"\b(\d+) undecided\b", r"\1 项无法判断"),
    (r"\b(\d+) informational\b", r"\1 项仅供参考"),
    (r"; progress \(not checks\): ", "；进度（非检查）："),
    (r"\b(\d+) reached\b", r"\1 项已达成"),
    (r"\b(\d+) short\b", r"\1 项未达成"),
    (r"\b(\d+) no verdict\b", r"\1 项无结论"),
    (r"^(\d+) verdicts? flipped: ", r"\1 项判断翻转："),
    (r"^(\d+) unchanged results? hidden \(--all shows them\)$", r"\1 项未变结果已隐藏（--all 显示）"),
]

VERDICT_WORDS = re.compile(r"\b(PASS|FAIL|WARN|FLIPPED)\b")
VERDICT_CELL = re.compile(r"^(PASS|FAIL|WARN|FLIPPED)( → (PASS|FAIL|WARN|\?|—))?$")
THEN_NOW_NOTE = re.compile(r"^(\S+) (then|now): (.*)$")
COMPARED_ON = re.compile(r"^(\S+): (\S+) compared on (\S+ \(\d{4}\)): (?:the latest target year at or before "
                         r"(--year )?(?:the compared year )?(\d{4})|no target for \d{4} or before: the earliest)"
                         r"(?:; left out: (.*))?$")
PROGRESS_CONTEXT = re.compile(r"^(.*); the verdict rests on (\S+), at or before the target year's end; later: (.*), "
                              r"context$")


def t(key: str, lang: str = "en", **kwargs: Any) -> str:
    entry = MESSAGES.get(key)
    text = key if entry is None else (entry.get(lang) or entry["en"])
    return text.format(**kwargs) if kwargs else text


def text(s: str, lang: str) -> str:
    """One string in ``lang``: an exact entry, a whole line, or the patterns in turn."""
    if lang != "zh" or not s:
        return s
    if s in ZH:
        return ZH[s]
    if s in ZH_LINES:
        return ZH_LINES[s]
    out = s
    for pat, rep in ZH_PATTERNS:
        out = re.sub(pat, rep, out)
    return out


def translate(doc: Any, lang: str) -> Any:
    """The Doc with its titles, headers, verdict cells, legends and header/footer lines in ``lang``."""
    if lang != "zh":
        return doc
    ZH_LINES.setdefault(BAR_LEGEND + " " + MEANINGS,
                        "条形：█ 比重（止于门槛的 1.5 倍，无门槛时止于 100%）， ░ 有界比重的未知部分， ┃ 门槛。 "
                        "±百分点：比重 − 门槛。 缺口：门槛 × 全国 − 本地，尚缺的产能（负数：富余）。 "
                        "余量：本地 / 门槛，判断仍成立的最大全国总量。 约数（≈）判断的门槛扣除其容差，即判断翻转之处。")
    for v in doc.views:
        v.title = text(v.title, lang)
        for c in v.columns:
            c.header = text(c.header, lang)
        verdict_keys = [c.key for c in v.columns if c.head or c.key in ("verdict", "check_verdict", "flip", "what")]
        for r in v.rows:
            for k, cell in list(r.items()):
                if not isinstance(cell, str):
                    continue
                if k in verdict_keys:
                    r[k] = ZH.get(cell) or VERDICT_WORDS.sub(lambda m: ZH[m.group(1)], cell)
                elif VERDICT_CELL.match(cell):  # a verdict in any column (then / now)
                    r[k] = VERDICT_WORDS.sub(lambda m: ZH[m.group(1)], cell)
        v.notes = [_note(n) for n in v.notes]
        v.lang = lang
    doc.header = [text(x, lang) for x in doc.header]
    doc.footer = [text(x, lang) for x in doc.footer]
    return doc


def _note(n: str) -> str:
    if n in ZH_LINES:
        return ZH_LINES[n]
    m = THEN_NOW_NOTE.match(n)
    if m:
        body = VERDICT_WORDS.sub(lambda x: ZH[x.group(1)], m.group(3)).replace(" against ", " 对比 ")
        return f"{m.group(1)} {'发文时' if m.group(2) == 'then' else '目标年'}：{body}"
    m = COMPARED_ON.match(n)
    if m:
        left = f"；未采用：{m.group(6)}" if m.group(6) else ""
        rule = (f"取不晚于{'--year ' if m.group(4) else '比较年份 '}{m.group(5)} 的最近目标年" if m.group(5)
                else "无不晚于比较年份的目标：取最早的")
        return f"{m.group(1)}：{m.group(2)} 采用 {m.group(3)}（{rule}）{left}"
    m = PROGRESS_CONTEXT.match(n)
    if m:
        return f"{m.group(1)}；判断依据 {m.group(2)}（目标年末或之前）的观测；其后：{m.group(3)}，仅供参考"
    if n.startswith("Ratio: local supply / local need."):
        return ("比例：本地供给 / 本地需求。 条形：█ 比例（止于门槛的 1.5 倍）， ░ 未知部分， ┃ 门槛。 "
                "±百分点：比例 − 门槛。 缺口：尚缺的供给。")
    return text(n, "zh") if re.match(r"^\d+ unchanged", n) else n
