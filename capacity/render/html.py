"""A self-contained HTML report with charts: ``capacity report --html FILE``.

One file, nothing fetched to view it: inline CSS and inline SVG charts drawn with matplotlib
(imported here, lazily, never on the CLI's ``--help`` path). Chart text stays text in the SVG
(``svg.fonttype = 'none'``) under a font stack that lists the common CJK fonts, so Chinese labels
render with whatever CJK font the reader's machine has; ``lang="en"`` gives English labels.

The numbers come from ``evaluate()``'s rows (not recomputed here); the range of national
denominators on file for each share claim comes from ``capacity.catalog.reconcile``; the
probability chart from ``capacity.simulate.simulate`` when that module is available.
"""

from __future__ import annotations

import html
import io
import re
import unicodedata
from typing import Any, Callable, Optional

from capacity.errors import InputError
from capacity.evaluate import Options
from capacity.messages import period_text, word, worded
from capacity.model import Dataset

# Fonts named in the SVG text and the page's CSS. DejaVu Sans first: matplotlib always has it, so
# its Latin metrics match the layout; the CJK fonts after it cover Chinese on Linux, macOS and
# Windows; the browser's own fallback takes over after the generic family.
FONT_STACK = ["DejaVu Sans", "Noto Sans CJK SC", "Source Han Sans SC", "Noto Sans SC", "PingFang SC",
              "Hiragino Sans GB", "Microsoft YaHei", "WenQuanYi Micro Hei", "Arial"]
CSS_FONTS = ", ".join(f'"{f}"' for f in FONT_STACK[1:] + ["Helvetica Neue"]) + ", sans-serif"

COLOURS = {"pass": "#2e7d32", "warn": "#e08600", "fail": "#c62828", "undecided": "#7b1fa2", "info": "#546e7a",
           "above": "#00838f"}
MARKERS = {"pass": "o", "warn": "D", "fail": "X", "undecided": "o", "info": "o", "above": "^"}
PALETTE = ["#4e79a7", "#f28e2b", "#59a14f", "#b07aa1", "#76b7b2", "#edc948", "#9c755f", "#e15759", "#bab0ac"]
USED_BAND = "#fff1bf"
INK = "#222222"
GRID = "#e3e3e3"
CMP = {"at_least": "≥", "reach": "≥", "at_most": "≤"}

STRINGS: dict[str, dict[str, str]] = {
    "zh": {
        "html_lang": "zh-Hans",
        "report": "目标核查报告",
        "targets_for": "{year}年目标",
        "scenario": "情景",
        "scenario_none": "无（按公布数据）",
        "scenario_warn": "本报告是假设情景，不是按公布数据计算的结果。",
        "denominators": "所用分母（全国数据）",
        "denominator_rule": "规则：{rule}",
        "summary": "结论",
        "claim": "目标",
        "figure": "全国数据",
        "period": "时期",
        "basis": "口径",
        "source": "来源",
        "note": "备注",
        "charts": "图表",
        "tables": "数据表",
        "all_figures": "每项比重目标对照每一个全国数据（含来源）",
        "files": "数据文件",
        "shares_title": "占全国比重：对照门槛与全国数据范围",
        "shares_caption": "每一行是一个全国数据（时期 · 口径 · 数值）；点为本地目标占该数据的比重，虚线为文件中的门槛。"
                          "横条表示区间（全国数据只有上下限时）。黄底且加粗的一行是本报告采用的分母。",
        "shares_info_title": "占全国比重（文件未设门槛）",
        "shares_info_caption": "这些目标在文件中没有比重门槛，仅列出其占各全国数据的比重。",
        "chain_title": "晶硅光伏产业链：本地供给对照本地需求",
        "chain_caption": "每一环节上游本地产能占下游本地需求的比例；虚线 100% 表示本地需求正好满足，"
                         "黑色竖线为文件中的门槛。最后一行为全链条本地配套率。",
        "rollups_title": "分项加总对照所述总量",
        "rollups_caption": "各分项（或已列名项目）占所述总量的比例；100% 为所述总量，斜线部分为未列明的余额。",
        "progress_title": "进展：实际对照目标",
        "progress_caption": "最近一次观测值占目标的比例；箭头表示观测值只是下限（“超过”）。",
        "prob_title": "各项判断成立的概率",
        "prob_caption": "蒙特卡洛模拟 {samples} 次：在数据与换算系数的不确定范围内，每项判断成立的概率。",
        "prob_unavailable": "未绘制概率图：本安装中没有可用的模拟模块（capacity.simulate）。",
        "prob_off": "未绘制概率图：未运行模拟（--samples 0）。",
        "prob_empty": "未绘制概率图：模拟没有返回任何可判定的判断。",
        "ax_share": "占全国比重",
        "ax_ratio": "本地供给 ÷ 本地需求",
        "ax_rollup": "占所述总量的比例",
        "ax_progress": "实际占目标的比例",
        "ax_prob": "成立概率",
        "threshold": "门槛",
        "local": "本地",
        "holds_on": "在 {n}/{m} 个全国数据上成立",
        "need_met": "需求 100%",
        "stated_total": "所述总量",
        "unexplained": "未列明",
        "supply_need": "{supply} / 需求 {need}",
        "chain_row": "全链条本地配套率",
        "sum_of": "合计 {parts} / {stated}",
        "v_pass": "✓ 达标", "v_warn": "≈ 临界", "v_fail": "✗ 未达标", "v_undecided": "? 未定", "v_info": "",
        "st_aspiration": "（力争）", "st_forecast": "（预计）", "st_status": "（现状）", "v_above": "↑ 高于文本所述",
        "v_context": "背景",
        "n_then": "发文时已知：{text}（{period}，{source}）{share} {verdict}",
        "b_capacity": "产能", "b_production": "产量", "b_installed": "装机",
        "key_pass": "达标", "key_fail": "未达标", "key_warn": "临界（接近门槛）", "key_undecided": "未定（区间跨过门槛）",
        "key_info": "无门槛", "key_used": "本报告采用的分母", "key_range": "区间（全国数据只有上下限）",
        "override": "情景覆盖",
        "n_uncertain": "数据不确定", "n_derived": "推算数据", "n_proxy": "替代数据系列",
        "prob_fixed": "（无不确定输入，结果确定）",
        "prob_share": "（比重 90% 区间 {lo}–{hi}）",
        "prob_ratio": "（比例 90% 区间 {lo}–{hi}）",
        "rule_basis": "口径：{basis}",
        "rule_newest": "取文件中不晚于目标年份的最新年份",
        "rule_year": "年份：{year}",
        "rule_source": "来源包含“{source}”",
        "s_pass": "项达标", "s_warn": "项临界", "s_fail": "项未达标", "s_undecided": "项未定", "s_info": "项仅供参考",
        "s_above": "项高于文本所述",
        "named_projects": "（已列名项目）",
        "no_rows": "（无数据）",
    },
    "en": {
        "html_lang": "en",
        "report": "target check",
        "targets_for": "targets for {year}",
        "scenario": "Scenario",
        "scenario_none": "none (the data as published)",
        "scenario_warn": "This report is a what-if scenario, not the data as published.",
        "denominators": "Denominators used (national figures)",
        "denominator_rule": "Rule: {rule}",
        "summary": "Result",
        "claim": "Claim",
        "figure": "National figure",
        "period": "Period",
        "basis": "Basis",
        "source": "Source",
        "note": "Note",
        "charts": "Charts",
        "tables": "Tables",
        "all_figures": "Each share claim against every national figure on file (with sources)",
        "files": "Data files",
        "shares_title": "Shares of the national total, against the threshold and every national figure on file",
        "shares_caption": "Each row is one national figure (period · basis · value); the dot is the local target's share "
                          "of it, the dashed line the threshold in the file. A bar is a range (a national figure "
                          "published only as a bound). The highlighted, bold row is the denominator this report uses.",
        "shares_info_title": "Shares with no threshold in the file",
        "shares_info_caption": "These targets carry no share threshold in the file; shown for context against every "
                               "national figure on file.",
        "chain_title": "The crystalline-silicon PV chain: local supply against local need",
        "chain_caption": "Each link: local upstream capacity as a share of local downstream need. The dashed line at "
                         "100% is need met exactly; a black tick marks a threshold in the file. The last row is the "
                         "chain's overall local supply ratio.",
        "rollups_title": "Rollups: parts against the stated total",
        "rollups_caption": "Each part (or named project) as a share of the stated total; 100% is the stated total, the "
                           "hatched remainder is not explained by named parts.",
        "progress_title": "Progress: observed against target",
        "progress_caption": "The latest observation as a share of the target; an arrow means the observation is only a "
                            "lower bound (\"more than\").",
        "prob_title": "Probability that each claim holds",
        "prob_caption": "Monte Carlo, {samples} samples: the probability that each claim holds across the uncertainty "
                        "in the figures and conversion factors.",
        "prob_unavailable": "No probability chart: the simulation module (capacity.simulate) is not available in "
                            "this installation.",
        "prob_off": "No probability chart: simulation not run (--samples 0).",
        "prob_empty": "No probability chart: the simulation returned no decidable claims.",
        "ax_share": "share of the national total",
        "ax_ratio": "local supply ÷ local need",
        "ax_rollup": "share of the stated total",
        "ax_progress": "observed as a share of the target",
        "ax_prob": "probability the claim holds",
        "threshold": "threshold",
        "local": "local",
        "holds_on": "holds on {n} of {m} full-year national figures",
        "need_met": "need met (100%)",
        "stated_total": "stated total",
        "unexplained": "unexplained",
        "supply_need": "{supply} / need {need}",
        "chain_row": "Chain local supply ratio",
        "sum_of": "sum {parts} of {stated}",
        "st_aspiration": " (aspiration)", "st_forecast": " (forecast)", "st_status": " (status)",
        "v_pass": "✓ holds", "v_warn": "≈ holds, close", "v_fail": "✗ fails", "v_undecided": "? undecided", "v_above": "↑ above: more than the text says",
        "v_info": "",
        "v_context": "context (no verdict)",
        "n_then": "known when issued: {text} ({period}, {source}): {share} {verdict}",
        "b_capacity": "capacity", "b_production": "production", "b_installed": "installed",
        "key_pass": "holds", "key_fail": "fails", "key_warn": "holds, close to the threshold",
        "key_undecided": "undecided (the range straddles the threshold)", "key_info": "no threshold",
        "key_used": "denominator this report uses", "key_range": "range (a bound national figure)",
        "override": "scenario override",
        "n_uncertain": "uncertain figure", "n_derived": "derived figure", "n_proxy": "proxy series",
        "prob_fixed": "(no uncertain input: fixed)",
        "prob_share": "(share, 90% range {lo}–{hi})",
        "prob_ratio": "(ratio, 90% range {lo}–{hi})",
        "rule_basis": "basis {basis}",
        "rule_newest": "newest year on file up to the target year",
        "rule_year": "year {year}",
        "rule_source": "source contains '{source}'",
        "s_pass": "passed", "s_warn": "warnings", "s_fail": "failed", "s_undecided": "undecided",
        "s_info": "informational",
        "s_above": "above (more than the text says)",
        "named_projects": " (named projects)",
        "no_rows": "(nothing to show)",
    },
}

