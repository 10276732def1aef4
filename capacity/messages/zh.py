"""Chinese messages, keyed by note code (the issue on the reader's language completes this table;
a code missing here is said in English)."""

MESSAGES: dict[str, str] = {
    "weak_source": "来源较弱（无署名机构及地址）",
    "about_within": "约{threshold}：在 ±{tol} 个百分点之内",
    "about_below": "比约{threshold}低 {tol} 个百分点以上",
    "nearest_later_year": "截至{cap}年无数据；采用最近的较晚年份 {used}",
    "none_published_by": "{date}前未发布任何数据",
    "unverified_figure": "所依数据未能在所引页面中找到（未核实）",
    "about_above": "比约{threshold}高 {tol} 个百分点以上：超过文本所述",
    "no_national_quantity": "无此类全国数据（{measure}）",
    "no_figure_for_flag": "{flag} 下无全国数据：无比重，无结论",
    "verdict_by_fallback": "结论 {status} 依据替代数据；对照默认数据（{national}）则为 {default}",
    "no_like_figure": "无全国{basis}数据（仅有{used}，口径不同）：不计比重",
}
