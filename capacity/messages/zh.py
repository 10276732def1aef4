"""Chinese messages, keyed by note code (the issue on the reader's language completes this table;
a code missing here is said in English)."""

MESSAGES: dict[str, str] = {
    "weak_source": "来源较弱（无署名机构及地址）",
    "about_within": "约{threshold}：在 ±{tol} 个百分点之内",
    "about_below": "比约{threshold}低 {tol} 个百分点以上",
    "no_year": "未给出年份：用现有最新数据，不作按年判定",
    "status_no_verdict": "现状数字（已有的），不是目标：不作进度判定",
    "year_to_date": "年初至今（{period}）：不是全年，不作进度判定",
    "partial_period": "仅覆盖 {period}：不是全年，不作进度判定",
    "cumulative_only": "累计目标（{period}）只与累计观测比较；{date} 覆盖 {covers}",
    "annual_vs_cumulative": "年度目标对累计观测（{period}）：不作进度判定",
    "about_target_within": "约{goal}：在 100% 的 ±{tol} 个百分点之内",
    "about_target_below": "比约{goal}低 {tol} 个百分点以上",
    "growth_on_base": "在 {base}{year} 基础上增长 {rate}：按 {level} 比较",
    "local_total": "占本地区自身总量的份额：{name} {text}{date}",
}