# ---------------------------------------------------------------------------------------------
# Small helpers


def esc(x: Any) -> str:
    return html.escape("" if x is None else str(x), quote=True)


def _num(x: Optional[float]) -> str:
    from capacity.views import num

    return num(x)


def _pct(x: Optional[float], digits: int = 1) -> str:
    from capacity.views import pct

    return pct(x, digits)


def text_width(text: str, size: float, bold: bool = False) -> float:
    """Rendered width in points, estimated: CJK wide characters 1 em, everything else 0.62 em.

    Used for margins instead of matplotlib's own measure, which uses whatever fonts this machine
    has (without a CJK font a Chinese glyph is measured as a narrow box)."""
    w = 0.0
    for ch in text:
        w += 1.0 if unicodedata.east_asian_width(ch) in ("W", "F") else 0.62
    return w * size * (1.08 if bold else 1.0)


def _lines_width(text: str, size: float, bold: bool = False) -> float:
    return max((text_width(line, size, bold) for line in text.split("\n")), default=0.0)


def _wrap(text: str, width: float, size: float) -> str:
    """Wrap a label to ``width`` points at spaces (Latin) or anywhere (CJK)."""
    if text_width(text, size) <= width:
        return text
    lines, cur = [], ""
    for token in re.findall(r"\S+\s*|\s+", text) if " " in text else list(text):
        if cur and text_width(cur + token.rstrip(), size) > width:
            lines.append(cur.rstrip())
            cur = token
        else:
            cur += token
    if cur.strip():
        lines.append(cur.rstrip())
    return "\n".join(lines[:3])


def _qty(mag: Optional[float], unit: str, lang: str) -> str:
    """A quantity for a chart label; 億元 becomes bn CNY in English."""
    if mag is None:
        return ""
    if lang == "en" and unit == "億元":
        return f"{_num(mag / 10)} bn CNY"
    return f"{_num(mag)} {unit}".strip()


def _qq(q: dict, lang: str, like: Optional[dict] = None) -> str:
    """A quantity for a chart label: in Chinese in the unit the document writes it in (79萬噸, not
    790,000 t), as the tables; ``like`` lends its unit to a figure without one of its own (a sum of parts)."""
    src = q if q.get("doc_unit") else (like or {})
    if lang == "zh" and src.get("doc_unit") and src.get("unit") == q.get("unit") and q.get("magnitude") is not None:
        return f"{_num(q['magnitude'] * float(src.get('doc_factor') or 1.0))}{src['doc_unit']}"
    return _qty(q.get("magnitude"), q.get("unit", ""), lang)


def _name(row: dict, lang: str) -> str:
    if lang == "en":
        return row.get("name_en") or row.get("id", "")
    return row.get("name") or row.get("id", "")


def _share_text(exact: Optional[float], rng: Optional[list]) -> str:
    from capacity.views import pct_range

    return pct_range(exact, rng or [None, None])


def _vw(S: dict, r: dict) -> str:
    """The verdict word, with the claim's stance beside it when it is not a plain goal (issue 20)."""
    v = S["v_" + r["status"]]
    st = S.get("st_" + (r.get("stance") or "goal"), "")
    return (v + st) if st else v


