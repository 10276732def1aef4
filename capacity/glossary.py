"""The words the tables use, explained in English and Chinese: ``capacity glossary [WORD] [--lang zh]``.

One row per word: (the word as the tables print it, other names it goes by, English, Chinese). A new
word is a new row.
"""

from __future__ import annotations

from typing import Optional

#: word → (aliases, English explanation, Chinese word, Chinese explanation)
TERMS: dict[str, tuple[tuple[str, ...], str, str, str]] = {
    "share": (("share claim",),
              "A local figure divided by the national one (Baotou's polysilicon capacity over China's). A share "
              "claim says this fraction reaches a threshold, e.g. 占全国40%以上.",
              "占比", "本地数值除以全国数值（如包头多晶硅产能占全国产能的比重）。占比目标即这一比重须达到某一门槛，如“占全国40%以上”。"),
    "threshold": ((),
                  "The figure a claim is measured against: 40% for a share, 1.0 for a supply ratio, the goal for "
                  "progress.",
                  "门槛", "衡量一项目标的标准值：占比目标为如40%，本地配套率为1.0，进度为目标值本身。"),
    "stance": (("comparator", "at least", "at most", "about"),
               "Which way a claim points: at least (以上, ≥), at most (以下, ≤) or about (約, ≈) its threshold. An "
               "about claim may fall short by the tolerance and still be about right.",
               "方向", "目标相对门槛的方向：不低于（以上，≥）、不高于（以下，≤）或约等于（约，≈）。“约”类目标在容差范围内略低仍算基本达到。"),
    "tolerance": ((),
                  "Percentage points below the threshold that an about claim may fall and still count as about "
                  "right (default 2.5; --tolerance, or a target's own tolerance).",
                  "容差", "“约”类目标可低于门槛而仍视为基本达到的百分点数（默认2.5；可用 --tolerance 或目标自身的 tolerance 设定）。"),
    "±pp": (("margin", "pp", "margin_pp"),
            "Share minus threshold, in percentage points: +3.0 pp is three points above, −12.1 pp twelve below.",
            "差距（百分点）", "占比减去门槛，以百分点计：+3.0 pp 表示高出3个百分点，−12.1 pp 表示低12.1个百分点。"),
    "gap": ((),
            "Threshold × national − local: the capacity still missing for the claim to hold (negative: to spare).",
            "缺口", "门槛 × 全国数值 − 本地数值：目标成立仍缺少的产能（为负表示有余量）。"),
    "headroom": ((),
                 "Local ÷ threshold: the largest national total at which the claim still holds, i.e. the national "
                 "total the document implicitly assumed.",
                 "上限余量", "本地数值 ÷ 门槛：目标仍成立时全国总量的最大值，即文件隐含假定的全国总量。"),
    "basis": ((),
              "What a national figure counts: capacity (what plants can make in a year), production (what they made) "
              "or installed (what was built, e.g. GW of solar installed).",
              "口径", "全国数值统计的对象：产能（一年可生产的量）、产量（实际生产的量）或装机（已建成的量，如光伏装机GW）。"),
    "scope": ((),
              "Whose figure it is: national (the whole country, the default), or a part such as listed firms or a "
              "survey sample (--scope).",
              "统计范围", "数值覆盖的范围：全国（默认），或上市公司、抽样调查等部分范围（--scope）。"),
    "period": ((),
               "The time a figure covers as its source says it: a year (2023), a point (end-2024) or a part of a "
               "year (H1 2025, Jan–Oct 2024).",
               "统计期", "数值所覆盖的时间，按来源原文：全年（2023）、时点（2024年末）或年内一段（2025年上半年、2024年1–10月）。"),
    "denominator": (("target", "issued", "then", "now"),
                    "The national figure a share divides by. target: the newest on file up to the target year (the "
                    "default); issued: the newest full-year figure known when the document was issued (then).",
                    "分母", "计算占比所除的全国数值。target：目标年及以前最新的数值（默认）；issued：文件印发时已知的最新全年数值（当时）。"),
    "proxy": ((),
              "A national series that stands in for the quantity the document names, because no series of that "
              "quantity exists (mono-crystalline ingots counted for wafers); the table says so.",
              "替代指标", "因缺少文件所指指标的全国数据，而用相近指标代替（如以单晶硅棒数据代替硅片）；表格会注明。"),
    "estimate": ((),
                 "A figure worked out rather than published (a conversion factor, a completion rate): it says that "
                 "it is one, why, and its range.",
                 "估计值", "推算而非公布的数值（如换算系数、项目完成率）：注明其为估计、依据及取值范围。"),
    "weak source": (("weak_source",),
                    "A figure from an aggregator or an unnamed article rather than a statistics office, an industry "
                    "association or the firm itself: shown, flagged, and never preferred.",
                    "来源较弱", "来自数据汇总网站或未署名文章、而非统计部门、行业协会或企业本身的数值：会显示并标注，但不优先采用。"),
    "range": (("bound", "low", "high"),
              "A figure known only within limits (3~5家, >143万吨): results carry a low and a high end, and a claim "
              "that holds at one end only is undecided.",
              "区间", "只知上下限的数值（3~5家、>143万吨）：结果给出低端与高端；只在一端成立的目标判为无法判断。"),
    "rollup": (("parts",),
               "A total the document states beside the parts it lists (稀土产值 and its three parts): do the parts "
               "add up to the total, and what is left unexplained?",
               "分项汇总", "文件同时给出的总量与分项（如稀土产值及其三个分项）：分项之和是否等于总量，差额多少。"),
    "supply ratio": (("supply", "chain", "local supply", "factor"),
                     "Along a chain (industrial silicon → polysilicon → wafers → cells → modules), what one step "
                     "makes locally over what the next step needs, through a conversion factor: 1.0 or more means "
                     "local supply covers local demand.",
                     "本地配套率", "沿产业链（工业硅→多晶硅→硅片→电池片→组件），上一环节本地产量与下一环节按换算系数所需之比：不低于1.0表示本地供应满足本地需求。"),
    "progress": ((),
                 "An observed figure over its goal (投产 so far against the planned total), with what remains.",
                 "进度", "实际观测数值占目标的比例（已投产量对计划总量），以及尚余多少。"),
    "verdict": (("PASS", "FAIL", "ABOUT", "UNDECIDED", "ok"),
                "PASS: the claim holds; FAIL: it does not (exit 1); ABOUT: an about claim within its tolerance; "
                "UNDECIDED: a range straddles the threshold.",
                "结论", "达标：目标成立；未达标：不成立（退出码1）；基本达到：“约”类目标在容差内；无法判断：区间跨越门槛。"),
    "probability": (("p05", "p50", "p95", "P(holds)"),
                    "From simulate: the share of random draws over what the sources leave uncertain in which the "
                    "claim holds; p05, p50 and p95 are the 5th, 50th and 95th percentiles of the share or ratio.",
                    "成立概率", "simulate 的结果：在来源未确定的范围内随机抽样，目标成立的比例；p05、p50、p95 为占比或比率的第5、50、95百分位数。"),
    "tornado": ((),
                "From simulate: each uncertain input pinned at its low and then its high end, the others left to "
                "vary; the inputs that move the result most come first.",
                "龙卷风图", "simulate 的结果：依次将每个不确定输入固定在低端和高端、其余照常变化；对结果影响最大的输入排在最前。"),
    "flip": (("break-even", "crossing"),
             "From whatif, solve and sweep: the value at which a verdict changes (a claim that held stops holding); "
             "solve gives the local figure or national total at which it does.",
             "转折点", "whatif、solve、sweep 的结果：结论发生变化（成立变为不成立）的数值；solve 给出发生转折时的本地数值或全国总量。"),
}


def lookup(word: str) -> Optional[str]:
    """The glossary's key for ``word`` (the word itself, an alias, or its Chinese name), or None."""
    w = word.strip().lower()
    for key, (aliases, _en, zh_word, _zh) in TERMS.items():
        if w == key.lower() or w in (a.lower() for a in aliases) or word.strip() == zh_word:
            return key
    return None


def entries(lang: str = "en", word: Optional[str] = None) -> list[dict]:
    """Rows of (word, also, meaning) in ``lang``; one row when ``word`` is given (KeyError if unknown)."""
    keys = list(TERMS)
    if word is not None:
        key = lookup(word)
        if key is None:
            raise KeyError(word)
        keys = [key]
    out = []
    for key in keys:
        aliases, en, zh_word, zh = TERMS[key]
        out.append({"word": key if lang == "en" else f"{zh_word} ({key})", "also": ", ".join(aliases),
                    "meaning": en if lang == "en" else zh, "key": key})
    return out


__all__ = ["TERMS", "entries", "lookup"]