def _bound_mark(bound: Optional[str]) -> str:
    return {"at_least": "≥", "at_most": "≤"}.get(bound or "", "")


# ---------------------------------------------------------------------------------------------
# matplotlib plumbing


class _Plot:
    """Lazily imported matplotlib, an rc context for every chart, and SVG output."""

    def __init__(self) -> None:
        import warnings

        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            import matplotlib

            matplotlib.use("Agg", force=False)
            from matplotlib.backends.backend_svg import FigureCanvasSVG
            from matplotlib.figure import Figure
            from matplotlib.ticker import FuncFormatter
            import matplotlib.patches as patches
            import matplotlib.transforms as transforms
        self.mpl = matplotlib
        self.Figure = Figure
        self.Canvas = FigureCanvasSVG
        self.FuncFormatter = FuncFormatter
        self.patches = patches
        self.transforms = transforms
        self.rc = {
            "svg.fonttype": "none",
            "svg.hashsalt": "capacity-report",
            "font.family": ["sans-serif"],
            "font.sans-serif": FONT_STACK,
            "font.size": 9,
            "axes.edgecolor": "#888888",
            "axes.linewidth": 0.6,
            "axes.labelcolor": INK,
            "xtick.color": "#555555",
            "ytick.color": INK,
            "xtick.labelsize": 8,
            "ytick.labelsize": 8.5,
            "text.color": INK,
        }

    def figure(self, width: float, height: float):  # noqa: ANN201
        fig = self.Figure(figsize=(width, height))
        self.Canvas(fig)
        return fig

    def svg(self, fig: Any, key: str, title: str) -> str:
        import warnings

        buf = io.StringIO()
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            fig.savefig(buf, format="svg", metadata={"Date": None, "Creator": None})
        return clean_svg(buf.getvalue(), key, title)

    def pct_formatter(self):  # noqa: ANN201
        return self.FuncFormatter(lambda v, _pos: pct_tick(v))


def pct_tick(v: float) -> str:
    """An axis tick as a percentage with no more decimals than it needs: 0%, 2.5%, 12.5%, 100%."""
    text = f"{v * 100:.2f}".rstrip("0").rstrip(".")
    return ("0" if text in ("", "-0") else text) + "%"


def clean_svg(text: str, key: str, title: str) -> str:
    """matplotlib's SVG document → an inline <svg>: no XML prolog, no metadata, ids prefixed so
    several charts can share one page, and a width that follows the page."""
    start = text.find("<svg")
    svg = text[start:]
    svg = re.sub(r"<metadata>.*?</metadata>\s*", "", svg, flags=re.S)
    svg = re.sub(r'\bid="([^"]+)"', lambda m: f'id="{key}-{m.group(1)}"', svg)
    svg = re.sub(r"url\(#([^)]+)\)", lambda m: f"url(#{key}-{m.group(1)})", svg)
    svg = re.sub(r'(xlink:href|href)="#([^"]+)"', lambda m: f'{m.group(1)}="#{key}-{m.group(2)}"', svg)
    head_end = svg.find(">")
    head = svg[:head_end]
    m = re.search(r'width="([\d.]+)pt"', head)
    max_px = float(m.group(1)) * 4 / 3 if m else 960
    head = re.sub(r'\s(width|height)="[\d.]+pt"', "", head)
    head += (f' class="chart" role="img" aria-label="{esc(title)}" preserveAspectRatio="xMinYMin meet"'
             f' style="max-width:{max_px:.0f}px"')
    return head + ">\n <title>" + esc(title) + "</title>" + svg[head_end + 1:].rstrip() + "\n"


# ---------------------------------------------------------------------------------------------
# Charts


FIG_W = 10.0  # inches; 1 inch = 72 pt
ROW_H = 0.26  # inches per row in the row charts


def _row_panel(p: _Plot, labels: list[str], right: list[str], size: float, n: int, row_scale: float,
               top: float) -> tuple[Any, Any, Any, list[int]]:
    """One axes of ``n`` labelled rows, sized to its left labels and right-hand texts: (layout, figure,
    axes, row positions with the first row on top)."""
    left_pt = max([_lines_width(lbl, size) for lbl in labels] or [60])
    right_pt = max([text_width(t, 8.5) for t in right] or [40])
    lay = _Layout(left_pt, right_pt, [(0.1, n * ROW_H * row_scale, 0.45)], top=top)
    fig = p.figure(FIG_W, lay.height)
    return lay, fig, _row_axes(p, fig, lay.rects()[0]), list(range(n))[::-1]


def _row_axes(p: _Plot, fig: Any, rect: tuple[float, float, float, float]):  # noqa: ANN201
    ax = fig.add_axes(rect)
    ax.set_facecolor("white")
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    ax.spines["left"].set_color("#bbbbbb")
    ax.grid(axis="x", color=GRID, linewidth=0.6)
    ax.set_axisbelow(True)
    ax.tick_params(axis="y", length=0, pad=6)
    ax.xaxis.set_major_formatter(p.pct_formatter())
    return ax


def _right_text(p: _Plot, ax: Any, y: float, text: str, colour: str = INK, bold: bool = False,
                dx: float = 8) -> None:
    """Text in the right margin, at data y, ``dx`` points right of the axes."""
    tr = p.transforms.blended_transform_factory(ax.transAxes, ax.transData)
    off = p.transforms.offset_copy(tr, fig=ax.figure, x=dx, y=0, units="points")
    ax.text(1.0, y, text, transform=off, va="center", ha="left", fontsize=8.5, color=colour,
            fontweight="bold" if bold else "normal", clip_on=False)


def _after(p: _Plot, ax: Any, x: float, y: float, text: str, dx: float = 4, **kw: Any) -> None:
    """Text just right of data point (x, y): an offset in points (SVG collapses leading spaces)."""
    tr = p.transforms.offset_copy(ax.transData, fig=ax.figure, x=dx, y=0, units="points")
    ax.text(x, y, text, transform=tr, va="center", ha="left", fontsize=8.5, **kw)


def _fit_xmax(ends: list[tuple[float, float, float]], width_pt: float, base: float) -> float:
    """The smallest x-limit (at least ``base``) at which every (value, label width in points, gap as
    a fraction of the axis) fits: the bar to ``value``, the gap, then its label, inside the axes."""
    xmax = base
    for v, label_pt, frac in ends:
        room = width_pt * (1 - frac) - label_pt - 10
        if room > 0 and v > 0:
            xmax = max(xmax, v * width_pt / room)
    return xmax


class _Layout:
    """Inches → figure fractions for a stack of row panels with fixed margins."""

    def __init__(self, left_pt: float, right_pt: float, blocks: list[tuple[float, float, float]],
                 top: float = 0.15, bottom: float = 0.1) -> None:
        # blocks: (title height, body height, x-axis height) in inches
        self.left = min(max(left_pt / 72 + 0.25, 1.0), FIG_W * 0.48)
        self.right = min(max(right_pt / 72 + 0.2, 0.3), FIG_W * 0.4)
        self.blocks = blocks
        self.top, self.bottom = top, bottom
        self.height = top + bottom + sum(a + b + c for a, b, c in blocks)

    def rects(self) -> list[tuple[float, float, float, float]]:
        out = []
        y = self.height - self.top
        for title_h, body_h, axis_h in self.blocks:
            y -= title_h
            bottom = y - body_h
            out.append((self.left / FIG_W, bottom / self.height, (FIG_W - self.left - self.right) / FIG_W,
                        body_h / self.height))
            y = bottom - axis_h
        return out


def share_panels(p: _Plot, items: list[dict], lang: str, S: dict) -> Any:
    """One panel per share claim: its share of every national figure on file, the threshold, and
    the denominator the report uses highlighted."""
    label_size = 8.5
    panels = []
    for it in items:
        labels = []
        for r in it["rows"]:
            n = r["national"]
            basis = S.get("b_" + n["basis"], n["basis"])
            value = n["text"] if lang == "zh" else _bound_mark(n.get("bound")) + _qty(n["magnitude"], n["unit"], lang)
            period = S["override"] if n.get("overridden") else period_text(n.get("period") or str(n["year"]), lang)
            labels.append(_wrap(f"{period} · {basis} · {value}", 330, label_size))
        right = [(_share_text(r["share"], r["share_range"]) + (" " + S["v_context"] if r.get("context") else
                                                               (" " + _vw(S, r) if _vw(S, r)
                                                                else ""))) for r in it["rows"]]
        panels.append((it, labels, right))
    left_pt = max([_lines_width(lbl, label_size, bold=True) for _, ls, _ in panels for lbl in ls] or [60])
    right_pt = max([text_width(t, 8.5) for _, _, rs in panels for t in rs] or [40])
    blocks = [(0.42, max(1, len(ls)) * ROW_H, 0.32) for _, ls, _ in panels]
    lay = _Layout(left_pt, right_pt, blocks)
    fig = p.figure(FIG_W, lay.height)
    for (it, labels, right), rect in zip(panels, lay.rects()):
        ax = _row_axes(p, fig, rect)
        rows = it["rows"]
        n = len(rows)
        ys = list(range(n))[::-1]  # first row on top
        th = it.get("threshold")
        finite = [v for r in rows for v in r["share_range"] if v is not None]
        top = max(finite + ([th * 1.5] if th else []) + [0.05])
        xmax = top * 1.08
        for i, (r, y) in enumerate(zip(rows, ys)):
            lo, hi = r["share_range"]
            colour = COLOURS[r["status"]]
            if r.get("used"):
                ax.axhspan(y - 0.5, y + 0.5, color=USED_BAND, zorder=0, linewidth=0)
            if r["share"] is not None:
                ax.plot([r["share"]], [y], marker=MARKERS[r["status"]], color=colour, markersize=7 if r.get("used") else 5.5,
                        markeredgecolor=INK if r.get("used") else colour, markeredgewidth=1.2 if r.get("used") else 0.5,
                        linestyle="none", zorder=3)
            elif lo is not None or hi is not None:
                a = lo or 0.0
                b = xmax if hi is None else hi
                ax.plot([a, b], [y, y], color=colour, linewidth=4, alpha=0.45, solid_capstyle="butt", zorder=2)
                if hi is None:
                    ax.plot([b], [y], marker=">", color=colour, markersize=5, zorder=3, clip_on=False)
                else:
                    ax.plot([b], [y], marker="|", color=colour, markersize=9, markeredgewidth=2, zorder=3)
            _right_text(p, ax, y, right[i], colour, bold=bool(r.get("used")))
        if th is not None:
            ax.axvline(th, color=INK, linestyle=(0, (4, 3)), linewidth=1.1, zorder=2.5)
        ax.set_xlim(0, xmax)
        ax.set_ylim(-0.5, n - 0.5)
        ax.set_yticks(ys)
        ax.set_yticklabels(labels)
        for tick, r in zip(ax.get_yticklabels(), rows):
            if r.get("used"):
                tick.set_fontweight("bold")
        title = f"{it['label']} — {S['local']} {it['local_text']}"
        if th is not None:
            title += f"，{S['threshold']} {CMP.get(it['comparator'], '')}{_pct(th, 0)}" if lang == "zh" else \
                f", {S['threshold']} {CMP.get(it['comparator'], '')}{_pct(th, 0)}"
            held = sum(1 for r in rows if r["ok"] is True)
            decidable = sum(1 for r in rows if not r.get("context"))  # partial/later years: context, not counted
            title += ("；" if lang == "zh" else "; ") + S["holds_on"].format(n=held, m=decidable)
        ax.text(0, 1.0, title, transform=p.transforms.offset_copy(ax.transAxes, fig=fig, x=-lay.left * 72 + 12,
                                                                   y=9, units="points"),
                fontsize=9.5, fontweight="bold", va="bottom", ha="left")
    return fig


def chain_panel(p: _Plot, links: list[dict], chain: Optional[dict], lang: str, S: dict,
                names: Callable[[str], str]) -> Any:
    rows = []
    def short(tid: str) -> str:  # every link is capacity: "Polysilicon", not "Polysilicon capacity"
        name = names(tid)
        return re.sub(r"\s+capacity$", "", name) if lang == "en" else name

    for r in links:
        label = f"{short(r['supply']['id'])} → {short(r['demand']['id'])}"
        side = S["supply_need"].format(supply=_qq(r["supply"], lang),
                                       need=_qq(r["demand"], lang, r["supply"]))
        rows.append((label, r, side + _goal(r, S)))
    if chain is not None:
        rows.append((_name(chain, lang) or S["chain_row"], chain, _goal(chain, S).lstrip(" ·")))
    size = 8.5
    labels = [_wrap(lbl, 250, size) for lbl, _, _ in rows]
    right = []
    for _, r, side in rows:
        v = _vw(S, r)
        right.append(" ".join(x for x in (side, v) if x))
    n = len(rows)
    lay, fig, ax, ys = _row_panel(p, labels, right, size, n, 1.25, 0.25)
    finite = [v for _, r, _ in rows for v in (r.get("ratio_range") or []) if v is not None]
    axis_pt = (FIG_W - lay.left - lay.right) * 72
    ends = []
    for _, r, _ in rows:
        v = r.get("ratio") if r.get("ratio") is not None else (r.get("ratio_range") or [None, None])[1]
        if v is not None:
            ends.append((max(v, r.get("threshold") or 0), text_width(_pct(v), 8.5, bold=True) + 5, 0.0))
    xmax = _fit_xmax(ends, axis_pt, max(finite + [1.2]) * 1.05)
    for (label, r, _), y, txt in zip(rows, ys, right):
        lo, hi = r.get("ratio_range") or [None, None]
        colour = COLOURS[r["status"]]
        is_chain = r is chain
        th = r.get("threshold")
        end = None
        if r.get("ratio") is not None:
            ax.barh(y, r["ratio"], height=0.62, color=colour, alpha=0.9 if is_chain else 0.75, zorder=2)
            end, label = r["ratio"], _pct(r["ratio"])
        elif lo is not None:
            b = xmax if hi is None else hi
            ax.barh(y, lo, height=0.62, color=colour, alpha=0.75, zorder=2)
            ax.barh(y, b - lo, left=lo, height=0.62, color=colour, alpha=0.25, zorder=2)
            end, label = b, _share_text(None, [lo, hi])
        if th is not None:
            ax.plot([th, th], [y - 0.45, y + 0.45], color=INK, linewidth=2.4, zorder=5, solid_capstyle="butt")
        if end is not None:  # the value after the bar, clear of the threshold tick
            _after(p, ax, max(end, th or 0), y, label, dx=5, zorder=4, fontweight="bold" if is_chain else "normal")
        _right_text(p, ax, y, txt, colour, bold=is_chain)
    if chain is not None and links:
        ax.axhline(0.5, color="#999999", linewidth=0.8)
    ax.axvline(1.0, color="#666666", linestyle=(0, (4, 3)), linewidth=1, zorder=1)
    ax.text(1.0, 1.0, S["need_met"], transform=p.transforms.blended_transform_factory(ax.transData, ax.transAxes),
            ha="center", va="bottom", fontsize=7.5, color="#555555")
    ax.set_xlim(0, xmax)
    ax.set_ylim(-0.6, n - 0.4)
    ax.set_yticks(ys)
    ax.set_yticklabels(labels)
    if chain is not None:
        ax.get_yticklabels()[-1].set_fontweight("bold")
    ax.set_xlabel(S["ax_ratio"], fontsize=8.5)
    return fig


def _goal(r: dict, S: dict) -> str:
    th = r.get("threshold")
    if th is None:
        return ""
    return f" · {S['threshold']} {CMP.get(r.get('comparator'), '')}{_pct(th, 0)}"


def rollup_panel(p: _Plot, rollups: list[dict], lang: str, S: dict, part_name: Callable[[dict], str]) -> Any:
    size = 8.5
    labels = [_wrap(_name(r, lang) + (S["named_projects"] if r["id"].endswith("_projects") else ""), 230, size)
              for r in rollups]
    right = []
    for r in rollups:
        st, pt = r["stated"], r.get("parts_total")
        stated = CMP.get(r.get("comparator"), "") + _qq(st, lang)
        right.append(S["sum_of"].format(parts=_qq(pt, lang, st) if pt else "?", stated=stated)
                     + (" " + _vw(S, r) if _vw(S, r) else ""))
    n = len(rollups)
    lay, fig, ax, ys = _row_panel(p, labels, right, size, n, 1.6, 0.25)
    totals = [sum(x["magnitude"] for x in r["parts"]) / r["stated"]["magnitude"]
              for r in rollups if r["stated"]["magnitude"]]
    xmax = max(totals + [1.0]) * 1.04
    axis_w_pt = (FIG_W - lay.left - lay.right) * 72
    for r, y, txt in zip(rollups, ys, right):
        total = r["stated"]["magnitude"]
        left = 0.0
        for i, part in enumerate(r["parts"]):
            w = part["magnitude"] / total if total else 0.0
            colour = PALETTE[i % len(PALETTE)]
            ax.barh(y, w, left=left, height=0.66, color=colour, edgecolor="white", linewidth=0.8, zorder=2)
            label = part_name(part)
            seg_pt = w / xmax * axis_w_pt
            for candidate in (label, _qq(part, lang, r["stated"])):
                if text_width(candidate, 7) + 6 < seg_pt:
                    ax.text(left + w / 2, y, candidate, ha="center", va="center", fontsize=7, color="white",
                            zorder=3)
                    break
            left += w
        if left < 1.0 - 1e-9:
            ax.barh(y, 1.0 - left, left=left, height=0.66, facecolor="white", edgecolor="#9e9e9e", hatch="////",
                    linewidth=0.6, zorder=1)
            seg_pt = (1.0 - left) / xmax * axis_w_pt
            if text_width(S["unexplained"], 7) + 6 < seg_pt:
                ax.text(left + (1.0 - left) / 2, y, S["unexplained"], ha="center", va="center", fontsize=7,
                        color="#555555", zorder=3,
                        bbox={"boxstyle": "round,pad=0.15", "facecolor": "white", "edgecolor": "none"})
        _right_text(p, ax, y, txt, COLOURS[r["status"]])
    ax.axvline(1.0, color=INK, linestyle=(0, (4, 3)), linewidth=1.1, zorder=4)
    ax.text(1.0, 1.0, S["stated_total"], transform=p.transforms.blended_transform_factory(ax.transData, ax.transAxes),
            ha="center", va="bottom", fontsize=7.5, color="#555555")
    ax.set_xlim(0, xmax)
    ax.set_ylim(-0.6, n - 0.4)
    ax.set_yticks(ys)
    ax.set_yticklabels(labels)
    ax.set_xlabel(S["ax_rollup"], fontsize=8.5)
    return fig


def progress_panel(p: _Plot, rows: list[dict], lang: str, S: dict) -> Any:
    size = 8.5
    labels = [_wrap(_name(r, lang), 230, size) for r in rows]
    right = []
    for r in rows:
        o, g = r["observed"], r["goal"]
        obs = _bound_mark(o.get("bound")) + _qq(o, lang, g)
        txt = f"{obs} / {_qq(g, lang)} · {o['date']}"
        right.append(txt + (" " + _vw(S, r) if _vw(S, r) else ""))
    n = len(rows)
    lay, fig, ax, ys = _row_panel(p, labels, right, size, n, 1.25, 0.25)
    finite = [v for r in rows for v in (r.get("progress_range") or []) if v is not None]
    axis_pt = (FIG_W - lay.left - lay.right) * 72
    ends = [(r["progress_range"][0], text_width(_share_text(r.get("progress"), r["progress_range"]), 8.5),
             0.06 if r["progress_range"][1] is None else 0.0)
            for r in rows if (r.get("progress_range") or [None])[0] is not None]
    xmax = _fit_xmax(ends, axis_pt, max(finite + [1.0]) * 1.05)
    for r, y, txt in zip(rows, ys, right):
        lo, hi = r.get("progress_range") or [None, None]
        colour = COLOURS[r["status"]]
        if lo is not None:
            ax.barh(y, lo, height=0.62, color=colour, alpha=0.8, zorder=2)
            label = _share_text(r.get("progress"), [lo, hi])
            if hi is None:  # a lower bound: "more than"
                ax.annotate("", xy=(lo + xmax * 0.06, y), xytext=(lo, y), zorder=3,
                            arrowprops={"arrowstyle": "-|>", "color": colour, "linewidth": 1.5})
                _after(p, ax, lo + xmax * 0.06, y, label)
            else:
                _after(p, ax, lo, y, label)
        _right_text(p, ax, y, txt, colour)
    ax.axvline(1.0, color=INK, linestyle=(0, (4, 3)), linewidth=1.1, zorder=1)
    ax.set_xlim(0, xmax)
    ax.set_ylim(-0.6, n - 0.4)
    ax.set_yticks(ys)
    ax.set_yticklabels(labels)
    ax.set_xlabel(S["ax_progress"], fontsize=8.5)
    return fig


def probability_panel(p: _Plot, rows: list[tuple[str, dict]], lang: str, S: dict) -> Any:
    size = 8.5
    labels = [_wrap(lbl, 250, size) for lbl, _ in rows]
    right = []
    for _, r in rows:
        txt = _pct(r["probability"])
        if r.get("deterministic"):
            txt += " " + S["prob_fixed"]
        elif r.get("kind") in ("share", "supply") and all(isinstance(r.get(k), (int, float)) for k in ("p05", "p95")):
            what = S["prob_share"] if r["kind"] == "share" else S["prob_ratio"]
            txt += " " + what.format(lo=_pct(r["p05"]), hi=_pct(r["p95"]))
        right.append(txt)
    n = len(rows)
    lay, fig, ax, ys = _row_panel(p, labels, right, size, n, 1.2, 0.15)
    for (_, r), y, txt in zip(rows, ys, right):
        prob = float(r["probability"])
        colour = COLOURS["pass"] if prob >= 0.9 else COLOURS["fail"] if prob <= 0.1 else COLOURS["warn"]
        ax.barh(y, 1.0, height=0.6, color="#f0f0f0", zorder=1)
        ax.barh(y, prob, height=0.6, color=colour, alpha=0.85, zorder=2)
        _right_text(p, ax, y, txt, colour, bold=True)
    ax.axvline(0.5, color="#888888", linestyle=(0, (2, 3)), linewidth=0.8, zorder=3)
    ax.set_xlim(0, 1.0)
    ax.set_ylim(-0.6, n - 0.4)
    ax.set_yticks(ys)
    ax.set_yticklabels(labels)
    ax.set_xlabel(S["ax_prob"], fontsize=8.5)
    return fig


# ---------------------------------------------------------------------------------------------
# Data for the charts (from the result rows and the reconciliation)


def _same_figure(a: dict, b: Optional[dict]) -> bool:
    if not b:
        return False
    keys = ("year", "period", "basis", "text", "source")
    return all(a.get(k) == b.get(k) for k in keys)


def share_items(ds: Dataset, result: dict, options: Options, lang: str) -> tuple[list[dict], list[dict]]:
    """(claims with a threshold, shares without) each with every national figure on file."""
    from capacity.catalog import reconcile
    from capacity.evaluate import Denominator, share_row

    share_rows = [r for r in result["results"] if r["kind"] == "share" and r.get("national") and r.get("local")]
    by_id = {it["id"]: it for it in reconcile(ds, None, options)["reconcile"]}
    with_th, without = [], []
    multi = len(ds.regions) > 1
    for r in share_rows:
        it = by_id.get(r["id"])
        if it is not None and r.get("threshold") is not None:
            rows = [dict(x) for x in it["rows"]]
            dest = with_th
        else:
            rows = []
            tf = next((tf for tf in ds.regions if tf.region.id == r["region"]), None)
            t = next((t for t in tf.targets if t.id == r["id"]), None) if tf else None
            if t is None or not t.national:
                continue
            q = ds.national.quantity(t.national)
            for f in sorted(q.figures, key=lambda f: (f.year, f.basis, f.period)):
                x = share_row(t, tf, q, options, denominator=Denominator(f))
                rows.append({k: x[k] for k in ("national", "share", "share_range", "ok", "status")})
            dest = without
        for x in rows:
            x["used"] = _same_figure(x["national"], r["national"])
        label = _name(r, lang)
        if multi:
            label = f"{r['region']}: {label}"
        local = r["local"]["text"] if lang == "zh" else _qty(r["local"]["magnitude"], r["local"]["unit"], lang)
        if not rows:
            continue
        dest.append({"id": r["id"], "label": label, "local_text": local, "threshold": r.get("threshold"),
                     "comparator": r.get("comparator"), "rows": rows})
    return with_th, without


def run_simulation(ds: Dataset, options: Options, samples: int,
                   simulation: Optional[Callable[..., dict]] = None) -> tuple[Optional[dict], str]:
    """(the simulation's result, "") or (None, why not): "off" | "unavailable". ``simulation`` is
    ``capacity.simulate.simulate``, handed in by the caller: a renderer never imports the simulation."""
    if samples <= 0:
        return None, "off"
    if simulation is None:
        return None, "unavailable"
    return simulation(ds, options=options, samples=samples, seed=0, progress=None), ""


# ---------------------------------------------------------------------------------------------
# HTML


CSS = """
:root { --ink: #222; --muted: #666; --line: #ddd; --pass: #2e7d32; --warn: #e08600; --fail: #c62828;
        --undecided: #7b1fa2; --info: #546e7a; }
* { box-sizing: border-box; }
body { font-family: FONTS; color: var(--ink); background: #fff; margin: 0; line-height: 1.5; font-size: 15px; }
main { max-width: 1000px; margin: 0 auto; padding: 24px 20px 48px; }
h1 { font-size: 1.6em; margin: 0 0 4px; line-height: 1.3; }
h1 small { display: block; font-size: 0.6em; color: var(--muted); font-weight: normal; }
h2 { font-size: 1.25em; margin: 36px 0 8px; padding-bottom: 4px; border-bottom: 2px solid #eee; }
h3 { font-size: 1.05em; margin: 24px 0 6px; }
.facts { border: 1px solid var(--line); border-radius: 6px; padding: 12px 16px; margin: 16px 0; background: #fafafa; }
.facts p { margin: 4px 0; }
.scenario.what-if { border-color: #e0a100; background: #fff8e1; }
.scenario .label, .facts .label { font-weight: bold; }
.scenario code { background: #fff; border: 1px solid #e6d08a; border-radius: 3px; padding: 0 4px; }
.summary span { display: inline-block; margin-right: 14px; font-weight: bold; }
.pass { color: var(--pass); } .warn { color: var(--warn); } .fail { color: var(--fail); }
.undecided { color: var(--undecided); } .info { color: var(--info); } .above { color: #00838f; }
figure { margin: 18px 0 30px; }
figure svg.chart { display: block; width: 100%; height: auto; }
figcaption { color: var(--muted); font-size: 0.9em; margin-top: 6px; }
.key { font-size: 0.85em; color: var(--muted); margin: 4px 0 8px; }
.key span { margin-right: 14px; white-space: nowrap; }
.key i { font-style: normal; font-weight: bold; }
.key .band { background: #fff1bf; padding: 0 4px; font-weight: bold; color: var(--ink); }
table { border-collapse: collapse; width: 100%; font-size: 0.85em; margin: 8px 0; }
th, td { border-bottom: 1px solid var(--line); padding: 4px 6px; text-align: left; vertical-align: top; }
th { background: #f5f5f5; }
td.r, th.r { text-align: right; } .nowrap { white-space: nowrap; } td.c, th.c { text-align: center; }
td.bar { font-family: "DejaVu Sans Mono", Menlo, Consolas, monospace; white-space: pre; color: #555; }
tr.row-fail td:last-child { color: var(--fail); font-weight: bold; }
tr.row-pass td:last-child { color: var(--pass); font-weight: bold; }
tr.row-warn td:last-child { color: var(--warn); font-weight: bold; }
tr.row-undecided td:last-child { color: var(--undecided); font-weight: bold; }
tr.row-above td:last-child { color: #00838f; font-weight: bold; }
tr.row-fail td:first-child { border-left: 3px solid var(--fail); }
.table-wrap { overflow-x: auto; }
ul.notes { font-size: 0.85em; color: var(--muted); padding-left: 20px; margin: 4px 0 16px; }
.note { color: var(--muted); font-style: italic; }
details { margin: 12px 0; } summary { cursor: pointer; font-weight: bold; }
footer { margin-top: 40px; font-size: 0.8em; color: var(--muted); border-top: 1px solid var(--line); padding-top: 8px; }
a { color: #1f5fa8; }
@media print { main { max-width: none; } figure, tr { break-inside: avoid; } details { display: block; } }
""".replace("FONTS", CSS_FONTS)

STYLE_CLASS = {"green": "pass", "yellow": "warn", "bold red": "fail", "magenta": "undecided", "cyan": "above"}


def _link(text: str, url: Optional[str]) -> str:
    if url and re.match(r"^https?://", url):
        return f'<a href="{esc(url)}">{esc(text)}</a>'
    return esc(text)


def view_table(v: Any) -> str:
    out = []
    if v.title:
        out.append(f"<h3>{esc(v.title)}</h3>")
    align = {"right": ' class="r"', "center": ' class="c"', "left": ""}
    out.append('<div class="table-wrap"><table>')
    out.append("<thead><tr>" + "".join(f"<th{align[c.align]}>{esc(c.header)}</th>" for c in v.columns)
               + "</tr></thead><tbody>")
    for i, r in enumerate(v.rows):
        style = v.styles[i] if i < len(v.styles) else None
        cls = STYLE_CLASS.get(style or "", "")
        cells = []
        for c in v.columns:
            klass = "bar" if c.key == "bar" else {"right": "r", "center": "c"}.get(c.align, "")
            cells.append(f'<td{f" class={chr(34)}{klass}{chr(34)}" if klass else ""}>{esc(r.get(c.key, ""))}</td>')
        out.append(f'<tr{f" class={chr(34)}row-{cls}{chr(34)}" if cls else ""}>' + "".join(cells) + "</tr>")
    out.append("</tbody></table></div>")
    if v.notes:
        out.append('<ul class="notes">' + "".join(f"<li>{esc(n)}</li>" for n in v.notes) + "</ul>")
    return "\n".join(out)


def _key(S: dict, entries: list[str]) -> str:
    parts = []
    for e in entries:
        if e == "used":
            parts.append(f'<span><i class="band">▮</i> {esc(S["key_used"])}</span>')
        elif e == "range":
            parts.append(f'<span><i class="undecided">━</i> {esc(S["key_range"])}</span>')
        else:
            sym = {"pass": "●", "warn": "◆", "fail": "✖", "undecided": "●", "info": "●"}[e]
            parts.append(f'<span><i class="{e}">{sym}</i> {esc(S["key_" + e])}</span>')
    return '<div class="key">' + "".join(parts) + "</div>"


def _figure(key: str, title: str, svg: str, caption: str, key_html: str = "") -> str:
    return (f'<figure id="chart-{key}" data-chart="{key}">\n<h3>{esc(title)}</h3>\n{key_html}\n{svg}'
            f"<figcaption>{esc(caption)}</figcaption>\n</figure>")


def render_html(ds: Dataset, result: dict, options: Optional[Options] = None, lang: str = "zh",
                samples: int = 0, simulation: Optional[Callable[..., dict]] = None) -> str:
    """The report as one self-contained HTML document (a string). ``simulation``: the function that
    runs the Monte Carlo for the probability chart (``capacity.simulate.simulate``), or None."""
    if lang not in STRINGS:
        raise InputError(f"language '{lang}' is not one of {', '.join(STRINGS)}", value=lang, expected="zh or en")
    if samples < 0:
        raise InputError(f"--samples {samples} is negative", value=str(samples), expected="0 (no simulation) or more")
    options = options or Options()
    S = STRINGS[lang]
    from capacity.views import reconcile_doc, report_doc, report_header

    results = result["results"]
    regions = result["regions"]

    # ---- header: title, scenario, denominators
    if regions:
        reg = regions[0] if len(regions) == 1 else None
        if reg:
            place = reg["name"] if lang == "zh" else (reg.get("name_en") or reg["name"])
            title = f"{place} {reg['document']} {S['report']}" if lang == "zh" else \
                f"{place}: {reg['document']}, {S['report']}"
            sub = S["targets_for"].format(year=reg.get("target_year"))
        else:
            title = " / ".join(r["name"] if lang == "zh" else (r.get("name_en") or r["name"]) for r in regions)
            sub = "; ".join(f"{r['document']} ({S['targets_for'].format(year=r.get('target_year'))})" for r in regions)
    else:
        title, sub = S["report"], ""
    header_lines = report_header(result)
    scenario = result.get("scenario") or list(ds.scenario)
    parts = [f"<header><h1>{esc(title)}<small>{esc(sub)}</small></h1></header>"]
    if scenario:
        items = "".join(f"<li><code>{esc(s)}</code></li>" for s in scenario)
        parts.append(f'<section class="facts scenario what-if" id="scenario"><p><span class="label">'
                     f'{esc(S["scenario"])}:</span> {esc(S["scenario_warn"])}</p><ul>{items}</ul></section>')
    else:
        parts.append(f'<section class="facts scenario" id="scenario"><p><span class="label">{esc(S["scenario"])}:'
                     f'</span> {esc(S["scenario_none"])}</p></section>')
    by_id = {r["id"]: r for r in results if r["kind"] == "share"}  # denominators belong to share rows
    drows = []
    for d in result.get("denominators", []):
        r = by_id.get(d["id"], {})
        n = r.get("national") or {}
        fallback = (worded(n["fallback_notes"]).text(lang) if n.get("fallback_notes") and lang != "en" else d.get("fallback"))
        notes = [x for x in (fallback, d.get("overridden") and f"{S['override']}: {d['overridden']}",
                             n.get("uncertain") and S["n_uncertain"], n.get("derived") and S["n_derived"],
                             r.get("proxy") and S["n_proxy"]) if x]
        t = r.get("then") or {}
        if t.get("national") and r.get("threshold") is not None and not t["national"].get("overridden"):
            notes.append(S["n_then"].format(text=t["national"]["text"], period=period_text(t["national"].get("period")
                                            or t["national"]["year"], lang), share=_share_text(t["share"], t["share_range"]),
                                            verdict=S["v_" + t["status"]], source=t["national"]["source"]))
        elif t.get("note") and not t.get("national"):  # nothing published by the issue date: said
            notes.append(word(worded(t["notes"]), lang) if t.get("notes") else t["note"])
        drows.append(f"<tr><td>{esc(_name(r, lang) if r else d['id'])}<br><small>{esc(d['id'])}</small></td>"
                     f'<td class="r nowrap"><b>{esc(d["text"])}</b></td><td>{esc(period_text(d.get("period") or d["year"], lang))}</td>'
                     f"<td>{esc(S.get('b_' + d['basis'], d['basis']))}</td><td>{_link(d['source'], n.get('url'))}</td>"
                     f"<td>{esc('; '.join(notes))}</td></tr>")
    opts = result.get("options", {})
    rule_parts = [S["rule_basis"].format(basis=S.get("b_" + (opts.get("basis") or "capacity"), opts.get("basis"))),
                  S["rule_year"].format(year=opts["year"]) if opts.get("year") else S["rule_newest"]]
    if opts.get("source"):
        rule_parts.append(S["rule_source"].format(source=opts["source"]))
    rule = ("，" if lang == "zh" else ", ").join(rule_parts)
    parts.append(
        f'<section class="facts" id="denominators"><p><span class="label">{esc(S["denominators"])}</span> — '
        f"{esc(S['denominator_rule'].format(rule=rule))}</p>"
        f'<div class="table-wrap"><table><thead><tr><th>{esc(S["claim"])}</th><th class="r">{esc(S["figure"])}</th>'
        f'<th>{esc(S["period"])}</th><th>{esc(S["basis"])}</th><th>{esc(S["source"])}</th><th>{esc(S["note"])}</th>'
        f"</tr></thead><tbody>{''.join(drows)}</tbody></table></div></section>")
    summ = result.get("summary", {})
    spans = "".join(f'<span class="{k}">{summ[k]} {esc(S["s_" + k])}</span>'
                    for k in ("fail", "warn", "above", "pass", "undecided", "info") if summ.get(k))
    parts.append(f'<section class="facts summary" id="summary"><p><span class="label">{esc(S["summary"])}:</span> '
                 f"{spans}</p></section>")

    # ---- charts
    parts.append(f"<h2>{esc(S['charts'])}</h2>")
    import logging
    import warnings

    mpl_log = logging.getLogger("matplotlib")
    level = mpl_log.level
    mpl_log.setLevel(logging.ERROR)  # "building the font cache", "findfont: Font family ... not found"
    try:
        with warnings.catch_warnings():
            warnings.filterwarnings("ignore", message=r".*Glyph .* missing from")
            warnings.filterwarnings("ignore", message=r".*findfont")
            p = _Plot()
            with p.mpl.rc_context(p.rc):
                parts.extend(_charts(p, ds, result, options, lang, S, samples, simulation))
    finally:
        mpl_log.setLevel(level)

    # ---- tables: the same views as --format markdown
    parts.append(f"<h2>{esc(S['tables'])}</h2>")
    from capacity.i18n import translate

    doc = translate(report_doc(result), lang)  # the tables in the report's language, as its charts
    for v in doc.views:
        parts.append(view_table(v))
    from capacity.catalog import reconcile

    rc = reconcile(ds, None, options)
    if rc["reconcile"]:
        parts.append(f"<details><summary>{esc(S['all_figures'])}</summary>")
        for v in translate(reconcile_doc(rc), lang).views:
            parts.append(view_table(v))
        parts.append("</details>")
    if len(regions) > 1:  # several regions: side by side, as `capacity compare` shows them
        from capacity.compare import compare
        from capacity.views import compare_doc

        parts.append('<section id="compare">')
        for v in compare_doc(compare(ds, options)).views:
            parts.append(view_table(v))
        parts.append("</section>")
    for line in doc.footer:
        parts.append(f"<p><b>{esc(line)}</b></p>")
    files = [r["file"] for r in regions] + [result.get("national_file")]
    parts.append(f"<footer>{esc(S['files'])}: {esc(', '.join(str(f) for f in files if f))} · "
                 f"{esc(word(header_lines[0], lang) if header_lines else '')} · capacity report --html</footer>")

    body = "\n".join(parts)
    return (f'<!DOCTYPE html>\n<html lang="{S["html_lang"]}">\n<head>\n<meta charset="utf-8">\n'
            f'<meta name="viewport" content="width=device-width, initial-scale=1">\n'
            f"<title>{esc(title)}</title>\n<style>{CSS}</style>\n</head>\n<body>\n<main>\n{body}\n</main>\n"
            "</body>\n</html>\n")


def _charts(p: _Plot, ds: Dataset, result: dict, options: Options, lang: str, S: dict, samples: int,
            simulation: Optional[Callable[..., dict]] = None) -> list[str]:
    out: list[str] = []
    results = result["results"]
    targets = {t.id: t for tf in ds.regions for t in tf.targets}
    projects = {pr.id: pr for tf in ds.regions for pr in tf.projects}

    def tname(tid: str) -> str:
        t = targets.get(tid)
        if t is None:
            return tid
        return (t.name_en or t.id) if lang == "en" else (t.name or t.id)

    def part_name(part: dict) -> str:
        if part["id"] in targets:
            return tname(part["id"])
        if lang == "en":
            return part["id"].replace("_", " ")
        pr = projects.get(part["id"])
        return (pr.name if pr else part.get("name")) or part["id"]

    # shares
    with_th, without = share_items(ds, result, options, lang)
    if with_th:
        fig = share_panels(p, with_th, lang, S)
        out.append(_figure("shares", S["shares_title"], p.svg(fig, "shares", S["shares_title"]), S["shares_caption"],
                           _key(S, ["pass", "fail", "undecided", "range", "used"])))
    if without:
        fig = share_panels(p, without, lang, S)
        out.append(_figure("shares-info", S["shares_info_title"], p.svg(fig, "shares-info", S["shares_info_title"]),
                           S["shares_info_caption"], _key(S, ["info", "range", "used"])))
    # supply chain
    supply = [r for r in results if r["kind"] == "supply"]
    regions = list(dict.fromkeys(r["region"] for r in supply))
    for region in regions:  # one chain chart per region (the bundled data: one)
        links = [r for r in supply if r["region"] == region and r.get("supply")]
        chains = [r for r in supply if r["region"] == region and not r.get("supply")]
        key = "chain" if len(regions) == 1 else f"chain-{region}"
        title = S["chain_title"] if len(regions) == 1 else f"{S['chain_title']} ({region})"
        fig = chain_panel(p, links, chains[0] if chains else None, lang, S, tname)
        out.append(_figure(key, title, p.svg(fig, key, title), S["chain_caption"], _key(S, ["pass", "fail", "info"])))
    # rollups
    rollups = [r for r in results if r["kind"] == "rollup" and r.get("stated") and r["stated"].get("magnitude")]
    if rollups:
        fig = rollup_panel(p, rollups, lang, S, part_name)
        out.append(_figure("rollups", S["rollups_title"], p.svg(fig, "rollups", S["rollups_title"]),
                           S["rollups_caption"], _key(S, ["pass", "fail"])))
    # progress
    progress = [r for r in results if r["kind"] == "progress" and r.get("goal") and r["goal"].get("magnitude")]
    if progress:
        fig = progress_panel(p, progress, lang, S)
        out.append(_figure("progress", S["progress_title"], p.svg(fig, "progress", S["progress_title"]),
                           S["progress_caption"], _key(S, ["pass", "fail", "info"])))
    # probability
    sim, why = run_simulation(ds, options, samples, simulation)
    if sim is None:
        out.append(f'<p class="note" id="probability-note">{esc(S["prob_" + why])}</p>')
    else:
        by_id = {r["id"]: r for r in results if r["kind"] in ("share", "supply")}  # simulate's checks
        rows = []
        for r in sim.get("results", []):
            if not isinstance(r.get("probability"), (int, float)):
                continue
            base = by_id.get(r["id"])
            rows.append((_name(base, lang) if base else tname(r["id"]), r))
        if rows:
            fig = probability_panel(p, rows, lang, S)
            caption = S["prob_caption"].format(samples=f"{sim.get('samples', samples):,}")
            out.append(_figure("probability", S["prob_title"], p.svg(fig, "probability", S["prob_title"]), caption))
        else:
            out.append(f'<p class="note" id="probability-note">{esc(S["prob_empty"])}</p>')
    return out
